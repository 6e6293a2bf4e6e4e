-- timeline.sql: timeline_agg, periods(), rollup(timeline), the timeline
-- type's text and binary I/O, retention_rate and churn_rate.

-- shared helpers, the same on every PostgreSQL version: the data generator
-- pg_temp.uniform(key, stream) (never random()), pg_temp.interval_us(d)
\set ECHO none
\i test/lib.sql
\set ECHO all
-- no JIT: compiling the generator's long inlined expressions takes longer
-- than running them
SET jit = off;

SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- ---------------------------------------------------------------------------
-- Hand-checked timeline: three days of 2025 in UTC.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE tickets (name text, opened_at timestamptz, closed_at timestamptz);
INSERT INTO tickets VALUES
	('a', '2024-12-20', NULL),					-- before the grid, never closed
	('b', '2024-12-30', '2025-01-02 10:00'),	-- before the grid, closed in day 2
	('c', '2024-12-15', '2024-12-31'),			-- closed before the grid: not counted
	('d', '2024-12-31', '2025-01-10'),			-- before the grid, closed after it
	('e', '2025-01-01', '2025-01-02'),			-- opened on bound 1, closed on bound 2
	('f', '2025-01-02 12:00', '2025-01-02 12:00'),	-- zero length inside day 2
	('g', '2025-01-03', '2025-01-03'),			-- zero length on bound 3
	('h', '2025-01-03 18:00', NULL),			-- opened in day 3, never closed
	('i', '2025-01-04', NULL),					-- opened at the grid's end: not counted
	('j', NULL, '2025-01-02'),					-- NULL opened_at: skipped
	('k', '2025-01-01 08:00', '2025-01-05');	-- opened in day 1, closed after the grid
-- by hand: open at 2025-01-01 00:00: a b d = 3
--   day 1: opened e k; closed none; at end a b d e k = 5 (e closes at the end instant, still open just before it)
--   day 2: opened f; closed b e f, lost b e; at end a d k = 3
--   day 3: opened g h; closed g (opened in it: not lost); at end a d k h = 4
SELECT timeline_agg(opened_at, closed_at, '2025-01-01', '2025-01-04', '1 day') FROM tickets;
SELECT * FROM periods((SELECT timeline_agg(opened_at, closed_at, '2025-01-01', '2025-01-04', '1 day') FROM tickets));
-- at_end = at_start + opened - closed, and at_end is the next at_start
SELECT bool_and(at_end = at_start + opened - closed) AS identity,
	   bool_and(at_end = coalesce(next_at_start, at_end)) AS chained
FROM (SELECT *, lead(at_start) OVER (ORDER BY period_start) AS next_at_start
	  FROM periods((SELECT timeline_agg(opened_at, closed_at, '2025-01-01', '2025-01-04', '1 day') FROM tickets))) p;
-- the same counts from the definitions, item by item
SELECT g AS period_start,
	   string_agg(name, ' ' ORDER BY name) FILTER (WHERE opened_at < g AND (closed_at IS NULL OR closed_at >= g)) AS open_at_start,
	   string_agg(name, ' ' ORDER BY name) FILTER (WHERE opened_at >= g AND opened_at < g + interval '1 day') AS opened,
	   string_agg(name, ' ' ORDER BY name) FILTER (WHERE closed_at >= g AND closed_at < g + interval '1 day') AS closed
FROM generate_series(timestamptz '2025-01-01', '2025-01-03', '1 day') g, tickets
WHERE opened_at IS NOT NULL GROUP BY g ORDER BY g;

-- stop off the grid: the last period runs to the next grid point, past stop
SELECT period_start, period_end, at_start, opened, closed, lost, at_end
FROM periods((SELECT timeline_agg(opened_at, closed_at, '2025-01-01', '2025-01-10', '1 week') FROM tickets));
-- a single period; sub-day steps
SELECT timeline_agg(opened_at, closed_at, '2025-01-02', '2025-01-03', '1 day') FROM tickets;
SELECT period_start, opened, closed, at_end
FROM periods((SELECT timeline_agg(opened_at, closed_at, '2025-01-02 06:00', '2025-01-03', '6 hours') FROM tickets));
-- no item at all, or only NULL opened_at: NULL, like every aggregate over no input
SELECT timeline_agg(opened_at, closed_at, '2025-01-01', '2025-01-04', '1 day') IS NULL AS no_rows
FROM tickets WHERE false;
SELECT timeline_agg(opened_at, closed_at, '2025-01-01', '2025-01-04', '1 day') IS NULL AS only_null_opened
FROM tickets WHERE opened_at IS NULL;
-- items that all fall outside the grid: a timeline of zeros
SELECT timeline_agg(opened_at, closed_at, '2025-01-01', '2025-01-04', '1 day')
FROM tickets WHERE name IN ('c', 'i');
-- infinite instants: -infinity is before every bound, +infinity after
SELECT timeline_agg(o, c, '2025-01-01', '2025-01-03', '1 day')
FROM (VALUES ('-infinity'::timestamptz, NULL::timestamptz), ('-infinity', 'infinity'),
			 ('2025-01-01 12:00', 'infinity'), ('-infinity', '2025-01-02'),
			 ('infinity', NULL), ('-infinity', '-infinity')) v(o, c);
