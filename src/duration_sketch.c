/*
 * duration_sketch.c
 *		The duration sketch (duration_sketch.h): bucketing, the aggregates
 *		duration_agg(interval) and rollup(duration_sketch), and the accessors.
 *		The varlena form, its validation and the I/O functions are in
 *		duration_sketch_io.c.
 *
 * Buckets.  Bucket i holds the whole microseconds x with U(i-1) < x <= U(i),
 * where U(-1) = 0, U(0) = 1 and U(i) = U(i-1) + max(1, floor(U(i-1) / 50)).
 * Durations up to 100 us get a bucket each; above, a bucket is at most 2 %
 * of its lower edge wide, and 2086 buckets reach 2^63 - 1 us.  The bounds
 * are computed once per backend with integer arithmetic, so a duration
 * lands in the same bucket on every platform.
 *
 * Accuracy.  Let bucket i have lower edge B = U(i-1) and width k, so that it
 * holds L = B + 1 .. U = B + k.  Its representative is r = ceil(100 U / 101).
 * If k = 1 then U <= 100 and r = U, the only value.  Otherwise k =
 * floor(B / 50), so 100 k <= 2 B + 1, which is 100 U + 101 <= 102 L: the
 * interval [100 U / 101, 102 L / 101] is at least 1 long, so r, the first
 * integer at or above its start, lies in it.  Hence for every x of the bucket
 *		r - x <= r - L <= L / 101 <= x / 101  and
 *		x - r <= U - r <= U / 101,  with (x - r) / x largest at x = U,
 * so |r - x| <= x / 101: a relative error of at most 1/101 (0.990 %), in
 * exact integers.  (r >= L as well: 100 k > B once k >= 2.)
 *
 * Percentiles.  percentile(s, p) estimates percentile_disc(p) WITHIN GROUP
 * (ORDER BY d): the value at rank ceil(p * n) (rank 1 when p = 0) in
 * increasing order, with the same floating-point rank computation.  Zero
 * durations come first and are exact, the first and last ranks give the
 * exact minimum and maximum, and any other rank gives the representative of
 * the bucket that holds it, clamped to [min, max] (which can only move it
 * closer to the true value).  Buckets are ordered like their values, so the
 * value at that rank is in that bucket: the estimate is within 1/101 of it.
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

#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "duration_sketch.h"

/* Upper bound of each bucket, in us; built on first use. */
static int64 ds_upper[DS_NBUCKETS];

/*
 * The bucket lookup table: for a duration whose leading one bit is bit b
 * (7 <= b <= 62) and whose next 7 bits are m, ds_sub_first[b - 7][m] is the
 * bucket of the smallest such duration.  A 1/128 slice of an octave is
 * narrower than any bucket it meets above 100 us, so the duration's own
 * bucket is that one or the next: no search.
 */
#define DS_SUB_BITS		7
static int16 ds_sub_first[63 - DS_SUB_BITS][1 << DS_SUB_BITS];

static bool ds_buckets_ready = false;

/* Spare buckets allocated around the first one an accumulator sees. */
#define DS_SLACK	16

