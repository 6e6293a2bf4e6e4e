/*
 * calendar_time.c
 *		Business time over a calendar: business_time, business_seconds and
 *		business_add, and the C API behind them (calendar.h).
 *
 * Meaning.  Opening hours are wall-clock times of the calendar's zone on
 * local dates.  A range a-b of a date is open from the instant of its
 * start to the instant of its end, each wall-clock time converted the way
 * PostgreSQL converts a timestamp without time zone (AT TIME ZONE): a time
 * that occurs twice (clocks go back) means its later occurrence.  The one
 * difference is a time that is skipped (clocks go forward): it means the
 * instant of the jump, where PostgreSQL would move it past the jump by the
 * gap's length, which could make a range end before it starts.  So a 24/7
 * calendar has 23- and 25-hour days, 09:00-17:00 stays 09:00 to 17:00 local
 * all year, and the conversion never runs backwards, so adjacent ranges
 * add up (00:00-12:00 plus 12:00-24:00 is 00:00-24:00).
 *
 * Equivalently, an instant is open when its local time is inside the
 * opening hours, except during the first pass through a repeated hour
 * (the last D before a change that puts the clocks back by D): that pass
 * keeps the state of the wall-clock time just before the one the clocks
 * are put back to, and the hours apply to the second pass.
 *
 * Algorithm.  Local time is counted in microseconds from local midnight
 * 2000-01-01 as if every day had 24 hours, and F(L), the open time before
 * local time L, is O(log holidays) arithmetic (calendar.h).  Between two
 * changes of the zone's UTC offset, local = UTC + offset, so the open time
 * of such a stretch [s, e) is F(e + offset) - F(s + offset); the first
 * pass through a repeated hour is open throughout or not at all.
 * pg_next_dst_boundary() gives each stretch and the next change, so a call
 * costs O(changes in the span * log holidays), whatever the span.
 *
 * business_add walks the same stretches, subtracting their open time from
 * the amount until a stretch holds the rest, and inverts F there: the
 * closed date after which F reaches the target is found by binary search
 * over the holidays' prefix sums, the week arithmetically, and the time in
 * that day's ranges.  Both use the same integers, so business_time(s,
 * business_add(s, n)) = n exactly, and the result is the earliest such
 * instant (a deadline that falls on a closing time is that closing time;
 * a zero amount gives the next opening, see CalBusinessAdd).
 *
 * Offset changes are assumed to be further apart than the size of a change
 * (true of every zone in the time-zone database), so that an instant's
 * state only depends on the next change.
 */
#include "postgres.h"
#include "compat.h"

#include "common/int.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "csmetrics.h"

/* Seconds from the Unix epoch (pg_time_t) to the PostgreSQL epoch. */
#define CAL_EPOCH_SHIFT \
	((int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY)

/* A stretch of constant UTC offset, from the instant looked up on. */
typedef struct CalStretch
{
	int64		offset;			/* local = UTC + offset, microseconds */
	bool		has_end;		/* false: no change before END_TIMESTAMP */
	TimestampTz end;			/* the next change */
	int64		next_offset;	/* offset from end on */
} CalStretch;

static void
cal_out_of_range(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("business deadline is out of range for type timestamp with time zone"),
			 errhint("The amount of business time reaches past the latest timestamp PostgreSQL can store.")));
}

/* a / b rounded down, for b > 0 */
static inline int64
cal_floor_div(int64 a, int64 b)
{
	int64		q = a / b;

	return (a % b < 0) ? q - 1 : q;
}

/* The stretch of constant offset that holds t. */
static void
cal_stretch(const Calendar *cal, TimestampTz t, CalStretch *st)
{
	pg_time_t	secs = cal_floor_div(t, USECS_PER_SEC) + CAL_EPOCH_SHIFT;
	pg_time_t	boundary = 0;
	long int	before;
	long int	after = 0;
	int			before_dst;
	int			after_dst;
	int			r;

	r = pg_next_dst_boundary(&secs, &before, &before_dst, &boundary,
							 &after, &after_dst, cal->tz);
	if (r != 1 || boundary <= secs)
	{
		/*
		 * A change at secs itself: t is in the stretch that starts there.
		 * Also look again when no change is found, as beyond the zone's
		 * transition table pg_next_dst_boundary() reports none at the very
		 * second its extrapolation maps onto the table's last transition.
		 * No change can fall between secs and secs + 1.
		 */
		secs++;
		r = pg_next_dst_boundary(&secs, &before, &before_dst, &boundary,
								 &after, &after_dst, cal->tz);
	}
	if (r < 0)
		elog(ERROR, "could not find the offset changes of time zone \"%s\"",
			 cal->zone);
	st->offset = (int64) before * USECS_PER_SEC;
	st->has_end = r == 1 &&
		boundary < END_TIMESTAMP / USECS_PER_SEC + CAL_EPOCH_SHIFT;
	st->end = st->has_end ? (boundary - CAL_EPOCH_SHIFT) * USECS_PER_SEC : 0;
	st->next_offset = (int64) after * USECS_PER_SEC;
}

