#!/usr/bin/env bash
# test/citus/run.sh: csmetrics on a Citus cluster.
#
# Builds Citus from ../shared/citus (cached; see lib.sh), installs it and
# csmetrics into a PostgreSQL 15, starts a coordinator and two workers on
# loopback, loads the same generated data into plain and distributed tables
# (data.sql) and checks, for every aggregate of csmetrics (expected.sql),
# that the distributed result equals the single-node one byte for byte and
# that Citus plans it as expected: split into partial aggregates, run whole
# on the workers when grouped by the distribution column, or pulled to the
# coordinator (exact percentiles only).  Also windows, states stored in a
# distributed table and rolled up, and citus.coordinator_aggregation_strategy
# = 'disabled'.  Prints one line per check group (and what failed), stops and
# removes the clusters, and exits non-zero on any failure.
#
#   bash test/citus/run.sh [--pg-config PATH] [--ports 'P1 P2 P3'] [--tickets N]
#
# --pg-config (or CS_PG_CONFIG): the PostgreSQL to install into and run,
#     default /usr/lib/postgresql/15/bin/pg_config.  Needs root (or write
#     access to that PostgreSQL) to install.
# --ports (or CS_CITUS_PORTS): coordinator and worker ports, default the
#     first three free ports from 55401.
# --tickets (or CS_CITUS_TICKETS): tickets generated, default 100000; the
#     other tables follow (about 250 000 messages, 350 000 status changes).
# CS_CITUS_SHARDS: shards per distributed table, default 32.
# CS_CITUS_CACHE: where built Citus trees are kept, default /var/cache/csmetrics.
# CS_CITUS_SUMMARY: a file to write "PASSED FAILED" (check groups) to, for test/run.
# CS_CITUS_KEEP=1: leave the cluster running afterwards, to look into a
#     failure (the run prints how to reach and stop it).
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/citus/lib.sh
source "$HERE/lib.sh"

usage() { sed -n '2,28s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

ports=${CS_CITUS_PORTS:-}
tickets=${CS_CITUS_TICKETS:-100000}
shards=${CS_CITUS_SHARDS:-32}
while [ $# -gt 0 ]; do
	case $1 in
		--pg-config) CS_PG_CONFIG=$2; shift 2 ;;
		--ports) ports=$2; shift 2 ;;
		--tickets) tickets=$2; shift 2 ;;
		-h|--help) usage; exit 0 ;;
		*) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
	esac
done
[[ $tickets =~ ^[1-9][0-9]*$ ]] || { echo "--tickets must be a positive integer" >&2; exit 2; }
[[ $shards =~ ^[1-9][0-9]*$ ]] || { echo "CS_CITUS_SHARDS must be a positive integer" >&2; exit 2; }

passed=0
failed=0
finish() {
	if [ "${CS_CITUS_KEEP:-0}" = 1 ] && [ -n "${CITUS_DIR:-}" ]; then
		echo "cluster kept in $CITUS_DIR: psql -h 127.0.0.1 -p $coord -U postgres;" \
			"stop with: CS_PG_CONFIG=$CS_PG_CONFIG CITUS_DIR=$CITUS_DIR bash -c 'source $HERE/lib.sh; citus_cluster_stop'"
	else
		citus_cluster_stop
	fi
	[ -n "${CS_CITUS_SUMMARY:-}" ] && echo "$passed $failed" > "$CS_CITUS_SUMMARY"
}
trap finish EXIT
trap 'exit 130' INT TERM

# A step outside the checks (build, start, load): a failure ends the run.
setup_failed() {
	echo "citus $1 ... FAILED"
	failed=$((failed + 1))
	exit 1
}

t0=$SECONDS
citus_build_install || setup_failed "build and install of Citus"
citus_install_csmetrics || setup_failed "build and install of csmetrics"
citus_log "installed Citus and csmetrics ($((SECONDS - t0)) s)"
if [ -z "$ports" ]; then
	ports=$(citus_free_ports 55401) || setup_failed "search for three free ports"
