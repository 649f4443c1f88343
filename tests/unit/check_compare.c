/*
 * check_compare.c: unit tests for match/compare.c, the field comparisons of
 * the identity engine.
 *
 * Tables of named cases, each with its near misses: name keys (accents,
 * apostrophes, hyphens, other scripts, invalid UTF-8, cutting), compound
 * surnames, swapped names, Jaro-Winkler against published values, and
 * birth-date levels.  Properties that must hold for any input (folding is
 * idempotent and yields valid UTF-8; Jaro-Winkler is symmetric and within
 * [0, 1]) are checked on many generated inputs, from a fixed seed.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "compare.h"
#include "parse.h"
#include "reject.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct name_key key_of(const char *s)
{
	struct name_key k;

	name_fold(s, strlen(s), &k);
	return k;
}

/* A small deterministic generator (xorshift64*) for the property tests. */
static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

/* name_fold */

struct fold_case {
	const char *what, *in;
	size_t len;	/* 0: strlen(in) */
	const char *key;
};

static const struct fold_case fold_cases[] = {
	{ "plain ASCII is lower-cased", "Smith", 0, "smith" },
	{ "an acute accent goes", "José", 0, "jose" },
	{ "upper case with accent", "JOSÉ", 0, "jose" },
	{ "decomposed accent (NFD) folds like the composed one", "Jose\xcc\x81", 0, "jose" },
	{ "Vietnamese letters with two marks", "Nguyễn", 0, "nguyen" },
	{ "Vietnamese horn letters (Latin Extended-B)", "Trương", 0, "truong" },
	{ "Vietnamese d with stroke", "Đặng", 0, "dang" },
	{ "u umlaut is u, not ue", "Müller", 0, "muller" },
	{ "Mueller stays as spelled: near miss of Müller", "Mueller", 0, "mueller" },
	{ "n tilde", "Muñoz", 0, "munoz" },
	{ "several accents", "Ibáñez", 0, "ibanez" },
	{ "c cedilla", "François", 0, "francois" },
	{ "l with stroke (Latin Extended-A)", "Łukasz", 0, "lukasz" },
	{ "sharp s is ss", "Straße", 0, "strasse" },
	{ "capital sharp s is ss", "STRAẞE", 0, "strasse" },
	{ "ae ligature", "Ærø", 0, "aero" },
	{ "o with stroke", "Øyvind", 0, "oyvind" },
	{ "thorn is th", "Þór", 0, "thor" },
	{ "s with cedilla and comma below", "Şahin Ștefan", 0, "sahin stefan" },
	{ "dotless i", "Yıldız", 0, "yildiz" },
	{ "ASCII apostrophe goes", "O'Brien", 0, "obrien" },
	{ "typographic apostrophe goes", "O\xe2\x80\x99" "Brien", 0, "obrien" },
	{ "Hawaiian okina goes", "Ka\xca\xbbiulani", 0, "kaiulani" },
	{ "period goes, the space stays", "St. John", 0, "st john" },
	{ "initials close up", "J.R.", 0, "jr" },
	{ "hyphen is a space", "Garcia-Lopez", 0, "garcia lopez" },
	{ "en dash is a space", "Anne\xe2\x80\x93Marie", 0, "anne marie" },
	{ "runs of blanks are one space, none at the ends", "  García \t López  ", 0,
	  "garcia lopez" },
	{ "no-break space is a space", "De\xc2\xa0la Cruz", 0, "de la cruz" },
	{ "comma separates words", "Smith, Jr", 0, "smith jr" },
	{ "digits are kept", "Louis XIV 2nd", 0, "louis xiv 2nd" },
	{ "fullwidth letters", "\xef\xbc\xb3\xef\xbd\x8d\xef\xbd\x89\xef\xbd\x94\xef\xbd\x88", 0,
	  "smith" },
	{ "Cyrillic is kept as it is, not lower-cased", "Иван Petrov", 0, "Иван petrov" },
	{ "CJK is kept", "李 Wang", 0, "李 wang" },
	{ "empty", "", 0, "" },
	{ "only punctuation", "- ' . -", 0, "" },
	{ "embedded NUL separates", "ab\0cd", 5, "ab cd" },
	/* invalid UTF-8: dropped a byte at a time, the rest kept */
	{ "Latin-1 byte", "Jos\xe9", 0, "jos" },
	{ "truncated sequence at the end", "Ana\xc3", 0, "ana" },
	{ "truncated sequence before ASCII", "An\xc3" "a", 0, "ana" },
	{ "stray continuation bytes", "\x80\xbf" "Li", 0, "li" },
	{ "overlong slash", "a\xc0\xaf" "b", 0, "ab" },
	{ "overlong three-byte", "a\xe0\x80\xaf" "b", 0, "ab" },
	{ "surrogate", "\xed\xa0\x80x", 0, "x" },
	{ "beyond U+10FFFF", "\xf4\x90\x80\x80y", 0, "y" },
	{ "bytes that never occur", "\xfe\xff" "z", 0, "z" },
};

