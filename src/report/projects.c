/* projects.c — the pipeline's workflows: a project's expected account, the gate, moves
 * and the summary. Reads and writes through the store's ops; every rule is core's. */
#include "report/projects.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "report/json.h"
#include "store/store_projects.h"
#include "util/str.h"

json_t *project_to_json(const struct project *p, long today)
{
	json_t *o = json_object(), *energy = json_object(), *poll = json_object();
	long since = 0;

	for (size_t i = 0; i < p->nenergy; i++)
		json_object_set_new(energy, p->energy[i].item, json_real(p->energy[i].quantity));
	for (int k = 0; k < POLL_COUNT; k++)
		json_object_set_new(poll, pollutant_code((enum pollutant)k),
				    json_real(p->pollutants_t[k]));
	json_object_set_new(o, "code", json_string(p->code));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "investor", json_string(p->investor));
	json_object_set_new(o, "uscc", p->uscc[0] ? json_string(p->uscc) : json_null());
	json_object_set_new(o, "industry_code", json_string(p->industry_code));
	json_object_set_new(o, "leading_industry", json_string(leading_industry_name(p->leading)));
	json_object_set_new(o, "subpark", p->subpark[0] ? json_string(p->subpark) : json_null());
	json_object_set_new(o, "investment_wan_yuan", json_real(p->investment_wan_yuan));
	json_object_set_new(o, "output_wan_yuan", json_real(p->output_wan_yuan));
	json_object_set_new(o, "tax_wan_yuan", json_real(p->tax_wan_yuan));
	json_object_set_new(o, "land_mu", json_real(p->land_mu));
	json_object_set_new(o, "land_m2", json_real(p->land_m2));
	json_object_set_new(o, "high_tech", json_boolean(p->high_tech));
	json_object_set_new(o, "talent", json_string(p->talent));
	json_object_set_new(o, "lead", json_string(p->lead));
	json_object_set_new(o, "members", json_string(p->members));
	json_object_set_new(o, "department", json_string(p->department));
	json_object_set_new(o, "pollutants_t", poll);
	json_object_set_new(o, "energy", energy);
	json_object_set_new(o, "key_list", json_string(p->key_list));
	json_object_set_new(o, "note", json_string(p->note));
	json_object_set_new(o, "stage", json_string(stage_code(p->stage)));
	json_object_set_new(o, "stage_zh", json_string(stage_name_zh(p->stage)));
	json_object_set_new(o, "stage_since", json_string(p->stage_since));
	json_object_set_new(o, "days_in_stage",
			    date_parse("stage_since", p->stage_since, &since, NULL) == GP_OK
				? json_integer(today - since)
				: json_null());
	json_object_set_new(o, "reached", json_string(stage_code(p->reached)));
	json_object_set_new(o, "terminated_reason", json_string(p->terminated_reason));
	return o;
}

static int cmp_code(const void *a, const void *b)
{
	return strcmp(((const struct project *)a)->code, ((const struct project *)b)->code);
}

static int cmp_name(const void *a, const void *b)
{
	int c = strcmp(((const struct project *)a)->name, ((const struct project *)b)->name);
	return c ? c : cmp_code(a, b);
}

static int cmp_num(double x, double y, const void *a, const void *b)
{
	return x < y ? -1 : x > y ? 1 : cmp_code(a, b);
}

static int cmp_investment(const void *a, const void *b)
{
	return cmp_num(((const struct project *)a)->investment_wan_yuan,
		       ((const struct project *)b)->investment_wan_yuan, a, b);
}

static int cmp_output(const void *a, const void *b)
{
	return cmp_num(((const struct project *)a)->output_wan_yuan,
		       ((const struct project *)b)->output_wan_yuan, a, b);
}

static int cmp_stage(const void *a, const void *b)
{
	return cmp_num(((const struct project *)a)->stage, ((const struct project *)b)->stage, a,
		       b);
}

/* Entered the stage earlier = longer in it. */
static int cmp_days(const void *a, const void *b)
{
	int c = strcmp(((const struct project *)b)->stage_since,
		       ((const struct project *)a)->stage_since);
	return c ? c : cmp_code(a, b);
}

static const struct {
	const char *key;
	int (*cmp)(const void *, const void *);
} sorts[] = {
    {"code", cmp_code},
    {"name", cmp_name},
    {"investment_wan_yuan", cmp_investment},
    {"output_wan_yuan", cmp_output},
    {"stage", cmp_stage},
    {"days_in_stage", cmp_days},
};

