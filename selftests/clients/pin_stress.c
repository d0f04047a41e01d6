// SPDX-License-Identifier: GPL-2.0
/*
 * pin_stress - pin and unpin while the memory changes under the pins.
 *
 *   pin_stress [SECONDS]     (default 60)
 *
 * Pinner threads call gup_benchmark's PIN_FAST, PIN and PIN_LONGTERM
 * commands (each pins a range and unpins it again) on random stretches of
 * 4K, THP and hugetlb memory, while other threads
 *   - munmap 2 MiB chunks and map them back, and mprotect them read-only
 *     and back;
 *   - fork children that write to the memory (copy-on-write) and exit;
 *   - split THPs: MADV_DONTNEED of part of a huge page, and mremap of an
 *     unaligned part of a THP chunk away and back;
 *   - trigger compaction through /proc/sys/vm/compact_memory.
 * Failed pins (EFAULT when a chunk is unmapped, ENOMEM) are expected; the
 * test counts them.
 *
 * A mutator leaves a 2 MiB hole in a region while it maps a chunk back,
 * and mmap(NULL, ...) can put a new mapping there, which the chunk then
 * replaces. So everything is mapped (the mutators' scratch space, the
 * threads' stacks) before the first mutation: the threads wait for
 * @start until main() has created them all.
 *
 * Afterwards, with every mapping gone:
 *   - nr_foll_pin_acquired and nr_foll_pin_released moved, and by the same
 *     amount (no pin leaked or released twice);
 *   - HugePages_Free is back where it was (no hugetlb page leaked);
 *   - MemFree plus Slab, after dropping caches, is within LEAK_TOLERANCE of
 *     where it was (no small page or THP leaked by a lost reference). Slab
 *     is counted with the free memory because a debug kernel keeps freed
 *     objects in slab for a while (KASAN's quarantine); the tolerance
 *     covers per-CPU page lists and the like.
 * The console check of the harness adds: no BUG, no WARNING, no bad page.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pin_counters.h"
#include "gup_benchmark_abi.h"
#include "client_mem.h"

#define REGION_SIZE	(16UL << 20)	/* per kind of memory */
#define CHUNKS		(REGION_SIZE / HPAGE_SIZE)
#define PINNERS		2
#define MUTATORS	2
#define LEAK_TOLERANCE	(16LL << 10)	/* kB */

static char *region[MEM_KINDS];
static int gup_fd;
static atomic_bool start, stop;
/* Chunks a mutator holds: one mutator at a time per chunk. */
static pthread_mutex_t chunk_lock[MEM_KINDS][CHUNKS];
static atomic_long pins_ok, pins_failed, mutations, forks, compactions;
static atomic_long errors;

static unsigned long rnd(unsigned int *seed, unsigned long n)
{
	return (unsigned long)rand_r(seed) % n;
}

static void fail(const char *what)
{
	ksft_print_msg("%s: %s\n", what, strerror(errno));
	atomic_fetch_add(&errors, 1);
}

static void fill(char *p, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += PG_SIZE)
		p[off] = (char)(off >> 12);
}

/* Map chunk @c of @kind back, at its place, and touch it. */
static void chunk_map(enum mem_kind kind, unsigned long c)
{
	char *p = region[kind] + c * HPAGE_SIZE;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;

	if (kind == MEM_HUGETLB)
		flags |= MAP_HUGETLB;
	if (mmap(p, HPAGE_SIZE, PROT_READ | PROT_WRITE, flags, -1, 0) == MAP_FAILED) {
		fail("mmap");
		return;
	}
	if (kind == MEM_4K)
		madvise(p, HPAGE_SIZE, MADV_NOHUGEPAGE);
	else if (kind == MEM_THP)
		madvise(p, HPAGE_SIZE, MADV_HUGEPAGE);
	fill(p, HPAGE_SIZE);
}

/* Until main() has mapped everything and created every thread. */
static void wait_for_start(void)
{
	while (!atomic_load(&start))
		usleep(1000);
}

