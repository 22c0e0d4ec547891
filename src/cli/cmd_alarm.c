/* cmd_alarm.c — greenpark alarm rule add|list|remove|enable|disable, alarm list|ack|clear|log|
 * check: the meters' alarm rules, their alarms and the alarm log (docs/alarms.md). Parses,
 * calls report/alarms.c and the store, prints; judges nothing itself. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "ingest/write_queue.h"
#include "core/alarms.h"
#include "core/period.h"
#include "report/alarms.h"
#include "store/store_alarms.h"
#include "store/store_meters.h"
#include "util/num.h"
#include "util/str.h"

#define LOG_DEFAULT_LIMIT 100

/* Unix seconds as the park's local time, "2024-12-31 23:45:00" ("" for 0). */
static void local_time(int64_t ts, int utc_offset_s, char out[24])
{
	int64_t local = ts + utc_offset_s;
	long day = (long)(local >= 0 ? local / 86400 : -((-local + 86399) / 86400));
	long sec = (long)(local - (int64_t)day * 86400);
	char date[11];

	out[0] = '\0';
	if (!ts)
		return;
	date_format(day, date);
	str_fmt(out, 24, "%s %02ld:%02ld:%02ld", date, sec / 3600, sec / 60 % 60, sec % 60);
}

static int park_offset(struct store_handle *h, int *off)
{
	struct park p;
	struct gp_err err;

	if (h->ops->park_get(h->st, &p, &err) != GP_OK)
		return cli_fail(&err);
	*off = park_utc_offset(&p);
	return 0;
}

static bool parse_id(const char *s, int64_t *id)
{
	return num_parse_int64(s, 1, INT64_MAX, id);
}

/* A number option: finite. */
static bool parse_num(const char *s, double *v)
{
	return num_parse_double(s, v) && isfinite(*v);
}

static int rule_add(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"kind", required_argument, NULL, 'k'},      {"meter", required_argument, NULL, 'm'},
	    {"high", required_argument, NULL, 'H'},      {"low", required_argument, NULL, 'L'},
	    {"limit", required_argument, NULL, 'l'},     {"stale-s", required_argument, NULL, 's'},
	    {"pct", required_argument, NULL, 'p'},       {"period", required_argument, NULL, 'P'},
	    {"min-value", required_argument, NULL, 'n'}, {"severity", required_argument, NULL, 'v'},
	    {"note", required_argument, NULL, 'N'},      {NULL, 0, NULL, 0},
	};
	struct alarm_rule r;
	const char *kind = NULL;
	struct gp_err err;
	int64_t id, v;
	int opt;

	alarm_rule_init(&r, ALARM_THRESHOLD);
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'k': kind = optarg; break;
		case 'm':
			if (!str_copy(r.meter, sizeof(r.meter), optarg))
				return cli_usage(&cmd_alarm,
						 "--meter '%.80s' is too long (1-%d bytes)", optarg,
						 METER_CODE_MAX);
			break;
		case 'H':
			if (!parse_num(optarg, &r.high))
				return cli_usage(&cmd_alarm, "--high '%s' is not a number", optarg);
			break;
		case 'L':
			if (!parse_num(optarg, &r.low))
				return cli_usage(&cmd_alarm, "--low '%s' is not a number", optarg);
			break;
		case 'l':
			if (!parse_num(optarg, &r.limit))
				return cli_usage(&cmd_alarm,
						 "--limit '%s' is not a number (per hour)", optarg);
			break;
		case 's':
			if (!num_parse_int64(optarg, 0, ALARM_STALE_MAX_S, &v))
				return cli_usage(&cmd_alarm,
						 "--stale-s '%s' is not 0-%ld seconds (0: 3 × the "
						 "meter's interval)",
						 optarg, ALARM_STALE_MAX_S);
			r.stale_s = (long)v;
			break;
		case 'p':
			if (!parse_num(optarg, &r.pct))
				return cli_usage(&cmd_alarm, "--pct '%s' is not a number (percent)",
						 optarg);
			break;
		case 'P':
			if (alarm_period_parse(optarg, &r.period, &err) != GP_OK)
				return cli_usage(&cmd_alarm, "--%s", err.msg);
			break;
		case 'n':
			if (!parse_num(optarg, &r.min_value))
				return cli_usage(&cmd_alarm, "--min-value '%s' is not a number",
						 optarg);
			break;
		case 'v':
			if (alarm_severity_parse(optarg, &r.severity, &err) != GP_OK)
				return cli_usage(&cmd_alarm, "--%s", err.msg);
			break;
		case 'N':
			if (!str_copy(r.note, sizeof(r.note), optarg))
				return cli_usage(&cmd_alarm, "--note has more than %d bytes",
						 ALARM_NOTE_MAX);
			break;
		case ':': return cli_usage(&cmd_alarm, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_alarm, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_alarm, "unexpected argument '%s'", argv[optind]);
	if (!kind)
		return cli_usage(&cmd_alarm,
				 "alarm rule add needs --kind threshold|rate|stale|imbalance");
	if (alarm_kind_parse(kind, &r.kind, &err) != GP_OK)
		return cli_usage(&cmd_alarm, "--%s", err.msg);
	if (alarm_rule_add(h, &r, c->actor, &id, &err) != GP_OK)
		return cli_fail(&err);
	printf("已添加告警规则 alarm rule added: %lld (%s, %s)\n", (long long)id,
	       alarm_kind_name(r.kind), r.meter[0] ? r.meter : "every meter 全部计量表");
	return 0;
}

