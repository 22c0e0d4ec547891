#!/bin/bash
# 50-evaluate.sh — greenpark evaluate against both indicator sets (data/indicators/:
# zcp2025 国家级零碳园区建设指标体系（试行）, miit2016 绿色园区评价要求) on a small fixture
# park, every value computed by hand below from the fixture and the published factors;
# the size rule of ZC1 at park scale; park attributes; scopes; usage errors.
#
# Factors (data/items.csv, data/electricity_equivalent.csv, data/grid_factors.csv,
# standards/methods.md):
#   electricity 当量值 0.1229 kgce/kWh (GB/T 2589-2020), every electricity item
#   electricity 等价值 0.3007 kgce/kWh (2022 row; 2023 and 2024 fall back to it)
#   natural gas NCV 0.038931 GJ/m3, tce = GJ / 29.3076, CO2 = GJ × 15.3/1000 × 0.99 × 44/12
#   purchased heat 0.03412 tce/GJ, 0.11 tCO2/GJ
#   zcp2025: 0.8325 kgCO2/kWh on grid electricity; green direct, traded, on-site 0
#   cn-enterprise (miit2016's method): park grid national, average 0.5306 kgCO2/kWh for
#     2023 (2024 falls back to 2023) on grid + green traded + green direct; on-site 0
#
# Fixture tests/data/eval_activity.csv (enterprises of tests/data/enterprises.csv):
#  A 91370406MA3C00010M (空港产业园, 320 employees, 45,000 m2)
#    2023: grid 1,200,000 kWh + 100 万kWh = 2,200,000 kWh; natural gas 50 万m3; heat 1,000 GJ;
#          value added 10,000 万元; cod 10, ammonia_nitrogen 1, so2 6, nox 9 t
#    2024: grid 1,000,000 kWh + 1,000 MWh = 2,000,000 kWh; natural gas 300,000 m3 + 20 万m3
#          = 500,000 m3; heat 1,000 GJ; on-site renewable 300,000 kWh;
#          water: withdrawal 40,000, reused 20 万 = 200,000, reclaimed 6,000, treated 20,000,
#          discharged 15,000 m3; solid waste generated 1,000, utilized 850, disposed 100 t;
#          hazardous generated 50, utilized 20, disposed 30 t; waste energy available
#          10,000, recovered 6,000 GJ; waste gas available 100 万 = 1,000,000, recovered
#          850,000 m3; output 5 亿 = 50,000 万元; value added 12,000; high-tech output 20,000;
#          green industry value added 3,000 万元; cod 10, ammonia 1, so2 5, nox 8 t
#  B 91370406MA3C00020N (高端智能制造产业园, 210 employees, 38,000 m2)
#    2023: grid 1,000,000 kWh; heat 500 GJ; value added 8,000 万元; cod 4,000 kg = 4,
#          ammonia 0.5, so2 2, nox 3 t
#    2024: grid 1,000,000 kWh; heat 500 GJ; green direct 10 万kWh = 100,000; green traded
#          50 MWh = 50,000 kWh; water: withdrawal 10,000, reused 50,000, reclaimed 2,000,
#          treated 5,000, discharged 4,000 m3; solid waste 500 / 400 / 80 t; hazardous
#          10 / 5 / 5 t; waste energy 2,000 / 1,000 GJ; no waste gas; output 30,000, value
#          added 8,000, high-tech 10,000, green industry 2,000 万元; cod 4, ammonia 0.5,
#          so2 2, nox 3 t
#  C 91370406MA3C00030P (豆谷融合创新示范园, 150 employees): 2024 water withdrawal 1,000 m3,
#    wastewater discharged 500 m3; nothing else (no energy, no value added)
# Park: industrial land 0.16 km2 (park set --land-km2), grid national (default).
. "$(dirname "$0")/lib.sh"

A=91370406MA3C00010M
B=91370406MA3C00020N
C=91370406MA3C00030P

# The hand computation. calc EXPR prints EXPR evaluated by awk with these names.
PRE='eq = 0.3007 / 1000; cal = 0.1229 / 1000; zcp = 0.8325 / 1000; grid = 0.5306 / 1000;
gas_gj = 500000 * 0.038931; gas_tce = gas_gj / 29.3076;
gas_co2 = gas_gj * 15.3 / 1000 * 0.99 * 44 / 12; heat_tce = 0.03412; heat_co2 = 0.11;'
calc() { awk "BEGIN { $PRE printf \"%.15g\", ($1) }"; }

