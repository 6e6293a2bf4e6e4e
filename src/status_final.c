/*
 * status_final.c
 *		Time in status: the final functions, which put the changes in
 *		canonical order and sum the time in counted statuses (the design is
 *		described at the top of status.c).
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "nodes/primnodes.h"
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "conversation.h"
#include "csmetrics.h"
#include "status.h"

/* The status texts of a state, for the canonical order's comparisons. */
typedef struct TisTexts
{
	const char **str;
	uint32	   *len;
} TisTexts;

/* Canonical order: by time, then by status text in byte order. */
static int
tis_change_cmp(const void *a, const void *b, void *arg)
{
	const TisChange *ca = (const TisChange *) a;
	const TisChange *cb = (const TisChange *) b;
	const TisTexts *t = (const TisTexts *) arg;
	TimestampTz ta = tis_at(ca);
	TimestampTz tb = tis_at(cb);
	uint32		ka = ca->id & TIS_ID_MASK;
	uint32		kb = cb->id & TIS_ID_MASK;

	if (ta != tb)
		return ta < tb ? -1 : 1;
	if (ka == kb)
		return 0;
	return tis_textcmp(t->str[ka], t->len[ka], t->str[kb], t->len[kb]);
}

/*
 * Total time in the runs of counted changes (in canonical order), each
 * clipped at now, in microseconds.
 */
static int64
tis_sum(const TisChange *c, int n, const Calendar *cal, TimestampTz now)
{
	int64		total = 0;
	int			i = 0;

	while (i < n)
	{
		TimestampTz start;
		TimestampTz stop;

		if (!(c[i].id & TIS_COUNTED))
		{
			i++;
			continue;
		}
		start = tis_at(&c[i]);
		while (i < n && (c[i].id & TIS_COUNTED))
			i++;
		stop = i < n ? Min(tis_at(&c[i]), now) : now;
		if (start < stop)
			total += cal != NULL ? CalBusinessMicroseconds(cal, start, stop) : stop - start;
		CHECK_FOR_INTERRUPTS();
	}
	return total;
}

/*
 * The total time in counted statuses, in microseconds; false when the
 * result is NULL (no change, or a NULL parameter).  *with_cal: whether a
 * form with a calendar.  The state is only read.
 */
static bool
tis_total(FunctionCallInfo fcinfo, int64 *usecs, bool *with_cal)
{
	const StsState *s;
	const TisChange *changes;
	const Calendar *cal = NULL;
	TisTexts	texts;
	TimestampTz now;
	int			i;

	if (PG_ARGISNULL(0))
		return false;
	s = sts_state_read(fcinfo, 0);
	*with_cal = (s->flags & STS_WITH_CAL) != 0;
	if (s->n == 0 || !(s->flags & STS_HAS_COUNTED) ||
		((s->flags & STS_WITH_CAL) && !(s->flags & STS_HAS_CAL)))
		return false;
	/* the forms without as_of: the transaction time, the node's own */
	now = (s->flags & STS_WITH_AS_OF) ? s->as_of : GetCurrentTransactionStartTimestamp();
	if (s->flags & STS_HAS_CAL)
		cal = CalFromDatum(PointerGetDatum(sts_cal(s)), &tis_call(fcinfo)->calcache,
						   fcinfo->flinfo->fn_mcxt);

	changes = STS_CHANGES(s);
	texts.str = sts_status_texts(s, &texts.len);
	for (i = 1; i < s->n; i++)
		if (tis_change_cmp(&changes[i - 1], &changes[i], &texts) > 0)
			break;
	if (i == s->n)
		*usecs = tis_sum(changes, s->n, cal, now);
	else
	{
		/* out of order: sort a copy */
		TisChange  *c = palloc(s->n * sizeof(TisChange));

		memcpy(c, changes, s->n * sizeof(TisChange));
		qsort_arg(c, s->n, sizeof(TisChange), tis_change_cmp, &texts);
		*usecs = tis_sum(c, s->n, cal, now);
		pfree(c);
	}
	pfree(texts.str);
	pfree(texts.len);
	return true;
}

PG_FUNCTION_INFO_V1(status_state_final);
/*
 * Final: the total as an interval, as timestamp subtraction gives it (days
 * and time); in business time, as business_time gives it (time only).
 */
Datum
status_state_final(PG_FUNCTION_ARGS)
{
	int64		usecs;
	bool		with_cal;
	Interval   *result;

	if (!tis_total(fcinfo, &usecs, &with_cal))
		PG_RETURN_NULL();
	if (!with_cal)
		PG_RETURN_INTERVAL_P(cs_interval_from_usecs(usecs));
	result = palloc(sizeof(Interval));
	result->month = 0;
	result->day = 0;
	result->time = usecs;
	PG_RETURN_INTERVAL_P(result);
}

PG_FUNCTION_INFO_V1(status_state_seconds);
/* Final: the total in seconds. */
Datum
status_state_seconds(PG_FUNCTION_ARGS)
{
	int64		usecs;
	bool		with_cal;

	if (!tis_total(fcinfo, &usecs, &with_cal))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) usecs / USECS_PER_SEC);
}

/*
 * The final functions of the forms with as_of: the same code (the state
 * carries as_of), declared immutable since they read no clock.
 */
PG_FUNCTION_INFO_V1(status_state_as_of_final);
/* Final of time_in_status(..., as_of). */
Datum
status_state_as_of_final(PG_FUNCTION_ARGS)
{
	return status_state_final(fcinfo);
}

PG_FUNCTION_INFO_V1(status_state_as_of_seconds);
/* Final of time_in_status_seconds(..., as_of). */
Datum
status_state_as_of_seconds(PG_FUNCTION_ARGS)
{
	return status_state_seconds(fcinfo);
}
