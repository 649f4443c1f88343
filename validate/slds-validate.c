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
 * record of a student (enrollment, attendance, grade...) whose student record
 * the submission does not define or had rejected.  Logs name records
 * by file, line and local ID only.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
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
#include "log.h"
#include "manifest.h"
#include "parse.h"
#include "reject.h"
#include "ssid.h"
#include "strset.h"
#include "banned.h"

/* Record-specific rules, numbered from 0101 (0001-0099 are enum builtin_rule). */
enum {
	RULE_STU_BIRTH_PLAUSIBLE = 101,	/* age 2 to 26 on September 1 of the school year */
	RULE_STU_DUPLICATE = 102,	/* local ID given twice in the submission */
	RULE_ENR_EXIT_BEFORE_ENTRY = 101,
	RULE_ENR_OUTSIDE_YEAR = 102,	/* entry or exit date outside July 1 .. June 30 */
	RULE_ENR_EXIT_PAIR = 103	/* exit date without exit code, or the reverse */
};

/*
 * The fields the rules below refer to by name, resolved once per record type
 * (record_field_index() is a linear search: not for every record).
 */
enum named_field {
	F_LOCAL_ID, F_LEA_ID, F_SCHOOL_YEAR, F_BIRTH_DATE, F_ENTRY_DATE, F_EXIT_DATE,
	F_EXIT_CODE, F_COUNT
};
static const char *const named_fields[F_COUNT] = {
	"local_id", "lea_id", "school_year", "birth_date", "entry_date", "exit_date", "exit_code"
};

struct validate_options {
	const char *input_dir;
	const char *output_dir;
};

struct validator {
	const struct validate_options *opts;
	struct manifest m;
	struct reject_writer rejects;
	struct strset students;		/* local IDs of accepted student records */
	struct date year_start, year_end;	/* July 1 .. June 30 of the school year */
	unsigned long long accepted, rejected, warned;
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

/* A date field already checked by check_field(); 0 if absent or invalid. */
static int date_value(const struct check *c, enum named_field field, struct date *d)
{
	size_t len;
	const char *s = value(c, field, &len);

	return s && parse_date(s, len, d) == PARSE_OK;
}

/* The checks every field gets from its catalog definition. */
static void check_field(struct check *c, const struct field_def *fd, const char *s, size_t len)
{
	/* A personal value is never quoted in a message. */
	const char *shown = (fd->flags & FIELD_PII) || len > 40 ? NULL : s;
	char what[160];

	if (!s) {
		if (fd->flags & FIELD_REQUIRED)
			broken(c, fd->name, RULE_REQUIRED, SEVERITY_ERROR,
			       "%s is required", fd->name);
		return;
	}
	if (shown)
		snprintf(what, sizeof(what), "%s \"%s\"", fd->name, shown);
	else
		snprintf(what, sizeof(what), "%s", fd->name);
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
			       "%s is not a valid code", what);
		break;
	}
	case FIELD_INT: {
		int64_t n;
		int r = parse_int64(s, len, fd->min, fd->max, &n);

		if (r != PARSE_OK)
			broken(c, fd->name, RULE_NUMBER, SEVERITY_ERROR,
			       "%s %s (allowed: %lld to %lld)", what, parse_strerror(r),
			       fd->min, fd->max);
		break;
	}
	case FIELD_DECIMAL: {
		int64_t n;
		int r = parse_decimal(s, len, fd->scale, fd->min, fd->max, &n);

		if (r != PARSE_OK)
			broken(c, fd->name, RULE_NUMBER, SEVERITY_ERROR, "%s %s", what,
			       parse_strerror(r));
		break;
	}
	case FIELD_DATE: {
		struct date d;
		int r = parse_date(s, len, &d);

		if (r != PARSE_OK)
			broken(c, fd->name, RULE_DATE, SEVERITY_ERROR,
			       "%s %s (dates are written YYYY-MM-DD)", what, parse_strerror(r));
		break;
	}
	case FIELD_SSID:
		if (!ssid_is_valid(s, len))
			broken(c, fd->name, RULE_SSID, SEVERITY_ERROR,
			       "%s is not a valid SSID (ten digits ending with a check digit)",
			       what);
		break;
	}
}

