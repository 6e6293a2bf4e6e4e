-- test/citus/checks.sql: the check machinery of the Citus test, run on the
-- coordinator after data.sql (test/citus/run.sh runs it).
--
-- Tables (schema citus_test, local to the coordinator):
--   aggregates  what is expected of every aggregate of csmetrics, one row per
--               aggregate (filled by test/citus/expected.sql)
--   queries     other queries and their expected plan class: windows, stored
--               states, recipes (filled by test/citus/expected.sql)
--   results     one row per check: group, item, ok (NULL: skipped), detail
--
-- A query's text is the same for both runs: search_path = dist, <ext schema>
-- runs it on the distributed tables, search_path = plain, <ext schema> on the
-- plain ones.  Results are compared as text, row by row in the query's ORDER
-- BY, byte for byte (long rows by their first characters and an md5 of the
-- whole row).
--
-- Plan classes, read from EXPLAIN (VERBOSE) of the distributed query, for the
-- aggregate or window function under test (its name, fname):
--   partial  a worker query calls worker_partial_agg('<schema>.<fname>(...)'):
--            a partial aggregate on each shard, combined on the coordinator
--            (coord_combine_agg), the state travelling as text
--   pulled   a coordinator node computes <fname>(remote_scan...): the rows are
--            pulled from the workers and aggregated on the coordinator
--   workers  a worker query calls <schema>.<fname>(...) itself: the whole
--            aggregate (or window) runs on the workers (grouped or
--            partitioned by the distribution column)
--   local    no Citus scan at all (not distributed: a test error)
-- A query with no function under test (fname NULL) is 'workers' when its
-- rows are fetched from the workers as they are.
--   error    the query failed (the message is the detail)

\set ON_ERROR_STOP on
\set QUIET on
SET client_min_messages = warning;

CREATE SCHEMA citus_test;

CREATE TABLE citus_test.aggregates (
	aggregate text PRIMARY KEY,	-- name(argument types), as oidvectortypes() spells them
	call text NOT NULL,		-- the call to test, e.g. nps(nps_score)
	source text NOT NULL,		-- the table it reads (in dist and plain)
	group_by text,			-- a non-distribution grouping expression, or NULL
	split text NOT NULL		-- plan class when not grouped by the distribution column
		CHECK (split IN ('partial', 'pulled')),
	kind text			-- NULL, 'exact percentile', 'per-ticket', 'reads now()', 'as_of form'
		CHECK (kind IN ('exact percentile', 'per-ticket', 'reads now()', 'as_of form')),
	per_ticket boolean NOT NULL DEFAULT false	-- used grouped by ticket (the per-ticket section)
);

CREATE TABLE citus_test.queries (
	grp text NOT NULL,		-- 'windows', 'stored states', 'time zone'
	name text PRIMARY KEY,
	fname text,			-- the function whose plan class is checked (NULL: none,
					-- the rows are just fetched)
	query text NOT NULL,
	expect text NOT NULL CHECK (expect IN ('partial', 'pulled', 'workers', 'error')),
	settings text			-- 'name=value' GUCs set for both runs, or NULL
);

CREATE TABLE citus_test.results (
	id serial, grp text, item text, ok boolean, detail text
);

-- The schema csmetrics is installed in, for search_path and plan matching.
CREATE FUNCTION citus_test.ext_schema() RETURNS text LANGUAGE sql STABLE AS $$
	SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
	WHERE e.extname = 'csmetrics' $$;

-- Every aggregate of csmetrics, as name(argument types).
CREATE FUNCTION citus_test.extension_aggregates() RETURNS SETOF text LANGUAGE sql STABLE AS $$
	SELECT p.proname || '(' || oidvectortypes(p.proargtypes) || ')'
	FROM pg_depend d
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'csmetrics'
	JOIN pg_proc p ON p.oid = d.objid
	WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass
		AND d.deptype = 'e' AND p.prokind = 'a'
	ORDER BY 1 $$;

-- Whether this build of csmetrics has the aggregate.
CREATE FUNCTION citus_test.present(agg text) RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT agg IN (SELECT citus_test.extension_aggregates()) $$;

-- The distribution column of dist.<source>.
CREATE FUNCTION citus_test.dist_column(source text) RETURNS text LANGUAGE sql STABLE AS $$
	SELECT column_to_column_name(logicalrelid, partkey) FROM pg_dist_partition
	WHERE logicalrelid = format('dist.%I', source)::regclass $$;

