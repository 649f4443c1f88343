/*
 * edfi_ingest.c: Ed-Fi entities to catalog records (edfi_ingest.h).
 *
 * Three layers: paths (the catalog's edfi_path compiled into steps and
 * evaluated on an expanded entity), builds (one record's values, taken from
 * an entity and converted: descriptors mapped, dates cut from date-times,
 * school years made ending years), and the handlers of each kind of entity,
 * which join what several entities give into one record.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "catalog.h"
#include "edfi_ingest.h"
#include "error.h"
#include "fsutil.h"
#include "log.h"
#include "parse.h"
#include "strset.h"
#include "banned.h"

#define MAX_STEPS 12
#define NAME_MAX_LEN 64
/* A value longer than this rejects its record (a field is never near it). */
#define VALUE_MAX (1024 * 1024)
#define KEY_SEP '\x1f'

/* --- Paths ------------------------------------------------------------- */

enum pick {
	PICK_FIRST,	/* the first element the path reaches */
	PICK_MIN,	/* the lowest code of all it reaches ("[min]") */
	PICK_MAX,	/* the highest ("[max]") */
	PICK_RACE	/* the federal race/ethnicity rule over Race elements */
};

struct step {
	char name[NAME_MAX_LEN];
	char qual_child[NAME_MAX_LEN];	/* "" when the step has no [Child=code] */
	const char *qual_code;		/* a code of the "edfi" selector set */
	/*
	 * name and qual_child as the current file's reader interns them: its
	 * element names are interned too, so a pointer comparison names them.
	 */
	const xmlChar *iname, *iqual;
};

struct path {
	struct step step[MAX_STEPS];
	int n;
	enum pick pick;
};

static int copy_token(char *dst, const char *s, size_t len)
{
	if (len == 0 || len >= NAME_MAX_LEN)
		return -1;
	memcpy(dst, s, len);
	dst[len] = '\0';
	return 0;
}

/* Parse "A/B[Child=code]/C[min]"; -1 if malformed (a catalog bug). */
static int path_parse(const char *s, size_t len, struct path *p)
{
	const char *end = s + len;

	memset(p, 0, sizeof(*p));
	while (s < end) {
		struct step *st;
		const char *seg_end = memchr(s, '/', (size_t)(end - s));
		const char *br;

		if (!seg_end)
			seg_end = end;
		if (p->n == MAX_STEPS)
			return -1;
		st = &p->step[p->n++];
		br = memchr(s, '[', (size_t)(seg_end - s));
		if (copy_token(st->name, s, (size_t)((br ? br : seg_end) - s)))
			return -1;
		if (br) {
			const char *close = memchr(br, ']', (size_t)(seg_end - br));
			const char *eq = memchr(br, '=', (size_t)(seg_end - br));
			char code[NAME_MAX_LEN];
			size_t k;

			if (!close || close + 1 != seg_end)
				return -1;
			if (!eq) {
				if (seg_end != end)
					return -1;
				if ((size_t)(close - br - 1) == 3 && !memcmp(br + 1, "min", 3))
					p->pick = PICK_MIN;
				else if ((size_t)(close - br - 1) == 3 && !memcmp(br + 1, "max", 3))
					p->pick = PICK_MAX;
				else
					return -1;
			} else {
				if (copy_token(st->qual_child, br + 1, (size_t)(eq - br - 1)) ||
				    copy_token(code, eq + 1, (size_t)(close - eq - 1)))
					return -1;
				for (k = 0; k < edfi_selector_set.nvalues; k++)
					if (!strcmp(edfi_selector_set.values[k].code, code))
						st->qual_code = edfi_selector_set.values[k].code;
				if (!st->qual_code)
					return -1;
			}
		}
		s = seg_end + 1;
	}
	return p->n > 0 ? 0 : -1;
}

static int is_named(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static int is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* One entity's work: what must be freed when it is done. */
struct scratch {
	xmlChar **owned;
	size_t n, cap;
};

static void scratch_release(struct scratch *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		xmlFree(s->owned[i]);
	s->n = 0;
}

/*
 * The text of an element, trimmed of surrounding white space (XML Schema
 * collapses it for numbers, dates and codes; nothing of ours keeps it).
 * Points into the tree, or into a copy scratch frees.
 */
static const char *node_text(struct scratch *sc, xmlNodePtr n, size_t *len)
{
	xmlNodePtr t = n->children;
	const char *s;
	size_t l;

	if (!t) {
		*len = 0;
		return "";
	}
	if (!t->next && (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE)) {
		s = (const char *)t->content;
	} else {
		xmlChar *c = xmlNodeGetContent(n);

		if (!c) {
			*len = 0;
			return "";
		}
		if (sc->n == sc->cap) {
			sc->cap = sc->cap ? sc->cap * 2 : 8;
			sc->owned = xreallocarray(sc->owned, sc->cap, sizeof(*sc->owned));
		}
		sc->owned[sc->n++] = c;
		s = (const char *)c;
	}
	l = s ? strlen(s) : 0;
	while (l > 0 && is_xml_space(*s)) {
		s++;
		l--;
	}
	while (l > 0 && is_xml_space(s[l - 1]))
		l--;
	*len = l;
	return s ? s : "";
}

/* The first child element named name, or NULL. */
static xmlNodePtr child(xmlNodePtr n, const char *name)
{
	xmlNodePtr c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (is_named(c, name))
			return c;
	return NULL;
}

/* A relative path without qualifiers, "A/B/C", from n; NULL if absent. */
static xmlNodePtr find_rel(xmlNodePtr n, const char *path)
{
	char name[NAME_MAX_LEN];

	while (n && *path) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);

		if (copy_token(name, path, len))
			return NULL;
		n = child(n, name);
		path += len + (slash ? 1 : 0);
	}
	return n;
}

static const char *text_rel(struct scratch *sc, xmlNodePtr n, const char *path, size_t *len)
{
	xmlNodePtr e = find_rel(n, path);

	*len = 0;
	return e ? node_text(sc, e, len) : NULL;
}

/* --- The context of a run ------------------------------------------------ */

enum kind {
	K_RECORD,		/* a record of its own */
	K_SESSION,		/* a session's term and instructional days */
	K_CALENDAR_DATE,	/* a school's day: instructional or not */
	K_ENROLLMENT,		/* an enrollment, whose spell attendance counts membership in */
	K_ASSESSMENT_META,	/* an assessment's subject */
	K_STAFF,		/* a staff member, held for the assignment */
	K_STAFF_PART,		/* an assignment or employment of a staff member */
	K_CREDENTIAL,		/* held for the Staff entity that references it */
	K_STAFF_SECTION,	/* a section's teacher of record */
	K_OFFERING,		/* the course of a course offering */
	K_SECTION,		/* held for its offering, session and teacher */
	K_SEOA,			/* a student's demographics, kept for the Student entity */
	K_STUDENT,
	K_ATTENDANCE,		/* an attendance event, summed per student, school and year */
	K_GRADE,		/* a final grade for a section */
	K_STUDENT_ASSESSMENT
};

enum interchange {
	IC_EDORG, IC_CALENDAR, IC_ASSESSMENT_META, IC_STAFF, IC_SCHEDULE, IC_ENROLLMENT,
	IC_STUDENT, IC_ATTENDANCE, IC_TRANSCRIPT, IC_GRADE, IC_ASSESSMENT, IC_PROGRAM, IC_COUNT
};

struct entity_rule {
	enum interchange ic;
	const char *element;
	const char *alias;	/* its name in catalog paths, NULL for element */
	const char *record;
	enum kind kind;
};

static const struct entity_rule rules[] = {
	{ IC_EDORG, "LocalEducationAgency", NULL, "lea", K_RECORD },
	{ IC_EDORG, "School", NULL, "school", K_RECORD },
	{ IC_EDORG, "Course", NULL, "course", K_RECORD },
	{ IC_CALENDAR, "Session", NULL, "section", K_SESSION },
	{ IC_CALENDAR, "CalendarDate", NULL, "attendance", K_CALENDAR_DATE },
	{ IC_ASSESSMENT_META, "Assessment", NULL, "assessment", K_ASSESSMENT_META },
	{ IC_STAFF, "Staff", NULL, "staff", K_STAFF },
	{ IC_STAFF, "StaffEducationOrganizationAssignmentAssociation", NULL, "staff", K_STAFF_PART },
	{ IC_STAFF, "StaffEducationOrganizationEmploymentAssociation", NULL, "staff", K_STAFF_PART },
	{ IC_STAFF, "Credential", NULL, "credential", K_CREDENTIAL },
	{ IC_STAFF, "StaffSectionAssociation", NULL, "section", K_STAFF_SECTION },
	{ IC_SCHEDULE, "Course", NULL, "course", K_RECORD },
	{ IC_SCHEDULE, "CourseOffering", NULL, "section", K_OFFERING },
	{ IC_SCHEDULE, "Section", NULL, "section", K_SECTION },
	{ IC_ENROLLMENT, "StudentSchoolAssociation", NULL, "enrollment", K_ENROLLMENT },
	{ IC_ENROLLMENT, "StudentEducationOrganizationAssociation", NULL, "student", K_SEOA },
	{ IC_STUDENT, "Student", NULL, "student", K_STUDENT },
	{ IC_ATTENDANCE, "StudentSchoolAttendanceEvent", NULL, "attendance", K_ATTENDANCE },
	{ IC_TRANSCRIPT, "CourseTranscript", NULL, "course_grade", K_RECORD },
	{ IC_GRADE, "Grade", NULL, "course_grade", K_GRADE },
	{ IC_ASSESSMENT, "StudentAssessment", NULL, "assessment", K_STUDENT_ASSESSMENT },
	{ IC_PROGRAM, "StudentSpecialEducationProgramAssociation", NULL, "special_ed", K_RECORD },
#define PROGRAM(e) { IC_PROGRAM, e, "StudentProgramAssociation", "program", K_RECORD }
	PROGRAM("StudentProgramAssociation"),
	PROGRAM("StudentCTEProgramAssociation"),
	PROGRAM("StudentHomelessProgramAssociation"),
	PROGRAM("StudentLanguageInstructionProgramAssociation"),
	PROGRAM("StudentMigrantEducationProgramAssociation"),
	PROGRAM("StudentNeglectedOrDelinquentProgramAssociation"),
	PROGRAM("StudentSchoolFoodServiceProgramAssociation"),
	PROGRAM("StudentSection504ProgramAssociation"),
	PROGRAM("StudentTitleIPartAProgramAssociation"),
#undef PROGRAM
};

