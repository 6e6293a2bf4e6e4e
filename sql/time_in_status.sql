-- time_in_status.sql: time_in_status and time_in_status_seconds on
-- hand-checked status histories (repeats, equal change times in either
-- input order, the open latest status, changes after now(), NULLs, a
-- business calendar, a fixed as_of), bad input, and a differential test
-- against the lead() window formula on about 1M status changes, serial,
-- shuffled and forced-parallel, with and without a calendar, with now()
-- and with a fixed as_of.

-- shared helpers, the same on every PostgreSQL version: the data generator
-- pg_temp.uniform(key, stream) (never random()), pg_temp.interval_us(d)
\set ECHO none
\i test/lib.sql
\set ECHO all

SET timezone = 'UTC';

-- Histories in March 2025, long past: a ticket whose latest status is not
-- counted has a result that does not depend on now().
CREATE TABLE hist (ticket int, changed_at timestamptz, status text);
INSERT INTO hist VALUES
	-- 1: open 09:30-12:00, 08:00-11:00 (the 10:00 open is a repeat: it
	-- continues), 15:00-16:30: 7 h; pending 12:00 to 08:00 the next day:
	-- 20 h; hold 11:00-15:00: 4 h; new 30 min
	(1, '2025-03-03 09:00', 'new'), (1, '2025-03-03 09:30', 'open'),
	(1, '2025-03-03 12:00', 'pending'), (1, '2025-03-04 08:00', 'open'),
	(1, '2025-03-04 10:00', 'open'), (1, '2025-03-04 11:00', 'hold'),
	(1, '2025-03-04 15:00', 'open'), (1, '2025-03-04 16:30', 'solved'),
	-- 2: equal change times.  At 10:00 'open' < 'pending' in byte order, so
	-- pending lasts (10:00-12:00) and open lasts zero; at 12:00 'hold' <
	-- 'open', so open lasts (12:00-13:00): open 1 h, pending 2 h, hold 0
	(2, '2025-03-03 10:00', 'pending'), (2, '2025-03-03 10:00', 'open'),
	(2, '2025-03-03 12:00', 'open'), (2, '2025-03-03 12:00', 'hold'),
	(2, '2025-03-03 13:00', 'solved'),
	-- 3: never in a counted status: zero, not NULL
	(3, '2025-03-03 09:00', 'new'), (3, '2025-03-03 10:00', 'solved'),
	-- 4: rows with a NULL time or status are skipped: open 45 min
	(4, NULL, 'open'), (4, '2025-03-03 08:00', NULL),
	(4, '2025-03-03 09:00', 'open'), (4, '2025-03-03 09:45', 'solved'),
	-- 5: a duplicated row is one change: open 1 h
	(5, '2025-03-03 09:00', 'open'), (5, '2025-03-03 09:00', 'open'),
	(5, '2025-03-03 10:00', 'solved'),
	-- 6: byte order, not the locale's: 'Pending' < 'open', so open lasts
	(6, '2025-03-03 09:00', 'open'), (6, '2025-03-03 09:00', 'Pending'),
	(6, '2025-03-03 10:00', 'solved'),
	-- 7: no usable row: NULL
	(7, NULL, 'open'), (7, '2025-03-03 09:00', NULL);

SELECT ticket, time_in_status(changed_at, status, '{open}') AS open,
	   time_in_status(changed_at, status, '{pending}') AS pending,
	   time_in_status(changed_at, status, '{hold}') AS hold,
	   time_in_status(changed_at, status, '{pending,hold}') AS waiting,
	   time_in_status(changed_at, status, '{Pending}') AS "Pending",
	   time_in_status_seconds(changed_at, status, '{open}') AS open_s,
	   time_in_status_seconds(changed_at, status, '{pending,hold}') AS waiting_s
FROM hist GROUP BY ticket ORDER BY ticket;

-- every status but the last counted: the whole history, from the first
-- change to the last (1 day 07:30 for ticket 1), whatever ties there are
SELECT ticket, time_in_status(changed_at, status, '{new,open,pending,hold,Pending}') AS all_but_solved,
	   max(changed_at) FILTER (WHERE status IS NOT NULL)
		- min(changed_at) FILTER (WHERE status IS NOT NULL) AS history
FROM hist WHERE ticket <= 6 GROUP BY ticket ORDER BY ticket;

-- input order does not matter: the equal times of ticket 2 in either
-- order, and every ticket in shuffled orders
SELECT time_in_status(changed_at, status, '{open}' ORDER BY status) AS open_asc,
	   time_in_status(changed_at, status, '{open}' ORDER BY status DESC) AS open_desc,
	   time_in_status(changed_at, status, '{pending}' ORDER BY status) AS pending_asc,
	   time_in_status(changed_at, status, '{pending}' ORDER BY status DESC) AS pending_desc
FROM hist WHERE ticket = 2;
SELECT ticket, bool_and(a IS NOT DISTINCT FROM b AND a IS NOT DISTINCT FROM c AND a IS NOT DISTINCT FROM d) AS order_independent
FROM (SELECT ticket,
			 time_in_status(changed_at, status, '{open,hold}') AS a,
			 time_in_status(changed_at, status, '{open,hold}' ORDER BY changed_at DESC, status DESC) AS b,
			 time_in_status(changed_at, status, '{open,hold}' ORDER BY status, changed_at) AS c,
			 time_in_status(changed_at, status, '{open,hold}' ORDER BY md5(concat(changed_at, status))) AS d
	  FROM hist GROUP BY ticket) s
