/*
 * percentile.c
 *		Exact percentiles of durations and of numbers: duration_percentile
 *		(interval) and value_percentile (double precision), each with one
 *		fraction or an array of fractions.
 *
 * Definition: PostgreSQL's percentile_cont.  Of n values sorted ascending
 * (0-based), fraction p gives pos = p * (n - 1); lo = floor(pos), hi =
 * ceil(pos), and the result is value[lo] when lo = hi, else the linear
 * interpolation between value[lo] and value[hi] at proportion pos - lo,
 * computed as percentile_cont computes it:
 *
 *		float8:		lo + proportion * (hi - lo)
 *		interval:	(hi - lo) * proportion + lo, by the server's own
 *					interval_mi, interval_mul and interval_pl
 *
 * so the results are the same to the last bit, not merely close.
 *
 * Unlike percentile_cont these are ordinary aggregates, so they run in
 * parallel plans and need no WITHIN GROUP clause.  The price is that the
 * fraction is an ordinary argument, evaluated on every row: it must be the
 * same on every row of a group (NULL included), which is checked.  A NULL
 * fraction gives NULL, as does a group without non-NULL values; NULL
 * elements of a fraction array give NULL elements.  A fraction outside
 * [0, 1], or NaN, is an error as soon as a row is aggregated.
 *
 * State (PctState, in the aggregate memory context): every non-NULL input
 * as an int64 sort key in a growable array, plus the fraction(s) of the
 * first row.  Keys:
 *
 *	- interval: total microseconds, a day counted as 24 hours (the order
 *	  interval_cmp uses).  An interval with a month part is an error: a
 *	  month has no fixed length, and percentile_cont's 30-day month would
 *	  make '1 mon' and '30 days' the same duration.
 *	- float8: the IEEE bits mapped so that signed integer order is float8
 *	  order, NaN (one canonical NaN) above +Infinity as PostgreSQL sorts it.
 *
 * Interval representation.  An interval has a day and a time field, and
 * interval_mul rounds them separately, so percentile_cont can answer two
 * equal inputs differently by a microsecond: over {'27:00:00', '5 days
 * 01:00:00'} and over {'1 day 03:00:00', '5 days 01:00:00'}, say.  The
 * state keeps only microseconds and turns a key back into an interval in
 * one canonical form, so the result depends only on the durations: if no
 * input has a day part, as pure time (the form of n * interval '1 second');
 * otherwise as justify_hours gives it (and timestamp subtraction), whole
 * days plus the rest of the same sign as time.  The result is therefore
 * exactly, representation included, percentile_cont over d in the first
 * case and over justify_hours(d) in the second; for durations computed by
 * subtracting timestamps the two are the same.
 *
 * Final step: selection, not a sort.  The ranks needed by all fractions
 * (lo and hi of each) are sorted and found in one multi-select pass:
 * quickselect with a three-way partition (ties, common in durations, go
 * into the middle block and are never touched again), recursing only into
 * the sides that hold wanted ranks, so one fraction costs O(n) expected and
 * k fractions O(n log k).  A median-of-3 or ninther pivot and a depth limit
 * of 2 log2 n, past which the range is heapsorted, bound the worst case at
 * O(n log n).  The final function reorders the values array but not the
 * multiset it holds, so the state stays valid for further rows (windows).
 *
 * Parallel plans: combine appends the second state's values to the first;
 * the serialized form (field by field below) is checked entirely on the
 * way back in.  A worker can pass at most ~134 million values (a bytea is
 * limited to 1 GB); beyond that it is a clean error.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/float.h"
#include "utils/fmgroids.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "csmetrics.h"

/* Slots of a new state's values array; it doubles when full. */
#define PCT_INITIAL_CAPACITY	8

/* Ranges this short are finished by insertion sort. */
#define PCT_SMALL_RANGE			16

/* Ranges longer than this take a ninther pivot instead of a median of 3. */
#define PCT_NINTHER_RANGE		512

/* Sort key of every NaN: the bits of the positive quiet NaN, above +Inf. */
#define PCT_NAN_KEY				INT64CONST(0x7FF8000000000000)

/* Flag bits, the first byte of the serialized state. */
#define PCT_FLAG_DURATIONS		0x01	/* interval input, else float8 */
#define PCT_FLAG_MULTI			0x02	/* an array of fractions */
#define PCT_FLAG_DAYS_SEEN		0x04	/* some interval input had days */
#define PCT_FLAG_FRACTION_NULL	0x08	/* the fraction argument was NULL */
#define PCT_FLAGS_ALL			0x0F

