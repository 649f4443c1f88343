/*
 * error.h: the error object library code fills, and the exit codes programs use.
 *
 * Library functions never print and never exit (allocation failure aside, see
 * alloc.h).  They return 0 on success or a negative SLDS_E* code, and fill a
 * struct slds_error with a message in PostgreSQL's style: the primary message
 * lower case without a final period ("could not open file \"x\""), detail and
 * hint as full sentences.  Programs print it (log_slds_error()) and map it to an
 * exit code (error_exit_code()).  Messages never carry a student's name, birth
 * date or address: name records by file, line, local ID or SSID.
 */
#ifndef SLDS_ERROR_H
#define SLDS_ERROR_H

/* Exit codes of every program (DESIGN.md). */
enum slds_exit {
	SLDS_EXIT_OK = 0,
	SLDS_EXIT_FAILURE = 1,
	SLDS_EXIT_USAGE = 64,
	SLDS_EXIT_DATAERR = 65,
	SLDS_EXIT_NOINPUT = 66,
	SLDS_EXIT_SOFTWARE = 70,
	SLDS_EXIT_TEMPFAIL = 75
};

/* Return codes of library functions: 0 is success, these are failures. */
enum slds_errcode {
	SLDS_OK = 0,
	SLDS_ERROR = -1,	/* failure not covered below */
	SLDS_ENOENT = -2,	/* an input does not exist */
	SLDS_EDATA = -3,	/* the input is malformed or breaks a rule */
	SLDS_ELIMIT = -4,	/* a size limit was reached */
	SLDS_EIO = -5,		/* a read, write, fsync or rename failed */
	SLDS_EDB = -6,		/* the database refused a statement */
	SLDS_ERETRY = -7,	/* temporary: connection lost, serialization */
	SLDS_EINTERNAL = -8	/* a bug: an invariant does not hold */
};

struct slds_error {
	int code;		/* an enum slds_errcode, SLDS_OK when clear */
	char *message;		/* owned; NULL when clear */
	char *detail;		/* owned; NULL if none */
	char *hint;		/* owned; NULL if none */
	char sqlstate[6];	/* "" if none */
};

#define SLDS_ERROR_INIT { SLDS_OK, NULL, NULL, NULL, "" }

/*
 * Set the error's code and primary message, replacing what it held, and return
 * code so that a caller can write "return error_set(err, SLDS_EDATA, ...)".
 * err may be NULL, in which case only code is returned.
 */
int error_set(struct slds_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Add (replace) the detail or hint of an error already set.  err may be NULL. */
void error_detail(struct slds_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void error_hint(struct slds_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Prefix the primary message with context: "ctx: message".  Used when a caller
 * knows more than the callee (the file being read, the step being run).
 */
void error_prefix(struct slds_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Free what the error holds and make it clear again. */
void error_clear(struct slds_error *err);

/* The exit code of the table in DESIGN.md that fits an error code. */
int error_exit_code(int code);

/* A short constant description of an error code ("input rejected", ...). */
const char *error_code_name(int code);

#endif
