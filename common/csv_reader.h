/*
 * csv_reader.h: a pull reader of CSV records, libcsv's push parser for
 * everything but the plainest lines.
 *
 * Streams the file through a window, so memory is bounded by the window plus
 * the largest record, whatever the file's size.  A line without quotes or a
 * stray carriage return is split where it lies in the window (most lines of
 * most files: the fast path); any other line, and a line longer than the
 * window, goes through libcsv until libcsv is back at the start of a line.
 * Both give the same records (a unit test holds them to it).  Handles quoted fields with
 * embedded delimiters, quotes and newlines, CRLF or LF line ends, a UTF-8
 * byte-order mark, and blank lines (skipped).  Reports for each record the
 * line it starts on.  Leading and trailing spaces of unquoted fields are
 * dropped (libcsv's rule); tabs are kept unless they are the delimiter.
 */
#ifndef SLDS_CSV_READER_H
#define SLDS_CSV_READER_H

#include <stddef.h>
#include <csv.h>

#include "buf.h"
#include "sha256.h"

struct slds_error;

#define CSV_MAX_FIELD (1024 * 1024)
#define CSV_MAX_FIELDS 1024

struct csv_reader {
	char *path;			/* owned */
	int fd;
	struct csv_parser parser;
	int parser_ready;
	char delim;			/* ',', '\t' or '|' */
	char *block;			/* owned, the window, with room for a sentinel */
	size_t block_size;		/* bytes per read (at most the default); tests lower it */
	size_t win_pos, win_len;	/* block[win_pos .. win_len) is read, not yet parsed */
	unsigned char cls[256];		/* the fast path's byte classes */
	int slow;			/* in libcsv's hands until it is at a line start */
	int quotes_odd;			/* odd number of '"' fed to libcsv since slow began */
	int no_fast;			/* tests: every line through libcsv */
	int started;			/* the BOM check and delimiter detection are done */
	int eof;
	int failed;			/* a callback hit a limit */
	unsigned long long line;	/* the line the next record starts on */
	int last_cr;			/* the last row ended with '\r' */
	unsigned long long bytes;	/* bytes read so far */
	struct sha256 *hash;		/* borrowed: every byte read is hashed into it, or NULL */

	/* Records waiting to be returned, serialized in queue. */
	struct buf queue;
	size_t queue_pos;		/* the next record to return */
	size_t complete;		/* the end of the last whole record */

	/* The record being parsed, at the end of queue. */
	size_t row_start;
	size_t cur_n;
	size_t cur_newlines;		/* newlines inside its quoted fields */

	/* The record returned by csv_reader_next(), pointing into queue. */
	const char **fields;		/* nfields pointers into queue, NUL-terminated */
	size_t *lens;
	size_t nfields;
	unsigned long long row_line;	/* line the record starts on */
	int ascii;			/* 1 if the record is known to be ASCII only */
	int plain;			/* 1 if it is known to hold no tab, backslash, CR or LF */
};

/*
 * Open a file.  delim is ',', '\t' or '|', or 0 to detect it from the first
 * line (the most frequent of the three outside quotes; ',' if none).
 * 0, SLDS_ENOENT or SLDS_EIO.  Call csv_reader_close() whatever it returned.
 */
int csv_reader_open(struct csv_reader *r, const char *path, char delim,
		    struct slds_error *err);

/*
 * Read the next record: 1 when a record was read, 0 at the end of the file,
 * SLDS_EDATA for a file that is not CSV text (NUL byte, malformed quoting,
 * unterminated quote at the end, a field over CSV_MAX_FIELD bytes, a record
 * over CSV_MAX_FIELDS fields or 16 MiB), SLDS_EIO if reading failed.  The message names
 * the line.  r->fields[i] (r->lens[i] bytes) live until the next call.
 */
int csv_reader_next(struct csv_reader *r, struct slds_error *err);

/* Index of the current record's field equal to name (a header's column), or -1. */
int csv_reader_column(const struct csv_reader *r, const char *name);

void csv_reader_close(struct csv_reader *r);

#endif
