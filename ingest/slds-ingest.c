/*
 * slds-ingest: turn an LEA's submission folder into canonical files.
 *
 * Reads the manifest and every file it names, maps CSV columns to the record
 * catalog's fields by header name, and writes one canonical file per record
 * type, a rejects file for records it cannot read (ragged rows, invalid
 * UTF-8), and submission.ini describing what it read.  A file-level problem
 * (missing file, no header, a required column missing, not CSV text, a
 * SHA-256 that does not match the manifest) rejects the whole submission: it
 * is loaded all or nothing.  Ed-Fi XML files (format = edfi) are read by
 * edfi_ingest.c into the same outputs.  Unless --offline, the submission is registered in
 * ops.submission; a submission already registered with the same content is
 * recognised, one with the same name and other content is refused.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "canon.h"
#include "cli.h"
#include "catalog.h"
#include "csv_reader.h"
#include "db.h"
#include "edfi_ingest.h"
#include "error.h"
#include "fsutil.h"
#include "log.h"
#include "manifest.h"
#include "reject.h"
#include "sha256.h"
#include "spec.h"
#include "banned.h"

struct ingest_options {
	const char *dbname;
	int offline;
	const char *submission_dir;
	const char *output_dir;
	const char *bindir;		/* where the program is, NULL if unknown */
	const char **edfi_maps;		/* the state's descriptor tables, after the default */
	size_t nedfi_maps;
	const char **edfi_schemas;	/* schema folders, one per Data Standard version */
	size_t nedfi_schemas;
};

/* One canonical output per record type of the catalog. */
struct output {
	const struct record_def *rec;
	struct canon_writer w;
	int open;
};

struct ingest {
	const struct ingest_options *opts;
	struct manifest m;
	char *submission_key;
	struct output *outputs;		/* catalog_nrecords() entries */
	struct reject_writer rejects;
	int rejects_open;
};

static void help(const char *progname);

static const char *base_name(const char *path, char *scratch, size_t size)
{
	size_t len = strlen(path);
	const char *slash;

	while (len > 1 && path[len - 1] == '/')
		len--;
	if (len >= size)
		len = size - 1;
	memcpy(scratch, path, len);
	scratch[len] = '\0';
	slash = strrchr(scratch, '/');
	return slash ? slash + 1 : scratch;
}

static int open_output(struct ingest *in, struct output *o, struct slds_error *err)
{
	const char *cols[CANON_MAX_COLUMNS];
	size_t i, n = 0;
	char *path;
	int rc;

	for (i = 0; i < CATALOG_NPROVENANCE; i++)
		cols[n++] = catalog_provenance[i];
	for (i = 0; i < o->rec->nfields; i++)
		cols[n++] = o->rec->fields[i].name;
	path = xstrfmt("%s/%s.copy", in->opts->output_dir, o->rec->name);
	rc = canon_writer_open(&o->w, path, o->rec->name, cols, n, err);
	free(path);
	o->open = 1;
	return rc;
}

/* Column i of the file gives field map[i] of the record, or -1 when ignored. */
static int read_header(struct csv_reader *csv, const struct record_def *rec,
		       const char *fname, int *map, size_t *ncols, struct slds_error *err)
{
	int seen[CANON_MAX_COLUMNS];
	size_t i, known = 0;
	int rc = csv_reader_next(csv, err);

	if (rc < 0)
		return rc;
	if (rc == 0)
		return error_set(err, SLDS_EDATA, "file \"%s\" is empty: it has no header line",
				 fname);
	if (csv->nfields > CANON_MAX_COLUMNS)
		return error_set(err, SLDS_EDATA, "file \"%s\" has %zu columns, more than %d",
				 fname, csv->nfields, CANON_MAX_COLUMNS);
	for (i = 0; i < rec->nfields; i++)
		seen[i] = -1;
	*ncols = csv->nfields;
	for (i = 0; i < csv->nfields; i++) {
		int f = record_field_by_header(rec, csv->fields[i], csv->lens[i]);

		map[i] = f;
		if (f < 0)
			continue;
		if (seen[f] >= 0)
			return error_set(err, SLDS_EDATA,
					 "file \"%s\": columns %d and %zu both give field \"%s\"",
					 fname, seen[f] + 1, i + 1, rec->fields[f].name);
		seen[f] = (int)i;
		known++;
	}
	if (known == 0) {
		error_set(err, SLDS_EDATA, "file \"%s\" has no header line naming %s fields",
			  fname, rec->name);
		error_hint(err, "The first line must name the columns, as in the %s template (docs/submission-spec.md).",
			   rec->name);
		return SLDS_EDATA;
	}
	/*
	 * Only now is the first line known to be a header: before, an unknown
	 * "column name" may be a student's data and must not be printed.
	 */
	for (i = 0; i < csv->nfields; i++) {
		if (map[i] >= 0)
			continue;
		if (utf8_valid(csv->fields[i], csv->lens[i]) && csv->lens[i] < 80)
			log_warning("file \"%s\": column %zu \"%s\" is not a %s field and is ignored",
				    fname, i + 1, csv->fields[i], rec->name);
		else
			log_warning("file \"%s\": column %zu is not a %s field and is ignored",
				    fname, i + 1, rec->name);
	}
	for (i = 0; i < rec->nfields; i++) {
		const struct field_def *fd = &rec->fields[i];

		if ((fd->flags & FIELD_REQUIRED) && seen[i] < 0) {
			const char *bar = strchr(fd->csv_names, '|');
			int n = bar ? (int)(bar - fd->csv_names) : (int)strlen(fd->csv_names);

			error_set(err, SLDS_EDATA,
				  "file \"%s\" has no column for the required field \"%s\"", fname,
				  fd->name);
			error_hint(err, "Name the column \"%.*s\"; also accepted: %s.", n,
				   fd->csv_names, bar ? bar + 1 : "no other name");
			return SLDS_EDATA;
		}
	}
	return 0;
}

