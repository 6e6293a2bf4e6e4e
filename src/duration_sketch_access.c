/*
 * duration_sketch_access.c
 *		The accessors of the duration sketch (duration_sketch.h): percentile,
 *		percentile_seconds, mean, mean_seconds, sketch_count, min_duration,
 *		max_duration, min_seconds and max_seconds.  Each has an interval and a
 *		seconds form computed by one helper.
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
 * Count, mean, minimum and maximum are exact: they are read from the
 * sketch's header without unpacking the buckets.
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/timestamp.h"

#include "csmetrics.h"
#include "duration_sketch.h"

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

/* A duration in us as a result: an interval, or seconds. */
static Datum
DSDurationDatum(int64 us, bool seconds)
{
	if (seconds)
		return Float8GetDatum(DSSeconds(us));
	return IntervalPGetDatum(cs_interval_from_usecs(us));
}

/* The percentile at one fraction, as an interval or in seconds. */
static Datum
DSPercentileOne(FunctionCallInfo fcinfo, bool seconds)
{
	DSAccum    *acc = DSSketchArg(fcinfo, 0);
	double		p = PG_GETARG_FLOAT8(1);

	DSCheckFraction(p);
	if (acc->n == 0)
		PG_RETURN_NULL();
	return DSDurationDatum(DSPercentileUs(acc, p), seconds);
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
		if (!nulls[i])
			elems[i] = DSDurationDatum(DSPercentileUs(acc,
													  DatumGetFloat8(elems[i])),
									   seconds);
	}
	PG_RETURN_ARRAYTYPE_P(construct_md_array(elems, nulls,
											 ARR_NDIM(fractions),
											 ARR_DIMS(fractions),
											 ARR_LBOUND(fractions),
											 seconds ? FLOAT8OID : INTERVALOID,
											 seconds ? sizeof(float8) : sizeof(Interval),
											 seconds ? FLOAT8PASSBYVAL : false,
											 TYPALIGN_DOUBLE));
}

PG_FUNCTION_INFO_V1(duration_sketch_percentile);
/* percentile(sketch, p): the duration at fraction p, within 1/101. */
Datum
duration_sketch_percentile(PG_FUNCTION_ARGS)
{
	return DSPercentileOne(fcinfo, false);
}

PG_FUNCTION_INFO_V1(duration_sketch_percentile_seconds);
/* percentile_seconds(sketch, p): the same, in seconds. */
Datum
duration_sketch_percentile_seconds(PG_FUNCTION_ARGS)
{
	return DSPercentileOne(fcinfo, true);
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

/* The exact mean of a sketch argument, as an interval or in seconds. */
static Datum
DSMeanResult(FunctionCallInfo fcinfo, bool seconds)
{
	DurationSketch *sk = DSHeaderArg(fcinfo, 0);
	int64		q;
	int64		r;

	if (sk->n == 0)
		PG_RETURN_NULL();
	DSMean(sk, &q, &r);
	if (seconds)
		PG_RETURN_FLOAT8(((double) q + (double) r / (double) sk->n) /
						 (double) USECS_PER_SEC);
	/* round half up; 2r < 2n fits in uint64 */
	if ((uint64) r * 2 >= (uint64) sk->n)
		q++;
	PG_RETURN_INTERVAL_P(cs_interval_from_usecs(q));
}

/*
 * The exact minimum (maximum false) or maximum of a sketch argument, as an
 * interval or in seconds.
 */
static Datum
DSExtreme(FunctionCallInfo fcinfo, bool maximum, bool seconds)
{
	DurationSketch *sk = DSHeaderArg(fcinfo, 0);

	if (sk->n == 0)
		PG_RETURN_NULL();
	return DSDurationDatum(maximum ? sk->max_us : sk->min_us, seconds);
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
	return DSMeanResult(fcinfo, false);
}

PG_FUNCTION_INFO_V1(duration_sketch_mean_seconds);
/* mean_seconds(sketch): the exact mean in seconds. */
Datum
duration_sketch_mean_seconds(PG_FUNCTION_ARGS)
{
	return DSMeanResult(fcinfo, true);
}

PG_FUNCTION_INFO_V1(duration_sketch_min);
/* min_duration(sketch): the exact shortest duration. */
Datum
duration_sketch_min(PG_FUNCTION_ARGS)
{
	return DSExtreme(fcinfo, false, false);
}

PG_FUNCTION_INFO_V1(duration_sketch_max);
/* max_duration(sketch): the exact longest duration. */
Datum
duration_sketch_max(PG_FUNCTION_ARGS)
{
	return DSExtreme(fcinfo, true, false);
}

PG_FUNCTION_INFO_V1(duration_sketch_min_seconds);
/* min_seconds(sketch): the shortest duration in seconds. */
Datum
duration_sketch_min_seconds(PG_FUNCTION_ARGS)
{
	return DSExtreme(fcinfo, false, true);
}

PG_FUNCTION_INFO_V1(duration_sketch_max_seconds);
/* max_seconds(sketch): the longest duration in seconds. */
Datum
duration_sketch_max_seconds(PG_FUNCTION_ARGS)
{
	return DSExtreme(fcinfo, true, true);
}
