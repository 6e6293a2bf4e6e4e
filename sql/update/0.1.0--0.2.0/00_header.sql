/* csmetrics--0.1.0--0.2.0.sql, assembled by the Makefile from sql/update/0.1.0--0.2.0/ */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION csmetrics UPDATE TO '0.2.0'" to load this file. \quit

-- How the parts of this script (NN_family.sql, in file-name order) change
-- what 0.1.0 created, without touching what users built on it:
--
-- * Users' views and tables reference our functions, aggregates and types by
--   OID, so an object they may use is changed in place, never dropped and
--   re-created: DROP ... CASCADE would silently drop their materialized
--   views, and a plain DROP fails on them (test/t_upgrade.sh rejects both).
-- * An aggregate changes with CREATE OR REPLACE AGGREGATE (PostgreSQL 12 and
--   later): it may change every option (STYPE internal to a real type, SFUNC,
--   COMBINEFUNC, dropping SERIALFUNC/DESERIALFUNC, MSFUNC, SSPACE, PARALLEL)
--   as long as the argument and result types stay.  The aggregate keeps its
--   OID, comment and privileges; materialized views over it refresh with the
--   new definition.
-- * Then DROP FUNCTION (no CASCADE) the old support functions: once the
--   aggregates no longer name them, nothing depends on them.
-- * Leave the C entry points of every function 0.1.0 declares in the
--   library: between installing the new library and ALTER EXTENSION UPDATE
--   the 0.1.0 catalog calls them, and CREATE EXTENSION csmetrics VERSION
--   '0.1.0' (the test's first step) looks each one up.
-- * Declare objects exactly as sql/install/ does (same options, defaults,
--   argument names, comments): the updated catalog must equal a fresh
--   install's, and test/t_upgrade.sh diffs the two.
