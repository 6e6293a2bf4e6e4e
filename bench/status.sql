-- bench/status.sql: benchmark of time_in_status, reopens and the resolution
-- times (per ticket, from a status history) against the grouping floor
-- (max(changed_at) - min(changed_at) per ticket) and the plain-SQL lead()
-- formula, and of service_level against count(*) over the same calls; run by `bash bench/run.sh status` (TICKETS,
-- ROWS, RUNS), or directly:
--
--   psql -X -v tickets=1000000 -v rows=10000000 -v runs=5 -f bench/status.sql DBNAME
--
-- psql variables: tickets (tickets of bench_status, 5.5 status changes each
-- on average; default 1000000), rows (calls in bench_calls, default
-- 10000000) and runs (timed runs per query after one untimed warm-up; the
-- median is reported).  Creates (and leaves behind) the unlogged tables
-- bench_status and bench_calls, and the extension csmetrics.
--
-- Every timed query runs on one process (max_parallel_workers_per_gather =
-- 0) with work_mem = 1GB, so that no HashAggregate and no sort spills to
-- disk (checked).  count(*) reads no column at all; count(answered) and a
-- single count(*) FILTER of the service-level condition are timed beside
-- it, to show what reading the columns costs by itself.  The timing framework (bench/lib.sql) times each query in
-- the server, by clock_timestamp() around an EXECUTE in PL/pgSQL that
-- fetches the query's single result row, in interleaved rounds.

\set ON_ERROR_STOP on
\set QUIET on
\if :{?tickets}
\else
	\set tickets 1000000
\endif
\if :{?rows}
\else
	\set rows 10000000
\endif
\if :{?runs}
\else
	\set runs 5
\endif
\pset footer off
\pset null ''

SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS csmetrics;
SET TimeZone = 'UTC';

\ir lib.sql

SELECT to_regprocedure('time_in_status(timestamptz, text, text[])') IS NOT NULL AS have_status,
	to_regprocedure('service_level(interval, boolean, interval)') IS NOT NULL AS have_service_level,
	to_regprocedure('time_in_status(timestamptz, text, text[], calendar)') IS NOT NULL AS have_calendar,
	to_regprocedure('reopens(timestamptz, text, text[])') IS NOT NULL AS have_resolution
\gset
\if :have_status
\else
	\echo 'csmetrics has no time_in_status: nothing to benchmark'
	\quit
\endif

\set bench_settings 'serial work_mem=1GB'

\echo 'csmetrics time in status and contact-centre benchmark'
\echo :h_version
\echo :h_settings
\echo :h_jit
\echo '  queries:    one process (max_parallel_workers_per_gather = 0), work_mem = 1GB set for every timed query and check (no spill to disk)'

-- ---------------------------------------------------------------------------
-- Data.  Every random quantity is a hash of a row key and a stream number,
-- so the data are the same on every run.
-- ---------------------------------------------------------------------------

SET max_parallel_workers_per_gather = 0;
SET work_mem = '1GB';

-- bench_status: the status history of tickets created through 2025, in
-- changed_at order (as a log is written), tickets interleaved.  A ticket
-- has 1 to 10 changes (5.5 on average), a log-normal gap before each
-- (median 3 hours): new, then open, then open, pending, hold or open again
-- (each change picks one), and solved last when it has three or more.
-- 2 % of the changes share their time with the ticket's previous one.
\warn '== generating' :tickets 'tickets of status changes'
DROP TABLE IF EXISTS bench_status;
CREATE UNLOGGED TABLE bench_status (ticket bigint, changed_at timestamptz, status text);
INSERT INTO bench_status (ticket, changed_at, status)
SELECT ticket, to_timestamp(1735689600 + round(created + sum(gap) OVER w)), status
FROM (
	SELECT t.ticket, t.created, k,
		CASE WHEN k = 1 OR pg_temp.uniform(t.ticket * 16 + k, 2) < 0.02 THEN 0
			ELSE 10800 * exp(1.2 * pg_temp.normal(t.ticket * 16 + k, 3)) END AS gap,
		CASE WHEN k = 1 THEN 'new'
			WHEN k = t.changes AND k >= 3 THEN 'solved'
			WHEN k = 2 THEN 'open'
			ELSE (ARRAY['open', 'pending', 'pending', 'hold'])[1 + floor(4 * pg_temp.uniform(t.ticket * 16 + k, 4))::int]
		END AS status
	FROM (SELECT g AS ticket, (g - 1) * (365 * 86400.0 / :tickets) AS created,
			1 + floor(10 * pg_temp.uniform(g, 1))::int AS changes
		FROM generate_series(1, :tickets::bigint) AS g) t
	CROSS JOIN LATERAL generate_series(1, t.changes) AS k
	OFFSET 0
) s
WINDOW w AS (PARTITION BY ticket ORDER BY k)
ORDER BY 2;

