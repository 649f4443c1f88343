/*
 * rules.c: loading, compiling and applying the state's rules file, and
 * publishing it (rules.h has the format).
 *
 * Loading reads every [rule] section first and compiles the checks after,
 * when each rule's record type is known; every fault names the file and the
 * line of the key at fault.  Applying a rule costs a few comparisons: field
 * indexes, numbers, patterns and code lists are resolved at load time.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <errno.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "fsutil.h"
#include "ini.h"
#include "parse.h"
#include "rules.h"
#include "banned.h"

#define OPEN_END 99999999L

static const char *const kind_names[] = {
	"required", "pattern", "codes", "range", "in_year", "compare", "sum", "together",
	"implies", "age", "age_for_grade", "unique", "exists", "no_overlap",
	"submission_year", "scale", "submission_lea", "ssid_exists", "ssid_active", "lea_school", "fte_total"
};

int check_is_level2(enum check_kind kind)
{
	return kind >= CHECK_SSID_EXISTS;
}

const char *rule_kind_name(enum check_kind kind)
{
	return kind_names[kind];
}

/* The lines of a rule's keys, for messages about them. */
struct key_lines {
	unsigned record, check, message, severity, level;
};

struct loader {
	struct rulebook *rb;
	struct key_lines *lines;	/* one per rule */
	size_t cap;
	int in_rule;
};

static struct rule *current(struct loader *ld)
{
	return &ld->rb->rules[ld->rb->nrules - 1];
}

static int set_text(char **slot, const char *key, const char *value, struct slds_error *err)
{
	if (*slot)
		return error_set(err, SLDS_EDATA, "\"%s\" is given twice", key);
	*slot = xstrdup(value);
	return 0;
}

static int parse_rule_id(struct rule *r, const char *id, struct slds_error *err)
{
	const char *dot = strchr(id, '.');
	size_t i, codelen = dot ? (size_t)(dot - id) : 0;
	int64_t n;

	if (!dot || codelen < 2 || codelen > 4 || strlen(dot + 1) != 4 ||
	    parse_int64(dot + 1, 4, 101, 9999, &n) != PARSE_OK)
		return error_set(err, SLDS_EDATA,
				 "rule ID \"%s\" is not a record code and a number from 0101 (ENR.0101)",
				 id);
	for (i = 0; i < codelen; i++)
		if (id[i] < 'A' || id[i] > 'Z')
			return error_set(err, SLDS_EDATA, "rule ID \"%s\" has a record code that is not upper case", id);
	snprintf(r->id, sizeof(r->id), "%s", id);
	r->number = (unsigned)n;
	return 0;
}

static int on_key(const char *section, const char *key, const char *value, unsigned line,
		  void *ctx, struct slds_error *err)
{
	struct loader *ld = ctx;
	struct rulebook *rb = ld->rb;
	struct rule *r;
	struct key_lines *kl;

	if (!key) {
		size_t i;

		if (strncmp(section, "rule ", 5) != 0)
			return error_set(err, SLDS_EDATA, "section [%s] is not [rule ID]", section);
		if (rb->nrules == ld->cap) {
			ld->cap = ld->cap ? ld->cap * 2 : 64;
			rb->rules = xreallocarray(rb->rules, ld->cap, sizeof(*rb->rules));
			ld->lines = xreallocarray(ld->lines, ld->cap, sizeof(*ld->lines));
		}
		r = &rb->rules[rb->nrules++];
		memset(r, 0, sizeof(*r));
		memset(&ld->lines[rb->nrules - 1], 0, sizeof(*ld->lines));
		r->line = line;
		r->level = 1;
		r->severity = SEVERITY_ERROR;
		if (parse_rule_id(r, section + 5, err))
			return SLDS_EDATA;
		for (i = 0; i + 1 < rb->nrules; i++)
			if (!strcmp(rb->rules[i].id, r->id))
				return error_set(err, SLDS_EDATA, "rule %s is defined twice (first on line %u)",
						 r->id, rb->rules[i].line);
		ld->in_rule = 1;
		return 0;
	}
	if (!ld->in_rule) {
		int64_t y;

		if (strcmp(key, "school_year"))
			return error_set(err, SLDS_EDATA, "unknown key \"%s\" before the first rule", key);
		if (parse_int64(value, strlen(value), 1990, 2200, &y) != PARSE_OK)
			return error_set(err, SLDS_EDATA, "school_year \"%s\" is not a year", value);
		rb->school_year = (int)y;
		return 0;
	}
	r = current(ld);
	kl = &ld->lines[rb->nrules - 1];
	if (!strcmp(key, "record")) {
		if (r->rec)
			return error_set(err, SLDS_EDATA, "\"record\" is given twice");
		r->rec = catalog_record(value);
		kl->record = line;
		if (!r->rec)
			return error_set(err, SLDS_EDATA, "unknown record type \"%s\"", value);
		if (strncmp(r->id, r->rec->code, strlen(r->rec->code)) ||
		    r->id[strlen(r->rec->code)] != '.')
			return error_set(err, SLDS_EDATA, "rule %s is not a rule of %s records (%s.NNNN)",
					 r->id, value, r->rec->code);
		return 0;
	}
	if (!strcmp(key, "severity")) {
		kl->severity = line;
		if (!strcmp(value, "error"))
			r->severity = SEVERITY_ERROR;
		else if (!strcmp(value, "warning"))
			r->severity = SEVERITY_WARNING;
		else if (!strcmp(value, "fatal"))
			r->severity = SEVERITY_FATAL;
		else
			return error_set(err, SLDS_EDATA, "severity \"%s\" is not fatal, error or warning",
					 value);
		return 0;
	}
	if (!strcmp(key, "level")) {
		kl->level = line;
		if (strcmp(value, "1") && strcmp(value, "2"))
			return error_set(err, SLDS_EDATA,
					 "level \"%s\" is not 1 (one submission) or 2 (against the database)",
					 value);
		r->level = value[0] - '0';
		return 0;
	}
	if (!strcmp(key, "check")) {
		kl->check = line;
		return set_text(&r->check, key, value, err);
	}
	if (!strcmp(key, "message")) {
		kl->message = line;
		return set_text(&r->message, key, value, err);
	}
	if (!strcmp(key, "description"))
		return set_text(&r->description, key, value, err);
	if (!strcmp(key, "hint"))
		return set_text(&r->hint, key, value, err);
	if (!strcmp(key, "example"))
		return set_text(&r->example, key, value, err);
	if (!strcmp(key, "retired"))
		return set_text(&r->retired, key, value, err);
	return error_set(err, SLDS_EDATA, "unknown key \"%s\"", key);
}

/* Compiling checks */

/* Whitespace-separated tokens of a check, in place. */
#define MAX_TOKENS 24

