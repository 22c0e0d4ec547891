/* cmd_meter.c — greenpark meter add|list|series|months|totals|stats: the meter registry, a
 * meter's readings and rollups, every meter's months, the park's daily totals, and how many
 * bytes the readings take (docs/metering.md). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/meters.h"
#include "core/period.h"
#include "ingest/modbus_poll.h"
#include "ingest/readings.h"
#include "ingest/write_queue.h"
#include "report/meter_totals.h"
#include "report/reconcile.h"
#include "store/store_meters.h"
#include "store/store_modbus.h"
#include "util/num.h"
#include "util/str.h"

#define SERIES_MAX_POINTS 1000000

static int store_find(void *arg, const char *code, struct meter *out, struct gp_err *err)
{
	struct store_handle *h = arg;
	return h->ops->meters->meter_find(h->st, code, out, err);
}

static int meter_add(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"enterprise", required_argument, NULL, 'e'},
	    {"item", required_argument, NULL, 'i'},
	    {"unit", required_argument, NULL, 'u'},
	    {"kind", required_argument, NULL, 'k'},
	    {"interval", required_argument, NULL, 'n'},
	    {"multiplier", required_argument, NULL, 'm'},
	    {"rollover", required_argument, NULL, 'r'},
	    {"parent", required_argument, NULL, 'p'},
	    {"formula", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	const char *ent = NULL, *item = NULL, *unit = NULL, *kind = NULL;
	struct factor_lib lib;
	struct meter m;
	struct gp_err err;
	int64_t v, id;
	int opt, k, rc;

	memset(&m, 0, sizeof(m));
	m.multiplier = 1;
	m.rollover = NAN;
	m.interval_s = 900;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'e': ent = optarg; break;
		case 'i': item = optarg; break;
		case 'u': unit = optarg; break;
		case 'k': kind = optarg; break;
		case 'n':
			if (!num_parse_int64(optarg, 1, 86400, &v))
				return cli_usage(&cmd_meter,
						 "--interval '%s' is not 1-86400 seconds", optarg);
			m.interval_s = (int)v;
			break;
		case 'm':
			if (!num_parse_double(optarg, &m.multiplier))
				return cli_usage(&cmd_meter, "--multiplier '%s' is not a number",
						 optarg);
			break;
		case 'r':
			if (!num_parse_double(optarg, &m.rollover))
				return cli_usage(&cmd_meter, "--rollover '%s' is not a number",
						 optarg);
			break;
		case 'p':
			if (!str_copy(m.parent, sizeof(m.parent), optarg))
				return cli_usage(&cmd_meter, "--parent '%s' is too long", optarg);
			break;
		case 'f':
			if (!str_copy(m.formula, sizeof(m.formula), optarg))
				return cli_usage(&cmd_meter, "--formula is longer than %zu bytes",
						 sizeof(m.formula) - 1);
			break;
		case ':': return cli_usage(&cmd_meter, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_meter, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_meter, "meter add needs one CODE");
	if (!ent || !item || !unit || !kind)
		return cli_usage(&cmd_meter,
				 "meter add needs --enterprise, --item, --unit and --kind");
	if (!str_copy(m.code, sizeof(m.code), argv[optind]) ||
	    meter_kind_parse(kind, &m.kind, &err) != GP_OK ||
	    uscc_normalize(ent, m.uscc, &err) != GP_OK || !str_copy(m.item, sizeof(m.item), item) ||
	    !str_copy(m.unit, sizeof(m.unit), unit))
		return cli_usage(&cmd_meter, "%s", err.msg);
	if (h->ops->factors_load(h->st, &lib, &err) != GP_OK)
		return cli_fail(&err);
	if ((k = factors_item_index(&lib, item)) < 0) {
		factors_release(&lib);
		return cli_failf("item '%s' is not in the factor library (see data/items.csv)",
				 item);
	}
	rc = item_unit_factor(&lib.items[k], unit, &m.to_canonical, &err);
	factors_release(&lib);
	if (rc == GP_OK)
		rc = meter_check_refs(&m, store_find, h, &err);
	if (rc != GP_OK || meter_validate(&m, &err) != GP_OK ||
	    h->ops->meters->meter_add(h->st, &m, c->actor, &id, &err) != GP_OK)
		return cli_fail(&err);
	printf("已添加计量表 meter added: %s (%s, %s %s)\n", m.code, meter_kind_name(m.kind), item,
	       unit);
	return 0;
}

static int meter_list(struct cli *c, struct store_handle *h)
{
	static const struct table_col cols[] = {
	    {"code", "表号 Meter", 0, false},          {"uscc", "企业 Enterprise", 0, false},
	    {"item", "品种 Item", 0, false},           {"unit", "单位 Unit", 0, false},
	    {"kind", "类型 Kind", 0, false},           {"multiplier", "倍率 Multiplier", -3, true},
	    {"rollover", "满量程 Rollover", -3, true}, {"interval_s", "间隔(s) Interval", -1, true},
	};
	struct meter *list;
	struct gp_err err;
	struct table t;
	size_t n;

	if (h->ops->meters->meter_list(h->st, 0, &list, &n, &err) != GP_OK)
		return cli_fail(&err);
	table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < n; i++) {
		table_row(&t);
		table_str(&t, 0, list[i].code);
		table_str(&t, 1, list[i].uscc);
		table_str(&t, 2, list[i].item);
		table_str(&t, 3, list[i].unit);
		table_str(&t, 4, meter_kind_name(list[i].kind));
		table_num(&t, 5, list[i].multiplier);
		table_num(&t, 6, list[i].rollover);
		table_num(&t, 7, list[i].interval_s);
	}
	table_print(&t, c->format, "计量表 meters", stdout);
	table_release(&t);
	free(list);
	return 0;
}

static int meter_series(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"step", required_argument, NULL, 's'},
	    {NULL, 0, NULL, 0},
	};
	enum series_step step = STEP_RAW;
	struct factor_lib lib;
	struct park park;
	struct meter m;
	struct gp_err err;
	int64_t from = 0, to = 0;
	bool has_from = false, has_to = false;
	json_t *o;
	int opt, k, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (time_parse("--from", optarg, &from, &err) != GP_OK)
				return cli_usage(&cmd_meter, "%s", err.msg);
			has_from = true;
			break;
		case 't':
			if (time_parse("--to", optarg, &to, &err) != GP_OK)
				return cli_usage(&cmd_meter, "%s", err.msg);
			has_to = true;
			break;
		case 's':
			if (series_step_parse(optarg, &step, &err) != GP_OK)
				return cli_usage(&cmd_meter, "%s", err.msg);
			break;
		case ':': return cli_usage(&cmd_meter, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_meter, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1 || !has_from || !has_to)
		return cli_usage(&cmd_meter, "meter series needs CODE, --from and --to");
	if (h->ops->meters->meter_find(h->st, argv[optind], &m, &err) != GP_OK ||
	    h->ops->park_get(h->st, &park, &err) != GP_OK ||
	    h->ops->factors_load(h->st, &lib, &err) != GP_OK)
		return cli_fail(&err);
	k = factors_item_index(&lib, m.item);
	rc = readings_series(h, &m, k >= 0 ? lib.items[k].unit : "", from, to, step,
			     park_utc_offset(&park), SERIES_MAX_POINTS, &o, &err);
	factors_release(&lib);
	if (rc != GP_OK)
		return cli_fail(&err);
	if (c->format == FMT_JSON) {
		json_print(o, stdout);
	} else {
		json_t *p;
		size_t i;
		printf("%s %s (%s, %s)\n", m.code, json_string_value(json_object_get(o, "step")),
		       m.item, json_string_value(json_object_get(o, "unit")));
		json_array_foreach(json_object_get(o, "points"), i, p)
		{
			printf("%lld\t%.10g\n", (long long)json_integer_value(json_array_get(p, 0)),
			       json_number_value(json_array_get(p, 1)));
		}
	}
	json_decref(o);
	return 0;
}

/* The options of 'meter months' and 'meter totals': --from, --to (as parse reads them),
 * --enterprise USCC (→ its id) and, for totals, --step. */
