/*
 * status_io.c
 *		The status_state type (time_in_status's state): text and binary
 *		forms.
 *
 * Text form, documented in the README (one space between the parts):
 *
 *		counted=<set> [calendar=<cal>] [as_of=<instant>]
 *		statuses=[<status>,...] changes=[<instant> <index>,...]
 *
 * for example
 *
 *		counted={"open"} statuses=["new","open"]
 *		changes=[2025-03-09T05:00:00Z 0,2025-03-09T07:30:00Z 1]
 *
 * counted is NULL or the counted statuses, {...}, in byte order without
 * repeats on output (any order, repeats allowed, on input); calendar is
 * there in the forms with a calendar, NULL or the calendar's text; as_of in
 * the forms with as_of.  statuses lists the distinct statuses of the
 * changes, in order of first use; each change is its time and the index
 * (from 0) of its status in that list, in the order the changes were
 * added.  Texts are in double quotes, with \" and \\ for a quote and a
 * backslash; instants are in UTC as timeline bounds are
 * (YYYY-MM-DDTHH:MM:SS[.ffffff]Z), so the text means the same in every
 * session.  Nothing is lost: a partial state travels as text from a Citus
 * worker to the coordinator.
 *
 * Input treats every string as hostile: the grammar is strict, every
 * status listed must be used by a change and listed once, every index must
 * exist, the calendar goes through the calendar type's own input, and a
 * value is at most STS_TEXT_MAXLEN characters.  The binary form carries
 * the same fields, checked the same way.
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/timestamp.h"

#include "csmetrics.h"
#include "status.h"

/* Version byte at the start of the binary form. */
#define STS_BINARY_VERSION	1

/*
 * Longest text accepted: the text of the largest state (STS_MAX_BYTES) is
 * at most about 3.5 times its size, plus its calendar's text.
 */
#define STS_TEXT_MAXLEN		(4 * STS_MAX_BYTES + 1024 * 1024)

extern Datum calendar_in(PG_FUNCTION_ARGS);
extern Datum calendar_out(PG_FUNCTION_ARGS);
extern Datum calendar_send(PG_FUNCTION_ARGS);
extern Datum calendar_recv(PG_FUNCTION_ARGS);

static const CsInstantNames sts_instant_names = {
	"status_state", "change times", "Change times"
};

/* The parts of a state, read from text or binary, before it is built. */
typedef struct StsParts
{
	int			flags;
	TisSet	   *counted;
	struct varlena *cal;
	TimestampTz as_of;
	int			nstat;
	const char **str;
	uint32	   *len;
	int			n;
	TimestampTz *at;
	uint32	   *idx;
} StsParts;

/* Order of status indexes by their text, for the repeat check. */
static int
sts_index_cmp(const void *a, const void *b, void *arg)
{
	const StsParts *parts = (const StsParts *) arg;
	uint32		ia = *(const uint32 *) a;
	uint32		ib = *(const uint32 *) b;

	return tis_textcmp(parts->str[ia], parts->len[ia], parts->str[ib], parts->len[ib]);
}

/*
 * The state of the parts, or NULL with *problem set when the statuses
 * repeat or one is not used (the caller reports it with its own code).
 */
static StsState *
sts_build(const StsParts *parts, const char **problem)
{
	uint32	   *order = palloc(Max(parts->nstat, 1) * sizeof(uint32));
	bool	   *used = palloc0(Max(parts->nstat, 1) * sizeof(bool));
	Size		dictbytes = 0;
	StsState   *s;
	int			i;

	for (i = 0; i < parts->nstat; i++)
	{
		order[i] = i;
		dictbytes += sizeof(uint32) + STS_PAD(parts->len[i]);
		if (dictbytes > STS_MAX_BYTES)
			sts_too_large();
	}
	qsort_arg(order, parts->nstat, sizeof(uint32), sts_index_cmp, (void *) parts);
	for (i = 1; i < parts->nstat; i++)
		if (sts_index_cmp(&order[i - 1], &order[i], (void *) parts) == 0)
		{
			*problem = psprintf("Status \"%.*s\" is listed twice.",
								(int) Min(parts->len[order[i]], 200),
								parts->str[order[i]]);
			return NULL;
		}
	for (i = 0; i < parts->n; i++)
		used[parts->idx[i]] = true;
	for (i = 0; i < parts->nstat; i++)
		if (!used[i])
		{
			*problem = psprintf("Status %d is not used by any change.", i);
			return NULL;
		}
	if ((Size) parts->n * sizeof(TisChange) > STS_MAX_BYTES)
		sts_too_large();

	s = sts_make(parts->flags & (STS_WITH_CAL | STS_WITH_AS_OF), parts->counted,
				 parts->cal, parts->as_of, parts->n, dictbytes);
	for (i = 0; i < parts->nstat; i++)
	{
		uint32		id;

		s = sts_add_status(s, parts->str[i], parts->len[i], &id);
		order[i] = id;
	}
	for (i = 0; i < parts->n; i++)
		s = sts_append(s, parts->at[i], order[parts->idx[i]]);
	pfree(order);
	pfree(used);
	return s;
}

