#!/bin/sh
# synth-link-csv.sh: flatten a generated state's student records and their
# truth into one CSV for slds-link (record_id, submission, lea_id, local_id,
# the identity fields and person_id, the true person).  submission
# (LEA/folder) is the twins guard's group (slds-link --group).  birthplace is
# one code, as the registry keeps it (registry.observation, migration 013):
# "US-UT" when the state of birth is given, else the country ("MX"); zip is
# the ZIP code's five digits (ZIP+4 cut).
#
#   tools/synth-link-csv.sh STATE_DIR > students.csv
#
# record_id is LEA/submission/line, as truth/persons.csv names records.  The
# generator writes no quoted fields in students.csv; a line with a quote is
# refused rather than split wrongly.
set -eu
dir=${1:?usage: synth-link-csv.sh STATE_DIR}
[ -f "$dir/truth/persons.csv" ] || { echo "synth-link-csv.sh: no file \"$dir/truth/persons.csv\"" >&2; exit 66; }
echo "record_id,submission,lea_id,local_id,first_name,middle_name,last_name,birth_date,sex,birthplace,zip,person_id"
for f in "$dir"/inbox/*/*/students.csv; do
	sub=$(basename "$(dirname "$f")")
	lea=$(basename "$(dirname "$(dirname "$f")")")
	awk -F, -v lea="$lea" -v subm="$sub" -v truth="$dir/truth/persons.csv" '
	BEGIN {
		while ((getline line < truth) > 0) {
			split(line, t, ",")
			if (t[3] == "students.csv" && t[1] == lea && t[2] == subm)
				person[t[4]] = t[6]
		}
	}
	FNR == 1 {
		for (i = 1; i <= NF; i++) col[$i] = i
		next
	}
	/"/ { print "synth-link-csv.sh: quoted field at line " FNR " of " FILENAME > "/dev/stderr"; exit 65 }
	{
		state = $col["Birth State"]; country = $col["Birth Country"]
		place = state != "" ? (country != "" ? country : "US") "-" state : country
		printf "%s/%s/%d,%s/%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", lea, subm, FNR, lea, subm, lea,
		    $col["Local Student ID"], $col["First Name"], $col["Middle Name"],
		    $col["Last Name"], $col["Birth Date"], $col["Sex"], place,
		    substr($col["ZIP"], 1, 5), person[FNR]
	}' "$f"
done
