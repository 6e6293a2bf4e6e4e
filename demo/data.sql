-- demo/data.sql: a generated, deterministic helpdesk dataset for the csmetrics demo.
--
-- Creates, in the first schema of search_path (demo/run points it at schema
-- csmetrics_demo), one year of a fictional support team's work:
--
--   tickets           100,000 tickets created in 2025, four channels
--   messages          the conversation log: one row per customer or agent message
--   survey_responses  the post-resolution survey, answered for about a third of them
--
-- The dataset is a snapshot taken at 2026-01-01 00:00 Europe/Berlin (the team's
-- time zone): tickets not resolved by then have no resolved_at, and surveys
-- answered after it are not in the data.
--
-- Every random quantity comes from demo_uniform(key, stream), a hash of the row
-- key and a stream number, not from random(): the data is the same on every
-- run, whatever the plan, the scan order or the number of parallel workers, and
-- a table added later (a message log, calls) can draw new streams for the same
-- ticket ids without shifting the numbers of the tables already here.
-- Streams in use: tickets 1-19, survey_responses 20-39, messages 40-59
-- (per ticket) and 60-79 (per round); demo_normal takes
-- two uniforms, from streams 1000 + s and 2000 + s.
--
-- The story the numbers tell, so the report has something to show:
--   * chat customers are the happiest, then phone, email and social;
--   * slow resolutions make customers unhappy;
--   * email slowed down over the summer (2025-06-01 to 2025-08-31, a staffing
--     gap), so email NPS and CSAT dip in June-August;
--   * volume grows through the year.
--
-- Rerunnable: everything is dropped and rebuilt.  Takes a few seconds.

-- The first run has nothing to drop: no notices for that.
SET client_min_messages = warning;
-- report.sql builds this on survey_responses; drop it so the tables can go.
DROP MATERIALIZED VIEW IF EXISTS daily_survey;
DROP TABLE IF EXISTS survey_responses;
DROP TABLE IF EXISTS messages;
DROP TABLE IF EXISTS tickets;

-- ---------------------------------------------------------------------------
-- Generator helpers
-- ---------------------------------------------------------------------------

-- Uniform in [0, 1): the top 53 bits of a seeded 64-bit hash of the key.
-- A plain SQL expression, so the planner inlines it.
CREATE OR REPLACE FUNCTION demo_uniform(key bigint, stream integer) RETURNS double precision
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN ((hashint8extended(key, stream) >> 11) & 9007199254740991)::double precision
		/ 9007199254740992.0;

-- Standard normal (Box-Muller) from two independent uniform streams.
-- 1 - u is in (0, 1], so ln() never sees 0.
CREATE OR REPLACE FUNCTION demo_normal(key bigint, stream integer) RETURNS double precision
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN sqrt(-2.0 * ln(1.0 - demo_uniform(key, 1000 + stream)))
		* cos(2.0 * pi() * demo_uniform(key, 2000 + stream));

-- ---------------------------------------------------------------------------
-- tickets: one row per ticket (streams 1-19)
-- ---------------------------------------------------------------------------

CREATE TABLE tickets (
	id          bigint PRIMARY KEY,
	channel     text NOT NULL CHECK (channel IN ('email', 'chat', 'phone', 'social')),
	created_at  timestamptz NOT NULL,
	resolved_at timestamptz CHECK (resolved_at >= created_at),  -- NULL while open
	agent_id    integer NOT NULL,
	customer_id integer NOT NULL
);

INSERT INTO tickets (id, channel, created_at, resolved_at, agent_id, customer_id)
SELECT id, channel, created_at,
	-- Open at the snapshot: not resolved yet, or stuck (1.5 %: waiting on a
	-- third party, forgotten).
	CASE WHEN created_at + resolution < timestamptz '2026-01-01 00:00 Europe/Berlin'
			AND demo_uniform(id, 6) >= 0.015
		THEN created_at + resolution
	END,
	agent_id, customer_id
