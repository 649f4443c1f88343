/*
 * spec.c: the submission specification, written from the record catalog so
 * that the document LEAs read and the code that reads their files never
 * disagree.
 */
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "edfi_ingest.h"
#include "edfi_map.h"
#include "spec.h"
#include "banned.h"

/* The first of the '|'-separated names. */
static void first_name(FILE *out, const char *names)
{
	const char *bar = strchr(names, '|');

	fprintf(out, "%.*s", bar ? (int)(bar - names) : (int)strlen(names), names);
}

static void other_names(FILE *out, const char *names)
{
	const char *p = strchr(names, '|');
	int first = 1;

	while (p) {
		const char *next = strchr(p + 1, '|');
		int n = next ? (int)(next - p - 1) : (int)strlen(p + 1);

		fprintf(out, "%s%.*s", first ? "" : ", ", n, p + 1);
		first = 0;
		p = next;
	}
	if (first)
		fputs("-", out);
}

static void type_text(FILE *out, const struct field_def *fd)
{
	switch (fd->type) {
	case FIELD_TEXT:
		fprintf(out, "text, at most %u bytes", fd->max_len);
		break;
	case FIELD_CODE:
		fprintf(out, "code, see [%s](#code-set-%s)", fd->codeset, fd->codeset);
		break;
	case FIELD_INT:
		fprintf(out, "integer, %lld to %lld", fd->min, fd->max);
		break;
	case FIELD_DECIMAL: {
		long long div = 1;
		int i;

		for (i = 0; i < fd->scale; i++)
			div *= 10;
		fprintf(out, "decimal, %lld.%0*lld to %lld.%0*lld, at most %d decimal places",
			fd->min / div, fd->scale, fd->min % div, fd->max / div, fd->scale,
			fd->max % div, fd->scale);
		break;
	}
	case FIELD_DATE:
		fputs("date, YYYY-MM-DD", out);
		break;
	case FIELD_SSID:
		fputs("SSID, 10 digits ending with a check digit", out);
		break;
	}
}

/* A field's Ed-Fi path, for a Markdown table: alternatives as "or". */
static void edfi_text(FILE *out, const struct field_def *fd)
{
	const char *p = fd->edfi_path;

	if (!p) {
		fputs(!strcmp(fd->name, "lea_id") || !strcmp(fd->name, "school_year") ? "(manifest)"
		      : "(computed)", out);
		return;
	}
	fputc('`', out);
	for (; *p; p++) {
		if (*p == '|')
			fputs("` or `", out);
		else
			fputc(*p, out);
	}
	fputc('`', out);
}

static const char edfi_text_intro[] =
	"\n## Ed-Fi XML files\n\n"
	"An LEA may send Ed-Fi bulk XML interchanges instead of, or beside, CSV files:\n\n"
	"```\n"
	"[file StudentEnrollment.xml]\n"
	"format = edfi               # record is optional: the interchange says what it holds\n"
	"[file Student.xml]\n"
	"format = edfi\n"
	"record = student            # if given, checked against the interchange\n"
	"```\n\n"
	"- Data Standard 5.x and 4.x, told apart by the namespace of the root element\n"
	"  (`http://ed-fi.org/5.2.0`, `http://ed-fi.org/4.0.0-a`). One file may give\n"
	"  several record types; files are read in the order their entities depend on\n"
	"  each other (the order of the table below), whatever the manifest's order.\n"
	"- Each field's Ed-Fi element is given in the record tables: `Entity/Child`,\n"
	"  alternatives joined by \"or\", `[Child=code]` selecting among repeated\n"
	"  elements the one whose `Child` descriptor maps to that code of the `edfi` code\n"
	"  set, `[min]`/`[max]` the lowest or highest code of a repeated descriptor.\n"
	"  Fields marked (manifest) come from the manifest. Values are trimmed of\n"
	"  surrounding white space (`<SchoolId> 255901001 </SchoolId>` is 255901001);\n"
	"  a date-time gives its date; a school year `2026-2027` gives 2027.\n"
	"- **Descriptors** (`uri://ed-fi.org/GradeLevelDescriptor#Fifth grade`) are mapped\n"
	"  to the code sets below by a table installed with slds\n"
	"  (`edfi-descriptors.csv` in its data folder), which the state extends with\n"
	"  its own (`slds-ingest --edfi-map FILE`): columns `namespace,code_value,\n"
	"  code_set,code`; case is ignored; `*` as code value and code says a\n"
	"  namespace's code values are the codes themselves; an empty code says the\n"
	"  state collects nothing for the value (a record whose required field has\n"
	"  such a value is not collected). A value the table does not know rejects\n"
	"  the record, naming the field and the descriptor.\n"
	"- Joins: a student's SSID, sex and race come from its\n"
	"  StudentEducationOrganizationAssociation (the one with the LEA itself first;\n"
	"  race: Hispanic or Latino if HispanicLatinoEthnicity is true, else the one\n"
	"  race, else MU7 for two or more); a staff member's school, position and FTE\n"
	"  from their first StaffEducationOrganizationAssignmentAssociation; a\n"
	"  credential's holder from the Staff entity that references it; a section's\n"
	"  course from its CourseOffering, term from its Session\n"
	"  (EducationOrgCalendar), teacher from the StaffSectionAssociation of the\n"
	"  teacher of record; an assessment result's subject from its Assessment\n"
	"  (AssessmentMetadata). Only Grade entities of a final grade type are course\n"
	"  grades.\n";

