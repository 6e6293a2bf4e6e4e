-- bench/calendar.sql: benchmark of business_time and business_add against
-- plain timestamp subtraction and against the plain-SQL per-day computation
-- that teams write today (one row per ticket and day, joined with the
-- opening hours, closed dates removed, each day's hours converted with AT
-- TIME ZONE and intersected with the ticket).  Run it directly:
--
--   psql -X -v rows=1000000 -v runs=3 -f bench/calendar.sql DBNAME
--
-- psql variables: rows (tickets, default 1000000) and runs (timed runs per
-- query after one untimed warm-up; the median is reported; default 3).
-- Creates (and leaves behind) the tables bench_tickets, bench_hours,
-- bench_closed and bench_team_calendars.  Timing framework: bench/lib.sql.

\set ON_ERROR_STOP on
\set QUIET on
\if :{?rows}
\else
	\set rows 1000000
\endif
\if :{?runs}
\else
	\set runs 3
\endif
\pset footer off
\pset null ''

SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS csmetrics;

\ir lib.sql
\echo 'csmetrics business calendar benchmark'
\echo :h_version
\echo :h_settings
\echo :h_jit

-- ---------------------------------------------------------------------------
-- Data: tickets created over 2024-2025 (two DST changes a year, Christmas
-- and Easter holidays), each open up to a week; a team per ticket for the
-- calendar-per-team query.  The calendar is the first example of
-- shared/metrics.md with a full holiday list, and the same schedule as
-- plain tables for the per-day computation.
-- ---------------------------------------------------------------------------

