/*
 * synth_describe.c: statistics of a generated state, from its files.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "catalog.h"
#include "error.h"
#include "fsutil.h"
#include "manifest.h"
#include "strset.h"
#include "synth_describe.h"
#include "banned.h"

#define LINE_MAX_LEN 4096
#define MAX_RECORD_TYPES 32

struct counter {
	char name[64];
	unsigned long long n;
};

struct stats {
	unsigned long long student_records, enrollment_records, part_time, twin_pairs;
	unsigned long long movers;	/* persons with records at two LEAs in one year */
	struct strset persons;		/* person ID -> records */
	struct strset person_years;	/* person ID + submission -> records */
	struct counter noise[32];
	size_t nnoise;
	struct counter exits[16];
	size_t nexits;
	struct counter errors[32];
	size_t nerrors;
	unsigned long long records[MAX_RECORD_TYPES];	/* rows by catalog record type */
};

static void count(struct counter *c, size_t *n, size_t max, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strlen(c[i].name) == len && !memcmp(c[i].name, name, len)) {
			c[i].n++;
			return;
		}
	if (*n < max && len < sizeof(c[0].name)) {
		memcpy(c[*n].name, name, len);
		c[*n].name[len] = '\0';
		c[(*n)++].n = 1;
	}
}

/* The nth (0-based) comma-separated field of line: pointer and length. */
static const char *field(const char *line, int nth, size_t *len)
{
	const char *p = line, *end;

	while (nth-- > 0) {
		p = strchr(p, ',');
		if (!p)
			return NULL;
		p++;
	}
	end = p + strcspn(p, ",\n");
	*len = (size_t)(end - p);
	return p;
}

static int open_or_fail(const char *path, FILE **fp, struct slds_error *err)
{
	*fp = fopen(path, "r");
	if (!*fp)
		return error_set(err, errno == ENOENT ? SLDS_ENOENT : SLDS_EIO,
				 "could not open file \"%s\": %s", path, strerror(errno));
	return 0;
}

static int read_persons(struct stats *st, const char *dir, struct slds_error *err)
{
	char *path = xstrfmt("%s/truth/persons.csv", dir), line[LINE_MAX_LEN];
	FILE *fp;
	int rc = open_or_fail(path, &fp, err);

	if (rc)
		goto cleanup;
	if (!fgets(line, sizeof(line), fp) || strncmp(line, "lea_id,submission,", 18)) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" is not a slds-synth truth file", path);
		goto cleanup;
	}
	while (fgets(line, sizeof(line), fp)) {
		size_t plen = 0, slen = 0, nlen = 0;
		const char *person = field(line, 5, &plen), *sub = field(line, 1, &slen);
		const char *noise = field(line, 6, &nlen);
		char key[128];
		uint64_t old;

		if (!person || !sub || !noise || plen + slen + 2 > sizeof(key)) {
			rc = error_set(err, SLDS_EDATA, "file \"%s\" has a malformed line", path);
			goto cleanup;
		}
		st->student_records++;
		if (!strset_add(&st->persons, person, plen, 1, &old))
			strset_set(&st->persons, person, plen, old + 1);
		/* The year is the first four characters of the submission name. */
		snprintf(key, sizeof(key), "%.*s|%.4s", (int)plen, person, sub);
		if (!strset_add(&st->person_years, key, strlen(key), 1, &old)) {
			if (old == 1)
				st->movers++;
			strset_set(&st->person_years, key, strlen(key), old + 1);
		}
		while (nlen > 0) {
			const char *semi = memchr(noise, ';', nlen);
			size_t n = semi ? (size_t)(semi - noise) : nlen;

			count(st->noise, &st->nnoise, 32, noise, n);
			if (!semi)
				break;
			nlen -= n + 1;
			noise = semi + 1;
		}
	}
cleanup:
	if (fp)
		fclose(fp);
	free(path);
	return rc;
}

static int read_enrollments(struct stats *st, const char *path, struct slds_error *err)
{
	char line[LINE_MAX_LEN];
	FILE *fp;
	int rc = open_or_fail(path, &fp, err);

	if (rc)
		return rc;
	if (!fgets(line, sizeof(line), fp))
		goto done;
	while (fgets(line, sizeof(line), fp)) {
		size_t len = 0;
		const char *fte = field(line, 9, &len), *code;

		st->enrollment_records++;
		if (fte && strncmp(fte, "1.00", 4))
			st->part_time++;
		code = field(line, 8, &len);
		if (code && len)
			count(st->exits, &st->nexits, 16, code, len);
	}
done:
	fclose(fp);
	return 0;
}

/* Rows of a CSV file: its lines but the header. */
static int count_rows(const char *path, unsigned long long *rows, struct slds_error *err)
{
	char chunk[64 * 1024];
	unsigned long long lines = 0;
	size_t n;
	FILE *fp;
	int rc = open_or_fail(path, &fp, err);

	if (rc)
		return rc;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		const char *p = chunk, *end = chunk + n;

		while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			lines++;
			p++;
		}
	}
	if (ferror(fp))
		rc = error_set(err, SLDS_EIO, "could not read file \"%s\": %s", path, strerror(errno));
	fclose(fp);
	*rows = lines ? lines - 1 : 0;
	return rc;
}

