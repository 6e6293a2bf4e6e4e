-- test/citus/expected.sql: what the Citus test (test/citus/run.sh) expects
-- of every aggregate of csmetrics, and of the window and stored-state
-- queries.  Edit here when an aggregate is added or changes how Citus runs it.
--
-- citus_test.aggregates: one row per aggregate; the test fails when an
-- aggregate of the extension has no row.
--   aggregate  name(argument types), as oidvectortypes() spells them
--   call       the call tested, over columns of source
--   source     the table (tickets, messages, status_changes, surveys, calls,
--              states; see data.sql); the distribution column comes from Citus
--   group_by   a grouping expression that is not the distribution column
--   split      the plan class when not grouped by the distribution column:
--              'partial' (worker_partial_agg on the shards, combined on the
--              coordinator) or 'pulled' (rows pulled to the coordinator,
--              allowed only for the exact percentiles and, for now, the
--              per-ticket section at the end).  Grouped by the distribution
--              column, every aggregate must run whole on the workers.
--   kind       'exact percentile', 'reads now()' (results compared only
--              through its as_of form), 'as_of form' (may not exist yet)
--
-- Expected as issue 9 wants it at the end: duration_agg, rollup(duration_sketch),
-- timeline_agg and rollup(timeline) are 'partial' once their state is a real
-- type (while it is internal, Citus pulls their rows and the check fails).

\set ON_ERROR_STOP on
\set QUIET on

INSERT INTO citus_test.aggregates (aggregate, call, source, group_by, split, kind) VALUES
-- survey family: the survey state type, text form n=... 0:c ...
('nps(integer)',                     'nps(nps_score)',                      'surveys', 'channel', 'partial', NULL),
('nps_margin(integer)',              'nps_margin(nps_score)',               'surveys', 'channel', 'partial', NULL),
('csat(integer)',                    'csat(csat_score)',                    'surveys', 'channel', 'partial', NULL),
('csat_lower(integer)',              'csat_lower(csat_score)',              'surveys', 'channel', 'partial', NULL),
('csat_upper(integer)',              'csat_upper(csat_score)',              'surveys', 'channel', 'partial', NULL),
('ces(integer)',                     'ces(ces_score)',                      'surveys', 'channel', 'partial', NULL),
('negative_feedback_rate(integer)',  'negative_feedback_rate(stars)',       'surveys', 'channel', 'partial', NULL),
('positive_review_rate(integer)',    'positive_review_rate(stars)',         'surveys', 'channel', 'partial', NULL),
('survey_agg(integer)',              'survey_agg(nps_score)',               'surveys', 'channel', 'partial', NULL),
('rollup(survey)',                   'rollup(nps_state)',                   'states',  'channel', 'partial', NULL),
-- share-state rates: int8[2] {true, count}
('pct(boolean)',                     'pct(contacts > 1)',                   'tickets', 'channel', 'partial', NULL),
('csat(boolean)',                    'csat(thumbs_up)',                     'surveys', 'channel', 'partial', NULL),
('csat_lower(boolean)',              'csat_lower(thumbs_up)',               'surveys', 'channel', 'partial', NULL),
('csat_upper(boolean)',              'csat_upper(thumbs_up)',               'surveys', 'channel', 'partial', NULL),
('sla_rate(interval, interval)',     'sla_rate(first_reply_at - created_at, ''1 hour'')', 'tickets', 'channel', 'partial', NULL),
('sla_rate(timestamp with time zone, timestamp with time zone, interval)',
                                     'sla_rate(created_at, resolved_at, ''24 hours'')', 'tickets', 'channel', 'partial', 'reads now()'),
('sla_rate(timestamp with time zone, timestamp with time zone, interval, calendar)',
                                     'sla_rate(created_at, first_reply_at, ''8 hours'', ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar)',
                                                                            'tickets', 'channel', 'partial', 'reads now()'),
