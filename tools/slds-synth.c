/*
 * slds-synth: a synthetic state with ground truth, for the demo and the tests.
 *
 * Generates LEAs of skewed sizes with elementary, middle and high schools,
 * and students in grades KG to 12, each with a legal name from the project's
 * name lists, a birth date that fits the grade, sex and race/ethnicity.  About
 * 1% of students come as twins (same LEA, grade, birth date and surname,
 * different first names, some as close as Jayden and Jaden); about 2% move
 * to another LEA mid-year and so appear in two LEAs' submissions under two
 * local IDs.  The output is one submission folder per LEA in the inbox layout
 * (manifest.ini, students.csv, enrollments.csv), and truth files that say who
 * every submitted student record really is and how many enrollments each LEA
 * and grade should count.  The same seed gives byte-identical output.
 *
 * This first version writes one school year of clean student and enrollment
 * records; noise, errors, more years and record types, Ed-Fi XML and the
 * streaming needed at Texas scale come with the generator's own issue.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "catalog.h"
#include "cli.h"
#include "error.h"
#include "fsutil.h"
#include "log.h"
#include "manifest.h"
#include "parse.h"
#include "synth_names.h"
#include "synth_rng.h"
#include "banned.h"

#define NGRADES 13		/* KG, 01 .. 12 */
#define MAX_LEAS 9801	/* LEA IDs 0101 .. 9999, skipping 00 */
#define MAX_STUDENTS 10000000

struct synth_options {
	long long students;
	int leas;
	int school_year;
	uint64_t seed;
	const char *out;
};

struct person {
	uint32_t lea, lea2;	/* LEA index; lea2 = the LEA a mover goes to, or lea */
	uint32_t local, local2;	/* local ID numbers at lea and lea2 */
	uint16_t first, middle, last;	/* indexes into the name lists; middle 0xFFFF = none */
	uint8_t grade;		/* 0 = KG .. 12 */
	uint8_t sex;		/* 'F', 'M' or 'X' */
	uint8_t race;		/* index into the race code set */
	uint8_t suffix;		/* 0 none, 1 Jr, 2 III */
	uint8_t school, school2;	/* school number within its level at lea, lea2 */
	uint8_t half_time;
	struct date birth;
};

struct lea {
	char id[16];
	uint32_t nlocal;		/* local IDs handed out */
	uint8_t nschools[3];		/* elementary, middle, high */
	uint32_t *members;		/* person indexes: students, then movers in */
	size_t nmembers;
	uint64_t enroll[NGRADES];	/* enrollment rows per grade */
};

struct synth {
	const struct synth_options *opts;
	struct rng rng;
	struct person *persons;
	size_t npersons;
	struct lea *leas;
	unsigned long long twins, movers, schools, enrollment_rows;
	unsigned long long female_total, male_total, surname_total;
};

static const char *const grade_codes[NGRADES] = {
	"KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"
};
/* Race/ethnicity codes with their shares in a thousand. */
static const char *const race_codes[] = { "WH7", "HI7", "BL7", "AS7", "MU7", "AM7", "PI7" };
static const unsigned race_weights[] = { 460, 280, 120, 60, 50, 18, 12 };

static void help(const char *progname);

static int level_of(int grade)
{
	return grade <= 5 ? 0 : grade <= 8 ? 1 : 2;
}

static const char *first_name_of(const struct person *p)
{
	return p->sex == 'F' || (p->sex == 'X' && p->first >= male_names.n)
		       ? female_names.names[p->first % female_names.n]
		       : male_names.names[p->first % male_names.n];
}

static uint16_t pick_first(struct synth *s, int sex)
{
	if (sex == 'F')
		return (uint16_t)rng_weighted(&s->rng, female_names.weights, female_names.n,
					      s->female_total);
	return (uint16_t)rng_weighted(&s->rng, male_names.weights, male_names.n, s->male_total);
}

