-- staffing.sql: Erlang C staffing (src/erlang.c): two published worked
-- examples, hand-checked small queues, the textbook formula (sums of
-- A^k / k! in numeric) on a grid and for a thousand agents, the fewest
-- agents against a search over the other functions, a discrete-event
-- simulation of the M/M/c queue, bad input, and parallel plans.

-- shared helpers, the same on every PostgreSQL version: the data generator
-- pg_temp.uniform(key, stream) (never random())
\set ECHO none
\i test/lib.sql
\set ECHO all
-- no JIT: compiling the generator's long inlined expressions takes longer
-- than running them
SET jit = off;
SET extra_float_digits = 0;
SET IntervalStyle = 'postgres';

-- ---------------------------------------------------------------------------
-- Published worked examples
-- ---------------------------------------------------------------------------

-- Call Centre Helper, "Erlang C Formula - Made Simple With an Easy Worked
-- Example" (callcentrehelper.com/erlang-c-formula-example-121281.htm), as
-- worked by the R package ErlangC 0.1.0 (its README on rdocumentation.org,
-- packages/ErlangC/versions/0.1.0) and by pyworkforce 0.1.0 (its README on
-- pypi.org/project/pyworkforce/0.1.0): 100 calls in 30 minutes, average
-- handle time 180 s, 80 % to be answered within 20 s, occupancy at most
-- 85 %.  Published: 10 erlangs; with 11 agents a wait probability of
-- 0.6821182; with 14 agents 0.1741319 (pyworkforce 0.1741319335950498), a
-- service level of 0.88835 (0.8883500191794669), an average speed of
-- answer of 7.83593701177724 s and an occupancy of 0.7142857; 14 agents
-- needed.  13 agents give 0.7956 < 0.8 (worked by hand from the same
-- formulas: Pw = 0.285270, 1 - 0.285270 * exp(-3 * 20 / 180) = 0.795595).
SELECT erlang_c_traffic(100, '180 seconds', '30 minutes') AS erlangs;
SELECT agents,
	   round(erlang_c_wait_probability(100, '180 seconds', '30 minutes', agents)::numeric, 7) AS pw,
	   round(erlang_c_service_level(100, '180 seconds', '30 minutes', agents, '20 seconds')::numeric, 7) AS sl,
	   erlang_c_asa(100, '180 seconds', '30 minutes', agents) AS asa,
	   round(erlang_c_asa_seconds(100, '180 seconds', '30 minutes', agents)::numeric, 7) AS asa_s,
	   round(erlang_c_occupancy(100, '180 seconds', '30 minutes', agents)::numeric, 7) AS occupancy
FROM generate_series(11, 15) AS agents;
-- the published figures, to the digits given
SELECT round(erlang_c_wait_probability(100, '180 seconds', '30 minutes', 11)::numeric, 7) = 0.6821182 AS pw_11,
	   round(erlang_c_wait_probability(100, '180 seconds', '30 minutes', 14)::numeric, 7) = 0.1741319 AS pw_14,
	   round(erlang_c_service_level(100, '180 seconds', '30 minutes', 14, '20 seconds')::numeric, 5) = 0.88835 AS sl_14,
	   abs(erlang_c_asa_seconds(100, '180 seconds', '30 minutes', 14) - 7.83593701177724) < 1e-12 AS asa_14,
	   round(erlang_c_occupancy(100, '180 seconds', '30 minutes', 14)::numeric, 7) = 0.7142857 AS occupancy_14,
	   erlang_c_agents(100, '180 seconds', '30 minutes', 0.8, '20 seconds', 0.85) = 14 AS agents_needed;
-- without the occupancy cap 14 as well (13 misses 80 %); a 70 % cap needs
-- ceil(10 / 0.7) = 15; 90 % within 20 s needs 15 (14 give 88.8 %)
SELECT erlang_c_agents(100, '180 seconds', '30 minutes', 0.8, '20 seconds') AS no_cap,
	   erlang_c_agents(100, '180 seconds', '30 minutes', 0.8, '20 seconds', 0.7) AS cap_70,
	   erlang_c_agents(100, '180 seconds', '30 minutes', 0.9, '20 seconds') AS sl_90;