# ind CODE FIELD: FIELD of indicator CODE in the last JSON output ("null" when null).
ind() { jq -r --arg c "$1" '.indicators[] | select(.code == $c) | .'"$2" "$WORK/out"; }

# num_eq A B: both "null", or equal numbers.
num_eq() {
	[ "$1" = "$2" ] && return 0
	[ "$1" != null ] && [ "$2" != null ] && [ -n "$1" ] &&
		awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 == b + 0) }' && return 0
	echo "    $1 vs $2" >&2
	return 1
}

# value_near CODE EXPECTED RELTOL: the indicator's value (null when EXPECTED is null).
value_near() {
	if [ "$2" = null ]; then num_eq "$(ind "$1" value)" null; else rel_near "$(ind "$1" value)" "$2" "$3"; fi
}

# expect_ind LABEL CODE VALUE TARGET DIRECTION PASS: value (relative 1e-9), target,
# direction and pass of one indicator of the last JSON output.
expect_ind() {
	check "$1 $2 value = $3" value_near "$2" "$3" 1e-9
	check "$1 $2 target $4" num_eq "$(ind "$2" target)" "$4"
	check "$1 $2 direction $5" [ "$(ind "$2" direction)" = "$5" ]
	check "$1 $2 pass $6" [ "$(ind "$2" pass)" = "$6" ]
}

# abs_near ACTUAL EXPECTED TOL: ACTUAL is a number (not null) within TOL of EXPECTED.
abs_near() {
	case $1 in '' | null | *[!0-9eE.+-]*) echo "    $1 is not a number (expected $2)" >&2; return 1 ;; esac
	near "$1" "$2" "$3" || { echo "    $1 vs $2 (absolute tolerance $3)" >&2; return 1; }
}

# expect_gap LABEL CODE GAP GAP_PCT: the distance to the target (absolute 1e-9).
expect_gap() {
	check "$1 $2 gap $3" abs_near "$(ind "$2" gap)" "$3" 1e-9
	check "$1 $2 gap_pct $4" abs_near "$(ind "$2" gap_pct)" "$4" 1e-9
}

# missing_is CODE TEXT: the indicator's missing field is exactly TEXT.
missing_is() {
	m=$(ind "$1" missing)
	[ "$m" = "$2" ] || { echo "    missing = '$m', expected '$2'" >&2; return 1; }
}

# missing_has CODE TEXT: the indicator's missing field contains TEXT.
missing_has() {
	m=$(ind "$1" missing)
	case $m in *"$2"*) return 0 ;; esac
	echo "    missing = '$m', expected to contain '$2'" >&2
	return 1
}

fresh
gp import enterprises "$TESTDATA/enterprises.csv"
check "fixture enterprises import" expect_rc 0
gp import activity "$TESTDATA/eval_activity.csv"
check "fixture activity import (72 rows)" expect_rc 0
check "fixture activity import: 72 rows" out_has "72 rows"
gp park set --land-km2 0.16
check "park land 0.16 km2" expect_rc 0

# ---- park attributes ----
# ZG2 level 3 (worse than grade 2), RG8 82 %, IG1 yes, GG5 80.1 then 86.3 %, MG1 complete,
# MG2 是, MG3 no; IG2-IG5, CG4, GG6-GG8 and MG4 are not entered.
for a in "ZG2 3" "RG8 82" "IG1 yes" "GG5 80.1" "MG1 complete" "MG2 是" "MG3 no"; do
	# shellcheck disable=SC2086
	gp park set-attribute --year 2024 $a --source "2024 园区年报"
	check "set-attribute 2024 $a" expect_rc 0
