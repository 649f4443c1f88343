/*
 * canon.c: reading and writing canonical files (COPY text format with a header).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "canon.h"
#include "error.h"
#include "banned.h"

#define FLUSH_AT (256 * 1024)
#define READ_BLOCK (256 * 1024)

/* The bytes COPY text format escapes: backslash, tab, newline, carriage return. */
static const unsigned char copy_special[256] = {
	['\\'] = '\\', ['\t'] = 't', ['\n'] = 'n', ['\r'] = 'r'
};

int copy_escape(struct buf *b, const char *s, size_t len)
{
	size_t i = 0, start = 0;

	/* Most fields have nothing to escape: find the next special byte, copy up to it. */
	for (;;) {
		char esc[2];

		while (i < len && !copy_special[(unsigned char)s[i]])
			i++;
		if (buf_add(b, s + start, i - start) < 0)
			return SLDS_ELIMIT;
		if (i == len)
			return 0;
		esc[0] = '\\';
		esc[1] = (char)copy_special[(unsigned char)s[i]];
		if (buf_add(b, esc, 2) < 0)
			return SLDS_ELIMIT;
		start = ++i;
	}
}

static int writer_flush(struct canon_writer *w, struct slds_error *err)
{
	int rc = atomic_file_write(&w->file, w->out.data, w->out.len, err);

	buf_reset(&w->out);
	return rc;
}

/* After each field or row: write out when enough is pending. */
static int writer_maybe_flush(struct canon_writer *w, struct slds_error *err)
{
	return w->out.len >= FLUSH_AT ? writer_flush(w, err) : 0;
}

static int limit_error(struct canon_writer *w, struct slds_error *err)
{
	return error_set(err, SLDS_ELIMIT, "row %llu of file \"%s\" is longer than %u bytes",
			 w->rows + 1, w->file.path, CANON_MAX_LINE);
}

int canon_writer_open(struct canon_writer *w, const char *path, const char *record,
		      const char *const *columns, size_t ncols, struct slds_error *err)
{
	size_t i;
	int rc;

	w->file = (struct atomic_file)ATOMIC_FILE_INIT;
	buf_init(&w->out, FLUSH_AT + CANON_MAX_LINE);
	w->ncols = ncols;
	w->col = 0;
	w->rows = 0;
	if (ncols == 0 || ncols > CANON_MAX_COLUMNS)
		return error_set(err, SLDS_EINTERNAL, "canonical file \"%s\" with %zu columns",
				 path, ncols);
	rc = atomic_file_open(&w->file, path, err);
	if (rc)
		return rc;
	buf_addf(&w->out, "%s %s", CANON_MAGIC, record);
	for (i = 0; i < ncols; i++) {
		buf_addch(&w->out, '\t');
		buf_adds(&w->out, columns[i]);
	}
	buf_addch(&w->out, '\n');
	return 0;
}

static int field_sep(struct canon_writer *w, struct slds_error *err)
{
	if (w->col >= w->ncols)
		return error_set(err, SLDS_EINTERNAL,
				 "row %llu of file \"%s\" has more than %zu fields",
				 w->rows + 1, w->file.path, w->ncols);
	if (w->col++ > 0 && buf_addch(&w->out, '\t') < 0)
		return limit_error(w, err);
	return 0;
}

int canon_writer_field(struct canon_writer *w, const char *value, size_t len,
		       struct slds_error *err)
{
	int rc = field_sep(w, err);

	if (rc)
		return rc;
	if (copy_escape(&w->out, value, len) < 0)
		return limit_error(w, err);
	return 0;
}

int canon_writer_raw(struct canon_writer *w, const char *value, size_t len,
		     struct slds_error *err)
{
	int rc = field_sep(w, err);

	if (rc)
		return rc;
	if (buf_add(&w->out, value, len) < 0)
		return limit_error(w, err);
	return 0;
}

int canon_writer_null(struct canon_writer *w, struct slds_error *err)
{
	return canon_writer_raw(w, "\\N", 2, err);
}

int canon_writer_row(struct canon_writer *w, const char *line, size_t len,
		     struct slds_error *err)
{
	if (w->col != 0)
		return error_set(err, SLDS_EINTERNAL, "row %llu of file \"%s\" is not finished",
				 w->rows + 1, w->file.path);
	if (buf_add(&w->out, line, len) < 0)
		return limit_error(w, err);
	w->col = w->ncols;
	return canon_writer_end_row(w, err);
}

