-- calendar_timing.sql: first_response_time, avg_response_time,
-- response_time and sla_rate with a business calendar (and with as_of), by
-- hand and against business_time() of the calendar-time answers, also along
-- Citus's path (states through text, merged).

-- shared helpers (test/lib.sql): pg_temp.uses_partial_aggregate(query)
\set ECHO none
\i test/lib.sql
\set ECHO all

SET TimeZone = 'UTC';
CREATE TABLE cal_msgs (ticket int, sent_at timestamptz, from_agent boolean);
INSERT INTO cal_msgs VALUES
	-- Friday 16:00 Berlin, answered Monday 10:00: 1 h Friday + 1 h Monday;
	-- then 11:00 -> 11:30 Monday
	(1, '2025-03-07 16:00+01', false), (1, '2025-03-10 10:00+01', true),
	(1, '2025-03-10 11:00+01', false), (1, '2025-03-10 11:30+01', true),
	-- asked on a holiday (closed 2025-12-25), answered the next morning at
	-- 09:15: 15 minutes of business time
	(2, '2025-12-25 10:00+01', false), (2, '2025-12-26 09:15+01', true),
	-- across the spring-forward night (2025-03-30): 16:30 Friday 28th to
	-- 09:30 Monday 31st: 30 + 30 minutes
	(3, '2025-03-28 16:30+01', false), (3, '2025-03-31 09:30+02', true),
	-- unanswered
	(4, '2025-03-10 09:00+01', false);

-- by hand: 1: FRT 02:00, mean (02:00 + 00:30) / 2 = 01:15; 2: 00:15; 3: 01:00
SELECT ticket,
	   first_response_time(sent_at, from_agent, 'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-12-25') AS frt,
	   first_response_seconds(sent_at, from_agent, 'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-12-25') AS frt_s,
	   avg_response_time(sent_at, from_agent, 'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-12-25') AS avg_wait,
	   avg_response_seconds(sent_at, from_agent, 'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-12-25') AS avg_s
FROM cal_msgs GROUP BY ticket ORDER BY ticket;

SELECT ticket, sent_at, from_agent,
	   response_time(sent_at, from_agent, 'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-12-25')
		   OVER (PARTITION BY ticket ORDER BY sent_at) AS wait,
	   response_seconds(sent_at, from_agent, 'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-12-25')
		   OVER (PARTITION BY ticket) AS wait_s
FROM cal_msgs ORDER BY ticket, sent_at;

-- sla_rate with a calendar: a 2-hour business target; ticket 1's first
-- reply took exactly 2 business hours (met), ticket 3's 1 hour (met); in
-- calendar time both breach
SELECT sla_rate(s, e, '2 hours', 'mon-fri 09:00-17:00; tz Europe/Berlin') AS business,
	   sla_rate(s, e, '2 hours') AS calendar_time
FROM (VALUES ('2025-03-07 16:00+01'::timestamptz, '2025-03-10 10:00+01'::timestamptz),
			 ('2025-03-28 16:30+01', '2025-03-31 09:30+02'),
			 ('2025-03-07 16:00+01', '2025-03-10 10:01+01')) v(s, e);
-- open items: left out while their business time so far is within the
-- target, breached after; a start in the future is left out
SELECT sla_rate(s, NULL, '1 hour', 'mon-sun 00:00-24:00; tz UTC') AS open_items
FROM (VALUES (now() - interval '2 hours'), (now() - interval '30 minutes'), (now() + interval '1 day')) v(s);
-- the same with as_of => now(): what the form without it gives
SELECT sla_rate(s, NULL, '1 hour', 'mon-sun 00:00-24:00; tz UTC')
		IS NOT DISTINCT FROM sla_rate(s, NULL, '1 hour', 'mon-sun 00:00-24:00; tz UTC', now()) AS same_as_now
