/*
 * check_dmetaphone.c: unit tests for match/dmetaphone.c, Double Metaphone.
 *
 * The codes of published examples: the test list of the Python binding of
 * Maurice Aubrey's C port (dedupeio/doublemetaphone, tests/test_metaphone.py;
 * its codes run past four letters and are cut to four here, as Philips'
 * algorithm cuts them), Smith and Schmidt from Philips' article (and
 * PostgreSQL's fuzzystrmatch, which carries Aubrey's port), and the common
 * surnames of ports' test suites.  Then accents, ç, names as the generator
 * spells them, and any bytes at all.
 */
#include <stdint.h>
#include <string.h>

#include <check.h>

#include "compare.h"
#include "dmetaphone.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct dm_case {
	const char *name, *primary, *alternate;
};

static const struct dm_case published[] = {
	{ "aubrey", "APR", "APR" }, { "richard", "RXRT", "RKRT" }, { "Jose", "HS", "HS" },
	{ "cambrillo", "KMPR", "KMPR" }, { "otto", "AT", "AT" }, { "maurice", "MRS", "MRS" },
	{ "auto", "AT", "AT" }, { "maisey", "MS", "MS" }, { "catherine", "K0RN", "KTRN" },
	{ "geoff", "JF", "KF" }, { "Chile", "XL", "XL" }, { "katherine", "K0RN", "KTRN" },
	{ "steven", "STFN", "STFN" }, { "zhang", "JNK", "JNK" }, { "bob", "PP", "PP" },
	{ "ray", "R", "R" }, { "Tux", "TKS", "TKS" }, { "bryan", "PRN", "PRN" },
	{ "bryce", "PRS", "PRS" }, { "Rapelje", "RPL", "RPL" }, { "solilijs", "SLLS", "SLLS" },
	{ "Dallas", "TLS", "TLS" }, { "Schwein", "XN", "XFN" }, { "dave", "TF", "TF" },
	{ "eric", "ARK", "ARK" }, { "Parachute", "PRKT", "PRKT" }, { "brian", "PRN", "PRN" },
	{ "randy", "RNT", "RNT" }, { "Through", "0R", "TR" }, { "Nowhere", "NR", "NR" },
	{ "heidi", "HT", "HT" }, { "Arnow", "ARN", "ARNF" }, { "Thumbail", "0MPL", "TMPL" },
	{ "Bartosz", "PRTS", "PRTX" }, { "Bartosch", "PRTX", "PRTX" },
	{ "Bartos", "PRTS", "PRTS" }, { "ach", "AK", "AK" }, { "bacher", "PKR", "PKR" },
	{ "macher", "MKR", "MKR" }, { "bacci", "PX", "PX" }, { "bertucci", "PRTX", "PRTX" },
	{ "bellocchio", "PLX", "PLX" }, { "bacchus", "PKS", "PKS" },
	{ "focaccia", "FKX", "FKX" }, { "chianti", "KNT", "KNT" },
	{ "tagliaro", "TKLR", "TLR" }, { "biaggi", "PJ", "PK" }, { "bajador", "PJTR", "PHTR" },
	{ "San Jacinto", "SNHS", "SNHS" }, { "cabrillo", "KPRL", "KPR" },
	{ "gallegos", "KLKS", "KKS" }, { "rogier", "RJ", "RJR" }, { "breaux", "PR", "PR" },
	{ "Wewski", "ASK", "FFSK" }, { "zhao", "J", "J" }, { "school", "SKL", "SKL" },
	{ "schooner", "SKNR", "SKNR" }, { "schermerhorn", "XRMR", "SKRM" },
	{ "schenker", "XNKR", "SKNK" }, { "Charac", "KRK", "KRK" }, { "Charis", "KRS", "KRS" },
	{ "chord", "KRT", "KRT" }, { "Chym", "KM", "KM" }, { "Chia", "K", "K" },
	{ "chem", "KM", "KM" }, { "chore", "XR", "XR" }, { "orchestra", "ARKS", "ARKS" },
	{ "architect", "ARKT", "ARKT" }, { "orchid", "ARKT", "ARKT" },
	{ "accident", "AKST", "AKST" }, { "accede", "AKST", "AKST" },
	{ "succeed", "SKST", "SKST" }, { "mac caffrey", "MKFR", "MKFR" },
	{ "mac gregor", "MKRK", "MKRK" }, { "mc crae", "MKR", "MKR" },
	{ "mcclain", "MKLN", "MKLN" }, { "laugh", "LF", "LF" }, { "cough", "KF", "KF" },
	{ "rough", "RF", "RF" }, { "gya", "K", "J" }, { "ges", "KS", "JS" },
	{ "gep", "KP", "JP" }, { "geb", "KP", "JP" }, { "gel", "KL", "JL" },
	{ "gey", "K", "J" }, { "gib", "KP", "JP" }, { "gil", "KL", "JL" },
	{ "gin", "KN", "JN" }, { "gie", "K", "J" }, { "gei", "K", "J" }, { "ger", "KR", "JR" },
	{ "danger", "TNJR", "TNKR" }, { "manager", "MNKR", "MNJR" },
	{ "dowager", "TKR", "TJR" }, { "Campbell", "KMPL", "KMPL" },
	{ "raspberry", "RSPR", "RSPR" }, { "Thomas", "TMS", "TMS" },
	{ "Thames", "TMS", "TMS" },
	/* from Philips' article */
	{ "Smith", "SM0", "XMT" }, { "Schmidt", "XMT", "SMT" },
	/* surnames of the generator, as ports' test suites give them */
	{ "Thompson", "TMPS", "TMPS" }, { "Garcia", "KRS", "KRX" }, { "Jackson", "JKSN", "AKSN" },
	{ "Williams", "ALMS", "FLMS" }, { "Johnson", "JNSN", "ANSN" }, { "Wright", "RT", "RT" },
	{ "Rodriguez", "RTRK", "RTRK" }, { "Martinez", "MRTN", "MRTN" }, { "Young", "ANK", "ANK" },
	{ "Walker", "ALKR", "FLKR" }, { "Mitchell", "MXL", "MXL" }, { "Campbell", "KMPL", "KMPL" },
};

