-- ---------------------------------------------------------------------------
-- New in 0.2.0: equality, hashing and a byte order for survey,
-- duration_sketch, timeline, calendar, frt_state and reply_state
-- (src/state_equality.c), declared exactly as in
-- sql/install/90_equality.sql, whose header says why the order is there
-- and why its operators are not named < <= >= >.  Only new objects: the
-- types keep their OIDs, so stored values and users' views are untouched.
-- ---------------------------------------------------------------------------

-- survey
CREATE FUNCTION survey_eq(survey, survey) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_ne(survey, survey) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_lt(survey, survey) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_le(survey, survey) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_ge(survey, survey) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_gt(survey, survey) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_cmp(survey, survey) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_hash(survey) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION survey_hash_extended(survey, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR = (
	LEFTARG = survey, RIGHTARG = survey, FUNCTION = survey_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel,
	HASHES, MERGES
);
CREATE OPERATOR <> (
	LEFTARG = survey, RIGHTARG = survey, FUNCTION = survey_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR ~<~ (
	LEFTARG = survey, RIGHTARG = survey, FUNCTION = survey_lt,
	COMMUTATOR = ~>~, NEGATOR = ~>=~, RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR ~<=~ (
	LEFTARG = survey, RIGHTARG = survey, FUNCTION = survey_le,
	COMMUTATOR = ~>=~, NEGATOR = ~>~, RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR ~>=~ (
	LEFTARG = survey, RIGHTARG = survey, FUNCTION = survey_ge,
	COMMUTATOR = ~<=~, NEGATOR = ~<~, RESTRICT = scalargesel, JOIN = scalargejoinsel
);
CREATE OPERATOR ~>~ (
	LEFTARG = survey, RIGHTARG = survey, FUNCTION = survey_gt,
	COMMUTATOR = ~<~, NEGATOR = ~<=~, RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);

CREATE OPERATOR CLASS survey_ops DEFAULT FOR TYPE survey USING btree AS
	OPERATOR 1 ~<~, OPERATOR 2 ~<=~, OPERATOR 3 =, OPERATOR 4 ~>=~, OPERATOR 5 ~>~,
	FUNCTION 1 survey_cmp(survey, survey);
CREATE OPERATOR CLASS survey_ops DEFAULT FOR TYPE survey USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 survey_hash(survey),
	FUNCTION 2 survey_hash_extended(survey, bigint);

COMMENT ON FUNCTION survey_eq(survey, survey) IS 'equal survey states: the same count for every score (operator =)';
COMMENT ON FUNCTION survey_ne(survey, survey) IS 'different survey states (operator <>)';
COMMENT ON FUNCTION survey_lt(survey, survey) IS 'byte order of survey states, arbitrary, for sorting (operator ~<~)';
COMMENT ON FUNCTION survey_le(survey, survey) IS 'byte order of survey states, arbitrary, for sorting (operator ~<=~)';
COMMENT ON FUNCTION survey_ge(survey, survey) IS 'byte order of survey states, arbitrary, for sorting (operator ~>=~)';
COMMENT ON FUNCTION survey_gt(survey, survey) IS 'byte order of survey states, arbitrary, for sorting (operator ~>~)';
COMMENT ON FUNCTION survey_cmp(survey, survey) IS 'byte order of survey states: -1, 0 or 1 (btree support)';
COMMENT ON FUNCTION survey_hash(survey) IS 'hash of a survey, equal for equal values (hash support)';
COMMENT ON FUNCTION survey_hash_extended(survey, bigint) IS '64-bit hash of a survey with a seed, equal for equal values (hash support, hash partitioning)';
COMMENT ON OPERATOR = (survey, survey) IS 'equal: the same count for every score';
COMMENT ON OPERATOR <> (survey, survey) IS 'not equal';
COMMENT ON OPERATOR ~<~ (survey, survey) IS 'before, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~<=~ (survey, survey) IS 'before or equal, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~>=~ (survey, survey) IS 'after or equal, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~>~ (survey, survey) IS 'after, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR CLASS survey_ops USING btree IS 'arbitrary but total byte order of survey states, for sort-based plans and unique indexes';
COMMENT ON OPERATOR CLASS survey_ops USING hash IS 'hashing of survey states, consistent with =';

-- duration_sketch
CREATE FUNCTION duration_sketch_eq(duration_sketch, duration_sketch) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_ne(duration_sketch, duration_sketch) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_lt(duration_sketch, duration_sketch) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_le(duration_sketch, duration_sketch) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_ge(duration_sketch, duration_sketch) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_gt(duration_sketch, duration_sketch) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_cmp(duration_sketch, duration_sketch) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_hash(duration_sketch) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_hash_extended(duration_sketch, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR = (
	LEFTARG = duration_sketch, RIGHTARG = duration_sketch, FUNCTION = duration_sketch_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel,
	HASHES, MERGES
);
CREATE OPERATOR <> (
	LEFTARG = duration_sketch, RIGHTARG = duration_sketch, FUNCTION = duration_sketch_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR ~<~ (
	LEFTARG = duration_sketch, RIGHTARG = duration_sketch, FUNCTION = duration_sketch_lt,
	COMMUTATOR = ~>~, NEGATOR = ~>=~, RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR ~<=~ (
	LEFTARG = duration_sketch, RIGHTARG = duration_sketch, FUNCTION = duration_sketch_le,
	COMMUTATOR = ~>=~, NEGATOR = ~>~, RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR ~>=~ (
	LEFTARG = duration_sketch, RIGHTARG = duration_sketch, FUNCTION = duration_sketch_ge,
	COMMUTATOR = ~<=~, NEGATOR = ~<~, RESTRICT = scalargesel, JOIN = scalargejoinsel
);
CREATE OPERATOR ~>~ (
	LEFTARG = duration_sketch, RIGHTARG = duration_sketch, FUNCTION = duration_sketch_gt,
	COMMUTATOR = ~<~, NEGATOR = ~<=~, RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);

CREATE OPERATOR CLASS duration_sketch_ops DEFAULT FOR TYPE duration_sketch USING btree AS
	OPERATOR 1 ~<~, OPERATOR 2 ~<=~, OPERATOR 3 =, OPERATOR 4 ~>=~, OPERATOR 5 ~>~,
	FUNCTION 1 duration_sketch_cmp(duration_sketch, duration_sketch);
CREATE OPERATOR CLASS duration_sketch_ops DEFAULT FOR TYPE duration_sketch USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 duration_sketch_hash(duration_sketch),
	FUNCTION 2 duration_sketch_hash_extended(duration_sketch, bigint);

COMMENT ON FUNCTION duration_sketch_eq(duration_sketch, duration_sketch) IS 'equal duration sketches: the same bucket counts, count, sum, minimum and maximum (operator =)';
COMMENT ON FUNCTION duration_sketch_ne(duration_sketch, duration_sketch) IS 'different duration sketches (operator <>)';
COMMENT ON FUNCTION duration_sketch_lt(duration_sketch, duration_sketch) IS 'byte order of duration sketches, arbitrary, for sorting (operator ~<~)';
COMMENT ON FUNCTION duration_sketch_le(duration_sketch, duration_sketch) IS 'byte order of duration sketches, arbitrary, for sorting (operator ~<=~)';
COMMENT ON FUNCTION duration_sketch_ge(duration_sketch, duration_sketch) IS 'byte order of duration sketches, arbitrary, for sorting (operator ~>=~)';
COMMENT ON FUNCTION duration_sketch_gt(duration_sketch, duration_sketch) IS 'byte order of duration sketches, arbitrary, for sorting (operator ~>~)';
COMMENT ON FUNCTION duration_sketch_cmp(duration_sketch, duration_sketch) IS 'byte order of duration sketches: -1, 0 or 1 (btree support)';
COMMENT ON FUNCTION duration_sketch_hash(duration_sketch) IS 'hash of a duration_sketch, equal for equal values (hash support)';
COMMENT ON FUNCTION duration_sketch_hash_extended(duration_sketch, bigint) IS '64-bit hash of a duration_sketch with a seed, equal for equal values (hash support, hash partitioning)';
COMMENT ON OPERATOR = (duration_sketch, duration_sketch) IS 'equal: the same bucket counts, count, sum, minimum and maximum';
COMMENT ON OPERATOR <> (duration_sketch, duration_sketch) IS 'not equal';
COMMENT ON OPERATOR ~<~ (duration_sketch, duration_sketch) IS 'before, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~<=~ (duration_sketch, duration_sketch) IS 'before or equal, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~>=~ (duration_sketch, duration_sketch) IS 'after or equal, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~>~ (duration_sketch, duration_sketch) IS 'after, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR CLASS duration_sketch_ops USING btree IS 'arbitrary but total byte order of duration sketches, for sort-based plans and unique indexes';
COMMENT ON OPERATOR CLASS duration_sketch_ops USING hash IS 'hashing of duration sketches, consistent with =';

-- timeline
CREATE FUNCTION timeline_eq(timeline, timeline) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_ne(timeline, timeline) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_lt(timeline, timeline) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_le(timeline, timeline) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_ge(timeline, timeline) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_gt(timeline, timeline) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_cmp(timeline, timeline) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_hash(timeline) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_hash_extended(timeline, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR = (
	LEFTARG = timeline, RIGHTARG = timeline, FUNCTION = timeline_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel,
	HASHES, MERGES
);
CREATE OPERATOR <> (
	LEFTARG = timeline, RIGHTARG = timeline, FUNCTION = timeline_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR ~<~ (
	LEFTARG = timeline, RIGHTARG = timeline, FUNCTION = timeline_lt,
	COMMUTATOR = ~>~, NEGATOR = ~>=~, RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR ~<=~ (
	LEFTARG = timeline, RIGHTARG = timeline, FUNCTION = timeline_le,
	COMMUTATOR = ~>=~, NEGATOR = ~>~, RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR ~>=~ (
	LEFTARG = timeline, RIGHTARG = timeline, FUNCTION = timeline_ge,
	COMMUTATOR = ~<=~, NEGATOR = ~<~, RESTRICT = scalargesel, JOIN = scalargejoinsel
);
CREATE OPERATOR ~>~ (
	LEFTARG = timeline, RIGHTARG = timeline, FUNCTION = timeline_gt,
	COMMUTATOR = ~<~, NEGATOR = ~<=~, RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);

CREATE OPERATOR CLASS timeline_ops DEFAULT FOR TYPE timeline USING btree AS
	OPERATOR 1 ~<~, OPERATOR 2 ~<=~, OPERATOR 3 =, OPERATOR 4 ~>=~, OPERATOR 5 ~>~,
	FUNCTION 1 timeline_cmp(timeline, timeline);
CREATE OPERATOR CLASS timeline_ops DEFAULT FOR TYPE timeline USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 timeline_hash(timeline),
	FUNCTION 2 timeline_hash_extended(timeline, bigint);

COMMENT ON FUNCTION timeline_eq(timeline, timeline) IS 'equal timelines: the same grid and counters (operator =)';
COMMENT ON FUNCTION timeline_ne(timeline, timeline) IS 'different timelines (operator <>)';
COMMENT ON FUNCTION timeline_lt(timeline, timeline) IS 'byte order of timelines, arbitrary, for sorting (operator ~<~)';
COMMENT ON FUNCTION timeline_le(timeline, timeline) IS 'byte order of timelines, arbitrary, for sorting (operator ~<=~)';
COMMENT ON FUNCTION timeline_ge(timeline, timeline) IS 'byte order of timelines, arbitrary, for sorting (operator ~>=~)';
COMMENT ON FUNCTION timeline_gt(timeline, timeline) IS 'byte order of timelines, arbitrary, for sorting (operator ~>~)';
COMMENT ON FUNCTION timeline_cmp(timeline, timeline) IS 'byte order of timelines: -1, 0 or 1 (btree support)';
COMMENT ON FUNCTION timeline_hash(timeline) IS 'hash of a timeline, equal for equal values (hash support)';
COMMENT ON FUNCTION timeline_hash_extended(timeline, bigint) IS '64-bit hash of a timeline with a seed, equal for equal values (hash support, hash partitioning)';
COMMENT ON OPERATOR = (timeline, timeline) IS 'equal: the same grid and counters';
COMMENT ON OPERATOR <> (timeline, timeline) IS 'not equal';
COMMENT ON OPERATOR ~<~ (timeline, timeline) IS 'before, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~<=~ (timeline, timeline) IS 'before or equal, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~>=~ (timeline, timeline) IS 'after or equal, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~>~ (timeline, timeline) IS 'after, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR CLASS timeline_ops USING btree IS 'arbitrary but total byte order of timelines, for sort-based plans and unique indexes';
COMMENT ON OPERATOR CLASS timeline_ops USING hash IS 'hashing of timelines, consistent with =';

-- calendar
CREATE FUNCTION calendar_eq(calendar, calendar) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION calendar_ne(calendar, calendar) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION calendar_lt(calendar, calendar) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION calendar_le(calendar, calendar) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION calendar_ge(calendar, calendar) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION calendar_gt(calendar, calendar) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION calendar_cmp(calendar, calendar) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION calendar_hash(calendar) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION calendar_hash_extended(calendar, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR = (
	LEFTARG = calendar, RIGHTARG = calendar, FUNCTION = calendar_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel,
	HASHES, MERGES
);
CREATE OPERATOR <> (
	LEFTARG = calendar, RIGHTARG = calendar, FUNCTION = calendar_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR ~<~ (
	LEFTARG = calendar, RIGHTARG = calendar, FUNCTION = calendar_lt,
	COMMUTATOR = ~>~, NEGATOR = ~>=~, RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR ~<=~ (
	LEFTARG = calendar, RIGHTARG = calendar, FUNCTION = calendar_le,
	COMMUTATOR = ~>=~, NEGATOR = ~>~, RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR ~>=~ (
	LEFTARG = calendar, RIGHTARG = calendar, FUNCTION = calendar_ge,
	COMMUTATOR = ~<=~, NEGATOR = ~<~, RESTRICT = scalargesel, JOIN = scalargejoinsel
);
CREATE OPERATOR ~>~ (
	LEFTARG = calendar, RIGHTARG = calendar, FUNCTION = calendar_gt,
	COMMUTATOR = ~<~, NEGATOR = ~<=~, RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);

CREATE OPERATOR CLASS calendar_ops DEFAULT FOR TYPE calendar USING btree AS
	OPERATOR 1 ~<~, OPERATOR 2 ~<=~, OPERATOR 3 =, OPERATOR 4 ~>=~, OPERATOR 5 ~>~,
	FUNCTION 1 calendar_cmp(calendar, calendar);
CREATE OPERATOR CLASS calendar_ops DEFAULT FOR TYPE calendar USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 calendar_hash(calendar),
	FUNCTION 2 calendar_hash_extended(calendar, bigint);

COMMENT ON FUNCTION calendar_eq(calendar, calendar) IS 'equal calendars: the same normal form: hours, zone and closed dates (operator =)';
COMMENT ON FUNCTION calendar_ne(calendar, calendar) IS 'different calendars (operator <>)';
COMMENT ON FUNCTION calendar_lt(calendar, calendar) IS 'byte order of calendars, arbitrary, for sorting (operator ~<~)';
COMMENT ON FUNCTION calendar_le(calendar, calendar) IS 'byte order of calendars, arbitrary, for sorting (operator ~<=~)';
COMMENT ON FUNCTION calendar_ge(calendar, calendar) IS 'byte order of calendars, arbitrary, for sorting (operator ~>=~)';
COMMENT ON FUNCTION calendar_gt(calendar, calendar) IS 'byte order of calendars, arbitrary, for sorting (operator ~>~)';
COMMENT ON FUNCTION calendar_cmp(calendar, calendar) IS 'byte order of calendars: -1, 0 or 1 (btree support)';
COMMENT ON FUNCTION calendar_hash(calendar) IS 'hash of a calendar, equal for equal values (hash support)';
COMMENT ON FUNCTION calendar_hash_extended(calendar, bigint) IS '64-bit hash of a calendar with a seed, equal for equal values (hash support, hash partitioning)';
COMMENT ON OPERATOR = (calendar, calendar) IS 'equal: the same normal form: hours, zone and closed dates';
COMMENT ON OPERATOR <> (calendar, calendar) IS 'not equal';
COMMENT ON OPERATOR ~<~ (calendar, calendar) IS 'before, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~<=~ (calendar, calendar) IS 'before or equal, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~>=~ (calendar, calendar) IS 'after or equal, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~>~ (calendar, calendar) IS 'after, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR CLASS calendar_ops USING btree IS 'arbitrary but total byte order of calendars, for sort-based plans and unique indexes';
COMMENT ON OPERATOR CLASS calendar_ops USING hash IS 'hashing of calendars, consistent with =';

-- frt_state
CREATE FUNCTION frt_state_eq(frt_state, frt_state) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frt_state_ne(frt_state, frt_state) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frt_state_lt(frt_state, frt_state) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frt_state_le(frt_state, frt_state) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frt_state_ge(frt_state, frt_state) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frt_state_gt(frt_state, frt_state) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frt_state_cmp(frt_state, frt_state) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frt_state_hash(frt_state) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frt_state_hash_extended(frt_state, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR = (
	LEFTARG = frt_state, RIGHTARG = frt_state, FUNCTION = frt_state_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel,
	HASHES, MERGES
);
CREATE OPERATOR <> (
	LEFTARG = frt_state, RIGHTARG = frt_state, FUNCTION = frt_state_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR ~<~ (
	LEFTARG = frt_state, RIGHTARG = frt_state, FUNCTION = frt_state_lt,
	COMMUTATOR = ~>~, NEGATOR = ~>=~, RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR ~<=~ (
	LEFTARG = frt_state, RIGHTARG = frt_state, FUNCTION = frt_state_le,
	COMMUTATOR = ~>=~, NEGATOR = ~>~, RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR ~>=~ (
	LEFTARG = frt_state, RIGHTARG = frt_state, FUNCTION = frt_state_ge,
	COMMUTATOR = ~<=~, NEGATOR = ~<~, RESTRICT = scalargesel, JOIN = scalargejoinsel
);
CREATE OPERATOR ~>~ (
	LEFTARG = frt_state, RIGHTARG = frt_state, FUNCTION = frt_state_gt,
	COMMUTATOR = ~<~, NEGATOR = ~<=~, RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);

CREATE OPERATOR CLASS frt_state_ops DEFAULT FOR TYPE frt_state USING btree AS
	OPERATOR 1 ~<~, OPERATOR 2 ~<=~, OPERATOR 3 =, OPERATOR 4 ~>=~, OPERATOR 5 ~>~,
	FUNCTION 1 frt_state_cmp(frt_state, frt_state);
CREATE OPERATOR CLASS frt_state_ops DEFAULT FOR TYPE frt_state USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 frt_state_hash(frt_state),
	FUNCTION 2 frt_state_hash_extended(frt_state, bigint);

COMMENT ON FUNCTION frt_state_eq(frt_state, frt_state) IS 'equal first-response states: the same messages kept and calendar (operator =)';
COMMENT ON FUNCTION frt_state_ne(frt_state, frt_state) IS 'different first-response states (operator <>)';
COMMENT ON FUNCTION frt_state_lt(frt_state, frt_state) IS 'byte order of first-response states, arbitrary, for sorting (operator ~<~)';
COMMENT ON FUNCTION frt_state_le(frt_state, frt_state) IS 'byte order of first-response states, arbitrary, for sorting (operator ~<=~)';
COMMENT ON FUNCTION frt_state_ge(frt_state, frt_state) IS 'byte order of first-response states, arbitrary, for sorting (operator ~>=~)';
COMMENT ON FUNCTION frt_state_gt(frt_state, frt_state) IS 'byte order of first-response states, arbitrary, for sorting (operator ~>~)';
COMMENT ON FUNCTION frt_state_cmp(frt_state, frt_state) IS 'byte order of first-response states: -1, 0 or 1 (btree support)';
COMMENT ON FUNCTION frt_state_hash(frt_state) IS 'hash of a frt_state, equal for equal values (hash support)';
COMMENT ON FUNCTION frt_state_hash_extended(frt_state, bigint) IS '64-bit hash of a frt_state with a seed, equal for equal values (hash support, hash partitioning)';
COMMENT ON OPERATOR = (frt_state, frt_state) IS 'equal: the same messages kept and calendar';
COMMENT ON OPERATOR <> (frt_state, frt_state) IS 'not equal';
COMMENT ON OPERATOR ~<~ (frt_state, frt_state) IS 'before, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~<=~ (frt_state, frt_state) IS 'before or equal, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~>=~ (frt_state, frt_state) IS 'after or equal, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~>~ (frt_state, frt_state) IS 'after, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR CLASS frt_state_ops USING btree IS 'arbitrary but total byte order of first-response states, for sort-based plans and unique indexes';
COMMENT ON OPERATOR CLASS frt_state_ops USING hash IS 'hashing of first-response states, consistent with =';

-- reply_state
CREATE FUNCTION reply_state_eq(reply_state, reply_state) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION reply_state_ne(reply_state, reply_state) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION reply_state_lt(reply_state, reply_state) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION reply_state_le(reply_state, reply_state) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION reply_state_ge(reply_state, reply_state) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION reply_state_gt(reply_state, reply_state) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION reply_state_cmp(reply_state, reply_state) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION reply_state_hash(reply_state) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION reply_state_hash_extended(reply_state, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR = (
	LEFTARG = reply_state, RIGHTARG = reply_state, FUNCTION = reply_state_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel,
	HASHES, MERGES
);
CREATE OPERATOR <> (
	LEFTARG = reply_state, RIGHTARG = reply_state, FUNCTION = reply_state_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR ~<~ (
	LEFTARG = reply_state, RIGHTARG = reply_state, FUNCTION = reply_state_lt,
	COMMUTATOR = ~>~, NEGATOR = ~>=~, RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR ~<=~ (
	LEFTARG = reply_state, RIGHTARG = reply_state, FUNCTION = reply_state_le,
	COMMUTATOR = ~>=~, NEGATOR = ~>~, RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR ~>=~ (
	LEFTARG = reply_state, RIGHTARG = reply_state, FUNCTION = reply_state_ge,
	COMMUTATOR = ~<=~, NEGATOR = ~<~, RESTRICT = scalargesel, JOIN = scalargejoinsel
);
CREATE OPERATOR ~>~ (
	LEFTARG = reply_state, RIGHTARG = reply_state, FUNCTION = reply_state_gt,
	COMMUTATOR = ~<~, NEGATOR = ~<=~, RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);

CREATE OPERATOR CLASS reply_state_ops DEFAULT FOR TYPE reply_state USING btree AS
	OPERATOR 1 ~<~, OPERATOR 2 ~<=~, OPERATOR 3 =, OPERATOR 4 ~>=~, OPERATOR 5 ~>~,
	FUNCTION 1 reply_state_cmp(reply_state, reply_state);
CREATE OPERATOR CLASS reply_state_ops DEFAULT FOR TYPE reply_state USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 reply_state_hash(reply_state),
	FUNCTION 2 reply_state_hash_extended(reply_state, bigint);

COMMENT ON FUNCTION reply_state_eq(reply_state, reply_state) IS 'equal reply states: the same messages and calendar (operator =)';
COMMENT ON FUNCTION reply_state_ne(reply_state, reply_state) IS 'different reply states (operator <>)';
COMMENT ON FUNCTION reply_state_lt(reply_state, reply_state) IS 'byte order of reply states, arbitrary, for sorting (operator ~<~)';
COMMENT ON FUNCTION reply_state_le(reply_state, reply_state) IS 'byte order of reply states, arbitrary, for sorting (operator ~<=~)';
COMMENT ON FUNCTION reply_state_ge(reply_state, reply_state) IS 'byte order of reply states, arbitrary, for sorting (operator ~>=~)';
COMMENT ON FUNCTION reply_state_gt(reply_state, reply_state) IS 'byte order of reply states, arbitrary, for sorting (operator ~>~)';
COMMENT ON FUNCTION reply_state_cmp(reply_state, reply_state) IS 'byte order of reply states: -1, 0 or 1 (btree support)';
COMMENT ON FUNCTION reply_state_hash(reply_state) IS 'hash of a reply_state, equal for equal values (hash support)';
COMMENT ON FUNCTION reply_state_hash_extended(reply_state, bigint) IS '64-bit hash of a reply_state with a seed, equal for equal values (hash support, hash partitioning)';
COMMENT ON OPERATOR = (reply_state, reply_state) IS 'equal: the same messages and calendar';
COMMENT ON OPERATOR <> (reply_state, reply_state) IS 'not equal';
COMMENT ON OPERATOR ~<~ (reply_state, reply_state) IS 'before, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~<=~ (reply_state, reply_state) IS 'before or equal, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~>=~ (reply_state, reply_state) IS 'after or equal, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR ~>~ (reply_state, reply_state) IS 'after, in the arbitrary byte order used for sorting';
COMMENT ON OPERATOR CLASS reply_state_ops USING btree IS 'arbitrary but total byte order of reply states, for sort-based plans and unique indexes';
COMMENT ON OPERATOR CLASS reply_state_ops USING hash IS 'hashing of reply states, consistent with =';
