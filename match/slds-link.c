/*
 * slds-link: probabilistic record linkage of two CSV files, or deduplication
 * of one, as a model file says (issue 6).
 *
 * The same engine as slds-match's, without the registry: it is how the
 * engine is tuned and measured (against the generator's truth, or a public
 * benchmark's), and how any two files are linked.  Top to bottom:
 *
 *  1. read the records: each distinct folded name is kept once, with its
 *     keys (grade.h: name_features), and a record is a few indices and its
 *     date: about 40 bytes a record plus its ID, so 6 million records take
 *     some 250 MB before the pairs;
 *  2. block: the union of the model's blocking rules' pairs (block.h);
 *  3. estimate u from random pairs (almost all non-matches), with the
 *     model's u as a prior worth U_PRIOR pairs, then m and lambda by EM over
 *     the candidate pairs (fs.h);
 *  4. score every candidate pair: Fellegi-Sunter weight, an exact agreement
 *     of a name weighed by that name's frequency (a shared rare surname
 *     counts more than a shared common one), and the match probability with
 *     lambda as the prior.  Thresholds are on that probability: a weight
 *     means a different probability in each population, since lambda falls
 *     as candidate pairs grow, which is what broke the fixed weight
 *     threshold of the first attempt at 100,000 students;
 *  5. cluster the linked pairs, strongest first, joining two clusters only
 *     when every pair across them scores at least the review threshold
 *     (cluster.h): no chain of links makes twins one child;
 *  6. write the pairs and clusters, and with --truth, evaluate.
 *
 * Records are named by their ID column or line number only: no names or
 * dates are ever printed.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "alloc.h"
#include "buf.h"
#include "cli.h"
#include "csv_reader.h"
#include "error.h"
#include "fsutil.h"
#include "linker.h"
#include "log.h"
#include "parallel.h"
#include "parse.h"
#include "strset.h"
#include "banned.h"

struct link_options {
	const char *model_path, *nicknames_path, *truth_col, *id_col, *twins_path, *group_col;
	const char *pairs_path, *clusters_path, *model_out;
	const char *columns[LINK_NFIELDS];	/* CSV header of each field */
	const char *files[2];
	size_t nfiles;
	enum link_pairs kind;		/* which pairs: LINK_ALL with --dedupe */
	size_t max_block, u_sample;
	int estimate;
	unsigned long long seed;
};


static void help(const char *progname);

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int read_records(const struct link_options *o, struct linker *lk, const char *path,
			uint8_t source, struct slds_error *err)
{
	struct csv_reader r;
	struct buf line_id = BUF_INIT(32);
	int col[LINK_NFIELDS], id_col = 0, truth_col = -1, group_col = -1, f, rc;

	rc = csv_reader_open(&r, path, 0, err);
	if (rc)
		goto cleanup;
	rc = csv_reader_next(&r, err);
	if (rc <= 0) {
		if (rc == 0)
			rc = error_set(err, SLDS_EDATA, "file \"%s\" is empty: no header line", path);
		goto cleanup;
	}
	for (f = 0; f < LINK_NFIELDS; f++) {
		col[f] = csv_reader_column(&r, o->columns[f]);
		if (col[f] < 0 && (f == LF_FIRST || f == LF_LAST || f == LF_BIRTH)) {
			rc = error_set(err, SLDS_EDATA, "file \"%s\" has no column \"%s\"", path,
				       o->columns[f]);
			error_hint(err, "Name the column of field %s with --column %s=HEADER.",
				   link_field_names[f], link_field_names[f]);
			goto cleanup;
		}
	}
	if (o->id_col && (id_col = csv_reader_column(&r, o->id_col)) < 0) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" has no column \"%s\"", path, o->id_col);
		goto cleanup;
	}
	if (o->group_col && (group_col = csv_reader_column(&r, o->group_col)) < 0) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" has no column \"%s\"", path, o->group_col);
		goto cleanup;
	}
	if (o->truth_col && (truth_col = csv_reader_column(&r, o->truth_col)) < 0) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" has no column \"%s\"", path,
			       o->truth_col);
		goto cleanup;
	}
	while ((rc = csv_reader_next(&r, err)) == 1) {
		const char *v[LINK_NFIELDS], *id, *truth = NULL;
		size_t len[LINK_NFIELDS], id_len, truth_len = 0;

		for (f = 0; f < LINK_NFIELDS; f++) {
			int ok = col[f] >= 0 && (size_t)col[f] < r.nfields;

			v[f] = ok ? r.fields[col[f]] : "";
			len[f] = ok ? r.lens[col[f]] : 0;
		}
		if (o->id_col) {
			id = (size_t)id_col < r.nfields ? r.fields[id_col] : "";
			id_len = (size_t)id_col < r.nfields ? r.lens[id_col] : 0;
		} else {
			buf_reset(&line_id);
			buf_addf(&line_id, "%llu", r.row_line);
			id = line_id.data;
			id_len = line_id.len;
		}
		if (truth_col >= 0) {
			truth = (size_t)truth_col < r.nfields ? r.fields[truth_col] : "";
			truth_len = (size_t)truth_col < r.nfields ? r.lens[truth_col] : 0;
		}
		rc = linker_add(lk, v, len, source, id, id_len, truth, truth_len, err);
		if (rc)
			goto cleanup;
		if (group_col >= 0 && (size_t)group_col < r.nfields)
			linker_set_group(lk, (uint32_t)lk->nrecs - 1, r.fields[group_col], r.lens[group_col]);
	}
