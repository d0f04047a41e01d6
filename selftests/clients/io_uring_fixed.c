// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring_fixed - io_uring registered (fixed) buffers, O_DIRECT on the
 * guest's virtio-blk scratch disk, with 4K, THP and hugetlb buffers.
 *
 * IORING_REGISTER_BUFFERS pins every page of every buffer
 * (io_sqe_buffer_register(): pin_user_pages(FOLL_WRITE | FOLL_LONGTERM))
 * and IORING_UNREGISTER_BUFFERS unpins them. Raw system calls and the v5.4
 * uapi header, nothing newer.
 *
 * Checks:
 *  - registering a buffer that reaches one byte (or a page) past the end of
 *    its vma fails with EFAULT and unpins the pages it did pin: both
 *    counters move by the pages inside the vma (4K and hugetlb);
 *  - registering five disjoint buffers (128K of 4K pages, 2 MiB THP, the
 *    first 2 MiB - 4K of a hugetlb page, 8K at an unaligned start in 4K
 *    memory, and the hugetlb tail from an unaligned address in the last 4K
 *    up to the end of the vma: the start that follow_hugetlb_page() must
 *    count from its page, not from the address) moves acquired by the 4K
 *    pages they span and released by nothing;
 *  - IORING_OP_WRITE_FIXED of each buffer's pattern to /dev/vda with
 *    O_DIRECT, the buffer cleared, IORING_OP_READ_FIXED back: the bytes
 *    match; also a read into the middle of a buffer at a 512-byte (not
 *    page) aligned address;
 *  - unregistering moves released by the same number, acquired by nothing;
 *    the counters are equal afterwards and the buffers keep their data.
 *
 * Without /dev/vda the I/O checks are skipped; without io_uring, all.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kselftest.h"
#include "pin_counters.h"
#include "client_mem.h"
#include "io_uring_ring.h"

static long span_pages(const struct iovec *iov)
{
	uintptr_t a = (uintptr_t)iov->iov_base;

	return (a + iov->iov_len - 1) / PG_SIZE - a / PG_SIZE + 1;
}

#define NBUF 5

