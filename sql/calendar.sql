-- calendar.sql: the calendar type (text and binary I/O, hostile input),
-- business_time, business_seconds and business_add on hand-checked cases
-- (DST in New York and Berlin, 23.5- and 24.5-hour days on Lord Howe,
-- Kolkata, Chatham, midnight, holidays, spans of years, skipped and
-- repeated wall-clock times), a differential test against an independent
-- plain-SQL per-day computation, and the business_add inverse property.

-- shared helpers, the same on every PostgreSQL version: the data generator
-- pg_temp.uniform(key, stream) (never random()), pg_temp.interval_us(d)
\set ECHO none
\i test/lib.sql
\set ECHO all
-- no JIT: compiling the generator's long inlined expressions takes longer
-- than running them
SET jit = off;

SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';

-- ---------------------------------------------------------------------------
-- Text form
-- ---------------------------------------------------------------------------

-- the three examples of shared/metrics.md, as written; output is canonical
SELECT 'mon-fri 09:00-17:00; sat 10:00-14:00; tz Europe/Berlin; closed 2025-12-25, 2026-01-01'::calendar;
SELECT 'mon-fri 09:00-12:00, 13:00-17:00; tz America/New_York; closed 2025-12-24 13:00-24:00, 2025-12-25'::calendar;
SELECT 'mon-sun 00:00-24:00; tz Australia/Lord_Howe'::calendar;
-- normal form: words in any case, free spaces, parts in any order, full
-- day names, a wrapping day range (fri-mon), adjacent ranges merged,
-- days with equal hours grouped, dates sorted, a trailing ";"
SELECT '  TZ  pacific/chatham ;CLOSED 2026-01-01,2025-12-24 13:00-24:00,2025-12-25;Monday 9:00-12:00,12:00-13:00 ; fri-mon 14:00-15:00;'::calendar;
SELECT E'mon,wed,fri 08:00-12:00;\ttue,thu 08:00-12:00;\nsat 00:00-24:00; tz Asia/Kolkata; closed 2025-01-26 00:00-24:00'::calendar;
SELECT 'sat 10:00-14:00; mon 09:00-17:00; wed 09:00-17:00; tz UTC'::calendar;
SELECT 'sun-sat 00:00-24:00; tz utc'::calendar, 'mon-mon 09:00-10:00; tz UTC'::calendar;
-- zone names of the time-zone database that contain digits
SELECT 'mon 09:00-17:00; tz EST5EDT'::calendar, 'mon 09:00-17:00; tz etc/gmt+5'::calendar;
-- the canonical output reads back to identical bytes
SELECT c::text::calendar::text = c::text AS same_text,
	   calendar_send(c::text::calendar) = calendar_send(c) AS same_bytes
FROM (VALUES ('fri-mon 9:00-12:00, 13:00-14:00; tue 0:00-1:00; tz europe/berlin; closed 2025-12-24 13:00-24:00, 2024-01-01'::calendar),
			 ('mon-sun 00:00-24:00; tz Pacific/Chatham; closed 2028-02-29 10:00-11:00, 12:00-13:00'::calendar)) v(c);

-- ---------------------------------------------------------------------------
-- Hostile text input: each is a clean error with a hint
-- ---------------------------------------------------------------------------
SELECT ''::calendar;
SELECT '   '::calendar;
SELECT 'mon-fri 09:00-17:00'::calendar;
SELECT 'tz Europe/Berlin'::calendar;
SELECT 'tz Europe/Berlin; closed 2025-12-25'::calendar;
SELECT 'mox 09:00-17:00; tz UTC'::calendar;
SELECT 'mon-fry 09:00-17:00; tz UTC'::calendar;
SELECT '09:00-17:00; tz UTC'::calendar;
SELECT 'mon-fri 09:00-17:00; tz Mars/Olympus_Mons'::calendar;
SELECT 'mon-fri 09:00-17:00; tz UTC+3'::calendar;
SELECT 'mon-fri 09:00-17:00; tz CEST'::calendar;
SELECT 'mon-fri 09:00-17:00; tz localtime'::calendar;
SELECT 'mon-fri 09:00-17:00; tz ../../etc/passwd'::calendar;
SELECT 'mon-fri 09:00-17:00; tz Europe//Berlin'::calendar;
SELECT 'mon-fri 09:00-17:00; tz Europe/Berlín'::calendar;
SELECT 'mon-fri 09:00-17:00; tz'::calendar;
SELECT 'mon-fri 09:00-17:00; tz Europe/Berlin; tz Europe/Paris'::calendar;
SELECT 'mon 25:00-26:00; tz UTC'::calendar;
SELECT 'mon 12:60-13:00; tz UTC'::calendar;
SELECT 'mon 09:00-24:01; tz UTC'::calendar;
SELECT 'mon 24:00-24:00; tz UTC'::calendar;
SELECT 'mon 17:00-09:00; tz UTC'::calendar;
SELECT 'mon 09:00-09:00; tz UTC'::calendar;
SELECT 'mon 9-17; tz UTC'::calendar;
SELECT 'mon 009:00-17:00; tz UTC'::calendar;
SELECT 'mon 09:0-17:00; tz UTC'::calendar;
SELECT 'mon 09:00-12:00, 11:00-13:00; tz UTC'::calendar;
SELECT 'mon-fri 09:00-17:00; wed 16:00-18:00; tz UTC'::calendar;
SELECT 'mon,mon 09:00-17:00; tz UTC'::calendar;
SELECT 'mon-sun,wed 09:00-17:00; tz UTC'::calendar;
SELECT 'mon, 09:00-17:00; tz UTC'::calendar;
SELECT 'mon 09:00-17:00 tz UTC'::calendar;
SELECT 'mon 09:00-17:00; tz UTC; garbage'::calendar;
SELECT 'mon 09:00-17:00; tz UTC;;'::calendar;
SELECT '; mon 09:00-17:00; tz UTC'::calendar;
SELECT 'mon 09:00-17:00, tue 10:00-11:00; tz UTC'::calendar;
SELECT 'mon 09:00-17:00; tz UTC; closed 2025-02-30'::calendar;
SELECT 'mon 09:00-17:00; tz UTC; closed 2025-13-01'::calendar;
SELECT 'mon 09:00-17:00; tz UTC; closed 0000-01-01'::calendar;
SELECT 'mon 09:00-17:00; tz UTC; closed 25-12-2025'::calendar;
SELECT 'mon 09:00-17:00; tz UTC; closed 2025-12-25x'::calendar;
SELECT 'mon 09:00-17:00; tz UTC; closed'::calendar;
SELECT 'mon 09:00-17:00; tz UTC; closed 2025-12-25, 2025-12-25'::calendar;
SELECT 'mon 09:00-17:00; tz UTC; closed 2025-12-24 13:00-24:00, 2025-12-24'::calendar;
SELECT 'mon 09:00-17:00; tz UTC; closed 2025-12-24, 13:00-24:00'::calendar;
SELECT 'mon 09:00-17:00; tz UTC; closed 2025-12-24 13:00-15:00, 14:00-16:00'::calendar;
SELECT 'mon 09:00-17:00; tz UTC; closed 2025-12-25; closed 2026-01-01'::calendar;
-- huge strings and too many closed dates
SELECT ('mon 09:00-17:00; tz UTC' || repeat(' ', 70000))::calendar;
SELECT ('mon 09:00-17:00; tz UTC; closed ' ||
		string_agg(to_char(date '2000-01-01' + g, 'YYYY-MM-DD'), ', '))::calendar