-- per group, with hash aggregation too
SET enable_sort = off;
SELECT opened_at IS NULL OR opened_at < '2025-01-01' AS before, timeline_agg(opened_at, closed_at, '2025-01-01', '2025-01-04', '1 day')
FROM tickets GROUP BY 1 ORDER BY 1;
RESET enable_sort;

-- ---------------------------------------------------------------------------
-- The grid follows the session's TimeZone like generate_series: local days
-- of 23 and 25 hours across DST changes in America/New_York.
-- ---------------------------------------------------------------------------
SET TimeZone = 'America/New_York';
CREATE TEMP TABLE dst (name text, opened_at timestamptz, closed_at timestamptz);
INSERT INTO dst VALUES
	('x', '2025-03-09 01:30', '2025-03-09 03:30'),	-- across the skipped hour: 1 hour
	('y', '2025-03-09 23:30', NULL),				-- the last half hour of the 23-hour day
	('z', '2025-03-10 00:00', '2025-03-10 00:00'),	-- zero length on the boundary
	('w', '2025-03-08 12:00', '2025-03-10 00:00'),	-- closed exactly on local midnight
	('v', '2025-11-02 01:30-04', '2025-11-02 01:30-05'),	-- the repeated hour: 1 hour
	('u', '2025-11-02 23:59', '2025-11-03 00:00');		-- closed on the 25-hour day's end
-- by hand, spring: Mar 8 opened w; Mar 9 opened x y, closed x, at end w y;
-- Mar 10 opened z, closed w z (w lost), at end y
SELECT period_start, period_end, period_end - period_start AS length,
	   at_start, opened, closed, lost, at_end
FROM periods((SELECT timeline_agg(opened_at, closed_at, '2025-03-08', '2025-03-11', '1 day') FROM dst));
-- fall: Nov 2 opened v u, closed v; Nov 3 closed u (lost)
SELECT period_start, period_end, period_end - period_start AS length,
	   at_start, opened, closed, lost, at_end
FROM periods((SELECT timeline_agg(opened_at, closed_at, '2025-11-01', '2025-11-04', '1 day') FROM dst));
-- the text form is in UTC: the same in every session
SELECT timeline_agg(opened_at, closed_at, '2025-03-08', '2025-03-11', '1 day') FROM dst;
CREATE TEMP TABLE ny_timeline AS
SELECT timeline_agg(opened_at, closed_at, '2025-03-08', '2025-03-11', '1 day') AS t FROM dst;
SET TimeZone = 'Asia/Tokyo';
SELECT t FROM ny_timeline;
SELECT period_start, period_end FROM periods((SELECT t FROM ny_timeline));
-- the same arguments in another TimeZone give another grid, which rollup refuses
SELECT rollup(t) FROM (SELECT t FROM ny_timeline UNION ALL
	SELECT timeline_agg(opened_at, closed_at, '2025-03-08', '2025-03-11', '1 day') FROM dst) s;
SET TimeZone = 'America/New_York';
-- the grid is generate_series's, stop excluded, for several steps
SELECT step, start, stop,
	   (SELECT array_agg(period_start ORDER BY period_start)
		FROM periods((SELECT timeline_agg(n, NULL, start, stop, step) FROM (VALUES (now())) x(n))))
	 = (SELECT array_agg(g) FROM generate_series(start, stop, step) g WHERE g < stop) AS same_starts,
	   (SELECT bool_and(period_end = period_start + step)
		FROM periods((SELECT timeline_agg(n, NULL, start, stop, step) FROM (VALUES (now())) x(n)))) AS ends_one_step_later
FROM (VALUES (interval '1 day', timestamptz '2025-01-01', timestamptz '2026-01-01'),
			 ('1 month', '2025-01-31', '2026-03-01'),
			 ('1 week', '2025-03-01 12:00', '2025-12-01'),
			 ('1 hour', '2025-11-01', '2025-11-04'),
			 ('1 day 1 hour', '2025-03-01', '2025-03-20'),
			 ('1 year', '2020-02-29', '2031-01-01')) v(step, start, stop);

-- an uneven grid ('1 month -27 days': periods of 1 to 4 days) against the
-- naive per-period SQL.  An instant's period is first guessed by
-- interpolation, and found by binary search when the guess is far off, as
-- it is here (max_guess_error).
CREATE TEMP TABLE uneven AS
SELECT timestamptz '2025-01-15' + (g * 7919 % 480000) * interval '1 minute' AS opened_at,
	   CASE WHEN g % 9 = 0 THEN NULL
			ELSE timestamptz '2025-01-15' + (g * 7919 % 480000 + g * 31 % 20000) * interval '1 minute' END AS closed_at
