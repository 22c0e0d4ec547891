#!/bin/bash
# 71-desk.sh — the service desk (企业服务 / 包保) with the real binary and the real server
# on loopback: imports of assignments and tickets (bad rows named by line, nothing stored),
# routing by the longest industry prefix and the staff fallback, the status flow from the
# command line, the summary against hand-counted values, and over HTTP the role rules: an
# enterprise sees, files and moves only its own tickets (another's id answers 404, another's
# USCC 403) and the list downloads as a valid Excel workbook.
# Fixture: tests/data/enterprises.csv — A C2929, B C3441, C C1391.
. "$(dirname "$0")/lib.sh"

A=91370406MA3C00010M
B=91370406MA3C00020N
C=91370406MA3C00030P

fresh
gp import enterprises "$TESTDATA/enterprises.csv"
check "fixture enterprises imported" expect_rc 0

# ---- assignments ----
cat >"$WORK/assign.csv" <<EOF
kind,department,staff,target
industry,经济发展局,,C34
industry,招商服务局,,C3441
industry,行政审批服务局,,C2
enterprise,自然资源和规划分局,张伟,$A
enterprise,人力资源和社会保障局,王芳,$C
EOF
cat >"$WORK/bad_assign.csv" <<EOF
kind,department,staff,target
team,经济发展局,,C34
industry,经济发展局,李四,C35
industry,经济发展局,,C3841X
enterprise,经济发展局,李四,91370406MA0000101U
industry,招商服务局,,C36
industry,经济发展局,,C36
enterprise,经济发展局,,$B
EOF
reject_import assignments "bad assignments" "$WORK/bad_assign.csv" 6 \
	2 "kind 'team'|industry|enterprise" \
	3 "staff '李四' must be empty for kind industry" \
	4 "industry prefix 'C3841X'" \
	5 "91370406MA0000101U|not a registered enterprise" \
	7 "industry prefix 'C36' is already assigned on line 6" \
	8 "staff is empty"
gp import assignments "$WORK/assign.csv"
check "assignments imported: 5 new" out_has "5 assignments (5 new, 0 updated, 0 unchanged)"
gp ticket assignments --format json
check "assignments listed: 3 industries, 2 enterprises" jq -e '([.[] | select(.kind == "industry")] | length) == 3 and ([.[] | select(.kind == "enterprise")] | length) == 2' "$WORK/out"

# ---- tickets ----
cat >"$WORK/tickets.csv" <<EOF
uscc,category,title,description,priority,opened,deadline,status,resolved,resolution,attachments
$A,land,扩建用地,需要新增20亩,high,2024-03-01,2024-03-20,confirmed,2024-03-15,已纳入供地计划,红线图.pdf
$A,funding,技改资金申报,,normal,2024-04-01,2024-04-30,resolved,2024-04-20,已指导申报,
$B,labour,招聘技工,"需50人,两班倒",urgent,2024-05-01,2024-05-04,in_progress,,,
$B,land,用地证办理,,low,2024-06-01,,open,,,
$C,labour,员工宿舍,,normal,2024-06-10,2024-07-10,reopened,,宿舍已协调,
EOF
cat >"$WORK/bad_tickets.csv" <<EOF
uscc,category,title,description,priority,opened,deadline,status,resolved,resolution,attachments
91370406MA3C00010X,land,扩建用地,,high,2024-03-01,2024-03-20,open,,,
$A,lands,扩建用地,,high,2024-03-01,2024-03-20,open,,,
$A,land,技改,,high,2024-03-01,2024-03-20,resolved,,已办,
$A,land,用地,,high,2024-03-01,2024-01-01,open,,,
$A,land,,,high,2024-03-01,,open,,,
$A,land,用地2,,high,2024-02-30,,open,,,
$A,land,用地3,,high,2024-03-01,,open,,已办,
$A,land,用地4,,high,2024-03-01,,open,,
$A,land,用地5,,asap,2024-03-01,,open,,,
$A,land,用地6,,high,2024-03-01,,open,,,
EOF
reject_import tickets "bad tickets" "$WORK/bad_tickets.csv" 9 \
	2 "check character" \
	3 "category 'lands'|land | funding | labour" \
	4 "status resolved needs the resolved date" \
	5 "deadline 2024-01-01 is before opened 2024-03-01" \
	6 "title is empty" \
	7 "opened '2024-02-30' has day 30 (2024-02 has 29 days)" \
	8 "status open has a resolution" \
	9 "10 fields (expected 11)" \
	10 "priority 'asap'|low | normal | high | urgent"