done
check "set-attribute says what it stored (MG3 no = 0)" out_has "2024 MG3 = 0"
gp park set-attribute --year 2024 GG5 86.3
check "set-attribute GG5 again (update)" expect_rc 0
gp audit --entity park_attribute --format json
check "attributes audited: 8 entries by e2e" jq -e 'length == 8 and all(.[]; .actor == "e2e" and .entity == "park_attribute")' "$WORK/out"
check "attribute update audited with before 80.1 and after 86.3" jq -e '.[0].action == "update" and .[0].key == "2024/GG5" and .[0].before.value == 80.1 and .[0].after.value == 86.3' "$WORK/out"
check "attribute insert audited: yes stored as 1, with its source" jq -e 'map(select(.key == "2024/IG1")) | length == 1 and .[0].action == "insert" and .[0].before == null and .[0].after.value == 1 and .[0].after.source == "2024 园区年报"' "$WORK/out"
check "attribute insert audited: 是 stored as 1, no as 0, complete as 1" jq -e '(map(select(.key == "2024/MG2")) | .[0].after.value == 1) and (map(select(.key == "2024/MG3")) | .[0].after.value == 0) and (map(select(.key == "2024/MG1")) | .[0].after.value == 1)' "$WORK/out"

# errors: exit 2, nothing stored, nothing audited
gp park set-attribute --year 2024 XX9 1
check "set-attribute unknown code: exit 2" expect_rc 2
check "set-attribute unknown code: message" err_has "'XX9' is not a park attribute"
gp park set-attribute --year 2024 EG1 1
check "set-attribute of a ledger indicator (EG1): exit 2" expect_rc 2
gp park set-attribute --year 2024 GG5 abc
check "set-attribute bad value: exit 2" expect_rc 2
check "set-attribute bad value: message" err_has "VALUE 'abc' is not a number"
gp park set-attribute --year 2024 IG1 maybe
check "set-attribute bad yes/no: exit 2" expect_rc 2
gp park set-attribute GG5 80
check "set-attribute without --year: exit 2" expect_rc 2
gp park set-attribute --year 2024 GG5
check "set-attribute without VALUE: exit 2" expect_rc 2
gp audit --entity park_attribute --format json
check "refused attributes not audited (still 8)" jq -e 'length == 8' "$WORK/out"

# ---- the hand computation, 2024, park ----
# electricity 2024: grid 3,000,000 (A 2,000,000 + B 1,000,000), on-site 300,000, direct
# 100,000, traded 50,000 = 3,450,000 kWh. Natural gas 19,465.5 GJ = 664.179 tce, 1,081.094 t.
# Heat 1,500 GJ = 51.18 tce, 165 t.
E_EQ=$(calc '3450000 * eq + gas_tce + 1500 * heat_tce')  # 1,752.774 tce 等价值
E_CAL=$(calc '3450000 * cal + gas_tce + 1500 * heat_tce') # 1,139.364 tce 当量值
CO2_ZCP=$(calc '3000000 * zcp + gas_co2 + 1500 * heat_co2') # 3,743.594 t
CO2_ENT24=$(calc '(3000000 + 100000 + 50000) * grid + gas_co2 + 1500 * heat_co2')
# 2023: grid 3,200,000 kWh (A 2,200,000 + B 1,000,000), same gas and heat
CO2_ENT23=$(calc '3200000 * grid + gas_co2 + 1500 * heat_co2')
E_CAL23=$(calc '3200000 * cal + gas_tce + 1500 * heat_tce')
# renewable: direct + traded + on-site = 450,000 kWh; clean adds natural gas
RENEW_EQ=$(calc '450000 * eq')   # 135.315 tce (zcp2025, 等价值)
RENEW_CAL=$(calc '450000 * cal') # 55.305 tce (cn-enterprise, 当量值)
VA=20000                         # 万元, A 12,000 + B 8,000 (2023: 18,000)

