/* api_projects.c — the investment pipeline over HTTP: the list (board and table), one
 * project with its history, the summary, the screening gate (preview, rules, vetoes),
 * moves and the Excel downloads. Who may call what is in routes[] (server.c); a move
 * may override the stage order only when the signed-in user is an admin. */
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "http/http.h"
#include "report/json.h"
#include "report/projects.h"
#include "store/store_projects.h"
#include "util/str.h"

/* ?stage= and ?subpark= into f; false with a 400 in resp. */
static bool project_filter_from(struct http_req *r, struct http_resp *resp,
				struct project_filter *f)
{
	const char *stage = req_query(r, "stage");
	struct gp_err err;
	enum stage st;

	f->stage = -1;
	f->subpark = req_query(r, "subpark");
	if (stage) {
		if (stage_parse(stage, &st, &err) != GP_OK) {
			resp_error(resp, 400, NULL, "%s", err.msg);
			return false;
		}
		f->stage = (int)st;
	}
	return true;
}

/* Sorts list by ?sort=KEY or -KEY (descending); false with a 400 in resp. */
static bool sort_projects(struct http_req *r, struct http_resp *resp, struct project *list,
			  size_t n)
{
	const char *sort = req_query(r, "sort");
	struct gp_err err;

	if (sort && projects_sort(list, n, sort, &err) != GP_OK) {
		resp_error(resp, 400, NULL, "%s", err.msg);
		return false;
	}
	return true;
}

/* Every project matching the query, sorted, as a JSON array, or NULL with resp filled. */
static json_t *project_rows(struct http_req *r, struct http_resp *resp)
{
	struct project_filter f;
	struct project *list;
	struct gp_err err;
	long today = date_today();
	size_t n;
	json_t *a;

	if (!project_filter_from(r, resp, &f))
		return NULL;
	if (r->h->ops->projects->project_list(r->h->st, &f, &list, &n, &err) != GP_OK) {
		resp_from_err(resp, &err);
		return NULL;
	}
	if (!sort_projects(r, resp, list, n)) {
		free(list);
		return NULL;
	}
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, project_to_json(&list[i], today));
	free(list);
	return a;
}

int api_projects(struct http_req *r, struct http_resp *resp)
{
	json_t *a = project_rows(r, resp);
	return a ? resp_page(r, resp, a) : 0;
}

int api_projects_xlsx(struct http_req *r, struct http_resp *resp)
{
	json_t *a = project_rows(r, resp);
	return a ? resp_xlsx_list(resp, "greenpark-projects.xlsx", "项目库",
				  "招商项目库 Investment pipeline", project_xlsx_cols,
				  project_xlsx_ncols, a)
		 : 0;
}

int api_project(struct http_req *r, struct http_resp *resp)
{
	struct gp_err err;
	json_t *o;

	if (project_detail(r->h, r->params[0], &o, &err) != GP_OK)
		return resp_from_err(resp, &err);
	return resp_json(resp, 200, o);
}

int api_projects_summary(struct http_req *r, struct http_resp *resp)
{
	const struct factor_lib *lib;
	enum account_method method;
	struct gp_err err;
	json_t *o;

	if (!req_method(r, resp, &method))
		return 0;
	if (!(lib = req_factors(r, &err)) || projects_summary(r->h, lib, method, &o, &err) != GP_OK)
		return resp_from_err(resp, &err);
	return resp_json(resp, 200, o);
}

int api_project_screening(struct http_req *r, struct http_resp *resp)
{
	const struct factor_lib *lib;
	enum account_method method;
	struct project p;
	struct gp_err err;
	json_t *o;

	if (!req_method(r, resp, &method))
		return 0;
	if (!(lib = req_factors(r, &err)) ||
	    r->h->ops->projects->project_find(r->h->st, r->params[0], &p, &err) != GP_OK ||
	    project_screen(r->h, lib, &p, method, &o, NULL, &err) != GP_OK)
		return resp_from_err(resp, &err);
	return resp_json(resp, 200, o);
}

