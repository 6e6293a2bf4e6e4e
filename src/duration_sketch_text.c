/*
 * duration_sketch_text.c
 *		The duration sketch's text I/O (duration_sketch.h).
 *
 * Text form, a JSON object (README):
 *
 *		{"v":1,"a":0.01,"n":4,"zero":1,"sum_us":3500000,"min_us":0,
 *		 "max_us":2000000,"start":694,"counts":[1,0,1]}
 *
 * v is the format version (1), a the accuracy (0.01), n the number of
 * durations, zero how many are exactly zero, sum_us their exact sum and
 * min_us, max_us the extremes, all in microseconds; counts are the counts
 * of the buckets start, start + 1, ... (duration_sketch.h).  Output has no
 * white space and trims empty buckets at both ends (start is 0 when there
 * are none).  Input takes the keys in any order, each exactly once, with
 * JSON white space between tokens (so a value that went through jsonb reads
 * back), and rejects everything else.  Numbers are plain decimal digits.
 */
#include "postgres.h"
#include "compat.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"

#include "csmetrics.h"
#include "duration_sketch.h"

/*
 * Longest text input: a valid value has at most about 200 characters of
 * header and 2086 counts of at most 20 characters; the rest is slack for
 * white space.
 */
#define DS_TEXT_MAXLEN	65536

/* Values above this in the text form are out of range for any key. */
#define DS_TEXT_NUMBER_LIMIT	(((int128) 1) << 126)

/* A non-negative int128 in decimal, into buf of at least 40 bytes. */
char *
DSFormatInt128(int128 v, char *buf)
{
	char		digits[40];
	int			len = 0;
	int			i;

	Assert(v >= 0);
	do
	{
		digits[len++] = (char) ('0' + (int) (v % 10));
		v /= 10;
	} while (v > 0);
	for (i = 0; i < len; i++)
		buf[i] = digits[len - 1 - i];
	buf[len] = '\0';
	return buf;
}

/* Text input state: the whole value and the current position. */
typedef struct DSParser
{
	const char *input;
	const char *p;
} DSParser;

pg_noreturn static void DSSyntaxError(DSParser *ps, const char *expected);

/* Report unexpected text at the current position. */
static void
DSSyntaxError(DSParser *ps, const char *expected)
{
	int			pos = (int) (ps->p - ps->input) + 1;

	if (*ps->p == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type duration_sketch"),
				 errdetail("Expected %s at character %d, found the end of the value.",
						   expected, pos),
				 errhint("A duration_sketch value is a JSON object with the keys v, a, n, zero, sum_us, min_us, max_us, start and counts, as its output shows.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type duration_sketch"),
			 errdetail("Expected %s at character %d, found \"%.*s\".",
					   expected, pos,
					   pg_mbcliplen(ps->p, strnlen(ps->p, 16), 16), ps->p),
			 errhint("A duration_sketch value is a JSON object with the keys v, a, n, zero, sum_us, min_us, max_us, start and counts, as its output shows.")));
}

/* Skip JSON white space. */
static void
DSSkipSpace(DSParser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

/* Expect one character, then skip white space. */
static void
DSExpect(DSParser *ps, char c, const char *what)
{
	if (*ps->p != c)
		DSSyntaxError(ps, what);
	ps->p++;
	DSSkipSpace(ps);
}

/*
 * A number: plain decimal digits, at most DS_TEXT_NUMBER_LIMIT.  what names
 * it in messages, capitalized: "\"n\"", "A count in \"counts\"".
 */
static int128
DSParseNumber(DSParser *ps, const char *what)
{
	const char *start = ps->p;
	int128		v = 0;

	if (*ps->p == '-')
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("negative number in duration_sketch value"),
				 errdetail("%s is negative.", what),
				 errhint("Counts, durations and bucket indexes in a duration_sketch are zero or more.")));
	while (*ps->p >= '0' && *ps->p <= '9')
	{
		v = v * 10 + (*ps->p - '0');
		if (v > DS_TEXT_NUMBER_LIMIT)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("number out of range in duration_sketch value"),
					 errdetail("%s has too many digits.", what),
					 errhint("Counts and durations in a duration_sketch are at most 9223372036854775807, and sum_us is below 2^126.")));
		ps->p++;
	}
	if (ps->p == start)
		DSSyntaxError(ps, "a number");
	DSSkipSpace(ps);
	return v;
}

