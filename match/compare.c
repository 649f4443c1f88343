/*
 * compare.c: field comparisons of the identity engine: name keys, compound
 * names, Jaro-Winkler, swapped names, birth-date levels.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "parse.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The ASCII letters of U+00C0..U+024F (Latin-1 Supplement letters, Latin
 * Extended-A and -B) and of U+1E00..U+1EFF (Latin Extended Additional, where
 * Vietnamese lives), lower case.  Written for slds: each letter's base letter
 * from its Unicode canonical decomposition, and by hand for the letters that
 * have none (ß ss, æ ae, ø o, ł l, đ d, ð d, þ th, ħ h, ı i, ŋ n, œ oe,
 * ŧ t, ƒ f...).  "" keeps the character as it is: letters with no Latin
 * reading (ezh, yogh, the click letters); " " (× and ÷) separates words.
 */
static const char latin_fold[0x250 - 0xC0][3] = {
	"a", "a", "a", "a", "a", "a", "ae", "c",	/* 00C0: À Á Â Ã Ä Å Æ Ç */
	"e", "e", "e", "e", "i", "i", "i", "i",	/* 00C8: È É Ê Ë Ì Í Î Ï */
	"d", "n", "o", "o", "o", "o", "o", " ",	/* 00D0: Ð Ñ Ò Ó Ô Õ Ö × */
	"o", "u", "u", "u", "u", "y", "th", "ss",	/* 00D8: Ø Ù Ú Û Ü Ý Þ ß */
	"a", "a", "a", "a", "a", "a", "ae", "c",	/* 00E0: à á â ã ä å æ ç */
	"e", "e", "e", "e", "i", "i", "i", "i",	/* 00E8: è é ê ë ì í î ï */
	"d", "n", "o", "o", "o", "o", "o", " ",	/* 00F0: ð ñ ò ó ô õ ö ÷ */
	"o", "u", "u", "u", "u", "y", "th", "y",	/* 00F8: ø ù ú û ü ý þ ÿ */
	"a", "a", "a", "a", "a", "a", "c", "c",	/* 0100: Ā ā Ă ă Ą ą Ć ć */
	"c", "c", "c", "c", "c", "c", "d", "d",	/* 0108: Ĉ ĉ Ċ ċ Č č Ď ď */
	"d", "d", "e", "e", "e", "e", "e", "e",	/* 0110: Đ đ Ē ē Ĕ ĕ Ė ė */
	"e", "e", "e", "e", "g", "g", "g", "g",	/* 0118: Ę ę Ě ě Ĝ ĝ Ğ ğ */
	"g", "g", "g", "g", "h", "h", "h", "h",	/* 0120: Ġ ġ Ģ ģ Ĥ ĥ Ħ ħ */
	"i", "i", "i", "i", "i", "i", "i", "i",	/* 0128: Ĩ ĩ Ī ī Ĭ ĭ Į į */
	"i", "i", "ij", "ij", "j", "j", "k", "k",	/* 0130: İ ı Ĳ ĳ Ĵ ĵ Ķ ķ */
	"k", "l", "l", "l", "l", "l", "l", "l",	/* 0138: ĸ Ĺ ĺ Ļ ļ Ľ ľ Ŀ */
	"l", "l", "l", "n", "n", "n", "n", "n",	/* 0140: ŀ Ł ł Ń ń Ņ ņ Ň */
	"n", "n", "n", "n", "o", "o", "o", "o",	/* 0148: ň ŉ Ŋ ŋ Ō ō Ŏ ŏ */
	"o", "o", "oe", "oe", "r", "r", "r", "r",	/* 0150: Ő ő Œ œ Ŕ ŕ Ŗ ŗ */
	"r", "r", "s", "s", "s", "s", "s", "s",	/* 0158: Ř ř Ś ś Ŝ ŝ Ş ş */
	"s", "s", "t", "t", "t", "t", "t", "t",	/* 0160: Š š Ţ ţ Ť ť Ŧ ŧ */
	"u", "u", "u", "u", "u", "u", "u", "u",	/* 0168: Ũ ũ Ū ū Ŭ ŭ Ů ů */
	"u", "u", "u", "u", "w", "w", "y", "y",	/* 0170: Ű ű Ų ų Ŵ ŵ Ŷ ŷ */
	"y", "z", "z", "z", "z", "z", "z", "s",	/* 0178: Ÿ Ź ź Ż ż Ž ž ſ */
	"b", "b", "b", "b", "", "", "o", "c",	/* 0180: ƀ Ɓ Ƃ ƃ Ƅ ƅ Ɔ Ƈ */
	"c", "d", "d", "d", "d", "", "e", "e",	/* 0188: ƈ Ɖ Ɗ Ƌ ƌ ƍ Ǝ Ə */
	"e", "f", "f", "g", "", "hv", "i", "i",	/* 0190: Ɛ Ƒ ƒ Ɠ Ɣ ƕ Ɩ Ɨ */
	"k", "k", "l", "", "m", "n", "n", "o",	/* 0198: Ƙ ƙ ƚ ƛ Ɯ Ɲ ƞ Ɵ */
	"o", "o", "oi", "oi", "p", "p", "r", "",	/* 01A0: Ơ ơ Ƣ ƣ Ƥ ƥ Ʀ Ƨ */
	"", "", "", "t", "t", "t", "t", "u",	/* 01A8: ƨ Ʃ ƪ ƫ Ƭ ƭ Ʈ Ư */
	"u", "", "v", "y", "y", "z", "z", "",	/* 01B0: ư Ʊ Ʋ Ƴ ƴ Ƶ ƶ Ʒ */
	"", "", "", "", "", "", "", "",	/* 01B8: Ƹ ƹ ƺ ƻ Ƽ ƽ ƾ ƿ */
	"", "", "", "", "dz", "dz", "dz", "lj",	/* 01C0: ǀ ǁ ǂ ǃ Ǆ ǅ ǆ Ǉ */
	"lj", "lj", "nj", "nj", "nj", "a", "a", "i",	/* 01C8: ǈ ǉ Ǌ ǋ ǌ Ǎ ǎ Ǐ */
	"i", "o", "o", "u", "u", "u", "u", "u",	/* 01D0: ǐ Ǒ ǒ Ǔ ǔ Ǖ ǖ Ǘ */
	"u", "u", "u", "u", "u", "e", "a", "a",	/* 01D8: ǘ Ǚ ǚ Ǜ ǜ ǝ Ǟ ǟ */
	"a", "a", "ae", "ae", "g", "g", "g", "g",	/* 01E0: Ǡ ǡ Ǣ ǣ Ǥ ǥ Ǧ ǧ */
	"k", "k", "o", "o", "o", "o", "", "",	/* 01E8: Ǩ ǩ Ǫ ǫ Ǭ ǭ Ǯ ǯ */
	"j", "dz", "dz", "dz", "g", "g", "hv", "",	/* 01F0: ǰ Ǳ ǲ ǳ Ǵ ǵ Ƕ Ƿ */
	"n", "n", "a", "a", "ae", "ae", "o", "o",	/* 01F8: Ǹ ǹ Ǻ ǻ Ǽ ǽ Ǿ ǿ */
	"a", "a", "a", "a", "e", "e", "e", "e",	/* 0200: Ȁ ȁ Ȃ ȃ Ȅ ȅ Ȇ ȇ */
	"i", "i", "i", "i", "o", "o", "o", "o",	/* 0208: Ȉ ȉ Ȋ ȋ Ȍ ȍ Ȏ ȏ */
	"r", "r", "r", "r", "u", "u", "u", "u",	/* 0210: Ȑ ȑ Ȓ ȓ Ȕ ȕ Ȗ ȗ */
	"s", "s", "t", "t", "", "", "h", "h",	/* 0218: Ș ș Ț ț Ȝ ȝ Ȟ ȟ */
	"n", "d", "ou", "ou", "z", "z", "a", "a",	/* 0220: Ƞ ȡ Ȣ ȣ Ȥ ȥ Ȧ ȧ */
	"e", "e", "o", "o", "o", "o", "o", "o",	/* 0228: Ȩ ȩ Ȫ ȫ Ȭ ȭ Ȯ ȯ */
	"o", "o", "y", "y", "l", "n", "t", "j",	/* 0230: Ȱ ȱ Ȳ ȳ ȴ ȵ ȶ ȷ */
	"db", "qp", "a", "c", "c", "l", "t", "s",	/* 0238: ȸ ȹ Ⱥ Ȼ ȼ Ƚ Ⱦ ȿ */
	"z", "", "", "b", "u", "v", "e", "e",	/* 0240: ɀ Ɂ ɂ Ƀ Ʉ Ʌ Ɇ ɇ */
	"j", "j", "q", "q", "r", "r", "y", "y",	/* 0248: Ɉ ɉ Ɋ ɋ Ɍ ɍ Ɏ ɏ */
};

