#!/bin/bash
# End to end: a synthetic state sent as Ed-Fi XML goes through the batch
# with the state's descriptor table (--edfi-map, passed to slds-ingest) and
# lands in the warehouse like the CSV state of the same seed.
. "$SLDS_TOP/tests/lib.sh"

pg_start_throwaway
test_expect_exit 0 "migrations apply" slds-batch migrate

for fmt in csv edfi; do
	test_expect_exit 0 "the generator writes the $fmt state" \
		slds-synth -q --students 300 --leas 2 --seed 11 --format "$fmt" --out "$TEST_TMP/$fmt"
done
state="$TEST_TMP/edfi"
test_expect_exit 0 "the batch runs on the Ed-Fi state with the state's descriptor table" \
	slds-batch --edfi-map "$SLDS_TOP/tools/synth-edfi-descriptors.csv" run \
	--inbox "$state/inbox" --work-dir "$state/work" --outbox "$state/outbox"
nsubs=$(find "$state/inbox" -name manifest.ini | wc -l)
test_grep "every submission is loaded" "^batch run [0-9]*: $nsubs submissions loaded, 0 superseded, 0 rejected\$" "$TEST_TMP/out"
test_eq "no record is rejected" 0 "$(cat "$state"/work/*/*/validate/rejects.copy | grep -vc '^#slds')"
test_eq "the warehouse has a student row per person record of the truth" \
	"$(($(wc -l < "$state/truth/persons.csv") - 1))" "$(sql 'SELECT count(*) FROM warehouse.student')"
test_eq "and an enrollment row per CSV enrollment of the same seed" \
	"$(($(cat "$TEST_TMP"/csv/inbox/*/*/enrollments.csv | wc -l) - nsubs))" \
	"$(sql 'SELECT count(*) FROM warehouse.enrollment')"
test_eq "every enrollment has its student's SSID" 0 \
	"$(sql 'SELECT count(*) FROM warehouse.enrollment e WHERE NOT EXISTS (SELECT 1 FROM warehouse.student s WHERE s.ssid = e.ssid)')"
test_done
