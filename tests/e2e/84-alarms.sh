#!/bin/bash
# 84-alarms.sh — meter alarms end to end (docs/alarms.md): rules from the CLI (every bad
# option named), a threshold alarm raised by POST /write, updated by the next violation,
# acknowledged by the enterprise user, returned to normal, cleared (a note needed while
# active) by an analyst; a rate alarm on a counter; stale alarms by 'alarm check --at' and
# their return; an imbalance alarm on a master and its sub-meters raised once per day even
# after a clear, and a monthly one with min_value; enterprise scoping (its own alarms only,
# another's id 404, no clearing, no rule writes), bad HTTP input, the audit rows and the
# alarm log; rules imported from CSV (bad lines as FILE:LINE, nothing stored); disabling a
# rule; removing one over HTTP; and the sweeper of 'serve --alarm-every'.
# Times: 2024-01-01T00:00:00+08:00 = 1704038400 (T0).
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
A=91370406MA0000101U # enterprises of data/sample
B=91370406MA0000102Y
C=91370406MA00001032
T0=1704038400
LP='Content-Type: text/plain'
JS='Content-Type: application/json'
ns() { echo $((($1) * 1000000000)); } # Unix seconds → line protocol nanoseconds

fresh
gp import enterprises "$TOP/data/sample/enterprises.csv"
check "sample enterprises" expect_rc 0
for m in "P1 $A instant 900" "PB $B instant 900" "CUM $A cumulative 900" "WM $C interval 86400"; do
	set -- $m
	"$GREENPARK" meter add "$1" --enterprise "$2" --item electricity_grid --unit kWh --kind "$3" --interval "$4" >/dev/null
done
"$GREENPARK" meter add WS1 --enterprise "$C" --item electricity_grid --unit kWh --kind interval --interval 86400 --parent WM >/dev/null
"$GREENPARK" meter add WS2 --enterprise "$C" --item electricity_grid --unit kWh --kind interval --interval 86400 --parent WM >/dev/null
"$GREENPARK" meter add TEN --enterprise "$C" --item electricity_grid --unit kWh --kind virtual --formula "WM - WS1 - WS2" >/dev/null
gp meter list --format json
check "meters P1, PB, CUM, WM, WS1, WS2, TEN" jq -e 'length == 7' "$WORK/out"

# ---- rules from the CLI ----
gp alarm rule add --kind threshold --meter P1 --high 100 --low 10 --severity 1 --note "主进线功率"
check "rule add: threshold on P1" out_has "alarm rule added: 1 (threshold, P1)"
gp alarm rule add
check "rule add without --kind: usage (2)" expect_rc 2
check "…saying what is missing" err_has "needs --kind threshold|rate|stale|imbalance"
gp alarm rule add --kind bogus --meter P1
check "an unknown kind: usage, the kinds listed" err_has "kind 'bogus' is not one of threshold | rate | stale | imbalance"
check "…exit 2" expect_rc 2
gp alarm rule add --kind threshold --high 5
check "threshold without a meter refused" err_has "a threshold rule needs a meter"
check "…exit 1" expect_rc 1
gp alarm rule add --kind threshold --meter P1 --high 5 --limit 3
check "a parameter of another kind is named" err_has "limit applies to rate rules only (this rule is threshold)"
gp alarm rule add --kind threshold --meter P1 --high 5 --low 6
check "low above high refused" err_has "low 6 must be below high 5"
gp alarm rule add --kind threshold --meter NOPE --high 5
check "an unknown meter named" err_has "no meter 'NOPE'"
gp alarm rule add --kind threshold --meter TEN --high 5
check "a virtual meter refused (no readings)" err_has "meter TEN is virtual"
gp alarm rule add --kind rate --meter CUM --limit abc
check "a limit that is not a number: usage" err_has "--limit 'abc' is not a number"
gp alarm rule add --kind stale --severity 5
check "severity 5 refused with the three levels" err_has "severity '5' is not 1 (紧急 critical), 2 (重要 major) or 3 (一般 minor)"
gp alarm rule add --kind imbalance --meter P1 --pct 20
check "imbalance on a meter without sub-meters refused" err_has "meter P1 has no sub-meters"
gp alarm rule add --kind rate --meter CUM --limit 1000 --severity 重要
check "rule add: rate on the counter CUM (severity by its Chinese name)" out_has "alarm rule added: 2 (rate, CUM)"
gp alarm rule add --kind threshold --meter PB --high 100
check "rule add: threshold on PB (enterprise B)" out_has "alarm rule added: 3"
gp alarm rule list --format json
check "rule list: three rules, the first as given" jq -e 'length == 3 and .[0].kind == "threshold" and .[0].meter == "P1" and .[0].high == 100 and .[0].low == 10 and .[0].severity == 1 and .[0].note == "主进线功率" and .[0].limit == null and .[1].limit == 1000 and .[1].severity == 2 and .[2].uscc == "'"$B"'"' "$WORK/out"
gp audit --entity alarm_rule --format json
check "every rule added is audited" jq -e '[.[] | select(.action == "insert")] | length == 3' "$WORK/out"