GROUP BY ticket ORDER BY ticket;

-- the counted array is a set: order, repeats, NULL elements and dimensions
-- do not matter, and it may differ in form from row to row
SELECT ticket, time_in_status(changed_at, status,
		CASE WHEN status = 'open' THEN '{hold,pending,pending}'::text[]
			 WHEN status = 'new' THEN '{{pending},{hold}}'
			 ELSE '{NULL,pending,hold}' END) AS waiting
FROM hist WHERE ticket IN (1, 2) GROUP BY ticket ORDER BY ticket;
-- and it may depend on the GROUP BY columns
SELECT ticket, time_in_status(changed_at, status,
		CASE WHEN ticket = 1 THEN '{pending}'::text[] ELSE '{open}' END)
FROM hist WHERE ticket IN (1, 2) GROUP BY ticket ORDER BY ticket;

-- the latest status lasts until now(), the transaction time; the clock
-- stops at now(), so a change dated later has not happened yet: open 2 h,
-- pending 3 h (until now(), not until the future change), solved 0
SELECT time_in_status(t, s, '{open,pending}') AS open_pending,
	   time_in_status(t, s, '{open}') AS open,
	   time_in_status(t, s, '{pending}') AS pending,
	   time_in_status(t, s, '{solved}') AS solved_in_future
FROM (VALUES (now() - interval '5 hours', 'open'), (now() - interval '3 hours', 'pending'),
			 (now() + interval '1 hour', 'solved')) v(t, s);
SELECT time_in_status(now() - interval '2 days 3 hours', 'open', '{open}') AS open_since;
-- a long-past ticket whose latest status is counted: 7 h open, then
-- solved from 2025-03-04 16:30 until now()
SELECT time_in_status(changed_at, status, '{open,solved}')
		= interval '7 hours' + (now() - timestamptz '2025-03-04 16:30') AS until_now,
	   time_in_status_seconds(changed_at, status, '{solved}')
		= pg_temp.interval_us(now() - timestamptz '2025-03-04 16:30')::float8 / 1000000 AS seconds_until_now
FROM hist WHERE ticket = 1;

-- no rows, NULL rows only, a NULL counted array: NULL; an empty one: 0
SELECT time_in_status(t, s, '{open}') AS no_rows
FROM (SELECT NULL::timestamptz, NULL::text WHERE false) v(t, s);
SELECT time_in_status(t, s, '{open}') AS null_rows, time_in_status_seconds(t, s, '{open}') AS null_rows_s
FROM (VALUES (NULL::timestamptz, 'open'), ('2025-01-01', NULL)) v(t, s);
SELECT time_in_status(changed_at, status, NULL) AS null_counted,
	   time_in_status(changed_at, status, '{}') AS empty_counted
FROM hist WHERE ticket = 1;

-- ---------------------------------------------------------------------------
-- as_of: the instant "now" means, instead of the transaction time
-- ---------------------------------------------------------------------------

-- Ticket 1 as of Tuesday 2025-03-04 12:00: new 09:00-09:30 (30 min); open
-- Mon 09:30-12:00 and Tue 08:00-11:00 (5 h 30 min; the reopening at 15:00
-- is after as_of and adds nothing); pending Mon 12:00 to Tue 08:00 (20 h);
-- hold from 11:00, open at as_of, clipped there (1 h); solved (16:30, after
-- as_of) 0; every status together: Mon 09:00 to Tue 12:00, 27 h.  Ticket 2
-- as of Monday 12:30: open (the last of the 12:00 changes) 12:00-12:30,
-- clipped; pending 10:00-12:00; hold 0; every status 10:00-12:30.
SELECT ticket, time_in_status(changed_at, status, '{new}', a) AS new,
	   time_in_status(changed_at, status, '{open}', a) AS open,
	   time_in_status(changed_at, status, '{pending}', a) AS pending,
	   time_in_status(changed_at, status, '{hold}', a) AS hold,
	   time_in_status(changed_at, status, '{solved}', a) AS solved,
	   time_in_status(changed_at, status, '{new,open,pending,hold,solved}', a) AS every_status,
	   time_in_status_seconds(changed_at, status, '{open}', a) AS open_s
FROM hist, (VALUES (1, timestamptz '2025-03-04 12:00+00'), (2, '2025-03-03 12:30+00')) k(t, a)
WHERE ticket = t GROUP BY ticket ORDER BY ticket;
-- as_of on a change: hold starts at as_of and lasts 0; open 5 h 30 min as
-- above.  As of a time before every change: 0, not NULL (there are rows).
SELECT time_in_status(changed_at, status, '{hold}', timestamptz '2025-03-04 11:00+00') AS hold_from_as_of,
	   time_in_status(changed_at, status, '{open}', timestamptz '2025-03-04 11:00+00') AS open,
	   time_in_status(changed_at, status, '{new,open}', timestamptz '2025-03-03 08:00+00') AS before_every_change,
	   time_in_status_seconds(changed_at, status, '{new,open}', timestamptz '2025-03-03 08:00+00') AS before_s