static size_t tokenize(char *s, char **tok)
{
	size_t n = 0;

	while (*s && n < MAX_TOKENS) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (!*s)
			break;
		tok[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	return n;
}

static int field_of(struct rule *r, const char *name, struct slds_error *err)
{
	int f = record_field_index(r->rec, name);

	if (f < 0)
		error_set(err, SLDS_EDATA, "%s records have no field \"%s\"", r->rec->name, name);
	return f;
}

static int add_field(struct rule *r, const char *name, struct slds_error *err)
{
	int f = field_of(r, name, err);

	if (f < 0)
		return SLDS_EDATA;
	if (r->nfields == RULE_MAX_FIELDS)
		return error_set(err, SLDS_EDATA, "a check names at most %d fields", RULE_MAX_FIELDS);
	r->fields[r->nfields++] = f;
	return 0;
}

static int is_number(const struct field_def *fd)
{
	return fd->type == FIELD_INT || fd->type == FIELD_DECIMAL;
}

/* A number written in the rule, in the field's scale. */
static int rule_number(const struct field_def *fd, const char *s, long long *out,
		       struct slds_error *err)
{
	int64_t v;
	int rc = fd->type == FIELD_DECIMAL
		 ? parse_decimal(s, strlen(s), fd->scale, INT64_MIN / 2, INT64_MAX / 2, &v)
		 : parse_int64(s, strlen(s), INT64_MIN / 2, INT64_MAX / 2, &v);

	if (rc != PARSE_OK)
		return error_set(err, SLDS_EDATA, "\"%s\" is not a number for field \"%s\"", s,
				 fd->name);
	*out = v;
	return 0;
}

static int parse_op(const char *s, enum compare_op *op, struct slds_error *err)
{
	static const char *const ops[] = { "<", "<=", "=", "!=", ">=", ">" };
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(s, ops[i])) {
			*op = (enum compare_op)i;
			return 0;
		}
	return error_set(err, SLDS_EDATA, "\"%s\" is not a comparison (< <= = != >= >)", s);
}

/* "field=V|V|V" into a field and a value set. */
static int parse_value_set(struct rule *r, char *s, struct value_set *vs,
			   struct slds_error *err)
{
	char *eq = strchr(s, '='), *v;

	if (!eq)
		return error_set(err, SLDS_EDATA, "\"%s\" is not FIELD=VALUE|VALUE", s);
	*eq = '\0';
	if (add_field(r, s, err))
		return SLDS_EDATA;
	for (v = eq + 1; v; ) {
		char *bar = strchr(v, '|');

		if (bar)
			*bar = '\0';
		if (!strcmp(v, "*"))
			vs->any = 1;
		else if (!strcmp(v, "-"))
			vs->none = 1;
		else if (!*v || vs->n == RULE_MAX_VALUES)
			return error_set(err, SLDS_EDATA, "the values after \"%s=\" are empty or too many", s);
		else {
			vs->values[vs->n] = v;
			vs->lens[vs->n++] = strlen(v);
		}
		v = bar ? bar + 1 : NULL;
	}
	return 0;
}

static int load_codes(struct rule *r, const char *codes_dir, struct slds_error *err)
{
	char *path = xstrfmt("%s/%s.csv", codes_dir, r->list), *text = NULL, *p;
	size_t len;
	int rc = read_file(path, 16 * 1024 * 1024, &text, &len, err);

	if (rc) {
		error_prefix(err, "code list \"%s\"", r->list);
		goto cleanup;
	}
	/* A header line, then a code in the first column of each line. */
	p = strchr(text, '\n');
	while (p && *++p) {
		char *end = p + strcspn(p, ",\r\n");

		if (end > p)
			strset_add(&r->codes, p, (size_t)(end - p), 0, NULL);
		p = strchr(p, '\n');
	}
	if (r->codes.count == 0)
		rc = error_set(err, SLDS_EDATA, "code list \"%s\" has no codes", path);
cleanup:
	free(text);
	free(path);
	return rc;
}

/*
 * A "scale" check's list: the code in the first column, its scale in the
 * scale_min and scale_max columns (numbers in the scored field's scale; a
 * code without them has no range checked).
 */
static int load_scales(struct rule *r, const char *codes_dir, struct slds_error *err)
{
	const struct field_def *fd = &r->rec->fields[r->fields[0]];
	char *path = xstrfmt("%s/%s.csv", codes_dir, r->list), *text = NULL, *p, *eol;
	int cmin = -1, cmax = -1, col, rc;
	size_t len, n = 0, cap = 0;

	rc = read_file(path, 16 * 1024 * 1024, &text, &len, err);
	if (rc) {
		error_prefix(err, "code list \"%s\"", r->list);
		goto cleanup;
	}
	eol = text + strcspn(text, "\r\n");
	for (p = text, col = 0; p < eol; col++) {
		size_t w = strcspn(p, ",\r\n");

		if (w == 9 && !memcmp(p, "scale_min", 9))
			cmin = col;
		else if (w == 9 && !memcmp(p, "scale_max", 9))
			cmax = col;
		p += w + (p[w] == ',');
	}
	if (cmin < 0 || cmax < 0) {
		rc = error_set(err, SLDS_EDATA, "code list \"%s\" has no scale_min and scale_max columns",
			       path);
		goto cleanup;
	}
	for (p = strchr(text, '\n'); p && *++p; p = strchr(p, '\n')) {
		char *cells[16], *q = p;
		size_t w[16], nc = 0;

		while (nc < 16) {
			cells[nc] = q;
			w[nc] = strcspn(q, ",\r\n");
			q += w[nc];
			nc++;
			if (*q != ',')
				break;
			q++;
		}
		if (!w[0])
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			r->scale_lo = xreallocarray(r->scale_lo, cap, sizeof(*r->scale_lo));
			r->scale_hi = xreallocarray(r->scale_hi, cap, sizeof(*r->scale_hi));
		}
		r->scale_lo[n] = 1;
		r->scale_hi[n] = 0;	/* empty: no range */
		if ((size_t)cmax < nc && w[cmin] && w[cmax]) {
			char lo[32], hi[32];

			snprintf(lo, sizeof(lo), "%.*s", (int)w[cmin], cells[cmin]);
			snprintf(hi, sizeof(hi), "%.*s", (int)w[cmax], cells[cmax]);
			if (rule_number(fd, lo, &r->scale_lo[n], err) ||
			    rule_number(fd, hi, &r->scale_hi[n], err)) {
				rc = SLDS_EDATA;
				error_prefix(err, "code list \"%s\"", path);
				goto cleanup;
			}
		}
		if (strset_add(&r->codes, cells[0], w[0], n, NULL))
			n++;
	}
	if (r->codes.count == 0)
		rc = error_set(err, SLDS_EDATA, "code list \"%s\" has no codes", path);