/* ---------- text ---------- */

static void
sts_syntax_error(const char *input, const char *p, const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type status_state: \"%s\"",
					cs_input_excerpt(input)),
			 errdetail("Expected %s at position %d.", expected,
					   (int) (p - input) + 1),
			 errhint("A status_state value looks like \"counted={\"open\"} statuses=[\"new\",\"open\"] changes=[2025-01-01T00:00:00Z 0,2025-01-01T02:00:00Z 1]\".")));
}

static const char *
sts_expect(const char *input, const char *p, const char *word)
{
	size_t		len = strlen(word);

	if (strncmp(p, word, len) != 0)
		sts_syntax_error(input, p, psprintf("\"%s\"", word));
	return p + len;
}

/* A quoted text at p; its bytes (palloc'd) in *str, *len. */
static const char *
sts_parse_quoted(const char *input, const char *p, char **str, uint32 *len)
{
	StringInfoData buf;

	if (*p != '"')
		sts_syntax_error(input, p, "a double-quoted text");
	p++;
	initStringInfo(&buf);
	while (*p != '"')
	{
		if (*p == '\0')
			sts_syntax_error(input, p, "a closing double quote");
		if (*p == '\\')
		{
			p++;
			if (*p != '"' && *p != '\\')
				sts_syntax_error(input, p, "\\\" or \\\\ after a backslash");
		}
		appendStringInfoChar(&buf, *p++);
	}
	*str = buf.data;
	*len = buf.len;
	return p + 1;
}

static const char *
sts_parse_instant(const char *input, const char *p, TimestampTz *t)
{
	const char *errpos;
	const char *expected;
	const char *end = cs_parse_utc_instant(input, p, &sts_instant_names, t,
										   &errpos, &expected);

	if (end == NULL)
		sts_syntax_error(input, errpos, expected);
	return end;
}

/* A status index at p, below nstat. */
static const char *
sts_parse_index(const char *input, const char *p, int nstat, uint32 *result)
{
	const char *start = p;
	int64		value = 0;

	while (*p >= '0' && *p <= '9')
	{
		value = value * 10 + (*p - '0');
		if (value >= nstat)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid status index in status_state value"),
					 errdetail("The index at position %d of \"%s\" is not below the %d statuses listed.",
							   (int) (start - input) + 1, cs_input_excerpt(input), nstat),
					 errhint("Each change names its status by its place in the statuses list, from 0.")));
		p++;
	}
	if (p == start || (p - start > 1 && *start == '0'))
		sts_syntax_error(input, start, "a status index (digits, no leading zero)");
	*result = (uint32) value;
	return p;
}

/* Append a text in double quotes, escaping quotes and backslashes. */
static void
sts_append_quoted(StringInfo buf, const char *s, uint32 len)
{
	uint32		i;

	appendStringInfoChar(buf, '"');
	for (i = 0; i < len; i++)
	{
		if (s[i] == '"' || s[i] == '\\')
			appendStringInfoChar(buf, '\\');
		appendStringInfoChar(buf, s[i]);
	}
	appendStringInfoChar(buf, '"');
}

