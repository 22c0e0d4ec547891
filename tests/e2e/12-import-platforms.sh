#!/bin/bash
# 12-import-platforms.sh — 'greenpark import platforms FILE' (header
# name,level,kind,uscc,year; level national|provincial|municipal; kind rd|innovation;
# uscc a registered enterprise or empty for a park-level platform): valid files
# import and 'greenpark platforms --format json' lists them; bad rows reject the
# whole file (exit 1, FILE:LINE: message per bad row, store unchanged).
. "$(dirname "$0")/lib.sh"

HEADER=name,level,kind,uscc,year
A=91370406MA3C00010M # fixture enterprises
B=91370406MA3C00020N

reject() { reject_import platforms "$@"; }

# platform NAME: the JSON object of one listed platform (from the last gp).
platform() { jq -c --arg n "$1" '[.[] | select(.name == $n)]' "$WORK/out"; }

fresh
gp import enterprises "$TESTDATA/enterprises.csv"
check "setup: fixture enterprises import" expect_rc 0

cat >"$WORK/platforms.csv" <<EOF
$HEADER
山亭新材料省级企业技术中心,provincial,rd,$A,2021
智能装备市级工程技术研究中心,municipal,rd,$B,2019
园区公共创新服务平台,municipal,innovation,,2022
国家级创新示范平台,national,innovation,$A,2023
EOF
gp import platforms "$WORK/platforms.csv"
check "valid: exit 0" expect_rc 0
check "valid: 4 platforms, 4 new" out_has "4 platforms (4 new, 0 updated, 0 unchanged)"
check "valid: no stderr" [ ! -s "$WORK/err" ]

gp platforms --format json
check "list: 4 platforms" [ "$(jq_out length)" -eq 4 ]
check "list: enterprise platform with level, kind, uscc and year" \
	[ "$(platform 山亭新材料省级企业技术中心)" = "[{\"name\":\"山亭新材料省级企业技术中心\",\"level\":\"provincial\",\"kind\":\"rd\",\"uscc\":\"$A\",\"year\":2021}]" ]
check "list: municipal rd platform of B" \
	[ "$(platform 智能装备市级工程技术研究中心 | jq -r '.[0] | "\(.level) \(.kind) \(.uscc) \(.year)"')" = "municipal rd $B 2019" ]
check "list: park-level platform has no enterprise (uscc null)" \
	[ "$(platform 园区公共创新服务平台 | jq -r '.[0] | "\(.level) \(.kind) \(.uscc) \(.year)"')" = "municipal innovation null 2022" ]
check "list: national innovation platform" \
	[ "$(platform 国家级创新示范平台 | jq -r '.[0] | "\(.level) \(.kind) \(.year)"')" = "national innovation 2023" ]

# re-import unchanged
dump >"$WORK/before.sql"
gp import platforms "$WORK/platforms.csv"
check "re-import: 4 unchanged" out_has "4 platforms (0 new, 0 updated, 4 unchanged)"
dump >"$WORK/after.sql"
check "re-import: store unchanged" same_dump

# a changed row updates the platform
sed 's/^园区公共创新服务平台,municipal,innovation,,2022$/园区公共创新服务平台,provincial,innovation,,2024/' \
	"$WORK/platforms.csv" >"$WORK/platforms2.csv"
gp import platforms "$WORK/platforms2.csv"
check "update: 1 updated, 3 unchanged" out_has "4 platforms (0 new, 1 updated, 3 unchanged)"
gp platforms --format json
check "update: the platform is now provincial, 2024" \
	[ "$(platform 园区公共创新服务平台 | jq -r '.[0] | "\(.level) \(.year) \(.uscc)"')" = "provincial 2024 null" ]
check "update: still 4 platforms" [ "$(jq_out length)" -eq 4 ]
gp audit --entity platform --format json --limit 1000
check "update: newest platform audit entry is the updated platform" [ "$(jq_out '.[0].key')" = 园区公共创新服务平台 ]
check "update: audit before is municipal 2022" [ "$(jq_out '.[0].before | "\(.level) \(.year)"')" = "municipal 2022" ]
check "update: audit after is provincial 2024" [ "$(jq_out '.[0].after | "\(.level) \(.year)"')" = "provincial 2024" ]
check "update: audit actor = e2e" [ "$(jq_out '.[0].actor')" = e2e ]

# ---- bad rows; line 2 is a new, valid platform that must not appear ----
GOOD="新研发中心,provincial,rd,$B,2020"
UNREG=$(uscc 91370406MA3C00990)

printf '%s\n' $HEADER "$GOOD" "未登记企业平台,provincial,rd,$UNREG,2020" >"$WORK/unreg.csv"
reject "unregistered uscc" "$WORK/unreg.csv" 1 3 "'$UNREG'|not a registered enterprise"

printf '%s\n' $HEADER "$GOOD" "校验位错误平台,provincial,rd,${A:0:17}Q,2020" >"$WORK/check.csv"
reject "uscc with a bad check character" "$WORK/check.csv" 1 3 "check character|'${A:17:1}'"

printf '%s\n' $HEADER "$GOOD" "级别错误平台,county,rd,$A,2020" >"$WORK/level.csv"
reject "bad level" "$WORK/level.csv" 1 3 "level|'county'"

printf '%s\n' $HEADER "$GOOD" "类型错误平台,provincial,lab,$A,2020" >"$WORK/kind.csv"
reject "bad kind" "$WORK/kind.csv" 1 3 "kind|'lab'"

printf '%s\n' $HEADER "$GOOD" "年份错误平台一,provincial,rd,$A,20x1" "年份错误平台二,provincial,rd,$A,1800" \
	"年份错误平台三,provincial,rd,$A,2200" "年份错误平台四,provincial,rd,$A," >"$WORK/year.csv"
reject "bad years" "$WORK/year.csv" 4 3 "year|'20x1'" 4 "year|'1800'" 5 "year|'2200'" 6 "year"

printf '%s\n' $HEADER "$GOOD" "$GOOD" >"$WORK/dup.csv"
reject "duplicate platform" "$WORK/dup.csv" 1 3 "新研发中心|line 2"

printf '%s\n' $HEADER "$GOOD" ",provincial,rd,$A,2020" >"$WORK/noname.csv"
reject "empty name" "$WORK/noname.csv" 1 3 "name"

printf '%s\n' "name,level,type,uscc,year" "$GOOD" >"$WORK/header.csv"
reject "wrong header" "$WORK/header.csv" 1 1 "header is|$HEADER"

printf '%s\n' $HEADER "$GOOD" "少一列平台,provincial,rd,2020" >"$WORK/fields.csv"
reject "wrong field count" "$WORK/fields.csv" 1 3 "4 fields|5"

gp platforms --format json
check "after rejections: still 4 platforms, the good rows of rejected files absent" \
	[ "$(jq_out '[length, ([.[] | select(.name == "新研发中心")] | length)] | join(",")')" = "4,0" ]

finish
