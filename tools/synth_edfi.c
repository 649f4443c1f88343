/*
 * synth_edfi.c: Ed-Fi Data Standard 5.2 bulk XML for the generated state.
 */
#include <string.h>

#include "synth_edfi.h"
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
	return "Other";
}

static const char *sex_descriptor(const char *code)
{
	return !strcmp(code, "F") ? "Female" : !strcmp(code, "M") ? "Male" : "Not Selected";
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
	buf_adds(b, "\t<Student>");
	element(b, "StudentUniqueId", s->unique_id);
	buf_adds(b, "<Name>");
	element(b, "FirstName", s->first);
	optional(b, "MiddleName", s->middle);
	element(b, "LastSurname", s->last);
	optional(b, "GenerationCodeSuffix", s->suffix);
	buf_adds(b, "</Name><BirthData>");
	element(b, "BirthDate", s->birth_date);
	buf_addf(b, "<BirthSex>uri://ed-fi.org/SexDescriptor#%s</BirthSex>", sex_descriptor(s->sex));
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
	buf_addf(b, "<Sex>uri://ed-fi.org/SexDescriptor#%s</Sex>", sex_descriptor(s->sex));
	buf_addf(b, "<HispanicLatinoEthnicity>%s</HispanicLatinoEthnicity>",
		 !strcmp(s->race, "HI7") ? "true" : "false");
	/* Two or more races: two Race elements. */
	if (!strcmp(s->race, "MU7"))
		buf_adds(b, "<Race>uri://ed-fi.org/RaceDescriptor#White</Race>"
			 "<Race>uri://ed-fi.org/RaceDescriptor#Black or African American</Race>");
	for (i = 0; i < sizeof(races) / sizeof(races[0]); i++)
		if (!strcmp(races[i][0], s->race))
			buf_addf(b, "<Race>uri://ed-fi.org/RaceDescriptor#%s</Race>", races[i][1]);
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
