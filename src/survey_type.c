/*
 * survey_type.c
 *		The survey state type: text and binary I/O, merging, and the
 *		rollup aggregate's support functions.
 *
 * Text form, documented in the README:
 *
 *		n=<responses>[ <score>:<count>]...
 *
 * for example "n=5 7:1 9:3 10:1".  Output lists the non-empty scores in
 * increasing order.  Input accepts empty buckets too, but scores must be
 * 0..10, strictly increasing, and the counts must add up to n exactly: a
 * state whose total disagrees with its buckets would give wrong metrics
 * silently, so it is rejected instead.
 */
#include "postgres.h"
#include "compat.h"

#include <ctype.h>

#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"

#include "csmetrics.h"
#include "survey.h"

const char	SurveyInAggregate = 1;

/* Version byte at the start of the binary form, for future layouts. */
#define SURVEY_BINARY_VERSION	1

/*
 * Longest text a valid state can have: "n=" and 19 digits, then 11
 * " ss:" plus 19 digits.  Generous slack allows extra spaces.
 */
#define SURVEY_TEXT_MAXLEN	1024

/*
 * Total number of responses in a state; an error if the buckets overflow,
 * which only hand-made or merged states near 2^63 responses could do.
 */
int64
SurveyTotal(const SurveyState *state)
{
	int64		total = 0;
	int			i;

	for (i = 0; i < SURVEY_BUCKETS; i++)
	{
		if (pg_add_s64_overflow(total, state->count[i], &total))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("survey state has too many responses"),
					 errdetail("The response count exceeds %lld.",
							   (long long) PG_INT64_MAX)));
	}
	return total;
}

static void
survey_syntax_error(const char *input, const char *p, const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type survey: \"%s\"", input),
			 errdetail("Expected %s at position %d.", expected,
					   (int) (p - input) + 1),
			 errhint("A survey value looks like \"n=5 7:1 9:3 10:1\": the response count, then score:count pairs for scores 0 to 10.")));
}

/* A token must be followed by white space or the end of the string. */
static const char *
survey_end_token(const char *input, const char *p)
{
	if (*p != '\0' && !isspace((unsigned char) *p))
		survey_syntax_error(input, p, "a space or the end of the value");
	while (isspace((unsigned char) *p))
		p++;
	return p;
}

PG_FUNCTION_INFO_V1(survey_in);
/* Parse the text form; every string is treated as hostile. */
Datum
survey_in(PG_FUNCTION_ARGS)
{
	const char *input = PG_GETARG_CSTRING(0);
	const char *p = input;
	SurveyState *state = palloc0(sizeof(SurveyState));
	int64		declared;
	int64		total;
	int			last_score = -1;

	cs_check_input_length(input, "survey", SURVEY_TEXT_MAXLEN);

	while (isspace((unsigned char) *p))
		p++;
	if (p[0] != 'n' || p[1] != '=')
		survey_syntax_error(input, p, "\"n=\"");
	p = cs_parse_count(p + 2, input, "survey", &declared);
	p = survey_end_token(input, p);

	while (*p != '\0')
	{
		int64		score;
		int64		count;

		if (*p == '-')
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("survey score out of range in survey value"),
					 errdetail("Value: \"%s\".", input),
					 errhint("Scores are whole numbers from 0 to %d.",
							 SURVEY_MAX_SCORE)));
		p = cs_parse_count(p, input, "survey", &score);
		if (score > SURVEY_MAX_SCORE)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("survey score out of range in survey value"),
					 errdetail("Score %lld in \"%s\".", (long long) score, input),
					 errhint("Scores are whole numbers from 0 to %d.",
							 SURVEY_MAX_SCORE)));
		if (score <= last_score)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type survey: \"%s\"", input),
					 errdetail("Score %lld is listed after score %d.",
							   (long long) score, last_score),
					 errhint("List each score once, in increasing order.")));
		if (*p != ':')
			survey_syntax_error(input, p, "\":\"");
		p = cs_parse_count(p + 1, input, "survey", &count);
		p = survey_end_token(input, p);

		state->count[score] = count;
		last_score = (int) score;
	}

	total = SurveyTotal(state);
	if (total != declared)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("inconsistent survey value: \"%s\"", input),
				 errdetail("It declares n=%lld, but its score counts add up to %lld.",
						   (long long) declared, (long long) total),
				 errhint("n must equal the sum of the score counts.")));

	PG_RETURN_SURVEY_P(state);
}

