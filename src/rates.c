/*
 * rates.c
 *		Rates of customer-service outcomes: SLA attainment, first contact
 *		resolution, one-touch resolution and the automated resolution rate.
 *
 * Every rate is a share of true (share.h): its transition function maps a
 * row to met or not met, or leaves it out, and counts it in the share state
 * {true_count, count}.  The rates thus have pct()'s combine function
 * (parallel plans), final function (% of true, NULL over no counted row) and
 * an exact inverse (moving windows).  resolution_rate(boolean) and
 * fcr_rate(boolean) are pct() under other names and need no code here;
 * automation_rate(human_touched) counts the false values.
 *
 * Definitions (../shared/metrics.md):
 *		sla_rate(elapsed, target): % of items with elapsed <= target,
 *			compared as intervals are (a month is 30 days, a day 24 hours)
 *		sla_rate(start, stop, target): % of items with
 *			stop <= start + target, in timestamptz + interval arithmetic
 *			(months and days follow the calendar of the session time zone);
 *			an item with no stop is left out while now is at most
 *			start + target, and is breached once it is past
 *		sla_rate(start, stop, target, as_of): the same with as_of for now
 *		fcr_rate(contacts): % of resolved issues with exactly one contact
 *		one_touch_rate(agent_replies): % of solved tickets with exactly one
 *			agent reply; a ticket solved with none is not one-touch
 *		automation_rate(human_touched): % of resolved tickets no human
 *			touched
 *
 * NULL start, elapsed, target, contacts or replies: the row is skipped.  A
 * value outside its domain (a negative duration or target, a stop before its
 * start, an infinite instant, fewer than one contact, a negative reply
 * count) is an error, SQLSTATE 22003 like a survey score off its scale.
 *
 * "Now" is the transaction time (now()) in the forms without as_of, and the
 * as_of argument in the forms with it.  The transaction time is a node's
 * own: each Citus worker runs its part of a query in its own transaction,
 * and a materialized view sees the time of its refresh, hence the as_of
 * forms, which read no clock.  Their state carries the group's as_of
 * (share.h), so that a group whose rows or partial states have different
 * ones is an error rather than a mix.
 *
 * A moving window classifies a row the same way when it removes it as when
 * it added it: the only outside input, now, is fixed for the whole
 * transaction (or is the group's one as_of).
 */
#include "postgres.h"
#include "compat.h"

#include "access/xact.h"
#include "common/int.h"
#include "common/int128.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "csmetrics.h"
#include "share.h"

/* Whether the interval is shorter than zero, as interval comparison says. */
static inline bool
interval_negative(const Interval *iv)
{
	static const Interval zero = {0, 0, 0};

	return ShareIntervalCmp(iv, &zero) < 0;
}

/* a <= b, as the interval <= operator says. */
static inline bool
interval_at_most(const Interval *a, const Interval *b)
{
	return ShareIntervalCmp(a, b) <= 0;
}

/* Text of values for error details. */
static char *
interval_text(const Interval *iv)
{
	return DatumGetCString(DirectFunctionCall1(interval_out,
											   IntervalPGetDatum(iv)));
}

/* An SLA target is a duration: zero or more. */
static inline void
sla_check_target(const Interval *target)
{
	if (unlikely(interval_negative(target)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("SLA target must not be negative"),
				 errdetail("Got %s.", interval_text(target)),
				 errhint("An SLA target is a duration such as '24 hours' or '1 day'.")));
}

/*
 * sla_rate(elapsed, target): whether one item met its target.  Arguments 1
 * and 2 of a strict function, so neither is NULL.
 */
static inline bool
sla_elapsed_met(FunctionCallInfo fcinfo)
{
	Interval   *elapsed = PG_GETARG_INTERVAL_P(1);
	Interval   *target = PG_GETARG_INTERVAL_P(2);

	sla_check_target(target);
	if (unlikely(interval_negative(elapsed)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("elapsed time must not be negative"),
				 errdetail("Got %s.", interval_text(elapsed)),
				 errhint("An elapsed time runs from an item's start to its stop: check the order of the two instants.")));
	return interval_at_most(elapsed, target);
}

/*
 * start + target with the semantics of timestamptz + interval.  A target of
 * microseconds only is added directly; months and days go through the
 * calendar of the session time zone (a day can be 23 or 25 hours, one month
 * after January 31 is the last day of February).  A deadline past the last
 * timestamp is the same error as in plain SQL.
 */
