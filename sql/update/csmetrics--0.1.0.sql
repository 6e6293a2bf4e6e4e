/* csmetrics--<version>.sql, assembled by the Makefile from sql/install/ */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION csmetrics" to load this file. \quit

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
-- ---------------------------------------------------------------------------
-- Shares of true (src/share.c): pct, csat(boolean) and its Wilson bounds.
-- State: int8[2] {true_count, count}, like avg(int4).
-- ---------------------------------------------------------------------------

CREATE FUNCTION share_trans(bigint[], boolean) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION share_inv(bigint[], boolean) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION share_combine(bigint[], bigint[]) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION share_pct_final(bigint[]) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION share_lower_final(bigint[]) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION share_upper_final(bigint[]) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION share_trans(bigint[], boolean) IS 'count one boolean into a share state {true_count, count}';
COMMENT ON FUNCTION share_inv(bigint[], boolean) IS 'remove one boolean from a share state (moving-window support)';
COMMENT ON FUNCTION share_combine(bigint[], bigint[]) IS 'merge two share states (parallel support)';
COMMENT ON FUNCTION share_pct_final(bigint[]) IS 'share state to % of true; NULL when empty';
COMMENT ON FUNCTION share_lower_final(bigint[]) IS 'share state to the lower 95% Wilson bound, in %';
COMMENT ON FUNCTION share_upper_final(bigint[]) IS 'share state to the upper 95% Wilson bound, in %';

