-- survey_state.sql: the survey state type: text and binary I/O, hostile
-- input, accessors, rollup and canonical bytes.

-- shared helpers, the same on every PostgreSQL version: the data generator
-- pg_temp.uniform(key, stream) (never random()), pg_temp.interval_us(d)
\set ECHO none
\i test/lib.sql
\set ECHO all
-- no JIT: compiling the generator's long inlined expressions takes longer
-- than running them
SET jit = off;

-- text form: the total, then non-empty scores in increasing order
SELECT survey_agg(s) FROM (VALUES (10), (9), (9), (0), (7)) v(s);
SELECT 'n=5 0:1 7:1 9:2 10:1'::survey;
-- empty buckets and extra spaces are accepted; output is canonical
SELECT '  n=3   0:0 5:3  10:0 '::survey;
SELECT 'n=0'::survey;
-- fixed size, whatever the number of responses
SELECT pg_column_size(survey_agg(s)) FROM generate_series(0, 10) s;
SELECT pg_column_size(survey_agg(s % 11)) FROM generate_series(1, 100000) s;

-- accessors read plain SQL types
SELECT responses(st), promoters(st), passives(st), detractors(st),
	   score_count(st, 9) AS nines, score_count(st, 3) AS threes,
	   nps(st), round(nps_margin(st)::numeric, 6) AS margin
FROM (SELECT 'n=7 0:1 6:1 7:1 8:1 9:2 10:1'::survey) v(st);
-- NULL accessors on an empty state, like the aggregates over no rows
SELECT responses(st), nps(st), nps_margin(st), csat(st), ces(st)
FROM (SELECT 'n=0'::survey) v(st);
SELECT csat('n=4 1:1 4:1 5:2'::survey), ces('n=2 1:1 7:1'::survey),
	   negative_feedback_rate('n=4 1:1 2:1 3:1 5:1'::survey),
	   positive_review_rate('n=4 1:1 2:1 3:1 5:1'::survey);
-- a scale-bound metric refuses a state holding scores off its scale
SELECT csat('n=3 4:1 5:1 9:1'::survey);
SELECT ces('n=2 0:1 3:1'::survey);
SELECT negative_feedback_rate('n=1 6:1'::survey);
SELECT csat_lower('n=1 10:1'::survey);
SELECT score_count('n=1 10:1'::survey, 11);

-- hostile text input: each is a clean error
SELECT ''::survey;
SELECT 'garbage'::survey;
SELECT 'n='::survey;
SELECT 'n=x'::survey;
SELECT 'N=1 1:1'::survey;
SELECT 'n=1 1:1 extra'::survey;
SELECT 'n=1 1:1;'::survey;
SELECT 'n=2 1:1,2:1'::survey;
SELECT 'n=1 11:1'::survey;
SELECT 'n=1 99999999999999999999999:1'::survey;
SELECT 'n=1 -1:1'::survey;
SELECT 'n=-1'::survey;
SELECT 'n=0 3:-1'::survey;
SELECT 'n=1 1:'::survey;
SELECT 'n=1 :1'::survey;
SELECT 'n=1 1'::survey;
SELECT 'n=2 5:1 5:1'::survey;
SELECT 'n=2 6:1 5:1'::survey;
SELECT 'n=5 5:1'::survey;
SELECT 'n=1 5:1 6:1'::survey;
SELECT 'n=99999999999999999999 1:1'::survey;
SELECT 'n=9223372036854775807 0:9223372036854775807 1:1'::survey;
SELECT 'n=18446744073709551614 0:9223372036854775807 1:9223372036854775807'::survey;
SELECT 'n=+1 1:1'::survey;
SELECT 'n=1 1:0x1'::survey;
SELECT E'n=1\t1:1'::survey;
SELECT E'n=1 1:1\n'::survey;
SELECT repeat('n=0 ', 1000)::survey;
SELECT ('n=1 ' || repeat(' ', 100000) || '1:1')::survey;
-- a huge count that is consistent is accepted
SELECT 'n=9223372036854775807 10:9223372036854775807'::survey;
-- ... and merging it with more overflows cleanly
SELECT rollup(st) FROM (VALUES ('n=9223372036854775807 10:9223372036854775807'::survey), ('n=1 10:1')) v(st);
SELECT rollup(st) FROM (VALUES ('n=9223372036854775807 10:9223372036854775807'::survey), ('n=1 9:1')) v(st);