-- bench_calls: rows offered calls through 2025: a log-normal wait (median
-- 15 s) to answer or abandon, 12 % abandoned (their wait is shorter).
\warn '== generating' :rows 'calls'
DROP TABLE IF EXISTS bench_calls;
CREATE UNLOGGED TABLE bench_calls (id bigint, offered_at timestamptz, wait interval, answered boolean);
\if :have_service_level
INSERT INTO bench_calls (id, offered_at, wait, answered)
SELECT g, to_timestamp(1735689600 + round((g - 1) * (365 * 86400.0 / :rows))),
	interval '1 second' * round(15 * exp(0.9 * pg_temp.normal(g, 2)) * CASE WHEN abandoned THEN 0.6 ELSE 1 END),
	NOT abandoned
FROM generate_series(1, :rows::bigint) AS g,
	LATERAL (SELECT pg_temp.uniform(g, 1) < 0.12 AS abandoned) a;
\endif

RESET work_mem;
RESET max_parallel_workers_per_gather;

\warn '== VACUUM ANALYZE and cache warm-up'
VACUUM ANALYZE bench_status;
VACUUM ANALYZE bench_calls;
SELECT pg_temp.prewarm('{bench_status,bench_calls}') AS prewarmed \gset

CALL pg_temp.use_settings(:'bench_settings');
SELECT count(*) AS ticket_count, sum(n) AS change_count, max(n) AS change_max
FROM (SELECT ticket, count(*) AS n FROM bench_status GROUP BY ticket) t \gset
SELECT count(*) AS call_count, count(*) FILTER (WHERE NOT answered) AS abandoned_count FROM bench_calls \gset
CALL pg_temp.use_settings('default');
SELECT format('  statuses:   %s tickets, %s status changes (at most %s a ticket), in changed_at order',
		:ticket_count, :change_count, :change_max) AS h_status,
	format('  calls:      %s (%s abandoned)', :call_count, :abandoned_count) AS h_calls,
	format('  tables:     bench_status %s, bench_calls %s (unlogged); %s',
		pg_size_pretty(pg_table_size('bench_status')), pg_size_pretty(pg_table_size('bench_calls')),
		:'prewarmed') AS h_table,
	format('  timing:     median of %s interleaved runs per query, after a warm-up run; clock_timestamp() around EXECUTE in PL/pgSQL', :runs) AS h_timing
\gset
\echo :h_status
\echo :h_calls
\echo :h_table
\echo :h_timing

-- ---------------------------------------------------------------------------
-- Queries.  count(x) consumes the per-ticket values, so no aggregate is
-- dropped as unused.
-- ---------------------------------------------------------------------------

