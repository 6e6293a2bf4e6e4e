-- bench/timeline.sql: benchmark of timeline_agg (a daily backlog timeline)
-- against count(closed_at) over the same table, the best plain SQL (two
-- GROUP BY date_trunc passes and a running sum) and the naive per-period
-- join; run by `bash bench/run.sh timeline` (TICKETS, RUNS), or directly:
--
--   psql -X -v tickets=10000000 -v runs=5 -f bench/timeline.sql DBNAME
--
-- psql variables: tickets (rows of bench_tickets, default 10000000) and
-- runs (timed runs per query after one untimed warm-up; the median is
-- reported).  Creates (and leaves behind) the unlogged tables bench_tickets
-- and bench_tickets_sample, and the extension csmetrics.
--
-- The timeline is 365 local days of 2025 in America/New_York (the session's
-- TimeZone here).  Every timed query runs on one process
-- (max_parallel_workers_per_gather = 0) with work_mem = 1GB, so that no
-- HashAggregate and no sort spills to disk (checked).  The per-period join
-- joins every ticket with every day, so it runs on a 1 % sample (every
-- hundredth ticket, in a table of its own), against timeline_agg on the
-- same table.  The timing
-- framework (bench/lib.sql) times each query in the server, by
-- clock_timestamp() around an EXECUTE in PL/pgSQL that fetches the query's
-- single result row, in interleaved rounds.

\set ON_ERROR_STOP on
\set QUIET on
\if :{?tickets}
\else
	\set tickets 10000000
\endif
\if :{?runs}
\else
	\set runs 5
\endif
\pset footer off
\pset null ''

SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS csmetrics;
SET TimeZone = 'America/New_York';

\ir lib.sql

SELECT to_regprocedure('timeline_agg(timestamptz, timestamptz, timestamptz, timestamptz, interval)') IS NOT NULL
	AS have_timeline \gset
\if :have_timeline
\else
	\echo 'csmetrics has no timeline_agg: nothing to benchmark'
	\quit
\endif

\set bench_settings 'serial work_mem=1GB'

\echo 'csmetrics timeline benchmark'
\echo :h_version
\echo :h_settings
\echo :h_jit
\echo '  queries:    one process (max_parallel_workers_per_gather = 0), work_mem = 1GB set for every timed query and check (no spill to disk)'

-- ---------------------------------------------------------------------------
-- Data.  Every random quantity is a hash of the ticket number and a stream
-- number, so the data are the same on every run.
-- ---------------------------------------------------------------------------

SET max_parallel_workers_per_gather = 0;
SET work_mem = '1GB';

-- bench_tickets: tickets opened uniformly from 2024-12-01 to 2026-01-31
-- (so some are open when the year starts and some open after it), in
-- opened_at order; a log-normal resolution time around a median of 20
-- hours; 8 % never closed.
\warn '== generating' :tickets 'tickets'
DROP TABLE IF EXISTS bench_tickets;
CREATE UNLOGGED TABLE bench_tickets (id bigint, opened_at timestamptz, closed_at timestamptz);
INSERT INTO bench_tickets (id, opened_at, closed_at)
SELECT g, opened,
	CASE WHEN pg_temp.uniform(g, 2) < 0.08 THEN NULL
		ELSE opened + interval '1 second' * round(72000 * exp(1.3 * pg_temp.normal(g, 3))) END
FROM (SELECT g, timestamptz '2024-12-01 00:00-05'
		+ interval '1 second' * round((g - 1 + pg_temp.uniform(g, 1)) * (427 * 86400.0 / :tickets)) AS opened
	  FROM generate_series(1, :tickets::bigint) AS g) s;

DROP TABLE IF EXISTS bench_tickets_sample;
CREATE UNLOGGED TABLE bench_tickets_sample AS SELECT * FROM bench_tickets WHERE id % 100 = 0;

RESET work_mem;
RESET max_parallel_workers_per_gather;

\warn '== VACUUM ANALYZE and cache warm-up'
VACUUM ANALYZE bench_tickets;
VACUUM ANALYZE bench_tickets_sample;
SELECT pg_temp.prewarm('{bench_tickets,bench_tickets_sample}') AS prewarmed \gset

CALL pg_temp.use_settings(:'bench_settings');
SELECT count(*) AS ticket_count, count(closed_at) AS closed_count,
	(SELECT count(*) FROM bench_tickets_sample) AS sample_count
FROM bench_tickets \gset
CALL pg_temp.use_settings('default');
SELECT format('  tickets:    %s (%s closed), opened 2024-12-01 to 2026-01-31, in opened_at order; the join sample: %s (bench_tickets_sample)',
		:ticket_count, :closed_count, :sample_count) AS h_tickets,
	format('  tables:     bench_tickets %s, bench_tickets_sample %s (unlogged); %s', pg_size_pretty(pg_table_size('bench_tickets')),
		pg_size_pretty(pg_table_size('bench_tickets_sample')),
		:'prewarmed') AS h_table,
	format('  timing:     median of %s interleaved runs per query, after a warm-up run; clock_timestamp() around EXECUTE in PL/pgSQL', :runs) AS h_timing
