/*
 * timeline_io.c
 *		The timeline type: text and binary I/O and the consistency check
 *		every way into a timeline goes through.
 *
 * Text form, documented in the README:
 *
 *		periods=<P> at_start=<n> (<bound> <opened>/<closed>/<lost>){P} <bound>
 *
 * for example
 *
 *		periods=2 at_start=3 2025-03-09T05:00:00Z 1/2/1 2025-03-10T04:00:00Z 0/0/0 2025-03-11T04:00:00Z
 *
 * at_start counts the items open just before the first bound; each period
 * is its start and its three counters; the last bound ends the last period.
 * Bounds are instants in UTC, written YYYY-MM-DDTHH:MM:SS[.ffffff]Z with an
 * astronomical year (0000 is 1 BC, -0001 is 2 BC, as ISO 8601 has it), so
 * the text is the same in every session, whatever its TimeZone or
 * DateStyle, and means the same instants everywhere.  Output writes the
 * fraction only when it is not zero, without trailing zeros.
 *
 * Input treats every string as hostile.  Tokens are separated by white
 * space; counts are plain decimal digits up to 2^63 - 1; bounds are valid
 * dates and times in PostgreSQL's timestamp range, strictly increasing; the
 * number of periods listed must be the declared one, 1 to 100000; the
 * counters must describe real items (TimelineCheck); and a value is at most
 * TIMELINE_TEXT_MAXLEN characters.  Error messages quote at most the start
 * of a long value.
 */
#include "postgres.h"
#include "compat.h"

#include <ctype.h>

#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "csmetrics.h"
#include "timeline.h"

/* Version byte at the start of the binary form, for future layouts. */
#define TIMELINE_BINARY_VERSION 1

/*
 * Longest text accepted.  The canonical text of the largest timeline is
 * about 9.1 million characters (100 000 periods of a 30-character bound and
 * three 19-digit counters); the rest is slack for extra white space.
 */
#define TIMELINE_TEXT_MAXLEN	(16 * 1024 * 1024)

static void
tl_syntax_error(const char *input, const char *p, const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type timeline: \"%s\"",
					cs_input_excerpt(input)),
			 errdetail("Expected %s at position %d.", expected,
					   (int) (p - input) + 1),
			 errhint("A timeline value looks like \"periods=1 at_start=0 2025-01-01T00:00:00Z 5/3/0 2025-01-02T00:00:00Z\": the number of periods, the items open at the start, then each period's start and opened/closed/lost counts, then the end of the last period.")));
}

/* A token must be followed by white space or the end of the string. */
static const char *
tl_end_token(const char *input, const char *p)
{
	if (*p != '\0' && !isspace((unsigned char) *p))
		tl_syntax_error(input, p, "a space or the end of the value");
	while (isspace((unsigned char) *p))
		p++;
	return p;
}

/* A literal keyword such as "periods=". */
static const char *
tl_expect(const char *input, const char *p, const char *word)
{
	size_t		len = strlen(word);

	if (strncmp(p, word, len) != 0)
		tl_syntax_error(input, p, psprintf("\"%s\"", word));
	return p + len;
}

/* A non-negative decimal count: plain digits, at most 2^63 - 1. */
static const char *
tl_parse_count(const char *input, const char *p, int64 *result)
{
	const char *start = p;
	int64		value = 0;

	if (*p == '-')
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("negative count in timeline value"),
				 errdetail("A minus sign at position %d of \"%s\".",
						   (int) (p - input) + 1, cs_input_excerpt(input)),
				 errhint("Counts in a timeline are numbers of items, zero or more.")));
	while (*p >= '0' && *p <= '9')
	{
		if (pg_mul_s64_overflow(value, 10, &value) ||
			pg_add_s64_overflow(value, *p - '0', &value))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("count out of range in timeline value"),
					 errdetail("The count at position %d of \"%s\" exceeds %lld.",
							   (int) (start - input) + 1, cs_input_excerpt(input),
							   (long long) PG_INT64_MAX)));
		p++;
	}
	if (p == start)
		tl_syntax_error(input, p, "a count");
	*result = value;
	return p;
}

static const CsInstantNames tl_instant_names =
{"timeline", "timeline bounds", "Bounds"};