FROM hist WHERE ticket = 1;
-- the same history, as of a fixed instant years later: the latest status
-- (solved, from Tue 16:30) lasts until then, 2030-01-01 00:00 UTC being
-- 1763 days 7 h 30 min after it (1764 days after 2025-03-04 00:00: 365 +
-- 365 + 366 + 365 to 2029-03-04, less 62 days from 2030-01-01 to 03-04,
-- plus 365)
SELECT time_in_status(changed_at, status, '{solved}', timestamptz '2030-01-01 00:00+00') AS solved_until_as_of
FROM hist WHERE ticket = 1;
-- as_of => now() gives what the form without it gives, ticket by ticket
-- (the open latest status, changes after now(), no rows, NULLs)
SELECT bool_and(a IS NOT DISTINCT FROM b AND c IS NOT DISTINCT FROM d) AS same_as_now
FROM (SELECT ticket, time_in_status(changed_at, status, '{open,solved}') AS a,
			 time_in_status(changed_at, status, '{open,solved}', now()) AS b,
			 time_in_status_seconds(changed_at, status, '{pending,hold}') AS c,
			 time_in_status_seconds(changed_at, status, '{pending,hold}', now()) AS d
	  FROM hist GROUP BY ticket) s;
SELECT time_in_status(t, s, '{open,pending}', now()) = time_in_status(t, s, '{open,pending}') AS future_change_same,
	   time_in_status(t, s, '{open,pending}', now()) AS open_pending
FROM (VALUES (now() - interval '5 hours', 'open'), (now() - interval '3 hours', 'pending'),
			 (now() + interval '1 hour', 'solved')) v(t, s);
-- as_of may depend on the GROUP BY columns (a cut-off per ticket): ticket
-- 1 as of Monday 12:00 has open 2 h 30 min, ticket 2 as of 12:30 30 min
SELECT ticket, time_in_status(changed_at, status, '{open}',
		CASE WHEN ticket = 1 THEN timestamptz '2025-03-03 12:00+00' ELSE '2025-03-03 12:30+00' END) AS open
FROM hist WHERE ticket IN (1, 2) GROUP BY ticket ORDER BY ticket;
-- the support functions of the as_of forms read no clock: immutable; the
-- final functions of the forms without it stay stable
SELECT p.oid::regprocedure AS function, p.provolatile AS volatility
FROM pg_proc p
WHERE p.proname IN ('time_in_status_trans', 'time_in_status_as_of_trans', 'time_in_status_final',
					'time_in_status_seconds_final', 'time_in_status_as_of_final',
					'time_in_status_seconds_as_of_final')
ORDER BY p.oid::regprocedure::text COLLATE "C";

-- ---------------------------------------------------------------------------
-- Business time
-- ---------------------------------------------------------------------------

-- 2025-03-03 is a Monday.  Berlin is at UTC+1 in March, so 09:00-17:00
-- local is 08:00-16:00 UTC, and on Tuesday 2025-03-04 it closes at 13:00
-- local (12:00 UTC).  Ticket 1: open Mon 09:30-12:00 (2.5 h), Tue
-- 08:00-11:00 (3 h), Tue 15:00-16:30 (closed): 5.5 h; pending Mon
-- 12:00-16:00: 4 h; hold Tue 11:00-12:00: 1 h.  Ticket 2: open Mon
-- 12:00-13:00: 1 h; pending Mon 10:00-12:00: 2 h.
SELECT ticket,
	   time_in_status(changed_at, status, '{open}', c) AS open,
	   time_in_status(changed_at, status, '{pending}', c) AS pending,
	   time_in_status(changed_at, status, '{hold}', c) AS hold,
	   time_in_status_seconds(changed_at, status, '{open}', c) AS open_s,
	   time_in_status(changed_at, status, '{open}') AS open_calendar_time
FROM hist, (VALUES ('mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-03-04 13:00-24:00'::calendar)) k(c)
WHERE ticket IN (1, 2, 3, 7) GROUP BY ticket ORDER BY ticket;
-- a result of more than a day of business time stays in hours, as
-- business_time gives it; and the latest status lasts until now()
SELECT time_in_status(t, 'open', '{open}', 'mon-sun 00:00-24:00; tz UTC') AS open_hours,
	   time_in_status(t, 'open', '{open}', 'mon-sun 00:00-24:00; tz UTC')
		= business_time(min(t), now(), 'mon-sun 00:00-24:00; tz UTC') AS until_now
FROM (VALUES (now() - interval '3 days 2 hours')) v(t);
-- New York's DST changes, on a night calendar open 00:30-03:00 local.
-- 2025-11-02: clocks go back from 02:00 EDT (06:00 UTC) to 01:00 EST, and
-- the hour 01:00-02:00 is lived twice.  Open 05:10 UTC (01:10 EDT), new
-- 05:40, open 06:20 (01:20 EST, the second pass), solved 08:00 (03:00
-- EST): open and new together 2 h 50 min, all of it open hours; open 30 +
-- 100 min; new 40 min.  2025-03-09: clocks go forward from 02:00 EST (07:00
-- UTC) to 03:00 EDT.  Open 05:00 UTC (00:00 EST), new 06:45 (01:45 EST),
-- open 07:05 (03:05 EDT), solved 09:00: open and new 1 h 30 min (00:30 to
-- 02:00 local); open 1 h 15 min, new 15 min.  Each equals the sum of
-- business_time() over its pieces.
CREATE TEMP TABLE dst (night date, changed_at timestamptz, status text);
INSERT INTO dst VALUES
	('2025-11-02', '2025-11-02 05:10+00', 'open'), ('2025-11-02', '2025-11-02 05:40+00', 'new'),
	('2025-11-02', '2025-11-02 06:20+00', 'open'), ('2025-11-02', '2025-11-02 08:00+00', 'solved'),
	('2025-03-09', '2025-03-09 05:00+00', 'open'), ('2025-03-09', '2025-03-09 06:45+00', 'new'),
	('2025-03-09', '2025-03-09 07:05+00', 'open'), ('2025-03-09', '2025-03-09 09:00+00', 'solved');