gp import tickets "$WORK/tickets.csv"
check "tickets imported: 5 new" out_has "5 tickets (5 new, 0 updated, 0 unchanged)"
check "the import says how they were routed" out_has "5 to a department, 3 to a staff owner, 0 without"
gp import tickets "$WORK/tickets.csv"
check "re-import: 5 unchanged, nothing added" out_has "5 tickets (0 new, 0 updated, 5 unchanged)"
check "still 5 tickets in the store" [ "$(sqlite3 "$GREENPARK_DB" 'SELECT count(*) FROM ticket')" = 5 ]

# routing: A C2929 → C2 行政审批服务局 with its owner 张伟; B C3441 → C3441 (longer than C34);
# C C1391 → no industry: the owner 王芳's department
gp ticket list --format json
check "A routed by C2 with staff 张伟" jq -e "[.[] | select(.uscc == \"$A\") | [.department, .staff]] | unique == [[\"行政审批服务局\", \"张伟\"]]" "$WORK/out"
check "B routed by the longest prefix C3441" jq -e "[.[] | select(.uscc == \"$B\") | .department] | unique == [\"招商服务局\"]" "$WORK/out"
check "C routed to its owner's department" jq -e "[.[] | select(.uscc == \"$C\") | [.department, .staff]] == [[\"人力资源和社会保障局\", \"王芳\"]]" "$WORK/out"

# summary, hand-counted (today is after 2024): 5 tickets; resolved 2 (A land confirmed,
# A funding resolved); overdue 2 (B labour past 2024-05-04, C reopened past 2024-07-10; B's
# open land ticket has no deadline); days to resolve 14 and 19 → median 16.5
gp ticket summary --format json
check "summary: total 5, resolved 2, overdue 2" jq -e '.total == 5 and .resolved == 2 and .overdue == 2' "$WORK/out"
check "summary: by_category land 2/1, funding 1/1, labour 2/0 (2 overdue)" jq -e '.by_category.land.total == 2 and .by_category.land.resolved == 1 and .by_category.funding.resolved == 1 and .by_category.labour.total == 2 and .by_category.labour.resolved == 0 and .by_category.labour.overdue == 2 and .by_category.other.total == 0' "$WORK/out"
check "summary: median 16.5 days to resolve" near_json '.median_days_to_resolve' 16.5 1e-9
check "summary: by status" jq -e '.by_status == {"open": 1, "in_progress": 1, "resolved": 1, "confirmed": 1, "reopened": 1}' "$WORK/out"
check "summary: by month opened 2024-03..06" jq -e '[.by_month[] | [.month, .opened, .resolved]] == [["2024-03", 1, 1], ["2024-04", 1, 1], ["2024-05", 1, 0], ["2024-06", 2, 0]]' "$WORK/out"
gp ticket summary --enterprise "$A" --format json
check "summary of A: 2, both resolved" jq -e '.total == 2 and .resolved == 2 and .overdue == 0' "$WORK/out"
gp ticket list --overdue --format json
check "list --overdue: B's labour and C's ticket" jq -e '[.[].title] | sort == ["员工宿舍", "招聘技工"]' "$WORK/out"
gp ticket summary
check "human summary: Chinese first, English beside" out_has "共 5 件 total, 已办结 2 件 resolved"

