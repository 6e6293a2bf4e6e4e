#!/usr/bin/env bash
# t_package.sh: the Debian package, as a user gets it.
#   1. installs what building the package needs (debhelper,
#      postgresql-server-dev-all, debootstrap, ...);
#   2. copies the tree (tracked and new files, no build products) into a
#      temporary directory and builds it with dpkg-buildpackage -us -uc -b:
#      one postgresql-NN-csmetrics for each version pg_buildext supports
#      here, with the Makefile's -Wall -Wextra -Werror;
#   3. checks that debian/changelog's upstream version and the packages'
#      version match csmetrics.control's default_version;
#   4. installs postgresql-15 from Debian and our .deb (nothing else of ours)
#      in a fresh minimal bookworm chroot, starts a throwaway cluster there,
#      runs CREATE EXTENSION csmetrics and one query of each function family,
#      and compares each answer with a value worked out by hand.
# The chroot (debootstrap --variant=minbase, plus postgresql-15) is made once
# and cached in /var/cache/csmetrics/chroots/bookworm-pkg; every run works in
# a copy of it, so the cache stays as debootstrap and apt left it.
# Needs root (apt-get, debootstrap, chroot) and Debian's mirror.
#
# The package build skips the regression suite by default (nocheck): test/run
# has just run it against the same sources.  CS_PACKAGE_CHECK=1 runs it inside
# the build too, as Debian's buildds do (dh_pgxs_test, about 5 minutes).
# CS_KEEP=1 keeps the work directory.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$root/csmetrics.control")
cache=/var/cache/csmetrics/chroots/bookworm-pkg
# Written into the cache's completion marker: a cache made by another recipe
# is made anew.
recipe="bookworm minbase + postgresql-15, create_main_cluster=false, v1"
pgmajor=15	# bookworm's PostgreSQL

say() { printf '%s\n' "$*"; }
fail() { say "FAILED: $*"; exit 1; }

# The suite's cluster (pg_virtualenv's PGHOST, PGPORT, PGSYSCONFDIR, ...) is not
# ours: the package build starts its own with pg_virtualenv, which would
# reuse PGPORT, and pg_buildext reads PGSYSCONFDIR's supported_versions.
unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE PGSERVICEFILE PGSYSCONFDIR \
	PG_CLUSTER_CONF_ROOT PGVERSION PG_CONFIG

[ "$(id -u)" = 0 ] || fail "must run as root (apt-get, debootstrap, chroot)"
[ -n "$version" ] || fail "no default_version in csmetrics.control"