PG_FUNCTION_INFO_V1(status_state_in);
/* Parse the text form; every string is treated as hostile. */
Datum
status_state_in(PG_FUNCTION_ARGS)
{
	const char *input = PG_GETARG_CSTRING(0);
	const char *p = input;
	StsParts	parts = {0};
	const char *problem = NULL;
	StsState   *s;
	int			cap;

	cs_check_input_length(input, "status_state", STS_TEXT_MAXLEN);

	p = sts_expect(input, p, "counted=");
	if (strncmp(p, "NULL", 4) == 0)
		p += 4;
	else
	{
		const char **str;
		uint32	   *len;
		int			n = 0;

		cap = 8;
		str = palloc(cap * sizeof(char *));
		len = palloc(cap * sizeof(uint32));
		p = sts_expect(input, p, "{");
		while (*p != '}')
		{
			char	   *t;

			if (n > 0)
				p = sts_expect(input, p, ",");
			if (n == cap)
			{
				cap *= 2;
				str = repalloc(str, cap * sizeof(char *));
				len = repalloc(len, cap * sizeof(uint32));
			}
			p = sts_parse_quoted(input, p, &t, &len[n]);
			str[n++] = t;
		}
		p++;
		parts.counted = tis_set_build(str, len, n, NULL, 0, CurrentMemoryContext);
		parts.flags |= STS_HAS_COUNTED;
	}

	if (strncmp(p, " calendar=", 10) == 0)
	{
		p += 10;
		parts.flags |= STS_WITH_CAL;
		if (strncmp(p, "NULL", 4) == 0)
			p += 4;
		else
		{
			char	   *t;
			uint32		len;

			p = sts_parse_quoted(input, p, &t, &len);
			parts.cal = (struct varlena *)
				PG_DETOAST_DATUM(DirectFunctionCall1(calendar_in, CStringGetDatum(t)));
			parts.flags |= STS_HAS_CAL;
		}
	}
	if (strncmp(p, " as_of=", 7) == 0)
	{
		p = sts_parse_instant(input, p + 7, &parts.as_of);
		parts.flags |= STS_WITH_AS_OF;
	}

	p = sts_expect(input, p, " statuses=[");
	cap = 8;
	parts.str = palloc(cap * sizeof(char *));
	parts.len = palloc(cap * sizeof(uint32));
	while (*p != ']')
	{
		char	   *t;

		if (parts.nstat > 0)
			p = sts_expect(input, p, ",");
		if (parts.nstat == cap)
		{
			cap *= 2;
			parts.str = repalloc(parts.str, cap * sizeof(char *));
			parts.len = repalloc(parts.len, cap * sizeof(uint32));
		}
		p = sts_parse_quoted(input, p, &t, &parts.len[parts.nstat]);
		parts.str[parts.nstat++] = t;
	}
	p++;

	p = sts_expect(input, p, " changes=[");
	cap = 8;
	parts.at = palloc(cap * sizeof(TimestampTz));
	parts.idx = palloc(cap * sizeof(uint32));
	while (*p != ']')
	{
		if (parts.n > 0)
			p = sts_expect(input, p, ",");
		if (parts.n == cap)
		{
			cap *= 2;
			parts.at = repalloc(parts.at, cap * sizeof(TimestampTz));
			parts.idx = repalloc(parts.idx, cap * sizeof(uint32));
		}
		p = sts_parse_instant(input, p, &parts.at[parts.n]);
		p = sts_expect(input, p, " ");
		p = sts_parse_index(input, p, parts.nstat, &parts.idx[parts.n]);
		parts.n++;
	}
	p++;
	if (*p != '\0')
		sts_syntax_error(input, p, "the end of the value");

	s = sts_build(&parts, &problem);
	if (s == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid statuses list in status_state value: \"%s\"",
						cs_input_excerpt(input)),
				 errdetail("%s", problem),
				 errhint("List each status of the changes once, in order of first use.")));
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(status_state_out);
/* The text form (canonical: the input of its output is the same state). */
Datum
status_state_out(PG_FUNCTION_ARGS)
{
	const StsState *s = sts_state_read(fcinfo, 0);
	const char *p = sts_counted(s);
	const char **str;
	uint32	   *lens;
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfoString(&buf, "counted=");
	if (p == NULL)
		appendStringInfoString(&buf, "NULL");
	else
	{
		uint32		n = sts_word(p);
		uint32		k;

		p += sizeof(uint32);
		appendStringInfoChar(&buf, '{');
		for (k = 0; k < n; k++)
		{
			uint32		l = sts_word(p);

			if (k > 0)
				appendStringInfoChar(&buf, ',');
			sts_append_quoted(&buf, p + sizeof(uint32), l);
			p += sizeof(uint32) + STS_PAD(l);
		}
		appendStringInfoChar(&buf, '}');
	}
	if (s->flags & STS_WITH_CAL)
	{
		appendStringInfoString(&buf, " calendar=");
		if (sts_cal(s) == NULL)
			appendStringInfoString(&buf, "NULL");
		else
		{
			char	   *t = DatumGetCString(DirectFunctionCall1(calendar_out,
																PointerGetDatum(sts_cal(s))));

			sts_append_quoted(&buf, t, strlen(t));
		}
	}
	if (s->flags & STS_WITH_AS_OF)
	{
		appendStringInfoString(&buf, " as_of=");
		cs_append_utc_instant(&buf, s->as_of);
	}
	appendStringInfoString(&buf, " statuses=[");
	str = sts_status_texts(s, &lens);
	for (i = 0; i < s->nstat; i++)
	{
		if (i > 0)
			appendStringInfoChar(&buf, ',');
		sts_append_quoted(&buf, str[i], lens[i]);
	}
	appendStringInfoString(&buf, "] changes=[");
	for (i = 0; i < s->n; i++)
	{
		const TisChange *c = &STS_CHANGES(s)[i];

		if (i > 0)
			appendStringInfoChar(&buf, ',');
		cs_append_utc_instant(&buf, tis_at(c));
		appendStringInfo(&buf, " %u", c->id & TIS_ID_MASK);
	}
	appendStringInfoChar(&buf, ']');
	PG_RETURN_CSTRING(buf.data);
}

