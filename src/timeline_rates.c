/*
 * timeline_rates.c
 *		retention_rate(started_at, ended_at, period_start, period_end) and
 *		churn_rate(...): the rates of one period, without a timeline.
 *
 * Each row is an item (a customer, a subscription) active from started_at
 * until ended_at (NULL: still active), with the meaning of timeline.h: an
 * item is open just before t when started_at < t and (ended_at is NULL or
 * ended_at >= t).  Over the period [period_start, period_end):
 *
 *		S	items open at the start			started_at < ps <= ended_at
 *		N	items started in the period		ps <= started_at < pe
 *		C	items ended in the period		ps <= ended_at < pe
 *		L	of S, those ended in the period	started_at < ps <= ended_at < pe
 *		E	items open at the end			S + N - C
 *
 * retention_rate = ((E - N) / S) * 100, churn_rate = (L / S) * 100, both
 * NULL when S = 0, computed exactly as periods() computes them.
 *
 * State: an int8[8] array {rows, S, N, C, L, has_period, period_start,
 * period_end}, rows being the rows counted (a non-NULL started_at).  A
 * plain SQL type, so parallel plans need no serialization; every counter is
 * exact, so the moving-window inverse is too.  The period must be the same
 * on every row of a group (the state remembers it, even rows skipped for a
 * NULL started_at are checked), finite, with period_end > period_start.
 */
#include "postgres.h"
#include "compat.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"

#include "csmetrics.h"

#define PR_ROWS		0
#define PR_START	1			/* S */
#define PR_OPENED	2			/* N */
#define PR_CLOSED	3			/* C */
#define PR_LOST		4			/* L */
#define PR_HAS_PERIOD 5
#define PR_PSTART	6
#define PR_PEND		7
#define PR_NELEMS	8
/* pr_arg has checked there is no null bitmap, so the data follow the header */
#define PR_COUNTERS(a)	((int64 *) ((char *) (a) + ARR_OVERHEAD_NONULLS(1)))

/*
 * The state argument argno; in place inside an aggregate when it is to be
 * changed, else a copy.  The support functions are callable from SQL with
 * any int8[], so the shape and the counters are checked before use.
 */
static ArrayType *
pr_arg(FunctionCallInfo fcinfo, int argno, bool for_update)
{
	ArrayType  *state;
	int64	   *c;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("period rate state must not be NULL")));
	if (for_update && !AggCheckCallContext(fcinfo, NULL))
		state = PG_GETARG_ARRAYTYPE_P_COPY(argno);
	else
		state = PG_GETARG_ARRAYTYPE_P(argno);

	if (ARR_NDIM(state) != 1 || ARR_DIMS(state)[0] != PR_NELEMS ||
		ARR_HASNULL(state) || ARR_ELEMTYPE(state) != INT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period rate state must be an array of %d non-null bigint values",
						PR_NELEMS)));
	c = PR_COUNTERS(state);
	if (c[PR_ROWS] < 0 ||
		c[PR_START] < 0 || c[PR_START] > c[PR_ROWS] ||
		c[PR_OPENED] < 0 || c[PR_OPENED] > c[PR_ROWS] ||
		c[PR_CLOSED] < 0 || c[PR_CLOSED] > c[PR_ROWS] ||
		c[PR_LOST] < 0 || c[PR_LOST] > c[PR_START] || c[PR_LOST] > c[PR_CLOSED] ||
		c[PR_CLOSED] - c[PR_LOST] > c[PR_OPENED] ||
		c[PR_OPENED] > c[PR_ROWS] - c[PR_START] ||
		(c[PR_HAS_PERIOD] != 0 && c[PR_HAS_PERIOD] != 1) ||
		(c[PR_HAS_PERIOD] == 1 && c[PR_PEND] <= c[PR_PSTART]) ||
		(c[PR_HAS_PERIOD] == 0 && c[PR_ROWS] != 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period rate state is inconsistent"),
				 errdetail("Rows %lld, at start %lld, opened %lld, closed %lld, lost %lld, has period %lld.",
						   (long long) c[PR_ROWS], (long long) c[PR_START],
						   (long long) c[PR_OPENED], (long long) c[PR_CLOSED],
						   (long long) c[PR_LOST], (long long) c[PR_HAS_PERIOD])));
	return state;
}

/*
 * Check the period arguments (2 and 3 after the state and the item) and
 * record them in the state, or check them against the recorded ones.
 */
static void
pr_period(FunctionCallInfo fcinfo, int64 *c)
{
	TimestampTz ps;
	TimestampTz pe;

	if (PG_ARGISNULL(3) || PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("period_start and period_end must not be NULL")));
	ps = PG_GETARG_TIMESTAMPTZ(3);
	pe = PG_GETARG_TIMESTAMPTZ(4);
	if (TIMESTAMP_NOT_FINITE(ps) || TIMESTAMP_NOT_FINITE(pe) || pe <= ps)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period must be finite and end after it starts"),
				 errdetail("Got period_start %s and period_end %s.",
						   cs_timestamptz_text(ps), cs_timestamptz_text(pe)),
				 errhint("The period is [period_start, period_end).")));
	if (c[PR_HAS_PERIOD] == 0)
	{
		c[PR_HAS_PERIOD] = 1;
		c[PR_PSTART] = ps;
		c[PR_PEND] = pe;
	}
	else if (c[PR_PSTART] != ps || c[PR_PEND] != pe)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period_start and period_end must be the same on every row of a group"),
				 errdetail("Got %s to %s after %s to %s.",
						   cs_timestamptz_text(ps), cs_timestamptz_text(pe),
						   cs_timestamptz_text(c[PR_PSTART]),
						   cs_timestamptz_text(c[PR_PEND])),
				 errhint("Pass constants, or values that depend only on the GROUP BY columns.")));
}

