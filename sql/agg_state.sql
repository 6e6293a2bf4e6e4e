-- Aggregate states as real types: duration_agg, rollup(duration_sketch),
-- timeline_agg and rollup(timeline) keep their state in the duration_sketch
-- and timeline types, and the conversation timings (first_response_time,
-- avg_response_time and their _seconds forms, with and without a calendar)
-- in frt_state and reply_state, so that Citus can split them.  Citus runs the
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

-- 8. The conversation timing states, frt_state and reply_state.  A message
-- log of 3000 tickets, 1 to 9 messages each, from hashint4 of the row
-- number: equal times, agent-started tickets, rows with a NULL time or
-- sender, a ticket of NULL rows only; part plays the shard (a ticket's
-- messages are spread over all of them), grp mixes tickets in a group;
-- odd tickets are measured against one calendar, even ones another.
CREATE TEMP TABLE conv AS
SELECT row_number() OVER (ORDER BY ticket, k) AS i, ticket, abs(hashint4(ticket * 16 + k)) % 5 AS part,
	   ticket % 7 AS grp,
	   CASE WHEN (ticket * 16 + k) % 23 = 0 THEN NULL
			ELSE timestamptz '2025-03-03 08:00+00' + (ticket % 400) * interval '1 day'
				 + (abs(hashint4(ticket * 16 + k + 1)) % 3000) * interval '1 minute'
				 + CASE WHEN k = 5 THEN interval '0.25 seconds' ELSE interval '0' END END AS sent_at,
	   CASE WHEN (ticket * 16 + k) % 29 = 0 THEN NULL
			ELSE abs(hashint4(ticket * 16 + k + 2)) % 100 < 45 END AS from_agent,
	   (ARRAY['mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-12-25',
			  'mon-fri 08:00-12:00, 13:00-18:00; sat 10:00-14:00; tz America/New_York'])[1 + ticket % 2]::calendar AS cal
FROM generate_series(1, 3000) ticket, generate_series(1, 1 + abs(hashint4(ticket)) % 9) k;
-- equal times: the third message of every tenth ticket at the time of its second
UPDATE conv c SET sent_at = p.sent_at FROM conv p
WHERE c.ticket % 10 = 0 AND p.ticket = c.ticket AND p.i = c.i - 1 AND c.i - (SELECT min(i) FROM conv x WHERE x.ticket = c.ticket) = 2;
INSERT INTO conv VALUES (-1, 3001, 0, 0, NULL, true, 'mon-fri 09:00-17:00; tz UTC'),
	(-2, 3001, 1, 0, '2025-03-03 08:00+00', NULL, 'mon-fri 09:00-17:00; tz UTC');
SELECT count(*) AS messages, count(DISTINCT ticket) AS tickets, count(*) FILTER (WHERE sent_at IS NULL OR from_agent IS NULL) AS null_rows,
	   (SELECT count(*) FROM (SELECT ticket FROM conv GROUP BY ticket, sent_at HAVING count(*) > 1) d) AS equal_times
FROM conv;

-- The aggregates of the support functions without their final step (what
-- a Citus worker computes), and the merge with the final step (what the
-- coordinator runs over the states it reads back from text).
CREATE AGGREGATE pg_temp.frt_partial(timestamptz, boolean) (SFUNC = frt_state_add, STYPE = frt_state);
CREATE AGGREGATE pg_temp.frt_partial(timestamptz, boolean, calendar) (SFUNC = frt_state_add, STYPE = frt_state);
CREATE AGGREGATE pg_temp.reply_partial(timestamptz, boolean) (SFUNC = reply_state_add, STYPE = reply_state);
CREATE AGGREGATE pg_temp.reply_partial(timestamptz, boolean, calendar) (SFUNC = reply_state_add, STYPE = reply_state);
CREATE AGGREGATE pg_temp.frt_combine(frt_state) (SFUNC = frt_state_merge, STYPE = frt_state, FINALFUNC = frt_state_final);
CREATE AGGREGATE pg_temp.frt_combine_seconds(frt_state) (SFUNC = frt_state_merge, STYPE = frt_state, FINALFUNC = frt_state_seconds_final);
CREATE AGGREGATE pg_temp.reply_combine(reply_state) (SFUNC = reply_state_merge, STYPE = reply_state, FINALFUNC = reply_state_final);
CREATE AGGREGATE pg_temp.reply_combine_seconds(reply_state) (SFUNC = reply_state_merge, STYPE = reply_state, FINALFUNC = reply_state_seconds_final);
CREATE AGGREGATE pg_temp.frt_merged(frt_state) (SFUNC = frt_state_merge, STYPE = frt_state);
CREATE AGGREGATE pg_temp.reply_merged(reply_state) (SFUNC = reply_state_merge, STYPE = reply_state);

