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
 * flag (12 bytes), in one allocation: 128 bytes for up to 9 changes, then
 * doubling.  Status texts are kept once per query, in a dictionary of the
 * call site (TisDict: a hash table from text to id, with a small cache of
 * short statuses in front), and are only needed to order changes made at
 * the same instant; the counted flag of a status is worked out when it
 * enters the dictionary.  A row thus costs a dictionary lookup and a
 * 12-byte append.  The final function checks whether the changes are in
 * canonical order (they usually come in time order), sorts a copy if not,
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
#include "csmetrics.h"
#include "status.h"

/* ---------- per-row arguments ---------- */

/*
 * The row's counted set, or NULL: the call site's copy of the sets met so
 * far, found by the array's bytes (TIS_CACHED of them; past that, built in
 * the current memory context).
 */
static const TisSet *
tis_row_counted(FunctionCallInfo fcinfo, TisCall *call)
{
	struct varlena *packed;
	const char *data;
	Size		len;
	const TisSet *set;
	int			i;

	if (call->counted_const)
		return call->const_counted;
	if (PG_ARGISNULL(TIS_ARG_COUNTED))
		return NULL;
	packed = pg_detoast_datum_packed((struct varlena *) PG_GETARG_POINTER(TIS_ARG_COUNTED));
	data = VARDATA_ANY(packed);
	len = VARSIZE_ANY_EXHDR(packed);
	for (i = 0; i < call->nsets; i++)
		if (call->sets[i]->raw != NULL && call->sets[i]->rawlen == len &&
			memcmp(call->sets[i]->raw, data, len) == 0)
			return call->sets[i];
	set = tis_set_from_array(PointerGetDatum(packed),
							 call->nsets < TIS_CACHED ? fcinfo->flinfo->fn_mcxt :
							 CurrentMemoryContext);
	if (call->nsets < TIS_CACHED)
		call->sets[call->nsets++] = set;
	return set;
}

/* The row's calendar (a plain copy in cxt), or NULL. */
static const struct varlena *
tis_row_cal(FunctionCallInfo fcinfo, TisCall *call, MemoryContext cxt)
{
	struct varlena *packed;
	struct varlena *cal;
	Size		len;

	if (call->cal_const)
		return call->const_cal;
	if (PG_ARGISNULL(TIS_ARG_CAL))
		return NULL;
	packed = pg_detoast_datum_packed((struct varlena *) PG_GETARG_POINTER(TIS_ARG_CAL));
	len = VARSIZE_ANY_EXHDR(packed);
	cal = MemoryContextAlloc(cxt, VARHDRSZ + len);
	SET_VARSIZE(cal, VARHDRSZ + len);
	memcpy(VARDATA(cal), VARDATA_ANY(packed), len);
	return cal;
}

/*
 * A new state with the row's parameters, room for cap changes and dictcap
 * bytes of statuses, in the current memory context.
 */
static StsState *
tis_row_state(FunctionCallInfo fcinfo, TisCall *call, bool with_cal,
			  bool with_as_of, int cap, uint32 dictcap)
{
	const TisSet *counted = tis_row_counted(fcinfo, call);
	const struct varlena *cal = NULL;
	TimestampTz as_of = 0;

	if (with_cal)
		cal = tis_row_cal(fcinfo, call, CurrentMemoryContext);
	if (with_as_of)
		as_of = call->as_of_const ? call->const_as_of :
			cs_as_of_arg(fcinfo, TIS_ARG_AS_OF(fcinfo));
	return sts_make((with_cal ? STS_WITH_CAL : 0) | (with_as_of ? STS_WITH_AS_OF : 0),
					counted, cal, as_of, cap, dictcap);
}

/*
 * First call at a transition call site: find out which arguments are
 * constants, and read them; when all are, make the empty state every
 * group of the call site starts from and is compared with.
 */
static void
tis_inspect(FunctionCallInfo fcinfo, TisCall *call, bool with_cal,
			bool with_as_of)
{
	MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

	if (tis_arg_is_const(fcinfo, TIS_ARG_COUNTED))
	{
		call->const_counted = tis_row_counted(fcinfo, call);
		call->counted_const = true;
	}
	if (!with_cal || tis_arg_is_const(fcinfo, TIS_ARG_CAL))
	{
		if (with_cal)
			call->const_cal = tis_row_cal(fcinfo, call, fcinfo->flinfo->fn_mcxt);
		call->cal_const = true;
	}
	if (!with_as_of || tis_arg_is_const(fcinfo, TIS_ARG_AS_OF(fcinfo)))
	{
		if (with_as_of)
			call->const_as_of = cs_as_of_arg(fcinfo, TIS_ARG_AS_OF(fcinfo));
		call->as_of_const = true;
	}
	if (call->counted_const && call->cal_const && call->as_of_const)
		call->image = tis_row_state(fcinfo, call, with_cal, with_as_of, 0, 0);
	call->inspected = true;
	MemoryContextSwitchTo(old);
}

