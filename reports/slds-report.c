/*
 * slds-report: state reports from the warehouse, as CSV for machines and a
 * self-contained HTML page for people.
 *
 * The first report is enrollment-counts: distinct students enrolled, by LEA
 * and grade, for one school year and collection, counting only loaded
 * submissions and resolving retired SSIDs to their survivors (a student merged
 * in the registry counts once).  Each export is recorded in ops.audit_log.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "catalog.h"
#include "cli.h"
#include "db.h"
#include "error.h"
#include "fsutil.h"
#include "log.h"
#include "manifest.h"
#include "banned.h"

struct report_options {
	const char *dbname;
	const char *output_dir;
	const char *collection;
	int school_year;		/* 0: the latest loaded */
	const char *report;
};

static void help(const char *progname);

/* Grade codes in catalog order, as a SQL array literal parameter. */
static char *grade_order(void)
{
	const struct codeset_def *g = catalog_codeset("grade_level");
	struct buf b = BUF_INIT(4096);
	size_t i;

	buf_addch(&b, '{');
	for (i = 0; i < g->nvalues; i++)
		buf_addf(&b, "%s%s", i ? "," : "", g->values[i].code);
	buf_addch(&b, '}');
	return buf_detach(&b, NULL);
}

static int enrollment_counts(PGconn *conn, const struct report_options *opts,
			     struct slds_error *err)
{
	const struct codeset_def *grades = catalog_codeset("grade_level");
	struct buf csv = BUF_INIT(64 * 1024 * 1024), html = BUF_INIT(64 * 1024 * 1024);
	char year[12], *order = grade_order(), *csv_path = NULL, *html_path = NULL;
	PGresult *res = NULL;
	long long *cells = NULL, total = 0;
	size_t nleas = 0, i, g;
	char **leas = NULL;
	int rc = 0, y = opts->school_year;

