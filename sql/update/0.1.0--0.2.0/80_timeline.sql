-- timeline_agg and rollup(timeline): the aggregate state moves from internal
-- to the timeline type (its working form), so that Citus can split both.
CREATE FUNCTION timeline_state_add(timeline, timestamptz, timestamptz, timestamptz, timestamptz, interval)
	RETURNS timeline
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION timeline_state_merge(timeline, timeline) RETURNS timeline
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION timeline_state_final(timeline) RETURNS timeline
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION timeline_state_add(timeline, timestamptz, timestamptz, timestamptz, timestamptz, interval) IS
	'transition of timeline_agg: count one item (opened_at, closed_at) on the grid (start, stop, step) (aggregates only)';
COMMENT ON FUNCTION timeline_state_merge(timeline, timeline) IS 'merge a timeline into an aggregate state (transition of rollup(timeline), combine function of timeline_agg and rollup; aggregates only)';
COMMENT ON FUNCTION timeline_state_final(timeline) IS 'final step of timeline_agg and rollup(timeline): the timeline, NULL over no item';

CREATE OR REPLACE AGGREGATE timeline_agg(opened_at timestamptz, closed_at timestamptz,
							  start timestamptz, stop timestamptz, step interval) (
	SFUNC = timeline_state_add, STYPE = timeline, SSPACE = 12000,
	FINALFUNC = timeline_state_final, COMBINEFUNC = timeline_state_merge,
	PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE rollup(timeline) (
	SFUNC = timeline_state_merge, STYPE = timeline, SSPACE = 12000,
	FINALFUNC = timeline_state_final, COMBINEFUNC = timeline_state_merge,
	PARALLEL = SAFE
);

-- retired: the internal state's support functions
DROP FUNCTION timeline_trans(internal, timestamptz, timestamptz, timestamptz, timestamptz, interval);
DROP FUNCTION timeline_rollup_trans(internal, timeline);
DROP FUNCTION timeline_combine(internal, internal);
DROP FUNCTION timeline_serialize(internal);
DROP FUNCTION timeline_deserialize(bytea, internal);
DROP FUNCTION timeline_final(internal);