/* ---------- aggregate support functions ---------- */

/*
 * Transition: one status change, of the form with_cal and with_as_of say.
 * Inlined into each entry point, so that each form gets its own copy of
 * the hot path.
 */
static pg_attribute_always_inline Datum
tis_trans(FunctionCallInfo fcinfo, bool with_cal, bool with_as_of)
{
	StsState   *s = sts_state_arg(fcinfo);
	TisCall    *call = tis_call(fcinfo);
	text	   *status;
	uint32		len;
	int64		found;
	uint32		id;

	if (unlikely(!call->inspected))
		tis_inspect(fcinfo, call, with_cal, with_as_of);
	if (call->image != NULL)
	{
		/* the usual case, constant parameters */
		if (s == NULL)
			s = sts_resize(call->image, STS_FIRST_CAP, STS_FIRST_DICT);
		else if (unlikely(!sts_same_params(s, call->image)))
			sts_params_mismatch(fcinfo, s, call->image);
	}
	else if (s == NULL)
		s = tis_row_state(fcinfo, call, with_cal, with_as_of,
						  STS_FIRST_CAP, STS_FIRST_DICT);
	else
	{
		/* every row of the group has the group's parameters */
		StsState   *row = tis_row_state(fcinfo, call, with_cal, with_as_of, 0, 0);

		if (!sts_same_params(s, row))
			sts_params_mismatch(fcinfo, s, row);
		pfree(row);
	}

	/* skipped rows; and with a NULL parameter the result is NULL anyway */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || !(s->flags & STS_HAS_COUNTED) ||
		(with_cal && !(s->flags & STS_HAS_CAL)))
		PG_RETURN_POINTER(s);

	status = PG_GETARG_TEXT_PP(2);
	len = VARSIZE_ANY_EXHDR(status);
	found = sts_find(s, VARDATA_ANY(status), len);
	if (likely(found >= 0))
		id = (uint32) found;
	else
		s = sts_add_status(s, VARDATA_ANY(status), len, &id);
	PG_RETURN_POINTER(sts_append(s, tis_checked_time(PG_GETARG_TIMESTAMPTZ(1)), id));
}

PG_FUNCTION_INFO_V1(status_state_trans);
/* Transition of the forms without as_of: one status change. */
Datum
status_state_trans(PG_FUNCTION_ARGS)
{
	return tis_trans(fcinfo, PG_NARGS() > TIS_ARG_CAL, false);
}

PG_FUNCTION_INFO_V1(status_state_as_of_trans);
/* Transition of the forms with as_of (the last argument): one status change. */
Datum
status_state_as_of_trans(PG_FUNCTION_ARGS)
{
	return tis_trans(fcinfo, PG_NARGS() > TIS_ARG_CAL + 1, true);
}

PG_FUNCTION_INFO_V1(status_state_combine);
/*
 * Combine: the same parameters (form, counted set, calendar, as_of), then
 * the second state's changes appended, through the status texts.  The
 * second state may be NULL (a partial aggregate without rows), have a
 * short header or be toasted (a parallel worker's tuple queue), or come
 * from text (Citus's coordinator calls combine(NULL, state)).
 */
Datum
status_state_combine(PG_FUNCTION_ARGS)
{
	StsState   *s = sts_state_arg(fcinfo);
	const StsState *o;
	const char **str;
	uint32	   *lens;
	uint32	   *map;
	int			k;
	int			i;

	if (PG_ARGISNULL(1))
	{
		if (s == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s);
	}
	o = sts_state_read(fcinfo, 1);
	if (s == NULL)
	{
		s = palloc(VARSIZE(o));
		memcpy(s, o, VARSIZE(o));
		PG_RETURN_POINTER(s);
	}
	if (!sts_same_params(s, o))
		sts_params_mismatch(fcinfo, s, o);
	if (o->n == 0)
		PG_RETURN_POINTER(s);

	/* room for all of it at once */
	if (s->n + o->n > s->cap || s->dictbytes + o->dictbytes > s->dictcap)
		s = sts_resize(s, Max(s->cap, s->n + o->n),
					   Max(s->dictcap, s->dictbytes + o->dictbytes));
	str = sts_status_texts(o, &lens);
	map = palloc(Max(o->nstat, 1) * sizeof(uint32));
	for (k = 0; k < o->nstat; k++)
	{
		int64		found = sts_find(s, str[k], lens[k]);

		if (found >= 0)
			map[k] = (uint32) found;
		else
			s = sts_add_status(s, str[k], lens[k], &map[k]);
	}
	for (i = 0; i < o->n; i++)
	{
		const TisChange *c = &STS_CHANGES(o)[i];

		s = sts_append(s, tis_at(c), map[c->id & TIS_ID_MASK]);
	}
	pfree(str);
	pfree(lens);
	pfree(map);
	PG_RETURN_POINTER(s);
}
