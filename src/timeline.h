/*
 * timeline.h
 *		Timelines of things that open and close: the timeline type and the
 *		state of timeline_agg and rollup(timeline).
 *
 * A timeline counts items (tickets, customers, subscriptions) over a grid
 * of periods.  The grid is the list of its bounds b[0] < b[1] < ... < b[P]
 * as absolute instants: period p is [b[p], b[p+1]).  timeline_agg computes
 * them like generate_series(start, stop, step) over timestamptz, in the
 * session's TimeZone, and the state keeps the computed instants, not the
 * grid's definition: a timeline means the same in every session, whatever
 * its TimeZone or its time zone database, and two grids are the same when
 * their bounds are.
 *
 * An item is open just before instant t when opened_at < t and (closed_at
 * is NULL or closed_at >= t).  Per period the state keeps three counters,
 *
 *		opened[p]	items with opened_at in [b[p], b[p+1])
 *		closed[p]	items with closed_at in [b[p], b[p+1])
 *		lost[p]		items open just before b[p] and closed in the period
 *
 * and, once for the grid, at_start: the items open just before b[0].  The
 * items open at every bound follow by a running sum,
 *
 *		at_start[0] = at_start,  at_start[p + 1] = at_start[p] + opened[p] - closed[p]
 *
 * so one row updates at most two periods (found by binary search), memory
 * is proportional to the periods, and merging two timelines of one grid is
 * adding their counters.  A set of counters is a timeline of some items
 * exactly when, for every period, lost <= closed, lost <= at_start[p] and
 * closed - lost <= opened (the items opened and closed inside the period);
 * the input functions check this.
 */
#ifndef TIMELINE_H
#define TIMELINE_H

#include "postgres.h"
#include "compat.h"
#include "fmgr.h"
#include "datatype/timestamp.h"

/* The most periods a timeline has. */
#define TIMELINE_MAX_PERIODS	100000

/* Counters of one period, in this order, in every layout. */
#define TL_OPENED	0
#define TL_CLOSED	1
#define TL_LOST		2
#define TL_NCOUNTERS 3

/*
 * The timeline type: a varlena of 16 header bytes, then nperiods + 1 bounds
 * and 3 * nperiods counters, all int64.  There is no padding, and the
 * values are built from zeroed memory, so the same items give the same
 * bytes whatever their order or the plan.
 */
typedef struct Timeline
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	int32		nperiods;		/* P, 1 .. TIMELINE_MAX_PERIODS */
	int64		at_start;		/* items open just before the first bound */
	int64		data[FLEXIBLE_ARRAY_MEMBER];	/* bounds[P + 1], then
												 * counters[3 * P] */
} Timeline;

#define TIMELINE_SIZE(P) \
	(offsetof(Timeline, data) + ((Size) (P) + 1 + TL_NCOUNTERS * (Size) (P)) * sizeof(int64))
#define TimelineBounds(tl)		((TimestampTz *) (tl)->data)
#define TimelineCounters(tl)	((tl)->data + (tl)->nperiods + 1)

#define DatumGetTimelineP(X)	((Timeline *) PG_DETOAST_DATUM(X))
#define PG_GETARG_TIMELINE_P(n) DatumGetTimelineP(PG_GETARG_DATUM(n))
#define PG_RETURN_TIMELINE_P(x) PG_RETURN_POINTER(x)

/*
 * The state of timeline_agg and rollup(timeline) is a timeline in its
 * working form: the timeline's bytes, counters updated in place, then a
 * TimelineTail.  A real type rather than internal, so that Citus can split
 * the aggregates (it ships states as text, through the type's output: the
 * timeline without its tail, which is all a merge needs).  A state exists
 * once an item (or a timeline) is counted, so a group with none is NULL.
 * timeline_agg's tail keeps its grid arguments, which must be the same on
 * every row of a group; merging checks the grids' bounds, which is what
 * matters once the arguments are gone.
 */
typedef struct TimelineTail
{
	int32		has_args;		/* 1: start, stop, step are set */
	int32		reserved;		/* 0 */
	TimestampTz start;			/* timeline_agg's grid arguments */
	TimestampTz stop;
	Interval	step;
	double		scale;			/* nperiods / (bounds[P] - bounds[0]), to
								 * guess a period */
} TimelineTail;

#define TIMELINE_WORK_SIZE(P)	(TIMELINE_SIZE(P) + sizeof(TimelineTail))
#define TimelineTailOf(tl) \
	((TimelineTail *) ((char *) (tl) + TIMELINE_SIZE((tl)->nperiods)))
#define TimelineIsWork(tl) \
	(!VARATT_IS_EXTENDED(tl) && \
	 VARSIZE(tl) == TIMELINE_WORK_SIZE((tl)->nperiods))

/* timeline_io.c */
extern Timeline *TimelineBuild(int nperiods, int64 at_start,
							   const TimestampTz *bounds,
							   const int64 *counters);
extern void TimelineCheck(int nperiods, int64 at_start,
						  const TimestampTz *bounds, const int64 *counters,
						  int sqlerrcode);
extern char *TimelineInstantText(TimestampTz t);

/* timeline_grid.c */
extern Timeline *tl_new_work(FunctionCallInfo fcinfo, TimestampTz start,
							 TimestampTz stop, Interval *step);
extern void tl_check_grid(FunctionCallInfo fcinfo, TimestampTz start,
						  TimestampTz stop, Interval *step);
extern int	tl_bsearch(const TimestampTz *bounds, int lo, int hi,
					   TimestampTz t);

static inline bool
tl_same_interval(const Interval *a, const Interval *b)
{
	return a->time == b->time && a->day == b->day && a->month == b->month;
}

#endif							/* TIMELINE_H */
