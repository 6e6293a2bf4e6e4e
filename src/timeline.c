/*
 * timeline.c
 *		timeline_agg, rollup(timeline) and periods(timeline): backlog,
 *		opened, closed and retention per period in one pass.
 *
 * The grid.  timeline_agg(opened_at, closed_at, start, stop, step) puts the
 * period starts where generate_series(start, stop, step) over timestamptz
 * puts its values, stop itself excluded: start, start + step,
 * (start + step) + step, ..., each by timestamptz + interval in the session's
 * TimeZone, so '1 day' periods are local days (23 or 25 hours long on DST
 * days) and '1 month' steps work (from a 31st they go to the 28th of
 * February and stay there, as generate_series's do).  Each period runs to
 * the next grid point, so the last one ends at the first grid point after
 * its start, past stop when stop is not on the grid.  Start and stop must
 * be finite with stop > start, the step positive and moving every grid
 * point forward, and there are at most TIMELINE_MAX_PERIODS periods.  The
 * state keeps the computed bounds as absolute instants (timeline.h).  The
 * grid arguments must be the same on every row of a group, including rows
 * skipped for a NULL opened_at; the grid of one set of arguments is
 * computed once per query and copied into each group's state.
 *
 * One row.  With q the period of opened_at and p that of closed_at (-1
 * before the grid, P at or after its end; guessed by interpolation, which
 * is right or one off on the nearly uniform grids of a constant step, and
 * found by binary search otherwise: O(1) usually, O(log P) at worst), an
 * item adds one to at_start when opened before the
 * grid and still open at its start, else to opened[q]; one to closed[p] when
 * it closes inside the grid; and one to lost[p] when it also was open at the
 * start of period p (q < p).  A NULL closed_at is never closed; closed_at <
 * opened_at is an error.  Infinite instants need no special case: -infinity
 * is before every bound and +infinity after.
 *
 * Memory is the state: 32 bytes a period (one bound, three counters), never
 * anything per row.  Merging two states (parallel combine, rollup) checks
 * that their grids are identical and adds the counters, after checking that
 * the merged number of items fits in int64.
 *
 * periods() reads a timeline period by period, carrying the running sum
 * at_start[p + 1] = at_start[p] + opened[p] - closed[p].
 *
 * The grid's computation and the binary search are in timeline_grid.c.
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

/*
 * The set-returning function's headers pull in static inline functions
 * with unused parameters, which -Wextra -Werror would reject.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "access/htup_details.h"
#include "funcapi.h"
#pragma GCC diagnostic pop

#include "csmetrics.h"
#include "timeline.h"

/* ---------- counting ---------- */

/*
 * The period holding t, for bounds[0] <= t < bounds[nperiods].  The grid
 * of a constant step is nearly uniform (days of 23 to 25 hours, months of
 * 28 to 31 days), so interpolating gives the period or a neighbour; the
 * guess is checked, and anything else falls back to a binary search.  This
 * is the hot path of timeline_agg: a branchy binary search per instant
 * cost more than the rest of a row.
 */
static inline int
tl_locate(const TimestampTz *bounds, int nperiods, double scale, TimestampTz t)
{
	double		guess = ((double) t - (double) bounds[0]) * scale;
	int			p;

	p = guess < 0 ? 0 : guess >= nperiods ? nperiods - 1 : (int) guess;
	if (bounds[p] <= t)
	{
		if (t < bounds[p + 1])
			return p;
		/* t >= bounds[p + 1], and t < bounds[nperiods]: p + 2 <= nperiods */
		if (t < bounds[p + 2])
			return p + 1;
		return tl_bsearch(bounds, p + 2, nperiods, t);
	}
	/* t < bounds[p], and bounds[0] <= t: p >= 1 */
	if (bounds[p - 1] <= t)
		return p - 1;
	return tl_bsearch(bounds, 0, p - 1, t);
}

