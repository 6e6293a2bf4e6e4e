-- Equality, hashing and the byte order of the extension's types (survey,
-- duration_sketch, timeline, calendar, frt_state, reply_state;
-- src/state_equality.c).  The same content built in different input
-- orders, in serial and in parallel plans, as an aggregate's working form,
-- through text and binary I/O, with a 1-byte or a 4-byte header, and
-- compressed or stored out of line must compare equal and hash equal;
-- different content must not.  Every result is also computed another way:
-- the text form is canonical, so x = y must agree with x::text = y::text.
-- DISTINCT, GROUP BY, UNION, INTERSECT, EXCEPT, joins, count(DISTINCT),
-- IS DISTINCT FROM, indexes and hash partitioning run on them, by hashing
-- and by sorting (each plan checked by a function reading EXPLAIN (FORMAT
-- JSON), so the output holds no plan text).
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
-- (the plans forced below cost enough to be JIT-compiled, which takes
-- longer than running them)
SET jit = off;

-- Does the plan of q have a node matching pattern (LIKE), written as
-- "Node Type/Strategy/Partial Mode", e.g. 'Aggregate/Hashed/Partial',
-- 'Hash Join%'?
CREATE FUNCTION pg_temp.plan_has(q text, pattern text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
	plan jsonb;
BEGIN
	EXECUTE 'EXPLAIN (COSTS OFF, FORMAT JSON) ' || q INTO plan;
	RETURN EXISTS (
		SELECT FROM jsonb_path_query(plan, 'strict $.**') n
		WHERE jsonb_typeof(n) = 'object' AND n ? 'Node Type'
		  AND concat_ws('/', n->>'Node Type', n->>'Strategy', n->>'Partial Mode') LIKE pattern);
END $$;

-- Generated data: hashint4 of the row number.  24 groups of 500 rows:
-- survey scores, durations (some zero), items opened and closed over a
-- quarter, and a conversation of 125 messages per group (a row without a
-- time is no message); each group's calendar is written three ways
-- (eq_cals).
CREATE TABLE eq_rows AS
SELECT i, i % 24 AS grp, hashint4(i) AS h,
	   abs(hashint4(i + 1)) % 11 AS score,
	   CASE WHEN i % 29 = 0 THEN interval '0'
			ELSE make_interval(secs => (abs(hashint4(i + 2)) % 2000000) / 10.0) END AS d,
	   o AS opened,
	   CASE WHEN i % 9 = 0 THEN NULL
			ELSE o + (abs(hashint4(i + 3)) % (20 * 86400)) * interval '1 second' END AS closed,
	   CASE WHEN abs(hashint4(i + 7)) % 4 = 0 THEN timestamptz '2025-03-03 00:00+00'
								+ (abs(hashint4(i + 4)) % (5 * 86400)) * interval '1 second' END AS sent_at,
	   abs(hashint4(i + 5)) % 100 < 45 AS from_agent
FROM generate_series(1, 12000) i,
	 LATERAL (SELECT timestamptz '2025-01-01 00:00+00'
					 + (abs(hashint4(i + 6)) % (90 * 86400)) * interval '1 second') v(o);
ANALYZE eq_rows;

-- Calendars: days mon-fri or mon-sat, from 6 to 10 o'clock for 8 to 10
-- hours with a lunch break, one of four zones, three closed dates (one of
-- them for some hours only).  fwd is the canonical text; rev lists the
-- days one by one, last first, ranges and dates in reverse, hours without
-- a leading zero, the zone in other letter case; par splits the ranges
-- into adjacent pieces, which the normal form merges.
CREATE TABLE eq_cals AS
SELECT grp, fwd, rev, par
FROM (SELECT g AS grp,
			 CASE WHEN g % 2 = 0 THEN 4 ELSE 5 END AS last_day,
			 6 + g % 5 AS open_h, 6 + g % 5 + 8 + g % 3 AS close_h,
			 (ARRAY['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC'])[1 + g % 4] AS zone,
			 ARRAY(SELECT date '2025-01-01' + 100 * k + abs(hashint4(g * 10 + k)) % 100
				   FROM generate_series(0, 2) k) AS closed
	  FROM generate_series(0, 23) g) c,
	 LATERAL (SELECT format('%s-%s %s-12:00, 13:00-%s', 'mon', (ARRAY['fri', 'sat'])[last_day - 3],
						   lpad(open_h::text, 2, '0') || ':00', close_h || ':00') AS hours) h,
	 LATERAL (SELECT
		format('%s; tz %s; closed %s, %s, %s 09:00-12:00', hours, zone, closed[1], closed[2], closed[3]) AS fwd,
		(SELECT string_agg(format('%s 13:00-%s:00, %s:00-12:00',
								  (ARRAY['mon', 'tue', 'wed', 'thu', 'fri', 'sat'])[d + 1], close_h, open_h), '; '
						   ORDER BY d DESC)
		 FROM generate_series(0, last_day) d)
			|| format('; TZ %s; CLOSED %s 9:00-12:00, %s, %s', upper(zone), closed[3], closed[2], closed[1]) AS rev,
		format('%s-%s %s:00-11:00, 11:00-12:00, 13:00-%s:00; tz %s; closed %s, %s, %s 09:00-10:30, 10:30-12:00',
			   'mon', (ARRAY['fri', 'sat'])[last_day - 3], open_h, close_h, lower(zone), closed[1], closed[2], closed[3]) AS par) t;
ANALYZE eq_cals;

-- Aggregates of the state functions without a final step: they return the
-- working forms of duration_sketch and timeline, and conversation states as
-- the transition left them (spare room, unsorted), as a user's own
-- aggregate may.
CREATE AGGREGATE eq_ds_work(interval) (
	SFUNC = duration_sketch_add, STYPE = duration_sketch, COMBINEFUNC = duration_sketch_merge, PARALLEL = SAFE);
CREATE AGGREGATE eq_tl_work(timestamptz, timestamptz, timestamptz, timestamptz, interval) (
	SFUNC = timeline_state_add, STYPE = timeline, COMBINEFUNC = timeline_state_merge, PARALLEL = SAFE);
CREATE AGGREGATE eq_frt(timestamptz, boolean, calendar) (
	SFUNC = frt_state_add, STYPE = frt_state, COMBINEFUNC = frt_state_merge, PARALLEL = SAFE);
CREATE AGGREGATE eq_reply(timestamptz, boolean) (
	SFUNC = reply_state_add, STYPE = reply_state, COMBINEFUNC = reply_state_merge, PARALLEL = SAFE);

-- The states of each group, three times: rows in row order (fwd), in hash
-- order (rev), and in a forced-parallel plan whose workers aggregate and
-- whose leader merges (par).  sv survey, ds duration_sketch, dsw its
-- working form, tl timeline, tlw its working form, cal calendar, frt
-- frt_state (with the group's calendar), rs reply_state.
CREATE TABLE eq_states AS
SELECT 'fwd' AS build, r.grp,
	   survey_agg(score ORDER BY i) AS sv,
	   duration_agg(d ORDER BY i) AS ds,
	   eq_ds_work(d ORDER BY i) AS dsw,
	   timeline_agg(opened, closed, '2025-01-01', '2025-04-01', '1 week' ORDER BY i) AS tl,
	   eq_tl_work(opened, closed, '2025-01-01', '2025-04-01', '1 week' ORDER BY i) AS tlw,
	   min(c.fwd)::calendar AS cal,
	   eq_frt(sent_at, from_agent, c.fwd::calendar ORDER BY i) AS frt,
	   eq_reply(sent_at, from_agent ORDER BY i) AS rs
FROM eq_rows r JOIN eq_cals c USING (grp) GROUP BY r.grp;
INSERT INTO eq_states
SELECT 'rev', r.grp,
	   survey_agg(score ORDER BY h),
	   duration_agg(d ORDER BY h),
	   eq_ds_work(d ORDER BY h),
	   timeline_agg(opened, closed, '2025-01-01', '2025-04-01', '1 week' ORDER BY h),
	   eq_tl_work(opened, closed, '2025-01-01', '2025-04-01', '1 week' ORDER BY h),
	   min(c.rev)::calendar,
	   eq_frt(sent_at, from_agent, c.rev::calendar ORDER BY h),
	   eq_reply(sent_at, from_agent ORDER BY h)
FROM eq_rows r JOIN eq_cals c USING (grp) GROUP BY r.grp;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
-- (a parallel plan can feed CREATE TABLE AS, not INSERT)
CREATE VIEW eq_par AS
SELECT 'par' AS build, r.grp,
	   survey_agg(score) AS sv,
	   duration_agg(d) AS ds,
	   eq_ds_work(d) AS dsw,
	   timeline_agg(opened, closed, '2025-01-01', '2025-04-01', '1 week') AS tl,
	   eq_tl_work(opened, closed, '2025-01-01', '2025-04-01', '1 week') AS tlw,
	   min(c.par)::calendar AS cal,
	   eq_frt(sent_at, from_agent, c.par::calendar) AS frt,
	   eq_reply(sent_at, from_agent) AS rs
FROM eq_rows r JOIN eq_cals c USING (grp) GROUP BY r.grp;
SELECT pg_temp.plan_has('SELECT * FROM eq_par', 'Aggregate/%/Partial') AS par_aggregates_in_workers;
CREATE TABLE eq_states_par AS SELECT * FROM eq_par;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
INSERT INTO eq_states SELECT * FROM eq_states_par;
ANALYZE eq_states;

-- Run a query template for each column of tbl of one of the types: %1$s
-- is the column, %2$s its type, %3$s ... the extra arguments.
CREATE FUNCTION pg_temp.each(tbl regclass, template text, VARIADIC extra text[] DEFAULT '{}')
RETURNS TABLE (col text, result text) LANGUAGE plpgsql AS $$
DECLARE
	typ text;
BEGIN
	FOR col, typ IN
		SELECT attname, format_type(atttypid, NULL) FROM pg_attribute
		WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped
		  AND atttypid IN ('survey'::regtype, 'duration_sketch'::regtype, 'timeline'::regtype,
						   'calendar'::regtype, 'frt_state'::regtype, 'reply_state'::regtype)
		ORDER BY attnum
	LOOP
		EXECUTE format(template, VARIADIC ARRAY[col, typ] || extra) INTO result;
		RETURN NEXT;
	END LOOP;
END $$;

-- The data are what the checks need: 24 groups whose states all differ,
-- the working forms really working forms (not their canonical bytes), and
-- the conversation states laid out differently in different builds.
SELECT * FROM pg_temp.each('eq_states', $$
	SELECT format('%%s states, %%s distinct texts per build', count(*), count(DISTINCT (build, %1$s::text)) / 3)
	FROM eq_states$$);
SELECT count(*) FILTER (WHERE pg_column_size(dsw) <> pg_column_size(ds)) AS sketch_working_forms,
	   count(*) FILTER (WHERE pg_column_size(tlw) <> pg_column_size(tl)) AS timeline_working_forms,
	   count(DISTINCT (grp, pg_column_size(rs))) > 24 AS reply_layouts_differ,
	   count(DISTINCT (grp, pg_column_size(frt))) > 24 AS frt_layouts_differ
FROM eq_states;

-- 1. The three builds of a group are equal, hash equal (32 and 64 bits,
-- two seeds) and have the same text.
SELECT * FROM pg_temp.each('eq_states', $$
	SELECT format('%%s groups: %%s equal, %%s same hash, %%s same text',
				  count(*),
				  count(*) FILTER (WHERE f.%1$s = r.%1$s AND r.%1$s = p.%1$s AND p.%1$s = f.%1$s
								   AND NOT (f.%1$s <> r.%1$s) AND NOT (r.%1$s <> p.%1$s)),
				  count(*) FILTER (WHERE %2$s_hash(f.%1$s) = %2$s_hash(r.%1$s) AND %2$s_hash(r.%1$s) = %2$s_hash(p.%1$s)
								   AND %2$s_hash_extended(f.%1$s, 0) = %2$s_hash_extended(p.%1$s, 0)
								   AND %2$s_hash_extended(f.%1$s, 42) = %2$s_hash_extended(r.%1$s, 42)
								   AND %2$s_hash_extended(f.%1$s, 0) <> %2$s_hash_extended(f.%1$s, 42)),
				  count(*) FILTER (WHERE f.%1$s::text = r.%1$s::text AND r.%1$s::text = p.%1$s::text))
	FROM eq_states f JOIN eq_states r USING (grp) JOIN eq_states p USING (grp)
	WHERE f.build = 'fwd' AND r.build = 'rev' AND p.build = 'par'$$);
-- the working forms equal the canonical values, and hash alike
SELECT count(*) AS states,
	   count(*) FILTER (WHERE ds = dsw AND duration_sketch_hash(ds) = duration_sketch_hash(dsw)
						AND duration_sketch_hash_extended(ds, 7) = duration_sketch_hash_extended(dsw, 7)) AS sketch_equal,
	   count(*) FILTER (WHERE tl = tlw AND timeline_hash(tl) = timeline_hash(tlw)
						AND timeline_hash_extended(tl, 7) = timeline_hash_extended(tlw, 7)) AS timeline_equal
FROM eq_states;

-- 2. Different states: of the 276 pairs of groups, as many equal as have
-- the same text (none), <> the negation of =, and IS DISTINCT FROM
-- agreeing with both; a NULL is distinct from every state, not from NULL.
SELECT * FROM pg_temp.each('eq_states', $$
	SELECT format('%%s pairs: %%s equal, %%s same text, %%s with <> = NOT =, %%s distinct; NULL: %%s',
				  count(*), count(*) FILTER (WHERE a.%1$s = b.%1$s),
				  count(*) FILTER (WHERE a.%1$s::text = b.%1$s::text),
				  count(*) FILTER (WHERE (a.%1$s <> b.%1$s) = NOT (a.%1$s = b.%1$s)),
				  count(*) FILTER (WHERE a.%1$s IS DISTINCT FROM b.%1$s AND b.%1$s IS DISTINCT FROM a.%1$s
								   AND a.%1$s IS NOT DISTINCT FROM a.%1$s),
				  bool_and((a.%1$s = NULL) IS NULL AND a.%1$s IS DISTINCT FROM NULL
						   AND NULL::%2$s IS NOT DISTINCT FROM NULL::%2$s))
	FROM eq_states a JOIN eq_states b ON a.grp < b.grp AND a.build = b.build
	WHERE a.build = 'rev'$$);

-- 3. count(DISTINCT x) (sorts with the btree class) equals
-- count(DISTINCT x::text), over the 72 states and over 24 single
-- responses of each build and a NULL.
SELECT * FROM pg_temp.each('eq_states', $$
	SELECT format('%%s = %%s', count(DISTINCT %1$s), count(DISTINCT %1$s::text)) FROM eq_states$$);

-- 4. DISTINCT, GROUP BY, UNION, INTERSECT and EXCEPT by hashing, then by
-- sorting, NULLs included (one group); each plan checked.
CREATE FUNCTION pg_temp.set_operations() RETURNS text LANGUAGE sql AS $f$
	SELECT $$
	SELECT format('distinct %%s, groups %%s of %%s, union %%s, intersect %%s, except %%s; plans %%s',
		(SELECT count(*) FROM (SELECT DISTINCT %1$s FROM (SELECT %1$s FROM eq_states UNION ALL SELECT NULL) s) d),
		(SELECT count(*) FROM (SELECT %1$s, count(*) FROM (SELECT %1$s FROM eq_states UNION ALL SELECT NULL) s GROUP BY 1) g),
		(SELECT string_agg(DISTINCT n::text, ',') FROM (SELECT count(*) AS n FROM eq_states GROUP BY %1$s) g),
		(SELECT count(*) FROM (SELECT %1$s FROM eq_states WHERE build = 'fwd' UNION SELECT %1$s FROM eq_states WHERE build = 'par') u),
		(SELECT count(*) FROM (SELECT %1$s FROM eq_states WHERE build = 'rev' INTERSECT SELECT %1$s FROM eq_states WHERE build = 'par') i),
		(SELECT count(*) FROM (SELECT %1$s FROM eq_states WHERE build = 'rev' EXCEPT SELECT %1$s FROM eq_states WHERE build = 'fwd') e),
		pg_temp.plan_has('SELECT DISTINCT %1$s FROM eq_states', %3$L)
		AND pg_temp.plan_has('SELECT %1$s, count(*) FROM eq_states GROUP BY 1', %3$L)
		AND pg_temp.plan_has('SELECT %1$s FROM eq_states WHERE build = ''fwd'' UNION SELECT %1$s FROM eq_states', %3$L)
		AND pg_temp.plan_has('SELECT %1$s FROM eq_states WHERE build = ''rev'' INTERSECT SELECT %1$s FROM eq_states', %4$L)
		AND pg_temp.plan_has('SELECT %1$s FROM eq_states WHERE build = ''rev'' EXCEPT SELECT %1$s FROM eq_states', %4$L))$$
$f$;
SET enable_sort = off;
SELECT * FROM pg_temp.each('eq_states', pg_temp.set_operations(), '%/Hashed%', 'SetOp/Hashed%');
RESET enable_sort;
SET enable_hashagg = off;
SELECT * FROM pg_temp.each('eq_states', pg_temp.set_operations(), '%Sort%', '%Sort%');
RESET enable_hashagg;

-- 5. Joins on =: each state of one build meets its group's state of
-- another, and only that, in a hash join and in a merge join.
CREATE FUNCTION pg_temp.joins() RETURNS text LANGUAGE sql AS $f$
	SELECT $$
	SELECT format('%%s pairs, %%s of the same group; plan %%s',
		count(*), count(*) FILTER (WHERE a.grp = b.grp),
		pg_temp.plan_has('SELECT FROM eq_states a JOIN eq_states b ON a.%1$s = b.%1$s WHERE a.build = ''fwd'' AND b.build = ''rev''', %3$L))
	FROM eq_states a JOIN eq_states b ON a.%1$s = b.%1$s WHERE a.build = 'fwd' AND b.build = 'rev'$$
$f$;
SET enable_nestloop = off;
SET enable_mergejoin = off;
SELECT * FROM pg_temp.each('eq_states', pg_temp.joins(), 'Hash Join%');
RESET enable_mergejoin;
SET enable_hashjoin = off;
SELECT * FROM pg_temp.each('eq_states', pg_temp.joins(), 'Merge Join%');
RESET enable_hashjoin;
RESET enable_nestloop;

-- 6. Forced-parallel GROUP BY and DISTINCT: workers hash and compare the
-- states they read (with 1-byte headers, compressed or not), the leader
-- merges their groups.  Over 40 copies of the states, with a tuple cost,
-- so that aggregating in the workers pays; ANALYZE leaves out values over
-- 1 kB (most reply states, the working forms' wide windows), so the
-- planner is told how many distinct values there are.
CREATE TABLE eq_many AS SELECT s.* FROM eq_states s, generate_series(1, 40);
ALTER TABLE eq_many ALTER sv SET (n_distinct = 24), ALTER ds SET (n_distinct = 24),
	ALTER dsw SET (n_distinct = 24), ALTER tl SET (n_distinct = 24), ALTER tlw SET (n_distinct = 24),
	ALTER cal SET (n_distinct = 24), ALTER frt SET (n_distinct = 24), ALTER rs SET (n_distinct = 24);
ANALYZE eq_many;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0.1;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT * FROM pg_temp.each('eq_states', $$
	SELECT format('%%s groups of %%s, %%s distinct; partial aggregation in workers: %%s',
		(SELECT count(*) FROM (SELECT %1$s, count(*) FROM eq_many GROUP BY 1) g),
		(SELECT string_agg(DISTINCT n::text, ',') FROM (SELECT count(*) AS n FROM eq_many GROUP BY %1$s) g),
		(SELECT count(*) FROM (SELECT DISTINCT %1$s FROM eq_many) d),
		pg_temp.plan_has('SELECT %1$s, count(*) FROM eq_many GROUP BY 1', 'Aggregate/%%/Partial'))$$);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE eq_many;

-- 7. Round trips: through text, and through COPY's binary format (the
-- types' send and receive functions), the states stay equal.
CREATE TABLE eq_copy (LIKE eq_states);
DO $$
DECLARE
	file text := format('/tmp/csmetrics_equality_%s.bin', pg_backend_pid());
BEGIN
	EXECUTE format('COPY eq_states TO %L WITH (FORMAT binary)', file);
	EXECUTE format('COPY eq_copy FROM PROGRAM %L WITH (FORMAT binary)', format('cat %s && rm %s', file, file));
END $$;
SELECT * FROM pg_temp.each('eq_states', $$
	SELECT format('%%s states: %%s equal through text, %%s through binary, %%s same hash',
		count(*), count(*) FILTER (WHERE s.%1$s::text::%2$s = s.%1$s AND s.%1$s = s.%1$s::text::%2$s),
		count(*) FILTER (WHERE c.%1$s = s.%1$s),
		count(*) FILTER (WHERE %2$s_hash(c.%1$s) = %2$s_hash(s.%1$s) AND %2$s_hash(s.%1$s::text::%2$s) = %2$s_hash(s.%1$s)))
	FROM eq_states s JOIN eq_copy c USING (build, grp)$$);

-- 8. Short varlenas: small values stored in a table have a 1-byte header,
-- the same values made in memory a 4-byte one (pg_column_size shows the 3
-- bytes).  Equal and hash equal across the two, and to the canonical value
-- read from text.  dsw, a working form of zero durations only, has the
-- size of the canonical form and differs from it in a flag only; tlw
-- carries the working tail.  The states of a group g, as a subquery (made
-- in a LATERAL subquery, the values stay as the functions return them):
CREATE FUNCTION pg_temp.small_states(g text) RETURNS text LANGUAGE sql AS $f$
	SELECT replace($$
		SELECT duration_agg(make_interval(secs => @g + 1 + 0 * k)) AS ds,
			   eq_ds_work(k * interval '0') AS dsw,
			   timeline_agg(timestamptz '2025-01-01' + (@g + 0 * k) * interval '1 hour', NULL,
							'2025-01-01', '2025-01-02', '1 day') AS tl,
			   eq_tl_work(timestamptz '2025-01-01' + (@g + 0 * k) * interval '1 hour', NULL,
						  '2025-01-01', '2025-01-02', '1 day') AS tlw,
			   min(format('mon 00:00-%s:00; tz UTC', @g + 1 + 0 * k))::calendar AS cal,
			   min(format('n=2 c@2025-03-01T%1$s:00:00Z a@2025-03-01T%1$s:30:00Z',
						  lpad((@g + 0 * k)::text, 2, '0')))::frt_state AS frt,
			   min(format('n=2 c@2025-03-01T%1$s:00:00Z a@2025-03-01T%1$s:30:00Z',
						  lpad((@g + 0 * k)::text, 2, '0')))::reply_state AS rs
		FROM generate_series(0, @g) k$$, '@g', g)
$f$;
DO $$
BEGIN
	EXECUTE 'CREATE TABLE eq_small AS SELECT g AS grp, m.* FROM generate_series(0, 23) g, LATERAL ('
		|| pg_temp.small_states('g') || ') m';
END $$;
-- (the checks are made below OFFSET 0, before any aggregate: an aggregate
-- copies its first input row into a tuple, which shortens the header)
SELECT * FROM pg_temp.each('eq_small', $$
	SELECT format('%%s values: %%s with a 1-byte header, %%s equal, %%s same hash, %%s joined',
		count(*), count(*) FILTER (WHERE short), count(*) FILTER (WHERE equal), count(*) FILTER (WHERE same_hash),
		(SELECT count(*) FROM eq_small x JOIN (SELECT %1$s::text::%2$s AS v FROM eq_small) y ON x.%1$s = y.v))
	FROM (SELECT pg_column_size(s.%1$s) + 3 = pg_column_size(m.%1$s) AS short,
				 s.%1$s = m.%1$s AND m.%1$s = s.%1$s
				 AND s.%1$s = s.%1$s::text::%2$s AND s.%1$s::text::%2$s = s.%1$s AS equal,
				 %2$s_hash(s.%1$s) = %2$s_hash(m.%1$s)
				 AND %2$s_hash(s.%1$s) = %2$s_hash(s.%1$s::text::%2$s)
				 AND %2$s_hash_extended(s.%1$s, 1) = %2$s_hash_extended(m.%1$s, 1) AS same_hash
		  FROM eq_small s, LATERAL (%3$s) m OFFSET 0) r$$, pg_temp.small_states('s.grp'));

-- 9. Large states stored compressed, and out of line without compression
-- (STORAGE EXTERNAL), equal and hash equal to their copies in memory, and
-- joined to each other by hashing.  One state of each type, built from
-- 20 000 messages or durations, 2 000 periods, 2 000 closed dates.
CREATE TABLE eq_big AS
SELECT duration_agg(make_interval(secs => 1.0203 ^ (i / 10.0) / 1e6)) AS ds,
	   timeline_agg(timestamptz '2025-01-01' + i * interval '1 hour', NULL, '2025-01-01', '2025-03-25 08:00', '1 hour') AS tl,
	   (SELECT 'mon-fri 09:00-17:00; tz Europe/Berlin; closed '
			   || string_agg((date '2000-01-01' + 3 * k)::text, ', ' ORDER BY k DESC)
		FROM generate_series(1, 2000) k)::calendar AS cal,
	   eq_frt(timestamptz '2025-01-01' + i * interval '1 minute', true,
			  'mon-fri 09:00-17:00; tz Europe/Berlin') AS frt,
	   eq_reply(timestamptz '2025-01-01' + (abs(hashint4(i)) % 1000000) * interval '1 second',
				abs(hashint4(i + 1)) % 2 = 0) AS rs
FROM generate_series(1, 20000) i;
-- values made anew by the input functions, or STORAGE EXTERNAL would keep
-- the compressed datums
CREATE TABLE eq_big_external (LIKE eq_big);
ALTER TABLE eq_big_external ALTER ds SET STORAGE EXTERNAL, ALTER tl SET STORAGE EXTERNAL,
	ALTER cal SET STORAGE EXTERNAL, ALTER frt SET STORAGE EXTERNAL, ALTER rs SET STORAGE EXTERNAL;
INSERT INTO eq_big_external
SELECT ds::text::duration_sketch, tl::text::timeline, cal::text::calendar, frt::text::frt_state, rs::text::reply_state
FROM eq_big;
-- how they are stored: compressed (smaller than in memory) in eq_big; in
-- eq_big_external out of line (in the TOAST table) and not compressed (the
-- size in memory less the 4-byte header)
SELECT (SELECT pg_column_size(ds) < pg_column_size(ds::text::duration_sketch)
			   AND pg_column_size(tl) < pg_column_size(tl::text::timeline)
			   AND pg_column_size(cal) < pg_column_size(cal::text::calendar)
			   AND pg_column_size(frt) < pg_column_size(frt::text::frt_state)
			   AND pg_column_size(rs) < pg_column_size(rs::text::reply_state) FROM eq_big) AS compressed,
	   (SELECT pg_column_size(ds) + 4 = pg_column_size(ds::text::duration_sketch)
			   AND pg_column_size(tl) + 4 = pg_column_size(tl::text::timeline)
			   AND pg_column_size(cal) + 4 = pg_column_size(cal::text::calendar)
			   AND pg_column_size(frt) + 4 = pg_column_size(frt::text::frt_state)
			   AND pg_column_size(rs) + 4 = pg_column_size(rs::text::reply_state) FROM eq_big_external) AS external_uncompressed,
	   (SELECT pg_relation_size(reltoastrelid) > 0 FROM pg_class WHERE relname = 'eq_big_external') AS external_in_toast_table;
ANALYZE eq_big, eq_big_external;
SET enable_mergejoin = off;
SET enable_nestloop = off;
SELECT * FROM pg_temp.each('eq_big', $$
	SELECT format('%%s bytes: equal %%s, same hash %%s, hash join %%s, unequal to a smaller state %%s',
		octet_length(%2$s_send(b.%1$s)) / 1000 * 1000,
		b.%1$s = b.%1$s::text::%2$s AND e.%1$s = b.%1$s::text::%2$s AND b.%1$s = e.%1$s,
		%2$s_hash(b.%1$s) = %2$s_hash(b.%1$s::text::%2$s) AND %2$s_hash(e.%1$s) = %2$s_hash(b.%1$s)
			AND %2$s_hash_extended(e.%1$s, 3) = %2$s_hash_extended(b.%1$s::text::%2$s, 3),
		(SELECT count(*) FROM eq_big x JOIN eq_big_external y ON x.%1$s = y.%1$s) = 1
			AND pg_temp.plan_has('SELECT FROM eq_big x JOIN eq_big_external y ON x.%1$s = y.%1$s', 'Hash Join%%'),
		NOT (b.%1$s = (SELECT %1$s FROM eq_small WHERE grp = 1)) AND b.%1$s <> (SELECT %1$s FROM eq_small WHERE grp = 1))
	FROM eq_big b, eq_big_external e$$);
RESET enable_mergejoin;
RESET enable_nestloop;

-- 10. The byte order is a total order consistent with =: of every ordered
-- pair of the 72 states, exactly one of ~<~, =, ~>~
-- holds, ~<=~ and ~>=~ agree, the _cmp function agrees, swapping the pair
-- reverses it, and ORDER BY yields non-decreasing values.  For the
-- conversation states the canonical bytes are the binary form, so the
-- order is bytea's order of it.
SELECT * FROM pg_temp.each('eq_states', $$
	WITH v AS (SELECT %1$s AS x FROM eq_states)
	SELECT format('%%s pairs: %%s trichotomous and consistent; sorted %%s',
		count(*),
		count(*) FILTER (WHERE (a.x ~<~ b.x)::int + (a.x = b.x)::int + (a.x ~>~ b.x)::int = 1
						 AND (a.x ~<=~ b.x) = (a.x ~<~ b.x OR a.x = b.x)
						 AND (a.x ~>=~ b.x) = (a.x ~>~ b.x OR a.x = b.x)
						 AND sign(%2$s_cmp(a.x, b.x)) = CASE WHEN a.x ~<~ b.x THEN -1 WHEN a.x = b.x THEN 0 ELSE 1 END
						 AND %2$s_cmp(a.x, b.x) = -%2$s_cmp(b.x, a.x)
						 AND (a.x ~<~ b.x) = (b.x ~>~ a.x)),
		(SELECT bool_and(prev ~<=~ x) FROM (SELECT x, lag(x) OVER (ORDER BY x) AS prev FROM v) s))
	FROM v a, v b$$);
SELECT bool_and((a.frt ~<~ b.frt) = (frt_state_send(a.frt) < frt_state_send(b.frt))
				AND (a.rs ~<~ b.rs) = (reply_state_send(a.rs) < reply_state_send(b.rs))) AS conversation_order_is_binary_order
FROM eq_states a, eq_states b;
-- no < for these types: comparing by size is an error, not a byte order
CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;
SELECT pg_temp.sqlstate_of($$SELECT 'n=1 9:1'::survey < 'n=1 10:1'::survey$$) AS survey_lt,
	   pg_temp.sqlstate_of($$SELECT 'mon 09:00-17:00; tz UTC'::calendar >= 'mon 09:00-18:00; tz UTC'::calendar$$) AS calendar_ge;

-- 11. Indexes and partitions: a unique btree index on the fwd states
-- rejects every other build's state; a hash index and a btree index find
-- each state; hash partitioning (the 64-bit hash) puts all builds of a
-- group in one partition.
CREATE FUNCTION pg_temp.indexes(col text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	typ text;
	rejected int := 0;
	found_hash int;
	found_btree int;
	same_partition int;
	partitions int;
BEGIN
	SELECT format_type(atttypid, NULL) INTO typ
	FROM pg_attribute WHERE attrelid = 'eq_states'::regclass AND attname = col;
	EXECUTE format('CREATE TEMP TABLE ix (x %s)', typ);
	EXECUTE format('INSERT INTO ix SELECT %I FROM eq_states WHERE build = ''fwd''', col);
	CREATE UNIQUE INDEX ix_unique ON ix (x);
	CREATE INDEX ix_hash ON ix USING hash (x);
	FOR k IN 0..47 LOOP
		BEGIN
			EXECUTE format('INSERT INTO ix SELECT %I FROM eq_states WHERE build <> ''fwd'' ORDER BY build, grp OFFSET %s LIMIT 1',
						   col, k);
		EXCEPTION WHEN unique_violation THEN
			rejected := rejected + 1;
		END;
	END LOOP;
	SET LOCAL enable_seqscan = off;
	SET LOCAL enable_bitmapscan = off;
	DROP INDEX ix_unique;
	EXECUTE format('SELECT count(*) FROM eq_states s WHERE EXISTS (SELECT FROM ix WHERE ix.x = s.%I)', col) INTO found_hash;
	IF NOT pg_temp.plan_has(format('SELECT FROM ix WHERE x = (SELECT %I FROM eq_states LIMIT 1)', col), 'Index Scan%') THEN
		RAISE EXCEPTION 'no hash index scan';
	END IF;
	DROP INDEX ix_hash;
	CREATE INDEX ix_btree ON ix (x);
	EXECUTE format('SELECT count(*) FROM eq_states s WHERE EXISTS (SELECT FROM ix WHERE ix.x = s.%I)', col) INTO found_btree;
	IF NOT pg_temp.plan_has(format('SELECT FROM ix WHERE x = (SELECT %I FROM eq_states LIMIT 1)', col), 'Index%Scan%') THEN
		RAISE EXCEPTION 'no btree index scan';
	END IF;
	DROP TABLE ix;
	EXECUTE format('CREATE TEMP TABLE px (grp int, x %s) PARTITION BY HASH (x)', typ);
	FOR i IN 0..3 LOOP
		EXECUTE format('CREATE TEMP TABLE px_%s PARTITION OF px FOR VALUES WITH (MODULUS 4, REMAINDER %s)', i, i);
	END LOOP;
	EXECUTE format('INSERT INTO px SELECT grp, %I FROM eq_states', col);
	SELECT count(*) FILTER (WHERE n = 1), count(DISTINCT p) INTO same_partition, partitions
	FROM (SELECT grp, count(DISTINCT tableoid) AS n, min(tableoid) AS p FROM px GROUP BY grp) g;
	DROP TABLE px;
	RETURN format('%s rejected by the unique index, found %s by hash and %s by btree index; %s groups in one partition, %s partitions used',
				  rejected, found_hash, found_btree, same_partition, partitions);
END $$;
BEGIN;
SELECT col, pg_temp.indexes(col) FROM unnest(ARRAY['sv', 'ds', 'dsw', 'tl', 'tlw', 'cal', 'frt', 'rs']) col;
ROLLBACK;

-- 12. Arrays and rows of states compare through the element type's
-- equality and order.
SELECT (SELECT array_agg(sv ORDER BY grp) FROM eq_states WHERE build = 'fwd')
		= (SELECT array_agg(sv ORDER BY grp) FROM eq_states WHERE build = 'par') AS survey_arrays_equal,
	   (SELECT array_agg(row(cal, frt) ORDER BY grp) FROM eq_states WHERE build = 'rev')
		= (SELECT array_agg(row(cal, frt) ORDER BY grp) FROM eq_states WHERE build = 'fwd') AS rows_equal,
	   (SELECT count(DISTINCT ARRAY[ds, dsw]) FROM eq_states) AS distinct_sketch_arrays;

DROP VIEW eq_par;
DROP TABLE eq_rows, eq_cals, eq_states, eq_states_par, eq_copy, eq_small, eq_big, eq_big_external;
DROP AGGREGATE eq_ds_work(interval);
DROP AGGREGATE eq_tl_work(timestamptz, timestamptz, timestamptz, timestamptz, interval);
DROP AGGREGATE eq_frt(timestamptz, boolean, calendar);
DROP AGGREGATE eq_reply(timestamptz, boolean);
