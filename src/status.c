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
 * State (TisState, in the aggregate memory context): every change as
 * (time, offset and length of its status text in a text arena, counted
 * flag), the counted set and the calendar value.  The counted flag is
 * worked out once per row, by binary search in the sorted counted set; the
 * text is kept only to order changes made at the same instant.  The final
 * function sorts the changes (unless they came in order, as they usually
 * do) and sums the spans of consecutive counted changes, each clipped at
 * now(), with one calendar call per span in the business-time form.
 * Sorting in place leaves the state holding the same changes, so the
 * final function is read-only in effect.
 *
 * The counted sets and calendars a state points to are interned: kept once
 * per query in the support function's fn_extra (up to TIS_CACHED distinct
 * values; past that, copied into the aggregate context per state).  When
 * the argument is a constant, as it usually is, it is read on the first
 * row only.  Otherwise each row's value is compared with its group's:
 * bytes first, then as a set.
 *
 * Parallel plans: combine appends the second state's changes to the
 * first's; the serialized form is described above time_in_status_serialize
 * and checked field by field on the way back in.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "nodes/primnodes.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "conversation.h"

#define TIS_CACHED		8			/* interned sets and calendars per call site */
#define TIS_COUNTED		0x80000000	/* in TisChange.len: the status is counted */
#define TIS_LEN_MASK	0x7FFFFFFF
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

/* One status change. */
typedef struct TisChange
{
	TimestampTz at;
	uint32		off;			/* status text at this offset of the arena */
	uint32		len;			/* its length, | TIS_COUNTED if counted */
} TisChange;

typedef struct TisState
{
	bool		with_cal;		/* the four-argument form */
	const TisSet *counted;		/* NULL: the counted argument is NULL */
	const struct varlena *cal;	/* NULL: no calendar, or a NULL one */
	int			n;
	int			cap;
	TisChange  *changes;
	uint32		textlen;
	uint32		textcap;
	char	   *text;			/* status texts, not terminated */
} TisState;

/* Per call site (fn_extra) of each support function. */
typedef struct TisCall
{
	bool		inspected;		/* the fields below are set */
	bool		counted_const;	/* the counted argument is a constant */
	bool		cal_const;		/* the calendar argument is a constant */
	const TisSet *const_counted;
	const struct varlena *const_cal;
	int			nsets;
	const TisSet *sets[TIS_CACHED];
	int			ncals;
	const struct varlena *cals[TIS_CACHED];
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

/*
 * A long-lived set equal to set: the call site's copy, a new one there if
 * there is room, else a copy in cxt (the state's aggregate context).
 */
static const TisSet *
tis_intern_set(FunctionCallInfo fcinfo, TisCall *call, const TisSet *set,
			   MemoryContext cxt)
{
	int			i;

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

/*
 * The row's counted set, checked against the state's (if any): a
 * long-lived one when state is NULL (a new group's), else the state's own.
 */
static const TisSet *
tis_row_counted(FunctionCallInfo fcinfo, TisCall *call, const TisState *state,
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
		if (state != NULL && state->counted != NULL && state->counted->raw != NULL &&
			state->counted->rawlen == len && memcmp(state->counted->raw, data, len) == 0)
			return state->counted;
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
			else if (state == NULL)
				cxt = aggcxt;
			set = tis_set_from_array(PointerGetDatum(packed), cxt);
			if (call->nsets < TIS_CACHED)
				call->sets[call->nsets++] = set;
		}
	}

	if (state == NULL)
		return set;
	if (!tis_set_equal(state->counted, set))
		tis_counted_mismatch(state->counted, set);
	return state->counted;
}

/* The row's calendar, as tis_row_counted. */
static const struct varlena *
tis_row_cal(FunctionCallInfo fcinfo, TisCall *call, const TisState *state,
			MemoryContext aggcxt)
{
	struct varlena *packed;
	const char *data;
	Size		len;

	if (call->cal_const)
		return call->const_cal;
	if (PG_ARGISNULL(TIS_ARG_CAL))
	{
		if (state != NULL && state->cal != NULL)
			tis_cal_mismatch(fcinfo, state->cal, NULL);
		return NULL;
	}
	packed = pg_detoast_datum_packed((struct varlena *) PG_GETARG_POINTER(TIS_ARG_CAL));
	data = VARDATA_ANY(packed);
	len = VARSIZE_ANY_EXHDR(packed);
	if (state == NULL)
		return tis_intern_cal(fcinfo, call, data, len, aggcxt);
	if (!tis_cal_is(state->cal, data, len))
		tis_cal_mismatch(fcinfo, state->cal,
						 tis_intern_cal(fcinfo, call, data, len, CurrentMemoryContext));
	return state->cal;
}