-- Mitan, "The Erlang-C formula" (mitan.co.uk/erlang/elgcmath.htm), the
-- example its step-by-step calculation uses: 360 calls per half hour, an
-- average call duration of 4 minutes, 55 agents, a target answer time of
-- 15 s.  Worked by hand: traffic 360 * 240 / 1800 = 48 erlangs, occupancy
-- 48 / 55 = 0.8727; the textbook sums give Pw = 0.2387 (checked below
-- against pg_temp.textbook_erlang_c), so the ASA is 0.2387 * 240 / 7 =
-- 8.18 s and the service level 1 - 0.2387 * exp(-7 * 15 / 240) = 0.8459.
SELECT erlang_c_traffic(360, '4 minutes', '30 minutes') AS erlangs,
	   round(erlang_c_occupancy(360, '4 minutes', '30 minutes', 55)::numeric, 4) AS occupancy,
	   round(erlang_c_wait_probability(360, '4 minutes', '30 minutes', 55)::numeric, 4) AS pw,
	   erlang_c_asa(360, '4 minutes', '30 minutes', 55) AS asa,
	   round(erlang_c_service_level(360, '4 minutes', '30 minutes', 55, '15 seconds')::numeric, 4) AS sl_15s,
	   erlang_c_agents(360, '4 minutes', '30 minutes', 0.8, '15 seconds') AS agents_80_15;

-- ---------------------------------------------------------------------------
-- Hand checks
-- ---------------------------------------------------------------------------

-- One agent (M/M/1): Pw is the occupancy rho = A; ASA = rho * aht /
-- (1 - rho); SL(t) = 1 - rho * exp(-(1 - rho) t / aht).  15 calls of 60 s
-- in 30 minutes: rho = 0.5, ASA 60 s, SL(20 s) = 1 - 0.5 * exp(-1/6) =
-- 0.576759.  Two agents (M/M/2): Pw = A^2 / (2 + A); A = 1: 1/3, ASA =
-- (1/3) * 60 / 1 = 20 s.
SELECT erlang_c_wait_probability(15, '60 seconds', '30 minutes', 1) AS mm1_pw,
	   erlang_c_asa(15, '60 seconds', '30 minutes', 1) AS mm1_asa,
	   round(erlang_c_service_level(15, '60 seconds', '30 minutes', 1, '20 seconds')::numeric, 6) AS mm1_sl,
	   round(erlang_c_wait_probability(30, '60 seconds', '30 minutes', 2)::numeric, 15) AS mm2_pw,
	   erlang_c_asa(30, '60 seconds', '30 minutes', 2) AS mm2_asa;
-- M/M/1 on a grid of loads: Pw = rho to rounding, ASA = rho/(1-rho) * aht
SELECT count(*) AS loads,
	   bool_and(abs(erlang_c_wait_probability(n, '60 seconds', '100 minutes', 1) - n / 100.0) < 1e-15) AS pw_is_rho,
	   bool_and(abs(erlang_c_asa_seconds(n, '60 seconds', '100 minutes', 1) - n / (100.0 - n) * 60) < 1e-9) AS asa_ok
FROM generate_series(1, 99) AS n;
-- a target answer time of 0 gives 1 - Pw; the service level grows with it
SELECT erlang_c_service_level(30, '60 seconds', '30 minutes', 2, '0') = 1 - erlang_c_wait_probability(30, '60 seconds', '30 minutes', 2) AS sl_at_zero,
	   erlang_c_service_level(30, '60 seconds', '30 minutes', 2, '10 seconds')
		 < erlang_c_service_level(30, '60 seconds', '30 minutes', 2, '20 seconds') AS grows;
-- arrivals may be a bigint (a count), numeric or fractional (a forecast);
-- a day is 24 hours
SELECT erlang_c_traffic(count(*), '3 minutes', '30 minutes') AS from_count,
	   erlang_c_traffic(12.5::numeric, '3 minutes', '30 minutes') AS from_numeric,
	   erlang_c_traffic(48, '1 hour', '1 day') AS per_day,
	   erlang_c_traffic(48, '1 hour', '24 hours') AS per_24_hours
FROM generate_series(1, 100);

-- No traffic: nobody waits, no agent is needed, whatever the staffing.
SELECT erlang_c_wait_probability(0, '3 minutes', '30 minutes', 0) AS pw_0_agents,
	   erlang_c_wait_probability(0, '3 minutes', '30 minutes', 3) AS pw,
	   erlang_c_service_level(0, '3 minutes', '30 minutes', 0, '0') AS sl,
	   erlang_c_asa(0, '3 minutes', '30 minutes', 0) AS asa,
	   erlang_c_occupancy(0, '3 minutes', '30 minutes', 2) AS occupancy,
	   erlang_c_agents(0, '3 minutes', '30 minutes', 0.8, '20 seconds', 0.85) AS agents;
