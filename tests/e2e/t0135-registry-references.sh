#!/bin/bash
# End to end: an alias's and an observation's SSID must be an identity's
# (migration 019: checked per statement by the set, no longer by a foreign
# key per row).  Inserts, COPY and SSID-changing updates that name an SSID
# the registry does not hold fail with SQLSTATE 23503 and leave nothing;
# an identity is never deleted, renamed or truncated away; the SSID key
# never changes (migration 020).  A retired identity's survivor and an
# event's undone_by must exist too, and the event log is append-only
# (migration 021: checked by triggers only for the rows that have one).
. "$SLDS_TOP/tests/lib.sh"

pg_start_throwaway
test_expect_exit 0 "migrations apply" slds-batch migrate
sql "INSERT INTO registry.identity (ssid, serial) VALUES ('0000000001', 1), ('0000000002', 2)" >/dev/null
state() {
	sql "SELECT (SELECT count(*) FROM registry.alias) || '|' || (SELECT count(*) FROM registry.observation)
		|| '|' || (SELECT count(*) FROM registry.identity)"
}
psql_err() { psql -X -A -t -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose "$@"; }

test_ok "an alias of a known SSID is inserted" \
	sql "INSERT INTO registry.alias (lea_id, local_id, ssid) VALUES ('0101', 'A1', '0000000001')"
test_ok "and an observation" sql "INSERT INTO registry.observation (ssid, lea_id, local_id, submission_id)
	VALUES ('0000000001', '0101', 'A1', 7)"
before=$(state)

test_expect_exit 1 "an alias of an unknown SSID is refused" psql_err -c \
	"INSERT INTO registry.alias (lea_id, local_id, ssid) VALUES ('0101', 'A2', '0000000002'), ('0101', 'A3', '0000000009')"
test_grep "as a foreign key violation" "23503" "$TEST_TMP/err"
test_grep "naming the table" 'insert or update on table "alias" violates its reference to registry.identity' "$TEST_TMP/err"
test_grep "and the SSID" 'Key \(ssid\)=\(0000000009\) is not present in table "identity"' "$TEST_TMP/err"
test_expect_exit 1 "an observation of an unknown SSID is refused" psql_err -c \
	"INSERT INTO registry.observation (ssid, lea_id, local_id, submission_id) VALUES ('0000000009', '0101', 'A1', 8)"
test_grep "naming its table" 'table "observation" violates' "$TEST_TMP/err"
printf '0000000002\t0101\tA2\t8\n0000000008\t0101\tA3\t8\n' > "$TEST_TMP/obs.copy"
test_expect_exit 1 "so is one in a COPY" psql_err -c \
	"\\copy registry.observation (ssid, lea_id, local_id, submission_id) FROM '$TEST_TMP/obs.copy'"
test_grep "naming the SSID" '\(ssid\)=\(0000000008\)' "$TEST_TMP/err"
test_expect_exit 1 "an alias moved to an unknown SSID is refused" psql_err -c \
	"UPDATE registry.alias SET ssid = '0000000007' WHERE local_id = 'A1'"
test_grep "naming it" '\(ssid\)=\(0000000007\)' "$TEST_TMP/err"
test_expect_exit 1 "so is an observation" psql_err -c \
	"UPDATE registry.observation SET ssid = '0000000007' WHERE local_id = 'A1'"
test_eq "nothing refused was kept" "$before" "$(state)"
test_ok "an alias moved to a known SSID is" \
	sql "UPDATE registry.alias SET ssid = '0000000002' WHERE local_id = 'A1'"
test_ok "and any other update of either" sql "UPDATE registry.alias SET last_seen = 3;
	UPDATE registry.observation SET zip = '12345'"

test_expect_exit 1 "an identity is never deleted" psql_err -c \
	"DELETE FROM registry.identity WHERE ssid = '0000000001'"
test_grep "it says so" 'delete of registry.identity refused: an SSID is never deleted or renamed' "$TEST_TMP/err"
test_grep "and what to do instead" 'slds-ssid merge' "$TEST_TMP/err"
test_expect_exit 1 "not even one nothing refers to" psql_err -c \
	"INSERT INTO registry.identity (ssid, serial) VALUES ('0000000003', 3); DELETE FROM registry.identity WHERE ssid = '0000000003'"
test_expect_exit 1 "its SSID never changes" psql_err -c \
	"UPDATE registry.identity SET ssid = '0000000004' WHERE ssid = '0000000001'"
