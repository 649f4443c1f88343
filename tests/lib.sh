# shellcheck shell=bash
# lib.sh: helpers for the stage and end-to-end test scripts (bash), which
# tests/run.sh runs with SLDS_TOP set to the top of the source tree:
#
#	. "$SLDS_TOP/tests/lib.sh"
#	test_expect_exit 0 "a good file is read" slds-ingest in out
#	test_grep "the warning names the column" 'column 8' "$TEST_TMP/err"
#	test_done
#
# Each check prints "ok N - description" or "not ok N - description" (TAP),
# with "#" lines explaining a failure; tests/run.sh counts them.  test_done
# prints "# N tests, M failed" and ends the script, failing if any check did.
#
# TEST_TMP is a fresh directory per script, removed when the script exits,
# however it exits, unless SLDS_KEEP_TMP=1.  pg_start_throwaway starts a
# private PostgreSQL for the script and points libpq's PG* variables at it;
# it is removed when the script exits, before TEST_TMP, even when the script
# fails or is interrupted.  So scripts must not set their own EXIT, HUP, INT
# or TERM traps.  The helpers work whether or not the script uses "set -e".

: "${SLDS_TOP:?SLDS_TOP must name the top of the source tree (tests/run.sh sets it)}"
PATH="$SLDS_TOP/bin:$PATH"
export PATH
LC_ALL=C.UTF-8
export LC_ALL

test_count=0
test_failed=0
test_pg_dir=""     # the throwaway cluster, if started
test_pg_parent=""  # the directory made to hold it, when not TEST_TMP

if ! TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/slds-test.XXXXXX"); then
	echo "Bail out! could not create a temporary directory under \"${TMPDIR:-/tmp}\""
	exit 1
fi
# Physical, so that it reads the same as the paths pgcluster prints.
TEST_TMP=$(cd "$TEST_TMP" && pwd -P)
export TEST_TMP

# test_cleanup: the exit trap.  The cluster goes first (its server must not
# outlive the script), then TEST_TMP.  With SLDS_KEEP_TMP=1 the cluster is
# stopped but kept, with its server.log, for a look afterwards.
test_cleanup() {
	# A second Ctrl-C must not cut the cleanup short.
	trap '' HUP INT TERM
	if [ -n "$test_pg_dir" ]; then
		if [ "${SLDS_KEEP_TMP:-0}" = 1 ]; then
			"$SLDS_TOP/jobs/pgcluster" stop "$test_pg_dir" >/dev/null 2>&1 ||
				echo "# could not stop the throwaway cluster in $test_pg_dir"
			echo "# kept the throwaway cluster (stopped) in $test_pg_dir"
		elif ! "$SLDS_TOP/jobs/pgcluster" remove "$test_pg_dir" >"$TEST_TMP/pgcluster.remove" 2>&1; then
			# We made the directory: stop the server, then delete it anyway.
			sed 's/^/# /' "$TEST_TMP/pgcluster.remove"
			"$SLDS_TOP/jobs/pgcluster" stop "$test_pg_dir" >/dev/null 2>&1 ||
				echo "# could not stop the throwaway cluster in $test_pg_dir"
			rm -rf "$test_pg_dir"
		fi
		test_pg_dir=""
	fi
	if [ "${SLDS_KEEP_TMP:-0}" = 1 ]; then
		echo "# kept $TEST_TMP"
	else
		rm -rf "$TEST_TMP"
		[ -z "$test_pg_parent" ] || rm -rf "$test_pg_parent"
	fi
}

# test_set_traps: exit on a signal, which runs the exit trap.
test_set_traps() {
	trap test_cleanup EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
}
test_set_traps

# test_result STATUS DESCRIPTION: record one check (STATUS 0 is a pass).
test_result() {
	test_count=$((test_count + 1))
	if [ "$1" = 0 ]; then
		echo "ok $test_count - $2"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $2"
	fi
}

# test_show LABEL FILE: the head of FILE as "#" lines, for a failure.
test_show() {
	if [ -s "$2" ]; then
		head -n 20 "$2" | sed "s/^/#   $1: /"
	fi
}

# test_ok DESCRIPTION COMMAND...: COMMAND succeeds.  Its output (both
# streams) is kept in $TEST_TMP/ok.out and shown on failure.
test_ok() {
	local desc=$1 rc=0
	shift
	"$@" >"$TEST_TMP/ok.out" 2>&1 </dev/null || rc=$?
	test_result "$rc" "$desc"
	if [ "$rc" != 0 ]; then
		echo "#   exit $rc: $*"
		test_show output "$TEST_TMP/ok.out"
	fi
	return 0
}

