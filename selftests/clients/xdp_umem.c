// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_umem - AF_XDP umem registration, and frames sent from the umem, on
 * 4K, THP and hugetlb memory.
 *
 * setsockopt(SOL_XDP, XDP_UMEM_REG) pins every page of the umem
 * (xdp_umem_pin_pages(): pin_user_pages(FOLL_WRITE | FOLL_LONGTERM)); the
 * last reference to the umem, dropped when the socket is destroyed, unpins
 * them from a work item (xdp_put_umem() -> schedule_work()), so the release
 * is polled for up to 5 s.
 *
 * Checks:
 *  - an unaligned umem address: EINVAL, nothing pinned; a umem reaching a
 *    page past the end of its vma: v5.4 turns the short pin into ENOMEM and
 *    unpins what it pinned: both counters move by the pages inside the vma;
 *  - for each kind of memory: registering moves acquired by the umem's
 *    pages; the socket binds to "lo" in XDP_COPY mode with a fill,
 *    completion and TX ring; two frames (an Ethernet header with the local
 *    experimental EtherType 0x88b5 and a patterned payload), one in the
 *    first chunk and one in the last chunk of the umem (the last page of
 *    the vma), go on the TX ring and sendto() kicks them; an AF_PACKET
 *    socket bound to lo receives both: the bytes match what was in the
 *    umem; the completion ring returns both addresses; closing the socket
 *    moves released by the umem's pages.
 *
 * Copy-mode TX on lo: xsk_generic_xmit() copies each frame into an skb and
 * hands it to dev_direct_xmit(); loopback_xmit() turns it around to
 * netif_rx(), where the AF_PACKET tap sees it. (RX into the umem would need
 * an XDP program, which this test does not load.)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_xdp.h>

#include "kselftest.h"
#include "pin_counters.h"
#include "client_mem.h"

#ifndef AF_XDP
#define AF_XDP 44
#endif
#ifndef SOL_XDP
#define SOL_XDP 283
#endif

#define CHUNK 2048
#define NDESC 64
#define ETHERTYPE 0x88b5
#define FRAME_LEN 1000
#define RELEASE_MS 5000

static int ifindex;

static int umem_reg(int fd, void *addr, size_t len)
{
	struct xdp_umem_reg mr;

	memset(&mr, 0, sizeof(mr));
	mr.addr = (uintptr_t)addr;
	mr.len = len;
	mr.chunk_size = CHUNK;
	return setsockopt(fd, SOL_XDP, XDP_UMEM_REG, &mr, sizeof(mr)) ? -errno : 0;
}

static void test_bad_umem(void)
{
	struct pin_counters before;
	char *p = mem_map(MEM_4K, 16 * PG_SIZE);
	int fd, ret;

	if (p == MAP_FAILED)
		ksft_exit_fail_msg("mmap: %s\n", strerror(errno));
	memset(p, 1, 16 * PG_SIZE);

	fd = socket(AF_XDP, SOCK_RAW, 0);
	pin_counters_read(&before);
	ret = umem_reg(fd, p + 2048, 8 * PG_SIZE);
	client_result(ret == -EINVAL, "XDP_UMEM_REG at an unaligned address: %s (expected EINVAL)",
		      ret ? strerror(-ret) : "registered");
	pin_expect_delta(&before, 0, 0, "unaligned umem: nothing pinned");
	close(fd);

	fd = socket(AF_XDP, SOCK_RAW, 0);
	pin_counters_read(&before);
	ret = umem_reg(fd, p + 14 * PG_SIZE, 3 * PG_SIZE);
	client_result(ret == -ENOMEM, "XDP_UMEM_REG of 3 pages, the last past the vma end: %s (expected ENOMEM)",
		      ret ? strerror(-ret) : "registered");
	pin_expect_delta(&before, 2, 2, "umem past the end: the 2 pages inside pinned and unpinned");
	close(fd);
	munmap(p, 16 * PG_SIZE);
}

static void *ring_mmap(int fd, size_t len, off_t pgoff)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, pgoff);
}

/* Receive the next frame with our EtherType, up to 2 s: its length or -errno. */
static int recv_frame(int ps, unsigned char *buf, size_t len)
{
	for (;;) {
		ssize_t n = recv(ps, buf, len, 0);

		if (n < 0)
			return -errno;
		if (n >= ETH_HLEN && buf[12] == ETHERTYPE >> 8 && buf[13] == (ETHERTYPE & 0xff))
			return n;
	}
}

