/*
 * status.c
 *		Time in status: time_in_status and time_in_status_seconds, with an
 *		optional business calendar and an optional as_of.
 *
 * Definition (../shared/metrics.md): a ticket's status history has one row
 * per status change (changed_at, status).  Each status lasts from its
 * change until the next change, and the latest one until now: the
 * transaction time, now(), or the as_of argument of the forms that have it
 * (as_of is their last argument).  The result is the total time the ticket
 * spent in any of the statuses of the counted array; with a calendar, the
 * business time of those spans (CalBusinessMicroseconds, calendar.h).
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
 * The clock stops at now: a change dated after now has not happened yet,
 * so a status lasts until the next change or now, whichever comes first,
 * and a change after now adds nothing.  The transaction time is a node's
 * own (each Citus worker runs its part of a query in its own transaction;
 * a materialized view sees the time of its refresh); the forms with as_of
 * read no clock, and their support functions are immutable.  A ticket
 * never in a counted status gets zero; a group without rows (NULL
 * changed_at or status rows are skipped) gets NULL.  The counted array (a set: order and
 * repeats do not matter, NULL elements match nothing), the calendar and
 * as_of are parameters: they must be the same on every row of a group,
 * NULL included, which is checked; a NULL counted array or calendar makes
 * the result NULL, a NULL or infinite as_of is an error (csmetrics.c).
 * Infinite change times are an error.
 *
 * State (TisState, in the aggregate memory context): the group's
 * parameters, and each change as its time and a status id with a counted
 * flag, in one allocation: 64 bytes, then doubling.  A change takes 4 bytes
 * while it is in whole seconds within 194 days of the group's first change
 * and its status id is below 64 (the compact form, status.h: 10 changes in
 * the first 64 bytes), else 12 bytes (the wide form, from the first change
 * that does not fit).  In a GROUP BY over many tickets, the states' memory
 * is most of the cost.  Status texts are kept once per query, in a
 * dictionary of the call site (TisDict: a hash table from text to id, with
 * a small cache of short statuses in front), and are only needed to order
 * changes made at the same instant; the counted flag of a status is worked
 * out when it enters the dictionary.  A row thus costs a dictionary lookup
 * and a 4- or 12-byte append.  The final function checks whether the
 * changes are in canonical order (they usually come in time order), sorts
 * a copy if not,
 * and sums the spans of runs of counted changes, each clipped at now,
 * with one calendar call per run in the business-time form.  It leaves the
 * state as it found it.
 *
 * The parameters (TisParams: counted set, calendar, as_of, dictionary) are
 * shared by the groups that have the same ones: kept once per query in the
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
 *
 * reopens and the resolution times (status_resolution.c) use the same
 * state, with the solved statuses as the counted set, and so the same
 * combine and serialization; their own transitions (resolution_trans,
 * resolution_created_trans) refuse a NULL solved array or element, which
 * would not mean "no result" there but a wrong query, and the created_at
 * forms carry created_at as a parameter of the group, like as_of.
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

/* ---------- per-row arguments ---------- */

/*
 * The solved statuses of the resolution aggregates define what they
 * measure: a NULL array or element is a mistake in the query, not a value
 * to skip (time_in_status's counted array may be NULL, giving NULL).
 */
static void
tis_solved_null(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("solved statuses must not be NULL"),
			 errdetail("The solved argument is NULL on a row."),
			 errhint("Pass the statuses that count as solved, such as '{solved,closed}'.")));
}

static void
tis_solved_check(Datum value)
{
	ArrayType  *arr = DatumGetArrayTypeP(value);
	Oid			output;
	bool		isvarlena;

	if (!array_contains_nulls(arr))
		return;
	getTypeOutputInfo(TEXTARRAYOID, &output, &isvarlena);
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("solved statuses must not contain NULL"),
			 errdetail("Got %s.", OidOutputFunctionCall(output, PointerGetDatum(arr))),
			 errhint("Leave the NULL out: list only the statuses that count as solved.")));
}

static void
tis_created_mismatch(TimestampTz first, TimestampTz later)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("created_at must be the same for every row of a group"),
			 errdetail("One row has %s, another %s.",
					   first == TIS_NO_CREATED ? "NULL" : cs_timestamptz_text(first),
					   later == TIS_NO_CREATED ? "NULL" : cs_timestamptz_text(later)),
			 errhint("Group by ticket and pass the ticket's creation time, the same on each of its rows.")));
}

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
	else if (PG_ARGISNULL(TIS_ARG_COUNTED) && call->solved_set)
		tis_solved_null();
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
			if (call->solved_set)
				tis_solved_check(PointerGetDatum(packed));
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

