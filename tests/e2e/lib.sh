# lib.sh — helpers for end-to-end tests (sourced by tests/e2e/*.sh).
# Each test script runs cases against the real binary ($GREENPARK) in a temporary
# directory and prints one line per check: "PASS name" or "FAIL name: why".
# tests/run.sh counts them. A script exits non-zero if any check failed.
set -u
: "${GREENPARK:?set GREENPARK to the greenpark binary}"
: "${SHARED:=$(cd "$(dirname "$0")/../../.." && pwd)/shared}"
TESTDATA=$(cd "$(dirname "$0")/../data" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gp-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export GREENPARK_DB="$WORK/park.db"
export GREENPARK_ACTOR="e2e"
FAILS=0

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; FAILS=$((FAILS + 1)); }

# gp ARGS...: runs greenpark, stdout to $WORK/out, stderr to $WORK/err; sets $RC.
gp() {
	"$GREENPARK" "$@" >"$WORK/out" 2>"$WORK/err"
	RC=$?
	return 0
}

# check NAME CONDITION-COMMAND...: PASS when the command succeeds.
check() {
	name=$1
	shift
	if "$@" >/dev/null; then pass "$name"; else fail "$name" "$(printf '%s' "$*" | cut -c1-200) | stderr: $(head -c 400 "$WORK/err")"; fi
}

# expect_rc N: the last gp exited with N.
expect_rc() { [ "$RC" -eq "$1" ]; }

# err_has TEXT / out_has TEXT: the last gp's stderr/stdout contains TEXT.
err_has() { grep -qF -- "$1" "$WORK/err"; }
out_has() { grep -qF -- "$1" "$WORK/out"; }

# near ACTUAL EXPECTED TOL: |actual - expected| <= tol.
near() { awk -v a="$1" -v e="$2" -v t="$3" 'BEGIN { d = a - e; if (d < 0) d = -d; exit !(a != "" && d <= t) }'; }

# jq_out EXPR: evaluates EXPR on the last gp's stdout (JSON).
jq_out() { jq -r "$1" "$WORK/out"; }

# near_json EXPR EXPECTED TOL: a number in the last JSON output is near EXPECTED.
near_json() {
	v=$(jq -r "$1" "$WORK/out" 2>/dev/null)
	if near "$v" "$2" "$3"; then return 0; fi
	echo "    $1 = $v, expected $2 ± $3" >&2
	return 1
}

# dump: the store's content as SQL text (sqlite3 .dump), for byte-for-byte comparison.
dump() { sqlite3 "$GREENPARK_DB" .dump; }

# fresh: a new initialized store with the fixture enterprises.
fresh() {
	rm -f "$GREENPARK_DB" "$GREENPARK_DB-wal" "$GREENPARK_DB-shm"
	"$GREENPARK" init >/dev/null || { echo "FAIL init"; exit 1; }
}

finish() { [ "$FAILS" -eq 0 ]; }

# ---- helpers for the import tests (10-13) ----

# uscc P17: P17 completed with its GB 32100-2015 check character (tests/data/import_uscc.awk).
uscc() { printf '%s\n' "$1" | awk -v complete=1 -f "$TESTDATA/import_uscc.awk"; }

# err_line PREFIX TEXT...: some line of the last gp's stderr starts with PREFIX and
# contains every TEXT.
err_line() {
	awk -v p="$1" 'index($0, p) == 1' "$WORK/err" >"$WORK/err_lines"
	[ -s "$WORK/err_lines" ] || return 1
	shift
	for t in "$@"; do
		grep -qF -- "$t" "$WORK/err_lines" || return 1
	done
}

# err_rows FILE: how many lines of the last gp's stderr are "FILE:LINE: message".
err_rows() {
	awk -v p="$1:" 'index($0, p) == 1 && substr($0, length(p) + 1) ~ /^[0-9]+: /' "$WORK/err" | wc -l
}

# last_err_has TEXT...: the last line of the last gp's stderr contains every TEXT.
last_err_has() {
	_last=$(tail -n 1 "$WORK/err")
	for t in "$@"; do
		case $_last in *"$t"*) ;; *) return 1 ;; esac
	done
}

# same_dump: the dumps taken before and after are identical (and not empty: a failed
# dump is no proof).
same_dump() { [ -s "$WORK/before.sql" ] && cmp -s "$WORK/before.sql" "$WORK/after.sql"; }