static void fill_frame(unsigned char *f, size_t off, unsigned int seed)
{
	memset(f, 0, 12);		/* to and from lo's all-zero address */
	f[12] = ETHERTYPE >> 8;
	f[13] = ETHERTYPE & 0xff;
	mem_fill(f + ETH_HLEN, off, FRAME_LEN - ETH_HLEN, seed);
}

static void test_kind(int kind, size_t size)
{
	struct xdp_mmap_offsets off;
	struct sockaddr_xdp sxdp;
	struct sockaddr_ll sll;
	struct pin_counters before;
	unsigned int ndesc = NDESC, prod, cons, i;
	const char *kn = mem_kind_name[kind];
	unsigned char rx[2048];
	socklen_t optlen = sizeof(off);
	struct timeval tv = { 2, 0 };
	uint64_t frame_addr[2] = { 0, size - CHUNK }, done[2] = { ~0ULL, ~0ULL };
	char *tx, *cr, *umem;
	struct xdp_desc *txd;
	uint64_t *crd;
	int fd, ps, ret, got = 0, ok, bad = 0, n, filled = 0;

	umem = mem_map(kind, size);
	if (umem == MAP_FAILED) {
		for (i = 0; i < 6; i++)
			ksft_test_result_skip("%s: cannot map a %zu-byte umem: %s\n", kn, size, strerror(errno));
		return;
	}
	memset(umem, 0, size);
	if (kind == MEM_THP)
		ksft_print_msg("THP umem: AnonHugePages %ld kB\n", mem_anon_huge_kb(0, umem));

	fd = socket(AF_XDP, SOCK_RAW, 0);
	pin_counters_read(&before);
	ret = umem_reg(fd, umem, size);
	client_result(!ret, "%s: XDP_UMEM_REG of %zu bytes: %s", kn, size, ret ? strerror(-ret) : "ok");
	pin_expect_delta(&before, size / PG_SIZE, 0, "%s: registering pins every page of the umem", kn);

	/* Rings, bind to lo in copy mode. */
	ret = setsockopt(fd, SOL_XDP, XDP_UMEM_FILL_RING, &ndesc, sizeof(ndesc)) ||
	      setsockopt(fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &ndesc, sizeof(ndesc)) ||
	      setsockopt(fd, SOL_XDP, XDP_TX_RING, &ndesc, sizeof(ndesc)) ||
	      getsockopt(fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &optlen) ? -errno : 0;
	tx = ret ? MAP_FAILED : ring_mmap(fd, off.tx.desc + NDESC * sizeof(struct xdp_desc), XDP_PGOFF_TX_RING);
	cr = ret ? MAP_FAILED : ring_mmap(fd, off.cr.desc + NDESC * sizeof(uint64_t),
					  XDP_UMEM_PGOFF_COMPLETION_RING);
	memset(&sxdp, 0, sizeof(sxdp));
	sxdp.sxdp_family = AF_XDP;
	sxdp.sxdp_ifindex = ifindex;
	sxdp.sxdp_queue_id = 0;
	sxdp.sxdp_flags = XDP_COPY;
	if (!ret && (tx == MAP_FAILED || cr == MAP_FAILED))
		ret = -errno;
	/*
	 * The umem of the previous socket leaves lo's queue 0 when its
	 * deferred release runs: EBUSY until then.
	 */
	for (i = 0; !ret && bind(fd, (struct sockaddr *)&sxdp, sizeof(sxdp)); i++) {
		ret = -errno;
		if (ret != -EBUSY || i >= RELEASE_MS / 10)
			break;
		ret = 0;
		usleep(10000);
	}

	ps = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = ifindex;
	if (!ret && (ps < 0 || bind(ps, (struct sockaddr *)&sll, sizeof(sll)) ||
		     setsockopt(ps, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))))
		ret = -errno;

	if (ret) {
		ksft_test_result_fail("%s: AF_XDP rings and bind to lo (XDP_COPY), AF_PACKET on lo: %s\n",
				      kn, strerror(-ret));
		ksft_test_result_skip("%s: completion ring: no socket\n", kn);
	} else {
		filled = 1;
		/* Two frames: the first and the last chunk of the umem. */
		txd = (struct xdp_desc *)(tx + off.tx.desc);
		prod = *(unsigned int *)(tx + off.tx.producer);
		for (i = 0; i < 2; i++) {
			fill_frame((unsigned char *)umem + frame_addr[i], frame_addr[i], 0x30 + kind + i);
			txd[(prod + i) & (NDESC - 1)].addr = frame_addr[i];
			txd[(prod + i) & (NDESC - 1)].len = FRAME_LEN;
			txd[(prod + i) & (NDESC - 1)].options = 0;
		}
		__atomic_store_n((unsigned int *)(tx + off.tx.producer), prod + 2, __ATOMIC_RELEASE);
		if (sendto(fd, NULL, 0, MSG_DONTWAIT, NULL, 0) < 0)
			ksft_print_msg("%s: sendto: %s\n", kn, strerror(errno));
		for (i = 0; i < 2; i++) {
			n = recv_frame(ps, rx, sizeof(rx));
			if (n < 0) {
				ksft_print_msg("%s: frame %u not received: %s\n", kn, i, strerror(-n));
				break;
			}
			got++;
			if (n != FRAME_LEN || memcmp(rx, umem + frame_addr[i], FRAME_LEN))
				bad++;
		}
		client_result(got == 2 && !bad,
			      "%s: 2 frames from the first and the last umem chunk sent on lo: %d received, %d with wrong bytes",
			      kn, got, bad);
		/* The completion ring gives the frames' addresses back. */
		crd = (uint64_t *)(cr + off.cr.desc);
		cons = *(unsigned int *)(cr + off.cr.consumer);
		for (i = 0; i < 100; i++) {
			prod = __atomic_load_n((unsigned int *)(cr + off.cr.producer), __ATOMIC_ACQUIRE);
			if (prod - cons >= 2)
				break;
			usleep(10000);
		}
		for (i = 0; i < 2 && cons + i != prod; i++)
			done[i] = crd[(cons + i) & (NDESC - 1)];
		__atomic_store_n((unsigned int *)(cr + off.cr.consumer), prod, __ATOMIC_RELEASE);
		ok = done[0] == frame_addr[0] && done[1] == frame_addr[1];
		client_result(ok, "%s: completion ring: %#llx %#llx (expected %#llx %#llx)", kn,
			      (unsigned long long)done[0], (unsigned long long)done[1],
			      (unsigned long long)frame_addr[0], (unsigned long long)frame_addr[1]);
	}
	if (tx != MAP_FAILED)
		munmap(tx, off.tx.desc + NDESC * sizeof(struct xdp_desc));
	if (cr != MAP_FAILED)
		munmap(cr, off.cr.desc + NDESC * sizeof(uint64_t));
	if (ps >= 0)
		close(ps);

	pin_counters_read(&before);
	close(fd);
	pin_wait_delta(&before, 0, size / PG_SIZE, RELEASE_MS,
		       "%s: closing the socket unpins every page of the umem", kn);
	/* The umem stays the process's memory, with the frames in it. */
	bad = 0;
	for (i = 0; i < 2; i++)
		if (mem_check(umem + frame_addr[i] + ETH_HLEN, frame_addr[i], FRAME_LEN - ETH_HLEN,
			      0x30 + kind + i) >= 0)
			bad++;
	if (filled)
		client_result(!bad, "%s: the umem keeps its data after the release", kn);
	else
		ksft_test_result_skip("%s: the umem keeps its data after the release: no frames\n", kn);
	munmap(umem, size);
}

