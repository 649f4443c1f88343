/*
 * slds-match: give every student record of a submission its SSID.
 *
 * In one transaction, with the registry locked against other matchers:
 *
 *  1. Deterministic first.  A known (LEA, local ID) keeps its SSID (a retired
 *     one resolves to its survivor); a claimed SSID that exists is confirmed
 *     when the identity agrees.  "Agrees" is the engine's: some observation
 *     of that SSID scores at least the review threshold against the record
 *     (or the SSID has no observation to disagree with).  A claim that
 *     disagrees is not taken: the record is matched like any other and a
 *     review item names the claimed SSID.  A known alias whose identity
 *     disagrees is kept (its history hangs on it) and counted; the sweep
 *     and a split are how a reused local ID is put right.
 *  2. Probabilistic for the rest, against every observation in the registry
 *     and the rest of the batch (linker.h): blocking, Fellegi-Sunter weights
 *     with term frequencies, the match probability.  The prior is estimated
 *     from the batch, per class of record (estimate_prior()); whether the
 *     record's enrollments and the SSID's at other LEAs overlap is evidence
 *     (struct enrolled).  --estimate instead estimates u from random pairs
 *     and m and lambda by EM, as slds-link does.  A record that matches two
 *     SSIDs or more alike is contested (contest()) and links to none.
 *  3. Records join clusters, strongest links first, guarded: every pair in a
 *     cluster scores at least the review threshold, no cluster holds two
 *     SSIDs, and the registry's records of one SSID start as one cluster.
 *     A cluster with an SSID gives it to its records; one without gets one
 *     new SSID for all its records (the first statewide load; a student new
 *     to the state seen by two LEAs).
 *  4. A record whose SSID is new and whose best pair outside its cluster
 *     scores at least the review threshold keeps its new SSID (provisional,
 *     so the data loads) and opens a review item with that pair's evidence,
 *     one for each SSID it matched; resolving it "same" merges (slds-ssid).
 *
 * Every decision is an event with its evidence; the run is a match_run with
 * the model's version, lambda and counts.  The output files are the input
 * rows unchanged plus an "ssid_assigned" column.  Running it again on the
 * same input mints nothing: every local ID is then known.
 *
 * --evaluate compares the registry's current SSIDs with a truth file.
 * Records are named by LEA and local ID only, never by name or birth date.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "canon.h"
#include "cli.h"
#include "catalog.h"
#include "csv_reader.h"
#include "db.h"
#include "error.h"
#include "fsutil.h"
#include "linker.h"
#include "log.h"
#include "manifest.h"
#include "parse.h"
#include "progress.h"
#include "registry.h"
#include "ssid.h"
#include "strset.h"
#include "banned.h"

/* Fewer candidate pairs than this: too few to estimate from; the model's m and u. */
#define EM_MIN_PAIRS 5000
/* The registry's observations of one SSID, and the batch's records of one student. */
#define MATCH_CLUSTER_MAX 4096
#define NONE UINT32_MAX

struct match_options {
	const char *dbname;
	const char *input_dir;
	const char *output_dir;
	const char *model_path;		/* NULL: next to the program, else installed */
	const char *bindir;
	const char *evaluate_path;
	const char *twins_path;		/* --twins: pairs of persons never one SSID */
	int estimate;
};

enum how { HOW_NEW, HOW_ALIAS, HOW_CLAIM, HOW_LINK, HOW_MINT };

/*
 * The enrollments this school year at other LEAs of the registry's SSIDs
 * that undecided records might be, for the comparison "enrollment" of the
 * model (kind external): "apart" when the SSID's enrollments there and the
 * record's do not overlap (a transfer: it left before it came), "overlap"
 * when they do by more than REGISTRY_OVERLAP_DAYS (a namesake still
 * enrolled there, or now and then a child enrolled in two LEAs at once;
 * concurrent enrollments left out, registry.h), "left" when the
 * SSID has no enrollment this year and the LEA of its last one has sent
 * this year's submission without it (a transfer between years; not when
 * that enrollment ended in a diploma, a completion or death), missing
 * otherwise (its LEA has not yet sent this year's submission) or when the
 * record has no enrollment.
 */
struct span {
	int32_t from, to;		/* days since 2000-01-01; to INT32_MAX: still enrolled */
};

struct enrolled {
	int comparison;			/* the model's "enrollment", -1 if none */
	uint8_t apart, overlap, left;	/* its levels */
	/*
	 * Per registry record (index minus reg.lo), so that a pair costs no
	 * hashing: k, its SSID's spans[first[k] .. first[k + 1]); or
	 * ENROLLED_GONE, its SSID's LEA sent this year's submission without
	 * it; or ENROLLED_NONE.  And a bit per registry record, set when it is
	 * not ENROLLED_NONE, small enough to stay in cache (of[] is read at
	 * random, once per pair).  Both NULL while every record is
	 * ENROLLED_NONE.
	 */
	uint32_t *of;
	uint64_t *marked;
	uint32_t *first;
	struct span *spans;
	size_t nspans;
};

#define ENROLLED_NONE UINT32_MAX
#define ENROLLED_GONE (UINT32_MAX - 1)

/* One distinct local ID of the submission: linker record of the same index. */
struct student {
	char ssid[SSID_LEN + 1];	/* the decision */
	char alias[SSID_LEN + 1];	/* what its (LEA, local ID) has, survivor; "" */
	char claim[SSID_LEN + 1];	/* the SSID claimed, if it exists (survivor); "" */
	uint64_t serial;		/* minted here: its serial, else UINT64_MAX */
	enum how how;
	int disagrees;			/* alias kept, or claim refused: identity disagrees */
	int provisional;		/* new, with a review item */
	int contested;			/* strong pairs with two SSIDs or more (contest()) */
	float prob;			/* the pair the decision rests on */
	uint32_t other;			/* its other record, or NONE */
	double lambda;			/* undecided: the prior of its pairs; else 0 */
	uint32_t entry;			/* its enrollments' class (read_entries()): index + 1; 0 none */
	int32_t from, to;		/* its enrollments' first day and last (days), when entry */
	int concurrent;			/* one of them is a concurrent enrollment (E6) */
	size_t obs, obs_len;		/* its identity as COPY fields, in matcher.obs */
};

struct review_item {
	uint32_t rec, other;		/* the batch record and what it looks like */
	float prob;
	char candidate[SSID_LEN + 1];
	const char *reason;
};

struct matcher {
	const struct match_options *opts;
	struct manifest m;
	PGconn *conn;
	char submission_id[24], run_id[24];
	struct linker lk;
	int lk_open;
	struct student *st;
	size_t nb;			/* batch records: linker records 0 to nb-1 */
	size_t npairs;			/* candidate pairs (lk's, freed once decided) */
	struct buf obs;			/* the students' identities as given (student.obs) */
	struct strset ids;		/* local ID -> index */
	struct strset entry_codes;	/* "entry code/exit code" -> index */
	char (*class_names)[16];	/* index -> "entry code/exit code" */
	struct buf rates;		/* the rates estimated, as JSON */
	struct enrolled enrolled;	/* the registry's enrollments at other LEAs */
	struct registry_records reg;	/* the registry's records in lk */
	struct review_item *reviews;
	size_t nreviews, reviews_cap;
	int estimated, rounds;
	double rate;			/* the undecided records' match rate */
	double identities;		/* how many an undecided record could be */
	unsigned long long linked, minted, by_alias, by_claim, claims_refused, alias_disagree;
	unsigned long long contested;	/* records that matched more than one SSID */
	size_t sent;			/* record_decisions()'s statements, running */
	int rematch;			/* a run of the submission was committed before */
	double lap;			/* when the last step ended (progress_now()) */
};

static void help(const char *progname);

/* With -vv, how long the step that just ended took. */
static void lap(struct matcher *mt, const char *step)
{
	double now = progress_now();

	log_debug("%s: %.2f s", step, now - mt->lap);
	mt->lap = now;
}

/* One field of a COPY row (s NULL: SQL NULL); the last sends the row. */
static int copy_field(struct db_copy *cp, struct buf *row, const char *s, size_t len,
		      int last, struct slds_error *err)
{
	if ((s ? copy_escape(row, s, len) : buf_adds(row, "\\N")) < 0 ||
	    buf_addch(row, last ? '\n' : '\t') < 0)
		return error_set(err, SLDS_ELIMIT, "row too long for COPY");
	if (last) {
		int rc = db_copy_put(cp, row->data, row->len, err);

		buf_reset(row);
		return rc;
	}
	return 0;
}

/*
 * The canonical columns of the identity, in linker field order; the
 * birthplace is made of two (birthplace()).
 */
static const char *const identity_columns[LINK_NFIELDS] = {
	"first_name", "middle_name", "last_name", "birth_date", "sex", "birth_state", "zip"
};

/*
 * The registry's birthplace: "US-" and the state when the state is known
 * (a state is only given with country US or none), else the country code.
 */
static size_t birthplace(const char *state, size_t state_len, const char *country,
			 size_t country_len, char *out, size_t n)
{
	int len;

	if (state && state_len)
		len = snprintf(out, n, "US-%.*s", (int)state_len, state);
	else if (country && country_len)
		len = snprintf(out, n, "%.*s", (int)country_len, country);
	else
		len = 0;
	return len < 0 ? 0 : (size_t)len < n ? (size_t)len : n - 1;
}

/*
 * Each distinct local ID of the submission's student records, into the
 * linker and, as the identity it gave in COPY fields, into mt->obs (the
 * registry's observation of it, once it is decided: send_decisions()).
 */
static int read_students(struct matcher *mt, struct slds_error *err)
{
	struct canon_reader r;
	char *path = path_join(mt->opts->input_dir, "student.copy");
	int col, claim, country, f, fcol[LINK_NFIELDS], rc;
	size_t cap = 0;
	char place[16];

	rc = canon_reader_open(&r, path, err);
	if (rc)
		goto cleanup;
	col = canon_reader_column(&r, "local_id");
	claim = canon_reader_column(&r, "ssid");
	country = canon_reader_column(&r, "birth_country");
	for (f = 0; f < LINK_NFIELDS; f++)
		fcol[f] = canon_reader_column(&r, identity_columns[f]);
	if (col < 0 || claim < 0 || fcol[LF_FIRST] < 0 || fcol[LF_LAST] < 0 || fcol[LF_BIRTH] < 0) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" does not have the columns of a validated student file",
			       path);
		goto cleanup;
	}
	while (!rc && (rc = canon_reader_next(&r, err)) == 1) {
		const char *v[LINK_NFIELDS];
		size_t len[LINK_NFIELDS];
		struct student *s;

		rc = 0;
		if (!r.fields[col]) {
			rc = error_set(err, SLDS_EDATA, "line %llu of file \"%s\" has no local ID",
				       r.lineno, path);
			break;
		}
		/* A repeated local ID: the first record speaks for it (STU.0102). */
		if (!strset_add(&mt->ids, r.fields[col], r.lens[col], mt->nb, NULL))
			continue;
		if (mt->nb == cap) {
			cap = cap ? cap * 2 : 1024;
			mt->st = xreallocarray(mt->st, cap, sizeof(*mt->st));
		}
		s = &mt->st[mt->nb++];
		memset(s, 0, sizeof(*s));
		s->serial = UINT64_MAX;
		s->other = NONE;
		if (r.fields[claim] && ssid_is_valid(r.fields[claim], r.lens[claim]))
			memcpy(s->claim, r.fields[claim], SSID_LEN);
		for (f = 0; f < LINK_NFIELDS; f++) {
			v[f] = fcol[f] >= 0 && r.fields[fcol[f]] ? r.fields[fcol[f]] : "";
			len[f] = fcol[f] >= 0 && r.fields[fcol[f]] ? r.lens[fcol[f]] : 0;
		}
		len[LF_BIRTHPLACE] = birthplace(v[LF_BIRTHPLACE], len[LF_BIRTHPLACE],
						country >= 0 ? r.fields[country] : NULL,
						country >= 0 && r.fields[country] ? r.lens[country] : 0,
						place, sizeof(place));
		v[LF_BIRTHPLACE] = place;
		if (len[LF_ZIP] > 5)
			len[LF_ZIP] = 5;	/* the registry keeps five digits */
		rc = linker_add(&mt->lk, v, len, 1, r.fields[col], r.lens[col], NULL, 0, err);
		if (rc)
			break;
		/* The submission's local IDs are one group: never one student. */
		linker_set_group(&mt->lk, (uint32_t)(mt->nb - 1), "batch", 5);
		s->obs = mt->obs.len;
		for (f = 0; !rc && f < LINK_NFIELDS; f++)
			if ((len[f] ? copy_escape(&mt->obs, v[f], len[f]) : buf_adds(&mt->obs, "\\N")) < 0 ||
			    (f < LINK_NFIELDS - 1 && buf_addch(&mt->obs, '\t') < 0))
				rc = error_set(err, SLDS_ELIMIT, "the submission's student records"
					       " take more than %zu bytes", mt->obs.max);
		s->obs_len = mt->obs.len - s->obs;
	}
