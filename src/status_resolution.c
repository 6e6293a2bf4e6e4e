/*
 * status_resolution.c
 *		Reopens and resolution times from a ticket's status history: the
 *		final functions of reopens, first_resolution_time,
 *		full_resolution_time and their _seconds forms.
 *
 * They read the time_in_status state (status.h; the design is at the top
 * of status.c): the same transition, with the solved statuses as the
 * counted set, the same combine, serialization and canonical order.  Only
 * what the final function makes of the changes differs.
 *
 * The ticket's status over time is the one time_in_status measures: the
 * changes in canonical order (by time, then status text in byte order),
 * and of the changes made at one instant only the last lasts.  The others
 * last zero time, and here they are passed through without effect: the
 * ticket is in the last status of each instant.  So a status that never
 * lasted neither reopens nor solves a ticket, and the results depend only
 * on the status as a function of time, as time_in_status's do.
 *
 * Walking the instants in order, the ticket enters a solved status when it
 * is in one and was not at the instant before (or at its first instant);
 * it is reopened when it leaves the solved statuses for another (solved to
 * closed, both solved, is neither).  The first resolution is the first
 * entry, the full resolution the last one, whatever the ticket's status
 * now (Zendesk's full_resolution_time keeps the latest solve of a
 * reopened ticket too).  Each is measured from the start: the first change,
 * or created_at in the forms that take it; a solve before created_at
 * measures zero.  With a calendar, the business time between the two.
 */
#include "postgres.h"
#include "compat.h"

#include "fmgr.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "csmetrics.h"
#include "status.h"

/* What a status history says about solving. */
typedef struct TisSolves
{
	int32		reopens;
	bool		solved;			/* entered a solved status at least once */
	TimestampTz first;			/* the first entry, if solved */
	TimestampTz last;			/* the last entry, if solved */
} TisSolves;

/* Walk the changes in canonical order, at each instant its last status. */
static void
tis_solves(const TisChange *c, int n, TisSolves *s)
{
	bool		was_solved = false;
	int			i;

	memset(s, 0, sizeof(TisSolves));
	for (i = 0; i < n; i++)
	{
		TimestampTz at = tis_at(&c[i]);
		bool		is_solved = (c[i].id & TIS_COUNTED) != 0;

		/* not the last change of its instant: it never lasted */
		if (i + 1 < n && tis_at(&c[i + 1]) == at)
			continue;
		if (is_solved && !was_solved)
		{
			if (!s->solved)
				s->first = at;
			s->last = at;
			s->solved = true;
		}
		else if (!is_solved && was_solved)
			s->reopens++;
		was_solved = is_solved;
	}
}

/*
 * The state's solves, and its start (created_at, or the first change);
 * false when the result is NULL: no change, or a NULL parameter.
 */
static bool
tis_state_solves(FunctionCallInfo fcinfo, TisSolves *s, TimestampTz *start)
{
	TisState   *state = tis_checked(fcinfo, 0);
	const TisParams *params;
	const TisChange *c;

	if (state == NULL || state->n == 0)
		return false;
	params = state->params;
	if (params->counted == NULL || (params->with_cal && params->cal == NULL) ||
		(params->with_created && params->created_at == TIS_NO_CREATED))
		return false;
	c = tis_canonical(state);
	tis_solves(c, state->n, s);
	*start = params->with_created ? params->created_at : tis_at(&c[0]);
	if (c != state->c)
		pfree((void *) c);
	return true;
}

/*
 * The time from the start to the first (or the last) entry into a solved
 * status, in microseconds, business ones with a calendar; false when NULL
 * (also when never solved).
 */
static bool
tis_resolution(FunctionCallInfo fcinfo, bool full, int64 *usecs)
{
	TisState   *state = (TisState *) PG_GETARG_POINTER(0);
	TisSolves	s;
	TimestampTz start;
	TimestampTz stop;

	if (!tis_state_solves(fcinfo, &s, &start) || !s.solved)
		return false;
	stop = full ? s.last : s.first;
	if (stop <= start)
		*usecs = 0;
	else
		*usecs = tis_span_add(0, start, stop, state->params->with_cal ?
							  tis_calendar(fcinfo, state->params) : NULL);
	return true;
}

/*
 * An interval as timestamp subtraction gives it (days and time); in
 * business time, as business_time gives it (time only).
 */
static Datum
tis_resolution_interval(FunctionCallInfo fcinfo, bool full)
{
	int64		usecs;
	Interval   *result;

	if (!tis_resolution(fcinfo, full, &usecs))
		PG_RETURN_NULL();
	if (!((TisState *) PG_GETARG_POINTER(0))->params->with_cal)
		PG_RETURN_INTERVAL_P(cs_interval_from_usecs(usecs));
	result = palloc(sizeof(Interval));
	result->month = 0;
	result->day = 0;
	result->time = usecs;
	PG_RETURN_INTERVAL_P(result);
}

static Datum
tis_resolution_seconds(FunctionCallInfo fcinfo, bool full)
{
	int64		usecs;

	if (!tis_resolution(fcinfo, full, &usecs))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) usecs / USECS_PER_SEC);
}

PG_FUNCTION_INFO_V1(reopens_final);
/* Final of reopens: how many times the ticket left the solved statuses. */
Datum
reopens_final(PG_FUNCTION_ARGS)
{
	TisSolves	s;
	TimestampTz start;

	if (!tis_state_solves(fcinfo, &s, &start))
		PG_RETURN_NULL();
	PG_RETURN_INT32(s.reopens);
}

PG_FUNCTION_INFO_V1(first_resolution_final);
/* Final of first_resolution_time: to the first entry into a solved status. */
Datum
first_resolution_final(PG_FUNCTION_ARGS)
{
	return tis_resolution_interval(fcinfo, false);
}

PG_FUNCTION_INFO_V1(full_resolution_final);
/* Final of full_resolution_time: to the last entry into a solved status. */
Datum
full_resolution_final(PG_FUNCTION_ARGS)
{
	return tis_resolution_interval(fcinfo, true);
}

PG_FUNCTION_INFO_V1(first_resolution_seconds_final);
/* Final of first_resolution_time_seconds. */
Datum
first_resolution_seconds_final(PG_FUNCTION_ARGS)
{
	return tis_resolution_seconds(fcinfo, false);
}

PG_FUNCTION_INFO_V1(full_resolution_seconds_final);
/* Final of full_resolution_time_seconds. */
Datum
full_resolution_seconds_final(PG_FUNCTION_ARGS)
{
	return tis_resolution_seconds(fcinfo, true);
}