int projects_sort(struct project *list, size_t n, const char *key, struct gp_err *err)
{
	bool desc = key[0] == '-';

	key += desc;
	for (size_t k = 0; k < sizeof(sorts) / sizeof(sorts[0]); k++) {
		if (strcmp(key, sorts[k].key))
			continue;
		qsort(list, n, sizeof(*list), sorts[k].cmp);
		for (size_t i = 0; desc && i < n / 2; i++) {
			struct project tmp = list[i];
			list[i] = list[n - 1 - i];
			list[n - 1 - i] = tmp;
		}
		return GP_OK;
	}
	return gp_err_set(err, GP_EINPUT,
			  "sort '%s' is not code, name, investment_wan_yuan, output_wan_yuan, "
			  "stage or days_in_stage (prefix - for descending)",
			  key);
}

/* Adds the project's energy to q (lib->nitems doubles). */
static int add_energy(const struct factor_lib *lib, const struct project *p, double *q,
		      struct gp_err *err)
{
	for (size_t i = 0; i < p->nenergy; i++) {
		int k = factors_item_index(lib, p->energy[i].item);
		if (k < 0)
			return gp_err_set(
			    err, GP_EINPUT,
			    "project %s: energy item '%s' is not in the factor library", p->code,
			    p->energy[i].item);
		q[k] += p->energy[i].quantity;
	}
	return GP_OK;
}

/* Computes the account of quantities q. */
static int account_of(const struct factor_lib *lib, const double *q, int year,
		      enum account_method method, const char *grid, struct account_result *r,
		      struct gp_err *err)
{
	struct account_input in = {year, method, grid, q};
	return account_compute(lib, &in, r, err);
}

int project_account(const struct factor_lib *lib, const struct project *p, int year,
		    enum account_method method, const char *grid, struct screen_inputs *in,
		    struct gp_err *err)
{
	double *q = xcalloc(lib->nitems ? lib->nitems : 1, sizeof(double));
	struct account_result r;
	int rc;

	if ((rc = add_energy(lib, p, q, err)) == GP_OK &&
	    (rc = account_of(lib, q, year, method, grid, &r, err)) == GP_OK) {
		in->energy_tce = r.energy_tce;
		in->energy_tce_equivalent = r.energy_tce_equivalent;
		in->co2_t = r.co2_t;
		account_result_release(&r);
	}
	free(q);
	return rc;
}

/* The latest year of the ledger, or this year when the ledger is empty (*has_data false). */
static int ledger_year(struct store_handle *h, int *year, bool *has_data, struct gp_err *err)
{
	int years[64];
	size_t n = 0;
	char today[11];
	int rc = h->ops->activity_years(h->st, years, 64, &n, err);

	if (rc != GP_OK)
		return rc;
	*has_data = n > 0;
	if (n) {
		*year = years[n - 1];
	} else {
		date_format(date_today(), today);
		*year = (int)strtol(today, NULL, 10); /* the year of a date we wrote */
	}
	return GP_OK;
}

/* The park's zcp2025 t CO2/tce for year, and with extra (may be NULL) added. */
static int park_core(struct store_handle *h, const struct factor_lib *lib, int year,
		     const char *grid, const double *extra, double *before, double *after,
		     struct gp_err *err)
{
	struct scope park = {SCOPE_PARK, 0};
	double *q = xcalloc(lib->nitems ? lib->nitems : 1, sizeof(double));
	struct account_result r;
	int rc;

	*before = *after = NAN;
	if ((rc = store_year_quantities(h, lib, year, &park, q, err)) != GP_OK ||
	    (rc = account_of(lib, q, year, METHOD_ZCP2025, grid, &r, err)) != GP_OK)
		goto out;
	*before = r.co2_per_tce;
	account_result_release(&r);
	for (size_t i = 0; extra && i < lib->nitems; i++)
		q[i] += extra[i];
	if ((rc = account_of(lib, q, year, METHOD_ZCP2025, grid, &r, err)) != GP_OK)
		goto out;
	*after = r.co2_per_tce;
	account_result_release(&r);
out:
	free(q);
	return rc;
}

int project_screen_inputs(struct store_handle *h, const struct factor_lib *lib,
			  const struct project *p, enum account_method method,
			  struct screen_inputs *in, struct gp_err *err)
{
	struct park park;
	double *q = NULL;
	bool has_data;
	int year, rc;

