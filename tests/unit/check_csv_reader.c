/*
 * check_csv_reader.c: unit tests for ingest/csv_reader.c, the streaming CSV
 * reader.
 *
 * Records are compared as transcripts, one line per record: the line the
 * record starts on, then each field with '|' before it and the bytes that
 * would hide a difference written as escapes (\n \r \t \| \\).  So one
 * string says what was read, and a failure shows it.
 *
 * The central test is the chunk-boundary test: one input full of what LEAs
 * send (a byte-order mark, CRLF, quoted delimiters, doubled quotes and line
 * breaks, blank lines, multi-byte UTF-8, a last record without a newline),
 * longer than the reader's first read, is read with every read size from 1
 * to 64 bytes and with the default, and every run must give the same
 * transcript as the one written out here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <check.h>

#include "buf.h"
#include "csv_reader.h"
#include "error.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void show_field(struct buf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '\n':
			buf_adds(out, "\\n");
			break;
		case '\r':
			buf_adds(out, "\\r");
			break;
		case '\t':
			buf_adds(out, "\\t");
			break;
		case '|':
			buf_adds(out, "\\|");
			break;
		case '\\':
			buf_adds(out, "\\\\");
			break;
		default:
			buf_addch(out, s[i]);
		}
	}
}

/* Set by a test: every line through libcsv, none through the fast path. */
static int slow_only;
/* Records the fast path returned in the last transcript. */
static unsigned long fast_records;

/*
 * Read the file at path with read size block (0: the default) and delimiter
 * delim into a transcript.  Returns what ended the reading: 0 at a clean end
 * of the file, or the error csv_reader_next() returned.
 */
static int transcript_file(const char *path, size_t block, char delim, struct buf *out,
			   struct slds_error *err)
{
	struct csv_reader r;
	int rc;

	rc = csv_reader_open(&r, path, delim, err);
	ck_assert_msg(rc == 0, "csv_reader_open: %s", err->message);
	if (block)
		r.block_size = block;
	r.no_fast = slow_only;
	fast_records = 0;
	while ((rc = csv_reader_next(&r, err)) == 1) {
		size_t i;

		fast_records += (unsigned long)r.ascii;
		buf_addf(out, "%llu", r.row_line);
		ck_assert_uint_gt(r.nfields, 0);
		for (i = 0; i < r.nfields; i++) {
			ck_assert_msg(r.fields[i][r.lens[i]] == '\0', "field %zu of line %llu is not NUL-terminated",
				      i, r.row_line);
			buf_addch(out, '|');
			show_field(out, r.fields[i], r.lens[i]);
		}
		buf_addch(out, '\n');
	}
	/* The end stays the end. */
	if (rc == 0)
		ck_assert_int_eq(csv_reader_next(&r, err), 0);
	csv_reader_close(&r);
	return rc;
}

static int transcript(const char *text, size_t len, size_t block, char delim, struct buf *out,
		      struct slds_error *err)
{
	char *path = ut_path(ut_dir, "in.csv");
	int rc;

	ut_write_file(path, text, len);
	rc = transcript_file(path, block, delim, out, err);
	free(path);
	return rc;
}

/* The chunk-boundary test */

/*
 * One unit of the varied input, 13 lines, repeated; each record's line is
 * relative to the unit's first line.
 */
static const char unit_text[] =
	"S1,\"Garc\xC3\xAD" "a, Ana\",plain\r\n"			/* +0 */
	"\r\n"								/* +1 blank */
	"S2,\"Bo \"\"Bobby\"\" Lee\",\"two\r\nlines\"\r\n"		/* +2, +3 */
	"\n"								/* +4 blank */
	"  S3  ,  spaced out  ,\t tab\t\r\n"				/* +5 */
	"S4,\xE6\x9D\x8E\xE5\xB0\x8F\xE9\xBE\x99,\"a\nb\n\nc\"\n"	/* +6 .. +9 */
	"S5,\xF0\x9F\x98\x80,\"\"\r\n"					/* +10 */
	",,\n"								/* +11 */
	"\"S6\",\"x|y\",\"tab\there \xC3\xA9\"\r\n";			/* +12 */
#define UNIT_LINES 13

