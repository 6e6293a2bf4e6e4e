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
 * Aggregation.  The state of duration_agg() and rollup() is a
 * duration_sketch in its working form (duration_sketch.h): plain int64
 * counts over a window of buckets, updated in place, grown on demand.  A
 * real type rather than internal, because Citus splits only aggregates
 * whose state it can ship, as text; the one function duration_sketch_merge
 * is rollup's transition and the combine function of both aggregates, so
 * they need no serialization in parallel plans.  Moving windows keep an
 * internal DSAccum: removing a duration decrements its bucket exactly,
 * except when it is the minimum or the maximum: the inverse then returns
 * NULL and PostgreSQL recomputes the frame.
 */
#include "postgres.h"
#include "compat.h"

#include "common/int.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "csmetrics.h"
#include "duration_sketch.h"

/* Spare buckets allocated around the first one an accumulator sees. */
#define DS_SLACK	16

/* A new, empty accumulator whose counts will live in mcxt. */
DSAccum *
DSAccumCreate(MemoryContext mcxt)
{
	DSAccum    *acc = MemoryContextAllocZero(mcxt, sizeof(DSAccum));

	acc->tag = DS_ACCUM_TAG;
	acc->mcxt = mcxt;
	return acc;
}

/*
 * The window of buckets to allocate so that a window of cap buckets from
 * base (cap 0: none yet) covers buckets lo..hi.  It grows by half its size
 * (at least DS_SLACK) on the side that needs it, so a run of new buckets
 * costs amortized O(1) each.  Shared by the DSAccum and the working form.
 */
void
DSGrowWindow(int base, int cap, int lo, int hi, int *new_lo, int *new_hi)
{
	Assert(lo >= 0 && lo <= hi && hi < DS_NBUCKETS);
	if (cap == 0)
	{
		*new_lo = lo - DS_SLACK;
		*new_hi = hi + DS_SLACK;
	}
	else
	{
		int			grow = Max(DS_SLACK, cap / 2);

		*new_lo = lo < base ? lo - grow : base;
		*new_hi = hi >= base + cap ? hi + grow : base + cap - 1;
	}
	*new_lo = Max(*new_lo, 0);
	*new_hi = Min(*new_hi, DS_NBUCKETS - 1);
}

/* Make the counts window cover buckets lo..hi. */
void
DSAccumReserve(DSAccum *acc, int lo, int hi)
{
	int			new_lo;
	int			new_hi;
	int64	   *counts;

	if (acc->cap > 0 && lo >= acc->base && hi < acc->base + acc->cap)
		return;
	DSGrowWindow(acc->base, acc->cap, lo, hi, &new_lo, &new_hi);

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
void
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

pg_noreturn static void DSBadDuration(const Interval *iv);

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
						   cs_interval_text(iv)),
				 errhint("Subtract timestamps (which gives days and hours) rather than use age(), or convert months to days yourself.")));
	if (us < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("duration must not be negative"),
				 errdetail("Got %s.", cs_interval_text(iv)),
				 errhint("A duration is an elapsed time: compute it as stop - start, and leave out rows whose stop precedes their start.")));
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("duration out of range"),
			 errdetail("Got %s; a duration sketch holds durations up to 2^63 - 1 microseconds (about 292,000 years).",
					   cs_interval_text(iv))));
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
 * The internal state argument, NULL if NULL (DSAccumArg), or created when
 * NULL (DSStateArg, for the transitions).  Only an aggregate can pass a
 * non-NULL internal state (SQL cannot make one), so the context is checked
 * when the state is created, not on every row; the tag, on every row,
 * refuses another aggregate's internal state, which an aggregate of the
 * user's own could pass.
 */
static DSAccum *
DSAccumArg(FunctionCallInfo fcinfo)
{
	DSAccum    *acc;

	if (PG_ARGISNULL(0))
		return NULL;
	acc = (DSAccum *) PG_GETARG_POINTER(0);
	if (unlikely(acc->tag != DS_ACCUM_TAG))
		cs_state_mismatch(fcinfo, "duration sketch");
	return acc;
}

