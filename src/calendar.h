/*
 * calendar.h
 *		Business calendars: the in-memory form of a calendar value and the
 *		business-time arithmetic over it.
 *
 * A calendar is weekly opening hours in local wall-clock time, an IANA time
 * zone and a sorted list of closed dates (holidays), each closing the whole
 * day or some hours of it.  Its grammar is in calendar_parse.c, its
 * storage and I/O in calendar_type.c, the arithmetic in calendar_time.c
 * (where the treatment of skipped and repeated wall-clock times is).
 *
 * The arithmetic works on "local" microseconds: wall-clock time of the
 * zone counted from local midnight 2000-01-01 as if every day had 24 hours.
 * F(L), the open time before local instant L, is then pure calendar
 * arithmetic: whole weeks times the weekly open time, plus the weekly
 * prefix up to L's weekday, minus what the holidays before L take away
 * (a prefix sum, found by binary search), plus the open part of L's own
 * day.  Between two changes of the zone's UTC offset the local clock is
 * UTC plus a constant, so the open time in such a stretch is a difference
 * of two F values; a call walks only the offset changes inside its span.
 *
 * Functions of other files that take a calendar argument get it with
 * CalGetArg(), which deserializes a calendar once per query (it is cached
 * in fn_extra, keyed by the value's bytes), and then call
 * CalBusinessMicroseconds() or CalBusinessAdd().  A function that needs
 * fn_extra for itself keeps a CalCache pointer in its own fn_extra struct
 * and calls CalFromDatum() with it and fn_mcxt instead.
 */
#ifndef CALENDAR_H
#define CALENDAR_H

#include "postgres.h"
#include "compat.h"
#include "fmgr.h"
#include "datatype/timestamp.h"
#include "pgtime.h"

/* Opening hours of one day: increasing, disjoint, non-adjacent ranges. */
typedef struct CalDayHours
{
	int			nranges;
	const int64 *bounds;		/* 2 * nranges: start, end, start, end, ...
								 * in microseconds after local midnight */
	int64		open;			/* total open microseconds of the day */
} CalDayHours;

/* A closed date and what stays open on it. */
typedef struct CalHoliday
{
	int32		date;			/* days since 2000-01-01 */
	CalDayHours hours;			/* the weekday's hours minus the closed ones */
} CalHoliday;

/* A deserialized calendar; read-only once built. */
typedef struct Calendar
{
	pg_tz	   *tz;				/* from PostgreSQL's time-zone database */
	const char *zone;			/* its canonical name */
	CalDayHours week[7];		/* opening hours, Monday = 0 */
	int64		week_open;		/* open microseconds per week, > 0 */
	int64		week_before[8]; /* open microseconds of the days before
								 * weekday i in a week starting on Monday */
	int			nholidays;
	const CalHoliday *holidays; /* by increasing date */
	const int32 *dates;			/* the holidays' dates, for binary search */
	const int64 *removed;		/* removed[k]: open time that holidays
								 * 0..k-1 take away; nholidays + 1 entries */
} Calendar;

/*
 * Weekday of a day counted from 2000-01-01 (a Saturday), Monday = 0, for
 * days before 2000 too.
 */
static inline int
CalWeekday(int64 day)
{
	int64		r = (day + 5) % 7;

	return (int) (r < 0 ? r + 7 : r);
}

/* Deserialized calendars cached by value; opaque outside calendar_type.c. */
typedef struct CalCache CalCache;

/*
 * Reading calendar values: shared by the text parser (calendar_parse.c) and
 * the validation, storage and binary input (calendar_type.c) only.
 */
#define CAL_MINUTES_PER_DAY 1440
#define CAL_TEXT_MAXLEN		65536	/* longest text form */
#define CAL_MAX_DATES		5000	/* most closed dates */

/* A range of minutes after local midnight, [start, end). */
typedef struct CalMinutes
{
	int			start;
	int			end;
} CalMinutes;

typedef struct CalRangeList
{
	int			n;
	int			cap;
	CalMinutes *r;
} CalRangeList;

typedef struct CalClosedDate
{
	int32		date;			/* days since 2000-01-01 */
	CalRangeList hours;			/* closed hours; whole day is 00:00-24:00 */
} CalClosedDate;

/* What the text or binary input has read so far. */
typedef struct CalBuilder
{
	const char *input;			/* text being parsed; NULL for binary */
	char		zone[TZ_STRLEN_MAX + 1];	/* canonical zone name */
	bool		has_zone;
	bool		has_closed;
	CalRangeList week[7];
	int			ndates;
	int			datecap;
	CalClosedDate *dates;
} CalBuilder;

/* calendar_parse.c */
extern PGDLLIMPORT const char *const CalDayAbbrev[7];
extern PGDLLIMPORT const char *const CalDayTitle[7];
pg_noreturn extern void CalInputError(const CalBuilder *b, const char *hint,
									  const char *fmt,...) pg_attribute_printf(3, 4);
extern void CalParseText(CalBuilder *b);
extern void CalSetZone(CalBuilder *b, const char *name, int len,
					   const char *where);
extern void CalListAdd(CalRangeList *list, int start, int end);
extern CalClosedDate *CalAddDate(CalBuilder *b, int32 date);

/*
 * calendar_type.c: the calendar of a datum, deserialized once per distinct
 * value (a few values are cached, so a calendar column of a small table
 * joined to the rows costs no parsing either).  CalGetArg keeps its cache
 * in fn_extra; CalFromDatum keeps it in *cache, allocated in cxt (pass
 * NULL for no cache: built in the current memory context).
 */
extern const Calendar *CalFromDatum(Datum value, CalCache **cache,
									MemoryContext cxt);
extern const Calendar *CalGetArg(FunctionCallInfo fcinfo, int argno);

/*
 * calendar_type.c: the type's I/O functions, also for calendars inside
 * other types' text and binary forms (conversation_io.c).
 */
extern PGDLLEXPORT Datum calendar_in(PG_FUNCTION_ARGS);
extern PGDLLEXPORT Datum calendar_out(PG_FUNCTION_ARGS);
extern PGDLLEXPORT Datum calendar_recv(PG_FUNCTION_ARGS);
extern PGDLLEXPORT Datum calendar_send(PG_FUNCTION_ARGS);

/*
 * calendar_time.c.  CalBusinessMicroseconds: the open time in [start,
 * stop); start <= stop, both finite (the caller checks and reports).
 * CalBusinessAdd: the earliest instant at which usecs > 0 of open time
 * have passed since start (finite), or for usecs = 0 the first open instant
 * at or after start; an error past the timestamp range.
 */
extern int64 CalBusinessMicroseconds(const Calendar *cal,
									 TimestampTz start, TimestampTz stop);
extern TimestampTz CalBusinessAdd(const Calendar *cal, TimestampTz start,
								  int64 usecs);

#endif							/* CALENDAR_H */