cleanup:
	canon_reader_close(&r);
	free(path);
	return rc < 0 ? rc : 0;
}

/*
 * Each student's enrollments in the submission, as a class of the prior
 * (estimate_prior()): the entry code of the first says whether the child is
 * new to the state's schools (E1, first school in the United States; E4,
 * from another state) or came from another of its LEAs (E3); the exit code
 * of the last whether the child left for another LEA of the state (W2).  A
 * student without an enrollment has no class of its own.
 */
struct spell {
	int seen;
	int32_t first, last;		/* entry days of the first and last enrollment */
	char entry[8], exit[8];		/* the first's entry code, the last's exit code */
};

static void copy_code(char *dst, const char *s, size_t len)
{
	if (!s)
		s = "-", len = 1;
	if (len > 7)
		len = 7;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

static int read_entries(struct matcher *mt, struct slds_error *err)
{
	struct canon_reader r;
	char *path = path_join(mt->opts->input_dir, "enrollment.copy");
	struct spell *sp = xcalloc(mt->nb ? mt->nb : 1, sizeof(*sp));
	int col, date, entry, exit_code, exit_date, rc;
	size_t i;

	rc = canon_reader_open(&r, path, err);
	if (rc)
		goto cleanup;
	col = canon_reader_column(&r, "local_id");
	date = canon_reader_column(&r, "entry_date");
	entry = canon_reader_column(&r, "entry_code");
	exit_code = canon_reader_column(&r, "exit_code");
	exit_date = canon_reader_column(&r, "exit_date");
	if (col < 0 || date < 0 || entry < 0 || exit_code < 0) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" does not have the columns of a validated enrollment file",
			       path);
		goto cleanup;
	}
	while ((rc = canon_reader_next(&r, err)) == 1) {
		struct spell *p;
		struct student *st;
		struct date d;
		uint64_t idx;
		int32_t day, to = INT32_MAX;

		if (!r.fields[col] || !r.fields[date] || parse_date(r.fields[date], r.lens[date], &d) ||
		    !strset_get(&mt->ids, r.fields[col], r.lens[col], &idx))
			continue;
		p = &sp[idx];
		st = &mt->st[idx];
		day = date_to_days(&d);
		if (exit_date >= 0 && r.fields[exit_date] &&
		    !parse_date(r.fields[exit_date], r.lens[exit_date], &d))
			to = date_to_days(&d);
		if (!p->seen || day < p->first) {
			p->first = day;
			copy_code(p->entry, r.fields[entry], r.fields[entry] ? r.lens[entry] : 0);
		}
		if (!p->seen || day >= p->last) {
			p->last = day;
			copy_code(p->exit, r.fields[exit_code], r.fields[exit_code] ? r.lens[exit_code] : 0);
		}
		if (!p->seen || to > st->to)
			st->to = to;
		p->seen = 1;
		if (r.fields[entry] && r.lens[entry] == strlen(REGISTRY_CONCURRENT_ENTRY) &&
		    !memcmp(r.fields[entry], REGISTRY_CONCURRENT_ENTRY, r.lens[entry]))
			st->concurrent = 1;
	}
	for (i = 0; rc == 0 && i < mt->nb; i++) {
		char key[16];
		uint64_t c = mt->entry_codes.count;
		int n;

		if (!sp[i].seen)
			continue;
		mt->st[i].from = sp[i].first;
		n = snprintf(key, sizeof(key), "%s/%s", sp[i].entry, sp[i].exit);
		if (strset_add(&mt->entry_codes, key, (size_t)n, c, &c)) {
			mt->class_names = xreallocarray(mt->class_names, c + 1, sizeof(*mt->class_names));
			memcpy(mt->class_names[c], key, (size_t)n + 1);
		}
		mt->st[i].entry = (uint32_t)c + 1;
	}
cleanup:
	canon_reader_close(&r);
	free(sp);
	free(path);
	return rc < 0 ? rc : 0;
}

/*
 * How well record rec agrees with what the registry saw of ssid: the best
 * match weight over its observations (the evidence alone, without the
 * batch's prior: a known local ID or a claim is itself strong evidence),
 * and which observation; +infinity when it has none.
 */
static double agreement(const struct matcher *mt, uint32_t rec, const char *ssid, uint32_t *other)
{
	uint32_t lo, hi, i;
	double best = -INFINITY, w;

	*other = NONE;
	if (!registry_range(&mt->reg, ssid, &lo, &hi))
		return INFINITY;
	for (i = lo; i < hi; i++) {
		linker_pair_score(&mt->lk, rec, i, &w);
		if (w > best) {
			best = w;
			*other = i;
		}
	}
	return best;
}

/* A review item; one_review_each() keeps the strongest of a record and candidate. */
static void add_review(struct matcher *mt, uint32_t rec, uint32_t other, double prob,
		       const char *candidate, const char *reason)
{
	struct review_item *r;

	if (mt->nreviews == mt->reviews_cap) {
		mt->reviews_cap = mt->reviews_cap ? mt->reviews_cap * 2 : 64;
		mt->reviews = xreallocarray(mt->reviews, mt->reviews_cap, sizeof(*mt->reviews));
	}
	r = &mt->reviews[mt->nreviews++];
	r->rec = rec;
	r->other = other;
	r->prob = (float)prob;
	snprintf(r->candidate, sizeof(r->candidate), "%s", candidate);
	r->reason = reason;
}

/* By record, candidate, then strongest first. */
static int review_cmp(const void *x, const void *y)
{
	const struct review_item *a = x, *b = y;
	int k;

	if (a->rec != b->rec)
		return a->rec < b->rec ? -1 : 1;
	if ((k = strcmp(a->candidate, b->candidate)))
		return k;
	if (a->prob != b->prob)
		return a->prob > b->prob ? -1 : 1;
	return a->other < b->other ? -1 : a->other > b->other;
}

/* One review item per record and candidate SSID: its strongest pair. */
static void one_review_each(struct matcher *mt)
{
	size_t i, k = 0;

	if (!mt->nreviews)
		return;
	qsort(mt->reviews, mt->nreviews, sizeof(*mt->reviews), review_cmp);
	for (i = 0; i < mt->nreviews; i++)
		if (!k || mt->reviews[k - 1].rec != mt->reviews[i].rec ||
		    strcmp(mt->reviews[k - 1].candidate, mt->reviews[i].candidate))
			mt->reviews[k++] = mt->reviews[i];
	mt->nreviews = k;
}

/*
 * Step 1: the deterministic decisions.  rows are (local ID, alias SSID,
 * claimed SSID), both resolved to their survivors, NULL when unknown.  The
 * identity agrees when its weight reaches the model's review weight.
 */
static void decide_known(struct matcher *mt, PGresult *res)
{
	int i;

	for (i = 0; i < PQntuples(res); i++) {
		const char *id = PQgetvalue(res, i, 0);
		struct student *s;
		uint64_t idx;
		uint32_t other;
		double w;

		if (!strset_get(&mt->ids, id, strlen(id), &idx))
			continue;
		s = &mt->st[idx];
		if (!PQgetisnull(res, i, 1))
			snprintf(s->alias, sizeof(s->alias), "%s", PQgetvalue(res, i, 1));
		if (PQgetisnull(res, i, 2))
			s->claim[0] = '\0';
		else
			snprintf(s->claim, sizeof(s->claim), "%s", PQgetvalue(res, i, 2));
		if (s->alias[0]) {
			w = agreement(mt, (uint32_t)idx, s->alias, &other);
			memcpy(s->ssid, s->alias, sizeof(s->ssid));
			s->how = HOW_ALIAS;
			s->other = other;
			s->disagrees = w < mt->lk.model.review;
			mt->alias_disagree += s->disagrees;
			mt->by_alias++;
			if (s->claim[0] && strcmp(s->claim, s->alias)) {
				agreement(mt, (uint32_t)idx, s->claim, &other);
				add_review(mt, (uint32_t)idx, other, 0, s->claim,
					   "the claimed SSID is not the one this local ID has");
			}
			continue;
		}
		if (!s->claim[0])
			continue;
		w = agreement(mt, (uint32_t)idx, s->claim, &other);
		if (w >= mt->lk.model.review) {
			memcpy(s->ssid, s->claim, sizeof(s->ssid));
			s->how = HOW_CLAIM;
			s->other = other;
			mt->by_claim++;
		} else {
			s->disagrees = 1;
			mt->claims_refused++;
			add_review(mt, (uint32_t)idx, other, 0, s->claim,
				   "claimed SSID whose identity disagrees");
		}
	}
}

/* The SSID a record is bound to before clustering: the registry's, or a known one. */
static const char *bound_ssid(const struct matcher *mt, uint32_t r)
{
	if (r >= mt->nb)
		return linker_id(&mt->lk, r);
	return mt->st[r].how == HOW_ALIAS || mt->st[r].how == HOW_CLAIM ? mt->st[r].ssid : NULL;
}

/*
 * May records a and b be one student?  Never two SSIDs in one cluster, nor
 * two local IDs of the submission (linker_set_group()), nor a contested
 * record and a registry record (contest()).
 */
static int compatible(void *ctx, uint32_t a, uint32_t b)
{
	struct matcher *mt = ctx;
	const char *sa = bound_ssid(mt, a), *sb = bound_ssid(mt, b);

	if (sa && sb)
		return !memcmp(sa, sb, SSID_LEN);
	if ((a < mt->nb && mt->st[a].contested && b >= mt->nb) ||
	    (b < mt->nb && mt->st[b].contested && a >= mt->nb))
		return 0;
	return linker_compatible(&mt->lk, a, b);
}

/* A record's rival SSID (contest()): one it matches, besides its strongest. */
struct rival {
	uint32_t rec;
	const char *best, *other;	/* the SSIDs, in lk's records */
	double top, odds;		/* log2 odds of the strongest and of this one */
	int distinct;			/* another child: enrolled alongside the strongest */
};

/* Which rivals are another child than the strongest (registry_two_children()). */
static int rivals_distinct(struct matcher *mt, struct rival *r, size_t n, struct slds_error *err)
{
	const char **best = xmallocarray(n, sizeof(*best)), **other = xmallocarray(n, sizeof(*other));
	int *distinct = xcalloc(n, sizeof(*distinct));
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		best[i] = r[i].best;
		other[i] = r[i].other;
	}
	rc = registry_two_children(mt->conn, best, other, n, distinct, err);
	for (i = 0; i < n; i++)
		r[i].distinct = distinct[i];
	free(best);
	free(other);
	free(distinct);
	return rc;
}

/*
 * A record is one child at most, so the SSIDs it matches that are other
 * children compete: given that it is at most one of them, the probability
 * that it is SSID s is odds(s) / (1 + the sum of their odds), each SSID's
 * odds those of its strongest pair at least the review threshold and not
 * vetoed.  A record whose strongest SSID reaches the link threshold on its
 * own but not against the SSIDs enrolled alongside it (two children:
 * registry_two_children()) is contested: namesakes of the registry (the
 * same names, birth date and birthplace) that it matches alike.  Linking
 * it to the strongest would be a coin's toss between two children; it
 * links to none (compatible()), gets a provisional SSID and a review item
 * for each (explain_and_review()), and `slds-ssid review recheck` decides
 * once the other LEAs' enrollments of the year are known.  An SSID never
 * enrolled alongside the strongest may be the same child entered twice,
 * and does not compete: the record links to the strongest, as it would
 * without it.  The pairs come sorted, a batch record first and the
 * registry's records by SSID.
 */
