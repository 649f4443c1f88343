/*
 * report.h: the rejection report of a submission, for the LEA's clerk.
 *
 * Written by slds-validate next to its outputs: report.csv, every broken
 * rule of every record with the rule's fix hint (for machines), and
 * report.html, one self-contained page (no external files, no script) for
 * people: the totals, the rules broken with their counts, messages and
 * hints, and for each rule the first records that broke it, each with all
 * its errors and its file and line.  The page's size is bounded whatever
 * the number of errors: REPORT_EXAMPLES records a rule.  A file a fatal
 * rule rejected whole comes first, in a box of its own: the rules broken
 * count the records that broke a fatal rule, not only the ones listed.
 */
#ifndef SLDS_REPORT_H
#define SLDS_REPORT_H

#include "manifest.h"
#include "rules.h"

struct slds_error;

#define REPORT_CSV "report.csv"
#define REPORT_HTML "report.html"
#define REPORT_EXAMPLES 20

/* A file a fatal rule rejected whole (all its records). */
struct report_fatal {
	const char *file;
	const char *rule;		/* "STU.0160" */
	unsigned long long records;	/* that broke the rule */
	unsigned long long listed;	/* of them, in the rejects file */
};

struct report_totals {
	unsigned long long received, accepted, rejected, warned;
	const struct report_fatal *fatal;	/* shown first, prominently */
	size_t nfatal;
};

/*
 * Write dir/report.csv and dir/report.html from the rejects file at
 * rejects_path (complete: the ingest's rejects and validation's).
 */
int report_write(const char *dir, const char *rejects_path, const struct manifest *m,
		 const struct report_totals *t, const struct rulebook *rb,
		 struct slds_error *err);

#endif