/* Decimal digits of v at out (at most 20, no NUL); their number. */
static size_t format_u64(char *out, unsigned long long v)
{
	char digits[20];
	size_t n = 0, i;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		out[i] = digits[n - 1 - i];
	return n;
}

/*
 * Add one to the decimal number in [digits, end); 0 when it would gain a
 * digit (format it anew).
 */
static int increment_digits(char *digits, char *end)
{
	char *p = end - 1;

	while (p >= digits && *p == '9')
		*p-- = '0';
	if (p < digits)
		return 0;
	(*p)++;
	return 1;
}

static int ingest_csv(struct ingest *in, struct manifest_file *mf, struct output *o,
		      struct slds_error *err)
{
	const struct record_def *rec = o->rec;
	struct csv_reader csv;
	struct sha256 hash;
	char hex[SHA256_HEX_LEN + 1];
	int map[CANON_MAX_COLUMNS];		/* the field of each column, or -1 */
	int field_col[CANON_MAX_COLUMNS];	/* the column of each field, or -1 */
	int local_col = -1;
	size_t ncols = 0, i;
	char *path = path_join(in->opts->submission_dir, mf->name);
	struct buf prefix = BUF_INIT(CANON_MAX_LINE);
	size_t prefix_len;
	unsigned long long prefix_line = 0;	/* the line in prefix, 0 for none yet */
	int rc;

	sha256_init(&hash);
	rc = csv_reader_open(&csv, path, 0, err);
	if (rc) {
		if (rc == SLDS_ENOENT) {
			/* The submission is incomplete: the LEA's to fix, not a missing input of ours. */
			rc = error_set(err, SLDS_EDATA, "file \"%s\" named in the manifest does not exist",
				       mf->name);
			error_detail(err, "The manifest lists it on line %u.", mf->line);
		}
		goto cleanup;
	}
	csv.hash = &hash;
	rc = read_header(&csv, rec, mf->name, map, &ncols, err);
	if (rc)
		goto cleanup;
	for (i = 0; i < rec->nfields; i++)
		field_col[i] = -1;
	for (i = 0; i < ncols; i++)
		if (map[i] >= 0)
			field_col[map[i]] = (int)i;
	{
		int f = record_field_index(rec, "local_id");

		local_col = f >= 0 ? field_col[f] : -1;
	}
	/* The provenance columns but the line are the same on every row. */
	if (copy_escape(&prefix, in->submission_key, strlen(in->submission_key)) < 0 ||
	    buf_addch(&prefix, '\t') < 0 || copy_escape(&prefix, mf->name, strlen(mf->name)) < 0 ||
	    buf_addch(&prefix, '\t') < 0 || buf_grow(&prefix, 24) < 0) {
		rc = error_set(err, SLDS_ELIMIT, "file name \"%s\" is too long", mf->name);
		goto cleanup;
	}
	prefix_len = prefix.len;

