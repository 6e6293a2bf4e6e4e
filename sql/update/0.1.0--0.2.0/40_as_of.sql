-- ---------------------------------------------------------------------------
-- 0.1.0 -> 0.2.0, issue 9 item 3: the forms of time_in_status,
-- time_in_status_seconds and sla_rate that take as_of, the instant "now"
-- means, as their last argument (the same statements as in
-- sql/install/40_rates.sql, 75_calendar_timing.sql and 85_status.sql), and
-- the calendar type's category (70_calendar.sql).
-- ---------------------------------------------------------------------------

-- The calendar type is in category S (string), as a fresh install creates
-- it, so that an untyped literal where a form with a calendar and one with
-- as_of meet still resolves to the calendar.  ALTER TYPE cannot change a
-- category, hence the catalog update (the script runs as a superuser, for
-- a trusted extension too).
UPDATE pg_catalog.pg_type SET typcategory = 'S' WHERE oid = 'calendar'::pg_catalog.regtype;

-- sla_rate(start, stop, target, as_of): as_of, the last argument, is the
-- instant "now" means, for Citus (each worker has its own transaction time)
-- and materialized views that must not change between refreshes.  The
-- state carries the group's as_of as a third element, -infinity until the
-- first row (src/share.c).  Stable rather than immutable: no clock is read,
-- but a target with days or months follows the session's TimeZone, as
-- timestamptz + interval does.
CREATE FUNCTION sla_instants_as_of_trans(bigint[], timestamptz, timestamptz, interval, timestamptz) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION sla_instants_as_of_inv(bigint[], timestamptz, timestamptz, interval, timestamptz) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION sla_instants_as_of_trans(bigint[], timestamptz, timestamptz, interval, timestamptz) IS 'count one item into a share state with as_of {true_count, count, as_of}: true when stop <= start + target; an item with no stop is skipped until as_of passes start + target, then false; as_of must be the same on every row';
COMMENT ON FUNCTION sla_instants_as_of_inv(bigint[], timestamptz, timestamptz, interval, timestamptz) IS 'remove one start/stop/target/as_of item from a share state with as_of (moving-window support)';
CREATE AGGREGATE sla_rate(start timestamptz, stop timestamptz, target interval, as_of timestamptz) (
	SFUNC = sla_instants_as_of_trans, STYPE = bigint[], INITCOND = '{0,0,-9223372036854775808}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = sla_instants_as_of_trans, MINVFUNC = sla_instants_as_of_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0,-9223372036854775808}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
COMMENT ON AGGREGATE sla_rate(timestamptz, timestamptz, interval, timestamptz) IS 'SLA attainment as of an instant: % of items with stop <= start + target; an item with no stop is left out until as_of passes start + target, then breached; reads no clock (for Citus and materialized views)';

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