static int write_values(struct canon_writer *w, const char *prefix, size_t prefix_len,
			size_t prefix_cols, const char *const *values, const size_t *lens,
			size_t n, int escape, struct slds_error *err)
{
	size_t need = prefix_len + n + 1, i;
	char *o;

	if (w->col != 0 || prefix_cols + n != w->ncols)
		return error_set(err, SLDS_EINTERNAL,
				 "row %llu of file \"%s\" has %zu fields, expected %zu",
				 w->rows + 1, w->file.path, w->col + prefix_cols + n, w->ncols);
	/* Every byte escaped, at worst; "\N" for a missing value. */
	for (i = 0; i < n; i++)
		need += values[i] ? 2 * lens[i] : 2;
	if (buf_grow(&w->out, need) < 0)
		return limit_error(w, err);
	o = w->out.data + w->out.len;
	memcpy(o, prefix, prefix_len);
	o += prefix_len;
	for (i = 0; i < n; i++) {
		const unsigned char *v = (const unsigned char *)values[i];
		size_t j;

		if (i)
			*o++ = '\t';
		if (!v) {
			*o++ = '\\';
			*o++ = 'N';
			continue;
		}
		if (!escape) {
			memcpy(o, v, lens[i]);
			o += lens[i];
			continue;
		}
		for (j = 0; j < lens[i]; j++) {
			unsigned char e = copy_special[v[j]];

			if (e) {
				*o++ = '\\';
				*o++ = (char)e;
			} else {
				*o++ = (char)v[j];
			}
		}
	}
	*o++ = '\n';
	*o = '\0';
	w->out.len = (size_t)(o - w->out.data);
	w->rows++;
	return writer_maybe_flush(w, err);
}

int canon_writer_values(struct canon_writer *w, const char *prefix, size_t prefix_len,
			size_t prefix_cols, const char *const *values, const size_t *lens,
			size_t n, struct slds_error *err)
{
	return write_values(w, prefix, prefix_len, prefix_cols, values, lens, n, 1, err);
}

int canon_writer_plain_values(struct canon_writer *w, const char *prefix, size_t prefix_len,
			      size_t prefix_cols, const char *const *values, const size_t *lens,
			      size_t n, struct slds_error *err)
{
	return write_values(w, prefix, prefix_len, prefix_cols, values, lens, n, 0, err);
}

int canon_writer_end_row(struct canon_writer *w, struct slds_error *err)
{
	if (w->col != w->ncols)
		return error_set(err, SLDS_EINTERNAL,
				 "row %llu of file \"%s\" has %zu fields, expected %zu",
				 w->rows + 1, w->file.path, w->col, w->ncols);
	if (buf_addch(&w->out, '\n') < 0)
		return limit_error(w, err);
	w->col = 0;
	w->rows++;
	return writer_maybe_flush(w, err);
}

int canon_writer_commit(struct canon_writer *w, struct slds_error *err)
{
	int rc = 0;

	if (w->col != 0)
		rc = error_set(err, SLDS_EINTERNAL, "file \"%s\" ends inside a row", w->file.path);
	if (!rc)
		rc = writer_flush(w, err);
	if (!rc)
		rc = atomic_file_commit(&w->file, err);
	if (rc)
		atomic_file_abort(&w->file);
	buf_release(&w->out);
	return rc;
}

void canon_writer_abort(struct canon_writer *w)
{
	atomic_file_abort(&w->file);
	buf_release(&w->out);
}

/* Reading. */

static void reader_init(struct canon_reader *r)
{
	memset(r, 0, sizeof(*r));
	r->fd = -1;
	buf_init(&r->line, CANON_MAX_LINE);
	buf_init(&r->values, CANON_MAX_LINE + CANON_MAX_COLUMNS);
}

/*
 * Read one line into r->line, without its '\n'.  1 when a line was read, 0 at
 * the end of the file, negative on error.  A last line without '\n' is a
 * truncated file: canonical files always end with one.
 */
static int read_line(struct canon_reader *r, struct slds_error *err)
{
	buf_reset(&r->line);
	for (;;) {
		if (r->block_pos < r->block_len) {
			char *start = r->block + r->block_pos;
			size_t avail = r->block_len - r->block_pos;
			char *nl = memchr(start, '\n', avail);
			size_t n = nl ? (size_t)(nl - start) : avail;

			if (buf_add(&r->line, start, n) < 0)
				return error_set(err, SLDS_ELIMIT,
						 "line %llu of file \"%s\" is longer than %u bytes",
						 r->lineno + 1, r->path, CANON_MAX_LINE);
			r->block_pos += n + (nl ? 1 : 0);
			if (nl) {
				r->lineno++;
				return 1;
			}
		}
		if (r->eof) {
			if (r->line.len)
				return error_set(err, SLDS_EDATA,
						 "file \"%s\" is truncated: line %llu has no end",
						 r->path, r->lineno + 1);
			return 0;
		} else {
			ssize_t got;

			do
				got = read(r->fd, r->block, READ_BLOCK);
			while (got < 0 && errno == EINTR);
			if (got < 0)
				return error_set(err, SLDS_EIO, "could not read file \"%s\": %s",
						 r->path, strerror(errno));
			r->block_len = (size_t)got;
			r->block_pos = 0;
			if (got == 0)
				r->eof = 1;
		}
	}
}

