/*
 * synth_records.c: the directory and student records of a generated
 * submission.
 *
 * The state's course catalog is a table here; an LEA offers its core
 * courses and most electives.  Students in grades 6 to 12 get a schedule
 * of six to eight courses a semester (core courses all year, electives a
 * semester at a time), and the sections of each school and term are cut
 * from the seats those schedules take, with teachers enough to teach six
 * sections a term; elementary classrooms get a teacher per 22 students.
 * So the directory is planned from the students (synth_records_plan())
 * before it is written, and every section, course and teacher a record
 * names is in the submission.
 *
 * Everything is a function of the seed and hashes of the year, the person,
 * the LEA or the staff member, so the order records are written in changes
 * nothing and a student's traits (special education, English learner...)
 * persist from year to year.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "catalog.h"
#include "error.h"
#include "synth_edfi.h"
#include "synth_errors.h"
#include "synth_names.h"
#include "synth_records.h"
#include "synth_rng.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define PPM 1000000
#define NGRADES 13
#define NTERMS 2
#define MAX_SLOTS 8
#define SECTION_SEATS 28	/* students a section */
#define ONLINE_SECTION_SEATS 40
#define SECTIONS_A_TEACHER 6	/* a term, of eight periods */
#define ELEMENTARY_CLASS 22	/* students an elementary teacher */
#define SPED_CASELOAD 18	/* students in special education a teacher */

/*
 * Hash tags, one per attribute: no two attributes of a person share a
 * hash, and changing how one is made leaves the others alone.
 */
enum tag {
	T_SPED = 1, T_SPED_EXIT, T_DISABILITY, T_SETTING, T_IEP, T_EL, T_EL_EXIT, T_ECODIS,
	T_ECODIS_YEAR, T_HOMELESS, T_MIGRANT, T_FOSTER, T_ABSENT, T_ABILITY, T_SCORE, T_UNTESTED,
	T_TEST_DAY, T_SLOTS, T_TRACK, T_ELECTIVE, T_MARK, T_OFFER, T_STAFF, T_NAME, T_PLACE
};

static const char *const grade_codes[NGRADES] = {
	"KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"
};

/* The files, in catalog order, with the record type each holds. */
static const struct {
	const char *record, *file;
	int rf;			/* enum rec_file, or -1: written by slds-synth itself */
} files[] = {
	{ "lea", "lea.csv", RF_LEA },
	{ "school", "schools.csv", RF_SCHOOL },
	{ "staff", "staff.csv", RF_STAFF },
	{ "credential", "credentials.csv", RF_CREDENTIAL },
	{ "course", "courses.csv", RF_COURSE },
	{ "section", "sections.csv", RF_SECTION },
	{ "student", "students.csv", -1 },
	{ "enrollment", "enrollments.csv", -1 },
	{ "attendance", "attendance.csv", RF_ATTENDANCE },
	{ "course_grade", "course_grades.csv", RF_COURSE_GRADE },
	{ "assessment", "assessments.csv", RF_ASSESSMENT },
	{ "special_ed", "special_ed.csv", RF_SPECIAL_ED },
	{ "program", "programs.csv", RF_PROGRAM },
};

/*
 * Ed-Fi: the interchanges this module writes, and the one each record type
 * (enum rec_file) goes to.  Out slots are the interchanges then.
 */
enum edfi_file {
	EF_EDORG, EF_CALENDAR, EF_ASSESSMENT_META, EF_STAFF, EF_SCHEDULE, EF_ATTENDANCE,
	EF_TRANSCRIPT, EF_ASSESSMENT, EF_PROGRAM, EF_COUNT
};

static const struct {
	const char *file, *root;
} edfi_files[EF_COUNT] = {
	{ "EducationOrganization.xml", "InterchangeEducationOrganization" },
	{ "EducationOrgCalendar.xml", "InterchangeEducationOrgCalendar" },
	{ "AssessmentMetadata.xml", "InterchangeAssessmentMetadata" },
	{ "StaffAssociation.xml", "InterchangeStaffAssociation" },
	{ "MasterSchedule.xml", "InterchangeMasterSchedule" },
	{ "StudentAttendance.xml", "InterchangeStudentAttendance" },
	{ "StudentTranscript.xml", "InterchangeStudentTranscript" },
	{ "StudentAssessment.xml", "InterchangeStudentAssessment" },
	{ "StudentProgram.xml", "InterchangeStudentProgram" },
};

static const uint8_t edfi_file_of[RF_COUNT] = {
	[RF_LEA] = EF_EDORG, [RF_SCHOOL] = EF_EDORG, [RF_STAFF] = EF_STAFF,
	[RF_CREDENTIAL] = EF_STAFF, [RF_COURSE] = EF_EDORG, [RF_SECTION] = EF_SCHEDULE,
	[RF_ATTENDANCE] = EF_ATTENDANCE, [RF_COURSE_GRADE] = EF_TRANSCRIPT,
	[RF_ASSESSMENT] = EF_ASSESSMENT, [RF_SPECIAL_ED] = EF_PROGRAM, [RF_PROGRAM] = EF_PROGRAM,
};

size_t synth_edfi_nfiles(void)
{
	return EF_COUNT;
}

const char *synth_edfi_file(size_t i)
{
	return i < EF_COUNT ? edfi_files[i].file : NULL;
}

/* Teachers' subjects: the catalog's subject codes a teacher is endorsed in. */
enum subject {
	S_ELEM, S_ELA, S_MATH, S_SCI, S_SS, S_PE, S_ART, S_WL, S_CTE, S_CS, S_SPED, S_COUNT
};
static const char *const subject_codes[S_COUNT] = {
	"ELEM", "ELA", "MATH", "SCI", "SS", "PE", "ART", "WL", "CTE", "CS", "SPED"
};

/* What a course is in a schedule. */
enum role { R_ELA, R_MATH, R_SCI, R_SS, R_PE, R_ELECTIVE };
#define NCORE R_ELECTIVE

#define CF_EVERYWHERE 0x01	/* an elective every LEA offers */
#define CF_ONLINE 0x02		/* the online provider teaches it */
#define CF_PASS_FAIL 0x04	/* marked P or NP */

/* The state course catalog, grades 6 to 12. */
enum course_id {
	C_EN06, C_EN07, C_EN08, C_EN09, C_EN10, C_EN11, C_EN12,
	C_MA06, C_MA07, C_MA08, C_SM1, C_SM2, C_SM3, C_PRECALC, C_CALC, C_STATS,
	C_SC06, C_SC07, C_SC08, C_SC09, C_SC10, C_SC11, C_SC12,
	C_SS06, C_SS07, C_SS08, C_SS09, C_SS10, C_SS11, C_SS12,
	C_PE06, C_PE07, C_PE09, C_PE10,
	C_ART_MS, C_BAND_MS, C_CHOIR_MS, C_READING, C_LANG_MS, C_CAREER, C_CS_MS, C_SPORTS,
	C_DRAWING, C_CERAMICS, C_BAND, C_CHOIR, C_SPANISH1, C_SPANISH2, C_FRENCH1, C_CHINESE1,
	C_DIGITAL, C_CULINARY, C_AUTO, C_HEALTH_SCI, C_CSP, C_APCS, C_WEIGHTS, C_WRITING,
	C_PSYCH, C_FINANCE, C_ANATOMY,
	NCOURSES
};

