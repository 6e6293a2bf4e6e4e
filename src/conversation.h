/*
 * conversation.h
 *		Message-log helpers shared by the conversation timing functions, and
 *		the aggregate states frt_state and reply_state.
 *
 * A message log has one row per message: when it was sent and whether an
 * agent sent it.  Input order must never matter, so every function puts
 * the messages of a conversation in one canonical order: by time, and at
 * equal times agent messages first.  An agent message sent at the same
 * instant as a customer message therefore never answers it: a reply is
 * strictly after what it answers, as first_response_time requires.
 *
 * The aggregates keep their state in two types of their own rather than
 * internal, because Citus splits only aggregates whose state it can ship
 * (as text, through the type's output and input functions):
 *
 *	frt_state	first_response_time and first_response_seconds: the
 *				earliest customer message c0, the earliest agent message
 *				after it, and the agent messages at or before c0 (any of
 *				them can become the reply when an earlier customer message
 *				turns up).  32 bytes in time-ordered input.
 *	reply_state	avg_response_time and avg_response_seconds: every message,
 *				since pairing needs the whole conversation in order.
 *
 * Two types, not one, because their states mean different things: a
 * frt_state keeps only the messages that can still decide the first
 * response, so merging one into an average would silently give a wrong
 * mean; separate types make that a type error, and let each keep the
 * layout its transition needs (a fixed 32 bytes against a growing list).
 * Both are a message log with an optional calendar, so they share one
 * text and one binary form (conversation_io.c): the messages they keep, in
 * canonical order, then the calendar.  frt_state's input keeps only what
 * a first-response state keeps, so any message log reads as either type.
 *
 * Layout: a ConvStateHeader, the type's fixed fields, then the group's
 * business calendar when it has one (a plain copy of the calendar value,
 * 4-byte header, padded to MAXALIGN), then the type's arrays sized for cap
 * messages.  During aggregation the transition functions update it in
 * place; a new or grown state is allocated in the current memory context
 * and returned, and the executor copies it into the aggregate context and
 * frees the one it replaces.  There is one layout, not a working form and
 * a stored one: the input functions validate what they read and build a
 * state through the same functions as the aggregates (so an INITCOND or a
 * state read back on Citus's coordinator is a state like any other, with
 * no room to spare: its first new message grows it), and a stored state
 * keeps the room it had (cap may exceed n).  A toasted or short-header
 * datum is detoasted into a copy before anything reads or changes it.
 */
#ifndef CONVERSATION_H
#define CONVERSATION_H

#include "postgres.h"
#include "compat.h"
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
pg_noreturn extern void ConvTooManyMessages(void);

/* ---------- the aggregate states ---------- */

#define CONV_STATE_VERSION	1

/* The most messages a state keeps (9 bytes each, about 30 in text). */
#define CONV_MAX_MESSAGES	10000000

/* ConvStateHeader.flags */
#define CONV_CALENDAR		0x01	/* a calendar follows the fixed fields */
#define FRT_CUSTOMER		0x02	/* frt_state: first_customer is set */
#define FRT_REPLY			0x04	/* frt_state: reply is set */
#define REPLY_UNSORTED		0x08	/* reply_state: not in canonical order */

typedef struct ConvStateHeader
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* CONV_STATE_VERSION */
	uint8		flags;			/* CONV_CALENDAR, FRT_*, REPLY_* */
	uint16		reserved;		/* 0 */
	int32		n;				/* messages in the array(s) */
	int32		cap;			/* room in the array(s) */
} ConvStateHeader;

/*
 * frt_state: the array holds the n agent messages at or before c0 (every
 * agent message while there is no customer message), in any order.
 */
typedef struct FrtState
{
	ConvStateHeader h;
	TimestampTz first_customer; /* c0: the earliest customer message */
	TimestampTz reply;			/* the earliest agent message after c0 */
} FrtState;

/*
 * reply_state: the arrays hold the n messages, times (int64[cap]) then
 * senders (bool[cap], true for an agent), in canonical order unless
 * REPLY_UNSORTED (appending in order keeps the flag clear, so the final
 * step of time-ordered input needs no sort).
 */
typedef struct ReplyState
{
	ConvStateHeader h;
} ReplyState;

/* Return a state, or NULL for none (a support function's result). */
#define CONV_RETURN_STATE(s) \
	do { \
		if ((s) == NULL) \
			PG_RETURN_NULL(); \
		PG_RETURN_POINTER(s); \
	} while (0)