/* An instant in UTC starting at p; return the position after it. */
static const char *
tl_parse_instant(const char *input, const char *p, TimestampTz *result)
{
	const char *errpos;
	const char *expected;
	const char *end = cs_parse_utc_instant(input, p, &tl_instant_names, result,
										   &errpos, &expected);

	if (end == NULL)
		tl_syntax_error(input, errpos, expected);
	return end;
}

/* An instant in the text form's notation, for messages. */
char *
TimelineInstantText(TimestampTz t)
{
	StringInfoData buf;

	if (!IS_VALID_TIMESTAMP(t))
		return psprintf("(not a valid instant: %lld)", (long long) t);
	initStringInfo(&buf);
	cs_append_utc_instant(&buf, t);
	return buf.data;
}

/*
 * Check that bounds and counters describe a real timeline, reporting with
 * sqlerrcode what is wrong (timeline.h gives the rules).  Every value of
 * the type passes here, so the functions reading one can trust it: every
 * count, and every running sum of them, fits in int64 and is >= 0.
 */
void
TimelineCheck(int nperiods, int64 at_start, const TimestampTz *bounds,
			  const int64 *counters, int sqlerrcode)
{
	int64		open = at_start;
	int64		total = at_start;
	int			p;

	if (nperiods < 1 || nperiods > TIMELINE_MAX_PERIODS)
		ereport(ERROR,
				(errcode(sqlerrcode),
				 errmsg("number of periods out of range in timeline value"),
				 errdetail("Got %d.", nperiods),
				 errhint("A timeline has 1 to %d periods.", TIMELINE_MAX_PERIODS)));
	for (p = 0; p <= nperiods; p++)
	{
		if (!IS_VALID_TIMESTAMP(bounds[p]))
			ereport(ERROR,
					(errcode(sqlerrcode),
					 errmsg("timeline bound out of range"),
					 errdetail("Bound %d is not a finite timestamp.", p + 1)));
		if (p > 0 && bounds[p] <= bounds[p - 1])
			ereport(ERROR,
					(errcode(sqlerrcode),
					 errmsg("timeline bounds must increase"),
					 errdetail("Bound %d, %s, is not after bound %d, %s.",
							   p + 1, TimelineInstantText(bounds[p]),
							   p, TimelineInstantText(bounds[p - 1])),
					 errhint("List the period starts in increasing order, then the end of the last period.")));
	}
	if (at_start < 0)
		ereport(ERROR,
				(errcode(sqlerrcode),
				 errmsg("negative count in timeline value"),
				 errdetail("at_start is %lld.", (long long) at_start)));

	for (p = 0; p < nperiods; p++)
	{
		int64		opened = counters[TL_NCOUNTERS * p + TL_OPENED];
		int64		closed = counters[TL_NCOUNTERS * p + TL_CLOSED];
		int64		lost = counters[TL_NCOUNTERS * p + TL_LOST];

		if (opened < 0 || closed < 0 || lost < 0)
			ereport(ERROR,
					(errcode(sqlerrcode),
					 errmsg("negative count in timeline value"),
					 errdetail("Period %d, from %s: opened %lld, closed %lld, lost %lld.",
							   p + 1, TimelineInstantText(bounds[p]),
							   (long long) opened, (long long) closed,
							   (long long) lost)));
		if (lost > closed)
			ereport(ERROR,
					(errcode(sqlerrcode),
					 errmsg("inconsistent timeline value"),
					 errdetail("Period %d, from %s, has lost %lld > closed %lld.",
							   p + 1, TimelineInstantText(bounds[p]),
							   (long long) lost, (long long) closed),
					 errhint("Lost items are closed items that were open at the period's start: lost <= closed.")));
		if (lost > open)
			ereport(ERROR,
					(errcode(sqlerrcode),
					 errmsg("inconsistent timeline value"),
					 errdetail("Period %d, from %s, has lost %lld > at_start %lld.",
							   p + 1, TimelineInstantText(bounds[p]),
							   (long long) lost, (long long) open),
					 errhint("An item lost in a period is open at its start.")));
		if (closed - lost > opened)
			ereport(ERROR,
					(errcode(sqlerrcode),
					 errmsg("inconsistent timeline value"),
					 errdetail("Period %d, from %s, has closed %lld > lost %lld + opened %lld.",
							   p + 1, TimelineInstantText(bounds[p]),
							   (long long) closed, (long long) lost, (long long) opened),
					 errhint("An item closed in a period was open at its start or opened in it: closed <= lost + opened.")));
		if (pg_add_s64_overflow(total, opened, &total))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("timeline holds too many items"),
					 errdetail("Its items number more than %lld.",
							   (long long) PG_INT64_MAX)));
		/* cannot overflow: open + opened <= total */
		open = open + opened - closed;
	}
}

