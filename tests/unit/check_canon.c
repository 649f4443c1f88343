/*
 * check_canon.c: unit tests for canon.c, the canonical files stages hand
 * each other.
 *
 * The writer and the reader are tested against each other (every special
 * character written comes back as it went in, NULL stays apart from "" and
 * from the text "\N"), and each against fixed bytes: the reader on files
 * written here by hand, broken in every way a file can be, and the writer
 * by the exact bytes it leaves behind, or does not, on commit and abort.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <check.h>

#include "buf.h"
#include "canon.h"
#include "error.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const cols[] = { "_submission", "_file", "_line", "name", "note" };

/* Field values written and read back; NULL is SQL NULL. */
struct value_case {
	const char *what;
	const char *value;
	const char *escaped;	/* as it must appear in the file */
};

static const struct value_case value_cases[] = {
	{ "plain text", "plain", "plain" },
	{ "a tab", "a\tb", "a\\tb" },
	{ "a newline", "a\nb", "a\\nb" },
	{ "a carriage return", "a\rb", "a\\rb" },
	{ "CRLF", "a\r\nb", "a\\r\\nb" },
	{ "a backslash", "a\\b", "a\\\\b" },
	{ "a backslash at the end", "ab\\", "ab\\\\" },
	{ "only a backslash", "\\", "\\\\" },
	{ "the text \\N, not NULL", "\\N", "\\\\N" },
	{ "the text \\\\N", "\\\\N", "\\\\\\\\N" },
	{ "the text N", "N", "N" },
	{ "the text \\t, not a tab", "\\t", "\\\\t" },
	{ "an empty string, not NULL", "", "" },
	{ "NULL", NULL, "\\N" },
	{ "only a tab", "\t", "\\t" },
	{ "only specials", "\t\n\r\\", "\\t\\n\\r\\\\" },
	{ "two-byte UTF-8", "Garc\xC3\xAD" "a Mu\xC3\xB1oz", "Garc\xC3\xAD" "a Mu\xC3\xB1oz" },
	{ "three-byte UTF-8", "\xE6\x9D\x8E\xE5\xB0\x8F", "\xE6\x9D\x8E\xE5\xB0\x8F" },
	{ "four-byte UTF-8", "\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80" },
	{ "spaces kept", "  a  ", "  a  " },
	{ "a quote and a comma", "\"a,b\"", "\"a,b\"" },
};

static void write_value(struct canon_writer *w, const char *v, struct slds_error *err)
{
	int rc = v ? canon_writer_field(w, v, strlen(v), err) : canon_writer_null(w, err);

	ck_assert_msg(rc == 0, "writing a field failed: %s", err->message ? err->message : "");
}

/*
 * Write one row per value case into ut_dir/name: provenance, then the value in
 * "name" and the next case's value in "note".  Returns the path.
 */
static char *write_cases(const char *name)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	char *path = ut_path(ut_dir, name);
	size_t i;

	ck_assert_int_eq(canon_writer_open(&w, path, "test", cols, N(cols), &err), 0);
	for (i = 0; i < N(value_cases); i++) {
		char line[32];

		snprintf(line, sizeof(line), "%zu", i + 2);
		write_value(&w, "0101/sub", &err);
		write_value(&w, "f.csv", &err);
		ck_assert_int_eq(canon_writer_raw(&w, line, strlen(line), &err), 0);
		write_value(&w, value_cases[i].value, &err);
		write_value(&w, value_cases[(i + 1) % N(value_cases)].value, &err);
		ck_assert_int_eq(canon_writer_end_row(&w, &err), 0);
	}
	ck_assert_uint_eq(w.rows, N(value_cases));
	ck_assert_int_eq(canon_writer_commit(&w, &err), 0);
	ck_assert_ptr_null(err.message);
	return path;
}

static void assert_field(const struct canon_reader *r, size_t col, const char *want,
			 const char *what)
{
	if (!want) {
		ck_assert_msg(r->fields[col] == NULL, "%s: expected NULL, got \"%s\"", what,
			      r->fields[col]);
		return;
	}
	ck_assert_msg(r->fields[col] != NULL, "%s: expected \"%s\", got NULL", what, want);
	ck_assert_msg(r->lens[col] == strlen(want), "%s: length %zu, expected %zu", what,
		      r->lens[col], strlen(want));
	ck_assert_msg(!memcmp(r->fields[col], want, r->lens[col]), "%s: got \"%s\"", what,
		      r->fields[col]);
	ck_assert_int_eq(r->fields[col][r->lens[col]], '\0');
}

