#!/bin/bash
# 30-demo.sh — 'greenpark demo' (docs/demo.md): builds the demo park in a new store with
# the published facts of DESIGN.md "Demo park" (山亭经济开发区, 2023: 64 enterprises, 38
# high-tech, 27 专精特新, 38 provincial/municipal R&D platforms, 5 + 5 innovation platforms),
# a 2022-2024 ledger whose 2024 account is in the range docs/demo.md states
# (0.8-1.5 × 10^5 tce 当量值), in a few seconds; --export writes the same bytes for the same
# seed; a store that already has enterprises is refused (exit 1, untouched) unless --force.
. "$(dirname "$0")/lib.sh"

rm -f "$GREENPARK_DB"
start=$(date +%s%N)
gp demo
end=$(date +%s%N)
check "demo: exit 0" expect_rc 0
check "demo: no stderr" [ ! -s "$WORK/err" ]
check "demo: summary says sample data (示例数据)" out_has "示例数据 sample data"
check "demo: summary counts 64 enterprises, 38 high-tech, 27 SRDI" \
	grep -qE "64 in 8 sub-parks .* high-tech 38 .* SRDI 27 " "$WORK/out"
ms=$(((end - start) / 1000000))
echo "    demo took $ms ms" >&2
check "demo: runs in under 10 s (took $ms ms)" [ "$ms" -lt 10000 ]

gp enterprises --format json
check "enterprises: count 64" [ "$(jq_out .count)" = 64 ]
check "enterprises: high_tech 38" [ "$(jq_out .high_tech)" = 38 ]
check "enterprises: srdi 27" [ "$(jq_out .srdi)" = 27 ]
check "enterprises: 38/64 = 59.375 % high-tech (published 59.3 %)" near_json .high_tech_share 0.59375 1e-9
check "enterprises: three leading industries and other" \
	[ "$(jq_out '.by_leading_industry | "\(.new_energy_materials) \(.new_tech_equipment) \(.health_food) \(.other)"')" = "22 22 12 8" ]
check "enterprises: every name is marked （示例）" \
	[ "$(jq_out '[.enterprises[] | select(.name | endswith("（示例）") | not)] | length')" = 0 ]

gp subparks --format json
check "subparks: the eight of DESIGN.md" \
	[ "$(jq_out '[.[].name] | sort | join(",")')" = "$(printf '%s\n' 空港产业园 豆谷融合创新示范园 高端智能制造产业园 翼云科创园 新能源汽车装备制造园 万汇智造园 新型包装材料产业园 农业机械装备制造产业园 | jq -Rrs 'split("\n") | map(select(length > 0)) | sort | join(",")')" ]

gp platforms --format json
check "platforms: 48 in all" [ "$(jq_out length)" = 48 ]
check "platforms: 38 R&D" [ "$(jq_out '[.[] | select(.kind == "rd")] | length')" = 38 ]
check "platforms: none national" [ "$(jq_out '[.[] | select(.level == "national")] | length')" = 0 ]
check "platforms: R&D 14 provincial + 24 municipal" \
	[ "$(jq_out '[.[] | select(.kind == "rd") | .level] | "\(map(select(. == "provincial")) | length) \(map(select(. == "municipal")) | length)"')" = "14 24" ]
check "platforms: innovation 5 provincial + 5 municipal" \
	[ "$(jq_out '[.[] | select(.kind == "innovation") | .level] | "\(map(select(. == "provincial")) | length) \(map(select(. == "municipal")) | length)"')" = "5 5" ]

gp park --format json
check "park: marked as sample data (park.sample)" \
	[ "$(sqlite3 "$GREENPARK_DB" 'SELECT sample FROM park WHERE id = 1')" = 1 ]
check "park: 山亭经济开发区, 山东省枣庄市山亭区, north, Asia/Shanghai" \
	[ "$(jq_out '"\(.name) \(.region) \(.grid) \(.timezone)"')" = "山亭经济开发区 山东省枣庄市山亭区 north Asia/Shanghai" ]

gp account --year 2024 --format json
check "account 2024: exit 0" expect_rc 0
check "account 2024: zcp2025 co2_t > 0" jq -e '.method == "zcp2025" and .co2_t > 0' "$WORK/out"
check "account 2024: energy_tce within 0.8-1.5 × 10^5 tce (docs/demo.md)" \
	jq -e '.energy_tce >= 80000 and .energy_tce <= 150000' "$WORK/out"
