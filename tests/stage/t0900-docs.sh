#!/bin/bash
# Documentation is part of the feature: every program has --help and
# --version, and its page under docs/ shows exactly what --help prints.
. "$SLDS_TOP/tests/lib.sh"

for prog in "$SLDS_TOP"/bin/slds-*; do
	name=$(basename "$prog")
	page="$SLDS_TOP/docs/$name.md"
	test_expect_exit 0 "$name --help exits 0" "$prog" --help
	test_grep "$name --help shows its usage" "^  $name \[OPTION\]" "$TEST_TMP/out"
	cp "$TEST_TMP/out" "$TEST_TMP/help"
	test_expect_exit 0 "$name -? exits 0" "$prog" '-?'
	test_cmp "$name -? prints the same help" "$TEST_TMP/help" "$TEST_TMP/out"
	test_expect_exit 0 "$name --version exits 0" "$prog" --version
	test_grep "$name --version names program and project" "^$name \(slds\) [0-9]" "$TEST_TMP/out"
	test_ok "$name has a page in docs/" test -f "$page"
	test_cmp "docs/$name.md shows the current --help" "$TEST_TMP/help" \
		<(sed -n '/^## Usage$/,$p' "$page" | sed '1,3d;$d')
	test_expect_exit 64 "$name rejects an unknown option with 64" "$prog" --no-such-option
	test_grep "$name's usage error points to --help" "Try \"$name --help\" for more information." "$TEST_TMP/err"
done
test_expect_exit 0 "slds-ingest --spec prints the specification" slds-ingest --spec
test_cmp "docs/submission-spec.md is what the catalog says" \
	"$SLDS_TOP/docs/submission-spec.md" "$TEST_TMP/out"
test_expect_exit 0 "slds-validate --list-rules=markdown prints the rules" \
	slds-validate --list-rules=markdown
test_cmp "docs/rules.md is what the rules file says" "$SLDS_TOP/docs/rules.md" "$TEST_TMP/out"
test_ok "README links every program page" sh -c \
	"for p in '$SLDS_TOP'/bin/slds-*; do grep -q \"docs/\$(basename \$p).md\" '$SLDS_TOP/README.md' || exit 1; done"

test_done