/* Round trip */

START_TEST(test_rows_with_every_special_character_read_back_identical)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_reader r;
	char *path = write_cases("t.copy");
	size_t i = 0;
	int rc;

	ck_assert_int_eq(canon_reader_open(&r, path, &err), 0);
	while ((rc = canon_reader_next(&r, &err)) == 1) {
		char line[32];

		ck_assert_uint_lt(i, N(value_cases));
		ck_assert_uint_eq(r.lineno, i + 2);
		snprintf(line, sizeof(line), "%zu", i + 2);
		assert_field(&r, 0, "0101/sub", "_submission");
		assert_field(&r, 1, "f.csv", "_file");
		assert_field(&r, 2, line, "_line");
		assert_field(&r, 3, value_cases[i].value, value_cases[i].what);
		assert_field(&r, 4, value_cases[(i + 1) % N(value_cases)].value,
			     value_cases[(i + 1) % N(value_cases)].what);
		i++;
	}
	ck_assert_msg(rc == 0, "reading failed: %s", err.message ? err.message : "");
	ck_assert_uint_eq(i, N(value_cases));
	/* The end stays the end. */
	ck_assert_int_eq(canon_reader_next(&r, &err), 0);
	canon_reader_close(&r);
	free(path);
}
END_TEST

/* Each value as a one-field row: the file holds exactly the COPY escape. */
START_TEST(test_value_is_written_with_copy_escapes_and_read_back)
{
	const struct value_case *c = &value_cases[_i];
	static const char *const one[] = { "v" };
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	struct canon_reader r;
	char *path = ut_path(ut_dir, "one.copy"), *text, *expect;
	size_t len;

	ck_assert_int_eq(canon_writer_open(&w, path, "one", one, 1, &err), 0);
	write_value(&w, c->value, &err);
	ck_assert_int_eq(canon_writer_end_row(&w, &err), 0);
	ck_assert_int_eq(canon_writer_commit(&w, &err), 0);

	text = ut_read_file(path, &len);
	expect = malloc(strlen(CANON_MAGIC) + strlen(c->escaped) + 16);
	ck_assert_ptr_nonnull(expect);
	snprintf(expect, strlen(CANON_MAGIC) + strlen(c->escaped) + 16, "%s one\tv\n%s\n",
		 CANON_MAGIC, c->escaped);
	ck_assert_msg(!strcmp(text, expect), "%s: file holds \"%s\"", c->what, text);

	ck_assert_int_eq(canon_reader_open(&r, path, &err), 0);
	ck_assert_int_eq(canon_reader_next(&r, &err), 1);
	assert_field(&r, 0, c->value, c->what);
	ck_assert_uint_eq(r.line.len, strlen(c->escaped));
	ck_assert(!memcmp(r.line.data, c->escaped, r.line.len));
	ck_assert_int_eq(canon_reader_next(&r, &err), 0);
	canon_reader_close(&r);
	free(expect);
	free(text);
	free(path);
}
END_TEST

START_TEST(test_header_round_trip_gives_record_name_and_columns)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_reader r;
	char *path = write_cases("h.copy"), *text;
	size_t k, len;

	text = ut_read_file(path, &len);
	ck_assert_msg(!strncmp(text, CANON_MAGIC " test\t_submission\t_file\t_line\tname\tnote\n",
			       strlen(CANON_MAGIC " test\t_submission\t_file\t_line\tname\tnote\n")),
		      "header is \"%.80s\"", text);
	ck_assert_int_eq(canon_reader_open(&r, path, &err), 0);
	ck_assert_str_eq(r.record, "test");
	ck_assert_uint_eq(r.ncols, N(cols));
	for (k = 0; k < N(cols); k++)
		ck_assert_str_eq(r.columns[k], cols[k]);
	ck_assert_uint_eq(r.lineno, 1);
	canon_reader_close(&r);
	free(text);
	free(path);
}
END_TEST

