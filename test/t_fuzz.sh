#!/usr/bin/env bash
# t_fuzz.sh: the fuzzer (test/fuzz) for 120 seconds with a fixed seed
# against the suite's cluster (PGHOST/PGPORT/PGUSER): mutated text and
# binary input of every type, every SQL-callable function and aggregate with
# boundary arguments.  Fails on any server crash, any internal error
# (SQLSTATE XX000, XX001, XX002) and any hang; prints the fuzzer's summary.
# CS_FUZZ_SECONDS and CS_FUZZ_SEED change the budget and the seed.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/test/fuzz" --seconds "${CS_FUZZ_SECONDS:-120}" --seed "${CS_FUZZ_SEED:-20261129}" --db cs_fuzz_test
