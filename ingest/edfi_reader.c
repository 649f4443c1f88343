/*
 * edfi_reader.c: libxml2's streaming reader made safe for LEA files
 * (edfi_reader.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "alloc.h"
#include "edfi_reader.h"
#include "error.h"
#include "fsutil.h"
#include "banned.h"

/* Bytes read from the file at a time: libxml2 itself asks for 4000. */
#define BLOCK_SIZE (256 * 1024)
/* How far into a file edfi_peek() looks for the root element. */
#define PEEK_MAX (1024 * 1024)

/*
 * Options of every parse: no network, big line numbers; never NOENT (entity
 * substitution), DTDLOAD, DTDATTR or HUGE (which lifts libxml2's limits).
 */
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_COMPACT | XML_PARSE_NOBLANKS)

/*
 * libxml2's hooks are process-wide, so these are too: the entity loader that
 * refuses every external resource except a schema's includes while a schema
 * is compiled (loads_allowed), and the default loader it defers to then.
 */
static xmlExternalEntityLoader default_loader;
static int loads_allowed;

static xmlParserInputPtr guarded_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	if (loads_allowed && default_loader)
		return default_loader(url, id, ctxt);
	return NULL;
}

/* Errors no handler of ours catches are dropped: libxml2 must never print. */
static void silent_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void silent_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

static void guard_libxml(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	xmlInitParser();
	default_loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(guarded_loader);
	xmlSetGenericErrorFunc(NULL, silent_generic);
	xmlSetStructuredErrorFunc(NULL, silent_structured);
}

/* The word before position i of s (letters only), for edfi_error_text(). */
static int word_before(const char *s, size_t i, const char *word)
{
	size_t n = strlen(word), end = i, start;

	while (end > 0 && s[end - 1] == ' ')
		end--;
	start = end;
	while (start > 0 && ((s[start - 1] >= 'a' && s[start - 1] <= 'z') ||
			     (s[start - 1] >= 'A' && s[start - 1] <= 'Z')))
		start--;
	return end - start == n && !strncmp(s + start, word, n);
}

