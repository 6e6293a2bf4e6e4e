-- ---------------------------------------------------------------------------
-- The duration sketch (src/duration_sketch.c, src/duration_sketch_text.c, src/duration_sketch_binary.c):
-- a mergeable histogram of durations whose percentiles are within 1 % of
-- the exact ones, with exact count, mean, minimum and maximum.
-- ---------------------------------------------------------------------------

CREATE TYPE duration_sketch;

CREATE FUNCTION duration_sketch_in(cstring) RETURNS duration_sketch
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_out(duration_sketch) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_recv(internal) RETURNS duration_sketch
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_sketch_send(duration_sketch) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Variable length (a 64-byte header and one varint per bucket), aligned for
-- its int64 header fields; the same durations always give the same bytes.
CREATE TYPE duration_sketch (
	INPUT = duration_sketch_in,
	OUTPUT = duration_sketch_out,
	RECEIVE = duration_sketch_recv,
	SEND = duration_sketch_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE duration_sketch IS
	'mergeable sketch of durations: every percentile within 1 %, exact count, mean, min and max; text form {"v":1,"a":0.01,"n":...,"counts":[...]}';
COMMENT ON FUNCTION duration_sketch_in(cstring) IS 'text input of the duration sketch';
COMMENT ON FUNCTION duration_sketch_out(duration_sketch) IS 'text output of the duration sketch';
COMMENT ON FUNCTION duration_sketch_recv(internal) IS 'binary input of the duration sketch';
COMMENT ON FUNCTION duration_sketch_send(duration_sketch) IS 'binary output of the duration sketch';

-- Aggregate support.  The state is a duration_sketch in its working form
-- (plain int64 counts, updated in place); a real type rather than internal
-- so that Citus can split the aggregates, shipping states as text.  One
-- function merges a sketch into a state: rollup's transition, and the
-- combine function of both aggregates.  Moving windows keep an internal
-- state with an inverse transition.
CREATE FUNCTION duration_sketch_add(duration_sketch, interval) RETURNS duration_sketch
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_sketch_merge(duration_sketch, duration_sketch) RETURNS duration_sketch
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_sketch_state_final(duration_sketch) RETURNS duration_sketch
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_sketch_trans(internal, interval) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_sketch_inv(internal, interval) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_sketch_rollup_trans(internal, duration_sketch) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_sketch_rollup_inv(internal, duration_sketch) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_sketch_final(internal) RETURNS duration_sketch
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION duration_sketch_add(duration_sketch, interval) IS 'count one duration into an aggregate state (transition of duration_agg; aggregates only)';
COMMENT ON FUNCTION duration_sketch_merge(duration_sketch, duration_sketch) IS 'merge a duration sketch into an aggregate state (transition of rollup, combine function of duration_agg and rollup; aggregates only)';
COMMENT ON FUNCTION duration_sketch_state_final(duration_sketch) IS 'final step of duration_agg and rollup: the canonical sketch, NULL over no duration';
COMMENT ON FUNCTION duration_sketch_trans(internal, interval) IS 'count one duration (moving-window transition of duration_agg)';
COMMENT ON FUNCTION duration_sketch_inv(internal, interval) IS 'remove one duration (moving-window support of duration_agg); NULL when the minimum or maximum would change';
COMMENT ON FUNCTION duration_sketch_rollup_trans(internal, duration_sketch) IS 'merge one duration sketch (moving-window transition of rollup)';
COMMENT ON FUNCTION duration_sketch_rollup_inv(internal, duration_sketch) IS 'remove one duration sketch (moving-window support of rollup); NULL when the minimum or maximum would change';
COMMENT ON FUNCTION duration_sketch_final(internal) IS 'final step of duration_agg and rollup in moving windows: the canonical sketch, NULL over no duration';

CREATE AGGREGATE duration_agg(d interval) (
	SFUNC = duration_sketch_add,
	STYPE = duration_sketch,
	SSPACE = 8192,
	FINALFUNC = duration_sketch_state_final,
	COMBINEFUNC = duration_sketch_merge,
	MSFUNC = duration_sketch_trans,
	MINVFUNC = duration_sketch_inv,
	MSTYPE = internal,
	MSSPACE = 8192,
	MFINALFUNC = duration_sketch_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_agg(interval) IS
	'duration sketch of the durations (percentiles within 1 %, exact count, mean, min, max), for two-step aggregation';

CREATE AGGREGATE rollup(duration_sketch) (
	SFUNC = duration_sketch_merge,
	STYPE = duration_sketch,
	SSPACE = 8192,
	FINALFUNC = duration_sketch_state_final,
	COMBINEFUNC = duration_sketch_merge,
	MSFUNC = duration_sketch_rollup_trans,
	MINVFUNC = duration_sketch_rollup_inv,
	MSTYPE = internal,
	MSSPACE = 8192,
	MFINALFUNC = duration_sketch_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(duration_sketch) IS
	'merge duration sketches exactly: the result equals the sketch of all their durations';

-- Accessors: plain SQL types; each duration also as seconds for BI tools.
CREATE FUNCTION percentile(duration_sketch, fraction double precision) RETURNS interval
	AS 'MODULE_PATHNAME', 'duration_sketch_percentile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION percentile(duration_sketch, fractions double precision[]) RETURNS interval[]
	AS 'MODULE_PATHNAME', 'duration_sketch_percentiles' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION percentile_seconds(duration_sketch, fraction double precision) RETURNS double precision
	AS 'MODULE_PATHNAME', 'duration_sketch_percentile_seconds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION percentile_seconds(duration_sketch, fractions double precision[]) RETURNS double precision[]
	AS 'MODULE_PATHNAME', 'duration_sketch_percentiles_seconds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mean(duration_sketch) RETURNS interval
	AS 'MODULE_PATHNAME', 'duration_sketch_mean' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mean_seconds(duration_sketch) RETURNS double precision
	AS 'MODULE_PATHNAME', 'duration_sketch_mean_seconds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_count(duration_sketch) RETURNS bigint
	AS 'MODULE_PATHNAME', 'duration_sketch_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION min_duration(duration_sketch) RETURNS interval
	AS 'MODULE_PATHNAME', 'duration_sketch_min' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION max_duration(duration_sketch) RETURNS interval
	AS 'MODULE_PATHNAME', 'duration_sketch_max' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION min_seconds(duration_sketch) RETURNS double precision
	AS 'MODULE_PATHNAME', 'duration_sketch_min_seconds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION max_seconds(duration_sketch) RETURNS double precision
	AS 'MODULE_PATHNAME', 'duration_sketch_max_seconds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION percentile(duration_sketch, double precision) IS 'estimate of percentile_disc(fraction) of the durations, within 1 % of it; NULL when empty';
COMMENT ON FUNCTION percentile(duration_sketch, double precision[]) IS 'estimates of percentile_disc for each fraction, within 1 %; NULL elements give NULL';
COMMENT ON FUNCTION percentile_seconds(duration_sketch, double precision) IS 'percentile(sketch, fraction) in seconds';
COMMENT ON FUNCTION percentile_seconds(duration_sketch, double precision[]) IS 'percentile(sketch, fractions) in seconds';
COMMENT ON FUNCTION mean(duration_sketch) IS 'exact mean duration, rounded to the microsecond; NULL when empty';
COMMENT ON FUNCTION mean_seconds(duration_sketch) IS 'exact mean duration in seconds; NULL when empty';
COMMENT ON FUNCTION sketch_count(duration_sketch) IS 'exact number of durations in a duration sketch';
COMMENT ON FUNCTION min_duration(duration_sketch) IS 'exact shortest duration; NULL when empty';
COMMENT ON FUNCTION max_duration(duration_sketch) IS 'exact longest duration; NULL when empty';
COMMENT ON FUNCTION min_seconds(duration_sketch) IS 'exact shortest duration in seconds; NULL when empty';
COMMENT ON FUNCTION max_seconds(duration_sketch) IS 'exact longest duration in seconds; NULL when empty';
