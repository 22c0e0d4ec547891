#!/bin/bash
# 82-meters-kill9.sh — fault tests of ingest (issue 6: "kill -9 during ingest, no
# acknowledged point lost"):
#  1. kill -9 in the middle of a large 'import readings': the store passes
#     integrity_check and holds none or all of the file (never part), and the import runs
#     again;
#  2. POST /write requests answered 200 (acknowledged) and then the server killed with
#     -9: every acknowledged point is in the store, read by the CLI (which merges the
#     readings log first);
#  3. the same, and the next server merges the log before it serves.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
A=91370406MA0000101U
T0=1704038400

fresh
gp import enterprises "$TOP/data/sample/enterprises.csv"
for k in $(seq 1 50); do "$GREENPARK" meter add "K$k" --enterprise "$A" --item electricity_grid --unit kWh --kind cumulative >/dev/null; done
check "50 meters" [ "$("$GREENPARK" meter list --format json | jq length)" = 50 ]

# ---- 1. kill -9 during a bulk import (1.44 million points) ----
awk -v t0=$T0 'BEGIN { print "meter,ts,value"; srand(82)
	for (k = 1; k <= 50; k++) { v = 0; for (i = 1; i <= 96 * 300; i++) { v += int(rand() * 300) / 100; printf "K%d,%d,%.2f\n", k, t0 + 900 * i, v } } }' >"$WORK/big.csv"
points() { "$GREENPARK" meter stats --format json | jq -r .points; }
killed=0
for delay in 0.1 0.4 0.7; do
	"$GREENPARK" import readings "$WORK/big.csv" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
	wait "$pid" 2>/dev/null
	check "after kill -9 at ${delay}s: integrity_check ok" [ "$(sqlite3 "$GREENPARK_DB" 'PRAGMA integrity_check;')" = ok ]
	n=$(points)
	check "after kill -9 at ${delay}s: none or all of the file ($n points)" [ "$n" = 0 -o "$n" = 1440000 ]
done
check "at least one import was killed in flight" [ "$killed" -ge 1 ]
gp import readings "$WORK/big.csv"
check "the import runs again to the end" out_has "1440000 readings"
check "and holds all of the file" [ "$(points)" = 1440000 ]

# ---- 2. acknowledged writes survive kill -9 of the server ----
echo analyst-pass-82 | "$GREENPARK" user add ana --role analyst >/dev/null
TOKEN=$("$GREENPARK" token create ana 2>/dev/null)
serve_start || exit 1
D=$((T0 + 86400 * 400))
acked=0
for r in $(seq 1 40); do
	body=""
	for k in 1 2 3 4 5; do body="${body}energy,meter=K$k value=$r $(((D + 900 * r) * 1000000000))
"; done
	api POST /write -H 'Content-Type: text/plain' --data-binary "$body"
	[ "$STATUS" = 200 ] && acked=$((acked + 1))
done
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=
check "40 write requests acknowledged before the kill" [ "$acked" = 40 ]
check "after kill -9 of the server: integrity_check ok" [ "$(sqlite3 "$GREENPARK_DB" 'PRAGMA integrity_check;')" = ok ]
gp meter series K3 --from $D --to $((D + 86400)) --step raw --format json
check "every acknowledged point of K3 is stored (40, values 1..40)" jq -e '[.points[][1]] == [range(1; 41)]' "$WORK/out"
check "the reader settled the readings log (none left)" [ "$(sqlite3 "$GREENPARK_DB" 'SELECT count(*) FROM reading_log;')" = 0 ]

# ---- 3. the log left by a killed server is merged when the next one starts ----
# A server acknowledges a write once its points are in the readings log; its settler merges
# them into the day rows 200 ms later. Writes killed within that window leave log rows,
# which the next server merges before it serves (docs/metering.md, "The log").
serve_start || exit 1
E=$((D + 86400 * 3))
acked=0
for r in $(seq 1 10); do
	api POST /write -H 'Content-Type: text/plain' --data-binary "energy,meter=K9 value=$((100 + r)) $(((E + 900 * r) * 1000000000))"
	[ "$STATUS" = 200 ] && acked=$((acked + 1))
done
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=
left=$(sqlite3 "$GREENPARK_DB" 'SELECT coalesce(sum(n), 0) FROM reading_log;')
check "10 writes acknowledged; $left of their points still in the log at the kill" [ "$acked" = 10 ] && [ "$left" -ge 0 ] && [ "$left" -le 10 ]
serve_start || exit 1
check "the restarted server merged the log before serving" [ "$(sqlite3 "$GREENPARK_DB" 'SELECT count(*) FROM reading_log;')" = 0 ]
api GET "/meters/K9/series?from=$E&to=$((E + 86400))&step=raw"
check "all 10 points of K9 served (101..110)" body_jq '[.points[][1]] == [range(101; 111)]'
serve_stop

finish
