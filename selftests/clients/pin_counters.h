/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pin_counters.h - the FOLL_PIN counters of /proc/vmstat, for the call-site
 * clients in selftests/clients.
 *
 * nr_foll_pin_acquired and nr_foll_pin_released move by one per pinned
 * (sub)page. They are node counters with per-CPU deltas: writing to
 * /proc/sys/vm/stat_refresh folds those deltas first, so that the values read
 * back are exact. A kernel without the counters (plain v5.4) makes
 * pin_counters_read() return false; the pin_expect_*() checks then report
 * SKIP and the clients still check their data.
 *
 * The counters are global: a client takes its snapshots while no other
 * process pins (the guest runs one test at a time).
 *
 * Also here: client_result(), one TAP line for a condition, and
 * client_deadline().
 */
#ifndef PIN_COUNTERS_H
#define PIN_COUNTERS_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kselftest.h"

struct pin_counters {
	bool have;
	long long acquired;
	long long released;
};

/* Fold the per-CPU deltas and read both counters. */
static inline bool pin_counters_read(struct pin_counters *pc)
{
	char line[128];
	int have = 0;
	FILE *f;
	int fd;

	memset(pc, 0, sizeof(*pc));
	fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);
	if (fd >= 0) {
		/* EINVAL only says some other counter is negative. */
		if (write(fd, "1\n", 2) < 0 && errno != EINVAL)
			ksft_print_msg("stat_refresh: %s\n", strerror(errno));
		close(fd);
	}
	f = fopen("/proc/vmstat", "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "nr_foll_pin_acquired %lld", &pc->acquired) == 1)
			have |= 1;
		else if (sscanf(line, "nr_foll_pin_released %lld", &pc->released) == 1)
			have |= 2;
	}
	fclose(f);
	pc->have = have == 3;
	return pc->have;
}

/*
 * A client runs for seconds. A gup loop that never advances keeps going in
 * the kernel until a fatal signal: SIGALRM after CLIENT_TIMEOUT seconds
 * ends the client (not ok) before the harness' per-test timeout, which
 * guest-init exports as TEST_TIMEOUT: the alarm comes 20 s before that
 * at the latest.
 */
#ifndef CLIENT_TIMEOUT
#define CLIENT_TIMEOUT 60
#endif

static inline void client_deadline(void)
{
	const char *env = getenv("TEST_TIMEOUT");
	long limit = env ? atol(env) - 20 : 0;

	alarm(limit > 0 && limit < CLIENT_TIMEOUT ? limit : CLIENT_TIMEOUT);
}

/* One TAP result line: ok when @ok. */
static inline void client_vresult(bool ok, const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (ok)
		ksft_test_result_pass("%s\n", msg);
	else
		ksft_test_result_fail("%s\n", msg);
}

static inline void client_result(bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	client_vresult(ok, fmt, ap);
	va_end(ap);
}

static inline void pin_vskip(const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	ksft_test_result_skip("%s: no pin counters in /proc/vmstat\n", msg);
}

/*
 * Report whether the counters moved by exactly @acq and @rel since @before.
 * Returns the result (true also for SKIP).
 */
static inline bool pin_expect_delta(const struct pin_counters *before,
				    long long acq, long long rel,
				    const char *fmt, ...)
{
	struct pin_counters now;
	char msg[512];
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	if (!before->have || !pin_counters_read(&now)) {
		pin_vskip(fmt, ap);
		va_end(ap);
		return true;
	}
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ok = now.acquired - before->acquired == acq &&
	     now.released - before->released == rel;
	client_result(ok, "%s: pins acquired %+lld released %+lld (expected %+lld %+lld)",
		      msg, now.acquired - before->acquired,
		      now.released - before->released, acq, rel);
	return ok;
}

/*
 * Like pin_expect_delta(), for releases that may be deferred (to a
 * workqueue, an RCU callback): poll for up to @timeout_ms until the deltas
 * match, then report.
 */
static inline bool pin_wait_delta(const struct pin_counters *before,
				  long long acq, long long rel, int timeout_ms,
				  const char *fmt, ...)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	struct pin_counters now;
	char msg[512];
	va_list ap;
	int waited;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!before->have)
		return pin_expect_delta(before, acq, rel, "%s", msg);
	for (waited = 0; waited < timeout_ms; waited += 10) {
		if (pin_counters_read(&now) &&
		    now.acquired - before->acquired == acq &&
		    now.released - before->released == rel)
			break;
		nanosleep(&ts, NULL);
	}
	if (waited)
		ksft_print_msg("%s: waited %d ms for the counters\n", msg, waited);
	return pin_expect_delta(before, acq, rel, "%s", msg);
}

/* Report whether acquired == released now (every pin let go). */
static inline bool pin_expect_balanced(const char *fmt, ...)
{
	struct pin_counters now;
	char msg[512];
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	if (!pin_counters_read(&now)) {
		pin_vskip(fmt, ap);
		va_end(ap);
		return true;
	}
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ok = now.acquired == now.released;
	client_result(ok, "%s: nr_foll_pin_acquired %lld == nr_foll_pin_released %lld",
		      msg, now.acquired, now.released);
	return ok;
}

#endif /* PIN_COUNTERS_H */
