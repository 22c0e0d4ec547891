#!/bin/bash
# 60-report.sh — greenpark report --xlsx and GET /api/v1/report.xlsx, on the demo park
# (2024, zcp2025) and on the small fixture of 20-account.sh (2023, cn-enterprise).
# The workbook is written; LibreOffice (headless) converts each of its eight sheets to
# CSV without error; the numbers in the sheets are those of 'greenpark account --format
# json' and 'greenpark evaluate --format json' for the same year and method: the park's
# totals, CO2 by source and intensities, every indicator's value, target, verdict, gap
# and missing data, every enterprise's and sub-park's CO2 and energy, the months (they
# sum to the year; each equals GET /timeseries), CO2 by source, the factors used.
# Tolerance: relative 1e-9 (absolute 1e-9 near zero). The cells hold full-precision
# numbers (only the number format rounds); LibreOffice writes 15 significant digits.
# Without LibreOffice the conversion checks are skipped ("SKIP report: soffice missing").
. "$(dirname "$0")/lib.sh"

TOL=1e-9

# ---- helpers ----

# rel_near ACTUAL EXPECTED: |a - e| <= TOL * max(1, |e|); "" and "null" match each other.
rel_near() {
	if [ -z "$1" ] || [ "$1" = null ]; then [ -z "$2" ] || [ "$2" = null ]; return; fi
	awk -v a="$1" -v e="$2" -v t="$TOL" 'BEGIN {
		if (e == "" || e == "null") exit 1
		if (a ~ /%$/) { sub(/%$/, "", a); a = a / 100 }
		d = a - e; if (d < 0) d = -d; m = e < 0 ? -e : e; if (m < 1) m = 1
		exit !(d <= t * m) }'
}

# to_tsv CSV: the CSV file (RFC 4180 quoting, as LibreOffice writes it) as tab-separated lines.
to_tsv() {
	awk '
	function split_csv(line, f,    n, i, c, q, cur) {
		n = 0; cur = ""; q = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (q) {
				if (c == "\"") { if (substr(line, i + 1, 1) == "\"") { cur = cur c; i++ } else q = 0 }
				else cur = cur c
			} else if (c == "\"") q = 1
			else if (c == ",") { f[++n] = cur; cur = "" }
			else cur = cur c
		}
		f[++n] = cur
		return n
	}
	{ sub(/\r$/, ""); n = split_csv($0, f); out = f[1]; for (i = 2; i <= n; i++) out = out "\t" f[i]; print out }' "$1"
}

# sheets XLSX DIR: every sheet of XLSX as DIR/<sheet>.tsv, through LibreOffice's CSV export
# (one file per sheet: LibreOffice 7.2 or later). Fails when soffice fails or a sheet is
# missing.
SHEETS=("汇总 Summary" "零碳园区指标 zcp2025" "绿色园区指标 miit2016" "企业 Enterprises"
	"子园区 Sub-parks" "月度 Monthly" "排放构成 CO2 by source" "因子 Factors")
sheets() {
	_x=$1 _d=$2
	mkdir -p "$_d/csv" "$WORK/lo-home"
	HOME="$WORK/lo-home" timeout 60 soffice --headless --norestore \
		"-env:UserInstallation=file://$WORK/lo-profile" \
		--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
		--outdir "$_d/csv" "$_x" >"$_d/soffice.log" 2>&1 || return 1
	_b=$(basename "$_x" .xlsx)
	for _s in "${SHEETS[@]}"; do
		[ -s "$_d/csv/$_b-$_s.csv" ] || { echo "    no sheet '$_s' in $(ls "$_d/csv")" >&2; return 1; }
		to_tsv "$_d/csv/$_b-$_s.csv" >"$_d/$_s.tsv"
	done
}

# cell TSV KEYCOL KEY COL: column COL of the first row whose column KEYCOL is KEY.
cell() { awk -F'\t' -v kc="$2" -v k="$3" -v c="$4" '$kc == k { print $c; exit }' "$1"; }

