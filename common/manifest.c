/*
 * manifest.c: reading and writing submission manifests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "buf.h"
#include "catalog.h"
#include "error.h"
#include "fsutil.h"
#include "ini.h"
#include "manifest.h"
#include "parse.h"
#include "banned.h"

static const char *const collections[] = {
	"daily", "october-1", "december-1", "year-end"
};

int manifest_collection_valid(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(collections) / sizeof(collections[0]); i++)
		if (!strcmp(name, collections[i]))
			return 1;
	return 0;
}

int parse_school_year(const char *s, int *year)
{
	size_t len = strlen(s);
	int64_t a, b;

	/* Digits only: parse_int64() would also take a sign ("2000-+1"). */
	if (strspn(s, "0123456789") != 4 ||
	    (len > 4 && strspn(s + 5, "0123456789") != len - 5))
		return SLDS_EDATA;
	if (len == 4 && parse_int64(s, 4, 1990, 2200, &a) == PARSE_OK) {
		*year = (int)a;
		return 0;
	}
	/* "2026-27" or "2026-2027": the second year must follow the first. */
	if ((len == 7 || len == 9) && s[4] == '-' &&
	    parse_int64(s, 4, 1989, 2199, &a) == PARSE_OK &&
	    parse_int64(s + 5, len - 5, 0, 9999, &b) == PARSE_OK &&
	    ((len == 7 && b == (a + 1) % 100) || (len == 9 && b == a + 1))) {
		*year = (int)a + 1;
		return 0;
	}
	return SLDS_EDATA;
}

struct read_state {
	struct manifest *m;
	struct manifest_file *file;	/* the [file] section being read, or NULL */
	unsigned seen;			/* bits: 1 lea, 2 school_year, 4 collection */
	unsigned file_seen;		/* count keys of the current [file]: 1 size, 2 rows, 4 rejected */
};

static int set_once(char **slot, const char *key, const char *value,
		    struct slds_error *err)
{
	if (*slot)
		return error_set(err, SLDS_EDATA, "\"%s\" is given twice", key);
	*slot = xstrdup(value);
	return 0;
}

static int top_key(struct read_state *st, const char *key, const char *value,
		   struct slds_error *err)
{
	struct manifest *m = st->m;

	if (!strcmp(key, "lea")) {
		size_t i, n = strlen(value);

		if (n == 0 || n > 16)
			return error_set(err, SLDS_EDATA, "lea must be 1 to 16 characters");
		for (i = 0; i < n; i++)
			if (!((value[i] >= '0' && value[i] <= '9') ||
			      (value[i] >= 'A' && value[i] <= 'Z') ||
			      (value[i] >= 'a' && value[i] <= 'z') || value[i] == '-'))
				return error_set(err, SLDS_EDATA,
						 "lea \"%s\" may contain only letters, digits and '-'",
						 value);
		return set_once(&m->lea_id, key, value, err);
	}
	if (!strcmp(key, "school_year")) {
		if (st->seen & 2)
			return error_set(err, SLDS_EDATA, "\"%s\" is given twice", key);
		st->seen |= 2;
		if (parse_school_year(value, &m->school_year))
			return error_set(err, SLDS_EDATA,
					 "school_year \"%s\" is not a school year such as 2027 or 2026-27",
					 value);
		return 0;
	}
	if (!strcmp(key, "collection")) {
		if (!manifest_collection_valid(value))
			return error_set(err, SLDS_EDATA,
					 "collection \"%s\" is not one of daily, october-1, december-1, year-end",
					 value);
		return set_once(&m->collection, key, value, err);
	}
	if (!strcmp(key, "submission"))
		return set_once(&m->submission, key, value, err);
	return error_set(err, SLDS_EDATA, "unknown key \"%s\"", key);
}

