-- ---------------------------------------------------------------------------
-- Survey metrics (src/survey.c): NPS, CSAT, CES, star-rating rates.
-- Each is an aggregate over raw scores and an accessor over a survey state;
-- the aggregate's final function is the accessor.
-- ---------------------------------------------------------------------------

-- Transition functions: one per score scale; a score off the scale is an error.
CREATE FUNCTION survey_nps_trans(survey, integer) RETURNS survey
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_any_trans(survey, integer) RETURNS survey
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_csat_trans(survey, integer) RETURNS survey
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_ces_trans(survey, integer) RETURNS survey
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_star_trans(survey, integer) RETURNS survey
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION survey_nps_trans(survey, integer) IS 'count one NPS score 0-10 (transition of nps and nps_margin)';
COMMENT ON FUNCTION survey_any_trans(survey, integer) IS 'count one survey score 0-10 (transition of survey_agg)';
COMMENT ON FUNCTION survey_csat_trans(survey, integer) IS 'count one CSAT score 1-5 (transition of csat, csat_lower, csat_upper)';
COMMENT ON FUNCTION survey_ces_trans(survey, integer) IS 'count one CES score 1-7 (transition of ces)';
COMMENT ON FUNCTION survey_star_trans(survey, integer) IS 'count one 1-5 star rating (transition of the review rates)';

-- Accessors: read a metric out of a state.  All return plain SQL types.
CREATE FUNCTION responses(survey) RETURNS bigint
	AS 'MODULE_PATHNAME', 'survey_responses' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION promoters(survey) RETURNS bigint
	AS 'MODULE_PATHNAME', 'survey_promoters' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION passives(survey) RETURNS bigint
	AS 'MODULE_PATHNAME', 'survey_passives' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION detractors(survey) RETURNS bigint
	AS 'MODULE_PATHNAME', 'survey_detractors' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION score_count(survey, score integer) RETURNS bigint
	AS 'MODULE_PATHNAME', 'survey_score_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps(survey) RETURNS double precision
	AS 'MODULE_PATHNAME', 'survey_nps' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_margin(survey, confidence double precision DEFAULT 0.95) RETURNS double precision
	AS 'MODULE_PATHNAME', 'survey_nps_margin_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_nps_margin_final(survey) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat(survey) RETURNS double precision
	AS 'MODULE_PATHNAME', 'survey_csat' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_lower(survey, confidence double precision DEFAULT 0.95) RETURNS double precision
	AS 'MODULE_PATHNAME', 'survey_csat_lower_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_upper(survey, confidence double precision DEFAULT 0.95) RETURNS double precision
	AS 'MODULE_PATHNAME', 'survey_csat_upper_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_csat_lower_final(survey) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_csat_upper_final(survey) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ces(survey) RETURNS double precision
	AS 'MODULE_PATHNAME', 'survey_ces' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION negative_feedback_rate(survey) RETURNS double precision
	AS 'MODULE_PATHNAME', 'survey_negative_feedback_rate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION positive_review_rate(survey) RETURNS double precision
	AS 'MODULE_PATHNAME', 'survey_positive_review_rate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION responses(survey) IS 'number of responses in a survey state';
COMMENT ON FUNCTION promoters(survey) IS 'responses scoring 9 or 10 in a survey state';
COMMENT ON FUNCTION passives(survey) IS 'responses scoring 7 or 8 in a survey state';
COMMENT ON FUNCTION detractors(survey) IS 'responses scoring 0 to 6 in a survey state';
COMMENT ON FUNCTION score_count(survey, integer) IS 'responses giving exactly this score (0-10) in a survey state';
COMMENT ON FUNCTION nps(survey) IS 'Net Promoter Score of a survey state, -100..100; NULL when empty';
COMMENT ON FUNCTION nps_margin(survey, double precision) IS 'margin of error of the NPS, in NPS points, at the given confidence (default 0.95)';
COMMENT ON FUNCTION survey_nps_margin_final(survey) IS 'final step of the nps_margin aggregate (95% confidence)';
COMMENT ON FUNCTION csat(survey) IS 'CSAT of a survey state of 1-5 scores: % of 4 and 5; NULL when empty';
COMMENT ON FUNCTION csat_lower(survey, double precision) IS 'lower bound of the Wilson interval of CSAT, in %, at the given confidence (default 0.95)';
COMMENT ON FUNCTION csat_upper(survey, double precision) IS 'upper bound of the Wilson interval of CSAT, in %, at the given confidence (default 0.95)';
COMMENT ON FUNCTION survey_csat_lower_final(survey) IS 'final step of the csat_lower aggregate (95% confidence)';
COMMENT ON FUNCTION survey_csat_upper_final(survey) IS 'final step of the csat_upper aggregate (95% confidence)';
COMMENT ON FUNCTION ces(survey) IS 'Customer Effort Score of a survey state of 1-7 scores: the mean score; NULL when empty';
COMMENT ON FUNCTION negative_feedback_rate(survey) IS '% of 1- and 2-star ratings in a survey state of 1-5 ratings';
COMMENT ON FUNCTION positive_review_rate(survey) IS '% of 4- and 5-star ratings in a survey state of 1-5 ratings';

