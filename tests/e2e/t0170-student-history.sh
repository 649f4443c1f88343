#!/bin/bash
# End to end: the student's demographic history (warehouse.student_demographic,
# migration 009) and the staff's credential history.  Two school years of one
# LEA are loaded out of date order (the current year first); one student's
# race/ethnicity changes between them.  The history has a version per change
# at the date each submission reports as of, whatever the load order; a
# student whose values did not change has one version; a superseding
# submission's report takes the superseded one's place; a repeat load
# changes nothing.  The teacher of a section is qualified on a date by the
# credentials valid on it.
. "$SLDS_TOP/tests/lib.sh"

pg_start_throwaway
test_expect_exit 0 "migrations apply" slds-batch migrate
state="$TEST_TMP/state"
test_expect_exit 0 "a state of two years" \
	slds-synth -q --students 200 --leas 1 --years 2 --seed 13 --out "$state"
lea=$(ls "$state/inbox")
y1=$(ls -d "$state/inbox/$lea"/2026-* | head -n 1)
y2=$(ls -d "$state/inbox/$lea"/2027-* | head -n 1)
prepare() {
	local w="$TEST_TMP/w/$2"
	slds-ingest -q "$1" "$w/i" && slds-validate -q "$w/i" "$w/v" && slds-match -q "$w/v" "$w/m"
}
# S000001 (in both years) changes race/ethnicity in 2027; S000002 does not.
race1=$(awk -F, '$2 == "S000001" { print $10 }' "$y1/students.csv")
test_ok "S000001 is a student of 2026" test -n "$race1"
test_eq "and of 2027, with the same race/ethnicity" "$race1" "$(awk -F, '$2 == "S000001" { print $10 }' "$y2/students.csv")"
race2=$([ "$race1" = WH7 ] && echo HI7 || echo WH7)
orig="$TEST_TMP/orig-2027"
cp -r "$y2" "$orig"
awk -F, -v OFS=, -v r="$race2" '$2 == "S000001" { $10 = r } 1' "$orig/students.csv" > "$y2/students.csv"
test_ok "S000002 is in both years" grep -q '^[^,]*,S000002,' "$y1/students.csv" "$y2/students.csv"

test_expect_exit 0 "2027 is prepared" prepare "$y2" y2
test_expect_exit 0 "and loaded first" slds-load -q "$TEST_TMP/w/y2/m"
test_expect_exit 0 "2026 is prepared" prepare "$y1" y1
test_expect_exit 0 "and loaded after it" slds-load -q "$TEST_TMP/w/y1/m"

s1=$(sql "SELECT ssid FROM warehouse.student WHERE local_student_id = 'S000001' AND school_year = 2027")
s2=$(sql "SELECT ssid FROM warehouse.student WHERE local_student_id = 'S000002' AND school_year = 2027")
as_of() { sql "SELECT submission_id || ' ' || ops.submission_as_of(collection, school_year, received_at) FROM ops.submission WHERE submission_key = '$lea/$1'"; }
read -r sub1 d1 <<<"$(as_of "$(basename "$y1")")"
read -r sub2 d2 <<<"$(as_of "$(basename "$y2")")"
test_ok "2026 reports as of a date before 2027's" test "$d1" \< "$d2"
history() { sql "SELECT string_agg(concat_ws(' ', valid_from, coalesce(valid_to::text, 'open'), race_ethnicity, submission_id), ', ' ORDER BY valid_from) FROM warehouse.student_demographic WHERE ssid = '$1'"; }
test_eq "the changed student has two versions, in date order" \
	"$d1 $d2 $race1 $sub1, $d2 open $race2 $sub2" "$(history "$s1")"
test_eq "the unchanged student has one, from the earlier report" "$d1 open $(awk -F, '$2 == "S000002" { print $10 }' "$y1/students.csv") $sub1" \
	"$(history "$s2")"
test_eq "the current version is one query away" "$race2" \
	"$(sql "SELECT race_ethnicity FROM warehouse.student_current WHERE ssid = '$s1'")"
