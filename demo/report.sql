-- demo/report.sql: the csmetrics demo's KPI report, a psql script.
--
-- Reads the demo's tables (demo/data.sql) from search_path and prints every
-- KPI of README "Every KPI in one query", per channel or per month as teams
-- read them: the survey KPIs, response times, SLAs and resolution; business
-- hours; ticket volume, backlog, customer retention and churn, agents' load,
-- time in status; the contact centre; conversions and orders; help-centre
-- reads; employee NPS; Facebook's and Amazon's responsiveness rules.  The
-- monthly survey and resolution figures are computed the way a team would
-- run them on a live database: states per day in materialized views, merged
-- into months with rollup().
--
-- Days and months are the support team's (Europe/Berlin): spelt out with AT
-- TIME ZONE in each query, and set as the session's TimeZone around the
-- periods() queries (their grid follows it), so the figures do not depend on
-- the TimeZone the report starts in.  The data is a snapshot at 2026-01-01
-- 00:00 Berlin; open tickets past their SLA target count as breached.
--
-- Run: psql -X -v ON_ERROR_STOP=1 -q -f demo/report.sql

\pset footer off
\pset null '-'
-- Rerunning drops the materialized views first; no notice on the first run.
SET client_min_messages = warning;

\echo
\echo '== Dataset: helpdesk tickets created in 2025 and their satisfaction surveys'
\echo
SELECT CASE WHEN GROUPING(t.channel) = 1 THEN 'all' ELSE t.channel END AS channel,
	count(*) AS tickets,
	round(pct(t.resolved_at IS NOT NULL)::numeric, 1) AS "resolved %",
	date_trunc('minute', percentile_cont(0.5) WITHIN GROUP (ORDER BY t.resolved_at - t.created_at))
		AS "median resolution",
	count(s.ticket_id) AS "survey responses",
	-- Surveys go out on resolution, so the response rate is over resolved tickets.
	round((pct(s.ticket_id IS NOT NULL) FILTER (WHERE t.resolved_at IS NOT NULL))::numeric, 1)
		AS "response rate %"
FROM tickets AS t
LEFT JOIN survey_responses AS s ON s.ticket_id = t.id
-- GROUPING SETS rather than GROUP BY ROLLUP: rollup is also csmetrics' aggregate.
GROUP BY GROUPING SETS ((t.channel), ())
ORDER BY GROUPING(t.channel), count(*) DESC;

\echo
\echo '== Dataset: the other tables'
\echo
SELECT (SELECT count(*) FROM customers) AS customers,
	(SELECT count(*) FROM customers WHERE left_at IS NULL) AS "still customers",
	(SELECT count(*) FROM orders) AS orders,
	(SELECT count(*) FROM calls) AS calls,
	(SELECT count(*) FROM status_changes) AS "status changes",
	(SELECT count(*) FROM article_reads) AS "article reads",
	(SELECT count(*) FROM staff_surveys) AS "staff answers";

\echo
\echo '== Survey KPIs per channel, with 95% intervals'
\echo '   NPS: 0-10 scale, -100..100, margin of error.   CSAT: % of 4-5 on 1-5, Wilson interval.'
\echo '   Thumbs: % thumbs up.   CES: mean effort 1-7.   Stars: % of 1-2 (negative) and 4-5 (positive).'
\echo
SELECT CASE WHEN GROUPING(channel) = 1 THEN 'all' ELSE channel END AS channel,
	count(*) AS responses,
	format('%5s ± %s', round(nps(nps_score)::numeric, 1), round(nps_margin(nps_score)::numeric, 1))
		AS "NPS",
	round(csat(csat_score)::numeric, 1) AS "CSAT %",
	format('%s - %s', round(csat_lower(csat_score)::numeric, 1), round(csat_upper(csat_score)::numeric, 1))
		AS "CSAT 95% CI",
	round(csat(thumbs_up)::numeric, 1) AS "thumbs up %",
	round(ces(ces_score)::numeric, 2) AS "CES",
	round(negative_feedback_rate(stars)::numeric, 1) AS "negative %",
	round(positive_review_rate(stars)::numeric, 1) AS "positive %"
FROM survey_responses
GROUP BY GROUPING SETS ((channel), ())
ORDER BY GROUPING(channel), count(*) DESC;

