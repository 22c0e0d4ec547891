#!/bin/sh
# readings.sh BUILD — the meter readings benchmark (bench/README.md, "Readings"). Never part
# of 'make test'; 'make bench' runs it.
#
# Generates (awk, fixed seed) BENCH_METERS meters (default 2,000) × 96 readings a day ×
# BENCH_DAYS days (default 30: 5.76 million points) of 15-minute data, three in four meters
# rising counters with 2 decimals and one in four interval quantities with 1 decimal, as
# one CSV file meter,ts,value; then, R times (BENCH_RUNS, default 3):
#   import   greenpark import readings (fresh store with the meters added)
#            vs. the sqlite3 CLI's .import of the same file into a plain WAL table
#   month    greenpark meter series METER --step month over the whole range (one meter)
#            vs. sqlite3 taking max-min per month of that meter from the plain table
#   day24    greenpark meter series METER --step raw for the last 24 h
#            vs. sqlite3 selecting those rows
# Prints medians, ratios, points/s, bytes a point on disk (rollups included; SQLite's
# dbstat) and the import's peak RSS, to bench/out/readings.txt. Issue 6's targets:
# bulk import ≥ 1,000,000 points/s, ≤ 4 bytes a point, RSS ≤ 256 MiB during ingest.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: sh bench/readings.sh BUILD   (BENCH_METERS, BENCH_DAYS, BENCH_RUNS)" >&2
	exit 2
fi
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
meters=${BENCH_METERS:-2000}
days=${BENCH_DAYS:-30}
runs=${BENCH_RUNS:-3}
case $meters$days$runs in
*[!0-9]*) echo "bench: BENCH_METERS, BENCH_DAYS and BENCH_RUNS are whole numbers" >&2; exit 2 ;;
esac
[ "$meters" -ge 1 ] && [ "$meters" -le 10000 ] && [ "$days" -ge 1 ] && [ "$days" -le 400 ] &&
	[ "$runs" -ge 1 ] && [ "$runs" -le 20 ] || { echo "bench: out of range" >&2; exit 2; }
gp=$build/greenpark
[ -x "$gp" ] || { echo "bench: $gp is missing (run 'make all')" >&2; exit 1; }
command -v sqlite3 >/dev/null 2>&1 || { echo "bench: the sqlite3 CLI (the baseline) is missing" >&2; exit 1; }
mkdir -p "$build/bench" "$top/bench/out"
${CC:-cc} -O2 -std=c11 -o "$build/bench/rusage" "$top/bench/rusage.c"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/greenpark-bench-readings.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
t0=1704038400 # 2024-01-01T00:00:00+08:00
points=$((meters * days * 96))
echo "bench: generating $points points ($meters meters × $days days × 96) ..."
awk -v m="$meters" -v d="$days" -v t0=$t0 'BEGIN {
	srand(6); print "meter,ts,value"
	for (k = 1; k <= m; k++) {
		v = 1000 * k
		for (i = 1; i <= d * 96; i++) {
			if (k % 4) { v += int(rand() * 300) / 100; printf "E%05d,%d,%.2f\n", k, t0 + 900 * i, v }
			else printf "E%05d,%d,%.1f\n", k, t0 + 900 * i, int(rand() * 500) / 10
		}
	}
}' >"$tmp/readings.csv"
last=$((t0 + 900 * days * 96))