PG_FUNCTION_INFO_V1(survey_out);
/* Text form: the total, then the non-empty scores in increasing order. */
Datum
survey_out(PG_FUNCTION_ARGS)
{
	SurveyState *state = PG_GETARG_SURVEY_P(0);
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfo(&buf, "n=%lld", (long long) SurveyTotal(state));
	for (i = 0; i < SURVEY_BUCKETS; i++)
	{
		if (state->count[i] != 0)
			appendStringInfo(&buf, " %d:%lld", i, (long long) state->count[i]);
	}
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(survey_send);
/* Binary form: a version byte, then the eleven counts as int64. */
Datum
survey_send(PG_FUNCTION_ARGS)
{
	SurveyState *state = PG_GETARG_SURVEY_P(0);
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SURVEY_BINARY_VERSION);
	for (i = 0; i < SURVEY_BUCKETS; i++)
		pq_sendint64(&buf, state->count[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(survey_recv);
/*
 * Read the binary form.  pq_getmsg* error out on a short buffer and
 * pq_getmsgend on a long one; negative counts are rejected here.
 */
Datum
survey_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	SurveyState *state = palloc0(sizeof(SurveyState));
	int			version;
	int			i;

	version = pq_getmsgbyte(buf);
	if (version != SURVEY_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary survey format version %d", version),
				 errhint("This build reads version %d.", SURVEY_BINARY_VERSION)));
	for (i = 0; i < SURVEY_BUCKETS; i++)
	{
		state->count[i] = pq_getmsgint64(buf);
		if (state->count[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("negative count in binary survey value"),
					 errdetail("Score %d has count %lld.", i,
							   (long long) state->count[i])));
	}
	pq_getmsgend(buf);
	(void) SurveyTotal(state);	/* rejects a total that overflows */

	PG_RETURN_SURVEY_P(state);
}

PG_FUNCTION_INFO_V1(survey_combine);
/* Merge two states: rollup's transition and every survey combine step. */
Datum
survey_combine(PG_FUNCTION_ARGS)
{
	SurveyState *state = SurveyArgForUpdate(fcinfo, 0);
	SurveyState *other = PG_GETARG_SURVEY_P(1);
	int			i;

	for (i = 0; i < SURVEY_BUCKETS; i++)
	{
		if (pg_add_s64_overflow(state->count[i], other->count[i],
								&state->count[i]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("survey state has too many responses"),
					 errdetail("The count for score %d exceeds %lld.", i,
							   (long long) PG_INT64_MAX)));
	}
	(void) SurveyTotal(state);
	PG_RETURN_SURVEY_P(state);
}

PG_FUNCTION_INFO_V1(survey_uncombine_inv);
/* Take a state back out of a merge: rollup's moving-window inverse. */
Datum
survey_uncombine_inv(PG_FUNCTION_ARGS)
{
	SurveyState *state = SurveyArgForUpdate(fcinfo, 0);
	SurveyState *other = PG_GETARG_SURVEY_P(1);
	int			i;

	for (i = 0; i < SURVEY_BUCKETS; i++)
	{
		if (other->count[i] > state->count[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot remove responses a survey state does not hold"),
					 errdetail("Score %d: removing %lld from %lld.", i,
							   (long long) other->count[i],
							   (long long) state->count[i])));
		state->count[i] -= other->count[i];
	}
	PG_RETURN_SURVEY_P(state);
}

PG_FUNCTION_INFO_V1(survey_final);
/*
 * Final step of survey_agg and rollup: NULL when no response was seen, as
 * for every aggregate over no non-NULL input; else a copy of the state, so
 * the result never aliases the executor's working state.
 */
Datum
survey_final(PG_FUNCTION_ARGS)
{
	SurveyState *state = PG_GETARG_SURVEY_P(0);
	SurveyState *result;

	if (SurveyTotal(state) == 0)
		PG_RETURN_NULL();
	result = palloc(sizeof(SurveyState));
	memcpy(result, state, sizeof(SurveyState));
	PG_RETURN_SURVEY_P(result);
}
