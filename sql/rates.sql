-- rates.sql: sla_rate, fcr_rate, one_touch_rate, resolution_rate and
-- automation_rate: hand-checked values, bad input, NULLs and empty groups,
-- the open-item rule of sla_rate(start, stop, target), against now() and
-- against a fixed as_of, moving windows, parallel plans, and differential
-- tests against count(*) FILTER formulas.

-- shared helpers, the same on every PostgreSQL version: the data generator
-- pg_temp.uniform(key, stream) (never random()), pg_temp.interval_us(d)
\set ECHO none
\i test/lib.sql
\set ECHO all
-- no JIT: compiling the generator's long inlined expressions takes longer
-- than running them
SET jit = off;

-- sla_rate(elapsed, target): met when elapsed <= target as intervals compare
-- (a day is 24 hours, a month 30 days).  Met: 30 min, 1 h (on the target),
-- 0, 1 mon (= 30 days), 23:59:59 (< 1 day); breached: 61 min, 25 h (> 1 day);
-- the NULL elapsed and the NULL target are skipped: 5 of 7
SELECT round(sla_rate(e, t)::numeric, 9) AS sla
FROM (VALUES ('30 minutes'::interval, '1 hour'::interval), ('1 hour', '1 hour'),
			 ('0', '0'), ('1 mon', '30 days'), ('23:59:59', '1 day'),
			 ('61 minutes', '1 hour'), ('25 hours', '1 day'),
			 (NULL, '1 hour'), ('2 hours', NULL)) v(e, t);
-- a target per row (by priority): urgent 1 h, normal 1 day
SELECT priority, sla_rate(first_reply, CASE priority WHEN 'urgent' THEN interval '1 hour'
												   ELSE interval '1 day' END)
FROM (VALUES ('urgent', '00:20'::interval), ('urgent', '02:00'), ('normal', '20:00'),
			 ('normal', '1 day'), ('normal', '1 day 00:00:01'), ('urgent', '00:59:59')) v(priority, first_reply)
GROUP BY priority ORDER BY priority;

-- sla_rate(start, stop, target): met when stop <= start + target
-- (timestamptz + interval).  On the target is met, a microsecond later is
-- breached: 50
SELECT sla_rate(s, p, '8 hours')
FROM (VALUES ('2025-03-10 09:00:00+01'::timestamptz, '2025-03-10 17:00:00+01'::timestamptz),
			 ('2025-03-10 09:00:00+01', '2025-03-10 17:00:00.000001+01')) v(s, p);
-- months and days follow the calendar of the session time zone.  Berlin
-- moves to summer time on 2025-03-30: one day after noon on the 29th is noon
-- on the 30th, 23 hours later, so 23.5 hours breaches '1 day' but meets
-- '24 hours'; the elapsed-time form compares 23:30 with 24 hours and meets.
SET timezone = 'Europe/Berlin';
SELECT sla_rate(s, p, '1 day') AS calendar_day, sla_rate(s, p, '24 hours') AS hours_24,
	   sla_rate(p - s, '1 day') AS elapsed_form, min(p - s) AS elapsed
FROM (VALUES ('2025-03-29 12:00'::timestamptz, '2025-03-30 12:30'::timestamptz)) v(s, p);
-- one month after January 31 is February 28: 50
SELECT sla_rate(s, p, '1 mon')
FROM (VALUES ('2025-01-31 10:00'::timestamptz, '2025-02-28 10:00'::timestamptz),
			 ('2025-01-31 10:00', '2025-02-28 10:00:01')) v(s, p);
RESET timezone;

-- items with no stop yet, against now() (the transaction time, the same
-- for every row of a statement): 48 h old with a 24 h target is breached;
-- 1 hour old, exactly 24 h old, and not yet started are left out; 24 h and
-- 1 microsecond old is breached; a closed item within target is met: 1 of
-- 3; and the form with as_of => now() gives the same
SELECT round(sla_rate(s, p, t)::numeric, 9) AS sla,
	   count(*) FILTER (WHERE p IS NULL AND now() > s + t) AS open_breached,
	   sla_rate(s, p, t, now()) IS NOT DISTINCT FROM sla_rate(s, p, t) AS as_of_now_same
FROM (VALUES (now() - interval '48 hours', NULL::timestamptz, interval '24 hours'),
			 (now() - interval '1 hour', NULL, interval '24 hours'),
			 (now() - interval '24 hours', NULL, interval '24 hours'),
			 (now() + interval '1 hour', NULL, interval '1 hour'),
			 (now() - interval '24 hours 0.000001 seconds', NULL, interval '24 hours'),
			 (now() - interval '72 hours', now() - interval '49 hours', interval '24 hours')) v(s, p, t);
-- a 2-day-old open item with a '1 day' target, breached
SELECT sla_rate(now() - interval '2 days', NULL, '1 day');
-- only open items within target: nothing counted yet, NULL
SELECT sla_rate(now() - interval '1 hour', NULL, '1 day');
-- a NULL start or target is skipped, whatever the stop
SELECT sla_rate(s, p, t)
FROM (VALUES (NULL::timestamptz, '2025-01-01'::timestamptz, '1 hour'::interval),
			 ('2025-01-01', '2025-01-02', NULL)) v(s, p, t);