START_TEST(test_name_fold_table_gives_expected_key)
{
	const struct fold_case *c = &fold_cases[_i];
	size_t len = c->len ? c->len : strlen(c->in);
	struct name_key k;

	memset(&k, 0x55, sizeof(k));
	ck_assert_msg(name_fold(c->in, len, &k) == 0, "%s: cut", c->what);
	ck_assert_msg(!strcmp(k.s, c->key), "%s: key \"%s\", expected \"%s\"", c->what, k.s, c->key);
	ck_assert_msg(k.len == strlen(c->key), "%s: len %u", c->what, (unsigned)k.len);
}
END_TEST

START_TEST(test_name_fold_reads_only_len_bytes)
{
	struct name_key k;

	name_fold("Garcia-Lopez", 6, &k);
	ck_assert_str_eq(k.s, "garcia");
	name_fold("José", 4, &k);	/* cuts é in half: the lead byte is dropped */
	ck_assert_str_eq(k.s, "jos");
	name_fold(NULL, 0, &k);
	ck_assert_str_eq(k.s, "");
}
END_TEST

struct cut_case {
	const char *what;
	const char *unit;	/* repeated */
	size_t times;
	size_t key_len;
	int cut;
};

static const struct cut_case cut_cases[] = {
	{ "ASCII past the limit", "a", 500, NAME_KEY_MAX, 1 },
	{ "two-byte letters folding to one byte fit", "é", 120, 120, 0 },
	{ "three-byte characters stop before the one that would not fit", "李", 50,
	  (NAME_KEY_MAX / 3) * 3, 1 },
	{ "words are cut inside a word, not at a word", "ab ", 60, NAME_KEY_MAX, 1 },
};

START_TEST(test_name_fold_cuts_long_input_at_a_character_boundary)
{
	const struct cut_case *c = &cut_cases[_i];
	char in[2048] = "";
	size_t i, ulen = strlen(c->unit);
	struct name_key k;
	int cut;

	for (i = 0; i < c->times; i++)
		memcpy(in + i * ulen, c->unit, ulen);
	cut = name_fold(in, c->times * ulen, &k);
	ck_assert_msg(k.len == c->key_len, "%s: len %u, expected %zu", c->what, (unsigned)k.len,
		      c->key_len);
	ck_assert_msg(cut == c->cut, "%s: cut %d", c->what, cut);
	ck_assert_uint_eq(strlen(k.s), k.len);
	ck_assert(utf8_valid(k.s, k.len));
	ck_assert(k.s[k.len - 1] != ' ');
}
END_TEST

START_TEST(test_name_fold_of_exactly_the_limit_is_not_cut_one_more_is)
{
	char in[NAME_KEY_MAX + 1];
	struct name_key k;

	memset(in, 'x', sizeof(in));
	ck_assert_int_eq(name_fold(in, NAME_KEY_MAX, &k), 0);
	ck_assert_uint_eq(k.len, NAME_KEY_MAX);
	ck_assert_int_eq(name_fold(in, NAME_KEY_MAX + 1, &k), 1);
	ck_assert_uint_eq(k.len, NAME_KEY_MAX);
	/* a separator with no room for a letter after it is not written */
	in[NAME_KEY_MAX - 1] = ' ';
	ck_assert_int_eq(name_fold(in, NAME_KEY_MAX + 1, &k), 1);
	ck_assert_uint_eq(k.len, NAME_KEY_MAX - 1);
	ck_assert_int_eq(k.s[k.len - 1], 'x');
}
END_TEST