static void assert_codes(const struct dm_case *c)
{
	struct dmetaphone m;

	dmetaphone(c->name, strlen(c->name), &m);
	ck_assert_msg(!strcmp(m.primary, c->primary) && !strcmp(m.alternate, c->alternate),
		      "%s: %s/%s, expected %s/%s", c->name, m.primary, m.alternate, c->primary,
		      c->alternate);
}

START_TEST(test_dmetaphone_gives_published_codes)
{
	assert_codes(&published[_i]);
}
END_TEST

/* Names as LEAs and the generator write them. */
static const struct dm_case names[] = {
	/* c cedilla keeps its own sound; written without it, c is hard before o */
	{ "François", "FRNS", "FRNS" }, { "Francois", "FRNK", "FRNK" },
	{ "Façade", "FST", "FST" }, { "Garçon", "KRSN", "KRSN" },
	/* accents, case and apostrophes do not change the code */
	{ "José", "HS", "HS" }, { "JOSÉ", "HS", "HS" }, { "Jose\xcc\x81", "HS", "HS" },
	{ "Müller", "MLR", "MLR" }, { "Mueller", "MLR", "MLR" }, { "Muñoz", "MNS", "MNS" },
	{ "Nguyễn", "NKN", "NKN" }, { "O'Brien", "APRN", "APRN" }, { "OBRIEN", "APRN", "APRN" },
	/* a hyphen is a space: "San-Jose" is "San Jose" */
	{ "San Jose", "SNHS", "SNHS" }, { "San-Jose", "SNHS", "SNHS" },
	/* nothing to code */
	{ "", "", "" }, { "'-.", "", "" }, { "1234", "", "" }, { "李", "", "" },
};

START_TEST(test_dmetaphone_of_names_as_written)
{
	assert_codes(&names[_i]);
}
END_TEST