FROM generate_series(1, 20000) g;
WITH grid AS (
	SELECT g, row_number() OVER (ORDER BY g) - 1 AS k, count(*) OVER () AS n,
		   min(g) OVER () AS g0, max(g + interval '1 month -27 days') OVER () AS gn
	FROM generate_series(timestamptz '2025-01-31', '2025-12-31', '1 month -27 days') g
	WHERE g < '2025-12-31'
), naive AS (
	SELECT g, g + interval '1 month -27 days' AS e,
		   count(*) FILTER (WHERE opened_at < g AND (closed_at IS NULL OR closed_at >= g)) AS at_start,
		   count(*) FILTER (WHERE opened_at >= g AND opened_at < g + interval '1 month -27 days') AS opened,
		   count(*) FILTER (WHERE closed_at >= g AND closed_at < g + interval '1 month -27 days') AS closed,
		   count(*) FILTER (WHERE opened_at < g AND closed_at >= g AND closed_at < g + interval '1 month -27 days') AS lost
	FROM grid, uneven GROUP BY g
)
SELECT count(*) AS periods,
	   min(p.period_end - p.period_start) AS shortest, max(p.period_end - p.period_start) AS longest,
	   (SELECT max(abs(floor(pg_temp.interval_us(g - g0) / pg_temp.interval_us(gn - g0) * n) - k)) FROM grid) AS max_guess_error,
	   count(*) FILTER (WHERE p.period_end = n.e AND p.at_start = n.at_start AND p.opened = n.opened
						AND p.closed = n.closed AND p.lost = n.lost) AS equal
FROM periods((SELECT timeline_agg(opened_at, closed_at, '2025-01-31', '2025-12-31', '1 month -27 days') FROM uneven)) p
FULL JOIN naive n ON n.g = p.period_start;

-- ---------------------------------------------------------------------------
-- Monthly steps: customer retention per month (Europe/Berlin).
-- ---------------------------------------------------------------------------
SET TimeZone = 'Europe/Berlin';
CREATE TEMP TABLE customers (name text, started_at timestamptz, ended_at timestamptz);
INSERT INTO customers VALUES
	('p', '2024-11-05', NULL),
	('q', '2024-12-20', '2025-01-31 23:59'),
	('r', '2024-12-31 23:00', '2025-03-01'),	-- leaves exactly as March starts
	('s', '2025-01-01', '2025-01-15'),		-- new in January, gone in January
	('t', '2025-01-10', NULL),
	('u', '2025-02-28 23:59:59', NULL),
	('v', '2025-03-31 23:30', '2025-04-01');	-- opened in March's last half hour, closed as April starts
