/*
 * check_ini.c: unit tests for ini.c, the "key = value" reader.
 *
 * Each case is a file's text and the transcript of callbacks it must produce,
 * one "[section] key=value @line" per key and one "[section] @line" per
 * section header, or the exact error it must give.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "buf.h"
#include "error.h"
#include "ini.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define PATH_SIZE 4096

static char *tmpdir;
static char path[PATH_SIZE];

static void setup(void)
{
	tmpdir = ut_tmpdir();
	snprintf(path, sizeof(path), "%s/manifest.ini", tmpdir);
}

static void teardown(void)
{
	ut_rmtree(tmpdir);
	free(tmpdir);
}

struct recorder {
	struct buf transcript;
	unsigned calls;
	const char *stop_key;		/* return stop_code at this key */
	const char *stop_section;	/* or at this section header */
	int stop_code;
	int stop_sets_error;
};

static int record(const char *section, const char *key, const char *value,
		  unsigned line, void *ctx, struct slds_error *err)
{
	struct recorder *r = ctx;

	r->calls++;
	ck_assert_ptr_nonnull(section);
	if (!key) {
		/* a section header: key and value are both NULL */
		ck_assert_ptr_null(value);
		buf_addf(&r->transcript, "[%s] @%u\n", section, line);
		if (r->stop_section && !strcmp(section, r->stop_section)) {
			if (r->stop_sets_error)
				error_set(err, r->stop_code, "unknown section \"%s\"", section);
			return r->stop_code;
		}
		return 0;
	}
	ck_assert_ptr_nonnull(value);
	buf_addf(&r->transcript, "[%s] %s=%s @%u\n", section, key, value, line);
	if (r->stop_key && !strcmp(key, r->stop_key)) {
		if (r->stop_sets_error) {
			error_set(err, r->stop_code, "unknown key \"%s\"", key);
			error_detail(err, "Known keys are lea and year.");
		}
		return r->stop_code;
	}
	return 0;
}

static void recorder_init(struct recorder *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->transcript, 1 << 20);
}

/* Write text of len bytes to the manifest and parse it. */
static int parse_text(const char *text, size_t len, struct recorder *r, struct slds_error *err)
{
	ut_write_file(path, text, len);
	return ini_parse(path, record, r, err);
}

struct good_case {
	const char *what;
	const char *text;
	const char *transcript;
};

static const struct good_case good_cases[] = {
	{ "keys before any section have section \"\"",
	  "lea = 4801\nyear=2026\n",
	  "[] lea=4801 @1\n[] year=2026 @2\n" },
	{ "sections are reported and apply to the keys after them",
	  "lea = 4801\n[file students.csv]\nrecord = student\n[file enroll.csv]\nrecord=enrollment\n",
	  "[] lea=4801 @1\n[file students.csv] @2\n[file students.csv] record=student @3\n"
	  "[file enroll.csv] @4\n[file enroll.csv] record=enrollment @5\n" },
	{ "values may be empty",
	  "a =\nb=\nc =   \n",
	  "[] a= @1\n[] b= @2\n[] c= @3\n" },
	{ "comments and blank lines are skipped but counted",
	  "# comment\n; other comment\n   # indented\n\n\t\n  \nk = v\n",
	  "[] k=v @7\n" },
	{ "CRLF line ends are stripped",
	  "a = 1\r\n[s]\r\nb = 2\r\n\r\n",
	  "[] a=1 @1\n[s] @2\n[s] b=2 @3\n" },
	{ "the last line needs no newline",
	  "a = 1\nb = 2",
	  "[] a=1 @1\n[] b=2 @2\n" },
	{ "the last line may end in CR only",
	  "a = 1\r",
	  "[] a=1 @1\n" },
	{ "values keep '#', ';', '=' and inner blanks",
	  "pattern = a#b ; c = d\n",
	  "[] pattern=a#b ; c = d @1\n" },
	{ "blanks around key and value are trimmed",
	  "  \tkey\t=\tvalue with  spaces \t \n",
	  "[] key=value with  spaces @1\n" },
	{ "section text is trimmed but keeps inner blanks",
	  "[  file  a.csv  ]\nk=v\n",
	  "[file  a.csv] @1\n[file  a.csv] k=v @2\n" },
	{ "keys are letters, digits, '_', '.' and '-'",
	  "A_b.c-9 = x\n",
	  "[] A_b.c-9=x @1\n" },
	{ "an empty file calls nothing", "", "" },
	{ "blank lines only call nothing", "\n\n\n", "" },
	{ "a section without keys is still reported",
	  "[a]\n[b]\nk=v\n",
	  "[a] @1\n[b] @2\n[b] k=v @3\n" },
	{ "UTF-8 in values and sections passes through",
	  "[file \xc3\xa9t\xc3\xa9.csv]\nnote = caf\xc3\xa9\n",
	  "[file \xc3\xa9t\xc3\xa9.csv] @1\n[file \xc3\xa9t\xc3\xa9.csv] note=caf\xc3\xa9 @2\n" },
	{ "repeated keys are all passed on",
	  "a=1\na=2\n",
	  "[] a=1 @1\n[] a=2 @2\n" },
	{ "a section header may have blanks around it",
	  "  [s]  \nk=v\n",
	  "[s] @1\n[s] k=v @2\n" },
	{ "a UTF-8 byte-order mark at the start is skipped",
	  "\xef\xbb\xbf" "lea = 4801\n",
	  "[] lea=4801 @1\n" },
	{ "the same section may open twice",
	  "[s]\na=1\n[t]\n[s]\nb=2\n",
	  "[s] @1\n[s] a=1 @2\n[t] @3\n[s] @4\n[s] b=2 @5\n" },
};

