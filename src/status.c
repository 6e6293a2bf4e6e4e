/*
 * status.c
 *		Time in status: time_in_status and time_in_status_seconds, with an
 *		optional business calendar.
 *
 * Definition (../shared/metrics.md): a ticket's status history has one row
 * per status change (changed_at, status).  Each status lasts from its
 * change until the next change, and the latest one until the transaction
 * time, now().  The result is the total time the ticket spent in any of the
 * statuses of the counted array; with a calendar, the business time of
 * those spans (CalBusinessMicroseconds, calendar.h).
 *
 * Input order never matters: the changes are put in one canonical order,
 * by time and, at equal times, by the status text in byte order (the order
 * of COLLATE "C").  Of changes made at the same instant only the last in
 * that order lasts; the others last zero time.  The rule depends on the
 * status only, not on the counted array, so the times of the statuses of a
 * ticket always add up to its whole history, whichever statuses are
 * counted.  Two rows with the same time and status are one change.
 * Statuses match the counted ones by exact text (bytes), regardless of
 * collation.
 *
 * The clock stops at now(): a change dated after now() has not happened
 * yet, so a status lasts until the next change or now(), whichever comes
 * first, and a change after now() adds nothing.  A ticket never in a
 * counted status gets zero; a group without rows (NULL changed_at or
 * status rows are skipped) gets NULL.  The counted array (a set: order and
 * repeats do not matter, NULL elements match nothing) and the calendar are
 * parameters: they must be the same on every row of a group, NULL
 * included, which is checked; a NULL one makes the result NULL.  Infinite
 * change times are an error.
 *
 * State (TisState, in the aggregate memory context): the group's
 * parameters, and each change as its time and a status id with a counted
 * flag (12 bytes), in one allocation: 128 bytes for up to 9 changes, then
 * doubling.  Status texts are kept once per query, in a dictionary of the
 * call site (TisDict: a hash table from text to id, with a small cache of
 * short statuses in front), and are only needed to order changes made at
 * the same instant; the counted flag of a status is worked out when it
 * enters the dictionary.  A row thus costs a dictionary lookup and a
 * 12-byte append.  The final function checks whether the changes are in
 * canonical order (they usually come in time order), sorts a copy if not,
 * and sums the spans of runs of counted changes, each clipped at now(),
 * with one calendar call per run in the business-time form.  It leaves the
 * state as it found it.
 *
 * The parameters (TisParams: counted set, calendar, dictionary) are shared
 * by the groups that have the same ones: kept once per query in the
 * support function's fn_extra, up to TIS_CACHED distinct values (past
 * that, copied into the aggregate context per group).  When an argument is
 * a constant, as it usually is, it is read on the first row only.
 * Otherwise each row's value is compared with its group's: bytes first,
 * then as a set.
 *
 * Parallel plans: combine appends the second state's changes to the first
 * (through the status text if the two use different dictionaries); the
 * serialized form is described above time_in_status_serialize and checked
 * field by field on the way back in.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "nodes/primnodes.h"
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "conversation.h"

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
	bool		with_cal;		/* the four-argument form */
	const TisSet *counted;		/* NULL: the counted argument is NULL */
	const struct varlena *cal;	/* NULL: no calendar, or a NULL one */
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
 * change touches one or two cache lines.  A state starts in 128 bytes (9
 * changes: most tickets) and grows by reallocation, doubling; as the state
 * type is internal (passed by value), the transition function returns the
 * moved state.
 */
typedef struct TisState
{
	const TisParams *params;
	int32		n;
	int32		cap;
	TisChange	c[FLEXIBLE_ARRAY_MEMBER];
} TisState;

#define TIS_SIZE(cap)		(offsetof(TisState, c) + (Size) (cap) * sizeof(TisChange))
#define TIS_CAP(size)		((int) (((size) - offsetof(TisState, c)) / sizeof(TisChange)))
#define TIS_FIRST_SIZE		128

/* Per call site (fn_extra) of each support function. */
typedef struct TisCall
{
	bool		inspected;		/* the next three fields are set */
	bool		counted_const;	/* the counted argument is a constant */
	bool		cal_const;		/* the calendar argument is a constant */
	const TisSet *const_counted;
	const struct varlena *const_cal;
	const TisParams *const_params;	/* when both are constants */
	int			nsets;
	const TisSet *sets[TIS_CACHED];
	int			ncals;
	const struct varlena *cals[TIS_CACHED];
	int			nparams;
	const TisParams *params[TIS_CACHED];
	TisDict    *dict;
	CalCache   *calcache;		/* final function: deserialized calendars */
} TisCall;

/* ---------- helpers ---------- */

