#!/bin/bash
# ingest.sh BUILD — issue 6's ingest benchmark (bench/README.md, "Ingest: greenpark, InfluxDB
# and VictoriaMetrics"). Never part of 'make test'.
#
# One data set of BENCH_METERS meters (default 2,000) × 96 readings a day × BENCH_DAYS days
# (default 106: 20,352,000 points, 2024-01-01 to 2024-04-15, UTC+8), three in four kWh
# counters and one in four interval meters (bench/gen_readings.c), as line protocol in time
# order, is fed to each of
#   greenpark         serve, POST /api/v1/write (Bearer token)
#   InfluxDB 1.6      influxd (Debian 'influxdb'), POST /write?db=bench
#   VictoriaMetrics   victoria-metrics (Debian 'victoria-metrics'), POST /write
# by the same client (bench/lpwrite.c): batches of 5,000 lines from 2 concurrent
# connections. Each server runs alone on loopback with a fresh data directory, BENCH_RUNS
# times (default 1) in rotating order. Then, on each, three queries, each 5 times after a
# warm-up (median of the sums of curl's time_total over the query's requests):
#   (a) every meter's monthly consumption over the whole range
#   (b) the last 24 h of one meter at 15-minute resolution (its raw readings)
#   (c) the park's daily totals over the whole range
# and the three systems' answers are checked against each other (bench/ingest_check.py):
# a benchmark whose systems computed different things would measure nothing. Finally
# 'greenpark import readings' of the same file into a fresh store (bulk history).
#
# Reported (stdout and bench/out/ingest.txt): points/s acknowledged (and for greenpark
# merged into its day rows), the requests' p50/p99 latency, disk bytes a point at rest,
# the server's peak RSS (VmHWM), and the query latencies; PASS/MISS against issue 6's
# targets (greenpark's HTTP ingest ≥ both peers', bulk import ≥ 1,000,000 points/s, (a) ≤
# 20 ms, RSS ≤ 256 MiB). A MISS is not an error; a failed write or a disagreement is.
# Needs curl, jq, /usr/bin/python3; installs influxdb and victoria-metrics with apt-get
# when missing and run as root. Everything goes to one mktemp directory, removed on exit.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: bash bench/ingest.sh BUILD   (BENCH_METERS, BENCH_DAYS, BENCH_RUNS)" >&2
	exit 2
fi
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
gp=$build/greenpark
meters=${BENCH_METERS:-2000}
days=${BENCH_DAYS:-106}
runs=${BENCH_RUNS:-1}
qruns=5
batch=5000
clients=2
case $meters$days$runs in
*[!0-9]*) echo "bench: BENCH_METERS, BENCH_DAYS and BENCH_RUNS are whole numbers" >&2; exit 2 ;;
esac
[ "$meters" -ge 4 ] && [ "$meters" -le 20000 ] && [ "$days" -ge 2 ] && [ "$days" -le 366 ] &&
	[ "$runs" -ge 1 ] && [ "$runs" -le 9 ] || { echo "bench: out of range (meters 4-20000, days 2-366, runs 1-9)" >&2; exit 2; }
[ -x "$gp" ] || { echo "bench: $gp is missing (run 'make all')" >&2; exit 1; }
py=/usr/bin/python3
for t in curl jq "$py"; do
	command -v "$t" >/dev/null 2>&1 || { echo "bench: $t is missing" >&2; exit 1; }