START_TEST(test_ini_parse_valid_file_calls_back_per_key)
{
	const struct good_case *c = &good_cases[_i];
	struct slds_error err = SLDS_ERROR_INIT;
	struct recorder r;
	int ret;

	recorder_init(&r);
	ret = parse_text(c->text, strlen(c->text), &r, &err);
	ck_assert_msg(ret == 0, "%s: returned %d: %s", c->what, ret,
		      err.message ? err.message : "");
	ck_assert_msg(!strcmp(r.transcript.data, c->transcript),
		      "%s: transcript\n%s\nexpected\n%s", c->what, r.transcript.data, c->transcript);
	buf_release(&r.transcript);
}
END_TEST

struct bad_case {
	const char *what;
	const char *text;
	size_t len;	/* 0: strlen(text) */
	const char *message;	/* after "PATH" */
	unsigned calls;	/* callbacks made before the error */
};

static const struct bad_case bad_cases[] = {
	{ "a line without '='", "novalue\n", 0,
	  ":1: syntax error: expected \"key = value\"", 0 },
	{ "a key with a blank in it", "my key = v\n", 0,
	  ":1: syntax error: expected \"key = value\"", 0 },
	{ "key and value without '='", "key value\n", 0,
	  ":1: syntax error: expected \"key = value\"", 0 },
	{ "an empty key", "k = v\n= value\n", 0,
	  ":2: syntax error: expected \"key = value\"", 1 },
	{ "a non-ASCII key", "k\xc3\xa9 = v\n", 0,
	  ":1: syntax error: expected \"key = value\"", 0 },
	{ "a key with a bracket", "a]b = v\n", 0,
	  ":1: syntax error: expected \"key = value\"", 0 },
	{ "an unclosed section", "[unclosed\n", 0,
	  ":1: syntax error: expected \"]\" at end of section header", 0 },
	{ "text after a section", "[a] trailing\n", 0,
	  ":1: syntax error: expected \"]\" at end of section header", 0 },
	{ "an empty section", "[]\n", 0, ":1: syntax error: empty section name", 0 },
	{ "a blank section", "[ \t ]\n", 0, ":1: syntax error: empty section name", 0 },
	{ "a bracket inside a section", "[a]b]\n", 0,
	  ":1: syntax error: unexpected bracket in section name", 0 },
	{ "nested brackets", "[[a]]\n", 0,
	  ":1: syntax error: unexpected bracket in section name", 0 },
	{ "a NUL byte", "a = 1\nb = 2\0x\n", 13, ":2: line contains a NUL byte", 1 },
	{ "a control character", "a = 1\n\x01" "b = 2\n", 0,
	  ":2: line contains control character 0x01", 1 },
	{ "a bare CR inside a line", "a = x\ry\n", 0,
	  ":1: line contains control character 0x0D", 0 },
	{ "two CRs before LF", "a = 1\r\r\n", 0,
	  ":1: line contains control character 0x0D", 0 },
	{ "a DEL byte", "a = \x7f\n", 0, ":1: line contains control character 0x7F", 0 },
	{ "an escape sequence", "a = \x1b[31m\n", 0,
	  ":1: line contains control character 0x1B", 0 },
	{ "line numbers count blank and comment lines", "k = v\n\n\n# c\nbad\n", 0,
	  ":5: syntax error: expected \"key = value\"", 1 },
	{ "line numbers count CRLF lines", "k = v\r\n\r\nbad\r\n", 0,
	  ":3: syntax error: expected \"key = value\"", 1 },
	{ "the last line without newline is checked", "k = v\nbad", 0,
	  ":2: syntax error: expected \"key = value\"", 1 },
};

