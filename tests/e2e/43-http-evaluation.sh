#!/bin/bash
# 43-http-evaluation.sh — GET /api/v1/evaluation answers what 'greenpark evaluate' prints
# for the same year, standard and scope; POST /api/v1/park/attributes is for park staff
# only, refuses codes no indicator reads, and its value reaches the evaluation.
. "$(dirname "$0")/lib.sh"

SAMPLE=$(cd "$(dirname "$0")/../../data/sample" && pwd)
J='Content-Type: application/json'
fresh
gp import enterprises "$SAMPLE/enterprises.csv"
gp import platforms "$SAMPLE/platforms.csv"
gp import activity "$SAMPLE/activity.csv"
check "sample park loaded" expect_rc 0
U=$(jq -r '.enterprises[0].uscc' < <("$GREENPARK" enterprises --format json))
for u in ana:analyst vw:viewer; do
	echo "pass-$u-123" | "$GREENPARK" user add "${u%%:*}" --role "${u##*:}" >/dev/null
done
echo "pass-ent-1234" | "$GREENPARK" user add ent --role enterprise --enterprise "$U" >/dev/null
T_ANA=$("$GREENPARK" token create ana)
T_VW=$("$GREENPARK" token create vw)
T_ENT=$("$GREENPARK" token create ent)
serve_start || { finish; exit 1; }

for std in zcp2025 miit2016; do
	"$GREENPARK" evaluate --year 2024 --standard $std --format json >"$WORK/cli_$std.json"
	TOKEN=$T_ANA api GET "/evaluation?year=2024&standard=$std"
	check "$std: 200" status_is 200
	check "$std: the same indicators, values, targets and verdicts as the CLI" \
		jq -e --slurpfile c "$WORK/cli_$std.json" '[.indicators[] | [.code, .value, .target, .pass, .missing]] == [$c[0].indicators[] | [.code, .value, .target, .pass, .missing]] and .summary == $c[0].summary' "$WORK/body"
done

"$GREENPARK" evaluate --year 2024 --standard zcp2025 --base-year 2023 --format json >"$WORK/cli_hist.json"
TOKEN=$T_ANA api GET "/evaluation?year=2024&standard=zcp2025&history=1&base_year=2023"
check "history=1: the same history and base year as the CLI" jq -e --slurpfile c "$WORK/cli_hist.json" '.history == $c[0].history and .base_year == $c[0].base_year and ([.history[].year] == [2022, 2023, 2024])' "$WORK/body"

# park attributes: staff only
TOKEN=$T_VW api POST /park/attributes -H "$J" -d '{"year": 2024, "code": "GG5", "value": 86.3}'
check "viewer sets an attribute: 403" error_is 403 forbidden
TOKEN=$T_ENT api POST /park/attributes -H "$J" -d '{"year": 2024, "code": "GG5", "value": 86.3}'
check "enterprise sets an attribute: 403" error_is 403 forbidden
TOKEN=$T_ANA api POST /park/attributes -H "$J" -d '{"year": 2024, "code": "XX9", "value": 1}'
check "a code no indicator reads: 400" error_is 400 bad_request
TOKEN=$T_ANA api POST /park/attributes -H "$J" -d '{"year": 2024, "code": "IG1", "value": "maybe"}'
check "a value that is neither a number nor yes/no: 400" error_is 400 bad_request
TOKEN=$T_ANA api POST /park/attributes -H "$J" -d '{"year": 2024, "code": "GG5", "value": 86.3, "source": "环境监测站"}'
check "analyst sets GG5: 200" status_is 200
TOKEN=$T_ANA api POST /park/attributes -H "$J" -d '{"year": 2024, "code": "IG1", "value": "no"}'
check "analyst sets IG1 no: 200" status_is 200
TOKEN=$T_ANA api GET "/evaluation?year=2024&standard=miit2016"
# GG5: 86.3 % of good-air days against the leading value 80 (min) → pass; IG1 no → fail
check "GG5 = 86.3 passes (min 80)" body_jq '.indicators[] | select(.code == "GG5") | .value == 86.3 and .pass == true and .missing == null'
check "IG1 = no fails (bool)" body_jq '.indicators[] | select(.code == "IG1") | .value == 0 and .pass == false'
"$GREENPARK" audit --entity park_attribute --format json >"$WORK/audit.json"
check "attributes audited as web:ana with the source" jq -e 'any(.[]; .actor == "web:ana" and .key == "2024/GG5" and .after.source == "环境监测站")' "$WORK/audit.json"

# who may read what
TOKEN=$T_VW api GET "/evaluation?year=2024&standard=zcp2025"
check "viewer reads the park's evaluation: 200" status_is 200
TOKEN=$T_VW api GET "/evaluation?year=2024&standard=zcp2025&enterprise=$U"
check "viewer reads an enterprise's evaluation: 403" error_is 403 forbidden
TOKEN=$T_ENT api GET "/evaluation?year=2024&standard=zcp2025&enterprise=$U"
check "an enterprise reads its own evaluation: 200" status_is 200
TOKEN=$T_ENT api GET "/evaluation?year=2024&standard=zcp2025"
check "an enterprise reads the park's evaluation: 403" error_is 403 forbidden
TOKEN=$T_ANA api GET "/evaluation?year=2024&standard=gb2030"
check "unknown standard: 400" error_is 400 bad_request

serve_stop
finish
