/* SPDX-License-Identifier: GPL-2.0 */
/*
 * remote_child.h - a child process whose memory the clients that reach gup
 * through another process's mm (process_vm, remote_access) work on.
 *
 * remote_child_start() forks. The child maps a region of each kind of
 * memory (client_mem.h), each with nothing mapped after it, fills it with
 * the pattern of remote_seed(), and sends the addresses (NULL for a kind it
 * could not have) and its AnonHugePages to the parent, in remote_ci. Then it
 * serves the parent's requests, one at a time, through a pipe:
 *
 *   remote_req(REQ_CHECK, kind, off, len, seed): compare @len bytes at
 *   offset @off of the region with the pattern of @seed; the reply is
 *   mem_check()'s (negative: all equal, else the offset of the first
 *   difference);
 *   remote_req(REQ_RESTORE, kind, 0, 0, 0): fill the region with its
 *   pattern again.
 *
 * remote_child_stop() closes the pipe and reaps the child.
 */
#ifndef REMOTE_CHILD_H
#define REMOTE_CHILD_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest.h"
#include "client_mem.h"

struct remote_child_info {
	char *addr[MEM_KINDS];
	long huge_kb[MEM_KINDS];
};

enum { REQ_CHECK, REQ_RESTORE };

struct remote_req_msg {
	int op;
	int kind;
	size_t off, len;
	unsigned int seed;
};

static pid_t remote_pid;
static struct remote_child_info remote_ci;
static int remote_to, remote_from;
static size_t remote_size[MEM_KINDS];
static unsigned int remote_seed_base;

/* The seed of the pattern a kind's region holds when nothing wrote to it. */
static inline unsigned int remote_seed(int kind)
{
	return remote_seed_base * (kind + 1);
}

static void remote_child_main(int rfd, int wfd)
{
	struct remote_req_msg r;
	long res;
	int k;

	for (k = 0; k < MEM_KINDS; k++) {
		remote_ci.addr[k] = mem_map(k, remote_size[k]);
		if (remote_ci.addr[k] == MAP_FAILED)
			remote_ci.addr[k] = NULL;
		else
			mem_fill(remote_ci.addr[k], 0, remote_size[k], remote_seed(k));
	}
	/* Map them all first: a later mapping may land just after an earlier one. */
	for (k = 0; k < MEM_KINDS; k++) {
		if (remote_ci.addr[k] && !mem_unmapped(remote_ci.addr[k] + remote_size[k]))
			remote_ci.addr[k] = NULL;
		else if (remote_ci.addr[k])
			remote_ci.huge_kb[k] = mem_anon_huge_kb(0, remote_ci.addr[k]);
	}
	if (write(wfd, &remote_ci, sizeof(remote_ci)) != sizeof(remote_ci))
		_exit(1);
	while (read(rfd, &r, sizeof(r)) == sizeof(r)) {
		switch (r.op) {
		case REQ_CHECK:
			res = mem_check(remote_ci.addr[r.kind] + r.off, r.off, r.len, r.seed);
			break;
		case REQ_RESTORE:
			mem_fill(remote_ci.addr[r.kind], 0, remote_size[r.kind],
				 remote_seed(r.kind));
			res = 0;
			break;
		default:
			_exit(0);
		}
		if (write(wfd, &res, sizeof(res)) != sizeof(res))
			_exit(1);
	}
	_exit(0);
}

/*
 * Fork the child with regions of @size[kind] bytes, filled with patterns
 * of seeds @seed_base * (kind + 1), and wait for its addresses.
 */
static void remote_child_start(const size_t size[MEM_KINDS], unsigned int seed_base)
{
	int p2c[2], c2p[2];

	memcpy(remote_size, size, sizeof(remote_size));
	remote_seed_base = seed_base;
	if (pipe(p2c) || pipe(c2p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	fflush(stdout);
	remote_pid = fork();
	if (remote_pid < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (remote_pid == 0) {
		close(p2c[1]);
		close(c2p[0]);
		remote_child_main(p2c[0], c2p[1]);
	}
	close(p2c[0]);
	close(c2p[1]);
	remote_to = p2c[1];
	remote_from = c2p[0];
	if (read(remote_from, &remote_ci, sizeof(remote_ci)) != sizeof(remote_ci))
		ksft_exit_fail_msg("no addresses from the child\n");
}

static long remote_req(int op, int kind, size_t off, size_t len, unsigned int seed)
{
	struct remote_req_msg r = { op, kind, off, len, seed };
	long res = -2;

	if (write(remote_to, &r, sizeof(r)) != sizeof(r) ||
	    read(remote_from, &res, sizeof(res)) != sizeof(res))
		ksft_exit_fail_msg("lost the child: %s\n", strerror(errno));
	return res;
}

static void remote_child_stop(void)
{
	close(remote_to);
	waitpid(remote_pid, NULL, 0);
}

#endif /* REMOTE_CHILD_H */