FROM generate_series(0, 5000) g;
-- 5000 closed dates are accepted, and are stored compressed
CREATE TEMP TABLE big (c calendar);
INSERT INTO big SELECT ('mon-fri 09:00-17:00; tz Europe/Berlin; closed ' ||
		string_agg(to_char(date '2015-01-01' + 2 * g, 'YYYY-MM-DD'), ', '))::calendar
FROM generate_series(0, 4999) g;
SELECT length(c::text), pg_column_size(c) < 30000 AS compressed FROM big;
-- every other day closed: 2015-01-01 (Thu) is closed, 2015-01-02 (Fri) open
SELECT business_time('2015-01-01 00:00+01', '2015-01-03 00:00+01', c) FROM big;
-- stored compressed, stored out of line uncompressed, or computed: the
-- same answers row after row (the cache keys each form by its bytes)
CREATE TEMP TABLE big_ext (c calendar);
ALTER TABLE big_ext ALTER COLUMN c SET STORAGE external;
INSERT INTO big_ext SELECT c::text::calendar FROM big;
SELECT (SELECT pg_column_size(c) FROM big_ext) > (SELECT pg_column_size(c) FROM big) AS ext_uncompressed;
SELECT count(*) AS starts, count(*) FILTER (WHERE a > '0') AS open_some,
	   count(*) FILTER (WHERE a = b AND a = p) AS same
FROM (SELECT business_time(s, s + interval '3 days', big.c) AS a,
			 business_time(s, s + interval '3 days', big_ext.c) AS b,
			 business_time(s, s + interval '3 days', plain.c) AS p
	  FROM generate_series(timestamptz '2015-01-01 00:00+00', '2042-06-01', interval '7 days') s,
		   big, big_ext, (SELECT c::text::calendar AS c FROM big) plain) v;

-- every string the input accepts prints back as canonical text that reads
-- back to the same bytes, and every other string is a clean error: checked
-- over 4000 random one-character mutations of valid calendars
CREATE FUNCTION pg_temp.try_calendar(t text) RETURNS calendar LANGUAGE plpgsql AS $$
BEGIN
	RETURN t::calendar;
EXCEPTION WHEN invalid_text_representation THEN
	RETURN NULL;
END $$;
WITH base AS (
	SELECT (ARRAY['mon-fri 09:00-17:00; sat 10:00-14:00; tz Europe/Berlin; closed 2025-12-25, 2026-01-01',
				  'mon-fri 09:00-12:00, 13:00-17:00; tz America/New_York; closed 2025-12-24 13:00-24:00, 2025-12-25',
				  'mon-sun 00:00-24:00; tz Australia/Lord_Howe',
				  'tue,thu 7:00-11:30; sun 18:00-21:45; tz Pacific/Chatham; closed 2025-04-06'])[1 + g % 4] AS t, g
	FROM generate_series(1, 4000) g
), mutated AS (
	SELECT t, 1 + floor(pg_temp.uniform(g, 1) * length(t))::int AS pos,
		   substr('0123456789:-,; motuewdhfrisaclz/_', 1 + floor(pg_temp.uniform(g, 2) * 34)::int, 1) AS ch,
		   floor(pg_temp.uniform(g, 3) * 3)::int AS op
	FROM base
), s AS (
	SELECT CASE op
		WHEN 0 THEN overlay(t PLACING ch FROM pos FOR 1)
		WHEN 1 THEN overlay(t PLACING ch FROM pos FOR 0)
		ELSE overlay(t PLACING '' FROM pos FOR 1)
	END AS t
	FROM mutated
), parsed AS (
	SELECT t, pg_temp.try_calendar(t) AS c FROM s
)
SELECT count(*) AS tried, count(c) > 400 AS many_accepted,
	   count(*) - count(c) > 1000 AS many_rejected,
	   bool_and(c IS NULL OR (c::text::calendar::text = c::text AND
							  calendar_send(c::text::calendar) = calendar_send(c))) AS canonical_round_trip
FROM parsed;