# 1. Build dependencies, from Debian.
needed="build-essential debhelper dpkg-dev fakeroot postgresql-server-dev-all debootstrap git"
missing=()
for p in $needed; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	say "installing ${missing[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work=$(mktemp -d /var/tmp/csmetrics-package.XXXXXX)
chmod 755 "$work"	# pg_virtualenv's server (user postgres) reads the build tree
chroot_dir=$work/root
cleanup() {
	set +e
	if [ -x "$chroot_dir/usr/lib/postgresql/$pgmajor/bin/pg_ctl" ] && [ -f "$chroot_dir/var/tmp/csm/postmaster.pid" ]; then
		chroot "$chroot_dir" runuser -u postgres -- \
			"/usr/lib/postgresql/$pgmajor/bin/pg_ctl" -D /var/tmp/csm -m immediate -w stop >/dev/null 2>&1
	fi
	for m in "$chroot_dir/proc" "$cache.new/proc"; do
		mountpoint -q "$m" && umount "$m"
	done
	if mountpoint -q "$chroot_dir/proc" || mountpoint -q "$cache.new/proc"; then
		say "left $work in place: /proc is still mounted in it"
	elif [ -n "${CS_KEEP:-}" ]; then
		say "kept $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

# 2. A clean copy of the tree: what git tracks plus new files it does not
# ignore, so build products of the working tree never reach the package.
say "== copying the tree"
mkdir "$work/src"
git -C "$root" ls-files -z --cached --others --exclude-standard |
	(cd "$root" && xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
	tar -C "$root" --null -T - -cf - | tar -C "$work/src" -xf -
chmod -R a+rX "$work/src"

# 3. Versions: one source, csmetrics.control.
deb_version=$(cd "$work/src" && dpkg-parsechangelog -S Version)
[ "${deb_version%-*}" = "$version" ] ||
	fail "debian/changelog has $deb_version; csmetrics.control has default_version $version"
say "debian/changelog $deb_version matches default_version $version"

# debian/control as committed must be what pg_buildext makes of control.in
# for this release's supported versions (as Debian's build checks it).
(cd "$work/src" && pg_buildext checkcontrol) || fail "debian/control is out of date: run pg_buildext updatecontrol"

# A package for every PostgreSQL whose server-dev package is installed here
# (on bookworm: 15), debian/control regenerated to match in the copy.
export PG_SUPPORTED_VERSIONS=installed PG_UPDATECONTROL=yes
say "== dpkg-buildpackage -us -uc -b"
opts=nocheck
[ "${CS_PACKAGE_CHECK:-0}" = 1 ] && opts=
t0=$(date +%s)
if ! (cd "$work/src" && DEB_BUILD_OPTIONS="$opts" dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
	tail -n 60 "$work/build.log"
	fail "dpkg-buildpackage failed (log above)"
fi
say "built in $(($(date +%s) - t0)) s"
grep -E '^[^ ]+:[0-9]+:[0-9]+: warning:' "$work/build.log" && fail "the build printed compiler warnings"

arch=$(dpkg --print-architecture)
versions=$(cd "$work/src" && pg_buildext supported-versions)
[ -n "$versions" ] || fail "pg_buildext supports no PostgreSQL version here"
for v in $versions; do
	deb=$work/postgresql-$v-csmetrics_${deb_version}_$arch.deb
	[ -f "$deb" ] || fail "no package for PostgreSQL $v: $(ls "$work")"
	contents=$(dpkg-deb -c "$deb")
	for f in "usr/share/postgresql/$v/extension/csmetrics.control" \
		"usr/share/postgresql/$v/extension/csmetrics--$version.sql" \
		"usr/lib/postgresql/$v/lib/csmetrics.so"; do
		grep -q "\./$f\$" <<<"$contents" || fail "$(basename "$deb") lacks /$f"
	done
	say "postgresql-$v-csmetrics $deb_version: control file, install script and library present"
done
deb=$work/postgresql-$pgmajor-csmetrics_${deb_version}_$arch.deb
[ -f "$deb" ] || fail "no package for PostgreSQL $pgmajor, which the bookworm chroot runs"

# 4. The chroot.  The mirror: the one this machine's apt uses for Debian,
# else debootstrap's default.
sources=/etc/apt/sources.list.d/debian.sources
mirror=
[ -f $sources ] && mirror=$(awk '/^URIs:/ { print $2; exit }' $sources)

make_cache() {
	local new=$cache.new
	rm -rf "$new"
	say "== debootstrap --variant=minbase bookworm (cached in $cache)"
	debootstrap --variant=minbase bookworm "$new" $mirror >"$work/debootstrap.log" 2>&1 ||
		{ tail -n 30 "$work/debootstrap.log"; return 1; }
	# Security updates too: packages built here depend on the current minor
	# release of the server (pg_buildext's minor_versions).
	if [ -f $sources ]; then
		cp $sources "$new/etc/apt/sources.list.d/debian.sources" &&
			: > "$new/etc/apt/sources.list" || return 1
	elif grep -qE '^deb[[:space:]].*[[:space:]]bookworm-security[[:space:]]' /etc/apt/sources.list 2>/dev/null; then
		grep -E '^deb[[:space:]].*[[:space:]]bookworm(-updates|-security)?[[:space:]]' /etc/apt/sources.list \
			> "$new/etc/apt/sources.list" || return 1
	fi
	# No service starts in the chroot, and the postgresql-15 package makes no
	# cluster of its own: the test makes a throwaway one.
	printf '#!/bin/sh\nexit 101\n' > "$new/usr/sbin/policy-rc.d" &&
		chmod 755 "$new/usr/sbin/policy-rc.d" &&
		mkdir -p "$new/etc/postgresql-common" &&
		echo "create_main_cluster = false" > "$new/etc/postgresql-common/createcluster.conf" &&
		mount -t proc proc "$new/proc" || return 1
	chroot "$new" apt-get update -qq &&
		chroot "$new" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends -o Dpkg::Options::=--force-confold \
			"postgresql-$pgmajor" >"$work/chroot-apt.log" 2>&1 ||
		{ tail -n 30 "$work/chroot-apt.log"; umount "$new/proc"; return 1; }
	chroot "$new" apt-get clean
	umount "$new/proc" || return 1
	rm -rf "$cache" && mv "$new" "$cache" && echo "$recipe" > "$cache.complete"
}

mkdir -p "$(dirname "$cache")"
t0=$(date +%s)
(
	flock -x 9
	if [ "$(cat "$cache.complete" 2>/dev/null)" != "$recipe" ] || [ ! -d "$cache" ]; then
		rm -f "$cache.complete"
		make_cache || exit 1
	fi
	# A fresh copy for this run: the cache itself is never changed.
	cp -a "$cache" "$chroot_dir" || exit 1
) 9>"$cache.lock" || fail "could not make the bookworm chroot"
say "chroot ready in $(($(date +%s) - t0)) s"

mount -t proc proc "$chroot_dir/proc"
in_chroot() { chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"; }

say "== apt-get install ./$(basename "$deb") in the chroot"
cp "$deb" "$chroot_dir/tmp/"
in_chroot apt-get update -qq >"$work/install.log" 2>&1 &&
	in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"./tmp/$(basename "$deb")" >>"$work/install.log" 2>&1 ||
	{ tail -n 30 "$work/install.log"; fail "apt-get install of the package failed in the chroot"; }
in_chroot dpkg-query -W -f='${Package} ${Version} ${Status}\n' "postgresql-$pgmajor-csmetrics" "postgresql-$pgmajor"
owner=$(in_chroot dpkg -S "/usr/share/postgresql/$pgmajor/extension/csmetrics.control")
[ "${owner%%:*}" = "postgresql-$pgmajor-csmetrics" ] || fail "csmetrics.control belongs to '$owner'"
# Nothing of ours but the package: no other csmetrics files in the chroot.
others=$(in_chroot find / -xdev -name '*csmetrics*' -not -path '/tmp/*' -not -path '/var/lib/dpkg/*' -not -path '/var/cache/*' |
	grep -v -x -F -f <(in_chroot dpkg -L "postgresql-$pgmajor-csmetrics") || true)
[ -z "$others" ] || fail "csmetrics files not from the package in the chroot: $others"

# A throwaway cluster, as postgres, listening only on a socket in the
# chroot's own /var/tmp/csm (no TCP port, so it meets no other server here).
bin=/usr/lib/postgresql/$pgmajor/bin
in_chroot install -d -o postgres -g postgres /var/tmp/csm
in_chroot runuser -u postgres -- $bin/initdb -D /var/tmp/csm -U postgres -A trust >"$work/initdb.log" 2>&1 ||
	{ cat "$work/initdb.log"; fail "initdb failed in the chroot"; }
in_chroot runuser -u postgres -- $bin/pg_ctl -D /var/tmp/csm -w -l /var/tmp/csm/log \
	-o "-c listen_addresses= -k /var/tmp/csm -p 5432" start >/dev/null ||
	{ cat "$chroot_dir/var/tmp/csm/log"; fail "the server did not start in the chroot"; }

psql_c() {
	in_chroot runuser -u postgres -- psql -X -q -At -v ON_ERROR_STOP=1 -h /var/tmp/csm -p 5432 -d postgres \
		-c "SET TimeZone = 'UTC'" -c "$1"
}
psql_c "CREATE EXTENSION csmetrics" || fail "CREATE EXTENSION csmetrics failed"
got=$(psql_c "SELECT extversion FROM pg_extension WHERE extname = 'csmetrics'")
[ "$got" = "$version" ] || fail "installed extension version '$got', expected $version"
say "CREATE EXTENSION csmetrics: version $got"

failures=0
check() {	# check NAME EXPECTED SQL
	local got
	got=$(psql_c "$3" 2>&1) || true
	if [ "$got" = "$2" ]; then
		say "ok: $1 = $got"
	else
		say "NOT OK: $1: got '$got', expected '$2'"
		failures=$((failures + 1))
	fi
}

# Surveys. NPS of 10,10,9,7,3: 3 promoters, 1 detractor of 5 -> 100*(3-1)/5 = 40.
# CSAT of 5,4,3,1: 2 of 4 are 4-5 -> 50.  CES of 2,4,6: mean 4.
check "nps" 40 "SELECT nps(s) FROM unnest('{10,10,9,7,3}'::int[]) s"
check "csat" 50 "SELECT csat(s) FROM unnest('{5,4,3,1}'::int[]) s"
check "ces" 4 "SELECT ces(s) FROM unnest('{2,4,6}'::int[]) s"
# The survey state: the same NPS from the state's text form, rolled up.
check "survey state" "40|5" "SELECT nps(rollup(st)), responses(rollup(st)) FROM (VALUES ('n=2 10:2'::survey), ('n=3 3:1 7:1 9:1')) v(st)"
# Durations 1, 2, 3, 4 minutes: the continuous median is 2.5 minutes; the
# sketch keeps count, mean (2.5 minutes) and maximum exactly.
check "duration_percentile" "00:02:30" "SELECT duration_percentile(m * interval '1 minute', 0.5) FROM generate_series(1, 4) m"
check "duration sketch" "4|00:02:30|00:04:00" "SELECT sketch_count(s), mean(s), max_duration(s) FROM (SELECT duration_agg(m * interval '1 minute') s FROM generate_series(1, 4) m) x"
# Rates. 1 h, 2 h, 5 h against 3 h: 2 of 3 -> 66.6667 %.  Contacts 1,1,2,3: 2 of 4 -> 50.
check "sla_rate" "66.6667" "SELECT round(sla_rate(h * interval '1 hour', '3 hours')::numeric, 4) FROM unnest('{1,2,5}'::int[]) h"
check "fcr_rate" 50 "SELECT fcr_rate(c) FROM unnest('{1,1,2,3}'::int[]) c"
# Time in status: pending 11:00-13:00 and 14:00-14:30 (as_of) -> 2:30.
check "time_in_status" "02:30:00" "SELECT time_in_status(t, s, '{pending}', timestamptz '2025-03-03 14:30+00') FROM (VALUES
	(timestamptz '2025-03-03 10:00+00', 'open'), ('2025-03-03 11:00+00', 'pending'),
	('2025-03-03 13:00+00', 'open'), ('2025-03-03 14:00+00', 'pending')) v(t, s)"
# Timeline, days 1 and 2 of January (UTC). A: open since Dec 31, closed Jan 1
# 06:00 (lost on day 1); B: opened Jan 1 10:00, still open; C: opened and
# closed on Jan 2.  Day 1: at_start 1 (A), opened 1 (B), closed 1 (A),
# lost 1, at_end 1 (B).  Day 2: at_start 1 (B), opened 1, closed 1 (C),
# lost 0, at_end 1.
check "timeline" "1/1/1/1/1 1/1/1/0/1" "SELECT string_agg(format('%s/%s/%s/%s/%s', at_start, opened, closed, lost, at_end), ' ' ORDER BY period_start)
	FROM periods((SELECT timeline_agg(o, c, '2025-01-01', '2025-01-03', '1 day') FROM (VALUES
	(timestamptz '2024-12-31 12:00+00', timestamptz '2025-01-01 06:00+00'),
	('2025-01-01 10:00+00', NULL), ('2025-01-02 08:00+00', '2025-01-02 20:00+00')) v(o, c)))"
# Calendar: Monday 08:00 to Tuesday 12:00 Berlin time, office hours 9-17:
# 8 h on Monday + 3 h on Tuesday = 11 h.
check "business_time" "11:00:00" "SELECT business_time('2025-03-03 08:00+01', '2025-03-04 12:00+01', 'mon-fri 09:00-17:00; tz Europe/Berlin')"
# Conversation: customer at 10:00 and 10:05, agent at 10:45 -> 45 minutes
# from the first customer message.
check "first_response_time" "00:45:00" "SELECT first_response_time(t, a) FROM (VALUES
	(timestamptz '2025-03-03 10:00+00', false), ('2025-03-03 10:05+00', false), ('2025-03-03 10:45+00', true)) v(t, a)"
# Contact centre: waits 10 s and 30 s answered, 3 s and 25 s abandoned;
# within 20 s: 1 of 4 offered -> 25 %; without abandons under 5 s: 1 of 3.
check "service_level" "25|33.3333" "SELECT service_level(w * interval '1 second', a, '20 seconds'),
	round(service_level(w * interval '1 second', a, '20 seconds', '5 seconds')::numeric, 4)
	FROM (VALUES (10, true), (30, true), (3, false), (25, false)) v(w, a)"

[ "$failures" -eq 0 ] || fail "$failures queries gave wrong answers in the chroot"
say "all queries gave the expected values in a fresh bookworm chroot"
