-- test/citus/data.sql: the data of the Citus test (test/citus/run.sh) and
-- benchmark (bench/citus.sh), run on the coordinator.
--
-- psql variables: tickets (number of tickets), shards (shards per
-- distributed table), and what: 'test' (every table) or 'bench' (tickets
-- only).
--
-- Every random quantity is a hash of a row key and a stream number (as
-- bench/lib.sql does), never random(), so the data are the same on every run
-- and machine.  The tables are generated once, as plain tables in schema
-- plain; schema dist holds identical copies distributed by Citus:
--
--   tickets        (id, ...)                    distributed by id
--   messages       (ticket_id, sent_at, ...)    by ticket_id, colocated with tickets
--   status_changes (ticket_id, changed_at, ...) by ticket_id, colocated with tickets
--   surveys        (ticket_id, ...)             by ticket_id, colocated with tickets
--   calls          (id, ...)                    distributed by id
--   states         (agent_id, month, channel, survey, duration_sketch, timeline)
--                  monthly stored states per agent and channel, by agent_id
--
-- The checks query both schemas with the same text, switching search_path.

\set ON_ERROR_STOP on
\set QUIET on
-- (error: Citus warns that functions in pg_temp are not distributed)
SET client_min_messages = error;

CREATE FUNCTION pg_temp.u(key bigint, stream integer) RETURNS double precision
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT ((hashint8extended(key, stream) >> 11) & 9007199254740991)::double precision
		/ 9007199254740992.0 $$;
CREATE FUNCTION pg_temp.normal(key bigint, stream integer) RETURNS double precision
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT sqrt(-2.0 * ln(1.0 - pg_temp.u(key, 1000 + stream)))
		* cos(2.0 * pi() * pg_temp.u(key, 2000 + stream)) $$;

SET client_min_messages = warning;

CREATE SCHEMA plain;
CREATE SCHEMA dist;

-- Tickets: created uniformly over 2025 (whole seconds), in id order; 8 %
-- open; a log-normal resolution time around a median of 20 hours, 1 %
-- resolved at once (zero durations); 10 % handled by the bot alone (agent_id
-- NULL).  handle_seconds has NULLs; contacts has NULLs.
CREATE TABLE plain.tickets (
	id bigint PRIMARY KEY, customer_id int, agent_id int, channel text,
	created_at timestamptz, resolved_at timestamptz, first_reply_at timestamptz,
	contacts int, agent_replies int, handle_seconds double precision
);
INSERT INTO plain.tickets
SELECT g, 1 + floor(pg_temp.u(g, 1) * (:tickets / 5))::int,
	CASE WHEN pg_temp.u(g, 2) < 0.1 THEN NULL ELSE 1 + floor(pg_temp.u(g, 3) * 50)::int END,
	(ARRAY['email', 'chat', 'phone', 'web', 'amazon', 'facebook'])[1 + floor(pg_temp.u(g, 4) * 6)::int],
	created,
	CASE WHEN pg_temp.u(g, 5) < 0.08 THEN NULL
		WHEN pg_temp.u(g, 6) < 0.01 THEN created
		ELSE created + interval '1 second' * round(72000 * exp(1.3 * pg_temp.normal(g, 7))) END,
	CASE WHEN pg_temp.u(g, 8) < 0.05 THEN NULL
		ELSE created + interval '1 second' * round(1800 * exp(1.5 * pg_temp.normal(g, 9))) END,
	CASE WHEN pg_temp.u(g, 10) < 0.03 THEN NULL ELSE 1 + floor(-ln(1.0 - pg_temp.u(g, 11)) * 0.7)::int END,
	floor(pg_temp.u(g, 12) * 4)::int,
	CASE WHEN pg_temp.u(g, 13) < 0.02 THEN NULL ELSE round((300 * exp(0.8 * pg_temp.normal(g, 14)))::numeric, 3)::float8 END
FROM (SELECT g, timestamptz '2025-01-01 00:00:00+00'
		+ interval '1 second' * floor((g - 1 + pg_temp.u(g, 0)) * (365 * 86400.0 / :tickets)) AS created
	  FROM generate_series(1, :tickets::bigint) AS g) s;

\if :{?what}
\else
	\set what test
\endif
SELECT :'what' = 'test' AS full_data \gset

\if :full_data
-- Messages: 0 to 5 per ticket; the first from the customer (90 %), then
-- customer or agent at random, minutes to hours apart, whole seconds, with
-- equal times now and then.
CREATE TABLE plain.messages (ticket_id bigint, sent_at timestamptz, from_agent boolean);
INSERT INTO plain.messages
SELECT t.id, t.created_at + interval '1 second' * floor(600 * (j - 1) * (0.2 + 3 * pg_temp.u(t.id * 8 + j, 21))),
	CASE WHEN j = 1 THEN pg_temp.u(t.id, 22) < 0.1 ELSE pg_temp.u(t.id * 8 + j, 23) < 0.55 END
FROM plain.tickets t, generate_series(1, floor(pg_temp.u(t.id, 20) * 6)::int) AS j;