# rusage CMD…: "wall_s maxrss_kib" of one run (stdout to $tmp/out)
timed() {
	"$build/bench/rusage" "$@" >"$tmp/out" 2>"$tmp/err" || { echo "bench: failed: $*" >&2; tail -n 5 "$tmp/err" >&2; exit 1; }
	line=$(grep '^wall_s=' "$tmp/err" | tail -n 1)
	wall=${line#wall_s=}; wall=${wall%% *}
	rss=${line#*maxrss_kib=}; rss=${rss%% *}
	echo "$wall $rss"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

setup() {
	rm -f "$tmp/gp.db" "$tmp/gp.db-wal" "$tmp/gp.db-shm"
	"$gp" --db "$tmp/gp.db" init >/dev/null
	"$gp" --db "$tmp/gp.db" import enterprises "$top/data/sample/enterprises.csv" >/dev/null
	k=1
	while [ "$k" -le "$meters" ]; do
		kind=cumulative; [ $((k % 4)) -eq 0 ] && kind=interval
		"$gp" --db "$tmp/gp.db" meter add "$(printf 'E%05d' "$k")" --enterprise 91370406MA0000101U \
			--item electricity_grid --unit kWh --kind $kind >/dev/null
		k=$((k + 1))
	done
	cp "$tmp/gp.db" "$tmp/empty.db"
}
echo "bench: adding $meters meters ..."
setup

: >"$tmp/gp_imp"; : >"$tmp/base_imp"
i=1
while [ "$i" -le "$runs" ]; do
	cp "$tmp/empty.db" "$tmp/gp.db"; rm -f "$tmp/gp.db-wal" "$tmp/gp.db-shm"
	timed "$gp" --db "$tmp/gp.db" import readings "$tmp/readings.csv" >>"$tmp/gp_imp"
	rm -f "$tmp/base.db"*
	timed sqlite3 -init /dev/null -batch "$tmp/base.db" "PRAGMA journal_mode = WAL;" "PRAGMA synchronous = FULL;" \
		"CREATE TABLE t (meter TEXT, ts INTEGER, value REAL);" ".import --csv --skip 1 $tmp/readings.csv t" \
		"CREATE INDEX t_meter ON t (meter, ts);" >>"$tmp/base_imp"
	i=$((i + 1))
done
"$gp" --db "$tmp/gp.db" meter stats --format json >"$tmp/stats.json"

m1=E00001
: >"$tmp/gp_month"; : >"$tmp/base_month"; : >"$tmp/gp_day"; : >"$tmp/base_day"
i=1
while [ "$i" -le $((runs + 2)) ]; do
	timed "$gp" --db "$tmp/gp.db" meter series $m1 --from $t0 --to $((last + 1)) --step month --format json >>"$tmp/gp_month"
	timed sqlite3 -init /dev/null -batch "$tmp/base.db" \
		"SELECT strftime('%Y-%m', ts - 1 + 28800, 'unixepoch'), max(value) - min(value) FROM t WHERE meter = '$m1' GROUP BY 1;" >>"$tmp/base_month"
	timed "$gp" --db "$tmp/gp.db" meter series $m1 --from $((last - 86400)) --to $((last + 1)) --step raw --format json >>"$tmp/gp_day"
	timed sqlite3 -init /dev/null -batch "$tmp/base.db" \
		"SELECT ts, value FROM t WHERE meter = '$m1' AND ts > $((last - 86400)) AND ts <= $last;" >>"$tmp/base_day"
	i=$((i + 1))
done

gi=$(median <"$tmp/gp_imp"); bi=$(median <"$tmp/base_imp")
rss=$(awk '$2 > m { m = $2 } END { print m }' "$tmp/gp_imp")
{
	echo "readings benchmark — $points points, $meters meters × $days days × 96 ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores)"
	printf "import readings   median %.3f s = %.0f points/s   vs sqlite3 .import + index %.3f s   ratio %.2f   peak RSS %.1f MiB\n" \
		"$gi" "$(echo "$points / $gi" | bc -l)" "$bi" "$(echo "$gi / $bi" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
	printf "bytes a point     %.2f (rollups included)\n" "$(jq -r .bytes_per_point "$tmp/stats.json")"
	printf "month totals, 1 meter   median %.4f s vs %.4f s   ratio %.2f\n" "$(median <"$tmp/gp_month")" "$(median <"$tmp/base_month")" \
		"$(echo "$(median <"$tmp/gp_month") / $(median <"$tmp/base_month")" | bc -l)"
	printf "last 24 h raw, 1 meter  median %.4f s vs %.4f s   ratio %.2f\n" "$(median <"$tmp/gp_day")" "$(median <"$tmp/base_day")" \
		"$(echo "$(median <"$tmp/gp_day") / $(median <"$tmp/base_day")" | bc -l)"
} | tee "$top/bench/out/readings.txt"
