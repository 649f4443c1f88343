/*
 * check_fs.c: unit tests for fs.c, the Fellegi-Sunter model: the file read
 * and written back, weights by hand, and EM recovering known m and lambda
 * from vectors drawn from them.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "error.h"
#include "fs.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char good_model[] =
	"model = slds-identity\n"
	"version = 3\n"
	"lambda = 0.01\n"
	"link = 10\n"
	"review = 4\n"
	"\n[comparison first_name]\n"
	"kind = name\nfield = first_name\n"
	"levels = exact close other\n"
	"m = 0.9 0.08 0.02\n"
	"u = 0.01 0.04 0.95\n"
	"tf = yes\n"
	"\n[comparison birth_date]\n"
	"kind = date\nfield = birth_date\n"
	"levels = exact other\n"
	"m = 0.95 0.05\n"
	"u = 0.001 0.999\n"
	"tf = no\n";

/* Thresholds as probabilities and blocking rules, in the order written. */
static const char blocked_model[] =
	"model = slds-identity\n"
	"version = 2\n"
	"lambda = 0.001\n"
	"link = 10\n"
	"review = 4\n"
	"link_probability = 0.99\n"
	"review_probability = 0.5\n"
	"\n[blocking dob_surname]\n"
	"keys = birth_date last_code\n"
	"\n[blocking names_year]\n"
	"keys = first_code last_code birth_year\n"
	"\n[comparison birth_date]\n"
	"kind = date\nfield = birth_date\n"
	"levels = exact other\n"
	"m = 0.95 0.05\n"
	"u = 0.001 0.999\n"
	"tf = no\n";

static char *write_model(const char *text)
{
	char *path = ut_path(ut_dir, "model.ini");

	ut_write_file(path, text, strlen(text));
	return path;
}

START_TEST(test_model_loads_and_writes_back_the_same)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct fs_model mo;
	char *path = write_model(good_model), *out = ut_path(ut_dir, "out.ini"), *text;
	FILE *f;
	size_t len;

	ck_assert_int_eq(fs_model_load(&mo, path, &err), 0);
	ck_assert_int_eq(mo.version, 3);
	ck_assert_uint_eq(mo.ncomparisons, 2);
	ck_assert_str_eq(mo.comparisons[0].levels[1], "close");
	ck_assert(mo.comparisons[0].tf && !mo.comparisons[1].tf);
	f = fopen(out, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fs_model_write(&mo, f), 0);
	fclose(f);
	text = ut_read_file(out, &len);
	ck_assert_str_eq(text, good_model);
	free(text);
	free(path);
	free(out);
}
END_TEST

START_TEST(test_blocking_rules_and_probability_thresholds_load_and_write_back)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct fs_model mo;
	char *path = write_model(blocked_model), *out = ut_path(ut_dir, "out.ini"), *text;
	FILE *f;
	size_t len;

	ck_assert_int_eq(fs_model_load(&mo, path, &err), 0);
	ck_assert_uint_eq(mo.nblocking, 2);
	ck_assert_str_eq(mo.blocking[1].name, "names_year");
	ck_assert_str_eq(mo.blocking[1].keys, "first_code last_code birth_year");
	ck_assert_double_eq(mo.link_probability, 0.99);
	ck_assert_double_eq(mo.review_probability, 0.5);
	f = fopen(out, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fs_model_write(&mo, f), 0);
	fclose(f);
	text = ut_read_file(out, &len);
	ck_assert_str_eq(text, blocked_model);
	free(text);
	free(path);
	free(out);
}
END_TEST

