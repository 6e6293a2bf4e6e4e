-- bench/duration_sketch.sql: benchmark of the duration sketch (duration_agg,
-- percentile, rollup) against tdigest and against PostgreSQL's exact
-- percentile_cont and percentile_disc, serial and in parallel plans; run
-- directly:
--
--   psql -X -v rows=1000000 -v runs=3 -f bench/duration_sketch.sql DBNAME
--
-- psql variables: rows (rows of bench_sketch, default 10000000) and runs
-- (timed runs per query after one untimed warm-up; the median is reported).
-- Creates (and leaves behind) the unlogged tables bench_sketch and
-- bench_sketch_daily, and the extension tdigest when the server has it
-- (Debian: postgresql-15-tdigest); without it the tdigest lines are missed.
--
-- Serial queries run with work_mem = 1GB so that percentile_cont and
-- percentile_disc sort in memory (checked).  tdigest gets the durations as
-- seconds (extract(epoch FROM d)), compression 100.  The timing framework
-- (bench/lib.sql) times each query in the server, by clock_timestamp()
-- around an EXECUTE in PL/pgSQL that fetches the query's single result row,
-- in interleaved rounds.

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
SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'tdigest') AS have_tdigest \gset
\if :have_tdigest
	CREATE EXTENSION IF NOT EXISTS tdigest;
\endif

-- The timing and report framework (pg_temp helpers, bench_result) and the
-- header variables jit, h_version, h_settings, h_jit.
\ir lib.sql

\set serial_settings 'serial work_mem=1GB'

\echo 'csmetrics duration sketch benchmark'
\echo :h_version
\echo :h_settings
\echo :h_jit

-- ---------------------------------------------------------------------------
-- Data: rows response-time-like durations in whole microseconds, a mix of
-- three log-normals (chat replies around 90 s, e-mail around 40 min,
-- escalations around 3 h, with long tails of days) and 0.2 % zeros, over
-- 365 days in id order; 2 % NULL.  Every random quantity is a hash of the
-- row number, so the data are the same on every run.
-- ---------------------------------------------------------------------------

-- Box-Muller from two adjacent streams (lib.sql's pg_temp.normal uses
-- streams 1000 + s and 2000 + s); kept so this data set stays as it was.
CREATE FUNCTION pg_temp.normal_adjacent(key bigint, stream integer) RETURNS double precision
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN sqrt(-2 * ln(1 - pg_temp.uniform(key, stream)))
		* cos(2 * pi() * pg_temp.uniform(key, stream + 1));

\warn '== generating' :rows 'rows'
DROP TABLE IF EXISTS bench_sketch_daily;
DROP TABLE IF EXISTS bench_sketch;
CREATE UNLOGGED TABLE bench_sketch (id bigint, day int, d interval);
INSERT INTO bench_sketch (id, day, d)
SELECT g, ((g - 1) * 365 / :rows)::int,
	CASE WHEN ch < 0.02 THEN NULL
		WHEN ch < 0.022 THEN interval '0'
		ELSE interval '1 microsecond' * round(1e6
			* (CASE WHEN ch < 0.40 THEN 90.0 WHEN ch < 0.55 THEN 2400.0 ELSE 10800.0 END)
			* exp((CASE WHEN ch < 0.40 THEN 1.0 WHEN ch < 0.55 THEN 1.1 ELSE 1.2 END)
				  * pg_temp.normal_adjacent(g, 2)))
	END
FROM generate_series(1, :rows::bigint) AS g,
	LATERAL (SELECT pg_temp.uniform(g, 1) AS ch) AS pick;
ALTER TABLE bench_sketch SET (parallel_workers = 2);
CREATE UNLOGGED TABLE bench_sketch_daily AS
SELECT day, duration_agg(d) AS s FROM bench_sketch GROUP BY day;
\warn '== VACUUM ANALYZE and cache warm-up'
VACUUM ANALYZE bench_sketch, bench_sketch_daily;
SELECT pg_temp.prewarm('{bench_sketch,bench_sketch_daily}') AS prewarmed \gset
SELECT count(*) AS row_count, count(d) AS d_count, pg_size_pretty(pg_table_size('bench_sketch')) AS table_size
FROM bench_sketch \gset
SELECT count(*) AS day_count, max(pg_column_size(s)) AS daily_max_bytes FROM bench_sketch_daily \gset
SELECT format('  rows:       %s (%s durations); %s daily sketches of at most %s bytes',
		:row_count, :d_count, :day_count, :daily_max_bytes) AS h_rows,
	format('  table:      bench_sketch %s (unlogged); %s', :'table_size', :'prewarmed') AS h_table,
	format('  timing:     median of %s interleaved runs per query, after a warm-up run', :runs) AS h_timing
