#!/bin/bash
# 86-import-chunks.sh — 'import readings' of a file larger than one chunk (1,000,000 points
# are merged at a time, inside the import's one transaction): a bad line after the first
# chunk has been merged still leaves nothing stored; the good file's month totals equal a
# brute-force sum (awk) over the whole file, across the chunk boundary; and a later import
# replaces points of the first. Times: 2024-01-01T00:00:00+08:00 = 1704038400.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
A=91370406MA0000101U
T0=1704038400

fresh
gp import enterprises "$TOP/data/sample/enterprises.csv"
for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	gp meter add "C$k" --enterprise "$A" --item electricity_grid --unit kWh --kind cumulative
done
check "20 counters added" expect_rc 0

# 20 meters × 96 a day × 625 days = 1,200,000 points, time-major (all meters at t, then
# t + 15 min), so the chunk boundary cuts through every meter's days
awk -v t0=$T0 'BEGIN { print "meter,ts,value"; srand(86)
	for (i = 1; i <= 96 * 625; i++) for (k = 1; k <= 20; k++) {
		v[k] += int(rand() * 400) / 100; printf "C%d,%d,%.2f\n", k, t0 + 900 * i, 1000 * k + v[k] } }' >"$WORK/big.csv"
{ cat "$WORK/big.csv"; echo "C1,not-a-time,5"; } >"$WORK/bad.csv"

gp import readings "$WORK/bad.csv"
check "a bad last line: refused, naming its line" err_has "bad.csv:1200002"
gp meter stats --format json
check "a bad last line: nothing stored, though a chunk had been merged" jq -e '.points == 0' "$WORK/out"

gp import readings "$WORK/big.csv"
check "1,200,000 readings imported in two chunks" out_has "1200000 readings"
gp meter stats --format json
check "all 1,200,000 points stored" jq -e '.points == 1200000' "$WORK/out"

# brute force: C7's consumption in March 2024 (readings in (03-01 00:00, 04-01 00:00] +08:00,
# increments from the reading before) and in December 2024
brute() { awk -F, -v m=C7 -v s="$1" -v e="$2" '$1 == m { if ($2 > s && $2 <= e && p != "") t += $3 - p; p = $3 } END { printf "%.6f", t }' "$WORK/big.csv"; }
MAR=$(brute 1709222400 1711900800)
gp meter series C7 --from 2024-03-01T00:00:00+08:00 --to 2024-04-01T00:00:00+08:00 --step month --format json
check "March 2024 = the brute-force sum ($MAR)" near_json '.points[0][1]' "$MAR" 1e-6
DEC=$(brute 1732982400 1735660800)
gp meter series C7 --from 2024-12-01T00:00:00+08:00 --to 2025-01-01T00:00:00+08:00 --step month --format json
check "December 2024 = the brute-force sum ($DEC)" near_json '.points[0][1]' "$DEC" 1e-6
gp meter series C7 --from 2024-01-01T00:00:00+08:00 --to 2025-10-01T00:00:00+08:00 --step day --format json
check "625 days of C7 (the first reading at 00:15 has no increment, the day still counts)" jq -e '.points | length == 625' "$WORK/out"

# a second import replaces a point in the middle (C7 at 2024-06-01 12:00 +08:00): its day
# changes by the change of the two increments around it, i.e. not at all in total
T=1717214400
printf 'meter,ts,value\nC7,%d,%s\n' "$T" "$(awk -F, -v t=$T '$1 == "C7" && $2 == t { printf "%.2f", $3 + 0.5 }' "$WORK/big.csv")" >"$WORK/fix.csv"
gp meter series C7 --from 2024-06-01T00:00:00+08:00 --to 2024-06-02T00:00:00+08:00 --step hour --format json
H11=$(jq_out '.points[11][1]'); H12=$(jq_out '.points[12][1]')
gp import readings "$WORK/fix.csv"
check "one corrected reading imported" out_has "1 readings"
gp meter series C7 --from 2024-06-01T00:00:00+08:00 --to 2024-06-02T00:00:00+08:00 --step hour --format json
# the reading at 12:00 closes hour 11 (11:00-12:00] and opens hour 12's first increment
check "hour 11 gains 0.5" near_json '.points[11][1]' "$(awk -v a="$H11" 'BEGIN { printf "%.6f", a + 0.5 }')" 1e-6
check "hour 12 loses 0.5" near_json '.points[12][1]' "$(awk -v a="$H12" 'BEGIN { printf "%.6f", a - 0.5 }')" 1e-6

finish
