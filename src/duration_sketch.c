/*
 * duration_sketch.c
 *		The duration sketch (duration_sketch.h): the accumulator and the
 *		aggregates duration_agg(interval) and rollup(duration_sketch).  The
 *		buckets are in duration_sketch_bucket.c, the accessors in
 *		duration_sketch_access.c, the varlena form, its validation and the
 *		binary I/O in duration_sketch_binary.c, and the text I/O in
 *		duration_sketch_text.c.
 *
 * Durations.  An interval counts in microseconds with a day as 24 hours,
 * the way interval comparison orders intervals, so the sketch agrees with
 * ORDER BY, min(), max() and percentile_disc() over the same intervals.  A
 * negative duration is an error, and so is a month part: a month has no
 * fixed length (duration_percentile refuses months for the same reason).
 *
 * Aggregation.  The transition state is a DSAccum in the aggregate memory
 * context, with int64 counts over the range of buckets seen so far (grown
 * on demand).  The combine, serial and deserial functions make both
 * aggregates parallel; serialization is the sketch's own varlena form.  In
 * moving windows, removing a duration decrements its bucket exactly, except
 * when it is the minimum or the maximum: the inverse then returns NULL and
 * PostgreSQL recomputes the frame.
 */
#include "postgres.h"

#include "common/int.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "duration_sketch.h"

/* Spare buckets allocated around the first one an accumulator sees. */
#define DS_SLACK	16

/* A new, empty accumulator whose counts will live in mcxt. */
DSAccum *
DSAccumCreate(MemoryContext mcxt)
{
	DSAccum    *acc = MemoryContextAllocZero(mcxt, sizeof(DSAccum));

	acc->mcxt = mcxt;
	return acc;
}

/*
 * Make the counts window cover buckets lo..hi.  It grows by half its size
 * (at least DS_SLACK) on the side that needs it, so a run of new buckets
 * costs amortized O(1) each.
 */
void
DSAccumReserve(DSAccum *acc, int lo, int hi)
{
	int			new_lo;
	int			new_hi;
	int64	   *counts;

	Assert(lo >= 0 && lo <= hi && hi < DS_NBUCKETS);
	if (acc->cap > 0 && lo >= acc->base && hi < acc->base + acc->cap)
		return;

	if (acc->cap == 0)
	{
		new_lo = lo - DS_SLACK;
		new_hi = hi + DS_SLACK;
	}
	else
	{
		int			grow = Max(DS_SLACK, acc->cap / 2);

		new_lo = acc->base;
		new_hi = acc->base + acc->cap - 1;
		if (lo < new_lo)
			new_lo = lo - grow;
		if (hi > new_hi)
			new_hi = hi + grow;
	}
	new_lo = Max(new_lo, 0);
	new_hi = Min(new_hi, DS_NBUCKETS - 1);

	counts = MemoryContextAllocZero(acc->mcxt,
									sizeof(int64) * (new_hi - new_lo + 1));
	if (acc->cap > 0)
	{
		memcpy(counts + (acc->base - new_lo), acc->counts,
			   sizeof(int64) * acc->cap);
		pfree(acc->counts);
	}
	acc->counts = counts;
	acc->base = new_lo;
	acc->cap = new_hi - new_lo + 1;
}

/*
 * The positions in acc->counts of the first and last non-empty buckets;
 * both -1 when every bucket is empty.
 */
void
DSAccumNonEmpty(const DSAccum *acc, int *first, int *last)
{
	int			k;

	*first = -1;
	*last = -1;
	for (k = 0; k < acc->cap; k++)
	{
		if (acc->counts[k] != 0)
		{
			if (*first < 0)
				*first = k;
			*last = k;
		}
	}
}

/* Forget every duration (the window has removed them all). */
static void
DSAccumReset(DSAccum *acc)
{
	acc->n = 0;
	acc->zero = 0;
	acc->sum = 0;
	acc->min = 0;
	acc->max = 0;
	if (acc->cap > 0)
		memset(acc->counts, 0, sizeof(int64) * acc->cap);
}

/*
 * Count one duration.  Called once per row.  The count cannot overflow:
 * 2^63 rows would take centuries to scan.
 */
static inline void
DSAccumAdd(DSAccum *acc, int64 us)
{
	if (us == 0)
		acc->zero++;
	else
	{
		int			i = DSBucketOf(us);

		if (unlikely(i < acc->base || i >= acc->base + acc->cap))
			DSAccumReserve(acc, i, i);
		acc->counts[i - acc->base]++;
	}
	if (acc->n == 0)
		acc->min = acc->max = us;
	else if (us < acc->min)
		acc->min = us;
	else if (us > acc->max)
		acc->max = us;
	acc->n++;
	acc->sum += us;
}

