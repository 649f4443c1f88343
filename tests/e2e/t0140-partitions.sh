#!/bin/bash
# End to end: the large facts are partitioned by school year.  A warehouse
# loaded without migration 007 keeps every row through it, each in its year's
# partition; later loads put a new year's rows in a partition of their own.
. "$SLDS_TOP/tests/lib.sh"

pg_start_throwaway
mkdir -p "$TEST_TMP/sql6"
# Every migration but 007: up to 006, and the later ones today's slds-load
# needs (ops.load_summary, the demographic history), which do not depend on 007.
cp "$SLDS_TOP"/sql/00[1-6]_*.sql "$SLDS_TOP"/sql/00[89]_*.sql "$TEST_TMP/sql6/"
test_expect_exit 0 "migrations up to 006, and 008 and 009, apply" slds-batch --sql-dir "$TEST_TMP/sql6" migrate
state="$TEST_TMP/state"
test_expect_exit 0 "a state of two years" slds-synth -q --students 300 --leas 2 --years 2 --seed 4 --out "$state"
mkdir -p "$TEST_TMP/first"
cp -r "$state/inbox" "$TEST_TMP/first/"
rm -rf "$TEST_TMP"/first/inbox/*/2027-*
test_expect_exit 0 "the first year loads into the unpartitioned tables" slds-batch run \
	--inbox "$TEST_TMP/first/inbox" --work-dir "$TEST_TMP/first/work" --outbox "$TEST_TMP/first/outbox"
tables="enrollment attendance course_grade assessment_result"
counts() { for t in $tables; do sql "SELECT count(*) FROM warehouse.$t"; done | tr '\n' ' '; }
before=$(counts)
test_expect_exit 0 "migration 007 applies on a loaded warehouse" slds-batch migrate
test_eq "every row is still there" "$before" "$(counts)"
for t in $tables; do
	test_eq "$t is partitioned" "p" "$(sql "SELECT relkind FROM pg_class WHERE oid = 'warehouse.$t'::regclass")"
	test_eq "its 2026 rows are in its 2026 partition" \
		"$(sql "SELECT count(*) FROM warehouse.$t WHERE school_year = 2026")" \
		"$(sql "SELECT count(*) FROM warehouse.${t}_y2026")"
done
test_expect_exit 0 "the batch loads both years" slds-batch run --inbox "$state/inbox" \
	--work-dir "$state/work" --outbox "$state/outbox"
for t in $tables; do
	test_eq "$t's 2027 rows are in a 2027 partition made by the load" \
		"$(sql "SELECT count(*) FROM warehouse.$t WHERE school_year = 2027")" \
		"$(sql "SELECT count(*) FROM warehouse.${t}_y2027")"
	test_eq "nothing is in $t's default partition" 0 "$(sql "SELECT count(*) FROM warehouse.${t}_default")"
done
test_ok "2027 has rows" test "$(sql "SELECT count(*) FROM warehouse.enrollment_y2027")" -gt 0
test_done
