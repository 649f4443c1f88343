/*
 * parse.h: strict parsing of integers, decimals and ISO dates.
 *
 * "Strict" means: the whole input is the value.  No leading or trailing
 * white space, no trailing junk, no silent overflow, no empty string taken as
 * zero, no dates that do not exist (2026-02-29).  Inputs are (pointer, length)
 * pairs because fields come from CSV callbacks and COPY lines that are not
 * NUL-terminated.  Callers that want to tolerate surrounding blanks trim first
 * (parse_trim()), and say so.
 */
#ifndef SLDS_PARSE_H
#define SLDS_PARSE_H

#include <stddef.h>
#include <stdint.h>

enum parse_result {
	PARSE_OK = 0,
	PARSE_EMPTY = -1,	/* zero-length input */
	PARSE_SYNTAX = -2,	/* not of the form asked for */
	PARSE_RANGE = -3,	/* well-formed but outside the range asked for */
	PARSE_PRECISION = -4,	/* more decimal places than the scale allows */
	PARSE_NODATE = -5	/* well-formed date that does not exist */
};

/*
 * A short phrase for a parse result, to follow the name of what was parsed:
 * "has invalid syntax", "is out of range", ...
 */
const char *parse_strerror(int result);

/*
 * An optionally signed ("+" or "-") decimal integer of ASCII digits, within
 * [min, max].  Leading zeros are allowed ("007").
 */
int parse_int64(const char *s, size_t len, int64_t min, int64_t max, int64_t *out);

/*
 * A decimal number with at most scale digits after the point, returned scaled:
 * "1.5" with scale 2 gives 150.  Accepts "1", "1.", ".5", "-0.25"; rejects
 * "1e3", "1,5", ".", "".  Zeros beyond the scale are accepted ("1.500" with
 * scale 2); any other digit beyond it is PARSE_PRECISION, never rounded.
 * The scaled value must lie within [min, max].
 */
int parse_decimal(const char *s, size_t len, int scale, int64_t min, int64_t max,
		  int64_t *out);

struct date {
	int year;	/* 1..9999 */
	int month;	/* 1..12 */
	int day;	/* 1..31 */
};

/* An ISO 8601 calendar date, exactly YYYY-MM-DD, that exists. */
int parse_date(const char *s, size_t len, struct date *out);

int date_is_leap_year(int year);
int date_days_in_month(int year, int month);
/* 1 if the date exists in the proleptic Gregorian calendar. */
int date_is_valid(const struct date *d);
/* Days since 2000-01-01 (negative before), and back. */
int32_t date_to_days(const struct date *d);
struct date date_from_days(int32_t days);
/* Write "YYYY-MM-DD" and a NUL into out. */
void date_format(const struct date *d, char out[11]);
/* <0, 0, >0 like strcmp. */
int date_compare(const struct date *a, const struct date *b);

/* Narrow [*s, *s + *len) past leading and trailing spaces and tabs. */
void parse_trim(const char **s, size_t *len);

#endif