cleanup:
	buf_release(&line_id);
	csv_reader_close(&r);
	return rc < 0 ? rc : 0;
}

static int flush_out(struct atomic_file *f, struct buf *b, int force, struct slds_error *err)
{
	int rc = 0;

	if (force || b->len > 1 << 20) {
		rc = atomic_file_write(f, b->data, b->len, err);
		buf_reset(b);
	}
	return rc;
}

static int write_outputs(const struct link_options *o, struct linker *lk, struct slds_error *err)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	struct buf b = BUF_INIT(1 << 24);
	size_t i;
	int rc = 0;

	if (o->pairs_path) {
		rc = atomic_file_open(&f, o->pairs_path, err);
		buf_adds(&b, "id_a,id_b,weight,probability,decision\n");
		for (i = 0; !rc && i < lk->pairs.n; i++) {
			uint32_t a = (uint32_t)(lk->pairs.v[i] >> 32), x = (uint32_t)lk->pairs.v[i];

			if (lk->prob[i] < lk->review_p)
				continue;
			if (lk->recs[a].source > lk->recs[x].source) {
				uint32_t t = a;

				a = x;
				x = t;
			}
			buf_add_csv(&b, lk->ids.data + lk->recs[a].id);
			buf_addch(&b, ',');
			buf_add_csv(&b, lk->ids.data + lk->recs[x].id);
			buf_addf(&b, ",%.3f,%.6f,%s\n", lk->weight[i], lk->prob[i],
				 lk->prob[i] >= lk->link_p ? "link" : "review");
			rc = flush_out(&f, &b, 0, err);
		}
		if (!rc)
			rc = flush_out(&f, &b, 1, err);
		if (!rc)
			rc = atomic_file_commit(&f, err);
		atomic_file_abort(&f);
	}
	if (!rc && o->clusters_path) {
		struct atomic_file g = ATOMIC_FILE_INIT;

		buf_reset(&b);
		rc = atomic_file_open(&g, o->clusters_path, err);
		buf_adds(&b, "source,id,cluster\n");
		for (i = 0; !rc && i < lk->nrecs; i++) {
			buf_addf(&b, "%d,", lk->recs[i].source + 1);
			buf_add_csv(&b, lk->ids.data + lk->recs[i].id);
			buf_addf(&b, ",%u\n", lk->cluster[i]);
			rc = flush_out(&g, &b, 0, err);
		}
		if (!rc)
			rc = flush_out(&g, &b, 1, err);
		if (!rc)
			rc = atomic_file_commit(&g, err);
		atomic_file_abort(&g);
	}
	if (!rc && o->model_out) {
		FILE *out = fopen(o->model_out, "w");

		if (!out)
			return error_set(err, SLDS_EIO, "could not create file \"%s\": %s",
					 o->model_out, strerror(errno));
		rc = fs_model_write(&lk->model, out);
		if (fclose(out) != 0 || rc)
			rc = error_set(err, SLDS_EIO, "could not write file \"%s\"", o->model_out);
	}
	buf_release(&b);
	return rc;
}

struct group_rec {
	uint32_t key1, key2;
	uint8_t source;
};

