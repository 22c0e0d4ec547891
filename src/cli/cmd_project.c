/* cmd_project.c — greenpark project list|show|move|screen|summary|rules|vetoes: the
 * investment pipeline (招商项目 "六位一体") and its screening gate (环保一票否决). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/period.h"
#include "report/projects.h"
#include "store/store_projects.h"
#include "util/num.h"
#include "util/str.h"

struct opts {
	int stage;
	const char *subpark;
	const char *sort;
	const char *xlsx;
	const char *date;
	const char *reason;
	bool override;
	bool record;
	enum account_method method;
};

/* Parses the options every subcommand may take; positional arguments stay in argv
 * from optind. */
static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option opts[] = {
	    {"stage", required_argument, NULL, 's'},  {"subpark", required_argument, NULL, 'p'},
	    {"xlsx", required_argument, NULL, 'x'},   {"date", required_argument, NULL, 'd'},
	    {"reason", required_argument, NULL, 'r'}, {"override", no_argument, NULL, 'o'},
	    {"record", no_argument, NULL, 'k'},       {"method", required_argument, NULL, 'm'},
	    {"sort", required_argument, NULL, 'S'},   {NULL, 0, NULL, 0},
	};
	struct gp_err err;
	enum stage st;
	int opt;

	memset(o, 0, sizeof(*o));
	o->stage = -1;
	o->method = METHOD_ZCP2025;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			if (stage_parse(optarg, &st, &err) != GP_OK)
				return cli_usage(&cmd_project, "--stage: %s", err.msg);
			o->stage = (int)st;
			break;
		case 'p': o->subpark = optarg; break;
		case 'x': o->xlsx = optarg; break;
		case 'S': o->sort = optarg; break;
		case 'd':
			if (date_parse("--date", optarg, NULL, &err) != GP_OK)
				return cli_usage(&cmd_project, "%s", err.msg);
			o->date = optarg;
			break;
		case 'r':
			if (strlen(optarg) > PROJECT_TEXT_MAX)
				return cli_usage(&cmd_project, "--reason is longer than %d bytes",
						 PROJECT_TEXT_MAX);
			o->reason = optarg;
			break;
		case 'o': o->override = true; break;
		case 'k': o->record = true; break;
		case 'm':
			if (account_method_parse(optarg, &o->method) != GP_OK)
				return cli_usage(
				    &cmd_project,
				    "--method '%s' is not zcp2025, cn-enterprise or cn-market",
				    optarg);
			break;
		case ':': return cli_usage(&cmd_project, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_project, "unknown option '%s'", argv[optind - 1]);
		}
	}
	return 0;
}

static int write_xlsx(const char *path, const char *sheet, const char *title,
		      const struct xlsx_col *cols, size_t ncols, json_t *rows)
{
	struct gp_err err;
	int rc = xlsx_list_write(path, sheet, title, cols, ncols, rows, &err);

	json_decref(rows);
	if (rc != GP_OK)
		return cli_fail(&err);
	printf("已导出 written %s\n", path);
	return 0;
}

