#!/bin/bash
# ingest_big.sh: slds-ingest on one CSV file of about 2 GB, for issue 4's
# "peak RSS under 64 MB for a 2 GB CSV file" and its throughput at that size.
#
#	bench/ingest_big.sh [GB]     (default 2)
#
# The file is a synthetic LEA's students.csv (1M students) repeated until it
# reaches GB gigabytes; local IDs repeat, which ingest does not check.  Needs
# about 3.5 times GB of free disk in /tmp (the file and the canonical output).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
gb=${1:-2}
tmp=$(mktemp -d /tmp/slds-bench-big.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

"$top/bin/slds-synth" -q --students 1000000 --leas 1 --seed 1 --out "$tmp/state"
src=$(ls -d "$tmp"/state/inbox/*/*)
sub="$tmp/inbox/0101/big"
mkdir -p "$sub"
printf 'lea = 0101\nschool_year = 2027\ncollection = daily\n[file students.csv]\nrecord = student\nformat = csv\n' > "$sub/manifest.ini"
head -n 1 "$src/students.csv" > "$sub/students.csv"
tail -n +2 "$src/students.csv" > "$tmp/body"
target=$((gb * 1000000000))
while [ "$(stat -c %s "$sub/students.csv")" -lt "$target" ]; do
	cat "$tmp/body" >> "$sub/students.csv"
done
rm -f "$tmp/body"
rm -rf "$tmp/state"
bytes=$(stat -c %s "$sub/students.csv")
/usr/bin/time -f "%e %M" -o "$tmp/time" "$top/bin/slds-ingest" -q --offline "$sub" "$tmp/out"
read -r secs rss < "$tmp/time"
echo "input: one students.csv of $bytes bytes ($(($(wc -l < "$sub/students.csv") - 1)) rows)"
echo "slds-ingest: ${secs} s  $(echo "$bytes / $secs / 1000000" | bc -l | xargs printf '%.0f') MB/s   peak RSS $((rss / 1024)) MB"
