/*
 * dmetaphone.c: Double Metaphone, written for slds from the rules of
 * Lawrence Philips' published algorithm ("The Double Metaphone Search
 * Algorithm", C/C++ Users Journal, June 2000; his C++ reference code, which
 * he placed in the public domain) as corrected in Maurice Aubrey's C port
 * (Text::DoubleMetaphone): alternatives lists properly terminated, positions
 * before the start of the word never match.  Codes are cut at four letters,
 * as Philips specified.
 *
 * The rules are Philips'; the shape is ours: one function per letter with
 * many rules, each returning how many letters it consumed, and one helper
 * that tests a position against '|'-separated alternatives.
 */
#include <string.h>

#include "compare.h"
#include "dmetaphone.h"
#include "banned.h"

/* Spaces after the word, as in Philips' code: rules look up to five letters past its end. */
#define PAD 5

struct dm {
	char w[DMETAPHONE_INPUT_MAX + PAD + 1];	/* upper case, then PAD spaces */
	int len;		/* letters before the padding */
	int last;		/* len - 1 */
	int slavo_germanic;	/* has W, K or CZ: some rules are off */
	struct dmetaphone *out;
	size_t np, na;
};

static char ch(const struct dm *d, int i)
{
	return i >= 0 && i < d->len + PAD ? d->w[i] : '\0';
}

static int vowel(const struct dm *d, int i)
{
	switch (ch(d, i)) {
	case 'A': case 'E': case 'I': case 'O': case 'U': case 'Y':
		return 1;
	default:
		return 0;
	}
}

/*
 * 1 if one of the '|'-separated alternatives stands at position pos.  The
 * word is NUL-terminated after its padding, so a comparison running past it
 * fails there.
 */
static int at(const struct dm *d, int pos, const char *alts)
{
	if (pos < 0 || pos >= d->len + PAD)
		return 0;
	for (;;) {
		const char *w = d->w + pos;

		while (*alts && *alts != '|' && *alts == *w) {
			alts++;
			w++;
		}
		if (!*alts || *alts == '|')
			return 1;
		while (*alts && *alts != '|')
			alts++;
		if (!*alts++)
			return 0;
	}
}

static void put(char *code, size_t *n, const char *s)
{
	while (*s && *n < DMETAPHONE_LEN)
		code[(*n)++] = *s++;
}

/* Add p to the primary code and a to the alternate; a NULL adds p to both. */
static void add(struct dm *d, const char *p, const char *a)
{
	put(d->out->primary, &d->np, p);
	put(d->out->alternate, &d->na, a ? a : p);
}