	while ((rc = csv_reader_next(&csv, err)) == 1) {
		struct reject_provenance prov = { in->submission_key, mf->name, csv.row_line };
		const char *values[CANON_MAX_COLUMNS];
		size_t lens[CANON_MAX_COLUMNS];
		const char *local_id = NULL;
		int bad = 0;

		mf->rows++;
		if (local_col >= 0 && (size_t)local_col < csv.nfields &&
		    (csv.ascii || utf8_valid(csv.fields[local_col], csv.lens[local_col])) &&
		    csv.lens[local_col] > 0 && csv.lens[local_col] <= 64)
			local_id = csv.fields[local_col];
		if (csv.nfields != ncols) {
			rc = reject_add(&in->rejects, &prov, rec->name, local_id, NULL, rec->code,
					RULE_COLUMNS, SEVERITY_ERROR, err,
					"the row has %zu fields where the header has %zu",
					csv.nfields, ncols);
			if (rc)
				goto cleanup;
			mf->rejected++;
			continue;
		}
		for (i = 0; i < ncols && !csv.ascii; i++) {
			if (map[i] < 0)
				continue;
			if (!utf8_valid(csv.fields[i], csv.lens[i])) {
				rc = reject_add(&in->rejects, &prov, rec->name, local_id,
						rec->fields[map[i]].name, rec->code, RULE_UTF8,
						SEVERITY_ERROR, err,
						"%s (column %zu) is not valid UTF-8",
						rec->fields[map[i]].name, i + 1);
				if (rc)
					goto cleanup;
				bad = 1;
			}
		}
		if (bad) {
			mf->rejected++;
			continue;
		}
		for (i = 0; i < rec->nfields; i++) {
			int c = field_col[i];

			values[i] = c >= 0 && csv.lens[c] ? csv.fields[c] : NULL;
			lens[i] = c >= 0 ? csv.lens[c] : 0;
		}
		/* Mostly the next line: add one to the digits rather than divide. */
		if (csv.row_line != prefix_line + 1 || !increment_digits(prefix.data + prefix_len,
									 prefix.data + prefix.len - 1)) {
			prefix.len = prefix_len + format_u64(prefix.data + prefix_len, csv.row_line);
			prefix.data[prefix.len++] = '\t';
		}
		prefix_line = csv.row_line;
		rc = (csv.plain ? canon_writer_plain_values : canon_writer_values)(
			&o->w, prefix.data, prefix.len, CATALOG_NPROVENANCE, values, lens,
			rec->nfields, err);
		if (rc)
			goto cleanup;
	}
	if (rc < 0)
		goto cleanup;
	rc = 0;
	mf->size = csv.bytes;
	sha256_final(&hash, hex);
	hash.ctx = NULL;
	rc = manifest_file_check_sha256(mf, hex, err);
	if (rc)
		goto cleanup;
	log_info("read file \"%s\": %llu %s records, %llu rejected", mf->name, mf->rows,
		 rec->name, mf->rejected);

cleanup:
	if (hash.ctx)
		sha256_final(&hash, hex);
	csv_reader_close(&csv);
	buf_release(&prefix);
	free(path);
	return rc;
}

/*
 * The descriptor table installed with slds: beside the program in a build
 * tree (../data), else in the data folder.
 */
