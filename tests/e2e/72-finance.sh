#!/bin/bash
# 72-finance.sh — the green-finance ledger (政银企对接) end to end: the demo's totals against
# the published figures, the CLI summary and lists, imports with bad rows (every row named
# FILE:LINE, nothing stored), re-imports audited, and the HTTP API's role rules on a real
# server on loopback: a bank user sees only its own bank's records in lists, summary and
# workbooks (another bank asked for: 403), an enterprise user only its own, a viewer nothing.
#
# Published figures (DESIGN.md "Demo park", from the published facts of 山亭经济开发区, 2023):
# "20+ enterprises granted 23.22亿元 of credit with 11.88亿元 of loans disbursed", i.e.
# 232,200 万元 of credit and 118,800 万元 of loans, exactly (sums are integers in fen).
. "$(dirname "$0")/lib.sh"

BANK_A=枣庄示例银行           # the demo's banks (src/core/demo_finance.c)
BANK_B=齐鲁示例银行枣庄分行

# ---- the demo: totals computed from the records equal the published figures ----
gp demo
check "demo builds" expect_rc 0
gp finance summary --format json
check "summary --format json: exit 0" expect_rc 0
check "credit_wan_yuan = 232200 (23.22 亿元, published)" jq -e '.credit_wan_yuan == 232200' "$WORK/out"
check "loans_wan_yuan = 118800 (11.88 亿元, published)" jq -e '.loans_wan_yuan == 118800' "$WORK/out"
check "credit_yi_yuan 23.22, loans_yi_yuan 11.88" jq -e '.credit_yi_yuan == 23.22 and .loans_yi_yuan == 11.88' "$WORK/out"
check "enterprises_with_credit >= 20 (20+, published)" jq -e '.enterprises_with_credit >= 20' "$WORK/out"
check "by_bank sums to the totals" jq -e '([.by_bank[].credit_wan_yuan] | add) == 232200 and ([.by_bank[].loans_wan_yuan] | add) == 118800' "$WORK/out"
check "by_purpose, by_year, by_subpark sum to the totals" jq -e '([.by_purpose[].credit_wan_yuan] | add) == 232200 and ([.by_year[].loans_wan_yuan] | add) == 118800 and ([.by_subpark[].credit_wan_yuan] | add) == 232200' "$WORK/out"
check "five banks, both demo banks among them" jq -e --arg a "$BANK_A" --arg b "$BANK_B" '(.by_bank | length) == 5 and ([.by_bank[].bank] | index($a) != null and index($b) != null)' "$WORK/out"
cp "$WORK/out" "$WORK/summary_all.json"
A_CREDIT=$(jq -r --arg a "$BANK_A" '.by_bank[] | select(.bank == $a) | .credit_wan_yuan' "$WORK/summary_all.json")
A_CREDITS=$(jq -r --arg a "$BANK_A" '.by_bank[] | select(.bank == $a) | .credits' "$WORK/summary_all.json")
A_LOANS=$(jq -r --arg a "$BANK_A" '.by_bank[] | select(.bank == $a) | .loans' "$WORK/summary_all.json")
ENT=$(jq -r '.by_enterprise[0].uscc' "$WORK/summary_all.json")
ENT_CREDIT=$(jq -r '.by_enterprise[0].credit_wan_yuan' "$WORK/summary_all.json")
gp finance summary
check "summary table: 授信 in 万元 and 亿元" out_has "232,200.00 万元 (23.22 亿元)"
check "summary table: 贷款 in 万元 and 亿元" out_has "118,800.00 万元 (11.88 亿元)"

