/*
 * status.h
 *		Internals of time_in_status shared by status.c (transition,
 *		combine), status_state.c (counted sets, the state type's layout and
 *		checks), status_io.c (text and binary forms), status_final.c (final
 *		functions) and legacy.c (the 0.1.0 entry points).  The design is
 *		described at the top of status.c.
 */
#ifndef STATUS_H
#define STATUS_H

#include "postgres.h"
#include "fmgr.h"
#include "datatype/timestamp.h"
#include "utils/timestamp.h"

#include "calendar.h"

#define TIS_CACHED		8			/* counted sets cached per call site */
#define TIS_COUNTED		0x80000000	/* in a change's id: status is counted */
#define TIS_ID_MASK		0x7FFFFFFF
#define TIS_ARG_COUNTED 3
#define TIS_ARG_CAL		4
/* as_of is the last argument of the forms that have it */
#define TIS_ARG_AS_OF(fcinfo)	(PG_NARGS() - 1)

/* A set of statuses: sorted in byte order, without repeats. */
typedef struct TisSet
{
	int			n;
	const char **str;
	const uint32 *len;
	Size		rawlen;			/* the array value it was built from, for */
	const char *raw;			/* the per-row check; NULL if deserialized */
} TisSet;

/*
 * A change: its time, split in two halves so that a change takes 12 bytes
 * (4-byte aligned), and the index of its status in the state's status
 * table with the counted flag.
 */
typedef struct TisChange
{
	uint32		at_hi;
	uint32		at_lo;
	uint32		id;				/* status index | TIS_COUNTED */
} TisChange;

static inline TimestampTz
tis_at(const TisChange *c)
{
	return (TimestampTz) (((uint64) c->at_hi << 32) | c->at_lo);
}

/*
 * The state, type status_state: one flat varlena (layout at the top of
 * status.c), updated in place by the transition and combine functions.
 *
 *		StsState		the header below
 *		calendar		with STS_HAS_CAL: the calendar value (4-byte
 *						header), padded to 4 bytes
 *		counted set		with STS_HAS_COUNTED: uint32 count, then each
 *						status as uint32 length and bytes padded to 4, in
 *						increasing byte order, without repeats
 *		changes			cap TisChange, n of them used
 *		status table	dictbytes of dictcap: each distinct status as a
 *						uint32 (length | TIS_COUNTED when counted) and
 *						its bytes padded to 4, in order of first use
 *
 * The calendar and counted set (parambytes in all) never change after the
 * state is made; two states have the same parameters exactly when their
 * flags, as_of and parameter bytes are equal.
 */
typedef struct StsState
{
	int32		vl_len_;
	uint8		version;		/* STS_VERSION */
	uint8		flags;			/* STS_* */
	uint16		unused;			/* zero */
	int32		n;				/* changes */
	int32		cap;			/* room for changes */
	int32		nstat;			/* statuses in the table */
	uint32		parambytes;		/* calendar and counted set */
	uint32		dictbytes;		/* bytes of the status table */
	uint32		dictcap;		/* room for it */
	TimestampTz as_of;			/* with STS_WITH_AS_OF; else 0 */
} StsState;

#define STS_VERSION			1
#define STS_WITH_CAL		1	/* a form with a calendar */
#define STS_HAS_CAL			2	/* ... and it is not NULL */
#define STS_WITH_AS_OF		4	/* a form with as_of */
#define STS_HAS_COUNTED		8	/* the counted array is not NULL */
#define STS_FLAGS			15
/* the largest state: a ticket's history is far smaller */
#define STS_MAX_BYTES		(64 * 1024 * 1024)
/* a new state's room: most tickets have at most 9 changes, 4 statuses */
#define STS_FIRST_CAP		9
#define STS_FIRST_DICT		64

#define STS_PAD(len)		TYPEALIGN(4, (len))
#define STS_PARAMS(s)		((char *) (s) + sizeof(StsState))
#define STS_CHANGES(s)		((TisChange *) (STS_PARAMS(s) + (s)->parambytes))
#define STS_DICT(s)			((char *) (STS_CHANGES(s) + (s)->cap))
#define STS_SIZE(parambytes, cap, dictcap) \
	(sizeof(StsState) + (Size) (parambytes) + (Size) (cap) * sizeof(TisChange) + (Size) (dictcap))