/* A quoted string worth keeping: a name libxml2 put there, or a number. */
static int keep_quoted(const char *s, size_t open, size_t close)
{
	static const char *const names[] = {
		"Element", "element", "attribute", "type", "types", "facet", "Entity", "entity"
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (word_before(s, open, names[i]))
			return 1;
	if (close == open + 1)
		return 0;
	for (i = open + 1; i < close; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

void edfi_error_text(const char *message, char *out, size_t size)
{
	size_t i = 0, n = 0, len = strlen(message);
	const char *bytes = strstr(message, "Bytes:");

	if (bytes)
		len = (size_t)(bytes - message);
	while (len > 0 && (message[len - 1] == '\n' || message[len - 1] == ' '))
		len--;
	if (size == 0)
		return;
	while (i < len && n + 1 < size) {
		const char *close;

		if (message[i] == '\'' &&
		    (close = memchr(message + i + 1, '\'', len - i - 1)) != NULL) {
			size_t c = (size_t)(close - message);
			size_t k, from = i, to = c + 1;

			if (!keep_quoted(message, i, c)) {
				static const char dots[] = "'...'";

				for (k = 0; dots[k] && n + 1 < size; k++)
					out[n++] = dots[k];
				i = to;
				continue;
			}
			for (k = from; k < to && n + 1 < size; k++)
				out[n++] = message[k] == '\n' ? ' ' : message[k];
			i = to;
			continue;
		}
		out[n++] = message[i] == '\n' ? ' ' : message[i];
		i++;
	}
	out[n] = '\0';
}

static void record_error(struct edfi_xml_error *x, xmlErrorPtr e)
{
	if (x->set || e->level < XML_ERR_ERROR)
		return;
	x->set = 1;
	x->validity = e->domain == XML_FROM_SCHEMASV || e->domain == XML_FROM_VALID;
	x->line = e->line;
	x->column = e->int2;
	if (x->line <= 0 && e->node && ((xmlNodePtr)e->node)->type == XML_ELEMENT_NODE)
		x->line = (int)xmlGetLineNo((xmlNodePtr)e->node);
	edfi_error_text(e->message ? e->message : "unknown error", x->message, sizeof(x->message));
}

/* Where an error was found, for messages: "line 3 column 7" or "line 3". */
static void where(const struct edfi_xml_error *x, char *out, size_t size)
{
	if (x->line > 0 && x->column > 0)
		snprintf(out, size, "line %d column %d", x->line, x->column);
	else if (x->line > 0)
		snprintf(out, size, "line %d", x->line);
	else
		snprintf(out, size, "an unknown line");
}

/* Peeking: a SAX parse that stops at the root element or a DTD. */
struct peek_state {
	xmlParserCtxtPtr ctxt;
	struct edfi_doc *doc;
	int found, dtd, dtd_line;
	struct edfi_xml_error error;
};

static void copy_name(char *dst, size_t size, const xmlChar *src, size_t len)
{
	if (!src)
		len = 0;
	if (len >= size)
		len = size - 1;
	memcpy(dst, src ? (const char *)src : "", len);
	dst[len] = '\0';
}

static void peek_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		       const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
		       int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	struct peek_state *st = ctx;
	int i;

	(void)prefix;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;
	copy_name(st->doc->root, sizeof(st->doc->root), localname, strlen((const char *)localname));
	copy_name(st->doc->ns, sizeof(st->doc->ns), uri, uri ? strlen((const char *)uri) : 0);
	/* Attributes come as (localname, prefix, URI, value, end) quintuples. */
	for (i = 0; i < nb_attributes; i++) {
		const xmlChar **a = attributes + 5 * i;

		if (!a[2] && !strcmp((const char *)a[0], "targetNamespace"))
			copy_name(st->doc->target_ns, sizeof(st->doc->target_ns), a[3],
				  (size_t)(a[4] - a[3]));
	}
	st->found = 1;
	xmlStopParser(st->ctxt);
}

static void peek_dtd(void *ctx, const xmlChar *name, const xmlChar *external_id,
		     const xmlChar *system_id)
{
	struct peek_state *st = ctx;

	(void)name;
	(void)external_id;
	(void)system_id;
	st->dtd = 1;
	st->dtd_line = xmlSAX2GetLineNumber(st->ctxt);
	xmlStopParser(st->ctxt);
}

static void peek_error(void *ctx, xmlErrorPtr e)
{
	struct peek_state *st = ctx;

	if (!st->found && !st->dtd)
		record_error(&st->error, e);
}

int edfi_peek(const char *path, const char *name, struct edfi_doc *doc, struct slds_error *err)
{
	xmlSAXHandler sax;
	struct peek_state st;
	char buf[16384], at[64];
	size_t total = 0;
	ssize_t n;
	int fd, rc = 0;

	guard_libxml();
	memset(doc, 0, sizeof(*doc));
	memset(&st, 0, sizeof(st));
	st.doc = doc;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, errno == ENOENT ? SLDS_ENOENT : SLDS_EIO,
				 "could not open file \"%s\": %s", name, strerror(errno));
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = peek_start;
	sax.internalSubset = peek_dtd;
	sax.serror = peek_error;
	st.ctxt = xmlCreatePushParserCtxt(&sax, &st, NULL, 0, name);
	if (!st.ctxt) {
		close(fd);
		return error_set(err, SLDS_ERROR, "could not create an XML parser");
	}
	xmlCtxtUseOptions(st.ctxt, PARSE_OPTIONS);
	while (!st.found && !st.dtd && !st.error.set && total < PEEK_MAX) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = error_set(err, SLDS_EIO, "could not read file \"%s\": %s", name,
				       strerror(errno));
			goto cleanup;
		}
		if (n == 0 && total == 0) {
			rc = error_set(err, SLDS_EDATA, "file \"%s\" is empty", name);
			goto cleanup;
		}
		xmlParseChunk(st.ctxt, buf, (int)n, n == 0);
		if (n == 0)
			break;
		total += (size_t)n;
	}
	if (st.dtd) {
		rc = error_set(err, SLDS_EDATA,
			       "file \"%s\" line %d: a document type declaration is not allowed",
			       name, st.dtd_line);
		error_detail(err, "Ed-Fi interchanges have no DTD; one can declare entities that expand without bound or read other files.");
		goto cleanup;
	}
	if (st.found)
		goto cleanup;
	if (st.error.set) {
		where(&st.error, at, sizeof(at));
		rc = error_set(err, SLDS_EDATA, "file \"%s\" %s: not well-formed XML: %s", name, at,
			       st.error.message);
		goto cleanup;
	}
	rc = error_set(err, SLDS_EDATA, "file \"%s\" has no root element%s", name,
		       total >= PEEK_MAX ? " in its first MiB" : "");

