/*
 * synth_edfi.c: Ed-Fi Data Standard 5.2 bulk XML for the generated state.
 */
#include <string.h>

#include "synth_edfi.h"
#include "synth_place.h"
#include "banned.h"

static void text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		default: buf_addch(b, *s); break;
		}
	}
}

/* The leading digits of a school year "2026" (never negative, never a parse error). */
static int atoi_year(const char *s)
{
	int y = 0;

	for (; *s >= '0' && *s <= '9'; s++)
		y = y * 10 + (*s - '0');
	return y;
}

static void element(struct buf *b, const char *name, const char *value)
{
	buf_addf(b, "<%s>", name);
	text(b, value);
	buf_addf(b, "</%s>", name);
}

static void optional(struct buf *b, const char *name, const char *value)
{
	if (value && *value)
		element(b, name, value);
}

/* The Ed-Fi name of a grade level; an injected invalid grade keeps its code. */
static const char *grade_descriptor(const char *code)
{
	static const char *const names[][2] = {
		{ "PK", "Prekindergarten" }, { "KG", "Kindergarten" }, { "01", "First grade" },
		{ "02", "Second grade" }, { "03", "Third grade" }, { "04", "Fourth grade" },
		{ "05", "Fifth grade" }, { "06", "Sixth grade" }, { "07", "Seventh grade" },
		{ "08", "Eighth grade" }, { "09", "Ninth grade" }, { "10", "Tenth grade" },
		{ "11", "Eleventh grade" }, { "12", "Twelfth grade" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i][0], code))
			return names[i][1];
	return code;
}

/* The Ed-Fi name of a sex; an injected invalid code keeps its code. */
static const char *sex_descriptor(const char *code)
{
	return !strcmp(code, "F") ? "Female" : !strcmp(code, "M") ? "Male"
	       : !strcmp(code, "X") ? "Not Selected" : code;
}

void edfi_begin(struct buf *b, const char *interchange)
{
	buf_addf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		 "<%s xmlns=\"" EDFI_NAMESPACE "\">\n", interchange);
}

void edfi_end(struct buf *b, const char *interchange)
{
	buf_addf(b, "</%s>\n", interchange);
}

static void student_reference(struct buf *b, const char *unique_id)
{
	buf_adds(b, "<StudentReference><StudentIdentity>");
	element(b, "StudentUniqueId", unique_id);
	buf_adds(b, "</StudentIdentity></StudentReference>");
}

void edfi_student(struct buf *b, const struct edfi_student *s)
{
	/* A required field left empty by an injected error is left out. */
	buf_adds(b, "\t<Student>");
	element(b, "StudentUniqueId", s->unique_id);
	buf_adds(b, "<Name>");
	optional(b, "FirstName", s->first);
	optional(b, "MiddleName", s->middle);
	optional(b, "LastSurname", s->last);
	optional(b, "GenerationCodeSuffix", s->suffix);
	buf_adds(b, "</Name><BirthData>");
	optional(b, "BirthDate", s->birth_date);
	if (*s->birth_state)
		buf_addf(b, "<BirthStateAbbreviation>uri://ed-fi.org/StateAbbreviationDescriptor#%s"
			 "</BirthStateAbbreviation>", s->birth_state);
	if (*s->birth_country)
		buf_addf(b, "<BirthCountry>uri://ed-fi.org/CountryDescriptor#%s</BirthCountry>",
			 s->birth_country);
	/* The birth sex is the true one: an invalid code goes to the association only. */
	if (*s->sex)
		buf_addf(b, "<BirthSex>uri://ed-fi.org/SexDescriptor#%s</BirthSex>",
			 sex_descriptor(strchr("FMX", *s->sex) ? s->sex : "X"));
	buf_adds(b, "</BirthData></Student>\n");
}