	if (y == 0) {
		const char *params[] = { opts->collection };

		res = db_query(conn, "SELECT max(school_year) FROM ops.submission"
			       " WHERE status = 'loaded' AND collection = $1", 1, params, err);
		if (!res) {
			rc = err->code;
			goto cleanup;
		}
		if (PQgetisnull(res, 0, 0)) {
			rc = error_set(err, SLDS_EDATA, "no %s submission has been loaded",
				       opts->collection);
			goto cleanup;
		}
		y = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
		res = NULL;
	}
	snprintf(year, sizeof(year), "%d", y);
	{
		const char *params[] = { year, opts->collection, order };

		res = db_query(conn,
			       "SELECT e.lea_id, e.grade_level, count(DISTINCT e.ssid)"
			       " FROM warehouse.enrollment_resolved e"
			       " JOIN ops.submission s USING (submission_id)"
			       " WHERE e.school_year = $1::integer AND s.collection = $2"
			       " AND s.status = 'loaded'"
			       " GROUP BY 1, 2"
			       " ORDER BY 1, array_position($3::text[], e.grade_level), 2",
			       3, params, err);
	}
	if (!res) {
		rc = err->code;
		goto cleanup;
	}
	/* Pivot: one row per LEA, one column per grade. */
	leas = xcalloc((size_t)PQntuples(res) + 1, sizeof(*leas));
	cells = xcalloc(((size_t)PQntuples(res) + 1) * grades->nvalues, sizeof(*cells));
	buf_adds(&csv, "lea_id,grade_level,students\n");
	for (i = 0; i < (size_t)PQntuples(res); i++) {
		const char *lea = PQgetvalue(res, (int)i, 0);
		const char *grade = PQgetvalue(res, (int)i, 1);
		long long n = strtoll(PQgetvalue(res, (int)i, 2), NULL, 10);

		buf_addf(&csv, "%s,%s,%lld\n", lea, grade, n);
		if (nleas == 0 || strcmp(leas[nleas - 1], lea))
			leas[nleas++] = xstrdup(lea);
		for (g = 0; g < grades->nvalues; g++)
			if (!strcmp(grades->values[g].code, grade))
				cells[(nleas - 1) * grades->nvalues + g] = n;
	}
	buf_adds(&html, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
	buf_addf(&html, "<title>Enrollment counts, school year %d-%02d</title>\n", y - 1, y % 100);
	buf_adds(&html, "<style>\nbody{font-family:sans-serif;margin:2em}"
		 "table{border-collapse:collapse}"
		 "th,td{border:1px solid #999;padding:.2em .5em;text-align:right}"
		 "th:first-child,td:first-child{text-align:left}"
		 "tfoot td{font-weight:bold}\n</style>\n</head>\n<body>\n");
	buf_addf(&html, "<h1>Enrollment counts, school year %d-%02d</h1>\n", y - 1, y % 100);
	buf_adds(&html, "<p>Distinct students with an enrollment, by LEA and grade, from the ");
	buf_add_html(&html, opts->collection);
	buf_adds(&html, " collection of loaded submissions.</p>\n<table>\n<thead><tr><th>LEA</th>");
	for (g = 0; g < grades->nvalues; g++)
		buf_addf(&html, "<th>%s</th>", grades->values[g].code);
	buf_adds(&html, "<th>Total</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < nleas; i++) {
		long long row = 0;

		buf_adds(&html, "<tr><td>");
		buf_add_html(&html, leas[i]);
		buf_adds(&html, "</td>");
		for (g = 0; g < grades->nvalues; g++) {
			long long n = cells[i * grades->nvalues + g];

			row += n;
			buf_addf(&html, "<td>%lld</td>", n);
		}
		buf_addf(&html, "<td>%lld</td></tr>\n", row);
	}
	/*
	 * The state's row counts each student once, also one enrolled at two
	 * LEAs (a mover, a part-time online student): not the sum of the rows.
	 */
	PQclear(res);
	{
		const char *params[] = { year, opts->collection };

		res = db_query(conn,
			       "SELECT e.grade_level, count(DISTINCT e.ssid)"
			       " FROM warehouse.enrollment_resolved e"
			       " JOIN ops.submission s USING (submission_id)"
			       " WHERE e.school_year = $1::integer AND s.collection = $2"
			       " AND s.status = 'loaded'"
			       " GROUP BY GROUPING SETS ((e.grade_level), ())",
			       2, params, err);
	}
	if (!res) {
		rc = err->code;
		goto cleanup;
	}
	buf_adds(&html, "</tbody>\n<tfoot><tr><td>State (distinct students)</td>");
	total = 0;
	for (g = 0; g < grades->nvalues; g++) {
		long long col = 0;

		for (i = 0; i < (size_t)PQntuples(res); i++)
			if (!PQgetisnull(res, (int)i, 0) &&
			    !strcmp(PQgetvalue(res, (int)i, 0), grades->values[g].code))
				col = strtoll(PQgetvalue(res, (int)i, 1), NULL, 10);
		buf_addf(&html, "<td>%lld</td>", col);
	}
	for (i = 0; i < (size_t)PQntuples(res); i++)
		if (PQgetisnull(res, (int)i, 0))
			total = strtoll(PQgetvalue(res, (int)i, 1), NULL, 10);
	buf_addf(&html, "<td>%lld</td></tr></tfoot>\n</table>\n", total);
	buf_adds(&html, "<p>A student enrolled at two LEAs in the year (who moved, or takes part of"
		 " their courses with another LEA) is counted in each LEA's row and once in the"
		 " state's.</p>\n</body>\n</html>\n");

	rc = mkdir_p(opts->output_dir, err);
	if (rc)
		goto cleanup;
	csv_path = xstrfmt("%s/enrollment-counts-%d.csv", opts->output_dir, y);
	html_path = xstrfmt("%s/enrollment-counts-%d.html", opts->output_dir, y);
	rc = write_file_atomic(csv_path, csv.data, csv.len, err);
	if (!rc)
		rc = write_file_atomic(html_path, html.data, html.len, err);
	if (rc)
		goto cleanup;
	PQclear(res);
	{
		char total_s[24];
		const char *params[] = { csv_path, html_path, year, total_s };

		snprintf(total_s, sizeof(total_s), "%lld", total);
		res = db_query(conn, "INSERT INTO ops.audit_log (action, object, detail)"
			       " VALUES ('export', $1, jsonb_build_object('report', 'enrollment-counts',"
			       " 'html', $2::text, 'school_year', $3::integer, 'students', $4::bigint))",
			       4, params, err);
		if (!res) {
			rc = err->code;
			goto cleanup;
		}
	}
	printf("%s\n%s\n", csv_path, html_path);
cleanup:
	if (res)
		PQclear(res);
	for (i = 0; i < nleas; i++)
		free(leas[i]);
	free(leas);
	free(cells);
	free(order);
	free(csv_path);
	free(html_path);
	buf_release(&csv);
	buf_release(&html);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "collection", required_argument, NULL, 'c' },
		{ "dbname", required_argument, NULL, 'd' },
		CLI_OPTION_HELP,
		{ "output-dir", required_argument, NULL, 'o' },
		CLI_OPTION_QUIET,
		{ "school-year", required_argument, NULL, 'y' },
		CLI_OPTION_VERBOSE,
		CLI_OPTION_VERSION,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const args[] = { "report name" };
	struct report_options opts = { NULL, NULL, "daily", 0, NULL };
	struct slds_error err = SLDS_ERROR_INIT;
	PGconn *conn;
	int c, code, rc;

