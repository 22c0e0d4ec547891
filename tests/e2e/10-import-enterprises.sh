#!/bin/bash
# 10-import-enterprises.sh — the contract of 'greenpark import enterprises FILE'
# (DESIGN.md "Contract"): the fixture imports and creates the sub-parks it names, an
# unchanged re-import changes nothing, a changed row updates the enterprise and is
# audited with before/after, and every kind of bad file is rejected whole: exit 1,
# each bad row reported as FILE:LINE: message on its own line number, store unchanged.
. "$(dirname "$0")/lib.sh"

HEADER=uscc,name,subpark,industry_code,leading_industry,high_tech,srdi,employees,land_m2
FIX=$TESTDATA/enterprises.csv
# The fixture's codes (their check characters are recomputed below, not trusted).
A=91370406MA3C00010M
B=91370406MA3C00020N
C=91370406MA3C00030P

reject() { reject_import enterprises "$@"; }

fresh

# ---- the fixture's codes are valid GB 32100-2015 codes (independent computation) ----
check "fixture code $A has the GB 32100 check character" [ "$(uscc "${A:0:17}")" = "$A" ]
check "fixture code $B has the GB 32100 check character" [ "$(uscc "${B:0:17}")" = "$B" ]
check "fixture code $C has the GB 32100 check character" [ "$(uscc "${C:0:17}")" = "$C" ]

# ---- import of the fixture: 3 enterprises, 3 new sub-parks ----
gp import enterprises "$FIX"
check "fixture: exit 0" expect_rc 0
check "fixture: sub-park 空港产业园 created" out_has "created sub-park '空港产业园'"
check "fixture: sub-park 高端智能制造产业园 created" out_has "created sub-park '高端智能制造产业园'"
check "fixture: sub-park 豆谷融合创新示范园 created" out_has "created sub-park '豆谷融合创新示范园'"
check "fixture: exactly 3 sub-parks announced" [ "$(grep -c "created sub-park" "$WORK/out")" -eq 3 ]
check "fixture: counts 3 enterprises, 3 new" out_has "3 enterprises (3 new, 0 updated, 0 unchanged)"
check "fixture: no errors on stderr" [ ! -s "$WORK/err" ]

gp subparks --format json
check "subparks: the three named sub-parks, one enterprise each" \
	[ "$(jq_out '[.[] | select(.enterprises == 1) | .name] | sort | join(",")')" = "$(printf '%s\n' 空港产业园 豆谷融合创新示范园 高端智能制造产业园 | sort | paste -sd,)" ]

