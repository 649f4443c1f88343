/*
 * synth_records.h: the records of an LEA's submission besides its students
 * and enrollments: the LEA's directory (lea, school, staff, credential,
 * course, section) and each student's attendance, course grades,
 * assessments, special education and programs.
 *
 * Every attribute comes from a hash of the seed and what it belongs to (the
 * person and year, the LEA, the school, the staff member), never from the
 * population's random stream: adding a record type changes nothing else in
 * the state.  Records are small structs of strings in catalog order, handed
 * to an emitter (struct record_emitter); csv_emitter writes the state's CSV
 * template, and an Ed-Fi emitter can write the same records.
 *
 *	synth_records_init(&sr, &opts);
 *	every year:	synth_records_year(&sr, y, npersons);
 *	every LEA:	synth_records_lea(&sr, &lea, dir, err);
 *			synth_records_plan(&sr, &spell) for each student spell;
 *			synth_records_directory(&sr, err);
 *			synth_records_student(&sr, &spell, err) for each, in file order;
 *			synth_records_lea_commit(&sr, err), or _lea_abort;
 *	synth_records_release(&sr);
 */
#ifndef SLDS_SYNTH_RECORDS_H
#define SLDS_SYNTH_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "parse.h"
#include "synth_out.h"

struct record_def;
struct slds_error;
struct synth_errors;

/* School levels: a school ID's level digit is the level + 1. */
enum school_level { LEVEL_EL, LEVEL_MS, LEVEL_HS, LEVEL_OT };

struct synth_school {
	char id[32];		/* LEA ID, level digit, number: 0101301 */
	uint8_t level;		/* enum school_level */
	uint8_t low, high;	/* grades taught, 0 = KG .. 12 */
};

/* An LEA, as the records need it. */
struct synth_lea {
	const char *id;
	size_t index;		/* the LEA's number in the state, for hashes */
	const char *type;	/* catalog lea_type: REG, CHR or VIR */
	const struct synth_school *schools;	/* borrowed until synth_records_lea_commit() */
	size_t nschools;
};

/* A student's enrollment this year at the LEA that reports it. */
struct synth_spell {
	uint32_t person;	/* index of the person in the state */
	const char *local_id;	/* as in the student's record; borrowed for the call */
	int grade;		/* 0 = KG .. 12 */
	size_t school;		/* index into the LEA's schools */
	struct date entry, exit;	/* exit only with an exit code */
	const char *entry_code, *exit_code;	/* exit_code NULL while enrolled */
	const char *fte;
	int moved_in;		/* arrived mid-year from another LEA */
	int online;		/* at the statewide online provider, part time */
	size_t home_lea;	/* the LEA (index) of an online student's home school */
	unsigned online_courses;	/* courses a term taken online, at home and online */
	int rejected;		/* the student record carries an error that rejects it */
};

/* The records, each field a string in catalog order ("" when empty). */
struct rec_lea {
	const char *lea_id, *lea_name, *lea_type, *nces_id, *school_year;
};

struct rec_school {
	const char *lea_id, *school_id, *school_name, *school_level, *low_grade, *high_grade;
	const char *charter, *school_year;
};

struct rec_staff {
	const char *lea_id, *staff_id, *educator_id, *first_name, *last_name, *sex, *school_id;
	const char *position, *fte, *school_year;
	/* Not a field: the IDs of the credentials the member holds (Ed-Fi references them). */
	const char *const *credential_ids;
	size_t ncredentials;
};

struct rec_credential {
	const char *lea_id, *staff_id, *credential_id, *license_type, *endorsement;
	const char *issue_date, *expiry_date, *school_year;
};

struct rec_course {
	const char *lea_id, *course_code, *course_title, *subject, *credits, *school_year;
};

struct rec_section {
	const char *lea_id, *school_id, *section_id, *course_code, *term, *staff_id;
	const char *school_year;
	const char *begin_date;		/* not a field: the first day of the term */
};

/* Not records of the catalog: what Ed-Fi needs besides them. */
struct rec_session {		/* a school's term, with its instructional days */
	const char *school_id, *term, *begin_date, *end_date, *days, *school_year;
};

struct rec_calendar_day {	/* a school's calendar, or one instructional day of it */
	const char *school_id, *school_year;
	const char *date;	/* NULL for the calendar itself */
};

struct rec_test {		/* a state test, its subject */
	const char *test_code, *subject, *grade_level;
};

struct rec_attendance_event {	/* an absence or tardy of a student at a school */
	const char *local_id, *school_id, *date, *term, *school_year;
	const char *category;	/* present, excused, unexcused or tardy */
	int half;		/* half a day, not the whole day */
	const char *duration;	/* an injected EventDuration in place of half's, or NULL */
};

struct rec_attendance {
	const char *lea_id, *local_id, *school_id, *days_in_membership, *days_present;
	const char *days_excused, *days_unexcused, *school_year;
};

struct rec_course_grade {
	const char *lea_id, *local_id, *school_id, *section_id, *course_code, *term, *mark;
	const char *credits_attempted, *credits_earned, *school_year;
};

struct rec_assessment {
	const char *lea_id, *local_id, *school_id, *test_code, *subject, *test_date;
	const char *grade_level, *scale_score, *proficiency_level, *growth_percentile;
	const char *school_year;
};

struct rec_special_ed {
	const char *lea_id, *local_id, *disability, *setting, *iep_start_date, *iep_end_date;
	const char *exit_date, *exit_reason, *school_year;
};

