#!/bin/bash
# End to end: a batch where one LEA's enrollment file was exported for the
# wrong school year.  Fatal rule ENR.0150 rejects the file, so the submission
# (all-or-nothing, DESIGN.md) loads nothing; its rejection report is still
# published for the LEA, ops records it rejected, the auditor's summary
# counts it, and the other LEAs load as usual.
. "$SLDS_TOP/tests/lib.sh"

pg_start_throwaway

state="$TEST_TMP/state"
test_expect_exit 0 "the generator writes a small state" \
	slds-synth --students 300 --leas 3 --seed 11 --out "$state"
test_expect_exit 0 "migrations apply" slds-batch migrate

bad=0102/2027-daily-01
enr="$state/inbox/$bad/enrollments.csv"
# Rows 2 to 4 of the enrollment file get school year 2026.
col=$(head -n 1 "$enr" | tr ',' '\n' | grep -nx 'School Year' | cut -d: -f1)
awk -F, -v OFS=, -v c="$col" 'NR >= 2 && NR <= 4 { $c = 2026 } { print }' "$enr" > "$enr.tmp" &&
	mv "$enr.tmp" "$enr"
test_eq "the fixture has three enrollments of the wrong year" 3 \
	"$(awk -F, -v c="$col" 'NR > 1 && $c == 2026' "$enr" | wc -l)"

test_expect_exit 0 "the batch runs; a rejected submission does not stop it" \
	slds-batch run --inbox "$state/inbox" --work-dir "$state/work" --outbox "$state/outbox"
test_grep "the run counts one submission rejected, the others loaded" \
	'^batch run [0-9]*: 2 submissions loaded, 0 superseded, 1 rejected$' "$TEST_TMP/out"
test_grep "the log says the submission was rejected at validation" \
	"submission $bad rejected at validate" "$TEST_TMP/err"

# The LEA gets its report, with the rejected file first.
out="$state/outbox/$bad"
test_ok "the rejected submission's report is published in its LEA's outbox" \
	test -s "$out/report.csv" -a -s "$out/report.html"
test_ok "the published report is well-formed HTML" xmllint --html --noout "$out/report.html"
test_grep "the report shows the file, the rule and how many records broke it" \
	'<tr><td>enrollments.csv</td><td><a href="#ENR.0150">ENR.0150</a></td><td class="n">3</td>' "$out/report.html"
test_eq "report.csv has the file's row and its three records" \
	"$(printf '0\n2\n3\n4')" \
	"$(awk -F, '$7 == "ENR.0150" && $8 == "fatal" { print $3 }' "$out/report.csv" | sort -n)"
nenr=$(($(wc -l < "$enr") - 1))
test_eq "the report counts every record of the file rejected" "$nenr" \
	"$(grep -o '<tr><td>enrollments.csv</td><td>enrollment</td><td class="n">[0-9]*</td><td class="n">[0-9]*' "$out/report.html" | grep -o '[0-9]*$')"

# Nothing of it is loaded; the others are.
test_eq "ops marks the submission rejected, the others loaded" \
	"0101/2027-daily-01 loaded
0102/2027-daily-01 rejected
0103/2027-daily-01 loaded" \
	"$(sql "SELECT submission_key || ' ' || status FROM ops.submission ORDER BY submission_key")"
test_eq "its validation exited 65 and it went no further" "ingest 0
validate 65" \
	"$(sql "SELECT step || ' ' || exit_code FROM ops.batch_step WHERE submission_key = '$bad' ORDER BY step_no")"
for t in student enrollment attendance course_grade assessment_result; do
	test_eq "nothing of LEA 0102 is in warehouse.$t" 0 \
		"$(sql "SELECT count(*) FROM warehouse.$t WHERE lea_id = '0102'")"
done
for lea in 0101 0103; do
	test_eq "every student of LEA $lea is loaded" \
		"$(($(wc -l < "$state/inbox/$lea/2027-daily-01/students.csv") - 1))" \
		"$(sql "SELECT count(*) FROM warehouse.student WHERE lea_id = '$lea'")"
	test_eq "every enrollment of LEA $lea is loaded" \
		"$(($(wc -l < "$state/inbox/$lea/2027-daily-01/enrollments.csv") - 1))" \
		"$(sql "SELECT count(*) FROM warehouse.enrollment WHERE lea_id = '$lea'")"
done
test_eq "the rejected LEA's students get no SSID" 0 \
	"$(sql "SELECT count(*) FROM registry.alias WHERE lea_id = '0102'")"
test_eq "the run succeeded" succeeded "$(sql 'SELECT status FROM ops.batch_run')"

# The auditor's summary counts it.
test_eq "the summary by LEA counts the file rejected whole" "0102 1 $nenr 1" \
	"$(awk -F, '$1 == "0102" { print $1, $2, $4, $7 }' "$state/outbox/state/rejections-by-lea.csv")"
test_grep "the summary by rule counts ENR.0150 once, for one LEA" '^ENR\.0150,fatal,1,1,' \
	"$state/outbox/state/rejections-by-rule.csv"
test_ok "the summary page is well-formed HTML" xmllint --html --noout "$state/outbox/state/rejections.html"

test_done
