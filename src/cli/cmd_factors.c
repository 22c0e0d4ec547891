/* cmd_factors.c — greenpark factors: show the factor library with source and
 * confidence; set and unset the park's own values (实测值) for a year. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/num.h"
#include "util/str.h"

static const struct table_col item_cols[] = {
    {"code", "代码 Code", 0, false},
    {"name_zh", "名称 Name", 0, false},
    {"unit", "单位 Unit", 0, false},
    {"alt_units", "可用单位 Units", 0, false},
    {"kind", "类别 Kind", 0, false},
    {"tce_per_unit", "折标系数 tce/unit", -3, true},
    {"ncv_gj_per_unit", "低位热值 NCV GJ/unit", -3, true},
    {"cc_tc_per_tj", "含碳量 CC tC/TJ", -3, true},
    {"oxidation", "氧化率 OF", -3, true},
    {"confidence", "可信度 Confidence", 0, false},
    {"source", "来源 Source", 0, false},
};

static const struct table_col grid_cols[] = {
    {"year", "年份 Year", -1, true},
    {"grid", "电网 Grid", 0, false},
    {"kind", "口径 Kind", 0, false},
    {"kg_co2_per_kwh", "因子 kgCO2/kWh", 4, true},
    {"confidence", "可信度 Confidence", 0, false},
    {"source", "来源 Source", 0, false},
};

static const struct table_col equiv_cols[] = {
    {"year", "年份 Year", -1, true},
    {"kgce_per_kwh", "等价值 kgce/kWh", 4, true},
    {"confidence", "可信度 Confidence", 0, false},
    {"source", "来源 Source", 0, false},
};

static const struct table_col ovr_cols[] = {
    {"year", "年份 Year", -1, true},       {"key", "因子 Factor", 0, false},
    {"value", "实测值 Value", -3, true},   {"source", "来源 Source", 0, false},
    {"set_by", "设置人 Set by", 0, false}, {"set_at", "时间 Set at", 0, false},
};

static void show(const struct cli *c, const struct factor_lib *lib, const char *kind, int year)
{
	struct table t;
	bool all = kind == NULL, first = true;

	/* text and CSV only: JSON is factor_lib_to_json (report/json.c), shared with the API */
#define SECTION(name, title)                                                                       \
	do {                                                                                       \
		(void)name;                                                                        \
		if (!first && c->format == FMT_TABLE)                                              \
			fputc('\n', stdout);                                                       \
		table_print(&t, c->format, c->format == FMT_TABLE ? title : NULL, stdout);         \
		first = false;                                                                     \
		table_release(&t);                                                                 \
	} while (0)

	if (all || strcmp(kind, "item") == 0) {
		table_init(&t, item_cols, 11);
		for (size_t i = 0; i < lib->nitems; i++) {
			const struct item *it = &lib->items[i];
			char units[256];
			table_row(&t);
			table_str(&t, 0, it->code);
			table_str(&t, 1, it->name_zh);
			table_str(&t, 2, it->unit);
			item_units_list(it, units, sizeof(units));
			table_str(&t, 3, units);
			table_str(&t, 4, item_kind_name(it->kind));
			if (it->tce_from_ncv && !isnan(it->ncv_gj_per_unit))
				table_num(&t, 5, it->ncv_gj_per_unit / GJ_PER_TCE);
			else
				table_num(&t, 5, it->tce_per_unit);
			table_num(&t, 6, it->ncv_gj_per_unit);
			table_num(&t, 7, it->cc_tc_per_tj);
			table_num(&t, 8, it->oxidation);
			table_str(&t, 9, confidence_name(it->confidence));
			table_str(&t, 10, it->source);
		}
		SECTION("items", "活动项目与系数 Items and coefficients");
	}
	if (all || strcmp(kind, "grid") == 0) {
		table_init(&t, grid_cols, 6);
		for (size_t i = 0; i < lib->ngrid; i++) {
			const struct grid_factor *g = &lib->grid[i];
			if (year && g->year != year)
				continue;
			table_row(&t);
			table_num(&t, 0, g->year);
			table_str(&t, 1, g->grid);
			table_str(&t, 2, g->kind);
			table_num(&t, 3, g->kg_co2_per_kwh);
			table_str(&t, 4, confidence_name(g->confidence));
			table_str(&t, 5, g->source);
		}
		SECTION("grid", "电网排放因子 Grid electricity CO2 factors");
	}
	if (all || strcmp(kind, "equivalent") == 0) {
		table_init(&t, equiv_cols, 4);
		for (size_t i = 0; i < lib->nequiv; i++) {
			const struct equivalent_factor *e = &lib->equiv[i];
			if (year && e->year != year)
				continue;
			table_row(&t);
			table_num(&t, 0, e->year);
			table_num(&t, 1, e->kgce_per_kwh);
			table_str(&t, 2, confidence_name(e->confidence));
			table_str(&t, 3, e->source);
		}
		SECTION("equivalent", "电力折标煤系数(等价值) Electricity equivalent coefficient");
	}
	if (all || strcmp(kind, "override") == 0) {
		table_init(&t, ovr_cols, 6);
		for (size_t i = 0; i < lib->novr; i++) {
			const struct factor_override *o = &lib->ovr[i];
			if (year && o->year != year)
				continue;
			table_row(&t);
			table_num(&t, 0, o->year);
			table_str(&t, 1, o->key);
			table_num(&t, 2, o->value);
			table_str(&t, 3, o->source);
			table_str(&t, 4, o->set_by);
			table_str(&t, 5, o->set_at);
		}
		SECTION("overrides", "园区实测值 Park overrides (used in preference)");
	}
