/*
 * ini.h: a reader for the small "key = value" files slds uses for manifests and
 * configuration.
 *
 *	# comment
 *	lea = 4801
 *	[file students.csv]
 *	record = student
 *
 * Lines are trimmed; blank lines and lines starting with '#' or ';' are
 * skipped.  "[name rest]" opens a section; the callback sees the whole text
 * between the brackets, trimmed.  A value may be empty.  Keys are
 * [A-Za-z0-9_.-]+.  Anything else is a syntax error that names the line.
 */
#ifndef SLDS_INI_H
#define SLDS_INI_H

#include <stddef.h>

struct slds_error;

/*
 * Called once per section header, with key and value NULL, and once per key:
 * section is "" before the first section header.  All strings live until the
 * callback returns.  Return 0 to go on, or a negative
 * code (having filled err) to stop; ini_parse() then returns that code with
 * "PATH:LINE: " put before the message.
 */
typedef int (*ini_fn)(const char *section, const char *key, const char *value,
		      unsigned line, void *ctx, struct slds_error *err);

/*
 * Parse a file.  Returns 0, SLDS_ENOENT if it does not exist, SLDS_EIO if it
 * cannot be read, SLDS_EDATA on a syntax error or a line longer than 4096
 * bytes or a file larger than 1 MiB, or what the callback returned.
 */
int ini_parse(const char *path, ini_fn fn, void *ctx, struct slds_error *err);

#endif
