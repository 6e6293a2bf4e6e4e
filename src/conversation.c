/*
 * conversation.c
 *		Message-log timing: first response time, reply pairing and the
 *		average response time.
 *
 * Definitions (../shared/metrics.md):
 *
 * - First response time: from the conversation's first customer message to
 *   the first agent message strictly after it.  Agent messages before the
 *   first customer message (agent-started tickets) are not replies.  NULL
 *   while unanswered.
 * - Reply pairing: each agent message that follows one or more unanswered
 *   customer messages answers them all; its wait runs from the oldest of
 *   them.  Further agent messages before the next customer message answer
 *   nothing.
 * - Average response time: the mean of those waits.
 *
 * Input order never matters (conversation.h gives the canonical order).
 *
 * first_response_time needs no sort.  Its state (frt_state, conversation.h)
 * keeps the earliest customer message c0, the earliest agent message after
 * c0 (the reply so far), and the agent messages at or before c0: a customer
 * message arriving later with an earlier time moves c0 back, and one of
 * those may then become the reply.  Agent messages after the current reply
 * can never become the reply again, so they are dropped.  In time order
 * (the usual case) the kept list is empty but for agent-started tickets,
 * and the state is 32 bytes, updated in place.  Merging two states adds
 * the other's c0, reply and kept messages to the first, so the state of any
 * split of the rows gives the same answer.
 *
 * avg_response_time (conversation_reply.c) and the response_time window
 * function (conversation_window.c) need the whole conversation in order:
 * they keep every message, sort, and pair.
 */
#include "postgres.h"
#include "compat.h"

#include "fmgr.h"
#include "utils/timestamp.h"

#include "csmetrics.h"
#include "conversation.h"

/* ---------- shared helpers ---------- */

/* Message times must be finite: +-infinity has no distance to anything. */
TimestampTz
ConvCheckedTime(TimestampTz t)
{
	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("message time must be finite"),
				 errdetail("Got %s.", timestamptz_to_str(t)),
				 errhint("Leave messages without a real send time out, or pass NULL.")));
	return t;
}

/* Canonical order: by time, agent messages first at equal times. */
static int
conv_message_cmp(const void *a, const void *b)
{
	const ConvMessage *ma = (const ConvMessage *) a;
	const ConvMessage *mb = (const ConvMessage *) b;

	if (ma->sent_at != mb->sent_at)
		return ma->sent_at < mb->sent_at ? -1 : 1;
	if (ma->from_agent != mb->from_agent)
		return ma->from_agent ? -1 : 1;
	if (ma->pos != mb->pos)
		return ma->pos < mb->pos ? -1 : 1;
	return 0;
}

void
ConvSortMessages(ConvMessage *msgs, int n)
{
	qsort(msgs, n, sizeof(ConvMessage), conv_message_cmp);
}

/*
 * Walk sorted messages and report each reply with the time its wait
 * started: the oldest customer message not yet answered.
 */
void
ConvPairReplies(const ConvMessage *msgs, int n, ConvWaitCallback callback,
				void *arg)
{
	bool		waiting = false;
	TimestampTz since = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		if (!msgs[i].from_agent)
		{
			if (!waiting)
			{
				waiting = true;
				since = msgs[i].sent_at;
			}
		}
		else if (waiting)
		{
			callback(arg, i, since, msgs[i].sent_at);
			waiting = false;
		}
	}
}

/* A state may keep at most CONV_MAX_MESSAGES messages. */
void
ConvTooManyMessages(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("conversation has too many messages"),
			 errdetail("The limit is %d messages per group.", CONV_MAX_MESSAGES)));
}

/* ---------- first_response_time: frt_state ---------- */

static inline void
frt_offer_reply(FrtState *s, TimestampTz t)
{
	if (!(s->h.flags & FRT_REPLY) || t < s->reply)
	{
		s->reply = t;
		s->h.flags |= FRT_REPLY;
	}
}

/* Count an agent message: s, or a grown copy of it when the list is full. */
static FrtState *
frt_add_agent(FrtState *s, TimestampTz t)
{
	if ((s->h.flags & FRT_CUSTOMER) && t > s->first_customer)
	{
		frt_offer_reply(s, t);
		return s;
	}
	if (unlikely(s->h.n == s->h.cap))
		s = ConvStateCopy(&FrtKind, s, FrtCalendar(s),
						  ConvStateGrowCap(s->h.cap, Max(4, s->h.n + 1)));
	FrtEarly(s)[s->h.n++] = t;
	return s;
}

/* Count a customer message (in place). */
static void
frt_add_customer(FrtState *s, TimestampTz t)
{
	TimestampTz *early = FrtEarly(s);
	int			keep = 0;
	int			i;

	if ((s->h.flags & FRT_CUSTOMER) && t >= s->first_customer)
		return;
	s->first_customer = t;
	s->h.flags |= FRT_CUSTOMER;

	/* kept agent messages after the new c0 are candidate replies now */
	for (i = 0; i < s->h.n; i++)
	{
		if (early[i] > t)
			frt_offer_reply(s, early[i]);
		else
			early[keep++] = early[i];
	}
	s->h.n = keep;
}