# col_of TSV TEXT: the number of the first column whose header contains TEXT.
col_of() { awk -F'\t' -v t="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if (index($i, t)) { print i; exit } }' "$1"; }

# pairs_near FILE: every line "what actual expected" has actual near expected; the
# first mismatch goes to stderr.
pairs_near() {
	_bad=0
	while IFS=$'\t' read -r _w _a _e; do
		rel_near "$_a" "$_e" || { echo "    $_w: sheet '$_a', expected '$_e'" >&2; _bad=1; break; }
	done <"$1"
	[ "$_bad" -eq 0 ] && [ -s "$1" ]
}

# summary_checks DIR ACCOUNT_JSON: the Summary sheet's account numbers are the account's.
summary_checks() {
	_d=$1 _j=$2 _label=$3
	: >"$WORK/pairs"
	for k in energy_tce energy_tce_equivalent co2_t co2_t_by_source.fuel co2_t_by_source.process \
		co2_t_by_source.electricity co2_t_by_source.heat co2_per_tce value_added_wan_yuan \
		co2_per_wan_yuan tce_per_wan_yuan renewable_tce clean_tce clean_share renewable_share; do
		printf '%s\t%s\t%s\n' "$k" "$(cell "$_d/汇总 Summary.tsv" 3 "$k" 2)" "$(jq -r ".$k" "$_j")" >>"$WORK/pairs"
	done
	check "$_label: Summary holds the account's 15 totals, sources, intensities and shares" pairs_near "$WORK/pairs"
	check "$_label: Summary year and method" [ "$(cell "$_d/汇总 Summary.tsv" 3 year 2)" = "$(jq -r .year "$_j")" \
		-a "$(cell "$_d/汇总 Summary.tsv" 3 method 2)" = "$(jq -r .method "$_j")" ]
	: >"$WORK/pairs"
	for k in co2_t_by_source.fuel co2_t_by_source.process co2_t_by_source.electricity co2_t_by_source.heat co2_t; do
		printf '%s\t%s\t%s\n' "$k" "$(cell "$_d/排放构成 CO2 by source.tsv" 4 "$k" 2)" "$(jq -r ".$k" "$_j")" >>"$WORK/pairs"
	done
	check "$_label: CO2 by source sheet = the account's co2_t_by_source" pairs_near "$WORK/pairs"
}

# registry_checks DIR: enterprise counts and shares are those of 'greenpark enterprises'.
registry_checks() {
	_d=$1 _label=$2
	"$GREENPARK" enterprises --format json >"$WORK/ents.json"
	: >"$WORK/pairs"
	for k in high_tech high_tech_share srdi srdi_share; do
		printf '%s\t%s\t%s\n' "$k" "$(cell "$_d/汇总 Summary.tsv" 3 "$k" 2)" "$(jq -r ".$k" "$WORK/ents.json")" >>"$WORK/pairs"
	done
	printf 'enterprises\t%s\t%s\n' "$(cell "$_d/汇总 Summary.tsv" 3 enterprises 2)" "$(jq -r .count "$WORK/ents.json")" >>"$WORK/pairs"
	check "$_label: enterprise, high-tech and 专精特新 counts and shares" pairs_near "$WORK/pairs"
}

# evaluation_checks DIR YEAR: both indicator sheets row by row against 'greenpark evaluate'.
evaluation_checks() {
	_d=$1 _y=$2 _label=$3
	for std in zcp2025 miit2016; do
		case $std in zcp2025) _s="零碳园区指标 zcp2025" ;; miit2016) _s="绿色园区指标 miit2016" ;; esac
		"$GREENPARK" evaluate --year "$_y" --standard $std --format json >"$WORK/ev.json"
		# code value target pass gap missing gap_abs, in the JSON's order
		jq -r '.indicators[] | [.code, (.value // ""), (.target // ""),
			(if .pass == null then "—" elif .pass then "达标" else "未达标" end),
			(.gap // ""), (.missing // ""), (.gap_abs // "")] | @tsv' "$WORK/ev.json" >"$WORK/ev.tsv"
		awk -F'\t' 'NR > 1 && $1 ~ /^[A-Z][A-Z0-9]*$/ { print $1 "\t" $6 "\t" $8 "\t" $10 "\t" $11 "\t" $14 "\t" $13 }' \
			"$_d/$_s.tsv" >"$WORK/sheet.tsv"
		check "$_label $std: one row per indicator ($(wc -l <"$WORK/ev.tsv"))" \
			[ "$(cut -f1 "$WORK/sheet.tsv")" = "$(cut -f1 "$WORK/ev.tsv")" -a -s "$WORK/ev.tsv" ]
		paste "$WORK/sheet.tsv" "$WORK/ev.tsv" | awk -F'\t' '{
			print $1 " value\t" $2 "\t" $9; print $1 " target\t" $3 "\t" $10
			print $1 " gap\t" $5 "\t" $12; print $1 " gap_abs\t" $7 "\t" $14 }' >"$WORK/pairs"
		check "$_label $std: every value, target, gap and gap_abs" pairs_near "$WORK/pairs"
		check "$_label $std: every verdict (达标/未达标/—) and missing-data text" \
			[ "$(cut -f1,4,6 "$WORK/sheet.tsv")" = "$(cut -f1,4,6 "$WORK/ev.tsv")" ]
		: >"$WORK/pairs"
		for k in required_met required_total optional_met optional_total; do
			printf '%s\t%s\t%s\n' "$k" "$(cell "$_d/汇总 Summary.tsv" 3 "$std.summary.$k" 2)" \
				"$(jq -r ".summary.$k" "$WORK/ev.json")" >>"$WORK/pairs"
		done
		check "$_label $std: Summary's required and optional counts" pairs_near "$WORK/pairs"
	done
}