#undef SECTION
}

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"year", required_argument, NULL, 'y'},   {"kind", required_argument, NULL, 'k'},
	    {"key", required_argument, NULL, 'K'},    {"value", required_argument, NULL, 'v'},
	    {"source", required_argument, NULL, 's'}, {NULL, 0, NULL, 0},
	};
	const char *action = "show", *kind = NULL, *key = NULL, *value = NULL, *source = NULL;
	struct store_handle h;
	struct factor_lib lib;
	struct gp_err err;
	int year = 0, opt, rc;
	int sub_argc = argc;
	char **sub_argv = argv;

	if (argc > 1 && argv[1][0] != '-') {
		action = argv[1];
		sub_argc = argc - 1;
		sub_argv = argv + 1;
	}
	if (strcmp(action, "show") && strcmp(action, "set") && strcmp(action, "unset"))
		return cli_usage(&cmd_factors, "unknown action '%s' (expected show, set or unset)",
				 action);
	optind = 1;
	while ((opt = getopt_long(sub_argc, sub_argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'y':
			if (!cli_parse_year(optarg, &year))
				return cli_usage(&cmd_factors,
						 "--year '%s' is not a year from 1990 to 2100",
						 optarg);
			break;
		case 'k':
			if (strcmp(optarg, "item") && strcmp(optarg, "grid") &&
			    strcmp(optarg, "equivalent") && strcmp(optarg, "override"))
				return cli_usage(
				    &cmd_factors,
				    "--kind '%s' is not item, grid, equivalent or override",
				    optarg);
			kind = optarg;
			break;
		case 'K': key = optarg; break;
		case 'v': value = optarg; break;
		case 's': source = optarg; break;
		case ':': return cli_usage(&cmd_factors, "%s needs a value", sub_argv[optind - 1]);
		default:
			return cli_usage(&cmd_factors, "unknown option '%s'", sub_argv[optind - 1]);
		}
	}
	if (optind < sub_argc)
		return cli_usage(&cmd_factors, "unexpected argument '%s'", sub_argv[optind]);
	if (strcmp(action, "show") != 0) {
		if (!year || !key)
			return cli_usage(&cmd_factors, "%s needs --year and --key", action);
		if (strcmp(action, "set") == 0 && (!value || !source || !source[0]))
			return cli_usage(
			    &cmd_factors,
			    "set needs --value and --source (where the measured value comes from)");
	}
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	if ((rc = h.ops->factors_load(h.st, &lib, &err)) != GP_OK) {
		store_close(&h);
		return cli_fail(&err);
	}
	if (strcmp(action, "show") == 0 && c->format == FMT_JSON) {
		/* the same JSON as GET /api/v1/factors */
		json_t *o = factor_lib_to_json(&lib, kind, year);
		json_print(o, stdout);
		json_decref(o);
	} else if (strcmp(action, "show") == 0) {
		show(c, &lib, kind, year);
	} else if (factors_key_valid(&lib, key, &err) != GP_OK) {
		rc = cli_usage(&cmd_factors, "%s", err.msg);
	} else if (strcmp(action, "set") == 0 && value && source) {
		struct factor_override o;
		memset(&o, 0, sizeof(o));
		o.year = year;
		str_copy(o.key, sizeof(o.key), key);
		if (!num_parse_double(value, &o.value) || o.value < 0) {
			rc = cli_usage(&cmd_factors, "--value '%s' is not a number >= 0", value);
		} else if (strlen(source) >= sizeof(o.source)) {
			rc = cli_usage(&cmd_factors, "--source is longer than %zu bytes",
				       sizeof(o.source) - 1);
		} else {
			str_copy(o.source, sizeof(o.source), source);
			if ((rc = h.ops->override_set(h.st, &o, c->actor, &err)) != GP_OK)
				rc = cli_fail(&err);
			else
				printf("已设置实测值 override set: %d %s = %.15g (%s)\n", year, key,
				       o.value, source);
		}
	} else {
		bool found;
		if ((rc = h.ops->override_unset(h.st, year, key, c->actor, &found, &err)) != GP_OK)
			rc = cli_fail(&err);
		else if (!found)
			rc = cli_failf("no override of %s for %d", key, year);
		else
			printf("已删除实测值 override removed: %d %s\n", year, key);
	}
	factors_release(&lib);
	store_close(&h);
	return rc;
}

const struct command cmd_factors = {
    "factors", run, "因子库 show factors; set the park's measured values",
    "usage: greenpark factors [show] [--kind item|grid|equivalent|override] [--year Y]\n"
    "       greenpark factors set --year Y --key KEY --value V --source TEXT\n"
    "       greenpark factors unset --year Y --key KEY\n"
    "\n"
    "Shows the factor library with each row's source and confidence (confirmed: read from\n"
    "the official text; secondary: from a public reprint; unconfirmed: commonly quoted).\n"
    "'set' records the park's own value of a factor for one year (实测值, e.g. a laboratory\n"
    "NCV of its coal), used in preference to the library for that year. KEY is one of\n"
    "  item.<code>.tce_per_unit | item.<code>.ncv | item.<code>.cc | item.<code>.oxidation\n"
    "  grid.<region>.<kind>     (e.g. grid.north.average)\n"
    "  electricity_equivalent   (kgce/kWh, 等价值)\n"
    "Changes are audited. Method constants (zcp2025's 0.8325 kgCO2/kWh, heat 0.11 tCO2/GJ)\n"
    "belong to the method and cannot be overridden.\n"};