/* A number that must fit in an int64. */
static int64
DSParseInt64(DSParser *ps, const char *what)
{
	int128		v = DSParseNumber(ps, what);
	char		buf[40];

	if (v > PG_INT64_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("number out of range in duration_sketch value"),
				 errdetail("%s is %s; the largest allowed is %lld.",
						   what, DSFormatInt128(v, buf), (long long) PG_INT64_MAX)));
	return (int64) v;
}

/* The keys of the text form, in output order. */
static const char *const ds_keys[] = {
	"v", "a", "n", "zero", "sum_us", "min_us", "max_us", "start", "counts"
};

#define DS_NKEYS	lengthof(ds_keys)

enum
{
	DS_KEY_V, DS_KEY_A, DS_KEY_N, DS_KEY_ZERO, DS_KEY_SUM, DS_KEY_MIN,
	DS_KEY_MAX, DS_KEY_START, DS_KEY_COUNTS
};

/* A quoted key; returns its index in ds_keys. */
static int
DSParseKey(DSParser *ps)
{
	const char *start;
	int			len;
	int			i;

	if (*ps->p != '"')
		DSSyntaxError(ps, "a quoted key");
	ps->p++;
	start = ps->p;
	while (*ps->p != '"' && *ps->p != '\0' && *ps->p != '\\')
		ps->p++;
	if (*ps->p != '"')
		DSSyntaxError(ps, "the closing quote of a key");
	len = (int) (ps->p - start);
	for (i = 0; i < (int) DS_NKEYS; i++)
	{
		if (strlen(ds_keys[i]) == (size_t) len &&
			strncmp(ds_keys[i], start, len) == 0)
		{
			ps->p++;
			DSSkipSpace(ps);
			return i;
		}
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("unrecognized key \"%.*s\" in duration_sketch value",
					pg_mbcliplen(start, len, 32), start),
			 errhint("The keys are v, a, n, zero, sum_us, min_us, max_us, start and counts.")));
	return -1;					/* keep the compiler quiet */
}

/* The value of "a": exactly this build's accuracy. */
static void
DSParseAccuracy(DSParser *ps)
{
	const char *start = ps->p;
	int			len;

	while ((*ps->p >= '0' && *ps->p <= '9') || *ps->p == '.' ||
		   *ps->p == '-' || *ps->p == '+' || *ps->p == 'e' || *ps->p == 'E')
		ps->p++;
	len = (int) (ps->p - start);
	if (len == 0)
		DSSyntaxError(ps, "a number");
	if (len != (int) strlen(DS_ACCURACY_TEXT) ||
		strncmp(start, DS_ACCURACY_TEXT, len) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("unsupported duration_sketch accuracy %.*s",
						pg_mbcliplen(start, len, 32), start),
				 errdetail("This build's sketches have accuracy %s (an error below 1 %%).",
						   DS_ACCURACY_TEXT)));
	DSSkipSpace(ps);
}

/* The value of "counts": a JSON array of counts, into counts[]. */
static int
DSParseCounts(DSParser *ps, int64 *counts)
{
	int			ncounts = 0;

	DSExpect(ps, '[', "\"[\"");
	if (*ps->p == ']')
	{
		ps->p++;
		DSSkipSpace(ps);
		return 0;
	}
	for (;;)
	{
		if (ncounts == DS_NBUCKETS)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("too many bucket counts in duration_sketch value"),
					 errdetail("A duration_sketch has %d buckets.", DS_NBUCKETS),
					 errhint("Bucket indexes run from 0 to %d.", DS_NBUCKETS - 1)));
		counts[ncounts++] = DSParseInt64(ps, "A count in \"counts\"");
		if (*ps->p == ']')
			break;
		DSExpect(ps, ',', "\",\" or \"]\"");
	}
	ps->p++;
	DSSkipSpace(ps);
	return ncounts;
}