#define NRULES (sizeof(rules) / sizeof(rules[0]))

static const struct edfi_interchange_doc interchange_docs[IC_COUNT] = {
	{ "InterchangeEducationOrganization", "school lea course",
	  "LocalEducationAgency, School, Course" },
	{ "InterchangeEducationOrgCalendar", "section",
	  "Session: the term of sections and grades, and the instructional days of attendance; "
	  "CalendarDate: a school's instructional days, in which an enrollment's days in membership are counted" },
	{ "InterchangeAssessmentMetadata", "assessment", "Assessment: the subject of its results" },
	{ "InterchangeStaffAssociation", "staff credential section",
	  "Staff with its StaffEducationOrganizationAssignmentAssociation (school, position, FTE) and "
	  "StaffEducationOrganizationEmploymentAssociation (FTE), Credential (the Staff that references it "
	  "holds it), StaffSectionAssociation (a section's teacher of record)" },
	{ "InterchangeMasterSchedule", "section course",
	  "Section with its CourseOffering (course), Course" },
	{ "InterchangeStudentEnrollment", "enrollment student",
	  "StudentSchoolAssociation, StudentEducationOrganizationAssociation (a student's SSID, sex and race)" },
	{ "InterchangeStudent", "student", "Student" },
	{ "InterchangeStudentAttendance", "attendance",
	  "StudentSchoolAttendanceEvent, summed per student, school and school year" },
	{ "InterchangeStudentTranscript", "course_grade", "CourseTranscript" },
	{ "InterchangeStudentGrade", "course_grade", "Grade of a final grade type" },
	{ "InterchangeStudentAssessment", "assessment", "StudentAssessment" },
	{ "InterchangeStudentProgram", "program special_ed",
	  "StudentSpecialEducationProgramAssociation, StudentProgramAssociation and its other kinds" },
};

size_t edfi_ninterchanges(void)
{
	return IC_COUNT;
}

const struct edfi_interchange_doc *edfi_interchange_at(size_t i)
{
	return i < IC_COUNT ? &interchange_docs[i] : NULL;
}

/* One field's ways to a value, for one entity. */
struct alt {
	int field;
	struct path path;
};

struct plan {
	struct alt *alts;
	size_t n;
};

struct file_info {
	struct manifest_file *mf;
	char *path;
	enum interchange ic;
	char version[32];
	xmlSchemaPtr schema;		/* borrowed from the sink's schemas */
	unsigned long long used, rejected, skipped, ignored;
};

/* A record held until the files it needs are read: values packed. */
struct held {
	int ri;
	size_t file;
	unsigned long line;
	int has_primary;		/* the entity the record is named after was read */
	char *values;			/* pack() */
	char *key1, *key2, *key3;	/* join keys, owned, or NULL */
};

struct held_list {
	struct held *v;
	size_t n, cap;
};

/* A student's or school's attendance so far, in hundredths of a day. */
struct att {
	size_t file;
	unsigned long line;
	char *key;			/* local ID, school, year, KEY_SEP between */
	long long present, excused, unexcused, tardy;
};

/* A school's instructional days in a school year, from its CalendarDates. */
struct calendar {
	int32_t july1;			/* day number of July 1 before the year */
	uint8_t day[46];		/* bit i: July 1 + i is an instructional day */
	uint16_t before[367];		/* instructional days before July 1 + i */
};

/* An enrollment spell: entry to exit (INT32_MAX when none), both included. */
struct spell {
	int32_t entry, exit;
	size_t next;			/* index + 1 of another spell of its key, or 0 */
};

/* A session's instructional days, for a school's year. */
struct session_info {
	char *school_year;		/* school KEY_SEP year */
	struct date begin, end;
	long days;
	char *term;			/* the Term descriptor, owned, or NULL */
};

/* Fields every build looks for, per record type, found once. */
#define MAX_RECORDS 32
struct known_fields {
	int local, lea, year;
};

#define CACHE_SLOTS 256
struct cached {
	const char *codeset;	/* NULL: empty slot */
	uint32_t hash;
	size_t len;
	int found;
	const char *code;
	char text[120];
};

struct ctx {
	const struct edfi_sink *sink;
	struct cached cache[CACHE_SLOTS];
	struct known_fields known[MAX_RECORDS];
	const struct entity_rule *last_rule;	/* of the last element name seen */
	const xmlChar *last_name;
	struct manifest *m;
	char year[12];			/* the manifest's school year */
	size_t lea_len, sub_len;
	struct file_info *files;
	size_t nfiles;
	struct plan plans[NRULES];
	struct scratch sc;
	struct buf key;
	/* Pools of owned strings and blobs, each freed at the end. */
	char **strings;
	size_t nstrings, cstrings;
	struct strset sessions;		/* session key -> index in sess */
	struct session_info *sess;
	size_t nsess, csess;
	struct strset school_days;	/* school KEY_SEP year -> days (not overlapping) */
	struct strset assessments;	/* identifier KEY_SEP namespace -> string: subject descriptor */
	struct strset offerings;	/* offering key -> string: course code */
	struct strset teachers;		/* section key -> string: staff ID */
	struct strset credential_staff;	/* credential ID -> string: staff ID */
	struct strset staff_index;	/* staff ID -> index in staff */
	struct strset demographics;	/* local ID -> string: packed student values + head */
	struct strset attendance;	/* att key -> index in att */
	struct strset calendars;	/* school KEY_SEP year -> index in cal */
	struct calendar *cal;
	size_t ncal, ccal;
	struct strset spells;		/* att key -> index + 1 of its last spell in spell */
	struct spell *spell;
	size_t nspell, cspell;
	struct held_list staff, credentials, sections;
	struct att *att;
	size_t natt, catt;
	unsigned long long not_found;	/* attendance without instructional days */
};

/* Keep an allocation until the end; its index. */
static size_t keep(struct ctx *c, char *owned)
{
	if (c->nstrings == c->cstrings) {
		c->cstrings = c->cstrings ? c->cstrings * 2 : 64;
		c->strings = xreallocarray(c->strings, c->cstrings, sizeof(*c->strings));
	}
	c->strings[c->nstrings] = owned;
	return c->nstrings++;
}

static size_t keep_string(struct ctx *c, const char *s, size_t len)
{
	return keep(c, xstrndup(s, len));
}

/* Keep value under key in set, unless it is there already. */
static void remember(struct ctx *c, struct strset *set, const struct buf *key, const char *s,
		     size_t len)
{
	if (!strset_get(set, key->data, key->len, NULL))
		strset_add(set, key->data, key->len, keep_string(c, s, len), NULL);
}

static const char *recall(const struct ctx *c, const struct strset *set, const struct buf *key)
{
	uint64_t v;

	return strset_get(set, key->data, key->len, &v) ? c->strings[v] : NULL;
}

/* --- Builds --------------------------------------------------------------- */

struct build {
	const struct record_def *rec;
	int ri;
	char year[12];
	char days[4][24];
	char local_id[65];
	int local_f, lea_f, year_f;	/* those fields' indexes, or -1 */
	const char *nocode;		/* a required field whose value the state does not collect */
	int bad;			/* rejects written for it */
	struct reject_provenance prov;
	/* Last: only the record's fields are cleared. */
	const char *val[CANON_MAX_COLUMNS];
	size_t len[CANON_MAX_COLUMNS];	/* set with val */
};

static void build_init(struct ctx *c, struct build *b, int ri, size_t file, unsigned long line)
{
	const struct record_def *rec = catalog_record_at((size_t)ri);

	memset(b, 0, offsetof(struct build, val));
	memset(b->val, 0, rec->nfields * sizeof(b->val[0]));
	b->ri = ri;
	b->rec = rec;
	b->local_f = c->known[ri].local;
	b->lea_f = c->known[ri].lea;
	b->year_f = c->known[ri].year;
	b->prov.submission = c->sink->submission;
	b->prov.file = c->files[file].mf->name;
	b->prov.line = line;
}

static void set_value(struct build *b, int f, const char *s, size_t len)
{
	b->val[f] = s;
	b->len[f] = len;
	if (f == b->local_f) {
		size_t n = len < sizeof(b->local_id) - 1 ? len : 0;

		memcpy(b->local_id, s, n);
		b->local_id[n] = '\0';
	}
}