/* The row's as_of (checked: not NULL, finite), and the group's (if any). */
static TimestampTz
tis_row_as_of(FunctionCallInfo fcinfo, TisCall *call, const TisParams *group)
{
	TimestampTz as_of = call->as_of_const ? call->const_as_of :
		cs_as_of_arg(fcinfo, TIS_ARG_AS_OF(fcinfo));

	if (group != NULL && unlikely(as_of != group->as_of))
		cs_as_of_mismatch(group->as_of, as_of);
	return as_of;
}

/*
 * The row's created_at (TIS_NO_CREATED when NULL; checked finite), and the
 * group's (if any).
 */
static TimestampTz
tis_row_created(FunctionCallInfo fcinfo, TisCall *call, const TisParams *group)
{
	TimestampTz created;

	if (call->created_const)
		created = call->const_created;
	else if (PG_ARGISNULL(TIS_ARG_CREATED(fcinfo)))
		created = TIS_NO_CREATED;
	else
	{
		created = PG_GETARG_TIMESTAMPTZ(TIS_ARG_CREATED(fcinfo));
		if (unlikely(TIMESTAMP_NOT_FINITE(created)))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("created_at must be finite"),
					 errdetail("Got %s.", cs_timestamptz_text(created)),
					 errhint("Pass the ticket's real creation time, or NULL when it is not known.")));
	}
	if (group != NULL && unlikely(created != group->created_at))
		tis_created_mismatch(group->created_at, created);
	return created;
}

/* The parameters of the row that starts a group. */
static const TisParams *
tis_row_params(FunctionCallInfo fcinfo, TisCall *call, bool with_cal,
			   bool with_as_of, bool with_created, MemoryContext aggcxt)
{
	TisParams	key = {0};

	key.with_cal = with_cal;
	key.with_as_of = with_as_of;
	key.with_created = with_created;
	if (with_created)
		key.created_at = tis_row_created(fcinfo, call, NULL);
	key.counted = tis_row_counted(fcinfo, call, NULL, aggcxt);
	if (with_cal)
		key.cal = tis_row_cal(fcinfo, call, NULL, aggcxt);
	if (with_as_of)
		key.as_of = tis_row_as_of(fcinfo, call, NULL);
	return tis_intern_params(fcinfo, call, &key, aggcxt);
}

/*
 * First call at a transition call site: find out which arguments are
 * constants, and read them.
 */
static void
tis_inspect(FunctionCallInfo fcinfo, TisCall *call, bool with_cal,
			bool with_as_of, bool with_created, MemoryContext aggcxt)
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
	if (!with_as_of || tis_arg_is_const(fcinfo, TIS_ARG_AS_OF(fcinfo)))
	{
		if (with_as_of)
			call->const_as_of = tis_row_as_of(fcinfo, call, NULL);
		call->as_of_const = true;
	}
	if (!with_created || tis_arg_is_const(fcinfo, TIS_ARG_CREATED(fcinfo)))
	{
		if (with_created)
			call->const_created = tis_row_created(fcinfo, call, NULL);
		call->created_const = true;
	}
	if (call->counted_const && call->cal_const && call->as_of_const &&
		call->created_const)
		call->const_params = tis_row_params(fcinfo, call, with_cal, with_as_of,
											with_created, aggcxt);
	call->inspected = true;
}

/* ---------- aggregate support functions ---------- */

/*
 * Transition: one status change, of the form with_cal, with_as_of and
 * with_created say; solved for the resolution aggregates (whose array must
 * not be NULL nor hold NULL).  Inlined into each entry point, so that each
 * form gets its own copy of the hot path.
 */
