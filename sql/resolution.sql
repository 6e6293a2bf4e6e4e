-- resolution.sql: reopens, first_resolution_time, full_resolution_time and
-- their _seconds forms on hand-checked status histories (reopens, solved to
-- closed, equal change times, unsolved and reopened tickets, NULL rows,
-- created_at, a business calendar), bad input, canonical state bytes, and
-- a differential test against plain-SQL lag() formulas on about 1.05M
-- status changes, serial and forced-parallel, with created_at and with a
-- calendar.

-- shared helpers: the data generator pg_temp.uniform(key, stream) (never
-- random()), pg_temp.error_of(query)
\set ECHO none
\i test/lib.sql
\set ECHO all

SET timezone = 'UTC';
SET jit = off;

CREATE TABLE rhist (ticket int, changed_at timestamptz, status text);
INSERT INTO rhist VALUES
	-- 1: solved at 10:00 (first, 1 h), reopened at 11:00, solved again the
	-- next day at 10:00 (full, 1 day 1 h), then closed: solved to closed
	-- is not a reopen.  1 reopen
	(1, '2025-03-03 09:00', 'new'), (1, '2025-03-03 10:00', 'solved'),
	(1, '2025-03-03 11:00', 'open'), (1, '2025-03-04 10:00', 'solved'),
	(1, '2025-03-05 10:00', 'closed'),
	-- 2: closed to open is a reopen (closed is solved); a second solve
	-- after it: first 1 h, full 5 h, 1 reopen
	(2, '2025-03-03 09:00', 'new'), (2, '2025-03-03 10:00', 'solved'),
	(2, '2025-03-03 12:00', 'closed'), (2, '2025-03-03 13:00', 'open'),
	(2, '2025-03-03 14:00', 'solved'),
	-- 3: equal change times.  At 10:00 'open' < 'solved' in byte order, so
	-- the ticket is solved from 10:00 (first 1 h); at 11:00 'pending' <
	-- 'solved': pending never lasted, no reopen; at 12:00 'closed' <
	-- 'reopened': reopened from 12:00 (1 reopen); solved at 13:00 (full 4 h)
	(3, '2025-03-03 09:00', 'new'), (3, '2025-03-03 10:00', 'solved'),
	(3, '2025-03-03 10:00', 'open'), (3, '2025-03-03 11:00', 'solved'),
	(3, '2025-03-03 11:00', 'pending'), (3, '2025-03-03 12:00', 'reopened'),
	(3, '2025-03-03 12:00', 'closed'), (3, '2025-03-03 13:00', 'solved'),
	-- 4: never solved: 0 reopens, NULL times
	(4, '2025-03-03 09:00', 'new'), (4, '2025-03-03 10:00', 'open'),
	(4, '2025-03-03 11:00', 'pending'),
	-- 5: reopened and not solved since: 1 reopen, first and full both to
	-- the one solve (1 h), as Zendesk keeps the latest solve
	(5, '2025-03-03 09:00', 'new'), (5, '2025-03-03 10:00', 'solved'),
	(5, '2025-03-03 11:00', 'open'),
	-- 6: created solved: 0 and 0, no reopen
	(6, '2025-03-03 09:00', 'solved'),
	-- 7: NULL rows are skipped and a repeated row is one change: solved at
	-- 09:45 (45 min), twice reopened (10:00 and 12:00), solved at 11:00 and
	-- 13:30 (full 4 h 30 min)
	(7, NULL, 'solved'), (7, '2025-03-03 08:30', NULL),
	(7, '2025-03-03 09:00', 'open'), (7, '2025-03-03 09:45', 'solved'),
	(7, '2025-03-03 09:45', 'solved'), (7, '2025-03-03 10:00', 'open'),
	(7, '2025-03-03 11:00', 'solved'), (7, '2025-03-03 12:00', 'hold'),
	(7, '2025-03-03 13:30', 'solved'),
	-- 8: no usable row: NULL everywhere
	(8, NULL, 'solved'), (8, '2025-03-03 09:00', NULL),
	-- 9: byte order, not the locale's: at 10:00 'Solved' < 'open', so the
	-- ticket is open (not solved) from 10:00; solved at 11:00 (2 h)
	(9, '2025-03-03 09:00', 'new'), (9, '2025-03-03 10:00', 'open'),
	(9, '2025-03-03 10:00', 'Solved'), (9, '2025-03-03 11:00', 'Solved');