cleanup:
	free(text);
	free(path);
	return rc;
}

/* The index of the key set of this record type and field, added if new. */
static size_t key_set_for(struct rulebook *rb, const struct record_def *rec, int field)
{
	size_t i;

	for (i = 0; i < rb->nkey_sets; i++)
		if (rb->key_sets[i].rec == rec && rb->key_sets[i].field == field)
			return i;
	rb->key_sets = xreallocarray(rb->key_sets, rb->nkey_sets + 1, sizeof(*rb->key_sets));
	rb->key_sets[rb->nkey_sets] = (struct key_set){ rec, field, STRSET_INIT };
	return rb->nkey_sets++;
}

static size_t record_position(const struct record_def *rec)
{
	size_t i;

	for (i = 0; i < catalog_nrecords(); i++)
		if (catalog_record_at(i) == rec)
			return i;
	return 0;
}

static int compile_check(struct rulebook *rb, struct rule *r, const char *codes_dir,
			 struct slds_error *err)
{
	char *text = xstrdup(r->check), *tok[MAX_TOKENS];
	size_t n = tokenize(text, tok), i, k;
	int rc = SLDS_EDATA;

	if (n == 0) {
		error_set(err, SLDS_EDATA, "the check is empty");
		goto cleanup;
	}
	for (k = 0; k < sizeof(kind_names) / sizeof(kind_names[0]); k++)
		if (!strcmp(tok[0], kind_names[k]))
			break;
	if (k == sizeof(kind_names) / sizeof(kind_names[0])) {
		error_set(err, SLDS_EDATA, "unknown check \"%s\"", tok[0]);
		goto cleanup;
	}
	r->kind = (enum check_kind)k;
	switch (r->kind) {
	case CHECK_REQUIRED:
	case CHECK_TOGETHER:
	case CHECK_UNIQUE:
		if (n < 2) {
			error_set(err, SLDS_EDATA, "%s needs at least one field", tok[0]);
			goto cleanup;
		}
		for (i = 1; i < n; i++)
			if (add_field(r, tok[i], err))
				goto cleanup;
		break;
	case CHECK_PATTERN: {
		const char *re = strstr(r->check, tok[1]) + strlen(tok[1]);
		int code;
		PCRE2_SIZE off;

		if (n < 3 || add_field(r, tok[1], err))
			goto cleanup;
		while (*re == ' ' || *re == '\t')
			re++;
		r->re = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
				      PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_UTF, &code, &off, NULL);
		if (!r->re) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(code, msg, sizeof(msg));
			error_set(err, SLDS_EDATA, "pattern \"%s\" is invalid at offset %zu: %s", re,
				  (size_t)off, (const char *)msg);
			goto cleanup;
		}
		(void)pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE);	/* interpreted if JIT is missing */
		r->match_data = pcre2_match_data_create_from_pattern(r->re, NULL);
		break;
	}
	case CHECK_CODES:
		if (n != 3 || add_field(r, tok[1], err))
			goto cleanup;
		r->list = xstrdup(tok[2]);
		if (load_codes(r, codes_dir, err))
			goto cleanup;
		break;
	case CHECK_SUBMISSION_YEAR:
	case CHECK_SUBMISSION_LEA:
	case CHECK_SSID_EXISTS:
	case CHECK_SSID_ACTIVE:
	case CHECK_LEA_SCHOOL:
		if (n != 2 || add_field(r, tok[1], err))
			goto cleanup;
		if (r->kind == CHECK_SUBMISSION_YEAR && r->rec->fields[r->fields[0]].type != FIELD_INT) {
			error_set(err, SLDS_EDATA, "submission_year needs a whole-number field");
			goto cleanup;
		}
		if ((r->kind == CHECK_SSID_EXISTS || r->kind == CHECK_SSID_ACTIVE) &&
		    r->rec->fields[r->fields[0]].type != FIELD_SSID) {
			error_set(err, SLDS_EDATA, "%s needs an SSID field", tok[0]);
			goto cleanup;
		}
		break;
	case CHECK_SCALE:
		if (n != 4 || add_field(r, tok[1], err) || add_field(r, tok[2], err))
			goto cleanup;
		if (!is_number(&r->rec->fields[r->fields[0]])) {
			error_set(err, SLDS_EDATA, "scale needs a number field");
			goto cleanup;
		}
		r->list = xstrdup(tok[3]);
		if (load_scales(r, codes_dir, err))
			goto cleanup;
		break;
	case CHECK_FTE_TOTAL:
		if (n != 5 || add_field(r, tok[1], err) || add_field(r, tok[2], err) ||
		    add_field(r, tok[3], err))
			goto cleanup;
		if (r->rec->fields[r->fields[0]].type != FIELD_DECIMAL ||
		    r->rec->fields[r->fields[1]].type != FIELD_DATE ||
		    r->rec->fields[r->fields[2]].type != FIELD_DATE ||
		    record_field_index(r->rec, "local_id") < 0) {
			error_set(err, SLDS_EDATA,
				  "fte_total needs a decimal FTE, two dates and a record with local_id");
			goto cleanup;
		}
		if (rule_number(&r->rec->fields[r->fields[0]], tok[4], &r->hi, err))
			goto cleanup;
		break;
	case CHECK_RANGE:
	case CHECK_AGE:
		if (n != 4 || add_field(r, tok[1], err))
			goto cleanup;
		if (r->kind == CHECK_AGE && r->rec->fields[r->fields[0]].type != FIELD_DATE) {
			error_set(err, SLDS_EDATA, "age needs a date field");
			goto cleanup;
		}
		if (r->kind == CHECK_RANGE && !is_number(&r->rec->fields[r->fields[0]])) {
			error_set(err, SLDS_EDATA, "range needs a number field");
			goto cleanup;
		}
		if (r->kind == CHECK_AGE) {
			int64_t lo, hi;

			if (parse_int64(tok[2], strlen(tok[2]), 0, 150, &lo) != PARSE_OK ||
			    parse_int64(tok[3], strlen(tok[3]), lo, 150, &hi) != PARSE_OK) {
				error_set(err, SLDS_EDATA, "age needs two ages, the lower first");
				goto cleanup;
			}
			r->lo = lo;
			r->hi = hi;
		} else if (rule_number(&r->rec->fields[r->fields[0]], tok[2], &r->lo, err) ||
			   rule_number(&r->rec->fields[r->fields[0]], tok[3], &r->hi, err)) {
			goto cleanup;
		}
		break;
	case CHECK_IN_YEAR:
		if (n != 2 || add_field(r, tok[1], err))
			goto cleanup;
		if (r->rec->fields[r->fields[0]].type != FIELD_DATE) {
			error_set(err, SLDS_EDATA, "in_year needs a date field");
			goto cleanup;
		}
		break;
	case CHECK_COMPARE:
	case CHECK_SUM: {
		const struct field_def *a, *b;

		if (n != 4 || parse_op(tok[2], &r->op, err))
			goto cleanup;
		if (r->kind == CHECK_SUM) {
			char *p = tok[1];

			while (p) {
				char *plus = strchr(p, '+');

				if (plus)
					*plus = '\0';
				if (add_field(r, p, err))
					goto cleanup;
				p = plus ? plus + 1 : NULL;
			}
		} else if (add_field(r, tok[1], err)) {
			goto cleanup;
		}
		if (add_field(r, tok[3], err))
			goto cleanup;
		for (i = 0; i + 1 < r->nfields; i++) {
			a = &r->rec->fields[r->fields[i]];
			b = &r->rec->fields[r->fields[r->nfields - 1]];
			if (a->type == FIELD_DATE ? b->type != FIELD_DATE || r->kind == CHECK_SUM
						  : !is_number(a) || !is_number(b) ||
						    a->scale != b->scale) {
				error_set(err, SLDS_EDATA,
					  "fields \"%s\" and \"%s\" are not two dates or two numbers of one scale",
					  a->name, b->name);
				goto cleanup;
			}
		}
		break;
	}
	case CHECK_IMPLIES:
		if (n != 3 || parse_value_set(r, tok[1], &r->when, err) ||
		    parse_value_set(r, tok[2], &r->then, err))
			goto cleanup;
		break;
	case CHECK_AGE_FOR_GRADE: {
		int64_t lo, hi;

		if (n != 3 || parse_int64(tok[1], strlen(tok[1]), -20, 20, &lo) != PARSE_OK ||
		    parse_int64(tok[2], strlen(tok[2]), lo, 20, &hi) != PARSE_OK) {
			error_set(err, SLDS_EDATA, "age_for_grade needs two year offsets, the lower first");
			goto cleanup;
		}
		if (record_field_index(r->rec, "grade_level") < 0 ||
		    record_field_index(r->rec, "local_id") < 0) {
			error_set(err, SLDS_EDATA, "age_for_grade needs a record with grade_level and local_id");
			goto cleanup;
		}
		r->fields[r->nfields++] = record_field_index(r->rec, "grade_level");
		r->lo = lo;
		r->hi = hi;
		break;
	}
	case CHECK_EXISTS: {
		char *dot = n == 3 ? strchr(tok[2], '.') : NULL;
		const struct record_def *ref;
		int f;

		if (!dot || add_field(r, tok[1], err)) {
			if (!dot)
				error_set(err, SLDS_EDATA, "exists needs a field and RECORD.FIELD");
			goto cleanup;
		}
		*dot = '\0';
		ref = catalog_record(tok[2]);
		if (!ref) {
			error_set(err, SLDS_EDATA, "unknown record type \"%s\"", tok[2]);
			goto cleanup;
		}
		if (record_position(ref) >= record_position(r->rec)) {
			error_set(err, SLDS_EDATA,
				  "%s records are validated after %s records: a rule cannot look them up",
				  ref->name, r->rec->name);
			goto cleanup;
		}
		f = record_field_index(ref, dot + 1);
		if (f < 0) {
			error_set(err, SLDS_EDATA, "%s records have no field \"%s\"", ref->name, dot + 1);
			goto cleanup;
		}
		r->ref_set = key_set_for(rb, ref, f);
		break;
	}
	case CHECK_NO_OVERLAP:
		if (n < 4) {
			error_set(err, SLDS_EDATA, "no_overlap needs key fields, then FROM and TO date fields");
			goto cleanup;
		}
		for (i = 1; i < n; i++)
			if (add_field(r, tok[i], err))
				goto cleanup;
		if (r->rec->fields[r->fields[r->nfields - 1]].type != FIELD_DATE ||
		    r->rec->fields[r->fields[r->nfields - 2]].type != FIELD_DATE) {
			error_set(err, SLDS_EDATA, "no_overlap's last two fields must be dates");
			goto cleanup;
		}
		break;
	}
	if (check_is_level2(r->kind) && r->level != 2) {
		error_set(err, SLDS_EDATA, "%s is a Level 2 check: the rule needs \"level = 2\"",
			  tok[0]);
		goto cleanup;
	}
	if (!check_is_level2(r->kind) && r->level == 2) {
		error_set(err, SLDS_EDATA, "%s is not a Level 2 check", tok[0]);
		goto cleanup;
	}
	/* Fatal rules are applied before any record of the file is accepted. */
	if (r->severity == SEVERITY_FATAL &&
	    (r->kind == CHECK_UNIQUE || r->kind == CHECK_NO_OVERLAP)) {
		error_set(err, SLDS_EDATA, "%s cannot be fatal: it compares the file's own records",
			  tok[0]);
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (r->kind == CHECK_IMPLIES && !rc) {
		/* The value sets point into text, which the rule now owns. */
		r->list = text;
		text = NULL;
	}
	free(text);
	return rc;
}

