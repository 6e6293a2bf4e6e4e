/*
 * erlang.c
 *		Erlang C staffing: the M/M/c queue of a contact centre.
 *
 * The model (A. K. Erlang, 1917; any queueing text, e.g. Kleinrock,
 * Queueing Systems vol. 1, section 3.5): contacts arrive at random (a
 * Poisson process) at arrivals per interval_length, each takes an
 * exponentially distributed handle time of mean aht, c agents answer them
 * first come first served, and nobody hangs up.  The offered traffic, in
 * erlangs, is
 *
 *		A = arrivals * aht / interval_length
 *
 * and with c > A agents the queue settles to a steady state in which
 *
 *		Pw    = C(c, A), the Erlang C formula: the share of contacts that wait
 *		SL(t) = 1 - Pw * exp(-(c - A) * t / aht), the share answered within t
 *		ASA   = Pw * aht / (c - A), the mean wait (average speed of answer)
 *		occupancy = A / c, the share of time an agent is busy
 *
 * With c <= A agents (and A > 0) the queue grows without bound: every
 * contact waits (Pw = 1), the share answered within any t tends to 0, the
 * mean wait is infinite and every agent is always busy (occupancy 1); the
 * functions return those limits (the interval form of the ASA, which has no
 * infinity on every supported version, raises an error instead).  With no
 * traffic (A = 0) nobody waits: Pw = 0, SL = 1, ASA = 0, and no agent is
 * needed.
 *
 * C(c, A) is computed from Erlang B by its recursion
 *
 *		B(0) = 1,  B(k) = A * B(k-1) / (k + A * B(k-1)),
 *		C(c, A) = c * B(c) / (c - A * (1 - B(c)))
 *
 * which never forms A^c or c!: every step is a contraction in (0, 1], so it
 * is accurate for thousands of agents where the textbook form overflows
 * (A^c / c! for A = 900 is about 1e388).  B decreases once k > A and
 * underflows to 0 within a few thousand steps after k = 2A, after which
 * C = 0 exactly; the loops stop there, so their length is bounded by the
 * traffic, which is capped at ERLANG_MAX_TRAFFIC.
 *
 * Durations are intervals; a day counts as 24 hours, and a month, which has
 * no fixed length, is an error.
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>

#include "datatype/timestamp.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/float.h"
#include "utils/timestamp.h"

#include "csmetrics.h"

/*
 * The largest traffic accepted, in erlangs: bounds every loop below to a
 * few million steps (well under a second), far beyond any single queue.
 */
#define ERLANG_MAX_TRAFFIC	1000000.0

/* erlang_c_agents searches no further than this many agents. */
#define ERLANG_MAX_AGENTS	10000000

/* Arguments shared by every function. */
#define ERLANG_ARG_ARRIVALS			0
#define ERLANG_ARG_AHT				1
#define ERLANG_ARG_INTERVAL_LENGTH	2

/* The inputs common to every function, in seconds and erlangs. */
typedef struct ErlangQueue
{
	double		aht;			/* mean handle time, seconds, > 0 */
	double		traffic;		/* A, erlangs, in [0, ERLANG_MAX_TRAFFIC] */
} ErlangQueue;

/*
 * A duration argument in seconds.  positive: must be > 0 (handle time,
 * interval length), else >= 0 (target answer time).
 */
static double
erlang_seconds(FunctionCallInfo fcinfo, int argno, const char *what, bool positive)
{
	const Interval *iv = PG_GETARG_INTERVAL_P(argno);
	double		seconds;

	/* an infinite interval (PostgreSQL 17 and later) has extreme months */
	if (iv->month == PG_INT32_MAX || iv->month == PG_INT32_MIN)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be finite", what),
				 errdetail("Got %s.", cs_interval_text(iv))));
	if (iv->month != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not contain months", what),
				 errdetail("Got %s.", cs_interval_text(iv)),
				 errhint("A month has no fixed length: give the %s in days, hours, minutes or seconds.",
						 what)));
	seconds = (double) iv->day * SECS_PER_DAY + (double) iv->time / USECS_PER_SEC;
	if (positive ? !(seconds > 0) : seconds < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg(positive ? "%s must be positive" : "%s must not be negative", what),
				 errdetail("Got %s.", cs_interval_text(iv))));
	return seconds;
}

/* Read and check arrivals, aht and interval_length; compute the traffic. */
static ErlangQueue
erlang_queue(FunctionCallInfo fcinfo)
{
	ErlangQueue q;
	double		arrivals = PG_GETARG_FLOAT8(ERLANG_ARG_ARRIVALS);
	double		length;

	if (isnan(arrivals) || isinf(arrivals) || arrivals < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("arrivals must be a finite number, not negative"),
				 errdetail("Got %g.", arrivals),
				 errhint("Pass the number of contacts offered per interval_length, such as count(*).")));
	q.aht = erlang_seconds(fcinfo, ERLANG_ARG_AHT, "average handle time", true);
	length = erlang_seconds(fcinfo, ERLANG_ARG_INTERVAL_LENGTH, "interval length", true);
	q.traffic = arrivals * (q.aht / length);
	if (!(q.traffic <= ERLANG_MAX_TRAFFIC))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("traffic intensity is too large"),
				 errdetail("Got %g erlangs (arrivals * average handle time / interval length); at most %.0f are supported.",
						   q.traffic, ERLANG_MAX_TRAFFIC),
				 errhint("Check that the arrivals are counted per interval_length.")));
	return q;
}

