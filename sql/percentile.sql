-- percentile.sql: duration_percentile, duration_percentile_seconds and
-- value_percentile.  Hand-checked values, then equality with
-- percentile_cont (value and text; for the seconds, its exact microseconds)
-- on random data with ties and NULLs, arrays of fractions, sorted and tied
-- inputs, moving windows, forced-parallel plans, and bad input.

-- shared helpers, the same on every PostgreSQL version: the data generator
-- pg_temp.uniform(key, stream) (never random()), pg_temp.interval_us(d)
\set ECHO none
\i test/lib.sql
\set ECHO all
-- no JIT: compiling the generator's long inlined expressions takes longer
-- than running them
SET jit = off;

SET IntervalStyle = postgres;

-- ---------------------------------------------------------------------------
-- Hand-checked values
-- ---------------------------------------------------------------------------

-- median of 1, 2, 3, 4 minutes: 2.5 minutes; p90 of 1..10 s: row 8.1 of
-- 0..9, so 9 s + 0.1 * 1 s = 9.1 s
SELECT duration_percentile(m * interval '1 minute', 0.5) AS median
FROM generate_series(1, 4) m;
SELECT duration_percentile(s * interval '1 second', 0.9) AS p90
FROM generate_series(1, 10) s;

-- resolution times from timestamp subtraction (days and hours):
-- 03:00, 1 day 06:00, 2 days 11:00.  Median: the middle one.  p75: row 1.5,
-- 30 h + 0.5 * 29 h = 44.5 h = 1 day 20:30.  p0 and p100: min and max.
CREATE TEMP TABLE tickets (created timestamptz, resolved timestamptz);
INSERT INTO tickets VALUES
	('2023-12-29 13:00+00', '2024-01-01 00:00+00'),
	('2024-01-02 09:00+00', '2024-01-02 12:00+00'),
	('2024-01-03 08:00+00', '2024-01-04 14:00+00'),
	('2024-01-05 08:00+00', NULL);
SELECT duration_percentile(resolved - created, 0.5) AS median,
	   duration_percentile(resolved - created, 0.75) AS p75,
	   duration_percentile(resolved - created, 0) AS p0,
	   duration_percentile(resolved - created, 1) AS p100
FROM tickets;
SELECT percentile_cont(0.75) WITHIN GROUP (ORDER BY resolved - created) AS p75_percentile_cont
FROM tickets;

-- a single row is every percentile; NULLs are skipped
SELECT duration_percentile(d, 0) AS p0, duration_percentile(d, 0.37) AS p37,
	   duration_percentile(d, 1) AS p100
FROM (VALUES ('1 day 02:03:04.000005'::interval)) v(d);
SELECT duration_percentile(d, 0.5) AS median
FROM (VALUES (NULL), ('01:00'::interval), (NULL), ('03:00')) v(d);

-- no rows, only NULLs, or a NULL fraction: NULL
SELECT duration_percentile(d, 0.5) AS no_rows, value_percentile(date_part('epoch', d)::float8, 0.5) AS no_rows_value
FROM (SELECT '1h'::interval WHERE false) v(d);
SELECT duration_percentile(d, 0.5) AS only_nulls, duration_percentile(d, ARRAY[0.5]) AS only_nulls_array
FROM (VALUES (NULL::interval), (NULL)) v(d);
SELECT duration_percentile(d, NULL::float8) AS null_fraction,
	   duration_percentile(d, NULL::float8[]) AS null_fractions
FROM (VALUES ('01:00'::interval), ('02:00')) v(d);

-- an array of fractions: unsorted, duplicated, NULL elements (NULL
-- results), 0 and 1; 1..10 minutes: p90 = 9:06, p50 = 5:30
SELECT duration_percentile(m * interval '1 minute', ARRAY[0.9, NULL, 0.5, 0.5, 0, 1]) AS pcts
FROM generate_series(1, 10) m;
-- the result has the shape and bounds of the fraction array
SELECT duration_percentile(m * interval '1 minute', '{{0.25,0.75},{0,1}}'::float8[]) AS two_d,
	   duration_percentile(m * interval '1 minute', '[0:1]={0.5,0.9}'::float8[]) AS lower_bound_0,
	   duration_percentile(m * interval '1 minute', '{}'::float8[]) AS empty