/* The first bucket in lo..hi whose upper bound is at least us. */
static int
DSBucketSearch(int64 us, int lo, int hi)
{
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (ds_upper[mid] < us)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Build the bucket bounds from the recurrence (see the top of the file). */
static void
DSInitBuckets(void)
{
	int128		u = 1;
	int			i;
	int			b;

	for (i = 0; i < DS_NBUCKETS; i++)
	{
		ds_upper[i] = (u > PG_INT64_MAX) ? PG_INT64_MAX : (int64) u;
		u += Max(1, u / DS_WIDTH_DIVISOR);
	}
	if (ds_upper[DS_NBUCKETS - 2] == PG_INT64_MAX ||
		ds_upper[DS_NBUCKETS - 1] != PG_INT64_MAX)
		elog(ERROR, "duration sketch bucket bounds do not end at 2^63 - 1");

	for (b = DS_SUB_BITS; b < 63; b++)
	{
		int			m;

		for (m = 0; m < (1 << DS_SUB_BITS); m++)
		{
			int64		smallest = (INT64CONST(1) << b) |
				((int64) m << (b - DS_SUB_BITS));

			i = DSBucketSearch(smallest, 0, DS_NBUCKETS - 1);
			ds_sub_first[b - DS_SUB_BITS][m] = (int16) i;
		}
	}
	ds_buckets_ready = true;
}

/*
 * The bucket of a positive duration: the first i with U(i) >= us.  Called
 * once per row.  The table gives a bucket at or below the answer (that of
 * the smallest duration of us's 1/128 octave slice), and the loop steps up
 * to it: correct for any such start, one step at most in practice.
 */
int
DSBucketOf(int64 us)
{
	int			b;
	int			i;

	Assert(us > 0);
	if (unlikely(!ds_buckets_ready))
		DSInitBuckets();
	if (us <= 100)
		return (int) us - 1;
	b = pg_leftmost_one_pos64((uint64) us);
	if (unlikely(b < DS_SUB_BITS))
		return DSBucketSearch(us, 100, DS_NBUCKETS - 1);

	i = ds_sub_first[b - DS_SUB_BITS][(us >> (b - DS_SUB_BITS)) &
									  ((1 << DS_SUB_BITS) - 1)];
	while (ds_upper[i] < us)
		i++;
	return i;
}

/* Smallest duration bucket i holds. */
int64
DSBucketLower(int bucket)
{
	Assert(bucket >= 0 && bucket < DS_NBUCKETS);
	if (unlikely(!ds_buckets_ready))
		DSInitBuckets();
	return bucket == 0 ? 1 : ds_upper[bucket - 1] + 1;
}

/* Largest duration bucket i holds. */
int64
DSBucketUpper(int bucket)
{
	Assert(bucket >= 0 && bucket < DS_NBUCKETS);
	if (unlikely(!ds_buckets_ready))
		DSInitBuckets();
	return ds_upper[bucket];
}

/* The representative of a bucket: within 1/101 of each of its durations. */
static int64
DSBucketValue(int bucket)
{
	int128		upper = DSBucketUpper(bucket);

	return (int64) ((upper * 100 + 100) / 101);
}

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
	int			first = -1;
	int			last = -1;
	int			k;

	if (other->n == 0)
		return;
	if (pg_add_s64_overflow(acc->n, other->n, &acc->n))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("duration sketch holds too many durations"),
				 errdetail("The count of durations exceeds %lld.",
						   (long long) PG_INT64_MAX)));

	for (k = 0; k < other->cap; k++)
	{
		if (other->counts[k] != 0)
		{
			if (first < 0)
				first = k;
			last = k;
		}
	}
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

/* Microseconds as an interval like timestamp subtraction's: days and time. */
static Interval *
DSIntervalFromUs(int64 us)
{
	Interval   *result = palloc(sizeof(Interval));

	result->month = 0;
	result->day = (int32) (us / USECS_PER_DAY);
	result->time = us % USECS_PER_DAY;
	return result;
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

/* The sketch argument argno, unpacked and validated. */
static DSAccum *
DSSketchArg(FunctionCallInfo fcinfo, int argno)
{
	struct varlena *sk = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(argno));

	return DSDecode(VARDATA_ANY(sk), VARSIZE_ANY_EXHDR(sk),
					ERRCODE_DATA_CORRUPTED);
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

/* A fraction must be in [0, 1]; NaN is not. */
static void
DSCheckFraction(double p)
{
	if (isnan(p) || p < 0.0 || p > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("percentile fraction must be between 0 and 1"),
				 errdetail("Got %g.", p),
				 errhint("Use 0.5 for the median and 0.9 for the 90th percentile.")));
}

/*
 * The estimate of the duration at fraction p (already checked) of a
 * non-empty sketch: the value at rank ceil(p * n), computed in floating
 * point as percentile_disc does, at least 1 and at most n.
 */
