#!/bin/bash
# run.sh: the test driver behind "make check" and "make test-unit|stage|e2e".
#
#	tests/run.sh [unit] [stage] [e2e] [tests/SUITE/tNNNN-name.sh]...
#
# With no argument it runs the three suites, in that order.
#   unit   the Check binaries build/tests/unit/check_*: their summary line
#          "NN%: Checks: C, Failures: F, Errors: E" gives C-F-E passes and
#          F+E failures; a binary that crashes or prints no summary is one
#          failure.
#   stage, e2e
#          the scripts tests/stage/t*.sh and tests/e2e/t*.sh, in sorted order,
#          each run with bash from the top of the tree, with SLDS_TOP set and
#          bin/ first in PATH.  They print TAP lines through tests/lib.sh:
#          every "ok N" is a pass, every "not ok N" a failure; a script that
#          fails without a "not ok", or ends without test_done, is one more.
#
# Prints a line per binary or script, with its time, and the output around
# each failure.  The last line is always "tests: N passed, M failed"; the
# exit status is 0 only if M is 0 and N is not.
#
# SLDS_TEST_TIMEOUT (seconds, default 900) bounds each binary or script; one
# that runs longer is stopped (TERM, so its cluster is removed) and fails.
set -u

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
export SLDS_TOP="$top"
export PATH="$top/bin:$PATH"
limit=${SLDS_TEST_TIMEOUT:-900}

# Check's summary line must be printed; under the sanitizers tests are
# slower than Check's 4-second default per test allows.
case "${CK_VERBOSITY:-}" in
silent | "") export CK_VERBOSITY=normal ;;
esac
if [ -z "${CK_TIMEOUT_MULTIPLIER:-}" ] && grep -q -- -fsanitize "$top/build/CFLAGS" 2>/dev/null; then
	export CK_TIMEOUT_MULTIPLIER=10
fi

passed=0
failed=0
log=$(mktemp "${TMPDIR:-/tmp}/slds-run.XXXXXX") || exit 1
child=""

# A signal stops the file being run (its process group: timeout makes one),
# so its exit trap removes its cluster, then stops the run.
on_signal() {
	trap '' INT TERM HUP
	if [ -n "$child" ]; then
		kill -TERM -- "-$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null
		wait "$child" 2>/dev/null
	fi
	rm -f "$log"
	echo "tests: interrupted"
	echo "tests: $passed passed, $((failed + 1)) failed"
	exit "$1"
}
trap 'on_signal 129' HUP
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'rm -f "$log"' EXIT

if [ -n "${EPOCHREALTIME:-}" ]; then
	now() { echo "${EPOCHREALTIME/,/.}"; }
else
	now() { date +%s.%N; }
fi
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# run_file COMMAND...: run COMMAND from the top of the tree, output to $log,
# stdin empty, within the time limit; sets rc (124: timed out).  It runs in
# the background so that a signal reaches on_signal at once; "trap -" undoes
# bash's ignoring SIGINT in background commands, which the tests inherit.
run_file() {
	if command -v timeout >/dev/null 2>&1; then
		(trap - INT QUIT; cd "$top" && exec timeout -k 30 "$limit" "$@") >"$log" 2>&1 </dev/null &
	else
		(trap - INT QUIT; cd "$top" && exec "$@") >"$log" 2>&1 </dev/null &
	fi
	child=$!
	rc=0
	wait "$child" || rc=$?
	child=""
}

# status_text RC: "exit 1", or "killed by SIGSEGV" for a signal.
status_text() {
	if [ "$1" -gt 128 ] && [ "$1" -lt 160 ]; then
		echo "killed by SIG$(kill -l "$(($1 - 128))")"
	else
		echo "exit $1"
	fi
}

# show_failures: the output around each "not ok" line (the lines up to the
# next check), and "Bail out!" lines.
show_failures() {
	awk '
		/^(not )?ok [0-9]/ { inside = /^not ok/ ; n = 0 }
		/^Bail out!/ { print; next }
		inside && n++ < 25 { print }
	' "$log" | head -n 200 | sed 's/^/    /'
}

run_unit() {
	local t p f checks fails errs summaries why found=0 start
	for t in "$top"/build/tests/unit/check_*; do
		case "$t" in *.o | *.d) continue ;; esac
		if [ ! -f "$t" ] || [ ! -x "$t" ]; then
			continue
		fi
		found=1
		start=$(now)
		run_file "$t"
		p=0
		f=0
		summaries=0
		# Sum every summary line: a binary may run several suites.
		while read -r checks fails errs; do
			f=$((f + fails + errs))
			p=$((p + checks - fails - errs))
			summaries=$((summaries + 1))
		done < <(sed -nE 's/^[0-9]+%: Checks: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2 \3/p' "$log")
		why=""
		if [ "$summaries" = 0 ]; then
			f=$((f + 1))
			why="no Check summary line ($(status_text "$rc"))"
		elif [ "$rc" = 124 ]; then
			f=$((f + 1))
			why="timed out after $limit s"
		elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
			f=1
			why=$(status_text "$rc")
		fi
		passed=$((passed + p))
		failed=$((failed + f))
		echo "unit/$(basename "$t"): $p passed, $f failed ($(elapsed "$start") s)${why:+: $why}"
		if [ "$f" != 0 ]; then
			grep -vE '^(Running suite|[0-9]+%: Checks)' "$log" | head -n 60 | sed 's/^/    /'
		fi
	done
	[ "$found" = 1 ] || echo "unit: no test binaries (make builds them)"
}

# run_script SUITE FILE
run_script() {
	local suite=$1 t=$2 p f start why=""
	start=$(now)
	run_file bash "$t"
	p=$(grep -cE '^ok [0-9]+' "$log")
	f=$(grep -cE '^not ok [0-9]+' "$log")
	if [ "$rc" = 124 ]; then
		f=$((f + 1))
		why="timed out after $limit s"
	elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1
		why="$(status_text "$rc") without a failed check"
	elif [ "$rc" = 0 ] && ! grep -qE '^# [0-9]+ tests, [0-9]+ failed$' "$log"; then
		f=$((f + 1))
		why="ended without test_done"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	echo "$suite/$(basename "$t"): $p passed, $f failed ($(elapsed "$start") s)${why:+: $why}"
	if [ "$f" != 0 ]; then
		show_failures
		if [ -n "$why" ]; then
			echo "    (the end of its output:)"
			tail -n 15 "$log" | sed 's/^/    | /'
		fi
	fi
}

run_suite() {
	local suite=$1 t found=0
	for t in "$top/tests/$suite"/t*.sh; do
		[ -f "$t" ] || continue
		found=1
		run_script "$suite" "$t"
	done
	[ "$found" = 1 ] || echo "$suite: no test scripts"
}

args=("$@")
[ ${#args[@]} -ne 0 ] || args=(unit stage e2e)
for a in "${args[@]}"; do
	case "$a" in
	unit) run_unit ;;
	stage | e2e) run_suite "$a" ;;
	*.sh)
		# One script, named by its path from here or from the top.
		t=$a
		[ -f "$t" ] || t="$top/$a"
		[ -f "$t" ] || t="$top/tests/$a"
		if [ ! -f "$t" ]; then
			echo "run.sh: error: no test script \"$a\"" >&2
			exit 64
		fi
		t=$(cd "$(dirname "$t")" && pwd -P)/$(basename "$t")
		run_script "$(basename "$(dirname "$t")")" "$t"
		;;
	*)
		echo "run.sh: error: unknown suite \"$a\" (unit, stage, e2e or a script)" >&2
		exit 64
		;;
	esac
done

echo "tests: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
