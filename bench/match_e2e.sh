#!/bin/bash
# match_e2e.sh: slds-match end to end at statewide scale (issue 6): one
# submission of STUDENTS new student records against a registry of the
# 6,000,000 identities bench/match_scale.sh builds, through slds-batch run
# against a throwaway PostgreSQL, with a timeline of what slds-match does.
#
#	bench/match_e2e.sh [STUDENTS]   (default 1000000)
#
# Needs the cache of `bench/match_scale.sh 6000000 1000000` (run it first;
# SLDS_BENCH_CACHE as there).  The registry: its identities and one
# observation each, loaded by COPY, with SSIDs of the form 0 and the serial
# in nine digits (a real SSID never starts with 0, so the ones slds-match
# mints cannot collide), an alias per observation, and the serial sequence
# past them.  The submission: slds-synth, one LEA, one school year, seed 5,
# STUDENTS students (and their enrollments, grades... which ingest,
# validate and load too); its local IDs are not the registry's aliases (the
# registry's aliases of that LEA are dropped), so every record is matched
# probabilistically: the engine's path, not the known local IDs'.
#
# Prints each batch step's seconds (ops.batch_step), slds-match's wall time
# and peak RSS, and a timeline: once a second, slds-match's RSS and what its
# database session is doing (a query, or "idle in transaction" while
# slds-match computes).  One run: the registry load takes minutes.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
students=${1:-1000000}
data=${SLDS_BENCH_CACHE:-/tmp/slds-bench-cache}/scale-6000000-1000000
PATH="$top/bin:$PATH"
if [ ! -f "$data/identity.copy" ]; then
	echo "match_e2e.sh: no $data: run bench/match_scale.sh 6000000 1000000 first" >&2
	exit 1
fi
tmp=$(mktemp -d /tmp/slds-bench.XXXXXX)
chmod 711 "$tmp"
trap '"$top/jobs/pgcluster" remove "$tmp/pg" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT

"$top/jobs/pgcluster" start "$tmp/pg" --fast > /dev/null
eval "$("$top/jobs/pgcluster" env "$tmp/pg")"
slds-batch -q migrate
slds-synth -q --students "$students" --leas 1 --years 1 --seed 5 --out "$tmp/state"
lea=$(ls "$tmp/state/inbox")
start=$(date +%s)
psql -Xq -v ON_ERROR_STOP=1 > /dev/null <<EOF
CREATE TEMP TABLE stage_id (ssid char(10), serial bigint);
\\copy stage_id from '$data/identity.copy'
CREATE TEMP TABLE stage_obs (ssid char(10), lea_id text, local_id text, submission_id bigint,
    first_name text, middle_name text, last_name text, birth_date date, sex text, birthplace text, zip text);
\\copy stage_obs from '$data/observation.copy'
INSERT INTO registry.identity (ssid, serial) SELECT '0' || lpad(serial::text, 9, '0'), serial FROM stage_id;
INSERT INTO registry.observation (ssid, lea_id, local_id, submission_id, first_name, middle_name,
    last_name, birth_date, sex, birthplace, zip)
  SELECT '0' || lpad(i.serial::text, 9, '0'), o.lea_id, o.local_id, o.submission_id, o.first_name,
    o.middle_name, o.last_name, o.birth_date, o.sex, o.birthplace, o.zip
  FROM stage_obs o JOIN stage_id i USING (ssid);
INSERT INTO registry.alias (lea_id, local_id, ssid)
  SELECT lea_id, local_id, ssid FROM registry.observation WHERE lea_id <> '$lea' ON CONFLICT DO NOTHING;
SELECT setval('registry.ssid_serial', (SELECT max(serial) FROM registry.identity));
VACUUM ANALYZE registry.identity;
VACUUM ANALYZE registry.observation;
VACUUM ANALYZE registry.alias;
EOF
echo "registry: $(psql -XAtq -c "SELECT count(*) FROM registry.identity") identities," \
	"$(psql -XAtq -c "SELECT count(*) FROM registry.alias") aliases, loaded in $(($(date +%s) - start)) s"

# The timeline, from a second process: slds-match's RSS and session once a second.
(
	pid=""
	while [ -z "$pid" ]; do
		[ -f "$tmp/done" ] && exit 0	# the batch ended without a match
		pid=$(pgrep -f "slds-match .*$tmp/work" | head -1 || true)
		sleep 0.2
	done
	t0=$(date +%s)
	while kill -0 "$pid" 2>/dev/null; do
		rss=$(ps -o rss= -p "$pid" 2>/dev/null || echo 0)
		what=$(psql -XAtq -c "SELECT state || ': ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 70)
			FROM pg_stat_activity WHERE application_name = 'slds-match'
			AND backend_type = 'client backend'" 2>/dev/null || true)
		echo "$(($(date +%s) - t0)) $((rss / 1024)) $what"
		sleep 1
	done
) > "$tmp/timeline" &
/usr/bin/time -o "$tmp/time" -f '%e %M' slds-batch -q run --inbox "$tmp/state/inbox" \
	--work-dir "$tmp/work" --outbox "$tmp/outbox" > /dev/null || echo "slds-batch failed"
touch "$tmp/done"
wait
records=$(($(wc -l < "$tmp/state/inbox/$lea"/*/students.csv) - 1))
echo "submission: $records student records, $(cat "$tmp/state/inbox/$lea"/*/*.csv | wc -l) lines in all"
echo "batch: $(awk '{ print $1 }' "$tmp/time") s; steps (seconds):"
psql -XAtq -F ' ' -c "SELECT step, round(extract(epoch FROM finished_at - started_at)::numeric, 2)
	FROM ops.batch_step ORDER BY started_at" | sed 's/^/  /'
echo "slds-match: peak RSS $(sort -n -k2,2 "$tmp/timeline" | tail -1 | awk '{ print $2 }') MB;" \
	"$(psql -XAtq -c "SELECT records || ' records against ' || (model->>'registry_records') || ', '
		|| (model->>'candidate_pairs') || ' candidate pairs, ' || linked || ' linked, ' || minted
		|| ' minted, ' || reviews || ' review items' FROM registry.match_run")"
echo "timeline (seconds from start, RSS MB, the session: what runs, each change once):"
awk '{ t = $1; rss = $2; $1 = ""; $2 = ""; if ($0 != last) print "  " t " s, " rss " MB:" $0; last = $0 }' \
	"$tmp/timeline"