-- Status history: new at creation, then open, sometimes pending and hold,
-- solved at resolution; statuses in the C collation's byte order decide
-- changes at equal times.
CREATE TABLE plain.status_changes (ticket_id bigint, changed_at timestamptz, status text);
INSERT INTO plain.status_changes
SELECT id, created_at, 'new' FROM plain.tickets
UNION ALL
SELECT id, created_at + interval '1 second' * floor(3600 * pg_temp.u(id, 30)), 'open' FROM plain.tickets
UNION ALL
SELECT id, created_at + interval '1 second' * floor(7200 + 86400 * pg_temp.u(id, 31)), 'pending'
FROM plain.tickets WHERE pg_temp.u(id, 32) < 0.4
UNION ALL
SELECT id, created_at + interval '1 second' * floor(7200 + 86400 * pg_temp.u(id, 33)), 'hold'
FROM plain.tickets WHERE pg_temp.u(id, 34) < 0.15
UNION ALL
SELECT id, resolved_at, 'solved' FROM plain.tickets WHERE resolved_at IS NOT NULL;

-- Survey answers for 40 % of the tickets, with NULLs in every score.
CREATE TABLE plain.surveys (
	ticket_id bigint, channel text, answered_at timestamptz, nps_score int, csat_score int,
	ces_score int, thumbs_up boolean, stars int
);
INSERT INTO plain.surveys
SELECT id, channel, coalesce(resolved_at, created_at) + interval '1 hour',
	CASE WHEN pg_temp.u(id, 41) < 0.05 THEN NULL ELSE floor(pg_temp.u(id, 42) ^ 0.6 * 11)::int END,
	CASE WHEN pg_temp.u(id, 43) < 0.05 THEN NULL ELSE 1 + floor(pg_temp.u(id, 44) ^ 0.7 * 5)::int END,
	CASE WHEN pg_temp.u(id, 45) < 0.05 THEN NULL ELSE 1 + floor(pg_temp.u(id, 46) * 7)::int END,
	CASE WHEN pg_temp.u(id, 47) < 0.05 THEN NULL ELSE pg_temp.u(id, 48) < 0.8 END,
	CASE WHEN pg_temp.u(id, 49) < 0.05 THEN NULL ELSE 1 + floor(pg_temp.u(id, 50) ^ 0.5 * 5)::int END
FROM plain.tickets WHERE pg_temp.u(id, 40) < 0.4;

-- Calls: half as many as tickets, waits log-normal around 15 s, 12 %
-- abandoned.
CREATE TABLE plain.calls (
	id bigint, agent_id int, offered_at timestamptz, wait interval, answered boolean, handle_seconds double precision
);
INSERT INTO plain.calls
SELECT g, 1 + floor(pg_temp.u(g, 61) * 50)::int,
	timestamptz '2025-01-01 00:00:00+00' + interval '1 second' * floor(pg_temp.u(g, 62) * 365 * 86400),
	interval '1 second' * round(15 * exp(0.9 * pg_temp.normal(g, 63))),
	pg_temp.u(g, 64) >= 0.12,
	round((240 * exp(0.7 * pg_temp.normal(g, 65)))::numeric, 3)::float8
FROM generate_series(1, :tickets::bigint / 2) AS g;

-- Stored states: one row per agent, month and channel, as a materialized
-- rollup table would hold them (agent 0: the bot).  The timeline grid is
-- the 12 months of 2025, the same on every row, so rows roll up.
CREATE TABLE plain.states (
	agent_id int, month timestamptz, channel text,
	nps_state survey, resolution duration_sketch, backlog timeline
);
INSERT INTO plain.states
SELECT coalesce(t.agent_id, 0), date_trunc('month', t.created_at), t.channel,
	survey_agg(s.nps_score), duration_agg(t.resolved_at - t.created_at),
	timeline_agg(t.created_at, t.resolved_at, '2025-01-01', '2026-01-01', '1 month')
FROM plain.tickets t LEFT JOIN plain.surveys s ON s.ticket_id = t.id
GROUP BY 1, 2, 3;
-- filled by a distributed INSERT ... SELECT in the checks (stored states)
CREATE TABLE plain.states_built (LIKE plain.states);
\endif

-- The distributed copies: same definitions, same rows.
SET citus.shard_count = :shards;
CREATE TABLE dist.tickets (LIKE plain.tickets INCLUDING ALL);
SELECT create_distributed_table('dist.tickets', 'id') \gset
INSERT INTO dist.tickets SELECT * FROM plain.tickets;

\if :full_data
CREATE TABLE dist.messages (LIKE plain.messages);
CREATE TABLE dist.status_changes (LIKE plain.status_changes);
CREATE TABLE dist.surveys (LIKE plain.surveys);
CREATE TABLE dist.calls (LIKE plain.calls);
CREATE TABLE dist.states (LIKE plain.states);
CREATE TABLE dist.states_built (LIKE plain.states);
SELECT create_distributed_table('dist.messages', 'ticket_id', colocate_with => 'dist.tickets'),
	create_distributed_table('dist.status_changes', 'ticket_id', colocate_with => 'dist.tickets'),
	create_distributed_table('dist.surveys', 'ticket_id', colocate_with => 'dist.tickets'),
	create_distributed_table('dist.calls', 'id'),
	create_distributed_table('dist.states', 'agent_id'),
	create_distributed_table('dist.states_built', 'agent_id', colocate_with => 'dist.states') \gset
INSERT INTO dist.messages SELECT * FROM plain.messages;
INSERT INTO dist.status_changes SELECT * FROM plain.status_changes;
INSERT INTO dist.surveys SELECT * FROM plain.surveys;
INSERT INTO dist.calls SELECT * FROM plain.calls;
INSERT INTO dist.states SELECT * FROM plain.states;
\endif

VACUUM ANALYZE;
