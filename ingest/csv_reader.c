/*
 * csv_reader.c: streaming CSV records with line numbers, over libcsv.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "csv_reader.h"
#include "error.h"
#include "banned.h"

#define BLOCK_SIZE (256 * 1024)
#define PREFIX_SIZE 4096
/* A record may not be larger than a canonical row may be. */
#define ROW_MAX ((size_t)16 * 1024 * 1024)

/*
 * libcsv grows its field buffer with this; refusing past the limit makes it
 * fail with CSV_ENOMEM, which we report as an over-long field.  The limit is
 * a constant, so no reader state is needed here.
 */
static void *limited_realloc(void *p, size_t size)
{
	if (size > CSV_MAX_FIELD + 4096)
		return NULL;
	return xrealloc(p, size);
}

static int space_only(unsigned char c)
{
	return c == ' ';
}

/*
 * Queue layout per record: line (8 bytes), nfields (8), then per field its
 * length (8), its bytes and a NUL.  Fields are written straight into the
 * queue as libcsv reports them; the record's header is filled in at its end.
 * Records before r->complete are whole; after it may follow the start of
 * one that the next block finishes.
 */
static void on_field(void *data, size_t len, void *ctx)
{
	struct csv_reader *r = ctx;
	const char *s = data ? data : "";
	const char *nl;
	char *at;

	if (r->failed)
		return;
	if (r->cur_n == CSV_MAX_FIELDS) {
		r->failed = 2;
		return;
	}
	if (len > CSV_MAX_FIELD) {
		r->failed = 3;
		return;
	}
	if (r->cur_n == 0) {
		r->row_start = r->queue.len;
		if (buf_grow(&r->queue, 2 * sizeof(uint64_t)) < 0) {
			r->failed = 1;
			return;
		}
		r->queue.len += 2 * sizeof(uint64_t);
	}
	if (r->queue.len - r->row_start + len > ROW_MAX ||
	    buf_grow(&r->queue, sizeof(uint64_t) + len + 1) < 0) {
		r->failed = 1;
		return;
	}
	for (nl = memchr(s, '\n', len); nl; nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - s)))
		r->cur_newlines++;
	at = r->queue.data + r->queue.len;
	{
		uint64_t l = len;

		memcpy(at, &l, sizeof(l));
	}
	memcpy(at + sizeof(uint64_t), s, len);
	at[sizeof(uint64_t) + len] = '\0';
	r->queue.len += sizeof(uint64_t) + len + 1;
	r->cur_n++;
}

static void on_row_end(int c, void *ctx)
{
	struct csv_reader *r = ctx;
	uint64_t head[2];

	if (r->failed)
		return;
	if (r->cur_n == 0) {
		/* A blank line, or the '\n' of a "\r\n" reported on its own. */
		if (!(c == '\n' && r->last_cr))
			r->line++;
		r->last_cr = c == '\r';
		return;
	}
	head[0] = r->line;
	head[1] = r->cur_n;
	memcpy(r->queue.data + r->row_start, head, sizeof(head));
	r->complete = r->queue.len;
	r->line += 1 + r->cur_newlines;
	r->last_cr = c == '\r';
	r->cur_n = 0;
	r->cur_newlines = 0;
}

static char detect_delim(const char *s, size_t len)
{
	size_t i, comma = 0, tab = 0, pipe = 0;
	int quoted = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted && c == ',')
			comma++;
		else if (!quoted && c == '\t')
			tab++;
		else if (!quoted && c == '|')
			pipe++;
	}
	if (tab > comma && tab >= pipe)
		return '\t';
	if (pipe > comma && pipe > tab)
		return '|';
	return ',';
}

int csv_reader_open(struct csv_reader *r, const char *path, char delim,
		    struct slds_error *err)
{
	memset(r, 0, sizeof(*r));
	r->fd = -1;
	r->path = xstrdup(path);
	r->delim = delim;
	r->line = 1;
	buf_init(&r->queue, (size_t)-1 / 2);
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0)
		return error_set(err, errno == ENOENT ? SLDS_ENOENT : SLDS_EIO,
				 "could not open file \"%s\": %s", path, strerror(errno));
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL |
			 CSV_APPEND_NULL) != 0)
		return error_set(err, SLDS_ERROR, "could not initialise the CSV parser");
	r->parser_ready = 1;
	csv_set_realloc_func(&r->parser, limited_realloc);
	csv_set_free_func(&r->parser, free);
	csv_set_space_func(&r->parser, space_only);
	r->block = xmalloc(BLOCK_SIZE);
	r->block_size = BLOCK_SIZE;
	r->fields = xmallocarray(CSV_MAX_FIELDS, sizeof(*r->fields));
	r->lens = xmallocarray(CSV_MAX_FIELDS, sizeof(*r->lens));
	return 0;
}

