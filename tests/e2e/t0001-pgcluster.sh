#!/bin/bash
# The PostgreSQL harness itself: jobs/pgcluster (a private cluster reachable
# only through a Unix socket in its directory; every command, its messages
# and exit codes) and tests/lib.sh's pg_start_throwaway, whose cluster must
# be gone when a script ends, whether it passes, fails or is interrupted.
# shellcheck disable=SC2016 # the child scripts are in single quotes
# shellcheck source=tests/lib.sh
. "$SLDS_TOP/tests/lib.sh"

pgc="$SLDS_TOP/jobs/pgcluster"
is_root=0
[ "$(id -u)" != 0 ] || is_root=1

# As root the server runs as "postgres", which must get through TEST_TMP.
[ "$is_root" = 0 ] || chmod 711 "$TEST_TMP"

# procs_using DIR: the processes whose command line names DIR or whose
# current directory is in DIR (a server's backends: their command line is
# only "postgres: ...", their directory is the data directory).
procs_using() {
	local p cwd
	for p in /proc/[0-9]*; do
		cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
		case "$cwd" in
		"$1" | "$1"/* | "$1 (deleted)" | "$1"/*" (deleted)")
			echo "${p#/proc/}"
			continue
			;;
		esac
		if tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF -- "$1/"; then
			echo "${p#/proc/}"
		fi
	done
}

# q DIR SQL: a query through the connection string "pgcluster url" prints.
q() {
	psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$("$pgc" url "$1")" -c "$2" </dev/null
}

# ---- usage ----------------------------------------------------------------

test_expect_exit 64 "no arguments is a usage error (64)" "$pgc"
test_grep "it says what is missing" '^pgcluster: error: no command given$' "$TEST_TMP/err"
test_grep "it points to --help" '^Try "pgcluster --help" for more information\.$' "$TEST_TMP/err"
test_expect_exit 64 "an unknown command is a usage error" "$pgc" frobnicate "$TEST_TMP/x"
test_grep "it names the command" '^pgcluster: error: unrecognized command "frobnicate"$' "$TEST_TMP/err"
test_expect_exit 64 "a missing directory is a usage error" "$pgc" start
test_expect_exit 64 "an unknown option is a usage error" "$pgc" start "$TEST_TMP/x" --slow
test_grep "it names the option" '^pgcluster: error: unrecognized option "--slow"$' "$TEST_TMP/err"
test_expect_exit 0 "--help exits 0" "$pgc" --help
test_grep "--help shows the usage" '^  pgcluster COMMAND DIR \[--fast\]$' "$TEST_TMP/out"
test_expect_exit 3 "status of a cluster that does not exist is 3" "$pgc" status "$TEST_TMP/none"
test_expect_exit 0 "removing a cluster that does not exist does nothing" "$pgc" remove "$TEST_TMP/none"

# ---- refusals ---------------------------------------------------------------

long="$TEST_TMP/$(printf 'd%.0s' $(seq 1 90))/pg"
test_expect_exit 1 "a directory too long for a Unix socket path is refused" "$pgc" start "$long" --fast
test_grep "the message says it is too long" \
	'^pgcluster: error: cluster directory ".*/pg" is too long for a Unix socket path$' "$TEST_TMP/err"
test_grep "the hint gives the limit and a way out" '^pgcluster: hint: .* must be under 108\. +Choose a shorter directory' "$TEST_TMP/err"
test_ok "nothing was created" test ! -e "$(dirname "$long")"
test_expect_exit 1 "a directory whose name would break the configuration is refused" \
	"$pgc" start "$TEST_TMP/it's"
test_grep "the message names the directory" "^pgcluster: error: cluster directory \".*/it's\" contains a character" "$TEST_TMP/err"
test_expect_exit 1 "missing server programs are reported" env SLDS_PG_BINDIR="$TEST_TMP/nobin" "$pgc" start "$TEST_TMP/x"
test_grep "the message says where it looked" "does not hold initdb, pg_ctl and postgres" "$TEST_TMP/err"
test_ok "nothing was created" test ! -e "$TEST_TMP/x"
mkdir "$TEST_TMP/notacluster"
echo precious >"$TEST_TMP/notacluster/file"
test_expect_exit 1 "remove refuses a directory that is not a cluster" "$pgc" remove "$TEST_TMP/notacluster"
test_grep "it says what is in the way" '^pgcluster: error: refusing to remove ".*/notacluster": it holds "file"' "$TEST_TMP/err"
test_ok "the directory is untouched" test -f "$TEST_TMP/notacluster/file"
if [ "$is_root" = 1 ]; then
	mkdir -m 700 "$TEST_TMP/closed"
	test_expect_exit 1 "as root, a directory the postgres user cannot reach is refused" \
		"$pgc" start "$TEST_TMP/closed/sub/pg" --fast
	test_grep "the message names the directory that is closed" \
		"^pgcluster: error: the \"postgres\" user cannot reach cluster directory \".*\": it may not enter \"$TEST_TMP/closed\"\$" "$TEST_TMP/err"
	test_grep "the hint says how to fix it" '^pgcluster: hint: .*under /tmp.*chmod o\+x' "$TEST_TMP/err"
fi

# ---- a cluster, command by command -------------------------------------------

dir="$TEST_TMP/c"
test_expect_exit 0 "init creates a cluster" "$pgc" init "$dir" --fast
test_ok "it has a data directory" test -f "$dir/data/PG_VERSION"
test_eq "the cluster directory is private" 700 "$(stat -c %a "$dir")"
[ "$is_root" = 0 ] ||
	test_eq "as root, the cluster directory belongs to postgres" postgres "$(stat -c %U "$dir")"
test_grep "the server listens on no TCP address" "^listen_addresses = ''\$" "$dir/data/postgresql.conf"
test_expect_exit 3 "after init the server is not running (status 3)" "$pgc" status "$dir"
test_expect_exit 0 "init again does nothing" "$pgc" init "$dir" --fast

test_expect_exit 0 "start starts the server" "$pgc" start "$dir"
test_expect_exit 0 "status says it is running (0)" "$pgc" status "$dir"
test_ok "the socket is in the cluster directory" test -S "$dir/.s.PGSQL.5432"
test_eq "only the owner may use the socket" 700 "$(stat -c %a "$dir/.s.PGSQL.5432")"
test_eq "the server answers through the socket" 1 "$(q "$dir" 'SELECT 1')"
test_eq "the database slds exists and the url names it" slds "$(q "$dir" 'SELECT current_database()')"
test_eq "the user is the superuser slds" "slds true" "$(q "$dir" "SELECT rolname || ' ' || rolsuper FROM pg_roles WHERE rolname = current_user")"
test_eq "no TCP address is listened on" "" "$(q "$dir" 'SHOW listen_addresses')"
test_eq "the socket directory is the cluster directory" "$dir" "$(q "$dir" 'SHOW unix_socket_directories')"
test_eq "the database is UTF-8" UTF8 "$(q "$dir" 'SHOW server_encoding')"
test_eq "--fast turns fsync off" "off off off" \
	"$(q "$dir" "SELECT current_setting('fsync') || ' ' || current_setting('synchronous_commit') || ' ' || current_setting('full_page_writes')")"
test_ok "the server logs to server.log" test -s "$dir/server.log"
pid=$(head -n 1 "$dir/data/postmaster.pid")
if [ "$is_root" = 1 ]; then
	test_eq "as root, the server runs as postgres" postgres "$(ps -o user= -p "$pid")"
fi
if command -v ss >/dev/null 2>&1; then
	test_eq "the server has no listening TCP socket" "" \
		"$(ss -H -l -t -n -p 2>/dev/null | grep -E "pid=${pid}[,)]")"
