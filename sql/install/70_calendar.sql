-- ---------------------------------------------------------------------------
-- Business calendars (src/calendar_parse.c, src/calendar_type.c,
-- src/calendar_time.c): opening hours in local time, an IANA time zone and
-- closed dates; business time between two instants and business deadlines.
-- ---------------------------------------------------------------------------

CREATE TYPE calendar;

CREATE FUNCTION calendar_in(cstring) RETURNS calendar
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION calendar_out(calendar) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION calendar_recv(internal) RETURNS calendar
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION calendar_send(calendar) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Stored parsed (weekly ranges, zone name, sorted closed dates), in one
-- normal form, so equal calendars have equal bytes.
--
-- Category S (string), as a calendar is written as a string: where an
-- aggregate has a form with a calendar and one with as_of timestamptz in
-- the same place (time_in_status(changed_at, status, counted, cal | as_of),
-- sla_rate(start, stop, target, cal | as_of)), an untyped literal there
-- resolves to the calendar, as it did before the as_of forms existed,
-- instead of making the call ambiguous.  An as_of there must be typed.
CREATE TYPE calendar (
	INPUT = calendar_in,
	OUTPUT = calendar_out,
	RECEIVE = calendar_recv,
	SEND = calendar_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended,
	CATEGORY = 'S'
);

COMMENT ON TYPE calendar IS
	'business calendar: opening hours per weekday in local time, a time zone and closed dates, e.g. ''mon-fri 09:00-17:00; tz Europe/Berlin; closed 2025-12-25''';
COMMENT ON FUNCTION calendar_in(cstring) IS 'text input of the calendar type';
COMMENT ON FUNCTION calendar_out(calendar) IS 'text output of the calendar type (canonical form)';
COMMENT ON FUNCTION calendar_recv(internal) IS 'binary input of the calendar type';
COMMENT ON FUNCTION calendar_send(calendar) IS 'binary output of the calendar type';

CREATE FUNCTION business_time(start timestamptz, stop timestamptz, cal calendar)
	RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION business_seconds(start timestamptz, stop timestamptz, cal calendar)
	RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION business_add(start timestamptz, amount interval, cal calendar)
	RETURNS timestamptz
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION business_time(timestamptz, timestamptz, calendar) IS
	'open time of the calendar in [start, stop), as an interval of hours (an error if stop < start)';
COMMENT ON FUNCTION business_seconds(timestamptz, timestamptz, calendar) IS
	'business_time in seconds (double precision), for BI tools';
COMMENT ON FUNCTION business_add(timestamptz, interval, calendar) IS
	'business deadline: the earliest instant at which amount (hours, no days or months) of open time has passed since start';
