-- kpi_recipes.sql: every recipe of the README section "Every KPI in one
-- query", run exactly as printed there, on a small fixed dataset whose
-- expected values are worked out by hand in the comment above each query.
--
-- The dataset: one week of a small shop's support, Monday 2025-03-03 to
-- Sunday 2025-03-09 (plus one ticket the Thursday before), in UTC; the
-- business calendar is mon-fri 09:00-17:00 in Europe/London, which is UTC
-- in March before the 30th.  Results that depend on now() (the open ticket
-- in an SLA, the latest status) do not: the open ticket is long past every
-- target whenever this runs, and every status history ends in 'solved'.
-- The "last 7 days" of the Facebook check are counted back from a fixed
-- as-of date, 2025-03-10 00:00 UTC.

SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET client_min_messages = warning;
CREATE SCHEMA kpi;
SET search_path = kpi, public;
RESET client_min_messages;

-- customers: six, two of whom leave (Finn in February, Dina in March).
CREATE TABLE customers (
	id           int PRIMARY KEY,
	name         text NOT NULL,
	signed_up_at timestamptz NOT NULL,
	left_at      timestamptz              -- NULL: still a customer
);
INSERT INTO customers VALUES
	(1, 'Ada',  '2024-11-10 10:00', NULL),
	(2, 'Ben',  '2024-12-05 10:00', NULL),
	(3, 'Chen', '2025-01-20 10:00', NULL),
	(4, 'Dina', '2025-02-03 10:00', '2025-03-20 10:00'),
	(5, 'Eve',  '2025-02-25 10:00', NULL),
	(6, 'Finn', '2024-10-01 10:00', '2025-02-14 10:00');

-- tickets: ten; agent_id NULL is the bot (ticket 4, solved without a
-- human); ticket 9 is still open; contacts is the number of times the
-- customer got in touch about the issue.
CREATE TABLE tickets (
	id          int PRIMARY KEY,
	customer_id int NOT NULL REFERENCES customers,
	channel     text NOT NULL,
	agent_id    int,                      -- NULL: handled by the bot alone
	created_at  timestamptz NOT NULL,
	resolved_at timestamptz,              -- NULL: open
	contacts    int NOT NULL
);
INSERT INTO tickets VALUES
	( 1, 1, 'email',    1,    '2025-03-03 09:00', '2025-03-03 15:00', 1),  --  6 h
	( 2, 2, 'email',    2,    '2025-03-03 16:00', '2025-03-05 12:00', 2),  -- 44 h
	( 3, 3, 'chat',     1,    '2025-03-04 10:00', '2025-03-04 10:20', 1),  -- 20 min
	( 4, 1, 'chat',     NULL, '2025-03-04 14:00', '2025-03-04 14:03', 1),  --  3 min, bot
	( 5, 4, 'facebook', 2,    '2025-03-05 08:00', '2025-03-05 09:00', 1),  --  1 h
	( 6, 5, 'facebook', 2,    '2025-03-06 12:00', '2025-03-06 12:30', 1),  -- 30 min
	( 7, 1, 'facebook', 1,    '2025-03-07 18:00', '2025-03-08 10:00', 1),  -- 16 h
	( 8, 2, 'facebook', 1,    '2025-02-27 10:00', '2025-02-27 13:00', 1),  --  3 h
	( 9, 4, 'amazon',   1,    '2025-03-07 09:00', NULL,               2),  -- open
	(10, 5, 'amazon',   2,    '2025-03-08 20:00', '2025-03-10 11:00', 2);  -- 39 h

-- messages: the conversation log (c = customer, a = agent or bot).
CREATE TABLE messages (
	ticket_id  int NOT NULL REFERENCES tickets,
	sent_at    timestamptz NOT NULL,
	from_agent boolean NOT NULL
);
INSERT INTO messages VALUES
	(1, '2025-03-03 09:00', false), (1, '2025-03-03 10:30', true),            -- c, a 1:30
	(2, '2025-03-03 16:00', false), (2, '2025-03-03 16:20', false),           -- c, c (one wait)
	(2, '2025-03-04 10:00', true),                                            -- a 18:00 after 16:00
	(2, '2025-03-04 11:00', false), (2, '2025-03-04 13:00', true),            -- c, a 2:00
	(3, '2025-03-04 10:00', false), (3, '2025-03-04 10:02', true),            -- c, a 0:02
	(3, '2025-03-04 10:05', true),                                            -- a (answers nothing)
	(4, '2025-03-04 14:00', false), (4, '2025-03-04 14:01', true),            -- c, bot 0:01
	(5, '2025-03-05 08:00', false), (5, '2025-03-05 08:03', true),            -- c, a 0:03
	(6, '2025-03-06 12:00', false), (6, '2025-03-06 12:05', true),            -- c, a 0:05
	(7, '2025-03-07 18:00', false), (7, '2025-03-07 18:04', true),            -- c, a 0:04
	(8, '2025-02-27 10:00', false), (8, '2025-02-27 12:00', true),            -- c, a 2:00
	(9, '2025-03-07 09:00', false), (9, '2025-03-07 11:00', true),            -- c, a 2:00
	(9, '2025-03-08 10:00', false),                                           -- c, never answered
	(10, '2025-03-08 20:00', false), (10, '2025-03-09 09:00', true),          -- c, a 13:00
	(10, '2025-03-09 10:00', false), (10, '2025-03-10 11:00', true);          -- c, a 25:00