/* A new timeline value from checked parts, zeroed first (canonical bytes). */
Timeline *
TimelineBuild(int nperiods, int64 at_start, const TimestampTz *bounds,
			  const int64 *counters)
{
	Size		size = TIMELINE_SIZE(nperiods);
	Timeline   *tl = palloc0(size);

	SET_VARSIZE(tl, size);
	tl->nperiods = nperiods;
	tl->at_start = at_start;
	memcpy(TimelineBounds(tl), bounds, (nperiods + 1) * sizeof(TimestampTz));
	memcpy(TimelineCounters(tl), counters,
		   (Size) TL_NCOUNTERS * nperiods * sizeof(int64));
	return tl;
}

PG_FUNCTION_INFO_V1(timeline_in);
/* Parse the text form; every string is treated as hostile. */
Datum
timeline_in(PG_FUNCTION_ARGS)
{
	const char *input = PG_GETARG_CSTRING(0);
	const char *p = input;
	int64		declared;
	int64		at_start;
	int			nperiods;
	TimestampTz *bounds;
	int64	   *counters;
	int			i;

	cs_check_input_length(input, "timeline", TIMELINE_TEXT_MAXLEN);

	while (isspace((unsigned char) *p))
		p++;
	p = tl_expect(input, p, "periods=");
	if (*p == '-')
		declared = -1;
	else
		p = tl_parse_count(input, p, &declared);
	if (declared < 1 || declared > TIMELINE_MAX_PERIODS)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("number of periods out of range in timeline value"),
				 errdetail("\"%s\" declares periods=%s.", cs_input_excerpt(input),
						   declared < 0 ? "-..." : psprintf("%lld", (long long) declared)),
				 errhint("A timeline has 1 to %d periods.", TIMELINE_MAX_PERIODS)));
	nperiods = (int) declared;
	p = tl_end_token(input, p);
	p = tl_expect(input, p, "at_start=");
	p = tl_parse_count(input, p, &at_start);
	p = tl_end_token(input, p);

	bounds = palloc((nperiods + 1) * sizeof(TimestampTz));
	counters = palloc((Size) TL_NCOUNTERS * nperiods * sizeof(int64));
	for (i = 0; i < nperiods; i++)
	{
		int64	   *c = counters + TL_NCOUNTERS * i;

		if (*p == '\0')
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("timeline value lists fewer periods than it declares"),
					 errdetail("\"%s\" declares periods=%d but lists %d.",
							   cs_input_excerpt(input), nperiods, i),
					 errhint("Check that the value was not truncated.")));
		p = tl_parse_instant(input, p, &bounds[i]);
		p = tl_end_token(input, p);
		if (*p == '\0')
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("timeline value lists fewer periods than it declares"),
					 errdetail("\"%s\" declares periods=%d but lists %d.",
							   cs_input_excerpt(input), nperiods, i),
					 errhint("Check that the value was not truncated.")));
		p = tl_parse_count(input, p, &c[TL_OPENED]);
		if (*p != '/')
			tl_syntax_error(input, p, "\"/\"");
		p = tl_parse_count(input, p + 1, &c[TL_CLOSED]);
		if (*p != '/')
			tl_syntax_error(input, p, "\"/\"");
		p = tl_parse_count(input, p + 1, &c[TL_LOST]);
		p = tl_end_token(input, p);
	}
	if (*p == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("timeline value has no end bound"),
				 errdetail("\"%s\" ends after the counts of its last period.",
						   cs_input_excerpt(input)),
				 errhint("End the value with the instant at which the last period ends.")));
	p = tl_parse_instant(input, p, &bounds[nperiods]);
	p = tl_end_token(input, p);
	if (*p != '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("timeline value lists more periods than it declares"),
				 errdetail("\"%s\" declares periods=%d; more follows the end bound at position %d.",
						   cs_input_excerpt(input), nperiods, (int) (p - input) + 1),
				 errhint("periods= must give the number of periods listed.")));

	TimelineCheck(nperiods, at_start, bounds, counters,
				  ERRCODE_INVALID_TEXT_REPRESENTATION);
	PG_RETURN_TIMELINE_P(TimelineBuild(nperiods, at_start, bounds, counters));
}

