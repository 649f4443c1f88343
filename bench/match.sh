#!/bin/bash
# match.sh: slds-match on a generated state, through the batch, against a
# throwaway PostgreSQL: the seconds of every match step, records per second,
# and the quality of the SSIDs against the generator's truth.
#
#	bench/match.sh [STUDENTS] [LEAS] [YEARS] [RUNS]   (default 100000 20 1 3)
#
# The generator's seed is SLDS_BENCH_SEED, default 7.
# Each run starts from an empty database.  The submissions are matched one
# after another, each against the registry the ones before it made (the
# first statewide load); the last ones meet the largest registry.  Prints
# per run the match seconds in all, records, records per second, the
# slowest step, the run's review recheck (slds-ssid review recheck) and the
# evaluation (with twin pairs sharing an SSID); then the medians.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
students=${1:-100000}
leas=${2:-20}
years=${3:-1}
runs=${4:-3}
seed=${SLDS_BENCH_SEED:-7}
tmp=$(mktemp -d /tmp/slds-bench.XXXXXX)
chmod 711 "$tmp"
trap '"$top/jobs/pgcluster" remove "$tmp/pg" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
PATH="$top/bin:$PATH"

"$top/jobs/pgcluster" start "$tmp/pg" --fast
eval "$("$top/jobs/pgcluster" env "$tmp/pg")"
slds-synth -q --students "$students" --leas "$leas" --years "$years" --seed "$seed" --out "$tmp/state"
records=$(($(cat "$tmp"/state/inbox/*/*/students.csv | wc -l) - $(ls -d "$tmp"/state/inbox/*/* | wc -l)))
echo "state: $students students, $leas LEAs, $years years: $records student records"
for run in $(seq 1 "$runs"); do
	psql -XAtq -d postgres -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench"
	export PGDATABASE=bench
	slds-batch -q migrate
	rm -rf "$tmp/work" "$tmp/outbox"
	slds-batch -q run --inbox "$tmp/state/inbox" --work-dir "$tmp/work" --outbox "$tmp/outbox" >/dev/null
	read -r secs slowest <<<"$(psql -XAtq -F ' ' -c "SELECT round(sum(extract(epoch FROM finished_at - started_at))::numeric, 2),
		round(max(extract(epoch FROM finished_at - started_at))::numeric, 2) FROM ops.batch_step WHERE step = 'match'")"
	recheck=$(psql -XAtq -c "SELECT coalesce(round(sum(extract(epoch FROM finished_at - started_at))::numeric, 2), 0)
		FROM ops.batch_step WHERE step = 'recheck'")
	echo "run $run: match $secs s in all, $(awk -v r="$records" -v s="$secs" 'BEGIN { printf "%.0f", r / s }') records/s, slowest step $slowest s; recheck $recheck s"
	echo "$secs" >> "$tmp/secs"
	slds-match --evaluate "$tmp/state/truth/persons.csv" --twins "$tmp/state/truth/twins.csv" | sed 's/^/  /'
	psql -XAtq -c "SELECT '  registry: ' || count(*) || ' SSIDs, ' || (SELECT count(*) FROM registry.review) || ' review items, '
		|| (SELECT sum(records) FROM registry.match_run) || ' records matched' FROM registry.identity"
done
echo "median match seconds: $(sort -n "$tmp/secs" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
