/*
 * slds-validate: apply the state's rules to a submission's canonical files.
 *
 * Reads the output folder of slds-ingest and writes, to its own output folder,
 * the accepted records (the same canonical rows, unchanged), a rejects file
 * with every rule each record breaks (the ingest's rejects carried over), and
 * submission.ini with the counts.  A record with an error is rejected; one
 * with only warnings is accepted and reported.
 *
 * The rules applied here are the ones every record type has (required fields,
 * types, lengths, code sets, school year) and the first record-specific ones:
 * plausible birth dates, enrollment dates inside the school year, exit not
 * before entry, exit date and code together, no duplicate local IDs, and no
 * enrollment for a student the submission does not define.  Logs name records
 * by file, line and local ID only.
 *
 * A fatal rule rejects the whole file of a record that breaks it.  A record
 * type with fatal rules is read twice: first against its fatal rules alone,
 * then, skipping the files they rejected, against the others.  A rejected
 * file gets one row in the rejects file (line 0: the rule and how many of
 * its records broke it) and the first FATAL_ROWS records that broke it;
 * each of its records counts as rejected; and the run, having written all
 * its outputs and the report, exits 65: the submission is not loaded.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "canon.h"
#include "cli.h"
#include "catalog.h"
#include "error.h"
#include "fsutil.h"
#include "level2.h"
#include "log.h"
#include "manifest.h"
#include "parse.h"
#include "reject.h"
#include "report.h"
#include "ssid.h"
#include "rules.h"
#include "strset.h"
#include "banned.h"

/*
 * The fields the builtin checks refer to by name, resolved once per record
 * type (record_field_index() is a linear search: not for every record).
 */
enum named_field { F_LOCAL_ID, F_LEA_ID, F_SCHOOL_YEAR, F_COUNT };
static const char *const named_fields[F_COUNT] = { "local_id", "lea_id", "school_year" };

struct validate_options {
	const char *input_dir;
	const char *output_dir;
	const char *rules;		/* --rules, or NULL to find the year's */
	const char *list_format;	/* --list-rules: print the catalog in this format */
	int school_year;		/* --school-year, for --list-rules */
	int offline;			/* --offline: INPUT_DIR is a submission folder */
	const char *bindir;		/* where this program is, to find the rules */
	const char *dbname;		/* --dbname: apply the Level 2 rules, or NULL */
};

/* The records of a file that broke a fatal rule that the rejects file lists. */
#define FATAL_ROWS 100

struct fatal_row {
	unsigned long long line;
	char *local_id, *field, *message;
};

/* A fatal rule broken in one file: the file is rejected whole. */
struct fatal_break {
	char *submission, *file;
	const struct rule *rule;
	unsigned long long records;	/* that broke it */
	struct fatal_row rows[FATAL_ROWS];	/* the first of them */
	size_t nrows;
};

struct validator {
	const struct validate_options *opts;
	struct manifest m;
	struct reject_writer rejects;
	struct rulebook rules;
	unsigned long long accepted, rejected, warned;
	struct fatal_break *fatal;	/* of every record type so far */
	size_t nfatal;
};

/* One record being checked. */
struct check {
	struct validator *v;
	const struct record_def *rec;
	struct canon_reader *r;
	const int *col;			/* column of each field in the file */
	const int *named;		/* field index of each enum named_field, or -1 */
	struct reject_provenance prov;
	const char *local_id;
	uint64_t bad;			/* fields that broke a catalog check */
	int errors, warnings;
	int rc;				/* first write failure */
	struct slds_error *err;
};

static void help(const char *progname);