-- Run the next queries against schema dist or plain, with the given settings
-- ('name=value ...'), until the end of the caller's transaction.  Each is a
-- SET LOCAL statement, which Citus passes on to the workers when
-- citus.propagate_set_commands = 'local' comes first.
CREATE PROCEDURE citus_test.use(schema text, settings text) LANGUAGE plpgsql AS $$
DECLARE
	item text;
BEGIN
	EXECUTE format('SET LOCAL search_path = %I, %I', schema, citus_test.ext_schema());
	SET LOCAL citus.coordinator_aggregation_strategy = 'row-gather';
	FOREACH item IN ARRAY coalesce(regexp_split_to_array(nullif(trim(settings), ''), '\s+'), '{}') LOOP
		EXECUTE format('SET LOCAL %s = %L', split_part(item, '=', 1), substr(item, strpos(item, '=') + 1));
	END LOOP;
END $$;

-- The rows of a query as text, in its order; a row over 200 characters is
-- kept as its first 160 and the md5 of the whole.
CREATE FUNCTION citus_test.rows(q text) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
	r record;
	line text;
	out text[] := '{}';
BEGIN
	FOR r IN EXECUTE q LOOP
		line := r::text;
		IF length(line) > 200 THEN
			line := left(line, 160) || '... md5 ' || md5(line);
		END IF;
		out := out || line;
	END LOOP;
	RETURN out;
END $$;

