/*
 * parallel.c: a loop split over the machine's cores (parallel.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "parallel.h"
#include "banned.h"

struct slice {
	parallel_fn fn;
	void *ctx;
	size_t lo, hi, index;
};

size_t parallel_threads(void)
{
	const char *env = getenv("SLDS_THREADS");
	long n = 0;

	if (env && *env) {
		char *end;

		n = strtol(env, &end, 10);
		if (*end || n < 1)
			n = 1;
	} else {
		n = sysconf(_SC_NPROCESSORS_ONLN);
	}
	return n < 1 ? 1 : n > PARALLEL_MAX ? PARALLEL_MAX : (size_t)n;
}

size_t parallel_slices(size_t n, size_t min)
{
	const char *env = getenv("SLDS_THREAD_MIN");
	size_t t = parallel_threads();

	if (!n)
		return 1;
	if (env && *env) {
		char *end;
		long m = strtol(env, &end, 10);

		if (!*end && m >= 1)
			min = (size_t)m;
	}
	if (min < 1)
		min = 1;
	if (n / min < t)
		t = n / min ? n / min : 1;
	return t;
}

static void *run_slice(void *arg)
{
	struct slice *s = arg;

	s->fn(s->ctx, s->lo, s->hi, s->index);
	return NULL;
}

size_t parallel_for(size_t n, size_t min, parallel_fn fn, void *ctx)
{
	struct slice s[PARALLEL_MAX];
	pthread_t tid[PARALLEL_MAX];
	int started[PARALLEL_MAX];
	size_t t = parallel_slices(n, min), k;

	for (k = 0; k < t; k++) {
		s[k].fn = fn;
		s[k].ctx = ctx;
		s[k].lo = (size_t)((unsigned long long)n * k / t);
		s[k].hi = (size_t)((unsigned long long)n * (k + 1) / t);
		s[k].index = k;
		started[k] = 0;
	}
	for (k = 0; k + 1 < t; k++)
		started[k] = pthread_create(&tid[k], NULL, run_slice, &s[k]) == 0;
	run_slice(&s[t - 1]);
	for (k = 0; k + 1 < t; k++) {
		if (started[k])
			pthread_join(tid[k], NULL);
		else
			run_slice(&s[k]);
	}
	return t;
}
