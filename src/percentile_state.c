/*
 * percentile_state.c
 *		The aggregate state of the exact percentiles (percentile.h): the
 *		transition functions and the checks of their fraction argument,
 *		combine, and serialization for parallel plans.
 *
 * State (PctState, in the aggregate memory context): every non-NULL input
 * as an int64 sort key (percentile.c explains the keys) in a growable
 * array, plus the fraction(s) of the first row.  The fraction is an
 * ordinary argument, evaluated on every row: it must be the same on every
 * row of a group (NULL included), which is checked.  A fraction outside
 * [0, 1], or NaN, is an error as soon as a row is aggregated.
 *
 * Parallel plans: combine appends the second state's values to the first;
 * the serialized form (field by field below) is checked entirely on the
 * way back in.  A worker can pass at most ~134 million values (a bytea is
 * limited to 1 GB); beyond that it is a clean error.
 */
#include "postgres.h"
#include "compat.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/float.h"
#include "utils/fmgroids.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "csmetrics.h"
#include "percentile.h"

/* Slots of a new state's values array; it doubles when full. */
#define PCT_INITIAL_CAPACITY	8

/* Flag bits, the first byte of the serialized state. */
#define PCT_FLAG_DURATIONS		0x01	/* interval input, else float8 */
#define PCT_FLAG_MULTI			0x02	/* an array of fractions */
#define PCT_FLAG_DAYS_SEEN		0x04	/* some interval input had days */
#define PCT_FLAG_FRACTION_NULL	0x08	/* the fraction argument was NULL */
#define PCT_FLAGS_ALL			0x0F

/* ---------- arguments and checks ---------- */

/*
 * The aggregate memory context; an error when a support function is called
 * on its own, since its internal state can only come from an aggregate.
 */
MemoryContext
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
void
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

/* ---------- the state ---------- */

/* A new, empty state in cxt, with room for capacity values. */
static PctState *
pct_new_state(MemoryContext cxt, bool durations, bool multi, int64 capacity)
{
	PctState   *state = MemoryContextAllocZero(cxt, sizeof(PctState));

	state->tag = PCT_TAG;
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
	PctState   *state = pct_checked(fcinfo, 0);

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
	PctState   *state = pct_checked(fcinfo, 0);
	PctState   *other = pct_checked(fcinfo, 1);

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
	state = pct_checked(fcinfo, 0);

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

	cs_bytea_reader(&buf, serialized);

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