	memset(in, 0, sizeof(*in));
	in->output_wan_yuan = p->output_wan_yuan;
	memcpy(in->pollutants_t, p->pollutants_t, sizeof(in->pollutants_t));
	str_copy(in->industry_code, sizeof(in->industry_code), p->industry_code);
	in->park_core_before = in->park_core_after = NAN;
	if ((rc = h->ops->park_get(h->st, &park, err)) != GP_OK ||
	    (rc = ledger_year(h, &year, &has_data, err)) != GP_OK ||
	    (rc = project_account(lib, p, year, method, park.grid, in, err)) != GP_OK)
		return rc;
	if (!has_data)
		return GP_OK;
	in->park_year = year;
	q = xcalloc(lib->nitems ? lib->nitems : 1, sizeof(double));
	if ((rc = add_energy(lib, p, q, err)) == GP_OK)
		rc = park_core(h, lib, year, park.grid, q, &in->park_core_before,
			       &in->park_core_after, err);
	free(q);
	return rc;
}

static json_t *inputs_to_json(const struct screen_inputs *in, enum account_method method)
{
	json_t *o = json_object(), *poll = json_object();

	for (int k = 0; k < POLL_COUNT; k++)
		json_object_set_new(poll, pollutant_code((enum pollutant)k),
				    json_real(in->pollutants_t[k]));
	json_object_set_new(o, "method", json_string(account_method_name(method)));
	json_object_set_new(o, "output_wan_yuan", json_real(in->output_wan_yuan));
	json_object_set_new(o, "energy_tce", json_number_or_null(in->energy_tce));
	json_object_set_new(o, "energy_tce_equivalent",
			    json_number_or_null(in->energy_tce_equivalent));
	json_object_set_new(o, "co2_t", json_number_or_null(in->co2_t));
	json_object_set_new(o, "pollutants_t", poll);
	json_object_set_new(o, "industry_code", json_string(in->industry_code));
	json_object_set_new(o, "park_year",
			    in->park_year ? json_integer(in->park_year) : json_null());
	json_object_set_new(o, "park_core_before", json_number_or_null(in->park_core_before));
	json_object_set_new(o, "park_core_after", json_number_or_null(in->park_core_after));
	return o;
}

static json_t *results_to_json(const struct screen_rule *rules, const struct screen_outcome *oc)
{
	json_t *a = json_array();

	for (size_t i = 0; i < oc->n; i++) {
		const struct screen_result *res = &oc->results[i];
		const struct screen_rule *r = &rules[res->rule];
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:s, s:o, s:b, s:s, s:s, s:o, s:b, s:b, s:s}", "code",
				 r->code, "kind", rule_kind_code(r->kind), "param", r->param,
				 "threshold", json_number_or_null(r->threshold), "mandatory",
				 r->mandatory, "name", r->name, "source", r->source, "value",
				 json_number_or_null(res->value), "applicable", res->applicable,
				 "pass", res->pass, "detail", res->detail));
	}
	return a;
}

int project_screen(struct store_handle *h, const struct factor_lib *lib, const struct project *p,
		   enum account_method method, json_t **out, bool *vetoed, struct gp_err *err)
{
	struct screen_rule *rules = NULL;
	struct screen_outcome *oc;
	struct screen_inputs in;
	size_t nrules = 0;
	int rc;

	*out = NULL;
	if ((rc = h->ops->projects->rules_list(h->st, &rules, &nrules, err)) != GP_OK)
		return rc;
	if ((rc = project_screen_inputs(h, lib, p, method, &in, err)) != GP_OK) {
		free(rules);
		return rc;
	}
	oc = xcalloc(1, sizeof(*oc));
	screen_evaluate(rules, nrules, &in, oc);
	*out = json_pack("{s:s, s:s, s:b, s:I, s:I, s:I, s:o, s:o}", "project", p->code, "name",
			 p->name, "vetoed", oc->vetoed, "rules", (json_int_t)oc->n,
			 "failed_mandatory", (json_int_t)oc->failed_mandatory, "failed_advisory",
			 (json_int_t)oc->failed_advisory, "inputs", inputs_to_json(&in, method),
			 "results", results_to_json(rules, oc));
	if (vetoed)
		*vetoed = oc->vetoed;
	free(oc);
	free(rules);
	return GP_OK;
}