fi

test_expect_exit 0 "env prints export lines" "$pgc" env "$dir"
test_cmp "for PGHOST, PGPORT, PGUSER and PGDATABASE" \
	<(printf 'export PGHOST=%s\nexport PGPORT=5432\nexport PGUSER=slds\nexport PGDATABASE=slds\n' "$dir") "$TEST_TMP/out"
test_eq "they reach the server" slds \
	"$(eval "$(cat "$TEST_TMP/out")" && psql -XAtq -c 'SELECT current_user' </dev/null)"
test_expect_exit 0 "url prints a connection string" "$pgc" url "$dir"
test_eq "in libpq's conninfo form" "host=$dir port=5432 user=slds dbname=slds" "$(cat "$TEST_TMP/out")"
test_expect_exit 0 "a relative directory is made absolute" \
	sh -c 'cd "$1" && "$2" url c' sh "$TEST_TMP" "$pgc"
test_eq "the same connection string" "host=$dir port=5432 user=slds dbname=slds" "$(cat "$TEST_TMP/out")"

test_expect_exit 0 "start again succeeds" "$pgc" start "$dir"
test_eq "and leaves the running server alone" "$pid" "$(head -n 1 "$dir/data/postmaster.pid")"
q "$dir" 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)'

test_expect_exit 0 "stop stops the server" "$pgc" stop "$dir"
test_expect_exit 3 "status then says it is not running (3)" "$pgc" status "$dir"
test_ok "the socket is gone" test ! -e "$dir/.s.PGSQL.5432"
test_eq "no process is left" "" "$(procs_using "$dir")"
test_expect_exit 0 "stop again does nothing" "$pgc" stop "$dir"
test_expect_exit 0 "start restarts the server" "$pgc" start "$dir"
test_eq "the data survived" 42 "$(q "$dir" 'SELECT n FROM kept')"

