-- ---------------------------------------------------------------------------
-- Exact percentiles (src/percentile.c): duration_percentile(interval, ...)
-- and value_percentile(double precision, ...), equal to percentile_cont.
-- duration_percentile_seconds (0.2.0) is duration_percentile in double
-- precision seconds, the number BI tools chart.
-- State: internal (every non-NULL value, in the aggregate memory context),
-- serialized to bytea between parallel workers.
-- ---------------------------------------------------------------------------

CREATE FUNCTION duration_percentile_trans(internal, interval, double precision) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_percentile_array_trans(internal, interval, double precision[]) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION value_percentile_trans(internal, double precision, double precision) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION value_percentile_array_trans(internal, double precision, double precision[]) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION percentile_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION percentile_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION percentile_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_percentile_final(internal) RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_percentile_array_final(internal) RETURNS interval[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION value_percentile_final(internal) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION value_percentile_array_final(internal) RETURNS double precision[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_percentile_seconds_final(internal) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION duration_percentile_seconds_array_final(internal) RETURNS double precision[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION duration_percentile_trans(internal, interval, double precision) IS 'collect one duration (transition of duration_percentile with one fraction)';
COMMENT ON FUNCTION duration_percentile_array_trans(internal, interval, double precision[]) IS 'collect one duration (transition of duration_percentile with an array of fractions)';
COMMENT ON FUNCTION value_percentile_trans(internal, double precision, double precision) IS 'collect one value (transition of value_percentile with one fraction)';
COMMENT ON FUNCTION value_percentile_array_trans(internal, double precision, double precision[]) IS 'collect one value (transition of value_percentile with an array of fractions)';
COMMENT ON FUNCTION percentile_combine(internal, internal) IS 'merge two partial percentile states (parallel support)';
COMMENT ON FUNCTION percentile_serialize(internal) IS 'serialize a partial percentile state (parallel support)';
COMMENT ON FUNCTION percentile_deserialize(bytea, internal) IS 'deserialize and check a partial percentile state (parallel support)';
COMMENT ON FUNCTION duration_percentile_final(internal) IS 'select the percentile of the collected durations; NULL when none';
COMMENT ON FUNCTION duration_percentile_array_final(internal) IS 'select the percentiles of the collected durations in one pass; NULL when none';
COMMENT ON FUNCTION duration_percentile_seconds_final(internal) IS 'select the percentile of the collected durations, in seconds; NULL when none';
COMMENT ON FUNCTION duration_percentile_seconds_array_final(internal) IS 'select the percentiles of the collected durations in one pass, in seconds; NULL when none';
COMMENT ON FUNCTION value_percentile_final(internal) IS 'select the percentile of the collected values; NULL when none';
COMMENT ON FUNCTION value_percentile_array_final(internal) IS 'select the percentiles of the collected values in one pass; NULL when none';

CREATE AGGREGATE duration_percentile(d interval, fraction double precision) (
	SFUNC = duration_percentile_trans, STYPE = internal,
	FINALFUNC = duration_percentile_final, COMBINEFUNC = percentile_combine,
	SERIALFUNC = percentile_serialize, DESERIALFUNC = percentile_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE duration_percentile(d interval, fractions double precision[]) (
	SFUNC = duration_percentile_array_trans, STYPE = internal,
	FINALFUNC = duration_percentile_array_final, COMBINEFUNC = percentile_combine,
	SERIALFUNC = percentile_serialize, DESERIALFUNC = percentile_deserialize,
	PARALLEL = SAFE
);
-- the seconds forms: the same state and transitions, another final step
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
CREATE AGGREGATE value_percentile(x double precision, fraction double precision) (
	SFUNC = value_percentile_trans, STYPE = internal,
	FINALFUNC = value_percentile_final, COMBINEFUNC = percentile_combine,
	SERIALFUNC = percentile_serialize, DESERIALFUNC = percentile_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE value_percentile(x double precision, fractions double precision[]) (
	SFUNC = value_percentile_array_trans, STYPE = internal,
	FINALFUNC = value_percentile_array_final, COMBINEFUNC = percentile_combine,
	SERIALFUNC = percentile_serialize, DESERIALFUNC = percentile_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE duration_percentile(interval, double precision) IS 'exact percentile of durations, equal to percentile_cont(fraction) WITHIN GROUP (ORDER BY d); fraction 0-1, the same on every row';
COMMENT ON AGGREGATE duration_percentile(interval, double precision[]) IS 'exact percentiles of durations for an array of fractions, in one pass; equal to percentile_cont(fractions) WITHIN GROUP (ORDER BY d)';
COMMENT ON AGGREGATE duration_percentile_seconds(interval, double precision) IS 'duration_percentile in seconds (double precision), for BI tools: extract(epoch FROM duration_percentile(d, fraction))';
COMMENT ON AGGREGATE duration_percentile_seconds(interval, double precision[]) IS 'duration_percentile with an array of fractions, in seconds (double precision[]), in one pass';
COMMENT ON AGGREGATE value_percentile(double precision, double precision) IS 'exact percentile of numbers, equal to percentile_cont(fraction) WITHIN GROUP (ORDER BY x); fraction 0-1, the same on every row';
COMMENT ON AGGREGATE value_percentile(double precision, double precision[]) IS 'exact percentiles of numbers for an array of fractions, in one pass; equal to percentile_cont(fractions) WITHIN GROUP (ORDER BY x)';