/* "E1 单位产值能耗 (0.62 tce/万元 > 0.5 tce/万元); P2 …" for a veto message. */
static void failed_list(const json_t *decision, char *out, size_t outsz)
{
	const json_t *results = json_object_get(decision, "results"), *r;
	size_t i, used = 0;

	out[0] = '\0';
	json_array_foreach(results, i, r)
	{
		if (json_is_true(json_object_get(r, "pass")) ||
		    !json_is_true(json_object_get(r, "mandatory")))
			continue;
		if (str_fmt(out + used, outsz - used, "%s%s %s (%s)", used ? "; " : "",
			    json_string_value(json_object_get(r, "code")),
			    json_string_value(json_object_get(r, "name")),
			    json_string_value(json_object_get(r, "detail"))))
			used = strlen(out);
	}
}

int project_move(struct store_handle *h, const struct factor_lib *lib, const struct move_request *m,
		 json_t **decision, struct gp_err *err)
{
	const struct projects_store_ops *ops = h->ops->projects;
	struct project p;
	char date[11];
	long day, since;
	int64_t decision_id = 0;
	json_t *d = NULL;
	bool vetoed = false;
	int rc;

	if (decision)
		*decision = NULL;
	if ((rc = ops->project_find(h->st, m->code, &p, err)) != GP_OK)
		return rc;
	if (m->on_date)
		str_copy(date, sizeof(date), m->on_date);
	else
		date_format(date_today(), date);
	if ((rc = date_parse("date", date, &day, err)) != GP_OK)
		return rc;
	if (date_parse("stage_since", p.stage_since, &since, NULL) == GP_OK && day < since)
		return gp_err_set(err, GP_EINPUT,
				  "date %s is before project %s entered %s %s on %s (moves go "
				  "forward in time)",
				  date, p.code, stage_name_zh(p.stage), stage_code(p.stage),
				  p.stage_since);
	if ((rc = pipeline_move_check(p.stage, m->to, m->override, m->admin, m->reason, err)) !=
	    GP_OK) {
		char why[GP_ERR_MSG_MAX];
		str_copy(why, sizeof(why), err->msg);
		return gp_err_set(err, rc, "project %s: %s", p.code, why);
	}
	if (pipeline_move_screens(p.stage, m->to)) {
		char *inputs, *results;
		if ((rc = project_screen(h, lib, &p, m->method, &d, &vetoed, err)) != GP_OK)
			return rc;
		inputs = json_dumps(json_object_get(d, "inputs"), JSON_COMPACT);
		results = json_dumps(json_object_get(d, "results"), JSON_COMPACT);
		rc = ops->decision_add(h->st, p.id, m->to, vetoed, inputs ? inputs : "{}",
				       results ? results : "[]", m->actor, &decision_id, err);
		free(inputs);
		free(results);
		if (rc == GP_OK) {
			json_object_set_new(d, "decision_id", json_integer(decision_id));
			json_object_set_new(d, "to", json_string(stage_code(m->to)));
		}
	}
	if (rc == GP_OK && vetoed) {
		char failed[768];
		failed_list(d, failed, sizeof(failed));
		rc = gp_err_set(err, GP_ECONFLICT,
				"project %s vetoed at the screening gate (环保一票否决): %s; the "
				"decision is kept as #%lld",
				p.code, failed, (long long)decision_id);
	}
	if (rc == GP_OK)
		rc = ops->project_move(h->st, p.id, m->to, date, m->reason, m->override,
				       decision_id, m->actor, err);
	if (decision)
		*decision = d;
	else
		json_decref(d);
	return rc;
}

json_t *decision_to_json(const struct screen_decision_row *d)
{
	json_t *o = json_object(), *in = json_loads(d->inputs_json, 0, NULL),
	       *res = json_loads(d->results_json, 0, NULL);
	char failed[768];

	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "project", json_string(d->code));
	json_object_set_new(o, "name", json_string(d->name));
	json_object_set_new(o, "at", json_string(d->at));
	json_object_set_new(o, "actor", json_string(d->actor));
	json_object_set_new(o, "to", json_string(stage_code(d->to)));
	json_object_set_new(o, "vetoed", json_boolean(d->vetoed));
	json_object_set_new(o, "inputs", in ? in : json_object());
	json_object_set_new(o, "results", res ? res : json_array());
	failed_list(o, failed, sizeof(failed));
	json_object_set_new(o, "failed", json_string(failed));
	return o;
}

