#!/bin/bash
# Stage tests of slds-validate: each rule caught with its ID on the right
# line, every broken rule of a record reported, clean records accepted
# unchanged, no personal value quoted in a message, identical reruns.
. "$SLDS_TOP/tests/lib.sh"

sub="$TEST_TMP/inbox/0101/2027-daily-01"
mkdir -p "$sub"
cat > "$sub/manifest.ini" <<'EOF2'
lea = 0101
school_year = 2027
collection = daily
[file students.csv]
record = student
format = csv
[file enrollments.csv]
record = enrollment
format = csv
[file attendance.csv]
record = attendance
format = csv
EOF2
# Line: what it breaks (line 2 and 3 are clean).  A student or enrollment
# of another school year or LEA would reject its whole file (fatal rules
# STU.0160 and STU.0161, tested below): attendance has those.
cat > "$sub/students.csv" <<'EOF2'
LEA ID,Local Student ID,SSID,First Name,Middle Name,Last Name,Suffix,Birth Date,Sex,Race Ethnicity,School Year
0101,S01,,Ann,,Lee,,2015-02-28,F,AS7,2027
0101,S02,,Bo,Q,Ng,Jr,2014-01-01,M,,2027
0101,S03,,,,Lee,,2015-02-28,F,AS7,2027
0101,S04,,Cy,,Lee,,2015-02-30,F,AS7,2027
0101,S05,,Di,,Lee,,2015-01-01,Q,AS7,2027
0101,S06,,Ed,,Lee,,2015-01-01,M,ZZ7,2027
0101,S07,1234567890,Flo,,Lee,,2015-01-01,F,WH7,2027
0101,S08,,Gus,,Lee,,2015-13-01,M,WH7,2027
0101,S09,,Hal,,Lee,,1950-01-01,M,WH7,2027
0101,S01,,Ann,,Other,,2015-02-28,F,AS7,2027
0101,S10,,Ivy,,Lee,,2015-01-01,F,WH7,20x7
0101,S11,,,,,,,,,2027
0101,S13,,Kay,,Lee,,,F,WH7,2027
0101,S12,,Jo,,AVeryLongSurnameThatGoesOnAndOnAndOnAndOnAndOnAndOnAndOnAndOnAndOnAndOnAndOn,,2015-01-01,F,WH7,2027
EOF2
cat > "$sub/enrollments.csv" <<'EOF2'
LEA ID,School ID,Local Student ID,School Year,Grade Level,Entry Date,Entry Code,Exit Date,Exit Code,FTE
0101,0101001,S01,2027,03,2026-08-20,E2,,,1.00
0101,0101001,S02,2027,04,2026-08-20,E2,2027-01-10,W2,0.5
0101,0101001,S01,2027,13,2026-08-20,E2,,,1.00
0101,0101001,S01,2027,03,2026-08-20,E9,,,1.00
0101,0101001,S01,2027,03,2026-08-20,E2,2026-08-01,W2,1.00
0101,0101001,S01,2027,03,2025-08-20,E2,,,1.00
0101,0101001,S01,2027,03,2026-08-20,E2,2027-01-10,,1.00
0101,0101001,S01,2027,03,2026-08-20,E2,,W2,1.00
0101,0101001,S99,2027,03,2026-08-20,E2,,,1.00
0101,0101001,S01,2027,03,2026-08-20,E2,,,1.5
0101,0101001,S01,2027,03,2026-08-20,E2,,,0.505
EOF2
cat > "$sub/attendance.csv" <<'EOF2'
LEA ID,Local Student ID,School ID,Days in Membership,Days Present,Days Excused,Days Unexcused,School Year
0101,S01,0101001,170,160.5,5.5,4,2027
0101,S03,0101001,170,170,,,2027
0101,S01,0101001,170,170.25,,,2027
0101,S02,0101001,170,160,,,2026
0202,S02,0101001,170,160,,,2027
EOF2

test_expect_exit 0 "ingest of the rules fixture succeeds" \
	slds-ingest --offline "$sub" "$TEST_TMP/ingest"
test_expect_exit 0 "validate succeeds with rejected records" \
	slds-validate "$TEST_TMP/ingest" "$TEST_TMP/validate"
rejects="$TEST_TMP/validate/rejects.copy"