test_expect_exit 0 "remove stops and deletes the cluster" "$pgc" remove "$dir"
test_ok "the directory is gone" test ! -e "$dir"
test_eq "no process is left" "" "$(procs_using "$dir")"
test_expect_exit 3 "status then says it is not running" "$pgc" status "$dir"

# ---- pg_start_throwaway ------------------------------------------------------

pg_start_throwaway
test_eq "pg_start_throwaway gives a server through PGHOST" 1 "$(sql 'SELECT 1')"
test_eq "connected to database slds" slds "$(sql 'SELECT current_database()')"
test_eq "PGHOST is its socket directory" "$PGHOST" "$(sql 'SHOW unix_socket_directories')"
test_ok "its cluster is in TEST_TMP" test -d "$TEST_TMP/pg/data"
test_eq "sql prints unaligned rows without headers" "1|a
2|b" "$(sql "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v")"
test_expect_exit 1 "sql fails on an SQL error" sql 'SELECT * FROM no_such_table'
test_grep "psql's message is on stderr" 'relation "no_such_table" does not exist' "$TEST_TMP/err"

# Child scripts that start a throwaway cluster and end in various ways.
# child NAME BODY: a script that sources lib.sh, starts a cluster, prints
# where it is, then runs BODY.
child() {
	{
		echo '. "$SLDS_TOP/tests/lib.sh"'
		echo 'pg_start_throwaway'
		echo 'echo "PGHOST=$PGHOST"'
		echo 'echo "TEST_TMP=$TEST_TMP"'
		printf '%s\n' "$2"
	} >"$TEST_TMP/$1.sh"
}
# var NAME: the value the last child printed for NAME.
var() {
	sed -n "s/^$1=//p" "$TEST_TMP/out"
}
# gone_after DESCRIPTION: the last child's cluster and TEST_TMP are gone.
gone_after() {
	local host tmp
	host=$(var PGHOST)
	tmp=$(var TEST_TMP)
	test_ok "a child $1 had a cluster" test -n "$host"
	test_eq "no process uses its cluster after it $1" "" "$(procs_using "${host:-/nonexistent}")"
	test_ok "its cluster directory is gone after it $1" test ! -e "${host:-/nonexistent}"
	test_ok "its TEST_TMP is gone after it $1" test ! -e "${tmp:-/nonexistent}"
}

child fails 'test "$(sql "SELECT 1")" = 1 && echo reached
exit 1'
test_expect_exit 1 "a child script that fails midway exits 1" bash "$TEST_TMP/fails.sh"
test_grep "it reached its server first" '^reached$' "$TEST_TMP/out"
gone_after fails

child passes 'test_eq "a check" 1 "$(sql "SELECT 1")"
test_done'
test_expect_exit 0 "a child script that passes exits 0" bash "$TEST_TMP/passes.sh"
gone_after passes

