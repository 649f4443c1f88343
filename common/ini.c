/*
 * ini.c: a reader for the small "key = value" files of manifests and
 * configuration.
 *
 * A manifest comes from a district, so the reader is strict and names the
 * line of every fault: "manifest.ini:7: syntax error: expected "key = value"".
 * Only whole lines are comments: a value may hold '#' or ';' (a file name, a
 * pattern).  The file is read whole (it is at most 1 MiB) and the lines are cut
 * in place, so keys and values need no copies.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "fsutil.h"
#include "ini.h"
#include "parse.h"
#include "banned.h"

#define INI_MAX_FILE (1024 * 1024)
#define INI_MAX_LINE 4096

static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int line_error(struct slds_error *err, const char *path, unsigned lineno,
		      const char *msg)
{
	return error_set(err, SLDS_EDATA, "%s:%u: %s", path, lineno, msg);
}

/*
 * Parse one line of len bytes at s, NUL-terminated at s[len] and writable.
 * *section is the current section, replaced when the line opens a new one.
 */
static int parse_line(char *s, size_t len, const char *path, unsigned lineno,
		      char **section, ini_fn fn, void *ctx, struct slds_error *err)
{
	const char *t = s;
	char *key, *value;
	size_t i, klen;
	int ret;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\0')
			return line_error(err, path, lineno, "line contains a NUL byte");
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return error_set(err, SLDS_EDATA,
					 "%s:%u: line contains control character 0x%02X",
					 path, lineno, c);
	}
	parse_trim(&t, &len);
	s += t - s;
	s[len] = '\0';
	if (len == 0 || s[0] == '#' || s[0] == ';')
		return 0;

	if (s[0] == '[') {
		if (s[len - 1] != ']')
			return line_error(err, path, lineno,
					  "syntax error: expected \"]\" at end of section header");
		t = s + 1;
		len -= 2;
		parse_trim(&t, &len);
		if (len == 0)
			return line_error(err, path, lineno,
					  "syntax error: empty section name");
		if (memchr(t, '[', len) || memchr(t, ']', len))
			return line_error(err, path, lineno,
					  "syntax error: unexpected bracket in section name");
		key = xstrndup(t, len);
		free(*section);
		*section = key;
		ret = fn(*section, NULL, NULL, lineno, ctx, err);
		if (ret < 0)
			error_prefix(err, "%s:%u", path, lineno);
		return ret;
	}

	key = s;
	for (klen = 0; klen < len && is_key_char(s[klen]); klen++)
		;
	i = klen;
	while (i < len && is_blank(s[i]))
		i++;
	if (klen == 0 || i == len || s[i] != '=')
		return line_error(err, path, lineno,
				  "syntax error: expected \"key = value\"");
	key[klen] = '\0';
	i++;
	while (i < len && is_blank(s[i]))
		i++;
	/* Trailing blanks went with the trim above; s[len] is the NUL. */
	value = s + i;

	ret = fn(*section, key, value, lineno, ctx, err);
	if (ret < 0)
		error_prefix(err, "%s:%u", path, lineno);
	return ret;
}

int ini_parse(const char *path, ini_fn fn, void *ctx, struct slds_error *err)
{
	char *data = NULL, *line, *end, *nl;
	char *section = xstrdup("");
	size_t size, len;
	unsigned lineno = 0;
	int ret;

	ret = read_file(path, INI_MAX_FILE, &data, &size, err);
	if (ret == SLDS_ELIMIT) {
		ret = error_set(err, SLDS_EDATA, "file \"%s\" is too large", path);
		error_detail(err, "The limit is %d bytes.", INI_MAX_FILE);
	}
	if (ret < 0)
		goto cleanup;

	end = data + size;
	line = data;
	/* Windows editors start UTF-8 files with a byte-order mark; skip it. */
	if (size >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		line += 3;
	for (; line < end; line = nl + 1) {
		lineno++;
		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;	/* a last line without "\n"; *end is the NUL */
		len = (size_t)(nl - line);
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (len > INI_MAX_LINE) {
			ret = error_set(err, SLDS_EDATA, "%s:%u: line is longer than %d bytes",
					path, lineno, INI_MAX_LINE);
			goto cleanup;
		}
		line[len] = '\0';
		ret = parse_line(line, len, path, lineno, &section, fn, ctx, err);
		if (ret < 0)
			goto cleanup;
	}
	ret = 0;

cleanup:
	free(section);
	free(data);
	return ret;
}
