/*
 * check_nickname.c: unit tests for match/nickname.c and the project's
 * nickname file, match/nicknames.csv.
 *
 * The file itself is loaded (from $SLDS_TOP, as tests/run.sh sets it, or
 * the current directory) and asked about named pairs and near misses, in
 * both orders.  Every nickname slds-synth can put in a record in place of a
 * legal first name (tools/synth_names.c, through nickname_of()) must be
 * known to the matcher, or the generated state would test a matcher that
 * cannot recognise what the generator wrote: the test walks the generator's
 * name lists and asks the table about each pair.  Broken files are refused
 * with the file and line, and an allocation that fails at any point of a
 * load ends in the one clean exit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "alloc.h"
#include "error.h"
#include "log.h"
#include "nickname.h"
#include "synth_names.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static char *project_file(void)
{
	const char *top = getenv("SLDS_TOP");

	return xstrfmt("%s/match/nicknames.csv", top && *top ? top : ".");
}

static struct nickname_table table = NICKNAME_TABLE_INIT;

static void load_project_table(void)
{
	struct slds_error err = SLDS_ERROR_INIT;
	char *path = project_file();

	ck_assert_msg(nickname_table_load(&table, path, &err) == 0, "%s", err.message);
	free(path);
}

static void release_table(void)
{
	nickname_table_release(&table);
}

static int equivalent(const char *a, const char *b)
{
	struct name_key ka, kb;

	name_fold(a, strlen(a), &ka);
	name_fold(b, strlen(b), &kb);
	return nickname_equivalent(&table, &ka, &kb);
}

/* The project's file */

START_TEST(test_project_file_has_at_least_250_legal_names)
{
	ck_assert_uint_ge(table.ngroups, 250);
	ck_assert_uint_gt(table.nnames, table.ngroups);
}
END_TEST

struct pair_case {
	const char *a, *b;
	int equivalent;
};

static const struct pair_case pair_cases[] = {
	/* a legal name and its nickname */
	{ "William", "Bill", 1 }, { "William", "Liam", 1 }, { "Elizabeth", "Libby", 1 },
	{ "Elizabeth", "Eliza", 1 }, { "Robert", "Bob", 1 }, { "Margaret", "Peggy", 1 },
	{ "Margaret", "Meg", 1 }, { "Francisco", "Pancho", 1 }, { "Francisco", "Frank", 1 },
	{ "José", "Pepe", 1 }, { "Jose", "Chepe", 1 }, { "Guadalupe", "Lupita", 1 },
	{ "Jesús", "Chuy", 1 }, { "Concepción", "Concha", 1 }, { "Alejandro", "Ale", 1 },
	{ "María José", "Majo", 1 }, { "Muhammad", "Mo", 1 }, { "Aleksandr", "Sasha", 1 },
	/* case and accents do not matter */
	{ "JESUS", "chuy", 1 }, { "jose", "PEPE", 1 }, { "Concepcion", "Concha", 1 },
	/* two nicknames of one legal name */
	{ "Bill", "Will", 1 }, { "Peggy", "Maggie", 1 }, { "Paco", "Pancho", 1 },
	{ "Lupe", "Lupita", 1 },
	/* equal names, known or not */
	{ "William", "William", 1 }, { "Xochitl", "Xóchitl", 1 },
	/* near misses: a shared nickname does not make two legal names one */
	{ "Alexander", "Alejandro", 0 }, { "Joseph", "José", 0 }, { "Joey", "Pepe", 0 },
	{ "William", "Robert", 0 }, { "Bill", "Bob", 0 }, { "Elizabeth", "Margaret", 0 },
	{ "Liz", "Peggy", 0 }, { "Francisco", "Francesca", 0 },
	/* unknown or empty names */
	{ "Xochitl", "Xiomara", 0 }, { "William", "Willam", 0 }, { "", "", 0 }, { "", "Bill", 0 },
	{ "'", "Bill", 0 },
};

START_TEST(test_nickname_equivalent_table_both_ways)
{
	const struct pair_case *c = &pair_cases[_i];

	ck_assert_msg(equivalent(c->a, c->b) == c->equivalent, "%s ~ %s: expected %d", c->a, c->b,
		      c->equivalent);
	ck_assert_msg(equivalent(c->b, c->a) == c->equivalent, "%s ~ %s: expected %d", c->b, c->a,
		      c->equivalent);
}
END_TEST

/* The same answers from the names' places looked up once (the engine's way). */
static int equivalent_at(const char *a, const char *b)
{
	struct name_key ka, kb;

	name_fold(a, strlen(a), &ka);
	name_fold(b, strlen(b), &kb);
	return nickname_equivalent_at(&table, &ka, nickname_lookup(&table, &ka), &kb,
				      nickname_lookup(&table, &kb));
}

