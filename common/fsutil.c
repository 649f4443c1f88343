/*
 * fsutil.c: files written whole or not at all, and small file-system helpers.
 *
 * A stage's outputs are what the next stage trusts, so none of them may be
 * seen half-written: atomic_file writes ".NAME.part", makes it durable, renames
 * it over NAME and makes the rename durable by fsync'ing the directory.  After
 * atomic_file_commit() the struct is released whether it succeeded or not, so
 * atomic_file_abort() on the cleanup path is always safe.
 */
#define _GNU_SOURCE		/* sync_file_range(), where Linux has it */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "fsutil.h"
#include "banned.h"

/* Bytes written between two starts of writeback. */
#define WRITEBACK_EVERY (8ULL * 1024 * 1024)

#define READ_CHUNK (64 * 1024)

/* The directory part of path ("." when there is none), allocated. */
char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	while (slash > path && slash[-1] == '/')
		slash--;
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static void release(struct atomic_file *f)
{
	free(f->path);
	free(f->tmp_path);
	f->path = f->tmp_path = NULL;
	f->fd = -1;
}

int atomic_file_open(struct atomic_file *f, const char *path, struct slds_error *err)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;

	f->fd = -1;
	f->path = f->tmp_path = NULL;
	f->written = f->flushed = 0;
	if (!*base || !strcmp(base, ".") || !strcmp(base, ".."))
		return error_set(err, SLDS_EIO, "could not create file \"%s\": %s",
				 path, strerror(EISDIR));

	f->path = xstrdup(path);
	f->tmp_path = xstrfmt("%.*s.%s.part", (int)(base - path), path, base);
	f->fd = open(f->tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (f->fd < 0) {
		int ret = error_set(err, SLDS_EIO, "could not create file \"%s\": %s",
				    f->tmp_path, strerror(errno));

		release(f);
		return ret;
	}
	return 0;
}

int atomic_file_write(struct atomic_file *f, const void *data, size_t len,
		      struct slds_error *err)
{
	const char *p = data;
	ssize_t n;

	if (f->fd < 0)
		return error_set(err, SLDS_EIO, "could not write file \"%s\": %s",
				 f->tmp_path ? f->tmp_path : "(none)", strerror(EBADF));
	while (len > 0) {
		n = write(f->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return error_set(err, SLDS_EIO, "could not write file \"%s\": %s",
					 f->tmp_path, strerror(n < 0 ? errno : ENOSPC));
		p += n;
		len -= (size_t)n;
		f->written += (unsigned long long)n;
	}
#ifdef SYNC_FILE_RANGE_WRITE
	/*
	 * Start writing back what is done, without waiting for it: otherwise
	 * the kernel holds it all until the fsync at the commit, which then
	 * waits for every byte of a large file while the CPU idles.  Advice
	 * only, so its failure does not matter.
	 */
	if (f->written - f->flushed >= WRITEBACK_EVERY) {
		(void)sync_file_range(f->fd, (off_t)f->flushed, (off_t)(f->written - f->flushed),
				      SYNC_FILE_RANGE_WRITE);
		f->flushed = f->written;
	}
#endif
	return 0;
}

/*
 * Open the directory that holds path, to fsync it after a rename.  Done
 * before the rename, so that nothing that can fail for want of memory comes
 * after the step that cannot be undone.
 */
static int open_dir_of(const char *path, int *fd, struct slds_error *err)
{
	char *dir = dir_of(path);
	int ret = 0;

	*fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*fd < 0)
		ret = error_set(err, SLDS_EIO, "could not open directory \"%s\": %s",
				dir, strerror(errno));
	free(dir);
	return ret;
}

int atomic_file_commit(struct atomic_file *f, struct slds_error *err)
{
	int ret = 0, fd = f->fd, dirfd = -1;

	if (fd < 0) {
		ret = error_set(err, SLDS_EIO, "could not commit file \"%s\": %s",
				f->path ? f->path : "(none)", strerror(EBADF));
		goto cleanup;
	}
	f->fd = -1;
	if (fsync(fd) != 0) {
		ret = error_set(err, SLDS_EIO, "could not fsync file \"%s\": %s",
				f->tmp_path, strerror(errno));
		close(fd);
		unlink(f->tmp_path);
		goto cleanup;
	}
	/* close() reports delayed write errors on some file systems (NFS). */
	if (close(fd) != 0) {
		ret = error_set(err, SLDS_EIO, "could not close file \"%s\": %s",
				f->tmp_path, strerror(errno));
		unlink(f->tmp_path);
		goto cleanup;
	}
	ret = open_dir_of(f->path, &dirfd, err);
	if (ret) {
		unlink(f->tmp_path);
		goto cleanup;
	}
	if (rename(f->tmp_path, f->path) != 0) {
		ret = error_set(err, SLDS_EIO, "could not rename file \"%s\" to \"%s\": %s",
				f->tmp_path, f->path, strerror(errno));
		unlink(f->tmp_path);
		goto cleanup;
	}
	/* As PostgreSQL does: some file systems cannot fsync a directory. */
	if (fsync(dirfd) != 0 && errno != EINVAL && errno != EBADF)
		ret = error_set(err, SLDS_EIO, "could not fsync the directory of \"%s\": %s",
				f->path, strerror(errno));

cleanup:
	if (dirfd >= 0)
		close(dirfd);
	release(f);
	return ret;
}

