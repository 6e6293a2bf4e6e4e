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
 * 0.1.0 -> 0.2.0: duration_agg, rollup(duration_sketch), timeline_agg,
 * rollup(timeline), first_response_time and avg_response_time (and their
 * _seconds and calendar forms) moved from internal states to real types, so
 * that Citus can split them.  The 0.1.0 declarations of duration_agg keep
 * using the internal DSAccum of the moving-window forms (duration_sketch_trans
 * and duration_sketch_final live on); their parallel support is here.  The
 * others get the new state (a varlena) as their internal state, kept in the
 * aggregate context (the executor never copies an internal state), so their
 * transition and combine functions run the new ones in that context, and
 * serialization is the varlena's own bytes.
 */
#include "postgres.h"
#include "compat.h"

#include "fmgr.h"

#include "csmetrics.h"
#include "conversation.h"
#include "duration_sketch.h"
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

/* ---------- 0.1.0: varlena states behind an internal declaration ---------- */

/*
 * Run a state function with its new states made in the aggregate context.
 * A state it replaces (grown) is freed here: no executor copies or frees an
 * internal state, and nothing else points to the old one.
 */
static Datum
cs_legacy_in_agg(PGFunction fn, FunctionCallInfo fcinfo, const char *name)
{
	MemoryContext old = MemoryContextSwitchTo(cs_agg_context(fcinfo, name));
	Pointer		prev = PG_ARGISNULL(0) ? NULL : PG_GETARG_POINTER(0);
	Datum		result = fn(fcinfo);

	MemoryContextSwitchTo(old);
	if (prev != NULL && !fcinfo->isnull && DatumGetPointer(result) != prev)
		pfree(prev);
	return result;
}

/* Serialize: the state is a varlena already, its bytes are the bytes. */
static Datum
cs_legacy_serialize(FunctionCallInfo fcinfo, const char *name)
{
	struct varlena *state = (struct varlena *) PG_GETARG_POINTER(0);
	bytea	   *copy = palloc(VARSIZE(state));

	(void) cs_agg_context(fcinfo, name);
	memcpy(copy, state, VARSIZE(state));
	PG_RETURN_BYTEA_P(copy);
}

/* A transition or combine function of the 0.1.0 catalog. */
#define CS_LEGACY_IN_AGG(name, fn) \
	extern Datum fn(PG_FUNCTION_ARGS); \
	PG_FUNCTION_INFO_V1(name); \
	Datum name(PG_FUNCTION_ARGS); \
	Datum name(PG_FUNCTION_ARGS) \
	{ \
		return cs_legacy_in_agg(fn, fcinfo, #name); \
	}

/* A final function: the new one only reads its state. */
#define CS_LEGACY_FINAL(name, fn) \
	extern Datum fn(PG_FUNCTION_ARGS); \
	PG_FUNCTION_INFO_V1(name); \
	Datum name(PG_FUNCTION_ARGS); \
	Datum name(PG_FUNCTION_ARGS) \
	{ \
		(void) cs_agg_context(fcinfo, #name); \
		return fn(fcinfo); \
	}

#define CS_LEGACY_SERIALIZE(name) \
	PG_FUNCTION_INFO_V1(name); \
	Datum name(PG_FUNCTION_ARGS); \
	Datum name(PG_FUNCTION_ARGS) \
	{ \
		return cs_legacy_serialize(fcinfo, #name); \
	}

/* timeline_agg and rollup(timeline) */
CS_LEGACY_IN_AGG(timeline_trans, timeline_state_add)
CS_LEGACY_IN_AGG(timeline_rollup_trans, timeline_state_merge)
CS_LEGACY_IN_AGG(timeline_combine, timeline_state_merge)
CS_LEGACY_FINAL(timeline_final, timeline_state_final)
CS_LEGACY_SERIALIZE(timeline_serialize)

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

/* first_response_time and first_response_seconds, with or without calendar */
CS_LEGACY_IN_AGG(frt_trans, frt_state_add)
CS_LEGACY_IN_AGG(frt_combine, frt_state_merge)
CS_LEGACY_FINAL(frt_final, frt_state_final)
CS_LEGACY_FINAL(frt_seconds_final, frt_state_seconds_final)
CS_LEGACY_SERIALIZE(frt_serialize)

/* avg_response_time and avg_response_seconds, with or without calendar */
CS_LEGACY_IN_AGG(conv_trans, reply_state_add)
CS_LEGACY_IN_AGG(conv_combine, reply_state_merge)
CS_LEGACY_FINAL(avg_response_final, reply_state_final)
CS_LEGACY_FINAL(avg_response_seconds_final, reply_state_seconds_final)
CS_LEGACY_SERIALIZE(conv_serialize)

/* A worker's state back, checked like a stored one. */
static Datum
conv_legacy_deserialize(FunctionCallInfo fcinfo, const ConvStateKind *kind,
						const char *name)
{
	void	   *state = PG_GETARG_BYTEA_P_COPY(0);

	(void) cs_agg_context(fcinfo, name);
	ConvStateCheck(kind, state);
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(frt_deserialize);
Datum
frt_deserialize(PG_FUNCTION_ARGS)
{
	return conv_legacy_deserialize(fcinfo, &FrtKind, "frt_deserialize");
}

PG_FUNCTION_INFO_V1(conv_deserialize);
Datum
conv_deserialize(PG_FUNCTION_ARGS)
{
	return conv_legacy_deserialize(fcinfo, &ReplyKind, "conv_deserialize");
}
