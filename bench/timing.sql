-- bench/timing.sql: benchmark of the timing metrics (first_response_time,
-- avg_response_time, duration_percentile, the duration sketch) against plain
-- SQL and the tdigest extension; run by `bash bench/run.sh timing`, or directly:
--
--   psql -X -v tickets=100000 -v rows=1000000 -v runs=5 -f bench/timing.sql DBNAME
--
-- psql variables: tickets (conversations of bench_msgs, about 5 messages
-- each; default 1000000), rows (durations in bench_durations, default
-- 10000000) and runs (timed runs per query after one untimed warm-up; the
-- median is reported).  Creates (and leaves behind) the unlogged tables
-- bench_msgs and bench_durations, and the extensions csmetrics and tdigest
-- (when the server has it).
--
-- Every timed query runs on one process (max_parallel_workers_per_gather =
-- 0) with work_mem = 1GB, so that no HashAggregate and no sort spills to
-- disk (checked).  The timing framework (bench/lib.sql) times each query in
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

-- The timing and report framework (pg_temp helpers, bench_result) and the
-- header variables jit, h_version, h_settings, h_jit.
\ir lib.sql

-- The functions of parts 2 and 3 may be missing from an older csmetrics,
-- and tdigest from the server: their parts are then reported as missed
-- checks, not run.
SELECT to_regprocedure('duration_percentile(interval, double precision)') IS NOT NULL
		AND to_regprocedure('duration_percentile(interval, double precision[])') IS NOT NULL AS have_pct,
	to_regprocedure('duration_agg(interval)') IS NOT NULL AS have_sketch,
	EXISTS (SELECT FROM pg_available_extensions WHERE name = 'tdigest') AS have_tdigest
\gset
\if :have_tdigest
	CREATE EXTENSION IF NOT EXISTS tdigest;
	SELECT format('  tdigest:    %s (the comparison of the duration sketch, compression 100)', extversion) AS h_tdigest
	FROM pg_extension WHERE extname = 'tdigest' \gset
\else
	\set h_tdigest '  tdigest:    not available (Debian package postgresql-15-tdigest)'
\endif

-- Every timed query and check runs with these settings.
\set bench_settings 'serial work_mem=1GB'

\echo 'csmetrics timing benchmark'
\echo :h_version
\echo :h_settings
\echo :h_jit
\echo :h_tdigest
\echo '  queries:    one process (max_parallel_workers_per_gather = 0), work_mem = 1GB set for every timed query and check (no spill to disk)'

