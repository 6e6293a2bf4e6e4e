-- contact_centre.sql: service_level and abandonment_rate: hand-checked
-- values, short abandons, NULLs and empty groups, bad input, moving windows
-- against whole-frame recomputation, parallel plans, and a differential
-- test against count(*) FILTER formulas.

-- shared helpers, the same on every PostgreSQL version: the data generator
-- pg_temp.uniform(key, stream) (never random()), pg_temp.interval_us(d)
\set ECHO none
\i test/lib.sql
\set ECHO all
-- no JIT: compiling the generator's long inlined expressions takes longer
-- than running them
SET jit = off;

-- Ten offered calls: answered after 5, 10, 15, 20, 21, 40 and 90 seconds,
-- abandoned after 3, 5 and 45 seconds.
CREATE TABLE calls (id int, channel text, wait interval, answered boolean);
INSERT INTO calls VALUES
	(1, 'phone', '5 seconds', true), (2, 'phone', '10 seconds', true),
	(3, 'phone', '15 seconds', true), (4, 'phone', '20 seconds', true),
	(5, 'chat', '21 seconds', true), (6, 'chat', '40 seconds', true),
	(7, 'chat', '90 seconds', true), (8, 'phone', '3 seconds', false),
	(9, 'chat', '5 seconds', false), (10, 'chat', '45 seconds', false);

-- service level at 20 s: 4 answered within it (20 s itself included) of 10
-- offered, abandoned calls counting against it: 40.  Leaving out calls
-- abandoned in under 5 s (only the 3 s one; the one at exactly 5 s stays):
-- 4 of 9.  Abandonment: 3 of 10; without the short abandon 2 of 9.
SELECT service_level(wait, answered, '20 seconds') AS sl_20s,
	   service_level(wait, answered, '20 seconds', '5 seconds') AS sl_20s_short_5s,
	   abandonment_rate(answered) AS abandoned,
	   abandonment_rate(wait, answered, '5 seconds') AS abandoned_short_5s,
	   abandonment_rate(wait, answered, '6 seconds') AS abandoned_short_6s
FROM calls;
-- a threshold per channel (chat 45 s, phone 20 s): chat 2 of 5 offered
-- (21 s and 40 s are within, 90 s is not; two abandoned); phone 4 of 5
SELECT channel, service_level(wait, answered, CASE channel WHEN 'chat' THEN interval '45 seconds'
													   ELSE interval '20 seconds' END) AS sl,
	   abandonment_rate(answered) AS abandoned
FROM calls GROUP BY channel ORDER BY channel;
-- the 80/20 rule: 80 % of calls answered within 20 seconds
SELECT service_level(wait, answered, '20 seconds') >= 80 AS meets_80_20
FROM calls WHERE id <= 4 OR id = 6;
-- waits compare as intervals do: a day is 24 hours, a month 30 days: 100
SELECT service_level(w, true, t)
FROM (VALUES ('1 day'::interval, '24 hours'::interval), ('24 hours', '1 day'),
			 ('1 mon', '30 days'), ('23:59:59.999999', '1 day')) v(w, t);
-- a zero threshold: only calls answered at once; a zero short-abandon
-- limit leaves nothing out: 1 of 3 both ways
SELECT service_level(w, a, '0') AS sl_zero, service_level(w, a, '0', '0') AS sl_zero_short_zero
FROM (VALUES ('0'::interval, true), ('1 second', true), ('0', false)) v(w, a);

-- NULL arguments skip the row (1 of 2 counted: 50); abandonment_rate(answered)
-- only needs answered (1 of 4: 25)
SELECT service_level(w, a, t) AS sl, service_level(w, a, t, s) AS sl_short,
	   abandonment_rate(a) AS abandoned, abandonment_rate(w, a, s) AS abandoned_short
FROM (VALUES ('10 seconds'::interval, true, '20 seconds'::interval, '5 seconds'::interval),
			 ('30 seconds', false, '20 seconds', '5 seconds'),
			 (NULL, true, '20 seconds', '5 seconds'),
			 ('10 seconds', NULL, '20 seconds', '5 seconds'),
			 ('10 seconds', true, NULL, NULL)) v(w, a, t, s);
-- no rows, only NULLs, only short abandons: NULL
SELECT service_level(w, a, t) AS sl, service_level(w, a, t, t) AS sl_short,
	   abandonment_rate(a) AS abandoned, abandonment_rate(w, a, t) AS abandoned_short