/* Byte order of two status texts: memcmp, then length (COLLATE "C"). */
static inline int
tis_textcmp(const char *a, uint32 alen, const char *b, uint32 blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

static TisCall *
tis_call(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
														  sizeof(TisCall));
	return (TisCall *) fcinfo->flinfo->fn_extra;
}

static MemoryContext
tis_agg_context(FunctionCallInfo fcinfo, const char *what)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "%s called in non-aggregate context", what);
	return aggcontext;
}

/* The aggregate's argument argno (1-based), or NULL when unknown. */
static Expr *
tis_agg_arg(FunctionCallInfo fcinfo, int argno)
{
	Aggref	   *aggref = AggGetAggref(fcinfo);

	if (aggref == NULL || list_length(aggref->args) < argno)
		return NULL;
	return list_nth_node(TargetEntry, aggref->args, argno - 1)->expr;
}

static bool
tis_arg_is_const(FunctionCallInfo fcinfo, int argno)
{
	Expr	   *arg = tis_agg_arg(fcinfo, argno);

	return arg != NULL && IsA(arg, Const);
}

/* ---------- the status dictionary ---------- */

static TisDict *
tis_dict(FunctionCallInfo fcinfo, TisCall *call)
{
	if (call->dict == NULL)
	{
		TisDict    *dict = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(TisDict));

		dict->cxt = fcinfo->flinfo->fn_mcxt;
		call->dict = dict;
	}
	return call->dict;
}

static bool tis_set_contains(const TisSet *set, const char *s, uint32 len);

/* The id of a status text, added if new. */
static uint32
tis_dict_id(TisDict *dict, const char *s, uint32 len)
{
	uint32		h = hash_bytes((const unsigned char *) s, (int) len);
	int			mask = dict->nbuckets - 1;
	int			i;
	int32		id;

	if (dict->nbuckets > 0)
	{
		for (i = h & mask; dict->bucket[i] != 0; i = (i + 1) & mask)
		{
			id = dict->bucket[i] - 1;
			if (dict->hash[id] == h && dict->len[id] == len &&
				memcmp(dict->str[id], s, len) == 0)
				return (uint32) id;
		}
	}

	/* a new status */
	if (dict->n == dict->cap)
	{
		int			cap = Max(16, dict->cap * 2);

		if (dict->cap >= (int) (MaxAllocSize / sizeof(char *) / 2))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many distinct statuses"),
					 errdetail("The limit is %d distinct statuses per query.", dict->cap)));
		if (dict->str == NULL)
		{
			dict->str = MemoryContextAlloc(dict->cxt, cap * sizeof(char *));
			dict->len = MemoryContextAlloc(dict->cxt, cap * sizeof(uint32));
			dict->hash = MemoryContextAlloc(dict->cxt, cap * sizeof(uint32));
			dict->counted = MemoryContextAlloc(dict->cxt, cap * sizeof(bool));
		}
		else
		{
			dict->str = repalloc(dict->str, cap * sizeof(char *));
			dict->len = repalloc(dict->len, cap * sizeof(uint32));
			dict->hash = repalloc(dict->hash, cap * sizeof(uint32));
			dict->counted = repalloc(dict->counted, cap * sizeof(bool));
		}
		dict->cap = cap;
	}
	id = dict->n++;
	dict->str[id] = memcpy(MemoryContextAlloc(dict->cxt, Max(len, 1)), s, len);
	dict->len[id] = len;
	dict->hash[id] = h;
	dict->counted[id] = dict->flags_for != NULL &&
		tis_set_contains(dict->flags_for, s, len);

	if (dict->n * 2 > dict->nbuckets)
	{
		/* rebuild the table at twice the size (or more) */
		int			nb = Max(64, dict->nbuckets * 2);
		int			k;

		if (dict->bucket != NULL)
			pfree(dict->bucket);
		dict->bucket = MemoryContextAllocZero(dict->cxt, nb * sizeof(int32));
		dict->nbuckets = nb;
		mask = nb - 1;
		for (k = 0; k < dict->n; k++)
		{
			for (i = dict->hash[k] & mask; dict->bucket[i] != 0; i = (i + 1) & mask)
				;
			dict->bucket[i] = k + 1;
		}
	}
	else
	{
		for (i = h & mask; dict->bucket[i] != 0; i = (i + 1) & mask)
			;
		dict->bucket[i] = id + 1;
	}
	return (uint32) id;
}

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

/* ---------- counted sets ---------- */

static bool
tis_set_equal(const TisSet *a, const TisSet *b)
{
	int			i;

	if (a == b)
		return true;
	if (a == NULL || b == NULL || a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->len[i] != b->len[i] || memcmp(a->str[i], b->str[i], a->len[i]) != 0)
			return false;
	return true;
}