# enterprise_checks DIR YEAR METHOD: each enterprise's CO2 and energy against 'greenpark
# account --enterprise'; the park total row and the sum of the rows against the park.
enterprise_checks() {
	_d=$1 _y=$2 _m=$3 _j=$4 _label=$5
	_t="$_d/企业 Enterprises.tsv"
	_c=$(col_of "$_t" "CO2 total")
	_e=$(col_of "$_t" "Energy, calorific")
	_v=$(col_of "$_t" "CO2 per 万元")
	: >"$WORK/pairs"
	awk -F'\t' -v c="$_c" -v e="$_e" -v v="$_v" 'length($1) == 18 { print $1 "\t" $c "\t" $e "\t" $v }' "$_t" >"$WORK/ents.tsv"
	while IFS=$'\t' read -r u co2 tce per; do
		"$GREENPARK" account --year "$_y" --method "$_m" --enterprise "$u" --format json >"$WORK/acc.json"
		printf '%s co2\t%s\t%s\n' "$u" "$co2" "$(jq -r .co2_t "$WORK/acc.json")" >>"$WORK/pairs"
		printf '%s energy\t%s\t%s\n' "$u" "$tce" "$(jq -r .energy_tce "$WORK/acc.json")" >>"$WORK/pairs"
		printf '%s co2_per_wan_yuan\t%s\t%s\n' "$u" "$per" "$(jq -r .co2_per_wan_yuan "$WORK/acc.json")" >>"$WORK/pairs"
	done <"$WORK/ents.tsv"
	check "$_label: $(wc -l <"$WORK/ents.tsv") enterprises' CO2, energy and CO2 per 万元 = account --enterprise" pairs_near "$WORK/pairs"
	check "$_label: every registered enterprise has a row" [ "$(wc -l <"$WORK/ents.tsv")" -eq "$(jq '.enterprises | length' "$WORK/ents.json")" ]
	printf 'sum of rows\t%s\t%s\n' "$(awk -F'\t' '{ s += $2 } END { printf "%.10f", s }' "$WORK/ents.tsv")" "$(jq -r .co2_t "$_j")" >"$WORK/pairs"
	printf 'total row\t%s\t%s\n' "$(cell "$_t" 1 "园区合计 Park total" "$_c")" "$(jq -r .co2_t "$_j")" >>"$WORK/pairs"
	check "$_label: enterprises' CO2 sums to the park's, and the total row is the park's" pairs_near "$WORK/pairs"
}