# test_expect_exit CODE DESCRIPTION COMMAND...: COMMAND exits with CODE.
# Its stdout and stderr are kept in $TEST_TMP/out and $TEST_TMP/err, for
# the checks that follow; stdin is empty.
test_expect_exit() {
	local want=$1 desc=$2 rc=0
	shift 2
	"$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err" </dev/null || rc=$?
	if [ "$rc" = "$want" ]; then
		test_result 0 "$desc"
	else
		test_result 1 "$desc"
		echo "#   expected exit $want, got $rc: $*"
		test_show stderr "$TEST_TMP/err"
		test_show stdout "$TEST_TMP/out"
	fi
	return 0
}

# test_cmp DESCRIPTION EXPECTED_FILE ACTUAL_FILE: the files are identical;
# a unified diff is shown when they are not.
test_cmp() {
	if diff -u "$2" "$3" >"$TEST_TMP/cmp.diff" 2>&1; then
		test_result 0 "$1"
	else
		test_result 1 "$1"
		head -n 40 "$TEST_TMP/cmp.diff" | sed 's/^/#   /'
	fi
	return 0
}

# test_grep DESCRIPTION PATTERN FILE: a line of FILE matches PATTERN, an
# extended regular expression (grep -E).
test_grep() {
	if grep -qE -- "$2" "$3" 2>/dev/null; then
		test_result 0 "$1"
	else
		test_result 1 "$1"
		if [ -e "$3" ]; then
			echo "#   no line of $3 matches: $2"
			test_show "$(basename -- "$3")" "$3"
		else
			echo "#   no file $3"
		fi
	fi
	return 0
}

# test_eq DESCRIPTION EXPECTED ACTUAL: the two strings are equal.
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

# test_done: print "# N tests, M failed" and end the script: exit 1 if a
# check failed, or if none ran (a script that checks nothing is a defect).
test_done() {
	echo "# $test_count tests, $test_failed failed"
	if [ "$test_count" = 0 ]; then
		echo "Bail out! no test ran"
		exit 1
	fi
	if [ "$test_failed" != 0 ]; then
		exit 1
	fi
	exit 0
}

# pg_start_throwaway: start a private PostgreSQL cluster for this script,
# export PGHOST, PGPORT, PGUSER and PGDATABASE for it (database "slds",
# superuser "slds"), and have it removed when the script exits.  Call it
# from the script itself, not from a subshell or $(...).  Bails out if the
# server does not start.
pg_start_throwaway() {
	local dir out
	if [ -n "$test_pg_dir" ]; then
		echo "Bail out! pg_start_throwaway was called twice"
		exit 1
	fi
	# The cluster lives in TEST_TMP, unless the socket path would be too
	# long or, as root, the "postgres" user that runs the server could not
	# get in: then in a short directory of its own under /tmp.
	dir="$TEST_TMP/pg"
	if [ "$(id -u)" = 0 ]; then
		chmod 711 "$TEST_TMP"
		if ! (cd / && runuser -u postgres -- test -x "$TEST_TMP") 2>/dev/null; then
			dir=""
		fi
	fi
	if [ -n "$dir" ] && [ "$(printf '%s' "$dir/.s.PGSQL.5432" | wc -c)" -ge 108 ]; then
		dir=""
	fi
	if [ -z "$dir" ]; then
		if ! test_pg_parent=$(mktemp -d /tmp/slds-pg.XXXXXX); then
			echo "Bail out! could not create a directory for the throwaway cluster under /tmp"
			exit 1
		fi
		chmod 711 "$test_pg_parent"
		dir="$test_pg_parent/pg"
	fi

	# Set before starting: an interrupted start is cleaned up too.
	test_set_traps
	test_pg_dir=$dir
	if ! "$SLDS_TOP/jobs/pgcluster" start "$dir" --fast >"$TEST_TMP/pgcluster.start" 2>&1 </dev/null; then
		echo "Bail out! could not start a throwaway PostgreSQL in $dir"
		sed 's/^/# /' "$TEST_TMP/pgcluster.start"
		exit 1
	fi
	if ! out=$("$SLDS_TOP/jobs/pgcluster" env "$dir"); then
		echo "Bail out! could not get the connection settings of the throwaway PostgreSQL"
		exit 1
	fi
	# Nothing from the caller's environment may redirect libpq elsewhere.
	unset PGHOSTADDR PGSERVICE PGSERVICEFILE PGOPTIONS PGPASSWORD PGPASSFILE \
		PGSSLMODE PGREQUIRESSL PGGSSENCMODE PGTARGETSESSIONATTRS
	eval "$out"
}

# sql QUERY: run QUERY with psql against the current PG* settings and print
# the result unaligned, without headers.  On an SQL error psql prints it on
# stderr and sql fails (status 1).
sql() {
	psql -X -A -t -q -v ON_ERROR_STOP=1 -c "$1" </dev/null
}