static bool
tis_set_contains(const TisSet *set, const char *s, uint32 len)
{
	int			lo = 0;
	int			hi = set->n - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = tis_textcmp(set->str[mid], set->len[mid], s, len);

		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

/*
 * A set in cxt from n texts (sorted and made unique here), remembering raw
 * (the array value's bytes) if given.  One allocation.
 */
static TisSet *
tis_set_build(const char **str, const uint32 *len, int n, const char *raw,
			  Size rawlen, MemoryContext cxt)
{
	int		   *order = palloc(Max(n, 1) * sizeof(int));
	Size		bytes = 0;
	int			kept = 0;
	int			i;
	TisSet	   *set;
	char	   *p;
	const char **sstr;
	uint32	   *slen;

	/* insertion sort of indexes: counted arrays are short */
	for (i = 0; i < n; i++)
	{
		int			j = kept;
		int			c = 1;

		while (j > 0 &&
			   (c = tis_textcmp(str[order[j - 1]], len[order[j - 1]], str[i], len[i])) > 0)
			j--;
		if (j > 0 && c == 0)
			continue;			/* a repeat */
		memmove(order + j + 1, order + j, (kept - j) * sizeof(int));
		order[j] = i;
		kept++;
		bytes += len[i];
	}

	set = MemoryContextAlloc(cxt, MAXALIGN(sizeof(TisSet)) +
							 MAXALIGN(Max(kept, 1) * sizeof(char *)) +
							 MAXALIGN(Max(kept, 1) * sizeof(uint32)) + bytes + rawlen + 1);
	sstr = (const char **) ((char *) set + MAXALIGN(sizeof(TisSet)));
	slen = (uint32 *) ((char *) sstr + MAXALIGN(Max(kept, 1) * sizeof(char *)));
	p = (char *) slen + MAXALIGN(Max(kept, 1) * sizeof(uint32));
	for (i = 0; i < kept; i++)
	{
		memcpy(p, str[order[i]], len[order[i]]);
		sstr[i] = p;
		slen[i] = len[order[i]];
		p += len[order[i]];
	}
	set->n = kept;
	set->str = sstr;
	set->len = slen;
	set->rawlen = rawlen;
	set->raw = NULL;
	if (raw != NULL)
	{
		memcpy(p, raw, rawlen);
		set->raw = p;
	}
	pfree(order);
	return set;
}

/* The set of the non-NULL elements of a text array value, in cxt. */
static TisSet *
tis_set_from_array(Datum value, MemoryContext cxt)
{
	struct varlena *packed = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(value));
	ArrayType  *arr = DatumGetArrayTypeP(value);
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	const char **str;
	uint32	   *len;
	int			n = 0;
	int			i;
	TisSet	   *set;

	if (ARR_ELEMTYPE(arr) != TEXTOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("counted statuses must be an array of text")));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &nulls, &nelems);
	str = palloc(Max(nelems, 1) * sizeof(char *));
	len = palloc(Max(nelems, 1) * sizeof(uint32));
	for (i = 0; i < nelems; i++)
	{
		if (nulls[i])
			continue;
		str[n] = VARDATA_ANY(DatumGetPointer(elems[i]));
		len[n] = VARSIZE_ANY_EXHDR(DatumGetPointer(elems[i]));
		n++;
	}
	set = tis_set_build(str, len, n, VARDATA_ANY(packed),
						VARSIZE_ANY_EXHDR(packed), cxt);
	pfree(str);
	pfree(len);
	return set;
}

/* A set as an array literal, for messages. */
static char *
tis_set_text(const TisSet *set)
{
	StringInfoData buf;
	int			i;
	uint32		k;

	if (set == NULL)
		return "NULL";
	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (i = 0; i < set->n; i++)
	{
		if (i > 0)
			appendStringInfoChar(&buf, ',');
		appendStringInfoChar(&buf, '"');
		for (k = 0; k < set->len[i]; k++)
		{
			char		c = set->str[i][k];

			if (c == '"' || c == '\\')
				appendStringInfoChar(&buf, '\\');
			appendStringInfoChar(&buf, c);
		}
		appendStringInfoChar(&buf, '"');
	}
	appendStringInfoChar(&buf, '}');
	return buf.data;
}

/* A calendar value's text, for messages, when its type can be found. */
static char *
tis_cal_text(FunctionCallInfo fcinfo, const struct varlena *cal)
{
	Expr	   *arg;
	Oid			output;
	bool		isvarlena;

	if (cal == NULL)
		return "NULL";
	arg = tis_agg_arg(fcinfo, TIS_ARG_CAL);
	if (arg == NULL)
		return "another calendar";
	getTypeOutputInfo(exprType((Node *) arg), &output, &isvarlena);
	return psprintf("'%s'", OidOutputFunctionCall(output, PointerGetDatum(cal)));
}

