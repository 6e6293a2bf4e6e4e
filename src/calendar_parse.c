/*
 * calendar_parse.c
 *		Text input of the calendar type: the grammar.
 *
 * For example
 *
 *		mon-fri 09:00-12:00, 13:00-17:00; tz America/New_York;
 *		closed 2025-12-24 13:00-24:00, 2025-12-25
 *
 * Parts are separated by ";" (one more at the end is allowed): days with
 * their opening hours, exactly one "tz <zone>" and at most one "closed"
 * list, in any order.  A day list is days and day ranges separated by ",";
 * a range such as "fri-mon" runs forward and wraps around the week.  Hours
 * are H:MM-H:MM ranges separated by ",", 24:00 only as an end.  A closed
 * date alone closes the whole day; followed by ranges, only those hours.
 * Words are case-insensitive and white space is free between tokens
 * ("tz" needs one before the zone name).
 *
 * Every string is hostile: the parser reads tokens strictly (a time is
 * H:MM or HH:MM, a date exactly YYYY-MM-DD that exists, a zone a name of
 * PostgreSQL's time-zone database) into a builder, reporting the position
 * of the first thing that is wrong; calendar_type.c then validates the
 * whole (overlaps, repeated dates, missing hours or zone) and stores it.
 */
#include "postgres.h"
#include "compat.h"

#include "mb/pg_wchar.h"
#include "nodes/pg_list.h"
#include "utils/datetime.h"
#include "utils/memutils.h"

#include "calendar.h"

#define CAL_HINT_FORM "A calendar looks like \"mon-fri 09:00-17:00; sat 10:00-14:00; tz Europe/Berlin; closed 2025-12-25\"."
#define CAL_HINT_TIME "Write times as HH:MM from 00:00 to 24:00, and ranges as 09:00-17:00."
#define CAL_HINT_DATE "Write closed dates as YYYY-MM-DD, each optionally followed by the hours it is closed: \"closed 2025-12-24 13:00-24:00, 2025-12-25\"."

/* Day names: three-letter forms are the canonical output. */
const char *const CalDayAbbrev[7] =
{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
const char *const CalDayTitle[7] =
{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
static const char *const cal_day_name[7] =
{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

static bool
cal_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool
cal_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
cal_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static const char *
cal_skip_space(const char *p)
{
	while (cal_is_space(*p))
		p++;
	return p;
}

/* The input for a message: long values are cut (the detail says where). */
static const char *
cal_quote(const char *input)
{
	size_t		len = strlen(input);
	char	   *cut;

	if (len <= 200)
		return input;
	cut = palloc(210);
	snprintf(cut, 210, "%.*s...", pg_mbcliplen(input, (int) len, 200), input);
	return cut;
}

/*
 * Report invalid input: text input names the value and says where; binary
 * input says what is wrong with the buffer.
 */
void
CalInputError(const CalBuilder *b, const char *hint, const char *fmt,...)
{
	char		detail[512];
	va_list		args;

	va_start(args, fmt);
	vsnprintf(detail, sizeof(detail), fmt, args);
	va_end(args);

	if (b->input != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type calendar: \"%s\"",
						cal_quote(b->input)),
				 errdetail("%s", detail),
				 hint ? errhint("%s", hint) : 0));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary calendar value"),
			 errdetail("%s", detail),
			 hint ? errhint("%s", hint) : 0));
	pg_unreachable();
}

static int
cal_pos(const CalBuilder *b, const char *p)
{
	return (int) (p - b->input) + 1;
}

void
CalListAdd(CalRangeList *list, int start, int end)
{
	if (list->n == list->cap)
	{
		list->cap = list->cap ? 2 * list->cap : 4;
		list->r = list->r ? repalloc(list->r, list->cap * sizeof(CalMinutes))
			: palloc(list->cap * sizeof(CalMinutes));
	}
	list->r[list->n].start = start;
	list->r[list->n].end = end;
	list->n++;
}

CalClosedDate *
CalAddDate(CalBuilder *b, int32 date)
{
	CalClosedDate *cd;

	if (b->ndates >= CAL_MAX_DATES)
		CalInputError(b, "Keep only the closed dates of the years you report on.",
					  "A calendar has at most %d closed dates.", CAL_MAX_DATES);
	if (b->ndates == b->datecap)
	{
		b->datecap = b->datecap ? 2 * b->datecap : 16;
		b->dates = b->dates ? repalloc(b->dates, b->datecap * sizeof(CalClosedDate))
			: palloc(b->datecap * sizeof(CalClosedDate));
	}
	cd = &b->dates[b->ndates++];
	cd->date = date;
	memset(&cd->hours, 0, sizeof(CalRangeList));
	return cd;
}