static void make_person(struct synth *s, struct person *p, uint32_t lea)
{
	struct rng *r = &s->rng;
	int age_extra = rng_chance(r, 40000) ? 1 : 0;

	memset(p, 0, sizeof(*p));
	p->lea = p->lea2 = lea;
	p->grade = (uint8_t)rng_below(r, NGRADES);
	p->sex = rng_chance(r, 2000) ? 'X' : rng_chance(r, 500000) ? 'F' : 'M';
	p->first = pick_first(s, p->sex == 'X' ? 'F' : p->sex);
	p->middle = rng_chance(r, 700000) ? pick_first(s, p->sex == 'M' ? 'M' : 'F') : 0xFFFF;
	p->last = (uint16_t)rng_weighted(r, surnames.weights, surnames.n, s->surname_total);
	p->suffix = p->sex == 'M' && rng_chance(r, 15000) ? (uint8_t)(1 + rng_below(r, 2)) : 0;
	p->race = (uint8_t)rng_weighted(r, race_weights, 7, 1000);
	p->half_time = rng_chance(r, 10000);
	/* Five years old on September 1 for kindergarten; a few a year older. */
	p->birth.year = s->opts->school_year - 1 - 5 - p->grade - age_extra;
	p->birth.month = 1 + (int)rng_below(r, 12);
	p->birth.day = 1 + (int)rng_below(r, (uint64_t)date_days_in_month(p->birth.year, p->birth.month));
	if (p->birth.month >= 9)
		p->birth.year--;
	p->school = (uint8_t)rng_below(r, s->leas[lea].nschools[level_of(p->grade)]);
	p->school2 = p->school;
}

/* A twin of p: same LEA, grade, school, birth date, surname and race. */
static void make_twin(struct synth *s, struct person *t, const struct person *p)
{
	const char *close;

	*t = *p;
	t->sex = rng_chance(&s->rng, 500000) ? p->sex : (p->sex == 'F' ? 'M' : 'F');
	t->middle = rng_chance(&s->rng, 700000) ? pick_first(s, t->sex == 'M' ? 'M' : 'F') : 0xFFFF;
	t->suffix = 0;
	close = t->sex == p->sex ? similar_first_name(first_name_of(p)) : NULL;
	if (close) {
		const struct name_list *l = t->sex == 'F' ? &female_names : &male_names;
		unsigned i;

		for (i = 0; i < l->n; i++)
			if (!strcmp(l->names[i], close))
				t->first = (uint16_t)i;
	} else {
		do
			t->first = pick_first(s, t->sex == 'X' ? 'F' : t->sex);
		while (t->sex == p->sex && t->first == p->first);
	}
}