/* Count one item, opened at o and closed at c (DT_NOEND when never). */
static inline void
tl_count_item(Timeline *tl, double scale, TimestampTz o, TimestampTz c)
{
	const TimestampTz *bounds = TimelineBounds(tl);
	int			nperiods = tl->nperiods;
	int64	   *counters = TimelineCounters(tl);
	int			q;
	int			p;

	if (o >= bounds[nperiods] || c < bounds[0])
		return;					/* entirely after or before the grid */
	if (o < bounds[0])
	{
		q = -1;
		tl->at_start++;
	}
	else
	{
		q = tl_locate(bounds, nperiods, scale, o);
		counters[TL_NCOUNTERS * q + TL_OPENED]++;
	}
	if (c < bounds[nperiods])
	{
		p = tl_locate(bounds, nperiods, scale, c);
		counters[TL_NCOUNTERS * p + TL_CLOSED]++;
		if (p > q)
			counters[TL_NCOUNTERS * p + TL_LOST]++;
	}
}

static void
tl_grid_args_differ(const TimelineTail *tail, TimestampTz start,
					TimestampTz stop, const Interval *step)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("timeline start, stop and step must be the same on every row of a group"),
			 errdetail("Got start %s, stop %s, step %s after start %s, stop %s, step %s.",
					   cs_timestamptz_text(start), cs_timestamptz_text(stop),
					   cs_interval_text(step),
					   cs_timestamptz_text(tail->start),
					   cs_timestamptz_text(tail->stop),
					   cs_interval_text(&tail->step)),
			 errhint("Pass constants, or values that depend only on the GROUP BY columns.")));
}

static void tl_merge(Timeline *state, const Timeline *other);

/*
 * A copy of a timeline in working form, in the current memory context (the
 * executor copies it into the aggregate's): a partial state keeps its tail,
 * a plain timeline gets an empty one (no grid arguments).
 */
static Timeline *
tl_work_copy(const Timeline *tl)
{
	Timeline   *work = palloc0(TIMELINE_WORK_SIZE(tl->nperiods));

	memcpy(work, tl, TimelineIsWork(tl) ? VARSIZE(tl) : TIMELINE_SIZE(tl->nperiods));
	SET_VARSIZE(work, TIMELINE_WORK_SIZE(tl->nperiods));
	return work;
}

/*
 * The state argument of a state support function: NULL, or a working form
 * to update in place.  Outside an aggregate the argument is not the
 * function's to change, hence the error.  A timeline without the working
 * tail (an INITCOND, or a user's aggregate built on these functions) is
 * copied into a working form.
 */
static Timeline *
tl_work_arg(FunctionCallInfo fcinfo)
{
	Timeline   *state;

	cs_in_place_only(fcinfo, "timeline", "timeline_agg() or rollup()");
	if (PG_ARGISNULL(0))
		return NULL;
	state = (Timeline *) PG_GETARG_POINTER(0);
	if (likely(TimelineIsWork(state)))
		return state;

	return tl_work_copy(PG_GETARG_TIMELINE_P(0));
}

PG_FUNCTION_INFO_V1(timeline_state_add);
/*
 * Transition of timeline_agg(opened_at, closed_at, start, stop, step): one
 * item, counted in place.  A NULL opened_at skips the row (its grid
 * arguments are still checked); a NULL closed_at is an item still open;
 * NULL grid arguments are an error.
 */
Datum
timeline_state_add(PG_FUNCTION_ARGS)
{
	Timeline   *state;
	TimelineTail *tail;
	TimestampTz args[2];
	Interval   *step;
	TimestampTz opened;
	TimestampTz closed;

	if (PG_ARGISNULL(3) || PG_ARGISNULL(4) || PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("timeline start, stop and step must not be NULL"),
				 errhint("Give the grid as generate_series(start, stop, step) would take it.")));
	args[0] = PG_GETARG_TIMESTAMPTZ(3);
	args[1] = PG_GETARG_TIMESTAMPTZ(4);
	step = PG_GETARG_INTERVAL_P(5);

	state = tl_work_arg(fcinfo);
	if (state != NULL)
	{
		tail = TimelineTailOf(state);
		if (unlikely(!tail->has_args))
		{
			/* merged from timelines only so far: the grid must be theirs */
			Timeline   *work = tl_new_work(fcinfo, args[0], args[1], step);

			tl_merge(work, state);
			state = work;
			tail = TimelineTailOf(state);
		}
		else if (unlikely(tail->start != args[0] || tail->stop != args[1] ||
						  !tl_same_interval(&tail->step, step)))
			tl_grid_args_differ(tail, args[0], args[1], step);
	}

	if (PG_ARGISNULL(1))
	{
		if (state == NULL)
		{
			tl_check_grid(fcinfo, args[0], args[1], step);
			PG_RETURN_NULL();
		}
		PG_RETURN_POINTER(state);
	}
	opened = PG_GETARG_TIMESTAMPTZ(1);
	if (PG_ARGISNULL(2))
		closed = DT_NOEND;
	else
	{
		closed = PG_GETARG_TIMESTAMPTZ(2);
		if (unlikely(closed < opened))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("item closed before it opened"),
					 errdetail("opened_at is %s and closed_at is %s.",
							   cs_timestamptz_text(opened),
							   cs_timestamptz_text(closed)),
					 errhint("An item's closed_at must be at or after its opened_at; pass NULL for items still open.")));
	}
	if (state == NULL)
	{
		state = tl_new_work(fcinfo, args[0], args[1], step);
		tail = TimelineTailOf(state);
	}
	tl_count_item(state, tail->scale, opened, closed);
	PG_RETURN_POINTER(state);
}

