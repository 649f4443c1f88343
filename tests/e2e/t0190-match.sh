#!/bin/bash
# End to end: slds-match's identity decisions against a real registry.  A
# first statewide load gives every person one SSID (movers between LEAs
# too), as --evaluate shows against the generator's truth; then a crafted
# submission: a known student under a new local ID is linked; a claimed SSID
# whose identity agrees is taken, one whose identity disagrees is refused
# with a review item; two local IDs of the submission alike are two SSIDs
# and a review item.  The matcher's own review items carry evidence
# slds-ssid shows, and every decision is an event naming records by LEA and
# local ID only.  Enrollments are evidence: transfers link with theirs
# apart, and `slds-ssid review recheck` merges a review item whose
# enrollments, unknown when it was opened, are apart now, and leaves open
# one whose candidate was enrolled elsewhere all along.
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
test_eq "with the match rate it estimated" 0 \
	"$(sql "SELECT count(*) FROM registry.match_run WHERE (model->>'match_rate')::float NOT BETWEEN 0 AND 1")"
# Whether a record's enrollments and the SSID's at other LEAs overlap is evidence.
enrollment_levels() {
	sql "SELECT count(*) FROM registry.event e, jsonb_array_elements(e.evidence->'comparisons') c
		WHERE e.kind = 'link' AND e.reason = 'probabilistic match' AND c->>'field' = 'enrollment'
		AND c->>'level' $1"
}
test_ok "transfers are linked with their enrollments apart" test "$(enrollment_levels "= 'apart'")" -ge 1
test_eq "no link in this state rests on enrollments that overlap" 0 "$(enrollment_levels "= 'overlap'")"
test_eq "a concurrent enrollment (E6) is no evidence either way" 0 \
	"$(sql "SELECT count(*) FROM registry.event e, jsonb_array_elements(e.evidence->'comparisons') c
		WHERE e.lea_id = '9000' AND c->>'field' = 'enrollment' AND c->>'level' <> 'missing'")"
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
test_eq "with comparisons as evidence" 8 \
	"$(sql "SELECT jsonb_array_length(evidence->'comparisons') FROM registry.review WHERE review_id = $rid")"
test_expect_exit 0 "slds-ssid shows it" slds-ssid review show "$rid"
test_grep "as a waterfall from the prior" "^  prior " "$TEST_TMP/out"
test_grep "to the total" "^  total .*probability 0\.[5-9]" "$TEST_TMP/out"
test_grep "comparison by comparison" "^  birth_date " "$TEST_TMP/out"

# --- recheck ---------------------------------------------------------------------
# A review item as the matcher leaves it when the other LEA had not yet sent
# the year's submission: a transfer's record, split off to a provisional SSID,
# with the enrollment evidence missing and a probability of 0.95.  Its
# enrollments and its SSID's at the other LEA are apart: recheck merges it.
IFS='|' read -r tlea tid tssid tsub <<<"$(sql "SELECT e.lea_id, e.local_id, e.ssid, e.submission_id
	FROM registry.event e, jsonb_array_elements(e.evidence->'comparisons') c
	WHERE e.kind = 'link' AND e.reason = 'probabilistic match' AND c->>'field' = 'enrollment'
	AND c->>'level' = 'apart' ORDER BY e.event_id LIMIT 1")"
test_expect_exit 0 "a transfer split off" slds-ssid split "$tssid" "$tlea:$tid" --reason "t0190: recheck"
prov=$(sql "SELECT ssid FROM registry.alias WHERE lea_id = '$tlea' AND local_id = '$tid'")
crafted_review() {	# record's LEA, local ID, its SSID, candidate, submission
	sql "INSERT INTO registry.review (submission_id, lea_id, local_id, ssid, candidate_ssid, probability,
		weight, evidence) VALUES ($5, '$1', '$2', '$3', '$4', 0.95, 20,
		'{\"reason\": \"probable match\", \"weight\": 20, \"prior\": -15.7521,
		  \"comparisons\": [{\"field\": \"enrollment\", \"level\": \"missing\"}]}') RETURNING review_id"
}
rv_apart=$(crafted_review "$tlea" "$tid" "$prov" "$tssid" "$tsub")
# A namesake's: a record of one LEA, and a candidate enrolled at another LEA all the same year.
IFS='|' read -r nlea nid nssid nsub ncand <<<"$(sql "SELECT a.lea_id, a.local_id, a.ssid, s.submission_id, o.ssid
	FROM registry.alias a JOIN ops.submission s ON s.lea_id = a.lea_id AND s.school_year = 2027
	JOIN warehouse.enrollment m ON m.lea_id = a.lea_id AND m.local_student_id = a.local_id AND m.school_year = 2027
	JOIN warehouse.enrollment o ON o.school_year = 2027 AND o.lea_id <> a.lea_id AND o.ssid <> a.ssid
	WHERE m.entry_code = 'E0' AND m.exit_date IS NULL AND o.entry_code = 'E0' AND o.exit_date IS NULL
	ORDER BY a.lea_id, a.local_id, o.ssid LIMIT 1")"
