#!/bin/bash
# validate_level2.sh: what the Level 2 rules cost slds-validate, against a
# loaded warehouse in a throwaway PostgreSQL (issue 5).
#
#	bench/validate_level2.sh [STUDENTS] [RUNS]   (default 100000 students, 5 runs)
#
# A state of STUDENTS students in 4 LEAs from slds-synth is loaded by
# slds-batch run (student and enrollment rows: about 2 per student).  The
# largest LEA's submission then gets, in its students' SSID column, the SSID
# the registry gave each of them (so that every Level 2 rule has keys to
# look up), is ingested once, and slds-validate runs RUNS times over it
# without and with --dbname, alternating.  Prints the medians: elapsed and
# user time of each, and the elapsed time Level 2 adds (its queries run in
# the server, so the user time does not show them).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
students=${1:-100000}
runs=${2:-5}
tmp=$(mktemp -d /tmp/slds-bench-l2.XXXXXX)
chmod 711 "$tmp"
trap '"$top/jobs/pgcluster" remove "$tmp/pg" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
PATH="$top/bin:$PATH"

"$top/jobs/pgcluster" start "$tmp/pg" --fast >/dev/null
eval "$("$top/jobs/pgcluster" env "$tmp/pg")"
slds-batch -q migrate
slds-synth -q --students "$students" --leas 4 --seed 1 --out "$tmp/state"
slds-batch -q run --inbox "$tmp/state/inbox" --work-dir "$tmp/work" --outbox "$tmp/outbox"
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 -c "$1"; }
lea=$(q "SELECT lea_id FROM warehouse.student GROUP BY lea_id ORDER BY count(*) DESC LIMIT 1")
echo "warehouse: $(q 'SELECT count(*) FROM warehouse.student') student rows, $(q 'SELECT count(*) FROM warehouse.enrollment') enrollment rows, $(q 'SELECT count(*) FROM registry.identity') SSIDs"

sub=$(ls -d "$tmp/state/inbox/$lea"/*)
cp -r "$sub" "$tmp/sub"
q "COPY (SELECT local_id, ssid FROM registry.alias WHERE lea_id = '$lea') TO STDOUT" > "$tmp/ssids"
awk -F, -v OFS=, 'NR == FNR { split($0, p, "\t"); ssid[p[1]] = p[2]; next }
	FNR > 1 && ($2 in ssid) { $3 = ssid[$2] } { print }' "$tmp/ssids" "$sub/students.csv" > "$tmp/sub/students.csv"
slds-ingest -q --offline "$tmp/sub" "$tmp/in"
records=$(cat "$tmp"/in/*.copy | grep -vc '^#slds')
records=$((records - $(($(wc -l < "$tmp/in/rejects.copy") - 1))))

declare -a w1 u1 w2 u2
for _ in $(seq 1 "$runs"); do
	rm -rf "$tmp/out"
	/usr/bin/time -f "%e %U" -o "$tmp/time" slds-validate -q "$tmp/in" "$tmp/out"
	w1+=("$(cut -d' ' -f1 "$tmp/time")") u1+=("$(cut -d' ' -f2 "$tmp/time")")
	rm -rf "$tmp/out"
	/usr/bin/time -f "%e %U" -o "$tmp/time" slds-validate -q --dbname "" "$tmp/in" "$tmp/out"
	w2+=("$(cut -d' ' -f1 "$tmp/time")") u2+=("$(cut -d' ' -f2 "$tmp/time")")
done
flagged=$(($(wc -l < "$tmp/out/rejects.copy") - 1))
rm -rf "$tmp/out"
slds-validate -v --dbname "" "$tmp/in" "$tmp/out" 2>&1 | grep 'level 2 rule' | sed 's/^/one more run: /' 
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
rate() { echo "$records / $1" | bc -l | xargs printf '%.0f'; }
echo "input: LEA $lea, $records records of every type; median of $runs runs; $flagged rows in rejects.copy with Level 2"
echo "Level 1 only:   elapsed $(median "${w1[@]}") s ($(rate "$(median "${w1[@]}")") records/s), user $(median "${u1[@]}") s   (runs: ${w1[*]} / ${u1[*]})"
echo "with --dbname:  elapsed $(median "${w2[@]}") s ($(rate "$(median "${w2[@]}")") records/s), user $(median "${u2[@]}") s   (runs: ${w2[*]} / ${u2[*]})"
echo "Level 2 adds:   $(echo "$(median "${w2[@]}") - $(median "${w1[@]}")" | bc -l | xargs printf '%.2f') s elapsed"