# reject_import KIND CASE FILE N [LINE TEXT]...: 'greenpark import KIND FILE' fails with
# exit 1; exactly N rows are reported as FILE:LINE: message; for each LINE, the line
# FILE:LINE: holds every TEXT ('|'-separated); the last stderr line says FILE was
# rejected; nothing is printed on stdout; the store's content is byte-for-byte what it was.
reject_import() {
	rkind=$1 rcase=$2 rfile=$3 rn=$4
	shift 4
	dump >"$WORK/before.sql"
	gp import "$rkind" "$rfile"
	check "$rcase: exit status 1" expect_rc 1
	while [ $# -ge 2 ]; do
		IFS='|' read -r -a texts <<<"$2"
		check "$rcase: line $1 reported as FILE:$1: (${texts[*]})" err_line "$rfile:$1: " "${texts[@]}"
		shift 2
	done
	check "$rcase: exactly $rn bad row(s) reported" [ "$(err_rows "$rfile")" -eq "$rn" ]
	check "$rcase: last stderr line says the file was rejected" last_err_has "$rfile" rejected
	check "$rcase: nothing on stdout" [ ! -s "$WORK/out" ]
	dump >"$WORK/after.sql"
	check "$rcase: store unchanged" same_dump
}

# ---- helpers for the HTTP tests (40-42): a real server on loopback, curl and jq ----

SERVER_PID=
SERVER_RC=
TOKEN=

# http_cleanup: the EXIT trap of a script that started a server: stops the server
# (SIGTERM, then SIGKILL after 5 s) and removes $WORK.
http_cleanup() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null
		for _ in $(seq 50); do
			kill -0 "$SERVER_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$SERVER_PID" 2>/dev/null
	fi
	rm -rf "$WORK"
}

# serve_start [SERVE-OPTIONS...]: starts 'greenpark serve' on the test store at a random
# loopback port (20000-60000; another port when that one is taken) and waits up to 10 s
# for its listening line and /api/v1/health. Sets PORT, BASE (http://127.0.0.1:PORT),
# API ($BASE/api/v1) and SERVER_PID; the server's stderr is $WORK/server.err. Installs
# the EXIT trap that stops it. Prints FAIL and returns 1 when it cannot start.
serve_start() {
	trap http_cleanup EXIT
	trap 'exit 130' INT TERM
	# every attempt's log is kept: a server that started its MQTT subscriber and then found
	# its port taken has already opened the broker session the retry will find
	: >"$WORK/server.err"
	for _try in 1 2 3 4 5; do
		PORT=$((20000 + (RANDOM * 32768 + RANDOM) % 40001))
		"$GREENPARK" --db "$GREENPARK_DB" serve --listen "127.0.0.1:$PORT" "$@" \
			>"$WORK/server.out" 2>>"$WORK/server.err" </dev/null &
		SERVER_PID=$!
		for _ in $(seq 100); do
			grep -qF "listening on http://127.0.0.1:$PORT/" "$WORK/server.err" 2>/dev/null && break
			kill -0 "$SERVER_PID" 2>/dev/null || break
			sleep 0.1
		done
		if grep -qF "listening on http://127.0.0.1:$PORT/" "$WORK/server.err" 2>/dev/null; then
			BASE="http://127.0.0.1:$PORT"
			API="$BASE/api/v1"
			for _ in $(seq 100); do
				[ "$(curl -s -m 1 -o /dev/null -w '%{http_code}' "$API/health")" = 200 ] && return 0
				sleep 0.1
			done
			fail "server start" "no answer from $API/health within 10 s"
			return 1
		fi
		wait "$SERVER_PID" 2>/dev/null
		SERVER_PID=
		grep -q "cannot listen" "$WORK/server.err" 2>/dev/null || break
	done
	fail "server start" "$(head -c 400 "$WORK/server.err")"
	return 1
}

# serve_stop: SIGTERM to the server; waits up to 10 s for it to exit. SERVER_RC is its
# exit status (137 when it had to be killed).
serve_stop() {
	[ -n "$SERVER_PID" ] || return 0
	kill -TERM "$SERVER_PID" 2>/dev/null
	for _ in $(seq 100); do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null
	SERVER_RC=$?
	SERVER_PID=
}