static void broken(struct check *c, const char *field, unsigned rule,
		   enum reject_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void broken(struct check *c, const char *field, unsigned rule,
		   enum reject_severity sev, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (c->rc)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->rc = reject_add(&c->v->rejects, &c->prov, c->rec->name, c->local_id, field,
			   c->rec->code, rule, sev, c->err, "%s", msg);
	if (sev == SEVERITY_WARNING)
		c->warnings++;
	else
		c->errors++;
}

static const char *value(const struct check *c, enum named_field nf, size_t *len)
{
	int f = c->named[nf];
	int col = f >= 0 ? c->col[f] : -1;

	if (col < 0 || !c->r->fields[col])
		return NULL;
	if (len)
		*len = c->r->lens[col];
	return c->r->fields[col];
}

/*
 * How a message names a field: with its value, unless the value is
 * personal (never quoted) or long.  Only for a broken rule: formatting it
 * for every field would cost more than the checks.
 */
static const char *describe(const struct field_def *fd, const char *s, size_t len,
			    char *what, size_t size)
{
	if ((fd->flags & FIELD_PII) || len > 40)
		snprintf(what, size, "%s", fd->name);
	else
		snprintf(what, size, "%s \"%s\"", fd->name, s);
	return what;
}

/* The checks every field gets from its catalog definition. */
static void check_field(struct check *c, const struct field_def *fd, const char *s, size_t len)
{
	char what[160];

	if (!s) {
		if (fd->flags & FIELD_REQUIRED)
			broken(c, fd->name, RULE_REQUIRED, SEVERITY_ERROR,
			       "%s is required", fd->name);
		return;
	}
	if (len > fd->max_len) {
		broken(c, fd->name, RULE_LENGTH, SEVERITY_ERROR, "%s is longer than %u bytes",
		       fd->name, fd->max_len);
		return;
	}
	switch (fd->type) {
	case FIELD_TEXT:
		break;
	case FIELD_CODE: {
		const struct codeset_def *set = catalog_codeset(fd->codeset);

		if (set && !codeset_contains(set, s, len))
			broken(c, fd->name, RULE_CODE, SEVERITY_ERROR,
			       "%s is not a valid code", describe(fd, s, len, what, sizeof(what)));
		break;
	}
	case FIELD_INT: {
		int64_t n;
		int r = parse_int64(s, len, fd->min, fd->max, &n);

		if (r != PARSE_OK)
			broken(c, fd->name, RULE_NUMBER, SEVERITY_ERROR,
			       "%s %s (allowed: %lld to %lld)",
			       describe(fd, s, len, what, sizeof(what)), parse_strerror(r),
			       fd->min, fd->max);
		break;
	}
	case FIELD_DECIMAL: {
		int64_t n;
		int r = parse_decimal(s, len, fd->scale, fd->min, fd->max, &n);

		if (r != PARSE_OK)
			broken(c, fd->name, RULE_NUMBER, SEVERITY_ERROR, "%s %s",
			       describe(fd, s, len, what, sizeof(what)), parse_strerror(r));
		break;
	}
	case FIELD_DATE: {
		struct date d;
		int r = parse_date(s, len, &d);

		if (r != PARSE_OK)
			broken(c, fd->name, RULE_DATE, SEVERITY_ERROR,
			       "%s %s (dates are written YYYY-MM-DD)",
			       describe(fd, s, len, what, sizeof(what)), parse_strerror(r));
		break;
	}
	case FIELD_SSID:
		if (!ssid_is_valid(s, len))
			broken(c, fd->name, RULE_SSID, SEVERITY_ERROR,
			       "%s is not a valid SSID (ten digits ending with a check digit)",
			       describe(fd, s, len, what, sizeof(what)));
		break;
	}
}

/*
 * A record about a student needs that student's record, accepted: otherwise
 * it could not be matched to an SSID.  Student records come first (catalog
 * order), so the set is complete when the others are checked.
 */
static void check_has_student(struct check *c)
{
	if (c->local_id && !rulebook_has_student(&c->v->rules, c->local_id))
		broken(c, "local_id", RULE_STUDENT, SEVERITY_ERROR,
		       "no accepted student record has local ID \"%s\"", c->local_id);
}

static void rule_broken(void *ctx, const struct rule *r, const char *field, const char *message)
{
	struct check *c = ctx;

	broken(c, field, r->number, r->severity, "%s", message);
}

static struct manifest_file *manifest_file_named(struct manifest *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nfiles; i++)
		if (name && !strcmp(m->files[i].name, name))
			return &m->files[i];
	return NULL;
}

/*
 * Open a record type's canonical file and find the columns of its
 * provenance (prov_col) and of its fields (col, in catalog order).  The
 * reader is to be closed whatever this returns.
 */
static int open_input(struct canon_reader *r, const struct record_def *rec, const char *path,
		      int *prov_col, int *col, struct slds_error *err)
{
	size_t i;
	int rc = canon_reader_open(r, path, err);

	if (rc)
		return rc;
	if (strcmp(r->record, rec->name))
		return error_set(err, SLDS_EDATA, "file \"%s\" holds %s records, not %s", path,
				 r->record, rec->name);
	for (i = 0; i < CATALOG_NPROVENANCE; i++)
		if ((prov_col[i] = canon_reader_column(r, catalog_provenance[i])) < 0)
			return error_set(err, SLDS_EDATA, "file \"%s\" has no column \"%s\"",
					 path, catalog_provenance[i]);
	for (i = 0; i < rec->nfields; i++)
		if ((col[i] = canon_reader_column(r, rec->fields[i].name)) < 0)
			return error_set(err, SLDS_EDATA, "file \"%s\" has no column \"%s\"",
					 path, rec->fields[i].name);
	return 0;
}

