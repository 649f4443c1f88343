/*
 * synth_edfi.h: the generator's Ed-Fi Data Standard 5.2 bulk XML output:
 * the Student interchange (Student) and the StudentEnrollment interchange
 * (StudentEducationOrganizationAssociation with the demographics, and
 * StudentSchoolAssociation).  Each entity is written on one line, so that a
 * record's line number in the truth files means the same as for CSV.
 * Standard Ed-Fi descriptors are used where Ed-Fi has them (grade level,
 * sex, race, term, attendance); the state's other codes (entry and exit
 * codes, LEA types, licenses, subjects, positions, disabilities...) are
 * descriptors of the state's own namespace, as states extend Ed-Fi
 * (tools/synth-edfi-descriptors.csv maps them).
 *
 * The other records (edfi_emitter) go to the other interchanges, written by
 * synth_records.c: EducationOrganization (LEA, School, Course),
 * EducationOrgCalendar (Session: terms and instructional days; Calendar and
 * CalendarDate: each school's instructional days),
 * AssessmentMetadata (Assessment: the subject of a test), StaffAssociation
 * (Staff, StaffEducationOrganizationAssignmentAssociation,
 * StaffSchoolAssociation, Credential, StaffSectionAssociation),
 * MasterSchedule (CourseOffering, Section), StudentAttendance
 * (StudentSchoolAttendanceEvent), StudentTranscript (CourseTranscript),
 * StudentAssessment, StudentProgram (StudentSpecialEducationProgramAssociation,
 * StudentProgramAssociation).
 *
 * Attendance is events, as SIS exports report it and slds-ingest sums it:
 * an event for each absence (excused or unexcused, a half day with
 * EventDuration 0.5), and one tardy for an enrollment without absences.
 * Each school's Calendar lists its instructional days (CalendarDate):
 * slds-ingest counts the days in membership of an enrollment in them, from
 * its entry to its exit date, and the student present on the days not
 * absent.
 */
#ifndef SLDS_SYNTH_EDFI_H
#define SLDS_SYNTH_EDFI_H

#include "buf.h"
#include "synth_records.h"

#define EDFI_NAMESPACE "http://ed-fi.org/5.2.0"
#define EDFI_STATE_DESCRIPTORS "uri://slds.state.example"

/* Lines written before the first entity by edfi_begin(). */
#define EDFI_HEADER_LINES 2

struct edfi_student {
	const char *unique_id;		/* the LEA's local ID */
	const char *first, *middle, *last, *suffix;	/* "" when none */
	const char *birth_date;		/* YYYY-MM-DD */
	const char *sex;		/* catalog code F, M or X */
	const char *race;		/* catalog code: WH7, HI7... */
	const char *claimed_ssid;	/* "" when none */
	const char *lea_id;
	const char *birth_state, *birth_country;	/* catalog codes; "" when none */
	const char *zip;		/* the home address's PostalCode; "" when none */
	const char *city;		/* the home address's City */
};

struct edfi_enrollment {
	const char *unique_id;
	const char *school_id;
	int school_year;		/* the year it ends */
	const char *entry_date, *grade, *entry_code;
	const char *exit_date, *exit_code;	/* "" when none */
	const char *fte;
};

/* The XML declaration and the opening element of an interchange. */
void edfi_begin(struct buf *b, const char *interchange);
void edfi_end(struct buf *b, const char *interchange);
/* One Student, on one line. */
void edfi_student(struct buf *b, const struct edfi_student *s);
/* The StudentEducationOrganizationAssociation of a student, on one line. */
void edfi_student_lea(struct buf *b, const struct edfi_student *s);
/* One StudentSchoolAssociation, on one line. */
void edfi_enrollment(struct buf *b, const struct edfi_enrollment *e);

/* The other records, each entity on one line. */
extern const struct record_emitter edfi_emitter;

#endif
