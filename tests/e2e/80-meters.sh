#!/bin/bash
# 80-meters.sh — meters and readings end to end: the registry's checks, 'import readings'
# from CSV and line protocol (every bad line as FILE:LINE, nothing stored), rollups against
# a brute-force sum of the same file (awk), late and corrected points replacing stored ones
# with the days and months recomputed, duplicates within a file (the last wins), and the
# bytes a point takes. Times: 2024-01-01T00:00:00+08:00 = 1704038400.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
A=91370406MA0000101U # an enterprise of data/sample
T0=1704038400

fresh
gp import enterprises "$TOP/data/sample/enterprises.csv"
check "sample enterprises" expect_rc 0

# ---- the registry ----
gp meter add M1 --enterprise "$A" --item electricity_grid --unit kWh --kind cumulative --multiplier 2
check "meter add: cumulative with a multiplier" expect_rc 0
gp meter add M1 --enterprise "$A" --item electricity_grid --unit kWh --kind cumulative
check "meter add: a code twice is refused" err_has "meter M1 exists already"
gp meter add M2 --enterprise "$A" --item electricity --unit kWh --kind interval
check "meter add: unknown item named" err_has "item 'electricity' is not in the factor library"
gp meter add M2 --enterprise "$A" --item electricity_grid --unit m3 --kind interval
check "meter add: a unit the item does not take" expect_rc 1
gp meter add M2 --enterprise "$A" --item electricity_grid --unit 万kWh --kind interval
check "meter add: interval in 万kWh" expect_rc 0
gp meter add R1 --enterprise "$A" --item natural_gas --unit m3 --kind cumulative --rollover 100000 --interval 3600
check "meter add: a gas counter with rollover" expect_rc 0
gp meter add X1 --enterprise "$A" --item electricity_grid --unit kWh --kind instant --rollover 5
check "meter add: rollover on an instantaneous meter refused" err_has "cumulative meters only"

# ---- a month and a day of 15-minute counter readings (deterministic) ----
awk -v t0=$T0 'BEGIN { print "meter,ts,value"; v = 1000; srand(7)
	for (i = 0; i <= 96 * 31; i++) { v += int(rand() * 500) / 100; printf "M1,%d,%.2f\n", t0 + 900 * i, v } }' >"$WORK/m1.csv"
gp import readings "$WORK/m1.csv"
check "CSV readings imported: 2977" out_has "2977 readings"

# brute force: the day's consumption = the increments of the readings in (day start, day
# end] × 2, where a drop (no rollover on M1) is a reset that counts the new reading
brute_day() { awk -F, -v s="$1" 'NR > 2 { if ($2 > s && $2 <= s + 86400) t += ($3 < p) ? $3 : $3 - p } NR > 1 { p = $3 } END { printf "%.6f", 2 * t }' "$WORK/m1.csv"; }
gp meter series M1 --from 2024-01-02T00:00:00+08:00 --to 2024-01-03T00:00:00+08:00 --step day --format json
check "day 2024-01-02 = the brute-force sum" near_json '.points[0][1]' "$(brute_day $((T0 + 86400)))" 1e-6
check "day's point stamped with the day's start" [ "$(jq_out '.points[0][0]')" = $((T0 + 86400)) ]
gp meter series M1 --from 2024-01-01T00:00:00+08:00 --to 2024-02-01T00:00:00+08:00 --step month --format json
jan=$(awk -F, -v s=$T0 'NR > 2 { if ($2 > s && $2 <= s + 31 * 86400) t += $3 - p } NR > 1 { p = $3 } END { printf "%.6f", 2 * t }' "$WORK/m1.csv")
check "January = the brute-force sum of its days" near_json '.points[0][1]' "$jan" 1e-6
gp meter series M1 --from 2024-01-05T00:00:00+08:00 --to 2024-01-05T01:00:00+08:00 --step hour --format json
h=$(awk -F, -v s=$((T0 + 4 * 86400)) 'NR > 2 { if ($2 > s && $2 <= s + 3600) t += $3 - p } NR > 1 { p = $3 } END { printf "%.6f", 2 * t }' "$WORK/m1.csv")
check "hour 2024-01-05 00:00-01:00 = its four increments" near_json '.points[0][1]' "$h" 1e-6
gp meter series M1 --from 2024-01-05T00:00:00+08:00 --to 2024-01-05T01:00:01+08:00 --step raw --format json
check "raw readings × multiplier, in [from, to)" [ "$(jq_out '.points | length')" = 5 ]