-- surveys: answered for tickets 1-8 (NPS 0-10, CSAT 1-5, CES 1-7, thumbs,
-- stars 1-5).
CREATE TABLE surveys (
	ticket_id   int PRIMARY KEY REFERENCES tickets,
	answered_at timestamptz NOT NULL,
	nps_score   int,
	csat_score  int,
	ces_score   int,
	thumbs_up   boolean,
	stars       int
);
INSERT INTO surveys VALUES
	(1, '2025-03-03 16:00', 10, 5, 2, true,  5),
	(2, '2025-03-05 13:00',  6, 2, 6, false, 1),
	(3, '2025-03-04 10:30',  9, 5, 1, true,  4),
	(4, '2025-03-04 14:10', 10, 4, 1, true,  5),
	(5, '2025-03-05 10:00',  8, 4, 3, true,  3),
	(6, '2025-03-06 13:00',  9, 5, 2, true,  5),
	(7, '2025-03-08 11:00',  7, 4, 4, false, 3),
	(8, '2025-02-27 14:00',  2, 1, 7, false, 1);

-- staff_surveys: the employee NPS question, one answer per agent.
CREATE TABLE staff_surveys (agent_id int PRIMARY KEY, score int NOT NULL);
INSERT INTO staff_surveys VALUES (1, 9), (2, 7), (3, 10), (4, 6), (5, 10);

-- status_changes: the status history of tickets 1, 2 and 7 (each ends
-- solved, so nothing depends on now()).
CREATE TABLE status_changes (
	ticket_id  int NOT NULL REFERENCES tickets,
	changed_at timestamptz NOT NULL,
	status     text NOT NULL            -- new, open, pending, hold, solved
);
INSERT INTO status_changes VALUES
	(1, '2025-03-03 09:00', 'new'),     (1, '2025-03-03 09:05', 'open'),
	(1, '2025-03-03 10:30', 'pending'), (1, '2025-03-03 11:00', 'open'),
	(1, '2025-03-03 12:00', 'hold'),    (1, '2025-03-03 14:00', 'open'),
	(1, '2025-03-03 15:00', 'solved'),
	(2, '2025-03-03 16:00', 'new'),     (2, '2025-03-03 16:30', 'open'),
	(2, '2025-03-04 10:00', 'pending'), (2, '2025-03-04 11:00', 'open'),
	(2, '2025-03-05 12:00', 'solved'),
	(7, '2025-03-07 18:00', 'new'),     (7, '2025-03-07 18:02', 'open'),
	(7, '2025-03-07 18:04', 'pending'), (7, '2025-03-08 10:00', 'solved');

-- calls: eight offered calls on Monday; 5 and 6 were abandoned (after 3 s
-- and 60 s); talk, hold and after-contact work (acw) of the answered ones.
CREATE TABLE calls (
	id         int PRIMARY KEY,
	agent_id   int,
	offered_at timestamptz NOT NULL,
	wait       interval NOT NULL,       -- in the queue until answered or abandoned
	answered   boolean NOT NULL,
	talk       interval,
	hold       interval,
	acw        interval
);
INSERT INTO calls VALUES
	(1, 1,    '2025-03-03 09:10', '10 s', true,  '5 min',  '0',     '1 min'),   --  6:00
	(2, 1,    '2025-03-03 09:40', '25 s', true,  '8 min',  '2 min', '2 min'),   -- 12:00
	(3, 2,    '2025-03-03 10:05', '15 s', true,  '3 min',  '1 min', '30 s'),    --  4:30
	(4, 2,    '2025-03-03 11:20', '40 s', true,  '10 min', '3 min', '90 s'),    -- 14:30
	(5, NULL, '2025-03-03 11:45', '3 s',  false, NULL,     NULL,    NULL),
	(6, NULL, '2025-03-03 13:00', '60 s', false, NULL,     NULL,    NULL),
	(7, 1,    '2025-03-03 14:30', '20 s', true,  '4 min',  '0',     '1 min'),   --  5:00
	(8, 2,    '2025-03-03 16:10', '5 s',  true,  '6 min',  '0',     '30 s');    --  6:30

-- orders: Ada upgrades her headphones, Ben adds cables to his speakers,
-- Eve buys pricier cables, Chen and Dina buy once; Finn's order is from
-- 2024.
CREATE TABLE orders (
	id           int PRIMARY KEY,
	customer_id  int NOT NULL REFERENCES customers,
	ordered_at   timestamptz NOT NULL,
	product_line text NOT NULL,
	price        numeric NOT NULL
);
INSERT INTO orders VALUES
	(1, 1, '2025-02-10 10:00', 'headphones', 59.00),
	(2, 1, '2025-03-04 09:00', 'headphones', 129.00),
	(3, 2, '2025-01-15 10:00', 'speakers',   199.00),
	(4, 2, '2025-03-06 15:00', 'cables',     9.90),
	(5, 3, '2025-03-08 12:00', 'headphones', 59.00),
	(6, 4, '2025-02-05 10:00', 'speakers',   249.00),
	(7, 5, '2025-02-26 10:00', 'cables',     9.90),
	(8, 5, '2025-03-06 13:00', 'cables',     14.90),
	(9, 6, '2024-12-01 10:00', 'speakers',   199.00);

