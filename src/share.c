/*
 * share.c
 *		Shares of true: pct(boolean), csat(boolean) and its Wilson bounds,
 *		and every rate built on them.
 *
 * The state is an int8[2] array {true_count, count}, the layout PostgreSQL's
 * own avg(int4) uses: a plain SQL type, so parallel plans need no
 * serialization functions, and it is updated in place when the executor owns
 * it.  NULL inputs are skipped (the transition function is strict); a share
 * over no non-NULL input is NULL.
 *
 * The forms of a rate that take as_of (the instant "now" means) keep it as a
 * third element, {true_count, count, as_of}: -infinity until the first row,
 * then that row's as_of, which every later row and every partial state
 * merged into it must have too.  The combine and final functions take
 * either shape; the two shapes do not combine.
 */
#include "postgres.h"
#include "compat.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/timestamp.h"

#include "csmetrics.h"
#include "share.h"

#define SHARE_TRUE	0
#define SHARE_COUNT	1
#define SHARE_AS_OF	2
#define SHARE_NO_AS_OF	DT_NOBEGIN	/* as_of before the first row */
/* shapes: element counts */
#define SHARE_PLAIN		2
#define SHARE_STAMPED	3
#define SHARE_EITHER	0
/* share_arg has checked there is no null bitmap, so the data follow the header */
#define SHARE_COUNTERS(a)	((int64 *) ((char *) (a) + ARR_OVERHEAD_NONULLS(1)))
#define SHARE_SHAPE(a)		(ARR_DIMS(a)[0])

/*
 * The state argument argno, of the given shape (SHARE_PLAIN, SHARE_STAMPED
 * or SHARE_EITHER); in place inside an aggregate when it is to be changed,
 * else a copy.  The support functions are callable from SQL with any
 * int8[], so the shape, counts and as_of are checked before use.
 */
static ArrayType *
share_arg(FunctionCallInfo fcinfo, int argno, bool for_update, int shape)
{
	ArrayType  *state;
	int64	   *c;

	if (for_update && !AggCheckCallContext(fcinfo, NULL))
		state = PG_GETARG_ARRAYTYPE_P_COPY(argno);
	else
		state = PG_GETARG_ARRAYTYPE_P(argno);

	if (ARR_NDIM(state) != 1 || ARR_HASNULL(state) || ARR_ELEMTYPE(state) != INT8OID ||
		(shape == SHARE_EITHER ?
		 SHARE_SHAPE(state) != SHARE_PLAIN && SHARE_SHAPE(state) != SHARE_STAMPED :
		 SHARE_SHAPE(state) != shape))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 shape == SHARE_STAMPED ?
				 errmsg("share state with as_of must be an array of three non-null bigints") :
				 shape == SHARE_PLAIN ?
				 errmsg("share state must be an array of two non-null bigint counters") :
				 errmsg("share state must be an array of two non-null bigint counters, or of three with as_of")));
	c = SHARE_COUNTERS(state);
	if (c[SHARE_TRUE] < 0 || c[SHARE_TRUE] > c[SHARE_COUNT])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("share state is inconsistent"),
				 errdetail("It counts %lld true among %lld.",
						   (long long) c[SHARE_TRUE],
						   (long long) c[SHARE_COUNT])));
	if (SHARE_SHAPE(state) == SHARE_STAMPED && c[SHARE_AS_OF] != SHARE_NO_AS_OF &&
		!IS_VALID_TIMESTAMP(c[SHARE_AS_OF]))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("share state has an invalid as_of"),
				 errdetail("Its third element is %lld, not a finite timestamp in microseconds since 2000-01-01 nor %lld for none yet.",
						   (long long) c[SHARE_AS_OF], (long long) SHARE_NO_AS_OF)));
	return state;
}

/* Stamp a state with as_of: the first row's, then checked on every other. */
static inline void
share_stamp(int64 *c, TimestampTz as_of)
{
	if (c[SHARE_AS_OF] == SHARE_NO_AS_OF)
		c[SHARE_AS_OF] = as_of;
	else if (unlikely(c[SHARE_AS_OF] != as_of))
		cs_as_of_mismatch(c[SHARE_AS_OF], as_of);
}

