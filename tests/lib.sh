# lib.sh: helpers for stage and end-to-end test scripts, sourced by each:
#
#	. "$SLDS_TOP/tests/lib.sh"
#	test_expect_exit 0 "a good file is read" slds-ingest --offline in out
#	test_grep "the warning names the column" 'column 8' "$TEST_TMP/err"
#	test_done
#
# Each check prints "ok N - description" or "not ok N - description" (TAP);
# tests/run.sh counts them.  TEST_TMP is a fresh folder per script, removed
# when the script exits unless SLDS_KEEP_TMP=1.  pg_start_throwaway starts a
# PostgreSQL cluster that is removed when the script exits, however it exits.

: "${SLDS_TOP:?SLDS_TOP must name the top of the source tree}"
PATH="$SLDS_TOP/bin:$PATH"
export PATH
LC_ALL=C.UTF-8
export LC_ALL

test_count=0
test_failed=0
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/slds-test.XXXXXX")
export TEST_TMP
test_pg_dir=""

test_cleanup() {
	if [ -n "$test_pg_dir" ]; then
		"$SLDS_TOP/jobs/pgcluster" remove "$test_pg_dir" >/dev/null 2>&1 || true
		test_pg_dir=""
	fi
	if [ "${SLDS_KEEP_TMP:-0}" = 1 ]; then
		echo "# kept $TEST_TMP"
	else
		rm -rf "$TEST_TMP"
	fi
}
trap test_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

test_result() {
	test_count=$((test_count + 1))
	if [ "$1" = 0 ]; then
		echo "ok $test_count - $2"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $2"
	fi
}

# test_ok DESCRIPTION COMMAND...: the command succeeds.
test_ok() {
	local desc=$1
	shift
	"$@" >"$TEST_TMP/ok.out" 2>&1
	local rc=$?
	test_result $rc "$desc"
	[ $rc = 0 ] || sed 's/^/#   /' "$TEST_TMP/ok.out" | head -n 20
	return 0
}

# test_expect_exit CODE DESCRIPTION COMMAND...: the command exits with CODE;
# its stdout and stderr are kept in $TEST_TMP/out and $TEST_TMP/err.
test_expect_exit() {
	local want=$1 desc=$2
	shift 2
	"$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err" </dev/null
	local rc=$?
	if [ "$rc" = "$want" ]; then
		test_result 0 "$desc"
	else
		test_result 1 "$desc"
		echo "#   expected exit $want, got $rc: $*"
		sed 's/^/#   stderr: /' "$TEST_TMP/err" | head -n 20
	fi
	return 0
}

# test_cmp DESCRIPTION EXPECTED ACTUAL: the two files are identical.
test_cmp() {
	if diff -u "$2" "$3" >"$TEST_TMP/diff" 2>&1; then
		test_result 0 "$1"
	else
		test_result 1 "$1"
		sed 's/^/#   /' "$TEST_TMP/diff" | head -n 40
	fi
	return 0
}

# test_grep DESCRIPTION PATTERN FILE: a line of FILE matches PATTERN (grep -E).
test_grep() {
	if grep -qE -- "$2" "$3" 2>/dev/null; then
		test_result 0 "$1"
	else
		test_result 1 "$1"
		echo "#   no line matches: $2"
		sed 's/^/#   /' "$3" 2>/dev/null | head -n 20
	fi
	return 0
}

# test_eq DESCRIPTION EXPECTED ACTUAL
test_eq() {
	if [ "$2" = "$3" ]; then
		test_result 0 "$1"
	else
		test_result 1 "$1"
		echo "#   expected: $2"
		echo "#   actual:   $3"
	fi
	return 0
}

# test_done: the summary line; the script fails if any check failed.
test_done() {
	echo "# $test_count tests, $test_failed failed"
	[ "$test_failed" = 0 ]
	exit $?
}

# pg_start_throwaway: a private cluster for this script, removed at exit.
pg_start_throwaway() {
	test_pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/slds-pg.XXXXXX")
	chmod 711 "$test_pg_dir"
	if ! "$SLDS_TOP/jobs/pgcluster" start "$test_pg_dir/pg" --fast; then
		echo "Bail out! could not start a throwaway PostgreSQL"
		exit 1
	fi
	eval "$("$SLDS_TOP/jobs/pgcluster" env "$test_pg_dir/pg")"
	local pgdir=$test_pg_dir
	test_pg_dir="$pgdir/pg"
	# The folder that holds the cluster goes too.
	trap 'test_cleanup; rm -rf "'"$pgdir"'"' EXIT
}

# sql QUERY: run a query, print the result unaligned.
sql() {
	psql -XAtq -v ON_ERROR_STOP=1 -c "$1"
}
