/*
 * percentile.c
 *		Exact percentiles of durations and of numbers: duration_percentile
 *		(interval) and value_percentile (double precision), each with one
 *		fraction or an array of fractions.
 *
 * Definition: PostgreSQL's percentile_cont.  Of n values sorted ascending
 * (0-based), fraction p gives pos = p * (n - 1); lo = floor(pos), hi =
 * ceil(pos), and the result is value[lo] when lo = hi, else the linear
 * interpolation between value[lo] and value[hi] at proportion pos - lo,
 * computed as percentile_cont computes it:
 *
 *		float8:		lo + proportion * (hi - lo)
 *		interval:	(hi - lo) * proportion + lo, by the server's own
 *					interval_mi, interval_mul and interval_pl
 *
 * so the results are the same to the last bit, not merely close.
 *
 * Unlike percentile_cont these are ordinary aggregates, so they run in
 * parallel plans and need no WITHIN GROUP clause.  The price is that the
 * fraction is an ordinary argument, evaluated on every row: it must be the
 * same on every row of a group (NULL included), which is checked.  A NULL
 * fraction gives NULL, as does a group without non-NULL values; NULL
 * elements of a fraction array give NULL elements.  A fraction outside
 * [0, 1], or NaN, is an error as soon as a row is aggregated.
 *
 * State (PctState, in the aggregate memory context): every non-NULL input
 * as an int64 sort key in a growable array, plus the fraction(s) of the
 * first row.  Keys:
 *
 *	- interval: total microseconds, a day counted as 24 hours (the order
 *	  interval_cmp uses).  An interval with a month part is an error: a
 *	  month has no fixed length, and percentile_cont's 30-day month would
 *	  make '1 mon' and '30 days' the same duration.
 *	- float8: the IEEE bits mapped so that signed integer order is float8
 *	  order, NaN (one canonical NaN) above +Infinity as PostgreSQL sorts it.
 *
 * Interval representation.  An interval has a day and a time field, and
 * interval_mul rounds them separately, so percentile_cont can answer two
 * equal inputs differently by a microsecond: over {'27:00:00', '5 days
 * 01:00:00'} and over {'1 day 03:00:00', '5 days 01:00:00'}, say.  The
 * state keeps only microseconds and turns a key back into an interval in
 * one canonical form, so the result depends only on the durations: if no
 * input has a day part, as pure time (the form of n * interval '1 second');
 * otherwise as justify_hours gives it (and timestamp subtraction), whole
 * days plus the rest of the same sign as time.  The result is therefore
 * exactly, representation included, percentile_cont over d in the first
 * case and over justify_hours(d) in the second; for durations computed by
 * subtracting timestamps the two are the same.
 *
 * duration_percentile_seconds shares the state and transition; its final
 * steps compute the interval result as above, then take its seconds, so it
 * equals extract(epoch FROM duration_percentile(...))::float8: the
 * interpolation rounds to the microsecond as the interval form does, and the
 * one division by 10^6 is exact to the last bit for durations under 2^53 us
 * (about 285 years).  Seconds rather than an interval because BI tools chart
 * numbers; an interval reaches them as text (see the README).
 *
 * The state, its transition, combine and serialization are in
 * percentile_state.c; the final step's selection of the ranks it needs is
 * in percentile_select.c.  This file holds the interval keys (the float8
 * keys are inline in percentile.h) and the final functions.
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"

#include "csmetrics.h"
#include "percentile.h"

/* ---------- interval keys ---------- */

/*
 * An interval as microseconds, a day counted as 24 hours.  Months are an
 * error (see the file comment), and so is a total beyond int64.
 */
int64
pct_interval_key(const Interval *span)
{
	int64		usecs;

	if (span->month != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("duration cannot have a month part"),
				 errdetail("Got %s; a month has no fixed length.",
						   cs_interval_text(span)),
				 errhint("Subtract timestamps (which gives days and hours) rather than use age(), or use percentile_cont, which counts a month as 30 days.")));
	if (pg_mul_s64_overflow((int64) span->day, USECS_PER_DAY, &usecs) ||
		pg_add_s64_overflow(usecs, span->time, &usecs))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("duration out of range"),
				 errdetail("Got %s; durations must lie within about 292,000 years of zero.",
						   cs_interval_text(span))));
	return usecs;
}

