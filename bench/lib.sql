-- bench/lib.sql: the timing and report framework shared by the benchmarks
-- (bench/survey.sql, bench/timing.sql), included with \ir lib.sql.
--
-- Including it creates session-local helpers in pg_temp and the temporary
-- tables bench_result and bench_sample, and sets the psql variables
--
--   jit                        the session's jit setting
--   h_version, h_settings,     header lines: server and csmetrics versions,
--   h_jit                      memory and parallel settings, JIT thresholds
--
-- A benchmark then registers its report lines, in order:
--
--   CALL pg_temp.section(title)                     a heading
--   CALL pg_temp.bench(key, name, settings, query)  a timed query
--   CALL pg_temp.fastest(key, name, keys)           the fastest of timed queries
--   CALL pg_temp.ratio(name, num_key, den_key, target)
--                                                   median(num) / median(den);
--                                                   target '<= x', '>= x', or
--                                                   NULL for information only
--   CALL pg_temp.check(kind, name, value, target, ok)
--                                                   kind 'check' (a target that
--                                                   is not a timing), 'info', or
--                                                   'correct' (a correctness check)
--
-- runs them all with CALL pg_temp.run(runs), and prints the report with
--
--   SELECT * FROM pg_temp.report();
--   SELECT * FROM pg_temp.report_summary('N rows') \gset   -- sets correct, summary
--
-- Each query is timed in the server, by clock_timestamp() around an EXECUTE
-- in PL/pgSQL that fetches the query's single result row: no client round
-- trip, no result transfer, no EXPLAIN ANALYZE instrumentation.
--
-- settings of a timed query (and of pg_temp.use_settings): 'serial',
-- 'parallel' (two workers, forced) or 'default' (the session's settings),
-- optionally followed by GUC assignments such as 'serial work_mem=1GB'.

SELECT current_setting('jit') AS jit,
	format('  PostgreSQL: %s, csmetrics %s', split_part(version(), ' on ', 1),
		(SELECT extversion FROM pg_extension WHERE extname = 'csmetrics')) AS h_version,
	format('  settings:   shared_buffers %s, work_mem %s, max_parallel_workers_per_gather %s, max_parallel_workers %s',
		current_setting('shared_buffers'), current_setting('work_mem'),
		current_setting('max_parallel_workers_per_gather'), current_setting('max_parallel_workers')) AS h_settings,
	format('  jit:        %s (jit_above_cost %s, jit_optimize_above_cost %s)', current_setting('jit'),
		current_setting('jit_above_cost'), current_setting('jit_optimize_above_cost')) AS h_jit
\gset

-- Data generators shared by the benchmarks: every random quantity is a hash
-- of a row key and a stream number, so the data are the same on every run,
-- whatever the plan.  Uniform in [0, 1): the top 53 bits of a seeded 64-bit
-- hash; standard normal (Box-Muller) from two uniform streams, 1 - u being
-- in (0, 1].  Plain SQL expressions, inlined by the planner.
CREATE FUNCTION pg_temp.uniform(key bigint, stream integer) RETURNS double precision
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN ((hashint8extended(key, stream) >> 11) & 9007199254740991)::double precision
		/ 9007199254740992.0;
CREATE FUNCTION pg_temp.normal(key bigint, stream integer) RETURNS double precision
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN sqrt(-2.0 * ln(1.0 - pg_temp.uniform(key, 1000 + stream)))
		* cos(2.0 * pi() * pg_temp.uniform(key, 2000 + stream));

-- A seq scan of a table over a quarter of shared_buffers reads through a
-- small ring buffer, so a count alone leaves most of it outside shared
-- buffers: load the tables and the index with pg_prewarm when it can be
-- had (dropping it again if created here), then count once.
CREATE FUNCTION pg_temp.prewarm(rels text[]) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	had boolean := EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_prewarm');
	blocks bigint := 0;
	n bigint;
	rel text;
BEGIN
	IF NOT had THEN
		CREATE EXTENSION pg_prewarm;
	END IF;
	FOREACH rel IN ARRAY rels LOOP
		EXECUTE 'SELECT pg_prewarm($1::regclass)' INTO STRICT n USING rel;
		blocks := blocks + n;
	END LOOP;
	IF NOT had THEN
		DROP EXTENSION pg_prewarm;
	END IF;
	RETURN blocks || ' blocks prewarmed';
EXCEPTION WHEN OTHERS THEN
	RETURN 'not prewarmed (' || SQLERRM || ')';
END $$;

-- ---------------------------------------------------------------------------
-- Timing and reporting helpers (session-local, in pg_temp).
--
-- The timed queries are registered first and run at the end by
-- pg_temp.run(): one untimed warm-up each, then runs rounds in which every
-- query runs once, under its own settings.  Interleaving the queries so
-- spreads any change of machine load over all of them, which keeps the
-- ratios honest on a shared machine.
-- ---------------------------------------------------------------------------

-- Median wall time in ms of the query over runs runs, after one untimed run
-- unless warmup is false.  EXECUTE ... INTO fetches the query's single row,
-- so the aggregate runs to the end; nothing is sent to the client.
CREATE FUNCTION pg_temp.bench_time(query text, runs int, warmup boolean DEFAULT true)
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	times float8[] := '{}';
	result record;
BEGIN
	IF warmup THEN
		EXECUTE query INTO result;
	END IF;
	FOR i IN 1..runs LOOP
		t0 := clock_timestamp();
		EXECUTE query INTO result;
		times := times || (1000 * extract(epoch FROM clock_timestamp() - t0))::float8;
	END LOOP;
	RETURN (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(times) AS t);
END $$;

-- Settings of one timed query: 'serial', 'parallel' (two workers, forced) or
-- 'default' (the session's settings), then any number of name=value GUC
-- assignments ('serial work_mem=1GB').  Whatever an earlier call set is
-- reset first; the names it assigned are remembered in csbench.assigned.
CREATE PROCEDURE pg_temp.use_settings(settings text) LANGUAGE plpgsql AS $$
DECLARE
	item text;
	words text[] := regexp_split_to_array(trim(settings), '\s+');
	assigned text[] := '{}';
BEGIN
	RESET max_parallel_workers_per_gather;
	RESET parallel_setup_cost;
	RESET parallel_tuple_cost;
	FOREACH item IN ARRAY coalesce(string_to_array(nullif(current_setting('csbench.assigned', true), ''), ','), '{}') LOOP
		EXECUTE format('RESET %I', item);
	END LOOP;
	CASE words[1]
	WHEN 'serial' THEN
		SET max_parallel_workers_per_gather = 0;
	WHEN 'parallel' THEN
		SET max_parallel_workers_per_gather = 2;
		SET parallel_setup_cost = 0;
		SET parallel_tuple_cost = 0;
	WHEN 'default' THEN
		NULL;
	END CASE;
	FOREACH item IN ARRAY words[2:] LOOP
		IF item !~ '^[a-z_.]+=.' THEN
			RAISE EXCEPTION 'benchmark settings: expected name=value, got "%"', item;
		END IF;
		PERFORM set_config(split_part(item, '=', 1), substr(item, strpos(item, '=') + 1), false);
		assigned := assigned || split_part(item, '=', 1);
	END LOOP;
	PERFORM set_config('csbench.assigned', array_to_string(assigned, ','), false);
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

-- Whether the query spills to disk, from one EXPLAIN (ANALYZE, BUFFERS)
-- run: 'no', or what says it does, in short (a hash aggregate's planned
-- partitions and batches, an external sort, disk usage, temp file blocks
-- written; the last also catches the sorts inside ordered-set aggregates
-- such as percentile_cont, which EXPLAIN does not show).
CREATE FUNCTION pg_temp.spills(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	line text;
	found text[] := '{}';
	m text[];
	spilled boolean := false;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || query LOOP
		spilled := spilled OR line ~ 'Disk Usage|external|Batches: ([2-9]|[1-9][0-9])|temp (read|written)=';
		FOR m IN SELECT regexp_matches(line,
				'(Planned Partitions: \d+|Batches: \d+|Disk Usage: \d+kB|external \w+|Disk: \d+kB|temp (?:read=\d+ )?written=\d+)', 'g') LOOP
			IF NOT m[1] = ANY (found) THEN
				found := found || m[1];
			END IF;
		END LOOP;
	END LOOP;
	RETURN CASE WHEN NOT spilled THEN 'no' ELSE coalesce(nullif(array_to_string(found, ', '), ''), 'yes') END;
END $$;

-- The JIT options of the plan, 'not compiled' when it is not.  (EXPLAIN
-- shows them only with COSTS.)
CREATE FUNCTION pg_temp.jit_use(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	line text;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN ' || query LOOP
		IF line ~ '^\s*Options:' THEN
			RETURN trim(regexp_replace(line, '^\s*Options:', ''));
		END IF;
	END LOOP;
	RETURN 'not compiled';
END $$;

-- The report, one row per line.  kind: section (a heading), time (a timed
-- query: settings, query; ms once run), fastest (the fastest of the timed
-- queries whose keys query lists), ratio (of the timings num / den,
-- with a target), info (a ratio or value without target), check (a target
-- that is not a timing), correct (a correctness check).
CREATE TEMP TABLE bench_result (
	ord serial, kind text, key text, name text,
	settings text, query text, num text, den text,
	ms float8, ratio text, target text, ok boolean
);
CREATE TEMP TABLE bench_sample (key text, round int, ms float8);

CREATE PROCEDURE pg_temp.section(title text) LANGUAGE sql AS $$
	INSERT INTO bench_result (kind, name) VALUES ('section', '# ' || title);
$$;

CREATE PROCEDURE pg_temp.bench(key text, name text, settings text, query text) LANGUAGE sql AS $$
	INSERT INTO bench_result (kind, key, name, settings, query)
	VALUES ('time', key, '  ' || name, settings, query);
$$;

-- target: '<= x', '>= x', or NULL for information only.
CREATE PROCEDURE pg_temp.ratio(name text, num text, den text, target text) LANGUAGE sql AS $$
	INSERT INTO bench_result (kind, name, num, den, target)
	VALUES (CASE WHEN target IS NULL THEN 'info' ELSE 'ratio' END, '  ' || name, num, den, target);
$$;

CREATE PROCEDURE pg_temp.check(kind text, name text, value text, target text, ok boolean) LANGUAGE sql AS $$
	INSERT INTO bench_result (kind, name, ratio, target, ok) VALUES (kind, '  ' || name, value, target, ok);
$$;

-- The fastest of several timed queries (keys, registered before), as a
-- timing of its own that ratios can use: its name gets the winner's key.
CREATE PROCEDURE pg_temp.fastest(key text, name text, keys text[]) LANGUAGE sql AS $$
	INSERT INTO bench_result (kind, key, name, query)
	VALUES ('fastest', key, '  ' || name, array_to_string(keys, ','));
$$;

-- Time every registered query, interleaved, and work out the ratios.
CREATE PROCEDURE pg_temp.run(runs int) LANGUAGE plpgsql AS $$
DECLARE
	q record;
	t0 timestamptz := clock_timestamp();
BEGIN
	FOR q IN SELECT * FROM bench_result WHERE kind = 'time' ORDER BY ord LOOP
		CALL pg_temp.use_settings(q.settings);
		PERFORM pg_temp.bench_time(q.query, 0);
	END LOOP;
	RAISE NOTICE 'warm-up done (% s)', round(extract(epoch FROM clock_timestamp() - t0), 1);
	FOR r IN 1..runs LOOP
		FOR q IN SELECT * FROM bench_result WHERE kind = 'time' ORDER BY ord LOOP
			CALL pg_temp.use_settings(q.settings);
			INSERT INTO bench_sample VALUES (q.key, r, pg_temp.bench_time(q.query, 1, false));
		END LOOP;
		RAISE NOTICE 'round % of % done (% s)', r, runs, round(extract(epoch FROM clock_timestamp() - t0), 1);
	END LOOP;
	CALL pg_temp.use_settings('default');

	UPDATE bench_result b SET ms = s.median
	FROM (SELECT key, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median
		FROM bench_sample GROUP BY key) s
	WHERE b.kind = 'time' AND b.key = s.key;

	UPDATE bench_result b SET ms = w.ms, name = b.name || ': ' || w.key
	FROM bench_result w
	WHERE b.kind = 'fastest' AND w.kind = 'time'
		AND w.ord = (SELECT c.ord FROM bench_result c
			WHERE c.kind = 'time' AND c.key = ANY (string_to_array(b.query, ','))
			ORDER BY c.ms, c.ord LIMIT 1);

	UPDATE bench_result b
	SET ratio = CASE WHEN x.r >= 100 THEN round(x.r::numeric)::text ELSE round(x.r::numeric, 2)::text END,
		ok = CASE WHEN b.target LIKE '<=%' THEN x.r <= x.lim WHEN b.target LIKE '>=%' THEN x.r >= x.lim END
	FROM (SELECT b2.ord, n.ms / nullif(d.ms, 0) AS r,
			nullif(split_part(b2.target, ' ', 2), '')::float8 AS lim
		FROM bench_result b2
		JOIN bench_result n ON n.kind IN ('time', 'fastest') AND n.key = b2.num
		JOIN bench_result d ON d.kind IN ('time', 'fastest') AND d.key = b2.den) x
	WHERE b.ord = x.ord;
END $$;

-- The report table: name | median ms | ratio | target | ok.
CREATE FUNCTION pg_temp.report()
RETURNS TABLE (name text, "median ms" numeric, ratio text, target text, ok text)
LANGUAGE sql AS $$
	SELECT name,
		round(ms::numeric, 2),
		coalesce(ratio, ''),
		coalesce(target, ''),
		CASE ok WHEN true THEN 'ok' WHEN false THEN 'MISS' ELSE '' END
	FROM bench_result ORDER BY ord;
$$;

-- The SUMMARY line, ending in what (e.g. '10000000 rows'), and whether every
-- correctness check passed (false when there is none).
CREATE FUNCTION pg_temp.report_summary(what text)
RETURNS TABLE (correct boolean, summary text)
LANGUAGE sql AS $$
	SELECT coalesce(bool_and(ok IS TRUE) FILTER (WHERE kind = 'correct'), false),
		format('SUMMARY: %s of %s targets met%s; correctness: %s of %s checks passed; %s',
			count(*) FILTER (WHERE kind IN ('ratio', 'check') AND ok),
			count(*) FILTER (WHERE kind IN ('ratio', 'check')),
			' (missed: ' || string_agg(trim(name), '; ' ORDER BY ord)
				FILTER (WHERE kind IN ('ratio', 'check') AND ok IS NOT TRUE) || ')',
			count(*) FILTER (WHERE kind = 'correct' AND ok),
			count(*) FILTER (WHERE kind = 'correct'),
			what)
	FROM bench_result;
$$;
