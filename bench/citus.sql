-- bench/citus.sql: csmetrics on a Citus cluster: the p90 of a duration
-- sketch and a daily timeline over distributed tickets, each against a
-- count of its inputs over the same table; run by bash bench/citus.sh,
-- which starts the cluster (a coordinator and two workers) and loads
-- dist.tickets (distributed by id) and plain.tickets (the same rows, one
-- table on the coordinator) with test/citus/data.sql.
--
-- psql variable: runs (timed runs per query after one untimed warm-up; the
-- median is reported).  The timing framework is bench/lib.sql: each query is
-- timed on the coordinator by clock_timestamp() around an EXECUTE in
-- PL/pgSQL, in interleaved rounds.
--
-- Besides the timings it prints how Citus runs each query (split into a
-- partial aggregate per shard, or every row pulled to the coordinator), the
-- rows and bytes the coordinator receives, and checks that the distributed
-- results equal the single-node ones.

\set ON_ERROR_STOP on
\set QUIET on
\if :{?runs}
\else
	\set runs 5
\endif
\pset footer off
\pset null ''

SELECT to_regclass('dist.tickets') IS NOT NULL AND EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')
	AS have_cluster \gset
\if :have_cluster
\else
	\echo 'bench/citus.sql needs the Citus cluster and tables of bench/citus.sh: run bash bench/citus.sh'
	\quit
\endif