static int contest(struct matcher *mt, struct slds_error *err)
{
	const struct linker *lk = &mt->lk;
	size_t nc = lk->model.ncomparisons, i = 0, cap = 0, nr = 0, rcap = 0, lo, hi;
	double *odds = NULL, link_odds = log2(lk->link_p / (1 - lk->link_p));
	const char **ids = NULL;
	struct rival *r = NULL;
	int rc = 0;

	while (i < lk->pairs.n) {
		uint32_t x = (uint32_t)(lk->pairs.v[i] >> 32);
		double top = -INFINITY, others = 0;
		size_t n = 0, k, best = 0;

		for (; i < lk->pairs.n && (uint32_t)(lk->pairs.v[i] >> 32) == x; i++) {
			uint32_t y = (uint32_t)lk->pairs.v[i];
			const char *id;
			double l, lambda;

			if (lk->prob[i] < lk->review_p || x >= mt->nb || y < mt->nb ||
			    mt->st[x].how != HOW_NEW || fs_vetoed(&lk->model, lk->vectors + i * nc))
				continue;
			lambda = linker_lambda(lk, x, y);
			l = lk->weight[i] + log2(lambda / (1 - lambda));
			id = linker_id(lk, y);
			if (n && !memcmp(id, ids[n - 1], SSID_LEN)) {
				odds[n - 1] = l > odds[n - 1] ? l : odds[n - 1];
				continue;
			}
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				odds = xreallocarray(odds, cap, sizeof(*odds));
				ids = xreallocarray(ids, cap, sizeof(*ids));
			}
			odds[n] = l;
			ids[n++] = id;
		}
		if (n < 2)
			continue;
		for (k = 0; k < n; k++)
			if (odds[k] > top) {
				top = odds[k];
				best = k;
			}
		if (top < link_odds)
			continue;	/* not a link on its own either */
		for (k = 0; k < n; k++)
			others += k == best ? 0 : exp2(odds[k] - top);
		if (fs_probability_among(top, others) >= lk->link_p)
			continue;
		for (k = 0; k < n; k++) {
			if (k == best)
				continue;
			if (nr == rcap) {
				rcap = rcap ? rcap * 2 : 64;
				r = xreallocarray(r, rcap, sizeof(*r));
			}
			r[nr++] = (struct rival){ x, ids[best], ids[k], top, odds[k], 0 };
		}
	}
	free(odds);
	free(ids);
	if (nr)
		rc = rivals_distinct(mt, r, nr, err);
	for (lo = 0; !rc && lo < nr; lo = hi) {
		double others = 0;

		for (hi = lo; hi < nr && r[hi].rec == r[lo].rec; hi++)
			if (r[hi].distinct)
				others += exp2(r[hi].odds - r[hi].top);
		if (fs_probability_among(r[lo].top, others) < lk->link_p) {
			mt->st[r[lo].rec].contested = 1;
			mt->contested++;
		}
	}
	free(r);
	return rc;
}

/* The registry's records of each SSID, and the batch's records bound to it, start as one cluster. */
static void seed_clusters(struct matcher *mt, struct clusters *c)
{
	struct strset first = STRSET_INIT;
	uint32_t r;

	for (r = 0; r < mt->lk.nrecs; r++) {
		const char *s = bound_ssid(mt, r);
		uint64_t f;

		if (!s)
			continue;
		if (!strset_add(&first, s, SSID_LEN, r, &f))
			clusters_join(c, (uint32_t)f, r, MATCH_CLUSTER_MAX, NULL, NULL);
	}
	strset_release(&first);
}

/*
 * Step 3: every batch record's SSID from its cluster; clusters without one
 * are new students, numbered in the order of their first record.  Returns
 * the number of new SSIDs to mint; *fresh[cluster] is its index among them.
 */
static size_t assign_clusters(struct matcher *mt, uint32_t **fresh)
{
	const struct linker *lk = &mt->lk;
	const char **known = xcalloc(lk->nclusters ? lk->nclusters : 1, sizeof(*known));
	size_t i, nnew = 0;

	*fresh = xmallocarray(lk->nclusters ? lk->nclusters : 1, sizeof(**fresh));
	for (i = 0; i < lk->nclusters; i++)
		(*fresh)[i] = NONE;
	for (i = 0; i < lk->nrecs; i++) {
		const char *s = bound_ssid(mt, (uint32_t)i);

		if (s)
			known[lk->cluster[i]] = s;
	}
	for (i = 0; i < mt->nb; i++) {
		struct student *s = &mt->st[i];
		uint32_t c = lk->cluster[i];

		if (s->how != HOW_NEW)
			continue;
		if (known[c]) {
			memcpy(s->ssid, known[c], SSID_LEN);
			s->ssid[SSID_LEN] = '\0';
			s->how = HOW_LINK;
		} else if ((*fresh)[c] == NONE) {
			(*fresh)[c] = (uint32_t)nnew++;
			s->how = HOW_MINT;
		} else {
			s->how = HOW_LINK;
		}
	}
	free(known);
	return nnew;
}

/*
 * The pair each linked record rests on (its strongest link inside its
 * cluster, a registry record first) and the review items: a record with a
 * new SSID whose best pair outside its cluster is at least the review
 * threshold.
 */
static void explain_and_review(struct matcher *mt)
{
	const struct linker *lk = &mt->lk;
	size_t i;

	for (i = 0; i < lk->pairs.n; i++) {
		uint32_t a = (uint32_t)(lk->pairs.v[i] >> 32), b = (uint32_t)lk->pairs.v[i], x, y;
		float p = lk->prob[i];
		int k;

		if (p < lk->review_p)
			continue;
		for (k = 0; k < 2; k++) {
			x = k ? b : a;
			y = k ? a : b;
			if (x >= mt->nb)
				continue;
			if (lk->cluster[x] == lk->cluster[y]) {
				struct student *s = &mt->st[x];
				int better = s->other == NONE || (y >= mt->nb) > (s->other >= mt->nb) ||
					     ((y >= mt->nb) == (s->other >= mt->nb) && p > s->prob);

				if ((s->how == HOW_LINK || s->how == HOW_MINT) && better) {
					s->prob = p;
					s->other = y;
				}
				continue;
			}
			/* Across clusters: only a new SSID is provisional. */
			if (mt->st[x].serial == UINT64_MAX)
				continue;
			if (y < mt->nb && mt->st[y].serial != UINT64_MAX && y > x)
				continue;	/* two new students: the later one asks */
			add_review(mt, x, y, p, y < mt->nb ? mt->st[y].ssid : linker_id(lk, y),
				   y < mt->nb ? "two local IDs of this submission look like one student"
				   : mt->st[x].contested ? REGISTRY_REVIEW_RIVAL
				   : p >= lk->link_p ? "strong match refused: it would join records that disagree"
				   : REGISTRY_REVIEW_PROBABLE);
		}
	}
	one_review_each(mt);
	for (i = 0; i < mt->nreviews; i++)
		if (mt->st[mt->reviews[i].rec].serial != UINT64_MAX)
			mt->st[mt->reviews[i].rec].provisional = 1;
}