static void
tis_counted_mismatch(const TisSet *first, const TisSet *later)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("counted statuses must be the same for every row of a group"),
			 errdetail("The group's first row counts %s, a later row %s.",
					   tis_set_text(first), tis_set_text(later)),
			 errhint("Pass the same array on every row: a constant, or one that depends only on the GROUP BY columns.")));
}

static void
tis_cal_mismatch(FunctionCallInfo fcinfo, const struct varlena *first,
				 const struct varlena *later)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("calendar must be the same for every row of a group"),
			 errdetail("The group's first row has %s, a later row %s.",
					   tis_cal_text(fcinfo, first), tis_cal_text(fcinfo, later)),
			 errhint("Pass the same calendar on every row: a constant, or one that depends only on the GROUP BY columns.")));
}

/* ---------- interning ---------- */

/*
 * A long-lived set equal to set: the call site's copy, a new one there if
 * there is room, else a copy in cxt (the state's aggregate context).
 */
static const TisSet *
tis_intern_set(FunctionCallInfo fcinfo, TisCall *call, const TisSet *set,
			   MemoryContext cxt)
{
	int			i;

	if (set == NULL)
		return NULL;
	for (i = 0; i < call->nsets; i++)
		if (tis_set_equal(call->sets[i], set))
			return call->sets[i];
	if (call->nsets < TIS_CACHED)
		cxt = fcinfo->flinfo->fn_mcxt;
	set = tis_set_build(set->str, set->len, set->n, set->raw, set->rawlen, cxt);
	if (call->nsets < TIS_CACHED)
		call->sets[call->nsets++] = set;
	return set;
}

/* Whether a calendar copy holds these bytes. */
static inline bool
tis_cal_is(const struct varlena *cal, const char *data, Size len)
{
	return cal != NULL && VARSIZE(cal) - VARHDRSZ == len &&
		memcmp(VARDATA(cal), data, len) == 0;
}

/* A long-lived calendar value with these bytes, as tis_intern_set. */
static const struct varlena *
tis_intern_cal(FunctionCallInfo fcinfo, TisCall *call, const char *data,
			   Size len, MemoryContext cxt)
{
	struct varlena *cal;
	int			i;

	for (i = 0; i < call->ncals; i++)
		if (tis_cal_is(call->cals[i], data, len))
			return call->cals[i];
	if (call->ncals < TIS_CACHED)
		cxt = fcinfo->flinfo->fn_mcxt;
	cal = MemoryContextAlloc(cxt, VARHDRSZ + len);
	SET_VARSIZE(cal, VARHDRSZ + len);
	memcpy(VARDATA(cal), data, len);
	if (call->ncals < TIS_CACHED)
		call->cals[call->ncals++] = cal;
	return cal;
}

/* Whether p is one of the call site's interned values. */
static bool
tis_is_cached(const void *p, const void *const *cache, int n)
{
	int			i;

	if (p == NULL)
		return true;
	for (i = 0; i < n; i++)
		if (cache[i] == p)
			return true;
	return false;
}

/*
 * The parameters of a new group, from interned (or group-owned) counted
 * set and calendar: shared through the call site when both are interned
 * there, else owned by the group (cxt).
 */
static const TisParams *
tis_intern_params(FunctionCallInfo fcinfo, TisCall *call, bool with_cal,
				  const TisSet *counted, const struct varlena *cal,
				  MemoryContext cxt)
{
	TisParams  *params;
	bool		shareable;
	int			i;

	for (i = 0; i < call->nparams; i++)
		if (call->params[i]->with_cal == with_cal &&
			call->params[i]->counted == counted && call->params[i]->cal == cal)
			return call->params[i];
	shareable = call->nparams < TIS_CACHED &&
		tis_is_cached(counted, (const void *const *) call->sets, call->nsets) &&
		tis_is_cached(cal, (const void *const *) call->cals, call->ncals);
	params = MemoryContextAlloc(shareable ? fcinfo->flinfo->fn_mcxt : cxt,
								sizeof(TisParams));
	params->with_cal = with_cal;
	params->counted = counted;
	params->cal = cal;
	params->dict = tis_dict(fcinfo, call);
	if (shareable)
		call->params[call->nparams++] = params;
	return params;
}

/* ---------- per-row arguments ---------- */

/*
 * The row's counted set, checked against the group's (if any): a
 * long-lived one when group is NULL (a new group's), else the group's own.
 */