static inline TimestampTz
sla_deadline(TimestampTz start, Interval *target)
{
	TimestampTz deadline;

	if (target->month != 0 || target->day != 0)
		return DatumGetTimestampTz(DirectFunctionCall2(timestamptz_pl_interval,
													   TimestampTzGetDatum(start),
													   IntervalPGetDatum(target)));
	if (unlikely(pg_add_s64_overflow(start, target->time, &deadline) ||
				 !IS_VALID_TIMESTAMP(deadline)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	return deadline;
}

/* The stop argument (2) of a stopped item: finite and not before start. */
static TimestampTz
sla_checked_stop(FunctionCallInfo fcinfo, TimestampTz start)
{
	TimestampTz stop = PG_GETARG_TIMESTAMPTZ(2);

	if (unlikely(TIMESTAMP_NOT_FINITE(stop)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("SLA stop time must be finite"),
				 errdetail("Got %s.", cs_timestamptz_text(stop)),
				 errhint("Pass NULL as the stop of an item that has not stopped yet.")));
	if (unlikely(stop < start))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("SLA stop time precedes its start time"),
				 errdetail("Start is %s, stop is %s.",
						   cs_timestamptz_text(start), cs_timestamptz_text(stop)),
				 errhint("Check the order of the start and stop arguments.")));
	return stop;
}

/*
 * sla_rate(start, stop, target, cal): the same rule in business time.  An
 * item met its target when the open time of the calendar in [start, stop)
 * is at most the target; an open item is left out while the open time so
 * far (to now) is at most the target.  The target is business time, so,
 * as for business_add, it cannot have days or months.
 */
static bool
sla_business_outcome(FunctionCallInfo fcinfo, TimestampTz start,
					 Interval *target, TimestampTz now, bool *met)
{
	const Calendar *cal;
	TimestampTz stop;

	if (PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("calendar must not be NULL"),
				 errhint("Pass a calendar, or leave the argument out to measure calendar time.")));
	if (target->month != 0 || target->day != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("business-time SLA target cannot have days or months"),
				 errdetail("Got %s.", interval_text(target)),
				 errhint("Give the target in hours and minutes, such as interval '8 hours' of business time.")));
	cal = CalGetArg(fcinfo, 4);

	if (PG_ARGISNULL(2))
	{
		if (now <= start || CalBusinessMicroseconds(cal, start, now) <= target->time)
			return false;
		*met = false;
		return true;
	}
	stop = sla_checked_stop(fcinfo, start);
	*met = CalBusinessMicroseconds(cal, start, stop) <= target->time;
	return true;
}

/*
 * sla_rate(start, stop, target[, cal]): classify one row, arguments 1 to 3
 * (and the calendar, 4) of a non-strict function, now being the
 * transaction time or as_of.  Returns false when the row is left out (no
 * start, no target, or no stop while now is still within the target); else
 * sets *met.
 */
static bool
sla_instants_outcome(FunctionCallInfo fcinfo, bool with_cal, TimestampTz now,
					 bool *met)
{
	TimestampTz start;
	TimestampTz stop;
	Interval   *target;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(3))
		return false;
	start = PG_GETARG_TIMESTAMPTZ(1);
	target = PG_GETARG_INTERVAL_P(3);

	sla_check_target(target);
	if (unlikely(TIMESTAMP_NOT_FINITE(start)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("SLA start time must be finite"),
				 errdetail("Got %s.", cs_timestamptz_text(start)),
				 errhint("Leave out items that have no real start time.")));

	if (with_cal)
		return sla_business_outcome(fcinfo, start, target, now, met);

	if (PG_ARGISNULL(2))
	{
		if (now <= sla_deadline(start, target))
			return false;
		*met = false;
		return true;
	}

	stop = sla_checked_stop(fcinfo, start);
	*met = stop <= sla_deadline(start, target);
	return true;
}

/* fcr_rate(contacts): one contact is a first contact resolution. */
static inline bool
fcr_one_contact(int32 contacts)
{
	if (unlikely(contacts < 1))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("contact count must be at least 1"),
				 errdetail("Got %d.", contacts),
				 errhint("A resolved issue has at least one contact: leave out issues without contacts before aggregating.")));
	return contacts == 1;
}

/* one_touch_rate(agent_replies): exactly one reply is one-touch. */
static inline bool
one_touch_reply(int32 replies)
{
	if (unlikely(replies < 0))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("agent reply count must not be negative"),
				 errdetail("Got %d.", replies),
				 errhint("Pass the number of agent replies of each solved ticket, 0 or more.")));
	return replies == 1;
}