static int project_list(struct cli *c, struct store_handle *h, const struct opts *o)
{
	static const struct table_col cols[] = {
	    {"code", "编号 Code", 0, false},
	    {"name", "项目 Project", 0, false},
	    {"stage", "阶段 Stage", 0, false},
	    {"since", "起始 Since", 0, false},
	    {"days", "天数 Days", -1, true},
	    {"investment_wan_yuan", "投资(万元) Investment", -2, true},
	    {"output_wan_yuan", "年产值(万元) Output", -2, true},
	    {"land_mu", "用地(亩) Land", 1, true},
	    {"lead", "牵头人 Lead", 0, false},
	    {"department", "责任部门 Department", 0, false},
	};
	struct project_filter f = {o->stage, o->subpark};
	struct project *list;
	struct gp_err err;
	struct table t;
	long today = date_today();
	size_t n;
	int rc = 0;

	if (h->ops->projects->project_list(h->st, &f, &list, &n, &err) != GP_OK)
		return cli_fail(&err);
	if (o->sort && projects_sort(list, n, o->sort, &err) != GP_OK) {
		free(list);
		return cli_usage(&cmd_project, "--sort: %s", err.msg);
	}
	if (o->xlsx) {
		json_t *rows = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(rows, project_to_json(&list[i], today));
		free(list);
		return write_xlsx(o->xlsx, "项目库", "招商项目库 Investment pipeline",
				  project_xlsx_cols, project_xlsx_ncols, rows);
	}
	if (c->format == FMT_JSON) {
		json_t *rows = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(rows, project_to_json(&list[i], today));
		json_print(rows, stdout);
		json_decref(rows);
		free(list);
		return 0;
	}
	table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < n; i++) {
		const struct project *p = &list[i];
		char stage[48];
		long since;
		str_fmt(stage, sizeof(stage), "%s %s", stage_name_zh(p->stage),
			stage_code(p->stage));
		table_row(&t);
		table_str(&t, 0, p->code);
		table_str(&t, 1, p->name);
		table_str(&t, 2, stage);
		table_str(&t, 3, p->stage_since);
		table_num(&t, 4,
			  date_parse("since", p->stage_since, &since, NULL) == GP_OK
			      ? (double)(today - since)
			      : NAN);
		table_num(&t, 5, p->investment_wan_yuan);
		table_num(&t, 6, p->output_wan_yuan);
		table_num(&t, 7, p->land_mu);
		table_str(&t, 8, p->lead);
		table_str(&t, 9, p->department);
	}
	table_print(&t, c->format, "招商项目库 investment pipeline", stdout);
	table_release(&t);
	free(list);
	return rc;
}

static void print_decision(const json_t *d)
{
	const json_t *results = json_object_get(d, "results"), *r;
	size_t i;

	printf("筛查 screening %s: %s\n", json_string_value(json_object_get(d, "project")),
	       json_is_true(json_object_get(d, "vetoed")) ? "否决 VETOED" : "通过 passed");
	if (!json_array_size(results))
		printf(
		    "  (no screening rules: import them with 'greenpark import screen-rules')\n");
	json_array_foreach(results, i, r)
	{
		bool pass = json_is_true(json_object_get(r, "pass"));
		bool mandatory = json_is_true(json_object_get(r, "mandatory"));
		printf("  %s %-4s %s — %s%s\n",
		       pass        ? "✓"
		       : mandatory ? "✗"
				   : "!",
		       json_string_value(json_object_get(r, "code")),
		       json_string_value(json_object_get(r, "name")),
		       json_string_value(json_object_get(r, "detail")),
		       pass || mandatory ? "" : " (advisory 提示)");
	}
}

static int project_show(struct cli *c, struct store_handle *h, const char *code)
{
	struct gp_err err;
	json_t *o, *x;
	size_t i;

	if (project_detail(h, code, &o, &err) != GP_OK)
		return cli_fail(&err);
	if (c->format == FMT_JSON) {
		json_print(o, stdout);
		json_decref(o);
		return 0;
	}
	printf("%s %s — %s %s since %s\n", code, json_string_value(json_object_get(o, "name")),
	       json_string_value(json_object_get(o, "stage_zh")),
	       json_string_value(json_object_get(o, "stage")),
	       json_string_value(json_object_get(o, "stage_since")));
	printf(
	    "投资方 investor: %s; 投资 %.2f 万元; 年产值 %.2f 万元; 用地 %.2f 亩; 牵头 %s (%s)\n",
	    json_string_value(json_object_get(o, "investor")),
	    json_number_value(json_object_get(o, "investment_wan_yuan")),
	    json_number_value(json_object_get(o, "output_wan_yuan")),
	    json_number_value(json_object_get(o, "land_mu")),
	    json_string_value(json_object_get(o, "lead")),
	    json_string_value(json_object_get(o, "department")));
	json_array_foreach(json_object_get(o, "events"), i, x)
	{
		enum stage from, to;
		const char *reason = json_string_value(json_object_get(x, "reason"));
		const char *fs = json_string_value(json_object_get(x, "from"));
		bool has_from = fs && stage_parse(fs, &from, NULL) == GP_OK;
		stage_parse(json_string_value(json_object_get(x, "to")), &to, NULL);
		printf("  %s  %s → %s%s%s%s\n", json_string_value(json_object_get(x, "date")),
		       has_from ? stage_name_zh(from) : "—", stage_name_zh(to),
		       reason[0] ? "  " : "", reason,
		       json_is_true(json_object_get(x, "override")) ? " (override)" : "");
	}
	json_array_foreach(json_object_get(o, "decisions"), i, x)
	{
		print_decision(x);
	}
	json_decref(o);
	return 0;
}

