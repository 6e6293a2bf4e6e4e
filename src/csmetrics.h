/*
 * csmetrics.h
 *		Declarations shared by the csmetrics source files.
 *
 * Each metric family lives in its own file (survey_type.c, survey.c,
 * share.c, ...); this header holds only what more than one of them needs:
 * the statistics helpers and the small parsing helpers used by the input
 * functions of the state types.
 */
#ifndef CSMETRICS_H
#define CSMETRICS_H

#include "postgres.h"
#include "fmgr.h"

/* stats.c: normal quantiles and confidence intervals */
extern double cs_confidence_z(double confidence);
extern void cs_wilson_interval(int64 successes, int64 n, double z,
							   double *low, double *high);

/* parse.c: strict number parsing for the state types' text input */
extern const char *cs_parse_count(const char *p, const char *input,
								  const char *typname, int64 *result);
extern void cs_check_input_length(const char *input, const char *typname,
								  size_t maxlen);

#endif							/* CSMETRICS_H */