/*
 * lo's ifindex, and bring lo up. An AF_PACKET socket for the ioctls: the
 * test kernel has neither AF_UNIX nor AF_INET, which glibc's
 * if_nametoindex() opens; SIOCGIFINDEX and SIOCSIFFLAGS reach dev_ioctl()
 * from any socket.
 */
static int lo_up(void)
{
	struct ifreq ifr;
	int s = socket(AF_PACKET, SOCK_RAW, 0), ret = 0;

	if (s < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFINDEX, &ifr)) {
		ret = -errno;
		close(s);
		return ret;
	}
	ifindex = ifr.ifr_ifindex;
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

int main(void)
{
	static const size_t size[MEM_KINDS] = { 65 * 4096, 2 << 20, 2 << 20 };
	int fd, k, ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ksft_print_header();
	client_deadline();
	fd = socket(AF_XDP, SOCK_RAW, 0);
	if (fd < 0)
		ksft_exit_skip("socket(AF_XDP): %s (CONFIG_XDP_SOCKETS?)\n", strerror(errno));
	close(fd);
	ret = lo_up();
	if (ret)
		ksft_print_msg("lo: %s\n", strerror(-ret));
	if (!ifindex)
		ifindex = if_nametoindex("lo");
	if (!ifindex)
		ksft_exit_skip("no lo\n");

	ksft_set_plan(4 + MEM_KINDS * 6 + 1);
	test_bad_umem();
	for (k = 0; k < MEM_KINDS; k++)
		test_kind(k, size[k]);
	pin_expect_balanced("xdp_umem: every pin released");
	if (ksft_get_fail_cnt())
		ksft_exit_fail();
	ksft_exit_pass();
	return 0;
}
