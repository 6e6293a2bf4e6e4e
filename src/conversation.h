/*
 * conversation.h
 *		Message-log helpers shared by the conversation timing functions.
 *
 * A message log has one row per message: when it was sent and whether an
 * agent sent it.  Input order must never matter, so every function puts
 * the messages of a conversation in one canonical order: by time, and at
 * equal times agent messages first.  An agent message sent at the same
 * instant as a customer message therefore never answers it: a reply is
 * strictly after what it answers, as first_response_time requires.
 */
#ifndef CONVERSATION_H
#define CONVERSATION_H

#include "postgres.h"
#include "fmgr.h"
#include "datatype/timestamp.h"
#include "lib/stringinfo.h"

typedef struct ConvMessage
{
	TimestampTz sent_at;
	bool		from_agent;
	int64		pos;			/* row position, for the window functions */
} ConvMessage;

/* Called for each agent message that answers waiting customer messages. */
typedef void (*ConvWaitCallback) (void *arg, int index,
								  TimestampTz waiting_since, TimestampTz replied_at);

extern void ConvSortMessages(ConvMessage *msgs, int n);
extern void ConvPairReplies(const ConvMessage *msgs, int n,
							ConvWaitCallback callback, void *arg);
extern TimestampTz ConvCheckedTime(TimestampTz t);

/*
 * conversation_calendar.c: the optional business calendar of a group, as a
 * plain (untoasted) copy of the calendar value; NULL for calendar time.
 */
typedef struct ConvCalendar
{
	struct varlena *value;
} ConvCalendar;

extern void ConvCalendarRemember(ConvCalendar *slot, Datum value,
								 MemoryContext cxt);
extern void ConvCalendarMerge(ConvCalendar *slot, const ConvCalendar *other,
							  MemoryContext cxt);
extern void ConvCalendarSerialize(StringInfo buf, const ConvCalendar *slot);
extern void ConvCalendarDeserialize(StringInfo buf, ConvCalendar *slot,
									MemoryContext cxt);
extern int64 ConvWait(FunctionCallInfo fcinfo, const ConvCalendar *slot,
					  TimestampTz since, TimestampTz until);

#endif							/* CONVERSATION_H */
