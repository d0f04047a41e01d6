// SPDX-License-Identifier: GPL-2.0
/*
 * remote_access - /proc/PID/mem and PTRACE_PEEKDATA/POKEDATA on a child, on
 * 4K, THP and hugetlb memory.
 *
 * Both reach gup through access_remote_vm() / ptrace_access_vm(): one
 * get_user_pages_remote() (FOLL_GET, FOLL_FORCE) per page, a kmap'ed copy,
 * put_page(). They take references, not pins: the data must be right and
 * the pin counters must not move.
 *
 * The child maps 4 MiB of each kind (two huge pages for THP and hugetlb),
 * with nothing mapped after it, fills it with a pattern and sends the
 * addresses through a pipe; it checks on request what the parent wrote.
 *
 * /proc/PID/mem (v5.4 mem_rw(): page-sized chunks through
 * access_remote_vm(), which stops at the first page it cannot get): reads
 * and writes at an unaligned start across 4K pages, across the 2 MiB
 * boundary, of the 8 bytes at end - 8, of 8 bytes at end - 4 (crossing the
 * end: 4 bytes, the part before the end, are transferred), and at the end
 * (EIO).
 *
 * ptrace (the child is seized and stopped with PTRACE_INTERRUPT): PEEKDATA
 * of the first word, of an unaligned word, of the word across the 2 MiB
 * boundary, of the word at end - 8; of the word at end - 4 and at the end:
 * EIO. POKEDATA of the word at end - 8; at end - 4: EIO, after v5.4's
 * ptrace_access_vm() has written the 4 bytes before the end (checked).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest.h"
#include "pin_counters.h"
#include "client_mem.h"

#define REGION (4UL << 20)

struct child_info {
	char *addr[MEM_KINDS];
	long huge_kb[MEM_KINDS];
};

enum { REQ_CHECK, REQ_RESTORE };

struct req {
	int op;
	int kind;
	size_t off, len;
	unsigned int seed;
};

static int to_child, from_child, memfd;
static pid_t child;
static struct child_info ci;

static unsigned int base_seed(int kind)
{
	return 0x23 * (kind + 1);
}

static void child_main(int rfd, int wfd)
{
	struct req r;
	long res;
	int k;

	for (k = 0; k < MEM_KINDS; k++) {
		ci.addr[k] = mem_map(k, REGION);
		if (ci.addr[k] == MAP_FAILED)
			ci.addr[k] = NULL;
		else
			mem_fill(ci.addr[k], 0, REGION, base_seed(k));
	}
	for (k = 0; k < MEM_KINDS; k++) {
		if (ci.addr[k] && !mem_unmapped(ci.addr[k] + REGION))
			ci.addr[k] = NULL;
		else if (ci.addr[k])
			ci.huge_kb[k] = mem_anon_huge_kb(0, ci.addr[k]);
	}
	if (write(wfd, &ci, sizeof(ci)) != sizeof(ci))
		_exit(1);
	while (read(rfd, &r, sizeof(r)) == sizeof(r)) {
		if (r.op == REQ_CHECK) {
			res = mem_check(ci.addr[r.kind] + r.off, r.off, r.len, r.seed);
		} else {
			mem_fill(ci.addr[r.kind], 0, REGION, base_seed(r.kind));
			res = 0;
		}
		if (write(wfd, &res, sizeof(res)) != sizeof(res))
			_exit(1);
	}
	_exit(0);
}

static long child_req(int op, int kind, size_t off, size_t len, unsigned int seed)
{
	struct req r = { op, kind, off, len, seed };
	long res = -2;

	if (write(to_child, &r, sizeof(r)) != sizeof(r) ||
	    read(from_child, &res, sizeof(res)) != sizeof(res))
		ksft_exit_fail_msg("lost the child: %s\n", strerror(errno));
	return res;
}

/* /proc/PID/mem reads: offset in the region (negative: from the end), length, expected result. */
static const struct {
	const char *what;
	long off;
	size_t len;
	ssize_t expect;		/* bytes, or -errno */
} mem_ops[] = {
	{ "unaligned start across 4K pages", 4095, 8194, 8194 },
	{ "across the 2 MiB boundary", (2 << 20) - 5000, 10000, 10000 },
	{ "the 8 bytes at end - 8", -8, 8, 8 },
	{ "8 bytes at end - 4 (across the end)", -4, 8, 4 },
	{ "4096 bytes at end - 4095 (across the end)", -4095, 4096, 4095 },
	{ "at the end", 0x7fffffff, 8, -EIO },
};

