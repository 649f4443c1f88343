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
test_ok "every district and the online provider submit" test -d "$a/inbox/0101" -a -d "$a/inbox/0105" -a -d "$a/inbox/9000"
test_eq "one submission folder per LEA with students" \
	"$(tail -n +2 "$a/truth/persons.csv" | cut -d, -f1,2 | sort -u | wc -l)" "$(find "$a/inbox" -name manifest.ini | wc -l)"
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
cp "$TEST_TMP/out" "$TEST_TMP/y.summary"
y="$TEST_TMP/y"
test_eq "each LEA, the online provider and the charter submit each year" 24 "$(find "$y/inbox" -name manifest.ini | wc -l)"
test_ok "the charter in the fifth district's area is LEA 10001" test -d "$y/inbox/10001/2027-daily-01"
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

# Every record type of the state's collections.
files="lea.csv:lea schools.csv:school staff.csv:staff credentials.csv:credential courses.csv:course
sections.csv:section students.csv:student enrollments.csv:enrollment attendance.csv:attendance
course_grades.csv:course_grade assessments.csv:assessment special_ed.csv:special_ed programs.csv:program"
echo $files | tr ' ' '\n' | sort > "$TEST_TMP/files"
test_eq "every submission has a file of every record type, each in its manifest" 0 "$(
	for d in "$y"/inbox/*/*; do
		awk '/^\[file / { f = $2; sub(/\]$/, "", f) } /^record = / { print f ":" $3 }' "$d/manifest.ini" |
			sort | cmp -s - "$TEST_TMP/files" || echo "$d: manifest"
		for f in $files; do test -f "$d/${f%%:*}" || echo "$d/${f%%:*}"; done
	done | wc -l)"
test_eq "ingest reads rows of every record type of a large LEA" 13 \
	"$(grep -c '^rows = [1-9]' "$y/w/0101-2027-daily-01/i/submission.ini")"
# inbox_awk PROGRAM FILE...: run an awk program over the named files of every
# submission, with sub (LEA/submission) and f (the file's name) set per file.
inbox_awk() {
	local prog=$1 d f paths=()
	shift
	for d in "$y"/inbox/*/*; do for f in "$@"; do paths+=("$d/$f"); done; done
	awk -F, 'FNR == 1 { n = split(FILENAME, p, "/"); sub_ = p[n - 2] "/" p[n - 1]; f = p[n]; next }'"$prog" \
		"${paths[@]}"
}
test_eq "every student record's local ID is a student of the same submission" 0 "$(
	inbox_awk 'f == "students.csv" { ok[sub_ "/" $2] = 1; next } !((sub_ "/" $2) in ok) { print FILENAME ": " FNR }' \
		students.csv attendance.csv course_grades.csv assessments.csv special_ed.csv programs.csv | wc -l)"
test_eq "every grade's section and course, every section's course and teacher, are in the submission" 0 "$(
	inbox_awk 'f == "staff.csv" { staff[sub_ "/" $2] = 1; next }
		   f == "courses.csv" { course[sub_ "/" $2] = 1; next }
		   f == "sections.csv" { sec[sub_ "/" $2 "/" $3] = $4
					 if (!((sub_ "/" $6) in staff) || !((sub_ "/" $4) in course)) print FILENAME ": " FNR; next }
		   { k = sub_ "/" $3 "/" $4; if (!(k in sec) || sec[k] != $5 || !((sub_ "/" $5) in course)) print FILENAME ": " FNR }' \
		staff.csv courses.csv sections.csv course_grades.csv | wc -l)"
test_eq "section IDs are unique within a school" 0 "$(
	inbox_awk '{ if (seen[sub_ "/" $2 "/" $3]++) print FILENAME ": " FNR }' sections.csv | wc -l)"
test_eq "course grades are for grades 7 to 12, with credits earned only for a passing mark" 0 "$(
	inbox_awk 'f == "enrollments.csv" { grade[sub_ "/" $3] = $5; next }
		   grade[sub_ "/" $2] < "07" || grade[sub_ "/" $2] == "KG" ||
		   $8 != "0.50" || $9 != (($7 ~ /^(F|NP|I|W)$/) ? "0.00" : "0.50") { print FILENAME ": " FNR }' \
		enrollments.csv course_grades.csv | wc -l)"
