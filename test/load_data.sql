-- test/load_data.sql: small tables and a catalogue of metric queries for the
-- long-lived-connection tests (t_memory.sh, t_concurrency.sh).  Read with
-- psql from the source directory, after \i test/lib.sql (the data
-- generator) in the same session.
--
-- The tables are tiny on purpose: the tests run 100 000+ queries, so each
-- must cost well under a millisecond of executor time; what they exercise
-- is the extension's per-query and per-session memory, not its speed.
--
-- cs_queries holds one query per metric family, each returning one text
-- value, with :g standing for an integer that varies the constants (a
-- fraction, a target, a frame, the calendar): psql's \gexec and pgbench
-- both substitute it, so the two tests run the same queries.  compare =
-- false marks queries that only t_memory.sh runs: those that change the
-- session (TimeZone) and those that must fail (a score out of range; zone
-- names that do not exist, thousands of distinct ones, with digits and
-- without: the first are refused before the zone database is asked, the
-- others are asked and must not be cached).

CREATE TABLE cs_responses AS
SELECT g AS id,
	   floor(pg_temp.uniform(g, 1) * 11)::int AS score,
	   1 + floor(pg_temp.uniform(g, 2) * 5)::int AS c5,
	   1 + floor(pg_temp.uniform(g, 3) * 7)::int AS ce,
	   1 + floor(pg_temp.uniform(g, 4) * 5)::int AS stars,
	   pg_temp.uniform(g, 5) < 0.8 AS good
FROM generate_series(1, 200) g;

CREATE TABLE cs_tickets AS
SELECT g AS id, t0 AS created_at,
	   CASE WHEN pg_temp.uniform(g, 11) < 0.85
			THEN t0 + make_interval(secs => floor(60 + pg_temp.uniform(g, 12) * 400000)) END AS resolved_at,
	   1 + floor(pg_temp.uniform(g, 13) * 3)::int AS contacts,
	   floor(pg_temp.uniform(g, 14) * 4)::int AS replies,
	   CASE WHEN pg_temp.uniform(g, 15) < 0.7 THEN g % 9 END AS agent_id
FROM generate_series(1, 200) g,
	 LATERAL (SELECT timestamptz '2025-03-01 00:00+00'
					 + make_interval(secs => floor(pg_temp.uniform(g, 10) * 2592000)) AS t0) t;

-- 40 conversations of 5 messages; who writes alternates by a hash
CREATE TABLE cs_messages AS
SELECT t AS ticket_id,
	   timestamptz '2025-03-03 08:00+00' + make_interval(hours => t * 7, secs => m * 1800 + floor(pg_temp.uniform(t * 8 + m, 20) * 1700)) AS sent_at,
	   m > 0 AND pg_temp.uniform(t * 8 + m, 21) < 0.6 AS from_agent
FROM generate_series(1, 40) t, generate_series(0, 4) m;

CREATE TABLE cs_status AS
SELECT t AS ticket_id,
	   timestamptz '2025-03-03 08:00+00' + make_interval(hours => t * 5 + m * 9, secs => floor(pg_temp.uniform(t * 8 + m, 30) * 3000)) AS changed_at,
	   (ARRAY['new', 'open', 'pending', 'hold', 'open', 'solved'])[1 + floor(pg_temp.uniform(t * 8 + m, 31) * 6)::int] AS status
FROM generate_series(1, 40) t, generate_series(0, 4) m;

CREATE TABLE cs_calls AS
SELECT g AS id, g % 10 AS day,
	   make_interval(secs => floor(pg_temp.uniform(g, 40) * 90)) AS wait,
	   pg_temp.uniform(g, 41) < 0.85 AS answered
FROM generate_series(1, 200) g;

-- Every zone of the server's database that a calendar accepts (pg_timezone_names
-- also lists a few that calendars refuse, such as POSIX-style names), numbered
-- from 0.
CREATE TABLE cs_zones (n int PRIMARY KEY, name text NOT NULL);
DO $$
DECLARE
	z text;
	i int := 0;
