-- window.sql: moving windows (inverse transitions) give the same answers
-- as recomputing every frame from scratch.

CREATE TABLE win AS
SELECT g AS id, g / 7 AS day,
	   CASE WHEN g % 13 = 0 THEN NULL ELSE (g * 7919) % 11 END AS score,
	   CASE WHEN g % 17 = 0 THEN NULL ELSE (g % 5 <> 0) END AS good
FROM generate_series(1, 3000) g;
CREATE INDEX ON win (id);
ANALYZE win;

-- Each windowed value against the same aggregate over the frame's rows,
-- computed afresh by a subquery.  Frames: ROWS (sliding), ROWS with a
-- following part, RANGE over peers of day, and GROUPS.
CREATE TEMP TABLE w AS
SELECT id, day,
	   nps(score) OVER (ORDER BY id ROWS 9 PRECEDING) AS nps_rows,
	   survey_agg(score) OVER (ORDER BY id ROWS BETWEEN 20 PRECEDING AND 5 FOLLOWING)::text AS state_rows,
	   nps(score) OVER (ORDER BY day RANGE BETWEEN 3 PRECEDING AND CURRENT ROW) AS nps_range,
	   pct(good) OVER (ORDER BY id ROWS 9 PRECEDING) AS pct_rows,
	   csat(good) OVER (ORDER BY day GROUPS BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS csat_groups,
	   nps_margin(score) OVER (ORDER BY id ROWS 30 PRECEDING) AS margin_rows
FROM win;

SELECT count(*) AS rows_checked,
	bool_and(nps_rows IS NOT DISTINCT FROM
		(SELECT nps(score) FROM win x WHERE x.id BETWEEN w.id - 9 AND w.id)) AS nps_rows_ok,
	bool_and(state_rows IS NOT DISTINCT FROM
		(SELECT survey_agg(score)::text FROM win x WHERE x.id BETWEEN w.id - 20 AND w.id + 5)) AS state_rows_ok,
	bool_and(nps_range IS NOT DISTINCT FROM
		(SELECT nps(score) FROM win x WHERE x.day BETWEEN w.day - 3 AND w.day)) AS nps_range_ok,
	bool_and(pct_rows IS NOT DISTINCT FROM
		(SELECT pct(good) FROM win x WHERE x.id BETWEEN w.id - 9 AND w.id)) AS pct_rows_ok,
	bool_and(csat_groups IS NOT DISTINCT FROM
		(SELECT csat(good) FROM win x WHERE x.day BETWEEN w.day - 2 AND w.day + 1)) AS csat_groups_ok,
	bool_and(margin_rows IS NOT DISTINCT FROM
		(SELECT nps_margin(score) FROM win x WHERE x.id BETWEEN w.id - 30 AND w.id)) AS margin_rows_ok
FROM w;

-- every survey aggregate in moving mode over a frame that empties: a window
-- of NULL scores is NULL, then values come back
SELECT id, s, nps(s) OVER f, ces(s) OVER f, csat(s) OVER f, survey_agg(s) OVER f
FROM (VALUES (1, 5), (2, NULL), (3, NULL), (4, 1), (5, 2)) v(id, s)
WINDOW f AS (ORDER BY id ROWS 1 PRECEDING)
ORDER BY id;

-- rollup over states in a moving window: a 3-day rolling state
CREATE TEMP TABLE days AS SELECT day, survey_agg(score) AS st FROM win GROUP BY day;
SELECT bool_and(r IS NOT DISTINCT FROM
		(SELECT rollup(st)::text FROM days x WHERE x.day BETWEEN d.day - 2 AND d.day)) AS rolling_rollup_ok
FROM (SELECT day, rollup(st) OVER (ORDER BY day ROWS 2 PRECEDING)::text AS r FROM days) d;