gp evaluate --year 2024 --standard zcp2025 --format json
check "zcp2025 2024: exit 0" expect_rc 0
check "zcp2025 2024: year, standard, scope" jq -e '.year == 2024 and .standard == "zcp2025" and .scope == "park"' "$WORK/out"
check "zcp2025 2024: one indicator per base row (ZC1 with ZC1b, ZG1-ZG5, ZD1)" jq -e '[.indicators[].code] == ["ZC1","ZG1","ZG2","ZG3","ZG4","ZG5","ZD1"]' "$WORK/out"
# ZC1 = CO2 (zcp2025) / energy 等价值 = 3,743.594 / 1,752.774 = 2.1358; the park uses
# 1,752.774 tce < 200,000: no threshold applies.
expect_ind "zcp2025 2024" ZC1 "$(calc "$CO2_ZCP / $E_EQ")" null max null
check "zcp2025 2024 ZC1 no gap without a target" [ "$(ind ZC1 gap)" = null ]
check "zcp2025 2024 ZC1 note names both ranges" jq -e '.indicators[0].note | contains("200000-1000000") and contains(">= 1000000") and contains("0.2") and contains("0.3")' "$WORK/out"
check "zcp2025 2024 ZC1 is the core indicator: required" [ "$(ind ZC1 required)" = true ]
check "zcp2025 2024 ZC1 method zcp2025" [ "$(ind ZC1 method)" = zcp2025 ]
# the last three years side by side, and the base year (2025 by the notice; the fixture has none)
check "history: 2022, 2023, 2024" jq -e '[.history[].year] == [2022, 2023, 2024]' "$WORK/out"
check "history 2024 = the evaluation itself" jq -e '.history[2].values.ZC1 == .indicators[0].value and .history[2].summary == .summary' "$WORK/out"
check "history 2022: no data, so every value null" jq -e '[.history[0].values[]] | all(. == null)' "$WORK/out"
check "base year 2025 by default, no data" jq -e '.base_year.year == 2025 and .base_year.values.ZC1 == null' "$WORK/out"
cp "$WORK/out" "$WORK/z2024.json"
gp evaluate --year 2024 --standard zcp2025 --base-year 2023 --format json
check "--base-year 2023 equals the 2023 column of history" jq -e --slurpfile z "$WORK/z2024.json" '.base_year == $z[0].history[1]' "$WORK/out"
gp evaluate --year 2024 --standard zcp2025 --format json
# ZG1 = clean / energy 等价值 × 100 = (135.315 + 664.179) / 1,752.774 × 100 = 45.61 % < 90
ZG1=$(calc "($RENEW_EQ + gas_tce) / $E_EQ * 100")
expect_ind "zcp2025 2024" ZG1 "$ZG1" 90 min false
expect_gap "zcp2025 2024" ZG1 "$(calc "90 - $ZG1")" "$(calc "(90 - $ZG1) / 90 * 100")"
# ZG2: attribute 3 against a maximum of grade 2: over by 1 = 50 %
expect_ind "zcp2025 2024" ZG2 3 2 max false
expect_gap "zcp2025 2024" ZG2 1 50
# ZG3 = (850 + 400) / (1,000 + 500) × 100 = 83.33 % ≥ 80
expect_ind "zcp2025 2024" ZG3 "$(calc '1250 / 1500 * 100')" 80 min true
expect_gap "zcp2025 2024" ZG3 0 0
# ZG4 = (6,000 + 1,000) / (10,000 + 2,000) × 100 = 58.33 % ≥ 50
expect_ind "zcp2025 2024" ZG4 "$(calc '7000 / 12000 * 100')" 50 min true
# ZG5 = reused / (reused + withdrawal) = 250,000 / (250,000 + 51,000) × 100 = 83.06 % ≥ 80
expect_ind "zcp2025 2024" ZG5 "$(calc '250000 / (250000 + 51000) * 100')" 80 min true
# ZD1 = direct / (direct + traded + on-site) = 100,000 / 450,000 × 100 = 22.22 % < 50
expect_ind "zcp2025 2024" ZD1 "$(calc '100000 / 450000 * 100')" 50 min false
# summary: required (core) ZC1 has no threshold → 0 / 1; optional ZG3, ZG4, ZG5 → 3 / 6
check "zcp2025 2024 summary: required 0/1, optional 3/6" jq -e '.summary == {"required_met": 0, "required_total": 1, "optional_met": 3, "optional_total": 6}' "$WORK/out"
check "zcp2025 2024: nothing missing" jq -e 'all(.indicators[]; .missing == null)' "$WORK/out"