static int reject(struct ctx *c, struct build *b, const char *field, unsigned rule,
		  struct slds_error *err, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static int reject(struct ctx *c, struct build *b, const char *field, unsigned rule,
		  struct slds_error *err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	b->bad++;
	return reject_add(c->sink->rejects, &b->prov, b->rec->name,
			  b->local_id[0] ? b->local_id : NULL, field, b->rec->code, rule,
			  SEVERITY_ERROR, err, "%s", msg);
}

/*
 * The descriptor table, through a small cache: a file repeats a few values
 * (grade levels, sex) hundreds of thousands of times.
 */
static int lookup(struct ctx *c, const char *codeset, const char *s, size_t len,
		  const char **code)
{
	struct cached *e;
	uint32_t h = 2166136261u;
	size_t i;

	if (len >= sizeof(e->text))
		return edfi_map_lookup(c->sink->map, codeset, s, len, code);
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	h ^= (uint32_t)(uintptr_t)codeset;
	e = &c->cache[h % CACHE_SLOTS];
	if (e->codeset == codeset && e->hash == h && e->len == len && !memcmp(e->text, s, len)) {
		*code = e->code;
		return e->found;
	}
	e->found = edfi_map_lookup(c->sink->map, codeset, s, len, &e->code);
	e->codeset = codeset;
	e->hash = h;
	e->len = len;
	memcpy(e->text, s, len);
	*code = e->code;
	return e->found;
}

/* Map a descriptor for field f: 1 mapped (code or NULL), 0 rejected, <0 error. */
static int map_descriptor(struct ctx *c, struct build *b, int f, const char *codeset,
			  const char *s, size_t len, const char **code, struct slds_error *err)
{
	int rc;

	if (lookup(c, codeset, s, len, code))
		return 1;
	/* A personal field's value (a state of birth) stays out of the message. */
	if (f >= 0 && (b->rec->fields[f].flags & FIELD_PII)) {
		rc = reject(c, b, b->rec->fields[f].name, RULE_CODE, err,
			    "%s: its descriptor is not mapped to a %s code", b->rec->fields[f].name,
			    codeset);
		return rc ? rc : 0;
	}
	rc = reject(c, b, f >= 0 ? b->rec->fields[f].name : NULL, RULE_CODE, err,
		    "%s: descriptor \"%.*s\" is not mapped to a %s code",
		    f >= 0 ? b->rec->fields[f].name : "value", len > 200 ? 200 : (int)len, s, codeset);
	return rc ? rc : 0;
}

static int code_rank(const struct codeset_def *set, const char *code)
{
	size_t i;

	for (i = 0; i < set->nvalues; i++)
		if (set->values[i].code == code || !strcmp(set->values[i].code, code))
			return (int)i;
	return -1;
}

/* Does element n satisfy step st's qualifier? */
static int qualifies(struct ctx *c, xmlNodePtr n, const struct step *st)
{
	xmlNodePtr q;
	const char *code, *s;
	size_t len;

	if (!st->qual_code)
		return 1;
	for (q = n->children; q && q->name != st->iqual; q = q->next)
		;
	if (!q)
		return 0;
	s = node_text(&c->sc, q, &len);
	return lookup(c, EDFI_SELECTORS, s, len, &code) && code && !strcmp(code, st->qual_code);
}

/* The first element the path reaches from n (which matched step k - 1). */
static xmlNodePtr path_find(struct ctx *c, xmlNodePtr n, const struct path *p, int k)
{
	xmlNodePtr ch;

	if (k == p->n)
		return n;
	for (ch = n->children; ch; ch = ch->next) {
		xmlNodePtr r;

		if (ch->name != p->step[k].iname || ch->type != XML_ELEMENT_NODE ||
		    !qualifies(c, ch, &p->step[k]))
			continue;
		r = path_find(c, ch, p, k + 1);
		if (r)
			return r;
	}
	return NULL;
}

/* [min] and [max]: every element the last step reaches under its parent. */
static int pick_code(struct ctx *c, struct build *b, int f, xmlNodePtr entity,
		     const struct path *p, struct slds_error *err)
{
	const struct field_def *fd = &b->rec->fields[f];
	const struct codeset_def *set = catalog_codeset(fd->codeset);
	struct path parent = *p;
	xmlNodePtr n, ch;
	const char *best = NULL;
	int best_rank = -1;

	parent.n--;
	n = path_find(c, entity, &parent, 1);
	for (ch = n ? n->children : NULL; ch; ch = ch->next) {
		const char *s, *code;
		size_t len;
		int rc, r;

		if (ch->name != p->step[p->n - 1].iname || ch->type != XML_ELEMENT_NODE)
			continue;
		s = node_text(&c->sc, ch, &len);
		rc = map_descriptor(c, b, f, fd->codeset, s, len, &code, err);
		if (rc < 0)
			return rc;
		if (rc == 0 || !code)
			continue;
		r = code_rank(set, code);
		if (!best || (p->pick == PICK_MIN ? r < best_rank : r > best_rank)) {
			best = code;
			best_rank = r;
		}
	}
	if (best)
		set_value(b, f, best, strlen(best));
	return 0;
}

/*
 * Race and ethnicity, the federal way: Hispanic or Latino if the entity says
 * so; else the one race mapped, or two or more races; nothing if none.
 */
static int pick_race(struct ctx *c, struct build *b, int f, xmlNodePtr entity,
		     struct slds_error *err)
{
	const struct field_def *fd = &b->rec->fields[f];
	xmlNodePtr h = child(entity, "HispanicLatinoEthnicity"), ch;
	const char *found = NULL;
	size_t len;
	int multiple = 0;

	if (h) {
		const char *s = node_text(&c->sc, h, &len);

		if ((len == 4 && !memcmp(s, "true", 4)) || (len == 1 && *s == '1')) {
			set_value(b, f, "HI7", 3);
			return 0;
		}
	}
	for (ch = entity->children; ch; ch = ch->next) {
		const char *s, *code;
		int rc;

		if (!is_named(ch, "Race"))
			continue;
		s = node_text(&c->sc, ch, &len);
		rc = map_descriptor(c, b, f, fd->codeset, s, len, &code, err);
		if (rc < 0)
			return rc;
		if (rc == 0 || !code)
			continue;
		if (!strcmp(code, "HI7")) {
			set_value(b, f, "HI7", 3);
			return 0;
		}
		if (found && strcmp(found, code))
			multiple = 1;
		found = code;
	}
	if (found)
		set_value(b, f, multiple ? "MU7" : found, 3);
	return 0;
}

/* Convert the text s of field f and set it. */
static int convert(struct ctx *c, struct build *b, int f, const char *s, size_t len,
		   struct slds_error *err)
{
	const struct field_def *fd = &b->rec->fields[f];

	if (len > VALUE_MAX)
		return reject(c, b, fd->name, RULE_LENGTH, err, "%s is longer than 1 MiB", fd->name);
	if (len == 0)
		return 0;
	if (fd->type == FIELD_CODE) {
		const char *code;
		int rc;

		/*
		 * A letter grade is a string in Ed-Fi (GradeEarned), not a
		 * descriptor: the mark's own code, when it is one.
		 */
		if (!strcmp(fd->codeset, "mark") && !memchr(s, '#', len)) {
			const struct codeset_def *set = catalog_codeset(fd->codeset);
			size_t i;

			for (i = 0; set && i < set->nvalues; i++)
				if (strlen(set->values[i].code) == len &&
				    !memcmp(set->values[i].code, s, len)) {
					set_value(b, f, set->values[i].code, len);
					return 0;
				}
		}
		rc = map_descriptor(c, b, f, fd->codeset, s, len, &code, err);

		if (rc <= 0)
			return rc;
		if (code)
			set_value(b, f, code, strlen(code));
		else if (fd->flags & FIELD_REQUIRED)
			b->nocode = fd->name;
		return 0;
	}
	if (fd->type == FIELD_DATE && len > 10 && s[10] == 'T')
		len = 10;	/* xs:dateTime: the day */
	if (f == b->year_f && len < sizeof(b->year)) {
		char tmp[sizeof(b->year)];
		int y;

		memcpy(tmp, s, len);
		tmp[len] = '\0';
		if (parse_school_year(tmp, &y) == 0) {
			snprintf(b->year, sizeof(b->year), "%d", y);
			set_value(b, f, b->year, strlen(b->year));
			return 0;
		}
	}
	set_value(b, f, s, len);
	return 0;
}

/* Fill the fields still empty from what plan finds in entity. */
static int fill(struct ctx *c, struct build *b, const struct plan *pl, xmlNodePtr entity,
		struct slds_error *err)
{
	size_t i;
	int rc;

	for (i = 0; i < pl->n; i++) {
		const struct alt *a = &pl->alts[i];
		xmlNodePtr n;
		const char *s;
		size_t len;

		if (b->val[a->field])
			continue;
		if (!qualifies(c, entity, &a->path.step[0]))
			continue;
		if (a->path.pick == PICK_MIN || a->path.pick == PICK_MAX) {
			rc = pick_code(c, b, a->field, entity, &a->path, err);
		} else if (a->path.pick == PICK_RACE) {
			rc = pick_race(c, b, a->field, path_find(c, entity, &a->path, 1) ?
				       entity : entity, err);
		} else {
			n = path_find(c, entity, &a->path, 1);
			if (!n)
				continue;
			s = node_text(&c->sc, n, &len);
			rc = convert(c, b, a->field, s, len, err);
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* What the manifest gives a record its entities do not. */
static void manifest_defaults(struct ctx *c, struct build *b)
{
	if (b->lea_f >= 0 && !b->val[b->lea_f])
		set_value(b, b->lea_f, c->m->lea_id, c->lea_len);
	if (b->year_f >= 0 && !b->val[b->year_f])
		set_value(b, b->year_f, c->year, strlen(c->year));
}

static int write_row(struct ctx *c, struct build *b, struct slds_error *err)
{
	struct canon_writer *w = c->sink->writers[b->ri];
	const char *sub = c->sink->submission;
	char line[24], *p = line + sizeof(line);
	unsigned long long l = b->prov.line;
	size_t i;
	int rc = canon_writer_field(w, sub, c->sub_len, err);

	/* Digits from the right: snprintf is a noticeable cost per row. */
	do
		*--p = (char)('0' + l % 10);
	while ((l /= 10) != 0);

	if (!rc)
		rc = canon_writer_field(w, b->prov.file, strlen(b->prov.file), err);
	if (!rc)
		rc = canon_writer_raw(w, p, (size_t)(line + sizeof(line) - p), err);
	for (i = 0; i < b->rec->nfields && !rc; i++)
		rc = b->val[i] ? canon_writer_field(w, b->val[i], b->len[i], err)
			       : canon_writer_null(w, err);
	if (!rc)
		rc = canon_writer_end_row(w, err);
	return rc;
}

/* The end of a record: written, rejected or not collected, as its file counts. */
static int conclude(struct ctx *c, struct build *b, size_t file, struct slds_error *err)
{
	struct file_info *fi = &c->files[file];

	if (b->bad) {
		fi->rejected++;
		return 0;
	}
	if (b->nocode) {
		fi->skipped++;
		log_debug("file \"%s\" line %llu: %s record not collected (%s)", fi->mf->name,
			  b->prov.line, b->rec->name, b->nocode);
		return 0;
	}
	manifest_defaults(c, b);
	return write_row(c, b, err);
}

/* The same for a record read from one entity, counted as used. */
static int finish(struct ctx *c, struct build *b, size_t file, struct slds_error *err)
{
	c->files[file].used++;
	return conclude(c, b, file, err);
}

/* --- Packed values, for records held and joined later ---------------------- */

/*
 * [u8 count] then count x ([u8 field] [u32 len] bytes), after reserve bytes
 * left for the caller.
 */
static char *pack(const struct build *b, size_t reserve)
{
	size_t i, size = reserve + 1, n = 0;
	char *p, *q;

	for (i = 0; i < b->rec->nfields; i++)
		if (b->val[i])
			size += 5 + b->len[i];
	q = xmalloc(size);
	p = q + reserve;
	q = p + 1;
	for (i = 0; i < b->rec->nfields; i++) {
		uint32_t len;

		if (!b->val[i])
			continue;
		len = (uint32_t)b->len[i];
		*q++ = (char)i;
		memcpy(q, &len, 4);
		memcpy(q + 4, b->val[i], len);
		q += 4 + len;
		n++;
	}
	p[0] = (char)n;
	return p - reserve;
}

/* Fill b's empty fields from packed p (pointers into p). */
static void unpack(const char *p, struct build *b)
{
	size_t n = (unsigned char)*p++, i;

	for (i = 0; i < n; i++) {
		int f = (unsigned char)p[0];
		uint32_t len;

		memcpy(&len, p + 1, 4);
		if (!b->val[f])
			set_value(b, f, p + 5, len);
		p += 5 + len;
	}
}

static struct held *hold(struct held_list *l, int ri, size_t file, unsigned long line)
{
	struct held *h;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	h = &l->v[l->n++];
	memset(h, 0, sizeof(*h));
	h->ri = ri;
	h->file = file;
	h->line = line;
	return h;
}

static void held_release(struct held_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].values);
		free(l->v[i].key1);
		free(l->v[i].key2);
		free(l->v[i].key3);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* --- Keys ----------------------------------------------------------------- */

static void key_part(struct buf *k, const char *s, size_t len)
{
	if (k->len)
		buf_addch(k, KEY_SEP);
	buf_add(k, s ? s : "", s ? len : 0);
}

static void key_text(struct ctx *c, struct buf *k, xmlNodePtr n, const char *path)
{
	size_t len;
	const char *s = text_rel(&c->sc, n, path, &len);

	key_part(k, s, len);
}

/* A school year as a key part: its ending year, whatever its spelling. */
static void key_year(struct ctx *c, struct buf *k, xmlNodePtr n, const char *path)
{
	size_t len;
	const char *s = text_rel(&c->sc, n, path, &len);
	char tmp[16];
	int y;

	if (s && len < sizeof(tmp)) {
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		if (parse_school_year(tmp, &y) == 0) {
			snprintf(tmp, sizeof(tmp), "%d", y);
			key_part(k, tmp, strlen(tmp));
			return;
		}
	}
	key_part(k, c->year, strlen(c->year));
}

/* A Session, or a SessionIdentity: school, name, year. */
static void key_session(struct ctx *c, struct buf *k, xmlNodePtr n)
{
	key_text(c, k, n, "SchoolReference/SchoolIdentity/SchoolId");
	key_text(c, k, n, "SessionName");
	key_year(c, k, n, "SchoolYear");
}

/* A CourseOffering, or a CourseOfferingIdentity: course code, school, session. */
static void key_offering(struct ctx *c, struct buf *k, xmlNodePtr n)
{
	key_text(c, k, n, "LocalCourseCode");
	key_session(c, k, find_rel(n, "SessionReference/SessionIdentity"));
}

/* A Section, or a SectionIdentity. */
static void key_section(struct ctx *c, struct buf *k, xmlNodePtr n)
{
	key_text(c, k, n, "SectionIdentifier");
	key_offering(c, k, find_rel(n, "CourseOfferingReference/CourseOfferingIdentity"));
}

/* --- Handlers --------------------------------------------------------------- */

static int on_record(struct ctx *c, const struct entity_rule *r, size_t ri, size_t file,
		     unsigned long line, xmlNodePtr e, struct slds_error *err)
{
	struct build b;
	int rc;

	build_init(c, &b, (int)ri, file, line);
	rc = fill(c, &b, &c->plans[r - rules], e, err);
	return rc ? rc : finish(c, &b, file, err);
}

static int parse_date_text(const char *s, size_t len, struct date *d)
{
	return s && len >= 10 ? parse_date(s, 10, d) : PARSE_SYNTAX;
}

static int on_session(struct ctx *c, xmlNodePtr e)
{
	struct session_info si;
	size_t len, blen, elen, dlen, i;
	const char *term = text_rel(&c->sc, e, "Term", &len);
	const char *b = text_rel(&c->sc, e, "BeginDate", &blen);
	const char *en = text_rel(&c->sc, e, "EndDate", &elen);
	const char *d = text_rel(&c->sc, e, "TotalInstructionalDays", &dlen);
	int64_t days = 0;
	uint64_t total = 0;
	int overlaps = 0;

	memset(&si, 0, sizeof(si));
	buf_reset(&c->key);
	key_session(c, &c->key, e);
	if (strset_get(&c->sessions, c->key.data, c->key.len, NULL))
		return 0;
	if (term && len)
		si.term = xstrndup(term, len);
	if (d && parse_int64(d, dlen, 0, 366, &days) != PARSE_OK)
		days = 0;
	si.days = (long)days;
	if (parse_date_text(b, blen, &si.begin) || parse_date_text(en, elen, &si.end))
		si.days = 0;
	strset_add(&c->sessions, c->key.data, c->key.len, c->nsess, NULL);
	/* The school's year: its sessions' days, counting overlapping sessions once. */
	buf_reset(&c->key);
	key_text(c, &c->key, e, "SchoolReference/SchoolIdentity/SchoolId");
	key_year(c, &c->key, e, "SchoolYear");
	si.school_year = xstrndup(c->key.data, c->key.len);
	for (i = 0; i < c->nsess; i++) {
		const struct session_info *o = &c->sess[i];

		if (o->days && !strcmp(o->school_year, si.school_year) &&
		    date_compare(&o->begin, &si.end) <= 0 && date_compare(&si.begin, &o->end) <= 0)
			overlaps = 1;
	}
	if (si.days && !overlaps) {
		if (!strset_add(&c->school_days, c->key.data, c->key.len, (uint64_t)si.days, &total))
			strset_set(&c->school_days, c->key.data, c->key.len, total + (uint64_t)si.days);
	} else {
		si.days = 0;
	}
	if (c->nsess == c->csess) {
		c->csess = c->csess ? c->csess * 2 : 16;
		c->sess = xreallocarray(c->sess, c->csess, sizeof(*c->sess));
	}
	c->sess[c->nsess++] = si;
	return 0;
}

/*
 * A CalendarDate: when one of its events is an instructional day, the day
 * counts in the membership of the school's enrollments that span it.
 */
static int on_calendar_date(struct ctx *c, xmlNodePtr e)
{
	xmlNodePtr ev, ci = find_rel(e, "CalendarReference/CalendarIdentity");
	size_t len;
	const char *s, *code;
	struct date d;
	uint64_t v;
	int32_t i;
	int instructional = 0;

	for (ev = e->children; ev; ev = ev->next)
		if (ev->type == XML_ELEMENT_NODE && is_named(ev, "CalendarEvent")) {
			s = node_text(&c->sc, ev, &len);
			if (lookup(c, EDFI_SELECTORS, s, len, &code) && code &&
			    !strcmp(code, "instructional_day"))
				instructional = 1;
		}
	s = text_rel(&c->sc, e, "Date", &len);
	if (!instructional || !ci || parse_date_text(s, len, &d))
		return 0;
	buf_reset(&c->key);
	key_text(c, &c->key, ci, "SchoolReference/SchoolIdentity/SchoolId");
	key_year(c, &c->key, ci, "SchoolYear");
	if (!strset_get(&c->calendars, c->key.data, c->key.len, &v)) {
		struct date july1 = { 0, 7, 1 };
		const char *sep = memchr(c->key.data, KEY_SEP, c->key.len);
		int64_t y;

		/* key_year() made it an ending year. */
		if (!sep || parse_int64(sep + 1, (size_t)(c->key.data + c->key.len - sep - 1), 1900,
					9999, &y) != PARSE_OK)
			return 0;
		july1.year = (int)y - 1;
		if (c->ncal == c->ccal) {
			c->ccal = c->ccal ? c->ccal * 2 : 16;
			c->cal = xreallocarray(c->cal, c->ccal, sizeof(*c->cal));
		}
		v = c->ncal++;
		memset(&c->cal[v], 0, sizeof(c->cal[v]));
		c->cal[v].july1 = date_to_days(&july1);
		strset_add(&c->calendars, c->key.data, c->key.len, v, NULL);
	}
	i = date_to_days(&d) - c->cal[v].july1;
	if (i >= 0 && i < 366)
		c->cal[v].day[i / 8] |= (uint8_t)(1u << (i % 8));
	return 0;
}

/* The calendars' running counts, once their dates are all read. */
static void end_calendars(struct ctx *c)
{
	size_t k;
	int i;

	for (k = 0; k < c->ncal; k++) {
		struct calendar *cal = &c->cal[k];

		cal->before[0] = 0;
		for (i = 0; i < 366; i++)
			cal->before[i + 1] = (uint16_t)(cal->before[i] +
							((cal->day[i / 8] >> (i % 8)) & 1));
	}
}

/*
 * The instructional days of the spells of an attendance key (local ID,
 * school, year) in the school's calendar, or -1 when the submission gives
 * no spell or no calendar for it.
 */
static long long spell_days(const struct ctx *c, const char *key)
{
	const char *school_year = strchr(key, KEY_SEP) + 1;
	const struct calendar *cal;
	uint64_t v, sp;
	long long days = 0;

	if (!strset_get(&c->calendars, school_year, strlen(school_year), &v) ||
	    !strset_get(&c->spells, key, strlen(key), &sp))
		return -1;
	cal = &c->cal[v];
	for (; sp; sp = c->spell[sp - 1].next) {
		const struct spell *s = &c->spell[sp - 1];
		int64_t a = (int64_t)s->entry - cal->july1, b = (int64_t)s->exit - cal->july1 + 1;

		if (a < 0)
			a = 0;
		if (b > 366)
			b = 366;
		if (b > a)
			days += cal->before[b] - cal->before[a];
	}
	return days;
}

/* An enrollment record; an accepted one's spell is kept for attendance. */
static int on_enrollment(struct ctx *c, const struct entity_rule *r, size_t ri, size_t file,
			 unsigned long line, xmlNodePtr e, struct slds_error *err)
{
	static const char *const key_fields[] = { "local_id", "school_id", "school_year" };
	struct build b;
	struct spell s;
	struct date d;
	int f, i, rc;
	uint64_t prev;

	build_init(c, &b, (int)ri, file, line);
	rc = fill(c, &b, &c->plans[r - rules], e, err);
	if (!rc)
		rc = finish(c, &b, file, err);
	if (rc || b.bad || b.nocode)
		return rc;
	f = record_field_index(b.rec, "entry_date");
	if (f < 0 || !b.val[f] || parse_date_text(b.val[f], b.len[f], &d))
		return 0;
	s.entry = date_to_days(&d);
	s.exit = INT32_MAX;
	f = record_field_index(b.rec, "exit_date");
	if (f >= 0 && b.val[f]) {
		if (parse_date_text(b.val[f], b.len[f], &d))
			return 0;
		s.exit = date_to_days(&d);
	}
	if (s.exit < s.entry)
		return 0;	/* validation rejects it; attendance falls back on the sessions */
	buf_reset(&c->key);
	for (i = 0; i < 3; i++) {
		f = record_field_index(b.rec, key_fields[i]);
		if (f < 0 || !b.val[f])
			return 0;
		key_part(&c->key, b.val[f], b.len[f]);
	}
	if (c->nspell == c->cspell) {
		c->cspell = c->cspell ? c->cspell * 2 : 64;
		c->spell = xreallocarray(c->spell, c->cspell, sizeof(*c->spell));
	}
	s.next = 0;
	if (!strset_add(&c->spells, c->key.data, c->key.len, c->nspell + 1, &prev)) {
		s.next = (size_t)prev;
		strset_set(&c->spells, c->key.data, c->key.len, c->nspell + 1);
	}
	c->spell[c->nspell++] = s;
	return 0;
}

/* The Term descriptor of the session a node identifies, or NULL. */
static const char *session_term(struct ctx *c, xmlNodePtr session_identity)
{
	uint64_t v;

	if (!session_identity)
		return NULL;
	buf_reset(&c->key);
	key_session(c, &c->key, session_identity);
	return strset_get(&c->sessions, c->key.data, c->key.len, &v) ? c->sess[v].term : NULL;
}

/* Set field name of b from a descriptor found elsewhere, if still empty. */
static int set_descriptor(struct ctx *c, struct build *b, const char *name, const char *s,
			  struct slds_error *err)
{
	int f = record_field_index(b->rec, name);

	if (f < 0 || b->val[f] || !s)
		return 0;
	return convert(c, b, f, s, strlen(s), err);
}

static int set_text(struct build *b, const char *name, const char *s)
{
	int f = record_field_index(b->rec, name);

	if (f >= 0 && s && !b->val[f])
		set_value(b, f, s, strlen(s));
	return 0;
}

static int on_assessment_meta(struct ctx *c, xmlNodePtr e)
{
	size_t len;
	const char *subject = text_rel(&c->sc, e, "AcademicSubject", &len);

	buf_reset(&c->key);
	key_text(c, &c->key, e, "AssessmentIdentifier");
	key_text(c, &c->key, e, "Namespace");
	if (subject)
		remember(c, &c->assessments, &c->key, subject, len);
	return 0;
}

/* The held staff record of a staff ID, made if new. */
static struct held *staff_for(struct ctx *c, size_t ri, const char *id, size_t len, size_t file,
			      unsigned long line)
{
	uint64_t v;

	if (strset_get(&c->staff_index, id, len, &v))
		return &c->staff.v[v];
	strset_add(&c->staff_index, id, len, c->staff.n, NULL);
	return hold(&c->staff, (int)ri, file, line);
}

static int on_staff(struct ctx *c, const struct entity_rule *r, size_t ri, size_t file,
		    unsigned long line, xmlNodePtr e, struct slds_error *err)
{
	struct build b;
	struct held *h;
	const char *id;
	size_t len;
	int rc, primary = r->kind == K_STAFF;
	xmlNodePtr ch;

	build_init(c, &b, (int)ri, file, line);
	id = primary ? text_rel(&c->sc, e, "StaffUniqueId", &len)
		     : text_rel(&c->sc, e, "StaffReference/StaffIdentity/StaffUniqueId", &len);
	if (!id || !len) {
		rc = reject(c, &b, "staff_id", RULE_REQUIRED, err, "%s has no StaffUniqueId",
			    r->element);
		c->files[file].used++;
		c->files[file].rejected++;
		return rc;
	}
	h = staff_for(c, ri, id, len, file, line);
	if (h->values)
		unpack(h->values, &b);
	rc = fill(c, &b, &c->plans[r - rules], e, err);
	if (rc)
		return rc;
	if (b.bad) {
		/* The problem is reported; the staff record goes without this entity. */
		c->files[file].used++;
		c->files[file].rejected++;
		return 0;
	}
	c->files[file].used++;
	/* The assignment's staff ID too: the record may be made from it alone. */
	set_value(&b, record_field_index(b.rec, "staff_id"), id, len);
	{
		char *packed = pack(&b, 0);	/* b points into the old values */

		free(h->values);
		h->values = packed;
	}
	if (primary) {
		h->has_primary = 1;
		h->file = file;
		h->line = line;
		/* The credentials it holds. */
		for (ch = e->children; ch; ch = ch->next) {
			const char *cred;
			size_t clen;

			if (!is_named(ch, "CredentialReference"))
				continue;
			cred = text_rel(&c->sc, ch, "CredentialIdentity/CredentialIdentifier", &clen);
			if (!cred || !clen)
				continue;
			buf_reset(&c->key);
			key_part(&c->key, cred, clen);
			remember(c, &c->credential_staff, &c->key, id, len);
		}
	}
	return 0;
}

static int on_held(struct ctx *c, const struct entity_rule *r, struct held_list *l, size_t ri,
		   size_t file, unsigned long line, xmlNodePtr e, struct slds_error *err)
{
	struct build b;
	struct held *h;
	int rc;

	build_init(c, &b, (int)ri, file, line);
	rc = fill(c, &b, &c->plans[r - rules], e, err);
	if (rc)
		return rc;
	c->files[file].used++;
	if (b.bad) {
		c->files[file].rejected++;
		return 0;
	}
	h = hold(l, (int)ri, file, line);
	h->has_primary = 1;
	h->values = pack(&b, 0);
	if (r->kind == K_SECTION) {
		xmlNodePtr off = find_rel(e, "CourseOfferingReference/CourseOfferingIdentity");

		buf_reset(&c->key);
		key_section(c, &c->key, e);
		h->key1 = xstrndup(c->key.data, c->key.len);
		buf_reset(&c->key);
		key_offering(c, &c->key, off);
		h->key2 = xstrndup(c->key.data, c->key.len);
		buf_reset(&c->key);
		key_session(c, &c->key, find_rel(off, "SessionReference/SessionIdentity"));
		h->key3 = xstrndup(c->key.data, c->key.len);
	}
	return 0;
}

static int on_staff_section(struct ctx *c, const struct entity_rule *r, size_t ri,
			    xmlNodePtr e, struct slds_error *err)
{
	struct build b;
	int f, rc;

	build_init(c, &b, (int)ri, 0, 0);
	rc = fill(c, &b, &c->plans[r - rules], e, err);
	f = record_field_index(b.rec, "staff_id");
	if (rc || b.bad || f < 0 || !b.val[f])
		return rc;
	buf_reset(&c->key);
	key_section(c, &c->key, find_rel(e, "SectionReference/SectionIdentity"));
	remember(c, &c->teachers, &c->key, b.val[f], b.len[f]);
	return 0;
}

static int on_offering(struct ctx *c, xmlNodePtr e)
{
	size_t len;
	const char *course = text_rel(&c->sc, e, "CourseReference/CourseIdentity/CourseCode", &len);

	buf_reset(&c->key);
	key_offering(c, &c->key, e);
	if (course && len)
		remember(c, &c->offerings, &c->key, course, len);
	return 0;
}

/* A student's demographics: the packed values, after a head byte of flags. */
#define DEMO_LEA 1		/* from an association with the submitting LEA itself */
#define DEMO_REJECTED 2		/* the association was rejected */

static int on_seoa(struct ctx *c, const struct entity_rule *r, size_t ri, size_t file,
		   unsigned long line, xmlNodePtr e, struct slds_error *err)
{
	struct build b;
	const char *id, *org;
	size_t len, olen;
	char *blob;
	uint64_t v;
	int rc, lea;

	build_init(c, &b, (int)ri, file, line);
	id = text_rel(&c->sc, e, "StudentReference/StudentIdentity/StudentUniqueId", &len);
	c->files[file].used++;
	if (!id || !len) {
		c->files[file].rejected++;
		return reject(c, &b, "local_id", RULE_REQUIRED, err,
			      "StudentEducationOrganizationAssociation has no StudentUniqueId");
	}
	set_value(&b, record_field_index(b.rec, "local_id"), id, len);
	rc = fill(c, &b, &c->plans[r - rules], e, err);
	if (rc)
		return rc;
	if (b.bad)
		c->files[file].rejected++;
	org = text_rel(&c->sc, e, "EducationOrganizationReference/EducationOrganizationIdentity/EducationOrganizationId",
		       &olen);
	lea = org && olen == strlen(c->m->lea_id) && !memcmp(org, c->m->lea_id, olen);
	blob = pack(&b, 1);
	blob[0] = (char)((lea ? DEMO_LEA : 0) | (b.bad ? DEMO_REJECTED : 0));
	/* One probe: the common case is a new student. */
	if (strset_add(&c->demographics, id, len, c->nstrings, &v)) {
		keep(c, blob);
	} else if (!(c->strings[v][0] & DEMO_LEA) && lea) {
		/* An association with the LEA itself wins over one with a school. */
		free(c->strings[v]);
		c->strings[v] = blob;
	} else {
		free(blob);
	}
	return 0;
}

static int on_student(struct ctx *c, const struct entity_rule *r, size_t ri, size_t file,
		      unsigned long line, xmlNodePtr e, struct slds_error *err)
{
	struct build b;
	int f, rc;
	uint64_t v;

	build_init(c, &b, (int)ri, file, line);
	rc = fill(c, &b, &c->plans[r - rules], e, err);
	if (rc)
		return rc;
	f = record_field_index(b.rec, "local_id");
	if (f >= 0 && b.val[f] && strset_get(&c->demographics, b.val[f], b.len[f], &v)) {
		const char *blob = c->strings[v];

		if (blob[0] & DEMO_REJECTED) {
			rc = reject(c, &b, NULL, RULE_CODE, err,
				    "the student's StudentEducationOrganizationAssociation was rejected");
			if (rc)
				return rc;
		}
		/* The association's sex and race come before the Student's birth sex. */
		{
			struct build d;
			size_t i;

			build_init(c, &d, (int)ri, file, line);
			unpack(blob + 1, &d);
			for (i = 0; i < b.rec->nfields; i++)
				if (d.val[i])
					set_value(&b, (int)i, d.val[i], d.len[i]);
		}
	}
	return finish(c, &b, file, err);
}

/* Hundredths of a day from EventDuration; 1 day when absent. */
static int event_duration(struct ctx *c, xmlNodePtr e, int64_t *hundredths)
{
	size_t len;
	const char *s = text_rel(&c->sc, e, "AttendanceEvent/EventDuration", &len);

	*hundredths = 100;
	if (!s || !len)
		return 0;
	return parse_decimal(s, len, 2, 0, 100, hundredths) == PARSE_OK ? 0 : -1;
}

static int on_attendance(struct ctx *c, const struct entity_rule *r, size_t ri, size_t file,
			 unsigned long line, xmlNodePtr e, struct slds_error *err)
{
	struct build b;
	const char *code, *cat;
	size_t len, i;
	int64_t d;
	uint64_t v;
	struct att *a;
	int rc;
	static const char *const key_fields[] = { "local_id", "school_id", "school_year" };

	build_init(c, &b, (int)ri, file, line);
	rc = fill(c, &b, &c->plans[r - rules], e, err);
	if (rc)
		return rc;
	manifest_defaults(c, &b);
	c->files[file].used++;
	for (i = 0; i < 2; i++)
		if (!b.val[record_field_index(b.rec, key_fields[i])]) {
			rc = reject(c, &b, key_fields[i], RULE_REQUIRED, err,
				    "the attendance event has no %s", key_fields[i]);
			if (rc)
				return rc;
		}
	cat = text_rel(&c->sc, e, "AttendanceEvent/AttendanceEventCategory", &len);
	if (!b.bad) {
		rc = map_descriptor(c, &b, -1, EDFI_SELECTORS, cat ? cat : "", cat ? len : 0, &code,
				    err);
		if (rc < 0)
			return rc;
	}
	if (!b.bad && event_duration(c, e, &d)) {
		rc = reject(c, &b, NULL, RULE_NUMBER, err,
			    "EventDuration is not a number of days from 0 to 1");
		if (rc)
			return rc;
	}
	if (b.bad) {
		c->files[file].rejected++;
		return 0;
	}
	if (!code)
		return 0;	/* an event the state does not count */
	buf_reset(&c->key);
	for (i = 0; i < 3; i++) {
		int f = record_field_index(b.rec, key_fields[i]);

		key_part(&c->key, b.val[f], b.len[f]);
	}
	if (!strset_get(&c->attendance, c->key.data, c->key.len, &v)) {
		if (c->natt == c->catt) {
			c->catt = c->catt ? c->catt * 2 : 64;
			c->att = xreallocarray(c->att, c->catt, sizeof(*c->att));
		}
		v = c->natt++;
		a = &c->att[v];
		memset(a, 0, sizeof(*a));
		a->file = file;
		a->line = line;
		a->key = xstrndup(c->key.data, c->key.len);
		strset_add(&c->attendance, c->key.data, c->key.len, v, NULL);
	}
	a = &c->att[v];
	if (!strcmp(code, "present"))
		a->present += d;
	else if (!strcmp(code, "excused"))
		a->excused += d;
	else if (!strcmp(code, "unexcused"))
		a->unexcused += d;
	else if (!strcmp(code, "tardy"))
		a->tardy += d;
	return 0;
}

static int on_grade(struct ctx *c, const struct entity_rule *r, size_t ri, size_t file,
		    unsigned long line, xmlNodePtr e, struct slds_error *err)
{
	const struct plan *pl = &c->plans[r - rules];
	struct build b;
	xmlNodePtr off;
	int rc;

	/* Only final grades are course grades: the selector is on the entity. */
	if (pl->n && !qualifies(c, e, &pl->alts[0].path.step[0])) {
		c->files[file].ignored++;
		return 0;
	}
	build_init(c, &b, (int)ri, file, line);
	off = find_rel(e, "StudentSectionAssociationReference/StudentSectionAssociationIdentity/"
			  "SectionReference/SectionIdentity/CourseOfferingReference/CourseOfferingIdentity");
	if (off) {
		buf_reset(&c->key);
		key_offering(c, &c->key, off);
		set_text(&b, "course_code", recall(c, &c->offerings, &c->key));
		rc = set_descriptor(c, &b, "term",
				    session_term(c, find_rel(off, "SessionReference/SessionIdentity")), err);
		if (rc)
			return rc;
	}
	rc = fill(c, &b, pl, e, err);
	return rc ? rc : finish(c, &b, file, err);
}

static int on_student_assessment(struct ctx *c, const struct entity_rule *r, size_t ri,
				 size_t file, unsigned long line, xmlNodePtr e,
				 struct slds_error *err)
{
	struct build b;
	xmlNodePtr id = find_rel(e, "AssessmentReference/AssessmentIdentity");
	int rc;

	build_init(c, &b, (int)ri, file, line);
	rc = fill(c, &b, &c->plans[r - rules], e, err);
	if (!rc && id) {
		buf_reset(&c->key);
		key_text(c, &c->key, id, "AssessmentIdentifier");
		key_text(c, &c->key, id, "Namespace");
		rc = set_descriptor(c, &b, "subject", recall(c, &c->assessments, &c->key), err);
	}
	return rc ? rc : finish(c, &b, file, err);
}

static int dispatch(struct ctx *c, const struct entity_rule *r, size_t file, unsigned long line,
		    xmlNodePtr e, struct slds_error *err)
{
	const struct record_def *rec = catalog_record(r->record);
	size_t ri = (size_t)(rec - catalog_record_at(0));

	switch (r->kind) {
	case K_RECORD:
		return on_record(c, r, ri, file, line, e, err);
	case K_SESSION:
		c->files[file].used++;
		return on_session(c, e);
	case K_CALENDAR_DATE:
		c->files[file].used++;
		return on_calendar_date(c, e);
	case K_ENROLLMENT:
		return on_enrollment(c, r, ri, file, line, e, err);
	case K_ASSESSMENT_META:
		c->files[file].used++;
		return on_assessment_meta(c, e);
	case K_STAFF:
	case K_STAFF_PART:
		return on_staff(c, r, ri, file, line, e, err);
	case K_CREDENTIAL:
		return on_held(c, r, &c->credentials, ri, file, line, e, err);
	case K_STAFF_SECTION:
		c->files[file].used++;
		return on_staff_section(c, r, ri, e, err);
	case K_OFFERING:
		c->files[file].used++;
		return on_offering(c, e);
	case K_SECTION:
		return on_held(c, r, &c->sections, ri, file, line, e, err);
	case K_SEOA:
		return on_seoa(c, r, ri, file, line, e, err);
	case K_STUDENT:
		return on_student(c, r, ri, file, line, e, err);
	case K_ATTENDANCE:
		return on_attendance(c, r, ri, file, line, e, err);
	case K_GRADE:
		return on_grade(c, r, ri, file, line, e, err);
	case K_STUDENT_ASSESSMENT:
		return on_student_assessment(c, r, ri, file, line, e, err);
	}
	return error_set(err, SLDS_EINTERNAL, "unknown kind of Ed-Fi entity");
}

/* --- Ends of interchanges: the held records ---------------------------------- */

/* What a held record gets from the entities read after it; may reject it. */
typedef int (*join_fn)(struct ctx *c, struct build *b, const struct held *h,
		       struct slds_error *err);

static int join_staff(struct ctx *c, struct build *b, const struct held *h,
		      struct slds_error *err)
{
	unpack(h->values, b);
	if (h->has_primary)
		return 0;
	return reject(c, b, "staff_id", RULE_REQUIRED, err,
		      "the staff member has an assignment or employment but no Staff entity");
}

static int join_credential(struct ctx *c, struct build *b, const struct held *h,
			   struct slds_error *err)
{
	int f;

	unpack(h->values, b);
	f = record_field_index(b->rec, "credential_id");
	if (b->val[f]) {
		buf_reset(&c->key);
		key_part(&c->key, b->val[f], b->len[f]);
		set_text(b, "staff_id", recall(c, &c->credential_staff, &c->key));
	}
	if (b->val[record_field_index(b->rec, "staff_id")])
		return 0;
	return reject(c, b, "staff_id", RULE_REQUIRED, err,
		      "no Staff entity in the submission references this credential");
}

/* The offering's course and the session's term come before the Section's own. */
static int join_section(struct ctx *c, struct build *b, const struct held *h,
			struct slds_error *err)
{
	uint64_t v;
	int rc = 0;

	buf_reset(&c->key);
	buf_adds(&c->key, h->key2);
	set_text(b, "course_code", recall(c, &c->offerings, &c->key));
	buf_reset(&c->key);
	buf_adds(&c->key, h->key1);
	set_text(b, "staff_id", recall(c, &c->teachers, &c->key));
	if (strset_get(&c->sessions, h->key3, strlen(h->key3), &v))
		rc = set_descriptor(c, b, "term", c->sess[v].term, err);
	unpack(h->values, b);
	return rc;
}

static int emit_held(struct ctx *c, const struct held_list *l, join_fn join,
		     struct slds_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < l->n && !rc; i++) {
		const struct held *h = &l->v[i];
		struct build b;

		build_init(c, &b, h->ri, h->file, h->line);
		rc = join(c, &b, h, err);
		if (!rc)
			rc = conclude(c, &b, h->file, err);
	}
	return rc;
}

/* Hundredths of a day as "12" or "12.5": one decimal place, rounded half up. */
static void format_days(long long hundredths, char out[24])
{
	long long tenths = (hundredths + 5) / 10;

	if (tenths % 10)
		snprintf(out, 24, "%lld.%lld", tenths / 10, tenths % 10);
	else
		snprintf(out, 24, "%lld", tenths / 10);
}

/*
 * Days in membership and present, as best the events say: when the LEA
 * reports days in attendance, membership is every day with an event; when
 * it reports absences (and tardies) only, the student was present on the
 * other days of membership, which are the instructional days of the
 * student's enrollment spells at the school (StudentSchoolAssociation,
 * entry and exit dates both included) in the school's calendar
 * (CalendarDate), or failing those the school's instructional days (its
 * sessions in the submission's EducationOrgCalendar).  Without either,
 * they stay empty.
 */
static int emit_attendance(struct ctx *c, struct slds_error *err)
{
	static const char *const days[] = {
		"days_in_membership", "days_present", "days_excused", "days_unexcused"
	};
	size_t i, k;
	int rc = 0;

	for (i = 0; i < c->natt && !rc; i++) {
		const struct att *a = &c->att[i];
		const struct record_def *rec = catalog_record("attendance");
		const char *key = a->key, *sep;
		long long v[4] = { -1, -1, a->excused, a->unexcused };
		struct build b;
		uint64_t school_days;
		long long spelled;

		build_init(c, &b, (int)(rec - catalog_record_at(0)), a->file, a->line);
		/* The key is local ID, school, year. */
		sep = strchr(key, KEY_SEP);
		set_value(&b, record_field_index(rec, "local_id"), key, (size_t)(sep - key));
		key = sep + 1;
		sep = strchr(key, KEY_SEP);
		set_value(&b, record_field_index(rec, "school_id"), key, (size_t)(sep - key));
		set_value(&b, record_field_index(rec, "school_year"), sep + 1, strlen(sep + 1));
		if (a->present) {
			v[0] = a->present + a->tardy + a->excused + a->unexcused;
			v[1] = a->present + a->tardy;
		} else if ((spelled = spell_days(c, a->key)) >= 0) {
			v[0] = spelled * 100;
			v[1] = v[0] - a->excused - a->unexcused;
		} else if (strset_get(&c->school_days, key, strlen(key), &school_days)) {
			v[0] = (long long)school_days * 100;
			v[1] = v[0] - a->excused - a->unexcused;
		} else {
			c->not_found++;
		}
		for (k = 0; k < 4; k++) {
			if (v[k] < 0 && k < 2)
				continue;
			format_days(v[k], b.days[k]);
			set_value(&b, record_field_index(rec, days[k]), b.days[k], strlen(b.days[k]));
		}
		rc = conclude(c, &b, a->file, err);
	}
	if (!rc && c->not_found)
		log_warning("%llu attendance records have no days in membership or present: the LEA reports absences only and the submission has no sessions (EducationOrgCalendar) for their school and year",
			    c->not_found);
	return rc;
}

static int end_interchange(struct ctx *c, enum interchange ic, struct slds_error *err)
{
	switch (ic) {
	case IC_STAFF: {
		int rc = emit_held(c, &c->staff, join_staff, err);

		return rc ? rc : emit_held(c, &c->credentials, join_credential, err);
	}
	case IC_SCHEDULE:
		return emit_held(c, &c->sections, join_section, err);
	case IC_ATTENDANCE:
		return emit_attendance(c, err);
	case IC_CALENDAR:
		end_calendars(c);
		return 0;
	default:
		return 0;
	}
}

/* --- Plans: the catalog's paths, per entity ----------------------------------- */

static int make_plans(struct ctx *c, struct slds_error *err)
{
	size_t r;

	for (r = 0; r < NRULES; r++) {
		const struct entity_rule *rule = &rules[r];
		const struct record_def *rec = catalog_record(rule->record);
		const char *alias = rule->alias ? rule->alias : rule->element;
		struct plan *pl = &c->plans[r];
		size_t f;

		if (!rec)
			return error_set(err, SLDS_EINTERNAL, "no record type \"%s\"", rule->record);
		for (f = 0; f < rec->nfields; f++) {
			const char *p = rec->fields[f].edfi_path;

			while (p && *p) {
				const char *bar = strchr(p, '|');
				size_t len = bar ? (size_t)(bar - p) : strlen(p);
				struct path path;

				if (path_parse(p, len, &path))
					return error_set(err, SLDS_EINTERNAL,
							 "the Ed-Fi path of field %s.%s is malformed",
							 rec->name, rec->fields[f].name);
				if (!strcmp(path.step[0].name, alias)) {
					if (!strcmp(rec->fields[f].name, "race_ethnicity"))
						path.pick = PICK_RACE;
					pl->alts = xreallocarray(pl->alts, pl->n + 1, sizeof(*pl->alts));
					pl->alts[pl->n].field = (int)f;
					pl->alts[pl->n].path = path;
					pl->n++;
				}
				p = bar ? bar + 1 : NULL;
			}
		}
	}
	return 0;
}

/* --- Files ------------------------------------------------------------------- */

static const struct entity_rule *find_rule(enum interchange ic, const char *element)
{
	size_t r;

	for (r = 0; r < NRULES; r++)
		if (rules[r].ic == ic && !strcmp(rules[r].element, element))
			return &rules[r];
	return NULL;
}

/* Does the interchange give (or help make) records of this type? */
static int gives(enum interchange ic, const char *record)
{
	const char *p = interchange_docs[ic].records;
	size_t n = strlen(record);

	while (p && *p) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);

		if (len == n && !memcmp(p, record, n))
			return 1;
		p = sp ? sp + 1 : NULL;
	}
	return 0;
}

