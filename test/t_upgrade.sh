#!/usr/bin/env bash
# t_upgrade.sh: ALTER EXTENSION csmetrics UPDATE from 0.1.0 keeps what users
# built on it.  Installs 0.1.0 (its frozen install script), builds
# materialized views over every aggregate whose definition changes after
# 0.1.0 and a table of stored states, updates to the control file's
# default_version, and checks that
#   - the user's tables, views and indexes are all still there, with the same
#     OIDs and column types, referencing the same extension objects;
#   - every view refreshes, plainly and concurrently, to exactly the content
#     it had under 0.1.0;
#   - the stored states read the same (text, accessors) and roll up, and
#     merge with states the updated aggregates compute, exactly, and equal
#     them under the = operator the update adds;
#   - each changed aggregate, in a parallel plan with partial aggregation,
#     gives what it gave serially under 0.1.0;
#   - the update scripts contain no DROP ... CASCADE;
#   - the updated catalog equals a fresh install's: one line per fact about
#     each extension member, diffed.
# As a superuser it works as a non-superuser database owner would on
# managed PostgreSQL (the extension is trusted).  Runs against the cluster
# in PGHOST/PGPORT/PGUSER.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
old_version=0.1.0
new_version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$root/csmetrics.control")
db=cs_upgrade_updated
fresh=cs_upgrade_fresh
owner=cs_upgrade_owner
tmp=$(mktemp -d)
made_role=
cleanup() {
	dropdb --if-exists $db 2>/dev/null || true
	dropdb --if-exists $fresh 2>/dev/null || true
	[ -n "$made_role" ] && psql -X -q -d postgres -c "DROP ROLE IF EXISTS $owner" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
[ -n "${CS_KEEP:-}" ] && trap - EXIT	# CS_KEEP=1: keep the databases to inspect

# Fixed session settings: the views' text depends on them (timeline grids
# follow TimeZone), so every session of the test uses the same.
export PGOPTIONS="${PGOPTIONS:-} -c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=postgres -c extra_float_digits=1 -c client_min_messages=warning"
psqlq() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
fail() { echo "FAILED: $*"; exit 1; }

dropdb --if-exists $db 2>/dev/null; dropdb --if-exists $fresh 2>/dev/null
# as_owner: connect as the databases' owner, not a superuser, when we can
if [ "$(psqlq -d postgres -c "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")" = t ]; then
	psqlq -d postgres -c "DROP ROLE IF EXISTS $owner" -c "CREATE ROLE $owner NOLOGIN"
	made_role=1
	createdb -O $owner $db
	createdb -O $owner $fresh
	as_owner() { PGOPTIONS="$PGOPTIONS -c role=$owner" "$@"; }
	echo "working as $owner, a database owner without superuser rights"
else
	createdb $db
	createdb $fresh
	as_owner() { "$@"; }
fi

# ---------------------------------------------------------------------------
# 0.1.0, generated data (hashes of the row number), the user's views and
# stored states.
# ---------------------------------------------------------------------------
as_owner psqlq -d $db <<SQL
CREATE EXTENSION csmetrics VERSION '$old_version';
SQL
[ "$(psqlq -d $db -c "SELECT extversion FROM pg_extension WHERE extname = 'csmetrics'")" = "$old_version" ] ||
	fail "CREATE EXTENSION csmetrics VERSION '$old_version' did not install $old_version"

as_owner psqlq -d $db <<'SQL'
-- 20,000 tickets of 2025 in 8 teams: durations of seconds to days, 1 in 20
-- unresolved (still open: breached, as 2025 is past), NPS answers 0-10.
CREATE TABLE tickets AS
SELECT g AS id, 1 + g % 8 AS team, created_at, d,
	   CASE WHEN h % 20 = 0 THEN NULL ELSE created_at + d END AS resolved_at,
	   CASE WHEN g % 8 < 4 THEN interval '1 day' ELSE interval '8 hours' END AS target,
	   (h / 20) % 11 AS score
FROM (SELECT g,
			 timestamptz '2025-01-01 00:00+00'
				 + (abs(hashint4(g)) % (300 * 86400)) * interval '1 second' AS created_at,
			 (abs(hashint4(g + 1000000)) % 40000) * (1 + abs(hashint4(g + 2000000)) % 6)
				 * interval '1 second' AS d,
			 abs(hashint4(g + 3000000)) AS h
	  FROM generate_series(1, 20000) g) s;

-- Status histories of 4,000 tickets: new, open, pending or hold, open,
-- solved; one in ten with two changes at the same instant.  The latest
-- status (solved) is never counted, so the times do not depend on now().
-- bucket: ticket % 8, for the parallel checks below (a column, so that
-- ANALYZE counts its values: statistics on an expression are PostgreSQL 14+).
CREATE TABLE status_changes AS
SELECT t.id AS ticket, t.id % 8 AS bucket,
	   t.created_at + (CASE WHEN k = 3 AND abs(hashint4(t.id + 4000000)) % 10 = 0 THEN 2 ELSE k END * 3600
					   + abs(hashint4(t.id * 8 + CASE WHEN k = 3 AND abs(hashint4(t.id + 4000000)) % 10 = 0 THEN 2 ELSE k END)) % 3000)
		   * interval '1 second' AS changed_at,
	   (ARRAY['new', 'open', CASE WHEN t.id % 3 = 0 THEN 'hold' ELSE 'pending' END, 'open', 'solved'])[k + 1] AS status
FROM tickets t, generate_series(0, 4) k
WHERE t.id <= 4000;

-- Message logs of the first 4,000 tickets: customer, agent, customer,
-- agent, half an hour apart give or take; every tenth ticket unanswered.
CREATE TABLE messages AS
SELECT t.id AS ticket,
	   t.created_at + (k * 1800 + abs(hashint4(t.id * 4 + k)) % 1700) * interval '1 second' AS sent_at,
	   k % 2 = 1 AS from_agent
FROM tickets t, generate_series(0, 3) k
WHERE t.id <= 4000 AND NOT (t.id % 10 = 0 AND k % 2 = 1);

-- Stored states: daily states a user keeps in a table and rolls up later.
CREATE TABLE states AS
SELECT team, created_at::date AS day,
	   survey_agg(score) AS survey,
	   duration_agg(d) AS sketch,
	   timeline_agg(created_at, resolved_at, '2025-01-01', '2026-01-01', '1 month') AS tl
FROM tickets GROUP BY 1, 2;

-- Statistics, as autovacuum would gather them, so that the planner picks
-- partial aggregation for the parallel checks below (which group the status
-- histories by bucket, 8 values).
ANALYZE tickets, status_changes, messages, states;

-- One materialized view per aggregate whose definition changes.
CREATE MATERIALIZED VIEW mv_duration AS
SELECT team, date_trunc('month', created_at) AS month, duration_agg(d) AS sketch,
	   percentile(duration_agg(d), 0.9) AS p90, sketch_count(duration_agg(d)) AS n
FROM tickets GROUP BY 1, 2;
CREATE UNIQUE INDEX ON mv_duration (team, month);

-- duration_agg as a moving-window aggregate (its inverse transition)
CREATE MATERIALIZED VIEW mv_duration_window AS
SELECT id, percentile(duration_agg(d) OVER w, 0.5) AS p50_last_50,
	   max_duration(duration_agg(d) OVER w) AS max_last_50
FROM tickets WHERE id <= 5000
WINDOW w AS (ORDER BY id ROWS 49 PRECEDING);
CREATE UNIQUE INDEX ON mv_duration_window (id);

CREATE MATERIALIZED VIEW mv_sketch_rollup AS
SELECT team, rollup(sketch) AS sketch, percentile(rollup(sketch), ARRAY[0.5, 0.99]) AS p50_p99,
	   mean(rollup(sketch)) AS mean
FROM states GROUP BY team;
CREATE UNIQUE INDEX ON mv_sketch_rollup (team);

CREATE MATERIALIZED VIEW mv_timeline AS
SELECT team, timeline_agg(created_at, resolved_at, '2025-01-01', '2025-12-01', '1 week') AS tl
FROM tickets GROUP BY team;
CREATE UNIQUE INDEX ON mv_timeline (team);

CREATE MATERIALIZED VIEW mv_timeline_rollup AS
SELECT p.* FROM (SELECT rollup(tl) AS tl FROM states) r, periods(r.tl) p;
CREATE UNIQUE INDEX ON mv_timeline_rollup (period_start);

CREATE MATERIALIZED VIEW mv_time_in_status AS
SELECT ticket,
	   time_in_status(changed_at, status, '{open,pending}') AS working,
	   time_in_status_seconds(changed_at, status, '{open}') AS open_seconds,
	   time_in_status(changed_at, status, '{open}', 'mon-fri 09:00-17:00; tz Europe/Berlin') AS open_business,
	   time_in_status_seconds(changed_at, status, '{hold}', 'mon-sun 08:00-20:00; tz UTC') AS hold_business_seconds
FROM status_changes GROUP BY ticket;
CREATE UNIQUE INDEX ON mv_time_in_status (ticket);

CREATE MATERIALIZED VIEW mv_response AS
SELECT ticket,
	   first_response_time(sent_at, from_agent) AS frt,
	   first_response_seconds(sent_at, from_agent, 'mon-fri 09:00-17:00; tz Europe/Berlin') AS frt_business_seconds,
	   avg_response_time(sent_at, from_agent) AS avg_wait,
	   avg_response_seconds(sent_at, from_agent, 'mon-fri 09:00-17:00; tz Europe/Berlin') AS avg_business_seconds
FROM messages GROUP BY ticket;
CREATE UNIQUE INDEX ON mv_response (ticket);

CREATE MATERIALIZED VIEW mv_sla AS
SELECT team, sla_rate(resolved_at - created_at, target) AS by_elapsed,
	   sla_rate(created_at, resolved_at, target) AS by_instants, count(*) AS tickets
FROM tickets GROUP BY team;
CREATE UNIQUE INDEX ON mv_sla (team);
SQL

# What the user has: relations (with OIDs), their columns' types, and the
# extension objects they reference (with OIDs).  The relation behind a
# composite type of the extension (survey_change) is the extension's, not
# the user's: its type is an extension member.
objects() {
	psqlq -d $db <<'SQL'
CREATE TEMP VIEW user_class AS
SELECT c.* FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND NOT EXISTS (
	SELECT FROM pg_depend x WHERE x.classid = 'pg_type'::regclass AND x.objid = c.reltype AND x.deptype = 'e');
SELECT format('relation %s %s %s', c.relname, c.relkind, c.oid)
FROM user_class c;
SELECT format('column %s.%s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod))
FROM pg_attribute a JOIN user_class c ON c.oid = a.attrelid
WHERE a.attnum > 0 AND NOT a.attisdropped;
SELECT format('%s uses %s (%s)', pg_describe_object(d.classid, d.objid, d.objsubid),
			  pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid), d.refobjid)
FROM pg_depend d
JOIN pg_depend m ON m.classid = d.refclassid AND m.objid = d.refobjid AND m.deptype = 'e'
JOIN pg_extension e ON e.oid = m.refobjid AND e.extname = 'csmetrics'
WHERE d.deptype = 'n' AND NOT EXISTS (	-- the user's objects, not the extension's
	SELECT FROM pg_depend x WHERE x.classid = d.classid AND x.objid = d.objid AND x.deptype = 'e')
  AND NOT EXISTS (	-- nor parts of the extension's (an operator family's operators and functions)
	SELECT FROM pg_depend x
	JOIN pg_depend xm ON xm.classid = x.refclassid AND xm.objid = x.refobjid AND xm.deptype = 'e'
	WHERE x.classid = d.classid AND x.objid = d.objid AND x.deptype IN ('a', 'i') AND xm.refobjid = e.oid);
SQL
}

