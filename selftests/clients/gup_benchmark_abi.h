/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gup_benchmark_abi.h - the ioctls of /sys/kernel/debug/gup_benchmark that
 * the clients use (mm/gup_benchmark.c of the series): the request, the PIN
 * commands, the PIN_COUNT test commands with their expansion[] slots, and
 * the commands that hold a pin across calls.
 */
#ifndef GUP_BENCHMARK_ABI_H
#define GUP_BENCHMARK_ABI_H

#include <linux/types.h>
#include <sys/ioctl.h>

#define GUP_BENCHMARK_PATH	"/sys/kernel/debug/gup_benchmark"

struct gup_benchmark {
	__u64 get_delta_usec;
	__u64 put_delta_usec;
	__u64 addr;
	__u64 size;
	__u32 nr_pages_per_call;
	__u32 flags;
	__u64 expansion[10];
};

#define PIN_FAST_BENCHMARK	_IOWR('g', 4, struct gup_benchmark)
#define PIN_BENCHMARK		_IOWR('g', 5, struct gup_benchmark)
#define PIN_LONGTERM_BENCHMARK	_IOWR('g', 6, struct gup_benchmark)
#define PIN_COUNT_FAST_TEST	_IOWR('g', 8, struct gup_benchmark)
#define PIN_COUNT_TEST		_IOWR('g', 9, struct gup_benchmark)
#define PIN_HOLD_TEST		_IOWR('g', 15, struct gup_benchmark)
#define PIN_HELD_READ_TEST	_IOWR('g', 16, struct gup_benchmark)
#define PIN_HELD_WRITE_TEST	_IOWR('g', 17, struct gup_benchmark)
#define PIN_RELEASE_TEST	_IOWR('g', 18, struct gup_benchmark)

/* expansion[] of PIN_HOLD_TEST */
#define HOLD_SLOW 0

/* expansion[] of PIN_COUNT_FAST_TEST and PIN_COUNT_TEST */
enum {
	PIN_COUNT_ROUNDS,
	PIN_COUNT_REF_BEFORE,
	PIN_COUNT_REF_PINNED,
	PIN_COUNT_REF_AFTER,
	PIN_COUNT_PINCOUNT_PINNED,
	PIN_COUNT_PINCOUNT_AFTER,
	PIN_COUNT_MAYBE_PINNED,
	PIN_COUNT_MAYBE_AFTER,
	PIN_COUNT_REFUSED,
	PIN_COUNT_PAGES,
};

#endif /* GUP_BENCHMARK_ABI_H */