/* What the start of a file says: its interchange, version and schema. */
static int plan_file(struct ctx *c, struct file_info *fi, struct slds_error *err)
{
	struct manifest_file *mf = fi->mf;
	struct edfi_doc doc;
	size_t i, n;
	int major, rc;

	rc = edfi_peek(fi->path, mf->name, &doc, err);
	if (rc == SLDS_ENOENT) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" named in the manifest does not exist",
			       mf->name);
		error_detail(err, "The manifest lists it on line %u.", mf->line);
	}
	if (rc)
		return rc;
	if (edfi_data_standard(doc.ns, fi->version, sizeof(fi->version), &major)) {
		error_set(err, SLDS_EDATA, "file \"%s\" is not an Ed-Fi interchange of Data Standard 4 or 5",
			  mf->name);
		error_detail(err, "Its root element \"%s\" is in namespace \"%s\".", doc.root, doc.ns);
		error_hint(err, "Ed-Fi bulk XML files of Data Standard 4.x or 5.x have namespace http://ed-fi.org/5.2.0, for example.");
		return SLDS_EDATA;
	}
	for (i = 0; i < IC_COUNT && strcmp(interchange_docs[i].root, doc.root); i++)
		;
	if (i == IC_COUNT) {
		struct buf list = BUF_INIT(4096);

		for (n = 0; n < IC_COUNT; n++)
			buf_addf(&list, "%s%s", n ? ", " : "", interchange_docs[n].root);
		error_set(err, SLDS_EDATA, "file \"%s\" is an %s, which slds does not read", mf->name,
			  doc.root);
		error_hint(err, "The interchanges slds reads are %s.", list.data);
		buf_release(&list);
		return SLDS_EDATA;
	}
	fi->ic = (enum interchange)i;
	if (mf->record && !gives(fi->ic, mf->record)) {
		error_set(err, SLDS_EDATA, "file \"%s\" is an %s, which gives no %s records",
			  mf->name, doc.root, mf->record);
		error_detail(err, "It gives: %s.", interchange_docs[i].records);
		error_hint(err, "Correct \"record\" in the manifest, or leave it out for Ed-Fi files.");
		return SLDS_EDATA;
	}
	if (!mf->record) {
		const char *sp = strchr(interchange_docs[i].records, ' ');

		mf->record = sp ? xstrndup(interchange_docs[i].records,
					   (size_t)(sp - interchange_docs[i].records))
				: xstrdup(interchange_docs[i].records);
	}
	if (c->sink->schemas && c->sink->schemas->ndirs) {
		rc = edfi_schemas_get(c->sink->schemas, fi->version, doc.root, &fi->schema, err);
		if (rc) {
			error_prefix(err, "file \"%s\"", mf->name);
			return rc;
		}
	}
	return 0;
}

