-- ---------------------------------------------------------------------------
-- Shares of true (src/share.c): pct, csat(boolean) and its Wilson bounds.
-- State: int8[2] {true_count, count}, like avg(int4).
-- ---------------------------------------------------------------------------

CREATE FUNCTION share_trans(bigint[], boolean) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION share_inv(bigint[], boolean) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION share_combine(bigint[], bigint[]) RETURNS bigint[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION share_pct_final(bigint[]) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION share_lower_final(bigint[]) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION share_upper_final(bigint[]) RETURNS double precision
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION share_trans(bigint[], boolean) IS 'count one boolean into a share state {true_count, count}';
COMMENT ON FUNCTION share_inv(bigint[], boolean) IS 'remove one boolean from a share state (moving-window support)';
COMMENT ON FUNCTION share_combine(bigint[], bigint[]) IS 'merge two share states (parallel support)';
COMMENT ON FUNCTION share_pct_final(bigint[]) IS 'share state to % of true; NULL when empty';
COMMENT ON FUNCTION share_lower_final(bigint[]) IS 'share state to the lower 95% Wilson bound, in %';
COMMENT ON FUNCTION share_upper_final(bigint[]) IS 'share state to the upper 95% Wilson bound, in %';

CREATE AGGREGATE pct(condition boolean) (
	SFUNC = share_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = share_trans, MINVFUNC = share_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE csat(good boolean) (
	SFUNC = share_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_pct_final, COMBINEFUNC = share_combine,
	MSFUNC = share_trans, MINVFUNC = share_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_pct_final, PARALLEL = SAFE
);
CREATE AGGREGATE csat_lower(good boolean) (
	SFUNC = share_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_lower_final, COMBINEFUNC = share_combine,
	MSFUNC = share_trans, MINVFUNC = share_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_lower_final, PARALLEL = SAFE
);
CREATE AGGREGATE csat_upper(good boolean) (
	SFUNC = share_trans, STYPE = bigint[], INITCOND = '{0,0}',
	FINALFUNC = share_upper_final, COMBINEFUNC = share_combine,
	MSFUNC = share_trans, MINVFUNC = share_inv, MSTYPE = bigint[],
	MINITCOND = '{0,0}', MFINALFUNC = share_upper_final, PARALLEL = SAFE
);

COMMENT ON AGGREGATE pct(boolean) IS '% of non-NULL rows where the condition is true; NULL when there are none';
COMMENT ON AGGREGATE csat(boolean) IS 'CSAT of a good/bad survey: good / (good + bad), in %';
COMMENT ON AGGREGATE csat_lower(boolean) IS 'lower bound of the 95% Wilson interval of a good/bad CSAT, in %';
COMMENT ON AGGREGATE csat_upper(boolean) IS 'upper bound of the 95% Wilson interval of a good/bad CSAT, in %';