# ---- the status flow from the command line (an admin) ----
gp ticket add --enterprise "$B" --category approvals --title "环评批复" --priority urgent
check "add: exit 0" expect_rc 0
check "add prints the routing by C3441" out_has "分派 routed to 招商服务局 (部门包产业: industry C3441)"
NEW=$(sqlite3 "$GREENPARK_DB" 'SELECT max(id) FROM ticket')
gp ticket move "$NEW" resolved --note x
check "open → resolved refused (exit 1), says what is allowed" expect_rc 1
check "the refusal names in_progress" err_has "in_progress"
gp ticket move "$NEW" in_progress
check "open → in_progress" expect_rc 0
gp ticket move "$NEW" resolved
check "resolved without a resolution: refused" expect_rc 1
gp ticket move "$NEW" resolved --note "已并联审批" --date 2020-01-01
check "a date before the ticket was opened: refused" expect_rc 1
gp ticket move "$NEW" resolved --note "已并联审批"
check "in_progress → resolved with the resolution" expect_rc 0
gp ticket move "$NEW" confirmed
check "confirm on the enterprise's behalf without a note: refused" expect_rc 1
gp ticket move "$NEW" confirmed --note "电话确认"
check "confirm on its behalf with a note" expect_rc 0
gp ticket show "$NEW" --format json
check "four events: filed, accepted, resolved, confirmed" jq -e '[.events[] | .to] == ["open", "in_progress", "resolved", "confirmed"] and .resolution == "已并联审批"' "$WORK/out"
gp ticket move "$NEW" reopened --note x
check "a confirmed ticket is closed" expect_rc 1
gp audit --entity ticket --format json
check "every ticket write audited (5 imports + 1 add + 3 moves)" jq -e 'length == 9' "$WORK/out"
gp audit --entity desk_assignment --format json
check "every assignment audited" jq -e 'length == 5' "$WORK/out"

# ---- HTTP: roles ----
for u in "adm admin" "ana analyst" "vw viewer"; do
	set -- $u
	echo "pass-$1-123456" | "$GREENPARK" user add "$1" --role "$2" >/dev/null
done
echo "pass-enta-123456" | "$GREENPARK" user add enta --role enterprise --enterprise "$A" >/dev/null
echo "pass-entb-123456" | "$GREENPARK" user add entb --role enterprise --enterprise "$B" >/dev/null
T_ADM=$("$GREENPARK" token create adm)
T_ANA=$("$GREENPARK" token create ana)
T_VW=$("$GREENPARK" token create vw)
T_A=$("$GREENPARK" token create enta)
T_B=$("$GREENPARK" token create entb)
B_ID=$(sqlite3 "$GREENPARK_DB" "SELECT t.id FROM ticket t JOIN enterprise e ON e.id = t.enterprise_id WHERE e.uscc = '$B' AND t.status = 'in_progress' AND t.category = 'labour'")
J='Content-Type: application/json'
serve_start || { finish; exit 1; }