struct range_opts {
	const char *from, *to, *step;
	int64_t enterprise_id;
	char uscc[USCC_LEN + 1];
};

static int range_opts_parse(struct store_handle *h, const char *what, bool with_step, int argc,
			    char **argv, struct range_opts *o)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"step", required_argument, NULL, 's'},
	    {"enterprise", required_argument, NULL, 'e'},
	    {NULL, 0, NULL, 0},
	};
	struct gp_err err;
	int opt;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'f': o->from = optarg; break;
		case 't': o->to = optarg; break;
		case 's':
			if (!with_step)
				return cli_usage(&cmd_meter, "meter %s takes no --step", what);
			o->step = optarg;
			break;
		case 'e': {
			struct enterprise e;
			if (uscc_normalize(optarg, o->uscc, &err) != GP_OK)
				return cli_usage(&cmd_meter, "%s", err.msg);
			if (h->ops->enterprise_find(h->st, o->uscc, &e, &err) != GP_OK)
				return cli_fail(&err);
			o->enterprise_id = e.id;
			break;
		}
		case ':': return cli_usage(&cmd_meter, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_meter, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc || !o->from || !o->to)
		return cli_usage(&cmd_meter, "meter %s needs --from and --to (and nothing else)",
				 what);
	return 0;
}

/* greenpark meter months --from YYYY-MM --to YYYY-MM [--enterprise USCC]: every meter's
 * monthly values (reading_month). */