-- ---------------------------------------------------------------------------
-- Binary form: calendar_send's bytes read back by calendar_recv through
-- COPY BINARY files built by hand; hostile buffers are clean errors
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE one (c calendar);
CREATE FUNCTION pg_temp.load_binary(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	file bytea := '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
		|| '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea;
BEGIN
	TRUNCATE one;
	EXECUTE format('COPY one FROM PROGRAM %L WITH (FORMAT binary)',
				   format('perl -e ''print pack("H*", "%s")''', encode(file, 'hex')));
	RETURN (SELECT c::text FROM one);
END $$;
SELECT c, pg_temp.load_binary(calendar_send(c)) = c::text AS round_trip
FROM (VALUES ('mon-fri 09:00-17:00; sat 10:00-14:00; tz Europe/Berlin; closed 2025-12-25, 2026-01-01'::calendar),
			 ('mon-fri 09:00-12:00, 13:00-17:00; tz America/New_York; closed 2025-12-24 13:00-24:00, 2025-12-25'),
			 ('mon-sun 00:00-24:00; tz Australia/Lord_Howe')) v(c);
-- version 1, "UTC\0", Monday 1 range 540-1020 (09:00-17:00), six empty
-- days, no closed dates
SELECT calendar_send('mon 09:00-17:00; tz UTC');
-- hand-built buffers: header (version, zone), Monday's ranges, six more
-- days, closed dates
CREATE FUNCTION pg_temp.hdr(zone text) RETURNS bytea LANGUAGE sql AS
	$$ SELECT '\x01'::bytea || convert_to(zone, 'UTF8') || '\x00'::bytea $$;
CREATE FUNCTION pg_temp.rng(a int, b int) RETURNS bytea LANGUAGE sql AS
	$$ SELECT int2send(a::int2) || int2send(b::int2) $$;
CREATE FUNCTION pg_temp.n16(n int) RETURNS bytea LANGUAGE sql AS
	$$ SELECT int2send(n::int2) $$;
CREATE FUNCTION pg_temp.empty_days(n int) RETURNS bytea LANGUAGE sql AS
	$$ SELECT decode(repeat('0000', n), 'hex') $$;
CREATE FUNCTION pg_temp.day(d date) RETURNS bytea LANGUAGE sql AS
	$$ SELECT int4send(d - date '2000-01-01') $$;
-- the binary input normalizes like the text input: unsorted and adjacent
-- ranges, a whole-day closure
SELECT pg_temp.load_binary(pg_temp.hdr('europe/berlin') || pg_temp.n16(2) || pg_temp.rng(540, 600) ||
						   pg_temp.rng(480, 540) || pg_temp.empty_days(6) || int4send(1) ||
						   pg_temp.day('2025-12-25') || pg_temp.n16(1) || pg_temp.rng(0, 1440));
\set SHOW_CONTEXT never
SELECT pg_temp.load_binary('\x02'::bytea || substr(calendar_send('mon 09:00-17:00; tz UTC'), 2));
SELECT pg_temp.load_binary(substr(calendar_send('mon 09:00-17:00; tz UTC'), 1, 20));
SELECT pg_temp.load_binary(calendar_send('mon 09:00-17:00; tz UTC') || '\x00'::bytea);
SELECT pg_temp.load_binary('\x'::bytea);
SELECT pg_temp.load_binary(pg_temp.hdr('Mars/Base') || pg_temp.n16(1) || pg_temp.rng(540, 1020) ||
						   pg_temp.empty_days(6) || int4send(0));
SELECT pg_temp.load_binary(pg_temp.hdr('UTC+3') || pg_temp.n16(1) || pg_temp.rng(540, 1020) ||
						   pg_temp.empty_days(6) || int4send(0));
SELECT pg_temp.load_binary(pg_temp.hdr('UTC') || pg_temp.n16(1) || pg_temp.rng(721, 1441) ||
						   pg_temp.empty_days(6) || int4send(0));
SELECT pg_temp.load_binary(pg_temp.hdr('UTC') || pg_temp.n16(1) || pg_temp.rng(600, 540) ||
						   pg_temp.empty_days(6) || int4send(0));
SELECT pg_temp.load_binary(pg_temp.hdr('UTC') || pg_temp.n16(2) || pg_temp.rng(540, 600) ||
						   pg_temp.rng(570, 660) || pg_temp.empty_days(6) || int4send(0));
SELECT pg_temp.load_binary(pg_temp.hdr('UTC') || pg_temp.n16(-1) || pg_temp.empty_days(6) || int4send(0));
SELECT pg_temp.load_binary(pg_temp.hdr('UTC') || pg_temp.empty_days(7) || int4send(0));
SELECT pg_temp.load_binary(pg_temp.hdr('UTC') || pg_temp.n16(1) || pg_temp.rng(540, 1020) ||
						   pg_temp.empty_days(6) || int4send(-1));
SELECT pg_temp.load_binary(pg_temp.hdr('UTC') || pg_temp.n16(1) || pg_temp.rng(540, 1020) ||
						   pg_temp.empty_days(6) || int4send(2) ||
						   pg_temp.day('2025-12-25') || pg_temp.n16(1) || pg_temp.rng(0, 1440) ||
						   pg_temp.day('2025-12-25') || pg_temp.n16(1) || pg_temp.rng(0, 1440));
SELECT pg_temp.load_binary(pg_temp.hdr('UTC') || pg_temp.n16(1) || pg_temp.rng(540, 1020) ||
						   pg_temp.empty_days(6) || int4send(1) ||
						   int4send(-800000) || pg_temp.n16(1) || pg_temp.rng(0, 1440));
SELECT pg_temp.load_binary(pg_temp.hdr('UTC') || pg_temp.n16(1) || pg_temp.rng(540, 1020) ||
						   pg_temp.empty_days(6) || int4send(1) ||
						   pg_temp.day('2025-12-25') || pg_temp.n16(0));
\set SHOW_CONTEXT errors

-- ---------------------------------------------------------------------------
-- business_time: hand-checked values
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE cals (name text PRIMARY KEY, c calendar);
INSERT INTO cals VALUES
	('berlin', 'mon-fri 09:00-17:00; sat 10:00-14:00; tz Europe/Berlin; closed 2025-12-25, 2026-01-01'),
	('berlin_weekend_closed', 'mon-fri 09:00-17:00; sat 10:00-14:00; tz Europe/Berlin; closed 2025-12-27, 2025-12-28'),
	('ny', 'mon-fri 09:00-12:00, 13:00-17:00; tz America/New_York; closed 2025-12-24 13:00-24:00, 2025-12-25'),
	('ny_night', 'sun 00:30-01:30, 01:45-02:15, 02:40-03:50; tz America/New_York'),
	('ny_24_7', 'mon-sun 00:00-24:00; tz America/New_York'),
	('berlin_24_7', 'mon-sun 00:00-24:00; tz Europe/Berlin'),
	('lord_howe_24_7', 'mon-sun 00:00-24:00; tz Australia/Lord_Howe'),
	('lord_howe', 'mon-fri 09:00-17:00; tz Australia/Lord_Howe'),
	('kolkata', 'mon-fri 09:00-17:00; tz Asia/Kolkata'),
	('kolkata_24_7', 'mon-sun 00:00-24:00; tz Asia/Kolkata'),
	('chatham', 'mon-fri 09:00-17:00; tz Pacific/Chatham'),
	('chatham_24_7', 'mon-sun 00:00-24:00; tz Pacific/Chatham'),
	('midnight', 'mon-sun 22:00-24:00, 00:00-02:00; tz UTC; closed 2025-03-05');
CREATE FUNCTION pg_temp.cal(n text) RETURNS calendar LANGUAGE sql STABLE AS
	$$ SELECT c FROM cals WHERE name = n $$;

SELECT label, business_time(s, e, pg_temp.cal(cal)) AS business, e - s AS elapsed
FROM (VALUES
	-- Mon 08:00 to Tue 12:00 in Berlin: 8 h + 3 h
	('berlin weekdays', 'berlin', timestamptz '2025-03-03 08:00+01', timestamptz '2025-03-04 12:00+01'),
	-- Fri 12:00 EST to Mon 12:00 EDT across the spring-forward Sunday:
	-- Fri 12:00-17:00 less lunch 4 h, Mon 09:00-12:00 3 h; 09:00-17:00 stays local
	('ny across spring forward', 'ny', '2025-03-07 12:00-05', '2025-03-10 12:00-04'),
	('ny across fall back', 'ny', '2025-10-31 12:00-04', '2025-11-03 12:00-05'),
	-- 24/7 local days: 23 h and 25 h
	('ny 24/7 spring day', 'ny_24_7', '2025-03-09 00:00-05', '2025-03-10 00:00-04'),
	('ny 24/7 fall day', 'ny_24_7', '2025-11-02 00:00-04', '2025-11-03 00:00-05'),
	('berlin 24/7 spring day', 'berlin_24_7', '2025-03-30 00:00+01', '2025-03-31 00:00+02'),
	('berlin 24/7 fall day', 'berlin_24_7', '2025-10-26 00:00+02', '2025-10-27 00:00+01'),
	-- Lord Howe moves its clocks by 30 minutes: 24.5 h and 23.5 h days
	('lord howe 24/7 fall day', 'lord_howe_24_7', '2025-04-06 00:00+11', '2025-04-07 00:00+10:30'),
	('lord howe 24/7 spring day', 'lord_howe_24_7', '2025-10-05 00:00+10:30', '2025-10-06 00:00+11'),
	-- Fri 16:00 to Mon 10:00 over the fall-back weekend: 1 h + 1 h
	('lord howe weekdays', 'lord_howe', '2025-04-04 16:00+11', '2025-04-07 10:00+10:30'),
	-- +12:45 and +13:45: Chatham's 23 h and 25 h days; Mon 09:15-15:45 local
	('chatham 24/7 fall day', 'chatham_24_7', '2025-04-06 00:00+13:45', '2025-04-07 00:00+12:45'),
	('chatham 24/7 spring day', 'chatham_24_7', '2025-09-28 00:00+12:45', '2025-09-29 00:00+13:45'),
	('chatham weekday', 'chatham', '2025-06-01 20:30+00', '2025-06-02 03:00+00'),
	-- +05:30: 08:30 to 17:30 local is 09:00-17:00
	('kolkata weekday', 'kolkata', '2025-03-03 03:00+00', '2025-03-03 12:00+00'),
	('kolkata partial', 'kolkata', '2025-03-03 04:00+00', '2025-03-03 10:00+00'),
	-- across midnight: Mon 23:00 to Tue 01:00; Tue 23:00 to Wed 01:00, but
	-- Wed 2025-03-05 is closed
	('midnight', 'midnight', '2025-03-03 23:00+00', '2025-03-04 01:00+00'),
	('midnight into a closed date', 'midnight', '2025-03-04 23:00+00', '2025-03-05 01:00+00'),
	('midnight out of a closed date', 'midnight', '2025-03-05 23:00+00', '2025-03-06 01:00+00'),
	-- Christmas week in Berlin: Thu 25 closed, Sat 10:00-14:00: 8+8+8+0+8+4
	('berlin christmas week', 'berlin', '2025-12-22 00:00+01', '2025-12-29 00:00+01'),
	-- holidays on the weekend: Sat 27 loses its 4 h, Sun 28 had none
	('berlin weekend holidays', 'berlin_weekend_closed', '2025-12-22 00:00+01', '2025-12-29 00:00+01'),
	-- NY: Wed 24 closed from 13:00 (09:00-12:00 left), Thu 25 closed: 3 + 0 + 7
	('ny partial holiday', 'ny', '2025-12-24 00:00-05', '2025-12-27 00:00-05'),
	('ny inside the closed afternoon', 'ny', '2025-12-24 13:30-05', '2025-12-24 16:00-05'),
	-- a year: 261 weekdays * 8 h + 52 Saturdays * 4 h - Christmas 8 h
	('berlin 2025', 'berlin', '2025-01-01 00:00+01', '2026-01-01 00:00+01'),
	-- ten years: 2609 weekdays * 7 h - 4 h (Dec 24 afternoon) - 7 h (Dec 25)
	('ny 2020s', 'ny', '2020-01-01 00:00-05', '2030-01-01 00:00-05'),
	-- a 24/7 calendar is open all the time, whatever the zone does
	('berlin 24/7 two centuries', 'berlin_24_7', '1900-01-01 00:00+00', '2100-01-01 00:00+00'),
	('kolkata 24/7 a century', 'kolkata_24_7', '2000-01-01 00:00+00', '2100-01-01 00:00+00'),
	('empty span', 'berlin', '2025-03-03 10:00+01', '2025-03-03 10:00+01')
) v(label, cal, s, e);

-- Skipped and repeated wall-clock times (New York, Sunday hours 00:30-01:30,
-- 01:45-02:15, 02:40-03:50).  An ordinary Sunday: 60 + 30 + 70 minutes.
-- Spring forward (02:00 EST -> 03:00 EDT at 07:00 UTC): 02:15 and 02:40
-- do not exist and mean the jump: 00:30-01:30 EST 60 min, 01:45 EST to the
-- jump 15 min, the jump to 03:50 EDT 50 min.  Fall back (02:00 EDT -> 01:00
-- EST at 06:00 UTC): a repeated time means its later occurrence, so
-- 00:30 EDT to 01:30 EST is 2 h (the first pass through 01:00-02:00 stays
-- open, as 00:59 was), 01:45-02:15 EST 30 min, 02:40-03:50 70 min.
SELECT day, business_time(s, s + interval '25 hours', pg_temp.cal('ny_night')) AS business
FROM (VALUES ('ordinary Sunday', timestamptz '2025-03-16 00:00-04'),
			 ('spring forward', '2025-03-09 00:00-05'),
			 ('fall back', '2025-11-02 00:00-04')) v(day, s);
-- the pieces of the fall-back night, in UTC
SELECT s, e, business_time(s, e, pg_temp.cal('ny_night')) AS business
FROM (VALUES (timestamptz '2025-11-02 04:00+00', timestamptz '2025-11-02 05:00+00'),
			 ('2025-11-02 05:00+00', '2025-11-02 06:00+00'),
			 ('2025-11-02 06:00+00', '2025-11-02 06:30+00'),
			 ('2025-11-02 06:30+00', '2025-11-02 07:30+00')) v(s, e);

-- business_seconds is the same number in seconds; NULL in, NULL out
SELECT business_seconds('2025-03-03 08:00+01', '2025-03-03 09:30+01', pg_temp.cal('berlin')),
	   business_seconds('2025-03-03 08:00+01', '2025-03-04 12:00+01', pg_temp.cal('berlin')) / 3600 AS hours,
	   business_time(NULL, '2025-03-04 12:00+01', pg_temp.cal('berlin')) IS NULL AS null_start,
	   business_seconds('2025-03-03 08:00+01', '2025-03-04 12:00+01', NULL) IS NULL AS null_calendar;
-- errors: a span that ends before it starts, infinite times, too long
SELECT business_time('2025-03-04 12:00+00', '2025-03-03 08:00+00', pg_temp.cal('berlin'));
SELECT business_seconds('2025-03-03 08:00+00', 'infinity', pg_temp.cal('berlin'));
SELECT business_time('-infinity', '2025-03-03 08:00+00', pg_temp.cal('berlin'));
-- a span longer than an interval can hold (292 000 years)
SELECT business_time('4713-11-24 00:00+00 BC', '294276-12-31 23:59:59+00', pg_temp.cal('ny_24_7'));

-- ---------------------------------------------------------------------------
-- business_add: hand-checked deadlines
-- ---------------------------------------------------------------------------
SELECT label, business_add(s, n, pg_temp.cal(cal)) AS deadline
FROM (VALUES
	-- Mon 08:00: the clock starts at 09:00; 8 h end exactly at closing,
	-- 17:00 (16:00 UTC), not at the next opening
	('ends at closing time', 'berlin', timestamptz '2025-03-03 08:00+01', interval '8 hours'),
	-- Mon 16:00 + 2 h: 1 h Monday, Tue 09:00-10:00
	('overnight', 'berlin', '2025-03-03 16:00+01', '2 hours'),
	-- Sat 15:00 is closed: the clock starts Mon 09:00
	('start in closed time', 'berlin', '2025-03-08 15:00+01', '1 hour'),
	-- zero from closed time waits for the opening too: on a Mon-Fri
	-- calendar Sat 12:33 + 0 h is Mon 09:00 (03:30 UTC); Sat 15:00 Berlin
	-- is after Saturday's hours: Mon 09:00 (08:00 UTC); from open time it is
	-- the start itself
	('zero in closed time', 'kolkata', '2025-03-08 12:33+05:30', '0'),
	('zero after saturday hours', 'berlin', '2025-03-08 15:00+01', '0'),
	-- Fri 17:00 is closed ([09:00, 17:00)): Sat 10:00 (09:00 UTC)
	('zero at closing time', 'berlin', '2025-03-07 17:00+01', '0'),
	('zero at opening time', 'berlin', '2025-03-10 09:00+01', '0'),
	('zero in open time', 'berlin', '2025-03-10 12:33:00.000001+01', '0'),
	-- Wed 24 17:30: Thu 25 is closed, Fri 26 09:00
	('zero before a holiday', 'berlin', '2025-12-24 17:30+01', '0'),
	-- Sun 01:35 EST, between two night ranges: 01:45 EST
	('zero between night ranges', 'ny_night', '2025-03-09 06:35+00', '0'),
	-- Wed 24 16:00 + 2 h: 1 h, Thu 25 closed, Fri 26 09:00-10:00
	('over a holiday', 'berlin', '2025-12-24 16:00+01', '2 hours'),
	-- Fri 16:00 EST + 2 h: Mon 09:00-10:00 EDT (14:00 UTC)
	('ny over spring forward', 'ny', '2025-03-07 16:00-05', '2 hours'),
	-- lunch: 11:30 + 30 min ends at 12:00; + 1 h at 13:30
	('ny to lunch', 'ny', '2025-03-10 11:30-04', '30 minutes'),
	('ny over lunch', 'ny', '2025-03-10 11:30-04', '1 hour'),
	('ny 24/7 fall day', 'ny_24_7', '2025-11-02 00:00-04', '25 hours'),
	('lord howe 24/7 fall day', 'lord_howe_24_7', '2025-04-06 00:00+11', '24:30:00'),
	('lord howe 24/7 spring day', 'lord_howe_24_7', '2025-10-05 00:00+10:30', '23:30:00'),
	-- the spring-forward night: 60 min + 15 min end at the jump (07:00 UTC)
	('ny night at the jump', 'ny_night', '2025-03-09 05:00+00', '01:15:00'),
	('ny night past the jump', 'ny_night', '2025-03-09 05:00+00', '01:16:00'),
	-- the fall-back night: 00:30 EDT + 1:30 is 01:00 EST, the change itself
	('ny night fall back', 'ny_night', '2025-11-02 04:00+00', '01:30:00'),
	-- Fri 16:30 IST + 1 h: 30 min, Mon 09:00-09:30 IST (04:00 UTC)
	('kolkata over the weekend', 'kolkata', '2025-03-07 11:00+00', '1 hour'),
	-- Fri 16:45 (+12:45) + 30 min: 15 min, Mon 09:00-09:15 (+13:45)
	('chatham over spring forward', 'chatham', '2025-09-26 04:00+00', '30 minutes'),
	-- Mon 23:30 + 1 h: Tue 00:30 (midnight ranges)
	('over midnight', 'midnight', '2025-03-03 23:30+00', '1 hour'),
	-- Tue 23:30 + 1 h: 30 min, Wed 2025-03-05 closed all day, Thu 00:00-00:30
	('midnight into a closed date', 'midnight', '2025-03-04 23:30+00', '1 hour'),
	-- 18252 h of the ny calendar are its ten years of the 2020s
	('ten years', 'ny', '2020-01-01 00:00-05', '18252 hours')
) v(label, cal, s, n);
-- errors: days, months, negative amounts, infinite start, past the range
SELECT business_add('2025-03-03 08:00+00', interval '1 day', pg_temp.cal('berlin'));
SELECT business_add('2025-03-03 08:00+00', interval '1 month', pg_temp.cal('berlin'));
SELECT business_add('2025-03-03 08:00+00', interval '-1 hour', pg_temp.cal('berlin'));
SELECT business_add('infinity', interval '1 hour', pg_temp.cal('berlin'));
SELECT business_add('2025-03-03 08:00+00', interval '2000000000 hours', pg_temp.cal('berlin'));
SELECT business_add('294270-01-01 00:00+00', interval '100000 hours', pg_temp.cal('berlin'));
SELECT business_add('2025-03-03 08:00+00', NULL, pg_temp.cal('berlin')) IS NULL AS null_amount;

-- ---------------------------------------------------------------------------
-- Differential test: business_time against an independent plain-SQL
-- computation that expands every local day (weekly ranges minus closed
-- ranges), converts each range's ends with AT TIME ZONE (a skipped time: the
-- jump, found by bisection), and intersects
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE ref_week (cal_id int, dow int, a time, b time);
CREATE TEMP TABLE ref_closed (cal_id int, d date, a time, b time);
CREATE TEMP TABLE ref_zones (zone text);
CREATE TEMP TABLE ref_cals (cal_id int, txt text);
INSERT INTO ref_zones VALUES ('America/New_York'), ('Europe/Berlin'), ('Asia/Kolkata'),
	('Australia/Lord_Howe'), ('Pacific/Chatham');