gp evaluate --year 2024 --standard miit2016 --format json
check "miit2016 2024: exit 0" expect_rc 0
check "miit2016 2024: 32 indicators" jq -e '.indicators | length == 32' "$WORK/out"
# EG1 = value added / energy 当量值 = 20,000 / 1,139.364 = 17.55 万元/tce ≥ 3
expect_ind "miit2016 2024" EG1 "$(calc "$VA / $E_CAL")" 3 min true
expect_gap "miit2016 2024" EG1 0 0
check "miit2016 2024 EG1 method cn-enterprise" [ "$(ind EG1 method)" = cn-enterprise ]
# EG2 = renewable 当量值 / energy 当量值 = 55.305 / 1,139.364 × 100 = 4.854 % < 15
EG2=$(calc "$RENEW_CAL / $E_CAL * 100")
expect_ind "miit2016 2024" EG2 "$EG2" 15 min false
expect_gap "miit2016 2024" EG2 "$(calc "15 - $EG2")" "$(calc "(15 - $EG2) / 15 * 100")"
# EG3 = (55.305 + 664.179) / 1,139.364 × 100 = 63.15 % < 75
expect_ind "miit2016 2024" EG3 "$(calc "($RENEW_CAL + gas_tce) / $E_CAL * 100")" 75 min false
# RG1 = value added (元) / withdrawal = 20,000 × 10,000 / 51,000 = 3,921.57 元/m3 ≥ 1,500
expect_ind "miit2016 2024" RG1 "$(calc '20000 * 10000 / 51000')" 1500 min true
# RG2 = 2 亿元 / 0.16 km2 = 12.5 亿元/km2 < 15: short by 2.5 = 16.67 %
expect_ind "miit2016 2024" RG2 12.5 15 min false
expect_gap "miit2016 2024" RG2 2.5 "$(calc '2.5 / 15 * 100')"
# RG3 = 83.33 % < 95
expect_ind "miit2016 2024" RG3 "$(calc '1250 / 1500 * 100')" 95 min false
# RG4 = 83.06 % < 90
expect_ind "miit2016 2024" RG4 "$(calc '250000 / 301000 * 100')" 90 min false
# RG5 = reclaimed / treated = 8,000 / 25,000 × 100 = 32 % ≥ 30
expect_ind "miit2016 2024" RG5 32 30 min true
# RG6 = 58.33 % < 60: short by 1.667
expect_ind "miit2016 2024" RG6 "$(calc '7000 / 12000 * 100')" 60 min false
expect_gap "miit2016 2024" RG6 "$(calc '60 - 7000 / 12000 * 100')" "$(calc '(60 - 7000 / 12000 * 100) / 60 * 100')"
# RG7 = 850,000 / 1,000,000 × 100 = 85 % < 90 (A's waste gas only)
expect_ind "miit2016 2024" RG7 85 90 min false
# RG8 attribute 82 ≥ 80
expect_ind "miit2016 2024" RG8 82 80 min true
# IG1 yes
expect_ind "miit2016 2024" IG1 1 1 bool true
# IG2-IG5 and CG4, GG6-GG8, MG4 not entered
for code in IG2 IG3 IG4 IG5 CG4 GG6 GG7 GG8 MG4; do
	check "miit2016 2024 $code not entered: value and pass null" jq -e --arg c $code '.indicators[] | select(.code == $c) | .value == null and .pass == null and .gap == null' "$WORK/out"
	check "miit2016 2024 $code missing names the attribute" missing_is $code "attr($code) (2024)"
