/*
 * status.h
 *		Internals of time_in_status shared by status.c (transition, combine,
 *		serialization), status_state.c (the status dictionary, counted sets,
 *		interning, the state), status_final.c (final functions) and
 *		status_resolution.c (the final functions of reopens and the
 *		resolution times).  The design is described at the top of status.c.
 */
#ifndef STATUS_H
#define STATUS_H

#include "postgres.h"
#include "compat.h"
#include "common/int.h"
#include "fmgr.h"
#include "datatype/timestamp.h"
#include "utils/timestamp.h"

#include "calendar.h"

#define TIS_CACHED		8			/* interned values per call site */
#define TIS_COUNTED		0x80000000	/* in a change's id: status is counted */
#define TIS_ID_MASK		0x7FFFFFFF
#if defined(__GNUC__) || defined(__clang__)
#define TIS_PREFETCH(p) __builtin_prefetch(p, 1)
#else
#define TIS_PREFETCH(p) ((void) 0)
#endif
#define TIS_ARG_COUNTED 3
#define TIS_ARG_CAL		4
/* as_of, or created_at, is the last argument of the forms that have it */
#define TIS_ARG_AS_OF(fcinfo)	(PG_NARGS() - 1)
#define TIS_ARG_CREATED(fcinfo) (PG_NARGS() - 1)
/* created_at of a group whose created_at is NULL (a real one is finite) */
#define TIS_NO_CREATED			DT_NOBEGIN

/* A set of statuses: sorted in byte order, without repeats. */
typedef struct TisSet
{
	int			n;
	const char **str;
	const uint32 *len;
	Size		rawlen;			/* the array value it was built from, for */
	const char *raw;			/* the per-row check; NULL if deserialized */
} TisSet;

/* A status of at most 8 bytes, zero-padded into key (text has no NUL). */
typedef struct TisQuick
{
	uint64		key;
	uint32		len;
	uint32		idp1;			/* id + 1; 0 when empty */
} TisQuick;

#define TIS_QUICK	16

/*
 * The distinct status texts seen at a call site, by id: a hash table, and
 * in front of it a small direct-mapped cache of short statuses.
 */
typedef struct TisDict
{
	TisQuick	quick[TIS_QUICK];
	MemoryContext cxt;
	const TisSet *flags_for;	/* the set counted[] is worked out for */
	int			n;
	int			cap;
	const char **str;
	uint32	   *len;
	uint32	   *hash;
	bool	   *counted;		/* whether in flags_for */
	int			nbuckets;		/* a power of 2, at least 2 * n */
	int32	   *bucket;			/* id + 1; 0 when empty */
} TisDict;

/* What a group's result depends on besides its changes. */
typedef struct TisParams
{
	bool		with_cal;		/* a form with a calendar */
	bool		with_as_of;		/* a form with as_of */
	bool		with_created;	/* a form with created_at (resolution times) */
	const TisSet *counted;		/* NULL: the counted argument is NULL */
	const struct varlena *cal;	/* NULL: no calendar, or a NULL one */
	TimestampTz as_of;			/* now, if with_as_of (else 0) */
	TimestampTz created_at;		/* if with_created (else 0); TIS_NO_CREATED
								 * when NULL */
	TisDict    *dict;			/* of the state's status ids */
} TisParams;

/*
 * A change: its time, split in two halves so that a change takes 12 bytes
 * (4-byte aligned), and its status id with the counted flag.
 */
typedef struct TisChange
{
	uint32		at_hi;
	uint32		at_lo;
	uint32		id;				/* status id | TIS_COUNTED */
} TisChange;

static inline TimestampTz
tis_at(const TisChange *c)
{
	return (TimestampTz) (((uint64) c->at_hi << 32) | c->at_lo);
}

/*
 * One allocation, the changes right after the header, so that adding a
 * change touches one or two cache lines.  A state starts in 64 bytes, one
 * cache line, and grows by reallocation, doubling; as the state type is
 * internal (passed by value), the transition function returns the moved
 * state.
 *
 * The changes are kept in one of two forms.  The compact form, in which a
 * state starts, packs a change into 32 bits (TIS_K_*): its time as whole
 * seconds from base, within TIS_K_SECONDS either way, and its status id,
 * below TIS_K_IDS, with the counted flag.  Helpdesks record status changes
 * to the second and a ticket's history spans days, so a typical ticket (up
 * to 10 changes) fits in the first 64 bytes: in a GROUP BY over many
 * tickets the states' memory is most of the aggregate's cost, and the wide
 * form took 144 bytes (measured in bench/status.sql).  The first change
 * that does not fit (a fraction of a second, a time too far from base, or
 * a later status id) turns the state into the wide form (TisChange, 12
 * bytes each, base TIS_WIDE) for good.  Readers go through tis_changes(),
 * which decodes a compact state into a TisChange array.
 */
