#!/bin/bash
# End to end: one submission with a file of every record type, written from
# the example rows of the submission specification (slds-ingest --spec), goes
# through ingest, validation, matching and load.  The examples are one
# consistent LEA (0101), student (S004211) and school year, so every row must
# be accepted and land in its warehouse table; a record added to the catalog
# without a table, a column or a consistent example fails here.
. "$SLDS_TOP/tests/lib.sh"

pg_start_throwaway
test_expect_exit 0 "migrations apply" slds-batch migrate

sub="$TEST_TMP/inbox/0101/every-record"
mkdir -p "$sub"
slds-ingest --spec > "$TEST_TMP/spec.md"
# Each "## Record type: NAME" section ends with an example: a header line and
# a row inside a fenced block.
awk -v dir="$sub" '
	/^## Record type: / { rec = $4; next }
	/^Example:/ { want = rec; next }
	/^```$/ && want != "" { if (inside) { want = ""; inside = 0 } else inside = 1; next }
	inside { print > (dir "/" want ".csv") }
' "$TEST_TMP/spec.md"
records=$(cd "$sub" && ls *.csv | sed 's/\.csv$//')
nrec=$(echo "$records" | wc -w)
test_ok "the specification has an example for several record types" test "$nrec" -ge 13
{
	printf 'lea = 0101\nschool_year = 2027\ncollection = year-end\n'
	for r in $records; do
		printf '\n[file %s.csv]\nrecord = %s\nformat = csv\n' "$r" "$r"
	done
} > "$sub/manifest.ini"

work="$TEST_TMP/work"
test_expect_exit 0 "the submission is ingested" slds-ingest "$sub" "$work/ingest"
test_expect_exit 0 "it is validated" slds-validate "$work/ingest" "$work/validate"
test_eq "no example row breaks a rule" 1 "$(wc -l < "$work/validate/rejects.copy")"
test_expect_exit 0 "it is matched" slds-match "$work/validate" "$work/match"
test_expect_exit 0 "it is loaded" slds-load "$work/match"

ssid=$(sql "SELECT ssid FROM warehouse.student")
for r in $records; do
	table=$(sql "SELECT table_schema || '.' || table_name FROM information_schema.tables
		WHERE table_schema = 'warehouse' AND table_name IN ('$r', '${r}_result', '${r}_participation')")
	test_eq "the $r example is one row of $table" 1 "$(sql "SELECT count(*) FROM $table")"
	if head -n 1 "$sub/$r.csv" | grep -q 'Local Student ID'; then
		test_eq "the $r row carries the student's SSID" "$ssid" "$(sql "SELECT ssid FROM $table")"
	fi
done
test_eq "the submission is loaded with a row per record type" "loaded $nrec" \
	"$(sql "SELECT status || ' ' || rows_loaded FROM ops.submission")"

test_expect_exit 0 "loading it again changes nothing" slds-load "$work/match"
test_eq "still one row per record type" "$nrec" \
	"$(sql "SELECT rows_loaded FROM ops.submission")"
test_done
