/* csmetrics--<version>.sql, assembled by the Makefile from sql/install/ */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION csmetrics" to load this file. \quit

