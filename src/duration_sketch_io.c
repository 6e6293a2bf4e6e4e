/*
 * duration_sketch_io.c
 *		The duration sketch's varlena form, its validation, and its text and
 *		binary I/O.
 *
 * Every way into the type (text input, binary input, a parallel worker's
 * serialized state, a stored value) goes through DSCheck, so no accessor
 * ever sees a sketch whose parts disagree: the counts add up to n, the
 * minimum and maximum lie in the first and last non-empty buckets, and the
 * sum is one the buckets can produce.
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
 *
 * Binary form: version byte 1; n, zero, the sum's high and low 64 bits,
 * min_us, max_us as int64; start and the number of counts as int32; the
 * counts as int64.
 */
#include "postgres.h"

#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
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

/* Bytes of an unsigned LEB128 varint: 7 bits each. */
static int
DSVarintLength(uint64 v)
{
	int			len = 1;

	while (v >= 0x80)
	{
		v >>= 7;
		len++;
	}
	return len;
}

static uint8 *
DSVarintPut(uint8 *p, uint64 v)
{
	while (v >= 0x80)
	{
		*p++ = (uint8) (v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8) v;
	return p;
}

/*
 * Read one varint; false if it runs past end, is longer than 9 bytes (63
 * bits), or is not in its shortest form (which would break canonical bytes).
 */
static bool
DSVarintGet(const uint8 **pp, const uint8 *end, int64 *value)
{
	const uint8 *p = *pp;
	uint64		v = 0;
	int			shift = 0;

	for (;;)
	{
		uint8		b;

		if (p >= end || shift > 56)
			return false;
		b = *p++;
		v |= (uint64) (b & 0x7F) << shift;
		if ((b & 0x80) == 0)
		{
			if (b == 0 && shift > 0)
				return false;
			break;
		}
		shift += 7;
	}
	*value = (int64) v;
	*pp = p;
	return true;
}

/* A non-negative int128 in decimal, into buf of at least 40 bytes. */
static char *
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

/*
 * The canonical varlena form of an accumulator: empty buckets trimmed at
 * both ends, padding zeroed, shortest varints.  Equal content, equal bytes.
 */
DurationSketch *
DSEncode(const DSAccum *acc)
{
	int			first = -1;
	int			last = -1;
	int			k;
	Size		size = DS_HEADER_SIZE;
	DurationSketch *sk;
	uint8	   *p;

	for (k = 0; k < acc->cap; k++)
	{
		if (acc->counts[k] != 0)
		{
			if (first < 0)
				first = k;
			last = k;
		}
	}
	for (k = first; first >= 0 && k <= last; k++)
		size += DSVarintLength((uint64) acc->counts[k]);

	sk = palloc0(size);
	SET_VARSIZE(sk, size);
	sk->version = DS_FORMAT_VERSION;
	sk->start = first >= 0 ? acc->base + first : 0;
	sk->nbuckets = first >= 0 ? last - first + 1 : 0;
	sk->n = acc->n;
	sk->zero = acc->zero;
	sk->min_us = acc->n > 0 ? acc->min : 0;
	sk->max_us = acc->n > 0 ? acc->max : 0;
	sk->sum_hi = (int64) (acc->sum >> 64);
	sk->sum_lo = (uint64) acc->sum;

	p = sk->data;
	for (k = first; first >= 0 && k <= last; k++)
		p = DSVarintPut(p, (uint64) acc->counts[k]);
	Assert(p == (uint8 *) sk + size);
	return sk;
}

static void DSInconsistent(int sqlstate, const char *detail,
						   const char *hint) pg_attribute_noreturn();
static void DSUnreadable(int sqlstate, const char *detail) pg_attribute_noreturn();

/* Report a sketch whose parts disagree. */
static void
DSInconsistent(int sqlstate, const char *detail, const char *hint)
{
	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg("inconsistent duration_sketch value"),
			 errdetail_internal("%s", detail),
			 hint ? errhint("%s", hint) : 0));
}

/*
 * Check that the parts of a sketch agree; report the first disagreement
 * with the given SQLSTATE.  Counts may have empty buckets at either end.
 */
