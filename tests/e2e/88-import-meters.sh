#!/bin/bash
# 88-import-meters.sh — 'greenpark import meters': a park's meter registry from one CSV file,
# checked line by line as 'meter add' checks its options (kinds, units, intervals, rollover,
# a master of the same item, a virtual meter's terms), masters and terms named on earlier
# lines or stored already, all or nothing (the store byte for byte unchanged after a bad
# file), an identical re-import left as it is, a changed definition refused, every added
# meter audited.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
A=91370406MA0000101U # enterprises of data/sample
B=91370406MA0000102Y
H=code,uscc,item,unit,kind,interval_s,multiplier,rollover,parent,formula

fresh
gp import enterprises "$TOP/data/sample/enterprises.csv"
check "sample enterprises" expect_rc 0

cat >"$WORK/meters.csv" <<EOT
$H
M1,$A,electricity_grid,kWh,cumulative,,2,99999999,,
S1,$A,electricity_grid,kWh,interval,300,,,M1,
S2,$B,electricity_grid,万kWh,interval,,,,M1,
V1,$A,electricity_grid,kWh,virtual,,,,,M1 - S1 - S2
G1,$B,natural_gas,m3,cumulative,3600,,,,
P1,$A,electricity_grid,kWh,instant,60,,,,
EOT
gp import meters "$WORK/meters.csv"
check "six meters imported" out_has "6 meters (6 new, 0 updated, 0 unchanged)"
gp meter list --format json
check "the registry holds them with their fields" jq -e 'length == 6 and (map(select(.code == "M1"))[0] | .multiplier == 2 and .rollover == 99999999 and .kind == "cumulative") and (map(select(.code == "S1"))[0].interval_s == 300) and (map(select(.code == "G1"))[0] | .item == "natural_gas" and .interval_s == 3600)' "$WORK/out"
check "a sub-meter of another enterprise under M1, in 万kWh" sh -c "'$GREENPARK' meter list --format json | jq -e 'map(select(.code == \"S2\"))[0] | .uscc == \"$B\" and .unit == \"万kWh\"' >/dev/null"
check "each added meter audited" [ "$(sqlite3 "$GREENPARK_DB" "SELECT count(*) FROM audit WHERE entity = 'meter' AND action = 'insert'")" = 6 ]
gp meter series V1 --from 2024-01-01T00:00:00+08:00 --to 2024-01-02T00:00:00+08:00 --step day --format json
check "the virtual meter answers (no readings yet)" jq -e '.formula == "M1 - S1 - S2" and .points == []' "$WORK/out"

gp import meters "$WORK/meters.csv"
check "the same file again: unchanged" out_has "6 meters (0 new, 0 updated, 6 unchanged)"

cat >"$WORK/bad.csv" <<EOT
$H
M1,$A,electricity_grid,kWh,cumulative,,3,99999999,,
N1,$A,electricity_grid,kWh,interval,,,,N2,
N2,$A,electricity_grid,kWh,interval,,,,,
X1,$A,water_withdrawal,m3,interval,,,,M1,
X2,$A,electricity_grid,kW,interval,,,,,
X3,$A,electricity_grid,kWh,virtual,,,,,M1 - NOPE
X4,$A,electricity_grid,kWh,virtual,,,,,M1 - V1
X5,$A,electricity_grid,kWh,cumulative,99999,,,,
X6,$A,electricity_grid,kWh,instant,,,5,,
X7,91370406MA0000101X,electricity_grid,kWh,interval,,,,,
X8,91370406MA00000016,electricity_grid,kWh,interval,,,,,
X9,$A,electricity,kWh,interval,,,,,
N2,$A,electricity_grid,kWh,interval,,,,,
bad code,$A,electricity_grid,kWh,interval,,,,,
X10,$A,electricity_grid,kWh,sometimes,,,,,
EOT
reject_import meters "import meters: a bad file" "$WORK/bad.csv" 14 \
	2 "meter M1 exists with another definition" \
	3 "no meter 'N2'" \
	5 "parent M1 measures electricity_grid, not water_withdrawal" \
	6 "unit 'kW' not accepted for electricity_grid (expected kWh, MWh, 万kWh)" \
	7 "no meter 'NOPE'" \
	8 "formula term V1 must be a meter of electricity_grid that takes readings" \
	9 "interval_s '99999' is not 1-86400 seconds" \
	10 "rollover applies to cumulative meters only" \
	11 "check character" \
	12 "is not a registered enterprise" \
	13 "item 'electricity' is not in the factor library" \
	14 "meter N2 already appears on line 4" \
	15 "is not a meter code" \
	16 "kind"
cat >"$WORK/hdr.csv" <<EOT
code,uscc,item,unit,kind
M9,$A,electricity_grid,kWh,interval
EOT
gp import meters "$WORK/hdr.csv"
check "a wrong header names the expected columns" err_has "interval_s"

finish