static const TisSet *
tis_row_counted(FunctionCallInfo fcinfo, TisCall *call, const TisParams *group,
				MemoryContext aggcxt)
{
	struct varlena *packed;
	const char *data;
	Size		len;
	const TisSet *set = NULL;
	int			i;

	if (call->counted_const)
		set = call->const_counted;
	else if (!PG_ARGISNULL(TIS_ARG_COUNTED))
	{
		packed = pg_detoast_datum_packed((struct varlena *) PG_GETARG_POINTER(TIS_ARG_COUNTED));
		data = VARDATA_ANY(packed);
		len = VARSIZE_ANY_EXHDR(packed);

		/* the usual case: the same bytes as the group's first row */
		if (group != NULL && group->counted != NULL && group->counted->raw != NULL &&
			group->counted->rawlen == len && memcmp(group->counted->raw, data, len) == 0)
			return group->counted;
		for (i = 0; i < call->nsets && set == NULL; i++)
			if (call->sets[i]->raw != NULL && call->sets[i]->rawlen == len &&
				memcmp(call->sets[i]->raw, data, len) == 0)
				set = call->sets[i];
		if (set == NULL)
		{
			/* a new value: in the cache if there is room */
			MemoryContext cxt = CurrentMemoryContext;

			if (call->nsets < TIS_CACHED)
				cxt = fcinfo->flinfo->fn_mcxt;
			else if (group == NULL)
				cxt = aggcxt;
			set = tis_set_from_array(PointerGetDatum(packed), cxt);
			if (call->nsets < TIS_CACHED)
				call->sets[call->nsets++] = set;
		}
	}

	if (group == NULL)
		return set;
	if (!tis_set_equal(group->counted, set))
		tis_counted_mismatch(group->counted, set);
	return group->counted;
}

/* The row's calendar, as tis_row_counted. */
static const struct varlena *
tis_row_cal(FunctionCallInfo fcinfo, TisCall *call, const TisParams *group,
			MemoryContext aggcxt)
{
	struct varlena *packed;
	const char *data;
	Size		len;

	if (call->cal_const)
		return call->const_cal;
	if (PG_ARGISNULL(TIS_ARG_CAL))
	{
		if (group != NULL && group->cal != NULL)
			tis_cal_mismatch(fcinfo, group->cal, NULL);
		return NULL;
	}
	packed = pg_detoast_datum_packed((struct varlena *) PG_GETARG_POINTER(TIS_ARG_CAL));
	data = VARDATA_ANY(packed);
	len = VARSIZE_ANY_EXHDR(packed);
	if (group == NULL)
		return tis_intern_cal(fcinfo, call, data, len, aggcxt);
	if (!tis_cal_is(group->cal, data, len))
		tis_cal_mismatch(fcinfo, group->cal,
						 tis_intern_cal(fcinfo, call, data, len, CurrentMemoryContext));
	return group->cal;
}

/*
 * First call at a transition call site: find out which arguments are
 * constants, and read them.
 */
static void
tis_inspect(FunctionCallInfo fcinfo, TisCall *call, bool with_cal,
			MemoryContext aggcxt)
{
	if (call->inspected)
		return;
	if (tis_arg_is_const(fcinfo, TIS_ARG_COUNTED))
	{
		call->const_counted = tis_row_counted(fcinfo, call, NULL, aggcxt);
		call->counted_const = true;
		tis_dict(fcinfo, call)->flags_for = call->const_counted;
	}
	if (!with_cal || tis_arg_is_const(fcinfo, TIS_ARG_CAL))
	{
		if (with_cal)
			call->const_cal = tis_row_cal(fcinfo, call, NULL, aggcxt);
		call->cal_const = true;
	}
	if (call->counted_const && call->cal_const)
		call->const_params = tis_intern_params(fcinfo, call, with_cal,
											   call->const_counted,
											   call->const_cal, aggcxt);
	call->inspected = true;
}

/* ---------- the state ---------- */

static TisState *
tis_new_state(MemoryContext cxt, const TisParams *params)
{
	TisState   *state = MemoryContextAlloc(cxt, TIS_FIRST_SIZE);

	state->params = params;
	state->n = 0;
	state->cap = TIS_CAP(TIS_FIRST_SIZE);
	return state;
}

/* A state with room for twice the changes: reallocated, so moved. */
static pg_noinline TisState *
tis_grow(TisState *state)
{
	Size		size = (Size) 2 * pg_nextpower2_size_t(TIS_SIZE(state->cap));
	int			cap = TIS_CAP(size);

	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("status history has too many changes"),
				 errdetail("The limit is %d changes per group.", state->cap)));
	state = repalloc(state, TIS_SIZE(cap));
	state->cap = cap;
	return state;
}