/* The parameters of a rule in words, for the text table. */
static void rule_params(const struct alarm_rule *r, char *out, size_t outsz)
{
	out[0] = '\0';
	switch (r->kind) {
	case ALARM_THRESHOLD:
		if (!isnan(r->high) && !isnan(r->low))
			str_fmt(out, outsz, "low %g, high %g", r->low, r->high);
		else if (!isnan(r->high))
			str_fmt(out, outsz, "high %g", r->high);
		else
			str_fmt(out, outsz, "low %g", r->low);
		break;
	case ALARM_RATE: str_fmt(out, outsz, "limit %g /h", r->limit); break;
	case ALARM_STALE:
		if (r->stale_s > 0)
			str_fmt(out, outsz, "stale_s %ld", r->stale_s);
		else
			str_fmt(out, outsz, "stale_s 3 × interval");
		break;
	case ALARM_IMBALANCE:
		str_fmt(out, outsz, "pct %g, %s, min_value %g", r->pct,
			alarm_period_name(r->period), r->min_value);
		break;
	case ALARM_KIND_COUNT: break;
	}
}

static int rule_list(struct cli *c, struct store_handle *h)
{
	static const struct table_col cols[] = {
	    {"id", "编号 Id", -1, true},           {"kind", "类型 Kind", 0, false},
	    {"meter", "表号 Meter", 0, false},     {"severity", "级别 Severity", -1, true},
	    {"enabled", "启用 Enabled", 0, false}, {"params", "参数 Parameters", 0, false},
	    {"note", "备注 Note", 0, false},
	};
	struct alarm_rule *list;
	struct gp_err err;
	struct table t;
	size_t n;

	if (h->ops->alarms->rule_list(h->st, 0, false, &list, &n, &err) != GP_OK)
		return cli_fail(&err);
	if (c->format == FMT_JSON) {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, alarm_rule_json(&list[i]));
		json_print(a, stdout);
		json_decref(a);
		free(list);
		return 0;
	}
	table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < n; i++) {
		char params[160];
		rule_params(&list[i], params, sizeof(params));
		table_row(&t);
		table_num(&t, 0, (double)list[i].id);
		table_str(&t, 1, alarm_kind_name(list[i].kind));
		table_str(&t, 2, list[i].meter[0] ? list[i].meter : "*");
		table_num(&t, 3, list[i].severity);
		table_str(&t, 4, list[i].enabled ? "yes" : "no");
		table_str(&t, 5, params);
		table_str(&t, 6, list[i].note);
	}
	table_print(&t, c->format, "告警规则 alarm rules", stdout);
	table_release(&t);
	free(list);
	return 0;
}

