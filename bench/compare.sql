-- bench/compare.sql: the four aggregates whose transition state changed
-- (duration_agg, rollup(duration_sketch), timeline_agg, rollup(timeline))
-- in the current build against a reference build, side by side in one
-- cluster; run by `bash bench/compare.sh REF`, which installs the reference
-- as the extension csmetrics_ref, or directly, as a superuser of a cluster
-- where both csmetrics and csmetrics_ref are installed:
--
--   psql -X -v rows=1000000 -v runs=3 -f bench/compare.sql postgres
--
-- psql variables: rows (rows of each table, default 5000000), runs (timed
-- rounds after a warm-up, default 7; the median is reported), min_ms (a
-- query faster than this is repeated back to back within one timing,
-- default 50), ref_label and cur_label (what the builds are, for the
-- header), ref_id and cur_id (short forms, for the SUMMARY line).
--
-- Creates the databases ref (CREATE EXTENSION csmetrics_ref) and cur
-- (CREATE EXTENSION csmetrics), loads the same generated data into both
-- (bench/compare_data.sql), and drives both from this session through
-- dblink: one connection to each, kept open.  In every round each query
-- runs once in ref and once in cur, which goes first alternating, and is
-- timed in its own server by clock_timestamp() around an EXECUTE in
-- PL/pgSQL (csbench.time_query).  Reports per query the median ms in ref
-- and cur, cur/ref (target <= 1.10) and each against count() of the same
-- expressions; checks that every query gives the same result in both
-- databases (every timed run, and the full state text), that parallel
-- results equal serial ones, and that the plans are the same in both, with
-- parallel plans where forced.  Ends with an error when a correctness check
-- fails.

\set ON_ERROR_STOP on
\set QUIET on
\if :{?rows}
\else
	\set rows 5000000
\endif
\if :{?runs}
\else
	\set runs 7
\endif
\if :{?min_ms}
\else
	\set min_ms 50
\endif
\if :{?ref_label}
\else
	\set ref_label 'csmetrics_ref'
\endif
\if :{?cur_label}
\else
	\set cur_label 'csmetrics'
\endif
\if :{?ref_id}
\else
	\set ref_id :ref_label
\endif
\if :{?cur_id}
\else
	\set cur_id :cur_label
\endif
\pset footer off
\pset null ''

SET client_min_messages = warning;

-- ---------------------------------------------------------------------------
-- The two databases.
-- ---------------------------------------------------------------------------

\warn '== creating databases ref (csmetrics_ref) and cur (csmetrics),' :rows 'rows per table in each'
CREATE DATABASE ref;
CREATE DATABASE cur;
ALTER DATABASE ref SET TimeZone = 'America/New_York';
ALTER DATABASE cur SET TimeZone = 'America/New_York';
\c ref
\set ext csmetrics_ref
\warn '== ref: generating, VACUUM ANALYZE, prewarm'
\ir compare_data.sql
\c cur
\set ext csmetrics
\warn '== cur: generating, VACUUM ANALYZE, prewarm'
\ir compare_data.sql
\c postgres
SET client_min_messages = warning;

CREATE EXTENSION IF NOT EXISTS dblink;
SELECT format('host=%s port=%s', split_part(current_setting('unix_socket_directories'), ',', 1),
	current_setting('port')) AS conn \gset
SELECT dblink_connect('ref', :'conn' || ' dbname=ref') AS c_ref,
	dblink_connect('cur', :'conn' || ' dbname=cur') AS c_cur \gset

CREATE FUNCTION pg_temp.remote_time(db text, query text, settings text, reps int, OUT ms float8, OUT result text)
LANGUAGE sql AS $$
	SELECT t.ms, t.result
	FROM dblink(db, format('SELECT ms, result FROM csbench.time_query(%L, %L, %s)', query, settings, reps))
		AS t(ms float8, result text);
$$;

CREATE FUNCTION pg_temp.remote_text(db text, sql text) RETURNS text
LANGUAGE sql AS $$
	SELECT t.v FROM dblink(db, sql) AS t(v text);
$$;

-- Which database goes first: alternating by round and by query.
CREATE FUNCTION pg_temp.db_order(round int, ord int) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN (round + ord) % 2 = 0 THEN '{ref,cur}'::text[] ELSE '{cur,ref}'::text[] END;
$$;

