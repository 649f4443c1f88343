/*
 * check_csv_reader.c: unit tests for ingest/csv_reader.c.
 *
 * The central test reads one input full of what LEAs send (a byte-order
 * mark, CRLF, quoted delimiters, quotes and line breaks, blank lines,
 * multi-byte UTF-8) with every read size from 1 to 64 bytes and the default,
 * and requires the same records, fields and line numbers every time: no
 * chunk boundary may change what is read.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "buf.h"
#include "csv_reader.h"
#include "error.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static char *dir;

static void setup(void)
{
	dir = ut_tmpdir();
}

static void teardown(void)
{
	ut_rmtree(dir);
	free(dir);
}

/*
 * Read a whole file into a transcript "line|f1|f2|...\n" per record; returns
 * the csv_reader_next() result that ended it (0 at a clean end).
 */
static int transcript(const char *text, size_t len, size_t block, char delim,
		      struct buf *out, struct slds_error *err)
{
	char *path = ut_path(dir, "in.csv");
	struct csv_reader r;
	int rc;

	ut_write_file(path, text, len);
	rc = csv_reader_open(&r, path, delim, err);
	ck_assert_int_eq(rc, 0);
	if (block)
		r.block_size = block;
	while ((rc = csv_reader_next(&r, err)) == 1) {
		size_t i;

		buf_addf(out, "%llu", r.row_line);
		for (i = 0; i < r.nfields; i++) {
			buf_addch(out, '|');
			buf_add(out, r.fields[i], r.lens[i]);
			ck_assert_int_eq(r.fields[i][r.lens[i]], '\0');
		}
		buf_addch(out, '\n');
	}
	csv_reader_close(&r);
	free(path);
	return rc;
}

static const char varied[] =
	"\xEF\xBB\xBF" "Local ID,Name,Note\r\n"
	"S1,\"Garc\xC3\xAD" "a, Ana\",plain\r\n"
	"\r\n"
	"S2,\"Bo \"\"Bobby\"\" Lee\",\"two\r\nlines\"\r\n"
	"\n"
	"  S3  ,  spaced  ,\t tab\t\r\n"
	"S4,\xE6\x9D\x8E\xE5\xB0\x8F\xE9\xBE\x99,\"a\nb\nc\"\n"
	"S5,,last line without newline";

static const char varied_expected[] =
	"1|Local ID|Name|Note\n"
	"2|S1|Garc\xC3\xAD" "a, Ana|plain\n"
	"4|S2|Bo \"Bobby\" Lee|two\r\nlines\n"
	"7|S3|spaced|\t tab\t\n"
	"8|S4|\xE6\x9D\x8E\xE5\xB0\x8F\xE9\xBE\x99|a\nb\nc\n"
	"11|S5||last line without newline\n";

START_TEST(test_every_read_size_gives_the_same_records_and_lines)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf got = BUF_INIT(1 << 20);
	/* _i is 0 for the default read size, else the read size itself. */
	int rc = transcript(varied, sizeof(varied) - 1, (size_t)_i, 0, &got, &err);

	ck_assert_int_eq(rc, 0);
	ck_assert_msg(!strcmp(got.data, varied_expected), "read size %d gave:\n%s", _i, got.data);
	buf_release(&got);
	error_clear(&err);
}
END_TEST

struct case_ {
	const char *what;
	const char *in;
	char delim;
	const char *expected;
};

static const struct case_ good[] = {
	{ "LF line ends", "a,b\n1,2\n", 0, "1|a|b\n2|1|2\n" },
	{ "CRLF line ends", "a,b\r\n1,2\r\n", 0, "1|a|b\n2|1|2\n" },
	{ "CR-only line ends", "a,b\r1,2\r", 0, "1|a|b\n2|1|2\n" },
	{ "tab detected", "a\tb\tc\n1\t2\t3\n", 0, "1|a|b|c\n2|1|2|3\n" },
	{ "pipe detected", "a|b|c,d\n1|2|3\n", 0, "1|a|b|c,d\n2|1|2|3\n" },
	{ "comma wins a tie", "a,b|c\n", 0, "1|a|b|c\n" },
	{ "a delimiter inside quotes does not count", "\"a|b|c\",d\n", 0, "1|a|b|c|d\n" },
	{ "declared delimiter", "a;b,c\n", ';', "1|a|b,c\n" },
	{ "an empty file has no records", "", 0, "" },
	{ "only a BOM has no records", "\xEF\xBB\xBF", 0, "" },
	{ "blank lines only", "\n\r\n\n", 0, "" },
	{ "empty fields", ",,\n", 0, "1|||\n" },
	{ "quoted empty field", "\"\",x\n", 0, "1||x\n" },
	{ "blank lines counted before a record", "\n\na\n", 0, "3|a\n" },
	{ "a quoted field keeps its spaces", "\"  a  \",b\n", 0, "1|  a  |b\n" },
};

START_TEST(test_table_of_good_inputs)
{
	const struct case_ *c = &good[_i];
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf got = BUF_INIT(1 << 20);
	int rc = transcript(c->in, strlen(c->in), 0, c->delim, &got, &err);

	ck_assert_msg(rc == 0, "%s: rc %d (%s)", c->what, rc, err.message ? err.message : "");
	ck_assert_msg(!strcmp(got.data, c->expected), "%s: got\n%s", c->what, got.data);
	buf_release(&got);
	error_clear(&err);
}
END_TEST

struct bad_case {
	const char *what;
	const char *in;
	size_t len;		/* 0: strlen */
	int code;
	const char *message;	/* a part of the message */
};

