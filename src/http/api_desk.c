/* api_desk.c — the service desk over HTTP (docs/desk.md): tickets (list, one, file, move),
 * the summary, the Excel list and the 包保 assignments. The router lets admin, analyst and
 * enterprise users in (ACCESS_DESK; an enterprise naming another enterprise is refused
 * there); here an enterprise user's every read and write is scoped to its own enterprise,
 * and another enterprise's ticket answers 404 exactly like a missing one, so ids do not
 * leak. Never: lets an enterprise user's query read another's rows. */
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "report/desk.h"
#include "util/str.h"

static bool is_enterprise(const struct http_req *r)
{
	return r->user && r->user->role == ROLE_ENTERPRISE;
}

/* The list filter from the query, scoped to the user; false with resp filled on error. */
static bool read_filter(struct http_req *r, struct http_resp *resp, struct desk_filter *f)
{
	const char *v;
	struct gp_err err;
	long year = 0;

	memset(f, 0, sizeof(*f));
	f->status = f->category = -1;
	if ((v = req_query(r, "status")) && *v) {
		enum desk_status s;
		if (desk_status_parse(v, &s, &err) != GP_OK) {
			resp_error(resp, 400, NULL, "%s", err.msg);
			return false;
		}
		f->status = (int)s;
	}
	if ((v = req_query(r, "category")) && *v) {
		enum desk_category c;
		if (desk_category_parse(v, &c, &err) != GP_OK) {
			resp_error(resp, 400, NULL, "%s", err.msg);
			return false;
		}
		f->category = (int)c;
	}
	if ((v = req_query(r, "overdue")) && *v) {
		if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) {
			f->overdue_today = desk_today();
		} else if (strcmp(v, "0") != 0 && strcmp(v, "false") != 0) {
			resp_error(resp, 400, NULL, "overdue '%s' is not true or false", v);
			return false;
		}
	}
	if (!req_long(r, resp, "year", 1990, 2100, &year))
		return false;
	f->year = (int)year;
	if (is_enterprise(r)) {
		/* the router refused ?enterprise= of another enterprise; scope to its own */
		if (r->user->enterprise_id <= 0) {
			resp_error(resp, 403, NULL, "user %s is bound to no enterprise",
				   r->user->name);
			return false;
		}
		f->enterprise_id = r->user->enterprise_id;
	} else if ((v = req_query(r, "enterprise")) && *v) {
		struct enterprise e;
		char uscc[USCC_LEN + 1];
		if (uscc_normalize(v, uscc, &err) != GP_OK) {
			resp_error(resp, 400, NULL, "%s", err.msg);
			return false;
		}
		if (r->h->ops->enterprise_find(r->h->st, uscc, &e, &err) != GP_OK) {
			resp_from_err(resp, &err);
			return false;
		}
		f->enterprise_id = e.id;
	}
	return true;
}

/* The tickets the filter selects, as JSON (NULL with resp filled on error). */
static json_t *list_json(struct http_req *r, struct http_resp *resp)
{
	struct desk_filter f;
	struct desk_ticket *list;
	struct gp_err err;
	size_t n;
	json_t *a;

	if (!read_filter(r, resp, &f))
		return NULL;
	if (r->h->ops->desk->ticket_list(r->h->st, &f, &list, &n, &err) != GP_OK) {
		resp_from_err(resp, &err);
		return NULL;
	}
	a = desk_tickets_json(list, n, desk_today());
	desk_tickets_free(list, n);
	return a;
}

int api_tickets(struct http_req *r, struct http_resp *resp)
{
	json_t *a = list_json(r, resp);
	return a ? resp_page(r, resp, a) : 0;
}