-- Two-step aggregation: one survey state per day and channel and question.
-- A state holds the count of each score, so any metric of any set of days
-- and channels is exact from the merged states: nothing is averaged twice.
-- survey_agg() takes any 0-10 score; the accessor checks the scale (csat()
-- refuses a state holding a 0 or a 6), so each question gets its own state.
DROP MATERIALIZED VIEW IF EXISTS daily_survey;
CREATE MATERIALIZED VIEW daily_survey AS
SELECT (answered_at AT TIME ZONE 'Europe/Berlin')::date AS day,
	channel,
	survey_agg(nps_score) AS nps_state,    -- NULL on a day nobody was asked NPS
	survey_agg(csat_score) AS csat_state
FROM survey_responses
GROUP BY 1, 2;
-- A unique index, so that the view can be refreshed CONCURRENTLY (readers
-- keep reading while it refreshes; demo/cron.sh schedules that with pg_cron).
CREATE UNIQUE INDEX ON daily_survey (day, channel);

\echo
\echo '== Materialized view daily_survey: survey states per day and channel (text form: n=responses score:count ...)'
\echo
SELECT count(*) AS "rows", pg_size_pretty(pg_total_relation_size('daily_survey')) AS size
FROM daily_survey;
SELECT day, channel, nps_state, csat_state
FROM daily_survey
WHERE day = date '2025-07-01'
ORDER BY channel;

\echo
\echo '== Monthly NPS and CSAT, rolled up from the daily states (email slowed down in June-August)'
\echo
SELECT CASE WHEN GROUPING(to_char(day, 'YYYY-MM')) = 1 THEN '2025' ELSE to_char(day, 'YYYY-MM') END
		AS month,
	responses(rollup(nps_state)) AS "NPS n",
	format('%5s ± %s', round(nps(rollup(nps_state))::numeric, 1),
		round(nps_margin(rollup(nps_state))::numeric, 1)) AS "NPS",
	round(csat(rollup(csat_state))::numeric, 1) AS "CSAT %",
	round(nps(rollup(nps_state) FILTER (WHERE channel = 'email'))::numeric, 1) AS "NPS email",
	round(nps(rollup(nps_state) FILTER (WHERE channel = 'chat'))::numeric, 1) AS "NPS chat",
	round(nps(rollup(nps_state) FILTER (WHERE channel = 'phone'))::numeric, 1) AS "NPS phone",
	round(nps(rollup(nps_state) FILTER (WHERE channel = 'social'))::numeric, 1) AS "NPS social"
FROM daily_survey
GROUP BY GROUPING SETS ((to_char(day, 'YYYY-MM')), ())
ORDER BY GROUPING(to_char(day, 'YYYY-MM')), 1;

\echo
\echo '== Check: the monthly NPS rolled up from daily_survey equals nps() over the raw responses'
\echo
-- A FULL JOIN and IS NOT DISTINCT FROM, so that a month missing on either
-- side makes the check fail instead of being skipped.
WITH two_step AS (
	SELECT to_char(day, 'YYYY-MM') AS month, nps(rollup(nps_state)) AS nps
	FROM daily_survey
	GROUP BY 1
), raw AS (
	SELECT to_char(answered_at AT TIME ZONE 'Europe/Berlin', 'YYYY-MM') AS month, nps(nps_score) AS nps
	FROM survey_responses
	GROUP BY 1
)
SELECT count(*) AS "months compared",
	bool_and(two_step.nps IS NOT DISTINCT FROM raw.nps) AS "rollup = raw"
FROM two_step
FULL JOIN raw USING (month);

-- ---------------------------------------------------------------------------
-- Response times and resolution, from the conversation log (messages)
-- ---------------------------------------------------------------------------

\echo
\echo '== Response times per channel (from the message log)'
\echo '   FRT: first customer message to the first agent reply after it (mean, median, p90).'
\echo '   Reply: every reply wait (a burst of customer messages is one wait).'
\echo '   24h SLA: first reply within 24 hours (Amazon''s rule); unanswered tickets count as'
\echo '   breached once 24 hours have passed.'
\echo
-- One row per ticket: its first response time, reply count and the number of
-- customer contacts (waits), from csmetrics' message-log functions.
CREATE TEMP VIEW ticket_timing AS
SELECT t.id, t.channel, t.created_at, t.resolved_at, c.frt, c.first_customer,
	w.replies, w.mean_wait, c.agent_messages
FROM tickets AS t
JOIN (
	SELECT ticket_id, first_response_time(sent_at, from_agent) AS frt,
		min(sent_at) FILTER (WHERE NOT from_agent) AS first_customer,
		count(*) FILTER (WHERE from_agent) AS agent_messages
	FROM messages GROUP BY ticket_id
) AS c ON c.ticket_id = t.id
JOIN (
	SELECT ticket_id, count(wait) AS replies, avg(wait) AS mean_wait
	FROM (SELECT ticket_id, response_time(sent_at, from_agent) OVER (PARTITION BY ticket_id) AS wait
		  FROM messages) AS x
	GROUP BY ticket_id
) AS w ON w.ticket_id = t.id;

