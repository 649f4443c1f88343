/*
 * rules.h: the state's validation rules for a school year, as data.
 *
 * One file per school year, validate/rules/YEAR.rules (YEAR the calendar
 * year the school year ends in), read at run time with the ini reader:
 *
 *	school_year = 2027
 *
 *	[rule ENR.0101]
 *	record = enrollment
 *	severity = error                 (fatal, error or warning; the default is error)
 *	level = 1                        (1, the default, or 2: checked against the database)
 *	check = compare exit_date >= entry_date
 *	description = An enrollment cannot end before it begins.
 *	message = exit_date is before entry_date
 *	hint = Correct whichever of the two dates is wrong.
 *	example = exit_date=2026-08-01
 *
 * A rule ID is the record's code and a number from 0101 (0001-0099 are the
 * checks every record type gets from the catalog: type, length, code set,
 * required, UTF-8, school year, LEA, an accepted student; they are listed
 * with the file's rules but not written in it).  Rules are never renumbered:
 * a rule no longer applied gets "retired = REASON" and stays in the file.
 *
 * Check kinds (docs/rules.md explains each with examples):
 *
 *	required F...            each field present
 *	pattern F REGEX          PCRE2, anchored at both ends, compiled once (JIT)
 *	codes F LIST             a code of validate/codes/LIST.csv (first column)
 *	range F LO HI            a number of the field within [LO, HI]
 *	in_year F                a date within the school year (July 1 - June 30)
 *	compare A OP B           two dates or two numbers; OP < <= = != >= >
 *	sum A+B+... OP C         numbers
 *	together A B...          all present or none
 *	implies A=V|V B=W|W      when A is one of the Vs, B must be one of the Ws;
 *	                         "*" means present, "-" absent
 *	age F LO HI              age on September 1 of the school year
 *	age_for_grade LO HI      enrollment: the student's age minus the grade's
 *	                         usual age (KG 5, grade N N+5) within [LO, HI]
 *	unique F...              no other accepted record of the submission with
 *	                         the same values
 *	exists F RECORD.G        the value is a G of an accepted RECORD record of
 *	                         the submission (RECORD comes earlier in the
 *	                         catalog); not applied when it has none
 *	no_overlap K... FROM TO  no two accepted records with the same K values
 *	                         (and local ID) have overlapping FROM-TO spells
 *	submission_year F        the number is the submission's school year
 *	submission_lea F         the value is the submitting LEA's ID
 *	scale F CODE LIST        the number within the scale_min and scale_max
 *	                         columns of the CODE field's row of LIST.csv
 *
 * Level 2 checks (level = 2), against the registry and the warehouse; the
 * database is read before the records (slds-validate's level2.c), set-based,
 * and each rule's findings are looked up here by key.  Without a database
 * they are not applied.  "{other}" in their message is what the database
 * found (the SSID merged into, the school's LEA, the total FTE):
 *
 *	ssid_exists F            the SSID is in the registry
 *	ssid_active F            the SSID is not retired (merged into another)
 *	lea_school F             the school is not another LEA's in the
 *	                         warehouse's school directory
 *	fte_total FTE FROM TO MAX  on every day from FROM to TO, this FTE plus
 *	                         that of the student's enrollments at other
 *	                         LEAs that include the day is at most MAX
 *
 * A fatal rule rejects the whole file of a record that breaks it: the
 * file's records are checked against the fatal rules first (a pass of
 * their own), and a file that breaks one is rejected without its records
 * being checked further.  So a fatal rule cannot be a unique or no_overlap
 * check, which need the file's accepted records.
 *
 * A check whose fields are missing or broke a catalog check (rv->bad) is
 * not applied: the catalog's own checks report those.  Messages are fixed text; "{value}" is
 * replaced by the first field's value, which the loader allows only for
 * fields that are not personal.
 */
#ifndef SLDS_RULES_H
#define SLDS_RULES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "catalog.h"
#include "reject.h"
#include "strset.h"

struct slds_error;

#define RULE_MAX_FIELDS 8
#define RULE_MAX_VALUES 16

enum check_kind {
	CHECK_REQUIRED, CHECK_PATTERN, CHECK_CODES, CHECK_RANGE, CHECK_IN_YEAR, CHECK_COMPARE,
	CHECK_SUM, CHECK_TOGETHER, CHECK_IMPLIES, CHECK_AGE, CHECK_AGE_FOR_GRADE, CHECK_UNIQUE,
	CHECK_EXISTS, CHECK_NO_OVERLAP, CHECK_SUBMISSION_YEAR, CHECK_SCALE, CHECK_SUBMISSION_LEA,
	/* Level 2 */
	CHECK_SSID_EXISTS, CHECK_SSID_ACTIVE, CHECK_LEA_SCHOOL, CHECK_FTE_TOTAL
};

enum compare_op { OP_LT, OP_LE, OP_EQ, OP_NE, OP_GE, OP_GT };

/* A set of values for "implies": codes, or present ("*") or absent ("-"). */
struct value_set {
	int any, none;
	const char *values[RULE_MAX_VALUES];	/* into the rule's check text */
	size_t lens[RULE_MAX_VALUES];
	size_t n;
};