static int meter_months_cmd(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct table_col cols[] = {
	    {"meter", "表号 Meter", 0, false}, {"uscc", "企业 Enterprise", 0, false},
	    {"item", "品种 Item", 0, false},   {"month", "月份 Month", 0, false},
	    {"value", "数值 Value", 2, true},  {"unit", "单位 Unit", 0, false},
	    {"flags", "质量 Flags", -1, true},
	};
	struct range_opts o;
	struct factor_lib lib;
	struct gp_err err;
	struct table t;
	json_t *out, *x;
	int from, to, rc;
	size_t i;

	if ((rc = range_opts_parse(h, "months", false, argc, argv, &o)) != 0)
		return rc;
	if (period_parse(o.from, &from, &err) != GP_OK || period_parse(o.to, &to, &err) != GP_OK)
		return cli_usage(&cmd_meter, "--from/--to: %s", err.msg);
	if (h->ops->factors_load(h->st, &lib, &err) != GP_OK)
		return cli_fail(&err);
	rc = meter_months_report(h, &lib, from, to, o.enterprise_id, &out, &err);
	factors_release(&lib);
	if (rc != GP_OK)
		return cli_fail(&err);
	if (c->format == FMT_JSON) {
		json_print(out, stdout);
		json_decref(out);
		return 0;
	}
	table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	json_array_foreach(json_object_get(out, "meters"), i, x)
	{
		json_t *months = json_object_get(out, "months");
		for (size_t k = 0; k < json_array_size(months); k++) {
			json_t *v = json_array_get(json_object_get(x, "values"), k);
			if (json_is_null(v))
				continue;
			table_row(&t);
			table_str(&t, 0, json_string_value(json_object_get(x, "meter")));
			table_str(&t, 1, json_string_value(json_object_get(x, "uscc")));
			table_str(&t, 2, json_string_value(json_object_get(x, "item")));
			table_str(&t, 3, json_string_value(json_array_get(months, k)));
			table_num(&t, 4, json_number_value(v));
			table_str(&t, 5, json_string_value(json_object_get(x, "unit")));
			table_num(&t, 6,
				  (double)json_integer_value(
				      json_array_get(json_object_get(x, "flags"), k)));
		}
	}
	table_print(&t, c->format, "各表月度值 every meter's months", stdout);
	table_release(&t);
	json_decref(out);
	return 0;
}

/* greenpark meter totals --from DATE --to DATE [--step day|month] [--enterprise USCC]: the
 * park's (or an enterprise's) totals by item (reading_total_day). */