static int parse_count(const char *key, const char *value, unsigned long long *out,
		       unsigned *seen, unsigned bit, struct slds_error *err)
{
	int64_t v;

	if (*seen & bit)
		return error_set(err, SLDS_EDATA, "\"%s\" is given twice", key);
	*seen |= bit;

	if (parse_int64(value, strlen(value), 0, INT64_MAX, &v) != PARSE_OK)
		return error_set(err, SLDS_EDATA, "%s \"%s\" is not a count", key, value);
	*out = (unsigned long long)v;
	return 0;
}

static int file_key(struct manifest_file *f, unsigned *seen, const char *key,
		    const char *value, struct slds_error *err)
{
	if (!strcmp(key, "record")) {
		if (!catalog_record(value))
			return error_set(err, SLDS_EDATA, "unknown record type \"%s\"", value);
		return set_once(&f->record, key, value, err);
	}
	if (!strcmp(key, "format")) {
		if (strcmp(value, "csv") && strcmp(value, "edfi"))
			return error_set(err, SLDS_EDATA, "unknown format \"%s\"", value);
		return set_once(&f->format, key, value, err);
	}
	if (!strcmp(key, "sha256")) {
		size_t i;

		if (strlen(value) != 64)
			return error_set(err, SLDS_EDATA, "sha256 must be 64 hexadecimal digits");
		for (i = 0; i < 64; i++)
			if (!strchr("0123456789abcdefABCDEF", value[i]))
				return error_set(err, SLDS_EDATA,
						 "sha256 must be 64 hexadecimal digits");
		return set_once(&f->sha256, key, value, err);
	}
	if (!strcmp(key, "size"))
		return parse_count(key, value, &f->size, seen, 1, err);
	if (!strcmp(key, "rows"))
		return parse_count(key, value, &f->rows, seen, 2, err);
	if (!strcmp(key, "rejected"))
		return parse_count(key, value, &f->rejected, seen, 4, err);
	return error_set(err, SLDS_EDATA, "unknown key \"%s\" in a file section", key);
}

static struct manifest_file *open_file_section(struct read_state *st, const char *section,
					       unsigned line, struct slds_error *err)
{
	struct manifest *m = st->m;
	const char *name;
	struct manifest_file *f;
	size_t i;

	if (strncmp(section, "file ", 5)) {
		error_set(err, SLDS_EDATA, "unknown section [%s]", section);
		error_hint(err, "Sections are written [file NAME].");
		return NULL;
	}
	name = section + 5;
	while (*name == ' ')
		name++;
	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
		error_set(err, SLDS_EDATA, "invalid file name \"%s\"", name);
		error_detail(err, "A file must be named without a directory, inside the submission folder.");
		return NULL;
	}
	for (i = 0; i < m->nfiles; i++)
		if (!strcmp(m->files[i].name, name)) {
			error_set(err, SLDS_EDATA, "file \"%s\" is listed twice", name);
			return NULL;
		}
	if (m->nfiles == MANIFEST_MAX_FILES) {
		error_set(err, SLDS_EDATA, "more than %d files", MANIFEST_MAX_FILES);
		return NULL;
	}
	m->files = xreallocarray(m->files, m->nfiles + 1, sizeof(*m->files));
	f = &m->files[m->nfiles++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	f->line = line;
	return f;
}

static int on_key(const char *section, const char *key, const char *value,
		  unsigned line, void *ctx, struct slds_error *err)
{
	struct read_state *st = ctx;

	if (!key) {
		st->file = open_file_section(st, section, line, err);
		st->file_seen = 0;
		return st->file ? 0 : SLDS_EDATA;
	}
	if (!*section)
		return top_key(st, key, value, err);
	return file_key(st->file, &st->file_seen, key, value, err);
}