# ---- HTTP ----
add_user() { echo "$2" | "$GREENPARK" user add "$1" "${@:3}" >/dev/null; }
add_user ana analyst-pass-84 --role analyst
add_user enta enterprise-pass-84 --role enterprise --enterprise "$A"
add_user vw viewer-pass-84 --role viewer
T_ANA=$("$GREENPARK" token create ana 2>/dev/null)
T_ENT=$("$GREENPARK" token create enta 2>/dev/null)
T_VIEW=$("$GREENPARK" token create vw 2>/dev/null)
serve_start --alarm-every 0 || exit 1
TOKEN=$T_ANA api GET /health
check "health: schema 12 or later (0012_alarms.sql applied)" body_jq '.schema >= 12'

TOKEN=$T_ENT api POST /write -H "$LP" --data-binary "e,meter=P1 value=50 $(ns T0+900)"
check "write 50 kW: 200" status_is 200
TOKEN=$T_ENT api GET /alarms
check "50 kW is within 10-100: no alarm" body_jq '.total == 0'
TOKEN=$T_ENT api POST /write -H "$LP" --data-binary "e,meter=P1 value=120 $(ns T0+1800)"
TOKEN=$T_ENT api GET /alarms
check "120 kW > 100: an alarm, 告警 active, at the reading's time" body_jq '.total == 1 and (.items[0] | .kind == "threshold" and .meter == "P1" and .state == "active" and .state_zh == "告警" and .severity == 1 and .value == 120 and .count == 1 and .raised_at == '$((T0 + 1800))' and .detail == "level 120 > high 100" and .ack == null)'
P1_ALARM=$(jq -r '.items[0].id' "$WORK/body")
TOKEN=$T_ANA api POST /write -H "$LP" --data-binary "e,meter=PB value=150 $(ns T0+1800)"
TOKEN=$T_ANA api GET /alarms
check "the analyst sees both enterprises' alarms" body_jq '.total == 2'
PB_ALARM=$(jq -r '[.items[] | select(.meter == "PB")][0].id' "$WORK/body")
TOKEN=$T_ENT api POST /write -H "$LP" --data-binary "e,meter=P1 value=130 $(ns T0+2700)"
TOKEN=$T_ENT api GET /alarms
check "130 kW: the same alarm counts it (count 2, value 130), no second one" body_jq '.total == 1 and .items[0].id == '"$P1_ALARM"' and .items[0].count == 2 and .items[0].value == 130 and .items[0].last_at == '$((T0 + 2700))' and .items[0].raised_at == '$((T0 + 1800))
check "the enterprise user sees only its own meters' alarms" body_jq 'all(.items[]; .uscc == "'"$A"'")'
TOKEN=$T_ENT api GET /alarms/summary
check "summary: 1 open, 1 active, the worst severity 1" body_jq '.open == 1 and .active == 1 and .acked == 0 and .worst == 1 and .by_severity[0].active == 1'
TOKEN=$T_ENT api GET "/alarms?meter=PB"
check "another enterprise's meter: 404" error_is 404 not_found
TOKEN=$T_ENT api POST "/alarms/$PB_ALARM/ack" -H "$JS" -d '{}'
check "acknowledging another enterprise's alarm: 404, as a missing one" error_is 404 not_found
TOKEN=$T_ENT api POST "/alarms/$P1_ALARM/clear" -H "$JS" -d '{"note": "x"}'
check "an enterprise user may not clear: 403" error_is 403 forbidden
TOKEN=$T_ENT api POST /alarm-rules -H "$JS" -d '{"kind": "stale"}'
check "an enterprise user may not add rules: 403" error_is 403 forbidden
TOKEN=$T_ENT api DELETE /alarm-rules/1
check "…nor remove them: 403" error_is 403 forbidden
TOKEN=$T_ENT api GET /alarm-rules
check "the enterprise user's rules: those of its meters (P1, CUM), not B's" body_jq '[.rules[].id] == [1, 2]'
TOKEN=$T_VIEW api GET /alarms
check "a viewer: 403" error_is 403 forbidden
TOKEN=$T_VIEW api GET /alarms/summary
check "a viewer gets no summary: 403" error_is 403 forbidden
TOKEN=$T_ENT api POST "/alarms/$P1_ALARM/ack" -H "$JS" -d '{"note": "已通知电工"}'
check "ack by the enterprise user: 已确认 acked, by whom, with the note" body_jq '.state == "acked" and .state_zh == "已确认" and .ack.by == "web:enta" and .ack.note == "已通知电工"'
TOKEN=$T_ENT api POST "/alarms/$P1_ALARM/ack" -H "$JS" -d '{}'
check "ack twice: 409" error_is 409 conflict
TOKEN=$T_ENT api POST /write -H "$LP" --data-binary "e,meter=P1 value=80 $(ns T0+3600)"
TOKEN=$T_ENT api GET /alarms
check "80 kW: returned to normal (已恢复), still listed, still acknowledged" body_jq '.total == 1 and .items[0].state == "returned" and .items[0].active == false and .items[0].acked == true and .items[0].returned_at != null'
TOKEN=$T_ANA api POST "/alarms/$PB_ALARM/clear" -H "$JS" -d '{}'
check "clearing an active alarm without a note: 400 saying why" body_jq '.error.code == "bad_request" and (.error.message | test("still active: clearing it needs a note"))'
TOKEN=$T_ANA api POST "/alarms/$PB_ALARM/clear" -H "$JS" -d '{"note": "传感器更换"}'
check "…with a note: cleared" body_jq '.state == "cleared" and .cleared.by == "web:ana" and .cleared.note == "传感器更换"'
TOKEN=$T_ANA api POST "/alarms/$P1_ALARM/clear"
check "a returned alarm is cleared without a note (empty body)" body_jq '.state == "cleared" and .cleared.note == ""'
TOKEN=$T_ANA api GET /alarms
check "no open alarms left" body_jq '.total == 0'
TOKEN=$T_ANA api GET "/alarms?all=1"
check "?all=1 lists the cleared ones" body_jq '.total == 2 and all(.items[]; .state == "cleared")'
TOKEN=$T_ANA api GET "/alarms?state=cleared&meter=P1"
check "?state=cleared&meter=P1" body_jq '.total == 1 and .items[0].id == '"$P1_ALARM"
TOKEN=$T_ANA api GET "/alarms/log?alarm=$P1_ALARM"
check "the log of the P1 alarm, newest first: clear, return, ack, update, raise" body_jq '[.events[].event] == ["clear", "return", "ack", "update", "raise"] and .events[2].actor == "web:enta" and .events[4].actor == "system" and .events[4].value == 120'
TOKEN=$T_ENT api GET "/alarms/log?alarm=$PB_ALARM"
check "another enterprise's alarm log: 404" error_is 404 not_found
gp audit --entity alarm --format json
check "ack and clears audited with who and before/after" jq -e 'length == 3 and ([.[].action] == ["clear", "clear", "ack"]) and .[0].actor == "web:ana" and .[2].actor == "web:enta" and .[2].before.acked == 0 and .[2].after.acked == 1 and .[1].after.clear_note == "传感器更换"' "$WORK/out"