FROM (SELECT NULL::interval, NULL::boolean, NULL::interval WHERE false) v(w, a, t);
SELECT service_level(w, a, t) AS sl, abandonment_rate(a) AS abandoned
FROM (VALUES (NULL::interval, NULL::boolean, NULL::interval)) v(w, a, t);
SELECT service_level(w, false, '20 seconds', '5 seconds') AS sl_short,
	   abandonment_rate(w, false, '5 seconds') AS abandoned_short
FROM (VALUES ('1 second'::interval), ('4.999999 seconds')) v(w);

-- bad input: an error naming the value (SQLSTATE 22003)
SELECT service_level('-1 second', true, '20 seconds');
SELECT service_level('1 day -25 hours', false, '20 seconds');
SELECT service_level('10 seconds', true, '-20 seconds');
SELECT service_level('10 seconds', true, '20 seconds', '-5 seconds');
SELECT service_level('-10 seconds', true, '20 seconds', '5 seconds');
SELECT abandonment_rate('-10 seconds', false, '5 seconds');
SELECT abandonment_rate('10 seconds', false, '1 mon -31 days');
-- the bad row errors wherever it sits; a skipped row is not checked
SELECT service_level(w, true, '20 seconds') FROM (VALUES ('1 second'::interval), ('-1 second'), ('2 seconds')) v(w);
SELECT service_level('-1 second', true, NULL) AS skipped;

-- the support functions, called directly: checked states, input unchanged
SELECT service_level_trans('{1,2}', '10 seconds', true, '20 seconds') AS met,
	   service_level_trans('{1,2}', '30 seconds', true, '20 seconds') AS missed,
	   service_level_trans('{1,2}', '3 seconds', false, '20 seconds', '5 seconds') AS short_left_out,
	   service_level_inv('{1,2}', '10 seconds', true, '20 seconds') AS met_removed,
	   service_level_inv('{1,2}', '30 seconds', false, '20 seconds', '5 seconds') AS abandoned_removed,
	   abandonment_trans('{1,2}', '30 seconds', false, '5 seconds') AS abandoned,
	   abandonment_trans('{1,2}', '3 seconds', false, '5 seconds') AS short,
	   abandonment_inv('{1,2}', '30 seconds', true, '5 seconds') AS answered_removed;
SELECT service_level_inv('{0,0}', '10 seconds', true, '20 seconds');
SELECT abandonment_inv('{1,1}', '10 seconds', true, '5 seconds');
SELECT service_level_trans('{3,2}', '10 seconds', true, '20 seconds');
SELECT abandonment_trans('{1}', '10 seconds', true, '5 seconds');

-- moving windows against recomputing each frame from scratch
CREATE TEMP TABLE cwin AS
SELECT g AS id, g / 7 AS day,
	   CASE WHEN g % 13 = 0 THEN NULL ELSE make_interval(secs => (g * 7919) % 60) END AS wait,
	   CASE WHEN g % 17 = 0 THEN NULL ELSE (g * 104729) % 5 <> 0 END AS answered,
	   CASE WHEN g % 19 = 0 THEN NULL WHEN g % 3 = 0 THEN interval '30 seconds' ELSE interval '20 seconds' END AS threshold,
	   CASE WHEN g % 23 = 0 THEN NULL WHEN g % 2 = 0 THEN interval '10 seconds' ELSE interval '5 seconds' END AS short
FROM generate_series(1, 3000) g;
CREATE INDEX ON cwin (id);
CREATE INDEX ON cwin (day);
ANALYZE cwin;
SELECT count(*) AS rows_checked,
	bool_and(sl IS NOT DISTINCT FROM
		(SELECT service_level(wait, answered, threshold) FROM cwin x WHERE x.id BETWEEN w.id - 9 AND w.id)) AS sl_ok,
	bool_and(sl_short IS NOT DISTINCT FROM
		(SELECT service_level(wait, answered, threshold, short) FROM cwin x WHERE x.id BETWEEN w.id - 20 AND w.id + 5)) AS sl_short_ok,
	bool_and(sl_range IS NOT DISTINCT FROM
		(SELECT service_level(wait, answered, threshold, short) FROM cwin x WHERE x.day BETWEEN w.day - 3 AND w.day)) AS sl_range_ok,
	bool_and(ab IS NOT DISTINCT FROM
		(SELECT abandonment_rate(answered) FROM cwin x WHERE x.id BETWEEN w.id - 9 AND w.id)) AS abandoned_ok,
	bool_and(ab_short IS NOT DISTINCT FROM
		(SELECT abandonment_rate(wait, answered, short) FROM cwin x WHERE x.day BETWEEN w.day - 2 AND w.day + 1)) AS abandoned_short_ok