gp finance summary --bank "$BANK_A" --format json
check "summary --bank: that bank's totals only" jq -e --argjson c "$A_CREDIT" '.credit_wan_yuan == $c and (.by_bank | length) == 1 and .scope.bank != null' "$WORK/out"
gp finance loans --bank "$BANK_A" --format json
check "loans --bank: only that bank's loans, as many as the summary counts" jq -e --arg a "$BANK_A" --argjson n "$A_LOANS" 'length == $n and all(.[]; .bank == $a)' "$WORK/out"
gp finance credits --year 2023 --format json
check "credits --year 2023: granted in 2023" jq -e 'length > 0 and all(.[]; .granted | startswith("2023-"))' "$WORK/out"
gp finance credits --xlsx "$WORK/credits.xlsx"
check "credits --xlsx: exit 0" expect_rc 0
check "credits --xlsx: a valid workbook (zip)" unzip -tq "$WORK/credits.xlsx"
check "credits --xlsx: every credit line (27 rows + title + header)" [ "$(unzip -p "$WORK/credits.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l)" -eq "$(($(jq -r .credits "$WORK/summary_all.json") + 2))" ]
gp finance banks --format csv
check "banks: five banks" [ "$(tail -n +2 "$WORK/out" | wc -l)" -eq 5 ]
gp finance summary --year 1989
check "a bad --year is a usage error (2)" expect_rc 2
gp finance nothing
check "an unknown action is a usage error (2)" expect_rc 2

# ---- imports: bad rows are named, nothing is stored ----
E1=$(jq -r '.by_enterprise[0].uscc' "$WORK/summary_all.json")
E2=$(jq -r '.by_enterprise[1].uscc' "$WORK/summary_all.json")
E3=$(jq -r '.by_enterprise[2].uscc' "$WORK/summary_all.json")
UNKNOWN=$(uscc 91370406MA0000999)  # a valid code no enterprise has
cat >"$WORK/bad_credits.csv" <<EOF
bank,ref,uscc,amount_wan_yuan,granted,expires,purpose,project,note
测试银行,T-1,$E1,100,2024-01-01,2025-01-01,clean_energy,,ok
测试银行,T-2,$UNKNOWN,100,2024-01-01,2025-01-01,clean_energy,,
测试银行,T-3,$E1,-5,2024-01-01,2025-01-01,clean_energy,,
测试银行,T-4,$E1,100,2024-02-30,2025-01-01,clean_energy,,
测试银行,T-5,$E1,100,2024-06-01,2024-01-01,clean_energy,,
测试银行,T-6,$E1,100,2024-01-01,2025-01-01,solar,,
测试银行,T-7,$E1,100,2024-01-01,2025-01-01,ecology,P-404,
测试银行,T-1,$E2,100,2024-01-01,2025-01-01,ecology,,
测试银行,T-9,$E1,100.1234567,2024-01-01,2025-01-01,ecology,,
EOF
reject_import credits "credits with bad rows" "$WORK/bad_credits.csv" 8 \
	3 "uscc '$UNKNOWN' is not a registered enterprise" \
	4 "amount_wan_yuan '-5' is negative" \
	5 "granted '2024-02-30' has day 30" \
	6 "expires 2024-01-01 is not after granted 2024-06-01" \
	7 "purpose 'solar' is not a category|energy_saving|green_services|general" \
	8 "project 'P-404' is not a project code" \
	9 "ref 'T-1' of bank '测试银行' already appears on line 2" \
	10 "more than 6 decimals"
printf 'bank,ref,uscc,amount_wan_yuan,disbursed,maturity,rate_pct,term_months,purpose,project,note\n测试银行,D-1,%s,50,2024-03-01,2024-02-01,40,0,general,,\n测试银行,D-2,%s,50,2024-03-01,2025-03-01,3.1,12,general,,\n' "$E1" "$E1" >"$WORK/bad_loans.csv"
reject_import loans "loans with bad rows (one row, three bad fields)" "$WORK/bad_loans.csv" 3 \
	2 "maturity 2024-02-01 is not after disbursed 2024-03-01"
gp import loans "$WORK/bad_loans.csv"
check "a bad row reports every bad field: rate and term" err_line "$WORK/bad_loans.csv:2: " "rate_pct '40'"
check "... and term_months" grep -qF "term_months '0' is not a whole number of months from 1 to 600" "$WORK/err"
printf 'bank,ref,uscc,amount\n' >"$WORK/bad_header.csv"
reject_import credits "a wrong header" "$WORK/bad_header.csv" 1 \
	1 "expected 'bank,ref,uscc,amount_wan_yuan,granted,expires,purpose,project,note'"