-- sla_rate(start, stop, target, as_of): the open-item rule against as_of,
-- a fixed instant, instead of now().  As of 2025-06-01 12:00 UTC: open
-- since 10:00 with a 1-hour target (deadline 11:00) is breached; since
-- 11:30 (12:30) left out; since 11:00 (deadline 12:00, on as_of) left out;
-- since 10:59:59.999999 (a microsecond before as_of) breached; closed
-- 08:00-09:00 with 2 hours met; closed at 13:00, after as_of, 2 hours from
-- 08:00: breached by its stop (as_of stands for now() in the rule for open
-- items only, as now() does); open from 13:00, after as_of, left out:
-- 1 met of 4 counted, 25.  As of 12:30:00.000001 the items open since
-- 11:30 and 11:00 are breached too: 1 of 6.  The form without as_of, now()
-- being long after all of them, breaches every open item: 1 of 7.
SET timezone = 'UTC';
SELECT sla_rate(s, p, t, timestamptz '2025-06-01 12:00+00') AS at_noon,
	   round(sla_rate(s, p, t, timestamptz '2025-06-01 12:30:00.000001+00')::numeric, 9) AS after_half_past,
	   round(sla_rate(s, p, t)::numeric, 9) AS at_now
FROM (VALUES ('2025-06-01 10:00'::timestamptz, NULL::timestamptz, interval '1 hour'),
			 ('2025-06-01 11:30', NULL, '1 hour'),
			 ('2025-06-01 11:00', NULL, '1 hour'),
			 ('2025-06-01 10:59:59.999999', NULL, '1 hour'),
			 ('2025-06-01 08:00', '2025-06-01 09:00', '2 hours'),
			 ('2025-06-01 08:00', '2025-06-01 13:00', '2 hours'),
			 ('2025-06-01 13:00', NULL, '1 hour')) v(s, p, t);
-- only open items within target as of as_of: NULL; an item before its
-- deadline as of one instant is breached as of a later one
SELECT sla_rate(s, NULL, '1 hour', timestamptz '2025-06-01 10:30+00') AS within,
	   sla_rate(s, NULL, '1 hour', timestamptz '2025-06-01 11:30+00') AS past
FROM (VALUES ('2025-06-01 10:00+00'::timestamptz)) v(s);
RESET timezone;
-- days follow the session time zone, as in the form without as_of: in
-- Berlin one day after noon on 2025-03-29 is noon on the 30th, 23 hours
-- later; as of 12:30 on the 30th an item open since noon on the 29th is
-- breached with a '1 day' target and left out with '24 hours' (due 13:00)
SET timezone = 'Europe/Berlin';
SELECT sla_rate(s, NULL, '1 day', timestamptz '2025-03-30 12:30') AS calendar_day,
	   sla_rate(s, NULL, '24 hours', timestamptz '2025-03-30 12:30') AS hours_24
FROM (VALUES ('2025-03-29 12:00'::timestamptz)) v(s);
RESET timezone;
-- as_of => now() gives what the form without it gives (see also the open
-- items against now() above), group by group
SELECT g, sla_rate(s, p, '1 day') IS NOT DISTINCT FROM sla_rate(s, p, '1 day', now()) AS same_as_now
FROM (VALUES (1, now() - interval '3 days', NULL::timestamptz), (1, now() - interval '2 hours', NULL),
			 (2, now() - interval '2 hours', NULL), (3, now() - interval '3 days', now() - interval '2 days 1 hour'),
			 (3, NULL, NULL)) v(g, s, p)
GROUP BY g ORDER BY g;
-- as_of may depend on the GROUP BY columns: a cut-off per team, the same
-- item breached as of one and left out as of the other
SELECT team, sla_rate(s, NULL, '1 hour', a)
FROM (VALUES (1, '2025-06-01 10:00+00'::timestamptz, '2025-06-01 12:00+00'::timestamptz),
			 (2, '2025-06-01 10:00+00', '2025-06-01 10:30+00')) v(team, s, a)
GROUP BY team, a ORDER BY team;

-- fcr_rate(contacts): 1 contact is a first contact resolution: 3 of 5
SELECT fcr_rate(c) FROM (VALUES (1), (1), (2), (3), (1), (NULL)) v(c);
-- fcr_rate(boolean): the share of true: 3 of 4
SELECT fcr_rate(b) FROM (VALUES (true), (false), (true), (true), (NULL)) v(b);
-- one_touch_rate(agent_replies): exactly one reply; a ticket solved with no
-- agent reply is not one-touch: 2 of 5
SELECT one_touch_rate(r) FROM (VALUES (0), (1), (1), (2), (5), (NULL)) v(r);
-- resolution_rate(resolved): 3 of 4
SELECT resolution_rate(b) FROM (VALUES (true), (true), (true), (false), (NULL)) v(b);
-- automation_rate(human_touched): the share of FALSE, 1 of 4 resolved
-- tickets no human touched
SELECT automation_rate(h), pct(NOT h) AS pct_not_touched, pct(h) AS pct_touched
FROM (VALUES (false), (true), (true), (true), (NULL)) v(h);