TOKEN=$T_A api GET /tickets
check "A lists its own tickets only (2)" body_jq ".total == 2 and ([.items[].uscc] | unique) == [\"$A\"]"
TOKEN=$T_A api GET "/tickets?enterprise=$B"
check "A asking for B's tickets: 403" error_is 403 forbidden
TOKEN=$T_A api GET "/tickets/$B_ID"
check "A reading B's ticket by id: 404 (ids do not leak)" error_is 404 not_found
TOKEN=$T_A api GET "/tickets/99999"
check "a missing id answers the same 404" error_is 404 not_found
TOKEN=$T_A api POST "/tickets/$B_ID/status" -H "$J" -d '{"status": "resolved", "note": "x"}'
check "A moving B's ticket: 404" error_is 404 not_found
check "B's ticket unchanged" [ "$(sqlite3 "$GREENPARK_DB" "SELECT status FROM ticket WHERE id = $B_ID")" = in_progress ]
TOKEN=$T_A api POST /tickets -H "$J" -d "{\"uscc\": \"$B\", \"category\": \"land\", \"title\": \"冒名\"}"
check "A filing for B: 403" error_is 403 forbidden
check "nothing filed for B" [ "$(sqlite3 "$GREENPARK_DB" "SELECT count(*) FROM ticket WHERE title = '冒名'")" = 0 ]
TOKEN=$T_A api POST /tickets -H "$J" -d '{"category": "labour", "title": "招聘质检员", "priority": "high", "attachments": "岗位表.xlsx"}'
check "A files for itself: 201, routed to C2 with 张伟" body_jq '.id > 0 and .status == "open" and .routing.department == "行政审批服务局" and .routing.staff == "张伟" and .routing.industry_prefix == "C2"'
A_NEW=$(jq -r .id "$WORK/body")
TOKEN=$T_A api GET "/tickets/$A_NEW"
check "A reads its ticket with attachments and the filing event" body_jq ".uscc == \"$A\" and .attachments == \"岗位表.xlsx\" and (.events | length) == 1 and .created_by == \"web:enta\""
TOKEN=$T_A api POST "/tickets/$A_NEW/status" -H "$J" -d '{"status": "in_progress"}'
check "an enterprise cannot accept its own ticket: 400" error_is 400 bad_request
TOKEN=$T_ANA api POST "/tickets/$A_NEW/status" -H "$J" -d '{"status": "in_progress"}'
check "analyst accepts it: 200" body_jq '.status == "in_progress"'
TOKEN=$T_ANA api POST "/tickets/$A_NEW/status" -H "$J" -d '{"status": "resolved", "note": "已推荐3名质检员"}'
check "analyst resolves it: 200" body_jq '.status == "resolved" and .resolution == "已推荐3名质检员"'
TOKEN=$T_ANA api POST "/tickets/$A_NEW/status" -H "$J" -d '{"status": "confirmed", "note": "x"}'
check "analyst cannot confirm for the enterprise: 400" error_is 400 bad_request
TOKEN=$T_A api POST "/tickets/$A_NEW/status" -H "$J" -d '{"status": "reopened"}'
check "reopening without a reason: 400" error_is 400 bad_request
TOKEN=$T_A api POST "/tickets/$A_NEW/status" -H "$J" -d '{"status": "confirmed"}'
check "A confirms its own ticket: 200" body_jq '.status == "confirmed" and .confirmed != null'
TOKEN=$T_A api GET /tickets/summary
check "A's summary: keys total, resolved, by_category; only its own 3" body_jq '.total == 3 and .resolved == 3 and (.by_category | has("land") and has("funding") and has("labour"))'
TOKEN=$T_B api GET /tickets/summary
check "B's summary: its own 3 (the approvals ticket confirmed), 1 overdue" body_jq '.total == 3 and .resolved == 1 and .overdue == 1'
TOKEN=$T_A api GET /assignments
check "enterprise reads assignments: 403" error_is 403 forbidden
TOKEN=$T_VW api GET /tickets
check "viewer reads tickets: 403" error_is 403 forbidden
TOKEN=$T_VW api GET /tickets/summary
check "viewer reads the summary: 403" error_is 403 forbidden
TOKEN='' api GET /tickets
check "anonymous: 401" error_is 401 unauthorized
TOKEN=$T_ANA api GET /assignments
check "analyst reads assignments: 5" body_jq '.total == 5'
TOKEN=$T_ADM api GET /tickets/summary
cp "$WORK/body" "$WORK/api_summary.json"
"$GREENPARK" ticket summary --format json >"$WORK/cli_summary.json"
check "admin summary = the CLI's (total, resolved, by_category)" jq -e --slurpfile c "$WORK/cli_summary.json" '[.total, .resolved, .by_category] == [$c[0].total, $c[0].resolved, $c[0].by_category]' "$WORK/api_summary.json"
check "admin summary: 7 tickets" jq -e '.total == 7' "$WORK/api_summary.json"
TOKEN=$T_ADM api GET "/tickets?status=in_progress&category=labour"
check "filters: status and category" body_jq ".total == 1 and .items[0].id == $B_ID"
TOKEN=$T_ADM api GET "/tickets?status=bogus"
check "a bad filter: 400" error_is 400 bad_request
TOKEN=$T_ADM api POST /tickets -H "$J" -d '{"category": "land", "title": "x"}'
check "staff filing without uscc: 400" error_is 400 bad_request

# ---- Excel ----
TOKEN=$T_ADM api GET /tickets.xlsx
check "xlsx: 200 with the spreadsheet type" header_has Content-Type 'spreadsheetml'
check "xlsx: an attachment" header_has Content-Disposition 'attachment; filename="greenpark-tickets-[0-9]{8}\.xlsx"'
cp "$WORK/body" "$WORK/all.xlsx"
check "xlsx: a valid zip with a workbook" /usr/bin/python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None and "xl/workbook.xml" in z.namelist()' "$WORK/all.xlsx"
TOKEN=$T_A api GET /tickets.xlsx
cp "$WORK/body" "$WORK/a.xlsx"
check "A's workbook holds its tickets and not B's" /usr/bin/python3 -c '
import sys, zipfile
s = zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode()
assert "扩建用地" in s and "招聘技工" not in s and "枣庄智能装备" not in s' "$WORK/a.xlsx"
gp ticket list --xlsx "$WORK/cli.xlsx"
check "CLI list --xlsx writes a workbook" /usr/bin/python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).testzip()' "$WORK/cli.xlsx"
serve_stop
finish