typedef struct PctState
{
	int64		count;			/* values held */
	int64		capacity;		/* slots allocated in values */
	int64	   *values;			/* sort keys, see the file comment */
	bool		durations;		/* input is interval, else float8 */
	bool		multi;			/* fractions is an array */
	bool		days_seen;		/* some interval input had a day part */
	bool		fraction_null;	/* the fraction argument was NULL */
	float8		fraction;		/* !multi && !fraction_null: the fraction */
	ArrayType  *fractions;		/* multi && !fraction_null: the fractions */
} PctState;

/* ---------- arguments and checks ---------- */

/*
 * The aggregate memory context; an error when a support function is called
 * on its own, since its internal state can only come from an aggregate.
 */
static MemoryContext
pct_aggregate_context(FunctionCallInfo fcinfo)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("percentile support functions can only be called by their aggregates"),
				 errhint("Use duration_percentile or value_percentile.")));
	return aggcontext;
}

/* A fraction must be in [0, 1]; NaN is not. */
static void
pct_check_fraction(float8 fraction)
{
	if (!(fraction >= 0.0 && fraction <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("percentile fraction must be between 0 and 1"),
				 errdetail("Got %s.", float8out_internal(fraction)),
				 errhint("Pass 0.5 for the median and 0.9 for the 90th percentile.")));
}

/* The elements of a fraction array, with their NULL flags. */
static void
pct_deconstruct_fractions(ArrayType *fractions, Datum **elems, bool **nulls,
						  int *nelems)
{
	deconstruct_array(fractions, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
					  TYPALIGN_DOUBLE, elems, nulls, nelems);
}

/* Every non-NULL element of a fraction array must be in [0, 1]. */
static void
pct_check_fraction_array(ArrayType *fractions)
{
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	int			i;

	if (ARR_ELEMTYPE(fractions) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("percentile fractions must be an array of double precision")));
	pct_deconstruct_fractions(fractions, &elems, &nulls, &nelems);
	for (i = 0; i < nelems; i++)
		if (!nulls[i])
			pct_check_fraction(DatumGetFloat8(elems[i]));
	pfree(elems);
	pfree(nulls);
}

/*
 * Whether two fraction arrays are the same: the same bytes (the usual
 * case, checked once per row), or else the same shape, bounds, NULLs and
 * equal elements.
 */
static bool
pct_same_fraction_arrays(ArrayType *a, ArrayType *b)
{
	int			ndim = ARR_NDIM(a);
	Datum	   *ea,
			   *eb;
	bool	   *na,
			   *nb;
	int			n,
				nb_count,
				i;
	bool		same = true;

	if (VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0)
		return true;
	if (ndim != ARR_NDIM(b) ||
		memcmp(ARR_DIMS(a), ARR_DIMS(b), ndim * sizeof(int)) != 0 ||
		memcmp(ARR_LBOUND(a), ARR_LBOUND(b), ndim * sizeof(int)) != 0)
		return false;
	pct_deconstruct_fractions(a, &ea, &na, &n);
	pct_deconstruct_fractions(b, &eb, &nb, &nb_count);
	if (n != nb_count)
		return false;
	for (i = 0; i < n && same; i++)
		same = na[i] == nb[i] &&
			(na[i] || DatumGetFloat8(ea[i]) == DatumGetFloat8(eb[i]));
	return same;
}

/* The fraction(s) of a state as text, for messages. */
static const char *
pct_fraction_text(const PctState *state)
{
	if (state->fraction_null)
		return "NULL";
	if (state->multi)
		return OidOutputFunctionCall(F_ARRAY_OUT,
									 PointerGetDatum(state->fractions));
	return float8out_internal(state->fraction);
}

/* A later row or state has another fraction than the group's first. */
static void
pct_fraction_changed(const PctState *state, const char *later)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("percentile fraction must be the same for every row of a group"),
			 errdetail("Got %s after %s.", later, pct_fraction_text(state)),
			 errhint("Pass a constant, or an expression of the GROUP BY columns only.")));
}