-- Plan class of the query for the function fname (see the top of the file).
CREATE FUNCTION citus_test.plan_class(q text, fname text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	line text;
	plan text := '';
	qualified text := quote_ident(citus_test.ext_schema()) || '.' || quote_ident(fname);
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
		plan := plan || line || E'\n';
	END LOOP;
	IF position('Custom Scan (Citus' IN plan) = 0 THEN
		RETURN 'local';
	ELSIF fname IS NULL THEN
		-- no function: the rows are fetched from the workers, as they are
		-- ('workers') or into an aggregate or window on the coordinator
		RETURN CASE WHEN plan ~ '(Aggregate|WindowAgg)\s*\n\s*Output: [^\n]*remote_scan\.'
			THEN 'pulled' ELSE 'workers' END;
	ELSIF position(format('worker_partial_agg(''%s(', qualified) IN plan) > 0 THEN
		RETURN 'partial';
	ELSIF plan ~ ('\m' || fname || '\(\(*remote_scan\.') THEN
		RETURN 'pulled';
	ELSIF plan ~ ('\n\s*Query: [^\n]*' || regexp_replace(qualified, '(\W)', '\\\1', 'g') || '\(') THEN
		RETURN 'workers';
	END IF;
	RETURN 'unrecognized plan: ' || plan;
END $$;

-- The first difference between two row lists, or NULL when equal.
CREATE FUNCTION citus_test.difference(d text[], p text[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT CASE
	WHEN d = p THEN NULL
	WHEN cardinality(d) <> cardinality(p) THEN
		format('distributed %s rows, single-node %s', cardinality(d), cardinality(p))
	ELSE (SELECT format('row %s: distributed %s, single-node %s', i, d[i], p[i])
		FROM generate_subscripts(d, 1) i WHERE d[i] IS DISTINCT FROM p[i] ORDER BY i LIMIT 1)
	END $$;

-- One check: the plan class of the distributed query is expect, and (when
-- compare) its rows equal the single-node ones.  expect 'error' means the
-- distributed query must fail with a message matching error_like.
CREATE PROCEDURE citus_test.check(grp text, item text, fname text, q text, expect text,
	settings text DEFAULT NULL, compare boolean DEFAULT true, error_like text DEFAULT NULL,
	note text DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
	class text;
	d text[];
	p text[];
	diff text;
	msg text;
BEGIN
	BEGIN
		CALL citus_test.use('dist', settings);
		class := citus_test.plan_class(q, fname);
		IF compare OR expect = 'error' THEN
			d := citus_test.rows(q);
		END IF;
	EXCEPTION WHEN OTHERS THEN
		msg := SQLERRM;
		class := 'error';
	END;
	IF expect = 'error' THEN
		INSERT INTO citus_test.results (grp, item, ok, detail)
		VALUES (grp, item, class = 'error' AND msg ~ coalesce(error_like, ''),
			CASE WHEN class = 'error' THEN 'fails as expected: ' || msg
				ELSE 'expected an error, got plan class ' || class END);
		RETURN;
	END IF;
	IF class <> expect THEN
		INSERT INTO citus_test.results (grp, item, ok, detail)
		VALUES (grp, item, false, format('plan class %s, expected %s', class, expect) || coalesce(': ' || msg, ''));
		RETURN;
	END IF;
	IF NOT compare THEN
		INSERT INTO citus_test.results (grp, item, ok, detail)
		VALUES (grp, item, true, format('plan class %s; results not compared: %s', class, note));
		RETURN;
	END IF;
	BEGIN
		CALL citus_test.use('plain', settings);
		p := citus_test.rows(q);
	EXCEPTION WHEN OTHERS THEN
		INSERT INTO citus_test.results (grp, item, ok, detail)
		VALUES (grp, item, false, 'single-node query failed: ' || SQLERRM);
		RETURN;
	END;
	diff := citus_test.difference(d, p);
	INSERT INTO citus_test.results (grp, item, ok, detail)
	VALUES (grp, item, diff IS NULL,
		coalesce('results differ: ' || diff, format('plan class %s, %s identical rows', class, cardinality(d))));
END $$;

-- The checks of one aggregate of the list in one group:
--   whole table            SELECT call FROM source
--   group by other column  ... GROUP BY group_by ORDER BY 1
--   group by distribution column
--                          ... WHERE dcol % 8 = 0 GROUP BY dcol ORDER BY 1 (an
--                          eighth of the groups, from every shard, keeps the
--                          output small)
--   strategy disabled      the whole-table and distribution-column forms with
--                          citus.coordinator_aggregation_strategy = 'disabled':
--                          a split aggregate still works, a pulled one fails
-- An aggregate that reads now() ('reads now()') has its plan class checked
-- and its results compared only through its as_of form (group 'as_of forms').
CREATE PROCEDURE citus_test.check_aggregate(grp text, agg text) LANGUAGE plpgsql AS $$
DECLARE
	a citus_test.aggregates;
	fname text := split_part(agg, '(', 1);
	dcol text;
	whole text;
	by_dist text;
	compare boolean;
	note text := 'it reads now(), which differs on each worker; compared through its as_of form';
	disabled text := 'citus.coordinator_aggregation_strategy=disabled';
BEGIN
	SELECT * INTO a FROM citus_test.aggregates WHERE aggregate = agg;
	IF NOT citus_test.present(agg) THEN
		INSERT INTO citus_test.results (grp, item, ok, detail)
		VALUES (grp, agg, NULL, 'not in this build of csmetrics (as_of forms to come)');
		RETURN;
	END IF;
	compare := a.kind IS DISTINCT FROM 'reads now()';
	dcol := citus_test.dist_column(a.source);
	whole := format('SELECT %s FROM %I', a.call, a.source);
	by_dist := format('SELECT %I, %s FROM %I WHERE %I %% 8 = 0 GROUP BY 1 ORDER BY 1',
		dcol, a.call, a.source, dcol);
	CASE grp
	WHEN 'whole table' THEN
		CALL citus_test.check(grp, agg, fname, whole, a.split, NULL, compare, NULL, note);
	WHEN 'group by other column' THEN
		IF a.group_by IS NULL THEN
			INSERT INTO citus_test.results (grp, item, ok, detail)
			VALUES (grp, agg, NULL, 'used per ticket only (no other grouping)');
		ELSE
			CALL citus_test.check(grp, agg, fname,
				format('SELECT %s AS grp, %s FROM %I GROUP BY 1 ORDER BY 1', a.group_by, a.call, a.source),
				a.split, NULL, compare, NULL, note);
		END IF;
	WHEN 'group by distribution column' THEN
		CALL citus_test.check(grp, agg, fname, by_dist, 'workers', NULL, compare, NULL, note);
	WHEN 'strategy disabled' THEN
		IF a.split = 'partial' THEN
			CALL citus_test.check(grp, agg, fname, whole, 'partial', disabled, compare, NULL, note);
		ELSE
			CALL citus_test.check(grp, agg, fname, whole, 'error', disabled, false,
				'unsupported aggregate function');
		END IF;
		CALL citus_test.check(grp, agg || ' by ' || dcol, fname, by_dist, 'workers', disabled, compare, NULL, note);
	END CASE;
END $$;

-- Group 'coverage': every aggregate of csmetrics has a row in the list,
-- every row names an aggregate of csmetrics (or an as_of form still to
-- come), and only exact percentiles and per-ticket aggregates are expected
-- to be pulled to the coordinator.
CREATE PROCEDURE citus_test.check_coverage() LANGUAGE plpgsql AS $$
DECLARE
	agg text;
BEGIN
	FOR agg IN SELECT citus_test.extension_aggregates() EXCEPT SELECT aggregate FROM citus_test.aggregates ORDER BY 1 LOOP
		INSERT INTO citus_test.results (grp, item, ok, detail)
		VALUES ('coverage', agg, false, 'aggregate of csmetrics missing from test/citus/expected.sql');
	END LOOP;
	FOR agg IN SELECT aggregate FROM citus_test.aggregates
			WHERE kind IS DISTINCT FROM 'as_of form'
			EXCEPT SELECT citus_test.extension_aggregates() ORDER BY 1 LOOP
		INSERT INTO citus_test.results (grp, item, ok, detail)
		VALUES ('coverage', agg, false, 'listed in test/citus/expected.sql but not an aggregate of csmetrics');
	END LOOP;
	FOR agg IN SELECT aggregate FROM citus_test.aggregates
			WHERE split = 'pulled' AND kind IS DISTINCT FROM 'exact percentile' AND NOT per_ticket ORDER BY 1 LOOP
		INSERT INTO citus_test.results (grp, item, ok, detail)
		VALUES ('coverage', agg, false, 'expected to be pulled to the coordinator, which only the exact percentiles may be');
	END LOOP;
	INSERT INTO citus_test.results (grp, item, ok, detail)
	SELECT 'coverage', 'list', true,
		format('%s aggregates in csmetrics, each in the list', count(*))
	FROM citus_test.extension_aggregates();
END $$;

-- Group 'as_of forms': an aggregate that reads now() is compared through its
-- as_of form (the same arguments and a last timestamptz), which must be in
-- the list; until csmetrics has that form, the comparison is skipped, and
-- this says so.
CREATE PROCEDURE citus_test.check_as_of() LANGUAGE plpgsql AS $$
DECLARE
	a citus_test.aggregates;
	twin text;
BEGIN
	FOR a IN SELECT * FROM citus_test.aggregates WHERE kind = 'reads now()' ORDER BY aggregate LOOP
		twin := regexp_replace(a.aggregate, '\)$', ', timestamp with time zone)');
		IF NOT EXISTS (SELECT FROM citus_test.aggregates WHERE aggregate = twin) THEN
			INSERT INTO citus_test.results (grp, item, ok, detail)
			VALUES ('as_of forms', a.aggregate, false, format('needs as_of form: %s is not in the list', twin));
		ELSIF citus_test.present(twin) THEN
			INSERT INTO citus_test.results (grp, item, ok, detail)
			VALUES ('as_of forms', a.aggregate, true, format('compared through %s', twin));
		ELSE
			INSERT INTO citus_test.results (grp, item, ok, detail)
			VALUES ('as_of forms', a.aggregate, NULL,
				format('needs as_of form: %s is not in csmetrics yet, results not compared', twin));
		END IF;
	END LOOP;
END $$;

-- Group 'stored states' (besides its queries): states built by a distributed
-- INSERT ... SELECT into a distributed table equal the single-node ones.
CREATE PROCEDURE citus_test.check_built_states() LANGUAGE plpgsql AS $$
DECLARE
	build text := 'INSERT INTO %I.states_built
		SELECT coalesce(t.agent_id, 0), date_trunc(''month'', t.created_at), t.channel,
			survey_agg(s.nps_score), duration_agg(t.resolved_at - t.created_at),
			timeline_agg(t.created_at, t.resolved_at, ''2025-01-01'', ''2026-01-01'', ''1 month'')
		FROM %I.tickets t LEFT JOIN %I.surveys s ON s.ticket_id = t.id
		GROUP BY 1, 2, 3';
	q text := 'SELECT * FROM %I.states_built ORDER BY agent_id, month, channel';
	d text[];
	p text[];
	diff text;
BEGIN
	CALL citus_test.use('dist', NULL);
	EXECUTE format(build, 'dist', 'dist', 'dist');
	d := citus_test.rows(format(q, 'dist'));
	CALL citus_test.use('plain', NULL);
	EXECUTE format(build, 'plain', 'plain', 'plain');
	p := citus_test.rows(format(q, 'plain'));
	diff := citus_test.difference(d, p);
	INSERT INTO citus_test.results (grp, item, ok, detail)
	VALUES ('stored states', 'INSERT ... SELECT of states into a distributed table', diff IS NULL,
		coalesce('results differ: ' || diff, format('%s identical rows', cardinality(d))));
EXCEPTION WHEN OTHERS THEN
	INSERT INTO citus_test.results (grp, item, ok, detail)
	VALUES ('stored states', 'INSERT ... SELECT of states into a distributed table', false, 'failed: ' || SQLERRM);
END $$;