typedef struct TisState
{
	const TisParams *params;
	int32		n;
	uint32		tag_lg;			/* TIS_TAG | log2 of the allocation's bytes */
	TimestampTz base;			/* compact: time of offset 0; else TIS_WIDE */
	TisChange	c[FLEXIBLE_ARRAY_MEMBER];	/* wide form; compact: uint32s */
} TisState;

/*
 * The tag tells a time in status state from another aggregate's internal
 * state, which an aggregate of the user's own could pass to these support
 * functions: they refuse it (tis_checked) rather than read it.
 */
#define TIS_TAG				0x7153A700u
#define TIS_TAG_MASK		0xFFFFFF00u
#define TIS_HAS_TAG(state)	(((state)->tag_lg & TIS_TAG_MASK) == TIS_TAG)

#define TIS_WIDE			DT_NOEND	/* base of a wide state (no change is
										 * infinite) */
#define TIS_IS_WIDE(state)	((state)->base == TIS_WIDE)
#define TIS_K(state)		((uint32 *) (state)->c)
#define TIS_K_IDBITS		6
#define TIS_K_IDS			(1 << TIS_K_IDBITS)	/* status ids that fit */
#define TIS_K_COUNTED		(1 << TIS_K_IDBITS)
#define TIS_K_SHIFT			(TIS_K_IDBITS + 1)
#define TIS_K_SECONDS		(INT64CONST(1) << (31 - TIS_K_SHIFT))	/* 194 days */
#define TIS_HEADER			offsetof(TisState, c)
#define TIS_SIZE(cap, wide) (TIS_HEADER + (Size) (cap) * ((wide) ? sizeof(TisChange) : sizeof(uint32)))
#define TIS_FIRST_LG		6		/* the first allocation: 64 bytes */
/* whether the state's allocation has no room for one more change */
#define TIS_FULL(state) \
	(TIS_SIZE((state)->n + 1, TIS_IS_WIDE(state)) > ((Size) 1 << ((state)->tag_lg & 0xFF)))

/* Per call site (fn_extra) of each support function. */
typedef struct TisCall
{
	bool		solved_set;		/* the array is the solved statuses of the
								 * resolution aggregates: NULL, or NULL
								 * elements, are errors */
	bool		inspected;		/* the next nine fields are set */
	bool		counted_const;	/* the counted argument is a constant */
	bool		cal_const;		/* the calendar argument is a constant */
	bool		as_of_const;	/* the as_of argument is a constant */
	bool		created_const;	/* the created_at argument is a constant */
	const TisSet *const_counted;
	const struct varlena *const_cal;
	TimestampTz const_as_of;
	TimestampTz const_created;
	const TisParams *const_params;	/* when all are constants */
	int			nsets;
	const TisSet *sets[TIS_CACHED];
	int			ncals;
	const struct varlena *cals[TIS_CACHED];
	int			nparams;
	const TisParams *params[TIS_CACHED];
	TisDict    *dict;
	CalCache   *calcache;		/* final function: deserialized calendars */
} TisCall;

