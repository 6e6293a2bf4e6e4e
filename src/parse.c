/*
 * parse.c
 *		Strict number parsing for the text input of the state types.
 *
 * State strings come from dumps, COPY and users' hands alike, so every one
 * is treated as hostile: a count is plain decimal digits, nothing else, and
 * anything out of range is reported, never wrapped or truncated.
 */
#include "postgres.h"

#include "common/int.h"

#include "csmetrics.h"

/*
 * Parse a non-negative decimal count starting at p; return the position
 * just after its last digit.  input and typname are only for messages.
 */
const char *
cs_parse_count(const char *p, const char *input, const char *typname,
			   int64 *result)
{
	int64		value = 0;
	const char *start = p;

	if (*p == '-')
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("negative count in %s value", typname),
				 errdetail("Value: \"%s\".", input),
				 errhint("Counts in a %s value are numbers of responses, zero or more.",
						 typname)));

	while (*p >= '0' && *p <= '9')
	{
		if (pg_mul_s64_overflow(value, 10, &value) ||
			pg_add_s64_overflow(value, *p - '0', &value))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("count out of range in %s value", typname),
					 errdetail("Value: \"%s\".", input),
					 errhint("A count must be at most %lld.",
							 (long long) PG_INT64_MAX)));
		p++;
	}

	if (p == start)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", typname, input),
				 errdetail("Expected a number at position %d.",
						   (int) (start - input) + 1)));

	*result = value;
	return p;
}

/*
 * Reject strings longer than any valid value of the type before parsing, so
 * a huge string costs nothing and gets a message that says what is wrong.
 */
void
cs_check_input_length(const char *input, const char *typname, size_t maxlen)
{
	size_t		len = strnlen(input, maxlen + 1);

	if (len > maxlen)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("%s value is too long", typname),
				 errdetail("A %s value has at most %zu characters; this one has %zu.",
						   typname, maxlen, strlen(input)),
				 errhint("Check that the value was not truncated or concatenated.")));
}
