/*
 * conversation_io.c
 *		Text and binary I/O of frt_state and reply_state.
 *
 * Both types are written as the message log they keep (conversation.h):
 *
 *		n=<count> ( c@<instant> | a@<instant> ){count} [ cal="<calendar>" ]
 *
 * for example
 *
 *		n=3 a@2025-03-01T09:00:00Z c@2025-03-01T09:10:00Z a@2025-03-01T09:20:00.5Z
 *		n=1 c@2025-03-07T15:00:00Z cal="mon-fri 09:00-17:00; tz Europe/Berlin"
 *
 * c@ is a customer message, a@ an agent message; instants are in UTC,
 * [-]YYYY-MM-DDTHH:MM:SS[.ffffff]Z as in the timeline type (parse.c), so
 * the text means the same in every session, whatever its TimeZone or
 * DateStyle.  The calendar, when the group has one, is the calendar type's
 * canonical text, which never holds a double quote.  Output writes the
 * messages in canonical order (by time, agent messages first at equal
 * times), single spaces between tokens; reading that back gives the same
 * state, so the text is what Citus ships between nodes.  n= makes a
 * truncated value an error rather than a smaller state; the quotes do the
 * same for the calendar.
 *
 * Input treats every string as hostile: at most CONV_TEXT_MAXLEN
 * characters, tokens separated by white space, n= from 0 to
 * CONV_MAX_MESSAGES and equal to the messages listed, each instant a real
 * date and time in PostgreSQL's range, the calendar checked by the
 * calendar type's own input.  Messages may come in any order, and a
 * frt_state keeps only those that can still decide the first response, so
 * any message log reads as either type.
 *
 * Binary form: a version byte (1), the number of messages (int32), each
 * message as its time (int64 microseconds since 2000-01-01 UTC) and its
 * sender (one byte: 0 customer, 1 agent), then the calendar's length in
 * bytes (int32; -1 for none) and the calendar's own binary form.
 */
#include "postgres.h"
#include "compat.h"

#include <ctype.h>

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "csmetrics.h"
#include "conversation.h"

#define CONV_BINARY_VERSION 1

/*
 * Longest text accepted: a message takes at most 34 characters (a six-digit
 * year and a fraction), the calendar at most CAL_TEXT_MAXLEN; the rest is
 * slack for extra white space.
 */
#define CONV_TEXT_MAXLEN \
	((Size) CONV_MAX_MESSAGES * 40 + CAL_TEXT_MAXLEN + 1024)

/* Shortest text of a message and the space before it: " c@0001-01-01T00:00:00Z". */
#define CONV_MIN_MESSAGE_TEXT 23

static void
conv_syntax_error(const char *typname, const char *input, const char *p,
				  const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", typname,
					cs_input_excerpt(input)),
			 errdetail("Expected %s at position %d.", expected,
					   (int) (p - input) + 1),
			 errhint("A %s value looks like \"n=2 c@2025-03-01T10:00:00Z a@2025-03-01T10:30:00Z\": the number of messages, each message as c@ (customer) or a@ (agent) and its time in UTC, then cal=\"...\" with the group's calendar if it has one.",
					 typname)));
}

static void
conv_count_error(const char *typname, const char *input, const char *detail,
				 int sqlerrcode)
{
	ereport(ERROR,
			(errcode(sqlerrcode),
			 errmsg("%s value lists %s messages than it declares", typname,
					detail),
			 errdetail("Value: \"%s\".", cs_input_excerpt(input)),
			 errhint("n= must give the number of messages listed; check that the value was not truncated.")));
}

/* A token must be followed by white space or the end of the string. */
static const char *
conv_end_token(const char *typname, const char *input, const char *p)
{
	if (*p != '\0' && !isspace((unsigned char) *p))
		conv_syntax_error(typname, input, p, "a space or the end of the value");
	while (isspace((unsigned char) *p))
		p++;
	return p;
}

