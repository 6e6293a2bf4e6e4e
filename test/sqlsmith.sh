#!/usr/bin/env bash
# test/sqlsmith.sh: random SQL from sqlsmith (Debian package sqlsmith)
# against a database holding the tables the aggregates read and a column of
# every csmetrics type (test/fuzz_schema.sql), so its random queries call the
# extension's functions, operators and aggregates on real values.  Not part
# of test/run (it is random and long); run it by hand:
#
#   PGHOST=/tmp PGPORT=5432 PGUSER=postgres bash test/sqlsmith.sh [MINUTES] [SEED]
#
# MINUTES defaults to 20, SEED to 1.  Needs a superuser connection (it
# creates the database cs_sqlsmith, and drops it at the end unless
# CS_KEEP_DB=1) and csmetrics installed in the server.  Writes sqlsmith's
# output to sqlsmith.log (or $CS_SQLSMITH_LOG), then prints the number of
# queries, the errors by kind, and whether the server crashed: a lost
# connection ends sqlsmith, and the crash is checked the way test/fuzz does
# it, by the checkpointer's process id (a crash restarts every server process).
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
minutes=${1:-20}
seed=${2:-1}
db=cs_sqlsmith
log=${CS_SQLSMITH_LOG:-sqlsmith.log}
command -v sqlsmith >/dev/null || { echo "sqlsmith not found: apt-get install sqlsmith" >&2; exit 2; }
psqlq() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

dropdb --if-exists $db 2>/dev/null
createdb $db || exit 2
psqlq -d $db -f "$root/test/fuzz_schema.sql" >/dev/null || exit 2
ckpt() { psqlq -d $db -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'" 2>/dev/null; }
before=$(ckpt)

# libpq connection string from the environment, as sqlsmith takes only one
target="dbname=$db"
[ -n "${PGHOST:-}" ] && target+=" host=$PGHOST"
[ -n "${PGPORT:-}" ] && target+=" port=$PGPORT"
[ -n "${PGUSER:-}" ] && target+=" user=$PGUSER"
start=$(date +%s)
# --exclude-catalog: queries on the tables above (and the extension's
# functions on their columns), not on the system catalogs
timeout -s INT "$((minutes * 60))" sqlsmith --target="$target" --seed="$seed" --exclude-catalog --verbose >"$log" 2>&1
rc=$?
elapsed=$(( $(date +%s) - start ))
sleep 2
after=$(ckpt)

# sqlsmith's verbose output: a character per query ("." ok, "e" error,
# "C" crash...) and now and then a report: "queries: N", then the error
# counts so far by message ("count<TAB>message"); the last report is shown.
echo "sqlsmith ran ${elapsed}s (exit code $rc, seed $seed), log in $log"
last=$(grep -n '^queries:' "$log" | tail -1 | cut -d: -f1)
if [ -n "$last" ]; then
	sed -n "${last}p" "$log"
	echo "errors by kind (count, message), as of that report:"
	tail -n +"$last" "$log" | grep -E '^[0-9]+'$'\t' | head -40
fi
crashed=0
if [ -z "$after" ] || [ "$before" != "$after" ]; then
	echo "SERVER CRASHED (checkpointer $before -> ${after:-none})"
	crashed=1
fi
grep -iE 'connection.*lost|server closed the connection' "$log" | head -5
[ "${CS_KEEP_DB:-0}" = 1 ] || dropdb --if-exists $db
[ $crashed = 0 ]
