// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_edu - vfio type1 with a device that really does DMA: QEMU's "edu"
 * PCI test device (1234:11e8) behind the emulated Intel IOMMU.
 *
 * The test binds edu to vfio-pci itself (driver_override + drivers_probe),
 * puts its IOMMU group in a type1 container, maps BAR0 and turns on bus
 * mastering through the config region. VFIO_IOMMU_MAP_DMA pins every page
 * of the range (vaddr_get_pfn(): pin_user_pages(FOLL_LONGTERM), one page a
 * call) and VFIO_IOMMU_UNMAP_DMA unpins them (put_pfn():
 * unpin_user_pages_dirty_lock()).
 *
 * Without interrupt remapping (QEMU's intel-iommu without intremap, or a
 * kernel without CONFIG_IRQ_REMAP) type1 refuses the group with EPERM
 * unless vfio_iommu_type1.allow_unsafe_interrupts is set: the test then
 * sets it for VFIO_SET_IOMMU and clears it again (the edu raises no
 * interrupt here).
 *
 * vfio_pin_pages_remote() pins physically contiguous runs: a page that does
 * not continue the run is pinned, unpinned, and pinned again as the start
 * of the next run. So a map of N pages whose pfns (from /proc/self/pagemap)
 * break B times moves nr_foll_pin_acquired by N + B and
 * nr_foll_pin_released by B; THP and hugetlb memory has no break inside a
 * huge page.
 *
 * For 4K pages (512 KiB), THP (4 MiB) and hugetlb (4 MiB) memory:
 *  - VFIO_IOMMU_MAP_DMA of the whole vma, which ends the mapping exactly at
 *    the end of the vma, at an IOVA below the edu's 28-bit DMA limit:
 *    acquired +N+B, released +B;
 *  - the edu's DMA engine copies 4095 bytes from an unaligned IOVA that
 *    crosses a page (2 MiB for THP/hugetlb) boundary into its buffer, and
 *    back to an unaligned IOVA across a page boundary; then 4066 bytes to
 *    the last bytes of the vma. The bytes must match, the bytes around them
 *    must be unchanged;
 *  - VFIO_IOMMU_MAP_DMA of the last two pages of the vma and one page past
 *    it fails with EFAULT; it pinned and unpinned the two pages inside;
 *  - VFIO_IOMMU_UNMAP_DMA unmaps the size mapped: released +N, acquired +0,
 *    and acquired == released;
 *  - (4K only) a device write to the unmapped IOVA does not reach the
 *    buffer (the IOMMU faults it; the guest logs a DMAR fault).
 *
 * Skips when there is no edu device, no IOMMU group, no vfio-pci driver or
 * no /dev/vfio/vfio. The QEMU guest needs '-machine q35 -device intel-iommu
 * -device edu' and a kernel with CONFIG_INTEL_IOMMU
 * (enabled: intel_iommu=on or CONFIG_INTEL_IOMMU_DEFAULT_ON), CONFIG_VFIO,
 * CONFIG_VFIO_IOMMU_TYPE1, CONFIG_VFIO_PCI.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>

#include "kselftest.h"
#include "pin_counters.h"
#include "client_mem.h"

#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8

/* edu BAR0 registers */
#define EDU_ID		0x00	/* 0xRRrr00ed: major, minor version */
#define EDU_LIVE	0x04	/* reads back the inverse of what was written */
#define EDU_DMA_SRC	0x80
#define EDU_DMA_DST	0x88
#define EDU_DMA_CNT	0x90
#define EDU_DMA_CMD	0x98
#define EDU_CMD_RUN	0x1
#define EDU_CMD_TO_RAM	0x2	/* direction: 0 RAM to edu, 1 edu to RAM */

#define UNSAFE_IRQS "/sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts"

/*
 * The edu's 4 KiB DMA buffer, in its own address space. QEMU 7.2's edu
 * stops the machine (hw_error) for a transfer that reaches the last byte of
 * the buffer, so no transfer goes beyond 4095 bytes from its start.
 */
#define EDU_BUF		0x40000UL
#define EDU_DMA_MAX	4095UL
/* edu masks DMA addresses to 28 bits. */
#define EDU_DMA_LIMIT	(1UL << 28)

