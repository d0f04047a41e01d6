// SPDX-License-Identifier: GPL-2.0
/*
 * fork_bench - how long fork() takes, in a process that never pinned and
 * in one that holds pins. Run in the guest by bench/run.
 *
 *   fork_bench SIZE_MB PIN_MB RUNS
 *
 * A process maps SIZE_MB of anonymous memory in 4K pages (MADV_NOHUGEPAGE,
 * so that fork() copies one pte per page) and writes to all of it. It then
 * forks RUNS times and times each fork() in the parent, from the call to
 * its return; the child waits until the parent has taken the time, and
 * exits. First in a process that never pinned anything; then, in another
 * process, with the first PIN_MB of the memory pinned with gup_benchmark's
 * PIN_HOLD_TEST, so that fork() copies those pages for the child (a kernel
 * without the command prints no 'pinned' line).
 *
 * Prints, per case:
 *   RESULT fork CASE SIZE_MB PIN_MB fork_us MEDIAN min MIN max MAX
 * with the times in microseconds of the guest clock (under QEMU's -icount,
 * thousands of guest instructions).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/types.h>

#include "gup_benchmark_abi.h"

#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE 15
#endif

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Time @runs forks of the calling process; the results go to @t. */
static int time_forks(int runs, double *t)
{
	int i, p[2], status;
	char c = 0;
	double t0;
	pid_t pid;

	for (i = 0; i < runs; i++) {
		if (pipe(p))
			return -1;
		t0 = now_us();
		pid = fork();
		if (pid < 0)
			return -1;
		if (!pid) {
			close(p[1]);
			if (read(p[0], &c, 1) < 0)
				_exit(1);
			_exit(0);
		}
		t[i] = now_us() - t0;
		close(p[0]);
		if (write(p[1], &c, 1) != 1)
			return -1;
		close(p[1]);
		if (waitpid(pid, &status, 0) != pid)
			return -1;
	}
	return 0;
}

/*
 * In a new process: map and fill @mb MiB, pin the first @pin_mb MiB (if
 * any), time @runs forks and print the RESULT line. Returns 0, 2 when the
 * pin is not possible, 1 on error.
 */
static int measure(const char *name, size_t mb, size_t pin_mb, int runs)
{
	size_t len = mb << 20;
	double *t;
	char *mem;
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid) {
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
			return 1;
		return WEXITSTATUS(status);
	}

	t = calloc(runs, sizeof(*t));
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!t || mem == MAP_FAILED) {
		fprintf(stderr, "fork_bench: no memory for %zu MiB\n", mb);
		_exit(1);
	}
	madvise(mem, len, MADV_NOHUGEPAGE);
	memset(mem, 0x5a, len);
	if (pin_mb) {
		struct gup_benchmark g;
		int fd = open(GUP_BENCHMARK_PATH, O_RDWR);

		memset(&g, 0, sizeof(g));
		g.addr = (uintptr_t)mem;
		g.size = pin_mb << 20;
		g.nr_pages_per_call = 1;
		g.flags = 1;
		if (fd < 0 || ioctl(fd, PIN_HOLD_TEST, &g)) {
			printf("# fork_bench: %s: no held pins: %s\n", name, strerror(errno));
			_exit(2);
		}
		/* The pin stays held until this process exits. */
	}
	if (time_forks(runs, t)) {
		fprintf(stderr, "fork_bench: fork: %s\n", strerror(errno));
		_exit(1);
	}
	qsort(t, runs, sizeof(*t), cmp_double);
	printf("RESULT fork %s %zu %zu fork_us %.0f min %.0f max %.0f\n", name, mb, pin_mb,
	       t[runs / 2], t[0], t[runs - 1]);
	_exit(0);
}

int main(int argc, char **argv)
{
	size_t mb, pin_mb;
	int runs, ret;

	if (argc != 4 || (mb = strtoul(argv[1], NULL, 0)) < 1 ||
	    (runs = atoi(argv[3])) < 1) {
		fprintf(stderr, "usage: fork_bench SIZE_MB PIN_MB RUNS\n");
		return 2;
	}
	pin_mb = strtoul(argv[2], NULL, 0);
	if (pin_mb > mb) {
		fprintf(stderr, "fork_bench: PIN_MB must not exceed SIZE_MB\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	ret = measure("never_pinned", mb, 0, runs);
	if (ret)
		return 1;
	if (pin_mb) {
		ret = measure("pinned", mb, pin_mb, runs);
		if (ret == 1)
			return 1;
	}
	return 0;
}
