#!/bin/bash
# 13-kill9.sh — fault test (STYLE.md "Tests"): kill -9 in the middle of a large
# activity import, then the store must pass PRAGMA integrity_check, show either none
# or all of the file's rows (never part of it), and accept the import again; and an
# import that was acknowledged (its "imported" line printed) survives a kill -9.
. "$(dirname "$0")/lib.sh"

DB=$GREENPARK_DB
NENT=200   # enterprises
NITEMS=20  # items per enterprise and month
START=$(date +%s%N)

# ---- generated data ----
# 200 enterprises with valid GB 32100-2015 codes (check character computed in awk).
cat >"$WORK/gen_ent.awk" <<'EOF'
BEGIN {
	print "uscc,name,subpark,industry_code,leading_industry,high_tech,srdi,employees,land_m2"
	for (i = 1; i <= n; i++)
		printf "%s,故障测试企业%03d,故障测试园,C3841,other,0,0,%d,%d\n",
			uscc(sprintf("91370406MA3K%05d", i)), i, 10 + i, 1000 * i
}
EOF
# For every enterprise of the enterprises file: YEARS years from Y0 × 12 months × 20
# items, each in its canonical unit, quantity e*100 + m + k (a whole number).
cat >"$WORK/gen_act.awk" <<'EOF'
BEGIN {
	FS = ","
	nit = split("electricity_grid:kWh natural_gas:m3 raw_coal:t diesel:t water_withdrawal:m3 " \
		"value_added:万元 output_value:万元 revenue:万元 tax_paid:万元 heat_purchased:GJ " \
		"solid_waste_generated:t cod:t so2:t nox:t lpg:t gasoline:t coke:t biomass:t " \
		"water_reused:m3 particulates:t", it, " ")
	print "uscc,period,item,quantity,unit"
}
NR > 1 { u[++n] = $1 }
END {
	for (e = 1; e <= n; e++) for (y = y0; y < y0 + years; y++) for (m = 1; m <= 12; m++)
		for (k = 1; k <= nit; k++) {
			split(it[k], p, ":")
			printf "%s,%d-%02d,%s,%d,%s\n", u[e], y, m, p[1], e * 100 + m + k, p[2]
		}
}
EOF
awk -v n=$NENT -f "$TESTDATA/import_uscc.awk" -f "$WORK/gen_ent.awk" >"$WORK/ent.csv"
# the initial small file: one row per enterprise, 2020-01 electricity (disjoint from the big file)
awk -F, 'NR == 1 { print "uscc,period,item,quantity,unit" } NR > 1 { printf "%s,2020-01,electricity_grid,%d,kWh\n", $1, NR * 7 }' \
	"$WORK/ent.csv" >"$WORK/small.csv"

now_ms() { echo $((($(date +%s%N) - START) / 1000000)); }
# ledger_rows: rows the ledger lists; ledger_sum: the sum of their quantities.
ledger_rows() { "$GREENPARK" ledger --format csv | tail -n +2 | wc -l; }
ledger_sum() { "$GREENPARK" ledger --format csv | awk -F, 'NR > 1 { s += $4 } END { printf "%.0f\n", s }'; }
file_sum() { awk -F, 'NR > 1 { s += $4 } END { printf "%.0f\n", s }' "$@"; }
integrity() { [ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ]; }
restore() {
	rm -f "$DB" "$DB-wal" "$DB-shm"
	for f in "" -wal -shm; do [ -f "$WORK/pristine.db$f" ] && cp "$WORK/pristine.db$f" "$DB$f"; done
	return 0
}

fresh
gp import enterprises "$WORK/ent.csv"
check "setup: $NENT generated enterprises import (valid check characters)" \
	out_has "$NENT enterprises ($NENT new, 0 updated, 0 unchanged)"
gp import activity "$WORK/small.csv"
check "setup: initial small file imports" out_has "$NENT rows ($NENT new, 0 replaced, 0 unchanged)"
PRE=$(ledger_rows)
check "setup: ledger holds the $NENT initial rows" [ "$PRE" -eq $NENT ]
PRE_SUM=$(file_sum "$WORK/small.csv")
for f in "" -wal -shm; do [ -f "$DB$f" ] && cp "$DB$f" "$WORK/pristine.db$f"; done
dump >"$WORK/pre.sql"