SELECT CASE WHEN GROUPING(channel) = 1 THEN 'all' ELSE channel END AS channel,
	count(*) AS tickets,
	date_trunc('second', avg(frt)) AS "FRT mean",
	date_trunc('second', (duration_percentile(frt, ARRAY[0.5, 0.9]))[1]) AS "FRT median",
	date_trunc('second', (duration_percentile(frt, ARRAY[0.5, 0.9]))[2]) AS "FRT p90",
	round(avg(extract(epoch FROM frt) / 60)::numeric, 1) AS "FRT mean min",
	date_trunc('second', avg(mean_wait)) AS "reply mean",
	round(sla_rate(first_customer, first_customer + frt, interval '24 hours')::numeric, 1) AS "24h SLA %"
FROM ticket_timing
GROUP BY GROUPING SETS ((channel), ())
ORDER BY GROUPING(channel), count(*) DESC;

\echo
\echo '== Resolution per channel'
\echo '   Resolved: % of tickets resolved.   FCR: % of resolved tickets solved in one contact (one wait).'
\echo '   One-touch: % of resolved tickets solved with exactly one agent message.'
\echo '   Contacts: mean customer contacts per resolved ticket.'
\echo
SELECT CASE WHEN GROUPING(channel) = 1 THEN 'all' ELSE channel END AS channel,
	round(resolution_rate(resolved_at IS NOT NULL)::numeric, 1) AS "resolved %",
	round((fcr_rate(greatest(replies, 1)::int) FILTER (WHERE resolved_at IS NOT NULL))::numeric, 1) AS "FCR %",
	round((one_touch_rate(agent_messages::int) FILTER (WHERE resolved_at IS NOT NULL))::numeric, 1)
		AS "one-touch %",
	round((avg(greatest(replies, 1)) FILTER (WHERE resolved_at IS NOT NULL))::numeric, 2) AS contacts
FROM ticket_timing
GROUP BY GROUPING SETS ((channel), ())
ORDER BY GROUPING(channel), count(*) DESC;

\echo
\echo '== Resolution times per channel'
\echo '   Mean, median and p90 of created -> resolved (open tickets left out); 24h: % resolved'
\echo '   within 24 hours (open tickets count once past it).  Automated: % of resolved tickets'
\echo '   no human touched (chatbot, email auto-answer).'
\echo
SELECT CASE WHEN GROUPING(channel) = 1 THEN 'all' ELSE channel END AS channel,
	date_trunc('minute', justify_hours(avg(resolved_at - created_at))) AS "mean",
	date_trunc('minute', (duration_percentile(resolved_at - created_at, ARRAY[0.5, 0.9]))[1]) AS "median",
	date_trunc('minute', (duration_percentile(resolved_at - created_at, ARRAY[0.5, 0.9]))[2]) AS "p90",
	round(sla_rate(created_at, resolved_at, interval '24 hours')::numeric, 1) AS "24h %",
	round((automation_rate(human_touched) FILTER (WHERE resolved_at IS NOT NULL))::numeric, 1)
		AS "automated %"
FROM tickets
GROUP BY GROUPING SETS ((channel), ())
ORDER BY GROUPING(channel), count(*) DESC;

-- Two-step again, for durations: one duration sketch per day and channel,
-- merged into months.  Percentiles come within 1 % of the exact ones.
DROP MATERIALIZED VIEW IF EXISTS daily_resolution;
CREATE MATERIALIZED VIEW daily_resolution AS
SELECT (created_at AT TIME ZONE 'Europe/Berlin')::date AS day,
	channel,
	duration_agg(resolved_at - created_at) AS resolution
FROM tickets
GROUP BY 1, 2;
CREATE UNIQUE INDEX ON daily_resolution (day, channel);

\echo
\echo '== Monthly resolution time, rolled up from daily duration sketches (materialized view daily_resolution)'
\echo
SELECT to_char(day, 'YYYY-MM') AS month,
	sketch_count(rollup(resolution)) AS resolved,
	date_trunc('minute', mean(rollup(resolution))) AS "mean",
	date_trunc('minute', percentile(rollup(resolution), 0.5)) AS "median",
	date_trunc('minute', percentile(rollup(resolution), 0.9)) AS "p90",
	date_trunc('minute', percentile(rollup(resolution) FILTER (WHERE channel = 'email'), 0.9)) AS "p90 email"