\set night_cal '\'mon-sun 00:30-03:00; tz America/New_York\'::calendar'
SELECT night, time_in_status(changed_at, status, '{open,new}', :night_cal) AS open_new,
	   time_in_status(changed_at, status, '{open}', :night_cal) AS open,
	   time_in_status(changed_at, status, '{new}', :night_cal) AS new,
	   time_in_status(changed_at, status, '{open,new}', :night_cal)
		= business_time(min(changed_at), max(changed_at), :night_cal) AS whole_span
FROM dst GROUP BY night ORDER BY night;
SELECT night, sum(business_time(changed_at, stop, :night_cal))
		FILTER (WHERE status IN ('open', 'new')) AS pieces
FROM (SELECT night, changed_at, status, lead(changed_at) OVER (PARTITION BY night ORDER BY changed_at) AS stop
	  FROM dst) s
GROUP BY night ORDER BY night;

-- a NULL calendar gives NULL
SELECT time_in_status(changed_at, status, '{open}', NULL) AS null_calendar
FROM hist WHERE ticket = 1;

-- business time as of an instant.  Berlin calendar as above, as of Tuesday
-- 2025-03-04 10:30 UTC (11:30 local): ticket 1 open Mon 09:30-12:00 UTC
-- (2.5 h) and Tue 08:00-10:30 (2.5 h): 5 h; hold (Tue 11:00, after as_of)
-- 0; pending Mon 12:00-16:00: 4 h.  As of Monday 12:30 UTC, ticket 2:
-- open 12:00-12:30, 30 min; pending 10:00-12:00, 2 h.
SELECT ticket,
	   time_in_status(changed_at, status, '{open}', c, a) AS open,
	   time_in_status(changed_at, status, '{hold}', c, a) AS hold,
	   time_in_status(changed_at, status, '{pending}', c, a) AS pending,
	   time_in_status_seconds(changed_at, status, '{open}', c, a) AS open_s
FROM hist, (VALUES ('mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-03-04 13:00-24:00'::calendar)) k(c),
	 (VALUES (1, timestamptz '2025-03-04 10:30+00'), (2, '2025-03-03 12:30+00')) w(t, a)
WHERE ticket = t GROUP BY ticket ORDER BY ticket;
-- a calendar given as an untyped literal still means the calendar form,
-- next to the as_of form of the same arity; with now() as as_of, the
-- business-time answer of the form without it.  The New York nights: the
-- March one lies wholly before as_of (1 h 30 min, as above); the November
-- one as of 06:20 UTC (01:20 EST, the second pass) counts open and new
-- from 05:10 UTC (01:10 EDT), 70 minutes, all within 00:30-03:00 local.
SELECT time_in_status(t, 'open', '{open}', 'mon-sun 00:00-24:00; tz UTC')
		= time_in_status(t, 'open', '{open}', 'mon-sun 00:00-24:00; tz UTC', now()) AS same_as_now,
	   time_in_status_seconds(t, 'open', '{open}', 'mon-sun 00:00-24:00; tz UTC')
		= time_in_status_seconds(t, 'open', '{open}', 'mon-sun 00:00-24:00; tz UTC', now()) AS seconds_same_as_now
FROM (VALUES (now() - interval '3 days 2 hours')) v(t);
SELECT night, time_in_status(changed_at, status, '{open,new}', :night_cal)
		= time_in_status(changed_at, status, '{open,new}', :night_cal, now()) AS same_as_now,
	   time_in_status(changed_at, status, '{open,new}', :night_cal, timestamptz '2025-11-02 06:20+00') AS open_new_as_of
FROM dst GROUP BY night ORDER BY night;

-- ---------------------------------------------------------------------------
-- Bad input
-- ---------------------------------------------------------------------------
SELECT time_in_status('infinity'::timestamptz, 'open', '{open}');
SELECT time_in_status_seconds('-infinity'::timestamptz, 'open', '{open}');
-- the counted set and the calendar must be the same on every row of a
-- group (NULL included), wherever the odd row is
SELECT time_in_status(changed_at, status, CASE WHEN status = 'hold' THEN '{hold}'::text[] ELSE '{open}' END)
FROM hist WHERE ticket = 1;
SELECT time_in_status(changed_at, status, CASE WHEN status = 'solved' THEN NULL ELSE '{open}'::text[] END)
FROM hist WHERE ticket = 1;
SELECT time_in_status(changed_at, status, CASE WHEN status = 'new' THEN NULL ELSE '{open}'::text[] END)
FROM hist WHERE ticket = 1;
SELECT time_in_status(changed_at, status, '{open}',
		CASE WHEN status = 'hold' THEN 'mon-fri 09:00-17:00; tz UTC'::calendar
			 ELSE 'mon-sat 09:00-17:00; tz UTC' END)
FROM hist WHERE ticket = 1;
SELECT time_in_status(changed_at, status, '{open}',
		CASE WHEN status = 'hold' THEN NULL ELSE 'mon-fri 09:00-17:00; tz UTC'::calendar END)