-- ---------------------------------------------------------------------------
-- Data.  Every random quantity is a hash of a row key and a stream number
-- (as demo/data.sql's demo_uniform), so the data are the same on every run.
-- ---------------------------------------------------------------------------

SET max_parallel_workers_per_gather = 0;
SET work_mem = '1GB';

-- bench_msgs: the message log of tickets conversations created through 2025,
-- in sent_at order (as a log is written), tickets interleaved.  A ticket is
-- 1 + a geometric number of rounds (mean 2, at most 16), one every few
-- minutes to days (a log-normal gap per ticket around a channel median of
-- 15 min on chat, 6 h on social, a day on email): the customer
-- writes, in a burst of two (30 %) or three (12 %) messages within two
-- minutes, an agent replies after a log-normal wait (median 2 min on chat,
-- 45 min on social, 3 h on email), and a second agent message follows in
-- 20 % of rounds.  3 % of tickets are agent-started (an outbound message an
-- hour before the first round); in 4 % the last round is unanswered.  Times
-- are computed in float seconds from 2025-01-01 and turned into timestamps
-- once (interval arithmetic per message would be slower).
\warn '== generating' :tickets 'tickets of messages'
DROP TABLE IF EXISTS bench_msgs;
CREATE UNLOGGED TABLE bench_msgs (ticket bigint, sent_at timestamptz, from_agent boolean);
INSERT INTO bench_msgs (ticket, sent_at, from_agent)
SELECT ticket, to_timestamp(1735689600 + round(s * 1e6) / 1e6), from_agent
FROM (
	SELECT r.ticket, m.s, m.from_agent
	FROM (
		SELECT t.ticket, t.created, t.unanswered, t.rounds, round_no,
			t.ticket * 16 + round_no AS rkey,
			t.created + (round_no - 1) * t.round_gap AS asked,
			t.wait_median * exp(1.1 * pg_temp.normal(t.ticket * 16 + round_no, 2)) AS wait
		FROM (
			SELECT g AS ticket,
				(g - 1) * (365 * 86400.0 / :tickets) + 3600 * pg_temp.uniform(g, 1) AS created,
				-- channel: email 45 %, chat 40 %, social 15 %
				CASE WHEN ch < 0.45 THEN 3 * 3600 WHEN ch < 0.85 THEN 120 ELSE 45 * 60 END AS wait_median,
				CASE WHEN ch < 0.45 THEN 86400 WHEN ch < 0.85 THEN 900 ELSE 6 * 3600 END
					* exp(0.6 * pg_temp.normal(g, 3)) AS round_gap,
				1 + least(15, floor(1.4 * -ln(1.0 - pg_temp.uniform(g, 4))))::int AS rounds,
				pg_temp.uniform(g, 5) < 0.04 AS unanswered
			FROM generate_series(1, :tickets::bigint) AS g,
				LATERAL (SELECT pg_temp.uniform(g, 6) AS ch) AS pick
			OFFSET 0
		) AS t
		CROSS JOIN LATERAL generate_series(1, t.rounds) AS round_no
		OFFSET 0
	) AS r
	CROSS JOIN LATERAL (VALUES
		(r.asked, false, true),
		(r.asked + 40 * pg_temp.uniform(r.rkey, 7), false, pg_temp.uniform(r.rkey, 8) < 0.30),
		(r.asked + 40 + 80 * pg_temp.uniform(r.rkey, 9), false, pg_temp.uniform(r.rkey, 8) < 0.12),
		(r.asked + r.wait, true, NOT (r.unanswered AND r.round_no = r.rounds)),
		(r.asked + r.wait + 120 * pg_temp.uniform(r.rkey, 10), true,
			NOT (r.unanswered AND r.round_no = r.rounds) AND pg_temp.uniform(r.rkey, 11) < 0.20),
		(r.created - 3600, true, r.round_no = 1 AND pg_temp.uniform(r.ticket, 12) < 0.03)
	) AS m (s, from_agent, present)
	WHERE m.present
) AS messages
ORDER BY 2;

-- bench_durations: rows response-time-like durations, in microseconds, as
-- pure time intervals (the form n * interval '1 second' gives): a log-normal
-- mixture (chat: median 90 s; social: 40 min; email: 3 h) and 0.2 % zeros.
\warn '== generating' :rows 'durations'
DROP TABLE IF EXISTS bench_durations;
CREATE UNLOGGED TABLE bench_durations (d interval);
INSERT INTO bench_durations (d)
SELECT CASE WHEN ch < 0.002 THEN interval '0'
	ELSE interval '1 second'
		* (CASE WHEN ch < 0.40 THEN 90.0 WHEN ch < 0.55 THEN 2400.0 ELSE 10800.0 END
			* exp(CASE WHEN ch < 0.40 THEN 1.0 WHEN ch < 0.55 THEN 1.1 ELSE 1.2 END
				* pg_temp.normal(g, 2)))
	END
FROM generate_series(1, :rows::bigint) AS g,
	LATERAL (SELECT pg_temp.uniform(g, 1) AS ch) AS pick;

RESET work_mem;
RESET max_parallel_workers_per_gather;

\warn '== VACUUM ANALYZE and cache warm-up'
VACUUM ANALYZE bench_msgs;
VACUUM ANALYZE bench_durations;
SELECT pg_temp.prewarm('{bench_msgs,bench_durations}') AS prewarmed \gset

CALL pg_temp.use_settings(:'bench_settings');
SELECT count(*) AS ticket_count, sum(n) AS msg_count, round(avg(n), 2) AS msg_avg, max(n) AS msg_max,
	round(100.0 * sum(agent) / sum(n), 1) AS agent_pct
FROM (SELECT ticket, count(*) AS n, count(*) FILTER (WHERE from_agent) AS agent
	FROM bench_msgs GROUP BY ticket) t \gset
SELECT count(*) AS row_count FROM bench_durations \gset
CALL pg_temp.use_settings('default');
SELECT format('  messages:   %s tickets, %s messages (%s a ticket on average, at most %s; %s %% from agents), in sent_at order',
		:ticket_count, :msg_count, :msg_avg, :msg_max, :agent_pct) AS h_msgs,
	format('  durations:  %s rows', :row_count) AS h_durs,
	format('  tables:     bench_msgs %s, bench_durations %s (unlogged); %s',
		pg_size_pretty(pg_table_size('bench_msgs')), pg_size_pretty(pg_table_size('bench_durations')),
		:'prewarmed') AS h_table,
	format('  timing:     median of %s interleaved runs per query, after a warm-up run; clock_timestamp() around EXECUTE in PL/pgSQL', :runs) AS h_timing
\gset
\echo :h_msgs
\echo :h_durs
\echo :h_table
\echo :h_timing

-- ---------------------------------------------------------------------------
-- 1. Message log: first_response_time per ticket against the grouping floor
--    (max - min per ticket: the same HashAggregate over the same columns
--    with built-in aggregates) and against plain-SQL formulas for the same
--    value.  count(x) consumes the per-ticket values, so no aggregate is
--    dropped as unused.
-- ---------------------------------------------------------------------------

SELECT 'SELECT count(x) FROM (SELECT ticket, first_response_time(sent_at, from_agent) AS x FROM bench_msgs GROUP BY ticket) s' AS q_frt,
	'SELECT count(x) FROM (SELECT ticket, max(sent_at) - min(sent_at) AS x FROM bench_msgs GROUP BY ticket) s' AS q_floor,
	'SELECT count(x) FROM (SELECT ticket, avg_response_time(sent_at, from_agent) AS x FROM bench_msgs GROUP BY ticket) s' AS q_avg,
	-- per ticket: the first customer message (first level), then the first
	-- agent message after it (a hash join back to the messages)
	'SELECT count(x) FROM (SELECT m.ticket, min(m.sent_at) - f.fc AS x FROM bench_msgs m '
		'JOIN (SELECT ticket, min(sent_at) AS fc FROM bench_msgs WHERE NOT from_agent GROUP BY ticket) f '
		'ON m.ticket = f.ticket AND m.from_agent AND m.sent_at > f.fc GROUP BY m.ticket, f.fc) s' AS q_join,
	-- the first customer message as a window aggregate over the ticket
	'SELECT count(x) FROM (SELECT ticket, min(sent_at) FILTER (WHERE from_agent AND sent_at > fc) - min(fc) AS x '
		'FROM (SELECT ticket, sent_at, from_agent, min(sent_at) FILTER (WHERE NOT from_agent) OVER (PARTITION BY ticket) AS fc '
		'FROM bench_msgs) w GROUP BY ticket) s' AS q_window
\gset

CALL pg_temp.use_settings(:'bench_settings');
SELECT pg_temp.jit_use(:'q_frt') AS jit_frt, pg_temp.jit_use(:'q_floor') AS jit_floor,
	pg_temp.plan_shape(:'q_frt') AS shape_frt,
	pg_temp.plan_shape(:'q_floor') AS shape_floor, pg_temp.plan_shape(:'q_join') AS shape_join,
	pg_temp.plan_shape(:'q_window') AS shape_window \gset
CALL pg_temp.use_settings('default');
\echo '  jit use:    first_response_time:' :jit_frt
\echo '              floor:' :jit_floor

CALL pg_temp.section(format('message log: %s tickets, %s messages; one process, work_mem 1GB', :ticket_count, :msg_count));
CALL pg_temp.bench('frt', 'first_response_time GROUP BY ticket', :'bench_settings', :'q_frt');
CALL pg_temp.bench('floor', 'floor: max(sent_at) - min(sent_at) GROUP BY ticket', :'bench_settings', :'q_floor');
CALL pg_temp.bench('avg', 'avg_response_time GROUP BY ticket', :'bench_settings', :'q_avg');
CALL pg_temp.bench('join', 'plain FRT, join: first customer message GROUP BY ticket, join, GROUP BY', :'bench_settings', :'q_join');
CALL pg_temp.bench('window', 'plain FRT, window: min() FILTER OVER (PARTITION BY ticket), GROUP BY', :'bench_settings', :'q_window');
CALL pg_temp.fastest('plain', 'fastest plain FRT', '{join,window}');
CALL pg_temp.ratio('FRT / floor', 'frt', 'floor', '<= 1.3');
CALL pg_temp.ratio('fastest plain / FRT (expected about 2)', 'plain', 'frt', NULL);
CALL pg_temp.ratio('avg_response_time / floor', 'avg', 'floor', NULL);

-- ---------------------------------------------------------------------------
-- 2. Exact percentiles: duration_percentile (selection over the collected
--    values) against percentile_cont (a sort).
-- ---------------------------------------------------------------------------

SELECT 'SELECT duration_percentile(d, 0.9) FROM bench_durations' AS q_dp1,
	'SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY d) FROM bench_durations' AS q_pc1,
	'SELECT duration_percentile(d, ARRAY[0.5, 0.9, 0.99]) FROM bench_durations' AS q_dp3,
	'SELECT percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY d) FROM bench_durations' AS q_pc3,
	'SELECT count(d) FROM bench_durations' AS q_count,
	'SELECT percentile(duration_agg(d), 0.9) FROM bench_durations' AS q_sketch,
	'SELECT tdigest_percentile(extract(epoch FROM d)::float8, 100, 0.9) FROM bench_durations' AS q_tdigest
\gset

CALL pg_temp.section(format('exact percentiles: %s durations; one process, work_mem 1GB', :row_count));
CALL pg_temp.bench('count', 'floor: count(d)', :'bench_settings', :'q_count');
\if :have_pct
	CALL pg_temp.bench('dp1', 'duration_percentile(d, 0.9)', :'bench_settings', :'q_dp1');
	CALL pg_temp.bench('pc1', 'percentile_cont(0.9) WITHIN GROUP (ORDER BY d)', :'bench_settings', :'q_pc1');
	CALL pg_temp.bench('dp3', 'duration_percentile(d, ARRAY[0.5, 0.9, 0.99])', :'bench_settings', :'q_dp3');
	CALL pg_temp.bench('pc3', 'percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY d)', :'bench_settings', :'q_pc3');
	CALL pg_temp.ratio('percentile_cont / duration_percentile, one fraction', 'pc1', 'dp1', '>= 3');
	CALL pg_temp.ratio('percentile_cont / duration_percentile, three fractions', 'pc3', 'dp3', NULL);
	CALL pg_temp.ratio('duration_percentile: three fractions / one', 'dp3', 'dp1', NULL);
	CALL pg_temp.ratio('percentile_cont: three fractions / one', 'pc3', 'pc1', NULL);
	CALL pg_temp.ratio('duration_percentile(d, 0.9) / count(d)', 'dp1', 'count', NULL);
\else
	CALL pg_temp.check('check', 'duration_percentile(interval, float8 / float8[])', 'not installed', 'installed', false);
\endif

-- ---------------------------------------------------------------------------
-- 3. The duration sketch against tdigest (compression 100), the same
--    percentile of the same durations (tdigest in seconds).
-- ---------------------------------------------------------------------------

CALL pg_temp.section(format('duration sketch: %s durations; one process, work_mem 1GB', :row_count));
\if :have_sketch
	CALL pg_temp.bench('sketch', 'percentile(duration_agg(d), 0.9)', :'bench_settings', :'q_sketch');
	CALL pg_temp.ratio('duration sketch / count(d)', 'sketch', 'count', NULL);
	\if :have_pct
		CALL pg_temp.ratio('duration_percentile / duration sketch', 'dp1', 'sketch', NULL);
	\endif
\else
	CALL pg_temp.check('check', 'duration_agg(interval), percentile(sketch, p)', 'not installed', 'installed', false);
\endif
\if :have_tdigest
	CALL pg_temp.bench('tdigest', 'tdigest_percentile(extract(epoch FROM d)::float8, 100, 0.9)', :'bench_settings', :'q_tdigest');
	CALL pg_temp.ratio('tdigest / count(d)', 'tdigest', 'count', NULL);
	\if :have_sketch
		CALL pg_temp.ratio('tdigest / duration sketch', 'tdigest', 'sketch', '>= 4');
	\endif
\else
	CALL pg_temp.check('check', 'tdigest extension (Debian: postgresql-15-tdigest)', 'not available', 'installed', false);
\endif

\warn '== timing:' :runs 'interleaved rounds after a warm-up'
SET client_min_messages = notice;
CALL pg_temp.run(:runs);
SET client_min_messages = warning;

-- ---------------------------------------------------------------------------
-- 4. Plans (no spill to disk) and correctness.
-- ---------------------------------------------------------------------------

\warn '== plan and correctness checks'
CALL pg_temp.use_settings(:'bench_settings');

CALL pg_temp.section('plans: no spill to disk at work_mem 1GB (one EXPLAIN ANALYZE each)');
SELECT pg_temp.spills(:'q_frt') AS spill_frt, pg_temp.spills(:'q_floor') AS spill_floor,
	pg_temp.spills(:'q_avg') AS spill_avg, pg_temp.spills(:'q_join') AS spill_join,
	pg_temp.spills(:'q_window') AS spill_window \gset
CALL pg_temp.check('check', 'first_response_time: ' || :'shape_frt', :'spill_frt', 'no', :'spill_frt' = 'no');
CALL pg_temp.check('check', 'floor: ' || :'shape_floor', :'spill_floor', 'no', :'spill_floor' = 'no');
CALL pg_temp.check('info', 'avg_response_time', :'spill_avg', 'no', :'spill_avg' = 'no');
CALL pg_temp.check('info', 'plain FRT, join', :'spill_join', 'no', :'spill_join' = 'no');
CALL pg_temp.check('info', 'plain FRT, window', :'spill_window', 'no', :'spill_window' = 'no');
\if :have_pct
	SELECT pg_temp.spills(:'q_pc1') AS spill_pc \gset
	CALL pg_temp.check('check', 'percentile_cont: in-memory sort', :'spill_pc', 'no', :'spill_pc' = 'no');
\endif

CALL pg_temp.section('correctness');
SELECT count(*) AS frt_tickets, count(f.x) AS frt_answered,
	count(*) FILTER (WHERE f.x IS NOT DISTINCT FROM j.x) AS frt_same_join,
	count(*) FILTER (WHERE f.x IS NOT DISTINCT FROM w.x) AS frt_same_window
FROM (SELECT ticket, first_response_time(sent_at, from_agent) AS x FROM bench_msgs GROUP BY ticket) f
LEFT JOIN (SELECT m.ticket, min(m.sent_at) - f.fc AS x FROM bench_msgs m
	JOIN (SELECT ticket, min(sent_at) AS fc FROM bench_msgs WHERE NOT from_agent GROUP BY ticket) f
		ON m.ticket = f.ticket AND m.from_agent AND m.sent_at > f.fc
	GROUP BY m.ticket, f.fc) j USING (ticket)
LEFT JOIN (SELECT ticket, min(sent_at) FILTER (WHERE from_agent AND sent_at > fc) - min(fc) AS x
	FROM (SELECT ticket, sent_at, from_agent,
			min(sent_at) FILTER (WHERE NOT from_agent) OVER (PARTITION BY ticket) AS fc
		FROM bench_msgs) w0
	GROUP BY ticket) w USING (ticket) \gset
CALL pg_temp.check('correct', 'first_response_time = plain join formula',
	format('%s of %s tickets (%s answered)', :frt_same_join, :frt_tickets, :frt_answered), 'all',
	:frt_same_join = :frt_tickets AND :frt_tickets = :ticket_count);
CALL pg_temp.check('correct', 'first_response_time = plain window formula',
	format('%s of %s tickets', :frt_same_window, :frt_tickets), 'all',
	:frt_same_window = :frt_tickets AND :frt_tickets = :ticket_count);

-- Exact: the same interval, and the same text (the same representation).
SELECT '{0, 0.001, 0.25, 0.5, 0.9, 0.99, 0.999, 1}' AS fractions \gset
\if :have_pct
	SELECT a.v = b.v AND a.v::text = b.v::text AS same_pct1, a.v AS dp1_value, b.v AS pc1_value
	FROM (SELECT duration_percentile(d, 0.9) AS v FROM bench_durations) a,
		(SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY d) AS v FROM bench_durations) b \gset
	CALL pg_temp.check('correct', 'duration_percentile(d, 0.9) = percentile_cont(0.9)',
		:'dp1_value' || CASE WHEN :'same_pct1'::boolean THEN ' = ' ELSE ' <> ' END || :'pc1_value', 'equal',
		:'same_pct1'::boolean);
	SELECT a.v = b.v AND a.v::text = b.v::text AS same_pctn, a.v AS dpn_value, b.v AS pcn_value
	FROM (SELECT duration_percentile(d, :'fractions'::float8[]) AS v FROM bench_durations) a,
		(SELECT percentile_cont(:'fractions'::float8[]) WITHIN GROUP (ORDER BY d) AS v FROM bench_durations) b \gset
	CALL pg_temp.check('correct', 'duration_percentile(d, fractions) = percentile_cont(fractions)',
		CASE WHEN :'same_pctn'::boolean THEN 'equal at ' || :'fractions'
			ELSE :'dpn_value' || ' <> ' || :'pcn_value' END,
		'equal', :'same_pctn'::boolean);