# bad input over HTTP
TOKEN=$T_ANA api GET "/alarms?state=open"
check "?state=open: 400 listing the states" body_jq '.error.message | test("state .open. is not one of active \\| acked \\| returned \\| cleared")'
TOKEN=$T_ANA api POST /alarms/x/ack -H "$JS" -d '{}'
check "alarm id 'x': 400" error_is 400 bad_request
TOKEN=$T_ANA api POST /alarms/999/ack -H "$JS" -d '{}'
check "alarm 999: 404" error_is 404 not_found
TOKEN=$T_ANA api POST /alarms/1/ack -H "$JS" -d '{"nope": 1}'
check "an unknown field in an ack: 400 naming it" body_jq '.error.message | test("unknown field .nope.")'
TOKEN=$T_ANA api POST /alarm-rules -H "$JS" -d '{"kind": "threshold"}'
check "a threshold rule without a meter: 400" body_jq '.error.code == "bad_request" and (.error.message | test("needs a meter"))'
TOKEN=$T_ANA api POST /alarm-rules -H "$JS" -d '{"kind": "threshold", "meter": "P1", "high": "x"}'
check "high as text: 400 naming high" body_jq '.error.message == "high must be a number"'
TOKEN=$T_ANA api POST /alarm-rules -H "$JS" -d '{"kind": "threshold", "meter": "NOPE", "high": 1}'
check "an unknown meter in the body: 400" body_jq '.error.code == "bad_request" and (.error.message | test("no meter .NOPE."))'
TOKEN=$T_ANA api POST /alarm-rules -H "$JS" -d '{"kind": "stale", "colour": "red"}'
check "an unknown field in a rule: 400" body_jq '.error.message | test("unknown field .colour.")'
TOKEN=$T_ANA api POST /alarm-rules -H "$JS" -d '{"kind": "stale", "stale_s": 600, "severity": 3, "note": "十分钟无数"}'
check "a stale rule for every meter over HTTP: 201" body_jq '.id == 4 and .meter == null and .stale_s == 600 and .severity == 3 and .created_by == "web:ana"'