static void check_student(struct check *c)
{
	struct date birth;
	int year = c->v->m.school_year;

	if (date_value(c, F_BIRTH_DATE, &birth)) {
		/* Age on September 1 of the first calendar year of the school year. */
		int age = (year - 1) - birth.year - (birth.month > 9 ? 1 : 0);

		if (age < 2 || age > 26)
			broken(c, "birth_date", RULE_STU_BIRTH_PLAUSIBLE, SEVERITY_ERROR,
			       "%s gives an age outside 2 to 26 at the start of the school year",
			       "birth_date");
	}
	if (c->local_id && !c->errors) {
		if (!strset_add(&c->v->students, c->local_id, strlen(c->local_id), 0, NULL))
			broken(c, "local_id", RULE_STU_DUPLICATE, SEVERITY_ERROR,
			       "local ID \"%s\" is given to more than one student record",
			       c->local_id);
	}
}

static void check_enrollment(struct check *c)
{
	struct date entry, exitd;
	int have_entry = date_value(c, F_ENTRY_DATE, &entry);
	int have_exit = date_value(c, F_EXIT_DATE, &exitd);
	const struct date *lo = &c->v->year_start, *hi = &c->v->year_end;
	int has_exit_date = value(c, F_EXIT_DATE, NULL) != NULL;
	int has_exit_code = value(c, F_EXIT_CODE, NULL) != NULL;

	if (have_entry && (date_compare(&entry, lo) < 0 || date_compare(&entry, hi) > 0))
		broken(c, "entry_date", RULE_ENR_OUTSIDE_YEAR, SEVERITY_ERROR,
		       "%s is outside the school year (July 1 to June 30)", "entry_date");
	if (have_exit && (date_compare(&exitd, lo) < 0 || date_compare(&exitd, hi) > 0))
		broken(c, "exit_date", RULE_ENR_OUTSIDE_YEAR, SEVERITY_ERROR,
		       "%s is outside the school year (July 1 to June 30)", "exit_date");
	if (have_entry && have_exit && date_compare(&exitd, &entry) < 0)
		broken(c, "exit_date", RULE_ENR_EXIT_BEFORE_ENTRY, SEVERITY_ERROR,
		       "%s is before entry_date", "exit_date");
	if (has_exit_date != has_exit_code)
		broken(c, has_exit_date ? "exit_code" : "exit_date", RULE_ENR_EXIT_PAIR,
		       SEVERITY_ERROR, "%s", has_exit_date ? "an exit date needs an exit code"
							  : "an exit code needs an exit date");
}

/*
 * A record that belongs to a student needs that student accepted: its local
 * ID must be one of an accepted student record of the submission (students
 * are validated first, in catalog order).
 */
static void check_has_student(struct check *c)
{
	if (c->local_id && !strset_get(&c->v->students, c->local_id, strlen(c->local_id), NULL))
		broken(c, "local_id", RULE_STUDENT, SEVERITY_ERROR,
		       "no accepted student record has local ID \"%s\"", c->local_id);
}

static struct manifest_file *manifest_file_named(struct manifest *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nfiles; i++)
		if (name && !strcmp(m->files[i].name, name))
			return &m->files[i];
	return NULL;
}

static int validate_record_type(struct validator *v, const struct record_def *rec,
				struct slds_error *err)
{
	struct canon_reader r;
	struct canon_writer w;
	int col[CANON_MAX_COLUMNS];
	int named[F_COUNT];
	int prov_col[CATALOG_NPROVENANCE];
	char *in_path = xstrfmt("%s/%s.copy", v->opts->input_dir, rec->name);
	char *out_path = xstrfmt("%s/%s.copy", v->opts->output_dir, rec->name);
	/* Every record type with a local ID but the student itself. */
	int needs_student = record_has_student(rec) && strcmp(rec->name, "student");
	int writer_open = 0, rc;
	size_t i;

