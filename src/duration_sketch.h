/*
 * duration_sketch.h
 *		The duration sketch: a mergeable histogram of durations with a
 *		guaranteed relative error on every percentile.
 *
 * Durations are whole microseconds.  Zero durations are counted on their
 * own; a positive duration x falls in exactly one of DS_NBUCKETS buckets,
 * whose upper bounds follow an integer recurrence:
 *
 *		U(0) = 1,  U(i) = U(i-1) + max(1, floor(U(i-1) / 50))
 *
 * and bucket i holds the x with U(i-1) < x <= U(i).  The buckets hold one
 * value each up to 100 us, then grow by at most 2 % of their lower edge, so
 * one representative value per bucket is within 1/101 (0.99 %) of every
 * value in it (duration_sketch_bucket.c proves it).  The boundaries are
 * exact integers, so the bucket of a duration is the same on every
 * platform: sketches built anywhere merge exactly and dump and restore
 * unchanged.
 *
 * The on-disk form (struct DurationSketch) is a varlena: a 64-byte header
 * with the exact count, zero count, minimum, maximum and 128-bit sum, then
 * the counts of the buckets from the first to the last non-empty one as
 * LEB128 varints (one byte for counts below 128).  It is canonical: the
 * same durations give the same bytes in any order and any plan.
 *
 * The state of duration_agg() and rollup(duration_sketch) is a
 * duration_sketch too, in its working form (flag DS_FLAG_WORK): the same
 * header, start and nbuckets giving a window of buckets, then one plain
 * int64 count per bucket of the window, which a row updates in place.  The
 * state is a real type, not internal, so that Citus can split the
 * aggregates (it refuses pseudo-type states and ships states as text); the
 * final function turns it into the canonical form, and every function that
 * reads a sketch reads both forms (DSDecode).  Moving windows keep a
 * DSAccum, an internal state in the aggregate's memory context.
 *
 * Files: duration_sketch_bucket.c (the buckets), duration_sketch.c (the
 * accumulator and the aggregates), duration_sketch_access.c (the
 * accessors), duration_sketch_binary.c (the varlena form, its validation
 * and binary I/O), duration_sketch_text.c (text I/O).
 */
#ifndef DURATION_SKETCH_H
#define DURATION_SKETCH_H

#include "postgres.h"
#include "compat.h"
#include "fmgr.h"

#ifndef HAVE_INT128
#error "csmetrics' duration sketch needs a compiler with a 128-bit integer type"
#endif

/* Buckets: U(2085) is the first upper bound at or above 2^63 - 1 us. */
#define DS_NBUCKETS			2086
#define DS_WIDTH_DIVISOR	50

/* Version byte of the on-disk, binary and text forms. */
#define DS_FORMAT_VERSION	1

/* The accuracy, as it appears in the text form: errors below 1 %. */
#define DS_ACCURACY_TEXT	"0.01"

typedef struct DurationSketch
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* DS_FORMAT_VERSION */
	uint8		flags;			/* 0, or DS_FLAG_WORK */
	uint16		reserved;		/* reserved, 0 */
	int32		start;			/* bucket index of the first stored count */
	int32		nbuckets;		/* stored counts; 0 when no positive value */
	int64		n;				/* durations, zero ones included */
	int64		zero;			/* durations of exactly zero */
	int64		min_us;			/* smallest duration; 0 when n = 0 */
	int64		max_us;			/* largest duration; 0 when n = 0 */
	int64		sum_hi;			/* exact sum in us: high 64 bits ... */
	uint64		sum_lo;			/* ... and low 64 bits */
	uint8		data[FLEXIBLE_ARRAY_MEMBER];	/* nbuckets varint counts */
} DurationSketch;

#define DS_HEADER_SIZE		offsetof(DurationSketch, data)

/* flags: the working form, an aggregate state (int64 counts, any window) */
#define DS_FLAG_WORK		0x01
#define DS_WORK_SIZE(nbuckets)	(DS_HEADER_SIZE + sizeof(int64) * (Size) (nbuckets))
#define DSWorkCounts(sk)	((int64 *) (sk)->data)

#define DatumGetDurationSketchP(X)	((DurationSketch *) PG_DETOAST_DATUM(X))
#define PG_GETARG_DURATION_SKETCH_P(n)	DatumGetDurationSketchP(PG_GETARG_DATUM(n))
#define PG_RETURN_DURATION_SKETCH_P(x)	PG_RETURN_POINTER(x)

/*
 * The content of a sketch, unpacked: the aggregate's transition state, and
 * what the I/O functions and accessors read a sketch into.  counts[k] is
 * the count of bucket base + k, for k < cap; counts outside that window are
 * zero.  min and max are meaningful only when n > 0.
 */
typedef struct DSAccum
{
	uint32		tag;			/* DS_ACCUM_TAG in an aggregate's internal
								 * state (DSStateArg checks it) */
	int32		base;			/* bucket index of counts[0] */
	int64		n;				/* durations, zero ones included */
	int128		sum;			/* exact sum in us */
	int64		zero;			/* durations of exactly zero */
	int64		min;			/* smallest duration in us */
	int64		max;			/* largest duration in us */
	int32		cap;			/* length of counts; 0 before any bucket */
	int64	   *counts;			/* counts per bucket from base on */
	MemoryContext mcxt;			/* where counts lives and grows */
} DSAccum;

#define DS_ACCUM_TAG	0xD5AC0C00u

/* duration_sketch_bucket.c: the buckets */
extern int	DSBucketOf(int64 us);
extern int64 DSBucketLower(int bucket);
extern int64 DSBucketUpper(int bucket);
extern int64 DSBucketValue(int bucket);

/* duration_sketch.c: the accumulator */
extern DSAccum *DSAccumCreate(MemoryContext mcxt);
extern void DSAccumReserve(DSAccum *acc, int lo, int hi);
extern void DSGrowWindow(int base, int cap, int lo, int hi,
						 int *new_lo, int *new_hi);
extern void DSAccumNonEmpty(const DSAccum *acc, int *first, int *last);
extern void DSAccumMerge(DSAccum *acc, const DSAccum *other);

/* duration_sketch_binary.c: the varlena form and its validation */
extern DurationSketch *DSEncode(const DSAccum *acc);
extern DSAccum *DSDecode(const char *bytes, Size len, int sqlstate);
extern void DSCheck(const DSAccum *acc, int sqlstate);
extern DSAccum *DSSketchArg(FunctionCallInfo fcinfo, int argno);

/* duration_sketch_text.c: numbers in decimal, for text and messages */
extern char *DSFormatInt128(int128 v, char *buf);

#endif							/* DURATION_SKETCH_H */
