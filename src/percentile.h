/*
 * percentile.h
 *		Exact percentiles (duration_percentile, value_percentile): the
 *		aggregate state and what its three source files share.
 *
 * percentile.c holds the definition, the sort keys and the final
 * functions; percentile_state.c the state's transition, combine and
 * serialization; percentile_select.c the selection of ranks.  The file
 * comment of percentile.c explains the design as a whole.
 */
#ifndef PERCENTILE_H
#define PERCENTILE_H

#include "postgres.h"
#include "compat.h"

#include <math.h>

#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/array.h"

#include "csmetrics.h"

/* Sort key of every NaN: the bits of the positive quiet NaN, above +Inf. */
#define PCT_NAN_KEY				INT64CONST(0x7FF8000000000000)

typedef struct PctState
{
	uint32		tag;			/* PCT_TAG: tells it from other internal
								 * states (pct_checked) */
	int64		count;			/* values held */
	int64		capacity;		/* slots allocated in values */
	int64	   *values;			/* sort keys, see percentile.c */
	bool		durations;		/* input is interval, else float8 */
	bool		multi;			/* fractions is an array */
	bool		days_seen;		/* some interval input had a day part */
	bool		fraction_null;	/* the fraction argument was NULL */
	float8		fraction;		/* !multi && !fraction_null: the fraction */
	ArrayType  *fractions;		/* multi && !fraction_null: the fractions */
} PctState;

#define PCT_TAG		0x9C7A5700u

/*
 * Argument argno as a percentile state, NULL if NULL; another aggregate's
 * internal state, passed by an aggregate of the user's own, is refused.
 */
static inline PctState *
pct_checked(FunctionCallInfo fcinfo, int argno)
{
	PctState   *state;

	if (PG_ARGISNULL(argno))
		return NULL;
	state = (PctState *) PG_GETARG_POINTER(argno);
	if (unlikely(state->tag != PCT_TAG))
		cs_state_mismatch(fcinfo, "percentile");
	return state;
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

/* percentile.c: interval keys */
extern int64 pct_interval_key(const Interval *span);
extern Datum pct_key_interval(const PctState *state, int64 usecs);

/* percentile_state.c: arguments */
extern MemoryContext pct_aggregate_context(FunctionCallInfo fcinfo);
extern void pct_deconstruct_fractions(ArrayType *fractions, Datum **elems,
									  bool **nulls, int *nelems);

/* percentile_select.c: put the values of the given ranks in place */
extern void pct_select_ranks(int64 *values, int64 count, int64 *ranks,
							 int nranks);

#endif							/* PERCENTILE_H */
