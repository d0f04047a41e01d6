// SPDX-License-Identifier: GPL-2.0
/*
 * hugetlb_edge - gup on the last bytes of a hugetlb vma, from unaligned
 * addresses.
 *
 * Regression test: follow_hugetlb_page() must count the subpages left in
 * the vma from the page that holds vaddr, not from vaddr itself. From an
 * unaligned vaddr inside the last 4K of a hugetlb vma, (vm_end - vaddr) >>
 * PAGE_SHIFT is 0: with a pages[] array gup then takes a reference on a
 * pages[] entry it never filled (Oops), without one it never advances.
 *
 * What reaches it from user space, on a 2 MiB MAP_HUGETLB|MAP_PRIVATE vma
 * filled with a pattern:
 *  - pread()/pwrite() of /proc/self/mem (access_remote_vm(), one
 *    get_user_pages_remote() per page from the unaligned address): the 8
 *    bytes at end - 8, 1 byte at end - 1, and 4096 bytes at end - 4095,
 *    which cross the end: v5.4's mem_rw() returns what access_remote_vm()
 *    copied before the first page it could not get, 4095 bytes; a read that
 *    starts at the end gets EIO. FOLL_GET only: the pin counters must not
 *    move.
 *  - process_vm_readv() of the last 8 bytes of a child's hugetlb vma, and
 *    of 16 bytes from end - 8 (partial: 8). process_vm_rw_single_vec() pins
 *    from the page-aligned address: one pin and one unpin per call.
 *  - mlock() of the last 4K (populate: __get_user_pages() with pages ==
 *    NULL), in a child under alarm(): a gup loop that does not advance
 *    would never return. mlock() aligns its start, so this covers the
 *    pages == NULL path at the vma end rather than the unaligned case.
 *
 *  - process_vm_readv() of a hugetlb page that cannot be faulted in (no
 *    free huge page): EFAULT, and the pin counters must not move.
 *
 * With the bug the first /proc/self/mem read oopses (the harness' console
 * check reports it; this test then does not finish).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest.h"
#include "pin_counters.h"
#include "client_mem.h"

#define SEED 0x5a

static int memfd;

/* pread/pwrite of /proc/self/mem; returns the byte count or -errno. */
static ssize_t mem_pread(void *buf, size_t len, const void *addr)
{
	ssize_t n = pread(memfd, buf, len, (off_t)(uintptr_t)addr);

	return n < 0 ? -errno : n;
}

static ssize_t mem_pwrite(const void *buf, size_t len, void *addr)
{
	ssize_t n = pwrite(memfd, buf, len, (off_t)(uintptr_t)addr);

	return n < 0 ? -errno : n;
}

static void test_proc_mem(char *p, size_t size)
{
	char *end = p + size;
	unsigned char buf[2 * PG_SIZE];
	struct pin_counters before;
	ssize_t n;
	long bad;

	pin_counters_read(&before);

	memset(buf, 0, sizeof(buf));
	n = mem_pread(buf, 8, end - 8);
	bad = n == 8 ? mem_check(buf, size - 8, 8, SEED) : 0;
	client_result(n == 8 && bad < 0, "/proc/self/mem: read 8 bytes at end - 8: %zd, data %s",
		      n, bad < 0 ? "ok" : "wrong");

	memset(buf, 0, sizeof(buf));
	n = mem_pread(buf, 1, end - 1);
	bad = n == 1 ? mem_check(buf, size - 1, 1, SEED) : 0;
	client_result(n == 1 && bad < 0, "/proc/self/mem: read 1 byte at end - 1: %zd, data %s",
		      n, bad < 0 ? "ok" : "wrong");

	memset(buf, 0, sizeof(buf));
	n = mem_pread(buf, PG_SIZE, end - PG_SIZE + 1);
	bad = n == PG_SIZE - 1 ? mem_check(buf, size - PG_SIZE + 1, PG_SIZE - 1, SEED) : 0;
	client_result(n == PG_SIZE - 1 && bad < 0,
		      "/proc/self/mem: read 4096 bytes at end - 4095: %zd (expected the 4095 before the end), data %s",
		      n, bad < 0 ? "ok" : "wrong");

	n = mem_pread(buf, 8, end);
	client_result(n == -EIO, "/proc/self/mem: read at end: %s (expected EIO)",
		      n < 0 ? strerror((int)-n) : "succeeded");

	memset(buf, 0, sizeof(buf));
	n = mem_pread(buf, 3 * PG_SIZE / 2, end - 2 * PG_SIZE + 3);
	bad = n == 3 * PG_SIZE / 2 ? mem_check(buf, size - 2 * PG_SIZE + 3, n, SEED) : 0;
	client_result(n == 3 * PG_SIZE / 2 && bad < 0,
		      "/proc/self/mem: read 6144 bytes at end - 8189 (across a 4K boundary): %zd, data %s",
		      n, bad < 0 ? "ok" : "wrong");

	/* Write the last 8 bytes through /proc/self/mem, compare in place. */
	mem_fill(buf, size - 8, 8, SEED + 1);
	n = mem_pwrite(buf, 8, end - 8);
	bad = mem_check(end - 8, size - 8, 8, SEED + 1);
	client_result(n == 8 && bad < 0, "/proc/self/mem: write 8 bytes at end - 8: %zd, memory %s",
		      n, bad < 0 ? "ok" : "wrong");
	mem_fill(end - 8, size - 8, 8, SEED);

	/* Across the end: what lies before the end is written, then EIO. */
	mem_fill(buf, size - 4, 8, SEED + 2);
	n = mem_pwrite(buf, 8, end - 4);
	bad = mem_check(end - 4, size - 4, 4, SEED + 2);
	client_result(n == 4 && bad < 0,
		      "/proc/self/mem: write 8 bytes at end - 4: %zd (expected 4), memory %s",
		      n, bad < 0 ? "ok" : "wrong");
	mem_fill(end - 4, size - 4, 4, SEED);

	pin_expect_delta(&before, 0, 0, "/proc/self/mem (FOLL_GET) takes no pins");
}

