/*
 * edfi_reader.h: Ed-Fi bulk XML files read safely, one entity at a time.
 *
 * An Ed-Fi interchange is a root element ("InterchangeStudent") whose
 * children are entities ("Student", "StudentSchoolAssociation"...).  The
 * reader is libxml2's streaming xmlTextReader: each entity is expanded into
 * a small tree, handed to the caller, and freed when the next one is read,
 * so memory is bounded by the largest entity, not by the file.
 *
 * Input is hostile until proven otherwise: no network access, no external
 * entity or DTD is ever loaded, a document type declaration rejects the file
 * before any entity in it is expanded (edfi_peek), libxml2's own limits on
 * text and name lengths and nesting stay on, and libxml2 never prints: its
 * errors are caught and turned into an slds_error naming the file, line and
 * column, with any quoted value of the document left out of the message
 * (a value may be a student's name).
 */
#ifndef SLDS_EDFI_READER_H
#define SLDS_EDFI_READER_H

#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include "sha256.h"

struct slds_error;

/* What the start of an XML file says about it. */
struct edfi_doc {
	char root[80];		/* local name of the root element */
	char ns[160];		/* its namespace URI, "" if none */
	char target_ns[160];	/* its targetNamespace attribute (schema files), "" if none */
};

/*
 * Read the start of the file at path (name in messages) up to its root
 * element.  0; SLDS_ENOENT; SLDS_EIO; SLDS_EDATA if it is not XML, has no
 * root element in its first MiB, or has a document type declaration.
 */
int edfi_peek(const char *path, const char *name, struct edfi_doc *doc, struct slds_error *err);

/*
 * The Data Standard of an Ed-Fi namespace: "http://ed-fi.org/5.2.0" gives
 * "5.2.0" (at most size - 1 bytes) and major 5.  0, or SLDS_EDATA if ns is
 * not an Ed-Fi namespace of a version slds reads (4.x or 5.x).
 */
int edfi_data_standard(const char *ns, char *version, size_t size, int *major);

/* The first error libxml2 reported while reading. */
struct edfi_xml_error {
	int set;
	int validity;		/* a schema validation error, not a well-formedness one */
	int line, column;	/* 0 when unknown */
	char message[400];	/* libxml2's message without quoted values */
};

struct edfi_reader {
	xmlTextReaderPtr xr;
	int fd;
	const char *name;		/* borrowed: the file's name in messages */
	struct sha256 *hash;		/* borrowed: every byte read is hashed into it, or NULL */
	unsigned long long bytes;	/* bytes read so far */
	char *block;			/* owned: bytes read from fd not yet handed to libxml2 */
	size_t block_len, block_pos;
	int read_errno;			/* errno of a failed read(), 0 if none */
	int expanded;			/* the current node is an expanded entity to skip */
	struct edfi_xml_error error;
};

/*
 * Open the file at path (name in messages) for reading entities, validating
 * it against schema if that is not NULL.  hash, if not NULL, receives every
 * byte read.  0, SLDS_ENOENT or SLDS_EIO.  Call edfi_reader_close() whatever
 * it returned.
 */
int edfi_reader_open(struct edfi_reader *r, const char *path, const char *name,
		     xmlSchemaPtr schema, struct sha256 *hash, struct slds_error *err);

/*
 * The next entity: 1 and *node (expanded; it lives until the next call) and
 * *line (the line its start tag ends on), 0 at the end of the document, or
 * SLDS_EDATA (not well-formed, not valid against the schema: the message
 * names the file, line and column) or SLDS_EIO.
 */
int edfi_reader_next(struct edfi_reader *r, xmlNodePtr *node, unsigned long *line,
		     struct slds_error *err);

void edfi_reader_close(struct edfi_reader *r);

/*
 * Copy a libxml2 message into out (size bytes, NUL-terminated), without a
 * final newline and with every quoted value replaced by "...": names of
 * elements, attributes, types and facets are kept, values of the document
 * are not.  "Bytes: 0x.." dumps of undecodable input are dropped too.
 */
void edfi_error_text(const char *message, char *out, size_t size);

/*
 * The schemas of each Data Standard, compiled once per run.  A schema folder
 * holds one version's bulk schemas (Interchange-*.xsd, Ed-Fi-Core.xsd), and
 * may hold a state's extension (EXTENSION-Interchange-*-Extension.xsd, used
 * in place of the core interchange schema it extends).  Its version is read
 * from the targetNamespace of its Ed-Fi-Core.xsd.
 */
struct edfi_schema_dir {
	char *path;		/* owned */
	char version[32];
};

struct edfi_compiled {
	char *version;		/* owned */
	char *root;		/* owned: the interchange element */
	xmlSchemaPtr schema;	/* owned */
};

struct edfi_schemas {
	struct edfi_schema_dir *dirs;
	size_t ndirs;
	struct edfi_compiled *compiled;
	size_t ncompiled;
};

#define EDFI_SCHEMAS_INIT { NULL, 0, NULL, 0 }

/*
 * Add a schema folder.  0, SLDS_ENOENT if it has no Ed-Fi-Core.xsd, SLDS_EDATA
 * if that is not an Ed-Fi schema of a version slds reads.
 */
int edfi_schemas_add(struct edfi_schemas *s, const char *dir, struct slds_error *err);

/*
 * The schema of interchange root (an element name) in Data Standard version,
 * compiled on first use.  0 and *schema; SLDS_EDATA if no folder was given
 * for the version, or it has no schema for the interchange, or the schema
 * does not compile (the message says why).
 */
int edfi_schemas_get(struct edfi_schemas *s, const char *version, const char *root,
		     xmlSchemaPtr *schema, struct slds_error *err);

void edfi_schemas_release(struct edfi_schemas *s);

#endif