static void *pinner(void *arg)
{
	unsigned int seed = (unsigned int)(uintptr_t)arg;
	static const unsigned long cmds[] = {
		PIN_FAST_BENCHMARK, PIN_BENCHMARK, PIN_LONGTERM_BENCHMARK,
	};

	wait_for_start();
	while (!atomic_load(&stop)) {
		enum mem_kind kind = rnd(&seed, MEM_KINDS);
		unsigned long pages = 1 + rnd(&seed, 1024);
		unsigned long first = rnd(&seed, REGION_SIZE / PG_SIZE - pages + 1);
		struct gup_benchmark gup = {
			.addr = (uintptr_t)region[kind] + first * PG_SIZE,
			.size = pages * PG_SIZE,
			.nr_pages_per_call = 1 + rnd(&seed, 512),
			.flags = rnd(&seed, 2),	/* FOLL_WRITE or not */
		};

		if (ioctl(gup_fd, cmds[rnd(&seed, 3)], &gup))
			atomic_fetch_add(&pins_failed, 1);
		else
			atomic_fetch_add(&pins_ok, 1);
	}
	return NULL;
}

/* @scratch: 2 MiB of address space of this mutator's own, for mremap */
static void mutate(unsigned int *seed, char *scratch)
{
	enum mem_kind kind = rnd(seed, MEM_KINDS);
	unsigned long c = rnd(seed, CHUNKS);
	char *p = region[kind] + c * HPAGE_SIZE;
	unsigned long off;

	pthread_mutex_lock(&chunk_lock[kind][c]);
	switch (rnd(seed, 4)) {
	case 0:	/* munmap and map back */
		if (munmap(p, HPAGE_SIZE))
			fail("munmap");
		usleep(rnd(seed, 2000));
		chunk_map(kind, c);
		break;
	case 1:	/* read-only for a while */
		if (mprotect(p, HPAGE_SIZE, PROT_READ))
			fail("mprotect");
		usleep(rnd(seed, 2000));
		if (mprotect(p, HPAGE_SIZE, PROT_READ | PROT_WRITE))
			fail("mprotect");
		break;
	case 2:	/* split a THP: drop part of it */
		if (kind == MEM_HUGETLB)
			break;
		off = (1 + rnd(seed, 256)) * PG_SIZE;
		if (madvise(p + off, 16 * PG_SIZE, MADV_DONTNEED))
			fail("madvise");
		fill(p, HPAGE_SIZE);
		break;
	case 3:	/* move an unaligned part away and back */
		if (kind == MEM_HUGETLB)
			break;
		off = (1 + rnd(seed, 256)) * PG_SIZE;
		if (mremap(p + off, HPAGE_SIZE / 2, HPAGE_SIZE / 2,
			   MREMAP_MAYMOVE | MREMAP_FIXED, scratch) == MAP_FAILED) {
			fail("mremap away");
			break;
		}
		usleep(rnd(seed, 2000));
		if (mremap(scratch, HPAGE_SIZE / 2, HPAGE_SIZE / 2,
			   MREMAP_MAYMOVE | MREMAP_FIXED, p + off) == MAP_FAILED)
			fail("mremap back");
		break;
	}
	pthread_mutex_unlock(&chunk_lock[kind][c]);
	atomic_fetch_add(&mutations, 1);
}

struct mutator {
	unsigned int seed;
	char *scratch;		/* mapped by main(), before any thread runs */
};

static void *mutator(void *arg)
{
	struct mutator *m = arg;

	wait_for_start();
	while (!atomic_load(&stop))
		mutate(&m->seed, m->scratch);
	return NULL;
}

static void *forker(void *arg)
{
	unsigned int seed = (unsigned int)(uintptr_t)arg;

	wait_for_start();
	while (!atomic_load(&stop)) {
		pid_t pid = fork();
		int status;

		if (pid < 0) {
			fail("fork");
			sleep(1);
			continue;
		}
		if (pid == 0) {
			/* Copy-on-write faults; a chunk may be unmapped. */
			signal(SIGSEGV, SIG_DFL);
			for (int k = 0; k < MEM_KINDS; k++) {
				volatile char *p = region[k] + rnd(&seed, CHUNKS) * HPAGE_SIZE;

				if (!mprotect((void *)p, PG_SIZE, PROT_READ | PROT_WRITE))
					p[0]++;
			}
			_exit(0);
		}
		waitpid(pid, &status, 0);
		atomic_fetch_add(&forks, 1);
		usleep(10000);
	}
	return NULL;
}

static void *compactor(void *arg)
{
	(void)arg;
	wait_for_start();
	while (!atomic_load(&stop)) {
		int fd = open("/proc/sys/vm/compact_memory", O_WRONLY);

		if (fd >= 0) {
			if (write(fd, "1\n", 2) < 0)
				fail("compact_memory");
			close(fd);
			atomic_fetch_add(&compactions, 1);
		}
		sleep(1);
	}
	return NULL;
}