static void test_proc_mem(int kind)
{
	char *base = ci.addr[kind];
	unsigned int seed = base_seed(kind), wseed = 0x99 + kind;
	unsigned char *buf = malloc(16384);
	struct pin_counters before;
	unsigned int i;
	long bad;
	int w;

	pin_counters_read(&before);
	for (w = 0; w < 2; w++) {
		for (i = 0; i < sizeof(mem_ops) / sizeof(mem_ops[0]); i++) {
			size_t off = mem_ops[i].off == 0x7fffffff ? REGION :
				mem_ops[i].off < 0 ? REGION + mem_ops[i].off : (size_t)mem_ops[i].off;
			size_t len = mem_ops[i].len;
			ssize_t n;

			bad = -1;
			if (w) {
				mem_fill(buf, off, len, wseed);
				n = pwrite(memfd, buf, len, (off_t)(uintptr_t)(base + off));
			} else {
				memset(buf, 0, len);
				n = pread(memfd, buf, len, (off_t)(uintptr_t)(base + off));
			}
			if (n < 0)
				n = -errno;
			if (n > 0 && w) {
				bad = child_req(REQ_CHECK, kind, off, n, wseed);
				/* What follows within the vma is untouched. */
				if (bad < 0 && off + n < REGION)
					bad = child_req(REQ_CHECK, kind, off + n,
							len - n < REGION - off - n ? len - n : REGION - off - n,
							seed);
				child_req(REQ_RESTORE, kind, 0, 0, 0);
			} else if (n > 0) {
				bad = mem_check(buf, off, n, seed);
			}
			client_result(n == mem_ops[i].expect && bad < 0,
				      "/proc/PID/mem %s %s: %s: %zd (expected %zd), data %s",
				      w ? "write" : "read", mem_kind_name[kind], mem_ops[i].what,
				      n, mem_ops[i].expect, bad < 0 ? "ok" : "wrong");
		}
	}
	pin_expect_delta(&before, 0, 0, "/proc/PID/mem %s: FOLL_GET, no pins", mem_kind_name[kind]);
	free(buf);
}

