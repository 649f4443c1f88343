/*
 * synth_out.h: the generator's output files, written through a buffer to a
 * temporary name and renamed into place when complete (fsutil's atomic
 * files), and the CSV the state's template asks for.
 *
 * A generated file can be hundreds of megabytes: rows are appended to the
 * buffer and out_flush() writes it out once half a megabyte has gathered, so
 * memory stays bounded whatever the size of the state.  The buffer grows as
 * a long row needs: no row is ever dropped.
 */
#ifndef SLDS_SYNTH_OUT_H
#define SLDS_SYNTH_OUT_H

#include "buf.h"
#include "fsutil.h"

struct record_def;
struct slds_error;

struct out_file {
	struct atomic_file f;
	struct buf b;		/* rows not yet written */
	int open;
	int count_lines;	/* keep lines, for out_line() */
	size_t lines;		/* lines written out, when count_lines */
};

#define OUT_FILE_INIT { ATOMIC_FILE_INIT, BUF_INIT(0), 0, 0, 0 }

/* Open path (its temporary name) for writing.  0 or SLDS_EIO. */
int out_open(struct out_file *o, const char *path, struct slds_error *err);
/* Write the buffer out if it is large, or if force and not empty.  0 or SLDS_EIO. */
int out_flush(struct out_file *o, int force, struct slds_error *err);
/* Write the rest, rename into place and release the buffer.  0 or SLDS_EIO. */
int out_commit(struct out_file *o, struct slds_error *err);
/*
 * The line the next byte appended starts on (the first is 1), for a file
 * whose count_lines was set before anything was appended.
 */
size_t out_line(const struct out_file *o);
/* Remove the temporary file, if open, and release the buffer.  Safe to call twice. */
void out_abort(struct out_file *o);

/* Append a CSV field, quoted when it must be, and ',' or (last) '\n'. */
void csv_field(struct buf *b, const char *s, int last);
/*
 * Append the header of the state's template for rec: the first of each
 * field's csv_names, in catalog order.
 */
void csv_header(struct buf *b, const struct record_def *rec);

#endif
