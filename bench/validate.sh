#!/bin/bash
# validate.sh: slds-validate's throughput with the whole rules file (issue 5).
#
#	bench/validate.sh [STUDENTS] [RUNS]     (default 300000 students, 5 runs)
#
# One LEA's submission from slds-synth (every record type), ingested once;
# each run times slds-validate over it.  Prints the median elapsed and user
# time and records per second of each (the issue's target is per core: the
# user time's figure).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
students=${1:-300000}
runs=${2:-5}
tmp=$(mktemp -d /tmp/slds-bench-validate.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

"$top/bin/slds-synth" -q --students "$students" --leas 1 --seed 1 --out "$tmp/state"
# The first submission (a glob, not ls | head: under pipefail, head's early
# exit can fail the line with ls's SIGPIPE, as it did in match_scale.sh).
subs=("$tmp"/state/inbox/*/*)
sub=${subs[0]}
"$top/bin/slds-ingest" -q --offline "$sub" "$tmp/in"
records=$(cat "$tmp"/in/*.copy | grep -vc '^#slds')
records=$((records - $(($(wc -l < "$tmp/in/rejects.copy") - 1))))

wall=() user=()
for _ in $(seq 1 "$runs"); do
	rm -rf "$tmp/out"
	/usr/bin/time -f "%e %U" -o "$tmp/time" "$top/bin/slds-validate" -q "$tmp/in" "$tmp/out"
	wall+=("$(cut -d' ' -f1 "$tmp/time")")
	user+=("$(cut -d' ' -f2 "$tmp/time")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
mw=$(median "${wall[@]}")
mu=$(median "${user[@]}")
echo "input: $students students, $records records of every type; median of $runs runs"
echo "elapsed: ${mw} s  $(echo "$records / $mw" | bc -l | xargs printf '%.0f') records/s   (runs: ${wall[*]})"
echo "user:    ${mu} s  $(echo "$records / $mu" | bc -l | xargs printf '%.0f') records/s of CPU   (runs: ${user[*]})"