('fcr_rate(integer)',                'fcr_rate(contacts)',                  'tickets', 'channel', 'partial', NULL),
('fcr_rate(boolean)',                'fcr_rate(contacts = 1)',              'tickets', 'channel', 'partial', NULL),
('one_touch_rate(integer)',          'one_touch_rate(agent_replies)',       'tickets', 'channel', 'partial', NULL),
('resolution_rate(boolean)',         'resolution_rate(resolved_at IS NOT NULL)', 'tickets', 'channel', 'partial', NULL),
('automation_rate(boolean)',         'automation_rate(agent_id IS NOT NULL)', 'tickets', 'channel', 'partial', NULL),
('service_level(interval, boolean, interval)',
                                     'service_level(wait, answered, ''20 seconds'')', 'calls', 'agent_id', 'partial', NULL),
('service_level(interval, boolean, interval, interval)',
                                     'service_level(wait, answered, ''20 seconds'', ''5 seconds'')', 'calls', 'agent_id', 'partial', NULL),
('abandonment_rate(boolean)',        'abandonment_rate(answered)',          'calls',   'agent_id', 'partial', NULL),
('abandonment_rate(interval, boolean, interval)',
                                     'abandonment_rate(wait, answered, ''5 seconds'')', 'calls', 'agent_id', 'partial', NULL),
-- single-period retention and churn: int8[8]
('retention_rate(timestamp with time zone, timestamp with time zone, timestamp with time zone, timestamp with time zone)',
                                     'retention_rate(created_at, resolved_at, ''2025-03-01'', ''2025-04-01'')', 'tickets', 'channel', 'partial', NULL),
('churn_rate(timestamp with time zone, timestamp with time zone, timestamp with time zone, timestamp with time zone)',
                                     'churn_rate(created_at, resolved_at, ''2025-03-01'', ''2025-04-01'')', 'tickets', 'channel', 'partial', NULL),
-- duration sketch and timelines: partial once their state is a real type
('duration_agg(interval)',           'duration_agg(resolved_at - created_at)', 'tickets', 'channel', 'partial', NULL),
('rollup(duration_sketch)',          'rollup(resolution)',                  'states',  'channel', 'partial', NULL),
('timeline_agg(timestamp with time zone, timestamp with time zone, timestamp with time zone, timestamp with time zone, interval)',
                                     'timeline_agg(created_at, resolved_at, ''2025-01-01'', ''2026-01-01'', ''7 days'')', 'tickets', 'channel', 'partial', NULL),
('rollup(timeline)',                 'rollup(backlog)',                     'states',  'channel', 'partial', NULL),
-- exact percentiles: every value is needed, so the rows go to the coordinator
('duration_percentile(interval, double precision)',
                                     'duration_percentile(resolved_at - created_at, 0.9)', 'tickets', 'channel', 'pulled', 'exact percentile'),
('duration_percentile(interval, double precision[])',
                                     'duration_percentile(resolved_at - created_at, ARRAY[0.5, 0.9, 0.99])', 'tickets', 'channel', 'pulled', 'exact percentile'),
('duration_percentile_seconds(interval, double precision)',
                                     'duration_percentile_seconds(resolved_at - created_at, 0.9)', 'tickets', 'channel', 'pulled', 'exact percentile'),
('duration_percentile_seconds(interval, double precision[])',
                                     'duration_percentile_seconds(resolved_at - created_at, ARRAY[0.5, 0.9, 0.99])', 'tickets', 'channel', 'pulled', 'exact percentile'),
('value_percentile(double precision, double precision)',
                                     'value_percentile(handle_seconds, 0.9)', 'tickets', 'channel', 'pulled', 'exact percentile'),
('value_percentile(double precision, double precision[])',
                                     'value_percentile(handle_seconds, ARRAY[0.5, 0.9])', 'tickets', 'channel', 'pulled', 'exact percentile'),
-- as_of forms of the aggregates that read now(): compared in their place
-- once csmetrics has them (skipped until then)
('sla_rate(timestamp with time zone, timestamp with time zone, interval, timestamp with time zone)',
                                     'sla_rate(created_at, resolved_at, ''24 hours'', timestamptz ''2026-01-01 00:00+00'')', 'tickets', 'channel', 'partial', 'as_of form'),
