-- ---------------------------------------------------------------------------
-- Erlang C staffing (src/erlang.c): the M/M/c model of a contact-centre
-- queue (Poisson arrivals, exponential handle times, no abandonment).
-- arrivals are contacts offered per interval_length (a count: bigint and
-- numeric arguments cast to double precision); aht is the mean handle time;
-- durations are intervals without months.  Probabilities, service levels,
-- occupancies and targets are fractions in [0, 1], not %.  Scalar, so
-- immutable, strict and parallel safe.
-- ---------------------------------------------------------------------------

CREATE FUNCTION erlang_c_traffic(arrivals double precision, aht interval, interval_length interval)
	RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION erlang_c_wait_probability(arrivals double precision, aht interval, interval_length interval,
										  agents integer)
	RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION erlang_c_service_level(arrivals double precision, aht interval, interval_length interval,
									   agents integer, target_answer_time interval)
	RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION erlang_c_asa(arrivals double precision, aht interval, interval_length interval,
							 agents integer)
	RETURNS interval
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION erlang_c_asa_seconds(arrivals double precision, aht interval, interval_length interval,
									 agents integer)
	RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION erlang_c_occupancy(arrivals double precision, aht interval, interval_length interval,
								   agents integer)
	RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION erlang_c_agents(arrivals double precision, aht interval, interval_length interval,
								target_service_level double precision, target_answer_time interval)
	RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION erlang_c_agents(arrivals double precision, aht interval, interval_length interval,
								target_service_level double precision, target_answer_time interval,
								max_occupancy double precision)
	RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION erlang_c_traffic(double precision, interval, interval) IS
	'Erlang C: offered traffic in erlangs, arrivals per interval_length * average handle time / interval_length';
COMMENT ON FUNCTION erlang_c_wait_probability(double precision, interval, interval, integer) IS
	'Erlang C: probability that a contact waits (0-1) with the given agents; 1 when agents <= traffic (the queue grows without bound)';
COMMENT ON FUNCTION erlang_c_service_level(double precision, interval, interval, integer, interval) IS
	'Erlang C: expected share of contacts (0-1) answered within target_answer_time with the given agents; 0 when agents <= traffic';
COMMENT ON FUNCTION erlang_c_asa(double precision, interval, interval, integer) IS
	'Erlang C: average speed of answer (mean wait of all contacts) with the given agents; error when agents <= traffic (infinite)';
COMMENT ON FUNCTION erlang_c_asa_seconds(double precision, interval, interval, integer) IS
	'Erlang C: average speed of answer in seconds with the given agents; Infinity when agents <= traffic';
COMMENT ON FUNCTION erlang_c_occupancy(double precision, interval, interval, integer) IS
	'Erlang C: agent occupancy (0-1), traffic / agents, at most 1';
COMMENT ON FUNCTION erlang_c_agents(double precision, interval, interval, double precision, interval) IS
	'Erlang C: fewest agents answering target_service_level (0-1) of contacts within target_answer_time; 0 with no arrivals';
COMMENT ON FUNCTION erlang_c_agents(double precision, interval, interval, double precision, interval, double precision) IS
	'Erlang C: fewest agents answering target_service_level (0-1) of contacts within target_answer_time with occupancy at most max_occupancy (0-1]';
