-- duration_sketch.sql: the duration sketch: hand-checked values, the
-- accuracy guarantee on skewed data, every bucket's bounds, exact rollup,
-- size bound, parallel plans, moving windows, text and binary I/O, hostile
-- input.

-- shared helpers, the same on every PostgreSQL version: the data generator
-- pg_temp.uniform(key, stream) (never random()), pg_temp.interval_us(d)
\set ECHO none
\i test/lib.sql
\set ECHO all
-- no JIT: compiling the generator's long inlined expressions takes longer
-- than running them
SET jit = off;

-- an interval of exactly u microseconds (numeric, any size)
CREATE FUNCTION pg_temp.us(u numeric) RETURNS interval LANGUAGE sql IMMUTABLE AS $$
	SELECT make_interval(days => floor(u / 86400000000)::int,
						 secs => ((u % 86400000000) / 1000000)::float8)
$$;

-- hand-checked: 0, 1 s, 1 s, 1.5 s, 2 s and a NULL (skipped).  Bucket 578
-- holds 995612..1015523 us, so 1 s is there; 1.5 s is in bucket 598
-- (1479415..1509002), 2 s in bucket 613 (1991089..2030909): counts start at
-- 578 and are 2, 19 empty buckets, 1, 14 empty buckets, 1.
CREATE TEMP TABLE five (d interval);
INSERT INTO five VALUES ('1 second'), ('1 second'), ('1.5 seconds'), ('0'), ('2 seconds'), (NULL);
SELECT duration_agg(d) FROM five;
SELECT sketch_count(s), mean(s), mean_seconds(s), min_duration(s), max_duration(s),
	   min_seconds(s), max_seconds(s)
FROM (SELECT duration_agg(d) FROM five) v(s);
-- rank ceil(p * 5): ranks 1 and 5 are the exact minimum and maximum, rank 1
-- is a zero; ranks 2 and 3 give bucket 578's representative
-- ceil(100 * 1015523 / 101) = 1005469 us, rank 4 bucket 598's, 1494062 us
SELECT p, percentile(s, p), percentile_seconds(s, p),
	   (SELECT percentile_disc(p) WITHIN GROUP (ORDER BY d) FROM five) AS exact
FROM (SELECT duration_agg(d) FROM five) v(s),
	 unnest(ARRAY[0, 0.2, 0.21, 0.4, 0.5, 0.6, 0.7, 0.8, 0.81, 1]::float8[]) p;
-- several fractions at once, keeping the array's shape; NULL gives NULL
SELECT percentile(s, ARRAY[0.5, NULL, 1]), percentile_seconds(s, ARRAY[[0, 0.5], [0.7, 1]]),
	   percentile(s, '{}'::float8[]), percentile(s, '[0:1]={0,1}'::float8[])
FROM (SELECT duration_agg(d) FROM five) v(s);
-- numeric literals resolve to the double precision versions
SELECT percentile(s, 0.5), percentile(s, ARRAY[0.5, 0.7]), percentile_seconds(s, 1)
FROM (SELECT duration_agg(d) FROM five) v(s);
-- the mean is exact: the sum is kept in 128 bits, the mean rounded half up
SELECT mean(duration_agg(d)), mean_seconds(duration_agg(d))
FROM (VALUES (interval '1 microsecond'), ('2 microseconds')) v(d);
SELECT duration_agg(d), mean(duration_agg(d)), max_duration(duration_agg(d))
FROM (VALUES (interval '106751991 days 04:00:54.775807'), ('106751991 days 04:00:54.775807')) v(d);
-- durations up to 100 us have a bucket each: their percentiles are exact
SELECT bool_and(percentile(s, i / 100.0) = (SELECT percentile_disc(i / 100.0) WITHIN GROUP (ORDER BY d)
											FROM (SELECT g * interval '1 microsecond' FROM generate_series(1, 100) g) t(d)))
	   AS small_exact
FROM (SELECT duration_agg(g * interval '1 microsecond') FROM generate_series(1, 100) g) v(s),
	 generate_series(0, 100) i;