static const struct course {
	const char *code, *title;
	uint8_t subject, role, low, high, flags;
} courses[NCOURSES] = {
	[C_EN06] = { "EN0610", "English Language Arts 6", S_ELA, R_ELA, 6, 6, 0 },
	[C_EN07] = { "EN0710", "English Language Arts 7", S_ELA, R_ELA, 7, 7, 0 },
	[C_EN08] = { "EN0810", "English Language Arts 8", S_ELA, R_ELA, 8, 8, 0 },
	[C_EN09] = { "EN0910", "English 9", S_ELA, R_ELA, 9, 9, CF_ONLINE },
	[C_EN10] = { "EN1010", "English 10", S_ELA, R_ELA, 10, 10, CF_ONLINE },
	[C_EN11] = { "EN1110", "English 11", S_ELA, R_ELA, 11, 11, CF_ONLINE },
	[C_EN12] = { "EN1210", "English 12", S_ELA, R_ELA, 12, 12, CF_ONLINE },
	[C_MA06] = { "MA0610", "Mathematics 6", S_MATH, R_MATH, 6, 6, 0 },
	[C_MA07] = { "MA0710", "Mathematics 7", S_MATH, R_MATH, 7, 7, 0 },
	[C_MA08] = { "MA0810", "Mathematics 8", S_MATH, R_MATH, 8, 8, 0 },
	[C_SM1] = { "MA0910", "Secondary Mathematics I", S_MATH, R_MATH, 9, 12, CF_ONLINE },
	[C_SM2] = { "MA1010", "Secondary Mathematics II", S_MATH, R_MATH, 9, 12, CF_ONLINE },
	[C_SM3] = { "MA1110", "Secondary Mathematics III", S_MATH, R_MATH, 10, 12, CF_ONLINE },
	[C_PRECALC] = { "MA1210", "Precalculus", S_MATH, R_MATH, 11, 12, CF_ONLINE },
	[C_CALC] = { "MA1220", "AP Calculus AB", S_MATH, R_MATH, 12, 12, 0 },
	[C_STATS] = { "MA1230", "Statistics", S_MATH, R_MATH, 12, 12, CF_ONLINE },
	[C_SC06] = { "SC0610", "Science 6", S_SCI, R_SCI, 6, 6, 0 },
	[C_SC07] = { "SC0710", "Science 7", S_SCI, R_SCI, 7, 7, 0 },
	[C_SC08] = { "SC0810", "Science 8", S_SCI, R_SCI, 8, 8, 0 },
	[C_SC09] = { "SC0910", "Earth and Space Science", S_SCI, R_SCI, 9, 9, CF_ONLINE },
	[C_SC10] = { "SC1010", "Biology", S_SCI, R_SCI, 10, 10, CF_ONLINE },
	[C_SC11] = { "SC1110", "Chemistry", S_SCI, R_SCI, 11, 11, 0 },
	[C_SC12] = { "SC1210", "Physics", S_SCI, R_SCI, 12, 12, 0 },
	[C_SS06] = { "SS0610", "Social Studies 6", S_SS, R_SS, 6, 6, 0 },
	[C_SS07] = { "SS0710", "State History", S_SS, R_SS, 7, 7, 0 },
	[C_SS08] = { "SS0810", "U.S. History I", S_SS, R_SS, 8, 8, 0 },
	[C_SS09] = { "SS0910", "World Geography", S_SS, R_SS, 9, 9, CF_ONLINE },
	[C_SS10] = { "SS1010", "World History", S_SS, R_SS, 10, 10, CF_ONLINE },
	[C_SS11] = { "SS1110", "U.S. History II", S_SS, R_SS, 11, 11, CF_ONLINE },
	[C_SS12] = { "SS1210", "U.S. Government and Citizenship", S_SS, R_SS, 12, 12, CF_ONLINE },
	[C_PE06] = { "PE0610", "Physical Education 6", S_PE, R_PE, 6, 6, 0 },
	[C_PE07] = { "PE0710", "Physical Education", S_PE, R_PE, 7, 8, 0 },
	[C_PE09] = { "PE0910", "Fitness for Life", S_PE, R_PE, 9, 9, 0 },
	[C_PE10] = { "PE1010", "Health Education", S_PE, R_PE, 10, 10, CF_ONLINE },
	[C_ART_MS] = { "AR0710", "Art Foundations", S_ART, R_ELECTIVE, 6, 8, CF_EVERYWHERE },
	[C_BAND_MS] = { "AR0720", "Beginning Band", S_ART, R_ELECTIVE, 6, 8, 0 },
	[C_CHOIR_MS] = { "AR0730", "Choir", S_ART, R_ELECTIVE, 6, 8, 0 },
	[C_READING] = { "EN0720", "Reading Workshop", S_ELA, R_ELECTIVE, 6, 8, CF_EVERYWHERE },
	[C_LANG_MS] = { "WL0710", "Exploring World Languages", S_WL, R_ELECTIVE, 7, 8, 0 },
	[C_CAREER] = { "CT0710", "College and Career Awareness", S_CTE, R_ELECTIVE, 7, 8,
		       CF_EVERYWHERE | CF_PASS_FAIL },
	[C_CS_MS] = { "CS0710", "Exploring Computer Science", S_CS, R_ELECTIVE, 7, 8, 0 },
	[C_SPORTS] = { "PE0720", "Team Sports", S_PE, R_ELECTIVE, 7, 8, CF_PASS_FAIL },
	[C_DRAWING] = { "AR0910", "Drawing", S_ART, R_ELECTIVE, 9, 12, CF_EVERYWHERE },
	[C_CERAMICS] = { "AR0920", "Ceramics", S_ART, R_ELECTIVE, 9, 12, 0 },
	[C_BAND] = { "AR0930", "Concert Band", S_ART, R_ELECTIVE, 9, 12, 0 },
	[C_CHOIR] = { "AR0940", "Concert Choir", S_ART, R_ELECTIVE, 9, 12, 0 },
	[C_SPANISH1] = { "WL0910", "Spanish I", S_WL, R_ELECTIVE, 9, 12,
			 CF_EVERYWHERE | CF_ONLINE },
	[C_SPANISH2] = { "WL1010", "Spanish II", S_WL, R_ELECTIVE, 10, 12, CF_ONLINE },
	[C_FRENCH1] = { "WL0920", "French I", S_WL, R_ELECTIVE, 9, 12, 0 },
	[C_CHINESE1] = { "WL0930", "Chinese I", S_WL, R_ELECTIVE, 9, 12, CF_ONLINE },
	[C_DIGITAL] = { "CT0910", "Digital Literacy", S_CTE, R_ELECTIVE, 9, 12,
			CF_EVERYWHERE | CF_ONLINE },
	[C_CULINARY] = { "CT1010", "Culinary Arts", S_CTE, R_ELECTIVE, 10, 12, 0 },
	[C_AUTO] = { "CT1110", "Automotive Technology", S_CTE, R_ELECTIVE, 10, 12, 0 },
	[C_HEALTH_SCI] = { "CT1120", "Health Science", S_CTE, R_ELECTIVE, 11, 12, 0 },
	[C_CSP] = { "CS0910", "Computer Science Principles", S_CS, R_ELECTIVE, 9, 12, CF_ONLINE },
	[C_APCS] = { "CS1110", "AP Computer Science A", S_CS, R_ELECTIVE, 11, 12, CF_ONLINE },
	[C_WEIGHTS] = { "PE1110", "Weight Training", S_PE, R_ELECTIVE, 10, 12, CF_EVERYWHERE },
	[C_WRITING] = { "EN1130", "Creative Writing", S_ELA, R_ELECTIVE, 10, 12, CF_ONLINE },
	[C_PSYCH] = { "SS1130", "Psychology", S_SS, R_ELECTIVE, 11, 12, CF_ONLINE },
	[C_FINANCE] = { "MA1130", "Financial Literacy", S_MATH, R_ELECTIVE, 11, 12,
			CF_EVERYWHERE | CF_ONLINE },
	[C_ANATOMY] = { "SC1130", "Anatomy and Physiology", S_SCI, R_ELECTIVE, 11, 12, 0 },
};

/* The high-school mathematics sequence, for a student's level in it. */
static const uint8_t math_sequence[] = { C_SM1, C_SM2, C_SM3, C_PRECALC, C_CALC };

static const char *const terms[NTERMS] = { "S1", "S2" };

/* A code and its share of the records, in a table whose shares add up to a total. */
struct share {
	const char *code;
	unsigned weight;
};

/* Marks, per thousand, best first (1% more are incomplete). */
static const struct share marks[] = {
	{ "A", 202 }, { "A-", 101 }, { "B+", 101 }, { "B", 141 }, { "B-", 81 }, { "C+", 71 },
	{ "C", 91 }, { "C-", 51 }, { "D+", 30 }, { "D", 30 }, { "D-", 20 }, { "F", 81 },
}, pass_fail_marks[] = {
	{ "P", 950 }, { "NP", 50 },
};

/* State tests: subject, code part, the grades tested, the window's first day. */
#define NTESTS 3
static const struct {
	const char *subject, *code;
	uint8_t low, high;		/* grades 3 to 8, and 9 to 10 in high school */
	uint8_t month, day;
} tests[NTESTS] = {
	{ "ELA", "EN", 3, 10, 4, 13 },
	{ "MATH", "MA", 3, 10, 4, 27 },
	{ "SCI", "SC", 4, 10, 5, 4 },
};

/* IDEA disability categories and settings, per thousand, like the national counts. */
static const struct share disabilities[] = {
	{ "SLD", 330 }, { "SLI", 190 }, { "OHI", 150 }, { "AUT", 120 }, { "ID", 60 },
	{ "DD", 55 }, { "EMN", 50 }, { "MD", 20 }, { "HI", 12 }, { "OI", 5 }, { "VI", 4 },
	{ "TBI", 3 }, { "DB", 1 },
}, settings[] = {
	{ "RC80", 640 }, { "RC79TO40", 180 }, { "RC39", 120 }, { "SS", 35 }, { "HH", 10 },
	{ "RF", 10 }, { "CF", 5 },
};

/* Words for the names of LEAs and schools. */
static const char *const places[] = {
	"Cedar", "Granite", "Willow", "Juniper", "Aspen", "Sage", "Red Rock", "Silver", "Eagle",
	"Bear", "Pine", "Maple", "Oak", "Spring", "Clear", "Stone", "Copper", "Iron", "Golden",
	"Sun", "Canyon", "Lake", "River", "Prairie", "Mesa", "Timber", "Alpine", "Heritage",
	"Liberty", "Summit",
}, *const features[] = {
	"Valley", "Ridge", "Creek", "Hills", "Springs", "Falls", "Meadows", "Point", "Park",
	"Grove", "View", "Crest", "Hollow", "Bluff", "Fork",
};

struct synth_calendar {
	int32_t july1;		/* day number of the school year's July 1 */
	int32_t first, last;	/* the first and last days of school */
	int32_t term_end[NTERMS], term_start[NTERMS];
	uint16_t before[368];	/* school days from July 1 up to day july1 + i */
};

struct school_plan {
	uint32_t students, elementary, sped;
	uint32_t teachers[S_COUNT];
	uint32_t admins, counselors, paras;
	uint32_t taught[NTERMS][S_COUNT];	/* sections handed to teachers so far */
};

/* What an LEA's students need of it, counted before its directory is written. */
struct synth_plan {
	size_t nschools;
	struct school_plan *schools;
	/* Per school, term and course: seats taken, sections, seats handed out. */
	uint32_t *seats, *sections, *filled;
	uint8_t offered[NCOURSES];
};

