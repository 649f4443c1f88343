/*
 * strset.c: an open-addressing hash set of byte strings with values.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "strset.h"
#include "banned.h"

static uint64_t fnv1a(const char *key, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static struct strset_slot *find(const struct strset *s, const char *key, size_t len,
				uint64_t h)
{
	size_t i;

	if (!s->cap)
		return NULL;
	for (i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		struct strset_slot *slot = &s->slots[i];

		if (!slot->key)
			return slot;
		if (slot->hash == h && slot->len == len &&
		    !memcmp(s->arena + slot->key - 1, key, len))
			return slot;
	}
}

static void grow(struct strset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 64, i;
	struct strset_slot *old = s->slots;
	size_t oldcap = s->cap;

	s->slots = xcalloc(cap, sizeof(*s->slots));
	s->cap = cap;
	for (i = 0; i < oldcap; i++) {
		size_t j;

		if (!old[i].key)
			continue;
		for (j = old[i].hash & (cap - 1); s->slots[j].key; j = (j + 1) & (cap - 1))
			;
		s->slots[j] = old[i];
	}
	free(old);
}

int strset_add(struct strset *s, const char *key, size_t len, uint64_t value, uint64_t *old)
{
	uint64_t h = fnv1a(key, len);
	struct strset_slot *slot;

	if ((s->count + 1) * 4 > s->cap * 3)
		grow(s);
	slot = find(s, key, len, h);
	if (slot->key) {
		if (old)
			*old = slot->value;
		return 0;
	}
	if (s->arena_len + len + 1 > s->arena_cap) {
		size_t cap = s->arena_cap ? s->arena_cap * 2 : 4096;

		while (cap < s->arena_len + len + 1)
			cap *= 2;
		s->arena = xrealloc(s->arena, cap);
		s->arena_cap = cap;
	}
	memcpy(s->arena + s->arena_len, key, len);
	s->arena[s->arena_len + len] = '\0';
	slot->hash = h;
	slot->key = s->arena_len + 1;
	slot->len = len;
	slot->value = value;
	s->arena_len += len + 1;
	s->count++;
	return 1;
}

int strset_get(const struct strset *s, const char *key, size_t len, uint64_t *value)
{
	struct strset_slot *slot = find(s, key, len, fnv1a(key, len));

	if (!slot || !slot->key)
		return 0;
	if (value)
		*value = slot->value;
	return 1;
}

int strset_set(struct strset *s, const char *key, size_t len, uint64_t value)
{
	struct strset_slot *slot = find(s, key, len, fnv1a(key, len));

	if (!slot || !slot->key)
		return -1;
	slot->value = value;
	return 0;
}

void strset_release(struct strset *s)
{
	free(s->slots);
	free(s->arena);
	memset(s, 0, sizeof(*s));
}
