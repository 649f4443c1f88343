#!/bin/bash
# End to end: slds-match's identity decisions against a real registry.  A
# first statewide load gives every person one SSID (movers between LEAs
# too), as --evaluate shows against the generator's truth; then a crafted
# submission: a known student under a new local ID is linked; a claimed SSID
# whose identity agrees is taken, one whose identity disagrees is refused
# with a review item; two local IDs of one new student get one new SSID
# together.  The matcher's own review items carry evidence slds-ssid shows,
# and every decision is an event naming records by LEA and local ID only.
. "$SLDS_TOP/tests/lib.sh"

pg_start_throwaway
test_expect_exit 0 "migrations apply" slds-batch migrate
state="$TEST_TMP/state"
test_expect_exit 0 "a small state" slds-synth -q --students 300 --leas 3 --seed 5 --out "$state"
test_expect_exit 0 "the batch runs" slds-batch run --inbox "$state/inbox" \
	--work-dir "$state/work" --outbox "$state/outbox"

# --- evaluation against the truth ---------------------------------------------
test_expect_exit 0 "evaluate against the truth" slds-match --evaluate "$state/truth/persons.csv"
test_grep "every record evaluated" "^records      3[0-9][0-9] evaluated, 0 of the truth file have no SSID$" "$TEST_TMP/out"
test_grep "no false merge" "^false merges 0 records" "$TEST_TMP/out"
test_grep "no split" "^splits       0 persons" "$TEST_TMP/out"
test_grep "pairwise precision and recall" "^pairs        precision 1.0000  recall 1.0000" "$TEST_TMP/out"
persons=$(awk -F, '$3 == "students.csv" { print $6 }' "$state/truth/persons.csv" | sort -u | wc -l)
test_eq "one SSID per person" "$persons" "$(sql "SELECT count(*) FROM registry.identity WHERE status = 'active'")"
test_eq "each run is recorded with its model" 0 \
	"$(sql "SELECT count(*) FROM registry.match_run WHERE model->>'version' IS NULL OR method <> 'probabilistic'")"
# Twins share a birth date, a surname and a home: never an SSID.
ssids_of() {
	awk -F, -v p="$1" '$3 == "students.csv" && $6 == p { printf "(%s,%s)\n", $1, $5 }' "$state/truth/persons.csv" |
	while IFS='(),' read -r _ lea id; do
		sql "SELECT ssid FROM registry.alias WHERE lea_id = '$lea' AND local_id = '$id'"
	done | sort -u
}
ntwins=0 shared=0
while IFS=, read -r p q; do
	[ "$p" = person_id ] && continue
	ntwins=$((ntwins + 1))
	[ -n "$(comm -12 <(ssids_of "$p") <(ssids_of "$q"))" ] && shared=$((shared + 1))
done < "$state/truth/twins.csv"
test_ok "the state has twins" test "$ntwins" -ge 1
test_eq "no twins share an SSID" 0 "$shared"
test_expect_exit 65 "a truth file without the columns is refused" \
	slds-match --evaluate "$state/inbox/0101/2027-daily-01/students.csv"
test_grep "naming them" "has not the columns lea_id, local_id and person_id" "$TEST_TMP/err"

# --- the matcher's own review items ---------------------------------------------
nrev=$(sql "SELECT count(*) FROM registry.review")
test_ok "the first load opened review items" test "$nrev" -ge 1
test_eq "each on a provisional SSID" "$nrev" "$(sql "SELECT count(*) FROM registry.review r
	JOIN registry.event e ON e.ssid = r.ssid AND e.kind = 'mint' AND e.reason LIKE 'provisional%'")"
rid=$(sql "SELECT min(review_id) FROM registry.review")
test_eq "with comparisons as evidence" 7 \
	"$(sql "SELECT jsonb_array_length(evidence->'comparisons') FROM registry.review WHERE review_id = $rid")"
test_expect_exit 0 "slds-ssid shows it" slds-ssid review show "$rid"
test_grep "as a waterfall from the prior" "^  prior " "$TEST_TMP/out"
test_grep "to the total" "^  total .*probability 0\.[5-9]" "$TEST_TMP/out"
test_grep "comparison by comparison" "^  birth_date " "$TEST_TMP/out"