FROM hist WHERE ticket = 1;
-- as_of must be the same on every row of a group (22023, naming both), be
-- given (a NULL one is 22004, also on a row that is otherwise skipped),
-- and be finite (22008); an untyped literal in the calendar's place is a
-- calendar
SELECT time_in_status(changed_at, status, '{open}',
		CASE WHEN status = 'hold' THEN timestamptz '2025-03-05 00:00+00' ELSE '2025-03-06 00:00+00' END)
FROM hist WHERE ticket = 1;
SELECT time_in_status_seconds(changed_at, status, '{open}', 'mon-fri 09:00-17:00; tz UTC',
		CASE WHEN status = 'solved' THEN timestamptz '2025-03-05 00:00+00' ELSE '2025-03-06 00:00+00' END)
FROM hist WHERE ticket = 1;
SELECT time_in_status(changed_at, status, '{open}', NULL::timestamptz) FROM hist WHERE ticket = 1;
SELECT time_in_status(changed_at, status, '{open}', CASE WHEN changed_at IS NULL THEN NULL ELSE now() END)
FROM hist WHERE ticket = 4;
SELECT time_in_status(changed_at, status, '{open}', 'mon-fri 09:00-17:00; tz UTC', NULL) FROM hist WHERE ticket = 1;
SELECT time_in_status(changed_at, status, '{open}', 'infinity'::timestamptz) FROM hist WHERE ticket = 1;
SELECT time_in_status(changed_at, status, '{open}', '2025-03-05') FROM hist WHERE ticket = 1;

-- ---------------------------------------------------------------------------
-- Differential test: 190 000 tickets, about 1M status changes through 2025,
-- with repeats, equal change times (5-minute steps) and NULL rows, in
-- random order.  Pseudo-random values come from hashes of (ticket, change
-- number), so the data is the same on every run.
-- ---------------------------------------------------------------------------
CREATE FUNCTION pg_temp.h(a bigint, b bigint, m int) RETURNS int LANGUAGE sql AS
	'SELECT (abs(hashint8extended(a * 64 + b, 7)) % m)::int';
CREATE TABLE tis_gen AS
SELECT ticket,
	   CASE WHEN pg_temp.h(ticket, k + 40, 200) = 0 THEN NULL
			ELSE timestamptz '2025-01-01' + (ticket % 365) * interval '1 day'
				 + pg_temp.h(ticket, k, 600) * interval '5 minutes' END AS changed_at,
	   CASE WHEN pg_temp.h(ticket, k + 20, 200) = 0 THEN NULL
			ELSE (ARRAY['new', 'open', 'pending', 'hold', 'solved'])[1 + pg_temp.h(ticket, k + 10, 5)] END AS status
FROM generate_series(1, 190000) ticket,
	 LATERAL generate_series(1, 1 + pg_temp.h(ticket, 0, 10)) k
ORDER BY md5(ticket::text || k::text);
ANALYZE tis_gen;
SELECT count(*) > 1000000 AS over_a_million, count(DISTINCT ticket) AS tickets,
	   count(*) FILTER (WHERE changed_at IS NULL OR status IS NULL) > 0 AS has_null_rows,
	   (SELECT count(*) FROM (SELECT FROM tis_gen WHERE changed_at IS NOT NULL AND status IS NOT NULL
			GROUP BY ticket, changed_at HAVING count(DISTINCT status) > 1) t) > 1000 AS has_ties,
	   (SELECT count(*) FROM (SELECT FROM tis_gen WHERE changed_at IS NOT NULL AND status IS NOT NULL
			GROUP BY ticket, changed_at, status HAVING count(*) > 1) t) > 100 AS has_duplicates
FROM tis_gen;

-- the reference: lead() in the canonical order (time, then status in byte
-- order), the latest status until now(); each ticket counts open, the
-- waiting statuses, or (a per-ticket array) one or the other by parity
CREATE TEMP VIEW tis_ref AS
SELECT ticket,
	   coalesce(sum(stop - changed_at) FILTER (WHERE status = 'open'), '0') AS open,
	   coalesce(sum(stop - changed_at) FILTER (WHERE status IN ('pending', 'hold')), '0') AS waiting,
	   coalesce(sum(stop - changed_at) FILTER (WHERE status = CASE WHEN ticket % 2 = 0 THEN 'open' ELSE 'new' END), '0') AS parity
FROM (SELECT ticket, changed_at, status,
			 coalesce(lead(changed_at) OVER (PARTITION BY ticket ORDER BY changed_at, status COLLATE "C"), now()) AS stop
	  FROM tis_gen WHERE changed_at IS NOT NULL AND status IS NOT NULL) s
GROUP BY ticket;
CREATE TEMP VIEW tis_ours AS
SELECT ticket,
	   time_in_status(changed_at, status, '{open}') AS open,
	   time_in_status(changed_at, status, '{pending,hold}') AS waiting,
	   time_in_status(changed_at, status, CASE WHEN ticket % 2 = 0 THEN '{open}'::text[] ELSE '{new}' END) AS parity,
	   time_in_status_seconds(changed_at, status, '{pending,hold}') AS waiting_s
FROM tis_gen GROUP BY ticket;
-- tickets whose rows are all NULL have no reference row: the NULL result
CREATE FUNCTION pg_temp.check_tis() RETURNS TABLE (tickets bigint, null_tickets bigint, open_ok boolean,
	waiting_ok boolean, parity_ok boolean, seconds_ok boolean, canonical_form boolean)