-- No more agents than erlangs (here 10): the queue grows without bound.
-- Every contact waits, none is answered within any time, the mean wait is
-- infinite, every agent is always busy.
SELECT agents, erlang_c_wait_probability(100, '180 seconds', '30 minutes', agents) AS pw,
	   erlang_c_service_level(100, '180 seconds', '30 minutes', agents, '1 hour') AS sl,
	   erlang_c_asa_seconds(100, '180 seconds', '30 minutes', agents) AS asa_s,
	   erlang_c_occupancy(100, '180 seconds', '30 minutes', agents) AS occupancy
FROM unnest('{0,1,9,10}'::int[]) AS agents;
-- just above the traffic, a long but finite wait
SELECT erlang_c_asa(100, '180 seconds', '30 minutes', 11) > '00:02:00' AS long_wait,
	   erlang_c_wait_probability(99.999, '180 seconds', '30 minutes', 10) > 0.9999 AS nearly_all_wait;

-- ---------------------------------------------------------------------------
-- The textbook formula, independently: Pw = (A^c / c! * c / (c - A)) /
-- (sum_{k<c} A^k / k! + A^c / c! * c / (c - A)), in numeric with powers
-- and factorials (no recursion); SL and ASA from it with numeric exp().
-- ---------------------------------------------------------------------------

-- A = p / q erlangs with p and q whole numbers: multiplied through by
-- q^c * c!, the terms are the whole numbers y_k = p^k q^(c-k) c! / k!,
-- each from the one before by y_(k+1) = y_k * p / (q (k + 1)), an exact
-- division; so the sum is exact (a tiny A^k / k! would round to 0 in
-- numeric division), and only the last division rounds.
CREATE FUNCTION pg_temp.textbook_erlang_c(p numeric, q numeric, c int) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT AS $$
	WITH RECURSIVE terms(k, y) AS (
		SELECT 0, power(q, c) * factorial(c)
		UNION ALL
		SELECT k + 1, div(y * p, q * (k + 1)) FROM terms WHERE k + 1 < c
	)
	SELECT top / ((SELECT sum(y) FROM terms) + top)
	FROM (SELECT power(p, c) * c * q / (c * q - p) AS top) AS x
$$;

-- a grid: 5 call volumes x 3 handle times, 15 staffing levels above each
-- traffic (1 to 98 agents), target 20 s; relative error under 1e-11
CREATE TEMP TABLE grid AS
SELECT arrivals, aht, agents, aht_s, arrivals * aht_s AS p, arrivals * aht_s / 1800 AS a_exact
FROM unnest('{1,7,50,100,333}'::int[]) AS arrivals,
	 unnest('{30 seconds,3 minutes,7 minutes 30 seconds}'::interval[]) AS aht,
	 LATERAL (SELECT extract(epoch FROM aht)::numeric AS aht_s) AS d,
	 generate_series(1, 15) AS step,
	 LATERAL (SELECT (floor(arrivals * aht_s / 1800) + step)::int AS agents) AS s;
CREATE TEMP TABLE grid_check AS
SELECT g.*, pg_temp.textbook_erlang_c(p, 1800, agents) AS pw_exact,
	   erlang_c_wait_probability(arrivals, aht, '30 minutes', agents) AS pw,
	   erlang_c_service_level(arrivals, aht, '30 minutes', agents, '20 seconds') AS sl,
	   erlang_c_asa_seconds(arrivals, aht, '30 minutes', agents) AS asa_s
FROM grid AS g;
SELECT count(*) AS cases, min(agents) AS min_agents, max(agents) AS max_agents,
	   bool_and(abs(pw::numeric - pw_exact) <= 1e-11 * pw_exact) AS pw_ok,
	   bool_and(abs(sl::numeric - (1 - pw_exact * exp(-(agents - a_exact) * 20 / aht_s)))
				<= 1e-11) AS sl_ok,
	   bool_and(abs(asa_s::numeric - pw_exact * aht_s / (agents - a_exact))
				<= 1e-11 * pw_exact * aht_s / (agents - a_exact)) AS asa_ok
FROM grid_check;
-- the Mitan example's Pw from the textbook sums
SELECT round(pg_temp.textbook_erlang_c(48, 1, 55), 4) AS mitan_pw;

