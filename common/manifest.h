/*
 * manifest.h: a submission's manifest, and the submission summary stages pass on.
 *
 * An LEA's submission is a folder inbox/<lea>/<name>/ holding manifest.ini and
 * the files it names (docs/submission-spec.md):
 *
 *	lea = 4801
 *	school_year = 2027          # the year the school year ends: 2026-27
 *	collection = daily          # daily, october-1, december-1, year-end
 *	[file students.csv]
 *	record = student
 *	format = csv
 *	sha256 = 3a7bd3e2...        # optional
 *
 * slds-ingest writes the same format, as submission.ini in its output folder,
 * adding the submission key and each file's size, SHA-256 and row counts;
 * later stages copy it forward, so each stage's folder describes itself.
 */
#ifndef SLDS_MANIFEST_H
#define SLDS_MANIFEST_H

#include <stddef.h>

struct slds_error;

#define MANIFEST_NAME "manifest.ini"
#define SUBMISSION_NAME "submission.ini"
#define MANIFEST_MAX_FILES 64

struct manifest_file {
	char *name;		/* file name inside the submission folder */
	char *record;		/* record type (catalog.h); for Ed-Fi, NULL until read */
	char *format;		/* "csv" or "edfi" */
	char *sha256;		/* 64 hex digits, or NULL if not given */
	unsigned long long size;	/* bytes; 0 until known */
	unsigned long long rows;	/* records read; 0 until known */
	unsigned long long rejected;	/* records rejected by the stage; 0 until known */
	unsigned line;		/* line of its [file] header in the manifest */
};

struct manifest {
	char *submission;	/* "LEA/folder", NULL in an LEA's manifest */
	char *lea_id;
	int school_year;	/* the year the school year ends */
	char *collection;
	struct manifest_file *files;
	size_t nfiles;
};

#define MANIFEST_INIT { NULL, NULL, 0, NULL, NULL, 0 }

/*
 * Read and check a manifest: every key known, lea, school_year and collection
 * present and well-formed, each file with a known format and a known record
 * type (optional for Ed-Fi files), no file named twice, names without '/'.  0, SLDS_ENOENT, or SLDS_EDATA with
 * the file and line in the message.
 */
int manifest_read(struct manifest *m, const char *path, struct slds_error *err);
/*
 * The SHA-256 a file was read with, hex: SLDS_EDATA if the manifest gave
 * another, else it becomes the file's.
 */
int manifest_file_check_sha256(struct manifest_file *f, const char *hex,
			       struct slds_error *err);
/* Write atomically in the format above, files in manifest order. */
int manifest_write(const struct manifest *m, const char *path, struct slds_error *err);
/* Copy src into dst (dst must be empty: MANIFEST_INIT or released). */
void manifest_copy(struct manifest *dst, const struct manifest *src);
void manifest_release(struct manifest *m);

/* 1 if name is one of the collections. */
int manifest_collection_valid(const char *name);

/*
 * Parse a school year as an ending year: "2027", "2026-27" or "2026-2027" all
 * give 2027.  0 or SLDS_EDATA (years 1990..2200 only).
 */
int parse_school_year(const char *s, int *year);

#endif