-- ---------------------------------------------------------------------------
-- Header: what is compared.
-- ---------------------------------------------------------------------------

SELECT $$SELECT concat_ws(' | ',
		(SELECT extname || ' ' || extversion FROM pg_extension WHERE extname LIKE 'csmetrics%'),
		(SELECT string_agg(DISTINCT probin, ', ') FROM pg_proc
		 WHERE probin LIKE '%csmetrics%' AND pronamespace = 'public'::regnamespace),
		'states: ' || (SELECT string_agg(format('%s %s', regexp_replace(sig, '^(duration_agg|timeline_agg)\(.*', '\1'), a.aggtranstype::regtype), ', '
				ORDER BY array_position(sigs, sig))
		 FROM pg_aggregate a, LATERAL (SELECT a.aggfnoid::regprocedure::text AS sig) s,
			(SELECT ARRAY['duration_agg(interval)', 'rollup(duration_sketch)',
				'timeline_agg(timestamp with time zone,timestamp with time zone,timestamp with time zone,timestamp with time zone,interval)',
				'rollup(timeline)'] AS sigs) l
		 WHERE sig = ANY (sigs)))$$ AS q_ext \gset
SELECT pg_temp.remote_text('ref', :'q_ext') AS ext_ref, pg_temp.remote_text('cur', :'q_ext') AS ext_cur \gset
SELECT split_part(:'ext_ref', ' | ', 2) = '$libdir/csmetrics_ref' AS lib_ref_ok,
	split_part(:'ext_cur', ' | ', 2) = '$libdir/csmetrics' AS lib_cur_ok \gset

SELECT pg_temp.remote_text('cur', $$SELECT concat_ws(' ',
		(SELECT count(*) FROM bench_sketch), (SELECT count(d) FROM bench_sketch),
		(SELECT count(*) FROM bench_tickets), (SELECT count(closed_at) FROM bench_tickets),
		(SELECT count(*) FROM bench_sketch_daily), (SELECT count(*) FROM bench_timeline_daily),
		pg_size_pretty(pg_table_size('bench_sketch')), pg_size_pretty(pg_table_size('bench_tickets')),
		(SELECT max(pg_column_size(s)) FROM bench_sketch_daily),
		(SELECT max(pg_column_size(tl)) FROM bench_timeline_daily))$$) AS sizes \gset
SELECT split_part(:'sizes', ' ', 1) AS n_sketch, split_part(:'sizes', ' ', 2) AS n_d,
	split_part(:'sizes', ' ', 3) AS n_tickets, split_part(:'sizes', ' ', 4) AS n_closed,
	split_part(:'sizes', ' ', 5) AS n_daily, split_part(:'sizes', ' ', 6) AS n_cohorts,
	split_part(:'sizes', ' ', 7) || ' ' || split_part(:'sizes', ' ', 8) AS size_sketch,
	split_part(:'sizes', ' ', 9) || ' ' || split_part(:'sizes', ' ', 10) AS size_tickets,
	split_part(:'sizes', ' ', 11) AS max_sketch, split_part(:'sizes', ' ', 12) AS max_tl \gset

\echo 'csmetrics: current build against a reference build, side by side in one cluster'
SELECT format('  PostgreSQL: %s', split_part(version(), ' on ', 1)) AS h \gset
\echo :h
SELECT format(E'  ref:        database ref: %s (%s), built from %s\n              %s',
		split_part(:'ext_ref', ' | ', 1), split_part(:'ext_ref', ' | ', 2), :'ref_label', split_part(:'ext_ref', ' | ', 3)) AS h \gset
\echo :h
SELECT format(E'  cur:        database cur: %s (%s), built from %s\n              %s',
		split_part(:'ext_cur', ' | ', 1), split_part(:'ext_cur', ' | ', 2), :'cur_label', split_part(:'ext_cur', ' | ', 3)) AS h \gset
\echo :h
SELECT format('  settings:   shared_buffers %s, work_mem %s, max_parallel_workers_per_gather %s, max_parallel_workers %s; jit %s (jit_above_cost %s); TimeZone America/New_York',
		current_setting('shared_buffers'), current_setting('work_mem'),
		current_setting('max_parallel_workers_per_gather'), current_setting('max_parallel_workers'),
		current_setting('jit'), current_setting('jit_above_cost')) AS h \gset
