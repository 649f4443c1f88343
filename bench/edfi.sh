#!/bin/bash
# edfi.sh: slds-ingest's Ed-Fi XML throughput, against libxml2's reader alone
# over the same files, measured in the same run.
#
#	bench/edfi.sh [STUDENTS] [RUNS]     (default 300000 students, 5 runs)
#
# One LEA's submission from slds-synth --format edfi (Student.xml and
# StudentEnrollment.xml, Data Standard 5.2); each run times xmllint --stream
# over both files (parsing only), then slds-ingest --offline over the
# submission (reading, joining demographics, mapping descriptors, SHA-256,
# writing and fsync'ing the canonical files).  Prints the medians and MB/s.
# Peak RSS of slds-ingest is reported from /usr/bin/time.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
students=${1:-300000}
runs=${2:-5}
tmp=$(mktemp -d /tmp/slds-bench-edfi.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

"$top/bin/slds-synth" -q --students "$students" --leas 1 --seed 1 --format edfi --out "$tmp/state"
sub=$(ls -d "$tmp"/state/inbox/*/*)
bytes=$(cat "$sub"/*.xml | wc -c)

raw=() ing=() rss=0
for _ in $(seq 1 "$runs"); do
	/usr/bin/time -f "%e" -o "$tmp/rtime" xmllint --stream --noout "$sub"/*.xml
	raw+=("$(cat "$tmp/rtime")")
	rm -rf "$tmp/out"
	/usr/bin/time -f "%e %M" -o "$tmp/time" "$top/bin/slds-ingest" -q --offline \
		--edfi-map "$top/tools/synth-edfi-descriptors.csv" "$sub" "$tmp/out"
	ing+=("$(cut -d' ' -f1 "$tmp/time")")
	r=$(cut -d' ' -f2 "$tmp/time")
	[ "$r" -gt "$rss" ] && rss=$r
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
mr=$(median "${raw[@]}")
mi=$(median "${ing[@]}")
echo "input: $students students, $bytes bytes of Ed-Fi XML; median of $runs runs"
echo "xmllint --stream: ${mr} s  $(echo "$bytes / $mr / 1000000" | bc -l | xargs printf '%.0f') MB/s   (runs: ${raw[*]})"
echo "slds-ingest:      ${mi} s  $(echo "$bytes / $mi / 1000000" | bc -l | xargs printf '%.0f') MB/s   (runs: ${ing[*]})"
echo "records: $(($(cat "$tmp"/out/*.copy | wc -l) - 14))   peak RSS of slds-ingest: $((rss / 1024)) MB"
