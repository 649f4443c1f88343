/*
 * progress.h: a progress meter for long steps, on stderr.
 *
 * On a terminal it redraws one line with a bar (when the total is known), the
 * count, the rate and the ETA, at most ten times a second.  Otherwise (a log
 * file, cron) it prints a plain line every interval seconds (default 10).
 * It prints nothing under --quiet (log level LOG_ERROR or higher).
 */
#ifndef SLDS_PROGRESS_H
#define SLDS_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

struct progress {
	const char *label;	/* borrowed, lives as long as the meter */
	const char *unit;	/* "rows", "bytes"...; borrowed */
	uint64_t total;		/* 0 when unknown */
	uint64_t done;
	double start;		/* monotonic seconds */
	double last_draw;
	double interval;	/* seconds between lines when not a terminal */
	int tty;
	int enabled;
	FILE *out;
};

/* Start a meter; total may be 0 (unknown). */
void progress_start(struct progress *p, const char *label, uint64_t total,
		    const char *unit);
/* Record that done units are finished.  Cheap enough to call per row. */
void progress_update(struct progress *p, uint64_t done);
/* Draw the final state and end the line. */
void progress_finish(struct progress *p);

/* Seconds from a monotonic clock. */
double progress_now(void);

#endif