test_eq "one attendance row per enrollment" \
	"$(cat "$y"/inbox/*/*/enrollments.csv | grep -vc '^LEA ID,')" "$(cat "$y"/inbox/*/*/attendance.csv | grep -vc '^LEA ID,')"
test_eq "days present, excused and unexcused add up to the days in membership, about 180" 0 "$(
	inbox_awk '$5 + $6 + $7 != $4 || $4 > 185 || $5 < 0 { print FILENAME ": " FNR }' attendance.csv | wc -l)"
test_ok "about 15% are chronically absent (10% of their days or more)" \
	awk -F, '$1 != "LEA ID" { n++; if ($6 + $7 >= 0.1 * $4) c++ } END { exit !(c / n > 0.12 && c / n < 0.18) }' \
	"$y"/inbox/*/*/attendance.csv
test_eq "growth percentiles come from the second year on, for most tested students" "0 1 1" "$(
	for yr in 2025 2026 2027; do
		cat "$y"/inbox/*/$yr-daily-01/assessments.csv | awk -F, '$1 != "LEA ID" { n++; if ($10 != "") g++ } END { print (g > 0.5 * n) ? 1 : (g > 0 ? "some" : 0) }'
	done | tr '\n' ' ' | sed 's/ $//')"
test_eq "tests are in grades 3 to 8 and 9 to 10, science from grade 4, the level rising with the score" 0 "$(
	inbox_awk '$7 < "03" || $7 > "10" || ($5 == "SCI" && $7 == "03") || $8 + 0 < 1000 || $9 < 1 || $9 > 4 { print FILENAME ": " FNR }
		   { if (!($4 "/" $9 in lo) || $8 < lo[$4 "/" $9]) lo[$4 "/" $9] = $8; if ($8 > hi[$4 "/" $9]) hi[$4 "/" $9] = $8 }
		   END { for (k in hi) { split(k, t, "/"); u = t[1] "/" (t[2] + 1); if ((u in lo) && hi[k] >= lo[u]) print "levels overlap: " k } }' \
		assessments.csv | wc -l)"
for yr in 2025 2026 2027; do
	test_ok "special education is 10 to 16% of the student records in $yr" \
		awk -F, -v yr=$yr 'FNR > 1 && FILENAME ~ "/" yr "-daily-01/" { if (FILENAME ~ /special_ed.csv$/) s++; else n++ }
				   END { exit !(s / n >= 0.10 && s / n <= 0.16) }' "$y"/inbox/*/*/students.csv "$y"/inbox/*/*/special_ed.csv
done
test_eq "every dated event lies within its school year" 0 "$(
	inbox_awk '{ yr = substr(sub_, index(sub_, "/") + 1, 4); lo = (yr - 1) "-07-01"; hi = yr "-06-30" }
		   f == "assessments.csv" && ($6 < lo || $6 > hi) { print FILENAME ": " FNR }
		   f == "programs.csv" && ($4 < lo || $4 > hi || ($5 != "" && ($5 < $4 || $5 > hi))) { print FILENAME ": " FNR }
		   f == "special_ed.csv" && ($5 < lo || $5 > hi || $6 < $5 || ($7 != "" && ($7 < lo || $7 > hi)) || ($7 == "") != ($8 == "")) { print FILENAME ": " FNR }' \
		assessments.csv programs.csv special_ed.csv | wc -l)"
test_ok "every program is found, English learners leaving it among them" sh -c "
	for p in EL ECODIS HOMELESS MIGRANT FOSTER; do cat '$y'/inbox/*/*/programs.csv | grep -q \",\$p,\" || exit 1; done
	cat '$y'/inbox/*/*/programs.csv | grep -q ',EL,[0-9-]*,[0-9]'"
test_ok "the charter is a CHR LEA of charter schools, the online provider a VIR one" sh -c "
	grep -q '^10001,.*,CHR,' '$y/inbox/10001/2027-daily-01/lea.csv' &&
	tail -n +2 '$y/inbox/10001/2027-daily-01/schools.csv' | cut -d, -f7 | grep -qvx N &&
	grep -q '^9000,.*,VIR,' '$y/inbox/9000/2027-daily-01/lea.csv'"
