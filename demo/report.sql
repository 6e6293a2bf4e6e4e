-- demo/report.sql: the csmetrics demo's KPI report, a psql script.
--
-- Reads tickets, messages and survey_responses (demo/data.sql) from
-- search_path and prints the survey KPIs per channel and per month, then the
-- response-time, SLA and resolution KPIs per channel.  The monthly part is
-- computed the way a team would run it on a live database: survey states per
-- day in a materialized view, merged into months with rollup().
--
-- Days and months are the support team's (Europe/Berlin), spelt out in each
-- query so the figures do not depend on the session's TimeZone.
--
-- Run: psql -X -v ON_ERROR_STOP=1 -q -f demo/report.sql

\pset footer off
\pset null '-'
-- Rerunning drops daily_survey first; no notice on the first run.
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