-- The aggregates.  All share the survey state: combinable in parallel plans
-- without serialization, and invertible for moving windows.
CREATE AGGREGATE survey_agg(score integer) (
	SFUNC = survey_any_trans, STYPE = survey, INITCOND = 'n=0',
	FINALFUNC = survey_final, COMBINEFUNC = survey_combine,
	MSFUNC = survey_any_trans, MINVFUNC = survey_inv, MSTYPE = survey,
	MINITCOND = 'n=0', MFINALFUNC = survey_final, PARALLEL = SAFE
);
CREATE AGGREGATE nps(score integer) (
	SFUNC = survey_nps_trans, STYPE = survey, INITCOND = 'n=0',
	FINALFUNC = nps, COMBINEFUNC = survey_combine,
	MSFUNC = survey_nps_trans, MINVFUNC = survey_inv, MSTYPE = survey,
	MINITCOND = 'n=0', MFINALFUNC = nps, PARALLEL = SAFE
);
CREATE AGGREGATE nps_margin(score integer) (
	SFUNC = survey_nps_trans, STYPE = survey, INITCOND = 'n=0',
	FINALFUNC = survey_nps_margin_final, COMBINEFUNC = survey_combine,
	MSFUNC = survey_nps_trans, MINVFUNC = survey_inv, MSTYPE = survey,
	MINITCOND = 'n=0', MFINALFUNC = survey_nps_margin_final, PARALLEL = SAFE
);
CREATE AGGREGATE csat(score integer) (
	SFUNC = survey_csat_trans, STYPE = survey, INITCOND = 'n=0',
	FINALFUNC = csat, COMBINEFUNC = survey_combine,
	MSFUNC = survey_csat_trans, MINVFUNC = survey_inv, MSTYPE = survey,
	MINITCOND = 'n=0', MFINALFUNC = csat, PARALLEL = SAFE
);
CREATE AGGREGATE csat_lower(score integer) (
	SFUNC = survey_csat_trans, STYPE = survey, INITCOND = 'n=0',
	FINALFUNC = survey_csat_lower_final, COMBINEFUNC = survey_combine,
	MSFUNC = survey_csat_trans, MINVFUNC = survey_inv, MSTYPE = survey,
	MINITCOND = 'n=0', MFINALFUNC = survey_csat_lower_final, PARALLEL = SAFE
);
CREATE AGGREGATE csat_upper(score integer) (
	SFUNC = survey_csat_trans, STYPE = survey, INITCOND = 'n=0',
	FINALFUNC = survey_csat_upper_final, COMBINEFUNC = survey_combine,
	MSFUNC = survey_csat_trans, MINVFUNC = survey_inv, MSTYPE = survey,
	MINITCOND = 'n=0', MFINALFUNC = survey_csat_upper_final, PARALLEL = SAFE
);
CREATE AGGREGATE ces(score integer) (
	SFUNC = survey_ces_trans, STYPE = survey, INITCOND = 'n=0',
	FINALFUNC = ces, COMBINEFUNC = survey_combine,
	MSFUNC = survey_ces_trans, MINVFUNC = survey_inv, MSTYPE = survey,
	MINITCOND = 'n=0', MFINALFUNC = ces, PARALLEL = SAFE
);
CREATE AGGREGATE negative_feedback_rate(stars integer) (
	SFUNC = survey_star_trans, STYPE = survey, INITCOND = 'n=0',
	FINALFUNC = negative_feedback_rate, COMBINEFUNC = survey_combine,
	MSFUNC = survey_star_trans, MINVFUNC = survey_inv, MSTYPE = survey,
	MINITCOND = 'n=0', MFINALFUNC = negative_feedback_rate, PARALLEL = SAFE
);
CREATE AGGREGATE positive_review_rate(stars integer) (
	SFUNC = survey_star_trans, STYPE = survey, INITCOND = 'n=0',
	FINALFUNC = positive_review_rate, COMBINEFUNC = survey_combine,
	MSFUNC = survey_star_trans, MINVFUNC = survey_inv, MSTYPE = survey,
	MINITCOND = 'n=0', MFINALFUNC = positive_review_rate, PARALLEL = SAFE
);

COMMENT ON AGGREGATE survey_agg(integer) IS 'survey state of scores 0-10, for two-step aggregation (accessors, rollup)';
COMMENT ON AGGREGATE nps(integer) IS 'Net Promoter Score of 0-10 scores: 100 * (promoters - detractors) / responses, -100..100';
COMMENT ON AGGREGATE nps_margin(integer) IS 'margin of error of the NPS at 95% confidence, in NPS points';
COMMENT ON AGGREGATE csat(integer) IS 'CSAT of 1-5 scores: % of responses scoring 4 or 5';
COMMENT ON AGGREGATE csat_lower(integer) IS 'lower bound of the 95% Wilson interval of CSAT (1-5 scores), in %';
COMMENT ON AGGREGATE csat_upper(integer) IS 'upper bound of the 95% Wilson interval of CSAT (1-5 scores), in %';
COMMENT ON AGGREGATE ces(integer) IS 'Customer Effort Score: mean of 1-7 scores';
COMMENT ON AGGREGATE negative_feedback_rate(integer) IS '% of 1-5 star ratings that are 1 or 2 stars (Amazon''s negative feedback)';
COMMENT ON AGGREGATE positive_review_rate(integer) IS '% of 1-5 star ratings that are 4 or 5 stars';