static const char latin_additional_fold[0x100][3] = {
	"a", "a", "b", "b", "b", "b", "b", "b",	/* 1E00: Ḁ ḁ Ḃ ḃ Ḅ ḅ Ḇ ḇ */
	"c", "c", "d", "d", "d", "d", "d", "d",	/* 1E08: Ḉ ḉ Ḋ ḋ Ḍ ḍ Ḏ ḏ */
	"d", "d", "d", "d", "e", "e", "e", "e",	/* 1E10: Ḑ ḑ Ḓ ḓ Ḕ ḕ Ḗ ḗ */
	"e", "e", "e", "e", "e", "e", "f", "f",	/* 1E18: Ḙ ḙ Ḛ ḛ Ḝ ḝ Ḟ ḟ */
	"g", "g", "h", "h", "h", "h", "h", "h",	/* 1E20: Ḡ ḡ Ḣ ḣ Ḥ ḥ Ḧ ḧ */
	"h", "h", "h", "h", "i", "i", "i", "i",	/* 1E28: Ḩ ḩ Ḫ ḫ Ḭ ḭ Ḯ ḯ */
	"k", "k", "k", "k", "k", "k", "l", "l",	/* 1E30: Ḱ ḱ Ḳ ḳ Ḵ ḵ Ḷ ḷ */
	"l", "l", "l", "l", "l", "l", "m", "m",	/* 1E38: Ḹ ḹ Ḻ ḻ Ḽ ḽ Ḿ ḿ */
	"m", "m", "m", "m", "n", "n", "n", "n",	/* 1E40: Ṁ ṁ Ṃ ṃ Ṅ ṅ Ṇ ṇ */
	"n", "n", "n", "n", "o", "o", "o", "o",	/* 1E48: Ṉ ṉ Ṋ ṋ Ṍ ṍ Ṏ ṏ */
	"o", "o", "o", "o", "p", "p", "p", "p",	/* 1E50: Ṑ ṑ Ṓ ṓ Ṕ ṕ Ṗ ṗ */
	"r", "r", "r", "r", "r", "r", "r", "r",	/* 1E58: Ṙ ṙ Ṛ ṛ Ṝ ṝ Ṟ ṟ */
	"s", "s", "s", "s", "s", "s", "s", "s",	/* 1E60: Ṡ ṡ Ṣ ṣ Ṥ ṥ Ṧ ṧ */
	"s", "s", "t", "t", "t", "t", "t", "t",	/* 1E68: Ṩ ṩ Ṫ ṫ Ṭ ṭ Ṯ ṯ */
	"t", "t", "u", "u", "u", "u", "u", "u",	/* 1E70: Ṱ ṱ Ṳ ṳ Ṵ ṵ Ṷ ṷ */
	"u", "u", "u", "u", "v", "v", "v", "v",	/* 1E78: Ṹ ṹ Ṻ ṻ Ṽ ṽ Ṿ ṿ */
	"w", "w", "w", "w", "w", "w", "w", "w",	/* 1E80: Ẁ ẁ Ẃ ẃ Ẅ ẅ Ẇ ẇ */
	"w", "w", "x", "x", "x", "x", "y", "y",	/* 1E88: Ẉ ẉ Ẋ ẋ Ẍ ẍ Ẏ ẏ */
	"z", "z", "z", "z", "z", "z", "h", "t",	/* 1E90: Ẑ ẑ Ẓ ẓ Ẕ ẕ ẖ ẗ */
	"w", "y", "a", "s", "s", "s", "ss", "",	/* 1E98: ẘ ẙ ẚ ẛ ẜ ẝ ẞ ẟ */
	"a", "a", "a", "a", "a", "a", "a", "a",	/* 1EA0: Ạ ạ Ả ả Ấ ấ Ầ ầ */
	"a", "a", "a", "a", "a", "a", "a", "a",	/* 1EA8: Ẩ ẩ Ẫ ẫ Ậ ậ Ắ ắ */
	"a", "a", "a", "a", "a", "a", "a", "a",	/* 1EB0: Ằ ằ Ẳ ẳ Ẵ ẵ Ặ ặ */
	"e", "e", "e", "e", "e", "e", "e", "e",	/* 1EB8: Ẹ ẹ Ẻ ẻ Ẽ ẽ Ế ế */
	"e", "e", "e", "e", "e", "e", "e", "e",	/* 1EC0: Ề ề Ể ể Ễ ễ Ệ ệ */
	"i", "i", "i", "i", "o", "o", "o", "o",	/* 1EC8: Ỉ ỉ Ị ị Ọ ọ Ỏ ỏ */
	"o", "o", "o", "o", "o", "o", "o", "o",	/* 1ED0: Ố ố Ồ ồ Ổ ổ Ỗ ỗ */
	"o", "o", "o", "o", "o", "o", "o", "o",	/* 1ED8: Ộ ộ Ớ ớ Ờ ờ Ở ở */
	"o", "o", "o", "o", "u", "u", "u", "u",	/* 1EE0: Ỡ ỡ Ợ ợ Ụ ụ Ủ ủ */
	"u", "u", "u", "u", "u", "u", "u", "u",	/* 1EE8: Ứ ứ Ừ ừ Ử ử Ữ ữ */
	"u", "u", "y", "y", "y", "y", "y", "y",	/* 1EF0: Ự ự Ỳ ỳ Ỵ ỵ Ỷ ỷ */
	"y", "y", "ll", "ll", "v", "v", "y", "y",	/* 1EF8: Ỹ ỹ Ỻ ỻ Ỽ ỽ Ỿ ỿ */
};