/* Microseconds back to an interval, in the form the state chose. */
Datum
pct_key_interval(const PctState *state, int64 usecs)
{
	Interval   *span;

	if (state->days_seen)
		return IntervalPGetDatum(cs_interval_from_usecs(usecs));
	span = palloc(sizeof(Interval));
	span->month = 0;
	span->day = 0;
	span->time = usecs;
	return IntervalPGetDatum(span);
}

/* ---------- results ---------- */

/* The rows of one fraction, as percentile_cont computes them. */
typedef struct PctRows
{
	int64		lo;				/* floor(fraction * (n - 1)) */
	int64		hi;				/* ceil(fraction * (n - 1)) */
	double		proportion;		/* fraction * (n - 1) - lo */
} PctRows;

static PctRows
pct_rows(float8 fraction, int64 count)
{
	double		pos = fraction * (double) (count - 1);
	PctRows		rows;

	rows.lo = (int64) floor(pos);
	rows.hi = (int64) ceil(pos);
	rows.proportion = pos - floor(pos);
	return rows;
}

/* The percentile at rows, once the values of lo and hi are selected. */
static Datum
pct_result(const PctState *state, PctRows rows)
{
	if (state->durations)
	{
		Datum		lo = pct_key_interval(state, state->values[rows.lo]);
		Datum		hi;
		Datum		scaled;

		if (rows.hi == rows.lo)
			return lo;
		hi = pct_key_interval(state, state->values[rows.hi]);
		scaled = DirectFunctionCall2(interval_mul,
									 DirectFunctionCall2(interval_mi, hi, lo),
									 Float8GetDatum(rows.proportion));
		return DirectFunctionCall2(interval_pl, scaled, lo);
	}
	else
	{
		float8		lo = pct_key_float8(state->values[rows.lo]);
		float8		hi;

		if (rows.hi == rows.lo)
			return Float8GetDatum(lo);
		hi = pct_key_float8(state->values[rows.hi]);
		return Float8GetDatum(lo + (rows.proportion * (hi - lo)));
	}
}

/*
 * An interval result of pct_result in seconds.  Its month part is always
 * zero (the interpolation scales a difference of month-less intervals), and
 * it lies between two keys, so the microseconds fit in int64.
 */
static Datum
pct_interval_seconds(Datum result)
{
	Interval   *span = DatumGetIntervalP(result);
	int64		usecs = (int64) span->day * USECS_PER_DAY + span->time;

	Assert(span->month == 0);
	return Float8GetDatum((double) usecs / (double) USECS_PER_SEC);
}

/*
 * The state of a final step with one fraction (multi false) or an array of
 * fractions (multi true); NULL when the result is NULL.
 */
static PctState *
pct_final_state(FunctionCallInfo fcinfo, bool multi)
{
	PctState   *state;

	pct_aggregate_context(fcinfo);
	state = pct_checked(fcinfo, 0);
	/* the single and array forms share the state type, not the layout */
	if (state->multi != multi)
		cs_state_mismatch(fcinfo, multi ? "percentile (array of fractions)" :
						  "percentile (single fraction)");
	if (state->fraction_null || state->count == 0)
		return NULL;
	return state;
}

/*
 * The state of the final step of duration_percentile_seconds, which only
 * the duration transitions can have built.
 */
static PctState *
pct_seconds_final_state(FunctionCallInfo fcinfo, bool multi)
{
	PctState   *state = pct_final_state(fcinfo, multi);

	if (state != NULL && !state->durations)
		cs_state_mismatch(fcinfo, "percentile (durations)");
	return state;
}

/* Final step with one fraction; seconds: the interval result in seconds. */
static Datum
pct_final(FunctionCallInfo fcinfo, bool seconds)
{
	PctState   *state = seconds ? pct_seconds_final_state(fcinfo, false)
		: pct_final_state(fcinfo, false);
	PctRows		rows;
	int64		ranks[2];
	Datum		result;

	if (state == NULL)
		PG_RETURN_NULL();
	rows = pct_rows(state->fraction, state->count);
	ranks[0] = rows.lo;
	ranks[1] = rows.hi;
	pct_select_ranks(state->values, state->count, ranks, 2);
	result = pct_result(state, rows);
	return seconds ? pct_interval_seconds(result) : result;
}