SELECT 'SELECT count(x) FROM (SELECT ticket, time_in_status(changed_at, status, ''{pending,hold}'') AS x FROM bench_status GROUP BY ticket) s' AS q_tis,
	'SELECT count(x) FROM (SELECT ticket, max(changed_at) - min(changed_at) AS x FROM bench_status GROUP BY ticket) s' AS q_floor,
	-- each status until the next change (or now()), in the canonical order
	'SELECT count(x) FROM (SELECT ticket, coalesce(sum(stop - changed_at) FILTER (WHERE status IN (''pending'', ''hold'')), ''0'') AS x '
		'FROM (SELECT ticket, changed_at, status, coalesce(lead(changed_at) OVER (PARTITION BY ticket ORDER BY changed_at, status COLLATE "C"), now()) AS stop '
		'FROM bench_status) w GROUP BY ticket) s' AS q_lead,
	'SELECT count(x) FROM (SELECT ticket, time_in_status(changed_at, status, ''{pending,hold}'', ''mon-fri 09:00-17:00; tz America/New_York; closed 2025-07-04, 2025-12-25'') AS x FROM bench_status GROUP BY ticket) s' AS q_tis_cal,
	'SELECT count(x) FROM (SELECT ticket, reopens(changed_at, status, ''{solved,closed}'') AS x FROM bench_status GROUP BY ticket) s' AS q_reopens,
	'SELECT count(x) FROM (SELECT ticket, first_resolution_time(changed_at, status, ''{solved,closed}'') AS x FROM bench_status GROUP BY ticket) s' AS q_first,
	'SELECT count(x) FROM (SELECT ticket, full_resolution_time(changed_at, status, ''{solved,closed}'') AS x FROM bench_status GROUP BY ticket) s' AS q_full,
	'SELECT count(*) FROM bench_calls' AS q_count,
	'SELECT count(answered) FROM bench_calls' AS q_count_col,
	'SELECT count(*) FILTER (WHERE answered AND wait <= ''20 seconds'') FROM bench_calls' AS q_count_met,
	'SELECT service_level(wait, answered, ''20 seconds'') FROM bench_calls' AS q_sl,
	'SELECT service_level(wait, answered, ''20 seconds'', ''5 seconds'') FROM bench_calls' AS q_sl_short,
	'SELECT abandonment_rate(wait, answered, ''5 seconds'') FROM bench_calls' AS q_ab,
	'SELECT 100.0::float8 * count(*) FILTER (WHERE answered AND wait <= ''20 seconds'') / nullif(count(*) FILTER (WHERE wait IS NOT NULL AND answered IS NOT NULL), 0) FROM bench_calls' AS q_sl_plain
\gset

CALL pg_temp.use_settings(:'bench_settings');
SELECT pg_temp.plan_shape(:'q_tis') AS shape_tis, pg_temp.plan_shape(:'q_floor') AS shape_floor,
	pg_temp.plan_shape(:'q_lead') AS shape_lead, pg_temp.jit_use(:'q_tis') AS jit_tis,
	pg_temp.jit_use(:'q_sl') AS jit_sl, pg_temp.jit_use(:'q_count') AS jit_count \gset
CALL pg_temp.use_settings('default');
\echo '  jit use:    time_in_status:' :jit_tis
\echo '              service_level:' :jit_sl
\echo '              count(*):' :jit_count

CALL pg_temp.section(format('time in status: %s tickets, %s changes; one process, work_mem 1GB', :ticket_count, :change_count));
CALL pg_temp.bench('tis', 'time_in_status(changed_at, status, {pending,hold}) GROUP BY ticket', :'bench_settings', :'q_tis');
CALL pg_temp.bench('floor', 'floor: max(changed_at) - min(changed_at) GROUP BY ticket', :'bench_settings', :'q_floor');
CALL pg_temp.bench('lead', 'plain SQL: lead() OVER (PARTITION BY ticket), sum() FILTER GROUP BY ticket', :'bench_settings', :'q_lead');
CALL pg_temp.ratio('time_in_status / floor', 'tis', 'floor', '<= 1.3');
CALL pg_temp.ratio('lead() formula / floor (issue: about 3)', 'lead', 'floor', NULL);
CALL pg_temp.ratio('lead() formula / time_in_status', 'lead', 'tis', NULL);
\if :have_resolution
	CALL pg_temp.bench('reopens', 'reopens(changed_at, status, {solved,closed}) GROUP BY ticket', :'bench_settings', :'q_reopens');
	CALL pg_temp.bench('first', 'first_resolution_time(changed_at, status, {solved,closed}) GROUP BY ticket', :'bench_settings', :'q_first');
	CALL pg_temp.bench('full', 'full_resolution_time(changed_at, status, {solved,closed}) GROUP BY ticket', :'bench_settings', :'q_full');
	CALL pg_temp.ratio('reopens / floor', 'reopens', 'floor', '<= 1.3');
	CALL pg_temp.ratio('first_resolution_time / floor', 'first', 'floor', '<= 1.3');
	CALL pg_temp.ratio('full_resolution_time / floor', 'full', 'floor', '<= 1.3');