START_TEST(test_canon_reader_column_finds_exact_names_only)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_reader r;
	char *path = write_cases("c.copy");
	size_t k;

	ck_assert_int_eq(canon_reader_open(&r, path, &err), 0);
	for (k = 0; k < N(cols); k++)
		ck_assert_int_eq(canon_reader_column(&r, cols[k]), (int)k);
	ck_assert_int_eq(canon_reader_column(&r, "nothing"), -1);
	ck_assert_int_eq(canon_reader_column(&r, "Name"), -1);
	ck_assert_int_eq(canon_reader_column(&r, "nam"), -1);
	ck_assert_int_eq(canon_reader_column(&r, "names"), -1);
	ck_assert_int_eq(canon_reader_column(&r, ""), -1);
	ck_assert_int_eq(canon_reader_column(&r, "test"), -1);	/* the record, not a column */
	canon_reader_close(&r);
	free(path);
}
END_TEST

START_TEST(test_same_rows_written_twice_give_byte_identical_files)
{
	char *a = write_cases("a.copy"), *b = write_cases("b.copy");
	size_t la, lb;
	char *da = ut_read_file(a, &la), *db = ut_read_file(b, &lb);

	ck_assert_uint_gt(la, 0);
	ck_assert_uint_eq(la, lb);
	ck_assert(!memcmp(da, db, la));
	free(a);
	free(b);
	free(da);
	free(db);
}
END_TEST

/*
 * A whole row at once, with the prefix already in COPY form, gives the
 * bytes of the field-by-field calls; so do plain values without escapes.
 */
START_TEST(test_canon_writer_values_gives_the_bytes_of_field_calls)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	char *expect = write_cases("fields.copy"), *path = ut_path(ut_dir, "values.copy");
	char *plain_path = ut_path(ut_dir, "plain.copy");
	char *a, *b;
	size_t i, la, lb;

	ck_assert_int_eq(canon_writer_open(&w, path, "test", cols, N(cols), &err), 0);
	for (i = 0; i < N(value_cases); i++) {
		const char *values[2] = { value_cases[i].value,
					  value_cases[(i + 1) % N(value_cases)].value };
		size_t lens[2] = { values[0] ? strlen(values[0]) : 0,
				   values[1] ? strlen(values[1]) : 0 };
		char prefix[64];
		int n = snprintf(prefix, sizeof(prefix), "0101/sub\tf.csv\t%zu\t", i + 2);

		ck_assert_int_eq(canon_writer_values(&w, prefix, (size_t)n, 3, values, lens, 2,
						     &err), 0);
	}
	/* A row of the wrong width is refused. */
	{
		const char *one[1] = { "x" };
		size_t len1[1] = { 1 };

		ck_assert_int_eq(canon_writer_values(&w, "", 0, 0, one, len1, 1, &err),
				 SLDS_EINTERNAL);
		error_clear(&err);
	}
	ck_assert_int_eq(canon_writer_commit(&w, &err), 0);
	a = ut_read_file(expect, &la);
	b = ut_read_file(path, &lb);
	ck_assert_uint_eq(la, lb);
	ck_assert(!memcmp(a, b, la));
	free(b);

	ck_assert_int_eq(canon_writer_open(&w, plain_path, "test", cols, N(cols), &err), 0);
	{
		const char *values[2] = { "plain text", NULL };
		size_t lens[2] = { 10, 0 };

		ck_assert_int_eq(canon_writer_plain_values(&w, "p\tf\t2\t", 6, 3, values, lens, 2,
							   &err), 0);
	}
	ck_assert_int_eq(canon_writer_commit(&w, &err), 0);
	b = ut_read_file(plain_path, &lb);
	ck_assert_msg(lb > 0 && !strcmp(strchr(b, '\n') + 1, "p\tf\t2\tplain text\t\\N\n"),
		      "got \"%s\"", b);
	free(a);
	free(b);
	free(expect);
	free(path);
	free(plain_path);
}
END_TEST

