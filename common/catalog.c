/*
 * catalog.c: the record catalog and its code sets.
 *
 * This is the one place record types and fields are defined.  Ingest finds CSV
 * columns through csv_names, validation checks types, lengths and code sets,
 * load names warehouse columns, and docs/submission-spec.md is generated from
 * it.  Codes follow the Common Education Data Standards where CEDS has an
 * option set (sex, race: the EDFacts seven-category codes).
 */
#include <stddef.h>
#include <string.h>

#include "catalog.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

const char *const catalog_provenance[CATALOG_NPROVENANCE] = {
	"_submission", "_file", "_line"
};

static const struct code_value sex_codes[] = {
	{ "F", "Female" },
	{ "M", "Male" },
	{ "X", "Not selected / nonbinary" },
};

static const struct code_value race_codes[] = {
	{ "AM7", "American Indian or Alaska Native" },
	{ "AS7", "Asian" },
	{ "BL7", "Black or African American" },
	{ "HI7", "Hispanic/Latino" },
	{ "MU7", "Two or more races" },
	{ "PI7", "Native Hawaiian or Other Pacific Islander" },
	{ "WH7", "White" },
};

static const struct code_value grade_codes[] = {
	{ "PK", "Prekindergarten" },
	{ "KG", "Kindergarten" },
	{ "01", "First grade" },
	{ "02", "Second grade" },
	{ "03", "Third grade" },
	{ "04", "Fourth grade" },
	{ "05", "Fifth grade" },
	{ "06", "Sixth grade" },
	{ "07", "Seventh grade" },
	{ "08", "Eighth grade" },
	{ "09", "Ninth grade" },
	{ "10", "Tenth grade" },
	{ "11", "Eleventh grade" },
	{ "12", "Twelfth grade" },
};

static const struct code_value entry_codes[] = {
	{ "E0", "Continuing from the previous school year in the same LEA" },
	{ "E1", "First entry into a school in the United States" },
	{ "E2", "Transfer from a school in the same LEA" },
	{ "E3", "Transfer from another LEA in the state" },
	{ "E4", "Transfer from another state or country" },
	{ "E5", "Transfer from a private school or home schooling" },
	{ "E6", "Concurrent part-time enrollment alongside a primary enrollment in another LEA" },
	{ "R1", "Re-entry after a withdrawal" },
};

static const struct code_value exit_codes[] = {
	{ "C1", "End of school year, continuing" },
	{ "D1", "Dropped out" },
	{ "D2", "Deceased" },
	{ "G1", "Graduated with a regular diploma" },
	{ "G2", "Completed with another credential" },
	{ "W1", "Transfer to a school in the same LEA" },
	{ "W2", "Transfer to another LEA in the state" },
	{ "W3", "Transfer to another state or country" },
	{ "W4", "Transfer to a private school or home schooling" },
};

static const struct codeset_def codesets[] = {
	{ "entry_code", entry_codes, N(entry_codes) },
	{ "exit_code", exit_codes, N(exit_codes) },
	{ "grade_level", grade_codes, N(grade_codes) },
	{ "race_ethnicity", race_codes, N(race_codes) },
	{ "sex", sex_codes, N(sex_codes) },
};

/*
 * Field initialisers, so the tables below stay readable: name, type, flags,
 * max_len, then the rest by designator.
 */
#define LEA_ID_FIELD \
	{ .name = "lea_id", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_KEY, \
	  .max_len = 16, .csv_names = "LEA ID|LEA|LEA Number|District ID|LEA Code", \
	  .edfi_path = "EducationOrganizationReference/EducationOrganizationId", \
	  .column = "lea_id", .description = "State identifier of the LEA that submits the record.", \
	  .example = "0101" }

#define LOCAL_ID_FIELD \
	{ .name = "local_id", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_KEY, \
	  .max_len = 32, \
	  .csv_names = "Local Student ID|Student ID|Local ID|Student Local ID|StudentUniqueId", \
	  .edfi_path = "StudentReference/StudentUniqueId", .column = "local_student_id", \
	  .description = "The LEA's own identifier of the student.", .example = "S004211" }

#define SCHOOL_YEAR_FIELD \
	{ .name = "school_year", .type = FIELD_INT, .flags = FIELD_REQUIRED, .max_len = 9, \
	  .min = 1990, .max = 2200, .csv_names = "School Year|SchoolYear|Year", \
	  .edfi_path = "SchoolYear", .column = "school_year", \
	  .description = "The calendar year in which the school year ends (2027 for 2026-27).", \
	  .example = "2027" }

