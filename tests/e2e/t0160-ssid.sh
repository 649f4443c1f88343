#!/bin/bash
# End to end: slds-ssid's registry operations on a loaded state.  A merge, a
# split and the undo of each show in the warehouse's *_resolved views at
# once; every change is refused without a reason, on an unknown or retired
# SSID, and leaves an event with its actor; review items are listed, shown
# with their evidence, and resolved one at a time or from an LEA's CSV file,
# which is applied whole or not at all.
. "$SLDS_TOP/tests/lib.sh"

pg_start_throwaway
test_expect_exit 0 "migrations apply" slds-batch migrate
state="$TEST_TMP/state"
test_expect_exit 0 "a small state" slds-synth -q --students 300 --leas 3 --seed 5 --out "$state"
test_expect_exit 0 "the batch runs" slds-batch run --inbox "$state/inbox" \
	--work-dir "$state/work" --outbox "$state/outbox"

test_eq "slds-match kept an observation of every student record" \
	"$(sql 'SELECT count(*) FROM warehouse.student')" "$(sql 'SELECT count(*) FROM registry.observation')"
test_eq "under the SSID it matched" 0 "$(sql 'SELECT count(*) FROM registry.observation o
	JOIN warehouse.student s ON (s.lea_id, s.local_student_id, s.submission_id) = (o.lea_id, o.local_id, o.submission_id)
	WHERE s.ssid <> o.ssid OR s.birth_date <> o.birth_date OR s.last_name <> o.last_name')"

students() { sql 'SELECT count(DISTINCT ssid) FROM warehouse.enrollment_resolved'; }
checksum() {
	sql "SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
		SELECT ssid || status || coalesce(merged_into, '') AS x FROM registry.identity
		UNION ALL SELECT lea_id || local_id || ssid FROM registry.alias) t"
}
n0=$(students)
before=$(checksum)
# Three SSIDs of one alias each: the split below moves b's only alias, and
# the SSIDs are keyed at random per registry, so one with two would make the
# test depend on the key.
read -r a b c <<<"$(sql "SELECT string_agg(ssid, ' ') FROM (SELECT ssid FROM registry.alias
	WHERE ssid IN (SELECT ssid FROM warehouse.enrollment)
	GROUP BY ssid HAVING count(*) = 1 ORDER BY ssid LIMIT 3) x")"
test_ok "three SSIDs with enrollments" test -n "$c"

# --- merge ------------------------------------------------------------------
test_expect_exit 64 "a merge without a reason is refused" slds-ssid merge "$b" "$a"
test_grep "it asks for the reason" 'merge needs --reason' "$TEST_TMP/err"
bad="${a:0:9}$(((${a:9:1} + 1) % 10))"
test_expect_exit 65 "an SSID with a wrong check digit is refused" slds-ssid merge "$bad" "$a" --reason x
test_grep "it says so" "\"$bad\" is not an SSID" "$TEST_TMP/err"
test_expect_exit 65 "an SSID that is not in the registry is refused" slds-ssid merge 1000000009 "$a" --reason x
test_expect_exit 65 "an SSID is not merged into itself" slds-ssid merge "$a" "$a" --reason x
test_eq "refusals change nothing" "$before" "$(checksum)"

test_expect_exit 0 "merge $b into $a" slds-ssid --actor clerk-7 merge "$b" "$a" --reason "one child, two SSIDs"
test_grep "the merge names its event" "^merged $b into $a \(event [0-9]+\)$" "$TEST_TMP/out"
merge_event=$(sed -n 's/.*(event \([0-9]*\))$/\1/p' "$TEST_TMP/out")
test_eq "the enrollment view counts one student fewer" "$((n0 - 1))" "$(students)"
test_eq "no row shows the retired SSID" 0 "$(sql "SELECT count(*) FROM warehouse.enrollment_resolved WHERE ssid = '$b'")"
test_eq "the event keeps actor and reason" "merge|$b|$a|clerk-7|one child, two SSIDs" \
	"$(sql "SELECT kind, ssid, other_ssid, actor, reason FROM registry.event WHERE event_id = $merge_event")"