/* The plans' element names as this file's reader interns them. */
static void intern_names(struct ctx *c, xmlTextReaderPtr xr)
{
	size_t r, a;
	int k;

	for (r = 0; r < NRULES; r++)
		for (a = 0; a < c->plans[r].n; a++) {
			struct path *p = &c->plans[r].alts[a].path;

			for (k = 0; k < p->n; k++) {
				struct step *st = &p->step[k];

				st->iname = xmlTextReaderConstString(xr, (const xmlChar *)st->name);
				st->iqual = st->qual_code ? xmlTextReaderConstString(xr,
						(const xmlChar *)st->qual_child) : NULL;
			}
		}
}

static int read_file_entities(struct ctx *c, size_t file, struct slds_error *err)
{
	struct file_info *fi = &c->files[file];
	struct edfi_reader r;
	struct sha256 hash;
	char hex[SHA256_HEX_LEN + 1];
	xmlNodePtr node;
	unsigned long line;
	int rc;

	sha256_init(&hash);
	c->last_name = NULL;
	rc = edfi_reader_open(&r, fi->path, fi->mf->name, fi->schema, &hash, err);
	if (!rc)
		intern_names(c, r.xr);
	while (!rc && (rc = edfi_reader_next(&r, &node, &line, err)) == 1) {
		const struct entity_rule *rule;

		/* Element names are interned by the reader: one lookup per name. */
		if (node->name != c->last_name) {
			c->last_name = node->name;
			c->last_rule = find_rule(fi->ic, (const char *)node->name);
		}
		rule = c->last_rule;

		rc = 0;
		if (!rule)
			fi->ignored++;
		else
			rc = dispatch(c, rule, file, line, node, err);
		scratch_release(&c->sc);
	}
	scratch_release(&c->sc);
	fi->mf->size = r.bytes;
	edfi_reader_close(&r);
	sha256_final(&hash, hex);
	if (rc < 0)
		return rc;
	rc = manifest_file_check_sha256(fi->mf, hex, err);
	if (rc)
		return rc;
	fi->mf->rows = fi->used;
	fi->mf->rejected = fi->rejected;
	log_info("read file \"%s\" (%s, Data Standard %s): %llu entities used, %llu rejected, %llu not collected, %llu of other kinds ignored",
		 fi->mf->name, interchange_docs[fi->ic].root, fi->version, fi->used, fi->rejected,
		 fi->skipped, fi->ignored);
	return 0;
}

