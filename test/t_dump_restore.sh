#!/usr/bin/env bash
# t_dump_restore.sh: a materialized view holding survey states survives
# pg_dump and restore into a fresh database with identical results, in both
# the plain (text I/O) and custom (COPY, text I/O) dump formats, and refreshes
# concurrently.  Runs against the cluster in PGHOST/PGPORT/PGUSER.
set -euo pipefail
src=cs_dump_src
dst=cs_dump_dst
dst2=cs_dump_dst2
dump=$(mktemp -d)
trap 'rm -rf "$dump"; dropdb --if-exists $src 2>/dev/null; dropdb --if-exists $dst 2>/dev/null; dropdb --if-exists $dst2 2>/dev/null' EXIT

psqlq() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

dropdb --if-exists $src 2>/dev/null; dropdb --if-exists $dst 2>/dev/null; dropdb --if-exists $dst2 2>/dev/null
createdb $src
psqlq -d $src <<'SQL'
CREATE EXTENSION csmetrics;
CREATE TABLE responses AS
SELECT g AS id, date '2025-01-01' + (g % 365) AS day, (g * 7919) % 11 AS score
FROM generate_series(1, 100000) g;
CREATE MATERIALIZED VIEW daily AS
SELECT day, survey_agg(score) AS st FROM responses GROUP BY day;
CREATE UNIQUE INDEX ON daily (day);
SQL

report="SELECT date_trunc('month', day) AS month, rollup(st)::text, nps(rollup(st)) FROM daily GROUP BY 1 ORDER BY 1"
before=$(psqlq -d $src -c "$report")

# plain format: the states travel as text through the type's output and input
pg_dump -d $src -f "$dump/plain.sql"
createdb $dst
psqlq -d $dst -f "$dump/plain.sql" >/dev/null
after=$(psqlq -d $dst -c "$report")
[ "$before" = "$after" ] || { echo "plain dump: monthly rollups differ after restore"; diff <(echo "$before") <(echo "$after"); exit 1; }
echo "plain dump and restore: $(echo "$after" | wc -l) monthly rollups identical"

# custom format through pg_restore
pg_dump -Fc -d $src -f "$dump/custom.dump"
createdb $dst2
pg_restore -d $dst2 "$dump/custom.dump"
after2=$(psqlq -d $dst2 -c "$report")
[ "$before" = "$after2" ] || { echo "custom dump: monthly rollups differ after restore"; exit 1; }
echo "custom dump and pg_restore: identical"

# the year rolled up from the restored states equals the raw rows
same=$(psqlq -d $dst2 -c "SELECT (SELECT rollup(st) FROM daily)::text = (SELECT survey_agg(score) FROM responses)::text")
[ "$same" = t ] || { echo "restored rollup differs from raw rows"; exit 1; }
echo "restored year rollup equals raw rows"

# REFRESH ... CONCURRENTLY after a change touches only the changed day
psqlq -d $dst2 -c "UPDATE responses SET score = 0 WHERE id = 1"
changed=$(psqlq -d $dst2 <<'SQL'
CREATE TEMP TABLE before AS SELECT ctid::text AS tid, day FROM daily;
REFRESH MATERIALIZED VIEW CONCURRENTLY daily;
SELECT count(*) FROM daily d JOIN before b USING (day) WHERE d.ctid::text <> b.tid;
SQL
)
[ "$changed" = 1 ] || { echo "concurrent refresh rewrote $changed rows, expected 1"; exit 1; }
echo "concurrent refresh rewrote exactly the changed day"
