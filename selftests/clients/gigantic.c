// SPDX-License-Identifier: GPL-2.0
/*
 * gigantic - pin, count and unpin a 1 GiB hugetlb page.
 *
 * Gigantic pages are made by prep_compound_gigantic_page(), at boot
 * (hugepagesz=1G hugepages=N) or at run time from alloc_contig_range(), and
 * destroyed by destroy_compound_gigantic_page(), which warns if a pin count
 * is left. This test allocates one at run time (or uses a boot-time one),
 * and through gup_benchmark's PIN_COUNT_FAST_TEST and PIN_COUNT_TEST pins
 * all 262144 subpages ROUNDS times over, with gup-fast (huge pud) and with
 * the slow path (follow_hugetlb_page()):
 *   - every round pins: the head's refcount grows by one per pinned
 *     subpage and compound_pincount counts them exactly. With the bias
 *     (1024 per subpage) the 31-bit refcount would overflow on the 8th
 *     round; ROUNDS is 16;
 *   - page_maybe_dma_pinned() is true while pinned, false after;
 *   - refcount and pin count are back where they were after the unpin;
 *   - nr_foll_pin_acquired/released moved by ROUNDS * 262144 each.
 * Then it reads the last 8 bytes of the 1 GiB vma through /proc/self/mem
 * (follow_hugetlb_page() with an unaligned address in the last 4K of the
 * vma), and gives the page back (nr_hugepages to what it was), which runs
 * the destroy path. Skips when the kernel or the CPU has no 1 GiB pages.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/types.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pin_counters.h"
#include "gup_benchmark_abi.h"

#ifndef MAP_HUGETLB
#define MAP_HUGETLB 0x40000
#endif
#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif
#define MAP_HUGE_1GB (30 << MAP_HUGE_SHIFT)

#define GIG (1UL << 30)
#define SUBPAGES (GIG / 4096)
#define ROUNDS 16
#define NR_1G "/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages"

static long read_long(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY);
	long n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? atol(buf) : -1;
}

static int write_long(const char *path, long val)
{
	char buf[32];
	int fd = open(path, O_WRONLY), n;

	if (fd < 0)
		return -1;
	n = snprintf(buf, sizeof(buf), "%ld\n", val);
	n = write(fd, buf, n) == n ? 0 : -1;
	close(fd);
	return n;
}

static void pin_rounds(int fd, unsigned long cmd, const char *name, char *p)
{
	struct gup_benchmark gup = {
		.addr = (uintptr_t)p,
		.size = GIG,
		.nr_pages_per_call = 1,	/* not used by PIN_COUNT_*, but checked */
		.flags = 1,		/* FOLL_WRITE */
	};
	struct pin_counters before, after;
	long long ref_delta, acq, rel;
	__s64 *e = (__s64 *)gup.expansion;

	gup.expansion[PIN_COUNT_ROUNDS] = ROUNDS;
	pin_counters_read(&before);
	if (ioctl(fd, cmd, &gup)) {
		ksft_test_result_fail("%s: ioctl: %s\n", name, strerror(errno));
		return;
	}
	pin_counters_read(&after);

	ref_delta = e[PIN_COUNT_REF_PINNED] - e[PIN_COUNT_REF_BEFORE];
	ksft_print_msg("%s: rounds %lld refcount %lld -> %lld -> %lld, pincount %lld -> %lld, maybe_pinned %lld -> %lld, refused %lld\n",
		       name, e[PIN_COUNT_ROUNDS], e[PIN_COUNT_REF_BEFORE],
		       e[PIN_COUNT_REF_PINNED], e[PIN_COUNT_REF_AFTER],
		       e[PIN_COUNT_PINCOUNT_PINNED], e[PIN_COUNT_PINCOUNT_AFTER],
		       e[PIN_COUNT_MAYBE_PINNED], e[PIN_COUNT_MAYBE_AFTER],
		       e[PIN_COUNT_REFUSED]);
	client_result(e[PIN_COUNT_ROUNDS] == ROUNDS && e[PIN_COUNT_REFUSED] == 0,
		      "%s: %d rounds of 1 GiB pinned, none refused", name, ROUNDS);
	client_result(ref_delta == (long long)ROUNDS * SUBPAGES &&
		      e[PIN_COUNT_PINCOUNT_PINNED] == (long long)ROUNDS * SUBPAGES,
		      "%s: exact count: refcount +%lld, pincount %lld (want %lu each)",
		      name, ref_delta, (long long)e[PIN_COUNT_PINCOUNT_PINNED],
		      ROUNDS * SUBPAGES);
	client_result(e[PIN_COUNT_MAYBE_PINNED] == 1 && e[PIN_COUNT_MAYBE_AFTER] == 0 &&
		      e[PIN_COUNT_REF_AFTER] == e[PIN_COUNT_REF_BEFORE] &&
		      e[PIN_COUNT_PINCOUNT_AFTER] == 0,
		      "%s: unpinned: refcount and pincount back, page_maybe_dma_pinned() false",
		      name);
	acq = after.acquired - before.acquired;
	rel = after.released - before.released;
	client_result(acq == (long long)ROUNDS * SUBPAGES && rel == acq,
		      "%s: nr_foll_pin_acquired +%lld, released +%lld", name, acq, rel);
}

int main(void)
{
	long had = read_long(NR_1G), want;
	char buf[8], *p;
	int fd, mem;

	ksft_print_header();
	if (had < 0)
		ksft_exit_skip("no 1 GiB hugetlb pages in this kernel (%s)\n", NR_1G);
	want = had;
	if (read_long("/sys/kernel/mm/hugepages/hugepages-1048576kB/free_hugepages") < 1) {
		want = had + 1;
		if (write_long(NR_1G, want) || read_long(NR_1G) != want)
			ksft_exit_skip("could not get a free 1 GiB page (nr_hugepages %ld)\n",
				       read_long(NR_1G));
	}
	fd = open(GUP_BENCHMARK_PATH, O_RDWR);
	if (fd < 0)
		ksft_exit_skip("no gup_benchmark: %s\n", strerror(errno));
	p = mmap(NULL, GIG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_1GB, -1, 0);
	if (p == MAP_FAILED)
		ksft_exit_fail_msg("mmap 1 GiB hugetlb: %s\n", strerror(errno));
	memset(p, 0x5a, 4096);
	memcpy(p + GIG - 8, "gigantic", 8);

	ksft_set_plan(9);
	pin_rounds(fd, PIN_COUNT_FAST_TEST, "pin_user_pages_fast", p);
	pin_rounds(fd, PIN_COUNT_TEST, "pin_user_pages", p);

	mem = open("/proc/self/mem", O_RDONLY);
	memset(buf, 0, sizeof(buf));
	client_result(mem >= 0 && pread(mem, buf, 8, (off_t)(uintptr_t)(p + GIG - 8)) == 8 &&
		      !memcmp(buf, "gigantic", 8),
		      "/proc/self/mem: the last 8 bytes of the 1 GiB vma");
	if (mem >= 0)
		close(mem);

	munmap(p, GIG);
	close(fd);
	if (want != had && write_long(NR_1G, had))
		ksft_print_msg("could not give the 1 GiB page back: %s\n", strerror(errno));
	return ksft_get_fail_cnt() ? ksft_exit_fail() : ksft_exit_pass();
}
