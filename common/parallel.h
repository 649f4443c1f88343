/*
 * parallel.h: a loop split over the machine's cores.
 *
 * parallel_for(n, min, fn, ctx) calls fn(ctx, lo, hi, slice) on contiguous
 * slices that together cover [0, n) once, each slice in its own thread,
 * the last in the caller's, and returns when all are done.  The slices are
 * in order: slice k is [k * n / t, (k + 1) * n / t).  fn must touch nothing
 * another slice touches but what it only reads; results that are sums go
 * into a per-slice place (the slice index, from 0, is the last argument).
 *
 * How many threads: SLDS_THREADS in the environment if set (1 turns
 * threading off), else the cores online, at most PARALLEL_MAX.  A loop of
 * fewer than min items a slice runs in fewer threads; SLDS_THREAD_MIN in
 * the environment replaces every loop's min (a test hook, as
 * SLDS_ALLOC_FAIL_AT is: it lets a small input run in threads).  If a thread cannot
 * be started its slice runs in the caller: the result never depends on
 * how many threads ran.
 */
#ifndef SLDS_PARALLEL_H
#define SLDS_PARALLEL_H

#include <stddef.h>

#define PARALLEL_MAX 16

typedef void (*parallel_fn)(void *ctx, size_t lo, size_t hi, size_t slice);

/* The threads a loop may use (above), from 1 to PARALLEL_MAX. */
size_t parallel_threads(void);
/*
 * How many slices parallel_for() will cut n items into with at least min
 * items a slice (min 0: 1): from 1 to parallel_threads(); 1 when n is 0,
 * and that slice is empty.
 */
size_t parallel_slices(size_t n, size_t min);
/* Run fn over [0, n) in parallel_slices(n, min) slices; returns that count. */
size_t parallel_for(size_t n, size_t min, parallel_fn fn, void *ctx);

#endif