/* The catalog by grade: its electives, and the core course of each role (-1: none). */
struct synth_index {
	uint8_t electives[NGRADES][NCOURSES], nelectives[NGRADES];
	int8_t core[NCORE][NGRADES];
	unsigned long long name_total[3];	/* of the name lists: female, male, surnames */
};

static uint64_t hash(const struct synth_records *sr, enum tag tag, uint64_t a, uint64_t b)
{
	return rng_hash(sr->opts.seed, tag, a, b);
}

/* A hash in [0, 1000000). */
static unsigned chance(const struct synth_records *sr, enum tag tag, uint64_t a, uint64_t b)
{
	return (unsigned)(hash(sr, tag, a, b) % PPM);
}

/* A person and a year, as one hash input. */
static uint64_t person_year(uint32_t pid, int y)
{
	return ((uint64_t)(unsigned)y << 32) | pid;
}

/* About normally distributed, mean 0 and deviation 1: four uniforms summed. */
static double normal(uint64_t x)
{
	double sum = 0.0;
	int i;

	for (i = 0; i < 4; i++)
		sum += (double)((x >> (16 * i)) & 0xFFFF) / 65536.0;
	return (sum - 2.0) * 1.7320508;
}

/* The code whose share holds v, for v below the table's total. */
static const char *pick_share(const struct share *t, size_t n, unsigned v)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		if (v < t[i].weight)
			return t[i].code;
		v -= t[i].weight;
	}
	return t[n - 1].code;
}

static void format_uint(char *out, size_t size, unsigned long v)
{
	snprintf(out, size, "%lu", v);
}

/* A number of half days, as "172" or "165.5". */
static void format_halves(char out[16], unsigned halves)
{
	snprintf(out, 16, halves % 2 ? "%u.5" : "%u", halves / 2);
}

static void format_day(int32_t day, char out[11])
{
	struct date d = date_from_days(day);

	date_format(&d, out);
}

static int32_t day_of(int year, int month, int day)
{
	struct date d = { year, month, day };

	return date_to_days(&d);
}

/* 0 Sunday .. 6 Saturday (day 0, 1970-01-01, was a Thursday). */
static int weekday(int32_t day)
{
	return (int)(((day % 7) + 11) % 7);
}

/* The nth weekday wday of a month; n = 5 for the last. */
static int32_t nth_weekday(int year, int month, int wday, int n)
{
	int32_t d;

	if (n == 5) {
		d = day_of(year, month, date_days_in_month(year, month));
		while (weekday(d) != wday)
			d--;
		return d;
	}
	d = day_of(year, month, 1);
	while (weekday(d) != wday)
		d++;
	return d + 7 * (n - 1);
}

static int is_school_day(const struct synth_calendar *c, int32_t day)
{
	int32_t i = day - c->july1;

	return i >= 0 && i < 366 && c->before[i + 1] != c->before[i];
}

/*
 * The school year: Wednesday August 19th or the next weekday to the end of
 * May, less the usual holidays and breaks: about 180 days.
 */
static void calendar_build(struct synth_calendar *c, int y)
{
	uint8_t off[368];
	int32_t d, thanksgiving, spring;
	int i;

	memset(off, 0, sizeof(off));
	c->july1 = day_of(y - 1, 7, 1);
	c->first = day_of(y - 1, 8, 19);
	while (weekday(c->first) == 0 || weekday(c->first) == 6)
		c->first++;
	c->last = day_of(y, 5, 29);
	while (weekday(c->last) == 0 || weekday(c->last) == 6)
		c->last--;
#define OFF(day) (off[(day) - c->july1] = 1)
	OFF(nth_weekday(y - 1, 9, 1, 1));		/* Labor Day */
	d = nth_weekday(y - 1, 10, 4, 3);		/* fall break */
	OFF(d);
	OFF(d + 1);
	thanksgiving = nth_weekday(y - 1, 11, 4, 4);
	for (d = thanksgiving - 1; d <= thanksgiving + 1; d++)
		OFF(d);
	for (d = day_of(y - 1, 12, 22); d <= day_of(y, 1, 2); d++)
		OFF(d);
	OFF(nth_weekday(y, 1, 1, 3));			/* Martin Luther King Jr. Day */
	OFF(nth_weekday(y, 2, 1, 3));			/* Presidents' Day */
	spring = nth_weekday(y, 3, 1, 4);
	for (d = spring; d < spring + 5; d++)
		OFF(d);
	OFF(nth_weekday(y, 5, 1, 5));			/* Memorial Day */
#undef OFF
	c->before[0] = 0;
	for (i = 0; i < 367; i++) {
		d = c->july1 + i;
		c->before[i + 1] = (uint16_t)(c->before[i] + (d >= c->first && d <= c->last &&
							      weekday(d) != 0 && weekday(d) != 6 &&
							      !off[i]));
	}
	/* Semesters: the first ends on the school day on or before January 16th. */
	c->term_start[0] = c->first;
	c->term_end[0] = day_of(y, 1, 16);
	while (!is_school_day(c, c->term_end[0]))
		c->term_end[0]--;
	c->term_start[1] = c->term_end[0] + 1;
	while (!is_school_day(c, c->term_start[1]))
		c->term_start[1]++;
	c->term_end[1] = c->last;
}

/* School days from day from to day to, both included. */
static unsigned school_days(const struct synth_calendar *c, int32_t from, int32_t to)
{
	int32_t a = from - c->july1, b = to - c->july1 + 1;

	if (a < 0)
		a = 0;
	if (b > 366)
		b = 366;
	return b > a ? (unsigned)(c->before[b] - c->before[a]) : 0;
}

/* The first school day on or after day. */
static int32_t school_day_from(const struct synth_calendar *c, int32_t day)
{
	while (day < c->last && !is_school_day(c, day))
		day++;
	return day;
}

const char *synth_record_file(const struct record_def *rec)
{
	size_t i;

	for (i = 0; i < N(files); i++)
		if (!strcmp(files[i].record, rec->name))
			return files[i].file;
	return NULL;
}

unsigned long long synth_records_count(const struct synth_records *sr,
					const struct record_def *rec)
{
	size_t i;

	for (i = 0; i < N(files); i++)
		if (!strcmp(files[i].record, rec->name) && files[i].rf >= 0)
			return sr->rows[files[i].rf];
	return 0;
}

static const char *rf_file(int rf)
{
	size_t i;

	for (i = 0; i < N(files); i++)
		if (files[i].rf == rf)
			return files[i].file;
	return NULL;
}

static const struct record_def *rf_record(int rf)
{
	size_t i;

	for (i = 0; i < N(files); i++)
		if (files[i].rf == rf)
			return catalog_record(files[i].record);
	return NULL;
}

void synth_records_init(struct synth_records *sr, const struct synth_records_options *opts)
{
	struct synth_index *ix;
	int g, r, c;

	memset(sr, 0, sizeof(*sr));
	sr->opts = *opts;
	sr->cal = xcalloc(1, sizeof(*sr->cal));
	ix = sr->index = xcalloc(1, sizeof(*sr->index));
	for (r = 0; r < NCORE; r++)
		for (g = 0; g < NGRADES; g++)
			ix->core[r][g] = -1;
	for (c = 0; c < NCOURSES; c++)
		for (g = courses[c].low; g <= courses[c].high; g++) {
			if (courses[c].role == R_ELECTIVE)
				ix->electives[g][ix->nelectives[g]++] = (uint8_t)c;
			else if (ix->core[courses[c].role][g] < 0)
				ix->core[courses[c].role][g] = (int8_t)c;
		}
	ix->name_total[0] = name_list_total(&female_names);
	ix->name_total[1] = name_list_total(&male_names);
	ix->name_total[2] = name_list_total(&surnames);
}

void synth_records_release(struct synth_records *sr)
{
	synth_records_lea_abort(sr);
	free(sr->cal);
	free(sr->index);
	free(sr->tested);
	free(sr->tested_before);
	sr->cal = NULL;
	sr->index = NULL;
	sr->tested = sr->tested_before = NULL;
}

void synth_records_year(struct synth_records *sr, int y, size_t npersons)
{
	uint8_t *t;

	if (npersons > sr->cap) {
		sr->tested = xreallocarray(sr->tested, npersons, 1);
		sr->tested_before = xreallocarray(sr->tested_before, npersons, 1);
		sr->cap = npersons;
	}
	/* Last year's tests are the year before's now; persons new this year had none. */
	t = sr->tested_before;
	sr->tested_before = sr->tested;
	sr->tested = t;
	if (npersons > sr->npersons)
		memset(sr->tested_before + sr->npersons, 0, npersons - sr->npersons);
	memset(sr->tested, 0, npersons);
	sr->npersons = npersons;
	sr->year = y;
	snprintf(sr->year_s, sizeof(sr->year_s), "%d", y);
	calendar_build(sr->cal, y);
}

/* Whether LEA lea (its index) offers course c: all core courses, most electives. */
static int offered_by(const struct synth_records *sr, size_t lea, int c)
{
	if (courses[c].role != R_ELECTIVE || (courses[c].flags & CF_EVERYWHERE))
		return 1;
	if (c == C_CALC)
		return chance(sr, T_OFFER, lea, (uint64_t)c) < 700000;
	return chance(sr, T_OFFER, lea, (uint64_t)c) < 800000;
}

/* The same, from the plan for the LEA being written. */
static int offered(const struct synth_records *sr, size_t lea, int c)
{
	if (lea == sr->lea->index)
		return sr->plan->offered[c];
	return offered_by(sr, lea, c);
}