check "account 2024: value added reported" jq -e '.value_added_wan_yuan > 0' "$WORK/out"
check "account 2024: some renewable (rooftop PV)" jq -e '.renewable_tce > 0' "$WORK/out"
echo "    2024: $(jq -c '{energy_tce, co2_t, value_added_wan_yuan}' "$WORK/out")" >&2
for y in 2022 2023; do
	gp account --year $y --format json
	check "account $y: energy within range" jq -e '.energy_tce >= 80000 and .energy_tce <= 150000' "$WORK/out"
done

# every enterprise has 36 months (2022-01..2024-12) of grid electricity
check "ledger: 64 × 36 months of electricity_grid" \
	[ "$(sqlite3 "$GREENPARK_DB" "SELECT count(*) FROM activity a JOIN item i ON i.id = a.item_id WHERE i.code = 'electricity_grid' AND a.period BETWEEN 202201 AND 202412")" = 2304 ]

# a second demo into the same store is refused and changes nothing
dump >"$WORK/before.sql"
gp demo
check "again: exit 1" expect_rc 1
check "again: says the store already has 64 enterprises" err_has "already has 64 enterprises"
check "again: points to --force" err_has "--force"
check "again: nothing on stdout" [ ! -s "$WORK/out" ]
dump >"$WORK/after.sql"
check "again: store unchanged" same_dump

# --force deletes the store and builds the demo anew
gp park set --name 改过的名字
gp demo --force --seed 7
check "force: exit 0" expect_rc 0
check "force: says what it removed" out_has "removed $GREENPARK_DB with its 64 enterprises"
gp enterprises --format json
check "force: 64 enterprises again" [ "$(jq_out .count)" = 64 ]
gp park --format json
check "force: the park is the demo's again" [ "$(jq_out .name)" = 山亭经济开发区 ]
gp audit --entity ledger_batch --format json
check "force: one import batch (the old store is gone)" [ "$(jq_out length)" = 1 ]

# --export: same seed → same bytes; other seed → other numbers; files import; no store
GREENPARK_DB="$WORK/none.db" gp demo --export "$WORK/x1"
check "export: exit 0" expect_rc 0
check "export: no store is created" [ ! -e "$WORK/none.db" ]
gp demo --export "$WORK/x2"
for f in enterprises.csv platforms.csv activity.csv; do
	check "export: $f identical for the same seed" cmp -s "$WORK/x1/$f" "$WORK/x2/$f"
done
gp demo --export "$WORK/x3" --seed 8
differ() { ! cmp -s "$1" "$2"; }
check "export: another seed gives another ledger" differ "$WORK/x1/activity.csv" "$WORK/x3/activity.csv"
check "export: headers are the import contract's" \
	[ "$(head -n 1 "$WORK/x1/enterprises.csv") $(head -n 1 "$WORK/x1/platforms.csv") $(head -n 1 "$WORK/x1/activity.csv")" = "uscc,name,subpark,industry_code,leading_industry,high_tech,srdi,employees,land_m2 name,level,kind,uscc,year uscc,period,item,quantity,unit" ]
export GREENPARK_DB="$WORK/imported.db"
gp init
gp import enterprises "$WORK/x1/enterprises.csv"
check "export: enterprises.csv imports" expect_rc 0
gp import platforms "$WORK/x1/platforms.csv"
check "export: platforms.csv imports" expect_rc 0
gp import activity "$WORK/x1/activity.csv"
check "export: activity.csv imports" expect_rc 0

# the default seed's export and the default demo hold the same ledger
export GREENPARK_DB="$WORK/default.db"
gp demo
gp account --year 2024 --format json
cp "$WORK/out" "$WORK/acc_demo.json"
export GREENPARK_DB="$WORK/imported.db"
gp park set --grid north
gp account --year 2024 --format json
check "export: imported files give the demo's 2024 CO2" \
	[ "$(jq -r .co2_t "$WORK/out")" = "$(jq -r .co2_t "$WORK/acc_demo.json")" ]

# usage errors
gp demo --seed -1
check "usage: negative seed is exit 2" expect_rc 2
gp demo --seed abc
check "usage: seed must be a number" expect_rc 2
gp demo --export "$WORK/x4" --force
check "usage: --export with --force is exit 2" expect_rc 2
gp demo extra
check "usage: an argument is exit 2" expect_rc 2

finish
