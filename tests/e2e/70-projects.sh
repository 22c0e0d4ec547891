#!/bin/bash
# 70-projects.sh — the investment pipeline end to end: the imports (every bad row as
# FILE:LINE, nothing stored), moves from the CLI (one stage forward, override rules, the
# gate before 签约: a veto exits 1, keeps its decision and moves nothing), the summary
# contract, the demo park's pipeline (every stage, the 3 key-list projects, vetoes), and
# the API with its roles (staff lists, viewers the summary only, enterprise and bank
# users nothing; only an admin overrides; a veto answers 409) and Excel downloads.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE=$TOP/data/sample
A=91370406MA0000101U # an enterprise of data/sample
HDR=code,name,investor,uscc,industry_code,leading_industry,subpark,investment_wan_yuan,output_wan_yuan,tax_wan_yuan,land_mu,land_m2,high_tech,talent,lead,members,department,energy,so2_t,nox_t,voc_t,pm_t,cod_t,nh3n_t,key_list,stage,stage_date,note

fresh
gp import enterprises "$SAMPLE/enterprises.csv"
gp import activity "$SAMPLE/activity.csv"
check "sample park imported" expect_rc 0

# ---- imports ----
cat >"$WORK/rules.csv" <<'EOF'
code,kind,param,threshold,mandatory,name,source
E1,energy_intensity_max,equivalent,0.5,是,单位产值能耗 ≤ 0.5 tce/万元,test
S1,pollutant_max,so2,10,是,二氧化硫 ≤ 10 t/a,test
R1,restricted_industry,C2521,,是,不新建炼焦,test
Z1,park_core_increase_max,,0.5,否,园区指标增幅 ≤ 0.5,test
EOF
gp import screen-rules "$WORK/rules.csv"
check "rules imported" expect_rc 0
check "rules imported: 4" out_has "4 screen-rules"

cat >"$WORK/bad.csv" <<EOF
$HDR
P1,好项目,甲,,C3841,other,,100,200,,1,,0,,,,,electricity_grid:10 万kWh,,,,,,,,reserve,2024-01-01,
P2,,甲,,C3841,other,,100,200,,1,,0,,,,,,,,,,,,,reserve,2024-01-01,
P3,坏,甲,91370406MA0000999X,C3841,other,,100,200,,1,,0,,,,,,,,,,,,,reserve,2024-01-01,
P4,坏,甲,,C3841,other,,100,200,,1,,0,,,,,coal:5 t,,,,,,,,reserve,2024-01-01,
P5,坏,甲,,C3841,other,,100,200,,1,,0,,,,,,,,,,,,,terminated,2024-01-01,
P6,坏,甲,,C3841,other,,100,abc,,1,,0,,,,,,,,,,,,,reserve,2024-02-30,
EOF
reject_import projects "projects: bad rows" "$WORK/bad.csv" 6 \
	3 "name" \
	4 "uscc" \
	5 "energy item 'coal' is not in the factor library" \
	6 "terminate it with 'greenpark project move" \
	7 "output_wan_yuan 'abc' is not a number" \
	7 "stage_date '2024-02-30' has day 30 (2024-02 has 29 days)"

cat >"$WORK/projects.csv" <<EOF
$HDR
P1,锂电池隔膜,甲公司,$A,C2922,new_energy_materials,,50000,80000,3000,120,,是,张博士团队,王局长,李；赵,招商服务局,electricity_grid:2000 万kWh;natural_gas:50 万m3,1,2,0.5,0.3,0,0,,negotiating,2024-01-10,
P2,焦化项目,乙公司,,C2521,other,,30000,20000,500,200,,否,,刘,,招商服务局,electricity_grid:1000 万kWh;raw_coal:50000 t,40,30,10,5,0,0,,negotiating,2024-02-01,
P3,污水厂,管委会,,D4620,other,,20000,0,0,50,,否,,周,,建设局,electricity_grid:300 万kWh,0,0,0,0,10,1,2022年山东省重点项目,reserve,2021-06-01,
EOF
gp import projects "$WORK/projects.csv"
check "projects imported" expect_rc 0
check "projects imported: 3 new" out_has "3 projects (3 new"
gp import projects "$WORK/projects.csv"
check "re-import: 3 unchanged" out_has "0 new, 0 updated, 3 unchanged"
sed 's/^P1,锂电池隔膜,\(.*\),negotiating,/P1,锂电池隔膜,\1,signed,/' "$WORK/projects.csv" >"$WORK/stage.csv"
reject_import projects "projects: a stage change by import" "$WORK/stage.csv" 1 \
	2 "stored at 在谈 negotiating, not 签约 signed|project move"

