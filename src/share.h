/*
 * share.h
 *		The share state {true_count, count} behind pct() and every rate.
 *
 * The state is an int8[2] array (share.c).  A rate whose input is not a
 * boolean maps each row to true or false, or leaves it out, and lets these
 * functions count it: every rate then has pct()'s state, combine function
 * (parallel plans), final function and exact inverse (moving windows).
 */
#ifndef SHARE_H
#define SHARE_H

#include "postgres.h"
#include "fmgr.h"

/*
 * Each takes the state from argument 0 of the calling transition or inverse
 * function, checks it, and returns the new state: updated in place inside an
 * aggregate, a changed copy otherwise.
 */
extern Datum ShareAdd(FunctionCallInfo fcinfo, bool value);
extern Datum ShareRemove(FunctionCallInfo fcinfo, bool value);
extern Datum ShareKeep(FunctionCallInfo fcinfo);

#endif							/* SHARE_H */