static char *default_edfi_map(const char *bindir)
{
	if (bindir) {
		char *p = xstrfmt("%s/../data/%s", bindir, EDFI_MAP_FILE);

		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return xstrdup(SLDS_DATADIR "/" EDFI_MAP_FILE);
}

/* The Ed-Fi files of the submission, if it has any, into the same outputs. */
static int ingest_edfi(struct ingest *in, struct slds_error *err)
{
	const struct ingest_options *opts = in->opts;
	struct edfi_map map = EDFI_MAP_INIT;
	struct edfi_schemas schemas = EDFI_SCHEMAS_INIT;
	struct canon_writer **writers = NULL;
	char *path = NULL;
	size_t i, n = 0;
	int rc = 0;

	for (i = 0; i < in->m.nfiles; i++)
		n += !strcmp(in->m.files[i].format, "edfi");
	if (!n)
		return 0;
	path = default_edfi_map(opts->bindir);
	rc = edfi_map_load(&map, path, err);
	if (rc == SLDS_ENOENT)
		error_hint(err, "slds is not installed completely: its Ed-Fi descriptor table is missing.");
	for (i = 0; i < opts->nedfi_maps && !rc; i++)
		rc = edfi_map_load(&map, opts->edfi_maps[i], err);
	for (i = 0; i < opts->nedfi_schemas && !rc; i++)
		rc = edfi_schemas_add(&schemas, opts->edfi_schemas[i], err);
	if (rc) {
		/* The state's configuration, not the LEA's submission, is wrong. */
		if (rc == SLDS_EDATA)
			rc = err->code = SLDS_ERROR;
		goto cleanup;
	}
	writers = xcalloc(catalog_nrecords(), sizeof(*writers));
	for (i = 0; i < catalog_nrecords(); i++)
		writers[i] = &in->outputs[i].w;
	{
		struct edfi_sink sink = {
			opts->submission_dir, in->submission_key, &in->m, writers, &in->rejects,
			&map, &schemas
		};

		rc = edfi_ingest_files(&sink, &in->m, err);
	}

cleanup:
	free(writers);
	free(path);
	edfi_schemas_release(&schemas);
	edfi_map_release(&map);
	return rc;
}

/* Identity of an upload: the hash of every file's name and hash, in order. */
static void content_hash(const struct manifest *m, char hex[SHA256_HEX_LEN + 1])
{
	struct sha256 h;
	size_t i;

	sha256_init(&h);
	for (i = 0; i < m->nfiles; i++) {
		sha256_update(&h, m->files[i].name, strlen(m->files[i].name));
		sha256_update(&h, "\t", 1);
		sha256_update(&h, m->files[i].sha256, strlen(m->files[i].sha256));
		sha256_update(&h, "\n", 1);
	}
	sha256_final(&h, hex);
}

static int register_submission(struct ingest *in, struct slds_error *err)
{
	static const char insert_sql[] =
		"INSERT INTO ops.submission (submission_key, lea_id, school_year, collection, content_sha256)"
		" VALUES ($1, $2, $3, $4, $5) ON CONFLICT (submission_key) DO NOTHING"
		" RETURNING submission_id";
	static const char file_sql[] =
		"INSERT INTO ops.submission_file (submission_id, file_name, record_type, format,"
		" size_bytes, sha256, rows_read, rows_rejected) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
	static const char audit_sql[] =
		"INSERT INTO ops.audit_log (action, object, detail) VALUES ('receive', $1,"
		" jsonb_build_object('submission_id', $2::bigint, 'files', $3::int, 'content_sha256', $4::text))";
	const struct manifest *m = &in->m;
	char hex[SHA256_HEX_LEN + 1], year[12], nfiles[12];
	PGconn *conn;
	PGresult *res = NULL;
	char *id = NULL;
	size_t i;
	int rc;

	content_hash(m, hex);
	snprintf(year, sizeof(year), "%d", m->school_year);
	snprintf(nfiles, sizeof(nfiles), "%zu", m->nfiles);
	conn = db_connect(in->opts->dbname, "slds-ingest", err);
	if (!conn)
		return err->code;
	rc = db_exec(conn, "BEGIN", err);
	if (rc)
		goto cleanup;
	{
		const char *params[] = { in->submission_key, m->lea_id, year, m->collection, hex };

		res = db_query(conn, insert_sql, 5, params, err);
	}
	if (!res) {
		rc = err->code;
		goto cleanup;
	}
	if (PQntuples(res) == 0) {
		const char *params[] = { in->submission_key };

		PQclear(res);
		res = db_query(conn, "SELECT content_sha256 FROM ops.submission WHERE submission_key = $1",
			       1, params, err);
		if (!res) {
			rc = err->code;
			goto cleanup;
		}
		if (PQntuples(res) == 1 && !strcmp(PQgetvalue(res, 0, 0), hex)) {
			log_info("submission %s was already received with the same content",
				 in->submission_key);
			rc = db_exec(conn, "COMMIT", err);
			goto cleanup;
		}
		error_set(err, SLDS_EDATA,
			  "submission %s was already received with different content",
			  in->submission_key);
		error_hint(err, "A submission folder must not change once received: send the corrected files as a new submission folder.");
		rc = SLDS_EDATA;
		goto cleanup;
	}
	id = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	res = NULL;
	for (i = 0; i < m->nfiles; i++) {
		const struct manifest_file *f = &m->files[i];
		char size[24], rows[24], rejected[24];
		const char *params[8];
		PGresult *r;

		snprintf(size, sizeof(size), "%llu", f->size);
		snprintf(rows, sizeof(rows), "%llu", f->rows);
		snprintf(rejected, sizeof(rejected), "%llu", f->rejected);
		params[0] = id;
		params[1] = f->name;
		params[2] = f->record;
		params[3] = f->format;
		params[4] = size;
		params[5] = f->sha256;
		params[6] = rows;
		params[7] = rejected;
		r = db_query(conn, file_sql, 8, params, err);
		if (!r) {
			rc = err->code;
			goto cleanup;
		}
		PQclear(r);
	}
	{
		const char *params[] = { in->submission_key, id, nfiles, hex };
		PGresult *r = db_query(conn, audit_sql, 4, params, err);

		if (!r) {
			rc = err->code;
			goto cleanup;
		}
		PQclear(r);
	}
	rc = db_exec(conn, "COMMIT", err);
	if (!rc)
		log_info("registered submission %s as %s", in->submission_key, id);

cleanup:
	if (res)
		PQclear(res);
	free(id);
	PQfinish(conn);
	return rc;
}

static int run_ingest(const struct ingest_options *opts, struct slds_error *err)
{
	struct ingest in;
	size_t i, nrec = catalog_nrecords();
	unsigned long long rows = 0, rejected = 0;
	char *manifest_path = NULL, *summary_path = NULL;
	char scratch[4096];
	int rc;

	memset(&in, 0, sizeof(in));
	in.opts = opts;
	in.outputs = xcalloc(nrec, sizeof(*in.outputs));
	if (!is_dir(opts->submission_dir)) {
		rc = error_set(err, SLDS_ENOENT, "submission folder \"%s\" does not exist",
			       opts->submission_dir);
		goto cleanup;
	}
	manifest_path = path_join(opts->submission_dir, MANIFEST_NAME);
	rc = manifest_read(&in.m, manifest_path, err);
	if (rc) {
		if (rc == SLDS_ENOENT) {
			error_set(err, SLDS_EDATA, "submission folder \"%s\" has no %s",
				  opts->submission_dir, MANIFEST_NAME);
			error_hint(err, "Every submission folder needs a manifest naming the LEA, school year, collection and files (docs/submission-spec.md).");
			rc = SLDS_EDATA;
		}
		goto cleanup;
	}
	in.submission_key = xstrfmt("%s/%s", in.m.lea_id,
				    base_name(opts->submission_dir, scratch, sizeof(scratch)));
	in.m.submission = xstrdup(in.submission_key);

	rc = mkdir_p(opts->output_dir, err);
	if (rc)
		goto cleanup;
	/* The summary is written last: its absence marks an incomplete output folder. */
	summary_path = path_join(opts->output_dir, SUBMISSION_NAME);
	if (unlink(summary_path) != 0 && errno != ENOENT) {
		rc = error_set(err, SLDS_EIO, "could not remove file \"%s\": %s", summary_path,
			       strerror(errno));
		goto cleanup;
	}
	for (i = 0; i < nrec; i++)
		in.outputs[i].rec = catalog_record_at(i);
	{
		char *rpath = path_join(opts->output_dir, REJECTS_FILE);

		rc = reject_writer_open(&in.rejects, rpath, err);
		free(rpath);
		in.rejects_open = 1;
		if (rc)
			goto cleanup;
	}
	for (i = 0; i < nrec; i++) {
		rc = open_output(&in, &in.outputs[i], err);
		if (rc)
			goto cleanup;
	}
	for (i = 0; i < in.m.nfiles; i++) {
		struct manifest_file *mf = &in.m.files[i];
		struct output *o = NULL;
		size_t k;

		if (!strcmp(mf->format, "edfi"))
			continue;	/* below, in the order their interchanges need */
		for (k = 0; k < nrec; k++)
			if (!strcmp(in.outputs[k].rec->name, mf->record))
				o = &in.outputs[k];
		rc = ingest_csv(&in, mf, o, err);
		if (rc)
			goto cleanup;
	}
	rc = ingest_edfi(&in, err);
	if (rc)
		goto cleanup;
	for (i = 0; i < in.m.nfiles; i++) {
		rows += in.m.files[i].rows;
		rejected += in.m.files[i].rejected;
	}
	for (i = 0; i < nrec; i++) {
		rc = canon_writer_commit(&in.outputs[i].w, err);
		in.outputs[i].open = 0;
		if (rc)
			goto cleanup;
	}
	rc = reject_writer_commit(&in.rejects, err);
	in.rejects_open = 0;
	if (rc)
		goto cleanup;
	rc = manifest_write(&in.m, summary_path, err);
	if (rc)
		goto cleanup;
	if (!opts->offline) {
		rc = register_submission(&in, err);
		if (rc)
			goto cleanup;
	}
	log_info("ingested submission %s: %zu files, %llu records, %llu rejected",
		 in.submission_key, in.m.nfiles, rows, rejected);

cleanup:
	for (i = 0; i < nrec; i++)
		if (in.outputs[i].open)
			canon_writer_abort(&in.outputs[i].w);
	if (in.rejects_open)
		reject_writer_abort(&in.rejects);
	free(in.outputs);
	free(in.submission_key);
	free(manifest_path);
	free(summary_path);
	manifest_release(&in.m);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "dbname", required_argument, NULL, 'd' },
		{ "edfi-map", required_argument, NULL, 'M' },
		{ "edfi-schemas", required_argument, NULL, 'X' },
		CLI_OPTION_HELP,
		{ "offline", no_argument, NULL, 'O' },
		CLI_OPTION_QUIET,
		{ "spec", no_argument, NULL, 'S' },
		CLI_OPTION_VERBOSE,
		CLI_OPTION_VERSION,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const args[] = { "submission folder", "output folder" };
	struct ingest_options opts;
	struct slds_error err = SLDS_ERROR_INIT;
	char *bindir = NULL;
	int c, code;

	log_init(argv[0]);
	if (cli_early_help(argc, argv, help))
		return SLDS_EXIT_OK;
	memset(&opts, 0, sizeof(opts));
	/* At most one of each per argument: room for all of them. */
	opts.edfi_maps = xcalloc((size_t)argc, sizeof(*opts.edfi_maps));
	opts.edfi_schemas = xcalloc((size_t)argc, sizeof(*opts.edfi_schemas));
	while ((c = getopt_long(argc, argv, "d:" CLI_SHORT_OPTIONS, long_options, NULL)) != -1) {
		if (cli_common_option(c, help, &code) > 0)
			goto done;
		switch (c) {
		case 'd':
			opts.dbname = optarg;
			break;
		case 'M':
			opts.edfi_maps[opts.nedfi_maps++] = optarg;
			break;
		case 'X':
			opts.edfi_schemas[opts.nedfi_schemas++] = optarg;
			break;
		case 'O':
			opts.offline = 1;
			break;
		case 'S':
			spec_write(stdout);
			code = SLDS_EXIT_OK;
			goto done;
		}
	}
	if ((code = cli_check_args(argc - optind, argv + optind, 2, 2, args)) != 0)
		goto done;
	if (opts.offline && opts.dbname) {
		code = cli_usage_error("options --offline and --dbname cannot be used together");
		goto done;
	}
	opts.submission_dir = argv[optind];
	opts.output_dir = argv[optind + 1];
	bindir = cli_program_dir(argv[0]);
	opts.bindir = bindir;
	code = cli_exit(run_ingest(&opts, &err), &err);

done:
	free(bindir);
	free(opts.edfi_maps);
	free(opts.edfi_schemas);
	return code;
}

