-- conversation.sql: first_response_time, avg_response_time and the
-- response_time window function on hand-checked conversations, and against
-- independent plain-SQL formulas on 1M generated messages.

CREATE TABLE msgs (ticket int, sent_at timestamptz, from_agent boolean);
INSERT INTO msgs VALUES
	-- 1: a burst of two customer messages is one wait (10:00 -> 10:30),
	-- a second agent message answers nothing, a reopened conversation
	-- waits again (12:00 -> next day 13:00, 25 h)
	(1, '2025-03-01 10:00+00', false), (1, '2025-03-01 10:05+00', false),
	(1, '2025-03-01 10:30+00', true), (1, '2025-03-01 10:31+00', true),
	(1, '2025-03-01 12:00+00', false), (1, '2025-03-02 13:00+00', true),
	-- 2: agent-started: the 09:00 agent message is no reply; an agent
	-- message at the same instant as the customer's does not answer it
	(2, '2025-03-01 09:00+00', true), (2, '2025-03-01 09:10+00', false),
	(2, '2025-03-01 09:10+00', true), (2, '2025-03-01 09:20+00', true),
	-- 3: unanswered
	(3, '2025-03-01 09:00+00', false), (3, '2025-03-01 09:05+00', false),
	-- 4: only agent messages
	(4, '2025-03-01 09:00+00', true),
	-- 5: NULL rows are skipped
	(5, NULL, false), (5, '2025-03-01 08:00+00', NULL),
	(5, '2025-03-01 08:00+00', false), (5, '2025-03-01 08:00:00.000001+00', true);

-- ticket 1: FRT 30 min; waits 30 min and 25 h, mean 12 h 45 min
-- ticket 2: FRT 10 min (09:10 -> 09:20); ticket 3, 4: NULL; ticket 5: 1 us
SELECT ticket, first_response_time(sent_at, from_agent) AS frt,
	   first_response_seconds(sent_at, from_agent) AS frt_s,
	   avg_response_time(sent_at, from_agent) AS avg_wait,
	   avg_response_seconds(sent_at, from_agent) AS avg_s
FROM msgs GROUP BY ticket ORDER BY ticket;

-- input order does not matter
SELECT ticket, first_response_time(sent_at, from_agent ORDER BY sent_at DESC) AS frt_desc,
	   avg_response_time(sent_at, from_agent ORDER BY from_agent, sent_at DESC) AS avg_shuffled
FROM msgs GROUP BY ticket ORDER BY ticket;

-- the window function: the wait on each replying agent message
SELECT ticket, sent_at, from_agent,
	   response_time(sent_at, from_agent) OVER (PARTITION BY ticket ORDER BY sent_at) AS wait,
	   response_seconds(sent_at, from_agent) OVER (PARTITION BY ticket ORDER BY sent_at) AS wait_s
FROM msgs WHERE ticket <> 5 ORDER BY ticket, sent_at, from_agent;
-- without ORDER BY, or ordered the other way, the same waits
SELECT count(*) AS messages, count(a) AS replies,
	   bool_and(a IS NOT DISTINCT FROM b AND a IS NOT DISTINCT FROM c) AS order_independent
FROM (SELECT response_time(sent_at, from_agent) OVER (PARTITION BY ticket ORDER BY sent_at) AS a,
			 response_time(sent_at, from_agent) OVER (PARTITION BY ticket) AS b,
			 response_time(sent_at, from_agent) OVER (PARTITION BY ticket ORDER BY sent_at DESC, from_agent) AS c
	  FROM msgs) w;

-- no rows, NULL rows only
SELECT first_response_time(t, a), avg_response_time(t, a)
FROM (SELECT NULL::timestamptz, NULL::boolean WHERE false) v(t, a);
SELECT first_response_time(t, a), avg_response_seconds(t, a)
FROM (VALUES (NULL::timestamptz, true)) v(t, a);

-- bad input: infinite times
SELECT first_response_time(t, a) FROM (VALUES ('infinity'::timestamptz, true)) v(t, a);
SELECT avg_response_time(t, a) FROM (VALUES ('-infinity'::timestamptz, false)) v(t, a);
SELECT response_time(t, a) OVER () FROM (VALUES ('infinity'::timestamptz, false)) v(t, a);

-- Differential test: 200k tickets, about 1M messages with bursts, agent
-- starts, equal times and unanswered tickets, in random order.
-- Pseudo-random values come from hashes of (ticket, message number), so
-- every column is independent and the data is the same on every run.
CREATE FUNCTION pg_temp.h(a bigint, b bigint, m int) RETURNS int LANGUAGE sql AS
	'SELECT (abs(hashint8extended(a * 64 + b, 42)) % m)::int';
CREATE TABLE gen_msgs AS
SELECT ticket, timestamptz '2025-01-01' + (ticket % 5000) * interval '1 hour'
		+ pg_temp.h(ticket, k, 200) * interval '1 minute' AS sent_at,
	   pg_temp.h(ticket, k + 32, 100) < 45 AS from_agent
FROM generate_series(1, 200000) ticket,
	 LATERAL generate_series(1, 1 + pg_temp.h(ticket, 0, 10)) k