/* Check that row's fraction argument (argument 2) is the group's. */
static void
pct_check_same_fraction(FunctionCallInfo fcinfo, const PctState *state)
{
	if (PG_ARGISNULL(2))
	{
		if (!state->fraction_null)
			pct_fraction_changed(state, "NULL");
	}
	else if (!state->multi)
	{
		float8		fraction = PG_GETARG_FLOAT8(2);

		if (state->fraction_null || fraction != state->fraction)
		{
			pct_check_fraction(fraction);
			pct_fraction_changed(state, float8out_internal(fraction));
		}
	}
	else
	{
		ArrayType  *fractions = PG_GETARG_ARRAYTYPE_P(2);

		if (state->fraction_null ||
			!pct_same_fraction_arrays(fractions, state->fractions))
		{
			pct_check_fraction_array(fractions);
			pct_fraction_changed(state,
								 OidOutputFunctionCall(F_ARRAY_OUT,
													   PointerGetDatum(fractions)));
		}
	}
}

/* Two states (parallel parts of one group) must have the same fraction. */
static void
pct_check_same_state_fraction(const PctState *state, const PctState *other)
{
	bool		same;

	if (state->durations != other->durations || state->multi != other->multi)
		elog(ERROR, "cannot combine the states of different percentile aggregates");
	if (state->fraction_null || other->fraction_null)
		same = state->fraction_null && other->fraction_null;
	else if (state->multi)
		same = pct_same_fraction_arrays(state->fractions, other->fractions);
	else
		same = state->fraction == other->fraction;
	if (!same)
		pct_fraction_changed(state, pct_fraction_text(other));
}

/* ---------- keys ---------- */

/*
 * An interval as microseconds, a day counted as 24 hours.  Months are an
 * error (see the file comment), and so is a total beyond int64.
 */
static int64
pct_interval_key(const Interval *span)
{
	int64		usecs;

	if (span->month != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("duration cannot have a month part"),
				 errdetail("Got %s; a month has no fixed length.",
						   DatumGetCString(DirectFunctionCall1(interval_out,
															   IntervalPGetDatum(span)))),
				 errhint("Subtract timestamps (which gives days and hours) rather than use age(), or use percentile_cont, which counts a month as 30 days.")));
	if (pg_mul_s64_overflow((int64) span->day, USECS_PER_DAY, &usecs) ||
		pg_add_s64_overflow(usecs, span->time, &usecs))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("duration out of range"),
				 errdetail("Got %s; durations must lie within about 292,000 years of zero.",
						   DatumGetCString(DirectFunctionCall1(interval_out,
															   IntervalPGetDatum(span))))));
	return usecs;
}

/* Microseconds back to an interval, in the form the state chose. */
static Datum
pct_key_interval(const PctState *state, int64 usecs)
{
	Interval   *span = palloc(sizeof(Interval));

	span->month = 0;
	if (state->days_seen)
	{
		span->day = (int32) (usecs / USECS_PER_DAY);
		span->time = usecs % USECS_PER_DAY;
	}
	else
	{
		span->day = 0;
		span->time = usecs;
	}
	return IntervalPGetDatum(span);
}

/*
 * A float8 as a key whose signed order is float8 order: non-negative
 * numbers keep their bits; negative ones (sign bit set) get the other 63
 * bits flipped, so a larger magnitude gives a smaller key.  -0 sorts just
 * below +0; every NaN becomes one NaN, above +Infinity.
 */
static inline int64
pct_float8_key(float8 x)
{
	int64		bits;

	if (isnan(x))
		return PCT_NAN_KEY;
	memcpy(&bits, &x, sizeof(bits));
	return bits < 0 ? bits ^ PG_INT64_MAX : bits;
}

/* The inverse of pct_float8_key. */
static inline float8
pct_key_float8(int64 key)
{
	int64		bits = key < 0 ? key ^ PG_INT64_MAX : key;
	float8		x;

	memcpy(&x, &bits, sizeof(x));
	return x;
}

/* ---------- the state ---------- */

/* A new, empty state in cxt, with room for capacity values. */
static PctState *
pct_new_state(MemoryContext cxt, bool durations, bool multi, int64 capacity)
{
	PctState   *state = MemoryContextAllocZero(cxt, sizeof(PctState));

	state->durations = durations;
	state->multi = multi;
	state->capacity = Max(capacity, PCT_INITIAL_CAPACITY);
	state->values = MemoryContextAllocHuge(cxt,
										   (Size) state->capacity * sizeof(int64));
	return state;
}

