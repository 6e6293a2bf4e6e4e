/*
 * parse.c
 *		Strict number and instant parsing for the text input of the state
 *		types.
 *
 * State strings come from dumps, COPY and users' hands alike, so every one
 * is treated as hostile: a count is plain decimal digits, nothing else, an
 * instant is one exact notation, and anything out of range is reported,
 * never wrapped or truncated.
 */
#include "postgres.h"
#include "compat.h"

#include "common/int.h"
#include "mb/pg_wchar.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "csmetrics.h"

/*
 * Parse a non-negative decimal count starting at p; return the position
 * just after its last digit.  input and typname are only for messages.
 */
const char *
cs_parse_count(const char *p, const char *input, const char *typname,
			   int64 *result)
{
	int64		value = 0;
	const char *start = p;

	if (*p == '-')
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("negative count in %s value", typname),
				 errdetail("Value: \"%s\".", input),
				 errhint("Counts in a %s value are numbers of responses, zero or more.",
						 typname)));

	while (*p >= '0' && *p <= '9')
	{
		if (pg_mul_s64_overflow(value, 10, &value) ||
			pg_add_s64_overflow(value, *p - '0', &value))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("count out of range in %s value", typname),
					 errdetail("Value: \"%s\".", input),
					 errhint("A count must be at most %lld.",
							 (long long) PG_INT64_MAX)));
		p++;
	}

	if (p == start)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", typname, input),
				 errdetail("Expected a number at position %d.",
						   (int) (start - input) + 1)));

	*result = value;
	return p;
}

/* The start of a long input value, for error messages. */
const char *
cs_input_excerpt(const char *input)
{
	int			len = strlen(input);
	int			clip;

	if (len <= 80)
		return input;
	clip = pg_mbcliplen(input, len, 60);
	return psprintf("%.*s...", clip, input);
}

/*
 * Reject strings longer than any valid value of the type before parsing, so
 * a huge string costs nothing and gets a message that says what is wrong.
 */
void
cs_check_input_length(const char *input, const char *typname, size_t maxlen)
{
	size_t		len = strnlen(input, maxlen + 1);

	if (len > maxlen)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("%s value is too long", typname),
				 errdetail("A %s value has at most %zu characters; this one has %zu.",
						   typname, maxlen, strlen(input)),
				 errhint("Check that the value was not truncated or concatenated.")));
}

/* Exactly n digits, as a number; false when they are not there. */
static bool
cs_fixed_digits(const char **pp, int n, int *result)
{
	const char *p = *pp;
	int			value = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		if (p[i] < '0' || p[i] > '9')
			return false;
		value = value * 10 + (p[i] - '0');
	}
	*pp = p + n;
	*result = value;
	return true;
}

/*
 * An instant in UTC, [-]YYYY[YY]-MM-DDTHH:MM:SS[.f{1,6}]Z, starting at p
 * (the year astronomical, 4 to 6 digits: 0000 is 1 BC); return the position
 * after it.  When the text there is not one, return NULL with *errpos and
 * *expected saying where and what was expected, for the caller's syntax
 * error; a date or time out of range is reported here, naming the type.
 */
const char *
cs_parse_utc_instant(const char *input, const char *p,
					 const CsInstantNames *names, TimestampTz *result,
					 const char **errpos, const char **expected)
{
	const char *start = p;
	struct pg_tm tm;
	fsec_t		fsec = 0;
	bool		negative = false;
	int			year = 0;
	int			ndigits = 0;
	int			sec;

	*errpos = start;
	*expected = "an instant such as 2025-03-09T05:00:00Z";
	memset(&tm, 0, sizeof(tm));
	if (*p == '-')
	{
		negative = true;
		p++;
	}
	while (*p >= '0' && *p <= '9' && ndigits < 6)
	{
		year = year * 10 + (*p - '0');
		ndigits++;
		p++;
	}
	if (ndigits < 4 || *p != '-')
		return NULL;
	p++;
	if (!cs_fixed_digits(&p, 2, &tm.tm_mon) || *p++ != '-' ||
		!cs_fixed_digits(&p, 2, &tm.tm_mday) || *p++ != 'T' ||
		!cs_fixed_digits(&p, 2, &tm.tm_hour) || *p++ != ':' ||
		!cs_fixed_digits(&p, 2, &tm.tm_min) || *p++ != ':' ||
		!cs_fixed_digits(&p, 2, &sec))
		return NULL;
	if (*p == '.')
	{
		int			scale = 100000;

		p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
		{
			if (scale == 0)
			{
				*errpos = p;
				*expected = "at most six digits of fraction";
				return NULL;
			}
			fsec += (*p - '0') * scale;
			scale /= 10;
			p++;
		}
	}
	if (*p != 'Z')
	{
		*errpos = p;
		*expected = psprintf("\"Z\" (%s are written in UTC)", names->plural);
		return NULL;
	}
	p++;

	tm.tm_year = negative ? -year : year;
	tm.tm_sec = sec;
	if (tm.tm_mon < 1 || tm.tm_mon > MONTHS_PER_YEAR ||
		tm.tm_mday < 1 ||
		tm.tm_mday > day_tab[isleap(tm.tm_year) ? 1 : 0][tm.tm_mon - 1] ||
		tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("date/time field value out of range in %s value",
						names->typname),
				 errdetail("The instant \"%.*s\" at position %d.",
						   (int) (p - start), start, (int) (start - input) + 1),
				 errhint("%s are real dates and times of day in UTC.",
						 names->capitalized)));
	if (tm2timestamp(&tm, fsec, NULL, result) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range in %s value", names->typname),
				 errdetail("The instant \"%.*s\" at position %d.",
						   (int) (p - start), start, (int) (start - input) + 1)));
	return p;
}

/*
 * Append an instant in that notation: the fraction only when it is not
 * zero, without trailing zeros.  t must be a valid, finite timestamp.
 */
void
cs_append_utc_instant(StringInfo buf, TimestampTz t)
{
	struct pg_tm tm;
	fsec_t		fsec;

	if (TIMESTAMP_NOT_FINITE(t) || timestamp2tm(t, NULL, &tm, &fsec, NULL, NULL) != 0)
		elog(ERROR, "instant out of range: %lld", (long long) t);
	if (tm.tm_year < 0)
		appendStringInfo(buf, "-%04d", -tm.tm_year);
	else
		appendStringInfo(buf, "%04d", tm.tm_year);
	appendStringInfo(buf, "-%02d-%02dT%02d:%02d:%02d",
					 tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (fsec != 0)
	{
		char		frac[8];
		int			len;

		snprintf(frac, sizeof(frac), "%06d", (int) fsec);
		len = 6;
		while (frac[len - 1] == '0')
			len--;
		appendStringInfo(buf, ".%.*s", len, frac);
	}
	appendStringInfoChar(buf, 'Z');
}