static int parse_error(struct csv_reader *r, struct slds_error *err)
{
	if (r->failed == 2)
		return error_set(err, SLDS_EDATA,
				 "file \"%s\": the record starting on line %llu has more than %d fields",
				 r->path, r->line, CSV_MAX_FIELDS);
	if (r->failed == 1)
		return error_set(err, SLDS_EDATA,
				 "file \"%s\": the record starting on line %llu is longer than %zu bytes",
				 r->path, r->line, ROW_MAX);
	if (r->failed == 3 || csv_error(&r->parser) == CSV_ENOMEM ||
	    csv_error(&r->parser) == CSV_ETOOBIG)
		return error_set(err, SLDS_EDATA,
				 "file \"%s\": a field of the record starting on line %llu is longer than %d bytes",
				 r->path, r->line, CSV_MAX_FIELD);
	error_set(err, SLDS_EDATA,
		  "file \"%s\": malformed quoting in the record starting on line %llu", r->path,
		  r->line);
	error_hint(err, "A field that contains the delimiter, a quote or a line break must be enclosed in double quotes, and quotes inside it doubled (\"\").");
	return SLDS_EDATA;
}

/* read() until n bytes or the end of the file; bytes read, or -1. */
static ssize_t read_some(struct csv_reader *r, char *to, size_t n, size_t chunk)
{
	size_t have = 0;

	while (have < n) {
		size_t want = n - have < chunk ? n - have : chunk;
		ssize_t got = read(r->fd, to + have, want);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		have += (size_t)got;
	}
	return (ssize_t)have;
}

/* Read and parse one more block; sets eof at the end. */
static int feed(struct csv_reader *r, struct slds_error *err)
{
	ssize_t got;
	const char *p;
	size_t len;

	/*
	 * The byte-order mark and the delimiter are found in the first
	 * PREFIX_SIZE bytes, however small the reads.
	 */
	got = read_some(r, r->block, r->started ? r->block_size : PREFIX_SIZE, r->block_size);
	if (got < 0)
		return error_set(err, SLDS_EIO, "could not read file \"%s\": %s", r->path,
				 strerror(errno));
	if (got == 0) {
		r->eof = 1;
		if (csv_fini(&r->parser, on_field, on_row_end, r) != 0 || r->failed)
			return parse_error(r, err);
		return 0;
	}
	p = r->block;
	len = (size_t)got;
	if (r->hash)
		sha256_update(r->hash, p, len);
	{
		const char *nul = memchr(p, '\0', len);

		if (nul)
			return error_set(err, SLDS_EDATA,
					 "file \"%s\" is not text: it has a NUL byte at offset %llu",
					 r->path, r->bytes + (unsigned long long)(nul - p));
	}
	r->bytes += (unsigned long long)got;
	if (!r->started) {
		r->started = 1;
		if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
			p += 3;
			len -= 3;
		}
		if (!r->delim)
			r->delim = detect_delim(p, len);
		csv_set_delim(&r->parser, (unsigned char)r->delim);
	}
	if (csv_parse(&r->parser, p, len, on_field, on_row_end, r) != len || r->failed)
		return parse_error(r, err);
	return 0;
}

static uint64_t take_u64(struct csv_reader *r)
{
	uint64_t v;

	memcpy(&v, r->queue.data + r->queue_pos, sizeof(v));
	r->queue_pos += sizeof(v);
	return v;
}

int csv_reader_next(struct csv_reader *r, struct slds_error *err)
{
	size_t i;

	while (r->queue_pos >= r->complete) {
		size_t partial = r->queue.len - r->complete;
		int rc;

		/* Keep the start of an unfinished record; drop what was returned. */
		if (partial)
			memmove(r->queue.data, r->queue.data + r->complete, partial);
		if (r->cur_n)
			r->row_start -= r->complete;
		buf_truncate(&r->queue, partial);
		r->queue_pos = r->complete = 0;
		if (r->eof)
			return 0;
		rc = feed(r, err);
		if (rc)
			return rc;
	}
	r->row_line = take_u64(r);
	r->nfields = (size_t)take_u64(r);
	for (i = 0; i < r->nfields; i++) {
		size_t len = (size_t)take_u64(r);

		r->fields[i] = r->queue.data + r->queue_pos;
		r->lens[i] = len;
		r->queue_pos += len + 1;
	}
	return 1;
}

void csv_reader_close(struct csv_reader *r)
{
	if (r->parser_ready)
		csv_free(&r->parser);
	if (r->fd >= 0)
		close(r->fd);
	free(r->path);
	free(r->block);
	free(r->fields);
	free(r->lens);
	buf_release(&r->queue);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}
