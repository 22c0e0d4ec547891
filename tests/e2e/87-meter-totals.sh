#!/bin/bash
# 87-meter-totals.sh — every meter's months ('meter months', GET /meters/months) and the
# park's daily totals ('meter totals', GET /meters/totals), both read from rollups kept on
# ingest, against a brute-force sum (awk) of the same readings: main meters only in the
# park's total (a sub-meter's master counts it already), an enterprise's total counting a
# tenant sub-meter under another enterprise's master, instantaneous meters left out, a
# virtual meter's months from its terms, totals kept right through late corrections, writes
# over HTTP (the readings log, settled before a read), scoping and bad parameters.
# Days and months are the park's (UTC+8); a reading at t closes (t_prev, t], in the day of
# t − 1 s. 2024-01-30T00:00:00+08:00 = 1706544000.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
A=91370406MA0000101U # enterprises of data/sample
B=91370406MA0000102Y
T0=1706544000

fresh
gp import enterprises "$TOP/data/sample/enterprises.csv"
check "sample enterprises" expect_rc 0
# A: a main counter (× 2) with a sub-meter; B: a main interval meter and a tenant sub-meter
# under A's main meter; an instantaneous meter and a virtual one
gp meter add AM --enterprise "$A" --item electricity_grid --unit kWh --kind cumulative --multiplier 2
gp meter add AS --enterprise "$A" --item electricity_grid --unit kWh --kind interval --parent AM
gp meter add BM --enterprise "$B" --item electricity_grid --unit 万kWh --kind interval
gp meter add BT --enterprise "$B" --item electricity_grid --unit kWh --kind interval --parent AM
gp meter add AI --enterprise "$A" --item electricity_grid --unit kWh --kind instant
gp meter add AV --enterprise "$A" --item electricity_grid --unit kWh --kind virtual --formula "AM - AS"
gp meter add AW --enterprise "$A" --item water_withdrawal --unit m3 --kind interval
check "meters added" expect_rc 0

# 4 days of 15-minute readings from 2024-01-30 00:00 (+08:00) to 2024-02-03 00:00: the first
# reading (at T0) closes 2024-01-29; the last closes 2024-02-02
awk -v t0=$T0 'BEGIN { print "meter,ts,value"; srand(87); c = 5000
	for (i = 0; i <= 96 * 4; i++) { t = t0 + 900 * i; c += int(rand() * 800) / 100
		printf "AM,%d,%.2f\nAS,%d,%.2f\nBM,%d,%.4f\nBT,%d,%.2f\nAI,%d,%.1f\nAW,%d,%.1f\n", t, c, t, int(rand() * 300) / 100, t, int(rand() * 50) / 10000, t, int(rand() * 200) / 100, t, 100 + int(rand() * 900) / 10, t, int(rand() * 100) / 10 } }' >"$WORK/r.csv"
gp import readings "$WORK/r.csv"
check "readings imported" expect_rc 0

# brute force: per (meter, local day) the day's value in kWh (or m3): a counter's increments
# × 2, an interval meter's sum (BM's 万kWh × 10000); printed as "meter day value"
brute() {
	awk -F, 'NR > 1 { d = int(($2 - 1 + 28800) / 86400); m = $1
		if (m == "AM") { if (m in p) v[m, d] += 2 * ($3 - p[m]); p[m] = $3 }
		else if (m == "BM") v[m, d] += 10000 * $3
		else if (m != "AI") v[m, d] += $3
		seen[m, d] = 1 }
	END { for (k in seen) { split(k, x, SUBSEP); printf "%s %d %.6f\n", x[1], x[2], v[x[1], x[2]] } }' "$1"
}
brute "$WORK/r.csv" >"$WORK/days"
# the park's total of a day (days since 1970): its main meters AM and BM
park_day() { awk -v d="$1" '$2 == d && ($1 == "AM" || $1 == "BM") { t += $3 } END { printf "%.6f", t }' "$WORK/days"; }
ent_day() { awk -v d="$1" -v list="$2" 'BEGIN { n = split(list, l, " "); for (i = 1; i <= n; i++) want[l[i]] = 1 } $2 == d && ($1 in want) { t += $3 } END { printf "%.6f", t }' "$WORK/days"; }
month_of() { awk -v m="$1" -v a="$2" -v b="$3" '$1 == m && $2 >= a && $2 <= b { t += $3 } END { printf "%.6f", t }' "$WORK/days"; }
D30=19752 # 2024-01-30 in days since 1970-01-01
FEB1=19754

