#!/bin/sh
# run.sh GREENPARK — what 'make run' does once the build is done: build the demo park
# into ./greenpark.db (or $GREENPARK_DB) when that store does not exist yet — printing
# the demo accounts' passwords once — then serve the dashboard and API at
# http://127.0.0.1:8080 (or $GREENPARK_LISTEN) until Ctrl-C.
set -eu
gp=$1
db=${GREENPARK_DB:-greenpark.db}
listen=${GREENPARK_LISTEN:-127.0.0.1:8080}
if [ ! -f "$db" ]; then
	"$gp" --db "$db" demo
	echo
	echo "记下上面的密码 note the passwords above: they are not shown again"
	echo "(reset one with: echo NEWPASSWORD | $gp --db $db user passwd admin)"
	echo
else
	"$gp" --db "$db" init >/dev/null
fi
echo "打开 open http://$listen/ (示例数据 sample data) — stop with Ctrl-C"
exec "$gp" --db "$db" serve --listen "$listen"