\gset
\echo :h_tickets
\echo :h_table
\echo :h_timing
\echo '  timeline:   365 local days of 2025 in America/New_York (23 and 25 hours on the DST days)'

-- ---------------------------------------------------------------------------
-- Queries.  Each returns one row that depends on every per-day value, so
-- nothing is left uncomputed: the sum of the daily backlogs (at_end).
-- ---------------------------------------------------------------------------

SELECT 'SELECT count(closed_at) FROM bench_tickets' AS q_count,
	'SELECT sum(at_end) FROM periods((SELECT timeline_agg(opened_at, closed_at, ''2025-01-01'', ''2026-01-01'', ''1 day'') FROM bench_tickets))' AS q_timeline,
	-- opened and closed per local day (two GROUP BY date_trunc passes),
	-- joined, and the backlog at each day's end as a running sum
	'SELECT sum(at_end) FROM (SELECT d, sum(coalesce(o.n, 0) - coalesce(c.n, 0)) OVER (ORDER BY d) AS at_end '
		'FROM (SELECT date_trunc(''day'', opened_at) AS d, count(*) AS n FROM bench_tickets GROUP BY 1) o '
		'FULL JOIN (SELECT date_trunc(''day'', closed_at) AS d, count(*) AS n FROM bench_tickets WHERE closed_at IS NOT NULL GROUP BY 1) c '
		'USING (d)) s WHERE d >= ''2025-01-01'' AND d < ''2026-01-01''' AS q_plain,
	'SELECT sum(at_end) FROM periods((SELECT timeline_agg(opened_at, closed_at, ''2025-01-01'', ''2026-01-01'', ''1 day'') FROM bench_tickets_sample))' AS q_timeline_sample,
	-- every ticket with every day: count(*) FILTER per day
	'SELECT sum(at_end) FROM (SELECT g, count(*) FILTER (WHERE opened_at < g + interval ''1 day'' '
		'AND (closed_at IS NULL OR closed_at >= g + interval ''1 day'')) AS at_end, '
		'count(*) FILTER (WHERE opened_at >= g AND opened_at < g + interval ''1 day'') AS opened, '
		'count(*) FILTER (WHERE closed_at >= g AND closed_at < g + interval ''1 day'') AS closed '
		'FROM generate_series(timestamptz ''2025-01-01'', ''2025-12-31'', ''1 day'') g, bench_tickets_sample '
		'GROUP BY g) s' AS q_join
\gset

CALL pg_temp.use_settings(:'bench_settings');
SELECT pg_temp.plan_shape(:'q_timeline') AS shape_timeline, pg_temp.plan_shape(:'q_plain') AS shape_plain,
	pg_temp.plan_shape(:'q_join') AS shape_join, pg_temp.jit_use(:'q_timeline') AS jit_timeline,
	pg_temp.jit_use(:'q_count') AS jit_count \gset
CALL pg_temp.use_settings('default');
\echo '  jit use:    timeline:' :jit_timeline
\echo '              count:' :jit_count

CALL pg_temp.section(format('daily timeline over 2025: %s tickets; one process, work_mem 1GB', :ticket_count));
CALL pg_temp.bench('count', 'floor: count(closed_at)', :'bench_settings', :'q_count');
CALL pg_temp.bench('timeline', 'timeline_agg(opened_at, closed_at, 2025-01-01, 2026-01-01, 1 day), periods()', :'bench_settings', :'q_timeline');
CALL pg_temp.bench('plain', 'plain SQL: two GROUP BY date_trunc passes, full join, running sum', :'bench_settings', :'q_plain');
CALL pg_temp.ratio('timeline_agg / count(closed_at)', 'timeline', 'count', '<= 1.5');
CALL pg_temp.ratio('plain SQL / timeline_agg (issue: about 4)', 'plain', 'timeline', NULL);
CALL pg_temp.ratio('plain SQL / count(closed_at) (issue: about 7)', 'plain', 'count', NULL);

CALL pg_temp.section(format('per-period join, on a 1 %% sample (bench_tickets_sample): %s tickets x 365 days', :sample_count));
CALL pg_temp.bench('timeline_sample', 'timeline_agg on the sample', :'bench_settings', :'q_timeline_sample');
CALL pg_temp.bench('join', 'per-period join: generate_series x tickets, count(*) FILTER per day', :'bench_settings', :'q_join');
CALL pg_temp.ratio('per-period join / timeline_agg, same sample (issue: hundreds)', 'join', 'timeline_sample', NULL);