child errexit 'set -e
sql "SELECT broken"
echo "not reached"'
test_expect_exit 1 "a child script under set -e stops at an SQL error" bash "$TEST_TMP/errexit.sh"
test_ok "it stopped there" test -z "$(grep '^not reached$' "$TEST_TMP/out")"
gone_after "stops at an error"

# Interrupted: a child waiting on a long command, killed by a signal.  As a
# background command it would ignore SIGINT; "trap -" undoes that.
for sig in INT TERM; do
	child "$sig" 'sleep 120 &
echo "sleep=$!"
wait'
	(trap - INT; exec bash "$TEST_TMP/$sig.sh") >"$TEST_TMP/out" 2>&1 &
	pid=$!
	for _ in $(seq 1 900); do	# 90 s: initdb is slow on a loaded machine
		! grep -q '^sleep=' "$TEST_TMP/out" || break
		sleep 0.1
	done
	sleep_pid=$(var sleep)
	kill "-$sig" "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ -z "$sleep_pid" ] || kill "$sleep_pid" 2>/dev/null
	case "$sig" in INT) want=130 ;; TERM) want=143 ;; esac
	test_eq "a child script killed by SIG$sig exits $want" "$want" "$rc"
	gone_after "is killed by SIG$sig"
done

# A cluster that does not start: the script bails out, cleaned up.
child nobin 'echo "not reached"'
test_expect_exit 1 "a child script whose server does not start exits 1" \
	env SLDS_PG_BINDIR="$TEST_TMP/nobin" bash "$TEST_TMP/nobin.sh"
test_grep "it bails out" '^Bail out! could not start a throwaway PostgreSQL' "$TEST_TMP/out"
test_grep "with pgcluster's message" '^# pgcluster: error: ' "$TEST_TMP/out"
test_ok "and stops there" test -z "$(grep '^not reached$' "$TEST_TMP/out")"

# A TMPDIR too long for a socket path: the cluster goes under /tmp.
deep="$TEST_TMP/$(printf 't%.0s' $(seq 1 80))"
mkdir "$deep"
[ "$is_root" = 0 ] || chmod 711 "$deep"
child deep 'exit 0'
test_expect_exit 0 "a child script with a long TMPDIR gets a cluster" env TMPDIR="$deep" bash "$TEST_TMP/deep.sh"
case "$(var PGHOST)" in
/tmp/slds-pg.*/pg) test_result 0 "its cluster is in a short directory under /tmp" ;;
*) test_result 1 "its cluster is in a short directory under /tmp (PGHOST=$(var PGHOST))" ;;
esac
gone_after "has a long TMPDIR"
test_ok "the short directory is gone too" test ! -e "$(dirname "$(var PGHOST)")"

if [ "$is_root" = 1 ]; then
	child closed 'exit 0'
	test_expect_exit 0 "as root, a child script whose TMPDIR postgres cannot enter gets a cluster" \
		env TMPDIR="$TEST_TMP/closed" bash "$TEST_TMP/closed.sh"
	case "$(var PGHOST)" in
	/tmp/slds-pg.*/pg) test_result 0 "its cluster is in a directory under /tmp" ;;
	*) test_result 1 "its cluster is in a directory under /tmp (PGHOST=$(var PGHOST))" ;;
	esac
	gone_after "has a closed TMPDIR"
fi

# SLDS_KEEP_TMP=1 keeps the cluster, stopped, for a look at server.log.
child keep 'exit 1'
test_expect_exit 1 "a failing child script with SLDS_KEEP_TMP=1 exits 1" env SLDS_KEEP_TMP=1 bash "$TEST_TMP/keep.sh"
kept=$(var PGHOST)
kept_tmp=$(var TEST_TMP)
test_ok "its cluster is kept" test -f "$kept/server.log"
test_expect_exit 3 "but stopped" "$pgc" status "$kept"
test_eq "no process uses it" "" "$(procs_using "${kept:-/nonexistent}")"
test_expect_exit 0 "pgcluster removes it" "$pgc" remove "$kept"
test_ok "its TEST_TMP is kept" test -d "$kept_tmp"
case "$kept_tmp" in /*/slds-test.*) rm -rf "$kept_tmp" ;; esac

test_done
