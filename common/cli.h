/*
 * cli.h: what every program's main() shares: the options -q, -v, -V and -?
 * (--quiet, --verbose, --version, --help), the check of positional arguments
 * with its messages, and the last step that prints an error and turns it into
 * an exit code.  Like PostgreSQL's fe_utils, this part of the library prints:
 * it exists for programs.
 */
#ifndef SLDS_CLI_H
#define SLDS_CLI_H

#include <getopt.h>
#include <stddef.h>

struct slds_error;

enum { CLI_OPT_HELP = 0x100 };

/* Entries for a program's sorted struct option table. */
#define CLI_OPTION_HELP { "help", no_argument, NULL, CLI_OPT_HELP }
#define CLI_OPTION_QUIET { "quiet", no_argument, NULL, 'q' }
#define CLI_OPTION_VERBOSE { "verbose", no_argument, NULL, 'v' }
#define CLI_OPTION_VERSION { "version", no_argument, NULL, 'V' }
/* Short options, to put in the getopt string. */
#define CLI_SHORT_OPTIONS "qvV"

typedef void (*cli_help_fn)(const char *progname);

/* "-?" as the first argument (PostgreSQL's convention): print help, return 1. */
int cli_early_help(int argc, char **argv, cli_help_fn help);

/*
 * Handle what getopt_long() returned if it is a common option: 0 when
 * handled and main() goes on; 1 when main() must return *exit_code (help or
 * version printed, or an unknown option reported); -1 when c is not common.
 */
int cli_common_option(int c, cli_help_fn help, int *exit_code);

/*
 * Check that there are between min and max positional arguments, named by
 * names[] in order ("submission folder", "output folder").  0, or
 * SLDS_EXIT_USAGE after printing "missing output folder" or "too many
 * command-line arguments (first is ...)" and the hint to use --help.
 */
int cli_check_args(int nargs, char *const *args, size_t min, size_t max,
		   const char *const *names);

/* Print a usage error and the --help hint; returns SLDS_EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The end of main(): when rc is an error code, print err and map it to an
 * exit code (DESIGN.md); clear err.  Returns the exit code.
 */
int cli_exit(int rc, struct slds_error *err);

/*
 * The folder the running program lives in, where its sibling programs are
 * and, in a build tree, ../sql and ../data: a new string, or NULL if it
 * cannot be found.
 */
char *cli_program_dir(const char *argv0);

#endif