static int meter_totals_cmd(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct table_col cols[] = {
	    {"item", "品种 Item", 0, false},     {"period", "日期 Period", 0, false},
	    {"value", "合计 Total", 2, true},    {"unit", "单位 Unit", 0, false},
	    {"meters", "表数 Meters", -1, true},
	};
	enum totals_step step = TOTALS_DAY;
	struct range_opts o;
	struct factor_lib lib;
	struct park park;
	struct gp_err err;
	struct table t;
	json_t *out, *it, *p;
	long from, to;
	size_t i, k;
	int rc;

	if ((rc = range_opts_parse(h, "totals", true, argc, argv, &o)) != 0)
		return rc;
	if (date_parse("--from", o.from, &from, &err) != GP_OK ||
	    date_parse("--to", o.to, &to, &err) != GP_OK ||
	    (o.step && totals_step_parse(o.step, &step, &err) != GP_OK))
		return cli_usage(&cmd_meter, "%s", err.msg);
	if (h->ops->factors_load(h->st, &lib, &err) != GP_OK)
		return cli_fail(&err);
	rc = meter_totals_report(h, &lib, from, to, step, o.enterprise_id, o.uscc, &out, &err);
	factors_release(&lib);
	if (rc != GP_OK || h->ops->park_get(h->st, &park, &err) != GP_OK)
		return cli_fail(&err);
	if (c->format == FMT_JSON) {
		json_print(out, stdout);
		json_decref(out);
		return 0;
	}
	table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	json_array_foreach(json_object_get(out, "items"), i, it)
	{
		json_array_foreach(json_object_get(it, "points"), k, p)
		{
			char day[11];
			/* ts is the period's start, which meter_day_of (a reading's day: the
			 * one its time closes) would put in the day before */
			long d = meter_day_of(json_integer_value(json_array_get(p, 0)) + 1,
					      park_utc_offset(&park));
			date_format(d, day);
			if (step == TOTALS_MONTH)
				day[7] = '\0';
			table_row(&t);
			table_str(&t, 0, json_string_value(json_object_get(it, "item")));
			table_str(&t, 1, day);
			table_num(&t, 2, json_number_value(json_array_get(p, 1)));
			table_str(&t, 3, json_string_value(json_object_get(it, "unit")));
			table_num(&t, 4, (double)json_integer_value(json_array_get(p, 2)));
		}
	}
	table_print(&t, c->format,
		    o.enterprise_id ? "企业合计 the enterprise's totals"
				    : "园区合计 the park's totals",
		    stdout);
	table_release(&t);
	json_decref(out);
	return 0;
}

static int meter_stats(struct cli *c, struct store_handle *h)
{
	struct gp_err err;
	long long bytes = 0, points = 0;

	if (readings_settle_pending(h, &err) != GP_OK ||
	    h->ops->meters->reading_bytes(h->st, &bytes, &points, &err) != GP_OK)
		return cli_fail(&err);
	if (c->format == FMT_JSON) {
		json_t *o =
		    json_pack("{s:I, s:I, s:o}", "bytes", (json_int_t)bytes, "points",
			      (json_int_t)points, "bytes_per_point",
			      points ? json_real((double)bytes / (double)points) : json_null());
		json_print(o, stdout);
		json_decref(o);
	} else {
		printf("读数 readings: %lld points in %lld bytes (%.2f bytes/point, rollups "
		       "included)\n",
		       points, bytes, points ? (double)bytes / (double)points : 0.0);
	}
	return 0;
}

