#!/usr/bin/env bash
# demo/cron.sh CONNSTRING [--own-cluster]: the demo's scheduled refresh, with pg_cron.
#
# Run by demo/inside.sh after the report.  Schedules a pg_cron job that
# refreshes the report's materialized views of daily states (daily_survey,
# daily_resolution) CONCURRENTLY, adds a late batch of survey answers on
# two days, waits for the job's next run and prints the job, its last runs
# and what the run rewrote: only the rows of the day-channel groups that got
# answers; the states' canonical bytes let REFRESH ... CONCURRENTLY keep
# every other row where it was.
#
# pg_cron keeps its jobs in one database of the server (cron.database_name)
# and runs each in the database it names.  In the demo's own throwaway
# cluster (--own-cluster) that is database postgres, where the demo creates
# the extension.  In a database of the user's (demo/run --db) the demo runs
# this part only when that database is pg_cron's and has the extension,
# and unschedules its job at the end (pg_cron keeps the record of its runs,
# cron.job_run_details).  Otherwise, and when the server does not load pg_cron, it
# says why and does nothing.
set -euo pipefail
db=$1
own_cluster=0
[ "${2:-}" = --own-cluster ] && own_cluster=1
job=csmetrics_demo_refresh
# A minute schedule runs at most a minute after the late answers; the rest
# is margin for a busy machine.
timeout=150

demo_psql() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
say() { printf '\n== %s\n' "$*"; }