test_eq "every student has exactly one current version" \
	"$(sql "SELECT count(DISTINCT ssid) FROM warehouse.student")" \
	"$(sql "SELECT count(*) || '' FROM warehouse.student_current")"
test_eq "no version overlaps the next" 0 \
	"$(sql "SELECT count(*) FROM (SELECT valid_to, lead(valid_from) OVER (PARTITION BY ssid ORDER BY valid_from) nxt
		FROM warehouse.student_demographic) x WHERE valid_to IS DISTINCT FROM nxt")"
# S000001 is economically disadvantaged in 2027 from August 2026 on.
test_eq "a program's status is in the version of its date" "t" \
	"$(sql "SELECT economically_disadvantaged FROM warehouse.student_current WHERE ssid = '$s1'")"
none=$(sql "SELECT ssid FROM warehouse.student s WHERE NOT EXISTS (SELECT 1 FROM warehouse.program_participation p WHERE p.ssid = s.ssid) LIMIT 1")
test_eq "a student without programs has no status" "f f f f f" \
	"$(sql "SELECT concat_ws(' ', english_learner, economically_disadvantaged, homeless, migrant, foster_care) FROM warehouse.student_current WHERE ssid = '$none'")"

# A repeat load changes nothing.
all() { sql "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM warehouse.student_demographic t"; }
before=$(all)
test_expect_exit 0 "2027 loads again" slds-load -q "$TEST_TMP/w/y2/m"
test_eq "the history is the same" "$before" "$(all)"

# A superseding 2027 submission reverts the change: the superseded report
# leaves the history.
new="$state/inbox/$lea/zz-corrected"
cp -r "$orig" "$new"
test_expect_exit 0 "the corrected 2027 submission is prepared" prepare "$new" y3
test_expect_exit 0 "and loaded" slds-load -q "$TEST_TMP/w/y3/m"
test_eq "the changed student has one version again" "$d1 open $race1 $sub1" "$(history "$s1")"
test_eq "no version comes from the superseded submission" 0 \
	"$(sql "SELECT count(*) FROM warehouse.student_demographic WHERE submission_id = $sub2")"
test_eq "the current version is the corrected submission's report, unchanged since 2026" "$race1" \
	"$(sql "SELECT race_ethnicity FROM warehouse.student_current WHERE ssid = '$s1'")"

# Credential history: what qualified the teacher of a section on a date.
read -r sec staff <<<"$(sql "SELECT section_id || ' ' || staff_id FROM warehouse.section WHERE school_year = 2027 ORDER BY section_id LIMIT 1")"
read -r cred issued expires <<<"$(sql "SELECT credential_id || ' ' || issue_date || ' ' || coalesce(expiry_date::text, '') FROM warehouse.credential WHERE staff_id = '$staff' AND school_year = 2027 ORDER BY credential_id LIMIT 1")"
test_ok "the section's teacher holds a credential" test -n "$cred"
qualified() { sql "SELECT coalesce(string_agg(DISTINCT credential_id, ' '), '') FROM warehouse.section_credential WHERE lea_id = '$lea' AND school_year = 2027 AND section_id = '$sec' AND credential_id = '$cred' AND valid_during @> date '$1'"; }
test_eq "on its issue date the credential qualifies the teacher" "$cred" "$(qualified "$issued")"
test_eq "the day before, it does not" "" "$(qualified "$(date -u -d "$issued - 1 day" +%F)")"
if [ -n "$expires" ]; then
	test_eq "on its expiry date it still does" "$cred" "$(qualified "$expires")"
	test_eq "the day after, it does not" "" "$(qualified "$(date -u -d "$expires + 1 day" +%F)")"
fi
test_eq "a credential reported in both years is one row of the history" 0 \
	"$(sql "SELECT count(*) FROM (SELECT lea_id, staff_id, credential_id FROM warehouse.credential_history GROUP BY 1, 2, 3, license_type, endorsement, issue_date, expiry_date HAVING count(*) > 1) x")"
test_done
