/*
 * check_catalog.c: unit tests for catalog.c: the catalog is consistent, its
 * header matching is exact about names and lenient about spelling, and every
 * field's documented example is a valid value of the field.
 */
#include <ctype.h>
#include <string.h>

#include <check.h>

#include "catalog.h"
#include "parse.h"
#include "ssid.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

START_TEST(test_every_field_is_complete_and_consistent)
{
	size_t r, i, j;

	ck_assert_uint_gt(catalog_nrecords(), 0);
	for (r = 0; r < catalog_nrecords(); r++) {
		const struct record_def *rec = catalog_record_at(r);

		ck_assert_ptr_eq(catalog_record(rec->name), rec);
		ck_assert_ptr_nonnull(rec->code);
		ck_assert_ptr_nonnull(rec->table);
		for (i = 0; i < rec->nfields; i++) {
			const struct field_def *f = &rec->fields[i];
			const char *p;

			for (p = f->name; *p; p++)
				ck_assert_msg(islower((unsigned char)*p) || *p == '_' ||
					      isdigit((unsigned char)*p), "%s.%s", rec->name, f->name);
			for (j = 0; j < i; j++)
				ck_assert_msg(strcmp(f->name, rec->fields[j].name), "%s twice", f->name);
			ck_assert_msg(f->csv_names && f->description && f->example && f->max_len,
				      "%s.%s incomplete", rec->name, f->name);
			ck_assert_int_eq(record_field_index(rec, f->name), (int)i);
			if (f->type == FIELD_CODE)
				ck_assert_msg(catalog_codeset(f->codeset), "%s: no code set", f->name);
		}
	}
	ck_assert_ptr_null(catalog_record("pupil"));
	ck_assert_ptr_null(catalog_record_at(catalog_nrecords()));
}
END_TEST

START_TEST(test_every_example_is_a_valid_value)
{
	size_t r, i;

	for (r = 0; r < catalog_nrecords(); r++) {
		const struct record_def *rec = catalog_record_at(r);

		for (i = 0; i < rec->nfields; i++) {
			const struct field_def *f = &rec->fields[i];
			const char *e = f->example;
			size_t len = strlen(e);
			struct date d;
			int64_t v;
			int ok = 0;

			switch (f->type) {
			case FIELD_TEXT:
				ok = 1;
				break;
			case FIELD_CODE:
				ok = codeset_contains(catalog_codeset(f->codeset), e, len);
				break;
			case FIELD_INT:
				ok = parse_int64(e, len, f->min, f->max, &v) == PARSE_OK;
				break;
			case FIELD_DECIMAL:
				ok = parse_decimal(e, len, f->scale, f->min, f->max, &v) == PARSE_OK;
				break;
			case FIELD_DATE:
				ok = parse_date(e, len, &d) == PARSE_OK;
				break;
			case FIELD_SSID:
				ok = ssid_is_valid(e, len);
				break;
			}
			ck_assert_msg(ok && len <= f->max_len, "%s.%s example \"%s\"", rec->name,
				      f->name, e);
		}
	}
}
END_TEST

struct header_case {
	const char *record, *header, *field;	/* field NULL: no match */
};

static const struct header_case headers[] = {
	{ "student", "Local Student ID", "local_id" },
	{ "student", "local student id", "local_id" },
	{ "student", "LOCAL_STUDENT_ID", "local_id" },
	{ "student", "Local-Student-ID", "local_id" },
	{ "student", " Local  Student ID ", "local_id" },
	{ "student", "StudentUniqueId", "local_id" },
	{ "student", "local_id", "local_id" },
	{ "student", "Birth Date", "birth_date" },
	{ "student", "DOB", "birth_date" },
	{ "student", "Race/Ethnicity", "race_ethnicity" },
	{ "student", "Birth", NULL },
	{ "student", "Local Student IDs", NULL },
	{ "student", "", NULL },
	{ "enrollment", "Grade", "grade_level" },
	{ "enrollment", "Birth Date", NULL },
};

START_TEST(test_header_matching_table)
{
	const struct header_case *c = &headers[_i];
	const struct record_def *rec = catalog_record(c->record);
	int f = record_field_by_header(rec, c->header, strlen(c->header));

	if (!c->field)
		ck_assert_msg(f == -1, "\"%s\" matched %s", c->header, f >= 0 ? rec->fields[f].name : "");
	else
		ck_assert_msg(f >= 0 && !strcmp(rec->fields[f].name, c->field), "\"%s\"", c->header);
}
END_TEST

START_TEST(test_code_sets_match_exactly)
{
	const struct codeset_def *sex = catalog_codeset("sex");

	ck_assert(codeset_contains(sex, "F", 1));
	ck_assert(!codeset_contains(sex, "f", 1));
	ck_assert(!codeset_contains(sex, "FF", 2));
	ck_assert(!codeset_contains(sex, "", 0));
	ck_assert_ptr_null(catalog_codeset("colour"));
	ck_assert_str_eq(field_type_name(FIELD_DATE), "date");
}
END_TEST

static Suite *catalog_suite(void)
{
	Suite *s = suite_create("catalog");
	TCase *tc = tcase_create("catalog");

	tcase_add_test(tc, test_every_field_is_complete_and_consistent);
	tcase_add_test(tc, test_every_example_is_a_valid_value);
	tcase_add_loop_test(tc, test_header_matching_table, 0, N(headers));
	tcase_add_test(tc, test_code_sets_match_exactly);
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
