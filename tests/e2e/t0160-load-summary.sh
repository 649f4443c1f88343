#!/bin/bash
# End to end: slds-load's summary per submission and record type (rows
# inserted, replaced, unchanged), on stdout and in ops.load_summary, for a
# first load, a repeat load (nothing changes, and it says so) and a
# superseding load.  The scope a submission replaces is per record type: a
# resubmission of enrollment alone keeps the older submission's course
# grades.  A current-year load never touches an earlier school year.
. "$SLDS_TOP/tests/lib.sh"

pg_start_throwaway
test_expect_exit 0 "migrations apply" slds-batch migrate
state="$TEST_TMP/state"
test_expect_exit 0 "a state of two years" \
	slds-synth -q --students 300 --leas 1 --years 2 --seed 11 --out "$state"
lea=$(ls "$state/inbox")
y1=$(ls -d "$state/inbox/$lea"/2026-* | head -n 1)
y2=$(ls -d "$state/inbox/$lea"/2027-* | head -n 1)

# ingest, validate and match a submission folder into $TEST_TMP/w/NAME
prepare() {
	local w="$TEST_TMP/w/$2"
	slds-ingest -q "$1" "$w/i" && slds-validate -q "$w/i" "$w/v" && slds-match -q "$w/v" "$w/m"
}
# the figures of a record type in the summary of $TEST_TMP/out
figures() { awk -v r="$1" '$1 == r { print $2, $3, $4 }' "$TEST_TMP/out"; }
rows_of() { sql "SELECT count(*) FROM warehouse.$1 WHERE submission_id = (SELECT submission_id FROM ops.submission WHERE submission_key = '$2')"; }
# the checksum of a table's rows of one school year
year_sum() { sql "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM warehouse.$1 t WHERE school_year = $2"; }

test_expect_exit 0 "the earlier year is prepared" prepare "$y1" y1
test_expect_exit 0 "and loaded" slds-load "$TEST_TMP/w/y1/m"
test_expect_exit 0 "the current year is prepared" prepare "$y2" y2

# First load.
key2="$lea/$(basename "$y2")"
grades=$(($(wc -l < "$TEST_TMP/w/y2/m/course_grade.copy") - 1))
enrolls=$(($(wc -l < "$TEST_TMP/w/y2/m/enrollment.copy") - 1))
test_ok "the submission has course grades" test "$grades" -gt 0
y1_before=""
for t in student enrollment course_grade attendance; do y1_before="$y1_before $(year_sum $t 2026)"; done
test_expect_exit 0 "the current year loads" slds-load "$TEST_TMP/w/y2/m"
test_grep "the summary names the submission and says it was loaded" "^submission $key2: loaded\$" "$TEST_TMP/out"
test_grep "it has a header line" '^record  *inserted  *replaced  *unchanged  *seconds$' "$TEST_TMP/out"
test_eq "course grades: all inserted, none replaced or unchanged" "$grades 0 0" "$(figures course_grade)"
test_eq "enrollments: all inserted" "$enrolls 0 0" "$(figures enrollment)"
test_eq "the warehouse has them" "$grades" "$(rows_of course_grade "$key2")"
total=$(sql "SELECT rows_loaded FROM ops.submission WHERE submission_key = '$key2'")
test_eq "the total line adds up to the rows loaded" "$total 0 0" "$(figures total)"
test_eq "ops.load_summary records the load per record type" "loaded $grades 0 0" \
	"$(sql "SELECT outcome, rows_inserted, rows_replaced, rows_unchanged FROM ops.load_summary l
		JOIN ops.submission s USING (submission_id) WHERE s.submission_key = '$key2'
		AND record_type = 'course_grade'" | tr '|' ' ')"
test_eq "one summary row per record type" 13 \
	"$(sql "SELECT count(*) FROM ops.load_summary l JOIN ops.submission s USING (submission_id) WHERE s.submission_key = '$key2'")"
y1_after=""
for t in student enrollment course_grade attendance; do y1_after="$y1_after $(year_sum $t 2026)"; done
test_eq "the earlier school year is untouched by the current year's load" "$y1_before" "$y1_after"
test_expect_exit 0 "-v shows the progress of each record type" slds-load -v "$TEST_TMP/w/y2/m"

