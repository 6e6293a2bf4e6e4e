/*
 * status_state.c
 *		Time in status: counted sets, and the status_state type's
 *		allocation, growth, parameters and checks (status.h; the design is
 *		described at the top of status.c).
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

/* ---------- the state ---------- */

/*
 * A new, empty state in the current memory context (the executor copies
 * what a support function returns into the aggregate context): the
 * parameters, room for cap changes and dictcap bytes of statuses.
 */
StsState *
sts_make(int flags, const TisSet *counted, const struct varlena *cal,
		 TimestampTz as_of, int cap, uint32 dictcap)
{
	Size		parambytes = 0;
	Size		size;
	StsState   *s;
	char	   *p;
	int			i;

	if (cal != NULL)
		parambytes += STS_PAD(VARSIZE(cal));
	if (counted != NULL)
	{
		parambytes += sizeof(uint32);
		for (i = 0; i < counted->n; i++)
			parambytes += sizeof(uint32) + STS_PAD(counted->len[i]);
	}
	size = STS_SIZE(parambytes, cap, dictcap);
	if (size > STS_MAX_BYTES)
		sts_too_large();
	s = palloc0(size);
	SET_VARSIZE(s, size);
	s->version = STS_VERSION;
	s->flags = flags | (cal != NULL ? STS_HAS_CAL : 0) |
		(counted != NULL ? STS_HAS_COUNTED : 0);
	s->cap = cap;
	s->parambytes = parambytes;
	s->dictcap = dictcap;
	s->as_of = as_of;
	p = STS_PARAMS(s);
	if (cal != NULL)
	{
		memcpy(p, cal, VARSIZE(cal));
		p += STS_PAD(VARSIZE(cal));
	}
	if (counted != NULL)
	{
		uint32		n = counted->n;

		memcpy(p, &n, sizeof(n));
		p += sizeof(n);
		for (i = 0; i < counted->n; i++)
		{
			memcpy(p, &counted->len[i], sizeof(uint32));
			memcpy(p + sizeof(uint32), counted->str[i], counted->len[i]);
			p += sizeof(uint32) + STS_PAD(counted->len[i]);
		}
	}
	return s;
}

void
sts_too_large(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("status history is too large"),
			 errdetail("A time in status state holds at most %d bytes of changes and statuses.",
					   STS_MAX_BYTES),
			 errhint("Group the changes by ticket.")));
}

/* The state's counted set as a TisSet (for messages and checks), or NULL. */
TisSet *
sts_counted_set(const StsState *s)
{
	const char *p = sts_counted(s);
	uint32		n;
	const char **str;
	uint32	   *len;
	uint32		i;
	TisSet	   *set;

	if (p == NULL)
		return NULL;
	n = sts_word(p);
	p += sizeof(uint32);
	str = palloc(Max(n, 1) * sizeof(char *));
	len = palloc(Max(n, 1) * sizeof(uint32));
	for (i = 0; i < n; i++)
	{
		len[i] = sts_word(p);
		str[i] = p + sizeof(uint32);
		p += sizeof(uint32) + STS_PAD(len[i]);
	}
	set = tis_set_build(str, len, n, NULL, 0, CurrentMemoryContext);
	pfree(str);
	pfree(len);
	return set;
}

/* Whether a status is in the state's counted set (which is not NULL). */
bool
sts_counted_contains(const StsState *s, const char *str, uint32 len)
{
	const char *p = sts_counted(s);
	uint32		n = sts_word(p);
	uint32		i;

	p += sizeof(uint32);
	for (i = 0; i < n; i++)
	{
		uint32		l = sts_word(p);

		if (l == len && memcmp(p + sizeof(uint32), str, len) == 0)
			return true;
		p += sizeof(uint32) + STS_PAD(l);
	}
	return false;
}

/*
 * A copy of state s with room for cap changes and dictcap bytes of
 * statuses, in the current memory context.  s itself is left alone: the
 * executor frees it when it keeps the copy.
 */
pg_noinline StsState *
sts_resize(const StsState *s, int cap, uint32 dictcap)
{
	Size		size = STS_SIZE(s->parambytes, cap, dictcap);
	StsState   *copy;

	Assert(cap >= s->n && dictcap >= s->dictbytes);
	if (size > STS_MAX_BYTES)
		sts_too_large();
	copy = palloc(size);
	memcpy(copy, s, sizeof(StsState) + s->parambytes);
	SET_VARSIZE(copy, size);
	copy->cap = cap;
	copy->dictcap = dictcap;
	memcpy(STS_CHANGES(copy), STS_CHANGES(s), (Size) s->n * sizeof(TisChange));
	memcpy(STS_DICT(copy), STS_DICT(s), s->dictbytes);
	return copy;
}

