/*
 * report.c: the rejection report (report.h).
 *
 * One pass over the rejects file: every row goes to report.csv as it is
 * read; rows of one record (consecutive, with the same file and line) are
 * gathered, and the record is kept as an example of each rule it broke,
 * while the rule has fewer than REPORT_EXAMPLES.  So memory holds the rules'
 * counts and a bounded number of examples, however many errors there are.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "canon.h"
#include "error.h"
#include "fsutil.h"
#include "reject.h"
#include "report.h"
#include "banned.h"

#define FLUSH_AT (256 * 1024)

/* Columns of the rejects file (reject_columns). */
enum { R_SUB, R_FILE, R_LINE, R_RECORD, R_LOCAL, R_FIELD, R_RULE, R_SEVERITY, R_MESSAGE };

struct group {
	char id[16];
	char severity[8];
	char *message;			/* the first row's */
	unsigned long long count;	/* rows */
	unsigned long long records;	/* records */
	unsigned long long listed;	/* of them in the rejects file */
	size_t nexamples;
	struct buf examples;		/* HTML table rows */
};

struct report {
	const struct rulebook *rb;
	struct group *groups;
	size_t ngroups;
	/* The record being gathered. */
	char *file, *line, *local_id;
	struct buf errors;		/* HTML: its errors */
	char ids[32][16];		/* the rules it broke */
	size_t nids;
};

static void csv_cell(struct buf *b, const char *s, int last)
{
	buf_add_csv(b, s);
	buf_addch(b, last ? '\n' : ',');
}

static struct group *group_of(struct report *rp, const char *id, const char *severity,
			      const char *message)
{
	size_t i;

	for (i = 0; i < rp->ngroups; i++)
		if (!strcmp(rp->groups[i].id, id))
			return &rp->groups[i];
	rp->groups = xreallocarray(rp->groups, rp->ngroups + 1, sizeof(*rp->groups));
	memset(&rp->groups[rp->ngroups], 0, sizeof(*rp->groups));
	snprintf(rp->groups[rp->ngroups].id, sizeof(rp->groups[0].id), "%s", id);
	snprintf(rp->groups[rp->ngroups].severity, sizeof(rp->groups[0].severity), "%s",
		 severity);
	rp->groups[rp->ngroups].message = xstrdup(message ? message : "");
	buf_init(&rp->groups[rp->ngroups].examples, (size_t)-1 / 2);
	return &rp->groups[rp->ngroups++];
}

/* The gathered record becomes an example of each rule it broke that needs one. */
static void end_record(struct report *rp)
{
	size_t i;

	for (i = 0; i < rp->nids; i++) {
		struct group *g = group_of(rp, rp->ids[i], "", NULL);

		g->records++;
		if (g->nexamples == REPORT_EXAMPLES)
			continue;
		g->nexamples++;
		buf_adds(&g->examples, "<tr><td>");
		buf_add_html(&g->examples, rp->file);
		buf_adds(&g->examples, "</td><td>");
		buf_add_html(&g->examples, rp->line);
		buf_adds(&g->examples, "</td><td>");
		buf_add_html(&g->examples, rp->local_id);
		buf_adds(&g->examples, "</td><td>");
		buf_add(&g->examples, rp->errors.data, rp->errors.len);
		buf_adds(&g->examples, "</td></tr>\n");
	}
	rp->nids = 0;
	buf_reset(&rp->errors);
	free(rp->file);
	free(rp->line);
	free(rp->local_id);
	rp->file = rp->line = rp->local_id = NULL;
}

/* A fatal rule's row for a whole file (line 0): in the box, not a record. */
static int is_file_row(const char *const *f)
{
	return f[R_SEVERITY] && !strcmp(f[R_SEVERITY], "fatal") && f[R_LINE] &&
	       !strcmp(f[R_LINE], "0");
}

static void add_row(struct report *rp, const char *const *f)
{
	size_t i;

	if (is_file_row(f))
		return;

	if (rp->file && (strcmp(rp->file, f[R_FILE] ? f[R_FILE] : "") ||
			 strcmp(rp->line, f[R_LINE] ? f[R_LINE] : "")))
		end_record(rp);
	if (!rp->file) {
		rp->file = xstrdup(f[R_FILE] ? f[R_FILE] : "");
		rp->line = xstrdup(f[R_LINE] ? f[R_LINE] : "");
		rp->local_id = xstrdup(f[R_LOCAL] ? f[R_LOCAL] : "");
	}
	group_of(rp, f[R_RULE], f[R_SEVERITY], f[R_MESSAGE])->count++;
	if (rp->errors.len)
		buf_adds(&rp->errors, "<br>");
	buf_adds(&rp->errors, "<b>");
	buf_add_html(&rp->errors, f[R_RULE]);
	buf_adds(&rp->errors, "</b> ");
	if (f[R_FIELD]) {
		buf_add_html(&rp->errors, f[R_FIELD]);
		buf_adds(&rp->errors, ": ");
	}
	buf_add_html(&rp->errors, f[R_MESSAGE]);
	for (i = 0; i < rp->nids; i++)
		if (!strcmp(rp->ids[i], f[R_RULE]))
			return;
	if (rp->nids < sizeof(rp->ids) / sizeof(rp->ids[0]))
		snprintf(rp->ids[rp->nids++], sizeof(rp->ids[0]), "%s", f[R_RULE]);
}