# subpark_checks DIR YEAR METHOD: each sub-park's CO2 against 'greenpark account --subpark'.
subpark_checks() {
	_d=$1 _y=$2 _m=$3 _label=$4
	_t="$_d/子园区 Sub-parks.tsv"
	_c=$(col_of "$_t" "CO2 total")
	: >"$WORK/pairs"
	awk -F'\t' -v c="$_c" 'NR > 1 && $1 != "园区合计 Park total" && $1 != "未分园区 no sub-park" && $c != "" { print $1 "\t" $c }' "$_t" >"$WORK/subs.tsv"
	while IFS=$'\t' read -r s co2; do
		"$GREENPARK" account --year "$_y" --method "$_m" --subpark "$s" --format json >"$WORK/acc.json"
		printf '%s\t%s\t%s\n' "$s" "$co2" "$(jq -r .co2_t "$WORK/acc.json")" >>"$WORK/pairs"
	done <"$WORK/subs.tsv"
	check "$_label: $(wc -l <"$WORK/subs.tsv") sub-parks' CO2 = account --subpark" pairs_near "$WORK/pairs"
}

# monthly_checks DIR ACCOUNT_JSON: twelve months that sum to the year's CO2 and energy.
monthly_checks() {
	_d=$1 _j=$2 _label=$3
	_t="$_d/月度 Monthly.tsv"
	check "$_label: Monthly has the twelve months" [ "$(awk -F'\t' '$1 ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]$/' "$_t" | wc -l)" -eq 12 ]
	printf 'co2\t%s\t%s\n' "$(awk -F'\t' '$1 ~ /^[0-9]+-[0-9]+$/ { s += $8 } END { printf "%.10f", s }' "$_t")" "$(jq -r .co2_t "$_j")" >"$WORK/pairs"
	printf 'energy\t%s\t%s\n' "$(awk -F'\t' '$1 ~ /^[0-9]+-[0-9]+$/ { s += $2 } END { printf "%.10f", s }' "$_t")" "$(jq -r .energy_tce "$_j")" >>"$WORK/pairs"
	printf 'year row\t%s\t%s\n' "$(cell "$_t" 1 "全年 Year" 8)" "$(jq -r .co2_t "$_j")" >>"$WORK/pairs"
	check "$_label: the months' CO2 and energy sum to the year's" pairs_near "$WORK/pairs"
}

# factor_checks DIR ACCOUNT_JSON: every factor of the account is listed with its value.
factor_checks() {
	_d=$1 _j=$2 _label=$3
	_m=$(jq -r .method "$_j")
	_y=$(jq -r .year "$_j")
	awk -F'\t' -v m="$_m" -v y="$_y" '$1 == m && $2 == y { print $3 "\t" $5 "\t" $4 }' "$_d/因子 Factors.tsv" | sort >"$WORK/f_sheet"
	jq -r '.factors[] | [.key, .value, (.year_used // "—")] | @tsv' "$_j" | sort >"$WORK/f_acc"
	check "$_label: the factors sheet lists each of the account's $(wc -l <"$WORK/f_acc") factors and year used" \
		[ "$(cut -f1,3 "$WORK/f_sheet")" = "$(cut -f1,3 "$WORK/f_acc")" -a -s "$WORK/f_acc" ]
	paste "$WORK/f_sheet" "$WORK/f_acc" | awk -F'\t' '{ print $1 "\t" $2 "\t" $5 }' >"$WORK/pairs"
	check "$_label: every factor value" pairs_near "$WORK/pairs"
}