done
if ! command -v influxd >/dev/null 2>&1 || ! command -v victoria-metrics >/dev/null 2>&1; then
	# the peers are benchmark-only (Debian packages), not build dependencies
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "bench: installing influxdb and victoria-metrics (apt-get)" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends influxdb victoria-metrics >/dev/null 2>&1 ||
			{ apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends influxdb victoria-metrics >/dev/null 2>&1; } || true
	fi
	command -v influxd >/dev/null 2>&1 && command -v victoria-metrics >/dev/null 2>&1 ||
		{ echo "bench: influxd or victoria-metrics is missing (apt-get install influxdb victoria-metrics)" >&2; exit 1; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/greenpark-bench-ingest.XXXXXX")
pid=
stop_server() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	pid=
}
trap 'stop_server; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$build/bench" "$top/bench/out" "$tmp/data"
cflags="-O2 -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -I$top/src"
${CC:-cc} $cflags -o "$build/bench/gen_readings" "$top/bench/gen_readings.c" "$build/libgreenpark.a" -lm
${CC:-cc} $cflags -o "$build/bench/gen_ledger" "$top/bench/gen_ledger.c" "$build/libgreenpark.a" -lm
${CC:-cc} $cflags -o "$build/bench/lpwrite" "$top/bench/lpwrite.c" -lpthread
${CC:-cc} -O2 -std=c11 -o "$build/bench/rusage" "$top/bench/rusage.c"

now() { date +%s.%N; }
free_port() { "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
hwm_kib() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status"; }
wait_http() { # URL: until it answers, at most 30 s
	local i=0
	until curl -s -o /dev/null "$1"; do
		i=$((i + 1)); [ $i -lt 300 ] || { echo "bench: $1 does not answer" >&2; exit 1; }
		sleep 0.1
	done
}
uri() { jq -rn --arg q "$1" '$q | @uri'; }

# ---- the data and greenpark's template store ----
points=$((meters * days * 96))
echo "bench: generating $points points ($meters meters × $days days × 96) ..." >&2
"$build/bench/gen_readings" "$meters" "$days" "$tmp/data"
"$build/bench/gen_ledger" 64 2024 2024 "$tmp/data" >/dev/null
t0=1704038400 # 2024-01-01T00:00:00+08:00, the first reading
last=$((t0 + 900 * (days * 96 - 1)))
echo "bench: greenpark's store: 64 enterprises, $meters meters ..." >&2
tpl=$tmp/template.db
"$gp" --db "$tpl" init >/dev/null
"$gp" --db "$tpl" import enterprises "$tmp/data/enterprises.csv" >/dev/null
awk -F, 'NR == 1 { print "code,uscc,item,unit,kind,interval_s,multiplier,rollover,parent,formula"; next }
	{ print $1 "," $3 ",electricity_grid,kWh," $2 ",,,,," }' "$tmp/data/meters.csv" >"$tmp/data/registry.csv"
"$gp" --db "$tpl" import meters "$tmp/data/registry.csv" >/dev/null
echo "bench-ingest-password" | "$gp" --db "$tpl" user add bench --role admin >/dev/null
token=$("$gp" --db "$tpl" token create bench 2>/dev/null)

# the months and days the queries span (park-local, UTC+8): (start, end] in Unix seconds
eval "$("$py" - "$t0" "$last" <<'EOF'
import datetime, sys
tz = datetime.timezone(datetime.timedelta(hours=8))
t0, last = int(sys.argv[1]), int(sys.argv[2])
first = datetime.datetime.fromtimestamp(t0, tz)
end = datetime.datetime.fromtimestamp(last - 1, tz)  # the last reading closes this day
months = []
y, m = first.year, first.month
while (y, m) <= (end.year, end.month):
	s = datetime.datetime(y, m, 1, tzinfo=tz)
	y2, m2 = (y + 1, 1) if m == 12 else (y, m + 1)
	e = datetime.datetime(y2, m2, 1, tzinfo=tz)
	months.append((f"{y:04d}-{m:02d}", int(s.timestamp()), int(e.timestamp()), (e - s).days))
	y, m = y2, m2
print("months='" + " ".join(f"{a},{b},{c},{d}" for a, b, c, d in months) + "'")
print(f"month_first={months[0][0]} month_last={months[-1][0]}")
print(f"day_first={first.date()} day_last={end.date()}")
print(f"day_first_ts={int(datetime.datetime.combine(first.date(), datetime.time(), tz).timestamp())}")
print(f"day_last_end={int(datetime.datetime.combine(end.date(), datetime.time(), tz).timestamp()) + 86400}")
EOF
)"
meter1=E00001 # a counter