SELECT ticket, reopens(changed_at, status, '{solved,closed,Solved}') AS reopens,
	   first_resolution_time(changed_at, status, '{solved,closed,Solved}') AS first,
	   full_resolution_time(changed_at, status, '{solved,closed,Solved}') AS full,
	   first_resolution_time_seconds(changed_at, status, '{solved,closed,Solved}') AS first_s,
	   full_resolution_time_seconds(changed_at, status, '{solved,closed,Solved}') AS full_s
FROM rhist GROUP BY ticket ORDER BY ticket;

-- input order does not matter: the same in reversed and shuffled orders
SELECT bool_and(a IS NOT DISTINCT FROM b AND a IS NOT DISTINCT FROM c) AS reopens_same,
	   bool_and(d IS NOT DISTINCT FROM e AND d IS NOT DISTINCT FROM f) AS full_same
FROM (SELECT ticket,
			 reopens(changed_at, status, '{solved,closed}' ORDER BY changed_at, status) AS a,
			 reopens(changed_at, status, '{solved,closed}' ORDER BY changed_at DESC, status DESC) AS b,
			 reopens(changed_at, status, '{solved,closed}' ORDER BY md5(concat(changed_at, status))) AS c,
			 full_resolution_time(changed_at, status, '{solved,closed}' ORDER BY changed_at, status) AS d,
			 full_resolution_time(changed_at, status, '{solved,closed}' ORDER BY changed_at DESC, status DESC) AS e,
			 full_resolution_time(changed_at, status, '{solved,closed}' ORDER BY md5(concat(changed_at, status))) AS f
	  FROM rhist GROUP BY ticket) s;

-- the solved array is a set (order, repeats, dimensions do not matter);
-- it may depend on the GROUP BY columns; an empty one: never solved
SELECT ticket, reopens(changed_at, status, '{{closed},{solved}}') AS as_matrix,
	   reopens(changed_at, status, '{closed,solved,solved,closed}') AS with_repeats,
	   reopens(changed_at, status, CASE WHEN ticket = 1 THEN '{solved}'::text[] ELSE '{closed,solved}' END) AS per_ticket,
	   reopens(changed_at, status, '{}') AS empty,
	   full_resolution_time(changed_at, status, '{}') AS empty_full
FROM rhist WHERE ticket IN (1, 2) GROUP BY ticket ORDER BY ticket;
-- (with '{solved}' alone, ticket 1's move from solved to closed leaves the
-- solved statuses: 2 reopens)

-- no rows: NULL
SELECT reopens(t, s, '{solved}') AS no_rows, first_resolution_time(t, s, '{solved}') AS no_rows_first
FROM (SELECT NULL::timestamptz, NULL::text WHERE false) v(t, s);

-- created_at, the ticket's creation time, instead of the first change.
-- Ticket 1 created at 08:30: first 1 h 30 min, full 1 day 1 h 30 min;
-- ticket 6 created at 10:00, after its solve at 09:00: zero; ticket 5 with
-- a NULL created_at: NULL; ticket 4 never solved: NULL
CREATE TABLE rtickets (ticket int, created_at timestamptz);
INSERT INTO rtickets VALUES (1, '2025-03-03 08:30'), (4, '2025-03-03 08:00'),
	(5, NULL), (6, '2025-03-03 10:00');
SELECT ticket, first_resolution_time(changed_at, status, '{solved,closed}', created_at) AS first,
	   full_resolution_time(changed_at, status, '{solved,closed}', created_at) AS full,
	   first_resolution_time_seconds(changed_at, status, '{solved,closed}', created_at) AS first_s,
	   full_resolution_time_seconds(changed_at, status, '{solved,closed}', created_at) AS full_s
