-- share.sql: pct(boolean) and csat(boolean) with its Wilson bounds.

-- 2 true of 3 non-NULL: 66.67 %
SELECT round(pct(b)::numeric, 9) AS pct, round(csat(b)::numeric, 9) AS csat
FROM (VALUES (true), (false), (true), (NULL)) v(b);
-- Wilson 95% of 2/3: 20.76596008 .. 93.85080553
SELECT round(csat_lower(b)::numeric, 8) AS lower, round(csat_upper(b)::numeric, 8) AS upper
FROM (VALUES (true), (false), (true), (NULL)) v(b);
-- all false and all true
SELECT pct(b), csat_lower(b), round(csat_upper(b)::numeric, 4) AS upper
FROM (VALUES (false), (false)) v(b);
SELECT pct(b), round(csat_lower(b)::numeric, 4) AS lower, csat_upper(b)
FROM (VALUES (true), (true)) v(b);
-- pct of a condition over a table
SELECT pct(x > 3) FROM generate_series(1, 8) x;
-- empty and NULL-only input: NULL
SELECT pct(b), csat(b), csat_lower(b), csat_upper(b) FROM (SELECT NULL::boolean WHERE false) v(b);
SELECT pct(b), csat(b) FROM (VALUES (NULL::boolean)) v(b);

-- the support functions reject malformed states when called directly,
-- and never change their input
SELECT share_trans('{1}', true);
SELECT share_trans('{1,NULL}', true);
SELECT share_trans('{{1,2},{3,4}}', true);
SELECT share_trans('{3,2}', true);
SELECT share_trans('{-1,2}', true);
SELECT share_inv('{0,0}', true);
SELECT share_inv('{1,1}', false);
SELECT share_combine('{1,2}', '{5,4}');
SELECT share_combine('{1,2}', '{9223372036854775807,9223372036854775807}');
SELECT share_trans('{1,2}', true), share_inv('{1,2}', true), share_combine('{1,2}', '{3,4}');
