/*
 * synth_errors.c: the injected data errors, their rates and their truth.
 */
#include <string.h>

#include "synth_errors.h"
#include "synth_rng.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const error_names[ERR_COUNT] = {
	"none", "missing_required", "invalid_code", "impossible_date", "duplicate_local_id",
	"ragged_row", "invalid_utf8", "exit_before_entry", "invalid_grade", "date_outside_year",
	"missing_school", "invalid_days", "invalid_mark", "missing_test_date",
	"invalid_disability", "impossible_begin_date"
};

/* The kinds each record can get, first to last. */
static const struct {
	enum error_kind first, last;
} kinds_of[] = {
	[ERRS_STUDENT] = { ERR_STU_MISSING, ERR_STU_UTF8 },
	[ERRS_ENROLLMENT] = { ERR_ENR_EXIT_BEFORE_ENTRY, ERR_ENR_MISSING },
	[ERRS_ATTENDANCE] = { ERR_ATT_DAYS, ERR_ATT_DAYS },
	[ERRS_COURSE_GRADE] = { ERR_GRD_MARK, ERR_GRD_MARK },
	[ERRS_ASSESSMENT] = { ERR_ASM_MISSING, ERR_ASM_MISSING },
	[ERRS_SPECIAL_ED] = { ERR_SPE_CODE, ERR_SPE_CODE },
	[ERRS_PROGRAM] = { ERR_PRG_DATE, ERR_PRG_DATE },
};

static const struct {
	const char *name;
	unsigned rate[ERR_COUNT];	/* per million records */
} profiles[] = {
	{ "none", { 0 } },
	{ "default", { 0, 1000, 800, 500, 300, 300, 200, 500, 500, 300, 300,
		       500, 300, 300, 500, 300 } },
	{ "high", { 0, 5000, 4000, 2500, 1500, 1500, 1000, 2500, 2500, 1500, 1500,
		    2500, 1500, 1500, 2500, 1500 } },
};

int synth_errors_profile(const char *name)
{
	size_t i;

	for (i = 0; i < N(profiles); i++)
		if (!strcmp(name, profiles[i].name))
			return (int)i;
	return -1;
}

const char *synth_errors_profile_name(int profile)
{
	return profiles[profile].name;
}

const char *error_kind_name(enum error_kind kind)
{
	return error_names[kind];
}

int synth_errors_open(struct synth_errors *e, const char *path, int profile, uint64_t seed,
		      struct slds_error *err)
{
	int rc;

	e->profile = profile;
	e->seed = seed;
	memset(e->count, 0, sizeof(e->count));
	rc = out_open(&e->out, path, err);
	if (!rc)
		buf_adds(&e->out.b, "lea_id,submission,file,line,field,rule,kind\n");
	return rc;
}

int synth_errors_commit(struct synth_errors *e, struct slds_error *err)
{
	return out_commit(&e->out, err);
}

void synth_errors_abort(struct synth_errors *e)
{
	out_abort(&e->out);
}

enum error_kind pick_error(const struct synth_errors *e, uint32_t pid, int y, size_t l,
			   enum error_record where, unsigned row)
{
	const unsigned *rate = profiles[e->profile].rate;
	struct rng r;
	uint64_t x;
	int k;

	if (!e->profile)
		return ERR_NONE;
	/* Students and enrollments keep the seeds they had before the other records came. */
	if (where <= ERRS_ENROLLMENT)
		rng_seed(&r, e->seed ^ 0xE77E77E77ULL ^ ((uint64_t)pid << 20) ^ ((uint64_t)y << 50) ^
				     ((uint64_t)l << 8) ^ (uint64_t)where);
	else
		rng_seed(&r, rng_hash(e->seed ^ 0xE77E77E77ULL ^ where, pid,
				      ((uint64_t)y << 32) | l, row));
	x = rng_below(&r, 1000000);
	for (k = kinds_of[where].first; k <= (int)kinds_of[where].last; k++) {
		if (x < rate[k])
			return (enum error_kind)k;
		x -= rate[k];
	}
	return ERR_NONE;
}

void truth_error(struct synth_errors *e, const char *lea, int y, const char *file, size_t line,
		 const char *field, const char *rule, enum error_kind kind, int consequence)
{
	buf_addf(&e->out.b, "%s,%d-daily-01,%s,%zu,%s,%s,%s\n", lea, y, file, line, field, rule,
		 consequence ? "consequence" : error_names[kind]);
	if (!consequence)
		e->count[kind]++;
}
