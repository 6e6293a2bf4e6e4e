#!/usr/bin/env bash
# t_jdbc.sh: what BI tools (Metabase and others, which all speak JDBC) see of
# csmetrics.  Compiles test/jdbc/BiProbe.java against Debian's PostgreSQL
# JDBC driver and runs it on a small database (test/jdbc/setup.sql): one
# plain query per function family, checking each column's JDBC type (every
# rate, score and ..._seconds value numeric), that every state reads as its
# text form and goes back in through a parameter (setString with
# stringtype=unspecified, and setObject with Types.OTHER) equal (=) to
# itself, and that calendars are accepted as parameters.  Prints one line per
# column checked.
#
# Needs default-jdk-headless and libpostgresql-jdbc-java (test/run installs
# them, scripts/lib.sh's CS_TEST_PACKAGES; here too, as root).  Runs against
# the cluster in PGHOST/PGPORT/PGUSER (PGPASSWORD if set); the driver
# connects over TCP, so a PGHOST that is a socket directory means localhost.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
db=cs_jdbc
jar=/usr/share/java/postgresql.jar

if ! command -v javac >/dev/null || [ ! -r "$jar" ]; then
	source "$root/scripts/lib.sh"
	# as root: install them; otherwise cs_apt_install says what is missing
	cs_apt_install $CS_TEST_PACKAGES ||
		{ echo "FAILED: t_jdbc needs javac and $jar (Debian: $CS_TEST_PACKAGES)"; exit 1; }
fi

host=${PGHOST:-localhost}
case $host in /*) host=localhost ;; esac
port=${PGPORT:-5432}
user=${PGUSER:-$(id -un)}
if ! pg_isready -q -h "$host" -p "$port"; then
	echo "FAILED: no server on $host:$port over TCP, which the JDBC driver needs (listen_addresses)"
	exit 1
fi

tmp=$(mktemp -d)
cleanup() { dropdb --if-exists $db 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
dropdb --if-exists $db 2>/dev/null || true
createdb $db
psql -X -q -d $db -f test/jdbc/setup.sql

# A small heap and the quick compiler: the program runs a few seconds, on a
# machine shared with the database server.
jvm="-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
javac -J-Xmx256m $(printf -- '-J%s ' -XX:+UseSerialGC -XX:TieredStopAtLevel=1) \
	-Xlint:all -Werror -d "$tmp" -cp "$jar" test/jdbc/BiProbe.java
# shellcheck disable=SC2086
java $jvm -cp "$jar:$tmp" BiProbe "$host" "$port" $db "$user"