/* First call at a call site: find out which arguments are constants. */
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
	}
	if (with_cal && tis_arg_is_const(fcinfo, TIS_ARG_CAL))
	{
		call->const_cal = tis_row_cal(fcinfo, call, NULL, aggcxt);
		call->cal_const = true;
	}
	call->inspected = true;
}

static TisState *
tis_new_state(MemoryContext cxt, bool with_cal, const TisSet *counted,
			  const struct varlena *cal)
{
	TisState   *state = MemoryContextAllocZero(cxt, sizeof(TisState));

	state->with_cal = with_cal;
	state->counted = counted;
	state->cal = cal;
	return state;
}

/* Append one change. */
static void
tis_append(TisState *state, TimestampTz at, const char *status, uint32 len,
		   bool counted, MemoryContext cxt)
{
	TisChange  *c;

	if (state->n == state->cap)
	{
		if (state->cap >= (int) (MaxAllocSize / sizeof(TisChange) / 2))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("status history has too many changes"),
					 errdetail("The limit is %d changes per group.", state->cap)));
		state->cap = Max(4, state->cap * 2);
		if (state->changes == NULL)
			state->changes = MemoryContextAlloc(cxt, state->cap * sizeof(TisChange));
		else
			state->changes = repalloc(state->changes, state->cap * sizeof(TisChange));
	}
	if (state->textcap - state->textlen < len)
	{
		Size		need = (Size) state->textlen + len;
		Size		cap = Max(32, (Size) state->textcap * 2);

		if (need > MaxAllocSize / 2)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("status history is too long"),
					 errdetail("The status texts of a group take %zu bytes; the limit is %zu.",
							   need, (Size) (MaxAllocSize / 2))));
		while (cap < need)
			cap *= 2;
		cap = Min(cap, MaxAllocSize);
		if (state->text == NULL)
			state->text = MemoryContextAlloc(cxt, cap);
		else
			state->text = repalloc(state->text, cap);
		state->textcap = (uint32) cap;
	}
	memcpy(state->text + state->textlen, status, len);
	c = &state->changes[state->n++];
	c->at = at;
	c->off = state->textlen;
	c->len = len | (counted ? TIS_COUNTED : 0);
	state->textlen += len;
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
	MemoryContext aggcxt = tis_agg_context(fcinfo, "time_in_status_trans");
	TisState   *state = PG_ARGISNULL(0) ? NULL : (TisState *) PG_GETARG_POINTER(0);
	bool		with_cal = PG_NARGS() > TIS_ARG_CAL;
	TisCall    *call = tis_call(fcinfo);
	const TisSet *counted;
	const struct varlena *cal = NULL;
	text	   *status;
	uint32		len;

	tis_inspect(fcinfo, call, with_cal, aggcxt);
	counted = tis_row_counted(fcinfo, call, state, aggcxt);
	if (with_cal)
		cal = tis_row_cal(fcinfo, call, state, aggcxt);
	if (state == NULL)
		state = tis_new_state(aggcxt, with_cal, counted, cal);

	/* skipped rows; and with a NULL parameter the result is NULL anyway */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || counted == NULL ||
		(with_cal && cal == NULL))
		PG_RETURN_POINTER(state);

	status = PG_GETARG_TEXT_PP(2);
	len = VARSIZE_ANY_EXHDR(status);
	tis_append(state, tis_checked_time(PG_GETARG_TIMESTAMPTZ(1)),
			   VARDATA_ANY(status), len,
			   tis_set_contains(counted, VARDATA_ANY(status), len), aggcxt);
	PG_RETURN_POINTER(state);
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
	int			i;

	if (other == NULL)
		PG_RETURN_POINTER(state);
	if (state == NULL)
	{
		const struct varlena *cal = NULL;

		if (other->cal != NULL)
			cal = tis_intern_cal(fcinfo, call, VARDATA(other->cal),
								 VARSIZE(other->cal) - VARHDRSZ, aggcxt);
		state = tis_new_state(aggcxt, other->with_cal,
							  other->counted == NULL ? NULL :
							  tis_intern_set(fcinfo, call, other->counted, aggcxt),
							  cal);
	}
	else
	{
		if (!tis_set_equal(state->counted, other->counted))
			tis_counted_mismatch(state->counted, other->counted);
		if (state->with_cal != other->with_cal ||
			(state->cal == NULL) != (other->cal == NULL) ||
			(state->cal != NULL &&
			 !tis_cal_is(state->cal, VARDATA(other->cal), VARSIZE(other->cal) - VARHDRSZ)))
			tis_cal_mismatch(fcinfo, state->cal, other->cal);
	}

	for (i = 0; i < other->n; i++)
	{
		const TisChange *c = &other->changes[i];

		tis_append(state, c->at, other->text + c->off, c->len & TIS_LEN_MASK,
				   (c->len & TIS_COUNTED) != 0, aggcxt);
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
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, (state->counted != NULL ? 1 : 0) |
				(state->with_cal ? 2 : 0) | (state->cal != NULL ? 4 : 0));
	if (state->counted != NULL)
	{
		pq_sendint32(&buf, state->counted->n);
		for (i = 0; i < state->counted->n; i++)
		{
			pq_sendint32(&buf, state->counted->len[i]);
			pq_sendbytes(&buf, state->counted->str[i], state->counted->len[i]);
		}
	}
	if (state->cal != NULL)
	{
		pq_sendint32(&buf, VARSIZE(state->cal) - VARHDRSZ);
		pq_sendbytes(&buf, VARDATA(state->cal), VARSIZE(state->cal) - VARHDRSZ);
	}
	pq_sendint32(&buf, state->n);
	for (i = 0; i < state->n; i++)
	{
		const TisChange *c = &state->changes[i];

		pq_sendint64(&buf, c->at);
		pq_sendint32(&buf, c->len);
		pq_sendbytes(&buf, state->text + c->off, c->len & TIS_LEN_MASK);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* A length read from a serialized state, checked against what is left. */
static uint32
tis_getlen(StringInfo buf, int unit, const char *what)
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
		TisSet	   *set;

		n = tis_getlen(&buf, 4, "counted statuses");
		str = palloc(Max(n, 1) * sizeof(char *));
		len = palloc(Max(n, 1) * sizeof(uint32));
		for (i = 0; i < n; i++)
		{
			len[i] = tis_getlen(&buf, 1, "bytes of a status");
			str[i] = pq_getmsgbytes(&buf, len[i]);
			if (i > 0 && tis_textcmp(str[i - 1], len[i - 1], str[i], len[i]) >= 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
						 errmsg("time in status state has an unsorted counted set")));
		}
		set = tis_set_build(str, len, n, NULL, 0, CurrentMemoryContext);
		counted = tis_intern_set(fcinfo, call, set, aggcxt);
	}
	if (flags & 4)
	{
		uint32		len = tis_getlen(&buf, 1, "calendar bytes");

		cal = tis_intern_cal(fcinfo, call, pq_getmsgbytes(&buf, len), len, aggcxt);
	}
	state = tis_new_state(aggcxt, (flags & 2) != 0, counted, cal);

	n = tis_getlen(&buf, 12, "changes");
	for (i = 0; i < n; i++)
	{
		TimestampTz at = tis_checked_time(pq_getmsgint64(&buf));
		uint32		len = pq_getmsgint(&buf, 4);
		uint32		textlen = len & TIS_LEN_MASK;

		if (textlen > (uint32) (buf.len - buf.cursor))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("time in status state is truncated"),
					 errdetail("A status announces %u bytes, more than the bytes left.",
							   textlen)));
		tis_append(state, at, pq_getmsgbytes(&buf, textlen), textlen,
				   (len & TIS_COUNTED) != 0, aggcxt);
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
	const char *text = (const char *) arg;

	if (ca->at != cb->at)
		return ca->at < cb->at ? -1 : 1;
	return tis_textcmp(text + ca->off, ca->len & TIS_LEN_MASK,
					   text + cb->off, cb->len & TIS_LEN_MASK);
}