/* Make room for needed values in all, doubling the array. */
static void
pct_reserve(PctState *state, int64 needed)
{
	int64		capacity = state->capacity;

	if (needed <= capacity)
		return;
	while (capacity < needed)
	{
		if (capacity > (int64) (MaxAllocHugeSize / sizeof(int64) / 2))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many values for an exact percentile"),
					 errdetail("The group has more than %lld values.",
							   (long long) state->count)));
		capacity *= 2;
	}
	/* repalloc_huge keeps the array in its memory context */
	state->values = repalloc_huge(state->values, (Size) capacity * sizeof(int64));
	state->capacity = capacity;
}

/* Append one key. */
static inline void
pct_append(PctState *state, int64 key)
{
	if (unlikely(state->count == state->capacity))
		pct_reserve(state, state->count + 1);
	state->values[state->count++] = key;
}

/* A copy of state in cxt: the combine step's first partial state. */
static PctState *
pct_copy_state(MemoryContext cxt, const PctState *state)
{
	PctState   *copy = pct_new_state(cxt, state->durations, state->multi,
									 state->count);

	memcpy(copy->values, state->values, (Size) state->count * sizeof(int64));
	copy->count = state->count;
	copy->days_seen = state->days_seen;
	copy->fraction_null = state->fraction_null;
	copy->fraction = state->fraction;
	if (state->fractions != NULL)
	{
		copy->fractions = MemoryContextAlloc(cxt, VARSIZE(state->fractions));
		memcpy(copy->fractions, state->fractions, VARSIZE(state->fractions));
	}
	return copy;
}

/*
 * Transition, shared by the four aggregates: args (state, value, fraction).
 * Not strict: a NULL value is skipped, a NULL fraction recorded.
 */
static Datum
pct_trans(FunctionCallInfo fcinfo, bool durations, bool multi)
{
	PctState   *state = PG_ARGISNULL(0) ? NULL : (PctState *) PG_GETARG_POINTER(0);

	if (state == NULL)
	{
		MemoryContext aggcontext = pct_aggregate_context(fcinfo);

		state = pct_new_state(aggcontext, durations, multi, 0);
		state->fraction_null = PG_ARGISNULL(2);
		if (!state->fraction_null && multi)
		{
			ArrayType  *fractions = PG_GETARG_ARRAYTYPE_P(2);

			pct_check_fraction_array(fractions);
			state->fractions = MemoryContextAlloc(aggcontext, VARSIZE(fractions));
			memcpy(state->fractions, fractions, VARSIZE(fractions));
		}
		else if (!state->fraction_null)
		{
			state->fraction = PG_GETARG_FLOAT8(2);
			pct_check_fraction(state->fraction);
		}
	}
	else
		pct_check_same_fraction(fcinfo, state);

	if (!PG_ARGISNULL(1))
	{
		if (durations)
		{
			Interval   *span = PG_GETARG_INTERVAL_P(1);

			if (span->day != 0)
				state->days_seen = true;
			pct_append(state, pct_interval_key(span));
		}
		else
			pct_append(state, pct_float8_key(PG_GETARG_FLOAT8(1)));
	}
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(duration_percentile_trans);
/* Transition of duration_percentile(interval, float8). */
Datum
duration_percentile_trans(PG_FUNCTION_ARGS)
{
	return pct_trans(fcinfo, true, false);
}

PG_FUNCTION_INFO_V1(duration_percentile_array_trans);
/* Transition of duration_percentile(interval, float8[]). */
Datum
duration_percentile_array_trans(PG_FUNCTION_ARGS)
{
	return pct_trans(fcinfo, true, true);
}

PG_FUNCTION_INFO_V1(value_percentile_trans);
/* Transition of value_percentile(float8, float8). */
Datum
value_percentile_trans(PG_FUNCTION_ARGS)
{
	return pct_trans(fcinfo, false, false);
}

PG_FUNCTION_INFO_V1(value_percentile_array_trans);
/* Transition of value_percentile(float8, float8[]). */
Datum
value_percentile_array_trans(PG_FUNCTION_ARGS)
{
	return pct_trans(fcinfo, false, true);
}

PG_FUNCTION_INFO_V1(percentile_combine);
/*
 * Combine two partial states of one group (parallel aggregation): append
 * the second's values to the first, which is changed in place.
 */
Datum
percentile_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = pct_aggregate_context(fcinfo);
	PctState   *state = PG_ARGISNULL(0) ? NULL : (PctState *) PG_GETARG_POINTER(0);
	PctState   *other = PG_ARGISNULL(1) ? NULL : (PctState *) PG_GETARG_POINTER(1);

	if (other == NULL)
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(state);
	}
	/* the second state may live in a short-lived context: copy it */
	if (state == NULL)
		PG_RETURN_POINTER(pct_copy_state(aggcontext, other));

	pct_check_same_state_fraction(state, other);
	pct_reserve(state, state->count + other->count);
	memcpy(state->values + state->count, other->values,
		   (Size) other->count * sizeof(int64));
	state->count += other->count;
	state->days_seen |= other->days_seen;
	PG_RETURN_POINTER(state);
}

