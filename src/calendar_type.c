/*
 * calendar_type.c
 *		The calendar type: validation and normal form, storage, text output,
 *		binary I/O, and the per-query cache of deserialized calendars.
 *
 * The text parser (calendar_parse.c) and the binary input fill a builder;
 * one validation step here rejects overlapping ranges, repeated dates,
 * missing hours or zone, and then normalizes: ranges sorted and adjacent
 * ones merged, dates sorted.  The stored value is that normal form, so
 * equal calendars have equal bytes, and the output (days with equal hours
 * grouped, Monday first, runs of days as ranges; then the zone; then the
 * closed dates in order) parses back to the same bytes.
 *
 * Storage (CalendarData below) keeps the parsed schedule, so functions
 * never parse text: CalFromDatum() turns it into a Calendar (calendar.h)
 * with the prefix sums the arithmetic needs and the pg_tz pointer, and
 * caches the result by the value's bytes, so a calendar constant is set up
 * once per query.
 */
#include "postgres.h"
#include "compat.h"

#include "datatype/timestamp.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/datetime.h"
#include "utils/memutils.h"

#include "calendar.h"
#include "csmetrics.h"

#define CAL_STORAGE_VERSION 1
#define CAL_BINARY_VERSION	1
#define CAL_CACHE_SIZE		8

/*
 * Stored form.  All counts and ranges are in canonical order; ranges are
 * minutes after local midnight, start < end <= 1440.
 */
typedef struct CalendarData
{
	int32		vl_len_;		/* varlena header (do not touch directly!) */
	uint8		version;		/* CAL_STORAGE_VERSION */
	uint8		zone_len;		/* length of the zone name, no terminator */
	uint16		nweek[7];		/* opening ranges of each weekday, Monday
								 * first */
	int32		ndates;			/* closed dates */
	int32		nclosed;		/* closed ranges of all closed dates */

	/*
	 * Followed by: int32 date[ndates] (days since 2000-01-01, increasing);
	 * uint16 date_nclosed[ndates] (>= 1 each); uint16 week[sum nweek][2];
	 * uint16 closed[nclosed][2]; char zone[zone_len].
	 */
} CalendarData;

#define CAL_DATES(c)	((int32 *) ((char *) (c) + sizeof(CalendarData)))
#define CAL_DATE_N(c)	((uint16 *) (CAL_DATES(c) + (c)->ndates))
#define CAL_WEEK(c)		(CAL_DATE_N(c) + (c)->ndates)
#define CAL_CLOSED(c)	(CAL_WEEK(c) + 2 * cal_week_total(c))
#define CAL_ZONE(c)		((char *) (CAL_CLOSED(c) + 2 * (c)->nclosed))

typedef struct CalCacheEntry
{
	MemoryContext cxt;			/* holds key and cal */
	bool		whole;			/* key is the raw datum, else its contents */
	Size		len;
	const char *key;
	const Calendar *cal;
} CalCacheEntry;

struct CalCache
{
	int			next;			/* entry to replace next */
	CalCacheEntry entry[CAL_CACHE_SIZE];
};

static int
cal_week_total(const CalendarData *c)
{
	int			total = 0;
	int			d;

	for (d = 0; d < 7; d++)
		total += c->nweek[d];
	return total;
}