# ---- the big file: grown until one import takes at least ~0.5 s ----
YEARS=3
while :; do
	N=$((NENT * YEARS * 12 * NITEMS))
	awk -v y0=2021 -v years=$YEARS -f "$WORK/gen_act.awk" "$WORK/ent.csv" >"$WORK/big.csv"
	restore
	t0=$(now_ms)
	gp import activity "$WORK/big.csv"
	T=$(($(now_ms) - t0))
	[ "$RC" -ne 0 ] && break
	if [ "$T" -ge 500 ] || [ "$YEARS" -ge 12 ]; then break; fi
	YEARS=$((YEARS * 2))
done
echo "    big file: $NENT enterprises x $YEARS years x 12 months x $NITEMS items = $N rows; import took ${T} ms"
check "big file: $N rows generated" [ "$(($(wc -l <"$WORK/big.csv") - 1))" -eq $N ]
check "big file: a clean import stores all $N rows" out_has "$N rows ($N new, 0 replaced, 0 unchanged)"
BIG_SUM=$(file_sum "$WORK/big.csv")

# ---- kill -9 at several points of the import ----
MID=0
for frac in 0.15 0.45 0.75; do
	restore
	delay=$(awk -v t=$T -v f=$frac 'BEGIN { printf "%.3f", t * f / 1000 }')
	"$GREENPARK" import activity "$WORK/big.csv" >"$WORK/bg.out" 2>"$WORK/bg.err" &
	pid=$!
	sleep "$delay"
	killed=0
	if kill -0 $pid 2>/dev/null && ! grep -q imported "$WORK/bg.out"; then
		kill -9 $pid && killed=1
	fi
	wait $pid 2>/dev/null
	st=$?
	[ $killed -eq 1 ] && [ $st -eq 137 ] && MID=$((MID + 1))
	tag="kill -9 after ${delay}s (exit $st)"
	check "$tag: PRAGMA integrity_check is ok" integrity
	rows=$(ledger_rows)
	check "$tag: ledger holds $PRE or $((PRE + N)) rows (has $rows)" [ "$rows" -eq "$PRE" -o "$rows" -eq $((PRE + N)) ]
	if [ "$rows" -eq "$PRE" ]; then
		dump >"$WORK/after.sql"
		check "$tag: store identical to before the import (nothing half-written)" cmp -s "$WORK/pre.sql" "$WORK/after.sql"
	else
		check "$tag: all rows there, quantities sum as in the files" [ "$(ledger_sum)" = "$(file_sum "$WORK/small.csv" "$WORK/big.csv")" ]
	fi
	[ "$(now_ms)" -gt 20000 ] && break # keep the whole test well under 30 s
done
check "at least one kill -9 landed during the import ($MID)" [ $MID -ge 1 ]

# ---- the import runs again after the last kill ----
gp import activity "$WORK/big.csv"
check "re-run after kill: exit 0" expect_rc 0
check "re-run after kill: $N rows imported" out_has "imported $WORK/big.csv: $N rows"
check "re-run after kill: integrity ok" integrity
check "re-run after kill: ledger holds $PRE + $N rows" [ "$(ledger_rows)" -eq $((PRE + N)) ]
check "re-run after kill: quantities sum to the files' sum ($PRE_SUM + $BIG_SUM)" \
	[ "$(ledger_sum)" = "$(file_sum "$WORK/small.csv" "$WORK/big.csv")" ]

# ---- acknowledged data survives kill -9 ----
# The import is killed as soon as it has printed its "imported" line.
restore
"$GREENPARK" import activity "$WORK/big.csv" >"$WORK/bg.out" 2>"$WORK/bg.err" &
pid=$!
for _ in $(seq 1 2000); do
	grep -q imported "$WORK/bg.out" && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.005
done
acked=0
grep -q "imported $WORK/big.csv: $N rows" "$WORK/bg.out" && acked=1
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "acknowledged: the import printed its acknowledgement" [ $acked -eq 1 ]
check "acknowledged: integrity ok after kill -9" integrity
check "acknowledged: all $PRE + $N rows survive" [ "$(ledger_rows)" -eq $((PRE + N)) ]
check "acknowledged: quantities sum to the files' sum" [ "$(ledger_sum)" = "$(file_sum "$WORK/small.csv" "$WORK/big.csv")" ]
# one row checked by value: enterprise 1, 2021-01, item 1 (electricity) = 1*100 + 1 + 1
E1=$(head -n 2 "$WORK/ent.csv" | tail -n 1 | cut -d, -f1)
gp ledger --format json --enterprise "$E1" --item electricity_grid --year 2021
check "acknowledged: $E1 2021-01 electricity = 102 kWh" \
	near_json '.[] | select(.period == "2021-01") | .quantity' 102 0

echo "    total $(now_ms) ms"
finish
