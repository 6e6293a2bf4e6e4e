-- demo/data.sql: a generated, deterministic helpdesk dataset for the csmetrics demo.
--
-- Creates, in the first schema of search_path (demo/run points it at schema
-- csmetrics_demo), one year of a fictional support team's work:
--
--   tickets           100,000 tickets created in 2025, four channels
--   messages          the conversation log: one row per customer or agent message
--   survey_responses  the post-resolution survey, answered for about a third of them
--   customers         25,000 customers: when each signed up and, if they left, when
--   status_changes    each ticket's status history (new, open, pending, hold, solved)
--   calls             the phone queue: one answered call per phone ticket, and the
--                     calls abandoned in the queue
--   orders            the shop's 2025 orders, some of them placed after a support reply
--   article_reads     help-centre article views
--   staff_surveys     the agents' quarterly pulse survey (employee NPS)
--   teams             the support team and its business calendar
--
-- The dataset is a snapshot taken at 2026-01-01 00:00 Europe/Berlin (the team's
-- time zone): tickets not resolved by then have no resolved_at, and surveys
-- answered after it are not in the data.
--
-- Every random quantity comes from demo_uniform(key, stream), a hash of the row
-- key and a stream number, not from random(): the data is the same on every
-- run, whatever the plan, the scan order or the number of parallel workers
-- (and whatever the session's TimeZone: instants are spelt with their zone and
-- durations added in hours, minutes and seconds, never in days), and
-- a table added later (a message log, calls) can draw new streams for the same
-- ticket ids without shifting the numbers of the tables already here.
-- Streams in use: tickets 1-19, survey_responses 20-39, messages 40-59
-- (per ticket) and 60-79 (per round), customers 80-89, orders 90-99, calls
-- 100-119, status_changes 120-139, article_reads 140-149, staff_surveys
-- 150-159; demo_normal takes two uniforms, from streams 1000 + s and 2000 + s.
--
-- The story the numbers tell, so the report has something to show:
--   * chat customers are the happiest, then phone, email and social;
--   * slow resolutions make customers unhappy;
--   * email slowed down over the summer (2025-06-01 to 2025-08-31, a staffing
--     gap), so email NPS and CSAT dip in June-August;
--   * volume grows through the year;
--   * the summer gap shows elsewhere too: the phone queue is slower (service
--     level and abandonment), the agents' pulse survey dips in Q3, and
--     customers who wrote to email in the summer churn more in September;
--   * a quick first reply sells: tickets answered within the hour are followed
--     by an order more often.
--
-- Rerunnable: everything is dropped and rebuilt.  Takes about ten seconds.

-- The first run has nothing to drop: no notices for that.
SET client_min_messages = warning;
-- report.sql builds these on the tables; drop them so the tables can go.
DROP MATERIALIZED VIEW IF EXISTS daily_survey;
DROP MATERIALIZED VIEW IF EXISTS daily_resolution;
DROP TABLE IF EXISTS staff_surveys;
DROP TABLE IF EXISTS article_reads;
DROP TABLE IF EXISTS orders;
DROP TABLE IF EXISTS calls;
DROP TABLE IF EXISTS status_changes;
DROP TABLE IF EXISTS survey_responses;
DROP TABLE IF EXISTS messages;
DROP TABLE IF EXISTS tickets;
DROP TABLE IF EXISTS customers;
DROP TABLE IF EXISTS teams;

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
	customer_id integer NOT NULL,
	-- false: solved by the chatbot or the email auto-answer, no human involved
	human_touched boolean NOT NULL
);

INSERT INTO tickets (id, channel, created_at, resolved_at, agent_id, customer_id, human_touched)
SELECT id, channel, created_at,
	-- Open at the snapshot: not resolved yet, or stuck (1.5 %: waiting on a
	-- third party, forgotten).
	CASE WHEN created_at + resolution < timestamptz '2026-01-01 00:00 Europe/Berlin'
			AND demo_uniform(id, 6) >= 0.015
		THEN created_at + resolution
	END,
	agent_id, customer_id,
	-- The bot takes the quick questions only: a share of the tickets solved
	-- faster than the channel's median (chat 30 %, social 20 %, email 10 %).
	NOT (demo_uniform(id, 10) < CASE channel WHEN 'chat' THEN 0.30 WHEN 'social' THEN 0.20
				WHEN 'email' THEN 0.10 ELSE 0 END
		AND resolution < interval '1 minute' * median_minutes
		AND created_at + resolution < timestamptz '2026-01-01 00:00 Europe/Berlin'
		AND demo_uniform(id, 6) >= 0.015)
