/*
 * share.h
 *		The share state {true_count, count} behind pct() and every rate.
 *
 * The state is an int8[2] array (share.c).  A rate whose input is not a
 * boolean maps each row to true or false, or leaves it out, and lets these
 * functions count it: every rate then has pct()'s state, combine function
 * (parallel plans), final function and exact inverse (moving windows).
 */
#ifndef SHARE_H
#define SHARE_H

#include "postgres.h"
#include "fmgr.h"
#include "common/int128.h"
#include "datatype/timestamp.h"

/*
 * Each takes the state from argument 0 of the calling transition or inverse
 * function, checks it, and returns the new state: updated in place inside an
 * aggregate, a changed copy otherwise.
 */
extern Datum ShareAdd(FunctionCallInfo fcinfo, bool value);
extern Datum ShareRemove(FunctionCallInfo fcinfo, bool value);
extern Datum ShareKeep(FunctionCallInfo fcinfo);

/*
 * Compare two durations the way the interval operators do (a month is 30
 * days, a day 24 hours): -1, 0 or 1.  The rates compare a value with a
 * target on every row, so the usual case, no months or days on either
 * side, is a plain comparison; otherwise the spans are compared in 128
 * bits, as 2^31 months of microseconds overflow 64.
 */
static inline INT128
ShareIntervalSpan(const Interval *iv)
{
	INT128		span = int64_to_int128(iv->time);

	int128_add_int64_mul_int64(&span, iv->month * INT64CONST(30) + iv->day,
							   USECS_PER_DAY);
	return span;
}

static inline int
ShareIntervalCmp(const Interval *a, const Interval *b)
{
	if (a->month == 0 && a->day == 0 && b->month == 0 && b->day == 0)
		return (a->time > b->time) - (a->time < b->time);
	return int128_compare(ShareIntervalSpan(a), ShareIntervalSpan(b));
}

#endif							/* SHARE_H */