# Repeat load.
wh_sum() { sql "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM warehouse.course_grade t"; }
before=$(wh_sum)
test_expect_exit 0 "the same submission loads again" slds-load "$TEST_TMP/w/y2/m"
test_grep "it says nothing changed" "^submission $key2: unchanged, already loaded; nothing changed\$" "$TEST_TMP/out"
test_eq "course grades: none inserted or replaced, all unchanged" "0 0 $grades" "$(figures course_grade)"
test_eq "the total is the rows loaded, unchanged" "0 0 $total" "$(figures total)"
test_eq "no row changed" "$before" "$(wh_sum)"
test_eq "ops.load_summary records the repeat as unchanged" "unchanged $grades" \
	"$(sql "SELECT outcome, rows_unchanged FROM ops.load_summary l JOIN ops.submission s USING (submission_id)
		WHERE s.submission_key = '$key2' AND record_type = 'course_grade' ORDER BY run_at DESC LIMIT 1" | tr '|' ' ')"
test_expect_exit 0 "-q prints nothing" slds-load -q "$TEST_TMP/w/y2/m"
test_eq "not even the summary" "" "$(cat "$TEST_TMP/out")"

# A superseding submission that carries enrollment only, with what
# validation needs to accept it (the LEA, its schools and the students
# enrolled, 100 of them): no staff, courses, sections or course grades, no
# attendance, assessments, special education or programs.
new="$state/inbox/$lea/zz-enrollment-only"
carried="lea.csv schools.csv students.csv enrollments.csv"
mkdir -p "$new"
cp "$y2/lea.csv" "$y2/schools.csv" "$new/"
head -n 101 "$y2/students.csv" > "$new/students.csv"
awk -F, 'NR == FNR { if (FNR > 1) keep[$2] = 1; next } FNR == 1 || ($3 in keep)' \
	"$new/students.csv" "$y2/enrollments.csv" > "$new/enrollments.csv"
awk -v files="$carried" 'BEGIN { n = split(files, f, " "); for (i = 1; i <= n; i++) want["[file " f[i] "]"] = 1 }
	/^\[file / { infile = 1; keep = ($0 in want) } !infile || keep' "$y2/manifest.ini" > "$new/manifest.ini"
test_eq "its manifest names those four files" 4 "$(grep -c '^\[file ' "$new/manifest.ini")"
key3="$lea/zz-enrollment-only"
test_expect_exit 0 "the enrollment-only resubmission is prepared" prepare "$new" y3
new_enrolls=$(($(wc -l < "$TEST_TMP/w/y3/m/enrollment.copy") - 1))
test_ok "it has enrollments" test "$new_enrolls" -gt 0
test_expect_exit 0 "it loads" slds-load "$TEST_TMP/w/y3/m"
test_grep "the summary says loaded" "^submission $key3: loaded\$" "$TEST_TMP/out"
test_eq "enrollments: its rows inserted, the older submission's replaced" \
	"$new_enrolls $enrolls 0" "$(figures enrollment)"
test_eq "course grades: nothing inserted, nothing replaced" "0 0 0" "$(figures course_grade)"
test_eq "the older submission's course grades stay" "$grades" "$(rows_of course_grade "$key2")"
test_eq "its enrollments are gone" 0 "$(rows_of enrollment "$key2")"
test_eq "course grades and attendance are kept as they were" \
	"0 0 0 0 0 0" "$(figures course_grade) $(figures attendance)"
test_eq "the scope's enrollments are the resubmission's" "$new_enrolls" \
	"$(sql "SELECT count(*) FROM warehouse.enrollment WHERE school_year = 2027")"
test_eq "the older submission is superseded by it" "superseded $key3" \
	"$(sql "SELECT s.status, n.submission_key FROM ops.submission s JOIN ops.submission n
		ON n.submission_id = s.superseded_by WHERE s.submission_key = '$key2'" | tr '|' ' ')"
test_eq "ops.load_summary records the replaced rows" "$new_enrolls $enrolls" \
	"$(sql "SELECT rows_inserted, rows_replaced FROM ops.load_summary l JOIN ops.submission s USING (submission_id)
		WHERE s.submission_key = '$key3' AND record_type = 'enrollment'" | tr '|' ' ')"
y1_after=""
for t in student enrollment course_grade attendance; do y1_after="$y1_after $(year_sum $t 2026)"; done
test_eq "the earlier school year is still untouched" "$y1_before" "$y1_after"

# The superseded submission again: nothing changes; what it still has is unchanged.
test_expect_exit 0 "the superseded submission loads again" slds-load "$TEST_TMP/w/y2/m"
test_grep "it says it was superseded, by which" "^submission $key2: unchanged, superseded by $key3; nothing changed\$" "$TEST_TMP/out"
test_eq "its course grades are unchanged" "0 0 $grades" "$(figures course_grade)"
test_eq "it has no enrollments left" "0 0 0" "$(figures enrollment)"
test_eq "its attendance is unchanged too" "0 0 $(rows_of attendance "$key2")" "$(figures attendance)"
test_done
