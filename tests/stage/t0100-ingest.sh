#!/bin/bash
# Stage tests of slds-ingest: CSV edge cases, file-level rejections with their
# exit codes and one-line messages, byte-identical reruns, no partial output
# after a kill or an allocation failure.
. "$SLDS_TOP/tests/lib.sh"

expected="$SLDS_TOP/tests/stage/expected/ingest-good"

# make_submission DIR: a small good submission with the CSV quirks LEAs send.
make_submission() {
	mkdir -p "$1"
	cat > "$1/manifest.ini" <<'MANIFEST'
# test submission
lea = 0101
school_year = 2026-27
collection = daily
[file students.csv]
record = student
format = csv
[file enrollments.txt]
record = enrollment
format = csv
MANIFEST
	# BOM, CRLF, a quoted comma, an embedded line break, a blank line, an
	# unknown column, columns in another order and alias names, a ragged row,
	# invalid UTF-8.
	printf '\357\273\277Local Student ID,LEA ID,Legal First Name,Last Name,DOB,Gender,School Year,Shoe Size\r\n' > "$1/students.csv"
	printf 'S1,0101,"Ana, Maria",Garc\303\255a,2015-02-28,F,2027,3\r\n' >> "$1/students.csv"
	printf '\r\n' >> "$1/students.csv"
	printf 'S2,0101,"Bo\r\nb",Smith,2014-01-01,M,2027,4\r\n' >> "$1/students.csv"
	printf 'S3,0101,Too,Few\r\n' >> "$1/students.csv"
	printf 'S4,0101,\377\376,Xu,2014-01-01,M,2027,5\r\n' >> "$1/students.csv"
	printf 'LEA ID|School ID|Local Student ID|School Year|Grade|Entry Date|FTE\n' > "$1/enrollments.txt"
	printf '0101|0101001|S1|2027|03|2026-08-20|1.00\n' >> "$1/enrollments.txt"
	printf '0101|0101001|S2|2027|04|2026-08-20|\n' >> "$1/enrollments.txt"
}

sub="$TEST_TMP/inbox/0101/2027-daily-01"
make_submission "$sub"

test_expect_exit 0 "a good submission is ingested" \
	slds-ingest --offline "$sub" "$TEST_TMP/out1"
for f in student.copy enrollment.copy rejects.copy submission.ini; do
	test_cmp "$f is as expected" "$expected/$f" "$TEST_TMP/out1/$f"
done
test_grep "an unknown column is named in a warning" \
	'column 8 "Shoe Size" is not a student field and is ignored' "$TEST_TMP/err"

test_expect_exit 0 "a second run succeeds" \
	slds-ingest --offline "$sub" "$TEST_TMP/out2"
test_ok "a second run gives byte-identical output" diff -r "$TEST_TMP/out1" "$TEST_TMP/out2"
test_ok "no temporary file is left" test -z "$(find "$TEST_TMP/out1" -name '.*.part')"

# Bad invocation.
test_expect_exit 64 "no arguments is a usage error" slds-ingest
test_eq "the usage error is one line and a hint" \
	'slds-ingest: error: missing submission folder and output folder
Try "slds-ingest --help" for more information.' "$(cat "$TEST_TMP/err")"
test_expect_exit 64 "an unknown option is a usage error" slds-ingest --frobnicate "$sub" x
test_expect_exit 64 "too many arguments is a usage error" slds-ingest "$sub" x y
test_expect_exit 64 "--offline with --dbname is a usage error" \
	slds-ingest --offline --dbname x "$sub" "$TEST_TMP/o"
test_expect_exit 0 "--help exits 0" slds-ingest --help
test_grep "--help shows usage" 'Usage:' "$TEST_TMP/out"
test_expect_exit 0 "--version exits 0" slds-ingest --version
test_grep "--version names the program" '^slds-ingest \(slds\) ' "$TEST_TMP/out"

# Input missing.
test_expect_exit 66 "a missing submission folder exits 66" \
	slds-ingest --offline "$TEST_TMP/nowhere" "$TEST_TMP/o"
test_eq "the message is one line naming the folder" \
	"slds-ingest: error: submission folder \"$TEST_TMP/nowhere\" does not exist" \
	"$(cat "$TEST_TMP/err")"

