#!/usr/bin/env bash
# t_cron.sh: pg_cron refreshes a materialized view of daily states
# CONCURRENTLY, and the states' canonical bytes make that refresh rewrite
# only what changed.  A job scheduled with cron.schedule_in_database runs
# REFRESH MATERIALIZED VIEW CONCURRENTLY on a view of survey states (two
# questions), duration sketches and hourly timelines per day and channel;
# each row's (ctid, xmin) is kept before and after a run of the job:
#   - a run with no new rows since the view was built rewrites no row;
#   - after new rows on some days (and one new day), a run rewrites exactly
#     the rows of the (day, channel) groups that got rows, adds the new one,
#     keeps every other row where it was, and leaves the view equal, by the
#     types' = and by text, to the same query computed afresh.
# REFRESH ... CONCURRENTLY compares old and new rows by their bytes (the *=
# operator), so a state whose bytes depended on input order or plan would be
# rewritten on every run.  The job is unscheduled at the end.
#
# Needs the cluster to load pg_cron (shared_preload_libraries; scripts/lib.sh's
# cs_with_cluster does where the package is installed) and a pg_cron with
# cron.schedule_in_database (1.4 on): otherwise it says why and exits 77,
# which test/inside.sh reports as skipped.  Schedules every 5 seconds where
# pg_cron has second schedules (1.5 on), else every minute (Debian 12 has
# 1.4): about 10 s, or 1-2 minutes.  Runs against the cluster in
# PGHOST/PGPORT/PGUSER.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
db=cs_cron
job=cs_cron_refresh
# Waiting for a run of the job: a minute schedule runs at most a minute
# after the wait starts; the rest is margin for a slow machine.
timeout=${CS_CRON_TIMEOUT:-150}

psqlq() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
skip() { echo "skipped: $*"; exit 77; }
fail() { echo "FAILED: $*"; exit 1; }