void
DSCheck(const DSAccum *acc, int sqlstate)
{
	int64		total = acc->zero;
	int64		positive;
	int			first = -1;
	int			last = -1;
	int			k;
	int128		lower = 0;
	int128		upper = 0;
	char		a[40];
	char		b[40];
	char		c[40];

	if (acc->n < 0 || acc->zero < 0 || acc->min < 0 || acc->max < 0 ||
		acc->sum < 0)
		DSInconsistent(sqlstate,
					   "Its count, zero count, sum, minimum or maximum is negative.",
					   "Counts and durations in a duration_sketch are zero or more.");
	for (k = 0; k < acc->cap; k++)
	{
		int64		count = acc->counts[k];

		if (count < 0)
			DSInconsistent(sqlstate,
						   psprintf("Bucket %d has a negative count, %lld.",
									acc->base + k, (long long) count),
						   "Counts in a duration_sketch are zero or more.");
		if (count == 0)
			continue;
		if (first < 0)
			first = acc->base + k;
		last = acc->base + k;
		if (pg_add_s64_overflow(total, count, &total))
			DSInconsistent(sqlstate,
						   psprintf("Its counts add up to more than %lld.",
									(long long) PG_INT64_MAX),
						   NULL);
		lower += (int128) count * DSBucketLower(acc->base + k);
		upper += (int128) count * DSBucketUpper(acc->base + k);
	}
	if (total != acc->n)
		DSInconsistent(sqlstate,
					   psprintf("It declares n=%lld, but its zero count and bucket counts add up to %lld.",
								(long long) acc->n, (long long) total),
					   "n must equal zero plus the sum of counts.");

	positive = acc->n - acc->zero;
	if (positive == 0)
	{
		if (acc->min != 0 || acc->max != 0 || acc->sum != 0)
			DSInconsistent(sqlstate,
						   psprintf("It holds no positive duration, but has min_us=%lld, max_us=%lld, sum_us=%s.",
									(long long) acc->min, (long long) acc->max,
									DSFormatInt128(acc->sum, a)),
						   "Without positive durations, min_us, max_us and sum_us are 0.");
		return;
	}

	if (acc->max == 0 || DSBucketOf(acc->max) != last)
		DSInconsistent(sqlstate,
					   psprintf("max_us=%lld is not in its last non-empty bucket, %d, which holds %lld to %lld.",
								(long long) acc->max, last,
								(long long) DSBucketLower(last),
								(long long) DSBucketUpper(last)),
					   "min_us and max_us must be the smallest and largest of the durations the buckets hold.");
	if (acc->zero > 0 && acc->min != 0)
		DSInconsistent(sqlstate,
					   psprintf("It holds zero durations, but min_us=%lld.",
								(long long) acc->min),
					   "min_us and max_us must be the smallest and largest of the durations the buckets hold.");
	if (acc->zero == 0 &&
		(acc->min == 0 || DSBucketOf(acc->min) != first))
		DSInconsistent(sqlstate,
					   psprintf("min_us=%lld is not in its first non-empty bucket, %d, which holds %lld to %lld.",
								(long long) acc->min, first,
								(long long) DSBucketLower(first),
								(long long) DSBucketUpper(first)),
					   "min_us and max_us must be the smallest and largest of the durations the buckets hold.");
	if (acc->min > acc->max)
		DSInconsistent(sqlstate,
					   psprintf("min_us=%lld exceeds max_us=%lld.",
								(long long) acc->min, (long long) acc->max),
					   "min_us and max_us must be the smallest and largest of the durations the buckets hold.");

	if (positive == 1)
	{
		/* one positive duration: it is the maximum, and the sum */
		if ((acc->zero == 0 && acc->min != acc->max) || acc->sum != acc->max)
			DSInconsistent(sqlstate,
						   psprintf("Its only positive duration is max_us=%lld, but min_us=%lld and sum_us=%s.",
									(long long) acc->max, (long long) acc->min,
									DSFormatInt128(acc->sum, a)),
						   "With one positive duration, sum_us equals max_us (and so does min_us when there is no zero).");
		return;
	}

	/*
	 * Two or more positive durations: the maximum is one of them, in the
	 * last bucket, and without zeros the minimum is another, in the first.
	 */
	lower += acc->max - DSBucketLower(last);
	upper -= DSBucketUpper(last) - acc->max;
	if (acc->zero == 0)
	{
		lower += acc->min - DSBucketLower(first);
		upper -= DSBucketUpper(first) - acc->min;
	}
	if (acc->sum < lower || acc->sum > upper)
		DSInconsistent(sqlstate,
					   psprintf("sum_us=%s is impossible for its buckets, minimum and maximum, which allow %s to %s.",
								DSFormatInt128(acc->sum, a),
								DSFormatInt128(lower, b),
								DSFormatInt128(upper, c)),
					   "sum_us must be the exact sum of the durations.");
}

