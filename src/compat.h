/*
 * compat.h
 *		Differences between the PostgreSQL major versions csmetrics builds
 *		against (13 to 18), in one place.
 *
 * Every source file includes this header right after postgres.h (and so do
 * the project's own headers), so that the rest of the code is written once,
 * against one spelling, and any version test is on PG_VERSION_NUM here only.
 */
#ifndef CSMETRICS_COMPAT_H
#define CSMETRICS_COMPAT_H

#include "postgres.h"

/*
 * The varlena macros (VARDATA_ANY, VARSIZE_ANY_EXHDR, SET_VARSIZE, ...)
 * moved to varatt.h in PostgreSQL 16, and postgres.h no longer includes it.
 */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/*
 * Functions that never return (they always ereport(ERROR)).
 *
 * Up to PostgreSQL 17 the only marker was pg_attribute_noreturn(), written
 * AFTER the declarator.  PostgreSQL 18 removed it and added pg_noreturn,
 * written BEFORE the declaration (it can expand to C11 _Noreturn, a function
 * specifier, which cannot follow the declarator).  No after-the-declarator
 * spelling works on every version, but the before-the-declaration one does:
 * where c.h does not provide pg_noreturn (13 to 17) we define it here the
 * way PostgreSQL 18 does without C11: as the compiler attribute, which GCC
 * and Clang accept in front of a declaration, or MSVC's __declspec(noreturn).
 * Every declaration in the project is therefore written
 *
 *		pg_noreturn static void f(...);
 *		pg_noreturn extern void g(...);
 *
 * and pg_attribute_noreturn() is not used anywhere.
 */
#ifndef pg_noreturn
#if defined(__GNUC__) || defined(__SUNPRO_C) || defined(__IBMC__)
#define pg_noreturn __attribute__((noreturn))
#elif defined(_MSC_VER)
#define pg_noreturn __declspec(noreturn)
#else
#define pg_noreturn
#endif
#endif

#endif							/* CSMETRICS_COMPAT_H */
