-- bench/survey.sql: benchmark of the survey aggregates (nps, survey_agg,
-- rollup) against plain SQL; run by `bash bench/run.sh survey`, or directly:
--
--   psql -X -v rows=1000000 -v runs=5 -f bench/survey.sql DBNAME
--
-- psql variables: rows (size of bench_responses, default 10000000) and runs
-- (timed runs per query after one untimed warm-up; the median is reported).
-- Creates (and leaves behind) the tables bench_responses and bench_daily.
--
-- Each query is timed in the server, by clock_timestamp() around an EXECUTE
-- in PL/pgSQL that fetches the query's single result row: no client round
-- trip, no result transfer, no EXPLAIN ANALYZE instrumentation (the
-- framework is in bench/lib.sql).

\set ON_ERROR_STOP on
\set QUIET on
\if :{?rows}
\else
	\set rows 10000000
\endif
\if :{?runs}
\else
	\set runs 5
\endif
\pset footer off
\pset null ''

SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS csmetrics;

-- The moving window runs over the first window_n rows.
SELECT least(:rows, 1000000) AS window_n \gset

-- The timing and report framework (pg_temp helpers, bench_result) and the
-- header variables jit, h_version, h_settings, h_jit.
\ir lib.sql
\echo 'csmetrics survey benchmark'
\echo :h_version
\echo :h_settings
\echo :h_jit

-- ---------------------------------------------------------------------------
-- Data: ROWS responses over 365 days, in id (= time) order; NPS-like skewed
-- scores (33% tens, 22% nines, ... 2% zeros: NPS about 36); 2% NULL scores.
-- ---------------------------------------------------------------------------

\warn '== generating' :rows 'rows'
DROP TABLE IF EXISTS bench_daily;
DROP TABLE IF EXISTS bench_responses;
CREATE TABLE bench_responses (id bigint, day date, score int);
INSERT INTO bench_responses (id, day, score)
SELECT g,
	date '2023-01-01' + ((g - 1) * 365 / :rows)::int,
	CASE WHEN pg_temp.uniform(g, 1) < 0.02 THEN NULL
		-- cumulative shares of the scores 0..9; 10 takes the rest (33%)
		ELSE width_bucket(pg_temp.uniform(g, 2),
			'{0.02,0.03,0.04,0.06,0.08,0.13,0.19,0.28,0.45,0.67}'::float8[])
	END
FROM generate_series(1, :rows::bigint) AS g;
ALTER TABLE bench_responses SET (parallel_workers = 2);
CREATE INDEX bench_responses_id ON bench_responses (id);
\warn '== VACUUM ANALYZE and cache warm-up'
VACUUM ANALYZE bench_responses;

-- The daily survey states of the rollup comparison (365 rows).  Its
-- parallel_workers also lets a forced parallel count over it measure what
-- starting a Gather costs (the default parallel_setup_cost keeps the rollup
-- itself serial).
\warn '== building bench_daily'
CREATE TABLE bench_daily AS
	SELECT day, survey_agg(score) AS s FROM bench_responses GROUP BY day;
ALTER TABLE bench_daily SET (parallel_workers = 2);
VACUUM ANALYZE bench_daily;

SELECT pg_temp.prewarm('{bench_responses,bench_responses_id,bench_daily}') AS prewarmed \gset
SELECT count(*) AS row_count, count(score) AS scored_count,
	pg_size_pretty(pg_table_size('bench_responses')) AS table_size,
	pg_size_pretty(pg_relation_size('bench_responses_id')) AS index_size,
	count(DISTINCT day) AS days
FROM bench_responses \gset
SELECT format('  rows:       %s (%s with a score, %s days)', :row_count, :scored_count, :days) AS h_rows,
	format('  table:      %s + index %s; %s', :'table_size', :'index_size', :'prewarmed') AS h_table,
	format('  timing:     median of %s interleaved runs per query, after a warm-up run; clock_timestamp() around EXECUTE in PL/pgSQL', :runs) AS h_timing
\gset
\echo :h_rows
\echo :h_table
\echo :h_timing

-- ---------------------------------------------------------------------------
-- 1. Serial: nps(score) against count(score) (the floor: one strict
--    aggregate over the column) and against the plain FILTER formula.
-- ---------------------------------------------------------------------------