rv_overlap=$(crafted_review "$nlea" "$nid" "$nssid" "$ncand" "$nsub")
test_expect_exit 0 "recheck scores them again" slds-ssid review recheck
test_grep "merging the transfer" "^rechecked 2 review items: 1 merged .the same student., 1 still open$" "$TEST_TMP/out"
test_eq "into its SSID" "$tssid" "$(sql "SELECT merged_into FROM registry.identity WHERE ssid = '$prov'")"
test_eq "resolved with the evidence as its reason" "same|recheck: the enrollments known now are apart; probability 0.9989" \
	"$(sql "SELECT status, reason FROM registry.review WHERE review_id = $rv_apart")"
test_eq "the namesake's enrollments overlap: still open" "open" \
	"$(sql "SELECT status FROM registry.review WHERE review_id = $rv_overlap")"
merge_event=$(sql "SELECT max(event_id) FROM registry.event WHERE kind = 'merge'")
test_eq "the merge is an event" "recheck: the enrollments known now are apart; probability 0.9989" \
	"$(sql "SELECT reason FROM registry.event WHERE event_id = $merge_event")"
test_expect_exit 0 "and can be undone" slds-ssid undo "$merge_event" --reason "t0190: undo the recheck"
test_eq "two SSIDs again" "active" "$(sql "SELECT status FROM registry.identity WHERE ssid = '$prov'")"
test_expect_exit 0 "merged back as it was" slds-ssid merge "$prov" "$tssid" --reason "t0190: one child"
sql "UPDATE registry.review SET status = 'different', resolved_at = now(), resolved_by = 't0190',
	reason = 't0190: crafted' WHERE review_id = $rv_overlap" >/dev/null

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
	# One new student under two local IDs: two SSIDs, a review item for the LEA.
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
test_ok "two local IDs of one submission: never one SSID" test "$(new N0004)" != "$(new N0005)"
test_eq "the second is provisional" "provisional: no certain match, review item opened" "$(why N0005)"
test_eq "with a review item for the LEA" "1" \
	"$(sql "SELECT count(*) FROM registry.review WHERE lea_id = '0103' AND local_id = 'N0005'
		AND candidate_ssid = '$(new N0004)' AND evidence->>'reason' = 'two local IDs of this submission look like one student'")"
test_eq "three new SSIDs in all" $((before + 3)) "$(sql "SELECT count(*) FROM registry.identity")"
# A third record alike, at another LEA, matches both SSIDs just made as well
# as each other.  Nothing says they are two children (one may be entered
# twice), so it links to the strongest, as it would without the other.
crafted_student() {	# inbox, LEA, local ID: a submission of Ottoline alone
	local d="$1/$2/2027-october-1-01"
	mkdir -p "$d"
	sed "s/^lea = 0103\$/lea = $2/" "$sub/manifest.ini" > "$d/manifest.ini"
	{ head -1 "$src"; echo "$2,$3,,Ottoline,,Vandersloot,,2013-06-09,F,WH7,UT,US,84012,2027"; } > "$d/students.csv"
	slds-batch run --inbox "$1" --work-dir "$1.work" --outbox "$1.out"
}
test_expect_exit 0 "a record alike at another LEA" crafted_student "$TEST_TMP/inbox3" 0102 N0100
n100=$(sql "SELECT ssid FROM registry.alias WHERE lea_id = '0102' AND local_id = 'N0100'")
test_ok "links to one of them" test "$n100" = "$(new N0004)" -o "$n100" = "$(new N0005)"
test_eq "by a probabilistic match" "probabilistic match" \
	"$(sql "SELECT reason FROM registry.event WHERE lea_id = '0102' AND local_id = 'N0100' AND kind = 'link'")"