/* ------------------------------------------------------------------------
 * Time zones
 * ------------------------------------------------------------------------
 */

static bool
cal_has_digit(const char *s)
{
	for (; *s; s++)
		if (cal_is_digit(*s))
			return true;
	return false;
}

/*
 * Names of the zone database that contain digits (Etc/GMT+5, EST5EDT,
 * ...), from its list, read once per backend.  pg_tzset() also accepts
 * POSIX zone specifications ("UTC+3", "FOO5BAR"), which always contain a
 * digit; a name with a digit is looked up only if the list has it, so such
 * specifications are refused and never loaded.
 */
static bool
cal_zone_listed(const char *name)
{
	static List *listed = NIL;
	static bool loaded = false;
	ListCell   *lc;

	if (!loaded)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
		pg_tzenum  *e = pg_tzenumerate_start();
		pg_tz	   *tz;
		List	   *found = NIL;

		while ((tz = pg_tzenumerate_next(e)) != NULL)
		{
			const char *n = pg_get_timezone_name(tz);

			if (cal_has_digit(n))
				found = lappend(found, pstrdup(n));
		}
		pg_tzenumerate_end(e);
		MemoryContextSwitchTo(old);
		listed = found;
		loaded = true;
	}
	foreach(lc, listed)
	{
		if (pg_strcasecmp((const char *) lfirst(lc), name) == 0)
			return true;
	}
	return false;
}

/*
 * Look a zone name up in PostgreSQL's time-zone database (case-insensitive)
 * and keep its canonical spelling.  Only real zone names are accepted: not
 * POSIX specifications such as "UTC+3", not the "localtime" and
 * "posixrules" links, not zones with leap seconds.
 */
void
CalSetZone(CalBuilder *b, const char *name, int len, const char *where)
{
	char		buf[TZ_STRLEN_MAX + 1];
	pg_tz	   *tz = NULL;
	int			i;
	bool		ok = len > 0 && len <= TZ_STRLEN_MAX && cal_is_alpha(name[0]);

	for (i = 0; ok && i < len; i++)
	{
		char		c = name[i];

		ok = cal_is_alpha(c) || cal_is_digit(c) || c == '_' || c == '+' ||
			c == '-' || (c == '/' && i + 1 < len && name[i + 1] != '/');
	}
	if (ok)
	{
		memcpy(buf, name, len);
		buf[len] = '\0';
		ok = pg_strcasecmp(buf, "localtime") != 0 &&
			pg_strcasecmp(buf, "posixrules") != 0 &&
			(!cal_has_digit(buf) || cal_zone_listed(buf));
	}
	if (ok)
	{
		tz = pg_tzset(buf);
		ok = tz != NULL && pg_tz_acceptable(tz);
	}
	if (!ok)
		CalInputError(b, "Use a time zone name of the server's time-zone database, such as Europe/Berlin (the view pg_timezone_names lists them); offsets such as UTC+3 are not accepted.",
					  "Time zone \"%.*s\" is not recognized%s.",
					  Min(len, 100), name, where);
	if (b->has_zone)
		CalInputError(b, "Give one \"tz\" part.",
					  "A second time zone \"%.*s\" is given%s.",
					  Min(len, 100), name, where);
	strlcpy(b->zone, pg_get_timezone_name(tz), sizeof(b->zone));
	b->has_zone = true;
}

/* ------------------------------------------------------------------------
 * Text input
 * ------------------------------------------------------------------------
 */

/* Does a time (H:MM or HH:MM) start at p? */
static bool
cal_starts_time(const char *p)
{
	return cal_is_digit(p[0]) &&
		(p[1] == ':' || (cal_is_digit(p[1]) && p[2] == ':'));
}

/* Does a date (YYYY-...) start at p? */
static bool
cal_starts_date(const char *p)
{
	return cal_is_digit(p[0]) && cal_is_digit(p[1]) && cal_is_digit(p[2]) &&
		cal_is_digit(p[3]) && p[4] == '-';
}

static int
cal_day_lookup(const char *w, int len)
{
	int			d;

	for (d = 0; d < 7; d++)
	{
		if ((len == 3 && pg_strncasecmp(w, CalDayAbbrev[d], 3) == 0) ||
			(len == (int) strlen(cal_day_name[d]) &&
			 pg_strncasecmp(w, cal_day_name[d], len) == 0))
			return d;
	}
	return -1;
}