static int letter_c(struct dm *d, int i)
{
	/* Germanic -ach- (Bach), but not before i or e, except bacher, macher. */
	if (i > 1 && !vowel(d, i - 2) && at(d, i - 1, "ACH") && ch(d, i + 2) != 'I' &&
	    (ch(d, i + 2) != 'E' || at(d, i - 2, "BACHER|MACHER"))) {
		add(d, "K", NULL);
		return 2;
	}
	if (i == 0 && at(d, i, "CAESAR")) {
		add(d, "S", NULL);
		return 2;
	}
	if (at(d, i, "CHIA")) {	/* Italian: chianti */
		add(d, "K", NULL);
		return 2;
	}
	if (at(d, i, "CH")) {
		if (i > 0 && at(d, i, "CHAE")) {	/* michael */
			add(d, "K", "X");
			return 2;
		}
		/* Greek roots: chemistry, chorus, but not chore. */
		if (i == 0 && (at(d, i + 1, "HARAC|HARIS") || at(d, i + 1, "HOR|HYM|HIA|HEM")) &&
		    !at(d, 0, "CHORE")) {
			add(d, "K", NULL);
			return 2;
		}
		/* Germanic and Greek ch sounding kh: orchestra, wachtler, wechsler. */
		if (at(d, 0, "VAN |VON ") || at(d, 0, "SCH") ||
		    at(d, i - 2, "ORCHES|ARCHIT|ORCHID") || at(d, i + 2, "T|S") ||
		    ((at(d, i - 1, "A|O|U|E") || i == 0) && at(d, i + 2, "L|R|N|M|B|H|F|V|W| ")))
			add(d, "K", NULL);
		else if (i == 0)
			add(d, "X", NULL);
		else if (at(d, 0, "MC"))	/* McHugh */
			add(d, "K", NULL);
		else
			add(d, "X", "K");
		return 2;
	}
	if (at(d, i, "CZ") && !at(d, i - 2, "WICZ")) {	/* czerny */
		add(d, "S", "X");
		return 2;
	}
	if (at(d, i + 1, "CIA")) {	/* focaccia */
		add(d, "X", NULL);
		return 3;
	}
	if (at(d, i, "CC") && !(i == 1 && ch(d, 0) == 'M')) {	/* not McClellan */
		if (at(d, i + 2, "I|E|H") && !at(d, i + 2, "HU")) {	/* bellocchio, not bacchus */
			/* accident, accede, succeed; else Italian bacci, bertucci */
			if ((i == 1 && ch(d, 0) == 'A') || at(d, i - 1, "UCCEE|UCCES"))
				add(d, "KS", NULL);
			else
				add(d, "X", NULL);
			return 3;
		}
		add(d, "K", NULL);	/* Pierce's rule */
		return 2;
	}
	if (at(d, i, "CK|CG|CQ")) {
		add(d, "K", NULL);
		return 2;
	}
	if (at(d, i, "CI|CE|CY")) {
		if (at(d, i, "CIO|CIE|CIA"))	/* Italian against English */
			add(d, "S", "X");
		else
			add(d, "S", NULL);
		return 2;
	}
	add(d, "K", NULL);
	if (at(d, i + 1, " C| Q| G"))	/* mac caffrey, mac gregor */
		return 3;
	if (at(d, i + 1, "C|K|Q") && !at(d, i + 1, "CE|CI"))
		return 2;
	return 1;
}

static int letter_d(struct dm *d, int i)
{
	if (at(d, i, "DG")) {
		if (at(d, i + 2, "I|E|Y")) {	/* edge */
			add(d, "J", NULL);
			return 3;
		}
		add(d, "TK", NULL);	/* edgar */
		return 2;
	}
	add(d, "T", NULL);
	return at(d, i, "DT|DD") ? 2 : 1;
}

static int letter_g(struct dm *d, int i)
{
	if (ch(d, i + 1) == 'H') {
		if (i > 0 && !vowel(d, i - 1)) {
			add(d, "K", NULL);
			return 2;
		}
		if (i == 0) {	/* ghislane, ghiradelli */
			add(d, ch(d, i + 2) == 'I' ? "J" : "K", NULL);
			return 2;
		}
		/* Parker's rule: hugh, bough, broughton. */
		if ((i > 1 && at(d, i - 2, "B|H|D")) || (i > 2 && at(d, i - 3, "B|H|D")) ||
		    (i > 3 && at(d, i - 4, "B|H")))
			return 2;
		/* laugh, McLaughlin, cough, gough, rough, tough */
		if (i > 2 && ch(d, i - 1) == 'U' && at(d, i - 3, "C|G|L|R|T"))
			add(d, "F", NULL);
		else if (ch(d, i - 1) != 'I')
			add(d, "K", NULL);
		return 2;
	}
	if (ch(d, i + 1) == 'N') {
		if (i == 1 && vowel(d, 0) && !d->slavo_germanic)
			add(d, "KN", "N");
		else if (!at(d, i + 2, "EY") && !d->slavo_germanic)	/* not cagney */
			add(d, "N", "KN");
		else
			add(d, "KN", NULL);
		return 2;
	}
	if (at(d, i + 1, "LI") && !d->slavo_germanic) {	/* tagliaro */
		add(d, "KL", "L");
		return 2;
	}
	/* -ges-, -gep-, -gel-, -gie- at the start */
	if (i == 0 && (ch(d, i + 1) == 'Y' || at(d, i + 1, "ES|EP|EB|EL|EY|IB|IL|IN|IE|EI|ER"))) {
		add(d, "K", "J");
		return 2;
	}
	/* -ger-, -gy- */
	if ((at(d, i + 1, "ER") || ch(d, i + 1) == 'Y') && !at(d, 0, "DANGER|RANGER|MANGER") &&
	    !at(d, i - 1, "E|I") && !at(d, i - 1, "RGY|OGY")) {
		add(d, "K", "J");
		return 2;
	}
	/* Italian: biaggi */
	if (at(d, i + 1, "E|I|Y") || at(d, i - 1, "AGGI|OGGI")) {
		if (at(d, 0, "VAN |VON ") || at(d, 0, "SCH") || at(d, i + 1, "ET"))
			add(d, "K", NULL);	/* obviously Germanic */
		else if (at(d, i + 1, "IER "))	/* a French ending is always soft */
			add(d, "J", NULL);
		else
			add(d, "J", "K");
		return 2;
	}
	add(d, "K", NULL);
	return ch(d, i + 1) == 'G' ? 2 : 1;
}

