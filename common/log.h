/*
 * log.h: messages on stderr, in the style of PostgreSQL's front-end programs.
 *
 *   slds-ingest: error: could not open file "students.csv": No such file or directory
 *   slds-ingest: detail: The manifest names it on line 7.
 *   slds-ingest: hint: Check the file name in the manifest.
 *
 * Programs call log_init() first.  --quiet lowers the level to errors only,
 * --verbose (repeatable) raises it to info and debug.  Nothing is ever written
 * to stdout by this module.  Never pass a student's name, birth date or address.
 */
#ifndef SLDS_LOG_H
#define SLDS_LOG_H

#include <stdio.h>

struct slds_error;

enum log_level {
	LOG_DEBUG = 1,
	LOG_INFO,
	LOG_WARNING,
	LOG_ERROR,
	LOG_OFF
};

/* Set the program name (the base name of argv0) and the default level (warning). */
void log_init(const char *argv0);
const char *log_progname(void);

void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* For --verbose and --quiet: one step towards LOG_DEBUG or LOG_ERROR. */
void log_more_verbose(void);
void log_less_verbose(void);

/* Redirect output (tests); NULL restores stderr. */
void log_set_stream(FILE *stream);

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Detail and hint lines follow the message they belong to, at its level. */
void log_detail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print an error object: its message as an error, then its detail and hint. */
void log_slds_error(const struct slds_error *err);

/*
 * "Try \"PROG --help\" for more information." after a usage error, as
 * PostgreSQL's programs print it.
 */
void log_usage_hint(void);

#endif