# File-level rejections: exit 65, a message naming the problem, no output.
# bad_case NAME DESCRIPTION EXPECTED_MESSAGE_REGEX: run on $TEST_TMP/bad/NAME.
bad_case() {
	local dir="$TEST_TMP/bad/$1"
	rm -rf "$TEST_TMP/badout"
	test_expect_exit 65 "$2 rejects the submission" slds-ingest --offline "$dir" "$TEST_TMP/badout"
	test_grep "$2: the message says why" "$3" "$TEST_TMP/err"
	test_ok "$2: no summary is written" test ! -e "$TEST_TMP/badout/submission.ini"
	test_ok "$2: no record file is written" test -z "$(find "$TEST_TMP/badout" -name '*.copy' 2>/dev/null)"
}
bad() { rm -rf "$TEST_TMP/bad/$1"; mkdir -p "$TEST_TMP/bad"; cp -r "$sub" "$TEST_TMP/bad/$1"; }

bad malformed
printf 'Local Student ID,LEA ID,First Name,Last Name,DOB,Sex,School Year\nS1,0101,"An"a,X,2015-01-01,F,2027\n' > "$TEST_TMP/bad/malformed/students.csv"
bad_case malformed "malformed quoting" 'file "[^"]*students.csv": malformed quoting in the record starting on line 2'

bad unterminated
printf 'Local Student ID,LEA ID,First Name,Last Name,DOB,Sex,School Year\nS1,0101,"Ann,X,2015-01-01,F,2027\n' > "$TEST_TMP/bad/unterminated/students.csv"
bad_case unterminated "an unterminated quote" 'malformed quoting in the record starting on line 2'

bad nocolumn
printf 'Local Student ID,LEA ID,First Name,Last Name,Sex,School Year\nS1,0101,Ann,X,F,2027\n' > "$TEST_TMP/bad/nocolumn/students.csv"
bad_case nocolumn "a missing required column" 'file "students.csv" has no column for the required field "birth_date"'

bad noheader
printf 'S1,0101,Ann,X,2015-01-01,F,2027\n' > "$TEST_TMP/bad/noheader/students.csv"
bad_case noheader "a file without a header" 'file "students.csv" has no header line naming student fields'

bad empty
: > "$TEST_TMP/bad/empty/students.csv"
bad_case empty "an empty file" 'file "students.csv" is empty: it has no header line'

bad binary
printf 'Local Student ID,LEA ID\n\000\001\002garbage' > "$TEST_TMP/bad/binary/students.csv"
bad_case binary "binary garbage" 'is not text: it has a NUL byte at offset 24'

bad utf16
printf '\377\376L\000o\000c\000' > "$TEST_TMP/bad/utf16/students.csv"
bad_case utf16 "a UTF-16 file" 'file "[^"]*students.csv" is UTF-16 text, not UTF-8'

bad truncated
printf 'Local Student ID,LEA ID,First Name,Last Name,DOB,Sex,School Year\nS1,0101,"Ann\nS2,0101,Bo' > "$TEST_TMP/bad/truncated/students.csv"
bad_case truncated "a file cut off inside a quoted field" 'malformed quoting in the record starting on line 2'

bad missingfile
rm "$TEST_TMP/bad/missingfile/students.csv"
bad_case missingfile "a file named in the manifest but absent" 'file "students.csv" named in the manifest does not exist'

bad sha
printf '[file students.csv]\nsha256 = %064d\n' 0 > /dev/null
sed -i 's/^\[file students.csv\]$/[file students.csv]\nsha256 = 0000000000000000000000000000000000000000000000000000000000000000/' "$TEST_TMP/bad/sha/manifest.ini"
bad_case sha "a SHA-256 that does not match" 'file "students.csv" does not match the SHA-256 in the manifest'

bad nomanifest
rm "$TEST_TMP/bad/nomanifest/manifest.ini"
bad_case nomanifest "a folder without a manifest" 'has no manifest.ini'

bad badmanifest
printf 'lea = 0101\nschool_year = 2027\ncollection = weekly\n' > "$TEST_TMP/bad/badmanifest/manifest.ini"
bad_case badmanifest "an invalid collection" 'manifest.ini:3: collection "weekly" is not one of'