static int project_move_cmd(struct cli *c, struct store_handle *h, const struct factor_lib *lib,
			    const char *code, const char *stage, const struct opts *o)
{
	struct move_request m;
	struct gp_err err, cerr;
	json_t *d = NULL;
	int rc;

	memset(&m, 0, sizeof(m));
	if (stage_parse(stage, &m.to, &err) != GP_OK)
		return cli_usage(&cmd_project, "%s", err.msg);
	m.code = code;
	m.on_date = o->date;
	m.reason = o->reason;
	m.override = o->override;
	m.admin = true; /* the CLI runs with the store's own rights */
	m.method = o->method;
	m.actor = c->actor;
	if ((rc = h->ops->begin(h->st, &err)) != GP_OK)
		return cli_fail(&err);
	rc = project_move(h, lib, &m, &d, &err);
	/* a veto is kept: the decision commits while the move does not happen */
	if ((rc == GP_OK || (rc == GP_ECONFLICT && d)) && h->ops->commit(h->st, &cerr) != GP_OK) {
		h->ops->rollback(h->st);
		json_decref(d);
		return cli_fail(&cerr);
	}
	if (rc != GP_OK && !(rc == GP_ECONFLICT && d))
		h->ops->rollback(h->st);
	if (d && c->format != FMT_JSON)
		print_decision(d);
	if (d && c->format == FMT_JSON)
		json_print(d, stdout);
	json_decref(d);
	if (rc != GP_OK)
		return cli_fail(&err);
	if (c->format != FMT_JSON)
		printf("已变更 moved %s → %s %s\n", code, stage_name_zh(m.to), stage_code(m.to));
	return 0;
}

static int project_screen_cmd(struct cli *c, struct store_handle *h, const struct factor_lib *lib,
			      const char *code, const struct opts *o)
{
	struct project p;
	struct gp_err err;
	json_t *d;
	bool vetoed;

	if (h->ops->projects->project_find(h->st, code, &p, &err) != GP_OK ||
	    project_screen(h, lib, &p, o->method, &d, &vetoed, &err) != GP_OK)
		return cli_fail(&err);
	if (o->record) {
		char *in = json_dumps(json_object_get(d, "inputs"), JSON_COMPACT);
		char *res = json_dumps(json_object_get(d, "results"), JSON_COMPACT);
		int64_t id;
		int rc = h->ops->projects->decision_add(h->st, p.id, STAGE_SIGNED, vetoed,
							in ? in : "{}", res ? res : "[]", c->actor,
							&id, &err);
		free(in);
		free(res);
		if (rc != GP_OK) {
			json_decref(d);
			return cli_fail(&err);
		}
		json_object_set_new(d, "decision_id", json_integer(id));
	}
	if (c->format == FMT_JSON)
		json_print(d, stdout);
	else
		print_decision(d);
	json_decref(d);
	return 0;
}

static int project_rules(struct cli *c, struct store_handle *h)
{
	static const struct table_col cols[] = {
	    {"code", "编号 Code", 0, false},           {"kind", "类型 Kind", 0, false},
	    {"param", "参数 Param", 0, false},         {"threshold", "限值 Threshold", -3, true},
	    {"mandatory", "强制 Mandatory", 0, false}, {"name", "规则 Rule", 0, false},
	    {"source", "依据 Source", 0, false},
	};
	struct screen_rule *rules;
	struct gp_err err;
	struct table t;
	size_t n;

	if (h->ops->projects->rules_list(h->st, &rules, &n, &err) != GP_OK)
		return cli_fail(&err);
	table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < n; i++) {
		table_row(&t);
		table_str(&t, 0, rules[i].code);
		table_str(&t, 1, rule_kind_code(rules[i].kind));
		table_str(&t, 2, rules[i].param);
		table_num(&t, 3, rules[i].threshold);
		table_bool(&t, 4, rules[i].mandatory);
		table_str(&t, 5, rules[i].name);
		table_str(&t, 6, rules[i].source);
	}
	table_print(&t, c->format, "筛查规则 screening rules (环保一票否决)", stdout);
	table_release(&t);
	free(rules);
	return 0;
}

