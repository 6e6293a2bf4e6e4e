#!/usr/bin/env bash
# test/inside.sh: the test suite proper, run by test/run inside a throwaway
# cluster (PGHOST, PGPORT, PGUSER come from pg_virtualenv).  It can also be
# run by hand against any cluster where csmetrics is installed.
set -uo pipefail
CS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$CS_ROOT" || exit 1
passed=0
failed=0

# pg_regress: one line per test, "ok" or "FAILED".
echo "== pg_regress suite"
out=$(make -s installcheck PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config 2>&1)
echo "$out" | grep -E '^(test | +)?[a-z_0-9]+ +\.\.\. ' || true
passed=$((passed + $(echo "$out" | grep -cE '\.\.\. ok')))
failed=$((failed + $(echo "$out" | grep -cE '\.\.\. FAILED')))
if ! echo "$out" | grep -qE '\.\.\. (ok|FAILED)'; then
	echo "$out"
	failed=$((failed + 1))
fi
[ -f regression.diffs ] && head -c 20000 regression.diffs

# Shell tests: each exits 0 on success and prints what it checked.
for t in test/t_*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .sh)
	log=$(mktemp)
	if bash "$t" >"$log" 2>&1; then
		echo "test $name ... ok"
		passed=$((passed + 1))
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