FROM rhist JOIN rtickets USING (ticket) GROUP BY ticket ORDER BY ticket;
-- a constant created_at
SELECT first_resolution_time(changed_at, status, '{solved}', timestamptz '2025-03-01 09:00') AS first
FROM rhist WHERE ticket = 1;

-- business time.  'mon-fri 09:00-17:00; tz Europe/Berlin; closed
-- 2025-03-05' (UTC+1 in March; 2025-03-03 is a Monday).  Ticket 1: from
-- Monday 10:00 Berlin (09:00 UTC) to 11:00 Berlin: first 1 h; to Tuesday
-- 11:00 Berlin: 7 h on Monday + 2 h on Tuesday, full 9 h.  Ticket 10:
-- from Friday 2025-03-07 16:00 Berlin (15:00 UTC), solved Thursday
-- 2025-03-13 10:30 Berlin: 1 h on Friday, 8 h on Monday and on Tuesday,
-- Wednesday 2025-03-12 closed, 1 h 30 min on Thursday: 18 h 30 min.  From
-- created_at Friday 17:30 Berlin (16:30 UTC), after closing time: 17 h 30 min
INSERT INTO rhist VALUES (10, '2025-03-07 15:00', 'new'), (10, '2025-03-13 09:30', 'solved');
INSERT INTO rtickets VALUES (10, '2025-03-07 16:30');
SELECT ticket,
	   first_resolution_time(changed_at, status, '{solved,closed}',
		'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-03-12') AS first,
	   full_resolution_time(changed_at, status, '{solved,closed}',
		'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-03-12') AS full,
	   full_resolution_time_seconds(changed_at, status, '{solved,closed}',
		'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-03-12') AS full_s,
	   full_resolution_time(changed_at, status, '{solved,closed}',
		'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-03-12', created_at) AS full_from_created,
	   first_resolution_time_seconds(changed_at, status, '{solved,closed}',
		'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-03-12', created_at) AS first_s_from_created
FROM rhist JOIN rtickets USING (ticket) WHERE ticket IN (1, 10) GROUP BY ticket ORDER BY ticket;
-- the same against business_time() on the hand-picked instants
SELECT business_time('2025-03-03 09:00+00', '2025-03-04 10:00+00',
		'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-03-12') AS ticket1_full,
	   business_time('2025-03-07 15:00+00', '2025-03-13 09:30+00',
		'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-03-12') AS ticket10_full;
-- a NULL calendar gives NULL, as in time_in_status
SELECT first_resolution_time(changed_at, status, '{solved}', NULL::calendar) AS null_calendar
FROM rhist WHERE ticket = 1;

-- ---------------------------------------------------------------------------
-- Bad input: SQLSTATE and message (the details and hints are shown once)
-- ---------------------------------------------------------------------------
\set VERBOSITY default
SELECT reopens(changed_at, status, NULL) FROM rhist;
SELECT reopens(changed_at, status, '{solved,NULL}') FROM rhist;
\set VERBOSITY terse
-- NULL on a later row of a group, and a NULL element in a per-row array
SELECT pg_temp.error_of($$SELECT reopens(changed_at, status,
	CASE WHEN status = 'open' THEN NULL ELSE '{solved}'::text[] END) FROM rhist$$) AS later_null;
SELECT pg_temp.error_of($$SELECT first_resolution_time(changed_at, status,
	CASE WHEN status = 'open' THEN '{solved,NULL}'::text[] ELSE '{solved}' END) FROM rhist$$) AS later_null_element;
SELECT pg_temp.error_of($$SELECT full_resolution_time(changed_at, status, NULL, timestamptz '2025-03-01') FROM rhist$$) AS null_with_created;
-- the solved set must be the same on every row of a group
SELECT pg_temp.error_of($$SELECT reopens(changed_at, status,
	CASE WHEN status = 'open' THEN '{closed}'::text[] ELSE '{solved}' END) FROM rhist$$) AS two_sets;