/* The agents argument: not negative. */
static int32
erlang_agents_arg(FunctionCallInfo fcinfo, int argno)
{
	int32		agents = PG_GETARG_INT32(argno);

	if (agents < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("number of agents must not be negative"),
				 errdetail("Got %d.", agents)));
	return agents;
}

/* One step of the Erlang B recursion: B(k) from B(k-1). */
static inline double
erlang_b_step(double b, double traffic, int64 k)
{
	return traffic * b / ((double) k + traffic * b);
}

/* Erlang C from Erlang B, for agents > traffic. */
static inline double
erlang_c_from_b(double b, double traffic, int64 agents)
{
	return (double) agents * b / ((double) agents - traffic * (1.0 - b));
}

/*
 * The probability of waiting, C(agents, A), for agents > A > 0; the loop
 * stops when B underflows to 0 (then so is C).
 */
static double
erlang_c(double traffic, int32 agents)
{
	double		b = 1.0;
	int64		k;

	for (k = 1; k <= agents; k++)
	{
		b = erlang_b_step(b, traffic, k);
		if (b == 0.0)
			return 0.0;
		if ((k & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return erlang_c_from_b(b, traffic, agents);
}

/* The queue is stable: more agents than erlangs (or no traffic at all). */
static inline bool
erlang_stable(const ErlangQueue *q, int32 agents)
{
	return q->traffic == 0.0 || (double) agents > q->traffic;
}

/* The probability of waiting, with the limits of the unstable queue. */
static double
erlang_wait_probability(const ErlangQueue *q, int32 agents)
{
	if (q->traffic == 0.0)
		return 0.0;
	if (!erlang_stable(q, agents))
		return 1.0;
	return erlang_c(q->traffic, agents);
}

/* SL(t) for a stable queue, given its probability of waiting pw. */
static inline double
erlang_service_level(const ErlangQueue *q, int64 agents, double pw, double target)
{
	if (pw == 0.0)
		return 1.0;
	return 1.0 - pw * exp(-((double) agents - q->traffic) * target / q->aht);
}

/* The mean wait in seconds; infinite when the queue is unstable. */
static double
erlang_asa_seconds(const ErlangQueue *q, int32 agents)
{
	double		pw;

	if (!erlang_stable(q, agents))
		return get_float8_infinity();
	pw = erlang_wait_probability(q, agents);
	if (pw == 0.0)
		return 0.0;
	return pw * q->aht / ((double) agents - q->traffic);
}

PG_FUNCTION_INFO_V1(erlang_c_traffic);
/* erlang_c_traffic(arrivals, aht, interval_length): A in erlangs. */
Datum
erlang_c_traffic(PG_FUNCTION_ARGS)
{
	ErlangQueue q = erlang_queue(fcinfo);

	PG_RETURN_FLOAT8(q.traffic);
}

PG_FUNCTION_INFO_V1(erlang_c_wait_probability);
/* erlang_c_wait_probability(arrivals, aht, interval_length, agents) */
Datum
erlang_c_wait_probability(PG_FUNCTION_ARGS)
{
	ErlangQueue q = erlang_queue(fcinfo);
	int32		agents = erlang_agents_arg(fcinfo, 3);

	PG_RETURN_FLOAT8(erlang_wait_probability(&q, agents));
}

PG_FUNCTION_INFO_V1(erlang_c_service_level);
/*
 * erlang_c_service_level(arrivals, aht, interval_length, agents,
 * target_answer_time): the share of contacts answered within the target.
 */
Datum
erlang_c_service_level(PG_FUNCTION_ARGS)
{
	ErlangQueue q = erlang_queue(fcinfo);
	int32		agents = erlang_agents_arg(fcinfo, 3);
	double		target = erlang_seconds(fcinfo, 4, "target answer time", false);

	if (!erlang_stable(&q, agents))
		PG_RETURN_FLOAT8(0.0);
	PG_RETURN_FLOAT8(erlang_service_level(&q, agents,
										  erlang_wait_probability(&q, agents),
										  target));
}

PG_FUNCTION_INFO_V1(erlang_c_asa_seconds);
/* erlang_c_asa_seconds(arrivals, aht, interval_length, agents) */
Datum
erlang_c_asa_seconds(PG_FUNCTION_ARGS)
{
	ErlangQueue q = erlang_queue(fcinfo);
	int32		agents = erlang_agents_arg(fcinfo, 3);

	PG_RETURN_FLOAT8(erlang_asa_seconds(&q, agents));
}

PG_FUNCTION_INFO_V1(erlang_c_asa);
/*
 * erlang_c_asa(arrivals, aht, interval_length, agents): the mean wait as an
 * interval, rounded to the microsecond.
 */
Datum
erlang_c_asa(PG_FUNCTION_ARGS)
{
	ErlangQueue q = erlang_queue(fcinfo);
	int32		agents = erlang_agents_arg(fcinfo, 3);
	double		usecs;

	if (!erlang_stable(&q, agents))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("average speed of answer is infinite with %d agents", agents),
				 errdetail("The traffic is %g erlangs: with no more agents than that, the queue grows without bound.",
						   q.traffic),
				 errhint("Staff more agents than the traffic, or use erlang_c_asa_seconds, which returns Infinity.")));
	usecs = rint(erlang_asa_seconds(&q, agents) * USECS_PER_SEC);
	/* the interval's time field holds about 292,000 years */
	if (!(usecs < (double) PG_INT64_MAX))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("average speed of answer is out of range for an interval"),
				 errdetail("Got %g seconds.", usecs / USECS_PER_SEC),
				 errhint("Use erlang_c_asa_seconds.")));
	PG_RETURN_INTERVAL_P(cs_interval_from_usecs((int64) usecs));
}