test_ok "about a teacher to 22 students, fewer in small schools, and a few more for special education" awk -F, '
	FNR == 1 { next }
	FILENAME ~ /students.csv$/ { n++; next }
	$8 == "TCH" { t++ }
	END { exit !(n / t > 12 && n / t < 24) }' "$y"/inbox/*/*/students.csv "$y"/inbox/*/*/staff.csv
test_eq "every section's teacher is endorsed in its subject" 0 "$(
	inbox_awk 'f == "courses.csv" { subject[sub_ "/" $2] = $4; next }
		   f == "credentials.csv" { endorsed[sub_ "/" $2 "/" $5] = 1; next }
		   !((sub_ "/" $6 "/" subject[sub_ "/" $4]) in endorsed) { print FILENAME ": " FNR }' \
		courses.csv credentials.csv sections.csv | wc -l)"
test_eq "the summary counts the rows of every record type" 13 "$(grep -cE '^  [a-z_]+ +[0-9]+$' <(sed -n '/^records by type/,/^inbox/p' "$TEST_TMP/y.summary"))"
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

# Birthplace and home ZIP, without noise: always given; a state exactly for
# a birth in the US; mostly Utah, some abroad; twins share them; a person's
# ZIP is one while the family stays in its district, and a mid-year mover's
# two LEAs give two.
big="$TEST_TMP/big"
cat "$big"/inbox/*/*/students.csv | awk -F, '$1 != "LEA ID" {
	n++; bad += $12 == "" || ($11 != "") != ($12 == "US") || $13 !~ /^[0-9][0-9][0-9][0-9][0-9](-[0-9][0-9][0-9][0-9])?$/
	ut += $11 == "UT"; abroad += $12 != "US" }
	END { print n, bad + 0, ut / n, abroad / n }' > "$TEST_TMP/places"
test_eq "every record gives a country, a state for a US birth only, and a ZIP or ZIP+4" 0 \
	"$(cut -d' ' -f2 "$TEST_TMP/places")"
test_ok "most were born in Utah, a few abroad" \
	awk '{ exit !($3 > 0.65 && $3 < 0.85 && $4 > 0.03 && $4 < 0.10) }' "$TEST_TMP/places"
awk -F, 'FNR == 1 { next }
	 FILENAME ~ /twins.csv$/ { twin[$1] = $2; next }
	 FILENAME ~ /persons.csv$/ { who[$1 "/" $2 "/" $4] = $6; next }
	 { n = split(FILENAME, p, "/"); sub_ = p[n - 2] "/" p[n - 1]; pid = who[sub_ "/" FNR]
	   place[sub_ "/" pid] = $11 "," $12 "," $13; lea = p[n - 2]
	   if (lea != "9000" && !((pid, lea) in seen)) { seen[pid, lea] = 1; leas[pid]++ }
	   z = substr($13, 1, 5); if (!((pid, z) in zs)) { zs[pid, z] = 1; zips[pid]++ } }
	 END {
	   for (k in place) { split(k, q, "/"); t = twin[q[3]]
	     if (t != "" && (q[1] "/" q[2] "/" t) in place && place[k] != place[q[1] "/" q[2] "/" t]) print "twins", k }
	   for (pid in leas) if (zips[pid] != leas[pid]) print "zips", pid, leas[pid], zips[pid] }' \
	"$big/truth/twins.csv" "$big/truth/persons.csv" "$big"/inbox/*/*/students.csv > "$TEST_TMP/households"
test_eq "twins reported together give one birthplace and ZIP" 0 "$(grep -c '^twins' "$TEST_TMP/households")"
test_eq "a person has one home ZIP per district (a mid-year mover two)" 0 "$(grep -c '^zips' "$TEST_TMP/households")"

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
test_eq "a Student interchange per submission" "$(find "$x/inbox" -name manifest.ini | wc -l)" \
	"$(find "$x/inbox" -name Student.xml | wc -l)"
for ic in Student StudentEnrollment StudentAttendance StudentTranscript StudentAssessment \
	  StudentProgram StaffAssociation EducationOrganization MasterSchedule \
	  EducationOrgCalendar AssessmentMetadata; do
	test_ok "some submission has an $ic interchange" test -n "$(find "$x/inbox" -name "$ic.xml")"
	test_ok "every $ic interchange validates against the DS 5.2 schema" \
		xmllint --noout --schema "$schemas/Interchange-$ic.xsd" $(find "$x/inbox" -name "$ic.xml")
