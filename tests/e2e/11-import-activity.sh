#!/bin/bash
# 11-import-activity.sh — the contract of 'greenpark import activity FILE' (DESIGN.md
# "Contract"): rows are converted to the item's canonical unit; one bad row rejects
# the whole file (exit 1, every bad row reported as FILE:LINE: message, nothing
# stored, last stderr line says the file was rejected); re-importing the same
# (enterprise, period, item) replaces the value and the replacement is audited.
. "$(dirname "$0")/lib.sh"

HEADER=uscc,period,item,quantity,unit
A=91370406MA3C00010M # fixture enterprises
B=91370406MA3C00020N
C=91370406MA3C00030P

reject() { reject_import activity "$@"; }

# ledger_q USCC PERIOD ITEM: "quantity unit" of one ledger row (from the last gp).
ledger_q() {
	jq -r --arg u "$1" --arg p "$2" --arg i "$3" \
		'.[] | select(.uscc == $u and .period == $p and .item == $i) | "\(.quantity) \(.unit)"' "$WORK/out"
}

# ledger_is USCC PERIOD ITEM QUANTITY UNIT: that row holds QUANTITY (±1e-9 relative) in UNIT.
ledger_is() {
	got=$(ledger_q "$1" "$2" "$3")
	[ "$(printf '%s\n' "$got" | grep -c .)" -eq 1 ] || { echo "    $1 $2 $3: rows '$got'" >&2; return 1; }
	set -- "${got% *}" "${got#* }" "$4" "$5"
	[ "$2" = "$4" ] && near "$1" "$3" "$(awk -v e="$3" 'BEGIN { print (e < 0 ? -e : e) * 1e-9 }')" ||
		{ echo "    got $1 $2, expected $3 $4" >&2; return 1; }
}

fresh
gp import enterprises "$TESTDATA/enterprises.csv"
check "setup: fixture enterprises import" expect_rc 0

# ---- the fixture imports ----
# activity.csv: natural_gas 60 万m3 (2024-01) and 400000 m3 (2024-02), electricity
# 100 万kWh, value_added 1000 万元, all for A.
gp import activity "$TESTDATA/activity.csv"
check "fixture: exit 0" expect_rc 0
check "fixture: 4 rows, 4 new" out_has "4 rows (4 new, 0 replaced, 0 unchanged)"
gp ledger --format json
check "fixture: ledger holds 4 rows" [ "$(jq_out length)" -eq 4 ]
check "fixture: 60 万m3 natural gas = 600000 m3" ledger_is $A 2024-01 natural_gas 600000 m3
check "fixture: 400000 m3 natural gas stays 400000 m3" ledger_is $A 2024-02 natural_gas 400000 m3
check "fixture: 100 万kWh = 1000000 kWh" ledger_is $A 2024-01 electricity_grid 1000000 kWh
check "fixture: 1000 万元 value added stays 1000 万元" ledger_is $A 2024-01 value_added 1000 万元