static int rule_cmd(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	const char *action = argc > 1 ? argv[1] : "";
	struct gp_err err;
	int64_t id;

	if (strcmp(action, "add") == 0)
		return rule_add(c, h, argc - 1, argv + 1);
	if (strcmp(action, "list") == 0) {
		if (argc != 2)
			return cli_usage(&cmd_alarm, "unexpected argument '%s'", argv[2]);
		return rule_list(c, h);
	}
	if (strcmp(action, "remove") && strcmp(action, "enable") && strcmp(action, "disable"))
		return cli_usage(
		    &cmd_alarm,
		    "expected alarm rule add, list, remove ID, enable ID or disable ID");
	if (argc != 3 || !parse_id(argv[2], &id))
		return cli_usage(&cmd_alarm, "alarm rule %s needs one rule ID (a number)", action);
	if (strcmp(action, "remove") == 0) {
		if (h->ops->alarms->rule_remove(h->st, id, c->actor, (int64_t)time(NULL), &err) !=
		    GP_OK)
			return cli_fail(&err);
		printf("已删除告警规则 alarm rule %lld removed (its open alarms cleared)\n",
		       (long long)id);
		return 0;
	}
	if (h->ops->alarms->rule_set_enabled(h->st, id, action[0] == 'e', c->actor, &err) != GP_OK)
		return cli_fail(&err);
	printf("告警规则 alarm rule %lld %s\n", (long long)id,
	       action[0] == 'e' ? "已启用 enabled" : "已停用 disabled");
	return 0;
}

static int alarm_list(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"all", no_argument, NULL, 'a'},
	    {"meter", required_argument, NULL, 'm'},
	    {"state", required_argument, NULL, 's'},
	    {NULL, 0, NULL, 0},
	};
	static const struct table_col cols[] = {
	    {"id", "编号 Id", -1, true},
	    {"state", "状态 State", 0, false},
	    {"severity", "级别 Severity", 0, false},
	    {"kind", "类型 Kind", 0, false},
	    {"meter", "表号 Meter", 0, false},
	    {"value", "值 Value", 3, true},
	    {"count", "次数 Count", -1, true},
	    {"raised_at", "首次 Raised", 0, false},
	    {"last_at", "最近 Last", 0, false},
	    {"detail", "说明 Detail", 0, false},
	};
	struct alarm_filter f = {0, 0, 0, -1, false, ALARM_LIST_MAX};
	struct alarm *list;
	struct gp_err err;
	struct table t;
	size_t n;
	int opt, off = 0, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'a': f.all = true; break;
		case 'm': {
			struct meter m;
			if (h->ops->meters->meter_find(h->st, optarg, &m, &err) != GP_OK)
				return cli_fail(&err);
			f.meter_id = m.id;
			break;
		}
		case 's': {
			enum alarm_state s;
			if (alarm_state_parse(optarg, &s, &err) != GP_OK)
				return cli_usage(&cmd_alarm, "--%s", err.msg);
			f.state = (int)s;
			break;
		}
		case ':': return cli_usage(&cmd_alarm, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_alarm, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_alarm, "unexpected argument '%s'", argv[optind]);
	if ((rc = park_offset(h, &off)) != 0)
		return rc;
	if (h->ops->alarms->list(h->st, &f, &list, &n, &err) != GP_OK)
		return cli_fail(&err);
	if (c->format == FMT_JSON) {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, alarm_json(&list[i]));
		json_print(a, stdout);
		json_decref(a);
		free(list);
		return 0;
	}
	table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < n; i++) {
		enum alarm_state s = alarm_state_of(list[i].active, list[i].acked, list[i].cleared);
		char state[48], sev[32], raised[24], last[24];
		str_fmt(state, sizeof(state), "%s %s", alarm_state_zh(s), alarm_state_name(s));
		str_fmt(sev, sizeof(sev), "%d %s", list[i].severity,
			alarm_severity_zh(list[i].severity));
		local_time(list[i].raised_at, off, raised);
		local_time(list[i].last_at, off, last);
		table_row(&t);
		table_num(&t, 0, (double)list[i].id);
		table_str(&t, 1, c->format == FMT_CSV ? alarm_state_name(s) : state);
		table_str(&t, 2,
			  c->format == FMT_CSV ? alarm_severity_name(list[i].severity) : sev);
		table_str(&t, 3, alarm_kind_name(list[i].kind));
		table_str(&t, 4, list[i].meter);
		table_num(&t, 5, list[i].value);
		table_num(&t, 6, (double)list[i].count);
		table_str(&t, 7, raised);
		table_str(&t, 8, last);
		table_str(&t, 9, list[i].detail);
	}
	table_print(&t, c->format, "告警 alarms", stdout);
	table_release(&t);
	free(list);
	return 0;
}

