-- duration_agg and rollup(duration_sketch): the aggregate state moves from
-- internal to the duration_sketch type (its working form), so that Citus can
-- split both aggregates.  The moving-window forms keep their internal state.
CREATE FUNCTION duration_sketch_add(duration_sketch, interval) RETURNS duration_sketch
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_sketch_merge(duration_sketch, duration_sketch) RETURNS duration_sketch
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_sketch_state_final(duration_sketch) RETURNS duration_sketch
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION duration_sketch_add(duration_sketch, interval) IS 'count one duration into an aggregate state (transition of duration_agg; aggregates only)';
COMMENT ON FUNCTION duration_sketch_merge(duration_sketch, duration_sketch) IS 'merge a duration sketch into an aggregate state (transition of rollup, combine function of duration_agg and rollup; aggregates only)';
COMMENT ON FUNCTION duration_sketch_state_final(duration_sketch) IS 'final step of duration_agg and rollup: the canonical sketch, NULL over no duration';
COMMENT ON FUNCTION duration_sketch_trans(internal, interval) IS 'count one duration (moving-window transition of duration_agg)';
COMMENT ON FUNCTION duration_sketch_rollup_trans(internal, duration_sketch) IS 'merge one duration sketch (moving-window transition of rollup)';
COMMENT ON FUNCTION duration_sketch_final(internal) IS 'final step of duration_agg and rollup in moving windows: the canonical sketch, NULL over no duration';

CREATE OR REPLACE AGGREGATE duration_agg(d interval) (
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
CREATE OR REPLACE AGGREGATE rollup(duration_sketch) (
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

-- retired: the parallel support of the internal state
DROP FUNCTION duration_sketch_combine(internal, internal);
DROP FUNCTION duration_sketch_serialize(internal);
DROP FUNCTION duration_sketch_deserialize(bytea, internal);
