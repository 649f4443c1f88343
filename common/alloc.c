/*
 * alloc.c: allocation wrappers that never return NULL, with fault injection.
 */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "log.h"
#include "banned.h"

static unsigned long allocations;
static unsigned long fail_at;		/* absolute allocation number that fails, 0 = never */
static int env_read;
static alloc_failure_fn failure_handler;

static void default_failure(size_t size)
{
	log_error("out of memory");
	log_detail("Failed on a request for %zu bytes.", size);
	exit(SLDS_EXIT_FAILURE);
}

static void fail(size_t size)
{
	if (failure_handler)
		failure_handler(size);
	default_failure(size);
}

static void read_env(void)
{
	const char *v;

	env_read = 1;
	v = getenv("SLDS_ALLOC_FAIL_AT");
	if (v && *v) {
		char *end;
		unsigned long n;

		errno = 0;
		n = strtoul(v, &end, 10);
		if (errno == 0 && *end == '\0' && n > 0)
			fail_at = allocations + n;
	}
}

/* Count an allocation; 1 if this one must fail. */
static int injected_failure(void)
{
	if (!env_read)
		read_env();
	allocations++;
	return fail_at != 0 && allocations == fail_at;
}

void *xmalloc(size_t size)
{
	void *p;

	if (size == 0)
		size = 1;
	if (injected_failure() || !(p = malloc(size)))
		fail(size);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if (size && nmemb > SIZE_MAX / size)
		fail(SIZE_MAX);
	if (injected_failure() || !(p = calloc(nmemb, size)))
		fail(nmemb * size);
	return p;
}

void *xmallocarray(size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		fail(SIZE_MAX);
	return xmalloc(nmemb * size);
}

void *xrealloc(void *ptr, size_t size)
{
	void *p;

	if (size == 0)
		size = 1;
	if (injected_failure() || !(p = realloc(ptr, size)))
		fail(size);
	return p;
}

void *xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		fail(SIZE_MAX);
	return xrealloc(ptr, nmemb * size);
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrfmt(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fail(0);
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void alloc_fail_at(unsigned long n)
{
	if (!env_read)
		read_env();
	fail_at = n ? allocations + n : 0;
}

unsigned long alloc_count(void)
{
	return allocations;
}

void alloc_reset_count(void)
{
	allocations = 0;
	fail_at = 0;
}

void alloc_set_failure_handler(alloc_failure_fn fn)
{
	failure_handler = fn;
}

void alloc_keep_freed(void)
{
#ifdef __GLIBC__
	/*
	 * Blocks from the heap (sbrk), not each its own mapping, and the heap
	 * never trimmed (-1, mallopt(3)).  Where the heap cannot grow, malloc()
	 * still maps.
	 */
	mallopt(M_MMAP_MAX, 0);
	mallopt(M_TRIM_THRESHOLD, -1);
#endif
}

void alloc_trim(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}
