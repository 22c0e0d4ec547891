#!/bin/bash
# 81-mqtt.sh — MQTT ingestion end to end against a real mosquitto broker on loopback:
# 'greenpark serve --mqtt' subscribes (greenpark/#, QoS 1, persistent session); line
# protocol, JSON objects and arrays and topic-mapped JSON arrive in the series; bad
# payloads are rejected with a reason and counted (GET /api/v1/ingest/status) without
# stopping the good points of the same or the next message; and points published with
# QoS 1 while greenpark is stopped (SIGTERM) arrive once each after it restarts.
# Every wait is bounded (10 s). Times: 2024-01-01T00:00:00+08:00 = 1704038400.
. "$(dirname "$0")/lib.sh"

if ! command -v mosquitto >/dev/null 2>&1 && [ ! -x /usr/sbin/mosquitto ]; then
	echo "SKIP mqtt: no mosquitto broker (scripts/deps.sh installs it)"
	exit 0
fi
if ! command -v mosquitto_pub >/dev/null 2>&1; then
	echo "SKIP mqtt: no mosquitto_pub (scripts/deps.sh installs mosquitto-clients)"
	exit 0
fi
MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)

TOP=$(cd "$(dirname "$0")/../.." && pwd)
A=91370406MA0000101U # an enterprise of data/sample
T0=1704038400
D1=$((T0 + 86400))
BROKER_PID=

# broker_start: mosquitto on a random loopback port (its own config in $WORK: anonymous,
# no persistence, log to stderr), up within 5 s. Sets MQTT_PORT and BROKER_PID.
broker_start() {
	for _try in 1 2 3 4 5; do
		MQTT_PORT=$((20000 + (RANDOM * 32768 + RANDOM) % 40001))
		printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\nlog_type all\n' \
			"$MQTT_PORT" >"$WORK/mosquitto.conf"
		"$MOSQUITTO" -c "$WORK/mosquitto.conf" >"$WORK/broker.log" 2>&1 </dev/null &
		BROKER_PID=$!
		for _ in $(seq 50); do
			grep -q " running" "$WORK/broker.log" && return 0
			kill -0 "$BROKER_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill "$BROKER_PID" 2>/dev/null
		wait "$BROKER_PID" 2>/dev/null
		BROKER_PID=
	done
	fail "broker start" "$(head -c 400 "$WORK/broker.log")"
	return 1
}

mqtt_cleanup() {
	if [ -n "$BROKER_PID" ]; then
		kill "$BROKER_PID" 2>/dev/null
		wait "$BROKER_PID" 2>/dev/null
	fi
	http_cleanup
}

# pub TOPIC PAYLOAD: publishes with QoS 1 (mosquitto_pub waits for the broker's PUBACK).
pub() { mosquitto_pub -h 127.0.0.1 -p "$MQTT_PORT" -q 1 -i "e2e-pub-$$" -t "$1" -m "$2"; }

# series METER FROM TO: the raw series as JSON in $WORK/out.
series() { gp meter series "$1" --from "$2" --to "$3" --step raw --format json; }

# wait_points METER FROM TO N: waits (10 s at most) until the meter has at least N raw
# points in [FROM, TO); the series is left in $WORK/out.
wait_points() {
	for _ in $(seq 100); do
		series "$1" "$2" "$3"
		[ "$(jq_out '.points | length' 2>/dev/null || echo 0)" -ge "$4" ] && return 0
		sleep 0.1
	done
	echo "    $1 has $(jq_out '.points | length') points in [$2, $3), expected $4" >&2
	return 1
}

