-- ---------------------------------------------------------------------------
-- Time in status (src/status.c): from a ticket's status history (one row per
-- change, grouped by ticket, any order), the total time spent in the counted
-- statuses; each status lasts until the next change, the latest until now()
-- (or as_of, in the forms that take it as their last argument).
-- At equal change times the statuses are ordered by their text in byte order
-- (COLLATE "C") and only the last of them lasts.  With a calendar, business
-- time only.
-- ---------------------------------------------------------------------------

-- The state, type status_state (src/status_io.c): the group's parameters
-- (counted set, calendar, as_of), its distinct statuses and its changes,
-- in one flat value that the support functions update in place.  It is a
-- real type, not internal, so that Citus can split the aggregates: its
-- text form (lossless) carries a worker's partial state to the
-- coordinator, which combines them.
CREATE TYPE status_state;
CREATE FUNCTION status_state_in(cstring) RETURNS status_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION status_state_out(status_state) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION status_state_recv(internal) RETURNS status_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION status_state_send(status_state) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE status_state (
	INPUT = status_state_in,
	OUTPUT = status_state_out,
	RECEIVE = status_state_recv,
	SEND = status_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE status_state IS
	'partial state of time_in_status and time_in_status_seconds: counted statuses, calendar, as_of, the distinct statuses and the changes, e.g. ''counted={"open"} statuses=["new","open"] changes=[2025-01-01T00:00:00Z 0,2025-01-01T02:00:00Z 1]''';
COMMENT ON FUNCTION status_state_in(cstring) IS 'text input of status_state';
COMMENT ON FUNCTION status_state_out(status_state) IS 'text output of status_state (lossless)';
COMMENT ON FUNCTION status_state_recv(internal) IS 'binary input of status_state';
COMMENT ON FUNCTION status_state_send(status_state) IS 'binary output of status_state';

-- Support functions: they update their first argument in place, so they
-- run only inside an aggregate.
CREATE FUNCTION status_state_trans(status_state, timestamptz, text, text[]) RETURNS status_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION status_state_trans(status_state, timestamptz, text, text[], calendar) RETURNS status_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION status_state_combine(status_state, status_state) RETURNS status_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
-- stable: the latest status lasts until the transaction time
CREATE FUNCTION status_state_final(status_state) RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION status_state_seconds(status_state) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION status_state_trans(status_state, timestamptz, text, text[]) IS 'transition of time_in_status: keep one status change (aggregates only)';
COMMENT ON FUNCTION status_state_trans(status_state, timestamptz, text, text[], calendar) IS 'transition of time_in_status with a calendar: keep one status change (aggregates only)';
COMMENT ON FUNCTION status_state_combine(status_state, status_state) IS 'combine two time_in_status states (parallel and Citus support; aggregates only)';
COMMENT ON FUNCTION status_state_final(status_state) IS 'final step of time_in_status: the total time in counted statuses as an interval';
COMMENT ON FUNCTION status_state_seconds(status_state) IS 'final step of time_in_status_seconds: the total time in counted statuses in seconds';

-- SSPACE: the state's size per group, so that the planner sizes hash
-- aggregation by ticket right: one allocation holding the parameters, up
-- to nine changes and four short statuses.
CREATE AGGREGATE time_in_status(changed_at timestamptz, status text, counted text[]) (
	SFUNC = status_state_trans, STYPE = status_state, SSPACE = 256,
	FINALFUNC = status_state_final, COMBINEFUNC = status_state_combine,
	PARALLEL = SAFE
);
CREATE AGGREGATE time_in_status(changed_at timestamptz, status text, counted text[], cal calendar) (
	SFUNC = status_state_trans, STYPE = status_state, SSPACE = 256,
	FINALFUNC = status_state_final, COMBINEFUNC = status_state_combine,
	PARALLEL = SAFE
);
CREATE AGGREGATE time_in_status_seconds(changed_at timestamptz, status text, counted text[]) (
	SFUNC = status_state_trans, STYPE = status_state, SSPACE = 256,
	FINALFUNC = status_state_seconds, COMBINEFUNC = status_state_combine,
	PARALLEL = SAFE
);
CREATE AGGREGATE time_in_status_seconds(changed_at timestamptz, status text, counted text[], cal calendar) (
	SFUNC = status_state_trans, STYPE = status_state, SSPACE = 256,
	FINALFUNC = status_state_seconds, COMBINEFUNC = status_state_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE time_in_status(timestamptz, text, text[]) IS
	'total time a ticket spent in the counted statuses: each status lasts until the next change, the latest until now(); at equal times statuses order by text (byte order); 0 if never counted, NULL without rows';
COMMENT ON AGGREGATE time_in_status(timestamptz, text, text[], calendar) IS
	'time_in_status in business time of the calendar (an interval of hours, as business_time gives)';
COMMENT ON AGGREGATE time_in_status_seconds(timestamptz, text, text[]) IS
	'time_in_status in seconds (double precision), for BI tools';
COMMENT ON AGGREGATE time_in_status_seconds(timestamptz, text, text[], calendar) IS
	'time_in_status in business seconds of the calendar (double precision)';

-- The forms with as_of, the last argument: the instant "now" means, for
-- Citus (each worker has its own transaction time) and materialized views
-- that must not change between refreshes.  The state carries it (and its
-- text form), and no support function reads a clock: all immutable.
CREATE FUNCTION status_state_as_of_trans(status_state, timestamptz, text, text[], timestamptz) RETURNS status_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION status_state_as_of_trans(status_state, timestamptz, text, text[], calendar, timestamptz) RETURNS status_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION status_state_as_of_final(status_state) RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION status_state_as_of_seconds(status_state) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION status_state_as_of_trans(status_state, timestamptz, text, text[], timestamptz) IS 'transition of time_in_status with as_of: keep one status change (aggregates only)';
COMMENT ON FUNCTION status_state_as_of_trans(status_state, timestamptz, text, text[], calendar, timestamptz) IS 'transition of time_in_status with a calendar and as_of: keep one status change (aggregates only)';
COMMENT ON FUNCTION status_state_as_of_final(status_state) IS 'final step of time_in_status with as_of: the total time in counted statuses, the latest until as_of, as an interval';
COMMENT ON FUNCTION status_state_as_of_seconds(status_state) IS 'final step of time_in_status_seconds with as_of: the total time in counted statuses, the latest until as_of, in seconds';

CREATE AGGREGATE time_in_status(changed_at timestamptz, status text, counted text[], as_of timestamptz) (
	SFUNC = status_state_as_of_trans, STYPE = status_state, SSPACE = 256,
	FINALFUNC = status_state_as_of_final, COMBINEFUNC = status_state_combine,
	PARALLEL = SAFE
);
CREATE AGGREGATE time_in_status(changed_at timestamptz, status text, counted text[], cal calendar, as_of timestamptz) (
	SFUNC = status_state_as_of_trans, STYPE = status_state, SSPACE = 256,
	FINALFUNC = status_state_as_of_final, COMBINEFUNC = status_state_combine,
	PARALLEL = SAFE
);
CREATE AGGREGATE time_in_status_seconds(changed_at timestamptz, status text, counted text[], as_of timestamptz) (
	SFUNC = status_state_as_of_trans, STYPE = status_state, SSPACE = 256,
	FINALFUNC = status_state_as_of_seconds, COMBINEFUNC = status_state_combine,
	PARALLEL = SAFE
);
CREATE AGGREGATE time_in_status_seconds(changed_at timestamptz, status text, counted text[], cal calendar, as_of timestamptz) (
	SFUNC = status_state_as_of_trans, STYPE = status_state, SSPACE = 256,
	FINALFUNC = status_state_as_of_seconds, COMBINEFUNC = status_state_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE time_in_status(timestamptz, text, text[], timestamptz) IS
	'time_in_status as of an instant: the latest status lasts until as_of, and changes after it add nothing; reads no clock (for Citus and materialized views)';
COMMENT ON AGGREGATE time_in_status(timestamptz, text, text[], calendar, timestamptz) IS
	'time_in_status in business time of the calendar, as of an instant (an interval of hours); reads no clock';
COMMENT ON AGGREGATE time_in_status_seconds(timestamptz, text, text[], timestamptz) IS
	'time_in_status_seconds as of an instant (double precision seconds); reads no clock';
COMMENT ON AGGREGATE time_in_status_seconds(timestamptz, text, text[], calendar, timestamptz) IS
	'time_in_status_seconds in business seconds of the calendar, as of an instant; reads no clock';
