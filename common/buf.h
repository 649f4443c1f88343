/*
 * buf.h: a growable byte buffer with a maximum size.
 *
 * Hostile input meets a limit, not the OOM killer: every buffer is given the
 * largest length it may reach, and an append past it fails with SLDS_ELIMIT,
 * leaving the buffer as it was.  data is always NUL-terminated (also when
 * empty, when it points at a shared empty string), so it can be used as a C
 * string when the contents hold no NUL byte.
 *
 *	struct buf b = BUF_INIT(64 * 1024);
 *	if (buf_addf(&b, "%s\t%d\n", name, n) < 0) ...
 *	write(fd, b.data, b.len);
 *	buf_release(&b);
 */
#ifndef SLDS_BUF_H
#define SLDS_BUF_H

#include <stddef.h>

extern char buf_empty[];

struct buf {
	char *data;	/* owned unless it is buf_empty; len bytes plus a NUL */
	size_t len;
	size_t cap;	/* allocated bytes, 0 while data is buf_empty */
	size_t max;	/* the largest len allowed */
};

#define BUF_INIT(maxlen) { buf_empty, 0, 0, (maxlen) }

void buf_init(struct buf *b, size_t max);
/* Free the memory; the buffer is empty again and keeps its max. */
void buf_release(struct buf *b);
/* Empty the buffer but keep its memory for reuse. */
void buf_reset(struct buf *b);

/* Make room for extra more bytes: 0, or SLDS_ELIMIT if len + extra > max. */
int buf_grow(struct buf *b, size_t extra);
int buf_add(struct buf *b, const void *data, size_t len);
int buf_addch(struct buf *b, int c);
int buf_adds(struct buf *b, const char *s);
int buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s (NULL: nothing) with &, <, > and " as HTML entities. */
int buf_add_html(struct buf *b, const char *s);
/* Append s (NULL: nothing) as one CSV field, quoted only when it must be. */
int buf_add_csv(struct buf *b, const char *s);
/* Shorten to len (len <= b->len). */
void buf_truncate(struct buf *b, size_t len);

/*
 * Hand the contents to the caller, who frees them; the buffer is left empty.
 * Always returns an allocated string, also for an empty buffer.
 */
char *buf_detach(struct buf *b, size_t *len);

#endif
