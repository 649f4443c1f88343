/*
 * testlib.h: helpers shared by the unit tests: scratch directories and files.
 *
 * Each helper fails the running Check test when the system call under it
 * fails, so that a test never goes on with a half-made fixture.
 */
#ifndef SLDS_TESTLIB_H
#define SLDS_TESTLIB_H

#include <stddef.h>

#include <check.h>

/* A new empty directory under $TMPDIR (or /tmp); free() the name. */
char *ut_tmpdir(void);
/* Remove path and everything under it; a missing path is not an error. */
void ut_rmtree(const char *path);
/* "dir/name" in a new allocation. */
char *ut_path(const char *dir, const char *name);
/* Create or truncate path and write len bytes of data into it. */
void ut_write_file(const char *path, const void *data, size_t len);
/* The bytes of path in a new NUL-terminated allocation, length in *len. */
char *ut_read_file(const char *path, size_t *len);
/* 1 if path exists (lstat succeeds). */
int ut_exists(const char *path);

/*
 * A fresh scratch directory for every test of a test case, in ut_dir.  The
 * tests' directories live inside one per test case, created and removed by
 * an unchecked fixture that runs in the parent process: a failing test's own
 * teardown does not run (Check ends its process), but nothing is left in
 * /tmp all the same.  ut_dir is valid during a test.
 */
extern char *ut_dir;
void ut_scratch(TCase *tc);

#endif
