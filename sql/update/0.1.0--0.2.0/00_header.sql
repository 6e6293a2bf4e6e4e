/* csmetrics--0.1.0--0.2.0.sql, assembled by the Makefile from sql/update/0.1.0--0.2.0/ */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION csmetrics UPDATE TO '0.2.0'" to load this file. \quit