int api_tickets_xlsx(struct http_req *r, struct http_resp *resp)
{
	json_t *a = list_json(r, resp);
	char name[64], title[128];
	int today = desk_today();

	if (!a)
		return 0;
	str_fmt(name, sizeof(name), "greenpark-tickets-%08d.xlsx", today);
	str_fmt(title, sizeof(title), "企业服务工单 Service desk tickets (%zu)",
		json_array_size(a));
	return resp_xlsx_list(resp, name, "工单 Tickets", title, desk_xlsx_cols, desk_xlsx_ncols,
			      a);
}

int api_tickets_summary(struct http_req *r, struct http_resp *resp)
{
	struct desk_filter f;
	struct desk_ticket *list;
	struct desk_stats s;
	struct gp_err err;
	int today = desk_today();
	size_t n;
	json_t *o;

	if (!read_filter(r, resp, &f))
		return 0;
	f.status = f.category = -1; /* the summary counts every status and category */
	f.overdue_today = 0;
	if (r->h->ops->desk->ticket_list(r->h->st, &f, &list, &n, &err) != GP_OK)
		return resp_from_err(resp, &err);
	desk_stats_compute(list, n, today, &s);
	desk_tickets_free(list, n);
	o = desk_summary_json(&s, f.year, today);
	desk_stats_release(&s);
	return resp_json(resp, 200, o);
}

/* The ticket id of the path; false with a 400 in resp. */
static bool path_id(struct http_req *r, struct http_resp *resp, int64_t *id)
{
	char *end;
	long long v = strtoll(r->params[0], &end, 10);

	if (*end || v < 1) {
		resp_error(resp, 400, NULL, "ticket id '%s' is not a number", r->params[0]);
		return false;
	}
	*id = v;
	return true;
}

int api_ticket(struct http_req *r, struct http_resp *resp)
{
	struct desk_ticket t;
	struct desk_event *ev;
	struct gp_err err;
	int64_t id;
	size_t n;
	json_t *o;

	if (!path_id(r, resp, &id))
		return 0;
	if (r->h->ops->desk->ticket_get(r->h->st, id, &t, &err) != GP_OK)
		return resp_from_err(resp, &err);
	if (is_enterprise(r) && t.enterprise_id != r->user->enterprise_id) {
		desk_ticket_release(&t);
		return resp_error(resp, 404, NULL, "no ticket %lld", (long long)id);
	}
	if (r->h->ops->desk->ticket_events(r->h->st, id, &ev, &n, &err) != GP_OK) {
		desk_ticket_release(&t);
		return resp_from_err(resp, &err);
	}
	o = desk_ticket_json(&t, desk_today());
	json_object_set_new(o, "events", desk_events_json(ev, n));
	free(ev);
	desk_ticket_release(&t);
	return resp_json(resp, 200, o);
}