done
test_eq "the manifests name exactly the files written" \
	"$(cd "$x/inbox" && find . -name '*.xml' | sort)" \
	"$(cd "$x/inbox" && for m in */*/manifest.ini; do
		sed -n "s|^\[file \(.*\)\]\$|./${m%/manifest.ini}/\1|p" "$m"; done | sort)"
test_eq "every file of the manifests is Ed-Fi" 0 "$(cat "$x"/inbox/*/*/manifest.ini | grep -c '^format = csv')"
test_eq "attendance events are absences and tardies only, never days present" 0 \
	"$(cat $(find "$x/inbox" -name StudentAttendance.xml) | grep -c 'AttendanceEventCategoryDescriptor#In Attendance')"
test_ok "each school's calendar lists its instructional days" \
	grep -q '<CalendarDate><Date>2027-05-2[0-9]</Date><CalendarEvent>uri://ed-fi.org/CalendarEventDescriptor#Instructional day</CalendarEvent>' \
	"$x/inbox/0101/2027-daily-01/EducationOrgCalendar.xml"
test_expect_exit 0 "the same seed again, as Ed-Fi" \
	slds-synth -q --students 1500 --leas 3 --years 2 --seed 5 --claimed-ssids --noise high --format edfi --out "$TEST_TMP/x2"
test_ok "gives byte-identical Ed-Fi output" diff -r "$x" "$TEST_TMP/x2"
test_expect_exit 0 "another seed, as Ed-Fi" \
	slds-synth -q --students 1500 --leas 3 --years 2 --seed 6 --claimed-ssids --noise high --format edfi --out "$TEST_TMP/x3"
test_ok "gives other output" bash -c '! diff -rq "$1" "$2" > /dev/null' _ "$x" "$TEST_TMP/x3"
rm -rf "$TEST_TMP/x2" "$TEST_TMP/x3"
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
test_expect_exit 0 "--describe reads an Ed-Fi state" slds-synth --describe "$x"
cp "$TEST_TMP/out" "$TEST_TMP/x.describe"
test_expect_exit 0 "and the CSV state of the same seed" slds-synth --describe "$TEST_TMP/xc"
test_cmp "both describe the same state: counts of every record type, noise, movers, exits" \
	"$TEST_TMP/out" "$TEST_TMP/x.describe"
test_grep "--describe counts the Ed-Fi attendance records" '^  attendance +[1-9][0-9]*$' "$TEST_TMP/x.describe"

# Injected errors: each caught by the expected rule on its line, nothing else.
test_expect_exit 0 "a state with injected errors is generated" \
	slds-synth -q --students 8000 --leas 4 --years 2 --seed 9 --errors high --out "$TEST_TMP/e"
e="$TEST_TMP/e"
test_ok "errors are injected" test "$(wc -l < "$e/truth/errors.csv")" -gt 100
for kind in missing_required invalid_code impossible_date duplicate_local_id ragged_row \
	    invalid_utf8 exit_before_entry invalid_grade date_outside_year missing_school \
	    invalid_days invalid_mark missing_test_date invalid_disability impossible_begin_date; do
	test_ok "the error profile injects $kind" grep -q ",$kind\$" "$e/truth/errors.csv"
done
for rule in ENR.0011 ATT.0011 GRD.0011 ASM.0011 SPE.0011 PRG.0011; do
	test_ok "a rejected student takes its records with it: $rule" grep -q ",local_id,$rule,consequence\$" "$e/truth/errors.csv"
done
test_expect_exit 0 "ingest and validation run on it" \
	bash -c 'for d in "$1"/inbox/*/*; do w="$1/w/$(basename $(dirname $d))-$(basename $d)"
		 slds-ingest -q --offline "$d" "$w/i" && slds-validate -q "$w/i" "$w/v" || exit 1; done' _ "$e"
