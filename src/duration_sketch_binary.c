/*
 * duration_sketch_binary.c
 *		The duration sketch's varlena form (duration_sketch.h), its
 *		validation, and its binary I/O.
 *
 * Every way into the type (text input, binary input, a parallel worker's
 * serialized state, a stored value) goes through DSCheck, so no accessor
 * ever sees a sketch whose parts disagree: the counts add up to n, the
 * minimum and maximum lie in the first and last non-empty buckets, and the
 * sum is one the buckets can produce.
 *
 * Binary form: version byte 1; n, zero, the sum's high and low 64 bits,
 * min_us, max_us as int64; start and the number of counts as int32; the
 * counts as int64.
 */
#include "postgres.h"
#include "compat.h"

#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"

#include "duration_sketch.h"

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

/*
 * The canonical varlena form of an accumulator: empty buckets trimmed at
 * both ends, padding zeroed, shortest varints.  Equal content, equal bytes.
 */
DurationSketch *
DSEncode(const DSAccum *acc)
{
	int			first;
	int			last;
	int			k;
	Size		size = DS_HEADER_SIZE;
	DurationSketch *sk;
	uint8	   *p;

	DSAccumNonEmpty(acc, &first, &last);
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

pg_noreturn static void DSInconsistent(int sqlstate, const char *detail,
									   const char *hint);
pg_noreturn static void DSUnreadable(int sqlstate, const char *detail);

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

/* The hint of every message about an inconsistent minimum or maximum. */
#define DS_EXTREMES_HINT \
	"min_us and max_us must be the smallest and largest of the durations the buckets hold."

/*
 * Check that an extreme, min_us or max_us (field), is a positive duration
 * of bucket, the first or last (end) non-empty one.
 */
static void
DSCheckEndBucket(int64 us, const char *field, const char *end, int bucket,
				 int sqlstate)
{
	if (us == 0 || DSBucketOf(us) != bucket)
		DSInconsistent(sqlstate,
					   psprintf("%s=%lld is not in its %s non-empty bucket, %d, which holds %lld to %lld.",
								field, (long long) us, end, bucket,
								(long long) DSBucketLower(bucket),
								(long long) DSBucketUpper(bucket)),
					   DS_EXTREMES_HINT);
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

	DSCheckEndBucket(acc->max, "max_us", "last", last, sqlstate);
	if (acc->zero > 0 && acc->min != 0)
		DSInconsistent(sqlstate,
					   psprintf("It holds zero durations, but min_us=%lld.",
								(long long) acc->min),
					   DS_EXTREMES_HINT);
	if (acc->zero == 0)
		DSCheckEndBucket(acc->min, "min_us", "first", first, sqlstate);
	if (acc->min > acc->max)
		DSInconsistent(sqlstate,
					   psprintf("min_us=%lld exceeds max_us=%lld.",
								(long long) acc->min, (long long) acc->max),
					   DS_EXTREMES_HINT);

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
 * The rest of DSDecode for the working form (an aggregate state, from a
 * parallel worker or a state support function): acc has the header, the
 * counts are plain int64 over the window.  The window is trimmed to the
 * non-empty buckets, so what is read out of it (text, binary, a canonical
 * sketch) is the same as from the canonical form.
 */
static DSAccum *
DSDecodeWork(DSAccum *acc, const char *bytes, Size len, int sqlstate)
{
	int			first;
	int			last;

	if (len != DS_WORK_SIZE(acc->cap) - VARHDRSZ)
		DSUnreadable(sqlstate,
					 psprintf("Its working form has %zu bytes for %d counts.",
							  len, acc->cap));
	if (acc->cap > 0)
		memcpy(acc->counts, bytes + (DS_HEADER_SIZE - VARHDRSZ),
			   sizeof(int64) * acc->cap);
	DSAccumNonEmpty(acc, &first, &last);
	if (first < 0)
	{
		acc->base = 0;
		acc->cap = 0;
	}
	else
	{
		acc->counts += first;
		acc->base += first;
		acc->cap = last - first + 1;
	}
	DSCheck(acc, sqlstate);
	return acc;
}

/*
 * Unpack and validate the varlena form, canonical or working, given the
 * bytes after its length word (any alignment).  Used for stored values,
 * rollup's input and parallel workers' states; errors carry the given
 * SQLSTATE.
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
	uint8		flags;
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
	flags = (uint8) bytes[offsetof(DurationSketch, flags) - VARHDRSZ];
	if ((flags & ~DS_FLAG_WORK) != 0 ||
		bytes[offsetof(DurationSketch, reserved) - VARHDRSZ] != 0 ||
		bytes[offsetof(DurationSketch, reserved) - VARHDRSZ + 1] != 0)
		DSUnreadable(sqlstate, "Its reserved header bytes are not zero.");

	start = DSReadInt32(bytes, offsetof(DurationSketch, start));
	nbuckets = DSReadInt32(bytes, offsetof(DurationSketch, nbuckets));
	if (start < 0 || start >= DS_NBUCKETS || nbuckets < 0 ||
		nbuckets > DS_NBUCKETS - start ||
		(nbuckets == 0 && start != 0 && flags == 0))
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

	if (flags & DS_FLAG_WORK)
		return DSDecodeWork(acc, bytes, len, sqlstate);

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

/*
 * The sketch argument argno, unpacked and validated: a stored value, so a
 * sketch that does not read is reported as corrupted data.
 */
DSAccum *
DSSketchArg(FunctionCallInfo fcinfo, int argno)
{
	struct varlena *sk = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(argno));

	return DSDecode(VARDATA_ANY(sk), VARSIZE_ANY_EXHDR(sk),
					ERRCODE_DATA_CORRUPTED);
}

PG_FUNCTION_INFO_V1(duration_sketch_send);
/* Binary form: version byte, header fields, then the counts as int64. */
Datum
duration_sketch_send(PG_FUNCTION_ARGS)
{
	DSAccum    *acc = DSSketchArg(fcinfo, 0);
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