/* Error context of the calendar inside a state's text. */
static void
conv_calendar_context(void *arg)
{
	errcontext("calendar of a %s value", (const char *) arg);
}

/*
 * The calendar text starting at p (after cal="), up to the closing quote,
 * read by the calendar type's input; return the position after the quote.
 */
static const char *
conv_parse_calendar(const char *typname, const char *input, const char *p,
					struct varlena **cal)
{
	const char *end = strchr(p, '"');
	ErrorContextCallback callback;

	if (end == NULL)
		conv_syntax_error(typname, input, p + strlen(p),
						  "the closing quote of the calendar");
	callback.callback = conv_calendar_context;
	callback.arg = (void *) typname;
	callback.previous = error_context_stack;
	error_context_stack = &callback;
	*cal = ConvPlainCalendar(DirectFunctionCall1(calendar_in,
												 CStringGetDatum(pnstrdup(p, end - p))));
	error_context_stack = callback.previous;
	return end + 1;
}

/* Read a text form into a log; every string is treated as hostile. */
static void
conv_log_parse(const char *input, const char *typname, ConvLog *log)
{
	const char *p = input;
	const char *digits;
	int64		declared = 0;
	const char *errpos;
	const char *expected;
	CsInstantNames names = {typname, "message times", "Message times"};

	cs_check_input_length(input, typname, CONV_TEXT_MAXLEN);
	memset(log, 0, sizeof(*log));

	while (isspace((unsigned char) *p))
		p++;
	if (strncmp(p, "n=", 2) != 0)
		conv_syntax_error(typname, input, p, "\"n=\"");
	p += 2;
	digits = p;
	while (*p >= '0' && *p <= '9' && declared <= CONV_MAX_MESSAGES)
		declared = declared * 10 + (*p++ - '0');
	if (*digits == '-' || declared > CONV_MAX_MESSAGES)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("number of messages out of range in %s value", typname),
				 errdetail("Value: \"%s\".", cs_input_excerpt(input)),
				 errhint("A %s value lists 0 to %d messages.", typname,
						 CONV_MAX_MESSAGES)));
	if (p == digits)
		conv_syntax_error(typname, input, p, "the number of messages");
	p = conv_end_token(typname, input, p);

	/* each message takes some characters: n= cannot promise more */
	if (declared > (int64) (strlen(p) + 1) / CONV_MIN_MESSAGE_TEXT + 1)
		conv_count_error(typname, input, "fewer", ERRCODE_INVALID_TEXT_REPRESENTATION);
	log->msgs = palloc(Max(declared, 1) * sizeof(ConvMessage));
	while (log->n < declared)
	{
		ConvMessage *m = &log->msgs[log->n];

		if (*p == '\0' || strncmp(p, "cal=", 4) == 0)
			conv_count_error(typname, input, "fewer", ERRCODE_INVALID_TEXT_REPRESENTATION);
		if ((*p != 'c' && *p != 'a') || p[1] != '@')
			conv_syntax_error(typname, input, p,
							  "a message: c@ (customer) or a@ (agent) and its time");
		m->from_agent = *p == 'a';
		m->pos = log->n;
		p = cs_parse_utc_instant(input, p + 2, &names, &m->sent_at,
								 &errpos, &expected);
		if (p == NULL)
			conv_syntax_error(typname, input, errpos, expected);
		p = conv_end_token(typname, input, p);
		log->n++;
	}
	if (*p == '\0')
		return;
	if ((*p == 'c' || *p == 'a') && p[1] == '@')
		conv_count_error(typname, input, "more", ERRCODE_INVALID_TEXT_REPRESENTATION);
	if (strncmp(p, "cal=\"", 5) != 0)
		conv_syntax_error(typname, input, p,
						  "cal=\"<calendar>\" or the end of the value");
	p = conv_parse_calendar(typname, input, p + 5, &log->cal);
	p = conv_end_token(typname, input, p);
	if (*p != '\0')
		conv_syntax_error(typname, input, p, "the end of the value");
}

