#!/bin/sh
# deps.sh — installs the Debian packages greenpark builds and tests with.
# Idempotent and quiet when everything is already installed.
set -eu
pkgs="gcc make pkg-config libsqlite3-dev libjansson-dev libsodium-dev libmicrohttpd-dev libcmocka-dev sqlite3 jq curl"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done"
