#!/bin/bash
# End to end: docs/warehouse.md matches the schema.  Every table and view of
# schema warehouse in a freshly migrated database (partitions aside) is
# documented under a "### `warehouse.NAME`" heading with a table of its
# columns, in order, with their types and a CEDS element cell; every
# documented one exists with exactly those columns.  The *_resolved views
# are documented as their table's columns plus reported_ssid.
. "$SLDS_TOP/tests/lib.sh"

pg_start_throwaway
test_expect_exit 0 "migrations apply" slds-batch migrate
doc="$SLDS_TOP/docs/warehouse.md"

# name column type, one line per column, from the database and from the page
sql "SELECT c.relname || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	JOIN pg_attribute a ON a.attrelid = c.oid
	WHERE n.nspname = 'warehouse' AND c.relkind IN ('r', 'p', 'v') AND NOT c.relispartition
	AND c.relname NOT LIKE '%\_resolved' AND a.attnum > 0 AND NOT a.attisdropped
	ORDER BY c.relname, a.attnum" > "$TEST_TMP/db"
awk '
	/^### `warehouse\./ { t = $2; gsub(/`|warehouse\./, "", t); next }
	/^#/ { t = "" }
	t != "" && /^\| `/ { split($0, f, "|"); c = f[2]; ty = f[3]; gsub(/[` ]/, "", c);
		gsub(/^ +| +$/, "", ty); print t, c, ty }
' "$doc" | sort -s -k1,1 > "$TEST_TMP/doc"
test_ok "the page documents some tables" test "$(cut -d' ' -f1 "$TEST_TMP/doc" | sort -u | wc -l)" -ge 15
test_cmp "the documented tables, columns and types are the database's" "$TEST_TMP/db" "$TEST_TMP/doc"
test_eq "every documented column has a CEDS element cell" 0 \
	"$(awk '/^### `warehouse\./ { on = 1; next } /^#/ { on = 0 } on && /^\| `/ { split($0, f, "|"); if (f[4] ~ /^ *$/) n++ } END { print n + 0 }' "$doc")"

for v in $(sql "SELECT table_name FROM information_schema.views WHERE table_schema = 'warehouse' AND table_name LIKE '%\_resolved' ORDER BY 1"); do
	t=${v%_resolved}
	test_grep "$v is named on the page" "\`$t\`" "$doc"
	test_eq "$v has $t's columns and reported_ssid" \
		"$(sql "SELECT string_agg(column_name, ' ' ORDER BY column_name) FROM information_schema.columns WHERE table_schema = 'warehouse' AND table_name = '$t'") reported_ssid" \
		"$(sql "SELECT string_agg(column_name, ' ' ORDER BY column_name) FROM information_schema.columns WHERE table_schema = 'warehouse' AND table_name = '$v' AND column_name <> 'reported_ssid'") reported_ssid"
done
test_done
