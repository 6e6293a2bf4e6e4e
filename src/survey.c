/*
 * survey.c
 *		Survey metrics: NPS, CSAT, CES and star-rating rates, read from the
 *		survey state (survey.h).
 *
 * Each metric is one aggregate over raw scores and one accessor over a
 * state; the aggregate's final function is the accessor itself, so the two
 * can never disagree.  The aggregates differ only in the scale their
 * transition function accepts (NPS 0-10, CSAT and stars 1-5, CES 1-7): a
 * score outside the scale is an error, never silently counted.
 *
 * Definitions (../shared/metrics.md):
 *		NPS = 100 * (promoters - detractors) / responses, promoters 9-10,
 *			  detractors 0-6; margin = z * 100 * sqrt(((p + d) - (p - d)^2) / n)
 *		CSAT = 100 * responses scoring 4 or 5 / responses, on 1-5
 *		CES = mean score on 1-7
 *		negative feedback = 1 or 2 stars, positive review = 4 or 5 stars
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>

#include "fmgr.h"

#include "csmetrics.h"
#include "survey.h"

/* Score scales the transition functions enforce. */
typedef struct SurveyScale
{
	int			min;
	int			max;
	const char *what;			/* "NPS score", for messages */
} SurveyScale;

static const SurveyScale nps_scale = {0, 10, "NPS score"};
static const SurveyScale any_scale = {0, 10, "survey score"};
static const SurveyScale csat_scale = {1, 5, "CSAT score"};
static const SurveyScale ces_scale = {1, 7, "CES score"};
static const SurveyScale star_scale = {1, 5, "star rating"};

/*
 * Transition: count one score, after checking it is on the scale.  Called
 * once per row, so it does no more than the check and the increment.  A
 * count cannot overflow: 2^63 rows would take centuries to scan.
 */
static inline Datum
survey_add(FunctionCallInfo fcinfo, const SurveyScale *scale)
{
	SurveyState *state = SurveyArgForUpdate(fcinfo, 0);
	int32		score = PG_GETARG_INT32(1);

	if (unlikely(score < scale->min || score > scale->max))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be between %d and %d",
						scale->what, scale->min, scale->max),
				 errdetail("Got %d.", score),
				 errhint("Filter out or map scores outside the %d-%d scale before aggregating.",
						 scale->min, scale->max)));
	state->count[score]++;
	PG_RETURN_SURVEY_P(state);
}

PG_FUNCTION_INFO_V1(survey_nps_trans);
/* Transition of nps() and nps_margin(): scores 0-10. */
Datum
survey_nps_trans(PG_FUNCTION_ARGS)
{
	return survey_add(fcinfo, &nps_scale);
}

PG_FUNCTION_INFO_V1(survey_any_trans);
/* Transition of survey_agg(): any survey score 0-10. */
Datum
survey_any_trans(PG_FUNCTION_ARGS)
{
	return survey_add(fcinfo, &any_scale);
}

PG_FUNCTION_INFO_V1(survey_csat_trans);
/* Transition of csat(int) and its interval bounds: scores 1-5. */
Datum
survey_csat_trans(PG_FUNCTION_ARGS)
{
	return survey_add(fcinfo, &csat_scale);
}

PG_FUNCTION_INFO_V1(survey_ces_trans);
/* Transition of ces(): scores 1-7. */
Datum
survey_ces_trans(PG_FUNCTION_ARGS)
{
	return survey_add(fcinfo, &ces_scale);
}

PG_FUNCTION_INFO_V1(survey_star_trans);
/* Transition of the star-rating rates: 1-5 stars. */
Datum
survey_star_trans(PG_FUNCTION_ARGS)
{
	return survey_add(fcinfo, &star_scale);
}

PG_FUNCTION_INFO_V1(survey_inv);
/*
 * Moving-window inverse: uncount one score.  The score was accepted on the
 * way in, but the function is callable from SQL too, so the index and the
 * count are still checked.
 */
Datum
survey_inv(PG_FUNCTION_ARGS)
{
	SurveyState *state = SurveyArgForUpdate(fcinfo, 0);
	int32		score = PG_GETARG_INT32(1);

	if (score < 0 || score > SURVEY_MAX_SCORE || state->count[score] == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot remove a score the survey state does not hold"),
				 errdetail("Score %d.", score)));
	state->count[score]--;
	PG_RETURN_SURVEY_P(state);
}