FROM (
	SELECT id, channel, created_at, agent_id, customer_id,
		-- Log-normal resolution time around a median per channel: chat and
		-- phone are mostly solved in the conversation, email takes a day.
		-- Email is three times slower over the summer.
		interval '1 minute' * median_minutes
			* CASE WHEN channel = 'email'
					AND created_at >= timestamptz '2025-06-01 00:00 Europe/Berlin'
					AND created_at < timestamptz '2025-09-01 00:00 Europe/Berlin'
				THEN 3 ELSE 1 END
			* exp(sigma * demo_normal(id, 5)) AS resolution
	FROM (
		SELECT g AS id, c.channel, c.median_minutes, c.sigma,
			-- Day of the year: three quarters spread evenly, a quarter on a
			-- rising ramp (sqrt), so volume grows about 1.7x through the year.
			-- Time of day: most tickets in business hours, the rest any time.
			(date '2025-01-01'
				+ floor(365 * CASE WHEN demo_uniform(g, 2) < 0.75 THEN demo_uniform(g, 3)
					ELSE sqrt(demo_uniform(g, 3)) END)::integer
				+ CASE WHEN demo_uniform(g, 4) < 0.8
					THEN time '08:00' + demo_uniform(g, 7) * interval '10 hours'
					ELSE time '00:00' + demo_uniform(g, 7) * interval '24 hours' END
			) AT TIME ZONE 'Europe/Berlin' AS created_at,
			1 + floor(40 * demo_uniform(g, 8))::integer AS agent_id,
			-- Skewed: a few customers write much more often than most.
			1 + floor(25000 * power(demo_uniform(g, 9), 1.6))::integer AS customer_id
		FROM generate_series(1, 100000) AS g
		-- Channel mix: email 40 %, chat 30 %, phone 20 %, social 10 %.
		CROSS JOIN LATERAL (
			SELECT CASE
				WHEN demo_uniform(g, 1) < 0.40 THEN 'email'
				WHEN demo_uniform(g, 1) < 0.70 THEN 'chat'
				WHEN demo_uniform(g, 1) < 0.90 THEN 'phone'
				ELSE 'social' END AS channel
		) AS pick
		JOIN (VALUES
			('email',  20 * 60.0, 1.0),
			('chat',   25.0,      0.9),
			('phone',  12.0,      1.5),
			('social', 6 * 60.0,  1.1)
		) AS c (channel, median_minutes, sigma) USING (channel)
	) AS drawn
) AS timed;

-- ---------------------------------------------------------------------------
-- messages: the conversation log (streams 40-79)
-- ---------------------------------------------------------------------------