static int project_vetoes(struct cli *c, struct store_handle *h, const struct opts *o)
{
	struct screen_decision_row *dec;
	struct gp_err err;
	size_t n;
	json_t *rows = json_array();

	if (h->ops->projects->decisions(h->st, 0, true, &dec, &n, &err) != GP_OK) {
		json_decref(rows);
		return cli_fail(&err);
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(rows, decision_to_json(&dec[i]));
	screen_decisions_free(dec, n);
	if (o->xlsx)
		return write_xlsx(o->xlsx, "否决", "环保一票否决 Vetoed screenings", veto_xlsx_cols,
				  veto_xlsx_ncols, rows);
	if (c->format == FMT_JSON) {
		json_print(rows, stdout);
	} else {
		json_t *d;
		size_t i;
		printf("环保一票否决 vetoed screenings: %zu\n", json_array_size(rows));
		json_array_foreach(rows, i, d)
		{
			printf("  #%lld %s %s (%s, %s): %s\n",
			       (long long)json_integer_value(json_object_get(d, "id")),
			       json_string_value(json_object_get(d, "project")),
			       json_string_value(json_object_get(d, "name")),
			       json_string_value(json_object_get(d, "at")),
			       json_string_value(json_object_get(d, "actor")),
			       json_string_value(json_object_get(d, "failed")));
		}
	}
	json_decref(rows);
	return 0;
}

static int project_summary_cmd(struct cli *c, struct store_handle *h, const struct factor_lib *lib,
			       const struct opts *o)
{
	struct gp_err err;
	json_t *s, *conv, *x, *eff;
	size_t i;

	if (projects_summary(h, lib, o->method, &s, &err) != GP_OK)
		return cli_fail(&err);
	if (c->format == FMT_JSON) {
		json_print(s, stdout);
		json_decref(s);
		return 0;
	}
	printf("招商项目 projects: %lld; 一票否决 vetoed: %lld\n",
	       (long long)json_integer_value(json_object_get(s, "projects")),
	       (long long)json_integer_value(json_object_get(s, "vetoed")));
	for (int st = 0; st < STAGE_COUNT; st++) {
		json_t *t =
		    json_object_get(json_object_get(s, "totals"), stage_code((enum stage)st));
		json_t *d =
		    json_object_get(json_object_get(s, "stage_days"), stage_code((enum stage)st));
		json_t *med = json_object_get(d, "median_days");
		char inv[32], days[32] = "—";
		num_format_grouped(inv, sizeof(inv),
				   json_number_value(json_object_get(t, "investment_wan_yuan")), 0);
		if (!json_is_null(med))
			str_fmt(days, sizeof(days), "%.0f", json_number_value(med));
		printf("  %s %-12s %3lld  投资 investment %s 万元  中位天数 median days %s\n",
		       stage_name_zh((enum stage)st), stage_code((enum stage)st),
		       (long long)json_integer_value(json_object_get(t, "projects")), inv, days);
	}
	conv = json_object_get(s, "conversion");
	json_array_foreach(conv, i, x)
	{
		json_t *rate = json_object_get(x, "rate");
		printf("  %s → %s: %lld/%lld%s", json_string_value(json_object_get(x, "from")),
		       json_string_value(json_object_get(x, "to")),
		       (long long)json_integer_value(json_object_get(x, "reached_to")),
		       (long long)json_integer_value(json_object_get(x, "reached_from")),
		       json_is_null(rate) ? "\n" : "");
		if (!json_is_null(rate))
			printf(" = %.1f %%\n", 100 * json_number_value(rate));
	}
	eff = json_object_get(s, "effect");
	printf("签约及以后全部建成 if every project from 签约 on is built (%lld projects, year "
	       "%lld):\n"
	       "  energy +%.1f tce (等价值), CO2 +%.1f t, zcp2025 %.4f → %.4f tCO2/tce\n",
	       (long long)json_integer_value(json_object_get(eff, "projects")),
	       (long long)json_integer_value(json_object_get(eff, "year")),
	       json_number_value(
		   json_object_get(json_object_get(eff, "energy_tce_equivalent"), "added")),
	       json_number_value(json_object_get(json_object_get(eff, "co2_t"), "added")),
	       json_number_value(
		   json_object_get(json_object_get(eff, "core_t_co2_per_tce"), "before")),
	       json_number_value(
		   json_object_get(json_object_get(eff, "core_t_co2_per_tce"), "after")));
	json_decref(s);
	return 0;
}

static int run(struct cli *c, int argc, char **argv)
{
	static const char *const actions[] = {"list",    "show",  "move",  "screen",
					      "summary", "rules", "vetoes"};
	const char *action = argc > 1 ? argv[1] : "";
	struct store_handle h;
	struct factor_lib lib;
	struct gp_err err;
	struct opts o;
	bool known = false, needs_lib;
	int rc, npos;
	char **pos;

	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		known |= strcmp(action, actions[i]) == 0;
	if (!known)
		return cli_usage(&cmd_project,
				 "expected list, show, move, screen, summary, rules or vetoes");
	if ((rc = parse(argc - 1, argv + 1, &o)) != 0)
		return rc;
	pos = argv + 1 + optind;
	npos = argc - 1 - optind;
	if ((strcmp(action, "show") == 0 || strcmp(action, "screen") == 0) && npos != 1)
		return cli_usage(&cmd_project, "project %s needs one project code", action);
	if (strcmp(action, "move") == 0 && npos != 2)
		return cli_usage(&cmd_project, "project move needs CODE and STAGE");
	if (npos > 0 && strcmp(action, "show") && strcmp(action, "screen") &&
	    strcmp(action, "move"))
		return cli_usage(&cmd_project, "unexpected argument '%s'", pos[0]);
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	needs_lib = strcmp(action, "move") == 0 || strcmp(action, "screen") == 0 ||
		    strcmp(action, "summary") == 0;
	if (needs_lib && h.ops->factors_load(h.st, &lib, &err) != GP_OK) {
		store_close(&h);
		return cli_fail(&err);
	}
	if (strcmp(action, "list") == 0)
		rc = project_list(c, &h, &o);
	else if (strcmp(action, "show") == 0)
		rc = project_show(c, &h, pos[0]);
	else if (strcmp(action, "move") == 0)
		rc = project_move_cmd(c, &h, &lib, pos[0], pos[1], &o);
	else if (strcmp(action, "screen") == 0)
		rc = project_screen_cmd(c, &h, &lib, pos[0], &o);
	else if (strcmp(action, "summary") == 0)
		rc = project_summary_cmd(c, &h, &lib, &o);
	else if (strcmp(action, "rules") == 0)
		rc = project_rules(c, &h);
	else
		rc = project_vetoes(c, &h, &o);
	if (needs_lib)
		factors_release(&lib);
	store_close(&h);
	return rc;
}

const struct command cmd_project = {
    "project", run, "招商项目库与环保一票否决 investment pipeline and the screening gate",
    "usage: greenpark project list [--stage S] [--subpark NAME] [--sort [-]KEY] [--xlsx FILE]\n"
    "       greenpark project show CODE\n"
    "       greenpark project move CODE STAGE [--date YYYY-MM-DD] [--reason TEXT] [--override]\n"
    "                                         [--method zcp2025|cn-enterprise|cn-market]\n"
    "       greenpark project screen CODE [--record] [--method M]\n"
    "       greenpark project summary [--method M]\n"
    "       greenpark project rules\n"
    "       greenpark project vetoes [--xlsx FILE]\n"
    "\n"
    "Stages 阶段: reserve 储备 → negotiating 在谈 → signed 签约 → landed 落地 → started 开工 →\n"
    "building 建设 → producing 投产, and terminated 终止 (with --reason) from any of them.\n"
    "A move goes one stage forward; skipping or going back needs --override and --reason\n"
    "(the CLI acts as admin). A move into 签约 from before it passes the screening gate\n"
    "(环保一票否决) first: every rule of 'project rules' is evaluated on the project's\n"
    "expected energy (its CO2 under --method, default zcp2025), output, pollutants,\n"
    "industry and its effect on the park's zcp2025 t CO2/tce; a failed mandatory rule\n"
    "vetoes the move, and the decision with its inputs is kept either way. 'screen' shows\n"
    "the gate's verdict without moving (--record keeps it as a decision). 'summary' gives\n"
    "counts by stage, conversion between stages, days in each stage, vetoes and the\n"
    "effect on the park if every project from 签约 on is built. Moves are audited.\n"
    "Projects and rules are imported with 'greenpark import projects|project-stages|\n"
    "screen-rules FILE' (docs/projects.md).\n"};