/* The mathematics course of a student at LEA lea. */
static int math_course(const struct synth_records *sr, size_t lea, uint32_t pid, int grade)
{
	unsigned track = chance(sr, T_TRACK, pid, 0);
	int level;

	if (grade < 9)
		return sr->index->core[R_MATH][grade];
	/* 15% are a year ahead in the sequence; a twelfth grader may take statistics. */
	level = grade - 9 + (track < 150000);
	if (level == 4 && !offered(sr, lea, C_CALC))
		level = 3;
	if (grade == 12 && level == 3 && track > 600000 && offered(sr, lea, C_STATS))
		return C_STATS;
	return math_sequence[level];
}

/*
 * A student's courses in term at a school of LEA lea: the core courses of
 * the grade all year, then electives, chosen anew each term.  Returns how
 * many (0 below grade 6).
 */
static unsigned schedule(const struct synth_records *sr, size_t lea, uint32_t pid, int grade,
			 int term, uint8_t out[MAX_SLOTS])
{
	const struct synth_index *ix = sr->index;
	uint64_t py = person_year(pid, sr->year);
	uint8_t pool[NCOURSES];
	unsigned n = 0, slots, npool = 0, i, r;

	if (grade < 6)
		return 0;
	slots = grade == 6 ? 6 : 6 + (unsigned)(hash(sr, T_SLOTS, py, 0) % 3);
	for (r = 0; r < NCORE; r++) {
		int c = r == R_MATH ? math_course(sr, lea, pid, grade) : ix->core[r][grade];

		if (c < 0)
			continue;
		/* A senior may have done with mathematics or science. */
		if (grade == 12 && ((r == R_MATH && chance(sr, T_SLOTS, py, 1) < 200000) ||
				    (r == R_SCI && chance(sr, T_SLOTS, py, 2) < 400000)))
			continue;
		out[n++] = (uint8_t)c;
	}
	for (i = 0; i < ix->nelectives[grade]; i++)
		if (offered(sr, lea, ix->electives[grade][i]))
			pool[npool++] = ix->electives[grade][i];
	for (i = 0; n < slots && npool > 0; i++) {
		unsigned at = (unsigned)(hash(sr, T_ELECTIVE, py, (uint64_t)term * 16 + i) % npool);

		out[n++] = pool[at];
		pool[at] = pool[--npool];
	}
	return n;
}

/*
 * The courses of a student spell in term, at its own LEA: an online
 * student takes the last courses of its schedule the provider teaches
 * online, and the rest at home.
 */
static unsigned courses_of(const struct synth_records *sr, const struct synth_spell *sp,
			   int term, uint8_t out[MAX_SLOTS])
{
	uint8_t all[MAX_SLOTS];
	unsigned n = schedule(sr, sp->online ? sp->home_lea : sr->lea->index, sp->person,
			      sp->grade, term, all);
	unsigned k, moved = 0, m = 0;
	uint8_t online[MAX_SLOTS] = { 0 };

	for (k = n; k-- > 0 && moved < sp->online_courses;)
		if (courses[all[k]].flags & CF_ONLINE) {
			online[k] = 1;
			moved++;
		}
	for (k = 0; k < n; k++)
		if (online[k] == (uint8_t)sp->online)
			out[m++] = all[k];
	return m;
}

/* Whether the spell is enrolled during some of term. */
static int in_term(const struct synth_calendar *c, const struct synth_spell *sp, int term)
{
	int32_t entry = date_to_days(&sp->entry);

	if (entry > c->term_end[term])
		return 0;
	return !sp->exit_code || date_to_days(&sp->exit) >= c->term_start[term];
}

/*
 * Whether a person in grade receives special education, and (*exits)
 * whether it ends this year.  A person's disability is found in
 * kindergarten or the first grades; about a quarter return to general
 * education at some grade.  So the share stays the same from year to year
 * and each person's status follows their grade.
 */
static int special_ed(const struct synth_records *sr, uint32_t pid, int grade, int *exits)
{
	uint64_t x = hash(sr, T_SPED, pid, 0);
	/* The grade it is found in: kindergarten for 45%, grades 1 to 4 for the rest. */
	static const uint8_t found[] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4
	};
	int from = found[(x >> 20) % N(found)];
	/* The last grade in special education; 12 for those who stay. */
	int until = (x >> 32) % 100 < 25 ? 3 + (int)((x >> 40) % 8) : 12;

	if (exits)
		*exits = grade == until && until < 12;
	return x % PPM < 170000 && grade >= from && grade <= until;
}

/* The buffer records of type rf are written to: their CSV file or their interchange. */
static struct buf *out_buf(struct synth_records *sr, int rf)
{
	int slot = sr->opts.edfi ? edfi_file_of[rf] : rf;

	sr->used[slot] = 1;
	return &sr->out[slot].b;
}

int synth_records_edfi_written(const struct synth_records *sr, size_t i)
{
	/* The calendar and the tests are written for every LEA. */
	return i < EF_COUNT && (i == EF_CALENDAR || i == EF_ASSESSMENT_META || sr->used[i]);
}

/* Files open for an LEA. */
static int nslots(const struct synth_records *sr)
{
	return sr->opts.edfi ? EF_COUNT : RF_COUNT;
}

static size_t seat_index(size_t school, int term, int c)
{
	return (school * NTERMS + (size_t)term) * NCOURSES + (size_t)c;
}

int synth_records_lea(struct synth_records *sr, const struct synth_lea *lea, const char *dir,
		      struct slds_error *err)
{
	struct synth_plan *plan;
	size_t nseats = lea->nschools * NTERMS * NCOURSES;
	int rf, c, rc = 0;

	synth_records_lea_abort(sr);
	sr->lea = lea;
	plan = sr->plan = xcalloc(1, sizeof(*plan));
	plan->nschools = lea->nschools;
	plan->schools = xcalloc(lea->nschools ? lea->nschools : 1, sizeof(*plan->schools));
	plan->seats = xcalloc(nseats ? nseats : 1, sizeof(*plan->seats));
	plan->sections = xcalloc(nseats ? nseats : 1, sizeof(*plan->sections));
	plan->filled = xcalloc(nseats ? nseats : 1, sizeof(*plan->filled));
	for (c = 0; c < NCOURSES; c++) {
		if (!strcmp(lea->type, "VIR"))
			plan->offered[c] = (courses[c].flags & CF_ONLINE) != 0;
		else
			plan->offered[c] = (uint8_t)offered_by(sr, lea->index, c);
	}
	for (rf = 0; rf < RF_COUNT; rf++)
		sr->lines[rf] = sr->used[rf] = 0;
	for (rf = 0; rf < nslots(sr) && !rc; rf++) {
		char *path = xstrfmt("%s/%s", dir, sr->opts.edfi ? edfi_files[rf].file : rf_file(rf));

		rc = out_open(&sr->out[rf], path, err);
		/* Ed-Fi truth names an entity by its line: several kinds share a file. */
		sr->out[rf].count_lines = sr->opts.edfi && sr->opts.errors->profile;
		if (!rc && sr->opts.edfi)
			edfi_begin(&sr->out[rf].b, edfi_files[rf].root);
		else if (!rc)
			sr->opts.emitter->begin(&sr->out[rf].b, rf_record(rf));
		free(path);
	}
	return rc;
}

void synth_records_plan(struct synth_records *sr, const struct synth_spell *sp)
{
	struct synth_plan *plan = sr->plan;
	struct school_plan *sc = &plan->schools[sp->school];
	uint8_t list[MAX_SLOTS];
	unsigned n, i;
	int t;

	sc->students++;
	if (sp->grade <= 5)
		sc->elementary++;
	if (!sp->online && special_ed(sr, sp->person, sp->grade, NULL))
		sc->sped++;
	for (t = 0; t < NTERMS; t++) {
		if (!in_term(sr->cal, sp, t))
			continue;
		n = courses_of(sr, sp, t, list);
		for (i = 0; i < n; i++)
			plan->seats[seat_index(sp->school, t, list[i])]++;
	}
}

static unsigned ceil_div(unsigned a, unsigned b)
{
	return (a + b - 1) / b;
}

/* Sections of each course, and the staff each school needs for its students. */
static void plan_staff(struct synth_records *sr)
{
	struct synth_plan *plan = sr->plan;
	int online = !strcmp(sr->lea->type, "VIR");
	size_t i;
	int t, c, s;

	for (i = 0; i < plan->nschools; i++) {
		struct school_plan *sc = &plan->schools[i];
		unsigned sections[NTERMS][S_COUNT];

		memset(sections, 0, sizeof(sections));
		for (t = 0; t < NTERMS; t++)
			for (c = 0; c < NCOURSES; c++) {
				size_t at = seat_index(i, t, c);

				plan->sections[at] = ceil_div(plan->seats[at],
							      online ? ONLINE_SECTION_SEATS
								     : SECTION_SEATS);
				sections[t][courses[c].subject] += plan->sections[at];
			}
		for (s = 0; s < S_COUNT; s++) {
			unsigned most = sections[0][s] > sections[1][s] ? sections[0][s]
								       : sections[1][s];

			sc->teachers[s] = ceil_div(most, SECTIONS_A_TEACHER);
		}
		sc->teachers[S_ELEM] = ceil_div(sc->elementary, ELEMENTARY_CLASS);
		sc->teachers[S_SPED] = ceil_div(sc->sped, SPED_CASELOAD);
		sc->admins = 1 + sc->students / 700;
		sc->counselors = ceil_div(sc->students - sc->elementary, 350) +
				 (sc->elementary >= 400);
		sc->paras = online ? 0 : sc->elementary / 150 + sc->sped / 40;
	}
}