-- A ticket is one to three rounds: the customer writes (sometimes twice
-- before anyone answers), an agent replies after a wait, and sometimes a
-- second agent message follows.  Rounds start spread over the ticket's
-- lifetime.  About 3 % of tickets are agent-started (an outbound message
-- before the customer's first).  Waits are log-normal around a median per
-- channel; replies after the snapshot are not in the data, so some open
-- tickets are unanswered.
CREATE TABLE messages (
	ticket_id  bigint NOT NULL REFERENCES tickets,
	sent_at    timestamptz NOT NULL,
	from_agent boolean NOT NULL
);

INSERT INTO messages (ticket_id, sent_at, from_agent)
SELECT ticket_id, sent_at, from_agent
FROM (
	SELECT r.id AS ticket_id, m.sent_at, m.from_agent
	FROM (
		SELECT t.id, t.created_at, round_no, rounds,
			-- round k starts at fraction (k - 1) / rounds of the ticket's life
			-- (open tickets: of the time until the snapshot, capped at 3 days)
			t.created_at + (round_no - 1)::double precision / rounds
				* least(coalesce(t.resolved_at, timestamptz '2026-01-01 00:00 Europe/Berlin')
						- t.created_at, interval '3 days') AS asked_at,
			interval '1 minute' * c.wait_minutes * exp(1.1 * demo_normal(t.id * 4 + round_no, 60)) AS wait,
			t.resolved_at
		FROM tickets AS t
		JOIN (VALUES ('email', 180.0), ('chat', 1.5), ('phone', 0.5), ('social', 45.0))
			AS c (channel, wait_minutes) USING (channel)
		CROSS JOIN LATERAL (
			SELECT 1 + floor(3 * power(demo_uniform(t.id, 40), 2.5))::integer AS rounds
		) AS n
		CROSS JOIN LATERAL generate_series(1, rounds) AS round_no
	) AS r
	CROSS JOIN LATERAL (VALUES
		-- the customer's message, and a follow-up ("any news?") in 20 % of rounds
		(r.asked_at, false, true),
		(r.asked_at + r.wait / 2, false, demo_uniform(r.id * 4 + r.round_no, 61) < 0.20),
		-- the agent's reply, never after the resolution
		(least(r.asked_at + r.wait, coalesce(r.resolved_at, 'infinity')), true, true),
		-- a second agent message in 15 % of rounds
		(least(r.asked_at + r.wait * 1.2, coalesce(r.resolved_at, 'infinity')), true,
			demo_uniform(r.id * 4 + r.round_no, 62) < 0.15),
		-- agent-started tickets: an outbound message before the first round
		(r.created_at - interval '1 hour', true, r.round_no = 1 AND demo_uniform(r.id, 41) < 0.03)
	) AS m (sent_at, from_agent, present)
	WHERE m.present
) AS all_messages
WHERE sent_at < timestamptz '2026-01-01 00:00 Europe/Berlin';

CREATE INDEX ON messages (ticket_id);

-- ---------------------------------------------------------------------------
-- survey_responses: the post-resolution survey (streams 20-39)
-- ---------------------------------------------------------------------------

-- One survey per resolved ticket, sent on resolution.  Each response asks
-- CSAT (1-5), CES (1-7), a thumbs up/down and a 1-5 star rating; the NPS
-- question (0-10) is asked in 70 % of them only, NULL otherwise.
CREATE TABLE survey_responses (
	ticket_id   bigint PRIMARY KEY REFERENCES tickets,
	answered_at timestamptz NOT NULL,
	channel     text NOT NULL,  -- copied from the ticket, as survey tools export it
	nps_score   integer CHECK (nps_score BETWEEN 0 AND 10),  -- NULL: not asked
	csat_score  integer NOT NULL CHECK (csat_score BETWEEN 1 AND 5),
	ces_score   integer NOT NULL CHECK (ces_score BETWEEN 1 AND 7),
	thumbs_up   boolean NOT NULL,
	stars       integer NOT NULL CHECK (stars BETWEEN 1 AND 5)
);

INSERT INTO survey_responses
	(ticket_id, answered_at, channel, nps_score, csat_score, ces_score, thumbs_up, stars)
SELECT id, answered_at, channel,
	CASE WHEN demo_uniform(id, 21) < 0.70
		THEN least(10, greatest(0, round(8.3 + 2.0 * s + 0.8 * demo_normal(id, 22))))::integer
	END,
	least(5, greatest(1, round(4.3 + 0.9 * s + 0.5 * demo_normal(id, 23))))::integer,
	-- Effort runs against satisfaction: happy customers found it easy.
	least(7, greatest(1, round(2.8 - 1.2 * s + 0.8 * demo_normal(id, 24))))::integer,
	s + 0.6 * demo_normal(id, 25) > -1.0,
	least(5, greatest(1, round(4.2 + 1.0 * s + 0.6 * demo_normal(id, 26))))::integer
FROM (
	SELECT t.id, t.channel,
		-- Chat customers answer at once; the others within hours.
		t.resolved_at + interval '1 minute' * CASE WHEN t.channel = 'chat' THEN 3 ELSE 240 END
			* exp(1.2 * demo_normal(t.id, 27)) AS answered_at,
		-- Latent satisfaction: a channel baseline, worse the slower the
		-- resolution was against the channel's usual time, a per-agent
		-- effect, and the customer's mood.
		c.base
			- 0.35 * ln(extract(epoch FROM t.resolved_at - t.created_at) / 60 / c.median_minutes + 0.05)
			+ 0.3 * demo_normal(t.agent_id, 28)
			+ 0.9 * demo_normal(t.id, 29) AS s,
		c.response_rate
	FROM tickets AS t
	JOIN (VALUES
		('email',  20 * 60.0, -0.05, 0.32),
		('chat',   25.0,       0.40, 0.45),
		('phone',  12.0,       0.20, 0.22),
		('social', 6 * 60.0,  -0.30, 0.25)
	) AS c (channel, median_minutes, base, response_rate) USING (channel)
	WHERE t.resolved_at IS NOT NULL
) AS sent
WHERE demo_uniform(id, 20) < response_rate
	AND answered_at < timestamptz '2026-01-01 00:00 Europe/Berlin';

ANALYZE tickets;
ANALYZE messages;
ANALYZE survey_responses;
