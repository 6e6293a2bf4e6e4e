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
 * first_response_time needs no sort.  Its state keeps the earliest customer
 * message c0, the earliest agent message after c0 (the reply so far), and
 * the agent messages at or before c0: a customer message arriving later
 * with an earlier time moves c0 back, and one of those may then become the
 * reply.  Agent messages after the current reply can never become the reply
 * again, so they are dropped.  In time order (the usual case) the kept list
 * is empty but for agent-started tickets.
 *
 * avg_response_time and the response_time window function need the whole
 * conversation in order: they keep every message, sort, and pair.
 */
#include "postgres.h"

#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/memutils.h"
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

/*
 * The optional calendar argument (the fourth of a transition function):
 * remembered in the state's slot; a NULL calendar is an error, since the
 * group could not be measured.
 */
static void
conv_take_calendar(FunctionCallInfo fcinfo, int argno, ConvCalendar *slot,
				   MemoryContext cxt)
{
	if (PG_NARGS() <= argno)
		return;
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("calendar must not be NULL"),
				 errhint("Pass a calendar, or leave the argument out to measure calendar time.")));
	ConvCalendarRemember(slot, PG_GETARG_DATUM(argno), cxt);
}

/* ---------- first_response_time ---------- */

typedef struct FrtState
{
	bool		has_customer;
	bool		has_reply;
	TimestampTz first_customer; /* c0: earliest customer message */
	TimestampTz reply;			/* earliest agent message after c0 */
	int			nearly;			/* agent messages at or before c0 */
	int			earlycap;
	TimestampTz *early;
	ConvCalendar cal;			/* business calendar, or none */
} FrtState;

static void
frt_offer_reply(FrtState *state, TimestampTz t)
{
	if (!state->has_reply || t < state->reply)
	{
		state->reply = t;
		state->has_reply = true;
	}
}

static void
frt_add_agent(FrtState *state, TimestampTz t, MemoryContext cxt)
{
	if (state->has_customer && t > state->first_customer)
	{
		frt_offer_reply(state, t);
		return;
	}
	if (state->nearly == state->earlycap)
	{
		state->earlycap = Max(8, state->earlycap * 2);
		if (state->early == NULL)
			state->early = MemoryContextAlloc(cxt, state->earlycap * sizeof(TimestampTz));
		else
			state->early = repalloc(state->early, state->earlycap * sizeof(TimestampTz));
	}
	state->early[state->nearly++] = t;
}

static void
frt_add_customer(FrtState *state, TimestampTz t)
{
	int			keep = 0;
	int			i;

	if (state->has_customer && t >= state->first_customer)
		return;
	state->first_customer = t;
	state->has_customer = true;

	/* kept agent messages after the new c0 are candidate replies now */
	for (i = 0; i < state->nearly; i++)
	{
		if (state->early[i] > t)
			frt_offer_reply(state, state->early[i]);
		else
			state->early[keep++] = state->early[i];
	}
	state->nearly = keep;
}

static FrtState *
frt_new_state(MemoryContext cxt)
{
	return MemoryContextAllocZero(cxt, sizeof(FrtState));
}

PG_FUNCTION_INFO_V1(frt_trans);
/*
 * Transition: one message; rows with a NULL time or sender are skipped.
 * The same function serves the form with a calendar (a fourth argument).
 */
