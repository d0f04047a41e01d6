// SPDX-License-Identifier: GPL-2.0
/*
 * fork_pin - fork() of a process that holds pinned pages, on 4K, THP and
 * hugetlb memory: the parent keeps the pages it pinned, the child gets
 * copies of them, and everything else is shared as before.
 *
 * Pins are held in two ways: gup_benchmark's PIN_HOLD_TEST (with
 * pin_user_pages_fast() or pin_user_pages()), which reads and writes the
 * pinned pages through the kernel's mapping of them; and an io_uring fixed
 * buffer (pin_user_pages(FOLL_LONGTERM)), which the virtio-blk disk reads
 * and writes by DMA with O_DIRECT.
 *
 * Checks:
 *  - a process that never pinned: fork() shares every page, even one with
 *    more than 1024 references (vmsplice()d into pipes), which
 *    page_maybe_dma_pinned() cannot tell from a pinned one: the child's
 *    pages have the parent's PFNs (/proc/self/pagemap);
 *  - a held pin of the first half of a buffer, fork(): the child's pinned
 *    half has PFNs of its own (copied), its other half the parent's
 *    (shared); the parent writes a new pattern over the buffer, and the
 *    pin reads it back; the child still sees the data as at fork(), and
 *    what it writes does not reach the pin; what is written through the
 *    pin, the parent reads. Then, in four orders: the child exits before
 *    the pin is released, the pin is released while the child lives, the
 *    parent unmaps its buffer while pinned (the pin still holds the data),
 *    the child unmaps its buffer. Each time the pin counters balance and,
 *    for hugetlb, every huge page comes back;
 *  - the same with an io_uring fixed buffer: after fork(), WRITE_FIXED
 *    puts the parent's new data on the disk, and READ_FIXED brings the
 *    disk's data to the parent;
 *  - a pinned huge page and no free huge page for the child's copy: fork()
 *    fails with ENOMEM, and the parent, its pin and the pool are as
 *    before.
 * The console check of the harness adds: no BUG, no WARNING, no bad page.
 *
 * Without gup_benchmark's hold commands the held-pin checks fail; without
 * /dev/vda the io_uring checks are skipped.
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
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

/* The debug kernel under TCG runs this several times slower. */
#define CLIENT_TIMEOUT 300

#include "kselftest.h"
#include "pin_counters.h"
#include "client_mem.h"
#include "gup_benchmark_abi.h"
#include "io_uring_ring.h"

#define FOLL_WRITE 1

static int gup_fd = -1;

static int gup_cmd(unsigned long cmd, void *addr, size_t size, int slow)
{
	struct gup_benchmark g;

	memset(&g, 0, sizeof(g));
	g.addr = (uintptr_t)addr;
	g.size = size;
	g.nr_pages_per_call = 1;
	g.flags = FOLL_WRITE;
	g.expansion[HOLD_SLOW] = slow;
	return ioctl(gup_fd, cmd, &g) ? -errno : 0;
}

/*
 * The PFN of each 4K page of [addr, addr + len) into @pfn: 0 for a page
 * that is not present. Returns false if pagemap cannot be read.
 */
static bool read_pfns(const void *addr, size_t len, uint64_t *pfn)
{
	size_t i, n = len / PG_SIZE;
	off_t off = (uintptr_t)addr / PG_SIZE * sizeof(uint64_t);
	bool ok;
	int fd;

	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0)
		return false;
	ok = pread(fd, pfn, n * sizeof(uint64_t), off) == (ssize_t)(n * sizeof(uint64_t));
	close(fd);
	for (i = 0; ok && i < n; i++)
		pfn[i] = pfn[i] >> 63 ? pfn[i] & ((1ULL << 55) - 1) : 0;
	return ok;
}

/* Pages of @n whose PFNs in @a and @b are equal, present, and not zero. */
static size_t same_pfns(const uint64_t *a, const uint64_t *b, size_t n)
{
	size_t i, same = 0;

	for (i = 0; i < n; i++)
		if (a[i] && a[i] == b[i])
			same++;
	return same;
}

