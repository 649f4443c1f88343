#!/bin/bash
# Stage tests of slds-ingest on Ed-Fi bulk XML: the Grand Bend ISD sample of
# Data Standard 5.2 with its counts, a synthetic state against its CSV twin,
# Data Standard 4.0.0-a, schema validation, descriptors the table does not
# know, and hostile or broken files (billion laughs, external entities, not
# well-formed, binary, wrong encoding, huge text).  The Ed-Fi files are not
# shipped: ../shared/data/edfi beside the tree, or SLDS_EDFI_DIR.
. "$SLDS_TOP/tests/lib.sh"

edfi="${SLDS_EDFI_DIR:-$SLDS_TOP/../shared/data/edfi}"
sample="$edfi/ds-5.2.0/Samples/SampleXML"
schemas52="$edfi/ds-5.2.0/Schemas/Bulk"
schemas40="$edfi/ds-4.0.0-a/Schemas/Bulk"
synth_map="$SLDS_TOP/tools/synth-edfi-descriptors.csv"
if ! test -f "$sample/Student.xml" || ! test -f "$schemas52/Interchange-Student.xsd"; then
	test_result 1 "the Ed-Fi sample and schemas are at $edfi (set SLDS_EDFI_DIR otherwise)"
	test_done
fi

# rows FILE: the records of a canonical file (its header line aside).
rows() { tail -n +2 "$1" | wc -l; }
# summary_rows OUT FILE: "rows" of a file in OUT/submission.ini.
summary_rows() {
	awk -v f="[file $2]" '$0 == f { on = 1; next } /^\[/ { on = 0 } on && $1 == "rows" { print $3 }' "$1/submission.ini"
}

# manifest DIR LEA YEAR FILE...: a manifest naming Ed-Fi files, record left out.
manifest() {
	local dir=$1 lea=$2 year=$3 f
	shift 3
	mkdir -p "$dir"
	{
		printf 'lea = %s\nschool_year = %s\ncollection = year-end\n' "$lea" "$year"
		for f in "$@"; do
			printf '[file %s]\nformat = edfi\n' "$f"
		done
	} > "$dir/manifest.ini"
}