/* One query's single value into out (size n); 0 or an error. */
static int query_value(struct matcher *mt, const char *sql, int nparams, const char *const *params,
		       char *out, size_t n, struct slds_error *err)
{
	PGresult *res = db_query(mt->conn, sql, nparams, params, err);

	if (!res)
		return err->code;
	if (PQntuples(res) != 1 || PQnfields(res) < 1) {
		PQclear(res);
		return SLDS_ENOENT;
	}
	snprintf(out, n, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

/* The local IDs and claimed SSIDs to the server; their aliases and claims back. */
static int read_known(struct matcher *mt, PGresult **known, struct slds_error *err)
{
	const char *params[] = { mt->m.lea_id };
	struct db_copy cp;
	struct buf row = BUF_INIT(1024 * 1024);
	size_t i;
	int rc = db_exec(mt->conn, "CREATE TEMP TABLE match_in (local_id text, claim text) ON COMMIT DROP",
			 err);

	if (!rc)
		rc = db_copy_begin(&cp, mt->conn, "COPY match_in FROM STDIN", err);
	for (i = 0; !rc && i < mt->nb; i++) {
		const char *id = linker_id(&mt->lk, (uint32_t)i);

		rc = copy_field(&cp, &row, id, strlen(id), 0, err);
		if (!rc)
			rc = copy_field(&cp, &row, mt->st[i].claim[0] ? mt->st[i].claim : NULL,
					SSID_LEN, 1, err);
	}
	if (rc)
		db_copy_abort(&cp, "aborted");
	else
		rc = db_copy_end(&cp, NULL, err);
	buf_release(&row);
	if (rc)
		return rc;
	*known = db_query(mt->conn,
			  "SELECT m.local_id, coalesce(ia.merged_into, ia.ssid),"
			  " coalesce(ic.merged_into, ic.ssid)"
			  " FROM match_in m"
			  " LEFT JOIN registry.alias a ON a.lea_id = $1 AND a.local_id = m.local_id"
			  " LEFT JOIN registry.identity ia ON ia.ssid = a.ssid"
			  " LEFT JOIN registry.identity ic ON ic.ssid = m.claim"
			  " WHERE a.ssid IS NOT NULL OR ic.ssid IS NOT NULL",
			  1, params, err);
	return *known ? 0 : err->code;
}

/* Serials for the new SSIDs, in cluster order, and every record's SSID. */
static int mint(struct matcher *mt, const uint32_t *fresh, size_t nnew, struct slds_error *err)
{
	unsigned char key[SSID_KEY_LEN];
	char (*minted)[SSID_LEN + 1] = NULL;
	uint64_t *serials = NULL;
	char n[24], hex[2 * SSID_KEY_LEN + 8];
	const char *params[] = { n };
	PGresult *res = NULL;
	size_t i;
	int rc;

	if (!nnew)
		return 0;
	rc = query_value(mt, "SELECT key_hex FROM registry.ssid_key", 0, NULL, hex, sizeof(hex), err);
	if (rc || ssid_key_from_hex(hex, key))
		return rc && rc != SLDS_ENOENT ? rc
		       : error_set(err, SLDS_EINTERNAL, "registry.ssid_key does not hold one valid key");
	snprintf(n, sizeof(n), "%zu", nnew);
	res = db_query(mt->conn, "SELECT nextval('registry.ssid_serial') FROM generate_series(1, $1::bigint)",
		       1, params, err);
	if (!res)
		return err->code;
	minted = xmallocarray(nnew, sizeof(*minted));
	serials = xmallocarray(nnew, sizeof(*serials));
	for (i = 0; i < nnew && !rc; i++) {
		serials[i] = strtoull(PQgetvalue(res, (int)i, 0), NULL, 10);
		if (ssid_from_serial(serials[i], key, minted[i]))
			rc = error_set(err, SLDS_EINTERNAL, "the SSID serial sequence is exhausted");
	}
	for (i = 0; i < mt->nb && !rc; i++) {
		uint32_t f = fresh[mt->lk.cluster[i]];

		if (f == NONE)
			continue;
		memcpy(mt->st[i].ssid, minted[f], sizeof(mt->st[i].ssid));
		mt->st[i].serial = serials[f];
	}
	PQclear(res);
	free(minted);
	free(serials);
	return rc;
}

static const char *const how_names[] = { "new", "alias", "claim", "link", "mint" };

/* A decision's evidence, as JSON. */
static int evidence(const struct matcher *mt, uint32_t rec, uint32_t other, const char *method,
		    struct buf *b)
{
	size_t start;

	if (buf_addf(b, "{\"method\":\"%s\"", method) < 0)
		return SLDS_ELIMIT;
	if (other == NONE)
		return buf_addch(b, '}') < 0 ? SLDS_ELIMIT : 0;
	if (buf_addf(b, ",\"with\":\"%s%s\",", other < mt->nb ? "local ID " : "SSID ",
		     linker_id(&mt->lk, other)) < 0)
		return SLDS_ELIMIT;
	start = b->len;
	if (linker_evidence(&mt->lk, rec, other, b))
		return SLDS_ELIMIT;
	/* Splice the pair's object into this one: drop its opening brace. */
	memmove(b->data + start, b->data + start + 1, b->len - start - 1);
	b->len--;
	return 0;
}

static const char *decision_reason(const struct student *s)
{
	switch (s->how) {
	case HOW_ALIAS:
		return s->disagrees ? "known (LEA, local ID), kept although the identity disagrees"
				    : "known (LEA, local ID)";
	case HOW_CLAIM:
		return "claimed SSID, identity agrees";
	case HOW_LINK:
		return s->serial != UINT64_MAX ? "same new student as another record of the batch"
					       : "probabilistic match";
	case HOW_MINT:
		return s->provisional ? "provisional: no certain match, review item opened"
				      : "no match in the registry or the batch";
	case HOW_NEW:
		break;
	}
	return "undecided";
}

/* A batch record by its decision: the SSID, then the record (ssid_order()). */
struct by_ssid {
	char ssid[SSID_LEN];
	uint32_t rec;
};

static int by_ssid_cmp(const void *a, const void *b)
{
	const struct by_ssid *x = a, *y = b;
	int c = memcmp(x->ssid, y->ssid, SSID_LEN);

	return c ? c : x->rec < y->rec ? -1 : x->rec > y->rec;
}

/*
 * The batch's records in the order of their SSIDs.  The registry's tables
 * are written in that order: each index on an SSID then takes the new keys
 * in one sweep, not at a million random places (at 6 million identities,
 * random order took twice as long, and the alias table's foreign key checks
 * as well, since they follow the rows).
 */
static struct by_ssid *ssid_order(const struct matcher *mt)
{
	struct by_ssid *o = xmallocarray(mt->nb ? mt->nb : 1, sizeof(*o));
	size_t i;

	for (i = 0; i < mt->nb; i++) {
		memcpy(o[i].ssid, mt->st[i].ssid, SSID_LEN);
		o[i].rec = (uint32_t)i;
	}
	qsort(o, mt->nb, sizeof(*o), by_ssid_cmp);
	return o;
}

/* The run: its counts and the model as it was estimated. */
static int record_run(struct matcher *mt, struct slds_error *err)
{
	char records[24], linked[24], minted[24], reviews[24], matched[8], *model;
	const char *run_params[] = { mt->submission_id, records, linked, minted, reviews, NULL };
	int rc;

	snprintf(records, sizeof(records), "%zu", mt->nb);
	snprintf(linked, sizeof(linked), "%llu", mt->linked);
	snprintf(minted, sizeof(minted), "%llu", mt->minted);
	snprintf(reviews, sizeof(reviews), "%zu", mt->nreviews);
	model = xstrfmt("{\"version\": %d, \"lambda\": %.9g, \"match_rate\": %.6g, \"rates\": %s,"
			" \"estimated\": %s, \"em_rounds\": %d,"
			" \"link_probability\": %g, \"review_probability\": %g, \"registry_records\": %zu,"
			" \"candidate_pairs\": %zu, \"by_alias\": %llu, \"by_claim\": %llu,"
			" \"claims_refused\": %llu, \"alias_disagrees\": %llu, \"contested\": %llu}",
			mt->lk.model.version, mt->lk.model.lambda, mt->rate,
			mt->rates.len ? mt->rates.data : "null", mt->estimated ? "true" : "false",
			mt->rounds, mt->lk.link_p, mt->lk.review_p, mt->lk.nrecs - mt->nb, mt->npairs,
			mt->by_alias, mt->by_claim, mt->claims_refused, mt->alias_disagree, mt->contested);
	run_params[5] = model;
	/* The submission's observations are all new unless it was matched before. */
	rc = query_value(mt, "SELECT EXISTS (SELECT FROM registry.match_run WHERE submission_id = $1)",
			 1, run_params, matched, sizeof(matched), err);
	mt->rematch = !rc && !strcmp(matched, "t");
	if (!rc)
		rc = query_value(mt, "INSERT INTO registry.match_run (submission_id, records, linked,"
				 " minted, reviews, model, method)"
				 " VALUES ($1, $2, $3, $4, $5, $6, 'probabilistic') RETURNING match_run_id",
				 6, run_params, mt->run_id, sizeof(mt->run_id), err);
	free(model);
	return rc;
}

/*
 * The decisions to the server, in SSID order: each record's SSID and
 * identity into the temporary table match_out (with the serial on the
 * first record of an SSID minted here), its event straight into
 * registry.event, and the review items into match_review.
 */
static int send_decisions(struct matcher *mt, struct slds_error *err)
{
	struct db_copy cp;
	struct buf row = BUF_INIT(1024 * 1024), ev = BUF_INIT(1 << 16);
	struct by_ssid *order = ssid_order(mt);
	char serial[24], prob[32];
	size_t i;
	int rc = db_exec(mt->conn, "CREATE TEMP TABLE match_out (local_id text, ssid char(10),"
			 " serial bigint, alias_known boolean, first_name text, middle_name text,"
			 " last_name text, birth_date date, sex text, birthplace text, zip text)"
			 " ON COMMIT DROP", err);

	if (!rc)
		rc = db_copy_begin(&cp, mt->conn, "COPY match_out FROM STDIN", err);
	for (i = 0; !rc && i < mt->nb; i++) {
		const struct student *s = &mt->st[order[i].rec];
		const char *id = linker_id(&mt->lk, order[i].rec);
		int first = s->how == HOW_MINT &&
			    (!i || memcmp(order[i - 1].ssid, order[i].ssid, SSID_LEN));

		snprintf(serial, sizeof(serial), "%llu", (unsigned long long)s->serial);
		rc = copy_field(&cp, &row, id, strlen(id), 0, err);
		if (!rc)
			rc = copy_field(&cp, &row, s->ssid, SSID_LEN, 0, err);
		if (!rc)
			rc = copy_field(&cp, &row, first ? serial : NULL, strlen(serial), 0, err);
		if (!rc)
			rc = copy_field(&cp, &row, s->alias[0] ? "t" : "f", 1, 0, err);
		if (!rc && (buf_add(&row, mt->obs.data + s->obs, s->obs_len) < 0 ||
			    buf_addch(&row, '\n') < 0))
			rc = error_set(err, SLDS_ELIMIT, "row too long for COPY");
		if (!rc) {
			rc = db_copy_put(&cp, row.data, row.len, err);
			buf_reset(&row);
		}
	}
	if (rc)
		db_copy_abort(&cp, "aborted");
	else
		rc = db_copy_end(&cp, NULL, err);
	if (!rc)
		rc = db_copy_begin(&cp, mt->conn, "COPY registry.event (match_run_id, kind, ssid, lea_id,"
				   " local_id, submission_id, reason, evidence) FROM STDIN", err);
	for (i = 0; !rc && i < mt->nb; i++) {
		uint32_t rec = order[i].rec;
		const struct student *s = &mt->st[rec];
		const char *id = linker_id(&mt->lk, rec), *reason = decision_reason(s);

		buf_reset(&ev);
		rc = copy_field(&cp, &row, mt->run_id, strlen(mt->run_id), 0, err);
		if (!rc)
			rc = copy_field(&cp, &row, s->how == HOW_MINT ? "mint" : "link", 4, 0, err);
		if (!rc)
			rc = copy_field(&cp, &row, s->ssid, SSID_LEN, 0, err);
		if (!rc)
			rc = copy_field(&cp, &row, mt->m.lea_id, strlen(mt->m.lea_id), 0, err);
		if (!rc)
			rc = copy_field(&cp, &row, id, strlen(id), 0, err);
		if (!rc)
			rc = copy_field(&cp, &row, mt->submission_id, strlen(mt->submission_id), 0, err);
		if (!rc)
			rc = copy_field(&cp, &row, reason, strlen(reason), 0, err);
		if (!rc)
			rc = evidence(mt, rec, s->other, how_names[s->how], &ev);
		if (!rc)
			rc = copy_field(&cp, &row, ev.data, ev.len, 1, err);
	}
	if (rc)
		db_copy_abort(&cp, "aborted");
	else
		rc = db_copy_end(&cp, NULL, err);
	free(order);
	if (!rc)
		rc = db_exec(mt->conn, "CREATE TEMP TABLE match_review (local_id text, ssid char(10),"
			     " candidate char(10), probability float8, weight float8, reason text,"
			     " evidence jsonb) ON COMMIT DROP", err);
	if (!rc)
		rc = db_copy_begin(&cp, mt->conn, "COPY match_review FROM STDIN", err);
	for (i = 0; !rc && i < mt->nreviews; i++) {
		const struct review_item *r = &mt->reviews[i];
		const char *id = linker_id(&mt->lk, r->rec);
		double w = 0, p = r->prob;

		if (!strcmp(r->candidate, mt->st[r->rec].ssid))
			continue;
		if (r->other != NONE)
			p = linker_pair_score(&mt->lk, r->rec, r->other, &w);
		buf_reset(&ev);
		rc = copy_field(&cp, &row, id, strlen(id), 0, err);
		if (!rc)
			rc = copy_field(&cp, &row, mt->st[r->rec].ssid, SSID_LEN, 0, err);
		if (!rc)
			rc = copy_field(&cp, &row, r->candidate, SSID_LEN, 0, err);
		snprintf(prob, sizeof(prob), "%.9f", p < 0 ? 0 : p);
		if (!rc)
			rc = copy_field(&cp, &row, prob, strlen(prob), 0, err);
		snprintf(prob, sizeof(prob), "%.6f", w);
		if (!rc)
			rc = copy_field(&cp, &row, prob, strlen(prob), 0, err);
		if (!rc)
			rc = copy_field(&cp, &row, r->reason, strlen(r->reason), 0, err);
		if (!rc)
			rc = evidence(mt, r->rec, r->other, "review", &ev);
		if (!rc)
			rc = copy_field(&cp, &row, ev.data, ev.len, 1, err);
	}
	if (rc)
		db_copy_abort(&cp, "aborted");
	else
		rc = db_copy_end(&cp, NULL, err);
	buf_release(&row);
	buf_release(&ev);
	return rc;
}

/*
 * One observation per (LEA, local ID) and submission: match_out has each
 * local ID once.  A submission matched again has them already (ON CONFLICT:
 * a probe of the primary key more a row, so only then).
 */
#define OBSERVATIONS \
	"INSERT INTO registry.observation (ssid, lea_id, local_id, submission_id, first_name," \
	" middle_name, last_name, birth_date, sex, birthplace, zip)" \
	" SELECT ssid, $1, local_id, $2, first_name, middle_name, last_name, birth_date, sex," \
	" birthplace, zip FROM match_out"

/*
 * The new identities, aliases and observations (from match_out, in its
 * order), and the review items and their events: sent, not waited for
 * (finish_registry() does), so that the server writes them while the
 * output files are written (about 40 s against 6 s at 1M records).
 */
static int record_decisions(struct matcher *mt, struct slds_error *err)
{
	const char *observations = mt->rematch
		? OBSERVATIONS " ON CONFLICT (lea_id, local_id, submission_id) DO NOTHING"
		: OBSERVATIONS;
	const char *const sql[] = {
		"INSERT INTO registry.identity (ssid, serial, created_by)"
		" SELECT ssid, serial, $1::bigint FROM match_out WHERE serial IS NOT NULL",
		"INSERT INTO registry.alias (lea_id, local_id, ssid, first_seen, last_seen)"
		" SELECT $1, local_id, ssid, $2, $2 FROM match_out WHERE NOT alias_known",
		"UPDATE registry.alias a SET last_seen = $2"
		" FROM match_out m WHERE m.alias_known AND a.lea_id = $1 AND a.local_id = m.local_id",
		observations,
		"INSERT INTO registry.review (match_run_id, submission_id, lea_id, local_id, ssid,"
		" candidate_ssid, probability, weight, evidence)"
		" SELECT $3, $2, $1, local_id, ssid, candidate, probability, weight,"
		" evidence || jsonb_build_object('reason', reason) FROM match_review",
		"INSERT INTO registry.event (match_run_id, kind, ssid, other_ssid, lea_id, local_id,"
		" submission_id, reason, evidence)"
		" SELECT $3, 'review', ssid, candidate, $1, local_id, $2, reason, evidence"
		" FROM match_review",
	};
	const char *lea_sub_run[] = { mt->m.lea_id, mt->submission_id, mt->run_id };
	const char *sub[] = { mt->submission_id };
	size_t i;
	int rc = db_pipeline_begin(mt->conn, err);

	if (rc)
		return rc;
	for (i = 0; !rc && i < sizeof(sql) / sizeof(sql[0]); i++) {
		/* The first takes the submission; the others $1 to $2 or $3 of lea_sub_run. */
		int n = !i ? 1 : strstr(sql[i], "$3") ? 3 : 2;

		rc = db_pipeline_send(mt->conn, sql[i], n, !i ? sub : lea_sub_run, err);
		if (!rc)
			mt->sent++;
	}
	if (!rc)
		rc = db_pipeline_sync(mt->conn, err);
	return rc;
}

/* Wait for record_decisions()'s statements; commit if they all succeeded. */
static int finish_registry(struct matcher *mt, struct slds_error *err)
{
	int rc = db_pipeline_end(mt->conn, mt->sent, err);

	if (!rc)
		rc = db_exec(mt->conn, "COMMIT", err);
	return rc;
}

/*
 * The prior, from the batch itself.  An undecided record is someone seen
 * before (a transfer, a second enrolment) or someone new (a kindergartner,
 * a child moved in from another state); the share of the first, the match
 * rate, changes from batch to batch (a first statewide load has almost no
 * matches, a later year's new local IDs are largely transfers), with the
 * child's enrollments in the submission (the first's entry code: E3, from
 * another LEA of the state, or E1, first school in the country; the last's
 * exit code: W2, to another LEA of the state) and with age (a new local ID
 * at five is a child starting school, at twelve more likely a transfer).
 * With m and u fixed, the rates are estimated as EM would, by themselves:
 * each undecided record is someone seen before with the probability of its
 * best pair, its lambda being its class's rate (codes and birth year)
 * spread over the identities it could be, until the rates are steady.  The
 * identities are the registry's SSIDs: the batch's records are of one
 * submission, never one student.  Each rate has a prior worth
 * RATE_PRIOR_RECORDS records: the batch's is the model's match_rate, a
 * pair of codes' the batch's, a class's its codes'; so a few records do
 * not decide a rate alone, and the codes say what they do only when the
 * data bear it out.
 */
#define RATE_PRIOR_RECORDS 20.0
#define COHORT_FIRST 1900
#define COHORTS 256

static double prior_lambda(double rate, double identities)
{
	double lambda = identities > 0 ? rate / identities : 0.5;

	return lambda < 1e-15 ? 1e-15 : lambda > 0.5 ? 0.5 : lambda;
}

/* linker_prior_fn: the undecided record's lambda (the larger of two). */
static double pair_prior(void *ctx, uint32_t a, uint32_t b)
{
	const struct matcher *mt = ctx;
	double la = a < mt->nb ? mt->st[a].lambda : 0, lb = b < mt->nb ? mt->st[b].lambda : 0;

	return la > 0 || lb > 0 ? (la > lb ? la : lb) : mt->lk.model.lambda;
}

/* A record's birth year as an index from 0, or COHORTS when it has none. */
static size_t cohort(const struct linker *lk, uint32_t r)
{
	const struct link_record *x = &lk->recs[r];

	return x->month && x->year >= COHORT_FIRST && x->year < COHORT_FIRST + COHORTS
	       ? (size_t)(x->year - COHORT_FIRST) : COHORTS;
}

/*
 * Each undecided record's best weight against a record it may be.  A pair
 * is looked up in the records (linker_same_group(): a random read of
 * millions of records, most of this function's time when it came first)
 * only when its weight would raise a best: in the pairs' order, sorted by
 * their first record, that is a few pairs a record.
 */
static float *best_weights(const struct matcher *mt)
{
	const struct linker *lk = &mt->lk;
	float *best = xmallocarray(mt->nb ? mt->nb : 1, sizeof(*best));
	/* A byte a record, read at random: the student structs would not stay in cache. */
	uint8_t *undecided = xmalloc(mt->nb ? mt->nb : 1);
	size_t i;

	for (i = 0; i < mt->nb; i++) {
		best[i] = -INFINITY;
		undecided[i] = mt->st[i].how == HOW_NEW;
	}
	for (i = 0; i < lk->pairs.n; i++) {
		uint32_t a = (uint32_t)(lk->pairs.v[i] >> 32), b = (uint32_t)lk->pairs.v[i];
		float w = lk->weight[i];
		int up_a = a < mt->nb && undecided[a] && w > best[a];
		int up_b = b < mt->nb && undecided[b] && w > best[b];

		if ((!up_a && !up_b) || linker_same_group(lk, a, b))
			continue;
		if (up_a)
			best[a] = w;
		if (up_b)
			best[b] = w;
	}
	free(undecided);
	return best;
}

/* The rates being estimated: the batch's, each pair of codes', each class's. */
struct rates {
	size_t ncodes, nclasses;
	double batch, *code, *cls;
	double *code_seen, *code_n, *seen, *n;
	double *logit;			/* a round's log2 prior odds of each class */
};

/* An undecided record with a candidate: its class, code and best weight. */
struct prior_record {
	uint32_t cls, entry;
	double best;
};

/* A pooled rate: what was seen among n records, with the prior's weight. */
static double pooled(double seen, double n, double prior, double *change, double old)
{
	double rate = (seen + prior * RATE_PRIOR_RECORDS) / (n + RATE_PRIOR_RECORDS);

	if (fabs(rate - old) > *change)
		*change = fabs(rate - old);
	return rate;
}

/*
 * One round: the records' probabilities under the rates, and the rates they
 * give.  Only the records with a candidate (u, nu of them) are visited: the
 * others' probability is 0 and their counts, r->n and r->code_n, are the
 * same every round.  The prior odds are worked out once a class, not once
 * a record (up to 200 rounds of a million records).
 */
static double rates_round(struct matcher *mt, struct rates *r, const struct prior_record *u,
			  size_t nu, double prior_rate, size_t undecided)
{
	double all = 0, change = 0;
	size_t i, k;

	for (k = 0; k < r->nclasses; k++) {
		double l = prior_lambda(r->cls[k], mt->identities);

		r->seen[k] = 0;
		r->logit[k] = log2(l / (1 - l));
	}
	for (k = 0; k < r->ncodes; k++)
		r->code_seen[k] = 0;
	for (i = 0; i < nu; i++) {
		double p = 1 / (1 + exp2(-(u[i].best + r->logit[u[i].cls])));

		r->seen[u[i].cls] += p;
		r->code_seen[u[i].entry] += p;
		all += p;
	}
	r->batch = pooled(all, (double)undecided, prior_rate, &change, r->batch);
	for (k = 0; k < r->ncodes; k++)
		r->code[k] = pooled(r->code_seen[k], r->code_n[k], r->batch, &change, r->code[k]);
	for (k = 0; k < r->nclasses; k++)
		r->cls[k] = pooled(r->seen[k], r->n[k], r->code[k / (COHORTS + 1)], &change, r->cls[k]);
	return change;
}

/*
 * The rates as the match run records them: the batch's and each class's of
 * entry and exit codes, {"E3/-": {"records": 449, "rate": 0.92}, ...}.
 */
static void rates_json(struct matcher *mt, const struct rates *r)
{
	size_t k;
	int rc;

	buf_reset(&mt->rates);
	rc = buf_addf(&mt->rates, "{\"none\": {\"records\": %.0f, \"rate\": %.4f}", r->code_n[0], r->code[0]);
	for (k = 1; rc >= 0 && k < r->ncodes; k++) {
		const char *name = mt->class_names[k - 1];

		/* Codes come from code lists; anything else is not written out. */
		if (strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-") != strlen(name))
			name = "(a code out of the lists)";
		rc = buf_addf(&mt->rates, ", \"%s\": {\"records\": %.0f, \"rate\": %.4f}", name,
			      r->code_n[k], r->code[k]);
	}
	if (rc >= 0)
		rc = buf_adds(&mt->rates, "}");
	if (rc < 0)
		buf_reset(&mt->rates);
}

static void estimate_prior(struct matcher *mt, size_t undecided)
{
	struct linker *lk = &mt->lk;
	struct rates r;
	float *best = best_weights(mt);
	size_t *cls = xmallocarray(mt->nb ? mt->nb : 1, sizeof(*cls));
	struct prior_record *u = xmallocarray(mt->nb ? mt->nb : 1, sizeof(*u));
	size_t i, k, nu = 0;
	int round;

	memset(&r, 0, sizeof(r));
	r.ncodes = mt->entry_codes.count + 1;
	r.nclasses = r.ncodes * (COHORTS + 1);
	r.code = xmallocarray(r.ncodes, sizeof(double));
	r.code_seen = xmallocarray(r.ncodes, sizeof(double));
	r.code_n = xmallocarray(r.ncodes, sizeof(double));
	r.cls = xmallocarray(r.nclasses, sizeof(double));
	r.seen = xmallocarray(r.nclasses, sizeof(double));
	r.n = xmallocarray(r.nclasses, sizeof(double));
	r.logit = xmallocarray(r.nclasses, sizeof(double));
	r.batch = 1;
	for (k = 0; k < r.ncodes; k++) {
		r.code[k] = 1;
		r.code_n[k] = 0;
	}
	for (k = 0; k < r.nclasses; k++) {
		r.cls[k] = 1;
		r.n[k] = 0;
	}
	for (i = 0; i < mt->nb; i++) {
		cls[i] = mt->st[i].entry * (COHORTS + 1) + cohort(lk, (uint32_t)i);
		if (mt->st[i].how != HOW_NEW)
			continue;
		r.n[cls[i]]++;
		r.code_n[mt->st[i].entry]++;
		if (best[i] > -INFINITY) {
			u[nu].cls = (uint32_t)cls[i];
			u[nu].entry = mt->st[i].entry;
			u[nu++].best = best[i];
		}
	}
	mt->identities = mt->reg.nssids ? (double)mt->reg.nssids : 1;
	for (round = 0; round < 200; round++)
		if (rates_round(mt, &r, u, nu, lk->model.match_rate > 0 ? lk->model.match_rate : 0.5,
				undecided) < 1e-6)
			break;
	rates_json(mt, &r);
	mt->rate = r.batch;
	lk->model.lambda = prior_lambda(r.batch, mt->identities);
	for (i = 0; i < mt->nb; i++)
		mt->st[i].lambda = mt->st[i].how == HOW_NEW
				   ? prior_lambda(r.cls[cls[i]], mt->identities) : 0;
	lk->prior = pair_prior;
	lk->prior_ctx = mt;
	free(best);
	free(cls);
	free(u);
	free(r.logit);
	free(r.code);
	free(r.code_seen);
	free(r.code_n);
	free(r.cls);
	free(r.seen);
	free(r.n);
}

/* The model's "enrollment" comparison, if it has one, and its levels. */
static int enrolled_open(struct matcher *mt, struct slds_error *err)
{
	const struct fs_model *model = &mt->lk.model;
	struct enrolled *e = &mt->enrolled;
	size_t i, l;
	int apart = -1, overlap = -1, left = -1;

	e->comparison = -1;
	for (i = 0; i < model->ncomparisons; i++) {
		const struct fs_comparison *c = &model->comparisons[i];

		if (strcmp(c->kind, "external") || strcmp(c->name, "enrollment"))
			continue;
		for (l = 0; l < c->nlevels; l++) {
			if (!strcmp(c->levels[l], "apart"))
				apart = (int)l;
			else if (!strcmp(c->levels[l], "overlap"))
				overlap = (int)l;
			else if (!strcmp(c->levels[l], "left"))
				left = (int)l;
		}
		if (apart < 0 || overlap < 0 || left < 0)
			return error_set(err, SLDS_EDATA, "the model's comparison \"enrollment\" needs the levels apart, overlap and left");
		e->comparison = (int)i;
		e->apart = (uint8_t)apart;
		e->overlap = (uint8_t)overlap;
		e->left = (uint8_t)left;
	}
	return 0;
}

static void enrolled_release(struct enrolled *e)
{
	free(e->of);
	free(e->marked);
	free(e->first);
	free(e->spans);
}

/* linker_external_fn: the "enrollment" level of a batch record and a registry record. */
static void enrollment_level(void *ctx, uint32_t a, uint32_t b, uint8_t *levels)
{
	const struct matcher *mt = ctx;
	const struct enrolled *e = &mt->enrolled;
	uint32_t x = a < b ? a : b, y = a < b ? b : a, i;
	const struct student *s = &mt->st[x];
	uint32_t k;

	if (!e->of || x >= mt->nb || y < mt->reg.lo || y >= mt->reg.hi || !s->entry ||
	    s->concurrent)
		return;
	y -= mt->reg.lo;
	if (!(e->marked[y / 64] >> (y % 64) & 1))
		return;
	k = e->of[y];
	if (k == ENROLLED_NONE)
		return;
	if (k == ENROLLED_GONE) {
		levels[e->comparison] = e->left;
		return;
	}
	levels[e->comparison] = e->apart;
	for (i = e->first[k]; i < e->first[k + 1]; i++) {
		int64_t from = s->from > e->spans[i].from ? s->from : e->spans[i].from;
		int64_t to = s->to < e->spans[i].to ? s->to : e->spans[i].to;

		if (to - from > REGISTRY_OVERLAP_DAYS) {
			levels[e->comparison] = e->overlap;
			return;
		}
	}
}

/*
 * The registry records of ssid (the survivor's, as registry_range() finds
 * them) get v in e->of, unless they already have a value: an SSID's spans
 * are set first and win over ENROLLED_GONE.
 */
static void enrolled_set(struct matcher *mt, const char *ssid, uint32_t v)
{
	struct enrolled *e = &mt->enrolled;
	uint32_t lo, hi, j, n = mt->reg.hi - mt->reg.lo;

	if (!registry_range(&mt->reg, ssid, &lo, &hi))
		return;
	if (!e->of) {
		e->of = xmallocarray(n, sizeof(*e->of));
		for (j = 0; j < n; j++)
			e->of[j] = ENROLLED_NONE;
		e->marked = xcalloc(n / 64 + 1, sizeof(*e->marked));
	}
	for (j = lo - mt->reg.lo; j < hi - mt->reg.lo; j++) {
		if (e->of[j] != ENROLLED_NONE)
			continue;
		e->of[j] = v;
		e->marked[j / 64] |= (uint64_t)1 << (j % 64);
	}
}

/*
 * The enrollments, this school year at another LEA, of the SSIDs an
 * undecided record with enrollments is paired with (struct enrolled).  The
 * SSIDs go to the server by COPY (a statewide LEA's submission pairs with
 * millions): the temporary table match_cand, without an index to build,
 * active SSIDs only, as the registry's records are.  The registry's records
 * paired are marked, then sent in registry order (by SSID), each SSID once:
 * no hash per pair.
 */
static int read_enrolled(struct matcher *mt, struct slds_error *err)
{
	const struct linker *lk = &mt->lk;
	struct enrolled *e = &mt->enrolled;
	struct buf row = BUF_INIT(1024);
	struct db_copy cp;
	uint8_t *paired = xcalloc(lk->nrecs ? lk->nrecs : 1, 1);
	const char *last = NULL;
	char year[16];
	const char *params[3];
	PGresult *res = NULL;
	size_t i, n, k, nwant = 0;
	int rc, copying = 0;

	for (i = 0; i < lk->pairs.n; i++) {
		uint32_t a = (uint32_t)(lk->pairs.v[i] >> 32), b = (uint32_t)lk->pairs.v[i];
		uint32_t x = a < b ? a : b, y = a < b ? b : a;

		if (x < mt->nb && y >= mt->nb && mt->st[x].how == HOW_NEW && mt->st[x].entry &&
		    !mt->st[x].concurrent)
			paired[y] = 1;
	}
	rc = db_exec(mt->conn, "CREATE TEMP TABLE match_cand (ssid char(10)) ON COMMIT DROP",
		     err);
	if (!rc)
		rc = db_copy_begin(&cp, mt->conn, "COPY match_cand FROM STDIN", err);
	copying = !rc;
	for (i = mt->reg.lo; !rc && i < mt->reg.hi; i++) {
		const char *ssid = linker_id(lk, (uint32_t)i);

		if (!paired[i] || (last && !memcmp(last, ssid, SSID_LEN)))
			continue;
		last = ssid;
		nwant++;
		rc = copy_field(&cp, &row, ssid, SSID_LEN, 1, err);
	}
	if (copying) {
		if (rc)
			db_copy_abort(&cp, "aborted");
		else
			rc = db_copy_end(&cp, NULL, err);
	}
	if (rc || !nwant)
		goto cleanup;
	if ((rc = db_exec(mt->conn, "ANALYZE match_cand", err)) != 0)
		goto cleanup;
	snprintf(year, sizeof(year), "%d", mt->m.school_year);
	params[0] = year;
	params[1] = mt->m.lea_id;
	params[2] = REGISTRY_CONCURRENT_ENTRY;
	res = db_query(mt->conn, "SELECT c.ssid, e.entry_date - DATE '2000-01-01',"
		       " coalesce(e.exit_date - DATE '2000-01-01', 2147483647)"
		       " FROM warehouse.enrollment e JOIN registry.identity i ON i.ssid = e.ssid"
		       " JOIN match_cand c ON c.ssid = coalesce(i.merged_into, e.ssid)"
		       " WHERE e.school_year = $1 AND e.lea_id <> $2"
		       " AND e.entry_code IS DISTINCT FROM $3 ORDER BY 1", 3, params, err);
	if (!res) {
		rc = err->code;
		goto cleanup;
	}
	n = (size_t)PQntuples(res);
	e->spans = xmallocarray(n ? n : 1, sizeof(*e->spans));
	e->first = xmallocarray(n + 1, sizeof(*e->first));
	for (i = 0, k = 0; i < n; i++) {
		if (!i || strcmp(PQgetvalue(res, (int)i, 0), PQgetvalue(res, (int)i - 1, 0))) {
			enrolled_set(mt, PQgetvalue(res, (int)i, 0), (uint32_t)k);
			e->first[k++] = (uint32_t)i;
		}
		e->spans[i].from = (int32_t)strtol(PQgetvalue(res, (int)i, 1), NULL, 10);
		e->spans[i].to = (int32_t)strtol(PQgetvalue(res, (int)i, 2), NULL, 10);
	}
	e->first[k] = (uint32_t)n;
	e->nspans = n;
	PQclear(res);
	/*
	 * Those without an enrollment this year anywhere: the last one's LEA,
	 * if it sent this year's submission, left them out.
	 */
	params[2] = REGISTRY_FINAL_EXITS;
	res = db_query(mt->conn, "SELECT s FROM (SELECT DISTINCT ON (1) c.ssid AS s,"
		       " e.lea_id, e.exit_code FROM warehouse.enrollment e JOIN registry.identity i ON i.ssid = e.ssid"
		       " JOIN match_cand c ON c.ssid = coalesce(i.merged_into, e.ssid)"
		       " WHERE e.school_year < $1"
		       " ORDER BY 1, e.school_year DESC, e.entry_date DESC) last"
		       " WHERE lea_id <> $2 AND (exit_code IS NULL OR exit_code <> ALL ($3::text[]))"
		       " AND EXISTS (SELECT 1 FROM ops.submission u WHERE u.lea_id = last.lea_id"
		       " AND u.school_year = $1 AND u.status IN ('loaded', 'superseded'))"
		       " AND NOT EXISTS (SELECT 1 FROM warehouse.enrollment x WHERE x.school_year = $1 AND x.ssid = last.s)"
		       " AND NOT EXISTS (SELECT 1 FROM registry.identity j JOIN warehouse.enrollment x ON x.ssid = j.ssid"
		       " WHERE j.merged_into = last.s AND x.school_year = $1)",
		       3, params, err);
	if (!res) {
		rc = err->code;
		goto cleanup;
	}
	for (i = 0; i < (size_t)PQntuples(res); i++)
		enrolled_set(mt, PQgetvalue(res, (int)i, 0), ENROLLED_GONE);
cleanup:
	if (res)
		PQclear(res);
	free(paired);
	buf_release(&row);
	return rc;
}

/* Steps 2 to 4: block, estimate, score, decide, cluster. */
static int decide(struct matcher *mt, PGresult *known, struct slds_error *err)
{
	struct linker *lk = &mt->lk;
	struct clusters c = CLUSTERS_INIT;
	uint32_t *fresh = NULL;
	size_t i, nnew, undecided = 0;
	int rc;

	lk->kind = LINK_NOT_WITHIN_0;
	lk->cluster_max = MATCH_CLUSTER_MAX;
	decide_known(mt, known);
	for (i = 0; i < mt->nb; i++)
		undecided += mt->st[i].how == HOW_NEW;
	linker_block(lk);
	lap(mt, "blocking");
	rc = enrolled_open(mt, err);
	if (!rc && mt->enrolled.comparison >= 0) {
		rc = read_enrolled(mt, err);
		lk->external = enrollment_level;
		lk->external_ctx = mt;
	}
	if (rc)
		return rc;
	lap(mt, "enrollment evidence");
	mt->estimated = mt->opts->estimate && lk->pairs.n >= EM_MIN_PAIRS;
	if (mt->estimated) {
		linker_estimate_u(lk);
		mt->rounds = linker_estimate_m(lk);
		linker_score(lk);
	} else {
		linker_grade(lk);
		lap(mt, "grading");
		linker_score(lk);
		lap(mt, "scoring");
		estimate_prior(mt, undecided);
		lap(mt, "prior");
		linker_rescore(lk);
		lap(mt, "scoring with the prior");
	}
	rc = contest(mt, err);
	if (rc)
		return rc;
	lap(mt, "rival SSIDs");
	clusters_init(&c, lk->nrecs);
	seed_clusters(mt, &c);
	linker_cluster(lk, &c, compatible, mt);
	clusters_release(&c);
	nnew = assign_clusters(mt, &fresh);
	lap(mt, "clustering");
	rc = mint(mt, fresh, nnew, err);
	free(fresh);
	if (rc)
		return rc;
	explain_and_review(mt);
	/*
	 * The pairs, their levels and weights (2 GB at a million records
	 * against 6 million) are not needed any more: back to the kernel,
	 * for the server's writes and the output files to come.
	 */
	mt->npairs = lk->pairs.n;
	linker_release_pairs(lk);
	alloc_trim();
	lap(mt, "minting, review items");
	mt->minted = nnew;
	for (i = 0; i < mt->nb; i++)
		mt->linked += mt->st[i].how != HOW_MINT;
	return 0;
}

static int match_registry(struct matcher *mt, struct slds_error *err)
{
	const char *sub_params[] = { mt->m.submission };
	PGresult *known = NULL;
	int rc;

	mt->conn = db_connect(mt->opts->dbname, "slds-match", err);
	if (!mt->conn)
		return err->code;
	rc = db_exec(mt->conn, "BEGIN ISOLATION LEVEL READ COMMITTED", err);
	/* One matcher at a time: each must see every identity committed before it. */
	if (!rc)
		rc = db_exec(mt->conn, "LOCK TABLE registry.alias IN SHARE ROW EXCLUSIVE MODE", err);
	if (!rc) {
		rc = query_value(mt, "SELECT submission_id FROM ops.submission WHERE submission_key = $1",
				 1, sub_params, mt->submission_id, sizeof(mt->submission_id), err);
		if (rc == SLDS_ENOENT) {
			rc = error_set(err, SLDS_EDATA, "submission %s is not registered", mt->m.submission);
			error_hint(err, "Run slds-ingest on it with a database (without --offline) first.");
		}
	}
	/*
	 * The batch's records first (linker records 0 to nb-1), then the
	 * registry's: its query is sent first, so that the server sorts the
	 * observations while the submission is read.
	 */
	mt->lap = progress_now();
	if (!rc)
		rc = registry_load_send(mt->conn, NULL, err);
	if (!rc)
		rc = read_students(mt, err);
	if (!rc)
		rc = read_entries(mt, err);
	if (!rc) {
		lap(mt, "reading the submission");
		rc = registry_load_read(mt->conn, &mt->lk, &mt->reg, err);
	}
	if (!rc) {
		lap(mt, "reading the registry");
		rc = read_known(mt, &known, err);
	}
	if (!rc) {
		lap(mt, "known local IDs and claims");
		rc = decide(mt, known, err);
	}
	if (!rc)
		rc = record_run(mt, err);
	if (!rc) {
		lap(mt, "the match run");
		rc = send_decisions(mt, err);
	}
	if (!rc) {
		lap(mt, "decisions, events and evidence to the server");
		rc = record_decisions(mt, err);
	}
	if (known)
		PQclear(known);
	/* Success: the registry's statements run on; the caller finishes them. */
	if (rc) {
		PQfinish(mt->conn);
		mt->conn = NULL;
	}
	return rc;
}

/*
 * Copy a record file, adding the SSID of each row's local ID; a record that
 * is not about a student (a school, a section...) is copied unchanged.
 */
static int write_with_ssid(struct matcher *mt, const struct record_def *rec,
			   struct slds_error *err)
{
	const char *record = rec->name;
	int keyed = record_has_student(rec);
	struct canon_reader r;
	struct canon_writer w;
	struct buf line = BUF_INIT(CANON_MAX_LINE);
	const char *cols[CANON_MAX_COLUMNS];
	char *in = xstrfmt("%s/%s.copy", mt->opts->input_dir, record);
	char *out = xstrfmt("%s/%s.copy", mt->opts->output_dir, record);
	int col, writer_open = 0, rc;
	size_t i;

	rc = canon_reader_open(&r, in, err);
	if (rc)
		goto cleanup;
	col = canon_reader_column(&r, "local_id");
	if ((keyed && col < 0) || r.ncols >= CANON_MAX_COLUMNS ||
	    canon_reader_column(&r, "ssid_assigned") >= 0 || strcmp(r.record, record)) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" does not have the columns of a validated %s file",
			       in, record);
		goto cleanup;
	}
	for (i = 0; i < r.ncols; i++)
		cols[i] = r.columns[i];
	cols[r.ncols] = "ssid_assigned";
	rc = canon_writer_open(&w, out, record, cols, r.ncols + (keyed ? 1 : 0), err);
	writer_open = 1;
	if (rc)
		goto cleanup;
	while ((rc = canon_reader_next(&r, err)) == 1) {
		uint64_t idx;

		if (!keyed) {
			rc = canon_writer_row(&w, r.line.data, r.line.len, err);
			if (rc)
				goto cleanup;
			continue;
		}
		if (!r.fields[col] || !strset_get(&mt->ids, r.fields[col], r.lens[col], &idx)) {
			rc = error_set(err, SLDS_EDATA,
				       "line %llu of file \"%s\": no student record has this local ID",
				       r.lineno, in);
			goto cleanup;
		}
		buf_reset(&line);
		if (buf_add(&line, r.line.data, r.line.len) < 0 || buf_addch(&line, '\t') < 0 ||
		    buf_adds(&line, mt->st[idx].ssid) < 0) {
			rc = error_set(err, SLDS_ELIMIT, "line %llu of file \"%s\" is too long",
				       r.lineno, in);
			goto cleanup;
		}
		rc = canon_writer_row(&w, line.data, line.len, err);
		if (rc)
			goto cleanup;
	}
	if (rc < 0)
		goto cleanup;
	rc = canon_writer_commit(&w, err);
	writer_open = 0;
cleanup:
	if (writer_open)
		canon_writer_abort(&w);
	canon_reader_close(&r);
	buf_release(&line);
	free(in);
	free(out);
	return rc;
}

static int run_match(const struct match_options *opts, struct slds_error *err)
{
	struct matcher mt;
	char *in_summary = path_join(opts->input_dir, SUBMISSION_NAME);
	char *out_summary = path_join(opts->output_dir, SUBMISSION_NAME);
	char *model = linker_model_path(opts->model_path, opts->bindir);
	size_t i;
	int rc;

	memset(&mt, 0, sizeof(mt));
	mt.opts = opts;
	buf_init(&mt.rates, 64 * 1024);
	buf_init(&mt.obs, (size_t)4 << 30);
	if (!is_dir(opts->input_dir)) {
		rc = error_set(err, SLDS_ENOENT, "input folder \"%s\" does not exist",
			       opts->input_dir);
		goto cleanup;
	}
	rc = manifest_read(&mt.m, in_summary, err);
	if (rc == SLDS_ENOENT)
		error_hint(err, "The input folder is the output folder of slds-validate; run it first.");
	if (rc)
		goto cleanup;
	if (!mt.m.submission) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" names no submission", in_summary);
		goto cleanup;
	}
	rc = linker_open(&mt.lk, model, NULL, err);
	mt.lk_open = 1;
	if (!rc)
		rc = match_registry(&mt, err);
	if (!rc)
		rc = mkdir_p(opts->output_dir, err);
	if (rc)
		goto cleanup;
	if (unlink(out_summary) != 0 && errno != ENOENT) {
		rc = error_set(err, SLDS_EIO, "could not remove file \"%s\": %s", out_summary,
			       strerror(errno));
		goto cleanup;
	}
	/*
	 * The output files while the server writes the registry; committed only
	 * if they were all written, and the summary (which says the output is
	 * whole) only once committed.
	 */
	for (i = 0; !rc && i < catalog_nrecords(); i++)
		rc = write_with_ssid(&mt, catalog_record_at(i), err);
	if (!rc)
		lap(&mt, "the output files");
	if (!rc)
		rc = finish_registry(&mt, err);
	if (!rc)
		lap(&mt, "the registry's rows, and commit (after the output files)");
	if (!rc)
		rc = manifest_write(&mt.m, out_summary, err);
	if (!rc)
		log_info("matched submission %s: %zu students: %llu by known local ID, %llu by claimed SSID,"
			 " %llu linked, %llu new SSIDs, %zu review items, %llu claims refused,"
			 " %llu known local IDs whose identity disagrees, %llu matching more than"
			 " one SSID; %zu registry records, %zu candidate pairs", mt.m.submission, mt.nb,
			 mt.by_alias, mt.by_claim, mt.linked - mt.by_alias - mt.by_claim, mt.minted,
			 mt.nreviews, mt.claims_refused, mt.alias_disagree, mt.contested,
			 mt.lk.nrecs - mt.nb, mt.npairs);