# expect_rule FILE LINE RULE FIELD
expect_rule() {
	test_ok "$1 line $2 breaks $3 on $4" \
		grep -qP "^0101/2027-daily-01\t$1\t$2\t[a-z]+\t[^\t]*\t$4\t$3\t" "$rejects"
}
expect_rule students.csv 4 STU.0001 first_name
expect_rule students.csv 5 STU.0002 birth_date
expect_rule students.csv 6 STU.0004 sex
expect_rule students.csv 7 STU.0004 race_ethnicity
expect_rule students.csv 8 STU.0006 ssid
expect_rule students.csv 9 STU.0002 birth_date
expect_rule students.csv 10 STU.0101 birth_date
expect_rule students.csv 11 STU.0102 local_id
expect_rule students.csv 12 STU.0003 school_year
expect_rule students.csv 13 STU.0001 first_name
expect_rule students.csv 13 STU.0001 last_name
expect_rule students.csv 13 STU.0001 birth_date
expect_rule students.csv 13 STU.0001 sex
expect_rule students.csv 14 STU.0001 birth_date
expect_rule students.csv 15 STU.0005 last_name
expect_rule enrollments.csv 4 ENR.0004 grade_level
expect_rule enrollments.csv 5 ENR.0004 entry_code
expect_rule enrollments.csv 6 ENR.0101 exit_date
expect_rule enrollments.csv 7 ENR.0102 entry_date
expect_rule enrollments.csv 8 ENR.0103 exit_code
expect_rule enrollments.csv 9 ENR.0103 exit_date
expect_rule enrollments.csv 10 ENR.0011 local_id
expect_rule enrollments.csv 11 ENR.0003 fte
expect_rule enrollments.csv 12 ENR.0003 fte
expect_rule attendance.csv 3 ATT.0011 local_id
expect_rule attendance.csv 4 ATT.0003 days_present
expect_rule attendance.csv 5 ATT.0009 school_year
expect_rule attendance.csv 6 ATT.0010 lea_id
test_eq "a rejected student's attendance is rejected, a clean one accepted" "2" \
	"$(tail -n +2 "$TEST_TMP/validate/attendance.copy" | cut -f3 | tr '\n' ' ' | sed 's/ $//')"

test_eq "line 13 has all four of its errors" 4 \
	"$(grep -cP "\tstudents.csv\t13\t" "$rejects")"
test_eq "the clean students are accepted" "S01 S02" \
	"$(tail -n +2 "$TEST_TMP/validate/student.copy" | cut -f5 | tr '\n' ' ' | sed 's/ $//')"
test_eq "the clean enrollments are accepted" "2 3" \
	"$(tail -n +2 "$TEST_TMP/validate/enrollment.copy" | cut -f3 | tr '\n' ' ' | sed 's/ $//')"
test_ok "accepted rows pass unchanged" \
	sh -c "grep -F -f '$TEST_TMP/validate/student.copy' '$TEST_TMP/ingest/student.copy' | wc -l | grep -qx 3"
test_eq "no message quotes a name or a birth date" 0 \
	"$(cut -f9 "$rejects" | grep -c -e 'Lee' -e 'Other' -e '2015-' -e '1950-')"
test_grep "a code message quotes the non-personal value" 'grade_level "13" is not a valid code' "$rejects"

# The rejection report: valid HTML whose numbers are the rejects file's.
report="$TEST_TMP/validate/report.html"
test_ok "the HTML report is well-formed HTML" xmllint --html --noout "$report"
test_eq "the report's rejected total is the rejected records of the rejects file" \
	"$(awk -F'\t' 'NR > 1 && $8 == "error" { print $2, $3 }' "$rejects" | sort -u | wc -l)" \
	"$(grep -o '<tr><th>rejected</th><td class="n">[0-9]*' "$report" | grep -o '[0-9]*$')"
test_eq "the report's received total is the rows read" \
	"$(($(grep -c . "$sub/students.csv") + $(grep -c . "$sub/enrollments.csv") + $(grep -c . "$sub/attendance.csv") - 3))" \
	"$(grep -o '<tr><th>records received</th><td class="n">[0-9]*' "$report" | grep -o '[0-9]*$')"
test_eq "the report counts each rule as often as the rejects file has it" \
	"$(awk -F'\t' 'NR > 1 { n[$7]++ } END { for (r in n) print r, n[r] }' "$rejects" | sort)" \
	"$(grep -o '<tr><td><a href="#[A-Z]*\.[0-9]*">[^<]*</a></td><td class="[a-z]*">[a-z]*</td><td class="n">[0-9]*' "$report" |
	   sed 's/.*">\([A-Z]*\.[0-9]*\)<.*<td class="n">\([0-9]*\)$/\1 \2/' | sort)"
test_eq "report.csv has a row per broken rule" "$(($(wc -l < "$rejects") - 1))" \
	"$(($(wc -l < "$TEST_TMP/validate/report.csv") - 1))"