FROM generate_series(1, 10) m;

-- numbers: the same rule; NaN sorts above Infinity, and interpolating with
-- an infinity gives what percentile_cont gives (Infinity or NaN)
SELECT value_percentile(x, 0.5) AS median, value_percentile(x, ARRAY[0.25, 0.9]) AS p25_p90
FROM generate_series(1, 4) x;
SELECT value_percentile(x, 0.5) AS ours, percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS percentile_cont
FROM (VALUES (1::float8), (2), ('NaN')) v(x);
SELECT value_percentile(x, ARRAY[0, 0.75, 1]) AS ours,
	   percentile_cont(ARRAY[0, 0.75, 1]) WITHIN GROUP (ORDER BY x) AS percentile_cont
FROM (VALUES (1::float8), (2), ('NaN')) v(x);
SELECT value_percentile(x, 0.5) AS ours, percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS percentile_cont
FROM (VALUES ('-Infinity'::float8), (1)) v(x);
SELECT value_percentile(x, 0.5) AS ours, percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS percentile_cont
FROM (VALUES ('Infinity'::float8), (1)) v(x);

-- The interval form: percentile_cont interpolates the day and time fields
-- separately, so equal inputs written differently can give answers 1 us
-- apart.  duration_percentile depends only on the durations: it equals
-- percentile_cont over justify_hours(d) when an input has days.
SELECT percentile_cont(0.123456789) WITHIN GROUP (ORDER BY d) AS pc_27_hours
FROM (VALUES ('27:00:00'::interval), ('5 days 01:00:00')) v(d);
SELECT percentile_cont(0.123456789) WITHIN GROUP (ORDER BY d) AS pc_1_day_3_hours
FROM (VALUES ('1 day 03:00:00'::interval), ('5 days 01:00:00')) v(d);
SELECT duration_percentile(d, 0.123456789) AS ours_27_hours
FROM (VALUES ('27:00:00'::interval), ('5 days 01:00:00')) v(d);
-- without any day part the time form is kept, as percentile_cont keeps it
SELECT duration_percentile(d, 0.5) AS ours, percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS percentile_cont
FROM (VALUES ('25:00'::interval), ('26:00')) v(d);

-- duration_percentile_seconds: the same in double precision seconds.  The
-- examples above: 2.5 minutes = 150 s, 9.1 s; the tickets' p75 44.5 h =
-- 160200 s, median 30 h = 108000 s, p0 3 h = 10800 s, p100 59 h = 212400 s
SELECT duration_percentile_seconds(m * interval '1 minute', 0.5) AS median
FROM generate_series(1, 4) m;
SELECT duration_percentile_seconds(s * interval '1 second', 0.9) AS p90
FROM generate_series(1, 10) s;
SELECT duration_percentile_seconds(resolved - created, 0.75) AS p75,
	   duration_percentile_seconds(resolved - created, ARRAY[0.5, 0, NULL, 1]) AS p50_p0_null_p100
FROM tickets;
-- a microsecond part: 1 day 02:03:04.000005 = 93784.000005 s; then NULL
-- wherever the interval form gives NULL, and the shape of the fractions
SELECT duration_percentile_seconds(d, 0.37) AS p37
FROM (VALUES ('1 day 02:03:04.000005'::interval)) v(d);
SELECT duration_percentile_seconds(d, 0.5) AS no_rows,
	   duration_percentile_seconds(d, ARRAY[0.5]) AS no_rows_array
FROM (SELECT '1h'::interval WHERE false) v(d);
SELECT duration_percentile_seconds(d, NULL::float8) AS null_fraction,
	   duration_percentile_seconds(d, '{}'::float8[]) AS empty_array,
	   duration_percentile_seconds(d, '{{0.25,0.75},{0,1}}'::float8[]) AS two_d
FROM (VALUES ('01:00'::interval), ('02:00')) v(d);
-- the seconds of the interval result, 1 day 14:36:17.777397 (above), not
-- the plain product 27 h + 0.123456789 * 94 h = 138977.7773976 s: the
-- interval form interpolates days and time separately, each rounded
SELECT duration_percentile_seconds(d, 0.123456789) AS seconds_27_hours
FROM (VALUES ('27:00:00'::interval), ('5 days 01:00:00')) v(d);
-- the type BI tools see
SELECT pg_typeof(duration_percentile_seconds(d, 0.5)) AS one,
	   pg_typeof(duration_percentile_seconds(d, ARRAY[0.5])) AS array