# download TOKEN PATH: GET $API/PATH into $WORK/api.xlsx (req would put the binary body
# into $WORK/err); sets STATUS and $WORK/headers.
download() {
	STATUS=$(curl -s -m 30 -o "$WORK/api.xlsx" -D "$WORK/headers" -w '%{http_code}' \
		-H "Authorization: Bearer $1" "$API$2")
	printf 'last response: HTTP %s (%s bytes)' "$STATUS" "$(wc -c <"$WORK/api.xlsx")" >"$WORK/err"
}

# workbook_checks XLSX: the package holds eight sheets with a frozen header and two charts.
workbook_checks() {
	_x=$1 _label=$2
	check "$_label: an xlsx (zip) file" [ "$(head -c 2 "$_x")" = PK ]
	if command -v unzip >/dev/null 2>&1; then
		check "$_label: eight worksheets" [ "$(unzip -l "$_x" | grep -c 'xl/worksheets/sheet[0-9]*\.xml')" -eq 8 ]
		check "$_label: every sheet's header row is frozen" \
			[ "$(for i in 1 2 3 4 5 6 7 8; do unzip -p "$_x" xl/worksheets/sheet$i.xml | grep -c 'state="frozen"'; done | grep -c '^1$')" -eq 8 ]
		check "$_label: a column chart of monthly CO2 and a pie chart of CO2 by source" \
			sh -c "unzip -p '$_x' xl/charts/chart1.xml | grep -q '<c:barChart>' && unzip -p '$_x' xl/charts/chart2.xml | grep -q '<c:pieChart>'"
	fi
}

# ---- the fixture of 20-account.sh: 2023, cn-enterprise ----

fresh
gp import enterprises "$TESTDATA/enterprises.csv"
gp import activity "$TESTDATA/account_activity.csv"
gp park set --grid north --name 测试园区
check "fixture loaded" expect_rc 0

gp report --year 2023 --method cn-enterprise --xlsx "$WORK/fixture.xlsx"
check "fixture: report exits 0" expect_rc 0
check "fixture: says what it wrote" out_has "fixture.xlsx: 2023, cn-enterprise, 3 enterprises"
workbook_checks "$WORK/fixture.xlsx" fixture

gp report --year 2023
check "no --xlsx: usage error (2)" expect_rc 2
check "no --xlsx: says so" err_has "--xlsx are required"
gp report --year 2023 --xlsx "$WORK/x.xlsx" --method gb
check "bad --method: usage error (2)" expect_rc 2
gp report --year 2023 --xlsx "$WORK/no-such-dir/x.xlsx"
check "unwritable path: exit 1" expect_rc 1
check "unwritable path: one message naming the file" [ "$(wc -l <"$WORK/err")" -eq 1 -a "$(grep -c 'cannot write .*no-such-dir/x.xlsx' "$WORK/err")" -eq 1 ]