/*
 * Serialized state, all integers in network byte order:
 *
 *		uint8	flags (PCT_FLAG_*)
 *		float8	fraction				only one fraction, not NULL
 *		int32	length, then that many bytes of array_send output
 *										only an array of fractions, not NULL
 *		int64	count
 *		int64	key, count times
 */
PG_FUNCTION_INFO_V1(percentile_serialize);
/* Serialize a partial state to pass it from a parallel worker. */
Datum
percentile_serialize(PG_FUNCTION_ARGS)
{
	PctState   *state;
	StringInfoData buf;
	bytea	   *fractions = NULL;
	Size		header;
	int64		i;

	pct_aggregate_context(fcinfo);
	state = (PctState *) PG_GETARG_POINTER(0);

	header = 1 + sizeof(int64);
	if (!state->fraction_null && state->multi)
	{
		fractions = OidSendFunctionCall(F_ARRAY_SEND,
										PointerGetDatum(state->fractions));
		header += sizeof(int32) + VARSIZE(fractions) - VARHDRSZ;
	}
	else if (!state->fraction_null)
		header += sizeof(float8);
	if (state->count > (int64) ((MaxAllocSize - VARHDRSZ - 1 - header) / sizeof(int64)))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("percentile state is too large to pass between parallel processes"),
				 errdetail("A parallel worker holds %lld values; at most %lld can be passed.",
						   (long long) state->count,
						   (long long) ((MaxAllocSize - VARHDRSZ - 1 - header) / sizeof(int64))),
				 errhint("Run the query without parallel workers: SET max_parallel_workers_per_gather = 0.")));

	pq_begintypsend(&buf);
	enlargeStringInfo(&buf, (int) (header + (Size) state->count * sizeof(int64)));
	pq_sendbyte(&buf, (state->durations ? PCT_FLAG_DURATIONS : 0) |
				(state->multi ? PCT_FLAG_MULTI : 0) |
				(state->days_seen ? PCT_FLAG_DAYS_SEEN : 0) |
				(state->fraction_null ? PCT_FLAG_FRACTION_NULL : 0));
	if (fractions != NULL)
	{
		pq_sendint32(&buf, VARSIZE(fractions) - VARHDRSZ);
		pq_sendbytes(&buf, VARDATA(fractions), VARSIZE(fractions) - VARHDRSZ);
	}
	else if (!state->fraction_null)
		pq_sendfloat8(&buf, state->fraction);
	pq_sendint64(&buf, state->count);
	/* the buffer has room for every key: skip the per-call space check */
	for (i = 0; i < state->count; i++)
		pq_writeint64(&buf, (uint64) state->values[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* A serialized state that does not parse. */
static void
pct_corrupt_state(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid serialized percentile state"),
			 errdetail("%s", detail)));
}

PG_FUNCTION_INFO_V1(percentile_deserialize);
/*
 * Rebuild a partial state from its serialized form, checking every field:
 * a short or long buffer, unknown flags, bad fractions or a non-canonical
 * NaN key are errors, never a read past the end or a wrong order.
 */
