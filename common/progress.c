/*
 * progress.c: a progress meter for long steps, on stderr.
 *
 * On a terminal one line is redrawn in place, at most ten times a second:
 *
 *	loading [=========>          ] 45% 1234567 rows 250000 rows/s ETA 0:12
 *
 * Anywhere else (a log file, cron mail) a line that never needs rewriting is
 * printed every interval seconds:
 *
 *	slds-load: progress: loading: 1234567 rows (250000 rows/s)
 *
 * p->last_draw is negative until something has been printed: progress_finish()
 * ends with a summary line only when the reader has already seen the meter (or,
 * on a terminal, when the step took long enough to deserve one), so short
 * steps stay silent.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "progress.h"
#include "banned.h"

#define BAR_WIDTH 20
#define TTY_REDRAW 0.1		/* seconds between redraws on a terminal */
#define DEFAULT_INTERVAL 10.0	/* seconds between lines elsewhere */

double progress_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0.0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(struct progress *p, const char *label, uint64_t total,
		    const char *unit)
{
	p->label = label ? label : "";
	p->unit = unit ? unit : "items";
	p->total = total;
	p->done = 0;
	p->start = progress_now();
	p->last_draw = -1.0;
	p->interval = DEFAULT_INTERVAL;
	p->tty = isatty(fileno(stderr));
	p->enabled = log_get_level() < LOG_ERROR;
	p->out = stderr;
}

/* Units per second so far; printed rounded with "%.0f". */
static double rate(uint64_t done, double elapsed)
{
	if (elapsed <= 0.0)
		return 0.0;
	return (double)done / elapsed;
}

static unsigned percent(const struct progress *p)
{
	if (p->done >= p->total)
		return 100;
	return (unsigned)((double)p->done * 100.0 / (double)p->total);
}

static void format_bar(const struct progress *p, char bar[BAR_WIDTH + 1])
{
	unsigned fill, i;

	if (p->done >= p->total)
		fill = BAR_WIDTH;
	else
		fill = (unsigned)((double)p->done * BAR_WIDTH / (double)p->total);
	for (i = 0; i < BAR_WIDTH; i++) {
		if (i + 1 < fill || (i + 1 == fill && fill == BAR_WIDTH))
			bar[i] = '=';
		else if (i + 1 == fill)
			bar[i] = '>';
		else
			bar[i] = ' ';
	}
	bar[BAR_WIDTH] = '\0';
}

/* "M:SS" or "H:MM:SS"; "-:--" before anything is done. */
static void format_eta(const struct progress *p, double per_second,
		       char *out, size_t size)
{
	uint64_t left;

	if (p->done >= p->total) {
		snprintf(out, size, "0:00");
		return;
	}
	if (per_second <= 0.0) {
		snprintf(out, size, "-:--");
		return;
	}
	left = (uint64_t)((double)(p->total - p->done) / per_second);
	if (left >= 3600)
		snprintf(out, size, "%" PRIu64 ":%02u:%02u", left / 3600,
			 (unsigned)(left / 60 % 60), (unsigned)(left % 60));
	else
		snprintf(out, size, "%u:%02u", (unsigned)(left / 60),
			 (unsigned)(left % 60));
}

/* The terminal line, without the final "\n"; ESC [ K clears what was longer. */
static void draw_tty(struct progress *p, double now, int final)
{
	double elapsed = now - p->start;
	double per_second = rate(p->done, elapsed);
	char bar[BAR_WIDTH + 1], eta[32];

	fprintf(p->out, "\r%s", p->label);
	if (p->total) {
		format_bar(p, bar);
		fprintf(p->out, " [%s] %u%%", bar, percent(p));
	}
	if (final) {
		fprintf(p->out, " %" PRIu64 " %s in %.1f s (%.0f %s/s)\033[K\n",
			p->done, p->unit, elapsed, per_second, p->unit);
	} else {
		fprintf(p->out, " %" PRIu64 " %s %.0f %s/s",
			p->done, p->unit, per_second, p->unit);
		if (p->total) {
			format_eta(p, per_second, eta, sizeof(eta));
			fprintf(p->out, " ETA %s", eta);
		}
		fputs("\033[K", p->out);
	}
	fflush(p->out);
}

static void draw_line(struct progress *p, double now, int final)
{
	double elapsed = now - p->start;

	if (final)
		fprintf(p->out, "%s: progress: %s: finished: %" PRIu64 " %s in %.1f s (%.0f %s/s)\n",
			log_progname(), p->label, p->done, p->unit, elapsed,
			rate(p->done, elapsed), p->unit);
	else
		fprintf(p->out, "%s: progress: %s: %" PRIu64 " %s (%.0f %s/s)\n",
			log_progname(), p->label, p->done, p->unit,
			rate(p->done, elapsed), p->unit);
	fflush(p->out);
}

/*
 * Called per row, so it does no more than read the clock (a vDSO call, tens
 * of nanoseconds) unless a line is due.
 */
void progress_update(struct progress *p, uint64_t done)
{
	double now, since;

	p->done = done;
	if (!p->enabled)
		return;
	now = progress_now();
	if (p->tty) {
		if (p->last_draw >= 0.0 && now - p->last_draw < TTY_REDRAW)
			return;
		draw_tty(p, now, 0);
	} else {
		since = now - (p->last_draw >= 0.0 ? p->last_draw : p->start);
		if (since < p->interval)
			return;
		draw_line(p, now, 0);
	}
	p->last_draw = now;
}

void progress_finish(struct progress *p)
{
	double now;

	if (!p->enabled)
		return;
	p->enabled = 0;
	now = progress_now();
	if (p->tty) {
		if (p->last_draw >= 0.0 || now - p->start > 1.0)
			draw_tty(p, now, 1);
	} else if (p->last_draw >= 0.0) {
		draw_line(p, now, 1);
	}
}