/* ---------- binary ---------- */

static void
sts_binary_error(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary form of type status_state"),
			 errdetail("%s", detail),
			 errhint("Send a value that status_state's binary output produced.")));
}

/* Check that n more bytes are there before reading them. */
static void
sts_need(StringInfo buf, int n)
{
	if (n > buf->len - buf->cursor)
		sts_binary_error(psprintf("The value ends after %d bytes, in the middle of a field.",
								  buf->len));
}

static int
sts_getbyte(StringInfo buf)
{
	sts_need(buf, 1);
	return pq_getmsgbyte(buf);
}

static uint32
sts_getint32(StringInfo buf)
{
	sts_need(buf, 4);
	return pq_getmsgint(buf, 4);
}

static int64
sts_getint64(StringInfo buf)
{
	sts_need(buf, 8);
	return pq_getmsgint64(buf);
}

/* A count read from the binary form, checked against the bytes left. */
static int
sts_getcount(StringInfo buf, int unit, const char *what)
{
	uint32		n = sts_getint32(buf);

	if (n > (uint32) (buf->len - buf->cursor) / unit)
		sts_binary_error(psprintf("It announces %u %s, more than the bytes left.",
								  n, what));
	return (int) n;
}

/* A status text of the binary form: length, bytes, valid in the encoding. */
static const char *
sts_getstatus(StringInfo buf, uint32 *len)
{
	const char *s;

	*len = sts_getcount(buf, 1, "bytes of a status");
	s = pq_getmsgbytes(buf, *len);
	if (memchr(s, '\0', *len) != NULL || !pg_verifymbstr(s, *len, true))
		sts_binary_error("A status is not valid text in the server encoding.");
	return s;
}

static void
sts_sendstatus(StringInfo buf, const char *s, uint32 len)
{
	pq_sendint32(buf, len);
	pq_sendbytes(buf, s, len);
}

PG_FUNCTION_INFO_V1(status_state_send);
/*
 * Binary form:
 *		byte	version (1)
 *		byte	flags: 1 a form with a calendar, 2 the calendar is not NULL,
 *				4 a form with as_of, 8 the counted array is not NULL
 *		int32	counted statuses (with flag 8), each as int32 length and
 *				bytes, in increasing byte order without repeats
 *		int32	calendar's binary form length, then it (with flag 2)
 *		int64	as_of (with flag 4)
 *		int32	statuses, each as int32 length and bytes
 *		int32	changes, each as int64 time and int32 status index
 */
