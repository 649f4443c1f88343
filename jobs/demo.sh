#!/bin/sh
# demo.sh: what "make demo" runs after building.  Starts (or reuses) a private
# PostgreSQL under ./var/pg, generates a small synthetic state into
# ./var/demo, applies the migrations, runs the whole batch and says where the
# reports are.  Running it again reuses the cluster; the batch recognises the
# submissions it has already loaded and changes nothing.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
var="$top/var"
demo="$var/demo"
students="${SLDS_DEMO_STUDENTS:-2000}"

mkdir -p "$var"
"$top/jobs/pgcluster" start "$var/pg"
eval "$("$top/jobs/pgcluster" env "$var/pg")"

echo "== generating a synthetic state of $students students"
rm -rf "$demo/inbox" "$demo/truth"
"$top/bin/slds-synth" --students "$students" --seed 1 --out "$demo"

echo "== applying migrations"
"$top/bin/slds-batch" migrate

echo "== running the batch"
"$top/bin/slds-batch" run --inbox "$demo/inbox" --work-dir "$demo/work" \
	--outbox "$demo/outbox"

echo
echo "Reports:"
for f in "$demo"/outbox/state/*; do
	echo "  $f"
done
echo "Each LEA's rejection report: $demo/outbox/LEA/SUBMISSION/report.html, for example"
ls -d "$demo"/outbox/[0-9]*/*/report.html 2>/dev/null | head -n 1 | sed 's/^/  /'
echo "Expected counts (from the generator's truth): $demo/truth/enrollment_counts-2027.csv"
echo "Database: psql \"$("$top/jobs/pgcluster" url "$var/pg")\""
echo "Stop the server: jobs/pgcluster stop var/pg"
