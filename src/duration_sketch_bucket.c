/*
 * duration_sketch_bucket.c
 *		The duration sketch (duration_sketch.h): the bucket rule, the bucket
 *		bounds and the lookup table that finds a duration's bucket.
 *
 * Buckets.  Bucket i holds the whole microseconds x with U(i-1) < x <= U(i),
 * where U(-1) = 0, U(0) = 1 and U(i) = U(i-1) + max(1, floor(U(i-1) / 50)).
 * Durations up to 100 us get a bucket each; above, a bucket is at most 2 %
 * of its lower edge wide, and 2086 buckets reach 2^63 - 1 us.  The bounds
 * are computed once per backend with integer arithmetic, so a duration
 * lands in the same bucket on every platform.
 *
 * Accuracy.  Let bucket i have lower edge B = U(i-1) and width k, so that it
 * holds L = B + 1 .. U = B + k.  Its representative is r = ceil(100 U / 101).
 * If k = 1 then U <= 100 and r = U, the only value.  Otherwise k =
 * floor(B / 50), so 100 k <= 2 B + 1, which is 100 U + 101 <= 102 L: the
 * interval [100 U / 101, 102 L / 101] is at least 1 long, so r, the first
 * integer at or above its start, lies in it.  Hence for every x of the bucket
 *		r - x <= r - L <= L / 101 <= x / 101  and
 *		x - r <= U - r <= U / 101,  with (x - r) / x largest at x = U,
 * so |r - x| <= x / 101: a relative error of at most 1/101 (0.990 %), in
 * exact integers.  (r >= L as well: 100 k > B once k >= 2.)
 */
#include "postgres.h"
#include "compat.h"

#include "port/pg_bitutils.h"

#include "duration_sketch.h"

/* Upper bound of each bucket, in us; built on first use. */
static int64 ds_upper[DS_NBUCKETS];

/*
 * The bucket lookup table: for a duration whose leading one bit is bit b
 * (7 <= b <= 62) and whose next 7 bits are m, ds_sub_first[b - 7][m] is the
 * bucket of the smallest such duration.  A 1/128 slice of an octave is
 * narrower than any bucket it meets above 100 us, so the duration's own
 * bucket is that one or the next: no search.
 */
#define DS_SUB_BITS		7
static int16 ds_sub_first[63 - DS_SUB_BITS][1 << DS_SUB_BITS];

static bool ds_buckets_ready = false;

/* The first bucket in lo..hi whose upper bound is at least us. */
static int
DSBucketSearch(int64 us, int lo, int hi)
{
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (ds_upper[mid] < us)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Build the bucket bounds from the recurrence (see the top of the file). */
static void
DSInitBuckets(void)
{
	int128		u = 1;
	int			i;
	int			b;

	for (i = 0; i < DS_NBUCKETS; i++)
	{
		ds_upper[i] = (u > PG_INT64_MAX) ? PG_INT64_MAX : (int64) u;
		u += Max(1, u / DS_WIDTH_DIVISOR);
	}
	if (ds_upper[DS_NBUCKETS - 2] == PG_INT64_MAX ||
		ds_upper[DS_NBUCKETS - 1] != PG_INT64_MAX)
		elog(ERROR, "duration sketch bucket bounds do not end at 2^63 - 1");

	for (b = DS_SUB_BITS; b < 63; b++)
	{
		int			m;

		for (m = 0; m < (1 << DS_SUB_BITS); m++)
		{
			int64		smallest = (INT64CONST(1) << b) |
				((int64) m << (b - DS_SUB_BITS));

			i = DSBucketSearch(smallest, 0, DS_NBUCKETS - 1);
			ds_sub_first[b - DS_SUB_BITS][m] = (int16) i;
		}
	}
	ds_buckets_ready = true;
}

/*
 * The bucket of a positive duration: the first i with U(i) >= us.  Called
 * once per row.  The table gives a bucket at or below the answer (that of
 * the smallest duration of us's 1/128 octave slice), and the loop steps up
 * to it: correct for any such start, one step at most in practice.
 */
int
DSBucketOf(int64 us)
{
	int			b;
	int			i;

	Assert(us > 0);
	if (unlikely(!ds_buckets_ready))
		DSInitBuckets();
	if (us <= 100)
		return (int) us - 1;
	b = pg_leftmost_one_pos64((uint64) us);
	if (unlikely(b < DS_SUB_BITS))
		return DSBucketSearch(us, 100, DS_NBUCKETS - 1);

	i = ds_sub_first[b - DS_SUB_BITS][(us >> (b - DS_SUB_BITS)) &
									  ((1 << DS_SUB_BITS) - 1)];
	while (ds_upper[i] < us)
		i++;
	return i;
}

/* Smallest duration bucket i holds. */
int64
DSBucketLower(int bucket)
{
	Assert(bucket >= 0 && bucket < DS_NBUCKETS);
	if (unlikely(!ds_buckets_ready))
		DSInitBuckets();
	return bucket == 0 ? 1 : ds_upper[bucket - 1] + 1;
}

/* Largest duration bucket i holds. */
int64
DSBucketUpper(int bucket)
{
	Assert(bucket >= 0 && bucket < DS_NBUCKETS);
	if (unlikely(!ds_buckets_ready))
		DSInitBuckets();
	return ds_upper[bucket];
}

/* The representative of a bucket: within 1/101 of each of its durations. */
int64
DSBucketValue(int bucket)
{
	int128		upper = DSBucketUpper(bucket);

	return (int64) ((upper * 100 + 100) / 101);
}