-- empty and NULL-only input: NULL
SELECT sla_rate(e, t), fcr_rate(c), one_touch_rate(c), resolution_rate(b),
	   automation_rate(b), fcr_rate(b), sla_rate(s, s, t)
FROM (SELECT NULL::interval, NULL::interval, NULL::int, NULL::boolean, NULL::timestamptz WHERE false) v(e, t, c, b, s);
SELECT sla_rate(e, t), fcr_rate(c), one_touch_rate(c), resolution_rate(b),
	   automation_rate(b), fcr_rate(b), sla_rate(s, s, t)
FROM (VALUES (NULL::interval, NULL::interval, NULL::int, NULL::boolean, NULL::timestamptz)) v(e, t, c, b, s);
-- a group whose rows are all skipped is NULL, the others are not
SELECT g, sla_rate(e, '1 hour'), fcr_rate(c)
FROM (VALUES (1, '00:10'::interval, 1), (1, '02:00', 2), (2, NULL, NULL)) v(g, e, c)
GROUP BY g ORDER BY g;

-- bad input: an error naming the value (SQLSTATE 22003)
SELECT sla_rate('-1 second'::interval, '1 hour');
SELECT sla_rate('1 day -25 hours'::interval, '1 hour');
SELECT sla_rate('1 hour'::interval, '-1 hour');
SELECT sla_rate('1 hour'::interval, '1 mon -31 days');
SELECT sla_rate('2025-01-02 10:00+00'::timestamptz, '2025-01-02 09:59:59+00', '1 hour');
SELECT sla_rate('2025-01-02 10:00+00'::timestamptz, NULL, '-1 day');
SELECT sla_rate('-infinity'::timestamptz, '2025-01-02 09:59:59+00', '1 hour');
SELECT sla_rate('2025-01-02 10:00+00'::timestamptz, 'infinity', '1 hour');
-- a deadline past the last timestamp fails as start + target does in SQL,
-- whether the target has days or not
SELECT sla_rate('294276-12-30 00:00+00'::timestamptz, '294276-12-30 01:00+00', '10 days');
SELECT sla_rate('294276-12-30 00:00+00'::timestamptz, '294276-12-30 01:00+00', '240 hours');
SELECT fcr_rate(0);
SELECT fcr_rate(-3);
SELECT one_touch_rate(-1);
-- the bad row errors wherever it sits in the group
SELECT fcr_rate(c) FROM (VALUES (1), (2), (0), (1)) v(c);
-- and a skipped row (NULL target) is not checked
SELECT sla_rate('-1 hour'::interval, NULL);
-- as_of must be the same on every row of a group (22023, naming both), be
-- given (22004, also on a row that is otherwise skipped) and be finite
-- (22008)
SELECT sla_rate(s, NULL, '1 hour', a)
FROM (VALUES ('2025-06-01 10:00+00'::timestamptz, '2025-06-01 12:00+00'::timestamptz),
			 ('2025-06-01 10:00+00', '2025-06-01 12:00:00.000001+00')) v(s, a);
SELECT sla_rate(s, s, '1 hour', NULL::timestamptz) FROM (VALUES ('2025-06-01 10:00+00'::timestamptz)) v(s);
SELECT sla_rate(s, NULL, '1 hour', a)
FROM (VALUES ('2025-06-01 10:00+00'::timestamptz, '2025-06-01 12:00+00'::timestamptz),
			 (NULL, NULL)) v(s, a);
SELECT sla_rate(s, s, '1 hour', '-infinity'::timestamptz) FROM (VALUES ('2025-06-01 10:00+00'::timestamptz)) v(s);

-- the support functions, called directly: checked states, input unchanged
SELECT sla_elapsed_trans('{1,2}', '1 hour', '2 hours'), sla_elapsed_inv('{1,2}', '3 hours', '2 hours'),
	   fcr_trans('{1,2}', 1), fcr_inv('{1,2}', 2), one_touch_trans('{1,2}', 0), one_touch_inv('{1,2}', 1),
	   share_false_trans('{1,2}', false), share_false_inv('{1,2}', true);
SELECT sla_instants_trans('{1,2}', now() - interval '2 days', NULL, '1 day') AS breached,
	   sla_instants_trans('{1,2}', now(), NULL, '1 day') AS left_out,
	   sla_instants_trans('{1,2}', NULL, now(), '1 day') AS no_start,
	   sla_instants_inv('{1,2}', now() - interval '1 hour', now(), '1 day') AS met_removed,
	   sla_instants_trans(NULL, now(), now(), '1 day') AS null_state;