cleanup:
	if (mt.conn)
		PQfinish(mt.conn);
	if (mt.lk_open)
		linker_release(&mt.lk);
	strset_release(&mt.ids);
	strset_release(&mt.entry_codes);
	free(mt.class_names);
	buf_release(&mt.rates);
	buf_release(&mt.obs);
	enrolled_release(&mt.enrolled);
	registry_records_release(&mt.reg);
	free(mt.st);
	free(mt.reviews);
	manifest_release(&mt.m);
	free(model);
	free(in_summary);
	free(out_summary);
	return rc;
}

/* --evaluate: the registry's SSIDs against a file of (LEA, local ID, person). */
struct eval_rec {
	uint32_t ssid, person;
};

struct evaluation {
	struct strset truth;		/* "LEA\tlocal ID" -> person */
	struct strset persons, ssids;
	struct strset twins;		/* two person indices, lower first, as 8 bytes */
	size_t ntwins;
	struct eval_rec *recs;
	size_t n, cap, ntruth, reviewed;
	struct buf key, values;
};

/* The key of a pair of persons in ev->twins. */
static void twin_key(uint32_t a, uint32_t b, char key[8])
{
	uint32_t lo = a < b ? a : b, hi = a < b ? b : a;

	memcpy(key, &lo, 4);
	memcpy(key + 4, &hi, 4);
}