static int group_cmp(const void *x, const void *y)
{
	const struct group_rec *a = x, *b = y;

	if (a->key1 != b->key1)
		return a->key1 < b->key1 ? -1 : 1;
	return a->key2 < b->key2 ? -1 : a->key2 > b->key2;
}

/* Sum over groups of equal key1 (and key2, if by_both) of the pairs within. */
static double pairs_in_groups(const struct group_rec *g, size_t n, int by_both,
			      enum link_pairs kind)
{
	double total = 0;
	size_t i = 0, j;

	while (i < n) {
		size_t by_source[2] = { 0, 0 };

		for (j = i; j < n && g[j].key1 == g[i].key1 && (!by_both || g[j].key2 == g[i].key2); j++)
			by_source[g[j].source]++;
		/* Pairs that count: those the run's kind compares. */
		total += link_pairs_among(kind, (double)by_source[0], (double)by_source[1]);
		i = j;
	}
	return total;
}

static void print_prf(const char *what, double tp, double predicted, double truth)
{
	double p = predicted ? tp / predicted : 1, r = truth ? tp / truth : 1;

	printf("%-9s precision %.4f  recall %.4f  F1 %.4f  (%.0f true of %.0f predicted, %.0f true in all)\n",
	       what, p, r, p + r ? 2 * p * r / (p + r) : 0, tp, predicted, truth);
}

static int read_twins(const struct link_options *o, struct linker *lk, struct group_rec *g,
		      size_t n, struct slds_error *err)
{
	struct csv_reader r;
	uint32_t *first = xcalloc(lk->nentities + 1, sizeof(*first));
	size_t i, twins = 0, merged = 0;
	int rc;

	/* g is sorted by entity (key1), then cluster (key2). */
	for (i = n; i-- > 0;)
		first[g[i].key1] = (uint32_t)i;
	rc = csv_reader_open(&r, o->twins_path, 0, err);
	while (rc == 0 && (rc = csv_reader_next(&r, err)) == 1) {
		uint64_t e[2];
		size_t x, y;
		int hit = 0;

		rc = 0;

		if (r.row_line == 1 || r.nfields < 2 ||
		    !strset_get(&lk->entities, r.fields[0], r.lens[0], &e[0]) ||
		    !strset_get(&lk->entities, r.fields[1], r.lens[1], &e[1]))
			continue;
		twins++;
		for (x = first[e[0]]; x < n && g[x].key1 == e[0] && !hit; x++)
			for (y = first[e[1]]; y < n && g[y].key1 == e[1]; y++)
				if (g[x].key2 == g[y].key2)
					hit = 1;
		merged += hit;
		if (hit)
			printf("twins merged: entities %.*s and %.*s\n", (int)r.lens[0], r.fields[0],
			       (int)r.lens[1], r.fields[1]);
	}
	csv_reader_close(&r);
	free(first);
	if (rc < 0)
		return rc;
	printf("twins     %zu pairs with records, %zu merged\n", twins, merged);
	return 0;
}

static int evaluate(const struct link_options *o, struct linker *lk, struct slds_error *err)
{
	enum link_pairs kind = o->kind;
	struct group_rec *g = xmallocarray(lk->nrecs ? lk->nrecs : 1, sizeof(*g));
	double true_pairs, cand_tp = 0, link_tp = 0, cl_pred, cl_tp;
	size_t i, impure = 0;
	int rc = 0;

	for (i = 0; i < lk->nrecs; i++) {
		g[i].key1 = lk->recs[i].truth;
		g[i].key2 = 0;
		g[i].source = lk->recs[i].source;
	}
	qsort(g, lk->nrecs, sizeof(*g), group_cmp);
	true_pairs = pairs_in_groups(g, lk->nrecs, 0, kind);
	for (i = 0; i < lk->pairs.n; i++) {
		uint32_t a = (uint32_t)(lk->pairs.v[i] >> 32), b = (uint32_t)lk->pairs.v[i];
		int same = lk->recs[a].truth == lk->recs[b].truth;

		cand_tp += same;
		link_tp += same && lk->prob[i] >= lk->link_p;
	}
	for (i = 0; i < lk->nrecs; i++) {
		g[i].key1 = lk->cluster[i];
		g[i].key2 = lk->recs[i].truth;
		g[i].source = lk->recs[i].source;
	}
	qsort(g, lk->nrecs, sizeof(*g), group_cmp);
	cl_pred = pairs_in_groups(g, lk->nrecs, 0, kind);
	cl_tp = pairs_in_groups(g, lk->nrecs, 1, kind);
	for (i = 1; i < lk->nrecs; i++)
		impure += g[i].key1 == g[i - 1].key1 && g[i].key2 != g[i - 1].key2;
	printf("blocking  recall %.4f  (%.0f of %.0f true pairs are candidates)\n",
	       true_pairs ? cand_tp / true_pairs : 1, cand_tp, true_pairs);
	print_prf("pairs", link_tp, (double)lk->nlinks, true_pairs);
	print_prf("clusters", cl_tp, cl_pred, true_pairs);
	printf("entities  %zu true, %zu clusters; %zu clusters join more than one entity\n",
	       lk->nentities, lk->nclusters, impure);
	if (o->twins_path) {
		for (i = 0; i < lk->nrecs; i++) {
			g[i].key1 = lk->recs[i].truth;
			g[i].key2 = lk->cluster[i];
		}
		qsort(g, lk->nrecs, sizeof(*g), group_cmp);
		rc = read_twins(o, lk, g, lk->nrecs, err);
	}
	free(g);
	return rc;
}