START_TEST(test_canon_writer_row_passes_raw_lines_through_unchanged)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_reader r;
	struct canon_writer w;
	char *in = write_cases("in.copy"), *out = ut_path(ut_dir, "out.copy");
	size_t la, lb;
	char *da, *db;
	int rc;

	ck_assert_int_eq(canon_reader_open(&r, in, &err), 0);
	ck_assert_int_eq(canon_writer_open(&w, out, r.record, (const char *const *)r.columns,
					   r.ncols, &err), 0);
	while ((rc = canon_reader_next(&r, &err)) == 1)
		ck_assert_int_eq(canon_writer_row(&w, r.line.data, r.line.len, &err), 0);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(w.rows, N(value_cases));
	ck_assert_int_eq(canon_writer_commit(&w, &err), 0);
	canon_reader_close(&r);
	da = ut_read_file(in, &la);
	db = ut_read_file(out, &lb);
	ck_assert_uint_eq(la, lb);
	ck_assert(!memcmp(da, db, la));
	free(in);
	free(out);
	free(da);
	free(db);
}
END_TEST

START_TEST(test_canon_writer_raw_writes_bytes_unescaped)
{
	static const char *const two[] = { "a", "b" };
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	char *path = ut_path(ut_dir, "raw.copy"), *text;
	size_t len;

	ck_assert_int_eq(canon_writer_open(&w, path, "raw", two, 2, &err), 0);
	ck_assert_int_eq(canon_writer_raw(&w, "x\\ty", 4, &err), 0);
	ck_assert_int_eq(canon_writer_raw(&w, "\\N", 2, &err), 0);
	ck_assert_int_eq(canon_writer_end_row(&w, &err), 0);
	ck_assert_int_eq(canon_writer_commit(&w, &err), 0);
	text = ut_read_file(path, &len);
	ck_assert_str_eq(text, CANON_MAGIC " raw\ta\tb\nx\\ty\t\\N\n");
	free(text);
	free(path);
}
END_TEST

/* Reader on broken files */

struct bad_file {
	const char *what;
	const char *text;
	const char *message;	/* a part of the message; the path is checked apart */
};

static const struct bad_file bad_files[] = {
	{ "an empty file", "", "is not a canonical file" },
	{ "a file that is not canonical", "hello\tworld\n", "is not a canonical file" },
	{ "another format version", "#slds-canonical/2 t\ta\n", "is not a canonical file" },
	{ "the magic without a space", CANON_MAGIC "\tt\ta\n", "is not a canonical file" },
	{ "only the magic", CANON_MAGIC "\n", "is not a canonical file" },
	{ "a header without columns", CANON_MAGIC " test\n", "has no columns" },
	{ "a header with an empty column name", CANON_MAGIC " t\ta\t\tb\n", "empty column name" },
	{ "a header without its newline", CANON_MAGIC " t\ta", "line 1 has no end" },
	{ "a truncated last line", CANON_MAGIC " t\ta\nfine\ncut", "line 3 has no end" },
	{ "a row with too many fields", CANON_MAGIC " t\ta\tb\n1\t2\n1\t2\t3\n",
	  "line 3 of file" },
	{ "a row with too few fields", CANON_MAGIC " t\ta\tb\n1\t2\n1\n", "line 3 of file" },
	{ "an empty row of a two-column file", CANON_MAGIC " t\ta\tb\n\n", "line 2 of file" },
	{ "an invalid escape", CANON_MAGIC " t\ta\nok\n\\x\n", "line 3 of file" },
	{ "an escaped NULL inside a field", CANON_MAGIC " t\ta\na\\Nb\n", "line 2 of file" },
	{ "a backslash at the end of a field", CANON_MAGIC " t\ta\tb\nab\\\tc\n",
	  "line 2 of file" },
	{ "a backslash at the end of a row", CANON_MAGIC " t\ta\nab\\\n", "line 2 of file" },
};

START_TEST(test_broken_file_gives_edata_naming_file_and_line)
{
	const struct bad_file *c = &bad_files[_i];
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_reader r;
	char *path = ut_path(ut_dir, "bad.copy");
	int rc, rows = 0;

	ut_write_file(path, c->text, strlen(c->text));
	rc = canon_reader_open(&r, path, &err);
	while (rc == 0 || rc == 1) {
		rc = canon_reader_next(&r, &err);
		if (rc == 0)
			break;
		ck_assert_int_lt(++rows, 10);
	}
	ck_assert_msg(rc == SLDS_EDATA, "%s: returned %d, expected SLDS_EDATA", c->what, rc);
	ck_assert_ptr_nonnull(err.message);
	ck_assert_msg(strstr(err.message, c->message), "%s: message \"%s\" lacks \"%s\"",
		      c->what, err.message, c->message);
	ck_assert_msg(strstr(err.message, path), "%s: message \"%s\" does not name the file",
		      c->what, err.message);
	canon_reader_close(&r);
	error_clear(&err);
	free(path);
}
END_TEST