# ---- the servers ----
gp_start() { # DIR
	cp "$tpl" "$1/gp.db"
	port=$(free_port)
	GREENPARK_NO_CACHE=1 "$gp" --db "$1/gp.db" serve --listen "127.0.0.1:$port" >"$1/server.log" 2>&1 &
	pid=$!
	wait_http "http://127.0.0.1:$port/api/v1/health"
}
influx_start() {
	port=$(free_port)
	rpc=$(free_port)
	influxd config 2>/dev/null | sed -e "s|/var/lib/influxdb|$1|g" \
		-e "s|bind-address = \":8086\"|bind-address = \"127.0.0.1:$port\"|" \
		-e "s|bind-address = \"127.0.0.1:8088\"|bind-address = \"127.0.0.1:$rpc\"|" \
		-e 's|store-enabled = true|store-enabled = false|' -e 's|log-enabled = true|log-enabled = false|' \
		-e 's|query-log-enabled = true|query-log-enabled = false|' -e 's|reporting-disabled = false|reporting-disabled = true|' \
		-e 's|cache-snapshot-write-cold-duration = "10m0s"|cache-snapshot-write-cold-duration = "10s"|' \
		-e 's|compact-full-write-cold-duration = "4h0m0s"|compact-full-write-cold-duration = "30s"|' >"$1/influx.conf"
	influxd -config "$1/influx.conf" >"$1/server.log" 2>&1 &
	pid=$!
	wait_http "http://127.0.0.1:$port/ping"
	curl -sf -XPOST "http://127.0.0.1:$port/query" --data-urlencode "q=CREATE DATABASE bench" >/dev/null
}
vm_start() {
	port=$(free_port)
	victoria-metrics -httpListenAddr="127.0.0.1:$port" -storageDataPath="$1/vm" -retentionPeriod=100y \
		-loggerLevel=ERROR >"$1/server.log" 2>&1 &
	pid=$!
	wait_http "http://127.0.0.1:$port/health"
}

# The requests of each query, one URL a line (curl fetches them in turn on one connection).
queries() { # SYSTEM QUERY
	local base="http://127.0.0.1:$port" q s e n name
	case $1.$2 in
	greenpark.a) echo "$base/api/v1/meters/months?from=$month_first&to=$month_last" ;;
	greenpark.b) echo "$base/api/v1/meters/$meter1/series?from=$((last - 86400 + 1))&to=$((last + 1))&step=raw" ;;
	greenpark.c) echo "$base/api/v1/meters/totals?from=$day_first&to=$day_last" ;;
	influxdb.a)
		# a counter's month: its last reading of (start, end] less the one before; an
		# interval meter's: the sum of (start, end]; all in one request of statements
		q="SELECT last(value) FROM counter WHERE time <= $((t0))s GROUP BY meter"
		for mo in $months; do
			IFS=, read -r name s e n <<<"$mo"
			q="$q; SELECT last(value) FROM counter WHERE time > ${s}s AND time <= ${e}s GROUP BY meter"
			q="$q; SELECT sum(value) FROM interval WHERE time > ${s}s AND time <= ${e}s GROUP BY meter"
		done
		echo "$base/query?db=bench&epoch=s&q=$(uri "$q")" ;;
	influxdb.b) echo "$base/query?db=bench&epoch=s&q=$(uri "SELECT value FROM counter WHERE meter = '$meter1' AND time > $((last - 86400))s AND time <= ${last}s")" ;;
	influxdb.c)
		# days (00:00, 24:00] local: buckets of 1 d from 16:00:01 UTC; a counter's day is
		# the difference of its buckets' last readings (the outer range reaches a day
		# further back: InfluxDB applies it to the subquery)
		q="SELECT sum(d) FROM (SELECT non_negative_difference(last(value)) AS d FROM counter GROUP BY time(1d, 57601s), meter) WHERE time > $((day_first_ts - 86400))s AND time <= ${day_last_end}s GROUP BY time(1d, 57601s)"
		q="$q; SELECT sum(value) FROM interval WHERE time > ${day_first_ts}s AND time <= ${day_last_end}s GROUP BY time(1d, 57601s)"
		echo "$base/query?db=bench&epoch=s&q=$(uri "$q")" ;;
	victoria.a)
		# increase() over (start, end] counts from the last reading before the window
		for mo in $months; do
			IFS=, read -r name s e n <<<"$mo"
			echo "$base/api/v1/query?nocache=1&time=$e&query=$(uri "increase(counter_value[${n}d]) or sum_over_time(interval_value[${n}d])")"
		done ;;
	victoria.b) echo "$base/api/v1/query_range?nocache=1&start=$((last - 86400 + 900))&end=$last&step=900&query=$(uri "counter_value{meter=\"$meter1\"}")" ;;
	victoria.c)
		# evaluated at UTC midnights with offset 8h: each window ends at a local midnight
		echo "$base/api/v1/query_range?nocache=1&start=$((day_first_ts + 8 * 3600 + 86400))&end=$((day_last_end + 8 * 3600))&step=86400&query=$(uri 'sum(increase(counter_value[1d] offset 8h)) + sum(sum_over_time(interval_value[1d] offset 8h))')" ;;
	esac
}

