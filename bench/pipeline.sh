#!/bin/bash
# pipeline.sh: time each stage of the batch on a generated state, against a
# throwaway PostgreSQL, and report the median of several runs.
#
#	bench/pipeline.sh [STUDENTS] [RUNS]      (default 100000 students, 3 runs)
#
# Each run starts from an empty registry and warehouse (a fresh database), so
# match mints every SSID and load inserts every row.  Prints one line per
# stage: median seconds and records per second.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
students=${1:-100000}
runs=${2:-3}
tmp=$(mktemp -d /tmp/slds-bench.XXXXXX)
chmod 711 "$tmp"
trap '"$top/jobs/pgcluster" remove "$tmp/pg" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
PATH="$top/bin:$PATH"

"$top/jobs/pgcluster" start "$tmp/pg" --fast
eval "$("$top/jobs/pgcluster" env "$tmp/pg")"
slds-synth -q --students "$students" --leas 1 --seed 1 --out "$tmp/state"
sub=$(ls -d "$tmp"/state/inbox/*/*)
bytes=$(cat "$sub"/*.csv | wc -c)
records=$(($(cat "$sub"/*.csv | wc -l) - 2))

now() { date +%s.%N; }
declare -A times
for run in $(seq 1 "$runs"); do
	psql -XAtq -d postgres -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench"
	export PGDATABASE=bench
	slds-batch -q migrate >/dev/null
	w="$tmp/work$run"
	t0=$(now); slds-ingest -q "$sub" "$w/i"
	t1=$(now); slds-validate -q "$w/i" "$w/v"
	t2=$(now); slds-match -q "$w/v" "$w/m"
	t3=$(now); slds-load -q "$w/m"
	t4=$(now)
	times[ingest]+="$(echo "$t1 - $t0" | bc) "
	times[validate]+="$(echo "$t2 - $t1" | bc) "
	times[match]+="$(echo "$t3 - $t2" | bc) "
	times[load]+="$(echo "$t4 - $t3" | bc) "
	rm -rf "$w"
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "state: $students students, 1 LEA, $records records, $bytes bytes of CSV; median of $runs runs"
for stage in ingest validate match load; do
	m=$(echo "${times[$stage]}" | median)
	printf '%-9s %7.3f s  %10.0f records/s\n' "$stage" "$m" "$(echo "$records / $m" | bc -l)"
done