/* Report a binary or stored sketch that cannot be read at all. */
static void
DSUnreadable(int sqlstate, const char *detail)
{
	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg("invalid duration_sketch value"),
			 errdetail_internal("%s", detail)));
}

/* Read an int64 at a byte offset of the varlena form, any alignment. */
static int64
DSReadInt64(const char *bytes, Size field_offset)
{
	int64		v;

	memcpy(&v, bytes + field_offset - VARHDRSZ, sizeof(v));
	return v;
}

static int32
DSReadInt32(const char *bytes, Size field_offset)
{
	int32		v;

	memcpy(&v, bytes + field_offset - VARHDRSZ, sizeof(v));
	return v;
}

/*
 * Unpack and validate the varlena form, given the bytes after its length
 * word (any alignment).  Used for stored values, rollup's input and
 * parallel workers' states; errors carry the given SQLSTATE.
 */
DSAccum *
DSDecode(const char *bytes, Size len, int sqlstate)
{
	DSAccum    *acc;
	const uint8 *p;
	const uint8 *end = (const uint8 *) bytes + len;
	int32		start;
	int32		nbuckets;
	uint8		version;
	int			k;

	if (len < DS_HEADER_SIZE - VARHDRSZ)
		DSUnreadable(sqlstate,
					 psprintf("It has %zu bytes, fewer than its %zu-byte header.",
							  len, (Size) (DS_HEADER_SIZE - VARHDRSZ)));
	version = (uint8) bytes[offsetof(DurationSketch, version) - VARHDRSZ];
	if (version != DS_FORMAT_VERSION)
		DSUnreadable(sqlstate,
					 psprintf("Its format version is %d; this build reads version %d.",
							  version, DS_FORMAT_VERSION));
	if (bytes[offsetof(DurationSketch, flags) - VARHDRSZ] != 0 ||
		bytes[offsetof(DurationSketch, reserved) - VARHDRSZ] != 0 ||
		bytes[offsetof(DurationSketch, reserved) - VARHDRSZ + 1] != 0)
		DSUnreadable(sqlstate, "Its reserved header bytes are not zero.");

	start = DSReadInt32(bytes, offsetof(DurationSketch, start));
	nbuckets = DSReadInt32(bytes, offsetof(DurationSketch, nbuckets));
	if (start < 0 || start >= DS_NBUCKETS || nbuckets < 0 ||
		nbuckets > DS_NBUCKETS - start || (nbuckets == 0 && start != 0))
		DSUnreadable(sqlstate,
					 psprintf("Its %d counts from bucket %d do not fit the buckets 0 to %d.",
							  nbuckets, start, DS_NBUCKETS - 1));

	acc = DSAccumCreate(CurrentMemoryContext);
	acc->n = DSReadInt64(bytes, offsetof(DurationSketch, n));
	acc->zero = DSReadInt64(bytes, offsetof(DurationSketch, zero));
	acc->min = DSReadInt64(bytes, offsetof(DurationSketch, min_us));
	acc->max = DSReadInt64(bytes, offsetof(DurationSketch, max_us));
	acc->sum = ((int128) DSReadInt64(bytes, offsetof(DurationSketch, sum_hi)) << 64) |
		(int128) (uint64) DSReadInt64(bytes, offsetof(DurationSketch, sum_lo));
	acc->base = start;
	acc->cap = nbuckets;
	if (nbuckets > 0)
		acc->counts = palloc(sizeof(int64) * nbuckets);

	p = (const uint8 *) bytes + (DS_HEADER_SIZE - VARHDRSZ);
	for (k = 0; k < nbuckets; k++)
	{
		if (!DSVarintGet(&p, end, &acc->counts[k]))
			DSUnreadable(sqlstate,
						 psprintf("The count of bucket %d is truncated or badly encoded.",
								  start + k));
	}
	if (p != end)
		DSUnreadable(sqlstate,
					 psprintf("It has %zu bytes after its last count.",
							  (Size) (end - p)));
	if (nbuckets > 0 && (acc->counts[0] == 0 || acc->counts[nbuckets - 1] == 0))
		DSUnreadable(sqlstate, "Its first or last stored bucket is empty.");

	DSCheck(acc, sqlstate);
	return acc;
}

