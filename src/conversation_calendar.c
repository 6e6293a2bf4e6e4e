/*
 * conversation_calendar.c
 *		The optional business calendar of the conversation timing functions.
 *
 * first_response_time, avg_response_time and response_time take an optional
 * calendar as their last argument and then measure waits in business time
 * (calendar.h).  The aggregates keep a copy of the calendar value in their
 * state (conversation.h), so that the final step, parallel workers and
 * Citus's coordinator have it; it must be the same on every row of a group,
 * since a conversation is measured against one calendar: each row's value
 * is compared with the kept copy (a memcmp of a few hundred bytes; a
 * pointer comparison would not do, as a tuple's memory is reused by later
 * rows).
 */
#include "postgres.h"
#include "compat.h"

#include "fmgr.h"

#include "calendar.h"
#include "conversation.h"

/* A plain (untoasted, 4-byte header) copy of a calendar datum. */
struct varlena *
ConvPlainCalendar(Datum value)
{
	struct varlena *raw = PG_DETOAST_DATUM_PACKED(value);
	Size		len = VARSIZE_ANY_EXHDR(raw);
	struct varlena *copy = palloc(len + VARHDRSZ);

	SET_VARSIZE(copy, len + VARHDRSZ);
	memcpy(VARDATA(copy), VARDATA_ANY(raw), len);
	return copy;
}

/*
 * Remember the calendar argument of a row: NULL is an error, since the
 * group could not be measured.  With none kept yet, *kept becomes a plain
 * copy in cxt and the result is true; else the row's must be the same as
 * the kept one, and the result is false.
 */
bool
ConvCalendarRemember(struct varlena **kept, Datum value, bool isnull,
					 MemoryContext cxt)
{
	struct varlena *raw;

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("calendar must not be NULL"),
				 errhint("Pass a calendar, or leave the argument out to measure calendar time.")));
	if (*kept == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(cxt);

		*kept = ConvPlainCalendar(value);
		MemoryContextSwitchTo(old);
		return true;
	}
	raw = PG_DETOAST_DATUM_PACKED(value);
	if (VARSIZE_ANY_EXHDR(raw) != VARSIZE(*kept) - VARHDRSZ ||
		memcmp(VARDATA_ANY(raw), VARDATA(*kept), VARSIZE(*kept) - VARHDRSZ) != 0)
		ConvCalendarsDiffer();
	return false;
}

/* Calendars of one group that are not the same. */
void
ConvCalendarsDiffer(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("calendar must be the same on every row of a conversation"),
			 errhint("Group by the calendar's owner (team, region) too, or measure each group against one calendar.")));
}

/*
 * The wait from since to until: in business time when the group has a
 * calendar, else plain microseconds.  The calendar is deserialized once per
 * query and cached in the calling function's fn_extra.
 */
int64
ConvWait(FunctionCallInfo fcinfo, const struct varlena *cal,
		 TimestampTz since, TimestampTz until)
{
	const Calendar *c;

	if (cal == NULL)
		return until - since;
	c = CalFromDatum(PointerGetDatum(cal),
					 (CalCache **) &fcinfo->flinfo->fn_extra,
					 fcinfo->flinfo->fn_mcxt);
	return CalBusinessMicroseconds(c, since, until);
}