SELECT 'SELECT nps(score) FROM bench_responses' AS q_nps,
	'SELECT count(score) FROM bench_responses' AS q_count,
	'SELECT 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(score) FROM bench_responses' AS q_filter
\gset

CALL pg_temp.use_settings('serial');
SELECT pg_temp.jit_use(:'q_nps') AS jit_nps, pg_temp.jit_use(:'q_filter') AS jit_filter \gset
\echo '  jit use:    serial nps(score):' :jit_nps
\echo '              serial FILTER formula:' :jit_filter
CALL pg_temp.section('serial scans, max_parallel_workers_per_gather = 0');
CALL pg_temp.bench('nps_s', 'nps(score)', 'serial', :'q_nps');
CALL pg_temp.bench('count_s', 'count(score)', 'serial', :'q_count');
CALL pg_temp.bench('filter_s', 'FILTER formula', 'serial', :'q_filter');
CALL pg_temp.ratio('nps / count', 'nps_s', 'count_s', '<= 1.25');
CALL pg_temp.ratio('FILTER / nps', 'filter_s', 'nps_s', '>= 1.5');

-- ---------------------------------------------------------------------------
-- 2. Parallel: the same with two workers (forced), and the speedup.
-- ---------------------------------------------------------------------------

CALL pg_temp.use_settings('parallel');
SELECT pg_temp.plan_shape(:'q_nps') AS shape_p, pg_temp.workers_launched(:'q_nps') AS launched_p,
	pg_temp.jit_use(:'q_nps') AS jit_nps_p \gset
\echo '              parallel nps(score):' :jit_nps_p
CALL pg_temp.section('parallel scans, 2 workers (parallel_setup_cost = parallel_tuple_cost = 0)');
CALL pg_temp.bench('nps_p', 'nps(score)', 'parallel', :'q_nps');
CALL pg_temp.bench('count_p', 'count(score)', 'parallel', :'q_count');
CALL pg_temp.ratio('nps / count', 'nps_p', 'count_p', NULL);
CALL pg_temp.ratio('nps speedup, serial / parallel', 'nps_s', 'nps_p', '>= 1.6');
CALL pg_temp.ratio('count speedup, serial / parallel', 'count_s', 'count_p', NULL);
CALL pg_temp.bench('gather', 'Gather startup: count(*) FROM bench_daily', 'parallel',
	'SELECT count(*) FROM bench_daily');
CALL pg_temp.check('check', 'nps plan: Gather, workers launched', :'launched_p', '2',
	:'shape_p' LIKE '%Gather%' AND :launched_p = 2);

-- ---------------------------------------------------------------------------
-- 3. Moving window: with an inverse transition the cost per row does not
--    depend on the frame size.  Serial, and the same plan for both frames.
-- ---------------------------------------------------------------------------

SELECT format('SELECT sum(x) FROM (SELECT nps(score) OVER (ORDER BY id ROWS 999 PRECEDING) AS x FROM bench_responses WHERE id <= %s) s', :window_n) AS q_w999,
	format('SELECT sum(x) FROM (SELECT nps(score) OVER (ORDER BY id ROWS 9 PRECEDING) AS x FROM bench_responses WHERE id <= %s) s', :window_n) AS q_w9 \gset
CALL pg_temp.use_settings('serial');
SELECT pg_temp.plan_shape(:'q_w999') AS shape_w,
	pg_temp.plan_text(:'q_w999') = pg_temp.plan_text(:'q_w9') AS same_w \gset
CALL pg_temp.section(format('moving window over id <= %s, serial', :window_n));
CALL pg_temp.bench('w999', 'nps(score) OVER (ORDER BY id ROWS 999 PRECEDING)', 'serial', :'q_w999');
CALL pg_temp.bench('w9', 'nps(score) OVER (ORDER BY id ROWS 9 PRECEDING)', 'serial', :'q_w9');
CALL pg_temp.ratio('ROWS 999 / ROWS 9', 'w999', 'w9', '<= 1.3');
CALL pg_temp.check('check', 'plan: same for both frames',
	CASE WHEN :'same_w'::boolean THEN 'same' ELSE 'DIFFERENT' END, 'same', :'same_w'::boolean);

-- ---------------------------------------------------------------------------
-- 4. Rollup: a year from 365 daily survey states against the raw rows, with
--    the session's default parallel settings.
-- ---------------------------------------------------------------------------