START_TEST(test_bad_row_is_reported_after_good_rows_are_returned)
{
	static const char text[] = CANON_MAGIC " t\ta\tb\n1\t2\n3\t4\n5\n";
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_reader r;
	char *path = ut_path(ut_dir, "b.copy");

	ut_write_file(path, text, strlen(text));
	ck_assert_int_eq(canon_reader_open(&r, path, &err), 0);
	ck_assert_int_eq(canon_reader_next(&r, &err), 1);
	ck_assert_str_eq(r.fields[1], "2");
	ck_assert_int_eq(canon_reader_next(&r, &err), 1);
	ck_assert_str_eq(r.fields[0], "3");
	ck_assert_int_eq(canon_reader_next(&r, &err), SLDS_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "line 4 of file"));
	ck_assert_ptr_nonnull(strstr(err.message, "fewer fields than columns"));
	canon_reader_close(&r);
	error_clear(&err);
	free(path);
}
END_TEST

START_TEST(test_file_with_header_only_has_no_rows)
{
	static const char text[] = CANON_MAGIC " t\ta\n";
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_reader r;
	char *path = ut_path(ut_dir, "h.copy");

	ut_write_file(path, text, strlen(text));
	ck_assert_int_eq(canon_reader_open(&r, path, &err), 0);
	ck_assert_int_eq(canon_reader_next(&r, &err), 0);
	ck_assert_ptr_null(err.message);
	canon_reader_close(&r);
	free(path);
}
END_TEST

START_TEST(test_missing_file_gives_enoent)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_reader r;
	char *path = ut_path(ut_dir, "none.copy");

	ck_assert_int_eq(canon_reader_open(&r, path, &err), SLDS_ENOENT);
	ck_assert_int_eq(err.code, SLDS_ENOENT);
	ck_assert_ptr_nonnull(strstr(err.message, path));
	canon_reader_close(&r);
	/* Closing twice is harmless. */
	canon_reader_close(&r);
	error_clear(&err);
	free(path);
}
END_TEST

/* Writer errors, abort and commit */

START_TEST(test_end_row_with_too_few_fields_is_einternal)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	char *path = ut_path(ut_dir, "w.copy");

	ck_assert_int_eq(canon_writer_open(&w, path, "test", cols, N(cols), &err), 0);
	ck_assert_int_eq(canon_writer_field(&w, "a", 1, &err), 0);
	ck_assert_int_eq(canon_writer_end_row(&w, &err), SLDS_EINTERNAL);
	ck_assert_int_eq(err.code, SLDS_EINTERNAL);
	ck_assert_ptr_nonnull(strstr(err.message, "has 1 fields, expected 5"));
	canon_writer_abort(&w);
	ck_assert(!ut_exists(path));
	error_clear(&err);
	free(path);
}
END_TEST

START_TEST(test_end_row_with_no_fields_is_einternal)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	char *path = ut_path(ut_dir, "w.copy");

	ck_assert_int_eq(canon_writer_open(&w, path, "test", cols, N(cols), &err), 0);
	ck_assert_int_eq(canon_writer_end_row(&w, &err), SLDS_EINTERNAL);
	canon_writer_abort(&w);
	error_clear(&err);
	free(path);
}
END_TEST

START_TEST(test_field_beyond_the_last_column_is_einternal)
{
	static const char *const two[] = { "a", "b" };
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	char *path = ut_path(ut_dir, "w.copy");

	ck_assert_int_eq(canon_writer_open(&w, path, "t", two, 2, &err), 0);
	ck_assert_int_eq(canon_writer_field(&w, "1", 1, &err), 0);
	ck_assert_int_eq(canon_writer_null(&w, &err), 0);
	ck_assert_int_eq(canon_writer_field(&w, "3", 1, &err), SLDS_EINTERNAL);
	ck_assert_int_eq(canon_writer_raw(&w, "3", 1, &err), SLDS_EINTERNAL);
	ck_assert_int_eq(canon_writer_null(&w, &err), SLDS_EINTERNAL);
	/* The row itself is still whole. */
	ck_assert_int_eq(canon_writer_end_row(&w, &err), 0);
	canon_writer_abort(&w);
	error_clear(&err);
	free(path);
}
END_TEST

