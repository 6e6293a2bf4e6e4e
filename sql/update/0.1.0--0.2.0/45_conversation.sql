-- ---------------------------------------------------------------------------
-- Message-log timing: first_response_time, first_response_seconds,
-- avg_response_time and avg_response_seconds (with and without a calendar)
-- keep their state in the new types frt_state and reply_state instead of
-- internal, so that Citus can split them (sql/install/45_conversation.sql,
-- 75_calendar_timing.sql).  The aggregates are replaced in place: same
-- OIDs, arguments, results and comments; views over them keep working and
-- refresh with the new definitions.
-- ---------------------------------------------------------------------------

-- The aggregate states: frt_state (first_response_time, _seconds) and
-- reply_state (avg_response_time, _seconds), real types rather than
-- internal so that Citus can split the aggregates, shipping states as text.
-- Both are written as the messages they keep, in canonical order, in UTC,
-- then the group's calendar if it has one (src/conversation_io.c):
--   n=3 a@2025-03-01T09:00:00Z c@2025-03-01T09:10:00Z a@2025-03-01T09:20:00Z
CREATE TYPE frt_state;
CREATE FUNCTION frt_state_in(cstring) RETURNS frt_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frt_state_out(frt_state) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frt_state_recv(internal) RETURNS frt_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frt_state_send(frt_state) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE frt_state (
	INPUT = frt_state_in,
	OUTPUT = frt_state_out,
	RECEIVE = frt_state_recv,
	SEND = frt_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE frt_state IS
	'state of first_response_time: the messages that can still decide the first response (the first customer message, the first agent message after it, agent messages at or before it) and the calendar; text ''n=2 c@2025-03-01T10:00:00Z a@2025-03-01T10:30:00Z''';
COMMENT ON FUNCTION frt_state_in(cstring) IS 'text input of the frt_state type (any message log; keeps what can decide the first response)';
COMMENT ON FUNCTION frt_state_out(frt_state) IS 'text output of the frt_state type (canonical, times in UTC)';
COMMENT ON FUNCTION frt_state_recv(internal) IS 'binary input of the frt_state type';
COMMENT ON FUNCTION frt_state_send(frt_state) IS 'binary output of the frt_state type';

CREATE TYPE reply_state;
CREATE FUNCTION reply_state_in(cstring) RETURNS reply_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION reply_state_out(reply_state) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION reply_state_recv(internal) RETURNS reply_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION reply_state_send(reply_state) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE reply_state (
	INPUT = reply_state_in,
	OUTPUT = reply_state_out,
	RECEIVE = reply_state_recv,
	SEND = reply_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE reply_state IS
	'state of avg_response_time: every message of a conversation and the calendar; text ''n=2 c@2025-03-01T10:00:00Z a@2025-03-01T10:30:00Z''';
COMMENT ON FUNCTION reply_state_in(cstring) IS 'text input of the reply_state type';
COMMENT ON FUNCTION reply_state_out(reply_state) IS 'text output of the reply_state type (canonical, times in UTC)';
COMMENT ON FUNCTION reply_state_recv(internal) IS 'binary input of the reply_state type';
COMMENT ON FUNCTION reply_state_send(reply_state) IS 'binary output of the reply_state type';

-- Aggregate support: the transition and combine functions update their
-- state in place, so they refuse to run outside an aggregate.  The combine
-- function merges two states (parallel plans, Citus's coordinator); the
-- states are plain values, so no serialization step is needed.
CREATE FUNCTION frt_state_add(frt_state, timestamptz, boolean) RETURNS frt_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION frt_state_merge(frt_state, frt_state) RETURNS frt_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION frt_state_final(frt_state) RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION frt_state_seconds_final(frt_state) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frt_state_add(frt_state, timestamptz, boolean) IS 'transition of first_response_time: one message (aggregates only)';
COMMENT ON FUNCTION frt_state_merge(frt_state, frt_state) IS 'merge a first-response state into an aggregate state (combine function of first_response_time; aggregates only)';
COMMENT ON FUNCTION frt_state_final(frt_state) IS 'final step of first_response_time: the interval, NULL while unanswered';
COMMENT ON FUNCTION frt_state_seconds_final(frt_state) IS 'final step of first_response_seconds: seconds, NULL while unanswered';

CREATE FUNCTION reply_state_add(reply_state, timestamptz, boolean) RETURNS reply_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION reply_state_merge(reply_state, reply_state) RETURNS reply_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION reply_state_final(reply_state) RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION reply_state_seconds_final(reply_state) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION reply_state_add(reply_state, timestamptz, boolean) IS 'transition of avg_response_time: keep one message (aggregates only)';
COMMENT ON FUNCTION reply_state_merge(reply_state, reply_state) IS 'merge a reply state into an aggregate state (combine function of avg_response_time; aggregates only)';
COMMENT ON FUNCTION reply_state_final(reply_state) IS 'final step of avg_response_time: mean reply wait, NULL without replies';
COMMENT ON FUNCTION reply_state_seconds_final(reply_state) IS 'final step of avg_response_seconds: mean reply wait in seconds';

-- The transitions of the forms with a calendar (75_calendar_timing.sql).
CREATE FUNCTION frt_state_add(frt_state, timestamptz, boolean, calendar) RETURNS frt_state
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION reply_state_add(reply_state, timestamptz, boolean, calendar) RETURNS reply_state
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION frt_state_add(frt_state, timestamptz, boolean, calendar) IS 'transition of first_response_time with a calendar: one message; the calendar must be the same on every row (aggregates only)';
COMMENT ON FUNCTION reply_state_add(reply_state, timestamptz, boolean, calendar) IS 'transition of avg_response_time with a calendar: keep one message; the calendar must be the same on every row (aggregates only)';

-- The aggregates, as sql/install/ declares them; SERIALFUNC and
-- DESERIALFUNC are gone (a plain type needs none).
CREATE OR REPLACE AGGREGATE first_response_time(sent_at timestamptz, from_agent boolean) (
	SFUNC = frt_state_add, STYPE = frt_state, SSPACE = 32,
	FINALFUNC = frt_state_final, COMBINEFUNC = frt_state_merge, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE first_response_seconds(sent_at timestamptz, from_agent boolean) (
	SFUNC = frt_state_add, STYPE = frt_state, SSPACE = 32,
	FINALFUNC = frt_state_seconds_final, COMBINEFUNC = frt_state_merge, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE avg_response_time(sent_at timestamptz, from_agent boolean) (
	SFUNC = reply_state_add, STYPE = reply_state, SSPACE = 128,
	FINALFUNC = reply_state_final, COMBINEFUNC = reply_state_merge, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE avg_response_seconds(sent_at timestamptz, from_agent boolean) (
	SFUNC = reply_state_add, STYPE = reply_state, SSPACE = 128,
	FINALFUNC = reply_state_seconds_final, COMBINEFUNC = reply_state_merge, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE first_response_time(sent_at timestamptz, from_agent boolean, cal calendar) (
	SFUNC = frt_state_add, STYPE = frt_state, SSPACE = 96,
	FINALFUNC = frt_state_final, COMBINEFUNC = frt_state_merge, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE first_response_seconds(sent_at timestamptz, from_agent boolean, cal calendar) (
	SFUNC = frt_state_add, STYPE = frt_state, SSPACE = 96,
	FINALFUNC = frt_state_seconds_final, COMBINEFUNC = frt_state_merge, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE avg_response_time(sent_at timestamptz, from_agent boolean, cal calendar) (
	SFUNC = reply_state_add, STYPE = reply_state, SSPACE = 192,
	FINALFUNC = reply_state_final, COMBINEFUNC = reply_state_merge, PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE avg_response_seconds(sent_at timestamptz, from_agent boolean, cal calendar) (
	SFUNC = reply_state_add, STYPE = reply_state, SSPACE = 192,
	FINALFUNC = reply_state_seconds_final, COMBINEFUNC = reply_state_merge, PARALLEL = SAFE
);

-- The 0.1.0 support functions, no longer named by any aggregate.  Their C
-- symbols stay in the library as erroring stubs (src/legacy.c).
DROP FUNCTION frt_trans(internal, timestamptz, boolean);
DROP FUNCTION frt_trans(internal, timestamptz, boolean, calendar);
DROP FUNCTION frt_combine(internal, internal);
DROP FUNCTION frt_serialize(internal);
DROP FUNCTION frt_deserialize(bytea, internal);
DROP FUNCTION frt_final(internal);
DROP FUNCTION frt_seconds_final(internal);
DROP FUNCTION conv_trans(internal, timestamptz, boolean);
DROP FUNCTION conv_trans(internal, timestamptz, boolean, calendar);
DROP FUNCTION conv_combine(internal, internal);
DROP FUNCTION conv_serialize(internal);
DROP FUNCTION conv_deserialize(bytea, internal);
DROP FUNCTION avg_response_final(internal);
DROP FUNCTION avg_response_seconds_final(internal);
