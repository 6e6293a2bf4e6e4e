/*
 * state_equality.c
 *		Equality, hashing and a total order for the extension's types:
 *		survey, duration_sketch, timeline, calendar, frt_state and
 *		reply_state (sql/install/90_equality.sql declares the operators and
 *		the hash and btree operator classes).
 *
 * Two values are equal when they mean the same: the same responses, the
 * same durations, the same counters on the same grid, the same calendar,
 * the same messages.  Each type has one canonical byte string per meaning,
 * the same string its text form is written from, so equality is equality
 * of canonical bytes, the hash is a hash of them, and the order is their
 * byte order.  One comparison and one hash (CsStateCompare, CsStateHash)
 * serve every type; what differs is how a datum's canonical bytes are
 * found (the Cs*Canonical functions below):
 *
 *	survey			its 88 bytes (fixed length, no padding, every bit pattern
 *					a distinct state)
 *	calendar		its stored bytes: the normal form (calendar_type.c)
 *	duration_sketch	its stored bytes, canonical (duration_sketch.h), unless it
 *					is an aggregate's working form (DS_FLAG_WORK): that is
 *					re-encoded first
 *	timeline		its stored bytes, without the working tail an aggregate
 *					state carries (timeline.h)
 *	frt_state,		their binary form (conversation_io.c): the same messages
 *	reply_state		can sit in a state in different orders and with spare
 *					room, so their stored bytes are not canonical
 *
 * Working forms normally never leave an aggregate (the final functions
 * return canonical values), but an aggregate a user builds on the state
 * functions without a final function returns them, so equality does not
 * rely on that.  Varlena values are compared by their contents, whatever
 * their header (1-byte in a tuple, 4-byte in memory) and whether they were
 * compressed or stored out of line: every datum is detoasted first, never
 * compared as raw datum bytes.
 *
 * The order.  Sort-based plans (GROUP BY and DISTINCT when not hashed,
 * count(DISTINCT ...), UNION and INTERSECT by sorting, merge joins, window
 * PARTITION BY, ORDER BY) and unique indexes need a btree operator class,
 * which needs a total order consistent with equality.  No order of these
 * values means anything (is one calendar "less" than another?), so the
 * order is that of the canonical bytes, compared as unsigned bytes, a
 * shorter string first when one is a prefix of the other, like bytea's;
 * it depends on the machine's byte order for the binary fields.  So does
 * the hash, which persists in hash indexes and in the partition a row of a
 * hash-partitioned table lands in: a dump restores such a table onto a
 * server of the other byte order only through the partition root (pg_dump
 * --load-via-partition-root), as the README says.  Its operators are named ~<~, ~<=~, ~>=~ and ~>~ (as text's
 * byte-wise operators are) rather than < and friends, so that a query
 * that means to compare values by some metric fails instead of silently
 * comparing bytes.
 *
 * Memory.  A sort or hash table calls these functions once per comparison
 * or row, in a long-lived memory context, so what a call allocates
 * (detoasted copies, re-encoded working forms, binary forms) goes into a
 * scratch context of the call site, emptied after each call.
 */
#include "postgres.h"
#include "compat.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "utils/memutils.h"

#include "conversation.h"
#include "duration_sketch.h"
#include "survey.h"
#include "timeline.h"

/* The canonical bytes of a value, valid until the scratch context resets. */
typedef struct CsStateBytes
{
	const char *data;
	Size		len;
} CsStateBytes;

typedef CsStateBytes (*CsCanonicalFn) (Datum value);

/* ---------- canonical bytes, per type ---------- */

/* survey: fixed length, passed by reference; its bytes are canonical. */
static CsStateBytes
CsSurveyCanonical(Datum value)
{
	CsStateBytes b = {DatumGetPointer(value), sizeof(SurveyState)};

	return b;
}

/*
 * A varlena's contents, after its header, detoasted (decompressed, fetched
 * from the TOAST table) but with a 1-byte header left as it is: the bytes
 * are the same either way.
 */
static CsStateBytes
CsVarlenaContents(Datum value)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(value);
	CsStateBytes b = {VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v)};

	return b;
}

/* calendar: the stored normal form. */
static CsStateBytes
CsCalendarCanonical(Datum value)
{
	return CsVarlenaContents(value);
}

/*
 * duration_sketch: the stored bytes, or, for a working form, those of the
 * canonical sketch of the same durations (DSDecode also validates it).
 */
static CsStateBytes
CsDurationSketchCanonical(Datum value)
{
	CsStateBytes b = CsVarlenaContents(value);
	Size		flags_at = offsetof(DurationSketch, flags) - VARHDRSZ;

	if (b.len > flags_at && (b.data[flags_at] & DS_FLAG_WORK))
	{
		DurationSketch *sk = DSEncode(DSDecode(b.data, b.len,
											   ERRCODE_DATA_CORRUPTED));

		b.data = VARDATA(sk);
		b.len = VARSIZE(sk) - VARHDRSZ;
	}
	return b;
}

/* timeline: the stored bytes, less a working form's tail. */
static CsStateBytes
CsTimelineCanonical(Datum value)
{
	CsStateBytes b = CsVarlenaContents(value);
	int32		nperiods;

	/* nperiods comes first; a 1-byte header leaves it unaligned */
	if (b.len >= sizeof(int32))
	{
		memcpy(&nperiods, b.data, sizeof(int32));
		if (nperiods > 0 && nperiods <= TIMELINE_MAX_PERIODS &&
			b.len == TIMELINE_WORK_SIZE(nperiods) - VARHDRSZ)
			b.len = TIMELINE_SIZE(nperiods) - VARHDRSZ;
	}
	return b;
}