FROM (VALUES ('01:00'::interval)) v(d);

-- ---------------------------------------------------------------------------
-- Against percentile_cont on random data: exact equality of the text form
-- (value and representation), per group and fraction
-- ---------------------------------------------------------------------------

CREATE TEMP TABLE pd AS
SELECT CASE WHEN g <= 40 THEN -g WHEN g <= 60 THEN -1000 ELSE g % 200 END AS grp,
	   -- days and hours, as timestamp subtraction gives them; some negative
	   CASE WHEN pg_temp.uniform(g, 1) < 0.05 OR g BETWEEN 41 AND 60 THEN NULL
			ELSE (timestamptz '2024-03-01' + pg_temp.uniform(g, 2) * interval '30 days')
				 - (timestamptz '2024-03-01' + pg_temp.uniform(g, 3) * interval '10 days') END AS resolution,
	   -- whole minutes, many ties, some over 24 hours, never a day part
	   CASE WHEN pg_temp.uniform(g, 4) < 0.05 OR g BETWEEN 41 AND 60 THEN NULL
			ELSE (pg_temp.uniform(g, 5) * 3000)::int * interval '1 minute' END AS wait,
	   -- both forms: '27:00:00' and '1 day 03:00:00'
	   CASE WHEN pg_temp.uniform(g, 6) < 0.05 OR g BETWEEN 41 AND 60 THEN NULL
			WHEN pg_temp.uniform(g, 7) < 0.5 THEN (pg_temp.uniform(g, 8) * 100)::int * interval '1 hour'
			ELSE justify_hours((pg_temp.uniform(g, 9) * 100)::int * interval '1 hour') END AS mixed,
	   -- seconds with ties, NaN, infinities
	   CASE WHEN pg_temp.uniform(g, 10) < 0.05 OR g BETWEEN 41 AND 60 THEN NULL
			WHEN pg_temp.uniform(g, 11) < 0.01 THEN 'NaN'
			WHEN pg_temp.uniform(g, 12) < 0.01 THEN 'Infinity'
			WHEN pg_temp.uniform(g, 13) < 0.01 THEN '-Infinity'
			ELSE round((pg_temp.uniform(g, 14) * 1000)::numeric, 1)::float8 END AS x
FROM generate_series(1, 40000) g;

-- groups: 200 of ~200 rows, 40 single-row groups, one group of NULLs only
SELECT count(DISTINCT grp) AS groups, count(*) FILTER (WHERE grp = -1000) AS null_group_rows
FROM pd;

CREATE TEMP TABLE fractions AS
SELECT unnest(ARRAY[0, 0.1, 0.25, 0.5, 0.9, 0.99, 1, 1 / 3.0, 0.123456789]::float8[]) AS f;

SELECT count(*) AS group_fractions,
	   count(*) FILTER (WHERE ours_resolution IS NULL) AS null_results,
	   count(*) FILTER (WHERE ours_resolution::text IS DISTINCT FROM pc_resolution::text) AS resolution_differ,
	   count(*) FILTER (WHERE ours_wait::text IS DISTINCT FROM pc_wait::text) AS wait_differ,
	   count(*) FILTER (WHERE ours_mixed::text IS DISTINCT FROM pc_mixed::text) AS mixed_differ,
	   count(*) FILTER (WHERE ours_x::text IS DISTINCT FROM pc_x::text) AS x_differ
FROM (SELECT grp, f,
			 duration_percentile(resolution, f) AS ours_resolution,
			 percentile_cont(f) WITHIN GROUP (ORDER BY resolution) AS pc_resolution,
			 duration_percentile(wait, f) AS ours_wait,
			 percentile_cont(f) WITHIN GROUP (ORDER BY wait) AS pc_wait,
			 duration_percentile(mixed, f) AS ours_mixed,
			 -- the documented rule: over justify_hours(d) if some d has days
			 CASE WHEN bool_or(extract(day FROM mixed) <> 0)
				  THEN percentile_cont(f) WITHIN GROUP (ORDER BY justify_hours(mixed))
				  ELSE percentile_cont(f) WITHIN GROUP (ORDER BY mixed) END AS pc_mixed,
			 value_percentile(x, f) AS ours_x,
			 percentile_cont(f) WITHIN GROUP (ORDER BY x) AS pc_x
	  FROM pd, fractions GROUP BY grp, f) s;

