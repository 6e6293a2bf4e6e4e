-- test/jdbc/setup.sql: the data test/t_jdbc.sh gives test/jdbc/BiProbe.java,
-- shaped the way a BI tool meets csmetrics: raw tables, and materialized
-- views of daily (and per-ticket) states that dashboards chart through the
-- accessor functions.  Small: the test is about types, not volume.  Every
-- quantity is a hash of the row number (test/lib.sql), never random().

\set ON_ERROR_STOP on
\set QUIET on
SET client_min_messages = warning;
\i test/lib.sql
CREATE EXTENSION csmetrics;

-- 1 200 tickets over 60 days from 2025-03-01 UTC, some still open
CREATE TABLE tickets AS
SELECT g AS id,
	   (ARRAY['email', 'chat', 'phone'])[1 + (g % 3)] AS channel,
	   created_at,
	   created_at + pg_temp.uniform(g, 2) * interval '30 hours' AS first_reply_at,
	   CASE WHEN pg_temp.uniform(g, 3) < 0.1 THEN NULL
			ELSE created_at + pg_temp.uniform(g, 4) * interval '5 days' END AS resolved_at,
	   1 + floor(pg_temp.uniform(g, 5) * 3)::int AS contacts,
	   floor(pg_temp.uniform(g, 6) * 3)::int AS agent_replies,
	   pg_temp.uniform(g, 7) < 0.6 AS human_touched,
	   floor(pg_temp.uniform(g, 8) * 11)::int AS nps_score,
	   1 + floor(pg_temp.uniform(g, 9) * 5)::int AS csat_score,
	   1 + floor(pg_temp.uniform(g, 10) * 7)::int AS ces_score,
	   1 + floor(pg_temp.uniform(g, 11) * 5)::int AS stars,
	   pg_temp.uniform(g, 12) < 0.8 AS thumbs_up,
	   pg_temp.uniform(g, 13) * 900 AS handle_seconds
FROM generate_series(1, 1200) g,
	 LATERAL (SELECT timestamptz '2025-03-01 00:00+00' + pg_temp.uniform(g, 1) * interval '60 days' AS created_at) c;

-- a customer message, then agent and customer messages alternating
CREATE TABLE messages AS
SELECT t.id AS ticket_id, t.created_at + (k - 1) * pg_temp.uniform(t.id * 8 + k, 20) * interval '6 hours' AS sent_at,
	   k % 2 = 0 AS from_agent
FROM tickets t, generate_series(1, 4) k
WHERE k <= 2 + t.id % 3;

-- status history: new, open, pending, solved
CREATE TABLE status_changes AS
SELECT t.id AS ticket_id, t.created_at + (k - 1) * interval '7 hours' AS changed_at,
	   (ARRAY['new', 'open', 'pending', 'solved'])[k] AS status
FROM tickets t, generate_series(1, 4) k;

CREATE TABLE calls AS
SELECT g AS id, pg_temp.uniform(g, 30) * interval '90 seconds' AS wait,
	   pg_temp.uniform(g, 31) < 0.85 AS answered
FROM generate_series(1, 2000) g;

-- The daily states: what a dashboard stores once and charts many times.
CREATE MATERIALIZED VIEW daily_states AS
SELECT date_trunc('day', created_at AT TIME ZONE 'UTC')::date AS day,
	   survey_agg(nps_score) AS nps_state,
	   duration_agg(resolved_at - created_at) AS resolution,
	   timeline_agg(created_at, resolved_at, '2025-03-01 00:00+00', '2025-05-01 00:00+00', '1 week') AS backlog
FROM tickets GROUP BY 1;
CREATE UNIQUE INDEX ON daily_states (day);

-- The conversation states of each ticket, through aggregates of one's own on
-- the documented transition functions (csmetrics's aggregates return the
-- timings, not the states).
CREATE AGGREGATE frt_states(timestamptz, boolean) (SFUNC = frt_state_add, STYPE = frt_state, COMBINEFUNC = frt_state_merge);
CREATE AGGREGATE reply_states(timestamptz, boolean) (SFUNC = reply_state_add, STYPE = reply_state, COMBINEFUNC = reply_state_merge);
CREATE MATERIALIZED VIEW ticket_states AS
SELECT ticket_id, frt_states(sent_at, from_agent) AS frt, reply_states(sent_at, from_agent) AS replies
FROM messages GROUP BY ticket_id;

-- empty copies the program writes states back into through parameters
CREATE TABLE stored_daily AS SELECT * FROM daily_states WITH NO DATA;
CREATE TABLE stored_tickets AS SELECT * FROM ticket_states WITH NO DATA;
CREATE TABLE stored_calendars (id int, cal calendar);
ANALYZE;
