#!/bin/bash
# 41-http-roles.sh — sessions and roles against the real server on loopback.
# Sessions: login sets gp_session (HttpOnly, SameSite=Strict, Path=/); /me; a write by
# cookie needs X-CSRF-Token (403 without, 200 with); logout ends the session (401 after).
# Roles (docs/api.md "Roles" and the endpoint tables; decided in src/core/auth.c):
#   admin everything; analyst reads all and writes the ledger, no users or audit;
#   enterprise only its own enterprise (records, accounting, series, its ranking row),
#   no park aggregates; bank enterprise names only; viewer park and sub-park aggregates,
#   no per-enterprise figure. Every forbidden request is 403 and stores nothing.
# Data: data/sample; the enterprise user is bound to A, B is another enterprise.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE=$TOP/data/sample
A=91370406MA0000101U # 空港产业园
B=91370406MA0000102Y # 空港产业园
SUB=%E7%A9%BA%E6%B8%AF%E4%BA%A7%E4%B8%9A%E5%9B%AD # 空港产业园, URL-encoded

fresh
gp import enterprises "$SAMPLE/enterprises.csv"
check "sample enterprises imported" expect_rc 0
gp import activity "$SAMPLE/activity.csv"
check "sample activity imported" expect_rc 0
add_user() { # NAME PASSWORD ROLE-OPTIONS...
	_u=$1 _p=$2
	shift 2
	echo "$_p" | "$GREENPARK" user add "$_u" "$@" >/dev/null 2>"$WORK/err"
	check "user $_u added ($*)" [ $? -eq 0 ]
}
add_user root admin-pass-41 --role admin
add_user ana analyst-pass-41 --role analyst
add_user enta enterprise-pass-41 --role enterprise --enterprise "$A"
add_user bk bank-pass-41 --role bank --bank qilu-bank
add_user vw viewer-pass-41 --role viewer
T_ADMIN=$("$GREENPARK" token create root 2>/dev/null)
T_ANA=$("$GREENPARK" token create ana 2>/dev/null)
T_ENT=$("$GREENPARK" token create enta 2>/dev/null)
T_BANK=$("$GREENPARK" token create bk 2>/dev/null)
T_VIEW=$("$GREENPARK" token create vw 2>/dev/null)
check "a token for every user" [ -n "$T_ADMIN" -a -n "$T_ANA" -a -n "$T_ENT" -a -n "$T_BANK" -a -n "$T_VIEW" ]

serve_start || exit 1
J='Content-Type: application/json'
CSVH='Content-Type: text/csv'

# ledger_snapshot FILE: the whole ledger as CSV (for "nothing stored").
ledger_snapshot() { "$GREENPARK" ledger --format csv >"$1" 2>/dev/null; }

# cookie_value: the gp_session value of the last response's Set-Cookie.
cookie_value() { tr -d '\r' <"$WORK/headers" | sed -n 's/^[Ss]et-[Cc]ookie: *gp_session=\([^;]*\).*/\1/p' | head -n 1; }

# ---- sessions ----
TOKEN='' api POST /login -H "$J" -d '{"username": "root", "password": "admin-pass-41"}'
check "login: 200" status_is 200
check "login: user name, role, enterprise, bank" body_jq '.user == {"name": "root", "role": "admin", "enterprise": null, "bank": null}'
check "login: a CSRF token" body_jq '.csrf_token | type == "string" and length >= 16'
CSRF=$(jq -r .csrf_token "$WORK/body")
SESSION=$(cookie_value)
check "login: Set-Cookie gp_session with a value" [ -n "$SESSION" ]
check "login: the cookie is HttpOnly" header_has Set-Cookie '^ *gp_session=[^;]+;(.*;)? *HttpOnly *(;|$)'
check "login: the cookie is SameSite=Strict" header_has Set-Cookie '^ *gp_session=[^;]+;(.*;)? *SameSite=Strict *(;|$)'
check "login: the cookie has Path=/" header_has Set-Cookie '^ *gp_session=[^;]+;(.*;)? *Path=/ *(;|$)'
check "login: the session value is not the CSRF token" [ "$SESSION" != "$CSRF" ]
CK="Cookie: gp_session=$SESSION"
TOKEN='' api GET /me -H "$CK"
check "me by cookie: 200, root, the session's CSRF token" body_jq ".user.name == \"root\" and .user.role == \"admin\" and .csrf_token == \"$CSRF\""
TOKEN='' api GET /park -H "$CK"
check "a read by cookie needs no CSRF token" status_is 200