/* The rest: one string would be longer than C compilers must accept. */
static const char edfi_text_rules[] =
	"- **Attendance**: StudentSchoolAttendanceEvent entities are summed per student,\n"
	"  school and school year: excused and unexcused absences by the event's\n"
	"  category (`edfi` codes `excused`, `unexcused`; `present`, `tardy` count as\n"
	"  present) and EventDuration (1 day if absent), rounded to a tenth of a day.\n"
	"  If the LEA reports days in attendance, membership is every day with an\n"
	"  event. If it reports absences (and tardies) only, as SIS exports do,\n"
	"  membership is the instructional days of the student's enrollment spells at\n"
	"  the school (each accepted StudentSchoolAssociation of the year, entry and\n"
	"  exit dates both counted) in the school's calendar (CalendarDate entities\n"
	"  of the EducationOrgCalendar with an event of `edfi` code\n"
	"  `instructional_day`); without spells or calendar, the school's\n"
	"  instructional days (TotalInstructionalDays of its sessions, overlapping\n"
	"  sessions counted once). Days present are membership less absences.\n"
	"  Without any of these they are left empty (and validation rejects the\n"
	"  record).\n"
	"- What rejects the whole submission: a file that is missing, not XML or not\n"
	"  well-formed (the message gives line and column), with a document type\n"
	"  declaration (DTDs can expand without bound or read other files: none is\n"
	"  ever loaded, and no network is used), of an interchange or Data Standard\n"
	"  slds does not read, or not valid against its schema when the state\n"
	"  validates (`slds-ingest --edfi-schemas DIR`; messages leave the file's\n"
	"  values out). What rejects a record: a descriptor the table does not know,\n"
	"  a value over 1 MiB, a missing identity the record is joined by, and every\n"
	"  validation rule it breaks.\n\n"
	"| interchange (root element) | record types | read for |\n"
	"|---|---|---|\n";