static const struct {
	unsigned line;
	const char *fields;
} unit_records[] = {
	{ 0, "|S1|Garc\xC3\xAD" "a, Ana|plain" },
	{ 2, "|S2|Bo \"Bobby\" Lee|two\\r\\nlines" },
	{ 5, "|S3|spaced out|\\t tab\\t" },
	{ 6, "|S4|\xE6\x9D\x8E\xE5\xB0\x8F\xE9\xBE\x99|a\\nb\\n\\nc" },
	{ 10, "|S5|\xF0\x9F\x98\x80|" },
	{ 11, "|||" },
	{ 12, "|S6|x\\|y|tab\\there \xC3\xA9" },
};

/* Enough units that the input is several times the reader's first read. */
#define UNITS 100

static void varied_input(struct buf *in, struct buf *expect)
{
	unsigned k;
	size_t i;

	buf_adds(in, "\xEF\xBB\xBF" "Local ID,Name,Note\r\n");
	buf_adds(expect, "1|Local ID|Name|Note\n");
	for (k = 0; k < UNITS; k++) {
		buf_adds(in, unit_text);
		for (i = 0; i < N(unit_records); i++)
			buf_addf(expect, "%u%s\n", 2 + k * UNIT_LINES + unit_records[i].line,
				 unit_records[i].fields);
	}
	buf_adds(in, "\n\"S7\r\nend\",last,no newline at the end");
	buf_addf(expect, "%u|S7\\r\\nend|last|no newline at the end\n", 3 + UNITS * UNIT_LINES);
}

START_TEST(test_every_read_size_from_1_to_64_and_default_gives_the_same_records_and_lines)
{
	/*
	 * _i % 65 is 0 for the default read size, else the read size; from 65
	 * on, the same through libcsv only.
	 */
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf in = BUF_INIT(1 << 20), expect = BUF_INIT(1 << 20), got = BUF_INIT(1 << 20);
	int rc;

	varied_input(&in, &expect);
	ck_assert_uint_gt(in.len, 3 * 4096);
	slow_only = _i >= 65;
	rc = transcript(in.data, in.len, (size_t)(_i % 65), 0, &got, &err);
	slow_only = 0;
	ck_assert_msg(rc == 0, "read size %d: returned %d: %s", _i, rc, err.message);
	if (strcmp(got.data, expect.data)) {
		size_t at = 0, line = 1;

		while (got.data[at] && got.data[at] == expect.data[at]) {
			if (got.data[at] == '\n')
				line++;
			at++;
		}
		ck_abort_msg("read size %d: transcript differs at its line %zu:\n got: %.120s\nwant: %.120s",
			     _i, line, got.data + at, expect.data + at);
	}
	buf_release(&in);
	buf_release(&expect);
	buf_release(&got);
}
END_TEST

/*
 * The fast path against libcsv: random lines from an alphabet rich in what
 * CSV makes hard (quotes, delimiters, spaces, tabs, CR, LF, UTF-8) must give
 * the same records, lines and errors both ways, at several read sizes.
 */
static uint64_t lcg(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return *x >> 33;
}

START_TEST(test_fast_path_and_libcsv_agree_on_random_input)
{
	static const char *const pieces[] = {
		"a", "bc", "S01", " ", "  ", "\t", ",", ",", "|", "\"", "\"\"", "\r", "\n", "\n",
		"\r\n", "\xC3\xA9", "x y", "\n\n"
	};
	static const size_t sizes[] = { 0, 1, 3, 17 };
	struct slds_error e1 = SLDS_ERROR_INIT, e2 = SLDS_ERROR_INIT;
	struct buf in = BUF_INIT(1 << 20), fast = BUF_INIT(1 << 20), slow = BUF_INIT(1 << 20);
	unsigned long fast_total = 0;
	uint64_t x = 20261122;
	int k;

	for (k = 0; k < 400; k++) {
		size_t n = 1 + lcg(&x) % 60, i;
		int plain = k % 2;	/* half the cases without quotes or lone CRs */

		buf_reset(&in);
		for (i = 0; i < n; i++) {
			const char *piece = pieces[lcg(&x) % N(pieces)];

			if (plain && (strchr(piece, '"') || !strcmp(piece, "\r")))
				piece = "z";
			buf_adds(&in, piece);
		}
		for (i = 0; i < N(sizes); i++) {
			int r1, r2;

			buf_reset(&fast);
			buf_reset(&slow);
			r1 = transcript(in.data, in.len, sizes[i], 0, &fast, &e1);
			fast_total += fast_records;
			slow_only = 1;
			r2 = transcript(in.data, in.len, sizes[i], 0, &slow, &e2);
			slow_only = 0;
			ck_assert_msg(r1 == r2 && !strcmp(fast.data, slow.data),
				      "case %d, read size %zu: fast path gave %d\n%s\nlibcsv gave %d\n%s",
				      k, sizes[i], r1, fast.data, r2, slow.data);
			ck_assert_msg(!r1 || !strcmp(e1.message, e2.message), "case %d: \"%s\" but \"%s\"",
				      k, e1.message, e2.message);
			error_clear(&e1);
			error_clear(&e2);
		}
	}
	/* The comparison means something only if the fast path did the work. */
	ck_assert_uint_gt(fast_total, 1000);
	buf_release(&in);
	buf_release(&fast);
	buf_release(&slow);
}
END_TEST