/*
 * How the item of arguments 1 and 2 counts in the period recorded in c:
 * sets delta[] to 0 or 1 for each counter; false when started_at is NULL.
 */
static bool
pr_classify(FunctionCallInfo fcinfo, const int64 *c, int64 *delta)
{
	TimestampTz ps = c[PR_PSTART];
	TimestampTz pe = c[PR_PEND];
	TimestampTz started;
	TimestampTz ended;

	if (PG_ARGISNULL(1))
		return false;
	started = PG_GETARG_TIMESTAMPTZ(1);
	ended = PG_ARGISNULL(2) ? DT_NOEND : PG_GETARG_TIMESTAMPTZ(2);
	if (!PG_ARGISNULL(2) && ended < started)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("item ended before it started"),
				 errdetail("started_at is %s and ended_at is %s.",
						   cs_timestamptz_text(started), cs_timestamptz_text(ended)),
				 errhint("An item's ended_at must be at or after its started_at; pass NULL for items still active.")));

	delta[PR_ROWS] = 1;
	delta[PR_START] = (started < ps && ended >= ps);
	delta[PR_OPENED] = (started >= ps && started < pe);
	delta[PR_CLOSED] = (ended >= ps && ended < pe);
	delta[PR_LOST] = delta[PR_START] && delta[PR_CLOSED];
	return true;
}

PG_FUNCTION_INFO_V1(period_rates_trans);
/*
 * Transition of retention_rate and churn_rate: count one item.  A NULL
 * started_at skips the row; a NULL ended_at is an item still active.
 */
Datum
period_rates_trans(PG_FUNCTION_ARGS)
{
	ArrayType  *state = pr_arg(fcinfo, 0, true);
	int64	   *c = PR_COUNTERS(state);
	int64		delta[PR_NELEMS];
	int			i;

	pr_period(fcinfo, c);
	if (pr_classify(fcinfo, c, delta))
	{
		for (i = PR_ROWS; i <= PR_LOST; i++)
			c[i] += delta[i];
	}
	PG_RETURN_ARRAYTYPE_P(state);
}

PG_FUNCTION_INFO_V1(period_rates_inv);
/* Moving-window inverse: uncount one item. */
Datum
period_rates_inv(PG_FUNCTION_ARGS)
{
	ArrayType  *state = pr_arg(fcinfo, 0, true);
	int64	   *c = PR_COUNTERS(state);
	int64		delta[PR_NELEMS];
	int			i;

	pr_period(fcinfo, c);
	if (pr_classify(fcinfo, c, delta))
	{
		for (i = PR_ROWS; i <= PR_LOST; i++)
		{
			if (c[i] < delta[i])
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("cannot remove an item the period rate state does not hold")));
		}
		for (i = PR_ROWS; i <= PR_LOST; i++)
			c[i] -= delta[i];
	}
	PG_RETURN_ARRAYTYPE_P(state);
}

PG_FUNCTION_INFO_V1(period_rates_combine);
/* Combine two partial states (parallel plans): same period, added counts. */
Datum
period_rates_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *state = pr_arg(fcinfo, 0, true);
	int64	   *c = PR_COUNTERS(state);
	int64	   *o = PR_COUNTERS(pr_arg(fcinfo, 1, false));
	int			i;

	if (o[PR_HAS_PERIOD] == 1)
	{
		if (c[PR_HAS_PERIOD] == 0)
		{
			c[PR_HAS_PERIOD] = 1;
			c[PR_PSTART] = o[PR_PSTART];
			c[PR_PEND] = o[PR_PEND];
		}
		else if (c[PR_PSTART] != o[PR_PSTART] || c[PR_PEND] != o[PR_PEND])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("period_start and period_end must be the same on every row of a group"),
					 errdetail("Got %s to %s and %s to %s.",
							   cs_timestamptz_text(o[PR_PSTART]),
							   cs_timestamptz_text(o[PR_PEND]),
							   cs_timestamptz_text(c[PR_PSTART]),
							   cs_timestamptz_text(c[PR_PEND]))));
	}
	/* rows bounds every other counter, so only it can overflow first */
	if (pg_add_s64_overflow(c[PR_ROWS], o[PR_ROWS], &c[PR_ROWS]))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("period rate count out of range")));
	for (i = PR_START; i <= PR_LOST; i++)
		c[i] += o[i];
	PG_RETURN_ARRAYTYPE_P(state);
}

PG_FUNCTION_INFO_V1(retention_rate_final);
/* Final step of retention_rate: ((E - N) / S) * 100, NULL when S = 0. */
Datum
retention_rate_final(PG_FUNCTION_ARGS)
{
	int64	   *c = PR_COUNTERS(pr_arg(fcinfo, 0, false));
	int64		at_end;

	if (c[PR_START] == 0)
		PG_RETURN_NULL();
	at_end = c[PR_START] + c[PR_OPENED] - c[PR_CLOSED];
	PG_RETURN_FLOAT8(100.0 * (double) (at_end - c[PR_OPENED]) /
					 (double) c[PR_START]);
}

PG_FUNCTION_INFO_V1(churn_rate_final);
/* Final step of churn_rate: (L / S) * 100, NULL when S = 0. */
Datum
churn_rate_final(PG_FUNCTION_ARGS)
{
	int64	   *c = PR_COUNTERS(pr_arg(fcinfo, 0, false));

	if (c[PR_START] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(100.0 * (double) c[PR_LOST] / (double) c[PR_START]);
}