static void release_rule(struct rule *r)
{
	size_t i;

	free(r->check);
	free(r->description);
	free(r->message);
	free(r->hint);
	free(r->example);
	free(r->retired);
	free(r->list);
	if (r->match_data)
		pcre2_match_data_free(r->match_data);
	if (r->re)
		pcre2_code_free(r->re);
	strset_release(&r->codes);
	strset_release(&r->seen);
	free(r->spans);
	free(r->scale_lo);
	free(r->scale_hi);
	strset_release(&r->flagged);
	for (i = 0; i < r->ndetails; i++)
		free(r->details[i]);
	free(r->details);
}

void rule_flag(struct rule *r, const char *key, size_t len, const char *detail)
{
	uint64_t old;

	if (!strset_add(&r->flagged, key, len, r->ndetails + 1, &old))
		return;
	r->details = xreallocarray(r->details, r->ndetails + 1, sizeof(*r->details));
	r->details[r->ndetails++] = xstrdup(detail ? detail : "");
}

void rulebook_release(struct rulebook *rb)
{
	size_t i;

	for (i = 0; i < rb->nrules; i++)
		release_rule(&rb->rules[i]);
	for (i = 0; i < rb->nkey_sets; i++)
		strset_release(&rb->key_sets[i].keys);
	free(rb->rules);
	free(rb->key_sets);
	strset_release(&rb->students);
	free(rb->path);
	memset(rb, 0, sizeof(*rb));
}

/* A rule whose message shows "{value}" may not show a personal field's. */
static int check_message(const struct rule *r, struct slds_error *err)
{
	if (strstr(r->message, "{other}") && !check_is_level2(r->kind))
		return error_set(err, SLDS_EDATA, "only a Level 2 rule's message shows {other}");
	if (strstr(r->message, "{value}") &&
	    (r->nfields == 0 || (r->rec->fields[r->fields[0]].flags & FIELD_PII)))
		return error_set(err, SLDS_EDATA,
				 "the message shows {value}, but %s is personal and never shown",
				 r->nfields ? r->rec->fields[r->fields[0]].name : "the field");
	return 0;
}