static size_t record_index(const char *name)
{
	size_t r;

	for (r = 0; r < catalog_nrecords() && r < MAX_RECORD_TYPES; r++)
		if (!strcmp(catalog_record_at(r)->name, name))
			break;
	return r;
}

/* The text of the first <tag>...</tag> in line, or NULL. */
static const char *xml_text(const char *line, const char *tag, size_t *len)
{
	char open[64];
	const char *p, *end;

	snprintf(open, sizeof(open), "<%s>", tag);
	p = strstr(line, open);
	if (!p)
		return NULL;
	p += strlen(open);
	end = strchr(p, '<');
	*len = end ? (size_t)(end - p) : strlen(p);
	return p;
}

/*
 * An Ed-Fi interchange slds-synth wrote, one entity a line: entities by the
 * record type they give.  Attendance events count once per student, school
 * and session year, as slds-ingest sums them.
 */
static int read_edfi(struct stats *st, const char *path, struct slds_error *err)
{
	static const struct {
		const char *element, *record;
	} kinds[] = {
		{ "LocalEducationAgency", "lea" }, { "School", "school" }, { "Staff", "staff" },
		{ "Credential", "credential" }, { "Course", "course" }, { "Section", "section" },
		{ "Student", "student" },
		{ "StudentSchoolAssociation", "enrollment" },
		{ "StudentSchoolAttendanceEvent", "attendance" },
		{ "CourseTranscript", "course_grade" }, { "StudentAssessment", "assessment" },
		{ "StudentSpecialEducationProgramAssociation", "special_ed" },
		{ "StudentProgramAssociation", "program" },
	};
	struct strset keys = STRSET_INIT;
	char *line = NULL;
	size_t cap = 0, k;
	ssize_t n;
	FILE *fp;
	int rc = open_or_fail(path, &fp, err);

	if (rc)
		return rc;
	while ((n = getline(&line, &cap, fp)) > 0) {
		const char *p = line, *v;
		size_t len, r;

		while (*p == '\t' || *p == ' ')
			p++;
		if (*p++ != '<')
			continue;
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			len = strlen(kinds[k].element);
			if (!strncmp(p, kinds[k].element, len) && p[len] == '>')
				break;
		}
		if (k == sizeof(kinds) / sizeof(kinds[0]))
			continue;
		r = record_index(kinds[k].record);
		if (!strcmp(kinds[k].record, "attendance")) {
			struct buf key = BUF_INIT(4096);
			const char *y;
			size_t ylen;

			v = xml_text(line, "StudentUniqueId", &len);
			if (v)
				buf_add(&key, v, len);
			buf_addch(&key, '\x1f');
			v = xml_text(line, "SchoolId", &len);
			if (v)
				buf_add(&key, v, len);
			buf_addch(&key, '\x1f');
			y = xml_text(line, "SchoolYear", &ylen);
			if (y)
				buf_add(&key, y, ylen);
			if (strset_add(&keys, key.data, key.len, 0, NULL) && r < MAX_RECORD_TYPES)
				st->records[r]++;
			buf_release(&key);
			continue;
		}
		if (r < MAX_RECORD_TYPES)
			st->records[r]++;
		if (!strcmp(kinds[k].record, "enrollment")) {
			st->enrollment_records++;
			v = xml_text(line, "FullTimeEquivalency", &len);
			if (v && strncmp(v, "1.00", 4))
				st->part_time++;
			v = xml_text(line, "ExitWithdrawType", &len);
			if (v) {
				const char *hash = memchr(v, '#', len);

				if (hash)
					count(st->exits, &st->nexits, 16, hash + 1,
					      len - (size_t)(hash + 1 - v));
			}
		}
	}
	if (ferror(fp))
		rc = error_set(err, SLDS_EIO, "could not read file \"%s\": %s", path, strerror(errno));
	free(line);
	strset_release(&keys);
	fclose(fp);
	return rc;
}

/* A submission's files, as its manifest lists them: rows by record type, enrollments. */
static int read_submission(struct stats *st, const char *sub, struct slds_error *err)
{
	struct manifest m = MANIFEST_INIT;
	char *path = xstrfmt("%s/%s", sub, MANIFEST_NAME);
	size_t i, r;
	int rc = manifest_read(&m, path, err);

	for (i = 0; i < m.nfiles && !rc; i++) {
		const struct manifest_file *mf = &m.files[i];
		char *f;
		unsigned long long rows = 0;

		if (!strcmp(mf->format, "edfi")) {
			f = xstrfmt("%s/%s", sub, mf->name);
			rc = read_edfi(st, f, err);
			free(f);
			continue;
		}
		if (strcmp(mf->format, "csv"))
			continue;
		f = xstrfmt("%s/%s", sub, mf->name);
		for (r = 0; r < catalog_nrecords() && r < MAX_RECORD_TYPES; r++)
			if (!strcmp(catalog_record_at(r)->name, mf->record))
				break;
		rc = count_rows(f, &rows, err);
		if (!rc && r < MAX_RECORD_TYPES)
			st->records[r] += rows;
		if (!rc && !strcmp(mf->record, "enrollment"))
			rc = read_enrollments(st, f, err);
		free(f);
	}
	manifest_release(&m);
	free(path);
	return rc;
}