-- a day form and a time form of the same duration are the same duration
SELECT duration_agg(d)::text = duration_agg(d2)::text AS same,
	   duration_agg(d) AS days, duration_agg(d2) AS hours
FROM (VALUES (interval '1 day 2 hours', interval '26 hours'), ('1 day -1 hour', '23 hours')) v(d, d2);

-- NULL means no value: NULL over no durations; an empty sketch (only by
-- text input) has a count of 0 and NULL for everything else
SELECT duration_agg(d) FROM five WHERE false;
SELECT duration_agg(NULL::interval) FROM generate_series(1, 3);
SELECT sketch_count(s), mean(s), mean_seconds(s), min_duration(s), max_seconds(s),
	   percentile(s, 0.5), percentile(s, ARRAY[0.5]), percentile_seconds(s, 0.5)
FROM (SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}'::duration_sketch) v(s);

-- bad durations and fractions: clean errors
SELECT duration_agg(d) FROM (VALUES (interval '1 second'), ('-1 microsecond')) v(d);
SELECT duration_agg(d) FROM (VALUES (interval '1 mon')) v(d);
SELECT duration_agg(d) FROM (VALUES (interval '1 year 1 second')) v(d);
SELECT duration_agg(d) FROM (VALUES (interval '106751991 days 04:00:54.775808')) v(d);
SELECT duration_agg(d) FROM (VALUES (interval '2000000000 days')) v(d);
SELECT percentile(duration_agg(d), -0.1) FROM five;
SELECT percentile(duration_agg(d), 1.5) FROM five;
SELECT percentile_seconds(duration_agg(d), 'NaN'::float8) FROM five;
SELECT percentile(duration_agg(d), ARRAY[0.5, 2]) FROM five;
SELECT percentile_seconds(duration_agg(d), ARRAY['-Infinity'::float8]) FROM five;
SELECT percentile('{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}'::duration_sketch, 2);

-- every bucket bound, recomputed here in numeric from the recurrence
-- U(0) = 1, U(i) = U(i-1) + max(1, floor(U(i-1) / 50)), the last one capped
-- at 2^63 - 1: U(i) is in bucket i and U(i) + 1 in bucket i + 1, and the
-- representative of each bucket (the median of the three durations L, L, U
-- of bucket i, L its smallest) is within 1/101 of both ends, so of all of it
CREATE TEMP TABLE bounds AS
WITH RECURSIVE b(i, u) AS (
	SELECT 0, 1::numeric
	UNION ALL
	SELECT i + 1, u + greatest(1, div(u, 50)) FROM b WHERE i < 2085
)
SELECT i, coalesce(lag(u) OVER (ORDER BY i), 0) + 1 AS lo,
	   least(u, 9223372036854775807) AS hi, u AS uncapped
FROM b;
SELECT count(*) AS buckets, max(hi) = 9223372036854775807 AS last_is_max,
	   bool_and(uncapped < 9223372036854775807) FILTER (WHERE i < 2085) AS all_needed
FROM bounds;
CREATE FUNCTION pg_temp.bucket_of(u numeric) RETURNS int LANGUAGE sql AS $$
	SELECT (duration_agg(pg_temp.us(u))::text::jsonb ->> 'start')::int
$$;
SELECT bool_and(pg_temp.bucket_of(hi) = i) AS upper_in_bucket,
	   bool_and(pg_temp.bucket_of(hi + 1) = i + 1) FILTER (WHERE i < 2085) AS next_in_next_bucket,
	   bool_and(pg_temp.bucket_of(lo) = i) AS lower_in_bucket
FROM bounds;
SELECT bool_and(r BETWEEN lo AND hi) AS inside,
	   bool_and((r - lo) * 101 <= lo AND (hi - r) * 101 <= hi) AS within_1_101,
	   max(greatest((r - lo) / lo, (hi - r) / hi)) < 0.0099010 AS max_below_0_99010,
	   max(greatest((r - lo) / lo, (hi - r) / hi)) > 0.0099009 AS bound_is_tight
FROM (
	SELECT lo, hi, pg_temp.interval_us(percentile((SELECT duration_agg(pg_temp.us(x))
											FROM unnest(ARRAY[lo, lo, hi]) x), 0.5)) AS r
	FROM bounds
) v;