/* IOVAs: the whole buffer of kind k, and the range past the vma end. */
#define IOVA_MAP(k)	(0x1000000UL * ((k) + 1))
#define IOVA_BAD(k)	(0x8000000UL + 0x100000UL * (k))

/*
 * The pattern of the buffer of each kind (a different one, so that the edu
 * buffer never holds the bytes a DMA is expected to bring), and of the
 * bytes a DMA overwrites.
 */
#define SEED(k) (0x3c + 0x11 * (k))
#define SEED_DST (seed + 0x5a)

static unsigned int seed;

/*
 * Test results: 2 for the device, 9 per kind, 1 for the write after unmap,
 * 1 for the counters at the end.
 */
#define TESTS_PER_KIND 9
#define NR_TESTS (2 + MEM_KINDS * TESTS_PER_KIND + 1 + 1)

static const char *bdf;
static char bdf_buf[NAME_MAX + 1];
static int container = -1, group = -1, device = -1;

/* BAR0, mmapped or through pread/pwrite of the region. */
static volatile uint32_t *bar0;
static size_t bar0_size;
static off_t bar0_off, cfg_off;

static uint32_t edu_read(unsigned int reg)
{
	uint32_t v = ~0U;

	if (bar0)
		return bar0[reg / 4];
	if (pread(device, &v, 4, bar0_off + reg) != 4)
		ksft_print_msg("pread BAR0 %#x: %s\n", reg, strerror(errno));
	return v;
}

static void edu_write(unsigned int reg, uint32_t v)
{
	if (bar0) {
		bar0[reg / 4] = v;
		return;
	}
	if (pwrite(device, &v, 4, bar0_off + reg) != 4)
		ksft_print_msg("pwrite BAR0 %#x: %s\n", reg, strerror(errno));
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * One DMA of @cnt bytes, @src to @dst (IOVAs on the RAM side, edu buffer
 * addresses on the other), waiting up to 10 s for the engine. Returns 0,
 * or -ETIMEDOUT.
 */
static int edu_dma(uint64_t src, uint64_t dst, uint32_t cnt, bool to_ram)
{
	struct timespec ts = { 0, 1000 * 1000 };
	double start = now_s();

	edu_write(EDU_DMA_SRC, (uint32_t)src);
	edu_write(EDU_DMA_DST, (uint32_t)dst);
	edu_write(EDU_DMA_CNT, cnt);
	__sync_synchronize();
	edu_write(EDU_DMA_CMD, EDU_CMD_RUN | (to_ram ? EDU_CMD_TO_RAM : 0));
	while (edu_read(EDU_DMA_CMD) & EDU_CMD_RUN) {
		if (now_s() - start > 10) {
			ksft_print_msg("edu DMA %#llx -> %#llx (%u bytes) still running after 10 s\n",
				       (unsigned long long)src, (unsigned long long)dst, cnt);
			return -ETIMEDOUT;
		}
		nanosleep(&ts, NULL);
	}
	__sync_synchronize();
	return 0;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	return 0;
}

static unsigned long read_hex(const char *dir, const char *name)
{
	char path[PATH_MAX], buf[32];
	unsigned long v = ~0UL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return v;
	if (!fgets(buf, sizeof(buf), f) || sscanf(buf, "%lx", &v) != 1)
		v = ~0UL;
	fclose(f);
	return v;
}

/* The first edu in /sys/bus/pci/devices, or NULL. */
static const char *find_edu(void)
{
	char dir[PATH_MAX];
	struct dirent *d;
	DIR *dp;

	dp = opendir("/sys/bus/pci/devices");
	if (!dp)
		return NULL;
	while ((d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "/sys/bus/pci/devices/%s", d->d_name);
		if (read_hex(dir, "vendor") == EDU_VENDOR && read_hex(dir, "device") == EDU_DEVICE) {
			snprintf(bdf_buf, sizeof(bdf_buf), "%s", d->d_name);
			closedir(dp);
			return bdf_buf;
		}
	}
	closedir(dp);
	return NULL;
}

/* The basename of the symlink /sys/bus/pci/devices/BDF/@name, or "". */
static const char *dev_link(const char *name, char *buf, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;
	const char *base;
	size_t l;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", bdf, name);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0) {
		buf[0] = 0;
		return buf;
	}
	target[n] = 0;
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	l = strlen(base);
	if (l >= len)
		l = len - 1;
	memcpy(buf, base, l);
	buf[l] = 0;
	return buf;
}

