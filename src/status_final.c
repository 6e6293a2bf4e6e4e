/*
 * status_final.c
 *		Time in status: the final functions, which put the changes in
 *		canonical order and sum the time in counted statuses (the design is
 *		described at the top of status.c).
 */
#include "postgres.h"
#include "compat.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "nodes/primnodes.h"
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "conversation.h"
#include "csmetrics.h"
#include "status.h"

/* Canonical order: by time, then by status text in byte order. */
static int
tis_change_cmp(const void *a, const void *b, void *arg)
{
	const TisChange *ca = (const TisChange *) a;
	const TisChange *cb = (const TisChange *) b;
	TimestampTz ta = tis_at(ca);
	TimestampTz tb = tis_at(cb);

	if (ta != tb)
		return ta < tb ? -1 : 1;
	return tis_dict_cmp((const TisDict *) arg, ca->id & TIS_ID_MASK,
						cb->id & TIS_ID_MASK);
}

/*
 * Total time in the runs of counted changes (in canonical order), each
 * clipped at now, in microseconds.
 */
static int64
tis_sum(const TisChange *c, int n, const Calendar *cal, TimestampTz now)
{
	int64		total = 0;
	int			i = 0;

	while (i < n)
	{
		TimestampTz start;
		TimestampTz stop;

		if (!(c[i].id & TIS_COUNTED))
		{
			i++;
			continue;
		}
		start = tis_at(&c[i]);
		while (i < n && (c[i].id & TIS_COUNTED))
			i++;
		stop = i < n ? Min(tis_at(&c[i]), now) : now;
		if (start < stop)
			total = tis_span_add(total, start, stop, cal);
		CHECK_FOR_INTERRUPTS();
	}
	return total;
}

/*
 * The state's changes in canonical order: a wide state's own array when
 * they are in that order already (as they usually come), else a sorted or
 * decoded copy, which the caller may pfree (when it is not state->c).  The
 * state is left as it is.
 */
const TisChange *
tis_canonical(const TisState *state)
{
	const TisChange *c = tis_changes(state);
	TisChange  *copy;
	int			i;

	for (i = 1; i < state->n; i++)
		if (tis_change_cmp(&c[i - 1], &c[i], state->params->dict) > 0)
			break;
	if (i >= state->n)
		return c;
	if (c != state->c)
		copy = (TisChange *) c;
	else
	{
		copy = palloc(state->n * sizeof(TisChange));
		memcpy(copy, c, state->n * sizeof(TisChange));
	}
	qsort_arg(copy, state->n, sizeof(TisChange), tis_change_cmp, state->params->dict);
	return copy;
}

/* The group's calendar, parsed once per call site. */
const Calendar *
tis_calendar(FunctionCallInfo fcinfo, const TisParams *params)
{
	return CalFromDatum(PointerGetDatum(params->cal), &tis_call(fcinfo)->calcache,
						fcinfo->flinfo->fn_mcxt);
}

/*
 * The total time in counted statuses, in microseconds; false when the
 * result is NULL (no change, or a NULL parameter).
 */
static bool
tis_total(FunctionCallInfo fcinfo, int64 *usecs)
{
	TisState   *state = tis_checked(fcinfo, 0);
	const TisParams *params;
	const Calendar *cal = NULL;
	const TisChange *c;
	TimestampTz now;

	if (state == NULL || state->n == 0)
		return false;
	params = state->params;
	/* the forms without as_of: the transaction time, the node's own */
	now = params->with_as_of ? params->as_of : GetCurrentTransactionStartTimestamp();
	if (params->counted == NULL || (params->with_cal && params->cal == NULL))
		return false;
	if (params->with_cal)
		cal = tis_calendar(fcinfo, params);

	c = tis_canonical(state);
	*usecs = tis_sum(c, state->n, cal, now);
	if (c != state->c)
		pfree((void *) c);
	return true;
}

PG_FUNCTION_INFO_V1(time_in_status_final);
/*
 * Final: the total as an interval, as timestamp subtraction gives it (days
 * and time); in business time, as business_time gives it (time only).
 */
Datum
time_in_status_final(PG_FUNCTION_ARGS)
{
	TisState   *state = tis_checked(fcinfo, 0);
	int64		usecs;
	Interval   *result;

	if (!tis_total(fcinfo, &usecs))
		PG_RETURN_NULL();
	if (!state->params->with_cal)
		PG_RETURN_INTERVAL_P(cs_interval_from_usecs(usecs));
	result = palloc(sizeof(Interval));
	result->month = 0;
	result->day = 0;
	result->time = usecs;
	PG_RETURN_INTERVAL_P(result);
}

PG_FUNCTION_INFO_V1(time_in_status_seconds_final);
/* Final: the total in seconds. */
Datum
time_in_status_seconds_final(PG_FUNCTION_ARGS)
{
	int64		usecs;

	if (!tis_total(fcinfo, &usecs))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) usecs / USECS_PER_SEC);
}

/*
 * The final functions of the forms with as_of: the same code (the state
 * carries as_of), declared immutable since they read no clock.
 */
PG_FUNCTION_INFO_V1(time_in_status_as_of_final);
/* Final of time_in_status(..., as_of). */
Datum
time_in_status_as_of_final(PG_FUNCTION_ARGS)
{
	return time_in_status_final(fcinfo);
}

PG_FUNCTION_INFO_V1(time_in_status_seconds_as_of_final);
/* Final of time_in_status_seconds(..., as_of). */
Datum
time_in_status_seconds_as_of_final(PG_FUNCTION_ARGS)
{
	return time_in_status_seconds_final(fcinfo);
}
