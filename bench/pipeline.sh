#!/bin/sh
# pipeline.sh BUILD — the investment pipeline's benchmark (bench/README.md). Never part of
# 'make test'; 'make bench' runs it after run.sh.
#
# Generates (awk, deterministic) a pipeline of N projects (BENCH_PROJECTS, default 20,000)
# in the sample park of data/sample, each entering 储备 and moving forward 0-6 stages
# (about 3 moves each; every move into 签约 passes the screening gate, with the 4 rules
# below), then, R times (BENCH_RUNS, default 5):
#   summary   greenpark project summary --format json (stages, totals, conversion, days
#             in stage, vetoes, the effect on the park's account)
#   vs. the sqlite3 CLI computing the same counts, totals and median days per stage
#             with window functions over the same CSV files imported as plain tables.
# Prints the import times (projects/s, moves/s), the medians and the ratio, and checks
# that both sides counted the same projects per stage.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: sh bench/pipeline.sh BUILD   (BENCH_RUNS=R, BENCH_PROJECTS=N)" >&2
	exit 2
fi
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
runs=${BENCH_RUNS:-5}
n=${BENCH_PROJECTS:-20000}
case $runs$n in
*[!0-9]*) echo "bench: BENCH_RUNS and BENCH_PROJECTS must be whole numbers" >&2; exit 2 ;;
esac
[ "$runs" -ge 1 ] && [ "$runs" -le 100 ] || { echo "bench: BENCH_RUNS 1-100" >&2; exit 2; }
[ "$n" -ge 10 ] && [ "$n" -le 100000 ] || { echo "bench: BENCH_PROJECTS 10-100000" >&2; exit 2; }
gp=$build/greenpark
[ -x "$gp" ] || { echo "bench: $gp is missing (run 'make all')" >&2; exit 1; }
command -v sqlite3 >/dev/null 2>&1 || { echo "bench: the sqlite3 CLI (the baseline) is not installed" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/greenpark-bench-pipeline.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
db=$tmp/park.db
base=$tmp/base.db

# ---- the data ----
awk -v n="$n" 'BEGIN {
	srand(370406)
	split("reserve negotiating signed landed started building producing", st, " ")
	print "code,name,investor,uscc,industry_code,leading_industry,subpark,investment_wan_yuan,output_wan_yuan,tax_wan_yuan,land_mu,land_m2,high_tech,talent,lead,members,department,energy,so2_t,nox_t,voc_t,pm_t,cod_t,nh3n_t,key_list,stage,stage_date,note" > "'"$tmp"'/projects.csv"
	print "project,stage,date,reason,override" > "'"$tmp"'/stages.csv"
	for (i = 1; i <= n; i++) {
		inv = int(1000 + rand() * 50000); out = int(inv * (1.2 + rand()))
		elec = int(out * (0.01 + rand() * 0.03)); y = 2021; d = 1 + int(rand() * 300)
		printf "B%06d,项目%d,投资方,,C3841,new_energy_materials,,%d,%d,%d,%.1f,,0,,甲,,招商局,electricity_grid:%d 万kWh,0.5,1,0.2,0.1,0.5,0.05,,reserve,%s,\n", i, i, inv, out, out * 0.05, inv / 300, elec, day(y, d) > "'"$tmp"'/projects.csv"
		k = int(rand() * 7)
		for (m = 1; m <= k; m++) {
			d += 20 + int(rand() * 100)
			printf "B%06d,%s,%s,,\n", i, st[m + 1], day(y, d) > "'"$tmp"'/stages.csv"
		}
	}
}
function day(y, d,   md, m) {
	split("31 28 31 30 31 30 31 31 30 31 30 31", md, " ")
	while (d > 365) { d -= 365; y++ }
	for (m = 1; d > md[m]; m++) d -= md[m]
	return sprintf("%04d-%02d-%02d", y, m, d)
}'
moves=$(($(wc -l <"$tmp/stages.csv") - 1))
cat >"$tmp/rules.csv" <<'EOF'
code,kind,param,threshold,mandatory,name,source
E1,energy_intensity_max,equivalent,0.5,yes,energy,bench
S1,pollutant_max,so2,10,yes,so2,bench
R1,restricted_industry,C2521,,yes,coking,bench
Z1,park_core_increase_max,,1,no,park,bench
EOF