struct child_map {
	char *addr;
	size_t size;
};

static void test_process_vm(size_t size)
{
	int to_parent[2], to_child[2];
	struct pin_counters before;
	struct child_map cm;
	unsigned char buf[16];
	struct iovec local, remote;
	ssize_t n;
	long bad;
	pid_t pid;
	char c = 0;

	if (pipe(to_parent) || pipe(to_child))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (pid == 0) {
		cm.size = size;
		cm.addr = mem_map(MEM_HUGETLB, size);
		if (cm.addr == MAP_FAILED)
			cm.addr = NULL;
		else
			mem_fill(cm.addr, 0, size, SEED + 3);
		if (write(to_parent[1], &cm, sizeof(cm)) != sizeof(cm))
			_exit(1);
		/* Stay until the parent is done. */
		if (read(to_child[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	close(to_parent[1]);
	close(to_child[0]);
	if (read(to_parent[0], &cm, sizeof(cm)) != sizeof(cm) || !cm.addr) {
		ksft_test_result_fail("process_vm_readv: the child could not map hugetlb memory\n");
		goto out;
	}

	pin_counters_read(&before);
	memset(buf, 0, sizeof(buf));
	local.iov_base = buf;
	local.iov_len = 8;
	remote.iov_base = cm.addr + size - 8;
	remote.iov_len = 8;
	n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
	bad = n == 8 ? mem_check(buf, size - 8, 8, SEED + 3) : 0;
	client_result(n == 8 && bad < 0, "process_vm_readv: 8 bytes at the child's end - 8: %zd%s%s, data %s",
		      n, n < 0 ? " " : "", n < 0 ? strerror(errno) : "", bad < 0 ? "ok" : "wrong");
	pin_expect_delta(&before, 1, 1, "process_vm_readv: end - 8: one page pinned and unpinned");

	pin_counters_read(&before);
	memset(buf, 0, sizeof(buf));
	local.iov_len = 16;
	remote.iov_len = 16;
	n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
	bad = n == 8 ? mem_check(buf, size - 8, 8, SEED + 3) : 0;
	client_result(n == 8 && bad < 0,
		      "process_vm_readv: 16 bytes at the child's end - 8: %zd (expected the 8 before the end), data %s",
		      n, bad < 0 ? "ok" : "wrong");
	pin_expect_delta(&before, 1, 1, "process_vm_readv: across the end: one page pinned and unpinned");
out:
	if (write(to_child[1], &c, 1) < 0)
		ksft_print_msg("write to the child: %s\n", strerror(errno));
	close(to_child[1]);
	close(to_parent[0]);
	waitpid(pid, NULL, 0);
}

/*
 * mlock() the last 4K in a child that alarm() ends; the parent waits at
 * most @secs seconds.
 */
static void test_mlock(char *p, size_t size, int secs)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	char *end = p + size;
	int status = 0, i;
	pid_t pid, w = 0;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (pid == 0) {
		alarm(secs);
		if (mlock(end - PG_SIZE, PG_SIZE))
			_exit(11);
		if (mem_check(end - PG_SIZE, size - PG_SIZE, PG_SIZE, SEED) >= 0)
			_exit(2);
		if (munlock(end - PG_SIZE, PG_SIZE))
			_exit(3);
		if (mlock(p, size) || munlock(p, size))
			_exit(4);
		_exit(0);
	}
	for (i = 0; i < (secs + 5) * 20; i++) {
		w = waitpid(pid, &status, WNOHANG);
		if (w)
			break;
		nanosleep(&ts, NULL);
	}
	if (!w) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		ksft_test_result_fail("mlock of the last 4K of a hugetlb vma: no return within %d s\n",
				      secs + 5);
		return;
	}
	if (WIFSIGNALED(status))
		ksft_test_result_fail("mlock of the last 4K of a hugetlb vma: child killed by signal %d%s\n",
				      WTERMSIG(status),
				      WTERMSIG(status) == SIGALRM ? " (alarm: gup did not return)" : "");
	else
		client_result(WEXITSTATUS(status) == 0,
			      "mlock/munlock of the last 4K and of the whole hugetlb vma: child exit %d (0 ok, 11 mlock failed, 2 data, 3 munlock, 4 whole vma)",
			      WEXITSTATUS(status));
}

/*
 * A pin of a hugetlb page that cannot be faulted in: a MAP_NORESERVE vma
 * one huge page larger than the pool has pages free, all touched but the
 * last. process_vm_readv() of the last page must fail with EFAULT (the
 * fault finds no free huge page), pin nothing and count nothing:
 * follow_hugetlb_page() reports that error as __get_user_pages()'s page
 * index, which must not be taken for a number of pins.
 */
static void test_no_page(void)
{
	const char *name = "process_vm_readv of a hugetlb page that cannot be faulted in";
	long long avail = mem_info("HugePages_Free") - mem_info("HugePages_Rsvd");
	struct pin_counters before;
	struct iovec liov, riov;
	size_t size, i;
	char buf[8];
	ssize_t n;
	char *q;

	if (avail < 0 || avail > 4096) {
		ksft_test_result_skip("%s: HugePages_Free/Rsvd unreadable\n", name);
		ksft_test_result_skip("%s: counters\n", name);
		return;
	}
	size = (avail + 1) * HPAGE_SIZE;
	q = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_NORESERVE, -1, 0);
	if (q == MAP_FAILED) {
		ksft_test_result_fail("%s: mmap of %zu bytes: %s\n", name, size, strerror(errno));
		ksft_test_result_fail("%s: counters\n", name);
		return;
	}
	/* Through /proc/self/mem: a page that cannot be had is an error, not SIGBUS. */
	for (i = 0; i < (size_t)avail; i++)
		mem_pwrite("", 1, q + i * HPAGE_SIZE);
	liov.iov_base = buf;
	liov.iov_len = sizeof(buf);
	riov.iov_base = q + size - HPAGE_SIZE;
	riov.iov_len = sizeof(buf);
	pin_counters_read(&before);
	n = process_vm_readv(getpid(), &liov, 1, &riov, 1, 0);
	client_result(n < 0 && errno == EFAULT, "%s (%lld pages free before): %zd%s%s (expected EFAULT)",
		      name, avail, n, n < 0 ? " " : "", n < 0 ? strerror(errno) : "");
	pin_expect_delta(&before, 0, 0, "%s: nothing pinned, nothing counted", name);
	munmap(q, size);
}

int main(void)
{
	size_t size = HPAGE_SIZE;
	char *p;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ksft_print_header();
	client_deadline();
	p = mem_map(MEM_HUGETLB, size);
	if (p == MAP_FAILED)
		ksft_exit_skip("cannot map 2 MiB MAP_HUGETLB: %s (no huge pages reserved?)\n",
			       strerror(errno));
	mem_fill(p, 0, size, SEED);
	if (!mem_unmapped(p + size))
		ksft_exit_fail_msg("something is mapped right after the hugetlb vma\n");
	memfd = open("/proc/self/mem", O_RDWR);
	if (memfd < 0)
		ksft_exit_fail_msg("open /proc/self/mem: %s\n", strerror(errno));

	ksft_set_plan(16);
	ksft_print_msg("hugetlb vma %p-%p\n", p, p + size);
	test_proc_mem(p, size);
	test_process_vm(size);
	test_mlock(p, size, 10);
	test_no_page();
	pin_expect_balanced("hugetlb_edge: every pin released");
	close(memfd);
	munmap(p, size);
	if (ksft_get_fail_cnt())
		ksft_exit_fail();
	ksft_exit_pass();
	return 0;
}
