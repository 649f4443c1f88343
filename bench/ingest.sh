#!/bin/bash
# ingest.sh: slds-ingest's CSV throughput against raw libcsv parsing of the
# same files, measured in the same run (issue 4's figures).
#
#	bench/ingest.sh [STUDENTS] [RUNS]     (default 2000000 students, 5 runs)
#
# One LEA's submission from slds-synth (students.csv and enrollments.csv);
# each run times csv_raw over both files, then slds-ingest --offline over
# the submission (reading, mapping, UTF-8 checks, escaping, SHA-256, writing
# and fsync'ing the canonical files).  Prints the medians, MB/s and the ratio.
# Peak RSS of slds-ingest is reported from /usr/bin/time.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
students=${1:-2000000}
runs=${2:-5}
tmp=$(mktemp -d /tmp/slds-bench-ingest.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

cc -O2 -o "$tmp/csv_raw" "$top/bench/csv_raw.c" -lcsv
"$top/bin/slds-synth" -q --students "$students" --leas 1 --seed 1 --out "$tmp/state"
sub=$(ls -d "$tmp"/state/inbox/*/*)
bytes=$(cat "$sub"/*.csv | wc -c)

raw=() ing=() rss=0
for _ in $(seq 1 "$runs"); do
	t=0
	for f in "$sub"/*.csv; do
		t=$(echo "$t + $("$tmp/csv_raw" "$f" | cut -d' ' -f3)" | bc -l)
	done
	raw+=("$t")
	rm -rf "$tmp/out"
	/usr/bin/time -f "%e %M" -o "$tmp/time" "$top/bin/slds-ingest" -q --offline "$sub" "$tmp/out"
	ing+=("$(cut -d' ' -f1 "$tmp/time")")
	r=$(cut -d' ' -f2 "$tmp/time")
	[ "$r" -gt "$rss" ] && rss=$r
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
mr=$(median "${raw[@]}")
mi=$(median "${ing[@]}")
echo "input: $students students, $bytes bytes of CSV; median of $runs runs"
echo "raw libcsv:  ${mr} s  $(echo "$bytes / $mr / 1000000" | bc -l | xargs printf '%.0f') MB/s   (runs: ${raw[*]})"
echo "slds-ingest: ${mi} s  $(echo "$bytes / $mi / 1000000" | bc -l | xargs printf '%.0f') MB/s   (runs: ${ing[*]})"
echo "ratio ingest/raw: $(echo "$mr / $mi * 100" | bc -l | xargs printf '%.0f')%   peak RSS of slds-ingest: $((rss / 1024)) MB"