/* alarm ack|clear ID [--note TEXT] */
static int alarm_act(struct cli *c, struct store_handle *h, int argc, char **argv, bool clear)
{
	static const struct option opts[] = {
	    {"note", required_argument, NULL, 'N'},
	    {NULL, 0, NULL, 0},
	};
	const char *note = "";
	struct gp_err err;
	int64_t id;
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'N': note = optarg; break;
		case ':': return cli_usage(&cmd_alarm, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_alarm, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1 || !parse_id(argv[optind], &id))
		return cli_usage(&cmd_alarm, "alarm %s needs one alarm ID (a number)",
				 clear ? "clear" : "ack");
	rc = clear ? alarm_clear(h, id, 0, c->actor, note, (int64_t)time(NULL), &err)
		   : alarm_ack(h, id, 0, c->actor, note, (int64_t)time(NULL), &err);
	if (rc != GP_OK)
		return cli_fail(&err);
	printf("告警 alarm %lld %s\n", (long long)id,
	       clear ? "已清除 cleared" : "已确认 acknowledged");
	return 0;
}

static int alarm_log(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"alarm", required_argument, NULL, 'a'},
	    {"limit", required_argument, NULL, 'l'},
	    {NULL, 0, NULL, 0},
	};
	static const struct table_col cols[] = {
	    {"at", "时间 Time", 0, false},     {"alarm", "告警 Alarm", -1, true},
	    {"event", "事件 Event", 0, false}, {"meter", "表号 Meter", 0, false},
	    {"kind", "类型 Kind", 0, false},   {"actor", "操作人 Actor", 0, false},
	    {"value", "值 Value", 3, true},    {"note", "说明 Note", 0, false},
	};
	struct alarm_event *list;
	struct gp_err err;
	struct table t;
	int64_t alarm_id = 0, limit = LOG_DEFAULT_LIMIT;
	size_t n;
	int opt, off = 0, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			if (!parse_id(optarg, &alarm_id))
				return cli_usage(&cmd_alarm, "--alarm '%s' is not an alarm ID",
						 optarg);
			break;
		case 'l':
			if (!num_parse_int64(optarg, 1, ALARM_LIST_MAX, &limit))
				return cli_usage(&cmd_alarm, "--limit '%s' is not 1-%d", optarg,
						 ALARM_LIST_MAX);
			break;
		case ':': return cli_usage(&cmd_alarm, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_alarm, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_alarm, "unexpected argument '%s'", argv[optind]);
	if ((rc = park_offset(h, &off)) != 0)
		return rc;
	if (h->ops->alarms->events(h->st, 0, alarm_id, (size_t)limit, &list, &n, &err) != GP_OK)
		return cli_fail(&err);
	if (c->format == FMT_JSON) {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, alarm_event_json(&list[i]));
		json_print(a, stdout);
		json_decref(a);
		free(list);
		return 0;
	}
	table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < n; i++) {
		char at[24];
		local_time(list[i].at, off, at);
		table_row(&t);
		table_str(&t, 0, at);
		table_num(&t, 1, (double)list[i].alarm_id);
		table_str(&t, 2, alarm_event_name(list[i].event));
		table_str(&t, 3, list[i].meter);
		table_str(&t, 4, alarm_kind_name(list[i].kind));
		table_str(&t, 5, list[i].actor);
		table_num(&t, 6, list[i].value);
		table_str(&t, 7, list[i].note);
	}
	table_print(&t, c->format, "告警日志 alarm log (newest first)", stdout);
	table_release(&t);
	free(list);
	return 0;
}

static int alarm_check(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"at", required_argument, NULL, 'a'},
	    {NULL, 0, NULL, 0},
	};
	struct alarm_run_stats st;
	struct gp_err err;
	int64_t at = (int64_t)time(NULL);
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			if (time_parse("--at", optarg, &at, &err) != GP_OK)
				return cli_usage(&cmd_alarm, "%s", err.msg);
			break;
		case ':': return cli_usage(&cmd_alarm, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_alarm, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_alarm, "unexpected argument '%s'", argv[optind]);
	if (alarm_sweep(h, at, &st, &err) != GP_OK)
		return cli_fail(&err);
	if (c->format == FMT_JSON) {
		json_t *o =
		    json_pack("{s:I, s:i, s:i, s:i, s:i, s:i}", "at", (json_int_t)at, "rules",
			      (int)st.rules, "judged", (int)st.judged, "raised", (int)st.raised,
			      "updated", (int)st.updated, "returned", (int)st.returned);
		json_print(o, stdout);
		json_decref(o);
		return 0;
	}
	printf("告警检查 alarm check at %lld: %ld rules (stale, imbalance), %ld judged, %ld "
	       "raised, %ld updated, %ld returned to normal\n",
	       (long long)at, st.rules, st.judged, st.raised, st.updated, st.returned);
	return 0;
}

