/*
 * ssid.c: SSID check digits and the keyed permutation that turns registry
 * serial numbers into SSIDs.
 *
 * The permutation is a four-round Feistel network over 30-bit values (two
 * 15-bit halves) with cycle walking: values at or above SSID_MAX_SERIAL are
 * encrypted again until they fall inside the domain, which keeps it a
 * bijection on [0, SSID_MAX_SERIAL).  The result plus 100000000 gives nine
 * digits without a leading zero.  The round function mixes the key with
 * SplitMix64's finaliser: this is for unlinkability from enrolment order, not
 * for secrecy against someone holding the registry.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ssid.h"
#include "banned.h"

/* Damm's totally anti-symmetric quasigroup of order 10. */
static const unsigned char damm[10][10] = {
	{ 0, 3, 1, 7, 5, 9, 8, 6, 4, 2 },
	{ 7, 0, 9, 2, 1, 5, 4, 8, 6, 3 },
	{ 4, 2, 0, 6, 8, 7, 1, 3, 5, 9 },
	{ 1, 7, 5, 0, 9, 8, 3, 4, 2, 6 },
	{ 6, 1, 2, 3, 0, 4, 5, 9, 7, 8 },
	{ 3, 6, 7, 4, 2, 0, 9, 5, 8, 1 },
	{ 5, 8, 6, 9, 7, 2, 0, 1, 3, 4 },
	{ 8, 9, 4, 5, 3, 6, 2, 0, 1, 7 },
	{ 9, 4, 3, 8, 6, 1, 7, 2, 0, 5 },
	{ 2, 5, 8, 1, 4, 3, 6, 7, 9, 0 },
};

int ssid_check_digit(const char *digits, size_t n)
{
	unsigned interim = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (digits[i] < '0' || digits[i] > '9')
			return -1;
		interim = damm[interim][digits[i] - '0'];
	}
	return (int)('0' + interim);
}

int ssid_is_valid(const char *s, size_t len)
{
	int check;

	if (len != SSID_LEN || s[0] == '0')
		return 0;
	/* -1 (a non-digit) must not compare equal to a 0xFF byte where char is signed. */
	check = ssid_check_digit(s, SSID_LEN - 1);
	return check >= 0 && check == (unsigned char)s[SSID_LEN - 1];
}

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#define HALF_BITS 15
#define HALF_MASK ((1u << HALF_BITS) - 1)
#define ROUNDS 4

static uint32_t feistel(uint32_t v, const uint64_t k[2])
{
	uint32_t l = v >> HALF_BITS, r = v & HALF_MASK;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		uint64_t f = mix64(k[i & 1] ^ ((uint64_t)i << 56) ^ r);
		uint32_t t = r;

		r = l ^ (uint32_t)(f & HALF_MASK);
		l = t;
	}
	return (l << HALF_BITS) | r;
}

int ssid_from_serial(uint64_t serial, const unsigned char key[SSID_KEY_LEN],
		     char out[SSID_LEN + 1])
{
	uint64_t k[2] = { 0, 0 };
	uint32_t v;
	uint64_t body;
	int i, check;

	if (serial >= SSID_MAX_SERIAL)
		return -1;
	for (i = 0; i < 8; i++) {
		k[0] = (k[0] << 8) | key[i];
		k[1] = (k[1] << 8) | key[8 + i];
	}
	v = (uint32_t)serial;
	do
		v = feistel(v, k);
	while (v >= SSID_MAX_SERIAL);

	body = 100000000ULL + v;
	for (i = 8; i >= 0; i--) {
		out[i] = (char)('0' + body % 10);
		body /= 10;
	}
	check = ssid_check_digit(out, SSID_LEN - 1);
	out[SSID_LEN - 1] = (char)check;
	out[SSID_LEN] = '\0';
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int ssid_key_from_hex(const char *hex, unsigned char key[SSID_KEY_LEN])
{
	size_t i;

	if (strlen(hex) != 2 * SSID_KEY_LEN)
		return -1;
	for (i = 0; i < SSID_KEY_LEN; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}
