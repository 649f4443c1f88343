#!/bin/bash
# End to end: an LEA's users see a student's records only while the student
# is, or recently was, enrolled in that LEA (sql/011_row_security.sql).  A
# mover's history at another LEA is visible to the LEA they moved to; a
# student who was never enrolled there is not, until a (false) merge makes
# the two one student, and no longer once the merge is undone.  The same
# holds of the demographic history and the credential views of migration 009
# (sql/012_history_row_security.sql).
. "$SLDS_TOP/tests/lib.sh"

pg_start_throwaway
test_expect_exit 0 "migrations apply" slds-batch migrate
state="$TEST_TMP/state"
test_expect_exit 0 "a small state of two years" slds-synth -q --students 400 --leas 3 --years 2 \
	--seed 11 --out "$state"
test_expect_exit 0 "the batch runs" slds-batch run --inbox "$state/inbox" \
	--work-dir "$state/work" --outbox "$state/outbox"

read -r lea_a lea_b <<<"$(sql "SELECT string_agg(lea_id, ' ') FROM (SELECT lea_id FROM warehouse.enrollment
	GROUP BY lea_id ORDER BY count(*) DESC LIMIT 2) x")"
test_ok "two LEAs" test -n "$lea_b"
sql "CREATE ROLE clerk_a LOGIN IN ROLE slds_lea; CREATE ROLE lea_b_staff IN ROLE slds_lea;
     CREATE ROLE clerk_b LOGIN IN ROLE lea_b_staff; CREATE ROLE nobody LOGIN IN ROLE slds_lea;
     CREATE ROLE auditor LOGIN IN ROLE slds_auditor; CREATE ROLE matcher LOGIN IN ROLE slds_matcher;
     INSERT INTO ops.lea_user VALUES ('clerk_a', '$lea_a'), ('lea_b_staff', '$lea_b')" >/dev/null
as() { PGUSER=$1 sql "$2"; }

# The registry as a perfect matcher would leave it: the SSIDs of each true
# person (a mover has a local ID at each LEA) merged into one.
sql "CREATE TABLE truth (lea_id text, submission text, file text, line int, local_id text,
	person_id text, noise text)" >/dev/null
psql -X -q -c "\\copy truth FROM '$state/truth/persons.csv' CSV HEADER" </dev/null
test_ok "movers are linked" sql "WITH p AS (SELECT DISTINCT t.person_id, a.ssid FROM truth t
		JOIN registry.alias a USING (lea_id, local_id)),
	s AS (SELECT person_id, min(ssid) AS survivor FROM p GROUP BY person_id HAVING count(*) > 1)
	UPDATE registry.identity i SET status = 'retired', merged_into = s.survivor
	FROM p JOIN s USING (person_id) WHERE i.ssid = p.ssid AND p.ssid <> s.survivor"

# Students' survivor SSIDs with a current or recent enrollment at an LEA.
enrolled_at() {
	sql "SELECT DISTINCT ssid FROM warehouse.enrollment_resolved WHERE lea_id = '$1'
		AND (exit_date IS NULL OR exit_date >= current_date - 365) ORDER BY 1"
}

test_eq "an LEA's clerk sees every record of the LEA" \
	"$(sql "SELECT count(*) FROM warehouse.enrollment WHERE lea_id = '$lea_a'")" \
	"$(as clerk_a "SELECT count(*) FROM warehouse.enrollment WHERE lea_id = '$lea_a'")"
test_eq "its students' records" \
	"$(sql "SELECT count(*) FROM warehouse.course_grade WHERE lea_id = '$lea_a'")" \
	"$(as clerk_a "SELECT count(*) FROM warehouse.course_grade WHERE lea_id = '$lea_a'")"
as clerk_a "SELECT DISTINCT ssid FROM warehouse.enrollment_resolved WHERE lea_id <> '$lea_a' ORDER BY 1" \
	> "$TEST_TMP/seen_elsewhere"
test_ok "and the history of students who came from other LEAs" test -s "$TEST_TMP/seen_elsewhere"
enrolled_at "$lea_a" > "$TEST_TMP/enrolled_a"
test_eq "but of no student it did not enrol" "" \
	"$(comm -23 "$TEST_TMP/seen_elsewhere" "$TEST_TMP/enrolled_a")"