/* Responses with a score in [lo, hi] (survey_change.c uses it too). */
int64
survey_count_between(const SurveyState *state, int lo, int hi)
{
	int64		n = 0;
	int			i;

	for (i = lo; i <= hi; i++)
		n += state->count[i];
	return n;
}

/*
 * The accessors of scale-bound metrics (CSAT on 1-5, CES on 1-7) refuse a
 * state that holds scores off their scale: CSAT over 0-10 NPS answers would
 * be a plausible-looking wrong number.
 */
static void
survey_require_scale(const SurveyState *state, const SurveyScale *scale,
					 const char *metric)
{
	int64		outside = SurveyTotal(state) -
		survey_count_between(state, scale->min, scale->max);

	if (outside != 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("survey state has scores outside the %d-%d scale of %s",
						scale->min, scale->max, metric),
				 errdetail("%lld of its responses score below %d or above %d.",
						   (long long) outside, scale->min, scale->max),
				 errhint("Build the state for %s from %d-%d scores only.",
						 metric, scale->min, scale->max)));
}

/* 100 * part / whole; callers have checked whole > 0. */
static double
survey_percent(int64 part, int64 whole)
{
	return 100.0 * (double) part / (double) whole;
}

PG_FUNCTION_INFO_V1(survey_responses);
/* responses(survey): number of responses. */
Datum
survey_responses(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(SurveyTotal(PG_GETARG_SURVEY_P(0)));
}

PG_FUNCTION_INFO_V1(survey_promoters);
/* promoters(survey): responses scoring 9 or 10. */
Datum
survey_promoters(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(survey_count_between(PG_GETARG_SURVEY_P(0), 9, 10));
}

PG_FUNCTION_INFO_V1(survey_passives);
/* passives(survey): responses scoring 7 or 8. */
Datum
survey_passives(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(survey_count_between(PG_GETARG_SURVEY_P(0), 7, 8));
}

PG_FUNCTION_INFO_V1(survey_detractors);
/* detractors(survey): responses scoring 0 to 6. */
Datum
survey_detractors(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(survey_count_between(PG_GETARG_SURVEY_P(0), 0, 6));
}

PG_FUNCTION_INFO_V1(survey_score_count);
/* score_count(survey, score): responses giving exactly that score. */
Datum
survey_score_count(PG_FUNCTION_ARGS)
{
	SurveyState *state = PG_GETARG_SURVEY_P(0);
	int32		score = PG_GETARG_INT32(1);

	if (score < 0 || score > SURVEY_MAX_SCORE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("survey score must be between 0 and %d", SURVEY_MAX_SCORE),
				 errdetail("Got %d.", score)));
	PG_RETURN_INT64(state->count[score]);
}

PG_FUNCTION_INFO_V1(survey_nps);
/* nps(survey), and the final step of nps(int): -100..100. */
Datum
survey_nps(PG_FUNCTION_ARGS)
{
	SurveyState *state = PG_GETARG_SURVEY_P(0);
	int64		n = SurveyTotal(state);

	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(survey_percent(survey_count_between(state, 9, 10) -
									survey_count_between(state, 0, 6), n));
}

/* NPS margin of error at critical value z, in NPS points. */
static double
survey_nps_margin(const SurveyState *state, int64 n, double z)
{
	double		p = (double) survey_count_between(state, 9, 10) / (double) n;
	double		d = (double) survey_count_between(state, 0, 6) / (double) n;
	double		variance = (p + d) - (p - d) * (p - d);

	/* rounding can leave a tiny negative variance when p + d is 0 or 1 */
	return z * 100.0 * sqrt(Max(variance, 0.0) / (double) n);
}

PG_FUNCTION_INFO_V1(survey_nps_margin_at);
/* nps_margin(survey, confidence): margin of error of the NPS. */
Datum
survey_nps_margin_at(PG_FUNCTION_ARGS)
{
	SurveyState *state = PG_GETARG_SURVEY_P(0);
	double		z = cs_confidence_z(PG_GETARG_FLOAT8(1));
	int64		n = SurveyTotal(state);

	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(survey_nps_margin(state, n, z));
}

