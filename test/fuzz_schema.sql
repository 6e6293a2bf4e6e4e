-- test/fuzz_schema.sql: a small database for test/sqlsmith.sh: the plain
-- tables the aggregates read, and tables with a column of every csmetrics
-- type filled with valid values built by the aggregates.  Rows come from
-- generate_series and a hash of the row number (no random()), so the
-- database is the same on every run.
CREATE EXTENSION IF NOT EXISTS csmetrics;

-- the row-number hash: a different but fixed number per (row, salt)
CREATE FUNCTION fz_h(g bigint, salt int) RETURNS bigint
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT abs(hashint8(g * 1000003 + salt))::bigint $$;

CREATE TABLE responses AS
SELECT g AS id, date '2025-01-01' + (fz_h(g, 1) % 60)::int AS day,
       (fz_h(g, 2) % 11)::int AS nps_score, 1 + (fz_h(g, 3) % 5)::int AS csat_score,
       1 + (fz_h(g, 4) % 7)::int AS effort, fz_h(g, 5) % 3 = 0 AS good,
       (fz_h(g, 6) % 4)::int AS contacts
FROM generate_series(1, 3000) g;

CREATE TABLE messages AS
SELECT g AS id, (fz_h(g, 7) % 200)::int AS ticket_id,
       timestamptz '2025-01-01 00:00+00' + (fz_h(g, 8) % 5000000) * interval '1 second' AS sent_at,
       fz_h(g, 9) % 2 = 0 AS from_agent
FROM generate_series(1, 3000) g;

CREATE TABLE tickets AS
SELECT g AS id, (fz_h(g, 10) % 20)::int AS team,
       timestamptz '2025-01-01 00:00+00' + (fz_h(g, 11) % 5000000) * interval '1 second' AS created_at,
       CASE WHEN fz_h(g, 12) % 5 = 0 THEN NULL
            ELSE timestamptz '2025-03-01 00:00+00' + (fz_h(g, 13) % 3000000) * interval '1 second' END AS solved_at,
       (fz_h(g, 14) % 100000) * interval '1 second' AS handle_time,
       fz_h(g, 15) % 4 = 0 AS abandoned,
       interval '4 hours' AS target
FROM generate_series(1, 2000) g;

CREATE TABLE status_changes AS
SELECT g AS id, (fz_h(g, 16) % 100)::int AS ticket_id,
       timestamptz '2025-01-01 00:00+00' + (fz_h(g, 17) % 5000000) * interval '1 second' AS changed_at,
       (ARRAY['new', 'open', 'pending', 'solved'])[1 + fz_h(g, 18) % 4] AS status
FROM generate_series(1, 2000) g;

CREATE TABLE calendars (id int, cal calendar);
INSERT INTO calendars VALUES
	(1, 'mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-12-25'),
	(2, 'mon-sun 00:00-24:00; tz UTC'),
	(3, 'mon-fri 09:00-12:00, 13:00-17:00; sat 10:00-14:00; tz America/New_York; closed 2025-01-01, 2025-07-04');

CREATE TABLE survey_states AS
SELECT day, survey_agg(nps_score) AS st, survey_agg(csat_score) AS csat_st
FROM responses GROUP BY day;

CREATE TABLE duration_states AS
SELECT team, duration_agg(handle_time) AS sketch FROM tickets GROUP BY team;

CREATE TABLE timeline_states AS
SELECT team, timeline_agg(created_at, solved_at, '2025-01-01', '2025-06-01', '1 week') AS tl
FROM tickets GROUP BY team;

-- frt_state and reply_state have no SQL constructor but their text form,
-- the message log: "n=<count> c@<instant> a@<instant> ...".
CREATE TABLE conversation_states AS
SELECT ticket_id, log::frt_state AS frt, log::reply_state AS replies
FROM (SELECT ticket_id,
             'n=' || count(*) || ' ' || string_agg(CASE WHEN from_agent THEN 'a@' ELSE 'c@' END
                 || to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), ' ' ORDER BY sent_at, id) AS log
      FROM messages WHERE ticket_id < 50 GROUP BY ticket_id) m;

ANALYZE;
