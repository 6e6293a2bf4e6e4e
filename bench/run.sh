#!/usr/bin/env bash
# bench/run.sh: run one benchmark, bench/NAME.sql, and print its report.
#
#   bash bench/run.sh NAME                   install packages, build, install, run in
#                                            a throwaway cluster (as root on Debian 12)
#   bash bench/run.sh NAME --db CONNSTRING   run against an existing database (the
#                                            benchmark creates and leaves its tables)
#   --no-setup                               skip the package install, build and install
#
# NAME: survey, timing, percentile, duration_sketch, calendar, timeline, status
# (see the header of each .sql).
# Environment, passed to the script as psql variables when set: ROWS (table
# size), TICKETS (conversations for timing), RUNS (timed runs per query after
# a warm-up; the median is reported).  Each script has its own defaults (10M
# rows, 1M tickets, 5 runs).  Exits non-zero when a correctness check fails;
# a missed timing target shows in the report and its SUMMARY line only.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../scripts/lib.sh
# The benchmark clusters do not load pg_cron: no idle scheduler beside the timings.
export CS_CRON=${CS_CRON:-0}
. "$BENCH_DIR/../scripts/lib.sh"
# Benchmarks reserve huge pages for shared_buffers (see lib.sh); CS_HUGE_PAGES=0 to not.
CS_HUGE_PAGES=${CS_HUGE_PAGES:-1}
# tdigest, timing's comparison for the duration sketch, comes from Debian too.
CS_EXTRA_PACKAGES="${CS_EXTRA_PACKAGES:-} postgresql-$CS_PGVERSION-tdigest"

usage() { sed -n '2,16s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

name=${1:-}
case $name in
	-h|--help) usage; exit 0 ;;
	'' | -*) usage >&2; exit 2 ;;
esac
shift
[ -f "$BENCH_DIR/$name.sql" ] || { echo "no benchmark bench/$name.sql" >&2; exit 2; }

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

bench=(psql -X -v ON_ERROR_STOP=1)
for var in ROWS TICKETS RUNS; do
	val=${!var:-}
	[ -z "$val" ] && continue
	[[ $val =~ ^[1-9][0-9]*$ ]] || { echo "$var must be a positive integer, not '$val'" >&2; exit 2; }
	bench+=(-v "${var,,}=$val")
done
bench+=(-f "$BENCH_DIR/$name.sql")

if [ -n "$setup" ]; then
	cs_setup
fi
if [ -n "$db" ]; then
	cs_log "running bench/$name.sql against the given database"
	"${bench[@]}" -d "$db"
else
	cs_log "running bench/$name.sql in a throwaway cluster"
	cs_with_cluster "${bench[@]}"
fi
