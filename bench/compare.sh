#!/usr/bin/env bash
# bench/compare.sh: the current tree against a reference commit, side by side.
#
#   bash bench/compare.sh REF                install packages, build and install the current
#                                            tree (csmetrics) and REF (as csmetrics_ref), and
#                                            compare them in one throwaway cluster (as root on
#                                            Debian 12)
#   --no-setup                               skip the package install and the build and
#                                            install of the current tree (REF is always built)
#
# REF: a git commit (3cafe8d, main~1, a tag).  Measures the aggregates whose
# transition state changed from internal to a real type: duration_agg,
# rollup(duration_sketch), timeline_agg, rollup(timeline), each against
# count() of the same expressions, serial and in forced parallel plans (see
# bench/compare.sql).  REF is built from `git archive REF` in a temporary
# directory as the extension csmetrics_ref ($libdir/csmetrics_ref.so,
# csmetrics_ref--VERSION.sql), installed next to csmetrics, and removed again
# afterwards.  One throwaway cluster (shared_buffers 1GB in huge pages) holds
# two databases, ref and cur, with the same generated data; every round
# times each query once in each, alternating which goes first.
# `bash bench/compare.sh HEAD` on a clean tree compares a build with itself:
# its cur/ref ratios show the noise floor of the machine.  One run at a time
# (csmetrics_ref is installed into the system's PostgreSQL).
# Environment: ROWS (rows of each table, default 5000000: two copies fit in
# shared_buffers), RUNS (timed rounds after a warm-up, default 7; the median
# is reported).  Exits non-zero when a correctness check fails; a missed
# timing target shows in the report and its SUMMARY line only.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../scripts/lib.sh
# The benchmark clusters do not load pg_cron: no idle scheduler beside the timings.
export CS_CRON=${CS_CRON:-0}
. "$BENCH_DIR/../scripts/lib.sh"
# Benchmarks reserve huge pages for shared_buffers (see lib.sh); CS_HUGE_PAGES=0 to not.
CS_HUGE_PAGES=${CS_HUGE_PAGES:-1}

# lib.sh's reservation, counting the pages that other servers hold: lib.sh
# raises nr_hugepages by what shared_buffers needs, but pages that a running
# server holds beyond nr_hugepages (surplus, left when a reservation was
# restored under it) are taken back into the raised pool, so fewer are free
# than the server needs and it cannot start ("could not map anonymous
# shared memory").  Here the pool grows from its total, surplus included.
# shellcheck disable=SC2034  # CS_HP and CS_OLD_HUGEPAGES are read by lib.sh's cs_with_cluster
cs_reserve_huge_pages() {
	local sb_mb=$1 old want total
	CS_HP=try
	if [ "${CS_HUGE_PAGES:-0}" != 1 ] || [ "$(id -u)" != 0 ] || [ ! -w /proc/sys/vm/nr_hugepages ]; then
		return
	fi
	old=$(cat /proc/sys/vm/nr_hugepages)
	total=$(awk '/^HugePages_Total:/ { print $2 }' /proc/meminfo)
	[ "$total" -ge "$old" ] || total=$old
	want=$((sb_mb / 2 + 64))	# 2 MB pages, plus room for the rest of shared memory
	CS_OLD_HUGEPAGES=$old
	echo "$((total + want))" > /proc/sys/vm/nr_hugepages
	if [ "$(awk '/^HugePages_Free:/ { f = $2 } /^HugePages_Rsvd:/ { r = $2 } END { print f - r }' /proc/meminfo)" -ge "$want" ]; then
		cs_log "reserved $want huge pages for shared_buffers"
		CS_HP=on
	else
		cs_log "could not reserve huge pages; running without"
		echo "$old" > /proc/sys/vm/nr_hugepages
		unset CS_OLD_HUGEPAGES
	fi
}

usage() { sed -n '2,27s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

ref=${1:-}
case $ref in
	-h|--help) usage; exit 0 ;;
	'' | -*) usage >&2; exit 2 ;;
esac
shift

setup=1
while [ $# -gt 0 ]; do
	case $1 in
		--no-setup) setup=; shift ;;
		-h|--help) usage; exit 0 ;;
		*) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
	esac
done