PG_FUNCTION_INFO_V1(sla_elapsed_trans);
/* Transition of sla_rate(elapsed, target): count one item. */
Datum
sla_elapsed_trans(PG_FUNCTION_ARGS)
{
	return ShareAdd(fcinfo, sla_elapsed_met(fcinfo));
}

PG_FUNCTION_INFO_V1(sla_elapsed_inv);
/* Moving-window inverse of sla_rate(elapsed, target). */
Datum
sla_elapsed_inv(PG_FUNCTION_ARGS)
{
	return ShareRemove(fcinfo, sla_elapsed_met(fcinfo));
}

/*
 * One row of sla_rate(start, stop, target[, cal][, as_of]): counted,
 * uncounted (step) or left out.  Without as_of, now is the transaction
 * time: fixed for the transaction, the same in parallel workers, but not
 * on other nodes.
 */
static Datum
sla_instants_step(FunctionCallInfo fcinfo, ShareStep step, bool with_as_of)
{
	TimestampTz now;
	bool		met = false;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	now = with_as_of ? cs_as_of_arg(fcinfo, PG_NARGS() - 1) :
		GetCurrentTransactionStartTimestamp();
	if (!sla_instants_outcome(fcinfo, PG_NARGS() > (with_as_of ? 5 : 4), now, &met))
		step = SHARE_KEEP;
	return ShareUpdate(fcinfo, step, met, with_as_of ? &now : NULL);
}

PG_FUNCTION_INFO_V1(sla_instants_trans);
/* Transition of sla_rate(start, stop, target[, cal]): count one item or skip it. */
Datum
sla_instants_trans(PG_FUNCTION_ARGS)
{
	return sla_instants_step(fcinfo, SHARE_ADD, false);
}

PG_FUNCTION_INFO_V1(sla_instants_inv);
/* Moving-window inverse of sla_rate(start, stop, target[, cal]). */
Datum
sla_instants_inv(PG_FUNCTION_ARGS)
{
	return sla_instants_step(fcinfo, SHARE_REMOVE, false);
}

PG_FUNCTION_INFO_V1(sla_instants_as_of_trans);
/*
 * Transition of sla_rate(start, stop, target[, cal], as_of): count one item
 * or skip it, in a state stamped with the group's as_of.
 */
Datum
sla_instants_as_of_trans(PG_FUNCTION_ARGS)
{
	return sla_instants_step(fcinfo, SHARE_ADD, true);
}

PG_FUNCTION_INFO_V1(sla_instants_as_of_inv);
/* Moving-window inverse of sla_rate(start, stop, target[, cal], as_of). */
Datum
sla_instants_as_of_inv(PG_FUNCTION_ARGS)
{
	return sla_instants_step(fcinfo, SHARE_REMOVE, true);
}

PG_FUNCTION_INFO_V1(fcr_trans);
/* Transition of fcr_rate(contacts): count one resolved issue. */
Datum
fcr_trans(PG_FUNCTION_ARGS)
{
	return ShareAdd(fcinfo, fcr_one_contact(PG_GETARG_INT32(1)));
}

PG_FUNCTION_INFO_V1(fcr_inv);
/* Moving-window inverse of fcr_rate(contacts). */
Datum
fcr_inv(PG_FUNCTION_ARGS)
{
	return ShareRemove(fcinfo, fcr_one_contact(PG_GETARG_INT32(1)));
}

PG_FUNCTION_INFO_V1(one_touch_trans);
/* Transition of one_touch_rate(agent_replies): count one solved ticket. */
Datum
one_touch_trans(PG_FUNCTION_ARGS)
{
	return ShareAdd(fcinfo, one_touch_reply(PG_GETARG_INT32(1)));
}

PG_FUNCTION_INFO_V1(one_touch_inv);
/* Moving-window inverse of one_touch_rate(agent_replies). */
Datum
one_touch_inv(PG_FUNCTION_ARGS)
{
	return ShareRemove(fcinfo, one_touch_reply(PG_GETARG_INT32(1)));
}

PG_FUNCTION_INFO_V1(share_false_trans);
/* Transition counting false as the success: automation_rate(human_touched). */
Datum
share_false_trans(PG_FUNCTION_ARGS)
{
	return ShareAdd(fcinfo, !PG_GETARG_BOOL(1));
}

PG_FUNCTION_INFO_V1(share_false_inv);
/* Moving-window inverse of share_false_trans. */
Datum
share_false_inv(PG_FUNCTION_ARGS)
{
	return ShareRemove(fcinfo, !PG_GETARG_BOOL(1));
}