void edfi_student_lea(struct buf *b, const struct edfi_student *s)
{
	static const char *const races[][2] = {
		{ "AM7", "American Indian or Alaska Native" }, { "AS7", "Asian" },
		{ "BL7", "Black or African American" },
		{ "PI7", "Native Hawaiian or Pacific Islander" }, { "WH7", "White" },
	};
	size_t i;

	buf_adds(b, "\t<StudentEducationOrganizationAssociation>");
	student_reference(b, s->unique_id);
	buf_adds(b, "<EducationOrganizationReference><EducationOrganizationIdentity>");
	element(b, "EducationOrganizationId", s->lea_id);
	buf_adds(b, "</EducationOrganizationIdentity></EducationOrganizationReference>");
	if (*s->claimed_ssid) {
		buf_adds(b, "<StudentIdentificationCode>");
		element(b, "IdentificationCode", s->claimed_ssid);
		buf_adds(b, "<StudentIdentificationSystem>uri://ed-fi.org/StudentIdentificationSystemDescriptor#State</StudentIdentificationSystem>"
			 "<AssigningOrganizationIdentificationCode>STATE</AssigningOrganizationIdentificationCode>"
			 "</StudentIdentificationCode>");
	}
	if (*s->sex)
		buf_addf(b, "<Sex>uri://ed-fi.org/SexDescriptor#%s</Sex>", sex_descriptor(s->sex));
	/* Ed-Fi requires a street, city and state with the ZIP; slds takes only the ZIP. */
	if (*s->zip) {
		buf_adds(b, "<Address><StreetNumberName>100 Main Street</StreetNumberName>");
		element(b, "City", s->city);
		buf_addf(b, "<StateAbbreviation>uri://ed-fi.org/StateAbbreviationDescriptor#%s"
			 "</StateAbbreviation>", PLACE_HOME_STATE);
		element(b, "PostalCode", s->zip);
		buf_adds(b, "<AddressType>uri://ed-fi.org/AddressTypeDescriptor#Home</AddressType>"
			 "</Address>");
	}
	buf_addf(b, "<HispanicLatinoEthnicity>%s</HispanicLatinoEthnicity>",
		 !strcmp(s->race, "HI7") ? "true" : "false");
	/* Two or more races: two Race elements. */
	if (!strcmp(s->race, "MU7"))
		buf_adds(b, "<Race>uri://ed-fi.org/RaceDescriptor#White</Race>"
			 "<Race>uri://ed-fi.org/RaceDescriptor#Black or African American</Race>");
	for (i = 0; i < sizeof(races) / sizeof(races[0]); i++)
		if (!strcmp(races[i][0], s->race))
			break;
	if (i < sizeof(races) / sizeof(races[0]))
		buf_addf(b, "<Race>uri://ed-fi.org/RaceDescriptor#%s</Race>", races[i][1]);
	else if (strcmp(s->race, "HI7") && strcmp(s->race, "MU7"))
		/* An injected invalid code, as the LEA sent it. */
		buf_addf(b, "<Race>uri://ed-fi.org/RaceDescriptor#%s</Race>", s->race);
	buf_adds(b, "</StudentEducationOrganizationAssociation>\n");
}

void edfi_enrollment(struct buf *b, const struct edfi_enrollment *e)
{
	buf_adds(b, "\t<StudentSchoolAssociation>");
	student_reference(b, e->unique_id);
	buf_adds(b, "<SchoolReference><SchoolIdentity>");
	element(b, "SchoolId", e->school_id);
	buf_adds(b, "</SchoolIdentity></SchoolReference>");
	buf_addf(b, "<SchoolYear>%d-%d</SchoolYear>", e->school_year - 1, e->school_year);
	element(b, "EntryDate", e->entry_date);
	buf_addf(b, "<EntryGradeLevel>uri://ed-fi.org/GradeLevelDescriptor#%s</EntryGradeLevel>",
		 grade_descriptor(e->grade));
	buf_addf(b, "<EntryType>" EDFI_STATE_DESCRIPTORS "/EntryTypeDescriptor#%s</EntryType>",
		 e->entry_code);
	if (*e->exit_date) {
		element(b, "ExitWithdrawDate", e->exit_date);
		buf_addf(b, "<ExitWithdrawType>" EDFI_STATE_DESCRIPTORS
			 "/ExitWithdrawTypeDescriptor#%s</ExitWithdrawType>", e->exit_code);
	}
	element(b, "FullTimeEquivalency", e->fte);
	buf_adds(b, "</StudentSchoolAssociation>\n");
}

/* --- The other interchanges --------------------------------------------------- */

#define STATE_NS EDFI_STATE_DESCRIPTORS

/* A descriptor of the state's namespace: uri://slds.state.example/KindDescriptor#CODE. */
static void state_descriptor(struct buf *b, const char *tag, const char *kind,
			     const char *code)
{
	buf_addf(b, "<%s>" STATE_NS "/%sDescriptor#", tag, kind);
	text(b, code);
	buf_addf(b, "</%s>", tag);
}