static int run(struct cli *c, int argc, char **argv)
{
	static const char *const actions[] = {"rule", "list", "ack", "clear", "log", "check"};
	const char *action = argc > 1 ? argv[1] : "";
	struct store_handle h;
	struct gp_err err;
	bool known = false;
	int rc;

	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		known = known || strcmp(action, actions[i]) == 0;
	if (!known)
		return cli_usage(&cmd_alarm, "expected rule, list, ack, clear, log or check");
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	/* alarms are judged as a server's logged points are settled: settle them first */
	if (readings_settle_pending(&h, &err) != GP_OK) {
		store_close(&h);
		return cli_fail(&err);
	}
	if (strcmp(action, "rule") == 0)
		rc = rule_cmd(c, &h, argc - 1, argv + 1);
	else if (strcmp(action, "list") == 0)
		rc = alarm_list(c, &h, argc - 1, argv + 1);
	else if (strcmp(action, "ack") == 0)
		rc = alarm_act(c, &h, argc - 1, argv + 1, false);
	else if (strcmp(action, "clear") == 0)
		rc = alarm_act(c, &h, argc - 1, argv + 1, true);
	else if (strcmp(action, "log") == 0)
		rc = alarm_log(c, &h, argc - 1, argv + 1);
	else
		rc = alarm_check(c, &h, argc - 1, argv + 1);
	store_close(&h);
	return rc;
}

const struct command cmd_alarm = {
    "alarm", run, "计量告警 meter alarms: rules, alarms, acknowledge and clear, the log",
    "usage: greenpark alarm rule add --kind threshold|rate|stale|imbalance [--meter CODE]\n"
    "                                [--high X] [--low X] [--limit X] [--stale-s N]\n"
    "                                [--pct P] [--period day|month] [--min-value X]\n"
    "                                [--severity 1|2|3] [--note TEXT]\n"
    "       greenpark alarm rule list | rule remove ID | rule enable ID | rule disable ID\n"
    "       greenpark alarm list [--all] [--meter CODE] [--state active|acked|returned|cleared]\n"
    "       greenpark alarm ack ID [--note TEXT]\n"
    "       greenpark alarm clear ID [--note TEXT]\n"
    "       greenpark alarm log [--alarm ID] [--limit N]\n"
    "       greenpark alarm check [--at RFC3339|UNIX]\n"
    "\n"
    "Rules 规则 (severity 1 紧急 critical, 2 重要 major (default), 3 一般 minor):\n"
    "  threshold  --meter, --high and/or --low: the meter's level above high or below low.\n"
    "             Level: an instantaneous meter's reading × multiplier; an interval meter's\n"
    "             reading per hour (÷ interval × 3600); a cumulative meter's increment per\n"
    "             hour since the reading before (a reset gives none). Canonical unit.\n"
    "  rate       --meter, --limit: the level changes faster than limit per hour between\n"
    "             two consecutive readings.\n"
    "  stale      [--meter] [--stale-s N]: the latest reading is older than N seconds (0 or\n"
    "             absent: 3 × the meter's interval). Without --meter: every meter that takes\n"
    "             readings.\n"
    "  imbalance  [--meter MASTER] --pct P [--period day|month] [--min-value X]: 总分表平衡,\n"
    "             |master − Σ sub-meters| / master × 100 > P over the last complete day\n"
    "             (default) or month; periods whose master is below X (or 0) are skipped.\n"
    "             Without --meter: every master that has sub-meters. One alarm per period.\n"
    "\n"
    "Threshold and rate rules are judged on each meter's latest readings after every write\n"
    "(import readings, POST /api/v1/write, MQTT, Modbus); stale and imbalance rules by 'alarm\n"
    "check' (now, or --at TIME) and by 'greenpark serve' every --alarm-every seconds.\n"
    "An alarm is 告警 active, 已确认 acked (active, acknowledged) or 已恢复 returned (the\n"
    "condition is gone) until it is cleared; a new violation while it is open updates it.\n"
    "Clearing an active alarm needs --note; if the condition lasts, the next evaluation\n"
    "raises a new alarm. 'alarm list' shows the open alarms (--all: cleared ones too); 'alarm\n"
    "log' every transition, newest first (default 100 lines). Rules can also be imported:\n"
    "'greenpark import alarm-rules FILE' (docs/alarms.md).\n"};