static int letter_j(struct dm *d, int i)
{
	/* Obviously Spanish: jose, san jacinto */
	if (at(d, i, "JOSE") || at(d, 0, "SAN ")) {
		if ((i == 0 && ch(d, i + 4) == ' ') || at(d, 0, "SAN "))
			add(d, "H", NULL);
		else
			add(d, "J", "H");
		return 1;
	}
	if (i == 0)
		add(d, "J", "A");	/* Yankelovich, Jankelowicz */
	else if (vowel(d, i - 1) && !d->slavo_germanic &&
		 (ch(d, i + 1) == 'A' || ch(d, i + 1) == 'O'))
		add(d, "J", "H");	/* Spanish: bajador */
	else if (i == d->last)
		add(d, "J", "");
	else if (!at(d, i + 1, "L|T|K|S|N|M|B|Z") && !at(d, i - 1, "S|K|L"))
		add(d, "J", NULL);
	return ch(d, i + 1) == 'J' ? 2 : 1;
}

static int letter_l(struct dm *d, int i)
{
	if (ch(d, i + 1) != 'L') {
		add(d, "L", NULL);
		return 1;
	}
	/* Spanish: cabrillo, gallegos */
	if ((i == d->len - 3 && at(d, i - 1, "ILLO|ILLA|ALLE")) ||
	    ((at(d, d->last - 1, "AS|OS") || at(d, d->last, "A|O")) && at(d, i - 1, "ALLE")))
		add(d, "L", "");
	else
		add(d, "L", NULL);
	return 2;
}

static int letter_s(struct dm *d, int i)
{
	if (at(d, i - 1, "ISL|YSL"))	/* island, isle, carlisle, carlysle */
		return 1;
	if (i == 0 && at(d, i, "SUGAR")) {
		add(d, "X", "S");
		return 1;
	}
	if (at(d, i, "SH")) {	/* Germanic: -sheim, -shoek, -sholm, -sholz */
		add(d, at(d, i + 1, "HEIM|HOEK|HOLM|HOLZ") ? "S" : "X", NULL);
		return 2;
	}
	if (at(d, i, "SIO|SIA") || at(d, i, "SIAN")) {	/* Italian and Armenian */
		add(d, "S", d->slavo_germanic ? "S" : "X");
		return 3;
	}
	/*
	 * German and anglicised: Smith against Schmidt, Snider against
	 * Schneider; and the Slavic -sz-.
	 */
	if ((i == 0 && at(d, i + 1, "M|N|L|W")) || at(d, i + 1, "Z")) {
		add(d, "S", "X");
		return at(d, i + 1, "Z") ? 2 : 1;
	}
	if (at(d, i, "SC")) {
		if (ch(d, i + 2) == 'H') {	/* Schlesinger's rule */
			if (at(d, i + 3, "OO|ER|EN|UY|ED|EM")) {	/* Dutch: school */
				if (at(d, i + 3, "ER|EN"))	/* schermerhorn, schenker */
					add(d, "X", "SK");
				else
					add(d, "SK", NULL);
			} else if (i == 0 && !vowel(d, 3) && ch(d, 3) != 'W') {
				add(d, "X", "S");
			} else {
				add(d, "X", NULL);
			}
			return 3;
		}
		add(d, at(d, i + 2, "I|E|Y") ? "S" : "SK", NULL);
		return 3;
	}
	if (i == d->last && at(d, i - 2, "AI|OI"))	/* French: resnais, artois */
		add(d, "", "S");
	else
		add(d, "S", NULL);
	return at(d, i + 1, "S|Z") ? 2 : 1;
}