gp enterprises --format json
check "enterprises: 3 listed" [ "$(jq_out '.enterprises | length')" -eq 3 ]
check "enterprises: quoted name with a comma kept whole" \
	[ "$(jq_out ".enterprises[] | select(.uscc == \"$B\") | .name")" = "枣庄智能装备制造有限公司, 二厂" ]
# 是/否, true/false and 1/1 are the three spellings the fixture uses.
check "enterprises: high_tech 是/true/1 all read as true" [ "$(jq_out '[.enterprises[] | select(.high_tech == true)] | length')" -eq 3 ]
check "enterprises: srdi 1 true, 否 and false read as false" \
	[ "$(jq_out "[.enterprises[] | select(.srdi == true) | .uscc] | join(\",\")")" = "$A" ]
# employees 320 + 210 + 150 = 680; land 45000 + 38000 + 22000 = 105000 m².
check "enterprises: employees summed 320+210+150 = 680" near_json .employees 680 0
check "enterprises: land summed 45000+38000+22000 = 105000 m2" near_json .land_m2 105000 0.001

# ---- re-import unchanged ----
dump >"$WORK/before.sql"
gp import enterprises "$FIX"
check "re-import: exit 0" expect_rc 0
check "re-import: counts 0 new, 0 updated, 3 unchanged" out_has "3 enterprises (0 new, 0 updated, 3 unchanged)"
check "re-import: no sub-park created again" sh -c "! grep -q 'created sub-park' '$WORK/out'"
dump >"$WORK/after.sql"
check "re-import: store unchanged (no audit entry, no write)" same_dump

# ---- a modified row updates the enterprise and is audited ----
gp audit --entity enterprise --format json --limit 1000
audits_before=$(jq_out length)
sed "s/^$A,山亭新材料科技有限公司,空港产业园,C2929,new_energy_materials,1,1,320,45000\$/$A,山亭新材料科技有限公司,空港产业园,C2929,new_energy_materials,1,0,335,47500.5/" \
	"$FIX" >"$WORK/modified.csv"
check "modified file differs from the fixture in exactly one row" \
	[ "$(diff "$FIX" "$WORK/modified.csv" | grep -c '^>')" -eq 1 ]
gp import enterprises "$WORK/modified.csv"
check "modified: exit 0" expect_rc 0
check "modified: counts 0 new, 1 updated, 2 unchanged" out_has "3 enterprises (0 new, 1 updated, 2 unchanged)"
gp enterprises --format json
check "modified: employees now 335" [ "$(jq_out ".enterprises[] | select(.uscc == \"$A\") | .employees")" = 335 ]
check "modified: land_m2 now 47500.5" near_json ".enterprises[] | select(.uscc == \"$A\") | .land_m2" 47500.5 0.001
check "modified: srdi now false" [ "$(jq_out ".enterprises[] | select(.uscc == \"$A\") | .srdi")" = false ]
gp audit --entity enterprise --format json --limit 1000
check "modified: exactly one new enterprise audit entry" [ "$(jq_out length)" -eq $((audits_before + 1)) ]
check "modified: newest audit entry is for $A" [ "$(jq_out '.[0].key')" = "$A" ]
check "modified: audit actor is GREENPARK_ACTOR (e2e)" [ "$(jq_out '.[0].actor')" = e2e ]
check "modified: audit before.employees = 320" [ "$(jq_out '.[0].before.employees')" = 320 ]
check "modified: audit after.employees = 335" [ "$(jq_out '.[0].after.employees')" = 335 ]
check "modified: audit before.land_m2 = 45000" near_json '.[0].before.land_m2' 45000 0.001
check "modified: audit after.land_m2 = 47500.5" near_json '.[0].after.land_m2' 47500.5 0.001
check "modified: audit before.srdi true, after.srdi false" \
	[ "$(jq_out '[.[0].before.srdi, .[0].after.srdi] | map(if . == true or . == 1 then 1 else 0 end) | join(",")')" = "1,0" ]
check "modified: audit before/after agree on the unchanged name" \
	[ "$(jq_out '.[0].before.name == .[0].after.name and .[0].after.name == "山亭新材料科技有限公司"')" = true ]

# ---- bad files: exit 1, each bad row on its line, store unchanged ----
# A new, valid enterprise and a new sub-park on a good line must not appear when
# the file is rejected.
D=$(uscc 91370406MA3C00040)
E=$(uscc 91370406MA3C00050)
GOOD_D="$D,新企业丁,新建测试园,C3841,other,0,0,10,100"
GOOD_E="$E,新企业戊,新建测试园,C3841,other,0,0,10,100"

# duplicate USCC in one file: the second occurrence names the first line
printf '%s\n' "$HEADER" "$GOOD_D" "$GOOD_E" "$D,重复企业,新建测试园,C3841,other,0,0,1,1" >"$WORK/dup.csv"
reject "duplicate uscc" "$WORK/dup.csv" 1 4 "$D|line 2"

# bad check character: the message names the character GB 32100-2015 gives
P17=91370406MA3C00060
RIGHT=$(uscc $P17)
RIGHT=${RIGHT:17:1}
WRONG=1
[ "$RIGHT" = 1 ] && WRONG=2
printf '%s\n' "$HEADER" "$GOOD_D" "$P17$WRONG,校验位错误企业,新建测试园,C3841,other,0,0,1,1" >"$WORK/check.csv"
reject "bad check character" "$WORK/check.csv" 1 3 "$P17$WRONG|check character|'$RIGHT'"

printf '%s\n' "$HEADER" "$GOOD_D" "$E,企业,新建测试园,C3841,steel,0,0,1,1" >"$WORK/leading.csv"
reject "bad leading_industry" "$WORK/leading.csv" 1 3 "leading_industry|'steel'"

printf '%s\n' "$HEADER" "$GOOD_D" "$E,企业,新建测试园,C3841,other,maybe,0,1,1" >"$WORK/hightech.csv"
reject "bad high_tech" "$WORK/hightech.csv" 1 3 "high_tech|'maybe'"

printf '%s\n' "$HEADER" "$GOOD_D" "$E,企业,新建测试园,C3841,other,0,2,1,1" >"$WORK/srdi.csv"
reject "bad srdi" "$WORK/srdi.csv" 1 3 "srdi|'2'"

# employees: negative, fractional, text — three bad rows on lines 3, 5 and 7
printf '%s\n' "$HEADER" "$GOOD_D" \
	"$E,企业,新建测试园,C3841,other,0,0,-5,1" \
	"$(uscc 91370406MA3C00070),企业七,新建测试园,C3841,other,0,0,7,1" \
	"$(uscc 91370406MA3C00080),企业八,新建测试园,C3841,other,0,0,12.5,1" \
	"$(uscc 91370406MA3C00090),企业九,新建测试园,C3841,other,0,0,9,1" \
	"$(uscc 91370406MA3C00100),企业十,新建测试园,C3841,other,0,0,many,1" >"$WORK/employees.csv"
reject "bad employees (3 rows)" "$WORK/employees.csv" 3 \
	3 "employees|'-5'" 5 "employees|'12.5'" 7 "employees|'many'"

printf '%s\n' "$HEADER" "$GOOD_D" "$E,企业,新建测试园,C3841,other,0,0,1,-1" \
	"$(uscc 91370406MA3C00070),企业七,新建测试园,C3841,other,0,0,1,abc" >"$WORK/land.csv"
reject "bad land_m2" "$WORK/land.csv" 2 3 "land_m2|'-1'" 4 "land_m2|'abc'"

printf '%s\n' "$HEADER" "$GOOD_D" "$E,企业,新建测试园,C38411,other,0,0,1,1" \
	"$(uscc 91370406MA3C00070),企业七,新建测试园,Z38,other,0,0,1,1" \
	"$(uscc 91370406MA3C00080),企业八,新建测试园,,other,0,0,1,1" >"$WORK/industry.csv"
reject "bad industry_code" "$WORK/industry.csv" 3 3 "industry_code|'C38411'" 4 "industry_code|'Z38'" 5 "industry_code"

# one row with several bad fields is reported on its own line (each field named)
printf '%s\n' "$HEADER" "$E,企业,新建测试园,C3841,steel,maybe,0,-1,1" "$GOOD_D" >"$WORK/multi.csv"
reject "several bad fields in one row" "$WORK/multi.csv" 3 2 "leading_industry" 2 "high_tech" 2 "employees"

# three bad rows of different kinds on known lines, good rows between them
printf '%s\n' "$HEADER" "$GOOD_D" \
	"$P17$WRONG,企业,新建测试园,C3841,other,0,0,1,1" \
	"$GOOD_E" \
	"$(uscc 91370406MA3C00070),企业七,新建测试园,C3841,other,yes-ish,0,1,1" \
	"$(uscc 91370406MA3C00080),企业八,新建测试园,C3841,other,0,0,1,1" \
	"$(uscc 91370406MA3C00090),企业九,新建测试园,C3841,other,0,0,1,-3" >"$WORK/three.csv"
reject "three bad rows" "$WORK/three.csv" 3 3 "check character|'$RIGHT'" 5 "high_tech|'yes-ish'" 7 "land_m2|'-3'"

# a quoted field spanning two physical lines: the record is reported on the line it
# starts on, and the lines after it keep their physical numbers
printf '%s\n' "$HEADER" "$E,\"两行" "名称\",新建测试园,C3841,other,0,0,1,1" "$GOOD_D" \
	"$(uscc 91370406MA3C00070),企业七,新建测试园,C3841,other,0,0,-2,1" >"$WORK/multiline.csv"
reject "line numbers after a multi-line field" "$WORK/multiline.csv" 2 2 "name" 5 "employees|'-2'"

# wrong header
printf '%s\n' "uscc,name,subpark,industry,leading_industry,high_tech,srdi,employees,land_m2" "$GOOD_D" >"$WORK/header.csv"
reject "wrong header" "$WORK/header.csv" 1 1 "header is|industry,leading_industry|$HEADER"

# the header of the other import
printf '%s\n' "uscc,period,item,quantity,unit" "$GOOD_D" >"$WORK/header2.csv"
reject "activity header given to enterprises" "$WORK/header2.csv" 1 1 "header is"

# wrong field count: one short, one long
printf '%s\n' "$HEADER" "$GOOD_D" "$E,企业,新建测试园,C3841,other,0,0,1" \
	"$(uscc 91370406MA3C00070),企业七,新建测试园,C3841,other,0,0,1,1,extra" >"$WORK/fields.csv"
reject "wrong field count" "$WORK/fields.csv" 2 3 "8 fields|9" 4 "10 fields|9"

# empty file: rejected, and the message says it is empty
: >"$WORK/empty.csv"
dump >"$WORK/before.sql"
gp import enterprises "$WORK/empty.csv"
check "empty file: exit status 1" expect_rc 1
check "empty file: message names the file and says empty" err_line "$WORK/empty.csv" empty
check "empty file: last stderr line says rejected" last_err_has "$WORK/empty.csv" rejected
dump >"$WORK/after.sql"
check "empty file: store unchanged" same_dump

# a header only is a valid file with no rows
printf '%s\n' "$HEADER" >"$WORK/header-only.csv"
dump >"$WORK/before.sql"
gp import enterprises "$WORK/header-only.csv"
check "header only: exit 0" expect_rc 0
check "header only: 0 enterprises" out_has "0 enterprises (0 new, 0 updated, 0 unchanged)"
dump >"$WORK/after.sql"
check "header only: store unchanged" same_dump

# after all the rejected files: still exactly the three (updated) enterprises and
# the three sub-parks, and the rejected files' sub-park does not exist
gp enterprises --format json
check "after rejections: still 3 enterprises" [ "$(jq_out '.enterprises | length')" -eq 3 ]
gp subparks --format json
check "after rejections: sub-park 新建测试园 was never created" [ "$(jq_out '[.[] | select(.name == "新建测试园")] | length')" -eq 0 ]

# ---- the same good rows, without the bad ones, do import (the rejections were for the bad rows) ----
printf '%s\n' "$HEADER" "$GOOD_D" "$GOOD_E" >"$WORK/good.csv"
gp import enterprises "$WORK/good.csv"
check "good rows alone: exit 0" expect_rc 0
check "good rows alone: sub-park 新建测试园 created once" [ "$(grep -c "created sub-park '新建测试园'" "$WORK/out")" -eq 1 ]
check "good rows alone: 2 new" out_has "2 enterprises (2 new, 0 updated, 0 unchanged)"

finish