('sla_rate(timestamp with time zone, timestamp with time zone, interval, calendar, timestamp with time zone)',
                                     'sla_rate(created_at, first_reply_at, ''8 hours'', ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar, timestamptz ''2026-01-01 00:00+00'')',
                                                                            'tickets', 'channel', 'partial', 'as_of form');

-- ===========================================================================
-- PER-TICKET AGGREGATES: used grouped by ticket (the distribution column),
-- where they run whole on the workers, which the test checks.  The
-- conversation timings keep their state in frt_state and reply_state, so
-- over a whole table or grouped otherwise (ticket_id % 7 mixes tickets)
-- Citus splits them; time_in_status's state is still internal (and so is
-- that of reopens and the resolution times, which share it), so Citus
-- pulls its rows: 'pulled' records that ungrouped class.  Change a row to
-- 'partial' when its aggregate gets a real state type.
-- ===========================================================================
INSERT INTO citus_test.aggregates (aggregate, call, source, group_by, split, kind, per_ticket) VALUES
('first_response_time(timestamp with time zone, boolean)',
                                     'first_response_time(sent_at, from_agent)', 'messages', 'ticket_id % 7', 'partial', NULL, true),
('first_response_seconds(timestamp with time zone, boolean)',
                                     'first_response_seconds(sent_at, from_agent)', 'messages', 'ticket_id % 7', 'partial', NULL, true),
('avg_response_time(timestamp with time zone, boolean)',
                                     'avg_response_time(sent_at, from_agent)', 'messages', 'ticket_id % 7', 'partial', NULL, true),
('avg_response_seconds(timestamp with time zone, boolean)',
                                     'avg_response_seconds(sent_at, from_agent)', 'messages', 'ticket_id % 7', 'partial', NULL, true),
('first_response_time(timestamp with time zone, boolean, calendar)',
                                     'first_response_time(sent_at, from_agent, ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar)', 'messages', 'ticket_id % 7', 'partial', NULL, true),
('first_response_seconds(timestamp with time zone, boolean, calendar)',
                                     'first_response_seconds(sent_at, from_agent, ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar)', 'messages', 'ticket_id % 7', 'partial', NULL, true),
('avg_response_time(timestamp with time zone, boolean, calendar)',
                                     'avg_response_time(sent_at, from_agent, ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar)', 'messages', 'ticket_id % 7', 'partial', NULL, true),
('avg_response_seconds(timestamp with time zone, boolean, calendar)',
                                     'avg_response_seconds(sent_at, from_agent, ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar)', 'messages', 'ticket_id % 7', 'partial', NULL, true),
('time_in_status(timestamp with time zone, text, text[])',
                                     'time_in_status(changed_at, status, ''{new,open}'')', 'status_changes', NULL, 'pulled', 'reads now()', true),
('time_in_status(timestamp with time zone, text, text[], calendar)',
                                     'time_in_status(changed_at, status, ''{new,open}'', ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar)', 'status_changes', NULL, 'pulled', 'reads now()', true),
('time_in_status_seconds(timestamp with time zone, text, text[])',
                                     'time_in_status_seconds(changed_at, status, ''{pending}'')', 'status_changes', NULL, 'pulled', 'reads now()', true),
('time_in_status_seconds(timestamp with time zone, text, text[], calendar)',
                                     'time_in_status_seconds(changed_at, status, ''{pending}'', ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar)', 'status_changes', NULL, 'pulled', 'reads now()', true),
-- their as_of forms, once csmetrics has them
('time_in_status(timestamp with time zone, text, text[], timestamp with time zone)',
                                     'time_in_status(changed_at, status, ''{new,open}'', timestamptz ''2026-01-01 00:00+00'')', 'status_changes', NULL, 'pulled', 'as_of form', true),
('time_in_status(timestamp with time zone, text, text[], calendar, timestamp with time zone)',
                                     'time_in_status(changed_at, status, ''{new,open}'', ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar, timestamptz ''2026-01-01 00:00+00'')', 'status_changes', NULL, 'pulled', 'as_of form', true),