/* A pipe each way between the parent and a child, for one byte at a time. */
struct chan {
	int to_child[2], to_parent[2];
};

static void chan_open(struct chan *c)
{
	if (pipe(c->to_child) || pipe(c->to_parent))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
}

static void chan_close(struct chan *c)
{
	close(c->to_child[0]);
	close(c->to_child[1]);
	close(c->to_parent[0]);
	close(c->to_parent[1]);
}

static void chan_send(int fd, unsigned char v)
{
	if (write(fd, &v, 1) != 1)
		_exit(99);
}

static unsigned char chan_recv(int fd)
{
	unsigned char v = 0xff;

	if (read(fd, &v, 1) != 1)
		return 0xff;
	return v;
}

/* Wait for child @pid: true if it exited with status 0. */
static bool child_ok(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* What a child reports, one bit each. */
enum {
	CHILD_PFN_FAIL = 1,	/* pagemap unreadable */
	CHILD_NOT_COPIED = 2,	/* a pinned page has the parent's PFN */
	CHILD_NOT_SHARED = 4,	/* an unpinned page lost the parent's PFN */
	CHILD_VIEW = 8,		/* the data is not as it was at fork() */
};

#define SEED_FORK 1	/* the buffer at fork() */
#define SEED_PARENT 2	/* what the parent writes after fork() */
#define SEED_CHILD 3	/* what the child writes */
#define SEED_DEVICE 4	/* what the device (the pin, the disk) writes */

/*
 * The child's side of a fork of @mem (@len bytes, the first @pinned of them
 * pinned by the parent; @ppfn the parent's PFNs at fork()): check the
 * PFNs, wait for the parent to have written, check the data, write its
 * own, optionally unmap, report, and wait for leave to exit.
 */
static void child_side(struct chan *c, char *mem, size_t len, size_t pinned,
		       const uint64_t *ppfn, bool unmap)
{
	size_t n = len / PG_SIZE, np = pinned / PG_SIZE;
	uint64_t *cpfn = calloc(n, sizeof(*cpfn));
	unsigned char res = 0;

	if (!cpfn || !read_pfns(mem, len, cpfn)) {
		res |= CHILD_PFN_FAIL;
	} else {
		if (same_pfns(ppfn, cpfn, np))
			res |= CHILD_NOT_COPIED;
		if (same_pfns(ppfn + np, cpfn + np, n - np) != n - np)
			res |= CHILD_NOT_SHARED;
	}
	chan_recv(c->to_child[0]);
	if (mem_check(mem, 0, len, SEED_FORK) >= 0)
		res |= CHILD_VIEW;
	mem_fill(mem, 0, len, SEED_CHILD);
	if (unmap)
		munmap(mem, len);
	chan_send(c->to_parent[1], res);
	chan_recv(c->to_child[0]);
	_exit(0);
}

/* Fork a child for @what that runs child_side(); its pid, in the parent. */
static pid_t fork_child(struct chan *c, const char *what, char *mem, size_t len,
			size_t pinned, const uint64_t *ppfn, bool unmap)
{
	pid_t pid;

	chan_open(c);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		ksft_exit_fail_msg("%s: fork: %s\n", what, strerror(errno));
	if (!pid)
		child_side(c, mem, len, pinned, ppfn, unmap);
	return pid;
}

static void report_child(unsigned char res, const char *what, size_t pinned, size_t len)
{
	if (res == 0xff) {
		client_result(false, "%s: the child reported nothing", what);
		client_result(false, "%s: the child's view", what);
		return;
	}
	if (res & CHILD_PFN_FAIL)
		ksft_test_result_skip("%s: the child's PFNs: pagemap unreadable\n", what);
	else
		client_result(!(res & (CHILD_NOT_COPIED | CHILD_NOT_SHARED)),
			      "%s: the child's %zu pinned pages are copies (%s), its %zu others shared (%s)",
			      what, pinned / PG_SIZE, res & CHILD_NOT_COPIED ? "no" : "yes",
			      (len - pinned) / PG_SIZE, res & CHILD_NOT_SHARED ? "no" : "yes");
	client_result(!(res & CHILD_VIEW), "%s: the child sees the data as it was at fork()", what);
}

/*
 * Read the held pages into @buf (page aligned) and compare them with
 * @seed.
 */
static bool held_is(char *buf, size_t len, unsigned int seed)
{
	int ret;

	memset(buf, 0, len);
	ret = gup_cmd(PIN_HELD_READ_TEST, buf, len, 0);
	if (ret)
		ksft_print_msg("PIN_HELD_READ_TEST: %s\n", strerror(-ret));
	return !ret && mem_check(buf, 0, len, seed) < 0;
}

enum order {
	CHILD_EXITS_FIRST,
	PARENT_UNPINS_FIRST,
	PARENT_UNMAPS,
	CHILD_UNMAPS,
	NR_ORDERS,
};

static const char *const order_name[NR_ORDERS] = {
	"child exits first", "parent unpins first", "parent unmaps while pinned",
	"child unmaps",
};

/*
 * Hold a pin of the first half of a buffer of @kind, fork, and check what
 * each side and the pin see, ending in @order.
 */
static void held_pin_fork(enum mem_kind kind, int slow, enum order order)
{
	size_t half = kind == MEM_4K ? 64 << 10 : HPAGE_SIZE, len = 2 * half;
	size_t n = len / PG_SIZE;
	long long huge_free = mem_info("HugePages_Free");
	struct pin_counters before;
	char what[128], *mem, *buf;
	uint64_t *ppfn;
	unsigned char res;
	struct chan c;
	bool ok;
	pid_t pid;
	int ret;

	snprintf(what, sizeof(what), "%s, %s pin, %s", mem_kind_name[kind],
		 slow ? "slow" : "fast", order_name[order]);
	mem = mem_map(kind, len);
	buf = mem_map(MEM_4K, half);
	ppfn = calloc(n, sizeof(*ppfn));
	if (mem == MAP_FAILED || buf == MAP_FAILED || !ppfn)
		ksft_exit_fail_msg("%s: no memory: %s\n", what, strerror(errno));
	mem_fill(mem, 0, len, SEED_FORK);
	if (!read_pfns(mem, len, ppfn))
		memset(ppfn, 0, n * sizeof(*ppfn));
	if (kind == MEM_THP)
		ksft_print_msg("%s: AnonHugePages %ld kB\n", what, mem_anon_huge_kb(0, mem));

	pin_counters_read(&before);
	ret = gup_cmd(PIN_HOLD_TEST, mem, half, slow);
	client_result(!ret, "%s: hold a pin of %zu pages: %s", what, half / PG_SIZE,
		      ret ? strerror(-ret) : "ok");
	if (ret) {
		munmap(mem, len);
		munmap(buf, half);
		free(ppfn);
		return;
	}

	pid = fork_child(&c, what, mem, len, half, ppfn, order == CHILD_UNMAPS);

	mem_fill(mem, 0, len, SEED_PARENT);
	chan_send(c.to_child[1], 1);
	res = chan_recv(c.to_parent[0]);
	report_child(res, what, half, len);

	client_result(held_is(buf, half, SEED_PARENT),
		      "%s: the pin reads what the parent wrote after fork(), not the child's data", what);
	mem_fill(buf, 0, half, SEED_DEVICE);
	ret = gup_cmd(PIN_HELD_WRITE_TEST, buf, half, 0);
	client_result(!ret && mem_check(mem, 0, half, SEED_DEVICE) < 0,
		      "%s: the parent reads what was written through the pin", what);

	switch (order) {
	case CHILD_EXITS_FIRST:
	case CHILD_UNMAPS:
		chan_send(c.to_child[1], 2);
		ok = child_ok(pid);
		ret = gup_cmd(PIN_RELEASE_TEST, NULL, 0, 0);
		break;
	case PARENT_UNPINS_FIRST:
		ret = gup_cmd(PIN_RELEASE_TEST, NULL, 0, 0);
		chan_send(c.to_child[1], 2);
		ok = child_ok(pid);
		break;
	default:
		munmap(mem, len);
		mem = NULL;
		chan_send(c.to_child[1], 2);
		ok = child_ok(pid);
		client_result(held_is(buf, half, SEED_DEVICE),
			      "%s: after the parent's munmap, the pin still holds its data", what);
		ret = gup_cmd(PIN_RELEASE_TEST, NULL, 0, 0);
		break;
	}
	chan_close(&c);
	client_result(ok && !ret, "%s: the child exited cleanly, the pin released: %s", what,
		      ret ? strerror(-ret) : "ok");
	pin_expect_delta(&before, half / PG_SIZE, half / PG_SIZE, "%s: pins balanced", what);
	if (mem)
		munmap(mem, len);
	if (kind == MEM_HUGETLB)
		client_result(mem_info("HugePages_Free") == huge_free,
			      "%s: HugePages_Free back to %lld (now %lld)", what, huge_free,
			      mem_info("HugePages_Free"));
	munmap(buf, half);
	free(ppfn);
}

/*
 * A process that never pinned: fork() shares all its pages, even a page
 * with more than GUP_PIN_COUNTING_BIAS references. Runs in a child of
 * the test, whose mm has never seen a pin.
 */
#define PIPES 5
#define PIPE_SLOTS 256

static void never_pinned_fork(void)
{
	size_t len = 4 * HPAGE_SIZE, n = len / PG_SIZE;
	int p[PIPES][2], i, j, refs = 0;
	unsigned char res;
	uint64_t *ppfn;
	struct chan c;
	char *mem;
	pid_t pid;

	mem = mem_map(MEM_4K, len);
	ppfn = calloc(n, sizeof(*ppfn));
	if (mem == MAP_FAILED || !ppfn)
		_exit(10);
	mem_fill(mem, 0, len, SEED_FORK);

	/* vmsplice() takes a reference per pipe buffer (get_user_pages_fast()). */
	for (i = 0; i < PIPES; i++) {
		if (pipe(p[i]))
			_exit(11);
		fcntl(p[i][1], F_SETPIPE_SZ, PIPE_SLOTS * PG_SIZE);
		for (j = 0; j < PIPE_SLOTS; j++) {
			struct iovec iov = { mem, PG_SIZE };

			if (vmsplice(p[i][1], &iov, 1, SPLICE_F_NONBLOCK) != (ssize_t)PG_SIZE)
				break;
			refs++;
		}
	}
	if (refs < 1100) {
		ksft_print_msg("never pinned: only %d references by vmsplice()\n", refs);
		_exit(12);
	}
	if (!read_pfns(mem, len, ppfn))
		_exit(13);

	chan_open(&c);
	pid = fork();
	if (pid < 0)
		_exit(14);
	if (!pid) {
		uint64_t *cpfn = calloc(n, sizeof(*cpfn));

		res = 0;
		if (!cpfn || !read_pfns(mem, len, cpfn))
			res = CHILD_PFN_FAIL;
		else if (same_pfns(ppfn, cpfn, n) != n)
			res = CHILD_NOT_SHARED;
		chan_send(c.to_parent[1], res);
		_exit(0);
	}
	res = chan_recv(c.to_parent[0]);
	if (!child_ok(pid))
		_exit(15);
	if (res & CHILD_PFN_FAIL)
		_exit(13);
	ksft_print_msg("never pinned: %zu pages, the first with %d extra references\n", n, refs);
	_exit(res ? 1 : 0);
}

static void never_pinned(void)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (!pid)
		never_pinned_fork();
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		ksft_exit_fail_msg("never pinned: the test process died\n");
	if (WEXITSTATUS(status) == 13)
		ksft_test_result_skip("a process that never pinned: fork() shares every page: pagemap unreadable\n");
	else
		client_result(WEXITSTATUS(status) == 0,
			      "a process that never pinned: fork() shares every page, also one with over 1024 references (status %d)",
			      WEXITSTATUS(status));
}