-- (groups of the mixed column without any day part, all single-row ones:
-- a time under a day, or written without days, such as '36:00:00')
SELECT count(*) AS groups_without_days
FROM (SELECT grp FROM pd GROUP BY grp HAVING NOT bool_or(extract(day FROM mixed) <> 0)) s;

-- arrays: unsorted, duplicates, NULL elements, 0 and 1, in one call
SELECT count(*) AS groups,
	   count(*) FILTER (WHERE ours_resolution::text IS DISTINCT FROM pc_resolution::text) AS resolution_differ,
	   count(*) FILTER (WHERE ours_wait::text IS DISTINCT FROM pc_wait::text) AS wait_differ,
	   count(*) FILTER (WHERE ours_x::text IS DISTINCT FROM pc_x::text) AS x_differ
FROM (SELECT grp,
			 duration_percentile(resolution, ARRAY[0.9, NULL, 0.5, 0.1, 0.5, 1, 0, 0.99]) AS ours_resolution,
			 percentile_cont(ARRAY[0.9, NULL, 0.5, 0.1, 0.5, 1, 0, 0.99]) WITHIN GROUP (ORDER BY resolution) AS pc_resolution,
			 duration_percentile(wait, ARRAY[0.75, 0.25, NULL, 0.75]) AS ours_wait,
			 percentile_cont(ARRAY[0.75, 0.25, NULL, 0.75]) WITHIN GROUP (ORDER BY wait) AS pc_wait,
			 value_percentile(x, ARRAY[1, 0.5, 0, 0.95, NULL]) AS ours_x,
			 percentile_cont(ARRAY[1, 0.5, 0, 0.95, NULL]) WITHIN GROUP (ORDER BY x) AS pc_x
	  FROM pd GROUP BY grp) s;

-- duration_percentile_seconds against percentile_cont's exact microseconds
-- (pg_temp.interval_us: extract(epoch) is double precision before 14) in
-- seconds, rounded once to double precision: equal to the last bit
SELECT count(*) AS group_fractions,
	   count(*) FILTER (WHERE ours_resolution IS NULL) AS null_results,
	   count(*) FILTER (WHERE ours_resolution IS DISTINCT FROM pc_resolution) AS resolution_differ,
	   count(*) FILTER (WHERE ours_wait IS DISTINCT FROM pc_wait) AS wait_differ,
	   count(*) FILTER (WHERE ours_mixed IS DISTINCT FROM pc_mixed) AS mixed_differ
FROM (SELECT grp, f,
			 duration_percentile_seconds(resolution, f) AS ours_resolution,
			 (pg_temp.interval_us(percentile_cont(f) WITHIN GROUP (ORDER BY resolution)) / 1000000)::float8 AS pc_resolution,
			 duration_percentile_seconds(wait, f) AS ours_wait,
			 (pg_temp.interval_us(percentile_cont(f) WITHIN GROUP (ORDER BY wait)) / 1000000)::float8 AS pc_wait,
			 duration_percentile_seconds(mixed, f) AS ours_mixed,
			 (pg_temp.interval_us(CASE WHEN bool_or(extract(day FROM mixed) <> 0)
				  THEN percentile_cont(f) WITHIN GROUP (ORDER BY justify_hours(mixed))
				  ELSE percentile_cont(f) WITHIN GROUP (ORDER BY mixed) END) / 1000000)::float8 AS pc_mixed
	  FROM pd, fractions GROUP BY grp, f) s;
SELECT count(*) AS groups,
	   count(*) FILTER (WHERE ours_resolution::text IS DISTINCT FROM pc_resolution::text) AS resolution_differ,
	   count(*) FILTER (WHERE ours_wait::text IS DISTINCT FROM pc_wait::text) AS wait_differ
