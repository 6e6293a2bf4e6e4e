-- test/lib.sql: functions shared by the regression tests in sql/, read with
-- \i (pg_regress runs psql in the source directory), so that the same SQL
-- and the same expected output hold on every supported PostgreSQL version.
--
-- Data generator.  Every random quantity is a hash of a row key and a
-- stream number, never random(): random() and setseed() give other numbers
-- on other PostgreSQL versions (15 changed the generator), which would
-- change the data, and so the expected output, from one version to the
-- next.  The hash is integer arithmetic written out here, not a server hash
-- function, so it is the same on every version and machine.
--
-- pg_temp.uniform(key, stream): a number in [0, 1) (32 bits).  Each draw of a
-- row takes its own stream number; the same (key, stream) always gives the
-- same number, and for one stream distinct keys below 2^32 give distinct
-- hashes.  The key's two 32-bit words and the stream are each multiplied by
-- an odd constant and xor-ed together, then mixed by the 32-bit finaliser of
-- MurmurHash3 (h ^= h >> 16; h *= 0x85ebca6b; h ^= h >> 13; h *= 0xc2b2ae35;
-- h ^= h >> 16, all modulo 2^32).
--
-- Speed matters (differential.sql draws 8 million numbers), so the function
-- is one SQL expression that the planner inlines: under a microsecond a draw
-- (the same steps in PL/pgSQL took ten times as long).  The tests that use
-- it SET jit = off: JIT-compiling the long expression costs more than it saves.
-- Inlining needs each intermediate to be written out in full wherever it is
-- used, so the expression is built below step by step from the formulas
-- above.  bigint holds every intermediate without overflow: a 32-bit number
-- times a constant below 2^31 in absolute value; h * 0x85ebca6b modulo 2^32
-- is computed as h * (0x85ebca6b - 2^32), whose low 32 bits are the same.
DO $$
DECLARE
	m CONSTANT text := '4294967295';	-- 2^32 - 1, the mask of the low 32 bits
	h text := format('((((key & %1$s) * -1640531527) # ((key >> 32) * 374761393)'
					 ' # (stream::bigint * 668265263)) & %1$s)', m);
BEGIN
	h := format('(%1$s # (%1$s >> 16))', h);
	h := format('((%s * -2048144789) & %s)', h, m);		-- * 0x85ebca6b
	h := format('(%1$s # (%1$s >> 13))', h);
	h := format('((%s * -1028477387) & %s)', h, m);		-- * 0xc2b2ae35
	h := format('(%1$s # (%1$s >> 16))', h);
	EXECUTE format('CREATE FUNCTION pg_temp.uniform(key bigint, stream integer) RETURNS double precision '
				   'LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L',
				   format('SELECT %s::double precision / 4294967296', h));
END $$;

-- pg_temp.normal(key, stream): standard normal (Box-Muller) from the two
-- uniform streams 1000 + stream and 2000 + stream; 1 - u is in (0, 1], so
-- ln() never sees 0.
CREATE FUNCTION pg_temp.normal(key bigint, stream integer) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT sqrt(-2 * ln(1 - pg_temp.uniform(key, 1000 + stream)))
		   * cos(2 * pi() * pg_temp.uniform(key, 2000 + stream))
$$;

-- pg_temp.interval_us(d): the microseconds of an interval, exactly, as
-- extract(epoch FROM d) * 1000000 counts them (a year of 365.25 days, a
-- month of 30).  Not extract(epoch ...) itself: it is double precision on
-- PostgreSQL 13 (rounded beyond 15 digits, and in two steps when the interval
-- has days) and numeric, exact, from 14 on.  The fields are whole numbers
-- below 2^53, so date_part gives them exactly on every version.
CREATE FUNCTION pg_temp.interval_us(d interval) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT date_part('year', d)::numeric * 31557600000000		-- 365.25 days
		   + date_part('month', d)::numeric * 2592000000000		-- 30 days
		   + date_part('day', d)::numeric * 86400000000
		   + date_part('hour', d)::numeric * 3600000000
		   + date_part('minute', d)::numeric * 60000000
		   + date_part('microseconds', d)::numeric
$$;

-- The SQLSTATE and message a statement fails with, or 'no error': for the
-- errors a parallel plan raises in a worker or in the leader's combine step,
-- which the tests compare as values.
CREATE FUNCTION pg_temp.error_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- pg_temp.plan_line_like(q, pattern): whether a line of EXPLAIN (COSTS OFF)
-- of query q is LIKE pattern; pg_temp.uses_partial_aggregate(q): whether
-- the plan aggregates partially (in parallel workers), so that a test of
-- the combine and serial functions knows it ran them.
CREATE FUNCTION pg_temp.plan_line_like(q text, pattern text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
	line text;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
		IF line LIKE pattern THEN
			RETURN true;
		END IF;
	END LOOP;
	RETURN false;
END $$;
CREATE FUNCTION pg_temp.uses_partial_aggregate(q text) RETURNS boolean LANGUAGE sql AS $$
	SELECT pg_temp.plan_line_like(q, '%Partial%Aggregate%')
$$;