# ---- a good import: a new bank is created; a re-import updates, audited ----
printf 'bank,ref,uscc,amount_wan_yuan,granted,expires,purpose,project,note\n测试银行,T-1,%s,100.5,2024-01-01,2025-01-01,clean_energy,,新\n' "$E3" >"$WORK/good.csv"
gp import credits "$WORK/good.csv"
check "good credits: exit 0, the bank is created" out_has "created bank '测试银行'"
check "good credits: 1 new" out_has "(1 new, 0 updated, 0 unchanged)"
gp finance summary --format json
check "the new line adds 100.5 万元 exactly" jq -e '.credit_wan_yuan == 232300.5' "$WORK/out"
sed -i 's/,100.5,/,120,/' "$WORK/good.csv"
gp import credits "$WORK/good.csv"
check "re-import of the same (bank, ref): 1 updated" out_has "(0 new, 1 updated, 0 unchanged)"
gp audit --entity credit --limit 1 --format json
check "the update is audited with before and after" jq -e '.[0].action == "update" and .[0].key == "测试银行/T-1" and .[0].before.amount_wan_yuan == 100.5 and .[0].after.amount_wan_yuan == 120' "$WORK/out"

# ---- the API: role rules ----
add_user() { # NAME PASSWORD ROLE-OPTIONS...
	_u=$1 _p=$2
	shift 2
	echo "$_p" | "$GREENPARK" user add "$_u" "$@" >/dev/null 2>"$WORK/err"
	check "user $_u added ($*)" [ $? -eq 0 ]
}
add_user fadmin fin-admin-pass-72 --role admin
add_user fbanka fin-banka-pass-72 --role bank --bank "$BANK_A"
add_user fbankb fin-bankb-pass-72 --role bank --bank "$BANK_B"
add_user fent fin-ent-pass-72 --role enterprise --enterprise "$ENT"
add_user fview fin-view-pass-72 --role viewer
T_ADMIN=$("$GREENPARK" token create fadmin 2>/dev/null)
T_A=$("$GREENPARK" token create fbanka 2>/dev/null)
T_B=$("$GREENPARK" token create fbankb 2>/dev/null)
T_ENT=$("$GREENPARK" token create fent 2>/dev/null)
T_VIEW=$("$GREENPARK" token create fview 2>/dev/null)
"$GREENPARK" finance summary --format json >"$WORK/cli_summary.json" 2>/dev/null
"$GREENPARK" finance summary --bank "$BANK_A" --format json >"$WORK/cli_summary_a.json" 2>/dev/null
serve_start || exit 1

TOKEN='' api GET /finance/summary
check "signed out: 401" error_is 401 unauthorized
TOKEN=$T_VIEW api GET /finance/summary
check "viewer: 403" error_is 403 forbidden
TOKEN=$T_ADMIN api GET /finance/summary
check "admin summary: 200" status_is 200
check "admin summary = CLI summary (same keys, same numbers)" json_close "$WORK/body" "$WORK/cli_summary.json" 0
check "contract keys: credit_wan_yuan, loans_wan_yuan, enterprises_with_credit, by_bank" body_jq 'has("credit_wan_yuan") and has("loans_wan_yuan") and has("enterprises_with_credit") and (.by_bank | type == "array")'

# bank A
TOKEN=$T_A api GET /finance/summary
check "bank A summary: its own bank only" body_jq "(.by_bank | length) == 1 and .by_bank[0].bank == \"$BANK_A\" and .credit_wan_yuan == $A_CREDIT and .scope.bank == \"$BANK_A\""
check "bank A summary = CLI summary --bank A" json_close "$WORK/body" "$WORK/cli_summary_a.json" 0
TOKEN=$T_A api GET "/finance/credits?per_page=500"
check "bank A credits: only bank A, all of them" body_jq "(.items | all(.bank == \"$BANK_A\")) and .total == $A_CREDITS"
TOKEN=$T_A api GET "/finance/loans?per_page=500"
check "bank A loans: only bank A, all of them" body_jq "(.items | all(.bank == \"$BANK_A\")) and .total == $A_LOANS"
TOKEN=$T_A api GET /finance/banks
check "bank A banks: itself only" body_jq ".total == 1 and .items[0].bank == \"$BANK_A\""
for p in summary credits loans banks credits.xlsx loans.xlsx; do
	TOKEN=$T_A api GET "/finance/$p" -G --data-urlencode "bank=$BANK_B"
	check "bank A asking for bank B's $p: 403" error_is 403 forbidden