printf 'uscc,period,item,quantity,unit\n%s,2026-01,electricity_grid,11,kWh\n' "$A" >"$WORK/one.csv"
ledger_snapshot "$WORK/before.csv"
TOKEN='' api POST /activity/upload -H "$CK" -H "$CSVH" --data-binary "@$WORK/one.csv"
check "cookie write without X-CSRF-Token: 403" error_is 403 forbidden
TOKEN='' api POST /activity/upload -H "$CK" -H "$CSVH" -H "X-CSRF-Token: ${CSRF}x" --data-binary "@$WORK/one.csv"
check "cookie write with a wrong X-CSRF-Token: 403" error_is 403 forbidden
TOKEN='' api POST /activity/upload -H "$CK" -H "$CSVH" -H "X-CSRF-Token: $SESSION" --data-binary "@$WORK/one.csv"
check "cookie write with the session value as CSRF token: 403" error_is 403 forbidden
TOKEN='' api POST /activity -H "$CK" -H "$J" -d "{\"uscc\": \"$A\", \"period\": \"2026-01\", \"item\": \"electricity_grid\", \"quantity\": 11, \"unit\": \"kWh\"}"
check "cookie record write without X-CSRF-Token: 403" error_is 403 forbidden
TOKEN='' api DELETE /users/vw -H "$CK"
check "cookie DELETE without X-CSRF-Token: 403" error_is 403 forbidden
ledger_snapshot "$WORK/after.csv"
check "refused cookie writes stored nothing" cmp -s "$WORK/before.csv" "$WORK/after.csv"
TOKEN='' api POST /activity/upload -H "$CK" -H "$CSVH" -H "X-CSRF-Token: $CSRF" --data-binary "@$WORK/one.csv"
check "cookie write with X-CSRF-Token: 200" body_jq '.rows == 1 and .inserted == 1'
TOKEN='' api POST /activity -H "$CK" -H "$J" -H "X-CSRF-Token: $CSRF" -d "{\"uscc\": \"$A\", \"period\": \"2026-01\", \"item\": \"electricity_grid\", \"quantity\": 12, \"unit\": \"kWh\"}"
check "cookie record write with X-CSRF-Token: 200 replaced" body_jq '.result == "replaced"'
TOKEN=$T_ADMIN api GET "/audit?entity=activity&limit=1"
check "the cookie write is audited as web:root" body_jq '.[0].actor == "web:root" and .[0].after.quantity == 12'
TOKEN='' api POST /logout -H "$CK" -H "$J" -d '{}'
check "logout by cookie without X-CSRF-Token: 403" error_is 403 forbidden
TOKEN='' api GET /me -H "$CK"
check "... and the session still holds" status_is 200
# The contract's logout has no body (and so no Content-Type).
TOKEN='' api POST /logout -H "$CK" -H "X-CSRF-Token: $CSRF"
check "logout (no body): 204" status_is 204
if [ "$STATUS" != 204 ]; then
	# go on with the session ended the way the server accepts, to test what follows
	TOKEN='' api POST /logout -H "$CK" -H "X-CSRF-Token: $CSRF" -H "$J" -d '{}'
fi
check "logout clears the cookie (Max-Age=0)" header_has Set-Cookie '^ *gp_session=;.*Max-Age=0'
TOKEN='' api GET /me -H "$CK"
check "after logout the old cookie: /me 401" error_is 401 unauthorized
TOKEN='' api POST /activity/upload -H "$CK" -H "$CSVH" -H "X-CSRF-Token: $CSRF" --data-binary "@$WORK/one.csv"
check "after logout the old cookie cannot write: 401" error_is 401 unauthorized
TOKEN='' api GET /me -H "Cookie: gp_session=made-up-session-value"
check "an unknown session cookie: 401" error_is 401 unauthorized
TOKEN='' api POST /login -H "$J" -d '{"username": "enta", "password": "wrong-password"}'
check "login with a wrong password: 401" error_is 401 unauthorized
check "a failed login sets no cookie" eval '! grep -qi "^set-cookie: *gp_session=[^;]" "$WORK/headers"'
TOKEN='' api POST /login -H "$J" -d '{"username": "enta", "password": "enterprise-pass-41"}'
check "enterprise login: its role and enterprise" body_jq ".user == {\"name\": \"enta\", \"role\": \"enterprise\", \"enterprise\": \"$A\", \"bank\": null}"
TOKEN='' api POST /login -H "$J" -d '{"username": "bk", "password": "bank-pass-41"}'
check "bank login: its role and bank" body_jq '.user == {"name": "bk", "role": "bank", "enterprise": null, "bank": "qilu-bank"}'