/*
 * Any bytes at all: the key is valid UTF-8 of its stated length, has no
 * leading, trailing or double space, and folding it again changes nothing.
 */
START_TEST(test_name_fold_of_random_bytes_is_safe_and_idempotent)
{
	static const unsigned char pieces[][4] = {
		"a", "Z", " ", "-", "'", ".", "\xc3\xa9", "\xc3\x9f", "\xe1\xbb\x85", "\xe6\x9d\x8e",
		"\xc3", "\x80", "\xed\xa0\x80", "\xf0\x9f\x98\x80", "\xcc\x81", "\xff",
	};
	int n;

	rng_state = 0x9E3779B97F4A7C15ULL;
	for (n = 0; n < 20000; n++) {
		char in[600];
		size_t len = 0, parts = rng() % 200, i;
		struct name_key k, again;

		for (i = 0; i < parts; i++) {
			if (rng() % 4 == 0) {
				in[len++] = (char)(rng() & 0xFF);
			} else {
				const char *p = (const char *)pieces[rng() % N(pieces)];

				memcpy(in + len, p, strlen(p));
				len += strlen(p);
			}
		}
		name_fold(in, len, &k);
		ck_assert_uint_le(k.len, NAME_KEY_MAX);
		ck_assert_uint_eq(strlen(k.s), k.len);
		ck_assert(utf8_valid(k.s, k.len));
		ck_assert(!strstr(k.s, "  "));
		ck_assert(k.len == 0 || (k.s[0] != ' ' && k.s[k.len - 1] != ' '));
		ck_assert_int_eq(name_fold(k.s, k.len, &again), 0);
		ck_assert_str_eq(again.s, k.s);
	}
}
END_TEST

START_TEST(test_fold_utf8_cedilla_flag_and_tiny_buffers)
{
	char out[16];
	int cut;

	ck_assert_uint_eq(fold_utf8("Façade", strlen("Façade"), out, sizeof(out), FOLD_CEDILLA, &cut),
			  6);
	ck_assert_str_eq(out, "fa\xff" "ade");
	ck_assert_int_eq(cut, 0);
	fold_utf8("Façade", strlen("Façade"), out, sizeof(out), 0, NULL);
	ck_assert_str_eq(out, "facade");
	ck_assert_uint_eq(fold_utf8("Ana", 3, out, 1, 0, &cut), 0);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(cut, 1);
	ck_assert_uint_eq(fold_utf8("Ana", 3, out, 3, 0, &cut), 2);
	ck_assert_str_eq(out, "an");
	ck_assert_int_eq(cut, 1);
}
END_TEST

/* name_tokens and surname_parts_match */

struct token_case {
	const char *what, *in;
	const char *tokens;	/* "|"-separated */
	const char *cores;	/* "|"-separated */
};

static const struct token_case token_cases[] = {
	{ "one word", "Smith", "smith", "smith" },
	{ "two surnames", "García López", "garcia|lopez", "garcia|lopez" },
	{ "hyphenated is the same", "Garcia-Lopez", "garcia|lopez", "garcia|lopez" },
	{ "particles chain onto the next word", "De la Cruz", "delacruz", "cruz" },
	{ "Dutch particles", "Van der Berg", "vanderberg", "berg" },
	{ "saint", "St. John", "stjohn", "john" },
	{ "O written apart", "O Brien", "obrien", "brien" },
	{ "Mc written apart", "Mc Donald", "mcdonald", "donald" },
	{ "the conjunction y is dropped", "García y López", "garcia|lopez", "garcia|lopez" },
	{ "a particle at the end stands alone", "de la", "dela", "la" },
	{ "a particle alone is a surname", "Le", "le", "le" },
	{ "y alone is a name", "Y", "y", "y" },
	{ "particle inside a compound", "Pérez de León", "perez|deleon", "perez|leon" },
	{ "empty", "", "", "" },
};