CREATE TEMP TABLE conv_parts AS
SELECT ticket, grp, part,
	   pg_temp.frt_partial(sent_at, from_agent) AS f, pg_temp.frt_partial(sent_at, from_agent, cal) AS fc,
	   pg_temp.reply_partial(sent_at, from_agent) AS r, pg_temp.reply_partial(sent_at, from_agent, cal) AS rc
FROM conv GROUP BY ticket, grp, part;

-- The one-step results as text (an interval's and a float8's text are
-- exact), per ticket and per group of tickets.
CREATE TEMP VIEW conv_one_step AS
SELECT 'ticket' AS by, ticket AS g,
	   first_response_time(sent_at, from_agent)::text AS frt, first_response_seconds(sent_at, from_agent)::text AS frt_s,
	   avg_response_time(sent_at, from_agent)::text AS avg, avg_response_seconds(sent_at, from_agent)::text AS avg_s,
	   first_response_time(sent_at, from_agent, cal)::text AS bfrt, first_response_seconds(sent_at, from_agent, cal)::text AS bfrt_s,
	   avg_response_time(sent_at, from_agent, cal)::text AS bavg, avg_response_seconds(sent_at, from_agent, cal)::text AS bavg_s
FROM conv GROUP BY ticket
UNION ALL
SELECT 'grp', grp, first_response_time(sent_at, from_agent)::text, first_response_seconds(sent_at, from_agent)::text,
	   avg_response_time(sent_at, from_agent)::text, avg_response_seconds(sent_at, from_agent)::text,
	   NULL, NULL, NULL, NULL
FROM conv GROUP BY grp;

-- 8a. Citus's path: per-shard states through their text form, merged, equal
-- the one-step results byte for byte, per ticket and per group of tickets
-- (the calendar forms per ticket: a group of tickets mixes calendars).
CREATE TEMP TABLE conv_two_step AS
SELECT 'ticket' AS by, ticket AS g,
	   pg_temp.frt_combine(f::text::frt_state)::text AS frt, pg_temp.frt_combine_seconds(f::text::frt_state)::text AS frt_s,
	   pg_temp.reply_combine(r::text::reply_state)::text AS avg, pg_temp.reply_combine_seconds(r::text::reply_state)::text AS avg_s,
	   pg_temp.frt_combine(fc::text::frt_state)::text AS bfrt, pg_temp.frt_combine_seconds(fc::text::frt_state)::text AS bfrt_s,
	   pg_temp.reply_combine(rc::text::reply_state)::text AS bavg, pg_temp.reply_combine_seconds(rc::text::reply_state)::text AS bavg_s
FROM conv_parts GROUP BY ticket
UNION ALL
SELECT 'grp', grp, pg_temp.frt_combine(f::text::frt_state)::text, pg_temp.frt_combine_seconds(f::text::frt_state)::text,
	   pg_temp.reply_combine(r::text::reply_state)::text, pg_temp.reply_combine_seconds(r::text::reply_state)::text,
	   NULL, NULL, NULL, NULL
FROM conv_parts GROUP BY grp;
SELECT by, count(*) AS groups,
	   count(*) FILTER (WHERE row(a.frt, a.frt_s, a.avg, a.avg_s, a.bfrt, a.bfrt_s, a.bavg, a.bavg_s)::text
							= row(b.frt, b.frt_s, b.avg, b.avg_s, b.bfrt, b.bfrt_s, b.bavg, b.bavg_s)::text) AS equal,
	   count(a.frt) AS answered, count(a.avg) AS with_replies, count(*) FILTER (WHERE a.frt IS NULL AND a.avg IS NULL) AS null_results
FROM conv_one_step a JOIN conv_two_step b USING (by, g) GROUP BY by ORDER BY by;
-- the ticket of NULL rows only: no state in any shard, NULL results
SELECT f, r, fc IS NOT NULL AS has_calendar_state, fc::text, rc::text FROM conv_parts WHERE ticket = 3001 ORDER BY part;
SELECT frt, avg, bfrt, bavg FROM conv_two_step WHERE by = 'ticket' AND g = 3001;