-- Hundreds of agents: 900 erlangs (A^c / c! alone is about 1e388 there,
-- beyond double precision).  The recursion agrees with the textbook sums
-- to 1e-10 relative.
SELECT agents, round(pw_exact, 10) AS pw_exact,
	   abs(erlang_c_wait_probability(900, '1 hour', '1 hour', agents)::numeric - pw_exact)
		 <= 1e-10 * pw_exact AS agrees
FROM unnest('{901,910,930,960,1000}'::int[]) AS agents,
	 LATERAL pg_temp.textbook_erlang_c(900, 1, agents) AS pw_exact;
-- From 901 to 3000 agents: probabilities in [0, 1], Pw and the ASA
-- falling until Pw underflows to 0 (near 2300 agents: B(k) shrinks by
-- about 900 / k a step), SL never falling
SELECT count(*) AS staffings,
	   bool_and(pw >= 0 AND pw <= 1 AND sl >= 0 AND sl <= 1) AS in_range,
	   bool_and(pw < prev_pw OR pw = 0) AS pw_falls,
	   bool_and(sl >= prev_sl) AS sl_never_falls,
	   bool_and(asa_s < prev_asa OR asa_s = 0) AS asa_falls,
	   min(agents) FILTER (WHERE pw = 0) BETWEEN 2000 AND 3000 AS underflows_late
FROM (SELECT agents, pw, sl, asa_s, lag(pw) OVER w AS prev_pw, lag(sl) OVER w AS prev_sl,
			 lag(asa_s) OVER w AS prev_asa
	  FROM (SELECT agents, erlang_c_wait_probability(900, '1 hour', '1 hour', agents) AS pw,
				   erlang_c_service_level(900, '1 hour', '1 hour', agents, '20 seconds') AS sl,
				   erlang_c_asa_seconds(900, '1 hour', '1 hour', agents) AS asa_s
			FROM generate_series(901, 3000) AS agents) AS s
	  WINDOW w AS (ORDER BY agents)) AS x
WHERE prev_pw IS NOT NULL;
-- 900 erlangs at 80/20: 930 agents (Pw 0.2280 above: 1 - 0.2280 *
-- exp(-30 * 20 / 3600) = 0.807), and 929 fall short
SELECT erlang_c_agents(900, '1 hour', '1 hour', 0.8, '20 seconds') AS agents,
	   erlang_c_service_level(900, '1 hour', '1 hour', 929, '20 seconds') < 0.8 AS one_less_misses,
	   erlang_c_service_level(900, '1 hour', '1 hour', 930, '20 seconds') >= 0.8 AS meets;

-- ---------------------------------------------------------------------------
-- erlang_c_agents is the fewest agents that meet both targets, by a plain
-- search over erlang_c_service_level and erlang_c_occupancy
-- ---------------------------------------------------------------------------

SELECT count(*) AS cases,
	   bool_and(agents = searched) AS fewest_ok
FROM (SELECT arrivals, aht, sl_target, t, cap,
			 erlang_c_agents(arrivals, aht, '30 minutes', sl_target, t, cap) AS agents,
			 (SELECT min(c) FROM generate_series(1, 500) AS c
			  WHERE erlang_c_service_level(arrivals, aht, '30 minutes', c, t) >= sl_target
				AND erlang_c_occupancy(arrivals, aht, '30 minutes', c) <= cap
				AND c > erlang_c_traffic(arrivals, aht, '30 minutes')) AS searched
	  FROM unnest('{1,7,50,100,333}'::float8[]) AS arrivals,
		   unnest('{30 seconds,3 minutes,7 minutes 30 seconds}'::interval[]) AS aht,
		   unnest('{0.5,0.8,0.95}'::float8[]) AS sl_target,
		   unnest('{0 seconds,20 seconds,2 minutes}'::interval[]) AS t,
		   unnest('{0.6,0.85,1}'::float8[]) AS cap) AS x;
-- the 5-argument form is the 6-argument form with a cap of 1
SELECT bool_and(erlang_c_agents(n, '3 minutes', '30 minutes', 0.8, '20 seconds')
				= erlang_c_agents(n, '3 minutes', '30 minutes', 0.8, '20 seconds', 1)) AS no_cap_is_cap_1
FROM generate_series(0, 300, 7) AS n;