static char *
cal_date_text(int32 date, char *buf)
{
	int			y,
				m,
				d;

	j2date(date + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
	return buf;
}

static void
cal_append_range(StringInfo buf, int start, int end)
{
	appendStringInfo(buf, "%02d:%02d-%02d:%02d",
					 start / 60, start % 60, end / 60, end % 60);
}

/* ------------------------------------------------------------------------
 * Validation and normal form (text and binary input)
 * ------------------------------------------------------------------------
 */

static int
cal_minutes_cmp(const void *a, const void *b)
{
	const CalMinutes *x = (const CalMinutes *) a;
	const CalMinutes *y = (const CalMinutes *) b;

	return (x->start > y->start) - (x->start < y->start);
}

static int
cal_date_cmp(const void *a, const void *b)
{
	const CalClosedDate *x = (const CalClosedDate *) a;
	const CalClosedDate *y = (const CalClosedDate *) b;

	return (x->date > y->date) - (x->date < y->date);
}

/* Sort ranges, reject overlaps, merge adjacent ranges. */
static void
cal_normalize(CalBuilder *b, CalRangeList *list, const char *what,
			  const char *where, const char *hint)
{
	int			n = 0;
	int			i;

	if (list->n > 1)
		qsort(list->r, list->n, sizeof(CalMinutes), cal_minutes_cmp);
	for (i = 0; i < list->n; i++)
	{
		if (n > 0 && list->r[i].start < list->r[n - 1].end)
		{
			StringInfoData buf;

			initStringInfo(&buf);
			cal_append_range(&buf, list->r[n - 1].start, list->r[n - 1].end);
			appendStringInfoString(&buf, " and ");
			cal_append_range(&buf, list->r[i].start, list->r[i].end);
			CalInputError(b, hint, "%s %s overlap %s.", what, buf.data, where);
		}
		if (n > 0 && list->r[i].start == list->r[n - 1].end)
			list->r[n - 1].end = list->r[i].end;
		else
			list->r[n++] = list->r[i];
	}
	list->n = n;
}

static void
cal_finish(CalBuilder *b)
{
	int			total = 0;
	int			d;
	int			i;

	for (d = 0; d < 7; d++)
	{
		cal_normalize(b, &b->week[d], "Opening hours",
					  psprintf("on %s", CalDayTitle[d]),
					  "Give each day disjoint ranges; a day may appear in several parts, but its hours must not overlap.");
		total += b->week[d].n;
	}
	if (total == 0)
		CalInputError(b, "Add opening hours such as \"mon-fri 09:00-17:00\"; a calendar that is never open has no business time.",
					  "The calendar has no opening hours.");
	if (!b->has_zone)
		CalInputError(b, "Add the time zone of the opening hours, such as \"; tz Europe/Berlin\".",
					  "The calendar has no time zone.");
	if (b->ndates > 1)
		qsort(b->dates, b->ndates, sizeof(CalClosedDate), cal_date_cmp);
	for (i = 0; i < b->ndates; i++)
	{
		char		text[16];

		cal_date_text(b->dates[i].date, text);
		if (i > 0 && b->dates[i].date == b->dates[i - 1].date)
			CalInputError(b, "List each closed date once, with all its closed hours: \"closed 2025-12-24 09:00-10:00, 13:00-24:00\".",
						  "Closed date %s is listed twice.", text);
		if (b->dates[i].hours.n == 0)
			CalInputError(b, "A whole-day closure is one range 0-1440.",
						  "Closed date %s has no hours.", text);
		cal_normalize(b, &b->dates[i].hours, "Closed hours",
					  psprintf("on %s", text),
					  "Give a closed date disjoint ranges, such as \"2025-12-24 09:00-10:00, 13:00-24:00\".");
	}
}

/* The normal form as a varlena. */
static CalendarData *
cal_serialize(const CalBuilder *b)
{
	int			nweek = 0;
	int			nclosed = 0;
	int			zone_len = (int) strlen(b->zone);
	Size		size;
	CalendarData *c;
	uint16	   *r;
	int			d;
	int			i;
	int			j;

	for (d = 0; d < 7; d++)
		nweek += b->week[d].n;
	for (i = 0; i < b->ndates; i++)
		nclosed += b->dates[i].hours.n;
	size = sizeof(CalendarData) + b->ndates * (sizeof(int32) + sizeof(uint16)) +
		(nweek + nclosed) * 2 * sizeof(uint16) + zone_len;
	c = palloc0(size);
	SET_VARSIZE(c, size);
	c->version = CAL_STORAGE_VERSION;
	c->zone_len = (uint8) zone_len;
	c->ndates = b->ndates;
	c->nclosed = nclosed;
	for (d = 0; d < 7; d++)
		c->nweek[d] = (uint16) b->week[d].n;
	for (i = 0; i < b->ndates; i++)
	{
		CAL_DATES(c)[i] = b->dates[i].date;
		CAL_DATE_N(c)[i] = (uint16) b->dates[i].hours.n;
	}
	r = CAL_WEEK(c);
	for (d = 0; d < 7; d++)
		for (j = 0; j < b->week[d].n; j++)
		{
			*r++ = (uint16) b->week[d].r[j].start;
			*r++ = (uint16) b->week[d].r[j].end;
		}
	for (i = 0; i < b->ndates; i++)
		for (j = 0; j < b->dates[i].hours.n; j++)
		{
			*r++ = (uint16) b->dates[i].hours.r[j].start;
			*r++ = (uint16) b->dates[i].hours.r[j].end;
		}
	memcpy(CAL_ZONE(c), b->zone, zone_len);
	return c;
}

/*
 * Canonical text: days with equal hours grouped (Monday first, runs of
 * days as ranges), then the zone, then the closed dates in order.
 */
static char *
cal_text(const CalendarData *c)
{
	StringInfoData buf;
	const uint16 *start[7];
	const uint16 *r = CAL_WEEK(c);
	bool		done[7] = {false};
	int			d;
	int			e;
	int			i;

	for (d = 0; d < 7; d++)
	{
		start[d] = r;
		r += 2 * c->nweek[d];
	}
	initStringInfo(&buf);
	for (d = 0; d < 7; d++)
	{
		bool		group[7] = {false};
		bool		first = true;

		if (done[d] || c->nweek[d] == 0)
			continue;
		for (e = d; e < 7; e++)
			group[e] = !done[e] && c->nweek[e] == c->nweek[d] &&
				memcmp(start[e], start[d], 4 * c->nweek[d]) == 0;
		for (e = 0; e < 7; e++)
		{
			int			last = e;

			if (!group[e])
				continue;
			while (last + 1 < 7 && group[last + 1])
				last++;
			appendStringInfo(&buf, "%s%s", first ? "" : ",", CalDayAbbrev[e]);
			if (last > e)
				appendStringInfo(&buf, "-%s", CalDayAbbrev[last]);
			first = false;
			for (i = e; i <= last; i++)
				done[i] = true;
			e = last;
		}
		for (i = 0; i < c->nweek[d]; i++)
		{
			appendStringInfoString(&buf, i == 0 ? " " : ", ");
			cal_append_range(&buf, start[d][2 * i], start[d][2 * i + 1]);
		}
		appendStringInfoString(&buf, "; ");
	}
	appendStringInfo(&buf, "tz %.*s", (int) c->zone_len, CAL_ZONE(c));
	r = CAL_CLOSED(c);
	for (i = 0; i < c->ndates; i++)
	{
		char		text[16];
		int			n = CAL_DATE_N(c)[i];

		appendStringInfoString(&buf, i == 0 ? "; closed " : ", ");
		appendStringInfoString(&buf, cal_date_text(CAL_DATES(c)[i], text));
		if (!(n == 1 && r[0] == 0 && r[1] == CAL_MINUTES_PER_DAY))
			for (d = 0; d < n; d++)
			{
				appendStringInfoString(&buf, d == 0 ? " " : ", ");
				cal_append_range(&buf, r[2 * d], r[2 * d + 1]);
			}
		r += 2 * n;
	}
	return buf.data;
}

/* Validate, normalize and store what an input function has read. */
static CalendarData *
cal_build(CalBuilder *b)
{
	CalendarData *c;
	size_t		len;

	cal_finish(b);
	c = cal_serialize(b);
	len = strlen(cal_text(c));
	if (len > CAL_TEXT_MAXLEN)
		CalInputError(b, "Keep only the closed dates of the years you report on.",
					  "Its text form has %zu characters; a calendar has at most %d.",
					  len, CAL_TEXT_MAXLEN);
	return c;
}

PG_FUNCTION_INFO_V1(calendar_in);
/* Parse the text form; every string is treated as hostile. */
Datum
calendar_in(PG_FUNCTION_ARGS)
{
	const char *input = PG_GETARG_CSTRING(0);
	CalBuilder	b;

	cs_check_input_length(input, "calendar", CAL_TEXT_MAXLEN);
	memset(&b, 0, sizeof(b));
	b.input = input;
	CalParseText(&b);
	PG_RETURN_POINTER(cal_build(&b));
}

PG_FUNCTION_INFO_V1(calendar_out);
/* Canonical text form. */
Datum
calendar_out(PG_FUNCTION_ARGS)
{
	CalendarData *c = (CalendarData *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));

	PG_RETURN_CSTRING(cal_text(c));
}

