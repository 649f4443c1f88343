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

int error_set(struct slds_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	error_clear(err);
	err->code = code;
	va_start(ap, fmt);
	err->message = vfmt(fmt, ap);
	va_end(ap);
	return code;
}

void error_detail(struct slds_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	free(err->detail);
	va_start(ap, fmt);
	err->detail = vfmt(fmt, ap);
	va_end(ap);
}

void error_hint(struct slds_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	free(err->hint);
	va_start(ap, fmt);
	err->hint = vfmt(fmt, ap);
	va_end(ap);
}

void error_prefix(struct slds_error *err, const char *fmt, ...)
{
	va_list ap;
	char *prefix, *msg;

	if (!err)
		return;
	va_start(ap, fmt);
	prefix = vfmt(fmt, ap);
	va_end(ap);
	msg = xstrfmt("%s: %s", prefix, err->message ? err->message : "unknown error");
	free(prefix);
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