FROM daily_resolution
GROUP BY 1
ORDER BY 1;

-- ---------------------------------------------------------------------------
-- Business hours: the team's calendar (teams.cal)
-- ---------------------------------------------------------------------------

\echo
\echo '== Business hours per channel (calendar: mon-fri 08:00-18:00 Europe/Berlin, Berlin holidays)'
\echo '   FRT and resolution counted in open hours only.  1h: % first replies within one business'
\echo '   hour.  16h: % resolved within 16 business hours (two days).  Overdue: tickets open at'
\echo '   the snapshot whose 16-business-hour deadline (business_add) had passed.'
\echo
SELECT CASE WHEN GROUPING(t.channel) = 1 THEN 'all' ELSE t.channel END AS channel,
	date_trunc('second', avg(b.frt)) AS "FRT mean",
	date_trunc('second', duration_percentile(b.frt, 0.5)) AS "FRT median",
	round(sla_rate(b.frt, interval '1 hour')::numeric, 1) AS "FRT 1h %",
	date_trunc('minute', duration_percentile(business_time(t.created_at, t.resolved_at, teams.cal), 0.5))
		AS "resolution median",
	round(sla_rate(t.created_at, t.resolved_at, interval '16 hours', teams.cal)::numeric, 1) AS "16h %",
	count(*) FILTER (WHERE t.resolved_at IS NULL
		AND business_add(t.created_at, interval '16 hours', teams.cal)
			< timestamptz '2026-01-01 00:00 Europe/Berlin') AS overdue
FROM tickets AS t
JOIN teams ON teams.name = 'support'
LEFT JOIN (
	SELECT m.ticket_id, first_response_time(m.sent_at, m.from_agent, teams.cal) AS frt
	FROM messages AS m
	JOIN teams ON teams.name = 'support'
	GROUP BY m.ticket_id
) AS b ON b.ticket_id = t.id
GROUP BY GROUPING SETS ((t.channel), ())
ORDER BY GROUPING(t.channel), count(*) DESC;

-- ---------------------------------------------------------------------------
-- Operations: volume, backlog, customers, agents, time in status, calls
-- ---------------------------------------------------------------------------

-- periods() cuts the year into the session's months and days: the team's,
-- Europe/Berlin, for these two tables.
SET TimeZone = 'Europe/Berlin';

\echo
\echo '== Tickets per month (timeline_agg -> periods(), months and midnights in Europe/Berlin)'
\echo '   Open at start/end: the backlog at the month''s first and last midnight.  Backlog mean and'
\echo '   peak: over the month''s midnights (a daily timeline).  Per customer: tickets per customer'
\echo '   who wrote in that month (average issue count).'
\echo
WITH monthly AS (
	SELECT *
	FROM periods((SELECT timeline_agg(created_at, resolved_at, '2025-01-01', '2026-01-01', '1 month')
				  FROM tickets))
), daily AS (
	SELECT date_trunc('month', period_start) AS month,
		round(avg(at_start)) AS mean_backlog, max(at_start) AS peak_backlog
	FROM periods((SELECT timeline_agg(created_at, resolved_at, '2025-01-01', '2026-01-01', '1 day')
				  FROM tickets))
	GROUP BY 1
), per_customer AS (
	SELECT date_trunc('month', created_at) AS month,
		round(count(*)::numeric / count(DISTINCT customer_id), 2) AS tickets_per_customer
	FROM tickets
	GROUP BY 1
)
SELECT to_char(m.period_start, 'YYYY-MM') AS month,
	m.at_start AS "open at start", m.opened AS created, m.closed AS solved, m.at_end AS "open at end",
	d.mean_backlog AS "backlog mean", d.peak_backlog AS "backlog peak",
	c.tickets_per_customer AS "per customer"
FROM monthly AS m
JOIN daily AS d ON d.month = m.period_start
JOIN per_customer AS c ON c.month = m.period_start
ORDER BY m.period_start;

\echo
\echo '== Customers per month: retention and churn (periods() over customers.signed_up_at/left_at)'
\echo '   Retention: (customers at the end - new) / customers at the start.  Churn: customers at'
\echo '   the start who left in the month / customers at the start.  2025: the year as one period.'
\echo
SELECT to_char(period_start, 'YYYY-MM') AS month,
	at_start AS "at start", opened AS new, closed AS "left", at_end AS "at end",
	round(retention_rate::numeric, 1) AS "retention %", round(churn_rate::numeric, 1) AS "churn %"