SELECT fcr_inv('{0,0}', 1);
SELECT share_false_inv('{1,1}', true);
SELECT one_touch_trans('{3,2}', 1);
SELECT sla_instants_trans('{1}', now(), NULL, '1 day');
SELECT sla_instants_trans('{1,NULL}', NULL, NULL, NULL);
-- with as_of: the state's third element is the group's as_of in
-- microseconds since 2000-01-01 (-9223372036854775808, -infinity, before
-- the first row), set by the first row and checked on every other; the
-- combine function merges states with the same as_of or none yet, and
-- the final function reads the counts
WITH k(us) AS (SELECT ((date_part('epoch', timestamptz '2025-06-01 12:00+00')
						- date_part('epoch', timestamptz '2000-01-01 00:00+00')) * 1000000)::bigint)
SELECT sla_instants_as_of_trans('{0,0,-9223372036854775808}', '2025-06-01 10:00+00', NULL, '1 hour',
								'2025-06-01 12:00+00') = ARRAY[0, 1, us] AS first_row_breached,
	   sla_instants_as_of_trans(ARRAY[1, 2, us], '2025-06-01 11:30+00', NULL, '1 hour',
								'2025-06-01 12:00+00') = ARRAY[1, 2, us] AS left_out,
	   sla_instants_as_of_inv(ARRAY[1, 2, us], '2025-06-01 08:00+00', '2025-06-01 09:00+00', '2 hours',
							  '2025-06-01 12:00+00') = ARRAY[0, 1, us] AS met_removed,
	   share_combine(ARRAY[1, 2, us], '{3,4,-9223372036854775808}') = ARRAY[4, 6, us] AS combine_with_none,
	   share_combine('{3,4,-9223372036854775808}', ARRAY[1, 2, us]) = ARRAY[4, 6, us] AS combine_into_none,
	   share_combine(ARRAY[1, 2, us], ARRAY[0, 2, us]) = ARRAY[1, 4, us] AS combine_same,
	   share_pct_final(ARRAY[1, 4, us]) AS pct,
	   sla_instants_as_of_trans(NULL, now(), now(), '1 day', now()) AS null_state
FROM k;
SELECT sla_instants_as_of_trans('{0,1,0}', '2025-06-01 10:00+00', NULL, '1 hour', '2025-06-01 12:00+00');
SELECT share_combine('{0,1,0}', '{0,1,1000000}');
SELECT share_combine('{0,1}', '{0,1,0}');
SELECT share_combine('{0,1,0}', '{0,1}');
SELECT sla_instants_as_of_trans('{0,0}', now(), NULL, '1 day', now());
SELECT sla_instants_trans('{0,0,0}', now(), NULL, '1 day');
SELECT share_pct_final('{0,1,9223372036854775807}');
SELECT sla_instants_as_of_trans('{0,0,-9223372036854775808}', now(), NULL, '1 day', NULL);

-- moving windows against recomputing each frame from scratch, in one
-- statement so that now() is the same for both
CREATE TEMP TABLE rwin AS
SELECT g AS id, g / 7 AS day,
	   CASE WHEN g % 13 = 0 THEN NULL WHEN g % 11 = 0 THEN make_interval(days => g % 3)
			ELSE make_interval(mins => (g * 7919) % 180) END AS elapsed,
	   CASE WHEN g % 19 = 0 THEN NULL WHEN g % 5 = 0 THEN interval '1 day'
			ELSE make_interval(mins => 30 * (1 + g % 4)) END AS target,
	   CASE WHEN g % 23 = 0 THEN NULL ELSE now() - make_interval(hours => g % 72, mins => 30) END AS start,
	   (g * 104729) % 3000 AS stop_mins,
	   CASE WHEN g % 17 = 0 THEN NULL ELSE 1 + ((g * 7919) % 5) / 3 END AS contacts,
	   CASE WHEN g % 29 = 0 THEN NULL ELSE (g * 7907) % 4 END AS replies,
	   CASE WHEN g % 31 = 0 THEN NULL ELSE g % 4 <> 0 END AS resolved,
	   CASE WHEN g % 37 = 0 THEN NULL ELSE g % 3 = 0 END AS human
FROM generate_series(1, 3000) g;
ALTER TABLE rwin ADD stop timestamptz;
UPDATE rwin SET stop = CASE WHEN id % 3 = 0 THEN NULL ELSE start + make_interval(mins => stop_mins) END;
CREATE INDEX ON rwin (id);
CREATE INDEX ON rwin (day);
ANALYZE rwin;