/* Text input state: the whole value and the current position. */
typedef struct DSParser
{
	const char *input;
	const char *p;
} DSParser;

static void DSSyntaxError(DSParser *ps, const char *expected) pg_attribute_noreturn();

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

/* The stored sketch argument, unpacked and validated. */
static DSAccum *
DSArg(FunctionCallInfo fcinfo, int argno)
{
	struct varlena *sk = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(argno));

	return DSDecode(VARDATA_ANY(sk), VARSIZE_ANY_EXHDR(sk),
					ERRCODE_DATA_CORRUPTED);
}

PG_FUNCTION_INFO_V1(duration_sketch_out);
/* Text form: the JSON object, no white space, empty ends trimmed. */
Datum
duration_sketch_out(PG_FUNCTION_ARGS)
{
	DSAccum    *acc = DSArg(fcinfo, 0);
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

PG_FUNCTION_INFO_V1(duration_sketch_send);
/* Binary form: version byte, header fields, then the counts as int64. */
Datum
duration_sketch_send(PG_FUNCTION_ARGS)
{
	DSAccum    *acc = DSArg(fcinfo, 0);
	StringInfoData buf;
	int			k;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, DS_FORMAT_VERSION);
	pq_sendint64(&buf, acc->n);
	pq_sendint64(&buf, acc->zero);
	pq_sendint64(&buf, (int64) (acc->sum >> 64));	/* sum, high 64 bits */
	pq_sendint64(&buf, (int64) (uint64) acc->sum);	/* sum, low 64 bits */
	pq_sendint64(&buf, acc->min);
	pq_sendint64(&buf, acc->max);
	pq_sendint32(&buf, acc->base);	/* first bucket */
	pq_sendint32(&buf, acc->cap);	/* number of counts */
	for (k = 0; k < acc->cap; k++)
		pq_sendint64(&buf, acc->counts[k]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(duration_sketch_recv);
/*
 * Read the binary form.  The bucket range is checked before the counts are
 * read, pq_getmsg* error out on a short buffer and pq_getmsgend on a long
 * one, and DSCheck validates the content as for text input.
 */
Datum
duration_sketch_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	DSAccum    *acc = DSAccumCreate(CurrentMemoryContext);
	int			version;
	int64		sum_hi;
	uint64		sum_lo;
	int32		start;
	int32		nbuckets;
	int			k;

	version = pq_getmsgbyte(buf);
	if (version != DS_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary duration_sketch format version %d",
						version),
				 errhint("This build reads version %d.", DS_FORMAT_VERSION)));
	acc->n = pq_getmsgint64(buf);
	acc->zero = pq_getmsgint64(buf);
	sum_hi = pq_getmsgint64(buf);
	sum_lo = (uint64) pq_getmsgint64(buf);
	acc->sum = ((int128) sum_hi << 64) | (int128) sum_lo;
	acc->min = pq_getmsgint64(buf);
	acc->max = pq_getmsgint64(buf);
	start = pq_getmsgint(buf, 4);
	nbuckets = pq_getmsgint(buf, 4);
	if (start < 0 || start >= DS_NBUCKETS || nbuckets < 0 ||
		nbuckets > DS_NBUCKETS - start)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("bucket index out of range in binary duration_sketch value"),
				 errdetail("Its %d counts from bucket %d do not fit the buckets 0 to %d.",
						   nbuckets, start, DS_NBUCKETS - 1),
				 errhint("Bucket indexes run from 0 to %d.", DS_NBUCKETS - 1)));
	acc->base = start;
	acc->cap = nbuckets;
	if (nbuckets > 0)
		acc->counts = palloc(sizeof(int64) * nbuckets);
	for (k = 0; k < nbuckets; k++)
		acc->counts[k] = pq_getmsgint64(buf);
	pq_getmsgend(buf);

	DSCheck(acc, ERRCODE_INVALID_BINARY_REPRESENTATION);
	PG_RETURN_DURATION_SKETCH_P(DSEncode(acc));
}
