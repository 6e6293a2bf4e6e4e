/*
 * legacy.c
 *		C entry points of earlier versions' SQL functions that the current
 *		version no longer declares.
 *
 * A database keeps the catalog of the version it installed until ALTER
 * EXTENSION csmetrics UPDATE runs, and that catalog names C symbols of
 * this library: a materialized view over timeline_agg must keep refreshing
 * between the package upgrade and the ALTER EXTENSION.  So a retired symbol
 * keeps working, and never changes meaning (an old declaration calls it
 * with the old argument types: an internal pointer where the new functions
 * take a varlena).  Each one is a thin adapter over the current code.
 *
 * 0.1.0 -> 0.2.0: duration_agg, rollup(duration_sketch), timeline_agg and
 * rollup(timeline) moved from internal states to real types, so that Citus
 * can split them.  The 0.1.0 declarations of duration_agg keep using the
 * internal DSAccum of the moving-window forms (duration_sketch_trans and
 * duration_sketch_final live on); their parallel support is here.  Those of
 * timeline_agg get the new working-form timeline as their internal state,
 * kept in the aggregate context (an internal state is never copied by the
 * executor), so they run the new functions in that context.
 */
#include "postgres.h"

#include "fmgr.h"

#include "csmetrics.h"
#include "duration_sketch.h"
#include "status.h"
#include "timeline.h"

/* ---------- 0.1.0: parallel support of duration_agg's internal state ---------- */

PG_FUNCTION_INFO_V1(duration_sketch_combine);
/* Combine two partial DSAccum states; other may be short-lived: copy it. */
Datum
duration_sketch_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = cs_agg_context(fcinfo, "duration_sketch_combine");
	DSAccum    *acc = PG_ARGISNULL(0) ? NULL : (DSAccum *) PG_GETARG_POINTER(0);
	DSAccum    *other = PG_ARGISNULL(1) ? NULL : (DSAccum *) PG_GETARG_POINTER(1);

	if (other == NULL)
	{
		if (acc == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(acc);
	}
	if (acc == NULL)
		acc = DSAccumCreate(aggcontext);
	DSAccumMerge(acc, other);
	PG_RETURN_POINTER(acc);
}

PG_FUNCTION_INFO_V1(duration_sketch_serialize);
/* A partial DSAccum state as bytes: the sketch's own form. */
Datum
duration_sketch_serialize(PG_FUNCTION_ARGS)
{
	(void) cs_agg_context(fcinfo, "duration_sketch_serialize");
	PG_RETURN_BYTEA_P((bytea *) DSEncode((DSAccum *) PG_GETARG_POINTER(0)));
}

PG_FUNCTION_INFO_V1(duration_sketch_deserialize);
/* A worker's partial DSAccum state read back, validated like any sketch. */
Datum
duration_sketch_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);

	(void) cs_agg_context(fcinfo, "duration_sketch_deserialize");
	PG_RETURN_POINTER(DSDecode(VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes),
							   ERRCODE_INVALID_BINARY_REPRESENTATION));
}

/* ---------- 0.1.0: timeline_agg and rollup(timeline) on internal ---------- */

extern Datum timeline_state_add(PG_FUNCTION_ARGS);
extern Datum timeline_state_merge(PG_FUNCTION_ARGS);
extern Datum timeline_state_final(PG_FUNCTION_ARGS);

/* Run a state function with its new states made in the aggregate context. */
static Datum
tl_legacy_call(PGFunction fn, FunctionCallInfo fcinfo, const char *name)
{
	MemoryContext old = MemoryContextSwitchTo(cs_agg_context(fcinfo, name));
	Datum		result = fn(fcinfo);

	MemoryContextSwitchTo(old);
	return result;
}

PG_FUNCTION_INFO_V1(timeline_trans);
Datum
timeline_trans(PG_FUNCTION_ARGS)
{
	return tl_legacy_call(timeline_state_add, fcinfo, "timeline_trans");
}

PG_FUNCTION_INFO_V1(timeline_rollup_trans);
Datum
timeline_rollup_trans(PG_FUNCTION_ARGS)
{
	return tl_legacy_call(timeline_state_merge, fcinfo, "timeline_rollup_trans");
}

PG_FUNCTION_INFO_V1(timeline_combine);
Datum
timeline_combine(PG_FUNCTION_ARGS)
{
	return tl_legacy_call(timeline_state_merge, fcinfo, "timeline_combine");
}

PG_FUNCTION_INFO_V1(timeline_final);
Datum
timeline_final(PG_FUNCTION_ARGS)
{
	(void) cs_agg_context(fcinfo, "timeline_final");
	return timeline_state_final(fcinfo);
}