SELECT count(*) AS rows_checked,
	bool_and(sla_e IS NOT DISTINCT FROM
		(SELECT sla_rate(elapsed, target) FROM rwin x WHERE x.id BETWEEN w.id - 9 AND w.id)) AS sla_elapsed_ok,
	bool_and(sla_i IS NOT DISTINCT FROM
		(SELECT sla_rate(start, stop, target) FROM rwin x WHERE x.id BETWEEN w.id - 20 AND w.id + 5)) AS sla_instants_ok,
	bool_and(sla_i_range IS NOT DISTINCT FROM
		(SELECT sla_rate(start, stop, target) FROM rwin x WHERE x.day BETWEEN w.day - 3 AND w.day)) AS sla_range_ok,
	bool_and(fcr IS NOT DISTINCT FROM
		(SELECT fcr_rate(contacts) FROM rwin x WHERE x.id BETWEEN w.id - 9 AND w.id)) AS fcr_ok,
	bool_and(fcr_b IS NOT DISTINCT FROM
		(SELECT fcr_rate(contacts = 1) FROM rwin x WHERE x.day BETWEEN w.day - 2 AND w.day + 1)) AS fcr_bool_ok,
	bool_and(one IS NOT DISTINCT FROM
		(SELECT one_touch_rate(replies) FROM rwin x WHERE x.id BETWEEN w.id - 30 AND w.id)) AS one_touch_ok,
	bool_and(res IS NOT DISTINCT FROM
		(SELECT resolution_rate(resolved) FROM rwin x WHERE x.id BETWEEN w.id - 9 AND w.id)) AS resolution_ok,
	bool_and(auto IS NOT DISTINCT FROM
		(SELECT automation_rate(human) FROM rwin x WHERE x.day BETWEEN w.day - 2 AND w.day + 1)) AS automation_ok,
	(SELECT count(*) FROM rwin WHERE stop IS NULL AND now() <= start + target) > 0 AS has_open_left_out,
	(SELECT count(*) FROM rwin WHERE stop IS NULL AND now() > start + target) > 0 AS has_open_breached