# ---- late and corrected points ----
dump >"$WORK/before.sql"
cat >"$WORK/late.lp" <<EOF
# corrections: line protocol, out of order, one duplicate (the last wins)
energy,meter=M1,site=a value=0 $(((T0 + 86400 * 10 + 900 * 5) * 1000000000))
energy,meter=M1 value=999999 $(((T0 + 86400 * 3 + 900 * 7) * 1000000000))
energy,meter=M1 value=1e9 $(((T0 + 86400 * 10 + 900 * 5) * 1000000000))
EOF
gp import readings "$WORK/late.lp"
check "line protocol imported" expect_rc 0
# the brute force on the corrected file
awk -F, -v a=$((T0 + 86400 * 10 + 4500)) -v b=$((T0 + 86400 * 3 + 6300)) 'NR == 1 || ($2 != a && $2 != b) { print; next } $2 == a { print "M1," a ",1e9"; next } { print "M1," b ",999999" }' "$WORK/m1.csv" >"$WORK/m1c.csv"
cp "$WORK/m1c.csv" "$WORK/m1.csv"
gp meter series M1 --from 2024-01-04T00:00:00+08:00 --to 2024-01-05T00:00:00+08:00 --step day --format json
check "a corrected reading: its day recomputed (a jump, then a reset)" near_json '.points[0][1]' "$(brute_day $((T0 + 3 * 86400)))" 1e-3
gp meter series M1 --from 2024-01-11T00:00:00+08:00 --to 2024-01-12T00:00:00+08:00 --step day --format json
check "the last of two equal points wins (1e9, then a reset to the next reading)" jq -e '.points[0][1] > 0' "$WORK/out"
check "that day = the brute-force sum with the later point (1e9)" near_json '.points[0][1]' "$(brute_day $((T0 + 10 * 86400)))" 1e-3
gp meter series M1 --from $((T0 + 86400 * 10 + 4500)) --to $((T0 + 86400 * 10 + 4501)) --step raw --format json
check "the stored reading at that time is the later one: 1e9 × multiplier 2" jq -e '.points == [['$((T0 + 86400 * 10 + 4500))', 2000000000]]' "$WORK/out"
gp meter series M1 --from 2024-01-01T00:00:00+08:00 --to 2024-02-01T00:00:00+08:00 --step month --format json
check "January recomputed after the corrections" jq -e '.points[0][1] != '"$jan" "$WORK/out"
janc=$(awk -F, -v s=$T0 'NR > 2 { if ($2 > s && $2 <= s + 31 * 86400) t += ($3 < p) ? $3 : $3 - p } NR > 1 { p = $3 } END { printf "%.6f", 2 * t }' "$WORK/m1.csv")
check "January = the brute-force sum of the corrected file (a drop counts as a reset)" near_json '.points[0][1]' "$janc" 1e-2

# ---- bad files: every bad line named, nothing stored ----
cat >"$WORK/bad.csv" <<EOF
meter,ts,value
M1,2024-01-01T00:00:00+08:00,1
NOPE,2024-01-01T00:00:00+08:00,1
M1,2024-01-01T00:00:00,1
M1,2024-01-01T00:00:00+08:00,abc
EOF
reject_import readings "readings: bad CSV" "$WORK/bad.csv" 3 \
	3 "meter 'NOPE' does not exist" \
	4 "is not a time (expected RFC 3339 with an offset" \
	5 "value 'abc' is not a number"
cat >"$WORK/bad.lp" <<EOF
energy,meter=M1 value=1 1704038400000000000
energy value=1 1704038400000000000
energy,meter=M1 val=1 1704038400000000000
energy,meter=M1 value=1
EOF
reject_import readings "readings: bad line protocol" "$WORK/bad.lp" 3 \
	2 "no meter tag" \
	3 "no value field" \
	4 "no timestamp"