# Every materialized view's content as text, one file per view.
views=$(psqlq -d $db -c "SELECT matviewname FROM pg_matviews WHERE schemaname = 'public' ORDER BY 1")
[ "$(echo "$views" | wc -w)" -ge 7 ] || fail "expected at least 7 materialized views, got: $views"
dump_views() {
	local dir=$1 v
	mkdir -p "$dir"
	for v in $views; do
		printf '\\o %s\nSELECT t::text FROM %s t ORDER BY t::text COLLATE "C";\n' "$dir/$v" "$v"
	done | psqlq -d $db
	for v in $views; do
		[ -s "$dir/$v" ] || fail "materialized view $v is empty"
	done
}
same_views() {
	local what=$1 dir=$2 v bad=0
	for v in $views; do
		if ! cmp -s "$tmp/before/$v" "$dir/$v"; then
			echo "$v differs $what (< under $old_version, > after the update):"
			diff "$tmp/before/$v" "$dir/$v" | head -20
			bad=1
		fi
	done
	[ $bad = 0 ] || fail "materialized views differ $what"
	echo "$(echo "$views" | wc -w) materialized views identical $what"
}

# The stored states read through text and accessors, their rollups, and
# whether they merge exactly with states computed from the raw rows now.
read_states() {
	psqlq -d $db <<'SQL'
SELECT team, day, survey::text, nps(survey), responses(survey),
	   sketch::text, percentile(sketch, 0.5), percentile_seconds(sketch, ARRAY[0.1, 0.9]),
	   mean(sketch), sketch_count(sketch), min_duration(sketch), max_duration(sketch),
	   tl::text, (SELECT sum(opened) || '/' || sum(closed) FROM periods(tl))
FROM states ORDER BY team, day;
SELECT team, rollup(survey)::text, rollup(sketch)::text, rollup(tl)::text
FROM states GROUP BY team ORDER BY team;
SELECT 'rollup of stored = aggregate of rows: survey '
	   || ((SELECT rollup(survey) FROM states)::text = (SELECT survey_agg(score) FROM tickets)::text)
	   || ', duration_sketch '
	   || ((SELECT rollup(sketch) FROM states)::text = (SELECT duration_agg(d) FROM tickets)::text)
	   || ', timeline '
	   || ((SELECT rollup(tl) FROM states)::text
		   = (SELECT timeline_agg(created_at, resolved_at, '2025-01-01', '2026-01-01', '1 month') FROM tickets)::text);
SQL
}