FROM (VALUES (now() - interval '2 hours'), (now() - interval '30 minutes'), (now() + interval '1 day')) v(s);
-- as of Monday 2025-03-10 10:00 UTC, office hours 09:00-17:00 UTC: open
-- since Friday 16:00 with 2 business hours (Fri 16-17, Mon 09-10: 2 h, not
-- more than the target) left out; since Friday 15:30 (2 h 30 min) breached;
-- since Saturday noon with 30 minutes (Mon 09-10: 1 h) breached; Monday
-- 09:45 to 10:30, stopped after as_of, 45 minutes of 1 hour: met; open
-- from 11:00, after as_of: left out.  1 met of 3: 33.33.  In calendar time
-- as of the same instant: Friday 16:00 + 2 h, Friday 15:30 + 2 h and
-- Saturday 12:00 + 30 min are all past, so breached; the Monday item met:
-- 1 of 4, 25.
SELECT round(sla_rate(s, p, t, 'mon-fri 09:00-17:00; tz UTC', timestamptz '2025-03-10 10:00+00')::numeric, 9) AS business,
	   sla_rate(s, p, t, timestamptz '2025-03-10 10:00+00') AS calendar_time
FROM (VALUES ('2025-03-07 16:00+00'::timestamptz, NULL::timestamptz, interval '2 hours'),
			 ('2025-03-07 15:30+00', NULL, '2 hours'),
			 ('2025-03-08 12:00+00', NULL, '30 minutes'),
			 ('2025-03-10 09:45+00', '2025-03-10 10:30+00', '1 hour'),
			 ('2025-03-10 11:00+00', NULL, '1 hour')) v(s, p, t);
-- an untyped literal in the fourth place is the calendar, as before the
-- as_of forms existed; a typed as_of there is the as_of form
SELECT sla_rate(s, NULL, '1 hour', 'mon-fri 09:00-17:00; tz UTC') IS NOT NULL AS calendar_form,
	   sla_rate(s, NULL, '1 hour', timestamptz '2025-03-10 09:30+00') AS as_of_form
FROM (VALUES ('2025-03-10 09:00+00'::timestamptz)) v(s);

-- bad input
SELECT first_response_time(t, a, NULL) FROM (VALUES (now(), true)) v(t, a);
SELECT first_response_time(t, a, c::calendar)
FROM (VALUES (now(), false, 'mon-fri 09:00-17:00; tz UTC'), (now(), true, 'mon-fri 08:00-17:00; tz UTC')) v(t, a, c);
SELECT response_time(t, a, NULL) OVER () FROM (VALUES (now(), true)) v(t, a);
SELECT sla_rate(s, s, '1 day', 'mon-fri 09:00-17:00; tz UTC') FROM (VALUES (now())) v(s);
SELECT sla_rate(s, s, '1 hour', NULL) FROM (VALUES (now())) v(s);
SELECT sla_rate(s, s, '1 hour', 'mon-fri 09:00-17:00; tz UTC', NULL) FROM (VALUES (now())) v(s);
SELECT sla_rate(s, NULL, '1 hour', 'mon-fri 09:00-17:00; tz UTC', a)
FROM (VALUES ('2025-03-10 09:00+00'::timestamptz, '2025-03-10 12:00+00'::timestamptz),
			 ('2025-03-10 09:00+00', '2025-03-11 12:00+00')) v(s, a);
SELECT sla_rate(s, NULL, '1 day', 'mon-fri 09:00-17:00; tz UTC', now()) FROM (VALUES (now())) v(s);

-- Differential: 20 000 tickets in three zones; every calendar answer
-- equals business_time() of the calendar-time reply pairs.
CREATE TABLE cal_gen AS
SELECT ticket, z.cal,
	   timestamptz '2025-01-01' + (ticket % 3000) * interval '3 hours 7 minutes'
		   + (abs(hashint8extended(ticket * 64 + k, 7)) % 4000) * interval '1 minute' AS sent_at,
	   abs(hashint8extended(ticket * 64 + k, 8)) % 100 < 45 AS from_agent
FROM generate_series(1, 20000) ticket
CROSS JOIN LATERAL (SELECT (ARRAY[
	'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-12-24 13:00-24:00, 2025-12-25',
	'mon-fri 09:00-12:00, 13:00-17:30; sat 10:00-14:00; tz America/New_York',
	'mon-sun 00:00-24:00; tz Australia/Lord_Howe'])[1 + ticket % 3]::calendar AS cal) z
CROSS JOIN LATERAL generate_series(1, 1 + (abs(hashint8extended(ticket, 9)) % 8)::int) k;
ANALYZE cal_gen;