Datum
status_state_send(PG_FUNCTION_ARGS)
{
	const StsState *s = sts_state_read(fcinfo, 0);
	const char *p = sts_counted(s);
	const char **str;
	uint32	   *lens;
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, STS_BINARY_VERSION);
	pq_sendbyte(&buf, s->flags);
	if (p != NULL)
	{
		uint32		n = sts_word(p);
		uint32		k;

		p += sizeof(uint32);
		pq_sendint32(&buf, n);
		for (k = 0; k < n; k++)
		{
			uint32		l = sts_word(p);

			sts_sendstatus(&buf, p + sizeof(uint32), l);
			p += sizeof(uint32) + STS_PAD(l);
		}
	}
	if (sts_cal(s) != NULL)
	{
		bytea	   *cal = DatumGetByteaPP(DirectFunctionCall1(calendar_send,
															  PointerGetDatum(sts_cal(s))));

		pq_sendint32(&buf, VARSIZE_ANY_EXHDR(cal));
		pq_sendbytes(&buf, VARDATA_ANY(cal), VARSIZE_ANY_EXHDR(cal));
	}
	if (s->flags & STS_WITH_AS_OF)
		pq_sendint64(&buf, s->as_of);
	str = sts_status_texts(s, &lens);
	pq_sendint32(&buf, s->nstat);
	for (i = 0; i < s->nstat; i++)
		sts_sendstatus(&buf, str[i], lens[i]);
	pq_sendint32(&buf, s->n);
	for (i = 0; i < s->n; i++)
	{
		pq_sendint64(&buf, tis_at(&STS_CHANGES(s)[i]));
		pq_sendint32(&buf, STS_CHANGES(s)[i].id & TIS_ID_MASK);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(status_state_recv);
/* Read the binary form, with the checks of the text input. */
Datum
status_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	StsParts	parts = {0};
	const char *problem = NULL;
	StsState   *s;
	int			version = sts_getbyte(buf);
	int			i;

	if (version != STS_BINARY_VERSION)
		sts_binary_error(psprintf("Version %d; this build reads version %d.",
								  version, STS_BINARY_VERSION));
	parts.flags = sts_getbyte(buf);
	if ((parts.flags & ~STS_FLAGS) != 0 ||
		((parts.flags & STS_HAS_CAL) && !(parts.flags & STS_WITH_CAL)))
		sts_binary_error(psprintf("Flags %d.", parts.flags));
	if (parts.flags & STS_HAS_COUNTED)
	{
		int			n = sts_getcount(buf, 4, "counted statuses");
		const char **str = palloc(Max(n, 1) * sizeof(char *));
		uint32	   *len = palloc(Max(n, 1) * sizeof(uint32));

		for (i = 0; i < n; i++)
		{
			str[i] = sts_getstatus(buf, &len[i]);
			if (i > 0 && tis_textcmp(str[i - 1], len[i - 1], str[i], len[i]) >= 0)
				sts_binary_error("The counted statuses are not in increasing byte order.");
		}
		parts.counted = tis_set_build(str, len, n, NULL, 0, CurrentMemoryContext);
	}
	if (parts.flags & STS_HAS_CAL)
	{
		int			len = sts_getcount(buf, 1, "calendar bytes");
		StringInfoData calbuf;

		initStringInfo(&calbuf);
		appendBinaryStringInfo(&calbuf, pq_getmsgbytes(buf, len), len);
		parts.cal = (struct varlena *)
			PG_DETOAST_DATUM(DirectFunctionCall1(calendar_recv, PointerGetDatum(&calbuf)));
		if (calbuf.cursor != calbuf.len)
			sts_binary_error("The calendar has bytes left over.");
	}
	if (parts.flags & STS_WITH_AS_OF)
	{
		parts.as_of = sts_getint64(buf);
		if (TIMESTAMP_NOT_FINITE(parts.as_of) || !IS_VALID_TIMESTAMP(parts.as_of))
			sts_binary_error(psprintf("as_of %lld is not a finite instant.",
									  (long long) parts.as_of));
	}
	parts.nstat = sts_getcount(buf, 4, "statuses");
	parts.str = palloc(Max(parts.nstat, 1) * sizeof(char *));
	parts.len = palloc(Max(parts.nstat, 1) * sizeof(uint32));
	for (i = 0; i < parts.nstat; i++)
		parts.str[i] = sts_getstatus(buf, &parts.len[i]);
	parts.n = sts_getcount(buf, 12, "changes");
	parts.at = palloc(Max(parts.n, 1) * sizeof(TimestampTz));
	parts.idx = palloc(Max(parts.n, 1) * sizeof(uint32));
	for (i = 0; i < parts.n; i++)
	{
		parts.at[i] = sts_getint64(buf);
		parts.idx[i] = sts_getint32(buf);
		if (TIMESTAMP_NOT_FINITE(parts.at[i]) || !IS_VALID_TIMESTAMP(parts.at[i]))
			sts_binary_error(psprintf("Change %d has time %lld, not a finite instant.",
									  i + 1, (long long) parts.at[i]));
		if (parts.idx[i] >= (uint32) parts.nstat)
			sts_binary_error(psprintf("Change %d names status %u of %d.",
									  i + 1, parts.idx[i], parts.nstat));
	}
	if (buf->cursor != buf->len)
		sts_binary_error(psprintf("%d bytes are left over after the last change.",
								  buf->len - buf->cursor));
	s = sts_build(&parts, &problem);
	if (s == NULL)
		sts_binary_error(problem);
	PG_RETURN_POINTER(s);
}
