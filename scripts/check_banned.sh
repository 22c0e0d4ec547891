#!/bin/sh
# check_banned.sh — fails when a source file calls an unbounded C function
# (after git's banned.h): strcpy strcat strncpy sprintf vsprintf strtok atoi atol atof gets.
# Run by 'make test' and 'make lint'.
set -eu
cd "$(dirname "$0")/.."
hits=$(grep -nE '(^|[^_a-zA-Z0-9.>])(strcpy|strcat|strncpy|sprintf|vsprintf|strtok|atoi|atol|atof|gets)[[:space:]]*\(' \
	$(find src tests/unit fuzz bench -name '*.[ch]' 2>/dev/null) | grep -vE 'snprintf|vsnprintf' || true)
if [ -n "$hits" ]; then
	echo "banned functions (use str_copy, str_fmt, buf_addf, num_parse_*):"
	echo "$hits"
	exit 1
fi