INSERT INTO ref_cals VALUES
 (1, 'mon-fri 09:00-17:00; sat 10:00-14:00; closed 2024-12-25, 2024-12-28, 2024-12-29, 2025-03-09 10:00-11:00, 2025-12-25, 2026-01-01, 2026-10-04'),
 (2, 'mon-fri 09:00-12:00, 13:00-17:00; closed 2024-12-24 13:00-24:00, 2025-04-06 00:00-24:00, 2025-12-24 13:00-24:00, 2025-12-25, 2026-04-05 09:30-10:00, 11:00-11:30'),
 (3, 'mon-sun 00:00-24:00; closed 2025-03-09 01:30-02:30, 2025-11-02 01:00-01:45, 2025-12-25 08:00-20:00, 2026-03-29'),
 (4, 'mon-sun 01:15-02:15, 02:40-03:50, 22:00-24:00; closed 2025-03-30 02:00-03:00, 2025-10-05'),
 (5, 'tue,thu 07:00-11:30; sun 18:00-21:45; closed 2025-04-06, 2025-09-28 18:00-19:00');
INSERT INTO ref_week SELECT 1, d, '09:00', '17:00' FROM generate_series(1, 5) d;
INSERT INTO ref_week VALUES (1, 6, '10:00', '14:00');
INSERT INTO ref_week SELECT 2, d, r.a, r.b FROM generate_series(1, 5) d,
	(VALUES ('09:00'::time, '12:00'::time), ('13:00', '17:00')) r(a, b);