/* Bind the edu to vfio-pci; returns 0 or -errno. */
static int bind_vfio_pci(void)
{
	char path[PATH_MAX], drv[64];
	int ret;

	if (!strcmp(dev_link("driver", drv, sizeof(drv)), "vfio-pci"))
		return 0;
	if (drv[0]) {
		ksft_print_msg("%s: unbinding from %s\n", bdf, drv);
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver/unbind", bdf);
		ret = write_file(path, bdf);
		if (ret)
			return ret;
	}
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", bdf);
	ret = write_file(path, "vfio-pci");
	if (ret)
		return ret;
	ret = write_file("/sys/bus/pci/drivers_probe", bdf);
	if (ret)
		return ret;
	return strcmp(dev_link("driver", drv, sizeof(drv)), "vfio-pci") ? -ENODEV : 0;
}

static void unbind_vfio_pci(void)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/bus/pci/drivers/vfio-pci/unbind");
	write_file(path, bdf);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", bdf);
	write_file(path, "\n");
}

static int open_retry(const char *path, int flags)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int fd, i;

	for (i = 0; i < 100; i++) {
		fd = open(path, flags);
		if (fd >= 0 || errno != ENOENT)
			break;
		nanosleep(&ts, NULL);
	}
	return fd;
}

/*
 * Container, group, device fd, BAR0, bus mastering. Skips (exit 4) when a
 * piece of the setup is missing, fails on errors past that point.
 */