static void edorg_reference(struct buf *b, const char *tag, const char *id)
{
	buf_addf(b, "<%s><EducationOrganizationIdentity>", tag);
	element(b, "EducationOrganizationId", id);
	buf_addf(b, "</EducationOrganizationIdentity></%s>", tag);
}

static void school_reference(struct buf *b, const char *tag, const char *id)
{
	buf_addf(b, "<%s><SchoolIdentity>", tag);
	element(b, "SchoolId", id);
	buf_addf(b, "</SchoolIdentity></%s>", tag);
}

static void staff_reference(struct buf *b, const char *id)
{
	buf_adds(b, "<StaffReference><StaffIdentity>");
	element(b, "StaffUniqueId", id);
	buf_adds(b, "</StaffIdentity></StaffReference>");
}

/* "2026" as the Ed-Fi school year "2025-2026". */
static void school_year(struct buf *b, const char *tag, const char *year)
{
	int y = atoi_year(year);

	buf_addf(b, "<%s>%d-%d</%s>", tag, y - 1, y, tag);
}

static const char *term_name(const char *term)
{
	return !strcmp(term, "S1") ? "Fall Semester" : !strcmp(term, "S2") ? "Spring Semester"
		: "Year Round";
}

static void session_identity(struct buf *b, const char *school_id, const char *term,
			     const char *year)
{
	int y = atoi_year(year);

	buf_addf(b, "<SessionReference><SessionIdentity><SessionName>%d-%d %s</SessionName>",
		 y - 1, y, term_name(term));
	school_year(b, "SchoolYear", year);
	school_reference(b, "SchoolReference", school_id);
	buf_adds(b, "</SessionIdentity></SessionReference>");
}

static void offering_identity(struct buf *b, const struct rec_section *r)
{
	buf_adds(b, "<CourseOfferingReference><CourseOfferingIdentity>");
	element(b, "LocalCourseCode", r->course_code);
	school_reference(b, "SchoolReference", r->school_id);
	session_identity(b, r->school_id, r->term, r->school_year);
	buf_adds(b, "</CourseOfferingIdentity></CourseOfferingReference>");
}

static void section_reference(struct buf *b, const struct rec_section *r)
{
	buf_adds(b, "<SectionReference><SectionIdentity>");
	element(b, "SectionIdentifier", r->section_id);
	offering_identity(b, r);
	buf_adds(b, "</SectionIdentity></SectionReference>");
}

static void ef_begin(struct buf *b, const struct record_def *rec)
{
	(void)b;
	(void)rec;
}

static void ef_lea(struct buf *b, const struct rec_lea *r)
{
	buf_adds(b, "\t<LocalEducationAgency>");
	if (*r->nces_id) {
		buf_adds(b, "<EducationOrganizationIdentificationCode>");
		element(b, "IdentificationCode", r->nces_id);
		buf_adds(b, "<EducationOrganizationIdentificationSystem>uri://ed-fi.org/EducationOrganizationIdentificationSystemDescriptor#NCES</EducationOrganizationIdentificationSystem>"
			 "</EducationOrganizationIdentificationCode>");
	}
	element(b, "NameOfInstitution", r->lea_name);
	buf_adds(b, "<EducationOrganizationCategory>uri://ed-fi.org/EducationOrganizationCategoryDescriptor#Local Education Agency</EducationOrganizationCategory>");
	element(b, "LocalEducationAgencyId", r->lea_id);
	state_descriptor(b, "LocalEducationAgencyCategory", "LocalEducationAgencyCategory",
			 r->lea_type);
	buf_adds(b, "</LocalEducationAgency>\n");
}