START_TEST(test_weight_is_the_sum_of_log2_m_over_u)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct fs_model mo;
	char *path = write_model(good_model);
	uint8_t agree[] = { 0, 0 }, mixed[] = { 1, 1 }, beyond[] = { 7, 1 };
	double tf[] = { 0.1, 0 };

	ck_assert_int_eq(fs_model_load(&mo, path, &err), 0);
	ck_assert_double_eq_tol(fs_weight(&mo, agree, NULL), log2(0.9 / 0.01) + log2(0.95 / 0.001), 1e-9);
	ck_assert_double_eq_tol(fs_weight(&mo, mixed, NULL), log2(0.08 / 0.04) + log2(0.05 / 0.999), 1e-9);
	/* A level past the last counts as the last. */
	ck_assert_double_eq_tol(fs_weight(&mo, beyond, NULL), log2(0.02 / 0.95) + log2(0.05 / 0.999), 1e-9);
	/* A common value agreeing weighs less: u is its frequency. */
	ck_assert_double_eq_tol(fs_weight(&mo, agree, tf), log2(0.9 / 0.1) + log2(0.95 / 0.001), 1e-9);
	ck_assert_double_lt(fs_weight(&mo, agree, tf), fs_weight(&mo, agree, NULL));
	/* Weight 0 at the prior's odds is lambda; the prior's odds cancel at -log2(odds). */
	ck_assert_double_eq_tol(fs_probability(&mo, 0), 0.01, 1e-12);
	ck_assert_double_eq_tol(fs_probability(&mo, log2(99)), 0.5, 1e-12);
	free(path);
}
END_TEST

/*
 * A comparison implied by another's agreement (a first name says the sex)
 * weighs nothing when that one agrees at level 0, and as usual otherwise;
 * the model writes it back.
 */
static const char implied_model[] =
	"model = slds-identity\n"
	"version = 1\n"
	"lambda = 0.01\n"
	"link = 10\n"
	"review = 4\n"
	"\n[comparison first_name]\n"
	"kind = name\nfield = first_name\n"
	"levels = exact other\n"
	"m = 0.9 0.1\n"
	"u = 0.01 0.99\n"
	"tf = yes\n"
	"\n[comparison sex]\n"
	"kind = code\nfield = sex\n"
	"levels = same other\n"
	"m = 0.98 0.02\n"
	"u = 0.5 0.5\n"
	"tf = no\n"
	"implied_by = first_name\n";

START_TEST(test_an_implied_agreement_weighs_nothing)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct fs_model mo;
	char *path = write_model(implied_model), *out = ut_path(ut_dir, "out.ini"), *text;
	uint8_t both[] = { 0, 0 }, names_differ[] = { 1, 0 }, sex_differs[] = { 0, 1 };
	FILE *f;
	size_t len;

	ck_assert_msg(fs_model_load(&mo, path, &err) == 0, "%s", err.message);
	ck_assert_int_eq(mo.comparisons[1].implied_by, 1);
	ck_assert_int_eq(mo.comparisons[0].implied_by, 0);
	ck_assert(fs_implied(&mo, 1, both) && !fs_implied(&mo, 1, names_differ) &&
		  !fs_implied(&mo, 1, sex_differs) && !fs_implied(&mo, 0, both));
	ck_assert_double_eq_tol(fs_weight(&mo, both, NULL), log2(0.9 / 0.01), 1e-9);
	ck_assert_double_eq_tol(fs_weight(&mo, names_differ, NULL), log2(0.1 / 0.99) + log2(0.98 / 0.5), 1e-9);
	/* A disagreement still counts: the first name does not say the sex differs. */
	ck_assert_double_eq_tol(fs_weight(&mo, sex_differs, NULL), log2(0.9 / 0.01) + log2(0.02 / 0.5), 1e-9);
	f = fopen(out, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fs_model_write(&mo, f), 0);
	fclose(f);
	text = ut_read_file(out, &len);
	ck_assert_str_eq(text, implied_model);
	free(text);
	free(path);
	free(out);
}
END_TEST

/* A veto level: the pair is never linked there, whatever it weighs; written back. */
static const char veto_model[] =
	"model = slds-identity\n"
	"version = 1\n"
	"lambda = 0.01\n"
	"link = 10\n"
	"review = 4\n"
	"\n[comparison first_name]\n"
	"kind = name\nfield = first_name\n"
	"levels = exact close other\n"
	"m = 0.9 0.08 0.02\n"
	"u = 0.01 0.04 0.95\n"
	"tf = yes\n"
	"veto = other\n"
	"\n[comparison birth_date]\n"
	"kind = date\nfield = birth_date\n"
	"levels = exact other\n"
	"m = 0.95 0.05\n"
	"u = 0.001 0.999\n"
	"tf = no\n";

