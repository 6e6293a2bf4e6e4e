-- parallel.sql: every aggregate runs in a parallel plan (Partial Aggregate
-- in the workers, combined in the leader) and gives the serial answer.

-- shared helpers (test/lib.sql): pg_temp.uses_partial_aggregate(query)
\set ECHO none
\i test/lib.sql
\set ECHO all

CREATE TABLE par AS
SELECT g, ((g * 7919) % 11)::int AS score, (1 + (g * 104729) % 5)::int AS csat_score,
	   (1 + (g * 15485863) % 7)::int AS ces_score, (g % 3 = 0) AS good, g % 50 AS grp
FROM generate_series(1::bigint, 200000) g;
ANALYZE par;


-- the query under test: every aggregate, overall and per group
CREATE TEMP VIEW all_metrics AS
SELECT nps(score), nps_margin(score), survey_agg(score)::text AS state,
	   csat(csat_score), csat_lower(csat_score), csat_upper(csat_score),
	   ces(ces_score), negative_feedback_rate(csat_score), positive_review_rate(csat_score),
	   pct(good), csat(good) AS csat_good, csat_lower(good) AS lower_good,
	   csat_upper(good) AS upper_good
FROM par;
CREATE TEMP VIEW grouped_metrics AS
SELECT grp, nps(score), survey_agg(score)::text AS state, pct(good), ces(ces_score)
FROM par GROUP BY grp;

SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_all AS SELECT * FROM all_metrics;
CREATE TEMP TABLE serial_grouped AS SELECT * FROM grouped_metrics;
CREATE TABLE serial_daily AS SELECT grp, survey_agg(score) AS st FROM par GROUP BY grp;
SELECT pg_temp.uses_partial_aggregate('SELECT * FROM all_metrics') AS serial_is_partial;

SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT pg_temp.uses_partial_aggregate('SELECT * FROM all_metrics') AS all_partial,
	   pg_temp.uses_partial_aggregate('SELECT * FROM grouped_metrics') AS grouped_partial,
	   pg_temp.uses_partial_aggregate('SELECT rollup(st) FROM serial_daily') AS rollup_partial;
EXPLAIN (COSTS OFF) SELECT nps(score) FROM par;

-- parallel results equal the serial ones exactly (same counts, same
-- arithmetic), with and without the leader taking part
SELECT (SELECT row(a.*)::text FROM all_metrics a) = (SELECT row(s.*)::text FROM serial_all s) AS all_equal;
SELECT count(*) AS groups, bool_and(row(g.*)::text = row(s.*)::text) AS grouped_equal
FROM grouped_metrics g JOIN serial_grouped s USING (grp);
SELECT (SELECT rollup(st) FROM serial_daily)::text = (SELECT state FROM serial_all) AS rollup_equal;
SET parallel_leader_participation = off;
SELECT (SELECT row(a.*)::text FROM all_metrics a) = (SELECT row(s.*)::text FROM serial_all s) AS all_equal_workers_only;

-- and the serial results are the hand formula's
SELECT nps = 100.0 * (count(*) FILTER (WHERE p.score >= 9) - count(*) FILTER (WHERE p.score <= 6)) / count(*)
	AS nps_matches_formula
FROM serial_all, par p GROUP BY nps;