FROM periods((SELECT timeline_agg(signed_up_at, left_at, '2025-01-01', '2026-01-01', '1 month')
			  FROM customers))
UNION ALL
SELECT '2025', NULL, NULL, NULL, NULL,
	round(retention_rate(signed_up_at, left_at, '2025-01-01', '2026-01-01')::numeric, 1),
	round(churn_rate(signed_up_at, left_at, '2025-01-01', '2026-01-01')::numeric, 1)
FROM customers;

RESET TimeZone;

\echo
\echo '== Agents per month: tickets handled (created, human-touched) and closed (resolved) per agent'
\echo
WITH handled AS (
	SELECT to_char(created_at AT TIME ZONE 'Europe/Berlin', 'YYYY-MM') AS month, agent_id, count(*) AS n
	FROM tickets
	WHERE human_touched
	GROUP BY 1, 2
), closed AS (
	SELECT to_char(resolved_at AT TIME ZONE 'Europe/Berlin', 'YYYY-MM') AS month, agent_id, count(*) AS n
	FROM tickets
	WHERE human_touched AND resolved_at IS NOT NULL
	GROUP BY 1, 2
)
SELECT month, count(*) AS agents,
	round(avg(coalesce(h.n, 0)), 1) AS "handled per agent",
	round(avg(coalesce(c.n, 0)), 1) AS "closed per agent",
	min(coalesce(c.n, 0)) AS "fewest closed", max(c.n) AS "most closed"
FROM handled AS h
FULL JOIN closed AS c USING (month, agent_id)
GROUP BY month
ORDER BY month;

\echo
\echo '== Time in status per channel (resolved tickets, from status_changes)'
\echo '   Requester wait: new + open + hold (the customer waits on us).  Agent wait: pending (we'
\echo '   wait on the customer).  On hold: mean over the tickets put on hold.  SLA clock: business'
\echo '   time in new + open (paused while pending or on hold), median and % within 8 hours.'
\echo
SELECT CASE WHEN GROUPING(channel) = 1 THEN 'all' ELSE channel END AS channel,
	date_trunc('minute', justify_hours(avg(requester_wait))) AS "requester wait",
	date_trunc('minute', justify_hours(avg(agent_wait))) AS "agent wait",
	round(pct(on_hold > interval '0')::numeric, 1) AS "% on hold",
	date_trunc('minute', justify_hours(avg(on_hold) FILTER (WHERE on_hold > interval '0'))) AS "on hold",
	date_trunc('minute', duration_percentile(sla_clock, 0.5)) AS "SLA clock median",
	round(sla_rate(sla_clock, interval '8 hours')::numeric, 1) AS "SLA 8h %"
FROM (
	SELECT t.channel,
		time_in_status(s.changed_at, s.status, '{new,open,hold}') AS requester_wait,
		time_in_status(s.changed_at, s.status, '{pending}') AS agent_wait,
		time_in_status(s.changed_at, s.status, '{hold}') AS on_hold,
		time_in_status(s.changed_at, s.status, '{new,open}', teams.cal) AS sla_clock
	FROM tickets AS t
	JOIN status_changes AS s ON s.ticket_id = t.id
	JOIN teams ON teams.name = 'support'
	WHERE t.resolved_at IS NOT NULL
	GROUP BY t.id, t.channel
) AS per_ticket
GROUP BY GROUPING SETS ((channel), ())
ORDER BY GROUPING(channel), count(*) DESC;

\echo
\echo '== Contact centre per month (calls)'
\echo '   SL: % of offered calls answered within 20 s (target 80); "-short": calls abandoned within'
\echo '   5 s left out.  Abandoned: % of offered calls.  AHT: talk + hold + after-call work.'
\echo
SELECT to_char(offered_at AT TIME ZONE 'Europe/Berlin', 'YYYY-MM') AS month,
	count(*) AS offered,
	round(service_level(wait, answered, interval '20 seconds')::numeric, 1) AS "SL %",
	round(service_level(wait, answered, interval '20 seconds', interval '5 seconds')::numeric, 1)
		AS "SL-short %",
	round(abandonment_rate(answered)::numeric, 1) AS "abandoned %",
	round(abandonment_rate(wait, answered, interval '5 seconds')::numeric, 1) AS "abandoned-short %",
	date_trunc('second', avg(talk + hold + acw)) AS "AHT",
	date_trunc('second', avg(hold)) AS "hold mean",
	round(extract(epoch FROM sum(hold)) / 3600) AS "hold hours"