struct interval {
	long from, to;		/* dates as YYYYMMDD; to is 99999999 when open */
	size_t next;		/* index + 1 of the key's next interval, 0 at the end */
};

struct rule {
	char id[16];			/* "ENR.0101" */
	unsigned number;
	const struct record_def *rec;
	enum reject_severity severity;
	int level;
	enum check_kind kind;
	int fields[RULE_MAX_FIELDS];	/* field indexes in rec */
	size_t nfields;
	enum compare_op op;
	long long lo, hi;
	char *check, *description, *message, *hint, *example, *retired;
	unsigned line;			/* of its section header */

	void *re, *match_data;		/* CHECK_PATTERN: pcre2 code and match data */
	char *list;			/* CHECK_CODES: the list's name */
	struct strset codes;		/* CHECK_CODES */
	struct value_set when, then;	/* CHECK_IMPLIES */
	size_t ref_set;			/* CHECK_EXISTS: index of the rulebook's key set */
	long long *scale_lo, *scale_hi;	/* CHECK_SCALE: by the code's value in codes */

	/* Level 2: the keys the database found broken -> index + 1 in details. */
	struct strset flagged;
	char **details;			/* "{other}" of each finding */
	size_t ndetails;

	/* Cross-record state of a run. */
	struct strset seen;		/* CHECK_UNIQUE, CHECK_NO_OVERLAP keys */
	struct interval *spans;		/* CHECK_NO_OVERLAP */
	size_t nspans, spans_cap;
};

/* Values a CHECK_EXISTS rule looks up: one field of one record type. */
struct key_set {
	const struct record_def *rec;
	int field;
	struct strset keys;
};

struct rulebook {
	char *path;
	int school_year;
	struct rule *rules;
	size_t nrules;
	struct key_set *key_sets;
	size_t nkey_sets;
	const struct record_def *student;	/* the catalog's student record */
	struct strset students;		/* accepted students' local IDs -> birth date
					 * as YYYYMMDD, 0 if none */
	int level2;			/* 1 when the Level 2 findings are loaded;
					 * else Level 2 rules are not applied */
	const char *lea_id;		/* the submitting LEA (submission_lea), or NULL;
					 * borrowed from the caller's manifest */
};

/* One record's values, in catalog field order: NULL for no value. */
struct record_values {
	const struct record_def *rec;
	const char *const *values;
	const size_t *lens;
	const char *local_id;		/* or NULL */
	uint64_t bad;			/* bit i: field i broke a catalog check */
};

/*
 * Load and compile a rules file.  codes_dir holds the code lists of
 * "codes" checks.  Any fault (unknown key, record or field, a bad pattern,
 * a duplicate rule ID, a rule that refers to a later record type) is
 * SLDS_EDATA naming the file and line.
 */
int rulebook_load(struct rulebook *rb, const char *path, const char *codes_dir,
		  struct slds_error *err);
void rulebook_release(struct rulebook *rb);

/*
 * Apply the record type's active rules but the fatal ones to one record;
 * broken() is called for each rule it breaks, with the field to name and
 * the message.  rulebook_check_fatal() applies only the fatal ones.
 */
typedef void (*rule_broken_fn)(void *ctx, const struct rule *r, const char *field,
			       const char *message);
void rulebook_check(struct rulebook *rb, const struct record_values *rv, int school_year,
		    rule_broken_fn broken, void *ctx);
void rulebook_check_fatal(struct rulebook *rb, const struct record_values *rv, int school_year,
			  rule_broken_fn broken, void *ctx);
/* 1 if the record type has an active fatal rule that will be applied. */
int rulebook_has_fatal(const struct rulebook *rb, const struct record_def *rec);
/* Remember an accepted record for the cross-record rules of the records after it. */
void rulebook_accept(struct rulebook *rb, const struct record_values *rv);

/* 1 for the Level 2 check kinds. */
int check_is_level2(enum check_kind kind);
/*
 * Record a Level 2 finding: the record whose key is key[0..len) breaks the
 * rule; detail (copied) is its message's "{other}".  Keys: the field's value
 * (ssid_exists, ssid_active, lea_school), or the local ID, 0x1F and the FROM
 * date as written (fte_total).
 */
void rule_flag(struct rule *r, const char *key, size_t len, const char *detail);

/* 1 if a student record with this local ID was accepted (rule 0011). */
int rulebook_has_student(const struct rulebook *rb, const char *local_id);

/*
 * The description and fix hint of a rule ID ("ENR.0101", or a builtin
 * "ENR.0002"); NULLs for an ID it does not know.
 */
void rulebook_describe(const struct rulebook *rb, const char *id, const char **description,
		       const char **hint);

/* Print the catalog, builtin rules included: "csv", "markdown" or "html". */
int rulebook_list(const struct rulebook *rb, const char *format, FILE *out,
		  struct slds_error *err);

/* "fatal", "error", "warning". */
const char *rule_kind_name(enum check_kind kind);

#endif
