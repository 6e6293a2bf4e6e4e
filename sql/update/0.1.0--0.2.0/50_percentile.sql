-- ---------------------------------------------------------------------------
-- 0.1.0 -> 0.2.0, issue 11 item 6: duration_percentile_seconds, the exact
-- percentiles of durations in double precision seconds, the number BI tools
-- chart (duration_percentile gives an interval, which reaches them as text).
-- New objects only, declared as sql/install/50_percentile.sql declares them:
-- the state, transitions, combine and serialization of duration_percentile,
-- with final steps of their own.
-- ---------------------------------------------------------------------------

CREATE FUNCTION duration_percentile_seconds_final(internal) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_percentile_seconds_array_final(internal) RETURNS double precision[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_percentile_seconds_final(internal) IS 'select the percentile of the collected durations, in seconds; NULL when none';
COMMENT ON FUNCTION duration_percentile_seconds_array_final(internal) IS 'select the percentiles of the collected durations in one pass, in seconds; NULL when none';

CREATE AGGREGATE duration_percentile_seconds(d interval, fraction double precision) (
	SFUNC = duration_percentile_trans, STYPE = internal,
	FINALFUNC = duration_percentile_seconds_final, COMBINEFUNC = percentile_combine,
	SERIALFUNC = percentile_serialize, DESERIALFUNC = percentile_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE duration_percentile_seconds(d interval, fractions double precision[]) (
	SFUNC = duration_percentile_array_trans, STYPE = internal,
	FINALFUNC = duration_percentile_seconds_array_final, COMBINEFUNC = percentile_combine,
	SERIALFUNC = percentile_serialize, DESERIALFUNC = percentile_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE duration_percentile_seconds(interval, double precision) IS 'duration_percentile in seconds (double precision), for BI tools: extract(epoch FROM duration_percentile(d, fraction))';
COMMENT ON AGGREGATE duration_percentile_seconds(interval, double precision[]) IS 'duration_percentile with an array of fractions, in seconds (double precision[]), in one pass';
