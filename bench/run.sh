#!/bin/sh
# run.sh BUILD — the import and account benchmark (bench/README.md). Never part of
# 'make test'; 'make bench' runs it after building BUILD/greenpark.
#
# Builds bench/gen_ledger.c and bench/rusage.c into BUILD/bench/, generates
# 1,000 enterprises × 36 months × 20 items (720,000 activity rows) once, then, R times
# (BENCH_RUNS, default 5), alternating which goes first:
#   import   greenpark --db X import activity (fresh store with the enterprises loaded)
#            vs. the sqlite3 CLI's .import of the same file into a plain WAL table;
#   account  greenpark --db X account --year 2024 --format json
#            vs. the sqlite3 CLI summing the raw table per item for 2024.
# Prints medians, greenpark/baseline ratios and PASS/MISS against the issue's targets,
# and writes the same to bench/out/results.txt. Temporary files go to one mktemp
# directory that is removed on exit. It must never touch a store other than its own.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: sh bench/run.sh BUILD   (BENCH_RUNS=R, default 5)" >&2
	exit 2
fi
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
runs=${BENCH_RUNS:-5}
case $runs in
'' | *[!0-9]*) echo "bench: BENCH_RUNS '$runs' is not a whole number" >&2; exit 2 ;;
esac
if [ "$runs" -lt 1 ] || [ "$runs" -gt 100 ]; then
	echo "bench: BENCH_RUNS $runs is out of range (1-100)" >&2
	exit 2
fi

# The data set and the targets of the issue.
n_enterprises=1000
year_from=2022
year_to=2024
account_year=2024
rows=$((n_enterprises * (year_to - year_from + 1) * 12 * 20))
target_import_rows_s=500000
target_account_ms=50
target_account_rss_mib=64

gp=$build/greenpark
bin=$build/bench
out_dir=$top/bench/out
cc=${CC:-cc}
cflags="-O2 -std=c11 -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes
	-Wvla -Wwrite-strings -Werror -I$top/src"

[ -x "$gp" ] || { echo "bench: $gp is missing (run 'make all')" >&2; exit 1; }
[ -f "$build/libgreenpark.a" ] || { echo "bench: $build/libgreenpark.a is missing (run 'make all')" >&2; exit 1; }
command -v sqlite3 >/dev/null 2>&1 || { echo "bench: the sqlite3 CLI (the baseline) is not installed (run 'make deps')" >&2; exit 1; }

mkdir -p "$bin" "$out_dir"
# shellcheck disable=SC2086
$cc $cflags -o "$bin/gen_ledger" "$top/bench/gen_ledger.c" "$build/libgreenpark.a" -lsqlite3 -ljansson -lm
# shellcheck disable=SC2086
$cc $cflags -o "$bin/rusage" "$top/bench/rusage.c"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/greenpark-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
data=$tmp/data

echo "bench: generating $rows activity rows into $data ..."
"$bin/gen_ledger" "$n_enterprises" "$year_from" "$year_to" "$data"
got=$(($(wc -l <"$data/activity.csv") - 1))
[ "$got" -eq "$rows" ] || { echo "bench: gen_ledger wrote $got rows (expected $rows)" >&2; exit 1; }