PG_FUNCTION_INFO_V1(timeline_out);
/* Text form: periods, at_start, each period's start and counters, the end. */
Datum
timeline_out(PG_FUNCTION_ARGS)
{
	Timeline   *tl = PG_GETARG_TIMELINE_P(0);
	const TimestampTz *bounds = TimelineBounds(tl);
	const int64 *c = TimelineCounters(tl);
	StringInfoData buf;
	int			p;

	initStringInfo(&buf);
	appendStringInfo(&buf, "periods=%d at_start=%lld", tl->nperiods,
					 (long long) tl->at_start);
	for (p = 0; p < tl->nperiods; p++)
	{
		appendStringInfoChar(&buf, ' ');
		cs_append_utc_instant(&buf, bounds[p]);
		appendStringInfo(&buf, " %lld/%lld/%lld",
						 (long long) c[TL_NCOUNTERS * p + TL_OPENED],
						 (long long) c[TL_NCOUNTERS * p + TL_CLOSED],
						 (long long) c[TL_NCOUNTERS * p + TL_LOST]);
	}
	appendStringInfoChar(&buf, ' ');
	cs_append_utc_instant(&buf, bounds[tl->nperiods]);
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(timeline_send);
/*
 * Binary form: a version byte, the number of periods (int32), at_start
 * (int64), the bounds (int64 microseconds since 2000-01-01 UTC), then
 * opened, closed and lost of each period (int64).
 */
Datum
timeline_send(PG_FUNCTION_ARGS)
{
	Timeline   *tl = PG_GETARG_TIMELINE_P(0);
	const int64 *data = tl->data;
	int			n = tl->nperiods + 1 + TL_NCOUNTERS * tl->nperiods;
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, TIMELINE_BINARY_VERSION);
	pq_sendint32(&buf, tl->nperiods);
	pq_sendint64(&buf, tl->at_start);
	for (i = 0; i < n; i++)
		pq_sendint64(&buf, data[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(timeline_recv);
/*
 * Read the binary form.  The length is checked against the number of
 * periods before anything is allocated; pq_getmsgend rejects a long buffer,
 * and TimelineCheck everything else.
 */
Datum
timeline_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	int			nperiods;
	int64		at_start;
	TimestampTz *bounds;
	int64	   *counters;
	int			i;

	version = pq_getmsgbyte(buf);
	if (version != TIMELINE_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary timeline format version %d", version),
				 errhint("This build reads version %d.", TIMELINE_BINARY_VERSION)));
	nperiods = pq_getmsgint(buf, 4);
	if (nperiods < 1 || nperiods > TIMELINE_MAX_PERIODS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("number of periods out of range in binary timeline value"),
				 errdetail("Got %d.", nperiods),
				 errhint("A timeline has 1 to %d periods.", TIMELINE_MAX_PERIODS)));
	if ((int64) (buf->len - buf->cursor) !=
		(int64) (1 + (1 + TL_NCOUNTERS) * (int64) nperiods + 1) * 8)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("binary timeline value has inconsistent size"),
				 errdetail("periods=%d needs %lld bytes after the header; got %d.",
						   nperiods,
						   (long long) (1 + (1 + TL_NCOUNTERS) * (int64) nperiods + 1) * 8,
						   buf->len - buf->cursor)));
	at_start = pq_getmsgint64(buf);
	bounds = palloc((nperiods + 1) * sizeof(TimestampTz));
	counters = palloc((Size) TL_NCOUNTERS * nperiods * sizeof(int64));
	for (i = 0; i <= nperiods; i++)
		bounds[i] = pq_getmsgint64(buf);
	for (i = 0; i < TL_NCOUNTERS * nperiods; i++)
		counters[i] = pq_getmsgint64(buf);
	pq_getmsgend(buf);

	TimelineCheck(nperiods, at_start, bounds, counters,
				  ERRCODE_INVALID_BINARY_REPRESENTATION);
	PG_RETURN_TIMELINE_P(TimelineBuild(nperiods, at_start, bounds, counters));
}