START_TEST(test_row_inside_an_unfinished_row_and_commit_inside_a_row_are_einternal)
{
	static const char *const two[] = { "a", "b" };
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	char *path = ut_path(ut_dir, "w.copy"), *part = ut_path(ut_dir, ".w.copy.part");

	ck_assert_int_eq(canon_writer_open(&w, path, "t", two, 2, &err), 0);
	ck_assert_int_eq(canon_writer_field(&w, "1", 1, &err), 0);
	ck_assert_int_eq(canon_writer_row(&w, "x\ty", 3, &err), SLDS_EINTERNAL);
	ck_assert_int_eq(canon_writer_commit(&w, &err), SLDS_EINTERNAL);
	ck_assert(!ut_exists(path));
	ck_assert(!ut_exists(part));
	canon_writer_abort(&w);
	error_clear(&err);
	free(path);
	free(part);
}
END_TEST

START_TEST(test_open_with_no_columns_is_einternal_and_abort_is_safe)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	char *path = ut_path(ut_dir, "w.copy");

	ck_assert_int_eq(canon_writer_open(&w, path, "t", cols, 0, &err), SLDS_EINTERNAL);
	canon_writer_abort(&w);
	ck_assert(!ut_exists(path));
	error_clear(&err);
	free(path);
}
END_TEST

START_TEST(test_open_in_a_missing_directory_fails_and_abort_is_safe)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	char *path = ut_path(ut_dir, "no/such/ut_dir/w.copy");

	ck_assert_int_eq(canon_writer_open(&w, path, "t", cols, N(cols), &err), SLDS_EIO);
	ck_assert_ptr_nonnull(err.message);
	canon_writer_abort(&w);
	error_clear(&err);
	free(path);
}
END_TEST

/* Enough rows that some are flushed to the ".part" file before the end. */
#define MANY_ROWS 20000

static void write_many(struct canon_writer *w, const char *text)
{
	struct slds_error err = SLDS_ERROR_INIT;
	int i;

	for (i = 0; i < MANY_ROWS; i++) {
		write_value(w, text, &err);
		write_value(w, "0123456789012345678901234567890123456789", &err);
		ck_assert_int_eq(canon_writer_end_row(w, &err), 0);
	}
}

START_TEST(test_abort_leaves_no_final_file_and_no_part_file)
{
	static const char *const two[] = { "a", "b" };
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	char *path = ut_path(ut_dir, "new.copy"), *part = ut_path(ut_dir, ".new.copy.part");
	struct stat st;

	ck_assert_int_eq(canon_writer_open(&w, path, "t", two, 2, &err), 0);
	ck_assert(ut_exists(part));
	write_many(&w, "new");
	ck_assert_int_eq(stat(part, &st), 0);
	ck_assert_int_gt(st.st_size, 0);	/* rows did reach the disk */
	canon_writer_abort(&w);
	ck_assert(!ut_exists(part));
	ck_assert(!ut_exists(path));
	free(path);
	free(part);
}
END_TEST

START_TEST(test_abort_leaves_an_existing_final_file_unchanged)
{
	static const char *const two[] = { "a", "b" };
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	char *path = write_cases("keep.copy"), *part = ut_path(ut_dir, ".keep.copy.part");
	size_t before, after;
	char *old = ut_read_file(path, &before), *now;

	ck_assert_int_eq(canon_writer_open(&w, path, "t", two, 2, &err), 0);
	write_many(&w, "replacement");
	canon_writer_abort(&w);
	ck_assert(!ut_exists(part));
	now = ut_read_file(path, &after);
	ck_assert_uint_eq(before, after);
	ck_assert(!memcmp(old, now, before));
	free(old);
	free(now);
	free(path);
	free(part);
}
END_TEST