/* frt_state and reply_state: the binary form. */
static CsStateBytes
CsBytea(bytea *binary)
{
	CsStateBytes b = {VARDATA_ANY(binary), VARSIZE_ANY_EXHDR(binary)};

	return b;
}

static CsStateBytes
CsFrtStateCanonical(Datum value)
{
	return CsBytea(ConvStateBinary(&FrtKind, value));
}

static CsStateBytes
CsReplyStateCanonical(Datum value)
{
	return CsBytea(ConvStateBinary(&ReplyKind, value));
}

/* ---------- the shared comparison and hash ---------- */

/*
 * The scratch context of a call site, made on its first call; the current
 * context for a direct call (no FmgrInfo), which then keeps what it
 * allocates, as any function called that way does.
 */
static MemoryContext
CsScratch(FunctionCallInfo fcinfo)
{
	FmgrInfo   *flinfo = fcinfo->flinfo;

	if (flinfo == NULL)
		return CurrentMemoryContext;
	if (flinfo->fn_extra == NULL)
		flinfo->fn_extra = AllocSetContextCreate(flinfo->fn_mcxt,
												 "csmetrics state comparison",
												 ALLOCSET_SMALL_SIZES);
	return (MemoryContext) flinfo->fn_extra;
}

static void
CsScratchDone(FunctionCallInfo fcinfo, MemoryContext scratch,
			  MemoryContext old)
{
	MemoryContextSwitchTo(old);
	if (fcinfo->flinfo != NULL)
		MemoryContextReset(scratch);
}

/*
 * Compare arguments 0 and 1 by their canonical bytes: -1, 0 or 1, byte
 * order (unsigned), a prefix before the longer string.
 */
static int
CsStateCompare(FunctionCallInfo fcinfo, CsCanonicalFn canonical)
{
	MemoryContext scratch = CsScratch(fcinfo);
	MemoryContext old = MemoryContextSwitchTo(scratch);
	CsStateBytes a = canonical(PG_GETARG_DATUM(0));
	CsStateBytes b = canonical(PG_GETARG_DATUM(1));
	int			cmp = memcmp(a.data, b.data, Min(a.len, b.len));

	if (cmp == 0)
		cmp = (a.len > b.len) - (a.len < b.len);
	else
		cmp = cmp > 0 ? 1 : -1;
	CsScratchDone(fcinfo, scratch, old);
	return cmp;
}

/*
 * Hash of argument 0's canonical bytes: 32 bits (hash support function 1),
 * or with extended, 64 bits from the seed in argument 1 (support function
 * 2, for hash partitioning).  Equal values have equal canonical bytes, so
 * equal hashes.
 */
static Datum
CsStateHash(FunctionCallInfo fcinfo, CsCanonicalFn canonical, bool extended)
{
	MemoryContext scratch = CsScratch(fcinfo);
	MemoryContext old = MemoryContextSwitchTo(scratch);
	CsStateBytes b = canonical(PG_GETARG_DATUM(0));
	Datum		hash;

	if (extended)
		hash = hash_any_extended((const unsigned char *) b.data, (int) b.len,
								 PG_GETARG_INT64(1));
	else
		hash = hash_any((const unsigned char *) b.data, (int) b.len);
	CsScratchDone(fcinfo, scratch, old);
	return hash;
}

/* ---------- the SQL-callable functions ---------- */

/*
 * For each type, the functions of its operators and operator classes:
 * TYPE_eq, _ne, _lt, _le, _ge, _gt (the operators =, <>, ~<~, ~<=~, ~>=~,
 * ~>~), TYPE_cmp (btree support 1), TYPE_hash and TYPE_hash_extended (hash
 * support 1 and 2).  All strict: NULLs never reach them.
 */
#define CS_STATE_COMPARISON(type, name, canonical, test) \
PG_FUNCTION_INFO_V1(type##_##name); \
Datum \
type##_##name(PG_FUNCTION_ARGS) \
{ \
	int			cmp = CsStateCompare(fcinfo, canonical); \
\
	PG_RETURN_BOOL(test); \
}

#define CS_STATE_EQUALITY(type, canonical) \
CS_STATE_COMPARISON(type, eq, canonical, cmp == 0) \
CS_STATE_COMPARISON(type, ne, canonical, cmp != 0) \
CS_STATE_COMPARISON(type, lt, canonical, cmp < 0) \
CS_STATE_COMPARISON(type, le, canonical, cmp <= 0) \
CS_STATE_COMPARISON(type, ge, canonical, cmp >= 0) \
CS_STATE_COMPARISON(type, gt, canonical, cmp > 0) \
PG_FUNCTION_INFO_V1(type##_cmp); \
Datum \
type##_cmp(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_INT32(CsStateCompare(fcinfo, canonical)); \
} \
PG_FUNCTION_INFO_V1(type##_hash); \
Datum \
type##_hash(PG_FUNCTION_ARGS) \
{ \
	return CsStateHash(fcinfo, canonical, false); \
} \
PG_FUNCTION_INFO_V1(type##_hash_extended); \
Datum \
type##_hash_extended(PG_FUNCTION_ARGS) \
{ \
	return CsStateHash(fcinfo, canonical, true); \
}

CS_STATE_EQUALITY(survey, CsSurveyCanonical)
CS_STATE_EQUALITY(duration_sketch, CsDurationSketchCanonical)
CS_STATE_EQUALITY(timeline, CsTimelineCanonical)
CS_STATE_EQUALITY(calendar, CsCalendarCanonical)
CS_STATE_EQUALITY(frt_state, CsFrtStateCanonical)
CS_STATE_EQUALITY(reply_state, CsReplyStateCanonical)