-- ---------------------------------------------------------------------------
-- Simulation: a discrete-event simulation of the M/M/c queue, first come
-- first served, independent of the formulas.  Arrival gaps and handle
-- times are exponential, -ln(1 - U) times their means, with U from the
-- test generator (two streams per configuration).  Each call goes to the
-- agent free earliest; its wait is how long until that agent is free.
-- The first 5000 calls warm the queue up and are dropped; the next
-- 200000 are cut into 20 batches of 10000, and the share of calls that
-- waited and the share answered within the target are averaged over the
-- batches, with the standard error of that mean from the spread of the
-- batch means (batch means: calls close in time are correlated, batches
-- of 10000 nearly are not).  The formula must lie within 4 standard errors
-- of the simulation (a check that a correct formula fails by chance about
-- once in 1300, Student's t with 19 degrees of freedom, if the batch means
-- are independent and normal; the data is fixed, so the outcome is too),
-- and one agent fewer or more must not.  The
-- simulation must also be precise: 4 standard errors under 0.04.  About
-- 6 s.
-- ---------------------------------------------------------------------------

CREATE FUNCTION pg_temp.simulate_mmc(stream int, arrivals float8, aht_s float8, length_s float8,
									 agents int, target_s float8)
RETURNS TABLE (pw float8, pw_se float8, sl float8, sl_se float8)
LANGUAGE plpgsql AS $$
DECLARE
	warmup CONSTANT int := 5000;
	batch CONSTANT int := 10000;
	batches CONSTANT int := 20;
	free float8[] := array_fill(0::float8, ARRAY[agents]);	-- when each agent is next free
	waited int[] := array_fill(0, ARRAY[batches]);
	within int[] := array_fill(0, ARRAY[batches]);
	now_s float8 := 0;
	r record;
	best int;
	start float8;
	b int;
BEGIN
	FOR r IN SELECT g, -ln(1 - pg_temp.uniform(g, stream)) * length_s / arrivals AS gap,
					-ln(1 - pg_temp.uniform(g, stream + 1)) * aht_s AS handle
			 FROM generate_series(1, warmup + batch * batches) AS g LOOP
		now_s := now_s + r.gap;
		best := 1;
		FOR j IN 2..agents LOOP
			IF free[j] < free[best] THEN
				best := j;
			END IF;
		END LOOP;
		start := greatest(now_s, free[best]);
		free[best] := start + r.handle;
		IF r.g > warmup THEN
			b := (r.g - warmup - 1) / batch + 1;
			IF start > now_s THEN
				waited[b] := waited[b] + 1;
			END IF;
			IF start - now_s <= target_s THEN
				within[b] := within[b] + 1;
			END IF;
		END IF;
	END LOOP;
	RETURN QUERY
	SELECT avg(w::float8 / batch), stddev_samp(w::float8 / batch) / sqrt(batches),
		   avg(s::float8 / batch), stddev_samp(s::float8 / batch) / sqrt(batches)
	FROM unnest(waited, within) AS u(w, s);
END $$;

-- one agent at 50 % (M/M/1), 4 erlangs on 5 agents, and the published
-- example (10 erlangs, 14 agents); targets 20 s, 30 s, 20 s
CREATE TEMP TABLE sim AS
SELECT cfg.*, s.*
FROM (VALUES (1, 15.0, 60.0, 1, 20.0), (11, 40.0, 180.0, 5, 30.0), (21, 100.0, 180.0, 14, 20.0))
	 AS cfg(stream, arrivals, aht_s, agents, target_s),
	 LATERAL pg_temp.simulate_mmc(stream, arrivals, aht_s, 1800, agents, target_s) AS s;
SELECT agents,
	   abs(pw - erlang_c_wait_probability(arrivals, aht_s * interval '1 second', '30 minutes', agents))
		 <= 4 * pw_se AS pw_within_4_se,
	   abs(sl - erlang_c_service_level(arrivals, aht_s * interval '1 second', '30 minutes', agents,
									   target_s * interval '1 second')) <= 4 * sl_se AS sl_within_4_se,
	   4 * pw_se < 0.04 AND 4 * sl_se < 0.04 AS precise,
	   abs(pw - erlang_c_wait_probability(arrivals, aht_s * interval '1 second', '30 minutes', agents + 1))
		 > 4 * pw_se AS one_more_agent_detected,
	   agents = 1 OR abs(pw - erlang_c_wait_probability(arrivals, aht_s * interval '1 second', '30 minutes', agents - 1))
		 > 4 * pw_se AS one_less_agent_detected
FROM sim ORDER BY agents;

