/*
 * edfi_map.h: the table that turns Ed-Fi descriptor values into the catalog's
 * codes.
 *
 * An Ed-Fi descriptor value is a URI, a namespace and a code value:
 * "uri://ed-fi.org/GradeLevelDescriptor#Fifth grade".  The state decides what
 * each value means in its own code sets, in CSV files of four columns:
 *
 *	namespace,code_value,code_set,code
 *	uri://ed-fi.org/GradeLevelDescriptor,Fifth grade,grade_level,05
 *	uri://ed-fi.org/ProgramTypeDescriptor,Gifted and Talented,program,
 *	uri://state.example/EntryTypeDescriptor,*,entry_code,*
 *
 * code_set is a catalog code set, or "edfi" for the few meanings the Ed-Fi
 * reader itself needs (which identification system carries the SSID, which
 * attendance categories are absences...: EDFI_SELECTORS).  An empty code
 * says the state knows the value and collects nothing for it.  A row with
 * "*" as code value and code says the namespace's code values are the code
 * set's own codes.  Rows starting with '#' are comments.  A later row, or a
 * later file, replaces an earlier row for the same value: the state's file
 * extends and overrides the one installed with slds.
 *
 * Matching ignores surrounding white space and ASCII case, as the Ed-Fi
 * ODS/API does.
 */
#ifndef SLDS_EDFI_MAP_H
#define SLDS_EDFI_MAP_H

#include <stddef.h>

#include "catalog.h"
#include "strset.h"

struct slds_error;

/* The name of the descriptor file installed with slds, in its data folder. */
#define EDFI_MAP_FILE "edfi-descriptors.csv"

/* The code set of the Ed-Fi reader's own meanings, and its codes. */
#define EDFI_SELECTORS "edfi"
extern const struct codeset_def edfi_selector_set;

struct edfi_map {
	struct strset index;	/* "code_set\x1furi" folded -> code (const char *) */
	size_t rows;		/* rows read, over all files */
};

#define EDFI_MAP_INIT { STRSET_INIT, 0 }

/*
 * Add the rows of a descriptor file.  0, SLDS_ENOENT, SLDS_EIO, or
 * SLDS_EDATA naming the file and line (an unknown code set, a code not in
 * its code set, a row without four fields).
 */
int edfi_map_load(struct edfi_map *m, const char *path, struct slds_error *err);

/*
 * Look up the descriptor value s[0..len) for a code set.  1 when the table
 * maps it: *code is the code (a string of the catalog, for as long as the
 * program runs), or NULL when the state collects nothing for the value.
 * 0 when the table does not know the value.
 */
int edfi_map_lookup(const struct edfi_map *m, const char *codeset, const char *s, size_t len,
		    const char **code);

void edfi_map_release(struct edfi_map *m);

#endif
