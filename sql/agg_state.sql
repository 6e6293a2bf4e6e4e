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

-- 8. time_in_status and time_in_status_seconds keep their state in
-- status_state: the same path, with and without a calendar and as_of.
-- Histories from hashes of the row number: 400 tickets, statuses that
-- repeat, collide in time, and include quotes and backslashes.
CREATE TEMP TABLE h AS
SELECT i, i % 400 AS ticket, i % 7 AS part,
	   CASE WHEN i % 53 = 0 THEN NULL
			ELSE timestamptz '2025-01-01' + make_interval(secs => (hashint4(5 * i) & 2147483647) % (90 * 86400)
														  - (hashint4(5 * i) & 1) * 0.5) END AS at,
	   CASE WHEN i % 59 = 0 THEN NULL
			ELSE (ARRAY['new', 'open', 'pending', 'hold', 'solved', 'say "hi"', 'back\slash', ''])[1 + (hashint4(7 * i) & 7)] END AS st
FROM generate_series(1, 4000) i;
-- a ticket whose rows are all skipped (NULL group), and changes at equal times
INSERT INTO h VALUES (-1, 400, 0, NULL, 'open'), (-2, 400, 1, '2025-02-01', NULL),
	(-3, 1, 2, '2025-01-05', 'pending'), (-4, 1, 3, '2025-01-05', 'open');
CREATE AGGREGATE pg_temp.tis_partial(timestamptz, text, text[]) (SFUNC = status_state_trans, STYPE = status_state);
CREATE AGGREGATE pg_temp.tis_partial(timestamptz, text, text[], calendar) (SFUNC = status_state_trans, STYPE = status_state);
CREATE AGGREGATE pg_temp.tis_partial(timestamptz, text, text[], timestamptz) (SFUNC = status_state_as_of_trans, STYPE = status_state);
CREATE AGGREGATE pg_temp.tis_partial(timestamptz, text, text[], calendar, timestamptz) (SFUNC = status_state_as_of_trans, STYPE = status_state);
-- the coordinator's merge: combine over states, then a final function
CREATE AGGREGATE pg_temp.tis_merge(status_state) (SFUNC = status_state_combine, STYPE = status_state, FINALFUNC = status_state_final);
CREATE AGGREGATE pg_temp.tis_merge_seconds(status_state) (SFUNC = status_state_combine, STYPE = status_state, FINALFUNC = status_state_seconds);
CREATE AGGREGATE pg_temp.tis_merge_as_of(status_state) (SFUNC = status_state_combine, STYPE = status_state, FINALFUNC = status_state_as_of_final);
CREATE AGGREGATE pg_temp.tis_merge_state(status_state) (SFUNC = status_state_combine, STYPE = status_state);
CREATE TEMP TABLE tis_parts AS
SELECT ticket, part,
	   pg_temp.tis_partial(at, st, '{pending,hold,"say \"hi\""}') AS p,
	   pg_temp.tis_partial(at, st, '{open,back\\slash}', 'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-01-06') AS pc,
	   pg_temp.tis_partial(at, st, '{pending,""}', timestamptz '2025-02-15') AS pa,
	   pg_temp.tis_partial(at, st, '{open}', 'mon-sat 08:00-20:00; tz America/Chicago', timestamptz '2025-03-01 12:00+00') AS pca
FROM h GROUP BY ticket, part;
-- per-part states through text, merged, equal the one-step results
SELECT count(*) AS tickets,
	   count(*) FILTER (WHERE a.x IS NOT DISTINCT FROM b.x AND a.xs IS NOT DISTINCT FROM b.xs) AS equal,
	   count(*) FILTER (WHERE a.xc IS NOT DISTINCT FROM b.xc) AS equal_cal,
	   count(*) FILTER (WHERE a.xa IS NOT DISTINCT FROM b.xa) AS equal_as_of,
	   count(*) FILTER (WHERE a.xca IS NOT DISTINCT FROM b.xca) AS equal_cal_as_of,
	   count(*) FILTER (WHERE b.x IS NULL) AS null_groups
FROM (SELECT ticket, pg_temp.tis_merge(p::text::status_state) AS x,
			 pg_temp.tis_merge_seconds(p::text::status_state) AS xs,
			 pg_temp.tis_merge(pc::text::status_state) AS xc,
			 pg_temp.tis_merge_as_of(pa::text::status_state) AS xa,
			 pg_temp.tis_merge_as_of(pca::text::status_state) AS xca
	  FROM tis_parts GROUP BY ticket) a
JOIN (SELECT ticket, time_in_status(at, st, '{pending,hold,"say \"hi\""}') AS x,
			 time_in_status_seconds(at, st, '{pending,hold,"say \"hi\""}') AS xs,
			 time_in_status(at, st, '{open,back\\slash}', 'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-01-06') AS xc,
			 time_in_status(at, st, '{pending,""}', timestamptz '2025-02-15') AS xa,
			 time_in_status(at, st, '{open}', 'mon-sat 08:00-20:00; tz America/Chicago', timestamptz '2025-03-01 12:00+00') AS xca
	  FROM h GROUP BY ticket) b USING (ticket);
-- and against plain SQL: each status until the next change in canonical
-- order (time, then text in byte order), the latest until as_of
SELECT count(*) AS tickets, count(*) FILTER (WHERE a.xa IS NOT DISTINCT FROM r.x) AS equal_reference
FROM (SELECT ticket, pg_temp.tis_merge_as_of(pa::text::status_state) AS xa FROM tis_parts GROUP BY ticket) a
JOIN (SELECT ticket, CASE WHEN count(*) = 0 THEN NULL ELSE coalesce(sum(greatest(least(stop, '2025-02-15') - at, '0'))
				FILTER (WHERE st IN ('pending', '')), '0') END AS x
	  FROM (SELECT DISTINCT ON (ticket, at, st) ticket, at, st,
				   coalesce(lead(at) OVER (PARTITION BY ticket ORDER BY at, st COLLATE "C"), '2025-02-15') AS stop
			FROM h WHERE at IS NOT NULL AND st IS NOT NULL) w
	  GROUP BY ticket) r USING (ticket);