# Now the two were enrolled at 0103 at the same time under their two local
# IDs (rows as the load writes them): two children.  A fourth record alike is a coin's toss
# between them, so it links to neither and a reviewer is asked about each.
sql "INSERT INTO warehouse.enrollment (submission_id, source_file, source_line, ssid, lea_id, school_id,
	local_student_id, school_year, grade_level, entry_date, entry_code)
	VALUES ($tsub, 't0190', 1, '$(new N0004)', '0103', '0103101', 'N0004', 2027, '08', '2026-08-20', 'E0'),
	       ($tsub, 't0190', 2, '$(new N0005)', '0103', '0103101', 'N0005', 2027, '08', '2026-08-21', 'E0')" >/dev/null
test_expect_exit 0 "a record alike at a fourth LEA" crafted_student "$TEST_TMP/inbox4" 0104 N0101
n101=$(sql "SELECT ssid FROM registry.alias WHERE lea_id = '0104' AND local_id = 'N0101'")
test_ok "matching two children alike, it is linked to neither" \
	test -n "$n101" -a "$n101" != "$(new N0004)" -a "$n101" != "$(new N0005)"
test_eq "but gets a provisional SSID" "provisional: no certain match, review item opened" \
	"$(sql "SELECT reason FROM registry.event WHERE lea_id = '0104' AND local_id = 'N0101' AND kind = 'mint'")"
test_eq "and a review item naming each" "$(printf '%s\n' "$(new N0004)" "$(new N0005)" | sort | paste -sd ' ')" \
	"$(sql "SELECT string_agg(candidate_ssid, ' ' ORDER BY candidate_ssid) FROM registry.review
		WHERE lea_id = '0104' AND local_id = 'N0101' AND evidence->>'reason' = 'one of several SSIDs it matches'")"
test_eq "the run counts it" 1 \
	"$(sql "SELECT model->>'contested' FROM registry.match_run ORDER BY match_run_id DESC LIMIT 1")"
test_expect_exit 0 "recheck leaves them open: nothing new is known" slds-ssid review recheck
test_eq "both open" 2 "$(sql "SELECT count(*) FROM registry.review WHERE lea_id = '0104' AND local_id = 'N0101' AND status = 'open'")"
# Rivals at recheck: the transfer above split off again, with an item for
# its own SSID (its enrollments apart now) and one for N0101's SSID as
# strong.  Nothing says N0101's is another child, so it does not compete,
# as in the matcher: the first merges.
prov_again() {
	slds-ssid split "$tssid" "$tlea:$tid" --reason "t0190: rivals" >/dev/null &&
	sql "SELECT ssid FROM registry.alias WHERE lea_id = '$tlea' AND local_id = '$tid'"
}
rival_review() {	# provisional SSID, candidate
	sql "INSERT INTO registry.review (submission_id, lea_id, local_id, ssid, candidate_ssid, probability,
		weight, evidence) VALUES ($tsub, '$tlea', '$tid', '$1', '$2', 0.95, 20,
		'{\"reason\": \"one of several SSIDs it matches\", \"weight\": 20, \"prior\": -15.7521,
		  \"comparisons\": [{\"field\": \"enrollment\", \"level\": \"missing\"}]}') RETURNING review_id"
}
prov2=$(prov_again)
rival_review "$prov2" "$tssid" >/dev/null
rival_review "$prov2" "$n101" >/dev/null
test_expect_exit 0 "recheck with a rival that may be the same child" slds-ssid review recheck
test_grep "merges" "^rechecked 2 review items: 1 merged .the same student., 1 still open$" "$TEST_TMP/out"
test_eq "into its own SSID" "$tssid" "$(sql "SELECT merged_into FROM registry.identity WHERE ssid = '$prov2'")"
# Now N0101's SSID was enrolled at another LEA at the same time as the
# transfer's SSID before it moved (the row written here): another child, a
# rival.  Against it the first stays under the link threshold, until a
# reviewer rules the rival out.
test_eq "N0101's SSID enrolled alongside the transfer's" "0198" \
	"$(sql "INSERT INTO warehouse.enrollment (submission_id, source_file, source_line, ssid, lea_id,
		school_id, local_student_id, school_year, grade_level, entry_date, entry_code, exit_date, exit_code)
	SELECT $tsub, 't0190', 3, '$n101', '0198', '0198101', 'N0101', e.school_year, '08', e.entry_date, 'E0',
		e.exit_date, e.exit_code FROM warehouse.enrollment e
	JOIN ops.submission s ON s.submission_id = $tsub AND e.school_year = s.school_year
	WHERE e.ssid = '$tssid' AND e.lea_id <> '$tlea' AND e.entry_code IS DISTINCT FROM 'E6'
	ORDER BY e.entry_date LIMIT 1 RETURNING lea_id" 2>&1)"