# ---- bytes per point on a larger set: 20 meters × 30 days × 96 ----
for k in $(seq 1 20); do "$GREENPARK" meter add "B$k" --enterprise "$A" --item electricity_grid --unit kWh --kind cumulative >/dev/null; done
awk -v t0=$T0 'BEGIN { print "meter,ts,value"; srand(11)
	for (k = 1; k <= 20; k++) { v = 1000 * k; for (i = 1; i <= 96 * 30; i++) { v += int(rand() * 300) / 100; printf "B%d,%d,%.2f\n", k, t0 + 900 * i, v } } }' >"$WORK/big.csv"
gp import readings "$WORK/big.csv"
check "57,600 readings imported" out_has "57600 readings"
gp meter stats --format json
check "≤ 4 bytes a point on disk, rollups included (issue 6's target)" jq -e '.bytes_per_point <= 4' "$WORK/out"
echo "    bytes/point: $(jq_out .bytes_per_point)" >&2

# ---- meters feed the ledger: a water meter of enterprise C in 2024-03 ----
C=91370406MA00001032
gp meter add W1 --enterprise "$C" --item water_withdrawal --unit m3 --kind interval --interval 86400
gp meter add W2 --enterprise "$C" --item water_withdrawal --unit t --kind cumulative --interval 86400
M3=1709222400 # 2024-03-01T00:00:00+08:00
printf 'meter,ts,value\nW1,%d,100\nW1,%d,150\nW2,%d,1000\nW2,%d,1025\n' $((M3 + 86400)) $((M3 + 2 * 86400)) $((M3 + 86400)) $((M3 + 2 * 86400)) >"$WORK/water.csv"
gp import readings "$WORK/water.csv"
# March: W1 100 + 150 = 250 m3; W2 1025 - 1000 = 25 t = 25 m3 (water t = m3): 275 m3
printf 'uscc,period,item,quantity,unit\n%s,2024-03,water_withdrawal,270,m3\n' "$C" >"$WORK/reported.csv"
gp import activity "$WORK/reported.csv"
gp meter reconcile --year 2024 --enterprise "$C" --format json
check "reconcile: meters of an item add up (250 + 25 = 275 m3)" jq -e '.rows == [.rows[] | select(.period == "2024-03")] and .rows[0].meter == 275 and .rows[0].reported == 270' "$WORK/out"
check "reconcile: 5 m3 over 270 (1.9 %) is within 5 %" jq -e '.rows[0].flagged == false and .flagged == 0' "$WORK/out"
gp meter reconcile --year 2024 --enterprise "$C" --tolerance 0.01 --format json
check "reconcile: and flagged at 1 %" jq -e '.rows[0].flagged == true and .flagged == 1' "$WORK/out"
gp meter reconcile --year 2024 --enterprise "$C" --apply
check "apply without replace keeps the reported 270" sh -c "'$GREENPARK' ledger --enterprise $C --year 2024 --format json | jq -e '[.[] | select(.item == \"water_withdrawal\" and .period == \"2024-03\")][0].quantity == 270' >/dev/null"
gp meter reconcile --year 2024 --enterprise "$C" --apply --replace
check "apply --replace writes the meters' 275, a batch of kind meter" out_has "0 months new, 1 replaced"
check "the ledger now holds 275" sh -c "'$GREENPARK' ledger --enterprise $C --year 2024 --format json | jq -e '[.[] | select(.item == \"water_withdrawal\" and .period == \"2024-03\")][0].quantity == 275' >/dev/null"
gp audit --entity activity --format json --limit 10
check "the replacement is audited with the old value" jq -e '.[0].key == "'"$C"'/2024-03/water_withdrawal" and .[0].before.quantity == 270 and .[0].after.quantity == 275' "$WORK/out"

