/*
 * conversation_state.c
 *		What frt_state and reply_state share: allocation, copying and
 *		checking a state, the state arguments of the support functions, and
 *		the calendar a state keeps.
 *
 * Both types are a ConvStateHeader, fixed fields, the optional calendar,
 * then arrays of cap elements each (conversation.h); a ConvStateKind says
 * which.  A new or grown state is allocated in the current memory
 * context, never in the aggregate's: the executor (nodeAgg, nodeWindowAgg,
 * Citus) copies a state a support function returns into the aggregate
 * context and frees the one it replaces, unless it is the same pointer,
 * which is how an update in place costs nothing.
 */
#include "postgres.h"
#include "compat.h"

#include "fmgr.h"

#include "conversation.h"
#include "csmetrics.h"

const ConvStateKind FrtKind = {
	"frt_state", "first-response state",
	"first_response_time() or first_response_seconds()",
	sizeof(FrtState), {sizeof(TimestampTz), 0}, FrtFromLog, FrtToLog
};

const ConvStateKind ReplyKind = {
	"reply_state", "reply state",
	"avg_response_time() or avg_response_seconds()",
	sizeof(ReplyState), {sizeof(TimestampTz), sizeof(bool)}, ReplyFromLog, ReplyToLog
};

/* Bytes of room per message. */
static inline Size
conv_elemsize(const ConvStateKind *kind)
{
	return kind->elem[0] + kind->elem[1];
}

/*
 * A new, empty state in the current memory context: the fixed fields
 * zeroed, then the calendar (or none), then room for cap messages.
 */
void *
ConvStateAlloc(const ConvStateKind *kind, const struct varlena *cal, int cap)
{
	Size		size;
	ConvStateHeader *h;

	if (cap > CONV_MAX_MESSAGES)
		ConvTooManyMessages();
	size = kind->hdrsize + ConvCalendarSpace(cal) + (Size) cap * conv_elemsize(kind);
	h = palloc0(size);
	SET_VARSIZE(h, size);
	h->version = CONV_STATE_VERSION;
	h->cap = cap;
	if (cal != NULL)
	{
		h->flags = CONV_CALENDAR;
		memcpy((char *) h + kind->hdrsize, cal, VARSIZE(cal));
	}
	return h;
}

/*
 * A copy of state s in the current memory context, with the calendar cal
 * (s's own, or one it takes) and room for cap >= n messages.
 */
void *
ConvStateCopy(const ConvStateKind *kind, const void *s,
			  const struct varlena *cal, int cap)
{
	const ConvStateHeader *h = (const ConvStateHeader *) s;
	ConvStateHeader *copy = ConvStateAlloc(kind, cal, cap);
	const char *from = ConvStateArrays(h, kind->hdrsize);
	char	   *to = ConvStateArrays(copy, kind->hdrsize);
	int			i;

	Assert(cap >= h->n);
	copy->flags |= h->flags & ~CONV_CALENDAR;
	copy->n = h->n;
	memcpy(copy + 1, h + 1, kind->hdrsize - sizeof(ConvStateHeader));
	for (i = 0; i < (int) lengthof(kind->elem) && kind->elem[i] > 0; i++)
	{
		memcpy(to, from, (Size) h->n * kind->elem[i]);
		from += (Size) h->cap * kind->elem[i];
		to += (Size) cap * kind->elem[i];
	}
	return copy;
}

/*
 * The room to give a state of cap messages that needs room for need: at
 * least double (amortized O(1) a message), within CONV_MAX_MESSAGES.
 */
int
ConvStateGrowCap(int cap, int64 need)
{
	if (need > CONV_MAX_MESSAGES)
		ConvTooManyMessages();
	return (int) Min(Max(need, 2 * (int64) cap), CONV_MAX_MESSAGES);
}

/*
 * Check the layout of a state value (untoasted).  Every value of the types
 * comes from their validated input or from these aggregates, so a mismatch
 * cannot happen: hence elog.
 */
