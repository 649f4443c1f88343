/*
 * csv_reader.c: streaming CSV records with line numbers, over libcsv.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__SSE2__) && !defined(CSV_READER_PORTABLE)
#include <emmintrin.h>
#endif

#include "alloc.h"
#include "csv_reader.h"
#include "error.h"
#include "banned.h"

/* The window; lines longer than it go through libcsv. */
#define WINDOW_SIZE (256 * 1024)
/* Room after the window: the sentinel, and what scan() may read past it. */
#define WINDOW_PAD 32
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
	r->block = xcalloc(1, WINDOW_SIZE + WINDOW_PAD);
	r->block_size = WINDOW_SIZE;
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

/* The fast path's byte classes. */
enum { C_PLAIN, C_HIGH, C_ESCAPE, C_DELIM, C_NL, C_CR, C_QUOTE };

static void set_classes(struct csv_reader *r)
{
	int c;

	memset(r->cls, C_PLAIN, sizeof(r->cls));
	for (c = 0x80; c < 0x100; c++)
		r->cls[c] = C_HIGH;
	r->cls['\t'] = C_ESCAPE;	/* what COPY text format escapes */
	r->cls['\\'] = C_ESCAPE;
	r->cls['\n'] = C_NL;
	r->cls['\r'] = C_CR;
	r->cls['"'] = C_QUOTE;
	r->cls[(unsigned char)r->delim] = C_DELIM;
}

/*
 * Read more of the file into the window, after moving what is left of it to
 * the front.  Bytes read (0 at the end of the file), or -1 with err set.
 * The byte-order mark and the delimiter are found in the first PREFIX_SIZE
 * bytes, however small the reads.
 */
static ssize_t fill(struct csv_reader *r, struct slds_error *err)
{
	size_t room, want;
	ssize_t got;
	const char *p, *nul;

	if (r->win_pos) {
		memmove(r->block, r->block + r->win_pos, r->win_len - r->win_pos);
		r->win_len -= r->win_pos;
		r->win_pos = 0;
	}
	room = WINDOW_SIZE - r->win_len;
	want = !r->started ? PREFIX_SIZE : room < r->block_size ? room : r->block_size;
	got = read_some(r, r->block + r->win_len, want, r->block_size);
	if (got < 0) {
		error_set(err, SLDS_EIO, "could not read file \"%s\": %s", r->path, strerror(errno));
		return -1;
	}
	p = r->block + r->win_len;
	if (r->hash)
		sha256_update(r->hash, p, (size_t)got);
	if (!r->started && got >= 2 && (!memcmp(p, "\xFF\xFE", 2) || !memcmp(p, "\xFE\xFF", 2))) {
		error_set(err, SLDS_EDATA, "file \"%s\" is UTF-16 text, not UTF-8", r->path);
		error_hint(err, "Save or export it as \"CSV UTF-8\".");
		return -1;
	}
	nul = memchr(p, '\0', (size_t)got);
	if (nul) {
		error_set(err, SLDS_EDATA, "file \"%s\" is not text: it has a NUL byte at offset %llu",
			  r->path, r->bytes + (unsigned long long)(nul - p));
		error_hint(err, "Files must be UTF-8 text; a spreadsheet (.xlsx) or a UTF-16 file is not.");
		return -1;
	}
	r->bytes += (unsigned long long)got;
	r->win_len += (size_t)got;
	if (!r->started && got > 0) {
		r->started = 1;
		if (r->win_len >= 3 && !memcmp(r->block, "\xEF\xBB\xBF", 3))
			r->win_pos = 3;
		if (!r->delim)
			r->delim = detect_delim(r->block + r->win_pos, r->win_len - r->win_pos);
		csv_set_delim(&r->parser, (unsigned char)r->delim);
		set_classes(r);
	}
	return got;
}

/*
 * Split the line at s at the delimiter into r->fields and r->lens (untrimmed)
 * as far as the first LF, CR or quote, and return where that is: the
 * sentinel LF at the end of the window stops it.  *nfields gets the number
 * of fields; NULL if the line has more than CSV_MAX_FIELDS.  Clears *ascii
 * when it passes a byte of 0x80 or more, *plain when it passes one that
 * COPY text format escapes.
 */