# ---- 总分表平衡: a master and its two sub-meters, March 2024 ----
gp meter add WM --enterprise "$C" --item water_withdrawal --unit m3 --kind interval --interval 86400
gp meter add WS1 --enterprise "$C" --item water_withdrawal --unit m3 --kind interval --interval 86400 --parent WM
check "a sub-meter names its master" expect_rc 0
gp meter add WS2 --enterprise "$C" --item water_withdrawal --unit m3 --kind interval --interval 86400 --parent WM
gp meter add WX --enterprise "$C" --item electricity_grid --unit kWh --kind interval --parent WM
check "a sub-meter of another item is refused" err_has "a sub-meter measures the same item as its master"
gp meter add WY --enterprise "$C" --item water_withdrawal --unit m3 --kind interval --parent NOPE
check "an unknown master is refused" err_has "no meter 'NOPE'"
printf 'meter,ts,value\nWM,%d,200\nWM,%d,80\nWS1,%d,120\nWS2,%d,75\nWS2,%d,1\n' $((M3 + 86400)) $((M3 + 2 * 86400)) $((M3 + 86400)) $((M3 + 86400)) $((M3 + 2 * 86400)) >"$WORK/tree.csv"
gp import readings "$WORK/tree.csv"
# March: master 200 + 80 = 280; subs 120 + 75 + 1 = 196; difference 84 = 30 % of 280
gp meter balance --year 2024 --format json
gp meter reconcile --year 2024 --enterprise "$C" --format json
check "reconcile counts the master (280) and not its sub-meters: 275 + 280 = 555 m3" jq -e '[.rows[] | select(.period == "2024-03")][0].meter == 555' "$WORK/out"
gp meter balance --year 2024 --format json
check "balance: master 280, subs 196, difference 84 (30 %)" jq -e '.rows == [{"master": "WM", "uscc": "'"$C"'", "month": "2024-03", "master_value": 280, "subs_value": 196, "subs": 2, "difference": 84, "share": 0.3}]' "$WORK/out"

# ---- a virtual meter: the tenant without a meter = WM - WS1 - WS2 ----
gp meter add TEN --enterprise "$C" --item water_withdrawal --unit m3 --kind virtual --formula "WM - WS1 - WS2"
check "virtual meter added" expect_rc 0
gp meter add BAD --enterprise "$C" --item water_withdrawal --unit m3 --kind virtual --formula "WM - - "
check "a formula that is not meters joined by + and - is refused" err_has "is not meters joined by + and -"
gp meter add BAD --enterprise "$C" --item water_withdrawal --unit m3 --kind virtual --formula "WM - WX9"
check "a formula naming a missing meter is refused" err_has "no meter 'WX9'"
gp meter add BAD --enterprise "$C" --item water_withdrawal --unit m3 --kind virtual --formula "WM - M1"
check "a formula mixing items is refused" err_has "must be a meter of water_withdrawal"
# the readings at 03-02 00:00 settle 03-01: WM 200, WS1 120, WS2 75 → 5; those at 03-03 00:00
# settle 03-02: WM 80, WS2 1, but WS1 none → left out
gp meter series TEN --from 2024-03-01T00:00:00+08:00 --to 2024-03-04T00:00:00+08:00 --step day --format json
check "virtual series: 200 - 120 - 75 = 5 on the day every term has, nothing on the day one lacks" jq -e '.points == [['$M3', 5]] and .formula == "WM - WS1 - WS2"' "$WORK/out"
gp meter series TEN --from 2024-03-01T00:00:00+08:00 --to 2024-03-04T00:00:00+08:00 --step raw
check "virtual series has no raw readings" err_has "has no raw readings"
printf 'meter,ts,value\nTEN,%d,1\n' $((M3 + 86400)) >"$WORK/ten.csv"
reject_import readings "readings for a virtual meter" "$WORK/ten.csv" 1 2 "is virtual (WM - WS1 - WS2): it takes no readings"