-- created_at: the same on every row of a group, finite
SELECT pg_temp.error_of($$SELECT first_resolution_time(changed_at, status, '{solved}',
	CASE WHEN status = 'open' THEN timestamptz '2025-03-01' ELSE '2025-03-02' END) FROM rhist$$) AS two_created;
SELECT pg_temp.error_of($$SELECT first_resolution_time(changed_at, status, '{solved}',
	CASE WHEN status = 'open' THEN NULL ELSE timestamptz '2025-03-02' END) FROM rhist$$) AS created_null_on_one_row;
SELECT pg_temp.error_of($$SELECT first_resolution_time(changed_at, status, '{solved}', 'infinity'::timestamptz) FROM rhist$$) AS infinite_created;
-- the calendar: the same on every row
SELECT pg_temp.error_of($$SELECT full_resolution_time(changed_at, status, '{solved}',
	CASE WHEN status = 'open' THEN 'mon-fri 09:00-17:00; tz UTC'::calendar ELSE 'mon-sun 00:00-24:00; tz UTC' END) FROM rhist$$) AS two_calendars;
-- an infinite change time
SELECT pg_temp.error_of($$SELECT reopens(t, 'open', '{solved}') FROM (VALUES ('-infinity'::timestamptz)) v(t)$$) AS infinite_change;
\set VERBOSITY default

-- ---------------------------------------------------------------------------
-- Canonical state bytes: the serialized state (what a parallel worker
-- sends) depends only on the changes, not on their order nor on repeats
-- ---------------------------------------------------------------------------
CREATE AGGREGATE pg_temp.state_bytes(timestamptz, text, text[]) (
	SFUNC = resolution_trans, STYPE = internal, FINALFUNC = time_in_status_serialize);
CREATE AGGREGATE pg_temp.state_bytes(timestamptz, text, text[], timestamptz) (
	SFUNC = resolution_created_trans, STYPE = internal, FINALFUNC = time_in_status_serialize);
SELECT count(DISTINCT b) AS distinct_bytes, count(*) AS orders
FROM (SELECT pg_temp.state_bytes(changed_at, status, '{solved,closed}' ORDER BY changed_at, status) AS b FROM rhist WHERE ticket = 3
	  UNION ALL
	  SELECT pg_temp.state_bytes(changed_at, status, '{closed,solved}' ORDER BY changed_at DESC, status DESC) FROM rhist WHERE ticket = 3
	  UNION ALL
	  SELECT pg_temp.state_bytes(changed_at, status, '{solved,closed}' ORDER BY md5(status)) FROM rhist WHERE ticket = 3
	  UNION ALL
	  SELECT pg_temp.state_bytes(changed_at, status, '{solved,closed}' ORDER BY status)
	  FROM (SELECT * FROM rhist WHERE ticket = 3 UNION ALL SELECT * FROM rhist WHERE ticket = 3) twice) s;
-- the created_at form carries it (flag 16 and 8 bytes more)
SELECT length(pg_temp.state_bytes(changed_at, status, '{solved}', timestamptz '2025-03-01'))
		- length(pg_temp.state_bytes(changed_at, status, '{solved}')) AS created_bytes,
	   get_byte(pg_temp.state_bytes(changed_at, status, '{solved}', timestamptz '2025-03-01'), 0) AS created_flags
FROM rhist WHERE ticket = 1;

-- ---------------------------------------------------------------------------
-- Differential test: 190 000 tickets, about 1.05M status changes through
-- 2025 on a 5-minute grid (equal change times, repeats), some NULL rows,
-- in shuffled order; statuses drawn at random, so tickets are solved,
-- closed and reopened many times.  The reference: plain SQL, the last
-- status of each instant (DISTINCT ON, byte order) and lag() over them.
-- ---------------------------------------------------------------------------
-- per ticket: its number of changes, and its created_at, on the grid of
-- its changes, often after some of them (a solve before it measures
-- zero), NULL for 1 ticket in 50
SET work_mem = '128MB';
CREATE TABLE rgen_tickets AS
SELECT ticket, 1 + floor(10 * pg_temp.uniform(ticket, 1))::int AS changes,
	   CASE WHEN pg_temp.uniform(ticket, 7) < 0.02 THEN NULL
			ELSE timestamptz '2025-01-01' + (ticket % 365) * interval '1 day'
				 + floor(40 * pg_temp.uniform(ticket, 8)) * interval '5 minutes' END AS created_at
