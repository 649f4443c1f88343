/*
 * strset.h: a set of byte strings, optionally mapping each to a value.
 *
 * Open addressing with linear probing and FNV-1a hashes; the keys are copied
 * into one arena, so a set of millions of short keys costs little more than
 * the keys themselves.  Used for local IDs seen in a submission and for the
 * (LEA, local ID) to SSID map of slds-match.
 */
#ifndef SLDS_STRSET_H
#define SLDS_STRSET_H

#include <stddef.h>
#include <stdint.h>

struct strset_slot {
	uint64_t hash;
	size_t key;		/* offset of the key in the arena, + 1; 0 = empty */
	size_t len;
	uint64_t value;
};

struct strset {
	struct strset_slot *slots;
	size_t cap;		/* a power of two */
	size_t count;
	char *arena;
	size_t arena_len, arena_cap;
};

#define STRSET_INIT { NULL, 0, 0, NULL, 0, 0 }

/*
 * Add a key with a value.  Returns 1 if it was added, 0 if it was already
 * there (its value is left unchanged and stored in *old if old is not NULL).
 */
int strset_add(struct strset *s, const char *key, size_t len, uint64_t value, uint64_t *old);
/* 1 and the value in *value (if not NULL) when the key is present, else 0. */
int strset_get(const struct strset *s, const char *key, size_t len, uint64_t *value);
/* Replace the value of a present key; 0, or -1 if absent. */
int strset_set(struct strset *s, const char *key, size_t len, uint64_t value);
void strset_release(struct strset *s);

#endif
