/*
 * share.h
 *		The share state {true_count, count} behind pct() and every rate.
 *
 * The state is an int8[2] array (share.c), or an int8[3] one with an as_of
 * (below).  A rate whose input is not a boolean maps each row to true or
 * false, or leaves it out, and lets these functions count it: every rate
 * then has pct()'s state, combine function (parallel plans), final
 * function and exact inverse (moving windows).
 */
#ifndef SHARE_H
#define SHARE_H

#include "postgres.h"
#include "compat.h"
#include "fmgr.h"
#include "common/int128.h"
#include "datatype/timestamp.h"

/*
 * A rate whose definition reads "now" has a form that takes it as an
 * argument, as_of; its state carries the group's as_of as a third element,
 * {true_count, count, as_of}, so that every row and every partial state of
 * a group can be checked to have the same one.  Before the first row the
 * element holds -infinity (DT_NOBEGIN), which no as_of can be (they are
 * finite, csmetrics.c).
 */
typedef enum ShareStep
{
	SHARE_REMOVE = -1,			/* uncount a value: moving-window inverse */
	SHARE_KEEP = 0,				/* count nothing: a row the rate leaves out */
	SHARE_ADD = 1				/* count a value, and a success if true */
} ShareStep;

/*
 * ShareUpdate takes the state from argument 0 of the calling transition or
 * inverse function, checks it, applies step, and returns the new state:
 * updated in place inside an aggregate, a changed copy otherwise.  With
 * as_of (not NULL) the state is one with as_of, stamped with it on its
 * first row and checked against it on every later one.
 */
extern Datum ShareUpdate(FunctionCallInfo fcinfo, ShareStep step, bool value,
						 const TimestampTz *as_of);

static inline Datum
ShareAdd(FunctionCallInfo fcinfo, bool value)
{
	return ShareUpdate(fcinfo, SHARE_ADD, value, NULL);
}

static inline Datum
ShareRemove(FunctionCallInfo fcinfo, bool value)
{
	return ShareUpdate(fcinfo, SHARE_REMOVE, value, NULL);
}

static inline Datum
ShareKeep(FunctionCallInfo fcinfo)
{
	return ShareUpdate(fcinfo, SHARE_KEEP, false, NULL);
}

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
