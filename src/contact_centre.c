/*
 * contact_centre.c
 *		Contact-centre rates: service level and abandonment rate.
 *
 * Definitions (../shared/metrics.md), one row per offered contact (a call,
 * a chat) with its wait (until answered, or until the caller gave up) and
 * whether it was answered:
 *
 *		service_level(wait, answered, threshold): % of offered contacts
 *			answered with wait <= threshold; abandoned contacts count as
 *			offered and not within the threshold (the 80/20 rule: 80 %
 *			answered within 20 seconds)
 *		service_level(wait, answered, threshold, short_abandon): the same,
 *			leaving out contacts abandoned with wait < short_abandon
 *		abandonment_rate(answered): % of offered contacts not answered
 *		abandonment_rate(wait, answered, short_abandon): the same, leaving
 *			out contacts abandoned with wait < short_abandon
 *
 * Waits and thresholds compare as intervals do (a day is 24 hours, a month
 * 30 days).  A row with a NULL argument is skipped (the transition functions
 * are strict).  A negative wait, threshold or short-abandon limit is an
 * error, SQLSTATE 22003, like a negative duration in the other rates.
 *
 * Every rate is a share of true (share.h): the transition function maps a
 * row to met or not met, or leaves it out, so the rates have pct()'s
 * combine function (parallel plans), final function and exact inverse
 * (moving windows).  abandonment_rate(answered) counts the false values
 * with share_false_trans (rates.c) and needs no code here.
 */
#include "postgres.h"
#include "compat.h"

#include "common/int128.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"

#include "csmetrics.h"
#include "share.h"

/* Arguments of the transition and inverse functions; 0 is the state. */
#define CC_ARG_WAIT			1
#define CC_ARG_ANSWERED		2

/* a < b (strict) or a <= b, as the interval operators say. */
static inline bool
cc_before(const Interval *a, const Interval *b, bool or_equal)
{
	int			c = ShareIntervalCmp(a, b);

	return or_equal ? c <= 0 : c < 0;
}

/* A wait, threshold or limit must not be negative. */
static inline const Interval *
cc_duration(FunctionCallInfo fcinfo, int argno, const char *what, const char *hint)
{
	const Interval *iv = PG_GETARG_INTERVAL_P(argno);
	static const Interval zero = {0, 0, 0};

	if (unlikely(cc_before(iv, &zero, false)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must not be negative", what),
				 errdetail("Got %s.", cs_interval_text(iv)),
				 errhint("%s", hint)));
	return iv;
}

static inline const Interval *
cc_wait(FunctionCallInfo fcinfo)
{
	return cc_duration(fcinfo, CC_ARG_WAIT, "wait",
					   "A wait runs from when a contact is offered to when it is answered or abandoned.");
}

/*
 * Whether the row is a short abandon, to be left out: abandoned with a
 * wait under the limit in argument argno.
 */
static inline bool
cc_short_abandon(FunctionCallInfo fcinfo, const Interval *wait, int argno)
{
	const Interval *limit = cc_duration(fcinfo, argno, "short abandon limit",
										"Pass the wait under which an abandoned contact does not count, such as '5 seconds'.");

	return !PG_GETARG_BOOL(CC_ARG_ANSWERED) && cc_before(wait, limit, false);
}

/*
 * service_level: false when the row is left out (a short abandon), else
 * sets *met: answered within the threshold (argument 3).
 */
static inline bool
service_level_outcome(FunctionCallInfo fcinfo, bool *met)
{
	const Interval *wait = cc_wait(fcinfo);
	const Interval *threshold = cc_duration(fcinfo, 3, "service level threshold",
											"Pass the answer time to meet, such as '20 seconds'.");

	if (PG_NARGS() > 4 && cc_short_abandon(fcinfo, wait, 4))
		return false;
	*met = PG_GETARG_BOOL(CC_ARG_ANSWERED) && cc_before(wait, threshold, true);
	return true;
}

/*
 * abandonment_rate(wait, answered, short_abandon): false when the row is
 * left out, else sets *abandoned.
 */
static inline bool
abandonment_outcome(FunctionCallInfo fcinfo, bool *abandoned)
{
	if (cc_short_abandon(fcinfo, cc_wait(fcinfo), 3))
		return false;
	*abandoned = !PG_GETARG_BOOL(CC_ARG_ANSWERED);
	return true;
}

PG_FUNCTION_INFO_V1(service_level_trans);
/* Transition of service_level, with or without a short-abandon limit. */
Datum
service_level_trans(PG_FUNCTION_ARGS)
{
	bool		met;

	if (!service_level_outcome(fcinfo, &met))
		return ShareKeep(fcinfo);
	return ShareAdd(fcinfo, met);
}

PG_FUNCTION_INFO_V1(service_level_inv);
/* Moving-window inverse of service_level. */
Datum
service_level_inv(PG_FUNCTION_ARGS)
{
	bool		met;

	if (!service_level_outcome(fcinfo, &met))
		return ShareKeep(fcinfo);
	return ShareRemove(fcinfo, met);
}

PG_FUNCTION_INFO_V1(abandonment_trans);
/* Transition of abandonment_rate(wait, answered, short_abandon). */
Datum
abandonment_trans(PG_FUNCTION_ARGS)
{
	bool		abandoned;

	if (!abandonment_outcome(fcinfo, &abandoned))
		return ShareKeep(fcinfo);
	return ShareAdd(fcinfo, abandoned);
}

PG_FUNCTION_INFO_V1(abandonment_inv);
/* Moving-window inverse of abandonment_rate(wait, answered, short_abandon). */
Datum
abandonment_inv(PG_FUNCTION_ARGS)
{
	bool		abandoned;

	if (!abandonment_outcome(fcinfo, &abandoned))
		return ShareKeep(fcinfo);
	return ShareRemove(fcinfo, abandoned);
}