static int meter_reconcile_cmd(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"year", required_argument, NULL, 'y'},
	    {"tolerance", required_argument, NULL, 't'},
	    {"enterprise", required_argument, NULL, 'e'},
	    {"apply", no_argument, NULL, 'a'},
	    {"replace", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	struct reconcile_opts o = {0, 0.05, 0};
	bool apply = false, replace = false;
	struct factor_lib lib;
	struct gp_err err;
	json_t *out = NULL;
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'y':
			if (!cli_parse_year(optarg, &o.year))
				return cli_usage(&cmd_meter, "--year '%s' is not a year", optarg);
			break;
		case 't':
			if (!num_parse_double(optarg, &o.tolerance) || o.tolerance < 0 ||
			    o.tolerance > 10)
				return cli_usage(&cmd_meter,
						 "--tolerance '%s' is not a fraction (0.05 = 5 %%)",
						 optarg);
			break;
		case 'e': {
			struct enterprise e;
			char uscc[USCC_LEN + 1];
			if (uscc_normalize(optarg, uscc, &err) != GP_OK ||
			    h->ops->enterprise_find(h->st, uscc, &e, &err) != GP_OK)
				return cli_fail(&err);
			o.enterprise_id = e.id;
			break;
		}
		case 'a': apply = true; break;
		case 'r': replace = true; break;
		case ':': return cli_usage(&cmd_meter, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_meter, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!o.year || optind != argc)
		return cli_usage(&cmd_meter, "meter reconcile needs --year");
	if (replace && !apply)
		return cli_usage(&cmd_meter, "--replace goes with --apply");
	if (h->ops->factors_load(h->st, &lib, &err) != GP_OK)
		return cli_fail(&err);
	if (apply) {
		struct reconcile_apply a;
		rc = meter_apply(h, &lib, &o, replace, c->actor, &a, &err);
		if (rc == GP_OK)
			printf(
			    "已写入台账 ledger written from meters: %lld months new, %lld replaced "
			    "(batch %lld, kind meter)\n",
			    a.written, a.replaced, a.batch);
	} else {
		rc = meter_reconcile(h, &lib, &o, &out, &err);
	}
	factors_release(&lib);
	if (rc != GP_OK)
		return cli_fail(&err);
	if (!out)
		return 0;
	if (c->format == FMT_JSON) {
		json_print(out, stdout);
	} else {
		json_t *x;
		size_t i;
		printf(
		    "计量与统计核对 meters against the ledger, %d (tolerance %.1f %%): %lld "
		    "flagged, %lld months without a report\n",
		    o.year, 100 * o.tolerance,
		    (long long)json_integer_value(json_object_get(out, "flagged")),
		    (long long)json_integer_value(json_object_get(out, "months_without_report")));
		json_array_foreach(json_object_get(out, "rows"), i, x)
		{
			json_t *rep = json_object_get(x, "reported");
			char reported[32] = "—";
			if (!json_is_null(rep))
				str_fmt(reported, sizeof(reported), "%.2f", json_number_value(rep));
			printf("%s %s %-18s meter %14.2f  reported %14s %s\n",
			       json_string_value(json_object_get(x, "uscc")),
			       json_string_value(json_object_get(x, "period")),
			       json_string_value(json_object_get(x, "item")),
			       json_number_value(json_object_get(x, "meter")), reported,
			       json_is_true(json_object_get(x, "flagged")) ? "⚠ 差异超限 differs"
									   : "");
		}
	}
	json_decref(out);
	return 0;
}

static int meter_balance_cmd(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	struct gp_err err;
	json_t *out, *x;
	size_t i;
	int year = 0;

	if (argc != 3 || strcmp(argv[1], "--year") || !cli_parse_year(argv[2], &year))
		return cli_usage(&cmd_meter, "meter balance needs --year Y");
	if (meter_balance_report(h, year, 0, &out, &err) != GP_OK)
		return cli_fail(&err);
	if (c->format == FMT_JSON) {
		json_print(out, stdout);
		json_decref(out);
		return 0;
	}
	printf("总分表平衡 master vs sub-meters, %d\n", year);
	json_array_foreach(json_object_get(out, "rows"), i, x)
	{
		json_t *sh = json_object_get(x, "share");
		char share[32] = "—";
		if (!json_is_null(sh))
			str_fmt(share, sizeof(share), "%.2f %%", 100 * json_number_value(sh));
		printf("%-12s %s  master %14.2f  subs(%lld) %14.2f  diff %s\n",
		       json_string_value(json_object_get(x, "master")),
		       json_string_value(json_object_get(x, "month")),
		       json_number_value(json_object_get(x, "master_value")),
		       (long long)json_integer_value(json_object_get(x, "subs")),
		       json_number_value(json_object_get(x, "subs_value")), share);
	}
	json_decref(out);
	return 0;
}

/* greenpark meter topic add TOPIC METER | remove TOPIC | list: the MQTT topics whose JSON
 * points without a "meter" go to a meter. */