/* A record's local ID as logs and rejects may name it, or NULL. */
static const char *loggable_id(const char *s)
{
	return s && strlen(s) <= 64 && utf8_valid(s, strlen(s)) ? s : NULL;
}

/* The fatal rules' pass over one record type. */
struct fatal_pass {
	struct validator *v;
	const char *submission, *file;	/* of the record: its reader's fields */
	unsigned long long line;
	const char *local_id;
};

static struct fatal_break *fatal_break_of(struct validator *v, const char *submission,
					  const char *file, const struct rule *r)
{
	struct fatal_break *fb;
	size_t i;

	for (i = v->nfatal; i > 0; i--) {
		fb = &v->fatal[i - 1];
		if (fb->rule == r && !strcmp(fb->file, file))
			return fb;
	}
	v->fatal = xreallocarray(v->fatal, v->nfatal + 1, sizeof(*v->fatal));
	fb = &v->fatal[v->nfatal++];
	memset(fb, 0, sizeof(*fb));
	fb->submission = xstrdup(submission ? submission : "");
	fb->file = xstrdup(file);
	fb->rule = r;
	return fb;
}

static void fatal_broken(void *ctx, const struct rule *r, const char *field, const char *message)
{
	struct fatal_pass *p = ctx;
	struct fatal_break *fb = fatal_break_of(p->v, p->submission, p->file, r);
	struct fatal_row *row;

	fb->records++;
	if (fb->nrows == FATAL_ROWS)
		return;
	row = &fb->rows[fb->nrows++];
	row->line = p->line;
	row->local_id = p->local_id ? xstrdup(p->local_id) : NULL;
	row->field = xstrdup(field);
	row->message = xstrdup(message);
}

static void fatal_break_release(struct fatal_break *fb)
{
	size_t i;

	for (i = 0; i < fb->nrows; i++) {
		free(fb->rows[i].local_id);
		free(fb->rows[i].field);
		free(fb->rows[i].message);
	}
	free(fb->submission);
	free(fb->file);
}

/* 1 if a fatal rule rejected the file named fname. */
static int file_rejected(const struct validator *v, const char *fname)
{
	size_t i;

	for (i = 0; i < v->nfatal; i++)
		if (!strcmp(v->fatal[i].file, fname))
			return 1;
	return 0;
}

/*
 * Write the rejects of the fatal breaks from index first: a row for the
 * file (line 0), then the rows of the records that broke the rule.
 */
static int write_fatal_rejects(struct validator *v, const struct record_def *rec, size_t first,
			       struct slds_error *err)
{
	size_t i, k;
	int rc = 0;

	for (i = first; !rc && i < v->nfatal; i++) {
		struct fatal_break *fb = &v->fatal[i];
		const struct rule *r = fb->rule;
		struct reject_provenance prov = { fb->submission, fb->file, 0 };
		const char *field = rec->fields[r->fields[0]].name;

		rc = reject_add(&v->rejects, &prov, rec->name, NULL, field, rec->code, r->number,
				SEVERITY_FATAL, err,
				"the whole file is rejected: %llu record%s break%s fatal rule %s%s",
				fb->records, fb->records == 1 ? "" : "s", fb->records == 1 ? "s" : "",
				r->id, fb->records > fb->nrows ? " (the first ones are listed)" : "");
		for (k = 0; !rc && k < fb->nrows; k++) {
			prov.line = fb->rows[k].line;
			rc = reject_add(&v->rejects, &prov, rec->name, fb->rows[k].local_id,
					fb->rows[k].field, rec->code, r->number, SEVERITY_FATAL, err,
					"%s", fb->rows[k].message);
		}
		log_warning("file \"%s\" rejected: %llu of its records break fatal rule %s",
			    fb->file, fb->records, r->id);
	}
	return rc;
}

/*
 * Apply the record type's fatal rules to its records, before anything
 * else, and write the rejects of the files they reject.  The other rules
 * are not applied to those files' records: a file made for another year
 * or LEA would only repeat the same fault in other words.
 */