enum fold_kind {
	FOLD_KEEP,	/* the character's bytes, unchanged */
	FOLD_DROP,	/* nothing: apostrophes, periods, combining accents */
	FOLD_SEP,	/* a word separator */
	FOLD_TO		/* the ASCII bytes given */
};

/*
 * Decode the UTF-8 character at s (len > 0 bytes available): its length and
 * code point, or 0 if s does not start a valid, shortest-form sequence of a
 * scalar value.
 */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xC2)	/* a continuation byte, or an overlong lead */
		return 0;
	if (s[0] < 0xE0) {
		n = 2;
		c = s[0] & 0x1F;
	} else if (s[0] < 0xF0) {
		n = 3;
		c = s[0] & 0x0F;
	} else if (s[0] < 0xF5) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

static enum fold_kind fold_table(const char *entry, const char **to, size_t *tolen)
{
	if (!entry[0])
		return FOLD_KEEP;
	if (entry[0] == ' ')
		return FOLD_SEP;
	*to = entry;
	*tolen = entry[1] ? 2 : 1;
	return FOLD_TO;
}

/* What a character folds to: ASCII (below 0x80) and beyond. */
static enum fold_kind fold_cp(uint32_t cp, unsigned flags, const char **to, size_t *tolen)
{
	static const char ascii[] = "abcdefghijklmnopqrstuvwxyz0123456789";

	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z') {
			*to = ascii + (cp - 'A');
		} else if (cp >= 'a' && cp <= 'z') {
			*to = ascii + (cp - 'a');
		} else if (cp >= '0' && cp <= '9') {
			*to = ascii + 26 + (cp - '0');
		} else {
			return cp == '\'' || cp == '.' || cp == '`' ? FOLD_DROP : FOLD_SEP;
		}
		*tolen = 1;
		return FOLD_TO;
	}
	if (cp >= 0xC0 && cp < 0x250) {
		if ((cp == 0xC7 || cp == 0xE7) && (flags & FOLD_CEDILLA)) {
			*to = "\xFF";
			*tolen = 1;
			return FOLD_TO;
		}
		return fold_table(latin_fold[cp - 0xC0], to, tolen);
	}
	if (cp >= 0x1E00 && cp < 0x1F00)
		return fold_table(latin_additional_fold[cp - 0x1E00], to, tolen);
	if (cp >= 0x300 && cp < 0x370)
		return FOLD_DROP;	/* combining diacritical marks */
	/* Fullwidth letters and digits, as East Asian input methods type them. */
	if (cp >= 0xFF21 && cp <= 0xFF3A)
		return fold_cp(cp - 0xFF21 + 'a', flags, to, tolen);
	if (cp >= 0xFF41 && cp <= 0xFF5A)
		return fold_cp(cp - 0xFF41 + 'a', flags, to, tolen);
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return fold_cp(cp - 0xFF10 + '0', flags, to, tolen);
	switch (cp) {
	case 0xAA:	/* ª */
		return fold_cp('a', flags, to, tolen);
	case 0xBA:	/* º */
		return fold_cp('o', flags, to, tolen);
	case 0xAD:	/* soft hyphen: invisible */
	case 0xB4:	/* acute accent, typed for an apostrophe */
	case 0x2B9: case 0x2BB: case 0x2BC: case 0x2BE: case 0x2BF:
	case 0x2018: case 0x2019: case 0x201B: case 0x2032:
	case 0x200B: case 0x200C: case 0x200D: case 0x200E: case 0x200F:	/* invisible */
	case 0x2060: case 0xFEFF:
	case 0xFF07: case 0xFF0E:	/* fullwidth apostrophe and period */
		return FOLD_DROP;
	default:
		break;
	}
	/*
	 * Latin-1's other symbols and controls, spaces, dashes and fullwidth
	 * punctuation separate words; any other character is kept.
	 */
	if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x2015) || cp == 0x202F || cp == 0x205F ||
	    cp == 0x2212 || cp == 0x3000 || cp == 0x1680 || (cp >= 0xFF01 && cp <= 0xFF5E))
		return FOLD_SEP;
	return FOLD_KEEP;
}