static int meter_topic(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct table_col cols[] = {
	    {"topic", "主题 Topic", 0, false},
	    {"meter", "表号 Meter", 0, false},
	};
	const char *action = argc > 1 ? argv[1] : "";
	struct mqtt_topic_row *list;
	struct gp_err err;
	struct table t;
	size_t n;

	if (strcmp(action, "add") == 0 || strcmp(action, "remove") == 0) {
		const char *topic = argc > 2 ? argv[2] : "";
		if (argc != (action[0] == 'a' ? 4 : 3))
			return cli_usage(&cmd_meter, "expected meter topic add TOPIC METER or "
						     "meter topic remove TOPIC");
		if (!topic[0] || strlen(topic) > MQTT_TOPIC_MAX || strpbrk(topic, "+#"))
			return cli_usage(&cmd_meter,
					 "topic '%.100s' is not an MQTT topic name (1-%d bytes, no "
					 "wildcards + or #)",
					 topic, MQTT_TOPIC_MAX);
		if (action[0] == 'a'
			? h->ops->meters->topic_put(h->st, topic, argv[3], c->actor, &err) != GP_OK
			: h->ops->meters->topic_remove(h->st, topic, c->actor, &err) != GP_OK)
			return cli_fail(&err);
		if (action[0] == 'a')
			printf("主题 topic %s → 表 meter %s\n", topic, argv[3]);
		else
			printf("主题 topic %s removed\n", topic);
		return 0;
	}
	if (strcmp(action, "list") != 0 || argc != 2)
		return cli_usage(&cmd_meter, "expected meter topic add|remove|list");
	if (h->ops->meters->topic_list(h->st, &list, &n, &err) != GP_OK)
		return cli_fail(&err);
	table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < n; i++) {
		table_row(&t);
		table_str(&t, 0, list[i].topic);
		table_str(&t, 1, list[i].meter);
	}
	table_print(&t, c->format, "MQTT 主题 topics", stdout);
	table_release(&t);
	free(list);
	return 0;
}

/* meter modbus list|poll-once: the Modbus register map, and one poll of every register. */
static int meter_modbus(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct table_col cols[] = {
	    {"meter", "表号 Meter", 0, false}, {"host", "主机 Host", 0, false},
	    {"port", "端口 Port", -1, true},   {"unit", "站号 Unit", -1, true},
	    {"kind", "寄存器 Kind", 0, false}, {"address", "地址 Address", -1, true},
	    {"type", "类型 Type", 0, false},   {"word_order", "字序 Word order", 0, false},
	    {"scale", "系数 Scale", -3, true}, {"interval_s", "间隔(s) Interval", -1, true},
	};
	struct modbus_entry *list;
	struct modbus_poll_stats st;
	struct gp_err err;
	struct table t;
	size_t n;

	if (argc == 2 && strcmp(argv[1], "poll-once") == 0) {
		if (modbus_poll_once(h, stdout, &st, &err) != GP_OK)
			return cli_fail(&err);
		fprintf(stderr, "modbus: %lld readings written, %lld errors\n", st.points,
			st.errors);
		return st.errors ? 1 : 0;
	}
	if (argc != 2 || strcmp(argv[1], "list"))
		return cli_usage(&cmd_meter, "meter modbus expects list or poll-once");
	if (h->ops->modbus->register_list(h->st, &list, &n, &err) != GP_OK)
		return cli_fail(&err);
	table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < n; i++) {
		table_row(&t);
		table_str(&t, 0, list[i].meter);
		table_str(&t, 1, list[i].host);
		table_num(&t, 2, list[i].port);
		table_num(&t, 3, list[i].unit_id);
		table_str(&t, 4, modbus_reg_kind_name(list[i].kind));
		table_num(&t, 5, list[i].address);
		table_str(&t, 6, modbus_type_name(list[i].type));
		table_str(&t, 7, modbus_word_order_name(list[i].order));
		table_num(&t, 8, list[i].scale);
		table_num(&t, 9, list[i].interval_s);
	}
	table_print(&t, c->format, "Modbus 寄存器 registers", stdout);
	table_release(&t);
	free(list);
	return 0;
}

