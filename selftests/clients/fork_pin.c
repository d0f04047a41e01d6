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
 *    before;
 *  - reclaim before fork() (the guest has swap): MADV_PAGEOUT over a
 *    buffer half pinned pages out the other half, and leaves the pinned
 *    pages mapped (pagemap: present, same PFNs); fork() then still
 *    leaves them to the parent. The same for an io_uring fixed buffer:
 *    WRITE_FIXED after MADV_PAGEOUT and fork() sends the parent's new
 *    data, and READ_FIXED brings the disk's data to the parent. A memory
 *    cgroup filled past its limit swaps out other pages and leaves the
 *    pinned ones mapped;
 *  - migration (two NUMA nodes, 'fork_pin numa'): a failed move_pages()
 *    of a pinned page leaves its pte young (idle page tracking), as it
 *    never unmapped it; move_pages() of a buffer
 *    half pinned moves the other half to the other node, and leaves the
 *    pinned pages where they are; then fork() as above. And move_pages()
 *    of a pinned buffer, over and over from a thread, while the process
 *    forks again and again: after each fork() the pin reads what the
 *    parent writes;
 *  - a pin for reading (no FOLL_WRITE): fork() copies those pages too;
 *  - a memory cgroup (v1, OOM killer off) too small for the copies: the
 *    charge fails, and fork() with it, with ENOMEM; the parent, its pin
 *    and the cgroup's usage are as before. SIGKILL while fork() copies
 *    128 MiB of pinned pages ends the copy;
 *  - a pin taken after fork() of a shared page: for reading, the parent's
 *    next write moves away from it (as pin_user_pages.rst says); for
 *    writing, it broke the sharing first.
 * NUMA balancing is turned off while the checks run: it would move pages
 * between the PFN readings.
 * The console check of the harness adds: no BUG, no WARNING, no bad page.
 *
 * Without gup_benchmark's hold commands the held-pin checks fail; without
 * /dev/vda the io_uring checks are skipped, without swap the reclaim
 * checks, without a second NUMA node the migration checks, and without
 * the memory controller the cgroup check.
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
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <pthread.h>
#include <unistd.h>

/* The debug kernel under TCG runs this several times slower. */
#define CLIENT_TIMEOUT 600

#include "kselftest.h"
#include "pin_counters.h"
#include "client_mem.h"
#include "gup_benchmark_abi.h"
#include "io_uring_ring.h"

#define FOLL_WRITE 1

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#ifndef MPOL_MF_MOVE
#define MPOL_MF_MOVE (1 << 1)
#endif

static int gup_fd = -1;

static int gup_cmd_flags(unsigned long cmd, void *addr, size_t size, int slow,
			 unsigned int flags)
{
	struct gup_benchmark g;

	memset(&g, 0, sizeof(g));
	g.addr = (uintptr_t)addr;
	g.size = size;
	g.nr_pages_per_call = 1;
	g.flags = flags;
	g.expansion[HOLD_SLOW] = slow;
	return ioctl(gup_fd, cmd, &g) ? -errno : 0;
}

static int gup_cmd(unsigned long cmd, void *addr, size_t size, int slow)
{
	return gup_cmd_flags(cmd, addr, size, slow, FOLL_WRITE);
}

/* The raw pagemap entry of each 4K page of [addr, addr + len). */
static bool read_pagemap(const void *addr, size_t len, uint64_t *ent)
{
	size_t n = len / PG_SIZE;
	off_t off = (uintptr_t)addr / PG_SIZE * sizeof(uint64_t);
	bool ok;
	int fd;

	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0)
		return false;
	ok = pread(fd, ent, n * sizeof(uint64_t), off) == (ssize_t)(n * sizeof(uint64_t));
	close(fd);
	return ok;
}

#define PM_PRESENT (1ULL << 63)
#define PM_SWAP (1ULL << 62)

/* Whether the guest has swap turned on. */
static bool have_swap(void)
{
	char line[256];
	int lines = 0;
	FILE *f = fopen("/proc/swaps", "r");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		lines++;
	fclose(f);
	return lines > 1;
}

/* Whether NUMA node 1 exists. */
static bool have_node1(void)
{
	return access("/sys/devices/system/node/node1/meminfo", R_OK) == 0;
}

static long move_pages(int count, void **pages, const int *nodes, int *status)
{
	return syscall(SYS_move_pages, 0, count, pages, nodes, status, MPOL_MF_MOVE);
}

/*
 * Move the 4K pages of [addr, addr + len) to NUMA node @target (if -1, to
 * the node other than the one of the first page), and put the node each
 * page is on afterwards into @status (or a negative errno): move_pages()
 * reports the target node also for a page it could not move. Returns the
 * target node, or -1.
 */
