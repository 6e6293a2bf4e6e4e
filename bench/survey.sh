#!/usr/bin/env bash
# bench/survey.sh: benchmark of the survey aggregates (nps, survey_agg, rollup)
# against plain SQL; the queries and the report are in bench/survey.sql.
#
#   bash bench/survey.sh                   build, install, run in a throwaway cluster
#   bash bench/survey.sh --db CONNSTRING   build, install, run against an existing
#                                          database (creates the csmetrics extension
#                                          and the tables bench_responses, bench_daily)
#   --no-setup                             skip the build and install
#
# Environment: ROWS (rows of bench_responses, default 10000000; smaller for a
# smoke test), RUNS (timed runs per query after one warm-up, median; default 5).
# Exits non-zero when a correctness check fails; a missed timing target is
# reported in the table and the SUMMARY line only.

set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../scripts/lib.sh
. "$BENCH_DIR/../scripts/lib.sh"
# Benchmarks reserve huge pages for shared_buffers (see lib.sh); CS_HUGE_PAGES=0 to not.
CS_HUGE_PAGES=${CS_HUGE_PAGES:-1}

usage() { sed -n '2,15s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

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

ROWS=${ROWS:-10000000}
RUNS=${RUNS:-5}
[[ $ROWS =~ ^[1-9][0-9]*$ ]] || { echo "ROWS must be a positive integer, not '$ROWS'" >&2; exit 2; }
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer, not '$RUNS'" >&2; exit 2; }

if [ -n "$setup" ]; then
	cs_setup
fi

bench=(psql -X -v ON_ERROR_STOP=1 -v rows="$ROWS" -v runs="$RUNS" -f "$BENCH_DIR/survey.sql")
if [ -n "$db" ]; then
	cs_log "running the survey benchmark ($ROWS rows) against the given database"
	"${bench[@]}" -d "$db"
else
	cs_log "running the survey benchmark ($ROWS rows) in a throwaway cluster"
	cs_with_cluster "${bench[@]}"
fi
