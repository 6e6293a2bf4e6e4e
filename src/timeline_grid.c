/*
 * timeline_grid.c
 *		The grid of timeline_agg: computing its bounds (once per query and
 *		set of grid arguments), a group's new state, and finding the period
 *		of an instant.  The grid and the rules are described in timeline.c.
 */
#include "postgres.h"
#include "compat.h"

#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"

#include "csmetrics.h"
#include "timeline.h"

/* ---------- grid ---------- */

/*
 * The grid of start, stop and step: nperiods + 1 bounds, palloc'd in the
 * current memory context.  Returns nperiods.
 */
static int
tl_compute_grid(TimestampTz start, TimestampTz stop, Interval *step,
				TimestampTz **result)
{
	Interval	zero;
	TimestampTz *bounds;
	TimestampTz cur = start;
	int			cap = 64;
	int			n = 0;

	if (TIMESTAMP_NOT_FINITE(start) || TIMESTAMP_NOT_FINITE(stop))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("timeline start and stop must be finite"),
				 errdetail("Got start %s and stop %s.",
						   cs_timestamptz_text(start), cs_timestamptz_text(stop)),
				 errhint("A timeline covers a finite range of periods.")));
	if (stop <= start)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("timeline stop must be after its start"),
				 errdetail("Got start %s and stop %s.",
						   cs_timestamptz_text(start), cs_timestamptz_text(stop)),
				 errhint("Periods start at start, start + step, ... up to, not including, stop.")));
	memset(&zero, 0, sizeof(zero));
	if (DatumGetInt32(DirectFunctionCall2(interval_cmp, IntervalPGetDatum(step),
										  IntervalPGetDatum(&zero))) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("timeline step must be positive"),
				 errdetail("Got %s.", cs_interval_text(step)),
				 errhint("Use a step such as '1 day', '1 week' or '1 month'.")));

	bounds = palloc(cap * sizeof(TimestampTz));
	bounds[0] = start;
	while (cur < stop)
	{
		TimestampTz next;

		CHECK_FOR_INTERRUPTS();
		if (n >= TIMELINE_MAX_PERIODS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("timeline has too many periods"),
					 errdetail("From %s to %s in steps of %s gives more than %d periods.",
							   cs_timestamptz_text(start), cs_timestamptz_text(stop),
							   cs_interval_text(step), TIMELINE_MAX_PERIODS),
					 errhint("Use a longer step or a shorter range.")));
		next = DatumGetTimestampTz(DirectFunctionCall2(timestamptz_pl_interval,
													   TimestampTzGetDatum(cur),
													   IntervalPGetDatum(step)));
		if (next <= cur)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("timeline step must move every grid point forward"),
					 errdetail("%s plus %s is %s.", cs_timestamptz_text(cur),
							   cs_interval_text(step), cs_timestamptz_text(next)),
					 errhint("Use a step without negative parts, such as '1 month' or '1 day'.")));
		if (n + 2 > cap)
		{
			cap *= 2;
			bounds = repalloc(bounds, cap * sizeof(TimestampTz));
		}
		bounds[++n] = next;
		cur = next;
	}
	*result = bounds;
	return n;
}

/*
 * The grid of the last arguments seen by one timeline_agg call site, kept
 * in fn_extra for the query, so groups with the same grid compute it once.
 * The session's TimeZone is part of the key: a function called by the query
 * could change it.
 */
typedef struct TlGridCache
{
	bool		valid;
	TimestampTz start;
	TimestampTz stop;
	Interval	step;
	pg_tz	   *tz;
	int			nperiods;
	TimestampTz *bounds;
} TlGridCache;

/* The grid of these arguments, from the call site's cache. */
static TlGridCache *
tl_grid(FunctionCallInfo fcinfo, TimestampTz start, TimestampTz stop,
		Interval *step)
{
	TlGridCache *cache = (TlGridCache *) fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(TlGridCache));
		fcinfo->flinfo->fn_extra = cache;
	}
	if (!cache->valid || cache->start != start || cache->stop != stop ||
		!tl_same_interval(&cache->step, step) || cache->tz != session_timezone)
	{
		TimestampTz *bounds;
		int			n = tl_compute_grid(start, stop, step, &bounds);

		if (cache->bounds != NULL)
			pfree(cache->bounds);
		cache->valid = false;
		cache->bounds = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt,
										   (n + 1) * sizeof(TimestampTz));
		memcpy(cache->bounds, bounds, (n + 1) * sizeof(TimestampTz));
		cache->nperiods = n;
		cache->start = start;
		cache->stop = stop;
		cache->step = *step;
		cache->tz = session_timezone;
		cache->valid = true;
	}
	return cache;
}

/* Check the grid arguments of a row that counts nothing. */
void
tl_check_grid(FunctionCallInfo fcinfo, TimestampTz start, TimestampTz stop,
			  Interval *step)
{
	(void) tl_grid(fcinfo, start, stop, step);
}

/*
 * A new, empty timeline_agg state (working form) for a group, in the
 * current memory context: the executor copies it into the aggregate's.
 */
Timeline *
tl_new_work(FunctionCallInfo fcinfo, TimestampTz start, TimestampTz stop,
			Interval *step)
{
	TlGridCache *cache = tl_grid(fcinfo, start, stop, step);
	int			nperiods = cache->nperiods;
	Timeline   *tl = palloc0(TIMELINE_WORK_SIZE(nperiods));
	TimelineTail *tail;

	SET_VARSIZE(tl, TIMELINE_WORK_SIZE(nperiods));
	tl->nperiods = nperiods;
	memcpy(TimelineBounds(tl), cache->bounds,
		   ((Size) nperiods + 1) * sizeof(TimestampTz));
	tail = TimelineTailOf(tl);
	tail->has_args = 1;
	tail->start = start;
	tail->stop = stop;
	tail->step = *step;
	tail->scale = nperiods /
		((double) cache->bounds[nperiods] - (double) cache->bounds[0]);
	return tl;
}

/* ---------- period lookup ---------- */

/* The period holding t, given bounds[lo] <= t < bounds[hi]: binary search. */
int
tl_bsearch(const TimestampTz *bounds, int lo, int hi, TimestampTz t)
{
	while (hi - lo > 1)
	{
		int			mid = lo + (hi - lo) / 2;

		if (bounds[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}