static int cmp_files(const void *a, const void *b)
{
	const struct file_info *x = a, *y = b;

	if (x->ic != y->ic)
		return x->ic < y->ic ? -1 : 1;
	return x->mf < y->mf ? -1 : x->mf > y->mf;
}

static void ctx_release(struct ctx *c)
{
	size_t i;

	for (i = 0; i < NRULES; i++)
		free(c->plans[i].alts);
	for (i = 0; i < c->nfiles; i++)
		free(c->files[i].path);
	free(c->files);
	for (i = 0; i < c->nstrings; i++)
		free(c->strings[i]);
	free(c->strings);
	for (i = 0; i < c->nsess; i++) {
		free(c->sess[i].school_year);
		free(c->sess[i].term);
	}
	free(c->sess);
	for (i = 0; i < c->natt; i++)
		free(c->att[i].key);
	free(c->att);
	held_release(&c->staff);
	held_release(&c->credentials);
	held_release(&c->sections);
	strset_release(&c->sessions);
	strset_release(&c->school_days);
	strset_release(&c->assessments);
	strset_release(&c->offerings);
	strset_release(&c->teachers);
	strset_release(&c->credential_staff);
	strset_release(&c->staff_index);
	strset_release(&c->demographics);
	strset_release(&c->attendance);
	strset_release(&c->calendars);
	free(c->cal);
	strset_release(&c->spells);
	free(c->spell);
	scratch_release(&c->sc);
	free(c->sc.owned);
	buf_release(&c->key);
}

