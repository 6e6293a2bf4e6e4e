/*
 * status_state.c
 *		Time in status: the per-query status dictionary, counted sets, the
 *		interning of parameters, and the state's allocation (status.h; the
 *		design is described at the top of status.c).
 */
#include "postgres.h"
#include "compat.h"

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
#include "csmetrics.h"
#include "status.h"

/* ---------- helpers ---------- */

TisCall *
tis_call(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
														  sizeof(TisCall));
	return (TisCall *) fcinfo->flinfo->fn_extra;
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

bool
tis_arg_is_const(FunctionCallInfo fcinfo, int argno)
{
	Expr	   *arg = tis_agg_arg(fcinfo, argno);

	return arg != NULL && IsA(arg, Const);
}

/* ---------- the status dictionary ---------- */

TisDict *
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

/* The id of a status text, added if new. */
uint32
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

/* ---------- counted sets ---------- */

bool
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

bool
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
TisSet *
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
TisSet *
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

void
tis_counted_mismatch(const TisSet *first, const TisSet *later)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("counted statuses must be the same for every row of a group"),
			 errdetail("The group's first row counts %s, a later row %s.",
					   tis_set_text(first), tis_set_text(later)),
			 errhint("Pass the same array on every row: a constant, or one that depends only on the GROUP BY columns.")));
}

void
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
const TisSet *
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

/* A long-lived calendar value with these bytes, as tis_intern_set. */
const struct varlena *
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
 * The parameters of a new group, those of key (its dict is not read), from
 * interned (or group-owned) counted set and calendar: shared through the
 * call site when both are interned there, else owned by the group (cxt).
 */
const TisParams *
tis_intern_params(FunctionCallInfo fcinfo, TisCall *call, const TisParams *key,
				  MemoryContext cxt)
{
	TisParams  *params;
	bool		shareable;
	int			i;

	for (i = 0; i < call->nparams; i++)
		if (call->params[i]->with_cal == key->with_cal &&
			call->params[i]->with_as_of == key->with_as_of &&
			call->params[i]->with_created == key->with_created &&
			call->params[i]->created_at == key->created_at &&
			call->params[i]->counted == key->counted &&
			call->params[i]->cal == key->cal &&
			call->params[i]->as_of == key->as_of)
			return call->params[i];
	shareable = call->nparams < TIS_CACHED &&
		tis_is_cached(key->counted, (const void *const *) call->sets, call->nsets) &&
		tis_is_cached(key->cal, (const void *const *) call->cals, call->ncals);
	params = MemoryContextAlloc(shareable ? fcinfo->flinfo->fn_mcxt : cxt,
								sizeof(TisParams));
	*params = *key;
	params->dict = tis_dict(fcinfo, call);
	if (shareable)
		call->params[call->nparams++] = params;
	return params;
}

/* ---------- the state ---------- */

TisState *
tis_new_state(MemoryContext cxt, const TisParams *params)
{
	TisState   *state = MemoryContextAlloc(cxt, (Size) 1 << TIS_FIRST_LG);

	state->params = params;
	state->n = 0;
	state->tag_lg = TIS_TAG | TIS_FIRST_LG;
	state->base = 0;			/* compact; set by the first change */
	return state;
}

/*
 * An internal state that is not a time in status state: from another
 * aggregate, in an aggregate of the user's own (fcinfo NULL when not known).
 */
void
tis_not_a_state(FunctionCallInfo fcinfo)
{
	cs_state_mismatch(fcinfo, "time in status");
}

/*
 * The log2 of an allocation with room for n changes in the form wide says
 * (a power of 2, so that the state records it in a byte).
 */
static int
tis_alloc_lg(TisState *state, int64 n, bool wide)
{
	Size		size = pg_nextpower2_size_t(TIS_SIZE(n, wide));

	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("status history has too many changes"),
				 errdetail("The limit is %d changes per group.", state->n)));
	return pg_leftmost_one_pos64(size);
}

/* A state with room for twice the changes: reallocated, so moved. */
pg_noinline TisState *
tis_grow(TisState *state)
{
	int			lg = tis_alloc_lg(state, (int64) state->n * 2, TIS_IS_WIDE(state));

	state = repalloc(state, (Size) 1 << lg);
	state->tag_lg = TIS_TAG | lg;
	return state;
}

/* A compact state's changes decoded into c (room for state->n). */
static void
tis_decode(const TisState *state, TisChange *c)
{
	const uint32 *k = TIS_K(state);
	int			i;

	for (i = 0; i < state->n; i++)
	{
		int32		sk = (int32) k[i];
		/* the offset in seconds: the high bits, sign and all */
		int64		secs = (sk - (sk & ((1 << TIS_K_SHIFT) - 1))) / (1 << TIS_K_SHIFT);
		TimestampTz at = state->base + secs * USECS_PER_SEC;

		c[i].at_hi = (uint32) ((uint64) at >> 32);
		c[i].at_lo = (uint32) at;
		c[i].id = (k[i] & (TIS_K_IDS - 1)) | ((k[i] & TIS_K_COUNTED) ? TIS_COUNTED : 0);
	}
}

/* A compact state turned into the wide form: a new allocation. */
pg_noinline TisState *
tis_widen(TisState *state)
{
	int			lg = tis_alloc_lg(state, Max((int64) state->n * 2, 8), true);
	TisState   *wide = MemoryContextAlloc(GetMemoryChunkContext(state), (Size) 1 << lg);

	wide->params = state->params;
	wide->n = state->n;
	wide->tag_lg = TIS_TAG | lg;
	wide->base = TIS_WIDE;
	tis_decode(state, wide->c);
	pfree(state);
	return wide;
}

/*
 * The state's changes as TisChange: its own array in the wide form, else a
 * decoded copy (palloc'd in the current context), which the caller may
 * pfree.
 */
const TisChange *
tis_changes(const TisState *state)
{
	TisChange  *c;

	if (TIS_IS_WIDE(state))
		return state->c;
	c = palloc(Max(state->n, 1) * sizeof(TisChange));
	tis_decode(state, c);
	return c;
}