HAVE_SOFFICE=1
command -v soffice >/dev/null 2>&1 || HAVE_SOFFICE=0
if [ "$HAVE_SOFFICE" = 1 ]; then
	"$GREENPARK" account --year 2023 --method cn-enterprise --format json >"$WORK/fx_acc.json"
	check "fixture: LibreOffice converts all eight sheets" sheets "$WORK/fixture.xlsx" "$WORK/fx"
	check "fixture: Summary names the park, no sample-data mark" \
		[ "$(cell "$WORK/fx/汇总 Summary.tsv" 3 park 2)" = 测试园区 -a -z "$(cell "$WORK/fx/汇总 Summary.tsv" 3 sample 2)" ]
	summary_checks "$WORK/fx" "$WORK/fx_acc.json" fixture
	registry_checks "$WORK/fx" fixture
	evaluation_checks "$WORK/fx" 2023 fixture
	enterprise_checks "$WORK/fx" 2023 cn-enterprise "$WORK/fx_acc.json" fixture
	subpark_checks "$WORK/fx" 2023 cn-enterprise fixture
	monthly_checks "$WORK/fx" "$WORK/fx_acc.json" fixture
	factor_checks "$WORK/fx" "$WORK/fx_acc.json" fixture
	# hand-computed in 20-account.sh: cn-enterprise park CO2 = A + B + C
	gas=2162.188809
	coal=190.02988488
	park=$(awk -v g=$gas -v c=$coal 'BEGIN { printf "%.8f", g + 1000000 * 0.6361 / 1000 + c + 110 + 700000 * 0.6361 / 1000 + 50 + 150000 * 0.6361 / 1000 }')
	check "fixture: park CO2 in the sheet = the hand-computed $park t (± 1e-6)" \
		near "$(cell "$WORK/fx/汇总 Summary.tsv" 3 co2_t 2)" "$park" 1e-6
	check "fixture: enterprise B's name with its comma survives" \
		[ "$(cell "$WORK/fx/企业 Enterprises.tsv" 1 91370406MA3C00020N 2)" = "枣庄智能装备制造有限公司, 二厂" ]
fi

# ---- the demo park: 2024, zcp2025 (default method), CLI and API ----

rm -f "$GREENPARK_DB" "$GREENPARK_DB-wal" "$GREENPARK_DB-shm"
gp demo
check "demo built" expect_rc 0
gp report --year 2024 --xlsx "$WORK/demo.xlsx"
check "demo: report exits 0" expect_rc 0
workbook_checks "$WORK/demo.xlsx" demo

add_user() { # NAME ROLE-OPTIONS...
	_u=$1
	shift
	echo "pass-$_u-6060" | "$GREENPARK" user add "$_u" "$@" >/dev/null 2>"$WORK/err"
}
add_user root --role admin
add_user ana --role analyst
add_user vw --role viewer
add_user bk --role bank --bank qilu-bank
U=$(jq -r '.enterprises[0].uscc' < <("$GREENPARK" enterprises --format json))
add_user ent --role enterprise --enterprise "$U"
T_ADMIN=$("$GREENPARK" token create root)
T_ANA=$("$GREENPARK" token create ana)
T_VW=$("$GREENPARK" token create vw)
T_BK=$("$GREENPARK" token create bk)
T_ENT=$("$GREENPARK" token create ent)
check "a token for every role" [ -n "$T_ADMIN" -a -n "$T_ANA" -a -n "$T_VW" -a -n "$T_BK" -a -n "$T_ENT" ]

mkdir -p "$WORK/tmp"
TMPDIR="$WORK/tmp" serve_start || { finish; exit 1; }
download "$T_ANA" "/report.xlsx?year=2024"
check "API analyst: 200" status_is 200
check "API: Content-Type is the xlsx type" header_has Content-Type '^ *application/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet *$'
check "API: Content-Disposition attachment with a file name" header_has Content-Disposition '^ *attachment; filename="greenpark-report-2024-zcp2025\.xlsx" *$'
check "API: Content-Length is the body's" header_has Content-Length "^ *$(wc -c <"$WORK/api.xlsx") *\$"
workbook_checks "$WORK/api.xlsx" API
cp "$WORK/api.xlsx" "$WORK/api-2024.xlsx"
download "$T_ADMIN" "/report.xlsx?year=2023&method=cn-market"
check "API admin, another year and method: 200" status_is 200
check "API: the file name says year and method" header_has Content-Disposition 'greenpark-report-2023-cn-market\.xlsx'
for t in vw:viewer bk:bank ent:enterprise; do
	case ${t%%:*} in vw) TOKEN=$T_VW ;; bk) TOKEN=$T_BK ;; ent) TOKEN=$T_ENT ;; esac
	api GET "/report.xlsx?year=2024"
	check "API ${t##*:}: 403 (the report holds every enterprise's figures)" error_is 403 forbidden