test_grep "report.csv gives each rule's fix hint" ',ENR\.0101,error,exit_date is before entry_date,Correct whichever' \
	"$TEST_TMP/validate/report.csv"

# 100,000 errors: the page stays small, the CSV has them all.
big="$TEST_TMP/inbox/0101/big"
mkdir -p "$big"
printf 'lea = 0101\nschool_year = 2027\ncollection = daily\n[file students.csv]\nrecord = student\nformat = csv\n' > "$big/manifest.ini"
{ echo 'LEA ID,Local Student ID,First Name,Last Name,Birth Date,Sex,School Year'
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf "0101,B%06d,Ann,Lee,2015-02-30,Q,2027\n", i }'; } > "$big/students.csv"
test_expect_exit 0 "100,000 bad students are validated" \
	sh -c "slds-ingest -q --offline '$big' '$TEST_TMP/bigi' && slds-validate -q '$TEST_TMP/bigi' '$TEST_TMP/bigv'"
test_eq "report.csv lists all 200,000 errors" 200000 "$(($(wc -l < "$TEST_TMP/bigv/report.csv") - 1))"
test_ok "report.html stays under 100 KB" test "$(wc -c < "$TEST_TMP/bigv/report.html")" -lt 100000
test_grep "report.html counts them" '<h3 id="STU.0002">STU.0002: 100000 records</h3>' "$TEST_TMP/bigv/report.html"
test_ok "report.html is well-formed HTML" xmllint --html --noout "$TEST_TMP/bigv/report.html"

test_expect_exit 0 "a second run succeeds" \
	slds-validate "$TEST_TMP/ingest" "$TEST_TMP/validate2"
test_ok "a second run gives byte-identical output" diff -r "$TEST_TMP/validate" "$TEST_TMP/validate2"

# --offline: a clerk checks a submission folder with no database.
test_expect_exit 0 "--offline checks a submission folder" \
	slds-validate --offline "$sub" "$TEST_TMP/offline"
test_grep "--offline prints the rejections per file" '^students.csv +student +14 rows +12 rejected$' "$TEST_TMP/out"
test_grep "--offline says where the report is" "^report: $TEST_TMP/offline/validate/report.html" "$TEST_TMP/out"
test_ok "--offline gives the batch's rejects" diff "$TEST_TMP/validate/rejects.copy" "$TEST_TMP/offline/validate/rejects.copy"
test_expect_exit 66 "--offline on a missing folder exits 66" \
	slds-validate --offline "$TEST_TMP/none-such" "$TEST_TMP/offline2"
mkdir -p "$TEST_TMP/nomanifest"
test_expect_exit 65 "--offline on a folder without a manifest exits 65" \
	slds-validate --offline "$TEST_TMP/nomanifest" "$TEST_TMP/offline3"
test_grep "the message is slds-ingest's" 'has no manifest.ini' "$TEST_TMP/err"

# A fatal rule rejects the whole file of a record that breaks it: two student
# files, the second made for the wrong year in 120 of its 150 rows (and one
# row with an ordinary error too).
fat="$TEST_TMP/inbox/0101/fatal"
mkdir -p "$fat"
cat > "$fat/manifest.ini" <<'EOF2'
lea = 0101
school_year = 2027
collection = daily
[file students-a.csv]
record = student
format = csv
[file students-b.csv]
record = student
format = csv
[file enrollments.csv]
record = enrollment
format = csv
EOF2
header='LEA ID,Local Student ID,First Name,Last Name,Birth Date,Sex,School Year'
{ echo "$header"; for i in 1 2 3; do echo "0101,A0$i,Ann,Lee,2015-02-28,F,2027"; done; } > "$fat/students-a.csv"
{ echo "$header"
  awk 'BEGIN { for (i = 100; i < 250; i++)
	printf "0101,B%d,Bo,Ng,2014-01-01,%s,%d\n", i, i == 230 ? "Q" : "M", i < 220 ? 2026 : 2027 }'; } > "$fat/students-b.csv"
printf 'LEA ID,School ID,Local Student ID,School Year,Grade Level,Entry Date,Entry Code\n0101,0101001,A01,2027,03,2026-08-20,E2\n0101,0101001,B240,2027,03,2026-08-20,E2\n' > "$fat/enrollments.csv"
test_expect_exit 0 "the fatal fixture is ingested" slds-ingest -q --offline "$fat" "$TEST_TMP/fi"
test_expect_exit 65 "a file that breaks a fatal rule rejects the submission: exit 65" \
	slds-validate "$TEST_TMP/fi" "$TEST_TMP/fv"