/* Good inputs */

struct good_case {
	const char *what;
	const char *in;
	char delim;
	const char *expect;
};

static const struct good_case good_cases[] = {
	{ "LF line ends", "a,b\n1,2\n", 0, "1|a|b\n2|1|2\n" },
	{ "CRLF line ends", "a,b\r\n1,2\r\n", 0, "1|a|b\n2|1|2\n" },
	{ "a final record without a newline", "a,b\n1,2", 0, "1|a|b\n2|1|2\n" },
	{ "a final CRLF record without a newline", "a,b\r\n1,2", 0, "1|a|b\n2|1|2\n" },
	{ "a quoted delimiter", "\"a,b\",c\n", 0, "1|a,b|c\n" },
	{ "doubled quotes", "\"say \"\"hi\"\"\",x\n", 0, "1|say \"hi\"|x\n" },
	{ "only a doubled quote", "\"\"\"\"\n", 0, "1|\"\n" },
	{ "an embedded LF", "\"a\nb\",c\nd,e\n", 0, "1|a\\nb|c\n3|d|e\n" },
	{ "an embedded CRLF", "\"a\r\nb\",c\r\nd,e\r\n", 0, "1|a\\r\\nb|c\n3|d|e\n" },
	{ "several embedded newlines", "\"a\n\n\nb\"\nc\n", 0, "1|a\\n\\n\\nb\n5|c\n" },
	{ "embedded newlines in two fields", "\"a\nb\",\"c\r\nd\"\ne\n", 0,
	  "1|a\\nb|c\\r\\nd\n4|e\n" },
	{ "a UTF-8 byte-order mark is skipped", "\xEF\xBB\xBF" "a,b\n", 0, "1|a|b\n" },
	{ "a BOM before a quoted field", "\xEF\xBB\xBF\"a\",b\n", 0, "1|a|b\n" },
	{ "a BOM later is data", "a\n\xEF\xBB\xBF" "b\n", 0, "1|a\n2|\xEF\xBB\xBF" "b\n" },
	{ "blank lines are skipped and counted", "\n\na\n\nb\n\n", 0, "3|a\n5|b\n" },
	{ "blank CRLF lines are skipped and counted", "\r\n\r\na\r\n\r\nb\r\n", 0, "3|a\n5|b\n" },
	{ "blank lines after a multi-line field", "\"x\ny\"\n\n\nz\n", 0, "1|x\\ny\n5|z\n" },
	{ "comma detected", "a,b,c\n", 0, "1|a|b|c\n" },
	{ "tab detected", "a\tb\tc\n1\t2\t3\n", 0, "1|a|b|c\n2|1|2|3\n" },
	{ "pipe detected", "a|b|c,d\n1|2|3\n", 0, "1|a|b|c,d\n2|1|2|3\n" },
	{ "tab detected over commas in the data", "a\tb\n1,5\t2,5\n", 0, "1|a|b\n2|1,5|2,5\n" },
	{ "comma wins a tie with pipe", "a,b|c\n", 0, "1|a|b\\|c\n" },
	{ "comma when no delimiter", "abc\n", 0, "1|abc\n" },
	{ "delimiters inside quotes do not count", "\"a|b|c\",d\n", 0, "1|a\\|b\\|c|d\n" },
	{ "detection looks at the first line only", "a,b\nc|d|e|f\n", 0, "1|a|b\n2|c\\|d\\|e\\|f\n" },
	{ "a declared delimiter wins", "a,b,c|d\n", '|', "1|a,b,c|d\n" },
	{ "spaces around unquoted fields are dropped", "  a  , b c ,c \n", 0, "1|a|b c|c\n" },
	{ "tabs around unquoted fields are kept in a comma file", "\ta\t,b\t\n", ',',
	  "1|\\ta\\t|b\\t\n" },
	{ "tabs around unquoted fields are kept in a detected comma file",
	  " \ta\t ,b\t,c,d,e\n", 0, "1|\\ta\\t|b\\t|c|d|e\n" },
	{ "spaces inside quotes are kept", "\"  a  \",b\n", 0, "1|  a  |b\n" },
	{ "spaces around unquoted fields are dropped in a tab file", " a \t b \n", 0, "1|a|b\n" },
	{ "an empty file has no records", "", 0, "" },
	{ "only a BOM has no records", "\xEF\xBB\xBF", 0, "" },
	{ "only blank lines have no records", "\n\r\n\n", 0, "" },
	{ "empty fields", ",,\n", 0, "1|||\n" },
	{ "a quoted empty field", "\"\",x\n", 0, "1||x\n" },
	{ "ragged rows are returned as they are", "a,b,c\n1\n1,2,3,4\n", 0,
	  "1|a|b|c\n2|1\n3|1|2|3|4\n" },
	{ "multi-byte UTF-8 unquoted", "\xC3\xA9,\xE6\x9D\x8E,\xF0\x9F\x98\x80\n", 0,
	  "1|\xC3\xA9|\xE6\x9D\x8E|\xF0\x9F\x98\x80\n" },
	{ "a backslash is data", "a\\,b\\\\\n", 0, "1|a\\\\|b\\\\\\\\\n" },
};