('time_in_status_seconds(timestamp with time zone, text, text[], timestamp with time zone)',
                                     'time_in_status_seconds(changed_at, status, ''{pending}'', timestamptz ''2026-01-01 00:00+00'')', 'status_changes', NULL, 'pulled', 'as_of form', true),
('time_in_status_seconds(timestamp with time zone, text, text[], calendar, timestamp with time zone)',
                                     'time_in_status_seconds(changed_at, status, ''{pending}'', ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar, timestamptz ''2026-01-01 00:00+00'')', 'status_changes', NULL, 'pulled', 'as_of form', true),
-- reopens and the resolution times: the same internal state as time_in_status,
-- so pulled likewise; they read no clock, so their results are compared
('reopens(timestamp with time zone, text, text[])',
                                     'reopens(changed_at, status, ''{solved,closed}'')', 'status_changes', NULL, 'pulled', NULL, true),
('first_resolution_time(timestamp with time zone, text, text[])',
                                     'first_resolution_time(changed_at, status, ''{solved,closed}'')', 'status_changes', NULL, 'pulled', NULL, true),
('first_resolution_time(timestamp with time zone, text, text[], calendar)',
                                     'first_resolution_time(changed_at, status, ''{solved,closed}'', ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar)', 'status_changes', NULL, 'pulled', NULL, true),
('first_resolution_time(timestamp with time zone, text, text[], timestamp with time zone)',
                                     'first_resolution_time(changed_at, status, ''{solved,closed}'', timestamptz ''2025-01-01 00:00+00'')', 'status_changes', NULL, 'pulled', NULL, true),
('first_resolution_time(timestamp with time zone, text, text[], calendar, timestamp with time zone)',
                                     'first_resolution_time(changed_at, status, ''{solved,closed}'', ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar, timestamptz ''2025-01-01 00:00+00'')', 'status_changes', NULL, 'pulled', NULL, true),
('first_resolution_time_seconds(timestamp with time zone, text, text[])',
                                     'first_resolution_time_seconds(changed_at, status, ''{solved,closed}'')', 'status_changes', NULL, 'pulled', NULL, true),
('first_resolution_time_seconds(timestamp with time zone, text, text[], calendar)',
                                     'first_resolution_time_seconds(changed_at, status, ''{solved,closed}'', ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar)', 'status_changes', NULL, 'pulled', NULL, true),
('first_resolution_time_seconds(timestamp with time zone, text, text[], timestamp with time zone)',
                                     'first_resolution_time_seconds(changed_at, status, ''{solved,closed}'', timestamptz ''2025-01-01 00:00+00'')', 'status_changes', NULL, 'pulled', NULL, true),
('first_resolution_time_seconds(timestamp with time zone, text, text[], calendar, timestamp with time zone)',
                                     'first_resolution_time_seconds(changed_at, status, ''{solved,closed}'', ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar, timestamptz ''2025-01-01 00:00+00'')', 'status_changes', NULL, 'pulled', NULL, true),
('full_resolution_time(timestamp with time zone, text, text[])',
                                     'full_resolution_time(changed_at, status, ''{solved,closed}'')', 'status_changes', NULL, 'pulled', NULL, true),
('full_resolution_time(timestamp with time zone, text, text[], calendar)',
                                     'full_resolution_time(changed_at, status, ''{solved,closed}'', ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar)', 'status_changes', NULL, 'pulled', NULL, true),
('full_resolution_time(timestamp with time zone, text, text[], timestamp with time zone)',
                                     'full_resolution_time(changed_at, status, ''{solved,closed}'', timestamptz ''2025-01-01 00:00+00'')', 'status_changes', NULL, 'pulled', NULL, true),
('full_resolution_time(timestamp with time zone, text, text[], calendar, timestamp with time zone)',
                                     'full_resolution_time(changed_at, status, ''{solved,closed}'', ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar, timestamptz ''2025-01-01 00:00+00'')', 'status_changes', NULL, 'pulled', NULL, true),
('full_resolution_time_seconds(timestamp with time zone, text, text[])',
                                     'full_resolution_time_seconds(changed_at, status, ''{solved,closed}'')', 'status_changes', NULL, 'pulled', NULL, true),