-- article_reads: help-centre article views.
CREATE TABLE article_reads (
	article      text NOT NULL,
	customer_id  int REFERENCES customers,
	read_at      timestamptz NOT NULL,
	read_seconds int NOT NULL
);
INSERT INTO article_reads VALUES
	('reset-password', 1, '2025-03-03 08:00', 40),
	('reset-password', 3, '2025-03-04 09:00', 80),
	('reset-password', 5, '2025-03-06 11:00', 60),
	('reset-password', 1, '2025-03-07 17:00', 50),
	('shipping-times', 2, '2025-03-03 15:00', 30),
	('shipping-times', 4, '2025-03-05 07:00', 50),
	('returns',        1, '2025-03-08 09:00', 120);

-- =========================================================================
-- Surveys
-- =========================================================================

-- Net Promoter Score
-- Expected: nps_score 10, 6, 9, 10, 8, 9, 7, 2: promoters (9-10) 4,
-- detractors (0-6) 2, of 8: 100 * (4 - 2) / 8 = 25.
SELECT nps(nps_score) AS nps FROM surveys;

-- NPS margin of error
-- Expected: p = 4/8 = 0.5, d = 2/8 = 0.25: SE = 100 * sqrt((0.75 - 0.0625)
-- / 8) = 29.315; 1.959964 * 29.315 = 57.457 -> 57.5 at 95 %, 2.575829 *
-- 29.315 = 75.511 -> 75.5 at 99 %.
SELECT nps(nps_score) AS nps,
       round(nps_margin(nps_score)::numeric, 1) AS margin_95,
       round(nps_margin(survey_agg(nps_score), 0.99)::numeric, 1) AS margin_99
FROM surveys;

-- eNPS (employee NPS)
-- Expected: scores 9, 7, 10, 6, 10: promoters 3, detractors 1, of 5: 100 *
-- 2 / 5 = 40.
SELECT nps(score) AS enps FROM staff_surveys;

-- CSAT, 1-5 scale
-- Expected: csat_score 5, 2, 5, 4, 4, 5, 4, 1: six of 8 are 4 or 5: 75.
SELECT csat(csat_score) AS csat FROM surveys;

-- CSAT, good/bad survey
-- Expected: thumbs_up true on tickets 1, 3, 4, 5, 6: 5 of 8 = 62.5.
SELECT csat(thumbs_up) AS csat FROM surveys;

-- CSAT confidence interval
-- Expected: Wilson with p = 0.75, n = 8, z = 1.959964: z^2/n = 0.48018;
-- centre = (0.75 + 0.24009) / 1.48018 = 0.66890; half-width = (1.959964 /
-- 1.48018) * sqrt(0.75 * 0.25 / 8 + 3.84146 / 256) = 1.32413 * 0.19607 =
-- 0.25962: 40.9 to 92.9.
SELECT round(csat_lower(csat_score)::numeric, 1) AS low,
       round(csat_upper(csat_score)::numeric, 1) AS high
FROM surveys;

-- Customer Effort Score
-- Expected: ces_score 2, 6, 1, 1, 3, 2, 4, 7: 26 / 8 = 3.25.
SELECT ces(ces_score) AS ces FROM surveys;

-- Negative feedback rate
-- Expected: stars 5, 1, 4, 5, 3, 5, 3, 1: two of 8 are 1 or 2: 25.
SELECT negative_feedback_rate(stars) AS negative FROM surveys;

-- Positive review rate
-- Expected: stars 5, 1, 4, 5, 3, 5, 3, 1: four of 8 are 4 or 5: 50.
SELECT positive_review_rate(stars) AS positive FROM surveys;

-- Survey state rollup
-- Expected: answered on Feb 27 and Mar 3, 4, 5, 6, 8: six daily states;
-- merged they hold the 8 answers: 8 responses, NPS 25 (as above), 4
-- promoters.
SELECT responses(rollup(st)) AS responses, nps(rollup(st)) AS nps,
       promoters(rollup(st)) AS promoters
FROM (SELECT date_trunc('day', answered_at) AS day, survey_agg(nps_score) AS st
      FROM surveys GROUP BY 1) AS daily;

-- =========================================================================
-- Conversation and ticket timing
-- =========================================================================

-- First response time (FRT)
-- Expected: FRT per ticket: 1:30, 18:00 (from 16:00, the first of two
-- customer messages), 0:02, 0:01, 0:03, 0:05, 0:04, 2:00, 2:00, 13:00. Sum
-- 2205 min, mean 220.5 min = 03:40:30; sorted 1, 2, 3, 4, 5, 90, 120, 120,
-- 780, 1080 min: the median is (5 + 90) / 2 = 47.5 min = 00:47:30.
SELECT avg(frt) AS mean_frt, duration_percentile(frt, 0.5) AS median_frt
FROM (SELECT first_response_time(sent_at, from_agent) AS frt
      FROM messages GROUP BY ticket_id) AS t;