static void vfio_setup(void)
{
	struct vfio_group_status gs = { .argsz = sizeof(gs) };
	struct vfio_iommu_type1_info ii = { .argsz = sizeof(ii) };
	struct vfio_region_info ri = { .argsz = sizeof(ri) };
	struct vfio_device_info di = { .argsz = sizeof(di) };
	char grp[32], path[64];
	uint16_t cmd;
	int type, ret;
	void *p;

	bdf = find_edu();
	if (!bdf)
		ksft_exit_skip("no edu PCI device (%04x:%04x): QEMU needs -device edu\n",
			       EDU_VENDOR, EDU_DEVICE);
	ksft_print_msg("edu at %s\n", bdf);
	if (!dev_link("iommu_group", grp, sizeof(grp))[0])
		ksft_exit_skip("%s has no IOMMU group: QEMU needs -machine q35 -device intel-iommu, "
			       "the kernel CONFIG_INTEL_IOMMU and intel_iommu=on "
			       "(or CONFIG_INTEL_IOMMU_DEFAULT_ON)\n", bdf);
	if (access("/sys/bus/pci/drivers/vfio-pci", F_OK))
		ksft_exit_skip("no vfio-pci driver (CONFIG_VFIO_PCI)\n");
	container = open("/dev/vfio/vfio", O_RDWR);
	if (container < 0)
		ksft_exit_skip("/dev/vfio/vfio: %s (CONFIG_VFIO)\n", strerror(errno));
	if (ioctl(container, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		ksft_exit_fail_msg("VFIO_GET_API_VERSION is not %d\n", VFIO_API_VERSION);
	if (ioctl(container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) == 1)
		type = VFIO_TYPE1v2_IOMMU;
	else if (ioctl(container, VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU) == 1)
		type = VFIO_TYPE1_IOMMU;
	else
		ksft_exit_skip("no vfio type1 IOMMU (CONFIG_VFIO_IOMMU_TYPE1)\n");

	ret = bind_vfio_pci();
	if (ret)
		ksft_exit_fail_msg("binding %s to vfio-pci: %s\n", bdf, strerror(-ret));
	ksft_print_msg("%s bound to vfio-pci, IOMMU group %s\n", bdf, grp);

	snprintf(path, sizeof(path), "/dev/vfio/%s", grp);
	group = open_retry(path, O_RDWR);
	if (group < 0)
		ksft_exit_fail_msg("%s: %s\n", path, strerror(errno));
	if (ioctl(group, VFIO_GROUP_GET_STATUS, &gs))
		ksft_exit_fail_msg("VFIO_GROUP_GET_STATUS: %s\n", strerror(errno));
	if (!(gs.flags & VFIO_GROUP_FLAGS_VIABLE))
		ksft_exit_skip("IOMMU group %s is not viable: another device in it has a host driver\n",
			       grp);
	if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container))
		ksft_exit_fail_msg("VFIO_GROUP_SET_CONTAINER: %s\n", strerror(errno));
	ret = ioctl(container, VFIO_SET_IOMMU, type) ? -errno : 0;
	if (ret == -EPERM && !write_file(UNSAFE_IRQS, "1")) {
		/*
		 * type1 refuses an IOMMU without interrupt remapping (QEMU's
		 * intel-iommu without intremap, or a kernel without
		 * CONFIG_IRQ_REMAP) unless told otherwise. The device raises
		 * no interrupt here: allow it for the attach only.
		 */
		ksft_print_msg("no interrupt remapping: vfio_iommu_type1.allow_unsafe_interrupts=1 for VFIO_SET_IOMMU\n");
		ret = ioctl(container, VFIO_SET_IOMMU, type) ? -errno : 0;
		write_file(UNSAFE_IRQS, "0");
	}
	if (ret)
		ksft_exit_fail_msg("VFIO_SET_IOMMU %s: %s\n",
				   type == VFIO_TYPE1v2_IOMMU ? "type1v2" : "type1", strerror(-ret));
	if (ioctl(container, VFIO_IOMMU_GET_INFO, &ii))
		ksft_exit_fail_msg("VFIO_IOMMU_GET_INFO: %s\n", strerror(errno));
	ksft_print_msg("%s, IOVA page sizes %#llx\n",
		       type == VFIO_TYPE1v2_IOMMU ? "VFIO_TYPE1v2_IOMMU" : "VFIO_TYPE1_IOMMU",
		       (unsigned long long)ii.iova_pgsizes);
	if ((ii.flags & VFIO_IOMMU_INFO_PGSIZES) && !(ii.iova_pgsizes & PG_SIZE))
		ksft_exit_skip("the IOMMU does not map 4K pages\n");

	device = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	if (device < 0)
		ksft_exit_fail_msg("VFIO_GROUP_GET_DEVICE_FD %s: %s\n", bdf, strerror(errno));
	if (ioctl(device, VFIO_DEVICE_GET_INFO, &di))
		ksft_exit_fail_msg("VFIO_DEVICE_GET_INFO: %s\n", strerror(errno));
	if (!(di.flags & VFIO_DEVICE_FLAGS_PCI) || di.num_regions <= VFIO_PCI_CONFIG_REGION_INDEX)
		ksft_exit_fail_msg("%s is not a vfio PCI device (flags %#x, %u regions)\n",
				   bdf, di.flags, di.num_regions);

	ri.index = VFIO_PCI_CONFIG_REGION_INDEX;
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &ri))
		ksft_exit_fail_msg("VFIO_DEVICE_GET_REGION_INFO config: %s\n", strerror(errno));
	cfg_off = ri.offset;

	memset(&ri, 0, sizeof(ri));
	ri.argsz = sizeof(ri);
	ri.index = VFIO_PCI_BAR0_REGION_INDEX;
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &ri))
		ksft_exit_fail_msg("VFIO_DEVICE_GET_REGION_INFO BAR0: %s\n", strerror(errno));
	if (ri.size < 0x100)
		ksft_exit_fail_msg("BAR0 is %llu bytes\n", (unsigned long long)ri.size);
	bar0_off = ri.offset;
	if (ri.flags & VFIO_REGION_INFO_FLAG_MMAP) {
		p = mmap(NULL, ri.size, PROT_READ | PROT_WRITE, MAP_SHARED, device, ri.offset);
		if (p == MAP_FAILED)
			ksft_exit_fail_msg("mmap of BAR0: %s\n", strerror(errno));
		bar0 = p;
		bar0_size = ri.size;
	}
	ksft_print_msg("BAR0: %llu KiB, %s\n", (unsigned long long)ri.size >> 10,
		       bar0 ? "mmapped" : "through read/write of the region");

	if (pread(device, &cmd, 2, cfg_off + PCI_COMMAND) != 2)
		ksft_exit_fail_msg("reading PCI_COMMAND: %s\n", strerror(errno));
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	if (pwrite(device, &cmd, 2, cfg_off + PCI_COMMAND) != 2)
		ksft_exit_fail_msg("writing PCI_COMMAND: %s\n", strerror(errno));
	if (pread(device, &cmd, 2, cfg_off + PCI_COMMAND) != 2 || !(cmd & PCI_COMMAND_MASTER))
		ksft_exit_fail_msg("bus mastering did not stick (PCI_COMMAND %#x)\n", cmd);
}

