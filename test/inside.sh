#!/usr/bin/env bash
# test/inside.sh: the test suite proper, run by test/run inside a throwaway
# cluster (PGHOST, PGPORT, PGUSER come from pg_virtualenv).  It can also be
# run by hand against any cluster where csmetrics is installed.
set -uo pipefail
CS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$CS_ROOT" || exit 1
passed=0
failed=0

# The server's PostgreSQL: PG_CONFIG, else that of CS_PGVERSION (set by
# test/run), else that of the server's major version.
if [ -z "${PG_CONFIG:-}" ]; then
	major=${CS_PGVERSION:-$(psql -X -At -d postgres -c "SELECT current_setting('server_version_num')::int / 10000")}
	PG_CONFIG=/usr/lib/postgresql/$major/bin/pg_config
fi

# pg_regress: one line per test.  Up to 15: "test NAME ... ok" (or, in a
# parallel group, "     NAME ... ok"), "... FAILED"; from 16 on TAP:
# "ok 2 - NAME", "not ok 1 - NAME" ("+" for "-" in a parallel group).
ok_re='(\.\.\. ok)|(^[# ]*ok [0-9]+ +[-+] )'
failed_re='(\.\.\. FAILED)|(^[# ]*not ok [0-9]+ +[-+] )'
echo "== pg_regress suite"
out=$(make -s installcheck PG_CONFIG="$PG_CONFIG" 2>&1)
echo "$out" | grep -E "$ok_re|$failed_re" || true
passed=$((passed + $(echo "$out" | grep -cE "$ok_re")))
failed=$((failed + $(echo "$out" | grep -cE "$failed_re")))
if ! echo "$out" | grep -qE "$ok_re|$failed_re"; then
	echo "$out"
	failed=$((failed + 1))
fi
[ -f regression.diffs ] && head -c 20000 regression.diffs

# Shell tests: each exits 0 on success and prints what it checked, or 77
# when it cannot run on this server (counted neither way, like CS_SKIP_TESTS).
# CS_SKIP_TESTS names tests not to run here (test/matrix skips the
# packaging tests, which check the host's git tree and Debian build, not the
# server version); a skipped test is said, and counted neither way.
for t in test/t_*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .sh)
	case " ${CS_SKIP_TESTS:-} " in
		*" $name "*) echo "test $name ... skipped (CS_SKIP_TESTS)"; continue ;;
	esac
	log=$(mktemp)
	rc=0
	bash "$t" >"$log" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then
		echo "test $name ... ok"
		passed=$((passed + 1))
	elif [ "$rc" = 77 ]; then
		# 77: the test cannot run here (what it needs is missing); its last
		# line says why.
		echo "test $name ... skipped ($(tail -n 1 "$log"))"
	else
		echo "test $name ... FAILED"
		sed 's/^/    /' "$log"
		failed=$((failed + 1))
	fi
	rm -f "$log"
done

# test/run prints the summary itself, as its very last line
if [ -n "${CS_SUMMARY:-}" ]; then
	echo "$passed passed, $failed failed" > "$CS_SUMMARY"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
