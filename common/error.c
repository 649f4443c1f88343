/*
 * error.c: the error object and the mapping from error codes to exit codes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "banned.h"

static char *vfmt(const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *p;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return xstrdup(fmt);
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

/*
 * Each function below formats the new text before it frees the old: the
 * arguments may point into the old text ("%s", err->message), and an
 * allocation failure that does not return (a test's handler) must leave the
 * error holding valid pointers.
 */
int error_set(struct slds_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!err)
		return code;
	va_start(ap, fmt);
	msg = vfmt(fmt, ap);
	va_end(ap);
	error_clear(err);
	err->code = code;
	err->message = msg;
	return code;
}

void error_detail(struct slds_error *err, const char *fmt, ...)
{
	va_list ap;
	char *detail;

	if (!err)
		return;
	va_start(ap, fmt);
	detail = vfmt(fmt, ap);
	va_end(ap);
	free(err->detail);
	err->detail = detail;
}

void error_hint(struct slds_error *err, const char *fmt, ...)
{
	va_list ap;
	char *hint;

	if (!err)
		return;
	va_start(ap, fmt);
	hint = vfmt(fmt, ap);
	va_end(ap);
	free(err->hint);
	err->hint = hint;
}

void error_prefix(struct slds_error *err, const char *fmt, ...)
{
	va_list ap;
	const char *old;
	size_t oldlen;
	int n;
	char *msg;

	if (!err)
		return;
	old = err->message ? err->message : "unknown error";
	oldlen = strlen(old);
	/* One allocation, "prefix: message", so that nothing leaks if it fails. */
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		msg = xstrfmt("%s: %s", fmt, old);
	} else {
		msg = xmalloc((size_t)n + oldlen + 3);
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
		msg[n] = ':';
		msg[n + 1] = ' ';
		memcpy(msg + n + 2, old, oldlen + 1);
	}
	free(err->message);
	err->message = msg;
}

void error_clear(struct slds_error *err)
{
	if (!err)
		return;
	free(err->message);
	free(err->detail);
	free(err->hint);
	err->message = err->detail = err->hint = NULL;
	err->code = SLDS_OK;
	err->sqlstate[0] = '\0';
}

int error_exit_code(int code)
{
	switch (code) {
	case SLDS_OK:
		return SLDS_EXIT_OK;
	case SLDS_ENOENT:
		return SLDS_EXIT_NOINPUT;
	case SLDS_EDATA:
	case SLDS_ELIMIT:
		return SLDS_EXIT_DATAERR;
	case SLDS_ERETRY:
		return SLDS_EXIT_TEMPFAIL;
	case SLDS_EINTERNAL:
		return SLDS_EXIT_SOFTWARE;
	default:
		return SLDS_EXIT_FAILURE;
	}
}

const char *error_code_name(int code)
{
	switch (code) {
	case SLDS_OK:
		return "success";
	case SLDS_ENOENT:
		return "input missing";
	case SLDS_EDATA:
		return "input rejected";
	case SLDS_ELIMIT:
		return "size limit reached";
	case SLDS_EIO:
		return "input/output error";
	case SLDS_EDB:
		return "database error";
	case SLDS_ERETRY:
		return "temporary failure";
	case SLDS_EINTERNAL:
		return "internal error";
	default:
		return "failure";
	}
}
