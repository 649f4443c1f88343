/*
 * check_edfi_reader.c: unit tests for ingest/edfi_reader.c: libxml2's
 * messages without the document's values, Data Standard versions from
 * namespaces, and the start of a file (root element, DTDs refused).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "edfi_reader.h"
#include "error.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *in, *out;
} messages[] = {
	{ "Element '{http://ed-fi.org/5.2.0}EducationOrganizationId': '255901 ' is not a valid value of the atomic type 'xs:long'.\n",
	  "Element '{http://ed-fi.org/5.2.0}EducationOrganizationId': '...' is not a valid value of the atomic type 'xs:long'." },
	{ "Element '{http://ed-fi.org/5.2.0}FirstName': [facet 'maxLength'] The value 'Bartholomew' has a length of '11'; this exceeds the allowed maximum length of '10'.\n",
	  "Element '{http://ed-fi.org/5.2.0}FirstName': [facet 'maxLength'] The value '...' has a length of '11'; this exceeds the allowed maximum length of '10'." },
	{ "Input is not proper UTF-8, indicate encoding !\nBytes: 0xE9 0x65 0x3C 0x2F\n",
	  "Input is not proper UTF-8, indicate encoding !" },
	{ "Entity 'x' not defined\n", "Entity 'x' not defined" },
	{ "Premature end of data in tag Student line 3\n", "Premature end of data in tag Student line 3" },
	{ "[facet 'enumeration'] The value 'Q' is not an element of the set {'F', 'M'}.",
	  "[facet 'enumeration'] The value '...' is not an element of the set {'...', '...'}." },
	{ "AttValue: ' expected\n", "AttValue: ' expected" },
	{ "'2014-11-13' is not a valid value\n", "'...' is not a valid value" },
};

START_TEST(test_error_text_leaves_values_out)
{
	char out[400];

	edfi_error_text(messages[_i].in, out, sizeof(out));
	ck_assert_str_eq(out, messages[_i].out);
}
END_TEST

START_TEST(test_error_text_fits_a_small_buffer)
{
	char out[8];

	edfi_error_text(messages[0].in, out, sizeof(out));
	ck_assert_uint_eq(strlen(out), 7);
}
END_TEST

static const struct {
	const char *ns, *version;
	int major;
} standards[] = {
	{ "http://ed-fi.org/5.2.0", "5.2.0", 5 },
	{ "http://ed-fi.org/5.0.0", "5.0.0", 5 },
	{ "http://ed-fi.org/4.0.0-a", "4.0.0-a", 4 },
	{ "http://ed-fi.org/3.1.0", NULL, 0 },
	{ "http://ed-fi.org/6.0.0", NULL, 0 },
	{ "http://ed-fi.org/5", NULL, 0 },
	{ "http://example.org/5.2.0", NULL, 0 },
	{ "", NULL, 0 },
	{ "http://ed-fi.org/5.2.0 x", NULL, 0 },
};

START_TEST(test_data_standard_from_namespace)
{
	char version[32];
	int major = 0, rc = edfi_data_standard(standards[_i].ns, version, sizeof(version), &major);

	if (!standards[_i].version) {
		ck_assert_int_eq(rc, SLDS_EDATA);
		return;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(version, standards[_i].version);
	ck_assert_int_eq(major, standards[_i].major);
}
END_TEST

static const struct {
	const char *xml;
	int rc;
	const char *root_or_message;
} peeks[] = {
	{ "<?xml version=\"1.0\"?>\n<!-- c -->\n<InterchangeStudent xmlns=\"http://ed-fi.org/5.2.0\"><Student>",
	  0, "InterchangeStudent" },
	{ "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n<x/>", SLDS_EDATA,
	  "line 2: a document type declaration is not allowed" },
	{ "\x01\x02garbage", SLDS_EDATA, "not well-formed XML" },
	{ "", SLDS_EDATA, "file \"t.xml\" is empty" },
	{ "<?xml version=\"1.0\"?>\n<!-- only a comment -->\n", SLDS_EDATA, "not well-formed XML" },
};

START_TEST(test_peek_finds_the_root_or_refuses)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct edfi_doc doc;
	char *path = ut_path(ut_dir, "t.xml");
	int rc;

	ut_write_file(path, peeks[_i].xml, strlen(peeks[_i].xml));
	rc = edfi_peek(path, "t.xml", &doc, &err);
	ck_assert_int_eq(rc, peeks[_i].rc);
	if (rc == 0) {
		ck_assert_str_eq(doc.root, peeks[_i].root_or_message);
		ck_assert_str_eq(doc.ns, "http://ed-fi.org/5.2.0");
	} else {
		ck_assert_msg(strstr(err.message, peeks[_i].root_or_message),
			      "message \"%s\" lacks \"%s\"", err.message, peeks[_i].root_or_message);
	}
	error_clear(&err);
	free(path);
}
END_TEST

static Suite *edfi_reader_suite(void)
{
	Suite *s = suite_create("edfi_reader");
	TCase *tc = tcase_create("reader");

	ut_scratch(tc);
	tcase_add_loop_test(tc, test_error_text_leaves_values_out, 0, N(messages));
	tcase_add_test(tc, test_error_text_fits_a_small_buffer);
	tcase_add_loop_test(tc, test_data_standard_from_namespace, 0, N(standards));
	tcase_add_loop_test(tc, test_peek_finds_the_root_or_refuses, 0, N(peeks));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(edfi_reader_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