PG_FUNCTION_INFO_V1(erlang_c_occupancy);
/*
 * erlang_c_occupancy(arrivals, aht, interval_length, agents): A / agents,
 * at most 1 (an unstable queue keeps every agent busy).
 */
Datum
erlang_c_occupancy(PG_FUNCTION_ARGS)
{
	ErlangQueue q = erlang_queue(fcinfo);
	int32		agents = erlang_agents_arg(fcinfo, 3);

	if (q.traffic == 0.0)
		PG_RETURN_FLOAT8(0.0);
	if (!erlang_stable(&q, agents))
		PG_RETURN_FLOAT8(1.0);
	PG_RETURN_FLOAT8(q.traffic / agents);
}

/* A fraction argument strictly between 0 and 1 (or up to 1 with or_one). */
static double
erlang_fraction(FunctionCallInfo fcinfo, int argno, const char *what, bool or_one,
				const char *hint)
{
	double		f = PG_GETARG_FLOAT8(argno);

	if (isnan(f) || f <= 0.0 || (or_one ? f > 1.0 : f >= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg(or_one ? "%s must be above 0 and at most 1" :
						"%s must be between 0 and 1, exclusive", what),
				 errdetail("Got %g.", f),
				 errhint("%s", hint)));
	return f;
}

PG_FUNCTION_INFO_V1(erlang_c_agents);
/*
 * erlang_c_agents(arrivals, aht, interval_length, target_service_level,
 * target_answer_time [, max_occupancy]): the fewest agents that answer at
 * least target_service_level of the contacts within target_answer_time,
 * and, with max_occupancy, keep each agent busy at most that share of the
 * time.  Searched upwards from the fewest agents of a stable queue,
 * carrying the Erlang B recursion along, so the whole search is one pass.
 */
Datum
erlang_c_agents(PG_FUNCTION_ARGS)
{
	ErlangQueue q = erlang_queue(fcinfo);
	double		target_sl = erlang_fraction(fcinfo, 3, "target service level", false,
											"Pass a fraction, such as 0.8 for 80 % of contacts answered within the target answer time.");
	double		target = erlang_seconds(fcinfo, 4, "target answer time", false);
	double		max_occupancy = 1.0;
	double		b = 1.0;
	int64		agents;

	if (PG_NARGS() > 5)
		max_occupancy = erlang_fraction(fcinfo, 5, "maximum occupancy", true,
										"Pass a fraction, such as 0.85 for agents busy at most 85 % of the time.");
	if (q.traffic == 0.0)
		PG_RETURN_INT32(0);
	for (agents = 1; agents <= ERLANG_MAX_AGENTS; agents++)
	{
		/* b == 0: the recursion has underflowed, C is 0 from here on */
		if (b != 0.0)
			b = erlang_b_step(b, q.traffic, agents);
		if ((agents & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if ((double) agents <= q.traffic || q.traffic / agents > max_occupancy)
			continue;
		if (erlang_service_level(&q, agents,
								 b == 0.0 ? 0.0 : erlang_c_from_b(b, q.traffic, agents),
								 target) >= target_sl)
			PG_RETURN_INT32((int32) agents);
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot meet the staffing targets with at most %d agents", ERLANG_MAX_AGENTS),
			 errdetail("The traffic is %g erlangs and the maximum occupancy %g.",
					   q.traffic, max_occupancy),
			 errhint("Raise the maximum occupancy: the agents needed are at least the traffic divided by it.")));
	PG_RETURN_NULL();			/* keep the compiler quiet */
}
