#!/bin/bash
# Every rule of the rules file is tested: its example (values written over
# the specification's example record of its type, or "+ ..." for a second
# record) must be rejected, or warned, with that rule's ID, and the clean
# example submission must pass every rule.  Level 2 rules are skipped here,
# visibly ("# skip" lines and their count): with no database they must not be
# applied, and tests/e2e/t0190-level2.sh must test each against PostgreSQL.
# Also: a faulty rules file is refused with its line and the reason.
. "$SLDS_TOP/tests/lib.sh"

rules="$SLDS_TOP/validate/rules/2027.rules"
slds-ingest --spec > "$TEST_TMP/spec.md"

# fields/RECORD: the record's canonical field names, in order;
# base/RECORD.csv: the template header and the example row.
mkdir -p "$TEST_TMP/fields" "$TEST_TMP/base"
awk -v f="$TEST_TMP/fields" -v b="$TEST_TMP/base" '
	/^## Record type: / { rec = $4; next }
	rec != "" && /^\| [^|]* \| `[a-z_]*` \|/ { split($0, c, "`"); print c[2] > (f "/" rec) }
	/^Example:/ { want = rec; next }
	/^```$/ && want != "" { if (inside) { want = ""; inside = 0 } else inside = 1; next }
	inside { print > (b "/" want ".csv") }
' "$TEST_TMP/spec.md"
records=$(ls "$TEST_TMP/base" | sed 's/\.csv$//')

# make_submission DIR: the base files and a manifest naming them.
make_submission() {
	mkdir -p "$1"
	cp "$TEST_TMP"/base/*.csv "$1"
	{
		printf 'lea = 0101\nschool_year = 2027\ncollection = year-end\n'
		for r in $records; do printf '\n[file %s.csv]\nrecord = %s\nformat = csv\n' "$r" "$r"; done
	} > "$1/manifest.ini"
}

# run_validate DIR: ingest and validate; rejects in DIR.out/v/rejects.copy.
run_validate() {
	rm -rf "$1.out"
	slds-ingest -q --offline "$1" "$1.out/i" && slds-validate -q "$1.out/i" "$1.out/v"
}

base="$TEST_TMP/inbox/0101/base"
make_submission "$base"
test_ok "the example submission is ingested and validated" run_validate "$base"
test_eq "the example submission breaks no rule" 1 "$(wc -l < "$base.out/v/rejects.copy")"

# rule ID, record, severity, example of every active rule, tab-separated.
# Level 2 rules (checked against the database) go to "level2" instead.
awk -v level2="$TEST_TMP/level2" '
	function flush() {
		if (id != "" && retired == "")
			print id "\t" rec "\t" sev "\t" ex > (level == 2 ? level2 : "/dev/stdout")
		id = ""
	}
	/^\[rule / { flush(); id = substr($2, 1, length($2) - 1); rec = ""; ex = ""; retired = ""; sev = "error"; level = 1; next }
	/^record = / { rec = substr($0, 10) }
	/^severity = / { sev = substr($0, 12) }
	/^level = / { level = substr($0, 9) }
	/^example = / { ex = substr($0, 11) }
	/^example =$/ { ex = "" }
	/^retired = / { retired = 1 }
	END { flush() }
' "$rules" > "$TEST_TMP/examples"
test_ok "the rules file has at least 60 rules with examples" \
	test "$(($(wc -l < "$TEST_TMP/examples") + $(wc -l < "$TEST_TMP/level2")))" -ge 60

# example_submission N RECORD EXAMPLE: the submission rule-N, with the
# example written over its RECORD file; sets line to the example's line.
example_submission() {
	local n=$1 rec=$2 ex=$3
	sub="$TEST_TMP/inbox/0101/rule-$n"
	make_submission "$sub"
	line=2
	if [ "${ex#+ }" != "$ex" ] || [ "$ex" = "+" ]; then
		line=3
		ex=${ex#+}
		ex=${ex# }
	fi
	# Write the example's values over the example row (as row LINE).
	awk -F, -v OFS=, -v line="$line" -v ex="$ex" -v fields="$TEST_TMP/fields/$rec" '
		BEGIN {
			while ((getline f < fields) > 0) col[f] = ++nf
			n = split(ex, parts, "; ")
		}
		NR == 2 { row = $0 }
		{ print }
		END {
			$0 = row
			for (i = 1; i <= n; i++) {
				eq = index(parts[i], "=")
				if (eq) $(col[substr(parts[i], 1, eq - 1)]) = substr(parts[i], eq + 1)
			}
			print
		}
	' "$TEST_TMP/base/$rec.csv" > "$sub/$rec.csv.tmp"
	if [ "$line" = 2 ]; then
		# Replace the row rather than add one.
		head -n 1 "$TEST_TMP/base/$rec.csv" > "$sub/$rec.csv"
		tail -n 1 "$sub/$rec.csv.tmp" >> "$sub/$rec.csv"
	else
		mv "$sub/$rec.csv.tmp" "$sub/$rec.csv"
	fi
	rm -f "$sub/$rec.csv.tmp"
}

n=0
while IFS=$'\t' read -r id rec sev ex; do
	n=$((n + 1))
	example_submission "$n" "$rec" "$ex"
	run_validate "$sub" >/dev/null 2>&1
	code=$?
	test_ok "$id: its example is caught with its ID on line $line of $rec.csv" \
		grep -qP "^0101/rule-$n\t$rec\\.csv\t$line\t[a-z_]+\t[^\t]*\t[^\t]*\t$id\t$sev\t" \
		"$sub.out/v/rejects.copy"
	if [ "$sev" = fatal ]; then
		# The whole file is rejected and the submission with it.
		test_eq "$id: a fatal rule's example rejects the submission (exit 65)" 65 "$code"
		test_grep "$id: the rejects file has the rule's row for the whole file" \
			"^0101/rule-$n"$'\t'"$rec\\.csv"$'\t0\t'"$rec"$'\t.*\t'"$id"$'\tfatal\tthe whole file is rejected: 1 record breaks' \
			"$sub.out/v/rejects.copy"
		test_eq "$id: no record of $rec.csv is accepted" 0 \
			"$(tail -n +2 "$sub.out/v/$rec.copy" | wc -l)"
	else
		test_eq "$id: its example leaves the exit status 0 ($sev)" 0 "$code"
	fi
done < "$TEST_TMP/examples"

# A Level 2 rule's example breaks it only against a warehouse that holds the
# other side (a retired SSID, another LEA's school...): here, with no
# database, it is skipped and must not be applied; tests/e2e/t0190-level2.sh
# tests it against a real PostgreSQL and its truth file.
skipped=0
while IFS=$'\t' read -r id rec sev ex; do
	n=$((n + 1))
	skipped=$((skipped + 1))
	example_submission "$n" "$rec" "$ex"
	run_validate "$sub" >/dev/null 2>&1
	echo "# skip $id: a Level 2 rule, tested against the database by tests/e2e/t0190-level2.sh"
	test_ok "$id: without a database it is not applied" \
		sh -c "test -s '$sub.out/v/rejects.copy' && ! grep -qP '\t$id\t' '$sub.out/v/rejects.copy'"
	test_grep "$id: the Level 2 test's truth file has it" "$(printf '\t%s\t' "$id")" \
		"$SLDS_TOP/tests/e2e/expected/level2.tsv"
done < "$TEST_TMP/level2"
echo "# $skipped Level 2 rules skipped here (their examples need the database)"
test_ok "the Level 2 rules were read" test "$skipped" -gt 0

# A faulty rules file is refused with its line and the reason.
bad_rules() {
	{ printf 'school_year = 2027\n\n[rule ENR.0101]\nrecord = enrollment\n'
	  printf 'description = d\nmessage = m\nhint = h\nexample = e\n'
	  printf '%s\n' "$2"; } > "$TEST_TMP/bad.rules"
	test_expect_exit 65 "$1 is refused" slds-validate --rules "$TEST_TMP/bad.rules" \
		"$base.out/i" "$TEST_TMP/badout"
	test_grep "$1: the message names the line and the reason" "$3" "$TEST_TMP/err"
}
bad_rules "a bad pattern" 'check = pattern local_id [a-z' 'bad.rules:9: pattern "\[a-z" is invalid at offset'
bad_rules "an unknown field" 'check = required shoe_size' 'bad.rules:9: enrollment records have no field "shoe_size"'
bad_rules "an unknown check" 'check = sometimes local_id' 'bad.rules:9: unknown check "sometimes"'
bad_rules "a duplicate rule ID" 'check = required local_id
[rule ENR.0101]' 'bad.rules:10: rule ENR.0101 is defined twice \(first on line 3\)'
bad_rules "a personal value in a message" 'check = required local_id
[rule STU.0101]
record = student
check = age birth_date 2 26
description = d
message = born on {value}
hint = h
example = e' 'bad.rules:14: the message shows \{value\}, but birth_date is personal'
bad_rules "a fatal cross-record check" 'severity = fatal
check = unique local_id' 'bad.rules:10: unique cannot be fatal: it compares the file.s own records'
bad_rules "a rule of another record type" 'check = required local_id
[rule STU.0199]
record = enrollment' 'bad.rules:11: rule STU.0199 is not a rule of enrollment records'

test_done