/* The text form of a log in canonical order. */
static char *
conv_log_text(const ConvLog *log)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfo(&buf, "n=%d", log->n);
	for (i = 0; i < log->n; i++)
	{
		appendStringInfoString(&buf, log->msgs[i].from_agent ? " a@" : " c@");
		cs_append_utc_instant(&buf, log->msgs[i].sent_at);
	}
	if (log->cal != NULL)
	{
		char	   *text = DatumGetCString(DirectFunctionCall1(calendar_out,
															   PointerGetDatum(log->cal)));

		if (strchr(text, '"') != NULL)
			elog(ERROR, "calendar text holds a double quote: %s", text);
		appendStringInfo(&buf, " cal=\"%s\"", text);
	}
	return buf.data;
}

/* Read a binary form into a log, checking every length and value. */
static void
conv_log_recv(StringInfo buf, const char *typname, ConvLog *log)
{
	int			version;
	int			n;
	int			callen;
	int			i;

	memset(log, 0, sizeof(*log));
	version = pq_getmsgbyte(buf);
	if (version != CONV_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary %s format version %d", typname, version),
				 errhint("This build reads version %d.", CONV_BINARY_VERSION)));
	n = pq_getmsgint(buf, 4);
	if (n < 0 || n > CONV_MAX_MESSAGES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("number of messages out of range in binary %s value", typname),
				 errdetail("Got %d.", n),
				 errhint("A %s value holds 0 to %d messages.", typname,
						 CONV_MAX_MESSAGES)));
	if ((int64) n * 9 + 4 > buf->len - buf->cursor)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("binary %s value has inconsistent size", typname),
				 errdetail("%d messages need %lld more bytes; got %d.", n,
						   (long long) n * 9 + 4, buf->len - buf->cursor)));
	log->msgs = palloc(Max(n, 1) * sizeof(ConvMessage));
	for (i = 0; i < n; i++)
	{
		ConvMessage *m = &log->msgs[i];
		int			sender;

		m->sent_at = pq_getmsgint64(buf);
		sender = pq_getmsgbyte(buf);
		if (!IS_VALID_TIMESTAMP(m->sent_at))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("message time out of range in binary %s value", typname),
					 errdetail("Message %d has time %lld.", i + 1,
							   (long long) m->sent_at),
					 errhint("Message times are finite timestamps.")));
		if (sender != 0 && sender != 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid sender in binary %s value", typname),
					 errdetail("Message %d has sender byte %d.", i + 1, sender),
					 errhint("The sender is 0 for a customer, 1 for an agent.")));
		m->from_agent = sender == 1;
		m->pos = i;
	}
	log->n = n;

	callen = pq_getmsgint(buf, 4);
	if (callen != -1)
	{
		StringInfoData calbuf;

		if (callen < 0 || callen > buf->len - buf->cursor)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("binary %s value has inconsistent size", typname),
					 errdetail("A calendar of %d bytes; %d bytes are left.",
							   callen, buf->len - buf->cursor)));
		initStringInfo(&calbuf);
		appendBinaryStringInfo(&calbuf, pq_getmsgbytes(buf, callen), callen);
		log->cal = ConvPlainCalendar(DirectFunctionCall1(calendar_recv,
														 PointerGetDatum(&calbuf)));
	}
	pq_getmsgend(buf);
}

/* The binary form of a log in canonical order. */
static bytea *
conv_log_send(const ConvLog *log)
{
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, CONV_BINARY_VERSION);
	pq_sendint32(&buf, log->n);
	for (i = 0; i < log->n; i++)
	{
		pq_sendint64(&buf, log->msgs[i].sent_at);
		pq_sendbyte(&buf, log->msgs[i].from_agent ? 1 : 0);
	}
	if (log->cal == NULL)
		pq_sendint32(&buf, -1);
	else
	{
		bytea	   *cal = DatumGetByteaPP(DirectFunctionCall1(calendar_send,
															  PointerGetDatum(log->cal)));

		pq_sendint32(&buf, VARSIZE_ANY_EXHDR(cal));
		pq_sendbytes(&buf, VARDATA_ANY(cal), VARSIZE_ANY_EXHDR(cal));
	}
	return pq_endtypsend(&buf);
}

