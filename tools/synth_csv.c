/*
 * synth_csv.c: the records of synth_records.h in the state's CSV template,
 * columns in catalog order under the template's header.
 */
#include "synth_records.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void row(struct buf *b, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		csv_field(b, v[i], i + 1 == n);
}

/* A record's fields, in catalog order, as one row. */
#define ROW(b, ...) do { \
	const char *const v_[] = { __VA_ARGS__ }; \
	row((b), v_, N(v_)); \
} while (0)

static void lea(struct buf *b, const struct rec_lea *r)
{
	ROW(b, r->lea_id, r->lea_name, r->lea_type, r->nces_id, r->school_year);
}

static void school(struct buf *b, const struct rec_school *r)
{
	ROW(b, r->lea_id, r->school_id, r->school_name, r->school_level, r->low_grade,
	    r->high_grade, r->charter, r->school_year);
}

static void staff(struct buf *b, const struct rec_staff *r)
{
	ROW(b, r->lea_id, r->staff_id, r->educator_id, r->first_name, r->last_name, r->sex,
	    r->school_id, r->position, r->fte, r->school_year);
}

static void credential(struct buf *b, const struct rec_credential *r)
{
	ROW(b, r->lea_id, r->staff_id, r->credential_id, r->license_type, r->endorsement,
	    r->issue_date, r->expiry_date, r->school_year);
}

static void course(struct buf *b, const struct rec_course *r)
{
	ROW(b, r->lea_id, r->course_code, r->course_title, r->subject, r->credits,
	    r->school_year);
}

static void section(struct buf *b, const struct rec_section *r)
{
	ROW(b, r->lea_id, r->school_id, r->section_id, r->course_code, r->term, r->staff_id,
	    r->school_year);
}

static void attendance(struct buf *b, const struct rec_attendance *r)
{
	ROW(b, r->lea_id, r->local_id, r->school_id, r->days_in_membership, r->days_present,
	    r->days_excused, r->days_unexcused, r->school_year);
}

static void course_grade(struct buf *b, const struct rec_course_grade *r)
{
	ROW(b, r->lea_id, r->local_id, r->school_id, r->section_id, r->course_code, r->term,
	    r->mark, r->credits_attempted, r->credits_earned, r->school_year);
}

static void assessment(struct buf *b, const struct rec_assessment *r)
{
	ROW(b, r->lea_id, r->local_id, r->school_id, r->test_code, r->subject, r->test_date,
	    r->grade_level, r->scale_score, r->proficiency_level, r->growth_percentile,
	    r->school_year);
}

static void special_ed(struct buf *b, const struct rec_special_ed *r)
{
	ROW(b, r->lea_id, r->local_id, r->disability, r->setting, r->iep_start_date,
	    r->iep_end_date, r->exit_date, r->exit_reason, r->school_year);
}

static void program(struct buf *b, const struct rec_program *r)
{
	ROW(b, r->lea_id, r->local_id, r->program, r->begin_date, r->end_date, r->school_year);
}

const struct record_emitter csv_emitter = {
	csv_header, lea, school, staff, credential, course, section, attendance, course_grade,
	assessment, special_ed, program, NULL, NULL, NULL, NULL, NULL, NULL
};