# Parallel checks: each changed aggregate over a few groups, so that the
# planner aggregates in the workers and merges their states (combine and any
# serialization functions).  Run serially under 0.1.0 and in parallel after
# the update: the results must be equal, and the plans partial.  (Grouping
# status histories by bucket, ticket % 8, is no metric, but a deterministic one.)
probes=(
	"SELECT team, duration_agg(d)::text, percentile(duration_agg(d), 0.9) FROM tickets GROUP BY team"
	"SELECT team, rollup(sketch)::text FROM states GROUP BY team"
	"SELECT team, timeline_agg(created_at, resolved_at, '2025-01-01', '2025-12-01', '1 week')::text FROM tickets GROUP BY team"
	"SELECT team, rollup(tl)::text FROM states GROUP BY team"
	"SELECT bucket, time_in_status(changed_at, status, '{open,pending}'),
		time_in_status_seconds(changed_at, status, '{open}'),
		time_in_status(changed_at, status, '{open}', 'mon-fri 09:00-17:00; tz Europe/Berlin'),
		time_in_status_seconds(changed_at, status, '{hold}', 'mon-sun 08:00-20:00; tz UTC')
	 FROM status_changes GROUP BY 1"
	"SELECT team, sla_rate(resolved_at - created_at, target), sla_rate(created_at, resolved_at, target)
	 FROM tickets GROUP BY team"
)
parallel_settings="SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0.1;
	SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;"
