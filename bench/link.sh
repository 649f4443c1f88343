#!/bin/sh
# bench/link.sh: slds-link deduplicating a generated state of N students over
# two school years (default 100,000): records/s, scored pairs/s and peak RSS,
# median of 3 runs.  The machine is shared: figures vary run to run.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$top/bin/slds-synth" -q --students "$n" --leas 12 --years 2 --out "$tmp/state"
"$top/tools/synth-link-csv.sh" "$tmp/state" > "$tmp/students.csv"
for i in 1 2 3; do
	"$top/bin/slds-link" --model "$top/match/model.ini" --dedupe --id record_id \
		--group submission --truth person_id --twins "$tmp/state/truth/twins.csv" "$tmp/students.csv" > "$tmp/run$i"
done
grep -v '^blocking rule\|merged:' "$tmp/run1"
for what in 'records/s' 'pairs/s'; do
	printf 'median %s: ' "$what"
	grep -h '^speed' "$tmp"/run? | tr ' ' '\n' | grep -B1 "^$what" | grep -v "^$what\|^--" | sort -n | sed -n 2p
done
