/*
 * ssid.h: state student identifiers.
 *
 * An SSID is ten digits: nine that are a keyed permutation of a serial number
 * from the registry's sequence, and a Damm check digit, which catches every
 * single-digit error and every swap of adjacent digits.  The permutation makes
 * SSIDs non-sequential (they reveal nothing of the order students were first
 * seen) while the serial guarantees that none is ever issued twice.  The first
 * digit is never 0, so that spreadsheets do not strip it.  SSIDs carry no
 * personal information.
 */
#ifndef SLDS_SSID_H
#define SLDS_SSID_H

#include <stddef.h>
#include <stdint.h>

#define SSID_LEN 10
#define SSID_KEY_LEN 16
/* Serials run from 0 to SSID_MAX_SERIAL - 1. */
#define SSID_MAX_SERIAL 900000000ULL

/* The Damm check digit ('0'..'9') of n ASCII digits, or -1 if one is not a digit. */
int ssid_check_digit(const char *digits, size_t n);

/* 1 if s[0..len) is a well-formed SSID with a correct check digit. */
int ssid_is_valid(const char *s, size_t len);

/*
 * The SSID of a serial (0 <= serial < SSID_MAX_SERIAL) under a key, as ten
 * digits and a NUL.  A bijection for a fixed key: different serials never give
 * the same SSID.  Returns 0, or -1 if serial is out of range.
 */
int ssid_from_serial(uint64_t serial, const unsigned char key[SSID_KEY_LEN],
		     char out[SSID_LEN + 1]);

/* Parse 32 hex digits into a key.  0 or -1. */
int ssid_key_from_hex(const char *hex, unsigned char key[SSID_KEY_LEN]);

#endif