test_eq "a member of an LEA's group acts for the LEA" \
	"$(sql "SELECT count(*) FROM warehouse.student WHERE lea_id = '$lea_b'")" \
	"$(as clerk_b "SELECT count(*) FROM warehouse.student WHERE lea_id = '$lea_b'")"
test_eq "a role with no LEA sees no student" 0 \
	"$(as nobody "SELECT (SELECT count(*) FROM warehouse.student) + (SELECT count(*) FROM warehouse.enrollment_resolved)")"
test_eq "nor staff" 0 "$(as nobody "SELECT count(*) FROM warehouse.staff")"
test_eq "but the directory" "$(sql "SELECT count(*) FROM warehouse.school")" \
	"$(as nobody "SELECT count(*) FROM warehouse.school")"
test_eq "an LEA's staff are its own" 0 "$(as clerk_a "SELECT count(*) FROM warehouse.staff WHERE lea_id <> '$lea_a'")"
test_eq "the auditor sees everything" "$(sql "SELECT count(*) FROM warehouse.student")" \
	"$(as auditor "SELECT count(*) FROM warehouse.student")"
# slds-match weighs whether enrollments overlap (migration 015): their
# LEA, year, dates and codes, and nothing else of them.
test_eq "the matcher reads every enrollment's dates and codes" \
	"$(sql "SELECT count(*) FROM warehouse.enrollment")" \
	"$(as matcher "SELECT count(*) FROM (SELECT ssid, lea_id, school_year, entry_date, entry_code,
		exit_date, exit_code FROM warehouse.enrollment) e")"
test_ok "but not their grade" bash -c "! PGUSER=matcher psql -XAtq -c 'SELECT grade_level FROM warehouse.enrollment LIMIT 1' </dev/null 2>/dev/null"
test_ok "nor the student's name" bash -c "! PGUSER=matcher psql -XAtq -c 'SELECT last_name FROM warehouse.student LIMIT 1' </dev/null 2>/dev/null"
test_expect_exit 1 "the registry's observations are the state's" as clerk_a "SELECT count(*) FROM registry.observation"
test_grep "permission denied" 'permission denied' "$TEST_TMP/err"
test_expect_exit 1 "and so is the event log" as clerk_a "SELECT count(*) FROM registry.event"
test_expect_exit 1 "an LEA cannot write the warehouse" as clerk_a "DELETE FROM warehouse.student"
test_eq "its own submissions only" 0 "$(as clerk_a "SELECT count(*) FROM ops.submission WHERE lea_id <> '$lea_a'")"

# The demographic history (009) is a record about a student: an LEA sees the
# versions of its students, whichever LEA reported them, and of no other.
own_history="SELECT count(*) FROM warehouse.student_demographic WHERE ssid IN
	(SELECT ssid FROM warehouse.student WHERE lea_id = '$lea_a')"
test_ok "LEA A's students have a history" test "$(sql "$own_history")" -gt 0
test_eq "an LEA's clerk sees its students' demographic history" "$(sql "$own_history")" \
	"$(as clerk_a "$own_history")"
test_ok "versions other LEAs reported of them" test "$(as clerk_a "SELECT count(*)
	FROM warehouse.student_demographic WHERE lea_id <> '$lea_a'")" -gt 0
as clerk_a "SELECT DISTINCT coalesce(i.merged_into, d.ssid) FROM warehouse.student_demographic d
	LEFT JOIN registry.identity i USING (ssid) ORDER BY 1" > "$TEST_TMP/history_a"
sql "SELECT DISTINCT ssid FROM warehouse.student_resolved WHERE lea_id = '$lea_a'" |
	sort -u - "$TEST_TMP/enrolled_a" > "$TEST_TMP/students_a"
test_eq "but the history of no student it did not enrol or report" "" \
	"$(comm -23 "$TEST_TMP/history_a" "$TEST_TMP/students_a")"
test_eq "the current version of each of them" \
	"$(as clerk_a "SELECT count(DISTINCT ssid) FROM warehouse.student_demographic")" \
	"$(as clerk_a "SELECT count(*) FROM warehouse.student_current")"