/* "a|b|c" from the tokens (cores: 1) of t. */
static void join_tokens(const struct name_tokens *t, int cores, char *out, size_t size)
{
	size_t n = 0;
	unsigned i;

	out[0] = '\0';
	for (i = 0; i < t->n; i++) {
		const struct name_token *k = &t->tok[i];
		size_t skip = cores ? k->core : 0;

		n += (size_t)snprintf(out + n, size - n, "%s%.*s", i ? "|" : "",
				      (int)(k->len - skip), t->s + k->off + skip);
	}
}

START_TEST(test_name_tokens_table_gives_expected_tokens_and_cores)
{
	const struct token_case *c = &token_cases[_i];
	struct name_key k = key_of(c->in);
	struct name_tokens t;
	char got[256];

	name_tokens(&k, &t);
	join_tokens(&t, 0, got, sizeof(got));
	ck_assert_msg(!strcmp(got, c->tokens), "%s: tokens \"%s\", expected \"%s\"", c->what, got,
		      c->tokens);
	join_tokens(&t, 1, got, sizeof(got));
	ck_assert_msg(!strcmp(got, c->cores), "%s: cores \"%s\", expected \"%s\"", c->what, got,
		      c->cores);
}
END_TEST

START_TEST(test_name_tokens_keeps_at_most_the_maximum)
{
	char in[200] = "", last[8];
	struct name_key k;
	struct name_tokens t;
	const struct name_token *tok;
	int i;

	for (i = 0; i < 40; i++)
		snprintf(in + strlen(in), sizeof(in) - strlen(in), "x%d ", i);
	name_fold(in, strlen(in), &k);
	name_tokens(&k, &t);
	ck_assert_uint_eq(t.n, NAME_TOKENS_MAX);
	tok = &t.tok[NAME_TOKENS_MAX - 1];
	snprintf(last, sizeof(last), "x%d", NAME_TOKENS_MAX - 1);
	ck_assert_uint_eq(tok->len, strlen(last));
	ck_assert(!memcmp(t.s + tok->off, last, tok->len));
}
END_TEST

struct parts_case {
	const char *a, *b;
	int match;
};

static const struct parts_case parts_cases[] = {
	{ "García López", "Garcia", 1 },
	{ "García López", "López", 1 },
	{ "Garcia-Lopez", "Lopez", 1 },
	{ "Garcia Lopez", "Lopez-Garcia", 1 },
	{ "Martínez-Ruiz", "Ruiz", 1 },
	{ "Smith-Jones", "Jones", 1 },
	{ "De la Cruz", "Cruz", 1 },
	{ "De la Cruz", "Delacruz", 1 },
	{ "De la Cruz", "La Cruz", 1 },
	{ "Van der Berg", "Berg", 1 },
	{ "Garcia", "Garcia", 1 },
	/* near misses */
	{ "Garcia", "Garza", 0 },
	{ "Garcia Lopez", "Garcias Lopes", 0 },
	{ "De la Cruz", "De la Rosa", 0 },
	{ "Delacruz", "Cruz", 0 },	/* written as one word: no parts to find */
	{ "Smith-Jones", "Johnson", 0 },
	{ "", "Garcia", 0 },
	{ "", "", 0 },
};

START_TEST(test_surname_parts_match_table_both_ways)
{
	const struct parts_case *c = &parts_cases[_i];
	struct name_key ka = key_of(c->a), kb = key_of(c->b);
	struct name_tokens ta, tb;

	name_tokens(&ka, &ta);
	name_tokens(&kb, &tb);
	ck_assert_msg(surname_parts_match(&ta, &tb) == c->match, "\"%s\" against \"%s\": expected %d",
		      c->a, c->b, c->match);
	ck_assert_msg(surname_parts_match(&tb, &ta) == c->match, "\"%s\" against \"%s\": expected %d",
		      c->b, c->a, c->match);
}
END_TEST

/* names_swapped */

struct swap_case {
	const char *first1, *last1, *first2, *last2;
	int swapped;
};

static const struct swap_case swap_cases[] = {
	{ "John", "Smith", "Smith", "John", 1 },
	{ "José", "García", "GARCIA", "jose", 1 },
	{ "Mai", "Nguyen Thi", "Nguyen-Thi", "Mai", 1 },
	/* near misses */
	{ "John", "Smith", "John", "Smith", 0 },	/* the right way round */
	{ "Lee", "Lee", "Lee", "Lee", 0 },		/* both ways at once */
	{ "John", "Smith", "Smith", "Jon", 0 },
	{ "John", "Smith", "Smyth", "John", 0 },
	{ "", "Smith", "Smith", "", 0 },
	{ "John", "Smith", "Smith", "", 0 },
};