START_TEST(test_a_veto_level_is_named_and_written_back)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct fs_model mo;
	char *path = write_model(veto_model), *out = ut_path(ut_dir, "out.ini"), *back;
	uint8_t twins[] = { 2, 0 }, close[] = { 1, 0 }, missing[] = { FS_MISSING, 0 };
	FILE *f;
	size_t len;

	ck_assert_msg(fs_model_load(&mo, path, &err) == 0, "%s", err.message);
	ck_assert_int_eq(mo.comparisons[0].veto, 3);
	ck_assert_int_eq(mo.comparisons[1].veto, 0);
	ck_assert(fs_vetoed(&mo, twins) && !fs_vetoed(&mo, close) && !fs_vetoed(&mo, missing));
	f = fopen(out, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fs_model_write(&mo, f), 0);
	fclose(f);
	back = ut_read_file(out, &len);
	ck_assert_str_eq(back, veto_model);
	free(back);
	free(path);
	free(out);
}
END_TEST

START_TEST(test_weight_table_gives_exactly_the_same_weights)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct fs_model mo;
	struct fs_weight_table t;
	char *path = write_model(good_model);
	uint8_t v[2];
	double tf[] = { 0.1, 0 };
	int a, b;

	ck_assert_int_eq(fs_model_load(&mo, path, &err), 0);
	fs_weight_table_set(&t, &mo);
	/* Every level, one past the last, and missing, with and without tf. */
	for (a = 0; a < 9; a++)
		for (b = 0; b < 9; b++) {
			v[0] = a == 8 ? FS_MISSING : (uint8_t)a;
			v[1] = b == 8 ? FS_MISSING : (uint8_t)b;
			ck_assert(fs_weight_of(&mo, &t, v, NULL) == fs_weight(&mo, v, NULL));
			ck_assert(fs_weight_of(&mo, &t, v, tf) == fs_weight(&mo, v, tf));
			ck_assert(fs_weight_of(&mo, NULL, v, tf) == fs_weight(&mo, v, tf));
		}
	free(path);
}
END_TEST

/* Models the loader refuses, with the line and the reason. */
static const struct {
	const char *what, *change, *message;
} bad_models[] = {
	{ "an unknown key", "\ncolour = blue\n", "unknown key \"colour\"" },
	{ "m of another length", "\n[comparison sex]\nkind = exact\nfield = sex\nlevels = same other\nm = 0.5 0.3 0.2\n",
	  "m has 3 values for 2 levels" },
	{ "u not summing to 1", "\n[comparison sex]\nkind = exact\nfield = sex\nlevels = same other\nu = 0.5 0.4\n",
	  "u sums to 0.9, not 1" },
	{ "a probability of 1", "\n[comparison sex]\nkind = exact\nfield = sex\nlevels = same other\nm = 1 0\n",
	  "m value \"1\" is not a probability" },
	{ "a comparison twice", "\n[comparison first_name]\n", "comparison \"first_name\" is defined twice" },
	{ "a blocking rule twice", "\n[blocking dob]\nkeys = birth_date\n[blocking dob]\n",
	  "blocking rule \"dob\" is defined twice" },
	{ "an unknown key of a blocking rule", "\n[blocking dob]\nfield = birth_date\n",
	  "unknown key \"field\" of a blocking rule" },
	{ "a blocking rule without keys", "\n[blocking dob]\n", "blocking rule \"dob\" has no keys" },
	{ "a comparison without levels", "\n[comparison sex]\nkind = exact\nfield = sex\n",
	  "comparison \"sex\" needs kind, field, at least two levels" },
	{ "implied by no comparison", "implied_by = middle_name\n",
	  "comparison \"birth_date\" is implied_by \"middle_name\", which is not another comparison" },
	{ "implied by itself", "implied_by = birth_date\n",
	  "is implied_by \"birth_date\", which is not another comparison" },
	{ "a veto of no level", "veto = nearly\n", "comparison \"birth_date\" has no level \"nearly\" to veto" },
};