# Errors only: warnings (an age unusual for the grade...) reject nothing.
cat "$e"/w/*/v/rejects.copy | grep -v '^#slds' |
	awk -F'\t' -v OFS=, '$8 == "error" { f = ($6 == "\\N") ? "" : $6; print $1, $2, $3, f, $7 }' |
	sort > "$TEST_TMP/got"
tail -n +2 "$e/truth/errors.csv" | awk -F, -v OFS=, '{ print $1 "/" $2, $3, $4, $5, $6 }' | sort > "$TEST_TMP/want"
test_cmp "every injected error is reported with its rule, and nothing else is rejected" \
	"$TEST_TMP/want" "$TEST_TMP/got"
test_expect_exit 0 "--describe reads a state with errors" slds-synth --describe "$e"
test_grep "--describe counts injected errors" '^  ragged_row +[0-9]+$' "$TEST_TMP/out"
test_grep "--describe counts the errors of the other records" '^  invalid_mark +[0-9]+$' "$TEST_TMP/out"

# The same, as Ed-Fi: the errors XML can have, caught on the entity's line.
# rejects_vs_truth STATE: the error rejects of its w/*/v, and its truth, sorted.
rejects_vs_truth() {
	cat "$1"/w/*/v/rejects.copy | grep -v '^#slds' |
		awk -F'\t' -v OFS=, '$8 == "error" { f = ($6 == "\\N") ? "" : $6; print $1, $2, $3, f, $7 }' |
		sort > "$TEST_TMP/got"
	tail -n +2 "$1/truth/errors.csv" | awk -F, -v OFS=, '{ print $1 "/" $2, $3, $4, $5, $6 }' |
		sort > "$TEST_TMP/want"
}
ingest_validate_edfi='for d in "$1"/inbox/*/*; do w="$1/w/$(basename $(dirname $d))-$(basename $d)"
	slds-ingest -q --offline --edfi-map "$2" "$d" "$w/i" && slds-validate -q "$w/i" "$w/v" || exit 1; done'
test_expect_exit 0 "a state with injected errors is generated as Ed-Fi" \
	slds-synth -q --students 8000 --leas 4 --years 2 --seed 9 --errors high --format edfi --out "$TEST_TMP/ex"
ex="$TEST_TMP/ex"
for kind in missing_required invalid_code impossible_date duplicate_local_id exit_before_entry \
	    invalid_grade date_outside_year missing_school invalid_days invalid_mark \
	    missing_test_date invalid_disability impossible_begin_date; do
	test_ok "the error profile injects $kind in Ed-Fi" grep -q ",$kind\$" "$ex/truth/errors.csv"
done
test_eq "but no ragged rows or invalid UTF-8, which XML cannot have in a record" 0 \
	"$(grep -c -e ',ragged_row$' -e ',invalid_utf8$' "$ex/truth/errors.csv")"
test_eq "the truth names Ed-Fi files only" 0 "$(tail -n +2 "$ex/truth/errors.csv" | cut -d, -f3 | grep -vc '\.xml$')"
test_expect_exit 0 "ingest and validation run on the Ed-Fi state" \
	bash -c "$ingest_validate_edfi" _ "$ex" "$SLDS_TOP/tools/synth-edfi-descriptors.csv"
rejects_vs_truth "$ex"
test_ok "Ed-Fi rejects are found at all" test "$(wc -l < "$TEST_TMP/got")" -gt 100
test_cmp "every error injected in Ed-Fi is reported on its file and line with its rule, and nothing else is rejected" \
	"$TEST_TMP/want" "$TEST_TMP/got"
test_expect_exit 0 "the same state without errors, as Ed-Fi" \
	slds-synth -q --students 8000 --leas 4 --years 2 --seed 9 --format edfi --out "$TEST_TMP/ec"
test_expect_exit 0 "ingest and validation run on it" \
	bash -c "$ingest_validate_edfi" _ "$TEST_TMP/ec" "$SLDS_TOP/tools/synth-edfi-descriptors.csv"
rejects_vs_truth "$TEST_TMP/ec"
test_eq "the clean Ed-Fi state has no injected error" 0 "$(wc -l < "$TEST_TMP/want")"
test_eq "and nothing of it is rejected" 0 "$(wc -l < "$TEST_TMP/got")"
test_eq "nor warned about" 0 "$(cat "$TEST_TMP"/ec/w/*/v/rejects.copy | grep -vc '^#slds')"
rm -rf "$TEST_TMP/ec"

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
test_cmp "--describe counts the rows of every record type as the generator did" \
	<(sed -n '/^records by type/,/^inbox/p' "$TEST_TMP/y.summary" | grep '^  ') \
	<(sed -n '/^records by type/,$p' "$TEST_TMP/out" | grep '^  ')
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
