/*
 * survey_change.c
 *		Is a change real?  The difference of NPS or CSAT between two survey
 *		states (survey.h), with its confidence interval and a two-sided
 *		p-value, as one survey_change row of plain SQL types.
 *
 * The two states are independent samples (two months, two channels, two
 * teams), typically rollup()s of daily states.  The difference is b - a:
 * positive when b is better.
 *
 * NPS: each response is +1 (promoter), 0 (passive) or -1 (detractor), so the
 * NPS / 100 is the mean of those values, whose variance is
 * (p + d) - (p - d)^2 with p, d the promoter and detractor shares: the same
 * variance nps_margin() uses (../shared/metrics.md).  For independent samples
 * the variances of the two means add:
 *		SE = 100 * sqrt(var_a / n_a + var_b / n_b),
 *		interval = difference -/+ z * SE, p-value = P(|Z| >= |difference| / SE).
 *
 * CSAT: the share of satisfied responses (4 and 5 on 1-5).
 *	- p-value: the pooled two-proportion z-test, whose standard error is
 *	  taken under the null hypothesis of equal shares (one pooled share
 *	  (x_a + x_b) / (n_a + n_b)): the usual textbook test, equivalent to the
 *	  chi-square test of the 2x2 table without continuity correction.
 *	- interval: Newcombe's hybrid score interval, method 10 of R. G.
 *	  Newcombe, "Interval estimation for the difference between independent
 *	  proportions: comparison of eleven methods", Statistics in Medicine 17
 *	  (1998) 873-890.  It combines the Wilson intervals [l, u] of the two
 *	  shares (the ones csat_lower() and csat_upper() give):
 *		lower = diff - sqrt((p_b - l_b)^2 + (u_a - p_a)^2)
 *		upper = diff + sqrt((u_b - p_b)^2 + (p_a - l_a)^2)
 *	  (a Wilson bound l of p solves (p - l)^2 = z^2 l (1 - l) / n, so each
 *	  term is the variance of a share taken at its bound).
 *	  Unlike the plain Wald interval it stays within [-100, 100], does not
 *	  collapse to a point when a share is 0 or 100 %, and keeps close to its
 *	  nominal coverage for small samples.  It is not symmetric about the
 *	  difference, so margin is half its width.
 *	  The test and the interval are different methods: at the edge they can
 *	  disagree (p just below 1 - confidence while the interval just touches
 *	  0); each is the well-founded standard for its question.
 *
 * Zero variance.  When neither NPS state varies (every response in each
 * state in one category, e.g. all promoters), the standard error is 0: the
 * margin is 0 and the interval the single difference, as nps_margin() is 0
 * for an all-promoter state.  The z statistic is then 0/0 or d/0.  With a
 * difference of 0 the p-value is 1: both samples are the same constant, and
 * every rearrangement of them between the two states gives the same
 * difference, which is what an exact permutation test says.  With a
 * non-zero difference (all promoters against all detractors) the normal
 * approximation has nothing to say (a p-value of 0 would claim certainty
 * from, say, one response each), so the p-value is NULL.  For CSAT the
 * pooled standard error is 0 only when both states are all satisfied or all
 * not, and then the difference is 0 and the p-value 1 (again what the exact
 * test of the 2x2 table, Fisher's, gives); the Newcombe interval stays wide
 * there, as the Wilson intervals do.
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>

#include "fmgr.h"

/*
 * The row-building headers pull in static inline functions with unused
 * parameters, which -Wextra -Werror would reject (as in timeline.c).
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "access/htup_details.h"
#include "funcapi.h"
#pragma GCC diagnostic pop

#include "csmetrics.h"
#include "survey.h"

/* The fields of the survey_change type, in its column order. */
typedef enum SurveyChangeField
{
	CHANGE_DIFFERENCE,
	CHANGE_MARGIN,
	CHANGE_LOWER,
	CHANGE_UPPER,
	CHANGE_P_VALUE,
	CHANGE_N_A,
	CHANGE_N_B,
	CHANGE_FIELDS
} SurveyChangeField;

typedef struct SurveyChange
{
	double		difference;
	double		lower;
	double		upper;
	double		p_value;
	bool		p_value_null;
	int64		n_a;
	int64		n_b;
} SurveyChange;

/*
 * The number of responses of a state; an empty one is an error: it has no
 * NPS or CSAT to compare.  (rollup() and survey_agg() return NULL rather
 * than an empty state when there are no responses, and a NULL argument
 * gives a NULL result, as for every strict function.)
 */
static int64
survey_change_count(const SurveyState *state, const char *which,
					const char *metric)
{
	int64		n = SurveyTotal(state);

	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot compare the %s of an empty survey state", metric),
				 errdetail("The %s state holds no responses.", which),
				 errhint("Compare states that hold responses; a period without any has no %s to compare.",
						 metric)));
	return n;
}

/* Two-sided p-value of a standard normal statistic: P(|Z| >= |z|). */
static double
survey_change_p(double z)
{
	/* erfc keeps full precision far in the tail, where 1 - Phi(z) is 0 */
	return erfc(fabs(z) / M_SQRT2);
}