\echo :h
SELECT format('  data:       in each database: bench_sketch %s rows (%s durations, %s), %s daily sketches (<= %s bytes); bench_tickets %s rows (%s closed, %s), %s daily cohort timelines (<= %s bytes); unlogged, prewarmed',
		:'n_sketch', :'n_d', :'size_sketch', :'n_daily', :'max_sketch', :'n_tickets', :'n_closed', :'size_tickets', :'n_cohorts', :'max_tl') AS h \gset
\echo :h
SELECT format('  timing:     median of %s interleaved rounds after a warm-up; in each round every query runs once in ref and once in cur (alternating which first), timed in its server by clock_timestamp() around EXECUTE in PL/pgSQL; a query under %s ms is repeated back to back (reps) and ms is per execution',
		:runs, :min_ms) AS h \gset
\echo :h

-- ---------------------------------------------------------------------------
-- The queries.  base: the count() of the same expressions that the query's
-- aggregate is measured against; twin: the serial query that a parallel
-- one must equal; check: a query whose result (the full state as text, as
-- md5) must also be the same in both databases.
-- ---------------------------------------------------------------------------

CREATE TEMP TABLE cmp_query (
	ord serial, key text UNIQUE, section text, label text, settings text,
	query text, check_query text, base text, twin text, reps int NOT NULL DEFAULT 1,
	shape_ref text, shape_cur text, workers_ref int, workers_cur int,
	check_ref text, check_cur text
);
CREATE TEMP TABLE cmp_sample (key text, db text, round int, ms float8, result text);
CREATE TEMP TABLE cmp_check (ord serial, kind text, name text, value text, target text, ok boolean);

\set tl_args '(opened_at, closed_at, ''2025-01-01'', ''2026-01-01'', ''1 day'')'
SELECT format('duration sketch: bench_sketch, %s rows', :'n_sketch') AS s_sketch,
	format('rollup(duration_sketch): %s stored daily sketches', :'n_daily') AS s_roll,
	format('timeline: bench_tickets, %s rows; daily grid of 2025', :'n_tickets') AS s_tl,
	format('rollup(timeline): %s stored timelines (tickets opened each day, on the daily grid of 2025)', :'n_cohorts') AS s_tlroll \gset