static void vfio_teardown(void)
{
	if (bar0)
		munmap((void *)bar0, bar0_size);
	if (device >= 0)
		close(device);
	if (group >= 0)
		close(group);
	if (container >= 0)
		close(container);
	unbind_vfio_pci();
}

static int map_dma(uint64_t iova, void *vaddr, size_t size)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)vaddr,
		.iova = iova,
		.size = size,
	};

	return ioctl(container, VFIO_IOMMU_MAP_DMA, &m) ? -errno : 0;
}

/* Unmap; returns the size unmapped or -errno. */
static long long unmap_dma(uint64_t iova, size_t size)
{
	struct vfio_iommu_type1_dma_unmap u = {
		.argsz = sizeof(u),
		.iova = iova,
		.size = size,
	};

	return ioctl(container, VFIO_IOMMU_UNMAP_DMA, &u) ? -errno : (long long)u.size;
}

/*
 * The number of places in [addr, addr + npages pages) where a pfn does not
 * follow the one before, from /proc/self/pagemap; -1 if the pfns cannot be
 * read (not root, or a page not present).
 */
static long pfn_breaks(const void *addr, size_t npages)
{
	uint64_t *ent = calloc(npages, sizeof(*ent));
	long breaks = 0;
	size_t i;
	ssize_t n;
	int fd;

	if (!ent)
		return -1;
	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0) {
		free(ent);
		return -1;
	}
	n = pread(fd, ent, npages * sizeof(*ent), (uintptr_t)addr / PG_SIZE * sizeof(*ent));
	close(fd);
	if (n != (ssize_t)(npages * sizeof(*ent)))
		breaks = -1;
	for (i = 0; breaks >= 0 && i < npages; i++) {
		uint64_t pfn = ent[i] & ((1ULL << 55) - 1);

		if (!(ent[i] >> 63) || !pfn)
			breaks = -1;
		else if (i && pfn != (ent[i - 1] & ((1ULL << 55) - 1)) + 1)
			breaks++;
	}
	free(ent);
	return breaks;
}

/*
 * The counters after a map of @npages pages whose pfns break @breaks times
 * (-1: unknown) and @unpinned pages unpinned for good: acquired moved by
 * npages + breaks, released by breaks + unpinned.
 */
static void expect_map_pins(const struct pin_counters *before, long npages, long breaks,
			    long unpinned, const char *what)
{
	struct pin_counters now;
	long long acq, rel;

	if (breaks >= 0) {
		pin_expect_delta(before, npages + breaks, breaks + unpinned,
				 "%s (%ld pages, %ld pfn runs)", what, npages, breaks + 1);
		return;
	}
	if (!before->have || !pin_counters_read(&now)) {
		pin_expect_delta(before, 0, 0, "%s", what);
		return;
	}
	acq = now.acquired - before->acquired;
	rel = now.released - before->released;
	client_result(acq - rel == npages - unpinned && rel >= unpinned,
		      "%s: pins acquired %+lld released %+lld (expected %ld more acquired than released; pfns unknown)",
		      what, acq, rel, npages - unpinned);
}

/* Checks the bytes just outside [off, off + len) still hold the pattern. */
static bool guards_ok(const char *buf, size_t size, size_t off, size_t len)
{
	if (off && mem_check(buf + off - 1, off - 1, 1, seed) >= 0)
		return false;
	if (off + len < size && mem_check(buf + off + len, off + len, 1, seed) >= 0)
		return false;
	return true;
}

