# shellcheck shell=bash
# test/citus/lib.sh: shared by test/citus/run.sh and bench/citus.sh.
#
# Builds Citus from ../shared/citus (cached between runs), installs it into a
# PostgreSQL 15, and starts a throwaway Citus cluster: a coordinator and two
# workers on loopback, each its own data directory under one temporary
# directory, run as "postgres" when called as root (PostgreSQL refuses root).
#
# Environment:
#   CS_PG_CONFIG     pg_config of the PostgreSQL to use
#                    (default /usr/lib/postgresql/15/bin/pg_config)
#   CS_CITUS_SRC     directory holding the Citus tarball and patch
#                    (default $CS_ROOT/../shared/citus)
#   CS_CITUS_CACHE   where built Citus trees are kept between runs (default
#                    /var/cache/csmetrics, or ~/.cache/csmetrics if not writable)

CS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CS_PG_CONFIG=${CS_PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
CS_CITUS_SRC=${CS_CITUS_SRC:-$CS_ROOT/../shared/citus}
CS_CITUS_VERSION=13.2.2
# Debian packages Citus needs to build: compression libraries, and the GSSAPI
# headers that PostgreSQL's libpq-be.h includes (Debian builds --with-gssapi).
CS_CITUS_PACKAGES="liblz4-dev libzstd-dev libkrb5-dev make gcc patch"

citus_log() { printf '== %s\n' "$*" >&2; }

# Install the Debian packages that are missing (as scripts/lib.sh does).
citus_install_deps() {
	local missing=() p
	for p in $CS_CITUS_PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "missing Debian packages: ${missing[*]}; run as root, or install them first" >&2
		return 1
	fi
	citus_log "installing ${missing[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Build Citus once per (Citus version, PostgreSQL version, tarball, patch,
# pg_config) under CS_CITUS_CACHE, then `make install` from the built tree,
# which copies files and compiles nothing.  A fresh machine builds (about a
# minute on two idle cores).  A tree counts only once marked complete
# (.built): an unfinished one is removed and built again.
citus_build_install() {
	local tarball=$CS_CITUS_SRC/citus-$CS_CITUS_VERSION-src.tar.gz
	local patchfile=$CS_CITUS_SRC/citus-$CS_CITUS_VERSION-pg15.20.patch
	local pgver sum psum cfg key dir
	[ -f "$tarball" ] || { echo "no Citus source: $tarball" >&2; return 1; }
	[ -x "$CS_PG_CONFIG" ] || { echo "no pg_config at $CS_PG_CONFIG" >&2; return 1; }
	citus_install_deps || return 1
	pgver=$("$CS_PG_CONFIG" --version | awk '{print $2}')
	sum=$(sha256sum "$tarball" | cut -c1-16)
	psum=none
	[ -f "$patchfile" ] && psum=$(sha256sum "$patchfile" | cut -c1-8)
	# configure records the pg_config it was given
	cfg=$(printf '%s' "$CS_PG_CONFIG" | sha256sum | cut -c1-8)
	key=citus-$CS_CITUS_VERSION-pg$pgver-$sum-$psum-$cfg
	# /var/cache/csmetrics, or the user's cache when that cannot be written
	if [ -z "${CS_CITUS_CACHE:-}" ]; then
		CS_CITUS_CACHE=/var/cache/csmetrics
		if ! mkdir -p "$CS_CITUS_CACHE" 2>/dev/null || [ ! -w "$CS_CITUS_CACHE" ]; then
			CS_CITUS_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/csmetrics
		fi
	fi
	mkdir -p "$CS_CITUS_CACHE" || return 1
	dir=$CS_CITUS_CACHE/$key
	(
		# one build at a time per cache (another run may be building it)
		flock 9
		if [ -f "$dir/.built" ]; then
			citus_log "Citus $CS_CITUS_VERSION for PostgreSQL $pgver: cached build $dir"
		else
			citus_log "building Citus $CS_CITUS_VERSION for PostgreSQL $pgver (cache: $dir)"
			rm -rf "$dir"
			mkdir -p "$dir" && tar -xzf "$tarball" -C "$dir" || exit 1
			if [ -f "$patchfile" ]; then
				patch -s -d "$dir/citus-$CS_CITUS_VERSION" -p1 < "$patchfile" || exit 1
			fi
			if ! (
				cd "$dir/citus-$CS_CITUS_VERSION" &&
				./configure --without-libcurl PG_CONFIG="$CS_PG_CONFIG" &&
				make -j"$(nproc)" with_llvm=no
			) > "$dir/build.log" 2>&1; then
				echo "Citus build failed; the end of $dir/build.log:" >&2
				tail -20 "$dir/build.log" >&2
				exit 1
			fi
			touch "$dir/.built"
		fi
		make -C "$dir/citus-$CS_CITUS_VERSION" -s install with_llvm=no > "$dir/install.log" 2>&1 ||
			{ echo "Citus make install failed: see $dir/install.log" >&2; exit 1; }
	) 9> "$CS_CITUS_CACHE/.lock"
}

# Build and install csmetrics from this tree into the same PostgreSQL.
citus_install_csmetrics() {
	citus_log "building csmetrics for $CS_PG_CONFIG"
	make -C "$CS_ROOT" -s PG_CONFIG="$CS_PG_CONFIG" >/dev/null &&
	make -C "$CS_ROOT" -s PG_CONFIG="$CS_PG_CONFIG" install >/dev/null
}

# Run a command as the cluster's owner: "postgres" when we are root.
citus_as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# citus_cluster_start PORT1 PORT2 PORT3 [setting=value ...]: a coordinator on
# PORT1 and workers on PORT2 and PORT3, on 127.0.0.1, with the settings given
# (postgresql.conf lines).  Sets CITUS_DIR (remove it with citus_cluster_stop)
# and CITUS_PORTS.  The clusters trust local connections: they exist for the
# length of a test, listen on loopback only, and their socket directory is
# private to their owner.
citus_cluster_start() {
	local bindir port dir i setting
	bindir=$("$CS_PG_CONFIG" --bindir)
	CITUS_PORTS=("$1" "$2" "$3")
	shift 3
	CITUS_DIR=$(mktemp -d /tmp/csmetrics-citus.XXXXXX) || return 1
	chmod 700 "$CITUS_DIR"
	[ "$(id -u)" = 0 ] && chown postgres: "$CITUS_DIR"
	for i in 0 1 2; do
		port=${CITUS_PORTS[$i]}
		dir=$CITUS_DIR/node$i
		if citus_as_owner "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
			echo "port $port is already in use" >&2
			return 1
		fi
		# one initdb; the other nodes start as copies of its directory
		if [ "$i" = 0 ]; then
			citus_as_owner "$bindir/initdb" -A trust -U postgres -E UTF8 --locale=C -D "$dir" >/dev/null || return 1
			citus_as_owner cp -a "$dir" "$CITUS_DIR/template" || return 1
		else
			citus_as_owner cp -a "$CITUS_DIR/template" "$dir" || return 1
		fi
		{
			echo "port = $port"
			echo "listen_addresses = '127.0.0.1'"
			echo "unix_socket_directories = '$CITUS_DIR'"
			echo "shared_preload_libraries = 'citus'"
			echo "max_connections = 200"
			echo "max_worker_processes = 16"
			echo "fsync = off"
			echo "synchronous_commit = off"
			echo "full_page_writes = off"
			echo "wal_level = minimal"
			echo "max_wal_senders = 0"
			echo "max_wal_size = 4GB"
			echo "checkpoint_timeout = 30min"
			echo "citus.enable_statistics_collection = off"
			echo "log_min_messages = warning"
			for setting in "$@"; do
				echo "$setting"
			done
		} >> "$dir/postgresql.conf"
		citus_as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null || {
			echo "node on port $port did not start; the end of its log:" >&2
			tail -20 "$dir/server.log" >&2
			return 1
		}
	done
	citus_psql "${CITUS_PORTS[0]}" -c "CREATE EXTENSION citus" >/dev/null || return 1
	for i in 1 2; do
		citus_psql "${CITUS_PORTS[$i]}" -c "CREATE EXTENSION citus" >/dev/null || return 1
	done
	citus_psql "${CITUS_PORTS[0]}" <<-SQL >/dev/null || return 1
		SELECT citus_set_coordinator_host('127.0.0.1', ${CITUS_PORTS[0]});
		SELECT citus_add_node('127.0.0.1', ${CITUS_PORTS[1]});
		SELECT citus_add_node('127.0.0.1', ${CITUS_PORTS[2]});
	SQL
}

# Stop the three nodes and remove their directory.
citus_cluster_stop() {
	local bindir i
	[ -n "${CITUS_DIR:-}" ] && [ -d "$CITUS_DIR" ] || return 0
	bindir=$("$CS_PG_CONFIG" --bindir)
	for i in 0 1 2; do
		[ -f "$CITUS_DIR/node$i/postmaster.pid" ] &&
			citus_as_owner "$bindir/pg_ctl" -D "$CITUS_DIR/node$i" -m immediate -w stop >/dev/null 2>&1
	done
	rm -rf "$CITUS_DIR"
	CITUS_DIR=
}

# citus_psql PORT [psql arguments]: psql to one node, as postgres, stopping
# at the first error, without reading ~/.psqlrc, and without the caller's
# libpq settings that would change results (PGTZ, PGOPTIONS, PGDATESTYLE)
# or the connection (PGSSLMODE, PGSERVICE).
citus_psql() {
	local port=$1
	shift
	env -u PGTZ -u PGOPTIONS -u PGDATESTYLE -u PGSSLMODE -u PGSERVICE -u PGCLIENTENCODING \
		"$("$CS_PG_CONFIG" --bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

# citus_free_ports BASE: the first three consecutive ports from BASE on which
# nothing listens on 127.0.0.1, as "P1 P2 P3".
citus_free_ports() {
	local p=$1 i busy
	while [ "$p" -lt $(($1 + 200)) ]; do
		busy=
		for i in 0 1 2; do
			if (exec 3<>"/dev/tcp/127.0.0.1/$((p + i))") 2>/dev/null; then
				busy=1
				break
			fi
		done
		if [ -z "$busy" ]; then
			echo "$p $((p + 1)) $((p + 2))"
			return 0
		fi
		p=$((p + i + 1))
	done
	echo "no three free ports from $1 to $(($1 + 200))" >&2
	return 1
}