FROM generate_series(1, 190000) ticket;
-- change k of every ticket, then change k + 1: a ticket's changes lie far
-- apart in the table, and not in time order
CREATE TABLE rgen AS
SELECT ticket, created_at,
	   CASE WHEN u.null_draw < 0.005 THEN NULL
			ELSE timestamptz '2025-01-01' + (ticket % 365) * interval '1 day'
				 + floor(u.draw) * interval '5 minutes' END AS changed_at,
	   CASE WHEN u.null_draw >= 0.005 AND u.null_draw < 0.01 THEN NULL
			ELSE (ARRAY['new', 'open', 'pending', 'hold', 'solved', 'closed', 'solved'])
				[1 + floor(7 * (u.draw - floor(u.draw)))::int] END AS status
FROM generate_series(1, 10) k
	 JOIN rgen_tickets t ON k <= t.changes,
	 -- one draw for the time slot (its integer part) and the status (the
	 -- fraction: 24 bits left), one for the NULL rows; OFFSET 0 keeps the
	 -- planner from copying the long expressions into each use
	 LATERAL (SELECT 300 * pg_temp.uniform(ticket * 16 + k, 3) AS draw,
					 pg_temp.uniform(ticket * 16 + k, 2) AS null_draw OFFSET 0) u
ORDER BY k, ticket;
ANALYZE rgen;
-- ties and repeats counted among the first 20 000 tickets
SELECT count(*) > 1000000 AS over_a_million, count(DISTINCT ticket) AS tickets,
	   count(*) FILTER (WHERE changed_at IS NULL) > 0 AND count(*) FILTER (WHERE status IS NULL) > 0 AS has_null_rows,
	   (SELECT count(*) FROM (SELECT FROM rgen WHERE changed_at IS NOT NULL AND status IS NOT NULL AND ticket <= 20000
			GROUP BY ticket, changed_at HAVING count(DISTINCT status) > 1) t) > 500 AS has_ties,
	   (SELECT count(*) FROM (SELECT FROM rgen WHERE changed_at IS NOT NULL AND status IS NOT NULL AND ticket <= 20000
			GROUP BY ticket, changed_at, status HAVING count(*) > 1) t) > 100 AS has_duplicates
FROM rgen;

-- the reference, per ticket: reopens, the first and the last entry into a
-- solved status, the first change, created_at
CREATE TABLE rref AS
SELECT ticket,
	   count(*) FILTER (WHERE was_solved AND NOT solved)::int AS reopens,
	   min(changed_at) FILTER (WHERE solved AND NOT coalesce(was_solved, false)) AS first_solve,
	   max(changed_at) FILTER (WHERE solved AND NOT coalesce(was_solved, false)) AS last_solve,
	   min(changed_at) AS first_change
FROM (SELECT ticket, changed_at, status IN ('solved', 'closed') AS solved,
			 lag(status IN ('solved', 'closed')) OVER (PARTITION BY ticket ORDER BY changed_at) AS was_solved
	  FROM (SELECT DISTINCT ON (ticket, changed_at) ticket, changed_at, status
			FROM rgen WHERE changed_at IS NOT NULL AND status IS NOT NULL
			ORDER BY ticket, changed_at, status COLLATE "C" DESC) last_of_instant) s
GROUP BY ticket;
SELECT count(*) FILTER (WHERE reopens > 1) > 10000 AS many_reopened,
	   count(*) FILTER (WHERE first_solve IS NULL) > 1000 AS many_unsolved,
	   count(*) FILTER (WHERE last_solve > first_solve) > 10000 AS many_solved_twice,
	   (SELECT count(*) FROM rref JOIN rgen_tickets USING (ticket) WHERE first_solve < created_at) > 1000 AS solved_before_created