\set cal '''mon-fri 09:00-17:00; sat 10:00-14:00; tz Europe/Berlin; closed 2024-01-01, 2024-03-29, 2024-04-01, 2024-05-01, 2024-05-09, 2024-05-20, 2024-10-03, 2024-12-24 12:00-24:00, 2024-12-25, 2024-12-26, 2025-01-01, 2025-04-18, 2025-04-21, 2025-05-01, 2025-05-29, 2025-06-09, 2025-10-03, 2025-12-24 12:00-24:00, 2025-12-25, 2025-12-26''::calendar'

\warn '== generating' :rows 'tickets'
DROP TABLE IF EXISTS bench_tickets, bench_hours, bench_closed, bench_team_calendars;
CREATE TABLE bench_tickets (id bigint, team int, created_at timestamptz, solved_at timestamptz);
INSERT INTO bench_tickets
SELECT g, 1 + g % 4, c, c + pg_temp.uniform(g, 1) * interval '7 days'
FROM (SELECT g, timestamptz '2024-01-01 00:00+00' + pg_temp.uniform(g, 2) * interval '730 days' AS c
	  FROM generate_series(1, :rows::bigint) g) x;
CREATE TABLE bench_hours (dow int, a time, b time);
INSERT INTO bench_hours SELECT d, '09:00', '17:00' FROM generate_series(1, 5) d;
INSERT INTO bench_hours VALUES (6, '10:00', '14:00');
CREATE TABLE bench_closed (d date PRIMARY KEY, a time, b time);
INSERT INTO bench_closed VALUES
	('2024-01-01', '00:00', '24:00'), ('2024-03-29', '00:00', '24:00'), ('2024-04-01', '00:00', '24:00'),
	('2024-05-01', '00:00', '24:00'), ('2024-05-09', '00:00', '24:00'), ('2024-05-20', '00:00', '24:00'),
	('2024-10-03', '00:00', '24:00'), ('2024-12-24', '12:00', '24:00'), ('2024-12-25', '00:00', '24:00'),
	('2024-12-26', '00:00', '24:00'), ('2025-01-01', '00:00', '24:00'), ('2025-04-18', '00:00', '24:00'),
	('2025-04-21', '00:00', '24:00'), ('2025-05-01', '00:00', '24:00'), ('2025-05-29', '00:00', '24:00'),
	('2025-06-09', '00:00', '24:00'), ('2025-10-03', '00:00', '24:00'), ('2025-12-24', '12:00', '24:00'),
	('2025-12-25', '00:00', '24:00'), ('2025-12-26', '00:00', '24:00');
-- four teams, four calendars (zones of four continents)
CREATE TABLE bench_team_calendars (team int PRIMARY KEY, cal calendar);
INSERT INTO bench_team_calendars VALUES
	(1, :cal),
	(2, 'mon-fri 09:00-12:00, 13:00-17:00; tz America/New_York; closed 2024-12-25, 2025-12-25'),
	(3, 'mon-sun 00:00-24:00; tz Australia/Lord_Howe'),
	(4, 'mon-sat 09:30-18:30; tz Asia/Kolkata; closed 2025-01-26, 2025-08-15');
\warn '== VACUUM ANALYZE and cache warm-up'
VACUUM ANALYZE bench_tickets;
ANALYZE bench_hours;
ANALYZE bench_closed;
ANALYZE bench_team_calendars;
SELECT pg_temp.prewarm('{bench_tickets}') AS prewarmed \gset
SELECT count(*) AS row_count, pg_size_pretty(pg_table_size('bench_tickets')) AS table_size
FROM bench_tickets \gset
SELECT format('  rows:       %s tickets open up to 7 days, created 2024-2025', :row_count) AS h_rows,
	format('  table:      %s; %s', :'table_size', :'prewarmed') AS h_table,
	format('  timing:     median of %s interleaved runs per query, after a warm-up run; clock_timestamp() around EXECUTE in PL/pgSQL', :runs) AS h_timing
\gset
\echo :h_rows
\echo :h_table
\echo :h_timing

-- The per-day computation: one row per ticket and local day, the day's
-- opening hours as local ranges minus its closed hours, each converted
-- with AT TIME ZONE and intersected with the ticket.
SELECT format($q$
SELECT max(bt) FROM (
	SELECT t.id, sum(greatest(least(t.solved_at, upper(r) AT TIME ZONE 'Europe/Berlin')
						   - greatest(t.created_at, lower(r) AT TIME ZONE 'Europe/Berlin'), interval '0')) AS bt
	FROM %s t
	CROSS JOIN LATERAL generate_series(0, (t.solved_at AT TIME ZONE 'Europe/Berlin')::date
										  - (t.created_at AT TIME ZONE 'Europe/Berlin')::date) i
	CROSS JOIN LATERAL (SELECT (t.created_at AT TIME ZONE 'Europe/Berlin')::date + i AS day) g
	JOIN bench_hours h ON h.dow = extract(isodow FROM g.day)
	LEFT JOIN bench_closed x ON x.d = g.day
	CROSS JOIN LATERAL unnest(tsmultirange(tsrange(g.day + h.a, g.day + h.b))
							  - CASE WHEN x.d IS NULL THEN '{}'::tsmultirange
									 ELSE tsmultirange(tsrange(g.day + x.a, g.day + x.b)) END) r
	GROUP BY t.id) s$q$, 'bench_tickets') AS q_perday,
	format('SELECT max(business_time(created_at, solved_at, %s)) FROM bench_tickets', :'cal') AS q_bt,
	format('SELECT sum(business_seconds(created_at, solved_at, %s)) FROM bench_tickets', :'cal') AS q_bs,
	'SELECT max(solved_at - created_at) FROM bench_tickets' AS q_sub,
	'SELECT sum(extract(epoch FROM solved_at - created_at)) FROM bench_tickets' AS q_sub_s,
	format('SELECT max(business_add(created_at, interval ''8 hours'', %s)) FROM bench_tickets', :'cal') AS q_add,
	'SELECT max(created_at + interval ''8 hours'') FROM bench_tickets' AS q_add_plain,
	'SELECT max(business_time(t.created_at, t.solved_at, c.cal)) FROM bench_tickets t JOIN bench_team_calendars c USING (team)' AS q_team,
	'SELECT max(t.solved_at - t.created_at) FROM bench_tickets t JOIN bench_team_calendars c USING (team)' AS q_team_sub
\gset

CALL pg_temp.section('serial scans, max_parallel_workers_per_gather = 0');
CALL pg_temp.bench('sub', 'max(solved_at - created_at)', 'serial', :'q_sub');
CALL pg_temp.bench('bt', 'max(business_time(created_at, solved_at, cal))', 'serial', :'q_bt');
CALL pg_temp.bench('sub_s', 'sum(extract(epoch FROM solved_at - created_at))', 'serial', :'q_sub_s');
CALL pg_temp.bench('bs', 'sum(business_seconds(created_at, solved_at, cal))', 'serial', :'q_bs');
CALL pg_temp.bench('perday', 'plain-SQL per-day computation', 'serial work_mem=256MB', :'q_perday');
CALL pg_temp.bench('add_plain', 'max(created_at + interval ''8 hours'')', 'serial', :'q_add_plain');
CALL pg_temp.bench('add', 'max(business_add(created_at, ''8 hours'', cal))', 'serial', :'q_add');
CALL pg_temp.bench('team_sub', 'per-team join: max(solved_at - created_at)', 'serial', :'q_team_sub');
CALL pg_temp.bench('team', 'per-team join: max(business_time(..., c.cal)), 4 calendars', 'serial', :'q_team');
CALL pg_temp.ratio('per-day SQL / business_time', 'perday', 'bt', '>= 20');
CALL pg_temp.ratio('business_time / subtraction', 'bt', 'sub', '<= 3');
CALL pg_temp.ratio('business_seconds / extract(epoch) subtraction', 'bs', 'sub_s', '<= 3');
CALL pg_temp.ratio('business_add / timestamp + interval', 'add', 'add_plain', NULL);
CALL pg_temp.ratio('per-team calendars / subtraction (same join)', 'team', 'team_sub', NULL);

\warn '== timing:' :runs 'interleaved rounds after a warm-up'
SET client_min_messages = notice;
CALL pg_temp.run(:runs);
SET client_min_messages = warning;

-- ---------------------------------------------------------------------------
-- Correctness: business_time against the per-day computation on every
-- 50th ticket; the business_add inverse on every 50th ticket.
-- ---------------------------------------------------------------------------

\warn '== correctness checks'
CALL pg_temp.section('correctness');
CREATE TEMP TABLE bench_sample_tickets AS SELECT * FROM bench_tickets WHERE id % 50 = 0;
SELECT count(*) AS n_sample,
	count(*) FILTER (WHERE extract(epoch FROM business_time(t.created_at, t.solved_at, :cal)) = coalesce(p.bt, 0)) AS n_same
FROM bench_sample_tickets t
LEFT JOIN (
	SELECT t.id, sum(extract(epoch FROM greatest(least(t.solved_at, upper(r) AT TIME ZONE 'Europe/Berlin')
						   - greatest(t.created_at, lower(r) AT TIME ZONE 'Europe/Berlin'), interval '0'))) AS bt
	FROM bench_sample_tickets t
	CROSS JOIN LATERAL generate_series(0, (t.solved_at AT TIME ZONE 'Europe/Berlin')::date
										  - (t.created_at AT TIME ZONE 'Europe/Berlin')::date) i
	CROSS JOIN LATERAL (SELECT (t.created_at AT TIME ZONE 'Europe/Berlin')::date + i AS day) g
	JOIN bench_hours h ON h.dow = extract(isodow FROM g.day)
	LEFT JOIN bench_closed x ON x.d = g.day
	CROSS JOIN LATERAL unnest(tsmultirange(tsrange(g.day + h.a, g.day + h.b))
							  - CASE WHEN x.d IS NULL THEN '{}'::tsmultirange
									 ELSE tsmultirange(tsrange(g.day + x.a, g.day + x.b)) END) r
	GROUP BY t.id) p USING (id) \gset
CALL pg_temp.check('correct', 'business_time = per-day computation (every 50th ticket)',
	:n_same || ' of ' || :n_sample, 'all', :n_same = :n_sample);
SELECT count(*) AS n_inv,
	count(*) FILTER (WHERE business_time(c.created_at, business_add(c.created_at, d, c.cal), c.cal) = d) AS n_inv_ok
FROM (SELECT t.*, c.cal, (t.solved_at - t.created_at) / 3 AS d0
	  FROM bench_sample_tickets t JOIN bench_team_calendars c USING (team)) c,
	LATERAL (SELECT make_interval(secs => extract(epoch FROM c.d0)) AS d) x \gset
CALL pg_temp.check('correct', 'business_time(s, business_add(s, n)) = n (every 50th ticket, 4 calendars)',
	:n_inv_ok || ' of ' || :n_inv, 'all', :n_inv_ok = :n_inv);

-- ---------------------------------------------------------------------------
-- Report.
-- ---------------------------------------------------------------------------

\echo
SELECT * FROM pg_temp.report();
SELECT * FROM pg_temp.report_summary(:row_count || ' tickets') \gset
\echo
\echo :summary
\if :correct
\else
	DO $$ BEGIN RAISE EXCEPTION 'csmetrics calendar benchmark: a correctness check failed'; END $$;
\endif
