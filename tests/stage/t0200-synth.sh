#!/bin/bash
# Stage tests of slds-synth: determinism, the invariants of the state it
# generates over several years, truth files that cover every record, identity
# noise that stays valid data, --describe, and its usage errors.
. "$SLDS_TOP/tests/lib.sh"

test_expect_exit 0 "a state of 500 students is generated" \
	slds-synth --students 500 --leas 5 --seed 3 --out "$TEST_TMP/a"
test_grep "the summary counts movers" '^mid-year movers: [0-9]+$' "$TEST_TMP/out"
test_grep "the summary counts twin pairs" '^twin pairs: [0-9]+$' "$TEST_TMP/out"
test_expect_exit 0 "the same seed again" slds-synth -q --students 500 --leas 5 --seed 3 --out "$TEST_TMP/b"
test_expect_exit 1 "a folder that already holds a state is refused" slds-synth -q --students 50 --leas 2 --out "$TEST_TMP/b"
test_grep "the message says why" 'already holds a generated state' "$TEST_TMP/err"
test_ok "the same seed gives byte-identical output" diff -r "$TEST_TMP/a" "$TEST_TMP/b"
test_expect_exit 0 "another seed" slds-synth -q --students 500 --leas 5 --seed 4 --out "$TEST_TMP/c"
test_ok "another seed gives other data" sh -c "! diff -rq '$TEST_TMP/a' '$TEST_TMP/c' >/dev/null"

a="$TEST_TMP/a"
test_eq "one submission folder per LEA and the online provider" 6 "$(find "$a/inbox" -name manifest.ini | wc -l)"
test_eq "the truth covers 500 distinct persons" 500 \
	"$(tail -n +2 "$a/truth/persons.csv" | cut -d, -f6 | sort -u | wc -l)"
students=$(cat "$a"/inbox/*/*/students.csv | grep -vc '^LEA ID,')
test_eq "the truth has a row for every student record" "$students" \
	"$(tail -n +2 "$a/truth/persons.csv" | wc -l)"
test_eq "every truth row names its record's line and local ID" 0 "$(
	tail -n +2 "$a/truth/persons.csv" | while IFS=, read -r lea sub file line id person noise; do
		got=$(sed -n "${line}p" "$a/inbox/$lea/$sub/$file" | cut -d, -f2)
		[ "$got" = "$id" ] || echo bad
	done | wc -l)"
test_eq "every student has one enrollment in its LEA's file" "$students" \
	"$(cat "$a"/inbox/*/*/enrollments.csv | grep -vc '^LEA ID,')"
test_eq "every enrollment lies within the school year, exit after entry" 0 \
	"$(cat "$a"/inbox/*/*/enrollments.csv | grep -v '^LEA ID,' |
	   awk -F, '$6 < "2026-07-01" || $6 > "2027-06-30" || ($8 != "" && ($8 < $6 || $8 > "2027-06-30"))' | wc -l)"
test_eq "only grade 12 graduates" 0 \
	"$(cat "$a"/inbox/*/*/enrollments.csv | awk -F, '$9 == "G1" && $5 != "12"' | wc -l)"
test_eq "the counts' truth sums to the enrollment rows" "$students" \
	"$(tail -n +2 "$a/truth/enrollment_counts-2027.csv" | awk -F, '{ s += $3 } END { print s }')"
test_eq "every true birth date fits the grade within a year" 0 \
	"$(paste -d, <(cat "$a"/inbox/*/*/students.csv | grep -v '^LEA ID,' | cut -d, -f8) \
		     <(cat "$a"/inbox/*/*/enrollments.csv | grep -v '^LEA ID,' | cut -d, -f5) \
		     <(tail -n +2 "$a/truth/persons.csv" | cut -d, -f7) |
	   awk -F, '$3 !~ /dob/ { g = ($2 == "KG") ? 0 : $2 + 0; age = 2026 - substr($1, 1, 4) - (substr($1, 6, 2) + 0 > 9 || substr($1, 6, 5) > "09-01");
		      if (age != 5 + g && age != 6 + g) print }' | wc -l)"

# Several years, with noise.
test_expect_exit 0 "three years of a larger state are generated" \
	slds-synth --students 6000 --leas 6 --years 3 --seed 5 --out "$TEST_TMP/y"
y="$TEST_TMP/y"
test_eq "each LEA and the online provider submit each year" 21 "$(find "$y/inbox" -name manifest.ini | wc -l)"
test_ok "a truth count file per year" test -f "$y/truth/enrollment_counts-2025.csv" -a \
	-f "$y/truth/enrollment_counts-2026.csv" -a -f "$y/truth/enrollment_counts-2027.csv"
