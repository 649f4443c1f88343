/*
 * check_parse.c: unit tests for parse.c, strict numbers and calendar dates.
 *
 * The cases are tables: one table per expectation, each row naming what it
 * shows, so that a failure message says which input broke which rule.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "parse.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define UNTOUCHED 4242

/* parse_int64 */

struct int64_case {
	const char *in;
	int64_t min, max;
	int result;
	int64_t value;	/* when result is PARSE_OK */
};

static const struct int64_case int64_cases[] = {
	{ "0", INT64_MIN, INT64_MAX, PARSE_OK, 0 },
	{ "7", INT64_MIN, INT64_MAX, PARSE_OK, 7 },
	{ "007", INT64_MIN, INT64_MAX, PARSE_OK, 7 },
	{ "+42", INT64_MIN, INT64_MAX, PARSE_OK, 42 },
	{ "-42", INT64_MIN, INT64_MAX, PARSE_OK, -42 },
	{ "-0", INT64_MIN, INT64_MAX, PARSE_OK, 0 },
	{ "9223372036854775807", INT64_MIN, INT64_MAX, PARSE_OK, INT64_MAX },
	{ "-9223372036854775808", INT64_MIN, INT64_MAX, PARSE_OK, INT64_MIN },
	{ "0000000000000000000009223372036854775807", INT64_MIN, INT64_MAX, PARSE_OK, INT64_MAX },
	/* one past either end of int64 */
	{ "9223372036854775808", INT64_MIN, INT64_MAX, PARSE_RANGE, 0 },
	{ "-9223372036854775809", INT64_MIN, INT64_MAX, PARSE_RANGE, 0 },
	{ "+9223372036854775808", INT64_MIN, INT64_MAX, PARSE_RANGE, 0 },
	{ "18446744073709551616", INT64_MIN, INT64_MAX, PARSE_RANGE, 0 },
	{ "99999999999999999999999999", INT64_MIN, INT64_MAX, PARSE_RANGE, 0 },
	/* the caller's bounds, both inclusive */
	{ "1", 1, 10, PARSE_OK, 1 },
	{ "10", 1, 10, PARSE_OK, 10 },
	{ "0", 1, 10, PARSE_RANGE, 0 },
	{ "11", 1, 10, PARSE_RANGE, 0 },
	{ "-1", 0, INT64_MAX, PARSE_RANGE, 0 },
	{ "9223372036854775807", INT64_MIN, INT64_MAX - 1, PARSE_RANGE, 0 },
	{ "-9223372036854775808", INT64_MIN + 1, INT64_MAX, PARSE_RANGE, 0 },
	/* not integers at all */
	{ "", INT64_MIN, INT64_MAX, PARSE_EMPTY, 0 },
	{ "+", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "-", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "12a", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "12 ", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ " 12", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "\t12", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "1 2", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "--1", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "+-1", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "1-", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "0x10", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "1.0", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "1e3", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "1,000", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "\xef\xbc\x95", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },	/* fullwidth 5 */
	/* malformed and too large: the syntax is what is wrong */
	{ "99999999999999999999x", INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
};

START_TEST(test_parse_int64_table_gives_expected_result_and_value)
{
	const struct int64_case *c = &int64_cases[_i];
	int64_t v = UNTOUCHED;
	int r = parse_int64(c->in, strlen(c->in), c->min, c->max, &v);

	ck_assert_msg(r == c->result, "parse_int64(\"%s\") returned %d, expected %d",
		      c->in, r, c->result);
	if (c->result == PARSE_OK)
		ck_assert_msg(v == c->value, "parse_int64(\"%s\") gave %lld, expected %lld",
			      c->in, (long long)v, (long long)c->value);
	else
		ck_assert_msg(v == UNTOUCHED, "parse_int64(\"%s\") wrote to *out on failure",
			      c->in);
}
END_TEST

START_TEST(test_parse_int64_reads_only_len_bytes_of_unterminated_input)
{
	const char field[] = { '1', '2', '3', 'x', '9' };
	int64_t v = 0;

	ck_assert_int_eq(parse_int64(field, 3, INT64_MIN, INT64_MAX, &v), PARSE_OK);
	ck_assert_int_eq(v, 123);
	ck_assert_int_eq(parse_int64(field, 4, INT64_MIN, INT64_MAX, &v), PARSE_SYNTAX);
	ck_assert_int_eq(parse_int64(field, 0, INT64_MIN, INT64_MAX, &v), PARSE_EMPTY);
}
END_TEST

START_TEST(test_parse_int64_rejects_embedded_nul_as_syntax)
{
	int64_t v = 0;

	ck_assert_int_eq(parse_int64("12\0" "3", 4, INT64_MIN, INT64_MAX, &v), PARSE_SYNTAX);
}
END_TEST

/* parse_decimal */

struct decimal_case {
	const char *in;
	int scale;
	int64_t min, max;
	int result;
	int64_t value;
};

static const struct decimal_case decimal_cases[] = {
	{ "1", 2, INT64_MIN, INT64_MAX, PARSE_OK, 100 },
	{ "1.", 2, INT64_MIN, INT64_MAX, PARSE_OK, 100 },
	{ ".5", 2, INT64_MIN, INT64_MAX, PARSE_OK, 50 },
	{ "-.5", 2, INT64_MIN, INT64_MAX, PARSE_OK, -50 },
	{ "1.5", 2, INT64_MIN, INT64_MAX, PARSE_OK, 150 },
	{ "+1.5", 2, INT64_MIN, INT64_MAX, PARSE_OK, 150 },
	{ "-0.25", 2, INT64_MIN, INT64_MAX, PARSE_OK, -25 },
	{ "-0.00", 2, INT64_MIN, INT64_MAX, PARSE_OK, 0 },
	{ "007.10", 2, INT64_MIN, INT64_MAX, PARSE_OK, 710 },
	{ "3", 0, INT64_MIN, INT64_MAX, PARSE_OK, 3 },
	{ "3.0", 0, INT64_MIN, INT64_MAX, PARSE_OK, 3 },
	{ "1", 18, INT64_MIN, INT64_MAX, PARSE_OK, 1000000000000000000 },
	{ "0.000", 30, INT64_MIN, INT64_MAX, PARSE_OK, 0 },
	/* zeros beyond the scale are accepted, any other digit is not */
	{ "1.500", 2, INT64_MIN, INT64_MAX, PARSE_OK, 150 },
	{ "1.50000000000000000000000000", 2, INT64_MIN, INT64_MAX, PARSE_OK, 150 },
	{ "1.005", 2, INT64_MIN, INT64_MAX, PARSE_PRECISION, 0 },
	{ "1.001", 2, INT64_MIN, INT64_MAX, PARSE_PRECISION, 0 },
	{ "1.5", 0, INT64_MIN, INT64_MAX, PARSE_PRECISION, 0 },
	{ "0.000000000000000000000001", 2, INT64_MIN, INT64_MAX, PARSE_PRECISION, 0 },
	{ "1", -1, INT64_MIN, INT64_MAX, PARSE_PRECISION, 0 },
	/* int64 limits after scaling */
	{ "92233720368547758.07", 2, INT64_MIN, INT64_MAX, PARSE_OK, INT64_MAX },
	{ "92233720368547758.08", 2, INT64_MIN, INT64_MAX, PARSE_RANGE, 0 },
	{ "-92233720368547758.08", 2, INT64_MIN, INT64_MAX, PARSE_OK, INT64_MIN },
	{ "-92233720368547758.09", 2, INT64_MIN, INT64_MAX, PARSE_RANGE, 0 },
	{ "92233720368547759", 2, INT64_MIN, INT64_MAX, PARSE_RANGE, 0 },
	{ "10", 18, INT64_MIN, INT64_MAX, PARSE_RANGE, 0 },
	/* the caller's bounds apply to the scaled value */
	{ "10.00", 2, 0, 1000, PARSE_OK, 1000 },
	{ "10.01", 2, 0, 1000, PARSE_RANGE, 0 },
	{ "-0.01", 2, 0, 1000, PARSE_RANGE, 0 },
	/* not decimals */
	{ "", 2, INT64_MIN, INT64_MAX, PARSE_EMPTY, 0 },
	{ ".", 2, INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "-", 2, INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "+.", 2, INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "1e3", 2, INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "1,5", 2, INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "1.2.3", 2, INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "1..", 2, INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ " 1.5", 2, INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "1.5 ", 2, INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "$1.50", 2, INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "1.5-", 2, INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	/* several faults: syntax before precision before range */
	{ "1.005x", 2, INT64_MIN, INT64_MAX, PARSE_SYNTAX, 0 },
	{ "99999999999999999999.005", 2, INT64_MIN, INT64_MAX, PARSE_PRECISION, 0 },
};

START_TEST(test_parse_decimal_table_gives_expected_result_and_scaled_value)
{
	const struct decimal_case *c = &decimal_cases[_i];
	int64_t v = UNTOUCHED;
	int r = parse_decimal(c->in, strlen(c->in), c->scale, c->min, c->max, &v);

	ck_assert_msg(r == c->result, "parse_decimal(\"%s\", scale %d) returned %d, expected %d",
		      c->in, c->scale, r, c->result);
	if (c->result == PARSE_OK)
		ck_assert_msg(v == c->value, "parse_decimal(\"%s\", scale %d) gave %lld, expected %lld",
			      c->in, c->scale, (long long)v, (long long)c->value);
	else
		ck_assert_msg(v == UNTOUCHED, "parse_decimal(\"%s\") wrote to *out on failure",
			      c->in);
}
END_TEST

START_TEST(test_parse_decimal_reads_only_len_bytes_of_unterminated_input)
{
	const char field[] = { '2', '.', '5', '7' };
	int64_t v = 0;

	ck_assert_int_eq(parse_decimal(field, 3, 1, INT64_MIN, INT64_MAX, &v), PARSE_OK);
	ck_assert_int_eq(v, 25);
	ck_assert_int_eq(parse_decimal(field, 4, 1, INT64_MIN, INT64_MAX, &v), PARSE_PRECISION);
}
END_TEST

/* parse_date */

struct date_case {
	const char *in;
	int result;
	int year, month, day;
};

static const struct date_case date_cases[] = {
	{ "2024-02-29", PARSE_OK, 2024, 2, 29 },	/* divisible by 4 */
	{ "2000-02-29", PARSE_OK, 2000, 2, 29 },	/* divisible by 400 */
	{ "2023-02-29", PARSE_NODATE, 0, 0, 0 },	/* not a leap year */
	{ "1900-02-29", PARSE_NODATE, 0, 0, 0 },	/* divisible by 100 only */
	{ "2100-02-29", PARSE_NODATE, 0, 0, 0 },
	{ "2023-02-28", PARSE_OK, 2023, 2, 28 },
	{ "2024-04-30", PARSE_OK, 2024, 4, 30 },
	{ "2024-04-31", PARSE_NODATE, 0, 0, 0 },	/* 31 April */
	{ "2024-06-31", PARSE_NODATE, 0, 0, 0 },
	{ "2024-12-31", PARSE_OK, 2024, 12, 31 },
	{ "2024-01-32", PARSE_NODATE, 0, 0, 0 },
	{ "2024-01-00", PARSE_NODATE, 0, 0, 0 },
	/* month 13 is well-formed (two digits) but no such date exists */
	{ "2024-13-01", PARSE_NODATE, 0, 0, 0 },
	{ "2024-00-10", PARSE_NODATE, 0, 0, 0 },
	{ "2024-99-99", PARSE_NODATE, 0, 0, 0 },
	{ "0000-01-01", PARSE_NODATE, 0, 0, 0 },	/* there is no year 0 */
	{ "0001-01-01", PARSE_OK, 1, 1, 1 },
	{ "9999-12-31", PARSE_OK, 9999, 12, 31 },
	/* not of the form YYYY-MM-DD */
	{ "", PARSE_EMPTY, 0, 0, 0 },
	{ "2024-2-01", PARSE_SYNTAX, 0, 0, 0 },
	{ "2024-02-1", PARSE_SYNTAX, 0, 0, 0 },
	{ "24-02-01", PARSE_SYNTAX, 0, 0, 0 },
	{ "12024-02-01", PARSE_SYNTAX, 0, 0, 0 },
	{ "2024/02/01", PARSE_SYNTAX, 0, 0, 0 },
	{ "20240201", PARSE_SYNTAX, 0, 0, 0 },
	{ "2024-02-01 ", PARSE_SYNTAX, 0, 0, 0 },
	{ " 2024-02-01", PARSE_SYNTAX, 0, 0, 0 },
	{ "2024-02-01T00:00:00", PARSE_SYNTAX, 0, 0, 0 },
	{ "2024-0a-01", PARSE_SYNTAX, 0, 0, 0 },
	{ "2024-1-011", PARSE_SYNTAX, 0, 0, 0 },
	{ "+024-01-01", PARSE_SYNTAX, 0, 0, 0 },
	{ "-024-01-01", PARSE_SYNTAX, 0, 0, 0 },
	{ "2024-+1-01", PARSE_SYNTAX, 0, 0, 0 },
	{ "02/01/2024", PARSE_SYNTAX, 0, 0, 0 },
};

START_TEST(test_parse_date_table_gives_expected_result_and_date)
{
	const struct date_case *c = &date_cases[_i];
	struct date d = { UNTOUCHED, UNTOUCHED, UNTOUCHED };
	int r = parse_date(c->in, strlen(c->in), &d);

	ck_assert_msg(r == c->result, "parse_date(\"%s\") returned %d, expected %d",
		      c->in, r, c->result);
	if (c->result == PARSE_OK) {
		ck_assert_int_eq(d.year, c->year);
		ck_assert_int_eq(d.month, c->month);
		ck_assert_int_eq(d.day, c->day);
	} else {
		ck_assert_msg(d.year == UNTOUCHED && d.month == UNTOUCHED && d.day == UNTOUCHED,
			      "parse_date(\"%s\") wrote to *out on failure", c->in);
	}
}
END_TEST

START_TEST(test_parse_date_rejects_feb_29_in_non_leap_year)
{
	struct date d;

	ck_assert_int_eq(parse_date("2026-02-29", 10, &d), PARSE_NODATE);
}
END_TEST

START_TEST(test_parse_date_reads_only_len_bytes_of_unterminated_input)
{
	const char field[] = "2024-02-290";
	struct date d;

	ck_assert_int_eq(parse_date(field, 10, &d), PARSE_OK);
	ck_assert_int_eq(d.day, 29);
	ck_assert_int_eq(parse_date(field, 11, &d), PARSE_SYNTAX);
}
END_TEST

/* calendar arithmetic */

struct leap_case {
	int year;
	int leap;
};

static const struct leap_case leap_cases[] = {
	{ 2024, 1 }, { 2023, 0 }, { 1900, 0 }, { 2000, 1 }, { 2100, 0 },
	{ 2400, 1 }, { 4, 1 }, { 1, 0 }, { 9996, 1 }, { 1600, 1 }, { 1700, 0 },
};

START_TEST(test_date_is_leap_year_follows_gregorian_rule)
{
	ck_assert_msg(date_is_leap_year(leap_cases[_i].year) == leap_cases[_i].leap,
		      "date_is_leap_year(%d) should be %d", leap_cases[_i].year,
		      leap_cases[_i].leap);
}
END_TEST

struct month_case {
	int year, month, days;
};

static const struct month_case month_cases[] = {
	{ 2024, 1, 31 }, { 2024, 2, 29 }, { 2023, 2, 28 }, { 1900, 2, 28 },
	{ 2000, 2, 29 }, { 2024, 3, 31 }, { 2024, 4, 30 }, { 2024, 5, 31 },
	{ 2024, 6, 30 }, { 2024, 7, 31 }, { 2024, 8, 31 }, { 2024, 9, 30 },
	{ 2024, 10, 31 }, { 2024, 11, 30 }, { 2024, 12, 31 },
	{ 2024, 0, 0 }, { 2024, 13, 0 }, { 2024, -1, 0 },
};

START_TEST(test_date_days_in_month_gives_length_or_zero_for_bad_month)
{
	const struct month_case *c = &month_cases[_i];

	ck_assert_msg(date_days_in_month(c->year, c->month) == c->days,
		      "date_days_in_month(%d, %d) should be %d", c->year, c->month, c->days);
}
END_TEST

struct days_case {
	struct date d;
	int32_t days;
};

static const struct days_case days_cases[] = {
	{ { 2000, 1, 1 }, 0 },
	{ { 2000, 1, 2 }, 1 },
	{ { 1999, 12, 31 }, -1 },
	{ { 2000, 3, 1 }, 60 },		/* past 29 February 2000 */
	{ { 2001, 1, 1 }, 366 },
	{ { 1970, 1, 1 }, -10957 },
	{ { 1900, 3, 1 }, -36465 },
	{ { 2026, 9, 1 }, 9740 },
	{ { 1, 1, 1 }, -730119 },
	{ { 9999, 12, 31 }, 2921939 },
};

START_TEST(test_date_to_days_counts_from_2000_01_01)
{
	const struct days_case *c = &days_cases[_i];
	struct date back;

	ck_assert_msg(date_to_days(&c->d) == c->days, "date_to_days(%04d-%02d-%02d) = %ld, expected %ld",
		      c->d.year, c->d.month, c->d.day, (long)date_to_days(&c->d), (long)c->days);
	back = date_from_days(c->days);
	ck_assert_int_eq(date_compare(&back, &c->d), 0);
}
END_TEST

/*
 * Every day of years 1 to 9999, walked one day at a time by a next-day rule
 * written here, must be one more than the day before and come back unchanged.
 */
START_TEST(test_date_to_days_and_back_round_trip_every_day_from_year_1_to_9999)
{
	struct date d = { 1, 1, 1 }, back;
	int32_t expect = date_to_days(&d);

	ck_assert_int_eq(expect, -730119);
	for (;;) {
		int32_t got = date_to_days(&d);

		if (got != expect)
			ck_abort_msg("date_to_days(%04d-%02d-%02d) = %ld, expected %ld",
				     d.year, d.month, d.day, (long)got, (long)expect);
		back = date_from_days(got);
		if (date_compare(&back, &d) != 0)
			ck_abort_msg("date_from_days(%ld) = %04d-%02d-%02d, expected %04d-%02d-%02d",
				     (long)got, back.year, back.month, back.day,
				     d.year, d.month, d.day);
		if (!date_is_valid(&d))
			ck_abort_msg("%04d-%02d-%02d should be valid", d.year, d.month, d.day);
		if (d.year == 9999 && d.month == 12 && d.day == 31)
			break;
		expect++;
		if (d.day < date_days_in_month(d.year, d.month)) {
			d.day++;
		} else if (d.month < 12) {
			d.month++;
			d.day = 1;
		} else {
			d.year++;
			d.month = 1;
			d.day = 1;
		}
	}
	ck_assert_int_eq(expect, 2921939);
}
END_TEST

struct valid_case {
	struct date d;
	int valid;
};

static const struct valid_case valid_cases[] = {
	{ { 2024, 2, 29 }, 1 }, { { 2023, 2, 29 }, 0 }, { { 0, 1, 1 }, 0 },
	{ { 10000, 1, 1 }, 0 }, { { 2024, 0, 1 }, 0 }, { { 2024, 13, 1 }, 0 },
	{ { 2024, 1, 0 }, 0 }, { { 2024, 1, 31 }, 1 }, { { 2024, 11, 31 }, 0 },
	{ { -5, 1, 1 }, 0 }, { { 9999, 12, 31 }, 1 }, { { 1, 1, 1 }, 1 },
};

START_TEST(test_date_is_valid_accepts_only_existing_dates_in_years_1_to_9999)
{
	const struct valid_case *c = &valid_cases[_i];

	ck_assert_msg(date_is_valid(&c->d) == c->valid, "date_is_valid(%d-%d-%d) should be %d",
		      c->d.year, c->d.month, c->d.day, c->valid);
}
END_TEST

struct format_case {
	struct date d;
	const char *out;
};

static const struct format_case format_cases[] = {
	{ { 2024, 2, 9 }, "2024-02-09" },
	{ { 1, 1, 1 }, "0001-01-01" },
	{ { 9999, 12, 31 }, "9999-12-31" },
	{ { 987, 10, 10 }, "0987-10-10" },
};

START_TEST(test_date_format_writes_zero_padded_iso_date)
{
	char out[11];

	memset(out, 'x', sizeof(out));
	date_format(&format_cases[_i].d, out);
	ck_assert_str_eq(out, format_cases[_i].out);
}
END_TEST

START_TEST(test_date_format_output_parses_back_to_same_date)
{
	struct date d = { 2024, 2, 29 }, back;
	char out[11];
	int32_t days;

	for (days = -730119; days <= 2921939; days += 997) {
		d = date_from_days(days);
		date_format(&d, out);
		ck_assert_int_eq(parse_date(out, strlen(out), &back), PARSE_OK);
		ck_assert_int_eq(date_compare(&back, &d), 0);
	}
}
END_TEST

struct compare_case {
	struct date a, b;
	int sign;
};

static const struct compare_case compare_cases[] = {
	{ { 2024, 1, 1 }, { 2024, 1, 1 }, 0 },
	{ { 2023, 12, 31 }, { 2024, 1, 1 }, -1 },
	{ { 2024, 1, 1 }, { 2023, 12, 31 }, 1 },
	{ { 2024, 2, 1 }, { 2024, 1, 31 }, 1 },
	{ { 2024, 1, 30 }, { 2024, 1, 31 }, -1 },
};

START_TEST(test_date_compare_orders_by_year_month_day)
{
	const struct compare_case *c = &compare_cases[_i];
	int r = date_compare(&c->a, &c->b);

	ck_assert_int_eq((r > 0) - (r < 0), c->sign);
}
END_TEST

/* parse_trim and parse_strerror */

struct trim_case {
	const char *in;
	const char *out;
};

static const struct trim_case trim_cases[] = {
	{ "abc", "abc" },
	{ "  abc", "abc" },
	{ "abc  ", "abc" },
	{ " \t a b \t ", "a b" },
	{ "", "" },
	{ "   ", "" },
	{ "\t", "" },
	{ "\nabc\r", "\nabc\r" },	/* only spaces and tabs are blanks */
};

START_TEST(test_parse_trim_removes_only_surrounding_spaces_and_tabs)
{
	const char *s = trim_cases[_i].in;
	size_t len = strlen(s);

	parse_trim(&s, &len);
	ck_assert_uint_eq(len, strlen(trim_cases[_i].out));
	ck_assert_mem_eq(s, trim_cases[_i].out, len);
	if (len)
		ck_assert_ptr_eq(s, strstr(trim_cases[_i].in, trim_cases[_i].out));
}
END_TEST

START_TEST(test_parse_strerror_gives_distinct_phrase_for_each_result)
{
	static const int results[] = {
		PARSE_OK, PARSE_EMPTY, PARSE_SYNTAX, PARSE_RANGE, PARSE_PRECISION,
		PARSE_NODATE, 99
	};
	size_t i, j;

	for (i = 0; i < N(results); i++) {
		const char *a = parse_strerror(results[i]);

		ck_assert_ptr_nonnull(a);
		ck_assert_uint_gt(strlen(a), 0);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(a, parse_strerror(results[j]));
	}
	ck_assert_str_eq(parse_strerror(PARSE_SYNTAX), "has invalid syntax");
	ck_assert_str_eq(parse_strerror(PARSE_NODATE), "is not a date that exists");
}
END_TEST

static Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc;

	tc = tcase_create("int64");
	tcase_add_loop_test(tc, test_parse_int64_table_gives_expected_result_and_value,
			    0, N(int64_cases));
	tcase_add_test(tc, test_parse_int64_reads_only_len_bytes_of_unterminated_input);
	tcase_add_test(tc, test_parse_int64_rejects_embedded_nul_as_syntax);
	suite_add_tcase(s, tc);

	tc = tcase_create("decimal");
	tcase_add_loop_test(tc, test_parse_decimal_table_gives_expected_result_and_scaled_value,
			    0, N(decimal_cases));
	tcase_add_test(tc, test_parse_decimal_reads_only_len_bytes_of_unterminated_input);
	suite_add_tcase(s, tc);

	tc = tcase_create("date");
	tcase_add_loop_test(tc, test_parse_date_table_gives_expected_result_and_date,
			    0, N(date_cases));
	tcase_add_test(tc, test_parse_date_rejects_feb_29_in_non_leap_year);
	tcase_add_test(tc, test_parse_date_reads_only_len_bytes_of_unterminated_input);
	suite_add_tcase(s, tc);

	tc = tcase_create("calendar");
	tcase_add_loop_test(tc, test_date_is_leap_year_follows_gregorian_rule, 0, N(leap_cases));
	tcase_add_loop_test(tc, test_date_days_in_month_gives_length_or_zero_for_bad_month,
			    0, N(month_cases));
	tcase_add_loop_test(tc, test_date_to_days_counts_from_2000_01_01, 0, N(days_cases));
	tcase_add_test(tc, test_date_to_days_and_back_round_trip_every_day_from_year_1_to_9999);
	tcase_add_loop_test(tc, test_date_is_valid_accepts_only_existing_dates_in_years_1_to_9999,
			    0, N(valid_cases));
	tcase_add_loop_test(tc, test_date_format_writes_zero_padded_iso_date, 0, N(format_cases));
	tcase_add_test(tc, test_date_format_output_parses_back_to_same_date);
	tcase_add_loop_test(tc, test_date_compare_orders_by_year_month_day, 0, N(compare_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("misc");
	tcase_add_loop_test(tc, test_parse_trim_removes_only_surrounding_spaces_and_tabs,
			    0, N(trim_cases));
	tcase_add_test(tc, test_parse_strerror_gives_distinct_phrase_for_each_result);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(parse_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