START_TEST(test_ini_parse_invalid_line_fails_with_edata_naming_path_and_line)
{
	const struct bad_case *c = &bad_cases[_i];
	struct slds_error err = SLDS_ERROR_INIT;
	struct recorder r;
	char expected[PATH_SIZE + 256];
	int ret;

	recorder_init(&r);
	ret = parse_text(c->text, c->len ? c->len : strlen(c->text), &r, &err);
	snprintf(expected, sizeof(expected), "%s%s", path, c->message);
	ck_assert_msg(ret == SLDS_EDATA, "%s: returned %d", c->what, ret);
	ck_assert_int_eq(err.code, SLDS_EDATA);
	ck_assert_msg(!strcmp(err.message, expected), "%s: message \"%s\", expected \"%s\"",
		      c->what, err.message, expected);
	ck_assert_msg(r.calls == c->calls, "%s: %u callbacks, expected %u", c->what,
		      r.calls, c->calls);
	error_clear(&err);
	buf_release(&r.transcript);
}
END_TEST

START_TEST(test_ini_parse_syntax_error_with_null_err_returns_edata)
{
	struct recorder r;

	recorder_init(&r);
	ck_assert_int_eq(parse_text("bad\n", 4, &r, NULL), SLDS_EDATA);
}
END_TEST

/* "k = " and then x's up to len bytes, and the line end. */
static char *line_of(size_t len, const char *end)
{
	char *s = malloc(len + strlen(end) + 1);

	memcpy(s, "k = ", 4);
	memset(s + 4, 'x', len - 4);
	memcpy(s + len, end, strlen(end) + 1);
	return s;
}

struct long_case {
	size_t len;
	const char *end;
	int result;
};

static const struct long_case long_cases[] = {
	{ 4096, "\n", 0 },
	{ 4096, "\r\n", 0 },	/* the CR is not part of the line */
	{ 4096, "", 0 },
	{ 4097, "\n", SLDS_EDATA },
	{ 4097, "", SLDS_EDATA },
	{ 100000, "\n", SLDS_EDATA },
};

START_TEST(test_ini_parse_accepts_4096_byte_line_and_rejects_longer)
{
	const struct long_case *c = &long_cases[_i];
	struct slds_error err = SLDS_ERROR_INIT;
	struct recorder r;
	char *text = line_of(c->len, c->end);
	char expected[PATH_SIZE + 256];

	recorder_init(&r);
	ck_assert_int_eq(parse_text(text, strlen(text), &r, &err), c->result);
	if (c->result == 0) {
		ck_assert_uint_eq(r.calls, 1);
		ck_assert_uint_eq(r.transcript.len, strlen("[] k=") + c->len - 4 + strlen(" @1\n"));
	} else {
		snprintf(expected, sizeof(expected), "%s:1: line is longer than 4096 bytes", path);
		ck_assert_str_eq(err.message, expected);
		ck_assert_uint_eq(r.calls, 0);
	}
	error_clear(&err);
	buf_release(&r.transcript);
	free(text);
}
END_TEST

START_TEST(test_ini_parse_accepts_1_mib_file_and_rejects_larger)
{
	enum { SIZE = 1024 * 1024 };
	struct slds_error err = SLDS_ERROR_INIT;
	struct recorder r;
	char *text = malloc(SIZE + 2);
	char expected[PATH_SIZE + 256];
	size_t i;

	/* 64-byte comment lines, then one key in the last line */
	for (i = 0; i < SIZE; i += 64) {
		memset(text + i, ' ', 63);
		text[i] = '#';
		text[i + 63] = '\n';
	}
	memcpy(text + SIZE - 64, "k = v", 5);
	recorder_init(&r);
	ck_assert_int_eq(parse_text(text, SIZE, &r, &err), 0);
	ck_assert_str_eq(r.transcript.data, "[] k=v @16384\n");

	text[SIZE] = '\n';
	ck_assert_int_eq(parse_text(text, SIZE + 1, &r, &err), SLDS_EDATA);
	snprintf(expected, sizeof(expected), "file \"%s\" is too large", path);
	ck_assert_str_eq(err.message, expected);
	ck_assert_str_eq(err.detail, "The limit is 1048576 bytes.");
	error_clear(&err);
	buf_release(&r.transcript);
	free(text);
}
END_TEST

