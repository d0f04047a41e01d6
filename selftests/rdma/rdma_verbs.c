// SPDX-License-Identifier: GPL-2.0
/*
 * rdma_verbs - RDMA memory registration and a loopback RDMA transfer through
 * soft-RoCE (rdma_rxe) on lo, on 4K, THP and hugetlb memory.
 *
 * ibv_reg_mr() reaches ib_umem_get() (drivers/infiniband/core/umem.c), which
 * pins every page of the MR with pin_user_pages(FOLL_WRITE | FOLL_LONGTERM);
 * ibv_dereg_mr(), and closing the device file with MRs still registered,
 * unpin them (__ib_umem_release(): unpin_user_pages_dirty_lock()). rxe
 * copies the data of RDMA WRITE and SEND/RECV between the pinned pages
 * through their kernel mapping, so what user space reads afterwards is what
 * went through the pins.
 *
 * Setup: lo up; an rxe device on lo, added with the RDMA netlink call that
 * 'rdma link add rxe_lo type rxe netdev lo' makes (RDMA_NLDEV_CMD_NEWLINK),
 * unless one is there already; the RoCE v2 GID of 127.0.0.1; two RC QPs on
 * the same port connected to each other (QP numbers exchanged in-process).
 * rxe sees that the destination MAC is lo's own and hands each packet
 * straight to its receive path.
 *
 * For each kind of memory (two mappings, "a" and "b", each 2 MiB aligned
 * with nothing mapped after it):
 *  - MR a starts unaligned (a + 1000) and ends inside a's last page;
 *    MR b has the same length, starts unaligned and ends exactly at the end
 *    of b's vma: ibv_reg_mr() of each moves nr_foll_pin_acquired by the
 *    pages the MR touches, released does not move;
 *  - RDMA WRITE of all of MR a into all of MR b: b holds a's bytes, the
 *    bytes of b before the MR are untouched;
 *  - SEND of the last 3000 bytes of MR b (the end of b's vma) into a RECV
 *    at the start of MR a: a holds them;
 *  - ibv_dereg_mr() of each moves released by its pages (rxe frees the MR
 *    when its last reference goes; a wait for the counters is printed).
 * Then an MR over a whole hugetlb (or 4K) mapping on a second device
 * context that is closed without deregistering: the close releases it. At
 * the end (QPs, CQs, PD, context gone) acquired == released.
 *
 * Built dynamically (libibverbs dlopen()s its providers): see
 * selftests/rdma/build.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <infiniband/verbs.h>
#include <linux/netlink.h>
#include <rdma/rdma_netlink.h>

#include "kselftest.h"
#include "pin_counters.h"
#include "client_mem.h"

#define RXE_NAME "rxe_lo"
#define MR_HEAD 1000		/* MR a starts here in mapping a */
#define MR_TAIL 5000		/* MR a, MR b are this much shorter than a mapping */
#define SEND_LEN 3000
#define WR_WRITE 1
#define WR_SEND 2
#define WR_RECV 3
#define TESTS_PER_KIND 6

static struct ibv_context *ctx;
static struct ibv_pd *pd;
static struct ibv_cq *cq;
static struct ibv_qp *qp[2];
static union ibv_gid gid;
static int gid_index = -1;
static uint8_t port = 1;

static const int mr_access = IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE |
			     IBV_ACCESS_REMOTE_READ;

/* Bring lo up (it gets 127.0.0.1 with it). */
static int lo_up(void)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM, 0), ret = 0;

	if (s < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr))
		ret = -errno;
	else if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(s, SIOCSIFFLAGS, &ifr))
			ret = -errno;
	}
	close(s);
	return ret;
}

static void nl_put_str(struct nlmsghdr *nlh, unsigned short type, const char *s)
{
	struct nlattr *a = (struct nlattr *)((char *)nlh + NLMSG_ALIGN(nlh->nlmsg_len));
	size_t len = strlen(s) + 1;

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, s, len);
	nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len) + NLA_ALIGN(a->nla_len);
}

/*
 * RDMA_NLDEV_CMD_NEWLINK: add the RDMA device @name of link type @type on
 * netdev @ndev. Returns 0 or a negative errno (from the netlink ack).
 */