int edfi_ingest_files(const struct edfi_sink *sink, struct manifest *m, struct slds_error *err)
{
	struct ctx c;
	size_t i;
	int rc;

	memset(&c, 0, sizeof(c));
	c.sink = sink;
	c.m = m;
	buf_init(&c.key, 64 * 1024);
	snprintf(c.year, sizeof(c.year), "%d", m->school_year);
	c.lea_len = strlen(m->lea_id);
	c.sub_len = strlen(sink->submission);
	if (catalog_nrecords() > MAX_RECORDS) {
		rc = error_set(err, SLDS_EINTERNAL, "more record types than the Ed-Fi reader knows");
		goto cleanup;
	}
	for (i = 0; i < catalog_nrecords(); i++) {
		const struct record_def *rec = catalog_record_at(i);

		c.known[i].local = record_field_index(rec, "local_id");
		c.known[i].lea = record_field_index(rec, "lea_id");
		c.known[i].year = record_field_index(rec, "school_year");
	}
	rc = make_plans(&c, err);
	if (rc)
		goto cleanup;
	for (i = 0; i < m->nfiles; i++)
		if (!strcmp(m->files[i].format, "edfi"))
			c.nfiles++;
	if (!c.nfiles)
		goto cleanup;
	c.files = xcalloc(c.nfiles, sizeof(*c.files));
	c.nfiles = 0;
	for (i = 0; i < m->nfiles; i++) {
		struct file_info *fi;

		if (strcmp(m->files[i].format, "edfi"))
			continue;
		fi = &c.files[c.nfiles++];
		fi->mf = &m->files[i];
		fi->path = path_join(sink->dir, m->files[i].name);
		rc = plan_file(&c, fi, err);
		if (rc)
			goto cleanup;
	}
	/* In the order entities depend on each other; the manifest's within one interchange. */
	qsort(c.files, c.nfiles, sizeof(*c.files), cmp_files);
	for (i = 0; i < c.nfiles; i++) {
		rc = read_file_entities(&c, i, err);
		if (!rc && (i + 1 == c.nfiles || c.files[i + 1].ic != c.files[i].ic))
			rc = end_interchange(&c, c.files[i].ic, err);
		if (rc)
			goto cleanup;
	}

cleanup:
	ctx_release(&c);
	return rc;
}
