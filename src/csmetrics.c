/*
 * csmetrics.c
 *		Module entry point, and the as_of argument shared by the families
 *		that read "now".
 *
 * The metrics themselves live in one file per family; this file marks the
 * shared library as a PostgreSQL module, and reads and checks the as_of
 * argument of time_in_status (status.c) and sla_rate (rates.c, share.c).
 */
#include "postgres.h"
#include "compat.h"

#include "fmgr.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

#include "csmetrics.h"

PG_MODULE_MAGIC;

char *
cs_timestamptz_text(TimestampTz t)
{
	return DatumGetCString(DirectFunctionCall1(timestamptz_out,
											   TimestampTzGetDatum(t)));
}

char *
cs_interval_text(const Interval *iv)
{
	return DatumGetCString(DirectFunctionCall1(interval_out,
											   IntervalPGetDatum(iv)));
}

/*
 * The as_of argument argno: the instant that "now" means.
 *
 * A NULL as_of is an error, SQLSTATE 22004 like the NULL calendar of
 * sla_rate, not a fallback to now() and not a NULL result.  The argument
 * exists so that the answer does not depend on the clock of the node that
 * computes it (each Citus worker has its own transaction time) nor on when
 * a materialized view is refreshed: falling back to the transaction time
 * would bring that dependence back without a word, and a NULL result would
 * hide what is usually a bind parameter left unset.  An infinite as_of is
 * an error too (22008, as an infinite change time of time_in_status): "now"
 * is a real instant, and share.c marks a state that has not seen a row yet
 * with -infinity.
 */
TimestampTz
cs_as_of_arg(FunctionCallInfo fcinfo, int argno)
{
	TimestampTz as_of;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("as_of must not be NULL"),
				 errhint("Pass the instant that \"now\" means, such as the report's cut-off time, or leave the argument out to use the transaction time.")));
	as_of = PG_GETARG_TIMESTAMPTZ(argno);
	if (unlikely(TIMESTAMP_NOT_FINITE(as_of)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("as_of must be finite"),
				 errdetail("Got %s.", cs_timestamptz_text(as_of)),
				 errhint("Pass a real instant, such as the report's cut-off time.")));
	return as_of;
}

void
cs_as_of_mismatch(TimestampTz first, TimestampTz later)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("as_of must be the same for every row of a group"),
			 errdetail("One row has %s, another %s.",
					   cs_timestamptz_text(first), cs_timestamptz_text(later)),
			 errhint("Pass the same instant on every row: a constant, a query parameter, or one that depends only on the GROUP BY columns.")));
}

void
cs_state_mismatch(FunctionCallInfo fcinfo, const char *family)
{
	const char *func = NULL;

	if (fcinfo != NULL && fcinfo->flinfo != NULL && OidIsValid(fcinfo->flinfo->fn_oid))
		func = get_func_name(fcinfo->flinfo->fn_oid);
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("%s was given the state of another aggregate",
					func != NULL ? func : "a csmetrics support function"),
			 errdetail("It takes a %s state, which only the support functions of its own family make.",
					   family),
			 errhint("In CREATE AGGREGATE, pair the support functions of one family as csmetrics's own aggregates do (\\da+ lists them).")));
}