/*
 * The binary form of a state datum: the messages it keeps in canonical
 * order, then its calendar's.  A function of what the state means, not of
 * its layout (spare room, the order a frt_state keeps early agent messages
 * in, an unsorted reply_state), so it is also what equal states share
 * (state_equality.c).
 */
bytea *
ConvStateBinary(const ConvStateKind *kind, Datum value)
{
	const void *s = PG_DETOAST_DATUM(value);
	ConvLog		log;

	ConvStateCheck(kind, s);
	kind->to_log(s, &log);
	return conv_log_send(&log);
}

/* ---------- the type I/O functions ---------- */

static Datum
conv_state_in(FunctionCallInfo fcinfo, const ConvStateKind *kind)
{
	ConvLog		log;

	conv_log_parse(PG_GETARG_CSTRING(0), kind->typname, &log);
	PG_RETURN_POINTER(kind->from_log(&log));
}

static Datum
conv_state_out(FunctionCallInfo fcinfo, const ConvStateKind *kind)
{
	ConvLog		log;

	kind->to_log(ConvStateOther(kind, fcinfo, 0), &log);
	PG_RETURN_CSTRING(conv_log_text(&log));
}

static Datum
conv_state_recv(FunctionCallInfo fcinfo, const ConvStateKind *kind)
{
	ConvLog		log;

	conv_log_recv((StringInfo) PG_GETARG_POINTER(0), kind->typname, &log);
	PG_RETURN_POINTER(kind->from_log(&log));
}

static Datum
conv_state_send(FunctionCallInfo fcinfo, const ConvStateKind *kind)
{
	PG_RETURN_BYTEA_P(ConvStateBinary(kind, PG_GETARG_DATUM(0)));
}

PG_FUNCTION_INFO_V1(frt_state_in);
/* Text input: the messages a first-response state of the log keeps. */
Datum
frt_state_in(PG_FUNCTION_ARGS)
{
	return conv_state_in(fcinfo, &FrtKind);
}

PG_FUNCTION_INFO_V1(frt_state_out);
/* Text output: the messages kept, in canonical order. */
Datum
frt_state_out(PG_FUNCTION_ARGS)
{
	return conv_state_out(fcinfo, &FrtKind);
}

PG_FUNCTION_INFO_V1(frt_state_recv);
/* Binary input, validated as the text input. */
Datum
frt_state_recv(PG_FUNCTION_ARGS)
{
	return conv_state_recv(fcinfo, &FrtKind);
}

PG_FUNCTION_INFO_V1(frt_state_send);
/* Binary output, messages in canonical order. */
Datum
frt_state_send(PG_FUNCTION_ARGS)
{
	return conv_state_send(fcinfo, &FrtKind);
}

PG_FUNCTION_INFO_V1(reply_state_in);
/* Text input: every message of the log. */
Datum
reply_state_in(PG_FUNCTION_ARGS)
{
	return conv_state_in(fcinfo, &ReplyKind);
}

PG_FUNCTION_INFO_V1(reply_state_out);
/* Text output: the messages in canonical order. */
Datum
reply_state_out(PG_FUNCTION_ARGS)
{
	return conv_state_out(fcinfo, &ReplyKind);
}

PG_FUNCTION_INFO_V1(reply_state_recv);
/* Binary input, validated as the text input. */
Datum
reply_state_recv(PG_FUNCTION_ARGS)
{
	return conv_state_recv(fcinfo, &ReplyKind);
}

PG_FUNCTION_INFO_V1(reply_state_send);
/* Binary output, messages in canonical order. */
Datum
reply_state_send(PG_FUNCTION_ARGS)
{
	return conv_state_send(fcinfo, &ReplyKind);
}