prov3=$(prov_again)
rv_own=$(rival_review "$prov3" "$tssid")
rv_rival=$(rival_review "$prov3" "$n101")
test_expect_exit 0 "recheck with a rival that is another child" slds-ssid review recheck
test_grep "merges nothing" "^rechecked 2 review items: 0 merged .the same student., 2 still open$" "$TEST_TMP/out"
test_eq "the record keeps its provisional SSID" active "$(sql "SELECT status FROM registry.identity WHERE ssid = '$prov3'")"
test_expect_exit 0 "a reviewer rules the rival out" slds-ssid review resolve "$rv_rival" different \
	--reason "t0190: another child"
test_expect_exit 0 "recheck again" slds-ssid review recheck
test_grep "merges it now" "^rechecked 1 review item: 1 merged .the same student., 0 still open$" "$TEST_TMP/out"
test_eq "into its own SSID" "$tssid" "$(sql "SELECT merged_into FROM registry.identity WHERE ssid = '$prov3'")"
test_eq "with the evidence as its reason" "same|recheck: the enrollments known now are apart; probability 0.9989" \
	"$(sql "SELECT status, reason FROM registry.review WHERE review_id = $rv_own")"
# --- lookup ----------------------------------------------------------------------
IFS=, read -r _ _ _ first middle last _ birth sex _ <<<"$(sed -n 3p "$src")"
test_expect_exit 0 "a clerk looks a student up" slds-ssid lookup "first_name=$first" \
	"last_name=$last" "birth_date=$birth" "sex=$sex" --actor "registrar of 0103"
test_grep "the student's SSID comes first, a probable match" "^$s2  *[01]\.[0-9]*  " "$TEST_TMP/out"
test_grep "said so" "the first is a probable match" "$TEST_TMP/out"
test_grep "with how each field compared" "first_name=exact last_name=exact" "$TEST_TMP/out"
test_ok "and no name or birth date of anyone" sh -c "! grep -F -e '$first' -e '$birth' '$TEST_TMP/out'"
shown=$(grep -oE '^[0-9]{10} ' "$TEST_TMP/out" | tr -d ' ' | paste -sd, -)
test_eq "the look-up is an audit record: who, the fields given, what was shown" \
	"registrar of 0103|{first_name,last_name,birth_date,sex}|{$shown}|t" \
	"$(sql "SELECT actor, fields, shown, scored >= 1 AND best_probability > 0.5 FROM registry.lookup ORDER BY lookup_id DESC LIMIT 1")"
test_eq "and holds no name or birth date" 0 \
	"$(sql "SELECT count(*) FROM registry.lookup l WHERE l::text LIKE '%$first%' OR l::text LIKE '%$birth%'")"
test_expect_exit 0 "a look-up of nobody, for an LEA" slds-ssid lookup first_name=Xyzzy last_name=Plugh \
	birth_date=2001-01-01 --lea 0103 --reason "enrolling a new student"
test_grep "finds no probable match" "no probable match" "$TEST_TMP/out"
test_eq "is recorded too, with the LEA and the reason" "0103|enrolling a new student|{first_name,last_name,birth_date}" \
	"$(sql "SELECT lea_id, reason, fields FROM registry.lookup ORDER BY lookup_id DESC LIMIT 1")"
test_expect_exit 64 "a look-up needs a birth date" slds-ssid lookup "first_name=$first"
test_expect_exit 64 "and known fields" slds-ssid lookup shoe_size=9 birth_date=2001-01-01
test_eq "a refused look-up shows nothing and records nothing" 2 "$(sql "SELECT count(*) FROM registry.lookup")"

# --- sweep -----------------------------------------------------------------------
test_expect_exit 0 "a sweep of the registry" slds-ssid sweep
swept0=$(grep -c '^[0-9]\{10\}  [0-9]\{10\} ' "$TEST_TMP/out")
test_expect_exit 0 "split N0001 off $s2: one child, two SSIDs" slds-ssid split "$s2" 0103:N0001 \
	--reason "t0190: a duplicate for the sweep"
