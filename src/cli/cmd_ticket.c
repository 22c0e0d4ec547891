/* cmd_ticket.c — greenpark ticket list|show|add|move|summary|assignments: the service desk
 * (企业服务 / 包保) from the command line. Thin: options → report/desk.c → output. The
 * command line is the park's operator: it acts as an admin (staff moves; confirming or
 * reopening on an enterprise's behalf needs a note). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/desk.h"
#include "util/num.h"
#include "util/str.h"

/* Looks an enterprise up by USCC into *id (cli_fail's status on error, else 0). */
static int find_enterprise(struct store_handle *h, const char *uscc, int64_t *id)
{
	struct enterprise e;
	struct gp_err err;
	char norm[USCC_LEN + 1];

	if (uscc_normalize(uscc, norm, &err) != GP_OK ||
	    h->ops->enterprise_find(h->st, norm, &e, &err) != GP_OK)
		return cli_fail(&err);
	*id = e.id;
	return 0;
}

/* ---- list ---- */

static const struct table_col list_cols[] = {
    {"id", "编号 Id", -1, true},
    {"opened", "受理 Opened", 0, false},
    {"enterprise", "企业 Enterprise", 0, false},
    {"category", "类别 Category", 0, false},
    {"title", "标题 Title", 0, false},
    {"priority", "优先级 Priority", 0, false},
    {"status", "状态 Status", 0, false},
    {"deadline", "时限 Deadline", 0, false},
    {"overdue", "超期 Overdue", 0, false},
    {"department", "包保部门 Department", 0, false},
    {"staff", "包保人 Staff", 0, false},
};

static int ticket_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"enterprise", required_argument, NULL, 'e'},
	    {"status", required_argument, NULL, 's'},
	    {"category", required_argument, NULL, 'c'},
	    {"year", required_argument, NULL, 'y'},
	    {"overdue", no_argument, NULL, 'o'},
	    {"xlsx", required_argument, NULL, 'x'},
	    {NULL, 0, NULL, 0},
	};
	struct desk_filter f = {0, -1, -1, 0, 0};
	const char *enterprise = NULL, *xlsx = NULL;
	struct store_handle h;
	struct desk_ticket *list;
	struct gp_err err;
	int today = desk_today(), opt, rc;
	size_t n;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		enum desk_status s;
		enum desk_category k;
		switch (opt) {
		case 'e': enterprise = optarg; break;
		case 's':
			if (desk_status_parse(optarg, &s, &err) != GP_OK)
				return cli_usage(&cmd_ticket, "--status: %s", err.msg);
			f.status = (int)s;
			break;
		case 'c':
			if (desk_category_parse(optarg, &k, &err) != GP_OK)
				return cli_usage(&cmd_ticket, "--category: %s", err.msg);
			f.category = (int)k;
			break;
		case 'y':
			if (!cli_parse_year(optarg, &f.year))
				return cli_usage(&cmd_ticket, "--year '%s' is not a year", optarg);
			break;
		case 'o': f.overdue_today = today; break;
		case 'x': xlsx = optarg; break;
		case ':': return cli_usage(&cmd_ticket, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_ticket, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_ticket, "unexpected argument '%s'", argv[optind]);
	if (xlsx && !*xlsx)
		return cli_usage(&cmd_ticket, "--xlsx needs a file name");
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	if (enterprise && (rc = find_enterprise(&h, enterprise, &f.enterprise_id)) != 0) {
		store_close(&h);
		return rc;
	}
	rc = h.ops->desk->ticket_list(h.st, &f, &list, &n, &err);
	store_close(&h);
	if (rc != GP_OK)
		return cli_fail(&err);
	if (xlsx) {
		json_t *rows = desk_tickets_json(list, n, today);
		char title[128];
		str_fmt(title, sizeof(title), "企业服务工单 Service desk tickets (%zu)", n);
		rc = xlsx_list_write(xlsx, "工单 Tickets", title, desk_xlsx_cols, desk_xlsx_ncols,
				     rows, &err);
		json_decref(rows);
		desk_tickets_free(list, n);
		if (rc != GP_OK) {
			unlink(xlsx);
			return cli_fail(&err);
		}
		printf("已导出 wrote %s: %zu ticket%s\n", xlsx, n, n == 1 ? "" : "s");
		return 0;
	}
	if (c->format == FMT_JSON) {
		json_t *a = desk_tickets_json(list, n, today);
		json_print(a, stdout);
		json_decref(a);
	} else {
		struct table t;
		char cell[64];
		table_init(&t, list_cols, sizeof(list_cols) / sizeof(list_cols[0]));
		for (size_t i = 0; i < n; i++) {
			const struct desk_ticket *x = &list[i];
			table_row(&t);
			table_num(&t, 0, (double)x->id);
			desk_date_format(x->opened, cell);
			table_str(&t, 1, cell);
			table_str(&t, 2, x->enterprise);
			if (c->format == FMT_CSV) {
				table_str(&t, 3, desk_category_name(x->category));
				table_str(&t, 5, desk_priority_name(x->priority));
				table_str(&t, 6, desk_status_name(x->status));
			} else {
				str_fmt(cell, sizeof(cell), "%s %s",
					desk_category_name_zh(x->category),
					desk_category_name(x->category));
				table_str(&t, 3, cell);
				str_fmt(cell, sizeof(cell), "%s %s",
					desk_priority_name_zh(x->priority),
					desk_priority_name(x->priority));
				table_str(&t, 5, cell);
				str_fmt(cell, sizeof(cell), "%s %s", desk_status_name_zh(x->status),
					desk_status_name(x->status));
				table_str(&t, 6, cell);
			}
			table_str(&t, 4, x->title);
			desk_date_format(x->deadline, cell);
			table_str(&t, 7, cell);
			if (c->format == FMT_CSV)
				table_bool(&t, 8, desk_overdue(x, today));
			else
				table_str(&t, 8, desk_overdue(x, today) ? "⚠ 超期 overdue" : "");
			table_str(&t, 9, x->department);
			table_str(&t, 10, x->staff);
		}
		table_print(&t, c->format, NULL, stdout);
		table_release(&t);
	}
	desk_tickets_free(list, n);
	return 0;
}