static int generate(struct synth *s, struct slds_error *err)
{
	const struct synth_options *o = s->opts;
	unsigned *weights = xcalloc((size_t)o->leas, sizeof(*weights));
	uint64_t total = 0;
	size_t i;
	int l;

	s->female_total = name_list_total(&female_names);
	s->male_total = name_list_total(&male_names);
	s->surname_total = name_list_total(&surnames);
	s->leas = xcalloc((size_t)o->leas, sizeof(*s->leas));
	/* LEA sizes follow a Zipf-like law: a few large districts, many small. */
	for (l = 0; l < o->leas; l++) {
		weights[l] = (unsigned)(1000000.0 / (1.0 + l) / (1.0 + 0.1 * l));
		total += weights[l];
	}
	for (l = 0; l < o->leas; l++) {
		struct lea *lea = &s->leas[l];
		unsigned long long expect = (unsigned long long)o->students * weights[l] / total;

		snprintf(lea->id, sizeof(lea->id), "%02d%02d", 1 + l / 99, 1 + l % 99);
		lea->nschools[0] = (uint8_t)(1 + (expect * 6 / 13) / 450 > 40 ? 40 : 1 + (expect * 6 / 13) / 450);
		lea->nschools[1] = (uint8_t)(1 + (expect * 3 / 13) / 800 > 20 ? 20 : 1 + (expect * 3 / 13) / 800);
		lea->nschools[2] = (uint8_t)(1 + (expect * 4 / 13) / 1200 > 20 ? 20 : 1 + (expect * 4 / 13) / 1200);
		s->schools += lea->nschools[0] + lea->nschools[1] + lea->nschools[2];
	}
	s->persons = xmallocarray((size_t)o->students, sizeof(*s->persons));
	/* Every LEA gets at least one student, then by weight. */
	for (i = 0; i < (size_t)o->students; i++) {
		uint32_t lea = i < (size_t)o->leas ? (uint32_t)i
				 : rng_weighted(&s->rng, weights, (unsigned)o->leas, total);
		struct person *p = &s->persons[s->npersons++];

		make_person(s, p, lea);
		if (i + 1 < (size_t)o->students && rng_chance(&s->rng, 5000)) {
			make_twin(s, &s->persons[s->npersons++], p);
			s->twins++;
			i++;
		}
	}
	/* Movers leave for another LEA in January. */
	for (i = 0; i < s->npersons && o->leas > 1; i++) {
		struct person *p = &s->persons[i];

		if (!rng_chance(&s->rng, 20000))
			continue;
		do
			p->lea2 = (uint32_t)rng_below(&s->rng, (uint64_t)o->leas);
		while (p->lea2 == p->lea);
		p->school2 = (uint8_t)rng_below(&s->rng, s->leas[p->lea2].nschools[level_of(p->grade)]);
		s->movers++;
	}
	/* Local IDs in order of arrival: an LEA's students, then those who move in. */
	for (i = 0; i < s->npersons; i++)
		s->persons[i].local = ++s->leas[s->persons[i].lea].nlocal;
	for (i = 0; i < s->npersons; i++)
		if (s->persons[i].lea2 != s->persons[i].lea)
			s->persons[i].local2 = ++s->leas[s->persons[i].lea2].nlocal;
	for (l = 0; l < o->leas; l++)
		s->leas[l].members = xmallocarray(s->leas[l].nlocal ? s->leas[l].nlocal : 1,
						  sizeof(uint32_t));
	for (i = 0; i < s->npersons; i++) {
		struct lea *lea = &s->leas[s->persons[i].lea];

		lea->members[lea->nmembers++] = (uint32_t)i;
	}
	for (i = 0; i < s->npersons; i++)
		if (s->persons[i].lea2 != s->persons[i].lea) {
			struct lea *lea = &s->leas[s->persons[i].lea2];

			lea->members[lea->nmembers++] = (uint32_t)i;
		}
	free(weights);
	(void)err;
	return 0;
}

/* Append a CSV field, quoted when it must be. */
static void csv_field(struct buf *b, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n")) {
		const char *p;

		buf_addch(b, '"');
		for (p = s; *p; p++) {
			if (*p == '"')
				buf_addch(b, '"');
			buf_addch(b, *p);
		}
		buf_addch(b, '"');
	} else {
		buf_adds(b, s);
	}
	buf_addch(b, last ? '\n' : ',');
}

/* A local ID in the LEA's own style: some use a prefix, some digits only. */
static void local_id(const struct lea *lea, size_t l, uint32_t n, char out[16])
{
	if (l % 2 == 0)
		snprintf(out, 16, "S%06u", (unsigned)n);
	else
		snprintf(out, 16, "%u", (unsigned)(1000000 + n));
	(void)lea;
}

struct out_file {
	struct atomic_file f;
	struct buf b;
	int open;
};

static int out_open(struct out_file *o, const char *path, struct slds_error *err)
{
	buf_init(&o->b, 1024 * 1024);
	o->open = 1;
	return atomic_file_open(&o->f, path, err);
}

static int out_flush(struct out_file *o, int force, struct slds_error *err)
{
	int rc = 0;

	if (o->b.len >= 512 * 1024 || (force && o->b.len)) {
		rc = atomic_file_write(&o->f, o->b.data, o->b.len, err);
		buf_reset(&o->b);
	}
	return rc;
}

