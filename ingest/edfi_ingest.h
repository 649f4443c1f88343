/*
 * edfi_ingest.h: the Ed-Fi files of a submission turned into catalog records.
 *
 * Each file's interchange is read from its root element, and files are read
 * in the order their entities depend on each other, whatever the manifest's
 * order: EducationOrganization, EducationOrgCalendar, AssessmentMetadata,
 * StaffAssociation, MasterSchedule, StudentEnrollment, Student,
 * StudentAttendance, StudentTranscript, StudentGrade, StudentAssessment,
 * StudentProgram.  Where a record is made of several entities, what the
 * earlier files give is kept in memory, keyed by the entities' identities
 * (a student's demographics by local ID, a section's teacher, a session's
 * term), so memory grows with students, staff and sections, never with the
 * size of a file.  Where a record's entities come from one interchange in
 * any order (a staff member and their assignment), the records are held
 * until its last file is read.
 *
 * Where a value is found is the catalog's edfi_path of each field
 * (common/catalog.c), "Entity/Child/Grandchild", with '|' between
 * alternatives tried in turn, "[Child=code]" selecting among repeated
 * elements the one whose Child descriptor maps to that code of the "edfi"
 * code set, and "[min]" or "[max]" taking the lowest or highest code of a
 * repeated descriptor.  Descriptors go through the state's table
 * (edfi_map.h); a value it does not know rejects the record, naming the
 * field and the descriptor.  lea_id and school_year come from the manifest
 * when the entity does not carry them.
 */
#ifndef SLDS_EDFI_INGEST_H
#define SLDS_EDFI_INGEST_H

#include "canon.h"
#include "edfi_map.h"
#include "edfi_reader.h"
#include "manifest.h"
#include "reject.h"

struct slds_error;

/* Where records go; everything is borrowed from the caller. */
struct edfi_sink {
	const char *dir;			/* the submission folder */
	const char *submission;			/* "LEA/folder" */
	const struct manifest *m;		/* lea_id and school_year */
	struct canon_writer *const *writers;	/* one per catalog record type, catalog order */
	struct reject_writer *rejects;
	const struct edfi_map *map;
	struct edfi_schemas *schemas;		/* NULL or no folders: no validation */
};

/*
 * Read every file of m whose format is "edfi", filling in its size, SHA-256
 * (checked against the manifest's), rows (entities used) and rejected
 * counts, and its record type when the manifest gave none (the main record
 * type of its interchange).  0, or an error that rejects the submission:
 * SLDS_EDATA for a file-level problem (missing file, not XML, not an Ed-Fi
 * interchange slds reads, not valid against its schema, a record type the
 * interchange does not give), SLDS_EIO.
 */
int edfi_ingest_files(const struct edfi_sink *sink, struct manifest *m, struct slds_error *err);

/*
 * The interchanges slds reads, for the specification: root element, the
 * record types it gives (space-separated), and what it is read for.
 */
struct edfi_interchange_doc {
	const char *root;
	const char *records;
	const char *entities;
};
size_t edfi_ninterchanges(void);
const struct edfi_interchange_doc *edfi_interchange_at(size_t i);

#endif
