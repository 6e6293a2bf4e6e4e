-- differential.sql: every survey function against an independent plain-SQL
-- formula over 1M generated rows, in serial, forced-parallel and
-- moving-window plans.  Values must agree to 1e-9 relative (the formulas
-- use numeric arithmetic, csmetrics double precision); states and counts
-- must agree exactly.

-- shared helpers, the same on every PostgreSQL version: the data generator
-- pg_temp.uniform(key, stream) (never random()), pg_temp.interval_us(d)
\set ECHO none
\i test/lib.sql
\set ECHO all
-- no JIT: compiling the generator's long inlined expressions takes longer
-- than running them
SET jit = off;

CREATE TABLE diff AS
SELECT id, id % 1000 AS grp,
	   CASE WHEN pg_temp.uniform(id, 1) < 0.03 THEN NULL ELSE floor(pg_temp.uniform(id, 2) * 11)::int END AS nps_score,
	   CASE WHEN pg_temp.uniform(id, 3) < 0.03 THEN NULL ELSE 1 + floor(pg_temp.uniform(id, 4) * 5)::int END AS csat_score,
	   CASE WHEN pg_temp.uniform(id, 5) < 0.03 THEN NULL ELSE 1 + floor(pg_temp.uniform(id, 6) * 7)::int END AS ces_score,
	   CASE WHEN pg_temp.uniform(id, 7) < 0.03 THEN NULL ELSE pg_temp.uniform(id, 8) < 0.8 END AS good
FROM generate_series(1, 1000000) id;
CREATE INDEX ON diff (id);
ANALYZE diff;

-- Independent formulas, written from ../shared/metrics.md in numeric.
CREATE FUNCTION pg_temp.z95() RETURNS numeric LANGUAGE sql AS 'SELECT 1.959963984540054';
CREATE FUNCTION pg_temp.margin(prom bigint, det bigint, n bigint) RETURNS numeric LANGUAGE sql AS $$
	SELECT CASE WHEN n > 0 THEN pg_temp.z95() * 100 *
		sqrt(((prom + det)::numeric / n - ((prom - det)::numeric / n) ^ 2) / n) END
$$;
CREATE FUNCTION pg_temp.wilson(k bigint, n bigint, upper boolean) RETURNS numeric LANGUAGE sql AS $$
	SELECT CASE WHEN n > 0 THEN 100 * (c + CASE WHEN upper THEN h ELSE -h END) END
	FROM (SELECT (p + z * z / (2 * n)) / (1 + z * z / n) AS c,
				 z / (1 + z * z / n) * sqrt(p * (1 - p) / n + z * z / (4 * n::numeric * n)) AS h
		  FROM (SELECT k::numeric / nullif(n, 0) AS p, pg_temp.z95() AS z) a) b
$$;
CREATE FUNCTION pg_temp.close(a float8, b numeric) RETURNS boolean LANGUAGE sql AS $$
	SELECT (a IS NULL AND b IS NULL) OR abs(a::numeric - b) <= 1e-9 * greatest(1, abs(b))
$$;

-- Counts per group, by FILTER, and the formulas over them: the reference.
CREATE TABLE diff_counts AS
SELECT grp,
	count(nps_score) AS n, count(*) FILTER (WHERE nps_score >= 9) AS prom,
	count(*) FILTER (WHERE nps_score <= 6) AS det,
	count(csat_score) AS cn, count(*) FILTER (WHERE csat_score >= 4) AS sat,
	count(*) FILTER (WHERE csat_score <= 2) AS neg,
	avg(ces_score) AS ces,
	count(good) AS gn, count(*) FILTER (WHERE good) AS gk
FROM diff GROUP BY GROUPING SETS ((grp), ());
CREATE TABLE diff_states AS
SELECT grp, 'n=' || sum(c) || string_agg(' ' || nps_score || ':' || c, '' ORDER BY nps_score) AS state
FROM (SELECT grp, nps_score, count(*) AS c FROM diff WHERE nps_score IS NOT NULL
	  GROUP BY GROUPING SETS ((grp, nps_score), (nps_score))) s
GROUP BY grp;

-- The query under test: per group and overall (two queries, as grouping
-- sets cannot be partially aggregated).
CREATE VIEW diff_ours AS
SELECT grp, nps(nps_score), nps_margin(nps_score), survey_agg(nps_score)::text AS state,
	csat(csat_score), csat_lower(csat_score), csat_upper(csat_score), ces(ces_score),
	negative_feedback_rate(csat_score) AS neg, positive_review_rate(csat_score) AS pos,
	pct(good), csat(good) AS csat_good, csat_lower(good) AS lower_good, csat_upper(good) AS upper_good
FROM diff GROUP BY grp
UNION ALL
SELECT NULL, nps(nps_score), nps_margin(nps_score), survey_agg(nps_score)::text,
	csat(csat_score), csat_lower(csat_score), csat_upper(csat_score), ces(ces_score),
	negative_feedback_rate(csat_score), positive_review_rate(csat_score),
	pct(good), csat(good), csat_lower(good), csat_upper(good)
FROM diff;