int main(void)
{
	static const size_t size[MEM_KINDS] = { 256 << 10, 2 << 20, 2 << 20 };
	static const char *const bufname[NBUF] = {
		"4K", "THP", "hugetlb", "4K, 8K from an unaligned start", "hugetlb tail, end - 3584 to end",
	};
	struct pin_counters before;
	struct iovec iov[NBUF], bad;
	char *mem[MEM_KINDS];
	struct ring r;
	long pins = 0;
	off_t disk_off[NBUF];
	unsigned int i;
	int k, ret, disk;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ksft_print_header();
	client_deadline();
	ret = ring_setup(&r, 8);
	if (ret)
		ksft_exit_skip("io_uring_setup: %s\n", strerror(-ret));
	for (k = 0; k < MEM_KINDS; k++) {
		mem[k] = mem_map(k, size[k]);
		if (mem[k] == MAP_FAILED)
			ksft_exit_skip("cannot map %s memory: %s\n", mem_kind_name[k], strerror(errno));
		memset(mem[k], 0, size[k]);
	}
	for (k = 0; k < MEM_KINDS; k++)
		if (!mem_unmapped(mem[k] + size[k]))
			ksft_exit_fail_msg("something is mapped right after the %s buffer\n",
					   mem_kind_name[k]);
	ksft_set_plan(4 + 2 + NBUF * 2 + 4);
	ksft_print_msg("THP buffer: AnonHugePages %ld kB\n", mem_anon_huge_kb(0, mem[MEM_THP]));

	/* Past the end of the vma: EFAULT, the pages pinned so far unpinned. */
	for (k = 0; k < MEM_KINDS; k += 2) {
		bad.iov_base = mem[k] + size[k] - 2 * PG_SIZE;
		bad.iov_len = 2 * PG_SIZE + 1;
		pin_counters_read(&before);
		ret = reg_buffers(&r, &bad, 1);
		client_result(ret == -EFAULT, "register %s buffer one byte past the vma end: %s (expected EFAULT)",
			      mem_kind_name[k], ret ? strerror(-ret) : "registered");
		if (!ret)
			unreg_buffers(&r);
		pin_expect_delta(&before, 2, 2, "register %s one byte past the end: the 2 pages inside pinned and unpinned",
				 mem_kind_name[k]);
	}

	/* Disjoint buffers: each keeps its own pattern. */
	iov[0].iov_base = mem[MEM_4K];
	iov[0].iov_len = size[MEM_4K] / 2;
	iov[1].iov_base = mem[MEM_THP];
	iov[1].iov_len = size[MEM_THP];
	iov[2].iov_base = mem[MEM_HUGETLB];
	iov[2].iov_len = size[MEM_HUGETLB] - PG_SIZE;
	iov[3].iov_base = mem[MEM_4K] + size[MEM_4K] / 2 + 512;
	iov[3].iov_len = 2 * PG_SIZE;
	iov[4].iov_base = mem[MEM_HUGETLB] + size[MEM_HUGETLB] - PG_SIZE + 512;
	iov[4].iov_len = PG_SIZE - 512;
	for (i = 0; i < NBUF; i++)
		pins += span_pages(&iov[i]);

	pin_counters_read(&before);
	ret = reg_buffers(&r, iov, NBUF);
	client_result(!ret, "IORING_REGISTER_BUFFERS of %d buffers (%ld pages): %s", NBUF, pins,
		      ret ? strerror(-ret) : "ok");
	if (ret)
		ksft_exit_fail();
	pin_expect_delta(&before, pins, 0, "register: every page of every buffer pinned");

	disk = open(DISK, O_RDWR | O_DIRECT);
	if (disk < 0)
		ksft_print_msg("open %s: %s: I/O checks skipped\n", DISK, strerror(errno));
	disk_off[0] = 0;
	for (i = 1; i < NBUF; i++)
		disk_off[i] = disk_off[i - 1] + ((iov[i - 1].iov_len + 4095) & ~4095UL);
	for (i = 0; i < NBUF; i++) {
		size_t len = iov[i].iov_len;
		int w, rd;

		if (disk < 0) {
			ksft_test_result_skip("%s: write and read back: no %s\n", bufname[i], DISK);
			ksft_test_result_skip("%s: read into the middle: no %s\n", bufname[i], DISK);
			continue;
		}
		mem_fill(iov[i].iov_base, 0, len, 0x40 + i);
		w = ring_rw(&r, IORING_OP_WRITE_FIXED, disk, iov[i].iov_base, len, disk_off[i], i);
		memset(iov[i].iov_base, 0, len);
		rd = ring_rw(&r, IORING_OP_READ_FIXED, disk, iov[i].iov_base, len, disk_off[i], i);
		client_result(w == (int)len && rd == (int)len && mem_check(iov[i].iov_base, 0, len, 0x40 + i) < 0,
			      "%s: WRITE_FIXED %d, READ_FIXED %d (expected %zu), data %s", bufname[i], w, rd,
			      len, mem_check(iov[i].iov_base, 0, len, 0x40 + i) < 0 ? "ok" : "wrong");
		/* 1536 bytes at buffer offset 1024 (unaligned within a page, not for O_DIRECT). */
		memset(iov[i].iov_base, 0, len);
		rd = ring_rw(&r, IORING_OP_READ_FIXED, disk, (char *)iov[i].iov_base + 1024, 1536,
			     disk_off[i] + 1024, i);
		client_result(rd == 1536 && mem_check((char *)iov[i].iov_base + 1024, 1024, 1536, 0x40 + i) < 0,
			      "%s: READ_FIXED of 1536 bytes at buffer offset 1024: %d, data %s", bufname[i], rd,
			      mem_check((char *)iov[i].iov_base + 1024, 1024, 1536, 0x40 + i) < 0 ? "ok" : "wrong");
		mem_fill(iov[i].iov_base, 0, len, 0x40 + i);
	}

	pin_counters_read(&before);
	ret = unreg_buffers(&r);
	client_result(!ret, "IORING_UNREGISTER_BUFFERS: %s", ret ? strerror(-ret) : "ok");
	pin_expect_delta(&before, 0, pins, "unregister: every pinned page unpinned");
	for (i = 0, ret = 0; i < NBUF; i++)
		if (mem_check(iov[i].iov_base, 0, iov[i].iov_len, 0x40 + i) >= 0)
			ret = -1;
	client_result(!ret, "the buffers keep their data after unregistering");
	if (disk >= 0)
		close(disk);
	close(r.fd);
	pin_expect_balanced("io_uring_fixed: every pin released");
	if (ksft_get_fail_cnt())
		ksft_exit_fail();
	ksft_exit_pass();
	return 0;
}
