-- ---------------------------------------------------------------------------
-- Rates (src/rates.c): SLA attainment, first contact resolution, one-touch,
-- resolution and automated resolution rates.  Each is a share of true in the
-- share state int8[2] {true_count, count} (30_share.sql), with its combine
-- and final functions: % 0-100, NULL over no counted row.
-- ---------------------------------------------------------------------------

CREATE FUNCTION sla_elapsed_trans(bigint[], interval, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sla_elapsed_inv(bigint[], interval, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- not strict (a NULL stop is an open item), and stable (reads the
-- transaction time)
CREATE FUNCTION sla_instants_trans(bigint[], timestamptz, timestamptz, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION sla_instants_inv(bigint[], timestamptz, timestamptz, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION fcr_trans(bigint[], integer) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION fcr_inv(bigint[], integer) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION one_touch_trans(bigint[], integer) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION one_touch_inv(bigint[], integer) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION share_false_trans(bigint[], boolean) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION share_false_inv(bigint[], boolean) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sla_elapsed_trans(bigint[], interval, interval) IS 'count one item into a share state: true when elapsed <= target';
COMMENT ON FUNCTION sla_elapsed_inv(bigint[], interval, interval) IS 'remove one elapsed/target item from a share state (moving-window support)';
COMMENT ON FUNCTION sla_instants_trans(bigint[], timestamptz, timestamptz, interval) IS 'count one item into a share state: true when stop <= start + target; an item with no stop is skipped until the transaction time passes start + target, then false';
COMMENT ON FUNCTION sla_instants_inv(bigint[], timestamptz, timestamptz, interval) IS 'remove one start/stop/target item from a share state (moving-window support)';
COMMENT ON FUNCTION fcr_trans(bigint[], integer) IS 'count one resolved issue into a share state: true when it took exactly one contact';
COMMENT ON FUNCTION fcr_inv(bigint[], integer) IS 'remove one resolved issue from a share state (moving-window support)';
COMMENT ON FUNCTION one_touch_trans(bigint[], integer) IS 'count one solved ticket into a share state: true when it had exactly one agent reply';
COMMENT ON FUNCTION one_touch_inv(bigint[], integer) IS 'remove one solved ticket from a share state (moving-window support)';
COMMENT ON FUNCTION share_false_trans(bigint[], boolean) IS 'count one boolean into a share state, counting false as the success';
COMMENT ON FUNCTION share_false_inv(bigint[], boolean) IS 'remove one boolean counted by share_false_trans (moving-window support)';

CREATE AGGREGATE sla_rate(elapsed interval, target interval) (
	SFUNC = sla_elapsed_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = sla_elapsed_trans, MINVFUNC = sla_elapsed_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE sla_rate(start timestamptz, stop timestamptz, target interval) (
	SFUNC = sla_instants_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = sla_instants_trans, MINVFUNC = sla_instants_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE fcr_rate(contacts integer) (
	SFUNC = fcr_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = fcr_trans, MINVFUNC = fcr_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE fcr_rate(resolved_first_contact boolean) (
	SFUNC = share_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = share_trans, MINVFUNC = share_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE one_touch_rate(agent_replies integer) (
	SFUNC = one_touch_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = one_touch_trans, MINVFUNC = one_touch_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE resolution_rate(resolved boolean) (
	SFUNC = share_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = share_trans, MINVFUNC = share_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE automation_rate(human_touched boolean) (
	SFUNC = share_false_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = share_false_trans, MINVFUNC = share_false_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);

COMMENT ON AGGREGATE sla_rate(interval, interval) IS 'SLA attainment: % of items with elapsed <= target (interval comparison); rows with a NULL elapsed or target are skipped';
COMMENT ON AGGREGATE sla_rate(timestamptz, timestamptz, interval) IS 'SLA attainment: % of items with stop <= start + target (calendar arithmetic); an item with no stop is left out until now() passes start + target, then breached';
COMMENT ON AGGREGATE fcr_rate(integer) IS 'first contact resolution: % of resolved issues resolved in exactly one contact (contacts >= 1)';
COMMENT ON AGGREGATE fcr_rate(boolean) IS 'first contact resolution: % of resolved issues flagged as resolved at first contact';
COMMENT ON AGGREGATE one_touch_rate(integer) IS 'one-touch resolution: % of solved tickets solved with exactly one agent reply (0 replies is not one-touch)';
COMMENT ON AGGREGATE resolution_rate(boolean) IS 'issue resolution rate: % of received tickets that are resolved';
COMMENT ON AGGREGATE automation_rate(boolean) IS 'automated resolution rate: % of resolved tickets no human touched, i.e. where human_touched is false';

-- sla_rate(start, stop, target, as_of): as_of, the last argument, is the
-- instant "now" means, for Citus (each worker has its own transaction time)
-- and materialized views that must not change between refreshes.  The
-- state carries the group's as_of as a third element, -infinity until the
-- first row (src/share.c).  Stable rather than immutable: no clock is read,
-- but a target with days or months follows the session's TimeZone, as
-- timestamptz + interval does.
CREATE FUNCTION sla_instants_as_of_trans(bigint[], timestamptz, timestamptz, interval, timestamptz) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION sla_instants_as_of_inv(bigint[], timestamptz, timestamptz, interval, timestamptz) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION sla_instants_as_of_trans(bigint[], timestamptz, timestamptz, interval, timestamptz) IS 'count one item into a share state with as_of {true_count, count, as_of}: true when stop <= start + target; an item with no stop is skipped until as_of passes start + target, then false; as_of must be the same on every row';
COMMENT ON FUNCTION sla_instants_as_of_inv(bigint[], timestamptz, timestamptz, interval, timestamptz) IS 'remove one start/stop/target/as_of item from a share state with as_of (moving-window support)';
CREATE AGGREGATE sla_rate(start timestamptz, stop timestamptz, target interval, as_of timestamptz) (
	SFUNC = sla_instants_as_of_trans, STYPE = bigint[], INITCOND = '{0,0,-9223372036854775808}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = sla_instants_as_of_trans, MINVFUNC = sla_instants_as_of_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0,-9223372036854775808}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
COMMENT ON AGGREGATE sla_rate(timestamptz, timestamptz, interval, timestamptz) IS 'SLA attainment as of an instant: % of items with stop <= start + target; an item with no stop is left out until as_of passes start + target, then breached; reads no clock (for Citus and materialized views)';