static int check_fatal(struct validator *v, const struct record_def *rec, const char *path,
		       struct slds_error *err)
{
	struct canon_reader r;
	int col[CANON_MAX_COLUMNS], prov_col[CATALOG_NPROVENANCE];
	const char *values[CANON_MAX_COLUMNS];
	size_t lens[CANON_MAX_COLUMNS];
	struct record_values rv = { rec, values, lens, NULL, 0 };
	struct fatal_pass p = { v, NULL, NULL, 0, NULL };
	int local = record_field_index(rec, "local_id");
	size_t first = v->nfatal, i;
	int rc = open_input(&r, rec, path, prov_col, col, err);

	while (!rc && (rc = canon_reader_next(&r, err)) == 1) {
		const char *line = r.fields[prov_col[2]];

		p.submission = r.fields[prov_col[0]];
		p.file = r.fields[prov_col[1]] ? r.fields[prov_col[1]] : "";
		p.line = line ? strtoull(line, NULL, 10) : 0;
		for (i = 0; i < rec->nfields; i++) {
			values[i] = r.fields[col[i]];
			lens[i] = r.lens[col[i]];
		}
		p.local_id = rv.local_id = local >= 0 ? loggable_id(values[local]) : NULL;
		rulebook_check_fatal(&v->rules, &rv, v->m.school_year, fatal_broken, &p);
		rc = 0;
	}
	canon_reader_close(&r);
	if (rc < 0)
		return rc;
	return write_fatal_rejects(v, rec, first, err);
}

static int validate_record_type(struct validator *v, const struct record_def *rec,
				struct slds_error *err)
{
	struct canon_reader r;
	struct canon_writer w;
	int col[CANON_MAX_COLUMNS];
	int named[F_COUNT];
	const char *values[CANON_MAX_COLUMNS];
	size_t lens[CANON_MAX_COLUMNS];
	struct record_values rv = { rec, values, lens, NULL, 0 };
	int about_student = strcmp(rec->name, "student") && record_has_student(rec);
	struct manifest_file *last_mf = NULL;
	char *last_file = NULL;
	int last_rejected = 0;
	int prov_col[CATALOG_NPROVENANCE];
	char *in_path = xstrfmt("%s/%s.copy", v->opts->input_dir, rec->name);
	char *out_path = xstrfmt("%s/%s.copy", v->opts->output_dir, rec->name);
	int writer_open = 0, rc = 0;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.fd = -1;		/* closed at cleanup */
	if (rulebook_has_fatal(&v->rules, rec))
		rc = check_fatal(v, rec, in_path, err);
	if (!rc)
		rc = open_input(&r, rec, in_path, prov_col, col, err);
	if (rc)
		goto cleanup;
	for (i = 0; i < F_COUNT; i++)
		named[i] = record_field_index(rec, named_fields[i]);
	rc = canon_writer_open(&w, out_path, rec->name, (const char *const *)r.columns, r.ncols,
			       err);
	writer_open = 1;
	if (rc)
		goto cleanup;