-- every string the input function accepts prints back as canonical text
-- that parses to the same state, and every other string is a clean error:
-- checked over 20000 random one-character mutations of valid values
CREATE FUNCTION pg_temp.try_survey(t text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	RETURN t::survey::text;
EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range THEN
	RETURN NULL;
END $$;
WITH base AS (
	SELECT g, (SELECT survey_agg(floor(pg_temp.uniform(g * 32 + k, 1) * 11)::int)::text
			   FROM generate_series(1, 1 + g % 30) k) AS t
	FROM generate_series(1, 20000) g
), mutated AS (
	SELECT t, 1 + floor(pg_temp.uniform(g, 2) * length(t))::int AS pos,
		   substr('n=0123456789: -x', 1 + floor(pg_temp.uniform(g, 3) * 16)::int, 1) AS ch,
		   floor(pg_temp.uniform(g, 4) * 3)::int AS op
	FROM base
), s AS (
	SELECT CASE op
		WHEN 0 THEN overlay(t PLACING ch FROM pos FOR 1)	-- replace
		WHEN 1 THEN overlay(t PLACING ch FROM pos FOR 0)	-- insert
		ELSE overlay(t PLACING '' FROM pos FOR 1)			-- delete
	END AS t
	FROM mutated
), parsed AS (
	SELECT t, pg_temp.try_survey(t) AS out FROM s
)
SELECT count(*) AS tried, count(out) > 500 AS many_accepted,
	   count(*) - count(out) > 1000 AS many_rejected,
	   bool_and(out IS NULL OR pg_temp.try_survey(out) = out) AS canonical_round_trip
FROM parsed;

-- binary I/O: survey_send's bytes read back by survey_recv, through COPY
-- BINARY files built by hand (signature, flags, header extension, one tuple
-- of one field, trailer) and fed through perl
CREATE TEMP TABLE one (st survey);
CREATE FUNCTION pg_temp.load_binary(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	file bytea := '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
		|| '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea;
BEGIN
	TRUNCATE one;
	EXECUTE format('COPY one FROM PROGRAM %L WITH (FORMAT binary)',
				   format('perl -e ''print pack("H*", "%s")''', encode(file, 'hex')));
	RETURN (SELECT st::text FROM one);
END $$;
SELECT st, pg_temp.load_binary(survey_send(st)) = st::text AS round_trip
FROM (VALUES ('n=0'::survey), ('n=7 0:1 6:1 7:1 8:1 9:2 10:1'),
			 ('n=9223372036854775807 10:9223372036854775807')) v(st);
SELECT survey_send('n=2 0:1 10:1');

-- hostile binary input: wrong version, short and long buffers, negative
-- counts, an overflowing total
\set SHOW_CONTEXT never
SELECT pg_temp.load_binary('\x02'::bytea || substr(survey_send('n=0'), 2));
SELECT pg_temp.load_binary(substr(survey_send('n=0'), 1, 88));
SELECT pg_temp.load_binary(survey_send('n=0') || '\x00'::bytea);
SELECT pg_temp.load_binary('\x'::bytea);
SELECT pg_temp.load_binary('\x01ffffffffffffffff'::bytea || substr(survey_send('n=0'), 10));
SELECT pg_temp.load_binary('\x017fffffffffffffff7fffffffffffffff'::bytea || substr(survey_send('n=0'), 18));
\set SHOW_CONTEXT errors

-- canonical bytes: the same responses in any order give the same bytes
SELECT count(DISTINCT survey_send(st)) AS distinct_encodings
FROM (
	SELECT survey_agg(g % 11 ORDER BY g) FROM generate_series(0, 1000) g
	UNION ALL
	SELECT survey_agg(g % 11 ORDER BY g DESC) FROM generate_series(0, 1000) g
	UNION ALL
	SELECT survey_agg(g % 11 ORDER BY md5(g::text)) FROM generate_series(0, 1000) g
	UNION ALL
	SELECT rollup(st) FROM (SELECT survey_agg(g % 11) FROM generate_series(0, 1000) g GROUP BY g % 7) p(st)
) v(st);

-- rollup of many states equals the metrics over the raw rows
CREATE TEMP TABLE resp AS
SELECT (g % 97) AS day, (g * 7919 % 11) AS score FROM generate_series(1, 50000) g;
CREATE TEMP TABLE daily AS SELECT day, survey_agg(score) AS st FROM resp GROUP BY day;
SELECT (SELECT rollup(st) FROM daily)::text = (SELECT survey_agg(score) FROM resp)::text AS same_state,
	   (SELECT nps(rollup(st)) FROM daily) = (SELECT nps(score) FROM resp) AS same_nps,
	   (SELECT responses(rollup(st)) FROM daily) = 50000 AS all_counted;
-- rollup skips NULL states and is NULL over none
SELECT rollup(st) FROM (VALUES (NULL::survey), ('n=1 3:1')) v(st);
SELECT rollup(st) FROM (SELECT NULL::survey WHERE false) v(st);

-- the support functions never change their input when called directly
SELECT st, survey_combine(st, st), survey_nps_trans(st, 10), survey_inv(st, 3), st
FROM (SELECT 'n=2 3:1 9:1'::survey) v(st);
-- and refuse to remove what is not there
SELECT survey_inv('n=1 3:1', 4);
SELECT survey_inv('n=1 3:1', 11);
SELECT survey_inv('n=1 3:1', -1);
SELECT survey_uncombine_inv('n=1 3:1', 'n=2 3:2');
SELECT survey_uncombine_inv('n=3 3:2 5:1', 'n=1 3:1');
