/*
 * spec.h: the submission file specification, generated from the record
 * catalog as Markdown (docs/submission-spec.md is this output).
 */
#ifndef SLDS_SPEC_H
#define SLDS_SPEC_H

#include <stdio.h>

/* Write the specification to out. */
void spec_write(FILE *out);

#endif
