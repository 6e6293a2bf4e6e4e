-- ---------------------------------------------------------------------------
-- Message-log timing (src/conversation.c): first response time, reply
-- pairing, average response time.  One row per message: sent time, and
-- whether an agent sent it.  Input order never matters; at equal times agent
-- messages count as earlier, so a reply is strictly after what it answers.
-- ---------------------------------------------------------------------------

CREATE FUNCTION frt_trans(internal, timestamptz, boolean) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION frt_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION frt_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frt_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frt_final(internal) RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION frt_seconds_final(internal) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frt_trans(internal, timestamptz, boolean) IS 'transition of first_response_time: one message';
COMMENT ON FUNCTION frt_combine(internal, internal) IS 'combine two first_response_time states (parallel support)';
COMMENT ON FUNCTION frt_serialize(internal) IS 'serialize a first_response_time state (parallel support)';
COMMENT ON FUNCTION frt_deserialize(bytea, internal) IS 'deserialize a first_response_time state (parallel support)';
COMMENT ON FUNCTION frt_final(internal) IS 'final step of first_response_time: the interval, NULL while unanswered';
COMMENT ON FUNCTION frt_seconds_final(internal) IS 'final step of first_response_seconds: seconds, NULL while unanswered';

-- SSPACE: the state's size per group, so that the planner sizes hash
-- aggregation by ticket right (without it, it assumes 8 kB a group and
-- spills to disk).  First response: a 48-byte struct, rarely more.
-- Average: the struct plus about five 24-byte messages.
CREATE AGGREGATE first_response_time(sent_at timestamptz, from_agent boolean) (
	SFUNC = frt_trans, STYPE = internal, SSPACE = 64, FINALFUNC = frt_final,
	COMBINEFUNC = frt_combine, SERIALFUNC = frt_serialize,
	DESERIALFUNC = frt_deserialize, PARALLEL = SAFE
);
CREATE AGGREGATE first_response_seconds(sent_at timestamptz, from_agent boolean) (
	SFUNC = frt_trans, STYPE = internal, SSPACE = 64, FINALFUNC = frt_seconds_final,
	COMBINEFUNC = frt_combine, SERIALFUNC = frt_serialize,
	DESERIALFUNC = frt_deserialize, PARALLEL = SAFE
);
COMMENT ON AGGREGATE first_response_time(timestamptz, boolean) IS
	'first response time of a conversation: first customer message to the first agent message strictly after it; NULL while unanswered';
COMMENT ON AGGREGATE first_response_seconds(timestamptz, boolean) IS
	'first_response_time in seconds (double precision), for BI tools';

CREATE FUNCTION conv_trans(internal, timestamptz, boolean) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION conv_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION conv_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION conv_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION avg_response_final(internal) RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION avg_response_seconds_final(internal) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION conv_trans(internal, timestamptz, boolean) IS 'transition of avg_response_time: keep one message';
COMMENT ON FUNCTION conv_combine(internal, internal) IS 'combine two conversation states (parallel support)';
COMMENT ON FUNCTION conv_serialize(internal) IS 'serialize a conversation state (parallel support)';
COMMENT ON FUNCTION conv_deserialize(bytea, internal) IS 'deserialize a conversation state (parallel support)';
COMMENT ON FUNCTION avg_response_final(internal) IS 'final step of avg_response_time: mean reply wait, NULL without replies';
COMMENT ON FUNCTION avg_response_seconds_final(internal) IS 'final step of avg_response_seconds: mean reply wait in seconds';

CREATE AGGREGATE avg_response_time(sent_at timestamptz, from_agent boolean) (
	SFUNC = conv_trans, STYPE = internal, SSPACE = 192, FINALFUNC = avg_response_final,
	COMBINEFUNC = conv_combine, SERIALFUNC = conv_serialize,
	DESERIALFUNC = conv_deserialize, PARALLEL = SAFE
);
CREATE AGGREGATE avg_response_seconds(sent_at timestamptz, from_agent boolean) (
	SFUNC = conv_trans, STYPE = internal, SSPACE = 192, FINALFUNC = avg_response_seconds_final,
	COMBINEFUNC = conv_combine, SERIALFUNC = conv_serialize,
	DESERIALFUNC = conv_deserialize, PARALLEL = SAFE
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
