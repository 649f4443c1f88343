/*
 * cluster.h: records into entities, from linked pairs, guarded.
 *
 * Plain connected components chain false merges: A links to B, B to C, and
 * A and C, who may be twins, end as one child although nothing said they
 * were.  So two clusters are joined only when every record of one is
 * compatible with every record of the other (the caller's test: in slds-link,
 * their match probability is at least the lower, review, threshold), and the
 * caller offers the linked pairs strongest first, so that the right edges
 * are taken before a weaker one could bridge two people.  A child has a
 * handful of records (one per school year and LEA), so the all-pairs test
 * costs little; a cluster that would pass max_size is not grown.
 */
#ifndef SLDS_CLUSTER_H
#define SLDS_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

/* 1 if records a and b may be one entity. */
typedef int (*cluster_compatible_fn)(void *ctx, uint32_t a, uint32_t b);

struct clusters {
	uint32_t *parent;		/* union-find, with path halving */
	uint32_t *next;			/* each cluster's members, a circular list */
	uint32_t *size;			/* at the root */
	size_t n;
};

#define CLUSTERS_INIT { NULL, NULL, NULL, 0 }

/* n records, each its own cluster. */
void clusters_init(struct clusters *c, size_t n);

/* The representative of a's cluster. */
uint32_t clusters_find(struct clusters *c, uint32_t a);

/*
 * Join the clusters of a and b: 1 if joined (or already one), 0 if refused:
 * some pair across them is not compatible (compatible may be NULL: always),
 * or the result would have more than max_size records.
 */
int clusters_join(struct clusters *c, uint32_t a, uint32_t b, size_t max_size,
		  cluster_compatible_fn compatible, void *ctx);

/*
 * Number the clusters 0, 1, 2... in the order of their first record: ids[i]
 * is record i's.  Returns the number of clusters.
 */
size_t clusters_number(struct clusters *c, uint32_t *ids);

void clusters_release(struct clusters *c);

#endif