/*
 * --twins: a CSV whose first two columns are persons of the truth file who
 * must never share an SSID (the generator's truth/twins.csv).
 */
static int read_twins(struct evaluation *ev, const char *path, struct slds_error *err)
{
	struct csv_reader r;
	int rc = csv_reader_open(&r, path, 0, err);

	if (!rc && (rc = csv_reader_next(&r, err)) == 0)
		rc = error_set(err, SLDS_EDATA, "file \"%s\" is empty: no header line", path);
	while (rc == 1 && (rc = csv_reader_next(&r, err)) == 1) {
		uint64_t a, b;
		char key[8];

		if (r.nfields < 2) {
			rc = error_set(err, SLDS_EDATA, "line %llu of file \"%s\" has too few fields",
				       r.row_line, path);
			break;
		}
		if (!strset_get(&ev->persons, r.fields[0], r.lens[0], &a) ||
		    !strset_get(&ev->persons, r.fields[1], r.lens[1], &b))
			continue;	/* not in the truth file: never matched */
		twin_key((uint32_t)a, (uint32_t)b, key);
		ev->ntwins += strset_add(&ev->twins, key, sizeof(key), 0, NULL);
	}
	csv_reader_close(&r);
	return rc < 0 ? rc : 0;
}

/* Twin pairs among the persons of one SSID's records, sorted by person: recs[i, j). */
static size_t twins_merged(const struct evaluation *ev, size_t i, size_t j)
{
	size_t n = 0, k, m;
	char key[8];

	for (k = i; k < j; k++)
		for (m = k + 1; m < j; m++) {
			/* Each person once: the first of its records. */
			if ((k > i && ev->recs[k].person == ev->recs[k - 1].person) ||
			    ev->recs[m].person == ev->recs[m - 1].person)
				continue;
			twin_key(ev->recs[k].person, ev->recs[m].person, key);
			n += strset_get(&ev->twins, key, sizeof(key), NULL);
		}
	return n;
}