	while ((rc = canon_reader_next(&r, err)) == 1) {
		struct check c;
		const char *line = r.fields[prov_col[2]];
		const char *fname = r.fields[prov_col[1]];
		struct manifest_file *mf;

		/* Rows come file by file: look the file up when it changes. */
		if (!fname || !last_file || strcmp(fname, last_file)) {
			last_mf = manifest_file_named(&v->m, fname);
			last_rejected = file_rejected(v, fname ? fname : "");
			free(last_file);
			last_file = fname ? xstrdup(fname) : NULL;
		}
		mf = last_mf;
		if (last_rejected) {
			v->rejected++;
			if (mf)
				mf->rejected++;
			continue;
		}

		memset(&c, 0, sizeof(c));
		c.v = v;
		c.rec = rec;
		c.r = &r;
		c.col = col;
		c.named = named;
		c.err = err;
		c.prov.submission = r.fields[prov_col[0]];
		c.prov.file = r.fields[prov_col[1]];
		c.prov.line = line ? strtoull(line, NULL, 10) : 0;
		c.local_id = loggable_id(value(&c, F_LOCAL_ID, NULL));

		for (i = 0; i < rec->nfields; i++) {
			int before = c.errors;

			check_field(&c, &rec->fields[i], r.fields[col[i]], r.lens[col[i]]);
			if (c.errors != before && i < 64)
				c.bad |= UINT64_C(1) << i;
		}
		{
			int64_t year;
			size_t len;
			const char *s = value(&c, F_SCHOOL_YEAR, &len);

			if (s && parse_int64(s, len, 0, 9999, &year) == PARSE_OK &&
			    year != v->m.school_year)
				broken(&c, "school_year", RULE_YEAR, SEVERITY_ERROR,
				       "school_year %lld differs from the manifest's %d",
				       (long long)year, v->m.school_year);
		}
		{
			size_t len;
			const char *s = value(&c, F_LEA_ID, &len);

			/* An LEA reports only its own students. */
			if (s && (len != strlen(v->m.lea_id) || memcmp(s, v->m.lea_id, len)))
				broken(&c, "lea_id", RULE_LEA, SEVERITY_ERROR,
				       "lea_id \"%.*s\" is not the submitting LEA %s",
				       (int)(len > 16 ? 16 : len), s, v->m.lea_id);
		}
		if (about_student)
			check_has_student(&c);
		for (i = 0; i < rec->nfields; i++) {
			values[i] = r.fields[col[i]];
			lens[i] = r.lens[col[i]];
		}
		rv.local_id = c.local_id;
		rv.bad = c.bad;
		rulebook_check(&v->rules, &rv, v->m.school_year, rule_broken, &c);
		if (c.rc) {
			rc = c.rc;
			goto cleanup;
		}
		if (c.errors) {
			v->rejected++;
			if (mf)
				mf->rejected++;
			log_debug("rejected %s record at \"%s\" line %llu (local ID %s): %d errors",
				  rec->name, c.prov.file ? c.prov.file : "?", c.prov.line,
				  c.local_id ? c.local_id : "unknown", c.errors);
			continue;
		}
		if (c.warnings)
			v->warned++;
		v->accepted++;
		rulebook_accept(&v->rules, &rv);
		/* Accepted rows pass on unchanged, byte for byte. */
		rc = canon_writer_row(&w, r.line.data, r.line.len, err);
		if (rc)
			goto cleanup;
	}
	if (rc < 0)
		goto cleanup;
	rc = canon_writer_commit(&w, err);
	writer_open = 0;

cleanup:
	if (writer_open)
		canon_writer_abort(&w);
	canon_reader_close(&r);
	free(last_file);
	free(in_path);
	free(out_path);
	return rc;
}

/*
 * The folder of the rules files: next to the program in a source tree
 * (bin/../validate/rules), else the installed one.
 */
static char *rules_dir(const struct validate_options *opts)
{
	if (opts->bindir) {
		char *p = xstrfmt("%s/../validate/rules", opts->bindir);

		if (is_dir(p))
			return p;
		free(p);
	}
	return xstrdup(SLDS_DATADIR "/rules");
}

/*
 * The rules file for a school year: YEAR.rules, or, for a year the state has
 * published no rules for, the latest earlier year's (or the earliest, for a
 * year before them all).  The code lists are in its folder's codes/.
 */
static int load_rules(struct rulebook *rb, const struct validate_options *opts, int year,
		      struct slds_error *err)
{
	char *dir = NULL, *path = NULL, *codes = NULL;
	int rc;

	if (opts->rules) {
		path = xstrdup(opts->rules);
		dir = dir_of(path);
	} else {
		DIR *d;
		struct dirent *e;
		int best = 0;

		dir = rules_dir(opts);
		d = opendir(dir);
		if (!d) {
			rc = error_set(err, SLDS_ENOENT, "could not open the rules folder \"%s\": %s",
				       dir, strerror(errno));
			error_hint(err, "Give the rules file with --rules.");
			goto cleanup;
		}
		while ((e = readdir(d)) != NULL) {
			int64_t y;

			if (strlen(e->d_name) != 10 || strcmp(e->d_name + 4, ".rules") ||
			    parse_int64(e->d_name, 4, 1990, 2200, &y) != PARSE_OK)
				continue;
			/* The closest year not after it, else the closest after it. */
			if (!best || (y <= year ? best > year || y > best : best > year && y < best))
				best = (int)y;
		}
		closedir(d);
		if (!best) {
			rc = error_set(err, SLDS_ENOENT, "the rules folder \"%s\" has no YEAR.rules file",
				       dir);
			goto cleanup;
		}
		if (best != year)
			log_info("no rules for school year %d; using those of %d", year, best);
		path = xstrfmt("%s/%d.rules", dir, best);
	}
	codes = path_join(dir, "codes");
	rc = rulebook_load(rb, path, codes, err);
	if (!rc)
		log_debug("rules: %s, %zu rules", path, rb->nrules);
cleanup:
	free(dir);
	free(path);
	free(codes);
	return rc;
}