static int64
DSPercentileUs(const DSAccum *acc, double p)
{
	double		r = ceil(p * (double) acc->n);
	int64		rank;
	int64		seen;
	int64		value;
	int			k;

	Assert(acc->n > 0);
	if (r <= 1.0)
		rank = 1;
	else if (r >= (double) acc->n)
		rank = acc->n;
	else
		rank = (int64) r;

	if (rank <= acc->zero)
		return 0;
	if (rank == 1)
		return acc->min;
	if (rank == acc->n)
		return acc->max;

	seen = acc->zero;
	for (k = 0; k < acc->cap; k++)
	{
		seen += acc->counts[k];
		if (seen >= rank)
			break;
	}
	if (k == acc->cap)			/* cannot happen: counts add up to n */
		elog(ERROR, "duration sketch counts do not reach rank %lld",
			 (long long) rank);

	value = DSBucketValue(acc->base + k);
	return Max(acc->min, Min(acc->max, value));
}

/* Microseconds as seconds. */
static inline double
DSSeconds(int64 us)
{
	return (double) us / (double) USECS_PER_SEC;
}

/* The percentiles of an array of fractions, as intervals or seconds. */
static Datum
DSPercentileArray(FunctionCallInfo fcinfo, bool seconds)
{
	DSAccum    *acc = DSSketchArg(fcinfo, 0);
	ArrayType  *fractions = PG_GETARG_ARRAYTYPE_P(1);
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	int			i;

	deconstruct_array(fractions, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
					  TYPALIGN_DOUBLE, &elems, &nulls, &nelems);
	for (i = 0; i < nelems; i++)
	{
		if (!nulls[i])
			DSCheckFraction(DatumGetFloat8(elems[i]));
	}
	if (acc->n == 0)
		PG_RETURN_NULL();
	for (i = 0; i < nelems; i++)
	{
		int64		us;

		if (nulls[i])
			continue;
		us = DSPercentileUs(acc, DatumGetFloat8(elems[i]));
		elems[i] = seconds ? Float8GetDatum(DSSeconds(us)) :
			IntervalPGetDatum(DSIntervalFromUs(us));
	}
	if (seconds)
		PG_RETURN_ARRAYTYPE_P(construct_md_array(elems, nulls,
												 ARR_NDIM(fractions),
												 ARR_DIMS(fractions),
												 ARR_LBOUND(fractions),
												 FLOAT8OID, sizeof(float8),
												 FLOAT8PASSBYVAL,
												 TYPALIGN_DOUBLE));
	PG_RETURN_ARRAYTYPE_P(construct_md_array(elems, nulls,
											 ARR_NDIM(fractions),
											 ARR_DIMS(fractions),
											 ARR_LBOUND(fractions),
											 INTERVALOID, sizeof(Interval),
											 false, TYPALIGN_DOUBLE));
}

