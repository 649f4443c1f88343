#!/bin/bash
# match_e2e.sh: slds-match end to end at statewide scale (issue 6's target):
# one submission of STUDENTS new student records against a registry of the
# 6,000,000 identities bench/match_scale.sh builds, in a throwaway
# PostgreSQL, RUNS times.
#
#	bench/match_e2e.sh [STUDENTS] [RUNS]   (default 1000000 3)
#
# Needs the cache of `bench/match_scale.sh 6000000 1000000` (run it first;
# SLDS_BENCH_CACHE as there).  The registry: its identities and one
# observation each, loaded by COPY, with SSIDs of the form 0 and the serial
# in nine digits (a real SSID never starts with 0, so the ones slds-match
# mints cannot collide), an alias per observation, and the serial sequence
# past them.  The submission: slds-synth, one LEA, one school year, seed 5,
# STUDENTS students (and their enrollments, grades...); its local IDs are
# not the registry's aliases (the registry's aliases of that LEA are
# dropped), so every record is matched probabilistically: the engine's
# path, not the known local IDs'.  The registry's observations belong to a
# submission of their own ("0000/registry-history"), so that the run's
# observations are all new rows, as a real submission's are.
#
# The registry is loaded once (minutes, not timed) and the submission
# ingested and validated once, as slds-batch run does (timed); that
# database is then the template of each run's copy (CREATE DATABASE ...
# STRATEGY FILE_COPY), so every run of slds-match starts from the same
# registry.  Per run: slds-match's wall time and peak RSS (/usr/bin/time)
# and its steps' seconds (-vv); then the medians.  SLDS_BENCH_KEEP=1 keeps
# the cluster (its path and environment are printed) for further runs.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
students=${1:-1000000}
runs=${2:-3}
data=${SLDS_BENCH_CACHE:-/tmp/slds-bench-cache}/scale-6000000-1000000
PATH="$top/bin:$PATH"
if [ ! -f "$data/identity.copy" ]; then
	echo "match_e2e.sh: no $data: run bench/match_scale.sh 6000000 1000000 first" >&2
	exit 1
fi
tmp=$(mktemp -d /tmp/slds-bench.XXXXXX)
chmod 711 "$tmp"
if [ "${SLDS_BENCH_KEEP:-0}" = 1 ]; then
	trap 'echo "kept: $tmp (eval \"\$(jobs/pgcluster env $tmp/pg)\"; template database ${base:-})"' EXIT
else
	trap '"$top/jobs/pgcluster" remove "$tmp/pg" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
fi
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

"$top/jobs/pgcluster" start "$tmp/pg" --fast > /dev/null
eval "$("$top/jobs/pgcluster" env "$tmp/pg")"
slds-batch -q migrate
slds-synth -q --students "$students" --leas 1 --years 1 --seed 5 --out "$tmp/state"
lea=$(ls "$tmp/state/inbox")
start=$(date +%s)
psql -Xq -v ON_ERROR_STOP=1 > /dev/null <<EOF
INSERT INTO ops.submission (submission_key, lea_id, school_year, collection, content_sha256, status)
  VALUES ('0000/registry-history', '0000', 2026, 'year-end', 'bench', 'loaded');
CREATE TEMP TABLE stage_id (ssid char(10), serial bigint);
\\copy stage_id from '$data/identity.copy'
CREATE TEMP TABLE stage_obs (ssid char(10), lea_id text, local_id text, submission_id bigint,
    first_name text, middle_name text, last_name text, birth_date date, sex text, birthplace text, zip text);
\\copy stage_obs from '$data/observation.copy'
INSERT INTO registry.identity (ssid, serial) SELECT '0' || lpad(serial::text, 9, '0'), serial FROM stage_id;
INSERT INTO registry.observation (ssid, lea_id, local_id, submission_id, first_name, middle_name,
    last_name, birth_date, sex, birthplace, zip)
  SELECT '0' || lpad(i.serial::text, 9, '0'), o.lea_id, o.local_id,
    (SELECT submission_id FROM ops.submission WHERE submission_key = '0000/registry-history'), o.first_name,
    o.middle_name, o.last_name, o.birth_date, o.sex, o.birthplace, o.zip
  FROM stage_obs o JOIN stage_id i USING (ssid);