-- by hand: open at 2025-01-01 00:00 Berlin: p q r = 3
--   Jan: opened s t; closed q s (q lost); at end p r t = 3; retention (3 - 2) / 3; churn 1 / 3
--   Feb: opened u; closed none; at end p r t u = 4; retention (4 - 1) / 3 = 100; churn 0
--   Mar: opened v; closed r (lost; it left at March's first instant); at end p t u v = 4;
--        retention (4 - 1) / 4 = 75; churn 25
SELECT period_start, period_end, at_start, opened, closed, lost, at_end,
	   round(retention_rate::numeric, 4) AS retention_rate, round(churn_rate::numeric, 4) AS churn_rate
FROM periods((SELECT timeline_agg(started_at, ended_at, '2025-01-01', '2025-04-01', '1 month') FROM customers));
-- a month starting on the 31st goes on from the 28th, as generate_series does
SELECT period_start, period_end FROM periods((SELECT timeline_agg(now(), NULL, '2025-01-31', '2025-05-01', '1 month')));

-- ---------------------------------------------------------------------------
-- retention_rate and churn_rate of one period, by hand and against periods()
-- ---------------------------------------------------------------------------
SELECT round(retention_rate(started_at, ended_at, '2025-01-01', '2025-02-01')::numeric, 4) AS jan_retention,
	   round(churn_rate(started_at, ended_at, '2025-01-01', '2025-02-01')::numeric, 4) AS jan_churn,
	   retention_rate(started_at, ended_at, '2025-02-01', '2025-03-01') AS feb_retention,
	   churn_rate(started_at, ended_at, '2025-02-01', '2025-03-01') AS feb_churn,
	   retention_rate(started_at, ended_at, '2025-03-01', '2025-04-01') AS mar_retention,
	   churn_rate(started_at, ended_at, '2025-03-01', '2025-04-01') AS mar_churn
FROM customers;
SELECT p.period_start,
	   (SELECT retention_rate(started_at, ended_at, p.period_start, p.period_end) FROM customers)
		 IS NOT DISTINCT FROM p.retention_rate AS same_retention,
	   (SELECT churn_rate(started_at, ended_at, p.period_start, p.period_end) FROM customers)
		 IS NOT DISTINCT FROM p.churn_rate AS same_churn
FROM periods((SELECT timeline_agg(started_at, ended_at, '2024-10-01', '2025-06-01', '1 month') FROM customers)) p
ORDER BY 1;
-- NULL when nothing is active at the start (and over no row); NULL started_at skipped
SELECT retention_rate(started_at, ended_at, '2024-01-01', '2024-02-01') AS nobody_yet,
	   churn_rate(started_at, ended_at, '2024-01-01', '2024-02-01') AS nobody_yet_churn
FROM customers;
SELECT retention_rate(started_at, ended_at, '2025-01-01', '2025-02-01') FROM customers WHERE false;
SELECT churn_rate(s, e, '2025-01-01', '2025-02-01')
FROM (VALUES (NULL::timestamptz, '2025-01-05'::timestamptz), ('2024-12-01', '2025-01-05'), ('2024-12-01', NULL)) v(s, e);
-- moving windows (inverse transition) equal recomputing each frame
CREATE TEMP TABLE cust_many AS
SELECT g, timestamptz '2024-06-01' + (g * 7919 % 400) * interval '1 day' AS started_at,
	   CASE WHEN g % 3 = 0 THEN NULL
			ELSE timestamptz '2024-06-01' + (g * 7919 % 400 + g * 31 % 300) * interval '1 day' END AS ended_at
FROM generate_series(1, 2000) g;
SELECT count(*) AS frames,
	   count(*) FILTER (WHERE w.r IS NOT DISTINCT FROM
		 (SELECT retention_rate(started_at, ended_at, '2025-01-01', '2025-02-01') FROM cust_many c
		  WHERE c.g BETWEEN w.g - 40 AND w.g)) AS same_retention,
	   count(*) FILTER (WHERE w.ch IS NOT DISTINCT FROM
		 (SELECT churn_rate(started_at, ended_at, '2025-01-01', '2025-02-01') FROM cust_many c
		  WHERE c.g BETWEEN w.g - 40 AND w.g)) AS same_churn
FROM (SELECT g, retention_rate(started_at, ended_at, '2025-01-01', '2025-02-01') OVER f AS r,
			 churn_rate(started_at, ended_at, '2025-01-01', '2025-02-01') OVER f AS ch
	  FROM cust_many WINDOW f AS (ORDER BY g ROWS 40 PRECEDING)) w;

-- ---------------------------------------------------------------------------
-- Bad input, each a clean error
-- ---------------------------------------------------------------------------
SET TimeZone = 'UTC';
SELECT timeline_agg(opened_at, closed_at, '2025-01-01', '2025-01-04', '1 day') FROM tickets WHERE name = 'e'
UNION ALL SELECT timeline_agg('2025-01-02', '2025-01-01 23:59:59', '2025-01-01', '2025-01-04', '1 day');
SELECT timeline_agg(now(), NULL, NULL, '2025-01-04', '1 day');
SELECT timeline_agg(now(), NULL, '2025-01-01', NULL, '1 day');
SELECT timeline_agg(now(), NULL, '2025-01-01', '2025-01-04', NULL);
SELECT timeline_agg(now(), NULL, '2025-01-04', '2025-01-04', '1 day');
SELECT timeline_agg(now(), NULL, '2025-01-04', '2025-01-01', '1 day');
SELECT timeline_agg(now(), NULL, '-infinity', '2025-01-01', '1 day');
SELECT timeline_agg(now(), NULL, '2025-01-01', 'infinity', '1 day');
SELECT timeline_agg(now(), NULL, '2025-01-01', '2025-01-04', '0');
SELECT timeline_agg(now(), NULL, '2025-01-01', '2025-01-04', '-1 day');
SELECT timeline_agg(now(), NULL, '2025-01-01', '2025-01-04', '1 month -30 days');
SELECT timeline_agg(now(), NULL, '2025-01-31', '2025-04-01', '1 month -29 days');
SELECT timeline_agg(now(), NULL, '2025-01-01', '2325-01-01', '1 day');
SELECT timeline_agg(now(), NULL, '2025-01-01', '2025-01-01 00:01:40', '1 millisecond') IS NOT NULL AS largest_grid;
SELECT timeline_agg(now(), NULL, '2025-01-01', '2025-01-01 00:01:40.001', '1 millisecond');
SELECT timeline_agg(now(), NULL, '294276-12-01', '294276-12-31 23:00', '1 month');
SELECT timeline_agg(o, NULL, '2025-01-01', '2025-01-04', s)
FROM (VALUES ('2025-01-01'::timestamptz, '1 day'::interval), ('2025-01-02', '24 hours')) v(o, s);
-- the grid arguments are checked on rows skipped for a NULL opened_at too
SELECT timeline_agg(o, NULL, '2025-01-01', e, '1 day')
FROM (VALUES ('2025-01-01'::timestamptz, '2025-01-04'::timestamptz), (NULL, '2025-01-05')) v(o, e);
SELECT retention_rate('2025-01-02', '2025-01-01', '2025-01-01', '2025-02-01');
SELECT churn_rate(now(), NULL, NULL, '2025-02-01');
SELECT churn_rate(now(), NULL, '2025-02-01', '2025-02-01');
SELECT churn_rate(now(), NULL, '2025-02-01', 'infinity');
SELECT churn_rate(s, NULL, '2025-01-01', e)
FROM (VALUES ('2024-12-01'::timestamptz, '2025-02-01'::timestamptz), ('2024-12-01', '2025-03-01')) v(s, e);
SELECT periods(NULL);
-- the support functions check the states they are given
SELECT period_rates_trans('{0,0,0}', now(), NULL, '2025-01-01', '2025-02-01');
SELECT period_rates_trans('{1,2,0,0,0,1,0,1}', now(), NULL, '2025-01-01', '2025-02-01');
SELECT period_rates_trans('{1,1,0,0,0,0,0,0}', now(), NULL, '2025-01-01', '2025-02-01');
SELECT period_rates_trans(NULL, now(), NULL, '2025-01-01', '2025-02-01');
SELECT period_rates_inv('{0,0,0,0,0,0,0,0}', '2024-12-01', NULL, '2025-01-01', '2025-02-01');
SELECT churn_rate_final('{2,2,0,1,1,1,0,1}'), retention_rate_final('{2,2,0,1,1,1,0,1}'),
	   period_rates_combine('{2,2,0,1,1,1,0,1}', '{1,1,0,0,0,1,0,1}');
SELECT period_rates_combine('{2,2,0,1,1,1,0,1}', '{1,1,0,0,0,1,0,2}');
-- ... and never change their input when called directly
SELECT st, period_rates_trans(st, '2024-12-01', NULL, '2000-01-01', '2000-02-01'), st
FROM (SELECT '{0,0,0,0,0,0,0,0}'::bigint[]) v(st);

-- ---------------------------------------------------------------------------
-- Text I/O
-- ---------------------------------------------------------------------------
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline;
-- white space is free, fractions are trimmed, and output is canonical
SELECT E'  periods=2\tat_start=5 \n 2025-01-01T00:00:00.000000Z 1/2/1   2025-01-01T12:30:00.250Z 0/0/0 2025-01-02T00:00:00.000001Z  '::timeline;
-- astronomical years: 0000 is 1 BC; four to six digits
SELECT '  periods=1 at_start=1 -4713-11-24T00:00:00Z 0/1/1 0000-02-29T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=1 294276-12-31T23:59:59.999998Z 0/0/0 294276-12-31T23:59:59.999999Z'::timeline;
SELECT 'periods=1 at_start=1 202501-01-01T00:00:00Z 0/0/0 294276-12-31T23:59:59.999999Z'::timeline;
SELECT period_start, period_end FROM periods('periods=1 at_start=1 -0044-03-15T12:00:00Z 0/1/1 0000-02-29T00:00:00Z');
-- the largest counts that are consistent
SELECT * FROM periods('periods=2 at_start=9223372036854775806 2025-01-01T00:00:00Z 1/9223372036854775807/9223372036854775806 2025-01-02T00:00:00Z 0/0/0 2025-01-03T00:00:00Z');
-- round trips: text and the periods of the value read back
SELECT t::text::timeline::text = t::text AS text_round_trip
FROM (SELECT timeline_agg(opened_at, closed_at, '2025-01-01', '2025-01-04', '1 day') FROM tickets) v(t);

-- hostile text input: each is a clean error
SELECT ''::timeline;
SELECT '   '::timeline;
SELECT 'garbage'::timeline;
SELECT 'periods='::timeline;
SELECT 'periods=1'::timeline;
SELECT 'periods=1 at_start=0'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00Z 0/0/0'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00Z 0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00Z 0/0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=2 at_start=0 2025-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z 0/0/0 2025-01-03T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z extra'::timeline;
SELECT 'periods=0 at_start=0 2025-01-01T00:00:00Z'::timeline;
SELECT 'periods=-1 at_start=0 2025-01-01T00:00:00Z'::timeline;
SELECT 'periods=100001 at_start=0 2025-01-01T00:00:00Z'::timeline;
SELECT 'periods=99999999999999999999 at_start=0'::timeline;
SELECT 'periods=1 at_start=-1 2025-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00Z 0/-1/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=+1 2025-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0x1 2025-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=9223372036854775808 2025-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=1 2025-01-01T00:00:00Z 0/0/2 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=1 2025-01-01T00:00:00Z 0/2/2 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=1 2025-01-01T00:00:00Z 0/1/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=2 at_start=1 2025-01-01T00:00:00Z 0/1/1 2025-01-02T00:00:00Z 0/1/1 2025-01-03T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=9223372036854775807 2025-01-01T00:00:00Z 1/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-02T00:00:00Z 0/0/0 2025-01-01T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00Z 0/0/0 2025-01-01T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-02-29T00:00:00Z 0/0/0 2025-03-01T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T24:00:00Z 0/0/0 2025-01-03T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-12-31T23:59:60Z 0/0/0 2026-01-03T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-13-01T00:00:00Z 0/0/0 2026-01-03T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-00-10T00:00:00Z 0/0/0 2026-01-03T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00+00 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01 00:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01t00:00:00z 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 25-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-1-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00.Z 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00.1234567Z 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 1234567-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 294277-01-01T00:00:00Z 0/0/0 294277-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 -4713-11-23T00:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 infinity 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 now 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00Z, 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'Periods=1 at_start=0 2025-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z;'::timeline;
SELECT 'periods=1 at_start=0 2025-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Zé'::timeline;
SELECT ('periods=1 at_start=0 2025-01-01T00:00:00Z 0/0/0 ' || repeat(' ', 17000000) || '2025-01-02T00:00:00Z')::timeline;
SELECT ('periods=100000 at_start=0' || repeat(' 2025-01-01T00:00:00Z 0/0/0', 99999))::timeline;
-- the largest timeline reads back
SELECT length(t::text), (SELECT count(*) FROM periods(t)) AS periods, t::text::timeline::text = t::text AS round_trip
FROM (SELECT timeline_agg(now(), NULL, '2025-01-01', '2025-01-01 00:01:40', '1 millisecond') AS t) v;

-- every string the input function accepts prints back as canonical text
-- that parses to the same value, and every other string is a clean error:
-- checked over 5000 random one-character mutations of valid values
CREATE FUNCTION pg_temp.try_timeline(t text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	RETURN t::timeline::text;
EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range
	OR datetime_field_overflow THEN
	RETURN NULL;
END $$;
WITH base AS (
	SELECT g, (SELECT timeline_agg(o, CASE WHEN pg_temp.uniform(g * 16 + k, 1) < 0.3 THEN NULL
											ELSE o + pg_temp.uniform(g * 16 + k, 2) * interval '3 days' END,
								   '2025-01-01', timestamptz '2025-01-01' + (1 + g % 4) * interval '1 day', '1 day')::text
			   FROM (SELECT k, timestamptz '2024-12-31' + pg_temp.uniform(g * 16 + k, 3) * interval '6 days' AS o
					 FROM generate_series(1, 1 + g % 9) k) s) AS t
	FROM generate_series(1, 5000) g
), mutated AS (
	SELECT t, 1 + floor(pg_temp.uniform(g, 4) * length(t))::int AS pos,
		   substr('periods=at_start0123456789/:-TZ. x9', 1 + floor(pg_temp.uniform(g, 5) * 35)::int, 1) AS ch,
		   floor(pg_temp.uniform(g, 6) * 3)::int AS op
	FROM base
), s AS (
	SELECT CASE op
		WHEN 0 THEN overlay(t PLACING ch FROM pos FOR 1)	-- replace
		WHEN 1 THEN overlay(t PLACING ch FROM pos FOR 0)	-- insert
		ELSE overlay(t PLACING '' FROM pos FOR 1)			-- delete
	END AS t
	FROM mutated
), parsed AS (
	SELECT t, pg_temp.try_timeline(t) AS out FROM s
)
SELECT count(*) AS tried, count(out) > 100 AS many_accepted,
	   count(*) - count(out) > 2000 AS many_rejected,
	   bool_and(out IS NULL OR pg_temp.try_timeline(out) = out) AS canonical_round_trip
FROM parsed;

-- ---------------------------------------------------------------------------
-- Binary I/O, through COPY BINARY files built by hand (signature, flags,
-- header extension, one tuple of one field, trailer) and fed through perl
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE one (t timeline);
CREATE FUNCTION pg_temp.load_binary(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	file bytea := '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
		|| '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea;
BEGIN
	TRUNCATE one;
	EXECUTE format('COPY one FROM PROGRAM %L WITH (FORMAT binary)',
				   format('perl -e ''print pack("H*", "%s")''', encode(file, 'hex')));
	RETURN (SELECT t::text FROM one);
END $$;
SELECT t, pg_temp.load_binary(timeline_send(t)) = t::text AS round_trip
FROM (VALUES ('periods=1 at_start=0 2025-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline),
			 ('periods=2 at_start=3 2025-01-01T00:00:00Z 2/1/1 2025-01-01T12:00:00.5Z 0/2/2 2025-01-02T00:00:00Z')) v(t);
SELECT timeline_send('periods=1 at_start=3 2000-01-01T00:00:00Z 2/1/1 2000-01-01T00:00:01Z');
-- hostile binary input: wrong version, short and long buffers, periods out
-- of range, bounds not increasing, inconsistent and negative counts
\set SHOW_CONTEXT never
SELECT pg_temp.load_binary('\x02'::bytea || substr(timeline_send('periods=1 at_start=3 2000-01-01T00:00:00Z 2/1/1 2000-01-01T00:00:01Z'), 2));
SELECT pg_temp.load_binary(substr(timeline_send('periods=1 at_start=3 2000-01-01T00:00:00Z 2/1/1 2000-01-01T00:00:01Z'), 1, 44));
SELECT pg_temp.load_binary(timeline_send('periods=1 at_start=3 2000-01-01T00:00:00Z 2/1/1 2000-01-01T00:00:01Z') || '\x00'::bytea);
SELECT pg_temp.load_binary('\x'::bytea);
SELECT pg_temp.load_binary('\x0100000000'::bytea);
SELECT pg_temp.load_binary('\x017fffffff'::bytea);
-- one period from 2000-01-01 00:00 to 00:00:01 UTC: at_start, two bounds, three counters
SELECT pg_temp.load_binary(decode('0100000001' || '0000000000000000' || '00000000000f4240' || '0000000000000000'
								  || '000000000000000000000000000000000000000000000000', 'hex'));
SELECT pg_temp.load_binary(decode('0100000001' || '0000000000000000' || '0000000000000000' || '7fffffffffffffff'
								  || '000000000000000000000000000000000000000000000000', 'hex'));
SELECT pg_temp.load_binary(decode('0100000001' || '0000000000000000' || '0000000000000000' || '0000000000000001'
								  || '000000000000000000000000000000010000000000000000', 'hex'));
SELECT pg_temp.load_binary(decode('0100000001' || 'ffffffffffffffff' || '0000000000000000' || '0000000000000001'
								  || '000000000000000000000000000000000000000000000000', 'hex'));
SELECT pg_temp.load_binary(decode('0100000001' || '0000000000000000' || '0000000000000000' || '0000000000000001'
								  || 'ffffffffffffffff00000000000000000000000000000000', 'hex'));
\set SHOW_CONTEXT errors

-- ---------------------------------------------------------------------------
-- Rollup
-- ---------------------------------------------------------------------------
-- per-customer timelines roll up to the timeline of all rows; NULLs skipped
SELECT (SELECT rollup(t) FROM (SELECT timeline_agg(opened_at, closed_at, '2025-01-01', '2025-01-04', '1 day') AS t
							   FROM tickets GROUP BY name) s)::text
	 = (SELECT timeline_agg(opened_at, closed_at, '2025-01-01', '2025-01-04', '1 day') FROM tickets)::text AS rollup_equals_all;
SELECT rollup(t) FROM (VALUES (NULL::timeline), ('periods=1 at_start=2 2025-01-01T00:00:00Z 3/1/1 2025-01-02T00:00:00Z')) v(t);
SELECT rollup(t) IS NULL AS empty_rollup FROM (SELECT NULL::timeline WHERE false) v(t);
-- different grids, and a merge too big for int64
SELECT rollup(t) FROM (VALUES ('periods=1 at_start=2 2025-01-01T00:00:00Z 3/1/1 2025-01-02T00:00:00Z'::timeline),
							  ('periods=2 at_start=2 2025-01-01T00:00:00Z 3/1/1 2025-01-02T00:00:00Z 0/0/0 2025-01-03T00:00:00Z')) v(t);
SELECT rollup(t) FROM (VALUES ('periods=2 at_start=0 2025-01-01T00:00:00Z 0/0/0 2025-01-01T12:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline),
							  ('periods=2 at_start=0 2025-01-01T00:00:00Z 0/0/0 2025-01-01T13:00:00Z 0/0/0 2025-01-02T00:00:00Z')) v(t);
SELECT rollup(t) FROM (VALUES ('periods=1 at_start=9223372036854775800 2025-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline),
							  ('periods=1 at_start=0 2025-01-01T00:00:00Z 8/0/0 2025-01-02T00:00:00Z')) v(t);
SELECT rollup(t) FROM (VALUES ('periods=1 at_start=9223372036854775800 2025-01-01T00:00:00Z 0/0/0 2025-01-02T00:00:00Z'::timeline),
							  ('periods=1 at_start=0 2025-01-01T00:00:00Z 7/0/0 2025-01-02T00:00:00Z')) v(t);

-- ---------------------------------------------------------------------------
-- Differential test: 1M generated tickets against the naive per-period SQL
-- (generate_series joined with every row, count(*) FILTER), 30 local days
-- in America/New_York across the spring DST change, serial and
-- forced-parallel.  Times are multiples of 15 minutes, so many open and
-- close exactly on a boundary; 5 % are zero-length, 12 % never close, 1 %
-- have no opened_at.
-- ---------------------------------------------------------------------------
SET TimeZone = 'America/New_York';
CREATE TABLE tl_items AS
SELECT g AS id, g % 7 AS team,
	CASE WHEN g % 101 = 0 THEN NULL ELSE o END AS opened_at,
	CASE WHEN u < 0.12 THEN NULL
		 WHEN u < 0.17 THEN o
		 ELSE o + floor(-ln(1 - pg_temp.uniform(g, 3)) * 192) * interval '15 minutes' END AS closed_at
FROM (SELECT g, pg_temp.uniform(g, 1) AS u,
		timestamptz '2025-02-01' + floor(pg_temp.uniform(g, 2) * 96 * 60) * interval '15 minutes' AS o
	  FROM generate_series(1, 1000000) g) s;
ANALYZE tl_items;

SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE naive AS
SELECT g AS period_start, g + interval '1 day' AS period_end,
	   count(*) FILTER (WHERE opened_at < g AND (closed_at IS NULL OR closed_at >= g)) AS at_start,
	   count(*) FILTER (WHERE opened_at >= g AND opened_at < g + interval '1 day') AS opened,
	   count(*) FILTER (WHERE closed_at >= g AND closed_at < g + interval '1 day') AS closed,
	   count(*) FILTER (WHERE opened_at < g AND closed_at >= g AND closed_at < g + interval '1 day') AS lost,
	   count(*) FILTER (WHERE opened_at < g + interval '1 day'
						AND (closed_at IS NULL OR closed_at >= g + interval '1 day')) AS at_end
FROM generate_series(timestamptz '2025-02-20', '2025-03-22', '1 day') g, tl_items
WHERE g < '2025-03-22' AND opened_at IS NOT NULL
GROUP BY g;
CREATE TEMP VIEW tl_query AS
SELECT timeline_agg(opened_at, closed_at, '2025-02-20', '2025-03-22', '1 day') AS t FROM tl_items;
CREATE TEMP TABLE tl_serial AS SELECT * FROM tl_query;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT * FROM tl_query;
CREATE TEMP TABLE tl_parallel AS SELECT * FROM tl_query;
SET parallel_leader_participation = off;
CREATE TEMP TABLE tl_workers AS SELECT * FROM tl_query;
RESET parallel_leader_participation;

-- every period and every column equal the naive SQL's, rates included
SELECT count(*) AS periods, count(n.period_start) AS naive_periods,
	   count(*) FILTER (WHERE p.period_end = n.period_end AND p.at_start = n.at_start
						AND p.opened = n.opened AND p.closed = n.closed AND p.lost = n.lost
						AND p.at_end = n.at_end) AS equal_counts,
	   count(*) FILTER (WHERE p.retention_rate = 100 * (n.at_end - n.opened)::float8 / n.at_start
						AND p.churn_rate = 100 * n.lost::float8 / n.at_start) AS equal_rates,
	   count(*) FILTER (WHERE p.period_end - p.period_start <> interval '24 hours') AS not_24_hours,
	   sum(p.opened) AS opened_in_grid, min(p.at_start) AS min_backlog, max(p.at_start) AS max_backlog
FROM periods((SELECT t FROM tl_serial)) p FULL JOIN naive n USING (period_start);
SELECT (SELECT t::text FROM tl_parallel) = (SELECT t::text FROM tl_serial) AS parallel_equal,
	   (SELECT t::text FROM tl_workers) = (SELECT t::text FROM tl_serial) AS workers_only_equal;

-- per team in parallel, rolled up: the timeline of all rows
CREATE TABLE tl_team AS
SELECT team, timeline_agg(opened_at, closed_at, '2025-02-20', '2025-03-22', '1 day') AS t
FROM tl_items GROUP BY team;
SELECT pg_temp.uses_partial_aggregate('SELECT team, timeline_agg(opened_at, closed_at, ''2025-02-20'', ''2025-03-22'', ''1 day'') FROM tl_items GROUP BY team') AS grouped_partial,
	   pg_temp.uses_partial_aggregate('SELECT rollup(t) FROM tl_team') AS rollup_partial;
SELECT count(*) AS teams, (SELECT rollup(t) FROM tl_team)::text = (SELECT t::text FROM tl_serial) AS rollup_equals_all
FROM tl_team;
-- canonical bytes: the same rows in any order or plan give the same bytes
SELECT count(*) AS timelines, count(DISTINCT timeline_send(t)) AS distinct_encodings
FROM (
	SELECT t FROM tl_serial
	UNION ALL SELECT t FROM tl_parallel
	UNION ALL SELECT t FROM tl_workers
	UNION ALL SELECT rollup(t) FROM tl_team
	UNION ALL SELECT rollup(t ORDER BY team DESC) FROM tl_team
	UNION ALL SELECT rollup(t) FROM (SELECT timeline_agg(opened_at, closed_at, '2025-02-20', '2025-03-22', '1 day') AS t
									 FROM tl_items GROUP BY id % 1000) s
) v;
SELECT count(DISTINCT timeline_send(t)) AS distinct_encodings_by_order
FROM (
	SELECT timeline_agg(opened_at, closed_at, '2025-02-20', '2025-03-22', '1 day' ORDER BY id) FROM tl_items WHERE id % 10 = 0
	UNION ALL
	SELECT timeline_agg(opened_at, closed_at, '2025-02-20', '2025-03-22', '1 day' ORDER BY id DESC) FROM tl_items WHERE id % 10 = 0
	UNION ALL
	SELECT timeline_agg(opened_at, closed_at, '2025-02-20', '2025-03-22', '1 day' ORDER BY md5(id::text)) FROM tl_items WHERE id % 10 = 0
) v(t);

-- retention_rate and churn_rate in a parallel plan equal periods()'s, for
-- the 23-hour DST day and the day after
SELECT pg_temp.uses_partial_aggregate('SELECT retention_rate(opened_at, closed_at, ''2025-03-09'', ''2025-03-10''), churn_rate(opened_at, closed_at, ''2025-03-09'', ''2025-03-10'') FROM tl_items') AS rates_partial;
SELECT r9 = p9.retention_rate AND c9 = p9.churn_rate AS dst_day_equal,
	   r10 = p10.retention_rate AND c10 = p10.churn_rate AS next_day_equal
FROM (SELECT retention_rate(opened_at, closed_at, '2025-03-09', '2025-03-10') AS r9,
			 churn_rate(opened_at, closed_at, '2025-03-09', '2025-03-10') AS c9,
			 retention_rate(opened_at, closed_at, '2025-03-10', '2025-03-11') AS r10,
			 churn_rate(opened_at, closed_at, '2025-03-10', '2025-03-11') AS c10
	  FROM tl_items) a,
	 periods((SELECT t FROM tl_serial)) p9, periods((SELECT t FROM tl_serial)) p10
WHERE p9.period_start = '2025-03-09' AND p10.period_start = '2025-03-10';
-- ... and serially for every period (on a tenth of the rows)
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE tl_sample AS SELECT * FROM tl_items WHERE id % 10 = 0;
SELECT count(*) AS periods,
	   count(*) FILTER (WHERE r IS NOT DISTINCT FROM retention_rate AND ch IS NOT DISTINCT FROM churn_rate) AS equal_rates
FROM periods((SELECT timeline_agg(opened_at, closed_at, '2025-02-20', '2025-03-22', '1 day') FROM tl_sample)) p,
	 LATERAL (SELECT retention_rate(opened_at, closed_at, p.period_start, p.period_end) AS r,
					 churn_rate(opened_at, closed_at, p.period_start, p.period_end) AS ch
			  FROM tl_sample) s;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

DROP VIEW tl_query;
DROP TABLE tl_items, tl_team;
