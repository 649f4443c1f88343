/*
 * edfi_map.c: the descriptor table, read from CSV files (edfi_map.h).
 */
#include <stdint.h>
#include <string.h>

#include "catalog.h"
#include "csv_reader.h"
#include "edfi_map.h"
#include "error.h"
#include "banned.h"

/* Longest key looked up: a longer descriptor value is simply not mapped. */
#define KEY_MAX 1024

/* What the table stores for an empty code, and for a "*" row. */
static const char no_code[] = "";
static const char same_code[] = "*";

static const struct code_value selector_codes[] = {
	{ "educator_id", "Identification system of the state's educator ID (staff)" },
	{ "excused", "Attendance event: an excused absence" },
	{ "final_grade", "Grade type of a final mark (Grade entities of other types are not course grades)" },
	{ "growth_percentile", "Assessment reporting method of the student growth percentile" },
	{ "home_address", "Address type of the student's home address (its ZIP code)" },
	{ "instructional_day", "Calendar event of a day that counts in an enrollment's membership" },
	{ "nces_id", "Identification system of the NCES identifier (LEA)" },
	{ "present", "Attendance event: a day in attendance" },
	{ "scale_score", "Assessment reporting method of the scale score" },
	{ "ssid", "Identification system of the state student identifier" },
	{ "tardy", "Attendance event: present, but late or leaving early" },
	{ "teacher_of_record", "Classroom position of a section's teacher of record" },
	{ "unexcused", "Attendance event: an unexcused absence" },
};

const struct codeset_def edfi_selector_set = {
	EDFI_SELECTORS, selector_codes, sizeof(selector_codes) / sizeof(selector_codes[0])
};

static const struct codeset_def *find_codeset(const char *name)
{
	return !strcmp(name, EDFI_SELECTORS) ? &edfi_selector_set : catalog_codeset(name);
}

/* The code of set equal to s[0..len), as the catalog spells it, or NULL. */
static const char *set_code(const struct codeset_def *set, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < set->nvalues; i++)
		if (strlen(set->values[i].code) == len && !memcmp(set->values[i].code, s, len))
			return set->values[i].code;
	return NULL;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Build "codeset\x1f" + the folded value (+ suffix) in key; its length, or 0
 * when it does not fit.
 */
static size_t make_key(char key[KEY_MAX], const char *codeset, const char *s, size_t len,
		       const char *suffix)
{
	size_t n = strlen(codeset), i, slen = strlen(suffix);

	while (len > 0 && is_space(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_space(s[len - 1]))
		len--;
	if (n + 1 + len + slen > KEY_MAX)
		return 0;
	memcpy(key, codeset, n);
	key[n++] = '\x1f';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		key[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	memcpy(key + n, suffix, slen);
	return n + slen;
}

static void put(struct edfi_map *m, const char *key, size_t len, const char *code)
{
	uint64_t v = (uint64_t)(uintptr_t)code;

	if (!strset_add(&m->index, key, len, v, NULL))
		strset_set(&m->index, key, len, v);
}

static int load_row(struct edfi_map *m, const struct csv_reader *csv, const char *path,
		    struct slds_error *err)
{
	const char *const *f = csv->fields;
	const struct codeset_def *set;
	const char *code;
	char key[KEY_MAX];
	size_t klen, nslen = csv->lens[0];

	if (csv->nfields != 4)
		return error_set(err, SLDS_EDATA,
				 "file \"%s\" line %llu: %zu fields where namespace, code_value, code_set and code are expected",
				 path, csv->row_line, csv->nfields);
	set = find_codeset(f[2]);
	if (!set)
		return error_set(err, SLDS_EDATA, "file \"%s\" line %llu: unknown code set \"%s\"",
				 path, csv->row_line, f[2]);
	if (!strcmp(f[1], "*")) {
		if (strcmp(f[3], "*"))
			return error_set(err, SLDS_EDATA,
					 "file \"%s\" line %llu: a \"*\" code value needs \"*\" as its code",
					 path, csv->row_line);
		code = same_code;
	} else if (!*f[3]) {
		code = no_code;
	} else {
		code = set_code(set, f[3], csv->lens[3]);
		if (!code)
			return error_set(err, SLDS_EDATA,
					 "file \"%s\" line %llu: \"%s\" is not a code of code set \"%s\"",
					 path, csv->row_line, f[3], f[2]);
	}
	/* The key is the descriptor URI: namespace '#' code value. */
	if (nslen + 1 + csv->lens[1] >= KEY_MAX)
		return error_set(err, SLDS_EDATA, "file \"%s\" line %llu: the descriptor is too long",
				 path, csv->row_line);
	{
		char uri[KEY_MAX];

		memcpy(uri, f[0], nslen);
		uri[nslen] = '#';
		memcpy(uri + nslen + 1, f[1], csv->lens[1]);
		klen = make_key(key, set->name, uri, nslen + 1 + csv->lens[1], "");
	}
	if (!klen)
		return error_set(err, SLDS_EDATA, "file \"%s\" line %llu: the descriptor is too long",
				 path, csv->row_line);
	put(m, key, klen, code);
	m->rows++;
	return 0;
}

int edfi_map_load(struct edfi_map *m, const char *path, struct slds_error *err)
{
	struct csv_reader csv;
	int rc = csv_reader_open(&csv, path, ',', err);

	if (rc)
		goto cleanup;
	rc = csv_reader_next(&csv, err);
	if (rc == 0 || (rc == 1 && (csv.nfields != 4 || strcmp(csv.fields[0], "namespace")))) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" is not an Ed-Fi descriptor table", path);
		error_hint(err, "Its first line must be \"namespace,code_value,code_set,code\".");
		goto cleanup;
	}
	while (rc == 1 && (rc = csv_reader_next(&csv, err)) == 1) {
		if (csv.nfields >= 1 && csv.fields[0][0] == '#')
			continue;
		rc = load_row(m, &csv, path, err);
		if (rc)
			goto cleanup;
		rc = 1;
	}

cleanup:
	csv_reader_close(&csv);
	return rc < 0 ? rc : 0;
}

int edfi_map_lookup(const struct edfi_map *m, const char *codeset, const char *s, size_t len,
		    const char **code)
{
	char key[KEY_MAX];
	const char *hash;
	size_t klen = make_key(key, codeset, s, len, "");
	uint64_t v;

	if (klen && strset_get(&m->index, key, klen, &v)) {
		*code = (const char *)(uintptr_t)v;
		if (*code == no_code)
			*code = NULL;
		return 1;
	}
	/* A namespace whose code values are the codes themselves. */
	hash = memchr(s, '#', len);
	if (!hash)
		return 0;
	klen = make_key(key, codeset, s, (size_t)(hash - s) + 1, "*");
	if (!klen || !strset_get(&m->index, key, klen, &v))
		return 0;
	{
		const struct codeset_def *set = find_codeset(codeset);
		const char *cv = hash + 1;
		size_t cvlen = len - (size_t)(cv - s);

		while (cvlen > 0 && is_space(cv[cvlen - 1]))
			cvlen--;
		*code = set ? set_code(set, cv, cvlen) : NULL;
		return *code != NULL;
	}
}

void edfi_map_release(struct edfi_map *m)
{
	strset_release(&m->index);
	m->rows = 0;
}