PG_FUNCTION_INFO_V1(timeline_serialize);
/* The working form is a varlena already: its bytes are the serialization. */
Datum
timeline_serialize(PG_FUNCTION_ARGS)
{
	Timeline   *state = (Timeline *) PG_GETARG_POINTER(0);
	bytea	   *copy = palloc(VARSIZE(state));

	(void) cs_agg_context(fcinfo, "timeline_serialize");
	memcpy(copy, state, VARSIZE(state));
	PG_RETURN_BYTEA_P(copy);
}

PG_FUNCTION_INFO_V1(timeline_deserialize);
/* A worker's working form back (the serialization above, from this build). */
Datum
timeline_deserialize(PG_FUNCTION_ARGS)
{
	Timeline   *state = (Timeline *) PG_GETARG_BYTEA_P_COPY(0);

	(void) cs_agg_context(fcinfo, "timeline_deserialize");
	if (VARSIZE(state) < offsetof(Timeline, data) ||
		state->nperiods < 1 || state->nperiods > TIMELINE_MAX_PERIODS ||
		!TimelineIsWork(state))
		elog(ERROR, "invalid timeline state of %u bytes", VARSIZE(state));
	PG_RETURN_POINTER(state);
}

/* ---------- 0.1.0: time_in_status and time_in_status_seconds on internal ---------- */

/*
 * The 0.1.0 declarations get the new working-form status_state as their
 * internal state, kept in the aggregate context like the timeline's above:
 * the new functions run in that context, and a state they replace (grown)
 * is freed here, since no executor copies an internal state.
 */

extern Datum status_state_trans(PG_FUNCTION_ARGS);
extern Datum status_state_combine(PG_FUNCTION_ARGS);
extern Datum status_state_final(PG_FUNCTION_ARGS);
extern Datum status_state_seconds(PG_FUNCTION_ARGS);

/* Run a status_state function in the aggregate context; free a replaced state. */
static Datum
tis_legacy_call(PGFunction fn, FunctionCallInfo fcinfo, const char *name)
{
	MemoryContext old = MemoryContextSwitchTo(cs_agg_context(fcinfo, name));
	Pointer		prev = PG_ARGISNULL(0) ? NULL : PG_GETARG_POINTER(0);
	Datum		result = fn(fcinfo);

	MemoryContextSwitchTo(old);
	if (prev != NULL && !fcinfo->isnull && DatumGetPointer(result) != prev)
		pfree(prev);
	return result;
}

PG_FUNCTION_INFO_V1(time_in_status_trans);
Datum
time_in_status_trans(PG_FUNCTION_ARGS)
{
	return tis_legacy_call(status_state_trans, fcinfo, "time_in_status_trans");
}

PG_FUNCTION_INFO_V1(time_in_status_combine);
Datum
time_in_status_combine(PG_FUNCTION_ARGS)
{
	return tis_legacy_call(status_state_combine, fcinfo, "time_in_status_combine");
}

PG_FUNCTION_INFO_V1(time_in_status_final);
Datum
time_in_status_final(PG_FUNCTION_ARGS)
{
	(void) cs_agg_context(fcinfo, "time_in_status_final");
	return status_state_final(fcinfo);
}

PG_FUNCTION_INFO_V1(time_in_status_seconds_final);
Datum
time_in_status_seconds_final(PG_FUNCTION_ARGS)
{
	(void) cs_agg_context(fcinfo, "time_in_status_seconds_final");
	return status_state_seconds(fcinfo);
}

PG_FUNCTION_INFO_V1(time_in_status_serialize);
/* The working form is a varlena already: its bytes are the serialization. */
Datum
time_in_status_serialize(PG_FUNCTION_ARGS)
{
	StsState   *state = (StsState *) PG_GETARG_POINTER(0);
	bytea	   *copy = palloc(VARSIZE(state));

	(void) cs_agg_context(fcinfo, "time_in_status_serialize");
	memcpy(copy, state, VARSIZE(state));
	PG_RETURN_BYTEA_P(copy);
}

PG_FUNCTION_INFO_V1(time_in_status_deserialize);
/* A worker's working form back, every field checked. */
Datum
time_in_status_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext old = MemoryContextSwitchTo(cs_agg_context(fcinfo, "time_in_status_deserialize"));
	StsState   *state = (StsState *) PG_GETARG_BYTEA_P_COPY(0);

	MemoryContextSwitchTo(old);
	sts_check(state);
	PG_RETURN_POINTER(state);
}