START_TEST(test_names_swapped_table)
{
	const struct swap_case *c = &swap_cases[_i];
	struct name_key f1 = key_of(c->first1), l1 = key_of(c->last1);
	struct name_key f2 = key_of(c->first2), l2 = key_of(c->last2);

	ck_assert_msg(names_swapped(&f1, &l1, &f2, &l2) == c->swapped, "%s %s / %s %s: expected %d",
		      c->first1, c->last1, c->first2, c->last2, c->swapped);
	ck_assert_int_eq(names_swapped(&f2, &l2, &f1, &l1), c->swapped);
}
END_TEST

/* Jaro-Winkler */

/*
 * Published values, to the three decimals they are published with.
 * Wikipedia's "Jaro-Winkler distance" examples (MARTHA/MARHTA 0.944 and
 * 0.961, DWAYNE/DUANE 0.822 and 0.840, DIXON/DICKSONX 0.767 and 0.813), and
 * the table of Winkler's "Overview of Record Linkage" (1990s) as LingPipe's
 * JaroWinklerDistanceTest checks it (it corrects the paper's 0 for
 * hardin/martinez, itman/smith and jon/jan, which come from strcmp95's
 * special cases, to the values of the plain definition).
 */
struct jw_case {
	const char *a, *b;
	double jaro, jw;
};

static const struct jw_case jw_cases[] = {
	{ "MARTHA", "MARHTA", 0.944, 0.961 },
	{ "DWAYNE", "DUANE", 0.822, 0.840 },
	{ "DIXON", "DICKSONX", 0.767, 0.813 },
	{ "shackleford", "shackelford", 0.970, 0.982 },
	{ "dunningham", "cunnigham", 0.896, 0.896 },
	{ "nichleson", "nichulson", 0.926, 0.956 },
	{ "jones", "johnson", 0.790, 0.832 },
	{ "massey", "massie", 0.889, 0.933 },
	{ "abroms", "abrams", 0.889, 0.922 },
	{ "hardin", "martinez", 0.722, 0.722 },
	{ "itman", "smith", 0.467, 0.467 },
	{ "jeraldine", "geraldine", 0.926, 0.926 },
	{ "marhta", "martha", 0.944, 0.961 },
	{ "michelle", "michael", 0.869, 0.921 },
	{ "julies", "julius", 0.889, 0.933 },
	{ "tanya", "tonya", 0.867, 0.880 },
	{ "sean", "susan", 0.783, 0.805 },
	{ "jon", "john", 0.917, 0.933 },
	{ "jon", "jan", 0.778, 0.800 },
};

START_TEST(test_jaro_winkler_gives_published_values_both_ways)
{
	const struct jw_case *c = &jw_cases[_i];
	size_t la = strlen(c->a), lb = strlen(c->b);
	double j = jaro(c->a, la, c->b, lb), jw = jaro_winkler(c->a, la, c->b, lb);

	ck_assert_msg(fabs(j - c->jaro) < 0.0005, "jaro(%s, %s) = %.4f, published %.3f", c->a, c->b,
		      j, c->jaro);
	ck_assert_msg(fabs(jw - c->jw) < 0.0005, "jaro_winkler(%s, %s) = %.4f, published %.3f",
		      c->a, c->b, jw, c->jw);
	ck_assert(jaro(c->b, lb, c->a, la) == j);
	ck_assert(jaro_winkler(c->b, lb, c->a, la) == jw);
}
END_TEST

/* one_edit_apart */