static int run(struct cli *c, int argc, char **argv)
{
	const char *action = argc > 1 ? argv[1] : "";
	struct store_handle h;
	int rc;

	if (strcmp(action, "add") && strcmp(action, "list") && strcmp(action, "series") &&
	    strcmp(action, "months") && strcmp(action, "totals") && strcmp(action, "stats") &&
	    strcmp(action, "reconcile") && strcmp(action, "balance") && strcmp(action, "topic") &&
	    strcmp(action, "modbus"))
		return cli_usage(&cmd_meter,
				 "expected add, list, series, months, totals, stats, reconcile, "
				 "balance, topic or modbus");
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	if (strcmp(action, "add") == 0)
		rc = meter_add(c, &h, argc - 1, argv + 1);
	else if (strcmp(action, "list") == 0)
		rc = meter_list(c, &h);
	else if (strcmp(action, "series") == 0)
		rc = meter_series(c, &h, argc - 1, argv + 1);
	else if (strcmp(action, "months") == 0)
		rc = meter_months_cmd(c, &h, argc - 1, argv + 1);
	else if (strcmp(action, "totals") == 0)
		rc = meter_totals_cmd(c, &h, argc - 1, argv + 1);
	else if (strcmp(action, "reconcile") == 0)
		rc = meter_reconcile_cmd(c, &h, argc - 1, argv + 1);
	else if (strcmp(action, "balance") == 0)
		rc = meter_balance_cmd(c, &h, argc - 1, argv + 1);
	else if (strcmp(action, "topic") == 0)
		rc = meter_topic(c, &h, argc - 1, argv + 1);
	else if (strcmp(action, "modbus") == 0)
		rc = meter_modbus(c, &h, argc - 1, argv + 1);
	else
		rc = meter_stats(c, &h);
	store_close(&h);
	return rc;
}

const struct command cmd_meter = {
    "meter", run, "计量表与读数 meters, their readings and rollups",
    "usage: greenpark meter add CODE --enterprise USCC --item ITEM --unit UNIT\n"
    "                           --kind cumulative|interval|instant [--interval SECONDS]\n"
    "                           [--multiplier CT×PT] [--rollover VALUE] [--parent MASTER]\n"
    "       greenpark meter add CODE --enterprise USCC --item ITEM --unit UNIT --kind virtual\n"
    "                           --formula \"MAIN - T1 - T2\"   (a sum of meters; no readings)\n"
    "       greenpark meter list\n"
    "       greenpark meter series CODE --from T --to T [--step raw|hour|day|month]\n"
    "       greenpark meter months --from YYYY-MM --to YYYY-MM [--enterprise USCC]\n"
    "       greenpark meter totals --from YYYY-MM-DD --to YYYY-MM-DD [--step day|month]\n"
    "                              [--enterprise USCC]\n"
    "       greenpark meter stats\n"
    "       greenpark meter reconcile --year Y [--tolerance 0.05] [--enterprise USCC]\n"
    "                                 [--apply [--replace]]\n"
    "       greenpark meter balance --year Y      (总分表平衡: masters against their sub-meters)\n"
    "       greenpark meter topic add TOPIC METER | topic remove TOPIC | topic list\n"
    "       greenpark meter modbus list | modbus poll-once\n"
    "\n"
    "Readings come in with 'greenpark import readings FILE' (CSV meter,ts,value or line\n"
    "protocol). T is RFC 3339 with an offset (2024-03-01T00:00:00+08:00) or Unix seconds.\n"
    "A cumulative meter's hour, day and month values are its consumption in the period\n"
    "(rollover and reset handled); interval meters sum, instantaneous ones average. Periods\n"
    "are the park's local hours, days and months, closed at their end: a reading at 01:00\n"
    "settles the hour 00:00-01:00. Values are in the item's canonical unit (reading ×\n"
    "multiplier, converted). 'months' gives every meter's monthly values at once, 'totals'\n"
    "the park's daily (or monthly) totals by item over its main meters (an enterprise's: its\n"
    "meters but sub-meters of its own masters), both from rollups kept on ingest. 'stats' tells "
    "how many bytes the readings take on disk per\n"
    "point, rollups included. 'reconcile' sets each enterprise's monthly meter totals\n"
    "(cumulative and interval meters, summed by item) against the ledger and flags\n"
    "differences above the tolerance; --apply writes the totals into the ledger where it has\n"
    "no value (a batch of kind meter), --replace also where the reported value differs\n"
    "(docs/metering.md). 'topic' maps an MQTT topic to a meter: JSON points published on it\n"
    "without a \"meter\" go to that meter ('greenpark serve --mqtt').\n"};
