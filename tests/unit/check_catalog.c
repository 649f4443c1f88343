/*
 * check_catalog.c: unit tests for catalog.c, the record catalog.
 *
 * Most tests walk the whole catalog, one loop iteration per record or per
 * field, so that a field added to catalog.c is checked without an edit here:
 * its names must be unique snake_case, its documentation complete, its code
 * set real, its example a valid value of its own type, and every CSV header
 * name it documents must find it, however an LEA spells the case and the
 * separators.  The header and code tables below pin down the matching rules
 * with named examples and near misses.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "catalog.h"
#include "parse.h"
#include "reject.h"
#include "ssid.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The _i-th field of the whole catalog, records in order; its record in *rec. */
static const struct field_def *field_at(size_t i, const struct record_def **rec)
{
	size_t r;

	for (r = 0; r < catalog_nrecords(); r++) {
		const struct record_def *d = catalog_record_at(r);

		if (i < d->nfields) {
			*rec = d;
			return &d->fields[i];
		}
		i -= d->nfields;
	}
	ck_abort_msg("field %zu is beyond the catalog", i);
	return NULL;
}

static size_t catalog_nfields(void)
{
	size_t r, n = 0;

	for (r = 0; r < catalog_nrecords(); r++)
		n += catalog_record_at(r)->nfields;
	return n;
}

static int is_snake_case(const char *s)
{
	const char *p;

	if (!(*s >= 'a' && *s <= 'z'))
		return 0;
	for (p = s; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return 0;
		if (*p == '_' && (p[1] == '_' || p[1] == '\0'))
			return 0;
	}
	return 1;
}

/* Records */

START_TEST(test_catalog_has_records_and_lookup_by_name_finds_each)
{
	size_t r;

	ck_assert_uint_gt(catalog_nrecords(), 0);
	for (r = 0; r < catalog_nrecords(); r++) {
		const struct record_def *rec = catalog_record_at(r);

		ck_assert_ptr_nonnull(rec);
		ck_assert_ptr_eq(catalog_record(rec->name), rec);
		ck_assert_msg(is_snake_case(rec->name), "record name \"%s\" is not snake_case",
			      rec->name);
		ck_assert_msg(rec->code && strlen(rec->code) == 3, "record %s has no 3-letter code",
			      rec->name);
		ck_assert_msg(rec->description && *rec->description, "record %s has no description",
			      rec->name);
		ck_assert_msg(rec->table && strchr(rec->table, '.'),
			      "record %s has no schema-qualified table", rec->name);
		ck_assert_uint_gt(rec->nfields, 0);
	}
	ck_assert_ptr_null(catalog_record_at(catalog_nrecords()));
	ck_assert_ptr_null(catalog_record("pupil"));
	ck_assert_ptr_null(catalog_record(""));
	ck_assert_ptr_null(catalog_record("Student"));
}
END_TEST

START_TEST(test_record_codes_are_unique)
{
	size_t a, b;

	for (a = 0; a < catalog_nrecords(); a++)
		for (b = 0; b < a; b++)
			ck_assert_msg(strcmp(catalog_record_at(a)->code, catalog_record_at(b)->code),
				      "records %s and %s share code %s", catalog_record_at(a)->name,
				      catalog_record_at(b)->name, catalog_record_at(a)->code);
}
END_TEST

/* _i is a record index. */
START_TEST(test_record_field_names_are_unique_snake_case_and_found_by_index)
{
	const struct record_def *rec = catalog_record_at((size_t)_i);
	size_t i, j;

	for (i = 0; i < rec->nfields; i++) {
		const char *name = rec->fields[i].name;

		ck_assert_msg(is_snake_case(name), "%s.%s is not snake_case", rec->name, name);
		for (j = 0; j < i; j++)
			ck_assert_msg(strcmp(name, rec->fields[j].name),
				      "%s.%s is defined twice", rec->name, name);
		ck_assert_int_eq(record_field_index(rec, name), (int)i);
		for (j = 0; j < CATALOG_NPROVENANCE; j++)
			ck_assert_msg(strcmp(name, catalog_provenance[j]),
				      "%s.%s clashes with a provenance column", rec->name, name);
	}
	ck_assert_int_eq(record_field_index(rec, "no_such_field"), -1);
	ck_assert_int_eq(record_field_index(rec, ""), -1);
}
END_TEST