/* Number of closed dates before day d. */
static inline int
cal_dates_before(const Calendar *cal, int64 d)
{
	int			lo = 0;
	int			hi = cal->nholidays;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (cal->dates[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Open time of the weekly hours on the days before day d. */
static inline int64
cal_week_before(const Calendar *cal, int64 d)
{
	int64		w = cal_floor_div(d + 5, 7);

	return w * cal->week_open + cal->week_before[d + 5 - 7 * w];
}

/* Hours of day d; k is the number of closed dates before it. */
static inline const CalDayHours *
cal_day(const Calendar *cal, int64 d, int k)
{
	if (k < cal->nholidays && cal->dates[k] == d)
		return &cal->holidays[k].hours;
	return &cal->week[CalWeekday(d)];
}

/* F(L): the open time before local time L. */
static int64
cal_open_before(const Calendar *cal, int64 local)
{
	int64		d = cal_floor_div(local, USECS_PER_DAY);
	int64		tod = local - d * USECS_PER_DAY;
	int			k = cal_dates_before(cal, d);
	const CalDayHours *h = cal_day(cal, d, k);
	int64		result = cal_week_before(cal, d) - cal->removed[k];
	int			i;

	for (i = 0; i < h->nranges && h->bounds[2 * i] < tod; i++)
		result += Min(tod, h->bounds[2 * i + 1]) - h->bounds[2 * i];
	return result;
}

/* Is local time L inside the opening hours? */
static bool
cal_open_at(const Calendar *cal, int64 local)
{
	int64		d = cal_floor_div(local, USECS_PER_DAY);
	int64		tod = local - d * USECS_PER_DAY;
	const CalDayHours *h = cal_day(cal, d, cal_dates_before(cal, d));
	int			i;

	for (i = 0; i < h->nranges && h->bounds[2 * i] <= tod; i++)
	{
		if (tod < h->bounds[2 * i + 1])
			return true;
	}
	return false;
}

/*
 * The earliest local time L with F(L) = target, for a target above F of
 * some local time.  For days between closed dates k-1 and k, F at midnight
 * is the weekly part minus removed[k]; the first closed date whose end has
 * F >= target bounds the day, found by binary search; the day itself is
 * the last one whose weekly part is below target + removed[k].
 */
static int64
cal_local_at(const Calendar *cal, int64 target)
{
	int			lo = 0;
	int			hi = cal->nholidays;
	int			r = 6;
	int			i;
	int64		x;
	int64		w;
	int64		rem;
	int64		need;
	int64		day;
	int64		local;
	const CalDayHours *h;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (cal_week_before(cal, (int64) cal->dates[mid] + 1) -
			cal->removed[mid + 1] >= target)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (pg_add_s64_overflow(target, cal->removed[lo], &x))
		cal_out_of_range();

	/* the last day d (as 7w + r - 5) whose weekly part is below x */
	w = cal_floor_div(x - 1, cal->week_open);
	rem = x - w * cal->week_open;
	while (cal->week_before[r] >= rem)
		r--;
	need = rem - cal->week_before[r];
	if (pg_mul_s64_overflow(w, 7, &day) ||
		pg_add_s64_overflow(day, r - 5, &day))
		cal_out_of_range();

	h = cal_day(cal, day, lo);
	for (i = 0; i < h->nranges; i++)
	{
		int64		len = h->bounds[2 * i + 1] - h->bounds[2 * i];

		if (need <= len)
			break;
		need -= len;
	}
	if (i == h->nranges)
		elog(ERROR, "business time of a calendar is inconsistent");
	if (pg_mul_s64_overflow(day, USECS_PER_DAY, &local) ||
		pg_add_s64_overflow(local, h->bounds[2 * i] + need, &local))
		cal_out_of_range();
	return local;
}

/*
 * Open time in [start, stop), start <= stop, both finite: the sum over the
 * stretches of constant offset inside the span.
 */
int64
CalBusinessMicroseconds(const Calendar *cal, TimestampTz start,
						TimestampTz stop)
{
	int64		total = 0;
	TimestampTz t = start;

	while (t < stop)
	{
		CalStretch st;
		TimestampTz e;
		TimestampTz back;
		int64		open = 0;

		CHECK_FOR_INTERRUPTS();
		cal_stretch(cal, t, &st);
		e = (st.has_end && st.end < stop) ? st.end : stop;

		/* before a change that puts clocks back by D, the last D is apart */
		back = e;
		if (st.has_end && st.next_offset < st.offset)
			back = Min(e, st.end - (st.offset - st.next_offset));
		if (t < back)
			open = cal_open_before(cal, back + st.offset) -
				cal_open_before(cal, t + st.offset);
		if (back < e && cal_open_at(cal, st.end + st.next_offset - 1))
			open += e - Max(t, back);
		if (pg_add_s64_overflow(total, open, &total))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("business time out of range"),
					 errdetail("The span is longer than an interval can hold.")));
		t = e;
	}
	return total;
}

/*
 * The earliest instant at which usecs > 0 of open time have passed since
 * start (finite); for usecs = 0, the first open instant at or after start.
 * An error if that is past the timestamp range.
 *
 * Zero is not "no time at all": a ticket created on Saturday with a 0-hour
 * target is due when the desk opens on Monday, as business-hours libraries
 * and helpdesks count it, not on Saturday.  The first open instant is the
 * one just before the first microsecond of open time has passed: within a
 * stretch local time moves with UTC, so one microsecond back in UTC is one
 * back in local time.  business_time(start, result) is still 0.
 */
TimestampTz
CalBusinessAdd(const Calendar *cal, TimestampTz start, int64 usecs)
{
	TimestampTz t = start;
	int64		remaining = usecs;
	int64		room;

	if (remaining <= 0)
		return CalBusinessAdd(cal, start, 1) - 1;
	/* open time never exceeds elapsed time */
	if (!pg_sub_s64_overflow(END_TIMESTAMP, start, &room) && remaining >= room)
		cal_out_of_range();

	for (;;)
	{
		CalStretch st;
		TimestampTz back;
		int64		from;
		int64		open;

		CHECK_FOR_INTERRUPTS();
		cal_stretch(cal, t, &st);
		from = cal_open_before(cal, t + st.offset);
		if (!st.has_end)
			back = PG_INT64_MAX;
		else if (st.next_offset < st.offset)
			back = st.end - (st.offset - st.next_offset);
		else
			back = st.end;

		if (t < back)
		{
			open = st.has_end ?
				cal_open_before(cal, back + st.offset) - from : PG_INT64_MAX;
			if (open >= remaining)
			{
				int64		target;
				TimestampTz result;

				if (pg_add_s64_overflow(from, remaining, &target) ||
					pg_sub_s64_overflow(cal_local_at(cal, target), st.offset,
										&result) ||
					!IS_VALID_TIMESTAMP(result))
					cal_out_of_range();
				return result;
			}
			remaining -= open;
		}
		if (back < st.end && cal_open_at(cal, st.end + st.next_offset - 1))
		{
			TimestampTz s = Max(t, back);

			if (st.end - s >= remaining)
				return s + remaining;
			remaining -= st.end - s;
		}
		t = st.end;
	}
}

/* ------------------------------------------------------------------------
 * SQL functions
 * ------------------------------------------------------------------------
 */

static void
cal_check_finite(TimestampTz t, const char *what)
{
	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("business time needs finite timestamps"),
				 errdetail("The %s is %s.", what, timestamptz_to_str(t)),
				 errhint("Leave out rows without a real time, or pass NULL.")));
}