-- calendar-time and business-time waits side by side, row by row
CREATE TABLE pairs AS
SELECT ticket, cal, sent_at, from_agent,
	   response_time(sent_at, from_agent) OVER w AS wait,
	   response_time(sent_at, from_agent, cal) OVER w AS business_wait
FROM cal_gen WINDOW w AS (PARTITION BY ticket);

-- the window function with a calendar: business_time() of each reply pair
SELECT count(wait) AS replies,
	   bool_and(business_wait IS NOT DISTINCT FROM
				CASE WHEN wait IS NOT NULL THEN business_time(sent_at - wait, sent_at, cal) END) AS waits_ok
FROM pairs;

-- the aggregates with a calendar, serial and forced-parallel, against
-- business_time() of the calendar-time first reply and of every reply pair
CREATE TABLE ref AS
SELECT f.ticket, business_time(f.first_customer, f.first_customer + f.frt, f.cal) AS frt, w.avg_wait
FROM (SELECT ticket, (array_agg(cal))[1] AS cal,
			 min(sent_at) FILTER (WHERE NOT from_agent) AS first_customer,
			 first_response_time(sent_at, from_agent) AS frt
	  FROM cal_gen GROUP BY ticket) f
LEFT JOIN (SELECT ticket, avg(business_time(sent_at - wait, sent_at, cal)) AS avg_wait
		   FROM pairs WHERE wait IS NOT NULL GROUP BY ticket) w USING (ticket);
CREATE FUNCTION pg_temp.check_calendar_timing() RETURNS TABLE (tickets bigint, frt_ok boolean, avg_ok boolean)
LANGUAGE sql AS $$
	SELECT count(*),
		bool_and(o.frt IS NOT DISTINCT FROM r.frt),
		bool_and(abs(coalesce(date_part('epoch', o.avg_wait), -1) - coalesce(date_part('epoch', r.avg_wait), -1)) <= 0.000001)
	FROM (SELECT ticket, first_response_time(sent_at, from_agent, cal) AS frt,
				 avg_response_time(sent_at, from_agent, cal) AS avg_wait
		  FROM cal_gen GROUP BY ticket) o
	JOIN ref r USING (ticket)
