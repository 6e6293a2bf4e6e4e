#!/usr/bin/env bash
# demo/inside.sh [CONNSTRING]: load the demo dataset and print the report.
#
# Run by demo/run.  Without an argument it is inside a throwaway cluster
# (pg_virtualenv sets PGHOST, PGPORT, PGUSER, PGPASSWORD) and creates database
# csmetrics_demo there; with one it uses that database as it is.  Either way
# the demo's tables live in schema csmetrics_demo, so nothing else in the
# database is touched, and the extension is created if missing.  Last,
# demo/cron.sh has a pg_cron job refresh the report's materialized views.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

demo_psql() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

if [ $# -ge 1 ]; then
	db=$1
	own_cluster=
else
	demo_psql -d postgres -c 'CREATE DATABASE csmetrics_demo'
	db=dbname=csmetrics_demo
	own_cluster=--own-cluster
fi

# The extension may already live in any schema: put that one on search_path
# after ours (regnamespace output is already quoted where needed).
ext_schema=$(demo_psql -d "$db" -At \
	-c 'SET client_min_messages = warning' \
	-c 'CREATE EXTENSION IF NOT EXISTS csmetrics' \
	-c 'CREATE SCHEMA IF NOT EXISTS csmetrics_demo' \
	-c "SELECT extnamespace::regnamespace FROM pg_extension WHERE extname = 'csmetrics'")

# One session, so the search_path holds for both scripts.
demo_psql -d "$db" -c "SET search_path = csmetrics_demo, $ext_schema" \
	-f "$here/data.sql" -f "$here/report.sql"

# The views refreshed on a schedule by pg_cron, after the report (its late
# survey answers would change the report's figures).
bash "$here/cron.sh" "$db" $own_cluster