# The Grand Bend sample: every file whose interchange slds reads, copied in.
gb="$TEST_TMP/inbox/255901/2022-year-end"
mkdir -p "$gb"
files=()
for f in "$sample"/*.xml; do
	root=$(head -c 400 "$f" | grep -o '<Interchange[A-Za-z]*' | head -n 1 | cut -c13-)
	case "$root" in
	EducationOrganization | EducationOrgCalendar | AssessmentMetadata | StaffAssociation | \
	MasterSchedule | StudentEnrollment | Student | StudentAttendance | StudentTranscript | \
	StudentGrade | StudentAssessment | StudentProgram)
		cp "$f" "$gb/"
		files+=("$(basename "$f")") ;;
	esac
done
manifest "$gb" 255901 2021-22 "${files[@]}"
test_eq "every sample file of a supported interchange is in the submission" 24 "${#files[@]}"
test_expect_exit 0 "the Grand Bend sample is ingested" slds-ingest -v --offline "$gb" "$TEST_TMP/gb"
out="$TEST_TMP/gb"
test_eq "960 students from Student.xml" 960 "$(rows "$out/student.copy")"
test_eq "1,917 school attendance events read" 1917 "$(summary_rows "$out" StudentSchoolAttendance.xml)"
test_eq "summarised into one record per student, school and year" \
	"$(grep -o '<StudentUniqueId>[^<]*</StudentUniqueId>' "$sample/StudentSchoolAttendance.xml" | sort -u | wc -l)" \
	"$(rows "$out/attendance.copy")"
test_eq "97 special-education program associations" 97 "$(rows "$out/special_ed.copy")"
test_eq "68 staff" 68 "$(rows "$out/staff.copy")"
test_eq "56 credentials" 56 "$(rows "$out/credential.copy")"
test_eq "1 LEA and 3 schools" "1 3" "$(rows "$out/lea.copy") $(rows "$out/school.copy")"
test_eq "532 sections" 532 "$(rows "$out/section.copy")"
test_eq "every sample descriptor of a loaded field is mapped: no rejects" 0 "$(rows "$out/rejects.copy")"
test_grep "the log says what each file gave" \
	'read file "StudentProgram.xml" \(InterchangeStudentProgram, Data Standard 5.2.0\): 706 entities used, 0 rejected, 163 not collected' "$TEST_TMP/err"
test_grep "attendance is summed: student 604822 at 255901001, 169 days, 4 excused" \
	$'^255901/2022-year-end\tStudentSchoolAttendance.xml\t3\t255901\t604822\t255901001\t169\t165\t4\t0\t2022$' \
	"$out/attendance.copy"
test_grep "a section gets its offering's course, its session's term and its teacher" \
	$'\t255901001\t25590100102Trad220ALG112011\tALG-1\tS1\t207270\t2022$' "$out/section.copy"
test_grep "a staff member gets the school and position of their assignment" \
	$'\t207219\t207219\t[^\t]*\t[^\t]*\t[MF]\t255901107\tTCH\t' "$out/staff.copy"
test_grep "a credential gets the staff member whose Staff entity references it" \
	$'\t207225\t134115584744\t' "$out/credential.copy"
test_grep "a school's grade range is its lowest and highest grade" \
	$'\t255901044\tGrand Bend Middle School\tMS\t06\t08\tN\t2022$' "$out/school.copy"
test_grep "a student assessment gets its subject from the assessment" \
	$'\tACT English\tELA\t2021-12-01\t11\t' "$out/assessment.copy"
test_grep "the summary gives an Ed-Fi file the main record type of its interchange" \
	'^record = attendance$' "$out/submission.ini"
test_expect_exit 0 "a second run" slds-ingest -q --offline "$gb" "$TEST_TMP/gb2"
test_ok "gives byte-identical output" diff -r "$TEST_TMP/gb" "$TEST_TMP/gb2"
test_eq "no name or birth date of the sample on stderr" 0 \
	"$(grep -c -e Tyrone -e Dyer -e 2014-11-13 "$TEST_TMP/err")"

# Whitespace around numbers: StudentProgram.xml pads 286 EducationOrganizationIds.
test_eq "the sample pads numbers with spaces" 286 \
	"$(grep -c '<EducationOrganizationId>255901 </EducationOrganizationId>' "$sample/StudentProgram.xml")"

# A synthetic state, Ed-Fi and CSV from one seed, gives the same records.
test_expect_exit 0 "a synthetic state as Ed-Fi" \
	slds-synth -q --students 3000 --leas 3 --seed 11 --claimed-ssids --noise high --format edfi --out "$TEST_TMP/se"
test_expect_exit 0 "the same state as CSV" \
	slds-synth -q --students 3000 --leas 3 --seed 11 --claimed-ssids --noise high --out "$TEST_TMP/sc"
same=0 subs=0
for d in "$TEST_TMP"/se/inbox/*/*; do
	rel=${d#"$TEST_TMP"/se/}
	subs=$((subs + 1))
	slds-ingest -q --offline --edfi-map "$synth_map" "$d" "$TEST_TMP/so/$rel" 2>> "$TEST_TMP/synth.err" || continue
	slds-ingest -q --offline "$TEST_TMP/sc/$rel" "$TEST_TMP/co/$rel" 2>> "$TEST_TMP/synth.err" || continue
	ok=1
	for r in lea school staff credential course section student enrollment attendance \
		 course_grade assessment special_ed program; do
		# The same records; Ed-Fi's entities come in another order.
		cmp -s <(cut -f1,4- "$TEST_TMP/so/$rel/$r.copy" | sort) \
			<(cut -f1,4- "$TEST_TMP/co/$rel/$r.copy" | sort) || ok=0
	done
	same=$((same + ok))
done
test_ok "the synthetic Ed-Fi submissions are ingested without error" test ! -s "$TEST_TMP/synth.err"
test_eq "each gives the same rows of every record type as CSV, but for _file and _line" \
	"$subs" "$same"
for r in staff section attendance course_grade assessment special_ed program; do
	test_ok "the synthetic state has $r records" \
		test "$(cat "$TEST_TMP"/so/inbox/*/*/$r.copy | grep -vc '^#slds')" -gt 0
done
test_eq "and nothing is rejected" 0 "$(cat "$TEST_TMP"/so/inbox/*/*/rejects.copy | grep -vc '^#slds')"
d=$(ls -d "$TEST_TMP"/se/inbox/*/* | head -n 1)
test_expect_exit 0 "the synthetic files are valid against the 5.2 schemas" \
	slds-ingest -q --offline --edfi-map "$synth_map" --edfi-schemas "$schemas52" "$d" "$TEST_TMP/sv"
test_expect_exit 0 "without the state's descriptor table" \
	slds-ingest -q --offline "$d" "$TEST_TMP/snomap"
test_grep "its own entry types are rejected, naming field and descriptor" \
	$'\tENR.0004\terror\tentry_code: descriptor "uri://slds.state.example/EntryTypeDescriptor#E[0-9]" is not mapped to a entry_code code$' \
	"$TEST_TMP/snomap/rejects.copy"

# Hand-made files.
# one FILE NS ENTITIES: an interchange of namespace NS with these entities.
# (The sample's files are copied, never linked: nothing here may write to them.)
one() {
	local root
	root=$(basename "$1" .xml)
	rm -f "$1"
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<Interchange%s xmlns="%s">\n%s\n</Interchange%s>\n' \
		"${root%%-*}" "$2" "$3" "${root%%-*}" > "$1"
}
ns52=http://ed-fi.org/5.2.0
student() {
	printf '<Student><StudentUniqueId>%s</StudentUniqueId><Name><FirstName>Zelda</FirstName><LastSurname>Quux</LastSurname></Name><BirthData><BirthDate>2015-01-02</BirthDate><BirthStateAbbreviation>uri://ed-fi.org/StateAbbreviationDescriptor#UT</BirthStateAbbreviation><BirthCountry>uri://ed-fi.org/CountryDescriptor#US</BirthCountry></BirthData></Student>' "$1"
}
ssa() {
	printf '<StudentSchoolAssociation><StudentReference><StudentIdentity><StudentUniqueId>%s</StudentUniqueId></StudentIdentity></StudentReference><SchoolReference><SchoolIdentity><SchoolId>%s</SchoolId></SchoolIdentity></SchoolReference><EntryDate>2026-08-20</EntryDate><EntryGradeLevel>%s</EntryGradeLevel><FullTimeEquivalency>%s</FullTimeEquivalency></StudentSchoolAssociation>' "$@"
}

h="$TEST_TMP/h/inbox/0101/2027-a"
manifest "$h" 0101 2027 StudentEnrollment.xml Student.xml
one "$h/Student.xml" $ns52 "$(student S1)
$(student S2)"
one "$h/StudentEnrollment.xml" $ns52 "$(ssa S1 ' 0101001 ' 'uri://ed-fi.org/GradeLevelDescriptor#Fifth grade' ' 1.00 ')
$(ssa S2 0101001 'uri://ed-fi.org/GradeLevelDescriptor#Grade Fifteen' 1)
<StudentEducationOrganizationAssociation><StudentReference><StudentIdentity><StudentUniqueId>S1</StudentUniqueId></StudentIdentity></StudentReference><EducationOrganizationReference><EducationOrganizationIdentity><EducationOrganizationId>0101</EducationOrganizationId></EducationOrganizationIdentity></EducationOrganizationReference><Sex>uri://ed-fi.org/SexDescriptor#female</Sex><Address><StreetNumberName>1 Main Street</StreetNumberName><City>Provo</City><StateAbbreviation>uri://ed-fi.org/StateAbbreviationDescriptor#UT</StateAbbreviation><PostalCode>84999</PostalCode><AddressType>uri://ed-fi.org/AddressTypeDescriptor#Mailing</AddressType></Address><Address><StreetNumberName>1 Main Street</StreetNumberName><City>Provo</City><StateAbbreviation>uri://ed-fi.org/StateAbbreviationDescriptor#UT</StateAbbreviation><PostalCode>84043-1234</PostalCode><AddressType>uri://ed-fi.org/AddressTypeDescriptor#Home</AddressType></Address><Race>uri://ed-fi.org/RaceDescriptor#Asian</Race><Race>uri://ed-fi.org/RaceDescriptor#White</Race></StudentEducationOrganizationAssociation>"
test_expect_exit 0 "hand-made StudentEnrollment and Student files" slds-ingest --offline "$h" "$TEST_TMP/ho"
test_grep "numbers padded with white space are trimmed" \
	$'\tStudentEnrollment.xml\t3\t0101\t0101001\tS1\t2027\t05\t2026-08-20\t\\\\N\t\\\\N\t\\\\N\t1.00$' "$TEST_TMP/ho/enrollment.copy"
test_grep "the student gets sex, race and home ZIP from its StudentEducationOrganizationAssociation, birthplace from BirthData" \
	$'\tStudent.xml\t3\t0101\tS1\t\\\\N\tZelda\t\\\\N\tQuux\t\\\\N\t2015-01-02\tF\tMU7\tUT\tUS\t84043-1234\t2027$' "$TEST_TMP/ho/student.copy"
test_grep "an unmapped grade level rejects the enrollment, naming field, descriptor and line" \
	$'^0101/2027-a\tStudentEnrollment.xml\t4\tenrollment\tS2\tgrade_level\tENR.0004\terror\tgrade_level: descriptor "uri://ed-fi.org/GradeLevelDescriptor#Grade Fifteen" is not mapped to a grade_level code$' \
	"$TEST_TMP/ho/rejects.copy"
test_eq "and only it" "1 1" "$(rows "$TEST_TMP/ho/enrollment.copy") $(rows "$TEST_TMP/ho/rejects.copy")"
test_grep "the summary counts it" '^rejected = 1$' "$TEST_TMP/ho/submission.ini"

# A birthplace descriptor the table does not know: rejected without its value.
hb="$TEST_TMP/h/inbox/0101/2027-birth"
manifest "$hb" 0101 2027 Student.xml
one "$hb/Student.xml" $ns52 "$(student S7 | sed 's/CountryDescriptor#US/CountryDescriptor#ZZ/')"
test_expect_exit 0 "a student with an unknown country of birth" slds-ingest -q --offline "$hb" "$TEST_TMP/hbo"
test_grep "is rejected, naming the field but not the value (personal data)" \
	$'\tS7\tbirth_country\tSTU.0004\terror\tbirth_country: its descriptor is not mapped to a country code$' \
	"$TEST_TMP/hbo/rejects.copy"
test_ok "the value is nowhere in the rejection" sh -c "! grep -q ZZ '$TEST_TMP/hbo/rejects.copy'"

# The state's table extends and overrides the installed one.
printf 'namespace,code_value,code_set,code\n# a comment\nuri://ed-fi.org/GradeLevelDescriptor,Grade Fifteen,grade_level,12\n' > "$TEST_TMP/state.csv"
test_expect_exit 0 "--edfi-map adds the state's descriptors" \
	slds-ingest -q --offline --edfi-map "$TEST_TMP/state.csv" "$h" "$TEST_TMP/ho2"
test_eq "the enrollment is read with the state's grade" "2 0" \
	"$(rows "$TEST_TMP/ho2/enrollment.copy") $(rows "$TEST_TMP/ho2/rejects.copy")"
printf 'namespace,code_value,code_set,code\nuri://x,y,shoe_size,9\n' > "$TEST_TMP/badmap.csv"
test_expect_exit 1 "a table with an unknown code set is the state's error, not the LEA's" \
	slds-ingest -q --offline --edfi-map "$TEST_TMP/badmap.csv" "$h" "$TEST_TMP/ho3"
test_grep "the message names the file and line" 'badmap.csv" line 2: unknown code set "shoe_size"' "$TEST_TMP/err"

# A record type the interchange does not give, an interchange slds does not read.
h2="$TEST_TMP/h/inbox/0101/2027-b"
mkdir -p "$h2"
cp "$h/Student.xml" "$h2/"
printf 'lea = 0101\nschool_year = 2027\ncollection = daily\n[file Student.xml]\nrecord = enrollment\nformat = edfi\n' > "$h2/manifest.ini"
test_expect_exit 65 "a manifest record type the interchange does not give" slds-ingest --offline "$h2" "$TEST_TMP/x"
test_grep "says so" 'file "Student.xml" is an InterchangeStudent, which gives no enrollment records' "$TEST_TMP/err"
manifest "$h2" 0101 2027 Finance.xml
cp "$sample/Finance.xml" "$h2/"
test_expect_exit 65 "an interchange slds does not read" slds-ingest --offline "$h2" "$TEST_TMP/x"
test_grep "says which it reads" 'is an InterchangeFinance, which slds does not read' "$TEST_TMP/err"
manifest "$h2" 0101 2027 Missing.xml
test_expect_exit 65 "a missing Ed-Fi file" slds-ingest --offline "$h2" "$TEST_TMP/x"
test_grep "names it" 'file "Missing.xml" named in the manifest does not exist' "$TEST_TMP/err"

# Data Standard 4.0.0-a, chosen by namespace, with the state's extension schemas.
h4="$TEST_TMP/h/inbox/0101/2027-ds4"
manifest "$h4" 0101 2027 Student.xml
one "$h4/Student.xml" http://ed-fi.org/4.0.0-a "$(student S9)"
test_expect_exit 0 "a Data Standard 4.0.0-a file" slds-ingest -v --offline "$h4" "$TEST_TMP/o4"
test_grep "is read as 4.0.0-a" '\(InterchangeStudent, Data Standard 4.0.0-a\): 1 entities used' "$TEST_TMP/err"
test_eq "with its student" 1 "$(rows "$TEST_TMP/o4/student.copy")"
test_expect_exit 0 "and validated against the 4.0.0-a schemas with the extension" \
	slds-ingest -q --offline --edfi-schemas "$schemas52" --edfi-schemas "$schemas40" "$h4" "$TEST_TMP/o4v"
test_expect_exit 65 "a 4.0.0-a file without 4.0.0-a schemas, when validating" \
	slds-ingest -q --offline --edfi-schemas "$schemas52" "$h4" "$TEST_TMP/o4x"
test_grep "says which version lacks schemas" 'no schemas were given for Ed-Fi Data Standard 4.0.0-a' "$TEST_TMP/err"
one "$h4/Student.xml" http://ed-fi.org/3.1.0 "$(student S9)"
test_expect_exit 65 "Data Standard 3 is refused" slds-ingest -q --offline "$h4" "$TEST_TMP/o3"
test_grep "naming the namespace" 'namespace "http://ed-fi.org/3.1.0"' "$TEST_TMP/err"

# Schema validation, pass and fail.
hs="$TEST_TMP/h/inbox/255901/2022-s"
manifest "$hs" 255901 2022 Student.xml StudentProgram.xml
cp "$sample/Student.xml" "$sample/StudentProgram.xml" "$hs/"
manifest "$hs" 255901 2022 Student.xml
test_expect_exit 0 "Student.xml is valid against the 5.2 schema" \
	slds-ingest -q --offline --edfi-schemas "$schemas52" "$hs" "$TEST_TMP/sv1"
manifest "$hs" 255901 2022 Student.xml StudentProgram.xml
test_expect_exit 65 "StudentProgram.xml, with its padded xs:long values, is not" \
	slds-ingest -q --offline --edfi-schemas "$schemas52" "$hs" "$TEST_TMP/sv2"
test_grep "the message names file, line, column and element" \
	'file "StudentProgram.xml" line [0-9]+ column [0-9]+: not valid against its Ed-Fi schema: Element .\{http://ed-fi.org/5.2.0\}EducationOrganizationId.: ' \
	"$TEST_TMP/err"
test_eq "and quotes no value of the file" 0 "$(grep -c "255901 '" "$TEST_TMP/err")"
test_ok "and nothing is written" test ! -e "$TEST_TMP/sv2/submission.ini"
manifest "$hs" 255901 2022 Student.xml
one "$hs/Student.xml" $ns52 "<Student><StudentUniqueId>S1</StudentUniqueId><Name><FirstName>$(printf 'Bartholomew%.0s' $(seq 1 12))</FirstName><LastSurname>Quux</LastSurname></Name><BirthData><BirthDate>2015-01-02</BirthDate></BirthData></Student>"
rm -f "$hs/StudentProgram.xml"
test_expect_exit 65 "a first name longer than the schema allows" \
	slds-ingest -q --offline --edfi-schemas "$schemas52" "$hs" "$TEST_TMP/sv3"
test_grep "is reported by element" "Element '\{http://ed-fi.org/5.2.0\}FirstName'" "$TEST_TMP/err"
test_eq "without the name" 0 "$(grep -c Bartholomew "$TEST_TMP/err")"

# Hostile and broken files: exit 65, a message with line and column, no output.
# hostile NAME DESCRIPTION REGEX: the Student.xml of $TEST_TMP/bad/NAME.
hostile() {
	local dir="$TEST_TMP/bad/$1" start end
	rm -rf "$TEST_TMP/badout"
	start=$(date +%s%N)
	test_expect_exit 65 "$2 rejects the submission" slds-ingest --offline "$dir" "$TEST_TMP/badout"
	end=$(date +%s%N)
	test_grep "$2: the message says why" "$3" "$TEST_TMP/err"
	test_ok "$2: no record file is written" test -z "$(find "$TEST_TMP/badout" -name '*.copy' 2>/dev/null)"
	test_ok "$2: it takes well under a second" test $(((end - start) / 1000000)) -lt 900
}
bad() { mkdir -p "$TEST_TMP/bad/$1"; manifest "$TEST_TMP/bad/$1" 0101 2027 Student.xml; }

bad laughs
{
	printf '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
	prev=lol
	for i in 1 2 3 4 5 6 7 8 9; do
		printf ' <!ENTITY lol%s "%s">\n' $i "$(printf "&$prev;%.0s" $(seq 1 10))"
		prev=lol$i
	done
	printf ']>\n<InterchangeStudent xmlns="%s"><Student><StudentUniqueId>&lol9;</StudentUniqueId></Student></InterchangeStudent>\n' $ns52
} > "$TEST_TMP/bad/laughs/Student.xml"
hostile laughs "a billion laughs" 'file "Student.xml" line 2: a document type declaration is not allowed'

bad xxe
printf '<?xml version="1.0"?>\n<!DOCTYPE x [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n<InterchangeStudent xmlns="%s"><Student><StudentUniqueId>&x;</StudentUniqueId></Student></InterchangeStudent>\n' $ns52 > "$TEST_TMP/bad/xxe/Student.xml"
hostile xxe "an external entity" 'a document type declaration is not allowed'
test_eq "the external file's contents are nowhere" 0 \
	"$(cat "$TEST_TMP/err" "$TEST_TMP/out" $(find "$TEST_TMP/badout" -type f 2>/dev/null) | grep -c 'root:')"
# Without a DTD, an undeclared entity is an error, and nothing is loaded.
printf '<?xml version="1.0"?>\n<InterchangeStudent xmlns="%s"><Student><StudentUniqueId>&x;</StudentUniqueId></Student></InterchangeStudent>\n' $ns52 > "$TEST_TMP/bad/xxe/Student.xml"
hostile xxe "an undeclared entity" "line 2 column [0-9]+: not well-formed XML: Entity 'x' not defined"

bad truncated
head -c 2000 "$sample/Student.xml" > "$TEST_TMP/bad/truncated/Student.xml"
hostile truncated "a truncated file" 'file "Student.xml" line [0-9]+ column [0-9]+: not well-formed XML: '

bad garbage
head -c 4096 /dev/urandom > "$TEST_TMP/bad/garbage/Student.xml"
hostile garbage "binary garbage" 'file "Student.xml" (line [0-9]+( column [0-9]+)?: not well-formed XML|has no root element)'

bad latin1
printf '<?xml version="1.0" encoding="UTF-8"?>\n<InterchangeStudent xmlns="%s">\n<Student><StudentUniqueId>S1</StudentUniqueId><Name><FirstName>Ren\351e</FirstName></Name></Student></InterchangeStudent>\n' $ns52 > "$TEST_TMP/bad/latin1/Student.xml"
hostile latin1 "Latin-1 text declared UTF-8" 'line 3 column [0-9]+: not well-formed XML: Input is not proper UTF-8'
test_eq "the undecodable bytes are not in the message" 0 "$(grep -c -e 'Bytes' -e '0xE9' "$TEST_TMP/err")"
printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<InterchangeStudent xmlns="%s">\n<Student><StudentUniqueId>S1</StudentUniqueId><Name><FirstName>Ren\351e</FirstName><LastSurname>X</LastSurname></Name></Student></InterchangeStudent>\n' $ns52 > "$TEST_TMP/bad/latin1/Student.xml"
test_expect_exit 0 "Latin-1 text declared as such is read" slds-ingest -q --offline "$TEST_TMP/bad/latin1" "$TEST_TMP/lat"
test_grep "and written as UTF-8" $'\tRen\303\251e\t' "$TEST_TMP/lat/student.copy"

bad huge
{
	printf '<?xml version="1.0"?>\n<InterchangeStudent xmlns="%s"><Student><StudentUniqueId>S1</StudentUniqueId><Name><FirstName>' $ns52
	head -c 10485760 /dev/zero | tr '\0' a
	printf '</FirstName></Name></Student></InterchangeStudent>\n'
} > "$TEST_TMP/bad/huge/Student.xml"
hostile huge "a 10 MB text node" 'file "Student.xml" line 2 column [0-9]+: not well-formed XML: .*huge text node'
{
	printf '<?xml version="1.0"?>\n<InterchangeStudent xmlns="%s"><Student><StudentUniqueId>S1</StudentUniqueId><Name><FirstName>' $ns52
	head -c 2097152 /dev/zero | tr '\0' a
	printf '</FirstName><LastSurname>X</LastSurname></Name></Student>\n%s</InterchangeStudent>\n' "$(student S2)"
} > "$TEST_TMP/bad/huge/Student.xml"
test_expect_exit 0 "a 2 MiB first name" slds-ingest -q --offline "$TEST_TMP/bad/huge" "$TEST_TMP/hugeo"
test_grep "rejects its record only" $'\tstudent\tS1\tfirst_name\tSTU.0005\terror\tfirst_name is longer than 1 MiB$' \
	"$TEST_TMP/hugeo/rejects.copy"
test_eq "the next student is read" 1 "$(rows "$TEST_TMP/hugeo/student.copy")"

# Allocation failure anywhere: the one clean exit, never a crash.
n=1 crashes=0
while :; do
	rm -rf "$TEST_TMP/torture"
	SLDS_ALLOC_FAIL_AT=$n slds-ingest --offline "$h" "$TEST_TMP/torture" >/dev/null 2>"$TEST_TMP/torture.err"
	rc=$?
	[ "$rc" = 0 ] && break
	if [ "$rc" != 1 ] || ! grep -q 'out of memory' "$TEST_TMP/torture.err"; then
		crashes=$((crashes + 1))
		echo "# allocation $n: exit $rc: $(head -c 200 "$TEST_TMP/torture.err")"
	fi
	n=$((n + 1))
done
test_eq "every allocation of an Ed-Fi ingest can fail cleanly ($n tried)" 0 "$crashes"

test_done