static int run_link(const struct link_options *o, struct slds_error *err)
{
	struct linker lk;
	struct clusters c = CLUSTERS_INIT;
	size_t i;
	double t0 = now(), t_read, t_block, t_u, t_grade, t_em, t_score, t_cluster, scoring, pps;
	size_t threads;
	struct rusage ru;
	int rc, rounds = 0;

	rc = linker_open(&lk, o->model_path, o->nicknames_path, err);
	if (rc)
		goto cleanup;
	lk.kind = o->kind;
	lk.max_block = o->max_block;
	lk.u_sample = o->u_sample;
	lk.seed = o->seed;
	lk.verbose = 1;
	for (i = 0; i < o->nfiles && !rc; i++)
		rc = read_records(o, &lk, o->files[i], (uint8_t)i, err);
	if (rc)
		goto cleanup;
	t_read = now();
	printf("records   %zu (%zu distinct names)\n", lk.nrecs, lk.nnames);

	linker_block(&lk);
	t_block = now();
	printf("candidate pairs %zu, %.2f per record\n", lk.pairs.n,
	       lk.nrecs ? (double)lk.pairs.n / (double)lk.nrecs : 0);
	if (o->estimate)
		linker_estimate_u(&lk);
	t_u = now();
	linker_grade(&lk);
	t_grade = now();
	if (o->estimate)
		rounds = linker_estimate_m(&lk);
	t_em = now();
	printf("lambda    %.6g (EM rounds %d)\n", lk.model.lambda, rounds);

	linker_score(&lk);
	t_score = now();
	clusters_init(&c, lk.nrecs);
	linker_cluster(&lk, &c, NULL, NULL);
	t_cluster = now();
	printf("decisions link %zu pairs (probability >= %g), review %zu (>= %g)\n", lk.nlinks,
	       lk.link_p, lk.nreviews, lk.review_p);
	printf("clusters  %zu; %zu links refused (would join records scored below review)\n",
	       lk.nclusters, lk.refused);
	rc = write_outputs(o, &lk, err);
	if (!rc && o->truth_col)
		rc = evaluate(o, &lk, err);
	getrusage(RUSAGE_SELF, &ru);
	printf("time      read %.2fs, block %.2fs, u %.2fs, grade %.2fs, EM %.2fs, score %.2fs, cluster %.2fs\n",
	       t_read - t0, t_block - t_read, t_u - t_block, t_grade - t_u, t_em - t_grade,
	       t_score - t_em, t_cluster - t_score);
	/* Scored: graded and weighed, the two steps every candidate goes through. */
	scoring = (t_grade - t_u) + (t_score - t_em);
	threads = parallel_slices(lk.pairs.n, LINKER_THREAD_PAIRS);
	pps = (double)lk.pairs.n / (scoring > 0 ? scoring : 1e-9);
	printf("speed     %.0f records/s overall, %.0f pairs/s scored (%zu thread%s, %.0f a thread);"
	       " peak RSS %ld MB\n", (double)lk.nrecs / (t_cluster - t0), pps, threads,
	       threads == 1 ? "" : "s",
	       pps / (double)threads, ru.ru_maxrss / 1024);
cleanup:
	clusters_release(&c);
	linker_release(&lk);
	return rc;
}