-- Response times (every reply)
-- Expected: waits: t1 90, t2 1080 and 120, t3 2 (its second agent message
-- answers nothing), t4 1, t5 3, t6 5, t7 4, t8 120, t9 120 (its second
-- customer message is unanswered: no wait), t10 780 and 1500 min: 12
-- replies, sum 3825 min, mean 318.75 min = 05:18:45; sorted, the median is
-- between the 6th (90) and 7th (120): 105 min = 01:45:00.
SELECT count(wait) AS replies, avg(wait) AS mean_wait,
       duration_percentile(wait, 0.5) AS median_wait
FROM (SELECT response_time(sent_at, from_agent) OVER (PARTITION BY ticket_id) AS wait
      FROM messages) AS r;

-- Resolution time
-- Expected: resolved tickets: 6 h, 44 h, 20 min, 3 min, 1 h, 30 min, 16 h,
-- 3 h, 39 h = 6593 min; / 9 = 732.556 min = 12:12:33.333333.
SELECT avg(resolved_at - created_at) AS mean_resolution FROM tickets;

-- Percentile resolution or response time
-- Expected: sorted: 3, 20, 30, 60, 180, 360, 960, 2340, 2640 min. p50 is
-- the 5th, 180 min = 03:00:00; p90 is at position 0.9 * 8 = 7.2: 2340 + 0.2
-- * 300 = 2400 min = 40 h = 1 day 16:00:00.
SELECT duration_percentile(resolved_at - created_at, ARRAY[0.5, 0.9]) AS p50_p90
FROM tickets;

-- Duration sketch
-- Expected: 9 resolved tickets (the open one is NULL and skipped), mean
-- 12:12:33.333333 exactly; p50 = percentile_disc rank ceil(0.5 * 9) = 5:
-- 03:00:00 within 1 % (checked below); p90 rank ceil(8.1) = 9, the maximum,
-- exact: 44 h = 1 day 20:00:00.
SELECT sketch_count(rollup(s)) AS n, mean(rollup(s)) AS mean,
       percentile(rollup(s), ARRAY[0.5, 0.9]) AS p50_p90
FROM (SELECT date_trunc('day', created_at) AS day, duration_agg(resolved_at - created_at) AS s
      FROM tickets GROUP BY 1) AS daily;
-- the sketch's median is within 1/101 of 3 hours
SELECT abs(date_part('epoch', percentile(duration_agg(resolved_at - created_at), 0.5)) - 10800)
       <= 10800 / 101.0 AS within_1_percent
FROM tickets;

-- SLA attainment
-- Expected: within 24 h: t1, t3, t4, t5, t6, t7 (16 h), t8: 7; breached: t2
-- (44 h), t10 (39 h) and the open t9 (created 2025-03-07, long past its 24
-- hours): 7 of 10 = 70.
SELECT sla_rate(created_at, resolved_at, interval '24 hours') AS resolved_within_24h
FROM tickets;

-- First contact resolution (FCR)
-- Expected: resolved tickets' contacts 1, 2, 1, 1, 1, 1, 1, 1, 2: 7 of 9 =
-- 77.78.
SELECT fcr_rate(contacts) AS fcr FROM tickets WHERE resolved_at IS NOT NULL;

-- Contacts to resolution
-- Expected: contacts of the 9 resolved tickets add up to 11: 11 / 9 =
-- 1.2222.
SELECT avg(contacts) AS contacts_per_resolution FROM tickets WHERE resolved_at IS NOT NULL;

-- One-touch resolution rate
-- Expected: agent messages of the resolved tickets: t1 1, t2 2, t3 2, t4 1,
-- t5 1, t6 1, t7 1, t8 1, t10 2: 6 of 9 = 66.67.
SELECT one_touch_rate((SELECT count(*) FROM messages m
                        WHERE m.ticket_id = t.id AND m.from_agent)::int) AS one_touch
FROM tickets t WHERE resolved_at IS NOT NULL;

-- Issue resolution rate
-- Expected: 9 of 10 resolved: 90.
SELECT resolution_rate(resolved_at IS NOT NULL) AS resolved FROM tickets;

-- Automated resolution rate
-- Expected: of 9 resolved tickets only t4 has no agent: 1 of 9 = 11.11.
SELECT automation_rate(agent_id IS NOT NULL) AS automated
FROM tickets WHERE resolved_at IS NOT NULL;

-- Any share: pct
-- Expected: surveys for t1-t8, none for t10: 8 of 9 resolved = 88.89.
SELECT pct(EXISTS (SELECT FROM surveys s WHERE s.ticket_id = t.id)) AS response_rate
FROM tickets t WHERE resolved_at IS NOT NULL;

-- =========================================================================
-- Business hours
-- =========================================================================

-- Business time between two instants
-- Expected: mon-fri 09:00-17:00 London (= UTC): t1 Mon 09-15: 06:00; t2 Mon
-- 16-17, Tue 09-17, Wed 09-12: 12:00; t3 00:20; t4 00:03; t5 Wed
-- 08:00-09:00, before opening: 00:00; t6 00:30; t7 Fri 18:00 to Sat 10:00:
-- 00:00; t8 Thu 10-13: 03:00; t9 open: NULL; t10 Sat 20:00 to Mon 11:00:
-- 02:00.
SELECT id, business_time(created_at, resolved_at, 'mon-fri 09:00-17:00; tz Europe/London') AS business_resolution
FROM tickets ORDER BY id;

