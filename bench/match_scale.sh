#!/bin/bash
# match_scale.sh: the identity engine at statewide scale (issue 6): a batch
# of BATCH incoming student records against a registry of REGISTRY
# identities, paired as slds-match pairs them (slds-link --kind match: the
# batch against the registry and against itself), and the time slds-match
# adds to read that registry from PostgreSQL.
#
#	bench/match_scale.sh [REGISTRY] [BATCH] [RUNS]   (default 6000000 1000000 3)
#
# The data: slds-synth, two school years, REGISTRY plus a twentieth (or
# enough for the batch) students, 1,200 LEAs.  The registry is one record
# per person of the first year (persons 1 to REGISTRY, each as the first LEA
# reporting them saw them), named by an SSID-like ID.  The batch is drawn
# (a fixed shuffle) from the second year's records that slds-match would
# have to match, those that no known (LEA, local ID) decides: a person of
# the registry reported by an LEA that did not report them the year before
# (a transfer, with that LEA's own noise), or a person the registry does
# not hold (a new student, perhaps at two LEAs).  Kept in a cache folder
# (SLDS_BENCH_CACHE, default /tmp/slds-bench-cache: about 2.7 GB for the
# default sizes, and 10 GB while slds-synth writes) and reused.
#
# Per run: wall time and peak RSS (/usr/bin/time), candidate pairs and
# pairs per batch record, pairs scored (graded and weighed) per second (one
# thread: per core); then the medians; then one more run with the truth:
# precision and recall.  Then, in a
# throwaway PostgreSQL (jobs/pgcluster --fast), the registry's rows as
# registry.identity and registry.observation, and RUNS times the seconds of
# registry_load()'s query (match/registry.c) copied to /dev/null by psql.
# The machine is shared: figures move from run to run.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
registry=${1:-6000000}
batch=${2:-1000000}
runs=${3:-3}
cache=${SLDS_BENCH_CACHE:-/tmp/slds-bench-cache}
PATH="$top/bin:$PATH"

extra=$((registry / 20))
[ $((batch - registry / 8)) -gt "$extra" ] && extra=$((batch - registry / 8))
students=$((registry + extra))
state=$cache/state-$students
data=$cache/scale-$registry-$batch
mkdir -p "$cache"
tmp=$(mktemp -d /tmp/slds-bench.XXXXXX)
chmod 711 "$tmp"
trap '"$top/jobs/pgcluster" remove "$tmp/pg" >/dev/null 2>&1 || true; rm -rf "$tmp" "$state.tmp" "$data.tmp"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The generated state: students.csv and the truth only.
if [ ! -d "$state" ]; then
	rm -rf "$state.tmp"
	echo "generating $students students, 2 school years (once, into $state)"
	slds-synth -q --students "$students" --leas 1200 --years 2 --seed 1 --out "$state.tmp"
	find "$state.tmp/inbox" -type f ! -name students.csv -delete
	find "$state.tmp/truth" -type f ! -name persons.csv ! -name twins.csv -delete
	mv "$state.tmp" "$state"
fi

# registry.csv, batch.csv (slds-link), identity.copy, observation.copy (COPY).
if [ ! -d "$data" ]; then
	rm -rf "$data.tmp"
	mkdir "$data.tmp"
	header='LEA ID,Local Student ID,SSID,First Name,Middle Name,Last Name,Suffix,Birth Date,Sex,Race Ethnicity,Birth State,Birth Country,ZIP,School Year'
	if [ "$(head -qn1 "$state"/inbox/*/*/students.csv | sort -u)" != "$header" ]; then
		echo "match_scale.sh: students.csv has another header than \"$header\"" >&2
		exit 65
	fi
	# awk, not head: head leaves sort writing to a closed pipe (pipefail).
	first_year=$(ls "$state/inbox/"*/ | grep -- -daily- | sort | awk 'NR == 1 { print substr($0, 1, 4) }')
	# The truth rows of students.csv, in order, beside the rows they describe.
	grep -F ',students.csv,' "$state/truth/persons.csv" > "$tmp/truth"
	cut -d, -f1,2 "$tmp/truth" | uniq | tr , / > "$tmp/files"
	paste -d, "$tmp/truth" <(while read -r f; do tail -n +2 "$state/inbox/$f/students.csv"; done < "$tmp/files") |
	awk -F, -v reg="$registry" -v y1="$first_year" -v out="$data.tmp" '
	function valid_date(d,   y, m, dd, mdays) {
		if (d !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/) return 0
		y = substr(d, 1, 4) + 0; m = substr(d, 6, 2) + 0; dd = substr(d, 9, 2) + 0
		mdays = m == 2 ? (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ? 29 : 28) : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31
		return m >= 1 && m <= 12 && dd >= 1 && dd <= mdays
	}
	function nul(v) { return v == "" ? "\\N" : v }
	BEGIN {
		OFS = ","
		print "record_id,submission,lea_id,local_id,first_name,middle_name,last_name,birth_date,sex,birthplace,zip,person_id" > (out "/registry.csv")
	}
	/"/ { print "match_scale.sh: quoted field in the students of " $1 "/" $2 > "/dev/stderr"; exit 65 }
	{
		if ($1 != $8) { print "match_scale.sh: truth and students.csv out of step at " $1 "/" $2 " line " $4 > "/dev/stderr"; exit 70 }
		p = substr($6, 2) + 0
		place = $18 != "" ? ($19 != "" ? $19 : "US") "-" $18 : $19
		zip = substr($20, 1, 5)
		fields = $11 "," $12 "," $13 "," $15 "," $16 "," place "," zip "," $6
		if (substr($2, 1, 4) == y1) {
			leas[p] = leas[p] "/" $1 "/"
			if (p > reg || seen[p]++)
				next
			ssid = sprintf("%010.0f", (p * 104729) % 9999999967)
			print ssid, "", $1, $9, fields > (out "/registry.csv")
			print ssid "\t" p > (out "/identity.copy")
			print ssid "\t" $1 "\t" $9 "\t1\t" nul($11) "\t" nul($12) "\t" nul($13) "\t" (valid_date($15) ? $15 : "\\N") "\t" nul($16) "\t" nul(place) "\t" nul(zip) > (out "/observation.copy")
		} else if (p > reg || index(leas[p], "/" $1 "/") == 0) {
			print $1 "/" $2 "/" $4, $1 "/" $2, $1, $9, fields, (p > reg ? "new" : "transfer")
		}
	}' > "$tmp/undecided"
	have=$(wc -l < "$tmp/undecided")
	if [ "$have" -lt "$batch" ]; then
		echo "match_scale.sh: only $have records to draw a batch of $batch from" >&2
		exit 1
	fi
	awk '{ printf "%.0f\t%d\t%s\n", (NR * 2654435761) % 4294967296, NR, $0 }' "$tmp/undecided" |
		sort -n -k1,1 | awk -v n="$batch" 'NR <= n' | sort -n -k2,2 | cut -f3- > "$tmp/selected"
	{
		head -n1 "$data.tmp/registry.csv"
		sed 's/,[a-z]*$//' "$tmp/selected"
	} > "$data.tmp/batch.csv"
	awk -F, '{ n[$NF]++ } END { printf "%d transfers, %d new\n", n["transfer"], n["new"] }' \
		"$tmp/selected" > "$data.tmp/composition"
	cp "$state/truth/twins.csv" "$data.tmp/twins.csv"
	mv "$data.tmp" "$data"