dup=$(new N0001)
test_expect_exit 0 "the sweep opens review items" slds-ssid sweep --open-reviews
test_grep "it finds the duplicate" "^($s2  $dup|$dup  $s2) " "$TEST_TMP/out"
test_eq "and nothing else new" $((swept0 + 1)) "$(grep -c '^[0-9]\{10\}  [0-9]\{10\} ' "$TEST_TMP/out")"
rv=$(sql "SELECT review_id FROM registry.review WHERE evidence->>'reason' LIKE 'sweep%' AND ssid IN ('$s2', '$dup') AND candidate_ssid IN ('$s2', '$dup')")
test_ok "as a review item" test -n "$rv"
test_expect_exit 0 "a second sweep" slds-ssid sweep --open-reviews
test_grep "opens nothing twice" "; 0 review items opened$" "$TEST_TMP/out"
test_expect_exit 0 "resolved same" slds-ssid review resolve "$rv" same --reason "t0190: one child"
test_eq "one SSID again" "$(sql "SELECT coalesce(merged_into, ssid) FROM registry.identity WHERE ssid = '$dup'")" \
	"$(sql "SELECT coalesce(merged_into, ssid) FROM registry.identity WHERE ssid = '$s2'")"
merge_event=$(sql "SELECT max(event_id) FROM registry.event WHERE kind = 'merge'")
test_expect_exit 0 "the sweep's merge can be undone" slds-ssid undo "$merge_event" --reason "t0190: undo"
test_ok "two SSIDs again" test "$(sql "SELECT count(*) FROM registry.identity WHERE ssid IN ('$s2', '$dup') AND status = 'active'")" = 2
test_expect_exit 0 "and merged again" slds-ssid merge "$dup" "$s2" --reason "t0190: one child"
test_expect_exit 0 "a sweep after the merge" slds-ssid sweep
test_eq "finds what it found before" "$swept0" "$(grep -c '^[0-9]\{10\}  [0-9]\{10\} ' "$TEST_TMP/out")"

# --- a registry statement that fails while the output files are written ---------
# The registry's rows are written while slds-match writes its output files;
# a failure there must leave the registry as it was and no summary behind.
work2="$TEST_TMP/work2/0103/2027-october-1-01"
counts="SELECT (SELECT count(*) FROM registry.event) || '|' || (SELECT count(*) FROM registry.match_run)
	|| '|' || (SELECT count(*) FROM registry.identity)"
before=$(sql "$counts")
printf 'not a folder\n' > "$TEST_TMP/not-a-folder"
test_expect_exit 1 "an output folder that cannot be made fails the match" \
	slds-match "$work2/validate" "$TEST_TMP/not-a-folder/out"
test_eq "and the registry keeps nothing of the run" "$before" "$(sql "$counts")"
sql "CREATE FUNCTION public.t0190_refuse() RETURNS trigger LANGUAGE plpgsql AS
	\$\$BEGIN RAISE EXCEPTION 't0190: the registry refuses'; END\$\$;
	CREATE TRIGGER t0190_refuse BEFORE INSERT ON registry.observation
	FOR EACH ROW EXECUTE FUNCTION public.t0190_refuse()" >/dev/null
test_expect_exit 1 "a refused registry statement fails the match" slds-match "$work2/validate" "$TEST_TMP/rematch"
test_grep "and says which" "t0190: the registry refuses" "$TEST_TMP/err"
test_eq "nothing of the run is kept: events, run, identities" "$before" "$(sql "$counts")"
test_ok "and the output has no summary" test ! -e "$TEST_TMP/rematch/submission.ini"
sql "DROP TRIGGER t0190_refuse ON registry.observation; DROP FUNCTION public.t0190_refuse()" >/dev/null
# The registry's query is sent before the submission is read; the server's
# refusal comes back when its rows are read.
sql "ALTER TABLE registry.observation RENAME COLUMN zip TO t0190_zip" >/dev/null
test_expect_exit 1 "a registry query the server refuses fails the match" \
	slds-match "$work2/validate" "$TEST_TMP/rematch"
test_grep "and says why" 'could not start COPY: column o.zip does not exist' "$TEST_TMP/err"
test_eq "and keeps nothing" "$before" "$(sql "$counts")"
sql "ALTER TABLE registry.observation RENAME COLUMN t0190_zip TO zip" >/dev/null
test_expect_exit 0 "run again, it succeeds" slds-match "$work2/validate" "$TEST_TMP/rematch"
test_ok "with its summary" test -e "$TEST_TMP/rematch/submission.ini"
test_eq "and mints nothing" "${before##*|}" "$(sql "SELECT count(*) FROM registry.identity")"

test_ok "no event names a student" sh -c "! sql \"SELECT evidence::text || reason FROM registry.event\" | grep -iE 'Quillon|Zabrowski|Ottoline|2015-03-03'"
test_done