test_expect_exit 65 "merging a retired SSID again is refused" slds-ssid merge "$b" "$c" --reason x
test_grep "naming its survivor" "SSID $b is already retired, merged into $a" "$TEST_TMP/err"
test_expect_exit 65 "merging into a retired SSID is refused" slds-ssid merge "$c" "$b" --reason x
test_grep "with the survivor as hint" "Merge into the survivor, $a" "$TEST_TMP/err"

test_expect_exit 0 "history of the retired SSID" slds-ssid history "$b"
test_grep "says it is retired" "^SSID $b: retired, merged into $a$" "$TEST_TMP/out"
test_grep "lists the merge" "merge +$b +$a .*clerk-7 +one child, two SSIDs" "$TEST_TMP/out"
test_expect_exit 0 "history of the survivor" slds-ssid history "$a"
test_grep "names what was merged into it" "^merged into it: $b$" "$TEST_TMP/out"
test_grep "counts the aliases of both" "^2 aliases" "$TEST_TMP/out"
names=$(sql "SELECT string_agg(DISTINCT first_name, '|') FROM warehouse.student WHERE ssid IN ('$a', '$b')")
test_ok "history shows no student's name" sh -c "! grep -E -w '$names' '$TEST_TMP/out'"

# --- undo of the merge --------------------------------------------------------
test_expect_exit 0 "undo the merge" slds-ssid undo "$merge_event" --reason "two children after all"
test_eq "the student count is back" "$n0" "$(students)"
test_eq "the registry is as before" "$before" "$(checksum)"
test_eq "the merge is marked undone" t \
	"$(sql "SELECT undone_by IS NOT NULL FROM registry.event WHERE event_id = $merge_event")"
test_expect_exit 65 "an event is undone once" slds-ssid undo "$merge_event" --reason again
test_grep "it says by which event" "event $merge_event was already undone by event [0-9]+" "$TEST_TMP/err"
mint=$(sql "SELECT min(event_id) FROM registry.event WHERE kind = 'mint'")
test_expect_exit 65 "a mint is not undone" slds-ssid undo "$mint" --reason x

# An undo restores the SSIDs that had been merged into the retired one.
test_expect_exit 0 "merge $c into $b" slds-ssid merge "$c" "$b" --reason chain
test_expect_exit 0 "merge $b into $a" slds-ssid merge "$b" "$a" --reason chain
test_eq "$c now points at $a" "$a" "$(sql "SELECT merged_into FROM registry.identity WHERE ssid = '$c'")"
last=$(sql "SELECT max(event_id) FROM registry.event WHERE kind = 'merge'")
test_expect_exit 0 "undo the second merge" slds-ssid undo "$last" --reason chain
test_eq "$c points at $b again" "$b" "$(sql "SELECT merged_into FROM registry.identity WHERE ssid = '$c'")"
test_expect_exit 0 "undo the first" slds-ssid undo "$((last - 1))" --reason chain
test_eq "and the registry is as before" "$before" "$(checksum)"