static int
cal_word_len(const char *p)
{
	int			n = 0;

	while (cal_is_alpha(p[n]))
		n++;
	return n;
}

/* H:MM or HH:MM, 00:00 to 24:00, as minutes after midnight. */
static const char *
cal_parse_time(CalBuilder *b, const char *p, int *minutes)
{
	const char *start = p;
	int			hour;
	int			minute;

	if (!cal_starts_time(p))
		CalInputError(b, CAL_HINT_TIME, "Expected a time such as 09:00 at position %d.",
					  cal_pos(b, p));
	hour = *p++ - '0';
	if (*p != ':')
		hour = hour * 10 + (*p++ - '0');
	p++;
	if (!cal_is_digit(p[0]) || !cal_is_digit(p[1]) || cal_is_digit(p[2]))
		CalInputError(b, CAL_HINT_TIME,
					  "Expected two digits of minutes at position %d.", cal_pos(b, p));
	minute = (p[0] - '0') * 10 + (p[1] - '0');
	p += 2;
	if (minute > 59)
		CalInputError(b, CAL_HINT_TIME,
					  "Minutes out of range in time %.*s at position %d.",
					  (int) (p - start), start, cal_pos(b, start));
	if (hour > 24 || (hour == 24 && minute > 0))
		CalInputError(b, CAL_HINT_TIME,
					  "Hour out of range in time %.*s at position %d.",
					  (int) (p - start), start, cal_pos(b, start));
	*minutes = hour * 60 + minute;
	return p;
}

static const char *
cal_parse_range(CalBuilder *b, const char *p, CalRangeList *list)
{
	const char *start = p;
	int			from;
	int			to;

	p = cal_skip_space(cal_parse_time(b, p, &from));
	if (*p != '-')
		CalInputError(b, CAL_HINT_TIME, "Expected \"-\" and an end time at position %d.",
					  cal_pos(b, p));
	p = cal_parse_time(b, cal_skip_space(p + 1), &to);
	if (from == CAL_MINUTES_PER_DAY)
		CalInputError(b, "24:00 may only end a range; write the next day from 00:00.",
					  "Range %.*s starts at 24:00 at position %d.",
					  (int) (p - start), start, cal_pos(b, start));
	if (to <= from)
		CalInputError(b, "Split hours past midnight in two: \"fri 22:00-24:00; sat 00:00-02:00\".",
					  "Range %.*s does not end after it starts at position %d.",
					  (int) (p - start), start, cal_pos(b, start));
	CalListAdd(list, from, to);
	return p;
}

/*
 * Ranges separated by ","; stops before a "," that is not followed by a
 * time (a following closed date, or an error the caller reports).
 */
static const char *
cal_parse_ranges(CalBuilder *b, const char *p, CalRangeList *list)
{
	for (;;)
	{
		const char *q;

		p = cal_parse_range(b, p, list);
		q = cal_skip_space(p);
		if (*q != ',')
			return p;
		q = cal_skip_space(q + 1);
		if (!cal_starts_time(q))
			return p;
		p = q;
	}
}

static void
cal_bad_day(const CalBuilder *b, const char *w, int len)
{
	if (len == 0)
		CalInputError(b, CAL_HINT_FORM,
					  "Expected days, \"tz\" or \"closed\" at position %d.",
					  cal_pos(b, w));
	CalInputError(b, "Days are mon, tue, wed, thu, fri, sat, sun (or their full names); a part starts with days, \"tz\" or \"closed\".",
				  "Unrecognized day \"%.*s\" at position %d.",
				  Min(len, 40), w, cal_pos(b, w));
}

/* A day list and its hours: "mon-fri,sun 09:00-12:00, 13:00-17:00". */
static const char *
cal_parse_hours_part(CalBuilder *b, const char *p)
{
	bool		days[7] = {false};
	CalRangeList hours = {0};
	int			d;
	int			i;

	for (;;)
	{
		const char *w = p;
		int			len = cal_word_len(p);
		int			first = cal_day_lookup(p, len);
		int			last;

		if (first < 0)
			cal_bad_day(b, w, len);
		p = cal_skip_space(p + len);
		last = first;
		if (*p == '-')
		{
			p = cal_skip_space(p + 1);
			len = cal_word_len(p);
			last = cal_day_lookup(p, len);
			if (last < 0)
				cal_bad_day(b, p, len);
			p = cal_skip_space(p + len);
		}
		for (d = first;; d = (d + 1) % 7)
		{
			if (days[d])
				CalInputError(b, "List each day once in a day list.",
							  "%s is listed twice in the day list at position %d.",
							  CalDayTitle[d], cal_pos(b, w));
			days[d] = true;
			if (d == last)
				break;
		}
		if (*p != ',')
			break;
		p = cal_skip_space(p + 1);
	}
	if (!cal_starts_time(p))
		CalInputError(b, CAL_HINT_FORM,
					  "Expected opening hours such as 09:00-17:00 after the days at position %d.",
					  cal_pos(b, p));
	p = cal_parse_ranges(b, p, &hours);
	for (d = 0; d < 7; d++)
		for (i = 0; days[d] && i < hours.n; i++)
			CalListAdd(&b->week[d], hours.r[i].start, hours.r[i].end);
	return p;
}