done
# CG1 = high-tech / output = 30,000 / 80,000 × 100 = 37.5 % ≥ 30
expect_ind "miit2016 2024" CG1 37.5 30 min true
# CG2 = green / value added = 5,000 / 20,000 × 100 = 25 % < 30: short by 5 = 16.67 %
expect_ind "miit2016 2024" CG2 25 30 min false
expect_gap "miit2016 2024" CG2 5 "$(calc '5 / 30 * 100')"
# CG3 = value added / employees = 20,000 / (320 + 210 + 150) = 29.41 万元/人 ≥ 15
expect_ind "miit2016 2024" CG3 "$(calc '20000 / 680')" 15 min true
# GG1 = (850 + 400 + 100 + 80 + 20 + 5 + 30 + 5) / (1,500 + 60) × 100 = 1,490 / 1,560 = 95.51 % < 100
expect_ind "miit2016 2024" GG1 "$(calc '1490 / 1560 * 100')" 100 min false
# GG2 = (1 - (CO2_2024 / VA_2024) / (CO2_2023 / VA_2023)) × 100, cn-enterprise:
#  2024: 3,150,000 × 0.5306/1000 + 1,081.094 + 165 = 2,917.484 t over 20,000 万元
#  2023: 3,200,000 × 0.5306/1000 + 1,081.094 + 165 = 2,944.014 t over 18,000 万元
#  = (1 - 0.14587 / 0.16356) × 100 = 10.81 % ≥ 3
expect_ind "miit2016 2024" GG2 "$(calc "(1 - ($CO2_ENT24 / 20000) / ($CO2_ENT23 / 18000)) * 100")" 3 min true
# GG3 = discharged / value added = (15,000 + 4,000 + 500) / 20,000 = 0.975 t/万元 ≤ 5
expect_ind "miit2016 2024" GG3 0.975 5 max true
# GG4 = (pollutants 2024 / 2023 - 1) / (value added 2024 / 2023 - 1)
#  pollutants 2024: A 10 + 1 + 5 + 8 = 24, B 4 + 0.5 + 2 + 3 = 9.5 → 33.5;
#  2023: A 10 + 1 + 6 + 9 = 26, B 9.5 → 35.5; = (33.5/35.5 - 1) / (20,000/18,000 - 1) = -0.507 ≤ 0.3
expect_ind "miit2016 2024" GG4 "$(calc '(33.5 / 35.5 - 1) / (20000 / 18000 - 1)')" 0.3 max true
expect_gap "miit2016 2024" GG4 0 0
# GG5 attribute 86.3 (the update, not 80.1) ≥ 80
expect_ind "miit2016 2024" GG5 86.3 80 min true
# MG1 complete, MG2 是, MG3 no (short by 1 = 100 %)
expect_ind "miit2016 2024" MG1 1 1 bool true
expect_ind "miit2016 2024" MG2 1 1 bool true
expect_ind "miit2016 2024" MG3 0 1 bool false
expect_gap "miit2016 2024" MG3 1 100
# required met: EG1 RG1 IG1 CG1 CG3 GG2 GG3 GG4 GG5 MG1 MG2 = 11 of 20
#  (EG1-3 RG1-4 IG1 CG1-3 GG1-5 MG1-4); optional met: RG5 RG8 = 2 of 12
check "miit2016 2024 summary: required 11/20, optional 2/12" jq -e '.summary == {"required_met": 11, "required_total": 20, "optional_met": 2, "optional_total": 12}' "$WORK/out"
check "miit2016 2024 required flags as in the set (RG5 optional, EG1 required)" jq -e '(.indicators[] | select(.code == "RG5") | .required == false) and (.indicators[] | select(.code == "EG1") | .required == true)' "$WORK/out"

# the other formats show the same
gp evaluate --year 2024 --standard miit2016
check "table: exit 0" expect_rc 0
check "table: summary line" out_has "required met: 11 / 20"
check "table: optional summary" out_has "optional met: 2 / 12"
check "table: a missing attribute is shown" out_has "attr(IG2) (2024)"
gp evaluate --year 2024 --standard zcp2025 --format csv
check "csv: exit 0" expect_rc 0
check "csv: header and 7 rows" [ "$(wc -l <"$WORK/out")" -eq 8 ]
check "csv: header starts with code" [ "$(head -n 1 "$WORK/out" | cut -d, -f1)" = code ]

# ---- 2023: the year before has no 2022 and no waste gas; attributes are per year ----
gp evaluate --year 2023 --standard miit2016 --format json
check "miit2016 2023: exit 0" expect_rc 0
# EG1 2023 = 18,000 / (3,200,000 × 0.1229/1000 + 664.179 + 51.18) = 18,000 / 1,108.639
expect_ind "miit2016 2023" EG1 "$(calc "18000 / $E_CAL23")" 3 min true
expect_ind "miit2016 2023" RG7 null 90 min null
check "miit2016 2023 RG7 missing names both waste gas items" missing_is RG7 "waste_gas_recovered (2023); waste_gas_available (2023)"
check "miit2016 2023 GG2 needs 2022: pass null" [ "$(ind GG2 pass)" = null ]
check "miit2016 2023 GG2 missing names 2022" missing_has GG2 "(2022)"
check "miit2016 2023 IG1 entered for 2024 only: missing" missing_is IG1 "attr(IG1) (2023)"