INSERT INTO ref_week SELECT 3, d, '00:00', '24:00' FROM generate_series(1, 7) d;
INSERT INTO ref_week SELECT 4, d, r.a, r.b FROM generate_series(1, 7) d,
	(VALUES ('01:15'::time, '02:15'::time), ('02:40', '03:50'), ('22:00', '24:00')) r(a, b);
INSERT INTO ref_week VALUES (5, 2, '07:00', '11:30'), (5, 4, '07:00', '11:30'), (5, 7, '18:00', '21:45');
INSERT INTO ref_closed VALUES
 (1, '2024-12-25', '00:00', '24:00'), (1, '2024-12-28', '00:00', '24:00'), (1, '2024-12-29', '00:00', '24:00'),
 (1, '2025-03-09', '10:00', '11:00'), (1, '2025-12-25', '00:00', '24:00'), (1, '2026-01-01', '00:00', '24:00'),
 (1, '2026-10-04', '00:00', '24:00'),
 (2, '2024-12-24', '13:00', '24:00'), (2, '2025-04-06', '00:00', '24:00'), (2, '2025-12-24', '13:00', '24:00'),
 (2, '2025-12-25', '00:00', '24:00'), (2, '2026-04-05', '09:30', '10:00'), (2, '2026-04-05', '11:00', '11:30'),
 (3, '2025-03-09', '01:30', '02:30'), (3, '2025-11-02', '01:00', '01:45'), (3, '2025-12-25', '08:00', '20:00'),
 (3, '2026-03-29', '00:00', '24:00'),
 (4, '2025-03-30', '02:00', '03:00'), (4, '2025-10-05', '00:00', '24:00'),
 (5, '2025-04-06', '00:00', '24:00'), (5, '2025-09-28', '18:00', '19:00');
