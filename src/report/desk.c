/* report/desk.c — filing and moving tickets, and the desk's JSON renderings (desk.h). */
#include "report/desk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "report/json.h"
#include "util/str.h"

int desk_today(void)
{
	return desk_date_from_days(date_today()); /* China Standard Time, or $GREENPARK_TODAY */
}

int desk_file(struct store_handle *h, struct desk_ticket *t, const char *actor,
	      struct desk_routing *route, int64_t *id, struct gp_err *err)
{
	struct desk_assignment *as = NULL;
	struct desk_routing r;
	struct enterprise e;
	enum put_result res;
	size_t n = 0;
	int rc;

	if ((rc = desk_text_check("title", t->title, DESK_TITLE_MAX, false, true, err)) != GP_OK ||
	    (rc = desk_text_check("description", t->description, DESK_DESCRIPTION_MAX, true, false,
				  err)) != GP_OK ||
	    (rc = desk_text_check("attachments", t->attachments, DESK_ATTACHMENTS_MAX, true, false,
				  err)) != GP_OK)
		return rc;
	if ((rc = h->ops->enterprise_find(h->st, t->uscc, &e, err)) != GP_OK)
		return rc;
	t->enterprise_id = e.id;
	str_copy(t->enterprise, sizeof(t->enterprise), e.name);
	if (!t->opened)
		t->opened = desk_today();
	if (!t->deadline)
		t->deadline = desk_default_deadline(t->opened, t->priority);
	if (t->deadline < t->opened) {
		char d[11], o[11];
		desk_date_format(t->deadline, d);
		desk_date_format(t->opened, o);
		return gp_err_set(err, GP_EINPUT, "deadline %s is before the filing date %s", d, o);
	}
	t->status = DESK_OPEN;
	t->resolved = t->confirmed = 0;
	if ((rc = h->ops->desk->assignment_list(h->st, &as, &n, err)) != GP_OK)
		return rc;
	desk_route(as, n, t->uscc, e.industry_code, &r);
	free(as);
	str_copy(t->department, sizeof(t->department), r.department);
	str_copy(t->staff, sizeof(t->staff), r.staff);
	if (route)
		*route = r;
	return h->ops->desk->ticket_add(h->st, t, NULL, actor, id, &res, err);
}

int desk_move(struct store_handle *h, int64_t id, enum desk_status to, enum desk_actor actor_kind,
	      const char *note, int date, int64_t only_enterprise, const char *actor,
	      struct desk_ticket *out, struct gp_err *err)
{
	struct desk_ticket t;
	int rc;

	if ((rc = h->ops->desk->ticket_get(h->st, id, &t, err)) != GP_OK)
		return rc;
	if (only_enterprise && t.enterprise_id != only_enterprise) {
		desk_ticket_release(&t);
		return gp_err_set(err, GP_ENOTFOUND, "no ticket %lld", (long long)id);
	}
	if (!date)
		date = desk_today();
	if ((rc = desk_transition_check(t.status, to, actor_kind, note, err)) != GP_OK)
		goto done;
	if (date < t.opened) {
		char d[11], o[11];
		desk_date_format(date, d);
		desk_date_format(t.opened, o);
		rc = gp_err_set(err, GP_EINPUT, "date %s is before the ticket was opened (%s)", d,
				o);
		goto done;
	}
	rc = h->ops->desk->ticket_move(h->st, id, t.status, to, date, note, actor, err);
	if (rc == GP_OK && out) {
		desk_ticket_release(&t);
		return h->ops->desk->ticket_get(h->st, id, out, err);
	}
done:
	desk_ticket_release(&t);
	return rc;
}

static json_t *date_json(int ymd)
{
	char d[11];
	if (ymd <= 0)
		return json_null();
	desk_date_format(ymd, d);
	return json_string(d);
}

static json_t *str_or_empty(const char *s)
{
	return json_string(s ? s : "");
}

json_t *desk_ticket_json(const struct desk_ticket *t, int today)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "uscc", json_string(t->uscc));
	json_object_set_new(o, "enterprise", json_string(t->enterprise));
	json_object_set_new(o, "category", json_string(desk_category_name(t->category)));
	json_object_set_new(o, "category_zh", json_string(desk_category_name_zh(t->category)));
	json_object_set_new(o, "title", json_string(t->title));
	json_object_set_new(o, "description", str_or_empty(t->description));
	json_object_set_new(o, "priority", json_string(desk_priority_name(t->priority)));
	json_object_set_new(o, "priority_zh", json_string(desk_priority_name_zh(t->priority)));
	json_object_set_new(o, "opened", date_json(t->opened));
	json_object_set_new(o, "deadline", date_json(t->deadline));
	json_object_set_new(o, "status", json_string(desk_status_name(t->status)));
	json_object_set_new(o, "status_zh", json_string(desk_status_name_zh(t->status)));
	json_object_set_new(o, "overdue", json_boolean(desk_overdue(t, today)));
	json_object_set_new(o, "department", json_string(t->department));
	json_object_set_new(o, "staff", json_string(t->staff));
	json_object_set_new(o, "resolution", str_or_empty(t->resolution));
	json_object_set_new(o, "resolved", date_json(t->resolved));
	json_object_set_new(o, "confirmed", date_json(t->confirmed));
	json_object_set_new(o, "created_by", json_string(t->created_by));
	if (t->attachments)
		json_object_set_new(o, "attachments", json_string(t->attachments));
	return o;
}