PG_FUNCTION_INFO_V1(calendar_send);
/*
 * Binary form: a version byte, the zone name, for each weekday from Monday
 * an int16 count and int16 start/end minutes, then an int32 count of closed
 * dates, each an int32 date (days since 2000-01-01), an int16 count and
 * int16 start/end minutes (a whole day is one range 0-1440).
 */
Datum
calendar_send(PG_FUNCTION_ARGS)
{
	CalendarData *c = (CalendarData *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData buf;
	char		zone[TZ_STRLEN_MAX + 1];
	const uint16 *r = CAL_WEEK(c);
	int			d;
	int			i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, CAL_BINARY_VERSION);
	memcpy(zone, CAL_ZONE(c), c->zone_len);
	zone[c->zone_len] = '\0';
	pq_sendstring(&buf, zone);
	for (d = 0; d < 7; d++)
	{
		pq_sendint16(&buf, c->nweek[d]);
		for (i = 0; i < 2 * c->nweek[d]; i++)
			pq_sendint16(&buf, *r++);
	}
	pq_sendint32(&buf, c->ndates);
	for (d = 0; d < c->ndates; d++)
	{
		pq_sendint32(&buf, CAL_DATES(c)[d]);
		pq_sendint16(&buf, CAL_DATE_N(c)[d]);
		for (i = 0; i < 2 * CAL_DATE_N(c)[d]; i++)
			pq_sendint16(&buf, *r++);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Read count ranges of the binary form into list, checking each. */
static void
cal_recv_ranges(CalBuilder *b, StringInfo buf, int count, CalRangeList *list)
{
	int			i;

	if (count < 0 || count > CAL_MINUTES_PER_DAY)
		CalInputError(b, NULL, "Range count %d is out of range.", count);
	for (i = 0; i < count; i++)
	{
		int			from = pq_getmsgint(buf, 2);
		int			to = pq_getmsgint(buf, 2);

		if (from < 0 || to <= from || to > CAL_MINUTES_PER_DAY)
			CalInputError(b, NULL, "Range %d-%d (minutes) is not inside one day.",
						  from, to);
		CalListAdd(list, from, to);
	}
}

PG_FUNCTION_INFO_V1(calendar_recv);
/*
 * Read the binary form, with the same checks and normal form as the text
 * input; short or long buffers are errors.
 */
Datum
calendar_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	CalBuilder	b;
	const char *zone;
	int			version;
	int			ndates;
	int			d;

	memset(&b, 0, sizeof(b));
	/* a valid value's binary form is shorter than its text */
	if (buf->len > CAL_TEXT_MAXLEN)
		CalInputError(&b, NULL, "The value has %d bytes; a calendar has at most %d.",
					  buf->len, CAL_TEXT_MAXLEN);
	version = pq_getmsgbyte(buf);
	if (version != CAL_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary calendar format version %d", version),
				 errhint("This build reads version %d.", CAL_BINARY_VERSION)));
	zone = pq_getmsgstring(buf);
	CalSetZone(&b, zone, (int) strlen(zone), "");
	for (d = 0; d < 7; d++)
		cal_recv_ranges(&b, buf, (int16) pq_getmsgint(buf, 2), &b.week[d]);
	ndates = (int32) pq_getmsgint(buf, 4);
	if (ndates < 0 || ndates > CAL_MAX_DATES)
		CalInputError(&b, NULL, "Closed date count %d is out of range.", ndates);
	b.has_closed = ndates > 0;
	for (d = 0; d < ndates; d++)
	{
		int32		date = (int32) pq_getmsgint(buf, 4);

		if (date < date2j(1, 1, 1) - POSTGRES_EPOCH_JDATE ||
			date > date2j(9999, 12, 31) - POSTGRES_EPOCH_JDATE)
			CalInputError(&b, NULL, "Closed date %d is outside the years 1 to 9999.", date);
		cal_recv_ranges(&b, buf, (int16) pq_getmsgint(buf, 2),
						&CalAddDate(&b, date)->hours);
	}
	pq_getmsgend(buf);
	PG_RETURN_POINTER(cal_build(&b));
}