# a rate alarm: CUM 1000, 1010, 1040 every 900 s: levels 40 and 120 kWh/h, changing
# 80 / 900 × 3600 = 320 per hour (≤ 1000); then 1200: level 160 / 900 × 3600 = 640, a change
# of 520 / 900 × 3600 = 2080 per hour > 1000
TOKEN=$T_ANA api POST /write -H "$LP" --data-binary "e,meter=CUM value=1000 $(ns T0)
e,meter=CUM value=1010 $(ns T0+900)
e,meter=CUM value=1040 $(ns T0+1800)"
TOKEN=$T_ANA api GET "/alarms?meter=CUM"
check "rate 320 per hour ≤ 1000: no alarm" body_jq '.total == 0'
TOKEN=$T_ANA api POST /write -H "$LP" --data-binary "e,meter=CUM value=1200 $(ns T0+2700)"
TOKEN=$T_ANA api GET "/alarms?meter=CUM"
check "rate 2080 per hour > 1000: a rate alarm" body_jq '.total == 1 and .items[0].kind == "rate" and (.items[0].value - 2080 | fabs) < 1e-9'
serve_stop

# ---- stale: 'alarm check --at' ----
# latest readings: P1 at T0 + 3600, PB at T0 + 1800, CUM at T0 + 2700; WM, WS1, WS2 none
gp alarm check --at $((T0 + 4200)) --format json
check "check at T0 + 4200: PB (2400 s) and CUM (1500 s) are older than 600 s, P1 (600 s) is not" jq -e '.raised == 2 and .judged == 3' "$WORK/out"
gp alarm list --state active --format json
check "the stale alarms are active with their age" jq -e '[.[] | select(.kind == "stale") | [.meter, .value]] | sort == [["CUM", 1500], ["PB", 2400]]' "$WORK/out"
gp alarm check --at $((T0 + 4201))
check "one second later P1 is stale too" out_has "1 raised"
gp alarm check --at $((T0 + 5000))
check "the same stale readings again: nothing new" out_has "0 raised, 0 updated"
printf 'meter,ts,value\nP1,%d,60\n' $((T0 + 4300)) >"$WORK/p1.csv"
gp import readings "$WORK/p1.csv"
gp alarm check --at 2024-01-01T01:13:20+08:00
check "a new P1 reading, checked 100 s later (RFC 3339 --at): returned to normal" out_has "1 returned to normal"
gp alarm list --meter P1 --format json
check "P1's stale alarm is 已恢复 returned" jq -e '[.[] | select(.kind == "stale")][0].state == "returned"' "$WORK/out"
gp alarm check --at yesterday
check "a bad --at: usage naming the forms" err_has "is not a time"