BEGIN
	FOR z IN SELECT name FROM pg_timezone_names ORDER BY name LOOP
		BEGIN
			PERFORM format('mon 09:00-17:00; tz %s', z)::calendar;
			INSERT INTO cs_zones VALUES (i, z);
			i := i + 1;
		EXCEPTION WHEN invalid_text_representation THEN
			NULL;
		END;
	END LOOP;
END $$;

-- cs_cal(g): a calendar whose text depends on g: opening hours, a Saturday,
-- the zone (g cycles through all of them) and a closed date (one of 2 000),
-- so 100 000 values of g give tens of thousands of distinct calendars.  Each
-- zone is spelt canonically (g from 0 to the number of zones - 1), then in
-- lower case, then in upper case: calendars match names case-insensitively
-- and PostgreSQL's zone cache is keyed by the upper-case name, so the three
-- spellings must share one entry.  The
-- zone names are written into the body as an array, so that the function
-- is one expression the planner inlines (a lookup in cs_zones would run the
-- function's own executor at each call, 30 times slower).
DO $$
BEGIN
	EXECUTE format($f$
		CREATE FUNCTION cs_cal(g int) RETURNS calendar LANGUAGE sql STABLE AS $b$
		SELECT format('mon-fri %%s:00-%%s:30; sat 09:00-1%%s:00; tz %%s; closed %%s',
					  lpad((6 + g %% 4)::text, 2, '0'), 14 + g %% 9, g %% 10,
					  (%L::text[])[1 + g %% %s], date '2025-01-01' + g %% 2000)::calendar
		$b$ $f$,
		(SELECT array_agg(s ORDER BY v, n)
		 FROM cs_zones, LATERAL (VALUES (0, name), (1, lower(name)), (2, upper(name))) x(v, s)),
		(SELECT 3 * count(*) FROM cs_zones));
END $$;

ANALYZE cs_responses, cs_tickets, cs_messages, cs_status, cs_calls, cs_zones;

CREATE TABLE cs_queries (qid int PRIMARY KEY, family text NOT NULL, compare bool NOT NULL, sql text NOT NULL);
INSERT INTO cs_queries VALUES
(1, 'survey', true, $q$
SELECT (nps(score), nps_margin(score), csat(c5), csat_lower(c5), csat_upper(c5), ces(ce),
		negative_feedback_rate(stars), positive_review_rate(stars), csat(good), pct(good))::text
FROM cs_responses WHERE id <= 20 + :g % 180$q$),
(2, 'survey state', true, $q$
SELECT string_agg((k, st::text, nps(st), nps_margin(st, 0.9), promoters(st), responses(st))::text, ';' ORDER BY k)
	   || (SELECT (rollup(st)::text, nps(rollup(st)))::text
		   FROM (SELECT survey_agg(score) st FROM cs_responses WHERE id > :g % 50 GROUP BY id % 7) r)
	   || (WITH x AS (SELECT survey_agg(score % 3) st FROM cs_responses WHERE id > :g % 50 GROUP BY id % 9)
		   SELECT (count(DISTINCT st), bool_and(ARRAY[st] = ARRAY[st]),
				   (SELECT count(*) FROM (SELECT st FROM x UNION SELECT st FROM x) u))::text
		   FROM x)
FROM (SELECT id % 5 k, survey_agg(score) st FROM cs_responses WHERE id > :g % 50 GROUP BY 1) s$q$),
(3, 'rates', true, $q$
SELECT (pct(resolved_at IS NOT NULL), fcr_rate(contacts), fcr_rate(contacts = 1), one_touch_rate(replies),
		resolution_rate(resolved_at IS NOT NULL), automation_rate(agent_id IS NOT NULL),
		sla_rate(created_at, resolved_at, make_interval(hours => 1 + :g % 48), timestamptz '2025-03-20'),
		sla_rate(resolved_at - created_at, make_interval(hours => 1 + :g % 48)))::text
FROM cs_tickets WHERE id <= 20 + :g % 180$q$),
(4, 'conversation', true, $q$
SELECT string_agg(r::text, ';' ORDER BY ticket_id)
FROM (SELECT ticket_id, first_response_time(sent_at, from_agent), first_response_seconds(sent_at, from_agent),
			 avg_response_time(sent_at, from_agent), avg_response_seconds(sent_at, from_agent)
	  FROM cs_messages WHERE ticket_id % 4 = :g % 4 GROUP BY ticket_id) r$q$),
(5, 'conversation window', true, $q$
SELECT string_agg(r::text, ';' ORDER BY ticket_id, sent_at)
FROM (SELECT ticket_id, sent_at,
			 response_time(sent_at, from_agent) OVER (PARTITION BY ticket_id ORDER BY sent_at),
			 response_seconds(sent_at, from_agent) OVER (PARTITION BY ticket_id)
	  FROM cs_messages WHERE ticket_id % 4 = :g % 4) r$q$),
(6, 'percentile', true, $q$
SELECT (duration_percentile(resolved_at - created_at, (:g % 101) / 100.0),
		duration_percentile(resolved_at - created_at, ARRAY[0.5, (:g % 99) / 100.0, 0.99]),
		value_percentile(contacts * 1.5 + replies, (:g % 37) / 36.0),
		value_percentile(id::float8, ARRAY[0.1, 0.9]))::text
FROM cs_tickets WHERE id <= 30 + :g % 170$q$),
(7, 'duration sketch', true, $q$
SELECT (sketch_count(rollup(s)), mean(rollup(s)), mean_seconds(rollup(s)),
		percentile(rollup(s), ARRAY[0.5, (:g % 99) / 100.0]), percentile_seconds(rollup(s), 0.9),
		min_duration(rollup(s)), max_seconds(rollup(s)), rollup(s)::text,
		rollup(s)::text::duration_sketch = rollup(s), ARRAY[rollup(s)] = ARRAY[rollup(s)])::text
FROM (SELECT id % 5 k, duration_agg(resolved_at - created_at) s FROM cs_tickets WHERE id > :g % 50 GROUP BY 1) d$q$),
(8, 'business hours', true, $q$
SELECT c::text || string_agg((id, business_time(created_at, resolved_at, c), business_seconds(created_at, resolved_at, c),
							  business_add(created_at, make_interval(mins => 30 + :g % 900), c))::text, ';' ORDER BY id)
FROM cs_tickets, (SELECT cs_cal(:g) c OFFSET 0) k
WHERE resolved_at IS NOT NULL AND id % 8 = :g % 8 GROUP BY c$q$),
(9, 'calendar timing', true, $q$
SELECT (SELECT string_agg(r::text, ';' ORDER BY ticket_id)
		FROM (SELECT ticket_id, first_response_time(sent_at, from_agent, c), avg_response_seconds(sent_at, from_agent, c),
					 first_response_seconds(sent_at, from_agent, c)
			  FROM cs_messages, (SELECT cs_cal(:g + 7) c OFFSET 0) k WHERE ticket_id % 8 = :g % 8 GROUP BY ticket_id) r)
	|| (SELECT sla_rate(created_at, resolved_at, make_interval(hours => 1 + :g % 20), c, timestamptz '2025-03-20')::text
		FROM cs_tickets, (SELECT cs_cal(:g + 11) c OFFSET 0) k WHERE id <= 12)$q$),
(10, 'many calendars in one query', true, $q$
SELECT sum(business_seconds(timestamptz '2025-03-03 00:00+00', timestamptz '2025-03-03 00:00+00' + make_interval(days => i), cs_cal(:g * 10 + i)))::text
FROM generate_series(1, 6) i$q$),
(11, 'timeline', true, $q$
SELECT string_agg(p::text, ';')
	   || (SELECT (retention_rate(created_at, resolved_at, timestamptz '2025-03-10', timestamptz '2025-03-17'),
				   churn_rate(created_at, resolved_at, timestamptz '2025-03-10', timestamptz '2025-03-10' + make_interval(days => 1 + :g % 9)),
				   (SELECT rollup(t)::text FROM (SELECT timeline_agg(created_at, resolved_at, '2025-03-01', '2025-03-15', '1 day') t
												 FROM cs_tickets GROUP BY id % 3) x))::text
		   FROM cs_tickets)
FROM periods((SELECT timeline_agg(created_at, resolved_at, '2025-03-01', '2025-04-01', make_interval(days => 1 + :g % 7))
			  FROM cs_tickets)) p$q$),
(12, 'time in status', true, $q$
SELECT string_agg(r::text, ';' ORDER BY ticket_id)
FROM (SELECT ticket_id,
			 time_in_status(changed_at, status, '{new,open}', timestamptz '2025-03-20'),
			 time_in_status_seconds(changed_at, status, ARRAY['pending', 'hold', 's' || :g % 5], timestamptz '2025-03-20'),
			 time_in_status(changed_at, status, '{new,open}', c, timestamptz '2025-03-20'),
			 time_in_status_seconds(changed_at, status, '{hold}', c, timestamptz '2025-03-20')
	  FROM cs_status, (SELECT cs_cal(:g + 3) c OFFSET 0) k WHERE ticket_id % 8 = :g % 8 GROUP BY ticket_id) r$q$),
(13, 'contact centre', true, $q$
SELECT string_agg(r::text, ';' ORDER BY day)
FROM (SELECT day, service_level(wait, answered, make_interval(secs => 5 + :g % 30)),
			 service_level(wait, answered, interval '20 seconds', interval '5 seconds'),
			 abandonment_rate(answered), abandonment_rate(wait, answered, make_interval(secs => :g % 10))
	  FROM cs_calls GROUP BY day) r$q$),
(14, 'moving windows, surveys', true, $q$
SELECT string_agg(r::text, ';' ORDER BY id)
FROM (SELECT id, nps(score) OVER w, csat(c5) OVER w, pct(good) OVER w, nps_margin(score) OVER w,
			 survey_agg(score) OVER w, ces(ce) OVER w
	  FROM cs_responses WHERE id <= 60
	  WINDOW w AS (ORDER BY id ROWS BETWEEN :g % 10 PRECEDING AND 2 FOLLOWING)) r$q$),
(15, 'moving windows, tickets and calls', true, $q$
SELECT string_agg(r::text, ';' ORDER BY id)
FROM (SELECT t.id, sla_rate(created_at, resolved_at, interval '24 hours', timestamptz '2025-03-20') OVER w,
			 fcr_rate(contacts) OVER w, duration_agg(resolved_at - created_at) OVER w,
			 service_level(wait, answered, interval '20 seconds') OVER w, abandonment_rate(answered) OVER w
	  FROM cs_tickets t JOIN cs_calls c USING (id) WHERE t.id <= 25
	  WINDOW w AS (ORDER BY t.id ROWS BETWEEN :g % 8 PRECEDING AND CURRENT ROW)) r$q$),
(16, 'session TimeZone', false, $q$
SELECT set_config('TimeZone', (SELECT name FROM cs_zones WHERE n = :g % (SELECT count(*) FROM cs_zones)), false)$q$),
(17, 'errors', false, $q$
SELECT CASE :g % 3 WHEN 0 THEN nps(11 + :g % 3)::text
	   WHEN 1 THEN format('mon-fri 09:00-17:00; tz Nowhere/Zone%s', :g)::calendar::text
	   ELSE format('mon-fri 09:00-17:00; tz Nowhere/%s', translate(:g::text, '0123456789', 'abcdefghij'))::calendar::text END$q$);