\endif

-- Accuracy of the estimates: relative error at the median, p90 and p99.
-- The sketch estimates percentile_disc, with a guaranteed error under 1 %
-- (checked at every fraction of the list, zero durations exact); tdigest
-- interpolates, so its reference is percentile_cont.  (At this many rows
-- the two references are practically equal.)
SELECT percentile_disc(:'fractions'::float8[]) WITHIN GROUP (ORDER BY d) AS exact_disc,
	percentile_cont('{0.5, 0.9, 0.99}'::float8[]) WITHIN GROUP (ORDER BY d) AS exact_cont
FROM bench_durations \gset
\if :have_sketch
	SELECT string_agg(format('p%s %s %%', round(p * 100), round(100 * err::numeric, 3)), ', ' ORDER BY i)
			FILTER (WHERE p IN (0.5, 0.9, 0.99)) AS sketch_err,
		round(100 * max(err)::numeric, 3) AS sketch_max_err, count(*) AS sketch_fractions
	FROM (SELECT i, p, CASE WHEN e = 0 THEN CASE WHEN x = 0 THEN 0 ELSE 'infinity'::float8 END
				ELSE abs(x - e) / e END AS err
		FROM (SELECT percentile(duration_agg(d), :'fractions'::float8[]) AS est FROM bench_durations) a,
			unnest(:'fractions'::float8[], :'exact_disc'::interval[], est) WITH ORDINALITY AS u(p, exact, estimate, i),
			LATERAL (SELECT extract(epoch FROM exact)::float8 AS e, extract(epoch FROM estimate)::float8 AS x) v) r \gset
	CALL pg_temp.check('info', 'duration sketch relative error (to percentile_disc)', :'sketch_err', NULL, NULL);
	CALL pg_temp.check('correct', 'duration sketch within 1 % of percentile_disc',
		format('max %s %% over %s fractions', :'sketch_max_err', :sketch_fractions), '< 1 %',
		:sketch_max_err < 1);