FROM (
	SELECT id, channel, created_at, agent_id, customer_id, median_minutes,
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
	ticket_id  bigint NOT NULL,  -- references tickets: the key is added after the load
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
			t.created_at + interval '1 second' * (round_no - 1)::double precision / rounds
				* extract(epoch FROM least(coalesce(t.resolved_at, timestamptz '2026-01-01 00:00 Europe/Berlin')
						- t.created_at, interval '3 days')) AS asked_at,
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

-- One validating join instead of a foreign-key check per inserted row.
ALTER TABLE messages ADD FOREIGN KEY (ticket_id) REFERENCES tickets;
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

-- ---------------------------------------------------------------------------
-- teams: the support team and its business calendar
-- ---------------------------------------------------------------------------

-- Open Monday to Friday 08:00-18:00 Berlin time; closed on Berlin's public
-- holidays of 2025 (8 May was a one-off holiday that year) and on Christmas
-- Eve and New Year's Eve.
CREATE TABLE teams (
	id   integer PRIMARY KEY,
	name text NOT NULL UNIQUE,
	cal  calendar NOT NULL
);

INSERT INTO teams VALUES (1, 'support',
	'mon-fri 08:00-18:00; tz Europe/Berlin; closed 2025-01-01, 2025-04-18, 2025-04-21, 2025-05-01, '
	'2025-05-08, 2025-05-29, 2025-06-09, 2025-10-03, 2025-12-24, 2025-12-25, 2025-12-26, 2025-12-31');

-- The first reply to each ticket (first customer message + first response
-- time), used by status_changes and orders below; dropped at the end.
CREATE TEMP TABLE first_replies AS
SELECT ticket_id,
	min(sent_at) FILTER (WHERE NOT from_agent) + first_response_time(sent_at, from_agent) AS replied_at
FROM messages
GROUP BY ticket_id;

-- ---------------------------------------------------------------------------
-- customers (streams 80-89)
-- ---------------------------------------------------------------------------

-- Sign-ups since 2022, more of them recently (the business grows).
-- Customers stay for 40 months on average (about 2.5 % leave a month).
-- Prospects write in before signing up and former customers after leaving
-- (pre-sales questions, refunds), so tickets are not tied to the customer's
-- active period.  After the summer slowdown, 10 % of the customers who wrote
-- to email in June-August leave in September.
CREATE TABLE customers (
	id           integer PRIMARY KEY,
	signed_up_at timestamptz NOT NULL,
	left_at      timestamptz CHECK (left_at > signed_up_at)  -- NULL: still a customer at the snapshot
);

INSERT INTO customers (id, signed_up_at, left_at)
SELECT id, signed_up_at,
	CASE WHEN left_at < timestamptz '2026-01-01 00:00 Europe/Berlin' THEN left_at END
FROM (
	SELECT g AS id,
		drawn AS signed_up_at,
		least(drawn + interval '1 hour' * 24 * (1 + 1217 * -ln(1.0 - demo_uniform(g, 82))),
			CASE WHEN t.summer_email AND demo_uniform(g, 83) < 0.10
					AND drawn < timestamptz '2025-09-01 00:00 Europe/Berlin'
				THEN timestamptz '2025-09-01 00:00 Europe/Berlin' + interval '1 hour' * 24 * 30 * demo_uniform(g, 84)
			END) AS left_at
	FROM generate_series(1, 25000) AS g
	CROSS JOIN LATERAL (
		SELECT timestamptz '2022-01-01 00:00 Europe/Berlin'
			+ interval '1 hour' * 24 * 1461 * power(demo_uniform(g, 80), 0.6) AS drawn
	) AS d
	LEFT JOIN (
		SELECT customer_id,
			bool_or(channel = 'email'
				AND created_at >= timestamptz '2025-06-01 00:00 Europe/Berlin'
				AND created_at < timestamptz '2025-09-01 00:00 Europe/Berlin') AS summer_email
		FROM tickets
		GROUP BY customer_id
	) AS t ON t.customer_id = g
) AS drawn;

-- Leaving is at least a day after signing up (the CHECK), and the
-- September wave only takes customers who had signed up before it.

-- ---------------------------------------------------------------------------
-- orders (streams 90-99)
-- ---------------------------------------------------------------------------

-- Five product lines, each in three versions: base, plus (1.8x the price)
-- and pro (3x).  Customers order 0-3 times in 2025 of their own accord, at
-- random times while they are customers, half of the later orders in the
-- product line of their first; and a support reply sells: after
-- a ticket, the customer orders within four days (three quarters of them
-- within three) with a probability per channel, 1.5x higher when the first
-- reply came within the hour and 0.6x otherwise; agents sell the better
-- versions.  Order ids: customer * 4 + k for the former, 1,000,000 + the
-- ticket id for the latter.
CREATE TABLE orders (
	id           bigint PRIMARY KEY,
	customer_id  integer NOT NULL REFERENCES customers,
	ordered_at   timestamptz NOT NULL,
	product_line text NOT NULL,
	price        numeric(8, 2) NOT NULL CHECK (price > 0)
);

INSERT INTO orders (id, customer_id, ordered_at, product_line, price)
SELECT o.id, o.customer_id, o.ordered_at, p.product_line,
	round(p.base * CASE WHEN o.u_version < 0.6 THEN 1 WHEN o.u_version < 0.9 THEN 1.8 ELSE 3 END) - 0.01
FROM (
	SELECT c.id * 4 + k AS id, c.id AS customer_id,
		s.span_start + interval '1 second' * extract(epoch FROM s.span_end - s.span_start)
			* demo_uniform(c.id * 4 + k, 91) AS ordered_at,
		-- half of the later orders stay with the first order's product line
		CASE WHEN k > 0 AND demo_uniform(c.id * 4 + k, 98) < 0.5
			THEN demo_uniform(c.id * 4, 92) ELSE demo_uniform(c.id * 4 + k, 92) END AS u_line,
		demo_uniform(c.id * 4 + k, 93) AS u_version
	FROM customers AS c
	CROSS JOIN LATERAL (
		SELECT greatest(c.signed_up_at, timestamptz '2025-01-01 00:00 Europe/Berlin') AS span_start,
			coalesce(c.left_at, timestamptz '2026-01-01 00:00 Europe/Berlin') AS span_end
	) AS s
	CROSS JOIN LATERAL generate_series(0, floor(4 * power(demo_uniform(c.id, 90), 1.5))::integer - 1) AS k
	WHERE s.span_start < s.span_end
	UNION ALL
	SELECT 1000000 + t.id, t.customer_id,
		r.replied_at + interval '96 hours' * power(demo_uniform(t.id, 94), 2),
		demo_uniform(t.id, 95),
		0.3 + 0.7 * demo_uniform(t.id, 96)
	FROM tickets AS t
	JOIN first_replies AS r ON r.ticket_id = t.id
	WHERE demo_uniform(t.id, 97)
		< CASE t.channel WHEN 'chat' THEN 0.09 WHEN 'phone' THEN 0.07 WHEN 'email' THEN 0.04 ELSE 0.03 END
			* CASE WHEN r.replied_at - t.created_at <= interval '1 hour' THEN 1.5 ELSE 0.6 END
) AS o
CROSS JOIN LATERAL (
	SELECT CASE
		WHEN o.u_line < 0.30 THEN 'headphones'
		WHEN o.u_line < 0.50 THEN 'speakers'
		WHEN o.u_line < 0.60 THEN 'turntables'
		WHEN o.u_line < 0.85 THEN 'cables'
		ELSE 'care' END AS product_line
) AS pick
JOIN (VALUES ('headphones', 80), ('speakers', 150), ('turntables', 300), ('cables', 12), ('care', 20))
	AS p (product_line, base) USING (product_line)
WHERE o.ordered_at < timestamptz '2026-01-01 00:00 Europe/Berlin';

CREATE INDEX ON orders (customer_id, ordered_at);

-- ---------------------------------------------------------------------------
-- calls: the phone queue (streams 100-119)
-- ---------------------------------------------------------------------------

-- Every phone ticket was opened by an answered call: a queue wait
-- (log-normal, median 9 s; 2.5x longer over the summer gap), talk (median
-- 6 min), hold in 35 % of calls (median 90 s) and after-call work (median
-- 70 s).  Before 7 % of them (20 % in the summer) the customer had given up
-- an earlier call in the queue: one in five of those hung up within 5
-- seconds (misdials, short abandons), the others after about 40 s.
CREATE TABLE calls (
	id         bigint PRIMARY KEY,
	ticket_id  bigint REFERENCES tickets,  -- the ticket an answered call opened
	agent_id   integer,                    -- NULL: abandoned
	offered_at timestamptz NOT NULL,
	wait       interval NOT NULL,          -- in the queue, until answered or abandoned
	answered   boolean NOT NULL,
	talk       interval,                   -- NULL on abandoned calls
	hold       interval,
	acw        interval                    -- after-call work
);

INSERT INTO calls (id, ticket_id, agent_id, offered_at, wait, answered, talk, hold, acw)
SELECT t.id, t.id, t.agent_id, t.created_at - w.wait, w.wait, true,
	interval '1 second' * round(360 * exp(0.6 * demo_normal(t.id, 101))),
	CASE WHEN demo_uniform(t.id, 102) < 0.35
		THEN interval '1 second' * round(90 * exp(0.7 * demo_normal(t.id, 103)))
		ELSE interval '0' END,
	interval '1 second' * round(70 * exp(0.5 * demo_normal(t.id, 104)))
FROM tickets AS t
CROSS JOIN LATERAL (
	SELECT t.created_at >= timestamptz '2025-06-01 00:00 Europe/Berlin'
		AND t.created_at < timestamptz '2025-09-01 00:00 Europe/Berlin' AS summer
) AS s
CROSS JOIN LATERAL (
	SELECT interval '1 second' * round(9 * exp(0.9 * demo_normal(t.id, 100))
		* CASE WHEN s.summer THEN 2.5 ELSE 1 END) AS wait
) AS w
WHERE t.channel = 'phone'
UNION ALL
SELECT 1000000 + t.id, NULL, NULL,
	t.created_at - interval '1 minute' * (5 + 55 * demo_uniform(t.id, 106)),
	interval '1 second' * CASE WHEN demo_uniform(t.id, 107) < 0.2
		THEN 1 + floor(4 * demo_uniform(t.id, 108))
		ELSE round(40 * exp(0.7 * demo_normal(t.id, 109))) END,
	false, NULL, NULL, NULL
FROM tickets AS t
WHERE t.channel = 'phone'
	AND demo_uniform(t.id, 105) < CASE
		WHEN t.created_at >= timestamptz '2025-06-01 00:00 Europe/Berlin'
			AND t.created_at < timestamptz '2025-09-01 00:00 Europe/Berlin' THEN 0.20
		ELSE 0.07 END;

-- ---------------------------------------------------------------------------
-- status_changes: each ticket's status history (streams 120-139)
-- ---------------------------------------------------------------------------

-- new on creation; open when an agent picks the ticket up (a few minutes,
-- never after the first reply or the resolution); pending (waiting on the
-- customer) at each agent message and open again at each customer message
-- up to the resolution (a follow-up sent while the answer was on its way
-- does not reopen a solved ticket);
-- on hold (waiting on a carrier or the warehouse) from 40 % to 70 % of the
-- ticket's life in 20 % of resolved email tickets, 10 % of social and 4 %
-- of the others; solved at the resolution.  An agent message at the
-- resolution time ties with 'solved', which sorts last and lasts.
-- Reopened: 8 % of resolved email tickets, 6 % of social and 3 % of the
-- others were solved once too early, at 60 % of their life, and opened again
-- by the customer at 75 % (messages in between move them on as usual), so
-- first and full resolution times differ for them.
CREATE TABLE status_changes (
	ticket_id  bigint NOT NULL,  -- references tickets: the key is added after the load
	changed_at timestamptz NOT NULL,
	status     text NOT NULL CHECK (status IN ('new', 'open', 'pending', 'hold', 'solved'))
);

INSERT INTO status_changes (ticket_id, changed_at, status)
SELECT id, created_at, 'new'
FROM tickets
UNION ALL
SELECT t.id,
	least(t.created_at + interval '1 minute' * 4 * exp(demo_normal(t.id, 120)), r.replied_at, t.resolved_at),
	'open'
FROM tickets AS t
LEFT JOIN first_replies AS r ON r.ticket_id = t.id
UNION ALL
SELECT m.ticket_id, m.sent_at, CASE WHEN m.from_agent THEN 'pending' ELSE 'open' END
FROM messages AS m
JOIN tickets AS t ON t.id = m.ticket_id
WHERE m.sent_at > t.created_at
	AND (m.sent_at < t.resolved_at OR t.resolved_at IS NULL)
UNION ALL
SELECT t.id, t.created_at + interval '1 second' * extract(epoch FROM t.resolved_at - t.created_at) * h.at,
	h.status
FROM tickets AS t
CROSS JOIN (VALUES (0.4, 'hold'), (0.7, 'open')) AS h (at, status)
WHERE t.resolved_at IS NOT NULL
	AND demo_uniform(t.id, 121) < CASE t.channel WHEN 'email' THEN 0.20 WHEN 'social' THEN 0.10 ELSE 0.04 END
UNION ALL
SELECT t.id, t.created_at + interval '1 second' * extract(epoch FROM t.resolved_at - t.created_at) * r.at,
	r.status
FROM tickets AS t
CROSS JOIN (VALUES (0.6, 'solved'), (0.75, 'open')) AS r (at, status)
WHERE t.resolved_at IS NOT NULL
	AND demo_uniform(t.id, 122) < CASE t.channel WHEN 'email' THEN 0.08 WHEN 'social' THEN 0.06 ELSE 0.03 END
UNION ALL
SELECT id, resolved_at, 'solved'
FROM tickets
WHERE resolved_at IS NOT NULL;

ALTER TABLE status_changes ADD FOREIGN KEY (ticket_id) REFERENCES tickets;
CREATE INDEX ON status_changes (ticket_id);

-- ---------------------------------------------------------------------------
-- article_reads: help-centre article views (streams 140-149)
-- ---------------------------------------------------------------------------

-- 60,000 views over 2025 of twelve articles, a few of them far more read
-- than the rest; 60 % by signed-in customers (the same skew as tickets).
-- Read time is log-normal around a median per article.
CREATE TABLE article_reads (
	article      text NOT NULL,
	customer_id  integer REFERENCES customers,  -- NULL: not signed in
	read_at      timestamptz NOT NULL,
	read_seconds integer NOT NULL CHECK (read_seconds > 0)
);

INSERT INTO article_reads (article, customer_id, read_at, read_seconds)
SELECT a.article,
	CASE WHEN demo_uniform(g, 141) < 0.6
		THEN 1 + floor(25000 * power(demo_uniform(g, 142), 1.6))::integer END,
	(date '2025-01-01' + floor(365 * demo_uniform(g, 143))::integer
		+ time '00:00' + demo_uniform(g, 144) * interval '24 hours') AT TIME ZONE 'Europe/Berlin',
	greatest(1, round(a.median_seconds * exp(0.8 * demo_normal(g, 145))))::integer
FROM generate_series(1, 60000) AS g
JOIN (VALUES
	(0, 'where-is-my-order', 45), (1, 'returns-and-refunds', 95), (2, 'reset-your-password', 35),
	(3, 'pair-bluetooth-headphones', 120), (4, 'delivery-times', 40), (5, 'change-your-address', 30),
	(6, 'warranty-claims', 110), (7, 'turntable-setup', 240), (8, 'payment-methods', 35),
	(9, 'cancel-an-order', 50), (10, 'gift-cards', 30), (11, 'speaker-firmware-update', 180)
) AS a (popularity_rank, article, median_seconds)
	ON a.popularity_rank = floor(12 * power(demo_uniform(g, 140), 2.5))::integer;

-- ---------------------------------------------------------------------------
-- staff_surveys: the agents' quarterly pulse survey (streams 150-159)
-- ---------------------------------------------------------------------------

-- The 40 agents are asked "would you recommend working here?" (0-10) in
-- the middle of each quarter's last month; 85 % answer.  An agent's answer
-- follows the same per-agent effect (stream 28) that makes their customers
-- happier in survey_responses, and drops in Q3, the summer gap.
CREATE TABLE staff_surveys (
	agent_id    integer NOT NULL,
	answered_at timestamptz NOT NULL,
	score       integer NOT NULL CHECK (score BETWEEN 0 AND 10)
);

INSERT INTO staff_surveys (agent_id, answered_at, score)
SELECT a, make_timestamptz(2025, q * 3, 15, 10, 0, 0, 'Europe/Berlin'),
	least(10, greatest(0, round(8.2 + 1.0 * demo_normal(a, 28) - CASE WHEN q = 3 THEN 1.6 ELSE 0 END
		+ 1.2 * demo_normal(a * 4 + q, 151))))::integer
FROM generate_series(1, 40) AS a
CROSS JOIN generate_series(1, 4) AS q
WHERE demo_uniform(a * 4 + q, 150) < 0.85;

DROP TABLE first_replies;

ANALYZE tickets;
ANALYZE messages;
ANALYZE survey_responses;
ANALYZE customers;
ANALYZE orders;
ANALYZE calls;
ANALYZE status_changes;
ANALYZE article_reads;
ANALYZE staff_surveys;