START_TEST(test_commit_replaces_the_final_file_atomically)
{
	static const char *const two[] = { "a", "b" };
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	struct canon_reader r;
	char *path = write_cases("swap.copy"), *part = ut_path(ut_dir, ".swap.copy.part");
	size_t old_len, len;
	char *old = ut_read_file(path, &old_len), *text;
	int rc, rows = 0;

	/* A reader of the old file, open across the commit. */
	ck_assert_int_eq(canon_reader_open(&r, path, &err), 0);

	ck_assert_int_eq(canon_writer_open(&w, path, "t", two, 2, &err), 0);
	write_many(&w, "new");
	/* Until commit, the final name holds the old file whole. */
	text = ut_read_file(path, &len);
	ck_assert_uint_eq(len, old_len);
	ck_assert(!memcmp(text, old, len));
	free(text);
	ck_assert(ut_exists(part));

	ck_assert_int_eq(canon_writer_commit(&w, &err), 0);
	ck_assert(!ut_exists(part));
	text = ut_read_file(path, &len);
	ck_assert(!strncmp(text, CANON_MAGIC " t\ta\tb\nnew\t0123",
			   strlen(CANON_MAGIC " t\ta\tb\nnew\t0123")));
	ck_assert_uint_eq(len, strlen(CANON_MAGIC " t\ta\tb\n") +
				MANY_ROWS * strlen("new\t0123456789012345678901234567890123456789\n"));
	free(text);
	/* Abort after commit is a no-op. */
	canon_writer_abort(&w);
	ck_assert(ut_exists(path));

	/* The old reader still sees the old file, whole: it was replaced, not rewritten. */
	while ((rc = canon_reader_next(&r, &err)) == 1)
		rows++;
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(rows, (int)N(value_cases));
	canon_reader_close(&r);
	free(old);
	free(path);
	free(part);
}
END_TEST

/* copy_escape */

struct escape_case {
	const char *in;
	size_t len;
	const char *out;
};

static const struct escape_case escape_cases[] = {
	{ "", 0, "" },
	{ "abc", 3, "abc" },
	{ "\t", 1, "\\t" },
	{ "\n", 1, "\\n" },
	{ "\r", 1, "\\r" },
	{ "\\", 1, "\\\\" },
	{ "a\tb\nc\rd\\e", 9, "a\\tb\\nc\\rd\\\\e" },
	{ "\\N", 2, "\\\\N" },
	{ "\t\t", 2, "\\t\\t" },
	{ "x\n", 2, "x\\n" },
	{ "\xC3\xA9\t", 3, "\xC3\xA9\\t" },
	{ "\"'|,;", 5, "\"'|,;" },	/* nothing else is special */
	{ "abc\tdef", 3, "abc" },	/* only len bytes */
};

START_TEST(test_copy_escape_table_gives_copy_text)
{
	const struct escape_case *c = &escape_cases[_i];
	struct buf b = BUF_INIT(1024);

	ck_assert_int_eq(copy_escape(&b, c->in, c->len), 0);
	ck_assert_uint_eq(b.len, strlen(c->out));
	ck_assert_str_eq(b.data, c->out);
	buf_release(&b);
}
END_TEST

START_TEST(test_copy_escape_appends_to_what_the_buffer_holds)
{
	struct buf b = BUF_INIT(1024);

	buf_adds(&b, "pre:");
	ck_assert_int_eq(copy_escape(&b, "a\tb", 3), 0);
	ck_assert_str_eq(b.data, "pre:a\\tb");
	buf_release(&b);
}
END_TEST

START_TEST(test_copy_escape_into_a_full_buffer_is_elimit)
{
	struct buf b = BUF_INIT(3);

	ck_assert_int_eq(copy_escape(&b, "\t\t", 2), SLDS_ELIMIT);
	buf_release(&b);
	b = (struct buf)BUF_INIT(3);
	ck_assert_int_eq(copy_escape(&b, "abcd", 4), SLDS_ELIMIT);
	buf_release(&b);
	b = (struct buf)BUF_INIT(4);
	ck_assert_int_eq(copy_escape(&b, "\t\t", 2), 0);
	ck_assert_str_eq(b.data, "\\t\\t");
	buf_release(&b);
}
END_TEST

/* Volume */