-- Business deadline
-- Expected: t1 Mon 09:00 -> Mon 17:00; t2 Mon 16:00 + 1 h + Tue 7 h -> Tue
-- 16:00; t3 Tue 10:00 + 7 h + Wed 1 h -> Wed 10:00; t4 Tue 14:00 + 3 h +
-- Wed 5 h -> Wed 14:00; t5 Wed 08:00 waits for 09:00 -> Wed 17:00; t6 Thu
-- 12:00 + 5 h + Fri 3 h -> Fri 12:00; t7 Fri 18:00 -> Mon 03-10 17:00; t8
-- Thu 02-27 10:00 + 7 h + Fri 1 h -> Fri 02-28 10:00; t9 Fri 09:00 -> Fri
-- 17:00; t10 Sat 20:00 -> Mon 03-10 17:00.
SELECT id, business_add(created_at, interval '8 hours', 'mon-fri 09:00-17:00; tz Europe/London') AS due
FROM tickets ORDER BY id;

-- Calendar-aware FRT
-- Expected: business FRT: t1 1:30, t2 Mon 16-17 + Tue 09-10 = 2:00, t3
-- 0:02, t4 0:01, t5 0 (answered before opening), t6 0:05, t7 0 (Friday
-- evening), t8 2:00, t9 2:00, t10 0 (weekend): sum 458 min, mean 45.8 min =
-- 00:45:48; within 1 hour: t3, t4, t5, t6, t7, t10: 6 of 10 = 60.
SELECT avg(frt) AS mean_business_frt, sla_rate(frt, interval '1 hour') AS within_1_business_hour
FROM (SELECT first_response_time(sent_at, from_agent, 'mon-fri 09:00-17:00; tz Europe/London') AS frt
      FROM messages GROUP BY ticket_id) AS t;

-- Calendar-aware SLA
-- Expected: business resolution times from above: all within 8 h but t2 (12
-- h); the open t9 has had far more than 8 business hours: breached: 8 of 10
-- = 80.
SELECT sla_rate(created_at, resolved_at, interval '8 hours', 'mon-fri 09:00-17:00; tz Europe/London') AS within_8_business_hours
FROM tickets;

-- =========================================================================
-- Operations
-- =========================================================================

-- Ticket volume
-- Expected: created: Feb 27 t8; Mar 3 t1, t2; Mar 4 t3, t4; Mar 5 t5; Mar 6
-- t6; Mar 7 t7, t9; Mar 8 t10: 1, 2, 2, 1, 1, 2, 1.
SELECT date_trunc('day', created_at) AS day, count(*) AS tickets
FROM tickets GROUP BY 1 ORDER BY 1;

-- Backlog
-- Expected: Mar 3: opened t1, t2, closed t1: backlog 1 (t2); Mar 4: opened
-- and closed t3, t4: 1; Mar 5: opened t5, closed t2, t5: 0; Mar 6: t6 in
-- and out: 0; Mar 7: opened t7, t9: 2; Mar 8: opened t10, closed t7: 2 (t9,
-- t10); Mar 9: nothing: 2 (t10 closes on Mar 10, outside the grid).
SELECT period_start, opened, closed, at_end AS backlog
FROM periods((SELECT timeline_agg(created_at, resolved_at, '2025-03-03', '2025-03-10', '1 day')
              FROM tickets));

-- Tickets solved per period
-- Expected: resolved: Feb 27 t8; Mar 3 t1; Mar 4 t3, t4; Mar 5 t2, t5; Mar
-- 6 t6; Mar 8 t7; Mar 10 t10: 1, 1, 2, 2, 1, 1, 1.
SELECT date_trunc('day', resolved_at) AS day, count(*) AS solved
FROM tickets WHERE resolved_at IS NOT NULL GROUP BY 1 ORDER BY 1;

-- Customer retention and churn per month
-- Expected: Jan: S = 3 (Ada, Ben, Finn), N = 1 (Chen), E = 4: retention
-- 100, churn 0. Feb: S = 4, N = 2 (Dina, Eve), Finn leaves: E = 5,
-- retention (5 - 2) / 4 = 75, churn 1 / 4 = 25. Mar: S = 5, N = 0, Dina
-- leaves: E = 4, retention 80, churn 20.
SELECT period_start, at_start, opened AS new, at_end, retention_rate, churn_rate
FROM periods((SELECT timeline_agg(signed_up_at, left_at, '2025-01-01', '2025-04-01', '1 month')
              FROM customers));

-- Retention and churn of one period
-- Expected: February, as above: 75 and 25.
SELECT retention_rate(signed_up_at, left_at, '2025-02-01', '2025-03-01') AS retention,
       churn_rate(signed_up_at, left_at, '2025-02-01', '2025-03-01') AS churn
FROM customers;

-- Average issue count
-- Expected: 10 tickets, 6 customers (Finn never wrote): 10 / 6 = 1.6667.
SELECT avg(n) AS tickets_per_customer
FROM (SELECT count(t.id) AS n FROM customers c
      LEFT JOIN tickets t ON t.customer_id = c.id GROUP BY c.id) AS per_customer;

-- Tickets handled and closed per agent
-- Expected: agent 1: t1, t3, t7, t8, t9: 5 handled, 4 closed; agent 2: t2,
-- t5, t6, t10: 4 and 4.
SELECT agent_id, count(*) AS handled, count(resolved_at) AS closed
FROM tickets WHERE agent_id IS NOT NULL GROUP BY agent_id ORDER BY agent_id;

