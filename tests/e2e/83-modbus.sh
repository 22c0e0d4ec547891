#!/bin/bash
# 83-modbus.sh — Modbus TCP polling end to end, against python3-pymodbus's TCP server as the
# device (a peer no one here wrote): 'import modbus-map' (bad lines as FILE:LINE, nothing
# stored), 'meter modbus poll-once' decoding every type in both word orders to the exact
# values stored in the raw series, 'serve --modbus' polling a counter the device increments
# and stopping cleanly on SIGTERM, and an unreachable device counted and logged, not fatal.
# SKIP (exit 0) when Debian's /usr/bin/python3 has no pymodbus.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
A=91370406MA0000101U # an enterprise of data/sample
PY=/usr/bin/python3
if ! [ -x "$PY" ] || ! "$PY" -c 'import pymodbus.server, pymodbus.datastore' 2>/dev/null; then
	echo "SKIP modbus: /usr/bin/python3 cannot import pymodbus (apt-get install python3-pymodbus)"
	exit 0
fi

DEV_PID=
cleanup() {
	[ -n "$DEV_PID" ] && kill "$DEV_PID" 2>/dev/null && wait "$DEV_PID" 2>/dev/null
	http_cleanup
}
trap cleanup EXIT

# The device: holding registers 0-14 and input registers 0-2 (PDU addresses: zero_mode),
# input register 2 a counter that goes up by 1 every 0.2 s. It binds 127.0.0.1 on a port
# the kernel picks, writes the port to a file and exits by itself after 120 s.
cat >"$WORK/device.py" <<'EOF'
import asyncio, sys
from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartAsyncTcpServer

holding = [
    0xFFFF,          # 0  int16 -1
    0xFFFF,          # 1  uint16 65535
    0xFFFF, 0xFFFE,  # 2  int32 -2, big (ABCD)
    0xFFFE, 0xFFFF,  # 4  int32 -2, little (CDAB)
    0xB2D0, 0x5E00,  # 6  uint32 3000000000 = 0xB2D05E00, big
    0x5E00, 0xB2D0,  # 8  uint32 3000000000, little
    0x449A, 0x5000,  # 10 float32 1234.5 = 0x449A5000, big
    0x5000, 0x449A,  # 12 float32 1234.5, little
    12345,           # 14 uint16 12345 (× 0.01 = 123.45)
]
inputs = [0xBF00, 0x0000, 100]  # 0 float32 -0.5 = 0xBF000000 big; 2 a counter from 100
slave = ModbusSlaveContext(hr=ModbusSequentialDataBlock(0, holding),
                           ir=ModbusSequentialDataBlock(0, inputs), zero_mode=True)
context = ModbusServerContext(slaves=slave, single=True)

async def main():
    server = await StartAsyncTcpServer(context=context, address=("127.0.0.1", 0),
                                       defer_start=True)
    task = asyncio.create_task(server.serve_forever())
    while server.server is None:
        await asyncio.sleep(0.05)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(server.server.sockets[0].getsockname()[1]))
    import os
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    for _ in range(600):
        await asyncio.sleep(0.2)
        n = slave.getValues(4, 2, 1)[0]
        slave.setValues(4, 2, [(n + 1) & 0xFFFF])
    task.cancel()

asyncio.run(main())
EOF
"$PY" "$WORK/device.py" "$WORK/device.port" >"$WORK/device.log" 2>&1 &
DEV_PID=$!
for _ in $(seq 100); do
	[ -s "$WORK/device.port" ] && break
	sleep 0.1
done
if ! [ -s "$WORK/device.port" ]; then
	fail "pymodbus device starts" "$(head -c 400 "$WORK/device.log")"
	exit 1
fi
DP=$(cat "$WORK/device.port")
pass "pymodbus device listening on 127.0.0.1:$DP"
# a loopback port nothing listens on: bound by the kernel's choice, then closed
DEAD=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

fresh
gp import enterprises "$TOP/data/sample/enterprises.csv"
check "sample enterprises" expect_rc 0
for m in I16 U16 I32B I32L U32B U32L F32B F32L SC FIN; do
	gp meter add "$m" --enterprise "$A" --item electricity_grid --unit kWh --kind instant --interval 60
	check "meter $m" expect_rc 0
done
gp meter add CNT --enterprise "$A" --item electricity_grid --unit kWh --kind cumulative --interval 1
check "meter CNT" expect_rc 0
gp meter add OFF --enterprise "$A" --item electricity_grid --unit kWh --kind instant --interval 1
check "meter OFF" expect_rc 0

gp serve --modbus --listen 127.0.0.1:1
check "serve --modbus with no map refused" err_has "no Modbus registers are mapped"
check "serve --modbus with no map: exit 1" expect_rc 1