/* Fields: _i runs over every field of every record. */

START_TEST(test_field_has_csv_names_description_and_example)
{
	const struct record_def *rec;
	const struct field_def *f = field_at((size_t)_i, &rec);

	ck_assert_msg(f->csv_names && *f->csv_names, "%s.%s has no csv_names", rec->name, f->name);
	ck_assert_msg(!strstr(f->csv_names, "||") && f->csv_names[0] != '|' &&
		      f->csv_names[strlen(f->csv_names) - 1] != '|',
		      "%s.%s has an empty name in csv_names \"%s\"", rec->name, f->name,
		      f->csv_names);
	ck_assert_msg(f->description && *f->description, "%s.%s has no description",
		      rec->name, f->name);
	ck_assert_msg(f->example && *f->example, "%s.%s has no example", rec->name, f->name);
	ck_assert_msg(f->max_len > 0, "%s.%s has no max_len", rec->name, f->name);
	if (f->type == FIELD_INT || f->type == FIELD_DECIMAL)
		ck_assert_msg(f->min <= f->max, "%s.%s has min > max", rec->name, f->name);
}
END_TEST

START_TEST(test_code_field_names_an_existing_code_set)
{
	const struct record_def *rec;
	const struct field_def *f = field_at((size_t)_i, &rec);
	const struct codeset_def *set;
	size_t i;

	if (f->type != FIELD_CODE)
		return;
	ck_assert_msg(f->codeset != NULL, "%s.%s is a code without a code set", rec->name,
		      f->name);
	set = catalog_codeset(f->codeset);
	ck_assert_msg(set != NULL, "%s.%s names code set \"%s\", which does not exist",
		      rec->name, f->name, f->codeset);
	ck_assert_uint_gt(set->nvalues, 0);
	for (i = 0; i < set->nvalues; i++)
		ck_assert_msg(strlen(set->values[i].code) <= f->max_len,
			      "code \"%s\" of set %s is longer than %s.%s allows",
			      set->values[i].code, set->name, rec->name, f->name);
}
END_TEST

/*
 * The example printed in the submission spec must pass the very checks
 * validation applies to the field, or the documentation teaches LEAs to send
 * rejected values.
 */
START_TEST(test_field_example_passes_its_own_type_check)
{
	const struct record_def *rec;
	const struct field_def *f = field_at((size_t)_i, &rec);
	const char *e = f->example;
	size_t len = strlen(e);
	struct date d;
	int64_t v;
	int r;

	ck_assert_msg(len <= f->max_len, "%s.%s example \"%s\" is longer than %u bytes",
		      rec->name, f->name, e, f->max_len);
	switch (f->type) {
	case FIELD_TEXT:
		ck_assert_msg(utf8_valid(e, len), "%s.%s example is not UTF-8", rec->name, f->name);
		break;
	case FIELD_CODE:
		ck_assert_ptr_nonnull(catalog_codeset(f->codeset));
		ck_assert_msg(codeset_contains(catalog_codeset(f->codeset), e, len),
			      "%s.%s example \"%s\" is not in code set %s", rec->name, f->name, e,
			      f->codeset);
		break;
	case FIELD_INT:
		r = parse_int64(e, len, f->min, f->max, &v);
		ck_assert_msg(r == PARSE_OK, "%s.%s example \"%s\" %s", rec->name, f->name, e,
			      parse_strerror(r));
		break;
	case FIELD_DECIMAL:
		r = parse_decimal(e, len, f->scale, f->min, f->max, &v);
		ck_assert_msg(r == PARSE_OK, "%s.%s example \"%s\" %s", rec->name, f->name, e,
			      parse_strerror(r));
		break;
	case FIELD_DATE:
		r = parse_date(e, len, &d);
		ck_assert_msg(r == PARSE_OK, "%s.%s example \"%s\" %s", rec->name, f->name, e,
			      parse_strerror(r));
		break;
	case FIELD_SSID:
		ck_assert_msg(ssid_is_valid(e, len), "%s.%s example \"%s\" is not a valid SSID",
			      rec->name, f->name, e);
		break;
	default:
		ck_abort_msg("%s.%s has unknown type %d", rec->name, f->name, (int)f->type);
	}
}
END_TEST