int project_detail(struct store_handle *h, const char *code, json_t **out, struct gp_err *err)
{
	const struct projects_store_ops *ops = h->ops->projects;
	struct project p;
	struct project_event_row *ev = NULL;
	struct screen_decision_row *dec = NULL;
	size_t nev = 0, ndec = 0;
	json_t *o, *a;
	int rc;

	*out = NULL;
	if ((rc = ops->project_find(h->st, code, &p, err)) != GP_OK ||
	    (rc = ops->events(h->st, p.id, &ev, &nev, err)) != GP_OK ||
	    (rc = ops->decisions(h->st, p.id, false, &dec, &ndec, err)) != GP_OK) {
		free(ev);
		return rc;
	}
	o = project_to_json(&p, date_today());
	a = json_array();
	for (size_t i = 0; i < nev; i++)
		json_array_append_new(
		    a, json_pack("{s:o, s:s, s:s, s:s, s:s, s:b, s:o, s:s}", "from",
				 ev[i].from < 0 ? json_null()
						: json_string(stage_code((enum stage)ev[i].from)),
				 "to", stage_code(ev[i].to), "date", ev[i].on_date, "actor",
				 ev[i].actor, "reason", ev[i].reason, "override", ev[i].override,
				 "decision",
				 ev[i].decision_id ? json_integer(ev[i].decision_id) : json_null(),
				 "recorded_at", ev[i].at));
	json_object_set_new(o, "events", a);
	a = json_array();
	for (size_t i = 0; i < ndec; i++)
		json_array_append_new(a, decision_to_json(&dec[i]));
	json_object_set_new(o, "decisions", a);
	free(ev);
	screen_decisions_free(dec, ndec);
	*out = o;
	return GP_OK;
}

const struct xlsx_col project_xlsx_cols[] = {
    {"code", "编号 Code", XCOL_TEXT},
    {"name", "项目名称 Project", XCOL_TEXT},
    {"investor", "投资方 Investor", XCOL_TEXT},
    {"stage_zh", "阶段 Stage", XCOL_TEXT},
    {"stage_since", "进入阶段日期 Since", XCOL_TEXT},
    {"days_in_stage", "本阶段天数 Days in stage", XCOL_INT},
    {"industry_code", "行业代码 Industry", XCOL_TEXT},
    {"leading_industry", "主导产业 Leading industry", XCOL_TEXT},
    {"subpark", "园区 Sub-park", XCOL_TEXT},
    {"investment_wan_yuan", "总投资 (万元) Investment", XCOL_NUMBER},
    {"output_wan_yuan", "预期年产值 (万元) Output", XCOL_NUMBER},
    {"tax_wan_yuan", "预期年税收 (万元) Tax", XCOL_NUMBER},
    {"land_mu", "用地 (亩) Land mu", XCOL_NUMBER},
    {"land_m2", "用地 (m²) Land m²", XCOL_NUMBER},
    {"high_tech", "高新技术 High-tech", XCOL_BOOL},
    {"talent", "人才 Talent", XCOL_TEXT},
    {"lead", "牵头人 Lead", XCOL_TEXT},
    {"members", "专班成员 Team", XCOL_TEXT},
    {"department", "责任部门 Department", XCOL_TEXT},
    {"key_list", "重点项目 Key list", XCOL_TEXT},
    {"terminated_reason", "终止原因 Termination reason", XCOL_TEXT},
};
const size_t project_xlsx_ncols = sizeof(project_xlsx_cols) / sizeof(project_xlsx_cols[0]);

const struct xlsx_col veto_xlsx_cols[] = {
    {"id", "决定编号 Decision", XCOL_INT},
    {"project", "项目编号 Project", XCOL_TEXT},
    {"name", "项目名称 Name", XCOL_TEXT},
    {"at", "时间 (UTC) At", XCOL_TEXT},
    {"actor", "操作人 Actor", XCOL_TEXT},
    {"to", "申请阶段 To", XCOL_TEXT},
    {"vetoed", "否决 Vetoed", XCOL_BOOL},
    {"failed", "未通过的强制规则 Failed mandatory rules", XCOL_TEXT},
};
const size_t veto_xlsx_ncols = sizeof(veto_xlsx_cols) / sizeof(veto_xlsx_cols[0]);

/* ---- the summary ---- */

