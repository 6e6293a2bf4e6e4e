-- status_forms.sql: the two in-memory forms of a status history (status.h).
-- A state starts compact (a change in 32 bits: whole seconds within 194
-- days of the group's first change, a status id below 64) and turns wide
-- (12 bytes a change) at the first change that does not fit: a fraction of
-- a second, a time farther away, a later status.  Here: the limits of the
-- compact form by hand, canonical state bytes whichever form a state took,
-- and a differential test of time_in_status, reopens and the resolution
-- times against plain-SQL lead() and lag() formulas on histories that
-- widen at every point (first row, middle, last row), in shuffled order,
-- in serial hashed and sorted plans and in forced-parallel plans (which
-- combine compact and wide states).

-- shared helpers: the data generator pg_temp.uniform(key, stream) (never
-- random()), pg_temp.error_of(query)
\set ECHO none
\i test/lib.sql
\set ECHO all

SET timezone = 'UTC';
SET jit = off;

-- ---------------------------------------------------------------------------
-- The limits by hand: 2^24 seconds (194 days 4:20:16) either way of the
-- first change fits, one second more does not; the result is the same.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE lim (grp int, k int, changed_at timestamptz, status text);
INSERT INTO lim VALUES
	-- solved 2^24 - 1 s after the first change (compact throughout)
	(1, 1, '2025-01-01 00:00:00', 'open'), (1, 2, timestamptz '2025-01-01' + interval '16777215 seconds', 'solved'),
	-- 2^24 s after (widens on the second row)
	(2, 1, '2025-01-01 00:00:00', 'open'), (2, 2, timestamptz '2025-01-01' + interval '16777216 seconds', 'solved'),
	-- solved first, opened 2^24 s before it (compact), then 2^24 + 1 s
	(3, 1, '2025-07-01 00:00:00', 'solved'), (3, 2, timestamptz '2025-07-01' - interval '16777216 seconds', 'open'),
	(4, 1, '2025-07-01 00:00:00', 'solved'), (4, 2, timestamptz '2025-07-01' - interval '16777217 seconds', 'open'),
	-- a fraction of a second on the first row, or on the last
	(5, 1, '2025-01-01 00:00:00.25', 'open'), (5, 2, '2025-01-01 01:00:00', 'solved'),
	(6, 1, '2025-01-01 00:00:00', 'open'), (6, 2, '2025-01-01 01:00:00.25', 'solved'),
	-- the ends of timestamptz: their difference does not fit in 64 bits
	(7, 1, '294276-12-31 23:59:59+00', 'solved'), (7, 2, '4713-01-01 00:00:00+00 BC', 'open'),
	(7, 3, '4713-01-01 00:00:01+00 BC', 'solved'), (7, 4, '4713-01-01 00:00:02+00 BC', 'open');
-- expected: 16777215, 16777216, 16777216, 16777217, 3599.75, 3600.25 s to
-- the first solve; ticket 7 solved, reopened, solved again: 1 reopen, first
-- solve 1 s after its first change
SELECT grp, first_resolution_time_seconds(changed_at, status, '{solved}' ORDER BY k) AS first_s,
	   full_resolution_time(changed_at, status, '{solved}' ORDER BY k) AS full,
	   reopens(changed_at, status, '{solved}' ORDER BY k) AS reopens,
	   time_in_status_seconds(changed_at, status, '{open}', timestamptz '2026-01-01' ORDER BY k) AS open_s
FROM lim WHERE grp < 7 GROUP BY grp ORDER BY grp;
SELECT reopens(changed_at, status, '{solved}' ORDER BY k) AS reopens,
	   first_resolution_time_seconds(changed_at, status, '{solved}' ORDER BY k) AS first_s,
	   time_in_status_seconds(changed_at, status, '{open}', timestamptz '4713-01-01 00:00:03+00 BC' ORDER BY k) AS open_s
FROM lim WHERE grp = 7;
-- from its first change to its last solve, ticket 7 spans more than an
-- interval holds: an error, not a wrapped number
SELECT full_resolution_time_seconds(changed_at, status, '{solved}') FROM lim WHERE grp = 7;
SELECT time_in_status(changed_at, status, '{open,solved}', timestamptz '294276-12-31 23:59:59+00') FROM lim WHERE grp = 7;

-- more than 64 statuses in one query: the later ones widen their states;
-- each ticket i alternates open and status 'sN' (N = i) every hour, 'sN'
-- counted: 2 hours in it of 4
SELECT count(*) AS tickets,
	   bool_and(waiting = interval '2 hours') AS all_two_hours,
	   bool_and(r = 1) AS all_one_reopen
FROM (SELECT i, time_in_status(t, s, ARRAY['s' || i], timestamptz '2025-01-01 04:00') AS waiting,
			 reopens(t, s, ARRAY['s' || i]) AS r
	  FROM generate_series(1, 100) i,
		   LATERAL (VALUES (timestamptz '2025-01-01 00:00', 'open'), ('2025-01-01 01:00', 's' || i),
						   ('2025-01-01 02:00', 'open'), ('2025-01-01 03:00', 's' || i)) v(t, s)
	  GROUP BY i) x;

-- ---------------------------------------------------------------------------
-- Canonical bytes: the serialized state of one history is the same whichever
-- form the state took: wide from the first row (the fraction first), widened
-- on the last row, or from a state read back (combine of several orders).
-- ---------------------------------------------------------------------------
CREATE AGGREGATE pg_temp.state_bytes(timestamptz, text, text[]) (
	SFUNC = resolution_trans, STYPE = internal, FINALFUNC = time_in_status_serialize);
CREATE TEMP TABLE one (k int, changed_at timestamptz, status text);
INSERT INTO one VALUES (1, '2025-02-01 09:00', 'new'), (2, '2025-02-01 10:00', 'open'),
	(3, '2025-02-01 10:00', 'pending'), (4, '2025-02-02 10:00', 'solved'),
	(5, '2025-02-03 10:00:00.5', 'open'), (6, '2025-02-04 10:00', 'solved'),
	(7, '2025-09-04 10:00', 'closed');
SELECT count(DISTINCT b) AS distinct_bytes, count(*) AS orders
FROM (SELECT pg_temp.state_bytes(changed_at, status, '{solved,closed}' ORDER BY k) AS b FROM one
	  UNION ALL
	  SELECT pg_temp.state_bytes(changed_at, status, '{solved,closed}' ORDER BY k DESC) FROM one
	  UNION ALL
	  SELECT pg_temp.state_bytes(changed_at, status, '{solved,closed}' ORDER BY k = 5 DESC, k) FROM one
	  UNION ALL
	  SELECT pg_temp.state_bytes(changed_at, status, '{solved,closed}' ORDER BY k IN (5, 7), k) FROM one) s;
-- a history in whole seconds, compact, and the same history in a query
-- where 100 other statuses came first (its status ids past 64: wide)
SELECT count(DISTINCT b) AS distinct_bytes, count(*) AS states
FROM (SELECT pg_temp.state_bytes(changed_at, status, '{solved,closed}') AS b FROM one WHERE k NOT IN (5, 7)
	  UNION ALL
	  SELECT b FROM (SELECT g, pg_temp.state_bytes(t, s, '{solved,closed}' ORDER BY ord) AS b
					 FROM (SELECT 1 AS g, i AS ord, timestamptz '2025-01-01' + i * interval '1 hour' AS t, 'x' || i AS s
						   FROM generate_series(1, 100) i
						   UNION ALL
						   SELECT 2, k, changed_at, status FROM one WHERE k NOT IN (5, 7)) d
					 GROUP BY g) x
	  WHERE g = 2) s;

-- ---------------------------------------------------------------------------
-- Differential test: 80 000 tickets of 1 to 12 changes over 3 days on a
-- 5-minute grid (ties, repeats), in shuffled order.  3 % of the changes
-- have a fraction of a second, 5 % lie 150 to 300 days before or after the
-- ticket's other changes, and one ticket in 20 draws from 100 statuses
-- 's0' .. 's99' (status ids past 64): so states widen on their first row,
-- in the middle or on their last, or never.
-- ---------------------------------------------------------------------------
CREATE TABLE fgen AS
SELECT ticket,
	   timestamptz '2025-01-01' + (ticket % 365) * interval '1 day'
		 + floor(864 * u.t) * interval '5 minutes'
		 + CASE WHEN u.frac < 0.03 THEN (1 + floor(999999 * u.t2)) * interval '1 microsecond' ELSE '0' END
		 + CASE WHEN u.far < 0.01 THEN interval '300 days' WHEN u.far < 0.02 THEN interval '-250 days'
				WHEN u.far < 0.035 THEN interval '150 days' WHEN u.far < 0.05 THEN interval '-180 days'
				ELSE '0' END AS changed_at,
	   CASE WHEN ticket % 20 = 0 THEN 's' || floor(100 * u.s)::int
			ELSE (ARRAY['new', 'open', 'pending', 'hold', 'solved', 'closed'])[1 + floor(6 * u.s)::int] END AS status
FROM generate_series(1, 80000) ticket,
	 LATERAL generate_series(1, 1 + floor(12 * pg_temp.uniform(ticket, 9))::int) k,
	 LATERAL (SELECT pg_temp.uniform(ticket * 16 + k, 1) AS t, pg_temp.uniform(ticket * 16 + k, 2) AS frac,
					 pg_temp.uniform(ticket * 16 + k, 3) AS t2, pg_temp.uniform(ticket * 16 + k, 4) AS far,
					 pg_temp.uniform(ticket * 16 + k, 5) AS s OFFSET 0) u
ORDER BY md5(ticket::text || '/' || k::text);
ANALYZE fgen;
-- what the data holds
SELECT count(*) > 500000 AS over_half_a_million, count(DISTINCT ticket) AS tickets,
	   count(DISTINCT status) AS statuses,
	   count(DISTINCT ticket) FILTER (WHERE extract(microseconds FROM changed_at)::bigint % 1000000 <> 0) > 10000 AS fractions,
	   (SELECT count(*) FROM (SELECT FROM fgen GROUP BY ticket
			HAVING max(changed_at) - min(changed_at) > interval '194 days 4:20:16') t) > 10000 AS far_apart,
	   (SELECT count(*) FROM (SELECT FROM fgen GROUP BY ticket, changed_at HAVING count(DISTINCT status) > 1) t) > 1000 AS ties
FROM fgen;

-- the references: time in the counted statuses until as_of (lead() in the
-- canonical order), and from the last status of each instant (byte order)
-- with lag(): reopens, the first and the last entry into a solved status
CREATE TABLE fref AS
SELECT ticket,
	   coalesce(sum(stop - changed_at) FILTER (WHERE status IN ('pending', 'hold', 's7', 's70')), '0') AS waiting,
	   min(changed_at) AS first_change
FROM (SELECT ticket, changed_at, status,
			 coalesce(lead(changed_at) OVER (PARTITION BY ticket ORDER BY changed_at, status COLLATE "C"),
					  timestamptz '2027-01-01') AS stop
	  FROM fgen) s
GROUP BY ticket;
CREATE TABLE fref_solved AS
SELECT ticket,
	   count(*) FILTER (WHERE was_solved AND NOT solved)::int AS reopens,
	   min(changed_at) FILTER (WHERE solved AND NOT coalesce(was_solved, false)) AS first_solve,
	   max(changed_at) FILTER (WHERE solved AND NOT coalesce(was_solved, false)) AS last_solve
FROM (SELECT ticket, changed_at, status IN ('solved', 'closed', 's3', 's99') AS solved,
			 lag(status IN ('solved', 'closed', 's3', 's99')) OVER (PARTITION BY ticket ORDER BY changed_at) AS was_solved
	  FROM (SELECT DISTINCT ON (ticket, changed_at) ticket, changed_at, status
			FROM fgen ORDER BY ticket, changed_at, status COLLATE "C" DESC) last_of_instant) s
GROUP BY ticket;

CREATE TEMP VIEW fours AS
SELECT ticket,
	   time_in_status(changed_at, status, '{pending,hold,s7,s70}', timestamptz '2027-01-01') AS waiting,
	   reopens(changed_at, status, '{solved,closed,s3,s99}') AS reopens,
	   first_resolution_time(changed_at, status, '{solved,closed,s3,s99}') AS first,
	   full_resolution_time(changed_at, status, '{solved,closed,s3,s99}') AS full
FROM fgen GROUP BY ticket;
CREATE TEMP VIEW fcheck AS
SELECT count(*) AS tickets,
	   bool_and(o.waiting = r.waiting) AS waiting_ok,
	   bool_and(o.reopens = s.reopens) AS reopens_ok,
	   bool_and(o.first IS NOT DISTINCT FROM s.first_solve - r.first_change) AS first_ok,
	   bool_and(o.full IS NOT DISTINCT FROM s.last_solve - r.first_change) AS full_ok
FROM fours o JOIN fref r USING (ticket) JOIN fref_solved s USING (ticket);


-- serial, hashed (every group's state at once) and sorted (one at a time)
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';
SELECT pg_temp.plan_line_like('SELECT * FROM fcheck', '%HashAggregate%') AS hashed;
SELECT * FROM fcheck;
CREATE TEMP TABLE fours_serial AS SELECT * FROM fours;
SET enable_hashagg = off;
SELECT pg_temp.plan_line_like('SELECT * FROM fcheck', '%GroupAggregate%') AS sorted;
SELECT * FROM fcheck;

-- forced parallel: partial states (compact and wide) serialized and
-- combined; the results equal the serial ones exactly
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT pg_temp.uses_partial_aggregate('SELECT * FROM fours') AS partial;
SELECT count(*) AS tickets, bool_and(row(p.*)::text = row(s.*)::text) AS parallel_equals_serial
FROM fours p FULL JOIN fours_serial s USING (ticket);
-- all changes as one history, from the workers' states: 520 000 changes
-- over 2 years, the status ids of 106 statuses
SELECT pg_temp.plan_line_like($$SELECT reopens(changed_at, status, '{solved,closed,s3,s99}') FROM fgen$$,
						'%Partial Aggregate%') AS whole_partial;
SELECT reopens(changed_at, status, '{solved,closed,s3,s99}') = (
		SELECT count(*) FILTER (WHERE was_solved AND NOT solved)::int
		FROM (SELECT status IN ('solved', 'closed', 's3', 's99') AS solved,
					 lag(status IN ('solved', 'closed', 's3', 's99')) OVER (ORDER BY changed_at) AS was_solved
			  FROM (SELECT DISTINCT ON (changed_at) changed_at, status
					FROM fgen ORDER BY changed_at, status COLLATE "C" DESC) l) s) AS whole_ok
FROM fgen;
RESET enable_hashagg;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET work_mem;

DROP TABLE fgen, fref, fref_solved CASCADE;