-- every function of this family has a comment and is immutable, strict
-- and parallel safe: 8 functions
SELECT count(*) AS functions, count(*) FILTER (WHERE obj_description(oid, 'pg_proc') IS NULL) AS uncommented,
	   bool_and(provolatile = 'i' AND proisstrict AND proparallel = 's') AS immutable_strict_parallel_safe
FROM pg_proc WHERE proname LIKE 'erlang\_c\_%';

-- ---------------------------------------------------------------------------
-- Bad input: SQLSTATE, the value in the detail, a hint
-- ---------------------------------------------------------------------------

SELECT erlang_c_wait_probability(-1, '3 minutes', '30 minutes', 5);
SELECT erlang_c_wait_probability('NaN', '3 minutes', '30 minutes', 5);
SELECT erlang_c_wait_probability('Infinity', '3 minutes', '30 minutes', 5);
SELECT erlang_c_wait_probability(100, '0', '30 minutes', 5);
SELECT erlang_c_wait_probability(100, '-3 minutes', '30 minutes', 5);
SELECT erlang_c_wait_probability(100, '3 minutes', '0', 5);
SELECT erlang_c_wait_probability(100, '3 minutes', '1 mon', 5);
SELECT erlang_c_wait_probability(100, '1 mon -29 days', '30 minutes', 5);
SELECT erlang_c_wait_probability(100, '3 minutes', '30 minutes', -1);
SELECT erlang_c_service_level(100, '3 minutes', '30 minutes', 12, '-1 second');
SELECT erlang_c_service_level(100, '3 minutes', '30 minutes', 12, '1 mon');
SELECT erlang_c_wait_probability(1e7, '1 hour', '1 hour', 5);
SELECT erlang_c_asa(100, '3 minutes', '30 minutes', 10);
SELECT erlang_c_asa(0.999999999999999, '1 hour', '1 hour', 1);
SELECT erlang_c_agents(100, '3 minutes', '30 minutes', 80, '20 seconds');
SELECT erlang_c_agents(100, '3 minutes', '30 minutes', 0, '20 seconds');
SELECT erlang_c_agents(100, '3 minutes', '30 minutes', 1, '20 seconds');
SELECT erlang_c_agents(100, '3 minutes', '30 minutes', 'NaN', '20 seconds');
SELECT erlang_c_agents(100, '3 minutes', '30 minutes', 0.8, '-20 seconds');
SELECT erlang_c_agents(100, '3 minutes', '30 minutes', 0.8, '20 seconds', 0);
SELECT erlang_c_agents(100, '3 minutes', '30 minutes', 0.8, '20 seconds', 85);
-- a cap that needs more agents than the search goes to (1e6 erlangs at
-- 9 % occupancy: over 11 million agents)
SELECT erlang_c_agents(1e6, '1 hour', '1 hour', 0.8, '20 seconds', 0.09);
-- NULL in, NULL out (strict)
SELECT erlang_c_agents(NULL, '3 minutes', '30 minutes', 0.8, '20 seconds') IS NULL AS null_arrivals,
	   erlang_c_service_level(100, '3 minutes', '30 minutes', 12, NULL) IS NULL AS null_target;

-- ---------------------------------------------------------------------------
-- Parallel plans: the functions run in the workers of a parallel scan and
-- give the serial results
-- ---------------------------------------------------------------------------

CREATE TABLE staffing_par AS
SELECT g, floor(500 * pg_temp.uniform(g, 1))::int AS arrivals,
	   interval '1 second' * (30 + floor(600 * pg_temp.uniform(g, 2))) AS aht
FROM generate_series(1, 20000) AS g;
ANALYZE staffing_par;
CREATE TEMP VIEW staffing_results AS
SELECT g, erlang_c_agents(arrivals, aht, '30 minutes', 0.8, '20 seconds', 0.85) AS agents,
	   erlang_c_service_level(arrivals, aht, '30 minutes', 40, '20 seconds') AS sl,
	   erlang_c_asa_seconds(arrivals, aht, '30 minutes', 40) AS asa_s
FROM staffing_par;
CREATE TEMP TABLE staffing_serial AS SELECT * FROM staffing_results;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT * FROM staffing_results;
SELECT count(*) AS rows_compared,
	   bool_and(row(p.*)::text = row(s.*)::text) AS parallel_equals_serial
FROM staffing_results AS p JOIN staffing_serial AS s USING (g);
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

DROP TABLE staffing_par CASCADE;