-- error: Citus warns that functions in pg_temp (lib.sql's and these) stay
-- on the coordinator, as they should
SET client_min_messages = error;
\ir lib.sql

SELECT citus_version() AS citus_version,
	(SELECT count(*) FROM pg_dist_node WHERE shouldhaveshards) AS workers,
	(SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 'dist.tickets'::regclass) AS shards,
	(SELECT count(*) FROM plain.tickets) AS ticket_count,
	(SELECT count(resolved_at) FROM plain.tickets) AS resolved_count
\gset

\echo 'csmetrics on Citus benchmark'
\echo :h_version
\echo '  citus:     ' :citus_version
\echo '  cluster:    a coordinator and' :workers 'workers on one machine (loopback),' :shards 'shards per table'
\echo :h_settings '(coordinator)'
SELECT format('  tickets:    %s (%s resolved), dist.tickets distributed by id; plain.tickets the same rows on the coordinator', :ticket_count, :resolved_count) AS h_tickets,
	format('  timing:     median of %s interleaved runs per query, after a warm-up run; clock_timestamp() around EXECUTE in PL/pgSQL on the coordinator', :runs) AS h_timing \gset
\echo :h_tickets
\echo :h_timing
SELECT current_setting('TimeZone') AS tz \gset
\echo '  timeline:   365 local days of 2025 in' :tz '(the TimeZone of every node)'

-- How Citus runs a query, from EXPLAIN (VERBOSE): 'split' (worker_partial_agg
-- on each shard, combined on the coordinator), 'pulled' (rows pulled to the
-- coordinator and aggregated there) or 'on the workers'.
CREATE FUNCTION pg_temp.citus_plan(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	line text;
	plan text := '';
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || query LOOP
		plan := plan || line || E'\n';
	END LOOP;
	RETURN CASE
		WHEN plan ~ 'worker_partial_agg\(' THEN 'split: a partial aggregate per shard, combined on the coordinator'
		WHEN plan ~ '(Aggregate|WindowAgg)\s*\n\s*Output: [^\n]*remote_scan\.'
			AND plan !~ 'coord_combine_agg|(count|sum)\(remote_scan' THEN 'pulled: every row to the coordinator'
		ELSE 'partial counts on the workers, summed on the coordinator' END;
END $$;

-- Rows and tuple bytes the coordinator receives for a query, from EXPLAIN
-- (ANALYZE, VERBOSE): the Citus scan's actual rows and "Tuple data received
-- from nodes".  Citus 13.2 cannot EXPLAIN ANALYZE a split custom aggregate
-- (column "field_0" has pseudo-type cstring, citusdata/citus#4043); then the
-- rows are one state per shard (the task count of EXPLAIN (VERBOSE)) and the
-- bytes the states' text forms, measured on each shard with state_query.
CREATE FUNCTION pg_temp.shipped(query text, state_query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	line text;
	nrows text;
	bytes text;
	tasks text;
BEGIN
	BEGIN
		FOR line IN EXECUTE 'EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || query LOOP
			IF nrows IS NULL AND line ~ 'Custom Scan \(Citus' THEN
				nrows := substring(line FROM 'actual rows=(\d+)');
			ELSIF bytes IS NULL AND line ~ 'Tuple data received from nodes:' THEN
				bytes := trim(substring(line FROM 'received from nodes:(.*)$'));
			END IF;
		END LOOP;
		RETURN format('%s rows, %s (EXPLAIN ANALYZE)', nrows, bytes);
	EXCEPTION WHEN OTHERS THEN
		IF SQLERRM !~ 'pseudo-type cstring' THEN
			RAISE;
		END IF;
	END;
	FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || query LOOP
		IF tasks IS NULL AND line ~ 'Task Count:' THEN
			tasks := substring(line FROM 'Task Count: (\d+)');
		END IF;
	END LOOP;
	SELECT pg_size_pretty(sum(result::bigint)) INTO bytes
	FROM run_command_on_shards('dist.tickets', state_query);
	RETURN format('%s rows (one state per shard), %s of state text (EXPLAIN ANALYZE fails on split aggregates: citusdata/citus#4043)',
		tasks, bytes);
END $$;

SET client_min_messages = warning;

SELECT 'SELECT count(resolved_at - created_at) FROM dist.tickets' AS q_count,
	'SELECT percentile(duration_agg(resolved_at - created_at), 0.9) FROM dist.tickets' AS q_p90,
	'SELECT duration_percentile(resolved_at - created_at, 0.9) FROM dist.tickets' AS q_exact,
	'SELECT count(created_at), count(resolved_at) FROM dist.tickets' AS q_count2,
	-- references: custom aggregates on a bigint[] state, split since 0.1.0,
	-- to show what Citus's worker_partial_agg costs a row by itself (one
	-- argument, and four, which Citus packs into a record per row)
	'SELECT pct(resolved_at IS NOT NULL) FROM dist.tickets' AS q_pct,
	'SELECT sla_rate(created_at, resolved_at, ''1 day'', timestamptz ''2026-01-01'') FROM dist.tickets' AS q_sla,
	'SELECT timeline_agg(created_at, resolved_at, ''2025-01-01'', ''2026-01-01'', ''1 day'') FROM dist.tickets' AS q_timeline,
	'SELECT percentile(duration_agg(resolved_at - created_at), 0.9) FROM plain.tickets' AS q_p90_single,
	'SELECT timeline_agg(created_at, resolved_at, ''2025-01-01'', ''2026-01-01'', ''1 day'') FROM plain.tickets' AS q_timeline_single,
	-- per shard, the text form of the state a split plan would send
	'SELECT octet_length(duration_agg(resolved_at - created_at)::text) FROM %s' AS s_p90,
	'SELECT octet_length(timeline_agg(created_at, resolved_at, ''2025-01-01'', ''2026-01-01'', ''1 day'')::text) FROM %s' AS s_timeline
\gset

CALL pg_temp.section(format('p90 resolution time: %s distributed tickets', :ticket_count));
CALL pg_temp.bench('count', 'floor: count(resolved_at - created_at)', 'default', :'q_count');
CALL pg_temp.bench('p90', 'percentile(duration_agg(resolved_at - created_at), 0.9)', 'default', :'q_p90');
CALL pg_temp.bench('exact', 'duration_percentile(resolved_at - created_at, 0.9) (exact)', 'default', :'q_exact');
CALL pg_temp.bench('p90_single', 'percentile(duration_agg(...), 0.9) on plain.tickets (single node)', 'default', :'q_p90_single');
CALL pg_temp.bench('pct', 'reference: pct(resolved_at IS NOT NULL), one argument, bigint[] state', 'default', :'q_pct');
CALL pg_temp.ratio('percentile(duration_agg) / count', 'p90', 'count', '<= 1.5');
CALL pg_temp.ratio('reference: pct / count (worker_partial_agg, one argument)', 'pct', 'count', NULL);
CALL pg_temp.ratio('duration_percentile (exact) / percentile(duration_agg)', 'exact', 'p90', NULL);
CALL pg_temp.ratio('distributed / single node, percentile(duration_agg)', 'p90', 'p90_single', NULL);

CALL pg_temp.section(format('daily timeline over 2025: %s distributed tickets', :ticket_count));
CALL pg_temp.bench('count2', 'floor: count(created_at), count(resolved_at)', 'default', :'q_count2');
CALL pg_temp.bench('timeline', 'timeline_agg(created_at, resolved_at, 2025-01-01, 2026-01-01, 1 day)', 'default', :'q_timeline');
CALL pg_temp.bench('timeline_single', 'timeline_agg(...) on plain.tickets (single node)', 'default', :'q_timeline_single');
CALL pg_temp.bench('sla', 'reference: sla_rate(created_at, resolved_at, 1 day, as_of), four arguments', 'default', :'q_sla');
CALL pg_temp.ratio('timeline_agg / count, count', 'timeline', 'count2', '<= 1.5');
CALL pg_temp.ratio('reference: sla_rate / count, count (worker_partial_agg, four arguments)', 'sla', 'count2', NULL);
CALL pg_temp.ratio('distributed / single node, timeline_agg', 'timeline', 'timeline_single', NULL);

\warn '== timing:' :runs 'interleaved rounds after a warm-up'
SET client_min_messages = notice;
CALL pg_temp.run(:runs);
SET client_min_messages = warning;

-- ---------------------------------------------------------------------------
-- How Citus runs them, what the coordinator receives, and correctness.
-- ---------------------------------------------------------------------------

\warn '== plans and correctness checks'
SELECT pg_temp.citus_plan(:'q_p90') AS plan_p90, pg_temp.shipped(:'q_p90', :'s_p90') AS shipped_p90,
	pg_temp.citus_plan(:'q_count') AS plan_count, pg_temp.shipped(:'q_count', NULL) AS shipped_count,
	pg_temp.citus_plan(:'q_timeline') AS plan_timeline, pg_temp.shipped(:'q_timeline', :'s_timeline') AS shipped_timeline
\gset

CALL pg_temp.section('correctness');
SELECT (SELECT percentile(duration_agg(resolved_at - created_at), 0.9) FROM dist.tickets)::text AS p90_dist,
	(SELECT percentile(duration_agg(resolved_at - created_at), 0.9) FROM plain.tickets)::text AS p90_single,
	(SELECT duration_agg(resolved_at - created_at) FROM dist.tickets)::text
		= (SELECT duration_agg(resolved_at - created_at) FROM plain.tickets)::text AS same_sketch,
	(SELECT timeline_agg(created_at, resolved_at, '2025-01-01', '2026-01-01', '1 day') FROM dist.tickets)::text
		= (SELECT timeline_agg(created_at, resolved_at, '2025-01-01', '2026-01-01', '1 day') FROM plain.tickets)::text AS same_timeline
\gset
CALL pg_temp.check('correct', 'p90 distributed = single node', :'p90_dist', :'p90_single', :'p90_dist' = :'p90_single');
CALL pg_temp.check('correct', 'sketch distributed = single node, byte for byte', :'same_sketch', 'true', :'same_sketch' = 't');
CALL pg_temp.check('correct', 'timeline distributed = single node, byte for byte', :'same_timeline', 'true', :'same_timeline' = 't');

-- ---------------------------------------------------------------------------
-- Report.
-- ---------------------------------------------------------------------------

\echo
SELECT * FROM pg_temp.report();
SELECT * FROM pg_temp.report_summary(format('%s tickets, %s shards, %s workers', :ticket_count, :shards, :workers)) \gset
\echo 'how Citus runs them (EXPLAIN VERBOSE), and what the coordinator receives:'
\echo '  p90:      ' :plan_p90
\echo '            ' :shipped_p90
\echo '  count:    ' :plan_count
\echo '            ' :shipped_count
\echo '  timeline: ' :plan_timeline
\echo '            ' :shipped_timeline
\echo
\echo :summary
\if :correct
\else
	DO $$ BEGIN RAISE EXCEPTION 'csmetrics Citus benchmark: a correctness check failed'; END $$;
\endif