cleanup:
	xmlFreeParserCtxt(st.ctxt);
	close(fd);
	return rc;
}

int edfi_data_standard(const char *ns, char *version, size_t size, int *major)
{
	static const char prefix[] = "http://ed-fi.org/";
	size_t plen = sizeof(prefix) - 1, vlen;
	const char *v;

	if (strncmp(ns, prefix, plen))
		return SLDS_EDATA;
	v = ns + plen;
	vlen = strlen(v);
	/* "5.2.0", "4.0.0-a": a major version, a dot, then anything printable. */
	if (vlen < 3 || vlen >= size || (v[0] != '4' && v[0] != '5') || v[1] != '.' ||
	    strspn(v, "0123456789.-abcdefghijklmnopqrstuvwxyz") != vlen)
		return SLDS_EDATA;
	memcpy(version, v, vlen + 1);
	*major = v[0] - '0';
	return 0;
}

/* libxml2 reads through this: whole blocks from the file, each hashed once. */
static int read_block(void *ctx, char *buffer, int len)
{
	struct edfi_reader *r = ctx;
	size_t n;

	if (r->block_pos == r->block_len) {
		ssize_t got;

		do
			got = read(r->fd, r->block, BLOCK_SIZE);
		while (got < 0 && errno == EINTR);
		if (got < 0) {
			r->read_errno = errno;
			return -1;
		}
		r->block_len = (size_t)got;
		r->block_pos = 0;
		r->bytes += (size_t)got;
		if (r->hash && got > 0)
			sha256_update(r->hash, r->block, (size_t)got);
		if (got == 0)
			return 0;
	}
	n = r->block_len - r->block_pos;
	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(buffer, r->block + r->block_pos, n);
	r->block_pos += n;
	return (int)n;
}

static void reader_error(void *arg, xmlErrorPtr e)
{
	struct edfi_reader *r = arg;
	int was_set = r->error.set;

	record_error(&r->error, e);
	/*
	 * Schema validation knows no column, and at times no line: where the
	 * parser is when it reports is right after the element in question.
	 */
	if (!was_set && r->error.set && r->error.validity) {
		if (r->error.line <= 0)
			r->error.line = xmlTextReaderGetParserLineNumber(r->xr);
		if (r->error.column <= 0)
			r->error.column = xmlTextReaderGetParserColumnNumber(r->xr);
	}
}

int edfi_reader_open(struct edfi_reader *r, const char *path, const char *name,
		     xmlSchemaPtr schema, struct sha256 *hash, struct slds_error *err)
{
	guard_libxml();
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->hash = hash;
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0)
		return error_set(err, errno == ENOENT ? SLDS_ENOENT : SLDS_EIO,
				 "could not open file \"%s\": %s", name, strerror(errno));
	r->block = xmalloc(BLOCK_SIZE);
	/* The reader calls no close callback of ours: the fd is closed in _close(). */
	r->xr = xmlReaderForIO(read_block, NULL, r, name, NULL, PARSE_OPTIONS);
	if (!r->xr)
		return error_set(err, SLDS_ERROR, "could not create an XML reader for file \"%s\"",
				 name);
	/* Before the schema: the validation context takes the handler from the reader. */
	xmlTextReaderSetStructuredErrorHandler(r->xr, reader_error, r);
	if (schema && xmlTextReaderSetSchema(r->xr, schema) != 0)
		return error_set(err, SLDS_ERROR, "could not set up schema validation of file \"%s\"",
				 name);
	return 0;
}

