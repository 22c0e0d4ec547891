/* cmd_target.c — greenpark target add|list|remove|check: park and enterprise targets
 * (dual-carbon intensity cuts, clean-energy share by a year, 工业倍增) and how the
 * ledger stands against the path they require. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/targets.h"
#include "report/targets.h"
#include "util/num.h"
#include "util/str.h"

static int target_add(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"metric", required_argument, NULL, 'm'},
	    {"path", required_argument, NULL, 'p'},
	    {"base-year", required_argument, NULL, 'b'},
	    {"target-year", required_argument, NULL, 't'},
	    {"amount", required_argument, NULL, 'a'},
	    {"enterprise", required_argument, NULL, 'e'},
	    {"note", required_argument, NULL, 'n'},
	    {NULL, 0, NULL, 0},
	};
	struct target t;
	struct gp_err err;
	const char *metric = NULL, *path = NULL, *amount = NULL, *enterprise = NULL;
	int64_t id;
	int opt;

	memset(&t, 0, sizeof(t));
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'm': metric = optarg; break;
		case 'p': path = optarg; break;
		case 'b':
			if (!cli_parse_year(optarg, &t.base_year))
				return cli_usage(&cmd_target, "--base-year '%s' is not a year",
						 optarg);
			break;
		case 't':
			if (!cli_parse_year(optarg, &t.target_year))
				return cli_usage(&cmd_target, "--target-year '%s' is not a year",
						 optarg);
			break;
		case 'a': amount = optarg; break;
		case 'e': enterprise = optarg; break;
		case 'n':
			if (!str_copy(t.note, sizeof(t.note), optarg))
				return cli_usage(&cmd_target, "--note is longer than %zu bytes",
						 sizeof(t.note) - 1);
			break;
		case ':': return cli_usage(&cmd_target, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_target, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_target, "unexpected argument '%s'", argv[optind]);
	if (!metric || !path || !t.base_year || !amount)
		return cli_usage(&cmd_target,
				 "target add needs --metric, --path, --base-year and --amount");
	str_copy(t.metric, sizeof(t.metric), metric);
	if (target_path_parse(path, &t.path) != GP_OK)
		return cli_usage(&cmd_target, "--path '%s' is not rate, reach or multiple", path);
	if (!num_parse_double(amount, &t.amount))
		return cli_usage(&cmd_target, "--amount '%s' is not a number", amount);
	if (target_validate(&t, &err) != GP_OK)
		return cli_usage(&cmd_target, "%s", err.msg);
	if (enterprise) {
		struct enterprise e;
		if (uscc_normalize(enterprise, t.uscc, &err) != GP_OK ||
		    h->ops->enterprise_find(h->st, t.uscc, &e, &err) != GP_OK)
			return cli_fail(&err);
		t.enterprise_id = e.id;
	}
	if (h->ops->target_add(h->st, &t, c->actor, &id, &err) != GP_OK)
		return cli_fail(&err);
	printf("已添加目标 target added: %lld\n", (long long)id);
	return 0;
}

static int target_list(struct cli *c, struct store_handle *h)
{
	static const struct table_col cols[] = {
	    {"id", "编号 Id", -1, true},
	    {"scope", "范围 Scope", 0, false},
	    {"metric", "指标 Metric", 0, false},
	    {"path", "路径 Path", 0, false},
	    {"amount", "数值 Amount", -3, true},
	    {"base_year", "基准年 Base", -1, true},
	    {"target_year", "目标年 Target", -1, true},
	    {"note", "说明 Note", 0, false},
	};
	struct target *ts;
	struct gp_err err;
	struct table t;
	size_t n;

	if (h->ops->target_list(h->st, &ts, &n, &err) != GP_OK)
		return cli_fail(&err);
	table_init(&t, cols, 8);
	for (size_t i = 0; i < n; i++) {
		table_row(&t);
		table_num(&t, 0, (double)ts[i].id);
		table_str(&t, 1, ts[i].enterprise_id ? ts[i].uscc : "park");
		table_str(&t, 2, ts[i].metric);
		table_str(&t, 3, target_path_name(ts[i].path));
		table_num(&t, 4, ts[i].amount);
		table_num(&t, 5, ts[i].base_year);
		table_num(&t, 6, ts[i].target_year ? ts[i].target_year : NAN);
		table_str(&t, 7, ts[i].note);
	}
	table_print(&t, c->format, NULL, stdout);
	table_release(&t);
	free(ts);
	return 0;
}

static int target_check(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"year", required_argument, NULL, 'y'},
	    {"method", required_argument, NULL, 'm'},
	    {NULL, 0, NULL, 0},
	};
	enum account_method method = METHOD_ZCP2025;
	struct factor_lib lib;
	struct gp_err err;
	json_t *o, *x;
	size_t i;
	int year = 0, opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'y':
			if (!cli_parse_year(optarg, &year))
				return cli_usage(&cmd_target, "--year '%s' is not a year", optarg);
			break;
		case 'm':
			if (account_method_parse(optarg, &method) != GP_OK)
				return cli_usage(
				    &cmd_target,
				    "--method '%s' is not zcp2025, cn-enterprise or cn-market",
				    optarg);
			break;
		case ':': return cli_usage(&cmd_target, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_target, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!year)
		return cli_usage(&cmd_target, "target check needs --year");
	if (h->ops->factors_load(h->st, &lib, &err) != GP_OK)
		return cli_fail(&err);
	rc = targets_check(h, &lib, year, method, &o, &err);
	factors_release(&lib);
	if (rc != GP_OK)
		return cli_fail(&err);
	if (c->format == FMT_JSON) {
		json_print(o, stdout);
		json_decref(o);
		return 0;
	}
	json_array_foreach(json_object_get(o, "targets"), i, x)
	{
		json_t *on = json_object_get(x, "on_track"), *w,
		       *contrib = json_object_get(x, "contributions");
		size_t k;
		char req[64], act[64];
		num_format_grouped(req, sizeof(req),
				   json_number_value(json_object_get(x, "required")), 4);
		num_format_grouped(act, sizeof(act),
				   json_number_value(json_object_get(x, "actual")), 4);
		printf("目标 %lld · %s · %s %s · %s %d: required %s, actual %s — %s\n",
		       (long long)json_integer_value(json_object_get(x, "id")),
		       json_string_value(json_object_get(x, "scope")),
		       json_string_value(json_object_get(x, "metric")),
		       json_string_value(json_object_get(x, "path")), "year", year,
		       json_is_null(json_object_get(x, "required")) ? "—" : req,
		       json_is_null(json_object_get(x, "actual")) ? "—" : act,
		       json_is_null(on)   ? "无数据 no data"
		       : json_is_true(on) ? "达标 on track"
					  : "落后 behind");
		json_array_foreach(contrib, k, w)
		{
			if (k >= 5)
				break;
			printf("  %lld. %s %s  %+.2f %s%s\n",
			       (long long)json_integer_value(json_object_get(w, "rank")),
			       json_string_value(json_object_get(w, "uscc")),
			       json_string_value(json_object_get(w, "name")),
			       json_number_value(json_object_get(w, "contribution")),
			       json_string_value(json_object_get(w, "unit")),
			       json_is_true(json_object_get(w, "at_risk")) ? "  ⚠ at risk" : "");
		}
		w = json_object_get(x, "warnings");
		for (k = 0; k < json_array_size(w); k++)
			printf("  ⚠ %s\n", json_string_value(json_array_get(w, k)));
	}
	json_decref(o);
	return 0;
}

static int run(struct cli *c, int argc, char **argv)
{
	struct store_handle h;
	struct gp_err err;
	const char *action = argc > 1 ? argv[1] : "";
	int rc;

	if (strcmp(action, "add") && strcmp(action, "list") && strcmp(action, "remove") &&
	    strcmp(action, "check"))
		return cli_usage(&cmd_target, "expected add, list, remove or check");
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	if (strcmp(action, "add") == 0) {
		rc = target_add(c, &h, argc - 1, argv + 1);
	} else if (strcmp(action, "list") == 0) {
		rc = target_list(c, &h);
	} else if (strcmp(action, "check") == 0) {
		rc = target_check(c, &h, argc - 1, argv + 1);
	} else {
		int64_t id;
		if (argc != 3 || !num_parse_int64(argv[2], 1, INT64_MAX, &id))
			rc = cli_usage(&cmd_target, "target remove needs one target id");
		else if (h.ops->target_remove(h.st, id, c->actor, &err) != GP_OK)
			rc = cli_fail(&err);
		else
			printf("已删除目标 target removed: %lld\n", (long long)id);
	}
	store_close(&h);
	return rc;
}

const struct command cmd_target = {
    "target", run, "目标与路径 targets, their required path and who adds to the gap",
    "usage: greenpark target add --metric M --path rate|reach|multiple --base-year Y\n"
    "                            [--target-year Y2] --amount A [--enterprise USCC] [--note TEXT]\n"
    "       greenpark target list\n"
    "       greenpark target remove ID\n"
    "       greenpark target check --year Y [--method zcp2025|cn-enterprise|cn-market]\n"
    "\n"
    "Metrics: co2_per_wan_yuan, tce_per_wan_yuan, clean_share (0-1), output_value,\n"
    "value_added, co2_t, energy_tce. Paths from the metric's value in the base year:\n"
    "  rate      A %% a year (e.g. co2_per_wan_yuan --amount -4: −4 %% a year)\n"
    "  reach     the value A by the target year, linearly (clean_share --amount 0.5)\n"
    "  multiple  A times the base value by the target year (工业倍增: output_value --amount 2)\n"
    "'check' shows the required and actual value for the year, and for park targets the\n"
    "enterprises ranked by their contribution to the gap, warning where an enterprise's\n"
    "own trend puts the park target at risk. Changes are audited.\n"};