void
ConvStateCheck(const ConvStateKind *kind, const void *s)
{
	const ConvStateHeader *h = (const ConvStateHeader *) s;
	Size		size = VARSIZE(h);
	Size		calspace = 0;

	if (size < kind->hdrsize || h->version != CONV_STATE_VERSION)
		elog(ERROR, "corrupt %s: %zu bytes, version %d", kind->name,
			 size, size >= kind->hdrsize ? h->version : -1);
	if (h->flags & CONV_CALENDAR)
	{
		const struct varlena *cal = ConvStateCalendar(h, kind->hdrsize);

		if (size - kind->hdrsize < VARHDRSZ || VARATT_IS_EXTENDED(cal) ||
			VARSIZE(cal) <= VARHDRSZ || VARSIZE(cal) > size - kind->hdrsize)
			elog(ERROR, "corrupt %s: a calendar in %zu bytes", kind->name,
				 size - kind->hdrsize);
		calspace = ConvCalendarSpace(cal);
	}
	if (h->n < 0 || h->n > h->cap || h->cap > CONV_MAX_MESSAGES ||
		size != kind->hdrsize + calspace + (Size) h->cap * conv_elemsize(kind))
		elog(ERROR, "corrupt %s: %d of %d messages in %zu bytes", kind->name,
			 h->n, h->cap, size);
}

/*
 * The state argument of a transition or combine function: NULL, or a
 * state to update in place.  These functions change their argument, so
 * they run only inside an aggregate.  A toasted or short-header state (a
 * user's aggregate can start from any value of the type) is first copied;
 * the executor then keeps the copy.
 */
void *
ConvStateArg(const ConvStateKind *kind, FunctionCallInfo fcinfo)
{
	void	   *s;

	cs_in_place_only(fcinfo, kind->name, kind->use);
	if (PG_ARGISNULL(0))
		return NULL;
	s = PG_GETARG_POINTER(0);
	if (unlikely(VARATT_IS_EXTENDED(s)))
	{
		s = PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
		ConvStateCheck(kind, s);
	}
	return s;
}

/*
 * A state to read, not to change: the second argument of a combine
 * function, or the argument of a final or output function; any datum of
 * the type, detoasted (a copy, aligned, when it had a short header).
 */
const void *
ConvStateOther(const ConvStateKind *kind, FunctionCallInfo fcinfo, int argno)
{
	const void *s = PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	ConvStateCheck(kind, s);
	return s;
}

/*
 * The calendar argument (the fourth) of a transition row: the group's
 * first row puts it in the state (a new one, with room for firstcap
 * messages, or a copy); every later row's must be the same.
 */
void *
ConvStateRowCalendar(const ConvStateKind *kind, FunctionCallInfo fcinfo,
					 void *s, int firstcap)
{
	struct varlena *cal = s ? ConvStateCalendar(s, kind->hdrsize) : NULL;

	if (!ConvCalendarRemember(&cal, PG_GETARG_DATUM(3), PG_ARGISNULL(3),
							  CurrentMemoryContext))
		return s;
	if (s == NULL)
		return ConvStateAlloc(kind, cal, firstcap);
	return ConvStateCopy(kind, s, cal, ((ConvStateHeader *) s)->cap);
}

/*
 * The arguments of a combine function: the state to merge into, and in
 * *other the state to merge (argument 1, any datum of the type: a short
 * header from a parallel worker's tuple queue, toasted, or read from text
 * on Citus's coordinator).  When there is nothing to merge, *other is NULL
 * and the result is the combine function's: the state, a copy of the other
 * one, or NULL.  A calendar in both must be the same; a state without one
 * takes the other's (in a copy, returned).
 */
void *
ConvStateMergeArgs(const ConvStateKind *kind, FunctionCallInfo fcinfo,
				   const void **other)
{
	void	   *s = ConvStateArg(kind, fcinfo);
	const void *o;
	const struct varlena *cal;
	const struct varlena *ocal;

	*other = NULL;
	if (PG_ARGISNULL(1))
		return s;
	o = ConvStateOther(kind, fcinfo, 1);
	ocal = ConvStateCalendar(o, kind->hdrsize);
	if (s == NULL)
		return ConvStateCopy(kind, o, ocal, ((const ConvStateHeader *) o)->n);

	*other = o;
	cal = ConvStateCalendar(s, kind->hdrsize);
	if (ocal == NULL)
		return s;
	if (cal == NULL)
		return ConvStateCopy(kind, s, ocal, ((ConvStateHeader *) s)->cap);
	if (VARSIZE(cal) != VARSIZE(ocal) || memcmp(cal, ocal, VARSIZE(cal)) != 0)
		ConvCalendarsDiffer();
	return s;
}
