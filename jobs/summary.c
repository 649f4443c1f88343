/*
 * summary.c: the auditor's summary of a batch's rejections, across LEAs.
 *
 * For every submission folder of the inbox that validation has seen
 * (WORK/LEA/NAME/validate/), its submission.ini gives the records read and
 * rejected per file and its rejects.copy every broken rule; the summary
 * counts them by LEA and by rule (a fatal rule: the files it rejected
 * whole, its row on line 0, not the records listed under it) into OUTBOX/state/rejections-by-lea.csv,
 * rejections-by-rule.csv and one self-contained rejections.html.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "canon.h"
#include "error.h"
#include "fsutil.h"
#include "manifest.h"
#include "reject.h"
#include "summary.h"
#include "banned.h"

struct lea_count {
	char *lea;
	unsigned long long submissions, records, rejected, errors, warnings;
	unsigned long long files_rejected;	/* whole, by a fatal rule */
};

struct rule_count {
	char id[16];
	char severity[8];
	unsigned long long times, leas;
	char last_lea[32];		/* to count LEAs once: rows come LEA by LEA */
	char *message;			/* the first one seen */
};

struct summary {
	struct lea_count *leas;
	size_t nleas;
	struct rule_count *rules;
	size_t nrules;
};

static struct rule_count *rule_of(struct summary *s, const char *id, const char *severity,
				  const char *message)
{
	size_t i;

	for (i = 0; i < s->nrules; i++)
		if (!strcmp(s->rules[i].id, id))
			return &s->rules[i];
	s->rules = xreallocarray(s->rules, s->nrules + 1, sizeof(*s->rules));
	memset(&s->rules[s->nrules], 0, sizeof(*s->rules));
	snprintf(s->rules[s->nrules].id, sizeof(s->rules[0].id), "%s", id);
	snprintf(s->rules[s->nrules].severity, sizeof(s->rules[0].severity), "%s", severity);
	s->rules[s->nrules].message = xstrdup(message ? message : "");
	return &s->rules[s->nrules++];
}

/* Add one submission's counts; a submission not validated yet is skipped. */
static int add_submission(struct summary *s, struct lea_count *lc, const char *vdir,
			  struct slds_error *err)
{
	char *ini = path_join(vdir, SUBMISSION_NAME), *rejects = path_join(vdir, REJECTS_FILE);
	struct manifest m = MANIFEST_INIT;
	struct canon_reader r;
	int rc, reader_open = 0;
	size_t i;

	rc = manifest_read(&m, ini, err);
	if (rc == SLDS_ENOENT) {
		error_clear(err);
		rc = 0;
		goto cleanup;
	}
	if (rc)
		goto cleanup;
	lc->submissions++;
	for (i = 0; i < m.nfiles; i++) {
		lc->records += m.files[i].rows;
		lc->rejected += m.files[i].rejected;
	}
	rc = canon_reader_open(&r, rejects, err);
	reader_open = 1;
	if (!rc && r.ncols != REJECT_NCOLS)
		rc = error_set(err, SLDS_EDATA, "file \"%s\" is not a rejects file", rejects);
	while (!rc && (rc = canon_reader_next(&r, err)) == 1) {
		const char *rule = r.fields[6], *severity = r.fields[7];
		struct rule_count *rcnt;

		if (!rule || !severity)
			continue;
		/*
		 * A fatal rule counts the files it rejected (its row on line 0),
		 * not the records listed under it.
		 */
		if (!strcmp(severity, "fatal")) {
			if (!r.fields[2] || strcmp(r.fields[2], "0"))
				continue;
			lc->files_rejected++;
		}
		rcnt = rule_of(s, rule, severity, r.fields[8]);
		rcnt->times++;
		if (strcmp(rcnt->last_lea, lc->lea)) {
			rcnt->leas++;
			snprintf(rcnt->last_lea, sizeof(rcnt->last_lea), "%s", lc->lea);
		}
		if (!strcmp(severity, "warning"))
			lc->warnings++;
		else if (!strcmp(severity, "error"))
			lc->errors++;
	}
	if (rc > 0)
		rc = 0;
cleanup:
	if (reader_open)
		canon_reader_close(&r);
	manifest_release(&m);
	free(ini);
	free(rejects);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The subfolders of dir, sorted; NULL (and *n 0) if it cannot be read. */
static char **subdirs(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		char *p;

		if (e->d_name[0] == '.')
			continue;
		p = path_join(dir, e->d_name);
		if (is_dir(p)) {
			names = xreallocarray(names, *n + 1, sizeof(*names));
			names[(*n)++] = xstrdup(e->d_name);
		}
		free(p);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), by_name);
	return names;
}

static void free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int by_times(const void *a, const void *b)
{
	const struct rule_count *x = a, *y = b;

	if (x->times != y->times)
		return x->times < y->times ? 1 : -1;
	return strcmp(x->id, y->id);
}

