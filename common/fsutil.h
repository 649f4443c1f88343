/*
 * fsutil.h: files written whole or not at all, and small file-system helpers.
 *
 * An atomic file is written to ".NAME.part" beside its final name, fsync'd,
 * renamed over NAME and the directory fsync'd.  A stage killed before commit
 * leaves at most the ".part" file, which the next run truncates and reuses;
 * NAME itself is either the previous complete file or the new complete file.
 */
#ifndef SLDS_FSUTIL_H
#define SLDS_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

struct slds_error;

struct atomic_file {
	int fd;		/* -1 when closed */
	char *path;	/* final name, owned */
	char *tmp_path;	/* ".NAME.part", owned */
	unsigned long long written;	/* bytes written */
	unsigned long long flushed;	/* bytes handed to the disk ahead of the fsync */
};

#define ATOMIC_FILE_INIT { -1, NULL, NULL, 0, 0 }

/* Create (truncate) the temporary file for path.  0 or SLDS_EIO. */
int atomic_file_open(struct atomic_file *f, const char *path, struct slds_error *err);
/* Write all of data, retrying short writes.  0 or SLDS_EIO. */
int atomic_file_write(struct atomic_file *f, const void *data, size_t len,
		      struct slds_error *err);
/* fsync, close, rename to the final name, fsync the directory.  0 or SLDS_EIO. */
int atomic_file_commit(struct atomic_file *f, struct slds_error *err);
/* Close and remove the temporary file, if still open.  Safe to call twice. */
void atomic_file_abort(struct atomic_file *f);

/* Write a whole file atomically. */
int write_file_atomic(const char *path, const void *data, size_t len,
		      struct slds_error *err);

/*
 * Read a whole file into a new NUL-terminated allocation of at most max bytes.
 * 0, SLDS_ENOENT, SLDS_EIO, or SLDS_ELIMIT if larger than max.
 */
int read_file(const char *path, size_t max, char **out, size_t *len,
	      struct slds_error *err);

/* mkdir -p (mode 0777 & ~umask).  0 or SLDS_EIO. */
int mkdir_p(const char *path, struct slds_error *err);

/* "dir/name" as a new string (no doubled slash). */
char *path_join(const char *dir, const char *name);

/* 1 if path is an existing directory, 0 otherwise. */
int is_dir(const char *path);

/* The directory part of path ("." when it has none), allocated. */
char *dir_of(const char *path);

#endif
