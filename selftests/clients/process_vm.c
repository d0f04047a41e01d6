// SPDX-License-Identifier: GPL-2.0
/*
 * process_vm - process_vm_readv() and process_vm_writev() between two
 * processes, on 4K, THP and hugetlb memory.
 *
 * mm/process_vm_access.c pins the pages of the other process with
 * pin_user_pages_remote(), copies, and unpins them. The child maps a region
 * of 4K pages, 4 MiB of THP and 4 MiB of hugetlb memory (two huge
 * pages each; the 4K region is 4 MiB + 8K, 1026 pages, more than one batch),
 * each with nothing mapped after it, fills them with a pattern
 * and sends the addresses through a pipe; the parent reads and writes, and
 * asks the child to check what was written in its own memory.
 *
 * Per call, the pins taken and released: process_vm_rw_single_vec() pins
 * each remote iovec's pages (from its page-aligned start) in batches of up
 * to 1024 pages while the local iovecs still have room, and unpins each
 * batch after copying. So a remote iovec spanning N 4K pages moves both
 * counters by N, even when the local iovecs end inside it; the local side
 * is not pinned. expect_pins() computes that from the iovecs.
 *
 * Edges: unaligned starts and lengths, several iovecs on each side, an
 * iovec crossing the 2 MiB boundary between the two huge pages, one ending
 * exactly at the end of the vma (all of it), one reaching one byte past the
 * end (v5.4 returns the bytes copied before the end; one page pinned), one
 * starting at the end (EFAULT, nothing pinned), and a local buffer shorter
 * than the remote iovec (all the remote pages of the batch pinned).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest.h"
#include "pin_counters.h"
#include "client_mem.h"
#include "remote_child.h"

#define BATCH 1024	/* PVM_MAX_KMALLOC_PAGES / sizeof(struct page *) */

/* 4K: 1026 pages, so that reading all of it takes two batches. */
static const size_t region_size[MEM_KINDS] = { (4 << 20) + 8192, 4 << 20, 4 << 20 };

/*
 * The pins one process_vm_{readv,writev}() call takes (and releases) when
 * every remote page is present: see the header comment.
 */
static long expect_pins(const struct iovec *liov, int lcnt,
			const struct iovec *riov, int rcnt)
{
	size_t room = 0;
	long pins = 0;
	int i;

	for (i = 0; i < lcnt; i++)
		room += liov[i].iov_len;
	for (i = 0; i < rcnt && room; i++) {
		uintptr_t a = (uintptr_t)riov[i].iov_base;
		size_t len = riov[i].iov_len, off = a & (PG_SIZE - 1), bytes;
		long nr;

		if (!len)
			continue;
		nr = (a + len - 1) / PG_SIZE - a / PG_SIZE + 1;
		while (nr && room) {
			long batch = nr < BATCH ? nr : BATCH;

			pins += batch;
			bytes = batch * PG_SIZE - off;
			if (bytes > len)
				bytes = len;
			room -= bytes < room ? bytes : room;
			len -= bytes;
			off = 0;
			nr -= batch;
		}
	}
	return pins;
}

/* A remote range: offset from the start of the region (negative: from its end). */
struct range {
	long off;
	size_t len;
};

struct xfer {
	const char *what;
	int nr;			/* remote ranges */
	struct range r[4];
	int lsplit;		/* local iovecs (the buffer cut in this many) */
	ssize_t expect;		/* -1: the sum of the lengths */
	long pins;		/* -1: expect_pins() */
	int err;		/* expected errno when expect == -2 */
};

static const struct xfer xfers[] = {
	{ "whole region", 1, { { 0, 0 } }, 1, -1, -1, 0 },
	{ "unaligned start and length, 3 local iovecs", 1, { { 4095, 8194 } }, 3, -1, -1, 0 },
	{ "4 remote iovecs, across 4K and 2 MiB boundaries, the last ending at the vma end",
	  4, { { 1, 5000 }, { (2 << 20) - 100, 200 }, { 12288, 1 }, { -3000, 3000 } }, 2, -1, -1, 0 },
	{ "the last 4K + 5 bytes, ending at the vma end", 1, { { -4101, 4101 } }, 1, -1, -1, 0 },
	{ "one byte past the vma end", 1, { { -10, 11 } }, 1, 10, 1, 0 },
	{ "from the last 4K of the vma to 4K past it", 1, { { -4096 + 7, 4096 } }, 2, 4089, 1, 0 },
	{ "starting at the vma end", 1, { { 0x7fffffff, 8 } }, 1, -2, 0, EFAULT },
	{ "local buffer of 100 bytes, remote iovec of 3 pages", 1, { { 0, 3 * 4096 } }, -100, 100, 3, 0 },
};