static void ef_school(struct buf *b, const struct rec_school *r)
{
	static const char *const categories[][2] = {
		{ "EL", "Elementary School" }, { "MS", "Middle School" },
		{ "HS", "High School" }, { "OT", "All Levels" },
	};
	static const char *const grades[] = {
		"KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"
	};
	size_t i;
	int on = 0;

	buf_adds(b, "\t<School>");
	element(b, "NameOfInstitution", r->school_name);
	buf_adds(b, "<EducationOrganizationCategory>uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School</EducationOrganizationCategory>");
	element(b, "SchoolId", r->school_id);
	for (i = 0; i < sizeof(grades) / sizeof(grades[0]); i++) {
		if (!strcmp(grades[i], r->low_grade))
			on = 1;
		if (on)
			buf_addf(b, "<GradeLevel>uri://ed-fi.org/GradeLevelDescriptor#%s</GradeLevel>",
				 grade_descriptor(grades[i]));
		if (!strcmp(grades[i], r->high_grade))
			on = 0;
	}
	for (i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
		if (!strcmp(categories[i][0], r->school_level))
			buf_addf(b, "<SchoolCategory>uri://ed-fi.org/SchoolCategoryDescriptor#%s</SchoolCategory>",
				 categories[i][1]);
	buf_addf(b, "<CharterStatus>uri://ed-fi.org/CharterStatusDescriptor#%s</CharterStatus>",
		 !strcmp(r->charter, "Y") ? "School Charter" : "Not a Charter School");
	buf_adds(b, "<LocalEducationAgencyReference><LocalEducationAgencyIdentity>");
	element(b, "LocalEducationAgencyId", r->lea_id);
	buf_adds(b, "</LocalEducationAgencyIdentity></LocalEducationAgencyReference>");
	buf_adds(b, "</School>\n");
}

static void ef_staff(struct buf *b, const struct rec_staff *r)
{
	size_t i;

	buf_adds(b, "\t<Staff>");
	element(b, "StaffUniqueId", r->staff_id);
	if (*r->educator_id) {
		buf_adds(b, "<StaffIdentificationCode>");
		element(b, "IdentificationCode", r->educator_id);
		buf_adds(b, "<StaffIdentificationSystem>uri://ed-fi.org/StaffIdentificationSystemDescriptor#State</StaffIdentificationSystem></StaffIdentificationCode>");
	}
	buf_adds(b, "<Name>");
	element(b, "FirstName", r->first_name);
	element(b, "LastSurname", r->last_name);
	buf_adds(b, "</Name>");
	buf_addf(b, "<Sex>uri://ed-fi.org/SexDescriptor#%s</Sex>", sex_descriptor(r->sex));
	for (i = 0; i < r->ncredentials; i++) {
		buf_adds(b, "<CredentialReference><CredentialIdentity>");
		element(b, "CredentialIdentifier", r->credential_ids[i]);
		buf_adds(b, "<StateOfIssueStateAbbreviation>uri://ed-fi.org/StateAbbreviationDescriptor#UT</StateOfIssueStateAbbreviation>"
			 "</CredentialIdentity></CredentialReference>");
	}
	buf_adds(b, "</Staff>\n");
	/* The main assignment, and the school the member works at. */
	buf_adds(b, "\t<StaffEducationOrganizationAssignmentAssociation>");
	staff_reference(b, r->staff_id);
	edorg_reference(b, "EducationOrganizationReference", r->school_id);
	state_descriptor(b, "StaffClassification", "StaffClassification", r->position);
	buf_addf(b, "<BeginDate>%d-07-01</BeginDate>", atoi_year(r->school_year) - 1);
	element(b, "FullTimeEquivalency", r->fte);
	buf_adds(b, "</StaffEducationOrganizationAssignmentAssociation>\n");
	buf_adds(b, "\t<StaffSchoolAssociation>");
	staff_reference(b, r->staff_id);
	school_reference(b, "SchoolReference", r->school_id);
	buf_adds(b, "<ProgramAssignment>uri://ed-fi.org/ProgramAssignmentDescriptor#Regular Education</ProgramAssignment>");
	buf_adds(b, "</StaffSchoolAssociation>\n");
}

static void ef_credential(struct buf *b, const struct rec_credential *r)
{
	buf_adds(b, "\t<Credential>");
	optional(b, "ExpirationDate", r->expiry_date);
	if (*r->endorsement)
		state_descriptor(b, "CredentialField", "CredentialField", r->endorsement);
	element(b, "CredentialIdentifier", r->credential_id);
	element(b, "IssuanceDate", r->issue_date);
	buf_adds(b, "<CredentialType>uri://ed-fi.org/CredentialTypeDescriptor#Certification</CredentialType>"
		 "<StateOfIssueStateAbbreviation>uri://ed-fi.org/StateAbbreviationDescriptor#UT</StateOfIssueStateAbbreviation>");
	state_descriptor(b, "TeachingCredential", "TeachingCredential", r->license_type);
	buf_adds(b, "<Namespace>" STATE_NS "</Namespace></Credential>\n");
}

static void ef_course(struct buf *b, const struct rec_course *r)
{
	buf_adds(b, "\t<Course>");
	element(b, "CourseCode", r->course_code);
	element(b, "CourseTitle", r->course_title);
	buf_adds(b, "<NumberOfParts>1</NumberOfParts><CourseIdentificationCode>");
	element(b, "IdentificationCode", r->course_code);
	buf_adds(b, "<CourseIdentificationSystem>uri://ed-fi.org/CourseIdentificationSystemDescriptor#State course code</CourseIdentificationSystem></CourseIdentificationCode>");
	state_descriptor(b, "AcademicSubject", "AcademicSubject", r->subject);
	if (*r->credits) {
		buf_adds(b, "<MaximumAvailableCredits>");
		element(b, "Credits", r->credits);
		buf_adds(b, "</MaximumAvailableCredits>");
	}
	edorg_reference(b, "EducationOrganizationReference", r->lea_id);
	buf_adds(b, "</Course>\n");
}

static void ef_offering(struct buf *b, const struct rec_section *r)
{
	buf_adds(b, "\t<CourseOffering>");
	element(b, "LocalCourseCode", r->course_code);
	school_reference(b, "SchoolReference", r->school_id);
	session_identity(b, r->school_id, r->term, r->school_year);
	buf_adds(b, "<CourseReference><CourseIdentity>");
	element(b, "CourseCode", r->course_code);
	edorg_reference(b, "EducationOrganizationReference", r->lea_id);
	buf_adds(b, "</CourseIdentity></CourseReference></CourseOffering>\n");
}

static void ef_section(struct buf *b, const struct rec_section *r)
{
	buf_adds(b, "\t<Section>");
	element(b, "SectionIdentifier", r->section_id);
	offering_identity(b, r);
	buf_adds(b, "</Section>\n");
}

static void ef_teacher(struct buf *b, const struct rec_section *r)
{
	buf_adds(b, "\t<StaffSectionAssociation>");
	staff_reference(b, r->staff_id);
	section_reference(b, r);
	buf_adds(b, "<ClassroomPosition>uri://ed-fi.org/ClassroomPositionDescriptor#Teacher of Record</ClassroomPosition>");
	element(b, "BeginDate", r->begin_date);
	buf_adds(b, "</StaffSectionAssociation>\n");
}

static void ef_session(struct buf *b, const struct rec_session *r)
{
	int y = atoi_year(r->school_year);

	buf_addf(b, "\t<Session><SessionName>%d-%d %s</SessionName>", y - 1, y,
		 term_name(r->term));
	school_year(b, "SchoolYear", r->school_year);
	element(b, "BeginDate", r->begin_date);
	element(b, "EndDate", r->end_date);
	buf_addf(b, "<Term>uri://ed-fi.org/TermDescriptor#%s</Term>", term_name(r->term));
	element(b, "TotalInstructionalDays", r->days);
	school_reference(b, "SchoolReference", r->school_id);
	buf_adds(b, "</Session>\n");
}

static void ef_test(struct buf *b, const struct rec_test *r)
{
	buf_adds(b, "\t<Assessment>");
	element(b, "AssessmentIdentifier", r->test_code);
	element(b, "AssessmentTitle", r->test_code);
	state_descriptor(b, "AcademicSubject", "AcademicSubject", r->subject);
	buf_addf(b, "<AssessedGradeLevel>uri://ed-fi.org/GradeLevelDescriptor#%s</AssessedGradeLevel>",
		 grade_descriptor(r->grade_level));
	buf_adds(b, "<Namespace>" STATE_NS "/Assessment</Namespace></Assessment>\n");
}

static void ef_attendance(struct buf *b, const struct rec_attendance *r)
{
	/* Attendance is written as events (attendance_event). */
	(void)b;
	(void)r;
}

static void ef_attendance_event(struct buf *b, const struct rec_attendance_event *r)
{
	static const char *const names[][2] = {
		{ "excused", "Excused Absence" },
		{ "unexcused", "Unexcused Absence" }, { "tardy", "Tardy" },
	};
	size_t i;

	buf_adds(b, "\t<StudentSchoolAttendanceEvent><AttendanceEvent>");
	element(b, "EventDate", r->date);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i][0], r->category))
			buf_addf(b, "<AttendanceEventCategory>uri://ed-fi.org/AttendanceEventCategoryDescriptor#%s</AttendanceEventCategory>",
				 names[i][1]);
	if (r->duration)
		element(b, "EventDuration", r->duration);
	else if (r->half)
		buf_adds(b, "<EventDuration>0.5</EventDuration>");
	buf_adds(b, "</AttendanceEvent>");
	student_reference(b, r->local_id);
	school_reference(b, "SchoolReference", r->school_id);
	session_identity(b, r->school_id, r->term, r->school_year);
	buf_adds(b, "</StudentSchoolAttendanceEvent>\n");
}

