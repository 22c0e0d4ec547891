#!/bin/bash
# 20-account.sh — greenpark account in all three methods and all three scopes, against
# values computed by hand from the standards' factors (standards/methods.md,
# grid_factors.csv 2023: 华北 average 0.6361, national excl. market non-fossil 0.6096;
# zcp2025 0.8325 kgCO2/kWh; heat 0.11 tCO2/GJ; 当量值 0.1229 kgce/kWh; 等价值 0.3007 (2022)).
#
# Fixture tests/data/account_activity.csv, year 2023, park grid north:
#  A 91370406MA3C00010M: natural gas 100 万m3 → 38931 GJ × 15.3 tC/TJ × 0.99 × 44/12
#    = 2162.188809 t, 1328.358515 tce (38931/29.3076); grid 1,000,000 kWh; value added 1000 万元.
#  B 91370406MA3C00020N: grid 500,000 kWh; green traded 200,000 kWh; on-site 100,000 kWh;
#    heat 1000 GJ → 110 t, 34.12 tce; raw coal 100 t → 2090.8 GJ × 26.37 tC/TJ × 0.94 × 44/12
#    = 190.02988488 t, 71.43 tce; value added 2 亿元 = 20000 万元.
#  C 91370406MA3C00030P: grid 200,000 kWh, exported fossil 50,000 kWh (net 150,000);
#    process CO2 50 t; value added 5,000,000 元 = 500 万元.
. "$(dirname "$0")/lib.sh"

A=91370406MA3C00010M
B=91370406MA3C00020N
C=91370406MA3C00030P
fresh
gp import enterprises "$TESTDATA/enterprises.csv"
check "fixture enterprises import" expect_rc 0
gp import activity "$TESTDATA/account_activity.csv"
check "fixture activity import" expect_rc 0
gp park set --grid north --name 测试园区
check "park set grid north" expect_rc 0
gp audit --entity ledger_batch --format json
check "the import is audited: who, which file, 16 rows inserted" jq -e 'length == 1 and .[0].actor == "e2e" and .[0].action == "import" and (.[0].after.source | endswith("account_activity.csv")) and .[0].after.inserted == 16' "$WORK/out"
gp audit --entity park --format json
check "park change audited with before and after" jq -e 'length == 1 and .[0].before.grid == "national" and .[0].after.grid == "north" and .[0].after.name == "测试园区"' "$WORK/out"

# expected CO2 (t) per enterprise and method
gas=2162.188809
coal=190.02988488
A_zcp=$(awk -v g=$gas 'BEGIN { printf "%.8f", g + 1000000 * 0.8325 / 1000 }')
A_ent=$(awk -v g=$gas 'BEGIN { printf "%.8f", g + 1000000 * 0.6361 / 1000 }')
A_mkt=$(awk -v g=$gas 'BEGIN { printf "%.8f", g + 1000000 * 0.6096 / 1000 }')
B_zcp=$(awk -v c=$coal 'BEGIN { printf "%.8f", c + 110 + 500000 * 0.8325 / 1000 }')
B_ent=$(awk -v c=$coal 'BEGIN { printf "%.8f", c + 110 + 700000 * 0.6361 / 1000 }')
B_mkt=$(awk -v c=$coal 'BEGIN { printf "%.8f", c + 110 + 500000 * 0.6096 / 1000 }')
C_zcp=$(awk 'BEGIN { printf "%.8f", 50 + 150000 * 0.8325 / 1000 }')
C_ent=$(awk 'BEGIN { printf "%.8f", 50 + 150000 * 0.6361 / 1000 }')
C_mkt=$(awk 'BEGIN { printf "%.8f", 50 + 150000 * 0.6096 / 1000 }')

