/*
 * survey.h
 *		The survey state: a histogram of integer scores 0..10.
 *
 * Every survey metric (NPS, CSAT, CES, star-rating rates, their confidence
 * bounds) is a function of how many responses gave each score, so an
 * 11-bucket histogram is an exact, mergeable summary of any set of
 * responses.  It is a fixed-length type of 88 bytes: the same responses give
 * the same bytes whatever their order or the plan, so materialized views of
 * states refresh concurrently without rewriting unchanged rows.
 */
#ifndef SURVEY_H
#define SURVEY_H

#include "postgres.h"
#include "compat.h"
#include "fmgr.h"

#define SURVEY_MAX_SCORE	10
#define SURVEY_BUCKETS		(SURVEY_MAX_SCORE + 1)

typedef struct SurveyState
{
	int64		count[SURVEY_BUCKETS];	/* responses per score 0..10 */
} SurveyState;

#define DatumGetSurveyP(X)		((SurveyState *) DatumGetPointer(X))
#define PG_GETARG_SURVEY_P(n)	DatumGetSurveyP(PG_GETARG_DATUM(n))
#define PG_RETURN_SURVEY_P(x)	PG_RETURN_POINTER(x)

/* survey_type.c */
extern int64 SurveyTotal(const SurveyState *state);

/* survey.c: responses with a score in [lo, hi] */
extern int64 survey_count_between(const SurveyState *state, int lo, int hi);

/* Its address marks, in fn_extra, a call site known to be an aggregate's. */
extern const char SurveyInAggregate;

/*
 * The state argument argno, ready to be changed: in place when we are the
 * transition or combine function of an aggregate (the executor owns the
 * state then), else a copy, so a direct SQL call never modifies its input.
 * Inline: the transition functions call it once per row.
 */
static inline SurveyState *
SurveyArgForUpdate(FunctionCallInfo fcinfo, int argno)
{
	SurveyState *state = PG_GETARG_SURVEY_P(argno);
	SurveyState *copy;

	/*
	 * This runs once per input row, so the answer of AggCheckCallContext is
	 * remembered in fn_extra: a call site is either an aggregate's or a
	 * plain call's for the whole life of its FmgrInfo.
	 */
	if (fcinfo->flinfo->fn_extra == (void *) &SurveyInAggregate)
		return state;
	if (AggCheckCallContext(fcinfo, NULL))
	{
		fcinfo->flinfo->fn_extra = (void *) &SurveyInAggregate;
		return state;
	}

	copy = palloc(sizeof(SurveyState));
	memcpy(copy, state, sizeof(SurveyState));
	return copy;
}

#endif							/* SURVEY_H */