/* A school's calendar of the year, or one of its instructional days. */
static void ef_calendar_day(struct buf *b, const struct rec_calendar_day *r)
{
	if (!r->date) {
		buf_adds(b, "\t<Calendar>");
		element(b, "CalendarCode", r->school_id);
		buf_adds(b, "<CalendarType>uri://ed-fi.org/CalendarTypeDescriptor#School</CalendarType>");
		school_reference(b, "SchoolReference", r->school_id);
		school_year(b, "SchoolYear", r->school_year);
		buf_adds(b, "</Calendar>\n");
		return;
	}
	buf_adds(b, "\t<CalendarDate>");
	element(b, "Date", r->date);
	buf_adds(b, "<CalendarEvent>uri://ed-fi.org/CalendarEventDescriptor#Instructional day</CalendarEvent>"
		 "<CalendarReference><CalendarIdentity>");
	element(b, "CalendarCode", r->school_id);
	school_reference(b, "SchoolReference", r->school_id);
	school_year(b, "SchoolYear", r->school_year);
	buf_adds(b, "</CalendarIdentity></CalendarReference></CalendarDate>\n");
}

static void ef_course_grade(struct buf *b, const struct rec_course_grade *r)
{
	const char *result = !strcmp(r->mark, "W") ? "Withdrawn" : !strcmp(r->mark, "I") ? "Incomplete"
			     : !strcmp(r->mark, "F") || !strcmp(r->mark, "NP") ? "Fail" : "Pass";
	struct rec_section s = { r->lea_id, r->school_id, r->section_id, r->course_code, r->term,
				 "", r->school_year, "" };

	buf_addf(b, "\t<CourseTranscript><CourseAttemptResult>uri://ed-fi.org/CourseAttemptResultDescriptor#%s</CourseAttemptResult>",
		 result);
	buf_adds(b, "<AttemptedCredits>");
	element(b, "Credits", r->credits_attempted);
	buf_adds(b, "</AttemptedCredits><EarnedCredits>");
	element(b, "Credits", r->credits_earned);
	buf_adds(b, "</EarnedCredits>");
	element(b, "FinalLetterGradeEarned", r->mark);
	buf_adds(b, "<CourseReference><CourseIdentity>");
	element(b, "CourseCode", r->course_code);
	edorg_reference(b, "EducationOrganizationReference", r->lea_id);
	buf_adds(b, "</CourseIdentity></CourseReference>");
	buf_adds(b, "<StudentAcademicRecordReference><StudentAcademicRecordIdentity>");
	student_reference(b, r->local_id);
	edorg_reference(b, "EducationOrganizationReference", r->school_id);
	school_year(b, "SchoolYear", r->school_year);
	buf_addf(b, "<Term>uri://ed-fi.org/TermDescriptor#%s</Term>", term_name(r->term));
	buf_adds(b, "</StudentAcademicRecordIdentity></StudentAcademicRecordReference>");
	if (*r->section_id)
		section_reference(b, &s);
	buf_adds(b, "</CourseTranscript>\n");
}

