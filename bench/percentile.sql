-- bench/percentile.sql: benchmark of the exact percentile aggregates
-- (duration_percentile, value_percentile) against percentile_cont, serial
-- and in parallel plans; run directly:
--
--   psql -X -v rows=1000000 -v runs=3 -f bench/percentile.sql DBNAME
--
-- psql variables: rows (rows of bench_pct, default 10000000) and runs (timed
-- runs per query after one untimed warm-up; the median is reported).
-- Creates (and leaves behind) the unlogged table bench_pct.
--
-- Serial queries run with work_mem = 1GB so that percentile_cont sorts in
-- memory (checked): the comparison is selection against an in-memory sort,
-- not against a disk sort.  The timing framework (bench/lib.sql) times each
-- query in the server, by clock_timestamp() around an EXECUTE in PL/pgSQL
-- that fetches the query's single result row, in interleaved rounds.

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

-- The timing and report framework (pg_temp helpers, bench_result) and the
-- header variables jit, h_version, h_settings, h_jit.
\ir lib.sql

\set serial_settings 'serial work_mem=1GB'

\echo 'csmetrics exact percentile benchmark'
\echo :h_version
\echo :h_settings
\echo :h_jit

-- ---------------------------------------------------------------------------
-- Data: rows resolution-time-like durations, log-normal around one hour
-- (a long tail of days), whole seconds (so many ties), in the form
-- timestamp subtraction gives (days and hours); the same in seconds as
-- double precision with microseconds; 2 % NULL.  Every random quantity is
-- a hash of the row number, so the data are the same on every run.
-- ---------------------------------------------------------------------------

\warn '== generating' :rows 'rows'
DROP TABLE IF EXISTS bench_pct;
CREATE UNLOGGED TABLE bench_pct (d interval, x double precision);
INSERT INTO bench_pct (d, x)
SELECT CASE WHEN pg_temp.uniform(g, 3) < 0.02 THEN NULL
			ELSE justify_hours(round(s) * interval '1 second') END,
	   CASE WHEN pg_temp.uniform(g, 4) < 0.02 THEN NULL ELSE s END
FROM (SELECT g, 3600 * exp(1.5 * sqrt(-2 * ln(1 - pg_temp.uniform(g, 1)))
						   * cos(2 * pi() * pg_temp.uniform(g, 2))) AS s
	  FROM generate_series(1, :rows::bigint) g) v;
ALTER TABLE bench_pct SET (parallel_workers = 2);
\warn '== VACUUM ANALYZE and cache warm-up'
VACUUM ANALYZE bench_pct;
SELECT pg_temp.prewarm('{bench_pct}') AS prewarmed \gset
SELECT count(*) AS row_count, count(d) AS d_count, count(x) AS x_count,
	count(DISTINCT d) AS d_distinct, pg_size_pretty(pg_table_size('bench_pct')) AS table_size
FROM bench_pct \gset
SELECT format('  rows:       %s (%s durations, %s distinct; %s numbers)', :row_count, :d_count, :d_distinct, :x_count) AS h_rows,
	format('  table:      bench_pct %s (unlogged); %s', :'table_size', :'prewarmed') AS h_table,
	format('  timing:     median of %s interleaved runs per query, after a warm-up run', :runs) AS h_timing
\gset
\echo :h_rows
\echo :h_table
\echo :h_timing

SELECT 'SELECT duration_percentile(d, 0.9) FROM bench_pct' AS q_dp1,
	'SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY d) FROM bench_pct' AS q_pc1,
	'SELECT duration_percentile(d, ARRAY[0.5, 0.9, 0.99]) FROM bench_pct' AS q_dp3,
	'SELECT percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY d) FROM bench_pct' AS q_pc3,
	'SELECT value_percentile(x, 0.9) FROM bench_pct' AS q_vp1,
	'SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY x) FROM bench_pct' AS q_pcx1,
	'SELECT value_percentile(x, ARRAY[0.5, 0.9, 0.99]) FROM bench_pct' AS q_vp3,
	'SELECT count(d) FROM bench_pct' AS q_count
\gset

-- ---------------------------------------------------------------------------
-- 1. Serial: selection against percentile_cont's in-memory sort.
-- ---------------------------------------------------------------------------

CALL pg_temp.section(format('serial, one process, work_mem 1GB: %s rows', :row_count));
CALL pg_temp.bench('count', 'count(d) (the scan alone)', :'serial_settings', :'q_count');
CALL pg_temp.bench('dp1', 'duration_percentile(d, 0.9)', :'serial_settings', :'q_dp1');
CALL pg_temp.bench('pc1', 'percentile_cont(0.9) WITHIN GROUP (ORDER BY d)', :'serial_settings', :'q_pc1');
CALL pg_temp.bench('dp3', 'duration_percentile(d, ARRAY[0.5, 0.9, 0.99])', :'serial_settings', :'q_dp3');
CALL pg_temp.bench('pc3', 'percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY d)', :'serial_settings', :'q_pc3');
CALL pg_temp.bench('vp1', 'value_percentile(x, 0.9)', :'serial_settings', :'q_vp1');
CALL pg_temp.bench('pcx1', 'percentile_cont(0.9) WITHIN GROUP (ORDER BY x)', :'serial_settings', :'q_pcx1');
CALL pg_temp.bench('vp3', 'value_percentile(x, ARRAY[0.5, 0.9, 0.99])', :'serial_settings', :'q_vp3');
CALL pg_temp.ratio('percentile_cont / duration_percentile, one fraction', 'pc1', 'dp1', '>= 3');
CALL pg_temp.ratio('percentile_cont / duration_percentile, three fractions', 'pc3', 'dp3', '>= 3');
CALL pg_temp.ratio('percentile_cont / value_percentile, one fraction', 'pcx1', 'vp1', '>= 2');
CALL pg_temp.ratio('duration_percentile: three fractions / one', 'dp3', 'dp1', '<= 2');
CALL pg_temp.ratio('duration_percentile(d, 0.9) / count(d)', 'dp1', 'count', NULL);