-- the guarantee on skewed data: for 1001 fractions p = 0, 0.001, ..., 1,
-- percentile(s, p) is within 1/101 of percentile_disc(p) (in exact
-- microseconds, a zero exactly), and percentile_seconds within 1 % of it.
-- log-normal (Box-Muller), bimodal with 5 % zeros, one huge outlier.
CREATE TEMP TABLE skewed AS
SELECT 'lognormal' AS dist, g AS id,
	   pg_temp.us(round(exp(ln(600e6) + 1.5 * pg_temp.normal(g, 1)))::numeric) AS d
FROM generate_series(1, 100000) g
UNION ALL
SELECT 'bimodal', g,
	   CASE WHEN u < 0.05 THEN interval '0'
			WHEN u < 0.75 THEN pg_temp.us(round(exp(ln(120e6) + 0.3 * z))::numeric)
			ELSE pg_temp.us(round(exp(ln(259200e6) + 0.5 * z))::numeric) END
FROM (SELECT g, pg_temp.uniform(g, 3) AS u, pg_temp.normal(g, 4) AS z
	  FROM generate_series(1, 100000) g) t
UNION ALL
SELECT 'outlier', g,
	   CASE WHEN g = 5000 THEN interval '3287 days' ELSE pg_temp.us(1000000 + floor(pg_temp.uniform(g, 5) * 59000001)::numeric) END
FROM generate_series(1, 20001) g;

CREATE TEMP TABLE fractions AS
SELECT array_agg(i / 1000.0::float8 ORDER BY i) AS ps FROM generate_series(0, 1000) i;
CREATE TEMP TABLE exact AS
SELECT dist, duration_agg(d) AS s, count(d) AS n, min(d), max(d),
	   round(sum(pg_temp.interval_us(d)) / count(d)) AS mean_us, sum(pg_temp.interval_us(d)) / count(d) / 1000000 AS mean_s,
	   percentile_disc((SELECT ps FROM fractions)) WITHIN GROUP (ORDER BY d) AS exact
FROM skewed GROUP BY dist;
SELECT dist, count(*) AS fractions,
	   bool_and(CASE WHEN x = 0 THEN est = 0 ELSE abs(est - x) * 101 <= x END) AS within_1_101,
	   bool_and(CASE WHEN x = 0 THEN sec = 0 ELSE abs(sec - x / 1e6) < 0.01 * x / 1e6 END) AS seconds_within_1pct,
	   max(abs(est - x) / nullif(x, 0)) > 0.009 AS max_error_above_0_9pct,
	   count(*) FILTER (WHERE est = x) > 0 AS some_exact
FROM (
	SELECT dist, pg_temp.interval_us(e) AS est, sec::numeric AS sec, pg_temp.interval_us(x) AS x
	FROM exact, fractions,
		 unnest(percentile(s, ps), percentile_seconds(s, ps), exact) AS u(e, sec, x)
) v
GROUP BY dist ORDER BY dist;
-- one fraction at a time gives the same as the array form
SELECT bool_and(percentile(s, p) = (percentile(s, ps))[k]) AS same
FROM exact, fractions, unnest(ps) WITH ORDINALITY AS u(p, k);
-- count, minimum, maximum and mean are exact
SELECT dist, sketch_count(s) = n AS count_exact, min_duration(s) = min AS min_exact,
	   max_duration(s) = max AS max_exact, pg_temp.interval_us(mean(s)) = mean_us AS mean_exact,
	   abs(mean_seconds(s) - mean_s) < 1e-9 * mean_s AS mean_seconds_exact
FROM exact ORDER BY dist;

-- rollup of 1000 sketches is the sketch of all their durations, byte for
-- byte, and so is the rollup of the three distributions' sketches
SELECT (SELECT rollup(s) FROM (SELECT duration_agg(d) FROM skewed WHERE dist = 'lognormal' GROUP BY id % 1000) v(s))::text
	   = (SELECT s FROM exact WHERE dist = 'lognormal')::text AS rollup_1000_equal,
	   (SELECT count(*) FROM (SELECT 1 FROM skewed WHERE dist = 'lognormal' GROUP BY id % 1000) v) AS sketches;