START_TEST(test_nickname_equivalent_at_agrees_with_the_table_both_ways)
{
	const struct pair_case *c = &pair_cases[_i];

	ck_assert_msg(equivalent_at(c->a, c->b) == c->equivalent, "%s ~ %s: expected %d", c->a,
		      c->b, c->equivalent);
	ck_assert_msg(equivalent_at(c->b, c->a) == c->equivalent, "%s ~ %s: expected %d", c->b,
		      c->a, c->equivalent);
}
END_TEST

START_TEST(test_nickname_lookup_is_zero_only_for_names_not_in_the_table)
{
	struct name_key k;

	name_fold("Bill", 4, &k);
	ck_assert_uint_gt(nickname_lookup(&table, &k), 0);
	name_fold("Xiomara", 7, &k);
	ck_assert_uint_eq(nickname_lookup(&table, &k), 0);
	name_fold("", 0, &k);
	ck_assert_uint_eq(nickname_lookup(&table, &k), 0);
}
END_TEST

/* Every diminutive the generator writes for a legal first name. */
START_TEST(test_every_nickname_of_the_generator_is_known)
{
	const struct name_list *lists[] = { &female_names, &male_names };
	unsigned l, i, choice, pairs = 0;

	for (l = 0; l < N(lists); l++) {
		for (i = 0; i < lists[l]->n; i++) {
			const char *legal = lists[l]->names[i];

			/* choice runs modulo the name's count: 0..2 reaches all three */
			for (choice = 0; choice < 3; choice++) {
				const char *nick = nickname_of(legal, choice);

				if (!nick)
					break;
				ck_assert_msg(equivalent(legal, nick),
					      "slds-synth writes %s for %s, which the table does not know",
					      nick, legal);
				pairs++;
			}
		}
	}
	/* the generator has nicknames for dozens of its names */
	ck_assert_uint_ge(pairs, 40);
}
END_TEST

/* Broken files */

struct bad_case {
	const char *what, *text;
	int code;
	const char *message;	/* after "PATH:" */
};

static const struct bad_case bad_cases[] = {
	{ "empty name", "William,,Bill\n", SLDS_EDATA, "1: empty name" },
	{ "blank name", "William, \t,Bill\n", SLDS_EDATA, "1: empty name" },
	{ "trailing comma", "William,Bill,\n", SLDS_EDATA, "1: empty name" },
	{ "no nicknames", "# c\n\nWilliam\n", SLDS_EDATA, "3: legal name \"William\" has no nicknames" },
	{ "legal name twice", "William,Bill\nRobert,Bob\nWILLIAM,Will\n", SLDS_EDATA,
	  "3: legal name \"WILLIAM\" is already on line 1" },
	{ "legal name twice, accents folded", "José,Pepe\nJose,Chepe\n", SLDS_EDATA,
	  "2: legal name \"Jose\" is already on line 1" },
	{ "name twice in a line", "William,Bill,bill\n", SLDS_EDATA, "1: name \"bill\" is twice in the line" },
	{ "legal name as its own nickname", "William,William\n", SLDS_EDATA,
	  "1: name \"William\" is twice in the line" },
	{ "not UTF-8", "William,B\xe9ll\n", SLDS_EDATA, "1: name is not valid UTF-8" },
	{ "no letters", "William,'.'\n", SLDS_EDATA, "1: name \"'.'\" has no letters" },
	{ "too long", "William,Bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	  "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n", SLDS_EDATA,
	  "1: name \"Bbbb" },
};

START_TEST(test_nickname_table_load_refuses_broken_file_with_its_line)
{
	const struct bad_case *c = &bad_cases[_i];
	char *path = ut_path(ut_dir, "nicknames.csv"), *expect;
	struct slds_error err = SLDS_ERROR_INIT;
	struct nickname_table t = NICKNAME_TABLE_INIT;

	ut_write_file(path, c->text, strlen(c->text));
	ck_assert_msg(nickname_table_load(&t, path, &err) == c->code, "%s: wrong code", c->what);
	ck_assert_int_eq(err.code, c->code);
	expect = xstrfmt("%s:%s", path, c->message);
	ck_assert_msg(!strncmp(err.message, expect, strlen(expect)), "%s: \"%s\"", c->what,
		      err.message);
	ck_assert_uint_eq(t.nnames, 0);
	ck_assert_ptr_null(t.groups);
	ck_assert_int_eq(nickname_equivalent(&t, &(struct name_key){ 4, "bill" },
					     &(struct name_key){ 4, "will" }), 0);
	nickname_table_release(&t);
	error_clear(&err);
	free(expect);
	free(path);
}
END_TEST

