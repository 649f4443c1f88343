#!/bin/bash
# End to end: a synthetic state through the whole batch against a throwaway
# PostgreSQL.  Asserts warehouse rows against the generator's truth, that a
# rerun changes nothing and mints nothing, that a superseding submission
# replaces exactly its scope, and the documented exit codes of the batch.
. "$SLDS_TOP/tests/lib.sh"

pg_start_throwaway

state="$TEST_TMP/state"
test_expect_exit 0 "the generator writes a small state" \
	slds-synth --students 400 --leas 4 --seed 7 --out "$state"
test_expect_exit 0 "migrations apply" slds-batch migrate
nmig=$(ls "$SLDS_TOP"/sql/[0-9][0-9][0-9]_*.sql | wc -l)
test_grep "all $nmig migrations are applied" "^$nmig migrations applied, $nmig in all\$" "$TEST_TMP/out"
test_expect_exit 0 "migrating again is a no-op" slds-batch migrate
test_grep "nothing is applied twice" '^0 migrations applied' "$TEST_TMP/out"

run_batch() {
	slds-batch run --inbox "$state/inbox" --work-dir "$state/work" --outbox "$state/outbox"
}
test_expect_exit 0 "the batch runs" run_batch
nsubs=$(find "$state/inbox" -name manifest.ini | wc -l)
test_grep "every submission is loaded" "^batch run [0-9]*: $nsubs submissions loaded, 0 superseded, 0 rejected\$" "$TEST_TMP/out"

# Warehouse rows against the truth.
student_rows=$(($(cat "$state"/inbox/*/*/students.csv | wc -l) - nsubs))
enroll_rows=$(($(cat "$state"/inbox/*/*/enrollments.csv | wc -l) - nsubs))
# The student files' columns 11-13: birth state, birth country, ZIP.
test_eq "every birthplace and home ZIP is loaded as the files give them" \
	"$(cat "$state"/inbox/*/*/students.csv | awk -F, '$1 != "LEA ID" { s += $11 != ""; c += $12 != ""; z += $13 != "" } END { print s, c, z }')" \
	"$(sql 'SELECT count(birth_state), count(birth_country), count(zip) FROM warehouse.student' | tr '|' ' ')"