static json_t *effect_json(struct store_handle *h, const struct factor_lib *lib,
			   const struct project *list, size_t n, enum account_method method,
			   struct gp_err *err, int *rc)
{
	struct scope park_scope = {SCOPE_PARK, 0};
	double *base = xcalloc(lib->nitems ? lib->nitems : 1, sizeof(double));
	double *added = xcalloc(lib->nitems ? lib->nitems : 1, sizeof(double));
	double *with = xcalloc(lib->nitems ? lib->nitems : 1, sizeof(double));
	double output = 0, investment = 0, poll[POLL_COUNT] = {0};
	struct account_result before = {0}, add = {0}, after = {0}, zb = {0}, za = {0};
	struct park park;
	json_t *o = NULL, *pj;
	size_t included = 0;
	bool has_data;
	int year;

	if ((*rc = h->ops->park_get(h->st, &park, err)) != GP_OK ||
	    (*rc = ledger_year(h, &year, &has_data, err)) != GP_OK)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (list[i].stage < STAGE_SIGNED || list[i].stage == STAGE_TERMINATED)
			continue;
		if ((*rc = add_energy(lib, &list[i], added, err)) != GP_OK)
			goto out;
		included++;
		output += list[i].output_wan_yuan;
		investment += list[i].investment_wan_yuan;
		for (int k = 0; k < POLL_COUNT; k++)
			poll[k] += list[i].pollutants_t[k];
	}
	if (has_data &&
	    (*rc = store_year_quantities(h, lib, year, &park_scope, base, err)) != GP_OK)
		goto out;
	for (size_t i = 0; i < lib->nitems; i++)
		with[i] = base[i] + added[i];
	if ((*rc = account_of(lib, base, year, method, park.grid, &before, err)) != GP_OK ||
	    (*rc = account_of(lib, added, year, method, park.grid, &add, err)) != GP_OK ||
	    (*rc = account_of(lib, with, year, method, park.grid, &after, err)) != GP_OK ||
	    (*rc = account_of(lib, base, year, METHOD_ZCP2025, park.grid, &zb, err)) != GP_OK ||
	    (*rc = account_of(lib, with, year, METHOD_ZCP2025, park.grid, &za, err)) != GP_OK)
		goto out;
	pj = json_object();
	for (int k = 0; k < POLL_COUNT; k++)
		json_object_set_new(pj, pollutant_code((enum pollutant)k), json_real(poll[k]));
	o = json_object();
	json_object_set_new(o, "year", json_integer(year));
	json_object_set_new(o, "ledger_has_year", json_boolean(has_data));
	json_object_set_new(o, "method", json_string(account_method_name(method)));
	json_object_set_new(
	    o, "stages",
	    json_pack("[s,s,s,s,s]", "signed", "landed", "started", "building", "producing"));
	json_object_set_new(o, "projects", json_integer((json_int_t)included));
	json_object_set_new(o, "investment_wan_yuan", json_real(investment));
	json_object_set_new(o, "output_wan_yuan_added", json_real(output));
	json_object_set_new(
	    o, "energy_tce_equivalent",
	    json_pack("{s:o, s:o, s:o}", "before",
		      json_number_or_null(has_data ? before.energy_tce_equivalent : NAN), "added",
		      json_number_or_null(add.energy_tce_equivalent), "after",
		      json_number_or_null(after.energy_tce_equivalent)));
	json_object_set_new(o, "energy_tce",
			    json_pack("{s:o, s:o, s:o}", "before",
				      json_number_or_null(has_data ? before.energy_tce : NAN),
				      "added", json_number_or_null(add.energy_tce), "after",
				      json_number_or_null(after.energy_tce)));
	json_object_set_new(o, "co2_t",
			    json_pack("{s:o, s:o, s:o}", "before",
				      json_number_or_null(has_data ? before.co2_t : NAN), "added",
				      json_number_or_null(add.co2_t), "after",
				      json_number_or_null(after.co2_t)));
	json_object_set_new(o, "core_t_co2_per_tce",
			    json_pack("{s:o, s:o}", "before",
				      json_number_or_null(has_data ? zb.co2_per_tce : NAN), "after",
				      json_number_or_null(za.co2_per_tce)));
	json_object_set_new(o, "pollutants_t_added", pj);
out:
	account_result_release(&before);
	account_result_release(&add);
	account_result_release(&after);
	account_result_release(&zb);
	account_result_release(&za);
	free(base);
	free(added);
	free(with);
	return o;
}