-- Time in status
-- Expected: t1: new 0:05, open 1:25 + 1:00 + 1:00, pending 0:30, hold 2:00:
-- requester wait 5:30, agent wait 0:30, on hold 2:00. t2: new 0:30, open
-- Mon 16:30 to Tue 10:00 (17:30) and Tue 11:00 to Wed 12:00 (25:00),
-- pending 1:00: requester wait 43 h = 1 day 19:00:00, agent wait 1:00, on
-- hold 0. t7: new 0:02, open 0:02, pending Fri 18:04 to Sat 10:00: 0:04,
-- 15:56, 0.
SELECT ticket_id,
       time_in_status(changed_at, status, '{new,open,hold}') AS requester_wait,
       time_in_status(changed_at, status, '{pending}') AS agent_wait,
       time_in_status(changed_at, status, '{hold}') AS on_hold
FROM status_changes GROUP BY ticket_id ORDER BY ticket_id;

-- Pausable SLA clock
-- Expected: t1: new and open 0:05 + 1:25 + 1:00 + 1:00 = 3:30, all in open
-- hours; t2: new Mon 16:00-16:30, open Mon 16:30-17:00 and Tue 09:00-10:00,
-- then Tue 11:00-17:00 and Wed 09:00-12:00: 0:30 + 0:30 + 1:00 + 6:00 +
-- 3:00 = 11:00; t7: Friday after 17:00: 0.
SELECT ticket_id,
       time_in_status(changed_at, status, '{new,open}', 'mon-fri 09:00-17:00; tz Europe/London') AS sla_clock
FROM status_changes GROUP BY ticket_id ORDER BY ticket_id;

-- Average handle time (AHT)
-- Expected: answered calls: 6:00, 12:00, 4:30, 14:30, 5:00, 6:30 = 48:30; /
-- 6 = 00:08:05.
SELECT avg(talk + hold + acw) AS aht FROM calls WHERE answered;

-- Hold time
-- Expected: holds 0, 2, 1, 3, 0, 0 min: total 00:06:00, mean 00:01:00.
SELECT sum(hold) AS total_hold, avg(hold) AS mean_hold FROM calls WHERE answered;

-- Service level
-- Expected: answered within 20 s (20 s itself included): calls 1 (10 s), 3
-- (15 s), 7 (20 s), 8 (5 s): 4 of 8 offered = 50; leaving out call 5
-- (abandoned after 3 s): 4 of 7 = 57.14.
SELECT service_level(wait, answered, interval '20 seconds') AS sl,
       service_level(wait, answered, interval '20 seconds', interval '5 seconds') AS sl_no_short
FROM calls;

-- Abandonment rate
-- Expected: calls 5 and 6 abandoned: 2 of 8 = 25; without call 5 (3 s): 1
-- of 7 = 14.29.
SELECT abandonment_rate(answered) AS abandoned,
       abandonment_rate(wait, answered, interval '5 seconds') AS abandoned_no_short
FROM calls;

-- Agents needed per half hour (Erlang C)
-- Expected, per half hour of Monday (A = offered * AHT / 30 min erlangs;
-- one agent: Pw = A, SL = 1 - A exp(-(1 - A) 20 / AHT), ASA = A AHT /
-- (1 - A); two: Pw = A^2 / (2 + A); three from the Erlang B recursion):
--   09:00 call 1, AHT 6:00, A = 0.2: 1 agent, SL 1 - 0.2 exp(-0.8 * 20/360)
--         = 0.809, ASA 0.2 * 360 / 0.8 = 90 s.
--   09:30 call 2, AHT 12:00, A = 0.4: 1 agent gives 0.607; 2: Pw = 0.16/2.4
--         = 0.0667, SL 1 - 0.0667 exp(-1.6 * 20/720) = 0.936, ASA 0.0667 *
--         720 / 1.6 = 30 s.
--   10:00 call 3, AHT 4:30, A = 0.15: 1 agent, SL 0.859, ASA 47.6 s.
--   11:00 call 4, AHT 14:30, A = 870 / 1800 = 0.4833: 1 agent 0.522; 2:
--         Pw = 0.2336 / 2.4833 = 0.0941, SL 1 - 0.0941 exp(-1.5167 *
--         20/870) = 0.909, ASA 0.0941 * 870 / 1.5167 = 54.0 s.
--   11:30 and 13:00: calls 5 and 6, each abandoned alone in its half hour:
--         no handle time of their own, so the week's AHT, 8:05 (avg skips
--         the abandoned calls' NULLs), A = 485 / 1800 = 0.2694: 1 agent
--         0.738; 2: Pw = 0.0726 / 2.2694 = 0.0320, SL 0.970, ASA 0.0320 *
--         485 / 1.7306 = 9.0 s.
--   14:30 call 7, AHT 5:00, A = 0.1667: 1 agent, SL 0.842, ASA 60 s.
--   16:00 call 8, AHT 6:30, A = 0.2167: 1 agent 0.792; 2: Pw = 0.0212, SL
--         0.981, ASA 0.0212 * 390 / 1.7833 = 4.6 s.
-- Occupancy stays far below 85 % throughout.
SELECT half_hour, offered, aht, agents,
       round(erlang_c_service_level(offered, aht, '30 minutes', agents, '20 seconds')::numeric, 3) AS sl,
       round(erlang_c_asa_seconds(offered, aht, '30 minutes', agents)::numeric, 1) AS asa_seconds
