/*
 * reject.c: writing the rejects file, and UTF-8 validation.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "reject.h"
#include "banned.h"

const char *const reject_columns[REJECT_NCOLS] = {
	"_submission", "_file", "_line", "record", "local_id", "field", "rule",
	"severity", "message"
};

const char *severity_name(enum reject_severity s)
{
	switch (s) {
	case SEVERITY_FATAL:
		return "fatal";
	case SEVERITY_ERROR:
		return "error";
	case SEVERITY_WARNING:
		return "warning";
	}
	return "error";
}

int reject_writer_open(struct reject_writer *rw, const char *path, struct slds_error *err)
{
	rw->errors = rw->warnings = 0;
	return canon_writer_open(&rw->w, path, "reject", reject_columns, REJECT_NCOLS, err);
}

static int field_or_null(struct canon_writer *w, const char *s, struct slds_error *err)
{
	return s ? canon_writer_field(w, s, strlen(s), err) : canon_writer_null(w, err);
}

int reject_add(struct reject_writer *rw, const struct reject_provenance *prov,
	       const char *record, const char *local_id, const char *field,
	       const char *rule_code, unsigned number, enum reject_severity severity,
	       struct slds_error *err, const char *fmt, ...)
{
	char line[24], rule[32];
	char *msg;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = xmalloc(n < 0 ? 1 : (size_t)n + 1);
	msg[0] = '\0';
	va_start(ap, fmt);
	if (n >= 0)
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);

	snprintf(line, sizeof(line), "%llu", prov->line);
	snprintf(rule, sizeof(rule), "%s.%04u", rule_code, number);
	rc = field_or_null(&rw->w, prov->submission, err);
	if (!rc)
		rc = field_or_null(&rw->w, prov->file, err);
	if (!rc)
		rc = canon_writer_raw(&rw->w, line, strlen(line), err);
	if (!rc)
		rc = field_or_null(&rw->w, record, err);
	if (!rc)
		rc = field_or_null(&rw->w, local_id, err);
	if (!rc)
		rc = field_or_null(&rw->w, field, err);
	if (!rc)
		rc = field_or_null(&rw->w, rule, err);
	if (!rc)
		rc = field_or_null(&rw->w, severity_name(severity), err);
	if (!rc)
		rc = field_or_null(&rw->w, msg, err);
	if (!rc)
		rc = canon_writer_end_row(&rw->w, err);
	free(msg);
	if (!rc) {
		if (severity == SEVERITY_WARNING)
			rw->warnings++;
		else
			rw->errors++;
	}
	return rc;
}

int reject_copy_row(struct reject_writer *rw, const char *const *fields, const size_t *lens,
		    struct slds_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < REJECT_NCOLS && !rc; i++)
		rc = fields[i] ? canon_writer_field(&rw->w, fields[i], lens[i], err)
			       : canon_writer_null(&rw->w, err);
	if (!rc)
		rc = canon_writer_end_row(&rw->w, err);
	if (!rc) {
		if (fields[7] && !strcmp(fields[7], "warning"))
			rw->warnings++;
		else
			rw->errors++;
	}
	return rc;
}

int reject_writer_commit(struct reject_writer *rw, struct slds_error *err)
{
	return canon_writer_commit(&rw->w, err);
}

void reject_writer_abort(struct reject_writer *rw)
{
	canon_writer_abort(&rw->w);
}

int utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n, k;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += n + 1;
	}
	return 1;
}