/*
 * Append one change: its time, and its status id | TIS_COUNTED.  Returns
 * the state, which may have moved.
 */
static inline TisState *
tis_append(TisState *state, TimestampTz at, uint32 id)
{
	TisChange  *c;

	if (unlikely(state->n == state->cap))
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

/* ---------- aggregate support functions ---------- */

PG_FUNCTION_INFO_V1(time_in_status_trans);
/* Transition: one status change, with or without a calendar argument. */
Datum
time_in_status_trans(PG_FUNCTION_ARGS)
{
	TisState   *state = PG_ARGISNULL(0) ? NULL : (TisState *) PG_GETARG_POINTER(0);
	bool		with_cal = PG_NARGS() > TIS_ARG_CAL;
	TisCall    *call = tis_call(fcinfo);
	MemoryContext aggcxt = NULL;
	const TisParams *params;
	text	   *status;
	uint32		len;
	uint32		id;

	/*
	 * The usual case, constant parameters: every state of this call site
	 * has them, so the state is not read until the change is appended, and
	 * fetching it overlaps the dictionary lookup.
	 */
	if (likely(state != NULL && call->const_params != NULL))
	{
		params = call->const_params;
		TIS_PREFETCH(state);
	}
	else if (state == NULL)
	{
		/* a state only comes from an aggregate: check where a new one goes */
		aggcxt = tis_agg_context(fcinfo, "time_in_status_trans");
		tis_inspect(fcinfo, call, with_cal, aggcxt);
		params = call->const_params;
		if (params == NULL)
		{
			const TisSet *counted = tis_row_counted(fcinfo, call, NULL, aggcxt);
			const struct varlena *cal = with_cal ? tis_row_cal(fcinfo, call, NULL, aggcxt) : NULL;

			params = tis_intern_params(fcinfo, call, with_cal, counted, cal, aggcxt);
		}
		state = tis_new_state(aggcxt, params);
	}
	else
	{
		/* every row of the group has the group's parameters */
		params = state->params;
		tis_row_counted(fcinfo, call, params, aggcxt);
		if (with_cal)
			tis_row_cal(fcinfo, call, params, aggcxt);
	}

	/* skipped rows; and with a NULL parameter the result is NULL anyway */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || params->counted == NULL ||
		(with_cal && params->cal == NULL))
		PG_RETURN_POINTER(state);

	status = PG_GETARG_TEXT_PP(2);
	len = VARSIZE_ANY_EXHDR(status);
	id = tis_dict_lookup(params->dict, VARDATA_ANY(status), len);
	if (params->dict->flags_for == params->counted ?
		params->dict->counted[id] :
		tis_set_contains(params->counted, VARDATA_ANY(status), len))
		id |= TIS_COUNTED;
	PG_RETURN_POINTER(tis_append(state, tis_checked_time(PG_GETARG_TIMESTAMPTZ(1)), id));
}

PG_FUNCTION_INFO_V1(time_in_status_combine);
/* Combine: the same parameters, then the second state's changes appended. */
Datum
time_in_status_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = tis_agg_context(fcinfo, "time_in_status_combine");
	TisState   *state = PG_ARGISNULL(0) ? NULL : (TisState *) PG_GETARG_POINTER(0);
	TisState   *other = PG_ARGISNULL(1) ? NULL : (TisState *) PG_GETARG_POINTER(1);
	TisCall    *call = tis_call(fcinfo);
	const TisParams *op;
	const TisParams *sp;
	int			i;

	if (other == NULL)
		PG_RETURN_POINTER(state);
	op = other->params;
	if (state == NULL)
	{
		const struct varlena *cal = NULL;

		if (op->cal != NULL)
			cal = tis_intern_cal(fcinfo, call, VARDATA(op->cal),
								 VARSIZE(op->cal) - VARHDRSZ, aggcxt);
		state = tis_new_state(aggcxt,
							  tis_intern_params(fcinfo, call, op->with_cal,
												tis_intern_set(fcinfo, call, op->counted, aggcxt),
												cal, aggcxt));
	}
	sp = state->params;
	if (!tis_set_equal(sp->counted, op->counted))
		tis_counted_mismatch(sp->counted, op->counted);
	if (sp->with_cal != op->with_cal || (sp->cal == NULL) != (op->cal == NULL) ||
		(sp->cal != NULL &&
		 !tis_cal_is(sp->cal, VARDATA(op->cal), VARSIZE(op->cal) - VARHDRSZ)))
		tis_cal_mismatch(fcinfo, sp->cal, op->cal);

	for (i = 0; i < other->n; i++)
	{
		uint32		id = other->c[i].id;

		if (op->dict != sp->dict)
		{
			uint32		k = id & TIS_ID_MASK;

			id = tis_dict_id(sp->dict, op->dict->str[k], op->dict->len[k]) |
				(id & TIS_COUNTED);
		}
		state = tis_append(state, tis_at(&other->c[i]), id);
	}
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(time_in_status_serialize);
/*
 * Serialize:
 *		byte	flags: 1 counted is not NULL, 2 four-argument form,
 *				4 calendar is not NULL
 *		int32	statuses of the counted set (if not NULL), then each as
 *				int32 length and bytes, in increasing byte order
 *		int32	calendar length and bytes (if not NULL)
 *		int32	changes, then each as int64 time, int32 length with bit 31
 *				set when counted, and the status bytes
 */