LANGUAGE sql AS $$
	SELECT count(*), count(*) FILTER (WHERE r.ticket IS NULL AND o.open IS NULL),
		   bool_and(o.open IS NOT DISTINCT FROM r.open),
		   bool_and(o.waiting IS NOT DISTINCT FROM r.waiting),
		   bool_and(o.parity IS NOT DISTINCT FROM r.parity),
		   bool_and(abs(coalesce(o.waiting_s, -1) - coalesce(date_part('epoch', r.waiting)::float8, -1)) < 1e-6),
		   bool_and(o.open IS NULL OR o.open::text = justify_hours(o.open)::text)
	FROM tis_ours o FULL JOIN tis_ref r USING (ticket)
$$;
SET max_parallel_workers_per_gather = 0;
SELECT * FROM pg_temp.check_tis();
-- shuffled input order gives the same answer
SELECT count(*) AS tickets, bool_and(a IS NOT DISTINCT FROM b) AS order_independent
FROM (SELECT ticket, time_in_status(changed_at, status, '{open,hold}' ORDER BY md5(concat(changed_at, status))) AS a,
			 time_in_status(changed_at, status, '{open,hold}' ORDER BY changed_at DESC, status DESC) AS b
	  FROM tis_gen GROUP BY ticket) s;
-- the statuses of a ticket add up to its whole history from its first
-- change until now()
SELECT bool_and(total = now() - first) AS adds_up
FROM (SELECT ticket, time_in_status(changed_at, status, '{new,open,pending,hold,solved}') AS total,
			 min(changed_at) AS first
	  FROM tis_gen WHERE changed_at IS NOT NULL AND status IS NOT NULL GROUP BY ticket) s;

-- with a fixed as_of in place of now(): the same reference, each span
-- clipped at as_of (least() ignores NULL, so the latest status runs to
-- as_of) and the changes at or after as_of left out.  One constant as_of
-- (mid-2025: tickets before it, after it and across it) and one per
-- ticket, 25 hours after its day starts, on the 5-minute grid of the
-- changes: every ticket is cut there, and many have a change on it
CREATE TEMP VIEW tis_asof_ref AS
SELECT ticket,
	   coalesce(sum(least(stop, timestamptz '2025-07-01 12:34:56+00') - changed_at)
		FILTER (WHERE status = 'open' AND changed_at < '2025-07-01 12:34:56+00'), '0') AS open,
	   coalesce(sum(least(stop, cut) - changed_at)
		FILTER (WHERE status IN ('pending', 'hold') AND changed_at < cut), '0') AS waiting
FROM (SELECT ticket, changed_at, status,
			 timestamptz '2025-01-01' + (ticket % 365) * interval '1 day' + interval '25 hours' AS cut,
			 lead(changed_at) OVER (PARTITION BY ticket ORDER BY changed_at, status COLLATE "C") AS stop
	  FROM tis_gen WHERE changed_at IS NOT NULL AND status IS NOT NULL) s
GROUP BY ticket;
CREATE TEMP VIEW tis_asof_ours AS
SELECT ticket,
	   time_in_status(changed_at, status, '{open}', timestamptz '2025-07-01 12:34:56+00') AS open,
	   time_in_status(changed_at, status, '{pending,hold}',
		timestamptz '2025-01-01' + (ticket % 365) * interval '1 day' + interval '25 hours') AS waiting,
	   time_in_status_seconds(changed_at, status, '{pending,hold}',
		timestamptz '2025-01-01' + (ticket % 365) * interval '1 day' + interval '25 hours') AS waiting_s
FROM tis_gen GROUP BY ticket;
CREATE FUNCTION pg_temp.check_tis_as_of() RETURNS TABLE (tickets bigint, null_tickets bigint, open_ok boolean,
	waiting_ok boolean, seconds_ok boolean)
LANGUAGE sql AS $$
	SELECT count(*), count(*) FILTER (WHERE r.ticket IS NULL AND o.open IS NULL),
		   bool_and(o.open IS NOT DISTINCT FROM r.open),
		   bool_and(o.waiting IS NOT DISTINCT FROM r.waiting),
		   bool_and(abs(coalesce(o.waiting_s, -1) - coalesce(date_part('epoch', r.waiting)::float8, -1)) < 1e-6)
	FROM tis_asof_ours o FULL JOIN tis_asof_ref r USING (ticket)
$$;
SELECT * FROM pg_temp.check_tis_as_of();
-- the data cut at as_of: tickets across the constant one, and changes
-- exactly on the per-ticket one
SELECT count(*) FILTER (WHERE first < '2025-07-01 12:34:56+00' AND last > '2025-07-01 12:34:56+00') > 100 AS across_constant,
	   (SELECT count(*) FROM tis_gen
		WHERE changed_at = timestamptz '2025-01-01' + (ticket % 365) * interval '1 day' + interval '25 hours') > 1000 AS changes_on_cut
FROM (SELECT ticket, min(changed_at) AS first, max(changed_at) AS last FROM tis_gen GROUP BY ticket) t;
-- and as_of => now() is the form without it, on every ticket
SELECT count(*) AS tickets, bool_and(a IS NOT DISTINCT FROM b) AS same_as_now,
	   bool_and(c IS NOT DISTINCT FROM d) AS seconds_same_as_now