START_TEST(test_nickname_table_load_reads_comments_blanks_crlf_and_no_final_newline)
{
	static const char text[] = "\xef\xbb\xbf# header\r\n\r\n  William , Bill,Will \r\n"
				   "\t# indented comment\nRobert,Bob";
	char *path = ut_path(ut_dir, "nicknames.csv");
	struct slds_error err = SLDS_ERROR_INIT;
	struct nickname_table t = NICKNAME_TABLE_INIT;
	struct name_key bill, will, bob, robert;

	ut_write_file(path, text, strlen(text));
	ck_assert_int_eq(nickname_table_load(&t, path, &err), 0);
	ck_assert_uint_eq(t.ngroups, 2);
	ck_assert_uint_eq(t.nnames, 5);
	name_fold("Bill", 4, &bill);
	name_fold("Will", 4, &will);
	name_fold("Bob", 3, &bob);
	name_fold("Robert", 6, &robert);
	ck_assert_int_eq(nickname_equivalent(&t, &bill, &will), 1);
	ck_assert_int_eq(nickname_equivalent(&t, &bob, &robert), 1);
	ck_assert_int_eq(nickname_equivalent(&t, &bill, &bob), 0);
	nickname_table_release(&t);
	free(path);
}
END_TEST

START_TEST(test_nickname_table_load_missing_and_oversized_files)
{
	char *path = ut_path(ut_dir, "none.csv"), *big;
	struct slds_error err = SLDS_ERROR_INIT;
	struct nickname_table t = NICKNAME_TABLE_INIT;
	size_t size = NICKNAME_FILE_MAX + 1;

	ck_assert_int_eq(nickname_table_load(&t, path, &err), SLDS_ENOENT);
	ck_assert_ptr_nonnull(strstr(err.message, path));
	error_clear(&err);
	big = malloc(size);
	ck_assert_ptr_nonnull(big);
	memset(big, '#', size);
	ut_write_file(path, big, size);
	ck_assert_int_eq(nickname_table_load(&t, path, &err), SLDS_ELIMIT);
	ck_assert_uint_eq(t.nnames, 0);
	error_clear(&err);
	free(big);
	free(path);
}
END_TEST

/*
 * Allocation failure: loading the project's file makes load_allocations
 * allocations (counted once, in main()); failing each in turn must end in
 * the failure handler's exit status 1, never a crash.
 */
static unsigned long load_allocations;

START_TEST(test_nickname_table_load_allocation_failure_exits_cleanly)
{
	FILE *devnull = fopen("/dev/null", "w");

	ck_assert_ptr_nonnull(devnull);
	log_set_stream(devnull);
	alloc_fail_at((unsigned long)_i);
	load_project_table();
	/* reaching here means allocation _i did not fail: exit 0 fails the test */
}
END_TEST

/* Outside any test, so without Check's asserts: main() fails if this does. */
static int count_load_allocations(void)
{
	struct slds_error err = SLDS_ERROR_INIT;
	char *path = project_file();
	unsigned long before = alloc_count();
	int rc = nickname_table_load(&table, path, &err);

	load_allocations = alloc_count() - before;
	if (rc)
		fprintf(stderr, "check_nickname: %s\n", err.message);
	release_table();
	error_clear(&err);
	free(path);
	return rc;
}

static Suite *nickname_suite(void)
{
	Suite *s = suite_create("nickname");
	TCase *tc;

	tc = tcase_create("project_file");
	tcase_add_checked_fixture(tc, load_project_table, release_table);
	tcase_add_test(tc, test_project_file_has_at_least_250_legal_names);
	tcase_add_loop_test(tc, test_nickname_equivalent_table_both_ways, 0, N(pair_cases));
	tcase_add_loop_test(tc, test_nickname_equivalent_at_agrees_with_the_table_both_ways, 0,
			    N(pair_cases));
	tcase_add_test(tc, test_nickname_lookup_is_zero_only_for_names_not_in_the_table);
	tcase_add_test(tc, test_every_nickname_of_the_generator_is_known);
	suite_add_tcase(s, tc);

	tc = tcase_create("load");
	ut_scratch(tc);
	tcase_add_loop_test(tc, test_nickname_table_load_refuses_broken_file_with_its_line, 0,
			    N(bad_cases));
	tcase_add_test(tc, test_nickname_table_load_reads_comments_blanks_crlf_and_no_final_newline);
	tcase_add_test(tc, test_nickname_table_load_missing_and_oversized_files);
	tcase_add_loop_exit_test(tc, test_nickname_table_load_allocation_failure_exits_cleanly,
				 SLDS_EXIT_FAILURE, 1, (int)load_allocations + 1);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failures;

	if (count_load_allocations())
		return 1;
	sr = srunner_create(nickname_suite());
	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
