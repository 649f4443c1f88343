/*
 * nickname.c: the nickname table, loaded from the project's CSV file.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "fsutil.h"
#include "nickname.h"
#include "reject.h"
#include "banned.h"

/* A name of the file and the group (line) it stands in. */
struct membership {
	uint32_t name;
	uint32_t group;
};

struct loader {
	struct nickname_table *t;
	const char *path;
	struct strset legal;		/* legal name -> its line */
	struct membership *m;
	size_t nm, mcap;
};

static int cmp_membership(const void *a, const void *b)
{
	const struct membership *x = a, *y = b;

	if (x->name != y->name)
		return x->name < y->name ? -1 : 1;
	return x->group < y->group ? -1 : x->group > y->group;
}

static void trim(const char **s, size_t *len)
{
	while (*len && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\r'))
		(*len)--;
}

/* Fold one field of a line into key: 0, or SLDS_EDATA with the reason. */
static int field_key(struct loader *ld, unsigned line, const char *s, size_t len,
		     struct name_key *key, struct slds_error *err)
{
	if (!len)
		return error_set(err, SLDS_EDATA, "%s:%u: empty name", ld->path, line);
	if (!utf8_valid(s, len))
		return error_set(err, SLDS_EDATA, "%s:%u: name is not valid UTF-8", ld->path, line);
	if (name_fold(s, len, key))
		return error_set(err, SLDS_EDATA, "%s:%u: name \"%.*s\" is longer than %d bytes",
				 ld->path, line, (int)len, s, NAME_KEY_MAX);
	if (!key->len)
		return error_set(err, SLDS_EDATA, "%s:%u: name \"%.*s\" has no letters",
				 ld->path, line, (int)len, s);
	return 0;
}

/* One group: a legal name and its nicknames, s[0..len) without the newline. */
static int add_line(struct loader *ld, unsigned line, const char *s, size_t len,
		    struct slds_error *err)
{
	struct nickname_table *t = ld->t;
	size_t first = ld->nm, i;
	const char *end = s + len, *legal = s;
	unsigned nfields = 0;
	int legal_len = 0;
	uint64_t v;
	int rc;

	while (s <= end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		const char *f = s;
		size_t flen = (size_t)((comma ? comma : end) - s);
		struct name_key key;

		trim(&f, &flen);
		rc = field_key(ld, line, f, flen, &key, err);
		if (rc)
			return rc;
		if (!nfields) {
			legal = f;
			legal_len = (int)flen;
			if (!strset_add(&ld->legal, key.s, key.len, line, &v))
				return error_set(err, SLDS_EDATA,
						 "%s:%u: legal name \"%.*s\" is already on line %u",
						 ld->path, line, legal_len, legal, (unsigned)v);
		}
		/* A name of an earlier line keeps its index (in v). */
		if (strset_add(&t->names, key.s, key.len, t->nnames, &v))
			v = t->nnames++;
		for (i = first; i < ld->nm; i++)
			if (ld->m[i].name == v)
				return error_set(err, SLDS_EDATA, "%s:%u: name \"%.*s\" is twice in the line",
						 ld->path, line, (int)flen, f);
		if (ld->nm == ld->mcap) {
			ld->mcap = ld->mcap ? ld->mcap * 2 : 1024;
			ld->m = xreallocarray(ld->m, ld->mcap, sizeof(*ld->m));
		}
		ld->m[ld->nm].name = (uint32_t)v;
		ld->m[ld->nm].group = line;
		ld->nm++;
		nfields++;
		if (!comma)
			break;
		s = comma + 1;
	}
	if (nfields < 2)
		return error_set(err, SLDS_EDATA, "%s:%u: legal name \"%.*s\" has no nicknames",
				 ld->path, line, legal_len, legal);
	t->ngroups++;
	return 0;
}

/* Each name's groups, in order, and where they start. */
static void index_groups(struct loader *ld)
{
	struct nickname_table *t = ld->t;
	size_t i, start;

	qsort(ld->m, ld->nm, sizeof(*ld->m), cmp_membership);
	t->groups = xmallocarray(ld->nm ? ld->nm : 1, sizeof(*t->groups));
	t->spans = xcalloc(t->nnames ? t->nnames : 1, sizeof(*t->spans));
	for (i = 0; i < ld->nm; i = start) {
		for (start = i; start < ld->nm && ld->m[start].name == ld->m[i].name; start++)
			t->groups[start] = ld->m[start].group;
		t->spans[ld->m[i].name] = ((uint64_t)i << 32) | (start - i);
	}
}

int nickname_table_load(struct nickname_table *t, const char *path, struct slds_error *err)
{
	struct loader ld = { t, path, STRSET_INIT, NULL, 0, 0 };
	char *data = NULL;
	size_t len, pos = 0;
	unsigned line = 0;
	int rc;

	rc = read_file(path, NICKNAME_FILE_MAX, &data, &len, err);
	if (rc)
		goto cleanup;
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		pos = 3;	/* a byte-order mark, as some editors write */
	while (pos < len) {
		const char *s = data + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos, tlen = n;
		const char *ts = s;

		pos += n + (nl != NULL);
		line++;
		trim(&ts, &tlen);
		if (!tlen || ts[0] == '#')
			continue;
		rc = add_line(&ld, line, ts, tlen, err);
		if (rc)
			goto cleanup;
	}
	index_groups(&ld);

cleanup:
	if (rc)
		nickname_table_release(t);
	free(ld.m);
	strset_release(&ld.legal);
	free(data);
	return rc;
}

/* 1 if the names at indices ia and ib of the table share a group. */
static int groups_meet(const struct nickname_table *t, uint64_t ia, uint64_t ib)
{
	uint64_t sa = t->spans[ia], sb = t->spans[ib];
	const uint32_t *ga = t->groups + (sa >> 32), *ea = ga + (sa & 0xFFFFFFFF);
	const uint32_t *gb = t->groups + (sb >> 32), *eb = gb + (sb & 0xFFFFFFFF);

	/* Both ascending: a common group is found in one merge. */
	while (ga < ea && gb < eb) {
		if (*ga == *gb)
			return 1;
		if (*ga < *gb)
			ga++;
		else
			gb++;
	}
	return 0;
}

int nickname_equivalent(const struct nickname_table *t, const struct name_key *a,
			const struct name_key *b)
{
	if (!a->len || !b->len)
		return 0;
	if (a->len == b->len && !memcmp(a->s, b->s, a->len))
		return 1;
	return nickname_equivalent_at(t, a, nickname_lookup(t, a), b, nickname_lookup(t, b));
}

uint32_t nickname_lookup(const struct nickname_table *t, const struct name_key *k)
{
	uint64_t at;

	if (!k->len || !strset_get(&t->names, k->s, k->len, &at))
		return 0;
	return (uint32_t)at + 1;
}

int nickname_equivalent_at(const struct nickname_table *t, const struct name_key *a,
			   uint32_t a_at, const struct name_key *b, uint32_t b_at)
{
	if (!a->len || !b->len)
		return 0;
	if (a->len == b->len && !memcmp(a->s, b->s, a->len))
		return 1;
	return a_at && b_at && groups_meet(t, a_at - 1, b_at - 1);
}

void nickname_table_release(struct nickname_table *t)
{
	strset_release(&t->names);
	free(t->spans);
	free(t->groups);
	t->spans = NULL;
	t->groups = NULL;
	t->nnames = t->ngroups = 0;
}