/*
 * Count, uncount or keep one value (share.h).  A count cannot overflow:
 * 2^63 rows would take centuries to scan.
 */
Datum
ShareUpdate(FunctionCallInfo fcinfo, ShareStep step, bool value,
			const TimestampTz *as_of)
{
	ArrayType  *state = share_arg(fcinfo, 0, step != SHARE_KEEP || as_of != NULL,
								  as_of != NULL ? SHARE_STAMPED : SHARE_PLAIN);
	int64	   *c = SHARE_COUNTERS(state);

	if (as_of != NULL)
		share_stamp(c, *as_of);
	if (step == SHARE_ADD)
	{
		c[SHARE_COUNT]++;
		if (value)
			c[SHARE_TRUE]++;
	}
	else if (step == SHARE_REMOVE)
	{
		if (c[SHARE_COUNT] == 0 || (value && c[SHARE_TRUE] == 0) ||
			(!value && c[SHARE_TRUE] == c[SHARE_COUNT]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot remove a value the share state does not hold")));
		c[SHARE_COUNT]--;
		if (value)
			c[SHARE_TRUE]--;
	}
	PG_RETURN_ARRAYTYPE_P(state);
}

PG_FUNCTION_INFO_V1(share_trans);
/* Transition: count one value, and one success if it is true. */
Datum
share_trans(PG_FUNCTION_ARGS)
{
	return ShareAdd(fcinfo, PG_GETARG_BOOL(1));
}

PG_FUNCTION_INFO_V1(share_inv);
/* Moving-window inverse: uncount one value. */
Datum
share_inv(PG_FUNCTION_ARGS)
{
	return ShareRemove(fcinfo, PG_GETARG_BOOL(1));
}

PG_FUNCTION_INFO_V1(share_combine);
/*
 * Combine two partial states (parallel aggregation) of the same shape; with
 * as_of, the same as_of (or none yet on either side).
 */
Datum
share_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *state = share_arg(fcinfo, 0, true, SHARE_EITHER);
	int64	   *c = SHARE_COUNTERS(state);
	int64	   *o = SHARE_COUNTERS(share_arg(fcinfo, 1, false, SHARE_SHAPE(state)));

	if (SHARE_SHAPE(state) == SHARE_STAMPED && o[SHARE_AS_OF] != SHARE_NO_AS_OF)
		share_stamp(c, o[SHARE_AS_OF]);
	if (pg_add_s64_overflow(c[SHARE_TRUE], o[SHARE_TRUE], &c[SHARE_TRUE]) ||
		pg_add_s64_overflow(c[SHARE_COUNT], o[SHARE_COUNT], &c[SHARE_COUNT]))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("share count out of range")));
	PG_RETURN_ARRAYTYPE_P(state);
}

PG_FUNCTION_INFO_V1(share_pct_final);
/* Final step of pct() and the rates: % of true, NULL when empty. */
Datum
share_pct_final(PG_FUNCTION_ARGS)
{
	int64	   *c = SHARE_COUNTERS(share_arg(fcinfo, 0, false, SHARE_EITHER));

	if (c[SHARE_COUNT] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(100.0 * (double) c[SHARE_TRUE] / (double) c[SHARE_COUNT]);
}

/* Wilson bound at 95% confidence, in %; NULL when empty. */
static Datum
share_bound(FunctionCallInfo fcinfo, bool upper)
{
	int64	   *c = SHARE_COUNTERS(share_arg(fcinfo, 0, false, SHARE_PLAIN));
	double		low,
				high;

	if (c[SHARE_COUNT] == 0)
		PG_RETURN_NULL();
	cs_wilson_interval(c[SHARE_TRUE], c[SHARE_COUNT], cs_confidence_z(0.95),
					   &low, &high);
	PG_RETURN_FLOAT8(100.0 * (upper ? high : low));
}

PG_FUNCTION_INFO_V1(share_lower_final);
/* Final step of csat_lower(boolean). */
Datum
share_lower_final(PG_FUNCTION_ARGS)
{
	return share_bound(fcinfo, false);
}

PG_FUNCTION_INFO_V1(share_upper_final);
/* Final step of csat_upper(boolean). */
Datum
share_upper_final(PG_FUNCTION_ARGS)
{
	return share_bound(fcinfo, true);
}