\endif
\if :have_tdigest
	SELECT string_agg(format('p%s %s %%', round(p * 100), round(100 * (abs(t - e) / e)::numeric, 3)), ', ' ORDER BY i) AS tdigest_err
	FROM (SELECT tdigest_percentile(extract(epoch FROM d)::float8, 100, '{0.5, 0.9, 0.99}'::float8[]) AS ts
		FROM bench_durations) a,
		unnest('{0.5, 0.9, 0.99}'::float8[], :'exact_cont'::interval[], ts) WITH ORDINALITY AS u(p, exact, t, i),
		LATERAL (SELECT extract(epoch FROM exact)::float8 AS e) v \gset
	CALL pg_temp.check('info', 'tdigest (compression 100) relative error (to percentile_cont)', :'tdigest_err', NULL, NULL);
\endif
CALL pg_temp.use_settings('default');

-- ---------------------------------------------------------------------------
-- Report.
-- ---------------------------------------------------------------------------

\echo
SELECT * FROM pg_temp.report();
SELECT * FROM pg_temp.report_summary(format('%s tickets, %s messages, %s durations',
	:ticket_count, :msg_count, :row_count)) \gset
\echo '  plans:      first_response_time:' :shape_frt
\echo '              floor:' :shape_floor
\echo '              plain FRT, join:' :shape_join
\echo '              plain FRT, window:' :shape_window
\echo
\echo :summary
\if :correct
\else
	DO $$ BEGIN RAISE EXCEPTION 'csmetrics timing benchmark: a correctness check failed'; END $$;
\endif