static pg_attribute_always_inline Datum
tis_trans(FunctionCallInfo fcinfo, bool with_cal, bool with_as_of,
		  bool with_created, bool solved)
{
	TisState   *state = PG_ARGISNULL(0) ? NULL : (TisState *) PG_GETARG_POINTER(0);
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
		aggcxt = cs_agg_context(fcinfo, "time_in_status_trans");
		call->solved_set = solved;
		tis_inspect(fcinfo, call, with_cal, with_as_of, with_created, aggcxt);
		params = call->const_params;
		if (params == NULL)
			params = tis_row_params(fcinfo, call, with_cal, with_as_of,
									with_created, aggcxt);
		state = tis_new_state(aggcxt, params);
	}
	else
	{
		/* every row of the group has the group's parameters */
		if (unlikely(!TIS_HAS_TAG(state)))
			tis_not_a_state(fcinfo);
		params = state->params;
		tis_row_counted(fcinfo, call, params, aggcxt);
		if (with_cal)
			tis_row_cal(fcinfo, call, params, aggcxt);
		if (with_as_of)
			tis_row_as_of(fcinfo, call, params);
		if (with_created)
			tis_row_created(fcinfo, call, params);
	}

	/* skipped rows; and with a NULL parameter the result is NULL anyway */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || params->counted == NULL ||
		(with_cal && params->cal == NULL) ||
		(with_created && params->created_at == TIS_NO_CREATED))
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

PG_FUNCTION_INFO_V1(time_in_status_trans);
/* Transition of the forms without as_of: one status change. */
Datum
time_in_status_trans(PG_FUNCTION_ARGS)
{
	return tis_trans(fcinfo, PG_NARGS() > TIS_ARG_CAL, false, false, false);
}

PG_FUNCTION_INFO_V1(time_in_status_as_of_trans);
/* Transition of the forms with as_of (the last argument): one status change. */
Datum
time_in_status_as_of_trans(PG_FUNCTION_ARGS)
{
	return tis_trans(fcinfo, PG_NARGS() > TIS_ARG_CAL + 1, true, false, false);
}

PG_FUNCTION_INFO_V1(resolution_trans);
/*
 * Transition of reopens and of the resolution times without created_at:
 * one status change; the array holds the solved statuses.
 */
Datum
resolution_trans(PG_FUNCTION_ARGS)
{
	return tis_trans(fcinfo, PG_NARGS() > TIS_ARG_CAL, false, false, true);
}

PG_FUNCTION_INFO_V1(resolution_created_trans);
/*
 * Transition of the resolution times with created_at (the last argument):
 * one status change.
 */
Datum
resolution_created_trans(PG_FUNCTION_ARGS)
{
	return tis_trans(fcinfo, PG_NARGS() > TIS_ARG_CAL + 1, false, true, true);
}

PG_FUNCTION_INFO_V1(time_in_status_combine);
/*
 * Combine: the same parameters (counted set, calendar, as_of), then the
 * second state's changes appended.
 */
Datum
time_in_status_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = cs_agg_context(fcinfo, "time_in_status_combine");
	TisState   *state = tis_checked(fcinfo, 0);
	TisState   *other = tis_checked(fcinfo, 1);
	TisCall    *call = tis_call(fcinfo);
	const TisParams *op;
	const TisParams *sp;
	const TisChange *oc;
	int			i;

	if (other == NULL)
		PG_RETURN_POINTER(state);
	op = other->params;
	if (state == NULL)
	{
		TisParams	key = *op;

		if (op->cal != NULL)
			key.cal = tis_intern_cal(fcinfo, call, VARDATA(op->cal),
									 VARSIZE(op->cal) - VARHDRSZ, aggcxt);
		key.counted = tis_intern_set(fcinfo, call, op->counted, aggcxt);
		state = tis_new_state(aggcxt, tis_intern_params(fcinfo, call, &key, aggcxt));
	}
	sp = state->params;
	if (!tis_set_equal(sp->counted, op->counted))
		tis_counted_mismatch(sp->counted, op->counted);
	if (sp->with_cal != op->with_cal || (sp->cal == NULL) != (op->cal == NULL) ||
		(sp->cal != NULL &&
		 !tis_cal_is(sp->cal, VARDATA(op->cal), VARSIZE(op->cal) - VARHDRSZ)))
		tis_cal_mismatch(fcinfo, sp->cal, op->cal);
	if (sp->with_as_of != op->with_as_of || sp->as_of != op->as_of)
		cs_as_of_mismatch(sp->as_of, op->as_of);
	if (sp->with_created != op->with_created || sp->created_at != op->created_at)
		tis_created_mismatch(sp->created_at, op->created_at);

	oc = tis_changes(other);
	for (i = 0; i < other->n; i++)
	{
		uint32		id = oc[i].id;

		if (op->dict != sp->dict)
		{
			uint32		k = id & TIS_ID_MASK;

			id = tis_dict_id(sp->dict, op->dict->str[k], op->dict->len[k]) |
				(id & TIS_COUNTED);
		}
		state = tis_append(state, tis_at(&oc[i]), id);
	}
	if (oc != other->c)
		pfree((void *) oc);
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(time_in_status_serialize);
/*
 * Serialize:
 *		byte	flags: 1 counted is not NULL, 2 a form with a calendar,
 *				4 calendar is not NULL, 8 a form with as_of, 16 a form with
 *				created_at
 *		int32	statuses of the counted set (if not NULL), then each as
 *				int32 length and bytes, in increasing byte order
 *		int32	calendar length and bytes (if not NULL)
 *		int64	as_of (in a form with as_of)
 *		int64	created_at (in a form with created_at; PostgreSQL's
 *				-infinity when NULL)
 *		int32	changes, then each as int64 time, int32 length with bit 31
 *				set when counted, and the status bytes
 * The changes are written in canonical order, a repeated change once, so
 * that the bytes depend only on what the state means, not on the order
 * the rows came in nor on how a parallel plan split them.
 */