static const struct field_def student_fields[] = {
	LEA_ID_FIELD,
	LOCAL_ID_FIELD,
	{ .name = "ssid", .type = FIELD_SSID, .max_len = 10,
	  .csv_names = "SSID|State Student ID|State ID|Statewide Student ID",
	  .edfi_path = "StudentIdentificationCode/IdentificationCode", .column = "claimed_ssid",
	  .description = "The SSID the LEA holds for the student, if any; checked, never trusted blindly.",
	  .example = "4172039565" },
	{ .name = "first_name", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_PII,
	  .max_len = 75, .csv_names = "First Name|Legal First Name|Given Name|FirstName",
	  .edfi_path = "FirstName", .column = "first_name",
	  .description = "Legal first name.", .example = "Maria" },
	{ .name = "middle_name", .type = FIELD_TEXT, .flags = FIELD_PII, .max_len = 75,
	  .csv_names = "Middle Name|Legal Middle Name|MiddleName",
	  .edfi_path = "MiddleName", .column = "middle_name",
	  .description = "Legal middle name or initial.", .example = "Luisa" },
	{ .name = "last_name", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_PII,
	  .max_len = 75, .csv_names = "Last Name|Legal Last Name|Surname|Family Name|LastSurname",
	  .edfi_path = "LastSurname", .column = "last_name",
	  .description = "Legal last name (surname), compound surnames in full.", .example = "Garcia Lopez" },
	{ .name = "suffix", .type = FIELD_TEXT, .flags = FIELD_PII, .max_len = 10,
	  .csv_names = "Suffix|Generation Code Suffix|Name Suffix",
	  .edfi_path = "GenerationCodeSuffix", .column = "suffix",
	  .description = "Generation suffix (Jr, III).", .example = "Jr" },
	{ .name = "birth_date", .type = FIELD_DATE, .flags = FIELD_REQUIRED | FIELD_PII,
	  .max_len = 10, .csv_names = "Birth Date|Date of Birth|DOB|BirthDate",
	  .edfi_path = "BirthData/BirthDate", .column = "birth_date",
	  .description = "Date of birth, YYYY-MM-DD.", .example = "2014-03-09" },
	{ .name = "sex", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 1,
	  .codeset = "sex", .csv_names = "Sex|Gender|Birth Sex",
	  .edfi_path = "BirthData/BirthSexDescriptor", .column = "sex",
	  .description = "Sex as reported by the LEA.", .example = "F" },
	{ .name = "race_ethnicity", .type = FIELD_CODE, .max_len = 3,
	  .codeset = "race_ethnicity", .csv_names = "Race Ethnicity|Race/Ethnicity|Race|Ethnicity",
	  .edfi_path = "StudentEducationOrganizationAssociation/Race", .column = "race_ethnicity",
	  .description = "Federal seven-category race/ethnicity code.", .example = "HI7" },
	SCHOOL_YEAR_FIELD,
};

static const struct field_def enrollment_fields[] = {
	LEA_ID_FIELD,
	{ .name = "school_id", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_KEY,
	  .max_len = 16, .csv_names = "School ID|School|School Number|School Code",
	  .edfi_path = "SchoolReference/SchoolId", .column = "school_id",
	  .description = "State identifier of the school.", .example = "0101004" },
	LOCAL_ID_FIELD,
	SCHOOL_YEAR_FIELD,
	{ .name = "grade_level", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 2,
	  .codeset = "grade_level", .csv_names = "Grade Level|Grade|Entry Grade Level",
	  .edfi_path = "EntryGradeLevelDescriptor", .column = "grade_level",
	  .description = "Grade level of the enrollment.", .example = "05" },
	{ .name = "entry_date", .type = FIELD_DATE, .flags = FIELD_REQUIRED, .max_len = 10,
	  .csv_names = "Entry Date|Enrollment Date|Start Date|EntryDate",
	  .edfi_path = "EntryDate", .column = "entry_date",
	  .description = "First day of the enrollment, YYYY-MM-DD.", .example = "2026-08-19" },
	{ .name = "entry_code", .type = FIELD_CODE, .max_len = 2, .codeset = "entry_code",
	  .csv_names = "Entry Code|Entry Type|EntryTypeDescriptor",
	  .edfi_path = "EntryTypeDescriptor", .column = "entry_code",
	  .description = "How the student entered the school.", .example = "E2" },
	{ .name = "exit_date", .type = FIELD_DATE, .max_len = 10,
	  .csv_names = "Exit Date|Withdrawal Date|End Date|ExitWithdrawDate",
	  .edfi_path = "ExitWithdrawDate", .column = "exit_date",
	  .description = "Last day of the enrollment, if it has ended.", .example = "2027-01-15" },
	{ .name = "exit_code", .type = FIELD_CODE, .max_len = 2, .codeset = "exit_code",
	  .csv_names = "Exit Code|Withdrawal Code|Exit Type|ExitWithdrawTypeDescriptor",
	  .edfi_path = "ExitWithdrawTypeDescriptor", .column = "exit_code",
	  .description = "Why the enrollment ended; required with an exit date.", .example = "W2" },
	{ .name = "fte", .type = FIELD_DECIMAL, .max_len = 6, .scale = 2, .min = 0, .max = 100,
	  .csv_names = "FTE|Full Time Equivalency|FullTimeEquivalency",
	  .edfi_path = "FullTimeEquivalency", .column = "fte",
	  .description = "Share of a full-time enrollment, 0.00 to 1.00; empty means 1.00.",
	  .example = "1.00" },
};