/* YYYY-MM-DD, a date that exists, year 1 to 9999. */
static const char *
cal_parse_date(CalBuilder *b, const char *p, int32 *date)
{
	const char *s = p;
	int			y,
				m,
				d;

	if (!cal_starts_date(p) || !cal_is_digit(p[5]) || !cal_is_digit(p[6]) ||
		p[7] != '-' || !cal_is_digit(p[8]) || !cal_is_digit(p[9]) ||
		cal_is_digit(p[10]))
		CalInputError(b, CAL_HINT_DATE, "Expected a date such as 2025-12-25 at position %d.",
					  cal_pos(b, p));
	y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
	m = (p[5] - '0') * 10 + (p[6] - '0');
	d = (p[8] - '0') * 10 + (p[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > day_tab[isleap(y)][m - 1])
		CalInputError(b, CAL_HINT_DATE, "Date %.10s does not exist (position %d).",
					  s, cal_pos(b, s));
	*date = date2j(y, m, d) - POSTGRES_EPOCH_JDATE;
	return p + 10;
}

/* "closed" list: dates, each alone or followed by its closed hours. */
static const char *
cal_parse_closed_part(CalBuilder *b, const char *p)
{
	if (b->has_closed)
		CalInputError(b, "Put all closed dates in one list: \"closed 2025-12-25, 2026-01-01\".",
					  "A second \"closed\" list starts at position %d.", cal_pos(b, p - 6));
	b->has_closed = true;
	p = cal_skip_space(p);
	for (;;)
	{
		int32		date;
		CalClosedDate *cd;
		const char *q;

		p = cal_parse_date(b, p, &date);
		cd = CalAddDate(b, date);
		q = cal_skip_space(p);
		if (cal_starts_time(q))
			p = cal_parse_ranges(b, q, &cd->hours);
		else
			CalListAdd(&cd->hours, 0, CAL_MINUTES_PER_DAY);
		q = cal_skip_space(p);
		if (*q != ',')
			return p;
		p = cal_skip_space(q + 1);
		if (!cal_starts_date(p))
			CalInputError(b, CAL_HINT_DATE,
						  "Expected a date such as 2025-12-25 at position %d.", cal_pos(b, p));
	}
}

void
CalParseText(CalBuilder *b)
{
	const char *p = cal_skip_space(b->input);
	bool		any = false;

	for (;;)
	{
		int			len;

		if (*p == '\0')
		{
			if (!any)
				CalInputError(b, CAL_HINT_FORM, "The calendar is empty.");
			return;
		}
		len = cal_word_len(p);
		if (len == 2 && pg_strncasecmp(p, "tz", 2) == 0)
		{
			const char *z = cal_skip_space(p + 2);
			const char *e = z;

			while (*e && !cal_is_space(*e) && *e != ';')
				e++;
			if (e == z)
				CalInputError(b, CAL_HINT_FORM,
							  "Expected a time zone name after \"tz\" at position %d.",
							  cal_pos(b, z));
			CalSetZone(b, z, (int) (e - z),
						 psprintf(" at position %d", cal_pos(b, z)));
			p = e;
		}
		else if (len == 6 && pg_strncasecmp(p, "closed", 6) == 0)
			p = cal_parse_closed_part(b, p + 6);
		else
			p = cal_parse_hours_part(b, p);
		any = true;

		p = cal_skip_space(p);
		if (*p == ';')
			p = cal_skip_space(p + 1);
		else if (*p != '\0')
			CalInputError(b, "Separate the parts of a calendar with \";\".",
						  "Unexpected \"%.*s\" at position %d; expected \";\" or the end of the calendar.",
						  pg_mbcliplen(p, (int) strlen(p), 20), p, cal_pos(b, p));
	}
}