static inline uint32
sts_word(const char *p)
{
	uint32		w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/* The state's calendar, or NULL. */
static inline const struct varlena *
sts_cal(const StsState *s)
{
	return (s->flags & STS_HAS_CAL) ? (const struct varlena *) STS_PARAMS(s) : NULL;
}

/* The state's counted set (its count word), or NULL. */
static inline const char *
sts_counted(const StsState *s)
{
	const struct varlena *cal = sts_cal(s);

	if (!(s->flags & STS_HAS_COUNTED))
		return NULL;
	return STS_PARAMS(s) + (cal != NULL ? STS_PAD(VARSIZE(cal)) : 0);
}

/*
 * The index of a status in the state's table, with TIS_COUNTED when it is
 * counted; -1 when it is not there.  A ticket has few statuses: a walk.
 */
static inline int64
sts_find(const StsState *s, const char *str, uint32 len)
{
	const char *p = STS_DICT(s);
	const char *end = p + s->dictbytes;
	uint32		id = 0;

	while (p < end)
	{
		uint32		w = sts_word(p);
		uint32		l = w & TIS_ID_MASK;

		if (l == len && memcmp(p + sizeof(uint32), str, len) == 0)
			return id | (w & TIS_COUNTED);
		p += sizeof(uint32) + STS_PAD(l);
		id++;
	}
	return -1;
}

/* Byte order of two status texts: memcmp, then length (COLLATE "C"). */
static inline int
tis_textcmp(const char *a, uint32 alen, const char *b, uint32 blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
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

/* Whether a calendar copy holds these bytes. */
static inline bool
tis_cal_is(const struct varlena *cal, const char *data, Size len)
{
	return cal != NULL && VARSIZE(cal) - VARHDRSZ == len &&
		memcmp(VARDATA(cal), data, len) == 0;
}

/*
 * Per call site (fn_extra) of each support function: which arguments are
 * constants, and the values read from them; the counted sets met so far,
 * by the bytes of the array they came from; the calendar cache.
 */
typedef struct TisCall
{
	bool		inspected;		/* the fields up to image are set */
	bool		counted_const;	/* the counted argument is a constant */
	bool		cal_const;		/* the calendar argument is a constant */
	bool		as_of_const;	/* the as_of argument is a constant */
	const TisSet *const_counted;
	const struct varlena *const_cal;
	TimestampTz const_as_of;
	StsState   *image;			/* when all are constants: an empty state */
	int			nsets;
	const TisSet *sets[TIS_CACHED];
	CalCache   *calcache;		/* final function: deserialized calendars */
} TisCall;

/* Whether state s has the parameters of state t (flags, as_of, bytes). */
static inline bool
sts_same_params(const StsState *s, const StsState *t)
{
	return s->flags == t->flags && s->as_of == t->as_of &&
		s->parambytes == t->parambytes &&
		memcmp(STS_PARAMS(s), STS_PARAMS(t), s->parambytes) == 0;
}

/* status_state.c */
extern TisCall *tis_call(FunctionCallInfo fcinfo);
extern bool tis_arg_is_const(FunctionCallInfo fcinfo, int argno);
extern bool tis_set_equal(const TisSet *a, const TisSet *b);
extern bool tis_set_contains(const TisSet *set, const char *s, uint32 len);
extern TisSet *tis_set_build(const char **str, const uint32 *len, int n,
							 const char *raw, Size rawlen, MemoryContext cxt);
extern TisSet *tis_set_from_array(Datum value, MemoryContext cxt);
extern void tis_counted_mismatch(const TisSet *first, const TisSet *later);
extern void tis_cal_mismatch(FunctionCallInfo fcinfo,
							 const struct varlena *first,
							 const struct varlena *later);
extern StsState *sts_make(int flags, const TisSet *counted,
						  const struct varlena *cal, TimestampTz as_of,
						  int cap, uint32 dictcap);
extern TisSet *sts_counted_set(const StsState *s);
extern bool sts_counted_contains(const StsState *s, const char *str, uint32 len);
extern StsState *sts_resize(const StsState *s, int cap, uint32 dictcap);
extern StsState *sts_add_status(StsState *s, const char *str, uint32 len,
								uint32 *id);
extern void sts_too_large(void) pg_attribute_noreturn();
extern void sts_check(const StsState *s);
extern StsState *sts_state_arg(FunctionCallInfo fcinfo);
extern const StsState *sts_state_read(FunctionCallInfo fcinfo, int argno);
extern void sts_params_mismatch(FunctionCallInfo fcinfo, const StsState *first,
								const StsState *later) pg_attribute_noreturn();
extern const char **sts_status_texts(const StsState *s, uint32 **lens);

/*
 * Append one change: its time, and its status index | TIS_COUNTED.
 * Returns the state: a bigger copy, in the current memory context, when it
 * was full.
 */
static inline StsState *
sts_append(StsState *s, TimestampTz at, uint32 id)
{
	TisChange  *c;

	if (unlikely(s->n == s->cap))
		s = sts_resize(s, s->cap * 2, s->dictcap);
	c = &STS_CHANGES(s)[s->n++];
	c->at_hi = (uint32) ((uint64) at >> 32);
	c->at_lo = (uint32) at;
	c->id = id;
	return s;
}

#endif							/* STATUS_H */