FROM (SELECT id, day,
		service_level(wait, answered, threshold) OVER (ORDER BY id ROWS 9 PRECEDING) AS sl,
		service_level(wait, answered, threshold, short) OVER (ORDER BY id ROWS BETWEEN 20 PRECEDING AND 5 FOLLOWING) AS sl_short,
		service_level(wait, answered, threshold, short) OVER (ORDER BY day RANGE BETWEEN 3 PRECEDING AND CURRENT ROW) AS sl_range,
		abandonment_rate(answered) OVER (ORDER BY id ROWS 9 PRECEDING) AS ab,
		abandonment_rate(wait, answered, short) OVER (ORDER BY day GROUPS BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS ab_short
	  FROM cwin) w;
-- a frame that empties (NULLs, short abandons) is NULL, then values come back
SELECT id, service_level(w, a, '20 seconds', '5 seconds') OVER f AS sl_short,
	   abandonment_rate(w, a, '5 seconds') OVER f AS abandoned_short
FROM (VALUES (1, '10 seconds'::interval, true), (2, '2 seconds', false), (3, NULL, true),
			 (4, '30 seconds', false), (5, '15 seconds', true)) v(id, w, a)
WINDOW f AS (ORDER BY id ROWS 1 PRECEDING)
ORDER BY id;

-- 200 000 generated calls in a regular table (parallel workers cannot read
-- temporary ones): exponential waits in whole and half seconds (many on the
-- threshold), a few over a day, 30 % abandoned, thresholds and short-abandon
-- limits per row, 3 % NULL in each column.
CREATE TABLE cc_diff AS
SELECT id, id % 50 AS grp,
	   CASE WHEN pg_temp.uniform(id, 1) < 0.03 THEN NULL
			WHEN pg_temp.uniform(id, 2) < 0.005 THEN make_interval(days => 1 + floor(pg_temp.uniform(id, 3) * 2)::int)
			ELSE make_interval(secs => round(-25 * ln(1 - pg_temp.uniform(id, 4))) / (1 + floor(pg_temp.uniform(id, 5) * 2))) END AS wait,
	   CASE WHEN pg_temp.uniform(id, 6) < 0.03 THEN NULL ELSE pg_temp.uniform(id, 7) < 0.7 END AS answered,
	   CASE WHEN pg_temp.uniform(id, 8) < 0.03 THEN NULL
			WHEN pg_temp.uniform(id, 9) < 0.1 THEN interval '1 minute'
			WHEN pg_temp.uniform(id, 10) < 0.01 THEN interval '1 day'
			ELSE interval '20 seconds' END AS threshold,
	   CASE WHEN pg_temp.uniform(id, 11) < 0.03 THEN NULL
			WHEN pg_temp.uniform(id, 12) < 0.2 THEN interval '10 seconds'
			ELSE interval '5 seconds' END AS short
FROM generate_series(1, 200000) id;
CREATE INDEX ON cc_diff (id);
VACUUM ANALYZE cc_diff;

-- the formulas, in float8 like the aggregates, so the results must be
-- identical
CREATE TEMP VIEW cc_formula AS
SELECT grp,
	100.0::float8 * count(*) FILTER (WHERE answered AND wait <= threshold)
		/ nullif(count(*) FILTER (WHERE wait IS NOT NULL AND answered IS NOT NULL AND threshold IS NOT NULL), 0) AS sl,
	100.0::float8 * count(*) FILTER (WHERE answered AND wait <= threshold AND short IS NOT NULL)
		/ nullif(count(*) FILTER (WHERE wait IS NOT NULL AND answered IS NOT NULL AND threshold IS NOT NULL
								  AND short IS NOT NULL AND (answered OR wait >= short)), 0) AS sl_short,
	100.0::float8 * count(*) FILTER (WHERE NOT answered) / nullif(count(answered), 0) AS ab,
	100.0::float8 * count(*) FILTER (WHERE NOT answered AND wait >= short)
		/ nullif(count(*) FILTER (WHERE wait IS NOT NULL AND answered IS NOT NULL AND short IS NOT NULL
								  AND (answered OR wait >= short)), 0) AS ab_short
FROM cc_diff GROUP BY GROUPING SETS ((grp), ());
-- the query under test, per group and overall
CREATE TEMP VIEW cc_ours AS
SELECT grp, service_level(wait, answered, threshold) AS sl,
	service_level(wait, answered, threshold, short) AS sl_short,
	abandonment_rate(answered) AS ab, abandonment_rate(wait, answered, short) AS ab_short
FROM cc_diff GROUP BY grp
UNION ALL
SELECT NULL, service_level(wait, answered, threshold), service_level(wait, answered, threshold, short),
	abandonment_rate(answered), abandonment_rate(wait, answered, short)
FROM cc_diff;


-- serial: the aggregates against the formulas, and the data exercise every
-- case
SET max_parallel_workers_per_gather = 0;
SELECT pg_temp.uses_partial_aggregate('SELECT * FROM cc_ours') AS serial_is_partial;
CREATE TEMP TABLE cc_serial AS SELECT * FROM cc_ours;
SELECT count(*) AS groups, bool_and(row(o.*)::text = row(f.*)::text) AS all_equal,
	bool_and(o.sl = f.sl) AS sl_equal, bool_and(o.sl_short = f.sl_short) AS sl_short_equal,
	bool_and(o.ab = f.ab) AS abandoned_equal, bool_and(o.ab_short = f.ab_short) AS abandoned_short_equal
FROM cc_serial o JOIN cc_formula f ON o.grp IS NOT DISTINCT FROM f.grp;
SELECT count(*) FILTER (WHERE answered AND wait = threshold) > 0 AS answered_on_threshold,
	count(*) FILTER (WHERE NOT answered AND wait <= threshold) > 0 AS abandoned_within_threshold,
	count(*) FILTER (WHERE NOT answered AND wait = short) > 0 AS abandoned_on_short_limit,
	count(*) FILTER (WHERE NOT answered AND wait < short) > 0 AS short_abandons,
	count(*) FILTER (WHERE answered AND wait < short) > 0 AS answered_under_short_limit,
	count(*) FILTER (WHERE wait >= '1 day') > 0 AS day_waits
FROM cc_diff;

-- forced parallel: a Partial Aggregate, and the serial results exactly,
-- with and without the leader
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT pg_temp.uses_partial_aggregate('SELECT * FROM cc_ours') AS parallel_is_partial;
EXPLAIN (COSTS OFF)
SELECT service_level(wait, answered, threshold), service_level(wait, answered, threshold, short),
	   abandonment_rate(answered), abandonment_rate(wait, answered, short)
FROM cc_diff;
SELECT count(*) AS groups, bool_and(row(p.*)::text = row(s.*)::text) AS parallel_equals_serial
FROM cc_ours p JOIN cc_serial s ON p.grp IS NOT DISTINCT FROM s.grp;
SET parallel_leader_participation = off;
SELECT count(*) AS groups, bool_and(row(p.*)::text = row(s.*)::text) AS workers_only_equal_serial
FROM cc_ours p JOIN cc_serial s ON p.grp IS NOT DISTINCT FROM s.grp;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- moving windows over all 200 000 rows against count(*) FILTER windows
SELECT count(*) AS rows_checked,
	bool_and(sl IS NOT DISTINCT FROM 100.0::float8 * sl_met / nullif(sl_n, 0)) AS sl_ok,
	bool_and(sl_short IS NOT DISTINCT FROM 100.0::float8 * sls_met / nullif(sls_n, 0)) AS sl_short_ok,
	bool_and(ab IS NOT DISTINCT FROM 100.0::float8 * ab_met / nullif(ab_n, 0)) AS abandoned_ok,
	bool_and(ab_short IS NOT DISTINCT FROM 100.0::float8 * abs_met / nullif(abs_n, 0)) AS abandoned_short_ok
FROM (
	SELECT service_level(wait, answered, threshold) OVER w AS sl,
		count(*) FILTER (WHERE answered AND wait <= threshold) OVER w AS sl_met,
		count(*) FILTER (WHERE wait IS NOT NULL AND answered IS NOT NULL AND threshold IS NOT NULL) OVER w AS sl_n,
		service_level(wait, answered, threshold, short) OVER w AS sl_short,
		count(*) FILTER (WHERE answered AND wait <= threshold AND short IS NOT NULL) OVER w AS sls_met,
		count(*) FILTER (WHERE wait IS NOT NULL AND answered IS NOT NULL AND threshold IS NOT NULL
						 AND short IS NOT NULL AND (answered OR wait >= short)) OVER w AS sls_n,
		abandonment_rate(answered) OVER w AS ab,
		count(*) FILTER (WHERE NOT answered) OVER w AS ab_met, count(answered) OVER w AS ab_n,
		abandonment_rate(wait, answered, short) OVER w AS ab_short,
		count(*) FILTER (WHERE NOT answered AND wait >= short) OVER w AS abs_met,
		count(*) FILTER (WHERE wait IS NOT NULL AND answered IS NOT NULL AND short IS NOT NULL
						 AND (answered OR wait >= short)) OVER w AS abs_n
	FROM cc_diff
	WINDOW w AS (ORDER BY id ROWS BETWEEN 99 PRECEDING AND 10 FOLLOWING)
) x;

DROP TABLE calls, cc_diff CASCADE;
