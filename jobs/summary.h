/*
 * summary.h: the auditor's summary of a batch's rejections (summary.c).
 */
#ifndef SLDS_SUMMARY_H
#define SLDS_SUMMARY_H

struct slds_error;

/*
 * Count the rejections of every submission of inbox that validation has
 * seen in work_dir, by LEA and by rule, into out_dir: rejections-by-lea.csv,
 * rejections-by-rule.csv and rejections.html.
 */
int rejection_summary(const char *inbox, const char *work_dir, const char *out_dir,
		      struct slds_error *err);

#endif
