#!/bin/sh
# run.sh [--mock] — the dashboard's browser checks (checks.js, checks_*.js) and screenshots
# (screenshots.js) in Debian's chromium, driven by playwright-core.
#
# Starts `greenpark serve` ($GREENPARK, default build/greenpark) on a free loopback port with
# a fresh store: the demo park (`greenpark demo`) when the binary has it, else the sample data
# of data/sample/. An admin user is created for the checks; the checks create and delete
# their own enterprise and viewer users. With --mock the checks run against
# tests/browser/mock_server.js instead (while the C server is missing or broken).
# Prints one "PASS name" / "FAIL name: why" line per check, or "SKIP browser: why".
# GP_SCREENSHOTS=0 skips the screenshots (build/screenshots/, or $GP_SHOTS).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
mode=real
[ "${1:-}" = "--mock" ] && mode=mock
chromium=${GP_CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$chromium" ] || ! command -v node >/dev/null 2>&1 || [ ! -d node_modules/playwright-core ]; then
	echo "SKIP browser: needs $chromium, node and node_modules/playwright-core (scripts/deps.sh installs them)"
	exit 0
fi
if [ ! -f node_modules/echarts/dist/echarts.min.js ]; then
	echo "FAIL browser: node_modules/echarts is missing (run scripts/deps.sh)"
	exit 1
fi
gp=${GREENPARK:-$top/build/greenpark}
if [ "$mode" = real ] && { [ ! -x "$gp" ] || ! "$gp" serve --help >/dev/null 2>&1; }; then
	echo "SKIP browser: $gp has no 'serve' command (build it with 'make all'; 'sh tests/browser/run.sh --mock' checks the dashboard against the mock server)"
	exit 0
fi

tmp=$(mktemp -d)
pid=""
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
url="http://127.0.0.1:$port"
expect=""
sample=0

if [ "$mode" = mock ]; then
	admin_user=admin
	admin_pass=admin-pass
	expect=64
	sample=1
	node tests/browser/mock_server.js --listen "127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
	pid=$!
else
	db="$tmp/park.db"
	if "$gp" demo --help >/dev/null 2>&1; then
		if ! "$gp" --db "$db" demo >"$tmp/setup.log" 2>&1; then
			cat "$tmp/setup.log"
			echo "FAIL browser: 'greenpark demo' failed"
			exit 1
		fi
		expect=64
		sample=1
	else
		echo "note: this greenpark has no 'demo' command; the checks use data/sample/ instead of the demo park"
		{
			"$gp" --db "$db" init &&
				"$gp" --db "$db" park set --name "山亭经济开发区（示例）" --region "山东省枣庄市山亭区" \
					--grid north --land-km2 12.6 --timezone Asia/Shanghai &&
				"$gp" --db "$db" import enterprises data/sample/enterprises.csv &&
				"$gp" --db "$db" import platforms data/sample/platforms.csv &&
				"$gp" --db "$db" import activity data/sample/activity.csv
		} >"$tmp/setup.log" 2>&1 || {
			cat "$tmp/setup.log"
			echo "FAIL browser: could not load the sample data"
			exit 1
		}
	fi
	admin_user=browser_admin
	admin_pass="browser-$$-$(date +%s)"
	if ! printf '%s\n' "$admin_pass" | "$gp" --db "$db" user add "$admin_user" --role admin >>"$tmp/setup.log" 2>&1; then
		cat "$tmp/setup.log"
		echo "FAIL browser: could not create the admin user"
		exit 1
	fi
	"$gp" --db "$db" serve --listen "127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
	pid=$!
fi

# wait for the server to answer /api/v1/health (10 s at most)
if ! node -e '
const http = require("http");
let n = 0;
(function poll() {
	http.get(process.argv[1] + "/api/v1/health", (r) => { r.resume(); if (r.statusCode === 200) process.exit(0); else retry(); }).on("error", retry);
	function retry() { if (++n > 100) process.exit(1); setTimeout(poll, 100); }
})();' "$url"; then
	cat "$tmp/server.log"
	echo "FAIL browser: the server did not start on $url"
	exit 1
fi
echo "browser: $mode server on $url"

status=0
# checks.js, then each module's checks_<module>.js (the same environment; a module's
# checks skip themselves against the mock server when it has no data for them)
for checks in tests/browser/checks.js tests/browser/checks_*.js; do
	[ -f "$checks" ] || continue
	GP_URL=$url GP_ADMIN_USER=$admin_user GP_ADMIN_PASS=$admin_pass GP_EXPECT_ENTERPRISES=$expect \
		GP_EXPECT_SAMPLE=$sample GP_MODE=$mode node "$checks" || status=1
done
if [ "${GP_SCREENSHOTS:-1}" != 0 ]; then
	GP_URL=$url GP_ADMIN_USER=$admin_user GP_ADMIN_PASS=$admin_pass \
		node tests/browser/screenshots.js || status=1
fi
if ! kill -0 "$pid" 2>/dev/null; then
	echo "FAIL browser: the server exited during the checks"
	tail -n 20 "$tmp/server.log"
	status=1
fi
exit $status