int canon_reader_open(struct canon_reader *r, const char *path, struct slds_error *err)
{
	size_t magic_len = strlen(CANON_MAGIC);
	char *p, *end, *tab;
	int rc;

	reader_init(r);
	r->path = xstrdup(path);
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0)
		return error_set(err, errno == ENOENT ? SLDS_ENOENT : SLDS_EIO,
				 "could not open file \"%s\": %s", path, strerror(errno));
	r->block = xmalloc(READ_BLOCK);
	rc = read_line(r, err);
	if (rc < 0)
		return rc;
	if (rc == 0 || r->line.len <= magic_len + 1 ||
	    memcmp(r->line.data, CANON_MAGIC, magic_len) || r->line.data[magic_len] != ' ')
		return error_set(err, SLDS_EDATA, "file \"%s\" is not a canonical file",
				 path);
	p = r->line.data + magic_len + 1;
	end = r->line.data + r->line.len;
	tab = memchr(p, '\t', (size_t)(end - p));
	if (!tab || tab == p)
		return error_set(err, SLDS_EDATA, "file \"%s\" has no columns in its header",
				 path);
	r->record = xstrndup(p, (size_t)(tab - p));
	r->columns = xmallocarray(CANON_MAX_COLUMNS, sizeof(*r->columns));
	p = tab + 1;
	for (;;) {
		char *next = memchr(p, '\t', (size_t)(end - p));
		size_t n = next ? (size_t)(next - p) : (size_t)(end - p);

		if (r->ncols == CANON_MAX_COLUMNS)
			return error_set(err, SLDS_EDATA, "file \"%s\" has more than %d columns",
					 path, CANON_MAX_COLUMNS);
		if (n == 0)
			return error_set(err, SLDS_EDATA, "file \"%s\" has an empty column name",
					 path);
		r->columns[r->ncols++] = xstrndup(p, n);
		if (!next)
			break;
		p = next + 1;
	}
	r->fields = xmallocarray(r->ncols, sizeof(*r->fields));
	r->lens = xmallocarray(r->ncols, sizeof(*r->lens));
	return 0;
}

static int bad_row(struct canon_reader *r, struct slds_error *err, const char *what)
{
	return error_set(err, SLDS_EDATA, "line %llu of file \"%s\": %s", r->lineno,
			 r->path, what);
}

int copy_split(const char *line, size_t len, size_t ncols, struct buf *values,
	       const char **fields, size_t *lens, const char **why)
{
	const char *p = line, *end = line + len;
	size_t col = 0;

	buf_reset(values);
	/* Room for every byte plus a NUL per field: unescaping never grows. */
	if (buf_grow(values, len + ncols) < 0) {
		*why = "row too long";
		return -1;
	}
	for (;;) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		const char *fend = tab ? tab : end;
		size_t start = values->len;

		if (col == ncols) {
			*why = "more fields than columns";
			return -1;
		}
		if (fend - p == 2 && p[0] == '\\' && p[1] == 'N') {
			fields[col] = NULL;
			lens[col] = 0;
		} else {
			char *out = values->data + start;
			size_t n = 0;

			for (; p < fend; p++) {
				char c = *p;

				if (c == '\\') {
					if (++p == fend) {
						*why = "backslash at end of field";
						return -1;
					}
					switch (*p) {
					case '\\': c = '\\'; break;
					case 't': c = '\t'; break;
					case 'n': c = '\n'; break;
					case 'r': c = '\r'; break;
					default:
						*why = "invalid escape sequence";
						return -1;
					}
				}
				out[n++] = c;
			}
			out[n] = '\0';
			values->len += n + 1;
			fields[col] = out;
			lens[col] = n;
		}
		col++;
		if (!tab)
			break;
		p = tab + 1;
	}
	if (col != ncols) {
		*why = "fewer fields than columns";
		return -1;
	}
	return 0;
}

int canon_reader_next(struct canon_reader *r, struct slds_error *err)
{
	const char *why;
	int rc;

	rc = read_line(r, err);
	if (rc <= 0)
		return rc;
	if (copy_split(r->line.data, r->line.len, r->ncols, &r->values, r->fields, r->lens, &why))
		return bad_row(r, err, why);
	return 1;
}

int canon_reader_column(const struct canon_reader *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ncols; i++)
		if (!strcmp(r->columns[i], name))
			return (int)i;
	return -1;
}

void canon_reader_close(struct canon_reader *r)
{
	size_t i;

	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	free(r->path);
	free(r->record);
	for (i = 0; i < r->ncols; i++)
		free(r->columns[i]);
	free(r->columns);
	free(r->fields);
	free(r->lens);
	free(r->block);
	buf_release(&r->line);
	buf_release(&r->values);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}