struct abort_case {
	const char *stop_key, *stop_section;
	int code;
	int sets_error;
	const char *message;	/* after "PATH" */
	const char *transcript;
};

static const struct abort_case abort_cases[] = {
	{ "bad", NULL, SLDS_EDATA, 1, ":3: unknown key \"bad\"",
	  "[] lea=1 @1\n[s] @2\n[s] bad=2 @3\n" },
	{ "bad", NULL, SLDS_ELIMIT, 1, ":3: unknown key \"bad\"",
	  "[] lea=1 @1\n[s] @2\n[s] bad=2 @3\n" },
	{ "bad", NULL, SLDS_EINTERNAL, 1, ":3: unknown key \"bad\"",
	  "[] lea=1 @1\n[s] @2\n[s] bad=2 @3\n" },
	{ "bad", NULL, SLDS_EDATA, 0, ":3: unknown error",
	  "[] lea=1 @1\n[s] @2\n[s] bad=2 @3\n" },
	{ NULL, "s", SLDS_EDATA, 1, ":2: unknown section \"s\"",
	  "[] lea=1 @1\n[s] @2\n" },
};

START_TEST(test_ini_parse_stops_at_callback_failure_and_returns_its_code)
{
	const struct abort_case *c = &abort_cases[_i];
	static const char text[] = "lea = 1\n[s]\nbad = 2\nyear = 3\n";
	struct slds_error err = SLDS_ERROR_INIT;
	struct recorder r;
	char expected[PATH_SIZE + 256];

	recorder_init(&r);
	r.stop_key = c->stop_key;
	r.stop_section = c->stop_section;
	r.stop_code = c->code;
	r.stop_sets_error = c->sets_error;
	ck_assert_int_eq(parse_text(text, strlen(text), &r, &err), c->code);
	/* nothing after the failing line was seen */
	ck_assert_str_eq(r.transcript.data, c->transcript);
	snprintf(expected, sizeof(expected), "%s%s", path, c->message);
	ck_assert_str_eq(err.message, expected);
	if (c->sets_error && c->stop_key)
		ck_assert_str_eq(err.detail, "Known keys are lea and year.");
	error_clear(&err);
	buf_release(&r.transcript);
}
END_TEST

START_TEST(test_ini_parse_of_missing_file_fails_with_enoent)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct recorder r;
	char expected[PATH_SIZE + 256];

	recorder_init(&r);
	ck_assert_int_eq(ini_parse(path, record, &r, &err), SLDS_ENOENT);
	ck_assert_int_eq(err.code, SLDS_ENOENT);
	snprintf(expected, sizeof(expected),
		 "could not open file \"%s\": No such file or directory", path);
	ck_assert_str_eq(err.message, expected);
	ck_assert_uint_eq(r.calls, 0);
	error_clear(&err);
}
END_TEST

START_TEST(test_ini_parse_of_directory_fails_with_eio)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct recorder r;

	recorder_init(&r);
	ck_assert_int_eq(ini_parse(tmpdir, record, &r, &err), SLDS_EIO);
	ck_assert_int_eq(strncmp(err.message, "could not read file \"", 21), 0);
	error_clear(&err);
}
END_TEST

static Suite *ini_suite(void)
{
	Suite *s = suite_create("ini");
	TCase *tc;

	tc = tcase_create("valid");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_ini_parse_valid_file_calls_back_per_key, 0, N(good_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("invalid");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_ini_parse_invalid_line_fails_with_edata_naming_path_and_line,
			    0, N(bad_cases));
	tcase_add_test(tc, test_ini_parse_syntax_error_with_null_err_returns_edata);
	tcase_add_loop_test(tc, test_ini_parse_accepts_4096_byte_line_and_rejects_longer,
			    0, N(long_cases));
	tcase_add_test(tc, test_ini_parse_accepts_1_mib_file_and_rejects_larger);
	tcase_add_loop_test(tc, test_ini_parse_stops_at_callback_failure_and_returns_its_code,
			    0, N(abort_cases));
	tcase_add_test(tc, test_ini_parse_of_missing_file_fails_with_enoent);
	tcase_add_test(tc, test_ini_parse_of_directory_fails_with_eio);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ini_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