/* MemFree + Slab, in kB, once caches are dropped and frees have settled. */
static long long memfree_settled(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	if (fd >= 0) {
		if (write(fd, "3\n", 2) < 0)
			ksft_print_msg("drop_caches: %s\n", strerror(errno));
		close(fd);
	}
	/* Deferred frees (RCU, per-CPU lists): let them settle. */
	sleep(2);
	return mem_info("MemFree") + mem_info("Slab");
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 60;
	struct pin_counters before, after;
	long long free_before, free_after, huge_before, huge_after;
	pthread_t threads[PINNERS + MUTATORS + 2];
	struct mutator mutators[MUTATORS];
	int nthreads = 0, k, i;
	time_t end;

	/* Each message out at once, even if a thread crashes later. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	ksft_print_header();
	ksft_set_plan(4);

	gup_fd = open(GUP_BENCHMARK_PATH, O_RDWR);
	if (gup_fd < 0)
		ksft_exit_skip("no /sys/kernel/debug/gup_benchmark: %s\n", strerror(errno));
	if (!pin_counters_read(&before))
		ksft_exit_skip("no nr_foll_pin_* counters in /proc/vmstat\n");

	huge_before = mem_info("HugePages_Free");
	free_before = memfree_settled();

	for (k = 0; k < MEM_KINDS; k++) {
		region[k] = mem_map(k, REGION_SIZE);
		if (region[k] == MAP_FAILED)
			ksft_exit_fail_msg("mapping %s memory: %s\n", mem_kind_name[k], strerror(errno));
		fill(region[k], REGION_SIZE);
		for (i = 0; i < (int)CHUNKS; i++)
			pthread_mutex_init(&chunk_lock[k][i], NULL);
	}
	for (i = 0; i < MUTATORS; i++) {
		mutators[i].seed = 100 * (i + 1);
		mutators[i].scratch = mmap(NULL, HPAGE_SIZE, PROT_NONE,
					   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mutators[i].scratch == MAP_FAILED)
			ksft_exit_fail_msg("mmap scratch: %s\n", strerror(errno));
	}
	for (i = 0; i < PINNERS; i++)
		pthread_create(&threads[nthreads++], NULL, pinner, (void *)(uintptr_t)(i + 1));
	for (i = 0; i < MUTATORS; i++)
		pthread_create(&threads[nthreads++], NULL, mutator, &mutators[i]);
	pthread_create(&threads[nthreads++], NULL, forker, (void *)(uintptr_t)300);
	pthread_create(&threads[nthreads++], NULL, compactor, NULL);
	atomic_store(&start, true);

	end = time(NULL) + seconds;
	while (time(NULL) < end)
		sleep(1);
	atomic_store(&stop, true);
	for (i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);

	ksft_print_msg("%d s: %ld pin calls ok, %ld failed, %ld mutations, %ld forks, %ld compactions\n",
		       seconds, atomic_load(&pins_ok), atomic_load(&pins_failed),
		       atomic_load(&mutations), atomic_load(&forks), atomic_load(&compactions));
	client_result(atomic_load(&errors) == 0 && atomic_load(&pins_ok) > 0,
		      "stress ran: %ld pin calls succeeded, %ld unexpected errors",
		      atomic_load(&pins_ok), atomic_load(&errors));

	for (k = 0; k < MEM_KINDS; k++)
		munmap(region[k], REGION_SIZE);
	for (i = 0; i < MUTATORS; i++)
		munmap(mutators[i].scratch, HPAGE_SIZE);

	pin_counters_read(&after);
	client_result(after.acquired - before.acquired > 0 &&
		      after.acquired - before.acquired == after.released - before.released,
		      "pin counters: acquired +%lld, released +%lld",
		      after.acquired - before.acquired, after.released - before.released);

	huge_after = mem_info("HugePages_Free");
	client_result(huge_after == huge_before, "HugePages_Free %lld, %lld before",
		      huge_after, huge_before);

	free_after = memfree_settled();
	client_result(free_before - free_after <= LEAK_TOLERANCE,
		      "MemFree + Slab %lld kB, %lld kB before (tolerance %lld kB)",
		      free_after, free_before, LEAK_TOLERANCE);

	return ksft_get_fail_cnt() ? ksft_exit_fail() : ksft_exit_pass();
}