START_TEST(test_good_input_table_gives_expected_records_and_lines)
{
	const struct good_case *c = &good_cases[_i];
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf got = BUF_INIT(1 << 20);
	int rc = transcript(c->in, strlen(c->in), 0, c->delim, &got, &err);

	ck_assert_msg(rc == 0, "%s: returned %d: %s", c->what, rc, err.message);
	ck_assert_msg(!strcmp(got.data, c->expect), "%s: got\n%s\nexpected\n%s", c->what,
		      got.data, c->expect);
	buf_release(&got);
	error_clear(&err);
}
END_TEST

/* The same table, read one byte at a time. */
START_TEST(test_good_input_table_read_one_byte_at_a_time_gives_the_same)
{
	const struct good_case *c = &good_cases[_i];
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf got = BUF_INIT(1 << 20);
	int rc = transcript(c->in, strlen(c->in), 1, c->delim, &got, &err);

	ck_assert_msg(rc == 0, "%s: returned %d: %s", c->what, rc, err.message);
	ck_assert_msg(!strcmp(got.data, c->expect), "%s: got\n%s\nexpected\n%s", c->what,
		      got.data, c->expect);
	buf_release(&got);
	error_clear(&err);
}
END_TEST

START_TEST(test_empty_file_gives_0_at_once)
{
	struct slds_error err = SLDS_ERROR_INIT;
	char *path = ut_path(ut_dir, "empty.csv");
	struct csv_reader r;

	ut_write_file(path, "", 0);
	ck_assert_int_eq(csv_reader_open(&r, path, 0, &err), 0);
	ck_assert_int_eq(csv_reader_next(&r, &err), 0);
	ck_assert_ptr_null(err.message);
	ck_assert_uint_eq(r.bytes, 0);
	csv_reader_close(&r);
	free(path);
}
END_TEST

/* Bad inputs */

struct bad_case {
	const char *what;
	const char *in;
	size_t len;		/* 0: strlen(in) */
	const char *good;	/* transcript of the records before the error */
	const char *message;	/* a part of the message */
};