fi
read -r -a port_list <<< "$ports"
[ ${#port_list[@]} -eq 3 ] || { echo "--ports needs three ports" >&2; exit 2; }
coord=${port_list[0]}
citus_log "starting a coordinator (port $coord) and two workers (${port_list[1]}, ${port_list[2]})"
# One TimeZone on every node: Citus does not pass a session's TimeZone on to
# the workers, and days and months follow it.
citus_cluster_start "${port_list[@]}" "timezone = 'America/New_York'" "work_mem = '64MB'" ||
	setup_failed "cluster start"
citus_psql "$coord" -c "CREATE EXTENSION csmetrics" || setup_failed "CREATE EXTENSION csmetrics"
citus_log "loading $tickets tickets into plain and distributed tables ($shards shards)"
citus_psql "$coord" -v tickets="$tickets" -v shards="$shards" -v what=test -f "$HERE/data.sql" ||
	setup_failed "data load"
citus_log "loaded ($((SECONDS - t0)) s)"
citus_psql "$coord" -f "$HERE/checks.sql" -f "$HERE/expected.sql" || setup_failed "check setup"
echo "citus cluster and data ... ok ($tickets tickets, $shards shards, $((SECONDS - t0)) s)"
passed=$((passed + 1))

# One line per group; the checks of a group run as one top-level statement
# each (each its own distributed transaction), then the group's results are
# summed up, and every failure is listed below its line.
run_group() {
	local group=$1 calls=$2 t=$SECONDS ok bad skipped why only what skip_note
	citus_psql "$coord" -At -c "DELETE FROM citus_test.results WHERE grp = '$group'" >/dev/null
	citus_psql "$coord" -At <<-SQL >/dev/null || { echo "citus $group ... FAILED (the checks did not run)"; failed=$((failed + 1)); return; }
		$calls
	SQL
	# counts; why checks were skipped (how many for each reason); the
	# detail of a group of one check
	IFS='|' read -r ok bad skipped why only < <(citus_psql "$coord" -At <<-SQL
		SELECT count(*) FILTER (WHERE ok), count(*) FILTER (WHERE NOT ok), count(*) FILTER (WHERE ok IS NULL),
			coalesce((SELECT string_agg(n || ' ' || detail, '; ' ORDER BY detail)
				FROM (SELECT detail, count(*) AS n FROM citus_test.results
					WHERE grp = '$group' AND ok IS NULL GROUP BY detail) s), ''),
			CASE WHEN count(*) = 1 THEN min(detail) ELSE '' END
		FROM citus_test.results WHERE grp = '$group';
	SQL
	)
	skip_note=
	[ "$skipped" -gt 0 ] && skip_note=", $skipped skipped: $why"
	what="$ok checks$skip_note"
	[ "$((ok + bad + skipped))" -eq 1 ] && what=$only
	if [ "$bad" -eq 0 ] && [ "$ok" -eq 0 ] && [ "$skipped" -gt 0 ]; then
		# nothing to check yet (the as_of forms): said, counted neither way
		printf 'citus %s ... skipped (%s checks)\n' "$group" "$skipped"
		citus_psql "$coord" -At <<-SQL | sed 's/^/    /'
			SELECT 'skipped: ' || item || ': ' || detail FROM citus_test.results WHERE grp = '$group' ORDER BY id;
		SQL
		return
	elif [ "$bad" -eq 0 ] && [ "$ok" -gt 0 ]; then
		printf 'citus %s ... ok (%s, %s s)\n' "$group" "$what" "$((SECONDS - t))"
		passed=$((passed + 1))
	else
		printf 'citus %s ... FAILED (%s of %s checks%s, %s s)\n' "$group" "$bad" "$((ok + bad))" \
			"$skip_note" "$((SECONDS - t))"
		failed=$((failed + 1))
	fi
	citus_psql "$coord" -At <<-SQL | sed 's/^/    /'
		SELECT 'FAILED: ' || item || ': ' || left(detail, 400)
		FROM citus_test.results WHERE grp = '$group' AND NOT ok ORDER BY id;
	SQL
}

# the CALLs of one group of aggregate checks, over the whole list
aggregate_calls() {
	citus_psql "$coord" -At -c "SELECT format('CALL citus_test.check_aggregate(%L, %L);', '$1', aggregate)
		FROM citus_test.aggregates ORDER BY per_ticket, aggregate"
}
# the CALLs of the listed queries of one group
query_calls() {
	citus_psql "$coord" -At -c "SELECT format('CALL citus_test.check(%L, %L, %L, %L, %L, %L);',
			grp, name, fname, query, expect, settings)
		FROM citus_test.queries WHERE grp = '$1' ORDER BY name"
}

run_group coverage "CALL citus_test.check_coverage();"
for group in 'whole table' 'group by other column' 'group by distribution column' 'strategy disabled'; do
	run_group "$group" "$(aggregate_calls "$group")"
done
run_group windows "$(query_calls windows)"
run_group 'stored states' "$(query_calls 'stored states')
CALL citus_test.check_built_states();"
run_group 'time zone' "$(query_calls 'time zone')"
run_group 'as_of forms' "CALL citus_test.check_as_of();"
# test/run adds the counts to its own summary line; alone, say them here
if [ -z "${CS_CITUS_SUMMARY:-}" ]; then
	echo "citus: $passed passed, $failed failed ($((SECONDS - t0)) s)"
else
	citus_log "Citus test done in $((SECONDS - t0)) s"
fi
[ "$failed" -eq 0 ]