\gset
\echo :h_rows
\echo :h_table
\echo :h_timing

SELECT 'SELECT count(d) FROM bench_sketch' AS q_count,
	'SELECT percentile(duration_agg(d), 0.9) FROM bench_sketch' AS q_sk1,
	'SELECT percentile(duration_agg(d), ARRAY[0.5, 0.9, 0.99]) FROM bench_sketch' AS q_sk3,
	'SELECT duration_agg(d) FROM bench_sketch' AS q_agg,
	'SELECT tdigest_percentile(extract(epoch FROM d)::float8, 100, 0.9) FROM bench_sketch' AS q_td1,
	'SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY d) FROM bench_sketch' AS q_pc1,
	'SELECT percentile_disc(0.9) WITHIN GROUP (ORDER BY d) FROM bench_sketch' AS q_pd1,
	'SELECT percentile(rollup(s), 0.9) FROM bench_sketch_daily' AS q_roll,
	'SELECT max(p) FROM (SELECT percentile(s, 0.9) AS p FROM bench_sketch_daily) v' AS q_daily_p
\gset

-- ---------------------------------------------------------------------------
-- 1. Serial: the sketch against tdigest and the exact ordered-set
--    aggregates (an in-memory sort).
-- ---------------------------------------------------------------------------

CALL pg_temp.section(format('serial, one process, work_mem 1GB: %s rows', :row_count));
CALL pg_temp.bench('count', 'count(d) (the scan alone)', :'serial_settings', :'q_count');
CALL pg_temp.bench('sk1', 'percentile(duration_agg(d), 0.9)', :'serial_settings', :'q_sk1');
CALL pg_temp.bench('sk3', 'percentile(duration_agg(d), ARRAY[0.5, 0.9, 0.99])', :'serial_settings', :'q_sk3');
\if :have_tdigest
	CALL pg_temp.bench('td1', 'tdigest_percentile(extract(epoch FROM d)::float8, 100, 0.9)', :'serial_settings', :'q_td1');
\endif
CALL pg_temp.bench('pc1', 'percentile_cont(0.9) WITHIN GROUP (ORDER BY d)', :'serial_settings', :'q_pc1');
CALL pg_temp.bench('pd1', 'percentile_disc(0.9) WITHIN GROUP (ORDER BY d)', :'serial_settings', :'q_pd1');
CALL pg_temp.bench('roll', format('percentile(rollup(s), 0.9) over %s daily sketches', :day_count), :'serial_settings', :'q_roll');
CALL pg_temp.bench('daily', format('percentile(s, 0.9) of each of %s daily sketches', :day_count), :'serial_settings', :'q_daily_p');
\if :have_tdigest
	CALL pg_temp.ratio('tdigest / duration sketch', 'td1', 'sk1', '>= 4');
\else
	CALL pg_temp.check('check', 'tdigest extension (Debian: postgresql-15-tdigest)', 'not available', 'installed', false);
\endif
CALL pg_temp.ratio('percentile_cont / duration sketch', 'pc1', 'sk1', '>= 10');
CALL pg_temp.ratio('percentile_disc / duration sketch', 'pd1', 'sk1', '>= 10');
CALL pg_temp.ratio('duration sketch: three fractions / one', 'sk3', 'sk1', '<= 1.1');
CALL pg_temp.ratio('duration sketch / count(d)', 'sk1', 'count', NULL);
CALL pg_temp.ratio('rollup of the daily sketches / duration sketch of the rows', 'roll', 'sk1', NULL);

-- ---------------------------------------------------------------------------
-- 2. Parallel: two workers build partial sketches, serialize them in the
--    sketch's own form, and the leader merges them.  percentile_cont and
--    percentile_disc cannot run in parallel.  Information only: the gain
--    depends on free cores.
-- ---------------------------------------------------------------------------

CALL pg_temp.use_settings('parallel');
SELECT pg_temp.plan_shape(:'q_sk1') AS shape_p, pg_temp.workers_launched(:'q_sk1') AS launched_p \gset
CALL pg_temp.use_settings('default');
CALL pg_temp.section('parallel, 2 workers (parallel_setup_cost = parallel_tuple_cost = 0)');
CALL pg_temp.bench('sk1_p', 'percentile(duration_agg(d), 0.9)', 'parallel', :'q_sk1');
\if :have_tdigest
	CALL pg_temp.bench('td1_p', 'tdigest_percentile(extract(epoch FROM d)::float8, 100, 0.9)', 'parallel', :'q_td1');
	CALL pg_temp.ratio('tdigest / duration sketch, parallel', 'td1_p', 'sk1_p', NULL);