SELECT (SELECT rollup(s) FROM exact)::text = (SELECT duration_agg(d) FROM skewed)::text AS rollup_all_equal;
-- rollup skips NULL sketches, keeps empty ones' nothing, and is NULL over none
SELECT rollup(s) FROM (VALUES (NULL::duration_sketch),
	('{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}'),
	((SELECT duration_agg(d) FROM five))) v(s);
SELECT rollup(s) FROM (VALUES ('{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}'::duration_sketch)) v(s);
SELECT rollup(s) FROM (SELECT NULL::duration_sketch WHERE false) v(s);
-- canonical bytes: the same durations in any order give the same bytes
SELECT count(DISTINCT duration_sketch_send(s)) AS distinct_encodings
FROM (
	SELECT duration_agg(d ORDER BY id) FROM skewed WHERE dist = 'bimodal'
	UNION ALL
	SELECT duration_agg(d ORDER BY id DESC) FROM skewed WHERE dist = 'bimodal'
	UNION ALL
	SELECT duration_agg(d ORDER BY d DESC) FROM skewed WHERE dist = 'bimodal'
	UNION ALL
	SELECT rollup(s) FROM (SELECT duration_agg(d) FROM skewed WHERE dist = 'bimodal' GROUP BY id % 7) v(s)
) v(s);
-- merging past 2^63 - 1 durations is a clean error
SELECT rollup(s) FROM (VALUES
	('{"v":1,"a":0.01,"n":9223372036854775807,"zero":9223372036854775807,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}'::duration_sketch),
	('{"v":1,"a":0.01,"n":1,"zero":1,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}')) v(s);

-- size bound: durations spread over 1 ms .. 10 years fill the 1339 buckets
-- 228..1566 and take at most 8 KB; the largest such sketch of up to 2^48
-- durations (64 buckets of 2^42 durations, 7-byte counts, the other 1275
-- of 2^42 - 1, 6-byte counts) takes 64 + 64 * 7 + 1275 * 6 = 8162 bytes
SELECT pg_column_size(s) <= 8192 AS at_most_8kb, min_duration(s), max_duration(s),
	   (s::text::jsonb ->> 'start')::int AS first_bucket,
	   jsonb_array_length(s::text::jsonb -> 'counts') AS buckets
FROM (
	SELECT duration_agg(d) FROM (
		SELECT pg_temp.us(round(exp(ln(1000) + pg_temp.uniform(g, 6) * ln(315576000000000 / 1000.0)))::numeric)
		FROM generate_series(1, 200000) g
		UNION ALL VALUES (interval '1 millisecond'), (interval '3652 days 12:00:00')
	) t(d)
) v(s);
SELECT pg_column_size(s) AS bytes, sketch_count(s), min_duration(s), max_duration(s)
FROM (
	SELECT format('{"v":1,"a":0.01,"n":%s,"zero":0,"sum_us":%s,"min_us":1000,"max_us":315576000000000,"start":228,"counts":[%s]}',
				  sum(c), sum(c * lo) + (315576000000000 - max(lo)) + (1000 - min(lo)),
				  string_agg(c::text, ',' ORDER BY i))::duration_sketch
	FROM (SELECT i, lo, CASE WHEN i < 228 + 64 THEN 4398046511104 ELSE 4398046511103 END AS c
		  FROM bounds WHERE i BETWEEN 228 AND 1566) b
) v(s);