-- ---------------------------------------------------------------------------
-- 2. Parallel: two workers collect, serialize and pass their values; the
--    leader combines and selects.  percentile_cont cannot run in parallel.
--    Information only: every value crosses the tuple queue and the final
--    selection is serial, so the gain depends on free cores and on how
--    much of the time the scan takes.
-- ---------------------------------------------------------------------------

CALL pg_temp.use_settings('parallel work_mem=1GB');
SELECT pg_temp.plan_shape(:'q_dp3') AS shape_p, pg_temp.workers_launched(:'q_dp3') AS launched_p \gset
CALL pg_temp.use_settings('default');
CALL pg_temp.section('parallel, 2 workers (parallel_setup_cost = parallel_tuple_cost = 0)');
CALL pg_temp.bench('dp1_p', 'duration_percentile(d, 0.9)', 'parallel work_mem=1GB', :'q_dp1');
CALL pg_temp.bench('dp3_p', 'duration_percentile(d, ARRAY[0.5, 0.9, 0.99])', 'parallel work_mem=1GB', :'q_dp3');
CALL pg_temp.bench('vp1_p', 'value_percentile(x, 0.9)', 'parallel work_mem=1GB', :'q_vp1');
CALL pg_temp.ratio('duration_percentile speedup, serial / parallel', 'dp1', 'dp1_p', NULL);
CALL pg_temp.ratio('percentile_cont (serial) / duration_percentile (parallel)', 'pc1', 'dp1_p', NULL);
CALL pg_temp.check('check', 'parallel plan: Partial Aggregate, workers launched', :'launched_p', '2',
	:'shape_p' LIKE '%Partial Aggregate%' AND :launched_p = 2);

\warn '== timing:' :runs 'interleaved rounds after a warm-up'
SET client_min_messages = notice;
CALL pg_temp.run(:runs);
SET client_min_messages = warning;

-- ---------------------------------------------------------------------------
-- 3. Spills and correctness: the same results as percentile_cont, text
--    form included.
-- ---------------------------------------------------------------------------

\warn '== correctness checks'
CALL pg_temp.section('checks');
CALL pg_temp.use_settings(:'serial_settings');
SELECT pg_temp.spills(:'q_pc3') AS spill_pc \gset
CALL pg_temp.check('check', 'percentile_cont: in-memory sort', :'spill_pc', 'no', :'spill_pc' = 'no');
SELECT a.v = b.v AS same_dp, a.v AS dp_value
FROM (SELECT duration_percentile(d, ARRAY[0, 0.5, 0.9, 0.99, 1])::text AS v FROM bench_pct) a,
	(SELECT percentile_cont(ARRAY[0, 0.5, 0.9, 0.99, 1]) WITHIN GROUP (ORDER BY d)::text AS v FROM bench_pct) b \gset
CALL pg_temp.check('correct', 'duration_percentile(d, fractions) = percentile_cont (serial)',
	:'dp_value', 'equal', :'same_dp'::boolean);
SELECT a.v = b.v AS same_vp, a.v AS vp_value
FROM (SELECT value_percentile(x, ARRAY[0, 0.5, 0.9, 0.99, 1])::text AS v FROM bench_pct) a,
	(SELECT percentile_cont(ARRAY[0, 0.5, 0.9, 0.99, 1]) WITHIN GROUP (ORDER BY x)::text AS v FROM bench_pct) b \gset
CALL pg_temp.check('correct', 'value_percentile(x, fractions) = percentile_cont (serial)',
	:'vp_value', 'equal', :'same_vp'::boolean);
CALL pg_temp.use_settings('parallel work_mem=1GB');
SELECT (SELECT duration_percentile(d, ARRAY[0, 0.5, 0.9, 0.99, 1])::text FROM bench_pct) = :'dp_value' AS same_dp_p,
	(SELECT value_percentile(x, ARRAY[0, 0.5, 0.9, 0.99, 1])::text FROM bench_pct) = :'vp_value' AS same_vp_p \gset
CALL pg_temp.check('correct', 'parallel results = serial results',
	CASE WHEN :'same_dp_p'::boolean AND :'same_vp_p'::boolean THEN 'same' ELSE 'DIFFERENT' END, 'equal',
	:'same_dp_p'::boolean AND :'same_vp_p'::boolean);
CALL pg_temp.use_settings('default');

-- ---------------------------------------------------------------------------
-- Report.
-- ---------------------------------------------------------------------------

\echo
SELECT * FROM pg_temp.report();
SELECT * FROM pg_temp.report_summary(:row_count || ' rows') \gset
\echo '  plans:      parallel duration_percentile:' :shape_p
\echo
\echo :summary
\if :correct
\else
	DO $$ BEGIN RAISE EXCEPTION 'csmetrics percentile benchmark: a correctness check failed'; END $$;
\endif
