-- bench/compare_data.sql: one database of bench/compare.sql (included with
-- \ir, connected to the database): the extension, the data and the helpers
-- that bench/compare.sql calls through dblink.
--
-- psql variables: ext (the extension to create: csmetrics or csmetrics_ref)
-- and rows (rows of bench_sketch and of bench_tickets).
--
-- Creates the unlogged tables
--
--   bench_sketch (day, d)              bench/duration_sketch.sql's durations
--   bench_sketch_daily (day, s)        their daily duration sketches (365)
--   bench_tickets (opened_at, closed_at)   bench/timeline.sql's tickets
--   bench_timeline_daily (day, tl)     timelines of the tickets opened each
--                                      day, on the daily grid of 2025 (427)
--
-- with the generators of bench/duration_sketch.sql and bench/timeline.sql
-- (every random quantity a hash of the row number, so both databases get
-- the same rows), less their id column, so that two copies of 5M rows fit
-- in 1GB of shared buffers; the stored states are built by each
-- database's own extension.  Then schema csbench with the helpers, and
-- pg_prewarm of every table (and TOAST table).

SET client_min_messages = warning;
CREATE EXTENSION :"ext";
CREATE EXTENSION pg_buffercache;

-- pg_temp.uniform, pg_temp.normal, pg_temp.prewarm (and the framework's
-- temporary tables, unused here).
\ir lib.sql

-- As in bench/duration_sketch.sql: Box-Muller from two adjacent streams.
CREATE FUNCTION pg_temp.normal_adjacent(key bigint, stream integer) RETURNS double precision
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN sqrt(-2 * ln(1 - pg_temp.uniform(key, stream)))
		* cos(2 * pi() * pg_temp.uniform(key, stream + 1));

-- One process and room to sort, as bench/timeline.sql generates its data.
SET max_parallel_workers_per_gather = 0;
SET work_mem = '1GB';
-- The timeline grid is local days of 2025 in America/New_York, as in
-- bench/timeline.sql (bench/compare.sql also sets it for both databases).
SET TimeZone = 'America/New_York';

-- bench/duration_sketch.sql's durations: a mix of three log-normals and
-- 0.2 % zeros over 365 days in row order; 2 % NULL.
CREATE UNLOGGED TABLE bench_sketch (day int, d interval);
INSERT INTO bench_sketch (day, d)
SELECT ((g - 1) * 365 / :rows)::int,
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

-- bench/timeline.sql's tickets: opened uniformly from 2024-12-01 to
-- 2026-01-31 in opened_at order, a log-normal resolution time around 20
-- hours, 8 % never closed.
CREATE UNLOGGED TABLE bench_tickets (opened_at timestamptz, closed_at timestamptz);
INSERT INTO bench_tickets (opened_at, closed_at)
SELECT opened,
	CASE WHEN pg_temp.uniform(g, 2) < 0.08 THEN NULL
		ELSE opened + interval '1 second' * round(72000 * exp(1.3 * pg_temp.normal(g, 3))) END
FROM (SELECT g, timestamptz '2024-12-01 00:00-05'
		+ interval '1 second' * round((g - 1 + pg_temp.uniform(g, 1)) * (427 * 86400.0 / :rows)) AS opened
	  FROM generate_series(1, :rows::bigint) AS g) s;
ALTER TABLE bench_tickets SET (parallel_workers = 2);
CREATE UNLOGGED TABLE bench_timeline_daily AS
SELECT date_trunc('day', opened_at) AS day,
	timeline_agg(opened_at, closed_at, '2025-01-01', '2026-01-01', '1 day') AS tl
FROM bench_tickets GROUP BY 1;

RESET work_mem;
RESET max_parallel_workers_per_gather;
VACUUM ANALYZE bench_sketch, bench_sketch_daily, bench_tickets, bench_timeline_daily;

-- ---------------------------------------------------------------------------
-- Helpers for bench/compare.sql, which calls them through dblink.  Settings
-- are set local to the calling transaction (one dblink query): 'serial'
-- (max_parallel_workers_per_gather = 0), 'parallel' (two workers, forced:
-- parallel_setup_cost = parallel_tuple_cost = 0), then any name=value.
-- ---------------------------------------------------------------------------

CREATE SCHEMA csbench;

