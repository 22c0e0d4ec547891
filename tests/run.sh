#!/bin/sh
# run.sh BUILD — the whole suite: cmocka unit tests, end-to-end tests of the binary,
# the fuzz corpora replayed, and the banned-function check. Prints per-suite lines and
# a closing "N passed, N failed".
# A suite that skips (a peer such as mosquitto or pymodbus missing) prints its SKIP line;
# with GREENPARK_NO_SKIP=1 (set by .ci/run, whose deps.sh installs every peer) a skip is a
# failure, so a broken dependency cannot pass CI silently.
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if sh "$top/scripts/check_banned.sh"; then passed=$((passed + 1)); echo "PASS banned-functions"; else failed=$((failed + 1)); echo "FAIL banned-functions"; fi

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	if "$t" >"$log" 2>&1; then st=0; else st=$?; fi
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then cat "$log"; echo "FAIL unit/$name ($f failed)"; else echo "ok   unit/$name: $p passed"; fi
done

GREENPARK=$(cd "$(dirname "$build/greenpark")" && pwd)/greenpark
export GREENPARK
SHARED=$(cd "$top/.." && pwd)/shared
export SHARED
for t in "$top"/tests/e2e/[0-9]*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	bash "$t" >"$log" 2>&1
	st=$?
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	if [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	if grep -q '^SKIP ' "$log"; then
		grep '^SKIP ' "$log"
		if [ "${GREENPARK_NO_SKIP:-0}" = 1 ]; then f=$((f + 1)); fi
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then grep -v '^PASS ' "$log"; echo "FAIL e2e/$name ($f failed)"; else echo "ok   e2e/$name: $p passed"; fi
done

# the dashboard in headless chromium against the real server (tests/browser/run.sh)
if [ -x /usr/bin/chromium ] && [ -d "$top/node_modules/playwright-core" ]; then
	sh "$top/tests/browser/run.sh" >"$log" 2>&1
	st=$?
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	if [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		grep -v '^PASS ' "$log"
		echo "FAIL browser ($f failed)"
	elif grep -q '^SKIP ' "$log"; then
		grep '^SKIP ' "$log"
		if [ "${GREENPARK_NO_SKIP:-0}" = 1 ]; then failed=$((failed + 1)); echo "FAIL browser (skipped)"; fi
	else
		echo "ok   browser: $p passed"
	fi
else
	echo "SKIP browser: needs /usr/bin/chromium and node_modules/playwright-core (scripts/deps.sh)"
	if [ "${GREENPARK_NO_SKIP:-0}" = 1 ]; then failed=$((failed + 1)); echo "FAIL browser (skipped)"; fi
fi

for r in "$build"/fuzz/*_replay; do
	[ -x "$r" ] || continue
	name=$(basename "$r" _replay)
	if "$r" "$top/fuzz/corpus/$name" >"$log" 2>&1; then
		passed=$((passed + 1))
		echo "ok   fuzz/$name: $(tail -n 1 "$log")"
	else
		failed=$((failed + 1))
		tail -n 20 "$log"
		echo "FAIL fuzz/$name"
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