INSERT INTO cmp_query (key, section, label, settings, query, check_query, base, twin)
SELECT key, section, label, settings, query, check_query, base, twin FROM (VALUES
	('d_count', :'s_sketch', 'count(d)', 'serial',
		$q$SELECT count(d) FROM bench_sketch$q$, NULL, NULL, NULL),
	('d_pct', :'s_sketch', 'percentile(duration_agg(d), 0.9)', 'serial',
		$q$SELECT percentile(duration_agg(d), 0.9) FROM bench_sketch$q$,
		$q$SELECT md5(duration_agg(d)::text) FROM bench_sketch$q$, 'd_count', NULL),
	('d_count_p', :'s_sketch', 'count(d)', 'parallel',
		$q$SELECT count(d) FROM bench_sketch$q$, NULL, NULL, 'd_count'),
	('d_pct_p', :'s_sketch', 'percentile(duration_agg(d), 0.9)', 'parallel',
		$q$SELECT percentile(duration_agg(d), 0.9) FROM bench_sketch$q$,
		$q$SELECT md5(duration_agg(d)::text) FROM bench_sketch$q$, 'd_count_p', 'd_pct'),
	('d_gcount', :'s_sketch', 'count(d) GROUP BY day', 'serial',
		$q$SELECT sum(n) FROM (SELECT day, count(d) AS n FROM bench_sketch GROUP BY day) g$q$, NULL, NULL, NULL),
	('d_group', :'s_sketch', 'duration_agg(d) GROUP BY day: max(percentile(., 0.9))', 'serial',
		$q$SELECT max(percentile(s, 0.9)) FROM (SELECT day, duration_agg(d) AS s FROM bench_sketch GROUP BY day) g$q$,
		$q$SELECT md5(string_agg(s::text, ';' ORDER BY day)) FROM (SELECT day, duration_agg(d) AS s FROM bench_sketch GROUP BY day) g$q$,
		'd_gcount', NULL),
	('d_gcount_p', :'s_sketch', 'count(d) GROUP BY day', 'parallel',
		$q$SELECT sum(n) FROM (SELECT day, count(d) AS n FROM bench_sketch GROUP BY day) g$q$, NULL, NULL, 'd_gcount'),
	('d_group_p', :'s_sketch', 'duration_agg(d) GROUP BY day: max(percentile(., 0.9))', 'parallel',
		$q$SELECT max(percentile(s, 0.9)) FROM (SELECT day, duration_agg(d) AS s FROM bench_sketch GROUP BY day) g$q$,
		$q$SELECT md5(string_agg(s::text, ';' ORDER BY day)) FROM (SELECT day, duration_agg(d) AS s FROM bench_sketch GROUP BY day) g$q$,
		'd_gcount_p', 'd_group'),
	('r_count', :'s_roll', 'count(s)', 'serial',
		$q$SELECT count(s) FROM bench_sketch_daily$q$, NULL, NULL, NULL),
	('r_roll', :'s_roll', 'percentile(rollup(s), 0.9)', 'serial',
		$q$SELECT percentile(rollup(s), 0.9) FROM bench_sketch_daily$q$,
		$q$SELECT md5(rollup(s)::text) FROM bench_sketch_daily$q$, 'r_count', NULL),
	('r_wcount', :'s_roll', 'count(s) GROUP BY week', 'serial',
		$q$SELECT sum(n) FROM (SELECT day / 7 AS week, count(s) AS n FROM bench_sketch_daily GROUP BY 1) g$q$, NULL, NULL, NULL),
	('r_week', :'s_roll', 'rollup(s) GROUP BY week: max(percentile(., 0.9))', 'serial',
		$q$SELECT max(percentile(w, 0.9)) FROM (SELECT day / 7 AS week, rollup(s) AS w FROM bench_sketch_daily GROUP BY 1) g$q$,
		$q$SELECT md5(string_agg(w::text, ';' ORDER BY week)) FROM (SELECT day / 7 AS week, rollup(s) AS w FROM bench_sketch_daily GROUP BY 1) g$q$,
		'r_wcount', NULL),
	('t_count', :'s_tl', 'count(opened_at), count(closed_at)', 'serial',
		$q$SELECT count(opened_at), count(closed_at) FROM bench_tickets$q$, NULL, NULL, NULL),
	('t_tl', :'s_tl', 'timeline_agg(...): sum(at_end) FROM periods()', 'serial',
		format('SELECT sum(at_end) FROM periods((SELECT timeline_agg%s FROM bench_tickets))', :'tl_args'),
		format('SELECT md5(timeline_agg%s::text) FROM bench_tickets', :'tl_args'), 't_count', NULL),
	('t_count_p', :'s_tl', 'count(opened_at), count(closed_at)', 'parallel',
		$q$SELECT count(opened_at), count(closed_at) FROM bench_tickets$q$, NULL, NULL, 't_count'),
	('t_tl_p', :'s_tl', 'timeline_agg(...): sum(at_end) FROM periods()', 'parallel',
		format('SELECT sum(at_end) FROM periods((SELECT timeline_agg%s FROM bench_tickets))', :'tl_args'),
		format('SELECT md5(timeline_agg%s::text) FROM bench_tickets', :'tl_args'), 't_count_p', 't_tl'),
	('l_count', :'s_tlroll', 'count(tl)', 'serial',
		$q$SELECT count(tl) FROM bench_timeline_daily$q$, NULL, NULL, NULL),
	('l_roll', :'s_tlroll', 'rollup(tl): sum(at_end) FROM periods()', 'serial',
		$q$SELECT sum(at_end) FROM periods((SELECT rollup(tl) FROM bench_timeline_daily))$q$,
		$q$SELECT md5(rollup(tl)::text) FROM bench_timeline_daily$q$, 'l_count', NULL)
) AS v(key, section, label, settings, query, check_query, base, twin);

-- ---------------------------------------------------------------------------
-- Timing.
-- ---------------------------------------------------------------------------

-- A warm-up run of every query in both databases, a calibration run that
-- sets reps (so one timing lasts at least min_ms), then runs rounds.
CREATE PROCEDURE pg_temp.run(runs int, min_ms float8) LANGUAGE plpgsql AS $$
DECLARE
	q record;
	db text;
	m record;
	fastest float8;
	t0 timestamptz := clock_timestamp();