static const struct bad_case bad_cases[] = {
	{ "malformed quoting", "h1,h2,h3\n\na,\"b\"c,d\n", 0, "1|h1|h2|h3\n",
	  "malformed quoting in the record starting on line 3" },
	{ "a quote inside an unquoted field", "h\nab\"c\n", 0, "1|h\n",
	  "malformed quoting in the record starting on line 2" },
	{ "malformed quoting after a multi-line field", "\"a\nb\",c\nx,\"y\"z\n", 0, "1|a\\nb|c\n",
	  "malformed quoting in the record starting on line 3" },
	{ "an unterminated quote at the end", "a,b\n\n1,\"2\n3\n", 0, "1|a|b\n",
	  "malformed quoting in the record starting on line 3" },
	{ "an unterminated quote in the first record", "\"abc", 0, "",
	  "malformed quoting in the record starting on line 1" },
	{ "a NUL byte", "a,b\n1,\0" "2\n", 9, "", "has a NUL byte at offset 6" },
	{ "a NUL byte after a BOM", "\xEF\xBB\xBF" "a\0", 5, "", "has a NUL byte at offset 4" },
	{ "a NUL byte in a quoted field", "a,\"\0\"\n", 6, "", "has a NUL byte at offset 3" },
};

START_TEST(test_bad_input_gives_edata_naming_file_and_place)
{
	const struct bad_case *c = &bad_cases[_i];
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf got = BUF_INIT(1 << 20);
	char *path = ut_path(ut_dir, "in.csv");
	int rc;

	ut_write_file(path, c->in, c->len ? c->len : strlen(c->in));
	rc = transcript_file(path, 0, 0, &got, &err);
	ck_assert_msg(rc == SLDS_EDATA, "%s: returned %d, expected SLDS_EDATA", c->what, rc);
	ck_assert_ptr_nonnull(err.message);
	ck_assert_msg(strstr(err.message, c->message), "%s: message \"%s\" lacks \"%s\"", c->what,
		      err.message, c->message);
	ck_assert_msg(strstr(err.message, path), "%s: message \"%s\" does not name the file",
		      c->what, err.message);
	/* Records before the fault may or may not have been returned, but no others. */
	ck_assert_msg(!strncmp(c->good, got.data, got.len), "%s: read\n%s", c->what, got.data);
	buf_release(&got);
	error_clear(&err);
	free(path);
}
END_TEST

/* The offset of a NUL byte does not depend on the read size. */
static const size_t nul_read_sizes[] = { 0, 1, 2, 7, 64, 4095, 4096, 4097 };

START_TEST(test_nul_byte_offset_is_the_same_at_every_read_size)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf in = BUF_INIT(1 << 20), got = BUF_INIT(1 << 20);
	int i, rc;

	buf_adds(&in, "\xEF\xBB\xBF" "id,name\n");
	for (i = 0; in.len < 9900; i++)
		buf_addf(&in, "%d,\"n\xC3\xA9 %d\"\r\n", i, i);
	while (in.len < 9999)
		buf_addch(&in, 'p');
	buf_addch(&in, '\n');
	ck_assert_uint_eq(in.len, 10000);	/* a NUL exactly at offset 10000 */
	buf_add(&in, "\0" "x\n", 3);
	rc = transcript(in.data, in.len, nul_read_sizes[_i], 0, &got, &err);
	ck_assert_int_eq(rc, SLDS_EDATA);
	ck_assert_msg(strstr(err.message, "has a NUL byte at offset 10000"),
		      "read size %zu: \"%s\"", nul_read_sizes[_i], err.message);
	buf_release(&in);
	buf_release(&got);
	error_clear(&err);
}
END_TEST

/* Limits */

static void big_field_input(struct buf *in, size_t field_len, int quoted)
{
	size_t i;

	buf_adds(in, "a,b\nok,fine\nx,");
	if (quoted)
		buf_addch(in, '"');
	for (i = 0; i < field_len; i++)
		buf_addch(in, 'z');
	if (quoted)
		buf_addch(in, '"');
	buf_adds(in, ",y\n");
}

START_TEST(test_field_of_max_plus_one_bytes_gives_edata_naming_the_limit)
{
	/* _i: 0 unquoted, 1 quoted */
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf in = BUF_INIT(4 * CSV_MAX_FIELD), got = BUF_INIT(1 << 20);
	char limit[32];
	int rc;

	big_field_input(&in, CSV_MAX_FIELD + 1, _i);
	rc = transcript(in.data, in.len, 0, 0, &got, &err);
	ck_assert_int_eq(rc, SLDS_EDATA);
	snprintf(limit, sizeof(limit), "longer than %d bytes", CSV_MAX_FIELD);
	ck_assert_msg(strstr(err.message, limit), "message \"%s\" lacks \"%s\"", err.message, limit);
	ck_assert_msg(strstr(err.message, "line 3"), "message \"%s\" does not name line 3",
		      err.message);
	ck_assert_msg(!strncmp("1|a|b\n2|ok|fine\n", got.data, got.len), "read\n%s", got.data);
	buf_release(&in);
	buf_release(&got);
	error_clear(&err);
}
END_TEST

