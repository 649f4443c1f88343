#!/bin/bash
# End to end: a load cut short leaves the warehouse exactly as before, and
# the rerun gives the warehouse an uninterrupted load gives.  The loader is
# killed with SIGKILL at several points, and the server is shut down
# immediately in the middle of a load; after each, every table's checksum is
# the one before the load.  The reference is a copy of the database made
# before the load (CREATE DATABASE ... TEMPLATE), loaded without a fault.
. "$SLDS_TOP/tests/lib.sh"

pg_start_throwaway
test_expect_exit 0 "migrations apply" slds-batch migrate
state="$TEST_TMP/state"
test_expect_exit 0 "a state of two years" \
	slds-synth -q --students 12000 --leas 1 --years 2 --seed 8 --out "$state"
mkdir -p "$TEST_TMP/y1"
cp -r "$state/inbox" "$TEST_TMP/y1/"
rm -rf "$TEST_TMP"/y1/inbox/*/2027-*
test_expect_exit 0 "the first year is loaded" slds-batch run --inbox "$TEST_TMP/y1/inbox" \
	--work-dir "$TEST_TMP/y1/work" --outbox "$TEST_TMP/y1/outbox"
sub=$(ls -d "$state"/inbox/*/2027-*)
w="$TEST_TMP/w"
test_expect_exit 0 "the second year is ingested, validated and matched" sh -c \
	"slds-ingest -q '$sub' '$w/i' && slds-validate -q '$w/i' '$w/v' && slds-match -q '$w/v' '$w/m'"

# Every warehouse table, and the submissions' states, as one checksum.
checksum() {
	local t out=""
	for t in $(psql -X -A -t -q -d "$1" -c "SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'warehouse' AND table_type = 'BASE TABLE' ORDER BY 1" </dev/null); do
		out="$out $t=$(psql -X -A -t -q -d "$1" -c "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))
			FROM warehouse.$t t" </dev/null)"
	done
	out="$out ops=$(psql -X -A -t -q -d "$1" -c "SELECT md5(string_agg(submission_key || status, '|' ORDER BY 1))
		FROM ops.submission" </dev/null)"
	echo "$out"
}
before=$(checksum slds)
test_ok "the reference database is a copy of the state before the load" \
	sql "CREATE DATABASE reference TEMPLATE slds"

# SIGKILL of the loader at several points of its work.
for t in 0.05 0.2 0.4 0.8; do
	slds-load -q "$w/m" >/dev/null 2>&1 &
	pid=$!
	sleep "$t"
	kill -9 "$pid" 2>/dev/null
	rc=0
	wait "$pid" || rc=$?
	# A kill just after COMMIT was sent lets the server finish: that is a load.
	if [ "$rc" = 0 ] || [ "$(sql "SELECT count(*) FROM ops.submission WHERE status = 'loaded'
			AND submission_key LIKE '%/2027-%'")" = 1 ]; then
		test_ok "the load finished before the kill after $t s (no crash to check)" true
		break
	fi
	test_eq "killed after $t s: the warehouse is exactly as before" "$before" "$(checksum slds)"
done

# An immediate shutdown of the server in the middle of a load.
bindir=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | tail -n 1)
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(checksum slds)" = "$before" ]; then
	slds-load -q "$w/m" >/dev/null 2>"$TEST_TMP/crash.err" &
	pid=$!
	sleep 0.3
	as_server "$bindir/pg_ctl" -D "$test_pg_dir/data" -m immediate -w stop >/dev/null 2>&1
	rc=0
	wait "$pid" || rc=$?
	# 75 is the promise to the scheduler: safe to run again.
	test_ok "the load in flight fails as temporary (or had finished)" test "$rc" = 75 -o "$rc" = 0
	[ "$rc" = 75 ] || [ "$rc" = 0 ] || test_show stderr "$TEST_TMP/crash.err"
	test_ok "the server starts again" "$SLDS_TOP/jobs/pgcluster" start "$test_pg_dir" --fast
	[ "$rc" = 0 ] || test_eq "after the crash the warehouse is exactly as before" "$before" "$(checksum slds)"
fi

test_expect_exit 0 "the load is run again to the end" slds-load "$w/m"
test_expect_exit 0 "the reference loads without a fault" env PGDATABASE=reference slds-load "$w/m"
test_eq "the rerun's warehouse is the uninterrupted load's" "$(checksum reference)" "$(checksum slds)"
test_ok "the load changed the warehouse" test "$(checksum slds)" != "$before"
test_eq "no staging table is left behind" 0 \
	"$(sql "SELECT count(*) FROM pg_class WHERE relname LIKE 'stage_%'")"
test_done