say "Scheduled refresh with pg_cron: a job refreshes daily_survey and daily_resolution CONCURRENTLY"
libs=$(demo_psql -d "$db" -At -c 'SHOW shared_preload_libraries')
if [[ ,${libs// /}, != *,pg_cron,* ]]; then
	echo "   skipped: the server does not load pg_cron (shared_preload_libraries = '$libs')"
	exit 0
fi
read -r dbname cron_name <<<"$(demo_psql -d "$db" -At -F ' ' \
	-c "SELECT current_database(), current_setting('cron.database_name')")"
if [ "$dbname" = "$cron_name" ]; then
	cron_db=$db
elif [ "$own_cluster" = 1 ]; then
	cron_db="dbname=$cron_name"
else
	echo "   skipped: pg_cron's jobs live in database $cron_name (cron.database_name): run the demo there to see them"
	exit 0
fi
if [ "$(demo_psql -d "$cron_db" -At -c "SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'")" = 0 ]; then
	if [ "$own_cluster" = 0 ]; then
		echo "   skipped: pg_cron is loaded but not created in database $cron_name (CREATE EXTENSION pg_cron)"
		exit 0
	fi
	demo_psql -d "$cron_db" -c 'CREATE EXTENSION pg_cron'
fi
if [ "$(demo_psql -d "$cron_db" -At -c "SELECT count(*) FROM pg_proc
		WHERE proname = 'schedule_in_database' AND pronamespace = 'cron'::regnamespace")" = 0 ]; then
	echo "   skipped: this pg_cron has no cron.schedule_in_database (pg_cron 1.4 on)"
	exit 0
fi

# Where each row of the views lies before the run (ctid: its place in the
# heap; xmin: the transaction that wrote it).
demo_psql -d "$db" <<'SQL'
SET search_path = csmetrics_demo;
SET client_min_messages = warning;
DROP TABLE IF EXISTS refresh_places;
CREATE TABLE refresh_places AS
SELECT 'daily_survey' AS view, day, channel, ctid::text AS tid, xmin::text AS xid FROM daily_survey
UNION ALL
SELECT 'daily_resolution', day, channel, ctid::text, xmin::text FROM daily_resolution;
SQL

# Every 5 seconds where pg_cron has second schedules (1.5 on), else every
# minute (Debian 12 ships pg_cron 1.4).
command="REFRESH MATERIALIZED VIEW CONCURRENTLY csmetrics_demo.daily_survey; REFRESH MATERIALIZED VIEW CONCURRENTLY csmetrics_demo.daily_resolution"
schedule_sql="SELECT cron.schedule_in_database('$job', :'schedule', :'command', :'dbname')"
for schedule in '5 seconds' '* * * * *'; do
	if job_id=$(demo_psql -d "$cron_db" -At -v schedule="$schedule" -v command="$command" -v dbname="$dbname" \
			<<<"$schedule_sql" 2>&1); then
		break
	fi
	case $job_id in
		*"invalid schedule"*) ;;
		*) echo "$job_id" >&2; exit 1 ;;
	esac
done
echo
demo_psql -d "$cron_db" -x -P footer=off -c "SELECT jobid, jobname, schedule, command, database, username, active
	FROM cron.job WHERE jobid = $job_id"

# The late batch: answers the survey tool had not exported, for about one in
# six of the tickets resolved on 30 and 31 December that had none (streams
# 30-35 of survey_responses).
late=$(demo_psql -d "$db" -At <<'SQL'
SET search_path = csmetrics_demo;
WITH added AS (
	INSERT INTO survey_responses
		(ticket_id, answered_at, channel, nps_score, csat_score, ces_score, thumbs_up, stars)
	SELECT t.id, t.resolved_at + interval '1 minute' * floor(60 * demo_uniform(t.id, 31)), t.channel,
		CASE WHEN demo_uniform(t.id, 32) < 0.7 THEN floor(11 * demo_uniform(t.id, 33))::int END,
		1 + floor(5 * demo_uniform(t.id, 34))::int, 1 + floor(7 * demo_uniform(t.id, 35))::int,
		demo_uniform(t.id, 34) >= 0.3, 1 + floor(5 * demo_uniform(t.id, 34))::int
	FROM tickets AS t
	WHERE t.resolved_at >= timestamptz '2025-12-30 00:00 Europe/Berlin'
		AND t.resolved_at < timestamptz '2025-12-31 23:00 Europe/Berlin'
		AND demo_uniform(t.id, 30) < 0.17
		AND NOT EXISTS (SELECT FROM survey_responses AS s WHERE s.ticket_id = t.id)
	RETURNING answered_at, channel
)
SELECT format('%s answers in %s day-channel groups', count(*),
	count(DISTINCT ((answered_at AT TIME ZONE 'Europe/Berlin')::date, channel)))
FROM added;
SQL
)
since=$(demo_psql -d "$cron_db" -At -c 'SELECT now()')
echo "   Late survey answers, answered on 30 and 31 December: $late."
echo "   Waiting for the job's next run (schedule '$schedule')..."

start=$SECONDS
while :; do
	status=$(demo_psql -d "$cron_db" -At -c "SELECT status FROM cron.job_run_details
		WHERE jobid = $job_id AND start_time > '$since' AND status IN ('succeeded', 'failed')
		ORDER BY start_time LIMIT 1")
	[ -n "$status" ] && break
	if [ $((SECONDS - start)) -ge "$timeout" ]; then
		echo "   no run of the job ended within $timeout s" >&2
		exit 1
	fi
	sleep 1
done

say "The job's last runs (cron.job_run_details)"
echo
demo_psql -d "$cron_db" -P footer=off -c "SELECT runid, status, return_message,
		to_char(start_time, 'HH24:MI:SS') AS started,
		round(extract(epoch FROM end_time - start_time) * 1000) AS ms
	FROM cron.job_run_details WHERE jobid = $job_id
	ORDER BY start_time DESC LIMIT 5"
[ "$status" = succeeded ] || exit 1

say "What that run rewrote: rows compared by ctid (place in the table) and xmin (writing transaction)"
echo
demo_psql -d "$db" <<'SQL'
SET search_path = csmetrics_demo;
\pset footer off
WITH now_places AS (
	SELECT 'daily_survey' AS view, day, channel, ctid::text AS tid, xmin::text AS xid FROM daily_survey
	UNION ALL
	SELECT 'daily_resolution', day, channel, ctid::text, xmin::text FROM daily_resolution
)
SELECT view, count(n.tid) AS "rows",
	count(*) FILTER (WHERE (b.tid, b.xid) = (n.tid, n.xid)) AS kept,
	count(*) FILTER (WHERE (b.tid, b.xid) <> (n.tid, n.xid)) AS rewritten,
	count(*) FILTER (WHERE b.tid IS NULL) AS added,
	count(*) FILTER (WHERE n.tid IS NULL) AS removed,
	string_agg(DISTINCT to_char(day, 'MM-DD'), ', ')
		FILTER (WHERE b.tid IS NULL OR (b.tid, b.xid) <> (n.tid, n.xid)) AS "days rewritten"
FROM refresh_places AS b
FULL JOIN now_places AS n USING (view, day, channel)
GROUP BY view
ORDER BY view DESC;
DROP TABLE refresh_places;
SQL

if [ "$own_cluster" = 0 ]; then
	demo_psql -d "$cron_db" -At -c "SELECT cron.unschedule($job_id)" >/dev/null
	echo "   (job $job_id unscheduled; the record of its runs stays in cron.job_run_details)"
fi
