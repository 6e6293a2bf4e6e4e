-- ---------------------------------------------------------------------------
-- Calendar-aware timing (src/conversation.c, src/conversation_reply.c,
-- src/conversation_window.c, src/conversation_calendar.c, src/rates.c): the
-- timing metrics with a business calendar as their last argument measure
-- business time.  Declared after the calendar type (70_calendar.sql).  The transition functions are
-- the calendar-time ones' C functions, which read the extra argument when it
-- is there; the aggregates keep the calendar in their state (frt_state,
-- reply_state), and every row's must be the same.
-- ---------------------------------------------------------------------------

CREATE FUNCTION frt_state_add(frt_state, timestamptz, boolean, calendar) RETURNS frt_state
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION reply_state_add(reply_state, timestamptz, boolean, calendar) RETURNS reply_state
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION frt_state_add(frt_state, timestamptz, boolean, calendar) IS 'transition of first_response_time with a calendar: one message; the calendar must be the same on every row (aggregates only)';
COMMENT ON FUNCTION reply_state_add(reply_state, timestamptz, boolean, calendar) IS 'transition of avg_response_time with a calendar: keep one message; the calendar must be the same on every row (aggregates only)';

-- SSPACE: the calendar-time states plus a copy of the calendar (about 64
-- bytes for a week of opening hours and a few holidays).
CREATE AGGREGATE first_response_time(sent_at timestamptz, from_agent boolean, cal calendar) (
	SFUNC = frt_state_add, STYPE = frt_state, SSPACE = 96,
	FINALFUNC = frt_state_final, COMBINEFUNC = frt_state_merge, PARALLEL = SAFE
);
CREATE AGGREGATE first_response_seconds(sent_at timestamptz, from_agent boolean, cal calendar) (
	SFUNC = frt_state_add, STYPE = frt_state, SSPACE = 96,
	FINALFUNC = frt_state_seconds_final, COMBINEFUNC = frt_state_merge, PARALLEL = SAFE
);
CREATE AGGREGATE avg_response_time(sent_at timestamptz, from_agent boolean, cal calendar) (
	SFUNC = reply_state_add, STYPE = reply_state, SSPACE = 192,
	FINALFUNC = reply_state_final, COMBINEFUNC = reply_state_merge, PARALLEL = SAFE
);
CREATE AGGREGATE avg_response_seconds(sent_at timestamptz, from_agent boolean, cal calendar) (
	SFUNC = reply_state_add, STYPE = reply_state, SSPACE = 192,
	FINALFUNC = reply_state_seconds_final, COMBINEFUNC = reply_state_merge, PARALLEL = SAFE
);
COMMENT ON AGGREGATE first_response_time(timestamptz, boolean, calendar) IS
	'first response time in business time of the calendar; NULL while unanswered';
COMMENT ON AGGREGATE first_response_seconds(timestamptz, boolean, calendar) IS
	'first response time in business seconds (double precision)';
COMMENT ON AGGREGATE avg_response_time(timestamptz, boolean, calendar) IS
	'mean reply wait in business time of the calendar';
COMMENT ON AGGREGATE avg_response_seconds(timestamptz, boolean, calendar) IS
	'mean reply wait in business seconds (double precision)';

CREATE FUNCTION response_time(sent_at timestamptz, from_agent boolean, cal calendar) RETURNS interval
	AS 'MODULE_PATHNAME', 'response_time_window' LANGUAGE C WINDOW STABLE PARALLEL SAFE;
CREATE FUNCTION response_seconds(sent_at timestamptz, from_agent boolean, cal calendar) RETURNS double precision
	AS 'MODULE_PATHNAME', 'response_seconds_window' LANGUAGE C WINDOW STABLE PARALLEL SAFE;
COMMENT ON FUNCTION response_time(timestamptz, boolean, calendar) IS
	'window function: on each agent reply, its wait in business time of the calendar; NULL on other rows';
COMMENT ON FUNCTION response_seconds(timestamptz, boolean, calendar) IS
	'response_time with a calendar, in business seconds (double precision)';

CREATE FUNCTION sla_instants_trans(bigint[], timestamptz, timestamptz, interval, calendar) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION sla_instants_inv(bigint[], timestamptz, timestamptz, interval, calendar) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION sla_instants_trans(bigint[], timestamptz, timestamptz, interval, calendar) IS 'count one item into a share state: true when its business time is within the target; an item with no stop is skipped until its business time so far passes the target, then false';
COMMENT ON FUNCTION sla_instants_inv(bigint[], timestamptz, timestamptz, interval, calendar) IS 'remove one start/stop/target/calendar item from a share state (moving-window support)';

CREATE AGGREGATE sla_rate(start timestamptz, stop timestamptz, target interval, cal calendar) (
	SFUNC = sla_instants_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = sla_instants_trans, MINVFUNC = sla_instants_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
COMMENT ON AGGREGATE sla_rate(timestamptz, timestamptz, interval, calendar) IS
	'% of items whose business time from start to stop is within the target; open items are left out until their business time so far passes it';

-- sla_rate(start, stop, target, cal, as_of): as_of, the last argument, in
-- place of now() (40_rates.sql).  Immutable: no clock is read, and
-- business time follows the calendar's own zone.
CREATE FUNCTION sla_instants_as_of_trans(bigint[], timestamptz, timestamptz, interval, calendar, timestamptz) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION sla_instants_as_of_inv(bigint[], timestamptz, timestamptz, interval, calendar, timestamptz) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sla_instants_as_of_trans(bigint[], timestamptz, timestamptz, interval, calendar, timestamptz) IS 'count one item into a share state with as_of: true when its business time is within the target; an item with no stop is skipped until its business time up to as_of passes the target, then false; as_of must be the same on every row';
COMMENT ON FUNCTION sla_instants_as_of_inv(bigint[], timestamptz, timestamptz, interval, calendar, timestamptz) IS 'remove one start/stop/target/calendar/as_of item from a share state with as_of (moving-window support)';
CREATE AGGREGATE sla_rate(start timestamptz, stop timestamptz, target interval, cal calendar, as_of timestamptz) (
	SFUNC = sla_instants_as_of_trans, STYPE = bigint[], INITCOND = '{0,0,-9223372036854775808}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = sla_instants_as_of_trans, MINVFUNC = sla_instants_as_of_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0,-9223372036854775808}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
COMMENT ON AGGREGATE sla_rate(timestamptz, timestamptz, interval, calendar, timestamptz) IS
	'% of items whose business time from start to stop is within the target; open items are left out until their business time up to as_of passes it; reads no clock (for Citus and materialized views)';
