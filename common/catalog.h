/*
 * catalog.h: the record catalog, the one description of every record type
 * slds exchanges, used by every stage and by the generated documentation.
 *
 * A record type has fields; a field has a canonical name (the column name in
 * canonical files), a type, whether it is required, the CSV header names LEAs
 * may use for it (the template's name first, then aliases, matched without
 * regard to case, spaces, '-' or '_'), the Ed-Fi element path it comes from,
 * and the warehouse column it is loaded into.  Adding a field is one edit to
 * catalog.c plus a migration.  No stage keeps a column list of its own.
 */
#ifndef SLDS_CATALOG_H
#define SLDS_CATALOG_H

#include <stddef.h>

enum field_type {
	FIELD_TEXT,	/* UTF-8 text up to max_len bytes */
	FIELD_CODE,	/* a value from the code set named by codeset */
	FIELD_INT,	/* integer within [min, max] */
	FIELD_DECIMAL,	/* decimal with scale digits after the point, within [min, max] scaled */
	FIELD_DATE,	/* ISO date YYYY-MM-DD */
	FIELD_SSID	/* a state student identifier with its check digit */
};

/* Field flags. */
#define FIELD_REQUIRED	0x01	/* must be present and non-empty */
#define FIELD_PII	0x02	/* personal: never in logs, stderr or messages */
#define FIELD_KEY	0x04	/* part of the record's key in reports (local ID...) */

struct field_def {
	const char *name;	/* canonical name, snake_case */
	enum field_type type;
	unsigned flags;
	unsigned max_len;	/* bytes; for every type (input length limit) */
	int scale;		/* FIELD_DECIMAL: digits after the point */
	long long min, max;	/* FIELD_INT, FIELD_DECIMAL (scaled) */
	const char *codeset;	/* FIELD_CODE: name of a code set below */
	const char *csv_names;	/* '|'-separated; the first is the template's */
	const char *edfi_path;	/* element path in the Ed-Fi interchange, or NULL */
	const char *column;	/* warehouse column, or NULL if not loaded */
	const char *description;
	const char *example;
};

struct record_def {
	const char *name;	/* "student", also the canonical file's base name */
	const char *code;	/* rule ID prefix: "STU" for STU.0101 */
	const char *description;
	const char *table;	/* warehouse table, schema-qualified */
	const struct field_def *fields;
	size_t nfields;
};

struct code_value {
	const char *code;
	const char *description;
};

struct codeset_def {
	const char *name;
	const struct code_value *values;
	size_t nvalues;
};

/*
 * Provenance columns lead every canonical file, before the record's fields:
 * the submission key ("LEA/folder"), the source file name, and the line (CSV)
 * or element line (XML) the record came from.
 */
#define CATALOG_NPROVENANCE 3
extern const char *const catalog_provenance[CATALOG_NPROVENANCE];

size_t catalog_nrecords(void);
const struct record_def *catalog_record_at(size_t i);
/* NULL if no such record type. */
const struct record_def *catalog_record(const char *name);

/* Index of the field with this canonical name, or -1. */
int record_field_index(const struct record_def *rec, const char *name);

/*
 * Index of the field a CSV header names (any of its csv_names, compared after
 * folding case and dropping spaces, '-' and '_'), or -1.
 */
int record_field_by_header(const struct record_def *rec, const char *header, size_t len);

/*
 * 1 if records of this type belong to a student: they have a local_id field
 * (and so get an SSID from matching).  The student record itself does too.
 */
int record_has_student(const struct record_def *rec);

/* NULL if no such code set. */
const struct codeset_def *catalog_codeset(const char *name);
/* 1 if code (len bytes) is a value of the set. */
int codeset_contains(const struct codeset_def *set, const char *code, size_t len);

/* "text", "code", "integer", "decimal", "date", "ssid". */
const char *field_type_name(enum field_type type);

#endif