-- parallel plans: Partial Aggregate in the workers, results equal the
-- serial ones byte for byte (regular tables: temporary ones are not
-- scanned in parallel)
CREATE TABLE sketch_par AS SELECT * FROM skewed;
CREATE TABLE sketch_par_daily AS SELECT dist, id % 100 AS day, duration_agg(d) AS s FROM skewed GROUP BY 1, 2;
ANALYZE sketch_par, sketch_par_daily;
CREATE TEMP VIEW par_all AS SELECT duration_agg(d)::text AS s FROM sketch_par;
CREATE TEMP VIEW par_grouped AS SELECT dist, duration_agg(d)::text AS s FROM sketch_par GROUP BY dist;
CREATE TEMP VIEW par_rollup AS SELECT dist, rollup(s)::text AS s FROM sketch_par_daily GROUP BY dist;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_all AS SELECT * FROM par_all;
CREATE TEMP TABLE serial_grouped AS SELECT * FROM par_grouped;
CREATE TEMP TABLE serial_rollup AS SELECT * FROM par_rollup;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT * FROM par_all;
EXPLAIN (COSTS OFF) SELECT * FROM par_rollup;
SELECT (SELECT s FROM par_all) = (SELECT s FROM serial_all) AS all_equal,
	   (SELECT bool_and(p.s = q.s) AND count(*) = 3 FROM par_grouped p JOIN serial_grouped q USING (dist)) AS grouped_equal,
	   (SELECT bool_and(p.s = q.s) AND count(*) = 3 FROM par_rollup p JOIN serial_rollup q USING (dist)) AS rollup_equal,
	   (SELECT s FROM par_all) = (SELECT duration_agg(d)::text FROM skewed) AS equal_to_temp_table;
SET parallel_leader_participation = off;
SELECT (SELECT s FROM par_all) = (SELECT s FROM serial_all) AS all_equal_workers_only;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP VIEW par_all, par_grouped, par_rollup;
DROP TABLE sketch_par, sketch_par_daily;

-- moving windows: each frame's sketch equals the sketch recomputed from
-- the frame's rows (the inverse removes durations exactly, and gives up
-- when the minimum or maximum leaves, so PostgreSQL recomputes the frame)
CREATE TEMP TABLE w (id int PRIMARY KEY, d interval);
INSERT INTO w
SELECT g, CASE WHEN pg_temp.uniform(g, 7) < 0.1 THEN interval '0'
			   WHEN pg_temp.uniform(g, 8) < 0.2 THEN NULL
			   ELSE pg_temp.us(round(exp(pg_temp.uniform(g, 9) * 16))::numeric) END
FROM generate_series(1, 1500) g;
SELECT count(*) AS frames,
	   bool_and(win IS NOT DISTINCT FROM (SELECT duration_agg(d)::text FROM w w2 WHERE w2.id BETWEEN w.id - 10 AND w.id))
		   AS trailing_equal,
	   bool_and(cen IS NOT DISTINCT FROM (SELECT duration_agg(d)::text FROM w w2 WHERE w2.id BETWEEN w.id - 5 AND w.id + 5))
		   AS centered_equal
FROM (SELECT id, duration_agg(d) OVER (ORDER BY id ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)::text AS win,
			 duration_agg(d) OVER (ORDER BY id ROWS BETWEEN 5 PRECEDING AND 5 FOLLOWING)::text AS cen
	  FROM w) w;
-- rollup of daily sketches over a moving week
CREATE TEMP TABLE wdaily AS SELECT id / 10 AS day, duration_agg(d) AS s FROM w GROUP BY 1;
SELECT count(*) AS days,
	   bool_and(week IS NOT DISTINCT FROM (SELECT duration_agg(d)::text FROM w WHERE id / 10 BETWEEN day - 6 AND day))
		   AS weekly_equal
FROM (SELECT day, rollup(s) OVER (ORDER BY day ROWS 6 PRECEDING)::text AS week FROM wdaily) v;

-- text form: canonical output; input takes the keys in any order, JSON
-- white space, and empty buckets at the ends (trimmed)
SELECT s::text::jsonb::text::duration_sketch::text = s::text AS jsonb_round_trip,
	   s::text::jsonb ->> 'n' AS n, jsonb_typeof(s::text::jsonb -> 'counts') AS counts
FROM (SELECT duration_agg(d) FROM five) v(s);
SELECT E' {\n "counts" : [ 0, 2, 0 ,1 , 0 ] , "start":1, "max_us":5, "min_us":3,\t"sum_us":11, "zero":0, "n":3, "a":0.01, "v":1 } '::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":2,"zero":2,"sum_us":0,"min_us":0,"max_us":0,"start":7,"counts":[0,0]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":1,"zero":0,"sum_us":9223372036854775807,"min_us":9223372036854775807,"max_us":9223372036854775807,"start":2085,"counts":[1]}'::duration_sketch;