static int set_column(struct link_options *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	int f;

	for (f = 0; eq && f < LINK_NFIELDS; f++)
		if ((size_t)(eq - arg) == strlen(link_field_names[f]) &&
		    !memcmp(arg, link_field_names[f], (size_t)(eq - arg))) {
			o->columns[f] = eq + 1;
			return 0;
		}
	return cli_usage_error("invalid --column \"%s\": give FIELD=HEADER, FIELD one of first_name, middle_name, last_name, birth_date, sex, birthplace, zip",
			       arg);
}

static int parse_count(const char *opt, const char *arg, size_t min, size_t *out)
{
	int64_t v;

	if (parse_int64(arg, strlen(arg), (int64_t)min, INT64_C(1) << 40, &v) != PARSE_OK)
		return cli_usage_error("invalid %s \"%s\": give a whole number of at least %zu",
				       opt, arg, min);
	*out = (size_t)v;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "clusters", required_argument, NULL, 'c' },
		{ "column", required_argument, NULL, 'C' },
		{ "dedupe", no_argument, NULL, 'D' },
		{ "group", required_argument, NULL, 'g' },
		{ "id", required_argument, NULL, 'i' },
		{ "kind", required_argument, NULL, 'K' },
		{ "max-block", required_argument, NULL, 'B' },
		{ "model", required_argument, NULL, 'm' },
		{ "nicknames", required_argument, NULL, 'N' },
		{ "no-estimate", no_argument, NULL, 'E' },
		{ "pairs", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' },
		{ "truth", required_argument, NULL, 't' },
		{ "twins", required_argument, NULL, 'T' },
		{ "u-sample", required_argument, NULL, 'U' },
		{ "write-model", required_argument, NULL, 'W' },
		CLI_OPTION_HELP,
		CLI_OPTION_QUIET,
		CLI_OPTION_VERBOSE,
		CLI_OPTION_VERSION,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const args[] = { "input file", "second input file" };
	struct link_options o;
	struct slds_error err = SLDS_ERROR_INIT;
	const char *kind = NULL;
	int c, code, dedupe = 0, f;
	size_t seed = 1;

	memset(&o, 0, sizeof(o));
	for (f = 0; f < LINK_NFIELDS; f++)
		o.columns[f] = link_field_names[f];
	o.max_block = 500;
	o.u_sample = 1000000;
	o.estimate = 1;
	log_init(argv[0]);
	alloc_keep_freed();
	if (cli_early_help(argc, argv, help))
		return SLDS_EXIT_OK;
	while ((c = getopt_long(argc, argv, "c:g:i:m:p:t:" CLI_SHORT_OPTIONS, long_options, NULL)) != -1) {
		if (cli_common_option(c, help, &code) > 0)
			return code;
		code = 0;
		switch (c) {
		case 'c': o.clusters_path = optarg; break;
		case 'C': code = set_column(&o, optarg); break;
		case 'D': dedupe = 1; break;
		case 'g': o.group_col = optarg; break;
		case 'i': o.id_col = optarg; break;
		case 'K': kind = optarg; break;
		case 'B': code = parse_count("--max-block", optarg, 2, &o.max_block); break;
		case 'm': o.model_path = optarg; break;
		case 'N': o.nicknames_path = optarg; break;
		case 'E': o.estimate = 0; break;
		case 'p': o.pairs_path = optarg; break;
		case 's': code = parse_count("--seed", optarg, 0, &seed); break;
		case 't': o.truth_col = optarg; break;
		case 'T': o.twins_path = optarg; break;
		case 'U': code = parse_count("--u-sample", optarg, 1, &o.u_sample); break;
		case 'W': o.model_out = optarg; break;
		default: break;
		}
		if (code)
			return code;
	}
	if (!o.model_path)
		return cli_usage_error("no model: give --model FILE");
	if (o.twins_path && !o.truth_col)
		return cli_usage_error("--twins needs --truth");
	if (kind && dedupe)
		return cli_usage_error("--kind is for two files, not with --dedupe");
	if (kind && strcmp(kind, "link") && strcmp(kind, "match"))
		return cli_usage_error("invalid --kind \"%s\": give link or match", kind);
	o.kind = dedupe ? LINK_ALL : kind && !strcmp(kind, "match") ? LINK_NOT_WITHIN_0 : LINK_ACROSS;
	if ((code = cli_check_args(argc - optind, argv + optind, dedupe ? 1 : 2, dedupe ? 1 : 2,
				   args)) != 0)
		return code;
	o.nfiles = dedupe ? 1 : 2;
	o.files[0] = argv[optind];
	o.files[1] = dedupe ? NULL : argv[optind + 1];
	o.seed = seed;
	return cli_exit(run_link(&o, &err), &err);
}