/*
 * Uncount one duration, for moving windows.  Returns false when that cannot
 * be done exactly: when it is the minimum or the maximum (the sketch does
 * not know the next one), or when the state does not hold it.
 */
static bool
DSAccumRemove(DSAccum *acc, int64 us)
{
	int			i;

	if (acc->n == 1 && us == acc->min)
	{
		DSAccumReset(acc);
		return true;
	}
	if (acc->n < 2)
		return false;

	if (us == 0)
	{
		/* the minimum stays 0 while another zero remains */
		if (acc->zero < 2)
			return false;
		acc->zero--;
	}
	else
	{
		if (us == acc->min || us == acc->max)
			return false;
		i = DSBucketOf(us);
		if (i < acc->base || i >= acc->base + acc->cap ||
			acc->counts[i - acc->base] == 0)
			return false;
		acc->counts[i - acc->base]--;
	}
	acc->n--;
	acc->sum -= us;
	return true;
}

/* Add every duration of other to acc: the exact merge. */
static void
DSAccumMerge(DSAccum *acc, const DSAccum *other)
{
	int64		old_n = acc->n;
	int			first;
	int			last;
	int			k;

	if (other->n == 0)
		return;
	if (pg_add_s64_overflow(acc->n, other->n, &acc->n))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("duration sketch holds too many durations"),
				 errdetail("The count of durations exceeds %lld.",
						   (long long) PG_INT64_MAX)));

	DSAccumNonEmpty(other, &first, &last);
	if (first >= 0)
	{
		DSAccumReserve(acc, other->base + first, other->base + last);
		/* no bucket can overflow: each is at most the total, now checked */
		for (k = first; k <= last; k++)
			acc->counts[other->base + k - acc->base] += other->counts[k];
	}
	acc->zero += other->zero;
	acc->sum += other->sum;
	if (old_n == 0)
	{
		acc->min = other->min;
		acc->max = other->max;
	}
	else
	{
		acc->min = Min(acc->min, other->min);
		acc->max = Max(acc->max, other->max);
	}
}

/*
 * Take the durations of other back out of acc, for rollup's moving
 * windows.  Returns false, changing nothing, when acc does not hold them
 * all or when the minimum or maximum could change.
 */
static bool
DSAccumUnmerge(DSAccum *acc, const DSAccum *other)
{
	int			k;

	if (other->n == 0)
		return true;
	if (other->n > acc->n || other->zero > acc->zero)
		return false;
	for (k = 0; k < other->cap; k++)
	{
		int			j = other->base + k - acc->base;

		if (other->counts[k] == 0)
			continue;
		if (j < 0 || j >= acc->cap || acc->counts[j] < other->counts[k])
			return false;
	}

	if (other->n == acc->n)
	{
		/* it held exactly the same durations */
		DSAccumReset(acc);
		return true;
	}
	/* the minimum stays only if other's is larger, or is a zero that remains */
	if (!(other->min > acc->min ||
		  (acc->min == 0 && acc->zero > other->zero)))
		return false;
	/* the maximum stays only if other's is smaller, or all are zero */
	if (!(other->max < acc->max || acc->max == 0))
		return false;

	for (k = 0; k < other->cap; k++)
	{
		if (other->counts[k] != 0)
			acc->counts[other->base + k - acc->base] -= other->counts[k];
	}
	acc->n -= other->n;
	acc->zero -= other->zero;
	acc->sum -= other->sum;
	return true;
}

/* The text of an interval, for messages. */
static char *
DSIntervalText(const Interval *iv)
{
	return DatumGetCString(DirectFunctionCall1(interval_out,
											   IntervalPGetDatum(iv)));
}

static void DSBadDuration(const Interval *iv) pg_attribute_noreturn();

/* Report a duration the sketch cannot hold. */
static pg_noinline void
DSBadDuration(const Interval *iv)
{
	int128		us = (int128) iv->time + (int128) iv->day * USECS_PER_DAY;

	if (iv->month != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("duration cannot have a month part"),
				 errdetail("Got %s; a month has no fixed length.",
						   DSIntervalText(iv)),
				 errhint("Subtract timestamps (which gives days and hours) rather than use age(), or convert months to days yourself.")));
	if (us < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("duration must not be negative"),
				 errdetail("Got %s.", DSIntervalText(iv)),
				 errhint("A duration is an elapsed time: compute it as stop - start, and leave out rows whose stop precedes their start.")));
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("duration out of range"),
			 errdetail("Got %s; a duration sketch holds durations up to 2^63 - 1 microseconds (about 292,000 years).",
					   DSIntervalText(iv))));
}

/*
 * An interval in microseconds, a day counted as 24 hours (the order
 * interval_cmp uses).  A month part is an error, as in duration_percentile:
 * a month has no fixed length.
 */
