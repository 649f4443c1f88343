#!/bin/bash
# The test helpers of tests/lib.sh, tested on themselves: each check passes
# when it should and, run on purpose in a child script or a subshell, fails
# when it should; test_done's status; TEST_TMP is fresh and removed however
# a script ends.  (The throwaway PostgreSQL is tested in e2e/t0001.)
# shellcheck disable=SC2016 # the child scripts are in single quotes
# shellcheck source=tests/lib.sh
. "$SLDS_TOP/tests/lib.sh"

# child NAME BODY: a script that sources lib.sh and runs BODY.
child() {
	{
		echo '. "$SLDS_TOP/tests/lib.sh"'
		printf '%s\n' "$2"
	} >"$TEST_TMP/$1.sh"
}

# Passing checks.
test_expect_exit 0 "test_expect_exit sees exit 0" true
test_expect_exit 3 "test_expect_exit sees exit 3" sh -c 'exit 3'
test_expect_exit 2 "test_expect_exit keeps both streams" sh -c 'echo to-out; echo to-err >&2; exit 2'
test_eq "stdout is saved in \$TEST_TMP/out" to-out "$(cat "$TEST_TMP/out")"
test_eq "stderr is saved in \$TEST_TMP/err" to-err "$(cat "$TEST_TMP/err")"
test_expect_exit 0 "the command's stdin is empty" sh -c 'test "$(cat)" = ""'
test_ok "test_ok passes a command that succeeds" test -d "$TEST_TMP"
printf 'a\nb\n' >"$TEST_TMP/ab1"
printf 'a\nb\n' >"$TEST_TMP/ab2"
test_cmp "test_cmp passes identical files" "$TEST_TMP/ab1" "$TEST_TMP/ab2"
test_grep "test_grep takes an extended regular expression" '^(x|b)$' "$TEST_TMP/ab1"
test_eq "test_eq passes equal strings" "a b" "a b"

# Failing checks, each in a subshell so that its failure is not this
# script's: the line says "not ok", the explanation follows as "#" lines.
printf 'a\nc\n' >"$TEST_TMP/ac"
(test_cmp "different files" "$TEST_TMP/ab1" "$TEST_TMP/ac") >"$TEST_TMP/sub" 2>&1
test_grep "test_cmp fails on different files" '^not ok [0-9]+ - different files$' "$TEST_TMP/sub"
test_grep "test_cmp shows the diff" '^#   \+c$' "$TEST_TMP/sub"
(test_cmp "a missing file" "$TEST_TMP/ab1" "$TEST_TMP/no-such-file") >"$TEST_TMP/sub" 2>&1
test_grep "test_cmp fails on a missing file" '^not ok [0-9]+ - a missing file$' "$TEST_TMP/sub"
(test_expect_exit 0 "wrong code" sh -c 'echo why >&2; exit 5') >"$TEST_TMP/sub" 2>&1
test_grep "test_expect_exit fails on another code" '^not ok [0-9]+ - wrong code$' "$TEST_TMP/sub"
test_grep "test_expect_exit says what it got" '^#   expected exit 0, got 5: ' "$TEST_TMP/sub"
test_grep "test_expect_exit shows stderr" '^#   stderr: why$' "$TEST_TMP/sub"
(test_expect_exit 1 "exit 0 is not exit 1" true) >"$TEST_TMP/sub" 2>&1
test_grep "test_expect_exit fails when a failure was expected" '^not ok [0-9]+ - exit 0 is not exit 1$' "$TEST_TMP/sub"
(test_ok "failing command" sh -c 'echo shown; exit 1') >"$TEST_TMP/sub" 2>&1
test_grep "test_ok fails on a failing command" '^not ok [0-9]+ - failing command$' "$TEST_TMP/sub"
test_grep "test_ok shows its output" '^#   output: shown$' "$TEST_TMP/sub"
(test_grep "no match" '^z$' "$TEST_TMP/ab1") >"$TEST_TMP/sub" 2>&1
test_grep "test_grep fails when no line matches" '^not ok [0-9]+ - no match$' "$TEST_TMP/sub"
(test_grep "no file" 'a' "$TEST_TMP/no-such-file") >"$TEST_TMP/sub" 2>&1
test_grep "test_grep fails on a missing file" '^not ok [0-9]+ - no file$' "$TEST_TMP/sub"
(test_eq "unequal" 1 2) >"$TEST_TMP/sub" 2>&1
test_grep "test_eq fails on unequal strings" '^not ok [0-9]+ - unequal$' "$TEST_TMP/sub"
test_grep "test_eq shows both values" '^#   actual:   2$' "$TEST_TMP/sub"
test_ok "a subshell's exit leaves TEST_TMP in place" test -d "$TEST_TMP"

