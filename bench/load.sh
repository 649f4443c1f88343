#!/bin/bash
# load.sh: slds-load's throughput, against a throwaway PostgreSQL.
#
#	bench/load.sh [STUDENTS] [RUNS]      (default 672662 students, 3 runs)
#
# One school year of one LEA with every record type (slds-synth --years 1),
# and a copy of it under another folder name, are ingested, validated and
# matched once, into a database; then, RUNS times, in a fresh copy of that
# database (CREATE DATABASE ... TEMPLATE):
#   baseline  plain COPY of the same canonical rows (header line dropped)
#             into identical unindexed temporary tables of text columns, by
#             psql in one session;
#   staging   slds-load's COPY into its staging tables (the sum of its
#             "staged N rows in S s" lines under --verbose);
#   load      slds-load into the empty warehouse, whole (wall clock, peak
#             RSS by /usr/bin/time -v);
#   reload    a superseding submission (the same files under a new folder
#             name) loaded over it.
# Prints the median of each, and rows per second for the COPYs.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
students=${1:-672662}
runs=${2:-3}
tmp=$(mktemp -d /tmp/slds-bench.XXXXXX)
chmod 711 "$tmp"
trap '"$top/jobs/pgcluster" remove "$tmp/pg" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
PATH="$top/bin:$PATH"

"$top/jobs/pgcluster" start "$tmp/pg" --fast
eval "$("$top/jobs/pgcluster" env "$tmp/pg")"
slds-synth -q --students "$students" --leas 1 --years 1 --seed 1 --out "$tmp/state"
sub=$(ls -d "$tmp"/state/inbox/*/*)
lea=$(basename "$(dirname "$sub")")
again="$(dirname "$sub")/zz-again"
cp -r "$sub" "$again"

now() { date +%s.%N; }
declare -A times
declare -A rss
# Ingested, validated and matched once, into a database each run copies.
export PGDATABASE=prepared
psql -XAtq -d postgres -c "CREATE DATABASE prepared"
slds-batch -q migrate >/dev/null
w="$tmp/work"
slds-ingest -q "$sub" "$w/i" && slds-validate -q "$w/i" "$w/v" && slds-match -q "$w/v" "$w/m"
slds-ingest -q "$again" "$w/i2" && slds-validate -q "$w/i2" "$w/v2" && slds-match -q "$w/v2" "$w/m2"
rm -rf "$w/i" "$w/v" "$w/i2" "$w/v2"
rows=0
counts=""
for f in "$w"/m/*.copy; do
	[ "$(basename "$f")" = rejects.copy ] && continue
	n=$(($(wc -l < "$f") - 1))
	rows=$((rows + n))
	counts+="$(printf '  %-13s %10d' "$(basename "$f" .copy)" "$n")"$'\n'
done
echo "prepared at $(date -u +%H:%M:%S)" >&2
for run in $(seq 1 "$runs"); do
	echo "run $run at $(date -u +%H:%M:%S)" >&2
	psql -XAtq -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS bench" \
		-c "CREATE DATABASE bench TEMPLATE prepared"
	export PGDATABASE=bench

	# The baseline: the same rows, plain COPY into tables like the staging ones.
	script="$tmp/baseline.sql"
	: > "$script"
	for f in "$w"/m/*.copy; do
		[ "$(basename "$f")" = rejects.copy ] && continue
		name=$(basename "$f" .copy)
		cols=$(head -n 1 "$f" | cut -f2- | tr '\t' '\n' | awk '{ printf "%s\"%s\" text", (NR > 1 ? ", " : ""), $0 }')
		echo "CREATE TEMP TABLE base_$name ($cols);" >> "$script"
		echo "\\copy base_$name FROM PROGRAM 'tail -n +2 $f'" >> "$script"
	done
	t0=$(now); psql -XAtq -v ON_ERROR_STOP=1 -f "$script" >/dev/null; t1=$(now)
	times[baseline]+="$(echo "$t1 - $t0" | bc) "

	/usr/bin/time -v -o "$tmp/time$run" slds-load -v "$w/m" >/dev/null 2>"$tmp/log$run"
	times[load]+="$(sed -n 's/^\tElapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time$run" |
		awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }') "
	rss[load]+="$(sed -n 's/^\tMaximum resident set size (kbytes): //p' "$tmp/time$run") "
	times[staging]+="$(sed -n 's/.*: staged [0-9]* rows in \([0-9.]*\) s$/\1/p' "$tmp/log$run" |
		awk '{ s += $1 } END { print s }') "
	/usr/bin/time -v -o "$tmp/time2$run" slds-load -q "$w/m2"
	times[reload]+="$(sed -n 's/^\tElapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time2$run" |
		awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }') "
	rss[reload]+="$(sed -n 's/^\tMaximum resident set size (kbytes): //p' "$tmp/time2$run") "
	psql -XAtq -d bench -c "SELECT pg_size_pretty(pg_database_size('bench'))" > "$tmp/size"
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "state: $students students, 1 LEA, 1 year, $rows canonical rows; median of $runs runs; warehouse $(cat "$tmp/size")"
printf 'canonical rows per record type:\n%s' "$counts"
b=$(echo "${times[baseline]}" | median)
s=$(echo "${times[staging]}" | median)
printf '%-9s %8.2f s  %10.0f rows/s   (%s)\n' baseline "$b" "$(echo "$rows / $b" | bc -l)" "${times[baseline]}"
printf '%-9s %8.2f s  %10.0f rows/s   (%s) %.0f%% of the baseline\n' staging "$s" \
	"$(echo "$rows / $s" | bc -l)" "${times[staging]}" "$(echo "100 * $b / $s" | bc -l)"
for k in load reload; do
	printf '%-9s %8.2f s  peak RSS %6.1f MB   (%s)\n' "$k" "$(echo "${times[$k]}" | median)" \
		"$(echo "$(echo "${rss[$k]}" | tr ' ' '\n' | grep . | sort -n | tail -n 1) / 1024" | bc -l)" "${times[$k]}"
done