run_probes() {
	local settings=$1 p
	{
		echo "$settings"
		for p in "${probes[@]}"; do
			echo "SELECT t::text FROM ($p) t ORDER BY t::text COLLATE \"C\";"
		done
	} | as_owner psqlq -d $db
}

objects | sort > "$tmp/objects.before"
dump_views "$tmp/before"
read_states > "$tmp/states.before"
run_probes "SET max_parallel_workers_per_gather = 0;" > "$tmp/probes.before"
grep -q 'survey true, duration_sketch true, timeline true' "$tmp/states.before" ||
	fail "under $old_version already, stored states do not roll up to the rows' aggregate: $(tail -1 "$tmp/states.before")"
echo "$old_version: $(echo "$views" | wc -w) materialized views and $(psqlq -d $db -c "SELECT count(*) FROM states") stored states"

# ---------------------------------------------------------------------------
# The update scripts must not drop users' objects: no DROP ... CASCADE (nor
# ALTER ... DROP ... CASCADE), comments aside.  Checked in the scripts the
# server runs and in the parts they are assembled from.
# ---------------------------------------------------------------------------
scripts=$(ls "$root"/sql/update/*--*/*.sql)
sharedir=$(psqlq -d $db -c "SELECT setting FROM pg_config WHERE name = 'SHAREDIR'" 2>/dev/null || true)
if [ -n "$sharedir" ]; then
	scripts="$scripts $(ls "$sharedir"/extension/csmetrics--*--*.sql)"