FROM (SELECT grp,
			 duration_percentile_seconds(resolution, ARRAY[0.9, NULL, 0.5, 0.1, 0.5, 1, 0, 0.99]) AS ours_resolution,
			 (SELECT array_agg((pg_temp.interval_us(u) / 1000000)::float8 ORDER BY i)
			  FROM unnest(percentile_cont(ARRAY[0.9, NULL, 0.5, 0.1, 0.5, 1, 0, 0.99]) WITHIN GROUP (ORDER BY resolution))
				   WITH ORDINALITY AS a(u, i)) AS pc_resolution,
			 duration_percentile_seconds(wait, ARRAY[0.75, 0.25, NULL, 0.75]) AS ours_wait,
			 (SELECT array_agg((pg_temp.interval_us(u) / 1000000)::float8 ORDER BY i)
			  FROM unnest(percentile_cont(ARRAY[0.75, 0.25, NULL, 0.75]) WITHIN GROUP (ORDER BY wait))
				   WITH ORDINALITY AS a(u, i)) AS pc_wait
	  FROM pd GROUP BY grp) s;

-- one large group fed in sorted, reversed and shuffled order, and a group
-- of equal values: the selection must not depend on the input order
CREATE TEMP TABLE big AS
SELECT (g * 7919 % 20011) * interval '1 second' AS d, g % 3 AS third
FROM generate_series(1, 20000) g;
SELECT (SELECT duration_percentile(d, ARRAY[0, 0.001, 0.5, 0.9, 0.999, 1]) FROM (SELECT d FROM big ORDER BY d) s)::text
		 = (SELECT percentile_cont(ARRAY[0, 0.001, 0.5, 0.9, 0.999, 1]) WITHIN GROUP (ORDER BY d) FROM big)::text AS sorted_ok,
	   (SELECT duration_percentile(d, ARRAY[0, 0.001, 0.5, 0.9, 0.999, 1]) FROM (SELECT d FROM big ORDER BY d DESC) s)::text
		 = (SELECT percentile_cont(ARRAY[0, 0.001, 0.5, 0.9, 0.999, 1]) WITHIN GROUP (ORDER BY d) FROM big)::text AS reversed_ok,
	   (SELECT duration_percentile(d, ARRAY[0, 0.001, 0.5, 0.9, 0.999, 1]) FROM (SELECT d FROM big ORDER BY third, d) s)::text
		 = (SELECT percentile_cont(ARRAY[0, 0.001, 0.5, 0.9, 0.999, 1]) WITHIN GROUP (ORDER BY d) FROM big)::text AS sawtooth_ok,
	   (SELECT duration_percentile(interval '42 seconds', ARRAY[0, 0.3, 1]) FROM big)::text AS all_equal;

-- ---------------------------------------------------------------------------
-- Moving windows: no inverse function, so PostgreSQL recomputes sliding
-- frames, and a growing frame calls the final function after each row on
-- the same state
-- ---------------------------------------------------------------------------

CREATE TEMP TABLE w AS
SELECT g AS id, CASE WHEN g % 11 = 0 THEN NULL ELSE (g * 7919 % 101) * interval '1 minute' END AS d
FROM generate_series(1, 300) g;
SELECT count(*) AS rows_checked,
	   bool_and(growing::text IS NOT DISTINCT FROM
				(SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY d) FROM w x WHERE x.id <= w2.id)::text) AS growing_ok,
	   bool_and(sliding::text IS NOT DISTINCT FROM
				(SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) FROM w x WHERE x.id BETWEEN w2.id - 9 AND w2.id)::text) AS sliding_ok,
	   bool_and(growing_array::text IS NOT DISTINCT FROM
				(SELECT percentile_cont(ARRAY[0.9, 0.1]) WITHIN GROUP (ORDER BY d) FROM w x WHERE x.id <= w2.id)::text) AS growing_array_ok,
	   bool_and(growing_seconds IS NOT DISTINCT FROM
				(SELECT (pg_temp.interval_us(percentile_cont(0.9) WITHIN GROUP (ORDER BY d)) / 1000000)::float8 FROM w x WHERE x.id <= w2.id)) AS growing_seconds_ok,
	   bool_and(sliding_seconds IS NOT DISTINCT FROM
				(SELECT (pg_temp.interval_us(percentile_cont(0.5) WITHIN GROUP (ORDER BY d)) / 1000000)::float8 FROM w x WHERE x.id BETWEEN w2.id - 9 AND w2.id)) AS sliding_seconds_ok,
	   bool_and(sliding_seconds_array IS NOT DISTINCT FROM
				(SELECT ARRAY[(pg_temp.interval_us(percentile_cont(0.9) WITHIN GROUP (ORDER BY d)) / 1000000)::float8,
							  (pg_temp.interval_us(percentile_cont(0.1) WITHIN GROUP (ORDER BY d)) / 1000000)::float8]
				 FROM w x WHERE x.id BETWEEN w2.id - 9 AND w2.id)) AS sliding_seconds_array_ok