static void help(const char *progname)
{
	printf("%s links the records of two CSV files, or deduplicates one, as a\n"
	       "Fellegi-Sunter model file says.\n\n", progname);
	printf("Usage:\n");
	printf("  %s [OPTION]... --model=FILE FILE1 FILE2\n", progname);
	printf("  %s [OPTION]... --model=FILE --dedupe FILE\n\n", progname);
	printf("The model (match/model.ini) names the blocking rules, the comparisons\n"
	       "and their levels, m and u, and the thresholds.  Candidate pairs are the\n"
	       "union of the blocking rules' pairs; u is estimated from random pairs, m\n"
	       "and the share of matches (lambda) by EM over the candidate pairs; an\n"
	       "exact name agreement is weighed by that name's frequency.  A pair whose\n"
	       "match probability is at least link_probability is linked, at least\n"
	       "review_probability sent to review.  Clusters join linked records,\n"
	       "strongest links first, only while every pair in a cluster scores at\n"
	       "least review_probability.  A summary goes to standard output; records\n"
	       "are named by ID (or line number), never by name or birth date.\n\n");
	printf("Options:\n");
	printf("  -c, --clusters=FILE       write source,id,cluster for every record\n");
	printf("      --column=FIELD=HEADER the CSV column of a field (default: the field's\n"
	       "                            name: first_name, middle_name, last_name,\n"
	       "                            birth_date, sex, birthplace, zip; all but\n"
	       "                            first_name, last_name and birth_date may be\n"
	       "                            absent)\n");
	printf("      --dedupe              find the duplicates within one file\n");
	printf("  -g, --group=COLUMN        records with one value of COLUMN (a submission)\n"
	       "                            are different people: never linked, at most\n"
	       "                            sent to review\n");
	printf("  -i, --id=COLUMN           the column naming each record (default: line)\n");
	printf("      --kind=KIND           the pairs of two files compared: link (default),\n"
	       "                            pairs across the two files; match, those and\n"
	       "                            the pairs within FILE2, as slds-match matches a\n"
	       "                            batch (FILE2) against the registry (FILE1)\n");
	printf("      --max-block=N         skip blocks of more than N records (default 500)\n");
	printf("  -m, --model=FILE          the model file (required)\n");
	printf("      --nicknames=FILE      the nickname table (default: nicknames.csv\n"
	       "                            next to the model)\n");
	printf("      --no-estimate         use the model's m, u and lambda as they are\n");
	printf("  -p, --pairs=FILE          write id_a,id_b,weight,probability,decision\n"
	       "                            for every pair linked or sent to review\n");
	printf("      --seed=N              seed of the random pairs for u (default 1)\n");
	printf("  -t, --truth=COLUMN        the column naming each record's true entity:\n"
	       "                            print blocking recall, precision, recall and\n"
	       "                            F1 of the linked pairs and of the clusters\n");
	printf("      --twins=FILE          a CSV of pairs of twin entities (with\n"
	       "                            --truth): print the twins merged\n");
	printf("      --u-sample=N          random pairs drawn to estimate u (default\n"
	       "                            1000000)\n");
	printf("      --write-model=FILE    write the estimated model (next version)\n");
	printf("  -q, --quiet               print errors only\n");
	printf("  -v, --verbose             print more\n");
	printf("  -V, --version             output version information, then exit\n");
	printf("  -?, --help                show this help, then exit\n\n");
	printf("Environment: SLDS_THREADS, the threads blocking, grading and scoring\n"
	       "candidate pairs use (default: the cores online; 1: no threads).\n\n");
	printf("Exit status: 0 success, 64 bad invocation, 65 input or model malformed,\n"
	       "66 input missing, 1 other failure.\n");
}