\warn '== timing:' :runs 'interleaved rounds after a warm-up'
SET client_min_messages = notice;
CALL pg_temp.run(:runs);
SET client_min_messages = warning;

-- ---------------------------------------------------------------------------
-- Plans (no spill to disk) and correctness.
-- ---------------------------------------------------------------------------

\warn '== plan and correctness checks'
CALL pg_temp.use_settings(:'bench_settings');

CALL pg_temp.section('plans: no spill to disk at work_mem 1GB (one EXPLAIN ANALYZE each)');
SELECT pg_temp.spills(:'q_timeline') AS spill_timeline, pg_temp.spills(:'q_plain') AS spill_plain \gset
CALL pg_temp.check('check', 'timeline: ' || :'shape_timeline', :'spill_timeline', 'no', :'spill_timeline' = 'no');
CALL pg_temp.check('check', 'plain SQL: ' || :'shape_plain', :'spill_plain', 'no', :'spill_plain' = 'no');

CALL pg_temp.section('correctness');
-- every day: opened, closed and the backlog at its end, against the plain SQL
SELECT count(*) AS days,
	count(*) FILTER (WHERE p.opened = coalesce(o.n, 0) AND p.closed = coalesce(c.n, 0)
		AND p.at_end = r.at_end) AS same_days
FROM periods((SELECT timeline_agg(opened_at, closed_at, '2025-01-01', '2026-01-01', '1 day') FROM bench_tickets)) p
LEFT JOIN (SELECT date_trunc('day', opened_at) AS d, count(*) AS n FROM bench_tickets GROUP BY 1) o
	ON o.d = p.period_start
LEFT JOIN (SELECT date_trunc('day', closed_at) AS d, count(*) AS n FROM bench_tickets WHERE closed_at IS NOT NULL GROUP BY 1) c
	ON c.d = p.period_start
LEFT JOIN (SELECT d, sum(coalesce(o2.n, 0) - coalesce(c2.n, 0)) OVER (ORDER BY d) AS at_end
	FROM (SELECT date_trunc('day', opened_at) AS d, count(*) AS n FROM bench_tickets GROUP BY 1) o2
	FULL JOIN (SELECT date_trunc('day', closed_at) AS d, count(*) AS n FROM bench_tickets WHERE closed_at IS NOT NULL GROUP BY 1) c2
	USING (d)) r ON r.d = p.period_start \gset
CALL pg_temp.check('correct', 'timeline = plain SQL: opened, closed, backlog per day',
	format('%s of %s days', :same_days, :days), 'all 365', :same_days = 365 AND :days = 365);
-- on the sample, every column of every day against the per-period join
SELECT count(*) AS jdays,
	count(*) FILTER (WHERE p.at_start = j.at_start AND p.opened = j.opened AND p.closed = j.closed
		AND p.lost = j.lost AND p.at_end = j.at_end) AS same_jdays
FROM periods((SELECT timeline_agg(opened_at, closed_at, '2025-01-01', '2026-01-01', '1 day') FROM bench_tickets_sample)) p
JOIN (SELECT g,
		count(*) FILTER (WHERE opened_at < g AND (closed_at IS NULL OR closed_at >= g)) AS at_start,
		count(*) FILTER (WHERE opened_at >= g AND opened_at < g + interval '1 day') AS opened,
		count(*) FILTER (WHERE closed_at >= g AND closed_at < g + interval '1 day') AS closed,
		count(*) FILTER (WHERE opened_at < g AND closed_at >= g AND closed_at < g + interval '1 day') AS lost,
		count(*) FILTER (WHERE opened_at < g + interval '1 day' AND (closed_at IS NULL OR closed_at >= g + interval '1 day')) AS at_end
	FROM generate_series(timestamptz '2025-01-01', '2025-12-31', '1 day') g, bench_tickets_sample
	GROUP BY g) j ON j.g = p.period_start \gset
CALL pg_temp.check('correct', 'timeline = per-period join on the sample: every column, every day',
	format('%s of %s days', :same_jdays, :jdays), 'all 365', :same_jdays = 365 AND :jdays = 365);
CALL pg_temp.use_settings('default');

-- ---------------------------------------------------------------------------
-- Report.
-- ---------------------------------------------------------------------------

\echo
SELECT * FROM pg_temp.report();
SELECT * FROM pg_temp.report_summary(format('%s tickets', :ticket_count)) \gset
\echo '  plans:      timeline:' :shape_timeline
\echo '              plain SQL:' :shape_plain
\echo '              per-period join:' :shape_join
\echo
\echo :summary
\if :correct
\else
	DO $$ BEGIN RAISE EXCEPTION 'csmetrics timeline benchmark: a correctness check failed'; END $$;
\endif
