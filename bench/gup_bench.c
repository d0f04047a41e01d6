// SPDX-License-Identifier: GPL-2.0
/*
 * gup_bench: time the gup_benchmark commands in one boot.
 *
 * For each kind of memory (4K pages, THP, hugetlb) maps SIZE_MB of it,
 * faults it in, and runs each command RUNS times over the whole range, the
 * commands taking turns, printing the median time of the get and the put
 * phase:
 *
 *   RESULT <memory> <command> get_us <median> put_us <median> \
 *	    get_range <min> <max> put_range <min> <max>
 *   RESULT <memory> <command> unsupported
 *
 * Under QEMU's -icount the guest clock counts instructions, and the range
 * shows how exactly a run repeats.
 *
 * A command the kernel does not know (unpatched v5.4 has only 1-3) is
 * reported as unsupported. Needs root and debugfs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/types.h>

#include "../selftests/clients/gup_benchmark_abi.h"

#define CMD(n)	_IOWR('g', n, struct gup_benchmark)

static const struct {
	int nr;
	const char *name;
} cmds[] = {
	{ 1, "GUP_FAST" },
	{ 4, "PIN_FAST" },
	{ 10, "PIN_FAST_UNBATCHED" },
	{ 3, "GUP" },
	{ 5, "PIN" },
};

#define NR_CMDS (sizeof(cmds) / sizeof(cmds[0]))

static int cmp_u64(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

static char *map(const char *kind, size_t size)
{
	size_t huge = 2UL << 20;
	char *p, *q;

	if (!strcmp(kind, "hugetlb")) {
		p = mmap(NULL, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
		return p == MAP_FAILED ? NULL : p;
	}
	p = mmap(NULL, size + huge, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	q = (char *)(((unsigned long)p + huge - 1) & ~(huge - 1));
	madvise(q, size, strcmp(kind, "THP") ? MADV_NOHUGEPAGE : MADV_HUGEPAGE);
	return q;
}

int main(int argc, char **argv)
{
	static const char * const kinds[] = { "4K", "THP", "hugetlb" };
	int size_mb = argc > 1 ? atoi(argv[1]) : 256;
	int runs = argc > 2 ? atoi(argv[2]) : 7;
	size_t size = (size_t)size_mb << 20;
	int failed[NR_CMDS];
	unsigned int k, c;
	__u64 *get, *put;
	int fd, r;

	if (size_mb <= 0 || runs <= 0) {
		fprintf(stderr, "usage: %s [SIZE_MB [RUNS]]\n", argv[0]);
		return 2;
	}
	fd = open("/sys/kernel/debug/gup_benchmark", O_RDWR);
	if (fd < 0) {
		perror("/sys/kernel/debug/gup_benchmark");
		return 1;
	}
	get = calloc((size_t)runs * NR_CMDS, sizeof(*get));
	put = calloc((size_t)runs * NR_CMDS, sizeof(*put));
	if (!get || !put)
		return 1;

	for (k = 0; k < 3; k++) {
		char *p = map(kinds[k], size);

		if (!p) {
			printf("RESULT %s - unavailable\n", kinds[k]);
			continue;
		}
		memset(p, 1, size);
		memset(failed, 0, sizeof(failed));
		/*
		 * Round-robin over the commands, so that a host that gets
		 * busier or quieter during the run shifts every command's
		 * timings alike rather than those of whichever ran then.
		 */
		for (r = 0; r < runs; r++) {
			for (c = 0; c < NR_CMDS; c++) {
				struct gup_benchmark gup;

				if (failed[c])
					continue;
				memset(&gup, 0, sizeof(gup));
				gup.addr = (unsigned long)p;
				gup.size = size;
				gup.nr_pages_per_call = 512;
				if (ioctl(fd, CMD(cmds[c].nr), &gup)) {
					failed[c] = errno;
					continue;
				}
				get[c * runs + r] = gup.get_delta_usec;
				put[c * runs + r] = gup.put_delta_usec;
			}
		}
		for (c = 0; c < NR_CMDS; c++) {
			if (failed[c]) {
				printf("RESULT %s %s unsupported (%s)\n",
				       kinds[k], cmds[c].name,
				       strerror(failed[c]));
				continue;
			}
			qsort(get + c * runs, runs, sizeof(*get), cmp_u64);
			qsort(put + c * runs, runs, sizeof(*put), cmp_u64);
			printf("RESULT %s %s get_us %llu put_us %llu get_range %llu %llu put_range %llu %llu\n",
			       kinds[k], cmds[c].name,
			       (unsigned long long)get[c * runs + runs / 2],
			       (unsigned long long)put[c * runs + runs / 2],
			       (unsigned long long)get[c * runs],
			       (unsigned long long)get[c * runs + runs - 1],
			       (unsigned long long)put[c * runs],
			       (unsigned long long)put[c * runs + runs - 1]);
		}
		munmap(p, size);
	}
	return 0;
}