static int list_rules(const struct validate_options *opts, struct slds_error *err)
{
	struct rulebook rb;
	int year = opts->school_year ? opts->school_year : 9999;
	int rc = load_rules(&rb, opts, year, err);

	if (rc)
		return rc;
	rc = rulebook_list(&rb, opts->list_format, stdout, err);
	rulebook_release(&rb);
	return rc;
}

/* Carry the ingest's rejects into ours. */
static int copy_ingest_rejects(struct validator *v, struct slds_error *err)
{
	struct canon_reader r;
	char *path = path_join(v->opts->input_dir, REJECTS_FILE);
	int rc = canon_reader_open(&r, path, err);

	if (!rc && r.ncols != REJECT_NCOLS)
		rc = error_set(err, SLDS_EDATA, "file \"%s\" is not a rejects file", path);
	while (!rc && (rc = canon_reader_next(&r, err)) == 1)
		rc = reject_copy_row(&v->rejects, r.fields, r.lens, err);
	canon_reader_close(&r);
	free(path);
	return rc < 0 ? rc : 0;
}

/* level2_skipped: set to the number of Level 2 rules not applied (no --dbname). */
static int run_validate(const struct validate_options *opts, size_t *level2_skipped,
			struct slds_error *err)
{
	struct validator v;
	char *in_summary = path_join(opts->input_dir, SUBMISSION_NAME);
	char *out_summary = path_join(opts->output_dir, SUBMISSION_NAME);
	char *rpath = NULL;
	unsigned long long ingest_rejects = 0;
	int rejects_open = 0, rc;
	size_t i;

	memset(&v, 0, sizeof(v));
	v.opts = opts;
	if (!is_dir(opts->input_dir)) {
		rc = error_set(err, SLDS_ENOENT, "input folder \"%s\" does not exist",
			       opts->input_dir);
		goto cleanup;
	}
	rc = manifest_read(&v.m, in_summary, err);
	if (rc == SLDS_ENOENT) {
		error_set(err, SLDS_ENOENT, "input folder \"%s\" has no %s", opts->input_dir,
			  SUBMISSION_NAME);
		error_hint(err, "The input folder is the output folder of slds-ingest; run it first.");
	}
	if (rc)
		goto cleanup;
	for (i = 0; i < v.m.nfiles; i++)
		ingest_rejects += v.m.files[i].rejected;
	rc = load_rules(&v.rules, opts, v.m.school_year, err);
	if (rc)
		goto cleanup;
	v.rules.lea_id = v.m.lea_id;
	if (opts->dbname) {
		rc = level2_prepare(&v.rules, opts->dbname, opts->input_dir, &v.m, err);
		if (rc)
			goto cleanup;
	} else {
		size_t n2 = 0;

		for (i = 0; i < v.rules.nrules; i++)
			n2 += v.rules.rules[i].level == 2 && !v.rules.rules[i].retired;
		if (n2)
			log_info("%zu Level 2 rules skipped: no database (--dbname)", n2);
		*level2_skipped = n2;
	}
	rc = mkdir_p(opts->output_dir, err);
	if (rc)
		goto cleanup;
	if (unlink(out_summary) != 0 && errno != ENOENT) {
		rc = error_set(err, SLDS_EIO, "could not remove file \"%s\": %s", out_summary,
			       strerror(errno));
		goto cleanup;
	}
	rpath = path_join(opts->output_dir, REJECTS_FILE);
	rc = reject_writer_open(&v.rejects, rpath, err);
	rejects_open = 1;
	if (!rc)
		rc = copy_ingest_rejects(&v, err);
	/* Catalog order: students before the records that refer to them. */
	for (i = 0; !rc && i < catalog_nrecords(); i++)
		rc = validate_record_type(&v, catalog_record_at(i), err);
	if (rc)
		goto cleanup;
	rc = reject_writer_commit(&v.rejects, err);
	rejects_open = 0;
	if (!rc) {
		struct report_fatal *fatal = xcalloc(v.nfatal ? v.nfatal : 1, sizeof(*fatal));
		struct report_totals t = { 0, v.accepted, v.rejected + ingest_rejects, v.warned,
					   fatal, v.nfatal };

		for (i = 0; i < v.nfatal; i++)
			fatal[i] = (struct report_fatal){ v.fatal[i].file, v.fatal[i].rule->id,
							  v.fatal[i].records, v.fatal[i].nrows };
		for (i = 0; i < v.m.nfiles; i++)
			t.received += v.m.files[i].rows;
		rc = report_write(opts->output_dir, rpath, &v.m, &t, &v.rules, err);
		free(fatal);
	}
	if (!rc)
		rc = manifest_write(&v.m, out_summary, err);
	if (rc)
		goto cleanup;
	log_info("validated submission %s: %llu records accepted (%llu with warnings), %llu rejected here, %llu rejected by ingest",
		 v.m.submission ? v.m.submission : "?", v.accepted, v.warned, v.rejected,
		 ingest_rejects);
	if (v.nfatal) {
		/* Every output is written: the report tells the LEA what to fix. */
		rc = error_set(err, SLDS_EDATA, "submission %s rejected: file \"%s\" breaks fatal rule %s",
			       v.m.submission ? v.m.submission : "?", v.fatal[0].file,
			       v.fatal[0].rule->id);
		if (v.nfatal > 1)
			error_detail(err, "%zu fatal rules were broken in all.", v.nfatal);
		error_hint(err, "The rejection report (report.html) says which records and how to fix them.");
	}

cleanup:
	if (rejects_open)
		reject_writer_abort(&v.rejects);
	for (i = 0; i < v.nfatal; i++)
		fatal_break_release(&v.fatal[i]);
	free(v.fatal);
	rulebook_release(&v.rules);
	manifest_release(&v.m);
	free(in_summary);
	free(out_summary);
	free(rpath);
	return rc;
}