static int stop_child(void)
{
	int status;

	if (ptrace(PTRACE_SEIZE, child, NULL, NULL) ||
	    ptrace(PTRACE_INTERRUPT, child, NULL, NULL) ||
	    waitpid(child, &status, __WALL) != child || !WIFSTOPPED(status)) {
		ksft_print_msg("seizing the child: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* PEEKDATA: errno 0 and the word, or the errno. */
static int peek(void *addr, unsigned long *word)
{
	errno = 0;
	*word = ptrace(PTRACE_PEEKDATA, child, addr, NULL);
	return errno;
}

static void test_ptrace(int kind)
{
	char *base = ci.addr[kind];
	unsigned int seed = base_seed(kind), wseed = 0xc3 + kind;
	struct pin_counters before;
	static const struct {
		const char *what;
		long off;
		int err;
	} peeks[] = {
		{ "the first word", 0, 0 },
		{ "an unaligned word", 4093, 0 },
		{ "the word across the 2 MiB boundary", (2 << 20) - 4, 0 },
		{ "the word at end - 8", -8, 0 },
		{ "the word at end - 4 (across the end)", -4, EIO },
		{ "the word at the end", 0x7fffffff, EIO },
	};
	unsigned long word, want;
	unsigned int i;
	long res4 = 0;
	int err, err2, err3;

	if (stop_child()) {
		ksft_test_result_fail("ptrace %s: cannot stop the child\n", mem_kind_name[kind]);
		return;
	}
	pin_counters_read(&before);
	for (i = 0; i < sizeof(peeks) / sizeof(peeks[0]); i++) {
		size_t off = peeks[i].off == 0x7fffffff ? REGION :
			peeks[i].off < 0 ? REGION + peeks[i].off : (size_t)peeks[i].off;

		err = peek(base + off, &word);
		mem_fill(&want, off, sizeof(want), seed);
		client_result(err == peeks[i].err && (err || word == want),
			      "PTRACE_PEEKDATA %s: %s: %s%s", mem_kind_name[kind], peeks[i].what,
			      err ? strerror(err) : "ok",
			      err ? "" : word == want ? ", word ok" : ", word wrong");
	}

	/* POKEDATA of the word at end - 8, read back with PEEKDATA. */
	mem_fill(&want, REGION - 8, sizeof(want), wseed);
	errno = 0;
	err = ptrace(PTRACE_POKEDATA, child, base + REGION - 8, (void *)want) ? errno : 0;
	err2 = peek(base + REGION - 8, &word);
	client_result(!err && !err2 && word == want,
		      "PTRACE_POKEDATA %s: the word at end - 8: %s, read back %s",
		      mem_kind_name[kind], err ? strerror(err) : "ok", word == want ? "ok" : "wrong");

	/* Across the end: EIO, and v5.4 has written the 4 bytes before it. */
	mem_fill(&want, REGION - 4, sizeof(want), wseed + 1);
	errno = 0;
	err3 = ptrace(PTRACE_POKEDATA, child, base + REGION - 4, (void *)want) ? errno : 0;
	ptrace(PTRACE_DETACH, child, NULL, NULL);
	res4 = child_req(REQ_CHECK, kind, REGION - 4, 4, wseed + 1);
	client_result(err3 == EIO && res4 < 0,
		      "PTRACE_POKEDATA %s: the word at end - 4: %s (expected EIO), the 4 bytes before the end %s",
		      mem_kind_name[kind], err3 ? strerror(err3) : "succeeded",
		      res4 < 0 ? "written" : "not written");
	/* The child checks the word at end - 8 in its own memory too. */
	mem_fill(&want, REGION - 8, 4, wseed);
	client_result(child_req(REQ_CHECK, kind, REGION - 8, 4, wseed) < 0,
		      "PTRACE_POKEDATA %s: the child sees the poked word", mem_kind_name[kind]);
	child_req(REQ_RESTORE, kind, 0, 0, 0);
	pin_expect_delta(&before, 0, 0, "ptrace %s: FOLL_GET, no pins", mem_kind_name[kind]);
}

int main(void)
{
	int p2c[2], c2p[2], k, i;
	char path[64];

	setvbuf(stdout, NULL, _IOLBF, 0);
	ksft_print_header();
	client_deadline();
	if (pipe(p2c) || pipe(c2p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	fflush(stdout);
	child = fork();
	if (child < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (child == 0) {
		close(p2c[1]);
		close(c2p[0]);
		child_main(p2c[0], c2p[1]);
	}
	close(p2c[0]);
	close(c2p[1]);
	to_child = p2c[1];
	from_child = c2p[0];
	if (read(from_child, &ci, sizeof(ci)) != sizeof(ci))
		ksft_exit_fail_msg("no addresses from the child\n");
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)child);
	memfd = open(path, O_RDWR);
	if (memfd < 0)
		ksft_exit_fail_msg("open %s: %s\n", path, strerror(errno));

	ksft_set_plan(MEM_KINDS * 23 + 1);
	for (k = 0; k < MEM_KINDS; k++) {
		if (!ci.addr[k]) {
			for (i = 0; i < 23; i++)
				ksft_test_result_skip("%s: the child could not map 4 MiB with nothing after it\n",
						      mem_kind_name[k]);
			continue;
		}
		ksft_print_msg("%s: child region %p-%p, AnonHugePages %ld kB\n", mem_kind_name[k],
			       ci.addr[k], ci.addr[k] + REGION, ci.huge_kb[k]);
		test_proc_mem(k);
		test_ptrace(k);
	}
	pin_expect_balanced("remote_access: no pin left");
	close(memfd);
	close(to_child);
	waitpid(child, NULL, 0);
	if (ksft_get_fail_cnt())
		ksft_exit_fail();
	ksft_exit_pass();
	return 0;
}