/* Quote a CSV field when it needs it. */
static void csv_field(FILE *out, const char *s)
{
	const char *p;

	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (p = s; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

static void code_table(FILE *out, const struct codeset_def *set)
{
	size_t k;

	fputs("| code | meaning |\n|---|---|\n", out);
	for (k = 0; k < set->nvalues; k++)
		fprintf(out, "| `%s` | %s |\n", set->values[k].code, set->values[k].description);
}

void spec_write(FILE *out)
{
	size_t r, i;

	fputs("# Submission file specification\n\n"
	      "<!-- Generated by \"slds-ingest --spec\" from the record catalog "
	      "(common/catalog.c). Do not edit: change the catalog and regenerate. -->\n\n"
	      "An LEA sends a **submission**: a folder `inbox/<LEA>/<NAME>/` holding a\n"
	      "manifest and the files it names. NAME is the LEA's choice and must be new for\n"
	      "every submission: a folder must not change once it has been received.\n\n"
	      "## The manifest: manifest.ini\n\n"
	      "```\n"
	      "# comments start with #\n"
	      "lea = 0101                 # the LEA's state identifier: the inbox folder's name\n"
	      "school_year = 2027         # the year the school year ends; 2026-27 also works\n"
	      "collection = daily         # daily, october-1, december-1 or year-end\n"
	      "[file students.csv]\n"
	      "record = student           # a record type below\n"
	      "format = csv\n"
	      "sha256 = 3a7bd3e2...       # optional: the file's SHA-256, checked on receipt\n"
	      "[file enrollments.csv]\n"
	      "record = enrollment\n"
	      "format = csv\n"
	      "```\n\n"
	      "A newer submission for the same LEA, school year and collection replaces\n"
	      "the older one's data of every record type it has a file of; the record\n"
	      "types it has no file of keep the older submission's data.\n\n"
	      "## CSV files\n\n"
	      "- UTF-8 text, with or without a byte-order mark; lines end with LF or CRLF.\n"
	      "- The first line names the columns. Columns may come in any order; a\n"
	      "  column is found by its name or one of its other accepted names, without\n"
	      "  regard to case, spaces, `-`, `_` or `/`. Columns the record does not have\n"
	      "  are ignored with a warning.\n"
	      "- Fields are separated by commas, tabs or `|` (found from the first line).\n"
	      "  A field that contains the separator, a double quote or a line break is\n"
	      "  enclosed in double quotes, with quotes inside it doubled (`\"\"`).\n"
	      "- Spaces around an unquoted field are dropped; an empty field is no value.\n"
	      "  Blank lines are skipped. A field may not exceed 1 MiB.\n"
	      "- What rejects the whole submission: a file that is missing, empty, not\n"
	      "  text, without a header line, without a column for a required field, with\n"
	      "  two columns for one field, with malformed quoting, or not matching its\n"
	      "  SHA-256. What rejects a record (reported with its file and line, the rest\n"
	      "  goes on): a row with more or fewer fields than the header, a field that\n"
	      "  is not valid UTF-8, and every validation rule it breaks.\n", out);

	fputs(edfi_text_intro, out);
	fputs(edfi_text_rules, out);
	for (r = 0; r < edfi_ninterchanges(); r++) {
		const struct edfi_interchange_doc *d = edfi_interchange_at(r);

		fprintf(out, "| `%s` | %s | %s |\n", d->root, d->records, d->entities);
	}
	for (r = 0; r < catalog_nrecords(); r++) {
		const struct record_def *rec = catalog_record_at(r);

		fprintf(out, "\n## Record type: %s\n\n%s Rule IDs of this record start with `%s.`.\n\n",
			rec->name, rec->description, rec->code);
		fputs("| column | field | type | required | other accepted names | Ed-Fi element | description |\n"
		      "|---|---|---|---|---|---|---|\n", out);
		for (i = 0; i < rec->nfields; i++) {
			const struct field_def *fd = &rec->fields[i];

			fputs("| ", out);
			first_name(out, fd->csv_names);
			fprintf(out, " | `%s` | ", fd->name);
			type_text(out, fd);
			fprintf(out, " | %s | ", (fd->flags & FIELD_REQUIRED) ? "yes" : "no");
			other_names(out, fd->csv_names);
			fputs(" | ", out);
			edfi_text(out, fd);
			fprintf(out, " | %s |\n", fd->description);
		}
		fputs("\nExample:\n\n```\n", out);
		for (i = 0; i < rec->nfields; i++) {
			if (i)
				fputc(',', out);
			first_name(out, rec->fields[i].csv_names);
		}
		fputc('\n', out);
		for (i = 0; i < rec->nfields; i++) {
			if (i)
				fputc(',', out);
			csv_field(out, rec->fields[i].example);
		}
		fputs("\n```\n", out);
	}

	fputs("\n## Code sets\n", out);
	for (r = 0; r < catalog_nrecords(); r++) {
		const struct record_def *rec = catalog_record_at(r);

		for (i = 0; i < rec->nfields; i++) {
			const struct field_def *fd = &rec->fields[i];
			const struct codeset_def *set;
			size_t k, j;
			int seen = 0;

			if (fd->type != FIELD_CODE)
				continue;
			/* Each code set once, where it is first used. */
			for (k = 0; k <= r && !seen; k++) {
				const struct record_def *prev = catalog_record_at(k);
				size_t end = k == r ? i : prev->nfields;

				for (j = 0; j < end; j++)
					if (prev->fields[j].type == FIELD_CODE &&
					    !strcmp(prev->fields[j].codeset, fd->codeset))
						seen = 1;
			}
			if (seen)
				continue;
			set = catalog_codeset(fd->codeset);
			fprintf(out, "\n### Code set: %s\n\n<a id=\"code-set-%s\"></a>\n\n",
				set->name, set->name);
			code_table(out, set);
		}
	}
	fprintf(out, "\n### Code set: %s (Ed-Fi only)\n\n<a id=\"code-set-%s\"></a>\n\n"
		"What the Ed-Fi reader needs to know of a descriptor, in the descriptor table.\n\n",
		EDFI_SELECTORS, EDFI_SELECTORS);
	code_table(out, &edfi_selector_set);
}