static int reader_failure(struct edfi_reader *r, struct slds_error *err)
{
	char at[64];

	if (r->read_errno)
		return error_set(err, SLDS_EIO, "could not read file \"%s\": %s", r->name,
				 strerror(r->read_errno));
	if (!r->error.set)
		return error_set(err, SLDS_EDATA, "file \"%s\" could not be read as XML", r->name);
	where(&r->error, at, sizeof(at));
	if (r->error.validity) {
		error_set(err, SLDS_EDATA, "file \"%s\" %s: not valid against its Ed-Fi schema: %s",
			  r->name, at, r->error.message);
		error_hint(err, "Values quoted by the schema check are left out of this message; look at that line of the file.");
		return SLDS_EDATA;
	}
	return error_set(err, SLDS_EDATA, "file \"%s\" %s: not well-formed XML: %s", r->name, at,
			 r->error.message);
}

int edfi_reader_next(struct edfi_reader *r, xmlNodePtr *node, unsigned long *line,
		     struct slds_error *err)
{
	int ret;

	for (;;) {
		/* Past an expanded entity without walking its nodes again. */
		ret = r->expanded ? xmlTextReaderNext(r->xr) : xmlTextReaderRead(r->xr);
		r->expanded = 0;
		if (ret != 1 || r->error.set)
			break;
		if (xmlTextReaderDepth(r->xr) == 1 &&
		    xmlTextReaderNodeType(r->xr) == XML_READER_TYPE_ELEMENT) {
			xmlNodePtr n = xmlTextReaderExpand(r->xr);
			long l;

			if (!n || r->error.set) {
				ret = -1;
				break;
			}
			r->expanded = 1;
			l = xmlGetLineNo(n);
			*node = n;
			*line = l > 0 ? (unsigned long)l : 0;
			return 1;
		}
	}
	if (ret == 0 && !r->error.set && !r->read_errno)
		return 0;
	return reader_failure(r, err);
}

void edfi_reader_close(struct edfi_reader *r)
{
	if (r->xr)
		xmlFreeTextReader(r->xr);
	r->xr = NULL;
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	free(r->block);
	r->block = NULL;
}

static void schema_error(void *arg, xmlErrorPtr e)
{
	record_error(arg, e);
}

int edfi_schemas_add(struct edfi_schemas *s, const char *dir, struct slds_error *err)
{
	char *core = path_join(dir, "Ed-Fi-Core.xsd");
	struct edfi_doc doc;
	struct edfi_schema_dir *d;
	char version[32];
	size_t i;
	int major, rc;

	rc = edfi_peek(core, core, &doc, err);
	if (rc == SLDS_ENOENT) {
		error_set(err, SLDS_ENOENT, "schema folder \"%s\" has no Ed-Fi-Core.xsd", dir);
		error_hint(err, "Give the folder of one Data Standard's bulk XML schemas (Schemas/Bulk).");
	}
	if (rc)
		goto cleanup;
	if (edfi_data_standard(doc.target_ns, version, sizeof(version), &major)) {
		rc = error_set(err, SLDS_EDATA,
			       "file \"%s\" is not an Ed-Fi schema of Data Standard 4 or 5", core);
		goto cleanup;
	}
	for (i = 0; i < s->ndirs; i++)
		if (!strcmp(s->dirs[i].version, version)) {
			rc = error_set(err, SLDS_EDATA,
				       "schema folders \"%s\" and \"%s\" are both for Data Standard %s",
				       s->dirs[i].path, dir, version);
			goto cleanup;
		}
	s->dirs = xreallocarray(s->dirs, s->ndirs + 1, sizeof(*s->dirs));
	d = &s->dirs[s->ndirs++];
	d->path = xstrdup(dir);
	memcpy(d->version, version, strlen(version) + 1);

cleanup:
	free(core);
	return rc;
}