static int eval_key(struct evaluation *ev, const char *lea, size_t lea_len, const char *id,
		    size_t id_len)
{
	buf_reset(&ev->key);
	return buf_add(&ev->key, lea, lea_len) < 0 || buf_addch(&ev->key, '\t') < 0 ||
	       buf_add(&ev->key, id, id_len) < 0 ? SLDS_ELIMIT : 0;
}

static int read_truth(struct evaluation *ev, const char *path, struct slds_error *err)
{
	static const char *const names[3] = { "lea_id", "local_id", "person_id" };
	struct csv_reader r;
	int col[3] = { -1, -1, -1 }, rc = csv_reader_open(&r, path, 0, err);
	size_t k;

	if (!rc && (rc = csv_reader_next(&r, err)) == 0)
		rc = error_set(err, SLDS_EDATA, "file \"%s\" is empty: no header line", path);
	for (k = 0; rc == 1 && k < 3; k++)
		col[k] = csv_reader_column(&r, names[k]);
	if (rc == 1 && (col[0] < 0 || col[1] < 0 || col[2] < 0))
		rc = error_set(err, SLDS_EDATA, "file \"%s\" has not the columns lea_id, local_id and person_id",
			       path);
	while (rc == 1 && (rc = csv_reader_next(&r, err)) == 1) {
		uint64_t person;

		if ((size_t)col[0] >= r.nfields || (size_t)col[1] >= r.nfields ||
		    (size_t)col[2] >= r.nfields || !r.lens[col[1]]) {
			rc = error_set(err, SLDS_EDATA, "line %llu of file \"%s\" has too few fields",
				       r.row_line, path);
			break;
		}
		if (!strset_get(&ev->persons, r.fields[col[2]], r.lens[col[2]], &person)) {
			person = ev->persons.count;
			strset_add(&ev->persons, r.fields[col[2]], r.lens[col[2]], person, NULL);
		}
		if (eval_key(ev, r.fields[col[0]], r.lens[col[0]], r.fields[col[1]], r.lens[col[1]]))
			rc = error_set(err, SLDS_ELIMIT, "line %llu of file \"%s\" is too long",
				       r.row_line, path);
		else
			ev->ntruth += strset_add(&ev->truth, ev->key.data, ev->key.len, person, NULL);
	}
	csv_reader_close(&r);
	return rc < 0 ? rc : 0;
}