FROM (SELECT date_trunc('hour', offered_at)
               + interval '30 minutes' * (extract(minute FROM offered_at) >= 30)::int AS half_hour,
             count(*) AS offered,
             coalesce(avg(talk + hold + acw), (SELECT avg(talk + hold + acw) FROM calls)) AS aht
      FROM calls
      WHERE offered_at >= '2025-03-03' AND offered_at < '2025-03-04'
      GROUP BY 1) AS slots,
     LATERAL (SELECT erlang_c_agents(offered, aht, '30 minutes', 0.8, '20 seconds', 0.85) AS agents) AS staffing
ORDER BY half_hour;

-- =========================================================================
-- Commerce and self-service
-- =========================================================================

-- Converted tickets
-- Expected: first replies: t1 Mar 3 10:30 (Ada orders Mar 4 09:00: yes); t2
-- Mar 4 10:00 (Ben orders Mar 6 15:00: yes); t3 Mar 4 10:02 (Chen orders
-- Mar 8 12:00, after Mar 7 10:02: no); t4 Mar 4 14:01 (Ada's order was
-- before: no); t5, t9 Dina: no; t6 Mar 6 12:05 (Eve orders 13:00: yes); t7
-- Ada Mar 7 18:04: no; t8 Ben Feb 27 12:00: no; t10 Eve Mar 9 09:00: no: 3
-- of 10 = 30.
SELECT pct(EXISTS (SELECT FROM orders o WHERE o.customer_id = t.customer_id
                   AND o.ordered_at BETWEEN r.replied_at AND r.replied_at + interval '3 days')) AS converted
FROM tickets t
JOIN (SELECT ticket_id, min(sent_at) FILTER (WHERE NOT from_agent)
                        + first_response_time(sent_at, from_agent) AS replied_at
      FROM messages GROUP BY ticket_id) r ON r.ticket_id = t.id
WHERE r.replied_at IS NOT NULL;

-- Repeat purchase rate
-- Expected: Q1 buyers: Ada 2, Ben 2, Chen 1, Dina 1, Eve 2 (Finn's order is
-- from 2024): 3 of 5 = 60.
SELECT pct(n > 1) AS repeat_purchase_rate
FROM (SELECT customer_id, count(*) AS n FROM orders
      WHERE ordered_at >= '2025-01-01' AND ordered_at < '2025-04-01'
      GROUP BY customer_id) AS c;

-- Cross-sell and up-sell rates
-- Expected: returning: Ada (headphones 59 then headphones 129: up-sell),
-- Ben (speakers then cables: cross-sell), Eve (cables 9.90 then cables
-- 14.90: up-sell): cross-sell 1 of 3 = 33.33, up-sell 2 of 3 = 66.67.
SELECT pct(EXISTS (SELECT FROM orders l WHERE l.customer_id = f.customer_id
                   AND l.ordered_at > f.ordered_at AND l.product_line <> f.product_line)) AS cross_sell,
       pct(EXISTS (SELECT FROM orders l WHERE l.customer_id = f.customer_id
                   AND l.ordered_at > f.ordered_at AND l.product_line = f.product_line
                   AND l.price > f.price)) AS up_sell
FROM (SELECT DISTINCT ON (customer_id) * FROM orders ORDER BY customer_id, ordered_at) AS f
WHERE EXISTS (SELECT FROM orders l WHERE l.customer_id = f.customer_id AND l.ordered_at > f.ordered_at);

-- Support articles read and read time
-- Expected: reset-password: 40, 80, 60, 50 s by Ada, Chen, Eve, Ada: 4
-- reads, 3 readers, 57.5 s; shipping-times: 30, 50: 2, 2, 40.0; returns:
-- 120: 1, 1, 120.0.
SELECT article, count(*) AS reads, count(DISTINCT customer_id) AS readers,
       round(avg(read_seconds), 1) AS mean_read_seconds
FROM article_reads GROUP BY article ORDER BY reads DESC, article;

-- =========================================================================
-- Marketplace rules
-- =========================================================================

-- Facebook "very responsive"
-- Expected: facebook tickets created since Mar 3: t5, t6, t7, all answered,
-- FRT 3, 5, 4 min: 100 % and 00:04:00: very responsive. (t8, Feb 27,
-- answered in 2 hours, is outside the 7 days.)
WITH as_of(ts) AS (VALUES (timestamptz '2025-03-10 00:00+00'))   -- now() in production
SELECT pct(frt IS NOT NULL) AS answered, avg(frt) AS response_time,
       pct(frt IS NOT NULL) >= 90 AND avg(frt) <= interval '5 minutes' AS very_responsive
FROM (SELECT first_response_time(m.sent_at, m.from_agent) AS frt
      FROM tickets t JOIN messages m ON m.ticket_id = t.id, as_of
      WHERE t.channel = 'facebook' AND t.created_at >= as_of.ts - interval '7 days'
      GROUP BY t.id) AS f;