for m in zcp2025 cn-enterprise cn-market; do
	case $m in
	zcp2025) a=$A_zcp b=$B_zcp c=$C_zcp ;;
	cn-enterprise) a=$A_ent b=$B_ent c=$C_ent ;;
	cn-market) a=$A_mkt b=$B_mkt c=$C_mkt ;;
	esac
	gp account --year 2023 --method $m --enterprise $A --format json
	check "$m enterprise A co2" near_json .co2_t "$a" 1e-6
	check "$m enterprise A scope" [ "$(jq_out .scope)" = "$A" ]
	gp account --year 2023 --method $m --subpark 高端智能制造产业园 --format json
	check "$m sub-park (B) co2" near_json .co2_t "$b" 1e-6
	check "$m sub-park scope" [ "$(jq_out .scope)" = "高端智能制造产业园" ]
	gp account --year 2023 --method $m --enterprise $C --format json
	check "$m enterprise C co2" near_json .co2_t "$c" 1e-6
	park=$(awk -v a=$a -v b=$b -v c=$c 'BEGIN { printf "%.8f", a + b + c }')
	gp account --year 2023 --method $m --format json
	check "$m park co2 = A + B + C" near_json .co2_t "$park" 1e-6
	check "$m park scope" [ "$(jq_out .scope)" = "park" ]
	check "$m method key" [ "$(jq_out .method)" = "$m" ]
	check "$m keys present" jq -e 'has("year") and has("energy_tce") and has("energy_tce_equivalent") and has("co2_t_by_source") and has("co2_per_tce") and has("value_added_wan_yuan") and has("co2_per_wan_yuan") and has("tce_per_wan_yuan") and has("renewable_tce") and has("clean_tce") and (.warnings | type == "array") and (.co2_t_by_source | has("fuel") and has("process") and has("electricity") and has("heat"))' "$WORK/out"
done

# park energy (当量值): A 1328.358515 + 122.9; B 71.43 + 34.12 + 800,000 × 0.1229/1000;
# C 150,000 × 0.1229/1000. 等价值: electricity at 0.3007 instead of 0.1229.
gp account --year 2023 --format json
e_cal=$(awk 'BEGIN { printf "%.8f", 38931/29.3076 + 122.9 + 71.43 + 34.12 + 98.32 + 18.435 }')
e_eq=$(awk 'BEGIN { printf "%.8f", 38931/29.3076 + 300.7 + 71.43 + 34.12 + 240.56 + 45.105 }')
check "park energy_tce (当量值)" near_json .energy_tce "$e_cal" 1e-6
check "park energy_tce_equivalent (等价值)" near_json .energy_tce_equivalent "$e_eq" 1e-6
check "park co2 by source: fuel" near_json .co2_t_by_source.fuel "$(awk -v g=$gas -v c=$coal 'BEGIN { printf "%.8f", g + c }')" 1e-6
check "park co2 by source: process" near_json .co2_t_by_source.process 50 1e-9
check "park co2 by source: heat" near_json .co2_t_by_source.heat 110 1e-9
check "park co2 by source: electricity" near_json .co2_t_by_source.electricity "$(awk 'BEGIN { printf "%.4f", (1000000 + 500000 + 150000) * 0.8325 / 1000 }')" 1e-6
check "park value added 1000 + 20000 + 500 万元" near_json .value_added_wan_yuan 21500 1e-9
check "park co2_per_tce = co2 / 等价值" near_json .co2_per_tce "$(awk -v a=$A_zcp -v b=$B_zcp -v c=$C_zcp -v e=$e_eq 'BEGIN { printf "%.12f", (a + b + c) / e }')" 1e-9
check "park co2_per_wan_yuan" near_json .co2_per_wan_yuan "$(awk -v a=$A_zcp -v b=$B_zcp -v c=$C_zcp 'BEGIN { printf "%.12f", (a + b + c) / 21500 }')" 1e-9
check "park tce_per_wan_yuan" near_json .tce_per_wan_yuan "$(awk -v e=$e_cal 'BEGIN { printf "%.12f", e / 21500 }')" 1e-9
# renewable (zcp2025, 等价值): B's green traded + on-site 300,000 kWh × 0.3007 = 90.21 tce;
# clean adds natural gas 1328.358515.
check "park renewable_tce (等价值)" near_json .renewable_tce 90.21 1e-6
check "park clean_tce" near_json .clean_tce "$(awk 'BEGIN { printf "%.8f", 90.21 + 38931/29.3076 }')" 1e-6
check "2023 equivalent factor falls back to 2022 with a warning" jq -e '.warnings | any(. == "electricity equivalent coefficient (等价值) for 2023 not published; used 2022")' "$WORK/out"
check "factor rows carry source and confidence" jq -e '.factors | map(select(.key == "electricity_equivalent")) | .[0] | .confidence == "unconfirmed" and .year_used == 2022 and (.source | length > 0)' "$WORK/out"