int api_ticket_add(struct http_req *r, struct http_resp *resp)
{
	json_t *body = req_json_body(r, resp), *o;
	const char *uscc = NULL, *category = NULL, *title = NULL, *description = "",
		   *attachments = "", *priority = NULL, *deadline = NULL;
	struct desk_ticket t;
	struct desk_routing route;
	struct gp_err err;
	int64_t id;
	int rc;
	char dl[11];

	if (!body)
		return 0;
	memset(&t, 0, sizeof(t));
	t.priority = DESK_NORMAL;
	if (json_unpack(body, "{s?s, s:s, s:s, s?s, s?s, s?s, s?s}", "uscc", &uscc, "category",
			&category, "title", &title, "description", &description, "attachments",
			&attachments, "priority", &priority, "deadline", &deadline) != 0) {
		json_decref(body);
		return resp_error(resp, 400, NULL,
				  "expected {\"uscc\", \"category\", \"title\", \"description\"?, "
				  "\"priority\"?, \"deadline\"?: \"YYYY-MM-DD\", \"attachments\"?} "
				  "(an enterprise user may leave out uscc)");
	}
	if (is_enterprise(r)) {
		/* the router refused another enterprise's uscc; an enterprise files for itself */
		if (!r->user->uscc[0]) {
			json_decref(body);
			return resp_error(resp, 403, NULL, "user %s is bound to no enterprise",
					  r->user->name);
		}
		str_copy(t.uscc, sizeof(t.uscc), r->user->uscc);
	} else if (!uscc) {
		json_decref(body);
		return resp_error(resp, 400, NULL,
				  "uscc is required (the enterprise the ticket is for)");
	} else if (uscc_normalize(uscc, t.uscc, &err) != GP_OK) {
		json_decref(body);
		return resp_error(resp, 400, NULL, "%s", err.msg);
	}
	if ((rc = desk_category_parse(category, &t.category, &err)) != GP_OK ||
	    (priority && (rc = desk_priority_parse(priority, &t.priority, &err)) != GP_OK) ||
	    (deadline &&
	     (rc = desk_date_parse("deadline", deadline, &t.deadline, &err)) != GP_OK)) {
		json_decref(body);
		return resp_error(resp, 400, NULL, "%s", err.msg);
	}
	if (strlen(title) > DESK_TITLE_MAX) {
		json_decref(body);
		return resp_error(resp, 400, NULL, "title is %zu bytes (at most %d)", strlen(title),
				  DESK_TITLE_MAX);
	}
	str_copy(t.title, sizeof(t.title), title);
	t.description = xstrdup(description);
	t.attachments = xstrdup(attachments);
	json_decref(body);
	rc = desk_file(r->h, &t, r->actor, &route, &id, &err);
	desk_ticket_release(&t);
	if (rc != GP_OK)
		return resp_from_err(resp, &err);
	desk_date_format(t.deadline, dl);
	o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "status", json_string("open"));
	json_object_set_new(o, "deadline", json_string(dl));
	json_object_set_new(o, "routing", desk_routing_json(&route));
	return resp_json(resp, 201, o);
}

int api_ticket_status(struct http_req *r, struct http_resp *resp)
{
	json_t *body, *o;
	const char *status = NULL, *note = NULL;
	enum desk_status to;
	enum desk_actor kind;
	struct desk_ticket t;
	struct gp_err err;
	int64_t id;
	int rc;

	if (!path_id(r, resp, &id))
		return 0;
	if (is_enterprise(r) && r->user->enterprise_id <= 0)
		return resp_error(resp, 403, NULL, "user %s is bound to no enterprise",
				  r->user->name);
	if (!(body = req_json_body(r, resp)))
		return 0;
	if (json_unpack(body, "{s:s, s?s}", "status", &status, "note", &note) != 0) {
		json_decref(body);
		return resp_error(resp, 400, NULL,
				  "expected {\"status\": open|in_progress|resolved|confirmed|"
				  "reopened, \"note\"?}");
	}
	if (desk_status_parse(status, &to, &err) != GP_OK) {
		json_decref(body);
		return resp_error(resp, 400, NULL, "%s", err.msg);
	}
	kind = is_enterprise(r)              ? DESK_ACTOR_ENTERPRISE
	       : r->user->role == ROLE_ADMIN ? DESK_ACTOR_ADMIN
					     : DESK_ACTOR_STAFF;
	rc = desk_move(r->h, id, to, kind, note, 0, is_enterprise(r) ? r->user->enterprise_id : 0,
		       r->actor, &t, &err);
	json_decref(body); /* note was used above */
	if (rc != GP_OK)
		return resp_from_err(resp, &err);
	o = desk_ticket_json(&t, desk_today());
	desk_ticket_release(&t);
	return resp_json(resp, 200, o);
}

int api_assignments(struct http_req *r, struct http_resp *resp)
{
	struct desk_assignment *a;
	struct gp_err err;
	size_t n;
	json_t *j;

	if (r->h->ops->desk->assignment_list(r->h->st, &a, &n, &err) != GP_OK)
		return resp_from_err(resp, &err);
	j = desk_assignments_json(a, n);
	free(a);
	return resp_page(r, resp, j);
}