BEGIN
	FOR q IN SELECT * FROM cmp_query ORDER BY ord LOOP
		FOREACH db IN ARRAY pg_temp.db_order(0, q.ord) LOOP
			PERFORM pg_temp.remote_time(db, q.query, q.settings, 1);
		END LOOP;
		fastest := NULL;
		FOREACH db IN ARRAY pg_temp.db_order(1, q.ord) LOOP
			SELECT * INTO m FROM pg_temp.remote_time(db, q.query, q.settings, 1);
			fastest := least(fastest, m.ms);
		END LOOP;
		UPDATE cmp_query SET reps = least(10000, greatest(1, ceil(min_ms / greatest(fastest, 0.001))))::int
		WHERE key = q.key;
	END LOOP;
	RAISE NOTICE 'warm-up and calibration done (% s)', round(extract(epoch FROM clock_timestamp() - t0), 1);
	FOR r IN 1..runs LOOP
		FOR q IN SELECT * FROM cmp_query ORDER BY ord LOOP
			FOREACH db IN ARRAY pg_temp.db_order(r, q.ord) LOOP
				INSERT INTO cmp_sample (key, db, round, ms, result)
				SELECT q.key, db, r, t.ms, t.result FROM pg_temp.remote_time(db, q.query, q.settings, q.reps) t;
			END LOOP;
		END LOOP;
		RAISE NOTICE 'round % of % done (% s)', r, runs, round(extract(epoch FROM clock_timestamp() - t0), 1);
	END LOOP;
END $$;

\warn '== timing:' :runs 'interleaved rounds after a warm-up, ref and cur alternately first'
SET client_min_messages = notice;
CALL pg_temp.run(:runs, :min_ms);
SET client_min_messages = warning;

-- ---------------------------------------------------------------------------
-- Plans and correctness.
-- ---------------------------------------------------------------------------

\warn '== plans and correctness checks'
UPDATE cmp_query SET
	shape_ref = pg_temp.remote_text('ref', format('SELECT csbench.plan_shape(%L, %L)', query, settings)),
	shape_cur = pg_temp.remote_text('cur', format('SELECT csbench.plan_shape(%L, %L)', query, settings)),
	check_ref = CASE WHEN check_query IS NOT NULL
		THEN pg_temp.remote_text('ref', format('SELECT csbench.result(%L, %L)', check_query, settings)) END,
	check_cur = CASE WHEN check_query IS NOT NULL
		THEN pg_temp.remote_text('cur', format('SELECT csbench.result(%L, %L)', check_query, settings)) END
WHERE true;
UPDATE cmp_query SET
	workers_ref = pg_temp.remote_text('ref', format('SELECT csbench.workers_launched(%L, %L)', query, settings))::int,
	workers_cur = pg_temp.remote_text('cur', format('SELECT csbench.workers_launched(%L, %L)', query, settings))::int
WHERE settings LIKE 'parallel%';

-- the setup: each database runs its own library
INSERT INTO cmp_check (kind, name, value, target, ok) VALUES
	('correct', 'ref runs csmetrics_ref.so, cur runs csmetrics.so',
		split_part(:'ext_ref', ' | ', 2) || '; ' || split_part(:'ext_cur', ' | ', 2),
		'$libdir/csmetrics_ref; $libdir/csmetrics', :'lib_ref_ok'::boolean AND :'lib_cur_ok'::boolean);

-- the same data and the same stored states in both databases
SELECT $$SELECT concat_ws(' ',
		(SELECT md5(row(count(*), count(d), sum(day), sum(d))::text) FROM bench_sketch),
		(SELECT md5(row(count(*), count(closed_at), sum(extract(epoch FROM opened_at)),
			sum(extract(epoch FROM closed_at)))::text) FROM bench_tickets))$$ AS q_data,
	$$SELECT concat_ws(' ',
		(SELECT md5(string_agg(s::text, ';' ORDER BY day)) FROM bench_sketch_daily),
		(SELECT md5(string_agg(tl::text, ';' ORDER BY day)) FROM bench_timeline_daily))$$ AS q_stored \gset