# ---- imbalance: WM against WS1 + WS2 ----
# 2024-01-01 (settled by the readings at 01-02 00:00): 200 against 120 + 50 = 170: 30 / 200 =
# 15 %; 2024-01-02: 100 against 50 + 20 = 70: 30 %
D2=$((T0 + 86400))
D3=$((T0 + 2 * 86400))
printf 'meter,ts,value\nWM,%d,200\nWS1,%d,120\nWS2,%d,50\nWM,%d,100\nWS1,%d,50\nWS2,%d,20\n' $D2 $D2 $D2 $D3 $D3 $D3 >"$WORK/tree.csv"
gp import readings "$WORK/tree.csv"
gp alarm rule add --kind imbalance --meter WM --pct 10
check "rule add: imbalance on WM, 10 % a day" out_has "alarm rule added: 5 (imbalance, WM)"
gp alarm check --at 2024-01-02T08:00:00+08:00
check "check on 01-02: 2024-01-01 is 15 % out: raised" out_has "1 raised"
gp alarm list --meter WM --format json
check "the imbalance alarm: 15 %, period 2024-01-01" jq -e 'length == 1 and .[0].kind == "imbalance" and (.[0].value - 15 | fabs) < 1e-9 and .[0].period == "2024-01-01"' "$WORK/out"
IMB=$(jq_out '.[0].id')
gp alarm check --at 2024-01-02T09:00:00+08:00
check "the same day again: nothing" out_has "0 raised, 0 updated"
gp alarm clear "$IMB"
check "clear an active alarm without --note: refused" err_has "still active: clearing it needs a note"
gp alarm clear "$IMB" --note "分表补抄中"
check "…with --note: cleared" out_has "已清除 cleared"
gp alarm check --at 2024-01-02T10:00:00+08:00
check "after the clear the same day raises no new alarm (one per period)" out_has "0 raised, 0 updated"
gp alarm check --at 2024-01-03T08:00:00+08:00
gp alarm list --meter WM --all --format json
check "2024-01-02 (30 %) raises a new one: 01-01 cleared, 01-02 active" jq -e '[.[] | select(.kind == "imbalance") | [.period, .state, .value]] | sort == [["2024-01-01", "cleared", 15], ["2024-01-02", "active", 30]]' "$WORK/out"
# the month: January's WM 300 against 170 + 70 = 240: 60 / 300 = 20 %; with min_value 1000
# the month is not judged, with 100 it is
gp alarm rule add --kind imbalance --meter WM --pct 10 --period month --min-value 1000
gp alarm rule add --kind imbalance --meter WM --pct 10 --period month --min-value 100
gp alarm check --at 2024-02-01T08:00:00+08:00
gp alarm list --meter WM --format json
check "the month: only the rule with min_value 100 raised, 20 %, period 2024-01" jq -e '[.[] | select(.period == "2024-01")] | length == 1 and (.[0].rule == 7) and (.[0].value - 20 | fabs) < 1e-9' "$WORK/out"

