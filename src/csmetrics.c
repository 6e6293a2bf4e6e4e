/*
 * csmetrics.c
 *		Module entry point.
 *
 * The metrics themselves live in one file per family; this file only marks
 * the shared library as a PostgreSQL module.
 */
#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;
