-- conversation.sql: first_response_time, avg_response_time and the
-- response_time window function on hand-checked conversations, and against
-- independent plain-SQL formulas on 1M generated messages; the text and
-- binary forms of their states, frt_state and reply_state, with hostile
-- input.  (sql/agg_state.sql replays Citus's path over the states.)

-- shared helpers (test/lib.sql): pg_temp.uses_partial_aggregate(query)
\set ECHO none
\i test/lib.sql
\set ECHO all

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
		   bool_and(abs(coalesce(date_part('epoch', o.avg_wait), -1)
						- coalesce(date_part('epoch', w.avg_wait), -1)) <= 0.000001)
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
FROM (SELECT ticket, first_response_time(sent_at, from_agent ORDER BY md5(concat(sent_at, from_agent))) AS a,
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

-- The states as values: frt_state keeps the messages that can still decide
-- the first response, reply_state every message; both print them in
-- canonical order (by time, agent first at equal times) in UTC, whatever
-- the session's TimeZone.  By hand: ticket 1 keeps its first customer
-- message and the first reply after it; ticket 2 the 09:00 agent message
-- and the 09:10 one at the customer's instant (an earlier customer message
-- would make them replies), then 09:10 and its reply 09:20; ticket 3 its
-- first customer message; ticket 4 its only (agent) message; ticket 5 the
-- two rows without NULLs.
CREATE AGGREGATE pg_temp.frt_partial(timestamptz, boolean) (SFUNC = frt_state_add, STYPE = frt_state);
CREATE AGGREGATE pg_temp.frt_partial(timestamptz, boolean, calendar) (SFUNC = frt_state_add, STYPE = frt_state);
CREATE AGGREGATE pg_temp.reply_partial(timestamptz, boolean) (SFUNC = reply_state_add, STYPE = reply_state);
SET TimeZone = 'Asia/Kolkata';
SELECT ticket, pg_temp.frt_partial(sent_at, from_agent) AS frt_state, pg_temp.reply_partial(sent_at, from_agent) AS reply_state
FROM msgs GROUP BY ticket ORDER BY ticket;
RESET TimeZone;
-- any message log reads as either type, in any order; the final functions
-- read the result: first response 10:05 -> 10:30; waits 10:05 -> 10:30 and
-- 12:00 -> 13:00 the next day (25 h), mean 12:42:30
SELECT 'n=4 a@2025-03-01T10:30:00Z c@2025-03-01T12:00:00Z a@2025-03-02T13:00:00Z c@2025-03-01T10:05:00Z'::frt_state AS frt_state,
	   'n=4 a@2025-03-01T10:30:00Z c@2025-03-01T12:00:00Z a@2025-03-02T13:00:00Z c@2025-03-01T10:05:00Z'::reply_state AS reply_state;
SELECT frt_state_final('n=4 a@2025-03-01T10:30:00Z c@2025-03-01T12:00:00Z a@2025-03-02T13:00:00Z c@2025-03-01T10:05:00Z') AS frt,
	   reply_state_final('n=4 a@2025-03-01T10:30:00Z c@2025-03-01T12:00:00Z a@2025-03-02T13:00:00Z c@2025-03-01T10:05:00Z') AS avg;
-- white space is free between tokens; fractions print without trailing
-- zeros; years before 1 are astronomical (0000 is 1 BC); n= may have
-- leading zeros; no messages
SELECT E' \tn=3\n c@2025-03-01T10:00:00.250Z   a@0000-03-01T10:00:00Z a@294276-12-31T23:59:59.999999Z '::reply_state,
	   'n=01 c@2025-03-01T10:00:00Z'::frt_state, 'n=0'::frt_state, 'n=0'::reply_state;

-- Hostile text: every string is a clean error with the right SQLSTATE
-- (22P02 syntax, 22003 count out of range, 22008 date or time out of
-- range), never a crash or an internal error.
CREATE FUNCTION pg_temp.try_in(typ text, t text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE format('SELECT %L::%s::text', t, typ) INTO t;
	RETURN 'ok: ' || t;
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT n, typ, pg_temp.try_in(typ, t) AS result
FROM (VALUES
	(1, 'frt_state', ''), (2, 'frt_state', '   '), (3, 'frt_state', 'n='), (4, 'frt_state', 'n=x'),
	(5, 'frt_state', 'n=-1'), (6, 'frt_state', 'n=10000001'), (7, 'reply_state', 'n=99999999999999999999'),
	(8, 'frt_state', 'n=1'), (9, 'reply_state', 'n=0 c@2025-03-01T10:00:00Z'),
	(10, 'frt_state', 'n=1 c@2025-03-01T10:00:00'), (11, 'frt_state', 'n=1 c@2025-03-01 10:00:00Z'),
	(12, 'frt_state', 'n=1 x@2025-03-01T10:00:00Z'), (13, 'frt_state', 'n=1 c2025-03-01T10:00:00Z'),
	(14, 'frt_state', 'n=1 C@2025-03-01T10:00:00Z'), (15, 'reply_state', 'n=1 c@2025-02-29T10:00:00Z'),
	(16, 'frt_state', 'n=1 c@2025-13-01T10:00:00Z'), (17, 'frt_state', 'n=1 c@2025-03-01T24:00:00Z'),
	(18, 'frt_state', 'n=1 c@2025-03-01T10:00:60Z'), (19, 'frt_state', 'n=1 c@2025-03-01T10:00:00.1234567Z'),
	(20, 'frt_state', 'n=1 c@2025-03-01T10:00:00.Z'), (21, 'reply_state', 'n=1 a@294277-01-01T00:00:00Z'),
	(22, 'frt_state', 'n=1 a@-4714-01-01T00:00:00Z'), (23, 'frt_state', 'n=1 c@infinity'),
	(24, 'frt_state', 'n=1 c@2025-03-01T10:00:00Zx'), (25, 'frt_state', 'n=2 c@2025-03-01T10:00:00Z,a@2025-03-01T10:30:00Z'),
	(26, 'frt_state', 'n=1 c@2025-03-01T10:00:00Z cal='),
	(27, 'frt_state', 'n=1 c@2025-03-01T10:00:00Z cal="mon-fri 09:00-17:00; tz UTC'),
	(28, 'reply_state', 'n=1 c@2025-03-01T10:00:00Z cal=mon-fri 09:00-17:00; tz UTC'),
	(29, 'frt_state', 'n=1 c@2025-03-01T10:00:00Z cal=""'), (30, 'frt_state', 'n=1 c@2025-03-01T10:00:00Z cal="tz UTC"'),
	(31, 'reply_state', 'n=1 c@2025-03-01T10:00:00Z cal="mon-fri 09:00-17:00; tz Mars/Olympus"'),
	(32, 'frt_state', 'n=1 c@2025-03-01T10:00:00Z cal="mon-fri 09:00-17:00; tz UTC" x'),
	(33, 'frt_state', 'n=1 c@2025-03-01T10:00:00Z cal="mon-fri 09:00-17:00; tz UTC" cal="mon-fri 09:00-17:00; tz UTC"'),
	(34, 'frt_state', 'n=1 cal="mon-fri 09:00-17:00; tz UTC" c@2025-03-01T10:00:00Z'),
	(35, 'frt_state', 'N=1 c@2025-03-01T10:00:00Z'), (36, 'frt_state', 'n = 1 c@2025-03-01T10:00:00Z'),
	(37, 'reply_state', 'n=1 a@'), (38, 'reply_state', 'n=1 a@@2025-03-01T10:00:00Z'),
	(39, 'frt_state', 'n=1c@2025-03-01T10:00:00Z'), (40, 'frt_state', 'n=1 c@2025-03-01T10:00:00Zcal="mon-fri 09:00-17:00; tz UTC"'),
	(41, 'reply_state', 'n=10000000 c@2025-03-01T10:00:00Z'), (42, 'frt_state', 'n=1 c@25-03-01T10:00:00Z'),
	(43, 'frt_state', 'n=1 c@2025-3-01T10:00:00Z'), (44, 'frt_state', 'n=1 c@+2025-03-01T10:00:00Z'),
	(45, 'frt_state', 'n=1 c@2025-03-01T10:00:00+00:00'), (46, 'frt_state', E'n=1 c@2025-03-01T10:00:00Z\x01'),
	(47, 'frt_state', 'n=1 c@2025-03-01T10:00:00Z cal="mon-fri 09:00-17:00; tz UTC"""'),
	(48, 'reply_state', 'n=2 a@2025-03-01T10:00:00Z') ) v(n, typ, t)
ORDER BY n;
-- the messages say what is wrong, where, and what a value looks like
SELECT 'n=2 c@2025-03-01T10:00:00Z a@2025-03-01T10:30:00'::frt_state;
SELECT 'n=2 c@2025-03-01T10:00:00Z'::reply_state;
SELECT 'n=1 c@2025-02-30T10:00:00Z'::reply_state;
SELECT 'n=1 c@2025-03-01T10:00:00Z cal="mon-fri 09:00-17:00; tz UTC; closed 2025-02-30"'::frt_state;
-- a long value is quoted by its start only
SELECT ('n=5000 ' || repeat('c@2025-03-01T10:00:00Z ', 4999) || 'c@2025-03-01T10:00:00')::reply_state;

-- Every string the input accepts prints back as canonical text that reads
-- back the same, and every other one is a clean error: 20 000 one-character
-- mutations (replace, insert, delete at a hashed position) of valid values.
CREATE FUNCTION pg_temp.try_state(typ text, t text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE format('SELECT %L::%s::text', t, typ) INTO t;
	RETURN t;
EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range
		OR datetime_field_overflow OR invalid_parameter_value THEN
	RETURN NULL;
END $$;
CREATE TEMP TABLE valid_states AS
SELECT row_number() OVER (ORDER BY ticket) AS k, s
FROM (SELECT ticket, CASE WHEN ticket % 2 = 0 THEN pg_temp.reply_partial(sent_at, from_agent)::text
						  ELSE pg_temp.frt_partial(sent_at, from_agent, CASE WHEN ticket % 3 = 0
								THEN 'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-12-25'::calendar
								ELSE 'mon-sun 00:00-24:00; tz UTC' END)::text END AS s
	  FROM gen_msgs WHERE ticket <= 400 GROUP BY ticket) v;
WITH mutated AS (
	SELECT g, CASE WHEN g % 2 = 0 THEN 'frt_state' ELSE 'reply_state' END AS typ, s,
		   1 + abs(hashint4(g * 3)) % length(s) AS pos,
		   substr('0123456789acn=@TZ:-. "xmo;', 1 + abs(hashint4(g * 3 + 1)) % 26, 1) AS ch,
		   abs(hashint4(g * 3 + 2)) % 3 AS op
	FROM generate_series(1, 20000) g JOIN valid_states ON k = 1 + g % 400
), parsed AS (
	SELECT typ, pg_temp.try_state(typ, CASE op
		WHEN 0 THEN overlay(s PLACING ch FROM pos FOR 1)
		WHEN 1 THEN overlay(s PLACING ch FROM pos FOR 0)
		ELSE overlay(s PLACING '' FROM pos FOR 1) END) AS out
	FROM mutated
)
SELECT count(*) AS tried, count(out) AS accepted,
	   bool_and(out IS NULL OR pg_temp.try_state(typ, out) = out) AS canonical_round_trip
FROM parsed;

-- Binary I/O through COPY BINARY files built by hand (signature, flags,
-- header extension, one tuple of one field, trailer), fed through perl.
CREATE TEMP TABLE one_state (f frt_state, r reply_state);
CREATE FUNCTION pg_temp.load_binary(typ text, payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	file bytea := '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
		|| '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea;
BEGIN
	TRUNCATE one_state;
	EXECUTE format('COPY one_state (%s) FROM PROGRAM %L WITH (FORMAT binary)',
				   CASE typ WHEN 'frt_state' THEN 'f' ELSE 'r' END,
				   format('perl -e ''print pack("H*", "%s")''', encode(file, 'hex')));
	RETURN (SELECT coalesce(f::text, r::text) FROM one_state);
END $$;
-- version 1, the number of messages (int32), each message's time (int64
-- microseconds since 2000-01-01 UTC) and sender (0 customer, 1 agent),
-- the calendar's length (-1: none) and its binary form
SELECT frt_state_send('n=2 c@2000-01-01T00:00:01Z a@2000-01-01T00:00:02Z') AS frt,
	   reply_state_send('n=1 a@2000-01-01T00:00:00Z cal="mon 09:00-10:00; tz UTC"') AS reply;
SELECT count(*) AS states,
	   count(*) FILTER (WHERE pg_temp.load_binary(CASE WHEN s LIKE '%cal=%' THEN 'frt_state' ELSE 'reply_state' END,
			CASE WHEN s LIKE '%cal=%' THEN frt_state_send(s::frt_state) ELSE reply_state_send(s::reply_state) END) = s) AS round_trip
FROM valid_states WHERE k <= 40;
-- hostile binary input: each a clean error
CREATE TEMP TABLE good AS
SELECT frt_state_send('n=2 c@2000-01-01T00:00:01Z a@2000-01-01T00:00:02Z') AS b;
\set SHOW_CONTEXT never
SELECT pg_temp.load_binary('frt_state', overlay(b PLACING '\x02' FROM 1)) FROM good;
SELECT pg_temp.load_binary('frt_state', substr(b, 1, length(b) - 1)) FROM good;
SELECT pg_temp.load_binary('frt_state', b || '\x00'::bytea) FROM good;
SELECT pg_temp.load_binary('reply_state', '\x'::bytea);
SELECT pg_temp.load_binary('frt_state', overlay(b PLACING '\xffffffff' FROM 2)) FROM good;
SELECT pg_temp.load_binary('reply_state', overlay(b PLACING '\x00989681' FROM 2)) FROM good;
SELECT pg_temp.load_binary('frt_state', overlay(b PLACING '\x00000003' FROM 2)) FROM good;
SELECT pg_temp.load_binary('frt_state', overlay(b PLACING '\x02' FROM 14)) FROM good;
SELECT pg_temp.load_binary('reply_state', overlay(b PLACING '\x7fffffffffffffff' FROM 6)) FROM good;
SELECT pg_temp.load_binary('frt_state', overlay(b PLACING '\x8000000000000000' FROM 15)) FROM good;
SELECT pg_temp.load_binary('frt_state', overlay(b PLACING '\x00000005' FROM 24)) FROM good;
SELECT pg_temp.load_binary('frt_state', overlay(b PLACING '\xfffffffe' FROM 24)) FROM good;
SELECT pg_temp.load_binary('reply_state', overlay(b PLACING '\x00000003010203' FROM 24)) FROM good;
SELECT pg_temp.load_binary('frt_state', overlay(b PLACING '\x00000003' FROM 24)
		|| substr(reply_state_send('n=0 cal="mon 09:00-10:00; tz UTC"'), 10, 3)) FROM good;
\set SHOW_CONTEXT errors

DROP TABLE msgs, gen_msgs, ref_frt, ref_waits;