ORDER BY md5(ticket::text || k::text);
ANALYZE gen_msgs;
SELECT count(*) > 1000000 AS over_a_million, count(DISTINCT ticket) AS tickets FROM gen_msgs;

-- reference FRT: the first agent message strictly after the first customer one
CREATE TABLE ref_frt AS
SELECT m.ticket, min(m.sent_at) FILTER (WHERE m.from_agent AND m.sent_at > f.first_customer)
				 - f.first_customer AS frt
FROM gen_msgs m
JOIN (SELECT ticket, min(sent_at) AS first_customer FROM gen_msgs WHERE NOT from_agent GROUP BY ticket) f
	USING (ticket)
GROUP BY m.ticket, f.first_customer;

-- reference waits: in canonical order (time, agent first), number the
-- segments by how many agent messages precede each row; a segment with
-- customer messages ends at its first agent message, which answers them
CREATE TABLE ref_waits AS
SELECT ticket, seg,
	   min(sent_at) FILTER (WHERE from_agent) - min(sent_at) FILTER (WHERE NOT from_agent) AS wait,
	   min(sent_at) FILTER (WHERE from_agent) AS replied_at
FROM (SELECT ticket, sent_at, from_agent,
			 count(*) FILTER (WHERE from_agent) OVER (PARTITION BY ticket ORDER BY sent_at, NOT from_agent
				 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS seg
	  FROM gen_msgs) s
GROUP BY ticket, seg
HAVING count(*) FILTER (WHERE NOT from_agent) > 0 AND count(*) FILTER (WHERE from_agent) > 0;

CREATE FUNCTION pg_temp.check_conversations() RETURNS TABLE (tickets bigint, frt_ok boolean, avg_ok boolean)
LANGUAGE sql AS $$
	SELECT count(*),
		   bool_and(o.frt IS NOT DISTINCT FROM r.frt),
		   bool_and(abs(coalesce(extract(epoch FROM o.avg_wait), -1)
						- coalesce(extract(epoch FROM w.avg_wait), -1)) <= 0.000001)
	FROM (SELECT ticket, first_response_time(sent_at, from_agent) AS frt,
				 avg_response_time(sent_at, from_agent) AS avg_wait
		  FROM gen_msgs GROUP BY ticket) o
	LEFT JOIN ref_frt r USING (ticket)
	LEFT JOIN (SELECT ticket, avg(wait) AS avg_wait FROM ref_waits GROUP BY ticket) w USING (ticket)
$$;
SET max_parallel_workers_per_gather = 0;
SELECT * FROM pg_temp.check_conversations();
-- shuffled input order gives the same answer
SELECT bool_and(a IS NOT DISTINCT FROM b) AS frt_order_independent
FROM (SELECT ticket, first_response_time(sent_at, from_agent ORDER BY random()) AS a,
			 first_response_time(sent_at, from_agent ORDER BY sent_at) AS b
	  FROM gen_msgs GROUP BY ticket) s;
-- forced parallel: a Partial Aggregate, and the same answers
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET work_mem = '256MB';
-- with free tuple transfer the planner prefers one HashAggregate above the
-- Gather; without hashing it aggregates partially in the workers
SET enable_hashagg = off;
CREATE FUNCTION pg_temp.uses_partial_aggregate(q text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
	line text;
	found boolean := false;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
		found := found OR line LIKE '%Partial%Aggregate%';
	END LOOP;
	RETURN found;
END $$;
SELECT pg_temp.uses_partial_aggregate('SELECT ticket, first_response_time(sent_at, from_agent),
	avg_response_time(sent_at, from_agent) FROM gen_msgs GROUP BY ticket') AS grouped_partial,
	   pg_temp.uses_partial_aggregate('SELECT first_response_time(sent_at, from_agent),
	avg_response_time(sent_at, from_agent) FROM gen_msgs') AS whole_partial;
SELECT * FROM pg_temp.check_conversations();
-- one conversation of all 1M messages, serial and parallel, against the
-- reference computed over the whole table
SELECT first_response_time(sent_at, from_agent) = (
		SELECT min(sent_at) FILTER (WHERE from_agent AND sent_at > (SELECT min(sent_at) FROM gen_msgs WHERE NOT from_agent))
			   - (SELECT min(sent_at) FROM gen_msgs WHERE NOT from_agent) FROM gen_msgs) AS whole_frt_ok
FROM gen_msgs;
RESET work_mem;
RESET enable_hashagg;
RESET max_parallel_workers_per_gather;

-- the window function against the reference waits, on every message: the
-- replies it finds are exactly the reference's, with the same waits
SELECT count(*) AS messages, count(o.wait) AS replies,
	   count(r.wait) AS matched, bool_and(o.wait IS NULL OR o.wait = r.wait) AS waits_ok,
	   (SELECT count(*) FROM ref_waits) AS reference_waits
FROM (SELECT ticket, sent_at, from_agent,
			 response_time(sent_at, from_agent) OVER (PARTITION BY ticket ORDER BY sent_at) AS wait
	  FROM gen_msgs) o
LEFT JOIN ref_waits r ON o.wait IS NOT NULL AND r.ticket = o.ticket AND r.replied_at = o.sent_at;

DROP TABLE msgs, gen_msgs, ref_frt, ref_waits;