test_grep "the error names the file and the rule" \
	'submission 0101/fatal rejected: file "students-b.csv" breaks fatal rule STU.0160' "$TEST_TMP/err"
test_grep "a warning says how many records broke it" \
	'file "students-b.csv" rejected: 120 of its records break fatal rule STU.0160' "$TEST_TMP/err"
frej="$TEST_TMP/fv/rejects.copy"
test_eq "no record of the rejected file is accepted; the other file's are" "A01 A02 A03" \
	"$(tail -n +2 "$TEST_TMP/fv/student.copy" | cut -f5 | tr '\n' ' ' | sed 's/ $//')"
test_eq "the rejects file has one row for the whole file, on line 0" \
	"0101/fatal students-b.csv 0 STU.0160 fatal the whole file is rejected: 120 records break fatal rule STU.0160 (the first ones are listed)" \
	"$(awk -F'\t' '$3 == "0" { print $1, $2, $3, $7, $8, $9 }' "$frej")"
test_eq "and the first 100 records that broke the rule, each on its line" 100 \
	"$(awk -F'\t' '$2 == "students-b.csv" && $3 > 0 && $7 == "STU.0160" && $8 == "fatal"' "$frej" | wc -l)"
test_grep "a record's fatal row names its value" \
	$'^0101/fatal\tstudents-b.csv\t2\tstudent\tB100\tschool_year\tSTU.0160\tfatal\tschool_year 2026 is not' "$frej"
test_eq "the rejected file's other errors are not checked" 0 \
	"$(awk -F'\t' '$2 == "students-b.csv" && $7 != "STU.0160"' "$frej" | wc -l)"
test_grep "an enrollment of a student of the rejected file is rejected" \
	$'\tenrollments.csv\t3\tenrollment\tB240\tlocal_id\tENR.0011\terror\t' "$frej"
test_ok "every record of the rejected file counts as rejected" \
	grep -Pzq '\[file students-b.csv\][^[]*rows = 150\nrejected = 150\n' "$TEST_TMP/fv/submission.ini"
freport="$TEST_TMP/fv/report.html"
test_ok "the report with a fatal rejection is well-formed HTML" xmllint --html --noout "$freport"
test_ok "the report shows the rejected file first, above the totals" \
	sh -c "grep -n -e '<div class=\"fatal\">' -e '<table id=\"totals\">' '$freport' | head -1 | grep -q fatal"
test_grep "the box names the file, the rule, how many records, the message and the fix" \
	'<tr><td>students-b.csv</td><td><a href="#STU.0160">STU.0160</a></td><td class="n">120</td><td>school_year 2026 is not the submission.s school year</td><td>A student file .*</td><td>Export the student file again' \
	"$freport"
test_eq "the report's rejected total is the rejected rows of the summary" \
	"$(awk -F' = ' '$1 == "rejected" { n += $2 } END { print n }' "$TEST_TMP/fv/submission.ini")" \
	"$(grep -o '<tr><th>rejected</th><td class="n">[0-9]*' "$freport" | grep -o '[0-9]*$')"
test_eq "the rules table counts the fatal rule's records as the file row does" \
	"$(awk -F'\t' '$3 == "0" { print $9 }' "$frej" | grep -o '[0-9]* records' | grep -o '[0-9]*')" \
	"$(grep -o '<tr><td><a href="#STU.0160">STU.0160</a></td><td class="fatal">fatal</td><td class="n">[0-9]*' "$freport" | grep -o '[0-9]*$')"
test_eq "report.csv has a row per row of the rejects file" "$(($(wc -l < "$frej") - 1))" \
	"$(($(wc -l < "$TEST_TMP/fv/report.csv") - 1))"
test_expect_exit 65 "--offline on it exits 65 too" slds-validate --offline "$fat" "$TEST_TMP/foff"
test_grep "--offline still prints the rejections per file" '^students-b.csv +student +150 rows +150 rejected$' \
	"$TEST_TMP/out"

test_expect_exit 64 "no arguments is a usage error" slds-validate
test_expect_exit 66 "a missing input folder exits 66" slds-validate "$TEST_TMP/none" "$TEST_TMP/o"
test_grep "the message names the folder" 'input folder ".*none" does not exist' "$TEST_TMP/err"
mkdir -p "$TEST_TMP/broken"
cp "$TEST_TMP/ingest/"* "$TEST_TMP/broken/"
printf 'garbage\n' > "$TEST_TMP/broken/student.copy"
test_expect_exit 65 "a corrupt canonical file exits 65" slds-validate "$TEST_TMP/broken" "$TEST_TMP/o2"
test_grep "the message names the file" 'student.copy" is not a canonical file' "$TEST_TMP/err"

test_done
