-- ---------------------------------------------------------------------------
-- Contact-centre rates (src/contact_centre.c): service level and abandonment
-- rate over offered contacts (wait, answered).  Shares of true in the share
-- state int8[2] {true_count, count} (30_share.sql): % 0-100, NULL over no
-- counted row, parallel and moving-window support.  Rows with a NULL
-- argument are skipped.
-- ---------------------------------------------------------------------------

CREATE FUNCTION service_level_trans(bigint[], interval, boolean, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION service_level_inv(bigint[], interval, boolean, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION service_level_trans(bigint[], interval, boolean, interval, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION service_level_inv(bigint[], interval, boolean, interval, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION abandonment_trans(bigint[], interval, boolean, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION abandonment_inv(bigint[], interval, boolean, interval) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_level_trans(bigint[], interval, boolean, interval) IS 'count one offered contact into a share state: true when answered with wait <= threshold';
COMMENT ON FUNCTION service_level_inv(bigint[], interval, boolean, interval) IS 'remove one offered contact counted by service_level_trans (moving-window support)';
COMMENT ON FUNCTION service_level_trans(bigint[], interval, boolean, interval, interval) IS 'count one offered contact into a share state: true when answered with wait <= threshold; abandoned with wait < short_abandon: left out';
COMMENT ON FUNCTION service_level_inv(bigint[], interval, boolean, interval, interval) IS 'remove one offered contact counted by service_level_trans with a short-abandon limit (moving-window support)';
COMMENT ON FUNCTION abandonment_trans(bigint[], interval, boolean, interval) IS 'count one offered contact into a share state: true when abandoned; abandoned with wait < short_abandon: left out';
COMMENT ON FUNCTION abandonment_inv(bigint[], interval, boolean, interval) IS 'remove one offered contact counted by abandonment_trans (moving-window support)';

CREATE AGGREGATE service_level(wait interval, answered boolean, threshold interval) (
	SFUNC = service_level_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = service_level_trans, MINVFUNC = service_level_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE service_level(wait interval, answered boolean, threshold interval, short_abandon interval) (
	SFUNC = service_level_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = service_level_trans, MINVFUNC = service_level_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
-- abandonment_rate(answered) is the share of false: share_false_trans
-- (40_rates.sql)
CREATE AGGREGATE abandonment_rate(answered boolean) (
	SFUNC = share_false_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = share_false_trans, MINVFUNC = share_false_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE abandonment_rate(wait interval, answered boolean, short_abandon interval) (
	SFUNC = abandonment_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = abandonment_trans, MINVFUNC = abandonment_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);

COMMENT ON AGGREGATE service_level(interval, boolean, interval) IS
	'service level: % of offered contacts answered with wait <= threshold; abandoned contacts count against it';
COMMENT ON AGGREGATE service_level(interval, boolean, interval, interval) IS
	'service level without short abandons: contacts abandoned with wait < short_abandon are left out of the offered count';
COMMENT ON AGGREGATE abandonment_rate(boolean) IS
	'abandonment rate: % of offered contacts not answered';
COMMENT ON AGGREGATE abandonment_rate(interval, boolean, interval) IS
	'abandonment rate without short abandons: % of offered contacts not answered, contacts abandoned with wait < short_abandon left out';