static int out_commit(struct out_file *o, struct slds_error *err)
{
	int rc = out_flush(o, 1, err);

	if (!rc)
		rc = atomic_file_commit(&o->f, err);
	o->open = 0;
	buf_release(&o->b);
	return rc;
}

static void out_abort(struct out_file *o)
{
	if (o->open)
		atomic_file_abort(&o->f);
	o->open = 0;
	buf_release(&o->b);
}

static int write_lea(struct synth *s, size_t l, struct out_file *truth, struct slds_error *err)
{
	struct lea *lea = &s->leas[l];
	int y = s->opts->school_year;
	char *dir = xstrfmt("%s/inbox/%s/%d-daily-01", s->opts->out, lea->id, y);
	char *path = NULL;
	struct out_file stu = { ATOMIC_FILE_INIT, BUF_INIT(0), 0 };
	struct out_file enr = { ATOMIC_FILE_INIT, BUF_INIT(0), 0 };
	size_t k;
	int rc;

	rc = mkdir_p(dir, err);
	if (rc)
		goto cleanup;
	path = xstrfmt("%s/%s", dir, MANIFEST_NAME);
	{
		char *text = xstrfmt("# slds submission manifest, written by slds-synth\n"
				     "lea = %s\nschool_year = %d\ncollection = daily\n\n"
				     "[file students.csv]\nrecord = student\nformat = csv\n\n"
				     "[file enrollments.csv]\nrecord = enrollment\nformat = csv\n",
				     lea->id, y);

		rc = write_file_atomic(path, text, strlen(text), err);
		free(text);
	}
	free(path);
	path = xstrfmt("%s/students.csv", dir);
	if (!rc)
		rc = out_open(&stu, path, err);
	free(path);
	path = xstrfmt("%s/enrollments.csv", dir);
	if (!rc)
		rc = out_open(&enr, path, err);
	if (rc)
		goto cleanup;
	buf_adds(&stu.b, "LEA ID,Local Student ID,SSID,First Name,Middle Name,Last Name,Suffix,"
		 "Birth Date,Sex,Race Ethnicity,School Year\n");
	buf_adds(&enr.b, "LEA ID,School ID,Local Student ID,School Year,Grade Level,Entry Date,"
		 "Entry Code,Exit Date,Exit Code,FTE\n");
	for (k = 0; k < lea->nmembers; k++) {
		const struct person *p = &s->persons[lea->members[k]];
		int moved_in = p->lea2 == l && p->lea != l;
		int moves_out = p->lea == l && p->lea2 != l;
		unsigned school = (unsigned)(moved_in ? p->school2 : p->school);
		char id[16], birth[11], school_id[40], entry[11], exit_date[11], year[8];
		struct date d;

		local_id(lea, l, moved_in ? p->local2 : p->local, id);
		date_format(&p->birth, birth);
		snprintf(year, sizeof(year), "%d", y);
		snprintf(school_id, sizeof(school_id), "%s%d%02u", lea->id, 1 + level_of(p->grade), 1 + school);
		csv_field(&stu.b, lea->id, 0);
		csv_field(&stu.b, id, 0);
		csv_field(&stu.b, "", 0);
		csv_field(&stu.b, first_name_of(p), 0);
		csv_field(&stu.b, p->middle == 0xFFFF ? "" :
			  (p->sex == 'M' ? male_names.names[p->middle % male_names.n]
					 : female_names.names[p->middle % female_names.n]), 0);
		csv_field(&stu.b, surnames.names[p->last], 0);
		csv_field(&stu.b, p->suffix == 1 ? "Jr" : p->suffix == 2 ? "III" : "", 0);
		csv_field(&stu.b, birth, 0);
		csv_field(&stu.b, p->sex == 'F' ? "F" : p->sex == 'M' ? "M" : "X", 0);
		csv_field(&stu.b, race_codes[p->race], 0);
		csv_field(&stu.b, year, 1);
		buf_addf(&truth->b, "%s,students.csv,%zu,%s,P%07u\n", lea->id, k + 2, id,
			 lea->members[k] + 1);

		/* Entries around the first days of school; movers leave in January. */
		d = (struct date){ y - 1, 8, 15 + (int)(lea->members[k] % 7) };
		if (moved_in)
			d = (struct date){ y, 2, 1 + (int)(lea->members[k] % 9) };
		date_format(&d, entry);
		d = (struct date){ y, 1, 10 + (int)(lea->members[k] % 15) };
		date_format(&d, exit_date);
		csv_field(&enr.b, lea->id, 0);
		csv_field(&enr.b, school_id, 0);
		csv_field(&enr.b, id, 0);
		csv_field(&enr.b, year, 0);
		csv_field(&enr.b, grade_codes[p->grade], 0);
		csv_field(&enr.b, entry, 0);
		csv_field(&enr.b, moved_in ? "E3" : p->grade == 0 ? "E1" : "E2", 0);
		csv_field(&enr.b, moves_out ? exit_date : "", 0);
		csv_field(&enr.b, moves_out ? "W2" : "", 0);
		csv_field(&enr.b, p->half_time ? "0.50" : "1.00", 1);
		lea->enroll[p->grade]++;
		s->enrollment_rows++;
		rc = out_flush(&stu, 0, err);
		if (!rc)
			rc = out_flush(&enr, 0, err);
		if (!rc)
			rc = out_flush(truth, 0, err);
		if (rc)
			goto cleanup;
	}
	rc = out_commit(&stu, err);
	if (!rc)
		rc = out_commit(&enr, err);
cleanup:
	out_abort(&stu);
	out_abort(&enr);
	free(path);
	free(dir);
	return rc;
}