test_eq "every student row is in the warehouse" "$student_rows" "$(sql 'SELECT count(*) FROM warehouse.student')"
test_eq "every enrollment row is in the warehouse" "$enroll_rows" "$(sql 'SELECT count(*) FROM warehouse.enrollment')"
for pair in lea.csv:lea schools.csv:school staff.csv:staff credentials.csv:credential \
	    courses.csv:course sections.csv:section attendance.csv:attendance \
	    course_grades.csv:course_grade assessments.csv:assessment_result \
	    special_ed.csv:special_ed programs.csv:program_participation; do
	f=${pair%%:*} t=${pair#*:}
	test_eq "every row of the $f files is in warehouse.$t" \
		"$(($(cat "$state"/inbox/*/*/"$f" | wc -l) - nsubs))" "$(sql "SELECT count(*) FROM warehouse.$t")"
done
test_eq "every course grade has its student's SSID" 0 \
	"$(sql 'SELECT count(*) FROM warehouse.course_grade g WHERE NOT EXISTS (SELECT 1 FROM warehouse.student s WHERE s.ssid = g.ssid AND s.lea_id = g.lea_id AND s.local_student_id = g.local_student_id)')"
persons=$(awk -F, '$3 == "students.csv" { print $6 }' "$state/truth/persons.csv" | sort -u | wc -l)
test_eq "one SSID per person: movers keep theirs" "$persons" "$(sql 'SELECT count(*) FROM registry.identity')"
test_eq "every SSID has a valid check digit and no leading zero" 0 \
	"$(sql "SELECT count(*) FROM registry.identity WHERE ssid !~ '^[1-9][0-9]{9}\$'")"
test_eq "every enrollment has its student's SSID" 0 \
	"$(sql 'SELECT count(*) FROM warehouse.enrollment e WHERE NOT EXISTS (SELECT 1 FROM warehouse.student s WHERE s.ssid = e.ssid AND s.lea_id = e.lea_id AND s.local_student_id = e.local_student_id)')"
test_eq "every decision is an event" "$student_rows" "$(sql "SELECT count(*) FROM registry.event WHERE kind IN ('mint', 'link')")"
test_eq "the loaded rows carry their source line" 0 \
	"$(sql 'SELECT count(*) FROM warehouse.student WHERE source_line < 2')"
test_eq "every submission's rejection report is in its LEA's outbox" "$((nsubs * 2))" \
	"$(ls "$state"/outbox/[0-9]*/*/report.csv "$state"/outbox/[0-9]*/*/report.html | wc -l)"
test_ok "the auditor's summary by LEA and by rule is written" test -s "$state/outbox/state/rejections-by-lea.csv" \
	-a -s "$state/outbox/state/rejections-by-rule.csv" -a -s "$state/outbox/state/rejections.html"
test_eq "the summary counts every submission of every LEA" "$nsubs" \
	"$(awk -F, 'NR > 1 { n += $2 } END { print n }' "$state/outbox/state/rejections-by-lea.csv")"
test_ok "the summary page is well-formed HTML" xmllint --html --noout "$state/outbox/state/rejections.html"
report="$state/outbox/state/enrollment-counts-2027.csv"
test_ok "the report is written" test -s "$report"
test_cmp "the report's counts equal the truth" \
	<(tail -n +2 "$state/truth/enrollment_counts-2027.csv") <(tail -n +2 "$report")
test_ok "the HTML report is well-formed" xmllint --html --noout "${report%.csv}.html"
test_eq "the report's state total counts each student once" \
	"$(sql 'SELECT count(DISTINCT ssid) FROM warehouse.enrollment WHERE school_year = 2027')" \
	"$(grep -o '<tfoot>.*</tfoot>' "${report%.csv}.html" | grep -o '<td>[0-9]*</td></tr>' | grep -o '[0-9]*')"
test_eq "the export is audited" 1 "$(sql "SELECT count(*) FROM ops.audit_log WHERE action = 'export'")"
# Four steps a submission, then the run's recheck and report.
test_eq "the run and its steps are recorded" "succeeded $((nsubs * 4 + 2))" \
	"$(sql "SELECT r.status || ' ' || count(s.*) FROM ops.batch_run r JOIN ops.batch_step s USING (run_id) GROUP BY r.status")"

# A rerun changes nothing and mints nothing.
checksum() {
	sql "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM $1 t"
}
before="$(checksum warehouse.student) $(checksum warehouse.enrollment) $(checksum registry.identity) $(checksum registry.alias)"
work_before=$(cd "$state/work" && find . -type f -name '*.copy' | sort | xargs sha256sum)
test_expect_exit 0 "the batch runs again" run_batch
after="$(checksum warehouse.student) $(checksum warehouse.enrollment) $(checksum registry.identity) $(checksum registry.alias)"
test_eq "a rerun changes no warehouse or registry row" "$before" "$after"
test_eq "a rerun mints nothing" 0 \
	"$(sql "SELECT count(*) FROM registry.event e JOIN registry.match_run r USING (match_run_id) WHERE e.kind = 'mint' AND r.match_run_id > (SELECT min(match_run_id) + $nsubs - 1 FROM registry.match_run)")"
test_eq "a rerun writes byte-identical stage files" "$work_before" \
	"$(cd "$state/work" && find . -type f -name '*.copy' | sort | xargs sha256sum)"

# One run at a time per work folder: a second waits for nobody, it exits 75.
test_expect_exit 75 "a run whose work folder is locked by another exits 75" \
	flock "$state/work/.slds-batch.lock" slds-batch run --inbox "$state/inbox" \
	--work-dir "$state/work" --outbox "$state/outbox"
test_grep "the message says the work folder is in use" \
	"error: work folder \".*/work\" is in use by another batch run" "$TEST_TMP/err"
test_expect_exit 0 "once the lock is released, a run goes ahead" run_batch

# A superseding submission replaces exactly its scope.
lea=$(ls "$state/inbox" | head -n 1)
old=$(ls "$state/inbox/$lea" | head -n 1)
new="$state/inbox/$lea/zz-resubmitted"
cp -r "$state/inbox/$lea/$old" "$new"
head -n 11 "$state/inbox/$lea/$old/students.csv" > "$new/students.csv"
awk -F, 'NR == FNR { if (FNR > 1) keep[$2] = 1; next } FNR == 1 || ($3 in keep)' \
	"$new/students.csv" "$state/inbox/$lea/$old/enrollments.csv" > "$new/enrollments.csv"
others_before=$(sql "SELECT count(*) FROM warehouse.enrollment WHERE lea_id <> '$lea'")
test_expect_exit 0 "the batch loads the resubmission" run_batch
test_expect_exit 0 "the batch runs again over both submissions" run_batch
test_grep "the next run counts the older submission as superseded, not loaded" \
	"^batch run [0-9]*: $nsubs submissions loaded, 1 superseded, 0 rejected\$" "$TEST_TMP/out"
test_eq "the LEA now has the resubmission's 10 students" 10 \
	"$(sql "SELECT count(*) FROM warehouse.student WHERE lea_id = '$lea'")"
test_eq "other LEAs are untouched" "$others_before" \
	"$(sql "SELECT count(*) FROM warehouse.enrollment WHERE lea_id <> '$lea'")"
test_eq "the older submission is superseded" "superseded" \
	"$(sql "SELECT status FROM ops.submission WHERE submission_key = '$lea/$old'")"
test_eq "the resubmission keeps the students' SSIDs" 0 \
	"$(sql "SELECT count(*) FROM warehouse.student w JOIN registry.alias a ON a.lea_id = w.lea_id AND a.local_id = w.local_student_id WHERE w.ssid <> a.ssid")"
test_expect_exit 0 "loading the superseded submission again changes nothing" \
	slds-load "$state/work/$lea/$old/match"
test_eq "the LEA still has the resubmission's students" 10 \
	"$(sql "SELECT count(*) FROM warehouse.student WHERE lea_id = '$lea'")"

# A submission folder that changed after it was received is refused.
echo "0101,EXTRA,,Zed,,Lee,,2015-01-01,M,WH7,2027" >> "$new/students.csv"
test_expect_exit 65 "ingesting a changed submission folder exits 65" \
	slds-ingest "$new" "$TEST_TMP/changed"
test_grep "the message says it was received with other content" \
	'was already received with different content' "$TEST_TMP/err"

# A submission in another LEA's inbox is rejected; the run goes on.
mkdir -p "$state/inbox2/9999"
cp -r "$state/inbox/$lea/$old" "$state/inbox2/9999/x"
test_expect_exit 0 "a run with a misplaced submission completes" \
	slds-batch run --inbox "$state/inbox2" --work-dir "$state/work2" --outbox "$state/outbox2"
test_grep "the misplaced submission is named" "names LEA \"$lea\" in its manifest but is in the inbox of LEA \"9999\"" "$TEST_TMP/err"

# Migrations: a changed applied migration is refused.
cp -r "$SLDS_TOP/sql" "$TEST_TMP/sql"
echo "-- edited" >> "$TEST_TMP/sql/002_registry.sql"
test_expect_exit 65 "a changed applied migration is refused" slds-batch migrate --sql-dir "$TEST_TMP/sql"
test_grep "the message names the migration" 'migration "002_registry.sql" was changed after it was applied' "$TEST_TMP/err"

# An unreachable database is a temporary failure for every program.
for prog in "slds-match $state/work/$lea/$old/validate $TEST_TMP/m" "slds-load $state/work/$lea/$old/match" \
	    "slds-report --output-dir $TEST_TMP/r enrollment-counts" "slds-batch migrate"; do
	test_expect_exit 75 "${prog%% *} exits 75 when the database is unreachable" \
		env PGHOST="$TEST_TMP/nosocket" PGCONNECT_TIMEOUT=2 $prog
done

test_done