Datum
percentile_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *serialized;
	StringInfoData buf;
	PctState   *state;
	int			flags;
	bool		durations;
	bool		multi;
	float8		fraction = 0.0;
	ArrayType  *fractions = NULL;
	int64		count;
	int64		i;

	pct_aggregate_context(fcinfo);
	serialized = PG_GETARG_BYTEA_PP(0);

	/* read the bytea in place; pq_getmsg* check every read against len */
	buf.data = VARDATA_ANY(serialized);
	buf.len = VARSIZE_ANY_EXHDR(serialized);
	buf.maxlen = buf.len;
	buf.cursor = 0;

	flags = pq_getmsgbyte(&buf);
	if ((flags & ~PCT_FLAGS_ALL) != 0)
		pct_corrupt_state("It has unrecognized flags.");
	durations = (flags & PCT_FLAG_DURATIONS) != 0;
	multi = (flags & PCT_FLAG_MULTI) != 0;
	if (!durations && (flags & PCT_FLAG_DAYS_SEEN) != 0)
		pct_corrupt_state("It has days but holds no durations.");

	if ((flags & PCT_FLAG_FRACTION_NULL) == 0 && multi)
	{
		int			length = pq_getmsgint(&buf, 4);
		StringInfoData array_buf;

		if (length < 0 || length > buf.len - buf.cursor)
			pct_corrupt_state("Its fraction array is truncated.");
		initStringInfo(&array_buf);
		appendBinaryStringInfo(&array_buf, pq_getmsgbytes(&buf, length), length);
		fractions = DatumGetArrayTypeP(OidReceiveFunctionCall(F_ARRAY_RECV,
															  &array_buf,
															  FLOAT8OID, -1));
		if (array_buf.cursor != array_buf.len)
			pct_corrupt_state("Its fraction array has trailing bytes.");
		pct_check_fraction_array(fractions);
	}
	else if ((flags & PCT_FLAG_FRACTION_NULL) == 0)
	{
		fraction = pq_getmsgfloat8(&buf);
		pct_check_fraction(fraction);
	}

	count = pq_getmsgint64(&buf);
	if (count < 0 || count != (buf.len - buf.cursor) / (int64) sizeof(int64) ||
		(buf.len - buf.cursor) % sizeof(int64) != 0)
		pct_corrupt_state("Its value count does not match its length.");

	state = pct_new_state(CurrentMemoryContext, durations, multi, count);
	state->days_seen = (flags & PCT_FLAG_DAYS_SEEN) != 0;
	state->fraction_null = (flags & PCT_FLAG_FRACTION_NULL) != 0;
	state->fraction = fraction;
	state->fractions = fractions;
	for (i = 0; i < count; i++)
	{
		int64		key = pq_getmsgint64(&buf);

		if (!durations && key != PCT_NAN_KEY && isnan(pct_key_float8(key)))
			pct_corrupt_state("It holds a non-canonical NaN.");
		state->values[i] = key;
	}
	state->count = count;
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(state);
}

/* ---------- selection ---------- */

static inline int64
pct_median3(int64 a, int64 b, int64 c)
{
	if (a < b)
	{
		if (b < c)
			return b;
		return a < c ? c : a;
	}
	if (a < c)
		return a;
	return b < c ? c : b;
}

/* A pivot value from a[lo..hi): median of 3, or ninther when long. */
static int64
pct_pivot(const int64 *a, int64 lo, int64 hi)
{
	int64		n = hi - lo;
	int64		mid = lo + n / 2;
	int64		step;

	if (n <= PCT_NINTHER_RANGE)
		return pct_median3(a[lo], a[mid], a[hi - 1]);
	step = n / 8;
	return pct_median3(pct_median3(a[lo], a[lo + step], a[lo + 2 * step]),
					   pct_median3(a[mid - step], a[mid], a[mid + step]),
					   pct_median3(a[hi - 1 - 2 * step], a[hi - 1 - step], a[hi - 1]));
}