/* Every inbox/LEA/SUBMISSION/. */
static int read_inbox(struct stats *st, const char *dir, struct slds_error *err)
{
	char *inbox = xstrfmt("%s/inbox", dir);
	DIR *d = opendir(inbox);
	struct dirent *e;
	int rc = 0;

	if (!d) {
		rc = error_set(err, errno == ENOENT ? SLDS_ENOENT : SLDS_EIO,
			       "could not open folder \"%s\": %s", inbox, strerror(errno));
		free(inbox);
		return rc;
	}
	while (!rc && (e = readdir(d)) != NULL) {
		char *lea = path_join(inbox, e->d_name);
		DIR *d2 = e->d_name[0] == '.' ? NULL : opendir(lea);
		struct dirent *e2;

		while (d2 && !rc && (e2 = readdir(d2)) != NULL) {
			char *f;

			if (e2->d_name[0] == '.')
				continue;
			f = xstrfmt("%s/%s", lea, e2->d_name);
			rc = read_submission(st, f, err);
			free(f);
		}
		if (d2)
			closedir(d2);
		free(lea);
	}
	closedir(d);
	free(inbox);
	return rc;
}

static int count_twins(struct stats *st, const char *dir, struct slds_error *err)
{
	char *path = xstrfmt("%s/truth/twins.csv", dir), line[256];
	FILE *fp;
	int rc = open_or_fail(path, &fp, err);

	if (!rc) {
		if (fgets(line, sizeof(line), fp))
			while (fgets(line, sizeof(line), fp))
				st->twin_pairs++;
		fclose(fp);
	}
	free(path);
	return rc;
}

/* truth/errors.csv, when the state has injected errors: count them by kind. */
static int count_errors(struct stats *st, const char *dir, struct slds_error *err)
{
	char *path = xstrfmt("%s/truth/errors.csv", dir), line[LINE_MAX_LEN];
	FILE *fp;
	int rc = open_or_fail(path, &fp, err);

	if (rc == SLDS_ENOENT) {
		error_clear(err);
		rc = 0;
	} else if (!rc) {
		if (fgets(line, sizeof(line), fp))
			while (fgets(line, sizeof(line), fp)) {
				size_t len = 0;
				const char *kind = field(line, 6, &len);

				if (kind)
					count(st->errors, &st->nerrors, 32, kind, len);
			}
		fclose(fp);
	}
	free(path);
	return rc;
}

int synth_describe(const char *dir, FILE *out, struct slds_error *err)
{
	struct stats st;
	size_t i;
	int rc;

	memset(&st, 0, sizeof(st));
	rc = read_persons(&st, dir, err);
	if (!rc)
		rc = read_inbox(&st, dir, err);
	if (!rc)
		rc = count_twins(&st, dir, err);
	if (!rc)
		rc = count_errors(&st, dir, err);
	if (rc)
		goto cleanup;
	fprintf(out, "student records: %llu\nenrollment records: %llu\n", st.student_records,
		st.enrollment_records);
	fprintf(out, "distinct persons: %zu\n", st.persons.count);
	fprintf(out, "twin pairs: %llu\n", st.twin_pairs);
	fprintf(out, "persons at two LEAs in one year (movers): %llu\n", st.movers);
	fprintf(out, "part-time enrollments (FTE below 1.00): %llu\n", st.part_time);
	fprintf(out, "enrollments by exit code:\n");
	for (i = 0; i < st.nexits; i++)
		fprintf(out, "  %-4s %llu\n", st.exits[i].name, st.exits[i].n);
	fprintf(out, "identity noise, share of student records:\n");
	for (i = 0; i < st.nnoise; i++)
		fprintf(out, "  %-20s %8llu  %6.3f%%\n", st.noise[i].name, st.noise[i].n,
			st.student_records ? 100.0 * (double)st.noise[i].n / (double)st.student_records
					   : 0.0);
	fprintf(out, "injected data errors (and rejections they cause):\n");
	for (i = 0; i < st.nerrors; i++)
		fprintf(out, "  %-20s %llu\n", st.errors[i].name, st.errors[i].n);
	fprintf(out, "records by type (rows of the CSV files, or what the Ed-Fi entities give):\n");
	for (i = 0; i < catalog_nrecords() && i < MAX_RECORD_TYPES; i++)
		fprintf(out, "  %-20s %llu\n", catalog_record_at(i)->name, st.records[i]);
cleanup:
	strset_release(&st.persons);
	strset_release(&st.person_years);
	return rc;
}
