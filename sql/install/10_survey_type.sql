-- ---------------------------------------------------------------------------
-- The survey state type (src/survey_type.c): a histogram of scores 0-10.
-- ---------------------------------------------------------------------------

CREATE TYPE survey;

CREATE FUNCTION survey_in(cstring) RETURNS survey
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_out(survey) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_recv(internal) RETURNS survey
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_send(survey) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Fixed length, so the same responses always give the same 88 bytes.
CREATE TYPE survey (
	INPUT = survey_in,
	OUTPUT = survey_out,
	RECEIVE = survey_recv,
	SEND = survey_send,
	INTERNALLENGTH = 88,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE survey IS
	'survey state: response counts per score 0-10, text form ''n=5 7:1 9:3 10:1''; every survey metric is exact from it and rollup() merges states';

CREATE FUNCTION survey_combine(survey, survey) RETURNS survey
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_uncombine_inv(survey, survey) RETURNS survey
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_final(survey) RETURNS survey
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_inv(survey, integer) RETURNS survey
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION survey_in(cstring) IS 'text input of the survey state';
COMMENT ON FUNCTION survey_out(survey) IS 'text output of the survey state';
COMMENT ON FUNCTION survey_recv(internal) IS 'binary input of the survey state';
COMMENT ON FUNCTION survey_send(survey) IS 'binary output of the survey state';
COMMENT ON FUNCTION survey_combine(survey, survey) IS 'merge two survey states (support function of rollup and the survey aggregates)';
COMMENT ON FUNCTION survey_uncombine_inv(survey, survey) IS 'remove a survey state from a merge (moving-window support of rollup)';
COMMENT ON FUNCTION survey_final(survey) IS 'final step of survey_agg and rollup: NULL when there are no responses';
COMMENT ON FUNCTION survey_inv(survey, integer) IS 'remove one score from a survey state (moving-window support)';

CREATE AGGREGATE rollup(survey) (
	SFUNC = survey_combine,
	STYPE = survey,
	INITCOND = 'n=0',
	FINALFUNC = survey_final,
	COMBINEFUNC = survey_combine,
	MSFUNC = survey_combine,
	MINVFUNC = survey_uncombine_inv,
	MSTYPE = survey,
	MINITCOND = 'n=0',
	MFINALFUNC = survey_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(survey) IS
	'merge survey states exactly (daily states to months, agents to teams)';