PG_FUNCTION_INFO_V1(duration_sketch_percentile);
/* percentile(sketch, p): the duration at fraction p, within 1/101. */
Datum
duration_sketch_percentile(PG_FUNCTION_ARGS)
{
	DSAccum    *acc = DSSketchArg(fcinfo, 0);
	double		p = PG_GETARG_FLOAT8(1);

	DSCheckFraction(p);
	if (acc->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_INTERVAL_P(DSIntervalFromUs(DSPercentileUs(acc, p)));
}

PG_FUNCTION_INFO_V1(duration_sketch_percentile_seconds);
/* percentile_seconds(sketch, p): the same, in seconds. */
Datum
duration_sketch_percentile_seconds(PG_FUNCTION_ARGS)
{
	DSAccum    *acc = DSSketchArg(fcinfo, 0);
	double		p = PG_GETARG_FLOAT8(1);

	DSCheckFraction(p);
	if (acc->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(DSSeconds(DSPercentileUs(acc, p)));
}

PG_FUNCTION_INFO_V1(duration_sketch_percentiles);
/* percentile(sketch, ps[]): one duration per fraction, NULL for NULL. */
Datum
duration_sketch_percentiles(PG_FUNCTION_ARGS)
{
	return DSPercentileArray(fcinfo, false);
}

PG_FUNCTION_INFO_V1(duration_sketch_percentiles_seconds);
/* percentile_seconds(sketch, ps[]): the same, in seconds. */
Datum
duration_sketch_percentiles_seconds(PG_FUNCTION_ARGS)
{
	return DSPercentileArray(fcinfo, true);
}

/*
 * The header of a sketch argument: count, extremes and sum are read in
 * place, without unpacking the buckets.  The type's alignment is double and
 * PG_DETOAST_DATUM copies short-header values, so the fields are aligned.
 */
static DurationSketch *
DSHeaderArg(FunctionCallInfo fcinfo, int argno)
{
	DurationSketch *sk = PG_GETARG_DURATION_SKETCH_P(argno);

	if (VARSIZE(sk) < DS_HEADER_SIZE || sk->version != DS_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid duration_sketch value"),
				 errdetail("The stored value is truncated or of an unknown version.")));
	return sk;
}

/* The mean of a non-empty sketch in us: quotient and remainder of sum / n. */
static void
DSMean(const DurationSketch *sk, int64 *quotient, int64 *remainder)
{
	int128		sum = ((int128) sk->sum_hi << 64) | (int128) sk->sum_lo;

	*quotient = (int64) (sum / sk->n);
	*remainder = (int64) (sum % sk->n);
}

PG_FUNCTION_INFO_V1(duration_sketch_count);
/* sketch_count(sketch): the exact number of durations. */
Datum
duration_sketch_count(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(DSHeaderArg(fcinfo, 0)->n);
}

PG_FUNCTION_INFO_V1(duration_sketch_mean);
/* mean(sketch): the exact mean, rounded to the microsecond. */
Datum
duration_sketch_mean(PG_FUNCTION_ARGS)
{
	DurationSketch *sk = DSHeaderArg(fcinfo, 0);
	int64		q;
	int64		r;

	if (sk->n == 0)
		PG_RETURN_NULL();
	DSMean(sk, &q, &r);
	/* round half up; 2r < 2n fits in uint64 */
	if ((uint64) r * 2 >= (uint64) sk->n)
		q++;
	PG_RETURN_INTERVAL_P(DSIntervalFromUs(q));
}

PG_FUNCTION_INFO_V1(duration_sketch_mean_seconds);
/* mean_seconds(sketch): the exact mean in seconds. */
Datum
duration_sketch_mean_seconds(PG_FUNCTION_ARGS)
{
	DurationSketch *sk = DSHeaderArg(fcinfo, 0);
	int64		q;
	int64		r;

	if (sk->n == 0)
		PG_RETURN_NULL();
	DSMean(sk, &q, &r);
	PG_RETURN_FLOAT8(((double) q + (double) r / (double) sk->n) /
					 (double) USECS_PER_SEC);
}

PG_FUNCTION_INFO_V1(duration_sketch_min);
/* min_duration(sketch): the exact shortest duration. */
Datum
duration_sketch_min(PG_FUNCTION_ARGS)
{
	DurationSketch *sk = DSHeaderArg(fcinfo, 0);

	if (sk->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_INTERVAL_P(DSIntervalFromUs(sk->min_us));
}

PG_FUNCTION_INFO_V1(duration_sketch_max);
/* max_duration(sketch): the exact longest duration. */
Datum
duration_sketch_max(PG_FUNCTION_ARGS)
{
	DurationSketch *sk = DSHeaderArg(fcinfo, 0);

	if (sk->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_INTERVAL_P(DSIntervalFromUs(sk->max_us));
}

PG_FUNCTION_INFO_V1(duration_sketch_min_seconds);
/* min_seconds(sketch): the shortest duration in seconds. */
Datum
duration_sketch_min_seconds(PG_FUNCTION_ARGS)
{
	DurationSketch *sk = DSHeaderArg(fcinfo, 0);

	if (sk->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(DSSeconds(sk->min_us));
}

PG_FUNCTION_INFO_V1(duration_sketch_max_seconds);
/* max_seconds(sketch): the longest duration in seconds. */
Datum
duration_sketch_max_seconds(PG_FUNCTION_ARGS)
{
	DurationSketch *sk = DSHeaderArg(fcinfo, 0);

	if (sk->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(DSSeconds(sk->max_us));
}