static int run_synth(const struct synth_options *opts, struct slds_error *err)
{
	struct synth s;
	struct out_file truth = { ATOMIC_FILE_INIT, BUF_INIT(0), 0 };
	struct out_file counts = { ATOMIC_FILE_INIT, BUF_INIT(0), 0 };
	char *tdir = xstrfmt("%s/truth", opts->out), *path = NULL;
	size_t l;
	int g, rc;

	memset(&s, 0, sizeof(s));
	s.opts = opts;
	rng_seed(&s.rng, opts->seed);
	rc = generate(&s, err);
	if (!rc)
		rc = mkdir_p(tdir, err);
	if (rc)
		goto cleanup;
	path = xstrfmt("%s/persons.csv", tdir);
	rc = out_open(&truth, path, err);
	if (rc)
		goto cleanup;
	buf_adds(&truth.b, "lea_id,file,line,local_id,person_id\n");
	for (l = 0; l < (size_t)opts->leas && !rc; l++)
		rc = write_lea(&s, l, &truth, err);
	if (!rc)
		rc = out_commit(&truth, err);
	if (rc)
		goto cleanup;
	free(path);
	path = xstrfmt("%s/enrollment_counts.csv", tdir);
	rc = out_open(&counts, path, err);
	if (rc)
		goto cleanup;
	buf_adds(&counts.b, "lea_id,grade_level,enrollments\n");
	for (l = 0; l < (size_t)opts->leas; l++)
		for (g = 0; g < NGRADES; g++)
			if (s.leas[l].enroll[g])
				buf_addf(&counts.b, "%s,%s,%llu\n", s.leas[l].id, grade_codes[g],
					 (unsigned long long)s.leas[l].enroll[g]);
	rc = out_commit(&counts, err);
	if (rc)
		goto cleanup;
	if (log_get_level() < LOG_ERROR)
		printf("students: %zu\nLEAs: %d\nschools: %llu\nenrollment rows: %llu\n"
		       "movers: %llu\ntwin pairs: %llu\ninbox: %s/inbox\ntruth: %s\n",
		       s.npersons, opts->leas, s.schools, s.enrollment_rows, s.movers, s.twins,
		       opts->out, tdir);
cleanup:
	out_abort(&truth);
	out_abort(&counts);
	if (s.leas)
		for (l = 0; l < (size_t)opts->leas; l++)
			free(s.leas[l].members);
	free(s.leas);
	free(s.persons);
	free(tdir);
	free(path);
	return rc;
}

