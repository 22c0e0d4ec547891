#!/bin/bash
# 55-targets.sh — greenpark target: paths, the contribution ranking and errors, on the
# fixture of 20-account.sh (cn-enterprise, park grid national, 2023 average 0.5306).
#  A: CO2 = 2162.188809 + 1,000,000 × 0.5306/1000 = 2692.788809 t, value added 1000 万元
#  B: CO2 = 190.02988488 + 110 + 700,000 × 0.5306/1000 = 671.44988488 t, 20000 万元
#  C: CO2 = 50 + 150,000 × 0.5306/1000 = 129.59 t, 500 万元
#  park: CO2 3493.82869388 t, value added 21500 万元 → 0.16250366018046512 tCO2/万元
. "$(dirname "$0")/lib.sh"

fresh
gp import enterprises "$TESTDATA/enterprises.csv"
gp import activity "$TESTDATA/account_activity.csv"
check "fixture loaded" expect_rc 0
gp target add --metric co2_per_wan_yuan --path rate --amount -4 --base-year 2023 --note "年降 4%"
check "rate target added" expect_rc 0
gp target check --year 2023 --method cn-enterprise --format json
I=$(awk 'BEGIN { printf "%.15f", 3493.82869388 / 21500 }')
check "base value = the park's 2023 intensity" near_json '.targets[0].base_value' "$I" 1e-9
check "required in the base year = base" near_json '.targets[0].required' "$I" 1e-9
check "on track in the base year" jq -e '.targets[0].on_track == true' "$WORK/out"
# contribution = CO2 − park intensity × value added; they sum to 0 at the park intensity
check "A's contribution: 2692.788809 − I × 1000" near_json '.targets[0].contributions[] | select(.uscc == "91370406MA3C00010M") | .contribution' "$(awk -v i=$I 'BEGIN { printf "%.6f", 2692.788809 - i * 1000 }')" 1e-6
check "contributions sum to 0" near_json '[.targets[0].contributions[].contribution] | add' 0 1e-6
check "ranked by contribution, largest first" jq -e '[.targets[0].contributions[].contribution] as $c | $c == ($c | sort | reverse)' "$WORK/out"
check "the trajectory starts at the base year" jq -e '.targets[0].trajectory[0].year == 2023' "$WORK/out"

gp target add --metric output_value --path reach --amount 100 --base-year 2023
check "reach without --target-year: usage error" expect_rc 2
gp target add --metric gdp --path rate --amount 1 --base-year 2023
check "unknown metric: usage error" expect_rc 2
gp target add --metric co2_t --path rate --amount -3 --base-year 2023 --target-year 2030
check "rate with a target year: usage error" expect_rc 2
gp target add --metric co2_t --path multiple --amount 0.5 --base-year 2023 --target-year 2030 --enterprise 91370406MA3C00010M
check "an enterprise target" expect_rc 0
gp target list --format json
check "two targets listed" jq -e 'length == 2 and .[1].scope == "91370406MA3C00010M"' "$WORK/out"
gp target remove 1
check "remove" expect_rc 0
gp target remove 99
check "remove an unknown target: exit 1" expect_rc 1
gp audit --entity target --format json
check "targets audited (insert ×2, delete)" jq -e 'length == 3 and .[0].action == "delete" and .[0].actor == "e2e"' "$WORK/out"

# over HTTP: the same check as the CLI; park staff add and remove; others may not
echo "pass-ana-12345" | "$GREENPARK" user add ana --role analyst >/dev/null
echo "pass-vw-123456" | "$GREENPARK" user add vw --role viewer >/dev/null
T_ANA=$("$GREENPARK" token create ana)
T_VW=$("$GREENPARK" token create vw)
J='Content-Type: application/json'
serve_start || { finish; exit 1; }
TOKEN=$T_ANA api POST /targets -H "$J" -d '{"metric": "co2_per_wan_yuan", "path": "rate", "base_year": 2023, "amount": -4, "note": "API"}'
check "API: analyst adds a target: 201" status_is 201
NEW=$(jq -r .id "$WORK/body")
TOKEN=$T_ANA api POST /targets -H "$J" -d '{"metric": "clean_share", "path": "reach", "base_year": 2023, "amount": 0.5}'
check "API: reach without target_year: 400" error_is 400 bad_request
TOKEN=$T_VW api POST /targets -H "$J" -d '{"metric": "co2_t", "path": "rate", "base_year": 2023, "amount": -1}'
check "API: viewer adds a target: 403" error_is 403 forbidden
TOKEN=$T_ANA api GET "/targets?year=2023&method=cn-enterprise"
check "API: check 200" status_is 200
"$GREENPARK" target check --year 2023 --method cn-enterprise --format json >"$WORK/cli_targets.json"
check "API: the same check as the CLI" jq -e --slurpfile c "$WORK/cli_targets.json" '[.targets[] | [.id, .base_value, .required, .actual, .on_track]] == [$c[0].targets[] | [.id, .base_value, .required, .actual, .on_track]]' "$WORK/body"
TOKEN=$T_VW api GET "/targets?year=2023"
check "API: viewer reads targets (per-enterprise contributions): 403" error_is 403 forbidden
TOKEN=$T_ANA api DELETE "/targets/$NEW"
check "API: analyst removes it: 204" status_is 204
TOKEN=$T_ANA api DELETE "/targets/$NEW"
check "API: removing it again: 404" error_is 404 not_found
serve_stop
finish