FROM rref;

CREATE TEMP VIEW rours AS
SELECT ticket,
	   reopens(changed_at, status, '{solved,closed}') AS reopens,
	   first_resolution_time(changed_at, status, '{solved,closed}') AS first,
	   full_resolution_time(changed_at, status, '{closed,solved}') AS full,
	   first_resolution_time_seconds(changed_at, status, '{solved,closed}') AS first_s,
	   full_resolution_time_seconds(changed_at, status, '{solved,closed}') AS full_s,
	   first_resolution_time(changed_at, status, '{solved,closed}', created_at) AS first_c,
	   full_resolution_time_seconds(changed_at, status, '{solved,closed}', created_at) AS full_c_s
FROM rgen GROUP BY ticket;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE rours_serial AS SELECT * FROM rours;
-- tickets whose rows are all NULL have no reference row: NULL results
CREATE TEMP VIEW rcheck_serial AS
SELECT count(*) AS tickets, count(*) FILTER (WHERE r.ticket IS NULL AND o.reopens IS NULL AND o.full IS NULL) AS null_tickets,
	   bool_and(o.reopens IS NOT DISTINCT FROM r.reopens) AS reopens_ok,
	   bool_and(o.first IS NOT DISTINCT FROM r.first_solve - r.first_change) AS first_ok,
	   bool_and(o.full IS NOT DISTINCT FROM r.last_solve - r.first_change) AS full_ok,
	   bool_and(coalesce(abs(o.first_s - date_part('epoch', r.first_solve - r.first_change)::float8), 0) < 1e-6
				AND (o.first_s IS NULL) = (r.first_solve IS NULL)
				AND coalesce(abs(o.full_s - date_part('epoch', r.last_solve - r.first_change)::float8), 0) < 1e-6
				AND (o.full_s IS NULL) = (r.last_solve IS NULL)) AS seconds_ok,
	   bool_and(o.first_c IS NOT DISTINCT FROM
					CASE WHEN r.first_solve > t.created_at THEN r.first_solve - t.created_at
						 WHEN r.first_solve IS NOT NULL AND t.created_at IS NOT NULL THEN interval '0' END)
				AND bool_and(coalesce(abs(o.full_c_s - date_part('epoch',
					CASE WHEN r.last_solve > t.created_at THEN r.last_solve - t.created_at ELSE interval '0' END)::float8), 0) < 1e-6
				AND (o.full_c_s IS NULL) = (r.last_solve IS NULL OR t.created_at IS NULL)) AS created_ok
FROM rours_serial o FULL JOIN rref r USING (ticket) LEFT JOIN rgen_tickets t USING (ticket);
SELECT * FROM rcheck_serial;
-- shuffled input order gives the same answer
SELECT count(*) AS tickets, bool_and(a IS NOT DISTINCT FROM b) AS order_independent
FROM (SELECT ticket, reopens(changed_at, status, '{solved,closed}' ORDER BY changed_at DESC, status DESC) AS a,
			 reopens(changed_at, status, '{solved,closed}' ORDER BY md5(concat(changed_at, status))) AS b
	  FROM rgen WHERE ticket <= 20000 GROUP BY ticket) s;

-- business time: against business_time() from the start to the solve, on
-- 30 000 tickets, with an office calendar with a holiday, from the first
-- change and from created_at
CREATE TABLE rgen_cal AS SELECT * FROM rgen WHERE ticket <= 30000;
ANALYZE rgen_cal;
CREATE TEMP VIEW rcal_ours AS
SELECT ticket,
	   first_resolution_time(changed_at, status, '{solved,closed}',
		'mon-fri 09:00-17:00; sat 10:00-14:00; tz America/New_York; closed 2025-07-04') AS first,
	   full_resolution_time_seconds(changed_at, status, '{solved,closed}',
		'mon-fri 09:00-17:00; sat 10:00-14:00; tz America/New_York; closed 2025-07-04') AS full_s,
	   full_resolution_time(changed_at, status, '{solved,closed}',
		'mon-fri 09:00-17:00; sat 10:00-14:00; tz America/New_York; closed 2025-07-04', created_at) AS full_c
