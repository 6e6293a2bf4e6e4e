/*
 * stats.c
 *		Normal quantiles and the Wilson score interval.
 *
 * The survey metrics report confidence bounds (NPS margin of error, CSAT
 * Wilson interval) for a confidence level chosen by the user, so we need the
 * standard normal quantile z for any level, not a table of the usual three.
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>

#include "csmetrics.h"

/*
 * Upper-tail probability of the standard normal, Q(z) = P(Z > z).
 * erfc keeps full relative precision far out in the tail, where
 * 1 - Phi(z) would cancel to zero.
 */
static double
normal_upper_tail(double z)
{
	return 0.5 * erfc(z / M_SQRT2);
}

/*
 * Two-sided critical value for a confidence level: the z with
 * Q(z) = (1 - confidence) / 2.
 *
 * Q is decreasing and convex for z >= 0, so Newton's method started at 0
 * approaches the root from below without ever overshooting; it converges
 * for every level in (0, 1) and ends quadratically.  Levels must lie
 * strictly between 0 and 1: 0 has no interval and 1 has an infinite one.
 */
double
cs_confidence_z(double confidence)
{
	double		alpha;
	double		z = 0.0;
	int			i;

	if (isnan(confidence) || confidence <= 0.0 || confidence >= 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence level must be between 0 and 1, exclusive"),
				 errdetail("Got %g.", confidence),
				 errhint("Use a level such as 0.95 for a 95%% interval.")));

	alpha = (1.0 - confidence) / 2.0;
	for (i = 0; i < 200; i++)
	{
		double		density = exp(-0.5 * z * z) / sqrt(2.0 * M_PI);
		double		step = (normal_upper_tail(z) - alpha) / density;

		z += step;
		if (fabs(step) <= 1e-15 * (1.0 + z))
			break;
	}
	return z;
}

/*
 * Wilson score interval for a binomial share, as fractions in [0, 1].
 *
 * Unlike the plain normal ("Wald") interval, Wilson's stays inside [0, 1]
 * and does not collapse to a single point when every response is satisfied
 * or none is, which is common for small teams.
 */
void
cs_wilson_interval(int64 successes, int64 n, double z,
				   double *low, double *high)
{
	double		nn = (double) n;
	double		p = (double) successes / nn;
	double		z2 = z * z;
	double		denom = 1.0 + z2 / nn;
	double		center = (p + z2 / (2.0 * nn)) / denom;
	double		half = (z / denom) * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn));

	*low = Max(0.0, center - half);
	*high = Min(1.0, center + half);
}
