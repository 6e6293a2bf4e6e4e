#!/usr/bin/env bash
# bench/timing.sh: benchmark of the timing metrics (first_response_time,
# avg_response_time, duration_percentile, the duration sketch) against plain
# SQL and tdigest; the queries and the report are in bench/timing.sql.
#
#   bash bench/timing.sh                   build, install, run in a throwaway cluster
#   bash bench/timing.sh --db CONNSTRING   build, install, run against an existing
#                                          database (creates the extensions csmetrics
#                                          and tdigest, the tables bench_msgs, bench_durations)
#   --no-setup                             skip the package install, build and install
#
# Environment: TICKETS (conversations in bench_msgs, about 5 messages each,
# default 1000000), ROWS (durations in bench_durations, default 10000000),
# RUNS (timed runs per query after one warm-up, median; default 5).
# Exits non-zero when a correctness check fails; a missed timing target is
# reported in the table and the SUMMARY line only.

set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../scripts/lib.sh
. "$BENCH_DIR/../scripts/lib.sh"
# Benchmarks reserve huge pages for shared_buffers (see lib.sh); CS_HUGE_PAGES=0 to not.
CS_HUGE_PAGES=${CS_HUGE_PAGES:-1}

usage() { sed -n '2,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

db='' setup=1
while [ $# -gt 0 ]; do
	case $1 in
		--db) [ $# -ge 2 ] || { echo "--db needs a connection string" >&2; exit 2; }
			db=$2; shift 2 ;;
		--db=*) db=${1#--db=}; shift ;;
		--no-setup) setup=; shift ;;
		-h|--help) usage; exit 0 ;;
		*) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
	esac
done

TICKETS=${TICKETS:-1000000}
ROWS=${ROWS:-10000000}
RUNS=${RUNS:-5}
[[ $TICKETS =~ ^[1-9][0-9]*$ ]] || { echo "TICKETS must be a positive integer, not '$TICKETS'" >&2; exit 2; }
[[ $ROWS =~ ^[1-9][0-9]*$ ]] || { echo "ROWS must be a positive integer, not '$ROWS'" >&2; exit 2; }
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer, not '$RUNS'" >&2; exit 2; }

if [ -n "$setup" ]; then
	# tdigest, the comparison of part 3, comes from Debian too.
	CS_EXTRA_PACKAGES="${CS_EXTRA_PACKAGES:-} postgresql-$CS_PGVERSION-tdigest"
	cs_setup
fi

bench=(psql -X -v ON_ERROR_STOP=1 -v tickets="$TICKETS" -v rows="$ROWS" -v runs="$RUNS"
	-f "$BENCH_DIR/timing.sql")
what="$TICKETS tickets, $ROWS durations"
if [ -n "$db" ]; then
	cs_log "running the timing benchmark ($what) against the given database"
	"${bench[@]}" -d "$db"
else
	cs_log "running the timing benchmark ($what) in a throwaway cluster"
	cs_with_cluster "${bench[@]}"
fi