/*
 * edu -> RAM: @len bytes from edu buffer offset @eoff to buffer offset
 * @off (IOVA @iova + @off); the edu buffer holds the pattern from @src_off.
 */
static void dma_to_ram_check(char *buf, size_t size, uint64_t iova, size_t off, size_t len,
			     size_t eoff, size_t src_off, const char *what)
{
	long bad;
	int ret;

	mem_fill(buf + off, off, len, SEED_DST);
	if (mem_check(buf + off, src_off + eoff, len, seed) < 0) {
		client_result(false, "%s: destination already holds the data", what);
		return;
	}
	ret = edu_dma(EDU_BUF + eoff, iova + off, len, true);
	bad = mem_check(buf + off, src_off + eoff, len, seed);
	client_result(!ret && bad < 0 && guards_ok(buf, size, off, len),
		      "%s: %zu bytes at IOVA %#llx (buffer offset %#zx): %s", what, len,
		      (unsigned long long)(iova + off), off,
		      ret ? strerror(-ret) : bad >= 0 ? "data differs" :
		      !guards_ok(buf, size, off, len) ? "bytes around it changed" : "match");
	if (bad >= 0)
		ksft_print_msg("first difference at byte %ld: %#x, expected %#x\n", bad,
			       (unsigned char)buf[off + bad], mem_pattern(seed, src_off + eoff + bad));
}

static void test_kind(enum mem_kind k, size_t size)
{
	const char *kn = mem_kind_name[k];
	const uint64_t iova = IOVA_MAP(k);
	const size_t npages = size / PG_SIZE;
	/* Unaligned, across a page (2 MiB for 4 MiB THP/hugetlb) boundary. */
	const size_t src_off = size / 2 - 0x7a3;
	const size_t mid_off = 5 * PG_SIZE + 0x321;
	/* From edu offset 0x1d to the last byte of the vma. */
	const size_t tail_eoff = 0x1d, tail_len = EDU_DMA_MAX - tail_eoff;
	struct pin_counters before;
	char what[128];
	long long unmapped;
	long breaks;
	int ret, i;
	char *buf;

	buf = mem_map(k, size);
	if (buf == MAP_FAILED) {
		ksft_print_msg("cannot map %zu bytes of %s memory: %s\n", size, kn, strerror(errno));
		for (i = 0; i < TESTS_PER_KIND + (k == MEM_4K); i++)
			ksft_test_result_skip("%s: no memory\n", kn);
		return;
	}
	if (!mem_unmapped(buf + size))
		ksft_exit_fail_msg("something is mapped right after the %s buffer\n", kn);
	seed = SEED(k);
	mem_fill(buf, 0, size, seed);
	if (k == MEM_THP)
		ksft_print_msg("THP buffer: AnonHugePages %ld kB\n", mem_anon_huge_kb(0, buf));

	/* The whole vma: the mapping ends where the vma ends. */
	pin_counters_read(&before);
	ret = map_dma(iova, buf, size);
	client_result(!ret, "%s: VFIO_IOMMU_MAP_DMA of the whole %zu KiB vma at IOVA %#llx: %s",
		      kn, size >> 10, (unsigned long long)iova, ret ? strerror(-ret) : "ok");
	breaks = ret ? 0 : pfn_breaks(buf, npages);
	snprintf(what, sizeof(what), "%s: MAP_DMA pins every page", kn);
	expect_map_pins(&before, ret ? 0 : npages, breaks, 0, what);

	if (ret) {
		client_result(false, "%s: DMA through the IOMMU: not mapped", kn);
		client_result(false, "%s: DMA to the end of the vma: not mapped", kn);
	} else {
		/* RAM -> edu from an unaligned IOVA across a page boundary. */
		ret = edu_dma(iova + src_off, EDU_BUF, EDU_DMA_MAX, false);
		if (ret) {
			client_result(false, "%s: DMA of %lu bytes from IOVA %#llx to the edu: %s", kn,
				      EDU_DMA_MAX, (unsigned long long)(iova + src_off),
				      strerror(-ret));
		} else {
			snprintf(what, sizeof(what),
				 "%s: DMA from IOVA %#llx into the edu and back, unaligned, across a page",
				 kn, (unsigned long long)(iova + src_off));
			dma_to_ram_check(buf, size, iova, mid_off, EDU_DMA_MAX, 0, src_off, what);
		}
		snprintf(what, sizeof(what), "%s: DMA from the edu to the last bytes of the vma", kn);
		if (ret)
			client_result(false, "%s: skipped after the failed DMA", what);
		else
			dma_to_ram_check(buf, size, iova, size - tail_len, tail_len, tail_eoff,
					 src_off, what);
	}

	/* Two pages inside the vma and one past its end. */
	pin_counters_read(&before);
	breaks = pfn_breaks(buf + size - 2 * PG_SIZE, 2);
	ret = map_dma(IOVA_BAD(k), buf + size - 2 * PG_SIZE, 3 * PG_SIZE);
	client_result(ret == -EFAULT,
		      "%s: VFIO_IOMMU_MAP_DMA of the last 2 pages of the vma and 1 past it: %s (expected EFAULT)",
		      kn, ret ? strerror(-ret) : "mapped");
	if (!ret)
		unmap_dma(IOVA_BAD(k), 3 * PG_SIZE);
	snprintf(what, sizeof(what), "%s: MAP_DMA past the vma end pins and unpins the 2 pages inside",
		 kn);
	expect_map_pins(&before, 2, breaks, 2, what);

	pin_counters_read(&before);
	unmapped = unmap_dma(iova, size);
	client_result(unmapped == (long long)size, "%s: VFIO_IOMMU_UNMAP_DMA: %lld bytes unmapped (expected %zu)%s%s",
		      kn, unmapped, size, unmapped < 0 ? ": " : "",
		      unmapped < 0 ? strerror(-unmapped) : "");
	pin_expect_delta(&before, 0, unmapped == (long long)size ? npages : 0,
			 "%s: UNMAP_DMA unpins every page", kn);
	pin_expect_balanced("%s: after UNMAP_DMA", kn);

	/* A device write to the unmapped IOVA must not land in the buffer. */
	if (k == MEM_4K) {
		mem_fill(buf + mid_off, mid_off, EDU_DMA_MAX, SEED_DST);
		ret = edu_dma(EDU_BUF, iova + mid_off, EDU_DMA_MAX, true);
		client_result(!ret && mem_check(buf + mid_off, mid_off, EDU_DMA_MAX, SEED_DST) < 0,
			      "%s: DMA to IOVA %#llx after UNMAP_DMA leaves the buffer alone%s",
			      kn, (unsigned long long)(iova + mid_off),
			      ret ? ": DMA did not finish" : "");
	}
	munmap(buf, size);
}