static int by_count(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->id, y->id);
}

static const struct group *group_named(const struct report *rp, const char *id)
{
	size_t i;

	for (i = 0; i < rp->ngroups; i++)
		if (!strcmp(rp->groups[i].id, id))
			return &rp->groups[i];
	return NULL;
}

/* The files rejected whole, before anything else. */
static void html_fatal(struct buf *b, const struct report *rp, const struct report_totals *t)
{
	size_t i;

	buf_adds(b, "<div class=\"fatal\">\n<h2>The submission is rejected: ");
	buf_adds(b, t->nfatal == 1 ? "a file breaks a fatal rule" : "files break fatal rules");
	buf_adds(b, "</h2>\n<p>A fatal rule rejects the whole file of a record that breaks it: "
		 "none of the file's records is accepted, and nothing of the submission is loaded. "
		 "Correct the file and send the submission again.</p>\n"
		 "<table id=\"fatal\">\n<tr><th>file</th><th>rule</th><th>records that break it</th>"
		 "<th>message</th><th>what it checks</th><th>how to fix</th></tr>\n");
	for (i = 0; i < t->nfatal; i++) {
		const struct report_fatal *f = &t->fatal[i];
		const struct group *g = group_named(rp, f->rule);
		const char *desc = NULL, *hint = NULL;

		rulebook_describe(rp->rb, f->rule, &desc, &hint);
		buf_adds(b, "<tr><td>");
		buf_add_html(b, f->file);
		buf_adds(b, "</td><td><a href=\"#");
		buf_add_html(b, f->rule);
		buf_adds(b, "\">");
		buf_add_html(b, f->rule);
		buf_addf(b, "</a></td><td class=\"n\">%llu</td><td>", f->records);
		buf_add_html(b, g ? g->message : "");
		buf_adds(b, "</td><td>");
		buf_add_html(b, desc ? desc : "");
		buf_adds(b, "</td><td>");
		buf_add_html(b, hint ? hint : "");
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</table>\n</div>\n");
}

static void html_page(struct buf *b, const struct report *rp, const struct manifest *m,
		      const struct report_totals *t)
{
	size_t i;

	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Rejection report ");
	buf_add_html(b, m->submission);
	buf_adds(b, "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:80em}"
		 "table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #bbb;"
		 "padding:.3em .5em;vertical-align:top;text-align:left}th{background:#eee}"
		 ".n{text-align:right}.error,.fatal{color:#a00}.warning{color:#850}"
		 "div.fatal{border:3px solid #a00;padding:0 1em;margin:1em 0}</style>\n</head><body>\n");
	buf_adds(b, "<h1>Rejection report</h1>\n<p>Submission <b>");
	buf_add_html(b, m->submission);
	buf_addf(b, "</b>, LEA %s, school year %d-%02d, collection %s.</p>\n", m->lea_id,
		 m->school_year - 1, m->school_year % 100, m->collection);
	if (t->nfatal)
		html_fatal(b, rp, t);
	buf_addf(b, "<table id=\"totals\">\n<tr><th>records received</th><td class=\"n\">%llu</td></tr>\n"
		 "<tr><th>accepted</th><td class=\"n\">%llu</td></tr>\n"
		 "<tr><th>rejected</th><td class=\"n\">%llu</td></tr>\n"
		 "<tr><th>accepted with warnings</th><td class=\"n\">%llu</td></tr>\n</table>\n",
		 t->received, t->accepted, t->rejected, t->warned);
	buf_adds(b, "<table id=\"files\">\n<tr><th>file</th><th>record type</th><th>rows read</th><th>rows rejected</th></tr>\n");
	for (i = 0; i < m->nfiles; i++) {
		buf_adds(b, "<tr><td>");
		buf_add_html(b, m->files[i].name);
		buf_adds(b, "</td><td>");
		buf_add_html(b, m->files[i].record);
		buf_addf(b, "</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td></tr>\n",
			 m->files[i].rows, m->files[i].rejected);
	}
	buf_adds(b, "</table>\n");
	if (rp->ngroups == 0) {
		buf_adds(b, "<p>No record breaks a rule.</p>\n</body></html>\n");
		return;
	}
	buf_adds(b, "<h2>Rules broken</h2>\n<table id=\"rules\">\n<tr><th>rule</th><th>severity</th>"
		 "<th>times</th><th>records</th><th>what it checks</th><th>how to fix</th></tr>\n");
	for (i = 0; i < rp->ngroups; i++) {
		const struct group *g = &rp->groups[i];
		const char *desc = NULL, *hint = NULL;

		rulebook_describe(rp->rb, g->id, &desc, &hint);
		buf_addf(b, "<tr><td><a href=\"#%s\">%s</a></td><td class=\"%s\">%s</td>"
			 "<td class=\"n\">%llu</td><td class=\"n\">%llu</td><td>", g->id, g->id,
			 g->severity, g->severity, g->count, g->records);
		buf_add_html(b, desc ? desc : g->message);
		buf_adds(b, "</td><td>");
		buf_add_html(b, hint ? hint : "");
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</table>\n");
	for (i = 0; i < rp->ngroups; i++) {
		const struct group *g = &rp->groups[i];

		buf_addf(b, "<h3 id=\"%s\">%s: %llu records</h3>\n", g->id, g->id, g->records);
		if (g->listed < g->records)
			buf_addf(b, "<p>The first %zu; report.csv lists the first %llu.</p>\n",
				 g->nexamples, g->listed);
		else if (g->records > g->nexamples)
			buf_addf(b, "<p>The first %zu; report.csv lists them all.</p>\n", g->nexamples);
		buf_adds(b, "<table>\n<tr><th>file</th><th>line</th><th>local ID</th><th>errors of the record</th></tr>\n");
		buf_add(b, g->examples.data, g->examples.len);
		buf_adds(b, "</table>\n");
	}
	buf_adds(b, "</body></html>\n");
}

int report_write(const char *dir, const char *rejects_path, const struct manifest *m,
		 const struct report_totals *t, const struct rulebook *rb,
		 struct slds_error *err)
{
	struct report rp;
	struct canon_reader r;
	struct atomic_file csv = ATOMIC_FILE_INIT;
	struct buf out = BUF_INIT((size_t)-1 / 2);
	char *path = NULL;
	size_t i;
	int rc, reader_open = 0;

	memset(&rp, 0, sizeof(rp));
	rp.rb = rb;
	buf_init(&rp.errors, (size_t)-1 / 2);
	rc = canon_reader_open(&r, rejects_path, err);
	reader_open = 1;
	if (!rc && r.ncols != REJECT_NCOLS)
		rc = error_set(err, SLDS_EDATA, "file \"%s\" is not a rejects file", rejects_path);
	if (rc)
		goto cleanup;
	path = path_join(dir, REPORT_CSV);
	rc = atomic_file_open(&csv, path, err);
	if (rc)
		goto cleanup;
	buf_adds(&out, "submission,file,line,record,local_id,field,rule,severity,message,hint\n");
	while ((rc = canon_reader_next(&r, err)) == 1) {
		const char *hint = NULL, *desc = NULL;
		const char *const *f = (const char *const *)r.fields;

		if (!f[R_RULE])
			continue;
		for (i = 0; i < REJECT_NCOLS; i++)
			csv_cell(&out, f[i], 0);
		rulebook_describe(rb, f[R_RULE], &desc, &hint);
		csv_cell(&out, hint, 1);
		add_row(&rp, f);
		if (out.len >= FLUSH_AT) {
			rc = atomic_file_write(&csv, out.data, out.len, err);
			buf_reset(&out);
			if (rc)
				goto cleanup;
		}
	}
	if (rc < 0)
		goto cleanup;
	if (rp.file)
		end_record(&rp);
	rc = atomic_file_write(&csv, out.data, out.len, err);
	if (!rc)
		rc = atomic_file_commit(&csv, err);
	if (rc)
		goto cleanup;
	for (i = 0; i < rp.ngroups; i++)
		rp.groups[i].listed = rp.groups[i].records;
	/* A fatal rule's rows list the first records that broke it: count them all. */
	for (i = 0; i < t->nfatal; i++) {
		struct group *g = (struct group *)group_named(&rp, t->fatal[i].rule);

		if (g) {
			g->count += t->fatal[i].records - t->fatal[i].listed;
			g->records += t->fatal[i].records - t->fatal[i].listed;
		}
	}
	if (rp.ngroups)	/* qsort() of NULL is undefined, even of nothing */
		qsort(rp.groups, rp.ngroups, sizeof(*rp.groups), by_count);
	buf_reset(&out);
	html_page(&out, &rp, m, t);
	free(path);
	path = path_join(dir, REPORT_HTML);
	rc = write_file_atomic(path, out.data, out.len, err);
cleanup:
	if (reader_open)
		canon_reader_close(&r);
	atomic_file_abort(&csv);
	for (i = 0; i < rp.ngroups; i++) {
		free(rp.groups[i].message);
		buf_release(&rp.groups[i].examples);
	}
	free(rp.groups);
	free(rp.file);
	free(rp.line);
	free(rp.local_id);
	buf_release(&rp.errors);
	buf_release(&out);
	free(path);
	return rc;
}
