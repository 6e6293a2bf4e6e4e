/*
 * csmetrics.h
 *		Declarations shared by the csmetrics source files.
 *
 * Each metric family lives in its own file (survey_type.c, survey.c,
 * share.c, ...); this header holds only what more than one of them needs:
 * the statistics helpers and the small parsing helpers used by the input
 * functions of the state types.
 */
#ifndef CSMETRICS_H
#define CSMETRICS_H

#include "postgres.h"
#include "compat.h"
#include "fmgr.h"
#include "datatype/timestamp.h"
#include "lib/stringinfo.h"

/* stats.c: normal quantiles and confidence intervals */
extern double cs_confidence_z(double confidence);
extern void cs_wilson_interval(int64 successes, int64 n, double z,
							   double *low, double *high);

/*
 * csmetrics.c: the as_of argument of the forms of time_in_status and
 * sla_rate that take the instant "now" means from the caller instead of
 * reading the transaction time.  cs_as_of_arg reads argument argno and
 * checks it (not NULL, finite); cs_as_of_mismatch reports a group whose
 * rows (or partial states) have different ones.
 */
extern TimestampTz cs_as_of_arg(FunctionCallInfo fcinfo, int argno);
pg_noreturn extern void cs_as_of_mismatch(TimestampTz first, TimestampTz later);

/*
 * A support function of an internal-state aggregate given the internal
 * state of another aggregate, in an aggregate of the user's own (CREATE
 * AGGREGATE can pair any functions that take internal).  Each such state
 * starts with a tag, checked on entry; family names the state for the
 * message.  fcinfo may be NULL where the function is not known.
 */
pg_noreturn extern void cs_state_mismatch(FunctionCallInfo fcinfo, const char *family);
/*
 * A timestamptz or an interval as text in the session's settings, for
 * messages (palloc'd: several fit in one message).
 */
extern char *cs_timestamptz_text(TimestampTz t);
extern char *cs_interval_text(const Interval *iv);

/* parse.c: strict number parsing for the state types' text input */
extern const char *cs_parse_count(const char *p, const char *input,
								  const char *typname, int64 *result);
extern void cs_check_input_length(const char *input, const char *typname,
								  size_t maxlen);
extern const char *cs_input_excerpt(const char *input);

/*
 * parse.c: instants in UTC, [-]YYYY-MM-DDTHH:MM:SS[.ffffff]Z, the same in
 * every session whatever its TimeZone or DateStyle (timeline bounds,
 * message times).  The names go into messages: the type, and what its
 * instants are ("timeline bounds" / "Bounds").
 */
typedef struct CsInstantNames
{
	const char *typname;
	const char *plural;
	const char *capitalized;
} CsInstantNames;

extern const char *cs_parse_utc_instant(const char *input, const char *p,
										const CsInstantNames *names,
										TimestampTz *result,
										const char **errpos,
										const char **expected);
extern void cs_append_utc_instant(StringInfo buf, TimestampTz t);

/*
 * A duration in microseconds as the interval that timestamptz subtraction
 * gives: whole days in the day field, the rest as time.
 */
static inline Interval *
cs_interval_from_usecs(int64 usecs)
{
	Interval   *result = (Interval *) palloc(sizeof(Interval));

	result->month = 0;
	result->day = (int32) (usecs / USECS_PER_DAY);
	result->time = usecs % USECS_PER_DAY;
	return result;
}

/*
 * The aggregate memory context of a support function of an internal-state
 * aggregate.  SQL cannot call those (they take internal), so anything else
 * is a cannot-happen state, hence elog.
 */
static inline MemoryContext
cs_agg_context(FunctionCallInfo fcinfo, const char *what)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "%s called in non-aggregate context", what);
	return aggcontext;
}

/*
 * The support functions that update a state type's value in place (the
 * transition and merge functions of the aggregates whose state is a real
 * type) run only inside an aggregate: anywhere else their argument is not
 * theirs to change.  what names the state, use the aggregates to call.
 */
static inline void
cs_in_place_only(FunctionCallInfo fcinfo, const char *what, const char *use)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s support function called outside an aggregate", what),
				 errhint("Use %s instead.", use)));
}

/*
 * Read a bytea in place with the pq_getmsg* functions (the deserialization
 * functions of the internal aggregate states): they check every read
 * against len, and pq_getmsgend that nothing is left over.
 */
static inline void
cs_bytea_reader(StringInfo buf, const bytea *bytes)
{
	buf->data = (char *) VARDATA_ANY(bytes);
	buf->len = VARSIZE_ANY_EXHDR(bytes);
	buf->maxlen = buf->len;
	buf->cursor = 0;
}

#endif							/* CSMETRICS_H */