static const struct record_def records[] = {
	{ "student", "STU", "A student as one LEA knows them: identity and demographics.",
	  "warehouse.student", student_fields, N(student_fields) },
	{ "enrollment", "ENR", "A spell of enrollment of a student in a school.",
	  "warehouse.enrollment", enrollment_fields, N(enrollment_fields) },
};

size_t catalog_nrecords(void)
{
	return N(records);
}

const struct record_def *catalog_record_at(size_t i)
{
	return i < N(records) ? &records[i] : NULL;
}

const struct record_def *catalog_record(const char *name)
{
	size_t i;

	for (i = 0; i < N(records); i++)
		if (!strcmp(records[i].name, name))
			return &records[i];
	return NULL;
}

int record_field_index(const struct record_def *rec, const char *name)
{
	size_t i;

	for (i = 0; i < rec->nfields; i++)
		if (!strcmp(rec->fields[i].name, name))
			return (int)i;
	return -1;
}

/* Header comparison ignores case, spaces, '-', '_' and '/'. */
static int ignorable(unsigned char c)
{
	return c == ' ' || c == '-' || c == '_' || c == '/' || c == '\t';
}

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* 1 if header[0..hlen) equals name[0..nlen) after folding. */
static int header_equal(const char *header, size_t hlen, const char *name, size_t nlen)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < hlen && ignorable((unsigned char)header[i]))
			i++;
		while (j < nlen && ignorable((unsigned char)name[j]))
			j++;
		if (i == hlen || j == nlen)
			return i == hlen && j == nlen;
		if (fold((unsigned char)header[i]) != fold((unsigned char)name[j]))
			return 0;
		i++;
		j++;
	}
}

int record_field_by_header(const struct record_def *rec, const char *header, size_t len)
{
	size_t i;

	for (i = 0; i < rec->nfields; i++) {
		const char *names = rec->fields[i].csv_names;

		while (names && *names) {
			const char *bar = strchr(names, '|');
			size_t n = bar ? (size_t)(bar - names) : strlen(names);

			if (header_equal(header, len, names, n))
				return (int)i;
			names = bar ? bar + 1 : NULL;
		}
		/* The canonical name itself is always accepted. */
		if (header_equal(header, len, rec->fields[i].name, strlen(rec->fields[i].name)))
			return (int)i;
	}
	return -1;
}

const struct codeset_def *catalog_codeset(const char *name)
{
	size_t i;

	for (i = 0; i < N(codesets); i++)
		if (!strcmp(codesets[i].name, name))
			return &codesets[i];
	return NULL;
}

int codeset_contains(const struct codeset_def *set, const char *code, size_t len)
{
	size_t i;

	for (i = 0; i < set->nvalues; i++)
		if (strlen(set->values[i].code) == len && !memcmp(set->values[i].code, code, len))
			return 1;
	return 0;
}

const char *field_type_name(enum field_type type)
{
	switch (type) {
	case FIELD_TEXT:
		return "text";
	case FIELD_CODE:
		return "code";
	case FIELD_INT:
		return "integer";
	case FIELD_DECIMAL:
		return "decimal";
	case FIELD_DATE:
		return "date";
	case FIELD_SSID:
		return "ssid";
	}
	return "unknown";
}