# ---- moves from the CLI ----
gp project move P1 started --date 2024-03-01
check "skip refused: exit 1" expect_rc 1
check "skip refused: says the next stage" err_has "the next stage is 签约 signed"
gp project move P1 signed --date 2023-12-01
check "a date before the current stage is refused" err_has "before project P1 entered 在谈"
gp project move P1 signed --date 2024-03-01
check "P1 signed: exit 0" expect_rc 0
check "P1 signed: the gate passed" out_has "通过 passed"
dump >"$WORK/before.sql"
gp project move P2 signed --date 2024-03-01
check "P2 vetoed: exit 1" expect_rc 1
check "P2 vetoed: names the failed rules and values" err_has "S1 二氧化硫 ≤ 10 t/a (40 t/a > 10 t/a)"
check "P2 vetoed: restricted industry" err_has "industry C2521 is in restricted C2521"
check "P2 vetoed: the decision is kept" err_has "the decision is kept as #"
gp project show P2 --format json
check "P2 still 在谈" [ "$(jq_out .stage)" = negotiating ]
check "P2's decision kept with its inputs" [ "$(jq_out '.decisions[0].inputs.pollutants_t.so2')" = 40 ]
check "P2's advisory rule is not a veto reason" [ "$(jq_out '[.decisions[0].results[] | select(.code == "Z1") | .mandatory] | .[0]')" = false ]
gp project move P2 terminated --date 2024-03-05
check "terminate without a reason refused" err_has "needs a reason"
gp project move P2 terminated --date 2024-03-05 --reason 环保一票否决
check "P2 terminated" expect_rc 0
gp project move P3 negotiating --date 2021-09-01
gp project move P3 signed --date 2022-01-10
check "P3 (no output) signed: intensity not applicable" expect_rc 0
check "P3: 不适用 shown" out_has "不适用 not applicable"
gp project move P3 building --date 2022-06-01 --override
check "override without a reason refused" err_has "needs a reason"
gp project move P3 building --date 2022-06-01 --override --reason 同步推进
check "override with a reason (CLI acts as admin)" expect_rc 0
gp audit --format json
check "moves audited" [ "$(jq_out '[.[] | select(.entity == "project" and .action == "move")] | length')" -ge 5 ]
check "decisions audited" [ "$(jq_out '[.[] | select(.entity == "screen_decision")] | length')" -ge 3 ]

gp project summary --format json
check "summary: by_stage has the 8 stage codes" [ "$(jq_out '.by_stage | keys | sort | join(",")')" = "building,landed,negotiating,producing,reserve,signed,started,terminated" ]
check "summary: signed 1, building 1, terminated 1" [ "$(jq_out '[.by_stage.signed, .by_stage.building, .by_stage.terminated] | join(",")')" = "1,1,1" ]
check "summary: vetoed 1" [ "$(jq_out .vetoed)" = 1 ]
# in 在谈: P1 2024-01-10..2024-03-01 = 51 days, P2 2024-02-01..2024-03-05 = 33, P3
# 2021-09-01..2022-01-10 = 131 → median 51
check "summary: median days in 在谈 = 51" near_json .stage_days.negotiating.median_days 51 0
# reached: reserve 3, negotiating 3, signed 2 (P1, P3), landed 1 … building 1 (P3)
check "summary: 在谈 → 签约 2/3" near_json '.conversion[1].rate' 0.6666666666666666 1e-12
check "summary: effect counts P1 and P3" [ "$(jq_out .effect.projects)" = 2 ]
gp project vetoes --xlsx "$WORK/vetoes.xlsx"
check "veto report as xlsx" sh -c "unzip -l '$WORK/vetoes.xlsx' | grep -q xl/worksheets/sheet1.xml"