Datum
time_in_status_serialize(PG_FUNCTION_ARGS)
{
	TisState   *state = (TisState *) PG_GETARG_POINTER(0);
	const TisParams *params = state->params;
	const TisDict *dict = params->dict;
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, (params->counted != NULL ? 1 : 0) |
				(params->with_cal ? 2 : 0) | (params->cal != NULL ? 4 : 0));
	if (params->counted != NULL)
	{
		pq_sendint32(&buf, params->counted->n);
		for (i = 0; i < params->counted->n; i++)
		{
			pq_sendint32(&buf, params->counted->len[i]);
			pq_sendbytes(&buf, params->counted->str[i], params->counted->len[i]);
		}
	}
	if (params->cal != NULL)
	{
		pq_sendint32(&buf, VARSIZE(params->cal) - VARHDRSZ);
		pq_sendbytes(&buf, VARDATA(params->cal), VARSIZE(params->cal) - VARHDRSZ);
	}
	pq_sendint32(&buf, state->n);
	for (i = 0; i < state->n; i++)
	{
		uint32		k = state->c[i].id & TIS_ID_MASK;

		pq_sendint64(&buf, tis_at(&state->c[i]));
		pq_sendint32(&buf, dict->len[k] | (state->c[i].id & TIS_COUNTED));
		pq_sendbytes(&buf, dict->str[k], dict->len[k]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* A count read from a serialized state, checked against what is left. */
static uint32
tis_getcount(StringInfo buf, int unit, const char *what)
{
	uint32		n = pq_getmsgint(buf, 4);

	if (n > (uint32) (buf->len - buf->cursor) / unit)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("time in status state is truncated"),
				 errdetail("It announces %u %s, more than the bytes left.", n, what)));
	return n;
}

PG_FUNCTION_INFO_V1(time_in_status_deserialize);
/* Deserialize, checking every length and the set's order. */
Datum
time_in_status_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	MemoryContext aggcxt = tis_agg_context(fcinfo, "time_in_status_deserialize");
	TisCall    *call = tis_call(fcinfo);
	StringInfoData buf;
	int			flags;
	const TisSet *counted = NULL;
	const struct varlena *cal = NULL;
	TisState   *state;
	TisDict    *dict;
	uint32		n;
	uint32		i;

	buf.data = VARDATA_ANY(bytes);
	buf.len = VARSIZE_ANY_EXHDR(bytes);
	buf.maxlen = buf.len;
	buf.cursor = 0;

	flags = pq_getmsgbyte(&buf);
	if ((flags & ~7) != 0 || ((flags & 4) && !(flags & 2)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("time in status state has invalid flags"),
				 errdetail("Got %d.", flags)));
	if (flags & 1)
	{
		const char **str;
		uint32	   *len;

		n = tis_getcount(&buf, 4, "counted statuses");
		str = palloc(Max(n, 1) * sizeof(char *));
		len = palloc(Max(n, 1) * sizeof(uint32));
		for (i = 0; i < n; i++)
		{
			len[i] = tis_getcount(&buf, 1, "bytes of a status");
			str[i] = pq_getmsgbytes(&buf, len[i]);
			if (i > 0 && tis_textcmp(str[i - 1], len[i - 1], str[i], len[i]) >= 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
						 errmsg("time in status state has an unsorted counted set")));
		}
		counted = tis_intern_set(fcinfo, call,
								 tis_set_build(str, len, n, NULL, 0, CurrentMemoryContext),
								 aggcxt);
	}
	if (flags & 4)
	{
		uint32		len = tis_getcount(&buf, 1, "calendar bytes");

		cal = tis_intern_cal(fcinfo, call, pq_getmsgbytes(&buf, len), len, aggcxt);
	}
	state = tis_new_state(aggcxt, tis_intern_params(fcinfo, call, (flags & 2) != 0,
													counted, cal, aggcxt));
	dict = state->params->dict;

	n = tis_getcount(&buf, 12, "changes");
	for (i = 0; i < n; i++)
	{
		TimestampTz at = tis_checked_time(pq_getmsgint64(&buf));
		uint32		len = pq_getmsgint(&buf, 4);
		uint32		textlen = len & TIS_ID_MASK;

		if (textlen > (uint32) (buf.len - buf.cursor))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("time in status state is truncated"),
					 errdetail("A status announces %u bytes, more than the bytes left.",
							   textlen)));
		state = tis_append(state, at,
						   tis_dict_id(dict, pq_getmsgbytes(&buf, textlen), textlen) |
						   (len & TIS_COUNTED));
	}
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(state);
}

