# scripts/lib.sh: shared by demo/run, test/run and bench/*.sh.
#
# Installs what csmetrics needs from Debian's packages, builds and installs
# the extension, and runs a command against a throwaway PostgreSQL cluster.
# PostgreSQL refuses to run as root, so the throwaway cluster comes from
# pg_virtualenv (postgresql-common), which runs the server as "postgres"
# and hands the command PGHOST, PGPORT, PGUSER and PGPASSWORD.  With -t the
# cluster lives in a temporary directory, so several runs can go at once.

CS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CS_PGVERSION=15
CS_PACKAGES="postgresql-$CS_PGVERSION postgresql-server-dev-$CS_PGVERSION postgresql-common make gcc"

cs_log() { printf '== %s\n' "$*" >&2; }

# Install the Debian packages that are missing (needs root on a fresh machine).
cs_install_deps() {
	local missing=() p
	for p in $CS_PACKAGES ${CS_EXTRA_PACKAGES:-}; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "missing Debian packages: ${missing[*]}; run as root, or install them first" >&2
		return 1
	fi
	cs_log "installing ${missing[*]}"
	apt-get update -qq
	# The packages also create Debian's default cluster (15/main); it is
	# left alone: the tests and the demo use throwaway clusters of their own.
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Build with -Wall -Wextra -Werror (set in the Makefile) and install.
cs_build_install() {
	local pg_config=/usr/lib/postgresql/$CS_PGVERSION/bin/pg_config
	cs_log "building csmetrics"
	make -C "$CS_ROOT" -s PG_CONFIG="$pg_config" clean >/dev/null
	make -C "$CS_ROOT" -s PG_CONFIG="$pg_config" >/dev/null
	make -C "$CS_ROOT" -s PG_CONFIG="$pg_config" install >/dev/null
}

cs_setup() {
	cs_install_deps && cs_build_install
}

# cs_with_cluster CMD...: run CMD against a fresh throwaway cluster, then drop it.
# Settings sized for the benchmarks: the 10M-row tables stay in shared buffers.
cs_with_cluster() {
	pg_virtualenv -t -v "$CS_PGVERSION" \
		-o "shared_buffers=${CS_SHARED_BUFFERS:-1GB}" \
		-o "max_parallel_workers_per_gather=2" \
		-o "max_worker_processes=8" \
		-o "work_mem=64MB" \
		"$@"
}