# ---- roles ----
# can NAME TOKEN STATUS METHOD PATH [CURL-ARGS...]: the request answers STATUS (403 with
# the forbidden error body).
can() {
	_n=$1 _t=$2 _s=$3
	shift 3
	TOKEN=$_t api "$@"
	if [ "$_s" = 403 ]; then check "$_n: 403" error_is 403 forbidden; else check "$_n: $_s" status_is "$_s"; fi
}
for r in admin analyst enterprise bank viewer; do
	case $r in
	admin) t=$T_ADMIN n=root ;;
	analyst) t=$T_ANA n=ana ;;
	enterprise) t=$T_ENT n=enta ;;
	bank) t=$T_BANK n=bk ;;
	viewer) t=$T_VIEW n=vw ;;
	esac
	TOKEN=$t api GET /me
	check "$r: /me names $n with role $r" body_jq ".user.name == \"$n\" and .user.role == \"$r\""
	can "$r GET /park" "$t" 200 GET /park
	agg=200 staff=403 adm=403 fac=200
	case $r in enterprise | bank) agg=403 ;; esac
	case $r in admin | analyst) staff=200 ;; esac
	[ $r = admin ] && adm=200
	[ $r = bank ] && fac=403
	can "$r GET /park/summary" "$t" $agg GET "/park/summary?year=2024"
	can "$r GET /subparks" "$t" $agg GET /subparks
	can "$r GET /platforms" "$t" $agg GET /platforms
	can "$r GET /energyflow" "$t" $agg GET "/energyflow?year=2024"
	can "$r GET /accounting (park)" "$t" $agg GET "/accounting?year=2024"
	can "$r GET /accounting?subpark" "$t" $agg GET "/accounting?year=2024&subpark=$SUB"
	can "$r GET /timeseries (park)" "$t" $agg GET "/timeseries?year=2024&metric=co2"
	can "$r GET /timeseries?subpark" "$t" $agg GET "/timeseries?year=2024&metric=co2&subpark=$SUB"
	can "$r GET /factors" "$t" $fac GET /factors
	can "$r GET /users" "$t" $adm GET /users
	can "$r GET /audit" "$t" $adm GET "/audit?limit=5"
	can "$r GET /enterprises/B" "$t" $staff GET "/enterprises/$B"
	can "$r GET /enterprises/B/activity" "$t" $staff GET "/enterprises/$B/activity?year=2024"
	can "$r GET /accounting?enterprise=B" "$t" $staff GET "/accounting?year=2024&enterprise=$B"
	can "$r GET /timeseries?enterprise=B" "$t" $staff GET "/timeseries?year=2024&metric=co2&enterprise=$B"
	own=$staff
	[ $r = enterprise ] && own=200
	can "$r GET /enterprises/A" "$t" $own GET "/enterprises/$A"
	can "$r GET /enterprises/A/activity" "$t" $own GET "/enterprises/$A/activity?year=2024"
	can "$r GET /accounting?enterprise=A" "$t" $own GET "/accounting?year=2024&enterprise=$A"
	can "$r GET /timeseries?enterprise=A" "$t" $own GET "/timeseries?year=2024&metric=co2&enterprise=$A"
	can "$r GET /rankings" "$t" $own GET "/rankings?year=2024&by=co2"
	names=$staff
	case $r in enterprise | bank) names=200 ;; esac
	can "$r GET /enterprises" "$t" $names GET /enterprises
	can "$r POST /users" "$t" "$([ $r = admin ] && echo 400 || echo 403)" POST /users -H "$J" -d '{"name": "x y", "role": "viewer", "password": "some-pass-41"}'
	can "$r DELETE /users/nobody" "$t" "$([ $r = admin ] && echo 404 || echo 403)" DELETE /users/nobody
done