# ---- scopes ----
gp evaluate --year 2024 --standard miit2016 --enterprise $A --format json
check "enterprise A: exit 0" expect_rc 0
check "enterprise A: scope is the USCC" [ "$(jq_out .scope)" = $A ]
# CG3 = 12,000 / 320 = 37.5 万元/人; RG2 = 1.2 亿元 / 0.045 km2 (A's own land) = 26.67
expect_ind "enterprise A" CG3 37.5 15 min true
expect_ind "enterprise A" RG2 "$(calc '12000 / 10000 / 0.045')" 15 min true
# GG4 for A alone: (24 / 26 - 1) / (12,000 / 10,000 - 1) = -0.3846
expect_ind "enterprise A" GG4 "$(calc '(24 / 26 - 1) / (12000 / 10000 - 1)')" 0.3 max true

gp evaluate --year 2024 --standard zcp2025 --subpark 高端智能制造产业园 --format json
check "sub-park: exit 0" expect_rc 0
check "sub-park: scope is its name" [ "$(jq_out .scope)" = 高端智能制造产业园 ]
# B alone: CO2 1,000,000 × 0.8325/1000 + 500 × 0.11 = 887.5 t; energy 等价值
# (1,000,000 + 100,000 + 50,000) × 0.3007/1000 + 500 × 0.03412 = 362.865 tce
expect_ind "sub-park B" ZC1 "$(calc '887.5 / (1150000 * eq + 500 * heat_tce)')" null max null
# ZD1 = direct / (direct + traded + on-site): B has no on-site renewable rows, so ZD1
# cannot be computed and names what is absent
expect_ind "sub-park B" ZD1 null 50 min null
check "sub-park B ZD1 missing names on-site renewable" missing_is ZD1 "electricity_onsite_renewable (2024)"
gp evaluate --year 2024 --standard miit2016 --subpark 高端智能制造产业园 --format json
# RG4 = 50,000 / (50,000 + 10,000) × 100 = 83.33 %; RG2 = 0.8 亿元 / 0.038 km2 = 21.05
expect_ind "sub-park B" RG4 "$(calc '50000 / 60000 * 100')" 90 min false
expect_ind "sub-park B" RG2 "$(calc '8000 / 10000 / 0.038')" 15 min true
# B has no waste gas: RG7 cannot be computed and says why
expect_ind "sub-park B" RG7 null 90 min null
check "sub-park B RG7 missing names both waste gas items" missing_is RG7 "waste_gas_recovered (2024); waste_gas_available (2024)"
check "sub-park B RG7 no gap" [ "$(ind RG7 gap)" = null ]
# optional met for B: RG5 = 2,000 / 5,000 = 40 % ≥ 30; RG6 = 50 % < 60; RG8 82 ≥ 80 → 2 of 12
check "sub-park B summary: optional 2/12" jq -e '.summary.optional_met == 2 and .summary.optional_total == 12' "$WORK/out"

# C has water data only: no value added, no energy
gp evaluate --year 2024 --standard miit2016 --enterprise $C --format json
check "enterprise C: exit 0" expect_rc 0
# RG1 = value added × 10,000 / 1,000 m3: value added missing
check "enterprise C RG1 missing value_added" missing_is RG1 "value_added (2024)"
# GG3 = 500 / value added: value added missing
check "enterprise C GG3 missing value_added" missing_is GG3 "value_added (2024)"
# CG2 = green_industry_value_added / value_added: both absent, both named
check "enterprise C CG2 missing names both items" missing_is CG2 "green_industry_value_added (2024); value_added (2024)"
# EG2 = acct.renewable_tce / acct.energy_tce: C has no energy data at all, so the energy
# account is missing data (named), not an energy use of 0
check "enterprise C EG2 value null" [ "$(ind EG2 value)" = null ]
check "enterprise C EG2 missing names the energy account" missing_has EG2 "acct.energy_tce (2024)"