int manifest_read(struct manifest *m, const char *path, struct slds_error *err)
{
	struct read_state st = { m, NULL, 0, 0 };
	size_t i;
	int rc;

	*m = (struct manifest)MANIFEST_INIT;
	rc = ini_parse(path, on_key, &st, err);
	if (rc)
		return rc;
	if (!m->lea_id)
		return error_set(err, SLDS_EDATA, "%s: lea is missing", path);
	if (!(st.seen & 2))
		return error_set(err, SLDS_EDATA, "%s: school_year is missing", path);
	if (!m->collection)
		return error_set(err, SLDS_EDATA, "%s: collection is missing", path);
	if (m->nfiles == 0) {
		error_set(err, SLDS_EDATA, "%s: no files are listed", path);
		error_hint(err, "List each file in a section: [file students.csv] with record = student and format = csv.");
		return SLDS_EDATA;
	}
	for (i = 0; i < m->nfiles; i++) {
		const char *format = m->files[i].format;

		/* An Ed-Fi file says what it holds: its interchange gives its record types. */
		if (!m->files[i].record && !(format && !strcmp(format, "edfi")))
			return error_set(err, SLDS_EDATA, "%s:%u: file \"%s\" has no record type",
					 path, m->files[i].line, m->files[i].name);
		if (!format)
			return error_set(err, SLDS_EDATA, "%s:%u: file \"%s\" has no format",
					 path, m->files[i].line, m->files[i].name);
	}
	return 0;
}

int manifest_write(const struct manifest *m, const char *path, struct slds_error *err)
{
	struct buf b = BUF_INIT(1024 * 1024);
	size_t i;
	int rc;

	buf_adds(&b, "# slds submission summary, written by slds\n");
	if (m->submission)
		buf_addf(&b, "submission = %s\n", m->submission);
	buf_addf(&b, "lea = %s\nschool_year = %d\ncollection = %s\n", m->lea_id,
		 m->school_year, m->collection);
	for (i = 0; i < m->nfiles; i++) {
		const struct manifest_file *f = &m->files[i];

		buf_addf(&b, "\n[file %s]\n", f->name);
		if (f->record)
			buf_addf(&b, "record = %s\n", f->record);
		buf_addf(&b, "format = %s\n", f->format);
		if (f->sha256)
			buf_addf(&b, "sha256 = %s\n", f->sha256);
		buf_addf(&b, "size = %llu\nrows = %llu\nrejected = %llu\n", f->size, f->rows,
			 f->rejected);
	}
	rc = write_file_atomic(path, b.data, b.len, err);
	buf_release(&b);
	return rc;
}

int manifest_file_check_sha256(struct manifest_file *f, const char *hex,
			       struct slds_error *err)
{
	if (f->sha256 && strcasecmp(f->sha256, hex) != 0) {
		error_set(err, SLDS_EDATA, "file \"%s\" does not match the SHA-256 in the manifest",
			  f->name);
		error_detail(err, "The manifest gives %s; the file has %s.", f->sha256, hex);
		error_hint(err, "The file may have been changed or cut short after the manifest was written; send it again.");
		return SLDS_EDATA;
	}
	free(f->sha256);
	f->sha256 = xstrdup(hex);
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void manifest_copy(struct manifest *dst, const struct manifest *src)
{
	size_t i;

	dst->submission = dup_or_null(src->submission);
	dst->lea_id = dup_or_null(src->lea_id);
	dst->school_year = src->school_year;
	dst->collection = dup_or_null(src->collection);
	dst->nfiles = src->nfiles;
	dst->files = src->nfiles ? xcalloc(src->nfiles, sizeof(*dst->files)) : NULL;
	for (i = 0; i < src->nfiles; i++) {
		dst->files[i] = src->files[i];
		dst->files[i].name = dup_or_null(src->files[i].name);
		dst->files[i].record = dup_or_null(src->files[i].record);
		dst->files[i].format = dup_or_null(src->files[i].format);
		dst->files[i].sha256 = dup_or_null(src->files[i].sha256);
	}
}

void manifest_release(struct manifest *m)
{
	size_t i;

	for (i = 0; i < m->nfiles; i++) {
		free(m->files[i].name);
		free(m->files[i].record);
		free(m->files[i].format);
		free(m->files[i].sha256);
	}
	free(m->files);
	free(m->submission);
	free(m->lea_id);
	free(m->collection);
	*m = (struct manifest)MANIFEST_INIT;
}