CREATE TEMP TABLE ref_calendars AS
SELECT c.cal_id, z.zone, (c.txt || '; tz ' || z.zone)::calendar AS cal FROM ref_cals c, ref_zones z;
-- statistics for the reference's nested queries: without them the planner
-- assumes large tables, and JIT-compiles every call of ref_seconds_direct
ANALYZE ref_week, ref_closed, ref_zones, ref_cals;

-- wall-clock time to instant: AT TIME ZONE for a time that exists (a
-- repeated time: its later occurrence); a skipped time: the jump
CREATE FUNCTION pg_temp.ref_gap_utc(l timestamp, z text) RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	hi bigint := date_part('epoch', l AT TIME ZONE z)::bigint;
	lo bigint := hi - 6 * 3600;
	mid bigint;
BEGIN
	WHILE hi - lo > 1 LOOP
		mid := (lo + hi) / 2;
		IF (to_timestamp(mid) AT TIME ZONE z) >= l THEN hi := mid; ELSE lo := mid; END IF;
	END LOOP;
	RETURN to_timestamp(hi);
END $$;
CREATE FUNCTION pg_temp.ref_utc(l timestamp, z text) RETURNS timestamptz
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN ((l AT TIME ZONE z) AT TIME ZONE z) = l THEN l AT TIME ZONE z
				ELSE pg_temp.ref_gap_utc(l, z) END