-- the merged state equals the one-step state, byte for byte
SELECT count(*) AS tickets, count(*) FILTER (WHERE m.s = (SELECT pg_temp.tis_partial(at, st, '{pending,""}', timestamptz '2025-02-15')::text
														  FROM (SELECT * FROM h ORDER BY part, i) o WHERE o.ticket = m.ticket)) AS same_state
FROM (SELECT ticket, pg_temp.tis_merge_state(pa::text::status_state ORDER BY part)::text AS s FROM tis_parts GROUP BY ticket) m
WHERE ticket % 40 = 0;
-- the text round trip is exact
SELECT count(*) AS states,
	   count(*) FILTER (WHERE p::text::status_state::text = p::text AND pc::text::status_state::text = pc::text
						AND pa::text::status_state::text = pa::text AND pca::text::status_state::text = pca::text) AS text_round_trip
FROM tis_parts;
SELECT p::text AS state FROM tis_parts WHERE ticket = 1 AND part = 1;
SELECT pca::text AS state FROM tis_parts WHERE ticket = 7 AND part = 0;
SELECT pg_temp.tis_partial(at, st, NULL) AS null_counted, pg_temp.tis_partial(at, st, '{open}', NULL::calendar) AS null_calendar
FROM h WHERE ticket = 3;
-- states of other parameters do not merge
SELECT pg_temp.tis_merge(p) FROM (SELECT pg_temp.tis_partial(at, st, '{open}') FROM h WHERE part = 0
	UNION ALL SELECT pg_temp.tis_partial(at, st, '{hold}') FROM h WHERE part = 1) s(p);
SELECT pg_temp.tis_merge_as_of(p) FROM (SELECT pg_temp.tis_partial(at, st, '{open}', timestamptz '2025-02-01') FROM h WHERE part = 0
	UNION ALL SELECT pg_temp.tis_partial(at, st, '{open}', timestamptz '2025-02-02') FROM h WHERE part = 1) s(p);
SELECT pg_temp.tis_merge(p) FROM (SELECT pg_temp.tis_partial(at, st, '{open}') FROM h WHERE part = 0
	UNION ALL SELECT pg_temp.tis_partial(at, st, '{open}', 'mon-fri 09:00-17:00; tz UTC') FROM h WHERE part = 1) s(p);
-- an initial state (INITCOND, through the input function) is continued
DO $$
BEGIN
	EXECUTE format('CREATE AGGREGATE pg_temp.tis_from(timestamptz, text, text[], timestamptz) (SFUNC = status_state_as_of_trans, '
				   'STYPE = status_state, FINALFUNC = status_state_as_of_final, INITCOND = %L)',
				   (SELECT pg_temp.tis_partial(at, st, '{pending,""}', timestamptz '2025-02-15')::text FROM h WHERE ticket = 5 AND part = 0));
END $$;
SELECT (SELECT pg_temp.tis_from(at, st, '{pending,""}', timestamptz '2025-02-15') FROM h WHERE ticket = 5 AND part <> 0)
	 = (SELECT time_in_status(at, st, '{pending,""}', timestamptz '2025-02-15') FROM h WHERE ticket = 5) AS continues_from_initcond;
-- ... with its own parameters only
SELECT pg_temp.tis_from(at, st, '{open}', timestamptz '2025-02-15') FROM h WHERE ticket = 5;
-- the support functions that change their state run only in aggregates;
-- the final functions only read theirs
SELECT status_state_trans(NULL, now(), 'open', '{open}');
SELECT status_state_as_of_trans(NULL, now(), 'open', '{open}', now());
SELECT status_state_combine(NULL, 'counted={} statuses=[] changes=[]');
SELECT status_state_as_of_final('counted={"open"} as_of=2025-01-02T00:00:00Z statuses=["open"] changes=[2025-01-01T00:00:00Z 0]');
SELECT status_state_seconds('counted={"open"} calendar="mon-fri 09:00-17:00; tz UTC" statuses=["open","x"] changes=[2025-01-06T00:00:00Z 0,2025-01-07T00:00:00Z 1]');
-- parallel plans: partial states cross from the workers as datums
CREATE TABLE tis_par AS SELECT * FROM h;
ANALYZE tis_par;
CREATE TEMP VIEW tis_par_results AS
SELECT ticket, time_in_status(at, st, '{pending,hold}', timestamptz '2025-02-15')::text AS x,
	   time_in_status_seconds(at, st, '{open}', 'mon-fri 09:00-17:00; tz UTC', timestamptz '2025-02-15')::text AS y
FROM tis_par GROUP BY ticket
UNION ALL
SELECT -1, time_in_status(at, st, '{pending,hold}', timestamptz '2025-02-15')::text,
	   time_in_status_seconds(at, st, '{open}', 'mon-fri 09:00-17:00; tz UTC', timestamptz '2025-02-15')::text FROM tis_par;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE tis_serial AS SELECT * FROM tis_par_results;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT time_in_status(at, st, '{pending,hold}', timestamptz '2025-02-15') FROM tis_par;
SELECT count(*) AS results, count(*) FILTER (WHERE p.x IS NOT DISTINCT FROM q.x AND p.y IS NOT DISTINCT FROM q.y) AS equal
FROM tis_par_results p JOIN tis_serial q USING (ticket);
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP VIEW tis_par_results;
DROP TABLE tis_par;