FROM (SELECT ticket, time_in_status(changed_at, status, '{open,hold}') AS a,
			 time_in_status(changed_at, status, '{open,hold}', now()) AS b,
			 time_in_status_seconds(changed_at, status, '{new,solved}') AS c,
			 time_in_status_seconds(changed_at, status, '{new,solved}', now()) AS d
	  FROM tis_gen GROUP BY ticket) s;
CREATE TEMP TABLE tis_asof_serial AS SELECT * FROM tis_asof_ours;

-- business time: against the sum of business_time() over each status's
-- span, on 50 000 tickets: an office calendar with holidays, and
-- a night calendar whose hours meet the repeated hour of New York's
-- November DST change; and a calendar chosen per ticket
CREATE TABLE tis_cal_gen AS SELECT * FROM tis_gen WHERE ticket <= 50000;
ANALYZE tis_cal_gen;
CREATE TEMP VIEW tis_cal_ours AS
SELECT ticket,
	   time_in_status(changed_at, status, '{open,pending}',
		'mon-fri 09:00-17:00; sat 10:00-14:00; tz America/New_York; closed 2025-07-04, 2025-11-27 12:00-24:00') AS office,
	   time_in_status(changed_at, status, '{open,new}', 'mon-sun 00:30-03:00, 22:00-24:00; tz America/New_York') AS night,
	   time_in_status_seconds(changed_at, status, '{open,new}', 'mon-sun 00:30-03:00, 22:00-24:00; tz America/New_York') AS night_s,
	   time_in_status(changed_at, status, '{hold}',
		CASE WHEN ticket % 8 = 0 THEN 'mon-fri 08:00-18:00; tz Europe/Berlin'::calendar
			 ELSE 'mon-sat 06:00-22:00; tz Asia/Kolkata' END) AS mixed
FROM tis_cal_gen GROUP BY ticket;
CREATE TEMP VIEW tis_cal_check AS
SELECT count(*) AS tickets,
	   bool_and(o.office IS NOT DISTINCT FROM r.office) AS office_ok,
	   bool_and(o.night IS NOT DISTINCT FROM r.night) AS night_ok,
	   bool_and(abs(o.night_s - date_part('epoch', r.night)::float8) < 1e-6) AS seconds_ok,
	   bool_and(o.mixed IS NOT DISTINCT FROM r.mixed) AS per_ticket_ok
FROM tis_cal_ours o
JOIN (SELECT ticket,
			 coalesce(sum(business_time(changed_at, stop,
				'mon-fri 09:00-17:00; sat 10:00-14:00; tz America/New_York; closed 2025-07-04, 2025-11-27 12:00-24:00'))
				FILTER (WHERE status IN ('open', 'pending')), '0') AS office,
			 coalesce(sum(business_time(changed_at, stop, 'mon-sun 00:30-03:00, 22:00-24:00; tz America/New_York'))
				FILTER (WHERE status IN ('open', 'new')), '0') AS night,
			 coalesce(sum(business_time(changed_at, stop,
				CASE WHEN ticket % 8 = 0 THEN 'mon-fri 08:00-18:00; tz Europe/Berlin'::calendar
					 ELSE 'mon-sat 06:00-22:00; tz Asia/Kolkata' END))
				FILTER (WHERE status = 'hold'), '0') AS mixed
	  FROM (SELECT ticket, changed_at, status,
				   coalesce(lead(changed_at) OVER (PARTITION BY ticket ORDER BY changed_at, status COLLATE "C"), now()) AS stop
			FROM tis_cal_gen WHERE changed_at IS NOT NULL AND status IS NOT NULL) s
	  GROUP BY ticket) r USING (ticket);
SELECT * FROM tis_cal_check;
-- and as of a fixed instant: the office calendar as of 2025-07-04 15:00
-- New York time (a closed day), the night calendar as of each ticket's
-- cut (as above)
CREATE TEMP VIEW tis_cal_asof_ours AS
SELECT ticket,
	   time_in_status(changed_at, status, '{open,pending}',
		'mon-fri 09:00-17:00; sat 10:00-14:00; tz America/New_York; closed 2025-07-04, 2025-11-27 12:00-24:00',
		timestamptz '2025-07-04 15:00-04') AS office,
	   time_in_status(changed_at, status, '{open,new}', 'mon-sun 00:30-03:00, 22:00-24:00; tz America/New_York',
		timestamptz '2025-01-01' + (ticket % 365) * interval '1 day' + interval '25 hours') AS night,
	   time_in_status_seconds(changed_at, status, '{open,new}', 'mon-sun 00:30-03:00, 22:00-24:00; tz America/New_York',
		timestamptz '2025-01-01' + (ticket % 365) * interval '1 day' + interval '25 hours') AS night_s
FROM tis_cal_gen GROUP BY ticket;
CREATE TEMP VIEW tis_cal_asof_check AS
SELECT count(*) AS tickets,
	   bool_and(o.office IS NOT DISTINCT FROM r.office) AS office_ok,
	   bool_and(o.night IS NOT DISTINCT FROM r.night) AS night_ok,
	   bool_and(abs(o.night_s - date_part('epoch', r.night)::float8) < 1e-6) AS seconds_ok