/* business_time and business_seconds: arguments checked, microseconds. */
static int64
cal_business_usecs(FunctionCallInfo fcinfo)
{
	TimestampTz start = PG_GETARG_TIMESTAMPTZ(0);
	TimestampTz stop = PG_GETARG_TIMESTAMPTZ(1);

	cal_check_finite(start, "start");
	cal_check_finite(stop, "stop");
	if (stop < start)
	{
		char	   *s = pstrdup(timestamptz_to_str(start));

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("business time span ends before it starts"),
				 errdetail("Start %s, stop %s.", s, timestamptz_to_str(stop)),
				 errhint("Swap the arguments, or leave out rows whose stop is before their start.")));
	}
	return CalBusinessMicroseconds(CalGetArg(fcinfo, 2), start, stop);
}

PG_FUNCTION_INFO_V1(business_time);
/* business_time(start, stop, cal): the open time in [start, stop). */
Datum
business_time(PG_FUNCTION_ARGS)
{
	Interval   *result = palloc(sizeof(Interval));

	result->time = cal_business_usecs(fcinfo);
	result->day = 0;
	result->month = 0;
	PG_RETURN_INTERVAL_P(result);
}

PG_FUNCTION_INFO_V1(business_seconds);
/* business_seconds(start, stop, cal): the same in seconds. */
Datum
business_seconds(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8((double) cal_business_usecs(fcinfo) / USECS_PER_SEC);
}

PG_FUNCTION_INFO_V1(business_add);
/* business_add(start, amount, cal): when amount of open time has passed. */
Datum
business_add(PG_FUNCTION_ARGS)
{
	TimestampTz start = PG_GETARG_TIMESTAMPTZ(0);
	Interval   *amount = PG_GETARG_INTERVAL_P(1);

	cal_check_finite(start, "start");
	if (amount->month != 0 || amount->day != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("business time amount cannot have days or months"),
				 errdetail("Got %s.",
						   cs_interval_text(amount)),
				 errhint("Give the amount in hours and minutes, such as interval '48 hours': a day of business time could mean 24 hours or one business day.")));
	if (amount->time < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("business time amount cannot be negative"),
				 errdetail("Got %s.",
						   cs_interval_text(amount)),
				 errhint("Give the open time that has to pass after the start.")));
	PG_RETURN_TIMESTAMPTZ(CalBusinessAdd(CalGetArg(fcinfo, 2), start,
										 amount->time));
}
