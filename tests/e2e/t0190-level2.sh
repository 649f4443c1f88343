#!/bin/bash
# End to end: the Level 2 rules (checked against the registry and the
# warehouse) in a two-run batch of several LEAs.  Run 1, a generated state
# on an empty warehouse: Level 2 flags nothing.  Then two SSIDs are merged
# and run 2 brings submissions crafted to break each Level 2 rule, and two
# part-time students whose FTE comes to exactly 1.00, which pass: the rejects
# file equals tests/e2e/expected/level2.tsv.  The clerk's --offline check
# says it did not apply them.
. "$SLDS_TOP/tests/lib.sh"

pg_start_throwaway
test_expect_exit 0 "migrations apply" slds-batch migrate
state="$TEST_TMP/state"
test_expect_exit 0 "a small state" slds-synth -q --students 300 --leas 3 --seed 5 --out "$state"
level2_rules=$(slds-validate --list-rules=csv | awk -F'","' '$5 == "2" && $11 == "active\"" { print substr($1, 2) }' | sort)
test_eq "the catalog has its Level 2 rules" "ENR.0111 ENR.0112 SCH.0105 STU.0108 STU.0109" "$(echo $level2_rules)"

# --- run 1 --------------------------------------------------------------------
test_expect_exit 0 "run 1: the batch runs" slds-batch -v run --inbox "$state/inbox" \
	--work-dir "$state/work" --outbox "$state/outbox"
nsubs=$(find "$state/inbox" -name manifest.ini | wc -l)
test_grep "run 1: every submission is loaded" "^batch run [0-9]*: $nsubs submissions loaded, 0 superseded, 0 rejected\$" "$TEST_TMP/out"
test_eq "run 1: the Level 2 rules were applied to every submission" "$((nsubs * 5))" \
	"$(grep -cE 'level 2 rule [A-Z]{3}\.[0-9]{4}: 0 findings \([0-9.]+ s\)$' "$TEST_TMP/err")"
test_eq "run 1: nothing on stderr but the log (no server NOTICE)" 0 "$(grep -c 'NOTICE' "$TEST_TMP/err")"
test_eq "run 1: they found nothing" 0 "$(grep -E 'level 2 rule' "$TEST_TMP/err" | grep -cv ': 0 findings')"
test_eq "run 1: no record is rejected or warned" "$nsubs" "$(cat "$state"/work/*/*/validate/rejects.copy | wc -l)"

# --- between the runs: a merge ---------------------------------------------------
read -r a b <<<"$(sql "SELECT string_agg(ssid, ' ') FROM (SELECT ssid FROM registry.alias WHERE lea_id = '0103' ORDER BY local_id LIMIT 2) x")"
test_expect_exit 0 "merge $b into $a" slds-ssid merge "$b" "$a" --reason "one child, two SSIDs"
s3=$(sql "SELECT ssid FROM registry.alias WHERE lea_id = '0101' AND local_id = 'S000003'")
s5=$(sql "SELECT ssid FROM registry.alias WHERE lea_id = '0101' AND local_id = 'S000005'")
test_eq "two part-time students of LEA 0101, enrolled at 0.50 since August" "0.50|0.50" \
	"$(sql "SELECT string_agg(fte::text, '|' ORDER BY local_student_id) FROM warehouse.enrollment
		WHERE lea_id = '0101' AND local_student_id IN ('S000003', 'S000005') AND exit_date IS NULL")"
nossid=1000000005
test_expect_exit 65 "SSID $nossid has a valid check digit but was never issued" slds-ssid history "$nossid"
test_grep "so the registry does not know it" "not in the registry" "$TEST_TMP/err"

# --- run 2 --------------------------------------------------------------------
# LEA 0101 sends its submission again with student S000001's full-time
# enrollment split in two half-time spells, one after the other; LEA 0102
# sends its own again with crafted rows added; LEA 0103 sends its own again
# unchanged.  The batch takes them in that order.
inbox2="$TEST_TMP/inbox2"
mkdir -p "$inbox2/0101" "$inbox2/0102" "$inbox2/0103"
for lea in 0101 0102 0103; do
	cp -r "$state/inbox/$lea/2027-daily-01" "$inbox2/$lea/2027-daily-02"
done
s1=$(sql "SELECT ssid FROM registry.alias WHERE lea_id = '0101' AND local_id = 'S000001'")
f="$inbox2/0101/2027-daily-02/enrollments.csv"
test_eq "S000001 is enrolled full time at LEA 0101" "0101,0101101,S000001,2027,KG,2026-08-15,E1,,,1.00" \
	"$(grep ',S000001,' "$f")"
sed -i -e '/^0101,0101101,S000001,/s/,,,1.00$/,2026-12-18,W1,0.50/' \
	-e '/^0101,0101101,S000001,/a 0101,0101101,S000001,2027,KG,2027-01-05,E0,,,0.50' "$f"
test_eq "in two half-time spells" "2026-08-15,E1,2026-12-18,W1,0.50 2027-01-05,E0,,,0.50" \
	"$(grep ',S000001,' "$f" | cut -d, -f6- | tr '\n' ' ' | sed 's/ $//')"
