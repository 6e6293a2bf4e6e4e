-- Aggregate states as real types: duration_agg, rollup(duration_sketch),
-- timeline_agg and rollup(timeline) keep their state in the duration_sketch
-- and timeline types, so that Citus can split them.  Citus runs the
-- transition function on each worker (worker_partial_agg), ships the state
-- as text through the type's output function, reads it back with the input
-- function on the coordinator and merges it with the combine function, then
-- runs the final function.  This file replays that path in plain SQL and
-- checks it against the one-step aggregate, and checks the working form of
-- the states wherever SQL can meet it.
SET TimeZone = 'America/New_York';

-- Generated data: hashint4 of the row number, the same on every version.
CREATE TEMP TABLE t AS
SELECT i, i % 7 AS part, i % 5 AS grp,
	   CASE WHEN i % 13 = 0 THEN NULL
			WHEN i % 17 = 0 THEN interval '0'
			ELSE make_interval(secs => (hashint4(i) & 1048575) / 16.0
							   * (1 + (hashint4(i + 7) & 3) * 1000)) END AS d,
	   o AS opened,
	   CASE WHEN i % 11 = 0 THEN NULL
			ELSE o + make_interval(secs => (hashint4(3 * i) & 2147483647) % (60 * 86400)) END AS closed
FROM generate_series(1, 30000) i,
	 LATERAL (SELECT CASE WHEN i % 19 = 0 THEN NULL
						  ELSE timestamptz '2025-01-01' + make_interval(secs =>
								(hashint4(2 * i + 1) & 2147483647) % (400 * 86400) - 20 * 86400) END) v(o);
-- a group of NULLs only, for both aggregates
INSERT INTO t VALUES (-1, 0, 9, NULL, NULL, NULL), (-2, 1, 9, NULL, NULL, '2025-02-01');

-- Aggregates of the support functions without their final step: their
-- result is the state itself, what Citus ships from a worker.
CREATE AGGREGATE pg_temp.sketch_partial(interval) (SFUNC = duration_sketch_add, STYPE = duration_sketch);
CREATE AGGREGATE pg_temp.sketch_rollup_partial(duration_sketch) (SFUNC = duration_sketch_merge, STYPE = duration_sketch);
CREATE AGGREGATE pg_temp.timeline_partial(timestamptz, timestamptz, timestamptz, timestamptz, interval) (
	SFUNC = timeline_state_add, STYPE = timeline);
CREATE AGGREGATE pg_temp.timeline_rollup_partial(timeline) (SFUNC = timeline_state_merge, STYPE = timeline);