static DSAccum *
DSStateArg(FunctionCallInfo fcinfo)
{
	DSAccum    *acc = DSAccumArg(fcinfo);

	return acc != NULL ? acc : DSAccumCreate(DSAggContext(fcinfo));
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

/* ---------- the state as a duration_sketch: the working form ---------- */

/*
 * A working form of a window of cap buckets from base, empty, in the
 * current memory context: the executor copies a new or grown state into
 * the aggregate context (and frees the one it replaces), so the function
 * that makes one must not put it there itself.
 */
static DurationSketch *
DSWorkAlloc(int base, int cap)
{
	DurationSketch *w = palloc0(DS_WORK_SIZE(cap));

	SET_VARSIZE(w, DS_WORK_SIZE(cap));
	w->version = DS_FORMAT_VERSION;
	w->flags = DS_FLAG_WORK;
	w->start = base;
	w->nbuckets = cap;
	return w;
}

/* The working form w seen as a DSAccum, counts in place (it cannot grow). */
static void
DSWorkView(DurationSketch *w, DSAccum *view)
{
	view->n = w->n;
	view->zero = w->zero;
	view->sum = ((int128) w->sum_hi << 64) | (int128) w->sum_lo;
	view->min = w->min_us;
	view->max = w->max_us;
	view->base = w->start;
	view->cap = w->nbuckets;
	view->counts = DSWorkCounts(w);
	view->mcxt = NULL;
}

/* Write a view's totals back into its working form. */
static void
DSWorkStore(DurationSketch *w, const DSAccum *view)
{
	w->n = view->n;
	w->zero = view->zero;
	w->sum_hi = (int64) (view->sum >> 64);
	w->sum_lo = (uint64) view->sum;
	w->min_us = view->min;
	w->max_us = view->max;
}

/* w, or a larger copy of it, whose window covers buckets lo..hi. */
static DurationSketch *
DSWorkReserve(DurationSketch *w, int lo, int hi)
{
	DurationSketch *grown;
	int			new_lo;
	int			new_hi;

	if (w->nbuckets > 0 && lo >= w->start && hi < w->start + w->nbuckets)
		return w;
	DSGrowWindow(w->start, w->nbuckets, lo, hi, &new_lo, &new_hi);
	grown = DSWorkAlloc(new_lo, new_hi - new_lo + 1);
	memcpy(&grown->n, &w->n, DS_HEADER_SIZE - offsetof(DurationSketch, n));
	if (w->nbuckets > 0)
		memcpy(DSWorkCounts(grown) + (w->start - new_lo), DSWorkCounts(w),
			   sizeof(int64) * w->nbuckets);
	return grown;
}

/*
 * Add every duration of other to the working form w (or a grown copy).
 * other comes from DSDecode, whose window starts and ends with non-empty
 * buckets, so it is the range to reserve, without a scan.
 */
static DurationSketch *
DSWorkMerge(DurationSketch *w, const DSAccum *other)
{
	DSAccum		view;

	if (other->cap > 0)
		w = DSWorkReserve(w, other->base, other->base + other->cap - 1);
	DSWorkView(w, &view);
	DSAccumMerge(&view, other);
	DSWorkStore(w, &view);
	return w;
}

/*
 * The state argument of a state support function: NULL, or a working form
 * to update in place.  Outside an aggregate the argument is not the
 * function's to change, hence the error.  A canonical sketch (an INITCOND,
 * or a user's aggregate built on these functions) is first copied into a
 * working form.
 */
static DurationSketch *
DSWorkArg(FunctionCallInfo fcinfo)
{
	DurationSketch *w;

	cs_in_place_only(fcinfo, "duration sketch", "duration_agg() or rollup()");
	if (PG_ARGISNULL(0))
		return NULL;
	w = (DurationSketch *) PG_GETARG_POINTER(0);
	if (unlikely(VARATT_IS_EXTENDED(w) || !(w->flags & DS_FLAG_WORK)))
		w = DSWorkMerge(DSWorkAlloc(0, 0), DSSketchArg(fcinfo, 0));
	return w;
}

PG_FUNCTION_INFO_V1(duration_sketch_add);
/*
 * Transition of duration_agg(): count one duration in place; NULL is
 * skipped.  The hot path: one bucket lookup, one increment, and the
 * totals, as DSAccumAdd.
 */
Datum
duration_sketch_add(PG_FUNCTION_ARGS)
{
	DurationSketch *w = DSWorkArg(fcinfo);
	int64		us;
	uint64		sum_lo;

	if (PG_ARGISNULL(1))
	{
		if (w == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(w);
	}
	us = DSIntervalToUs(PG_GETARG_INTERVAL_P(1));
	if (w == NULL)
		w = DSWorkAlloc(0, 0);

	if (us == 0)
		w->zero++;
	else
	{
		int			i = DSBucketOf(us);

		if (unlikely(i < w->start || i >= w->start + w->nbuckets))
			w = DSWorkReserve(w, i, i);
		DSWorkCounts(w)[i - w->start]++;
	}
	if (w->n == 0)
		w->min_us = w->max_us = us;
	else if (us < w->min_us)
		w->min_us = us;
	else if (us > w->max_us)
		w->max_us = us;
	w->n++;
	/* the 128-bit sum: us >= 0, so a carry out of the low half is enough */
	sum_lo = w->sum_lo + (uint64) us;
	w->sum_hi += sum_lo < w->sum_lo;
	w->sum_lo = sum_lo;
	PG_RETURN_POINTER(w);
}

PG_FUNCTION_INFO_V1(duration_sketch_merge);
/*
 * Transition of rollup(duration_sketch), and the combine function of both
 * aggregates (parallel plans, Citus): merge one sketch, in either form,
 * validated, into the state.
 */
Datum
duration_sketch_merge(PG_FUNCTION_ARGS)
{
	DurationSketch *w = DSWorkArg(fcinfo);

	if (PG_ARGISNULL(1))
	{
		if (w == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(w);
	}
	if (w == NULL)
		w = DSWorkAlloc(0, 0);
	PG_RETURN_POINTER(DSWorkMerge(w, DSSketchArg(fcinfo, 1)));
}

PG_FUNCTION_INFO_V1(duration_sketch_state_final);
/* Final step of duration_agg() and rollup(): canonical; NULL when empty. */
Datum
duration_sketch_state_final(PG_FUNCTION_ARGS)
{
	DurationSketch *w;
	DSAccum		view;
	DSAccum    *acc = &view;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	w = (DurationSketch *) PG_GETARG_POINTER(0);
	if (!VARATT_IS_EXTENDED(w) && (w->flags & DS_FLAG_WORK))
		DSWorkView(w, &view);
	else
		acc = DSSketchArg(fcinfo, 0);
	if (acc->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_DURATION_SKETCH_P(DSEncode(acc));
}

PG_FUNCTION_INFO_V1(duration_sketch_final);
/* Final step of the moving-window forms: NULL over no duration. */
Datum
duration_sketch_final(PG_FUNCTION_ARGS)
{
	DSAccum    *acc = DSAccumArg(fcinfo);

	(void) DSAggContext(fcinfo);
	if (acc == NULL || acc->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_DURATION_SKETCH_P(DSEncode(acc));
}