bad twocols
printf 'Local Student ID,Student ID,LEA ID,First Name,Last Name,DOB,Sex,School Year\n' > "$TEST_TMP/bad/twocols/students.csv"
bad_case twocols "two columns for one field" 'columns 1 and 2 both give field "local_id"'

bad bigfield
{ printf 'Local Student ID,LEA ID,First Name,Last Name,DOB,Sex,School Year\nS1,0101,'; head -c 10485760 /dev/zero | tr '\0' a; printf ',X,2015-01-01,F,2027\n'; } > "$TEST_TMP/bad/bigfield/students.csv"
bad_case bigfield "a 10 MB field" 'a field of the record starting on line 2 is longer than 1048576 bytes'

# An unreachable database: exit 75 (temporary), one message line and a hint.
test_expect_exit 75 "an unreachable database exits 75" \
	slds-ingest --dbname "host=$TEST_TMP/nosocket connect_timeout=2" "$sub" "$TEST_TMP/o75"
test_grep "the message says the database could not be reached" \
	'^slds-ingest: error: could not connect to database: ' "$TEST_TMP/err"
test_eq "no line of the message carries student data" "0" \
	"$(grep -c -e 'Ana' -e 'Garc' -e '2015-02-28' "$TEST_TMP/err")"

# Allocation failure at every allocation: always the one clean exit, never a
# crash, and never a final output file.
n=1 crashes=0 partial=0
while :; do
	rm -rf "$TEST_TMP/torture"
	SLDS_ALLOC_FAIL_AT=$n slds-ingest --offline "$sub" "$TEST_TMP/torture" \
		> /dev/null 2> "$TEST_TMP/torture.err"
	rc=$?
	[ "$rc" = 0 ] && break
	if [ "$rc" != 1 ] || ! grep -q 'out of memory' "$TEST_TMP/torture.err"; then
		crashes=$((crashes + 1))
		echo "# allocation $n: exit $rc: $(head -c 200 "$TEST_TMP/torture.err")"
	fi
	# A failure may come between two commits: complete new record files may
	# then stand, but never submission.ini, which the next stage requires.
	if [ -e "$TEST_TMP/torture/submission.ini" ]; then
		partial=$((partial + 1))
	fi
	for f in "$TEST_TMP"/torture/*.copy; do
		[ -e "$f" ] || continue
		if [ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" != '\n' ]; then
			partial=$((partial + 1))
		fi
	done
	n=$((n + 1))
	[ $n -gt 2000 ] && break
done
test_eq "failing each of the $n allocations exits cleanly with \"out of memory\"" 0 "$crashes"
test_eq "no allocation failure leaves a summary or a partial file" 0 "$partial"

# A kill -9 in the middle of a large file leaves no final output file.
big="$TEST_TMP/big/0101/2027-daily-01"
make_submission "$big"
awk 'BEGIN { print "Local Student ID,LEA ID,First Name,Last Name,DOB,Sex,School Year";
	for (i = 0; i < 400000; i++) printf "S%d,0101,Ann,Lee,2015-01-01,F,2027\n", i }' > "$big/students.csv"
slds-ingest --offline "$big" "$TEST_TMP/killed" 2>/dev/null &
pid=$!
for _ in $(seq 1 200); do
	[ -n "$(find "$TEST_TMP/killed" -name '.*.part' 2>/dev/null)" ] && break
	sleep 0.01
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
test_ok "a killed ingest leaves no summary" test ! -e "$TEST_TMP/killed/submission.ini"
test_ok "a killed ingest leaves no final record file" \
	test -z "$(find "$TEST_TMP/killed" -name '*.copy' 2>/dev/null)"
test_expect_exit 0 "the rerun after a kill succeeds" slds-ingest --offline "$big" "$TEST_TMP/killed"
test_eq "the rerun reads every record" 400000 "$(($(wc -l < "$TEST_TMP/killed/student.copy") - 1))"
test_ok "the rerun leaves no temporary file" test -z "$(find "$TEST_TMP/killed" -name '.*.part')"

test_done