FROM (SELECT id, day,
		sla_rate(elapsed, target) OVER (ORDER BY id ROWS 9 PRECEDING) AS sla_e,
		sla_rate(start, stop, target) OVER (ORDER BY id ROWS BETWEEN 20 PRECEDING AND 5 FOLLOWING) AS sla_i,
		sla_rate(start, stop, target) OVER (ORDER BY day RANGE BETWEEN 3 PRECEDING AND CURRENT ROW) AS sla_i_range,
		fcr_rate(contacts) OVER (ORDER BY id ROWS 9 PRECEDING) AS fcr,
		fcr_rate(contacts = 1) OVER (ORDER BY day GROUPS BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS fcr_b,
		one_touch_rate(replies) OVER (ORDER BY id ROWS 30 PRECEDING) AS one,
		resolution_rate(resolved) OVER (ORDER BY id ROWS 9 PRECEDING) AS res,
		automation_rate(human) OVER (ORDER BY day GROUPS BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS auto
	  FROM rwin) w;

-- a frame that empties (NULLs, open items within target) is NULL, then
-- values come back
SELECT id, sla_rate(e, t) OVER f AS sla_e, sla_rate(s, p, t) OVER f AS sla_i,
	   fcr_rate(c) OVER f AS fcr, one_touch_rate(c - 1) OVER f AS one_touch,
	   automation_rate(h) OVER f AS auto
FROM (VALUES (1, '00:10'::interval, interval '1 hour', now() - interval '3 hours', now() - interval '2 hours 55 minutes', 1, false),
			 (2, NULL, interval '1 hour', now() - interval '10 minutes', NULL, NULL, NULL),
			 (3, '00:10', NULL, NULL, NULL, NULL, NULL),
			 (4, '02:00', interval '1 hour', now() - interval '3 hours', NULL, 2, true),
			 (5, '00:30', interval '1 hour', now() - interval '3 hours', now() - interval '1 hour', 3, false)
	 ) v(id, e, t, s, p, c, h)
WINDOW f AS (ORDER BY id ROWS 1 PRECEDING)
ORDER BY id;

-- 200 000 generated rows in a regular table (parallel workers cannot read
-- temporary ones).  Open items start a whole number of hours plus 30 minutes
-- before the table is made and have whole-hour or whole-day targets, so no
-- deadline falls within 30 minutes of any later statement's now(): serial
-- and parallel runs classify every row alike.
CREATE TABLE rates_diff AS
SELECT id, id % 50 AS grp,
	   CASE WHEN pg_temp.uniform(id, 1) < 0.03 THEN NULL
			WHEN pg_temp.uniform(id, 2) < 0.1 THEN make_interval(days => floor(pg_temp.uniform(id, 3) * 3)::int, hours => floor(pg_temp.uniform(id, 4) * 3)::int)
			WHEN pg_temp.uniform(id, 5) < 0.02 THEN interval '1 mon'
			ELSE make_interval(mins => floor(pg_temp.uniform(id, 6) * 240)::int) END AS elapsed,
	   CASE WHEN pg_temp.uniform(id, 7) < 0.03 THEN NULL
			WHEN pg_temp.uniform(id, 8) < 0.1 THEN interval '1 day'
			WHEN pg_temp.uniform(id, 9) < 0.02 THEN interval '30 days'
			ELSE make_interval(hours => floor(pg_temp.uniform(id, 10) * 4)::int) END AS target,
	   CASE WHEN pg_temp.uniform(id, 11) < 0.03 THEN NULL
			ELSE now() - make_interval(hours => floor(pg_temp.uniform(id, 12) * 200)::int, mins => 30) END AS start,
	   pg_temp.uniform(id, 13) AS r_stop,
	   CASE WHEN pg_temp.uniform(id, 14) < 0.03 THEN NULL ELSE 1 + floor(pg_temp.uniform(id, 15) ^ 2 * 4)::int END AS contacts,
	   CASE WHEN pg_temp.uniform(id, 16) < 0.03 THEN NULL ELSE floor(pg_temp.uniform(id, 17) * 4)::int END AS replies,
	   CASE WHEN pg_temp.uniform(id, 18) < 0.03 THEN NULL ELSE pg_temp.uniform(id, 19) < 0.7 END AS resolved,
	   CASE WHEN pg_temp.uniform(id, 20) < 0.03 THEN NULL ELSE pg_temp.uniform(id, 21) < 0.6 END AS human
FROM generate_series(1, 200000) id;
ALTER TABLE rates_diff ADD stop timestamptz;
UPDATE rates_diff SET stop = CASE WHEN r_stop < 0.25 THEN NULL
	ELSE start + make_interval(mins => floor((r_stop - 0.25) * 4000)::int) END;
CREATE INDEX ON rates_diff (id);
VACUUM ANALYZE rates_diff;

-- the formulas, in float8 like the aggregates, so the results must be
-- identical
CREATE TEMP VIEW rates_formula AS
SELECT grp,
	100.0::float8 * count(*) FILTER (WHERE elapsed <= target)
		/ nullif(count(*) FILTER (WHERE elapsed IS NOT NULL AND target IS NOT NULL), 0) AS sla_e,
	100.0::float8 * count(*) FILTER (WHERE stop <= start + target)
		/ nullif(count(*) FILTER (WHERE start IS NOT NULL AND target IS NOT NULL
								  AND (stop IS NOT NULL OR now() > start + target)), 0) AS sla_i,
	100.0::float8 * count(*) FILTER (WHERE contacts = 1) / nullif(count(contacts), 0) AS fcr,
	100.0::float8 * count(*) FILTER (WHERE resolved) / nullif(count(resolved), 0) AS fcr_b,
	100.0::float8 * count(*) FILTER (WHERE replies = 1) / nullif(count(replies), 0) AS one,
	100.0::float8 * count(*) FILTER (WHERE resolved) / nullif(count(resolved), 0) AS res,
	100.0::float8 * count(*) FILTER (WHERE NOT human) / nullif(count(human), 0) AS auto
FROM rates_diff GROUP BY GROUPING SETS ((grp), ());
-- the query under test, per group and overall
CREATE TEMP VIEW rates_ours AS
SELECT grp, sla_rate(elapsed, target) AS sla_e, sla_rate(start, stop, target) AS sla_i,
	fcr_rate(contacts) AS fcr, fcr_rate(resolved) AS fcr_b, one_touch_rate(replies) AS one,
	resolution_rate(resolved) AS res, automation_rate(human) AS auto
FROM rates_diff GROUP BY grp
UNION ALL
SELECT NULL, sla_rate(elapsed, target), sla_rate(start, stop, target), fcr_rate(contacts),
	fcr_rate(resolved), one_touch_rate(replies), resolution_rate(resolved), automation_rate(human)
FROM rates_diff;


-- serial: the aggregates against the formulas, and the data exercise every
-- case (all counted here are > 0)
SET max_parallel_workers_per_gather = 0;
SELECT pg_temp.uses_partial_aggregate('SELECT * FROM rates_ours') AS serial_is_partial;
CREATE TEMP TABLE rates_serial AS SELECT * FROM rates_ours;
SELECT count(*) AS groups, bool_and(row(o.*)::text = row(f.*)::text) AS all_equal,
	bool_and(o.sla_e = f.sla_e) AS sla_elapsed_equal, bool_and(o.sla_i = f.sla_i) AS sla_instants_equal,
	bool_and(o.fcr = f.fcr AND o.fcr_b = f.fcr_b) AS fcr_equal, bool_and(o.one = f.one) AS one_touch_equal,
	bool_and(o.res = f.res) AS resolution_equal, bool_and(o.auto = f.auto) AS automation_equal
FROM rates_serial o JOIN rates_formula f ON o.grp IS NOT DISTINCT FROM f.grp;
SELECT count(*) FILTER (WHERE elapsed = target) > 0 AS elapsed_on_target,
	count(*) FILTER (WHERE elapsed > target) > 0 AS elapsed_over,
	count(*) FILTER (WHERE target::text LIKE '%day%' AND stop IS NOT NULL) > 0 AS calendar_targets,
	count(*) FILTER (WHERE stop IS NULL AND now() > start + target) > 0 AS open_breached,
	count(*) FILTER (WHERE stop IS NULL AND now() <= start + target) > 0 AS open_left_out,
	count(*) FILTER (WHERE stop = start + target) > 0 AS stop_on_deadline,
	count(*) FILTER (WHERE replies = 0) > 0 AS zero_replies
FROM rates_diff;

-- forced parallel: a Partial Aggregate, and the serial results exactly,
-- with and without the leader
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT pg_temp.uses_partial_aggregate('SELECT * FROM rates_ours') AS parallel_is_partial;
EXPLAIN (COSTS OFF)
SELECT sla_rate(elapsed, target), sla_rate(start, stop, target), fcr_rate(contacts),
	   one_touch_rate(replies), resolution_rate(resolved), automation_rate(human)
FROM rates_diff;
SELECT count(*) AS groups, bool_and(row(p.*)::text = row(s.*)::text) AS parallel_equals_serial
FROM rates_ours p JOIN rates_serial s ON p.grp IS NOT DISTINCT FROM s.grp;
SET parallel_leader_participation = off;
SELECT count(*) AS groups, bool_and(row(p.*)::text = row(s.*)::text) AS workers_only_equal_serial
FROM rates_ours p JOIN rates_serial s ON p.grp IS NOT DISTINCT FROM s.grp;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- moving windows over all 200 000 rows against count(*) FILTER windows
SELECT count(*) AS rows_checked,
	bool_and(sla_e IS NOT DISTINCT FROM 100.0::float8 * e_met / nullif(e_n, 0)) AS sla_elapsed_ok,
	bool_and(sla_i IS NOT DISTINCT FROM 100.0::float8 * i_met / nullif(i_n, 0)) AS sla_instants_ok,
	bool_and(fcr IS NOT DISTINCT FROM 100.0::float8 * c_one / nullif(c_n, 0)) AS fcr_ok,
	bool_and(one IS NOT DISTINCT FROM 100.0::float8 * r_one / nullif(r_n, 0)) AS one_touch_ok,
	bool_and(auto IS NOT DISTINCT FROM 100.0::float8 * h_no / nullif(h_n, 0)) AS automation_ok
FROM (
	SELECT sla_rate(elapsed, target) OVER w AS sla_e,
		count(*) FILTER (WHERE elapsed <= target) OVER w AS e_met,
		count(*) FILTER (WHERE elapsed IS NOT NULL AND target IS NOT NULL) OVER w AS e_n,
		sla_rate(start, stop, target) OVER w AS sla_i,
		count(*) FILTER (WHERE stop <= start + target) OVER w AS i_met,
		count(*) FILTER (WHERE start IS NOT NULL AND target IS NOT NULL
						 AND (stop IS NOT NULL OR now() > start + target)) OVER w AS i_n,
		fcr_rate(contacts) OVER w AS fcr, count(*) FILTER (WHERE contacts = 1) OVER w AS c_one,
		count(contacts) OVER w AS c_n,
		one_touch_rate(replies) OVER w AS one, count(*) FILTER (WHERE replies = 1) OVER w AS r_one,
		count(replies) OVER w AS r_n,
		automation_rate(human) OVER w AS auto, count(*) FILTER (WHERE NOT human) OVER w AS h_no,
		count(human) OVER w AS h_n
	FROM rates_diff
	WINDOW w AS (ORDER BY id ROWS BETWEEN 99 PRECEDING AND 10 FOLLOWING)
) x;

DROP TABLE rates_diff CASCADE;

-- ---------------------------------------------------------------------------
-- sla_rate(start, stop, target, as_of) on 100 000 rows made from hashes of
-- the row number, as of 2025-06-01 12:00 UTC: starts on a 15-minute grid
-- from 100 hours before as_of to 10 hours after it, whole-hour and 1-day
-- targets (so deadlines fall on as_of exactly), a quarter of the items
-- open, NULLs.  Against the count(*) FILTER formula with as_of in place of
-- now(), per group and overall, serial and forced-parallel, and in a
-- moving window.
-- ---------------------------------------------------------------------------
CREATE FUNCTION pg_temp.h(a bigint, b bigint, m int) RETURNS int LANGUAGE sql AS
	'SELECT (abs(hashint8extended(a * 64 + b, 11)) % m)::int';
CREATE TABLE sla_asof AS
SELECT id, grp, start, target,
	   CASE WHEN pg_temp.h(id, 6, 4) = 0 THEN NULL
			ELSE start + pg_temp.h(id, 7, 3000) * interval '1 minute' END AS stop
FROM (SELECT id, id % 50 AS grp,
			 CASE WHEN pg_temp.h(id, 1, 40) = 0 THEN NULL
				  ELSE timestamptz '2025-06-01 12:00+00' - (pg_temp.h(id, 2, 440) - 40) * interval '15 minutes' END AS start,
			 CASE WHEN pg_temp.h(id, 3, 40) = 0 THEN NULL
				  WHEN pg_temp.h(id, 4, 10) = 0 THEN interval '1 day'
				  ELSE pg_temp.h(id, 5, 6) * interval '1 hour' END AS target
	  FROM generate_series(1, 100000) id) g;
CREATE INDEX ON sla_asof (id);
VACUUM ANALYZE sla_asof;
SELECT count(*) FILTER (WHERE stop IS NULL AND start + target < '2025-06-01 12:00+00') > 0 AS open_breached,
	   count(*) FILTER (WHERE stop IS NULL AND start + target = '2025-06-01 12:00+00') > 0 AS open_due_at_as_of,
	   count(*) FILTER (WHERE stop IS NULL AND start + target > '2025-06-01 12:00+00') > 0 AS open_left_out,
	   count(*) FILTER (WHERE stop IS NULL AND start > '2025-06-01 12:00+00') > 0 AS open_starting_later,
	   count(*) FILTER (WHERE stop > '2025-06-01 12:00+00') > 0 AS stopped_after_as_of,
	   count(*) FILTER (WHERE stop = start + target) > 0 AS stop_on_deadline,
	   count(*) FILTER (WHERE start IS NULL OR target IS NULL) > 0 AS skipped
FROM sla_asof;

CREATE TEMP VIEW sla_asof_formula AS
SELECT grp,
	100.0::float8 * count(*) FILTER (WHERE stop <= start + target)
		/ nullif(count(*) FILTER (WHERE start IS NOT NULL AND target IS NOT NULL
								  AND (stop IS NOT NULL OR timestamptz '2025-06-01 12:00+00' > start + target)), 0) AS sla
FROM sla_asof GROUP BY GROUPING SETS ((grp), ());
CREATE TEMP VIEW sla_asof_ours AS
SELECT grp, sla_rate(start, stop, target, timestamptz '2025-06-01 12:00+00') AS sla
FROM sla_asof GROUP BY grp
UNION ALL
SELECT NULL, sla_rate(start, stop, target, timestamptz '2025-06-01 12:00+00') FROM sla_asof;

SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE sla_asof_serial AS SELECT * FROM sla_asof_ours;
SELECT count(*) AS groups, bool_and(o.sla = f.sla) AS as_of_equals_formula
FROM sla_asof_serial o JOIN sla_asof_formula f ON o.grp IS NOT DISTINCT FROM f.grp;
-- as_of => now(): the form without it, per group
SELECT count(*) AS groups, bool_and(a IS NOT DISTINCT FROM b) AS same_as_now
FROM (SELECT grp, sla_rate(start, stop, target) AS a, sla_rate(start, stop, target, now()) AS b
	  FROM sla_asof GROUP BY grp) s;

SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT pg_temp.uses_partial_aggregate('SELECT * FROM sla_asof_ours') AS as_of_partial;
EXPLAIN (COSTS OFF)
SELECT sla_rate(start, stop, target, timestamptz '2025-06-01 12:00+00') FROM sla_asof;
SELECT count(*) AS groups, bool_and(row(p.*)::text = row(s.*)::text) AS parallel_equals_serial
FROM sla_asof_ours p JOIN sla_asof_serial s ON p.grp IS NOT DISTINCT FROM s.grp;
SET parallel_leader_participation = off;
SELECT count(*) AS groups, bool_and(row(p.*)::text = row(s.*)::text) AS workers_only_equal_serial
FROM sla_asof_ours p JOIN sla_asof_serial s ON p.grp IS NOT DISTINCT FROM s.grp;
RESET parallel_leader_participation;
-- two as_of values in one group: an error in a parallel plan too, whether
-- a worker's rows or the leader's combine step meet the second
SELECT pg_temp.error_of($$SELECT sla_rate(start, stop, target,
	CASE WHEN ctid < '(100,0)' THEN timestamptz '2025-06-01' ELSE '2025-06-02' END) FROM sla_asof$$) AS two_as_of;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- moving windows over all 100 000 rows against count(*) FILTER windows
SELECT count(*) AS rows_checked,
	bool_and(sla IS NOT DISTINCT FROM 100.0::float8 * met / nullif(n, 0)) AS as_of_window_ok
FROM (
	SELECT sla_rate(start, stop, target, timestamptz '2025-06-01 12:00+00') OVER w AS sla,
		count(*) FILTER (WHERE stop <= start + target) OVER w AS met,
		count(*) FILTER (WHERE start IS NOT NULL AND target IS NOT NULL
						 AND (stop IS NOT NULL OR timestamptz '2025-06-01 12:00+00' > start + target)) OVER w AS n
	FROM sla_asof
	WINDOW w AS (ORDER BY id ROWS BETWEEN 99 PRECEDING AND 10 FOLLOWING)
) x;
-- the support functions of the as_of forms read no clock; the form
-- without a calendar stays stable, as timestamptz + interval is (a target
-- with days follows the session's TimeZone)
SELECT p.oid::regprocedure AS function, p.provolatile AS volatility
FROM pg_proc p WHERE p.proname IN ('sla_instants_trans', 'sla_instants_inv', 'sla_instants_as_of_trans', 'sla_instants_as_of_inv')
ORDER BY p.oid::regprocedure::text COLLATE "C";

DROP TABLE sla_asof CASCADE;
