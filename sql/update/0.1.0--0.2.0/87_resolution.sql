-- ---------------------------------------------------------------------------
-- Reopens and resolution times (src/status_resolution.c): from a ticket's
-- status history, the input of time_in_status (one row per change, grouped
-- by ticket, any order), with the solved statuses as the array.  The same
-- state and support functions as time_in_status (src/status.c), with their
-- own transition (the solved array must not be NULL nor hold NULL) and
-- final functions.  At equal change times the ticket is in the last status
-- in byte order (COLLATE "C"), as time_in_status has it; the others never
-- lasted and neither solve nor reopen it.  reopens counts the changes from
-- a solved status to an unsolved one; the resolution times run from the
-- first change (or created_at, the last argument of the forms that take
-- it) to the first, or the last, entry into a solved status; NULL while
-- never solved.  With a calendar, business time only.  No clock is read:
-- all immutable.
-- ---------------------------------------------------------------------------

CREATE FUNCTION resolution_trans(internal, timestamptz, text, text[]) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION resolution_trans(internal, timestamptz, text, text[], calendar) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION resolution_created_trans(internal, timestamptz, text, text[], timestamptz) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION resolution_created_trans(internal, timestamptz, text, text[], calendar, timestamptz) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION reopens_final(internal) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION first_resolution_final(internal) RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION full_resolution_final(internal) RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION first_resolution_seconds_final(internal) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION full_resolution_seconds_final(internal) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION resolution_trans(internal, timestamptz, text, text[]) IS 'transition of reopens and the resolution times: keep one status change';
COMMENT ON FUNCTION resolution_trans(internal, timestamptz, text, text[], calendar) IS 'transition of the resolution times with a calendar: keep one status change';
COMMENT ON FUNCTION resolution_created_trans(internal, timestamptz, text, text[], timestamptz) IS 'transition of the resolution times with created_at: keep one status change';
COMMENT ON FUNCTION resolution_created_trans(internal, timestamptz, text, text[], calendar, timestamptz) IS 'transition of the resolution times with a calendar and created_at: keep one status change';
COMMENT ON FUNCTION reopens_final(internal) IS 'final step of reopens: how many times the ticket left a solved status for an unsolved one';
COMMENT ON FUNCTION first_resolution_final(internal) IS 'final step of first_resolution_time: the time to the first entry into a solved status, as an interval';
COMMENT ON FUNCTION full_resolution_final(internal) IS 'final step of full_resolution_time: the time to the last entry into a solved status, as an interval';
COMMENT ON FUNCTION first_resolution_seconds_final(internal) IS 'final step of first_resolution_time_seconds: the time to the first entry into a solved status in seconds';
COMMENT ON FUNCTION full_resolution_seconds_final(internal) IS 'final step of full_resolution_time_seconds: the time to the last entry into a solved status in seconds';