PG_FUNCTION_INFO_V1(survey_nps_margin_final);
/* Final step of the nps_margin(int) aggregate: 95% confidence. */
Datum
survey_nps_margin_final(PG_FUNCTION_ARGS)
{
	SurveyState *state = PG_GETARG_SURVEY_P(0);
	int64		n = SurveyTotal(state);

	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(survey_nps_margin(state, n, cs_confidence_z(0.95)));
}

/*
 * % of responses scoring lo..hi, for a metric bound to a scale; NULL when
 * the state holds no responses.
 */
static Datum
survey_rate(FunctionCallInfo fcinfo, const SurveyScale *scale,
			const char *metric, int lo, int hi)
{
	SurveyState *state = PG_GETARG_SURVEY_P(0);
	int64		n = SurveyTotal(state);

	survey_require_scale(state, scale, metric);
	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(survey_percent(survey_count_between(state, lo, hi), n));
}

PG_FUNCTION_INFO_V1(survey_csat);
/* csat(survey), and the final step of csat(int): % of 4 and 5 on 1-5. */
Datum
survey_csat(PG_FUNCTION_ARGS)
{
	return survey_rate(fcinfo, &csat_scale, "CSAT", 4, 5);
}

/*
 * Wilson bound of the CSAT share at the given confidence, in %; sets
 * *isnull when there are no responses.
 */
static double
survey_csat_bound(FunctionCallInfo fcinfo, double confidence, bool upper)
{
	SurveyState *state = PG_GETARG_SURVEY_P(0);
	double		z = cs_confidence_z(confidence);
	int64		n = SurveyTotal(state);
	double		low,
				high;

	survey_require_scale(state, &csat_scale, "CSAT");
	if (n == 0)
	{
		fcinfo->isnull = true;
		return 0.0;
	}
	cs_wilson_interval(survey_count_between(state, 4, 5), n, z, &low, &high);
	return 100.0 * (upper ? high : low);
}

PG_FUNCTION_INFO_V1(survey_csat_lower_at);
/* csat_lower(survey, confidence): lower Wilson bound of CSAT. */
Datum
survey_csat_lower_at(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(survey_csat_bound(fcinfo, PG_GETARG_FLOAT8(1), false));
}

PG_FUNCTION_INFO_V1(survey_csat_upper_at);
/* csat_upper(survey, confidence): upper Wilson bound of CSAT. */
Datum
survey_csat_upper_at(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(survey_csat_bound(fcinfo, PG_GETARG_FLOAT8(1), true));
}

PG_FUNCTION_INFO_V1(survey_csat_lower_final);
/* Final step of the csat_lower(int) aggregate: 95% confidence. */
Datum
survey_csat_lower_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(survey_csat_bound(fcinfo, 0.95, false));
}

PG_FUNCTION_INFO_V1(survey_csat_upper_final);
/* Final step of the csat_upper(int) aggregate: 95% confidence. */
Datum
survey_csat_upper_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(survey_csat_bound(fcinfo, 0.95, true));
}

PG_FUNCTION_INFO_V1(survey_ces);
/* ces(survey), and the final step of ces(int): mean score on 1-7. */
Datum
survey_ces(PG_FUNCTION_ARGS)
{
	SurveyState *state = PG_GETARG_SURVEY_P(0);
	int64		n = SurveyTotal(state);
	double		sum = 0.0;
	int			i;

	survey_require_scale(state, &ces_scale, "CES");
	if (n == 0)
		PG_RETURN_NULL();
	for (i = ces_scale.min; i <= ces_scale.max; i++)
		sum += (double) i * (double) state->count[i];
	PG_RETURN_FLOAT8(sum / (double) n);
}

PG_FUNCTION_INFO_V1(survey_negative_feedback_rate);
/* negative_feedback_rate(survey): % of 1- and 2-star ratings. */
Datum
survey_negative_feedback_rate(PG_FUNCTION_ARGS)
{
	return survey_rate(fcinfo, &star_scale, "star ratings", 1, 2);
}

PG_FUNCTION_INFO_V1(survey_positive_review_rate);
/* positive_review_rate(survey): % of 4- and 5-star ratings. */
Datum
survey_positive_review_rate(PG_FUNCTION_ARGS)
{
	return survey_rate(fcinfo, &star_scale, "star ratings", 4, 5);
}
