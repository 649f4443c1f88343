/*
 * check_edfi_map.c: unit tests for ingest/edfi_map.c, the Ed-Fi descriptor
 * table: lookups (case, white space, "*" namespaces, codes the state does not
 * collect, a later file overriding an earlier one) and the tables it refuses.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "edfi_map.h"
#include "error.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char table[] =
	"namespace,code_value,code_set,code\n"
	"# a comment, with a comma\n"
	"uri://ed-fi.org/GradeLevelDescriptor,Fifth grade,grade_level,05\n"
	"uri://ed-fi.org/DisabilityDescriptor,\"Hearing Impairment, including Deafness\",disability,HI\n"
	"uri://ed-fi.org/ProgramTypeDescriptor,Gifted and Talented,program,\n"
	"uri://state.example/EntryTypeDescriptor,*,entry_code,*\n"
	"uri://ed-fi.org/StudentIdentificationSystemDescriptor,State,edfi,ssid\n";

static char *write_table(const char *name, const char *text)
{
	char *path = ut_path(ut_dir, name);

	ut_write_file(path, text, strlen(text));
	return path;
}

static const struct {
	const char *codeset, *value;
	int found;
	const char *code;	/* NULL: mapped to no code */
} lookups[] = {
	{ "grade_level", "uri://ed-fi.org/GradeLevelDescriptor#Fifth grade", 1, "05" },
	{ "grade_level", "  URI://ED-FI.ORG/gradeleveldescriptor#FIFTH GRADE \n", 1, "05" },
	{ "grade_level", "uri://ed-fi.org/GradeLevelDescriptor#Sixth grade", 0, NULL },
	{ "sex", "uri://ed-fi.org/GradeLevelDescriptor#Fifth grade", 0, NULL },
	{ "grade_level", "Fifth grade", 0, NULL },
	{ "disability", "uri://ed-fi.org/DisabilityDescriptor#Hearing Impairment, including Deafness", 1, "HI" },
	{ "program", "uri://ed-fi.org/ProgramTypeDescriptor#Gifted and Talented", 1, NULL },
	{ "entry_code", "uri://state.example/EntryTypeDescriptor#E2", 1, "E2" },
	{ "entry_code", "uri://state.example/EntryTypeDescriptor#E9", 0, NULL },
	{ "exit_code", "uri://state.example/EntryTypeDescriptor#W1", 0, NULL },
	{ "edfi", "uri://ed-fi.org/StudentIdentificationSystemDescriptor#State", 1, "ssid" },
	{ "grade_level", "", 0, NULL },
};

START_TEST(test_lookup_maps_values_as_the_table_says)
{
	struct edfi_map m = EDFI_MAP_INIT;
	struct slds_error err = SLDS_ERROR_INIT;
	char *path = write_table("t.csv", table);
	const char *code = "unset";
	int found;

	ck_assert_int_eq(edfi_map_load(&m, path, &err), 0);
	found = edfi_map_lookup(&m, lookups[_i].codeset, lookups[_i].value,
				strlen(lookups[_i].value), &code);
	ck_assert_msg(found == lookups[_i].found, "%s in %s: found %d", lookups[_i].value,
		      lookups[_i].codeset, found);
	if (found && lookups[_i].code)
		ck_assert_str_eq(code, lookups[_i].code);
	else if (found)
		ck_assert_ptr_null(code);
	edfi_map_release(&m);
	free(path);
}
END_TEST

START_TEST(test_a_later_file_overrides_an_earlier_one)
{
	struct edfi_map m = EDFI_MAP_INIT;
	struct slds_error err = SLDS_ERROR_INIT;
	char *a = write_table("a.csv", table);
	char *b = write_table("b.csv", "namespace,code_value,code_set,code\n"
			      "uri://ed-fi.org/GradeLevelDescriptor,Fifth grade,grade_level,06\n");
	const char *code;
	static const char v[] = "uri://ed-fi.org/GradeLevelDescriptor#Fifth grade";

	ck_assert_int_eq(edfi_map_load(&m, a, &err), 0);
	ck_assert_int_eq(edfi_map_load(&m, b, &err), 0);
	ck_assert_int_eq(edfi_map_lookup(&m, "grade_level", v, strlen(v), &code), 1);
	ck_assert_str_eq(code, "06");
	ck_assert_uint_eq(m.rows, 6);
	edfi_map_release(&m);
	free(a);
	free(b);
}
END_TEST

static const struct {
	const char *text;
	int rc;
	const char *message;
} bad[] = {
	{ "", SLDS_EDATA, "is not an Ed-Fi descriptor table" },
	{ "a,b,c,d\n", SLDS_EDATA, "is not an Ed-Fi descriptor table" },
	{ "namespace,code_value,code_set,code\nuri://x,y,shoe_size,9\n", SLDS_EDATA,
	  "line 2: unknown code set \"shoe_size\"" },
	{ "namespace,code_value,code_set,code\nuri://x,y,grade_level,13\n", SLDS_EDATA,
	  "line 2: \"13\" is not a code of code set \"grade_level\"" },
	{ "namespace,code_value,code_set,code\nuri://x,y,grade_level\n", SLDS_EDATA,
	  "line 2: 3 fields where" },
	{ "namespace,code_value,code_set,code\nuri://x,*,grade_level,05\n", SLDS_EDATA,
	  "line 2: a \"*\" code value needs \"*\" as its code" },
	{ "namespace,code_value,code_set,code\nuri://x,y,edfi,nonsense\n", SLDS_EDATA,
	  "is not a code of code set \"edfi\"" },
};

START_TEST(test_a_broken_table_gives_edata_naming_file_and_line)
{
	struct edfi_map m = EDFI_MAP_INIT;
	struct slds_error err = SLDS_ERROR_INIT;
	char *path = write_table("bad.csv", bad[_i].text);

	ck_assert_int_eq(edfi_map_load(&m, path, &err), bad[_i].rc);
	ck_assert_msg(err.message && strstr(err.message, bad[_i].message),
		      "case %d: message \"%s\" lacks \"%s\"", _i, err.message, bad[_i].message);
	error_clear(&err);
	edfi_map_release(&m);
	free(path);
}
END_TEST

START_TEST(test_a_missing_table_gives_enoent)
{
	struct edfi_map m = EDFI_MAP_INIT;
	struct slds_error err = SLDS_ERROR_INIT;
	char *path = ut_path(ut_dir, "none.csv");

	ck_assert_int_eq(edfi_map_load(&m, path, &err), SLDS_ENOENT);
	error_clear(&err);
	edfi_map_release(&m);
	free(path);
}
END_TEST

static Suite *edfi_map_suite(void)
{
	Suite *s = suite_create("edfi_map");
	TCase *tc = tcase_create("map");

	ut_scratch(tc);
	tcase_add_loop_test(tc, test_lookup_maps_values_as_the_table_says, 0, N(lookups));
	tcase_add_test(tc, test_a_later_file_overrides_an_earlier_one);
	tcase_add_loop_test(tc, test_a_broken_table_gives_edata_naming_file_and_line, 0, N(bad));
	tcase_add_test(tc, test_a_missing_table_gives_enoent);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(edfi_map_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