static int write_outputs(struct summary *s, const char *out_dir, struct slds_error *err)
{
	struct buf lea_csv = BUF_INIT((size_t)-1 / 2), rule_csv = BUF_INIT((size_t)-1 / 2);
	struct buf page = BUF_INIT((size_t)-1 / 2);
	char *path;
	size_t i;
	int rc;

	if (s->nrules)
		qsort(s->rules, s->nrules, sizeof(*s->rules), by_times);
	buf_adds(&lea_csv, "lea_id,submissions,records,rejected,errors,warnings,files_rejected\n");
	buf_adds(&rule_csv, "rule,severity,times,leas,message\n");
	buf_adds(&page, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		 "<title>Rejections of the batch</title>\n<style>body{font-family:sans-serif;margin:2em}"
		 "table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #bbb;"
		 "padding:.3em .5em;text-align:left}th{background:#eee}.n{text-align:right}</style>\n"
		 "</head><body>\n<h1>Rejections of the batch, by LEA and by rule</h1>\n"
		 "<h2>By LEA</h2>\n<table id=\"leas\">\n<tr><th>LEA</th><th>submissions</th>"
		 "<th>records</th><th>rejected</th><th>errors</th><th>warnings</th>"
		 "<th>files rejected whole</th></tr>\n");
	for (i = 0; i < s->nleas; i++) {
		const struct lea_count *l = &s->leas[i];

		if (!l->submissions)
			continue;
		buf_addf(&lea_csv, "%s,%llu,%llu,%llu,%llu,%llu,%llu\n", l->lea, l->submissions,
			 l->records, l->rejected, l->errors, l->warnings, l->files_rejected);
		buf_adds(&page, "<tr><td>");
		buf_add_html(&page, l->lea);
		buf_addf(&page, "</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td>"
			 "<td class=\"n\">%llu</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td>"
			 "<td class=\"n\">%llu</td></tr>\n",
			 l->submissions, l->records, l->rejected, l->errors, l->warnings,
			 l->files_rejected);
	}
	buf_adds(&page, "</table>\n<h2>By rule</h2>\n<table id=\"rules\">\n<tr><th>rule</th>"
		 "<th>severity</th><th>times</th><th>LEAs</th><th>a message</th></tr>\n");
	for (i = 0; i < s->nrules; i++) {
		const struct rule_count *r = &s->rules[i];
		const char *m = r->message;

		buf_addf(&rule_csv, "%s,%s,%llu,%llu,\"", r->id, r->severity, r->times, r->leas);
		for (; *m; m++) {
			if (*m == '"')
				buf_addch(&rule_csv, '"');
			buf_addch(&rule_csv, *m);
		}
		buf_adds(&rule_csv, "\"\n");
		buf_addf(&page, "<tr><td>%s</td><td>%s</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td><td>",
			 r->id, r->severity, r->times, r->leas);
		buf_add_html(&page, r->message);
		buf_adds(&page, "</td></tr>\n");
	}
	buf_adds(&page, "</table>\n</body></html>\n");
	rc = mkdir_p(out_dir, err);
	if (!rc) {
		path = path_join(out_dir, "rejections-by-lea.csv");
		rc = write_file_atomic(path, lea_csv.data, lea_csv.len, err);
		free(path);
	}
	if (!rc) {
		path = path_join(out_dir, "rejections-by-rule.csv");
		rc = write_file_atomic(path, rule_csv.data, rule_csv.len, err);
		free(path);
	}
	if (!rc) {
		path = path_join(out_dir, "rejections.html");
		rc = write_file_atomic(path, page.data, page.len, err);
		free(path);
	}
	buf_release(&lea_csv);
	buf_release(&rule_csv);
	buf_release(&page);
	return rc;
}

int rejection_summary(const char *inbox, const char *work_dir, const char *out_dir,
		      struct slds_error *err)
{
	struct summary s = { NULL, 0, NULL, 0 };
	size_t nleas, i, k;
	char **leas = subdirs(inbox, &nleas);
	int rc = 0;

	s.leas = xcalloc(nleas ? nleas : 1, sizeof(*s.leas));
	for (i = 0; i < nleas && !rc; i++) {
		char *dir = path_join(inbox, leas[i]);
		size_t nsubs;
		char **subs = subdirs(dir, &nsubs);

		s.leas[s.nleas].lea = xstrdup(leas[i]);
		for (k = 0; k < nsubs && !rc; k++) {
			char *vdir = xstrfmt("%s/%s/%s/validate", work_dir, leas[i], subs[k]);

			rc = add_submission(&s, &s.leas[s.nleas], vdir, err);
			free(vdir);
		}
		s.nleas++;
		free_names(subs, nsubs);
		free(dir);
	}
	if (!rc)
		rc = write_outputs(&s, out_dir, err);
	for (i = 0; i < s.nleas; i++)
		free(s.leas[i].lea);
	for (i = 0; i < s.nrules; i++)
		free(s.rules[i].message);
	free(s.leas);
	free(s.rules);
	free_names(leas, nleas);
	return rc;
}