done
TOKEN=$T_A api GET "/finance/loans" -G --data-urlencode "bank=$BANK_A"
check "bank A naming itself: 200" status_is 200
TOKEN=$T_A api GET /finance/loans.xlsx
check "bank A loans.xlsx: 200, a workbook" header_has Content-Type 'spreadsheetml'
cp "$WORK/body" "$WORK/a_loans.xlsx"
check "bank A loans.xlsx: a valid zip" unzip -tq "$WORK/a_loans.xlsx"
check "bank A loans.xlsx: bank A's rows, none of bank B's" sh -c "unzip -p '$WORK/a_loans.xlsx' xl/sharedStrings.xml | grep -qF '$BANK_A' && ! unzip -p '$WORK/a_loans.xlsx' xl/sharedStrings.xml | grep -qF '$BANK_B'"
check "bank A loans.xlsx: as many rows as its loans (+ title + header)" [ "$(unzip -p "$WORK/a_loans.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l)" -eq $((A_LOANS + 2)) ]
# bank B
TOKEN=$T_B api GET "/finance/loans?per_page=500"
check "bank B loans: none of bank A's" body_jq "(.items | length) > 0 and (.items | all(.bank == \"$BANK_B\"))"
TOKEN=$T_B api GET /finance/summary
check "bank B summary: none of bank A's" body_jq "(.by_bank | map(.bank) == [\"$BANK_B\"])"
TOKEN=$T_B api GET "/finance/credits.xlsx" -G --data-urlencode "bank=$BANK_A"
check "bank B asking for bank A's workbook: 403" error_is 403 forbidden

# the enterprise
TOKEN=$T_ENT api GET /finance/summary
check "enterprise summary: itself only" body_jq ".scope.enterprise == \"$ENT\" and .credit_wan_yuan == $ENT_CREDIT and (.by_enterprise | length) == 1"
TOKEN=$T_ENT api GET "/finance/credits?per_page=500"
check "enterprise credits: its own only" body_jq "(.items | length) > 0 and (.items | all(.uscc == \"$ENT\"))"
TOKEN=$T_ENT api GET "/finance/loans?enterprise=$E2"
if [ "$E2" != "$ENT" ]; then check "enterprise asking for another's loans: 403" error_is 403 forbidden; fi
TOKEN=$T_ENT api GET /finance/loans.xlsx
check "enterprise loans.xlsx: a workbook of its own rows" sh -c "unzip -tq '$WORK/body' >/dev/null && unzip -p '$WORK/body' xl/sharedStrings.xml | grep -qF '$ENT' && ! unzip -p '$WORK/body' xl/sharedStrings.xml | grep -qF '$E2'"

# filters and errors
TOKEN=$T_ADMIN api GET "/finance/loans?year=2024&per_page=2&page=1"
check "admin loans ?year=2024: paginated, disbursed in 2024" body_jq '.per_page == 2 and (.items | length) == 2 and .total > 2 and all(.items[]; .disbursed | startswith("2024-"))'
TOKEN=$T_ADMIN api GET "/finance/summary?year=20x4"
check "a malformed year: 400" error_is 400 bad_request
TOKEN=$T_ADMIN api GET "/finance/summary?enterprise=$UNKNOWN"
check "an unknown enterprise: 404" error_is 404 not_found
TOKEN=$T_ADMIN api GET /finance/credits.xlsx
check "admin credits.xlsx: attachment named greenpark-credits.xlsx" header_has Content-Disposition 'attachment; filename="greenpark-credits.xlsx"'

serve_stop
finish
