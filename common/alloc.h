/*
 * alloc.h: allocation that never returns NULL, and fault injection for tests.
 *
 * When an allocation fails the failure handler runs; the default one prints
 * "out of memory" and exits with SLDS_EXIT_FAILURE.  Tests make the Nth
 * allocation from now fail with alloc_fail_at(N) (or, for whole programs, the
 * environment variable SLDS_ALLOC_FAIL_AT=N), so that every allocation of an
 * operation can be shown to end in that one clean exit and never in a crash.
 *
 * Sizes are checked for overflow: xmallocarray(n, size) aborts through the same
 * handler rather than wrapping around.
 */
#ifndef SLDS_ALLOC_H
#define SLDS_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xmallocarray(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* An allocated, formatted string (like asprintf). */
char *xstrfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Make the nth allocation from now fail (1 = the next one); 0 turns injection
 * off.  Also read once from SLDS_ALLOC_FAIL_AT at the first allocation.
 */
void alloc_fail_at(unsigned long n);
/* Allocations made since the program started (or since alloc_reset_count()). */
unsigned long alloc_count(void);
void alloc_reset_count(void);

/* Called with the size that could not be had; must not return. */
typedef void (*alloc_failure_fn)(size_t size);
/* NULL restores the default handler. */
void alloc_set_failure_handler(alloc_failure_fn fn);

/*
 * Keep what is freed in the process for the next allocations, instead of
 * handing large blocks back to the kernel at free(): for programs that
 * allocate and free gigabytes step after step (the identity engine).  A page
 * new to the process costs a fault and zeroing when first touched, about
 * 0.5 s per GB on the 2-core machine (a reused one costs nothing), and
 * malloc() otherwise maps every block over 32 MB afresh.  The price: memory
 * freed stays counted in the process's RSS until it exits.  Without glibc,
 * it does nothing.
 */
void alloc_keep_freed(void);

/*
 * Hand what is free back to the kernel now (with alloc_keep_freed(), the one
 * time it is): when a program is done with most of its memory and others
 * (the database server, the page cache) are about to need some.
 */
void alloc_trim(void);

#endif