$$;
SET max_parallel_workers_per_gather = 0;
SELECT * FROM pg_temp.check_calendar_timing();
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET enable_hashagg = off;
SELECT pg_temp.uses_partial_aggregate('SELECT ticket, first_response_time(sent_at, from_agent, cal),
	avg_response_time(sent_at, from_agent, cal) FROM cal_gen GROUP BY ticket') AS partial_plan;
SELECT * FROM pg_temp.check_calendar_timing();
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET enable_hashagg;

-- Citus's path with calendars: per-shard states (the shard a hash of the
-- message time, so a ticket's messages are spread over them) through their
-- text form, merged by the combine functions, against the same reference.
CREATE AGGREGATE pg_temp.frt_partial(timestamptz, boolean, calendar) (SFUNC = frt_state_add, STYPE = frt_state);
CREATE AGGREGATE pg_temp.reply_partial(timestamptz, boolean, calendar) (SFUNC = reply_state_add, STYPE = reply_state);
CREATE AGGREGATE pg_temp.frt_combine(frt_state) (SFUNC = frt_state_merge, STYPE = frt_state, FINALFUNC = frt_state_final);
CREATE AGGREGATE pg_temp.reply_combine(reply_state) (SFUNC = reply_state_merge, STYPE = reply_state, FINALFUNC = reply_state_final);
SELECT count(*) AS tickets, bool_and(o.frt IS NOT DISTINCT FROM r.frt) AS frt_ok,
	   bool_and(abs(coalesce(date_part('epoch', o.avg_wait), -1) - coalesce(date_part('epoch', r.avg_wait), -1)) <= 0.000001) AS avg_ok
FROM (SELECT ticket, pg_temp.frt_combine(f::text::frt_state) AS frt, pg_temp.reply_combine(r::text::reply_state) AS avg_wait
	  FROM (SELECT ticket, pg_temp.frt_partial(sent_at, from_agent, cal) AS f, pg_temp.reply_partial(sent_at, from_agent, cal) AS r
			FROM cal_gen GROUP BY ticket, abs(hashint8(date_part('epoch', sent_at)::bigint)) % 4) p
	  GROUP BY ticket) o
JOIN ref r USING (ticket);
-- a state's text carries the calendar in its canonical form (by hand:
-- ticket 1's first customer message and its reply, in UTC)
SELECT pg_temp.frt_partial(sent_at, from_agent, 'Mon-Fri 9:00-17:00; closed 2025-12-25; TZ europe/berlin')
FROM cal_msgs WHERE ticket = 1;
-- states measured against different calendars do not merge
SELECT pg_temp.frt_combine(s) FROM (
	SELECT pg_temp.frt_partial(sent_at, from_agent, 'mon-fri 09:00-17:00; tz Europe/Berlin') FROM cal_msgs WHERE ticket = 1
	UNION ALL
	SELECT pg_temp.frt_partial(sent_at, from_agent, 'mon-fri 09:00-17:00; tz Europe/Paris') FROM cal_msgs WHERE ticket = 3) v(s);

-- sla_rate with a calendar against pct() of business_time, per calendar
SELECT s.cal_text, count(*) AS tickets,
	   sla_rate(start, stop, '4 hours', s.cal) = pct(business_time(start, stop, s.cal) <= '4 hours') AS sla_ok
FROM (SELECT ticket, cal::text AS cal_text, (array_agg(cal))[1] AS cal, min(sent_at) AS start, max(sent_at) AS stop
	  FROM cal_gen GROUP BY ticket, cal::text) s
GROUP BY s.cal_text ORDER BY 1;

-- and as of a fixed instant, 2025-06-15 12:00 UTC, with a quarter of the
-- tickets still open: against pct() of business_time up to the stop, or,
-- for an open item that started before as_of, up to as_of (breached when
-- over the target; left out, NULL, while within it or not started);
-- serial and forced-parallel
CREATE TABLE cal_sla AS
SELECT ticket, cal::text AS cal_text, (array_agg(cal))[1] AS cal, min(sent_at) AS start,
	   CASE WHEN ticket % 4 = 0 THEN NULL ELSE max(sent_at) END AS stop
FROM cal_gen GROUP BY ticket, cal::text;
ANALYZE cal_sla;
CREATE TEMP VIEW cal_sla_ours AS
SELECT cal_text, sla_rate(start, stop, '4 hours', cal, timestamptz '2025-06-15 12:00+00') AS sla
FROM cal_sla GROUP BY cal_text;
CREATE TEMP VIEW cal_sla_check AS
SELECT count(*) AS calendars, bool_and(o.sla = r.sla) AS as_of_ok
FROM cal_sla_ours o
JOIN (SELECT cal_text,
			 pct(CASE WHEN stop IS NOT NULL THEN business_time(start, stop, cal) <= '4 hours'
					  WHEN start < '2025-06-15 12:00+00'
						   AND business_time(start, '2025-06-15 12:00+00', cal) > '4 hours' THEN false
				 END) AS sla
	  FROM cal_sla GROUP BY cal_text) r USING (cal_text);
SELECT count(*) FILTER (WHERE stop IS NULL AND start < '2025-06-15 12:00+00'
						AND business_time(start, '2025-06-15 12:00+00', cal) > '4 hours') > 0 AS open_breached,
	   count(*) FILTER (WHERE stop IS NULL AND start < '2025-06-15 12:00+00'
						AND business_time(start, '2025-06-15 12:00+00', cal) <= '4 hours') > 0 AS open_within,
	   count(*) FILTER (WHERE stop IS NULL AND start >= '2025-06-15 12:00+00') > 0 AS open_later
FROM cal_sla;
SET max_parallel_workers_per_gather = 0;
SELECT * FROM cal_sla_check;
CREATE TEMP TABLE cal_sla_serial AS SELECT * FROM cal_sla_ours;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET enable_hashagg = off;
SELECT pg_temp.uses_partial_aggregate('SELECT * FROM cal_sla_ours') AS as_of_partial;
SELECT * FROM cal_sla_check;
SELECT count(*) AS calendars, bool_and(row(p.*)::text = row(s.*)::text) AS parallel_equals_serial
FROM cal_sla_ours p JOIN cal_sla_serial s USING (cal_text);
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET enable_hashagg;

DROP TABLE cal_msgs, cal_gen, pairs, ref, cal_sla CASCADE;