/* Canonical order: by time, then by status text in byte order. */
static int
tis_change_cmp(const void *a, const void *b, void *arg)
{
	const TisChange *ca = (const TisChange *) a;
	const TisChange *cb = (const TisChange *) b;
	TimestampTz ta = tis_at(ca);
	TimestampTz tb = tis_at(cb);

	if (ta != tb)
		return ta < tb ? -1 : 1;
	return tis_dict_cmp((const TisDict *) arg, ca->id & TIS_ID_MASK,
						cb->id & TIS_ID_MASK);
}

/* Total time in the runs of counted changes (in canonical order), in microseconds. */
static int64
tis_sum(const TisChange *c, int n, const Calendar *cal)
{
	TimestampTz now = GetCurrentTransactionStartTimestamp();
	int64		total = 0;
	int			i = 0;

	while (i < n)
	{
		TimestampTz start;
		TimestampTz stop;

		if (!(c[i].id & TIS_COUNTED))
		{
			i++;
			continue;
		}
		start = tis_at(&c[i]);
		while (i < n && (c[i].id & TIS_COUNTED))
			i++;
		stop = i < n ? Min(tis_at(&c[i]), now) : now;
		if (start < stop)
			total += cal != NULL ? CalBusinessMicroseconds(cal, start, stop) : stop - start;
		CHECK_FOR_INTERRUPTS();
	}
	return total;
}

/*
 * The total time in counted statuses, in microseconds; false when the
 * result is NULL (no change, or a NULL parameter).
 */
static bool
tis_total(FunctionCallInfo fcinfo, int64 *usecs)
{
	TisState   *state = PG_ARGISNULL(0) ? NULL : (TisState *) PG_GETARG_POINTER(0);
	const TisParams *params;
	const Calendar *cal = NULL;
	int			i;

	if (state == NULL || state->n == 0)
		return false;
	params = state->params;
	if (params->counted == NULL || (params->with_cal && params->cal == NULL))
		return false;
	if (params->with_cal)
		cal = CalFromDatum(PointerGetDatum(params->cal), &tis_call(fcinfo)->calcache,
						   fcinfo->flinfo->fn_mcxt);

	for (i = 1; i < state->n; i++)
		if (tis_change_cmp(&state->c[i - 1], &state->c[i], params->dict) > 0)
			break;
	if (i == state->n)
		*usecs = tis_sum(state->c, state->n, cal);
	else
	{
		/* out of order: sort a copy */
		TisChange  *c = palloc(state->n * sizeof(TisChange));

		memcpy(c, state->c, state->n * sizeof(TisChange));
		qsort_arg(c, state->n, sizeof(TisChange), tis_change_cmp, params->dict);
		*usecs = tis_sum(c, state->n, cal);
		pfree(c);
	}
	return true;
}

PG_FUNCTION_INFO_V1(time_in_status_final);
/*
 * Final: the total as an interval, as timestamp subtraction gives it (days
 * and time); in business time, as business_time gives it (time only).
 */
Datum
time_in_status_final(PG_FUNCTION_ARGS)
{
	TisState   *state = PG_ARGISNULL(0) ? NULL : (TisState *) PG_GETARG_POINTER(0);
	int64		usecs;
	Interval   *result;

	if (!tis_total(fcinfo, &usecs))
		PG_RETURN_NULL();
	if (!state->params->with_cal)
		return ConvIntervalFromMicroseconds(usecs);
	result = palloc(sizeof(Interval));
	result->month = 0;
	result->day = 0;
	result->time = usecs;
	PG_RETURN_INTERVAL_P(result);
}

PG_FUNCTION_INFO_V1(time_in_status_seconds_final);
/* Final: the total in seconds. */
Datum
time_in_status_seconds_final(PG_FUNCTION_ARGS)
{
	int64		usecs;

	if (!tis_total(fcinfo, &usecs))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) usecs / USECS_PER_SEC);
}
