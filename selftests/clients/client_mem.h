/* SPDX-License-Identifier: GPL-2.0 */
/*
 * client_mem.h - the memory the call-site clients hand to the kernel:
 * 4K pages, THP and hugetlb (2 MiB), each mapped 2 MiB aligned with at least
 * 2 MiB of unmapped address space after it, so that the clients can aim at
 * the last bytes of a vma and one byte past it. Also a byte pattern that
 * differs from page to page, and the AnonHugePages of a vma from smaps.
 */
#ifndef CLIENT_MEM_H
#define CLIENT_MEM_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>

#ifndef MAP_HUGETLB
#define MAP_HUGETLB 0x40000
#endif
#ifndef MADV_HUGEPAGE
#define MADV_HUGEPAGE 14
#endif
#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE 15
#endif

#define PG_SIZE 4096UL
#define HPAGE_SIZE (2UL << 20)

enum mem_kind { MEM_4K, MEM_THP, MEM_HUGETLB, MEM_KINDS };

static const char *const mem_kind_name[MEM_KINDS] = { "4K", "THP", "hugetlb" };

/*
 * Map @size bytes (a multiple of 2 MiB for THP and hugetlb) of @kind,
 * private and anonymous, at a 2 MiB aligned address. 4K memory gets
 * MADV_NOHUGEPAGE (the guest runs THP=always), THP memory MADV_HUGEPAGE.
 * Returns MAP_FAILED with errno set on failure.
 */
static inline char *mem_map(enum mem_kind kind, size_t size)
{
	size_t span = size + 2 * HPAGE_SIZE;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
	char *res, *p, *q;
	int err;

	res = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (res == MAP_FAILED)
		return MAP_FAILED;
	p = (char *)(((uintptr_t)res + HPAGE_SIZE - 1) & ~(HPAGE_SIZE - 1));
	if (kind == MEM_HUGETLB)
		flags |= MAP_HUGETLB;
	q = mmap(p, size, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (q == MAP_FAILED) {
		err = errno;
		munmap(res, span);
		errno = err;
		return MAP_FAILED;
	}
	if (p > res)
		munmap(res, p - res);
	munmap(p + size, res + span - (p + size));
	if (kind == MEM_4K)
		madvise(p, size, MADV_NOHUGEPAGE);
	else if (kind == MEM_THP)
		madvise(p, size, MADV_HUGEPAGE);
	return p;
}

/* The pattern byte at offset @off of a buffer seeded with @seed. */
static inline unsigned char mem_pattern(unsigned int seed, size_t off)
{
	return (unsigned char)(off * 7 + (off >> 12) * 13 + (off >> 21) * 29 + seed);
}

static inline void mem_fill(void *buf, size_t off, size_t len, unsigned int seed)
{
	unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = mem_pattern(seed, off + i);
}

/*
 * Compare @len bytes at @buf with the pattern from offset @off; returns the
 * index of the first difference, or -1.
 */
static inline long mem_check(const void *buf, size_t off, size_t len, unsigned int seed)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != mem_pattern(seed, off + i))
			return (long)i;
	return -1;
}

/* True if nothing is mapped at the page holding @addr. */
static inline int mem_unmapped(const void *addr)
{
	unsigned char v;
	void *pg = (void *)((uintptr_t)addr & ~(PG_SIZE - 1));

	return mincore(pg, PG_SIZE, &v) == -1 && errno == ENOMEM;
}

/*
 * AnonHugePages (kB) of the vma starting at @start in /proc/@pid/smaps
 * (pid 0: self), or -1.
 */
static inline long mem_anon_huge_kb(pid_t pid, const void *start)
{
	char path[64], line[256];
	unsigned long lo, hi;
	int in = 0;
	long kb = -1;
	FILE *f;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/smaps");
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
			in = lo == (uintptr_t)start;
			continue;
		}
		if (in && sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

/* The value of a "Name: value" line of /proc/meminfo, or -1. */
static inline long long mem_info(const char *name)
{
	char line[128];
	long long val = -1;
	size_t len = strlen(name);
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, len) && line[len] == ':')
			val = atoll(line + len + 1);
	fclose(f);
	return val;
}

#endif /* CLIENT_MEM_H */