# --- a crafted submission -------------------------------------------------------
sub="$TEST_TMP/inbox2/0103/2027-october-1-01"
mkdir -p "$sub"
printf '# crafted by t0190\nlea = 0103\nschool_year = 2027\ncollection = october-1\n\n[file students.csv]\nrecord = student\nformat = csv\n' \
	> "$sub/manifest.ini"
src="$state/inbox/0101/2027-daily-01/students.csv"
ssid_of() { sql "SELECT ssid FROM registry.alias WHERE lea_id = '0101' AND local_id = '$1'"; }
s2=$(ssid_of S000002) s3=$(ssid_of S000003)
{
	head -1 "$src"
	# S000002 again, under a new local ID of another LEA: a probabilistic link.
	awk -F, -v OFS=, 'NR == 3 { $1 = "0103"; $2 = "N0001"; print }' "$src"
	# S000003 claiming its own SSID: taken.
	awk -F, -v OFS=, -v s="$s3" 'NR == 4 { $1 = "0103"; $2 = "N0002"; $3 = s; print }' "$src"
	# Someone new claiming S000002's SSID: refused, reviewed.
	echo "0103,N0003,$s2,Quillon,,Zabrowski,,2015-03-03,M,WH7,UT,US,84011,2027"
	# One new student under two local IDs: one new SSID.
	echo "0103,N0004,,Ottoline,,Vandersloot,,2013-06-09,F,WH7,UT,US,84012,2027"
	echo "0103,N0005,,Ottoline,,Vandersloot,,2013-06-09,F,WH7,UT,US,84012,2027"
} > "$sub/students.csv"
before=$(sql "SELECT count(*) FROM registry.identity")
test_expect_exit 0 "the crafted batch runs" slds-batch run --inbox "$TEST_TMP/inbox2" \
	--work-dir "$TEST_TMP/work2" --outbox "$TEST_TMP/outbox2"
new() { sql "SELECT ssid FROM registry.alias WHERE lea_id = '0103' AND local_id = '$1'"; }
why() { sql "SELECT reason FROM registry.event WHERE lea_id = '0103' AND local_id = '$1' AND kind IN ('mint', 'link')"; }
test_eq "a known student under a new local ID keeps the SSID" "$s2" "$(new N0001)"
test_eq "by a probabilistic match" "probabilistic match" "$(why N0001)"
test_eq "whose evidence is the pair" "link|exact|exact" "$(sql "SELECT e.kind, c1->>'level', c2->>'level'
	FROM registry.event e, jsonb_array_elements(e.evidence->'comparisons') WITH ORDINALITY AS a(c1, n1),
	     jsonb_array_elements(e.evidence->'comparisons') WITH ORDINALITY AS b(c2, n2)
	WHERE e.lea_id = '0103' AND e.local_id = 'N0001' AND c1->>'field' = 'first_name' AND c2->>'field' = 'birth_date'")"
test_eq "a claimed SSID that agrees is taken" "$s3" "$(new N0003 >/dev/null; new N0002)"
test_eq "as a claim" "claimed SSID, identity agrees" "$(why N0002)"
test_ok "a claim that disagrees is not taken" test "$(new N0003)" != "$s2"
test_eq "and opens a review item naming the claimed SSID" "1" \
	"$(sql "SELECT count(*) FROM registry.review WHERE lea_id = '0103' AND local_id = 'N0003'
		AND candidate_ssid = '$s2' AND evidence->>'reason' = 'claimed SSID whose identity disagrees'")"
test_eq "one new student under two local IDs: one SSID" "$(new N0004)" "$(new N0005)"
kind() { sql "SELECT kind FROM registry.event WHERE lea_id = '0103' AND local_id = '$1' AND kind IN ('mint', 'link')"; }
test_eq "minted once" "mint|link" "$(kind N0004)|$(kind N0005)"
test_eq "the second as the same new student" "same new student as another record of the batch" "$(why N0005)"
test_eq "two new SSIDs in all" $((before + 2)) "$(sql "SELECT count(*) FROM registry.identity")"
test_ok "no event names a student" sh -c "! sql \"SELECT evidence::text || reason FROM registry.event\" | grep -iE 'Quillon|Zabrowski|Ottoline|2015-03-03'"
test_done