PG_FUNCTION_INFO_V1(frt_state_add);
/*
 * Transition of first_response_time and first_response_seconds: one
 * message; rows with a NULL time or sender count nothing.  The same
 * function serves the form with a calendar (a fourth argument), whose
 * every row must give the same calendar: a group's first row puts it in
 * the state.
 */
Datum
frt_state_add(PG_FUNCTION_ARGS)
{
	FrtState   *s = ConvStateArg(&FrtKind, fcinfo);
	TimestampTz t;

	if (PG_NARGS() > 3)
		s = ConvStateRowCalendar(&FrtKind, fcinfo, s, 0);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		CONV_RETURN_STATE(s);

	t = ConvCheckedTime(PG_GETARG_TIMESTAMPTZ(1));
	if (s == NULL)
		s = ConvStateAlloc(&FrtKind, NULL, 0);
	if (PG_GETARG_BOOL(2))
		s = frt_add_agent(s, t);
	else
		frt_add_customer(s, t);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(frt_state_merge);
/*
 * Combine function of first_response_time and first_response_seconds
 * (parallel plans, Citus's coordinator): merge a state into the state, the
 * customer side first, then every agent message it keeps.  Either may be
 * NULL.
 */
Datum
frt_state_merge(PG_FUNCTION_ARGS)
{
	const FrtState *o;
	FrtState   *s = ConvStateMergeArgs(&FrtKind, fcinfo, (const void **) &o);
	int			i;

	if (o == NULL)
		CONV_RETURN_STATE(s);
	if (o->h.flags & FRT_CUSTOMER)
		frt_add_customer(s, o->first_customer);
	if (o->h.flags & FRT_REPLY)
		s = frt_add_agent(s, o->reply);
	for (i = 0; i < o->h.n; i++)
		s = frt_add_agent(s, FrtEarly(o)[i]);
	PG_RETURN_POINTER(s);
}

/*
 * The first response time in microseconds (business time with a
 * calendar), or false when unanswered.  Reads the state only: final
 * functions may run again on the same state (window frames).
 */
static bool
frt_result(FunctionCallInfo fcinfo, int64 *usecs)
{
	const FrtState *s;

	if (PG_ARGISNULL(0))
		return false;
	s = ConvStateOther(&FrtKind, fcinfo, 0);
	if (!(s->h.flags & FRT_REPLY))
		return false;
	*usecs = ConvWait(fcinfo, FrtCalendar(s), s->first_customer, s->reply);
	return true;
}

PG_FUNCTION_INFO_V1(frt_state_final);
/* Final step of first_response_time: the interval, NULL while unanswered. */
Datum
frt_state_final(PG_FUNCTION_ARGS)
{
	int64		usecs;

	if (!frt_result(fcinfo, &usecs))
		PG_RETURN_NULL();
	PG_RETURN_INTERVAL_P(cs_interval_from_usecs(usecs));
}

PG_FUNCTION_INFO_V1(frt_state_seconds_final);
/* Final step of first_response_seconds: seconds, NULL while unanswered. */
Datum
frt_state_seconds_final(PG_FUNCTION_ARGS)
{
	int64		usecs;

	if (!frt_result(fcinfo, &usecs))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) usecs / USECS_PER_SEC);
}

/* A frt_state of a message log (the input functions): what it keeps. */
void *
FrtFromLog(const ConvLog *log)
{
	FrtState   *s = ConvStateAlloc(&FrtKind, log->cal, 0);
	int			i;

	for (i = 0; i < log->n; i++)
	{
		if (log->msgs[i].from_agent)
			s = frt_add_agent(s, log->msgs[i].sent_at);
		else
			frt_add_customer(s, log->msgs[i].sent_at);
	}
	return s;
}

/* The messages a frt_state keeps, in canonical order (the output functions). */
void
FrtToLog(const void *state, ConvLog *log)
{
	const FrtState *s = (const FrtState *) state;
	int			i;

	log->n = 0;
	log->msgs = palloc(((Size) s->h.n + 2) * sizeof(ConvMessage));
	log->cal = FrtCalendar(s);
	for (i = 0; i < s->h.n; i++)
		log->msgs[log->n++] = (ConvMessage) {FrtEarly(s)[i], true, 0};
	if (s->h.flags & FRT_CUSTOMER)
		log->msgs[log->n++] = (ConvMessage) {s->first_customer, false, 0};
	if (s->h.flags & FRT_REPLY)
		log->msgs[log->n++] = (ConvMessage) {s->reply, true, 0};
	ConvSortMessages(log->msgs, log->n);
}