# ---- the log and the CLI's ack ----
gp alarm ack "$IMB"
check "acknowledging a cleared alarm: refused" err_has "is cleared already"
gp alarm log --alarm "$IMB" --format json
check "the log of the imbalance alarm: clear, raise" jq -e '[.[].event] == ["clear", "raise"] and .[0].note == "分表补抄中" and .[0].actor == "e2e"' "$WORK/out"
gp alarm log --limit 2 --format json
check "alarm log --limit 2" jq -e 'length == 2' "$WORK/out"
gp alarm log --limit 0
check "alarm log --limit 0: usage" expect_rc 2

# ---- rules from CSV ----
cat >"$WORK/bad-rules.csv" <<EOF
kind,meter,severity,high,low,limit,stale_s,pct,period,min_value,note
threshold,P1,2,500,,,,,,,ok
rate,P1,,,,,,,,,no limit
stale,NOPE,,,,,,,,,
threshold,P1,1,x,,,,,,,
imbalance,WM,,,,,,20,week,,
EOF
reject_import alarm-rules "alarm rules: bad CSV" "$WORK/bad-rules.csv" 4 \
	3 "a rate rule needs limit > 0" \
	4 "no meter 'NOPE'" \
	5 "high 'x' is not a number" \
	6 "period 'week' is not one of day | month"
cat >"$WORK/rules.csv" <<EOF
kind,meter,severity,high,low,limit,stale_s,pct,period,min_value,note
threshold,PB,1,500,,,,,,,峰值
stale,,3,,,,0,,,,
EOF
gp import alarm-rules "$WORK/rules.csv"
check "alarm rules imported: 2 new" out_has "2 alarm-rules (2 new, 0 updated, 0 unchanged)"
gp import alarm-rules "$WORK/rules.csv"
check "imported again: unchanged" out_has "2 alarm-rules (0 new, 0 updated, 2 unchanged)"

# ---- disabling a rule ----
gp alarm rule disable 1
check "rule 1 disabled" out_has "已停用 disabled"
printf 'meter,ts,value\nP1,%d,500\n' $((T0 + 5400)) >"$WORK/p1b.csv"
gp import readings "$WORK/p1b.csv"
gp alarm list --meter P1 --format json
check "a disabled rule raises nothing" jq -e '[.[] | select(.kind == "threshold")] | length == 0' "$WORK/out"
gp alarm rule enable 1
printf 'meter,ts,value\nP1,%d,600\n' $((T0 + 6300)) >"$WORK/p1c.csv"
gp import readings "$WORK/p1c.csv"
gp alarm list --meter P1 --format json
check "enabled again: the next reading (600 kW) raises a new threshold alarm" jq -e '[.[] | select(.kind == "threshold")] | length == 1 and .[0].value == 600' "$WORK/out"
gp audit --entity alarm_rule --format json --limit 2
check "disable and enable audited as updates" jq -e '[.[].action] == ["update", "update"] and .[0].after.enabled == 1 and .[1].after.enabled == 0' "$WORK/out"
gp alarm rule remove x
check "rule remove x: usage" expect_rc 2

# ---- the sweeper of 'serve', and removing a rule over HTTP ----
# PB's stale alarm is still active (its reading is from 2024): cleared with a note, the
# condition lasts, so the server's first sweep raises a new one
gp alarm list --meter PB --state active --format json
OLD=$(jq -r '[.[] | select(.kind == "stale" and .rule == 4)][0].id' "$WORK/out")
gp alarm clear "$OLD" --note "看过"
check "PB's stale alarm cleared" expect_rc 0
serve_start --alarm-every 1 || exit 1
check "the server says it sweeps every 1 s" grep -q "checking stale and imbalance rules every 1 s" "$WORK/server.err"
for _ in $(seq 50); do
	TOKEN=$T_ANA api GET "/alarms?meter=PB&state=active"
	jq -e '[.items[] | select(.rule == 4)] | length == 1' "$WORK/body" >/dev/null && break
	sleep 0.1
