-- ---------------------------------------------------------------------------
-- Is a change real? (src/survey_change.c): the difference of NPS or CSAT
-- between two survey states, with its confidence interval and p-value, as a
-- row of plain SQL types that BI tools chart directly.
-- ---------------------------------------------------------------------------

CREATE TYPE survey_change AS (
	difference double precision,
	margin double precision,
	lower double precision,
	upper double precision,
	p_value double precision,
	n_a bigint,
	n_b bigint
);
COMMENT ON TYPE survey_change IS
	'change of a survey metric from state a to state b: difference b - a, its confidence interval and two-sided p-value';
COMMENT ON COLUMN survey_change.difference IS 'metric of b minus metric of a, in NPS points or CSAT percentage points';
COMMENT ON COLUMN survey_change.margin IS 'half the width of the confidence interval (the interval of CSAT is not symmetric: use lower and upper)';
COMMENT ON COLUMN survey_change.lower IS 'lower bound of the confidence interval of the difference';
COMMENT ON COLUMN survey_change.upper IS 'upper bound of the confidence interval of the difference';
COMMENT ON COLUMN survey_change.p_value IS 'two-sided p-value of no change; NULL when NPS shows no variance on either side yet differs';
COMMENT ON COLUMN survey_change.n_a IS 'responses in state a';
COMMENT ON COLUMN survey_change.n_b IS 'responses in state b';

CREATE FUNCTION nps_change(a survey, b survey, confidence double precision DEFAULT 0.95)
	RETURNS survey_change
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_change(a survey, b survey, confidence double precision DEFAULT 0.95)
	RETURNS survey_change
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION nps_change(survey, survey, double precision) IS
	'NPS of b minus NPS of a (independent samples): difference, z-test interval at the given confidence (default 0.95) and two-sided p-value';
COMMENT ON FUNCTION csat_change(survey, survey, double precision) IS
	'CSAT of b minus CSAT of a (1-5 states): difference, Newcombe hybrid score interval at the given confidence (default 0.95), pooled z-test p-value';