static int number_arg(const char *name, const char *arg, long long min, long long max,
		      long long *out)
{
	int64_t v;

	if (parse_int64(arg, strlen(arg), min, max, &v) != PARSE_OK) {
		log_error("%s must be a whole number from %lld to %lld, not \"%s\"", name, min, max,
			  arg);
		log_usage_hint();
		return -1;
	}
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		CLI_OPTION_HELP,
		{ "leas", required_argument, NULL, 'l' },
		{ "out", required_argument, NULL, 'o' },
		CLI_OPTION_QUIET,
		{ "school-year", required_argument, NULL, 'y' },
		{ "seed", required_argument, NULL, 's' },
		{ "students", required_argument, NULL, 'n' },
		CLI_OPTION_VERBOSE,
		CLI_OPTION_VERSION,
		{ NULL, 0, NULL, 0 }
	};
	struct synth_options opts = { 2000, 6, 2027, 1, NULL };
	struct slds_error err = SLDS_ERROR_INIT;
	long long v;
	int c, code;

	log_init(argv[0]);
	if (cli_early_help(argc, argv, help))
		return SLDS_EXIT_OK;
	while ((c = getopt_long(argc, argv, "l:n:o:s:y:" CLI_SHORT_OPTIONS, long_options, NULL)) != -1) {
		if (cli_common_option(c, help, &code) > 0)
			return code;
		switch (c) {
		case 'l':
			if (number_arg("--leas", optarg, 1, MAX_LEAS, &v))
				return SLDS_EXIT_USAGE;
			opts.leas = (int)v;
			break;
		case 'n':
			if (number_arg("--students", optarg, 1, MAX_STUDENTS, &v))
				return SLDS_EXIT_USAGE;
			opts.students = v;
			break;
		case 'o':
			opts.out = optarg;
			break;
		case 's':
			if (number_arg("--seed", optarg, 0, INT64_MAX, &v))
				return SLDS_EXIT_USAGE;
			opts.seed = (uint64_t)v;
			break;
		case 'y':
			if (parse_school_year(optarg, &opts.school_year))
				return cli_usage_error("--school-year must be a school year such as 2027 or 2026-27, not \"%s\"",
						       optarg);
			break;
		}
	}
	if ((code = cli_check_args(argc - optind, argv + optind, 0, 0, NULL)) != 0)
		return code;
	if (!opts.out)
		return cli_usage_error("no output folder given: use --out=DIR");
	if (opts.leas > opts.students)
		return cli_usage_error("--leas (%d) must not exceed --students (%lld)", opts.leas,
				       opts.students);
	return cli_exit(run_synth(&opts, &err), &err);
}

static void help(const char *progname)
{
	printf("%s generates a synthetic state: LEA submissions and the truth about them.\n\n",
	       progname);
	printf("Usage:\n");
	printf("  %s [OPTION]... --out=DIR\n\n", progname);
	printf("Writes DIR/inbox/LEA/YEAR-daily-01/ (manifest.ini, students.csv,\n"
	       "enrollments.csv) for every LEA, and DIR/truth/persons.csv (the true person\n"
	       "of every student record) and DIR/truth/enrollment_counts.csv.\n\n");
	printf("Options:\n");
	printf("  -n, --students=N          students in the state (default 2000)\n");
	printf("  -l, --leas=N              LEAs, of skewed sizes (default 6)\n");
	printf("  -o, --out=DIR             where to write (required)\n");
	printf("  -s, --seed=N              random seed: the same seed gives the same bytes\n"
	       "                            (default 1)\n");
	printf("  -y, --school-year=YEAR    school year, as 2027 or 2026-27 (default 2027)\n");
	printf("  -q, --quiet               print errors only\n");
	printf("  -v, --verbose             print more\n");
	printf("  -V, --version             output version information, then exit\n");
	printf("  -?, --help                show this help, then exit\n\n");
	printf("Exit status: 0 success, 64 bad invocation, 1 failure.\n");
}