-- Amazon: reply within 24 hours
-- Expected: amazon buyer messages: t9 Mar 7 09:00 (reply 11:00: yes), t9
-- Mar 8 10:00 (no reply, long past 24 h: late), t10 Mar 8 20:00 (reply 13 h
-- later: yes), t10 Mar 9 10:00 (reply 25 h later: late): 2 of 4 = 50.
SELECT sla_rate(m.sent_at,
                (SELECT min(r.sent_at) FROM messages r
                 WHERE r.ticket_id = m.ticket_id AND r.from_agent AND r.sent_at > m.sent_at),
                interval '24 hours') AS replied_within_24h
FROM messages m JOIN tickets t ON t.id = m.ticket_id
WHERE t.channel = 'amazon' AND NOT m.from_agent;

-- =========================================================================
-- Helpdesk ticket metrics (Zendesk ticket_metrics: replies, assignee and
-- group stations)
-- =========================================================================

-- assignments: each time a ticket's assignee or group was set (an audit of
-- the two fields).  t2 escalates from agent 3 in Tier 1 to agent 2 in Tier 2;
-- t7 goes back and forth between agents 2 and 1; t9 moves to Billing with
-- the same agent; t4 (the bot) was never assigned.
CREATE TABLE assignments (
	ticket_id   int NOT NULL REFERENCES tickets,
	assigned_at timestamptz NOT NULL,
	assignee_id int,                     -- NULL: unassigned
	group_name  text
);
INSERT INTO assignments VALUES
	( 1, '2025-03-03 09:05', 1, 'Tier 1'),
	( 2, '2025-03-03 16:30', 3, 'Tier 1'), ( 2, '2025-03-04 09:30', 2, 'Tier 2'),
	( 3, '2025-03-04 10:01', 1, 'Tier 1'),
	( 5, '2025-03-05 08:01', 2, 'Tier 1'),
	( 6, '2025-03-06 12:01', 2, 'Tier 1'),
	( 7, '2025-03-07 18:01', 2, 'Tier 1'), ( 7, '2025-03-07 18:02', 1, 'Tier 1'),
	( 7, '2025-03-08 09:00', 2, 'Tier 1'), ( 7, '2025-03-08 09:30', 1, 'Tier 1'),
	( 8, '2025-02-27 10:05', 1, 'Tier 1'),
	( 9, '2025-03-07 09:05', 1, 'Tier 1'), ( 9, '2025-03-08 10:30', 1, 'Billing'),
	(10, '2025-03-08 20:05', 2, 'Tier 1');

-- Replies, assignee stations and group stations per ticket
-- Expected: replies are the agent-side messages of the log: t1 1, t2 2 (Tue
-- 10:00, 13:00), t3 2, t4 1 (the bot), t5-t9 1 each, t10 2.  Assignee
-- stations (distinct assignees): t2 2 (3, 2), t7 2 (2, 1), t4 0, the rest 1.
-- Group stations: t2 2 (Tier 1, Tier 2), t9 2 (Tier 1, Billing), t4 0, the
-- rest 1.
SELECT t.id AS ticket_id,
       (SELECT count(*) FROM messages m WHERE m.ticket_id = t.id AND m.from_agent) AS replies,
       count(DISTINCT a.assignee_id) AS assignee_stations,
       count(DISTINCT a.group_name) AS group_stations
FROM tickets t LEFT JOIN assignments a ON a.ticket_id = t.id
GROUP BY t.id ORDER BY t.id;

-- Assignee changes (hand-offs)
-- Expected: each time the assignee differs from the one before: t2 1 (3 to
-- 2), t7 3 (2 to 1, 1 to 2, 2 to 1), t9 0 (only the group changed), the
-- others 0; tickets handed off: t2 and t7 of the 9 ever assigned = 22.22.
SELECT sum(handoffs) AS handoffs, pct(handoffs > 0) AS reassigned
FROM (SELECT ticket_id,
             count(*) FILTER (WHERE assignee_id IS DISTINCT FROM previous AND previous IS NOT NULL) AS handoffs
      FROM (SELECT ticket_id, assignee_id,
                   lag(assignee_id) OVER (PARTITION BY ticket_id ORDER BY assigned_at) AS previous
            FROM assignments) AS changes
      GROUP BY ticket_id) AS per_ticket;

-- Team averages of the three
-- Expected: over the 9 resolved tickets (t9 is open): replies 1 + 2 + 2 + 1
-- + 1 + 1 + 1 + 1 + 2 = 12, mean 1.33; assignee stations 1 + 2 + 1 + 0 + 1
-- + 1 + 2 + 1 + 1 = 10, mean 1.11; group stations 1 + 2 + 1 + 0 + 1 + 1 +
-- 1 + 1 + 1 = 9, mean 1.00.
SELECT round(avg(replies), 2) AS replies_per_ticket,
       round(avg(assignee_stations), 2) AS assignee_stations,
       round(avg(group_stations), 2) AS group_stations
FROM (SELECT t.id,
             (SELECT count(*) FROM messages m WHERE m.ticket_id = t.id AND m.from_agent) AS replies,
             count(DISTINCT a.assignee_id) AS assignee_stations,
             count(DISTINCT a.group_name) AS group_stations
      FROM tickets t LEFT JOIN assignments a ON a.ticket_id = t.id
      WHERE t.resolved_at IS NOT NULL
      GROUP BY t.id) AS per_ticket;

SET client_min_messages = warning;
DROP SCHEMA kpi CASCADE;