START_TEST(test_bad_models_are_refused_with_line_and_reason)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct fs_model mo;
	char text[4096], *path;

	snprintf(text, sizeof(text), "%s%s", good_model, bad_models[_i].change);
	path = write_model(text);
	ck_assert_int_eq(fs_model_load(&mo, path, &err), SLDS_EDATA);
	ck_assert_msg(strstr(err.message, bad_models[_i].message), "%s: \"%s\"", bad_models[_i].what,
		      err.message);
	ck_assert_msg(strstr(err.message, "model.ini"), "%s: no file in \"%s\"", bad_models[_i].what,
		      err.message);
	error_clear(&err);
	free(path);
}
END_TEST

static uint64_t lcg(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return *x >> 11;
}

static size_t draw(uint64_t *x, const double *p, size_t n)
{
	double r = (double)lcg(x) / (double)(1ULL << 53), acc = 0;
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		acc += p[i];
		if (r < acc)
			return i;
	}
	return n - 1;
}

/*
 * Pairs drawn from known parameters (2% matches); EM from a vague start,
 * with the true u, finds m and lambda again.
 */
START_TEST(test_em_recovers_m_and_lambda_from_drawn_vectors)
{
	static const double true_m[3][3] = { { 0.85, 0.1, 0.05 }, { 0.9, 0.05, 0.05 }, { 0.7, 0.2, 0.1 } };
	static const double true_u[3][3] = { { 0.02, 0.08, 0.9 }, { 0.005, 0.045, 0.95 }, { 0.1, 0.2, 0.7 } };
	const size_t npairs = 200000;
	uint8_t *v = malloc(npairs * 3);
	struct fs_model mo;
	uint64_t x = 7;
	size_t p, i, l;
	int rounds;

	memset(&mo, 0, sizeof(mo));
	mo.version = 1;
	mo.lambda = 0.2;
	mo.ncomparisons = 3;
	for (i = 0; i < 3; i++) {
		mo.comparisons[i].nlevels = 3;
		for (l = 0; l < 3; l++) {
			mo.comparisons[i].m[l] = 1.0 / 3;
			mo.comparisons[i].u[l] = true_u[i][l];
		}
		mo.comparisons[i].m[0] = 0.5;
		mo.comparisons[i].m[1] = 0.3;
		mo.comparisons[i].m[2] = 0.2;
	}
	for (p = 0; p < npairs; p++) {
		int match = lcg(&x) % 100 < 2;

		for (i = 0; i < 3; i++)
			v[p * 3 + i] = (uint8_t)draw(&x, match ? true_m[i] : true_u[i], 3);
	}
	rounds = fs_estimate_m(&mo, v, npairs, 500, 1e-9);
	ck_assert_int_gt(rounds, 1);
	ck_assert_double_eq_tol(mo.lambda, 0.02, 0.003);
	for (i = 0; i < 3; i++)
		for (l = 0; l < 3; l++)
			ck_assert_msg(fabs(mo.comparisons[i].m[l] - true_m[i][l]) < 0.03,
				      "m[%zu][%zu] = %f, drawn from %f", i, l, mo.comparisons[i].m[l],
				      true_m[i][l]);
	free(v);
}
END_TEST

static Suite *fs_suite(void)
{
	Suite *s = suite_create("fs");
	TCase *tc = tcase_create("model");

	ut_scratch(tc);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_model_loads_and_writes_back_the_same);
	tcase_add_test(tc, test_blocking_rules_and_probability_thresholds_load_and_write_back);
	tcase_add_test(tc, test_weight_is_the_sum_of_log2_m_over_u);
	tcase_add_test(tc, test_an_implied_agreement_weighs_nothing);
	tcase_add_test(tc, test_a_veto_level_is_named_and_written_back);
	tcase_add_test(tc, test_weight_table_gives_exactly_the_same_weights);
	tcase_add_loop_test(tc, test_bad_models_are_refused_with_line_and_reason, 0, N(bad_models));
	tcase_add_test(tc, test_em_recovers_m_and_lambda_from_drawn_vectors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(fs_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