INSERT INTO cmp_check (kind, name, value, target, ok)
SELECT 'correct', name, left(c, 8) || CASE WHEN r = c THEN ' in both' ELSE ', ref ' || left(r, 8) END, 'same', r = c
FROM (VALUES
	('same rows in both databases (counts and sums, md5)', :'q_data'),
	('same stored daily sketches and timelines, built by each (text, md5)', :'q_stored')) v(name, q),
	LATERAL (SELECT pg_temp.remote_text('ref', v.q) AS r, pg_temp.remote_text('cur', v.q) AS c) x;

-- A result row as text, without the row's parentheses and quotes.
CREATE FUNCTION pg_temp.bare(row_text text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT regexp_replace(row_text, '^\("?|"?\)$', '', 'g');
$$;

-- every query: the same result in ref and cur, every timed run
INSERT INTO cmp_check (kind, name, value, target, ok)
SELECT 'correct', format('same result in ref and cur: %s, %s', q.label, q.settings),
	left(pg_temp.bare(min(s.result)), 40)
		|| CASE WHEN q.check_query IS NOT NULL THEN '; state md5 ' || left(pg_temp.bare(q.check_cur), 8) ELSE '' END
		|| CASE WHEN count(DISTINCT s.result) > 1 THEN format('; %s different results', count(DISTINCT s.result)) ELSE '' END
		|| CASE WHEN q.check_ref IS DISTINCT FROM q.check_cur THEN '; ref state md5 ' || left(pg_temp.bare(q.check_ref), 8) ELSE '' END,
	'same',
	count(DISTINCT s.result) = 1 AND count(s.result) = count(*) AND count(*) = 2 * :runs
		AND q.check_ref IS NOT DISTINCT FROM q.check_cur
FROM cmp_query q LEFT JOIN cmp_sample s ON s.key = q.key
GROUP BY q.ord, q.label, q.settings, q.check_query, q.check_ref, q.check_cur
ORDER BY q.ord;

-- parallel = serial, in both databases
INSERT INTO cmp_check (kind, name, value, target, ok)
SELECT 'correct', format('parallel = serial in ref and cur: %s', p.label),
	CASE WHEN ok THEN 'equal' ELSE 'DIFFERENT' END, 'equal', ok
FROM cmp_query p JOIN cmp_query s ON s.key = p.twin,
	LATERAL (SELECT (SELECT count(DISTINCT result) FROM cmp_sample WHERE key IN (p.key, s.key)) = 1
		AND p.check_ref IS NOT DISTINCT FROM s.check_ref AND p.check_cur IS NOT DISTINCT FROM s.check_cur AS ok) x
ORDER BY p.ord;

-- the same plan in both databases; where forced, a parallel plan with a
-- partial aggregate and two workers launched
INSERT INTO cmp_check (kind, name, value, target, ok)
SELECT 'plan', format('plan: %s, %s', label, settings),
	shape_cur || CASE WHEN shape_ref = shape_cur THEN '; ref the same' ELSE '; ref: ' || shape_ref END
		|| CASE WHEN settings LIKE 'parallel%' THEN format('; workers launched ref %s, cur %s', workers_ref, workers_cur) ELSE '' END,
	CASE WHEN settings LIKE 'parallel%' THEN 'same; Partial, 2 workers' ELSE 'same' END,
	shape_ref = shape_cur AND (settings NOT LIKE 'parallel%'
		OR (shape_cur LIKE '%Gather%Partial%' AND workers_ref = 2 AND workers_cur = 2))
FROM cmp_query ORDER BY ord;

-- the tables stayed in shared buffers through the timing
SELECT pg_temp.remote_text('ref', 'SELECT cached || '' '' || blocks FROM csbench.cached()') AS cache_ref,
	pg_temp.remote_text('cur', 'SELECT cached || '' '' || blocks FROM csbench.cached()') AS cache_cur \gset
INSERT INTO cmp_check (kind, name, value, target, ok)
SELECT 'check', 'tables in shared buffers after the timing (blocks)',
	format('ref %s of %s, cur %s of %s', split_part(:'cache_ref', ' ', 1), split_part(:'cache_ref', ' ', 2),
		split_part(:'cache_cur', ' ', 1), split_part(:'cache_cur', ' ', 2)),
	'all',
	split_part(:'cache_ref', ' ', 1) = split_part(:'cache_ref', ' ', 2)
		AND split_part(:'cache_cur', ' ', 1) = split_part(:'cache_cur', ' ', 2);

SELECT dblink_disconnect('ref') AS d_ref, dblink_disconnect('cur') AS d_cur \gset

-- ---------------------------------------------------------------------------
-- Report.
-- ---------------------------------------------------------------------------

CREATE TEMP TABLE cmp_median AS
SELECT key, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE db = 'ref') AS ref_ms,
	percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE db = 'cur') AS cur_ms