# ---- the demo park ----
rm -f "$GREENPARK_DB" "$GREENPARK_DB-wal" "$GREENPARK_DB-shm"
gp demo
check "demo built" expect_rc 0
gp project summary --format json
check "demo: a project in every stage" [ "$(jq_out '[.by_stage[] | select(. > 0)] | length')" = 8 ]
check "demo: vetoed projects" [ "$(jq_out .vetoed)" -ge 2 ]
gp project list --format json
check "demo: the 3 infrastructure projects of the 2022 provincial key list" [ "$(jq_out '[.[] | select(.key_list == "2022年山东省重点项目（基础设施）")] | length')" = 3 ]
check "demo: every project labelled sample" [ "$(jq_out '[.[] | select(.name | endswith("（示例）") | not)] | length')" = 0 ]
gp finance loans --format json
check "demo: a loan finances a project of the pipeline" [ "$(jq_out '[.[] | select((.project // "") | test("^P20"))] | length')" -ge 1 ]
gp project list --format json
check "demo: a terminated project gives its reason" [ "$(jq_out '[.[] | select(.stage == "terminated" and (.terminated_reason | length) == 0)] | length')" = 0 ]

# ---- the demo's meters (core/demo_meters.c): 8 main meters for December 2024, within
# ±2 % of the ledger except the third (+8 %); sub-meters at 40 % and 35 % of the quarter hours
gp meter reconcile --year 2024 --format json
check "demo meters: 8 enterprises reconciled for 2024-12" [ "$(jq_out '[.rows[] | select(.period == "2024-12")] | length')" = 8 ]
check "demo meters: exactly the third enterprise flagged, about 8 % high" jq -e '([.rows[] | select(.flagged)] | length == 1) and ([.rows[] | select(.flagged)][0].difference_share | . > 0.079 and . < 0.081)' "$WORK/out"
gp meter balance --year 2024 --format json
check "demo meters: 4 masters whose sub-meters take 75 % (share 0.25 ± 0.001)" jq -e '(.rows | length == 4) and all(.rows[]; .share > 0.249 and .share < 0.251)' "$WORK/out"

# ---- HTTP ----
echo admin-pass-70 | "$GREENPARK" user add root --role admin >/dev/null
echo analyst-pass-70 | "$GREENPARK" user add ana --role analyst >/dev/null
echo viewer-pass-70 | "$GREENPARK" user add vw --role viewer >/dev/null
echo bank-pass-70 | "$GREENPARK" user add bk --role bank --bank 枣庄银行 >/dev/null
EU=$("$GREENPARK" enterprises --format json | jq -r '.enterprises[0].uscc')
echo enterprise-pass-70 | "$GREENPARK" user add ent --role enterprise --enterprise "$EU" >/dev/null
T_ADMIN=$("$GREENPARK" token create root 2>/dev/null)
T_ANA=$("$GREENPARK" token create ana 2>/dev/null)
T_VIEW=$("$GREENPARK" token create vw 2>/dev/null)
T_BANK=$("$GREENPARK" token create bk 2>/dev/null)
T_ENT=$("$GREENPARK" token create ent 2>/dev/null)
serve_start || exit 1
J='Content-Type: application/json'