/*
 * The line of the next row of rf: in CSV the header is line 1; an Ed-Fi
 * file counts its lines, one an entity, as other kinds share it.
 */
static size_t next_line(const struct synth_records *sr, int rf)
{
	if (sr->opts.edfi)
		return out_line(&sr->out[edfi_file_of[rf]]);
	return sr->lines[rf] + 2;
}

/* The file rows of rf are written to. */
static const char *truth_file(const struct synth_records *sr, int rf)
{
	return sr->opts.edfi ? edfi_files[edfi_file_of[rf]].file : rf_file(rf);
}

/*
 * Count a row written to rf, which began on line; a rejected student's row
 * is a consequence in the truth.
 */
static void row_done_at(struct synth_records *sr, int rf, const struct synth_spell *sp,
			size_t line)
{
	sr->rows[rf]++;
	sr->lines[rf]++;
	if (sp && sp->rejected) {
		char rule[16];

		snprintf(rule, sizeof(rule), "%s.%04d", rf_record(rf)->code, 11);
		truth_error(sr->opts.errors, sr->lea->id, sr->year, truth_file(sr, rf), line,
			    "local_id", rule, ERR_NONE, 1);
	}
}

/* The same for a row of one line, the last written. */
static void row_done(struct synth_records *sr, int rf, const struct synth_spell *sp)
{
	/* Only a rejected student's rows need their line: CSV counts rows, Ed-Fi lines written. */
	if (sp && sp->rejected)
		row_done_at(sr, rf, sp, next_line(sr, rf) - (sr->opts.edfi ? 1 : 0));
	else
		row_done_at(sr, rf, sp, 0);
}

/* An injected error in the next row of rf: to the truth, with its rule. */
static void row_error(struct synth_records *sr, int rf, const char *field, int number,
		      enum error_kind kind)
{
	char rule[16];

	snprintf(rule, sizeof(rule), "%s.%04d", rf_record(rf)->code, number);
	truth_error(sr->opts.errors, sr->lea->id, sr->year, truth_file(sr, rf), next_line(sr, rf),
		    field, rule, kind, 0);
}

static const char *place_name(const struct synth_records *sr, uint64_t key, char *out, size_t size)
{
	uint64_t x = hash(sr, T_PLACE, key, 0);

	snprintf(out, size, "%s %s", places[x % N(places)], features[(x >> 16) % N(features)]);
	return out;
}

