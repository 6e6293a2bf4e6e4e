-- survey_change.sql: nps_change and csat_change ("is a change real?").
-- Published worked examples, hand computations (the normal quantiles and
-- tails with Python's statistics.NormalDist), bad input, use over rollup()
-- of a materialized view in serial and parallel plans, and a simulation of
-- 2000 pairs of samples whose rejection rate, power and interval coverage
-- must match the theory within a stated binomial tolerance.

-- shared helpers: pg_temp.uniform(key, stream), pg_temp.error_of(query),
-- pg_temp.plan_line_like(query, pattern)
\set ECHO none
\i test/lib.sql
\set ECHO all
SET jit = off;
SET extra_float_digits = 0;

-- A CSAT state of x satisfied (5) out of n (the rest 1).
CREATE FUNCTION pg_temp.csat_state(x int, n int) RETURNS survey LANGUAGE sql AS
$$ SELECT format('n=%s 1:%s 5:%s', n, n - x, x)::survey $$;

-- ---------------------------------------------------------------------------
-- CSAT interval: Newcombe's hybrid score interval (method 10)
-- ---------------------------------------------------------------------------

-- R. G. Newcombe, "Interval estimation for the difference between
-- independent proportions: comparison of eleven methods", Statistics in
-- Medicine 17 (1998) 873-890, Table II, method 10 (95 %):
--   (a) 56/70 - 48/80 = 0.2000: 0.0524 to 0.3339
--   (b) 9/10 - 3/10 = 0.6000: 0.1705 to 0.8090
-- csat_change(a, b) is b - a, in percentage points.
SELECT round(difference::numeric, 2) AS difference,
	   round(lower::numeric, 2) AS lower, round(upper::numeric, 2) AS upper, n_a, n_b
FROM csat_change(pg_temp.csat_state(48, 80), pg_temp.csat_state(56, 70));
SELECT round(difference::numeric, 2) AS difference,
	   round(lower::numeric, 2) AS lower, round(upper::numeric, 2) AS upper
FROM csat_change(pg_temp.csat_state(3, 10), pg_temp.csat_state(9, 10));
-- margin is half the width, and the interval is not symmetric about the
-- difference: (33.3873 - 5.2431) / 2 = 14.0721
SELECT round(margin::numeric, 4) AS margin,
	   round((upper - difference)::numeric, 4) AS above, round((difference - lower)::numeric, 4) AS below
FROM csat_change(pg_temp.csat_state(48, 80), pg_temp.csat_state(56, 70));

-- Zero counts, by hand: the Wilson interval of 0/n is [0, z^2 / (n + z^2)],
-- 3.841459 / 13.841459 = 0.277533 for n = 10 and 3.841459 / 23.841459 =
-- 0.161125 for n = 20.  0/10 - 0/20: lower = 0 - sqrt(0^2 + 0.161125^2),
-- upper = 0 + sqrt(0.277533^2 + 0^2): -16.11 .. 27.75 (the interval does not
-- collapse, unlike Wald's 0 .. 0); both shares 0, so the pooled standard
-- error is 0 and the p-value 1.
SELECT difference, round(lower::numeric, 2) AS lower, round(upper::numeric, 2) AS upper, p_value
FROM csat_change(pg_temp.csat_state(0, 20), pg_temp.csat_state(0, 10));
-- all satisfied against none: 10/10 - 0/10: lower = 1 - sqrt((1 -
-- 0.722467)^2 + 0.277533^2) = 1 - 0.392495 = 0.6075; upper 1 exactly, never
-- above 100.
SELECT difference, round(lower::numeric, 2) AS lower, upper
FROM csat_change(pg_temp.csat_state(0, 10), pg_temp.csat_state(10, 10));
-- both all satisfied: no difference, p-value 1 (what Fisher's exact test of
-- the 2x2 table gives: only one table has these margins)
SELECT difference, p_value, round(lower::numeric, 2) AS lower, round(upper::numeric, 2) AS upper
FROM csat_change(pg_temp.csat_state(10, 10), pg_temp.csat_state(20, 20));

-- ---------------------------------------------------------------------------
-- CSAT p-value: the pooled two-proportion z-test
-- ---------------------------------------------------------------------------

-- usablestats.com, "Ask Stats" question 866 (Jeff Sauro): 118 of 3303
-- against 80 of 3303; pooled share 198/6606 = 0.02997, SE = 0.004196,
-- z = 0.01150 / 0.004196 = 2.742, two-sided p = 0.00611.
SELECT round(difference::numeric, 3) AS difference_points, round(p_value::numeric, 5) AS p_value
FROM csat_change(pg_temp.csat_state(80, 3303), pg_temp.csat_state(118, 3303));
-- the p-value is the same whichever state comes first; the difference and
-- the interval change sign
SELECT round(a.p_value::numeric, 12) = round(b.p_value::numeric, 12) AS same_p,
	   round((a.lower + b.upper)::numeric, 12) AS lower_plus_upper
FROM csat_change(pg_temp.csat_state(80, 3303), pg_temp.csat_state(118, 3303)) a,
	 csat_change(pg_temp.csat_state(118, 3303), pg_temp.csat_state(80, 3303)) b;
-- Independent plain-SQL z of the Newcombe example (a): pooled 104/150,
-- z = 0.2 / sqrt(p (1 - p) (1/70 + 1/80)) = 2.6502 (the score statistic at
-- a difference of 0, which the cicalc R package's tests print for this
-- table as 2.65, one-sided p 0.004); two-sided 2 * (1 - Phi(2.6502)) =
-- 0.00805.
SELECT round((0.2 / sqrt(104 / 150.0 * (46 / 150.0) * (1 / 70.0 + 1 / 80.0)))::numeric, 4) AS z_by_hand,
	   round(p_value::numeric, 5) AS p_value
FROM csat_change(pg_temp.csat_state(48, 80), pg_temp.csat_state(56, 70));

-- ---------------------------------------------------------------------------
-- NPS: z-test with nps_margin's variance
-- ---------------------------------------------------------------------------

-- No NPS difference test with this variance and published numbers was
-- found (MeasuringU's "How to Statistically Compare Two Net Promoter
-- Scores" uses adjusted-Wald counts, a different method), so by hand:
-- a: 200 responses, 100 promoters, 60 passives, 40 detractors: NPS 30,
--    variance (0.5 + 0.2) - 0.3^2 = 0.61;
-- b: 150 responses, 60 promoters, 45 passives, 45 detractors: NPS 10,
--    variance (0.4 + 0.3) - 0.1^2 = 0.69;
-- difference -20; SE = 100 * sqrt(0.61/200 + 0.69/150) = 8.746428;
-- margin 1.959964 * 8.746428 = 17.142684: -37.1427 .. -2.8573;
-- z = -2.286648, two-sided p = 0.022216.
SELECT difference, round(margin::numeric, 4) AS margin, round(lower::numeric, 4) AS lower,
	   round(upper::numeric, 4) AS upper, round(p_value::numeric, 6) AS p_value, n_a, n_b
FROM nps_change('n=200 3:40 8:60 10:100', 'n=150 3:45 8:45 10:60');
-- at 99 %: 2.575829 * 8.746428 = 22.529305; the p-value does not depend on
-- the level
SELECT round(margin::numeric, 4) AS margin_99, round(p_value::numeric, 6) AS p_value
FROM nps_change('n=200 3:40 8:60 10:100', 'n=150 3:45 8:45 10:60', 0.99);
-- independent check: the margins of the two NPS add in quadrature
SELECT round(c.margin::numeric, 9) = round(sqrt(nps_margin(a) ^ 2 + nps_margin(b) ^ 2)::numeric, 9) AS quadrature,
	   round(c.difference::numeric, 9) = round((nps(b) - nps(a))::numeric, 9) AS difference_is_nps_b_minus_a
FROM (VALUES ('n=200 3:40 8:60 10:100'::survey, 'n=150 3:45 8:45 10:60'::survey),
			 ('n=7 0:1 6:1 7:1 8:1 9:2 10:1', 'n=3 9:1 10:2')) v(a, b),
	 nps_change(a, b) c;

-- Zero variance.  Both all promoters: SE 0, margin 0, p-value 1 (the
-- samples are the same constant; see src/survey_change.c).  One side all
-- promoters, the other varying: the SE is the other side's alone.  All
-- promoters against all detractors: difference -200 with SE 0: the z-test
-- has no answer (d/0), so the p-value is NULL, not a false certainty.
SELECT * FROM nps_change('n=3 10:3', 'n=5 9:5');
SELECT difference, round(margin::numeric, 4) AS margin, round(margin::numeric, 4) = round(nps_margin('n=4 0:1 10:3'::survey)::numeric, 4) AS margin_is_b_alone
FROM nps_change('n=3 10:3', 'n=4 0:1 10:3');
SELECT difference, margin, lower, upper, p_value IS NULL AS p_value_is_null
FROM nps_change('n=3 10:3', 'n=1 0:1');

-- ---------------------------------------------------------------------------
-- Bad input
-- ---------------------------------------------------------------------------

\set VERBOSITY default
-- an empty state has no NPS or CSAT to compare (22023)
SELECT * FROM nps_change('n=0', 'n=1 10:1');
SELECT * FROM nps_change('n=1 10:1', 'n=0');
SELECT * FROM csat_change('n=1 5:1', 'n=0');
-- the confidence level must lie strictly between 0 and 1 (22023)
SELECT * FROM nps_change('n=1 10:1', 'n=1 0:1', 0);
SELECT * FROM nps_change('n=1 10:1', 'n=1 0:1', 1);
SELECT * FROM csat_change('n=1 5:1', 'n=1 1:1', 1.5);
SELECT * FROM csat_change('n=1 5:1', 'n=1 1:1', 'NaN');
-- CSAT needs 1-5 states on both sides: an NPS state is refused (22003)
SELECT * FROM csat_change('n=2 9:1 10:1', 'n=1 5:1');
SELECT * FROM csat_change('n=1 5:1', 'n=2 0:1 5:1');
\set VERBOSITY terse
-- SQLSTATEs
SELECT pg_temp.error_of($$SELECT nps_change('n=0', 'n=1 10:1')$$);
SELECT pg_temp.error_of($$SELECT csat_change('n=1 5:1', 'n=1 5:1', 0)$$);
SELECT pg_temp.error_of($$SELECT csat_change('n=1 9:1', 'n=1 5:1')$$);
\set VERBOSITY default
-- a NULL state (a period without responses: rollup() over no rows is NULL)
-- gives NULL, as every strict function does
SELECT nps_change(NULL, 'n=1 10:1') IS NULL AS null_a, csat_change('n=1 5:1', NULL) IS NULL AS null_b,
	   nps_change('n=1 10:1', 'n=1 10:1', NULL) IS NULL AS null_confidence;

-- ---------------------------------------------------------------------------
-- From rollup() over a materialized view of daily states
-- ---------------------------------------------------------------------------

-- 60 days of responses, two channels; May and June.
CREATE TABLE change_responses AS
SELECT date '2026-05-01' + (i % 61) AS day,
	   CASE WHEN i % 3 = 0 THEN 'email' ELSE 'chat' END AS channel,
	   (floor(pg_temp.uniform(i, 1) * 11))::int AS nps_score,
	   (1 + floor(pg_temp.uniform(i, 2) * 5))::int AS csat_score
FROM generate_series(1, 3000) i;
CREATE MATERIALIZED VIEW change_daily AS
SELECT day, channel, survey_agg(nps_score) AS nps_state, survey_agg(csat_score) AS csat_state
FROM change_responses GROUP BY day, channel;

-- the README's query shape: the two months' states rolled up with FILTER
CREATE TEMP VIEW june_vs_may AS
SELECT channel, (c).*
FROM (SELECT channel,
			 nps_change(rollup(nps_state) FILTER (WHERE day < '2026-06-01'),
						rollup(nps_state) FILTER (WHERE day >= '2026-06-01')) AS c
	  FROM change_daily GROUP BY channel) AS m;
-- equals the test over states built straight from the raw responses
CREATE TEMP VIEW raw_june_vs_may AS
SELECT channel, (nps_change(survey_agg(nps_score) FILTER (WHERE day < '2026-06-01'),
							survey_agg(nps_score) FILTER (WHERE day >= '2026-06-01'))).*
FROM change_responses GROUP BY channel;
SELECT channel, n_a, n_b, round(difference::numeric, 6) AS difference,
	   round(margin::numeric, 6) AS margin, round(p_value::numeric, 6) AS p_value
FROM june_vs_may ORDER BY channel;
SELECT count(*) AS rows_equal
FROM june_vs_may m JOIN raw_june_vs_may r USING (channel)
WHERE (m.difference, m.margin, m.lower, m.upper, m.p_value, m.n_a, m.n_b)
	  IS NOT DISTINCT FROM (r.difference, r.margin, r.lower, r.upper, r.p_value, r.n_a, r.n_b);
-- CSAT the same way, and the same in a forced parallel plan
SELECT channel, round((c).difference::numeric, 6) AS difference, round((c).lower::numeric, 6) AS lower,
	   round((c).upper::numeric, 6) AS upper, round((c).p_value::numeric, 6) AS p_value
FROM (SELECT channel, csat_change(rollup(csat_state) FILTER (WHERE day < '2026-06-01'),
								  rollup(csat_state) FILTER (WHERE day >= '2026-06-01')) AS c
	  FROM change_daily GROUP BY channel) m ORDER BY channel;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
-- without hashing the planner aggregates the raw rows partially in the
-- workers; the few rows of the view it gathers, sorted, from a parallel scan
SET enable_hashagg = off;
SELECT pg_temp.plan_line_like('SELECT * FROM june_vs_may', '%Parallel Seq Scan%') AS rollup_parallel,
	   pg_temp.plan_line_like('SELECT * FROM raw_june_vs_may', '%Partial%Aggregate%') AS raw_partial;
SELECT count(*) AS rows_equal_parallel
FROM june_vs_may m JOIN raw_june_vs_may r USING (channel)
WHERE (m.difference, m.margin, m.lower, m.upper, m.p_value, m.n_a, m.n_b)
	  IS NOT DISTINCT FROM (r.difference, r.margin, r.lower, r.upper, r.p_value, r.n_a, r.n_b);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET enable_hashagg;

-- ---------------------------------------------------------------------------
-- Simulation: size, power and coverage
-- ---------------------------------------------------------------------------

-- 2000 pairs of independent samples of 100 responses each, from our own
-- generator (fixed streams: the output is the same on every run).  One
-- uniform draw u per response, mapped to a score by the population's shares:
--   NPS population P: promoters 0.50, passives 0.30, detractors 0.20
--     (NPS 30, variance 0.61); population Q: 0.35, 0.30, 0.35 (NPS 0,
--     variance 0.70);
--   CSAT population S: satisfied 0.80; population T: satisfied 0.65.
-- Under "same" both samples of a pair come from P (or S); under "differ"
-- a from P (S) and b from Q (T).
CREATE TEMP TABLE sim AS
SELECT pair, side, pg_temp.uniform(pair * 1000 + i, side) AS u
FROM generate_series(1, 2000) pair, generate_series(1, 2) side, generate_series(1, 100) i;
CREATE TEMP TABLE sim_states AS
SELECT pair,
	   survey_agg(CASE WHEN u < 0.50 THEN 10 WHEN u < 0.80 THEN 8 ELSE 3 END) FILTER (WHERE side = 1) AS nps_a,
	   survey_agg(CASE WHEN u < 0.50 THEN 10 WHEN u < 0.80 THEN 8 ELSE 3 END) FILTER (WHERE side = 2) AS nps_same,
	   survey_agg(CASE WHEN u < 0.35 THEN 10 WHEN u < 0.65 THEN 8 ELSE 3 END) FILTER (WHERE side = 2) AS nps_differ,
	   survey_agg(CASE WHEN u < 0.80 THEN 5 ELSE 2 END) FILTER (WHERE side = 1) AS csat_a,
	   survey_agg(CASE WHEN u < 0.80 THEN 5 ELSE 2 END) FILTER (WHERE side = 2) AS csat_same,
	   survey_agg(CASE WHEN u < 0.65 THEN 5 ELSE 2 END) FILTER (WHERE side = 2) AS csat_differ
FROM sim GROUP BY pair;
CREATE TEMP TABLE sim_tests AS
SELECT 'NPS' AS metric, 'same' AS populations, 0.0 AS true_difference, 0.05 AS expected, nps_change(nps_a, nps_same) AS c FROM sim_states
UNION ALL
-- power of the z-test for a difference of 30 points: SE = 100 * sqrt(0.61/100
-- + 0.70/100) = 11.446, Phi(30/11.446 - 1.959964) + Phi(-30/11.446 -
-- 1.959964) = 0.7457
SELECT 'NPS', 'differ', -30.0, 0.7457, nps_change(nps_a, nps_differ) FROM sim_states
UNION ALL
SELECT 'CSAT', 'same', 0.0, 0.05, csat_change(csat_a, csat_same) FROM sim_states
UNION ALL
-- power of the pooled test for 15 points: pooled share 0.725, SE0 =
-- sqrt(0.725 * 0.275 * 2/100) = 0.06315, SE1 = sqrt(0.8 * 0.2/100 + 0.65 *
-- 0.35/100) = 0.06225: Phi((0.15 - 1.959964 * 0.06315) / 0.06225) = 0.6633
SELECT 'CSAT', 'differ', -15.0, 0.6633, csat_change(csat_a, csat_differ) FROM sim_states;

-- Tolerances, for 2000 independent pairs: the number of rejections at 5 %
-- (p < 0.05) is binomial; under "same" it must lie within 3 standard errors
-- of 100 (3 * sqrt(2000 * 0.05 * 0.95) = 29.2: 71..129), and the intervals
-- must cover the true difference in 1900 +/- 29.2 pairs.  Under "differ" the
-- rejection rate must be within 3 standard errors (about 0.03) of the
-- normal-theory power above, plus 0.03 for that approximation itself.
SELECT metric, populations, count(*) AS pairs,
	   count(*) FILTER (WHERE (c).p_value < 0.05) AS rejected,
	   count(*) FILTER (WHERE (c).lower <= true_difference AND true_difference <= (c).upper) AS covered,
	   CASE WHEN populations = 'same'
			THEN abs(count(*) FILTER (WHERE (c).p_value < 0.05) - 100) <= 3 * sqrt(2000 * 0.05 * 0.95)
			ELSE abs(count(*) FILTER (WHERE (c).p_value < 0.05) / 2000.0 - min(expected))
				 <= 3 * sqrt(min(expected) * (1 - min(expected)) / 2000) + 0.03 END AS rejections_ok,
	   abs(count(*) FILTER (WHERE (c).lower <= true_difference AND true_difference <= (c).upper) - 1900)
		   <= 3 * sqrt(2000 * 0.05 * 0.95) AS coverage_ok
FROM sim_tests GROUP BY metric, populations ORDER BY metric DESC, populations DESC;
-- For NPS the test and the interval use the same standard error, so they
-- agree on every pair: p < 0.05 exactly when 0 is outside the interval.
SELECT count(*) FILTER (WHERE ((c).p_value < 0.05) <> (0 < (c).lower OR (c).upper < 0)) AS disagreements
FROM sim_tests WHERE metric = 'NPS';
SET client_min_messages = warning;
DROP MATERIALIZED VIEW change_daily CASCADE;
DROP TABLE change_responses CASCADE;