/* ---------- merging ---------- */

/* Error: two timelines to merge have different grids; say how. */
static void
tl_grids_differ(const Timeline *a, const Timeline *b)
{
	const TimestampTz *ab = TimelineBounds(a);
	const TimestampTz *bb = TimelineBounds(b);
	char	   *detail;

	if (a->nperiods != b->nperiods || ab[0] != bb[0] ||
		ab[a->nperiods] != bb[b->nperiods])
		detail = psprintf("One grid has periods=%d from %s to %s, the other periods=%d from %s to %s.",
						  a->nperiods, TimelineInstantText(ab[0]),
						  TimelineInstantText(ab[a->nperiods]),
						  b->nperiods, TimelineInstantText(bb[0]),
						  TimelineInstantText(bb[b->nperiods]));
	else
	{
		int			i = 0;

		while (i < a->nperiods && ab[i] == bb[i])
			i++;
		detail = psprintf("Both grids have periods=%d from %s to %s, but period %d starts at %s in one and at %s in the other.",
						  a->nperiods, TimelineInstantText(ab[0]),
						  TimelineInstantText(ab[a->nperiods]), i + 1,
						  TimelineInstantText(ab[i]),
						  TimelineInstantText(bb[i]));
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot merge timelines with different grids"),
			 errdetail_internal("%s", detail),
			 errhint("Build the timelines with the same start, stop and step, in the same TimeZone.")));
}

/*
 * Add other's counters to the working form state's, in place, after
 * checking that the grids are the same (and the grid arguments, when both
 * have them) and the merged number of items fits.  Every counter is at
 * most the number of items, so the additions cannot overflow then.
 */
static void
tl_merge(Timeline *state, const Timeline *other)
{
	const TimelineTail *tail = TimelineTailOf(state);
	int64	   *counters = TimelineCounters(state);
	const int64 *more = TimelineCounters(other);
	int64		total;
	int			n = TL_NCOUNTERS * state->nperiods;
	int			i;

	if (tail->has_args && TimelineIsWork(other))
	{
		const TimelineTail *otail = TimelineTailOf(other);

		if (otail->has_args &&
			(tail->start != otail->start || tail->stop != otail->stop ||
			 !tl_same_interval(&tail->step, &otail->step)))
			tl_grid_args_differ(tail, otail->start, otail->stop, &otail->step);
	}
	if (state->nperiods != other->nperiods ||
		memcmp(TimelineBounds(state), TimelineBounds(other),
			   (state->nperiods + 1) * sizeof(TimestampTz)) != 0)
		tl_grids_differ(state, other);

	if (pg_add_s64_overflow(state->at_start, other->at_start, &total))
		total = -1;
	for (i = TL_OPENED; total >= 0 && i < n; i += TL_NCOUNTERS)
	{
		if (pg_add_s64_overflow(total, counters[i], &total) ||
			pg_add_s64_overflow(total, more[i], &total))
			total = -1;
	}
	if (total < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("timeline holds too many items"),
				 errdetail("The merged timeline's items number more than %lld.",
						   (long long) PG_INT64_MAX)));

	state->at_start += other->at_start;
	for (i = 0; i < n; i++)
		counters[i] += more[i];
}