static int move_range(char *addr, size_t len, int target, int *status)
{
	size_t i, n = len / PG_SIZE;
	void **pages = calloc(n, sizeof(*pages));
	int *nodes = calloc(n, sizeof(*nodes));

	if (!pages || !nodes)
		goto fail;
	for (i = 0; i < n; i++)
		pages[i] = addr + i * PG_SIZE;
	if (target < 0) {
		if (move_pages(1, pages, NULL, status) || status[0] < 0)
			goto fail;
		target = status[0] == 0 ? 1 : 0;
	}
	for (i = 0; i < n; i++)
		nodes[i] = target;
	if (move_pages(n, pages, nodes, status) < 0 ||
	    move_pages(n, pages, NULL, status) < 0)
		goto fail;
	free(pages);
	free(nodes);
	return target;
fail:
	free(pages);
	free(nodes);
	return -1;
}

/*
 * The PFN of each 4K page of [addr, addr + len) into @pfn: 0 for a page
 * that is not present. Returns false if pagemap cannot be read.
 */
static bool read_pfns(const void *addr, size_t len, uint64_t *pfn)
{
	size_t i, n = len / PG_SIZE;

	if (!read_pagemap(addr, len, pfn))
		return false;
	for (i = 0; i < n; i++)
		pfn[i] = pfn[i] & PM_PRESENT ? pfn[i] & ((1ULL << 55) - 1) : 0;
	return true;
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

/*
 * Pages of @n whose PFNs in @a and @b are equal, also when neither is
 * present (paged out in both).
 */
static size_t equal_pfns(const uint64_t *a, const uint64_t *b, size_t n)
{
	size_t i, same = 0;

	for (i = 0; i < n; i++)
		if (a[i] == b[i])
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
		if (equal_pfns(ppfn + np, cpfn + np, n - np) != n - np)
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

/* What happens to the buffer between the pin and fork(). */
enum before {
	BEFORE_NOTHING,
	BEFORE_PAGEOUT,	/* MADV_PAGEOUT over the whole buffer */
	BEFORE_MIGRATE,	/* move_pages() of the whole buffer to the other node */
};

/* Move the per-CPU LRU caches to the LRU lists, where reclaim finds pages. */
static void lru_drain(void)
{
	static char page[PG_SIZE] __attribute__((aligned(PG_SIZE)));

	/* mlock() drains every CPU's LRU caches first. */
	if (!mlock(page, PG_SIZE))
		munlock(page, PG_SIZE);
}

/*
 * MADV_PAGEOUT over @mem, whose first @pinned bytes are pinned: the pinned
 * pages must stay mapped where @ppfn says; the others go to swap. @ppfn
 * is read again afterwards.
 */
static void pageout_check(const char *what, char *mem, size_t len, size_t pinned,
			  uint64_t *ppfn)
{
	size_t i, n = len / PG_SIZE, np = pinned / PG_SIZE, kept = 0, out = 0;
	uint64_t *ent = calloc(n, sizeof(*ent));
	int ret;

	if (!ent)
		ksft_exit_fail_msg("%s: no memory\n", what);
	lru_drain();
	ret = madvise(mem, len, MADV_PAGEOUT) ? -errno : 0;
	if (ret || !read_pagemap(mem, len, ent)) {
		client_result(false, "%s: MADV_PAGEOUT: %s", what,
			      ret ? strerror(-ret) : "pagemap unreadable");
		free(ent);
		return;
	}
	for (i = 0; i < np; i++)
		if ((ent[i] & PM_PRESENT) && (ent[i] & ((1ULL << 55) - 1)) == ppfn[i])
			kept++;
	for (i = np; i < n; i++)
		if (ent[i] & PM_SWAP)
			out++;
	client_result(kept == np,
		      "%s: MADV_PAGEOUT leaves the pinned pages mapped, at their PFNs (%zu of %zu)",
		      what, kept, np);
	if (n > np)
		client_result(out > 0,
			      "%s: MADV_PAGEOUT swaps out the pages not pinned (%zu of %zu)",
			      what, out, n - np);
	if (!read_pfns(mem, len, ppfn))
		memset(ppfn, 0, n * sizeof(*ppfn));
	free(ent);
}

/*
 * move_pages() of @mem, whose first @pinned bytes are pinned, to the other
 * NUMA node: the pinned pages must stay where @ppfn says; the others move.
 * @ppfn is read again afterwards.
 */
static void migrate_check(const char *what, char *mem, size_t len, size_t pinned,
			  uint64_t *ppfn, bool small)
{
	size_t i, n = len / PG_SIZE, np = pinned / PG_SIZE, kept = 0, moved = 0;
	uint64_t *pfn = calloc(n, sizeof(*pfn));
	int *status = calloc(n, sizeof(*status));
	int target;

	if (!pfn || !status)
		ksft_exit_fail_msg("%s: no memory\n", what);
	/*
	 * The half not pinned first: v5.4's migrate_pages() gives up the rest
	 * of its list when a THP or hugetlb page finds no memory on the node.
	 */
	target = move_range(mem + pinned, len - pinned, -1, status + np);
	if (target >= 0)
		target = move_range(mem, pinned, target, status);
	if (target < 0 || !read_pfns(mem, len, pfn)) {
		client_result(false, "%s: move_pages: %s", what, strerror(errno));
		goto out;
	}
	for (i = 0; i < np; i++)
		if (status[i] != target && pfn[i] == ppfn[i])
			kept++;
	for (i = np; i < n; i++)
		if (status[i] == target && pfn[i] != ppfn[i])
			moved++;
	client_result(kept == np,
		      "%s: move_pages() leaves the pinned pages on their node, at their PFNs (%zu of %zu)",
		      what, kept, np);
	/* A huge page needs a free huge page on the node: say, do not judge. */
	if (small)
		client_result(moved > 0,
			      "%s: move_pages() moves the pages not pinned to node %d (%zu of %zu)",
			      what, target, moved, n - np);
	else
		ksft_print_msg("%s: move_pages() moved %zu of the %zu pages not pinned to node %d\n",
			       what, moved, n - np, target);
	memcpy(ppfn, pfn, n * sizeof(*ppfn));
out:
	free(pfn);
	free(status);
}

/*
 * Hold a pin of the first half of a buffer of @kind (for writing, or for
 * reading only), do @before, fork, and check what each side and the pin
 * see, ending in @order.
 */
static void held_pin_fork(enum mem_kind kind, int slow, enum order order,
			  enum before before, bool write)
{
	size_t half = kind == MEM_4K ? 64 << 10 : HPAGE_SIZE, len = 2 * half;
	size_t n = len / PG_SIZE;
	long long huge_free = mem_info("HugePages_Free");
	struct pin_counters counters;
	char what[128], *mem, *buf;
	uint64_t *ppfn;
	unsigned char res;
	struct chan c;
	bool ok;
	pid_t pid;
	int ret;

	snprintf(what, sizeof(what), "%s, %s%s pin, %s%s", mem_kind_name[kind],
		 slow ? "slow" : "fast", write ? "" : " read", order_name[order],
		 before == BEFORE_PAGEOUT ? ", paged out first" :
		 before == BEFORE_MIGRATE ? ", migrated first" : "");
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

	pin_counters_read(&counters);
	ret = gup_cmd_flags(PIN_HOLD_TEST, mem, half, slow, write ? FOLL_WRITE : 0);
	client_result(!ret, "%s: hold a pin of %zu pages: %s", what, half / PG_SIZE,
		      ret ? strerror(-ret) : "ok");
	if (ret) {
		munmap(mem, len);
		munmap(buf, half);
		free(ppfn);
		return;
	}
	/* The pin's fault may have placed or moved the pages: PFNs again. */
	if (!read_pfns(mem, len, ppfn))
		memset(ppfn, 0, n * sizeof(*ppfn));
	if (before == BEFORE_PAGEOUT)
		pageout_check(what, mem, len, half, ppfn);
	else if (before == BEFORE_MIGRATE)
		migrate_check(what, mem, len, half, ppfn, kind == MEM_4K);

	pid = fork_child(&c, what, mem, len, half, ppfn, order == CHILD_UNMAPS);

	mem_fill(mem, 0, len, SEED_PARENT);
	chan_send(c.to_child[1], 1);
	res = chan_recv(c.to_parent[0]);
	report_child(res, what, half, len);

	client_result(held_is(buf, half, SEED_PARENT),
		      "%s: the pin reads what the parent wrote after fork(), not the child's data", what);
	if (write) {
		mem_fill(buf, 0, half, SEED_DEVICE);
		ret = gup_cmd(PIN_HELD_WRITE_TEST, buf, half, 0);
		client_result(!ret && mem_check(mem, 0, half, SEED_DEVICE) < 0,
			      "%s: the parent reads what was written through the pin", what);
	} else {
		/* Nothing written through a read pin: the parent's data stays. */
		mem_fill(mem, 0, half, SEED_DEVICE);
	}

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
	pin_expect_delta(&counters, half / PG_SIZE, half / PG_SIZE, "%s: pins balanced", what);
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
static void io_uring_fork(struct ring *r, int disk, enum mem_kind kind, char *bounce,
			  bool pageout)
{
	size_t len = kind == MEM_4K ? 64 << 10 : HPAGE_SIZE;
	struct pin_counters before;
	struct iovec iov;
	unsigned char res;
	struct chan c;
	char what[96], *mem;
	uint64_t *ppfn;
	int ret, w, rd;
	pid_t pid;
	bool ok;

	snprintf(what, sizeof(what), "io_uring %s fixed buffer%s", mem_kind_name[kind],
		 pageout ? ", paged out first" : "");
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

	if (pageout)
		pageout_check(what, mem, len, len, ppfn);

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

static bool write_str(const char *path, const char *v)
{
	int fd = open(path, O_WRONLY);
	bool ok;

	if (fd < 0)
		return false;
	ok = write(fd, v, strlen(v)) == (ssize_t)strlen(v);
	return close(fd) == 0 && ok;
}

/*
 * move_pages() of a pinned buffer from a thread, over and over, and every
 * 16th time compaction of all memory, while the process forks again and
 * again. A migration that unmapped the pinned
 * pages, however briefly, could hand fork() a migration entry to share
 * with the child; the parent's next write would then copy its page away
 * from the pin.
 */
struct mover {
	char *mem;
	size_t len;
	volatile int stop;
	long calls;
};

static void *mover_thread(void *arg)
{
	struct mover *m = arg;
	int *status = calloc(m->len / PG_SIZE, sizeof(*status));

	while (status && !m->stop) {
		move_range(m->mem, m->len, -1, status);
		/* Compaction migrates the pages too, every few rounds. */
		if (!(++m->calls % 16))
			write_str("/proc/sys/vm/compact_memory", "1\n");
	}
	free(status);
	return NULL;
}

#define RACE_FORKS 200

static void migrate_fork_race(void)
{
	size_t len = 64 << 10;
	const char *what = "4K, fast pin, move_pages() and compaction racing fork()";
	struct pin_counters counters;
	struct mover m = { 0 };
	pthread_t thread;
	int round, bad = 0, failed = 0, ret;
	char *mem, *buf;
	struct chan c;
	pid_t pid;

	mem = mem_map(MEM_4K, len);
	buf = mem_map(MEM_4K, len);
	if (mem == MAP_FAILED || buf == MAP_FAILED)
		ksft_exit_fail_msg("%s: no memory: %s\n", what, strerror(errno));
	mem_fill(mem, 0, len, SEED_FORK);
	pin_counters_read(&counters);
	ret = gup_cmd(PIN_HOLD_TEST, mem, len, 0);
	if (ret) {
		client_result(false, "%s: hold a pin: %s", what, strerror(-ret));
		goto out;
	}
	m.mem = mem;
	m.len = len;
	if (pthread_create(&thread, NULL, mover_thread, &m))
		ksft_exit_fail_msg("%s: pthread_create failed\n", what);
	for (round = 0; round < RACE_FORKS; round++) {
		chan_open(&c);
		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			failed++;
			chan_close(&c);
			continue;
		}
		if (!pid) {
			chan_recv(c.to_child[0]);
			_exit(0);
		}
		mem_fill(mem, 0, len, SEED_PARENT + round);
		if (!held_is(buf, len, SEED_PARENT + round))
			bad++;
		chan_send(c.to_child[1], 1);
		if (!child_ok(pid))
			failed++;
		chan_close(&c);
	}
	m.stop = 1;
	pthread_join(thread, NULL);
	client_result(!bad && !failed,
		      "%s: after each of %d forks the pin reads what the parent wrote (%d did not, %d forks failed; %ld move_pages() rounds)",
		      what, RACE_FORKS, bad, failed, m.calls);
	ret = gup_cmd(PIN_RELEASE_TEST, NULL, 0, 0);
	client_result(!ret, "%s: released: %s", what, ret ? strerror(-ret) : "ok");
	pin_expect_delta(&counters, len / PG_SIZE, len / PG_SIZE, "%s: pins balanced", what);
out:
	munmap(mem, len);
	munmap(buf, len);
}

/*
 * fork() of a process in a memory cgroup (v1): a worker joins the group,
 * pins, and does what the test asks; it reports over a pipe.
 *  - MEMCG_ENOMEM: the group is too small for the child's copies of the
 *    pinned pages, memory and swap together (else reclaim would swap the
 *    copies out to make room). With the OOM killer off for the group, a
 *    charge outside a page fault fails rather than kill the process:
 *    fork() fails with ENOMEM, and leaves no charge behind.
 *  - MEMCG_PRESSURE: the worker fills the group past its limit with other
 *    anonymous memory, so that reclaim swaps; the pinned pages stay
 *    mapped at their PFNs, and fork() then leaves them to the parent.
 *  - MEMCG_KILL: the worker forks with many pinned pages; once the copies
 *    are being charged, SIGKILL. The copy must stop there: the group's
 *    peak usage stays well below what the whole copy would charge.
 */
#define MEMCG_MNT "/tmp/fork_pin_memcg"
#define MEMCG_DIR MEMCG_MNT "/fork_pin"
#define MEMCG_PINNED (4UL << 20)
#define MEMCG_ROOM (1UL << 20)
#define PRESSURE_LIMIT (16UL << 20)
#define PRESSURE_FILL (48UL << 20)
#define KILL_PINNED (128UL << 20)

enum memcg_mode { MEMCG_ENOMEM, MEMCG_PRESSURE, MEMCG_KILL };

struct memcg_report {
	int setup;		/* 0, or the step that failed */
	int setup_errno;
	int fork_ret;		/* -1 if fork() failed */
	int fork_errno;
	long long usage_before, usage_after, limit;
	size_t kept, swapped;	/* MEMCG_PRESSURE: pinned pages kept, others swapped */
	int pin_ok;		/* the pin reads what the parent wrote after fork() */
	int child_ok;		/* the child saw the data as at fork() */
	int release;		/* PIN_RELEASE_TEST's result */
};

static void memcg_send(int fd, struct memcg_report *rep)
{
	if (write(fd, rep, sizeof(*rep)) != sizeof(*rep))
		_exit(2);
}

/* Lift the limits: memory and swap first, which must stay the higher. */
static void memcg_unlimit(void)
{
	write_str(MEMCG_DIR "/memory.memsw.limit_in_bytes", "-1\n");
	write_str(MEMCG_DIR "/memory.limit_in_bytes", "-1\n");
}

static void memcg_worker(enum memcg_mode mode, int fd_out)
{
	size_t pinned = mode == MEMCG_KILL ? KILL_PINNED : MEMCG_PINNED;
	size_t i, n = pinned / PG_SIZE;
	struct memcg_report rep = { 0 };
	char *mem, *buf, *fill, pidstr[32];
	uint64_t *ppfn = calloc(n, sizeof(*ppfn)), *ent = calloc(n, sizeof(*ent));
	struct chan c;
	pid_t pid;

	snprintf(pidstr, sizeof(pidstr), "%d\n", (int)getpid());
	rep.setup = 1;
	if (!ppfn || !ent || !write_str(MEMCG_DIR "/cgroup.procs", pidstr))
		goto fail;
	rep.setup = 2;
	if (mode == MEMCG_ENOMEM && !write_str(MEMCG_DIR "/memory.oom_control", "1\n"))
		goto fail;
	rep.setup = 3;
	gup_fd = open(GUP_BENCHMARK_PATH, O_RDWR);
	mem = mem_map(MEM_4K, pinned);
	buf = mem_map(MEM_4K, mode == MEMCG_KILL ? PG_SIZE : pinned);
	if (gup_fd < 0 || mem == MAP_FAILED || buf == MAP_FAILED)
		goto fail;
	/* @buf stays untouched: nothing else in the group to reclaim. */
	mem_fill(mem, 0, pinned, SEED_FORK);
	rep.setup = 4;
	errno = -gup_cmd(PIN_HOLD_TEST, mem, pinned, 0);
	if (errno || !read_pfns(mem, pinned, ppfn))
		goto fail;
	rep.setup = 5;
	rep.usage_before = read_ll(MEMCG_DIR "/memory.usage_in_bytes");
	if (rep.usage_before < (long long)pinned)
		goto fail;
	if (mode == MEMCG_ENOMEM)
		rep.limit = rep.usage_before + MEMCG_ROOM;
	else if (mode == MEMCG_PRESSURE)
		rep.limit = rep.usage_before + PRESSURE_LIMIT;
	if (rep.limit && !write_ll(MEMCG_DIR "/memory.limit_in_bytes", rep.limit))
		goto fail;
	/*
	 * With swap, reclaim would make room by swapping out the copies
	 * made so far: limit memory and swap together too.
	 */
	rep.setup = 6;
	if (mode == MEMCG_ENOMEM &&
	    !write_ll(MEMCG_DIR "/memory.memsw.limit_in_bytes",
		      read_ll(MEMCG_DIR "/memory.memsw.usage_in_bytes") + MEMCG_ROOM))
		goto fail;

	if (mode == MEMCG_PRESSURE) {
		/* Three times the room left: reclaim must swap to make room. */
		rep.setup = 7;
		fill = mem_map(MEM_4K, PRESSURE_FILL);
		if (fill == MAP_FAILED)
			goto fail;
		mem_fill(fill, 0, PRESSURE_FILL, SEED_CHILD);
		if (!read_pagemap(mem, pinned, ent))
			goto fail;
		for (i = 0; i < n; i++)
			if ((ent[i] & PM_PRESENT) && (ent[i] & ((1ULL << 55) - 1)) == ppfn[i])
				rep.kept++;
		ent = realloc(ent, PRESSURE_FILL / PG_SIZE * sizeof(*ent));
		if (!ent || !read_pagemap(fill, PRESSURE_FILL, ent))
			goto fail;
		for (i = 0; i < PRESSURE_FILL / PG_SIZE; i++)
			if (ent[i] & PM_SWAP)
				rep.swapped++;
		munmap(fill, PRESSURE_FILL);
	}
	rep.setup = 0;
	if (mode == MEMCG_KILL) {
		/* The peak from here on; then tell the test to watch. */
		write_str(MEMCG_DIR "/memory.max_usage_in_bytes", "0\n");
		memcg_send(fd_out, &rep);
	}

	chan_open(&c);
	fflush(stdout);
	pid = fork();
	rep.fork_ret = pid < 0 ? -1 : 1;
	rep.fork_errno = errno;
	if (!pid) {
		/* Nothing of the worker's: its death must end this too. */
		close(c.to_child[1]);
		close(fd_out);
		close(gup_fd);
		chan_recv(c.to_child[0]);
		_exit(mem_check(mem, 0, pinned, SEED_FORK) < 0 ? 0 : 1);
	}
	rep.usage_after = read_ll(MEMCG_DIR "/memory.usage_in_bytes");
	memcg_unlimit();
	mem_fill(mem, 0, pinned, SEED_PARENT);
	/* MEMCG_KILL's worker should be dead; its buffer is one page. */
	rep.pin_ok = mode != MEMCG_KILL && held_is(buf, pinned, SEED_PARENT);
	if (pid > 0) {
		chan_send(c.to_child[1], 1);
		rep.child_ok = child_ok(pid);
	}
	chan_close(&c);
	rep.release = gup_cmd(PIN_RELEASE_TEST, NULL, 0, 0);
	memcg_send(fd_out, &rep);
	_exit(0);
fail:
	rep.setup_errno = errno;
	memcg_unlimit();
	memcg_send(fd_out, &rep);
	_exit(1);
}

/* Kill what is left in the group (a child of a worker killed late). */
static void memcg_kill_left(void)
{
	FILE *f = fopen(MEMCG_DIR "/cgroup.procs", "r");
	int pid, tries;

	if (!f)
		return;
	while (fscanf(f, "%d", &pid) == 1)
		kill(pid, SIGKILL);
	fclose(f);
	for (tries = 0; tries < 100 && rmdir(MEMCG_DIR) && errno == EBUSY; tries++)
		usleep(10000);
}

static void memcg_fork(enum memcg_mode mode)
{
	static const char *const names[] = {
		"memory cgroup too small for the copies",
		"memory cgroup under pressure",
		"SIGKILL during fork()'s copy",
	};
	const char *what = names[mode];
	size_t pinned = mode == MEMCG_KILL ? KILL_PINNED : MEMCG_PINNED;
	long long usage, peak = -1;
	struct pin_counters counters;
	struct memcg_report rep;
	bool mounted, reaped = false;
	int p[2], status = 0;
	pid_t pid;

	mkdir(MEMCG_MNT, 0755);
	mounted = !mount("fork_pin", MEMCG_MNT, "cgroup", 0, "memory");
	if (!mounted || (mkdir(MEMCG_DIR, 0755) && errno != EEXIST)) {
		client_result(false, "%s: no cgroup v1 memory controller (CONFIG_MEMCG): %s", what,
			      strerror(errno));
		goto out;
	}
	if (pipe(p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	pin_counters_read(&counters);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		ksft_exit_fail_msg("%s: fork: %s\n", what, strerror(errno));
	if (!pid) {
		close(p[0]);
		memcg_worker(mode, p[1]);
	}
	close(p[1]);
	memset(&rep, 0, sizeof(rep));
	if (read(p[0], &rep, sizeof(rep)) != sizeof(rep))
		rep.setup = -1;
	if (mode == MEMCG_KILL && !rep.setup) {
		/* The worker is about to fork: kill it once a quarter is copied. */
		do {
			usage = read_ll(MEMCG_DIR "/memory.usage_in_bytes");
			reaped = waitpid(pid, &status, WNOHANG) == pid;
		} while (usage >= 0 && usage < rep.usage_before + (long long)pinned / 4 &&
			 !reaped);
		if (!reaped)
			kill(pid, SIGKILL);
	}
	close(p[0]);
	if (!reaped)
		waitpid(pid, &status, 0);
	if (mode == MEMCG_KILL && !rep.setup) {
		peak = read_ll(MEMCG_DIR "/memory.max_usage_in_bytes");
		client_result(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
			      "%s: the worker died of SIGKILL (status %#x)", what, status);
		client_result(peak >= 0 && peak < rep.usage_before + (long long)pinned * 3 / 4,
			      "%s: the copy of %lu MiB stopped at the kill (peak %lld KiB above the pinned %lld KiB)",
			      what, pinned >> 20, (peak - rep.usage_before) >> 10,
			      rep.usage_before >> 10);
		pin_expect_delta(&counters, pinned / PG_SIZE, pinned / PG_SIZE,
				 "%s: the dead worker's pins were released", what);
		goto out;
	}
	if (rep.setup) {
		client_result(false, "%s: the worker failed at step %d: %s", what, rep.setup,
			      strerror(rep.setup_errno));
		goto out;
	}
	if (mode == MEMCG_ENOMEM) {
		client_result(rep.fork_ret < 0 && rep.fork_errno == ENOMEM,
			      "%s: fork() of %lu pinned KiB with %lu KiB left fails with ENOMEM (%s)",
			      what, pinned >> 10, MEMCG_ROOM >> 10,
			      rep.fork_ret < 0 ? strerror(rep.fork_errno) : "the child was created");
		/*
		 * Slab pages of the failed fork's vmas, and the per-CPU charge
		 * stock (up to 128 KiB), may stay charged; not a copy (4 KiB
		 * each, 4 MiB in all).
		 */
		client_result(rep.usage_after >= 0 &&
			      rep.usage_after <= rep.usage_before + (192 << 10),
			      "%s: the failed fork() left no copy charged (usage %lld, before %lld)",
			      what, rep.usage_after, rep.usage_before);
	} else {
		client_result(rep.kept == pinned / PG_SIZE && rep.swapped > 0,
			      "%s: reclaim swapped out other pages (%zu) and left the pinned ones mapped at their PFNs (%zu of %lu)",
			      what, rep.swapped, rep.kept, pinned / PG_SIZE);
		client_result(rep.fork_ret > 0 && rep.child_ok,
			      "%s: fork() then succeeds and the child sees the data as at fork() (%s)",
			      what, rep.fork_ret > 0 ? "ok" : strerror(rep.fork_errno));
	}
	client_result(rep.pin_ok && !rep.release,
		      "%s: the pin reads what the parent writes after fork(), and is released", what);
	pin_expect_delta(&counters, pinned / PG_SIZE, pinned / PG_SIZE, "%s: pins balanced", what);
out:
	memcg_kill_left();
	rmdir(MEMCG_DIR);
	if (mounted)
		umount(MEMCG_MNT);
	rmdir(MEMCG_MNT);
}

/*
 * What pin_user_pages.rst says fork() does not guarantee: a pin for
 * reading, taken after fork() of a page still shared with the child, does
 * not break the sharing, and the parent's next write moves away from the
 * pinned page. A pin for writing breaks it first, and keeps the parent's.
 */
static void pin_after_fork(bool write)
{
	size_t len = 64 << 10;
	char what[96], *mem, *buf;
	struct pin_counters counters;
	struct chan c;
	pid_t pid;
	int ret;

	snprintf(what, sizeof(what), "4K, pin for %s taken after fork() of a shared page",
		 write ? "writing" : "reading");
	mem = mem_map(MEM_4K, len);
	buf = mem_map(MEM_4K, len);
	if (mem == MAP_FAILED || buf == MAP_FAILED)
		ksft_exit_fail_msg("%s: no memory\n", what);
	mem_fill(mem, 0, len, SEED_FORK);
	chan_open(&c);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		ksft_exit_fail_msg("%s: fork: %s\n", what, strerror(errno));
	if (!pid) {
		chan_recv(c.to_child[0]);
		_exit(mem_check(mem, 0, len, SEED_FORK) < 0 ? 0 : 1);
	}
	pin_counters_read(&counters);
	ret = gup_cmd_flags(PIN_HOLD_TEST, mem, len, 0, write ? FOLL_WRITE : 0);
	if (ret) {
		client_result(false, "%s: hold a pin: %s", what, strerror(-ret));
	} else {
		mem_fill(mem, 0, len, SEED_PARENT);
		if (write)
			client_result(held_is(buf, len, SEED_PARENT),
				      "%s: the pin broke the sharing first, and reads the parent's writes",
				      what);
		else
			client_result(held_is(buf, len, SEED_FORK),
				      "%s: as documented, the parent's write moved away from the pin, which still reads the data as at fork()",
				      what);
		ret = gup_cmd(PIN_RELEASE_TEST, NULL, 0, 0);
	}
	chan_send(c.to_child[1], 1);
	client_result(child_ok(pid) && !ret, "%s: the child kept its data, the pin released", what);
	chan_close(&c);
	pin_expect_delta(&counters, len / PG_SIZE, len / PG_SIZE, "%s: pins balanced", what);
	munmap(mem, len);
	munmap(buf, len);
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

/*
 * A failed migration of a pinned page must not have unmapped it at all:
 * a migration entry, however brief, could be shared by a fork(). The
 * trace it would leave is the pte's Accessed bit: a page that migration
 * unmapped and mapped back gets an old pte. Idle page tracking shows it:
 * mark the page idle (which clears the bit), touch it (which sets it),
 * try to move it, and ask whether it is idle.
 */
#define PAGE_IDLE "/sys/kernel/mm/page_idle/bitmap"

static int idle_bit(uint64_t pfn, bool set)
{
	off_t off = pfn / 64 * sizeof(uint64_t);
	uint64_t bits = 0;
	int fd, ret = -1;

	fd = open(PAGE_IDLE, O_RDWR);
	if (fd < 0)
		return -1;
	if (set) {
		bits = 1ULL << (pfn % 64);
		if (pwrite(fd, &bits, sizeof(bits), off) == sizeof(bits))
			ret = 1;
	} else if (pread(fd, &bits, sizeof(bits), off) == sizeof(bits)) {
		ret = !!(bits & (1ULL << (pfn % 64)));
	}
	close(fd);
	return ret;
}

static void migrate_keeps_pte(void)
{
	const char *what = "4K, fast pin, move_pages()";
	struct pin_counters counters;
	uint64_t pfn, after;
	int status, ret, idle;
	char *mem;

	if (access(PAGE_IDLE, R_OK | W_OK)) {
		client_result(false, "%s: no %s (CONFIG_IDLE_PAGE_TRACKING)", what, PAGE_IDLE);
		return;
	}
	mem = mem_map(MEM_4K, PG_SIZE);
	if (mem == MAP_FAILED)
		ksft_exit_fail_msg("%s: no memory\n", what);
	mem_fill(mem, 0, PG_SIZE, SEED_FORK);
	pin_counters_read(&counters);
	ret = gup_cmd(PIN_HOLD_TEST, mem, PG_SIZE, 0);
	if (ret || !read_pfns(mem, PG_SIZE, &pfn) || !pfn) {
		client_result(false, "%s: hold a pin: %s", what, ret ? strerror(-ret) : "no PFN");
		goto out;
	}
	/*
	 * Idle: the Accessed bit cleared. A TLB flush, then a write sets it.
	 * Idle page tracking sees only pages on an LRU list, not in a
	 * per-CPU cache of one: drain those first.
	 */
	lru_drain();
	if (idle_bit(pfn, true) != 1 || idle_bit(pfn, false) != 1) {
		client_result(false, "%s: mark the pinned page idle: %s", what, strerror(errno));
		goto release;
	}
	mprotect(mem, PG_SIZE, PROT_READ);
	mprotect(mem, PG_SIZE, PROT_READ | PROT_WRITE);
	mem_fill(mem, 0, PG_SIZE, SEED_PARENT);
	ret = move_range(mem, PG_SIZE, -1, &status);
	lru_drain();
	idle = idle_bit(pfn, false);
	if (!read_pfns(mem, PG_SIZE, &after))
		after = 0;
	client_result(ret >= 0 && after == pfn && idle == 0,
		      "%s: the failed migration left the pinned page's pte as it was, young (move_pages %s, idle %d, PFN %s)",
		      what, ret >= 0 ? "ran" : strerror(errno), idle,
		      after == pfn ? "unchanged" : "changed");
release:
	ret = gup_cmd(PIN_RELEASE_TEST, NULL, 0, 0);
	pin_expect_delta(&counters, 1, 1, "%s: pins balanced", what);
out:
	munmap(mem, PG_SIZE);
}

#define NUMA_BALANCING "/proc/sys/kernel/numa_balancing"
static long long numa_balancing = -1;

/* The checks that need a second NUMA node. */
static void numa_checks(void)
{
	int k;

	if (!have_node1()) {
		ksft_print_msg("migration of pinned pages before fork(): one NUMA node\n");
		return;
	}
	migrate_keeps_pte();
	for (k = 0; k < MEM_KINDS; k++)
		held_pin_fork(k, k & 1, CHILD_EXITS_FIRST, BEFORE_MIGRATE, true);
	migrate_fork_race();
}

/*
 * 'fork_pin' runs every check, those of numa_checks() only where a second
 * NUMA node exists; 'fork_pin numa' runs only those.
 */
int main(int argc, char **argv)
{
	bool numa_only = argc > 1 && !strcmp(argv[1], "numa");
	struct ring r;
	char *bounce;
	int k, o, ret, disk;
	bool held = true;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ksft_print_header();
	client_deadline();
	numa_balancing = read_ll(NUMA_BALANCING);
	if (numa_balancing > 0)
		write_ll(NUMA_BALANCING, 0);

	/* Before anything pins in this process. */
	if (!numa_only)
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
	if (numa_only) {
		/* Run for nothing else: without a second node, a skip. */
		if (!have_node1())
			ksft_exit_skip("fork_pin numa: no NUMA node 1\n");
		if (held)
			numa_checks();
		goto out;
	}
	if (held) {
		for (k = 0; k < MEM_KINDS; k++) {
			held_pin_fork(k, 0, CHILD_EXITS_FIRST, BEFORE_NOTHING, true);
			held_pin_fork(k, 1, CHILD_EXITS_FIRST, BEFORE_NOTHING, true);
			for (o = PARENT_UNPINS_FIRST; o < NR_ORDERS; o++)
				held_pin_fork(k, o & 1, o, BEFORE_NOTHING, true);
			held_pin_fork(k, k & 1, CHILD_EXITS_FIRST, BEFORE_NOTHING, false);
		}
		hugetlb_enomem();
		held_write_needs_write_pin();

		if (have_swap()) {
			/* hugetlb pages are not reclaimed. */
			for (k = MEM_4K; k <= MEM_THP; k++) {
				held_pin_fork(k, 0, CHILD_EXITS_FIRST, BEFORE_PAGEOUT, true);
				held_pin_fork(k, 1, PARENT_UNPINS_FIRST, BEFORE_PAGEOUT, false);
			}
		} else {
			/* The test guest has swap (selftests/run-qemu --swap). */
			client_result(false, "reclaim of pinned pages before fork(): no swap is on");
		}
		numa_checks();
		memcg_fork(MEMCG_ENOMEM);
		if (have_swap())
			memcg_fork(MEMCG_PRESSURE);
		memcg_fork(MEMCG_KILL);
		pin_after_fork(false);
		pin_after_fork(true);
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
			io_uring_fork(&r, disk, k, bounce, false);
		if (have_swap())
			io_uring_fork(&r, disk, MEM_4K, bounce, true);
	}
out:
	if (numa_balancing > 0)
		write_ll(NUMA_BALANCING, numa_balancing);
	pin_expect_balanced("fork_pin: every pin released");
	/* The number of checks depends on what the kernel has: plan last. */
	ksft_set_plan(ksft_test_num());
	if (ksft_get_fail_cnt())
		ksft_exit_fail();
	ksft_exit_pass();
	return 0;
}