/* The result row of nps_change() and csat_change(). */
static Datum
survey_change_row(FunctionCallInfo fcinfo, const SurveyChange *change)
{
	TupleDesc	tupdesc;
	Datum		values[CHANGE_FIELDS];
	bool		nulls[CHANGE_FIELDS];

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	if (tupdesc->natts != CHANGE_FIELDS)
		elog(ERROR, "survey_change has %d fields, expected %d",
			 tupdesc->natts, CHANGE_FIELDS);

	memset(nulls, false, sizeof(nulls));
	values[CHANGE_DIFFERENCE] = Float8GetDatum(change->difference);
	values[CHANGE_MARGIN] = Float8GetDatum((change->upper - change->lower) / 2.0);
	values[CHANGE_LOWER] = Float8GetDatum(change->lower);
	values[CHANGE_UPPER] = Float8GetDatum(change->upper);
	values[CHANGE_P_VALUE] = Float8GetDatum(change->p_value);
	nulls[CHANGE_P_VALUE] = change->p_value_null;
	values[CHANGE_N_A] = Int64GetDatum(change->n_a);
	values[CHANGE_N_B] = Int64GetDatum(change->n_b);

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* NPS / 100 and the variance of one response's +1/0/-1 value. */
static void
survey_change_nps_moments(const SurveyState *state, int64 n,
						  double *mean, double *variance)
{
	double		p = (double) survey_count_between(state, 9, 10) / (double) n;
	double		d = (double) survey_count_between(state, 0, 6) / (double) n;

	*mean = p - d;
	/* rounding can leave a tiny negative variance when p + d is 0 or 1 */
	*variance = Max((p + d) - (p - d) * (p - d), 0.0);
}

PG_FUNCTION_INFO_V1(nps_change);
/* nps_change(a, b, confidence): NPS of b minus NPS of a, z-test. */
Datum
nps_change(PG_FUNCTION_ARGS)
{
	SurveyState *a = PG_GETARG_SURVEY_P(0);
	SurveyState *b = PG_GETARG_SURVEY_P(1);
	double		z = cs_confidence_z(PG_GETARG_FLOAT8(2));
	SurveyChange change;
	double		mean_a,
				mean_b,
				var_a,
				var_b,
				se;

	change.n_a = survey_change_count(a, "first", "NPS");
	change.n_b = survey_change_count(b, "second", "NPS");
	survey_change_nps_moments(a, change.n_a, &mean_a, &var_a);
	survey_change_nps_moments(b, change.n_b, &mean_b, &var_b);

	change.difference = 100.0 * (mean_b - mean_a);
	se = 100.0 * sqrt(var_a / (double) change.n_a + var_b / (double) change.n_b);
	change.lower = change.difference - z * se;
	change.upper = change.difference + z * se;
	change.p_value_null = false;
	if (se > 0.0)
		change.p_value = survey_change_p(change.difference / se);
	else if (mean_a == mean_b)
		change.p_value = 1.0;	/* same constant on both sides */
	else
	{
		change.p_value = 0.0;
		change.p_value_null = true; /* d/0: see the header comment */
	}
	return survey_change_row(fcinfo, &change);
}

/* The satisfied responses (4 and 5) of a CSAT state, checked for scale. */
static int64
survey_change_satisfied(const SurveyState *state, const char *which)
{
	int64		outside = SurveyTotal(state) - survey_count_between(state, 1, 5);

	if (outside != 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("survey state has scores outside the 1-5 scale of CSAT"),
				 errdetail_plural("%lld response of the %s state scores 0 or above 5.",
								  "%lld responses of the %s state score 0 or above 5.",
								  (unsigned long) Min(outside, 1000000),
								  (long long) outside, which),
				 errhint("Build both states for CSAT from 1-5 scores only.")));
	return survey_count_between(state, 4, 5);
}

PG_FUNCTION_INFO_V1(csat_change);
/* csat_change(a, b, confidence): CSAT of b minus CSAT of a. */
Datum
csat_change(PG_FUNCTION_ARGS)
{
	SurveyState *a = PG_GETARG_SURVEY_P(0);
	SurveyState *b = PG_GETARG_SURVEY_P(1);
	double		z = cs_confidence_z(PG_GETARG_FLOAT8(2));
	SurveyChange change;
	int64		x_a,
				x_b;
	double		p_a,
				p_b,
				pooled,
				se,
				l_a,
				u_a,
				l_b,
				u_b;

	x_a = survey_change_satisfied(a, "first");
	x_b = survey_change_satisfied(b, "second");
	change.n_a = survey_change_count(a, "first", "CSAT");
	change.n_b = survey_change_count(b, "second", "CSAT");
	p_a = (double) x_a / (double) change.n_a;
	p_b = (double) x_b / (double) change.n_b;
	change.difference = 100.0 * (p_b - p_a);

	/*
	 * Newcombe's method 10 from the two Wilson intervals, in the paper's
	 * form: the distances from each share to its Wilson bounds, which are
	 * exact where the equivalent z * sqrt(l (1 - l) / n) would turn a bound
	 * rounded just below 1 into a spurious width.  The result lies within
	 * [-100, 100] in exact arithmetic; the clamp only removes rounding.
	 */
	cs_wilson_interval(x_a, change.n_a, z, &l_a, &u_a);
	cs_wilson_interval(x_b, change.n_b, z, &l_b, &u_b);
	change.lower = Max(-100.0, change.difference -
					   100.0 * sqrt((p_b - l_b) * (p_b - l_b) +
									(u_a - p_a) * (u_a - p_a)));
	change.upper = Min(100.0, change.difference +
					   100.0 * sqrt((u_b - p_b) * (u_b - p_b) +
									(p_a - l_a) * (p_a - l_a)));

	/* the pooled z-test; se is 0 only when x_a/n_a = x_b/n_b = 0 or 1 */
	pooled = (double) (x_a + x_b) / ((double) change.n_a + (double) change.n_b);
	se = sqrt(pooled * (1.0 - pooled) *
			  (1.0 / (double) change.n_a + 1.0 / (double) change.n_b));
	change.p_value_null = false;
	change.p_value = se > 0.0 ? survey_change_p((p_b - p_a) / se) : 1.0;
	return survey_change_row(fcinfo, &change);
}
