/*
 * percentile_select.c
 *		The final step of the exact percentiles (percentile.h): putting the
 *		values of the ranks that the fractions need in place.
 *
 * Selection, not a sort.  The ranks needed by all fractions (lo and hi of
 * each) are sorted and found in one multi-select pass: quickselect with a
 * three-way partition (ties, common in durations, go into the middle block
 * and are never touched again), recursing only into the sides that hold
 * wanted ranks, so one fraction costs O(n) expected and k fractions
 * O(n log k).  A median-of-3 or ninther pivot and a depth limit of
 * 2 log2 n, past which the range is heapsorted, bound the worst case at
 * O(n log n).  The final function reorders the values array but not the
 * multiset it holds, so the state stays valid for further rows (windows).
 */
#include "postgres.h"
#include "compat.h"

#include "miscadmin.h"
#include "port/pg_bitutils.h"

#include "percentile.h"

/* Ranges this short are finished by insertion sort. */
#define PCT_SMALL_RANGE			16

/* Ranges longer than this take a ninther pivot instead of a median of 3. */
#define PCT_NINTHER_RANGE		512

/* The median of three values. */
static inline int64
pct_median3(int64 a, int64 b, int64 c)
{
	if (a < b)
	{
		if (b < c)
			return b;
		return a < c ? c : a;
	}
	if (a < c)
		return a;
	return b < c ? c : b;
}

/* A pivot value from a[lo..hi): median of 3, or ninther when long. */
static int64
pct_pivot(const int64 *a, int64 lo, int64 hi)
{
	int64		n = hi - lo;
	int64		mid = lo + n / 2;
	int64		step;

	if (n <= PCT_NINTHER_RANGE)
		return pct_median3(a[lo], a[mid], a[hi - 1]);
	step = n / 8;
	return pct_median3(pct_median3(a[lo], a[lo + step], a[lo + 2 * step]),
					   pct_median3(a[mid - step], a[mid], a[mid + step]),
					   pct_median3(a[hi - 1 - 2 * step], a[hi - 1 - step], a[hi - 1]));
}

/* Sort a[lo..hi) by insertion: short ranges. */
static void
pct_insertion_sort(int64 *a, int64 lo, int64 hi)
{
	int64		i,
				j;

	for (i = lo + 1; i < hi; i++)
	{
		int64		v = a[i];

		for (j = i; j > lo && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

/* Move a[root] down the max-heap a[base..base+n). */
static void
pct_sift_down(int64 *a, int64 base, int64 root, int64 n)
{
	int64		v = a[base + root];

	for (;;)
	{
		int64		child = 2 * root + 1;

		if (child >= n)
			break;
		if (child + 1 < n && a[base + child + 1] > a[base + child])
			child++;
		if (a[base + child] <= v)
			break;
		a[base + root] = a[base + child];
		root = child;
	}
	a[base + root] = v;
}

/* Heapsort a[lo..hi): the O(n log n) fallback past the depth limit. */
static void
pct_heap_sort(int64 *a, int64 lo, int64 hi)
{
	int64		n = hi - lo;
	int64		i;

	for (i = n / 2 - 1; i >= 0; i--)
		pct_sift_down(a, lo, i, n);
	for (i = n - 1; i > 0; i--)
	{
		int64		top = a[lo];

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		a[lo] = a[lo + i];
		a[lo + i] = top;
		pct_sift_down(a, lo, 0, i);
	}
}

/*
 * Multi-select: reorder a[lo..hi) so that a[k] is the value of rank k
 * (0-based in the whole array) for every k in ranks[0..nranks), which are
 * sorted, distinct and inside [lo, hi).  depth bounds the partitioning
 * rounds before falling back to a heapsort.
 */
static void
pct_select(int64 *a, int64 lo, int64 hi, const int64 *ranks, int nranks,
		   int depth)
{
	while (nranks > 0)
	{
		int64		pivot;
		int64		lt,
					gt,
					i;
		int			nleft,
					skip;

		CHECK_FOR_INTERRUPTS();
		if (hi - lo <= PCT_SMALL_RANGE)
		{
			pct_insertion_sort(a, lo, hi);
			return;
		}
		if (depth-- <= 0)
		{
			pct_heap_sort(a, lo, hi);
			return;
		}

		/*
		 * Three-way partition: a[lo..lt) < pivot, a[lt..gt) = pivot,
		 * a[gt..hi) > pivot.  The pivot is one of the values, so the middle
		 * block is never empty and both sides shrink.
		 */
		pivot = pct_pivot(a, lo, hi);
		lt = lo;
		i = lo;
		gt = hi;
		while (i < gt)
		{
			int64		v = a[i];

			if (v < pivot)
			{
				a[i++] = a[lt];
				a[lt++] = v;
			}
			else if (v > pivot)
			{
				a[i] = a[--gt];
				a[gt] = v;
			}
			else
				i++;
		}

		/* ranks in the middle block are final; recurse left, loop right */
		for (nleft = 0; nleft < nranks && ranks[nleft] < lt; nleft++)
			;
		for (skip = nleft; skip < nranks && ranks[skip] < gt; skip++)
			;
		if (nleft > 0)
			pct_select(a, lo, lt, ranks, nleft, depth);
		ranks += skip;
		nranks -= skip;
		lo = gt;
	}
}

/* qsort comparator of ranks: ascending. */
static int
pct_rank_cmp(const void *pa, const void *pb)
{
	int64		a = *(const int64 *) pa;
	int64		b = *(const int64 *) pb;

	return a < b ? -1 : (a > b ? 1 : 0);
}

/*
 * Sort ranks[0..nranks), drop duplicates, and select them all in one pass
 * over values[0..count).
 */
void
pct_select_ranks(int64 *values, int64 count, int64 *ranks, int nranks)
{
	int			unique = 0;
	int			i;

	qsort(ranks, nranks, sizeof(int64), pct_rank_cmp);
	for (i = 0; i < nranks; i++)
		if (unique == 0 || ranks[i] != ranks[unique - 1])
			ranks[unique++] = ranks[i];
	pct_select(values, 0, count, ranks, unique,
			   2 * (pg_leftmost_one_pos64((uint64) count) + 1));
}