/*
 * Add a status that is not in the state's table; *id is its index with
 * TIS_COUNTED when counted.  Returns the state, a bigger copy when full.
 */
pg_noinline StsState *
sts_add_status(StsState *s, const char *str, uint32 len, uint32 *id)
{
	Size		need = sizeof(uint32) + STS_PAD(len);
	uint32		w = len;
	char	   *p;

	if (len > STS_MAX_BYTES)
		sts_too_large();
	if (s->dictbytes + need > s->dictcap)
		s = sts_resize(s, s->cap, Max(s->dictcap * 2, s->dictbytes + need));
	if ((s->flags & STS_HAS_COUNTED) && sts_counted_contains(s, str, len))
		w |= TIS_COUNTED;
	p = STS_DICT(s) + s->dictbytes;
	memcpy(p, &w, sizeof(w));
	memcpy(p + sizeof(uint32), str, len);
	if (STS_PAD(len) > len)
		memset(p + sizeof(uint32) + len, 0, STS_PAD(len) - len);
	s->dictbytes += need;
	*id = (uint32) s->nstat++ | (w & TIS_COUNTED);
	return s;
}

/* The status texts of a state's table, by index (lengths in *lens). */
const char **
sts_status_texts(const StsState *s, uint32 **lens)
{
	const char **str = palloc(Max(s->nstat, 1) * sizeof(char *));
	const char *p = STS_DICT(s);
	int			i;

	*lens = palloc(Max(s->nstat, 1) * sizeof(uint32));
	for (i = 0; i < s->nstat; i++)
	{
		(*lens)[i] = sts_word(p) & TIS_ID_MASK;
		str[i] = p + sizeof(uint32);
		p += sizeof(uint32) + STS_PAD((*lens)[i]);
	}
	return str;
}

/* A structural check failed: the value cannot come from this code. */
static void
sts_corrupt(const StsState *s, const char *what)
{
	elog(ERROR, "corrupt status_state of %u bytes: %s", VARSIZE(s), what);
}

/*
 * Check every field of a state value (untoasted, 4-byte header): sizes,
 * the calendar's and the counted set's extent and order, the status
 * table's entries, distinctness and counted flags, every change's status
 * index and time.  Values come from the validated input functions or from
 * these aggregates, so a failure is a cannot-happen state: elog.
 */