CREATE FUNCTION csbench.apply(settings text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	words text[] := regexp_split_to_array(trim(settings), '\s+');
	item text;
BEGIN
	CASE words[1]
	WHEN 'serial' THEN
		PERFORM set_config('max_parallel_workers_per_gather', '0', true);
	WHEN 'parallel' THEN
		PERFORM set_config('max_parallel_workers_per_gather', '2', true);
		PERFORM set_config('parallel_setup_cost', '0', true);
		PERFORM set_config('parallel_tuple_cost', '0', true);
	END CASE;
	FOREACH item IN ARRAY words[2:] LOOP
		IF item !~ '^[a-z_.]+=.' THEN
			RAISE EXCEPTION 'benchmark settings: expected name=value, got "%"', item;
		END IF;
		PERFORM set_config(split_part(item, '=', 1), substr(item, strpos(item, '=') + 1), true);
	END LOOP;
END $$;

-- Run the query reps times back to back, timed by clock_timestamp() around
-- the EXECUTEs (each fetches the query's single row: no client round trip,
-- no result transfer); ms per execution, and the last row as text.
CREATE FUNCTION csbench.time_query(query text, settings text, reps int, OUT ms float8, OUT result text)
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	r record;
BEGIN
	PERFORM csbench.apply(settings);
	t0 := clock_timestamp();
	FOR i IN 1..reps LOOP
		EXECUTE query INTO r;
	END LOOP;
	ms := 1000 * extract(epoch FROM clock_timestamp() - t0)::float8 / reps;
	result := r::text;
END $$;

-- The plan's node names, top down ('Finalize Aggregate < Gather < Partial
-- Aggregate < Parallel Seq Scan'), as bench/lib.sql's pg_temp.plan_shape,
-- then the JIT options when the plan is compiled (EXPLAIN shows them only
-- with costs), as bench/lib.sql's pg_temp.jit_use.
CREATE FUNCTION csbench.plan_shape(query text, settings text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	line text;
	nodes text[] := '{}';
	jit text := '';
BEGIN
	PERFORM csbench.apply(settings);
	FOR line IN EXECUTE 'EXPLAIN ' || query LOOP
		IF line ~ '^\s*Options:' THEN
			jit := '; JIT ' || trim(regexp_replace(line, '^\s*Options:', ''));
		END IF;
		line := regexp_replace(line, '\s+\(cost=.*$', '');
		CONTINUE WHEN line ~ ':' OR line !~ '^\s*(->\s+)?[A-Z]';
		nodes := nodes || regexp_replace(line, '^\s*(->\s+)?(.*?)(\s+(using|on)\s.*)?$', '\2');
	END LOOP;
	RETURN array_to_string(nodes, ' < ') || jit;
END $$;

-- Workers launched by the Gather nodes of one EXPLAIN ANALYZE run.
CREATE FUNCTION csbench.workers_launched(query text, settings text) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
	line text;
	launched int := 0;
BEGIN
	PERFORM csbench.apply(settings);
	FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || query LOOP
		IF line ~ 'Workers Launched:' THEN
			launched := launched + substring(line FROM 'Workers Launched:\s*(\d+)')::int;
		END IF;
	END LOOP;
	RETURN launched;
END $$;

-- The query's single row as text.
CREATE FUNCTION csbench.result(query text, settings text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	PERFORM csbench.apply(settings);
	EXECUTE query INTO r;
	RETURN r::text;
END $$;

-- The benchmark tables and their TOAST tables.
CREATE FUNCTION csbench.relations() RETURNS regclass[]
LANGUAGE sql STABLE AS $$
	SELECT array_agg(r ORDER BY r::text)
	FROM (SELECT c.oid::regclass AS r FROM pg_class c
		  WHERE c.relname IN ('bench_sketch', 'bench_sketch_daily', 'bench_tickets', 'bench_timeline_daily')
			AND c.relnamespace = 'public'::regnamespace
		  UNION ALL
		  SELECT c.reltoastrelid::regclass FROM pg_class c
		  WHERE c.relname IN ('bench_sketch', 'bench_sketch_daily', 'bench_tickets', 'bench_timeline_daily')
			AND c.relnamespace = 'public'::regnamespace AND c.reltoastrelid <> 0) s;
$$;

-- Blocks of the benchmark tables (and their TOAST tables) in shared buffers,
-- and their size in blocks.
CREATE FUNCTION csbench.cached(OUT cached bigint, OUT blocks bigint)
LANGUAGE sql STABLE AS $$
	SELECT (SELECT count(*) FROM pg_buffercache b
			WHERE b.reldatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
				AND b.relforknumber = 0
				AND b.relfilenode IN (SELECT pg_relation_filenode(r) FROM unnest(csbench.relations()) r)),
		(SELECT sum(pg_relation_size(r) / current_setting('block_size')::int)::bigint
		 FROM unnest(csbench.relations()) r);
$$;

SELECT pg_temp.prewarm((SELECT array_agg(r::text) FROM unnest(csbench.relations()) r)) AS prewarmed \gset