TOKEN=$T_ANA api GET /projects/summary
check "API summary: 200" status_is 200
check "API summary: by_stage (8 codes) and vetoed" body_jq '(.by_stage | keys | length) == 8 and (.vetoed | type == "number")'
TOKEN=$T_ANA api GET '/projects?stage=building&per_page=2'
check "API list: filtered and paginated" body_jq '(.items | length) <= 2 and all(.items[]; .stage == "building") and .total >= 1'
P=$(TOKEN=$T_ANA api GET '/projects?stage=negotiating' >/dev/null; jq -r '[.items[] | select(.code | test("-V") | not)][0].code' "$WORK/body")
V=$(TOKEN=$T_ANA api GET '/projects?stage=negotiating' >/dev/null; jq -r '[.items[] | select(.code | test("-V"))][0].code' "$WORK/body")
TOKEN=$T_ANA api GET "/projects/$V"
check "API detail: history and the veto" body_jq '(.events | length) >= 2 and (.decisions[0].vetoed == true)'
TOKEN=$T_ANA api POST "/projects/$V/move" -H "$J" -d '{"stage": "signed", "date": "2024-12-01"}'
check "API move of a vetoed project: 409 with the decision" body_jq '.error.code == "conflict" and .error.details[0].vetoed == true'
TOKEN=$T_ANA api POST "/projects/$P/move" -H "$J" -d '{"stage": "landed", "date": "2024-12-01", "override": true, "reason": "x"}'
check "API override by an analyst: 400" error_is 400 bad_request
TOKEN=$T_ADMIN api POST "/projects/$P/move" -H "$J" -d '{"stage": "landed", "date": "2024-12-01", "override": true, "reason": "省级协调，越级推进"}'
check "API override by an admin: 200, screened on the way past 签约" body_jq '.stage == "landed" and .screening.vetoed == false'
TOKEN=$T_ANA api POST "/projects/$P/move" -H "$J" -d '{"stage": "nowhere"}'
check "API move with a bad stage: 400" error_is 400 bad_request
TOKEN=$T_VIEW api GET /projects/summary
check "viewer: the summary" status_is 200
TOKEN=$T_VIEW api GET /projects
check "viewer: no project list (403)" error_is 403 forbidden
TOKEN=$T_ENT api GET /projects
check "enterprise: no project list (403)" error_is 403 forbidden
TOKEN=$T_ENT api GET /projects/summary
check "enterprise: no summary (403)" error_is 403 forbidden
TOKEN=$T_BANK api GET "/projects/$P"
check "bank: no project (403)" error_is 403 forbidden
TOKEN=$T_ANA api POST "/projects/$P/move" -H "$J" -d '{"stage": "started"}'
TOKEN=$T_VIEW api POST "/projects/$P/move" -H "$J" -d '{"stage": "building"}'
check "viewer: no moves (403)" error_is 403 forbidden
TOKEN=$T_ANA api GET '/projects?sort=-investment_wan_yuan&per_page=500'
check "API list sorted by investment, descending" body_jq '[.items[].investment_wan_yuan] as $v | ($v | length) > 2 and $v == ($v | sort | reverse)'
TOKEN=$T_ANA api GET '/projects?sort=cost'
check "API list: an unknown sort key is 400 naming the keys" body_jq '.error.code == "bad_request" and (.error.message | test("days_in_stage"))'
gp project list --sort -days_in_stage --format json
check "CLI list sorted by days in stage (longest first)" jq -e '[.[].stage_since] as $d | $d == ($d | sort)' "$WORK/out"
TOKEN=$T_ANA api GET /projects.xlsx
check "API projects.xlsx: a workbook" sh -c "[ '$STATUS' = 200 ] && unzip -l '$WORK/body' | grep -q xl/worksheets/sheet1.xml"
TOKEN=$T_ANA api GET /projects/vetoes.xlsx
check "API vetoes.xlsx: a workbook" sh -c "[ '$STATUS' = 200 ] && unzip -l '$WORK/body' | grep -q xl/worksheets/sheet1.xml"
TOKEN=$T_ANA api GET /projects/rules
check "API rules: the demo's 14" body_jq 'length == 14'
TOKEN=$T_ANA api GET /projects/NOPE
check "API unknown project: 404" error_is 404 not_found

finish