static int letter_t(struct dm *d, int i)
{
	if (at(d, i, "TION") || at(d, i, "TIA|TCH")) {
		add(d, "X", NULL);
		return 3;
	}
	if (at(d, i, "TH") || at(d, i, "TTH")) {
		/* thomas, thames, or Germanic */
		if (at(d, i + 2, "OM|AM") || at(d, 0, "VAN |VON ") || at(d, 0, "SCH"))
			add(d, "T", NULL);
		else
			add(d, "0", "T");
		return 2;
	}
	add(d, "T", NULL);
	return at(d, i + 1, "T|D") ? 2 : 1;
}

static int letter_w(struct dm *d, int i)
{
	if (at(d, i, "WR")) {
		add(d, "R", NULL);
		return 2;
	}
	if (i == 0 && (vowel(d, i + 1) || at(d, i, "WH")))
		/* Wasserman should match Vasserman; Uomo, Womo */
		add(d, "A", vowel(d, i + 1) ? "F" : NULL);
	/* Arnow should match Arnoff */
	if ((i == d->last && vowel(d, i - 1)) || at(d, i - 1, "EWSKI|EWSKY|OWSKI|OWSKY") ||
	    at(d, 0, "SCH")) {
		add(d, "", "F");
		return 1;
	}
	if (at(d, i, "WICZ|WITZ")) {	/* Polish: filipowicz */
		add(d, "TS", "FX");
		return 4;
	}
	return 1;
}

static int letter_x(struct dm *d, int i)
{
	/* French: breaux */
	if (!(i == d->last && (at(d, i - 3, "IAU|EAU") || at(d, i - 2, "AU|OU"))))
		add(d, "KS", NULL);
	return at(d, i + 1, "C|X") ? 2 : 1;
}

static int letter_z(struct dm *d, int i)
{
	if (ch(d, i + 1) == 'H') {	/* Chinese pinyin: zhao */
		add(d, "J", NULL);
		return 2;
	}
	if (at(d, i + 1, "ZO|ZI|ZA") || (d->slavo_germanic && i > 0 && ch(d, i - 1) != 'T'))
		add(d, "S", "TS");
	else
		add(d, "S", NULL);
	return ch(d, i + 1) == 'Z' ? 2 : 1;
}

/* A letter that is itself when single and doubled: add code, skip the double. */
static int plain(struct dm *d, int i, const char *code)
{
	add(d, code, NULL);
	return ch(d, i + 1) == d->w[i] ? 2 : 1;
}