/* ------------------------------------------------------------------------
 * Deserialization and the per-query cache
 * ------------------------------------------------------------------------
 */

/* Minutes ranges as microsecond bounds. */
static CalDayHours
cal_hours(const uint16 *r, int n)
{
	CalDayHours h;
	int64	   *bounds = palloc(Max(1, 2 * n) * sizeof(int64));
	int			i;

	h.nranges = n;
	h.open = 0;
	for (i = 0; i < 2 * n; i++)
		bounds[i] = (int64) r[i] * USECS_PER_MINUTE;
	for (i = 0; i < n; i++)
		h.open += bounds[2 * i + 1] - bounds[2 * i];
	h.bounds = bounds;
	return h;
}

/* A weekday's hours minus a closed date's closed hours. */
static CalDayHours
cal_hours_minus(const CalDayHours *open, const uint16 *closed, int nclosed)
{
	CalDayHours h;
	int64	   *bounds = palloc((2 * (open->nranges + nclosed) + 2) * sizeof(int64));
	int			n = 0;
	int			i;
	int			j = 0;

	h.open = 0;
	for (i = 0; i < open->nranges; i++)
	{
		int64		cur = open->bounds[2 * i];
		int64		end = open->bounds[2 * i + 1];

		while (j < nclosed && closed[2 * j + 1] * USECS_PER_MINUTE <= cur)
			j++;
		while (cur < end)
		{
			int64		cs = j < nclosed ? closed[2 * j] * USECS_PER_MINUTE : end;
			int64		ce = j < nclosed ? closed[2 * j + 1] * USECS_PER_MINUTE : end;

			if (cs > cur)
			{
				bounds[2 * n] = cur;
				bounds[2 * n + 1] = Min(cs, end);
				h.open += bounds[2 * n + 1] - cur;
				n++;
			}
			cur = Max(cur, ce);
			if (ce <= end && j < nclosed)
				j++;
			else
				break;
		}
	}
	h.nranges = n;
	h.bounds = bounds;
	return h;
}

