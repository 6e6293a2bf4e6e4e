/*
 * conversation_reply.c
 *		avg_response_time and avg_response_seconds: the mean wait of the
 *		replies of a conversation, and their state, reply_state.
 *
 * Reply pairing needs the whole conversation in canonical order
 * (conversation.c), so the state keeps every message: times and senders in
 * two arrays (9 bytes a message), grown by doubling, with the group's
 * calendar when it has one (conversation.h).  Appending keeps track of
 * whether the messages are still in canonical order, as they are when the
 * log is read in time order: the final step then pairs them as they are,
 * and sorts a copy otherwise (a final function only reads its state).
 * Merging two states appends the other's messages.
 *
 * The first state of a group has room for REPLY_FIRST_CAP messages: with
 * the 16-byte header that is 124 bytes, one 128-byte allocation, enough
 * for most conversations without growing.
 */
#include "postgres.h"
#include "compat.h"

#include "fmgr.h"
#include "utils/timestamp.h"

#include "csmetrics.h"
#include "conversation.h"

#define REPLY_FIRST_CAP 12

/* Append one message to a state with room for it. */
static inline void
reply_append(ReplyState *s, TimestampTz t, bool agent)
{
	TimestampTz *times = ReplyTimes(s);
	bool	   *agents = ReplyAgents(s);
	int			n = s->h.n;

	/* canonical order: by time, agent messages first at equal times */
	if (n > 0 && (t < times[n - 1] ||
				  (t == times[n - 1] && agent && !agents[n - 1])))
		s->h.flags |= REPLY_UNSORTED;
	times[n] = t;
	agents[n] = agent;
	s->h.n = n + 1;
}

/* s, or a grown copy of it, with room for more messages. */
static ReplyState *
reply_reserve(ReplyState *s, int64 more)
{
	int64		need = (int64) s->h.n + more;

	if (likely(need <= s->h.cap))
		return s;
	return ConvStateCopy(&ReplyKind, s, ReplyCalendar(s),
						 ConvStateGrowCap(s->h.cap, need));
}

PG_FUNCTION_INFO_V1(reply_state_add);
/*
 * Transition of avg_response_time and avg_response_seconds: keep one
 * message; rows with a NULL time or sender keep nothing.  The same
 * function serves the form with a calendar (a fourth argument), whose
 * every row must give the same calendar.
 */
Datum
reply_state_add(PG_FUNCTION_ARGS)
{
	ReplyState *s = ConvStateArg(&ReplyKind, fcinfo);
	TimestampTz t;

	if (PG_NARGS() > 3)
		s = ConvStateRowCalendar(&ReplyKind, fcinfo, s, REPLY_FIRST_CAP);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		CONV_RETURN_STATE(s);

	t = ConvCheckedTime(PG_GETARG_TIMESTAMPTZ(1));
	if (s == NULL)
		s = ConvStateAlloc(&ReplyKind, NULL, REPLY_FIRST_CAP);
	else
		s = reply_reserve(s, 1);
	reply_append(s, t, PG_GETARG_BOOL(2));
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(reply_state_merge);
/*
 * Combine function of avg_response_time and avg_response_seconds
 * (parallel plans, Citus's coordinator): append the messages of a state to
 * the state.  Either may be NULL.
 */
Datum
reply_state_merge(PG_FUNCTION_ARGS)
{
	const ReplyState *o;
	ReplyState *s = ConvStateMergeArgs(&ReplyKind, fcinfo, (const void **) &o);
	int			i;

	if (o == NULL)
		CONV_RETURN_STATE(s);
	s = reply_reserve(s, o->h.n);
	for (i = 0; i < o->h.n; i++)
		reply_append(s, ReplyTimes(o)[i], ReplyAgents(o)[i]);
	PG_RETURN_POINTER(s);
}

/*
 * The messages of a state as a log, in canonical order: a new array (the
 * state is only read), sorted unless the state already was.  For the final
 * step and the output functions.
 */
void
ReplyToLog(const void *state, ConvLog *log)
{
	const ReplyState *s = (const ReplyState *) state;
	const TimestampTz *times = ReplyTimes(s);
	const bool *agents = ReplyAgents(s);
	int			i;

	log->n = s->h.n;
	log->msgs = palloc(Max(s->h.n, 1) * sizeof(ConvMessage));
	log->cal = ReplyCalendar(s);
	for (i = 0; i < s->h.n; i++)
		log->msgs[i] = (ConvMessage) {times[i], agents[i], i};
	if (s->h.flags & REPLY_UNSORTED)
		ConvSortMessages(log->msgs, log->n);
}

typedef struct WaitSum
{
	FunctionCallInfo fcinfo;
	const struct varlena *cal;
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
 * conversation has no reply.
 */
static bool
reply_mean_wait(FunctionCallInfo fcinfo, int64 *usecs)
{
	const ReplyState *s;
	ConvLog		log;
	WaitSum		sum = {fcinfo, NULL, 0, 0};

	if (PG_ARGISNULL(0))
		return false;
	s = ConvStateOther(&ReplyKind, fcinfo, 0);
	if (s->h.n == 0)
		return false;
	ReplyToLog(s, &log);
	sum.cal = log.cal;
	ConvPairReplies(log.msgs, log.n, wait_sum_add, &sum);
	pfree(log.msgs);
	if (sum.count == 0)
		return false;
	*usecs = (int64) ((sum.total + sum.count / 2) / sum.count);
	return true;
}

PG_FUNCTION_INFO_V1(reply_state_final);
/* Final step of avg_response_time: the mean reply wait as an interval. */
Datum
reply_state_final(PG_FUNCTION_ARGS)
{
	int64		usecs;

	if (!reply_mean_wait(fcinfo, &usecs))
		PG_RETURN_NULL();
	PG_RETURN_INTERVAL_P(cs_interval_from_usecs(usecs));
}

PG_FUNCTION_INFO_V1(reply_state_seconds_final);
/* Final step of avg_response_seconds: the mean reply wait in seconds. */
Datum
reply_state_seconds_final(PG_FUNCTION_ARGS)
{
	int64		usecs;

	if (!reply_mean_wait(fcinfo, &usecs))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) usecs / USECS_PER_SEC);
}

/* A reply_state of a message log (the input functions): every message. */
void *
ReplyFromLog(const ConvLog *log)
{
	ReplyState *s = ConvStateAlloc(&ReplyKind, log->cal, log->n);
	int			i;

	for (i = 0; i < log->n; i++)
		reply_append(s, log->msgs[i].sent_at, log->msgs[i].from_agent);
	return s;
}