json_t *desk_tickets_json(const struct desk_ticket *list, size_t n, int today)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, desk_ticket_json(&list[i], today));
	return a;
}

json_t *desk_events_json(const struct desk_event *ev, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(
		    o, "from",
		    ev[i].from < 0 ? json_null()
				   : json_string(desk_status_name((enum desk_status)ev[i].from)));
		json_object_set_new(o, "to", json_string(desk_status_name(ev[i].to)));
		json_object_set_new(o, "date", date_json(ev[i].date));
		json_object_set_new(o, "actor", json_string(ev[i].actor));
		json_object_set_new(o, "note", json_string(ev[i].note));
		json_object_set_new(o, "at", json_string(ev[i].at));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *desk_assignments_json(const struct desk_assignment *a, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		bool ent = a[i].kind == DESK_ASSIGN_ENTERPRISE;
		json_object_set_new(o, "kind", json_string(ent ? "enterprise" : "industry"));
		json_object_set_new(o, "department", json_string(a[i].department));
		json_object_set_new(o, "staff", json_string(a[i].staff));
		json_object_set_new(o, "target", json_string(ent ? a[i].uscc : a[i].prefix));
		json_object_set_new(o, "name", json_string(a[i].name));
		json_array_append_new(arr, o);
	}
	return arr;
}

json_t *desk_routing_json(const struct desk_routing *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "department", json_string(r->department));
	json_object_set_new(o, "staff", json_string(r->staff));
	json_object_set_new(o, "industry_prefix",
			    r->prefix[0] ? json_string(r->prefix) : json_null());
	json_object_set_new(o, "by",
			    json_string(r->prefix[0]  ? "industry"
					: r->by_staff ? "staff"
						      : "none"));
	return o;
}

static json_t *count_json(const struct desk_count *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "total", json_integer(c->total));
	json_object_set_new(o, "resolved", json_integer(c->resolved));
	json_object_set_new(o, "overdue", json_integer(c->overdue));
	return o;
}

json_t *desk_summary_json(const struct desk_stats *s, int year, int today)
{
	json_t *o = json_object(), *cat = json_object(), *st = json_object(), *dep = json_array(),
	       *mon = json_array();

	json_object_set_new(o, "total", json_integer(s->all.total));
	json_object_set_new(o, "resolved", json_integer(s->all.resolved));
	json_object_set_new(o, "overdue", json_integer(s->all.overdue));
	for (int c = 0; c < DESK_CATEGORY_COUNT; c++) {
		json_t *x = count_json(&s->by_category[c]);
		json_object_set_new(x, "name_zh",
				    json_string(desk_category_name_zh((enum desk_category)c)));
		json_object_set_new(cat, desk_category_name((enum desk_category)c), x);
	}
	json_object_set_new(o, "by_category", cat);
	for (int k = 0; k < DESK_STATUS_COUNT; k++)
		json_object_set_new(st, desk_status_name((enum desk_status)k),
				    json_integer(s->by_status[k]));
	json_object_set_new(o, "by_status", st);
	for (size_t i = 0; i < s->ndepartments; i++) {
		json_t *x = count_json(&s->by_department[i].c);
		json_object_set_new(x, "department", json_string(s->by_department[i].department));
		json_array_append_new(dep, x);
	}
	json_object_set_new(o, "by_department", dep);
	for (size_t i = 0; i < s->nmonths; i++) {
		json_t *x = json_object();
		char m[8];
		str_fmt(m, sizeof(m), "%04d-%02d", s->by_month[i].month / 100,
			s->by_month[i].month % 100);
		json_object_set_new(x, "month", json_string(m));
		json_object_set_new(x, "opened", json_integer(s->by_month[i].opened));
		json_object_set_new(x, "resolved", json_integer(s->by_month[i].resolved));
		json_array_append_new(mon, x);
	}
	json_object_set_new(o, "by_month", mon);
	json_object_set_new(o, "median_days_to_resolve",
			    json_number_or_null(s->median_days_to_resolve));
	json_object_set_new(o, "year", year ? json_integer(year) : json_null());
	json_object_set_new(o, "today", date_json(today));
	return o;
}

const struct xlsx_col desk_xlsx_cols[] = {
    {"id", "编号 Id", XCOL_INT},
    {"enterprise", "企业 Enterprise", XCOL_TEXT},
    {"uscc", "统一社会信用代码 USCC", XCOL_TEXT},
    {"category_zh", "类别 Category", XCOL_TEXT},
    {"title", "标题 Title", XCOL_TEXT},
    {"priority_zh", "优先级 Priority", XCOL_TEXT},
    {"opened", "受理日期 Opened", XCOL_TEXT},
    {"deadline", "办结时限 Deadline", XCOL_TEXT},
    {"status_zh", "状态 Status", XCOL_TEXT},
    {"overdue", "超期 Overdue", XCOL_BOOL},
    {"department", "包保部门 Department", XCOL_TEXT},
    {"staff", "包保人 Staff", XCOL_TEXT},
    {"resolved", "办结日期 Resolved", XCOL_TEXT},
    {"resolution", "办结说明 Resolution", XCOL_TEXT},
    {"description", "问题描述 Description", XCOL_TEXT},
};
const size_t desk_xlsx_ncols = sizeof(desk_xlsx_cols) / sizeof(desk_xlsx_cols[0]);
