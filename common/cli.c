/*
 * cli.c: the parts of main() every program shares.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "cli.h"
#include "error.h"
#include "log.h"
#include "banned.h"

int cli_early_help(int argc, char **argv, cli_help_fn help)
{
	if (argc > 1 && !strcmp(argv[1], "-?")) {
		help(log_progname());
		return 1;
	}
	return 0;
}

int cli_common_option(int c, cli_help_fn help, int *exit_code)
{
	switch (c) {
	case CLI_OPT_HELP:
		help(log_progname());
		*exit_code = SLDS_EXIT_OK;
		return 1;
	case 'q':
		log_less_verbose();
		return 0;
	case 'v':
		log_more_verbose();
		return 0;
	case 'V':
		printf("%s (slds) %s\n", log_progname(), SLDS_VERSION);
		*exit_code = SLDS_EXIT_OK;
		return 1;
	case '?':
		/* getopt_long() has said what was wrong. */
		log_usage_hint();
		*exit_code = SLDS_EXIT_USAGE;
		return 1;
	default:
		return -1;
	}
}

int cli_usage_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_error("%s", msg);
	log_usage_hint();
	return SLDS_EXIT_USAGE;
}

int cli_check_args(int nargs, char *const *args, size_t min, size_t max,
		   const char *const *names)
{
	struct buf b = BUF_INIT(1024);
	size_t n = nargs < 0 ? 0 : (size_t)nargs, i;
	int rc;

	if (n > max)
		return cli_usage_error("too many command-line arguments (first is \"%s\")",
				       args[max]);
	if (n >= min)
		return 0;
	for (i = n; i < min; i++)
		buf_addf(&b, "%s%s", i == n ? "" : i + 1 == min ? " and " : ", ", names[i]);
	rc = cli_usage_error("missing %s", b.data);
	buf_release(&b);
	return rc;
}

int cli_exit(int rc, struct slds_error *err)
{
	if (rc) {
		log_slds_error(err);
		rc = error_exit_code(rc);
	}
	error_clear(err);
	return rc;
}

char *cli_program_dir(const char *argv0)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	char *slash;

	if (n <= 0) {
		if (!strchr(argv0, '/'))
			return NULL;
		snprintf(path, sizeof(path), "%s", argv0);
	} else {
		path[n] = '\0';
	}
	slash = strrchr(path, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return xstrdup(path);
}