int rulebook_load(struct rulebook *rb, const char *path, const char *codes_dir,
		  struct slds_error *err)
{
	struct loader ld = { rb, NULL, 0, 0 };
	size_t i;
	int rc;

	memset(rb, 0, sizeof(*rb));
	rb->path = xstrdup(path);
	rb->student = catalog_record("student");
	rc = ini_parse(path, on_key, &ld, err);
	for (i = 0; !rc && i < rb->nrules; i++) {
		struct rule *r = &rb->rules[i];
		const struct key_lines *kl = &ld.lines[i];
		const char *missing = !r->rec ? "record" : !r->check ? "check" :
				      !r->description ? "description" : !r->message ? "message" :
				      !r->hint ? "hint" : !r->example && !r->retired ? "example" : NULL;
		unsigned line = r->line;

		if (missing) {
			rc = error_set(err, SLDS_EDATA, "rule %s has no \"%s\"", r->id, missing);
		} else {
			line = kl->check;
			rc = compile_check(rb, r, codes_dir, err);
			if (!rc) {
				line = kl->message;
				rc = check_message(r, err);
			}
		}
		if (rc)
			error_prefix(err, "%s:%u", path, line);
	}
	if (!rc && !rb->school_year) {
		error_set(err, SLDS_EDATA, "%s: no school_year before the first rule", path);
		rc = SLDS_EDATA;
	}
	free(ld.lines);
	if (rc)
		rulebook_release(rb);
	return rc;
}

/* Applying rules */

static const char *val(const struct record_values *rv, int f, size_t *len)
{
	*len = rv->lens[f];
	return rv->values[f];
}

static int number_of(const struct field_def *fd, const char *s, size_t len, long long *out)
{
	int64_t v;
	int rc = fd->type == FIELD_DECIMAL
		 ? parse_decimal(s, len, fd->scale, INT64_MIN / 2, INT64_MAX / 2, &v)
		 : parse_int64(s, len, INT64_MIN / 2, INT64_MAX / 2, &v);

	*out = v;
	return rc == PARSE_OK;
}

static int ymd_of(const char *s, size_t len, long *out)
{
	struct date d;

	if (parse_date(s, len, &d) != PARSE_OK)
		return 0;
	*out = d.year * 10000L + d.month * 100L + d.day;
	return 1;
}

/* The field's value as a number to compare: a date as YYYYMMDD. */
static int comparable(const struct record_values *rv, int f, long long *out)
{
	const struct field_def *fd = &rv->rec->fields[f];
	size_t len;
	const char *s = val(rv, f, &len);
	long ymd;

	if (!s)
		return 0;
	if (fd->type == FIELD_DATE) {
		if (!ymd_of(s, len, &ymd))
			return 0;
		*out = ymd;
		return 1;
	}
	return number_of(fd, s, len, out);
}

static int holds(long long a, enum compare_op op, long long b)
{
	switch (op) {
	case OP_LT:
		return a < b;
	case OP_LE:
		return a <= b;
	case OP_EQ:
		return a == b;
	case OP_NE:
		return a != b;
	case OP_GE:
		return a >= b;
	case OP_GT:
		return a > b;
	}
	return 0;
}

static int in_set(const struct value_set *vs, const char *s, size_t len)
{
	size_t i;

	if (!s)
		return vs->none;
	if (vs->any)
		return 1;
	for (i = 0; i < vs->n; i++)
		if (vs->lens[i] == len && !memcmp(vs->values[i], s, len))
			return 1;
	return 0;
}

/* Age in whole years on September 1 of the school year's first calendar year. */
static long age_on_sept_1(long ymd, int school_year)
{
	long age = (school_year - 1) - ymd / 10000;

	if (ymd % 10000 > 901)
		age--;
	return age;
}

static long usual_age(const char *grade, size_t len)
{
	int64_t g;

	if (len == 2 && !memcmp(grade, "PK", 2))
		return 4;
	if (len == 2 && !memcmp(grade, "KG", 2))
		return 5;
	if (parse_int64(grade, len, 1, 12, &g) == PARSE_OK)
		return 5 + (long)g;
	return -1;
}

/*
 * The key of a cross-record rule: the record's local ID (if any) and the
 * first nkey fields, joined by 0x1F.  0 if a field is missing or the key
 * does not fit.
 */
static size_t make_key(const struct rule *r, const struct record_values *rv, size_t nkey,
		       char *key, size_t size)
{
	size_t n = 0, i, len;

	if (rv->local_id && r->kind == CHECK_NO_OVERLAP) {
		len = strlen(rv->local_id);
		if (len + 1 > size)
			return 0;
		memcpy(key, rv->local_id, len);
		key[len] = '\x1f';
		n = len + 1;
	}
	for (i = 0; i < nkey; i++) {
		const char *s = val(rv, r->fields[i], &len);

		if (!s || n + len + 1 > size)
			return 0;
		memcpy(key + n, s, len);
		key[n + len] = '\x1f';
		n += len + 1;
	}
	return n;
}

/* The spell FROM-TO of a no_overlap rule; TO open when absent. */
static int spell_of(const struct rule *r, const struct record_values *rv, long *from, long *to)
{
	size_t len;
	const char *s = val(rv, r->fields[r->nfields - 2], &len);

	if (!s || !ymd_of(s, len, from))
		return 0;
	s = val(rv, r->fields[r->nfields - 1], &len);
	if (!s)
		*to = OPEN_END;
	else if (!ymd_of(s, len, to))
		return 0;
	return 1;
}