FROM calls
GROUP BY 1
ORDER BY 1;

-- ---------------------------------------------------------------------------
-- Commerce and self-service
-- ---------------------------------------------------------------------------

\echo
\echo '== Converted tickets per channel: an order by the same customer within 3 days of the first reply'
\echo '   (% of answered tickets; split by a first reply within the hour or later)'
\echo
SELECT CASE WHEN GROUPING(channel) = 1 THEN 'all' ELSE channel END AS channel,
	count(*) AS answered,
	count(*) FILTER (WHERE converted) AS converted,
	round(pct(converted)::numeric, 1) AS "converted %",
	round((pct(converted) FILTER (WHERE frt <= interval '1 hour'))::numeric, 1) AS "FRT <= 1h",
	round((pct(converted) FILTER (WHERE frt > interval '1 hour'))::numeric, 1) AS "FRT > 1h"
FROM (
	SELECT t.channel, r.frt,
		EXISTS (SELECT FROM orders AS o
				WHERE o.customer_id = t.customer_id
					AND o.ordered_at BETWEEN r.asked_at + r.frt AND r.asked_at + r.frt + interval '3 days')
			AS converted
	FROM tickets AS t
	JOIN (
		SELECT ticket_id, min(sent_at) FILTER (WHERE NOT from_agent) AS asked_at,
			first_response_time(sent_at, from_agent) AS frt
		FROM messages
		GROUP BY ticket_id
	) AS r ON r.ticket_id = t.id
	WHERE r.frt IS NOT NULL
) AS answered
GROUP BY GROUPING SETS ((channel), ())
ORDER BY GROUPING(channel), count(*) DESC;

\echo
\echo '== Orders per quarter: repeat purchases, cross-sell and up-sell'
\echo '   Repeat: % of the quarter''s buyers who bought more than once in it.  Returning: buyers'
\echo '   who ordered in the quarter after their first order; cross-sell / up-sell: % of them whose'
\echo '   later order was another product line / a pricier item of their first order''s line.'
\echo
WITH q AS (
	SELECT o.*, to_char(o.ordered_at AT TIME ZONE 'Europe/Berlin', 'YYYY-"Q"Q') AS quarter
	FROM orders AS o
), first_order AS (
	SELECT DISTINCT ON (customer_id) customer_id, ordered_at, product_line, price
	FROM orders
	ORDER BY customer_id, ordered_at
), returners AS (
	SELECT q.quarter, q.customer_id,
		bool_or(q.product_line <> f.product_line) AS cross_sold,
		bool_or(q.product_line = f.product_line AND q.price > f.price) AS up_sold
	FROM q
	JOIN first_order AS f ON f.customer_id = q.customer_id AND q.ordered_at > f.ordered_at
	GROUP BY 1, 2
)
SELECT b.quarter, b.buyers, b.orders,
	round(b.repeat::numeric, 1) AS "repeat %",
	count(r.customer_id) AS returning,
	round(pct(r.cross_sold)::numeric, 1) AS "cross-sell %",
	round(pct(r.up_sold)::numeric, 1) AS "up-sell %"
FROM (
	SELECT quarter, count(*) AS buyers, sum(n) AS orders, pct(n > 1) AS repeat
	FROM (SELECT quarter, customer_id, count(*) AS n FROM q GROUP BY 1, 2) AS per_buyer
	GROUP BY quarter
) AS b
LEFT JOIN returners AS r USING (quarter)
GROUP BY b.quarter, b.buyers, b.orders, b.repeat
ORDER BY b.quarter;

\echo
\echo '== Help centre: article reads and read time'
\echo
SELECT article, count(*) AS reads, count(DISTINCT customer_id) AS "signed-in readers",
	round(avg(read_seconds)) AS "mean s", value_percentile(read_seconds, 0.5) AS "median s"
FROM article_reads
GROUP BY article
ORDER BY reads DESC, article;

\echo
\echo '== Employee NPS per quarter (staff pulse survey: would you recommend working here?)'
\echo
SELECT to_char(answered_at AT TIME ZONE 'Europe/Berlin', 'YYYY-"Q"Q') AS quarter,
	count(*) AS answers,
	format('%5s ± %s', round(nps(score)::numeric, 1), round(nps_margin(score)::numeric, 1)) AS "eNPS"
FROM staff_surveys
GROUP BY 1
ORDER BY 1;

-- ---------------------------------------------------------------------------
-- Marketplace rules
-- ---------------------------------------------------------------------------