bench=(psql -X -v ON_ERROR_STOP=1)
for var in ROWS RUNS; do
	val=${!var:-}
	[ -z "$val" ] && continue
	[[ $val =~ ^[1-9][0-9]*$ ]] || { echo "$var must be a positive integer, not '$val'" >&2; exit 2; }
	bench+=(-v "${var,,}=$val")
done

ref_commit=$(git -C "$CS_ROOT" rev-parse --verify --quiet "$ref^{commit}") \
	|| { echo "not a commit: $ref" >&2; exit 2; }
ref_label=$(git -C "$CS_ROOT" log -1 --format='%h %s' "$ref_commit" | cut -c1-70)
[[ $ref_commit == "$ref"* ]] || ref_label="$ref = $ref_label"
cur_label="the working tree at $(git -C "$CS_ROOT" log -1 --format='%h %s' HEAD | cut -c1-70)"
if [ -n "$(git -C "$CS_ROOT" status --porcelain -- src sql Makefile csmetrics.control)" ]; then
	cur_label="$cur_label, with uncommitted changes"
	cur_id="$(git -C "$CS_ROOT" rev-parse --short HEAD)+changes"
else
	cur_id=$(git -C "$CS_ROOT" rev-parse --short HEAD)
fi
ref_id=$(git -C "$CS_ROOT" rev-parse --short "$ref_commit")

if [ -n "$setup" ]; then
	cs_setup
fi

# REF as csmetrics_ref: its own control file (module_pathname
# $libdir/csmetrics_ref), and the Makefile's EXTENSION and MODULE_big set on
# the command line, from which it derives the install script's name.
pg_config=/usr/lib/postgresql/$CS_PGVERSION/bin/pg_config
ref_dir=$(mktemp -d -t csmetrics_ref.XXXXXX)
ref_make=(make -C "$ref_dir" -s EXTENSION=csmetrics_ref MODULE_big=csmetrics_ref PG_CONFIG="$pg_config")
cleanup() {
	if [ -f "$ref_dir/Makefile" ]; then
		"${ref_make[@]}" uninstall >/dev/null 2>&1 || true
	fi
	rm -rf "$ref_dir"
}
trap cleanup EXIT

cs_log "building $ref ($ref_commit) as csmetrics_ref in $ref_dir"
git -C "$CS_ROOT" archive "$ref_commit" | tar -x -C "$ref_dir"
[ -f "$ref_dir/csmetrics.control" ] || { echo "$ref has no csmetrics.control" >&2; exit 1; }
sed "s|^module_pathname *=.*|module_pathname = '\$libdir/csmetrics_ref'|" \
	"$ref_dir/csmetrics.control" > "$ref_dir/csmetrics_ref.control"
ref_version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$ref_dir/csmetrics_ref.control")
"${ref_make[@]}" >/dev/null
"${ref_make[@]}" install >/dev/null
libdir=$("$pg_config" --pkglibdir)
extdir=$("$pg_config" --sharedir)/extension
for f in "$libdir/csmetrics_ref.so" "$extdir/csmetrics_ref.control" "$extdir/csmetrics_ref--$ref_version.sql"; do
	[ -f "$f" ] || { echo "the build of $ref did not install $f" >&2; exit 1; }
done
cmp -s "$ref_dir/csmetrics_ref.so" "$libdir/csmetrics_ref.so" \
	|| { echo "$libdir/csmetrics_ref.so is not the library just built" >&2; exit 1; }
grep -q "^module_pathname = '\$libdir/csmetrics_ref'$" "$extdir/csmetrics_ref.control" \
	|| { echo "$extdir/csmetrics_ref.control does not point at csmetrics_ref.so" >&2; exit 1; }
cs_log "installed csmetrics_ref $ref_version: $libdir/csmetrics_ref.so, $extdir/csmetrics_ref--$ref_version.sql"

bench+=(-v "ref_label=$ref_label" -v "cur_label=$cur_label" -v "ref_id=$ref_id" -v "cur_id=$cur_id" -f "$BENCH_DIR/compare.sql")
cs_log "running bench/compare.sql in a throwaway cluster"
rc=0
cs_with_cluster "${bench[@]}" || rc=$?
exit $rc