INSERT INTO registry.alias (lea_id, local_id, ssid)
  SELECT lea_id, local_id, ssid FROM registry.observation WHERE lea_id <> '$lea' ON CONFLICT DO NOTHING;
SELECT setval('registry.ssid_serial', (SELECT max(serial) FROM registry.identity));
VACUUM ANALYZE registry.identity;
VACUUM ANALYZE registry.observation;
VACUUM ANALYZE registry.alias;
EOF
# The runs start with the load written out (the server's buffers and the
# kernel's dirty pages), not while gigabytes of it are still being written.
psql -XAtq -c "CHECKPOINT"
sync
echo "registry: $(psql -XAtq -c "SELECT count(*) FROM registry.identity") identities," \
	"$(psql -XAtq -c "SELECT count(*) FROM registry.alias") aliases, loaded in $(($(date +%s) - start)) s"

sub=$(ls -d "$tmp/state/inbox/$lea"/*)
records=$(($(wc -l < "$sub/students.csv") - 1))
echo "submission: $records student records, $(cat "$sub"/*.csv | wc -l) lines in all"
/usr/bin/time -o "$tmp/time" -f %e slds-ingest -q "$sub" "$tmp/ingest"
echo "ingest: $(cat "$tmp/time") s"
/usr/bin/time -o "$tmp/time" -f %e slds-validate -q --dbname "" "$tmp/ingest" "$tmp/validate"
echo "validate: $(cat "$tmp/time") s"

# Each run on a copy of this database as it is now: the registry, and the
# submission validated and waiting for slds-match.
base=$PGDATABASE
for i in $(seq 1 "$runs"); do
	psql -XAtq -d postgres -c "DROP DATABASE IF EXISTS slds_run" \
		-c "CREATE DATABASE slds_run TEMPLATE $base STRATEGY FILE_COPY"
	rm -rf "$tmp/match"
	if ! PGDATABASE=slds_run /usr/bin/time -o "$tmp/time" -f '%e %M' \
		slds-match -vv "$tmp/validate" "$tmp/match" 2> "$tmp/log.$i"; then
		echo "slds-match failed:"
		tail -5 "$tmp/log.$i"
		exit 1
	fi
	read -r wall rss < "$tmp/time"
	echo "$wall" >> "$tmp/walls"
	echo "$((rss / 1024))" >> "$tmp/rss"
	echo "run $i: $wall s, peak RSS $((rss / 1024)) MB;" \
		"$(PGDATABASE=slds_run psql -XAtq -c "SELECT records || ' records against '
		|| (model->>'registry_records') || ', ' || (model->>'candidate_pairs')
		|| ' candidate pairs, ' || linked || ' linked, ' || minted || ' minted, '
		|| reviews || ' review items' FROM registry.match_run")"
	sed -n 's/^slds-match: debug: \(.*\): \([0-9.]*\) s$/\2\t\1/p' "$tmp/log.$i" > "$tmp/steps.$i"
done
psql -XAtq -d postgres -c "DROP DATABASE IF EXISTS slds_run"
echo "median: slds-match $(median < "$tmp/walls") s, peak RSS $(median < "$tmp/rss") MB"
echo "steps (seconds of each run, then the median):"
paste "$tmp"/steps.* | awk -F '\t' -v runs="$runs" '{
	line = ""
	for (i = 1; i <= runs; i++) { v[i] = $(2 * i - 1); line = line sprintf(" %7.2f", v[i]) }
	for (i = 1; i <= runs; i++) for (j = i + 1; j <= runs; j++)
		if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
	printf "  %-38s%s   median %7.2f\n", $2, line, v[int((runs + 1) / 2)] }'
