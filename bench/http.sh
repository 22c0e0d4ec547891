#!/bin/sh
# http.sh BUILD — the HTTP benchmark (bench/README.md, "HTTP API"). Never part of
# 'make test'. Starts BUILD/greenpark serve on a loopback port with its own store (the
# demo park when 'greenpark demo' works, else data/sample) and drives it with wrk:
# 2 threads, 64 connections, BENCH_SECONDS (default 10) per run, BENCH_RUNS (default 3)
# runs of three endpoints in rotating order:
#   health       GET /api/v1/health, no Authorization header: the baseline (the server's
#                fixed cost per request: HTTP, routing, one schema-version read)
#   accounting   GET /api/v1/accounting?year=2024 with a Bearer token
#   enterprises  GET /api/v1/enterprises with a Bearer token
# Prints the median requests/s and p99 latency (wrk --latency) of each, the ratios to
# the baseline, the server's peak RSS (VmHWM), and PASS/MISS against the issue's targets
# (>= 5,000 requests/s, p99 < 20 ms); writes the same to bench/out/http.txt. A MISS is
# not an error; a non-2xx answer during a run is. Temporary files go to one mktemp
# directory, removed on exit with the server stopped. It never touches another store.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: sh bench/http.sh BUILD   (BENCH_RUNS=R, default 3; BENCH_SECONDS=S, default 10)" >&2
	exit 2
fi
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
gp=$build/greenpark
runs=${BENCH_RUNS:-3}
secs=${BENCH_SECONDS:-10}
for v in "$runs" "$secs"; do
	case $v in
	'' | *[!0-9]*) echo "bench: BENCH_RUNS and BENCH_SECONDS must be whole numbers" >&2; exit 2 ;;
	esac
done
if [ "$runs" -lt 1 ] || [ "$runs" -gt 20 ] || [ "$secs" -lt 1 ] || [ "$secs" -gt 120 ]; then
	echo "bench: BENCH_RUNS must be 1-20 and BENCH_SECONDS 1-120" >&2
	exit 2
fi
threads=2
conns=64
target_rps=5000
target_p99_ms=20
out_dir=$top/bench/out

[ -x "$gp" ] || { echo "bench: $gp is missing (run 'make all')" >&2; exit 1; }
command -v curl >/dev/null 2>&1 || { echo "bench: curl is not installed" >&2; exit 1; }
if ! command -v wrk >/dev/null 2>&1; then
	# wrk is a benchmark-only tool (Debian package 'wrk'), not a build dependency
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "bench: installing wrk (apt-get install wrk)" >&2
		apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q wrk >/dev/null 2>&1; } || true
	fi
	command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/greenpark-http-bench.XXXXXX")
pid=
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
db=$tmp/park.db

# The data: the demo park when this build has it, else the sample files.
data=
if "$gp" demo --help >/dev/null 2>&1 && "$gp" --db "$db" demo >"$tmp/demo.log" 2>&1; then
	data="greenpark demo"
else
	rm -f "$db" "$db-wal" "$db-shm"
	"$gp" --db "$db" init >/dev/null
	"$gp" --db "$db" import enterprises "$top/data/sample/enterprises.csv" >/dev/null
	"$gp" --db "$db" import platforms "$top/data/sample/platforms.csv" >/dev/null
	"$gp" --db "$db" import activity "$top/data/sample/activity.csv" >/dev/null
	data="data/sample"
fi
echo "bench-http-password" | "$gp" --db "$db" user add bench --role admin >/dev/null
token=$("$gp" --db "$db" token create bench)

# The server, on a free loopback port.
port=
for _try in 1 2 3 4 5; do
	p=$(awk 'BEGIN { srand(); print 20000 + int(rand() * 40000) }')
	"$gp" --db "$db" serve --listen "127.0.0.1:$p" >"$tmp/server.out" 2>"$tmp/server.err" </dev/null &
	pid=$!
	i=0
	while [ $i -lt 100 ] && kill -0 "$pid" 2>/dev/null && ! grep -q "listening on" "$tmp/server.err" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	if grep -q "listening on http://127.0.0.1:$p/" "$tmp/server.err" 2>/dev/null; then
		port=$p
		break
	fi
	wait "$pid" 2>/dev/null || true
	pid=
done
[ -n "$port" ] || { echo "bench: the server did not start:" >&2; cat "$tmp/server.err" >&2; exit 1; }
base=http://127.0.0.1:$port/api/v1

url_of() {
	case $1 in
	health) echo "$base/health" ;;
	accounting) echo "$base/accounting?year=2024" ;;
	enterprises) echo "$base/enterprises" ;;
	esac
}
# Every endpoint answers 200 before anything is timed.
for ep in health accounting enterprises; do
	code=$(curl -s -m 10 -o "$tmp/check.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$(url_of $ep)")
	if [ "$code" != 200 ]; then
		echo "bench: $(url_of $ep) answered $code:" >&2
		head -c 500 "$tmp/check.json" >&2
		exit 1
	fi