/*
 * An io_uring fixed buffer of @kind, registered, then fork(): the disk
 * must get what the parent writes, and the parent what the disk sends.
 */
static void io_uring_fork(struct ring *r, int disk, enum mem_kind kind, char *bounce)
{
	size_t len = kind == MEM_4K ? 64 << 10 : HPAGE_SIZE;
	struct pin_counters before;
	struct iovec iov;
	unsigned char res;
	struct chan c;
	char what[64], *mem;
	uint64_t *ppfn;
	int ret, w, rd;
	pid_t pid;
	bool ok;

	snprintf(what, sizeof(what), "io_uring %s fixed buffer", mem_kind_name[kind]);
	mem = mem_map(kind, len);
	ppfn = calloc(len / PG_SIZE, sizeof(*ppfn));
	if (mem == MAP_FAILED || !ppfn)
		ksft_exit_fail_msg("%s: no memory: %s\n", what, strerror(errno));
	mem_fill(mem, 0, len, SEED_FORK);
	if (!read_pfns(mem, len, ppfn))
		memset(ppfn, 0, len / PG_SIZE * sizeof(*ppfn));

	pin_counters_read(&before);
	iov.iov_base = mem;
	iov.iov_len = len;
	ret = reg_buffers(r, &iov, 1);
	client_result(!ret, "%s: register: %s", what, ret ? strerror(-ret) : "ok");
	if (ret) {
		munmap(mem, len);
		free(ppfn);
		return;
	}

	pid = fork_child(&c, what, mem, len, len, ppfn, false);

	/* The parent writes; the disk must get it. */
	mem_fill(mem, 0, len, SEED_PARENT);
	chan_send(c.to_child[1], 1);
	res = chan_recv(c.to_parent[0]);
	report_child(res, what, len, len);
	w = ring_rw(r, IORING_OP_WRITE_FIXED, disk, mem, len, 0, 0);
	memset(bounce, 0, len);
	rd = pread(disk, bounce, len, 0);
	client_result(w == (int)len && rd == (int)len && mem_check(bounce, 0, len, SEED_PARENT) < 0,
		      "%s: WRITE_FIXED after fork() puts the parent's new data on the disk (%d, %d)",
		      what, w, rd);

	/* The disk sends; the parent must get it. */
	mem_fill(bounce, 0, len, SEED_DEVICE);
	w = pwrite(disk, bounce, len, 4 << 20);
	rd = ring_rw(r, IORING_OP_READ_FIXED, disk, mem, len, 4 << 20, 0);
	client_result(w == (int)len && rd == (int)len && mem_check(mem, 0, len, SEED_DEVICE) < 0,
		      "%s: READ_FIXED after fork() brings the disk's data to the parent (%d, %d)",
		      what, w, rd);

	chan_send(c.to_child[1], 2);
	ok = child_ok(pid);
	chan_close(&c);
	ret = unreg_buffers(r);
	client_result(ok && !ret, "%s: the child exited cleanly, unregistered: %s", what,
		      ret ? strerror(-ret) : "ok");
	pin_expect_delta(&before, len / PG_SIZE, len / PG_SIZE, "%s: pins balanced", what);
	munmap(mem, len);
	free(ppfn);
}