	rc = canon_reader_open(&r, in_path, err);
	if (rc)
		goto cleanup;
	if (strcmp(r.record, rec->name)) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" holds %s records, not %s", in_path,
			       r.record, rec->name);
		goto cleanup;
	}
	for (i = 0; i < CATALOG_NPROVENANCE; i++)
		if ((prov_col[i] = canon_reader_column(&r, catalog_provenance[i])) < 0) {
			rc = error_set(err, SLDS_EDATA, "file \"%s\" has no column \"%s\"",
				       in_path, catalog_provenance[i]);
			goto cleanup;
		}
	for (i = 0; i < F_COUNT; i++)
		named[i] = record_field_index(rec, named_fields[i]);
	for (i = 0; i < rec->nfields; i++)
		if ((col[i] = canon_reader_column(&r, rec->fields[i].name)) < 0) {
			rc = error_set(err, SLDS_EDATA, "file \"%s\" has no column \"%s\"",
				       in_path, rec->fields[i].name);
			goto cleanup;
		}
	rc = canon_writer_open(&w, out_path, rec->name, (const char *const *)r.columns, r.ncols,
			       err);
	writer_open = 1;
	if (rc)
		goto cleanup;

	while ((rc = canon_reader_next(&r, err)) == 1) {
		struct check c;
		const char *line = r.fields[prov_col[2]];
		struct manifest_file *mf = manifest_file_named(&v->m, r.fields[prov_col[1]]);

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
		c.local_id = value(&c, F_LOCAL_ID, NULL);
		if (c.local_id && (strlen(c.local_id) > 64 || !utf8_valid(c.local_id, strlen(c.local_id))))
			c.local_id = NULL;

		for (i = 0; i < rec->nfields; i++)
			check_field(&c, &rec->fields[i], r.fields[col[i]], r.lens[col[i]]);
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
		if (!strcmp(rec->name, "student"))
			check_student(&c);
		else if (!strcmp(rec->name, "enrollment"))
			check_enrollment(&c);
		if (needs_student)
			check_has_student(&c);
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
	free(in_path);
	free(out_path);
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

static int run_validate(const struct validate_options *opts, struct slds_error *err)
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
	v.year_start = (struct date){ v.m.school_year - 1, 7, 1 };
	v.year_end = (struct date){ v.m.school_year, 6, 30 };
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
	if (!rc)
		rc = manifest_write(&v.m, out_summary, err);
	if (rc)
		goto cleanup;
	log_info("validated submission %s: %llu records accepted (%llu with warnings), %llu rejected here, %llu rejected by ingest",
		 v.m.submission ? v.m.submission : "?", v.accepted, v.warned, v.rejected,
		 ingest_rejects);

cleanup:
	if (rejects_open)
		reject_writer_abort(&v.rejects);
	strset_release(&v.students);
	manifest_release(&v.m);
	free(in_summary);
	free(out_summary);
	free(rpath);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		CLI_OPTION_HELP,
		CLI_OPTION_QUIET,
		CLI_OPTION_VERBOSE,
		CLI_OPTION_VERSION,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const args[] = { "input folder", "output folder" };
	struct validate_options opts = { NULL, NULL };
	struct slds_error err = SLDS_ERROR_INIT;
	int c, code;

	log_init(argv[0]);
	if (cli_early_help(argc, argv, help))
		return SLDS_EXIT_OK;
	while ((c = getopt_long(argc, argv, CLI_SHORT_OPTIONS, long_options, NULL)) != -1)
		if (cli_common_option(c, help, &code) > 0)
			return code;
	if ((code = cli_check_args(argc - optind, argv + optind, 2, 2, args)) != 0)
		return code;
	opts.input_dir = argv[optind];
	opts.output_dir = argv[optind + 1];
	return cli_exit(run_validate(&opts, &err), &err);
}

static void help(const char *progname)
{
	printf("%s applies the state's validation rules to an ingested submission.\n\n",
	       progname);
	printf("Usage:\n");
	printf("  %s [OPTION]... INPUT_DIR OUTPUT_DIR\n\n", progname);
	printf("INPUT_DIR is the output folder of slds-ingest.  OUTPUT_DIR receives the\n"
	       "accepted records, rejects.copy (every broken rule of every rejected or\n"
	       "warned record, with its file and line) and submission.ini.\n\n");
	printf("Options:\n");
	printf("  -q, --quiet               print errors only\n");
	printf("  -v, --verbose             print a summary (repeat for each rejected record)\n");
	printf("  -V, --version             output version information, then exit\n");
	printf("  -?, --help                show this help, then exit\n\n");
	printf("Exit status: 0 success (records may have been rejected: see rejects.copy),\n"
	       "64 bad invocation, 65 input malformed, 66 input missing, 1 other failure.\n");
}