# req CURL-ARGS...: one HTTP request (at most 10 s). STATUS is the status code (000
# when no answer), $WORK/body the body, $WORK/headers the response headers. The last
# response is also put in $WORK/err, so a failed check shows it.
req() {
	STATUS=$(curl -s -m 10 -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "$@")
	[ -n "$STATUS" ] || STATUS=000
	printf 'last response: HTTP %s %s' "$STATUS" "$(head -c 300 "$WORK/body")" >"$WORK/err"
}

# api METHOD PATH [CURL-ARGS...]: req on $API/PATH with 'Authorization: Bearer $TOKEN'
# (none when TOKEN is empty). For query strings with text, add -G --data-urlencode k=v.
api() {
	_m=$1 _p=$2
	shift 2
	if [ -n "$TOKEN" ]; then
		req -X "$_m" -H "Authorization: Bearer $TOKEN" "$API$_p" "$@"
	else
		req -X "$_m" "$API$_p" "$@"
	fi
}

# status_is N: the last response had status N.
status_is() { [ "$STATUS" = "$1" ]; }

# body_jq EXPR: jq -e EXPR holds on the last response body.
body_jq() { jq -e "$1" "$WORK/body"; }

# error_is N CODE: status N with the contract's error body
# {"error": {"code": CODE, "message": text, "details": [...]}}.
error_is() {
	[ "$STATUS" = "$1" ] && jq -e --arg c "$2" \
		'.error.code == $c and (.error.message | type == "string" and length > 0) and (.error.details | type == "array")' \
		"$WORK/body"
}

# header_has NAME REGEX: a header NAME of the last response matches the extended REGEX.
header_has() {
	tr -d '\r' <"$WORK/headers" | awk -v n="$1" 'BEGIN { n = tolower(n) } { i = index($0, ":"); if (i && tolower(substr($0, 1, i - 1)) == n) print substr($0, i + 1) }' |
		grep -qE -- "$2"
}

# json_flat FILE: one line per node of a JSON document: path, type, scalar value.
json_flat() {
	jq -r 'paths as $p | getpath($p) as $v | [($p | tojson), ($v | type),
		(if ($v | type) == "object" or ($v | type) == "array" then "" else ($v | tostring) end)] | @tsv' "$1" |
		LC_ALL=C sort
}

# json_close A B TOL: JSON files A and B have the same structure and the same strings,
# booleans and nulls, and numbers equal within relative TOL. The first difference goes
# to stderr.
json_close() {
	[ "$(jq -r type "$1")" = "$(jq -r type "$2")" ] || { echo "    top-level types differ" >&2; return 1; }
	json_flat "$1" >"$WORK/flat_a" || return 1
	json_flat "$2" >"$WORK/flat_b" || return 1
	awk -F'\t' -v tol="$3" -v fb="$WORK/flat_b" '
		function abs(x) { return x < 0 ? -x : x }
		{
			if ((getline lb < fb) <= 0) { print "    only in the first: " $0 > "/dev/stderr"; bad = 1; exit }
			split(lb, b, "\t")
			if ($1 != b[1] || $2 != b[2]) { print "    " $1 " (" $2 ") vs " b[1] " (" b[2] ")" > "/dev/stderr"; bad = 1; exit }
			if ($2 == "number") {
				d = abs($3 - b[3]); m = abs($3) > abs(b[3]) ? abs($3) : abs(b[3])
				if (d > tol * m) { print "    " $1 ": " $3 " vs " b[3] > "/dev/stderr"; bad = 1; exit }
			} else if ($3 != b[3]) { print "    " $1 ": " $3 " vs " b[3] > "/dev/stderr"; bad = 1; exit }
		}
		END {
			if (!bad && (getline lb < fb) > 0) { print "    only in the second: " lb > "/dev/stderr"; bad = 1 }
			exit bad
		}' "$WORK/flat_a"
}

# rel_near ACTUAL EXPECTED RELTOL: |actual - expected| <= reltol * |expected| (both numbers).
rel_near() {
	awk -v a="$1" -v e="$2" -v t="$3" 'BEGIN {
		if (a == "" || e == "" || a !~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/) exit 1
		d = a - e; if (d < 0) d = -d; m = e < 0 ? -e : e
		exit !(d <= t * m) }' || { echo "    $1 vs $2 (relative tolerance $3)" >&2; return 1; }
}