int main(void)
{
	static const size_t size[MEM_KINDS] = { 512 << 10, 4 << 20, 4 << 20 };
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	double start;
	uint32_t id, v;
	int k;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ksft_print_header();
	for (k = 0; k < MEM_KINDS; k++)
		if (IOVA_MAP(k) + size[k] > EDU_DMA_LIMIT || IOVA_BAD(k) + 3 * PG_SIZE > EDU_DMA_LIMIT)
			ksft_exit_fail_msg("IOVAs above the edu's DMA limit\n");
	/* Root has CAP_IPC_LOCK anyway: vfio then does not count locked_vm. */
	setrlimit(RLIMIT_MEMLOCK, &rl);
	vfio_setup();
	ksft_set_plan(NR_TESTS);
	start = now_s();

	id = edu_read(EDU_ID);
	client_result((id & 0xffff) == 0xed, "edu identification %#x (expected 0x....00ed), version %u.%u",
		      id, id >> 24, (id >> 16) & 0xff);
	edu_write(EDU_LIVE, 0x12345678);
	v = edu_read(EDU_LIVE);
	client_result(v == ~0x12345678U, "edu liveness: wrote 0x12345678, read %#x (expected %#x)",
		      v, ~0x12345678U);

	for (k = 0; k < MEM_KINDS; k++)
		test_kind(k, size[k]);

	vfio_teardown();
	pin_expect_balanced("vfio_edu: every pin released");
	ksft_print_msg("DMA tests took %.1f s\n", now_s() - start);
	if (ksft_get_fail_cnt())
		ksft_exit_fail();
	ksft_exit_pass();
	return 0;
}