/* Byte order of two status texts: memcmp, then length (COLLATE "C"). */
static inline int
tis_textcmp(const char *a, uint32 alen, const char *b, uint32 blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/* status_state.c, needed by the inline functions below */
extern uint32 tis_dict_id(TisDict *dict, const char *s, uint32 len);
extern TisState *tis_grow(TisState *state);
extern TisState *tis_widen(TisState *state);
pg_noreturn extern void tis_not_a_state(FunctionCallInfo fcinfo);

/* The id of a status text, through the cache for short ones. */
static inline uint32
tis_dict_lookup(TisDict *dict, const char *s, uint32 len)
{
	uint64		key = 0;
	TisQuick   *q;
	uint32		id;
	uint32		i;

	if (len > sizeof(uint64))
		return tis_dict_id(dict, s, len);
	for (i = 0; i < len; i++)
		key |= (uint64) (unsigned char) s[i] << (8 * i);
	q = &dict->quick[((key * UINT64CONST(0x9E3779B97F4A7C15)) >> 59 ^ len) & (TIS_QUICK - 1)];
	if (q->idp1 != 0 && q->key == key && q->len == len)
		return q->idp1 - 1;
	id = tis_dict_id(dict, s, len);
	q->key = key;
	q->len = len;
	q->idp1 = id + 1;
	return id;
}

/* Byte order of two statuses of a dictionary. */
static inline int
tis_dict_cmp(const TisDict *dict, uint32 a, uint32 b)
{
	if (a == b)
		return 0;
	return tis_textcmp(dict->str[a], dict->len[a], dict->str[b], dict->len[b]);
}

/*
 * Append one change: its time, and its status id | TIS_COUNTED.  Returns
 * the state, which may have moved.
 */
static inline TisState *
tis_append(TisState *state, TimestampTz at, uint32 id)
{
	TisChange  *c;

	if (unlikely(!TIS_HAS_TAG(state)))
		tis_not_a_state(NULL);
	if (likely(!TIS_IS_WIDE(state)))
	{
		int64		usecs;
		int64		secs;
		uint32		k = id & TIS_ID_MASK;

		if (state->n == 0)
			state->base = at;
		/* finite times, but the difference may not fit in 64 bits */
		if (unlikely(pg_sub_s64_overflow(at, state->base, &usecs)))
			usecs = 1;			/* not whole seconds: widen */
		secs = usecs / USECS_PER_SEC;
		if (likely(secs * USECS_PER_SEC == usecs && k < TIS_K_IDS &&
				   secs < TIS_K_SECONDS && secs >= -TIS_K_SECONDS))
		{
			if (unlikely(TIS_FULL(state)))
				state = tis_grow(state);
			TIS_K(state)[state->n++] = ((uint32) secs << TIS_K_SHIFT) | k |
				((id & TIS_COUNTED) ? TIS_K_COUNTED : 0);
			return state;
		}
		state = tis_widen(state);
	}
	if (unlikely(TIS_FULL(state)))
		state = tis_grow(state);
	c = &state->c[state->n++];
	c->at_hi = (uint32) ((uint64) at >> 32);
	c->at_lo = (uint32) at;
	c->id = id;
	return state;
}

static inline TimestampTz
tis_checked_time(TimestampTz t)
{
	if (unlikely(TIMESTAMP_NOT_FINITE(t)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("status change time must be finite"),
				 errdetail("Got %s.", timestamptz_to_str(t)),
				 errhint("Leave out changes without a real time, or pass NULL.")));
	return t;
}

/*
 * total plus the time from a to b, in business microseconds with a
 * calendar, else in microseconds; an error when it does not fit in 64 bits
 * (a history from 4713 BC to 294276 AD), as interval arithmetic gives.
 */
static inline int64
tis_span_add(int64 total, TimestampTz a, TimestampTz b, const Calendar *cal)
{
	int64		span = 0;
	bool		overflow = false;

	if (cal != NULL)
		span = CalBusinessMicroseconds(cal, a, b);
	else
		overflow = pg_sub_s64_overflow(b, a, &span);
	if (unlikely(overflow || pg_add_s64_overflow(total, span, &total)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("interval out of range"),
				 errdetail("The time up to %s does not fit in an interval.",
						   timestamptz_to_str(b)),
				 errhint("Look for change times far from the others, such as a mistyped year.")));
	return total;
}

/* Whether a calendar copy holds these bytes. */
static inline bool
tis_cal_is(const struct varlena *cal, const char *data, Size len)
{
	return cal != NULL && VARSIZE(cal) - VARHDRSZ == len &&
		memcmp(VARDATA(cal), data, len) == 0;
}

/* Argument argno as a time in status state, NULL if NULL; refused if not one. */
static inline TisState *
tis_checked(FunctionCallInfo fcinfo, int argno)
{
	TisState   *state;

	if (PG_ARGISNULL(argno))
		return NULL;
	state = (TisState *) PG_GETARG_POINTER(argno);
	if (unlikely(!TIS_HAS_TAG(state)))
		tis_not_a_state(fcinfo);
	return state;
}

/* status_state.c */
extern TisCall *tis_call(FunctionCallInfo fcinfo);
extern bool tis_arg_is_const(FunctionCallInfo fcinfo, int argno);
extern TisDict *tis_dict(FunctionCallInfo fcinfo, TisCall *call);
extern bool tis_set_equal(const TisSet *a, const TisSet *b);
extern bool tis_set_contains(const TisSet *set, const char *s, uint32 len);
extern TisSet *tis_set_build(const char **str, const uint32 *len, int n,
							 const char *raw, Size rawlen, MemoryContext cxt);
extern TisSet *tis_set_from_array(Datum value, MemoryContext cxt);
extern void tis_counted_mismatch(const TisSet *first, const TisSet *later);
extern void tis_cal_mismatch(FunctionCallInfo fcinfo,
							 const struct varlena *first,
							 const struct varlena *later);
extern const TisSet *tis_intern_set(FunctionCallInfo fcinfo, TisCall *call,
									const TisSet *set, MemoryContext cxt);
extern const struct varlena *tis_intern_cal(FunctionCallInfo fcinfo,
											TisCall *call, const char *data,
											Size len, MemoryContext cxt);
extern const TisParams *tis_intern_params(FunctionCallInfo fcinfo,
										  TisCall *call, const TisParams *key,
										  MemoryContext cxt);
extern TisState *tis_new_state(MemoryContext cxt, const TisParams *params);

extern const TisChange *tis_changes(const TisState *state);

/* status_final.c */
extern const TisChange *tis_canonical(const TisState *state);
extern const Calendar *tis_calendar(FunctionCallInfo fcinfo, const TisParams *params);

#endif							/* STATUS_H */