static void help(const char *progname)
{
	printf("%s reads an LEA's submission folder into canonical files.\n\n", progname);
	printf("Usage:\n");
	printf("  %s [OPTION]... SUBMISSION_DIR OUTPUT_DIR\n\n", progname);
	printf("SUBMISSION_DIR holds manifest.ini and the files it names; OUTPUT_DIR\n"
	       "receives one canonical file per record type, rejects.copy and\n"
	       "submission.ini.\n\n");
	printf("Options:\n");
	printf("  -d, --dbname=CONNINFO     register the submission in this database\n"
	       "                            (default: libpq's PG* environment variables)\n");
	printf("      --edfi-map=FILE       also map Ed-Fi descriptors with this table, after\n"
	       "                            the installed %s (repeatable)\n", EDFI_MAP_FILE);
	printf("      --edfi-schemas=DIR    validate Ed-Fi files against the bulk schemas in\n"
	       "                            DIR, one folder per Data Standard (repeatable)\n");
	printf("      --offline             read only; do not register the submission\n");
	printf("  -q, --quiet               print errors only\n");
	printf("      --spec                print the submission file specification (Markdown)\n");
	printf("  -v, --verbose             print progress (repeat for debugging output)\n");
	printf("  -V, --version             output version information, then exit\n");
	printf("  -?, --help                show this help, then exit\n\n");
	printf("Exit status: 0 success, 64 bad invocation, 65 submission rejected\n"
	       "(the message says why), 66 submission folder missing, 75 database\n"
	       "unreachable (safe to retry), 1 other failure.\n");
}
