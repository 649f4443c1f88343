/*
 * cluster.c: guarded connected components (cluster.h).
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cluster.h"
#include "banned.h"

void clusters_init(struct clusters *c, size_t n)
{
	size_t i;

	c->parent = xmallocarray(n ? n : 1, sizeof(*c->parent));
	c->next = xmallocarray(n ? n : 1, sizeof(*c->next));
	c->size = xmallocarray(n ? n : 1, sizeof(*c->size));
	c->n = n;
	for (i = 0; i < n; i++) {
		c->parent[i] = c->next[i] = (uint32_t)i;
		c->size[i] = 1;
	}
}

uint32_t clusters_find(struct clusters *c, uint32_t a)
{
	while (c->parent[a] != a) {
		c->parent[a] = c->parent[c->parent[a]];
		a = c->parent[a];
	}
	return a;
}

int clusters_join(struct clusters *c, uint32_t a, uint32_t b, size_t max_size,
		  cluster_compatible_fn compatible, void *ctx)
{
	uint32_t ra = clusters_find(c, a), rb = clusters_find(c, b), x, y, t;

	if (ra == rb)
		return 1;
	if ((size_t)c->size[ra] + c->size[rb] > max_size)
		return 0;
	if (compatible) {
		x = ra;
		do {
			y = rb;
			do {
				if (!compatible(ctx, x, y))
					return 0;
				y = c->next[y];
			} while (y != rb);
			x = c->next[x];
		} while (x != ra);
	}
	if (c->size[ra] < c->size[rb]) {
		t = ra;
		ra = rb;
		rb = t;
	}
	c->parent[rb] = ra;
	c->size[ra] += c->size[rb];
	/* Splice the two circular lists into one. */
	t = c->next[ra];
	c->next[ra] = c->next[rb];
	c->next[rb] = t;
	return 1;
}

size_t clusters_number(struct clusters *c, uint32_t *ids)
{
	size_t i, k = 0;
	uint32_t *root_id = xmallocarray(c->n ? c->n : 1, sizeof(*root_id));

	for (i = 0; i < c->n; i++)
		root_id[i] = UINT32_MAX;
	for (i = 0; i < c->n; i++) {
		uint32_t r = clusters_find(c, (uint32_t)i);

		if (root_id[r] == UINT32_MAX)
			root_id[r] = (uint32_t)k++;
		ids[i] = root_id[r];
	}
	free(root_id);
	return k;
}

void clusters_release(struct clusters *c)
{
	free(c->parent);
	free(c->next);
	free(c->size);
	memset(c, 0, sizeof(*c));
}