START_TEST(test_field_of_exactly_max_bytes_is_read)
{
	/* _i: 0 unquoted, 1 quoted */
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf in = BUF_INIT(4 * CSV_MAX_FIELD);
	char *path = ut_path(ut_dir, "max.csv");
	struct csv_reader r;
	size_t i;

	big_field_input(&in, CSV_MAX_FIELD, _i);
	ut_write_file(path, in.data, in.len);
	ck_assert_int_eq(csv_reader_open(&r, path, 0, &err), 0);
	ck_assert_int_eq(csv_reader_next(&r, &err), 1);
	ck_assert_int_eq(csv_reader_next(&r, &err), 1);
	ck_assert_int_eq(csv_reader_next(&r, &err), 1);
	ck_assert_uint_eq(r.row_line, 3);
	ck_assert_uint_eq(r.nfields, 3);
	ck_assert_uint_eq(r.lens[1], CSV_MAX_FIELD);
	for (i = 0; i < CSV_MAX_FIELD; i++)
		if (r.fields[1][i] != 'z')
			ck_abort_msg("byte %zu of the field is 0x%02x", i, (unsigned char)r.fields[1][i]);
	ck_assert_str_eq(r.fields[2], "y");
	ck_assert_int_eq(csv_reader_next(&r, &err), 0);
	csv_reader_close(&r);
	buf_release(&in);
	free(path);
}
END_TEST

static long max_rss_kib(void)
{
	struct rusage ru;

	ck_assert_int_eq(getrusage(RUSAGE_SELF, &ru), 0);
	return ru.ru_maxrss;
}

/*
 * A 64 MiB field must be refused when it passes the limit, not after it has
 * been read whole: the reader's memory stays within a few times the limit
 * whatever the file.  (AddressSanitizer keeps freed memory in quarantine, so
 * the bound is asserted only without it.)
 */
START_TEST(test_huge_field_is_refused_with_bounded_memory)
{
	struct slds_error err = SLDS_ERROR_INIT;
	static char chunk[64 * 1024];
	char *path = ut_path(ut_dir, "huge.csv");
	struct csv_reader r;
	FILE *f;
	long before, after;
	int i, rc;

	memset(chunk, 'z', sizeof(chunk));
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("id,blob\n1,", f);
	for (i = 0; i < 1024; i++)
		ck_assert_uint_eq(fwrite(chunk, 1, sizeof(chunk), f), sizeof(chunk));
	ck_assert_int_eq(fclose(f), 0);

	before = max_rss_kib();
	ck_assert_int_eq(csv_reader_open(&r, path, 0, &err), 0);
	ck_assert_int_eq(csv_reader_next(&r, &err), 1);
	rc = csv_reader_next(&r, &err);
	ck_assert_int_eq(rc, SLDS_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "longer than 1048576 bytes"));
	ck_assert_uint_lt(r.bytes, 8 * CSV_MAX_FIELD);	/* it stopped reading */
	csv_reader_close(&r);
	after = max_rss_kib();
#if !defined(__SANITIZE_ADDRESS__)
	ck_assert_msg(after - before < 16 * 1024, "reading grew the resident set by %ld KiB",
		      after - before);
#else
	(void)before;
	(void)after;
#endif
	error_clear(&err);
	free(path);
}
END_TEST

