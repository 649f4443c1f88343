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
EOF2
# Line: what it breaks (line 2 and 3 are clean).
cat > "$sub/students.csv" <<'EOF2'
LEA ID,Local Student ID,SSID,First Name,Middle Name,Last Name,Suffix,Birth Date,Sex,Race Ethnicity,School Year
0101,S01,,Ann,,Lee,,2015-02-28,F,AS7,2027
0101,S02,,Bo,Q,Ng,Jr,2014-01-01,M,,2027
0101,S03,,,,Lee,,2015-02-28,F,AS7,2027
0101,S04,,Cy,,Lee,,2015-02-30,F,AS7,2027
0101,S05,,Di,,Lee,,2015-01-01,Q,AS7,2027
0101,S06,,Ed,,Lee,,2015-01-01,M,ZZ7,2027
0101,S07,1234567890,Flo,,Lee,,2015-01-01,F,WH7,2027
0101,S08,,Gus,,Lee,,2015-01-01,M,WH7,2026
0101,S09,,Hal,,Lee,,1950-01-01,M,WH7,2027
0101,S01,,Ann,,Other,,2015-02-28,F,AS7,2027
0101,S10,,Ivy,,Lee,,2015-01-01,F,WH7,20x7
0101,S11,,,,,,,,,2027
0202,S13,,Kay,,Lee,,2015-01-01,F,WH7,2027
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
expect_rule students.csv 9 STU.0009 school_year
expect_rule students.csv 10 STU.0101 birth_date
expect_rule students.csv 11 STU.0102 local_id
expect_rule students.csv 12 STU.0003 school_year
expect_rule students.csv 13 STU.0001 first_name
expect_rule students.csv 13 STU.0001 last_name
expect_rule students.csv 13 STU.0001 birth_date
expect_rule students.csv 13 STU.0001 sex
expect_rule students.csv 14 STU.0010 lea_id
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

test_expect_exit 0 "a second run succeeds" \
	slds-validate "$TEST_TMP/ingest" "$TEST_TMP/validate2"
test_ok "a second run gives byte-identical output" diff -r "$TEST_TMP/validate" "$TEST_TMP/validate2"

test_expect_exit 64 "no arguments is a usage error" slds-validate
test_expect_exit 66 "a missing input folder exits 66" slds-validate "$TEST_TMP/none" "$TEST_TMP/o"
test_grep "the message names the folder" 'input folder ".*none" does not exist' "$TEST_TMP/err"
mkdir -p "$TEST_TMP/broken"
cp "$TEST_TMP/ingest/"* "$TEST_TMP/broken/"
printf 'garbage\n' > "$TEST_TMP/broken/student.copy"
test_expect_exit 65 "a corrupt canonical file exits 65" slds-validate "$TEST_TMP/broken" "$TEST_TMP/o2"
test_grep "the message names the file" 'student.copy" is not a canonical file' "$TEST_TMP/err"

test_done