test_expect_exit 1 "the table is never truncated" psql_err -c "TRUNCATE registry.identity CASCADE"
test_eq "the identities are all there" "1|1|2" "$(state)"
test_ok "a merge still updates an identity" \
	sql "UPDATE registry.identity SET status = 'retired', merged_into = '0000000002' WHERE ssid = '0000000001'"
test_ok "and an identity inserted into a retired one goes to its survivor" \
	sql "INSERT INTO registry.identity (ssid, serial, status, merged_into) VALUES ('0000000005', 5, 'retired', '0000000001')"
test_eq "there" "0000000002" "$(sql "SELECT merged_into FROM registry.identity WHERE ssid = '0000000005'")"
test_expect_exit 1 "an identity merged into an unknown SSID is refused" psql_err -c \
	"INSERT INTO registry.identity (ssid, serial, status, merged_into) VALUES ('0000000006', 6, 'retired', '0000000009')"
test_grep "as a foreign key violation" "23503" "$TEST_TMP/err"
test_grep "naming the survivor" 'Key \(merged_into\)=\(0000000009\) is not present in table "identity"' "$TEST_TMP/err"
test_expect_exit 1 "so is a merge into one" psql_err -c \
	"UPDATE registry.identity SET status = 'retired', merged_into = '0000000008' WHERE ssid = '0000000002'"
test_grep "naming it" '\(merged_into\)=\(0000000008\)' "$TEST_TMP/err"
test_eq "and nothing of either was kept" "0000000002|active|" \
	"$(sql "SELECT ssid, status, coalesce(merged_into, '') FROM registry.identity WHERE ssid IN ('0000000002', '0000000006')")"

events() { sql "SELECT count(*) || '|' || count(undone_by) FROM registry.event"; }
test_ok "an event is logged" sql "INSERT INTO registry.event (kind, ssid, reason) VALUES ('merge', '0000000001', 'test'),
	('undo', '0000000001', 'test')"
first=$(sql "SELECT min(event_id) FROM registry.event")
test_expect_exit 1 "an event undone by an unknown event is refused" psql_err -c \
	"UPDATE registry.event SET undone_by = 999 WHERE event_id = $first"
test_grep "as a foreign key violation" "23503" "$TEST_TMP/err"
test_grep "naming the event" 'Key \(undone_by\)=\(999\) is not present in table "event"' "$TEST_TMP/err"
test_expect_exit 1 "so is one inserted undone" psql_err -c \
	"INSERT INTO registry.event (kind, ssid, reason, undone_by) VALUES ('merge', '0000000001', 'test', 998)"
test_eq "neither was kept" "2|0" "$(events)"
test_ok "an event undone by one that exists is" \
	sql "UPDATE registry.event SET undone_by = $((first + 1)) WHERE event_id = $first"
test_expect_exit 1 "but only once" psql_err -c \
	"UPDATE registry.event SET undone_by = $first WHERE event_id = $first"
test_grep "the log says why" 'update of registry.event refused: the event log is append-only' "$TEST_TMP/err"
test_expect_exit 1 "an event's reason is never changed" psql_err -c \
	"UPDATE registry.event SET reason = 'other' WHERE event_id = $((first + 1))"
test_expect_exit 1 "nor its evidence" psql_err -c \
	"UPDATE registry.event SET evidence = '{}' WHERE event_id = $((first + 1))"
test_expect_exit 1 "an event is never deleted" psql_err -c "DELETE FROM registry.event"
test_expect_exit 1 "the log never truncated" psql_err -c "TRUNCATE registry.event"
test_eq "the events are as they were" "2|1|test" \
	"$(sql "SELECT count(*) || '|' || count(undone_by) || '|' || string_agg(DISTINCT reason, ',') FROM registry.event")"

key=$(sql "SELECT key_hex FROM registry.ssid_key")
test_expect_exit 1 "the SSID key is never changed" psql_err -c \
	"UPDATE registry.ssid_key SET key_hex = '00000000000000000000000000000000'"
test_grep "it says so" 'update of registry.ssid_key refused: the SSID key never changes' "$TEST_TMP/err"
test_grep "and why" 'would mint SSIDs that collide' "$TEST_TMP/err"
test_expect_exit 1 "nor deleted" psql_err -c "DELETE FROM registry.ssid_key"
test_expect_exit 1 "nor truncated" psql_err -c "TRUNCATE registry.ssid_key"
test_eq "the key is the one migration made" "$key" "$(sql "SELECT key_hex FROM registry.ssid_key")"
test_done
