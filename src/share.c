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
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "utils/array.h"

#include "csmetrics.h"
#include "share.h"

#define SHARE_TRUE	0
#define SHARE_COUNT	1
/* share_arg has checked there is no null bitmap, so the data follow the header */
#define SHARE_COUNTERS(a)	((int64 *) ((char *) (a) + ARR_OVERHEAD_NONULLS(1)))

/*
 * The state argument argno; in place inside an aggregate when it is to be
 * changed, else a copy.  The support functions are callable from SQL with
 * any int8[], so the shape and counts are checked before use.
 */
static ArrayType *
share_arg(FunctionCallInfo fcinfo, int argno, bool for_update)
{
	ArrayType  *state;
	int64	   *c;

	if (for_update && !AggCheckCallContext(fcinfo, NULL))
		state = PG_GETARG_ARRAYTYPE_P_COPY(argno);
	else
		state = PG_GETARG_ARRAYTYPE_P(argno);

	if (ARR_NDIM(state) != 1 || ARR_DIMS(state)[0] != 2 ||
		ARR_HASNULL(state) || ARR_ELEMTYPE(state) != INT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("share state must be an array of two non-null bigint counters")));
	c = SHARE_COUNTERS(state);
	if (c[SHARE_TRUE] < 0 || c[SHARE_TRUE] > c[SHARE_COUNT])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("share state is inconsistent"),
				 errdetail("It counts %lld true among %lld.",
						   (long long) c[SHARE_TRUE],
						   (long long) c[SHARE_COUNT])));
	return state;
}

/*
 * Count one value, and one success if it is true (share.h).  A count cannot
 * overflow: 2^63 rows would take centuries to scan.
 */
Datum
ShareAdd(FunctionCallInfo fcinfo, bool value)
{
	ArrayType  *state = share_arg(fcinfo, 0, true);
	int64	   *c = SHARE_COUNTERS(state);

	c[SHARE_COUNT]++;
	if (value)
		c[SHARE_TRUE]++;
	PG_RETURN_ARRAYTYPE_P(state);
}

/* Uncount one value (share.h): the moving-window inverse of ShareAdd. */
Datum
ShareRemove(FunctionCallInfo fcinfo, bool value)
{
	ArrayType  *state = share_arg(fcinfo, 0, true);
	int64	   *c = SHARE_COUNTERS(state);

	if (c[SHARE_COUNT] == 0 || (value && c[SHARE_TRUE] == 0) ||
		(!value && c[SHARE_TRUE] == c[SHARE_COUNT]))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot remove a value the share state does not hold")));
	c[SHARE_COUNT]--;
	if (value)
		c[SHARE_TRUE]--;
	PG_RETURN_ARRAYTYPE_P(state);
}

/* Count nothing: the state of a row a rate leaves out, checked (share.h). */
Datum
ShareKeep(FunctionCallInfo fcinfo)
{
	PG_RETURN_ARRAYTYPE_P(share_arg(fcinfo, 0, false));
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
/* Combine two partial states (parallel aggregation). */
Datum
share_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *state = share_arg(fcinfo, 0, true);
	int64	   *c = SHARE_COUNTERS(state);
	int64	   *o = SHARE_COUNTERS(share_arg(fcinfo, 1, false));

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
	int64	   *c = SHARE_COUNTERS(share_arg(fcinfo, 0, false));

	if (c[SHARE_COUNT] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(100.0 * (double) c[SHARE_TRUE] / (double) c[SHARE_COUNT]);
}

/* Wilson bound at 95% confidence, in %; NULL when empty. */
static Datum
share_bound(FunctionCallInfo fcinfo, bool upper)
{
	int64	   *c = SHARE_COUNTERS(share_arg(fcinfo, 0, false));
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
