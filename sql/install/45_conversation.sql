-- ---------------------------------------------------------------------------
-- Message-log timing (src/conversation*.c): first response time, reply
-- pairing, average response time.  One row per message: sent time, and
-- whether an agent sent it.  Input order never matters; at equal times agent
-- messages count as earlier, so a reply is strictly after what it answers.
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

-- SSPACE: the state's size per group, so that the planner sizes hash
-- aggregation by ticket right.  First response: 32 bytes in time-ordered
-- input (8 more per agent message before the first customer message).
-- Average: room for 12 messages in 124 bytes before it grows.
CREATE AGGREGATE first_response_time(sent_at timestamptz, from_agent boolean) (
	SFUNC = frt_state_add, STYPE = frt_state, SSPACE = 32,
	FINALFUNC = frt_state_final, COMBINEFUNC = frt_state_merge, PARALLEL = SAFE
);
CREATE AGGREGATE first_response_seconds(sent_at timestamptz, from_agent boolean) (
	SFUNC = frt_state_add, STYPE = frt_state, SSPACE = 32,
	FINALFUNC = frt_state_seconds_final, COMBINEFUNC = frt_state_merge, PARALLEL = SAFE
);
COMMENT ON AGGREGATE first_response_time(timestamptz, boolean) IS
	'first response time of a conversation: first customer message to the first agent message strictly after it; NULL while unanswered';
COMMENT ON AGGREGATE first_response_seconds(timestamptz, boolean) IS
	'first_response_time in seconds (double precision), for BI tools';

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

CREATE AGGREGATE avg_response_time(sent_at timestamptz, from_agent boolean) (
	SFUNC = reply_state_add, STYPE = reply_state, SSPACE = 128,
	FINALFUNC = reply_state_final, COMBINEFUNC = reply_state_merge, PARALLEL = SAFE
);
CREATE AGGREGATE avg_response_seconds(sent_at timestamptz, from_agent boolean) (
	SFUNC = reply_state_add, STYPE = reply_state, SSPACE = 128,
	FINALFUNC = reply_state_seconds_final, COMBINEFUNC = reply_state_merge, PARALLEL = SAFE
);
COMMENT ON AGGREGATE avg_response_time(timestamptz, boolean) IS
	'mean reply wait of a conversation: each agent reply waits from the oldest customer message it answers';
COMMENT ON AGGREGATE avg_response_seconds(timestamptz, boolean) IS
	'avg_response_time in seconds (double precision), for BI tools';

CREATE FUNCTION response_time(sent_at timestamptz, from_agent boolean) RETURNS interval
	AS 'MODULE_PATHNAME', 'response_time_window' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION response_seconds(sent_at timestamptz, from_agent boolean) RETURNS double precision
	AS 'MODULE_PATHNAME', 'response_seconds_window' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION response_time(timestamptz, boolean) IS
	'window function over a conversation (PARTITION BY ticket): on each agent reply, the wait since the oldest customer message it answers; NULL on other rows';
COMMENT ON FUNCTION response_seconds(timestamptz, boolean) IS
	'response_time in seconds (double precision), for BI tools';