gp meter totals --from 2024-01-29 --to 2024-02-05 --format json
cp "$WORK/out" "$WORK/totals.json"
check "totals: the park's, one item per quantity (electricity, water)" jq -e '.scope == "park" and .step == "day" and ([.items[].item] == ["electricity_grid", "water_withdrawal"])' "$WORK/totals.json"
check "totals: electricity in kWh over 5 days (2024-01-29 holds only the first readings)" jq -e '(.items[0].unit == "kWh") and (.items[0].points | length == 5)' "$WORK/totals.json"
for d in 0 1 2 3; do
	day=$((D30 + d))
	check "totals: day $day = AM + BM brute force (sub-meters and the instantaneous meter left out)" near_json ".items[0].points[$((d + 1))][1]" "$(park_day $day)" 1e-4
done
check "totals: each day stamped with its start (00:00 +08:00) and 2 meters counted" jq -e '.items[0].points[1] | .[0] == '$T0' and .[2] == 2' "$WORK/totals.json"

gp meter totals --from 2024-01-01 --to 2024-02-29 --step month --format json
check "totals by month: January and February" jq -e '.step == "month" and ([.items[0].points[][0]] == [1704038400, 1706716800])' "$WORK/out"
jan_park=$(awk '($1 == "AM" || $1 == "BM") && $2 < 19754 { t += $3 } END { printf "%.6f", t }' "$WORK/days")
feb_park=$(awk '($1 == "AM" || $1 == "BM") && $2 >= 19754 { t += $3 } END { printf "%.6f", t }' "$WORK/days")
check "totals by month: January = the brute force of its days" near_json '.items[0].points[0][1]' "$jan_park" 1e-4
check "totals by month: February = the brute force of its days" near_json '.items[0].points[1][1]' "$feb_park" 1e-4

gp meter totals --from 2024-01-29 --to 2024-02-05 --enterprise "$B" --format json
# the value on the day starting at ts (A's first day, 2024-01-29, has no value: AM's first
# reading alone is no consumption)
on_day() { echo "[.items[0].points[] | select(.[0] == $1)][0][1]"; }
check "totals of B: its main meter and its tenant sub-meter under A's master" near_json "$(on_day $((T0 + 86400)))" "$(ent_day $((D30 + 1)) "BM BT")" 1e-4
check "totals of B: scope names it" jq -e '.scope == "'"$B"'"' "$WORK/out"
gp meter totals --from 2024-01-29 --to 2024-02-05 --enterprise "$A" --format json
check "totals of A: its main meter only (AS is under its own master)" near_json "$(on_day $((T0 + 86400)))" "$(ent_day $((D30 + 1)) "AM")" 1e-4
check "totals of A: from 2024-01-30, the first day AM has a value" jq -e '.items[0].points[0][0] == '$T0 "$WORK/out"

gp meter months --from 2024-01 --to 2024-02 --format json
cp "$WORK/out" "$WORK/months.json"
check "months: aligned with the months asked for" jq -e '.months == ["2024-01", "2024-02"] and (.meters | length == 7)' "$WORK/months.json"
for m in AM AS BM BT AW; do
	check "months: $m's January = the brute force" near_json "[.meters[] | select(.meter == \"$m\")][0].values[0]" "$(month_of $m 0 $((FEB1 - 1)))" 1e-4
	check "months: $m's February = the brute force" near_json "[.meters[] | select(.meter == \"$m\")][0].values[1]" "$(month_of $m $FEB1 99999)" 1e-4
done
av=$(awk -v a="$(month_of AM $FEB1 99999)" -v b="$(month_of AS $FEB1 99999)" 'BEGIN { printf "%.6f", a - b }')
check "months: the virtual meter AM - AS from its terms" near_json '[.meters[] | select(.meter == "AV")][0].values[1]' "$av" 1e-4
check "months: the instantaneous meter's mean is given as such" jq -e '[.meters[] | select(.meter == "AI")][0] | .kind == "instant" and .values[1] > 100' "$WORK/months.json"
gp meter months --from 2024-01 --to 2024-02 --format csv
check "months CSV: one row per meter and month with a value" [ "$(grep -c '^A[MSIVW],\|^B[MT],' "$WORK/out")" = 14 ]