# A student at the same LEA and local ID two years running is a grade up, or retained.
test_eq "grades advance from one year to the next" 0 "$(
	for yr in 2025 2026; do
		cat "$y"/inbox/*/$yr-daily-01/enrollments.csv | grep -v '^LEA ID' | awk -F, -v OFS=, '{ print $1 "/" $3, $5 }' | sort > "$TEST_TMP/g$yr"
	done
	join -t, "$TEST_TMP/g2025" "$TEST_TMP/g2026" |
	awk -F, '{ a = ($2 == "KG") ? 0 : $2 + 0; b = ($3 == "KG") ? 0 : $3 + 0; if (b != a && b != a + 1) print }' | wc -l)"
test_eq "nobody graduates twice" 0 "$(
	awk -F, 'FNR == 1 { next }
		 FILENAME ~ /enrollments.csv$/ { n = split(FILENAME, p, "/"); code[p[n - 2] "/" p[n - 1] "/" FNR] = $9; next }
		 code[$1 "/" $2 "/" $4] == "G1" { g[$6]++ }
		 END { for (x in g) if (g[x] > 1) print x }' "$y"/inbox/*/*/enrollments.csv "$y/truth/persons.csv" | wc -l)"
test_eq "graduations are found at all" 1 "$(
	awk -F, '$9 == "G1"' "$y"/inbox/*/*/enrollments.csv | head -n 1 | wc -l)"
test_eq "kindergarten arrives every year" 3 "$(
	for yr in 2025 2026 2027; do cat "$y"/inbox/*/$yr-daily-01/enrollments.csv | awk -F, '$7 == "E1"' | head -n 1; done | wc -l)"
for kind in nickname typo drop_letter double_letter transpose name_swap accents_dropped \
	    middle_missing middle_initial dob_day_month_swap dob_digit dob_year; do
	test_ok "the default noise injects $kind" grep -q "$kind" "$y/truth/persons.csv"
done
test_expect_exit 0 "the noisy state passes ingest and validation" \
	bash -c 'for d in "$1"/inbox/*/*; do w="$1/w/$(basename $(dirname $d))-$(basename $d)"
		 slds-ingest -q --offline "$d" "$w/i" && slds-validate -q "$w/i" "$w/v" || exit 1; done' _ "$y"
test_eq "validation rejects nothing in a noisy but valid state" 0 \
	"$(cat "$y"/w/*/v/rejects.copy | grep -vc '^#slds')"
test_eq "twins never share a first name" 0 "$(
	tail -n +2 "$y/truth/twins.csv" | while IFS=, read -r p t; do
		a=$(grep ",$p,[^,]*$" "$y/truth/persons.csv" | head -n 1); b=$(grep ",$t,[^,]*$" "$y/truth/persons.csv" | head -n 1)
		[ -z "$a" ] || [ -z "$b" ] && continue
		fa=$(sed -n "$(echo "$a" | cut -d, -f4)p" "$y/inbox/$(echo "$a" | cut -d, -f1)/$(echo "$a" | cut -d, -f2)/students.csv" | cut -d, -f4)
		fb=$(sed -n "$(echo "$b" | cut -d, -f4)p" "$y/inbox/$(echo "$b" | cut -d, -f1)/$(echo "$b" | cut -d, -f2)/students.csv" | cut -d, -f4)
		[ "$fa" != "$fb" ] || echo "$p $t"
	done | wc -l)"
test_eq "twins share birth date and surname in the truth" 0 "$(
	tail -n +2 "$y/truth/twins.csv" | head -n 20 | while IFS=, read -r p t; do
		a=$(grep ",$p,$" "$y/truth/persons.csv" | head -n 1); b=$(grep ",$t,$" "$y/truth/persons.csv" | head -n 1)
		[ -z "$a" ] || [ -z "$b" ] && continue
		ra=$(sed -n "$(echo "$a" | cut -d, -f4)p" "$y/inbox/$(echo "$a" | cut -d, -f1)/$(echo "$a" | cut -d, -f2)/students.csv" | cut -d, -f6,8)
		rb=$(sed -n "$(echo "$b" | cut -d, -f4)p" "$y/inbox/$(echo "$b" | cut -d, -f1)/$(echo "$b" | cut -d, -f2)/students.csv" | cut -d, -f6,8)
		[ "$ra" = "$rb" ] || echo "$p $t"
	done | wc -l)"

# The statewide online provider: concurrent part-time enrollments.
test_ok "the online provider submits" test -d "$y/inbox/9000/2027-daily-01"
# Total FTE of a person's open (no exit) enrollments in a year: 1.00 at most,
# except the cases the truth lists as Level 2 problems.
awk -F, 'FNR == 1 { next }
	 FILENAME ~ /persons.csv$/ { who[$1 "/" $2 "/" $4] = $6; next }
	 { n = split(FILENAME, p, "/"); key = p[n - 2] "/" p[n - 1] "/" FNR
	   if ($8 == "") fte[who[key] "," substr(p[n - 1], 1, 4)] += $10 }
	 END { for (k in fte) if (fte[k] > 1.001) print k }' \
	"$y/truth/persons.csv" "$y"/inbox/*/*/enrollments.csv | sort > "$TEST_TMP/over"