# ---- HTTP: POST /write and the series, scoped to the enterprise ----
B=91370406MA0000102Y # another enterprise of data/sample
gp meter add OTHER --enterprise "$B" --item electricity_grid --unit kWh --kind interval
echo enterprise-pass-80 | "$GREENPARK" user add enta --role enterprise --enterprise "$A" >/dev/null
echo viewer-pass-80 | "$GREENPARK" user add vw --role viewer >/dev/null
echo analyst-pass-80 | "$GREENPARK" user add ana --role analyst >/dev/null
T_ENT=$("$GREENPARK" token create enta 2>/dev/null)
T_VIEW=$("$GREENPARK" token create vw 2>/dev/null)
T_ANA=$("$GREENPARK" token create ana 2>/dev/null)
serve_start || exit 1
LP='Content-Type: text/plain'
D6=$((T0 + 86400 * 40)) # 2024-02-10
TOKEN=$T_ENT api POST /write -H "$LP" --data-binary "energy,meter=M2 value=1.5 $(((D6 + 900) * 1000000000))
energy,meter=M2 value=2.5 $(((D6 + 1800) * 1000000000))"
check "write: line protocol, own meter: 200" status_is 200
check "write: 2 points written" body_jq '.written == 2'
TOKEN=$T_ENT api GET "/meters/M2/series?from=$D6&to=$((D6 + 86400))&step=raw"
check "series: the written points, 万kWh → kWh" body_jq '.points == [['$((D6 + 900))', 15000], ['$((D6 + 1800))', 25000]] and .unit == "kWh"'
TOKEN=$T_ENT api GET "/meters/M2/series?from=$D6&to=$((D6 + 86400))&step=hour"
check "series hour: the sum of the interval readings" body_jq '.points == [['$D6', 40000]]'
TOKEN=$T_ENT api POST /write -H "$LP" --data-binary "energy,meter=OTHER value=9 $(((D6 + 900) * 1000000000))
energy,meter=M2 value=3 $(((D6 + 2700) * 1000000000))
energy,meter=M2 value=x $(((D6 + 3600) * 1000000000))"
check "write: another enterprise's meter and a bad value rejected, by line: 400" body_jq '.error.code == "bad_request" and ([.error.details[].line] == [1, 3]) and (.error.details[0].message | test("another enterprise"))'
check "write: the good point of that request is written" sh -c "'$GREENPARK' meter series M2 --from $D6 --to $((D6 + 86400)) --format json | jq -e '.points | length == 3' >/dev/null"
check "write: nothing of the other enterprise's" sh -c "'$GREENPARK' meter series OTHER --from $D6 --to $((D6 + 86400)) --format json | jq -e '.points | length == 0' >/dev/null"
TOKEN=$T_ENT api GET "/meters/OTHER/series?from=$D6&to=$((D6 + 86400))"
check "series of another enterprise's meter: 404" error_is 404 not_found
TOKEN=$T_ENT api GET /meters
check "meters: an enterprise lists its own only" body_jq 'all(.items[]; .uscc == "'"$A"'") and .total >= 2'
check "meters: each with its latest reading (M2's last write: 3 万kWh = 30000 kWh)" body_jq '[.items[] | select(.code == "M2")][0].latest == {"ts": '$((D6 + 2700))', "value": 30000}'
TOKEN=$T_ENT api GET '/meters/quality?year=2024'
check "quality: months of its own meters only, with coverage and flags" body_jq '(.items | length) > 0 and all(.items[]; .meter != "OTHER" and .meter != "W1") and ([.items[] | select(.meter == "M1" and .month == "2024-01")][0] | .days == 31 and (.flags | index("spike")) != null)'
TOKEN=$T_ENT api GET '/meters/reconciliation?year=2024'
check "reconciliation: an enterprise sees its own rows" body_jq '(.rows | length) > 0 and all(.rows[]; .uscc == "'"$A"'")'
TOKEN=$T_VIEW api GET /meters
check "meters: a viewer is refused (403)" error_is 403 forbidden
TOKEN=$T_ANA api POST /write -H 'Content-Type: text/csv' --data-binary "meter,ts,value
OTHER,2024-02-10T00:15:00+08:00,7"
check "write: CSV by an analyst, any meter: 200" body_jq '.written == 1'
TOKEN=$T_ANA api GET '/meters?per_page=500'
check "meters: a sub-meter names its parent, a virtual meter its formula, units both ways" body_jq '([.items[] | select(.code == "WS1")][0].parent == "WM") and ([.items[] | select(.code == "TEN")][0].formula == "WM - WS1 - WS2") and ([.items[] | select(.code == "M2")][0] | .unit == "万kWh" and .item_unit == "kWh")'
TOKEN=$T_ANA api POST /write -H 'Content-Type: application/json' --data-binary '{}'
check "write: JSON is 415" error_is 415 unsupported_media_type
TOKEN=$T_ANA api GET "/meters/M2/series?from=2024-02-10&to=$D6"
check "series: a bad time is 400 naming the form" body_jq '.error.message | test("RFC 3339")'

finish