static void score_result(struct buf *b, const char *result, const char *method)
{
	buf_adds(b, "<ScoreResult>");
	element(b, "Result", result);
	buf_addf(b, "<ResultDatatypeType>uri://ed-fi.org/ResultDatatypeTypeDescriptor#Integer</ResultDatatypeType>"
		 "<AssessmentReportingMethod>%s</AssessmentReportingMethod></ScoreResult>", method);
}

static void ef_assessment(struct buf *b, const struct rec_assessment *r)
{
	buf_adds(b, "\t<StudentAssessment><StudentAssessmentIdentifier>");
	text(b, r->test_code);
	buf_addch(b, '-');
	text(b, r->local_id);
	buf_adds(b, "</StudentAssessmentIdentifier>");
	if (*r->test_date)
		buf_addf(b, "<AdministrationDate>%sT09:00:00</AdministrationDate>", r->test_date);
	score_result(b, r->scale_score, "uri://ed-fi.org/AssessmentReportingMethodDescriptor#Scale score");
	if (*r->growth_percentile)
		score_result(b, r->growth_percentile,
			     STATE_NS "/AssessmentReportingMethodDescriptor#Growth percentile");
	buf_addf(b, "<WhenAssessedGradeLevel>uri://ed-fi.org/GradeLevelDescriptor#%s</WhenAssessedGradeLevel>",
		 grade_descriptor(r->grade_level));
	if (*r->proficiency_level) {
		buf_adds(b, "<PerformanceLevel>");
		state_descriptor(b, "PerformanceLevel", "PerformanceLevel", r->proficiency_level);
		buf_adds(b, "<AssessmentReportingMethod>uri://ed-fi.org/AssessmentReportingMethodDescriptor#Scale score</AssessmentReportingMethod></PerformanceLevel>");
	}
	student_reference(b, r->local_id);
	buf_adds(b, "<AssessmentReference><AssessmentIdentity>");
	element(b, "AssessmentIdentifier", r->test_code);
	buf_adds(b, "<Namespace>" STATE_NS "/Assessment</Namespace></AssessmentIdentity></AssessmentReference>");
	school_year(b, "SchoolYear", r->school_year);
	if (*r->school_id)
		school_reference(b, "ReportedSchoolReference", r->school_id);
	buf_adds(b, "</StudentAssessment>\n");
}

