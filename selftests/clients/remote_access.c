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
#include "remote_child.h"

#define REGION (4UL << 20)

static const size_t region_size[MEM_KINDS] = { REGION, REGION, REGION };
static int memfd;

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
	char *base = remote_ci.addr[kind];
	unsigned int seed = remote_seed(kind), wseed = 0x99 + kind;
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
				bad = remote_req(REQ_CHECK, kind, off, n, wseed);
				/* What follows within the vma is untouched. */
				if (bad < 0 && off + n < REGION)
					bad = remote_req(REQ_CHECK, kind, off + n,
							len - n < REGION - off - n ? len - n : REGION - off - n,
							seed);
				remote_req(REQ_RESTORE, kind, 0, 0, 0);
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

	if (ptrace(PTRACE_SEIZE, remote_pid, NULL, NULL) ||
	    ptrace(PTRACE_INTERRUPT, remote_pid, NULL, NULL) ||
	    waitpid(remote_pid, &status, __WALL) != remote_pid || !WIFSTOPPED(status)) {
		ksft_print_msg("seizing the child: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* PEEKDATA: errno 0 and the word, or the errno. */
static int peek(void *addr, unsigned long *word)
{
	errno = 0;
	*word = ptrace(PTRACE_PEEKDATA, remote_pid, addr, NULL);
	return errno;
}

static void test_ptrace(int kind)
{
	char *base = remote_ci.addr[kind];
	unsigned int seed = remote_seed(kind), wseed = 0xc3 + kind;
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
	err = ptrace(PTRACE_POKEDATA, remote_pid, base + REGION - 8, (void *)want) ? errno : 0;
	err2 = peek(base + REGION - 8, &word);
	client_result(!err && !err2 && word == want,
		      "PTRACE_POKEDATA %s: the word at end - 8: %s, read back %s",
		      mem_kind_name[kind], err ? strerror(err) : "ok", word == want ? "ok" : "wrong");

	/* Across the end: EIO, and v5.4 has written the 4 bytes before it. */
	mem_fill(&want, REGION - 4, sizeof(want), wseed + 1);
	errno = 0;
	err3 = ptrace(PTRACE_POKEDATA, remote_pid, base + REGION - 4, (void *)want) ? errno : 0;
	ptrace(PTRACE_DETACH, remote_pid, NULL, NULL);
	res4 = remote_req(REQ_CHECK, kind, REGION - 4, 4, wseed + 1);
	client_result(err3 == EIO && res4 < 0,
		      "PTRACE_POKEDATA %s: the word at end - 4: %s (expected EIO), the 4 bytes before the end %s",
		      mem_kind_name[kind], err3 ? strerror(err3) : "succeeded",
		      res4 < 0 ? "written" : "not written");
	/* The child checks the word at end - 8 in its own memory too. */
	mem_fill(&want, REGION - 8, 4, wseed);
	client_result(remote_req(REQ_CHECK, kind, REGION - 8, 4, wseed) < 0,
		      "PTRACE_POKEDATA %s: the child sees the poked word", mem_kind_name[kind]);
	remote_req(REQ_RESTORE, kind, 0, 0, 0);
	pin_expect_delta(&before, 0, 0, "ptrace %s: FOLL_GET, no pins", mem_kind_name[kind]);
}

int main(void)
{
	int k, i;
	char path[64];

	setvbuf(stdout, NULL, _IOLBF, 0);
	ksft_print_header();
	client_deadline();
	remote_child_start(region_size, 0x23);
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)remote_pid);
	memfd = open(path, O_RDWR);
	if (memfd < 0)
		ksft_exit_fail_msg("open %s: %s\n", path, strerror(errno));

	ksft_set_plan(MEM_KINDS * 23 + 1);
	for (k = 0; k < MEM_KINDS; k++) {
		if (!remote_ci.addr[k]) {
			for (i = 0; i < 23; i++)
				ksft_test_result_skip("%s: the child could not map 4 MiB with nothing after it\n",
						      mem_kind_name[k]);
			continue;
		}
		ksft_print_msg("%s: child region %p-%p, AnonHugePages %ld kB\n", mem_kind_name[k],
			       remote_ci.addr[k], remote_ci.addr[k] + REGION, remote_ci.huge_kb[k]);
		test_proc_mem(k);
		test_ptrace(k);
	}
	pin_expect_balanced("remote_access: no pin left");
	close(memfd);
	remote_child_stop();
	if (ksft_get_fail_cnt())
		ksft_exit_fail();
	ksft_exit_pass();
	return 0;
}