test_eq "a role with no LEA sees no history" 0 \
	"$(as nobody "SELECT (SELECT count(*) FROM warehouse.student_demographic)
		+ (SELECT count(*) FROM warehouse.student_current)")"
for v in credential_history section_credential; do
	test_eq "an LEA's $v is its own" \
		"$(sql "SELECT count(*) || ' 0' FROM warehouse.$v WHERE lea_id = '$lea_a'")" \
		"$(as clerk_a "SELECT count(*) FILTER (WHERE lea_id = '$lea_a') || ' '
			|| count(*) FILTER (WHERE lea_id <> '$lea_a') FROM warehouse.$v")"
done
for v in student_demographic student_current credential_history section_credential; do
	test_eq "the auditor sees all of $v" "$(sql "SELECT count(*) FROM warehouse.$v")" \
		"$(as auditor "SELECT count(*) FROM warehouse.$v")"
done
test_expect_exit 1 "an LEA cannot write the history" as clerk_a "DELETE FROM warehouse.student_demographic"

# A student only ever at LEA B, and one of LEA A's.
other=$(sql "SELECT ssid FROM warehouse.enrollment_resolved GROUP BY ssid
	HAVING bool_and(lea_id = '$lea_b') ORDER BY ssid LIMIT 1")
mine=$(head -1 "$TEST_TMP/enrolled_a")
rows_of() {
	as "$1" "SELECT (SELECT count(*) FROM warehouse.student_resolved WHERE ssid = '$2')
		+ (SELECT count(*) FROM warehouse.enrollment_resolved WHERE ssid = '$2')
		+ (SELECT count(*) FROM warehouse.course_grade_resolved WHERE ssid = '$2')
		+ (SELECT count(*) FROM warehouse.assessment_result_resolved WHERE ssid = '$2')"
}
history_of() {
	as "$1" "SELECT (SELECT count(*) FROM warehouse.student_demographic WHERE ssid = '$2')
		+ (SELECT count(*) FROM warehouse.student_current WHERE ssid = '$2')"
}
test_ok "a student only at LEA B" test -n "$other"
test_eq "is invisible to LEA A" 0 "$(rows_of clerk_a "$other")"
test_ok "and visible to LEA B" test "$(rows_of clerk_b "$other")" -gt 0
test_eq "its demographic history too" 0 "$(history_of clerk_a "$other")"
test_ok "which LEA B sees" test "$(history_of clerk_b "$other")" -gt 0
test_expect_exit 0 "a false merge of B's student into A's" slds-ssid merge "$other" "$mine" --reason "false merge"
event=$(sed -n 's/.*(event \([0-9]*\))$/\1/p' "$TEST_TMP/out")
test_ok "shows B's records to A" test "$(as clerk_a "SELECT count(*) FROM warehouse.enrollment_resolved
	WHERE ssid = '$mine' AND lea_id = '$lea_b'")" -gt 0
test_ok "and B's history of that student" test "$(history_of clerk_a "$other")" -gt 0
test_expect_exit 0 "undoing it" slds-ssid undo "$event" --reason "two children"
test_eq "hides them again" 0 "$(rows_of clerk_a "$other")"
test_eq "and the history" 0 "$(history_of clerk_a "$other")"

# A student who left LEA A more than a year ago is no longer A's to see.
mover=$(comm -12 "$TEST_TMP/seen_elsewhere" "$TEST_TMP/enrolled_a" | head -1)
test_ok "a mover" test -n "$mover"
test_ok "visible while the exit is recent" test "$(as clerk_a "SELECT count(*) FROM warehouse.enrollment_resolved
	WHERE ssid = '$mover' AND lea_id <> '$lea_a'")" -gt 0
sql "UPDATE warehouse.enrollment e SET exit_date = DATE '2020-06-01', entry_date = DATE '2019-08-20'
	FROM warehouse.enrollment_resolved r WHERE r.ssid = '$mover' AND r.lea_id = '$lea_a'
	AND (e.lea_id, e.local_student_id) = (r.lea_id, r.local_student_id)" >/dev/null
test_eq "not once it is more than a year old" 0 \
	"$(as clerk_a "SELECT count(*) FROM warehouse.enrollment_resolved WHERE ssid = '$mover' AND lea_id <> '$lea_a'")"
test_done