Datum
frt_trans(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = cs_agg_context(fcinfo, "frt_trans");
	FrtState   *state = PG_ARGISNULL(0) ? NULL : (FrtState *) PG_GETARG_POINTER(0);
	TimestampTz t;

	if (state == NULL)
		state = frt_new_state(cxt);
	conv_take_calendar(fcinfo, 3, &state->cal, cxt);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(state);

	t = ConvCheckedTime(PG_GETARG_TIMESTAMPTZ(1));
	if (PG_GETARG_BOOL(2))
		frt_add_agent(state, t, cxt);
	else
		frt_add_customer(state, t);
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(frt_combine);
/* Combine: the customer side first, then every agent message kept. */
Datum
frt_combine(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = cs_agg_context(fcinfo, "frt_combine");
	FrtState   *state = PG_ARGISNULL(0) ? NULL : (FrtState *) PG_GETARG_POINTER(0);
	FrtState   *other = PG_ARGISNULL(1) ? NULL : (FrtState *) PG_GETARG_POINTER(1);
	int			i;

	if (other == NULL)
		PG_RETURN_POINTER(state);
	if (state == NULL)
		state = frt_new_state(cxt);

	ConvCalendarMerge(&state->cal, &other->cal, cxt);
	if (other->has_customer)
		frt_add_customer(state, other->first_customer);
	if (other->has_reply)
		frt_add_agent(state, other->reply, cxt);
	for (i = 0; i < other->nearly; i++)
		frt_add_agent(state, other->early[i], cxt);
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(frt_serialize);
/* Serialize: flags, c0, reply, the kept agent messages, the calendar. */
Datum
frt_serialize(PG_FUNCTION_ARGS)
{
	FrtState   *state = (FrtState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, (state->has_customer ? 1 : 0) | (state->has_reply ? 2 : 0));
	pq_sendint64(&buf, state->first_customer);
	pq_sendint64(&buf, state->reply);
	pq_sendint32(&buf, state->nearly);
	for (i = 0; i < state->nearly; i++)
		pq_sendint64(&buf, state->early[i]);
	ConvCalendarSerialize(&buf, &state->cal);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(frt_deserialize);
/* Deserialize, checking every length. */
Datum
frt_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	MemoryContext cxt = cs_agg_context(fcinfo, "frt_deserialize");
	FrtState   *state = frt_new_state(cxt);
	StringInfoData buf;
	int			flags;
	int			n;
	int			i;

	cs_bytea_reader(&buf, bytes);

	flags = pq_getmsgbyte(&buf);
	state->has_customer = (flags & 1) != 0;
	state->has_reply = (flags & 2) != 0;
	state->first_customer = pq_getmsgint64(&buf);
	state->reply = pq_getmsgint64(&buf);
	n = pq_getmsgint(&buf, 4);
	if (n < 0 || n > (buf.len - buf.cursor) / (int) sizeof(int64))
		elog(ERROR, "invalid first-response state: %d kept messages", n);
	for (i = 0; i < n; i++)
		frt_add_agent(state, pq_getmsgint64(&buf), cxt);
	ConvCalendarDeserialize(&buf, &state->cal, cxt);
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(state);
}

/*
 * The first response time in microseconds (business time with a
 * calendar), or false when unanswered.
 */
static bool
frt_result(FunctionCallInfo fcinfo, int64 *usecs)
{
	FrtState   *state = PG_ARGISNULL(0) ? NULL : (FrtState *) PG_GETARG_POINTER(0);

	if (state == NULL || !state->has_reply)
		return false;
	*usecs = ConvWait(fcinfo, &state->cal, state->first_customer, state->reply);
	return true;
}

PG_FUNCTION_INFO_V1(frt_final);
/* Final: the first response time as an interval. */
Datum
frt_final(PG_FUNCTION_ARGS)
{
	int64		usecs;

	if (!frt_result(fcinfo, &usecs))
		PG_RETURN_NULL();
	PG_RETURN_INTERVAL_P(cs_interval_from_usecs(usecs));
}

PG_FUNCTION_INFO_V1(frt_seconds_final);
/* Final: the first response time in seconds. */
Datum
frt_seconds_final(PG_FUNCTION_ARGS)
{
	int64		usecs;

	if (!frt_result(fcinfo, &usecs))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) usecs / USECS_PER_SEC);
}

/* ---------- avg_response_time: the whole conversation ---------- */

typedef struct ConvState
{
	int			n;
	int			cap;
	ConvMessage *msgs;
	ConvCalendar cal;			/* business calendar, or none */
} ConvState;

static void
conv_append(ConvState *state, TimestampTz t, bool from_agent, MemoryContext cxt)
{
	if (state->n == state->cap)
	{
		if (state->cap >= (int) (MaxAllocSize / sizeof(ConvMessage) / 2))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("conversation has too many messages"),
					 errdetail("The limit is %d messages per group.", state->cap)));
		state->cap = Max(8, state->cap * 2);
		if (state->msgs == NULL)
			state->msgs = MemoryContextAlloc(cxt, state->cap * sizeof(ConvMessage));
		else
			state->msgs = repalloc(state->msgs, state->cap * sizeof(ConvMessage));
	}
	state->msgs[state->n].sent_at = t;
	state->msgs[state->n].from_agent = from_agent;
	state->msgs[state->n].pos = 0;
	state->n++;
}