('full_resolution_time_seconds(timestamp with time zone, text, text[], calendar)',
                                     'full_resolution_time_seconds(changed_at, status, ''{solved,closed}'', ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar)', 'status_changes', NULL, 'pulled', NULL, true),
('full_resolution_time_seconds(timestamp with time zone, text, text[], timestamp with time zone)',
                                     'full_resolution_time_seconds(changed_at, status, ''{solved,closed}'', timestamptz ''2025-01-01 00:00+00'')', 'status_changes', NULL, 'pulled', NULL, true),
('full_resolution_time_seconds(timestamp with time zone, text, text[], calendar, timestamp with time zone)',
                                     'full_resolution_time_seconds(changed_at, status, ''{solved,closed}'', ''mon-fri 09:00-17:00; tz Europe/Berlin''::calendar, timestamptz ''2025-01-01 00:00+00'')', 'status_changes', NULL, 'pulled', NULL, true);

-- ===========================================================================
-- Windows, stored states, time zones: other queries, each with the plan class of its
-- function (fname).  Citus runs a window on the workers only when it is
-- partitioned by the distribution column; otherwise it pulls the window's
-- rows to the coordinator and runs it there, whatever the aggregation
-- strategy (the strategy setting concerns grouped aggregates only).  Two
-- messages of one ticket can be identical, and a reply answers only one of
-- them: the window queries order by their result too.
-- ===========================================================================
INSERT INTO citus_test.queries (grp, name, fname, expect, settings, query) VALUES
('windows', 'response_time over (partition by ticket_id order by sent_at)', 'response_time', 'workers', NULL,
 'SELECT ticket_id, sent_at, from_agent, response_time(sent_at, from_agent) OVER (PARTITION BY ticket_id ORDER BY sent_at)
  FROM messages WHERE ticket_id % 4 = 0 ORDER BY 1, 2, 3, 4'),
('windows', 'response_seconds with a calendar over (partition by ticket_id)', 'response_seconds', 'workers', NULL,
 'SELECT ticket_id, sent_at, from_agent, response_seconds(sent_at, from_agent, ''mon-fri 09:00-17:00; tz Europe/Berlin'') OVER (PARTITION BY ticket_id)
  FROM messages WHERE ticket_id % 4 = 0 ORDER BY 1, 2, 3, 4'),
('windows', 'response_time over () (one conversation, not partitioned)', 'response_time', 'pulled', NULL,
 'SELECT ticket_id, sent_at, from_agent, response_time(sent_at, from_agent) OVER ()
  FROM messages WHERE ticket_id % 500 = 0 ORDER BY 1, 2, 3, 4'),
('windows', 'nps over (partition by ticket_id)', 'nps', 'workers', NULL,
 'SELECT ticket_id, nps(nps_score) OVER (PARTITION BY ticket_id) FROM surveys WHERE ticket_id % 4 = 0 ORDER BY 1'),
('windows', 'moving nps over (partition by channel), not the distribution column', 'nps', 'pulled', NULL,
 'SELECT ticket_id, nps(nps_score) OVER (PARTITION BY channel ORDER BY answered_at, ticket_id ROWS 99 PRECEDING)
  FROM surveys ORDER BY 1'),
('windows', 'moving pct over (order by id), strategy disabled', 'pct', 'pulled', 'citus.coordinator_aggregation_strategy=disabled',
 'SELECT id, pct(contacts > 1) OVER (ORDER BY id ROWS 99 PRECEDING) FROM tickets ORDER BY 1'),
('windows', 'moving duration_percentile over (partition by channel)', 'duration_percentile', 'pulled', NULL,
 'SELECT id, duration_percentile(resolved_at - created_at, 0.5) OVER (PARTITION BY channel ORDER BY id ROWS 20 PRECEDING)
  FROM tickets WHERE id % 20 = 0 ORDER BY 1'),
('windows', 'moving rollup(survey) over (partition by agent_id)', 'rollup', 'workers', NULL,
 'SELECT agent_id, month, channel, rollup(nps_state) OVER (PARTITION BY agent_id ORDER BY month, channel ROWS 5 PRECEDING)
  FROM states ORDER BY 1, 2, 3'),
('windows', 'moving rollup(duration_sketch) over (partition by agent_id)', 'rollup', 'workers', NULL,
 'SELECT agent_id, month, channel, rollup(resolution) OVER (PARTITION BY agent_id ORDER BY month, channel ROWS 5 PRECEDING)
  FROM states ORDER BY 1, 2, 3'),
('windows', 'moving rollup(survey) over (partition by channel), not the distribution column', 'rollup', 'pulled', NULL,
 'SELECT agent_id, month, channel, nps(rollup(nps_state) OVER (PARTITION BY channel ORDER BY month, agent_id ROWS 5 PRECEDING))
  FROM states ORDER BY 1, 2, 3'),
('windows', 'moving rollup(duration_sketch) over (order by month), not partitioned', 'rollup', 'pulled', NULL,
 'SELECT agent_id, month, channel, percentile(rollup(resolution) OVER (ORDER BY month, agent_id, channel ROWS 50 PRECEDING), 0.9)
  FROM states ORDER BY 1, 2, 3'),
-- stored states: distributed by agent_id, rolled up by month (partial), by
-- agent (on the workers), and back to the year, which equals the aggregate
-- of every raw row
('stored states', 'the states as stored (text form through Citus)', NULL, 'workers', NULL,
 'SELECT agent_id, month, channel, nps_state, resolution, backlog FROM states ORDER BY 1, 2, 3'),
('stored states', 'monthly nps, p90 and backlog from rollups', 'rollup', 'partial', NULL,
 'SELECT month, nps(rollup(nps_state)), responses(rollup(nps_state)), percentile(rollup(resolution), ARRAY[0.5, 0.9]),
    mean(rollup(resolution)), rollup(backlog) FROM states GROUP BY month ORDER BY 1'),
('stored states', 'per-agent rollups', 'rollup', 'workers', NULL,
 'SELECT agent_id, nps_margin(rollup(nps_state), 0.99), sketch_count(rollup(resolution)), max_duration(rollup(resolution)),
    rollup(backlog) FROM states GROUP BY agent_id ORDER BY 1'),
('stored states', 'year rollup of survey states equals survey_agg of every answer', 'rollup', 'partial', NULL,
 'SELECT (SELECT rollup(nps_state) FROM states)::text = (SELECT survey_agg(nps_score) FROM surveys)::text'),
('stored states', 'year rollup of sketches equals duration_agg of every ticket', 'rollup', 'partial', NULL,
 'SELECT (SELECT rollup(resolution) FROM states)::text = (SELECT duration_agg(resolved_at - created_at) FROM tickets)::text'),
('stored states', 'year rollup of timelines equals timeline_agg of every ticket', 'rollup', 'partial', NULL,
 'SELECT (SELECT rollup(backlog) FROM states)::text
    = (SELECT timeline_agg(created_at, resolved_at, ''2025-01-01'', ''2026-01-01'', ''1 month'') FROM tickets)::text'),
-- time zones: days and months follow the session's TimeZone, which Citus
-- passes on to the workers only as a SET LOCAL with
-- citus.propagate_set_commands = 'local' (a plain SET stays on the
-- coordinator, and the workers would use their own TimeZone)
('time zone', 'nps by Berlin month (SET LOCAL TimeZone, propagated)', 'nps', 'partial',
 'citus.propagate_set_commands=local TimeZone=Europe/Berlin',
 'SELECT date_trunc(''month'', answered_at), nps(nps_score) FROM surveys GROUP BY 1 ORDER BY 1'),
('time zone', 'daily timeline_agg in Berlin (SET LOCAL TimeZone, propagated)', 'timeline_agg', 'partial',
 'citus.propagate_set_commands=local TimeZone=Europe/Berlin',
 'SELECT channel, timeline_agg(created_at, resolved_at, ''2025-01-01'', ''2026-01-01'', ''1 day'') FROM tickets GROUP BY 1 ORDER BY 1');