tail -n +2 "$y/truth/level2.csv" | awk -F, '{ print $2 "," $1 }' | sort > "$TEST_TMP/over_truth"
test_cmp "total FTE is above 1.00 exactly where the truth says" "$TEST_TMP/over_truth" "$TEST_TMP/over"
# About 18 expected at this size (2% of high-school students online, 5% of
# those over 1.00): the small states above may have none.
test_expect_exit 0 "a larger state for the online provider" \
	slds-synth -q --students 60000 --leas 6 --noise none --out "$TEST_TMP/big"
test_ok "some concurrent enrollments sum above 1.00" \
	test "$(tail -n +2 "$TEST_TMP/big/truth/level2.csv" | wc -l)" -gt 3

# Claimed SSIDs: right, missing or another student's, as the truth says.
test_expect_exit 0 "a state with claimed SSIDs is generated" \
	slds-synth -q --students 2000 --leas 3 --claimed-ssids --out "$TEST_TMP/s"
awk -F, 'FNR == 1 { next }
	 FILENAME ~ /ssids.csv$/ { ssid[$1] = $2; next }
	 FILENAME ~ /persons.csv$/ { who[$1 "/" $2 "/" $4] = $6; noise[$1 "/" $2 "/" $4] = $7; next }
	 { n = split(FILENAME, p, "/"); key = p[n - 2] "/" p[n - 1] "/" FNR
	   if ($3 == "") kind = (noise[key] ~ /ssid_missing/) ? "ok" : "unexplained_missing"
	   else if ($3 == ssid[who[key]]) kind = "right"
	   else kind = (noise[key] ~ /ssid_other_student/) ? "ok" : "unexplained_wrong"
	   print kind }' \
	"$TEST_TMP/s/truth/ssids.csv" "$TEST_TMP/s/truth/persons.csv" "$TEST_TMP"/s/inbox/*/*/students.csv |
	sort | uniq -c > "$TEST_TMP/claims"
test_eq "every claimed SSID is right or explained by the truth" 0 \
	"$(grep -c unexplained "$TEST_TMP/claims")"
test_ok "most claimed SSIDs are right" awk '$2 == "right" && $1 > 1700 { ok = 1 } END { exit !ok }' "$TEST_TMP/claims"
test_expect_exit 0 "claimed SSIDs pass validation" \
	bash -c 'for d in "$1"/inbox/*/*; do w="$1/w/$(basename $(dirname $d))"
		 slds-ingest -q --offline "$d" "$w/i" && slds-validate -q "$w/i" "$w/v" || exit 1; done' _ "$TEST_TMP/s"
test_eq "no claimed SSID is rejected" 0 "$(cat "$TEST_TMP"/s/w/*/v/rejects.copy | grep -vc '^#slds')"

# Ed-Fi Data Standard 5.2 bulk XML.
# The Ed-Fi files are not shipped: ../shared/data/edfi beside the tree, or SLDS_EDFI_DIR.
schemas="${SLDS_EDFI_DIR:-$SLDS_TOP/../shared/data/edfi}/ds-5.2.0/Schemas/Bulk"
test_ok "the Ed-Fi 5.2 schemas are at $schemas (set SLDS_EDFI_DIR otherwise)" \
	test -f "$schemas/Interchange-Student.xsd"
test_expect_exit 0 "a state is generated as Ed-Fi XML" \
	slds-synth -q --students 1500 --leas 3 --years 2 --seed 5 --claimed-ssids --noise high --format edfi --out "$TEST_TMP/x"
x="$TEST_TMP/x"
test_eq "two interchanges per submission" "$(find "$x/inbox" -name manifest.ini | wc -l)" \
	"$(find "$x/inbox" -name Student.xml | wc -l)"
test_ok "every Student interchange validates against the DS 5.2 schema" \
	xmllint --noout --schema "$schemas/Interchange-Student.xsd" $(find "$x/inbox" -name Student.xml)
test_ok "every StudentEnrollment interchange validates against the DS 5.2 schema" \
	xmllint --noout --schema "$schemas/Interchange-StudentEnrollment.xsd" $(find "$x/inbox" -name StudentEnrollment.xml)
test_eq "the truth names the line of each Student element" 0 "$(
	tail -n +2 "$x/truth/persons.csv" | head -n 200 | while IFS=, read -r lea sub file line id person noise; do
		sed -n "${line}p" "$x/inbox/$lea/$sub/$file" | grep -q "<Student><StudentUniqueId>$id</StudentUniqueId>" || echo bad
	done | wc -l)"
