/*
 * log.c: messages on stderr in the style of PostgreSQL's front-end programs.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "log.h"
#include "banned.h"

static const char *progname = "slds";
static enum log_level level = LOG_WARNING;
static enum log_level last_level = LOG_WARNING;	/* level of the last message, for detail/hint */
static FILE *stream;

void log_init(const char *argv0)
{
	const char *slash;

	if (argv0 && *argv0) {
		slash = strrchr(argv0, '/');
		progname = slash ? slash + 1 : argv0;
	}
	level = LOG_WARNING;
}

const char *log_progname(void)
{
	return progname;
}

void log_set_level(enum log_level l)
{
	level = l;
}

enum log_level log_get_level(void)
{
	return level;
}

void log_more_verbose(void)
{
	if (level > LOG_DEBUG)
		level--;
}

void log_less_verbose(void)
{
	if (level < LOG_ERROR)
		level++;
}

void log_set_stream(FILE *s)
{
	stream = s;
}

static void vlog(enum log_level l, const char *tag, const char *fmt, va_list ap)
{
	FILE *out = stream ? stream : stderr;

	if (l < level)
		return;
	fprintf(out, "%s: %s: ", progname, tag);
	vfprintf(out, fmt, ap);
	fputc('\n', out);
	fflush(out);
}

#define LOG_FUNC(name, lvl, tag)				\
	void name(const char *fmt, ...)				\
	{							\
		va_list ap;					\
		last_level = (lvl);				\
		va_start(ap, fmt);				\
		vlog((lvl), (tag), fmt, ap);			\
		va_end(ap);					\
	}

LOG_FUNC(log_error, LOG_ERROR, "error")
LOG_FUNC(log_warning, LOG_WARNING, "warning")
LOG_FUNC(log_info, LOG_INFO, "info")
LOG_FUNC(log_debug, LOG_DEBUG, "debug")

void log_detail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(last_level, "detail", fmt, ap);
	va_end(ap);
}

void log_hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(last_level, "hint", fmt, ap);
	va_end(ap);
}

void log_slds_error(const struct slds_error *err)
{
	log_error("%s", err->message ? err->message : error_code_name(err->code));
	if (err->detail)
		log_detail("%s", err->detail);
	if (err->hint)
		log_hint("%s", err->hint);
}

void log_usage_hint(void)
{
	FILE *out = stream ? stream : stderr;

	fprintf(out, "Try \"%s --help\" for more information.\n", progname);
	fflush(out);
}