# wait_log TEXT: waits (10 s at most) until the server's stderr has TEXT.
wait_log() {
	for _ in $(seq 100); do
		grep -qF -- "$1" "$WORK/server.err" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

fresh
gp import enterprises "$TOP/data/sample/enterprises.csv"
check "sample enterprises" expect_rc 0
gp meter add W1 --enterprise "$A" --item electricity_grid --unit kWh --kind interval
check "meter W1 (interval)" expect_rc 0
gp meter add W2 --enterprise "$A" --item electricity_grid --unit kWh --kind instant
check "meter W2 (instant)" expect_rc 0

# ---- topic mapping ----
gp meter topic add greenpark/site1/w2 W2
check "meter topic add" expect_rc 0
gp meter topic add 'greenpark/+/w2' W2
check "meter topic add: a wildcard is refused (usage)" expect_rc 2
gp meter topic add greenpark/site1/nope NOPE
check "meter topic add: unknown meter named" err_has "no meter 'NOPE'"
gp --format json meter topic list
check "meter topic list" jq -e '. == [{"topic": "greenpark/site1/w2", "meter": "W2"}]' "$WORK/out"
gp meter topic add greenpark/site1/tmp W1
gp meter topic remove greenpark/site1/tmp
check "meter topic remove" expect_rc 0
gp meter topic remove greenpark/site1/tmp
check "meter topic remove: an unmapped topic" err_has "is not mapped"

# ---- serve --mqtt ----
gp serve --mqtt http://127.0.0.1:1883
check "serve --mqtt: a URL that is not mqtt:// is a usage error" expect_rc 2
broker_start || exit 1
serve_start --mqtt "mqtt://127.0.0.1:$MQTT_PORT" || exit 1
trap mqtt_cleanup EXIT
check "subscribed to greenpark/# with QoS 1" wait_log "subscribed to 'greenpark/#' at mqtt://127.0.0.1:$MQTT_PORT"
check "a first session (session present: no)" wait_log "session present: no"

pub greenpark/lp "energy,meter=W1 value=1.5 $(((T0 + 900) * 1000000000))
energy,meter=W1,site=a value=2.5 $(((T0 + 1800) * 1000000000))"
check "line protocol, two lines: both points arrive" wait_points W1 $T0 $D1 2
check "line protocol: values" jq -e '.points == [['$((T0 + 900))', 1.5], ['$((T0 + 1800))', 2.5]]' "$WORK/out"

pub greenpark/json '{"meter": "W1", "ts": "2024-01-01T00:45:00+08:00", "value": 3}'
pub greenpark/json '[{"meter": "W1", "ts": '$((T0 + 3600))', "value": 4}, {"meter": "W1", "ts": '$((T0 + 4500))', "value": 5.25}]'
check "JSON object and array: three more points" wait_points W1 $T0 $D1 5
check "JSON: values (RFC 3339 and Unix seconds)" jq -e '.points[2:] == [['$((T0 + 2700))', 3], ['$((T0 + 3600))', 4], ['$((T0 + 4500))', 5.25]]' "$WORK/out"

pub greenpark/site1/w2 '{"ts": '$((T0 + 900))', "value": 42.5}'
check "topic-mapped JSON goes to the topic's meter" wait_points W2 $T0 $D1 1
check "topic-mapped JSON: value" jq -e '.points == [['$((T0 + 900))', 42.5]]' "$WORK/out"

# ---- bad payloads: rejected with a reason, counted, the rest written ----
pub greenpark/bad 'this is not a payload'
pub greenpark/bad "energy,meter=W1 value=abc $(((T0 + 5400) * 1000000000))
energy,meter=NOPE value=1 $(((T0 + 5400) * 1000000000))
energy,meter=W1 value=6 $(((T0 + 5400) * 1000000000))"
pub greenpark/bad '{"ts": 1, "value": 1}'
pub greenpark/bad '[{"meter": "W1", "ts": 1704038400000, "value": 1}, {"meter": "W1", "ts": '$((T0 + 6300))', "value": 7}]'
pub greenpark/json '{"meter": "W1", "ts": '$((T0 + 7200))', "value": 8}'
check "the good points of bad messages and the next message arrive" wait_points W1 $T0 $D1 8
check "... with their values" jq -e '.points[5:] == [['$((T0 + 5400))', 6], ['$((T0 + 6300))', 7], ['$((T0 + 7200))', 8]]' "$WORK/out"
check "a rejection is logged with its line" grep -qF "rejected on greenpark/bad: line 1: value 'abc' is not a number" "$WORK/server.err"
check "an unknown meter is logged" grep -qF "line 2: meter 'NOPE' does not exist" "$WORK/server.err"

echo analyst-pass-81 | "$GREENPARK" user add ana --role analyst >/dev/null
echo enterprise-pass-81 | "$GREENPARK" user add enta --role enterprise --enterprise "$A" >/dev/null
T_ANA=$("$GREENPARK" token create ana 2>/dev/null)
T_ENT=$("$GREENPARK" token create enta 2>/dev/null)
TOKEN=$T_ANA api GET /ingest/status
check "GET /ingest/status: 200 for an analyst" status_is 200
# 9 messages: 4 good, 4 bad, 1 good; points written: 2 + 1 + 2 (W1) + 1 (W2) + 1 + 1 + 1
check "mqtt: 9 messages counted" body_jq '.sources[] | select(.source == "mqtt") | .messages == 9'
check "mqtt: 9 points written" body_jq '.sources[] | select(.source == "mqtt") | .points_written == 9'
check "mqtt: 5 points rejected (not LP, bad value, unknown meter, no meter, ms ts)" \
	body_jq '.sources[] | select(.source == "mqtt") | .points_rejected == 5'
check "mqtt: the last reasons, newest first" body_jq '.sources[] | select(.source == "mqtt") | .last_rejects[0].reason | test("point 1: ts 1704038400000 is not Unix seconds")'
check "mqtt: the reason of a payload that is no line protocol" body_jq '[.sources[] | select(.source == "mqtt") | .last_rejects[].reason | select(test("^greenpark/bad: line 1: no meter tag"))] | length == 1'
check "mqtt: the state says subscribed" body_jq '.sources[] | select(.source == "mqtt") | .state | test("subscribed to .greenpark/#.")'
TOKEN=$T_ENT api GET /ingest/status
check "GET /ingest/status: 403 for an enterprise user" status_is 403

# ---- restart: points published while greenpark is stopped arrive once each ----
serve_stop
check "SIGTERM: the server exits 0" [ "$SERVER_RC" = 0 ]
check "SIGTERM: the subscriber disconnects keeping its session" grep -qF "disconnected from mqtt://127.0.0.1:$MQTT_PORT" "$WORK/server.err"
N=20
expected=0
for i in $(seq $N); do
	v=$(awk -v i="$i" 'BEGIN { printf "%.2f", i * 1.25 }')
	expected=$(awk -v a="$expected" -v v="$v" 'BEGIN { printf "%.2f", a + v }')
	if [ $((i % 2)) = 0 ]; then
		pub greenpark/restart "energy,meter=W1 value=$v $(((D1 + 900 * i) * 1000000000))"
	else
		pub greenpark/restart '{"meter": "W1", "ts": '$((D1 + 900 * i))', "value": '"$v"'}'
	fi
done
serve_start --mqtt "mqtt://127.0.0.1:$MQTT_PORT" || exit 1
trap mqtt_cleanup EXIT
check "restart: the session is present again" wait_log "session present: yes"
check "restart: all $N points published while stopped arrive" wait_points W1 $D1 $((D1 + 86400)) $N
sleep 1
series W1 $D1 $((D1 + 86400))
check "restart: exactly $N points (no duplicates)" [ "$(jq_out '.points | length')" = $N ]
check "restart: their times are the published ones" jq -e '[.points[][0]] == [range(1; '$((N + 1))') | '$D1' + 900 * .]' "$WORK/out"
check "restart: their values sum to $expected" near_json '[.points[][1]] | add' "$expected" 1e-9
TOKEN=$T_ANA api GET /ingest/status
check "restart: each message delivered once ($N messages)" body_jq '.sources[] | select(.source == "mqtt") | .messages == '$N
check "restart: nothing rejected" body_jq '.sources[] | select(.source == "mqtt") | .points_rejected == 0'

serve_stop
check "stop again: exit 0" [ "$SERVER_RC" = 0 ]
finish
