#!/bin/sh
# run.sh GREENPARK — what 'make run' does once the build is done: create the store
# (./greenpark.db, or $GREENPARK_DB), load the sample park on first run, and print
# the park's carbon account for the latest sample year in all three methods.
# (The web dashboard replaces this when 'greenpark serve' lands.)
set -eu
gp=$1
top=$(cd "$(dirname "$0")/.." && pwd)
db=${GREENPARK_DB:-greenpark.db}
first=0
[ -f "$db" ] || first=1
"$gp" --db "$db" init
if [ "$first" -eq 1 ]; then
	"$gp" --db "$db" park set --name "山亭经济开发区（示例）" --region "山东省枣庄市山亭区" \
		--grid north --land-km2 12.6 --timezone Asia/Shanghai >/dev/null
	"$gp" --db "$db" import enterprises "$top/data/sample/enterprises.csv"
	"$gp" --db "$db" import platforms "$top/data/sample/platforms.csv"
	"$gp" --db "$db" import activity "$top/data/sample/activity.csv"
fi
echo
"$gp" --db "$db" enterprises
for m in zcp2025 cn-enterprise cn-market; do
	echo
	"$gp" --db "$db" account --year 2024 --method "$m"
done
echo
echo "示例数据 sample data — store: $db · try: $gp --db $db account --year 2024 --format json"