# run_query SYSTEM QUERY OUT: prints the median latency (ms) of qruns runs; OUT gets the
# answers of the last run (one JSON document a line)
run_query() {
	local urls hdr=() times=() i t
	mapfile -t urls < <(queries "$1" "$2")
	[ "$1" = greenpark ] && hdr=(-H "Authorization: Bearer $token")
	for i in $(seq 0 "$qruns"); do
		: >"$3"
		t=0
		for u in "${urls[@]}"; do
			s=$(curl -s "${hdr[@]}" -o "$3.part" -w '%{http_code} %{time_total}' "$u")
			[ "${s%% *}" = 200 ] || { echo "bench: $1 query $2: HTTP ${s%% *}: $(head -c 400 "$3.part")" >&2; exit 1; }
			cat "$3.part" >>"$3"
			echo >>"$3"
			t=$(awk -v a="$t" -v b="${s#* }" 'BEGIN { print a + b }')
		done
		[ "$i" -gt 0 ] && times+=("$t") # run 0 is the warm-up
	done
	printf '%s\n' "${times[@]}" | median | awk '{ printf "%.2f", $1 * 1000 }'
}

disk_bytes() { du -sb "$1" | awk '{ print $1 }'; }

results=$tmp/results # lines: SYSTEM RUN key=value ...
: >"$results"
systems=(greenpark influxdb victoria)
for r in $(seq 1 "$runs"); do
	for k in 0 1 2; do
		sys=${systems[$(((k + r - 1) % 3))]}
		dir=$tmp/run-$sys-$r
		rm -rf "$dir"
		mkdir -p "$dir"
		echo "bench: run $r: $sys ..." >&2
		case $sys in
		greenpark) gp_start "$dir"; path=/api/v1/write; hdr=(-H "Authorization: Bearer $token") ;;
		influxdb) influx_start "$dir"; path="/write?db=bench"; hdr=() ;;
		victoria) vm_start "$dir"; path=/write; hdr=() ;;
		esac
		start=$(now)
		line=$("$build/bench/lpwrite" -b "$batch" -c "$clients" "${hdr[@]}" "$tmp/data/readings.lp" "$port" "$path") ||
			{ echo "bench: $sys: the write failed" >&2; tail -n 20 "$dir/server.log" >&2; exit 1; }
		acked=$(now)
		merged=$acked
		case $sys in
		greenpark)
			# acknowledged = durable and readable; then merged into the day rows
			until [ "$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/ingest/status" | jq .log.pending)" = 0 ]; do sleep 0.05; done
			merged=$(now) ;;
		victoria) curl -s "http://127.0.0.1:$port/internal/force_flush" >/dev/null; merged=$(now) ;;
		esac
		hwm=$(hwm_kib "$pid")
		if [ "$sys" = influxdb ]; then
			# let it snapshot its cache and compact (at most 3 minutes), as it would at rest
			i=0
			while [ "$(disk_bytes "$dir/wal")" -gt 1048576 ] && [ $i -lt 1800 ]; do sleep 0.1; i=$((i + 1)); done
			sleep 35
		fi
		qa=$(run_query "$sys" a "$dir/a.json")
		qb=$(run_query "$sys" b "$dir/b.json")
		qc=$(run_query "$sys" c "$dir/c.json")
		[ "$r" = 1 ] && cp "$dir/a.json" "$tmp/$sys.a.json" && cp "$dir/b.json" "$tmp/$sys.b.json" && cp "$dir/c.json" "$tmp/$sys.c.json"
		hwm2=$(hwm_kib "$pid")
		stop_server # at rest: greenpark checkpoints and drops its WAL, the others flush
		case $sys in
		greenpark) bytes=$(($(disk_bytes "$dir/gp.db") - $(disk_bytes "$tpl"))) ;;
		influxdb) bytes=$(($(disk_bytes "$dir/data") + $(disk_bytes "$dir/wal"))) ;;
		victoria) bytes=$(disk_bytes "$dir/vm") ;;
		esac
		echo "$sys $r $line ack_s=$(awk -v a="$start" -v b="$acked" 'BEGIN { print b - a }') merged_s=$(awk -v a="$start" -v b="$merged" 'BEGIN { print b - a }') hwm_kib=$hwm hwm_after_queries_kib=$hwm2 bytes=$bytes qa_ms=$qa qb_ms=$qb qc_ms=$qc" | tee -a "$results" >&2
		[ "$sys" = greenpark ] && [ "$r" = 1 ] && "$gp" --db "$dir/gp.db" meter stats --format json >"$tmp/gp.stats.json"
		rm -rf "$dir"
	done