# cn-enterprise for 2024: grid factor falls back to 2023 with the methods.md warning.
gp account --year 2024 --method cn-enterprise --enterprise $A --format json
check "2024 cn-enterprise uses 2023 华北 factor" near_json .co2_t 636.1 1e-6
check "2024 grid fallback warning" jq -e '.warnings | any(. == "grid factor north/average for 2024 not published; used 2023")' "$WORK/out"

# A year before any factor is an error that names the missing factor.
printf 'uscc,period,item,quantity,unit\n%s,2020-05,electricity_grid,10,kWh\n' $A >"$WORK/old.csv"
gp import activity "$WORK/old.csv"
gp account --year 2020 --method cn-enterprise
check "no factor for 2020: exit 1" expect_rc 1
check "no factor for 2020: names it" err_has "electricity equivalent coefficient (等价值) for 2020 is missing"
# with the park's own 2020 equivalent coefficient, the next missing factor is the grid's
gp factors set --year 2020 --key electricity_equivalent --value 0.305 --source "省统计局 2020"
gp account --year 2020 --method cn-enterprise
check "no grid factor for 2020: names it" err_has "grid factor north/average for 2020 is missing"
gp account --year 2020 --method zcp2025 --format json
check "zcp2025 2020 with the override: 10 kWh × 0.8325" near_json .co2_t 0.008325 1e-12
check "zcp2025 2020 equivalent from the override: 10 kWh × 0.305 kgce" near_json .energy_tce_equivalent 0.00305 1e-12
gp factors unset --year 2020 --key electricity_equivalent

# The park's measured NCV for 2023 replaces the library value for 2023:
# 1e6 m3 × 0.036 GJ/m3 × 15.3/1000 × 0.99 × 44/12 = 1999.404 t.
gp factors set --year 2023 --key item.natural_gas.ncv --value 0.036 --source "2023 天然气检测报告"
check "override set" expect_rc 0
gp account --year 2023 --enterprise $A --format json
check "override used" near_json .co2_t_by_source.fuel 1999.404 1e-6
check "override shown as measured" jq -e '.factors | map(select(.key == "item.natural_gas.ncv")) | .[0] | .override == true and .confidence == "measured"' "$WORK/out"
gp factors unset --year 2023 --key item.natural_gas.ncv
gp account --year 2023 --enterprise $A --format json
check "override removed" near_json .co2_t_by_source.fuel $gas 1e-6
gp factors set --year 2023 --key item.no_such.ncv --value 1 --source x
check "override of unknown item refused" expect_rc 2
gp audit --entity factor_override --format json
check "override changes audited" jq -e 'length == 4 and .[0].action == "delete" and .[1].action == "insert" and .[1].after.value == 0.036 and .[1].actor == "e2e"' "$WORK/out"

# Formats: CSV has a header and one row; the table shows Chinese and English labels.
gp account --year 2023 --format csv
check "csv header" [ "$(head -n 1 "$WORK/out" | cut -d, -f1-6)" = "year,method,scope,energy_tce,energy_tce_equivalent,co2_t" ]
check "csv rows" [ "$(wc -l <"$WORK/out")" -eq 2 ]
gp account --year 2023
check "table labels" out_has "二氧化碳排放 CO2 total"
check "table shows warnings" out_has "not published; used 2022"

# Scope errors
gp account --year 2023 --subpark 不存在的园区
check "unknown sub-park: exit 1" expect_rc 1
check "unknown sub-park: message" err_has "no sub-park named '不存在的园区'"
gp account --year 2023 --enterprise 91370406MA3C00010N
check "bad check character in --enterprise" err_has "check character"
gp account --year 2023 --enterprise $A --subpark x
check "both scopes: usage error" expect_rc 2
gp account --method zcp2025
check "missing --year: usage error" expect_rc 2
gp account --year 2023 --method ipcc
check "unknown method: usage error" expect_rc 2

finish