fi

reg_rows=$(($(wc -l < "$data/registry.csv") - 1))
batch_rows=$(($(wc -l < "$data/batch.csv") - 1))
echo "registry $reg_rows identities, batch $batch_rows records: $(cat "$data/composition") ($data)"
# Timed runs as slds-match would run: no truth to read.  Then one run with
# the truth, for precision and recall (its evaluation adds some seconds).
link=(slds-link --model "$top/match/model.ini" --kind match --id record_id --group submission)
files=("$data/registry.csv" "$data/batch.csv")
for run in $(seq 1 "$runs"); do
	/usr/bin/time -o "$tmp/time$run" -f '%e %M' "${link[@]}" "${files[@]}" > "$tmp/run$run"
	read -r wall kb < "$tmp/time$run"
	pairs=$(sed -n 's/^candidate pairs \([0-9]*\),.*/\1/p' "$tmp/run$run")
	pps=$(sed -n 's/.* \([0-9]*\) pairs\/s scored.*/\1/p' "$tmp/run$run")
	echo "run $run: ${wall} s, peak RSS $((kb / 1024)) MB, $pairs candidate pairs," \
		"$(awk -v p="$pairs" -v b="$batch_rows" 'BEGIN { printf "%.2f", p / b }') per batch record, $pps pairs/s scored"
	grep '^time' "$tmp/run$run"
	echo "$wall" >> "$tmp/walls"
	echo "$((kb / 1024))" >> "$tmp/rss"
	echo "$pps" >> "$tmp/pps"
done
echo "median wall $(median < "$tmp/walls") s, peak RSS $(median < "$tmp/rss") MB," \
	"scored $(median < "$tmp/pps") pairs/s (all threads; SLDS_THREADS=1 for one)"
/usr/bin/time -o "$tmp/time-truth" -f '%e %M' "${link[@]}" --truth person_id \
	--twins "$data/twins.csv" "${files[@]}" > "$tmp/truth-run"
read -r wall kb < "$tmp/time-truth"
echo "with the truth: ${wall} s, peak RSS $((kb / 1024)) MB"
grep -v '^blocking rule\|merged:' "$tmp/truth-run"

# What slds-match adds: reading the registry from PostgreSQL.
"$top/jobs/pgcluster" start "$tmp/pg" --fast > /dev/null
eval "$("$top/jobs/pgcluster" env "$tmp/pg")"
slds-batch -q migrate
psql -XAtq -v ON_ERROR_STOP=1 \
	-c "\\copy registry.identity (ssid, serial) from '$data/identity.copy'" \
	-c "\\copy registry.observation (ssid, lea_id, local_id, submission_id, first_name, middle_name, last_name, birth_date, sex, birthplace, zip) from '$data/observation.copy'" \
	-c "VACUUM ANALYZE registry.identity" -c "VACUUM ANALYZE registry.observation"
# registry_load_send()'s query (match/registry.c), where "true".
query='SELECT DISTINCT coalesce(i.merged_into, o.ssid) COLLATE "C" AS s, o.first_name COLLATE "C", o.middle_name COLLATE "C", o.last_name COLLATE "C", o.birth_date, o.sex COLLATE "C", o.birthplace COLLATE "C", o.zip COLLATE "C" FROM registry.observation o LEFT JOIN (SELECT ssid, merged_into FROM registry.identity WHERE merged_into IS NOT NULL) i ON i.ssid = o.ssid WHERE true ORDER BY 1, 2, 3, 4, 5, 6, 7, 8'
for run in $(seq 1 "$runs"); do
	start=$(date +%s.%N)
	psql -XAtq -v ON_ERROR_STOP=1 -c "\\copy ($query) to '/dev/null'"
	end=$(date +%s.%N)
	secs=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
	echo "registry read $run: $secs s"
	echo "$secs" >> "$tmp/reads"
done
echo "median registry read $(median < "$tmp/reads") s for $reg_rows observation rows"
