/*
 * conversation_calendar.c
 *		The optional business calendar of the conversation timing functions.
 *
 * first_response_time, avg_response_time and response_time take an optional
 * calendar as their last argument and then measure waits in business time
 * (calendar.h).  The aggregates keep a copy of the calendar value in their
 * state, so that the final step and parallel workers have it; it must be the
 * same on every row of a group, since a conversation is measured against one
 * calendar: each row's value is compared with the kept copy (a memcmp of a
 * few hundred bytes; a pointer comparison would not do, as a tuple's memory
 * is reused by later rows).
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"

#include "calendar.h"
#include "conversation.h"

/* Remember the calendar of one row; error if the group's differs. */
void
ConvCalendarRemember(ConvCalendar *slot, Datum value, MemoryContext cxt)
{
	struct varlena *raw;

	raw = PG_DETOAST_DATUM_PACKED(value);
	if (slot->value == NULL)
	{
		Size		len = VARSIZE_ANY_EXHDR(raw);

		slot->value = MemoryContextAlloc(cxt, len + VARHDRSZ);
		SET_VARSIZE(slot->value, len + VARHDRSZ);
		memcpy(VARDATA(slot->value), VARDATA_ANY(raw), len);
	}
	else if (VARSIZE_ANY_EXHDR(raw) != VARSIZE_ANY_EXHDR(slot->value) ||
			 memcmp(VARDATA_ANY(raw), VARDATA(slot->value), VARSIZE_ANY_EXHDR(raw)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("calendar must be the same on every row of a conversation"),
				 errhint("Group by the calendar's owner (team, region) too, or measure each group against one calendar.")));
}

/* Combine: take the other state's calendar, or check it is the same. */
void
ConvCalendarMerge(ConvCalendar *slot, const ConvCalendar *other,
				  MemoryContext cxt)
{
	if (other->value != NULL)
		ConvCalendarRemember(slot, PointerGetDatum(other->value), cxt);
}

/* Serialize: the value's length (-1 for none), then its bytes. */
void
ConvCalendarSerialize(StringInfo buf, const ConvCalendar *slot)
{
	if (slot->value == NULL)
	{
		pq_sendint32(buf, -1);
		return;
	}
	pq_sendint32(buf, VARSIZE(slot->value) - VARHDRSZ);
	pq_sendbytes(buf, VARDATA(slot->value), VARSIZE(slot->value) - VARHDRSZ);
}

void
ConvCalendarDeserialize(StringInfo buf, ConvCalendar *slot, MemoryContext cxt)
{
	int			len = pq_getmsgint(buf, 4);

	slot->value = NULL;
	if (len == -1)
		return;
	if (len < 0 || len > buf->len - buf->cursor)
		elog(ERROR, "invalid conversation state: calendar of %d bytes", len);
	slot->value = MemoryContextAlloc(cxt, len + VARHDRSZ);
	SET_VARSIZE(slot->value, len + VARHDRSZ);
	pq_copymsgbytes(buf, VARDATA(slot->value), len);
}

/*
 * The wait from since to until: in business time when the group has a
 * calendar, else plain microseconds.  The calendar is deserialized once per
 * query and cached in the calling function's fn_extra.
 */
int64
ConvWait(FunctionCallInfo fcinfo, const ConvCalendar *slot,
		 TimestampTz since, TimestampTz until)
{
	const Calendar *cal;

	if (slot == NULL || slot->value == NULL)
		return until - since;
	cal = CalFromDatum(PointerGetDatum(slot->value),
					   (CalCache **) &fcinfo->flinfo->fn_extra,
					   fcinfo->flinfo->fn_mcxt);
	return CalBusinessMicroseconds(cal, since, until);
}