/*
 * Final step with an array of fractions: an array of the same shape;
 * seconds: of the interval results in seconds.
 */
static Datum
pct_array_final(FunctionCallInfo fcinfo, bool seconds)
{
	PctState   *state = seconds ? pct_seconds_final_state(fcinfo, true)
		: pct_final_state(fcinfo, true);
	bool		intervals;
	Oid			elemtype;
	int			elemlen;
	bool		elembyval;
	Datum	   *fractions;
	bool	   *fraction_nulls;
	int			nfractions;
	int64	   *ranks;
	int			nranks = 0;
	Datum	   *results;
	int			i;

	if (state == NULL)
		PG_RETURN_NULL();
	intervals = state->durations && !seconds;
	elemtype = intervals ? INTERVALOID : FLOAT8OID;
	elemlen = intervals ? sizeof(Interval) : sizeof(float8);
	elembyval = intervals ? false : FLOAT8PASSBYVAL;

	pct_deconstruct_fractions(state->fractions, &fractions, &fraction_nulls,
							  &nfractions);
	if (nfractions == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(elemtype));

	ranks = palloc(2 * nfractions * sizeof(int64));
	for (i = 0; i < nfractions; i++)
	{
		if (!fraction_nulls[i])
		{
			PctRows		rows = pct_rows(DatumGetFloat8(fractions[i]), state->count);

			ranks[nranks++] = rows.lo;
			ranks[nranks++] = rows.hi;
		}
	}
	if (nranks > 0)
		pct_select_ranks(state->values, state->count, ranks, nranks);

	results = palloc(nfractions * sizeof(Datum));
	for (i = 0; i < nfractions; i++)
	{
		results[i] = (Datum) 0;
		if (!fraction_nulls[i])
			results[i] = pct_result(state,
									pct_rows(DatumGetFloat8(fractions[i]),
											 state->count));
		if (!fraction_nulls[i] && seconds)
			results[i] = pct_interval_seconds(results[i]);
	}
	PG_RETURN_ARRAYTYPE_P(construct_md_array(results, fraction_nulls,
											 ARR_NDIM(state->fractions),
											 ARR_DIMS(state->fractions),
											 ARR_LBOUND(state->fractions),
											 elemtype, elemlen, elembyval,
											 TYPALIGN_DOUBLE));
}

PG_FUNCTION_INFO_V1(duration_percentile_final);
/* Final step of duration_percentile(interval, float8). */
Datum
duration_percentile_final(PG_FUNCTION_ARGS)
{
	return pct_final(fcinfo, false);
}

PG_FUNCTION_INFO_V1(duration_percentile_array_final);
/* Final step of duration_percentile(interval, float8[]). */
Datum
duration_percentile_array_final(PG_FUNCTION_ARGS)
{
	return pct_array_final(fcinfo, false);
}

PG_FUNCTION_INFO_V1(duration_percentile_seconds_final);
/* Final step of duration_percentile_seconds(interval, float8). */
Datum
duration_percentile_seconds_final(PG_FUNCTION_ARGS)
{
	return pct_final(fcinfo, true);
}

PG_FUNCTION_INFO_V1(duration_percentile_seconds_array_final);
/* Final step of duration_percentile_seconds(interval, float8[]). */
Datum
duration_percentile_seconds_array_final(PG_FUNCTION_ARGS)
{
	return pct_array_final(fcinfo, true);
}

PG_FUNCTION_INFO_V1(value_percentile_final);
/* Final step of value_percentile(float8, float8). */
Datum
value_percentile_final(PG_FUNCTION_ARGS)
{
	return pct_final(fcinfo, false);
}

PG_FUNCTION_INFO_V1(value_percentile_array_final);
/* Final step of value_percentile(float8, float8[]). */
Datum
value_percentile_array_final(PG_FUNCTION_ARGS)
{
	return pct_array_final(fcinfo, false);
}
