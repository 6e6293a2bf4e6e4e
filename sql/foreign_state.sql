-- foreign_state.sql: the support functions of the internal-state families
-- (time in status and resolution times, exact percentiles, the duration
-- sketch's moving-window forms) refuse another aggregate's internal state
-- with 42804 instead of reading it (each state starts with a tag, checked
-- by the finals, combine and serialization functions, and by the
-- transitions when they read the state).  SQL cannot call them, but CREATE
-- AGGREGATE can pair any functions that take internal: a transition of one
-- family with a final, combine or serialization function of another, or
-- with a core transition such as array_agg's.

CREATE TEMP TABLE fs (t timestamptz, s text, d interval, x float8);
INSERT INTO fs
SELECT timestamptz '2025-01-01' + g * interval '1 hour', (ARRAY['open', 'pending', 'solved'])[1 + g % 3],
	   g * interval '1 minute', g
FROM generate_series(1, 1000) g;

-- a time in status state given to the final and serialization functions
-- of the percentiles, and the other way round
CREATE AGGREGATE pg_temp.tis_to_pct(timestamptz, text, text[]) (
	SFUNC = time_in_status_trans, STYPE = internal, FINALFUNC = value_percentile_final);
CREATE AGGREGATE pg_temp.pct_to_tis(float8, float8) (
	SFUNC = value_percentile_trans, STYPE = internal, FINALFUNC = reopens_final);
CREATE AGGREGATE pg_temp.pct_to_tis_bytes(float8, float8) (
	SFUNC = value_percentile_trans, STYPE = internal, FINALFUNC = time_in_status_serialize);
-- within the percentiles: the single-fraction state to the array final,
-- and a state of numbers to the final that reads durations
CREATE AGGREGATE pg_temp.single_to_array(float8, float8) (
	SFUNC = value_percentile_trans, STYPE = internal, FINALFUNC = value_percentile_array_final);
CREATE AGGREGATE pg_temp.numbers_to_seconds(float8, float8) (
	SFUNC = value_percentile_trans, STYPE = internal, FINALFUNC = duration_percentile_seconds_final);
SELECT pg_temp.tis_to_pct(t, s, '{open}') FROM fs;
SELECT pg_temp.single_to_array(x, 0.5) FROM fs;
SELECT pg_temp.numbers_to_seconds(x, 0.5) FROM fs;
SELECT pg_temp.pct_to_tis(x, 0.5) FROM fs;
SELECT pg_temp.pct_to_tis_bytes(x, 0.5) FROM fs;

-- the duration sketch's moving-window state and the percentiles' state
CREATE AGGREGATE pg_temp.sketch_to_pct(interval) (
	SFUNC = duration_sketch_trans, STYPE = internal, FINALFUNC = duration_percentile_seconds_final);
CREATE AGGREGATE pg_temp.pct_to_sketch(interval, float8) (
	SFUNC = duration_percentile_trans, STYPE = internal, FINALFUNC = duration_sketch_final);
SELECT pg_temp.sketch_to_pct(d) FROM fs;
SELECT pg_temp.pct_to_sketch(d, 0.5) FROM fs;

-- a core transition's state (array_agg's ArrayBuildState) to each family
CREATE AGGREGATE pg_temp.array_to_sketch(interval) (
	SFUNC = array_agg_transfn, STYPE = internal, FINALFUNC = duration_sketch_final);
CREATE AGGREGATE pg_temp.array_to_pct(float8) (
	SFUNC = array_agg_transfn, STYPE = internal, FINALFUNC = value_percentile_array_final);
CREATE AGGREGATE pg_temp.array_to_tis(interval) (
	SFUNC = array_agg_transfn, STYPE = internal, FINALFUNC = time_in_status_seconds_final);
SELECT pg_temp.array_to_sketch(d) FROM fs;
SELECT pg_temp.array_to_pct(x) FROM fs;
SELECT pg_temp.array_to_tis(d) FROM fs;

-- parallel plans: the leader's combine function of the other family gets
-- the states the workers sent
CREATE AGGREGATE pg_temp.parallel_mix(timestamptz, text, text[]) (
	SFUNC = time_in_status_trans, STYPE = internal, FINALFUNC = time_in_status_seconds_final,
	COMBINEFUNC = percentile_combine, SERIALFUNC = time_in_status_serialize,
	DESERIALFUNC = time_in_status_deserialize, PARALLEL = SAFE);
CREATE TABLE fs_big AS SELECT * FROM fs, generate_series(1, 100) k;
ANALYZE fs_big;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
SELECT pg_temp.parallel_mix(t, s, '{open}') FROM fs_big;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- the families' own pairings still work
SELECT time_in_status_seconds(t, s, '{open}', timestamptz '2026-01-01') = (
		SELECT sum(extract(epoch FROM stop - t)) FILTER (WHERE s = 'open')
		FROM (SELECT t, s, coalesce(lead(t) OVER (ORDER BY t), '2026-01-01') AS stop FROM fs) l) AS tis_ok,
	   value_percentile(x, 0.5) = 500.5 AS pct_ok
FROM fs;
DROP TABLE fs, fs_big;
