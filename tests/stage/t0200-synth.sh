#!/bin/bash
# Stage tests of slds-synth: determinism, the invariants of the state it
# generates, truth files that cover every record, and its usage errors.
. "$SLDS_TOP/tests/lib.sh"

test_expect_exit 0 "a state of 500 students is generated" \
	slds-synth --students 500 --leas 5 --seed 3 --out "$TEST_TMP/a"
test_grep "the summary counts movers and twins" '^movers: [0-9]+$' "$TEST_TMP/out"
test_grep "the summary counts twin pairs" '^twin pairs: [0-9]+$' "$TEST_TMP/out"
test_expect_exit 0 "the same seed again" slds-synth -q --students 500 --leas 5 --seed 3 --out "$TEST_TMP/b"
test_ok "the same seed gives byte-identical output" diff -r "$TEST_TMP/a" "$TEST_TMP/b"
test_expect_exit 0 "another seed" slds-synth -q --students 500 --leas 5 --seed 4 --out "$TEST_TMP/c"
test_ok "another seed gives other data" sh -c "! diff -rq '$TEST_TMP/a' '$TEST_TMP/c' >/dev/null"

a="$TEST_TMP/a"
test_eq "one submission folder per LEA" 5 "$(find "$a/inbox" -name manifest.ini | wc -l)"
test_eq "the truth covers 500 distinct persons" 500 \
	"$(tail -n +2 "$a/truth/persons.csv" | cut -d, -f5 | sort -u | wc -l)"
students=$(cat "$a"/inbox/*/*/students.csv | grep -vc '^LEA ID,')
test_eq "the truth has a row for every student record" "$students" \
	"$(tail -n +2 "$a/truth/persons.csv" | wc -l)"
test_eq "every truth row names its record's line and local ID" 0 "$(
	tail -n +2 "$a/truth/persons.csv" | while IFS=, read -r lea file line id person; do
		got=$(sed -n "${line}p" "$a/inbox/$lea/2027-daily-01/$file" | cut -d, -f2)
		[ "$got" = "$id" ] || echo bad
	done | wc -l)"
test_eq "every student has one enrollment in its LEA's file" "$students" \
	"$(cat "$a"/inbox/*/*/enrollments.csv | grep -vc '^LEA ID,')"
test_eq "every enrollment lies within the school year" 0 \
	"$(cat "$a"/inbox/*/*/enrollments.csv | grep -v '^LEA ID,' |
	   awk -F, '$6 < "2026-07-01" || $6 > "2027-06-30" || ($8 != "" && ($8 < $6 || $8 > "2027-06-30"))' | wc -l)"
test_eq "the counts' truth sums to the enrollment rows" "$students" \
	"$(tail -n +2 "$a/truth/enrollment_counts.csv" | awk -F, '{ s += $3 } END { print s }')"
test_eq "every birth date fits the grade within a year" 0 \
	"$(paste -d, <(cat "$a"/inbox/*/*/students.csv | grep -v '^LEA ID,' | cut -d, -f8) \
		     <(cat "$a"/inbox/*/*/enrollments.csv | grep -v '^LEA ID,' | cut -d, -f5) |
	   awk -F, '{ g = ($2 == "KG") ? 0 : $2 + 0; age = 2026 - substr($1, 1, 4) - (substr($1, 6, 2) + 0 >= 9);
		      if (age != 5 + g && age != 6 + g) print }' | wc -l)"
test_expect_exit 0 "the generated state passes ingest and validation" \
	bash -c 'for d in "$1"/inbox/*/*; do slds-ingest -q --offline "$d" "$1/w/$(basename $(dirname $d))/i" &&
		 slds-validate -q "$1/w/$(basename $(dirname $d))/i" "$1/w/$(basename $(dirname $d))/v" || exit 1; done' _ "$a"
test_eq "validation rejects nothing in a clean state" 0 "$(cat "$a"/w/*/v/rejects.copy | grep -vc '^#slds')"

test_expect_exit 64 "an unknown option is a usage error" slds-synth --bogus --out x
test_expect_exit 64 "a non-numeric --students is a usage error" slds-synth --students abc --out x
test_grep "the message names the option and value" '--students must be a whole number from 1 to [0-9]+, not "abc"' "$TEST_TMP/err"
test_expect_exit 64 "a missing --out is a usage error" slds-synth --students 10
test_grep "the message says what is missing" 'no output folder given' "$TEST_TMP/err"
test_expect_exit 64 "more LEAs than students is a usage error" slds-synth --students 3 --leas 4 --out x

test_done