void atomic_file_abort(struct atomic_file *f)
{
	if (f->fd >= 0) {
		close(f->fd);
		unlink(f->tmp_path);
	}
	release(f);
}

int write_file_atomic(const char *path, const void *data, size_t len,
		      struct slds_error *err)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	int ret;

	ret = atomic_file_open(&f, path, err);
	if (ret < 0)
		return ret;
	ret = atomic_file_write(&f, data, len, err);
	if (ret < 0) {
		atomic_file_abort(&f);
		return ret;
	}
	return atomic_file_commit(&f, err);
}

int read_file(const char *path, size_t max, char **out, size_t *len,
	      struct slds_error *err)
{
	struct buf b;
	struct stat st;
	size_t want;
	ssize_t n;
	char probe;
	int fd, ret = 0;

	/* buf keeps a NUL after max bytes: max + 1 must not wrap. */
	if (max == SIZE_MAX)
		max--;
	buf_init(&b, max);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, errno == ENOENT ? SLDS_ENOENT : SLDS_EIO,
				 "could not open file \"%s\": %s", path, strerror(errno));
	/* Allocate once when the size is known; the loop still reads to EOF. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uintmax_t)st.st_size <= max)
		buf_grow(&b, (size_t)st.st_size);

	for (;;) {
		if (b.len == max) {
			/* Full: one byte more means the file is too large. */
			n = read(fd, &probe, 1);
			if (n > 0) {
				ret = error_set(err, SLDS_ELIMIT, "file \"%s\" is too large", path);
				error_detail(err, "The limit is %zu bytes.", max);
				goto cleanup;
			}
		} else {
			want = max - b.len < READ_CHUNK ? max - b.len : READ_CHUNK;
			buf_grow(&b, want);
			n = read(fd, b.data + b.len, want);
			if (n > 0) {
				b.len += (size_t)n;
				b.data[b.len] = '\0';
			}
		}
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = error_set(err, SLDS_EIO, "could not read file \"%s\": %s",
					path, strerror(errno));
			goto cleanup;
		}
	}
	*out = buf_detach(&b, len);

cleanup:
	buf_release(&b);
	close(fd);
	return ret;
}

int mkdir_p(const char *path, struct slds_error *err)
{
	char *copy = xstrdup(path);
	char *p = copy;
	int ret = 0, last;
	char c;

	if (!*copy) {
		ret = error_set(err, SLDS_EIO, "could not create directory \"%s\": %s",
				path, strerror(ENOENT));
		goto cleanup;
	}
	while (*p == '/')
		p++;
	if (!*p)
		goto cleanup;	/* "/" exists */
	for (;;) {
		/* Make the prefix up to the end of this component. */
		while (*p && *p != '/')
			p++;
		last = !*p;
		c = *p;
		*p = '\0';
		/*
		 * An existing directory can fail with EACCES or EROFS rather
		 * than EEXIST, so look at what is there rather than at errno.
		 */
		if (mkdir(copy, 0777) != 0) {
			int e = errno;

			if (!is_dir(copy)) {
				ret = error_set(err, SLDS_EIO,
						"could not create directory \"%s\": %s",
						copy, strerror(e == EEXIST ? ENOTDIR : e));
				goto cleanup;
			}
		}
		*p = c;
		while (*p == '/')
			p++;
		if (last || !*p)
			break;
	}

cleanup:
	free(copy);
	return ret;
}

char *path_join(const char *dir, const char *name)
{
	size_t dlen = strlen(dir);

	if (!dlen)
		return xstrdup(name);
	while (*name == '/')
		name++;
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	if (dir[dlen - 1] == '/')
		return xstrfmt("%.*s%s", (int)dlen, dir, name);
	return xstrfmt("%.*s/%s", (int)dlen, dir, name);
}

int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}