\endif
\if :have_calendar
	CALL pg_temp.bench('tis_cal', 'time_in_status in business time (mon-fri 09:00-17:00, New York)', :'bench_settings', :'q_tis_cal');
	CALL pg_temp.ratio('business-time time_in_status / floor', 'tis_cal', 'floor', NULL);
\endif

\if :have_service_level
	CALL pg_temp.section(format('service level: %s calls; one process, work_mem 1GB', :call_count));
	CALL pg_temp.bench('count', 'floor: count(*)', :'bench_settings', :'q_count');
	CALL pg_temp.bench('count_col', 'count(answered): the scan reading a column', :'bench_settings', :'q_count_col');
	CALL pg_temp.bench('count_met', 'count(*) FILTER (WHERE answered AND wait <= 20 seconds): one count, no division', :'bench_settings', :'q_count_met');
	CALL pg_temp.bench('sl', 'service_level(wait, answered, 20 seconds)', :'bench_settings', :'q_sl');
	CALL pg_temp.bench('sl_short', 'service_level(wait, answered, 20 seconds, 5 seconds)', :'bench_settings', :'q_sl_short');
	CALL pg_temp.bench('ab', 'abandonment_rate(wait, answered, 5 seconds)', :'bench_settings', :'q_ab');
	CALL pg_temp.bench('sl_plain', 'plain SQL: 100 * count(*) FILTER (...) / count(*) FILTER (...)', :'bench_settings', :'q_sl_plain');
	CALL pg_temp.ratio('service_level / count(*)', 'sl', 'count', '<= 1.25');
	CALL pg_temp.ratio('service_level with short abandons / count(*)', 'sl_short', 'count', NULL);
	CALL pg_temp.ratio('abandonment_rate with short abandons / count(*)', 'ab', 'count', NULL);
	CALL pg_temp.ratio('plain SQL / service_level', 'sl_plain', 'sl', NULL);
	CALL pg_temp.ratio('count(answered) / count(*): the cost of reading columns at all', 'count_col', 'count', NULL);
	CALL pg_temp.ratio('service_level / count(answered)', 'sl', 'count_col', NULL);
	CALL pg_temp.ratio('service_level / count(*) FILTER of the same condition', 'sl', 'count_met', NULL);
\else
	CALL pg_temp.check('check', 'service_level(interval, boolean, interval)', 'not installed', 'installed', false);
\endif

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
SELECT pg_temp.spills(:'q_tis') AS spill_tis, pg_temp.spills(:'q_floor') AS spill_floor,
	pg_temp.spills(:'q_lead') AS spill_lead \gset
CALL pg_temp.check('check', 'time_in_status: ' || :'shape_tis', :'spill_tis', 'no', :'spill_tis' = 'no');
CALL pg_temp.check('check', 'floor: ' || :'shape_floor', :'spill_floor', 'no', :'spill_floor' = 'no');
CALL pg_temp.check('info', 'lead() formula: ' || :'shape_lead', :'spill_lead', 'no', :'spill_lead' = 'no');

CALL pg_temp.section('correctness');
-- in one statement, so that now() is the same for both
SELECT count(*) AS tis_tickets, count(*) FILTER (WHERE o.x = r.x) AS tis_same
FROM (SELECT ticket, time_in_status(changed_at, status, '{pending,hold}') AS x FROM bench_status GROUP BY ticket) o
JOIN (SELECT ticket, coalesce(sum(stop - changed_at) FILTER (WHERE status IN ('pending', 'hold')), '0') AS x
	FROM (SELECT ticket, changed_at, status,
			coalesce(lead(changed_at) OVER (PARTITION BY ticket ORDER BY changed_at, status COLLATE "C"), now()) AS stop
		FROM bench_status) w
	GROUP BY ticket) r USING (ticket) \gset