size_t fold_utf8(const char *s, size_t len, char *out, size_t size, unsigned flags, int *cut)
{
	const unsigned char *p = (const unsigned char *)s, *end;
	size_t n = 0, cap = size - 1;
	int sep = 0;

	if (cut)
		*cut = 0;
	if (!len) {	/* s may then be NULL, and NULL + 0 is not C */
		out[0] = '\0';
		return 0;
	}
	end = p + len;
	while (p < end) {
		uint32_t cp;
		size_t clen = utf8_decode(p, (size_t)(end - p), &cp), tolen = 0;
		const char *to = NULL;

		if (!clen) {
			p++;	/* invalid: drop the byte, resynchronise on the next */
			continue;
		}
		switch (fold_cp(cp, flags, &to, &tolen)) {
		case FOLD_DROP:
			p += clen;
			continue;
		case FOLD_SEP:
			sep = 1;
			p += clen;
			continue;
		case FOLD_KEEP:
			to = (const char *)p;
			tolen = clen;
			break;
		case FOLD_TO:
			break;
		}
		/*
		 * Whole characters only: stop at the first that does not fit, so
		 * that a cut key is a prefix of the whole one.
		 */
		if (n + (sep && n) + tolen > cap) {
			if (cut)
				*cut = 1;
			break;
		}
		if (sep && n)
			out[n++] = ' ';
		sep = 0;
		memcpy(out + n, to, tolen);
		n += tolen;
		p += clen;
	}
	out[n] = '\0';
	return n;
}