# ---- the size rule at park scale: a second store ----
export GREENPARK_DB="$WORK/large.db"
fresh
gp import enterprises "$TESTDATA/enterprises.csv"
gp import activity "$TESTDATA/eval_large_a.csv"
check "large park import" expect_rc 0
# A: 170,000 万kWh = 1.7e9 kWh grid: 1.7e9 × 0.3007/1000 = 511,190 tce 等价值, within
# 200,000-1,000,000: ZC1's 0.2 applies. CO2 1.7e9 × 0.8325/1000 = 1,415,250 t;
# ZC1 = 1,415,250 / 511,190 = 2.7685 > 0.2: over by 2.5685 (1,284 %).
gp evaluate --year 2024 --standard zcp2025 --format json
check "large park: exit 0" expect_rc 0
ZC1_L=$(calc '1415250 / 511190')
expect_ind "large park" ZC1 "$ZC1_L" 0.2 max false
check "large park ZC1 row ZC1" [ "$(ind ZC1 row)" = ZC1 ]
expect_gap "large park" ZC1 "$(calc "$ZC1_L - 0.2")" "$(calc "($ZC1_L - 0.2) / 0.2 * 100")"
check "large park ZC1 no note" [ "$(ind ZC1 note)" = null ]
# tonnes over the target: 1,415,250 - 0.2 × 511,190 = 1,313,012 t
check "large park ZC1 gap in tCO2" rel_near "$(ind ZC1 gap_abs)" 1313012 1e-9
check "large park summary: required 0/1" jq -e '.summary.required_met == 0 and .summary.required_total == 1' "$WORK/out"
# B adds 1,700,000 MWh: 3.4e9 kWh = 1,022,380 tce ≥ 1,000,000: ZC1b's 0.3 applies, the
# indicator is still reported as ZC1. Same ratio 2.7685; over by 2.4685.
gp import activity "$TESTDATA/eval_large_b.csv"
gp evaluate --year 2024 --standard zcp2025 --format json
expect_ind "larger park" ZC1 "$ZC1_L" 0.3 max false
check "larger park ZC1 row ZC1b" [ "$(ind ZC1 row)" = ZC1b ]
expect_gap "larger park" ZC1 "$(calc "$ZC1_L - 0.3")" "$(calc "($ZC1_L - 0.3) / 0.3 * 100")"
# 2,830,500 - 0.3 × 1,022,380 = 2,523,786 t
check "larger park ZC1 gap in tCO2" rel_near "$(ind ZC1 gap_abs)" 2523786 1e-9
# B alone is 1.7e9 kWh = 511,190 tce: at its enterprise scope the 0.2 target applies
gp evaluate --year 2024 --standard zcp2025 --enterprise $B --format json
check "larger park, enterprise B: 0.2" num_eq "$(ind ZC1 target)" 0.2

# ---- an account that cannot be computed is an error, not missing data ----
# 2021: no 等价值 coefficient for 2021 or earlier (greenpark account says so, exit 1);
# evaluation.h: "GP_EFACTOR when an account the set needs cannot be computed".
export GREENPARK_DB="$WORK/nofactor.db"
fresh
gp import enterprises "$TESTDATA/enterprises.csv"
gp import activity "$TESTDATA/eval_nofactor.csv"
gp evaluate --year 2021 --standard zcp2025 --format json
check "no 等价值 for 2021: exit 1" expect_rc 1
check "no 等价值 for 2021: names the factor" err_has "electricity equivalent coefficient (等价值) for 2021"

# ---- usage errors ----
gp evaluate --standard zcp2025
check "missing --year: exit 2" expect_rc 2
check "missing --year: message" err_has "--year and --standard are required"
gp evaluate --year 2024
check "missing --standard: exit 2" expect_rc 2
gp evaluate --year 2024 --standard gb2099
check "unknown standard: exit 2" expect_rc 2
check "unknown standard: message" err_has "'gb2099' is not zcp2025 or miit2016"
gp evaluate --year 1980 --standard zcp2025
check "year out of range: exit 2" expect_rc 2
gp evaluate --year 2024 --standard zcp2025 --enterprise $A --subpark 空港产业园
check "both scopes: exit 2" expect_rc 2
gp evaluate --year 2024 --standard zcp2025 extra
check "extra argument: exit 2" expect_rc 2
gp evaluate --year 2024 --standard zcp2025 --subpark 不存在的园区
check "unknown sub-park: exit 1" expect_rc 1
gp evaluate --year 2024 --standard zcp2025 --enterprise 91370406MA3C00010N
check "bad USCC check character: exit 1" expect_rc 1

finish