# test_done and the counter, in child scripts.
child pass 'test_eq one 1 1
test_ok two true
test_done'
test_expect_exit 0 "a script whose checks pass exits 0" bash "$TEST_TMP/pass.sh"
test_cmp "it numbers its checks and counts them" <(printf 'ok 1 - one\nok 2 - two\n# 2 tests, 0 failed\n') "$TEST_TMP/out"

child fail 'test_eq one 1 2
test_ok two true
test_done'
test_expect_exit 1 "a script with a failed check exits 1" bash "$TEST_TMP/fail.sh"
test_grep "its summary counts the failure" '^# 2 tests, 1 failed$' "$TEST_TMP/out"
test_grep "a failure does not stop the checks that follow" '^ok 2 - two$' "$TEST_TMP/out"

child none 'test_done'
test_expect_exit 1 "a script that checks nothing fails" bash "$TEST_TMP/none.sh"
test_grep "it says why" '^Bail out! no test ran$' "$TEST_TMP/out"

child errexit 'set -e
test_expect_exit 0 "wrong" false
test_ok "also wrong" false
test_eq still 1 1
test_done'
test_expect_exit 1 "under set -e a failed check does not end the script" bash "$TEST_TMP/errexit.sh"
test_grep "the checks after it run" '^ok 3 - still$' "$TEST_TMP/out"

# TEST_TMP: fresh, private, removed at exit, kept with SLDS_KEEP_TMP=1.
child tmp 'echo "tmp=$TEST_TMP"
test -z "$(ls -A "$TEST_TMP")" && echo empty
stat -c "mode=%a" "$TEST_TMP"
exit "${CHILD_EXIT:-0}"'
tmp_of() { sed -n 's/^tmp=//p' "$TEST_TMP/out"; }
test_expect_exit 0 "a child script runs" bash "$TEST_TMP/tmp.sh"
child_tmp=$(tmp_of)
test_grep "its TEST_TMP starts empty" '^empty$' "$TEST_TMP/out"
test_grep "its TEST_TMP is private" '^mode=700$' "$TEST_TMP/out"
test_ok "its TEST_TMP is another directory than ours" test "$child_tmp" != "$TEST_TMP"
test_ok "its TEST_TMP is removed when it ends" test ! -e "$child_tmp"
test_expect_exit 7 "a child script fails" env CHILD_EXIT=7 bash "$TEST_TMP/tmp.sh"
child_tmp=$(tmp_of)
test_ok "its TEST_TMP is removed when it fails" test ! -e "$child_tmp"
test_expect_exit 0 "a child script runs with SLDS_KEEP_TMP=1" env SLDS_KEEP_TMP=1 bash "$TEST_TMP/tmp.sh"
child_tmp=$(tmp_of)
test_ok "its TEST_TMP is kept" test -d "$child_tmp"
test_grep "it says where" "^# kept $child_tmp\$" "$TEST_TMP/out"
case "$child_tmp" in /*/slds-test.*) rm -rf "$child_tmp" ;; esac

child slow 'echo "tmp=$TEST_TMP"
sleep 30 &
echo "sleep=$!"
wait'
# As a background command it would ignore SIGINT; "trap -" undoes that.
(trap - INT; exec bash "$TEST_TMP/slow.sh") >"$TEST_TMP/out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
	! grep -q '^sleep=' "$TEST_TMP/out" || break
	sleep 0.1
done
child_tmp=$(tmp_of)
sleep_pid=$(sed -n 's/^sleep=//p' "$TEST_TMP/out")
test_ok "a slow child script has its TEST_TMP" test -d "$child_tmp"
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
test_eq "an interrupt (SIGINT) ends it with status 130" 130 "$rc"
test_ok "its TEST_TMP is removed when it is interrupted" test ! -e "$child_tmp"
[ -z "$sleep_pid" ] || kill "$sleep_pid" 2>/dev/null

test_done