static const struct bad_case bad[] = {
	{ "malformed quoting", "a,b\n1,\"2\"x,3\n", 0, SLDS_EDATA,
	  "malformed quoting in the record starting on line 2" },
	{ "an unterminated quote at the end", "a,b\n\n1,\"2\n", 0, SLDS_EDATA,
	  "malformed quoting in the record starting on line 3" },
	{ "a NUL byte", "a,b\n1,\0002\n", 9, SLDS_EDATA, "has a NUL byte at offset 6" },
};

START_TEST(test_table_of_bad_inputs)
{
	const struct bad_case *c = &bad[_i];
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf got = BUF_INIT(1 << 20);
	int rc = transcript(c->in, c->len ? c->len : strlen(c->in), 0, 0, &got, &err);

	ck_assert_msg(rc == c->code, "%s: rc %d", c->what, rc);
	ck_assert_ptr_nonnull(err.message);
	ck_assert_msg(strstr(err.message, c->message), "%s: message \"%s\"", c->what, err.message);
	buf_release(&got);
	error_clear(&err);
}
END_TEST

START_TEST(test_a_field_over_the_limit_is_refused_with_the_limit_named)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf in = BUF_INIT(CSV_MAX_FIELD * 2 + 100);
	struct buf got = BUF_INIT(1 << 20);
	size_t i;
	int rc;

	buf_adds(&in, "a,b\nok,fine\nx,");
	for (i = 0; i <= CSV_MAX_FIELD; i++)
		buf_addch(&in, 'z');
	buf_adds(&in, "\n");
	rc = transcript(in.data, in.len, 0, 0, &got, &err);
	ck_assert_int_eq(rc, SLDS_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "line 3 is longer than 1048576 bytes"));
	ck_assert_str_eq(got.data, "1|a|b\n2|ok|fine\n");
	buf_release(&in);
	buf_release(&got);
	error_clear(&err);
}
END_TEST

START_TEST(test_a_field_at_the_limit_is_read)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf in = BUF_INIT(CSV_MAX_FIELD * 2 + 100);
	struct buf got = BUF_INIT(CSV_MAX_FIELD * 2);
	size_t i;

	buf_adds(&in, "x,");
	for (i = 0; i < CSV_MAX_FIELD; i++)
		buf_addch(&in, 'z');
	buf_adds(&in, "\n");
	ck_assert_int_eq(transcript(in.data, in.len, 0, 0, &got, &err), 0);
	ck_assert_uint_eq(got.len, 2 + 2 + CSV_MAX_FIELD + 1);
	buf_release(&in);
	buf_release(&got);
}
END_TEST

START_TEST(test_a_record_with_too_many_fields_is_refused)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf in = BUF_INIT(1 << 20);
	struct buf got = BUF_INIT(1 << 20);
	int i;

	buf_adds(&in, "a\n");
	for (i = 0; i <= CSV_MAX_FIELDS; i++)
		buf_adds(&in, i ? ",x" : "x");
	buf_adds(&in, "\n");
	ck_assert_int_eq(transcript(in.data, in.len, 0, 0, &got, &err), SLDS_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "line 2 has more than 1024 fields"));
	buf_release(&in);
	buf_release(&got);
	error_clear(&err);
}
END_TEST

START_TEST(test_a_missing_file_is_enoent)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct csv_reader r;
	char *path = ut_path(dir, "absent.csv");

	ck_assert_int_eq(csv_reader_open(&r, path, 0, &err), SLDS_ENOENT);
	ck_assert_ptr_nonnull(strstr(err.message, "could not open file"));
	csv_reader_close(&r);
	free(path);
	error_clear(&err);
}
END_TEST

START_TEST(test_a_large_file_is_read_in_order)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf in = BUF_INIT(64 << 20);
	char *path = ut_path(dir, "big.csv");
	struct csv_reader r;
	unsigned long long n = 0;
	int rc;

	buf_adds(&in, "id,name\n");
	for (n = 0; n < 200000; n++)
		buf_addf(&in, "%llu,\"name, %llu\"\n", n, n);
	ut_write_file(path, in.data, in.len);
	ck_assert_int_eq(csv_reader_open(&r, path, 0, &err), 0);
	ck_assert_int_eq(csv_reader_next(&r, &err), 1);
	for (n = 0; (rc = csv_reader_next(&r, &err)) == 1; n++) {
		char want[32];

		snprintf(want, sizeof(want), "%llu", n);
		ck_assert_str_eq(r.fields[0], want);
		ck_assert_uint_eq(r.row_line, n + 2);
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(n, 200000);
	ck_assert_uint_eq(r.bytes, in.len);
	csv_reader_close(&r);
	buf_release(&in);
	free(path);
}
END_TEST

static Suite *csv_reader_suite(void)
{
	Suite *s = suite_create("csv_reader");
	TCase *tc = tcase_create("read");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_every_read_size_gives_the_same_records_and_lines, 0, 65);
	tcase_add_loop_test(tc, test_table_of_good_inputs, 0, N(good));
	tcase_add_loop_test(tc, test_table_of_bad_inputs, 0, N(bad));
	tcase_add_test(tc, test_a_field_over_the_limit_is_refused_with_the_limit_named);
	tcase_add_test(tc, test_a_field_at_the_limit_is_read);
	tcase_add_test(tc, test_a_record_with_too_many_fields_is_refused);
	tcase_add_test(tc, test_a_missing_file_is_enoent);
	tcase_add_test(tc, test_a_large_file_is_read_in_order);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(csv_reader_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
