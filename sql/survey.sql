-- survey.sql: survey metric aggregates, hand-checked values and bad input.
-- Values were worked out by hand (and the confidence bounds with Python's
-- statistics.NormalDist), then written here as literals.

CREATE TEMP TABLE r (score int);
-- promoters 10, 9, 9; passives 8, 7; detractors 6, 0; one NULL (not a response)
INSERT INTO r VALUES (10), (9), (9), (8), (7), (6), (0), (NULL);

-- NPS = 100 * (3 - 2) / 7 = 14.285714285714...
SELECT round(nps(score)::numeric, 9) AS nps FROM r;
-- margin: p = 3/7, d = 2/7, 1.96 * 100 * sqrt(((p + d) - (p - d)^2) / 7) = 61.70786056...
SELECT round(nps_margin(score)::numeric, 6) AS nps_margin FROM r;
SELECT round(nps_margin(survey_agg(score), 0.95)::numeric, 6) AS margin_95,
	   round(nps_margin(survey_agg(score))::numeric, 6) AS margin_default FROM r;
-- all promoters: +100 and a margin of 0; all detractors: -100
SELECT nps(s), nps_margin(s) FROM (VALUES (9), (10)) v(s);
SELECT nps(s) FROM (VALUES (0), (6), (3)) v(s);
-- eNPS is the same function over employees' answers
SELECT nps(s) AS enps FROM (VALUES (10), (5)) v(s);

-- CSAT on 1-5: top two boxes (4, 5) over all responses: 3 of 6 = 50
CREATE TEMP TABLE c (score int);
INSERT INTO c VALUES (5), (4), (3), (2), (1), (5), (NULL);
SELECT csat(score) FROM c;
-- Wilson 95% interval of 3/6: 18.7616306483 .. 81.2383693517
SELECT round(csat_lower(score)::numeric, 8) AS lower, round(csat_upper(score)::numeric, 8) AS upper FROM c;
-- at 99%: 13.76725497 .. 86.23274503
SELECT round(csat_lower(survey_agg(score), 0.99)::numeric, 8) AS lower99,
	   round(csat_upper(survey_agg(score), 0.99)::numeric, 8) AS upper99 FROM c;
-- the published example 81 of 263 satisfied: 25.5289 .. 36.6210
SELECT round(csat_lower(s)::numeric, 4), round(csat_upper(s)::numeric, 4)
FROM (SELECT CASE WHEN i <= 81 THEN 5 ELSE 2 END FROM generate_series(1, 263) i) v(s);
-- every response satisfied: 100 %, and the interval does not collapse
SELECT csat(s), round(csat_lower(s)::numeric, 4) AS lower, csat_upper(s) AS upper
FROM (VALUES (4), (5), (5)) v(s);

-- CES: mean of 1-7: (1 + 2 + 7 + 7) / 4 = 4.25
SELECT ces(s) FROM (VALUES (1), (2), (7), (7), (NULL)) v(s);

-- stars: 1 and 2 are negative (2 of 5 = 40 %), 4 and 5 positive (40 %)
SELECT negative_feedback_rate(s), positive_review_rate(s)
FROM (VALUES (1), (2), (3), (4), (5)) v(s);

-- empty input and NULL-only input give NULL, never 0 or an error
SELECT nps(s), nps_margin(s), csat(s), csat_lower(s), csat_upper(s), ces(s),
	   negative_feedback_rate(s), positive_review_rate(s), survey_agg(s)
FROM (SELECT NULL::int WHERE false) v(s);
SELECT nps(s), nps_margin(s), csat(s), ces(s), survey_agg(s)
FROM (VALUES (NULL::int), (NULL)) v(s);
-- grouped: a group of NULLs is NULL, the other is computed
SELECT g, nps(s) FROM (VALUES (1, NULL::int), (2, 10), (2, 0), (2, 9)) v(g, s)
GROUP BY g ORDER BY g;

-- bad input: a score off the scale is an error naming the value
SELECT nps(s) FROM (VALUES (11)) v(s);
-- the SQLSTATE is 22003 (numeric value out of range)
\set VERBOSITY sqlstate
SELECT nps(s) FROM (VALUES (11)) v(s);
\set VERBOSITY default
SELECT nps(s) FROM (VALUES (-1)) v(s);
SELECT nps_margin(s) FROM (VALUES (10), (12)) v(s);
SELECT survey_agg(s) FROM (VALUES (11)) v(s);
SELECT csat(s) FROM (VALUES (0)) v(s);
SELECT csat(s) FROM (VALUES (6)) v(s);
SELECT csat_lower(s) FROM (VALUES (7)) v(s);
SELECT ces(s) FROM (VALUES (8)) v(s);
SELECT ces(s) FROM (VALUES (0)) v(s);
SELECT negative_feedback_rate(s) FROM (VALUES (6)) v(s);
SELECT positive_review_rate(s) FROM (VALUES (0)) v(s);
SELECT nps(s) FROM (VALUES (2147483647)) v(s);
-- confidence levels must lie strictly between 0 and 1
SELECT nps_margin(survey_agg(s), 1) FROM (VALUES (9)) v(s);
SELECT nps_margin(survey_agg(s), 0) FROM (VALUES (9)) v(s);
SELECT csat_lower(survey_agg(s), 'NaN') FROM (VALUES (5)) v(s);
SELECT csat_upper(survey_agg(s), -0.5) FROM (VALUES (5)) v(s);
-- extreme but valid levels work: z(0.5) = 0.6744897502, z(0.999999) = 4.8916384757
SELECT round(nps_margin('n=2 0:1 10:1'::survey, 0.5)::numeric, 8) AS m50,
	   round(nps_margin('n=2 0:1 10:1'::survey, 0.999999)::numeric, 8) AS m999999;