Datum
time_in_status_serialize(PG_FUNCTION_ARGS)
{
	TisState   *state = tis_checked(fcinfo, 0);
	const TisParams *params = state->params;
	const TisDict *dict = params->dict;
	const TisChange *c = tis_canonical(state);
	StringInfoData buf;
	int			n = 0;
	int			i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, (params->counted != NULL ? 1 : 0) |
				(params->with_cal ? 2 : 0) | (params->cal != NULL ? 4 : 0) |
				(params->with_as_of ? 8 : 0) | (params->with_created ? 16 : 0));
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
	if (params->with_as_of)
		pq_sendint64(&buf, params->as_of);
	if (params->with_created)
		pq_sendint64(&buf, params->created_at);
	/* in canonical order a repeat follows its first copy */
	for (i = 0; i < state->n; i++)
		if (i == 0 || c[i].id != c[i - 1].id || tis_at(&c[i]) != tis_at(&c[i - 1]))
			n++;
	pq_sendint32(&buf, n);
	for (i = 0; i < state->n; i++)
	{
		uint32		k = c[i].id & TIS_ID_MASK;

		if (i > 0 && c[i].id == c[i - 1].id && tis_at(&c[i]) == tis_at(&c[i - 1]))
			continue;
		pq_sendint64(&buf, tis_at(&c[i]));
		pq_sendint32(&buf, dict->len[k] | (c[i].id & TIS_COUNTED));
		pq_sendbytes(&buf, dict->str[k], dict->len[k]);
	}
	if (c != state->c)
		pfree((void *) c);
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
	MemoryContext aggcxt = cs_agg_context(fcinfo, "time_in_status_deserialize");
	TisCall    *call = tis_call(fcinfo);
	StringInfoData buf;
	int			flags;
	TisParams	key = {0};
	TisState   *state;
	TisDict    *dict;
	uint32		n;
	uint32		i;

	cs_bytea_reader(&buf, bytes);

	flags = pq_getmsgbyte(&buf);
	if ((flags & ~31) != 0 || ((flags & 4) && !(flags & 2)) ||
		((flags & 8) && (flags & 16)))
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
		key.counted = tis_intern_set(fcinfo, call,
									 tis_set_build(str, len, n, NULL, 0, CurrentMemoryContext),
									 aggcxt);
	}
	if (flags & 4)
	{
		uint32		len = tis_getcount(&buf, 1, "calendar bytes");

		key.cal = tis_intern_cal(fcinfo, call, pq_getmsgbytes(&buf, len), len, aggcxt);
	}
	key.with_cal = (flags & 2) != 0;
	key.with_as_of = (flags & 8) != 0;
	key.with_created = (flags & 16) != 0;
	if (key.with_as_of)
	{
		key.as_of = pq_getmsgint64(&buf);
		if (!IS_VALID_TIMESTAMP(key.as_of))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("time in status state has an invalid as_of"),
					 errdetail("Got %lld.", (long long) key.as_of)));
	}
	if (key.with_created)
	{
		key.created_at = pq_getmsgint64(&buf);
		if (key.created_at != TIS_NO_CREATED && !IS_VALID_TIMESTAMP(key.created_at))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("time in status state has an invalid created_at"),
					 errdetail("Got %lld.", (long long) key.created_at)));
	}
	state = tis_new_state(aggcxt, tis_intern_params(fcinfo, call, &key, aggcxt));
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