done

# ---- the answers agree ----
"$py" "$top/bench/ingest_check.py" "$tmp" "$months" "$t0" "$last" >"$tmp/check.txt" 2>&1 ||
	{ cat "$tmp/check.txt" >&2; echo "bench: the systems' answers disagree" >&2; exit 1; }

# ---- bulk history: import readings ----
imp=()
for r in $(seq 1 "$runs"); do
	echo "bench: run $r: greenpark import readings ..." >&2
	cp "$tpl" "$tmp/imp.db"
	"$build/bench/rusage" "$gp" --db "$tmp/imp.db" import readings "$tmp/data/readings.lp" >/dev/null 2>"$tmp/imp.err" ||
		{ tail -n 5 "$tmp/imp.err" >&2; exit 1; }
	l=$(grep '^wall_s=' "$tmp/imp.err" | tail -n 1)
	w=${l#wall_s=}; w=${w%% *}; m=${l#*maxrss_kib=}; m=${m%% *}
	imp+=("$w $m")
	echo "import $r wall_s=$w maxrss_kib=$m" >&2
	[ "$r" = "$runs" ] && "$gp" --db "$tmp/imp.db" meter stats --format json >"$tmp/imp.stats.json"
	rm -f "$tmp/imp.db" "$tmp/imp.db-wal" "$tmp/imp.db-shm"
done

# ---- the report ----
field() { # SYSTEM KEY: the median over the runs
	awk -v s="$1" -v k="$2" '$1 == s { for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$results" | median
}
imp_wall=$(printf '%s\n' "${imp[@]}" | awk '{ print $1 }' | median)
imp_rss=$(printf '%s\n' "${imp[@]}" | awk '{ print $2 }' | sort -n | tail -n 1)
{
	echo "greenpark ingest benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $runs run(s), medians)"
	echo "data: $points points = $meters meters × $days days × 96 (15 min), 3/4 counters, line protocol, time order"
	echo "writes: $clients concurrent HTTP clients, $batch lines a request (bench/lpwrite)"
	echo
	printf '%-16s %14s %14s %9s %9s %10s %10s %10s %10s %10s\n' system "acked pts/s" "merged pts/s" "p50 ms" "p99 ms" "bytes/pt" "RSS MiB" "(a) ms" "(b) ms" "(c) ms"
	for s in greenpark influxdb victoria; do
		a=$(field "$s" ack_s); m=$(field "$s" merged_s)
		printf '%-16s %14.0f %14.0f %9.1f %9.1f %10.2f %10.0f %10.2f %10.2f %10.2f\n' "$s" \
			"$(awk -v p="$points" -v t="$a" 'BEGIN { print p / t }')" "$(awk -v p="$points" -v t="$m" 'BEGIN { print p / t }')" \
			"$(field "$s" p50_ms)" "$(field "$s" p99_ms)" "$(awk -v b="$(field "$s" bytes)" -v p="$points" 'BEGIN { print b / p }')" \
			"$(awk -v k="$(field "$s" hwm_kib)" 'BEGIN { print k / 1024 }')" "$(field "$s" qa_ms)" "$(field "$s" qb_ms)" "$(field "$s" qc_ms)"
	done
	printf '%-16s %14.0f %14s %9s %9s %10.2f %10.0f\n' "greenpark import" "$(awk -v p="$points" -v t="$imp_wall" 'BEGIN { print p / t }')" "(one txn)" "" "" \
		"$(jq .bytes_per_point "$tmp/imp.stats.json")" "$(awk -v k="$imp_rss" 'BEGIN { print k / 1024 }')"
	echo
	echo "acked: the client's wall time for all writes (greenpark and InfluxDB acknowledge a write once it is on disk; VictoriaMetrics once it is in memory, flushed within about a second)"
	echo "merged: until greenpark's readings log was merged into its day rows (/ingest/status pending 0; reads include logged points before that too), or VictoriaMetrics' force_flush returned"
	echo "bytes/pt: the data directory at rest after the run (greenpark: the store file less the empty template; InfluxDB after compacting); greenpark's readings alone (meter stats, dbstat): $(jq .bytes_per_point "$tmp/gp.stats.json")"
	echo "RSS: the server's VmHWM after the writes"
	echo "queries: sum of curl time_total over the query's requests, median of $qruns after a warm-up; (a) greenpark 1 request, InfluxDB 1 (9 statements), VictoriaMetrics one per month"
	echo
	gp_ack=$(awk -v p="$points" -v t="$(field greenpark ack_s)" 'BEGIN { print p / t }')
	ix_ack=$(awk -v p="$points" -v t="$(field influxdb ack_s)" 'BEGIN { print p / t }')
	vm_ack=$(awk -v p="$points" -v t="$(field victoria ack_s)" 'BEGIN { print p / t }')
	verdict() { if awk "BEGIN { exit !($1) }"; then echo PASS; else echo MISS; fi; }
	echo "targets:"
	echo "  HTTP ingest >= InfluxDB's      $(verdict "$gp_ack >= $ix_ack")  (greenpark / InfluxDB $(awk -v a="$gp_ack" -v b="$ix_ack" 'BEGIN { printf "%.2f", a / b }'))"
	echo "  HTTP ingest >= VictoriaMetrics' $(verdict "$gp_ack >= $vm_ack")  (greenpark / VictoriaMetrics $(awk -v a="$gp_ack" -v b="$vm_ack" 'BEGIN { printf "%.2f", a / b }'))"
	echo "  bulk import >= 1,000,000 pts/s  $(verdict "$points / $imp_wall >= 1000000")"
	echo "  query (a) <= 20 ms              $(verdict "$(field greenpark qa_ms) <= 20")"
	echo "  RSS <= 256 MiB during ingest    $(verdict "$(field greenpark hwm_kib) <= 262144 && $imp_rss <= 262144")"
	echo
	cat "$tmp/check.txt"
	echo
	echo "per run:"
	cat "$results"
	printf 'import %s\n' "${imp[@]}"
} | tee "$top/bench/out/ingest.txt"
