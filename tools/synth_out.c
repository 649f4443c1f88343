/*
 * synth_out.c: buffered atomic output files and CSV fields.
 */
#include <stdint.h>
#include <string.h>

#include "catalog.h"
#include "synth_out.h"
#include "banned.h"

/*
 * Half a megabyte per write.  The buffer has no practical limit: a row is
 * never dropped, however long (a buffer with a limit would refuse an
 * append silently, as no caller checks each append).  Memory stays bounded
 * because writers flush after every student.
 */
#define OUT_FLUSH_AT (512 * 1024)
#define OUT_MAX (SIZE_MAX / 2)

int out_open(struct out_file *o, const char *path, struct slds_error *err)
{
	buf_init(&o->b, OUT_MAX);
	o->open = 1;
	o->lines = 0;
	return atomic_file_open(&o->f, path, err);
}

static size_t count_newlines(const char *s, size_t len)
{
	const char *end = s + len;
	size_t n = 0;

	if (!len)
		return 0;
	while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		n++;
		s++;
	}
	return n;
}

size_t out_line(const struct out_file *o)
{
	return o->lines + count_newlines(o->b.data, o->b.len) + 1;
}

int out_flush(struct out_file *o, int force, struct slds_error *err)
{
	int rc = 0;

	if (o->b.len >= OUT_FLUSH_AT || (force && o->b.len)) {
		if (o->count_lines)
			o->lines += count_newlines(o->b.data, o->b.len);
		rc = atomic_file_write(&o->f, o->b.data, o->b.len, err);
		buf_reset(&o->b);
	}
	return rc;
}

int out_commit(struct out_file *o, struct slds_error *err)
{
	int rc = out_flush(o, 1, err);

	if (!rc)
		rc = atomic_file_commit(&o->f, err);
	o->open = 0;
	buf_release(&o->b);
	return rc;
}

void out_abort(struct out_file *o)
{
	if (o->open)
		atomic_file_abort(&o->f);
	o->open = 0;
	buf_release(&o->b);
}

void csv_field(struct buf *b, const char *s, int last)
{
	/* One pass finds both the length and whether the field needs quotes. */
	size_t n = strcspn(s, ",\"\r\n");

	if (s[n]) {
		const char *p;

		buf_addch(b, '"');
		for (p = s; *p; p++) {
			if (*p == '"')
				buf_addch(b, '"');
			buf_addch(b, *p);
		}
		buf_addch(b, '"');
	} else {
		buf_add(b, s, n);
	}
	buf_addch(b, last ? '\n' : ',');
}

void csv_header(struct buf *b, const struct record_def *rec)
{
	size_t i;

	for (i = 0; i < rec->nfields; i++) {
		const char *names = rec->fields[i].csv_names;
		const char *bar = strchr(names, '|');

		buf_add(b, names, bar ? (size_t)(bar - names) : strlen(names));
		buf_addch(b, i + 1 < rec->nfields ? ',' : '\n');
	}
}