static int file_exists(const char *path)
{
	return access(path, R_OK) == 0;
}

/* Compile the schema at path, with libxml2 allowed to read its includes. */
static int compile(const char *path, xmlSchemaPtr *schema, struct slds_error *err)
{
	struct edfi_xml_error x;
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
	char at[64];

	memset(&x, 0, sizeof(x));
	if (!pc)
		return error_set(err, SLDS_ERROR, "could not create a schema parser");
	xmlSchemaSetParserStructuredErrors(pc, schema_error, &x);
	loads_allowed = 1;
	*schema = xmlSchemaParse(pc);
	loads_allowed = 0;
	xmlSchemaFreeParserCtxt(pc);
	if (*schema)
		return 0;
	where(&x, at, sizeof(at));
	return error_set(err, SLDS_ERROR, "could not compile schema \"%s\": %s: %s", path, at,
			 x.set ? x.message : "unknown error");
}

int edfi_schemas_get(struct edfi_schemas *s, const char *version, const char *root,
		     xmlSchemaPtr *schema, struct slds_error *err)
{
	static const char interchange[] = "Interchange";
	const struct edfi_schema_dir *d = NULL;
	struct edfi_compiled *c;
	char *ext = NULL, *core = NULL;
	const char *what;
	size_t i;
	int rc;

	for (i = 0; i < s->ncompiled; i++)
		if (!strcmp(s->compiled[i].version, version) && !strcmp(s->compiled[i].root, root)) {
			*schema = s->compiled[i].schema;
			return 0;
		}
	for (i = 0; i < s->ndirs; i++)
		if (!strcmp(s->dirs[i].version, version))
			d = &s->dirs[i];
	if (!d) {
		error_set(err, SLDS_EDATA, "no schemas were given for Ed-Fi Data Standard %s", version);
		error_detail(err, "Schemas were given for %zu other version%s.", s->ndirs,
			     s->ndirs == 1 ? "" : "s");
		return SLDS_EDATA;
	}
	what = strncmp(root, interchange, sizeof(interchange) - 1) ? root
		: root + sizeof(interchange) - 1;
	ext = xstrfmt("%s/EXTENSION-Interchange-%s-Extension.xsd", d->path, what);
	core = xstrfmt("%s/Interchange-%s.xsd", d->path, what);
	if (!file_exists(ext) && !file_exists(core)) {
		rc = error_set(err, SLDS_EDATA, "schema folder \"%s\" has no schema for %s", d->path,
			       root);
		goto cleanup;
	}
	s->compiled = xreallocarray(s->compiled, s->ncompiled + 1, sizeof(*s->compiled));
	c = &s->compiled[s->ncompiled];
	rc = compile(file_exists(ext) ? ext : core, &c->schema, err);
	if (rc)
		goto cleanup;
	c->version = xstrdup(version);
	c->root = xstrdup(root);
	s->ncompiled++;
	*schema = c->schema;

cleanup:
	free(ext);
	free(core);
	return rc;
}

void edfi_schemas_release(struct edfi_schemas *s)
{
	size_t i;

	for (i = 0; i < s->ndirs; i++)
		free(s->dirs[i].path);
	for (i = 0; i < s->ncompiled; i++) {
		free(s->compiled[i].version);
		free(s->compiled[i].root);
		xmlSchemaFree(s->compiled[i].schema);
	}
	free(s->dirs);
	free(s->compiled);
	*s = (struct edfi_schemas)EDFI_SCHEMAS_INIT;
}