static void program_reference(struct buf *b, const char *lea_id, const char *name,
			      const char *type)
{
	buf_adds(b, "<ProgramReference><ProgramIdentity>");
	edorg_reference(b, "EducationOrganizationReference", lea_id);
	element(b, "ProgramName", name);
	buf_addf(b, "<ProgramType>%s</ProgramType></ProgramIdentity></ProgramReference>", type);
}

static void ef_special_ed(struct buf *b, const struct rec_special_ed *r)
{
	buf_adds(b, "\t<StudentSpecialEducationProgramAssociation>");
	student_reference(b, r->local_id);
	program_reference(b, r->lea_id, "Special Education",
			  "uri://ed-fi.org/ProgramTypeDescriptor#Special Education");
	element(b, "BeginDate", r->iep_start_date);
	optional(b, "EndDate", r->exit_date);
	edorg_reference(b, "EducationOrganizationReference", r->lea_id);
	state_descriptor(b, "SpecialEducationSetting", "SpecialEducationSetting", r->setting);
	element(b, "IEPBeginDate", r->iep_start_date);
	optional(b, "IEPEndDate", r->iep_end_date);
	buf_adds(b, "<Disability>");
	state_descriptor(b, "Disability", "Disability", r->disability);
	buf_adds(b, "</Disability>");
	optional(b, "SpecialEducationExitDate", r->exit_date);
	if (*r->exit_reason)
		state_descriptor(b, "SpecialEducationExitReason", "SpecialEducationExitReason",
				 r->exit_reason);
	buf_adds(b, "</StudentSpecialEducationProgramAssociation>\n");
}

static void ef_program(struct buf *b, const struct rec_program *r)
{
	buf_adds(b, "\t<StudentProgramAssociation>");
	student_reference(b, r->local_id);
	buf_adds(b, "<ProgramReference><ProgramIdentity>");
	edorg_reference(b, "EducationOrganizationReference", r->lea_id);
	element(b, "ProgramName", r->program);
	state_descriptor(b, "ProgramType", "ProgramType", r->program);
	buf_adds(b, "</ProgramIdentity></ProgramReference>");
	element(b, "BeginDate", r->begin_date);
	optional(b, "EndDate", r->end_date);
	edorg_reference(b, "EducationOrganizationReference", r->lea_id);
	buf_adds(b, "</StudentProgramAssociation>\n");
}

const struct record_emitter edfi_emitter = {
	ef_begin, ef_lea, ef_school, ef_staff, ef_credential, ef_course, ef_section,
	ef_attendance, ef_course_grade, ef_assessment, ef_special_ed, ef_program,
	ef_session, ef_offering, ef_teacher, ef_test, ef_attendance_event, ef_calendar_day,
};