int name_fold(const char *s, size_t len, struct name_key *key)
{
	int cut;

	key->len = (uint8_t)fold_utf8(s, len, key->s, sizeof(key->s), 0, &cut);
	return cut;
}

/* Compound names */

static int is_particle(const char *w, size_t len)
{
	static const char *const particles[] = {
		"da", "das", "de", "del", "della", "den", "der", "des", "di", "dos", "du",
		"la", "las", "le", "les", "lo", "los", "mac", "mc", "o", "san", "santa",
		"st", "ste", "ten", "ter", "van", "von",
	};
	size_t i;

	for (i = 0; i < N(particles); i++)
		if (strlen(particles[i]) == len && !memcmp(particles[i], w, len))
			return 1;
	return 0;
}

void name_tokens(const struct name_key *key, struct name_tokens *out)
{
	struct {
		uint8_t off, len;
	} w[NAME_KEY_MAX / 2 + 1];
	size_t nw = 0, i, n = 0;

	/* The words: a key has single spaces between them and none at the ends. */
	for (i = 0; i < key->len; i++) {
		size_t start = i;

		while (i < key->len && key->s[i] != ' ')
			i++;
		w[nw].off = (uint8_t)start;
		w[nw].len = (uint8_t)(i - start);
		nw++;
	}
	out->n = 0;
	for (i = 0; i < nw && out->n < NAME_TOKENS_MAX;) {
		struct name_token *t;

		if (i > 0 && i + 1 < nw && w[i].len == 1 && key->s[w[i].off] == 'y') {
			i++;	/* "García y López": the conjunction */
			continue;
		}
		t = &out->tok[out->n++];
		t->off = (uint8_t)n;
		t->core = 0;
		for (; i + 1 < nw && is_particle(key->s + w[i].off, w[i].len); i++) {
			memcpy(out->s + n, key->s + w[i].off, w[i].len);
			n += w[i].len;
			t->core = (uint8_t)(t->core + w[i].len);
		}
		memcpy(out->s + n, key->s + w[i].off, w[i].len);
		n += w[i].len;
		t->len = (uint8_t)(n - t->off);
		i++;
	}
	out->s[n] = '\0';
}

