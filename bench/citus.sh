#!/usr/bin/env bash
# bench/citus.sh: csmetrics on a Citus cluster (bench/citus.sql).
#
#   bash bench/citus.sh [--pg-config PATH] [--ports 'P1 P2 P3']
#
# Builds Citus (cached) and csmetrics, installs both into a PostgreSQL 15,
# starts a throwaway coordinator and two workers on loopback (as for
# test/citus/run.sh), loads TICKETS tickets distributed in CS_CITUS_SHARDS
# shards (and the same rows in one plain table on the coordinator), and
# times, as the median of RUNS interleaved runs, the p90 of
# duration_agg(resolved_at - created_at) against count(resolved_at -
# created_at), and a daily timeline_agg over 2025 against counting its two
# inputs; prints the ratios, how Citus runs each query and the rows and
# bytes the coordinator receives.
#
# --pg-config (or CS_PG_CONFIG): default /usr/lib/postgresql/15/bin/pg_config.
# --ports (or CS_CITUS_PORTS): default the first three free ports from 55411.
# TICKETS (default 1000000), RUNS (default 5), CS_CITUS_SHARDS (default 32),
# CS_CITUS_CACHE (default /var/cache/csmetrics).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/citus/lib.sh
source "$BENCH_DIR/../test/citus/lib.sh"

usage() { sed -n '2,20s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

ports=${CS_CITUS_PORTS:-}
tickets=${TICKETS:-1000000}
runs=${RUNS:-5}
shards=${CS_CITUS_SHARDS:-32}
while [ $# -gt 0 ]; do
	case $1 in
		--pg-config) CS_PG_CONFIG=$2; shift 2 ;;
		--ports) ports=$2; shift 2 ;;
		-h|--help) usage; exit 0 ;;
		*) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
	esac
done
for var in tickets runs shards; do
	[[ ${!var} =~ ^[1-9][0-9]*$ ]] || { echo "$var must be a positive integer, not '${!var}'" >&2; exit 2; }
done

trap citus_cluster_stop EXIT
trap 'exit 130' INT TERM

citus_build_install
citus_install_csmetrics
[ -n "$ports" ] || ports=$(citus_free_ports 55411)
read -r -a port_list <<< "$ports"
[ ${#port_list[@]} -eq 3 ] || { echo "--ports needs three ports" >&2; exit 2; }
coord=${port_list[0]}
citus_log "starting a coordinator (port $coord) and two workers (${port_list[1]}, ${port_list[2]})"
citus_cluster_start "${port_list[@]}" "timezone = 'America/New_York'" \
	"shared_buffers = '512MB'" "work_mem = '64MB'"
citus_psql "$coord" -c "CREATE EXTENSION csmetrics"
citus_log "loading $tickets tickets ($shards shards)"
t0=$SECONDS
citus_psql "$coord" -v tickets="$tickets" -v shards="$shards" -v what=bench -f "$BENCH_DIR/../test/citus/data.sql"
citus_log "loaded in $((SECONDS - t0)) s; running bench/citus.sql"
citus_psql "$coord" -v runs="$runs" -f "$BENCH_DIR/citus.sql"