	log_init(argv[0]);
	if (cli_early_help(argc, argv, help))
		return SLDS_EXIT_OK;
	while ((c = getopt_long(argc, argv, "c:d:o:y:" CLI_SHORT_OPTIONS, long_options, NULL)) != -1) {
		if (cli_common_option(c, help, &code) > 0)
			return code;
		switch (c) {
		case 'c':
			if (!manifest_collection_valid(optarg))
				return cli_usage_error("invalid collection \"%s\": collections are daily, october-1, december-1 and year-end",
						       optarg);
			opts.collection = optarg;
			break;
		case 'd':
			opts.dbname = optarg;
			break;
		case 'o':
			opts.output_dir = optarg;
			break;
		case 'y':
			if (parse_school_year(optarg, &opts.school_year))
				return cli_usage_error("invalid school year \"%s\": give the year it ends (2027) or the span (2026-27)",
						       optarg);
			break;
		}
	}
	if ((code = cli_check_args(argc - optind, argv + optind, 1, 1, args)) != 0)
		return code;
	opts.report = argv[optind];
	if (strcmp(opts.report, "enrollment-counts"))
		return cli_usage_error("unknown report \"%s\": reports are enrollment-counts",
				       opts.report);
	if (!opts.output_dir)
		return cli_usage_error("no output folder given: use --output-dir=DIR");
	conn = db_connect(opts.dbname, "slds-report", &err);
	rc = conn ? enrollment_counts(conn, &opts, &err) : err.code;
	if (conn)
		PQfinish(conn);
	return cli_exit(rc, &err);
}

static void help(const char *progname)
{
	printf("%s writes state reports from the warehouse as CSV and HTML.\n\n", progname);
	printf("Usage:\n");
	printf("  %s [OPTION]... REPORT\n\n", progname);
	printf("Reports:\n");
	printf("  enrollment-counts         distinct students enrolled, by LEA and grade\n\n");
	printf("Options:\n");
	printf("  -c, --collection=NAME     daily, october-1, december-1 or year-end\n"
	       "                            (default: daily)\n");
	printf("  -d, --dbname=CONNINFO     the warehouse's database (default: PG* variables)\n");
	printf("  -o, --output-dir=DIR      where to write the report files (required)\n");
	printf("  -y, --school-year=YEAR    school year, as 2027 or 2026-27 (default: the\n"
	       "                            latest with a loaded submission)\n");
	printf("  -q, --quiet               print errors only\n");
	printf("  -v, --verbose             print more\n");
	printf("  -V, --version             output version information, then exit\n");
	printf("  -?, --help                show this help, then exit\n\n");
	printf("The paths of the files written are printed on standard output.\n");
	printf("Exit status: 0 success, 64 bad invocation, 65 nothing to report,\n"
	       "75 database unreachable (safe to retry), 1 other failure.\n");
}