/* Build the in-memory calendar in the current memory context. */
static const Calendar *
cal_load(const CalendarData *c)
{
	Calendar   *cal = palloc0(sizeof(Calendar));
	CalHoliday *hol = palloc(Max(1, c->ndates) * sizeof(CalHoliday));
	int64	   *removed = palloc((c->ndates + 1) * sizeof(int64));
	const uint16 *r = CAL_WEEK(c);
	char	   *zone;
	int			d;

	if (c->version != CAL_STORAGE_VERSION || c->zone_len == 0 ||
		c->ndates < 0 || c->nclosed < 0 ||
		VARSIZE(c) != sizeof(CalendarData) +
		c->ndates * (sizeof(int32) + sizeof(uint16)) +
		(cal_week_total(c) + c->nclosed) * 2 * sizeof(uint16) + c->zone_len)
		elog(ERROR, "calendar value is corrupt (version %d, size %u)",
			 c->version, (unsigned int) VARSIZE(c));

	zone = pnstrdup(CAL_ZONE(c), c->zone_len);
	cal->zone = zone;
	cal->tz = pg_tzset(zone);
	if (cal->tz == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%s\" of a calendar is not recognized", zone),
				 errhint("The server's time-zone database no longer has this zone; store the calendar again with a current zone name.")));

	cal->week_before[0] = 0;
	for (d = 0; d < 7; d++)
	{
		cal->week[d] = cal_hours(r, c->nweek[d]);
		r += 2 * c->nweek[d];
		cal->week_before[d + 1] = cal->week_before[d] + cal->week[d].open;
	}
	cal->week_open = cal->week_before[7];
	if (cal->week_open <= 0)
		elog(ERROR, "calendar value is corrupt (no opening hours)");

	removed[0] = 0;
	for (d = 0; d < c->ndates; d++)
	{
		const CalDayHours *wh = &cal->week[CalWeekday(CAL_DATES(c)[d])];
		int			n = CAL_DATE_N(c)[d];

		hol[d].date = CAL_DATES(c)[d];
		hol[d].hours = cal_hours_minus(wh, r, n);
		r += 2 * n;
		removed[d + 1] = removed[d] + wh->open - hol[d].hours.open;
	}
	cal->nholidays = c->ndates;
	cal->holidays = hol;
	cal->dates = CAL_DATES(c);
	cal->removed = removed;
	return cal;
}