# ---- each kind of bad row; line 2 is always a good row that would change the store
# (a replacement of a fixture value), so a partial write would show ----
GOOD="$A,2024-01,natural_gas,99,万m3"
UNREG=$(uscc 91370406MA3C00990) # a valid code that is not registered
check "unregistered code is a valid GB 32100 code" [ ${#UNREG} -eq 18 ]
P17=91370406MA3C00010
WRONG=Q
[ "$A" = "${P17}Q" ] && WRONG=R # A ends in M; any other character is wrong

printf '%s\n' $HEADER "$GOOD" "$UNREG,2024-01,electricity_grid,1,kWh" >"$WORK/unreg.csv"
reject "unknown uscc" "$WORK/unreg.csv" 1 3 "'$UNREG'|not a registered enterprise"

printf '%s\n' $HEADER "$GOOD" "$P17$WRONG,2024-01,electricity_grid,1,kWh" >"$WORK/check.csv"
reject "bad check character" "$WORK/check.csv" 1 3 "check character|'${A:17:1}'"

printf '%s\n' $HEADER "$GOOD" "$A,2024-03,natural_gaz,1,m3" >"$WORK/item.csv"
reject "unknown item with hint" "$WORK/item.csv" 1 3 "'natural_gaz'|did you mean 'natural_gas'"

printf '%s\n' $HEADER "$GOOD" "$A,2024-03,no_such_thing_at_all,1,t" >"$WORK/item2.csv"
reject "unknown item without a close match" "$WORK/item2.csv" 1 3 "'no_such_thing_at_all'"

printf '%s\n' $HEADER "$GOOD" "$A,2024-03,electricity_grid,1,kwh" >"$WORK/unit.csv"
reject "unit not accepted" "$WORK/unit.csv" 1 3 "'kwh'|electricity_grid|kWh|MWh|万kWh"

printf '%s\n' $HEADER "$GOOD" "$A,2024-03,electricity_grid,1,m3" >"$WORK/unit2.csv"
reject "another item's unit" "$WORK/unit2.csv" 1 3 "'m3'|electricity_grid|kWh"

printf '%s\n' $HEADER "$GOOD" "$A,2024-03,electricity_grid,-5,kWh" >"$WORK/neg.csv"
reject "negative quantity" "$WORK/neg.csv" 1 3 "'-5'|negative"

printf '%s\n' $HEADER "$GOOD" "$A,2024-03,electricity_grid,\"1,234\",kWh" \
	"$A,2024-04,electricity_grid,abc,kWh" "$A,2024-05,electricity_grid,,kWh" >"$WORK/nan.csv"
reject "non-numeric quantities" "$WORK/nan.csv" 3 3 "quantity|'1,234'" 4 "quantity|'abc'" 5 "quantity|empty"

printf '%s\n' $HEADER "$GOOD" "$A,2024-13,electricity_grid,1,kWh" \
	"$A,2024-1,electricity_grid,1,kWh" "$A,24-01,electricity_grid,1,kWh" >"$WORK/period.csv"
reject "bad periods" "$WORK/period.csv" 3 3 "period|'2024-13'" 4 "period|'2024-1'" 5 "period|'24-01'"

# the same (uscc, period, item) twice, even in different units, names the earlier line
printf '%s\n' $HEADER "$GOOD" "$A,2024-03,electricity_grid,1,万kWh" "$B,2024-03,electricity_grid,5,kWh" \
	"$A,2024-03,electricity_grid,10000,kWh" >"$WORK/dup.csv"
reject "duplicate row" "$WORK/dup.csv" 1 5 "duplicate|line 3"

printf '%s\n' "uscc,period,item,qty,unit" "$GOOD" >"$WORK/header.csv"
reject "wrong header" "$WORK/header.csv" 1 1 "header is|qty|$HEADER"

printf '%s\n' "uscc,period,item,quantity" "$GOOD" >"$WORK/header2.csv"
reject "header with a column missing" "$WORK/header2.csv" 1 1 "header is"

printf '%s\n' $HEADER "$GOOD" "$A,2024-03,electricity_grid,1" "$A,2024-04,electricity_grid,1,kWh,x" >"$WORK/fields.csv"
reject "wrong number of fields" "$WORK/fields.csv" 2 3 "4 fields|5" 4 "6 fields|5"

: >"$WORK/empty.csv"
reject "empty file" "$WORK/empty.csv" 0
check "empty file: message says it is empty" err_line "$WORK/empty.csv" empty

# several kinds of bad rows in one file, each on its own line, good rows between them
printf '%s\n' $HEADER "$GOOD" "$UNREG,2024-03,coke,1,t" "$B,2024-03,coke,2,t" \
	"$B,2024-03,natural_gaz,1,m3" "$C,2024-03,coke,3,t" "$C,2024-03,diesel,-1,t" >"$WORK/three.csv"
reject "three bad rows" "$WORK/three.csv" 3 3 "not a registered enterprise" 5 "natural_gaz" 7 "negative"

# a file of good rows with one bad row at the end stores nothing (the rows stream
# into the store before the bad one is seen)
awk -v a=$A -v b=$B 'BEGIN {
	print "uscc,period,item,quantity,unit"
	for (y = 2010; y < 2020; y++) for (m = 1; m <= 12; m++) {
		printf "%s,%d-%02d,electricity_grid,%d,kWh\n", a, y, m, y * 100 + m
		printf "%s,%d-%02d,natural_gas,%d,m3\n", b, y, m, m
	}
	printf "%s,2020-01,electricity_grid,oops,kWh\n", a
}' >"$WORK/mixed-end.csv"
reject "240 good rows then a bad one" "$WORK/mixed-end.csv" 1 242 "'oops'"
# and the same with the bad row first
{ echo $HEADER; echo "$A,2020-01,electricity_grid,oops,kWh"; tail -n +2 "$WORK/mixed-end.csv" | head -n 240; } >"$WORK/mixed-start.csv"
reject "a bad row then 240 good ones" "$WORK/mixed-start.csv" 1 2 "'oops'"

# ---- stdin, missing file ----
printf '%s\n' $HEADER "$B,2024-07,electricity_grid,777,kWh" >"$WORK/stdin.csv"
gp import activity - <"$WORK/stdin.csv"
check "stdin: exit 0" expect_rc 0
check "stdin: 1 row, 1 new" out_has "1 rows (1 new, 0 replaced, 0 unchanged)"
gp ledger --format json --enterprise $B
check "stdin: the row is in the ledger" ledger_is $B 2024-07 electricity_grid 777 kWh

printf '%s\n' $HEADER "$B,2024-08,electricity_grid,1,kWh" "$B,2024-08,natural_gaz,1,m3" >"$WORK/stdin-bad.csv"
dump >"$WORK/before.sql"
gp import activity - <"$WORK/stdin-bad.csv"
check "stdin bad: exit 1" expect_rc 1
check "stdin bad: the bad row reported on line 3" grep -qE -- '^[^ ]*:3: .*natural_gaz' "$WORK/err"
check "stdin bad: last stderr line says rejected" last_err_has rejected
dump >"$WORK/after.sql"
check "stdin bad: nothing stored" same_dump

dump >"$WORK/before.sql"
gp import activity "$WORK/no-such-file.csv"
check "missing file: exit 1" expect_rc 1
check "missing file: message names the file" err_has "$WORK/no-such-file.csv"
dump >"$WORK/after.sql"
check "missing file: nothing stored" same_dump

# ---- BOM + CRLF reads the same as plain LF ----
cat >"$WORK/plain.csv" <<EOF
$HEADER
$A,2023-01,electricity_grid,12.5,万kWh
$A,2023-01,value_added,3,亿元
$B,2023-02,raw_coal,250,kg
$C,2023-03,"water_withdrawal",42,t
EOF
{ printf '\357\273\277'; sed 's/$/\r/' "$WORK/plain.csv"; } >"$WORK/bom-crlf.csv"
check "bom-crlf file starts with EF BB BF" [ "$(head -c 3 "$WORK/bom-crlf.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]
check "bom-crlf file has 5 CRLF lines" [ "$(grep -c $'\r$' "$WORK/bom-crlf.csv")" -eq 5 ]
SAVED_DB=$GREENPARK_DB
export GREENPARK_DB="$WORK/plain.db"
fresh
"$GREENPARK" import enterprises "$TESTDATA/enterprises.csv" >/dev/null
gp import activity "$WORK/plain.csv"
check "plain LF: exit 0" expect_rc 0
gp ledger --format csv
cp "$WORK/out" "$WORK/ledger-plain.csv"
export GREENPARK_DB="$WORK/bom.db"
fresh
"$GREENPARK" import enterprises "$TESTDATA/enterprises.csv" >/dev/null
gp import activity "$WORK/bom-crlf.csv"
check "BOM+CRLF: exit 0" expect_rc 0
check "BOM+CRLF: 4 rows, 4 new" out_has "4 rows (4 new, 0 replaced, 0 unchanged)"
gp ledger --format csv
check "BOM+CRLF: ledger has the 4 rows" [ "$(tail -n +2 "$WORK/out" | grep -c .)" -eq 4 ]
check "BOM+CRLF: ledger identical to the LF import's" cmp -s "$WORK/out" "$WORK/ledger-plain.csv"
# a bad row in a BOM+CRLF file is still reported on its physical line
{ printf '\357\273\277'; printf '%s\r\n' $HEADER "$A,2023-04,electricity_grid,1,kWh" "$A,2023-04,coke,x,t"; } >"$WORK/bom-bad.csv"
dump >"$WORK/before.sql"
gp import activity "$WORK/bom-bad.csv"
check "BOM+CRLF bad row: exit 1" expect_rc 1
check "BOM+CRLF bad row: reported on line 3" err_line "$WORK/bom-bad.csv:3: " "'x'"
dump >"$WORK/after.sql"
check "BOM+CRLF bad row: nothing stored" same_dump
export GREENPARK_DB=$SAVED_DB

# ---- unit conversion end to end (万 = 10^4, 亿 = 10^8, M = 10^6, kg = 10^-3 t,
# 1 t of water = 1 m3) ----
printf '%s\n' $HEADER \
	"$C,2022-01,electricity_grid,1,万kWh" \
	"$C,2022-02,electricity_grid,1,MWh" \
	"$C,2022-01,value_added,2,亿元" \
	"$C,2022-01,output_value,12345,元" \
	"$C,2022-01,raw_coal,5000,kg" \
	"$C,2022-01,water_withdrawal,3,t" \
	"$C,2022-01,natural_gas,1.5,万m3" \
	"$C,2022-01,heat_purchased,2500,MJ" >"$WORK/units.csv"
gp import activity "$WORK/units.csv"
check "units: exit 0" expect_rc 0
gp ledger --format json --enterprise $C
check "units: 1 万kWh = 1e4 kWh" ledger_is $C 2022-01 electricity_grid 10000 kWh
check "units: 1 MWh = 1000 kWh" ledger_is $C 2022-02 electricity_grid 1000 kWh
check "units: 2 亿元 = 2e8/1e4 = 20000 万元" ledger_is $C 2022-01 value_added 20000 万元
check "units: 12345 元 = 1.2345 万元" ledger_is $C 2022-01 output_value 1.2345 万元
check "units: 5000 kg coal = 5 t" ledger_is $C 2022-01 raw_coal 5 t
check "units: 3 t water = 3 m3" ledger_is $C 2022-01 water_withdrawal 3 m3
check "units: 1.5 万m3 gas = 15000 m3" ledger_is $C 2022-01 natural_gas 15000 m3
check "units: 2500 MJ = 2.5 GJ" ledger_is $C 2022-01 heat_purchased 2.5 GJ

# ---- re-import replaces, audited; same value is unchanged, not audited ----
gp audit --entity activity --format json --limit 100000
audits0=$(jq_out length)
printf '%s\n' $HEADER "$B,2021-06,electricity_grid,100,kWh" >"$WORK/r1.csv"
gp import activity "$WORK/r1.csv"
check "replace: first value imported (1 new)" out_has "1 rows (1 new, 0 replaced, 0 unchanged)"
printf '%s\n' $HEADER "$B,2021-06,electricity_grid,250,kWh" >"$WORK/r2.csv"
gp import activity "$WORK/r2.csv"
check "replace: exit 0" expect_rc 0
check "replace: counts 1 replaced" out_has "1 rows (0 new, 1 replaced, 0 unchanged)"
gp ledger --format json --enterprise $B
check "replace: ledger shows the new value 250 kWh" ledger_is $B 2021-06 electricity_grid 250 kWh
gp audit --entity activity --format json --limit 100000
check "replace: one new activity audit entry" [ "$(jq_out length)" -eq $((audits0 + 1)) ]
KEY="$B/2021-06/electricity_grid"
check "replace: newest entry's key is USCC/YYYY-MM/item" [ "$(jq_out '.[0].key')" = "$KEY" ]
check "replace: audit before.quantity = 100" near_json '.[0].before.quantity' 100 1e-9
check "replace: audit after.quantity = 250" near_json '.[0].after.quantity' 250 1e-9
check "replace: audit actor = e2e" [ "$(jq_out '.[0].actor')" = e2e ]

# the same value again, and the same value in another unit (0.25 MWh = 250 kWh)
printf '%s\n' $HEADER "$B,2021-06,electricity_grid,0.25,MWh" >"$WORK/r3.csv"
for f in r2 r3; do
	gp import activity "$WORK/$f.csv"
	check "same value ($f): counts 1 unchanged" out_has "1 rows (0 new, 0 replaced, 1 unchanged)"
	gp audit --entity activity --format json --limit 100000
	check "same value ($f): no new audit entry" [ "$(jq_out length)" -eq $((audits0 + 1)) ]
done
gp ledger --format json --enterprise $B
check "same value: ledger still 250 kWh" ledger_is $B 2021-06 electricity_grid 250 kWh

# one file: one new, one replaced (in another unit), one unchanged
printf '%s\n' $HEADER "$B,2021-07,electricity_grid,5,kWh" "$B,2021-06,electricity_grid,0.3,MWh" \
	"$B,2024-07,electricity_grid,777,kWh" >"$WORK/r4.csv"
gp import activity "$WORK/r4.csv"
check "mixed re-import: 1 new, 1 replaced, 1 unchanged" out_has "3 rows (1 new, 1 replaced, 1 unchanged)"
gp ledger --format json --enterprise $B
check "mixed re-import: 0.3 MWh replaced 250 kWh with 300 kWh" ledger_is $B 2021-06 electricity_grid 300 kWh
gp audit --entity activity --format json --limit 100000
check "mixed re-import: exactly one more audit entry" [ "$(jq_out length)" -eq $((audits0 + 2)) ]
check "mixed re-import: its key is $KEY" [ "$(jq_out '.[0].key')" = "$KEY" ]
check "mixed re-import: before.quantity = 250" near_json '.[0].before.quantity' 250 1e-9
check "mixed re-import: after.quantity = 0.3 MWh x 1000 = 300" near_json '.[0].after.quantity' 300 1e-9

finish