fi
cascades=$(perl -0777 -ne 's{/\*.*?\*/}{}gs; s/--[^\n]*//g;
	while (/\b(DROP\b[^;]*?\bCASCADE)\b/gis) { (my $s = $1) =~ s/\s+/ /g; print "$ARGV: $s\n" }' $scripts)
[ -z "$cascades" ] || fail "the update scripts drop with CASCADE, which would drop users' views:
$cascades"
echo "no DROP ... CASCADE in $(echo $scripts | wc -w) update scripts and parts"

# ---------------------------------------------------------------------------
# The update.
# ---------------------------------------------------------------------------
as_owner psqlq -d $db -c "ALTER EXTENSION csmetrics UPDATE"
got=$(psqlq -d $db -c "SELECT extversion FROM pg_extension WHERE extname = 'csmetrics'")
[ "$got" = "$new_version" ] || fail "after ALTER EXTENSION csmetrics UPDATE the version is $got, not $new_version"
echo "ALTER EXTENSION csmetrics UPDATE: $old_version -> $got"

objects | sort > "$tmp/objects.after"
if ! cmp -s "$tmp/objects.before" "$tmp/objects.after"; then
	diff "$tmp/objects.before" "$tmp/objects.after" || true
	fail "the update changed the user's objects (< before, > after)"
fi
echo "user's relations, columns and references to the extension unchanged ($(wc -l < "$tmp/objects.after") facts, same OIDs)"

# Stored states, read with the updated catalog
read_states > "$tmp/states.after"
if ! cmp -s "$tmp/states.before" "$tmp/states.after"; then
	diff "$tmp/states.before" "$tmp/states.after" | head -20 || true
	fail "stored states read differently after the update (< before, > after)"
fi
echo "stored states read identically; rollups of stored states equal the updated aggregates over the rows"

# The stored states meet the operators 0.2.0 adds: each equals (=) the state
# the updated aggregates compute from the same rows, and DISTINCT over them
# agrees with DISTINCT over their text.
equality=$(psqlq -d $db <<'SQL'
SELECT format('%s %s %s', count(*),
			  count(*) FILTER (WHERE s.survey IS NOT DISTINCT FROM n.survey AND s.sketch IS NOT DISTINCT FROM n.sketch
							   AND s.tl IS NOT DISTINCT FROM n.tl),
			  (SELECT count(DISTINCT survey) = count(DISTINCT survey::text) AND count(DISTINCT sketch) = count(DISTINCT sketch::text)
					  AND count(DISTINCT tl) = count(DISTINCT tl::text) FROM states))
FROM states s
JOIN (SELECT team, created_at::date AS day, survey_agg(score) AS survey, duration_agg(d) AS sketch,
			 timeline_agg(created_at, resolved_at, '2025-01-01', '2026-01-01', '1 month') AS tl
	  FROM tickets GROUP BY 1, 2) n USING (team, day);
SQL
)
read -r n_states n_equal distinct_ok <<<"$equality"
[ "$n_states" = "$n_equal" ] && [ "$distinct_ok" = t ] ||
	fail "stored states and the updated aggregates' states: $n_equal of $n_states equal, DISTINCT agrees with text: $distinct_ok"
echo "each of the $n_states stored states equals (=) the updated aggregates' state of its rows; DISTINCT over them agrees with their text"

# The changed aggregates in parallel plans, after the update
mkdir -p "$tmp/plans"
{
	echo "$parallel_settings"
	for i in "${!probes[@]}"; do
		printf '\\o %s\nEXPLAIN (COSTS OFF) %s;\n' "$tmp/plans/$i" "${probes[$i]}"
	done
} | as_owner psqlq -d $db
for i in "${!probes[@]}"; do
	grep -q 'Partial .*Aggregate' "$tmp/plans/$i" ||
		fail "no partial aggregation after the update (is the aggregate still parallel safe, with a combine function?) for
${probes[$i]}
$(cat "$tmp/plans/$i")"
done
run_probes "$parallel_settings" > "$tmp/probes.after"
if ! cmp -s "$tmp/probes.before" "$tmp/probes.after"; then
	diff "$tmp/probes.before" "$tmp/probes.after" | head -20 || true
	fail "parallel aggregation after the update differs from serial aggregation under $old_version (< before, > after)"
fi
echo "${#probes[@]} queries over the changed aggregates: partial aggregation in parallel workers after the update equals serial aggregation under $old_version"

for v in $views; do
	echo "REFRESH MATERIALIZED VIEW $v;"
done | as_owner psqlq -d $db
dump_views "$tmp/refreshed"
same_views "after REFRESH MATERIALIZED VIEW" "$tmp/refreshed"

concurrent=$(psqlq -d $db -c "SELECT string_agg(c.relname, ' ' ORDER BY c.relname) FROM pg_class c
	WHERE c.relkind = 'm' AND c.relnamespace = 'public'::regnamespace AND EXISTS (
		SELECT FROM pg_index i WHERE i.indrelid = c.oid AND i.indisunique AND i.indpred IS NULL)")
for v in $concurrent; do
	echo "REFRESH MATERIALIZED VIEW CONCURRENTLY $v;"
done | as_owner psqlq -d $db
dump_views "$tmp/concurrent"
same_views "after REFRESH MATERIALIZED VIEW CONCURRENTLY ($(echo $concurrent | wc -w) of them)" "$tmp/concurrent"

# ---------------------------------------------------------------------------
# The updated catalog equals a fresh install's.
# ---------------------------------------------------------------------------
as_owner psqlq -d $fresh -c "CREATE EXTENSION csmetrics"

# One line per fact about the extension and each member, free of OIDs:
# names, signatures and types as text.  A member one side lacks shows up as
# its "member" line and all its facts.
describe() {
	psqlq -d "$1" <<'SQL'
WITH ext AS (
	SELECT e.* FROM pg_extension e WHERE e.extname = 'csmetrics'
), member AS (
	SELECT d.classid, d.objid, d.objsubid, pg_describe_object(d.classid, d.objid, d.objsubid) AS what
	FROM pg_depend d, ext
	WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
)
SELECT line FROM (
	SELECT format('extension %s version=%s owner=%s relocatable=%s schema=%s config=%s condition=%s',
				  extname, extversion, extowner::regrole, extrelocatable, extnamespace::regnamespace,
				  extconfig::regclass[], extcondition) AS line
	FROM ext
	UNION ALL
	SELECT 'member ' || what FROM member
	UNION ALL
	-- what each member depends on, other than its extension
	SELECT format('%s depends (%s) on %s', m.what, d.deptype,
				  pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid))
	FROM member m JOIN pg_depend d USING (classid, objid)
	WHERE d.objsubid = m.objsubid AND d.deptype <> 'e'
	UNION ALL
	SELECT format('%s comment %s', pg_describe_object(m.classid, m.objid, c.objsubid),
				  quote_literal(c.description))
	FROM member m JOIN pg_description c ON c.classoid = m.classid AND c.objoid = m.objid
	UNION ALL
	SELECT format('%s initial privileges (%s) %s', m.what, i.privtype, i.initprivs)
	FROM member m JOIN pg_init_privs i
		ON i.classoid = m.classid AND i.objoid = m.objid AND i.objsubid = m.objsubid
	UNION ALL
	SELECT format('%s: kind=%s args=(%s) result=%s retset=%s volatile=%s strict=%s parallel=%s '
				  'secdef=%s leakproof=%s cost=%s rows=%s language=%s src=%s bin=%s support=%s '
				  'config=%s owner=%s acl=%s variadic=%s',
				  m.what, p.prokind, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid),
				  p.proretset, p.provolatile, p.proisstrict, p.proparallel, p.prosecdef,
				  p.proleakproof, p.procost, p.prorows, l.lanname, p.prosrc,
				  regexp_replace(p.probin, '^.*/', ''), p.prosupport::oid::regprocedure,
				  p.proconfig, p.proowner::regrole, p.proacl, format_type(p.provariadic, NULL))
	FROM member m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
	JOIN pg_language l ON l.oid = p.prolang
	UNION ALL
	SELECT format('%s: aggkind=%s directargs=%s transfn=%s finalfn=%s combinefn=%s '
				  'serialfn=%s deserialfn=%s mtransfn=%s minvtransfn=%s mfinalfn=%s '
				  'finalextra=%s mfinalextra=%s finalmodify=%s mfinalmodify=%s sortop=%s '
				  'transtype=%s transspace=%s mtranstype=%s mtransspace=%s initval=%s minitval=%s',
				  m.what, a.aggkind, a.aggnumdirectargs, a.aggtransfn::oid::regprocedure,
				  a.aggfinalfn::oid::regprocedure, a.aggcombinefn::oid::regprocedure,
				  a.aggserialfn::oid::regprocedure, a.aggdeserialfn::oid::regprocedure,
				  a.aggmtransfn::oid::regprocedure, a.aggminvtransfn::oid::regprocedure,
				  a.aggmfinalfn::oid::regprocedure, a.aggfinalextra, a.aggmfinalextra,
				  a.aggfinalmodify, a.aggmfinalmodify, a.aggsortop::regoperator,
				  format_type(a.aggtranstype, NULL), a.aggtransspace,
				  format_type(a.aggmtranstype, NULL), a.aggmtransspace,
				  quote_nullable(a.agginitval), quote_nullable(a.aggminitval))
	FROM member m JOIN pg_aggregate a ON m.classid = 'pg_proc'::regclass AND a.aggfnoid = m.objid
	UNION ALL
	SELECT format('%s: len=%s byval=%s type=%s category=%s preferred=%s defined=%s delim=%s '
				  'relid=%s subscript=%s elem=%s array=%s input=%s output=%s receive=%s send=%s '
				  'typmodin=%s typmodout=%s analyze=%s align=%s storage=%s notnull=%s '
				  'basetype=%s typmod=%s ndims=%s collation=%s default=%s owner=%s acl=%s',
				  m.what, t.typlen, t.typbyval, t.typtype, t.typcategory, t.typispreferred,
				  t.typisdefined, t.typdelim, t.typrelid::regclass,
				  -- typsubscript is PostgreSQL 14+ (NULL on 13)
				  (to_jsonb(t) ->> 'typsubscript')::regproc::oid::regprocedure,
				  format_type(t.typelem, NULL), format_type(t.typarray, NULL),
				  t.typinput::oid::regprocedure, t.typoutput::oid::regprocedure,
				  t.typreceive::oid::regprocedure, t.typsend::oid::regprocedure,
				  t.typmodin::oid::regprocedure, t.typmodout::oid::regprocedure,
				  t.typanalyze::oid::regprocedure, t.typalign, t.typstorage, t.typnotnull,
				  format_type(t.typbasetype, NULL), t.typtypmod, t.typndims,
				  t.typcollation::regcollation, quote_nullable(t.typdefault), t.typowner::regrole,
				  t.typacl)
	FROM member m JOIN pg_type t ON m.classid = 'pg_type'::regclass AND t.oid = m.objid
	UNION ALL
	SELECT format('%s: kind=%s left=%s right=%s result=%s code=%s commutator=%s negator=%s '
				  'restrict=%s join=%s merges=%s hashes=%s',
				  m.what, o.oprkind, format_type(o.oprleft, NULL), format_type(o.oprright, NULL),
				  format_type(o.oprresult, NULL), o.oprcode::oid::regprocedure, o.oprcom::regoperator,
				  o.oprnegate::regoperator, o.oprrest::oid::regprocedure, o.oprjoin::oid::regprocedure,
				  o.oprcanmerge, o.oprcanhash)
	FROM member m JOIN pg_operator o ON m.classid = 'pg_operator'::regclass AND o.oid = m.objid
	UNION ALL
	SELECT format('%s: function=%s context=%s method=%s', m.what,
				  c.castfunc::regprocedure, c.castcontext, c.castmethod)
	FROM member m JOIN pg_cast c ON m.classid = 'pg_cast'::regclass AND c.oid = m.objid
	UNION ALL
	SELECT format('%s: method=%s type=%s family=%s default=%s keytype=%s', m.what, a.amname,
				  format_type(c.opcintype, NULL), pg_describe_object('pg_opfamily'::regclass, c.opcfamily, 0),
				  c.opcdefault, format_type(c.opckeytype, NULL))
	FROM member m JOIN pg_opclass c ON m.classid = 'pg_opclass'::regclass AND c.oid = m.objid
	JOIN pg_am a ON a.oid = c.opcmethod
	UNION ALL
	-- an operator family's operators and support functions
	SELECT format('%s: operator %s %s purpose=%s sortfamily=%s', m.what, o.amopstrategy,
				  o.amopopr::regoperator, o.amoppurpose, o.amopsortfamily)
	FROM member m JOIN pg_amop o ON m.classid = 'pg_opfamily'::regclass AND o.amopfamily = m.objid
	UNION ALL
	SELECT format('%s: function %s %s for (%s, %s)', m.what, p.amprocnum, p.amproc::regprocedure,
				  format_type(p.amproclefttype, NULL), format_type(p.amprocrighttype, NULL))
	FROM member m JOIN pg_amproc p ON m.classid = 'pg_opfamily'::regclass AND p.amprocfamily = m.objid
	UNION ALL
	-- a kind of member not detailed above still shows up, so it gets noticed
	SELECT format('%s: in catalog %s, not detailed here', m.what, m.classid::regclass)
	FROM member m
	WHERE m.classid NOT IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_operator'::regclass,
							'pg_cast'::regclass, 'pg_opclass'::regclass, 'pg_opfamily'::regclass)
) facts
ORDER BY line COLLATE "C";
SQL
}
describe $db > "$tmp/catalog.updated"
describe $fresh > "$tmp/catalog.fresh"
members=$(grep -c '^member ' "$tmp/catalog.fresh")
if ! cmp -s "$tmp/catalog.updated" "$tmp/catalog.fresh"; then
	echo "the updated catalog differs from a fresh install of $new_version"
	echo "(< only after ALTER EXTENSION UPDATE from $old_version, > only in CREATE EXTENSION):"
	diff "$tmp/catalog.updated" "$tmp/catalog.fresh" || true
	fail "updated catalog != fresh install ($(diff "$tmp/catalog.updated" "$tmp/catalog.fresh" | grep -c '^[<>]') lines differ)"
fi
echo "updated catalog equals a fresh install of $new_version: $members members, $(wc -l < "$tmp/catalog.fresh") facts"