FROM tis_cal_asof_ours o
JOIN (SELECT ticket,
			 coalesce(sum(business_time(changed_at, least(stop, '2025-07-04 15:00-04'),
				'mon-fri 09:00-17:00; sat 10:00-14:00; tz America/New_York; closed 2025-07-04, 2025-11-27 12:00-24:00'))
				FILTER (WHERE status IN ('open', 'pending') AND changed_at < '2025-07-04 15:00-04'), '0') AS office,
			 coalesce(sum(business_time(changed_at, least(stop, cut), 'mon-sun 00:30-03:00, 22:00-24:00; tz America/New_York'))
				FILTER (WHERE status IN ('open', 'new') AND changed_at < cut), '0') AS night
	  FROM (SELECT ticket, changed_at, status,
				   timestamptz '2025-01-01' + (ticket % 365) * interval '1 day' + interval '25 hours' AS cut,
				   lead(changed_at) OVER (PARTITION BY ticket ORDER BY changed_at, status COLLATE "C") AS stop
			FROM tis_cal_gen WHERE changed_at IS NOT NULL AND status IS NOT NULL) s
	  GROUP BY ticket) r USING (ticket);
SELECT * FROM tis_cal_asof_check;
CREATE TEMP TABLE tis_cal_asof_serial AS SELECT * FROM tis_cal_asof_ours;
-- tickets whose history spans New York's DST changes
SELECT count(*) FILTER (WHERE first < '2025-03-09 07:00+00' AND last > '2025-03-09 07:00+00') > 100 AS spans_march_change,
	   count(*) FILTER (WHERE first < '2025-11-02 06:00+00' AND last > '2025-11-02 06:00+00') > 100 AS spans_november_change
FROM (SELECT ticket, min(changed_at) AS first, max(changed_at) AS last
	  FROM tis_cal_gen GROUP BY ticket) t;

-- forced parallel: a Partial Aggregate, and the same answers
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET work_mem = '256MB';
-- with free tuple transfer the planner prefers one HashAggregate above the
-- Gather; without hashing it aggregates partially in the workers
SET enable_hashagg = off;
SELECT pg_temp.uses_partial_aggregate('SELECT * FROM tis_ours') AS grouped_partial,
	   pg_temp.uses_partial_aggregate('SELECT time_in_status(changed_at, status, ''{open}'') FROM tis_gen') AS whole_partial,
	   pg_temp.uses_partial_aggregate('SELECT * FROM tis_cal_ours') AS calendar_partial;
SELECT * FROM pg_temp.check_tis();
SELECT * FROM tis_cal_check;
-- the as_of forms: a Partial Aggregate, the reference, and the serial
-- results exactly
SELECT pg_temp.uses_partial_aggregate('SELECT * FROM tis_asof_ours') AS as_of_partial,
	   pg_temp.uses_partial_aggregate('SELECT * FROM tis_cal_asof_ours') AS as_of_calendar_partial,
	   pg_temp.uses_partial_aggregate('SELECT time_in_status(changed_at, status, ''{open}'', now()) FROM tis_gen') AS as_of_whole_partial;
SELECT * FROM pg_temp.check_tis_as_of();
SELECT * FROM tis_cal_asof_check;
SELECT count(*) AS tickets, bool_and(row(p.*)::text = row(s.*)::text) AS parallel_equals_serial
FROM tis_asof_ours p JOIN tis_asof_serial s USING (ticket);
SELECT count(*) AS tickets, bool_and(row(p.*)::text = row(s.*)::text) AS calendar_parallel_equals_serial
FROM tis_cal_asof_ours p JOIN tis_cal_asof_serial s USING (ticket);
-- one group of all 1M changes, combined from the workers' partial states
SELECT time_in_status(changed_at, status, '{open}', timestamptz '2025-07-01 12:34:56+00') = (
		SELECT coalesce(sum(least(stop, timestamptz '2025-07-01 12:34:56+00') - changed_at)
			FILTER (WHERE status = 'open' AND changed_at < '2025-07-01 12:34:56+00'), '0')
		FROM (SELECT changed_at, status, lead(changed_at) OVER (ORDER BY changed_at, status COLLATE "C") AS stop
			  FROM tis_gen WHERE changed_at IS NOT NULL AND status IS NOT NULL) s) AS as_of_whole_ok,
	   time_in_status(changed_at, status, '{open}', now()) = time_in_status(changed_at, status, '{open}') AS whole_same_as_now
FROM tis_gen;
-- a group with two as_of values is an error in a parallel plan too,
-- whether a worker's rows or the leader's combine step meet the second
SELECT pg_temp.error_of($$SELECT time_in_status(changed_at, status, '{open}',
	CASE WHEN ctid < '(100,0)' THEN timestamptz '2025-07-01' ELSE '2025-07-02' END) FROM tis_gen$$) AS two_as_of;
-- all 1M changes as one history: one group, combined from the workers
SELECT time_in_status(changed_at, status, '{open}') = (
		SELECT coalesce(sum(stop - changed_at) FILTER (WHERE status = 'open'), '0')
		FROM (SELECT changed_at, status,
					 coalesce(lead(changed_at) OVER (ORDER BY changed_at, status COLLATE "C"), now()) AS stop
			  FROM tis_gen WHERE changed_at IS NOT NULL AND status IS NOT NULL) s) AS whole_ok
FROM tis_gen;
SET parallel_leader_participation = off;
SELECT * FROM pg_temp.check_tis();
RESET parallel_leader_participation;
RESET work_mem;
RESET enable_hashagg;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

DROP TABLE hist, tis_gen, tis_cal_gen CASCADE;