done
TOKEN= api GET "/report.xlsx?year=2024"
check "API anonymous: 401" error_is 401 unauthorized
TOKEN=$T_ANA api GET "/report.xlsx?year=19x"
check "API bad year: 400" error_is 400 bad_request
TOKEN=$T_ANA api GET "/report.xlsx?year=2024&method=gb"
check "API bad method: 400" error_is 400 bad_request
TOKEN=$T_ANA api GET "/timeseries?year=2024&metric=co2"
cp "$WORK/body" "$WORK/ts.json"
check "timeseries for the months: 200" status_is 200
serve_stop
check "API: no temporary workbook left behind" [ -z "$(ls -A "$WORK/tmp")" ]

if [ "$HAVE_SOFFICE" = 0 ]; then
	echo "SKIP report: soffice missing"
	finish
	exit $?
fi
"$GREENPARK" account --year 2024 --format json >"$WORK/demo_acc.json"
check "demo: LibreOffice converts all eight sheets" sheets "$WORK/demo.xlsx" "$WORK/demo"
check "demo: Summary marks the sample data (示例数据)" [ "$(cell "$WORK/demo/汇总 Summary.tsv" 3 sample 2 | cut -c1-12)" = "示例数据" ]
summary_checks "$WORK/demo" "$WORK/demo_acc.json" demo
registry_checks "$WORK/demo" demo
"$GREENPARK" platforms --format json >"$WORK/plats.json"
printf 'rd\t%s\t%s\n' "$(cell "$WORK/demo/汇总 Summary.tsv" 3 rd_platforms 2)" "$(jq '[.[] | select(.kind == "rd")] | length' "$WORK/plats.json")" >"$WORK/pairs"
printf 'innovation\t%s\t%s\n' "$(cell "$WORK/demo/汇总 Summary.tsv" 3 innovation_platforms 2)" "$(jq '[.[] | select(.kind == "innovation")] | length' "$WORK/plats.json")" >>"$WORK/pairs"
check "demo: R&D and innovation platform counts" pairs_near "$WORK/pairs"
evaluation_checks "$WORK/demo" 2024 demo
enterprise_checks "$WORK/demo" 2024 zcp2025 "$WORK/demo_acc.json" demo
subpark_checks "$WORK/demo" 2024 zcp2025 demo
monthly_checks "$WORK/demo" "$WORK/demo_acc.json" demo
factor_checks "$WORK/demo" "$WORK/demo_acc.json" demo
jq -r '.months[] | [.period, (.value // "")] | @tsv' "$WORK/ts.json" >"$WORK/ts.tsv"
awk -F'\t' '$1 ~ /^[0-9]+-[0-9]+$/ { print $1 "\t" $8 }' "$WORK/demo/月度 Monthly.tsv" |
	paste - "$WORK/ts.tsv" | awk -F'\t' '{ print $1 "\t" $2 "\t" $4 }' >"$WORK/pairs"
check "demo: each month's CO2 = GET /timeseries" pairs_near "$WORK/pairs"
check "demo: the factors sheet also lists miit2016's cn-enterprise factors for 2024 and 2023" \
	sh -c "cut -f1,2 '$WORK/demo/因子 Factors.tsv' | grep -qx 'cn-enterprise	2024' && cut -f1,2 '$WORK/demo/因子 Factors.tsv' | grep -qx 'cn-enterprise	2023'"
check "API: LibreOffice converts the API's workbook" sheets "$WORK/api-2024.xlsx" "$WORK/api"
check "API: its sheets hold the CLI's numbers" cmp -s "$WORK/api/汇总 Summary.tsv" "$WORK/demo/汇总 Summary.tsv"
check "API: the same enterprises sheet" cmp -s "$WORK/api/企业 Enterprises.tsv" "$WORK/demo/企业 Enterprises.tsv"

finish
