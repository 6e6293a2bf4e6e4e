-- ---------------------------------------------------------------------------
-- Timelines of things that open and close (src/timeline.c,
-- src/timeline_io.c, src/timeline_rates.c): backlog, opened, closed, lost,
-- retention and churn per period of a generate_series-like grid, in one
-- pass; the mergeable timeline state; single-period retention and churn.
-- ---------------------------------------------------------------------------

CREATE TYPE timeline;

CREATE FUNCTION timeline_in(cstring) RETURNS timeline
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_out(timeline) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_recv(internal) RETURNS timeline
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION timeline_send(timeline) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Variable length (32 bytes a period); built from zeroed memory, so the
-- same items give the same bytes.  Bounds are absolute instants, so the
-- value means the same in every session and time zone.
CREATE TYPE timeline (
	INPUT = timeline_in,
	OUTPUT = timeline_out,
	RECEIVE = timeline_recv,
	SEND = timeline_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE timeline IS
	'items that open and close, counted per period of a grid: open at the start, then opened/closed/lost per period; text ''periods=1 at_start=2 2025-01-01T00:00:00Z 3/1/1 2025-01-02T00:00:00Z''; read it with periods(), merge with rollup()';
COMMENT ON FUNCTION timeline_in(cstring) IS 'text input of the timeline type';
COMMENT ON FUNCTION timeline_out(timeline) IS 'text output of the timeline type (canonical, bounds in UTC)';
COMMENT ON FUNCTION timeline_recv(internal) IS 'binary input of the timeline type';
COMMENT ON FUNCTION timeline_send(timeline) IS 'binary output of the timeline type';

-- Aggregate support.  The state is a timeline in its working form (the
-- counters updated in place, then the grid arguments); a real type rather
-- than internal so that Citus can split the aggregates, shipping states as
-- text.  One function merges a timeline into a state: rollup's transition,
-- and the combine function of both aggregates.
-- Not strict (a NULL closed_at is an open item); stable, as the grid
-- follows the session's TimeZone.
CREATE FUNCTION timeline_state_add(timeline, timestamptz, timestamptz, timestamptz, timestamptz, interval)
	RETURNS timeline
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION timeline_state_merge(timeline, timeline) RETURNS timeline
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION timeline_state_final(timeline) RETURNS timeline
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION timeline_state_add(timeline, timestamptz, timestamptz, timestamptz, timestamptz, interval) IS
	'transition of timeline_agg: count one item (opened_at, closed_at) on the grid (start, stop, step) (aggregates only)';
COMMENT ON FUNCTION timeline_state_merge(timeline, timeline) IS 'merge a timeline into an aggregate state (transition of rollup(timeline), combine function of timeline_agg and rollup; aggregates only)';
COMMENT ON FUNCTION timeline_state_final(timeline) IS 'final step of timeline_agg and rollup(timeline): the timeline, NULL over no item';

-- SSPACE: a daily timeline over a year (32 bytes a period), so that hash
-- aggregation is sized right.
CREATE AGGREGATE timeline_agg(opened_at timestamptz, closed_at timestamptz,
							  start timestamptz, stop timestamptz, step interval) (
	SFUNC = timeline_state_add, STYPE = timeline, SSPACE = 12000,
	FINALFUNC = timeline_state_final, COMBINEFUNC = timeline_state_merge,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE timeline_agg(timestamptz, timestamptz, timestamptz, timestamptz, interval) IS
	'timeline of items open from opened_at until closed_at (NULL: still open), per period of generate_series(start, stop, step) in the session TimeZone, stop excluded; read it with periods()';

CREATE AGGREGATE rollup(timeline) (
	SFUNC = timeline_state_merge, STYPE = timeline, SSPACE = 12000,
	FINALFUNC = timeline_state_final, COMBINEFUNC = timeline_state_merge,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(timeline) IS
	'merge timelines of the same grid exactly (teams to the company, months to a year of the same grid); a different grid is an error';

CREATE FUNCTION periods(tl timeline,
		OUT period_start timestamptz, OUT period_end timestamptz,
		OUT at_start bigint, OUT opened bigint, OUT closed bigint, OUT lost bigint,
		OUT at_end bigint, OUT retention_rate double precision, OUT churn_rate double precision)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'timeline_periods' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION periods(timeline) IS
	'one row per period of a timeline: items open at its start and end, opened, closed and lost in it, retention and churn rates in % (NULL when nothing is open at the start)';

-- Single-period rates.  State: int8[8] {rows, at_start, opened, closed,
-- lost, has_period, period_start, period_end}.
CREATE FUNCTION period_rates_trans(bigint[], timestamptz, timestamptz, timestamptz, timestamptz)
	RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION period_rates_inv(bigint[], timestamptz, timestamptz, timestamptz, timestamptz)
	RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION period_rates_combine(bigint[], bigint[]) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION retention_rate_final(bigint[]) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION churn_rate_final(bigint[]) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION period_rates_trans(bigint[], timestamptz, timestamptz, timestamptz, timestamptz) IS
	'transition of retention_rate and churn_rate: count one item in the period';
COMMENT ON FUNCTION period_rates_inv(bigint[], timestamptz, timestamptz, timestamptz, timestamptz) IS
	'remove one item from a period rate state (moving-window support)';
COMMENT ON FUNCTION period_rates_combine(bigint[], bigint[]) IS 'merge two period rate states of the same period (parallel support)';
COMMENT ON FUNCTION retention_rate_final(bigint[]) IS 'period rate state to the retention rate ((E - N) / S) * 100; NULL when S = 0';
COMMENT ON FUNCTION churn_rate_final(bigint[]) IS 'period rate state to the churn rate (lost / S) * 100; NULL when S = 0';

CREATE AGGREGATE retention_rate(started_at timestamptz, ended_at timestamptz,
								period_start timestamptz, period_end timestamptz) (
	SFUNC = period_rates_trans, STYPE = bigint[], INITCOND = '{0,0,0,0,0,0,0,0}',
	FINALFUNC = retention_rate_final, COMBINEFUNC = period_rates_combine,
	MSFUNC = period_rates_trans, MINVFUNC = period_rates_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0,0,0,0,0,0,0}', MFINALFUNC = retention_rate_final, PARALLEL = SAFE
);
CREATE AGGREGATE churn_rate(started_at timestamptz, ended_at timestamptz,
							period_start timestamptz, period_end timestamptz) (
	SFUNC = period_rates_trans, STYPE = bigint[], INITCOND = '{0,0,0,0,0,0,0,0}',
	FINALFUNC = churn_rate_final, COMBINEFUNC = period_rates_combine,
	MSFUNC = period_rates_trans, MINVFUNC = period_rates_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0,0,0,0,0,0,0}', MFINALFUNC = churn_rate_final, PARALLEL = SAFE
);
COMMENT ON AGGREGATE retention_rate(timestamptz, timestamptz, timestamptz, timestamptz) IS
	'customer retention rate of [period_start, period_end) in %: ((E - N) / S) * 100 with S active at the start, N started in it, E active at its end; NULL when S = 0';
COMMENT ON AGGREGATE churn_rate(timestamptz, timestamptz, timestamptz, timestamptz) IS
	'churn rate of [period_start, period_end) in %: items active at the start that ended in the period / items active at the start * 100; NULL when S = 0';