-- 8b. The one-step results against plain SQL: the first agent message
-- strictly after the first customer message; the waits of the reply pairs
-- (in canonical order, segments numbered by the agent messages before each
-- row, as in conversation.sql), averaged; business time by business_time().
CREATE TEMP TABLE conv_ref AS
SELECT f.ticket, f.frt, f.bfrt, w.avg_wait, w.bavg_wait
FROM (SELECT m.ticket, min(m.sent_at) FILTER (WHERE m.from_agent AND m.sent_at > c.c0) - c.c0 AS frt,
			 business_time(c.c0, min(m.sent_at) FILTER (WHERE m.from_agent AND m.sent_at > c.c0), min(m.cal::text)::calendar) AS bfrt
	  FROM conv m JOIN (SELECT ticket, min(sent_at) AS c0 FROM conv WHERE NOT from_agent GROUP BY ticket) c USING (ticket)
	  GROUP BY m.ticket, c.c0) f
LEFT JOIN (SELECT ticket, avg(replied - since) AS avg_wait, avg(business_time(since, replied, cal)) AS bavg_wait
		   FROM (SELECT ticket, seg, min(cal::text)::calendar AS cal,
						min(sent_at) FILTER (WHERE NOT from_agent) AS since, min(sent_at) FILTER (WHERE from_agent) AS replied
				 FROM (SELECT ticket, sent_at, from_agent, cal,
							  count(*) FILTER (WHERE from_agent) OVER (PARTITION BY ticket ORDER BY sent_at, NOT from_agent
								  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS seg
					   FROM conv WHERE sent_at IS NOT NULL AND from_agent IS NOT NULL) s
				 GROUP BY ticket, seg
				 HAVING count(*) FILTER (WHERE NOT from_agent) > 0 AND count(*) FILTER (WHERE from_agent) > 0) p
		   GROUP BY ticket) w USING (ticket);
SELECT count(*) AS tickets,
	   count(*) FILTER (WHERE o.frt IS NOT DISTINCT FROM r.frt::text AND o.bfrt IS NOT DISTINCT FROM r.bfrt::text) AS frt_equal,
	   count(*) FILTER (WHERE abs(coalesce(date_part('epoch', o.avg::interval), -1) - coalesce(date_part('epoch', r.avg_wait), -1)) <= 0.000001
						AND abs(coalesce(date_part('epoch', o.bavg::interval), -1) - coalesce(date_part('epoch', r.bavg_wait), -1)) <= 0.000001) AS avg_equal
FROM conv_one_step o LEFT JOIN conv_ref r ON r.ticket = o.g WHERE o.by = 'ticket';

-- 8c. A state reads back from its text and its binary form unchanged, and
-- the merge of a ticket's states is the state of all its rows.
SELECT count(*) AS states,
	   count(*) FILTER (WHERE f::text::frt_state::text = f::text AND fc::text::frt_state::text = fc::text
						AND r::text::reply_state::text = r::text AND rc::text::reply_state::text = rc::text) AS text_round_trip,
	   count(*) FILTER (WHERE frt_state_send(f::text::frt_state) = frt_state_send(f)
						AND reply_state_send(rc::text::reply_state) = reply_state_send(rc)) AS same_binary
FROM conv_parts WHERE f IS NOT NULL;
SELECT count(*) AS tickets,
	   count(*) FILTER (WHERE m.f IS NOT DISTINCT FROM w.f AND m.fc IS NOT DISTINCT FROM w.fc
						AND m.r IS NOT DISTINCT FROM w.r AND m.rc IS NOT DISTINCT FROM w.rc) AS merge_equals_whole,
	   count(*) FILTER (WHERE m.f IS NULL) AS no_message
FROM (SELECT ticket, pg_temp.frt_merged(f)::text AS f, pg_temp.frt_merged(fc)::text AS fc,
			 pg_temp.reply_merged(r)::text AS r, pg_temp.reply_merged(rc)::text AS rc
	  FROM conv_parts GROUP BY ticket) m
JOIN (SELECT ticket, pg_temp.frt_partial(sent_at, from_agent)::text AS f, pg_temp.frt_partial(sent_at, from_agent, cal)::text AS fc,
			 pg_temp.reply_partial(sent_at, from_agent)::text AS r, pg_temp.reply_partial(sent_at, from_agent, cal)::text AS rc
	  FROM conv GROUP BY ticket) w USING (ticket);

-- 8d. Initial states from text (an INITCOND goes through the input
-- function): the aggregate continues from them.  Ticket 4's part 1 holds
-- a customer message, but part 3 an earlier one, which the continued
-- aggregate must take as the first.
DO $$
BEGIN
	EXECUTE format('CREATE AGGREGATE pg_temp.frt_from(timestamptz, boolean, calendar) (SFUNC = frt_state_add, '
				   'STYPE = frt_state, FINALFUNC = frt_state_final, INITCOND = %L)',
				   (SELECT fc::text FROM conv_parts WHERE ticket = 4 AND part = 1));
	EXECUTE format('CREATE AGGREGATE pg_temp.reply_from(timestamptz, boolean) (SFUNC = reply_state_add, '
				   'STYPE = reply_state, FINALFUNC = reply_state_final, INITCOND = %L)',
				   (SELECT r::text FROM conv_parts WHERE ticket = 4 AND part = 1));
END $$;
SELECT part, count(*) AS messages, count(*) FILTER (WHERE NOT from_agent) AS customer,
	   min(sent_at) FILTER (WHERE NOT from_agent) AT TIME ZONE 'UTC' AS first_customer
FROM conv WHERE ticket = 4 GROUP BY part ORDER BY part;
SELECT (SELECT fc::text FROM conv_parts WHERE ticket = 4 AND part = 1) AS initial_state,
	   (SELECT pg_temp.frt_from(sent_at, from_agent, cal) FROM conv WHERE ticket = 4 AND part <> 1)
		= (SELECT first_response_time(sent_at, from_agent, cal) FROM conv WHERE ticket = 4) AS frt_continues,
	   (SELECT pg_temp.reply_from(sent_at, from_agent) FROM conv WHERE ticket = 4 AND part <> 1)
		= (SELECT avg_response_time(sent_at, from_agent) FROM conv WHERE ticket = 4) AS avg_continues;

-- 8e. States too large for the tuple's inline space, stored compressed or
-- out of line, merge like any other: one conversation of 20 000 messages.
CREATE TEMP TABLE big_states AS
SELECT part, pg_temp.reply_partial(sent_at, from_agent) AS r, pg_temp.frt_partial(sent_at, from_agent ORDER BY sent_at DESC) AS f
FROM (SELECT i % 3 AS part, timestamptz '2025-01-01' + (abs(hashint4(i)) % 500000) * interval '1 second' AS sent_at,
			 abs(hashint4(i + 1)) % 100 < 45 AS from_agent
	  FROM generate_series(1, 20000) i) m GROUP BY part;
-- (a tuple holds at most 8 kB: larger values are always toasted)
SELECT count(*) AS states, min(octet_length(reply_state_send(r))) > 8192 AS toasted,
	   max(length(r::text)) AS longest_text, max(length(f::text)) AS longest_frt_text
FROM big_states;
SELECT (SELECT pg_temp.reply_combine(r) FROM big_states) = avg_response_time(sent_at, from_agent) AS avg_equal,
	   (SELECT pg_temp.frt_combine(f) FROM big_states) = first_response_time(sent_at, from_agent) AS frt_equal
FROM (SELECT timestamptz '2025-01-01' + (abs(hashint4(i)) % 500000) * interval '1 second' AS sent_at,
			 abs(hashint4(i + 1)) % 100 < 45 AS from_agent
	  FROM generate_series(1, 20000) i) m;

-- 8f. The calendar must be the same on every row of a group, and in every
-- state merged into one; a state without a calendar takes the other's.
SELECT first_response_time(sent_at, from_agent, cal) FROM conv WHERE ticket IN (1, 2);
SELECT pg_temp.frt_combine(fc) FROM conv_parts WHERE ticket IN (1, 2);
SELECT pg_temp.reply_combine(rc::text::reply_state) FROM conv_parts WHERE ticket IN (1, 2);
SELECT pg_temp.frt_combine(s::frt_state) FROM (VALUES ('n=1 c@2025-03-03T08:00:00Z'),
	('n=1 a@2025-03-03T09:00:00Z cal="mon-sun 00:00-24:00; tz UTC"'), ('n=0 cal="mon-sun 00:00-24:00; tz UTC"')) v(s);
SELECT pg_temp.frt_combine(s::frt_state) FROM (VALUES ('n=1 c@2025-03-03T08:00:00Z cal="mon-sun 00:00-24:00; tz UTC"'),
	('n=1 a@2025-03-03T09:00:00Z cal="mon-sun 00:00-23:00; tz UTC"')) v(s);

-- 8g. The transition and merge functions change their state in place, so
-- they run only inside an aggregate; the final functions only read theirs,
-- and work on any state.
SELECT frt_state_add(NULL, now(), true);
SELECT frt_state_add('n=0', now(), false, 'mon-fri 09:00-17:00; tz UTC');
SELECT frt_state_merge(NULL, 'n=1 c@2025-03-03T08:00:00Z');
SELECT reply_state_add(NULL, now(), true);
SELECT reply_state_merge('n=0', 'n=0');
SELECT frt_state_final('n=3 c@2025-03-03T08:00:00Z a@2025-03-03T08:00:00Z a@2025-03-03T09:30:00Z') AS frt,
	   frt_state_seconds_final('n=1 c@2025-03-03T08:00:00Z') AS unanswered,
	   reply_state_final('n=4 c@2025-03-03T08:00:00Z a@2025-03-03T09:00:00Z c@2025-03-03T10:00:00Z a@2025-03-03T10:30:00Z') AS avg,
	   reply_state_seconds_final('n=0') AS no_messages,
	   frt_state_final('n=2 c@2025-03-07T16:00:00Z a@2025-03-10T10:00:00Z cal="mon-fri 09:00-17:00; tz Europe/Berlin"') AS business;

-- 8h. Parallel plans: partial states cross from the workers as datums of
-- the types (most of them small, with a 1-byte header), merged by the
-- combine functions; every form equals its serial result.
CREATE TABLE conv_par AS SELECT * FROM conv;
ANALYZE conv_par;
CREATE TEMP VIEW conv_par_results AS
SELECT ticket % 50 AS g, first_response_time(sent_at, from_agent)::text AS frt, first_response_seconds(sent_at, from_agent)::text AS frt_s,
	   avg_response_time(sent_at, from_agent)::text AS avg, avg_response_seconds(sent_at, from_agent)::text AS avg_s,
	   first_response_time(sent_at, from_agent, 'mon-fri 09:00-17:00; tz Europe/Berlin')::text AS bfrt,
	   first_response_seconds(sent_at, from_agent, 'mon-fri 09:00-17:00; tz Europe/Berlin')::text AS bfrt_s,
	   avg_response_time(sent_at, from_agent, 'mon-fri 09:00-17:00; tz Europe/Berlin')::text AS bavg,
	   avg_response_seconds(sent_at, from_agent, 'mon-fri 09:00-17:00; tz Europe/Berlin')::text AS bavg_s
FROM conv_par GROUP BY ticket % 50;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE conv_serial AS SELECT * FROM conv_par_results;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
-- with free tuple transfer the planner prefers one HashAggregate above the
-- Gather; without hashing it aggregates partially in the workers
SET enable_hashagg = off;
EXPLAIN (COSTS OFF)
SELECT ticket % 50, first_response_time(sent_at, from_agent), avg_response_time(sent_at, from_agent, cal) FROM conv_par GROUP BY ticket % 50;
SELECT count(*) AS results, count(*) FILTER (WHERE row(p.*)::text = row(q.*)::text) AS equal
FROM conv_par_results p JOIN conv_serial q USING (g);
SET parallel_leader_participation = off;
SELECT count(*) AS results, count(*) FILTER (WHERE row(p.*)::text = row(q.*)::text) AS equal_workers_only
FROM conv_par_results p JOIN conv_serial q USING (g);
-- calendars differing within a group are an error in parallel plans too
SELECT first_response_time(sent_at, from_agent, cal) FROM conv_par;
RESET parallel_leader_participation;
RESET enable_hashagg;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP VIEW conv_par_results;
DROP TABLE conv_par;

-- 8i. Growing window frames call the final functions again and again on
-- the same state (unsorted ones included: rows in reverse time order).
SELECT count(*) AS frames,
	   count(*) FILTER (WHERE w.frt IS NOT DISTINCT FROM (SELECT first_response_time(sent_at, from_agent) FROM conv x
														WHERE x.grp = 3 AND x.ticket % 2 = 1 AND x.i >= w.i)
						AND w.avg IS NOT DISTINCT FROM (SELECT avg_response_time(sent_at, from_agent, cal) FROM conv x
														WHERE x.grp = 3 AND x.ticket % 2 = 1 AND x.i >= w.i)) AS equal
FROM (SELECT i, first_response_time(sent_at, from_agent) OVER (ORDER BY i DESC) AS frt,
			 avg_response_time(sent_at, from_agent, cal) OVER (ORDER BY i DESC) AS avg
	  FROM conv WHERE grp = 3 AND ticket % 2 = 1) w
WHERE i % 13 = 0;