/*
 * --offline: what an LEA clerk runs before sending a submission.  The same
 * programs as the batch (slds-ingest --offline, then this validation), with
 * no database: OUTPUT_DIR/ingest, OUTPUT_DIR/validate with the report.
 */
static int run_offline(struct validate_options *opts, struct slds_error *err)
{
	char *ingest = opts->bindir ? path_join(opts->bindir, "slds-ingest") : NULL;
	char *ingested = path_join(opts->output_dir, "ingest");
	char *validated = path_join(opts->output_dir, "validate");
	const char *submission = opts->input_dir;
	char *argv[6];
	size_t n = 0, level2_skipped = 0;
	int code;

	if (!ingest) {
		code = cli_exit(error_set(err, SLDS_EINTERNAL, "could not find slds-ingest"), err);
		goto cleanup;
	}
	argv[n++] = ingest;
	argv[n++] = (char *)"--offline";
	if (log_get_level() >= LOG_ERROR)
		argv[n++] = (char *)"--quiet";	/* else its warnings too (ignored columns) */
	argv[n++] = (char *)submission;
	argv[n++] = ingested;
	argv[n] = NULL;
	code = cli_run(argv);
	if (code != 0)
		goto cleanup;
	opts->input_dir = ingested;
	opts->output_dir = validated;
	code = cli_exit(run_validate(opts, &level2_skipped, err), err);
	/* A submission rejected for its data (65) has its summary too, if it got that far. */
	if ((code == 0 || code == SLDS_EXIT_DATAERR) && log_get_level() < LOG_ERROR) {
		char *summary = path_join(validated, SUBMISSION_NAME);
		struct manifest m = MANIFEST_INIT;
		unsigned long long rows = 0, rejected = 0;
		size_t i;

		if (manifest_read(&m, summary, err) == 0) {
			for (i = 0; i < m.nfiles; i++) {
				rows += m.files[i].rows;
				rejected += m.files[i].rejected;
				printf("%-28s %-12s %10llu rows %10llu rejected\n", m.files[i].name,
				       m.files[i].record, m.files[i].rows, m.files[i].rejected);
			}
			printf("%llu records, %llu accepted, %llu rejected\n"
			       "report: %s/report.html (and report.csv)\n",
			       rows, rows - rejected, rejected, validated);
			if (level2_skipped)
				printf("%zu Level 2 rules not applied offline: the state applies them against its\n"
				       "warehouse when the submission arrives\n", level2_skipped);
		}
		manifest_release(&m);
		error_clear(err);
		free(summary);
	}
	opts->input_dir = submission;
cleanup:
	free(ingest);
	free(ingested);
	free(validated);
	return code;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "dbname", required_argument, NULL, 'd' },
		{ "list-rules", optional_argument, NULL, 'L' },
		{ "offline", no_argument, NULL, 'O' },
		{ "rules", required_argument, NULL, 'r' },
		{ "school-year", required_argument, NULL, 'y' },
		CLI_OPTION_HELP,
		CLI_OPTION_QUIET,
		CLI_OPTION_VERBOSE,
		CLI_OPTION_VERSION,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const args[] = { "input folder", "output folder" };
	struct validate_options opts;
	struct slds_error err = SLDS_ERROR_INIT;
	int c, code;

	memset(&opts, 0, sizeof(opts));
	log_init(argv[0]);
	if (cli_early_help(argc, argv, help))
		return SLDS_EXIT_OK;
	opts.bindir = cli_program_dir(argv[0]);
	while ((c = getopt_long(argc, argv, "d:r:" CLI_SHORT_OPTIONS, long_options, NULL)) != -1) {
		if (cli_common_option(c, help, &code) > 0)
			goto out;
		if (c == 'L') {
			opts.list_format = optarg ? optarg : "csv";
			if (strcmp(opts.list_format, "csv") && strcmp(opts.list_format, "markdown") &&
			    strcmp(opts.list_format, "html")) {
				code = cli_usage_error("--list-rules format \"%s\" is not csv, markdown or html",
						       opts.list_format);
				goto out;
			}
		} else if (c == 'd') {
			opts.dbname = optarg;
		} else if (c == 'r') {
			opts.rules = optarg;
		} else if (c == 'O') {
			opts.offline = 1;
		} else if (c == 'y') {
			int64_t y;

			if (parse_int64(optarg, strlen(optarg), 1990, 2200, &y) != PARSE_OK) {
				code = cli_usage_error("--school-year \"%s\" is not a year", optarg);
				goto out;
			}
			opts.school_year = (int)y;
		}
	}
	if (opts.list_format) {
		code = (code = cli_check_args(argc - optind, argv + optind, 0, 0, args)) != 0
		       ? code : cli_exit(list_rules(&opts, &err), &err);
		goto out;
	}
	if ((code = cli_check_args(argc - optind, argv + optind, 2, 2, args)) != 0)
		goto out;
	opts.input_dir = argv[optind];
	opts.output_dir = argv[optind + 1];
	if (opts.offline && opts.dbname) {
		code = cli_usage_error("options --offline and --dbname cannot be used together");
		goto out;
	}
	if (opts.offline) {
		code = run_offline(&opts, &err);
	} else {
		size_t skipped = 0;

		code = cli_exit(run_validate(&opts, &skipped, &err), &err);
	}