/* 1 if the rule holds (or does not apply) for the record. */
static int rule_holds(struct rulebook *rb, struct rule *r, const struct record_values *rv,
		      int school_year, const char **field, const char **other)
{
	const struct record_def *rec = rv->rec;
	char key[1024];
	size_t len, i, klen;
	const char *s;
	long long a, b;
	long ymd, to;
	uint64_t v;

	*field = rec->fields[r->fields[0]].name;
	switch (r->kind) {
	case CHECK_REQUIRED:
		for (i = 0; i < r->nfields; i++)
			if (!val(rv, r->fields[i], &len)) {
				*field = rec->fields[r->fields[i]].name;
				return 0;
			}
		return 1;
	case CHECK_PATTERN:
		s = val(rv, r->fields[0], &len);
		return !s || pcre2_match(r->re, (PCRE2_SPTR)s, len, 0, 0, r->match_data, NULL) >= 0;
	case CHECK_CODES:
		s = val(rv, r->fields[0], &len);
		return !s || strset_get(&r->codes, s, len, NULL);
	case CHECK_RANGE:
		return !comparable(rv, r->fields[0], &a) || (a >= r->lo && a <= r->hi);
	case CHECK_IN_YEAR:
		return !comparable(rv, r->fields[0], &a) ||
		       (a >= (school_year - 1) * 10000L + 701 && a <= school_year * 10000L + 630);
	case CHECK_COMPARE:
		return !comparable(rv, r->fields[0], &a) || !comparable(rv, r->fields[1], &b) ||
		       holds(a, r->op, b);
	case CHECK_SUM:
		for (i = 0, a = 0; i + 1 < r->nfields; i++) {
			long long x;

			if (!comparable(rv, r->fields[i], &x))
				return 1;
			a += x;
		}
		return !comparable(rv, r->fields[r->nfields - 1], &b) || holds(a, r->op, b);
	case CHECK_TOGETHER: {
		size_t present = 0;

		for (i = 0; i < r->nfields; i++)
			present += val(rv, r->fields[i], &len) != NULL;
		if (present == 0 || present == r->nfields)
			return 1;
		for (i = 0; i < r->nfields; i++)
			if (!val(rv, r->fields[i], &len)) {
				*field = rec->fields[r->fields[i]].name;
				break;
			}
		return 0;
	}
	case CHECK_IMPLIES:
		s = val(rv, r->fields[0], &len);
		if (!in_set(&r->when, s, len))
			return 1;
		*field = rec->fields[r->fields[1]].name;
		s = val(rv, r->fields[1], &len);
		return in_set(&r->then, s, len);
	case CHECK_AGE:
		if (!comparable(rv, r->fields[0], &a))
			return 1;
		ymd = (long)a;
		return age_on_sept_1(ymd, school_year) >= r->lo &&
		       age_on_sept_1(ymd, school_year) <= r->hi;
	case CHECK_AGE_FOR_GRADE: {
		long usual;

		s = val(rv, r->fields[0], &len);
		if (!rv->local_id || !s || (usual = usual_age(s, len)) < 0 ||
		    !strset_get(&rb->students, rv->local_id, strlen(rv->local_id), &v) || !v)
			return 1;
		a = age_on_sept_1((long)v, school_year) - usual;
		return a >= r->lo && a <= r->hi;
	}
	case CHECK_UNIQUE:
		klen = make_key(r, rv, r->nfields, key, sizeof(key));
		return !klen || !strset_get(&r->seen, key, klen, NULL);
	case CHECK_EXISTS: {
		const struct strset *keys = &rb->key_sets[r->ref_set].keys;

		/* A submission without such records leaves it to the Level 2 rules. */
		s = val(rv, r->fields[0], &len);
		return !s || keys->count == 0 || strset_get(keys, s, len, NULL);
	}
	case CHECK_SUBMISSION_YEAR:
		return !comparable(rv, r->fields[0], &a) || a == school_year;
	case CHECK_SUBMISSION_LEA:
		s = val(rv, r->fields[0], &len);
		return !s || !rb->lea_id || (len == strlen(rb->lea_id) && !memcmp(s, rb->lea_id, len));
	case CHECK_SCALE:
		s = val(rv, r->fields[1], &len);
		if (!s || !strset_get(&r->codes, s, len, &v) || !comparable(rv, r->fields[0], &a) ||
		    r->scale_lo[v] > r->scale_hi[v])
			return 1;
		return a >= r->scale_lo[v] && a <= r->scale_hi[v];
	case CHECK_SSID_EXISTS:
	case CHECK_SSID_ACTIVE:
	case CHECK_LEA_SCHOOL:
	case CHECK_FTE_TOTAL:
		if (r->kind == CHECK_FTE_TOTAL) {
			const char *from = val(rv, r->fields[1], &len);

			if (!rv->local_id || !from || strlen(rv->local_id) + len + 1 > sizeof(key))
				return 1;
			klen = strlen(rv->local_id);
			memcpy(key, rv->local_id, klen);
			key[klen++] = '\x1f';
			memcpy(key + klen, from, len);
			klen += len;
			s = key;
		} else if ((s = val(rv, r->fields[0], &klen)) == NULL) {
			return 1;
		}
		if (!r->flagged.count || !strset_get(&r->flagged, s, klen, &v))
			return 1;
		*other = r->details[v - 1];
		return 0;
	case CHECK_NO_OVERLAP:
		klen = make_key(r, rv, r->nfields - 2, key, sizeof(key));
		if (!klen || !spell_of(r, rv, &ymd, &to) || !strset_get(&r->seen, key, klen, &v))
			return 1;
		for (i = (size_t)v; i; i = r->spans[i - 1].next)
			if (ymd <= r->spans[i - 1].to && r->spans[i - 1].from <= to) {
				*field = rec->fields[r->fields[r->nfields - 2]].name;
				return 0;
			}
		return 1;
	}
	return 1;
}

/* The message with "{value}" (the first field's value) and "{other}" filled in. */
static void fill_message(struct buf *b, const char *msg, const struct rule *r,
			 const struct record_values *rv, const char *other)
{
	const char *p = msg, *at;
	size_t len;

	while ((at = strchr(p, '{')) != NULL) {
		buf_add(b, p, (size_t)(at - p));
		if (!strncmp(at, "{value}", 7)) {
			const char *s = val(rv, r->fields[0], &len);

			buf_add(b, s ? s : "", s && len <= 40 ? len : 0);
			p = at + 7;
		} else if (!strncmp(at, "{other}", 7)) {
			buf_adds(b, other ? other : "");
			p = at + 7;
		} else {
			buf_add(b, at, 1);
			p = at + 1;
		}
	}
	buf_adds(b, p);
}

/* 1 if the rule is applied to records of rec in this run. */
static int applied(const struct rulebook *rb, const struct rule *r, const struct record_def *rec)
{
	return r->rec == rec && !r->retired && (r->level != 2 || rb->level2);
}

int rulebook_has_fatal(const struct rulebook *rb, const struct record_def *rec)
{
	size_t i;

	for (i = 0; i < rb->nrules; i++)
		if (rb->rules[i].severity == SEVERITY_FATAL && applied(rb, &rb->rules[i], rec))
			return 1;
	return 0;
}

static void check_rules(struct rulebook *rb, const struct record_values *rv, int school_year,
			int fatal, rule_broken_fn broken, void *ctx)
{
	size_t i;

	for (i = 0; i < rb->nrules; i++) {
		struct rule *r = &rb->rules[i];
		const char *field, *other = NULL;
		size_t k;

		if (!applied(rb, r, rv->rec) || (r->severity == SEVERITY_FATAL) != fatal)
			continue;
		for (k = 0; k < r->nfields && !(rv->bad & (UINT64_C(1) << r->fields[k])); k++)
			;
		if (k < r->nfields || rule_holds(rb, r, rv, school_year, &field, &other))
			continue;
		if (strchr(r->message, '{')) {
			struct buf b = BUF_INIT(512);

			fill_message(&b, r->message, r, rv, other);
			broken(ctx, r, field, b.data ? b.data : r->message);
			buf_release(&b);
		} else {
			broken(ctx, r, field, r->message);
		}
	}
}