static int bytes_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && !memcmp(a, b, alen);
}

int surname_parts_match(const struct name_tokens *a, const struct name_tokens *b)
{
	unsigned i, j;

	for (i = 0; i < a->n; i++) {
		const struct name_token *x = &a->tok[i];

		for (j = 0; j < b->n; j++) {
			const struct name_token *y = &b->tok[j];

			if (bytes_eq(a->s + x->off, x->len, b->s + y->off, y->len) ||
			    bytes_eq(a->s + x->off + x->core, (size_t)(x->len - x->core),
				     b->s + y->off + y->core, (size_t)(y->len - y->core)))
				return 1;
		}
	}
	return 0;
}

static int key_eq(const struct name_key *a, const struct name_key *b)
{
	return bytes_eq(a->s, a->len, b->s, b->len);
}

int names_swapped(const struct name_key *first1, const struct name_key *last1,
		  const struct name_key *first2, const struct name_key *last2)
{
	if (!first1->len || !last1->len || !first2->len || !last2->len)
		return 0;
	if (key_eq(first1, first2) && key_eq(last1, last2))
		return 0;
	return key_eq(first1, last2) && key_eq(last1, first2);
}

/* Jaro-Winkler */

double jaro(const char *a, size_t alen, const char *b, size_t blen)
{
	uint64_t bmatch[JARO_MAX / 64] = { 0 };	/* which bytes of b are matched */
	char amatched[JARO_MAX];		/* a's matched bytes, in a's order */
	size_t window, i, j, w, m = 0, t = 0;
	int cmp;

	if (alen > JARO_MAX)
		alen = JARO_MAX;
	if (blen > JARO_MAX)
		blen = JARO_MAX;
	if (!alen || !blen)
		return alen == blen ? 1.0 : 0.0;
	cmp = alen == blen ? memcmp(a, b, alen) : 0;
	if (alen == blen && !cmp)
		return 1.0;
	/*
	 * Matching is greedy, left to right, so it can pair characters
	 * differently depending on which string leads.  Always lead with the
	 * shorter (the lesser bytes when as long) and the result is symmetric.
	 */
	if (alen > blen || cmp > 0) {
		const char *s = a;
		size_t l = alen;

		a = b;
		alen = blen;
		b = s;
		blen = l;
	}
	window = blen / 2 > 0 ? blen / 2 - 1 : 0;
	for (i = 0; i < alen; i++) {
		size_t lo = i > window ? i - window : 0;
		size_t hi = i + window + 1 < blen ? i + window + 1 : blen;

		for (j = lo; j < hi; j++) {
			if (a[i] == b[j] && !(bmatch[j / 64] >> (j % 64) & 1)) {
				bmatch[j / 64] |= (uint64_t)1 << (j % 64);
				amatched[m++] = a[i];
				break;
			}
		}
	}
	if (!m)
		return 0.0;
	/*
	 * Matched bytes out of order: b's in b's order against a's in a's.
	 * Like strcmp95, count whole pairs (t / 2, rounded down).
	 */
	for (w = 0, i = 0; w < JARO_MAX / 64; w++) {
		uint64_t bits = bmatch[w];

		for (; bits; bits &= bits - 1)
			t += b[w * 64 + (size_t)__builtin_ctzll(bits)] != amatched[i++];
	}
	t /= 2;
	return ((double)m / (double)alen + (double)m / (double)blen +
		(double)(m - t) / (double)m) / 3.0;
}