#if defined(__SSE2__) && !defined(CSV_READER_PORTABLE)
/*
 * Sixteen bytes at a time, each byte compared once: a bit mask of the
 * delimiters in a vector, walked bit by bit, ends its fields.  May read up
 * to 15 bytes past the sentinel: the window has room for them (WINDOW_PAD),
 * and what they hold never counts.
 */
static char *split(struct csv_reader *r, char *s, size_t *nfields, int *ascii, int *plain)
{
	const __m128i delim = _mm_set1_epi8(r->delim), lf = _mm_set1_epi8('\n');
	const __m128i cr = _mm_set1_epi8('\r'), quote = _mm_set1_epi8('"');
	const __m128i tab = _mm_set1_epi8('\t'), backslash = _mm_set1_epi8('\\');
	const char **fields = r->fields;	/* locals: stores through char * alias all */
	size_t *lens = r->lens, n = 0;
	char *f = s, *chunk;

	for (chunk = s;; chunk += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)chunk);
		unsigned d = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, delim));
		unsigned stop = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(v, lf),
				     _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, quote))));
		/* The bytes before the first stop, or all sixteen. */
		unsigned before = stop ? (stop & (0u - stop)) - 1 : 0xFFFFu;
		unsigned ends = d & before;

		if ((unsigned)_mm_movemask_epi8(v) & before)
			*ascii = 0;
		if ((unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, tab),
							     _mm_cmpeq_epi8(v, backslash))) &
		    ~d & before)
			*plain = 0;
		for (; ends; ends &= ends - 1) {
			char *e = chunk + __builtin_ctz(ends);

			if (n + 1 == CSV_MAX_FIELDS)
				return NULL;
			fields[n] = f;
			lens[n++] = (size_t)(e - f);
			f = e + 1;
		}
		if (stop) {
			char *e = chunk + __builtin_ctz(stop);

			fields[n] = f;
			lens[n++] = (size_t)(e - f);
			*nfields = n;
			return e;
		}
	}
}
#else
static char *split(struct csv_reader *r, char *s, size_t *nfields, int *ascii, int *plain)
{
	char *p = s, *f = s;
	size_t n = 0;

	for (;; p++) {
		unsigned char c = r->cls[(unsigned char)*p];

		if (c == C_PLAIN)
			continue;
		if (c == C_HIGH) {
			*ascii = 0;
		} else if (c == C_ESCAPE) {
			*plain = 0;
		} else if (c == C_DELIM) {
			if (n + 1 == CSV_MAX_FIELDS)
				return NULL;
			r->fields[n] = f;
			r->lens[n++] = (size_t)(p - f);
			f = p + 1;
		} else {
			r->fields[n] = f;
			r->lens[n++] = (size_t)(p - f);
			*nfields = n;
			return p;
		}
	}
}
#endif

enum line_kind { LINE_RECORD, LINE_BLANK, LINE_SLOW, LINE_SHORT };

/*
 * The fast path: split the window's next line in place, if it is plain: no
 * quote, no carriage return but one before the newline, at most
 * CSV_MAX_FIELDS fields.  Fields are trimmed of spaces as libcsv trims
 * unquoted fields, and NUL-terminated over the byte after them.
 * LINE_SHORT: the window holds no whole line.
 */
static enum line_kind fast_line(struct csv_reader *r)
{
	char *s = r->block + r->win_pos, *lim = r->block + r->win_len;
	char *p, *next;
	const char **fields = r->fields;
	size_t *lens = r->lens;
	size_t n = 0, i;
	int ascii = 1, plain = 1;
	unsigned char c;

	*lim = '\n';		/* the sentinel: the window has a byte to spare */
	p = split(r, s, &n, &ascii, &plain);
	if (!p)
		return LINE_SLOW;	/* too many fields: libcsv reports it */
	c = r->cls[(unsigned char)*p];
	if (c == C_NL && p < lim)
		next = p + 1;
	else if (c == C_CR && p + 1 < lim && p[1] == '\n')
		next = p + 2;
	else if (p == lim || (c == C_CR && p + 1 == lim))
		return LINE_SHORT;	/* the newline may come with the next read */
	else
		return LINE_SLOW;	/* a quote, or a carriage return inside the line */
	r->win_pos = (size_t)(next - r->block);
	for (i = 0; i < n; i++) {
		char *v = (char *)fields[i];
		size_t len = lens[i];

		while (len && *v == ' ') {
			v++;
			len--;
		}
		while (len && v[len - 1] == ' ')
			len--;
		v[len] = '\0';
		fields[i] = v;
		lens[i] = len;
	}
	/* Empty, or only spaces: libcsv sees no field in it. */
	if (n == 1 && lens[0] == 0) {
		r->line++;
		return LINE_BLANK;
	}
	r->nfields = n;
	r->row_line = r->line++;
	r->ascii = ascii;
	r->plain = plain;
	return LINE_RECORD;
}