sub="$inbox2/0102/2027-daily-02"
sch0=$(wc -l < "$sub/schools.csv")
stu0=$(wc -l < "$sub/students.csv")
enr0=$(wc -l < "$sub/enrollments.csv")
# A school of LEA 0103 in LEA 0102's directory.
grep '^0103,0103301,' "$state/inbox/0103/2027-daily-01/schools.csv" | sed 's/^0103,/0102,/' >> "$sub/schools.csv"
# Students copied from the first one (a tenth grader), with their own local
# ID and claimed SSID, and enrollments copied from its enrollment.
stu=$(sed -n 2p "$sub/students.csv")
enr=$(sed -n 2p "$sub/enrollments.csv")
add_student() { # LOCAL_ID SSID
	echo "$stu" | awk -F, -v OFS=, -v id="$1" -v ssid="$2" '{ $2 = id; $3 = ssid; print }' >> "$sub/students.csv"
}
add_enrollment() { # LOCAL_ID SCHOOL FTE
	echo "$enr" | awk -F, -v OFS=, -v id="$1" -v school="$2" -v fte="$3" '{ $2 = school; $3 = id; $10 = fte; print }' >> "$sub/enrollments.csv"
}
add_student L2-RETIRED "$b"
add_student L2-NOSSID "$nossid"
add_student L2-FTE110 "$s3"
add_student L2-FTE100 "$s5"
add_student L2-OTHERLEA ""
add_student L2-FTESEQ "$s1"
add_enrollment L2-FTE110 0102301 0.60
# S000003's SSID may hold its other half-time enrollment too, at another
# LEA, where the matcher found the same child: 0.60 comes on top of all.
fte110=$(sql "SELECT to_char(sum(fte) + 0.60, 'FM0.00') FROM warehouse.enrollment_resolved
	WHERE ssid = '$s3' AND exit_date IS NULL")
test_ok "which is above 1.00" awk -v f="$fte110" 'BEGIN { exit !(f > 1.00) }'
add_enrollment L2-FTE100 0102301 0.50
add_enrollment L2-OTHERLEA 0101301 1.00
# Over both of S000001's half-time spells at 0101, but at no time above 1.00.
add_enrollment L2-FTESEQ 0102301 0.50

test_expect_exit 0 "run 2: the batch runs" slds-batch -v run --inbox "$inbox2" \
	--work-dir "$state/work2" --outbox "$state/outbox2"
test_grep "run 2: the three submissions are loaded" "^batch run [0-9]*: 3 submissions loaded, 0 superseded, 0 rejected\$" "$TEST_TMP/out"
# The truth file names the added rows by the line they were added after.
sed -e "s/{retired}/$b/g; s/{survivor}/$a/g; s/{nossid}/$nossid/g; s/{sch+1}/$((sch0 + 1))/g" \
    -e "s/{stu+1}/$((stu0 + 1))/g; s/{stu+2}/$((stu0 + 2))/g; s/{enr+1}/$((enr0 + 1))/g" \
    -e "s/{enr+3}/$((enr0 + 3))/g; s/{fte110}/$fte110/g" "$SLDS_TOP/tests/e2e/expected/level2.tsv" > "$TEST_TMP/expected"
tail -n +2 "$state/work2/0102/2027-daily-02/validate/rejects.copy" > "$TEST_TMP/rejects"
test_cmp "run 2: LEA 0102's rejects are the expected ones, exactly" "$TEST_TMP/expected" "$TEST_TMP/rejects"
IFS=, read -r _ _ _ first _ last _ birth _ <<<"$stu"
test_eq "run 2: no message or log line names the students" 0 \
	"$(cat "$TEST_TMP/rejects" "$TEST_TMP/err" | grep -cwF -e "$first" -e "$last" -e "$birth")"
test_eq "run 2: LEA 0101's and 0103's submissions break no rule" "1 1" \
	"$(wc -l < "$state/work2/0101/2027-daily-02/validate/rejects.copy") $(wc -l < "$state/work2/0103/2027-daily-02/validate/rejects.copy")"

test_eq "run 2: the warned student record is loaded, the rejected one is not" "L2-FTE100 L2-FTE110 L2-FTESEQ L2-OTHERLEA L2-RETIRED" \
	"$(sql "SELECT string_agg(local_student_id, ' ' ORDER BY local_student_id) FROM warehouse.student
		WHERE lea_id = '0102' AND local_student_id LIKE 'L2-%'")"
test_eq "run 2: the enrollments at exactly 1.00 are loaded, the others not" "L2-FTE100:0.50 L2-FTESEQ:0.50" \
	"$(sql "SELECT string_agg(local_student_id || ':' || fte, ' ' ORDER BY local_student_id) FROM warehouse.enrollment
		WHERE lea_id = '0102' AND local_student_id LIKE 'L2-%'")"

# --- offline --------------------------------------------------------------------
test_expect_exit 0 "the clerk's offline check of the same submission" \
	slds-validate --offline "$sub" "$TEST_TMP/offline"
test_grep "its summary says the Level 2 rules were not applied" \
	"^5 Level 2 rules not applied offline" "$TEST_TMP/out"
test_eq "and it reports only the Level 1 rule" "ENR.0109" \
	"$(tail -n +2 "$TEST_TMP/offline/validate/rejects.copy" | cut -f7 | sort -u)"
test_expect_exit 64 "--offline with --dbname is refused" slds-validate --offline --dbname "" "$sub" "$TEST_TMP/offline2"
test_grep "saying why" "options --offline and --dbname cannot be used together" "$TEST_TMP/err"

test_expect_exit 75 "an unreachable database is a temporary failure" \
	slds-validate --dbname "host=$TEST_TMP/no-such-socket-dir" "$state/work2/0103/2027-daily-02/ingest" "$TEST_TMP/v75"
test_grep "saying so" "could not connect" "$TEST_TMP/err"

test_done