void rulebook_check(struct rulebook *rb, const struct record_values *rv, int school_year,
		    rule_broken_fn broken, void *ctx)
{
	check_rules(rb, rv, school_year, 0, broken, ctx);
}

void rulebook_check_fatal(struct rulebook *rb, const struct record_values *rv, int school_year,
			  rule_broken_fn broken, void *ctx)
{
	check_rules(rb, rv, school_year, 1, broken, ctx);
}

int rulebook_has_student(const struct rulebook *rb, const char *local_id)
{
	return strset_get(&rb->students, local_id, strlen(local_id), NULL);
}

void rulebook_accept(struct rulebook *rb, const struct record_values *rv)
{
	char key[1024];
	size_t i, len, klen;
	const char *s;
	long from, to;
	uint64_t head;

	for (i = 0; i < rb->nkey_sets; i++)
		if (rb->key_sets[i].rec == rv->rec &&
		    (s = val(rv, rb->key_sets[i].field, &len)) != NULL)
			strset_add(&rb->key_sets[i].keys, s, len, 0, NULL);
	if (rv->rec == rb->student && rv->local_id) {
		int f = record_field_index(rv->rec, "birth_date");

		if (f < 0 || (s = val(rv, f, &len)) == NULL || !ymd_of(s, len, &from))
			from = 0;
		strset_add(&rb->students, rv->local_id, strlen(rv->local_id), (uint64_t)from, NULL);
	}
	for (i = 0; i < rb->nrules; i++) {
		struct rule *r = &rb->rules[i];

		if (r->rec != rv->rec || r->retired)
			continue;
		if (r->kind == CHECK_UNIQUE) {
			klen = make_key(r, rv, r->nfields, key, sizeof(key));
			if (klen)
				strset_add(&r->seen, key, klen, 0, NULL);
		} else if (r->kind == CHECK_NO_OVERLAP) {
			klen = make_key(r, rv, r->nfields - 2, key, sizeof(key));
			if (!klen || !spell_of(r, rv, &from, &to))
				continue;
			if (r->nspans == r->spans_cap) {
				r->spans_cap = r->spans_cap ? r->spans_cap * 2 : 1024;
				r->spans = xreallocarray(r->spans, r->spans_cap, sizeof(*r->spans));
			}
			head = 0;
			if (!strset_add(&r->seen, key, klen, r->nspans + 1, &head))
				strset_set(&r->seen, key, klen, r->nspans + 1);
			r->spans[r->nspans++] = (struct interval){ from, to, (size_t)head };
		}
	}
}

/* Publishing */

struct builtin_rule_def {
	unsigned number;
	const char *description;
	const char *hint;
};

static const struct builtin_rule_def builtins[] = {
	{ RULE_REQUIRED, "A required field is missing or empty.",
	  "Fill in the field; the specification lists the required fields of each record." },
	{ RULE_DATE, "A date is not a real date written YYYY-MM-DD.",
	  "Write dates as YYYY-MM-DD, for example 2026-08-19." },
	{ RULE_NUMBER, "A number is malformed, has too many decimal places, or is outside its range.",
	  "Write the number with a point for decimals, within the range in the specification." },
	{ RULE_CODE, "A code is not one of the values of its code set.",
	  "Use one of the codes the specification lists for the field." },
	{ RULE_LENGTH, "A field is longer than the specification allows.",
	  "Shorten the value to the maximum length in the specification." },
	{ RULE_SSID, "An SSID is not ten digits ending with its check digit.",
	  "Copy the SSID again from the state's records, or leave it empty." },
	{ RULE_UTF8, "A field is not valid UTF-8 text.",
	  "Export the file as CSV UTF-8." },
	{ RULE_COLUMNS, "A row has more or fewer fields than the header line.",
	  "Enclose fields that contain the delimiter in double quotes." },
	{ RULE_YEAR, "The school year differs from the manifest's.",
	  "Send each school year's records in a submission for that year." },
	{ RULE_LEA, "The LEA differs from the submitting LEA.",
	  "An LEA reports only its own records; check the LEA ID column." },
	{ RULE_STUDENT, "No accepted student record of the submission has this local ID.",
	  "Send the student's record in the same submission, or fix its errors." },
};

void rulebook_describe(const struct rulebook *rb, const char *id, const char **description,
		       const char **hint)
{
	const char *dot = strchr(id, '.');
	int64_t n;
	size_t i;

	*description = *hint = NULL;
	if (!dot || parse_int64(dot + 1, strlen(dot + 1), 1, 9999, &n) != PARSE_OK)
		return;
	if (n < 100) {
		for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
			if (builtins[i].number == n) {
				*description = builtins[i].description;
				*hint = builtins[i].hint;
			}
		return;
	}
	for (i = 0; i < rb->nrules; i++)
		if (!strcmp(rb->rules[i].id, id)) {
			*description = rb->rules[i].description;
			*hint = rb->rules[i].hint;
			return;
		}
}

static int has_type(const struct record_def *rec, enum field_type t)
{
	size_t i;

	for (i = 0; i < rec->nfields; i++)
		if (rec->fields[i].type == t)
			return 1;
	return 0;
}

static int builtin_applies(const struct record_def *rec, unsigned number, struct buf *fields)
{
	size_t i;

	buf_reset(fields);
	switch (number) {
	case RULE_REQUIRED:
		for (i = 0; i < rec->nfields; i++)
			if (rec->fields[i].flags & FIELD_REQUIRED)
				buf_addf(fields, "%s%s", fields->len ? " " : "", rec->fields[i].name);
		return fields->len > 0;
	case RULE_DATE:
		return has_type(rec, FIELD_DATE);
	case RULE_NUMBER:
		return has_type(rec, FIELD_INT) || has_type(rec, FIELD_DECIMAL);
	case RULE_CODE:
		return has_type(rec, FIELD_CODE);
	case RULE_SSID:
		return has_type(rec, FIELD_SSID);
	case RULE_YEAR:
		return record_field_index(rec, "school_year") >= 0;
	case RULE_LEA:
		return record_field_index(rec, "lea_id") >= 0;
	case RULE_STUDENT:
		return record_has_student(rec) && strcmp(rec->name, "student");
	default:
		return 1;
	}
}

/* One row of the published catalog. */
struct listed {
	char id[16];
	const char *record, *fields, *severity, *check, *description, *message, *hint;
	const char *example, *status;
	int level;
};

