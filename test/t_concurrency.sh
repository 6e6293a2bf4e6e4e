#!/usr/bin/env bash
# t_concurrency.sh: 8 clients of pgbench run metric queries of every family
# at once (test/load_data.sql's cs_queries, 15 queries, each a pgbench
# script of its own, picked at random per transaction, with one of 40
# values of :g), and every answer equals the single-client answer.
#
# First one client stores the answer of each (query, g) in cs_expected
# (serial plans).  Then each pgbench transaction runs a query (a SELECT, so
# that it may have a parallel plan; pgbench's \gset keeps its answer) and
# inserts (client, query, g, answer) into cs_results; afterwards every row
# must equal cs_expected's for its (query, g), there must be one row per
# transaction pgbench reports, no failed
# transaction, pgbench's exit status 0, every client and query present.  A
# state shared between backends by mistake (a static cache, a buffer
# reused) would give some client another client's answer and fail.  The
# clients of even number force parallel plans (parallel_setup_cost = 0 ...:
# the aggregates' states then pass through their serial forms between
# workers), the others keep serial ones.  pgbench's random() only picks
# which of the stored (query, g) pairs a transaction runs; the data come
# from test/lib.sql's hash, as everywhere.
#
# CS_CONCURRENCY_SECONDS (default 60): how long pgbench runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
db=cs_concurrency
seconds=${CS_CONCURRENCY_SECONDS:-60}
clients=8
values=40
work=$(mktemp -d)
chmod a+rx "$work"
trap 'rm -rf "$work"; dropdb --if-exists $db 2>/dev/null' EXIT

psqlq() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

# pgbench of the server's PostgreSQL, found as test/inside.sh finds pg_config
if [ -z "${PG_CONFIG:-}" ]; then
	major=${CS_PGVERSION:-$(psql -X -At -d postgres -c "SELECT current_setting('server_version_num')::int / 10000")}
	PG_CONFIG=/usr/lib/postgresql/$major/bin/pg_config
fi
pgbench=$("$PG_CONFIG" --bindir)/pgbench
[ -x "$pgbench" ] || { echo "pgbench not found at $pgbench"; exit 1; }

dropdb --if-exists $db 2>/dev/null
createdb $db
psqlq -d $db -c 'CREATE EXTENSION csmetrics' -c '\i test/lib.sql' -c '\i test/load_data.sql'
psqlq -d $db <<SQL
CREATE TABLE cs_expected (qid int, g int, result text, PRIMARY KEY (qid, g));
CREATE TABLE cs_results (client int, qid int, g int, result text);
SELECT format('INSERT INTO cs_expected VALUES (%s, %s, (%s))', qid, g, replace(sql, ':g', g::text))
FROM cs_queries, generate_series(1, $values) g WHERE compare ORDER BY qid, g \gexec
SQL
nq=$(psqlq -d $db -c "SELECT count(*) FROM cs_queries WHERE compare")
nulls=$(psqlq -d $db -c "SELECT count(*) FROM cs_expected WHERE result IS NULL")
[ "$nulls" = 0 ] || { echo "$nulls single-client answers are NULL: a query of the catalogue is wrong"; exit 1; }

# one pgbench script per query
scripts=()
for qid in $(psqlq -d $db -c "SELECT qid FROM cs_queries WHERE compare ORDER BY qid"); do
	{
		echo "\\set g random(1, $values)"
		printf '%s\n' '\if :client_id % 2 = 0' 'SET parallel_setup_cost = 0;' \
			'SET parallel_tuple_cost = 0;' 'SET min_parallel_table_scan_size = 0;' '\endif'
		echo "SELECT quote_nullable(("
		psqlq -d $db -c "SELECT sql FROM cs_queries WHERE qid = $qid"
		echo ")) AS r \\gset"
		echo "INSERT INTO cs_results VALUES (:client_id, $qid, :g, :r);"
	} > "$work/q$qid.sql"
	scripts+=(-f "$work/q$qid.sql")
done

started=$(date +%s)
status=0
"$pgbench" -n -c $clients -j 2 -T "$seconds" "${scripts[@]}" $db >"$work/out" 2>"$work/err" || status=$?
elapsed=$(($(date +%s) - started))
processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/out")
failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$work/out")	# PostgreSQL 15 and later
tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/out" | tail -1)
if [ $status -ne 0 ] || [ -z "$processed" ] || [ "${failed:-0}" != 0 ]; then
	echo "pgbench failed (exit status $status, ${processed:-?} transactions, ${failed:-?} failed):"
	tail -20 "$work/err"
	grep -v '^progress' "$work/out" | tail -20
	exit 1
fi
echo "pgbench: $clients clients, 2 threads, $nq scripts, ${elapsed}s: $processed transactions, ${failed:-no count of} failed, $tps tps"

read -r rows wrong missing nclients nqueries <<<"$(psqlq -d $db -F' ' -c "
SELECT count(*), count(*) FILTER (WHERE r.result IS DISTINCT FROM e.result),
	   count(*) FILTER (WHERE e.qid IS NULL), count(DISTINCT client), count(DISTINCT r.qid)
FROM cs_results r LEFT JOIN cs_expected e USING (qid, g)")"
fail=0
[ "$rows" = "$processed" ] || { echo "cs_results has $rows rows for $processed transactions"; fail=1; }
[ "$missing" = 0 ] || { echo "$missing results have no single-client answer"; fail=1; }
[ "$nclients" = $clients ] || { echo "results from $nclients clients, expected $clients"; fail=1; }
[ "$nqueries" = "$nq" ] || { echo "results of $nqueries queries, expected $nq"; fail=1; }
if [ "$wrong" != 0 ]; then
	echo "$wrong of $rows concurrent answers differ from the single client's; the first:"
	psqlq -d $db -c "SELECT r.client, r.qid, r.g, left(r.result, 300), left(e.result, 300)
		FROM cs_results r JOIN cs_expected e USING (qid, g) WHERE r.result IS DISTINCT FROM e.result LIMIT 3"
	fail=1
fi
[ $fail = 0 ] && echo "all $rows concurrent answers ($nclients clients, $nq queries x $values values) equal the single client's"
exit $fail