/* Sort a[lo..hi) by insertion: short ranges. */
static void
pct_insertion_sort(int64 *a, int64 lo, int64 hi)
{
	int64		i,
				j;

	for (i = lo + 1; i < hi; i++)
	{
		int64		v = a[i];

		for (j = i; j > lo && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

/* Move a[root] down the max-heap a[base..base+n). */
static void
pct_sift_down(int64 *a, int64 base, int64 root, int64 n)
{
	int64		v = a[base + root];

	for (;;)
	{
		int64		child = 2 * root + 1;

		if (child >= n)
			break;
		if (child + 1 < n && a[base + child + 1] > a[base + child])
			child++;
		if (a[base + child] <= v)
			break;
		a[base + root] = a[base + child];
		root = child;
	}
	a[base + root] = v;
}

/* Heapsort a[lo..hi): the O(n log n) fallback past the depth limit. */
static void
pct_heap_sort(int64 *a, int64 lo, int64 hi)
{
	int64		n = hi - lo;
	int64		i;

	for (i = n / 2 - 1; i >= 0; i--)
		pct_sift_down(a, lo, i, n);
	for (i = n - 1; i > 0; i--)
	{
		int64		top = a[lo];

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		a[lo] = a[lo + i];
		a[lo + i] = top;
		pct_sift_down(a, lo, 0, i);
	}
}

/*
 * Multi-select: reorder a[lo..hi) so that a[k] is the value of rank k
 * (0-based in the whole array) for every k in ranks[0..nranks), which are
 * sorted, distinct and inside [lo, hi).  depth bounds the partitioning
 * rounds before falling back to a heapsort.
 */
static void
pct_select(int64 *a, int64 lo, int64 hi, const int64 *ranks, int nranks,
		   int depth)
{
	while (nranks > 0)
	{
		int64		pivot;
		int64		lt,
					gt,
					i;
		int			nleft,
					skip;

		CHECK_FOR_INTERRUPTS();
		if (hi - lo <= PCT_SMALL_RANGE)
		{
			pct_insertion_sort(a, lo, hi);
			return;
		}
		if (depth-- <= 0)
		{
			pct_heap_sort(a, lo, hi);
			return;
		}

		/*
		 * Three-way partition: a[lo..lt) < pivot, a[lt..gt) = pivot,
		 * a[gt..hi) > pivot.  The pivot is one of the values, so the middle
		 * block is never empty and both sides shrink.
		 */
		pivot = pct_pivot(a, lo, hi);
		lt = lo;
		i = lo;
		gt = hi;
		while (i < gt)
		{
			int64		v = a[i];

			if (v < pivot)
			{
				a[i++] = a[lt];
				a[lt++] = v;
			}
			else if (v > pivot)
			{
				a[i] = a[--gt];
				a[gt] = v;
			}
			else
				i++;
		}

		/* ranks in the middle block are final; recurse left, loop right */
		for (nleft = 0; nleft < nranks && ranks[nleft] < lt; nleft++)
			;
		for (skip = nleft; skip < nranks && ranks[skip] < gt; skip++)
			;
		if (nleft > 0)
			pct_select(a, lo, lt, ranks, nleft, depth);
		ranks += skip;
		nranks -= skip;
		lo = gt;
	}
}

static int
pct_rank_cmp(const void *pa, const void *pb)
{
	int64		a = *(const int64 *) pa;
	int64		b = *(const int64 *) pb;

	return a < b ? -1 : (a > b ? 1 : 0);
}

/* Sort ranks[0..n), drop duplicates, and select them all in one pass. */
static void
pct_select_ranks(PctState *state, int64 *ranks, int n)
{
	int			unique = 0;
	int			i;

	qsort(ranks, n, sizeof(int64), pct_rank_cmp);
	for (i = 0; i < n; i++)
		if (unique == 0 || ranks[i] != ranks[unique - 1])
			ranks[unique++] = ranks[i];
	pct_select(state->values, 0, state->count, ranks, unique,
			   2 * (pg_leftmost_one_pos64((uint64) state->count) + 1));
}

/* ---------- results ---------- */

/* The rows of one fraction, as percentile_cont computes them. */
typedef struct PctRows
{
	int64		lo;				/* floor(fraction * (n - 1)) */
	int64		hi;				/* ceil(fraction * (n - 1)) */
	double		proportion;		/* fraction * (n - 1) - lo */
} PctRows;

static PctRows
pct_rows(float8 fraction, int64 count)
{
	double		pos = fraction * (double) (count - 1);
	PctRows		rows;

	rows.lo = (int64) floor(pos);
	rows.hi = (int64) ceil(pos);
	rows.proportion = pos - floor(pos);
	return rows;
}

/* The percentile at rows, once the values of lo and hi are selected. */
static Datum
pct_result(const PctState *state, PctRows rows)
{
	if (state->durations)
	{
		Datum		lo = pct_key_interval(state, state->values[rows.lo]);
		Datum		hi;
		Datum		scaled;

		if (rows.hi == rows.lo)
			return lo;
		hi = pct_key_interval(state, state->values[rows.hi]);
		scaled = DirectFunctionCall2(interval_mul,
									 DirectFunctionCall2(interval_mi, hi, lo),
									 Float8GetDatum(rows.proportion));
		return DirectFunctionCall2(interval_pl, scaled, lo);
	}
	else
	{
		float8		lo = pct_key_float8(state->values[rows.lo]);
		float8		hi;

		if (rows.hi == rows.lo)
			return Float8GetDatum(lo);
		hi = pct_key_float8(state->values[rows.hi]);
		return Float8GetDatum(lo + (rows.proportion * (hi - lo)));
	}
}

/* Final step with one fraction; sets *isnull for NULL. */
static Datum
pct_final(FunctionCallInfo fcinfo, bool *isnull)
{
	PctState   *state;
	PctRows		rows;
	int64		ranks[2];

	pct_aggregate_context(fcinfo);
	state = (PctState *) PG_GETARG_POINTER(0);
	if (state->multi)
		elog(ERROR, "percentile state has an array of fractions");
	if (state->fraction_null || state->count == 0)
	{
		*isnull = true;
		return (Datum) 0;
	}
	rows = pct_rows(state->fraction, state->count);
	ranks[0] = rows.lo;
	ranks[1] = rows.hi;
	pct_select_ranks(state, ranks, 2);
	*isnull = false;
	return pct_result(state, rows);
}

/* Final step with an array of fractions: an array of the same shape. */
static Datum
pct_array_final(FunctionCallInfo fcinfo, bool *isnull)
{
	PctState   *state;
	Oid			elemtype;
	int			elemlen;
	bool		elembyval;
	Datum	   *fractions;
	bool	   *fraction_nulls;
	int			nfractions;
	int64	   *ranks;
	int			nranks = 0;
	Datum	   *results;
	int			i;

	pct_aggregate_context(fcinfo);
	state = (PctState *) PG_GETARG_POINTER(0);
	if (!state->multi)
		elog(ERROR, "percentile state has a single fraction");
	if (state->fraction_null || state->count == 0)
	{
		*isnull = true;
		return (Datum) 0;
	}
	*isnull = false;
	elemtype = state->durations ? INTERVALOID : FLOAT8OID;
	elemlen = state->durations ? sizeof(Interval) : sizeof(float8);
	elembyval = state->durations ? false : FLOAT8PASSBYVAL;

	pct_deconstruct_fractions(state->fractions, &fractions, &fraction_nulls,
							  &nfractions);
	if (nfractions == 0)
		return PointerGetDatum(construct_empty_array(elemtype));

	ranks = palloc(2 * nfractions * sizeof(int64));
	for (i = 0; i < nfractions; i++)
	{
		if (!fraction_nulls[i])
		{
			PctRows		rows = pct_rows(DatumGetFloat8(fractions[i]), state->count);

			ranks[nranks++] = rows.lo;
			ranks[nranks++] = rows.hi;
		}
	}
	if (nranks > 0)
		pct_select_ranks(state, ranks, nranks);

	results = palloc(nfractions * sizeof(Datum));
	for (i = 0; i < nfractions; i++)
	{
		results[i] = (Datum) 0;
		if (!fraction_nulls[i])
			results[i] = pct_result(state,
									pct_rows(DatumGetFloat8(fractions[i]),
											 state->count));
	}
	return PointerGetDatum(construct_md_array(results, fraction_nulls,
											  ARR_NDIM(state->fractions),
											  ARR_DIMS(state->fractions),
											  ARR_LBOUND(state->fractions),
											  elemtype, elemlen, elembyval,
											  TYPALIGN_DOUBLE));
}

PG_FUNCTION_INFO_V1(duration_percentile_final);
/* Final step of duration_percentile(interval, float8). */
Datum
duration_percentile_final(PG_FUNCTION_ARGS)
{
	bool		isnull;
	Datum		result = pct_final(fcinfo, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

PG_FUNCTION_INFO_V1(duration_percentile_array_final);
/* Final step of duration_percentile(interval, float8[]). */
Datum
duration_percentile_array_final(PG_FUNCTION_ARGS)
{
	bool		isnull;
	Datum		result = pct_array_final(fcinfo, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

PG_FUNCTION_INFO_V1(value_percentile_final);
/* Final step of value_percentile(float8, float8). */
Datum
value_percentile_final(PG_FUNCTION_ARGS)
{
	bool		isnull;
	Datum		result = pct_final(fcinfo, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

PG_FUNCTION_INFO_V1(value_percentile_array_final);
/* Final step of value_percentile(float8, float8[]). */
Datum
value_percentile_array_final(PG_FUNCTION_ARGS)
{
	bool		isnull;
	Datum		result = pct_array_final(fcinfo, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}