/* The calendar of a state (a plain varlena), or NULL. */
#define ConvStateCalendar(s, hdrsize) \
	(((const ConvStateHeader *) (s))->flags & CONV_CALENDAR ? \
	 (struct varlena *) ((char *) (s) + (hdrsize)) : NULL)
/* Bytes between the fixed fields and the arrays: the padded calendar. */
#define ConvCalendarSpace(cal)	((cal) == NULL ? 0 : MAXALIGN(VARSIZE(cal)))
#define ConvStateArrays(s, hdrsize) \
	((char *) (s) + (hdrsize) + \
	 ConvCalendarSpace(ConvStateCalendar((s), (hdrsize))))

#define FrtCalendar(s)	ConvStateCalendar((s), sizeof(FrtState))
#define FrtEarly(s)		((TimestampTz *) ConvStateArrays((s), sizeof(FrtState)))
#define ReplyCalendar(s) ConvStateCalendar((s), sizeof(ReplyState))
#define ReplyTimes(s)	((TimestampTz *) ConvStateArrays((s), sizeof(ReplyState)))
#define ReplyAgents(s)	((bool *) (ReplyTimes(s) + (s)->h.cap))

/*
 * A message log: what the text and binary forms of both types hold, and
 * what their input functions read into.  cal is a plain calendar value or
 * NULL.
 */
typedef struct ConvLog
{
	int			n;
	ConvMessage *msgs;
	struct varlena *cal;
} ConvLog;

/*
 * What the shared state functions (conversation_state.c) and the I/O
 * functions (conversation_io.c) need to know of a state type: its fixed
 * part, its arrays (cap elements each, of the given sizes; a 0 ends the
 * list), and its conversion from and to the message log of its text and
 * binary forms.
 */
typedef struct ConvStateKind
{
	const char *typname;		/* "frt_state" */
	const char *name;			/* for messages: "first-response state" */
	const char *use;			/* the aggregates to call instead */
	Size		hdrsize;		/* header and fixed fields */
	Size		elem[2];		/* element sizes of the arrays */
	void	   *(*from_log) (const ConvLog *log);	/* a new state */
	void		(*to_log) (const void *s, ConvLog *log);	/* canonical order */
} ConvStateKind;

extern PGDLLIMPORT const ConvStateKind FrtKind;
extern PGDLLIMPORT const ConvStateKind ReplyKind;

/* conversation_state.c */
extern void *ConvStateAlloc(const ConvStateKind *kind,
							const struct varlena *cal, int cap);
extern void *ConvStateCopy(const ConvStateKind *kind, const void *s,
						   const struct varlena *cal, int cap);
extern void ConvStateCheck(const ConvStateKind *kind, const void *s);
extern void *ConvStateArg(const ConvStateKind *kind, FunctionCallInfo fcinfo);
extern const void *ConvStateOther(const ConvStateKind *kind,
								  FunctionCallInfo fcinfo, int argno);
extern void *ConvStateRowCalendar(const ConvStateKind *kind,
								  FunctionCallInfo fcinfo, void *s,
								  int firstcap);
extern void *ConvStateMergeArgs(const ConvStateKind *kind,
								FunctionCallInfo fcinfo, const void **other);
extern int	ConvStateGrowCap(int cap, int64 need);

/* conversation_io.c: the canonical binary form of a state */
extern bytea *ConvStateBinary(const ConvStateKind *kind, Datum value);

/* conversation.c: frt_state to and from a log */
extern void *FrtFromLog(const ConvLog *log);
extern void FrtToLog(const void *s, ConvLog *log);

/* conversation_reply.c: reply_state to and from a log */
extern void *ReplyFromLog(const ConvLog *log);
extern void ReplyToLog(const void *s, ConvLog *log);

/*
 * conversation_calendar.c: the optional business calendar of a group.  A
 * state keeps a plain copy of the calendar value; every row's must be the
 * same, and so must every merged state's.
 */
extern struct varlena *ConvPlainCalendar(Datum value);
extern bool ConvCalendarRemember(struct varlena **kept, Datum value,
								 bool isnull, MemoryContext cxt);
pg_noreturn extern void ConvCalendarsDiffer(void);
extern int64 ConvWait(FunctionCallInfo fcinfo, const struct varlena *cal,
					  TimestampTz since, TimestampTz until);

#endif							/* CONVERSATION_H */