test_expect_exit 0 "the same state as CSV" \
	slds-synth -q --students 1500 --leas 3 --years 2 --seed 5 --claimed-ssids --noise high --out "$TEST_TMP/xc"
test_eq "Ed-Fi and CSV output describe the same persons" \
	"$(tail -n +2 "$TEST_TMP/xc/truth/persons.csv" | cut -d, -f1,2,5,6,7)" \
	"$(tail -n +2 "$x/truth/persons.csv" | cut -d, -f1,2,5,6,7)"
test_expect_exit 0 "slds-ingest reads an Ed-Fi submission (tests/stage/t0120-edfi.sh tests it)" \
	slds-ingest --offline --edfi-map "$SLDS_TOP/tools/synth-edfi-descriptors.csv" \
	"$x/inbox/0101/2027-daily-01" "$TEST_TMP/xi"
test_expect_exit 64 "--errors with Ed-Fi output is a usage error" slds-synth --errors default --format edfi --out x

# Injected errors: each caught by the expected rule on its line, nothing else.
test_expect_exit 0 "a state with injected errors is generated" \
	slds-synth -q --students 8000 --leas 4 --years 2 --seed 9 --errors high --out "$TEST_TMP/e"
e="$TEST_TMP/e"
test_ok "errors are injected" test "$(wc -l < "$e/truth/errors.csv")" -gt 100
for kind in missing_required invalid_code impossible_date duplicate_local_id ragged_row \
	    invalid_utf8 exit_before_entry invalid_grade date_outside_year missing_school; do
	test_ok "the error profile injects $kind" grep -q ",$kind\$" "$e/truth/errors.csv"
done
test_expect_exit 0 "ingest and validation run on it" \
	bash -c 'for d in "$1"/inbox/*/*; do w="$1/w/$(basename $(dirname $d))-$(basename $d)"
		 slds-ingest -q --offline "$d" "$w/i" && slds-validate -q "$w/i" "$w/v" || exit 1; done' _ "$e"
cat "$e"/w/*/v/rejects.copy | grep -v '^#slds' |
	awk -F'\t' -v OFS=, '{ f = ($6 == "\\N") ? "" : $6; print $1, $2, $3, f, $7 }' | sort > "$TEST_TMP/got"
tail -n +2 "$e/truth/errors.csv" | awk -F, -v OFS=, '{ print $1 "/" $2, $3, $4, $5, $6 }' | sort > "$TEST_TMP/want"
test_cmp "every injected error is reported with its rule, and nothing else is rejected" \
	"$TEST_TMP/want" "$TEST_TMP/got"
test_expect_exit 0 "--describe reads a state with errors" slds-synth --describe "$e"
test_grep "--describe counts injected errors" '^  ragged_row +[0-9]+$' "$TEST_TMP/out"

test_expect_exit 0 "--noise none gives records without noise" \
	slds-synth -q --students 300 --leas 2 --noise none --out "$TEST_TMP/n"
test_eq "no record has noise" 0 "$(tail -n +2 "$TEST_TMP/n/truth/persons.csv" | cut -d, -f7 | grep -c .)"

test_expect_exit 0 "--describe reads a state" slds-synth --describe "$y"
test_grep "--describe counts student records from the files" \
	"^student records: $(cat "$y"/inbox/*/*/students.csv | grep -vc '^LEA ID,')\$" "$TEST_TMP/out"
test_grep "--describe counts distinct persons" \
	"^distinct persons: $(tail -n +2 "$y/truth/persons.csv" | cut -d, -f6 | sort -u | wc -l)\$" "$TEST_TMP/out"
test_grep "--describe counts twin pairs" "^twin pairs: $(($(wc -l < "$y/truth/twins.csv") - 1))\$" "$TEST_TMP/out"
test_grep "--describe gives the share of each noise kind" '^  nickname +[0-9]+ +[0-9.]+%$' "$TEST_TMP/out"
test_expect_exit 66 "--describe of a missing folder exits 66" slds-synth --describe "$TEST_TMP/none"

test_expect_exit 64 "an unknown option is a usage error" slds-synth --bogus --out x
test_expect_exit 64 "a non-numeric --students is a usage error" slds-synth --students abc --out x
test_grep "the message names the option and value" '--students must be a whole number from 1 to [0-9]+, not "abc"' "$TEST_TMP/err"
test_expect_exit 64 "an unknown noise profile is a usage error" slds-synth --noise loud --out x
test_expect_exit 64 "an unknown error profile is a usage error" slds-synth --errors many --out x
test_expect_exit 64 "a missing --out is a usage error" slds-synth --students 10
test_grep "the message says what is missing" 'no output folder given' "$TEST_TMP/err"
test_expect_exit 64 "more LEAs than students is a usage error" slds-synth --students 3 --leas 4 --out x

test_done
