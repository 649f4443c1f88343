#!/bin/bash
# run.sh: the test driver behind "make check".
#
#	tests/run.sh [unit] [stage] [e2e]     (all three when none is named)
#
# Unit tests are the Check binaries build/tests/unit/check_*; stage and e2e
# tests are the scripts tests/stage/t*.sh and tests/e2e/t*.sh, which print
# TAP lines.  Prints a line per file and, last, "tests: N passed, M failed".
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
export SLDS_TOP="$top"
export PATH="$top/bin:$PATH"
suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(unit stage e2e)

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

run_unit() {
	local t out p f start
	local found=0
	for t in "$top"/build/tests/unit/check_*; do
		case "$t" in *.o | *.d) continue ;; esac
		[ -x "$t" ] || continue
		found=1
		start=$(now)
		(cd "$top" && "$t") >"$log" 2>&1
		local rc=$?
		out=$(grep -E '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$log" | tail -n 1)
		if [ -n "$out" ]; then
			local checks fails errs
			checks=$(echo "$out" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
			fails=$(echo "$out" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
			errs=$(echo "$out" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
			f=$((fails + errs))
			p=$((checks - f))
			[ $rc -ne 0 ] && [ $f -eq 0 ] && f=1
		else
			p=0
			f=1
		fi
		passed=$((passed + p))
		failed=$((failed + f))
		echo "unit/$(basename "$t"): $p passed, $f failed ($(elapsed "$start") s)"
		[ $f -ne 0 ] && grep -vE '^(Running suite|[0-9]+%: Checks)' "$log" | head -n 40 | sed 's/^/    /'
	done
	[ $found = 1 ] || echo "unit: no test binaries (run make first)"
}

run_scripts() {
	local suite=$1 t p f start rc
	for t in "$top"/tests/"$suite"/t*.sh; do
		[ -f "$t" ] || continue
		start=$(now)
		(cd "$top" && bash "$t") >"$log" 2>&1
		rc=$?
		p=$(grep -cE '^ok [0-9]+' "$log")
		f=$(grep -cE '^not ok [0-9]+' "$log")
		[ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
		passed=$((passed + p))
		failed=$((failed + f))
		echo "$suite/$(basename "$t"): $p passed, $f failed ($(elapsed "$start") s)"
		if [ "$f" -ne 0 ]; then
			grep -E -A8 '^not ok|^Bail out' "$log" | head -n 60 | sed 's/^/    /'
			[ $rc -ne 0 ] && tail -n 5 "$log" | sed 's/^/    | /'
		fi
	done
}

for s in "${suites[@]}"; do
	case "$s" in
	unit) run_unit ;;
	stage | e2e) run_scripts "$s" ;;
	*) echo "run.sh: error: unknown suite \"$s\"" >&2; exit 64 ;;
	esac
done

echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