done
check "the sweep raised a new stale alarm for PB (the condition lasted after the clear)" body_jq '[.items[] | select(.rule == 4)] | length == 1 and .[0].id != '"$OLD"
TOKEN=$T_ANA api DELETE /alarm-rules/4
check "DELETE /alarm-rules/4: 204" status_is 204
TOKEN=$T_ANA api GET /alarm-rules
check "rule 4 is no longer listed" body_jq '[.rules[].id] | index(4) == null'
TOKEN=$T_ANA api GET "/alarms?meter=PB"
check "its open alarms were cleared with it" body_jq '[.items[] | select(.rule == 4)] | length == 0'
TOKEN=$T_ANA api DELETE /alarm-rules/4
check "removing it again: 404" error_is 404 not_found
serve_stop
check "the server stopped cleanly, the sweeper with it" grep -q "greenpark alarms: stopped" "$WORK/server.err"
gp audit --entity alarm_rule --format json --limit 1
check "the removal is audited with the rule before" jq -e '.[0].action == "delete" and .[0].actor == "web:ana" and .[0].before.stale_s == 600' "$WORK/out"

# ---- a point that arrives by MQTT is judged too (when a mosquitto broker is installed) ----
MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)
if [ -x "$MOSQUITTO" ] && command -v mosquitto_pub >/dev/null 2>&1; then
	BROKER_PID=
	for _try in 1 2 3 4 5; do
		MQTT_PORT=$((20000 + (RANDOM * 32768 + RANDOM) % 40001))
		printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\n' "$MQTT_PORT" >"$WORK/mosquitto.conf"
		"$MOSQUITTO" -c "$WORK/mosquitto.conf" >"$WORK/broker.log" 2>&1 </dev/null &
		BROKER_PID=$!
		for _ in $(seq 50); do
			grep -q " running" "$WORK/broker.log" && break 2
			kill -0 "$BROKER_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill "$BROKER_PID" 2>/dev/null
		wait "$BROKER_PID" 2>/dev/null
		BROKER_PID=
	done
	check "mosquitto started" [ -n "$BROKER_PID" ]
	serve_start --alarm-every 0 --mqtt "mqtt://127.0.0.1:$MQTT_PORT" --mqtt-client-id "e2e-84-$$" || exit 1
	trap 'kill "$BROKER_PID" 2>/dev/null; wait "$BROKER_PID" 2>/dev/null; http_cleanup' EXIT
	for _ in $(seq 100); do
		grep -qF "subscribed to 'greenpark/#'" "$WORK/server.err" && break
		sleep 0.1
	done
	# P1's open threshold alarm counted 600 kW; 900 kW published at T0 + 7200 is its second
	mosquitto_pub -h 127.0.0.1 -p "$MQTT_PORT" -q 1 -i "e2e-pub-$$" -t greenpark/p1 -m "e,meter=P1 value=900 $(ns T0+7200)"
	for _ in $(seq 100); do
		TOKEN=$T_ANA api GET "/alarms?meter=P1&state=active"
		jq -e '[.items[] | select(.kind == "threshold")][0].value == 900' "$WORK/body" >/dev/null && break
		sleep 0.1
	done
	check "an MQTT point updates the threshold alarm (900 kW, count 2)" body_jq '[.items[] | select(.kind == "threshold")][0] | .value == 900 and .count == 2 and .last_at == '$((T0 + 7200))
	serve_stop
else
	echo "    (the MQTT part is skipped: no mosquitto broker or mosquitto_pub)" >&2
fi
finish