# ---- late corrections: the totals follow the day rows ----
T1=$((T0 + 86400 + 900 * 40)) # 2024-01-31 10:00
printf 'meter,ts,value\nBM,%d,0.5\nAS,%d,1000\n' $T1 $T1 >"$WORK/late.csv"
gp import readings "$WORK/late.csv"
awk -F, -v t=$T1 'NR > 1 && $2 == t && $1 == "BM" { print "BM," t ",0.5"; next } NR > 1 && $2 == t && $1 == "AS" { print "AS," t ",1000"; next } { print }' "$WORK/r.csv" >"$WORK/r2.csv"
brute "$WORK/r2.csv" >"$WORK/days"
gp meter totals --from 2024-01-29 --to 2024-02-05 --format json
check "after a correction: the day's park total = the brute force of the corrected file" near_json '.items[0].points[2][1]' "$(park_day $((D30 + 1)))" 1e-4
check "after a correction: the day moved by BM's change" jq -e '.items[0].points[2][1] != '"$(jq '.items[0].points[2][1]' "$WORK/totals.json")" "$WORK/out"
check "after a correction: the other days unchanged" jq -e '.items[0].points[3] == '"$(jq -c '.items[0].points[3]' "$WORK/totals.json")" "$WORK/out"

# ---- bad parameters ----
gp meter totals --from 2024-02-05 --to 2024-01-29
check "totals: to before from refused" err_has "to must not be before from"
gp meter totals --from 2024-01-29 --to 2024-02-05 --step week
check "totals: a bad step names the choices" err_has "day | month"
gp meter totals --from 2024-01 --to 2024-02-05
check "totals: a month where a date is due names the form" err_has "YYYY-MM-DD"
gp meter months --from 2000-01 --to 2024-02
check "months: more than 240 months refused" err_has "at most 240"
gp meter months --from 2024-01
check "months: --to is needed" err_has "needs --from and --to"

# ---- HTTP: writes through the log, then the totals; scoping ----
echo enterprise-pass-87 | "$GREENPARK" user add entb --role enterprise --enterprise "$B" >/dev/null
echo analyst-pass-87 | "$GREENPARK" user add ana --role analyst >/dev/null
T_ENT=$("$GREENPARK" token create entb 2>/dev/null)
T_ANA=$("$GREENPARK" token create ana 2>/dev/null)
serve_start || exit 1
T2=$((T0 + 86400 * 4 + 900)) # 2024-02-03 00:15, closing a day of its own
TOKEN=$T_ANA api POST /write -H 'Content-Type: text/plain' --data-binary "energy,meter=BM value=0.25 $((T2 * 1000000000))
energy,meter=BT value=7 $((T2 * 1000000000))"
check "write: 2 points acknowledged" body_jq '.written == 2'
TOKEN=$T_ANA api GET '/meters/totals?from=2024-02-03&to=2024-02-03'
check "totals over HTTP include the points just acknowledged: BM 2500 kWh (BT is a sub-meter)" body_jq '.items[0].points == [['$((T0 + 86400 * 4))', 2500, 1]]'
TOKEN=$T_ENT api GET '/meters/totals?from=2024-02-03&to=2024-02-03'
check "totals for an enterprise user: its own, BM + BT = 2507" body_jq '.scope == "'"$B"'" and .items[0].points == [['$((T0 + 86400 * 4))', 2507, 2]]'
TOKEN=$T_ENT api GET '/meters/months?from=2024-01&to=2024-02'
check "months for an enterprise user: its own meters only" body_jq '[.meters[].meter] == ["BM", "BT"]'
TOKEN=$T_ANA api GET '/meters/months?from=2024-01&to=2024-02'
check "months for an analyst: every meter" body_jq '(.meters | length) == 7'
TOKEN=$T_ANA api GET '/meters/totals?from=2024-02-03'
check "totals: a missing to is 400 naming the parameters" body_jq '.error.message | test("from=YYYY-MM-DD&to=YYYY-MM-DD")'
TOKEN=$T_ANA api GET '/meters/months?from=2024-13&to=2024-02'
check "months: a bad month is 400 naming it" body_jq '.error.message | test("2024-13.*month 13")'
TOKEN=$T_ANA api GET '/meters/totals?from=2000-01-01&to=2024-02-01'
check "totals: more than 3,700 days is refused" body_jq '.error.message | test("at most 3700")'

finish