$$;
-- a calendar's open local ranges on one day: each weekly range of the
-- day minus the day's closed ranges.  The pieces start at the weekly
-- range's start or at the end of a closed range inside it, wherever nothing
-- is closed, and run to the next start of a closed range or the weekly
-- range's end.  (Plain ranges and comparisons, no multiranges, which
-- PostgreSQL 13 lacks; a calendar's weekly ranges of one day never overlap.)
CREATE FUNCTION pg_temp.ref_day(c int, day date) RETURNS SETOF tsrange
LANGUAGE sql STABLE AS $$
	SELECT tsrange(day + p.t,
				   day + least(w.b, (SELECT min(x.a) FROM ref_closed x
									 WHERE x.cal_id = c AND x.d = day AND x.a > p.t)))
	FROM ref_week w
	CROSS JOIN LATERAL (SELECT w.a AS t
						UNION
						SELECT x.b FROM ref_closed x
						WHERE x.cal_id = c AND x.d = day AND x.b > w.a AND x.b < w.b) p
	WHERE w.cal_id = c AND w.dow = date_part('isodow', day)
	  AND NOT EXISTS (SELECT FROM ref_closed x
					  WHERE x.cal_id = c AND x.d = day AND x.a <= p.t AND p.t < x.b)
$$;
-- each calendar's open local ranges, day by day, mid-2022 to mid-2031
CREATE TEMP TABLE ref_local AS
SELECT c.cal_id, r AS local_range
FROM generate_series(0, date '2031-06-01' - date '2022-06-01') i
CROSS JOIN ref_cals c
CROSS JOIN LATERAL pg_temp.ref_day(c.cal_id, date '2022-06-01' + i) r;
-- ... as instants in each zone
CREATE TEMP TABLE ref_open AS
SELECT cal_id, zone, pg_temp.ref_utc(lower(local_range), zone) AS lo,
	   pg_temp.ref_utc(upper(local_range), zone) AS hi
FROM ref_local, ref_zones;
CREATE INDEX ON ref_open (cal_id, zone, hi);
ANALYZE ref_open;
CREATE FUNCTION pg_temp.ref_seconds(s timestamptz, e timestamptz, c int, z text) RETURNS numeric
LANGUAGE sql STABLE AS $$
	SELECT coalesce(pg_temp.interval_us(sum(least(e, hi) - greatest(s, lo))), 0) / 1000000
	FROM ref_open
	WHERE cal_id = c AND zone = z AND hi > s AND hi < e + interval '2 days' AND lo < e
$$;
-- the same, expanding the days of the span directly (for spans outside
-- the table: history with war time, double summer time, local mean time)
CREATE FUNCTION pg_temp.ref_seconds_direct(s timestamptz, e timestamptz, c int, z text) RETURNS numeric
LANGUAGE sql STABLE AS $$
	SELECT coalesce(pg_temp.interval_us(sum(least(e, hi) - greatest(s, lo))
										FILTER (WHERE least(e, hi) > greatest(s, lo))), 0) / 1000000
	FROM generate_series(0, (e AT TIME ZONE z)::date - (s AT TIME ZONE z)::date + 2) i
	CROSS JOIN LATERAL (SELECT (s AT TIME ZONE z)::date - 1 + i AS day) g
	CROSS JOIN LATERAL pg_temp.ref_day(c, g.day) r
	CROSS JOIN LATERAL (SELECT pg_temp.ref_utc(lower(r), z) AS lo, pg_temp.ref_utc(upper(r), z) AS hi) u
$$;

-- 2500 random spans of a minute to three years (half of them starting on a
-- quarter hour, so they hit openings, closings and offset changes), plus 30
-- spans of three to eight years, over 5 calendars x 5 zones in random order
CREATE TEMP TABLE spans AS
SELECT g AS id, c.cal_id, c.zone, c.cal, s, s + d AS e
FROM (
	SELECT g, 1 + floor(pg_temp.uniform(g, 4) * 25)::int AS k,
		   CASE WHEN pg_temp.uniform(g, 5) < 0.5
				THEN timestamptz '2022-07-01 00:00+00' + floor(pg_temp.uniform(g, 6) * 5 * 365 * 96) * interval '15 min'
				ELSE timestamptz '2022-07-01 00:00+00' + pg_temp.uniform(g, 7) * interval '1825 days' END AS s,
		   CASE WHEN g > 2500 THEN (3 + 5 * pg_temp.uniform(g, 8)) * interval '365 days'
				WHEN pg_temp.uniform(g, 9) < 0.05 THEN interval '0'
				WHEN pg_temp.uniform(g, 10) < 0.5 THEN round(exp(pg_temp.uniform(g, 11) * ln(3 * 365 * 1440))) * interval '1 min'
				ELSE exp(pg_temp.uniform(g, 12) * ln(3 * 365 * 1440)) * interval '1 min' END AS d
	FROM generate_series(1, 2530) g) r