/*
 * Feed libcsv the window's next line, or all of the window if it holds no
 * whole line.  After a newline outside quotes libcsv is at the start of a
 * line again and the fast path takes over: an even number of quotes since
 * the slow path began means the newline is outside (libcsv's strict mode
 * rejects a quote anywhere else than around a field or doubled inside one).
 */
static int slow_feed(struct csv_reader *r, struct slds_error *err)
{
	const char *p = r->block + r->win_pos, *q;
	size_t avail = r->win_len - r->win_pos, n;
	const char *nl = memchr(p, '\n', avail);

	n = nl ? (size_t)(nl - p) + 1 : avail;
	for (q = memchr(p, '"', n); q; q = memchr(q + 1, '"', n - (size_t)(q + 1 - p)))
		r->quotes_odd ^= 1;
	if (csv_parse(&r->parser, p, n, on_field, on_row_end, r) != n || r->failed)
		return parse_error(r, err);
	r->win_pos += n;
	if (nl && !r->quotes_odd)
		r->slow = 0;
	return 0;
}

static uint64_t take_u64(struct csv_reader *r)
{
	uint64_t v;

	memcpy(&v, r->queue.data + r->queue_pos, sizeof(v));
	r->queue_pos += sizeof(v);
	return v;
}

/* The next record of libcsv's queue. */
static void take_record(struct csv_reader *r)
{
	size_t i;

	r->row_line = take_u64(r);
	r->nfields = (size_t)take_u64(r);
	for (i = 0; i < r->nfields; i++) {
		size_t len = (size_t)take_u64(r);

		r->fields[i] = r->queue.data + r->queue_pos;
		r->lens[i] = len;
		r->queue_pos += len + 1;
	}
	r->ascii = 0;
	r->plain = 0;
}

int csv_reader_next(struct csv_reader *r, struct slds_error *err)
{
	for (;;) {
		ssize_t got;
		int rc;

		if (r->queue_pos < r->complete) {
			take_record(r);
			return 1;
		}
		if (r->queue_pos) {
			/* Keep the start of an unfinished record; drop what was returned. */
			size_t partial = r->queue.len - r->complete;

			if (partial)
				memmove(r->queue.data, r->queue.data + r->complete, partial);
			if (r->cur_n)
				r->row_start -= r->complete;
			buf_truncate(&r->queue, partial);
			r->queue_pos = r->complete = 0;
		}
		if (r->eof)
			return 0;
		if (r->no_fast)
			r->slow = 1;
		if (r->started && !r->slow) {
			enum line_kind k = fast_line(r);

			if (k == LINE_RECORD)
				return 1;
			if (k == LINE_BLANK)
				continue;
			if (k == LINE_SLOW)
				r->slow = 1;
		}
		if (r->slow && r->win_pos < r->win_len) {
			rc = slow_feed(r, err);
			if (rc)
				return rc;
			continue;
		}
		if (r->win_pos == 0 && r->win_len == WINDOW_SIZE) {
			/* A line longer than the window: libcsv has no such limit. */
			r->slow = 1;
			continue;
		}
		got = fill(r, err);
		if (got < 0)
			return err->code;
		if (got > 0)
			continue;
		if (r->win_pos < r->win_len) {
			/* The last line, without a newline. */
			r->slow = 1;
			continue;
		}
		r->eof = 1;
		if (csv_fini(&r->parser, on_field, on_row_end, r) != 0 || r->failed)
			return parse_error(r, err);
	}
}

int csv_reader_column(const struct csv_reader *r, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < r->nfields; i++)
		if (r->lens[i] == n && !memcmp(r->fields[i], name, n))
			return (int)i;
	return -1;
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
