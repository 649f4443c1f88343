/*
 * reject.h: the rejects file, where every stage records what it refused.
 *
 * A canonical file of record type "reject" with one row per broken rule of a
 * record: the record's provenance (submission, file, line), its record type
 * and local ID, the field, the rule ID, the severity and a message.  Messages
 * never quote a personal field's value (FIELD_PII): "birth_date is not a valid
 * date", not the date.  slds-ingest writes the rejects it finds while reading
 * (ragged rows, invalid UTF-8, over-long fields); slds-validate carries them
 * into its own rejects file with the rules it applies, so the rejection report
 * has them all.
 */
#ifndef SLDS_REJECT_H
#define SLDS_REJECT_H

#include "canon.h"

struct slds_error;

#define REJECTS_FILE "rejects.copy"
#define REJECT_NCOLS 9
extern const char *const reject_columns[REJECT_NCOLS];

enum reject_severity {
	SEVERITY_FATAL,		/* the whole file is rejected */
	SEVERITY_ERROR,		/* the record is rejected */
	SEVERITY_WARNING	/* the record is accepted and the problem reported */
};

const char *severity_name(enum reject_severity s);

/*
 * Rule numbers every record type has, built into the reading and type checks:
 * the rule ID is the record's code and the number, "STU.0002".
 */
enum builtin_rule {
	RULE_REQUIRED = 1,	/* a required field is missing or empty */
	RULE_DATE = 2,		/* not a valid date */
	RULE_NUMBER = 3,	/* not a valid number, or out of range */
	RULE_CODE = 4,		/* not a value of the field's code set */
	RULE_LENGTH = 5,	/* longer than the field allows */
	RULE_SSID = 6,		/* not a well-formed SSID with its check digit */
	RULE_UTF8 = 7,		/* not valid UTF-8 */
	RULE_COLUMNS = 8,	/* a row with more or fewer fields than the header */
	RULE_YEAR = 9,		/* school year differs from the manifest's */
	RULE_LEA = 10,		/* LEA differs from the submitting LEA's */
	RULE_STUDENT = 11	/* no accepted student record has this local ID */
};

struct reject_provenance {
	const char *submission;
	const char *file;
	unsigned long long line;
};

struct reject_writer {
	struct canon_writer w;
	unsigned long long errors, warnings;
};

int reject_writer_open(struct reject_writer *rw, const char *path, struct slds_error *err);
/*
 * Add one broken rule.  rule_code is the record code ("STU"), number the rule
 * number; local_id and field may be NULL.  The message is formatted.
 */
int reject_add(struct reject_writer *rw, const struct reject_provenance *prov,
	       const char *record, const char *local_id, const char *field,
	       const char *rule_code, unsigned number, enum reject_severity severity,
	       struct slds_error *err, const char *fmt, ...)
	__attribute__((format(printf, 10, 11)));
/* Copy a row read from another rejects file unchanged. */
int reject_copy_row(struct reject_writer *rw, const char *const *fields, const size_t *lens,
		    struct slds_error *err);
int reject_writer_commit(struct reject_writer *rw, struct slds_error *err);
void reject_writer_abort(struct reject_writer *rw);

/* 1 if s[0..len) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
int utf8_valid(const char *s, size_t len);

#endif