int projects_summary(struct store_handle *h, const struct factor_lib *lib,
		     enum account_method method, json_t **out, struct gp_err *err)
{
	const struct projects_store_ops *ops = h->ops->projects;
	struct project_filter all = {-1, NULL};
	struct project *list = NULL;
	struct project_event_row *ev = NULL;
	struct stage_event *se = NULL;
	struct stage_time times[STAGE_COUNT];
	size_t n = 0, nev = 0, ndec = 0, count[STAGE_COUNT] = {0}, reached[STAGE_FLOW_COUNT];
	size_t vetoed = 0, vetoed_decisions = 0;
	double totals[STAGE_COUNT][4] = {{0}}, rate[STAGE_FLOW_COUNT - 1];
	json_t *o = NULL, *by_stage, *tot, *conv, *days, *effect;
	long today = date_today();
	int rc;

	*out = NULL;
	if ((rc = ops->project_list(h->st, &all, &list, &n, err)) != GP_OK ||
	    (rc = ops->events(h->st, 0, &ev, &nev, err)) != GP_OK ||
	    (rc = ops->decision_counts(h->st, &ndec, &vetoed_decisions, &vetoed, err)) != GP_OK)
		goto out;
	for (size_t i = 0; i < n; i++) {
		count[list[i].stage]++;
		totals[list[i].stage][0] += list[i].investment_wan_yuan;
		totals[list[i].stage][1] += list[i].output_wan_yuan;
		totals[list[i].stage][2] += list[i].tax_wan_yuan;
		totals[list[i].stage][3] += list[i].land_mu;
	}
	se = xcalloc(nev ? nev : 1, sizeof(*se));
	for (size_t i = 0; i < nev; i++) {
		se[i].project_id = ev[i].project_id;
		se[i].to = ev[i].to;
		if (date_parse("on_date", ev[i].on_date, &se[i].day, NULL) != GP_OK)
			se[i].day = today;
	}
	pipeline_stage_times(se, nev, today, times);
	pipeline_conversion(list, n, reached, rate);

	o = json_object();
	by_stage = json_object();
	tot = json_object();
	days = json_object();
	for (int s = 0; s < STAGE_COUNT; s++) {
		json_object_set_new(by_stage, stage_code((enum stage)s),
				    json_integer((json_int_t)count[s]));
		json_object_set_new(
		    tot, stage_code((enum stage)s),
		    json_pack("{s:I, s:f, s:f, s:f, s:f}", "projects", (json_int_t)count[s],
			      "investment_wan_yuan", totals[s][0], "output_wan_yuan", totals[s][1],
			      "tax_wan_yuan", totals[s][2], "land_mu", totals[s][3]));
		json_object_set_new(days, stage_code((enum stage)s),
				    json_pack("{s:I, s:o, s:o, s:I, s:o}", "completed",
					      (json_int_t)times[s].completed, "mean_days",
					      json_number_or_null(times[s].mean_days),
					      "median_days",
					      json_number_or_null(times[s].median_days), "current",
					      (json_int_t)times[s].current, "current_mean_days",
					      json_number_or_null(times[s].current_mean_days)));
	}
	conv = json_array();
	for (int s = 0; s + 1 < STAGE_FLOW_COUNT; s++)
		json_array_append_new(conv, json_pack("{s:s, s:s, s:I, s:I, s:o}", "from",
						      stage_code((enum stage)s), "to",
						      stage_code((enum stage)(s + 1)),
						      "reached_from", (json_int_t)reached[s],
						      "reached_to", (json_int_t)reached[s + 1],
						      "rate", json_number_or_null(rate[s])));
	json_object_set_new(o, "projects", json_integer((json_int_t)n));
	json_object_set_new(o, "by_stage", by_stage);
	json_object_set_new(o, "vetoed", json_integer((json_int_t)vetoed));
	json_object_set_new(o, "vetoed_decisions", json_integer((json_int_t)vetoed_decisions));
	json_object_set_new(o, "screenings", json_integer((json_int_t)ndec));
	json_object_set_new(o, "totals", tot);
	json_object_set_new(o, "conversion", conv);
	json_object_set_new(o, "stage_days", days);
	effect = effect_json(h, lib, list, n, method, err, &rc);
	if (rc != GP_OK) {
		json_decref(o);
		o = NULL;
		goto out;
	}
	json_object_set_new(o, "effect", effect);
	*out = o;
out:
	free(list);
	free(ev);
	free(se);
	return rc;
}