PG_FUNCTION_INFO_V1(duration_sketch_in);
/* Parse the text form; every string is treated as hostile. */
Datum
duration_sketch_in(PG_FUNCTION_ARGS)
{
	const char *input = PG_GETARG_CSTRING(0);
	DSParser	ps;
	DSAccum    *acc;
	bool		seen[DS_NKEYS] = {false};
	int64		start = 0;
	int64	   *counts = palloc(sizeof(int64) * DS_NBUCKETS);
	int			ncounts = 0;
	int			i;

	cs_check_input_length(input, "duration_sketch", DS_TEXT_MAXLEN);
	ps.input = input;
	ps.p = input;
	acc = DSAccumCreate(CurrentMemoryContext);

	DSSkipSpace(&ps);
	DSExpect(&ps, '{', "\"{\"");
	for (;;)
	{
		int			key = DSParseKey(&ps);

		if (seen[key])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("duplicate key \"%s\" in duration_sketch value",
							ds_keys[key])));
		seen[key] = true;
		DSExpect(&ps, ':', "\":\"");
		switch (key)
		{
			case DS_KEY_V:
				if (DSParseNumber(&ps, "\"v\"") != DS_FORMAT_VERSION)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
							 errmsg("unsupported duration_sketch format version"),
							 errdetail("This build reads version %d.",
									   DS_FORMAT_VERSION)));
				break;
			case DS_KEY_A:
				DSParseAccuracy(&ps);
				break;
			case DS_KEY_N:
				acc->n = DSParseInt64(&ps, "\"n\"");
				break;
			case DS_KEY_ZERO:
				acc->zero = DSParseInt64(&ps, "\"zero\"");
				break;
			case DS_KEY_SUM:
				acc->sum = DSParseNumber(&ps, "\"sum_us\"");
				break;
			case DS_KEY_MIN:
				acc->min = DSParseInt64(&ps, "\"min_us\"");
				break;
			case DS_KEY_MAX:
				acc->max = DSParseInt64(&ps, "\"max_us\"");
				break;
			case DS_KEY_START:
				start = DSParseInt64(&ps, "\"start\"");
				break;
			case DS_KEY_COUNTS:
				ncounts = DSParseCounts(&ps, counts);
				break;
		}
		if (*ps.p == '}')
			break;
		DSExpect(&ps, ',', "\",\" or \"}\"");
	}
	ps.p++;
	DSSkipSpace(&ps);
	if (*ps.p != '\0')
		DSSyntaxError(&ps, "the end of the value");

	for (i = 0; i < (int) DS_NKEYS; i++)
	{
		if (!seen[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("duration_sketch value lacks the key \"%s\"",
							ds_keys[i]),
					 errhint("The keys are v, a, n, zero, sum_us, min_us, max_us, start and counts, each exactly once.")));
	}
	if (start >= DS_NBUCKETS || ncounts > DS_NBUCKETS - start)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("bucket index out of range in duration_sketch value"),
				 errdetail("Its %d counts from bucket %lld reach past the last bucket, %d.",
						   ncounts, (long long) start, DS_NBUCKETS - 1),
				 errhint("Bucket indexes run from 0 to %d.", DS_NBUCKETS - 1)));

	acc->base = (int32) start;
	acc->cap = ncounts;
	acc->counts = counts;
	DSCheck(acc, ERRCODE_INVALID_TEXT_REPRESENTATION);
	PG_RETURN_DURATION_SKETCH_P(DSEncode(acc));
}

PG_FUNCTION_INFO_V1(duration_sketch_out);
/* Text form: the JSON object, no white space, empty ends trimmed. */
Datum
duration_sketch_out(PG_FUNCTION_ARGS)
{
	DSAccum    *acc = DSSketchArg(fcinfo, 0);
	StringInfoData buf;
	char		sum[40];
	int			k;

	initStringInfo(&buf);
	appendStringInfo(&buf,
					 "{\"v\":%d,\"a\":%s,\"n\":%lld,\"zero\":%lld,\"sum_us\":%s,"
					 "\"min_us\":%lld,\"max_us\":%lld,\"start\":%d,\"counts\":[",
					 DS_FORMAT_VERSION, DS_ACCURACY_TEXT,
					 (long long) acc->n, (long long) acc->zero,
					 DSFormatInt128(acc->sum, sum),
					 (long long) acc->min, (long long) acc->max, acc->base);
	for (k = 0; k < acc->cap; k++)
		appendStringInfo(&buf, k == 0 ? "%lld" : ",%lld",
						 (long long) acc->counts[k]);
	appendStringInfoString(&buf, "]}");
	PG_RETURN_CSTRING(buf.data);
}
