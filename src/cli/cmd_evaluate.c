/* cmd_evaluate.c — greenpark evaluate: the park (or a sub-park or an enterprise)
 * against an indicator set: zcp2025 (国家级零碳园区建设指标体系) or miit2016 (绿色园区评价要求). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "report/evaluation.h"
#include "util/num.h"
#include "util/str.h"

static const struct table_col cols[] = {
    {"code", "编号 Code", 0, false},           {"name_zh", "指标 Indicator", 0, false},
    {"value", "数值 Value", 4, true},          {"unit", "单位 Unit", 0, false},
    {"target", "目标 Target", -3, true},       {"direction", "方向 Dir", 0, false},
    {"pass", "达标 Pass", 0, false},           {"gap", "差距 Gap", 4, true},
    {"missing", "缺少数据 Missing", 0, false},
};

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"year", required_argument, NULL, 'y'},
	    {"standard", required_argument, NULL, 's'},
	    {"enterprise", required_argument, NULL, 'e'},
	    {"subpark", required_argument, NULL, 'p'},
	    {"base-year", required_argument, NULL, 'b'},
	    {NULL, 0, NULL, 0},
	};
	const char *standard = NULL, *enterprise = NULL, *subpark = NULL;
	struct scope scope = {SCOPE_PARK, 0};
	char scope_name[300] = "park";
	struct store_handle h;
	struct factor_lib lib;
	struct evaluation ev;
	struct gp_err err;
	int year = 0, base_year = 2025, opt, rc;

	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'y':
			if (!cli_parse_year(optarg, &year))
				return cli_usage(&cmd_evaluate,
						 "--year '%s' is not a year from 1990 to 2100",
						 optarg);
			break;
		case 's': standard = optarg; break;
		case 'b':
			if (!cli_parse_year(optarg, &base_year))
				return cli_usage(&cmd_evaluate, "--base-year '%s' is not a year",
						 optarg);
			break;
		case 'e': enterprise = optarg; break;
		case 'p': subpark = optarg; break;
		case ':': return cli_usage(&cmd_evaluate, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_evaluate, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_evaluate, "unexpected argument '%s'", argv[optind]);
	if (!year || !standard)
		return cli_usage(&cmd_evaluate, "--year and --standard are required");
	if (strcmp(standard, "zcp2025") && strcmp(standard, "miit2016"))
		return cli_usage(&cmd_evaluate, "--standard '%s' is not zcp2025 or miit2016",
				 standard);
	if (enterprise && subpark)
		return cli_usage(&cmd_evaluate, "give --enterprise or --subpark, not both");
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	if (enterprise) {
		struct enterprise e;
		char uscc[USCC_LEN + 1];
		if (uscc_normalize(enterprise, uscc, &err) != GP_OK ||
		    h.ops->enterprise_find(h.st, uscc, &e, &err) != GP_OK)
			goto fail;
		scope.kind = SCOPE_ENTERPRISE;
		scope.id = e.id;
		str_copy(scope_name, sizeof(scope_name), e.uscc);
	} else if (subpark) {
		if (h.ops->subpark_find(h.st, subpark, &scope.id, &err) != GP_OK)
			goto fail;
		scope.kind = SCOPE_SUBPARK;
		str_copy(scope_name, sizeof(scope_name), subpark);
	}
	if (h.ops->factors_load(h.st, &lib, &err) != GP_OK)
		goto fail;
	rc = evaluation_run(&h, &lib, standard, year, &scope, scope_name, &ev, &err);
	if (rc != GP_OK) {
		factors_release(&lib);
		goto fail;
	}
	if (c->format == FMT_JSON) {
		/* the last three years side by side, and the base year (2025 by the notice) */
		int years[4] = {year - 2, year - 1, year, base_year};
		json_t *o = evaluation_to_json(&ev);
		json_object_set_new(
		    o, "history",
		    evaluation_years_json(&h, &lib, standard, years, 3, &scope, scope_name));
		if (base_year != year) {
			json_t *arr = evaluation_years_json(&h, &lib, standard, &years[3], 1,
							    &scope, scope_name);
			json_object_set_new(o, "base_year", json_incref(json_array_get(arr, 0)));
			json_decref(arr);
		} else {
			json_object_set_new(o, "base_year", json_null());
		}
		json_print(o, stdout);
		json_decref(o);
	} else {
		struct table t;
		char title[256];
		table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
		for (size_t i = 0; i < ev.n; i++) {
			const struct ind_result *r = &ev.results[i];
			const struct ind_def *d = r->def;
			table_row(&t);
			table_str(&t, 0, d->variant_of[0] ? d->variant_of : d->code);
			table_str(&t, 1, d->name_zh);
			table_num(&t, 2, r->value);
			table_str(&t, 3, d->unit);
			table_num(&t, 4, r->target);
			table_str(&t, 5, ind_direction_name(d->direction));
			if (c->format == FMT_CSV)
				table_str(&t, 6, r->pass < 0 ? NULL : r->pass ? "true" : "false");
			else
				table_str(&t, 6,
					  r->pass < 0 ? "—"
					  : r->pass   ? "达标 yes"
						      : "未达标 no");
			table_num(&t, 7, r->gap);
			if (r->missing[0] || r->note[0] || isnan(r->gap_abs)) {
				table_str(&t, 8,
					  r->missing[0] ? r->missing
					  : r->note[0]  ? r->note
							: NULL);
			} else {
				char gap[96];
				num_format_grouped(gap, sizeof(gap), r->gap_abs, 0);
				str_fmt(gap + strlen(gap), sizeof(gap) - strlen(gap), " %s %s",
					d->gap_unit,
					r->gap_abs > 0 ? "over the target 超出目标"
						       : "within 达标");
				table_str(&t, 8, gap);
			}
		}
		str_fmt(title, sizeof(title), "指标评价 Evaluation · %s · %d · %s", standard, year,
			scope_name);
		table_print(&t, c->format, c->format == FMT_TABLE ? title : NULL, stdout);
		if (c->format == FMT_TABLE)
			printf("\n必选指标达标 required met: %zu / %zu · 可选指标达标 optional "
			       "met: %zu / %zu\n",
			       ev.required_met, ev.required_total, ev.optional_met,
			       ev.optional_total);
		if (c->format == FMT_TABLE) {
			/* items the set reads that not every enterprise in scope reported */
			size_t incomplete = 0;
			for (size_t i = 0; i < lib.nitems; i++)
				incomplete += ev.referenced[i] && ev.reporting[i] < ev.in_scope;
			if (incomplete)
				printf(
				    "数据完整性 completeness: %zu item%s not reported by every "
				    "enterprise (%zu partial enterprise-items); the list: --format "
				    "json, key completeness\n",
				    incomplete, incomplete == 1 ? "" : "s", ev.ngaps);
		}
		table_release(&t);
	}
	evaluation_release(&ev);
	factors_release(&lib); /* the evaluation pointed into it */
	store_close(&h);
	return 0;
fail:
	store_close(&h);
	return cli_fail(&err);
}

const struct command cmd_evaluate = {
    "evaluate", run, "指标评价 evaluate against the zero-carbon or green-park indicators",
    "usage: greenpark evaluate --year Y --standard zcp2025|miit2016\n"
    "                          [--enterprise USCC | --subpark NAME] [--format table|json|csv]\n"
    "\n"
    "Evaluates the indicator set for the year: each indicator's value, target, direction,\n"
    "whether it passes (null where no target applies or the value cannot be computed), the\n"
    "distance to the target, and what data is missing. Indicators that the ledger does not\n"
    "hold (infrastructure, ecology, management) are park attributes entered per year with\n"
    "'greenpark park set-attribute'. Sets: data/indicators/ (loaded by 'greenpark init').\n"
    "  zcp2025   国家级零碳园区建设指标体系（试行）(发改环资〔2025〕910号 附件3)\n"
    "  miit2016  绿色园区评价要求 (工信厅节函〔2016〕586号)\n"};