/* One alias (COPY row: LEA, local ID, SSID now) of a record in the truth file. */
static int eval_alias(void *ctx, const char *line, size_t len, struct slds_error *err)
{
	struct evaluation *ev = ctx;
	const char *f[3], *why;
	size_t l[3];
	uint64_t person, ssid;

	if (copy_split(line, len, 3, &ev->values, f, l, &why) || !f[0] || !f[1] || !f[2])
		return error_set(err, SLDS_EINTERNAL, "an alias could not be read");
	if (eval_key(ev, f[0], l[0], f[1], l[1]))
		return SLDS_ELIMIT;
	if (!strset_get(&ev->truth, ev->key.data, ev->key.len, &person))
		return 0;
	if (!strset_get(&ev->ssids, f[2], l[2], &ssid)) {
		ssid = ev->ssids.count;
		strset_add(&ev->ssids, f[2], l[2], ssid, NULL);
	}
	if (ev->n == ev->cap) {
		ev->cap = ev->cap ? ev->cap * 2 : 4096;
		ev->recs = xreallocarray(ev->recs, ev->cap, sizeof(*ev->recs));
	}
	ev->recs[ev->n].ssid = (uint32_t)ssid;
	ev->recs[ev->n++].person = (uint32_t)person;
	return 0;
}

static int eval_reviewed(void *ctx, const char *line, size_t len, struct slds_error *err)
{
	struct evaluation *ev = ctx;
	const char *f[2], *why;
	size_t l[2];
	uint64_t person;

	if (copy_split(line, len, 2, &ev->values, f, l, &why) || !f[0] || !f[1])
		return error_set(err, SLDS_EINTERNAL, "a review item could not be read");
	if (eval_key(ev, f[0], l[0], f[1], l[1]))
		return SLDS_ELIMIT;
	ev->reviewed += strset_get(&ev->truth, ev->key.data, ev->key.len, &person);
	return 0;
}

static int by_ssid(const void *x, const void *y)
{
	const struct eval_rec *a = x, *b = y;

	if (a->ssid != b->ssid)
		return a->ssid < b->ssid ? -1 : 1;
	return a->person < b->person ? -1 : a->person > b->person;
}

static int by_person(const void *x, const void *y)
{
	const struct eval_rec *a = x, *b = y;

	if (a->person != b->person)
		return a->person < b->person ? -1 : 1;
	return a->ssid < b->ssid ? -1 : a->ssid > b->ssid;
}

static void print_prf(const char *what, double p, double r)
{
	printf("%-12s precision %.4f  recall %.4f  F1 %.4f\n", what, p, r,
	       p + r > 0 ? 2 * p * r / (p + r) : 0);
}

static void report_evaluation(struct evaluation *ev)
{
	uint32_t *person_n = xcalloc(ev->persons.count + 1, sizeof(*person_n));
	double tp = 0, predicted = 0, truth = 0, bp = 0, br = 0, n = (double)ev->n;
	size_t i, j, k, false_merges = 0, mixed = 0, split = 0, extra = 0, twins = 0;

	for (i = 0; i < ev->n; i++)
		person_n[ev->recs[i].person]++;
	if (ev->n)
		qsort(ev->recs, ev->n, sizeof(*ev->recs), by_ssid);
	for (i = 0; i < ev->n; i = j) {
		size_t most = 0, kinds = 0;

		for (j = i; j < ev->n && ev->recs[j].ssid == ev->recs[i].ssid; j++)
			;
		predicted += (double)(j - i) * (double)(j - i - 1) / 2;
		for (k = i; k < j;) {
			size_t m = k;

			while (m < j && ev->recs[m].person == ev->recs[k].person)
				m++;
			tp += (double)(m - k) * (double)(m - k - 1) / 2;
			bp += (double)(m - k) * (double)(m - k) / (double)(j - i);
			br += (double)(m - k) * (double)(m - k) / person_n[ev->recs[k].person];
			most = m - k > most ? m - k : most;
			kinds++;
			k = m;
		}
		false_merges += (j - i) - most;
		mixed += kinds > 1;
		if (kinds > 1 && ev->ntwins)
			twins += twins_merged(ev, i, j);
	}
	if (ev->n)
		qsort(ev->recs, ev->n, sizeof(*ev->recs), by_person);
	for (i = 0; i < ev->n; i = j) {
		size_t ssids = 1;

		for (j = i + 1; j < ev->n && ev->recs[j].person == ev->recs[i].person; j++)
			ssids += ev->recs[j].ssid != ev->recs[j - 1].ssid;
		truth += (double)(j - i) * (double)(j - i - 1) / 2;
		split += ssids > 1;
		extra += ssids - 1;
	}
	printf("records      %zu evaluated, %zu of the truth file have no SSID\n", ev->n,
	       ev->ntruth - ev->n);
	print_prf("pairs", predicted ? tp / predicted : 1, truth ? tp / truth : 1);
	print_prf("b-cubed", n ? bp / n : 1, n ? br / n : 1);
	printf("false merges %zu records share an SSID with another person's records (%zu SSIDs hold more than one person)\n",
	       false_merges, mixed);
	printf("splits       %zu persons have more than one SSID (%zu SSIDs too many)\n", split,
	       extra);
	printf("review       %zu records with an open review item, rate %.4f\n", ev->reviewed,
	       n ? (double)ev->reviewed / n : 0);
	if (ev->ntwins)
		printf("twins        %zu of %zu twin pairs share an SSID\n", twins, ev->ntwins);
	free(person_n);
}

static int run_evaluate(const struct match_options *opts, struct slds_error *err)
{
	struct evaluation ev;
	PGconn *conn = NULL;
	int rc;

	memset(&ev, 0, sizeof(ev));
	buf_init(&ev.key, 4096);
	buf_init(&ev.values, 1 << 16);
	rc = read_truth(&ev, opts->evaluate_path, err);
	if (!rc && opts->twins_path)
		rc = read_twins(&ev, opts->twins_path, err);
	if (!rc && !(conn = db_connect(opts->dbname, "slds-match", err)))
		rc = err->code;
	if (!rc)
		rc = db_copy_out(conn, "COPY (SELECT a.lea_id, a.local_id, coalesce(i.merged_into, a.ssid)"
				 " FROM registry.alias a JOIN registry.identity i ON i.ssid = a.ssid)"
				 " TO STDOUT", eval_alias, &ev, err);
	if (!rc)
		rc = db_copy_out(conn, "COPY (SELECT DISTINCT lea_id, local_id FROM registry.review"
				 " WHERE status = 'open') TO STDOUT", eval_reviewed, &ev, err);
	if (!rc)
		report_evaluation(&ev);
	if (conn)
		PQfinish(conn);
	strset_release(&ev.truth);
	strset_release(&ev.persons);
	strset_release(&ev.ssids);
	strset_release(&ev.twins);
	free(ev.recs);
	buf_release(&ev.key);
	buf_release(&ev.values);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "dbname", required_argument, NULL, 'd' },
		{ "evaluate", required_argument, NULL, 'e' },
		{ "model", required_argument, NULL, 'm' },
		{ "estimate", no_argument, NULL, 'E' },
		CLI_OPTION_HELP,
		{ "twins", required_argument, NULL, 't' },
		CLI_OPTION_QUIET,
		CLI_OPTION_VERBOSE,
		CLI_OPTION_VERSION,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const args[] = { "input folder", "output folder" };
	struct match_options opts;
	struct slds_error err = SLDS_ERROR_INIT;
	int c, code;

	memset(&opts, 0, sizeof(opts));
	log_init(argv[0]);
	alloc_keep_freed();
	if (cli_early_help(argc, argv, help))
		return SLDS_EXIT_OK;
	while ((c = getopt_long(argc, argv, "d:m:" CLI_SHORT_OPTIONS, long_options, NULL)) != -1) {
		if (cli_common_option(c, help, &code) > 0)
			return code;
		switch (c) {
		case 'd': opts.dbname = optarg; break;
		case 'e': opts.evaluate_path = optarg; break;
		case 'm': opts.model_path = optarg; break;
		case 'E': opts.estimate = 1; break;
		case 't': opts.twins_path = optarg; break;
		default: break;
		}
	}
	if (opts.twins_path && !opts.evaluate_path)
		return cli_usage_error("--twins is for --evaluate");
	if (opts.evaluate_path) {
		if ((code = cli_check_args(argc - optind, argv + optind, 0, 0, args)) != 0)
			return code;
		return cli_exit(run_evaluate(&opts, &err), &err);
	}
	if ((code = cli_check_args(argc - optind, argv + optind, 2, 2, args)) != 0)
		return code;
	opts.input_dir = argv[optind];
	opts.output_dir = argv[optind + 1];
	opts.bindir = cli_program_dir(argv[0]);
	code = cli_exit(run_match(&opts, &err), &err);
	free((char *)opts.bindir);
	return code;
}

static void help(const char *progname)
{
	printf("%s gives every student record of a validated submission its SSID.\n\n",
	       progname);
	printf("Usage:\n");
	printf("  %s [OPTION]... INPUT_DIR OUTPUT_DIR\n", progname);
	printf("  %s [OPTION]... --evaluate=TRUTH\n\n", progname);
	printf("INPUT_DIR is the output folder of slds-validate.  OUTPUT_DIR receives the\n"
	       "same record files with an added \"ssid_assigned\" column, and submission.ini.\n\n"
	       "A known (LEA, local ID) keeps its SSID; a claimed SSID is taken when the\n"
	       "identity agrees with what the registry saw of it, else a review item names\n"
	       "it.  Every other record is matched probabilistically (the model file:\n"
	       "blocking, comparisons, m and u, thresholds) against every identity the\n"
	       "registry has observed and against the rest of the batch: linked above the\n"
	       "link threshold, else a new SSID.  Two local IDs of the submission are\n"
	       "never given one SSID, nor is a record that matches two SSIDs alike given\n"
	       "either.  Between the thresholds, two local IDs alike, or two SSIDs alike,\n"
	       "a record gets a provisional new SSID and a review item (slds-ssid review).\n"
	       "Every decision is recorded in registry.event with its evidence, the run\n"
	       "in registry.match_run.  Records are named by LEA and local ID only.\n\n"
	       "--evaluate reads a CSV with the columns lea_id, local_id and person_id\n"
	       "(the generator's truth/persons.csv) and prints, for the registry's SSIDs\n"
	       "of those records now: pairwise and B-cubed precision, recall and F1,\n"
	       "false merges, splits and the review rate; with --twins, a CSV whose first\n"
	       "two columns are persons (the generator's truth/twins.csv), how many of\n"
	       "those pairs share an SSID.\n\n");
	printf("Options:\n");
	printf("  -d, --dbname=CONNINFO     the registry's database (default: PG* variables)\n");
	printf("      --evaluate=TRUTH      compare the registry with a truth file\n");
	printf("  -m, --model=FILE          the model (default: match/model.ini of the\n"
	       "                            source tree, or the installed model.ini)\n");
	printf("      --estimate            estimate u from random pairs and m and lambda\n"
	       "                            by EM over this batch's candidate pairs, when\n"
	       "                            there are enough (default: the model's m and\n"
	       "                            u, and lambda from its match_rate)\n");
	printf("  -q, --quiet               print errors only\n");
	printf("      --twins=FILE          with --evaluate: pairs of persons never one SSID\n");
	printf("  -v, --verbose             print a summary (twice: and each step's seconds)\n");
	printf("  -V, --version             output version information, then exit\n");
	printf("  -?, --help                show this help, then exit\n\n");
	printf("Environment: SLDS_THREADS, the threads blocking, grading and scoring\n"
	       "candidate pairs use (default: the cores online; 1: no threads).\n\n");
	printf("Exit status: 0 success, 64 bad invocation, 65 input or model malformed or\n"
	       "not registered, 66 input missing, 75 database unreachable or busy (safe to\n"
	       "retry), 1 other failure.\n");
}
