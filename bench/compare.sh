#!/bin/bash
# compare.sh: pairs per second of the identity engine's field comparisons
# (match/compare.h, dmetaphone.h, nickname.h) on realistic name pairs.
#
#	bench/compare.sh [PAIRS] [RUNS]     (default 4000000 pairs, 5 runs)
#
# bench/compare.c is built with the project's optimisation (-O2) against
# the match modules, slds-synth's name lists and libslds.a (run make
# first); each run times every comparison over the same pairs.  Prints the
# median of the runs for each, and the runs.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
pairs=${1:-4000000}
runs=${2:-5}
tmp=$(mktemp -d /tmp/slds-bench-compare.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

if [ ! -f "$top/common/libslds.a" ]; then
	echo "compare.sh: error: common/libslds.a is missing" >&2
	echo "compare.sh: hint: Run make first." >&2
	exit 1
fi
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -I"$top/common" -I"$top/match" -I"$top/tools" \
	-o "$tmp/compare" "$top/bench/compare.c" "$top"/match/compare.c \
	"$top"/match/dmetaphone.c "$top"/match/nickname.c "$top/tools/synth_names.c" \
	"$top/common/libslds.a"

for _ in $(seq 1 "$runs"); do
	"$tmp/compare" "$top/match/nicknames.csv" "$pairs"
done >"$tmp/runs"
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "$pairs pairs of slds-synth names (half a name and its misspelling); median of $runs runs"
for what in jaro_winkler dmetaphone nickname fold; do
	# shellcheck disable=SC2046
	set -- $(awk -v w="$what" '{ for (i = 1; i < NF; i++) if ($i == w) print $(i + 1) }' "$tmp/runs")
	unit="pairs/s"
	[ "$what" = fold ] && unit="names/s"
	printf '%-13s %12s %s   (runs: %s)\n' "$what" "$(median "$@" | xargs printf "%'.0f")" \
		"$unit" "$*"
done