/* Code the letter at i; returns how many letters that consumed. */
static int step(struct dm *d, int i)
{
	switch ((unsigned char)d->w[i]) {
	case 'A': case 'E': case 'I': case 'O': case 'U': case 'Y':
		if (i == 0)
			add(d, "A", NULL);	/* every initial vowel is A */
		return 1;
	case 'B':	/* -mb (dumb) was skipped with the m */
		return plain(d, i, "P");
	case 0xFF:	/* ç, kept by fold_utf8() */
		add(d, "S", NULL);
		return 1;
	case 'C':
		return letter_c(d, i);
	case 'D':
		return letter_d(d, i);
	case 'F':
		return plain(d, i, "F");
	case 'G':
		return letter_g(d, i);
	case 'H':
		/* Kept only first or between vowels, and before a vowel. */
		if ((i == 0 || vowel(d, i - 1)) && vowel(d, i + 1)) {
			add(d, "H", NULL);
			return 2;
		}
		return 1;
	case 'J':
		return letter_j(d, i);
	case 'K':
		return plain(d, i, "K");
	case 'L':
		return letter_l(d, i);
	case 'M':
		/* dumb, thumb, and the b of -umber */
		if (at(d, i - 1, "UMB") && (i + 1 == d->last || at(d, i + 2, "ER"))) {
			add(d, "M", NULL);
			return 2;
		}
		return plain(d, i, "M");
	case 'N':
		return plain(d, i, "N");
	case 'P':
		if (ch(d, i + 1) == 'H') {
			add(d, "F", NULL);
			return 2;
		}
		add(d, "P", NULL);
		return at(d, i + 1, "P|B") ? 2 : 1;	/* campbell, raspberry */
	case 'Q':
		add(d, "K", NULL);
		return ch(d, i + 1) == 'Q' ? 2 : 1;
	case 'R':
		/* French: rogier, but not Germanic hochmeier */
		if (i == d->last && !d->slavo_germanic && at(d, i - 2, "IE") &&
		    !at(d, i - 4, "ME|MA"))
			add(d, "", "R");
		else
			add(d, "R", NULL);
		return ch(d, i + 1) == 'R' ? 2 : 1;
	case 'S':
		return letter_s(d, i);
	case 'T':
		return letter_t(d, i);
	case 'V':
		add(d, "F", NULL);
		return ch(d, i + 1) == 'V' ? 2 : 1;
	case 'W':
		return letter_w(d, i);
	case 'X':
		return letter_x(d, i);
	case 'Z':
		return letter_z(d, i);
	default:	/* spaces, digits, other scripts */
		return 1;
	}
}

void dmetaphone(const char *s, size_t len, struct dmetaphone *out)
{
	struct dm d;
	int i = 0, k;

	d.len = (int)fold_utf8(s, len, d.w, DMETAPHONE_INPUT_MAX + 1, FOLD_CEDILLA, NULL);
	for (k = 0; k < d.len; k++)
		if (d.w[k] >= 'a' && d.w[k] <= 'z')
			d.w[k] = (char)(d.w[k] - 'a' + 'A');
	memset(d.w + d.len, ' ', PAD);
	d.w[d.len + PAD] = '\0';
	d.last = d.len - 1;
	d.slavo_germanic = memchr(d.w, 'W', (size_t)d.len) || memchr(d.w, 'K', (size_t)d.len) ||
			   strstr(d.w, "CZ");
	d.out = out;
	d.np = d.na = 0;

	if (at(&d, 0, "GN|KN|PN|WR|PS"))	/* silent at the start */
		i = 1;
	if (d.w[0] == 'X') {	/* an initial X sounds Z: Xavier */
		add(&d, "S", NULL);
		i = 1;
	}
	while ((d.np < DMETAPHONE_LEN || d.na < DMETAPHONE_LEN) && i < d.len)
		i += step(&d, i);
	out->primary[d.np] = '\0';
	out->alternate[d.na] = '\0';
}

int dmetaphone_match(const struct dmetaphone *a, const struct dmetaphone *b)
{
	if (a->primary[0] && !strcmp(a->primary, b->primary))
		return 2;
	if ((a->primary[0] && !strcmp(a->primary, b->alternate)) ||
	    (a->alternate[0] && !strcmp(a->alternate, b->primary)) ||
	    (a->alternate[0] && !strcmp(a->alternate, b->alternate)))
		return 1;
	return 0;
}