struct rec_program {
	const char *lea_id, *local_id, *program, *begin_date, *end_date, *school_year;
};

/* Writes one record to a file's buffer, in the file's format. */
struct record_emitter {
	void (*begin)(struct buf *b, const struct record_def *rec);	/* header */
	void (*lea)(struct buf *b, const struct rec_lea *r);
	void (*school)(struct buf *b, const struct rec_school *r);
	void (*staff)(struct buf *b, const struct rec_staff *r);
	void (*credential)(struct buf *b, const struct rec_credential *r);
	void (*course)(struct buf *b, const struct rec_course *r);
	void (*section)(struct buf *b, const struct rec_section *r);
	void (*attendance)(struct buf *b, const struct rec_attendance *r);
	void (*course_grade)(struct buf *b, const struct rec_course_grade *r);
	void (*assessment)(struct buf *b, const struct rec_assessment *r);
	void (*special_ed)(struct buf *b, const struct rec_special_ed *r);
	void (*program)(struct buf *b, const struct rec_program *r);
	/* Ed-Fi only (NULL in CSV): the entities its records are made from besides. */
	void (*session)(struct buf *b, const struct rec_session *r);
	void (*offering)(struct buf *b, const struct rec_section *r);	/* a section's course offering */
	void (*teacher)(struct buf *b, const struct rec_section *r);	/* its teacher of record */
	void (*test)(struct buf *b, const struct rec_test *r);
	void (*attendance_event)(struct buf *b, const struct rec_attendance_event *r);
	void (*calendar_day)(struct buf *b, const struct rec_calendar_day *r);
};

/* The state's CSV template: the header and columns of the catalog. */
extern const struct record_emitter csv_emitter;

/* The files this module writes, in catalog order. */
enum rec_file {
	RF_LEA, RF_SCHOOL, RF_STAFF, RF_CREDENTIAL, RF_COURSE, RF_SECTION, RF_ATTENDANCE,
	RF_COURSE_GRADE, RF_ASSESSMENT, RF_SPECIAL_ED, RF_PROGRAM, RF_COUNT
};

/*
 * The CSV file of a submission that holds records of type rec: students.csv,
 * lea.csv, course_grades.csv...  NULL for a record type slds-synth does not
 * write.
 */
const char *synth_record_file(const struct record_def *rec);

/*
 * With --format edfi: the interchange files this module writes for an LEA
 * (EducationOrganization.xml...), i below synth_edfi_nfiles().
 */
size_t synth_edfi_nfiles(void);
const char *synth_edfi_file(size_t i);

/*
 * Whether the last LEA written has Ed-Fi file i: an interchange without
 * entities is not written (its schema wants one).  Valid until the next
 * synth_records_lea().
 */
struct synth_records;
int synth_records_edfi_written(const struct synth_records *sr, size_t i);

struct synth_records_options {
	uint64_t seed;
	struct synth_errors *errors;	/* injected errors and their truth; borrowed */
	const struct record_emitter *emitter;
	int edfi;		/* Ed-Fi interchanges (edfi_emitter), not CSV files */
};

struct synth_calendar;
struct synth_index;
struct synth_plan;

struct synth_records {
	struct synth_records_options opts;
	struct synth_index *index;	/* the course catalog by grade */
	unsigned long long rows[RF_COUNT];	/* written, over all years */

	/* The school year. */
	int year;
	char year_s[8];
	struct synth_calendar *cal;
	uint8_t *tested, *tested_before;	/* per person: subjects tested this year, last year */
	size_t npersons, cap;

	/* The LEA being written. */
	const struct synth_lea *lea;
	struct out_file out[RF_COUNT];
	size_t lines[RF_COUNT];		/* rows in this LEA's file so far */
	uint8_t used[RF_COUNT];		/* out slots written to, for this LEA */
	struct synth_plan *plan;	/* what its students need: seats, sections, staff */
};

void synth_records_init(struct synth_records *sr, const struct synth_records_options *opts);
void synth_records_release(struct synth_records *sr);

/* Rows written of record type rec, over all years; 0 for types not written here. */
unsigned long long synth_records_count(const struct synth_records *sr,
					const struct record_def *rec);

/* Start school year y, the state having npersons persons (none are ever removed). */
void synth_records_year(struct synth_records *sr, int y, size_t npersons);

/* Start writing lea's files into folder dir.  0 or SLDS_EIO. */
int synth_records_lea(struct synth_records *sr, const struct synth_lea *lea, const char *dir,
		      struct slds_error *err);
/* Count what a student spell needs of its school (seats in sections...). */
void synth_records_plan(struct synth_records *sr, const struct synth_spell *sp);
/* Write the LEA's directory: lea, schools, staff, credentials, courses, sections. */
int synth_records_directory(struct synth_records *sr, struct slds_error *err);
/*
 * Write a student spell's records: attendance, course grades, assessments,
 * special education and programs, with injected errors and (for a rejected
 * student) their consequences in the truth.  Spells come in the order of the
 * planning.  0 or SLDS_EIO.
 */
int synth_records_student(struct synth_records *sr, const struct synth_spell *sp,
			  struct slds_error *err);
/* Finish the LEA's files. */
int synth_records_lea_commit(struct synth_records *sr, struct slds_error *err);
/* Remove what was written of the LEA's files.  Safe after a commit. */
void synth_records_lea_abort(struct synth_records *sr);

#endif