FROM (SELECT id,
			 duration_percentile(d, 0.9) OVER (ORDER BY id) AS growing,
			 duration_percentile(d, 0.5) OVER (ORDER BY id ROWS 9 PRECEDING) AS sliding,
			 duration_percentile(d, ARRAY[0.9, 0.1]) OVER (ORDER BY id) AS growing_array,
			 duration_percentile_seconds(d, 0.9) OVER (ORDER BY id) AS growing_seconds,
			 duration_percentile_seconds(d, 0.5) OVER (ORDER BY id ROWS 9 PRECEDING) AS sliding_seconds,
			 duration_percentile_seconds(d, ARRAY[0.9, 0.1]) OVER (ORDER BY id ROWS 9 PRECEDING) AS sliding_seconds_array
	  FROM w) w2;

-- ---------------------------------------------------------------------------
-- Parallel plans: partial states are serialized in the workers and combined
-- in the leader; the results equal percentile_cont's
-- ---------------------------------------------------------------------------

CREATE TABLE pct_par AS
SELECT g, g % 40 AS grp,
	   CASE WHEN g % 97 = 0 THEN NULL
			ELSE (timestamptz '2024-01-01' + (g * 7919 % 1000003) * interval '1 second')
				 - timestamptz '2024-01-01' END AS d,
	   CASE WHEN g % 89 = 0 THEN NULL ELSE (g * 104729 % 100003) / 7.0 END::float8 AS x
FROM generate_series(1::bigint, 200000) g;
ANALYZE pct_par;


CREATE TEMP TABLE serial_pc AS
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d)::text AS d50,
	   percentile_cont(ARRAY[0.9, 0.5, 0.1]) WITHIN GROUP (ORDER BY d)::text AS d_array,
	   percentile_cont(0.99) WITHIN GROUP (ORDER BY x)::text AS x99,
	   percentile_cont(ARRAY[0.25, 0.75]) WITHIN GROUP (ORDER BY x)::text AS x_array,
	   (pg_temp.interval_us(percentile_cont(0.5) WITHIN GROUP (ORDER BY d)) / 1000000)::float8::text AS s50,
	   ARRAY[(pg_temp.interval_us(percentile_cont(0.9) WITHIN GROUP (ORDER BY d)) / 1000000)::float8,
			 (pg_temp.interval_us(percentile_cont(0.1) WITHIN GROUP (ORDER BY d)) / 1000000)::float8]::text AS s_array
FROM pct_par;
CREATE TEMP TABLE serial_pc_grouped AS
SELECT grp, percentile_cont(0.9) WITHIN GROUP (ORDER BY d)::text AS d90,
	   percentile_cont(ARRAY[0.5, 0.1]) WITHIN GROUP (ORDER BY x)::text AS x_array,
	   (pg_temp.interval_us(percentile_cont(0.75) WITHIN GROUP (ORDER BY d)) / 1000000)::float8::text AS s75
FROM pct_par GROUP BY grp;

CREATE TEMP VIEW all_pcts AS
SELECT duration_percentile(d, 0.5)::text AS d50,
	   duration_percentile(d, ARRAY[0.9, 0.5, 0.1])::text AS d_array,
	   value_percentile(x, 0.99)::text AS x99,
	   value_percentile(x, ARRAY[0.25, 0.75])::text AS x_array,
	   duration_percentile_seconds(d, 0.5)::text AS s50,
	   duration_percentile_seconds(d, ARRAY[0.9, 0.1])::text AS s_array
FROM pct_par;
CREATE TEMP VIEW grouped_pcts AS
SELECT grp, duration_percentile(d, 0.9)::text AS d90,
	   value_percentile(x, ARRAY[0.5, 0.1])::text AS x_array,
	   duration_percentile_seconds(d, 0.75)::text AS s75
FROM pct_par GROUP BY grp;

SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT duration_percentile(d, 0.5) FROM pct_par;
EXPLAIN (COSTS OFF) SELECT duration_percentile_seconds(d, 0.5) FROM pct_par;
SELECT pg_temp.uses_partial_aggregate('SELECT * FROM all_pcts') AS all_partial,
	   pg_temp.uses_partial_aggregate('SELECT * FROM grouped_pcts') AS grouped_partial;
SELECT (SELECT row(a.*)::text FROM all_pcts a) = (SELECT row(s.*)::text FROM serial_pc s) AS all_equal;
SELECT count(*) AS groups, bool_and(row(g.*)::text = row(s.*)::text) AS grouped_equal
FROM grouped_pcts g JOIN serial_pc_grouped s USING (grp);
SET parallel_leader_participation = off;
SELECT (SELECT row(a.*)::text FROM all_pcts a) = (SELECT row(s.*)::text FROM serial_pc s) AS all_equal_workers_only;
SELECT count(*) AS groups, bool_and(row(g.*)::text = row(s.*)::text) AS grouped_equal_workers_only
FROM grouped_pcts g JOIN serial_pc_grouped s USING (grp);
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP VIEW all_pcts, grouped_pcts;
DROP TABLE pct_par;

-- ---------------------------------------------------------------------------
-- Bad input: clean errors
-- ---------------------------------------------------------------------------

-- fractions outside [0, 1] and NaN, alone or in an array (22003)
SELECT duration_percentile(d, 1.5) FROM (VALUES ('1h'::interval)) v(d);
SELECT duration_percentile(d, -0.1) FROM (VALUES ('1h'::interval)) v(d);
SELECT value_percentile(x, 'NaN') FROM (VALUES (1::float8)) v(x);
SELECT duration_percentile(d, ARRAY[0.5, NULL, 2]) FROM (VALUES ('1h'::interval)) v(d);
SELECT value_percentile(x, ARRAY['NaN'::float8]) FROM (VALUES (1::float8)) v(x);
-- checked on the first row even if its value is NULL, but never seen
-- without rows: NULL where percentile_cont raises the error
SELECT duration_percentile(NULL::interval, 1.5);
SELECT duration_percentile(d, 1.5) AS no_rows FROM (SELECT '1h'::interval WHERE false) v(d);
-- the fraction must be the same on every row of a group (22023)
SELECT value_percentile(x, x / 10.0) FROM generate_series(1, 3) x;
SELECT duration_percentile(d, CASE WHEN d > '1h' THEN 0.5 END)
FROM (VALUES ('1h'::interval), ('2h')) v(d);
SELECT duration_percentile(d, ARRAY[0.5, extract(hour FROM d)::float8 / 10])
FROM (VALUES ('1h'::interval), ('2h')) v(d);
-- a fraction that varies with the GROUP BY columns only is fine
SELECT g, duration_percentile(d, g / 4.0) FROM (VALUES (1, '1h'::interval), (1, '2h'), (2, '1h'), (2, '3h')) v(g, d)
GROUP BY g ORDER BY g;
-- months have no fixed length (22023); durations beyond int64 us (22008)
SELECT duration_percentile(d, 0.5) FROM (VALUES ('1h'::interval), ('1 mon 2 days')) v(d);
SELECT duration_percentile(d, 0.5) FROM (VALUES ('200000000 days'::interval)) v(d);
-- the seconds form shares the transition, and so its checks
SELECT duration_percentile_seconds(d, 0.5) FROM (VALUES ('1h'::interval), ('1 mon 2 days')) v(d);
SELECT duration_percentile_seconds(d, ARRAY[0.5, 2]) FROM (VALUES ('1h'::interval)) v(d);
-- untyped literals are ambiguous between the two forms: use ARRAY[...]
SELECT duration_percentile(d, '{0.5}') FROM (VALUES ('1h'::interval)) v(d);

-- every object of this family has a comment: 13 support functions and 6
-- aggregates
SELECT count(*) AS objects, count(*) FILTER (WHERE obj_description(p.oid, 'pg_proc') IS NULL) AS uncommented
FROM pg_proc p
WHERE (proname LIKE 'duration\_percentile%' OR proname LIKE 'value\_percentile%'
	   OR proname IN ('percentile_combine', 'percentile_serialize', 'percentile_deserialize'));