static inline int64
DSIntervalToUs(const Interval *iv)
{
	int128		us = (int128) iv->time + (int128) iv->day * USECS_PER_DAY;

	if (unlikely(iv->month != 0 || us < 0 || us > PG_INT64_MAX))
		DSBadDuration(iv);
	return (int64) us;
}

/* The aggregate memory context; an error outside an aggregate. */
static MemoryContext
DSAggContext(FunctionCallInfo fcinfo)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("duration sketch support function called outside an aggregate"),
				 errhint("Use duration_agg() or rollup() instead.")));
	return aggcontext;
}

/*
 * The state argument of a transition function, created when NULL.  Only an
 * aggregate can pass a non-NULL internal state (SQL cannot make one), so
 * the context is checked when the state is created, not on every row.
 */
static DSAccum *
DSStateArg(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		return DSAccumCreate(DSAggContext(fcinfo));
	return (DSAccum *) PG_GETARG_POINTER(0);
}

PG_FUNCTION_INFO_V1(duration_sketch_trans);
/* Transition of duration_agg(): count one duration; NULL is skipped. */
Datum
duration_sketch_trans(PG_FUNCTION_ARGS)
{
	DSAccum    *acc = DSStateArg(fcinfo);

	if (!PG_ARGISNULL(1))
		DSAccumAdd(acc, DSIntervalToUs(PG_GETARG_INTERVAL_P(1)));
	PG_RETURN_POINTER(acc);
}

PG_FUNCTION_INFO_V1(duration_sketch_inv);
/* Moving-window inverse of duration_agg(); NULL means "recompute". */
Datum
duration_sketch_inv(PG_FUNCTION_ARGS)
{
	DSAccum    *acc = DSStateArg(fcinfo);

	if (!PG_ARGISNULL(1) &&
		!DSAccumRemove(acc, DSIntervalToUs(PG_GETARG_INTERVAL_P(1))))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(acc);
}

PG_FUNCTION_INFO_V1(duration_sketch_rollup_trans);
/* Transition of rollup(duration_sketch): merge one sketch. */
Datum
duration_sketch_rollup_trans(PG_FUNCTION_ARGS)
{
	DSAccum    *acc = DSStateArg(fcinfo);

	if (!PG_ARGISNULL(1))
		DSAccumMerge(acc, DSSketchArg(fcinfo, 1));
	PG_RETURN_POINTER(acc);
}

PG_FUNCTION_INFO_V1(duration_sketch_rollup_inv);
/* Moving-window inverse of rollup(duration_sketch); NULL means "recompute". */
Datum
duration_sketch_rollup_inv(PG_FUNCTION_ARGS)
{
	DSAccum    *acc = DSStateArg(fcinfo);

	if (!PG_ARGISNULL(1) && !DSAccumUnmerge(acc, DSSketchArg(fcinfo, 1)))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(acc);
}

PG_FUNCTION_INFO_V1(duration_sketch_combine);
/* Combine two partial states of duration_agg() or rollup(). */
Datum
duration_sketch_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = DSAggContext(fcinfo);
	DSAccum    *acc = PG_ARGISNULL(0) ? NULL : (DSAccum *) PG_GETARG_POINTER(0);
	DSAccum    *other = PG_ARGISNULL(1) ? NULL : (DSAccum *) PG_GETARG_POINTER(1);

	if (other == NULL)
	{
		if (acc == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(acc);
	}
	/* other may live in a short-lived context: copy it, never keep it */
	if (acc == NULL)
		acc = DSAccumCreate(aggcontext);
	DSAccumMerge(acc, other);
	PG_RETURN_POINTER(acc);
}

PG_FUNCTION_INFO_V1(duration_sketch_serialize);
/* A partial state as bytes for a parallel worker: the sketch's own form. */
Datum
duration_sketch_serialize(PG_FUNCTION_ARGS)
{
	(void) DSAggContext(fcinfo);
	PG_RETURN_BYTEA_P((bytea *) DSEncode((DSAccum *) PG_GETARG_POINTER(0)));
}

PG_FUNCTION_INFO_V1(duration_sketch_deserialize);
/* Read a worker's partial state back, validated like any sketch. */
Datum
duration_sketch_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);

	(void) DSAggContext(fcinfo);
	PG_RETURN_POINTER(DSDecode(VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes),
							   ERRCODE_INVALID_BINARY_REPRESENTATION));
}

PG_FUNCTION_INFO_V1(duration_sketch_final);
/* Final step of duration_agg() and rollup(): NULL over no duration. */
Datum
duration_sketch_final(PG_FUNCTION_ARGS)
{
	DSAccum    *acc = PG_ARGISNULL(0) ? NULL : (DSAccum *) PG_GETARG_POINTER(0);

	(void) DSAggContext(fcinfo);
	if (acc == NULL || acc->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_DURATION_SKETCH_P(DSEncode(acc));
}