-- Run it once in a serial plan and once in a forced-parallel one (checked
-- to have a Partial Aggregate), keeping both results.
SET max_parallel_workers_per_gather = 0;
SELECT pg_temp.uses_partial_aggregate('CREATE TABLE ours_serial AS SELECT * FROM diff_ours') AS serial_partial;
CREATE TABLE ours_serial AS SELECT 'serial' AS mode, * FROM diff_ours;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT pg_temp.uses_partial_aggregate('CREATE TABLE ours_parallel AS SELECT * FROM diff_ours') AS parallel_partial;
CREATE TABLE ours_parallel AS SELECT 'parallel' AS mode, * FROM diff_ours;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- Compare each plan's results with the formulas.
CREATE FUNCTION pg_temp.check_all() RETURNS TABLE (mode text, groups bigint, all_agree boolean,
	nps_ok boolean, margin_ok boolean, state_ok boolean, csat_ok boolean, wilson_ok boolean,
	ces_ok boolean, stars_ok boolean, pct_ok boolean, csat_good_ok boolean, wilson_good_ok boolean)
LANGUAGE sql AS $$
	SELECT mode, count(*),
		bool_and(nps_ok AND margin_ok AND state_ok AND csat_ok AND wilson_ok AND ces_ok
				 AND stars_ok AND pct_ok AND csat_good_ok AND wilson_good_ok),
		bool_and(nps_ok), bool_and(margin_ok), bool_and(state_ok), bool_and(csat_ok),
		bool_and(wilson_ok), bool_and(ces_ok), bool_and(stars_ok), bool_and(pct_ok),
		bool_and(csat_good_ok), bool_and(wilson_good_ok)
	FROM (
		SELECT o.mode,
			pg_temp.close(o.nps, 100.0 * (prom - det) / nullif(n, 0)) AS nps_ok,
			pg_temp.close(o.nps_margin, pg_temp.margin(prom, det, n)) AS margin_ok,
			o.state = s.state AS state_ok,
			pg_temp.close(o.csat, 100.0 * sat / nullif(cn, 0)) AS csat_ok,
			pg_temp.close(o.csat_lower, pg_temp.wilson(sat, cn, false))
				AND pg_temp.close(o.csat_upper, pg_temp.wilson(sat, cn, true)) AS wilson_ok,
			pg_temp.close(o.ces, c.ces) AS ces_ok,
			pg_temp.close(o.neg, 100.0 * c.neg / nullif(cn, 0))
				AND pg_temp.close(o.pos, 100.0 * sat / nullif(cn, 0)) AS stars_ok,
			pg_temp.close(o.pct, 100.0 * gk / nullif(gn, 0)) AS pct_ok,
			pg_temp.close(o.csat_good, 100.0 * gk / nullif(gn, 0)) AS csat_good_ok,
			pg_temp.close(o.lower_good, pg_temp.wilson(gk, gn, false))
				AND pg_temp.close(o.upper_good, pg_temp.wilson(gk, gn, true)) AS wilson_good_ok
		FROM (SELECT * FROM ours_serial UNION ALL SELECT * FROM ours_parallel) o
		JOIN diff_counts c ON c.grp IS NOT DISTINCT FROM o.grp
		JOIN diff_states s ON s.grp IS NOT DISTINCT FROM o.grp
	) x
	GROUP BY mode ORDER BY mode DESC
$$;

SELECT * FROM pg_temp.check_all();

-- moving windows over all 1M rows against the FILTER formula over the same
-- frame (count(*) FILTER is a plain PostgreSQL aggregate)
SELECT count(*) AS rows_checked,
	bool_and(pg_temp.close(nps, 100.0 * (prom - det) / nullif(n, 0))) AS nps_ok,
	bool_and(pg_temp.close(margin, pg_temp.margin(prom, det, n))) AS margin_ok,
	bool_and(pg_temp.close(csat, 100.0 * sat / nullif(cn, 0))) AS csat_ok,
	bool_and(pg_temp.close(ces, ces_avg)) AS ces_ok,
	bool_and(pg_temp.close(pct, 100.0 * gk / nullif(gn, 0))) AS pct_ok
FROM (
	SELECT nps(nps_score) OVER w AS nps, nps_margin(nps_score) OVER w AS margin,
		count(nps_score) OVER w AS n,
		count(*) FILTER (WHERE nps_score >= 9) OVER w AS prom,
		count(*) FILTER (WHERE nps_score <= 6) OVER w AS det,
		csat(csat_score) OVER w AS csat, count(csat_score) OVER w AS cn,
		count(*) FILTER (WHERE csat_score >= 4) OVER w AS sat,
		ces(ces_score) OVER w AS ces, avg(ces_score) OVER w AS ces_avg,
		pct(good) OVER w AS pct, count(good) OVER w AS gn,
		count(*) FILTER (WHERE good) OVER w AS gk
	FROM diff
	WINDOW w AS (ORDER BY id ROWS BETWEEN 99 PRECEDING AND 10 FOLLOWING)
) x;

-- and against whole-frame recomputation: every 10th row's frame recomputed
-- from scratch by the plain (non-window) aggregate
SELECT count(*) AS frames_recomputed,
	bool_and(st IS NOT DISTINCT FROM
		(SELECT survey_agg(nps_score)::text FROM diff x WHERE x.id BETWEEN w.id - 49 AND w.id)) AS state_ok,
	bool_and(g IS NOT DISTINCT FROM
		(SELECT pct(good) FROM diff x WHERE x.id BETWEEN w.id - 49 AND w.id)) AS pct_ok
FROM (SELECT id, survey_agg(nps_score) OVER f::text AS st, pct(good) OVER f AS g
	  FROM diff WINDOW f AS (ORDER BY id ROWS 49 PRECEDING)) w
WHERE id % 10 = 0;

DROP TABLE diff, diff_counts, diff_states, ours_serial, ours_parallel CASCADE;