/* ---- show ---- */

static int ticket_show(struct cli *c, struct store_handle *h, int64_t id)
{
	struct desk_ticket t;
	struct desk_event *ev;
	struct gp_err err;
	int today = desk_today();
	size_t n;
	char d[11], dl[11];

	if (h->ops->desk->ticket_get(h->st, id, &t, &err) != GP_OK)
		return cli_fail(&err);
	if (h->ops->desk->ticket_events(h->st, id, &ev, &n, &err) != GP_OK) {
		desk_ticket_release(&t);
		return cli_fail(&err);
	}
	if (c->format == FMT_JSON) {
		json_t *o = desk_ticket_json(&t, today);
		json_object_set_new(o, "events", desk_events_json(ev, n));
		json_print(o, stdout);
		json_decref(o);
	} else {
		desk_date_format(t.opened, d);
		desk_date_format(t.deadline, dl);
		printf("工单 ticket %lld · %s %s · %s %s · %s\n", (long long)t.id,
		       desk_status_name_zh(t.status), desk_status_name(t.status),
		       desk_category_name_zh(t.category), desk_category_name(t.category), t.title);
		printf("  企业 enterprise:    %s (%s)\n", t.enterprise, t.uscc);
		printf("  受理 opened:        %s · 时限 deadline %s%s · 优先级 priority %s %s\n", d,
		       dl[0] ? dl : "—", desk_overdue(&t, today) ? " ⚠ 超期 overdue" : "",
		       desk_priority_name_zh(t.priority), desk_priority_name(t.priority));
		printf("  包保 routed to:     %s%s%s\n", t.department[0] ? t.department : "—",
		       t.staff[0] ? " · " : "", t.staff);
		if (t.description && t.description[0])
			printf("  描述 description:   %s\n", t.description);
		if (t.resolution && t.resolution[0])
			printf("  办结说明 resolution: %s\n", t.resolution);
		if (t.attachments && t.attachments[0])
			printf("  附件 attachments:   %s\n", t.attachments);
		for (size_t i = 0; i < n; i++) {
			desk_date_format(ev[i].date, d);
			printf("  %s  %s → %s  %s%s%s\n", d,
			       ev[i].from < 0 ? "—"
					      : desk_status_name((enum desk_status)ev[i].from),
			       desk_status_name(ev[i].to), ev[i].actor, ev[i].note[0] ? ": " : "",
			       ev[i].note);
		}
	}
	free(ev);
	desk_ticket_release(&t);
	return 0;
}

/* ---- add ---- */