static const struct {
	const char *a, *b;
	int apart;
} edit_cases[] = {
	{ "liam", "lian", 1 },		/* substituted */
	{ "liam", "lia", 1 },		/* last deleted */
	{ "liam", "iam", 1 },		/* first deleted */
	{ "moore", "more", 1 },		/* a double letter single */
	{ "brown", "brwon", 1 },	/* adjacent transposed */
	{ "brown", "rbown", 1 },	/* the first two transposed */
	{ "brown", "brownn", 1 },	/* one added at the end */
	{ "a", "", 1 },
	{ "a", "b", 1 },
	{ "liam", "liam", 0 },		/* equal is not one edit */
	{ "", "", 0 },
	{ "liam", "lina", 0 },		/* two substituted */
	{ "brown", "bwonr", 0 },	/* not adjacent */
	{ "brown", "nworb", 0 },
	{ "liam", "li", 0 },		/* two deleted */
	{ "abc", "cba", 0 },		/* transposed around a letter */
	{ "maria", "marai", 1 },	/* the last two transposed */
	{ "maria", "amria", 1 },
	{ "garcia", "garica", 1 },
	{ "garcia", "gracia", 1 },
	{ "garcia", "garciaa", 1 },
	{ "garcia", "garcai", 1 },
	{ "garcia", "grcaia", 0 },
};

START_TEST(test_one_edit_apart_table_both_ways)
{
	const char *a = edit_cases[_i].a, *b = edit_cases[_i].b;

	ck_assert_msg(one_edit_apart(a, strlen(a), b, strlen(b)) == edit_cases[_i].apart,
		      "one_edit_apart(%s, %s): expected %d", a, b, edit_cases[_i].apart);
	ck_assert_int_eq(one_edit_apart(b, strlen(b), a, strlen(a)), edit_cases[_i].apart);
}
END_TEST

/* Only len bytes are read: what follows does not count. */
START_TEST(test_one_edit_apart_reads_only_len_bytes)
{
	ck_assert_int_eq(one_edit_apart("liamX", 4, "lianY", 4), 1);
	ck_assert_int_eq(one_edit_apart("liam", 4, "liamZZ", 4), 0);
	ck_assert_int_eq(one_edit_apart("liam", 4, "liamZZ", 5), 1);
}
END_TEST

START_TEST(test_jaro_winkler_edges)
{
	char a[300], b[300];

	ck_assert(jaro_winkler("", 0, "", 0) == 1.0);
	ck_assert(jaro_winkler("", 0, "a", 1) == 0.0);
	ck_assert(jaro_winkler("a", 1, "", 0) == 0.0);
	ck_assert(jaro_winkler("abc", 3, "abc", 3) == 1.0);
	ck_assert(jaro_winkler("abc", 3, "xyz", 3) == 0.0);
	ck_assert(jaro_winkler("a", 1, "b", 1) == 0.0);
	/* one character matches only at the same place when the window is 0 */
	ck_assert(jaro_winkler("ab", 2, "ba", 2) == 0.0);
	/*
	 * A shared prefix earns nothing below the 0.7 threshold: 4 of 10
	 * match, in order: (0.4 + 0.4 + 1) / 3 = 0.6.
	 */
	ck_assert(fabs(jaro("abcdefghij", 10, "abcdvwxyzq", 10) - 0.6) < 1e-12);
	ck_assert(jaro_winkler("abcdefghij", 10, "abcdvwxyzq", 10) ==
		  jaro("abcdefghij", 10, "abcdvwxyzq", 10));
	/* only the first JARO_MAX bytes count */
	memset(a, 'a', sizeof(a));
	memset(b, 'a', sizeof(b));
	b[JARO_MAX + 10] = 'b';
	ck_assert(jaro_winkler(a, sizeof(a), b, sizeof(b)) == 1.0);
	b[JARO_MAX - 1] = 'b';
	ck_assert(jaro_winkler(a, sizeof(a), b, sizeof(b)) < 1.0);
}
END_TEST

/*
 * Many short strings over a small alphabet, where greedy matching meets
 * repeated letters: the result is symmetric to the bit, within [0, 1], at
 * least the Jaro similarity, and 1 only for equal strings.
 */
