#!/bin/bash
# End to end: a merge in the registry shows at once in the warehouse.  Two
# SSIDs of one student (a mover matched at two LEAs) are merged; every
# *_resolved view and the enrollment report then count the student once,
# later merges keep one look-up enough, and a merge cycle is refused.
. "$SLDS_TOP/tests/lib.sh"

pg_start_throwaway
test_expect_exit 0 "migrations apply" slds-batch migrate
state="$TEST_TMP/state"
test_expect_exit 0 "a small state" slds-synth -q --students 300 --leas 3 --seed 3 --out "$state"
test_expect_exit 0 "the batch runs" slds-batch run --inbox "$state/inbox" \
	--work-dir "$state/work" --outbox "$state/outbox"

# Three SSIDs with enrollments: merge the second into the first, then the
# first into the third.
read -r a b c <<<"$(sql "SELECT string_agg(ssid, ' ') FROM (SELECT DISTINCT ssid FROM warehouse.enrollment ORDER BY ssid LIMIT 3) x")"
test_ok "three SSIDs to merge" test -n "$c"
students=$(sql 'SELECT count(DISTINCT ssid) FROM warehouse.enrollment_resolved')
report="$state/outbox/state/enrollment-counts-2027.html"
state_total() { grep -o '<tfoot>.*</tfoot>' "$1" | grep -o '<td>[0-9]*</td></tr>' | grep -o '[0-9]*'; }
before=$(state_total "$report")

test_ok "the merge of $b into $a" sql "UPDATE registry.identity SET status = 'retired', merged_into = '$a' WHERE ssid = '$b'"
test_eq "the enrollment view counts one student fewer" "$((students - 1))" \
	"$(sql 'SELECT count(DISTINCT ssid) FROM warehouse.enrollment_resolved')"
test_eq "the merged SSID's rows show the survivor" 0 \
	"$(sql "SELECT count(*) FROM warehouse.enrollment_resolved WHERE ssid = '$b'")"
test_eq "and keep the SSID they were loaded with" 1 \
	"$(sql "SELECT count(*) > 0 FROM warehouse.enrollment_resolved WHERE reported_ssid = '$b' AND ssid = '$a'" | sed 's/t/1/')"
test_eq "every view resolves it" 0 "$(sql "SELECT (SELECT count(*) FROM warehouse.student_resolved WHERE ssid = '$b')
	+ (SELECT count(*) FROM warehouse.attendance_resolved WHERE ssid = '$b')
	+ (SELECT count(*) FROM warehouse.course_grade_resolved WHERE ssid = '$b')
	+ (SELECT count(*) FROM warehouse.assessment_result_resolved WHERE ssid = '$b')
	+ (SELECT count(*) FROM warehouse.special_ed_resolved WHERE ssid = '$b')
	+ (SELECT count(*) FROM warehouse.program_participation_resolved WHERE ssid = '$b')")"

test_ok "the merge of $a into $c" sql "UPDATE registry.identity SET status = 'retired', merged_into = '$c' WHERE ssid = '$a'"
test_eq "the first merged SSID now points at the last survivor" "$c" \
	"$(sql "SELECT merged_into FROM registry.identity WHERE ssid = '$b'")"
test_eq "three SSIDs count as one student" "$((students - 2))" \
	"$(sql 'SELECT count(DISTINCT ssid) FROM warehouse.enrollment_resolved')"
test_expect_exit 1 "a merge that would make a cycle is refused" \
	sql "UPDATE registry.identity SET status = 'retired', merged_into = '$b' WHERE ssid = '$c'"
test_grep "the refusal says why" 'would make a cycle' "$TEST_TMP/err"

test_expect_exit 0 "the report is written again" slds-report --output-dir "$TEST_TMP/out2" \
	--school-year 2027 enrollment-counts
test_eq "the report's state total counts the merged student once" "$((before - 2))" \
	"$(state_total "$TEST_TMP/out2/enrollment-counts-2027.html")"
test_done