# seconds CMD...: the wall time of one run, in seconds (stdout to $tmp/out)
seconds() {
	t0=$(date +%s.%N)
	"$@" >"$tmp/out" 2>"$tmp/err" || { echo "bench: failed: $*" >&2; tail -n 5 "$tmp/err" >&2; exit 1; }
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc -l
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

"$gp" --db "$db" init >/dev/null
"$gp" --db "$db" import enterprises "$top/data/sample/enterprises.csv" >/dev/null
"$gp" --db "$db" import activity "$top/data/sample/activity.csv" >/dev/null
"$gp" --db "$db" import screen-rules "$tmp/rules.csv" >/dev/null
echo "bench: $n projects, $moves moves ..."
t_projects=$(seconds "$gp" --db "$db" import projects "$tmp/projects.csv")
t_moves=$(seconds "$gp" --db "$db" import project-stages "$tmp/stages.csv")

sqlite3 -init /dev/null -batch "$base" \
	"CREATE TABLE p (code, name, investor, uscc, industry_code, leading_industry, subpark, investment_wan_yuan REAL, output_wan_yuan REAL, tax_wan_yuan REAL, land_mu REAL, land_m2, high_tech, talent, lead, members, department, energy, so2_t, nox_t, voc_t, pm_t, cod_t, nh3n_t, key_list, stage, stage_date, note);" \
	"CREATE TABLE m (project, stage, date, reason, override);" \
	".import --csv --skip 1 $tmp/projects.csv p" ".import --csv --skip 1 $tmp/stages.csv m"
# The baseline: the current stage of each project, counts and totals per stage, and the
# median days of completed stays per stage (LEAD over each project's entries).
base_sql="
WITH ev AS (SELECT code AS project, 'reserve' AS stage, stage_date AS date, 0 AS seq FROM p
            UNION ALL SELECT project, stage, date, rowid FROM m),
cur AS (SELECT project, stage FROM (SELECT project, stage, row_number() OVER (PARTITION BY project ORDER BY seq DESC) AS r FROM ev) WHERE r = 1),
stays AS (SELECT stage, julianday(lead(date) OVER (PARTITION BY project ORDER BY seq)) - julianday(date) AS days FROM ev),
done AS (SELECT stage, days, row_number() OVER (PARTITION BY stage ORDER BY days) AS k, count(*) OVER (PARTITION BY stage) AS c FROM stays WHERE days IS NOT NULL)
SELECT c.stage, count(*), sum(p.investment_wan_yuan), sum(p.output_wan_yuan), sum(p.land_mu),
       (SELECT avg(days) FROM done d WHERE d.stage = c.stage AND k IN ((c2 + 1) / 2, (c2 + 2) / 2))
FROM cur c JOIN p ON p.code = c.project
JOIN (SELECT stage AS s2, max(c) AS c2 FROM done GROUP BY stage) ON s2 = c.stage
GROUP BY c.stage;"

echo "bench: summary, $runs runs each (after one untimed warm-up) ..."
"$gp" --db "$db" project summary --format json >"$tmp/gp.json"
sqlite3 -init /dev/null -batch "$base" "$base_sql" >/dev/null
: >"$tmp/gp_s"
: >"$tmp/base_s"
i=1
while [ "$i" -le "$runs" ]; do
	seconds "$gp" --db "$db" project summary --format json >>"$tmp/gp_s"
	cp "$tmp/out" "$tmp/gp.json"
	seconds sqlite3 -init /dev/null -batch "$base" "$base_sql" >>"$tmp/base_s"
	cp "$tmp/out" "$tmp/base.txt"
	i=$((i + 1))
done

# both counted the same projects at each stage (the baseline lists the stages with completed stays)
check=$(jq -r '.by_stage | to_entries[] | "\(.key) \(.value)"' "$tmp/gp.json" | awk -v f="$tmp/base.txt" '
	BEGIN { while ((getline l < f) > 0) { split(l, a, "|"); want[a[1]] = a[2] } }
	{ if (($1 in want) && want[$1] != $2) bad = bad " " $1 ":" $2 "≠" want[$1]; if ($1 in want) n++ }
	END { print (bad == "" && n > 0) ? "ok: " n " stage counts agree" : "MISMATCH" bad }')

gp_med=$(median <"$tmp/gp_s")
base_med=$(median <"$tmp/base_s")
{
	echo "pipeline benchmark — $n projects, $moves moves ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores)"
	printf "import projects        %8.3f s   %10.0f projects/s\n" "$t_projects" "$(echo "$n / $t_projects" | bc -l)"
	printf "import project-stages  %8.3f s   %10.0f moves/s (each move into 签约 screened)\n" "$t_moves" "$(echo "$moves / $t_moves" | bc -l)"
	printf "project summary        median %.4f s  vs sqlite3 window-function baseline %.4f s  ratio %.2f\n" \
		"$gp_med" "$base_med" "$(echo "$gp_med / $base_med" | bc -l)"
	echo "check: $check"
} | tee "$top/bench/out/pipeline.txt"