/* An aligned, uncompressed copy of a calendar datum, in the current context. */
static const CalendarData *
cal_plain_copy(struct varlena *raw)
{
	struct varlena *plain = pg_detoast_datum_packed(raw);
	Size		len = VARSIZE_ANY_EXHDR(plain);
	struct varlena *copy = palloc(VARHDRSZ + len);

	SET_VARSIZE(copy, VARHDRSZ + len);
	memcpy(VARDATA(copy), VARDATA_ANY(plain), len);
	return (const CalendarData *) copy;
}

/*
 * The calendar of a calendar datum, deserialized once: with a cache, the
 * result stays valid as long as cxt (the cache lives there too); without,
 * it is built in the current memory context.
 *
 * Compressed values and toast pointers to values on disk are keyed by
 * their raw bytes (a toast pointer names its value), so a repeated value
 * from a table costs no detoasting; plain values by their contents; other
 * external pointers point into memory and are detoasted first.
 */
const Calendar *
CalFromDatum(Datum value, CalCache **cache, MemoryContext cxt)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(value);
	bool		whole;
	const char *key;
	Size		len;
	CalCache   *cc;
	CalCacheEntry *e;
	MemoryContext old;
	char	   *copy;
	int			i;

	if (cache == NULL)
		return cal_load(cal_plain_copy(raw));

	if (VARATT_IS_EXTERNAL(raw) && !VARATT_IS_EXTERNAL_ONDISK(raw))
		raw = pg_detoast_datum_packed(raw);
	whole = VARATT_IS_EXTERNAL(raw) || VARATT_IS_COMPRESSED(raw);
	key = whole ? (const char *) raw : VARDATA_ANY(raw);
	len = whole ? VARSIZE_ANY(raw) : VARSIZE_ANY_EXHDR(raw);

	if (*cache == NULL)
		*cache = MemoryContextAllocZero(cxt, sizeof(CalCache));
	cc = *cache;
	for (i = 0; i < CAL_CACHE_SIZE; i++)
	{
		e = &cc->entry[i];
		if (e->cal != NULL && e->whole == whole && e->len == len &&
			memcmp(e->key, key, len) == 0)
			return e->cal;
	}

	e = &cc->entry[cc->next];
	cc->next = (cc->next + 1) % CAL_CACHE_SIZE;
	if (e->cxt == NULL)
		e->cxt = AllocSetContextCreate(cxt, "calendar cache",
									   ALLOCSET_SMALL_SIZES);
	else
		MemoryContextReset(e->cxt);
	e->cal = NULL;

	old = MemoryContextSwitchTo(e->cxt);
	copy = palloc(len);
	memcpy(copy, key, len);
	e->key = copy;
	e->len = len;
	e->whole = whole;
	e->cal = cal_load(cal_plain_copy(raw));
	MemoryContextSwitchTo(old);
	return e->cal;
}

/* A function's calendar argument, cached in its fn_extra. */
const Calendar *
CalGetArg(FunctionCallInfo fcinfo, int argno)
{
	FmgrInfo   *flinfo = fcinfo->flinfo;

	if (flinfo == NULL)
		return CalFromDatum(PG_GETARG_DATUM(argno), NULL, NULL);
	return CalFromDatum(PG_GETARG_DATUM(argno), (CalCache **) &flinfo->fn_extra,
						flinfo->fn_mcxt);
}