\echo
\echo '== Facebook "very responsive": >= 90 % of new conversations answered, mean first response'
\echo '   <= 5 minutes, over the 7 days before each date (social is the Facebook page; chat shown'
\echo '   for comparison).  Live, the date is now().'
\echo
SELECT to_char(as_of AT TIME ZONE 'Europe/Berlin', 'YYYY-MM-DD') AS "7 days to", channel,
	count(*) AS conversations,
	round(pct(frt IS NOT NULL)::numeric, 1) AS "answered %",
	date_trunc('second', avg(frt)) AS "mean FRT",
	pct(frt IS NOT NULL) >= 90 AND avg(frt) <= interval '5 minutes' AS "very responsive"
FROM generate_series(timestamptz '2025-12-11 00:00 Europe/Berlin',
		timestamptz '2026-01-01 00:00 Europe/Berlin', interval '7 days') AS as_of
JOIN (
	SELECT t.channel, t.created_at, first_response_time(m.sent_at, m.from_agent) AS frt
	FROM tickets AS t
	JOIN messages AS m ON m.ticket_id = t.id
	WHERE t.channel IN ('social', 'chat')
		AND t.created_at >= timestamptz '2025-12-04 00:00 Europe/Berlin'
	GROUP BY t.id
) AS c ON c.created_at >= as_of - interval '7 days' AND c.created_at < as_of
GROUP BY as_of, channel
ORDER BY as_of, channel DESC;

\echo
\echo '== Amazon''s rule: % of customer messages answered within 24 hours, per channel'
\echo '   (each message timed to the next agent message; an unanswered one is late once 24 h pass)'
\echo
SELECT CASE WHEN GROUPING(t.channel) = 1 THEN 'all' ELSE t.channel END AS channel,
	count(*) AS "customer messages",
	round(sla_rate(m.sent_at,
		(SELECT min(r.sent_at) FROM messages AS r
		 WHERE r.ticket_id = m.ticket_id AND r.from_agent AND r.sent_at > m.sent_at),
		interval '24 hours')::numeric, 1) AS "within 24h %"
FROM messages AS m
JOIN tickets AS t ON t.id = m.ticket_id
WHERE NOT m.from_agent
GROUP BY GROUPING SETS ((t.channel), ())
ORDER BY GROUPING(t.channel), count(*) DESC;

-- ---------------------------------------------------------------------------
-- Is a change real?
-- ---------------------------------------------------------------------------

\echo
\echo '== Is the June email drop significant?  NPS and CSAT of June minus May 2025, from the'
\echo '   daily states, with the 95 % interval of the change and its p-value (chat, steady, for'
\echo '   comparison).  A p-value below 0.05 and an interval clear of 0: not the noise of sampling.'
\echo
WITH months AS (
	SELECT channel,
		nps_change(rollup(nps_state) FILTER (WHERE day < date '2025-06-01'),
			rollup(nps_state) FILTER (WHERE day >= date '2025-06-01')) AS nps,
		csat_change(rollup(csat_state) FILTER (WHERE day < date '2025-06-01'),
			rollup(csat_state) FILTER (WHERE day >= date '2025-06-01')) AS csat
	FROM daily_survey
	WHERE day >= date '2025-05-01' AND day < date '2025-07-01' AND channel IN ('email', 'chat')
	GROUP BY channel
), changes AS (
	SELECT channel, 'NPS' AS metric, (nps).* FROM months
	UNION ALL
	SELECT channel, 'CSAT %', (csat).* FROM months
)
SELECT channel, metric, n_a AS "May n", n_b AS "June n",
	round(difference::numeric, 1) AS "June - May",
	format('%s .. %s', round(lower::numeric, 1), round(upper::numeric, 1)) AS "95 % interval",
	CASE WHEN p_value < 0.001 THEN '< 0.001' ELSE round(p_value::numeric, 3)::text END AS "p-value"
FROM changes
ORDER BY channel DESC, metric DESC;

-- Staffing: agents needed per half hour (Erlang C)
-- ---------------------------------------------------------------------------

