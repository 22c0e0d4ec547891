#!/bin/sh
# deps.sh — installs the Debian packages greenpark builds and tests with, and the
# dashboard's npm packages (node_modules/).
# Idempotent and quiet when everything is already installed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
pkgs="gcc make pkg-config libsqlite3-dev libjansson-dev libsodium-dev libmicrohttpd-dev libcmocka-dev sqlite3 jq curl"
# Modbus TCP polling (libmodbus), and pymodbus as the device in tests/e2e/83-modbus.sh
# (pymodbus 3.0's server imports serial and serial_asyncio, packages it only recommends,
# and --no-install-recommends leaves them out: without them 83-modbus skipped silently)
pkgs="$pkgs libmodbus-dev python3-pymodbus python3-serial python3-serial-asyncio"
# the report workbook (libxlsxwriter), and LibreOffice and unzip to read it back in tests/e2e/60-report.sh
pkgs="$pkgs libxlsxwriter-dev libreoffice-calc-nogui unzip"
# MQTT ingestion (libmosquitto), and the broker and mosquitto_pub for tests/e2e/81-mqtt.sh
# (the tests start their own broker on loopback; the system service is not needed)
pkgs="$pkgs libmosquitto-dev mosquitto mosquitto-clients"
# the energy planner's dispatch and sizing LPs (COIN-OR Clp, through its C interface)
pkgs="$pkgs coinor-libclp-dev"
# the dashboard's browser tests: Debian's chromium (driven by playwright-core) and a CJK font
pkgs="$pkgs chromium fonts-wqy-microhei"
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || pkgs="$pkgs nodejs npm"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
	echo "deps: done"
fi

# The dashboard's JavaScript packages from npm (package.json, package-lock.json):
# ECharts, served at /vendor/echarts.min.js, and playwright-core for tests/browser/.
if [ ! -f "$top/node_modules/echarts/dist/echarts.min.js" ] || [ ! -d "$top/node_modules/playwright-core" ]; then
	echo "deps: installing node modules"
	if [ -f "$top/package-lock.json" ]; then
		(cd "$top" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
	else
		(cd "$top" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
	fi
	echo "deps: node modules done"
fi
