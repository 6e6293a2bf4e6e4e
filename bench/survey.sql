-- bench/survey.sql: benchmark of the survey aggregates (nps, survey_agg,
-- rollup) against plain SQL; run by bench/survey.sh, or directly:
--
--   psql -X -v rows=1000000 -v runs=5 -f bench/survey.sql DBNAME
--
-- psql variables: rows (size of bench_responses, default 10000000) and runs
-- (timed runs per query after one untimed warm-up; the median is reported).
-- Creates (and leaves behind) the tables bench_responses and bench_daily.
--
-- Each query is timed in the server, by clock_timestamp() around an EXECUTE
-- in PL/pgSQL that fetches the query's single result row: no client round
-- trip, no result transfer, no EXPLAIN ANALYZE instrumentation.

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

SELECT current_setting('jit') AS jit,
	format('  PostgreSQL: %s, csmetrics %s', split_part(version(), ' on ', 1),
		(SELECT extversion FROM pg_extension WHERE extname = 'csmetrics')) AS h_version,
	format('  settings:   shared_buffers %s, work_mem %s, max_parallel_workers_per_gather %s, max_parallel_workers %s',
		current_setting('shared_buffers'), current_setting('work_mem'),
		current_setting('max_parallel_workers_per_gather'), current_setting('max_parallel_workers')) AS h_settings,
	format('  jit:        %s (jit_above_cost %s, jit_optimize_above_cost %s)', current_setting('jit'),
		current_setting('jit_above_cost'), current_setting('jit_optimize_above_cost')) AS h_jit
\gset
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
DO $$ BEGIN PERFORM setseed(0.36); END $$;
INSERT INTO bench_responses (id, day, score)
SELECT g,
	date '2023-01-01' + ((g - 1) * 365 / :rows)::int,
	CASE WHEN random() < 0.02 THEN NULL
		-- cumulative shares of the scores 0..9; 10 takes the rest (33%)
		ELSE width_bucket(random(),
			'{0.02,0.03,0.04,0.06,0.08,0.13,0.19,0.28,0.45,0.67}'::float8[])
	END
FROM generate_series(1, :rows::bigint) AS g;
ALTER TABLE bench_responses SET (parallel_workers = 2);
CREATE INDEX bench_responses_id ON bench_responses (id);
\warn '== VACUUM ANALYZE and cache warm-up'
VACUUM ANALYZE bench_responses;

-- A seq scan of a table over a quarter of shared_buffers reads through a
-- small ring buffer, so a count alone leaves most of it outside shared
-- buffers: load table and index with pg_prewarm when it is available (and
-- drop it again if this script created it), then count once.
SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'pg_prewarm') AS have_prewarm,
	EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_prewarm') AS had_prewarm \gset
\if :have_prewarm
	CREATE EXTENSION IF NOT EXISTS pg_prewarm;
	SELECT pg_prewarm('bench_responses') + pg_prewarm('bench_responses_id') AS prewarmed_blocks \gset
	\if :had_prewarm
	\else
		DROP EXTENSION pg_prewarm;
	\endif
\else
	\set prewarmed_blocks 'none (pg_prewarm not available)'
\endif
SELECT count(*) AS row_count, count(score) AS scored_count,
	pg_size_pretty(pg_table_size('bench_responses')) AS table_size,
	pg_size_pretty(pg_relation_size('bench_responses_id')) AS index_size,
	count(DISTINCT day) AS days
FROM bench_responses \gset
SELECT format('  rows:       %s (%s with a score, %s days)', :row_count, :scored_count, :days) AS h_rows,
	format('  table:      %s + index %s; blocks prewarmed: %s', :'table_size', :'index_size', :'prewarmed_blocks') AS h_table,
	format('  timing:     median of %s runs after one warm-up run; clock_timestamp() around EXECUTE in PL/pgSQL', :runs) AS h_timing
\gset
\echo :h_rows
\echo :h_table
\echo :h_timing

-- ---------------------------------------------------------------------------
-- Timing and reporting helpers (session-local, in pg_temp).
-- ---------------------------------------------------------------------------