# What each role's 200 holds.
TOKEN=$T_ENT api GET "/enterprises/$A/activity?year=2024"
check "enterprise: its own activity rows" body_jq ".uscc == \"$A\" and (.items | length) > 0"
TOKEN=$T_ENT api GET "/accounting?year=2024&enterprise=$A"
cp "$WORK/body" "$WORK/ent_acc.json"
TOKEN=$T_ADMIN api GET "/accounting?year=2024&enterprise=$A"
check "enterprise: its accounting is the one the admin sees" json_close "$WORK/ent_acc.json" "$WORK/body" 0
TOKEN=$T_ENT api GET /enterprises
check "enterprise: /enterprises lists only itself" body_jq ".total == 1 and (.items | length) == 1 and .items[0].uscc == \"$A\""
TOKEN=$T_ENT api GET "/enterprises?q=%E7%A7%91%E6%8A%80" # q=科技: matches B, not A
check "enterprise: a search for another's name finds nothing" body_jq '.total == 0 and (.items | length) == 0'
TOKEN=$T_ADMIN api GET "/rankings?year=2024&by=co2"
cp "$WORK/body" "$WORK/rk_admin.json"
check "admin: rankings of all 6 enterprises" body_jq '.total == 6 and (.items | length) == 6'
TOKEN=$T_ANA api GET "/rankings?year=2024&by=co2"
check "analyst: rankings of all 6 enterprises" body_jq '.total == 6 and (.items | length) == 6'
TOKEN=$T_ENT api GET "/rankings?year=2024&by=co2"
check "enterprise: rankings show only its own row and the count" body_jq ".total == 6 and (.items | length) == 1 and .items[0].uscc == \"$A\""
check "enterprise: its row is its row in the full ranking" jq -e --slurpfile r "$WORK/rk_admin.json" --arg a "$A" '.items[0] == ($r[0].items[] | select(.uscc == $a))' "$WORK/body"
TOKEN=$T_BANK api GET /enterprises
check "bank: /enterprises has all 6 enterprises" body_jq '.total == 6 and (.items | length) == 6'
check "bank: only the keys uscc and name" body_jq 'all(.items[]; keys == ["name", "uscc"])'
TOKEN=$T_BANK api GET "/enterprises?sort=-employees"
check "bank: sorting by a hidden field still shows names only" body_jq 'all(.items[]; keys == ["name", "uscc"])'
TOKEN=$T_VIEW api GET "/energyflow?year=2024"
check "viewer: the energy flow reaches sub-parks only (no enterprise node or link)" body_jq '(.links | length) > 0 and all(.nodes[]; .kind != "enterprise") and ([.nodes[] | select(.kind == "subpark") | .name] as $s | all(.links[]; .target | IN($s[])))'
TOKEN=$T_ADMIN api GET "/energyflow?year=2024"
check "admin: the energy flow has enterprise nodes" body_jq 'any(.nodes[]; .kind == "enterprise")'
TOKEN=$T_VIEW api GET "/park/summary?year=2024"
check "viewer: the park summary with its figures" body_jq '.enterprises == 6 and (.co2_t | type == "number")'
TOKEN=$T_VIEW api GET "/accounting?year=2024&subpark=$SUB"
check "viewer: the sub-park's accounting" body_jq '.scope == "空港产业园" and .co2_t > 0'

# Writes by role.
rec() { printf '{"uscc": "%s", "period": "%s", "item": "electricity_grid", "quantity": %s, "unit": "kWh"}' "$1" "$2" "$3"; }
can "admin POST /activity" "$T_ADMIN" 200 POST /activity -H "$J" -d "$(rec "$B" 2026-02 1)"
can "analyst POST /activity" "$T_ANA" 200 POST /activity -H "$J" -d "$(rec "$B" 2026-03 1)"
can "enterprise POST /activity of its own" "$T_ENT" 200 POST /activity -H "$J" -d "$(rec "$A" 2026-04 1)"
check "... inserted" body_jq '.result == "inserted"'
TOKEN=$T_ADMIN api GET "/audit?entity=ledger_batch&limit=1"
check "the enterprise's write is audited as web:enta" body_jq '.[0].actor == "web:enta" and .[0].after.source == "record" and .[0].after.inserted == 1'
printf 'uscc,period,item,quantity,unit\n%s,2026-05,electricity_grid,1,kWh\n' "$B" >"$WORK/b.csv"
printf 'uscc,period,item,quantity,unit\n%s,2026-05,electricity_grid,1,kWh\n' "$A" >"$WORK/a.csv"
can "analyst upload" "$T_ANA" 200 POST /activity/upload -H "$CSVH" --data-binary "@$WORK/b.csv"
can "enterprise upload of its own rows" "$T_ENT" 200 POST /activity/upload -H "$CSVH" --data-binary "@$WORK/a.csv"
ledger_snapshot "$WORK/before.csv"
can "enterprise POST /activity for another enterprise" "$T_ENT" 403 POST /activity -H "$J" -d "$(rec "$B" 2026-06 1)"
can "enterprise POST /activity for another (USCC in lower case)" "$T_ENT" 403 POST /activity -H "$J" -d "$(rec "$(printf '%s' "$B" | tr '[:upper:]' '[:lower:]')" 2026-06 1)"
can "bank POST /activity" "$T_BANK" 403 POST /activity -H "$J" -d "$(rec "$A" 2026-06 1)"
can "viewer POST /activity" "$T_VIEW" 403 POST /activity -H "$J" -d "$(rec "$A" 2026-06 1)"
can "bank upload" "$T_BANK" 403 POST /activity/upload -H "$CSVH" --data-binary "@$WORK/a.csv"
can "viewer upload" "$T_VIEW" 403 POST /activity/upload -H "$CSVH" --data-binary "@$WORK/a.csv"
printf 'uscc,period,item,quantity,unit\n%s,2026-07,electricity_grid,1,kWh\n%s,2026-07,electricity_grid,1,kWh\n%s,2026-08,electricity_grid,1,kWh\n' \
	"$A" "$B" "$A" >"$WORK/mixed.csv"