CALL pg_temp.check('correct', 'time_in_status = lead() formula',
	format('%s of %s tickets', :tis_same, :tis_tickets), 'all',
	:tis_same = :tis_tickets AND :tis_tickets = :ticket_count);
\if :have_resolution
	-- reopens and resolution times against lag() over the last status of
	-- each instant (byte order)
	SELECT count(*) AS res_tickets,
		count(*) FILTER (WHERE o.reopens = r.reopens AND o.first IS NOT DISTINCT FROM r.first
			AND o.full IS NOT DISTINCT FROM r.full) AS res_same
	FROM (SELECT ticket, reopens(changed_at, status, '{solved,closed}') AS reopens,
			first_resolution_time(changed_at, status, '{solved,closed}') AS first,
			full_resolution_time(changed_at, status, '{solved,closed}') AS full
		FROM bench_status GROUP BY ticket) o
	JOIN (SELECT ticket, count(*) FILTER (WHERE was_solved AND NOT solved)::int AS reopens,
			min(changed_at) FILTER (WHERE solved AND NOT coalesce(was_solved, false)) - min(changed_at) AS first,
			max(changed_at) FILTER (WHERE solved AND NOT coalesce(was_solved, false)) - min(changed_at) AS full
		FROM (SELECT ticket, changed_at, status IN ('solved', 'closed') AS solved,
				lag(status IN ('solved', 'closed')) OVER (PARTITION BY ticket ORDER BY changed_at) AS was_solved
			FROM (SELECT DISTINCT ON (ticket, changed_at) ticket, changed_at, status FROM bench_status
				ORDER BY ticket, changed_at, status COLLATE "C" DESC) l) w
		GROUP BY ticket) r USING (ticket) \gset
	CALL pg_temp.check('correct', 'reopens, first and full resolution time = lag() formula',
		format('%s of %s tickets', :res_same, :res_tickets), 'all',
		:res_same = :res_tickets AND :res_tickets = :ticket_count);
\endif
\if :have_service_level
	SELECT a.v = b.v AS same_sl, a.v AS sl_value, b.v AS sl_plain_value
	FROM (SELECT service_level(wait, answered, '20 seconds') AS v FROM bench_calls) a,
		(SELECT 100.0::float8 * count(*) FILTER (WHERE answered AND wait <= '20 seconds') / count(*) AS v FROM bench_calls) b \gset
	CALL pg_temp.check('correct', 'service_level = count(*) FILTER formula',
		:'sl_value' || CASE WHEN :'same_sl'::boolean THEN ' = ' ELSE ' <> ' END || :'sl_plain_value', 'equal',
		:'same_sl'::boolean);
	SELECT a.v = b.v AS same_ab, a.v AS ab_value, b.v AS ab_plain_value
	FROM (SELECT abandonment_rate(wait, answered, '5 seconds') AS v FROM bench_calls) a,
		(SELECT 100.0::float8 * count(*) FILTER (WHERE NOT answered AND wait >= '5 seconds')
			/ count(*) FILTER (WHERE answered OR wait >= '5 seconds') AS v FROM bench_calls) b \gset
	CALL pg_temp.check('correct', 'abandonment_rate with short abandons = count(*) FILTER formula',
		:'ab_value' || CASE WHEN :'same_ab'::boolean THEN ' = ' ELSE ' <> ' END || :'ab_plain_value', 'equal',
		:'same_ab'::boolean);
\endif
CALL pg_temp.use_settings('default');

-- ---------------------------------------------------------------------------
-- Report.
-- ---------------------------------------------------------------------------

\echo
SELECT * FROM pg_temp.report();
SELECT * FROM pg_temp.report_summary(format('%s tickets, %s status changes, %s calls',
	:ticket_count, :change_count, :call_count)) \gset
\echo '  plans:      time_in_status:' :shape_tis
\echo '              floor:' :shape_floor
\echo '              lead() formula:' :shape_lead
\echo
\echo :summary
\if :correct
\else
	DO $$ BEGIN RAISE EXCEPTION 'csmetrics status benchmark: a correctness check failed'; END $$;
\endif