/*
 * The total time in counted statuses, in microseconds; false when the
 * result is NULL (no change, or a NULL parameter).
 */
static bool
tis_total(FunctionCallInfo fcinfo, int64 *usecs)
{
	TisState   *state = PG_ARGISNULL(0) ? NULL : (TisState *) PG_GETARG_POINTER(0);
	TimestampTz now = GetCurrentTransactionStartTimestamp();
	const Calendar *cal = NULL;
	TisChange  *c;
	int64		total = 0;
	int			i;

	if (state == NULL || state->n == 0 || state->counted == NULL ||
		(state->with_cal && state->cal == NULL))
		return false;
	c = state->changes;

	for (i = 1; i < state->n; i++)
		if (tis_change_cmp(&c[i - 1], &c[i], state->text) > 0)
			break;
	if (i < state->n)
		qsort_arg(c, state->n, sizeof(TisChange), tis_change_cmp, state->text);

	if (state->with_cal)
		cal = CalFromDatum(PointerGetDatum(state->cal), &tis_call(fcinfo)->calcache,
						   fcinfo->flinfo->fn_mcxt);

	/* a run of counted changes is one span, up to the next change or now */
	i = 0;
	while (i < state->n)
	{
		TimestampTz start;
		TimestampTz stop;

		if (!(c[i].len & TIS_COUNTED))
		{
			i++;
			continue;
		}
		start = c[i].at;
		while (i < state->n && (c[i].len & TIS_COUNTED))
			i++;
		stop = i < state->n ? Min(c[i].at, now) : now;
		if (start < stop)
			total += cal != NULL ? CalBusinessMicroseconds(cal, start, stop) : stop - start;
		CHECK_FOR_INTERRUPTS();
	}
	*usecs = total;
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
	if (!state->with_cal)
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