\echo
\echo '== Agents needed per half hour (Erlang C), December 1-28, Berlin time'
\echo '   Calls: mean offered per day in the half hour; AHT: mean talk + hold + after-call work of'
\echo '   the answered ones.  Agents: the fewest on the phones for 80 % answered within 20 s, busy at'
\echo '   most 85 % of the time; SL and ASA: what that staffing gives by the model (no abandonment,'
\echo '   Poisson arrivals, exponential handle times).  Half hours with under one call a day left out.'
\echo
SELECT to_char(half_hour, 'HH24:MI') AS "half hour",
	round(offered::numeric, 1) AS calls,
	date_trunc('second', aht) AS "AHT",
	agents,
	round((100 * erlang_c_service_level(offered, aht, '30 minutes', agents, '20 seconds'))::numeric, 1)
		AS "SL %",
	round(erlang_c_asa_seconds(offered, aht, '30 minutes', agents)::numeric, 1) AS "ASA s",
	round((100 * erlang_c_occupancy(offered, aht, '30 minutes', agents))::numeric, 1) AS "occupancy %"
FROM (
	SELECT date_trunc('hour', local_at)
			+ interval '30 minutes' * (extract(minute FROM local_at) >= 30)::int AS half_hour,
		count(*) / 28.0 AS offered,
		coalesce(avg(talk + hold + acw),
			(SELECT avg(talk + hold + acw) FROM calls
			 WHERE offered_at >= timestamptz '2025-12-01 00:00 Europe/Berlin'
				AND offered_at < timestamptz '2025-12-29 00:00 Europe/Berlin')) AS aht
	FROM (SELECT *, (offered_at AT TIME ZONE 'Europe/Berlin')::time AS local_at FROM calls) AS c
	WHERE offered_at >= timestamptz '2025-12-01 00:00 Europe/Berlin'
		AND offered_at < timestamptz '2025-12-29 00:00 Europe/Berlin'
	GROUP BY 1
) AS slots,
LATERAL (SELECT erlang_c_agents(offered, aht, '30 minutes', 0.8, '20 seconds', 0.85) AS agents) AS staffing
WHERE offered >= 1
ORDER BY half_hour;

-- ---------------------------------------------------------------------------
-- Reopens and resolution times
-- ---------------------------------------------------------------------------
\echo
\echo '== Reopen rate per channel (from status_changes)'
\echo '   Reopened: % of solved tickets that left solved for another status at least once; reopens'
\echo '   per 100 solved tickets.'
\echo
SELECT CASE WHEN GROUPING(channel) = 1 THEN 'all' ELSE channel END AS channel,
	count(*) AS "solved tickets",
	round(pct(reopens > 0)::numeric, 1) AS "reopened %",
	round(100.0 * sum(reopens) / count(*), 1) AS "reopens per 100"
FROM (
	SELECT t.channel, reopens(s.changed_at, s.status, '{solved}') AS reopens,
		first_resolution_time(s.changed_at, s.status, '{solved}') AS first
	FROM tickets AS t
	JOIN status_changes AS s ON s.ticket_id = t.id
	GROUP BY t.id, t.channel
) AS per_ticket
WHERE first IS NOT NULL
GROUP BY GROUPING SETS ((channel), ())
ORDER BY GROUPING(channel), count(*) DESC;

\echo
\echo '== First vs full resolution (median and 90th percentile), per channel, from created_at'
\echo '   First: to the first solve; full: to the latest solve (equal when never reopened).'
\echo '   Business: the support team''s calendar.'
\echo
SELECT CASE WHEN GROUPING(channel) = 1 THEN 'all' ELSE channel END AS channel,
	date_trunc('minute', duration_percentile(first_res, 0.5)) AS "first median",
	date_trunc('minute', duration_percentile(full_res, 0.5)) AS "full median",
	date_trunc('minute', duration_percentile(first_res, 0.9)) AS "first p90",
	date_trunc('minute', duration_percentile(full_res, 0.9)) AS "full p90",
	date_trunc('minute', duration_percentile(first_business, 0.5)) AS "first median (business)",
	date_trunc('minute', duration_percentile(full_business, 0.5)) AS "full median (business)"
FROM (
	SELECT t.channel,
		first_resolution_time(s.changed_at, s.status, '{solved}', t.created_at) AS first_res,
		full_resolution_time(s.changed_at, s.status, '{solved}', t.created_at) AS full_res,
		first_resolution_time(s.changed_at, s.status, '{solved}', teams.cal, t.created_at) AS first_business,
		full_resolution_time(s.changed_at, s.status, '{solved}', teams.cal, t.created_at) AS full_business
	FROM tickets AS t
	JOIN status_changes AS s ON s.ticket_id = t.id
	JOIN teams ON teams.name = 'support'
	GROUP BY t.id, t.channel, t.created_at, teams.cal
) AS per_ticket
WHERE full_res IS NOT NULL
GROUP BY GROUPING SETS ((channel), ())
ORDER BY GROUPING(channel), count(*) DESC;
