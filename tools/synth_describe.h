/*
 * synth_describe.h: statistics of a generated state, read back from its
 * files (not taken from the generator's word), so anyone can see that the
 * data is what it claims: records per type and year, distinct persons, the
 * share of each kind of identity noise, twin pairs, movers, part-time
 * students and exits.
 */
#ifndef SLDS_SYNTH_DESCRIBE_H
#define SLDS_SYNTH_DESCRIBE_H

#include <stdio.h>

struct slds_error;

/* Describe the state in dir (the --out of slds-synth) on out.  0 or an error code. */
int synth_describe(const char *dir, FILE *out, struct slds_error *err);

#endif