FROM rgen_cal GROUP BY ticket;
CREATE TEMP VIEW rcal_check AS
SELECT count(*) AS tickets,
	   bool_and(o.first IS NOT DISTINCT FROM
		business_time(r.first_change, r.first_solve,
			'mon-fri 09:00-17:00; sat 10:00-14:00; tz America/New_York; closed 2025-07-04')) AS first_ok,
	   bool_and(coalesce(abs(o.full_s - date_part('epoch', business_time(r.first_change, r.last_solve,
			'mon-fri 09:00-17:00; sat 10:00-14:00; tz America/New_York; closed 2025-07-04'))::float8), 0) < 1e-6
				AND (o.full_s IS NULL) = (r.last_solve IS NULL)) AS full_seconds_ok,
	   bool_and(o.full_c IS NOT DISTINCT FROM
		CASE WHEN r.last_solve > t.created_at
			 THEN business_time(t.created_at, r.last_solve,
				'mon-fri 09:00-17:00; sat 10:00-14:00; tz America/New_York; closed 2025-07-04')
			 WHEN r.last_solve IS NOT NULL AND t.created_at IS NOT NULL THEN interval '0' END) AS from_created_ok,
	   count(*) FILTER (WHERE o.full_c > '0') > 1000 AS some_positive
FROM rcal_ours o JOIN rref r USING (ticket) JOIN rgen_tickets t USING (ticket);
SELECT * FROM rcal_check;
CREATE TEMP TABLE rcal_serial AS SELECT * FROM rcal_ours;

-- forced parallel: a Partial Aggregate, the reference, and the serial
-- results exactly
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
-- with free tuple transfer the planner prefers one HashAggregate above the
-- Gather; without hashing it aggregates partially in the workers
SET enable_hashagg = off;
-- the parallel results equal the serial ones exactly, so the reference too
CREATE TEMP VIEW rcheck_parallel AS
SELECT count(*) AS tickets, bool_and(row(p.*)::text = row(s.*)::text) AS parallel_equals_serial
FROM rours p FULL JOIN rours_serial s USING (ticket);
SELECT pg_temp.uses_partial_aggregate('SELECT * FROM rcheck_parallel') AS grouped_partial,
	   pg_temp.uses_partial_aggregate('SELECT * FROM rcal_ours') AS calendar_partial,
	   pg_temp.uses_partial_aggregate('SELECT reopens(changed_at, status, ''{solved}'') FROM rgen_cal') AS whole_partial;
SELECT * FROM rcheck_parallel;
SELECT * FROM rcal_check;
SELECT count(*) AS tickets, bool_and(row(p.*)::text = row(s.*)::text) AS calendar_parallel_equals_serial
FROM rcal_ours p JOIN rcal_serial s USING (ticket);
-- the changes of 30 000 tickets as one history, combined from the
-- workers' states
SELECT reopens(changed_at, status, '{solved,closed}') = (
		SELECT count(*) FILTER (WHERE was_solved AND NOT solved)::int
		FROM (SELECT status IN ('solved', 'closed') AS solved,
					 lag(status IN ('solved', 'closed')) OVER (ORDER BY changed_at) AS was_solved
			  FROM (SELECT DISTINCT ON (changed_at) changed_at, status
					FROM rgen_cal WHERE changed_at IS NOT NULL AND status IS NOT NULL
					ORDER BY changed_at, status COLLATE "C" DESC) l) s) AS whole_ok
FROM rgen_cal;
-- a group with two created_at values is an error in a parallel plan too
SELECT pg_temp.error_of($$SELECT first_resolution_time(changed_at, status, '{solved}',
	CASE WHEN ctid < '(100,0)' THEN timestamptz '2025-07-01' ELSE '2025-07-02' END) FROM rgen$$) AS two_created;
RESET enable_hashagg;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

RESET work_mem;
DROP TABLE rhist, rtickets, rgen, rgen_tickets, rgen_cal, rref CASCADE;