-- hostile text input: each is a clean error
SELECT ''::duration_sketch;
SELECT 'garbage'::duration_sketch;
SELECT '{}'::duration_sketch;
SELECT '{"v":1}'::duration_sketch;
SELECT '[1,2]'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}x'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]},'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[,]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[[1]]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":1}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0 "counts":[]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts" []}'::duration_sketch;
SELECT '{"v":2,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}'::duration_sketch;
SELECT '{"v":1,"a":0.02,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}'::duration_sketch;
SELECT '{"v":1,"a":1e-2,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}'::duration_sketch;
SELECT '{"v":1,"a":"0.01","n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":1.0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":+1,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":1,"zero":0,"sum_us":5,"min_us":5,"max_us":5,"start":4,"counts":[-1]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":-1,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":-1,"counts":[]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":5,"zero":0,"sum_us":10,"min_us":5,"max_us":5,"start":4,"counts":[2]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":2,"zero":0,"sum_us":10,"min_us":5,"max_us":5,"start":4,"counts":[2,1]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":2,"zero":0,"sum_us":203,"min_us":102,"max_us":101,"start":100,"counts":[2]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":2,"zero":0,"sum_us":11,"min_us":6,"max_us":6,"start":4,"counts":[1,1]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":2,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":4,"counts":[1,1]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":2,"zero":0,"sum_us":13,"min_us":5,"max_us":7,"start":4,"counts":[1,1]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":2,"zero":0,"sum_us":12,"min_us":5,"max_us":6,"start":4,"counts":[1,1]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":1,"zero":0,"sum_us":6,"min_us":5,"max_us":5,"start":4,"counts":[1]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":2,"zero":1,"sum_us":5,"min_us":5,"max_us":5,"start":4,"counts":[1]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":1,"zero":1,"sum_us":0,"min_us":0,"max_us":3,"start":0,"counts":[]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":1,"zero":0,"sum_us":1000,"min_us":1000,"max_us":1000,"start":227,"counts":[1]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":3,"zero":0,"sum_us":200003000,"min_us":1000,"max_us":100000000,"start":228,"counts":[2,0,1]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":2,"zero":0,"sum_us":2,"min_us":1,"max_us":1,"start":2085,"counts":[1,1]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":5000,"counts":[]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":99999999999999999999,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":9223372036854775808,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":999999999999999999999999999999999999999999,"min_us":0,"max_us":0,"start":0,"counts":[]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":2,"zero":0,"sum_us":2,"min_us":1,"max_us":1,"start":0,"counts":[9223372036854775807,9223372036854775807]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[],"n":0}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[],"extra":1}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"\u0063ounts":[]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"":[]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,counts:[]}'::duration_sketch;
SELECT '{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0}'::duration_sketch;
SELECT ('{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":['
		|| repeat('0,', 3000) || '0]}')::duration_sketch;
SELECT ('{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]' || repeat(' ', 100000) || '}')::duration_sketch;

