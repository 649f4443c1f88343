/*
 * parse.c: strict parsing of integers, decimals and ISO dates, and the
 * calendar arithmetic behind dates.
 *
 * The parsers are digit loops rather than strtoll() and friends: those skip
 * leading white space, accept "0x", depend on the locale and need a
 * NUL-terminated string, and a field out of a CSV callback is none of that.
 * Each parser reads the whole input before it judges the value, so a field
 * that is both malformed and too large ("99999999999999999999x") is reported
 * as malformed: PARSE_SYNTAX wins over PARSE_PRECISION, which wins over
 * PARSE_RANGE.
 */
#include <stddef.h>
#include <stdint.h>

#include "parse.h"
#include "banned.h"

/* The magnitude of INT64_MIN, the largest a negative value may have. */
#define NEG_LIMIT ((uint64_t)INT64_MAX + 1)

const char *parse_strerror(int result)
{
	switch (result) {
	case PARSE_OK:
		return "is valid";
	case PARSE_EMPTY:
		return "is empty";
	case PARSE_SYNTAX:
		return "has invalid syntax";
	case PARSE_RANGE:
		return "is out of range";
	case PARSE_PRECISION:
		return "has too many decimal places";
	case PARSE_NODATE:
		return "is not a date that exists";
	default:
		return "is invalid";
	}
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * mag = mag * 10 + digit, saturating: once the magnitude is past limit it
 * stays past it, and *overflow records that it was.
 */
static void accumulate(uint64_t *mag, unsigned digit, uint64_t limit, int *overflow)
{
	if (*overflow)
		return;
	if (*mag > (limit - digit) / 10) {
		*overflow = 1;
		return;
	}
	*mag = *mag * 10 + digit;
}

/* A sign and a magnitude within [min, max] into *out. */
static int finish_value(int negative, uint64_t mag, int64_t min, int64_t max,
			int64_t *out)
{
	int64_t v;

	if (negative)
		v = mag == NEG_LIMIT ? INT64_MIN : -(int64_t)mag;
	else
		v = (int64_t)mag;
	if (v < min || v > max)
		return PARSE_RANGE;
	*out = v;
	return PARSE_OK;
}

int parse_int64(const char *s, size_t len, int64_t min, int64_t max, int64_t *out)
{
	size_t i = 0;
	int negative = 0, overflow = 0;
	uint64_t mag = 0, limit;

	if (len == 0)
		return PARSE_EMPTY;
	if (s[0] == '+' || s[0] == '-') {
		negative = s[0] == '-';
		i++;
	}
	if (i == len)
		return PARSE_SYNTAX;
	limit = negative ? NEG_LIMIT : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		if (!is_digit(s[i]))
			return PARSE_SYNTAX;
		accumulate(&mag, (unsigned)(s[i] - '0'), limit, &overflow);
	}
	if (overflow)
		return PARSE_RANGE;
	return finish_value(negative, mag, min, max, out);
}

int parse_decimal(const char *s, size_t len, int scale, int64_t min, int64_t max,
		  int64_t *out)
{
	size_t i = 0;
	int negative = 0, overflow = 0, precision = 0, seen_point = 0;
	int frac_digits = 0;
	unsigned digits = 0;
	uint64_t mag = 0, limit;

	if (len == 0)
		return PARSE_EMPTY;
	if (s[0] == '+' || s[0] == '-') {
		negative = s[0] == '-';
		i++;
	}
	limit = negative ? NEG_LIMIT : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		if (s[i] == '.') {
			if (seen_point)
				return PARSE_SYNTAX;
			seen_point = 1;
			continue;
		}
		if (!is_digit(s[i]))
			return PARSE_SYNTAX;
		digits++;
		if (!seen_point) {
			accumulate(&mag, (unsigned)(s[i] - '0'), limit, &overflow);
		} else if (frac_digits < scale) {
			accumulate(&mag, (unsigned)(s[i] - '0'), limit, &overflow);
			frac_digits++;
		} else if (s[i] != '0') {
			/* A digit beyond the scale: never rounded away. */
			precision = 1;
		}
	}
	/* "", "+", "." and "-." hold no digit. */
	if (digits == 0)
		return PARSE_SYNTAX;
	/* A negative scale is a caller's bug; no value has fewer than 0 places. */
	if (precision || scale < 0)
		return PARSE_PRECISION;
	for (; frac_digits < scale; frac_digits++)
		accumulate(&mag, 0, limit, &overflow);
	if (overflow)
		return PARSE_RANGE;
	return finish_value(negative, mag, min, max, out);
}

/* Two or four ASCII digits at s as a number, or -1. */
static int digits_value(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int parse_date(const char *s, size_t len, struct date *out)
{
	struct date d;

	if (len == 0)
		return PARSE_EMPTY;
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return PARSE_SYNTAX;
	d.year = digits_value(s, 4);
	d.month = digits_value(s + 5, 2);
	d.day = digits_value(s + 8, 2);
	if (d.year < 0 || d.month < 0 || d.day < 0)
		return PARSE_SYNTAX;
	/* Year 0000, month 13 and 31 April are well-formed but do not exist. */
	if (!date_is_valid(&d))
		return PARSE_NODATE;
	*out = d;
	return PARSE_OK;
}

int date_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && date_is_leap_year(year))
		return 29;
	return days[month - 1];
}

int date_is_valid(const struct date *d)
{
	return d->year >= 1 && d->year <= 9999 &&
		d->month >= 1 && d->month <= 12 &&
		d->day >= 1 && d->day <= date_days_in_month(d->year, d->month);
}

/*
 * Days between 0000-03-01 and 2000-01-01: with years starting in March, the
 * leap day falls at the end of a year and a 400-year era has a fixed length
 * (146097 days), which is what the two functions below rely on.  This is
 * Howard Hinnant's days_from_civil()/civil_from_days().
 */
#define EPOCH_SHIFT 730425

int32_t date_to_days(const struct date *d)
{
	int64_t y = d->year, m = d->month, era, yoe, doy, doe;

	if (m <= 2)
		y--;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d->day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - EPOCH_SHIFT);
}

struct date date_from_days(int32_t days)
{
	int64_t z = (int64_t)days + EPOCH_SHIFT, era, doe, yoe, y, doy, mp;
	struct date d;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(d.month <= 2 ? y + 1 : y);
	return d;
}

static void put_digits(char *out, int v, int n)
{
	unsigned u = v < 0 ? 0 : (unsigned)v;

	while (n-- > 0) {
		out[n] = (char)('0' + u % 10);
		u /= 10;
	}
}

void date_format(const struct date *d, char out[11])
{
	put_digits(out, d->year, 4);
	out[4] = '-';
	put_digits(out + 5, d->month, 2);
	out[7] = '-';
	put_digits(out + 8, d->day, 2);
	out[10] = '\0';
}

int date_compare(const struct date *a, const struct date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

void parse_trim(const char **s, size_t *len)
{
	while (*len > 0 && is_blank(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_blank((*s)[*len - 1]))
		(*len)--;
}