int api_project_move(struct http_req *r, struct http_resp *resp)
{
	json_t *body = req_json_body(r, resp), *decision = NULL;
	const char *stage = NULL, *date = NULL, *reason = "", *method_s = "zcp2025";
	const struct factor_lib *lib;
	struct move_request m;
	struct gp_err err, cerr;
	char date_buf[16], reason_buf[PROJECT_TEXT_MAX + 1];
	int override = 0, rc;

	if (!body)
		return 0;
	memset(&m, 0, sizeof(m));
	if (json_unpack(body, "{s:s, s?s, s?s, s?b, s?s}", "stage", &stage, "date", &date, "reason",
			&reason, "override", &override, "method", &method_s) != 0 ||
	    stage_parse(stage, &m.to, &err) != GP_OK ||
	    account_method_parse(method_s, &m.method) != GP_OK ||
	    (date && !str_copy(date_buf, sizeof(date_buf), date)) ||
	    !str_copy(reason_buf, sizeof(reason_buf), reason)) {
		json_decref(body);
		return resp_error(resp, 400, NULL,
				  "expected {\"stage\": reserve|negotiating|signed|landed|started|"
				  "building|producing|terminated, \"date\"?: \"YYYY-MM-DD\", "
				  "\"reason\"?: text of at most %d bytes, \"override\"?: bool, "
				  "\"method\"?: zcp2025|cn-enterprise|cn-market}",
				  PROJECT_TEXT_MAX);
	}
	json_decref(body); /* every string was copied above */
	m.code = r->params[0];
	m.on_date = date ? date_buf : NULL;
	m.reason = reason_buf;
	m.override = override != 0;
	m.admin = r->user->role == ROLE_ADMIN;
	m.actor = r->actor;
	if (!(lib = req_factors(r, &err)))
		return resp_from_err(resp, &err);
	if (r->h->ops->begin(r->h->st, &err) != GP_OK)
		return resp_from_err(resp, &err);
	rc = project_move(r->h, lib, &m, &decision, &err);
	/* a veto keeps its decision: commit it, and answer 409 with the decision */
	if (rc == GP_OK || (rc == GP_ECONFLICT && decision)) {
		if (r->h->ops->commit(r->h->st, &cerr) != GP_OK) {
			r->h->ops->rollback(r->h->st);
			json_decref(decision);
			return resp_from_err(resp, &cerr);
		}
	} else {
		r->h->ops->rollback(r->h->st);
	}
	if (rc == GP_ECONFLICT && decision)
		return resp_error(resp, 409, json_pack("[o]", decision), "%s", err.msg);
	if (rc != GP_OK) {
		json_decref(decision);
		return resp_from_err(resp, &err);
	}
	{
		json_t *o;
		if (project_detail(r->h, m.code, &o, &err) != GP_OK) {
			json_decref(decision);
			return resp_from_err(resp, &err);
		}
		json_object_set_new(o, "screening", decision ? decision : json_null());
		return resp_json(resp, 200, o);
	}
}

int api_project_rules(struct http_req *r, struct http_resp *resp)
{
	struct screen_rule *rules;
	struct gp_err err;
	size_t n;
	json_t *a = json_array();

	if (r->h->ops->projects->rules_list(r->h->st, &rules, &n, &err) != GP_OK) {
		json_decref(a);
		return resp_from_err(resp, &err);
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:s, s:o, s:b, s:s, s:s}", "code", rules[i].code,
				 "kind", rule_kind_code(rules[i].kind), "param", rules[i].param,
				 "threshold", json_number_or_null(rules[i].threshold), "mandatory",
				 rules[i].mandatory, "name", rules[i].name, "source",
				 rules[i].source));
	free(rules);
	return resp_json(resp, 200, a);
}

/* The vetoed screenings (?all=true: every screening), newest first. */
static json_t *veto_rows(struct http_req *r, struct http_resp *resp)
{
	const char *all = req_query(r, "all");
	struct screen_decision_row *dec;
	struct gp_err err;
	size_t n;
	json_t *a;

	if (r->h->ops->projects->decisions(r->h->st, 0, !(all && strcmp(all, "true") == 0), &dec,
					   &n, &err) != GP_OK) {
		resp_from_err(resp, &err);
		return NULL;
	}
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, decision_to_json(&dec[i]));
	screen_decisions_free(dec, n);
	return a;
}

int api_project_vetoes(struct http_req *r, struct http_resp *resp)
{
	json_t *a = veto_rows(r, resp);
	return a ? resp_page(r, resp, a) : 0;
}

int api_project_vetoes_xlsx(struct http_req *r, struct http_resp *resp)
{
	json_t *a = veto_rows(r, resp);
	return a ? resp_xlsx_list(resp, "greenpark-vetoes.xlsx", "否决",
				  "环保一票否决 Screening decisions", veto_xlsx_cols,
				  veto_xlsx_ncols, a)
		 : 0;
}
