/*
 * legacy.c
 *		C entry points of earlier versions' SQL functions that the current
 *		version no longer declares.
 *
 * A database keeps the catalog of the version it installed until ALTER
 * EXTENSION csmetrics UPDATE runs, and that catalog names C symbols of
 * this library.  A symbol must never change meaning (an old declaration
 * would call it with the old argument types: an internal pointer where a
 * varlena is now expected), and should not vanish (CREATE EXTENSION
 * csmetrics VERSION '0.1.0' checks that every symbol exists).  So each
 * retired symbol stays here, and says what to do.
 *
 * 0.1.0 -> 0.2.0: duration_agg, rollup(duration_sketch), timeline_agg,
 * rollup(timeline) and the conversation timing aggregates moved from
 * internal states to real types (Citus can split them); their
 * serialization and internal-state functions retired.
 */
#include "postgres.h"

#include "fmgr.h"

static void cs_retired(const char *name) pg_attribute_noreturn();

static void
cs_retired(const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("function %s of an earlier csmetrics version is no longer in the library",
					name),
			 errdetail("The installed library is newer than this database's csmetrics objects."),
			 errhint("Run ALTER EXTENSION csmetrics UPDATE.")));
}

#define CS_RETIRED(name) \
	PG_FUNCTION_INFO_V1(name); \
	Datum name(PG_FUNCTION_ARGS); \
	Datum name(PG_FUNCTION_ARGS) \
	{ \
		(void) fcinfo; \
		cs_retired(#name); \
	}

/* 0.1.0: duration_agg and rollup(duration_sketch) on an internal state */
CS_RETIRED(duration_sketch_combine)
CS_RETIRED(duration_sketch_serialize)
CS_RETIRED(duration_sketch_deserialize)

/* 0.1.0: timeline_agg and rollup(timeline) on an internal state */
CS_RETIRED(timeline_trans)
CS_RETIRED(timeline_combine)
CS_RETIRED(timeline_rollup_trans)
CS_RETIRED(timeline_serialize)
CS_RETIRED(timeline_deserialize)
CS_RETIRED(timeline_final)

/*
 * 0.1.0: first_response_time, first_response_seconds, avg_response_time
 * and avg_response_seconds on internal states (now frt_state and
 * reply_state)
 */
CS_RETIRED(frt_trans)
CS_RETIRED(frt_combine)
CS_RETIRED(frt_serialize)
CS_RETIRED(frt_deserialize)
CS_RETIRED(frt_final)
CS_RETIRED(frt_seconds_final)
CS_RETIRED(conv_trans)
CS_RETIRED(conv_combine)
CS_RETIRED(conv_serialize)
CS_RETIRED(conv_deserialize)
CS_RETIRED(avg_response_final)
CS_RETIRED(avg_response_seconds_final)