START_TEST(test_a_million_short_rows_read_back_with_right_count)
{
	static const char *const c2[] = { "n", "v" };
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	struct canon_reader r;
	char *path = ut_path(ut_dir, "m.copy");
	unsigned long long n;
	char num[24];
	int rc;

	ck_assert_int_eq(canon_writer_open(&w, path, "m", c2, 2, &err), 0);
	for (n = 0; n < 1000000; n++) {
		int len = snprintf(num, sizeof(num), "%llu", n);

		if (canon_writer_raw(&w, num, (size_t)len, &err) ||
		    (n % 2 ? canon_writer_null(&w, &err) : canon_writer_field(&w, "x\ty", 3, &err)) ||
		    canon_writer_end_row(&w, &err))
			ck_abort_msg("row %llu: %s", n, err.message);
	}
	ck_assert_uint_eq(w.rows, 1000000);
	ck_assert_int_eq(canon_writer_commit(&w, &err), 0);

	ck_assert_int_eq(canon_reader_open(&r, path, &err), 0);
	for (n = 0; (rc = canon_reader_next(&r, &err)) == 1; n++) {
		/* Spot checks: every row's number, and the value of each 4093rd. */
		int len = snprintf(num, sizeof(num), "%llu", n);

		if (r.lens[0] != (size_t)len || memcmp(r.fields[0], num, (size_t)len))
			ck_abort_msg("row %llu holds \"%s\"", n, r.fields[0]);
		if (n % 4093 == 0 || n % 4093 == 1) {
			if (n % 2)
				ck_assert_ptr_null(r.fields[1]);
			else
				ck_assert_str_eq(r.fields[1], "x\ty");
		}
	}
	ck_assert_msg(rc == 0, "%s", err.message ? err.message : "");
	ck_assert_uint_eq(n, 1000000);
	ck_assert_uint_eq(r.lineno, 1000001);
	canon_reader_close(&r);
	free(path);
}
END_TEST

static Suite *canon_suite(void)
{
	Suite *s = suite_create("canon");
	TCase *tc;

	tc = tcase_create("round_trip");
	ut_scratch(tc);
	tcase_add_test(tc, test_rows_with_every_special_character_read_back_identical);
	tcase_add_loop_test(tc, test_value_is_written_with_copy_escapes_and_read_back,
			    0, N(value_cases));
	tcase_add_test(tc, test_header_round_trip_gives_record_name_and_columns);
	tcase_add_test(tc, test_canon_reader_column_finds_exact_names_only);
	tcase_add_test(tc, test_same_rows_written_twice_give_byte_identical_files);
	tcase_add_test(tc, test_canon_writer_row_passes_raw_lines_through_unchanged);
	tcase_add_test(tc, test_canon_writer_values_gives_the_bytes_of_field_calls);
	tcase_add_test(tc, test_canon_writer_raw_writes_bytes_unescaped);
	suite_add_tcase(s, tc);

	tc = tcase_create("reader_errors");
	ut_scratch(tc);
	tcase_add_loop_test(tc, test_broken_file_gives_edata_naming_file_and_line,
			    0, N(bad_files));
	tcase_add_test(tc, test_bad_row_is_reported_after_good_rows_are_returned);
	tcase_add_test(tc, test_file_with_header_only_has_no_rows);
	tcase_add_test(tc, test_missing_file_gives_enoent);
	suite_add_tcase(s, tc);

	tc = tcase_create("writer");
	ut_scratch(tc);
	tcase_add_test(tc, test_end_row_with_too_few_fields_is_einternal);
	tcase_add_test(tc, test_end_row_with_no_fields_is_einternal);
	tcase_add_test(tc, test_field_beyond_the_last_column_is_einternal);
	tcase_add_test(tc, test_row_inside_an_unfinished_row_and_commit_inside_a_row_are_einternal);
	tcase_add_test(tc, test_open_with_no_columns_is_einternal_and_abort_is_safe);
	tcase_add_test(tc, test_open_in_a_missing_directory_fails_and_abort_is_safe);
	tcase_add_test(tc, test_abort_leaves_no_final_file_and_no_part_file);
	tcase_add_test(tc, test_abort_leaves_an_existing_final_file_unchanged);
	tcase_add_test(tc, test_commit_replaces_the_final_file_atomically);
	suite_add_tcase(s, tc);

	tc = tcase_create("copy_escape");
	tcase_add_loop_test(tc, test_copy_escape_table_gives_copy_text, 0, N(escape_cases));
	tcase_add_test(tc, test_copy_escape_appends_to_what_the_buffer_holds);
	tcase_add_test(tc, test_copy_escape_into_a_full_buffer_is_elimit);
	suite_add_tcase(s, tc);

	tc = tcase_create("volume");
	ut_scratch(tc);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_a_million_short_rows_read_back_with_right_count);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(canon_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