\endif
CALL pg_temp.ratio('duration sketch speedup, serial / parallel', 'sk1', 'sk1_p', NULL);
CALL pg_temp.check('check', 'parallel plan: Partial Aggregate, workers launched', :'launched_p', '2',
	:'shape_p' LIKE '%Partial Aggregate%' AND :launched_p = 2);

\warn '== timing:' :runs 'interleaved rounds after a warm-up'
SET client_min_messages = notice;
CALL pg_temp.run(:runs);
SET client_min_messages = warning;

-- ---------------------------------------------------------------------------
-- 3. Correctness: the guarantee against percentile_disc at 101 fractions,
--    exact rollup, parallel = serial byte for byte, the size bound.
-- ---------------------------------------------------------------------------

\warn '== correctness checks'
CALL pg_temp.section('checks');
CALL pg_temp.use_settings(:'serial_settings');
SELECT pg_temp.spills(:'q_pd1') AS spill_pd \gset
CALL pg_temp.check('check', 'percentile_disc: in-memory sort', :'spill_pd', 'no', :'spill_pd' = 'no');
SELECT array_agg(i / 100.0::float8 ORDER BY i) AS fractions FROM generate_series(0, 100) i \gset
SELECT bool_and(CASE WHEN x = 0 THEN e = 0 ELSE abs(e - x) * 101 <= x END) AS within,
	round(100 * max(abs(e - x) / nullif(x, 0)), 3) AS max_err,
	string_agg(format('p%s %s %%', round(p * 100), round(100 * abs(e - x) / nullif(x, 0), 3)), ', ' ORDER BY p)
		FILTER (WHERE p IN (0.5, 0.9, 0.99)) AS errs
FROM (SELECT percentile(duration_agg(d), :'fractions'::float8[]) AS est,
			 percentile_disc(:'fractions'::float8[]) WITHIN GROUP (ORDER BY d) AS exact
	  FROM bench_sketch) a,
	unnest(:'fractions'::float8[], est, exact) AS u(p, estimate, ex),
	LATERAL (SELECT extract(epoch FROM estimate) * 1000000 AS e, extract(epoch FROM ex) * 1000000 AS x) v \gset
CALL pg_temp.check('info', 'duration sketch relative error (to percentile_disc)', :'errs', NULL, NULL);
CALL pg_temp.check('correct', 'duration sketch within 1/101 of percentile_disc at 101 fractions',
	format('max %s %%', :'max_err'), '<= 0.990 %', :'within'::boolean);
SELECT (SELECT duration_agg(d)::text FROM bench_sketch) AS serial_text,
	(SELECT pg_column_size(duration_agg(d)) FROM bench_sketch) AS sketch_bytes \gset
SELECT (SELECT rollup(s)::text FROM bench_sketch_daily) = :'serial_text' AS same_rollup \gset
CALL pg_temp.check('correct', 'rollup of the daily sketches = sketch of all rows (text)',
	CASE WHEN :'same_rollup'::boolean THEN 'equal' ELSE 'DIFFERENT' END, 'equal', :'same_rollup'::boolean);
CALL pg_temp.use_settings('parallel');
SELECT (SELECT duration_agg(d)::text FROM bench_sketch) = :'serial_text' AS same_p \gset
CALL pg_temp.use_settings('default');
CALL pg_temp.check('correct', 'parallel sketch = serial sketch (text)',
	CASE WHEN :'same_p'::boolean THEN 'equal' ELSE 'DIFFERENT' END, 'equal', :'same_p'::boolean);
CALL pg_temp.check('check', 'sketch size (bytes) of all rows', :'sketch_bytes', '<= 8192', :sketch_bytes <= 8192);

-- ---------------------------------------------------------------------------
-- Report.
-- ---------------------------------------------------------------------------

\echo
SELECT * FROM pg_temp.report();
SELECT * FROM pg_temp.report_summary(:row_count || ' rows') \gset
\echo '  plans:      parallel duration sketch:' :shape_p
\echo
\echo :summary
\if :correct
\else
	DO $$ BEGIN RAISE EXCEPTION 'csmetrics duration sketch benchmark: a correctness check failed'; END $$;
\endif