/* A hash of a string, to key a staff member's traits by their ID. */
static uint64_t string_key(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void write_lea_row(struct synth_records *sr)
{
	const struct synth_lea *lea = sr->lea;
	char name[120], place[64], nces[16];
	struct rec_lea r;

	if (!strcmp(lea->type, "VIR")) {
		snprintf(name, sizeof(name), "Statewide Online Education Program");
	} else if (!strcmp(lea->type, "CHR")) {
		static const char *const kinds[] = {
			"Academy", "Preparatory Academy", "Charter School", "STEM Academy",
			"Classical Academy", "Arts Academy",
		};

		place_name(sr, lea->index, place, sizeof(place));
		snprintf(name, sizeof(name), "%s %s", place,
			 kinds[hash(sr, T_PLACE, lea->index, 1) % N(kinds)]);
	} else {
		snprintf(name, sizeof(name), "%s School District",
			 place_name(sr, lea->index, place, sizeof(place)));
	}
	snprintf(nces, sizeof(nces), "49%05zu", lea->index + 1);
	r = (struct rec_lea){ lea->id, name, lea->type, nces, sr->year_s };
	sr->opts.emitter->lea(out_buf(sr, RF_LEA), &r);
	row_done(sr, RF_LEA, NULL);
}

static void school_name(const struct synth_records *sr, size_t i, char *out, size_t size)
{
	const struct synth_lea *lea = sr->lea;
	const struct synth_school *sc = &lea->schools[i];
	static const char *const levels[] = {
		"Elementary School", "Middle School", "High School", "School"
	};
	char place[64];

	if (!strcmp(lea->type, "VIR")) {
		snprintf(out, size, "Statewide Online High School");
	} else if (!strcmp(lea->type, "CHR")) {
		char lea_place[64];

		place_name(sr, lea->index, lea_place, sizeof(lea_place));
		if (lea->nschools == 1)
			snprintf(out, size, "%s Academy", lea_place);
		else
			snprintf(out, size, "%s Academy %s", lea_place,
				 sc->level == LEVEL_EL ? "Elementary" : "Secondary");
	} else {
		place_name(sr, string_key(sc->id), place, sizeof(place));
		snprintf(out, size, "%s %s", place, levels[sc->level]);
	}
}

static void write_school_rows(struct synth_records *sr)
{
	static const char *const level_codes[] = { "EL", "MS", "HS", "OT" };
	const struct synth_lea *lea = sr->lea;
	size_t i;

	for (i = 0; i < lea->nschools; i++) {
		const struct synth_school *sc = &lea->schools[i];
		char name[160];
		struct rec_school r;

		school_name(sr, i, name, sizeof(name));
		r = (struct rec_school){
			lea->id, sc->id, name, level_codes[sc->level], grade_codes[sc->low],
			grade_codes[sc->high], !strcmp(lea->type, "CHR") ? "Y" : "N", sr->year_s
		};
		sr->opts.emitter->school(out_buf(sr, RF_SCHOOL), &r);
		row_done(sr, RF_SCHOOL, NULL);
	}
}

/* Positions, with the letter that starts their staff IDs. */
enum position { P_ADM, P_CNS, P_TCH, P_PAR };
static const char *const position_codes[] = { "ADM", "CNS", "TCH", "PAR" };
static const char position_letters[] = "ACTP";

/*
 * A staff ID: the position's letter, the school's level digit and number,
 * a teacher's subject, and the member's number: T3010402 is the second
 * mathematics teacher of high school 01.
 */
static void staff_id(const struct synth_records *sr, size_t school, int pos, int subject,
		     unsigned k, char out[32])
{
	const char *suffix = sr->lea->schools[school].id + strlen(sr->lea->id);

	if (pos == P_TCH)
		snprintf(out, 32, "T%s%02d%02u", suffix, subject, k + 1);
	else
		snprintf(out, 32, "%c%s%02u", position_letters[pos], suffix, k + 1);
}

/* A staff member's license and its endorsements: a credential each. */
struct credentials {
	const char *type;
	char issue[11], expiry[11];
	const char *endorsements[2];
	char ids[2][32];
	const char *id_list[2];
	unsigned n;
};

static void make_credentials(struct synth_records *sr, uint64_t key, int pos, int subject,
			     struct credentials *cr)
{
	static const struct {
		const char *type;
		int years;
	} licenses[] = { { "TMP", 1 }, { "ASC", 3 }, { "L1", 3 }, { "L2", 5 }, { "L3", 7 } };
	uint64_t x = hash(sr, T_STAFF, key, 1);
	unsigned u = (unsigned)(x % 1000), lic, n = 1, i;
	int y = sr->year, start;
	char *issue = cr->issue, *expiry = cr->expiry;
	const char **endorsements = cr->endorsements;

	endorsements[0] = "";
	endorsements[1] = NULL;
	if (pos == P_ADM)
		lic = 4;
	else if (pos == P_CNS)
		lic = u < 700 ? 3 : 4;
	else
		lic = u < 30 ? 0 : u < 80 ? 1 : u < 280 ? 2 : u < 750 ? 3 : 4;
	if (lic == 0) {
		/* A temporary authorization for this school year. */
		format_day(day_of(y - 1, 7, 1) + (int32_t)((x >> 10) % 45), issue);
		snprintf(expiry, sizeof(cr->expiry), "%04d-06-30", y);
	} else {
		/* Renewed every so many years; 2% have let theirs lapse. */
		int years = licenses[lic].years, phase = (int)((x >> 10) % (uint64_t)years);

		start = (y - 1) - ((y - 1 - phase) % years);
		if ((x >> 20) % 100 < 2)
			start -= years;
		snprintf(issue, sizeof(cr->issue), "%04d-%02d-%02d", start, 4 + (int)((x >> 30) % 4),
			 1 + (int)((x >> 34) % 28));
		snprintf(expiry, sizeof(cr->expiry), "%04d-06-30", start + years);
	}
	if (pos == P_TCH) {
		endorsements[0] = subject_codes[subject];
		/* A second endorsement: special education with elementary, or another subject. */
		if (subject == S_SPED && (x >> 40) % 100 < 30) {
			endorsements[n++] = subject_codes[S_ELEM];
		} else if (subject != S_ELEM && subject != S_SPED && (x >> 40) % 100 < 15) {
			int other = S_ELA + (int)((x >> 48) % (S_CS - S_ELA + 1));

			endorsements[n++] = other == subject ? "ESL" : subject_codes[other];
		}
	}
	cr->type = licenses[lic].type;
	cr->n = n;
	for (i = 0; i < n; i++) {
		snprintf(cr->ids[i], sizeof(cr->ids[i]), "%s-%06u", licenses[lic].type,
			 (unsigned)((x >> 12) % 100000) * 10 + i);
		cr->id_list[i] = cr->ids[i];
	}
}

static void write_credentials(struct synth_records *sr, const char *sid,
			      const struct credentials *cr)
{
	unsigned i;

	for (i = 0; i < cr->n; i++) {
		struct rec_credential r = {
			sr->lea->id, sid, cr->ids[i], cr->type, cr->endorsements[i], cr->issue,
			cr->expiry, sr->year_s
		};

		sr->opts.emitter->credential(out_buf(sr, RF_CREDENTIAL), &r);
		row_done(sr, RF_CREDENTIAL, NULL);
	}
}

static void write_staff_member(struct synth_records *sr, size_t school, int pos, int subject,
			       unsigned k)
{
	/* Shares of women by position: administrators, counselors, teachers, aides. */
	static const unsigned female_ppm[] = { 550000, 700000, 750000, 850000 };
	const struct synth_index *ix = sr->index;
	char sid[32], eid[48];
	uint64_t key, x;
	const struct name_list *first;
	struct rec_staff r;
	struct credentials cr;
	struct rng rng;
	const char *sex;
	size_t pad = 5 - (strlen(sr->lea->id) < 5 ? strlen(sr->lea->id) : 5);

	staff_id(sr, school, pos, subject, k, sid);
	key = rng_hash(string_key(sid), sr->lea->index, 0, 0);
	x = hash(sr, T_STAFF, key, 0);
	sex = x % PPM < female_ppm[pos] ? "F" : "M";
	first = *sex == 'F' ? &female_names : &male_names;
	rng_seed(&rng, hash(sr, T_NAME, key, 0));
	/* A state educator ID for licensed staff: LEA, position and staff number. */
	eid[0] = '\0';
	if (pos != P_PAR)
		snprintf(eid, sizeof(eid), "E%.*s%s%d%s", (int)pad, "00000", sr->lea->id, 1 + pos,
			 sid + 1);
	r = (struct rec_staff){
		sr->lea->id, sid, eid,
		first->names[rng_weighted(&rng, first->weights, first->n,
					  ix->name_total[*sex == 'F' ? 0 : 1])],
		surnames.names[rng_weighted(&rng, surnames.weights, surnames.n, ix->name_total[2])],
		sex, sr->lea->schools[school].id, position_codes[pos],
		(x >> 24) % 100 < 8 ? "0.50" : "1.00", sr->year_s, cr.id_list, 0
	};
	/* The Staff entity of Ed-Fi references the credentials: they come first. */
	cr.n = 0;
	if (pos != P_PAR)
		make_credentials(sr, key, pos, subject, &cr);
	r.ncredentials = cr.n;
	sr->opts.emitter->staff(out_buf(sr, RF_STAFF), &r);
	row_done(sr, RF_STAFF, NULL);
	write_credentials(sr, sid, &cr);
}

static int flush_all(struct synth_records *sr, struct slds_error *err)
{
	int rf, rc = 0;

	for (rf = 0; rf < RF_COUNT && !rc; rf++)
		rc = out_flush(&sr->out[rf], 0, err);
	if (!rc)
		rc = out_flush(&sr->opts.errors->out, 0, err);
	return rc;
}

static int write_staff_rows(struct synth_records *sr, struct slds_error *err)
{
	const struct synth_plan *plan = sr->plan;
	size_t i;
	unsigned k;
	int s, rc = 0;

	for (i = 0; i < plan->nschools && !rc; i++) {
		const struct school_plan *sc = &plan->schools[i];

		for (k = 0; k < sc->admins; k++)
			write_staff_member(sr, i, P_ADM, 0, k);
		for (k = 0; k < sc->counselors; k++)
			write_staff_member(sr, i, P_CNS, 0, k);
		for (s = 0; s < S_COUNT; s++)
			for (k = 0; k < sc->teachers[s] && !rc; k++) {
				write_staff_member(sr, i, P_TCH, s, k);
				rc = flush_all(sr, err);
			}
		for (k = 0; k < sc->paras; k++)
			write_staff_member(sr, i, P_PAR, 0, k);
		if (!rc)
			rc = flush_all(sr, err);
	}
	return rc;
}

static void write_course_rows(struct synth_records *sr)
{
	const struct synth_lea *lea = sr->lea;
	int c;

	for (c = 0; c < NCOURSES; c++) {
		struct rec_course r;
		size_t i;

		if (!sr->plan->offered[c])
			continue;
		/* Only courses of grades some school of the LEA teaches. */
		for (i = 0; i < lea->nschools; i++) {
			const struct synth_school *sc = &lea->schools[i];

			if (sc->low <= courses[c].high && sc->high >= courses[c].low)
				break;
		}
		if (i == lea->nschools)
			continue;
		r = (struct rec_course){
			lea->id, courses[c].code, courses[c].title, subject_codes[courses[c].subject],
			"1.00", sr->year_s
		};
		sr->opts.emitter->course(out_buf(sr, RF_COURSE), &r);
		row_done(sr, RF_COURSE, NULL);
	}
}

/* A section's ID: course, term and number, MA0910-S1-02 (written for every grade). */
static void section_id(int c, int term, unsigned k, char out[32])
{
	size_t n = strlen(courses[c].code);

	memcpy(out, courses[c].code, n);
	out[n] = '-';
	memcpy(out + n + 1, terms[term], 2);
	out[n + 3] = '-';
	if (k + 1 < 100) {
		out[n + 4] = (char)('0' + (k + 1) / 10);
		out[n + 5] = (char)('0' + (k + 1) % 10);
		out[n + 6] = '\0';
	} else {
		snprintf(out + n + 4, 32 - n - 4, "%u", k + 1);
	}
}

static int write_section_rows(struct synth_records *sr, struct slds_error *err)
{
	struct synth_plan *plan = sr->plan;
	size_t i;
	int t, c, rc = 0;

	for (i = 0; i < plan->nschools && !rc; i++) {
		struct school_plan *sc = &plan->schools[i];

		for (t = 0; t < NTERMS; t++)
			for (c = 0; c < NCOURSES && !rc; c++) {
				unsigned k, n = plan->sections[seat_index(i, t, c)];
				int s = courses[c].subject;
				char begin[11];

				format_day(sr->cal->term_start[t], begin);

				for (k = 0; k < n; k++) {
					char sec[32], sid[32];
					struct rec_section r;

					/* Each teacher of the subject in turn. */
					section_id(c, t, k, sec);
					staff_id(sr, i, P_TCH, s, sc->taught[t][s]++ % sc->teachers[s],
						 sid);
					r = (struct rec_section){
						sr->lea->id, sr->lea->schools[i].id, sec, courses[c].code,
						terms[t], sid, sr->year_s, begin
					};
					if (sr->opts.edfi && k == 0)
						sr->opts.emitter->offering(out_buf(sr, RF_SECTION), &r);
					sr->opts.emitter->section(out_buf(sr, RF_SECTION), &r);
					if (sr->opts.edfi)
						sr->opts.emitter->teacher(&sr->out[EF_STAFF].b, &r);
					row_done(sr, RF_SECTION, NULL);
				}
				rc = flush_all(sr, err);
			}
	}
	return rc;
}

/*
 * Ed-Fi: each school's terms, with their instructional days, its calendar
 * of instructional days (in which slds-ingest counts an enrollment's days in
 * membership), and the state tests.
 */
static void write_edfi_calendar(struct synth_records *sr)
{
	const struct synth_calendar *c = sr->cal;
	size_t i;
	int32_t day;
	int t, s, g;

	for (i = 0; i < sr->lea->nschools; i++) {
		struct rec_calendar_day cd = { sr->lea->schools[i].id, sr->year_s, NULL };
		char date[11];

		sr->opts.emitter->calendar_day(&sr->out[EF_CALENDAR].b, &cd);
		cd.date = date;
		for (day = c->first; day <= c->last; day++)
			if (is_school_day(c, day)) {
				format_day(day, date);
				sr->opts.emitter->calendar_day(&sr->out[EF_CALENDAR].b, &cd);
			}
		for (t = 0; t < NTERMS; t++) {
			char begin[11], end[11], days[12];
			struct rec_session r;

			format_day(c->term_start[t], begin);
			format_day(c->term_end[t], end);
			format_uint(days, sizeof(days), school_days(c, c->term_start[t], c->term_end[t]));
			r = (struct rec_session){ sr->lea->schools[i].id, terms[t], begin, end, days,
						  sr->year_s };
			sr->opts.emitter->session(&sr->out[EF_CALENDAR].b, &r);
		}
	}
	for (s = 0; s < NTESTS; s++)
		for (g = tests[s].low; g <= tests[s].high; g++) {
			char code[24];
			struct rec_test r;

			snprintf(code, sizeof(code), "SAGE-%s-%s", tests[s].code, grade_codes[g]);
			r = (struct rec_test){ code, tests[s].subject, grade_codes[g] };
			sr->opts.emitter->test(&sr->out[EF_ASSESSMENT_META].b, &r);
		}
}

int synth_records_directory(struct synth_records *sr, struct slds_error *err)
{
	int rc;

	plan_staff(sr);
	write_lea_row(sr);
	write_school_rows(sr);
	if (sr->opts.edfi)
		write_edfi_calendar(sr);
	rc = write_staff_rows(sr, err);
	if (!rc) {
		write_course_rows(sr);
		rc = write_section_rows(sr, err);
	}
	return rc;
}

/*
 * One attendance event of a spell, on day; *bad, if not NULL, is an
 * injected EventDuration for it (and the next events have none).
 */
static void attendance_event(struct synth_records *sr, const struct synth_spell *sp,
			     int32_t day, const char *category, int half, const char **bad)
{
	char date[11];
	struct rec_attendance_event r;

	format_day(day, date);
	r = (struct rec_attendance_event){
		sp->local_id, sr->lea->schools[sp->school].id, date,
		terms[day < sr->cal->term_start[1] ? 0 : 1], sr->year_s, category, half, *bad
	};
	*bad = NULL;
	sr->opts.emitter->attendance_event(out_buf(sr, RF_ATTENDANCE), &r);
}

/*
 * Ed-Fi: a spell's attendance as the events slds-ingest sums back to its
 * days (synth_edfi.h): absences only, as SIS exports report them.  The
 * absences, excused half days first, fall on m school days spread over the
 * spell, two halves a day; a spell without one has a tardy, to say the
 * student was there.  slds-ingest counts the days in membership in the
 * spell and the school's calendar, and the student present on the others.
 */
static void write_attendance_events(struct synth_records *sr, const struct synth_spell *sp,
				    unsigned m, unsigned absent, unsigned excused, const char *bad)
{
	const struct synth_calendar *c = sr->cal;
	int32_t day = date_to_days(&sp->entry);
	int32_t to = sp->exit_code ? date_to_days(&sp->exit) : c->last;
	unsigned ndays = (absent + 1) / 2, i = 0, j = 0;

	if (absent == 0) {
		attendance_event(sr, sp, school_day_from(c, day), "tardy", 0, &bad);
		return;
	}
	for (; day <= to && day <= c->last && j < ndays; day++) {
		if (!is_school_day(c, day))
			continue;
		if (i == (unsigned)(((2ULL * j + 1) * m) / (2ULL * ndays))) {
			unsigned h = 2 * j;
			const char *a = h < excused ? "excused" : "unexcused";
			const char *b = h + 1 < excused ? "excused" : "unexcused";

			if (h + 1 >= absent) {
				attendance_event(sr, sp, day, a, 1, &bad);
			} else if (a == b) {
				attendance_event(sr, sp, day, a, 0, &bad);
			} else {
				attendance_event(sr, sp, day, a, 1, &bad);
				attendance_event(sr, sp, day, b, 1, &bad);
			}
			j++;
		}
		i++;
	}
}

static void write_attendance(struct synth_records *sr, const struct synth_spell *sp)
{
	const struct synth_calendar *c = sr->cal;
	uint64_t py = person_year(sp->person, sr->year);
	uint64_t x = hash(sr, T_ABSENT, py, 0);
	unsigned m = school_days(c, date_to_days(&sp->entry),
				 sp->exit_code ? date_to_days(&sp->exit) : c->last);
	/* The fewest half days absent that are 10% of m days. */
	unsigned absent, excused, chronic_min = (m + 4) / 5;
	double u = (double)((x >> 20) % 10000) / 10000.0;
	char mem[16], pres[16], exc[16], unexc[16];
	struct rec_attendance r;
	const char *bad = NULL;
	size_t line;
	enum error_kind e = sp->rejected ? ERR_NONE
			    : pick_error(sr->opts.errors, sp->person, sr->year, sr->lea->index,
					 ERRS_ATTENDANCE, 0);

	/* About 15% are chronically absent: 10% of their days or more. */
	if (x % PPM < 150000) {
		absent = (unsigned)((0.10 + 0.25 * u) * 2 * m + 0.5);
		if (absent < chronic_min)
			absent = chronic_min;
	} else {
		absent = (unsigned)(0.095 * u * u * 2 * m + 0.5);
		if (chronic_min && absent >= chronic_min)
			absent = chronic_min - 1;
	}
	if (absent > 2 * m)
		absent = 2 * m;
	excused = (unsigned)(absent * (0.4 + 0.4 * (double)((x >> 40) % 1000) / 1000.0) + 0.5);
	format_halves(mem, 2 * m);
	format_halves(pres, 2 * m - absent);
	format_halves(exc, excused);
	format_halves(unexc, absent - excused);
	r = (struct rec_attendance){
		sr->lea->id, sp->local_id, sr->lea->schools[sp->school].id, mem, pres, exc, unexc,
		sr->year_s
	};
	line = next_line(sr, RF_ATTENDANCE);
	if (e == ERR_ATT_DAYS && sr->opts.edfi) {
		/* An absence of more than a day: slds-ingest rejects the event. */
		bad = "1.5";
		row_error(sr, RF_ATTENDANCE, "", 3, e);
	} else if (e == ERR_ATT_DAYS) {
		/* A day count that is no number, or more days than a year has. */
		if (sp->person % 2) {
			r.days_present = "NA";
			row_error(sr, RF_ATTENDANCE, "days_present", 3, e);
		} else {
			r.days_in_membership = "999";
			row_error(sr, RF_ATTENDANCE, "days_in_membership", 3, e);
		}
	}
	if (sr->opts.edfi)
		write_attendance_events(sr, sp, m, absent, excused, bad);
	else
		sr->opts.emitter->attendance(out_buf(sr, RF_ATTENDANCE), &r);
	/* In Ed-Fi, the record slds-ingest sums is named by its first event. */
	row_done_at(sr, RF_ATTENDANCE, sp, line);
}

/* The mark of a student in a course: the better the student, the better the mark. */
static const char *mark_of(const struct synth_records *sr, uint32_t pid, int term, int c)
{
	uint64_t x = hash(sr, T_MARK, person_year(pid, sr->year), (uint64_t)(term * NCOURSES + c));
	double u = (double)((x >> 10) % 1000) / 1000.0 - 0.12 * normal(hash(sr, T_ABILITY, pid, 0));

	if (x % 100 == 0)
		return "I";
	if (u < 0)
		u = 0;
	if (u > 0.999)
		u = 0.999;
	if (courses[c].flags & CF_PASS_FAIL)
		return pick_share(pass_fail_marks, N(pass_fail_marks), (unsigned)(u * 1000));
	return pick_share(marks, N(marks), (unsigned)(u * 1000));
}

static void write_course_grades(struct synth_records *sr, const struct synth_spell *sp)
{
	struct synth_plan *plan = sr->plan;
	const struct synth_calendar *cal = sr->cal;
	const char *school = sr->lea->schools[sp->school].id;
	uint8_t list[MAX_SLOTS];
	unsigned n, i;
	int t;

	for (t = 0; t < NTERMS; t++) {
		/* A student who withdrew before the term ended withdrew from its courses. */
		int withdrawn = sp->exit_code && sp->exit_code[0] != 'G' &&
				date_to_days(&sp->exit) < cal->term_end[t];

		if (!in_term(cal, sp, t))
			continue;
		n = courses_of(sr, sp, t, list);
		for (i = 0; i < n; i++) {
			size_t at = seat_index(sp->school, t, list[i]);
			/* Seats are handed out in turn: sections fill evenly. */
			unsigned k = plan->sections[at] ? plan->filled[at]++ % plan->sections[at]
							: 0;
			const char *mark;
			char sec[32];
			struct rec_course_grade r;
			enum error_kind e;

			/* Grades are collected from grade 7; sixth graders only take seats. */
			if (sp->grade < 7)
				continue;
			mark = withdrawn ? "W" : mark_of(sr, sp->person, t, list[i]);
			section_id(list[i], t, k, sec);
			r = (struct rec_course_grade){
				sr->lea->id, sp->local_id, school, sec, courses[list[i]].code, terms[t],
				mark, "0.50",
				!strcmp(mark, "F") || !strcmp(mark, "NP") || !strcmp(mark, "I") ||
				!strcmp(mark, "W") ? "0.00" : "0.50",
				sr->year_s
			};
			e = sp->rejected ? ERR_NONE
			    : pick_error(sr->opts.errors, sp->person, sr->year, sr->lea->index,
					 ERRS_COURSE_GRADE, (unsigned)(t * NCOURSES + list[i]));
			if (e == ERR_GRD_MARK) {
				/* A mark the state's scale does not have. */
				r.mark = "A+";
				row_error(sr, RF_COURSE_GRADE, "mark", 4, e);
			}
			sr->opts.emitter->course_grade(out_buf(sr, RF_COURSE_GRADE), &r);
			row_done(sr, RF_COURSE_GRADE, sp);
		}
	}
}

static void write_assessments(struct synth_records *sr, const struct synth_spell *sp)
{
	const struct synth_calendar *cal = sr->cal;
	uint64_t py = person_year(sp->person, sr->year);
	double general = normal(hash(sr, T_ABILITY, sp->person, 0));
	int32_t entry = date_to_days(&sp->entry);
	int s;

	for (s = 0; s < NTESTS; s++) {
		int32_t window = day_of(sr->year, tests[s].month, tests[s].day);
		int32_t day = school_day_from(cal, window + (int32_t)(hash(sr, T_TEST_DAY, py,
									     (uint64_t)s) % 10));
		double ability, u, z;
		int center, score, level;
		char code[24], date[11], score_s[12], level_s[4], growth[4];
		struct rec_assessment r;
		enum error_kind e;

		if (sp->grade < tests[s].low || sp->grade > tests[s].high || day < entry ||
		    (sp->exit_code && day > date_to_days(&sp->exit)))
			continue;
		/* Absent on every day of the window, or opted out. */
		if (chance(sr, T_UNTESTED, py, (uint64_t)s) < 30000)
			continue;
		/* The score: the student's ability in the subject and this year's growth. */
		ability = 0.8 * general +
			  0.6 * normal(hash(sr, T_ABILITY, sp->person, 1 + (uint64_t)s));
		u = (double)(hash(sr, T_SCORE, py, (uint64_t)s) % 10000) / 10000.0;
		z = ability + (u - 0.5) * 1.2;
		center = 2400 + 30 * (sp->grade - 3) + 10 * s;
		score = center + (int)(90.0 * z + (z >= 0 ? 0.5 : -0.5));
		level = score >= center + 90 ? 4 : score >= center + 5 ? 3
			: score >= center - 60 ? 2 : 1;
		snprintf(code, sizeof(code), "SAGE-%s-%s", tests[s].code, grade_codes[sp->grade]);
		format_day(day, date);
		format_uint(score_s, sizeof(score_s), (unsigned long)score);
		format_uint(level_s, sizeof(level_s), (unsigned long)level);
		/* Growth needs last year's score in the subject. */
		growth[0] = '\0';
		if (sr->tested_before[sp->person] & (1u << s))
			format_uint(growth, sizeof(growth), 1 + (unsigned long)(u * 99));
		sr->tested[sp->person] |= (uint8_t)(1u << s);
		r = (struct rec_assessment){
			sr->lea->id, sp->local_id, sr->lea->schools[sp->school].id, code,
			tests[s].subject, date, grade_codes[sp->grade], score_s, level_s, growth,
			sr->year_s
		};
		e = sp->rejected ? ERR_NONE
		    : pick_error(sr->opts.errors, sp->person, sr->year, sr->lea->index,
				 ERRS_ASSESSMENT, (unsigned)s);
		if (e == ERR_ASM_MISSING) {
			r.test_date = "";
			row_error(sr, RF_ASSESSMENT, "test_date", 1, e);
		}
		sr->opts.emitter->assessment(out_buf(sr, RF_ASSESSMENT), &r);
		row_done(sr, RF_ASSESSMENT, sp);
	}
}

/* The last day of a year that starts on day: an IEP's end. */
static int32_t year_later(int32_t day)
{
	struct date d = date_from_days(day);

	d.year++;
	if (d.month == 2 && d.day == 29)
		d.day = 28;
	return date_to_days(&d) - 1;
}

static void write_special_ed(struct synth_records *sr, const struct synth_spell *sp)
{
	const struct synth_calendar *cal = sr->cal;
	uint32_t pid = sp->person;
	int rge = 0;
	int32_t start, end, exit_day = 0;
	const char *reason = "";
	char start_s[11], end_s[11], exit_s[11];
	struct rec_special_ed r;
	enum error_kind e;

	if (!special_ed(sr, pid, sp->grade, &rge))
		return;
	/* The IEP is reviewed each year on its anniversary, between August and April. */
	start = day_of(sr->year - 1, 8, 20) + (int32_t)(hash(sr, T_IEP, pid, 0) % 254);
	end = year_later(start);
	if (sp->exit_code && !strcmp(sp->exit_code, "G1"))
		reason = "GHS";
	else if (sp->exit_code && !strcmp(sp->exit_code, "D1"))
		reason = "DO";
	else if (sp->exit_code && !strcmp(sp->exit_code, "W3"))
		reason = "MKC";
	if (*reason) {
		exit_day = date_to_days(&sp->exit);
	} else if (rge) {
		/* Returned to general education at a spring review, while still enrolled. */
		reason = "RGE";
		exit_day = day_of(sr->year, 3, 1) + (int32_t)(hash(sr, T_SPED_EXIT, pid, 1) % 90);
		if (sp->exit_code && exit_day > date_to_days(&sp->exit))
			exit_day = date_to_days(&sp->exit);
		if (exit_day < date_to_days(&sp->entry))
			exit_day = date_to_days(&sp->entry);
	}
	if (*reason) {
		/* The IEP ended with special education. */
		if (start >= exit_day)
			start = exit_day - 60 > cal->july1 ? exit_day - 60 : cal->july1;
		end = exit_day;
		format_day(exit_day, exit_s);
	} else {
		exit_s[0] = '\0';
	}
	format_day(start, start_s);
	format_day(end, end_s);
	r = (struct rec_special_ed){
		sr->lea->id, sp->local_id,
		pick_share(disabilities, N(disabilities),
			   (unsigned)(hash(sr, T_DISABILITY, pid, 0) % 1000)),
		pick_share(settings, N(settings), (unsigned)(hash(sr, T_SETTING, pid, 0) % 1000)),
		start_s, end_s, exit_s, reason, sr->year_s
	};
	e = sp->rejected ? ERR_NONE
	    : pick_error(sr->opts.errors, pid, sr->year, sr->lea->index, ERRS_SPECIAL_ED, 0);
	if (e == ERR_SPE_CODE) {
		/* The category's name from before IDEA 2004. */
		r.disability = "LD";
		row_error(sr, RF_SPECIAL_ED, "disability", 4, e);
	}
	sr->opts.emitter->special_ed(out_buf(sr, RF_SPECIAL_ED), &r);
	row_done(sr, RF_SPECIAL_ED, sp);
}

/*
 * Whether a person in grade is an English learner, and (*exits) whether
 * they are reclassified fluent this year: three in four are, at a grade
 * of their own, so there are more learners in the early grades.
 */
static int english_learner(const struct synth_records *sr, uint32_t pid, int grade, int *exits)
{
	uint64_t x = hash(sr, T_EL, pid, 0);
	int until = (x >> 32) % 100 < 75 ? (int)((x >> 40) % 12) : 12;

	*exits = grade == until && until < 12;
	return x % PPM < 145000 && grade <= until;
}

static void write_programs(struct synth_records *sr, const struct synth_spell *sp)
{
	enum { EL, ECODIS, HOMELESS, MIGRANT, FOSTER, NPROGRAMS };
	static const char *const codes[NPROGRAMS] = {
		"EL", "ECODIS", "HOMELESS", "MIGRANT", "FOSTER"
	};
	uint32_t pid = sp->person;
	uint64_t py = person_year(pid, sr->year);
	int32_t entry = date_to_days(&sp->entry);
	int32_t leave = sp->exit_code ? date_to_days(&sp->exit) : 0;
	int p, el_exits = 0;

	for (p = 0; p < NPROGRAMS; p++) {
		int32_t begin = entry, end = leave;
		char begin_s[11], end_s[11];
		struct rec_program r;
		enum error_kind e;
		int in;

		switch (p) {
		case EL:
			in = english_learner(sr, pid, sp->grade, &el_exits);
			/* Reclassified fluent in the spring. */
			if (in && el_exits) {
				int32_t d = day_of(sr->year, 4, 20) +
					    (int32_t)(hash(sr, T_EL_EXIT, pid, 1) % 40);

				if (!end || d < end)
					end = d > begin ? d : begin;
			}
			break;
		case ECODIS:
			/* Most stay economically disadvantaged or not; a few change each year. */
			in = (chance(sr, T_ECODIS, pid, 0) < 280000) !=
			     (chance(sr, T_ECODIS_YEAR, py, 0) < 60000);
			break;
		case HOMELESS:
			in = chance(sr, T_HOMELESS, py, 0) < 20000;
			begin += (int32_t)(hash(sr, T_HOMELESS, py, 1) % 120);
			if (end && begin > end)
				begin = end;
			break;
		case MIGRANT:
			in = chance(sr, T_MIGRANT, pid, 0) < 5000;
			break;
		default:
			in = chance(sr, T_FOSTER, pid, 0) < 3000;
			break;
		}
		if (!in)
			continue;
		format_day(begin, begin_s);
		end_s[0] = '\0';
		if (end)
			format_day(end, end_s);
		r = (struct rec_program){ sr->lea->id, sp->local_id, codes[p], begin_s, end_s,
					  sr->year_s };
		e = sp->rejected ? ERR_NONE
		    : pick_error(sr->opts.errors, pid, sr->year, sr->lea->index, ERRS_PROGRAM,
				 (unsigned)p);
		if (e == ERR_PRG_DATE) {
			/* A day that does not exist. */
			snprintf(begin_s, sizeof(begin_s), "%04d-02-30", sr->year);
			row_error(sr, RF_PROGRAM, "begin_date", 2, e);
		}
		sr->opts.emitter->program(out_buf(sr, RF_PROGRAM), &r);
		row_done(sr, RF_PROGRAM, sp);
	}
}

int synth_records_student(struct synth_records *sr, const struct synth_spell *sp,
			  struct slds_error *err)
{
	write_attendance(sr, sp);
	write_course_grades(sr, sp);
	/* The online provider reports attendance and grades; the home LEA the rest. */
	if (!sp->online) {
		write_assessments(sr, sp);
		write_special_ed(sr, sp);
		write_programs(sr, sp);
	}
	return flush_all(sr, err);
}

int synth_records_lea_commit(struct synth_records *sr, struct slds_error *err)
{
	int rf, rc = 0;

	for (rf = 0; rf < nslots(sr) && !rc; rf++) {
		if (sr->opts.edfi && !synth_records_edfi_written(sr, (size_t)rf)) {
			/* An interchange needs an entity: an empty one is not written. */
			out_abort(&sr->out[rf]);
			continue;
		}
		if (sr->opts.edfi)
			edfi_end(&sr->out[rf].b, edfi_files[rf].root);
		rc = out_commit(&sr->out[rf], err);
	}
	if (!rc)
		synth_records_lea_abort(sr);
	return rc;
}

void synth_records_lea_abort(struct synth_records *sr)
{
	int rf;

	for (rf = 0; rf < RF_COUNT; rf++)
		out_abort(&sr->out[rf]);
	if (sr->plan) {
		free(sr->plan->schools);
		free(sr->plan->seats);
		free(sr->plan->sections);
		free(sr->plan->filled);
		free(sr->plan);
	}
	sr->plan = NULL;
	sr->lea = NULL;
}
