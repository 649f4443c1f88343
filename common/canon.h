/*
 * canon.h: the canonical files stages hand each other.
 *
 * One file per record type, in PostgreSQL's COPY text format: UTF-8, fields
 * separated by tabs, rows ended by '\n', backslash escapes (\\ \t \n \r) and
 * \N for NULL, so that the rows stream unchanged into COPY at load.  The first
 * line names the format version, the record type and the columns:
 *
 *	#slds-canonical/1 student<TAB>_submission<TAB>_file<TAB>_line<TAB>lea_id...
 *
 * Columns are the provenance columns (catalog.h), then the record's fields in
 * catalog order, then columns a stage adds (slds-match adds "ssid_assigned").  Readers
 * find columns by name.  Files are written atomically (fsutil.h) and contain
 * nothing that varies between runs, so the same input gives the same bytes.
 */
#ifndef SLDS_CANON_H
#define SLDS_CANON_H

#include <stddef.h>

#include "buf.h"
#include "fsutil.h"

struct slds_error;

#define CANON_MAGIC "#slds-canonical/1"
#define CANON_MAX_COLUMNS 256
#define CANON_MAX_LINE (16u * 1024 * 1024)

struct canon_writer {
	struct atomic_file file;
	struct buf out;			/* pending bytes, flushed at 256 KiB */
	size_t ncols;
	size_t col;			/* columns written in the current row */
	unsigned long long rows;
};

/*
 * Open path (atomically) for record type record with these columns and write
 * the header.  0 or an error code.
 */
int canon_writer_open(struct canon_writer *w, const char *path, const char *record,
		      const char *const *columns, size_t ncols, struct slds_error *err);
/* Append one field (escaped), or a NULL. */
int canon_writer_field(struct canon_writer *w, const char *value, size_t len,
		       struct slds_error *err);
int canon_writer_null(struct canon_writer *w, struct slds_error *err);
/* Append a field already in COPY text form (escaped, or "\N"). */
int canon_writer_raw(struct canon_writer *w, const char *value, size_t len,
		     struct slds_error *err);
/*
 * Append a whole row already in COPY text form, without its '\n' (a row read
 * by canon_reader_next() from a file with the same columns: r->line).
 */
int canon_writer_row(struct canon_writer *w, const char *line, size_t len,
		     struct slds_error *err);
/*
 * Append a whole row at once: prefix (prefix_cols columns already in COPY
 * text form, each followed by its tab), then n values escaped, NULL for no
 * value, then the row's end.  The same bytes as the field-by-field calls,
 * with one bounds check a row: the loop of a program that writes millions.
 */
int canon_writer_values(struct canon_writer *w, const char *prefix, size_t prefix_len,
			size_t prefix_cols, const char *const *values, const size_t *lens,
			size_t n, struct slds_error *err);
/* The same for values known to hold nothing to escape (no tab, backslash, CR, LF). */
int canon_writer_plain_values(struct canon_writer *w, const char *prefix, size_t prefix_len,
			      size_t prefix_cols, const char *const *values, const size_t *lens,
			      size_t n, struct slds_error *err);
/* End the row: SLDS_EINTERNAL if it does not have ncols fields. */
int canon_writer_end_row(struct canon_writer *w, struct slds_error *err);
/* Flush, fsync, rename into place. */
int canon_writer_commit(struct canon_writer *w, struct slds_error *err);
/*
 * Drop everything written; the final file is left as it was.  Call it on every
 * path that does not commit, including after a failed open; safe after commit.
 */
void canon_writer_abort(struct canon_writer *w);

/*
 * Append s[0..len) to b escaped for COPY text format: backslash, tab, newline
 * and carriage return become \\ \t \n \r.  SLDS_ELIMIT if b is full.
 */
int copy_escape(struct buf *b, const char *s, size_t len);
/*
 * Split one row of COPY text format (no '\n') into ncols fields, unescaped
 * into values (each NUL-terminated): fields[i] NULL for \N.  0, or -1 with
 * *why saying what is wrong with the row.
 */
int copy_split(const char *line, size_t len, size_t ncols, struct buf *values,
	       const char **fields, size_t *lens, const char **why);

struct canon_reader {
	int fd;
	char *path;			/* owned */
	char *record;			/* record type from the header, owned */
	char **columns;			/* owned, ncols names */
	size_t ncols;
	unsigned long long lineno;	/* line number of the current row in the file */
	struct buf line;		/* the current row as read (escaped, no '\n') */
	char *block;			/* read buffer, owned */
	size_t block_len, block_pos;
	int eof;
	struct buf values;		/* unescaped fields, each NUL-terminated */
	const char **fields;		/* ncols pointers into values, NULL for \N */
	size_t *lens;			/* ncols lengths */
};

/*
 * Open a canonical file and read its header.  SLDS_ENOENT if missing,
 * SLDS_EDATA if the header is not a canonical header.  Call
 * canon_reader_close() afterwards whether it succeeded or not.
 */
int canon_reader_open(struct canon_reader *r, const char *path, struct slds_error *err);
/*
 * Read the next row: 1 when a row was read, 0 at the end, negative on error
 * (SLDS_EDATA for a row with the wrong number of fields or a bad escape).
 * fields[i] and lens[i] live until the next call; r->line holds the row as
 * it is in the file (still escaped) for passing to COPY unchanged.
 */
int canon_reader_next(struct canon_reader *r, struct slds_error *err);
/* Index of the named column, or -1. */
int canon_reader_column(const struct canon_reader *r, const char *name);
void canon_reader_close(struct canon_reader *r);

#endif