-- 1. Citus's path, grouped by a column that is not the "distribution" one
-- (part plays the shard): per-part states through text, merged by rollup
-- (the same merge and final functions as the coordinator's combine), equal
-- the one-step aggregate per group, byte for byte, NULL groups included.
CREATE TEMP TABLE sketch_parts AS
SELECT grp, part, pg_temp.sketch_partial(d) AS p, duration_agg(d) AS whole FROM t GROUP BY grp, part;
SELECT count(*) AS groups,
	   count(*) FILTER (WHERE a.s IS NOT DISTINCT FROM b.s) AS equal,
	   count(*) FILTER (WHERE a.s IS NULL) AS null_groups
FROM (SELECT grp, rollup(p::text::duration_sketch)::text AS s FROM sketch_parts GROUP BY grp) a
JOIN (SELECT grp, duration_agg(d)::text AS s FROM t GROUP BY grp) b USING (grp);
SELECT (SELECT rollup(p::text::duration_sketch) FROM sketch_parts)::text
	 = (SELECT duration_agg(d) FROM t)::text AS whole_table_equal;

-- 2. A state reads like the canonical sketch of its durations: text,
-- binary, every accessor; a group without durations has no state (NULL).
SELECT count(*) AS states,
	   count(*) FILTER (WHERE p::text = whole::text) AS same_text,
	   count(*) FILTER (WHERE duration_sketch_send(p) = duration_sketch_send(whole)) AS same_binary,
	   count(*) FILTER (WHERE percentile(p, 0.9) = percentile(whole, 0.9)
						AND percentile_seconds(p, ARRAY[0, 0.5, 1]) = percentile_seconds(whole, ARRAY[0, 0.5, 1])
						AND mean(p) = mean(whole) AND sketch_count(p) = sketch_count(whole)
						AND min_duration(p) = min_duration(whole) AND max_seconds(p) = max_seconds(whole)) AS same_accessors,
	   count(*) FILTER (WHERE p IS NULL AND whole IS NULL) AS both_null
FROM sketch_parts;
-- the final step gives the canonical bytes: a state re-read from its text
-- is canonical too
SELECT count(*) FILTER (WHERE duration_sketch_state_final(p)::text = whole::text
						AND pg_column_size(duration_sketch_state_final(p)) = pg_column_size(whole::text::duration_sketch)
						AND pg_column_size(p::text::duration_sketch) = pg_column_size(whole::text::duration_sketch)) AS canonical
FROM sketch_parts WHERE p IS NOT NULL;
-- rollup's state too
SELECT (SELECT pg_temp.sketch_rollup_partial(whole) FROM sketch_parts WHERE grp = 1)::text
	 = (SELECT duration_agg(d) FROM t WHERE grp = 1)::text AS rollup_state_equal;

-- 3. A canonical sketch as the initial state (INITCOND goes through the
-- input function): the aggregate continues from it.
DO $$
BEGIN
	EXECUTE format('CREATE AGGREGATE pg_temp.sketch_from(interval) (SFUNC = duration_sketch_add, '
				   'STYPE = duration_sketch, FINALFUNC = duration_sketch_state_final, INITCOND = %L)',
				   (SELECT duration_agg(d)::text FROM t WHERE part = 0));
END $$;
SELECT (SELECT pg_temp.sketch_from(d) FROM t WHERE part <> 0)::text
	 = (SELECT duration_agg(d) FROM t)::text AS continues_from_initcond;

-- 4. The same for timelines: a daily grid over 2025 (local days, DST
-- included), per-part states through text, rolled up.
CREATE TEMP TABLE timeline_parts AS
SELECT grp, part,
	   pg_temp.timeline_partial(opened, closed, '2025-01-01', '2026-01-01', '1 day') AS p,
	   timeline_agg(opened, closed, '2025-01-01', '2026-01-01', '1 day') AS whole
FROM t GROUP BY grp, part;
SELECT count(*) AS groups,
	   count(*) FILTER (WHERE a.s IS NOT DISTINCT FROM b.s) AS equal,
	   count(*) FILTER (WHERE a.s IS NULL) AS null_groups
FROM (SELECT grp, rollup(p::text::timeline)::text AS s FROM timeline_parts GROUP BY grp) a
JOIN (SELECT grp, timeline_agg(opened, closed, '2025-01-01', '2026-01-01', '1 day')::text AS s
	  FROM t GROUP BY grp) b USING (grp);
SELECT count(*) AS states,
	   count(*) FILTER (WHERE p::text = whole::text) AS same_text,
	   count(*) FILTER (WHERE timeline_send(p) = timeline_send(whole)) AS same_binary,
	   count(*) FILTER (WHERE (SELECT array_agg(x.*)::text FROM periods(p) x)
						 = (SELECT array_agg(x.*)::text FROM periods(whole) x)) AS same_periods,
	   count(*) FILTER (WHERE pg_column_size(timeline_state_final(p)) = pg_column_size(whole::text::timeline)
						AND pg_column_size(p::text::timeline) = pg_column_size(whole::text::timeline)) AS canonical,
	   count(*) FILTER (WHERE p IS NULL AND whole IS NULL) AS both_null
FROM timeline_parts;
SELECT (SELECT pg_temp.timeline_rollup_partial(whole) FROM timeline_parts WHERE grp = 2)::text
	 = (SELECT timeline_agg(opened, closed, '2025-01-01', '2026-01-01', '1 day') FROM t WHERE grp = 2)::text
	 AS rollup_state_equal;
DO $$
BEGIN
	EXECUTE format('CREATE AGGREGATE pg_temp.timeline_from(timestamptz, timestamptz, timestamptz, timestamptz, interval) ('
				   'SFUNC = timeline_state_add, STYPE = timeline, FINALFUNC = timeline_state_final, INITCOND = %L)',
				   (SELECT timeline_agg(opened, closed, '2025-01-01', '2026-01-01', '1 day')::text FROM t WHERE part = 0));
END $$;
SELECT (SELECT pg_temp.timeline_from(opened, closed, '2025-01-01', '2026-01-01', '1 day') FROM t WHERE part <> 0)::text
	 = (SELECT timeline_agg(opened, closed, '2025-01-01', '2026-01-01', '1 day') FROM t)::text AS continues_from_initcond;
-- an initial timeline of another grid cannot be continued
SELECT pg_temp.timeline_from(opened, closed, '2025-01-01', '2025-07-01', '1 day') FROM t;
-- states of different grids do not merge; partial states of timeline_agg
-- keep its grid arguments (not their text, which is the timeline's), so
-- arguments that give the same grid still differ
SELECT rollup(p::text::timeline) FROM (
	SELECT pg_temp.timeline_partial(opened, closed, '2025-01-01', '2026-01-01', '1 day') FROM t WHERE part = 0
	UNION ALL
	SELECT pg_temp.timeline_partial(opened, closed, '2025-01-01', '2026-01-01', '1 week') FROM t WHERE part = 1) s(p);
SELECT pg_temp.timeline_rollup_partial(p) IS NOT NULL FROM (
	SELECT pg_temp.timeline_partial(opened, closed, '2025-01-01', '2026-01-01', '1 day') FROM t WHERE part = 0
	UNION ALL
	SELECT pg_temp.timeline_partial(opened, closed, '2025-01-01', '2025-12-31 12:00', '1 day') FROM t WHERE part = 1) s(p);

-- 5. The support functions change their state in place, so they run only
-- inside an aggregate; the final functions only read theirs.
SELECT duration_sketch_add(NULL, '1 hour');
SELECT duration_sketch_merge(NULL, '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}');
SELECT timeline_state_add(NULL, now(), NULL, '2025-01-01', '2025-01-02', '1 day');
SELECT timeline_state_merge(NULL, 'periods=1 at_start=0 2025-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z');
SELECT duration_sketch_state_final('{"v":1,"a":0.01,"n":1,"zero":1,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}');
SELECT timeline_state_final('periods=1 at_start=2 2025-01-01T00:00:00Z 0/1/1 2025-01-02T00:00:00Z');

-- 6. Parallel plans: partial states cross from the workers as datums of the
-- types (small ones with a 1-byte header), merged by the combine function.
CREATE TABLE agg_state_par AS SELECT * FROM t;
ANALYZE agg_state_par;
CREATE TEMP VIEW par_results AS
SELECT 'sketch' AS kind, grp, duration_agg(d)::text AS s FROM agg_state_par GROUP BY grp
UNION ALL
SELECT 'tiny sketch', grp, duration_agg(interval '1 second' * (abs(i) % 3))::text FROM agg_state_par GROUP BY grp
UNION ALL
SELECT 'daily', grp, timeline_agg(opened, closed, '2025-01-01', '2026-01-01', '1 day')::text FROM agg_state_par GROUP BY grp
UNION ALL
SELECT 'one period', grp, timeline_agg(opened, closed, '2025-03-01', '2025-04-01', '1 month')::text FROM agg_state_par GROUP BY grp;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_results AS SELECT * FROM par_results;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT timeline_agg(opened, closed, '2025-03-01', '2025-04-01', '1 month') FROM agg_state_par;
EXPLAIN (COSTS OFF)
SELECT grp, duration_agg(d) FROM agg_state_par GROUP BY grp;
SELECT count(*) AS results, count(*) FILTER (WHERE p.s IS NOT DISTINCT FROM q.s) AS equal
FROM par_results p JOIN serial_results q USING (kind, grp);
SET parallel_leader_participation = off;
SELECT count(*) AS results, count(*) FILTER (WHERE p.s IS NOT DISTINCT FROM q.s) AS equal_workers_only
FROM par_results p JOIN serial_results q USING (kind, grp);
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP VIEW par_results;
DROP TABLE agg_state_par;

-- 7. Growing window frames use the plain transition function and call the
-- final function again and again on the same state: each row's value
-- equals the aggregate recomputed over its frame.
SELECT count(*) AS frames,
	   count(*) FILTER (WHERE w.s IS NOT DISTINCT FROM
			(SELECT duration_agg(d)::text FROM t x WHERE x.grp = 3 AND x.i <= w.i)) AS sketch_equal,
	   count(*) FILTER (WHERE w.tl IS NOT DISTINCT FROM
			(SELECT timeline_agg(opened, closed, '2025-01-01', '2025-03-01', '1 week')::text
			 FROM t x WHERE x.grp = 3 AND x.i <= w.i)) AS timeline_equal
FROM (SELECT i, duration_agg(d) OVER (ORDER BY i)::text AS s,
			 timeline_agg(opened, closed, '2025-01-01', '2025-03-01', '1 week') OVER (ORDER BY i)::text AS tl
	  FROM t WHERE grp = 3) w
WHERE i % 97 = 0 OR i < 40;