static long long read_ll(const char *path)
{
	char line[64];
	long long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (fgets(line, sizeof(line), f))
		v = atoll(line);
	fclose(f);
	return v;
}

static bool write_ll(const char *path, long long v)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = fprintf(f, "%lld\n", v) > 0;
	return fclose(f) == 0 && ok;
}

#define NR_HUGEPAGES "/proc/sys/vm/nr_hugepages"
#define NR_OVERCOMMIT "/proc/sys/vm/nr_overcommit_hugepages"

/*
 * A pinned huge page, and the pool shrunk to the pages in use: the child's
 * copy cannot be allocated, and fork() must fail with ENOMEM.
 */
static void hugetlb_enomem(void)
{
	long long nr = read_ll(NR_HUGEPAGES), over = read_ll(NR_OVERCOMMIT);
	long long free_before, free_now, in_use;
	struct pin_counters before;
	char *mem, *buf;
	pid_t pid;
	int err, ret;

	if (nr <= 0 || over != 0) {
		ksft_test_result_skip("hugetlb fork without a huge page to copy into: nr_hugepages %lld, overcommit %lld\n",
				      nr, over);
		return;
	}
	mem = mem_map(MEM_HUGETLB, HPAGE_SIZE);
	buf = mem_map(MEM_4K, HPAGE_SIZE);
	if (mem == MAP_FAILED || buf == MAP_FAILED)
		ksft_exit_fail_msg("hugetlb ENOMEM: no memory\n");
	mem_fill(mem, 0, HPAGE_SIZE, SEED_FORK);
	pin_counters_read(&before);
	ret = gup_cmd(PIN_HOLD_TEST, mem, HPAGE_SIZE, 0);
	if (ret) {
		client_result(false, "hugetlb ENOMEM: hold a pin: %s", strerror(-ret));
		munmap(mem, HPAGE_SIZE);
		munmap(buf, HPAGE_SIZE);
		return;
	}

	free_before = mem_info("HugePages_Free");
	in_use = nr - free_before;
	if (!write_ll(NR_HUGEPAGES, in_use))
		ksft_print_msg("cannot shrink the pool: %s\n", strerror(errno));
	free_now = mem_info("HugePages_Free");

	fflush(stdout);
	pid = fork();
	err = errno;
	if (!pid)
		_exit(0);
	if (pid > 0)
		child_ok(pid);
	if (free_now != 0)
		ksft_test_result_skip("hugetlb fork without a huge page to copy into: %lld still free\n",
				      free_now);
	else
		client_result(pid < 0 && err == ENOMEM,
			      "hugetlb fork without a huge page to copy into: %s (expected ENOMEM)",
			      pid < 0 ? strerror(err) : "the child was created");
	client_result(mem_info("HugePages_Free") == free_now,
		      "hugetlb ENOMEM: HugePages_Free still %lld (now %lld)", free_now,
		      mem_info("HugePages_Free"));
	write_ll(NR_HUGEPAGES, nr);

	mem_fill(mem, 0, HPAGE_SIZE, SEED_PARENT);
	client_result(held_is(buf, HPAGE_SIZE, SEED_PARENT),
		      "hugetlb ENOMEM: the pin still reads what the parent writes");
	ret = gup_cmd(PIN_RELEASE_TEST, NULL, 0, 0);
	munmap(mem, HPAGE_SIZE);
	pin_expect_delta(&before, HPAGE_SIZE / PG_SIZE, HPAGE_SIZE / PG_SIZE,
			 "hugetlb ENOMEM: pins balanced");
	client_result(!ret && mem_info("HugePages_Free") == free_before + 1,
		      "hugetlb ENOMEM: released, HugePages_Free %lld (expected %lld)",
		      mem_info("HugePages_Free"), free_before + 1);
	munmap(buf, HPAGE_SIZE);
}