libs=$(psqlq -d postgres -c 'SHOW shared_preload_libraries')
[[ ,${libs// /}, == *,pg_cron,* ]] || skip "pg_cron is not in shared_preload_libraries ('$libs')"
cron_db=$(psqlq -d postgres -c "SELECT current_setting('cron.database_name')")
made_ext=
if [ "$(psqlq -d "$cron_db" -c "SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'")" = 0 ]; then
	psqlq -d "$cron_db" -c 'CREATE EXTENSION pg_cron'
	made_ext=1
fi
cron_version=$(psqlq -d "$cron_db" -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'")

job_id=
cleanup() {
	if [ -n "$job_id" ]; then
		psqlq -d "$cron_db" -c "SELECT cron.unschedule($job_id)" >/dev/null 2>&1 || true
	fi
	# FORCE: a run that was starting as the job went would hold the database.
	psqlq -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null || true
	if [ -n "$made_ext" ]; then
		psqlq -d "$cron_db" -c 'DROP EXTENSION IF EXISTS pg_cron' 2>/dev/null || true
	fi
}
trap cleanup EXIT

has_sid=$(psqlq -d "$cron_db" -c "SELECT count(*) FROM pg_proc WHERE proname = 'schedule_in_database'
	AND pronamespace = 'cron'::regnamespace")
[ "$has_sid" -gt 0 ] || skip "pg_cron $cron_version has no cron.schedule_in_database (1.4 on)"

PGOPTIONS='-c client_min_messages=warning' psqlq -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
psqlq -d postgres -c "CREATE DATABASE $db"
# The job's sessions and ours read day boundaries alike.
psqlq -d postgres -c "ALTER DATABASE $db SET TimeZone = 'UTC'"

# The tickets' generator: ids FIRST..LAST, each on one of DAYS, in one of
# four channels; scores, durations and opening times drawn from test/lib.sql's
# hash of the row number.
generator=$(cat <<'SQL'
CREATE FUNCTION pg_temp.add_tickets(first bigint, last bigint, days date[]) RETURNS void
LANGUAGE sql AS $$
	INSERT INTO tickets
	SELECT g, d, (ARRAY['email', 'chat', 'phone', 'social'])[1 + floor(4 * pg_temp.uniform(g, 2))::int],
		CASE WHEN pg_temp.uniform(g, 3) < 0.7 THEN floor(11 * pg_temp.uniform(g, 4))::int END,
		1 + floor(5 * pg_temp.uniform(g, 5))::int,
		o, CASE WHEN pg_temp.uniform(g, 6) < 0.9
			THEN o + interval '1 second' * floor(200000 * power(pg_temp.uniform(g, 7), 3)) END
	FROM generate_series(first, last) AS g
	CROSS JOIN LATERAL (SELECT days[1 + floor(cardinality(days) * pg_temp.uniform(g, 1))::int] AS d) AS pick
	CROSS JOIN LATERAL (SELECT d + interval '1 second' * floor(86400 * pg_temp.uniform(g, 8)) AS o) AS t
$$;
SQL
)

# 30 days x 4 channels, about 100 tickets a group.
psqlq -d $db >/dev/null <<SQL
CREATE EXTENSION csmetrics;
CREATE TABLE tickets (
	id bigint PRIMARY KEY,
	day date NOT NULL,
	channel text NOT NULL,
	nps_score integer,
	csat_score integer,
	opened_at timestamptz NOT NULL,
	resolved_at timestamptz
);
\\i $root/test/lib.sql
$generator
SELECT pg_temp.add_tickets(1, 12000, ARRAY(SELECT date '2025-01-01' + i FROM generate_series(0, 29) AS i));
-- The daily states: a survey state per question, a duration sketch, and an
-- hourly timeline of the day's tickets.
CREATE VIEW daily_fresh AS
SELECT day, channel,
	survey_agg(nps_score) AS nps_state,
	survey_agg(csat_score) AS csat_state,
	duration_agg(resolved_at - opened_at) AS resolution,
	timeline_agg(opened_at, resolved_at, day, day + 1, '1 hour') AS hourly
FROM tickets
GROUP BY day, channel;
CREATE MATERIALIZED VIEW daily AS SELECT * FROM daily_fresh;
CREATE UNIQUE INDEX ON daily (day, channel);
-- Where each row of the view lies, after each run of the job.
CREATE TABLE places (label text, day date, channel text, tid text, xid text);
SQL
echo "view daily: $(psqlq -d $db -c 'SELECT count(*) FROM daily') rows of (day, channel) states; pg_cron $cron_version"

snapshot() {
	psqlq -d $db -c "INSERT INTO places SELECT '$1', day, channel, ctid::text, xmin::text FROM daily"
}
# wait_run SINCE: wait for a run of the job that started after SINCE
# (server time) to end; fail on a timeout or a failed run.
wait_run() {
	local since=$1 start=$SECONDS status
	while :; do
		status=$(psqlq -d "$cron_db" -c "SELECT status || ': ' || coalesce(return_message, '')
			FROM cron.job_run_details
			WHERE jobid = $job_id AND start_time > '$since' AND status IN ('succeeded', 'failed')
			ORDER BY start_time LIMIT 1")
		case $status in
			succeeded:*) return 0 ;;
			failed:*) fail "the job's run failed: $status" ;;
		esac
		[ $((SECONDS - start)) -lt "$timeout" ] ||
			fail "no run of the job ended within $timeout s (schedule '$schedule')"
		sleep 1
	done
}
# compare A B: "rewritten kept added gone": the counts of rows, from
# snapshot A to snapshot B, that moved, stayed, appeared and went.
compare() {
	psqlq -d $db -F ' ' -c "SELECT count(*) FILTER (WHERE a.tid IS NOT NULL AND b.tid IS NOT NULL
				AND (a.tid, a.xid) <> (b.tid, b.xid)),
			count(*) FILTER (WHERE (a.tid, a.xid) = (b.tid, b.xid)),
			count(*) FILTER (WHERE a.tid IS NULL),
			count(*) FILTER (WHERE b.tid IS NULL)
		FROM (SELECT * FROM places WHERE label = '$1') AS a
		FULL JOIN (SELECT * FROM places WHERE label = '$2') AS b USING (day, channel)"
}

snapshot built
schedule='5 seconds'
command='REFRESH MATERIALIZED VIEW CONCURRENTLY daily'
since=$(psqlq -d postgres -c 'SELECT now()')
if ! job_id=$(psqlq -d "$cron_db" -c "SELECT cron.schedule_in_database('$job', '$schedule', '$command', '$db')" 2>&1); then
	case $job_id in
		*"invalid schedule"*)
			echo "pg_cron $cron_version has no second schedules: every minute instead"
			schedule='* * * * *'
			job_id=$(psqlq -d "$cron_db" -c "SELECT cron.schedule_in_database('$job', '$schedule', '$command', '$db')") ;;
		*) error=$job_id; job_id=; fail "cron.schedule_in_database: $error" ;;
	esac
fi
echo "job $job_id scheduled '$schedule' in database $db: $command"

# 1. A run with no new rows since the view was built rewrites nothing.
wait_run "$since"
snapshot run1
read -r rewritten kept added gone <<<"$(compare built run1)"
echo "run with no new rows: $kept rows kept, $rewritten rewritten, $added added, $gone removed"
[ "$rewritten $added $gone" = "0 0 0" ] || fail "a refresh with no new rows rewrote rows"

# 2. New tickets on three days, and on a new day, 2025-01-31.  The groups
# they fall in are the ones to be rewritten (or added).
psqlq -d $db >/dev/null <<SQL
CREATE TABLE changed AS SELECT DISTINCT day, channel FROM tickets WHERE false;
\\i $root/test/lib.sql
$generator
SELECT pg_temp.add_tickets(20001, 20040, ARRAY[date '2025-01-03', '2025-01-17', '2025-01-29', '2025-01-31']);
INSERT INTO changed SELECT DISTINCT day, channel FROM tickets WHERE id > 20000;
SQL
since=$(psqlq -d postgres -c 'SELECT now()')
read -r n_changed n_new <<<"$(psqlq -d $db -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE NOT EXISTS
	(SELECT FROM places AS p WHERE p.label = 'run1' AND (p.day, p.channel) = (c.day, c.channel))) FROM changed AS c")"
echo "40 new tickets: $n_changed groups changed, $n_new of them new"
wait_run "$since"
snapshot run2
read -r rewritten kept added gone <<<"$(compare run1 run2)"
echo "run after new rows: $kept rows kept, $rewritten rewritten, $added added, $gone removed"
# The rows that moved are exactly the changed groups.
wrong=$(psqlq -d $db -c "SELECT count(*) FROM (
	SELECT day, channel FROM places AS b WHERE label = 'run2' AND NOT EXISTS
		(SELECT FROM places AS a WHERE a.label = 'run1' AND (a.day, a.channel, a.tid, a.xid) = (b.day, b.channel, b.tid, b.xid))
	EXCEPT SELECT day, channel FROM changed) AS extra")
missing=$(psqlq -d $db -c "SELECT count(*) FROM changed AS c WHERE EXISTS
	(SELECT FROM places AS a JOIN places AS b USING (day, channel, tid, xid)
	 WHERE a.label = 'run1' AND b.label = 'run2' AND (a.day, a.channel) = (c.day, c.channel))")
[ "$wrong" = 0 ] || fail "$wrong rows of unchanged groups were rewritten"
[ "$missing" = 0 ] || fail "$missing changed groups were not rewritten"
if [ "$((rewritten + added))" != "$n_changed" ] || [ "$added" != "$n_new" ] || [ "$gone" != 0 ]; then
	fail "expected $((n_changed - n_new)) rewritten and $n_new added"
fi

# The view equals the query computed afresh: by the types' = and by text.
diff=$(psqlq -d $db -c "SELECT count(*) FROM daily AS v FULL JOIN daily_fresh AS f USING (day, channel)
	WHERE v.day IS NULL OR f.day IS NULL
		OR v.nps_state IS DISTINCT FROM f.nps_state OR v.csat_state IS DISTINCT FROM f.csat_state
		OR v.resolution IS DISTINCT FROM f.resolution OR v.hourly IS DISTINCT FROM f.hourly
		OR (v.nps_state::text, v.csat_state::text, v.resolution::text, v.hourly::text)
			IS DISTINCT FROM (f.nps_state::text, f.csat_state::text, f.resolution::text, f.hourly::text)")
[ "$diff" = 0 ] || fail "$diff rows of the view differ from a fresh computation"
echo "view after the run equals a fresh computation: $(psqlq -d $db -c 'SELECT count(*) FROM daily') rows"

runs=$(psqlq -d "$cron_db" -c "SELECT count(*) FROM cron.job_run_details WHERE jobid = $job_id AND status = 'succeeded'")
echo "job $job_id: $runs successful runs; unscheduled"