START_TEST(test_jaro_winkler_is_symmetric_and_bounded)
{
	int n;

	rng_state = 0xD1B54A32D192ED03ULL;
	for (n = 0; n < 200000; n++) {
		char a[16], b[16];
		size_t la = rng() % 13, lb = rng() % 13, i;
		double x, y, j;

		for (i = 0; i < la; i++)
			a[i] = "abcab"[rng() % 5];
		for (i = 0; i < lb; i++)
			b[i] = (rng() % 3 && i < la) ? a[i] : "abcab"[rng() % 5];
		x = jaro_winkler(a, la, b, lb);
		y = jaro_winkler(b, lb, a, la);
		j = jaro(a, la, b, lb);
		ck_assert_msg(x == y, "not symmetric: \"%.*s\" \"%.*s\"", (int)la, a, (int)lb, b);
		ck_assert(x >= 0.0 && x <= 1.0);
		ck_assert(x >= j);
		ck_assert((x == 1.0) == (la == lb && !memcmp(a, b, la)));
	}
}
END_TEST

START_TEST(test_jaro_winkler_on_folded_names_scores_variants_high)
{
	struct name_key a = key_of("Müller"), b = key_of("Mueller"), c = key_of("Miller");
	struct name_key d = key_of("Nguyễn"), e = key_of("Nguyen");

	ck_assert(jaro_winkler(a.s, a.len, b.s, b.len) > 0.9);
	ck_assert(jaro_winkler(a.s, a.len, c.s, c.len) > 0.85);
	ck_assert(jaro_winkler(d.s, d.len, e.s, e.len) == 1.0);
	/* the raw bytes are a near miss: Jaro-Winkler is byte-wise beyond ASCII */
	ck_assert(jaro_winkler("Nguyễn", strlen("Nguyễn"), "Nguyen", 6) < 1.0);
}
END_TEST

/* date_compare_level */

struct date_case {
	const char *what;
	struct date a, b;
	enum date_level level;
};

static const struct date_case date_cases[] = {
	{ "same date", { 2015, 3, 4 }, { 2015, 3, 4 }, DATE_LEVEL_EXACT },
	{ "same date, day equals month", { 2015, 3, 3 }, { 2015, 3, 3 }, DATE_LEVEL_EXACT },
	{ "leap day", { 2016, 2, 29 }, { 2016, 2, 29 }, DATE_LEVEL_EXACT },
	{ "day and month swapped", { 2015, 3, 4 }, { 2015, 4, 3 }, DATE_LEVEL_SWAPPED },
	{ "swapped, two-digit parts", { 2015, 12, 1 }, { 2015, 1, 12 }, DATE_LEVEL_SWAPPED },
	{ "swapped, 10 and 1", { 2015, 10, 1 }, { 2015, 1, 10 }, DATE_LEVEL_SWAPPED },
	{ "swap into month 13 does not exist", { 2015, 3, 13 }, { 2015, 13, 3 },
	  DATE_LEVEL_INVALID },
	{ "swapped, but the year differs too", { 2015, 3, 4 }, { 2016, 4, 3 }, DATE_LEVEL_OTHER },
	{ "last digit of the day", { 2015, 3, 14 }, { 2015, 3, 15 }, DATE_LEVEL_ONE_DIGIT },
	{ "tens of the day", { 2015, 3, 4 }, { 2015, 3, 14 }, DATE_LEVEL_ONE_DIGIT },
	{ "a digit of the month", { 2015, 3, 4 }, { 2015, 8, 4 }, DATE_LEVEL_ONE_DIGIT },
	{ "last digit of the year (also a year off)", { 2015, 3, 4 }, { 2016, 3, 4 },
	  DATE_LEVEL_ONE_DIGIT },
	{ "a digit of the year, two years off", { 2015, 3, 4 }, { 2017, 3, 4 },
	  DATE_LEVEL_ONE_DIGIT },
	{ "next day across tens: two digits", { 2015, 3, 19 }, { 2015, 3, 20 },
	  DATE_LEVEL_SAME_YEAR },
	{ "year off by one across a decade", { 2019, 3, 4 }, { 2020, 3, 4 }, DATE_LEVEL_YEAR_OFF },
	{ "year off by one across a century", { 1999, 12, 31 }, { 2000, 12, 31 },
	  DATE_LEVEL_YEAR_OFF },
	{ "year off by two, two digits", { 2019, 3, 4 }, { 2021, 3, 4 }, DATE_LEVEL_OTHER },
	{ "year off by one, another day", { 2019, 3, 4 }, { 2020, 3, 5 }, DATE_LEVEL_OTHER },
	{ "same year only", { 2015, 3, 4 }, { 2015, 11, 20 }, DATE_LEVEL_SAME_YEAR },
	{ "nothing in common", { 2015, 3, 4 }, { 2013, 7, 9 }, DATE_LEVEL_OTHER },
	{ "February 29 of a common year", { 2015, 2, 29 }, { 2015, 2, 28 }, DATE_LEVEL_INVALID },
	{ "day 0", { 2015, 3, 0 }, { 2015, 3, 1 }, DATE_LEVEL_INVALID },
	{ "missing (all zero)", { 0, 0, 0 }, { 2015, 3, 4 }, DATE_LEVEL_INVALID },
	{ "both missing", { 0, 0, 0 }, { 0, 0, 0 }, DATE_LEVEL_INVALID },
};