done
n_ent=$(sed -n 's/.*"total":\([0-9]*\).*/\1/p' "$tmp/check.json")

# run_wrk EP SECONDS OUT: one wrk run against EP.
run_wrk() {
	if [ "$1" = health ]; then
		wrk -t$threads -c$conns -d"$2"s --latency "$(url_of "$1")" >"$3" 2>&1
	else
		wrk -t$threads -c$conns -d"$2"s --latency -H "Authorization: Bearer $token" "$(url_of "$1")" >"$3" 2>&1
	fi
	if grep -q "Non-2xx or 3xx responses" "$3"; then
		echo "bench: non-2xx answers from $(url_of "$1"):" >&2
		cat "$3" >&2
		exit 1
	fi
}
# rps FILE / p99_ms FILE: from wrk's output.
rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
p99_ms() {
	awk '$1 == "99%" { v = $2; u = v; sub(/^[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
		f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1
		printf "%.3f\n", v * f }' "$1"
}
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "bench: $data ($n_ent enterprises), server pid $pid on 127.0.0.1:$port; wrk -t$threads -c$conns -d${secs}s --latency, $runs runs" >&2
for ep in health accounting enterprises; do
	run_wrk $ep 2 "$tmp/warmup.txt" # untimed warm-up (caches, connections)
done
r=1
while [ $r -le "$runs" ]; do
	case $((r % 3)) in
	1) order="health accounting enterprises" ;;
	2) order="accounting enterprises health" ;;
	0) order="enterprises health accounting" ;;
	esac
	for ep in $order; do
		run_wrk "$ep" "$secs" "$tmp/wrk.$ep.$r"
		echo "  run $r $ep: $(rps "$tmp/wrk.$ep.$r") req/s, p99 $(p99_ms "$tmp/wrk.$ep.$r") ms" >&2
	done
	r=$((r + 1))
done
hwm_kib=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
kill -TERM "$pid"
wait "$pid" || { echo "bench: the server exited with an error" >&2; exit 1; }
pid=

mkdir -p "$out_dir"
rps_health=0 p99_health=0 # set with the others by eval below
{
	echo "greenpark HTTP benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $data ($n_ent enterprises)"
	echo "wrk -t$threads -c$conns -d${secs}s --latency; median of $runs runs; baseline: GET /api/v1/health (no auth) on the same server in the same run"
	echo
	printf '%-42s %12s %10s %10s %10s\n' "endpoint" "req/s" "p99 ms" "req/s/base" "p99/base"
	for ep in health accounting enterprises; do
		m_rps=$(for r in $(seq 1 "$runs"); do rps "$tmp/wrk.$ep.$r"; done | median)
		m_p99=$(for r in $(seq 1 "$runs"); do p99_ms "$tmp/wrk.$ep.$r"; done | median)
		eval "rps_$ep=\$m_rps p99_$ep=\$m_p99"
		printf '%-42s %12.0f %10.2f %10.3f %10.2f\n' "GET $(url_of $ep | sed "s|^http://127.0.0.1:$port||")" "$m_rps" "$m_p99" \
			"$(awk -v a="$m_rps" -v b="${rps_health}" 'BEGIN { print a / b }')" \
			"$(awk -v a="$m_p99" -v b="${p99_health}" 'BEGIN { print (b > 0) ? a / b : 0 }')"
	done
	echo
	printf 'server peak RSS (VmHWM): %.1f MiB\n' "$(awk -v k="$hwm_kib" 'BEGIN { print k / 1024 }')"
	echo
	echo "targets (issue: >= $target_rps req/s and p99 < $target_p99_ms ms on this 2-core machine):"
	for ep in accounting enterprises; do
		eval "m_rps=\$rps_$ep m_p99=\$p99_$ep"
		v_rps=$(awk -v a="$m_rps" -v t=$target_rps 'BEGIN { print (a >= t) ? "PASS" : "MISS" }')
		v_p99=$(awk -v a="$m_p99" -v t=$target_p99_ms 'BEGIN { print (a < t) ? "PASS" : "MISS" }')
		printf '  %-12s %s %.0f req/s (%.2f of the baseline; target = %.2f of it)   %s p99 %.2f ms\n' "$ep" "$v_rps" "$m_rps" \
			"$(awk -v a="$m_rps" -v b="$rps_health" 'BEGIN { print a / b }')" \
			"$(awk -v b="$rps_health" -v t=$target_rps 'BEGIN { print t / b }')" "$v_p99" "$m_p99"
	done
	echo
	echo "per run (req/s, p99 ms):"
	for ep in health accounting enterprises; do
		printf '  %-12s' "$ep"
		for r in $(seq 1 "$runs"); do printf ' %8.0f %6.2f |' "$(rps "$tmp/wrk.$ep.$r")" "$(p99_ms "$tmp/wrk.$ep.$r")"; done
		echo
	done
} | tee "$out_dir/http.txt"
