#!/bin/bash
# 42-http-shutdown.sh — graceful shutdown under writes. A burst of N POST /api/v1/activity
# writes with distinct keys (enterprise A, electricity_grid, N consecutive months from
# 2031-01, quantity i for the i-th) runs from W parallel clients; SIGTERM reaches the
# server while they run. Then: the server exits by itself with status 0 and its stop
# message; every write that was answered 200 is in the ledger with its quantity (no
# acknowledged write lost); nothing else is there (no row that no one sent, no wrong
# quantity); each stored write has its audited batch; the store passes SQLite's
# integrity check and serves again.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
A=91370406MA0000101U
N=50
W=5

fresh
gp import enterprises "$TOP/data/sample/enterprises.csv"
check "sample enterprises imported" expect_rc 0
echo 'admin-pass-42' | "$GREENPARK" user add root --role admin >/dev/null 2>"$WORK/err"
TOKEN=$("$GREENPARK" token create root 2>"$WORK/err")
check "admin token created" [ -n "$TOKEN" ]
serve_start || exit 1

period() { printf '%04d-%02d' $((2031 + ($1 - 1) / 12)) $((($1 - 1) % 12 + 1)); }

# writer K: writes i = K, K+W, K+2W, … ≤ N one after the other, one connection each;
# appends "i status" (000: no answer) to $WORK/results.K.
writer() {
	for i in $(seq "$1" "$W" "$N"); do
		code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
			-H 'Content-Type: application/json' -X POST "$API/activity" \
			-d "{\"uscc\": \"$A\", \"period\": \"$(period "$i")\", \"item\": \"electricity_grid\", \"quantity\": $i, \"unit\": \"kWh\"}")
		echo "$i ${code:-000}" >>"$WORK/results.$1"
	done
}

pids=
for k in $(seq 1 "$W"); do
	: >"$WORK/results.$k"
	writer "$k" &
	pids="$pids $!"
done
# SIGTERM once about a fifth of the writes have been answered.
for _ in $(seq 500); do
	[ "$(cat "$WORK"/results.* | wc -l)" -ge $((N / 5)) ] && break
	sleep 0.01
done
answered_before=$(cat "$WORK"/results.* | wc -l)
spid=$SERVER_PID
kill -TERM "$spid"
exited=no
for _ in $(seq 100); do
	if ! kill -0 "$spid" 2>/dev/null; then exited=yes; break; fi
	sleep 0.1
done
check "the server exits within 10 s of SIGTERM" [ "$exited" = yes ]
[ "$exited" = yes ] || kill -KILL "$spid" 2>/dev/null
wait "$spid"
rc=$?
SERVER_PID=
# shellcheck disable=SC2086
wait $pids
cat "$WORK"/results.* | sort -n >"$WORK/results"

check "SIGTERM came while writes were still being sent ($answered_before of $N answered)" [ "$answered_before" -lt "$N" ]
check "every write of the burst has an outcome" [ "$(wc -l <"$WORK/results")" -eq "$N" ]
check "the server exited with status 0" [ "$rc" -eq 0 ]
check "the server said it received SIGTERM" grep -qF "SIGTERM received" "$WORK/server.err"
check "the server printed its stop message" grep -qF "greenpark serve: stopped" "$WORK/server.err"
acked=$(awk '$2 == 200' "$WORK/results" | wc -l)
check "some writes were acknowledged before the stop ($acked)" [ "$acked" -ge 1 ]
check "every valid write was answered 200, 503 or not at all" eval '[ "$(awk '\''$2 != 200 && $2 != 503 && $2 != "000"'\'' "$WORK/results" | wc -l)" -eq 0 ]'

gp ledger --enterprise "$A" --format csv
check "the ledger can be read after the stop" expect_rc 0
awk -F, 'NR > 1 && $3 == "electricity_grid" && $2 >= "2031" { print $2, $4 }' "$WORK/out" | sort >"$WORK/stored"
lost=0
while read -r i code; do
	[ "$code" = 200 ] || continue
	grep -qx "$(period "$i") $i" "$WORK/stored" || { lost=$((lost + 1)); echo "    acknowledged write $i ($(period "$i")) is not in the ledger" >&2; }
done <"$WORK/results"
check "no acknowledged write lost ($acked acknowledged)" [ "$lost" -eq 0 ]
strange=0
while read -r p q; do
	awk -v p="$p" -v q="$q" 'BEGIN { split(p, a, "-"); i = (a[1] - 2031) * 12 + a[2]; exit !(i >= 1 && i <= '"$N"' && q == i) }' ||
		{ strange=$((strange + 1)); echo "    stored row $p $q was never sent" >&2; }
done <"$WORK/stored"
check "every stored row is one that was sent, with its quantity" [ "$strange" -eq 0 ]
stored=$(wc -l <"$WORK/stored")
# A request in flight at SIGTERM finishes: a write that committed was also answered.
unanswered=0
while read -r p q; do
	grep -qx "$q 200" "$WORK/results" || { unanswered=$((unanswered + 1)); echo "    write $q ($p) was stored but its client got $(awk -v q="$q" '$1 == q { print $2 }' "$WORK/results") instead of 200" >&2; }
done <"$WORK/stored"
check "every stored write was answered 200: requests in flight finish ($stored stored, $acked acknowledged)" [ "$unanswered" -eq 0 ]
gp audit --entity ledger_batch --limit 1000 --format json
check "each stored write has its audited batch by web:root" jq -e --argjson n "$stored" '[.[] | select(.actor == "web:root" and .after.inserted == 1)] | length == $n' "$WORK/out"
check "SQLite integrity check: ok" [ "$(sqlite3 "$GREENPARK_DB" 'PRAGMA integrity_check;')" = ok ]

# The store serves again, with the same rows.
serve_start || exit 1
api GET "/enterprises/$A/activity?year=2031"
check "after a restart the API lists the 2031 rows that are stored" body_jq "(.items | length) == $(grep -c '^2031-' "$WORK/stored")"
serve_stop
check "the restarted server stops with status 0" [ "$SERVER_RC" = 0 ]
finish
