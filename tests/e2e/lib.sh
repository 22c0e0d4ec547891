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