CREATE AGGREGATE pct(condition boolean) (
	SFUNC = share_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = share_trans, MINVFUNC = share_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE csat(good boolean) (
	SFUNC = share_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = share_trans, MINVFUNC = share_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE csat_lower(good boolean) (
	SFUNC = share_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_lower_final, COMBINEFUNC = share_combine,
	MSFUNC = share_trans, MINVFUNC = share_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_lower_final, PARALLEL = SAFE
);
CREATE AGGREGATE csat_upper(good boolean) (
	SFUNC = share_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_upper_final, COMBINEFUNC = share_combine,
	MSFUNC = share_trans, MINVFUNC = share_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_upper_final, PARALLEL = SAFE
);

COMMENT ON AGGREGATE pct(boolean) IS '% of non-NULL rows where the condition is true; NULL when there are none';
COMMENT ON AGGREGATE csat(boolean) IS 'CSAT of a good/bad survey: good / (good + bad), in %';
COMMENT ON AGGREGATE csat_lower(boolean) IS 'lower bound of the 95% Wilson interval of a good/bad CSAT, in %';
COMMENT ON AGGREGATE csat_upper(boolean) IS 'upper bound of the 95% Wilson interval of a good/bad CSAT, in %';
-- ---------------------------------------------------------------------------
-- Rates (src/rates.c): SLA attainment, first contact resolution, one-touch,
-- resolution and automated resolution rates.  Each is a share of true in the
-- share state int8[2] {true_count, count} (30_share.sql), with its combine
-- and final functions: % 0-100, NULL over no counted row.
-- ---------------------------------------------------------------------------

CREATE FUNCTION sla_elapsed_trans(bigint[], interval, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sla_elapsed_inv(bigint[], interval, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- not strict (a NULL stop is an open item), and stable (reads the
-- transaction time)
CREATE FUNCTION sla_instants_trans(bigint[], timestamptz, timestamptz, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION sla_instants_inv(bigint[], timestamptz, timestamptz, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION fcr_trans(bigint[], integer) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION fcr_inv(bigint[], integer) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION one_touch_trans(bigint[], integer) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION one_touch_inv(bigint[], integer) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION share_false_trans(bigint[], boolean) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION share_false_inv(bigint[], boolean) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sla_elapsed_trans(bigint[], interval, interval) IS 'count one item into a share state: true when elapsed <= target';
COMMENT ON FUNCTION sla_elapsed_inv(bigint[], interval, interval) IS 'remove one elapsed/target item from a share state (moving-window support)';
COMMENT ON FUNCTION sla_instants_trans(bigint[], timestamptz, timestamptz, interval) IS 'count one item into a share state: true when stop <= start + target; an item with no stop is skipped until the transaction time passes start + target, then false';
COMMENT ON FUNCTION sla_instants_inv(bigint[], timestamptz, timestamptz, interval) IS 'remove one start/stop/target item from a share state (moving-window support)';
COMMENT ON FUNCTION fcr_trans(bigint[], integer) IS 'count one resolved issue into a share state: true when it took exactly one contact';
COMMENT ON FUNCTION fcr_inv(bigint[], integer) IS 'remove one resolved issue from a share state (moving-window support)';
COMMENT ON FUNCTION one_touch_trans(bigint[], integer) IS 'count one solved ticket into a share state: true when it had exactly one agent reply';
COMMENT ON FUNCTION one_touch_inv(bigint[], integer) IS 'remove one solved ticket from a share state (moving-window support)';
COMMENT ON FUNCTION share_false_trans(bigint[], boolean) IS 'count one boolean into a share state, counting false as the success';
COMMENT ON FUNCTION share_false_inv(bigint[], boolean) IS 'remove one boolean counted by share_false_trans (moving-window support)';

CREATE AGGREGATE sla_rate(elapsed interval, target interval) (
	SFUNC = sla_elapsed_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = sla_elapsed_trans, MINVFUNC = sla_elapsed_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE sla_rate(start timestamptz, stop timestamptz, target interval) (
	SFUNC = sla_instants_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = sla_instants_trans, MINVFUNC = sla_instants_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE fcr_rate(contacts integer) (
	SFUNC = fcr_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = fcr_trans, MINVFUNC = fcr_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE fcr_rate(resolved_first_contact boolean) (
	SFUNC = share_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = share_trans, MINVFUNC = share_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE one_touch_rate(agent_replies integer) (
	SFUNC = one_touch_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = one_touch_trans, MINVFUNC = one_touch_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE resolution_rate(resolved boolean) (
	SFUNC = share_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = share_trans, MINVFUNC = share_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE automation_rate(human_touched boolean) (
	SFUNC = share_false_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = share_false_trans, MINVFUNC = share_false_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);

COMMENT ON AGGREGATE sla_rate(interval, interval) IS 'SLA attainment: % of items with elapsed <= target (interval comparison); rows with a NULL elapsed or target are skipped';
COMMENT ON AGGREGATE sla_rate(timestamptz, timestamptz, interval) IS 'SLA attainment: % of items with stop <= start + target (calendar arithmetic); an item with no stop is left out until now() passes start + target, then breached';
COMMENT ON AGGREGATE fcr_rate(integer) IS 'first contact resolution: % of resolved issues resolved in exactly one contact (contacts >= 1)';
COMMENT ON AGGREGATE fcr_rate(boolean) IS 'first contact resolution: % of resolved issues flagged as resolved at first contact';
COMMENT ON AGGREGATE one_touch_rate(integer) IS 'one-touch resolution: % of solved tickets solved with exactly one agent reply (0 replies is not one-touch)';
COMMENT ON AGGREGATE resolution_rate(boolean) IS 'issue resolution rate: % of received tickets that are resolved';
COMMENT ON AGGREGATE automation_rate(boolean) IS 'automated resolution rate: % of resolved tickets no human touched, i.e. where human_touched is false';
-- ---------------------------------------------------------------------------
-- Message-log timing (src/conversation.c): first response time, reply
-- pairing, average response time.  One row per message: sent time, and
-- whether an agent sent it.  Input order never matters; at equal times agent
-- messages count as earlier, so a reply is strictly after what it answers.
-- ---------------------------------------------------------------------------

CREATE FUNCTION frt_trans(internal, timestamptz, boolean) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION frt_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION frt_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frt_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frt_final(internal) RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION frt_seconds_final(internal) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frt_trans(internal, timestamptz, boolean) IS 'transition of first_response_time: one message';
COMMENT ON FUNCTION frt_combine(internal, internal) IS 'combine two first_response_time states (parallel support)';
COMMENT ON FUNCTION frt_serialize(internal) IS 'serialize a first_response_time state (parallel support)';
COMMENT ON FUNCTION frt_deserialize(bytea, internal) IS 'deserialize a first_response_time state (parallel support)';
COMMENT ON FUNCTION frt_final(internal) IS 'final step of first_response_time: the interval, NULL while unanswered';
COMMENT ON FUNCTION frt_seconds_final(internal) IS 'final step of first_response_seconds: seconds, NULL while unanswered';

-- SSPACE: the state's size per group, so that the planner sizes hash
-- aggregation by ticket right (without it, it assumes 8 kB a group and
-- spills to disk).  First response: a 48-byte struct, rarely more.
-- Average: the struct plus about five 24-byte messages.
CREATE AGGREGATE first_response_time(sent_at timestamptz, from_agent boolean) (
	SFUNC = frt_trans, STYPE = internal, SSPACE = 64, FINALFUNC = frt_final,
	COMBINEFUNC = frt_combine, SERIALFUNC = frt_serialize,
	DESERIALFUNC = frt_deserialize, PARALLEL = SAFE
);
CREATE AGGREGATE first_response_seconds(sent_at timestamptz, from_agent boolean) (
	SFUNC = frt_trans, STYPE = internal, SSPACE = 64, FINALFUNC = frt_seconds_final,
	COMBINEFUNC = frt_combine, SERIALFUNC = frt_serialize,
	DESERIALFUNC = frt_deserialize, PARALLEL = SAFE
);
COMMENT ON AGGREGATE first_response_time(timestamptz, boolean) IS
	'first response time of a conversation: first customer message to the first agent message strictly after it; NULL while unanswered';
COMMENT ON AGGREGATE first_response_seconds(timestamptz, boolean) IS
	'first_response_time in seconds (double precision), for BI tools';

CREATE FUNCTION conv_trans(internal, timestamptz, boolean) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION conv_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION conv_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION conv_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION avg_response_final(internal) RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION avg_response_seconds_final(internal) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION conv_trans(internal, timestamptz, boolean) IS 'transition of avg_response_time: keep one message';
COMMENT ON FUNCTION conv_combine(internal, internal) IS 'combine two conversation states (parallel support)';
COMMENT ON FUNCTION conv_serialize(internal) IS 'serialize a conversation state (parallel support)';
COMMENT ON FUNCTION conv_deserialize(bytea, internal) IS 'deserialize a conversation state (parallel support)';
COMMENT ON FUNCTION avg_response_final(internal) IS 'final step of avg_response_time: mean reply wait, NULL without replies';
COMMENT ON FUNCTION avg_response_seconds_final(internal) IS 'final step of avg_response_seconds: mean reply wait in seconds';

CREATE AGGREGATE avg_response_time(sent_at timestamptz, from_agent boolean) (
	SFUNC = conv_trans, STYPE = internal, SSPACE = 192, FINALFUNC = avg_response_final,
	COMBINEFUNC = conv_combine, SERIALFUNC = conv_serialize,
	DESERIALFUNC = conv_deserialize, PARALLEL = SAFE
);
CREATE AGGREGATE avg_response_seconds(sent_at timestamptz, from_agent boolean) (
	SFUNC = conv_trans, STYPE = internal, SSPACE = 192, FINALFUNC = avg_response_seconds_final,
	COMBINEFUNC = conv_combine, SERIALFUNC = conv_serialize,
	DESERIALFUNC = conv_deserialize, PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_response_time(timestamptz, boolean) IS
	'mean reply wait of a conversation: each agent reply waits from the oldest customer message it answers';
COMMENT ON AGGREGATE avg_response_seconds(timestamptz, boolean) IS
	'avg_response_time in seconds (double precision), for BI tools';

CREATE FUNCTION response_time(sent_at timestamptz, from_agent boolean) RETURNS interval
	AS 'MODULE_PATHNAME', 'response_time_window' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION response_seconds(sent_at timestamptz, from_agent boolean) RETURNS double precision
	AS 'MODULE_PATHNAME', 'response_seconds_window' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION response_time(timestamptz, boolean) IS
	'window function over a conversation (PARTITION BY ticket): on each agent reply, the wait since the oldest customer message it answers; NULL on other rows';
COMMENT ON FUNCTION response_seconds(timestamptz, boolean) IS
	'response_time in seconds (double precision), for BI tools';
-- ---------------------------------------------------------------------------
-- Exact percentiles (src/percentile.c): duration_percentile(interval, ...)
-- and value_percentile(double precision, ...), equal to percentile_cont.
-- State: internal (every non-NULL value, in the aggregate memory context),
-- serialized to bytea between parallel workers.
-- ---------------------------------------------------------------------------

CREATE FUNCTION duration_percentile_trans(internal, interval, double precision) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_percentile_array_trans(internal, interval, double precision[]) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION value_percentile_trans(internal, double precision, double precision) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION value_percentile_array_trans(internal, double precision, double precision[]) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION percentile_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION percentile_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION percentile_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_percentile_final(internal) RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_percentile_array_final(internal) RETURNS interval[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION value_percentile_final(internal) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION value_percentile_array_final(internal) RETURNS double precision[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_percentile_trans(internal, interval, double precision) IS 'collect one duration (transition of duration_percentile with one fraction)';
COMMENT ON FUNCTION duration_percentile_array_trans(internal, interval, double precision[]) IS 'collect one duration (transition of duration_percentile with an array of fractions)';
COMMENT ON FUNCTION value_percentile_trans(internal, double precision, double precision) IS 'collect one value (transition of value_percentile with one fraction)';
COMMENT ON FUNCTION value_percentile_array_trans(internal, double precision, double precision[]) IS 'collect one value (transition of value_percentile with an array of fractions)';
COMMENT ON FUNCTION percentile_combine(internal, internal) IS 'merge two partial percentile states (parallel support)';
COMMENT ON FUNCTION percentile_serialize(internal) IS 'serialize a partial percentile state (parallel support)';
COMMENT ON FUNCTION percentile_deserialize(bytea, internal) IS 'deserialize and check a partial percentile state (parallel support)';
COMMENT ON FUNCTION duration_percentile_final(internal) IS 'select the percentile of the collected durations; NULL when none';
COMMENT ON FUNCTION duration_percentile_array_final(internal) IS 'select the percentiles of the collected durations in one pass; NULL when none';
COMMENT ON FUNCTION value_percentile_final(internal) IS 'select the percentile of the collected values; NULL when none';
COMMENT ON FUNCTION value_percentile_array_final(internal) IS 'select the percentiles of the collected values in one pass; NULL when none';

CREATE AGGREGATE duration_percentile(d interval, fraction double precision) (
	SFUNC = duration_percentile_trans, STYPE = internal,
	FINALFUNC = duration_percentile_final, COMBINEFUNC = percentile_combine,
	SERIALFUNC = percentile_serialize, DESERIALFUNC = percentile_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE duration_percentile(d interval, fractions double precision[]) (
	SFUNC = duration_percentile_array_trans, STYPE = internal,
	FINALFUNC = duration_percentile_array_final, COMBINEFUNC = percentile_combine,
	SERIALFUNC = percentile_serialize, DESERIALFUNC = percentile_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE value_percentile(x double precision, fraction double precision) (
	SFUNC = value_percentile_trans, STYPE = internal,
	FINALFUNC = value_percentile_final, COMBINEFUNC = percentile_combine,
	SERIALFUNC = percentile_serialize, DESERIALFUNC = percentile_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE value_percentile(x double precision, fractions double precision[]) (
	SFUNC = value_percentile_array_trans, STYPE = internal,
	FINALFUNC = value_percentile_array_final, COMBINEFUNC = percentile_combine,
	SERIALFUNC = percentile_serialize, DESERIALFUNC = percentile_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE duration_percentile(interval, double precision) IS 'exact percentile of durations, equal to percentile_cont(fraction) WITHIN GROUP (ORDER BY d); fraction 0-1, the same on every row';
COMMENT ON AGGREGATE duration_percentile(interval, double precision[]) IS 'exact percentiles of durations for an array of fractions, in one pass; equal to percentile_cont(fractions) WITHIN GROUP (ORDER BY d)';
COMMENT ON AGGREGATE value_percentile(double precision, double precision) IS 'exact percentile of numbers, equal to percentile_cont(fraction) WITHIN GROUP (ORDER BY x); fraction 0-1, the same on every row';
COMMENT ON AGGREGATE value_percentile(double precision, double precision[]) IS 'exact percentiles of numbers for an array of fractions, in one pass; equal to percentile_cont(fractions) WITHIN GROUP (ORDER BY x)';
-- ---------------------------------------------------------------------------
-- The duration sketch (src/duration_sketch.c, src/duration_sketch_text.c, src/duration_sketch_binary.c):
-- a mergeable histogram of durations whose percentiles are within 1 % of
-- the exact ones, with exact count, mean, minimum and maximum.
-- ---------------------------------------------------------------------------

CREATE TYPE duration_sketch;

CREATE FUNCTION duration_sketch_in(cstring) RETURNS duration_sketch
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_out(duration_sketch) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_recv(internal) RETURNS duration_sketch
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_send(duration_sketch) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Variable length (a 64-byte header and one varint per bucket), aligned for
-- its int64 header fields; the same durations always give the same bytes.
CREATE TYPE duration_sketch (
	INPUT = duration_sketch_in,
	OUTPUT = duration_sketch_out,
	RECEIVE = duration_sketch_recv,
	SEND = duration_sketch_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE duration_sketch IS
	'mergeable sketch of durations: every percentile within 1 %, exact count, mean, min and max; text form {"v":1,"a":0.01,"n":...,"counts":[...]}';
COMMENT ON FUNCTION duration_sketch_in(cstring) IS 'text input of the duration sketch';
COMMENT ON FUNCTION duration_sketch_out(duration_sketch) IS 'text output of the duration sketch';
COMMENT ON FUNCTION duration_sketch_recv(internal) IS 'binary input of the duration sketch';
COMMENT ON FUNCTION duration_sketch_send(duration_sketch) IS 'binary output of the duration sketch';

-- Aggregate support: the transition state is internal (plain int64 counts
-- in the aggregate memory context); parallel workers ship it in the
-- sketch's own validated form.
CREATE FUNCTION duration_sketch_trans(internal, interval) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_sketch_inv(internal, interval) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_sketch_rollup_trans(internal, duration_sketch) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_sketch_rollup_inv(internal, duration_sketch) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_sketch_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_sketch_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_final(internal) RETURNS duration_sketch
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION duration_sketch_trans(internal, interval) IS 'count one duration (transition of duration_agg)';
COMMENT ON FUNCTION duration_sketch_inv(internal, interval) IS 'remove one duration (moving-window support of duration_agg); NULL when the minimum or maximum would change';
COMMENT ON FUNCTION duration_sketch_rollup_trans(internal, duration_sketch) IS 'merge one duration sketch (transition of rollup)';
COMMENT ON FUNCTION duration_sketch_rollup_inv(internal, duration_sketch) IS 'remove one duration sketch (moving-window support of rollup); NULL when the minimum or maximum would change';
COMMENT ON FUNCTION duration_sketch_combine(internal, internal) IS 'merge two partial duration sketch states (parallel support)';
COMMENT ON FUNCTION duration_sketch_serialize(internal) IS 'partial duration sketch state to bytes (parallel support)';
COMMENT ON FUNCTION duration_sketch_deserialize(bytea, internal) IS 'bytes to partial duration sketch state, validated (parallel support)';
COMMENT ON FUNCTION duration_sketch_final(internal) IS 'final step of duration_agg and rollup: the canonical sketch, NULL over no duration';

CREATE AGGREGATE duration_agg(d interval) (
	SFUNC = duration_sketch_trans,
	STYPE = internal,
	SSPACE = 8192,
	FINALFUNC = duration_sketch_final,
	COMBINEFUNC = duration_sketch_combine,
	SERIALFUNC = duration_sketch_serialize,
	DESERIALFUNC = duration_sketch_deserialize,
	MSFUNC = duration_sketch_trans,
	MINVFUNC = duration_sketch_inv,
	MSTYPE = internal,
	MSSPACE = 8192,
	MFINALFUNC = duration_sketch_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_agg(interval) IS
	'duration sketch of the durations (percentiles within 1 %, exact count, mean, min, max), for two-step aggregation';

CREATE AGGREGATE rollup(duration_sketch) (
	SFUNC = duration_sketch_rollup_trans,
	STYPE = internal,
	SSPACE = 8192,
	FINALFUNC = duration_sketch_final,
	COMBINEFUNC = duration_sketch_combine,
	SERIALFUNC = duration_sketch_serialize,
	DESERIALFUNC = duration_sketch_deserialize,
	MSFUNC = duration_sketch_rollup_trans,
	MINVFUNC = duration_sketch_rollup_inv,
	MSTYPE = internal,
	MSSPACE = 8192,
	MFINALFUNC = duration_sketch_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(duration_sketch) IS
	'merge duration sketches exactly: the result equals the sketch of all their durations';

-- Accessors: plain SQL types; each duration also as seconds for BI tools.
CREATE FUNCTION percentile(duration_sketch, fraction double precision) RETURNS interval
	AS 'MODULE_PATHNAME', 'duration_sketch_percentile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION percentile(duration_sketch, fractions double precision[]) RETURNS interval[]
	AS 'MODULE_PATHNAME', 'duration_sketch_percentiles' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION percentile_seconds(duration_sketch, fraction double precision) RETURNS double precision
	AS 'MODULE_PATHNAME', 'duration_sketch_percentile_seconds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION percentile_seconds(duration_sketch, fractions double precision[]) RETURNS double precision[]
	AS 'MODULE_PATHNAME', 'duration_sketch_percentiles_seconds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mean(duration_sketch) RETURNS interval
	AS 'MODULE_PATHNAME', 'duration_sketch_mean' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mean_seconds(duration_sketch) RETURNS double precision
	AS 'MODULE_PATHNAME', 'duration_sketch_mean_seconds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_count(duration_sketch) RETURNS bigint
	AS 'MODULE_PATHNAME', 'duration_sketch_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION min_duration(duration_sketch) RETURNS interval
	AS 'MODULE_PATHNAME', 'duration_sketch_min' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION max_duration(duration_sketch) RETURNS interval
	AS 'MODULE_PATHNAME', 'duration_sketch_max' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION min_seconds(duration_sketch) RETURNS double precision
	AS 'MODULE_PATHNAME', 'duration_sketch_min_seconds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION max_seconds(duration_sketch) RETURNS double precision
	AS 'MODULE_PATHNAME', 'duration_sketch_max_seconds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION percentile(duration_sketch, double precision) IS 'estimate of percentile_disc(fraction) of the durations, within 1 % of it; NULL when empty';
COMMENT ON FUNCTION percentile(duration_sketch, double precision[]) IS 'estimates of percentile_disc for each fraction, within 1 %; NULL elements give NULL';
COMMENT ON FUNCTION percentile_seconds(duration_sketch, double precision) IS 'percentile(sketch, fraction) in seconds';
COMMENT ON FUNCTION percentile_seconds(duration_sketch, double precision[]) IS 'percentile(sketch, fractions) in seconds';
COMMENT ON FUNCTION mean(duration_sketch) IS 'exact mean duration, rounded to the microsecond; NULL when empty';
COMMENT ON FUNCTION mean_seconds(duration_sketch) IS 'exact mean duration in seconds; NULL when empty';
COMMENT ON FUNCTION sketch_count(duration_sketch) IS 'exact number of durations in a duration sketch';
COMMENT ON FUNCTION min_duration(duration_sketch) IS 'exact shortest duration; NULL when empty';
COMMENT ON FUNCTION max_duration(duration_sketch) IS 'exact longest duration; NULL when empty';
COMMENT ON FUNCTION min_seconds(duration_sketch) IS 'exact shortest duration in seconds; NULL when empty';
COMMENT ON FUNCTION max_seconds(duration_sketch) IS 'exact longest duration in seconds; NULL when empty';
-- ---------------------------------------------------------------------------
-- Business calendars (src/calendar_parse.c, src/calendar_type.c,
-- src/calendar_time.c): opening hours in local time, an IANA time zone and
-- closed dates; business time between two instants and business deadlines.
-- ---------------------------------------------------------------------------

CREATE TYPE calendar;

CREATE FUNCTION calendar_in(cstring) RETURNS calendar
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION calendar_out(calendar) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION calendar_recv(internal) RETURNS calendar
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION calendar_send(calendar) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Stored parsed (weekly ranges, zone name, sorted closed dates), in one
-- normal form, so equal calendars have equal bytes.
CREATE TYPE calendar (
	INPUT = calendar_in,
	OUTPUT = calendar_out,
	RECEIVE = calendar_recv,
	SEND = calendar_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);

COMMENT ON TYPE calendar IS
	'business calendar: opening hours per weekday in local time, a time zone and closed dates, e.g. ''mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-12-25''';
COMMENT ON FUNCTION calendar_in(cstring) IS 'text input of the calendar type';
COMMENT ON FUNCTION calendar_out(calendar) IS 'text output of the calendar type (canonical form)';
COMMENT ON FUNCTION calendar_recv(internal) IS 'binary input of the calendar type';
COMMENT ON FUNCTION calendar_send(calendar) IS 'binary output of the calendar type';

CREATE FUNCTION business_time(start timestamptz, stop timestamptz, cal calendar)
	RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION business_seconds(start timestamptz, stop timestamptz, cal calendar)
	RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION business_add(start timestamptz, amount interval, cal calendar)
	RETURNS timestamptz
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION business_time(timestamptz, timestamptz, calendar) IS
	'open time of the calendar in [start, stop), as an interval of hours (an error if stop < start)';
COMMENT ON FUNCTION business_seconds(timestamptz, timestamptz, calendar) IS
	'business_time in seconds (double precision), for BI tools';
COMMENT ON FUNCTION business_add(timestamptz, interval, calendar) IS
	'business deadline: the earliest instant at which amount (hours, no days or months) of open time has passed since start';
-- ---------------------------------------------------------------------------
-- Calendar-aware timing (src/conversation.c, src/conversation_window.c,
-- src/conversation_calendar.c, src/rates.c): the timing metrics with a
-- business calendar as their last argument measure business time.  Declared
-- after the calendar type (70_calendar.sql).  The transition functions are
-- the calendar-time ones, which read the extra argument when it is there.
-- ---------------------------------------------------------------------------

CREATE FUNCTION frt_trans(internal, timestamptz, boolean, calendar) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION conv_trans(internal, timestamptz, boolean, calendar) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION frt_trans(internal, timestamptz, boolean, calendar) IS 'transition of first_response_time with a calendar: one message';
COMMENT ON FUNCTION conv_trans(internal, timestamptz, boolean, calendar) IS 'transition of avg_response_time with a calendar: keep one message';

CREATE AGGREGATE first_response_time(sent_at timestamptz, from_agent boolean, cal calendar) (
	SFUNC = frt_trans, STYPE = internal, SSPACE = 64, FINALFUNC = frt_final,
	COMBINEFUNC = frt_combine, SERIALFUNC = frt_serialize,
	DESERIALFUNC = frt_deserialize, PARALLEL = SAFE
);
CREATE AGGREGATE first_response_seconds(sent_at timestamptz, from_agent boolean, cal calendar) (
	SFUNC = frt_trans, STYPE = internal, SSPACE = 64, FINALFUNC = frt_seconds_final,
	COMBINEFUNC = frt_combine, SERIALFUNC = frt_serialize,
	DESERIALFUNC = frt_deserialize, PARALLEL = SAFE
);
CREATE AGGREGATE avg_response_time(sent_at timestamptz, from_agent boolean, cal calendar) (
	SFUNC = conv_trans, STYPE = internal, SSPACE = 192, FINALFUNC = avg_response_final,
	COMBINEFUNC = conv_combine, SERIALFUNC = conv_serialize,
	DESERIALFUNC = conv_deserialize, PARALLEL = SAFE
);
CREATE AGGREGATE avg_response_seconds(sent_at timestamptz, from_agent boolean, cal calendar) (
	SFUNC = conv_trans, STYPE = internal, SSPACE = 192, FINALFUNC = avg_response_seconds_final,
	COMBINEFUNC = conv_combine, SERIALFUNC = conv_serialize,
	DESERIALFUNC = conv_deserialize, PARALLEL = SAFE
);
COMMENT ON AGGREGATE first_response_time(timestamptz, boolean, calendar) IS
	'first response time in business time of the calendar; NULL while unanswered';
COMMENT ON AGGREGATE first_response_seconds(timestamptz, boolean, calendar) IS
	'first response time in business seconds (double precision)';
COMMENT ON AGGREGATE avg_response_time(timestamptz, boolean, calendar) IS
	'mean reply wait in business time of the calendar';
COMMENT ON AGGREGATE avg_response_seconds(timestamptz, boolean, calendar) IS
	'mean reply wait in business seconds (double precision)';

CREATE FUNCTION response_time(sent_at timestamptz, from_agent boolean, cal calendar) RETURNS interval
	AS 'MODULE_PATHNAME', 'response_time_window' LANGUAGE C WINDOW STABLE PARALLEL SAFE;
CREATE FUNCTION response_seconds(sent_at timestamptz, from_agent boolean, cal calendar) RETURNS double precision
	AS 'MODULE_PATHNAME', 'response_seconds_window' LANGUAGE C WINDOW STABLE PARALLEL SAFE;
COMMENT ON FUNCTION response_time(timestamptz, boolean, calendar) IS
	'window function: on each agent reply, its wait in business time of the calendar; NULL on other rows';
COMMENT ON FUNCTION response_seconds(timestamptz, boolean, calendar) IS
	'response_time with a calendar, in business seconds (double precision)';

CREATE FUNCTION sla_instants_trans(bigint[], timestamptz, timestamptz, interval, calendar) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION sla_instants_inv(bigint[], timestamptz, timestamptz, interval, calendar) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION sla_instants_trans(bigint[], timestamptz, timestamptz, interval, calendar) IS 'count one item into a share state: true when its business time is within the target; an item with no stop is skipped until its business time so far passes the target, then false';
COMMENT ON FUNCTION sla_instants_inv(bigint[], timestamptz, timestamptz, interval, calendar) IS 'remove one start/stop/target/calendar item from a share state (moving-window support)';

CREATE AGGREGATE sla_rate(start timestamptz, stop timestamptz, target interval, cal calendar) (
	SFUNC = sla_instants_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = sla_instants_trans, MINVFUNC = sla_instants_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
COMMENT ON AGGREGATE sla_rate(timestamptz, timestamptz, interval, calendar) IS
	'% of items whose business time from start to stop is within the target; open items are left out until their business time so far passes it';
-- ---------------------------------------------------------------------------
-- Timelines of things that open and close (src/timeline.c,
-- src/timeline_io.c, src/timeline_rates.c): backlog, opened, closed, lost,
-- retention and churn per period of a generate_series-like grid, in one
-- pass; the mergeable timeline state; single-period retention and churn.
-- ---------------------------------------------------------------------------

CREATE TYPE timeline;

CREATE FUNCTION timeline_in(cstring) RETURNS timeline
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_out(timeline) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_recv(internal) RETURNS timeline
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_send(timeline) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Variable length (32 bytes a period); built from zeroed memory, so the
-- same items give the same bytes.  Bounds are absolute instants, so the
-- value means the same in every session and time zone.
CREATE TYPE timeline (
	INPUT = timeline_in,
	OUTPUT = timeline_out,
	RECEIVE = timeline_recv,
	SEND = timeline_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE timeline IS
	'items that open and close, counted per period of a grid: open at the start, then opened/closed/lost per period; text ''periods=1 at_start=2 2025-01-01T00:00:00Z 3/1/1 2025-01-02T00:00:00Z''; read it with periods(), merge with rollup()';
COMMENT ON FUNCTION timeline_in(cstring) IS 'text input of the timeline type';
COMMENT ON FUNCTION timeline_out(timeline) IS 'text output of the timeline type (canonical, bounds in UTC)';
COMMENT ON FUNCTION timeline_recv(internal) IS 'binary input of the timeline type';
COMMENT ON FUNCTION timeline_send(timeline) IS 'binary output of the timeline type';

-- Not strict (a NULL closed_at is an open item); stable, as the grid
-- follows the session's TimeZone.
CREATE FUNCTION timeline_trans(internal, timestamptz, timestamptz, timestamptz, timestamptz, interval)
	RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION timeline_rollup_trans(internal, timeline) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION timeline_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION timeline_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_final(internal) RETURNS timeline
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION timeline_trans(internal, timestamptz, timestamptz, timestamptz, timestamptz, interval) IS
	'transition of timeline_agg: count one item (opened_at, closed_at) on the grid (start, stop, step)';
COMMENT ON FUNCTION timeline_rollup_trans(internal, timeline) IS 'transition of rollup(timeline): merge one timeline';
COMMENT ON FUNCTION timeline_combine(internal, internal) IS 'combine two timeline states (parallel support)';
COMMENT ON FUNCTION timeline_serialize(internal) IS 'serialize a timeline state (parallel support)';
COMMENT ON FUNCTION timeline_deserialize(bytea, internal) IS 'deserialize a timeline state (parallel support)';
COMMENT ON FUNCTION timeline_final(internal) IS 'final step of timeline_agg and rollup(timeline): the timeline, NULL over no item';

-- SSPACE: a daily timeline over a year (32 bytes a period), so that hash
-- aggregation is sized right.
CREATE AGGREGATE timeline_agg(opened_at timestamptz, closed_at timestamptz,
							  start timestamptz, stop timestamptz, step interval) (
	SFUNC = timeline_trans, STYPE = internal, SSPACE = 12000,
	FINALFUNC = timeline_final, COMBINEFUNC = timeline_combine,
	SERIALFUNC = timeline_serialize, DESERIALFUNC = timeline_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE timeline_agg(timestamptz, timestamptz, timestamptz, timestamptz, interval) IS
	'timeline of items open from opened_at until closed_at (NULL: still open), per period of generate_series(start, stop, step) in the session TimeZone, stop excluded; read it with periods()';

CREATE AGGREGATE rollup(timeline) (
	SFUNC = timeline_rollup_trans, STYPE = internal, SSPACE = 12000,
	FINALFUNC = timeline_final, COMBINEFUNC = timeline_combine,
	SERIALFUNC = timeline_serialize, DESERIALFUNC = timeline_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(timeline) IS
	'merge timelines of the same grid exactly (teams to the company, months to a year of the same grid); a different grid is an error';

CREATE FUNCTION periods(tl timeline,
		OUT period_start timestamptz, OUT period_end timestamptz,
		OUT at_start bigint, OUT opened bigint, OUT closed bigint, OUT lost bigint,
		OUT at_end bigint, OUT retention_rate double precision, OUT churn_rate double precision)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'timeline_periods' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION periods(timeline) IS
	'one row per period of a timeline: items open at its start and end, opened, closed and lost in it, retention and churn rates in % (NULL when nothing is open at the start)';

-- Single-period rates.  State: int8[8] {rows, at_start, opened, closed,
-- lost, has_period, period_start, period_end}.
CREATE FUNCTION period_rates_trans(bigint[], timestamptz, timestamptz, timestamptz, timestamptz)
	RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION period_rates_inv(bigint[], timestamptz, timestamptz, timestamptz, timestamptz)
	RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION period_rates_combine(bigint[], bigint[]) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION retention_rate_final(bigint[]) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION churn_rate_final(bigint[]) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION period_rates_trans(bigint[], timestamptz, timestamptz, timestamptz, timestamptz) IS
	'transition of retention_rate and churn_rate: count one item in the period';
COMMENT ON FUNCTION period_rates_inv(bigint[], timestamptz, timestamptz, timestamptz, timestamptz) IS
	'remove one item from a period rate state (moving-window support)';
COMMENT ON FUNCTION period_rates_combine(bigint[], bigint[]) IS 'merge two period rate states of the same period (parallel support)';
COMMENT ON FUNCTION retention_rate_final(bigint[]) IS 'period rate state to the retention rate ((E - N) / S) * 100; NULL when S = 0';
COMMENT ON FUNCTION churn_rate_final(bigint[]) IS 'period rate state to the churn rate (lost / S) * 100; NULL when S = 0';

CREATE AGGREGATE retention_rate(started_at timestamptz, ended_at timestamptz,
								period_start timestamptz, period_end timestamptz) (
	SFUNC = period_rates_trans, STYPE = bigint[], INITCOND = '{0,0,0,0,0,0,0,0}',
	FINALFUNC = retention_rate_final, COMBINEFUNC = period_rates_combine,
	MSFUNC = period_rates_trans, MINVFUNC = period_rates_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0,0,0,0,0,0,0}', MFINALFUNC = retention_rate_final, PARALLEL = SAFE
);
CREATE AGGREGATE churn_rate(started_at timestamptz, ended_at timestamptz,
							period_start timestamptz, period_end timestamptz) (
	SFUNC = period_rates_trans, STYPE = bigint[], INITCOND = '{0,0,0,0,0,0,0,0}',
	FINALFUNC = churn_rate_final, COMBINEFUNC = period_rates_combine,
	MSFUNC = period_rates_trans, MINVFUNC = period_rates_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0,0,0,0,0,0,0}', MFINALFUNC = churn_rate_final, PARALLEL = SAFE
);
COMMENT ON AGGREGATE retention_rate(timestamptz, timestamptz, timestamptz, timestamptz) IS
	'customer retention rate of [period_start, period_end) in %: ((E - N) / S) * 100 with S active at the start, N started in it, E active at its end; NULL when S = 0';
COMMENT ON AGGREGATE churn_rate(timestamptz, timestamptz, timestamptz, timestamptz) IS
	'churn rate of [period_start, period_end) in %: items active at the start that ended in the period / items active at the start * 100; NULL when S = 0';
-- ---------------------------------------------------------------------------
-- Time in status (src/status.c): from a ticket's status history (one row per
-- change, grouped by ticket, any order), the total time spent in the counted
-- statuses; each status lasts until the next change, the latest until now().
-- At equal change times the statuses are ordered by their text in byte order
-- (COLLATE "C") and only the last of them lasts.  With a calendar, business
-- time only.
-- ---------------------------------------------------------------------------

CREATE FUNCTION time_in_status_trans(internal, timestamptz, text, text[]) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION time_in_status_trans(internal, timestamptz, text, text[], calendar) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION time_in_status_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION time_in_status_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION time_in_status_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- stable: the latest status lasts until the transaction time
CREATE FUNCTION time_in_status_final(internal) RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION time_in_status_seconds_final(internal) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION time_in_status_trans(internal, timestamptz, text, text[]) IS 'transition of time_in_status: keep one status change';
COMMENT ON FUNCTION time_in_status_trans(internal, timestamptz, text, text[], calendar) IS 'transition of time_in_status with a calendar: keep one status change';
COMMENT ON FUNCTION time_in_status_combine(internal, internal) IS 'combine two time_in_status states (parallel support)';
COMMENT ON FUNCTION time_in_status_serialize(internal) IS 'serialize a time_in_status state (parallel support)';
COMMENT ON FUNCTION time_in_status_deserialize(bytea, internal) IS 'deserialize a time_in_status state (parallel support)';
COMMENT ON FUNCTION time_in_status_final(internal) IS 'final step of time_in_status: the total time in counted statuses as an interval';
COMMENT ON FUNCTION time_in_status_seconds_final(internal) IS 'final step of time_in_status_seconds: the total time in counted statuses in seconds';

-- SSPACE: the state's size per group, so that the planner sizes hash
-- aggregation by ticket right: one 128-byte allocation holding up to nine
-- changes, its header, and a share of the longer histories.
CREATE AGGREGATE time_in_status(changed_at timestamptz, status text, counted text[]) (
	SFUNC = time_in_status_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = time_in_status_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE time_in_status(changed_at timestamptz, status text, counted text[], cal calendar) (
	SFUNC = time_in_status_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = time_in_status_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE time_in_status_seconds(changed_at timestamptz, status text, counted text[]) (
	SFUNC = time_in_status_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = time_in_status_seconds_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE time_in_status_seconds(changed_at timestamptz, status text, counted text[], cal calendar) (
	SFUNC = time_in_status_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = time_in_status_seconds_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE time_in_status(timestamptz, text, text[]) IS
	'total time a ticket spent in the counted statuses: each status lasts until the next change, the latest until now(); at equal times statuses order by text (byte order); 0 if never counted, NULL without rows';
COMMENT ON AGGREGATE time_in_status(timestamptz, text, text[], calendar) IS
	'time_in_status in business time of the calendar (an interval of hours, as business_time gives)';
COMMENT ON AGGREGATE time_in_status_seconds(timestamptz, text, text[]) IS
	'time_in_status in seconds (double precision), for BI tools';
COMMENT ON AGGREGATE time_in_status_seconds(timestamptz, text, text[], calendar) IS
	'time_in_status in business seconds of the calendar (double precision)';
-- ---------------------------------------------------------------------------
-- Contact-centre rates (src/contact_centre.c): service level and abandonment
-- rate over offered contacts (wait, answered).  Shares of true in the share
-- state int8[2] {true_count, count} (30_share.sql): % 0-100, NULL over no
-- counted row, parallel and moving-window support.  Rows with a NULL
-- argument are skipped.
-- ---------------------------------------------------------------------------

CREATE FUNCTION service_level_trans(bigint[], interval, boolean, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION service_level_inv(bigint[], interval, boolean, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION service_level_trans(bigint[], interval, boolean, interval, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION service_level_inv(bigint[], interval, boolean, interval, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION abandonment_trans(bigint[], interval, boolean, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION abandonment_inv(bigint[], interval, boolean, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_level_trans(bigint[], interval, boolean, interval) IS 'count one offered contact into a share state: true when answered with wait <= threshold';
COMMENT ON FUNCTION service_level_inv(bigint[], interval, boolean, interval) IS 'remove one offered contact counted by service_level_trans (moving-window support)';
COMMENT ON FUNCTION service_level_trans(bigint[], interval, boolean, interval, interval) IS 'count one offered contact into a share state: true when answered with wait <= threshold; abandoned with wait < short_abandon: left out';
COMMENT ON FUNCTION service_level_inv(bigint[], interval, boolean, interval, interval) IS 'remove one offered contact counted by service_level_trans with a short-abandon limit (moving-window support)';
COMMENT ON FUNCTION abandonment_trans(bigint[], interval, boolean, interval) IS 'count one offered contact into a share state: true when abandoned; abandoned with wait < short_abandon: left out';
COMMENT ON FUNCTION abandonment_inv(bigint[], interval, boolean, interval) IS 'remove one offered contact counted by abandonment_trans (moving-window support)';

CREATE AGGREGATE service_level(wait interval, answered boolean, threshold interval) (
	SFUNC = service_level_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = service_level_trans, MINVFUNC = service_level_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE service_level(wait interval, answered boolean, threshold interval, short_abandon interval) (
	SFUNC = service_level_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = service_level_trans, MINVFUNC = service_level_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
-- abandonment_rate(answered) is the share of false: share_false_trans
-- (40_rates.sql)
CREATE AGGREGATE abandonment_rate(answered boolean) (
	SFUNC = share_false_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = share_false_trans, MINVFUNC = share_false_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE abandonment_rate(wait interval, answered boolean, short_abandon interval) (
	SFUNC = abandonment_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = abandonment_trans, MINVFUNC = abandonment_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);

COMMENT ON AGGREGATE service_level(interval, boolean, interval) IS
	'service level: % of offered contacts answered with wait <= threshold; abandoned contacts count against it';
COMMENT ON AGGREGATE service_level(interval, boolean, interval, interval) IS
	'service level without short abandons: contacts abandoned with wait < short_abandon are left out of the offered count';
COMMENT ON AGGREGATE abandonment_rate(boolean) IS
	'abandonment rate: % of offered contacts not answered';
COMMENT ON AGGREGATE abandonment_rate(interval, boolean, interval) IS
	'abandonment rate without short abandons: % of offered contacts not answered, contacts abandoned with wait < short_abandon left out';
