/*
 * level2.h: the Level 2 rules' look-ups in the registry and the warehouse.
 *
 * Before the records are checked, the keys each Level 2 rule needs are
 * read from the submission's canonical files, sent with one COPY into a
 * temporary table, and the rule's question is asked in one query; its
 * answers (the keys that break it, with what the database found) become
 * the rule's findings (rule_flag), which rulebook_check looks up per
 * record.  The database is only read.
 */
#ifndef SLDS_LEVEL2_H
#define SLDS_LEVEL2_H

#include "manifest.h"
#include "rules.h"

struct slds_error;

/*
 * Connect with conninfo (an empty string: libpq's defaults and PG*
 * variables), look up every active Level 2 rule of rb for the submission
 * whose canonical files are in input_dir, and set rb->level2.  0, or
 * SLDS_ERETRY / SLDS_EDB / an I/O error with err set.
 */
int level2_prepare(struct rulebook *rb, const char *conninfo, const char *input_dir,
		   const struct manifest *m, struct slds_error *err);

#endif
