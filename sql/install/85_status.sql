-- ---------------------------------------------------------------------------
-- Time in status (src/status.c): from a ticket's status history (one row per
-- change, grouped by ticket, any order), the total time spent in the counted
-- statuses; each status lasts until the next change, the latest until now()
-- (or as_of, in the forms that take it as their last argument).
-- At equal change times the statuses are ordered by their text in byte order
-- (COLLATE "C") and only the last of them lasts.  With a calendar, business
-- time only.
-- ---------------------------------------------------------------------------

CREATE FUNCTION time_in_status_trans(internal, timestamptz, text, text[]) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION time_in_status_trans(internal, timestamptz, text, text[], calendar) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION time_in_status_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION time_in_status_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION time_in_status_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- stable: the latest status lasts until the transaction time
CREATE FUNCTION time_in_status_final(internal) RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION time_in_status_seconds_final(internal) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION time_in_status_trans(internal, timestamptz, text, text[]) IS 'transition of time_in_status: keep one status change';
COMMENT ON FUNCTION time_in_status_trans(internal, timestamptz, text, text[], calendar) IS 'transition of time_in_status with a calendar: keep one status change';
COMMENT ON FUNCTION time_in_status_combine(internal, internal) IS 'combine two time_in_status states (parallel support)';
COMMENT ON FUNCTION time_in_status_serialize(internal) IS 'serialize a time_in_status state (parallel support)';
COMMENT ON FUNCTION time_in_status_deserialize(bytea, internal) IS 'deserialize a time_in_status state (parallel support)';
COMMENT ON FUNCTION time_in_status_final(internal) IS 'final step of time_in_status: the total time in counted statuses as an interval';
COMMENT ON FUNCTION time_in_status_seconds_final(internal) IS 'final step of time_in_status_seconds: the total time in counted statuses in seconds';

-- SSPACE: the state's size per group, so that the planner sizes hash
-- aggregation by ticket right: one 128-byte allocation holding up to nine
-- changes, its header, and a share of the longer histories.
CREATE AGGREGATE time_in_status(changed_at timestamptz, status text, counted text[]) (
	SFUNC = time_in_status_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = time_in_status_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE time_in_status(changed_at timestamptz, status text, counted text[], cal calendar) (
	SFUNC = time_in_status_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = time_in_status_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE time_in_status_seconds(changed_at timestamptz, status text, counted text[]) (
	SFUNC = time_in_status_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = time_in_status_seconds_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE time_in_status_seconds(changed_at timestamptz, status text, counted text[], cal calendar) (
	SFUNC = time_in_status_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = time_in_status_seconds_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
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
-- serialized form), and no support function reads a clock: all immutable.
CREATE FUNCTION time_in_status_as_of_trans(internal, timestamptz, text, text[], timestamptz) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION time_in_status_as_of_trans(internal, timestamptz, text, text[], calendar, timestamptz) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION time_in_status_as_of_final(internal) RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION time_in_status_seconds_as_of_final(internal) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION time_in_status_as_of_trans(internal, timestamptz, text, text[], timestamptz) IS 'transition of time_in_status with as_of: keep one status change';
COMMENT ON FUNCTION time_in_status_as_of_trans(internal, timestamptz, text, text[], calendar, timestamptz) IS 'transition of time_in_status with a calendar and as_of: keep one status change';
COMMENT ON FUNCTION time_in_status_as_of_final(internal) IS 'final step of time_in_status with as_of: the total time in counted statuses, the latest until as_of, as an interval';
COMMENT ON FUNCTION time_in_status_seconds_as_of_final(internal) IS 'final step of time_in_status_seconds with as_of: the total time in counted statuses, the latest until as_of, in seconds';

CREATE AGGREGATE time_in_status(changed_at timestamptz, status text, counted text[], as_of timestamptz) (
	SFUNC = time_in_status_as_of_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = time_in_status_as_of_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE time_in_status(changed_at timestamptz, status text, counted text[], cal calendar, as_of timestamptz) (
	SFUNC = time_in_status_as_of_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = time_in_status_as_of_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE time_in_status_seconds(changed_at timestamptz, status text, counted text[], as_of timestamptz) (
	SFUNC = time_in_status_as_of_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = time_in_status_seconds_as_of_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE time_in_status_seconds(changed_at timestamptz, status text, counted text[], cal calendar, as_of timestamptz) (
	SFUNC = time_in_status_as_of_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = time_in_status_seconds_as_of_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
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