/* How an LEA might spell a header name: the catalog's spelling, rewritten. */
enum spelling {
	SPELL_AS_IS,
	SPELL_LOWER,
	SPELL_UPPER,
	SPELL_SPACE_TO_UNDERSCORE,
	SPELL_SPACE_TO_HYPHEN,
	SPELL_SPACE_TO_SLASH,
	SPELL_NO_SPACES,
	SPELL_PADDED,		/* separators around and between every character */
	SPELL_COUNT
};

static void respell(const char *name, size_t len, enum spelling how, char *out, size_t size)
{
	size_t i, o = 0;

	ck_assert_uint_lt(len * 2 + 4, size);
	if (how == SPELL_PADDED)
		out[o++] = ' ';
	for (i = 0; i < len; i++) {
		char c = name[i];

		switch (how) {
		case SPELL_LOWER:
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			break;
		case SPELL_UPPER:
			if (c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			break;
		case SPELL_SPACE_TO_UNDERSCORE:
			if (c == ' ')
				c = '_';
			break;
		case SPELL_SPACE_TO_HYPHEN:
			if (c == ' ')
				c = '-';
			break;
		case SPELL_SPACE_TO_SLASH:
			if (c == ' ')
				c = '/';
			break;
		case SPELL_NO_SPACES:
			if (c == ' ')
				continue;
			break;
		default:
			break;
		}
		out[o++] = c;
		if (how == SPELL_PADDED)
			out[o++] = "-_/ "[i % 4];
	}
	out[o] = '\0';
}

START_TEST(test_every_csv_name_in_every_spelling_finds_its_field)
{
	const struct record_def *rec;
	const struct field_def *f = field_at((size_t)_i, &rec);
	int want = record_field_index(rec, f->name);
	const char *names = f->csv_names;
	char header[256];
	int how, got;

	while (*names) {
		const char *bar = strchr(names, '|');
		size_t n = bar ? (size_t)(bar - names) : strlen(names);

		for (how = 0; how < SPELL_COUNT; how++) {
			respell(names, n, (enum spelling)how, header, sizeof(header));
			got = record_field_by_header(rec, header, strlen(header));
			ck_assert_msg(got == want, "header \"%s\" (a spelling of \"%.*s\") gave %s, expected %s.%s",
				      header, (int)n, names, got >= 0 ? rec->fields[got].name : "no field",
				      rec->name, f->name);
		}
		names = bar ? bar + 1 : names + n;
	}
}
END_TEST

START_TEST(test_canonical_field_name_is_accepted_as_header)
{
	const struct record_def *rec;
	const struct field_def *f = field_at((size_t)_i, &rec);
	int got = record_field_by_header(rec, f->name, strlen(f->name));

	ck_assert_msg(got == record_field_index(rec, f->name), "header \"%s\" gave %d in %s",
		      f->name, got, rec->name);
}
END_TEST

struct header_case {
	const char *record;
	const char *header;
	const char *field;	/* NULL: no field */
};

static const struct header_case header_cases[] = {
	{ "student", "Local Student ID", "local_id" },
	{ "student", "local student id", "local_id" },
	{ "student", "LOCAL_STUDENT_ID", "local_id" },
	{ "student", "Local-Student-ID", "local_id" },
	{ "student", "LocalStudentID", "local_id" },
	{ "student", " Local  Student ID ", "local_id" },
	{ "student", "local_id", "local_id" },
	{ "student", "Birth Date", "birth_date" },
	{ "student", "DOB", "birth_date" },
	{ "student", "d.o.b", NULL },		/* '.' is not a separator */
	{ "student", "Date of Birth", "birth_date" },
	{ "student", "birth_date", "birth_date" },
	{ "student", "Race/Ethnicity", "race_ethnicity" },
	{ "student", "State Student ID", "ssid" },
	{ "student", "Student ID", "local_id" },
	/* near misses */
	{ "student", "Birth", NULL },
	{ "student", "Local Student IDs", NULL },
	{ "student", "Local Student", NULL },
	{ "student", "Student", NULL },
	{ "student", "DOBB", NULL },
	{ "student", "", NULL },
	{ "student", " - _ / ", NULL },
	{ "student", "L\xC3\xB3" "cal Student ID", NULL },
	/* a field of another record is not a field of this one */
	{ "student", "Grade", NULL },
	{ "enrollment", "Grade", "grade_level" },
	{ "enrollment", "Birth Date", NULL },
	{ "enrollment", "School Year", "school_year" },
	{ "enrollment", "SCHOOL-ID", "school_id" },
	{ "enrollment", "Full Time Equivalency", "fte" },
};

START_TEST(test_record_field_by_header_table_gives_expected_field)
{
	const struct header_case *c = &header_cases[_i];
	const struct record_def *rec = catalog_record(c->record);
	int got;

	ck_assert_ptr_nonnull(rec);
	got = record_field_by_header(rec, c->header, strlen(c->header));
	if (!c->field)
		ck_assert_msg(got == -1, "%s header \"%s\" matched %s, expected no field",
			      c->record, c->header, got >= 0 ? rec->fields[got].name : "?");
	else
		ck_assert_msg(got >= 0 && !strcmp(rec->fields[got].name, c->field),
			      "%s header \"%s\" gave %s, expected %s", c->record, c->header,
			      got >= 0 ? rec->fields[got].name : "no field", c->field);
}
END_TEST

START_TEST(test_record_field_by_header_reads_only_len_bytes)
{
	const struct record_def *rec = catalog_record("student");
	int dob = record_field_index(rec, "birth_date");

	ck_assert_int_ge(dob, 0);
	ck_assert_int_eq(record_field_by_header(rec, "DOBxyz", 3), dob);
	ck_assert_int_eq(record_field_by_header(rec, "DOBxyz", 4), -1);
	ck_assert_int_eq(record_field_by_header(rec, "DOB\0x", 5), -1);
	ck_assert_int_eq(record_field_by_header(rec, "DOB", 0), -1);
}
END_TEST

/* Code sets */

struct code_case {
	const char *set;
	const char *code;
	size_t len;
	int in;
};

static const struct code_case code_cases[] = {
	{ "sex", "F", 1, 1 },
	{ "sex", "M", 1, 1 },
	{ "sex", "f", 1, 0 },		/* case-sensitive */
	{ "sex", "FF", 2, 0 },		/* length-checked */
	{ "sex", "F ", 2, 0 },
	{ "sex", " F", 2, 0 },
	{ "sex", "", 0, 0 },
	{ "sex", "F\0", 2, 0 },
	{ "sex", "Female", 6, 0 },	/* the description is not a code */
	{ "sex", "FX", 1, 1 },		/* only len bytes are read */
	{ "grade_level", "05", 2, 1 },
	{ "grade_level", "5", 1, 0 },
	{ "grade_level", "005", 3, 0 },
	{ "grade_level", "KG", 2, 1 },
	{ "grade_level", "kg", 2, 0 },
	{ "grade_level", "K", 1, 0 },	/* a prefix of a code */
	{ "race_ethnicity", "HI7", 3, 1 },
	{ "race_ethnicity", "HI", 2, 0 },
	{ "race_ethnicity", "HI77", 4, 0 },
	{ "exit_code", "W2", 2, 1 },
	{ "entry_code", "W2", 2, 0 },	/* a code of another set */
};

START_TEST(test_codeset_contains_table_matches_exactly)
{
	const struct code_case *c = &code_cases[_i];
	const struct codeset_def *set = catalog_codeset(c->set);

	ck_assert_ptr_nonnull(set);
	ck_assert_msg(codeset_contains(set, c->code, c->len) == c->in,
		      "codeset_contains(%s, \"%.*s\", %zu) should be %d", c->set, (int)c->len,
		      c->code, c->len, c->in);
}
END_TEST

START_TEST(test_every_code_of_every_field_set_is_contained_and_unique)
{
	const struct record_def *rec;
	const struct field_def *f = field_at((size_t)_i, &rec);
	const struct codeset_def *set;
	size_t i, j;

	if (f->type != FIELD_CODE)
		return;
	set = catalog_codeset(f->codeset);
	ck_assert_ptr_nonnull(set);
	ck_assert_str_eq(set->name, f->codeset);
	for (i = 0; i < set->nvalues; i++) {
		const char *code = set->values[i].code;

		ck_assert_uint_gt(strlen(code), 0);
		ck_assert(codeset_contains(set, code, strlen(code)));
		ck_assert_msg(set->values[i].description && *set->values[i].description,
			      "code %s of %s has no description", code, set->name);
		for (j = 0; j < i; j++)
			ck_assert_msg(strcmp(code, set->values[j].code), "code %s twice in %s",
				      code, set->name);
	}
}
END_TEST

START_TEST(test_catalog_codeset_of_unknown_name_is_null)
{
	ck_assert_ptr_null(catalog_codeset("colour"));
	ck_assert_ptr_null(catalog_codeset(""));
	ck_assert_ptr_null(catalog_codeset("Sex"));
	ck_assert_ptr_nonnull(catalog_codeset("sex"));
}
END_TEST

struct type_case {
	enum field_type type;
	const char *name;
};

static const struct type_case type_cases[] = {
	{ FIELD_TEXT, "text" }, { FIELD_CODE, "code" }, { FIELD_INT, "integer" },
	{ FIELD_DECIMAL, "decimal" }, { FIELD_DATE, "date" }, { FIELD_SSID, "ssid" },
};

START_TEST(test_field_type_name_names_each_type)
{
	ck_assert_str_eq(field_type_name(type_cases[_i].type), type_cases[_i].name);
}
END_TEST

static Suite *catalog_suite(void)
{
	Suite *s = suite_create("catalog");
	int nrecords = (int)catalog_nrecords(), nfields = (int)catalog_nfields();
	TCase *tc;

	tc = tcase_create("records");
	tcase_add_test(tc, test_catalog_has_records_and_lookup_by_name_finds_each);
	tcase_add_test(tc, test_record_codes_are_unique);
	tcase_add_loop_test(tc, test_record_field_names_are_unique_snake_case_and_found_by_index,
			    0, nrecords);
	suite_add_tcase(s, tc);

	tc = tcase_create("fields");
	tcase_add_loop_test(tc, test_field_has_csv_names_description_and_example, 0, nfields);
	tcase_add_loop_test(tc, test_code_field_names_an_existing_code_set, 0, nfields);
	tcase_add_loop_test(tc, test_field_example_passes_its_own_type_check, 0, nfields);
	tcase_add_loop_test(tc, test_field_type_name_names_each_type, 0, N(type_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("headers");
	tcase_add_loop_test(tc, test_every_csv_name_in_every_spelling_finds_its_field, 0, nfields);
	tcase_add_loop_test(tc, test_canonical_field_name_is_accepted_as_header, 0, nfields);
	tcase_add_loop_test(tc, test_record_field_by_header_table_gives_expected_field,
			    0, N(header_cases));
	tcase_add_test(tc, test_record_field_by_header_reads_only_len_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("codesets");
	tcase_add_loop_test(tc, test_codeset_contains_table_matches_exactly, 0, N(code_cases));
	tcase_add_loop_test(tc, test_every_code_of_every_field_set_is_contained_and_unique,
			    0, nfields);
	tcase_add_test(tc, test_catalog_codeset_of_unknown_name_is_null);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(catalog_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
