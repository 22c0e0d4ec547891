/* cmd_ledger.c — greenpark ledger (monthly activity rows) and greenpark audit. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/period.h"
#include "core/uscc.h"
#include "util/num.h"
#include "util/str.h"

#define LEDGER_MAX_ROWS 1000000 /* cap on rows one listing holds in memory */

struct ledger_ctx {
	struct table *t;
	const struct factor_lib *lib;
	const int *index_of_id;
	long rows;
	bool truncated;
};

static void add_row(void *arg, const struct activity_row *r)
{
	struct ledger_ctx *c = arg;
	char period[8];
	int idx = c->index_of_id[r->item_id];

	if (c->rows >= LEDGER_MAX_ROWS) {
		c->truncated = true;
		return;
	}
	c->rows++;
	period_format(r->period, period);
	table_row(c->t);
	table_str(c->t, 0, r->uscc);
	table_str(c->t, 1, period);
	table_str(c->t, 2, idx >= 0 ? c->lib->items[idx].code : "?");
	table_num(c->t, 3, r->quantity);
	table_str(c->t, 4, idx >= 0 ? c->lib->items[idx].unit : "?");
	table_num(c->t, 5, (double)r->batch_id);
}

static int ledger_run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"enterprise", required_argument, NULL, 'e'},
	    {"year", required_argument, NULL, 'y'},
	    {"item", required_argument, NULL, 'i'},
	    {NULL, 0, NULL, 0},
	};
	static const struct table_col cols[] = {
	    {"uscc", "统一社会信用代码 USCC", 0, false},
	    {"period", "月份 Period", 0, false},
	    {"item", "项目 Item", 0, false},
	    {"quantity", "数量 Quantity", 4, true},
	    {"unit", "单位 Unit", 0, false},
	    {"batch", "批次 Batch", -1, true},
	};
	struct activity_filter f = {0, 0, 0};
	struct store_handle h;
	struct factor_lib lib;
	struct gp_err err;
	struct table t;
	const char *enterprise = NULL, *item = NULL;
	int index_of_id[ITEM_ID_MAX + 1];
	int opt, rc;

	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'e': enterprise = optarg; break;
		case 'y':
			if (!cli_parse_year(optarg, &f.year))
				return cli_usage(&cmd_ledger,
						 "--year '%s' is not a year from 1990 to 2100",
						 optarg);
			break;
		case 'i': item = optarg; break;
		case ':': return cli_usage(&cmd_ledger, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_ledger, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_ledger, "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	if ((rc = h.ops->factors_load(h.st, &lib, &err)) != GP_OK) {
		store_close(&h);
		return cli_fail(&err);
	}
	if (enterprise) {
		char uscc[USCC_LEN + 1];
		struct enterprise e;
		if ((rc = uscc_normalize(enterprise, uscc, &err)) != GP_OK ||
		    (rc = h.ops->enterprise_find(h.st, uscc, &e, &err)) != GP_OK)
			goto fail;
		f.enterprise_id = e.id;
	}
	if (item) {
		int idx = factors_item_index(&lib, item);
		if (idx < 0) {
			rc = gp_err_set(&err, GP_EINPUT, "unknown item '%s'", item);
			goto fail;
		}
		f.item_id = lib.items[idx].id;
	}
	for (int i = 0; i <= ITEM_ID_MAX; i++)
		index_of_id[i] = -1;
	for (size_t i = 0; i < lib.nitems; i++)
		index_of_id[lib.items[i].id] = (int)i;
	table_init(&t, cols, 6);
	{
		struct ledger_ctx ctx = {&t, &lib, index_of_id, 0, false};
		rc = h.ops->activity_list(h.st, &f, add_row, &ctx, &err);
		if (rc == GP_OK) {
			table_print(&t, c->format, NULL, stdout);
			if (ctx.truncated)
				fprintf(stderr,
					"greenpark: listing stopped at %d rows; narrow it with "
					"--enterprise, --year or --item\n",
					LEDGER_MAX_ROWS);
		}
	}
	table_release(&t);
	if (rc != GP_OK)
		goto fail;
	factors_release(&lib);
	store_close(&h);
	return 0;
fail:
	factors_release(&lib);
	store_close(&h);
	return cli_fail(&err);
}

const struct command cmd_ledger = {
    "ledger", ledger_run, "月度台账 list monthly activity rows",
    "usage: greenpark ledger [--enterprise USCC] [--year Y] [--item CODE] [--format "
    "table|json|csv]\n"
    "\n"
    "Lists the monthly ledger in canonical units, with the import batch that wrote each\n"
    "row. At most 1,000,000 rows are listed.\n"};

static int audit_run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"limit", required_argument, NULL, 'l'},
	    {"entity", required_argument, NULL, 'e'},
	    {NULL, 0, NULL, 0},
	};
	static const struct table_col cols[] = {
	    {"id", "编号 Id", -1, true},           {"at", "时间 At (UTC)", 0, false},
	    {"actor", "操作人 Actor", 0, false},   {"action", "操作 Action", 0, false},
	    {"entity", "对象 Entity", 0, false},   {"key", "键 Key", 0, false},
	    {"before", "修改前 Before", 0, false}, {"after", "修改后 After", 0, false},
	};
	struct store_handle h;
	struct audit_entry *list;
	struct gp_err err;
	struct table t;
	const char *entity = NULL;
	int64_t limit = 50;
	size_t n;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'l':
			if (!num_parse_int64(optarg, 1, 100000, &limit))
				return cli_usage(&cmd_audit,
						 "--limit '%s' is not a number from 1 to 100000",
						 optarg);
			break;
		case 'e': entity = optarg; break;
		case ':': return cli_usage(&cmd_audit, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_audit, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_audit, "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	rc = h.ops->audit_list(h.st, (int)limit, entity, &list, &n, &err);
	store_close(&h);
	if (rc != GP_OK)
		return cli_fail(&err);
	table_init(&t, cols, 8);
	for (size_t i = 0; i < n; i++) {
		table_row(&t);
		table_num(&t, 0, (double)list[i].id);
		table_str(&t, 1, list[i].at);
		table_str(&t, 2, list[i].actor);
		table_str(&t, 3, list[i].action);
		table_str(&t, 4, list[i].entity);
		table_str(&t, 5, list[i].key);
		table_str(&t, 6, list[i].before);
		table_str(&t, 7, list[i].after);
	}
	if (c->format == FMT_JSON) {
		/* before/after are JSON documents: embed them as objects, not strings */
		json_t *arr = table_json(&t);
		for (size_t i = 0; i < n; i++) {
			json_t *o = json_array_get(arr, i);
			json_t *b = list[i].before ? json_loads(list[i].before, 0, NULL) : NULL;
			json_t *a = list[i].after ? json_loads(list[i].after, 0, NULL) : NULL;
			json_object_set_new(o, "before", b ? b : json_null());
			json_object_set_new(o, "after", a ? a : json_null());
		}
		json_print(arr, stdout);
		json_decref(arr);
	} else {
		table_print(&t, c->format, NULL, stdout);
	}
	table_release(&t);
	audit_entries_free(list, n);
	return 0;
}

const struct command cmd_audit = {
    "audit", audit_run, "审计日志 show the audit log (who, when, what, before/after)",
    "usage: greenpark audit [--limit N] [--entity park|subpark|enterprise|platform|activity|\n"
    "                        factor_override|factor_library] [--format table|json|csv]\n"
    "\n"
    "Shows the newest N (default 50) audit entries: every write to the store, with who\n"
    "made it, when (UTC), and the record before and after.\n"};