static void run_xfer(int kind, const struct xfer *x, int write)
{
	size_t size = region_size[kind], total = 0, rtotal = 0, lbytes, done;
	char *base = remote_ci.addr[kind];
	unsigned int seed = write ? 0x77 + kind : remote_seed(kind);
	struct iovec liov[4], riov[4];
	struct pin_counters before;
	unsigned char *buf;
	int i, lcnt, bad = 0;
	long pins;
	ssize_t n, expect;
	char what[256];

	snprintf(what, sizeof(what), "%s %s: %s", write ? "process_vm_writev" : "process_vm_readv",
		 mem_kind_name[kind], x->what);
	for (i = 0; i < x->nr; i++) {
		long off = x->r[i].off;
		size_t len = x->r[i].len;

		if (off == 0x7fffffff)
			off = size;
		else if (off < 0)
			off += size;
		if (!len)
			len = size;
		riov[i].iov_base = base + off;
		riov[i].iov_len = len;
		rtotal += len;
	}
	/* The local buffer: as long as the remote ranges, or -lsplit bytes. */
	lbytes = x->lsplit < 0 ? (size_t)-x->lsplit : rtotal;
	lcnt = x->lsplit < 0 ? 1 : x->lsplit;
	buf = malloc(lbytes + 1);
	if (!buf)
		ksft_exit_fail_msg("malloc\n");
	for (i = 0, done = 0; i < lcnt; i++) {
		size_t part = i == lcnt - 1 ? lbytes - done : lbytes / lcnt + i;

		liov[i].iov_base = buf + done;
		liov[i].iov_len = part;
		done += part;
	}
	/* What to write: the remote offsets' pattern with another seed. */
	for (i = 0, done = 0; i < x->nr && done < lbytes; i++) {
		size_t len = riov[i].iov_len < lbytes - done ? riov[i].iov_len : lbytes - done;
		size_t off = (char *)riov[i].iov_base - base;

		if (write)
			mem_fill(buf + done, off, len, seed);
		else
			memset(buf + done, 0, len);
		done += len;
	}

	expect = x->expect == -1 ? (ssize_t)(rtotal < lbytes ? rtotal : lbytes) : x->expect;
	pins = x->pins == -1 ? expect_pins(liov, lcnt, riov, x->nr) : x->pins;
	pin_counters_read(&before);
	if (write)
		n = process_vm_writev(remote_pid, liov, lcnt, riov, x->nr, 0);
	else
		n = process_vm_readv(remote_pid, liov, lcnt, riov, x->nr, 0);
	if (expect == -2) {
		client_result(n == -1 && errno == x->err, "%s: %s (expected %s)", what,
			      n < 0 ? strerror(errno) : "succeeded", strerror(x->err));
	} else {
		/* Check the bytes that went through, iovec by iovec. */
		for (i = 0, done = 0; n > 0 && i < x->nr && done < (size_t)n && bad >= 0; i++) {
			size_t len = riov[i].iov_len < n - done ? riov[i].iov_len : n - done;
			size_t off = (char *)riov[i].iov_base - base;

			if (write)
				bad = remote_req(REQ_CHECK, kind, off, len, seed) >= 0 ? -1 : 0;
			else
				bad = mem_check(buf + done, off, len, seed) >= 0 ? -1 : 0;
			done += len;
		}
		if (write && n > 0 && n < (ssize_t)rtotal && bad >= 0) {
			/* Nothing beyond what was reported written changed. */
			size_t off = (char *)riov[x->nr - 1].iov_base - base;

			if (off + n < size &&
			    remote_req(REQ_CHECK, kind, off + n, size - off - n, remote_seed(kind)) >= 0)
				bad = -1;
		}
		total = n > 0 ? (size_t)n : 0;
		client_result(n == expect && bad >= 0, "%s: %zd%s%s (expected %zd), data %s", what, n,
			      n < 0 ? " " : "", n < 0 ? strerror(errno) : "", expect,
			      bad >= 0 ? "ok" : "wrong");
	}
	pin_expect_delta(&before, pins, pins, "%s: %zu bytes", what, total);
	if (write)
		remote_req(REQ_RESTORE, kind, 0, 0, 0);
	free(buf);
}

int main(void)
{
	int k, w;
	unsigned int i, nx = sizeof(xfers) / sizeof(xfers[0]);

	setvbuf(stdout, NULL, _IOLBF, 0);
	ksft_print_header();
	client_deadline();
	remote_child_start(region_size, 0x11);

	ksft_set_plan(MEM_KINDS * 2 * nx * 2 + 1);
	for (k = 0; k < MEM_KINDS; k++) {
		if (!remote_ci.addr[k]) {
			for (i = 0; i < 2 * nx * 2; i++)
				ksft_test_result_skip("%s: the child could not map %zu bytes with nothing after them\n",
						      mem_kind_name[k], region_size[k]);
			continue;
		}
		ksft_print_msg("%s: child region %p-%p, AnonHugePages %ld kB\n", mem_kind_name[k],
			       remote_ci.addr[k], remote_ci.addr[k] + region_size[k], remote_ci.huge_kb[k]);
		if (k == MEM_THP && remote_ci.huge_kb[k] <= 0)
			ksft_print_msg("THP: the child's region has no huge page; testing it as 4K pages\n");
		for (w = 0; w < 2; w++)
			for (i = 0; i < nx; i++)
				run_xfer(k, &xfers[i], w);
	}
	pin_expect_balanced("process_vm: every pin released");
	remote_child_stop();
	if (ksft_get_fail_cnt())
		ksft_exit_fail();
	ksft_exit_pass();
	return 0;
}
