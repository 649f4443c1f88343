/*
 * buf.c: growable byte buffers with a maximum size.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "banned.h"

char buf_empty[1];

void buf_init(struct buf *b, size_t max)
{
	b->data = buf_empty;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->data);
	buf_init(b, b->max);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap)
		b->data[0] = '\0';
}

int buf_grow(struct buf *b, size_t extra)
{
	size_t need, cap;

	if (extra > b->max || b->len > b->max - extra)
		return SLDS_ELIMIT;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	if (b->cap) {
		b->data = xrealloc(b->data, cap);
	} else {
		b->data = xmalloc(cap);
		b->data[0] = '\0';
	}
	b->cap = cap;
	return 0;
}

int buf_add(struct buf *b, const void *data, size_t len)
{
	/* The common case: room already (cap <= max + 1 keeps the limit). */
	if (b->cap && len < b->cap - b->len) {
		if (len)	/* data may be NULL when len is 0; memcpy() must not see it */
			memcpy(b->data + b->len, data, len);
		b->len += len;
		b->data[b->len] = '\0';
		return 0;
	}
	if (buf_grow(b, len) < 0)
		return SLDS_ELIMIT;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int buf_addch(struct buf *b, int c)
{
	char ch = (char)c;

	return buf_add(b, &ch, 1);
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return SLDS_ERROR;
	if (buf_grow(b, (size_t)n) < 0)
		return SLDS_ELIMIT;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len > b->len)
		return;
	b->len = len;
	if (b->cap)
		b->data[len] = '\0';
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = b->len;
	if (!b->cap) {
		p = xmalloc(1);
		p[0] = '\0';
	} else {
		p = b->data;
	}
	buf_init(b, b->max);
	return p;
}

int buf_add_html(struct buf *b, const char *s)
{
	int rc = 0;

	for (; s && *s && !rc; s++) {
		switch (*s) {
		case '&':
			rc = buf_adds(b, "&amp;");
			break;
		case '<':
			rc = buf_adds(b, "&lt;");
			break;
		case '>':
			rc = buf_adds(b, "&gt;");
			break;
		case '"':
			rc = buf_adds(b, "&quot;");
			break;
		default:
			rc = buf_addch(b, *s);
		}
	}
	return rc;
}

int buf_add_csv(struct buf *b, const char *s)
{
	int rc;

	if (!s || !strpbrk(s, ",\"\r\n"))
		return buf_adds(b, s ? s : "");
	rc = buf_addch(b, '"');
	for (; *s && !rc; s++)
		rc = *s == '"' ? buf_adds(b, "\"\"") : buf_addch(b, *s);
	return rc ? rc : buf_addch(b, '"');
}