# ---- the map: bad lines reported by FILE:LINE, nothing stored ----
H=meter,host,port,unit,kind,address,type,word_order,scale,interval_s
cat >"$WORK/bad.csv" <<EOF
$H
I16,127.0.0.1,$DP,1,holding,0,int8,big,1,60
U16,127.0.0.1,$DP,1,coil,1,uint16,big,1,60
I32B,127.0.0.1,70000,1,holding,2,int32,big,1,60
I32L,127.0.0.1,$DP,1,holding,4,int32,middle,1,60
U32B,127.0.0.1,$DP,1,holding,6,uint32,big,0,60
NOPE,127.0.0.1,$DP,1,holding,6,uint32,big,1,60
F32B,127.0.0.1,$DP,1,holding,65535,float32,big,1,60
F32L,127.0.0.1,$DP,1,holding,12,float32,little,1,0
SC,127.0.0.1,$DP,1,holding,14,uint16,big,0.01,60
SC,127.0.0.1,$DP,1,holding,14,uint16,big,0.01,60
EOF
dump >"$WORK/before.sql"
reject_import modbus-map "bad map" "$WORK/bad.csv" 9 \
	2 "type 'int8'" 3 "kind 'coil'" 4 "port '70000'" 5 "word_order 'middle'" 6 "scale '0'" \
	7 "no meter 'NOPE'" 8 "runs past 65535" 9 "interval_s '0'" 11 "mapped already on line 10"
dump >"$WORK/after.sql"
check "bad map: nothing stored" same_dump

cat >"$WORK/map.csv" <<EOF
$H
I16,127.0.0.1,$DP,1,holding,0,int16,big,1,60
U16,127.0.0.1,$DP,1,holding,1,uint16,little,1,60
I32B,127.0.0.1,$DP,1,holding,2,int32,big,1,60
I32L,127.0.0.1,$DP,1,holding,4,int32,little,1,60
U32B,127.0.0.1,$DP,1,holding,6,uint32,big,1,60
U32L,127.0.0.1,$DP,1,holding,8,uint32,little,1,60
F32B,127.0.0.1,$DP,1,holding,10,float32,big,1,60
F32L,127.0.0.1,$DP,1,holding,12,float32,little,1,60
SC,127.0.0.1,$DP,1,holding,14,uint16,big,0.01,60
FIN,127.0.0.1,$DP,1,input,0,float32,big,2,60
CNT,127.0.0.1,$DP,1,input,2,uint16,big,1,1
EOF
gp import modbus-map "$WORK/map.csv"
check "map imported" expect_rc 0
gp meter modbus list --format json
check "map listed: 11 registers" [ "$(jq_out 'length')" = 11 ]
check "map listed: F32L little float32 at 12" [ "$(jq_out '.[] | select(.meter == "F32L") | "\(.type) \(.word_order) \(.address) \(.kind)"')" = "float32 little 12 holding" ]

# ---- one poll: every type and word order, exact ----
t0=$(date +%s)
gp meter modbus poll-once
check "poll-once: exit 0" expect_rc 0
check "poll-once: 11 readings" err_has "11 readings written, 0 errors"
check "poll-once prints F32L 1234.5" out_has "F32L 1234.5"
t1=$(($(date +%s) + 1))
raw() { gp meter series "$1" --from "$t0" --to "$t1" --step raw --format json; jq_out '.points[0][1]'; }
for want in "I16 -1" "U16 65535" "I32B -2" "I32L -2" "U32B 3000000000" "U32L 3000000000" \
	"F32B 1234.5" "F32L 1234.5" "SC 123.45" "FIN -1"; do
	set -- $want
	got=$(raw "$1")
	check "stored raw value of $1 = $2 (got $got)" [ "$got" = "$2" ]
done

# ---- an unreachable device: its error counted and logged, the others still written ----
cat >"$WORK/map2.csv" <<EOF
$H
OFF,127.0.0.1,$DEAD,1,holding,0,uint16,big,1,1
EOF
gp import modbus-map "$WORK/map2.csv"
check "second map adds OFF" expect_rc 0
gp meter modbus list --format json
check "map now 12 registers" [ "$(jq_out 'length')" = 12 ]
sleep 1
gp meter modbus poll-once
check "poll-once with a dead device: exit 1" expect_rc 1
check "poll-once: the dead device logged" err_has "127.0.0.1:$DEAD: cannot connect"
check "poll-once: the others still written" err_has "11 readings written, 1 errors"

# ---- serve --modbus: the counter polled every second while the device counts ----
sleep 1
s0=$(date +%s)
serve_start --modbus || exit 1
sleep 4
serve_stop
check "serve --modbus: stopped cleanly on SIGTERM (exit 0)" [ "$SERVER_RC" = 0 ]
check "serve --modbus: poller stop logged" grep -q "greenpark modbus: stopped (" "$WORK/server.err"
check "serve --modbus: dead device errors logged" grep -q "127.0.0.1:$DEAD: cannot connect" "$WORK/server.err"
gp meter series CNT --from "$s0" --to "$(($(date +%s) + 1))" --step raw --format json
n=$(jq_out '.points | length')
check "serve --modbus: 3 or more new counter readings (got $n)" [ "$n" -ge 3 ]
check "serve --modbus: counter readings increase" jq -e '[.points[][1]] as $v | all(range(1; $v | length); $v[.] > $v[. - 1])' "$WORK/out"
gp meter series F32L --from "$s0" --to "$(($(date +%s) + 1))" --step raw --format json
check "serve --modbus: a 60 s register read once at start" [ "$(jq_out '.points | length')" = 1 ]
gp meter series OFF --from "$t0" --to "$(($(date +%s) + 1))" --step raw --format json
check "the dead device's meter has no readings" [ "$(jq_out '.points | length')" = 0 ]

finish