static int rdma_link_add(const char *name, const char *type, const char *ndev)
{
	union {
		struct nlmsghdr nlh;
		char buf[512];
	} req, ack;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlmsgerr *err;
	ssize_t n;
	int s, ret;

	s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_RDMA);
	if (s < 0)
		return -errno;
	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = NLMSG_HDRLEN;
	req.nlh.nlmsg_type = RDMA_NL_GET_TYPE(RDMA_NL_NLDEV, RDMA_NLDEV_CMD_NEWLINK);
	req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.nlh.nlmsg_seq = 1;
	nl_put_str(&req.nlh, RDMA_NLDEV_ATTR_DEV_NAME, name);
	nl_put_str(&req.nlh, RDMA_NLDEV_ATTR_LINK_TYPE, type);
	nl_put_str(&req.nlh, RDMA_NLDEV_ATTR_NDEV_NAME, ndev);
	if (sendto(s, &req, req.nlh.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = -errno;
		close(s);
		return ret;
	}
	n = recv(s, &ack, sizeof(ack), 0);
	ret = n < 0 ? -errno : -EPROTO;
	if (n >= (ssize_t)NLMSG_LENGTH(sizeof(*err)) && ack.nlh.nlmsg_type == NLMSG_ERROR) {
		err = NLMSG_DATA(&ack.nlh);
		ret = err->error;
	}
	close(s);
	return ret;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Open the first device (rxe_lo, or whatever software device is there). */
static struct ibv_context *open_device(char *name, size_t size)
{
	struct ibv_device **list;
	struct ibv_context *c = NULL;
	int n, i;

	list = ibv_get_device_list(&n);
	if (!list)
		return NULL;
	for (i = 0; i < n && !c; i++) {
		if (n > 1 && strcmp(ibv_get_device_name(list[i]), RXE_NAME))
			continue;
		c = ibv_open_device(list[i]);
		if (c)
			snprintf(name, size, "%s", ibv_get_device_name(list[i]));
	}
	ibv_free_device_list(list);
	return c;
}

/* The GID index of ::ffff:127.0.0.1 (the table fills from a work item). */
static int find_gid(void)
{
	static const uint8_t v4lo[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1 };
	struct ibv_port_attr pa;
	int waited, i;

	if (ibv_query_port(ctx, port, &pa))
		return -1;
	for (waited = 0; waited < 5000; waited += 50) {
		for (i = 0; i < pa.gid_tbl_len; i++) {
			if (ibv_query_gid(ctx, port, i, &gid))
				break;
			if (!memcmp(gid.raw, v4lo, sizeof(v4lo)))
				return i;
		}
		sleep_ms(50);
	}
	return -1;
}

static struct ibv_qp *make_qp(void)
{
	struct ibv_qp_init_attr ia = {
		.send_cq = cq,
		.recv_cq = cq,
		.cap = { .max_send_wr = 8, .max_recv_wr = 8, .max_send_sge = 1, .max_recv_sge = 1 },
		.qp_type = IBV_QPT_RC,
		.sq_sig_all = 1,
	};
	struct ibv_qp_attr a = {
		.qp_state = IBV_QPS_INIT,
		.pkey_index = 0,
		.port_num = port,
		.qp_access_flags = mr_access,
	};
	struct ibv_qp *q = ibv_create_qp(pd, &ia);

	if (!q)
		return NULL;
	if (ibv_modify_qp(q, &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT |
			  IBV_QP_ACCESS_FLAGS)) {
		ibv_destroy_qp(q);
		return NULL;
	}
	return q;
}

/* INIT -> RTR -> RTS, aimed at @remote_qpn on our own GID. */
static int connect_qp(struct ibv_qp *q, uint32_t remote_qpn)
{
	struct ibv_qp_attr a;

	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_RTR;
	a.path_mtu = IBV_MTU_1024;
	a.dest_qp_num = remote_qpn;
	a.rq_psn = 0;
	a.max_dest_rd_atomic = 1;
	a.min_rnr_timer = 12;
	a.ah_attr.is_global = 1;
	a.ah_attr.grh.dgid = gid;
	a.ah_attr.grh.sgid_index = gid_index;
	a.ah_attr.grh.hop_limit = 64;
	a.ah_attr.port_num = port;
	if (ibv_modify_qp(q, &a, IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU | IBV_QP_DEST_QPN |
			  IBV_QP_RQ_PSN | IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER))
		return -errno;
	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_RTS;
	a.timeout = 14;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	a.sq_psn = 0;
	a.max_rd_atomic = 1;
	if (ibv_modify_qp(q, &a, IBV_QP_STATE | IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT |
			  IBV_QP_RNR_RETRY | IBV_QP_SQ_PSN | IBV_QP_MAX_QP_RD_ATOMIC))
		return -errno;
	return 0;
}

/*
 * Wait up to 20 s for @want completions; each must be a success. Returns
 * the number of good completions, and prints the bad ones.
 */
static int wait_cq(int want)
{
	struct ibv_wc wc[4];
	int got = 0, good = 0, ms = 0, n, i;

	while (got < want && ms < 20000) {
		n = ibv_poll_cq(cq, 4, wc);
		if (n < 0) {
			ksft_print_msg("ibv_poll_cq: %d\n", n);
			break;
		}
		for (i = 0; i < n; i++) {
			if (wc[i].status == IBV_WC_SUCCESS)
				good++;
			else
				ksft_print_msg("completion wr_id %llu: %s (vendor error 0x%x)\n",
					       (unsigned long long)wc[i].wr_id,
					       ibv_wc_status_str(wc[i].status), wc[i].vendor_err);
		}
		got += n;
		if (!n) {
			sleep_ms(1);
			ms++;
		}
	}
	if (got < want)
		ksft_print_msg("%d of %d completions after %d ms\n", got, want, ms);
	return good;
}

/* Pages an MR of [@addr, @addr + @len) spans. */
static long mr_pages(const char *addr, size_t len)
{
	uintptr_t lo = (uintptr_t)addr & ~(PG_SIZE - 1);
	uintptr_t hi = ((uintptr_t)addr + len + PG_SIZE - 1) & ~(PG_SIZE - 1);

	return (hi - lo) / PG_SIZE;
}

static void fail_rest(int n, const char *kn, const char *why)
{
	while (n-- > 0)
		ksft_test_result_fail("%s: %s\n", kn, why);
}

static void test_kind(enum mem_kind kind, size_t size)
{
	const char *kn = mem_kind_name[kind];
	size_t len = size - MR_TAIL;
	char *a, *b, *ma, *mb;
	long pa, pb, bad, kb;
	struct pin_counters pc;
	struct ibv_mr *mra = NULL, *mrb = NULL;
	struct ibv_sge sge;
	struct ibv_send_wr wr, *bad_wr;
	struct ibv_recv_wr rwr, *bad_rwr;
	int left = TESTS_PER_KIND, ret;

	a = mem_map(kind, size);
	b = a == MAP_FAILED ? MAP_FAILED : mem_map(kind, size);
	if (b == MAP_FAILED) {
		while (left--)
			ksft_test_result_skip("%s: mmap: %s\n", kn, strerror(errno));
		if (a != MAP_FAILED)
			munmap(a, size);
		return;
	}
	mem_fill(a, 0, size, 0x40 + kind);
	memset(b, 0, size);
	if (kind == MEM_THP)
		ksft_print_msg("%s: AnonHugePages a %ld kB, b %ld kB\n", kn,
			       mem_anon_huge_kb(0, a), mem_anon_huge_kb(0, b));
	ma = a + MR_HEAD;
	mb = b + size - len;
	pa = mr_pages(ma, len);
	pb = mr_pages(mb, len);

	/* MR a: unaligned start, ends inside the last page of a. */
	pin_counters_read(&pc);
	mra = ibv_reg_mr(pd, ma, len, mr_access);
	if (!mra) {
		ksft_print_msg("%s: ibv_reg_mr(a + %d, %zu): %s\n", kn, MR_HEAD, len, strerror(errno));
		fail_rest(left, kn, "ibv_reg_mr of MR a failed");
		goto out;
	}
	left--;
	pin_expect_delta(&pc, pa, 0, "%s: ibv_reg_mr(a + %d, %zu) pins its %ld pages", kn,
			 MR_HEAD, len, pa);

	/* MR b: unaligned start, ends exactly at the end of b's vma. */
	pin_counters_read(&pc);
	mrb = ibv_reg_mr(pd, mb, len, mr_access);
	if (!mrb) {
		ksft_print_msg("%s: ibv_reg_mr(b + %zu, %zu): %s\n", kn, size - len, len,
			       strerror(errno));
		fail_rest(left, kn, "ibv_reg_mr of MR b failed");
		goto out;
	}
	left--;
	pin_expect_delta(&pc, pb, 0, "%s: ibv_reg_mr(b + %zu, %zu) up to the vma's end pins its %ld pages",
			 kn, size - len, len, pb);
	kb = mem_anon_huge_kb(0, b);
	if (kind == MEM_THP)
		ksft_print_msg("%s: AnonHugePages of b while registered: %ld kB\n", kn, kb);

	/* RDMA WRITE: all of MR a into all of MR b, QP 0 -> QP 1. */
	sge = (struct ibv_sge){ .addr = (uintptr_t)ma, .length = len, .lkey = mra->lkey };
	memset(&wr, 0, sizeof(wr));
	wr.wr_id = WR_WRITE;
	wr.sg_list = &sge;
	wr.num_sge = 1;
	wr.opcode = IBV_WR_RDMA_WRITE;
	wr.wr.rdma.remote_addr = (uintptr_t)mb;
	wr.wr.rdma.rkey = mrb->rkey;
	ret = ibv_post_send(qp[0], &wr, &bad_wr);
	if (ret)
		ksft_print_msg("%s: ibv_post_send(RDMA_WRITE): %s\n", kn, strerror(ret));
	else
		ret = wait_cq(1) != 1;
	bad = ret ? -2 : mem_check(mb, MR_HEAD, len, 0x40 + kind);
	if (!ret && bad < 0) {
		long i;

		for (i = 0; i < (long)(size - len); i++)
			if (b[i]) {
				ksft_print_msg("%s: b[%ld] = %#x before MR b\n", kn, i, b[i] & 0xff);
				bad = i;
				break;
			}
	} else if (bad >= 0) {
		ksft_print_msg("%s: MR b differs at offset %ld\n", kn, bad);
	}
	left--;
	client_result(bad == -1, "%s: RDMA WRITE of %zu bytes from MR a into MR b: bytes match", kn, len);

	/* SEND the last SEND_LEN bytes of MR b (up to the vma's end) into the start of MR a. */
	memset(ma, 0, SEND_LEN);
	sge = (struct ibv_sge){ .addr = (uintptr_t)ma, .length = SEND_LEN, .lkey = mra->lkey };
	memset(&rwr, 0, sizeof(rwr));
	rwr.wr_id = WR_RECV;
	rwr.sg_list = &sge;
	rwr.num_sge = 1;
	ret = ibv_post_recv(qp[0], &rwr, &bad_rwr);
	if (ret) {
		ksft_print_msg("%s: ibv_post_recv: %s\n", kn, strerror(ret));
	} else {
		struct ibv_sge ssge = {
			.addr = (uintptr_t)(b + size - SEND_LEN), .length = SEND_LEN, .lkey = mrb->lkey,
		};

		memset(&wr, 0, sizeof(wr));
		wr.wr_id = WR_SEND;
		wr.sg_list = &ssge;
		wr.num_sge = 1;
		wr.opcode = IBV_WR_SEND;
		ret = ibv_post_send(qp[1], &wr, &bad_wr);
		if (ret)
			ksft_print_msg("%s: ibv_post_send(SEND): %s\n", kn, strerror(ret));
		else
			ret = wait_cq(2) != 2;
	}
	bad = ret ? -2 : mem_check(ma, MR_HEAD + len - SEND_LEN, SEND_LEN, 0x40 + kind);
	if (bad >= 0)
		ksft_print_msg("%s: received bytes differ at offset %ld\n", kn, bad);
	left--;
	client_result(bad == -1, "%s: SEND of the last %d bytes of b's vma into a RECV at a + %d: bytes match",
		      kn, SEND_LEN, MR_HEAD);

	pin_counters_read(&pc);
	ret = ibv_dereg_mr(mra);
	mra = NULL;
	left--;
	if (ret)
		ksft_test_result_fail("%s: ibv_dereg_mr(MR a): %s\n", kn, strerror(ret));
	else
		pin_wait_delta(&pc, 0, pa, 2000, "%s: ibv_dereg_mr(MR a) releases its %ld pages", kn, pa);
	pin_counters_read(&pc);
	ret = ibv_dereg_mr(mrb);
	mrb = NULL;
	left--;
	if (ret)
		ksft_test_result_fail("%s: ibv_dereg_mr(MR b): %s\n", kn, strerror(ret));
	else
		pin_wait_delta(&pc, 0, pb, 2000, "%s: ibv_dereg_mr(MR b) releases its %ld pages", kn, pb);
out:
	if (mra)
		ibv_dereg_mr(mra);
	if (mrb)
		ibv_dereg_mr(mrb);
	munmap(a, size);
	munmap(b, size);
}

/* An MR left registered on a context that is then closed. */
static void test_close(const char *dev)
{
	enum mem_kind kind = MEM_HUGETLB;
	struct ibv_context *c;
	struct pin_counters pc;
	struct ibv_pd *p;
	size_t size = HPAGE_SIZE;
	char *m, name[64];
	long np;

	m = mem_map(kind, size);
	if (m == MAP_FAILED) {
		kind = MEM_4K;
		size = 64 * PG_SIZE;
		m = mem_map(kind, size);
	}
	if (m == MAP_FAILED) {
		ksft_test_result_fail("close: mmap: %s\n", strerror(errno));
		ksft_test_result_fail("close: mmap: %s\n", strerror(errno));
		return;
	}
	np = size / PG_SIZE;
	memset(m, 0x5a, size);
	c = open_device(name, sizeof(name));
	p = c ? ibv_alloc_pd(c) : NULL;
	pin_counters_read(&pc);
	if (!p || !ibv_reg_mr(p, m, size, mr_access)) {
		ksft_test_result_fail("close: second context of %s, PD and MR: %s\n", dev,
				      strerror(errno));
		ksft_test_result_fail("close: no MR\n");
		if (c)
			ibv_close_device(c);
		munmap(m, size);
		return;
	}
	pin_expect_delta(&pc, np, 0, "close: ibv_reg_mr of a whole %s vma (%zu bytes) on a second context pins %ld pages",
			 mem_kind_name[kind], size, np);
	pin_counters_read(&pc);
	ibv_close_device(c);
	pin_wait_delta(&pc, 0, np, 2000, "close: closing the context with the MR registered releases its %ld pages",
		       np);
	munmap(m, size);
}

int main(void)
{
	static const size_t size[MEM_KINDS] = { 65 * 4096, 2 << 20, 2 << 20 };
	char dev[64];
	int k, ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ksft_print_header();
	client_deadline();

	ret = lo_up();
	if (ret)
		ksft_exit_skip("bringing lo up: %s (CONFIG_INET?)\n", strerror(-ret));
	ctx = open_device(dev, sizeof(dev));
	if (!ctx) {
		ret = rdma_link_add(RXE_NAME, "rxe", "lo");
		if (ret && ret != -EEXIST)
			ksft_exit_skip("rdma link add %s type rxe netdev lo: %s (CONFIG_RDMA_RXE, CONFIG_INFINIBAND_USER_ACCESS?)\n",
				       RXE_NAME, strerror(-ret));
		for (k = 0; k < 100 && !ctx; k++) {
			ctx = open_device(dev, sizeof(dev));
			if (!ctx)
				sleep_ms(50);
		}
		if (!ctx)
			ksft_exit_fail_msg("%s added, but no verbs device to open (libibverbs provider, /dev/infiniband?)\n",
					   RXE_NAME);
	}
	ksft_print_msg("device %s, %s\n", dev, ibv_node_type_str(ctx->device->node_type));
	gid_index = find_gid();
	if (gid_index < 0)
		ksft_exit_fail_msg("%s: no GID ::ffff:127.0.0.1 on port %d\n", dev, port);
	ksft_print_msg("GID index %d: ::ffff:127.0.0.1\n", gid_index);

	pd = ibv_alloc_pd(ctx);
	cq = pd ? ibv_create_cq(ctx, 16, NULL, NULL, 0) : NULL;
	qp[0] = cq ? make_qp() : NULL;
	qp[1] = qp[0] ? make_qp() : NULL;
	if (!qp[1])
		ksft_exit_fail_msg("PD, CQ and two RC QPs on %s: %s\n", dev, strerror(errno));
	ret = connect_qp(qp[0], qp[1]->qp_num);
	if (!ret)
		ret = connect_qp(qp[1], qp[0]->qp_num);
	if (ret)
		ksft_exit_fail_msg("connecting QP %u and QP %u: %s\n", qp[0]->qp_num,
				   qp[1]->qp_num, strerror(-ret));
	ksft_print_msg("QP %u <-> QP %u connected (RC, RoCE v2 on lo)\n", qp[0]->qp_num,
		       qp[1]->qp_num);

	ksft_set_plan(MEM_KINDS * TESTS_PER_KIND + 2 + 1);
	for (k = 0; k < MEM_KINDS; k++)
		test_kind(k, size[k]);
	test_close(dev);

	ibv_destroy_qp(qp[1]);
	ibv_destroy_qp(qp[0]);
	ibv_destroy_cq(cq);
	ibv_dealloc_pd(pd);
	ibv_close_device(ctx);
	pin_expect_balanced("rdma_verbs: every pin released");
	if (ksft_get_fail_cnt())
		ksft_exit_fail();
	ksft_exit_pass();
	return 0;
}