# --- split --------------------------------------------------------------------
test_expect_exit 0 "merge $b into $a to split it again" slds-ssid merge "$b" "$a" --reason "to split"
alias_b=$(sql "SELECT lea_id || ':' || local_id FROM registry.alias WHERE ssid = '$b'")
alias_a=$(sql "SELECT lea_id || ':' || local_id FROM registry.alias WHERE ssid = '$a'")
test_expect_exit 64 "a split without aliases is refused" slds-ssid split "$a" --reason x
test_expect_exit 65 "a split of every alias is refused" slds-ssid split "$a" "$alias_a" "$alias_b" --reason x
test_grep "it says why" "would leave it empty" "$TEST_TMP/err"
alias_c=$(sql "SELECT lea_id || ':' || local_id FROM registry.alias WHERE ssid = '$c'")
test_expect_exit 65 "a split of another SSID's alias is refused" slds-ssid split "$a" "$alias_c" --reason x
test_grep "naming it" "is not SSID $a's \(first: $alias_c\)" "$TEST_TMP/err"
test_expect_exit 65 "a split of a retired SSID is refused" slds-ssid split "$b" "$alias_b" --reason x
test_expect_exit 0 "split $alias_b off $a" slds-ssid split "$a" "$alias_b" --reason "an LEA reused a local ID"
test_grep "it names the new SSID" "^split 1 alias of $a to the new SSID [0-9]{10} \(event [0-9]+\)$" "$TEST_TMP/out"
new=$(sed -n 's/.*new SSID \([0-9]*\) .*/\1/p' "$TEST_TMP/out")
split_event=$(sed -n 's/.*(event \([0-9]*\))$/\1/p' "$TEST_TMP/out")
lea=${alias_b%%:*}
local=${alias_b#*:}
test_eq "the moved alias's rows show the new SSID" "$new" \
	"$(sql "SELECT string_agg(DISTINCT ssid, ' ') FROM warehouse.enrollment_resolved WHERE lea_id = '$lea' AND local_student_id = '$local'")"
test_eq "in every view" "$new" \
	"$(sql "SELECT string_agg(DISTINCT ssid, ' ') FROM warehouse.student_resolved WHERE lea_id = '$lea' AND local_student_id = '$local'")"
test_eq "and they keep the SSID they were loaded with" "$b" \
	"$(sql "SELECT string_agg(DISTINCT reported_ssid, ' ') FROM warehouse.enrollment_resolved WHERE lea_id = '$lea' AND local_student_id = '$local'")"
test_eq "the new SSID is valid" 1 "$(slds-ssid history "$new" >/dev/null && echo 1)"
test_eq "its observations moved with it" "$new" \
	"$(sql "SELECT string_agg(DISTINCT ssid, ' ') FROM registry.observation WHERE lea_id = '$lea' AND local_id = '$local'")"
test_expect_exit 0 "undo the split" slds-ssid undo "$split_event" --reason "not reused after all"
test_eq "the rows show $a again" "$a" \
	"$(sql "SELECT string_agg(DISTINCT ssid, ' ') FROM warehouse.enrollment_resolved WHERE lea_id = '$lea' AND local_student_id = '$local'")"
test_eq "the split's SSID is retired into $a, never reused" "retired|$a" \
	"$(sql "SELECT status, merged_into FROM registry.identity WHERE ssid = '$new'")"

# --- review -------------------------------------------------------------------
# The matcher's own review items are t0190-match's business: this section
# seeds its own, with evidence it knows.
sql "DELETE FROM registry.review" >/dev/null
test_expect_exit 0 "no review item yet" slds-ssid review list
test_grep "says so" "^0 review items open$" "$TEST_TMP/out"
seed() {
	sql "INSERT INTO registry.review (lea_id, local_id, ssid, candidate_ssid, probability, weight, evidence)
	     SELECT lea_id, local_id, ssid, '$2', 0.62, 0.7,
	       '{\"prior\": -9.5, \"comparisons\": [
	          {\"field\": \"first_name\", \"level\": \"nickname\", \"weight\": 4.2, \"tf_adjustment\": 0},
	          {\"field\": \"last_name\", \"level\": \"exact\", \"weight\": 6.1, \"tf_adjustment\": -1.3},
	          {\"field\": \"birth_date\", \"level\": \"day_month_swapped\", \"weight\": 1.2, \"tf_adjustment\": 0}]}'
	     FROM registry.alias WHERE ssid = '$1' LIMIT 1 RETURNING review_id"
}
r1=$(seed "$c" "$a")
r2=$(seed "$(sql "SELECT ssid FROM registry.identity WHERE status = 'active' AND ssid NOT IN ('$a', '$c') ORDER BY ssid LIMIT 1")" "$a")
test_expect_exit 0 "review list" slds-ssid review list
test_grep "lists both" "^2 review items open$" "$TEST_TMP/out"
test_expect_exit 0 "review show" slds-ssid review show "$r1"
test_grep "names the pair" "provisional SSID $c, candidate SSID $a, match probability 0.6200" "$TEST_TMP/out"
test_grep "draws the waterfall" "^  last_name +exact +\+6.10 +-1.30 +-0.50 \+{10}$" "$TEST_TMP/out"
test_grep "ends with the total" "^  total +0.70  \(probability 0.6" "$TEST_TMP/out"
test_expect_exit 65 "an unknown review item" slds-ssid review show 999999
test_expect_exit 0 "the review page" slds-ssid review report "$TEST_TMP/review.html"
test_grep "counts the open items" "<p>2 open review items\." "$TEST_TMP/review.html"
test_grep "draws a chart per item" '<svg' "$TEST_TMP/review.html"
test_eq "one chart each" 2 "$(grep -o '<svg' "$TEST_TMP/review.html" | wc -l)"
test_ok "and needs no other file" sh -c "! grep -E '(src|href)=' '$TEST_TMP/review.html'"
test_ok "it is well-formed" xmllint --html --noout "$TEST_TMP/review.html"
lea1=$(sql "SELECT lea_id FROM registry.review WHERE review_id = $r1")
test_expect_exit 0 "one LEA's page" slds-ssid review report --lea "$lea1" "$TEST_TMP/review1.html"
test_grep "has that LEA's items only" "open review items? of LEA $lea1\." "$TEST_TMP/review1.html"

printf 'review_id,decision,reason\n%s,same,"checked with the LEA, same child"\n%s,maybe,x\n' "$r1" "$r2" > "$TEST_TMP/res.csv"
test_expect_exit 65 "a file with a bad decision is refused" slds-ssid review resolve --file "$TEST_TMP/res.csv"
test_grep "naming its line" 'line 3: decision "maybe" is neither "same" nor "different"' "$TEST_TMP/err"
test_eq "and nothing of it is applied" 2 "$(sql "SELECT count(*) FROM registry.review WHERE status = 'open'")"
printf 'id,decision\n' > "$TEST_TMP/bad.csv"
test_expect_exit 65 "a file with another header is refused" slds-ssid review resolve --file "$TEST_TMP/bad.csv"

printf 'review_id,decision,reason\r\n%s,same,"checked with the LEA, same child"\r\n%s,different,twins\r\n' "$r1" "$r2" > "$TEST_TMP/res.csv"
test_expect_exit 0 "an LEA's file of resolutions" slds-ssid review resolve --file "$TEST_TMP/res.csv"
test_grep "is applied" "^resolved 2 review items: 1 same \(merged\), 1 different$" "$TEST_TMP/out"
test_eq "same merged the provisional SSID" "retired|$a" \
	"$(sql "SELECT status, merged_into FROM registry.identity WHERE ssid = '$c'")"
test_eq "with the reason from the file" "checked with the LEA, same child" \
	"$(sql "SELECT reason FROM registry.event WHERE kind = 'merge' AND ssid = '$c' ORDER BY event_id DESC LIMIT 1")"
test_eq "each decision is an event" 2 "$(sql "SELECT count(*) FROM registry.event WHERE kind = 'resolve'")"
test_expect_exit 65 "a resolved item is not resolved again" slds-ssid review resolve "$r2" same --reason x
test_grep "it says how it was" "review $r2 is already resolved \(different\)" "$TEST_TMP/err"
test_expect_exit 0 "review list --all" slds-ssid review list --all
test_grep "shows the resolved items" "^2 review items$" "$TEST_TMP/out"

test_expect_exit 75 "an unreachable database gives 75" slds-ssid --dbname "host=$TEST_TMP/nowhere" history "$a"
test_done