out:
	free((char *)opts.bindir);
	return code;
}

static void help(const char *progname)
{
	printf("%s applies the state's validation rules to an ingested submission.\n\n",
	       progname);
	printf("Usage:\n");
	printf("  %s [OPTION]... INPUT_DIR OUTPUT_DIR\n", progname);
	printf("  %s --offline [OPTION]... SUBMISSION_DIR OUTPUT_DIR\n", progname);
	printf("  %s --list-rules[=FORMAT] [--school-year=YEAR | --rules=FILE]\n\n", progname);
	printf("INPUT_DIR is the output folder of slds-ingest.  OUTPUT_DIR receives the\n"
	       "accepted records, rejects.copy (every broken rule of every rejected or\n"
	       "warned record, with its file and line) and submission.ini.  The rules are\n"
	       "those of the submission's school year (validate/rules/YEAR.rules).\n"
	       "With --offline, SUBMISSION_DIR is an LEA's submission folder (its\n"
	       "manifest.ini and files): it is ingested into OUTPUT_DIR/ingest and\n"
	       "validated into OUTPUT_DIR/validate, with no database (so without the\n"
	       "Level 2 rules, which the summary says), and the report's place is\n"
	       "printed.  This is how an LEA checks a submission before sending it.\n\n");
	printf("Options:\n");
	printf("  -d, --dbname=CONNINFO     also apply the Level 2 rules, against this database\n"
	       "                            (\"\": the PG* variables); without it they are skipped\n");
	printf("      --offline             check an LEA's submission folder on its own\n");
	printf("  -r, --rules=FILE          apply this rules file instead of the year's\n");
	printf("      --list-rules[=FORMAT] print the rules (csv, markdown or html), then exit\n");
	printf("      --school-year=YEAR    the year whose rules --list-rules prints\n"
	       "                            (default: the latest)\n");
	printf("  -q, --quiet               print errors only\n");
	printf("  -v, --verbose             print a summary (repeat for each rejected record)\n");
	printf("  -V, --version             output version information, then exit\n");
	printf("  -?, --help                show this help, then exit\n\n");
	printf("Exit status: 0 success (records may have been rejected: see rejects.copy),\n"
	       "64 bad invocation, 65 input malformed or a file rejected whole by a fatal\n"
	       "rule (the outputs and the report are written: the submission is not to be\n"
	       "loaded), 66 input missing, 75 database unreachable or busy (safe to retry),\n"
	       "1 other failure.\n");
}