static int ticket_add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"enterprise", required_argument, NULL, 'e'},
	    {"category", required_argument, NULL, 'c'},
	    {"title", required_argument, NULL, 't'},
	    {"description", required_argument, NULL, 'd'},
	    {"attachments", required_argument, NULL, 'a'},
	    {"priority", required_argument, NULL, 'p'},
	    {"deadline", required_argument, NULL, 'l'},
	    {NULL, 0, NULL, 0},
	};
	struct desk_ticket t;
	struct desk_routing route;
	struct store_handle h;
	struct gp_err err;
	const char *enterprise = NULL, *category = NULL, *title = NULL;
	int64_t id;
	int opt, rc;
	char dl[11];

	memset(&t, 0, sizeof(t));
	t.priority = DESK_NORMAL;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'e': enterprise = optarg; break;
		case 'c': category = optarg; break;
		case 't': title = optarg; break;
		case 'd': t.description = optarg; break;
		case 'a': t.attachments = optarg; break;
		case 'p':
			if (desk_priority_parse(optarg, &t.priority, &err) != GP_OK)
				return cli_usage(&cmd_ticket, "--priority: %s", err.msg);
			break;
		case 'l':
			if (desk_date_parse("--deadline", optarg, &t.deadline, &err) != GP_OK)
				return cli_usage(&cmd_ticket, "%s", err.msg);
			break;
		case ':': return cli_usage(&cmd_ticket, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_ticket, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_ticket, "unexpected argument '%s'", argv[optind]);
	if (!enterprise || !category || !title)
		return cli_usage(&cmd_ticket,
				 "ticket add needs --enterprise, --category and --title");
	if (desk_category_parse(category, &t.category, &err) != GP_OK)
		return cli_usage(&cmd_ticket, "--category: %s", err.msg);
	if (strlen(title) > DESK_TITLE_MAX)
		return cli_usage(&cmd_ticket, "--title is longer than %d bytes", DESK_TITLE_MAX);
	str_copy(t.title, sizeof(t.title), title);
	if (uscc_normalize(enterprise, t.uscc, &err) != GP_OK)
		return cli_usage(&cmd_ticket, "--enterprise: %s", err.msg);
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	rc = desk_file(&h, &t, c->actor, &route, &id, &err);
	store_close(&h);
	/* the texts belong to argv: nothing to release */
	if (rc != GP_OK)
		return cli_fail(&err);
	desk_date_format(t.deadline, dl);
	if (c->format == FMT_JSON) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(id));
		json_object_set_new(o, "deadline", json_string(dl));
		json_object_set_new(o, "routing", desk_routing_json(&route));
		json_print(o, stdout);
		json_decref(o);
		return 0;
	}
	printf("已受理 ticket %lld filed for %s (%s), 时限 deadline %s\n", (long long)id,
	       t.enterprise, t.uscc, dl);
	if (route.prefix[0])
		printf("  分派 routed to %s (部门包产业: industry %s)", route.department,
		       route.prefix);
	else if (route.by_staff)
		printf("  分派 routed to %s (包保人所在部门: the staff owner's department)",
		       route.department);
	else
		printf("  未分派 not routed: no industry or enterprise assignment applies (see "
		       "'greenpark ticket assignments')");
	if (route.staff[0])
		printf(" · 包保人 staff %s (员工包企业)", route.staff);
	printf("\n");
	return 0;
}

/* ---- move ---- */

static int ticket_move(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"note", required_argument, NULL, 'n'},
	    {"date", required_argument, NULL, 'd'},
	    {NULL, 0, NULL, 0},
	};
	struct store_handle h;
	struct desk_ticket t;
	struct gp_err err;
	enum desk_status to;
	const char *note = NULL;
	int64_t id;
	int date = 0, opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': note = optarg; break;
		case 'd':
			if (desk_date_parse("--date", optarg, &date, &err) != GP_OK)
				return cli_usage(&cmd_ticket, "%s", err.msg);
			break;
		case ':': return cli_usage(&cmd_ticket, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_ticket, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return cli_usage(&cmd_ticket, "ticket move needs ID and STATUS");
	if (!num_parse_int64(argv[optind], 1, INT64_MAX, &id))
		return cli_usage(&cmd_ticket, "ticket id '%s' is not a number", argv[optind]);
	if (desk_status_parse(argv[optind + 1], &to, &err) != GP_OK)
		return cli_usage(&cmd_ticket, "%s", err.msg);
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	rc = desk_move(&h, id, to, DESK_ACTOR_ADMIN, note, date, 0, c->actor, &t, &err);
	store_close(&h);
	if (rc != GP_OK)
		return cli_fail(&err);
	if (c->format == FMT_JSON) {
		json_t *o = desk_ticket_json(&t, desk_today());
		json_print(o, stdout);
		json_decref(o);
	} else {
		printf("工单 ticket %lld: %s %s\n", (long long)id, desk_status_name_zh(t.status),
		       desk_status_name(t.status));
	}
	desk_ticket_release(&t);
	return 0;
}