TOKEN=$T_ENT api POST /activity/upload -H "$CSVH" --data-binary "@$WORK/mixed.csv"
check "enterprise upload with another enterprise's row: 400" error_is 400 bad_request
check "... the detail names line 3, and only it" body_jq '[.error.details[].line] == [3]'
ledger_snapshot "$WORK/after.csv"
check "forbidden and refused writes stored nothing (not even the enterprise's own rows)" cmp -s "$WORK/before.csv" "$WORK/after.csv"

# ---- users through the API (admin) ----
TOKEN=$T_ADMIN api POST /users -H "$J" -d '{"name": "temp", "role": "viewer", "password": "temp-pass-41"}'
check "admin creates a viewer: 201" status_is 201
check "... answer names it" body_jq '.name == "temp" and .role == "viewer"'
TOKEN=$T_ADMIN api POST /users -H "$J" -d "{\"name\": \"entb\", \"role\": \"enterprise\", \"enterprise\": \"$B\", \"password\": \"entb-pass-41\"}"
check "admin creates an enterprise user for B: 201" status_is 201
TOKEN=$T_ADMIN api POST /users -H "$J" -d '{"name": "entc", "role": "enterprise", "password": "entc-pass-41"}'
check "enterprise user without an enterprise: 400" error_is 400 bad_request
TOKEN=$T_ADMIN api POST /users -H "$J" -d '{"name": "bk2", "role": "bank", "password": "bank-pass-41"}'
check "bank user without a bank: 400" error_is 400 bad_request
TOKEN=$T_ADMIN api POST /users -H "$J" -d '{"name": "sup", "role": "superuser", "password": "some-pass-41"}'
check "unknown role: 400" error_is 400 bad_request
TOKEN=$T_ANA api POST /users -H "$J" -d '{"name": "sneaky", "role": "admin", "password": "sneaky-pass-41"}'
check "analyst creates a user: 403" error_is 403 forbidden
TOKEN=$T_ADMIN api GET /users
check "users list has temp (viewer) and entb bound to B; not sneaky" body_jq "any(.items[]; .name == \"temp\" and .role == \"viewer\") and any(.items[]; .name == \"entb\" and .enterprise == \"$B\") and all(.items[]; .name != \"sneaky\")"
TOKEN='' api POST /login -H "$J" -d '{"username": "entb", "password": "entb-pass-41"}'
check "the new enterprise user signs in, bound to B" body_jq ".user.role == \"enterprise\" and .user.enterprise == \"$B\""
TOKEN=$T_ADMIN api DELETE /users/temp
check "admin deletes temp: 204" status_is 204
check "... with an empty body" [ ! -s "$WORK/body" ]
TOKEN=$T_ADMIN api GET /users
check "temp is gone from the list" body_jq 'all(.items[]; .name != "temp")'
TOKEN=$T_ADMIN api DELETE /users/temp
check "deleting temp again: 404" error_is 404 not_found
TOKEN=$T_ANA api DELETE /users/vw
check "analyst deletes a user: 403" error_is 403 forbidden
TOKEN=$T_ADMIN api DELETE /users/root
check "admin deletes itself: 409 conflict" error_is 409 conflict
TOKEN=$T_ADMIN api GET /users
check "root and vw are still there" body_jq 'any(.items[]; .name == "root") and any(.items[]; .name == "vw")'
TOKEN=$T_ADMIN api GET "/audit?limit=20"
check "user changes are audited as web:root" body_jq 'any(.[]; .actor == "web:root" and .entity == "user" and .key == "temp" and .action == "delete") and any(.[]; .actor == "web:root" and .entity == "user" and .key == "entb")'
TOKEN=$T_ADMIN api GET "/audit?entity=session&limit=100"
check "sign-in audited: actor web:root, action login, the client address" body_jq 'any(.[]; .actor == "web:root" and .action == "login" and .key == "root" and .after.client == "127.0.0.1")'
check "sign-out audited" body_jq 'any(.[]; .action == "logout" and .key == "root")'

serve_stop
check "server stopped with status 0" [ "$SERVER_RC" = 0 ]
finish