# timed RESULTS CMD ARGS... — runs CMD under rusage with its stdout in $tmp/stdout and
# appends "WALL_S MAXRSS_KIB" to RESULTS. A failing command stops the benchmark with
# its stderr and how to reproduce it.
timed()
{
	res=$1
	shift
	if ! "$bin/rusage" "$@" >"$tmp/stdout" 2>"$tmp/stderr"; then
		echo "bench: command failed: $*" >&2
		tail -n 20 "$tmp/stderr" >&2
		echo "bench: to reproduce (the data are deterministic): $bin/gen_ledger $n_enterprises $year_from $year_to DIR;" >&2
		echo "       $gp --db DIR/s.db init; $gp --db DIR/s.db import enterprises DIR/enterprises.csv;" >&2
		echo "       then the failed command with DIR for its directory" >&2
		exit 1
	fi
	line=$(grep '^wall_s=' "$tmp/stderr" | tail -n 1)
	wall=${line#wall_s=}
	wall=${wall%% *}
	rss=${line#*maxrss_kib=}
	rss=${rss%% *}
	echo "$wall $rss" >>"$res"
}

# quiet CMD ARGS... — an untimed step; its output is shown only when it fails.
quiet()
{
	if ! "$@" >"$tmp/quiet" 2>&1; then
		echo "bench: command failed: $*" >&2
		tail -n 20 "$tmp/quiet" >&2
		exit 1
	fi
}

gp_db=$tmp/greenpark.db
base_db=$tmp/baseline.db
base_schema="CREATE TABLE t (uscc TEXT, period TEXT, item TEXT, quantity REAL, unit TEXT);"
base_sum="SELECT item, sum(quantity) FROM t WHERE period LIKE '$account_year-%' GROUP BY item;"

gp_import()
{
	rm -f "$gp_db" "$gp_db-wal" "$gp_db-shm"
	quiet "$gp" --db "$gp_db" init
	quiet "$gp" --db "$gp_db" import enterprises "$data/enterprises.csv"
	timed "$tmp/gp_import" "$gp" --db "$gp_db" import activity "$data/activity.csv"
	grep -q "$rows rows ($rows new" "$tmp/stdout" || {
		echo "bench: greenpark did not report $rows new rows:" >&2
		cat "$tmp/stdout" >&2
		exit 1
	}
}

# The sqlite3 CLI: -init /dev/null keeps a ~/.sqliterc out; .import runs in one
# transaction; synchronous=FULL is greenpark's durability (a returned commit is on disk).
base_import()
{
	rm -f "$base_db" "$base_db-wal" "$base_db-shm"
	timed "$tmp/base_import" sqlite3 -init /dev/null -batch "$base_db" \
		"PRAGMA journal_mode = WAL;" "PRAGMA synchronous = FULL;" "$base_schema" \
		".import --csv --skip 1 $data/activity.csv t"
	n=$(sqlite3 -init /dev/null -batch "$base_db" "SELECT count(*) FROM t;")
	[ "$n" -eq "$rows" ] || { echo "bench: the baseline imported $n rows (expected $rows)" >&2; exit 1; }
}

gp_account()
{
	timed "$1" "$gp" --db "$gp_db" account --year "$account_year" --format json
	cp "$tmp/stdout" "$tmp/gp_account.json"
}

base_account()
{
	timed "$1" sqlite3 -init /dev/null -batch "$base_db" "$base_sum"
	cp "$tmp/stdout" "$tmp/base_account.txt"
}

echo "bench: import, $runs runs each ..."
i=1
while [ "$i" -le "$runs" ]; do
	if [ $((i % 2)) -eq 1 ]; then
		gp_import
		base_import
	else
		base_import
		gp_import
	fi
	i=$((i + 1))
done

echo "bench: account, $runs runs each (after one untimed warm-up) ..."
gp_account "$tmp/warmup"
base_account "$tmp/warmup"
i=1
while [ "$i" -le "$runs" ]; do
	if [ $((i % 2)) -eq 1 ]; then
		gp_account "$tmp/gp_account"
		base_account "$tmp/base_account"
	else
		base_account "$tmp/base_account"
		gp_account "$tmp/gp_account"
	fi
	i=$((i + 1))
done

# Both sides must have computed the same thing: the per-item totals of the year.
if command -v jq >/dev/null 2>&1; then
	jq -r '.items[] | "\(.item) \(.quantity)"' "$tmp/gp_account.json" >"$tmp/gp_items"
	tr '|' ' ' <"$tmp/base_account.txt" >"$tmp/base_items"
	check=$(awk 'NR == FNR { q[$1] = $2; next }
		{ n++; if (!($1 in q)) { bad = bad " " $1 " (missing)"; next }
		  d = q[$1] - $2; if (d < 0) d = -d; s = $2 < 0 ? -$2 : $2;
		  if (d > 1e-9 * s + 1e-9) bad = bad " " $1 " (" q[$1] " vs " $2 ")" }
		END { if (bad != "" || n == 0) print "MISMATCH:" bad; else print "ok: " n " item totals agree" }' \
		"$tmp/gp_items" "$tmp/base_items")
else
	check="skipped (jq is not installed)"
fi
case $check in
MISMATCH*) echo "bench: greenpark's account and the baseline's sums differ: $check" >&2 ;;
esac

# median FILE — the median of column 1; maxcol2 FILE — the largest value of column 2.
median()
{
	sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
maxcol2()
{
	awk 'NR == 1 || $2 > m { m = $2 } END { print m }' "$1"
}
walls()
{
	awk '{ printf "%s%.4f", (NR > 1) ? " " : "", $1 }' "$1"
}

gi=$(median "$tmp/gp_import")
bi=$(median "$tmp/base_import")
ga=$(median "$tmp/gp_account")
ba=$(median "$tmp/base_account")
gi_rss=$(maxcol2 "$tmp/gp_import")
bi_rss=$(maxcol2 "$tmp/base_import")
ga_rss=$(maxcol2 "$tmp/gp_account")
ba_rss=$(maxcol2 "$tmp/base_account")
rev=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$top" status --porcelain -- src 2>/dev/null)" ] || rev="$rev (with uncommitted changes in src/)"

{
	echo "greenpark benchmark — $n_enterprises enterprises × $(((year_to - year_from + 1) * 12)) months × 20 items = $rows rows; account $account_year"
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $rev, $(uname -sm), $(nproc 2>/dev/null || echo '?') cores, sqlite3 CLI $(sqlite3 -version | cut -d' ' -f1)"
	echo "$runs runs each, greenpark and baseline interleaved; times are medians, max RSS the largest of the runs"
	echo
	awk -v rows="$rows" -v gi="$gi" -v bi="$bi" -v ga="$ga" -v ba="$ba" \
		-v gi_rss="$gi_rss" -v bi_rss="$bi_rss" -v ga_rss="$ga_rss" -v ba_rss="$ba_rss" '
	function mib(k) { return sprintf("%.1f MiB", k / 1024) }
	BEGIN {
		f = "%-16s %11s %11s %10s | %11s %11s %10s | %8s\n"
		printf f, "measurement", "greenpark", "rows/s", "max RSS", "baseline", "rows/s", "max RSS", "gp/base"
		printf f, "import activity", sprintf("%.3f s", gi), sprintf("%.0f", rows / gi), mib(gi_rss),
			sprintf("%.3f s", bi), sprintf("%.0f", rows / bi), mib(bi_rss), sprintf("%.2f", gi / bi)
		printf f, "account (park)", sprintf("%.1f ms", ga * 1000), "-", mib(ga_rss),
			sprintf("%.1f ms", ba * 1000), "-", mib(ba_rss), sprintf("%.3f", ga / ba)
	}'
	echo
	echo "gp/base is the ratio of median wall times: below 1 greenpark is faster."
	echo "baselines: import = sqlite3 CLI .import into a plain WAL table (no validation, no index);"
	echo "           account = sqlite3 CLI: $base_sum"
	echo
	echo "targets (the issue's, absolute; this machine's baseline gives the ratio each one means)"
	awk -v rows="$rows" -v gi="$gi" -v bi="$bi" -v ga="$ga" -v ba="$ba" -v ga_rss="$ga_rss" \
		-v ti="$target_import_rows_s" -v ta="$target_account_ms" -v tr="$target_account_rss_mib" '
	function verdict(ok) { return ok ? "PASS" : "MISS" }
	BEGIN {
		f = "  %-30s %-18s %s   %s\n"
		printf f, "import >= " ti " rows/s", sprintf("%.0f rows/s", rows / gi), verdict(rows / gi >= ti),
			sprintf("(= gp/base <= %.2f here)", (rows / bi) / ti)
		printf f, "account < " ta " ms", sprintf("%.1f ms", ga * 1000), verdict(ga * 1000 < ta),
			sprintf("(= gp/base < %.3f here)", ta / 1000 / ba)
		printf "  %-30s %-18s %s\n", "account max RSS < " tr " MiB", sprintf("%.1f MiB", ga_rss / 1024),
			verdict(ga_rss / 1024 < tr)
	}'
	echo
	echo "check: $check"
	echo "wall times of each run (s):"
	echo "  greenpark import  $(walls "$tmp/gp_import")"
	echo "  baseline import   $(walls "$tmp/base_import")"
	echo "  greenpark account $(walls "$tmp/gp_account")"
	echo "  baseline account  $(walls "$tmp/base_account")"
} >"$tmp/report"

cat "$tmp/report"
cp "$tmp/report" "$out_dir/results.txt"
echo "(written to bench/out/results.txt)"
case $check in
MISMATCH*) exit 1 ;;
esac