CALL pg_temp.use_settings('default');
SELECT pg_temp.plan_shape('SELECT nps(rollup(s)) FROM bench_daily') AS shape_r,
	pg_temp.plan_shape(:'q_nps') AS shape_raw \gset
CALL pg_temp.section('rollup of daily states, default parallel settings');
CALL pg_temp.bench('daily', 'survey_agg(score) GROUP BY day (as bench_daily)', 'default',
	'SELECT max(responses(s)) FROM (SELECT day, survey_agg(score) AS s FROM bench_responses GROUP BY day) d');
CALL pg_temp.bench('rollup', 'nps(rollup(s)) FROM bench_daily', 'default',
	'SELECT nps(rollup(s)) FROM bench_daily');
CALL pg_temp.bench('raw', 'nps(score) FROM bench_responses', 'default', :'q_nps');
CALL pg_temp.ratio('raw / rollup', 'raw', 'rollup', NULL);

\warn '== timing:' :runs 'interleaved rounds after a warm-up'
SET client_min_messages = notice;
CALL pg_temp.run(:runs);
SET client_min_messages = warning;

-- ---------------------------------------------------------------------------
-- 5. State size, JIT, and correctness.
-- ---------------------------------------------------------------------------

\warn '== correctness checks'
CALL pg_temp.section('state and settings');
SELECT max(pg_column_size(s)) AS state_size, count(*) AS daily_rows FROM bench_daily \gset
CALL pg_temp.check('check', 'pg_column_size(survey state)', :'state_size' || ' bytes', '<= 128 bytes',
	:state_size <= 128);
CALL pg_temp.check('info', 'jit', :'jit' || CASE WHEN :'jit_nps' = 'not compiled' THEN ', not used' ELSE ', used' END,
	NULL, NULL);

CALL pg_temp.section('correctness');
SELECT n.v AS nps_raw, f.v AS nps_filter
FROM (SELECT nps(score) AS v FROM bench_responses) n,
	(SELECT 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(score) AS v
	 FROM bench_responses) f \gset
CALL pg_temp.check('correct', 'nps(score) = FILTER formula',
	round(:nps_raw::numeric, 6) || ' = ' || round(:nps_filter::numeric, 6), 'equal',
	abs(:nps_raw - :nps_filter) < 1e-9);
SELECT r.v = a.v AS same_state, r.n = a.n AS same_nps, :daily_rows = least(:rows, 365) AS days_ok
FROM (SELECT rollup(s)::text AS v, nps(rollup(s)) AS n FROM bench_daily) r,
	(SELECT survey_agg(score)::text AS v, nps(score) AS n FROM bench_responses) a \gset
CALL pg_temp.check('correct', 'rollup(daily states) = survey_agg(raw)',
	CASE WHEN :'same_state'::boolean THEN 'same state' ELSE 'DIFFERENT state' END
		|| ', ' || :daily_rows || ' days', 'equal',
	:'same_state'::boolean AND :'same_nps'::boolean AND :'days_ok'::boolean);
-- The moving window against a recomputation, on a sample of rows.
SELECT count(*) AS win_sampled, count(*) FILTER (WHERE w.x IS NOT DISTINCT FROM
		(SELECT nps(b.score) FROM bench_responses b WHERE b.id BETWEEN w.id - 999 AND w.id)) AS win_same
FROM (SELECT id, nps(score) OVER (ORDER BY id ROWS 999 PRECEDING) AS x
	FROM bench_responses WHERE id <= least(:window_n, 50000)) w
WHERE w.id % 97 = 0 OR w.id <= 1001 AND w.id % 7 = 0 \gset
CALL pg_temp.check('correct', 'moving nps(score) ROWS 999 = recomputed',
	:win_same || ' of ' || :win_sampled || ' rows', 'all', :win_same = :win_sampled);

-- ---------------------------------------------------------------------------
-- Report.
-- ---------------------------------------------------------------------------

\echo
SELECT * FROM pg_temp.report();
SELECT * FROM pg_temp.report_summary(:row_count || ' rows') \gset
\echo '  plans:      parallel nps(score):' :shape_p
\echo '              moving windows:' :shape_w
\echo '              rollup (default settings):' :shape_r
\echo '              raw nps(score) (default settings):' :shape_raw
\echo
\echo :summary
\if :correct
\else
	DO $$ BEGIN RAISE EXCEPTION 'csmetrics survey benchmark: a correctness check failed'; END $$;
\endif