-- Median wall time in ms of the query over runs runs, after one untimed run.
-- EXECUTE ... INTO fetches the single row, so the aggregate runs to the end.
CREATE FUNCTION pg_temp.bench_time(query text, runs int) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	times float8[] := '{}';
	result record;
BEGIN
	EXECUTE query INTO result;
	FOR i IN 1..runs LOOP
		t0 := clock_timestamp();
		EXECUTE query INTO result;
		times := times || (1000 * extract(epoch FROM clock_timestamp() - t0))::float8;
	END LOOP;
	RETURN (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(times) AS t);
END $$;

-- The plan's node names, top down: 'Aggregate < WindowAgg < Index Scan'.
CREATE FUNCTION pg_temp.plan_shape(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	line text;
	nodes text[] := '{}';
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
		CONTINUE WHEN line ~ ':' OR line !~ '^\s*(->\s+)?[A-Z]';
		nodes := nodes || regexp_replace(line, '^\s*(->\s+)?(.*?)(\s+(using|on)\s.*)?$', '\2');
	END LOOP;
	RETURN array_to_string(nodes, ' < ');
END $$;

-- The full EXPLAIN (COSTS OFF) text, to compare two plans.
CREATE FUNCTION pg_temp.plan_text(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	line text;
	plan text := '';
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
		plan := plan || line || E'\n';
	END LOOP;
	RETURN plan;
END $$;

-- Workers launched by the Gather nodes of one EXPLAIN ANALYZE run.
CREATE FUNCTION pg_temp.workers_launched(query text) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
	line text;
	launched int := 0;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || query LOOP
		IF line ~ 'Workers Launched:' THEN
			launched := launched + substring(line FROM 'Workers Launched:\s*(\d+)')::int;
		END IF;
	END LOOP;
	RETURN launched;
END $$;

-- One JIT summary of the plan ('-' when the plan is not compiled).
CREATE FUNCTION pg_temp.jit_use(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	line text;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
		IF line ~ '^\s*Options:' THEN
			RETURN trim(regexp_replace(line, '^\s*Options:', ''));
		END IF;
	END LOOP;
	RETURN '-';
END $$;

-- kind: section (a heading), time (median ms), ratio, check (a target that
-- is not a timing), correct (a correctness check), info (no target).
CREATE TEMP TABLE bench_result (
	ord serial, kind text, key text, name text,
	ms float8, ratio text, target text, ok boolean
);

CREATE PROCEDURE pg_temp.section(title text) LANGUAGE sql AS $$
	INSERT INTO bench_result (kind, name) VALUES ('section', '# ' || title);
$$;

CREATE PROCEDURE pg_temp.bench(key text, name text, query text, runs int) LANGUAGE sql AS $$
	INSERT INTO bench_result (kind, key, name, ms)
	VALUES ('time', key, '  ' || name, pg_temp.bench_time(query, runs));
$$;

-- ratio of two timings by key; target '<= x', '>= x' or NULL (information).
CREATE PROCEDURE pg_temp.ratio(name text, num text, den text, target text) LANGUAGE plpgsql AS $$
DECLARE
	r float8;
	lim float8 := nullif(split_part(target, ' ', 2), '')::float8;
BEGIN
	SELECT n.ms / nullif(d.ms, 0) INTO r
	FROM bench_result n, bench_result d WHERE n.key = num AND d.key = den;
	INSERT INTO bench_result (kind, name, ratio, target, ok)
	VALUES (CASE WHEN target IS NULL THEN 'info' ELSE 'ratio' END, '  ' || name,
		CASE WHEN r >= 100 THEN round(r::numeric)::text ELSE round(r::numeric, 2)::text END,
		target,
		CASE WHEN target LIKE '<=%' THEN r <= lim WHEN target LIKE '>=%' THEN r >= lim END);
END $$;

CREATE PROCEDURE pg_temp.check(kind text, name text, value text, target text, ok boolean) LANGUAGE sql AS $$
	INSERT INTO bench_result (kind, name, ratio, target, ok) VALUES (kind, '  ' || name, value, target, ok);
$$;

-- ---------------------------------------------------------------------------
-- 1. Serial: nps(score) against count(score) (the floor: one strict
--    aggregate over the column) and against the plain FILTER formula.
-- ---------------------------------------------------------------------------

\warn '== 1. serial scans'
SET max_parallel_workers_per_gather = 0;
SELECT pg_temp.jit_use('SELECT nps(score) FROM bench_responses') AS jit_nps \gset
\echo '  jit use:    plan of the serial nps(score):' :jit_nps
CALL pg_temp.section('serial scans, max_parallel_workers_per_gather = 0');
CALL pg_temp.bench('nps_s', 'nps(score)',
	'SELECT nps(score) FROM bench_responses', :runs);
CALL pg_temp.bench('count_s', 'count(score)',
	'SELECT count(score) FROM bench_responses', :runs);
CALL pg_temp.bench('filter_s', 'FILTER formula',
	'SELECT 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(score) FROM bench_responses', :runs);
CALL pg_temp.ratio('nps / count', 'nps_s', 'count_s', '<= 1.25');
CALL pg_temp.ratio('FILTER / nps', 'filter_s', 'nps_s', '>= 1.5');

-- ---------------------------------------------------------------------------
-- 2. Parallel: the same with two workers (forced), and the speedup.
-- ---------------------------------------------------------------------------

\warn '== 2. parallel scans'
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
CALL pg_temp.section('parallel scans, 2 workers (parallel_setup_cost = parallel_tuple_cost = 0)');
CALL pg_temp.bench('nps_p', 'nps(score)',
	'SELECT nps(score) FROM bench_responses', :runs);
CALL pg_temp.bench('count_p', 'count(score)',
	'SELECT count(score) FROM bench_responses', :runs);
CALL pg_temp.ratio('nps / count', 'nps_p', 'count_p', NULL);
CALL pg_temp.ratio('nps speedup, serial / parallel', 'nps_s', 'nps_p', '>= 1.6');
CALL pg_temp.ratio('count speedup, serial / parallel', 'count_s', 'count_p', NULL);
SELECT pg_temp.plan_shape('SELECT nps(score) FROM bench_responses') AS shape_p,
	pg_temp.workers_launched('SELECT nps(score) FROM bench_responses') AS launched_p \gset
CALL pg_temp.check('check', 'nps plan: Gather, workers launched', :'launched_p', '2',
	:'shape_p' LIKE '%Gather%' AND :launched_p = 2);

-- ---------------------------------------------------------------------------
-- 3. Moving window: with an inverse transition the cost per row does not
--    depend on the frame size.  Serial, and the same plan for both frames.
-- ---------------------------------------------------------------------------

\warn '== 3. moving window'
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
SET max_parallel_workers_per_gather = 0;
SELECT format('SELECT sum(x) FROM (SELECT nps(score) OVER (ORDER BY id ROWS 999 PRECEDING) AS x FROM bench_responses WHERE id <= %s) s', :window_n) AS q_w999,
	format('SELECT sum(x) FROM (SELECT nps(score) OVER (ORDER BY id ROWS 9 PRECEDING) AS x FROM bench_responses WHERE id <= %s) s', :window_n) AS q_w9 \gset
CALL pg_temp.section(format('moving window over id <= %s, serial', :window_n));
CALL pg_temp.bench('w999', 'nps(score) OVER (ORDER BY id ROWS 999 PRECEDING)', :'q_w999', :runs);
CALL pg_temp.bench('w9', 'nps(score) OVER (ORDER BY id ROWS 9 PRECEDING)', :'q_w9', :runs);
CALL pg_temp.ratio('ROWS 999 / ROWS 9', 'w999', 'w9', '<= 1.3');
SELECT pg_temp.plan_shape(:'q_w999') AS shape_w,
	pg_temp.plan_text(:'q_w999') = pg_temp.plan_text(:'q_w9') AS same_w \gset
CALL pg_temp.check('check', 'plan: same for both frames',
	CASE WHEN :'same_w'::boolean THEN 'same' ELSE 'DIFFERENT' END, 'same', :'same_w'::boolean);

-- ---------------------------------------------------------------------------
-- 4. Rollup: a year from 365 daily survey states against the raw rows, with
--    the session's default parallel settings.
-- ---------------------------------------------------------------------------

\warn '== 4. rollup'
RESET max_parallel_workers_per_gather;
CREATE TABLE bench_daily AS
	SELECT day, survey_agg(score) AS s FROM bench_responses GROUP BY day;
VACUUM ANALYZE bench_daily;
CALL pg_temp.section('rollup of daily states, default parallel settings');
CALL pg_temp.bench('daily', 'survey_agg(score) GROUP BY day (builds bench_daily)',
	'SELECT max(responses(s)) FROM (SELECT day, survey_agg(score) AS s FROM bench_responses GROUP BY day) d', :runs);
CALL pg_temp.bench('rollup', 'nps(rollup(s)) FROM bench_daily',
	'SELECT nps(rollup(s)) FROM bench_daily', :runs);
CALL pg_temp.bench('raw', 'nps(score) FROM bench_responses',
	'SELECT nps(score) FROM bench_responses', :runs);
CALL pg_temp.ratio('raw / rollup', 'raw', 'rollup', NULL);

-- ---------------------------------------------------------------------------
-- 5. State size, JIT, and correctness.
-- ---------------------------------------------------------------------------

\warn '== 5. checks'
CALL pg_temp.section('state and settings');
SELECT max(pg_column_size(s)) AS state_size, count(*) AS daily_rows FROM bench_daily \gset
CALL pg_temp.check('check', 'pg_column_size(survey state)', :'state_size' || ' bytes', '<= 128 bytes',
	:state_size <= 128);
CALL pg_temp.check('info', 'jit', :'jit', NULL, NULL);

CALL pg_temp.section('correctness');
SELECT n.v AS nps_raw, f.v AS nps_filter
FROM (SELECT nps(score) AS v FROM bench_responses) n,
	(SELECT 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(score) AS v
	 FROM bench_responses) f \gset
CALL pg_temp.check('correct', 'nps(score) = FILTER formula',
	round(:nps_raw::numeric, 6) || ' = ' || round(:nps_filter::numeric, 6), 'equal',
	abs(:nps_raw - :nps_filter) < 1e-9);
SELECT r.v = a.v AS same_state, r.n = a.n AS same_nps, :daily_rows = 365 AS days_ok
FROM (SELECT rollup(s)::text AS v, nps(rollup(s)) AS n FROM bench_daily) r,
	(SELECT survey_agg(score)::text AS v, nps(score) AS n FROM bench_responses) a \gset
CALL pg_temp.check('correct', 'rollup(365 daily states) = survey_agg(raw)',
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
SELECT name,
	round(ms::numeric, 2) AS "median ms",
	coalesce(ratio, '') AS ratio,
	coalesce(target, '') AS target,
	CASE ok WHEN true THEN 'ok' WHEN false THEN 'MISS' ELSE '' END AS ok
FROM bench_result ORDER BY ord;

SELECT coalesce(bool_and(ok IS TRUE) FILTER (WHERE kind = 'correct'), false) AS correct,
	format('SUMMARY: %s of %s targets met%s; correctness: %s of %s checks passed; %s rows',
		count(*) FILTER (WHERE kind IN ('ratio', 'check') AND ok),
		count(*) FILTER (WHERE kind IN ('ratio', 'check')),
		' (missed: ' || string_agg(trim(name), '; ' ORDER BY ord)
			FILTER (WHERE kind IN ('ratio', 'check') AND ok IS NOT TRUE) || ')',
		count(*) FILTER (WHERE kind = 'correct' AND ok),
		count(*) FILTER (WHERE kind = 'correct'),
		:row_count) AS summary
FROM bench_result \gset
\echo '  plans:      parallel nps(score):' :shape_p
\echo '              moving windows:' :shape_w
\echo
\echo :summary
\if :correct
\else
	DO $$ BEGIN RAISE EXCEPTION 'csmetrics survey benchmark: a correctness check failed'; END $$;
\endif
