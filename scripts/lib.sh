# scripts/lib.sh: shared by demo/run, test/run and bench/*.sh.
#
# Installs what csmetrics needs from Debian's packages, builds and installs
# the extension, and runs a command against a throwaway PostgreSQL cluster.
# PostgreSQL refuses to run as root, so the throwaway cluster comes from
# pg_virtualenv (postgresql-common), which runs the server as "postgres"
# and hands the command PGHOST, PGPORT, PGUSER and PGPASSWORD.  With -t the
# cluster lives in a temporary directory, so several runs can go at once.

CS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The PostgreSQL major version to build and test against: CS_PGVERSION when
# set (test/run takes it as its argument), else the highest one whose
# pg_config is installed, else 15 (Debian 12's, installed by cs_install_deps).
cs_default_pgversion() {
	local f v best=
	for f in /usr/lib/postgresql/*/bin/pg_config; do
		[ -x "$f" ] || continue
		v=${f#/usr/lib/postgresql/}
		v=${v%%/*}
		[[ $v =~ ^[0-9]+$ ]] || continue
		if [ -z "$best" ] || [ "$v" -gt "$best" ]; then best=$v; fi
	done
	echo "${best:-15}"
}
CS_PGVERSION=${CS_PGVERSION:-$(cs_default_pgversion)}
if ! [[ $CS_PGVERSION =~ ^[1-9][0-9]*$ ]]; then
	echo "CS_PGVERSION must be a PostgreSQL major version such as 15, not '$CS_PGVERSION'" >&2
	exit 2
fi
CS_PG_BIN=/usr/lib/postgresql/$CS_PGVERSION/bin
# tzdata: the tests use named zones; see cs_install_deps for tzdata-legacy.
# postgresql-NN-cron: pg_cron, for the demo's scheduled refresh and
# test/t_cron.sh (Debian ships it for every version of test/matrix).
CS_PACKAGES="postgresql-$CS_PGVERSION postgresql-server-dev-$CS_PGVERSION postgresql-common make gcc tzdata
	postgresql-$CS_PGVERSION-cron"
# Needed by the tests only, so test/run and test/matrix install them and the
# demo and benchmarks do not: a JDK and PostgreSQL's JDBC driver, for
# test/t_jdbc.sh (what BI tools see through JDBC).
CS_TEST_PACKAGES="default-jdk-headless libpostgresql-jdbc-java"

cs_log() { printf '== %s\n' "$*" >&2; }

# Install the Debian packages that are missing (needs root on a fresh machine).
cs_install_deps() {
	local missing=() p
	for p in $CS_PACKAGES ${CS_EXTRA_PACKAGES:-}; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		cs_apt_install "${missing[@]}" || return 1
	fi
	# The tests use legacy zone names (EST5EDT); from Debian 13 on they are
	# in tzdata-legacy, a package older releases do not have.
	if [ ! -e /usr/share/zoneinfo/EST5EDT ]; then
		cs_apt_install tzdata-legacy || return 1
	fi
}

cs_apt_install() {
	if [ "$(id -u)" != 0 ]; then
		echo "missing Debian packages: $*; run as root, or install them first" >&2
		return 1
	fi
	cs_log "installing $*"
	# A mirror can fail for a moment (a Release file being replaced): once more.
	apt-get update -qq || { sleep 10; apt-get update -qq; } || return 1
	# The packages also create Debian's default cluster (NN/main) unless
	# createcluster.conf says not to; it is left alone: the tests and the
	# demo use throwaway clusters of their own.
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Build with -Wall -Wextra -Werror (set in the Makefile) and install.
cs_build_install() {
	local pg_config=$CS_PG_BIN/pg_config
	cs_log "building csmetrics for PostgreSQL $CS_PGVERSION"
	make -C "$CS_ROOT" -s PG_CONFIG="$pg_config" clean >/dev/null
	make -C "$CS_ROOT" -s PG_CONFIG="$pg_config" >/dev/null
	make -C "$CS_ROOT" -s PG_CONFIG="$pg_config" install >/dev/null
}

cs_setup() {
	cs_install_deps && cs_build_install
}

# With CS_HUGE_PAGES=1 (the benchmarks), running as root, reserve huge pages
# for shared_buffers and start the cluster with huge_pages=on, as PostgreSQL
# recommends for large shared_buffers; the previous reservation is restored
# afterwards.  Without them every new parallel worker takes a page fault per
# 4 kB of shared buffers it reads, which on a small VM costs more than the
# worker saves.  Sets CS_HP to the huge_pages setting to use.
cs_reserve_huge_pages() {
	local sb_mb=$1 old want
	CS_HP=try
	if [ "${CS_HUGE_PAGES:-0}" != 1 ] || [ "$(id -u)" != 0 ] || [ ! -w /proc/sys/vm/nr_hugepages ]; then
		return
	fi
	old=$(cat /proc/sys/vm/nr_hugepages)
	want=$((sb_mb / 2 + 64))	# 2 MB pages, plus room for the rest of shared memory
	CS_OLD_HUGEPAGES=$old
	echo "$((old + want))" > /proc/sys/vm/nr_hugepages
	if [ "$(cat /proc/sys/vm/nr_hugepages)" -ge "$((old + want))" ]; then
		cs_log "reserved $want huge pages for shared_buffers"
		CS_HP=on
	else
		cs_log "could not reserve huge pages; running without"
		echo "$old" > /proc/sys/vm/nr_hugepages
		unset CS_OLD_HUGEPAGES
	fi
}

# cs_cron_options: pg_virtualenv's options that load pg_cron, where it is
# installed for CS_PGVERSION (none otherwise, and none with CS_CRON=0).
# pg_cron's scheduler keeps its tables (cron.job, cron.job_run_details) in
# database postgres, and runs each job in a background worker rather than
# a new connection, which would need a password in pg_virtualenv's cluster;
# cron.schedule_in_database points a job at another database.
cs_cron_options() {
	[ "${CS_CRON:-1}" != 0 ] || return 0
	[ -e "$("$CS_PG_BIN/pg_config" --pkglibdir)/pg_cron.so" ] || return 0
	printf '%s\n' -o shared_preload_libraries=pg_cron -o cron.database_name=postgres \
		-o cron.use_background_workers=on
}

# cs_with_cluster CMD...: run CMD against a fresh throwaway cluster, then drop it.
# Settings sized for the benchmarks: the 10M-row tables stay in shared buffers.
cs_with_cluster() {
	local sb=${CS_SHARED_BUFFERS:-1GB} sb_mb rc cron=()
	mapfile -t cron < <(cs_cron_options)
	case $sb in
		*GB) sb_mb=$((${sb%GB} * 1024)) ;;
		*MB) sb_mb=${sb%MB} ;;
		*) sb_mb=128 ;;
	esac
	cs_reserve_huge_pages "$sb_mb"
	pg_virtualenv -t -v "$CS_PGVERSION" \
		-o "shared_buffers=$sb" \
		-o "huge_pages=$CS_HP" \
		-o "max_parallel_workers_per_gather=2" \
		-o "max_worker_processes=8" \
		-o "work_mem=64MB" \
		"${cron[@]}" \
		"$@"
	rc=$?
	if [ -n "${CS_OLD_HUGEPAGES:-}" ]; then
		echo "$CS_OLD_HUGEPAGES" > /proc/sys/vm/nr_hugepages
		unset CS_OLD_HUGEPAGES
	fi
	return $rc
}