-- every string the input function accepts prints back as canonical text
-- that parses to the same sketch, and every other string is a clean error:
-- checked over 20000 random one-character mutations of valid values
CREATE FUNCTION pg_temp.try_sketch(t text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	RETURN t::duration_sketch::text;
EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range THEN
	RETURN NULL;
END $$;
WITH base AS (
	SELECT g, (SELECT duration_agg(CASE WHEN pg_temp.uniform(g * 8 + k, 10) < 0.2 THEN interval '0'
									   ELSE (1 + floor(pg_temp.uniform(g * 8 + k, 11) * 300)) * interval '1 microsecond' END)::text
			   FROM generate_series(1, 1 + g % 5) k) AS t
	FROM generate_series(1, 20000) g
), mutated AS (
	SELECT t, 1 + floor(pg_temp.uniform(g, 12) * length(t))::int AS pos,
		   substr('0123456789,:[]{}" -x.', 1 + floor(pg_temp.uniform(g, 13) * 21)::int, 1) AS ch,
		   floor(pg_temp.uniform(g, 14) * 3)::int AS op
	FROM base
), s AS (
	SELECT CASE op
		WHEN 0 THEN overlay(t PLACING ch FROM pos FOR 1)	-- replace
		WHEN 1 THEN overlay(t PLACING ch FROM pos FOR 0)	-- insert
		ELSE overlay(t PLACING '' FROM pos FOR 1)			-- delete
	END AS t
	FROM mutated
), parsed AS (
	SELECT t, pg_temp.try_sketch(t) AS out FROM s
)
SELECT count(*) AS tried, count(out) AS accepted,
	   bool_and(out IS NULL OR pg_temp.try_sketch(out) = out) AS canonical_round_trip
FROM parsed;

-- binary I/O: duration_sketch_send's bytes read back by duration_sketch_recv,
-- through COPY BINARY files built by hand (signature, flags, header
-- extension, one tuple of one field, trailer) and fed through perl
CREATE TEMP TABLE one (s duration_sketch);
CREATE FUNCTION pg_temp.load_binary(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	file bytea := '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
		|| '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea;
BEGIN
	TRUNCATE one;
	EXECUTE format('COPY one FROM PROGRAM %L WITH (FORMAT binary)',
				   format('perl -e ''print pack("H*", "%s")''', encode(file, 'hex')));
	RETURN (SELECT s::text FROM one);
END $$;
SELECT dist, pg_temp.load_binary(duration_sketch_send(s)) = s::text AS round_trip FROM exact ORDER BY dist;
SELECT pg_temp.load_binary(duration_sketch_send(s)) = s::text AS round_trip
FROM (VALUES ('{"v":1,"a":0.01,"n":0,"zero":0,"sum_us":0,"min_us":0,"max_us":0,"start":0,"counts":[]}'::duration_sketch),
			 ((SELECT duration_agg(d) FROM five))) v(s);
-- version 1; n, zero, sum (high, low), min_us, max_us as int64; start and
-- the number of counts as int32; the counts as int64
SELECT duration_sketch_send('{"v":1,"a":0.01,"n":3,"zero":1,"sum_us":6,"min_us":0,"max_us":4,"start":1,"counts":[1,0,1]}');

-- hostile binary input: wrong version, short and long buffers, bucket
-- ranges out of range, negative and inconsistent counts
CREATE TEMP TABLE good AS
SELECT duration_sketch_send('{"v":1,"a":0.01,"n":3,"zero":1,"sum_us":6,"min_us":0,"max_us":4,"start":1,"counts":[1,0,1]}') AS b;
\set SHOW_CONTEXT never
SELECT pg_temp.load_binary(overlay(b PLACING '\x02' FROM 1)) FROM good;
SELECT pg_temp.load_binary(substr(b, 1, length(b) - 1)) FROM good;
SELECT pg_temp.load_binary(b || '\x00'::bytea) FROM good;
SELECT pg_temp.load_binary('\x'::bytea);
SELECT pg_temp.load_binary(substr(b, 1, 56)) FROM good;
SELECT pg_temp.load_binary(overlay(b PLACING '\x7fffffff' FROM 54)) FROM good;
SELECT pg_temp.load_binary(overlay(b PLACING '\xffffffff' FROM 54)) FROM good;
SELECT pg_temp.load_binary(overlay(b PLACING '\x00000825' FROM 50)) FROM good;
SELECT pg_temp.load_binary(overlay(b PLACING '\xffffffffffffffff' FROM 58)) FROM good;
SELECT pg_temp.load_binary(overlay(b PLACING '\x0000000000000004' FROM 2)) FROM good;
SELECT pg_temp.load_binary(overlay(b PLACING '\x0000000000000003' FROM 42)) FROM good;
SELECT pg_temp.load_binary(overlay(b PLACING '\xffffffffffffffff' FROM 18)) FROM good;
SELECT pg_temp.load_binary(overlay(b PLACING '\x0000000000000008' FROM 26)) FROM good;
\set SHOW_CONTEXT errors