PG_FUNCTION_INFO_V1(timeline_state_merge);
/*
 * Transition of rollup(timeline), and the combine function of both
 * aggregates (parallel plans, Citus): merge one timeline, or a partial
 * state, into the state.  NULLs are skipped.  Timelines are validated by
 * every way into the type; a partial state comes from these functions.
 */
Datum
timeline_state_merge(PG_FUNCTION_ARGS)
{
	Timeline   *state = tl_work_arg(fcinfo);
	Timeline   *other;

	if (PG_ARGISNULL(1))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(state);
	}
	other = PG_GETARG_TIMELINE_P(1);
	if (state == NULL)
		PG_RETURN_POINTER(tl_work_copy(other));
	tl_merge(state, other);
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(timeline_state_final);
/*
 * Final step of timeline_agg and rollup: the timeline without the working
 * tail, or NULL when no item (or no timeline) was counted.  An item outside
 * the grid counts: its group gets a timeline of zeros.
 */
Datum
timeline_state_final(PG_FUNCTION_ARGS)
{
	Timeline   *state;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = PG_GETARG_TIMELINE_P(0);
	PG_RETURN_TIMELINE_P(TimelineBuild(state->nperiods, state->at_start,
									   TimelineBounds(state),
									   TimelineCounters(state)));
}

/* ---------- periods() ---------- */

typedef struct TlPeriodsCursor
{
	Timeline   *tl;
	int64		open;			/* items open at the start of the next period */
} TlPeriodsCursor;

PG_FUNCTION_INFO_V1(timeline_periods);
/*
 * periods(timeline): one row per period, with the items open at its start
 * and end, opened, closed and lost in it, and the retention and churn
 * rates (NULL when nothing is open at the start).
 */
Datum
timeline_periods(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	TlPeriodsCursor *cursor;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext oldcxt;
		TupleDesc	tupdesc;

		funcctx = SRF_FIRSTCALL_INIT();
		oldcxt = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		funcctx->tuple_desc = BlessTupleDesc(tupdesc);
		cursor = palloc(sizeof(TlPeriodsCursor));
		cursor->tl = PG_GETARG_TIMELINE_P(0);
		cursor->open = cursor->tl->at_start;
		funcctx->user_fctx = cursor;
		funcctx->max_calls = cursor->tl->nperiods;
		MemoryContextSwitchTo(oldcxt);
	}

	funcctx = SRF_PERCALL_SETUP();
	cursor = (TlPeriodsCursor *) funcctx->user_fctx;
	if (funcctx->call_cntr < funcctx->max_calls)
	{
		int			p = (int) funcctx->call_cntr;
		const TimestampTz *bounds = TimelineBounds(cursor->tl);
		const int64 *c = TimelineCounters(cursor->tl) + TL_NCOUNTERS * p;
		int64		at_start = cursor->open;
		int64		at_end = at_start + c[TL_OPENED] - c[TL_CLOSED];
		Datum		values[9];
		bool		nulls[9];
		HeapTuple	tuple;

		memset(nulls, 0, sizeof(nulls));
		values[0] = TimestampTzGetDatum(bounds[p]);
		values[1] = TimestampTzGetDatum(bounds[p + 1]);
		values[2] = Int64GetDatum(at_start);
		values[3] = Int64GetDatum(c[TL_OPENED]);
		values[4] = Int64GetDatum(c[TL_CLOSED]);
		values[5] = Int64GetDatum(c[TL_LOST]);
		values[6] = Int64GetDatum(at_end);
		if (at_start == 0)
		{
			nulls[7] = true;
			nulls[8] = true;
		}
		else
		{
			/* retention ((E - N) / S) * 100, churn (lost / S) * 100 */
			values[7] = Float8GetDatum(100.0 * (double) (at_end - c[TL_OPENED]) /
									   (double) at_start);
			values[8] = Float8GetDatum(100.0 * (double) c[TL_LOST] /
									   (double) at_start);
		}
		cursor->open = at_end;
		tuple = heap_form_tuple(funcctx->tuple_desc, values, nulls);
		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(tuple));
	}
	SRF_RETURN_DONE(funcctx);
}