double jaro_winkler(const char *a, size_t alen, const char *b, size_t blen)
{
	double j = jaro(a, alen, b, blen);
	size_t l = 0;

	if (j <= 0.7)
		return j;
	while (l < 4 && l < alen && l < blen && a[l] == b[l])
		l++;
	return j + (double)l * 0.1 * (1.0 - j);
}

int one_edit_apart(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0;

	if (alen > blen)
		return one_edit_apart(b, blen, a, alen);
	if (blen - alen > 1)
		return 0;
	while (i < alen && a[i] == b[i])
		i++;
	if (alen < blen)	/* b has one byte more, at i */
		return !memcmp(a + i, b + i + 1, alen - i);
	if (i == alen)
		return 0;	/* equal */
	if (!memcmp(a + i + 1, b + i + 1, alen - i - 1))
		return 1;	/* one substituted */
	return i + 1 < alen && a[i] == b[i + 1] && a[i + 1] == b[i] &&
	       !memcmp(a + i + 2, b + i + 2, alen - i - 2);
}

/* Birth dates */

/* How many of the eight digits of YYYYMMDD differ. */
static int digits_differ(const struct date *a, const struct date *b)
{
	int x = a->year * 10000 + a->month * 100 + a->day;
	int y = b->year * 10000 + b->month * 100 + b->day;
	int i, n = 0;

	for (i = 0; i < 8; i++, x /= 10, y /= 10)
		n += x % 10 != y % 10;
	return n;
}

enum date_level date_compare_level(const struct date *a, const struct date *b)
{
	if (!date_is_valid(a) || !date_is_valid(b))
		return DATE_LEVEL_INVALID;
	if (a->year == b->year && a->month == b->month && a->day == b->day)
		return DATE_LEVEL_EXACT;
	/* Both valid, so a->day == b->month and b->day == a->month are at most 12. */
	if (a->year == b->year && a->day == b->month && a->month == b->day)
		return DATE_LEVEL_SWAPPED;
	if (digits_differ(a, b) == 1)
		return DATE_LEVEL_ONE_DIGIT;
	if (abs(a->year - b->year) == 1 && a->month == b->month && a->day == b->day)
		return DATE_LEVEL_YEAR_OFF;
	if (a->year == b->year)
		return DATE_LEVEL_SAME_YEAR;
	return DATE_LEVEL_OTHER;
}

const char *date_level_name(enum date_level level)
{
	static const char *const names[] = {
		"exact", "swapped", "one_digit", "year_off", "same_year", "other", "invalid",
	};

	return (unsigned)level < N(names) ? names[level] : "unknown";
}