START_TEST(test_record_of_max_fields_is_read_and_one_more_gives_edata)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf in = BUF_INIT(1 << 20), got = BUF_INIT(1 << 20);
	char *path = ut_path(ut_dir, "wide.csv");
	struct csv_reader r;
	int i;

	for (i = 0; i < CSV_MAX_FIELDS; i++)
		buf_adds(&in, i ? ",x" : "x");
	buf_adds(&in, "\n");
	ut_write_file(path, in.data, in.len);
	ck_assert_int_eq(csv_reader_open(&r, path, 0, &err), 0);
	ck_assert_int_eq(csv_reader_next(&r, &err), 1);
	ck_assert_uint_eq(r.nfields, CSV_MAX_FIELDS);
	ck_assert_int_eq(csv_reader_next(&r, &err), 0);
	csv_reader_close(&r);

	buf_adds(&in, "x");
	for (i = 0; i < CSV_MAX_FIELDS; i++)
		buf_adds(&in, ",x");
	buf_adds(&in, "\n");
	ck_assert_int_eq(transcript(in.data, in.len, 0, 0, &got, &err), SLDS_EDATA);
	ck_assert_msg(strstr(err.message, "line 2 has more than 1024 fields"), "\"%s\"", err.message);
	buf_release(&in);
	buf_release(&got);
	error_clear(&err);
	free(path);
}
END_TEST

START_TEST(test_missing_file_gives_enoent)
{
	struct slds_error err = SLDS_ERROR_INIT;
	char *path = ut_path(ut_dir, "absent.csv");
	struct csv_reader r;

	ck_assert_int_eq(csv_reader_open(&r, path, 0, &err), SLDS_ENOENT);
	ck_assert_int_eq(err.code, SLDS_ENOENT);
	ck_assert_ptr_nonnull(strstr(err.message, path));
	csv_reader_close(&r);
	error_clear(&err);
	free(path);
}
END_TEST

START_TEST(test_large_file_is_read_in_order_with_line_numbers_and_byte_count)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf in = BUF_INIT(64 << 20);
	char *path = ut_path(ut_dir, "big.csv");
	struct csv_reader r;
	unsigned long long n, line = 2;
	int rc;

	buf_adds(&in, "id,name\n");
	for (n = 0; n < 200000; n++)
		buf_addf(&in, n % 10 == 9 ? "%llu,\"name\n%llu\"\n" : "%llu,\"name, %llu\"\n", n, n);
	ut_write_file(path, in.data, in.len);
	ck_assert_int_eq(csv_reader_open(&r, path, 0, &err), 0);
	ck_assert_int_eq(csv_reader_next(&r, &err), 1);
	for (n = 0; (rc = csv_reader_next(&r, &err)) == 1; n++) {
		char want[32];

		snprintf(want, sizeof(want), "%llu", n);
		if (strcmp(r.fields[0], want) || r.row_line != line)
			ck_abort_msg("record %llu: id %s on line %llu, expected line %llu", n,
				     r.fields[0], r.row_line, line);
		line += n % 10 == 9 ? 2 : 1;
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
	TCase *tc;

	tc = tcase_create("chunk_boundaries");
	ut_scratch(tc);
	tcase_set_timeout(tc, 120);	/* the random comparison, under the sanitizers */
	tcase_add_loop_test(tc,
		test_every_read_size_from_1_to_64_and_default_gives_the_same_records_and_lines,
		0, 130);
	tcase_add_test(tc, test_fast_path_and_libcsv_agree_on_random_input);
	suite_add_tcase(s, tc);

	tc = tcase_create("records");
	ut_scratch(tc);
	tcase_add_loop_test(tc, test_good_input_table_gives_expected_records_and_lines,
			    0, N(good_cases));
	tcase_add_loop_test(tc, test_good_input_table_read_one_byte_at_a_time_gives_the_same,
			    0, N(good_cases));
	tcase_add_test(tc, test_empty_file_gives_0_at_once);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	ut_scratch(tc);
	tcase_add_loop_test(tc, test_bad_input_gives_edata_naming_file_and_place,
			    0, N(bad_cases));
	tcase_add_loop_test(tc, test_nul_byte_offset_is_the_same_at_every_read_size,
			    0, N(nul_read_sizes));
	tcase_add_test(tc, test_missing_file_gives_enoent);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	ut_scratch(tc);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_field_of_max_plus_one_bytes_gives_edata_naming_the_limit, 0, 2);
	tcase_add_loop_test(tc, test_field_of_exactly_max_bytes_is_read, 0, 2);
	tcase_add_test(tc, test_huge_field_is_refused_with_bounded_memory);
	tcase_add_test(tc, test_record_of_max_fields_is_read_and_one_more_gives_edata);
	tcase_add_test(tc, test_large_file_is_read_in_order_with_line_numbers_and_byte_count);
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
