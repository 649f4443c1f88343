/*
 * testlib.c: helpers shared by the unit tests: scratch directories and files.
 *
 * Deliberately written on plain POSIX calls, not on fsutil.c: the tests of a
 * module must not lean on the module.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "testlib.h"
#include "banned.h"

char *ut_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *path;
	size_t size;

	if (!base || !*base)
		base = "/tmp";
	size = strlen(base) + sizeof("/slds-unit.XXXXXX");
	path = malloc(size);
	ck_assert_ptr_nonnull(path);
	snprintf(path, size, "%s/slds-unit.XXXXXX", base);
	ck_assert_msg(mkdtemp(path) != NULL, "mkdtemp(\"%s\"): %s", path, strerror(errno));
	return path;
}

void ut_rmtree(const char *path)
{
	struct stat st;
	struct dirent *de;
	DIR *dir;

	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		dir = opendir(path);
		ck_assert_msg(dir != NULL, "opendir(\"%s\"): %s", path, strerror(errno));
		while ((de = readdir(dir)) != NULL) {
			char *sub;

			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			sub = ut_path(path, de->d_name);
			ut_rmtree(sub);
			free(sub);
		}
		closedir(dir);
		ck_assert_msg(rmdir(path) == 0, "rmdir(\"%s\"): %s", path, strerror(errno));
	} else {
		ck_assert_msg(unlink(path) == 0, "unlink(\"%s\"): %s", path, strerror(errno));
	}
}

char *ut_path(const char *dir, const char *name)
{
	size_t size = strlen(dir) + strlen(name) + 2;
	char *p = malloc(size);

	ck_assert_ptr_nonnull(p);
	snprintf(p, size, "%s/%s", dir, name);
	return p;
}

void ut_write_file(const char *path, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_msg(fd >= 0, "open(\"%s\"): %s", path, strerror(errno));
	while (len > 0) {
		n = write(fd, p, len);
		ck_assert_msg(n > 0, "write(\"%s\"): %s", path, strerror(errno));
		p += n;
		len -= (size_t)n;
	}
	ck_assert_int_eq(close(fd), 0);
}

char *ut_read_file(const char *path, size_t *len)
{
	size_t cap = 4096, used = 0;
	char *data = malloc(cap);
	ssize_t n;
	int fd;

	ck_assert_ptr_nonnull(data);
	fd = open(path, O_RDONLY);
	ck_assert_msg(fd >= 0, "open(\"%s\"): %s", path, strerror(errno));
	for (;;) {
		if (cap - used < 2) {
			cap *= 2;
			data = realloc(data, cap);
			ck_assert_ptr_nonnull(data);
		}
		n = read(fd, data + used, cap - used - 1);
		ck_assert_msg(n >= 0, "read(\"%s\"): %s", path, strerror(errno));
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	data[used] = '\0';
	if (len)
		*len = used;
	return data;
}

int ut_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/*
 * A sanitizer that finds an error (or a leak) exits with status 1 by default,
 * which is also SLDS_EXIT_FAILURE, the status the allocation-failure tests
 * expect: without these, a use-after-free on the way out of an injected
 * failure would pass as a clean exit.  A status of its own makes it fail.
 * Read by the sanitizer runtimes at start-up; unused in a plain build.
 */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void)
{
	return "exitcode=86";
}

const char *__ubsan_default_options(void)
{
	return "exitcode=86:print_stacktrace=1";
}

char *ut_dir;
static char *ut_top;

static void scratch_case_setup(void)
{
	ut_top = ut_tmpdir();
}

static void scratch_case_teardown(void)
{
	ut_rmtree(ut_top);
	free(ut_top);
	ut_top = NULL;
}

static void scratch_setup(void)
{
	ut_dir = ut_path(ut_top, "t.XXXXXX");
	ck_assert_msg(mkdtemp(ut_dir) != NULL, "mkdtemp(\"%s\") failed", ut_dir);
}

static void scratch_teardown(void)
{
	ut_rmtree(ut_dir);
	free(ut_dir);
	ut_dir = NULL;
}

void ut_scratch(TCase *tc)
{
	tcase_add_unchecked_fixture(tc, scratch_case_setup, scratch_case_teardown);
	tcase_add_checked_fixture(tc, scratch_setup, scratch_teardown);
}
