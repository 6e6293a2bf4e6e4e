/*
 * conversation_window.c
 *		The response_time window function: each agent reply's wait.
 *
 * Per partition, on the first call, it reads every row, sorts the messages
 * in the canonical order of conversation.h, pairs replies with the waits
 * they end, and keeps each row's wait by its position.  The frame and the
 * window's ORDER BY are ignored: pairing always uses the canonical order,
 * so peers with equal times give the same answer whatever order they come
 * in.  With a calendar (a third argument) waits are in business time.
 */
#include "postgres.h"
#include "compat.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "windowapi.h"

#include "conversation.h"
#include "csmetrics.h"

typedef struct ConvWindow
{
	bool		computed;
	int64		nrows;
	int64	   *wait;			/* microseconds, or -1 for no wait */
	struct varlena *cal;		/* the partition's calendar, or NULL */
	FunctionCallInfo fcinfo;	/* for ConvWait's calendar cache */
	ConvMessage *msgs;			/* sorted messages, while pairing */
} ConvWindow;

static void
window_store_wait(void *arg, int index, TimestampTz since, TimestampTz replied_at)
{
	ConvWindow *win = (ConvWindow *) arg;

	win->wait[win->msgs[index].pos] = ConvWait(win->fcinfo, win->cal, since, replied_at);
}

static bool
conv_window_wait(FunctionCallInfo fcinfo, int64 *usecs)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	ConvWindow *win = WinGetPartitionLocalMemory(winobj, sizeof(ConvWindow));
	int64		pos = WinGetCurrentPosition(winobj);

	if (!win->computed)
	{
		MemoryContext partcxt = GetMemoryChunkContext(win);
		int64		nrows = WinGetPartitionRowCount(winobj);
		ConvMessage *msgs;
		int			n = 0;
		int64		i;
		bool		has_calendar = PG_NARGS() > 2;

		if (nrows > (int64) (MaxAllocSize / sizeof(ConvMessage)))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("conversation has too many messages"),
					 errdetail("The partition has %lld rows.", (long long) nrows)));
		msgs = MemoryContextAlloc(partcxt, Max(nrows, 1) * sizeof(ConvMessage));
		win->wait = MemoryContextAlloc(partcxt, Max(nrows, 1) * sizeof(int64));
		for (i = 0; i < nrows; i++)
		{
			bool		isnull,
						isout,
						agentnull;
			Datum		t = WinGetFuncArgInPartition(winobj, 0, (int) i, WINDOW_SEEK_HEAD,
													 false, &isnull, &isout);
			Datum		agent = WinGetFuncArgInPartition(winobj, 1, (int) i, WINDOW_SEEK_HEAD,
														 false, &agentnull, &isout);

			CHECK_FOR_INTERRUPTS();
			win->wait[i] = -1;
			if (has_calendar)
			{
				bool		calnull;
				Datum		cal = WinGetFuncArgInPartition(winobj, 2, (int) i, WINDOW_SEEK_HEAD,
														   false, &calnull, &isout);

				(void) ConvCalendarRemember(&win->cal, cal, calnull, partcxt);
			}
			if (isnull || agentnull)
				continue;
			msgs[n].sent_at = ConvCheckedTime(DatumGetTimestampTz(t));
			msgs[n].from_agent = DatumGetBool(agent);
			msgs[n].pos = i;
			n++;
		}
		ConvSortMessages(msgs, n);
		win->fcinfo = fcinfo;
		win->msgs = msgs;
		ConvPairReplies(msgs, n, window_store_wait, win);
		win->msgs = NULL;
		pfree(msgs);
		win->nrows = nrows;
		win->computed = true;
	}

	if (pos < 0 || pos >= win->nrows || win->wait[pos] < 0)
		return false;
	*usecs = win->wait[pos];
	return true;
}

PG_FUNCTION_INFO_V1(response_time_window);
/* response_time(): on each replying agent message, its wait as an interval. */
Datum
response_time_window(PG_FUNCTION_ARGS)
{
	int64		usecs;

	if (!conv_window_wait(fcinfo, &usecs))
		PG_RETURN_NULL();
	PG_RETURN_INTERVAL_P(cs_interval_from_usecs(usecs));
}

PG_FUNCTION_INFO_V1(response_seconds_window);
/* response_seconds(): the same wait in seconds. */
Datum
response_seconds_window(PG_FUNCTION_ARGS)
{
	int64		usecs;

	if (!conv_window_wait(fcinfo, &usecs))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) usecs / USECS_PER_SEC);
}