FROM cmp_sample GROUP BY key;

CREATE TEMP TABLE cmp_report AS
SELECT q.ord, q.section, q.label, q.settings, q.reps, q.base, m.ref_ms, m.cur_ms,
	m.cur_ms / nullif(m.ref_ms, 0) AS cur_ref,
	m.ref_ms / nullif(b.ref_ms, 0) AS ref_count,
	m.cur_ms / nullif(b.cur_ms, 0) AS cur_count
FROM cmp_query q JOIN cmp_median m ON m.key = q.key LEFT JOIN cmp_median b ON b.key = q.base;

CREATE FUNCTION pg_temp.fmt(x float8) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN x IS NULL THEN '' WHEN x >= 100 THEN round(x::numeric)::text
		WHEN x >= 1 THEN round(x::numeric, 2)::text ELSE round(x::numeric, 3)::text END;
$$;

\echo
SELECT name AS "query", settings, reps, "ref ms", "cur ms", "cur/ref", target, ok, "ref/count", "cur/count"
FROM (SELECT ord, 0 AS sub, '# ' || section AS name, NULL AS settings, NULL::int AS reps, NULL AS "ref ms",
			NULL AS "cur ms", NULL AS "cur/ref", NULL AS target, NULL AS ok, NULL AS "ref/count", NULL AS "cur/count"
		FROM (SELECT DISTINCT ON (section) ord, section FROM cmp_report ORDER BY section, ord) s
	  UNION ALL
	  SELECT ord, 1, '  ' || label, settings, reps, pg_temp.fmt(ref_ms), pg_temp.fmt(cur_ms),
			round(cur_ref::numeric, 2)::text,
			CASE WHEN base IS NOT NULL THEN '<= 1.10' ELSE '' END,
			CASE WHEN base IS NULL THEN '' WHEN cur_ref <= 1.10 THEN 'ok' ELSE 'MISS' END,
			pg_temp.fmt(ref_count), pg_temp.fmt(cur_count)
	  FROM cmp_report) r
ORDER BY ord, sub;
\echo '  ms: median per execution; cur/ref of a count() row shows the noise between the databases; ref/count, cur/count: the aggregate against count() of the same expressions, same settings'
\echo

SELECT name AS "check", value, target, CASE ok WHEN true THEN 'ok' WHEN false THEN 'MISS' ELSE '' END AS ok
FROM cmp_check ORDER BY ord;

SELECT coalesce(bool_and(ok IS TRUE) FILTER (WHERE kind = 'correct'), false) AS correct,
	format('SUMMARY: %s of %s timing targets met (cur/ref <= 1.10)%s; plans and cache: %s of %s as expected%s; correctness: %s of %s checks passed; %s rows, %s rounds; ref %s, cur %s',
		(SELECT count(*) FROM cmp_report WHERE base IS NOT NULL AND cur_ref <= 1.10),
		(SELECT count(*) FROM cmp_report WHERE base IS NOT NULL),
		(SELECT ' (missed: ' || string_agg(format('%s, %s: %s', label, settings, round(cur_ref::numeric, 2)), '; ' ORDER BY ord) || ')'
		 FROM cmp_report WHERE base IS NOT NULL AND cur_ref IS DISTINCT FROM NULL AND NOT cur_ref <= 1.10),
		count(*) FILTER (WHERE kind IN ('plan', 'check') AND ok),
		count(*) FILTER (WHERE kind IN ('plan', 'check')),
		' (missed: ' || string_agg(name, '; ' ORDER BY ord) FILTER (WHERE kind IN ('plan', 'check') AND ok IS NOT TRUE) || ')',
		count(*) FILTER (WHERE kind = 'correct' AND ok),
		count(*) FILTER (WHERE kind = 'correct'),
		:'n_sketch', :runs, :'ref_id', :'cur_id') AS summary
FROM cmp_check \gset
\echo
\echo :summary
\if :correct
\else
	DO $$ BEGIN RAISE EXCEPTION 'csmetrics comparison: a correctness check failed'; END $$;
\endif