/*
 * Writing through a pin taken for reading is refused: such a pin of an
 * anonymous page that was never written holds the shared zero page, which
 * a write would change for every process.
 */
static void held_write_needs_write_pin(void)
{
	struct gup_benchmark g;
	char *mem, *fresh, *buf;
	int ret;

	mem = mmap(NULL, PG_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	buf = mem_map(MEM_4K, PG_SIZE);
	if (mem == MAP_FAILED || buf == MAP_FAILED)
		ksft_exit_fail_msg("read pin: no memory: %s\n", strerror(errno));
	memset(buf, 0xaa, PG_SIZE);

	memset(&g, 0, sizeof(g));
	g.addr = (uintptr_t)mem;
	g.size = PG_SIZE;
	g.nr_pages_per_call = 1;
	g.flags = 0;		/* for reading */
	g.expansion[HOLD_SLOW] = 1;
	ret = ioctl(gup_fd, PIN_HOLD_TEST, &g) ? -errno : 0;
	if (ret) {
		client_result(false, "read pin: hold a pin for reading: %s", strerror(-ret));
		goto out;
	}
	ret = gup_cmd(PIN_HELD_WRITE_TEST, buf, PG_SIZE, 0);
	client_result(ret == -EPERM,
		      "read pin: PIN_HELD_WRITE_TEST through a pin for reading fails with EPERM (%s)",
		      ret ? strerror(-ret) : "succeeded");
	ret = gup_cmd(PIN_RELEASE_TEST, NULL, 0, 0);
	if (ret)
		ksft_print_msg("read pin: PIN_RELEASE_TEST: %s\n", strerror(-ret));

	/* A new anonymous page, read and never written: the zero page. */
	fresh = mmap(NULL, PG_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fresh == MAP_FAILED)
		ksft_exit_fail_msg("read pin: no memory: %s\n", strerror(errno));
	client_result(!memchr(fresh, 0xaa, PG_SIZE) && fresh[0] == 0 && fresh[PG_SIZE - 1] == 0,
		      "read pin: the zero page still reads as zeroes");
	munmap(fresh, PG_SIZE);
out:
	munmap(mem, PG_SIZE);
	munmap(buf, PG_SIZE);
}

int main(void)
{
	struct ring r;
	char *bounce;
	int k, o, ret, disk;
	bool held = true;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ksft_print_header();
	client_deadline();

	/* Before anything pins in this process. */
	never_pinned();

	gup_fd = open(GUP_BENCHMARK_PATH, O_RDWR);
	if (gup_fd < 0)
		ksft_exit_skip("open %s: %s\n", GUP_BENCHMARK_PATH, strerror(errno));
	ret = gup_cmd(PIN_RELEASE_TEST, NULL, 0, 0);
	if (ret != -ENOENT) {
		client_result(false, "gup_benchmark has no held pins (PIN_RELEASE_TEST: %s, expected ENOENT)",
			      strerror(-ret));
		held = false;
	}

	if (held) {
		for (k = 0; k < MEM_KINDS; k++) {
			held_pin_fork(k, 0, CHILD_EXITS_FIRST);
			held_pin_fork(k, 1, CHILD_EXITS_FIRST);
			for (o = PARENT_UNPINS_FIRST; o < NR_ORDERS; o++)
				held_pin_fork(k, o & 1, o);
		}
		hugetlb_enomem();
		held_write_needs_write_pin();
	}

	memset(&r, 0, sizeof(r));
	ret = ring_setup(&r, 8);
	disk = open(DISK, O_RDWR | O_DIRECT);
	bounce = mem_map(MEM_4K, HPAGE_SIZE);
	if (ret || disk < 0 || bounce == MAP_FAILED) {
		ksft_print_msg("io_uring checks skipped: %s\n",
			       ret ? "no io_uring" : "no " DISK);
	} else {
		for (k = 0; k < MEM_KINDS; k++)
			io_uring_fork(&r, disk, k, bounce);
	}
	pin_expect_balanced("fork_pin: every pin released");
	/* The number of checks depends on what the kernel has: plan last. */
	ksft_set_plan(ksft_test_num());
	if (ksft_get_fail_cnt())
		ksft_exit_fail();
	ksft_exit_pass();
	return 0;
}