CREATE AGGREGATE reopens(changed_at timestamptz, status text, solved text[]) (
	SFUNC = resolution_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = reopens_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE reopens(timestamptz, text, text[]) IS
	'how many times a ticket left a solved status for an unsolved one (solved to closed, both solved, is not a reopen); at equal times the last status in byte order is the one the ticket is in; 0 if never, NULL without rows';

CREATE AGGREGATE first_resolution_time(changed_at timestamptz, status text, solved text[]) (
	SFUNC = resolution_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = first_resolution_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE first_resolution_time(changed_at timestamptz, status text, solved text[], cal calendar) (
	SFUNC = resolution_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = first_resolution_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE first_resolution_time(changed_at timestamptz, status text, solved text[], created_at timestamptz) (
	SFUNC = resolution_created_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = first_resolution_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE first_resolution_time(changed_at timestamptz, status text, solved text[], cal calendar, created_at timestamptz) (
	SFUNC = resolution_created_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = first_resolution_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE first_resolution_time(timestamptz, text, text[]) IS
	'time from the first change to the first entry into a solved status; NULL while never solved; at equal times the last status in byte order is the one the ticket is in';
COMMENT ON AGGREGATE first_resolution_time(timestamptz, text, text[], calendar) IS
	'first_resolution_time in business time of the calendar (an interval of hours, as business_time gives)';
COMMENT ON AGGREGATE first_resolution_time(timestamptz, text, text[], timestamptz) IS
	'first_resolution_time from created_at instead of the first change (a solve before it measures zero); NULL created_at gives NULL';
COMMENT ON AGGREGATE first_resolution_time(timestamptz, text, text[], calendar, timestamptz) IS
	'first_resolution_time in business time of the calendar, from created_at';

CREATE AGGREGATE first_resolution_time_seconds(changed_at timestamptz, status text, solved text[]) (
	SFUNC = resolution_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = first_resolution_seconds_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE first_resolution_time_seconds(changed_at timestamptz, status text, solved text[], cal calendar) (
	SFUNC = resolution_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = first_resolution_seconds_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE first_resolution_time_seconds(changed_at timestamptz, status text, solved text[], created_at timestamptz) (
	SFUNC = resolution_created_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = first_resolution_seconds_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE first_resolution_time_seconds(changed_at timestamptz, status text, solved text[], cal calendar, created_at timestamptz) (
	SFUNC = resolution_created_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = first_resolution_seconds_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE first_resolution_time_seconds(timestamptz, text, text[]) IS
	'time from the first change to the first entry into a solved status; NULL while never solved, in seconds (double precision)';
COMMENT ON AGGREGATE first_resolution_time_seconds(timestamptz, text, text[], calendar) IS
	'first_resolution_time_seconds in business time of the calendar (double precision seconds)';
COMMENT ON AGGREGATE first_resolution_time_seconds(timestamptz, text, text[], timestamptz) IS
	'first_resolution_time_seconds from created_at instead of the first change (a solve before it measures zero); NULL created_at gives NULL';
COMMENT ON AGGREGATE first_resolution_time_seconds(timestamptz, text, text[], calendar, timestamptz) IS
	'first_resolution_time_seconds in business time of the calendar, from created_at';

CREATE AGGREGATE full_resolution_time(changed_at timestamptz, status text, solved text[]) (
	SFUNC = resolution_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = full_resolution_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE full_resolution_time(changed_at timestamptz, status text, solved text[], cal calendar) (
	SFUNC = resolution_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = full_resolution_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE full_resolution_time(changed_at timestamptz, status text, solved text[], created_at timestamptz) (
	SFUNC = resolution_created_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = full_resolution_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE full_resolution_time(changed_at timestamptz, status text, solved text[], cal calendar, created_at timestamptz) (
	SFUNC = resolution_created_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = full_resolution_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE full_resolution_time(timestamptz, text, text[]) IS
	'time from the first change to the last entry into a solved status (the latest solve, also of a ticket reopened since); NULL while never solved; at equal times the last status in byte order is the one the ticket is in';
COMMENT ON AGGREGATE full_resolution_time(timestamptz, text, text[], calendar) IS
	'full_resolution_time in business time of the calendar (an interval of hours, as business_time gives)';
COMMENT ON AGGREGATE full_resolution_time(timestamptz, text, text[], timestamptz) IS
	'full_resolution_time from created_at instead of the first change (a solve before it measures zero); NULL created_at gives NULL';
COMMENT ON AGGREGATE full_resolution_time(timestamptz, text, text[], calendar, timestamptz) IS
	'full_resolution_time in business time of the calendar, from created_at';

CREATE AGGREGATE full_resolution_time_seconds(changed_at timestamptz, status text, solved text[]) (
	SFUNC = resolution_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = full_resolution_seconds_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE full_resolution_time_seconds(changed_at timestamptz, status text, solved text[], cal calendar) (
	SFUNC = resolution_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = full_resolution_seconds_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE full_resolution_time_seconds(changed_at timestamptz, status text, solved text[], created_at timestamptz) (
	SFUNC = resolution_created_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = full_resolution_seconds_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE full_resolution_time_seconds(changed_at timestamptz, status text, solved text[], cal calendar, created_at timestamptz) (
	SFUNC = resolution_created_trans, STYPE = internal, SSPACE = 160,
	FINALFUNC = full_resolution_seconds_final, COMBINEFUNC = time_in_status_combine,
	SERIALFUNC = time_in_status_serialize, DESERIALFUNC = time_in_status_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE full_resolution_time_seconds(timestamptz, text, text[]) IS
	'time from the first change to the last entry into a solved status (the latest solve, also of a ticket reopened since); NULL while never solved, in seconds (double precision)';
COMMENT ON AGGREGATE full_resolution_time_seconds(timestamptz, text, text[], calendar) IS
	'full_resolution_time_seconds in business time of the calendar (double precision seconds)';
COMMENT ON AGGREGATE full_resolution_time_seconds(timestamptz, text, text[], timestamptz) IS
	'full_resolution_time_seconds from created_at instead of the first change (a solve before it measures zero); NULL created_at gives NULL';
COMMENT ON AGGREGATE full_resolution_time_seconds(timestamptz, text, text[], calendar, timestamptz) IS
	'full_resolution_time_seconds in business time of the calendar, from created_at';