static void put_escaped(FILE *out, const char *s, const char *format)
{
	for (; s && *s; s++) {
		if (!strcmp(format, "html") && strchr("&<>\"", *s))
			fputs(*s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : "&quot;",
			      out);
		else if (!strcmp(format, "markdown") && *s == '|')
			fputs("\\|", out);
		else if (!strcmp(format, "csv") && *s == '"')
			fputs("\"\"", out);
		else
			fputc(*s, out);
	}
}

static void put_row(FILE *out, const struct listed *l, const char *format)
{
	const char *cells[] = { l->id, l->record, l->fields, l->severity, NULL, l->check,
				l->description, l->message, l->hint, l->example, l->status };
	char level[8];
	size_t i, n = sizeof(cells) / sizeof(cells[0]);

	snprintf(level, sizeof(level), "%d", l->level);
	cells[4] = level;
	if (!strcmp(format, "markdown")) {
		/* Rule, severity, fields, what it checks, message, how to fix, example. */
		fprintf(out, "| `%s` | %s%s%s | ", l->id, l->severity,
			l->level == 2 ? ", Level 2" : "",
			strcmp(l->status, "active") ? " (retired)" : "");
		put_escaped(out, l->fields, format);
		fputs(" | ", out);
		put_escaped(out, l->description, format);
		fputs(" | ", out);
		put_escaped(out, l->message, format);
		fputs(" | ", out);
		put_escaped(out, l->hint, format);
		fputs(" | ", out);
		if (*l->example) {
			fputc('`', out);
			put_escaped(out, l->example, format);
			fputc('`', out);
		}
		fputs(" |\n", out);
		return;
	}
	if (!strcmp(format, "html"))
		fputs("<tr>", out);
	for (i = 0; i < n; i++) {
		if (!strcmp(format, "html")) {
			fputs("<td>", out);
			put_escaped(out, cells[i], format);
			fputs("</td>", out);
		} else {
			fputs(i ? ",\"" : "\"", out);
			put_escaped(out, cells[i], format);
			fputc('"', out);
		}
	}
	fputs(!strcmp(format, "html") ? "</tr>\n" : "\n", out);
}

static void list_record(const struct rulebook *rb, const struct record_def *rec,
			const char *format, FILE *out)
{
	struct buf fields = BUF_INIT(4096), tmp = BUF_INIT(4096);
	size_t i, k;

	if (!strcmp(format, "markdown"))
		fprintf(out, "\n## %s records (`%s`)\n\n%s\n\n"
			"| rule | severity | fields | what it checks | message | how to fix | example that breaks it |\n"
			"|---|---|---|---|---|---|---|\n", rec->name, rec->code, rec->description);
	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		struct listed l;

		if (!builtin_applies(rec, builtins[i].number, &fields))
			continue;
		snprintf(l.id, sizeof(l.id), "%s.%04u", rec->code, builtins[i].number);
		l.record = rec->name;
		l.fields = fields.len ? fields.data : "(any)";
		l.severity = "error";
		l.level = 1;
		l.check = "catalog";
		l.description = builtins[i].description;
		l.message = "(names the field and the problem)";
		l.hint = builtins[i].hint;
		l.example = "";
		l.status = "active";
		put_row(out, &l, format);
	}
	for (i = 0; i < rb->nrules; i++) {
		const struct rule *r = &rb->rules[i];
		struct listed l;

		if (r->rec != rec)
			continue;
		buf_reset(&tmp);
		for (k = 0; k < r->nfields; k++)
			buf_addf(&tmp, "%s%s", k ? " " : "", rec->fields[r->fields[k]].name);
		snprintf(l.id, sizeof(l.id), "%s", r->id);
		l.record = rec->name;
		l.fields = tmp.data ? tmp.data : "";
		l.severity = severity_name(r->severity);
		l.level = r->level;
		l.check = r->check;
		l.description = r->description;
		l.message = r->message;
		l.hint = r->hint;
		l.example = r->example ? r->example : "";
		l.status = r->retired ? r->retired : "active";
		put_row(out, &l, format);
	}
	buf_release(&fields);
	buf_release(&tmp);
}

int rulebook_list(const struct rulebook *rb, const char *format, FILE *out,
		  struct slds_error *err)
{
	size_t i;

	if (strcmp(format, "csv") && strcmp(format, "markdown") && strcmp(format, "html"))
		return error_set(err, SLDS_ERROR, "unknown format \"%s\" (csv, markdown or html)",
				 format);
	if (!strcmp(format, "csv"))
		fputs("rule_id,record,fields,severity,level,check,description,message,hint,example,status\n",
		      out);
	else if (!strcmp(format, "markdown"))
		fprintf(out, "# Validation rules, school year %d-%02d\n\n"
			"<!-- Generated by \"slds-validate --list-rules=markdown\" from %s. "
			"Do not edit: change the rules file and regenerate. -->\n\n"
			"Every rule an LEA's records are checked against, by record type. Rules\n"
			"0001-0011 come from the record catalog (docs/submission-spec.md) and apply\n"
			"to every field of their kind; the others are the state's rules for the\n"
			"year. A **fatal** rule rejects the whole file of a record that breaks it\n"
			"(every record of the file, and the submission is not loaded); an\n"
			"**error** rejects the record (every rule it breaks is reported); a\n"
			"**warning** is reported and the record accepted. Level 1 rules check\n"
			"one submission on its own; Level 2 rules (marked \"Level 2\") check it\n"
			"against the registry and the warehouse, in the nightly batch or with\n"
			"`slds-validate --dbname`, and are skipped offline. The example shows field values that break\n"
			"the rule, written over the specification's example record (\"+\" adds a\n"
			"second record).\n",
			rb->school_year - 1, rb->school_year % 100, "validate/rules/");
	else
		fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
			"<title>Validation rules %d-%02d</title>\n<style>body{font-family:sans-serif;margin:2em}"
			"table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.3em;vertical-align:top;"
			"font-size:90%%}th{background:#eee}</style></head><body>\n"
			"<h1>Validation rules, school year %d-%02d</h1>\n<table>\n<thead><tr><th>rule</th>"
			"<th>record</th><th>fields</th><th>severity</th><th>level</th><th>check</th>"
			"<th>what it checks</th><th>message</th><th>how to fix</th><th>example</th>"
			"<th>status</th></tr></thead>\n<tbody>\n",
			rb->school_year - 1, rb->school_year % 100, rb->school_year - 1,
			rb->school_year % 100);
	for (i = 0; i < catalog_nrecords(); i++)
		list_record(rb, catalog_record_at(i), format, out);
	if (!strcmp(format, "html"))
		fputs("</tbody>\n</table>\n</body></html>\n", out);
	if (fflush(out) != 0 || ferror(out))
		return error_set(err, SLDS_EIO, "could not write the rules: %s", strerror(errno));
	return 0;
}