PG_FUNCTION_INFO_V1(conv_trans);
/* Transition: keep one message; rows with a NULL time or sender are skipped. */
Datum
conv_trans(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = cs_agg_context(fcinfo, "conv_trans");
	ConvState  *state = PG_ARGISNULL(0) ? NULL : (ConvState *) PG_GETARG_POINTER(0);

	if (state == NULL)
		state = MemoryContextAllocZero(cxt, sizeof(ConvState));
	conv_take_calendar(fcinfo, 3, &state->cal, cxt);
	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
		conv_append(state, ConvCheckedTime(PG_GETARG_TIMESTAMPTZ(1)),
					PG_GETARG_BOOL(2), cxt);
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(conv_combine);
/* Combine: concatenate the two message lists. */
Datum
conv_combine(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = cs_agg_context(fcinfo, "conv_combine");
	ConvState  *state = PG_ARGISNULL(0) ? NULL : (ConvState *) PG_GETARG_POINTER(0);
	ConvState  *other = PG_ARGISNULL(1) ? NULL : (ConvState *) PG_GETARG_POINTER(1);
	int			i;

	if (other == NULL)
		PG_RETURN_POINTER(state);
	if (state == NULL)
		state = MemoryContextAllocZero(cxt, sizeof(ConvState));
	ConvCalendarMerge(&state->cal, &other->cal, cxt);
	for (i = 0; i < other->n; i++)
		conv_append(state, other->msgs[i].sent_at, other->msgs[i].from_agent, cxt);
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(conv_serialize);
/* Serialize: the count, (time, sender) per message, the calendar. */
Datum
conv_serialize(PG_FUNCTION_ARGS)
{
	ConvState  *state = (ConvState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, state->n);
	for (i = 0; i < state->n; i++)
	{
		pq_sendint64(&buf, state->msgs[i].sent_at);
		pq_sendbyte(&buf, state->msgs[i].from_agent ? 1 : 0);
	}
	ConvCalendarSerialize(&buf, &state->cal);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(conv_deserialize);
/* Deserialize, checking every length. */
Datum
conv_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	MemoryContext cxt = cs_agg_context(fcinfo, "conv_deserialize");
	ConvState  *state = MemoryContextAllocZero(cxt, sizeof(ConvState));
	StringInfoData buf;
	int			n;
	int			i;

	cs_bytea_reader(&buf, bytes);

	n = pq_getmsgint(&buf, 4);
	if (n < 0 || n > (buf.len - buf.cursor) / 9)
		elog(ERROR, "invalid conversation state: %d messages", n);
	for (i = 0; i < n; i++)
	{
		TimestampTz t = pq_getmsgint64(&buf);

		conv_append(state, t, pq_getmsgbyte(&buf) != 0, cxt);
	}
	ConvCalendarDeserialize(&buf, &state->cal, cxt);
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(state);
}

typedef struct WaitSum
{
	FunctionCallInfo fcinfo;
	const ConvCalendar *cal;
	int128		total;
	int64		count;
} WaitSum;

static void
wait_sum_add(void *arg, int index, TimestampTz since, TimestampTz replied_at)
{
	WaitSum    *sum = (WaitSum *) arg;

	(void) index;
	sum->total += (int128) ConvWait(sum->fcinfo, sum->cal, since, replied_at);
	sum->count++;
}

/*
 * Mean wait in microseconds, rounded half away from zero; false when the
 * conversation has no reply.  Sorting in place leaves the state holding the
 * same messages, so the final function stays read-only in effect.
 */
static bool
conv_mean_wait(FunctionCallInfo fcinfo, int64 *usecs)
{
	ConvState  *state = PG_ARGISNULL(0) ? NULL : (ConvState *) PG_GETARG_POINTER(0);
	WaitSum		sum = {fcinfo, NULL, 0, 0};

	if (state == NULL || state->n == 0)
		return false;
	sum.cal = &state->cal;
	ConvSortMessages(state->msgs, state->n);
	ConvPairReplies(state->msgs, state->n, wait_sum_add, &sum);
	if (sum.count == 0)
		return false;
	*usecs = (int64) ((sum.total + sum.count / 2) / sum.count);
	return true;
}

PG_FUNCTION_INFO_V1(avg_response_final);
/* Final: the mean reply wait as an interval. */
Datum
avg_response_final(PG_FUNCTION_ARGS)
{
	int64		usecs;

	if (!conv_mean_wait(fcinfo, &usecs))
		PG_RETURN_NULL();
	PG_RETURN_INTERVAL_P(cs_interval_from_usecs(usecs));
}

PG_FUNCTION_INFO_V1(avg_response_seconds_final);
/* Final: the mean reply wait in seconds. */
Datum
avg_response_seconds_final(PG_FUNCTION_ARGS)
{
	int64		usecs;

	if (!conv_mean_wait(fcinfo, &usecs))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) usecs / USECS_PER_SEC);
}