JOIN (SELECT *, row_number() OVER (ORDER BY cal_id, zone) AS k FROM ref_calendars) c USING (k)
WHERE s + d < '2031-01-01';
SELECT count(*) AS spans, count(DISTINCT (cal_id, zone)) AS calendars,
	   count(*) FILTER (WHERE pg_temp.interval_us(business_time(s, e, cal)) / 1000000 = pg_temp.ref_seconds(s, e, cal_id, zone)) AS equal,
	   count(*) FILTER (WHERE business_seconds(s, e, cal) = pg_temp.ref_seconds(s, e, cal_id, zone)::float8) AS equal_seconds
FROM spans;
SELECT id, cal_id, zone, s, e, business_time(s, e, cal), pg_temp.ref_seconds(s, e, cal_id, zone)
FROM spans WHERE pg_temp.interval_us(business_time(s, e, cal)) / 1000000 <> pg_temp.ref_seconds(s, e, cal_id, zone);

-- 150 historical spans (1940-2000: war time, double summer time) and a
-- few far ones (local mean time, extrapolated rules), against the direct
-- expansion
CREATE TEMP TABLE hspans AS
SELECT g AS id, c.cal_id, c.zone, c.cal, s, s + d AS e
FROM (SELECT g, 1 + floor(pg_temp.uniform(g, 20) * 25)::int AS k,
			 timestamptz '1940-01-01 00:00+00' + floor(pg_temp.uniform(g, 21) * 60 * 365 * 96) * interval '15 min' AS s,
			 exp(pg_temp.uniform(g, 22) * ln(30 * 1440)) * interval '1 min' AS d
	  FROM generate_series(1, 150) g) r
JOIN (SELECT *, row_number() OVER (ORDER BY cal_id, zone) AS k FROM ref_calendars) c USING (k);
INSERT INTO hspans
SELECT 1000 + row_number() OVER (), c.cal_id, c.zone, c.cal, s, s + d
FROM ref_calendars c,
	 (VALUES (timestamptz '1945-05-20 00:00+00', interval '10 days'), ('1947-04-01', '60 days'),
			 ('1893-03-25', '12 days'), ('1880-01-01', '30 days'), ('1981-10-20', '20 days'),
			 ('2099-03-01', '40 days'), ('2399-10-01', '45 days')) v(s, d)
WHERE c.cal_id IN (3, 4);
-- beyond its transition table, a zone's changes are extrapolated; the
-- walk crosses the second where PostgreSQL's lookup reports none (Chatham,
-- 2769-09-27 14:00 UTC)
INSERT INTO hspans
SELECT 2000 + row_number() OVER (), cal_id, zone, cal, '2769-06-01 00:00+00', '2771-06-01 00:00+00'
FROM ref_calendars WHERE cal_id = 4;
SELECT count(*) AS spans,
	   count(*) FILTER (WHERE pg_temp.interval_us(business_time(s, e, cal)) / 1000000 = pg_temp.ref_seconds_direct(s, e, cal_id, zone)) AS equal
FROM hspans;
SELECT id, cal_id, zone, s, e, business_time(s, e, cal), pg_temp.ref_seconds_direct(s, e, cal_id, zone)
FROM hspans WHERE pg_temp.interval_us(business_time(s, e, cal)) / 1000000 <> pg_temp.ref_seconds_direct(s, e, cal_id, zone);

-- ---------------------------------------------------------------------------
-- The inverse property: business_time(s, business_add(s, n, cal), cal) = n,
-- business_add gives the earliest such instant, and the independent
-- computation agrees
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE adds AS
SELECT g AS id, c.cal_id, c.zone, c.cal, s, n
FROM (SELECT g, 1 + floor(pg_temp.uniform(g, 30) * 25)::int AS k,
			 CASE WHEN pg_temp.uniform(g, 31) < 0.5
				  THEN timestamptz '2022-07-01 00:00+00' + floor(pg_temp.uniform(g, 32) * 4 * 365 * 96) * interval '15 min'
				  ELSE timestamptz '2022-07-01 00:00+00' + pg_temp.uniform(g, 33) * interval '1460 days' END AS s,
			 CASE WHEN pg_temp.uniform(g, 34) < 0.05 THEN interval '0'
				  WHEN pg_temp.uniform(g, 35) < 0.5 THEN round(exp(pg_temp.uniform(g, 36) * ln(2000 * 60))) * interval '1 min'
				  ELSE exp(pg_temp.uniform(g, 37) * ln(2000 * 60)) * interval '1 min' END AS n
	  FROM generate_series(1, 3000) g) r
JOIN (SELECT *, row_number() OVER (ORDER BY cal_id, zone) AS k FROM ref_calendars) c USING (k);
CREATE TEMP TABLE added AS SELECT *, business_add(s, n, cal) AS t FROM adds;
SELECT count(*) AS tried,
	   count(*) FILTER (WHERE business_time(s, t, cal) = n) AS inverse,
	   -- zero: t is open (its first microsecond is open time); more: one
	   -- microsecond earlier is too early
	   count(*) FILTER (WHERE n = '0' AND business_time(s, t + interval '1 microsecond', cal) = interval '1 microsecond' OR
						n > '0' AND business_time(s, t - interval '1 microsecond', cal) < n) AS earliest,
	   count(*) FILTER (WHERE pg_temp.ref_seconds(s, t, cal_id, zone) = pg_temp.interval_us(n) / 1000000) AS reference_inverse,
	   count(*) FILTER (WHERE n = '0' OR pg_temp.ref_seconds(s, t - interval '1 microsecond', cal_id, zone)
										  < pg_temp.interval_us(n) / 1000000) AS reference_earliest
FROM added;