void
sts_check(const StsState *s)
{
	Size		size = VARSIZE(s);
	const char *p;
	const char *end;
	const struct varlena *cal = NULL;
	const char **str;
	uint32	   *lens;
	int			i;
	int			j;

	if (size < sizeof(StsState) || s->version != STS_VERSION ||
		(s->flags & ~STS_FLAGS) != 0 || s->unused != 0 ||
		((s->flags & STS_HAS_CAL) && !(s->flags & STS_WITH_CAL)) ||
		(!(s->flags & STS_WITH_AS_OF) && s->as_of != 0) ||
		((s->flags & STS_WITH_AS_OF) && !IS_VALID_TIMESTAMP(s->as_of)))
		sts_corrupt(s, "header");
	if (s->n < 0 || s->cap < s->n || s->nstat < 0 || s->dictbytes > s->dictcap ||
		s->parambytes % 4 != 0 || s->dictcap % 4 != 0 || s->dictbytes % 4 != 0 ||
		s->parambytes > size || (Size) s->cap > size || s->dictcap > size ||
		STS_SIZE(s->parambytes, s->cap, s->dictcap) != size)
		sts_corrupt(s, "sizes");
	p = STS_PARAMS(s);
	end = p + s->parambytes;
	if (s->flags & STS_HAS_CAL)
	{
		cal = (const struct varlena *) p;
		if (end - p < VARHDRSZ || VARATT_IS_EXTENDED(cal) ||
			VARSIZE(cal) <= VARHDRSZ || STS_PAD(VARSIZE(cal)) > (Size) (end - p))
			sts_corrupt(s, "calendar");
		p += STS_PAD(VARSIZE(cal));
	}
	if (s->flags & STS_HAS_COUNTED)
	{
		uint32		n;
		const char *prev = NULL;
		uint32		prevlen = 0;

		if (end - p < (ptrdiff_t) sizeof(uint32))
			sts_corrupt(s, "counted set");
		n = sts_word(p);
		p += sizeof(uint32);
		for (i = 0; (uint32) i < n; i++)
		{
			uint32		l;

			if (end - p < (ptrdiff_t) sizeof(uint32))
				sts_corrupt(s, "counted set");
			l = sts_word(p);
			if (l > (Size) (end - p) - sizeof(uint32) ||
				STS_PAD(l) > (Size) (end - p) - sizeof(uint32) ||
				(prev != NULL && tis_textcmp(prev, prevlen, p + sizeof(uint32), l) >= 0))
				sts_corrupt(s, "counted set");
			prev = p + sizeof(uint32);
			prevlen = l;
			p += sizeof(uint32) + STS_PAD(l);
		}
	}
	if (p != end)
		sts_corrupt(s, "parameters");

	p = STS_DICT(s);
	end = p + s->dictbytes;
	for (i = 0; i < s->nstat; i++)
	{
		uint32		w;
		uint32		l;

		if (end - p < (ptrdiff_t) sizeof(uint32))
			sts_corrupt(s, "status table");
		w = sts_word(p);
		l = w & TIS_ID_MASK;
		if (l > (Size) (end - p) - sizeof(uint32) ||
			STS_PAD(l) > (Size) (end - p) - sizeof(uint32) ||
			((w & TIS_COUNTED) != 0) !=
			((s->flags & STS_HAS_COUNTED) && sts_counted_contains(s, p + sizeof(uint32), l)))
			sts_corrupt(s, "status table");
		p += sizeof(uint32) + STS_PAD(l);
	}
	if (p != end)
		sts_corrupt(s, "status table");
	str = sts_status_texts(s, &lens);
	for (i = 0; i < s->nstat; i++)
		for (j = 0; j < i; j++)
			if (lens[i] == lens[j] && memcmp(str[i], str[j], lens[i]) == 0)
				sts_corrupt(s, "repeated status");
	for (i = 0; i < s->n; i++)
	{
		const TisChange *c = &STS_CHANGES(s)[i];
		uint32		k = c->id & TIS_ID_MASK;

		if (k >= (uint32) s->nstat ||
			(c->id & TIS_COUNTED) != (sts_word(str[k] - sizeof(uint32)) & TIS_COUNTED) ||
			TIMESTAMP_NOT_FINITE(tis_at(c)) || !IS_VALID_TIMESTAMP(tis_at(c)))
			sts_corrupt(s, "change");
	}
	pfree(str);
	pfree(lens);
}

/*
 * The state argument of a transition or combine function: NULL, or a
 * state to update in place.  These functions change their argument, so
 * they run only inside an aggregate.  A toasted or short-header state (an
 * aggregate of a user's can start from any value of the type) is first
 * copied and checked; the executor then keeps the copy.
 */
StsState *
sts_state_arg(FunctionCallInfo fcinfo)
{
	StsState   *s;

	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("status_state support function called outside an aggregate"),
				 errhint("Use time_in_status() or time_in_status_seconds() instead.")));
	if (PG_ARGISNULL(0))
		return NULL;
	s = (StsState *) PG_GETARG_POINTER(0);
	if (unlikely(VARATT_IS_EXTENDED(s)))
	{
		s = (StsState *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
		sts_check(s);
	}
	return s;
}

/*
 * A state to read, not to change: the second argument of the combine
 * function, or the argument of a final or output function; any datum of
 * the type, detoasted (a copy, aligned, when it had a short header).
 */
const StsState *
sts_state_read(FunctionCallInfo fcinfo, int argno)
{
	const StsState *s = (const StsState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	if (VARSIZE(s) < sizeof(StsState) || VARSIZE(s) > STS_MAX_BYTES ||
		STS_SIZE(s->parambytes, s->cap, s->dictcap) != VARSIZE(s))
		sts_corrupt(s, "sizes");
	return s;
}

/*
 * Two states (or a state and a row) with different parameters: say which,
 * in the order the rows are checked (counted set, calendar, as_of).
 */
void
sts_params_mismatch(FunctionCallInfo fcinfo, const StsState *first,
					const StsState *later)
{
	TisSet	   *a = sts_counted_set(first);
	TisSet	   *b = sts_counted_set(later);

	if (!tis_set_equal(a, b))
		tis_counted_mismatch(a, b);
	if ((first->flags & (STS_WITH_CAL | STS_HAS_CAL)) !=
		(later->flags & (STS_WITH_CAL | STS_HAS_CAL)) ||
		(sts_cal(first) != NULL &&
		 (VARSIZE(sts_cal(first)) != VARSIZE(sts_cal(later)) ||
		  memcmp(sts_cal(first), sts_cal(later), VARSIZE(sts_cal(first))) != 0)))
		tis_cal_mismatch(fcinfo, sts_cal(first), sts_cal(later));
	cs_as_of_mismatch(first->as_of, later->as_of);
}