START_TEST(test_date_compare_level_table_both_ways)
{
	const struct date_case *c = &date_cases[_i];
	enum date_level ab = date_compare_level(&c->a, &c->b);
	enum date_level ba = date_compare_level(&c->b, &c->a);

	ck_assert_msg(ab == c->level, "%s: %s, expected %s", c->what, date_level_name(ab),
		      date_level_name(c->level));
	ck_assert_msg(ba == c->level, "%s (reversed): %s, expected %s", c->what,
		      date_level_name(ba), date_level_name(c->level));
}
END_TEST

START_TEST(test_date_level_names)
{
	ck_assert_str_eq(date_level_name(DATE_LEVEL_EXACT), "exact");
	ck_assert_str_eq(date_level_name(DATE_LEVEL_SWAPPED), "swapped");
	ck_assert_str_eq(date_level_name(DATE_LEVEL_ONE_DIGIT), "one_digit");
	ck_assert_str_eq(date_level_name(DATE_LEVEL_YEAR_OFF), "year_off");
	ck_assert_str_eq(date_level_name(DATE_LEVEL_SAME_YEAR), "same_year");
	ck_assert_str_eq(date_level_name(DATE_LEVEL_OTHER), "other");
	ck_assert_str_eq(date_level_name(DATE_LEVEL_INVALID), "invalid");
	ck_assert_str_eq(date_level_name((enum date_level)99), "unknown");
}
END_TEST

static Suite *compare_suite(void)
{
	Suite *s = suite_create("compare");
	TCase *tc;

	tc = tcase_create("fold");
	tcase_add_loop_test(tc, test_name_fold_table_gives_expected_key, 0, N(fold_cases));
	tcase_add_test(tc, test_name_fold_reads_only_len_bytes);
	tcase_add_loop_test(tc, test_name_fold_cuts_long_input_at_a_character_boundary, 0,
			    N(cut_cases));
	tcase_add_test(tc, test_name_fold_of_exactly_the_limit_is_not_cut_one_more_is);
	tcase_add_test(tc, test_name_fold_of_random_bytes_is_safe_and_idempotent);
	tcase_add_test(tc, test_fold_utf8_cedilla_flag_and_tiny_buffers);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_loop_test(tc, test_name_tokens_table_gives_expected_tokens_and_cores, 0,
			    N(token_cases));
	tcase_add_test(tc, test_name_tokens_keeps_at_most_the_maximum);
	tcase_add_loop_test(tc, test_surname_parts_match_table_both_ways, 0, N(parts_cases));
	tcase_add_loop_test(tc, test_names_swapped_table, 0, N(swap_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("jaro_winkler");
	tcase_add_loop_test(tc, test_jaro_winkler_gives_published_values_both_ways, 0,
			    N(jw_cases));
	tcase_add_test(tc, test_jaro_winkler_edges);
	tcase_add_test(tc, test_jaro_winkler_is_symmetric_and_bounded);
	tcase_add_test(tc, test_jaro_winkler_on_folded_names_scores_variants_high);
	tcase_add_loop_test(tc, test_one_edit_apart_table_both_ways, 0, N(edit_cases));
	tcase_add_test(tc, test_one_edit_apart_reads_only_len_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("dates");
	tcase_add_loop_test(tc, test_date_compare_level_table_both_ways, 0, N(date_cases));
	tcase_add_test(tc, test_date_level_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(compare_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