/* ---- summary ---- */

static int ticket_summary(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"year", required_argument, NULL, 'y'},
	    {"enterprise", required_argument, NULL, 'e'},
	    {NULL, 0, NULL, 0},
	};
	struct desk_filter f = {0, -1, -1, 0, 0};
	struct store_handle h;
	struct desk_ticket *list;
	struct desk_stats s;
	struct gp_err err;
	const char *enterprise = NULL;
	int today = desk_today(), opt, rc;
	size_t n;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'y':
			if (!cli_parse_year(optarg, &f.year))
				return cli_usage(&cmd_ticket, "--year '%s' is not a year", optarg);
			break;
		case 'e': enterprise = optarg; break;
		case ':': return cli_usage(&cmd_ticket, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_ticket, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_ticket, "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	if (enterprise && (rc = find_enterprise(&h, enterprise, &f.enterprise_id)) != 0) {
		store_close(&h);
		return rc;
	}
	rc = h.ops->desk->ticket_list(h.st, &f, &list, &n, &err);
	store_close(&h);
	if (rc != GP_OK)
		return cli_fail(&err);
	desk_stats_compute(list, n, today, &s);
	desk_tickets_free(list, n);
	if (c->format == FMT_JSON) {
		json_t *o = desk_summary_json(&s, f.year, today);
		json_print(o, stdout);
		json_decref(o);
	} else {
		printf(
		    "企业诉求 service desk: 共 %ld 件 total, 已办结 %ld 件 resolved, 超期 %ld 件 "
		    "overdue",
		    s.all.total, s.all.resolved, s.all.overdue);
		if (f.year)
			printf(" (opened in %d)", f.year);
		if (!isnan(s.median_days_to_resolve))
			printf(" · 办结用时中位数 median %.1f days", s.median_days_to_resolve);
		printf("\n  其中 of which resolved:");
		for (int k = 0; k < DESK_CATEGORY_COUNT; k++)
			printf(" %s %s %ld%s", desk_category_name_zh((enum desk_category)k),
			       desk_category_name((enum desk_category)k), s.by_category[k].resolved,
			       k + 1 < DESK_CATEGORY_COUNT ? "," : "\n");
		printf("  按状态 by status:");
		for (int k = 0; k < DESK_STATUS_COUNT; k++)
			printf(" %s %s %ld%s", desk_status_name_zh((enum desk_status)k),
			       desk_status_name((enum desk_status)k), s.by_status[k],
			       k + 1 < DESK_STATUS_COUNT ? "," : "\n");
		printf("  按部门 by department:\n");
		for (size_t i = 0; i < s.ndepartments; i++)
			printf("    %s: %ld total, %ld resolved, %ld overdue\n",
			       s.by_department[i].department[0] ? s.by_department[i].department
								: "(未分派 not routed)",
			       s.by_department[i].c.total, s.by_department[i].c.resolved,
			       s.by_department[i].c.overdue);
	}
	desk_stats_release(&s);
	return 0;
}

/* ---- assignments ---- */

static const struct table_col assign_cols[] = {
    {"kind", "类型 Kind", 0, false},       {"department", "部门 Department", 0, false},
    {"staff", "包保人 Staff", 0, false},   {"target", "对象 Target", 0, false},
    {"name", "企业 Enterprise", 0, false},
};

