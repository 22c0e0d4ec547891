/* cmd_account.c — greenpark account: the carbon account of the park, a sub-park
 * or an enterprise for one year under one method (standards/methods.md). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/json.h"
#include "core/account.h"
#include "core/uscc.h"
#include "util/str.h"

enum { C_NAME, C_VALUE, C_UNIT };
static const struct table_col summary_cols[] = {
    {"indicator", "指标 Indicator", 0, false},
    {"value", "数值 Value", 4, true},
    {"unit", "单位 Unit", 0, false},
};

static void row(struct table *t, const char *name, double v, const char *unit)
{
	table_row(t);
	table_str(t, C_NAME, name);
	table_num(t, C_VALUE, v);
	table_str(t, C_UNIT, unit);
}

static void print_table(const struct factor_lib *lib, const struct account_result *r,
			const char *scope_label)
{
	static const struct table_col fcols[] = {
	    {"key", "因子 Factor", 0, false},
	    {"year", "年份 Year", -1, true},
	    {"value", "数值 Value", -3, true},
	    {"unit", "单位 Unit", 0, false},
	    {"confidence", "可信度 Confidence", 0, false},
	    {"source", "来源 Source", 0, false},
	};
	struct table t;
	char title[512];
	(void)lib;

	str_fmt(title, sizeof(title), "碳核算 Carbon account · %d · %s · %s", r->year,
		account_method_name(r->method), scope_label);
	table_init(&t, summary_cols, 3);
	row(&t, "综合能耗(当量值) energy, calorific", r->energy_tce, "tce");
	row(&t, "综合能耗(等价值) energy, equivalent", r->energy_tce_equivalent, "tce");
	row(&t, "二氧化碳排放 CO2 total", r->co2_t, "tCO2");
	row(&t, "  燃料燃烧 fuel", r->co2_fuel_t, "tCO2");
	row(&t, "  工业过程 process", r->co2_process_t, "tCO2");
	row(&t, "  电力 electricity", r->co2_electricity_t, "tCO2");
	row(&t, "  热力 heat", r->co2_heat_t, "tCO2");
	row(&t, "单位能耗碳排放 CO2 per tce", r->co2_per_tce, "tCO2/tce");
	row(&t, "工业增加值 value added", r->value_added_wan_yuan, "万元");
	row(&t, "单位增加值碳排放 CO2 per 万元", r->co2_per_wan_yuan, "tCO2/万元");
	row(&t, "单位增加值能耗 energy per 万元", r->tce_per_wan_yuan, "tce/万元");
	row(&t, "可再生能源 renewable energy", r->renewable_tce, "tce");
	row(&t, "清洁能源 clean energy", r->clean_tce, "tce");
	row(&t, "清洁能源占比 clean-energy share", r->clean_share * 100, "%");
	table_print(&t, FMT_TABLE, title, stdout);
	table_release(&t);

	table_init(&t, fcols, 6);
	for (size_t i = 0; i < r->nfactors; i++) {
		const struct factor_use *u = &r->factors[i];
		char conf[64];
		table_row(&t);
		table_str(&t, 0, u->key);
		table_num(&t, 1, u->year_used ? u->year_used : NAN);
		table_num(&t, 2, u->value);
		table_str(&t, 3, u->unit);
		str_fmt(conf, sizeof(conf), "%s %s", confidence_name_zh(u->confidence),
			confidence_name(u->confidence));
		table_str(&t, 4, conf);
		table_str(&t, 5, u->source);
	}
	fputc('\n', stdout);
	table_print(&t, FMT_TABLE, "所用因子 Factors used", stdout);
	table_release(&t);
	if (r->nwarnings) {
		printf("\n提示 Warnings:\n");
		for (size_t i = 0; i < r->nwarnings; i++)
			printf("  - %s\n", r->warnings[i]);
	}
}

static void print_csv(const struct account_result *r, const char *scope)
{
	static const struct table_col cols[] = {
	    {"year", "", -1, false},
	    {"method", "", 0, false},
	    {"scope", "", 0, false},
	    {"energy_tce", "", 6, false},
	    {"energy_tce_equivalent", "", 6, false},
	    {"co2_t", "", 6, false},
	    {"co2_t_fuel", "", 6, false},
	    {"co2_t_process", "", 6, false},
	    {"co2_t_electricity", "", 6, false},
	    {"co2_t_heat", "", 6, false},
	    {"co2_per_tce", "", 6, false},
	    {"value_added_wan_yuan", "", 6, false},
	    {"co2_per_wan_yuan", "", 6, false},
	    {"tce_per_wan_yuan", "", 6, false},
	    {"renewable_tce", "", 6, false},
	    {"clean_tce", "", 6, false},
	    {"clean_share", "", 6, false},
	    {"warnings", "", 0, false},
	};
	struct table t;
	struct buf w;

	buf_init(&w, 64 * 1024);
	for (size_t i = 0; i < r->nwarnings; i++)
		buf_addf(&w, "%s%s", i ? "; " : "", r->warnings[i]);
	table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	table_row(&t);
	table_num(&t, 0, r->year);
	table_str(&t, 1, account_method_name(r->method));
	table_str(&t, 2, scope);
	table_num(&t, 3, r->energy_tce);
	table_num(&t, 4, r->energy_tce_equivalent);
	table_num(&t, 5, r->co2_t);
	table_num(&t, 6, r->co2_fuel_t);
	table_num(&t, 7, r->co2_process_t);
	table_num(&t, 8, r->co2_electricity_t);
	table_num(&t, 9, r->co2_heat_t);
	table_num(&t, 10, r->co2_per_tce);
	table_num(&t, 11, r->value_added_wan_yuan);
	table_num(&t, 12, r->co2_per_wan_yuan);
	table_num(&t, 13, r->tce_per_wan_yuan);
	table_num(&t, 14, r->renewable_tce);
	table_num(&t, 15, r->clean_tce);
	table_num(&t, 16, r->clean_share);
	table_str(&t, 17, w.data ? w.data : "");
	table_print(&t, FMT_CSV, NULL, stdout);
	table_release(&t);
	buf_release(&w);
}

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"year", required_argument, NULL, 'y'},
	    {"method", required_argument, NULL, 'm'},
	    {"enterprise", required_argument, NULL, 'e'},
	    {"subpark", required_argument, NULL, 's'},
	    {NULL, 0, NULL, 0},
	};
	struct store_handle h;
	struct factor_lib lib;
	struct account_input in;
	struct account_result res;
	struct scope scope = {SCOPE_PARK, 0};
	struct park park;
	struct gp_err err;
	const char *enterprise = NULL, *subpark = NULL;
	char scope_name[300], scope_label[600], uscc[USCC_LEN + 1];
	const char *scope_kind = "park";
	double *q = NULL;
	int year = 0, opt, rc;
	enum account_method method = METHOD_ZCP2025;

	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'y':
			if (!cli_parse_year(optarg, &year))
				return cli_usage(&cmd_account,
						 "--year '%s' is not a year from 1990 to 2100",
						 optarg);
			break;
		case 'm':
			if (account_method_parse(optarg, &method) != GP_OK)
				return cli_usage(
				    &cmd_account,
				    "--method '%s' is not zcp2025, cn-enterprise or cn-market",
				    optarg);
			break;
		case 'e': enterprise = optarg; break;
		case 's': subpark = optarg; break;
		case ':': return cli_usage(&cmd_account, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_account, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_account, "unexpected argument '%s'", argv[optind]);
	if (!year)
		return cli_usage(&cmd_account, "--year is required");
	if (enterprise && subpark)
		return cli_usage(&cmd_account, "give --enterprise or --subpark, not both");
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	if ((rc = h.ops->park_get(h.st, &park, &err)) != GP_OK)
		goto fail;
	str_copy(scope_name, sizeof(scope_name), "park");
	str_fmt(scope_label, sizeof(scope_label), "园区 park: %s", park.name);
	if (enterprise) {
		struct enterprise e;
		if ((rc = uscc_normalize(enterprise, uscc, &err)) != GP_OK ||
		    (rc = h.ops->enterprise_find(h.st, uscc, &e, &err)) != GP_OK)
			goto fail;
		scope.kind = SCOPE_ENTERPRISE;
		scope.id = e.id;
		scope_kind = "enterprise";
		str_copy(scope_name, sizeof(scope_name), e.uscc);
		str_fmt(scope_label, sizeof(scope_label), "企业 enterprise: %s %s", e.name, e.uscc);
	} else if (subpark) {
		if ((rc = h.ops->subpark_find(h.st, subpark, &scope.id, &err)) != GP_OK)
			goto fail;
		scope.kind = SCOPE_SUBPARK;
		scope_kind = "subpark";
		str_copy(scope_name, sizeof(scope_name), subpark);
		str_fmt(scope_label, sizeof(scope_label), "子园区 sub-park: %s", subpark);
	}
	if ((rc = h.ops->factors_load(h.st, &lib, &err)) != GP_OK)
		goto fail;
	q = xcalloc(lib.nitems ? lib.nitems : 1, sizeof(double));
	if ((rc = store_year_quantities(&h, &lib, year, &scope, q, &err)) != GP_OK)
		goto fail_lib;
	in.year = year;
	in.method = method;
	in.grid = park.grid;
	in.q = q;
	if ((rc = account_compute(&lib, &in, &res, &err)) != GP_OK)
		goto fail_lib;
	if (c->format == FMT_JSON) {
		json_t *o = account_to_json(&lib, &res, scope_name, scope_kind, park.grid);
		json_print(o, stdout);
		json_decref(o);
	} else if (c->format == FMT_CSV) {
		print_csv(&res, scope_name);
	} else {
		print_table(&lib, &res, scope_label);
	}
	account_result_release(&res);
	free(q);
	factors_release(&lib);
	store_close(&h);
	return 0;
fail_lib:
	free(q);
	factors_release(&lib);
fail:
	store_close(&h);
	return cli_fail(&err);
}

const struct command cmd_account = {
    "account", run, "碳排放核算 carbon account of the park, a sub-park or an enterprise",
    "usage: greenpark account --year Y [--method zcp2025|cn-enterprise|cn-market]\n"
    "                         [--enterprise USCC | --subpark NAME] [--format table|json|csv]\n"
    "\n"
    "Computes one calendar year's energy (当量值 and 等价值), CO2 by source (fuel, process,\n"
    "electricity, heat), the intensities and the clean-energy share, for the whole park\n"
    "(default), one sub-park or one enterprise. Methods (docs/methods.md):\n"
    "  zcp2025        零碳园区碳排放核算方法（试行）: non-green electricity 0.8325 kgCO2/kWh "
    "(default)\n"
    "  cn-enterprise  GB/T 32150-2015, the park grid region's average factor for the year\n"
    "  cn-market      national factor excluding market-traded non-fossil electricity\n"
    "Where a year has no published factor, the latest earlier year is used and a warning\n"
    "says so. Every result lists the factors it used with their source and confidence.\n"
    "按年度核算园区、子园区或企业的能耗与碳排放；结果列出所用因子及其来源与可信度。\n"};
