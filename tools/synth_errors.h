/*
 * synth_errors.h: the data errors slds-synth injects with --errors, and
 * truth/errors.csv, where each is written with the rule of the state's
 * catalog that must catch it.
 *
 * A record gets at most one error, chosen from a hash of the seed, the
 * person, the year, the LEA and the record (never from the population's
 * random stream, so the same state is generated whatever the profile).  A
 * student record rejected for its error takes every record of that student
 * in the submission's other files with it (rule 11, "ENR.0011"): the
 * generator writes those rows to the truth as a "consequence".
 */
#ifndef SLDS_SYNTH_ERRORS_H
#define SLDS_SYNTH_ERRORS_H

#include <stddef.h>
#include <stdint.h>

#include "synth_out.h"

struct slds_error;

enum error_kind {
	ERR_NONE,
	/* student */
	ERR_STU_MISSING, ERR_STU_CODE, ERR_STU_DATE, ERR_STU_DUPLICATE, ERR_STU_RAGGED,
	ERR_STU_UTF8,
	/* enrollment */
	ERR_ENR_EXIT_BEFORE_ENTRY, ERR_ENR_GRADE, ERR_ENR_OUTSIDE_YEAR, ERR_ENR_MISSING,
	/* one each for attendance, course_grade, assessment, special_ed, program */
	ERR_ATT_DAYS, ERR_GRD_MARK, ERR_ASM_MISSING, ERR_SPE_CODE, ERR_PRG_DATE,
	ERR_COUNT
};

/* The records errors are injected into: each has kinds of its own. */
enum error_record {
	ERRS_STUDENT, ERRS_ENROLLMENT, ERRS_ATTENDANCE, ERRS_COURSE_GRADE, ERRS_ASSESSMENT,
	ERRS_SPECIAL_ED, ERRS_PROGRAM
};

struct synth_errors {
	struct out_file out;	/* truth/errors.csv, being written */
	int profile;		/* index of the --errors profile; 0 is none */
	uint64_t seed;
	unsigned long long count[ERR_COUNT];	/* errors injected, by kind */
};

/* The profile of that name ("none", "default", "high"), or -1. */
int synth_errors_profile(const char *name);
const char *synth_errors_profile_name(int profile);
/* "missing_required", "invalid_mark"...: the kind column of the truth. */
const char *error_kind_name(enum error_kind kind);

/* Start truth/errors.csv at path.  0 or SLDS_EIO; release with _commit or _abort. */
int synth_errors_open(struct synth_errors *e, const char *path, int profile, uint64_t seed,
		      struct slds_error *err);
int synth_errors_commit(struct synth_errors *e, struct slds_error *err);
void synth_errors_abort(struct synth_errors *e);

/*
 * The error injected into a record of person pid in year y at LEA l (its
 * index), if any.  row tells a person's records of one file apart (the term
 * and course of a grade...); it is 0 for students and enrollments.
 */
enum error_kind pick_error(const struct synth_errors *e, uint32_t pid, int y, size_t l,
			   enum error_record where, unsigned row);

/*
 * Write a rejection validation must make to the truth: the record at line of
 * file in LEA lea's submission of year y breaks rule on field.  An error of
 * kind is counted; a consequence (a record of a rejected student) is written
 * with the kind "consequence" and not counted.
 */
void truth_error(struct synth_errors *e, const char *lea, int y, const char *file, size_t line,
		 const char *field, const char *rule, enum error_kind kind, int consequence);

#endif