struct match_case {
	const char *a, *b;
	int level;
};

static const struct match_case match_cases[] = {
	{ "Smith", "Smith", 2 },
	{ "Smith", "Smyth", 2 },
	{ "José", "Jose", 2 },
	{ "Müller", "Mueller", 2 },
	{ "Catherine", "Katherine", 2 },
	{ "Smith", "Schmidt", 1 },	/* XMT in common */
	{ "Schmidt", "Smith", 1 },
	{ "Jablonski", "Yablonsky", 1 },	/* APLN in common */
	{ "Smith", "Jones", 0 },
	{ "Garcia", "Garza", 2 },	/* KRS: the code is coarse, Jaro-Winkler tells them apart */
	{ "Garcia", "Gomez", 0 },
	{ "", "", 0 },
	{ "Smith", "", 0 },
};

START_TEST(test_dmetaphone_match_levels_both_ways)
{
	const struct match_case *c = &match_cases[_i];
	struct dmetaphone a, b;

	dmetaphone(c->a, strlen(c->a), &a);
	dmetaphone(c->b, strlen(c->b), &b);
	ck_assert_msg(dmetaphone_match(&a, &b) == c->level,
		      "%s (%s/%s) against %s (%s/%s): %d, expected %d", c->a, a.primary, a.alternate,
		      c->b, b.primary, b.alternate, dmetaphone_match(&a, &b), c->level);
	ck_assert_int_eq(dmetaphone_match(&b, &a), c->level);
}
END_TEST

START_TEST(test_dmetaphone_reads_only_len_bytes_and_long_input)
{
	char in[4096];
	struct dmetaphone m;

	dmetaphone("Smithers", 5, &m);
	ck_assert_str_eq(m.primary, "SM0");
	memset(in, 'B', sizeof(in));
	dmetaphone(in, sizeof(in), &m);
	ck_assert_str_eq(m.primary, "PPPP");	/* each BB is one P; the code stops at four */
	memcpy(in, "KATHERINE", 9);
	dmetaphone(in, sizeof(in), &m);
	ck_assert_str_eq(m.primary, "K0RN");
	dmetaphone(NULL, 0, &m);
	ck_assert_str_eq(m.primary, "");
}
END_TEST

/* Any bytes: codes of at most four letters of the algorithm's alphabet. */
START_TEST(test_dmetaphone_of_random_bytes_is_safe)
{
	uint64_t x = 0x243F6A8885A308D3ULL;
	int n;

	for (n = 0; n < 50000; n++) {
		char in[300];
		size_t len, i;
		struct dmetaphone m;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = x % sizeof(in);
		for (i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* mostly letters and spaces, so that the rules run */
			in[i] = x % 4 ? "ACEGHIJLNORSTWXZ CKY"[(x >> 8) % 20] : (char)((x >> 16) & 0xFF);
		}
		dmetaphone(in, len, &m);
		ck_assert_uint_le(strlen(m.primary), DMETAPHONE_LEN);
		ck_assert_uint_le(strlen(m.alternate), DMETAPHONE_LEN);
		ck_assert_uint_eq(strspn(m.primary, "0ABFHJKLMNPRSTX"), strlen(m.primary));
		ck_assert_uint_eq(strspn(m.alternate, "0ABFHJKLMNPRSTX"), strlen(m.alternate));
	}
}
END_TEST

static Suite *dmetaphone_suite(void)
{
	Suite *s = suite_create("dmetaphone");
	TCase *tc;

	tc = tcase_create("codes");
	tcase_add_loop_test(tc, test_dmetaphone_gives_published_codes, 0, N(published));
	tcase_add_loop_test(tc, test_dmetaphone_of_names_as_written, 0, N(names));
	tcase_add_loop_test(tc, test_dmetaphone_match_levels_both_ways, 0, N(match_cases));
	tcase_add_test(tc, test_dmetaphone_reads_only_len_bytes_and_long_input);
	tcase_add_test(tc, test_dmetaphone_of_random_bytes_is_safe);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(dmetaphone_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