static int ticket_assignments(struct cli *c, struct store_handle *h)
{
	struct desk_assignment *a;
	struct gp_err err;
	struct table t;
	size_t n;

	if (h->ops->desk->assignment_list(h->st, &a, &n, &err) != GP_OK)
		return cli_fail(&err);
	if (c->format == FMT_JSON) {
		json_t *j = desk_assignments_json(a, n);
		json_print(j, stdout);
		json_decref(j);
		free(a);
		return 0;
	}
	table_init(&t, assign_cols, 5);
	for (size_t i = 0; i < n; i++) {
		bool ent = a[i].kind == DESK_ASSIGN_ENTERPRISE;
		table_row(&t);
		table_str(&t, 0,
			  c->format == FMT_CSV ? (ent ? "enterprise" : "industry")
			  : ent                ? "员工包企业 enterprise"
					       : "部门包产业 industry");
		table_str(&t, 1, a[i].department);
		table_str(&t, 2, a[i].staff);
		table_str(&t, 3, ent ? a[i].uscc : a[i].prefix);
		table_str(&t, 4, a[i].name);
	}
	table_print(&t, c->format, NULL, stdout);
	table_release(&t);
	free(a);
	return 0;
}

static int run(struct cli *c, int argc, char **argv)
{
	const char *action = argc > 1 ? argv[1] : "";
	struct store_handle h;
	int64_t id;
	int rc;

	if (strcmp(action, "list") == 0)
		return ticket_list(c, argc - 1, argv + 1);
	if (strcmp(action, "add") == 0)
		return ticket_add(c, argc - 1, argv + 1);
	if (strcmp(action, "move") == 0)
		return ticket_move(c, argc - 1, argv + 1);
	if (strcmp(action, "summary") == 0)
		return ticket_summary(c, argc - 1, argv + 1);
	if (strcmp(action, "show") == 0) {
		if (argc != 3 || !num_parse_int64(argv[2], 1, INT64_MAX, &id))
			return cli_usage(&cmd_ticket, "ticket show needs one ticket id");
		if ((rc = cli_open(c, &h)) != 0)
			return rc;
		rc = ticket_show(c, &h, id);
		store_close(&h);
		return rc;
	}
	if (strcmp(action, "assignments") == 0) {
		if (argc != 2)
			return cli_usage(&cmd_ticket, "unexpected argument '%s'", argv[2]);
		if ((rc = cli_open(c, &h)) != 0)
			return rc;
		rc = ticket_assignments(c, &h);
		store_close(&h);
		return rc;
	}
	return cli_usage(&cmd_ticket, "expected list, show, add, move, summary or assignments");
}

const struct command cmd_ticket = {
    "ticket", run, "企业服务工单与包保 service desk: tickets, routing, status, statistics",
    "usage: greenpark ticket list [--enterprise USCC] [--status S] [--category C] [--year Y]\n"
    "                             [--overdue] [--xlsx FILE]\n"
    "       greenpark ticket show ID\n"
    "       greenpark ticket add --enterprise USCC --category C --title T [--description D]\n"
    "                            [--attachments TEXT] [--priority P] [--deadline YYYY-MM-DD]\n"
    "       greenpark ticket move ID STATUS [--note TEXT] [--date YYYY-MM-DD]\n"
    "       greenpark ticket summary [--year Y] [--enterprise USCC]\n"
    "       greenpark ticket assignments\n"
    "\n"
    "企业诉求 tickets from the park's enterprises, routed by 包保 assignments (import them\n"
    "with 'greenpark import assignments FILE'): the department owning the longest\n"
    "industry-code prefix of the enterprise's industry (部门包产业), and the staff member\n"
    "owning the enterprise (员工包企业); without an industry match, the staff member's\n"
    "department. 'add' prints the routing.\n"
    "\n"
    "Categories: land 用地, funding 资金, labour 用工, technology 技术, approvals 审批,\n"
    "utilities 水电气暖, other 其他. Priorities: low 低, normal 普通 (default), high 高,\n"
    "urgent 紧急; without --deadline a new ticket is due in 30, 15, 7 or 3 days by priority.\n"
    "Status flow: open 待受理 → in_progress 办理中 → resolved 已办结 (the note is the\n"
    "resolution) → confirmed 已确认 by the enterprise, or reopened 已重开 (note: the reason)\n"
    "→ in_progress again. This command acts as an admin: confirming or reopening on the\n"
    "enterprise's behalf needs --note. --date is the business date (default today, Asia/\n"
    "Shanghai). Overdue (超期): past the deadline and not resolved or confirmed.\n"
    "'summary' counts tickets (opened in --year when given) by category, status, department\n"
    "and month; --format json gives the object of GET /api/v1/tickets/summary. 'list --xlsx'\n"
    "writes the list as an Excel workbook. Every change is audited.\n"};
