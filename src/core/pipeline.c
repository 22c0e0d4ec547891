/* pipeline.c — stages, moves, the screening gate and the pipeline's statistics. Pure. */
#include "core/pipeline.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/str.h"

static const char *const stage_codes[STAGE_COUNT] = {
    "reserve", "negotiating", "signed", "landed", "started", "building", "producing", "terminated"};
static const char *const stage_zh[STAGE_COUNT] = {"储备", "在谈", "签约", "落地",
						  "开工", "建设", "投产", "终止"};

static const char *const poll_codes[POLL_COUNT] = {"so2", "nox", "voc", "pm", "cod", "nh3n"};
static const char *const poll_zh[POLL_COUNT] = {"二氧化硫", "氮氧化物",   "挥发性有机物",
						"颗粒物",   "化学需氧量", "氨氮"};

static const char *const rule_codes[RULE_KIND_COUNT] = {
    "energy_intensity_max", "co2_intensity_max", "pollutant_max",
    "restricted_industry",  "park_core_max",     "park_core_increase_max"};

int stage_parse(const char *s, enum stage *out, struct gp_err *err)
{
	int v, rc = code_table_parse("stage", s, stage_codes, stage_zh, STAGE_COUNT, &v, err);
	if (rc == GP_OK)
		*out = (enum stage)v;
	return rc;
}

const char *stage_code(enum stage s)
{
	return (unsigned)s < STAGE_COUNT ? stage_codes[s] : "?";
}

const char *stage_name_zh(enum stage s)
{
	return (unsigned)s < STAGE_COUNT ? stage_zh[s] : "?";
}

int pollutant_parse(const char *s, enum pollutant *out, struct gp_err *err)
{
	int v, rc = code_table_parse("pollutant", s, poll_codes, poll_zh, POLL_COUNT, &v, err);
	if (rc == GP_OK)
		*out = (enum pollutant)v;
	return rc;
}

const char *pollutant_code(enum pollutant p)
{
	return (unsigned)p < POLL_COUNT ? poll_codes[p] : "?";
}

const char *pollutant_name_zh(enum pollutant p)
{
	return (unsigned)p < POLL_COUNT ? poll_zh[p] : "?";
}

int rule_kind_parse(const char *s, enum rule_kind *out, struct gp_err *err)
{
	int v, rc = code_table_parse("kind", s, rule_codes, NULL, RULE_KIND_COUNT, &v, err);
	if (rc == GP_OK)
		*out = (enum rule_kind)v;
	return rc;
}

const char *rule_kind_code(enum rule_kind k)
{
	return (unsigned)k < RULE_KIND_COUNT ? rule_codes[k] : "?";
}

static bool amount_ok(double v)
{
	return isfinite(v) && v >= 0;
}

int project_validate(const struct project *p, struct gp_err *err)
{
	static const struct {
		const char *field;
		size_t offset;
	} amounts[] = {
	    {"investment_wan_yuan", offsetof(struct project, investment_wan_yuan)},
	    {"output_wan_yuan", offsetof(struct project, output_wan_yuan)},
	    {"tax_wan_yuan", offsetof(struct project, tax_wan_yuan)},
	    {"land_mu", offsetof(struct project, land_mu)},
	    {"land_m2", offsetof(struct project, land_m2)},
	};
	int rc;

	if (!p->code[0])
		return gp_err_set(err, GP_EINPUT,
				  "code is empty (expected a project code such as "
				  "P2024-001)");
	for (const char *c = p->code; *c; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= 'a' && *c <= 'z') || *c == '-' || *c == '_' || *c == '.'))
			return gp_err_set(err, GP_EINPUT,
					  "code '%s' has '%c' (expected letters, digits, '-', "
					  "'_' or '.')",
					  p->code, *c);
	if ((rc = name_check("name", p->name, err)) != GP_OK ||
	    (rc = name_check("investor", p->investor, err)) != GP_OK)
		return rc;
	for (size_t i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++) {
		double v = *(const double *)(const void *)((const char *)p + amounts[i].offset);
		if (!amount_ok(v))
			return gp_err_set(err, GP_EINPUT, "%s %g is not a number ≥ 0",
					  amounts[i].field, v);
	}
	/* both land figures given: they describe the same plot */
	if (p->land_mu > 0 && p->land_m2 > 0 &&
	    fabs(p->land_mu * M2_PER_MU - p->land_m2) > 0.01 * p->land_m2)
		return gp_err_set(
		    err, GP_EINPUT,
		    "land_mu %g (= %.0f m²) and land_m2 %g disagree by more than 1 %% "
		    "(1 亩 = 666.67 m²; give one and leave the other empty)",
		    p->land_mu, p->land_mu * M2_PER_MU, p->land_m2);
	for (int k = 0; k < POLL_COUNT; k++)
		if (!amount_ok(p->pollutants_t[k]))
			return gp_err_set(err, GP_EINPUT, "%s_t %g is not a number ≥ 0",
					  poll_codes[k], p->pollutants_t[k]);
	if (p->nenergy > PROJECT_ENERGY_MAX)
		return gp_err_set(err, GP_ETOOBIG, "energy lists %zu carriers (at most %d)",
				  p->nenergy, PROJECT_ENERGY_MAX);
	for (size_t i = 0; i < p->nenergy; i++) {
		if (!amount_ok(p->energy[i].quantity))
			return gp_err_set(err, GP_EINPUT,
					  "energy %s quantity %g is not a number ≥ 0",
					  p->energy[i].item, p->energy[i].quantity);
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->energy[i].item, p->energy[j].item) == 0)
				return gp_err_set(err, GP_EINPUT,
						  "energy names %s twice (give each carrier once)",
						  p->energy[i].item);
	}
	return GP_OK;
}

/* ---- moves ---- */

int pipeline_move_check(enum stage from, enum stage to, bool override, bool admin,
			const char *reason, struct gp_err *err)
{
	bool has_reason = reason && reason[0];

	if ((unsigned)from >= STAGE_COUNT || (unsigned)to >= STAGE_COUNT)
		return gp_err_set(err, GP_EINPUT, "unknown stage");
	if (from == to)
		return gp_err_set(err, GP_EINPUT, "the project is already at %s %s",
				  stage_name_zh(to), stage_code(to));
	if (override) {
		if (!admin)
			return gp_err_set(
			    err, GP_EINPUT,
			    "only an admin may override the stage order (越级或回退需管理员)");
		if (!has_reason)
			return gp_err_set(err, GP_EINPUT,
					  "an override needs a reason (--reason: why the order is "
					  "broken)");
		return GP_OK;
	}
	if (from == STAGE_TERMINATED)
		return gp_err_set(
		    err, GP_EINPUT,
		    "the project is terminated (已终止); reopening it is an admin override "
		    "with a reason");
	if (to == STAGE_TERMINATED) {
		if (!has_reason)
			return gp_err_set(err, GP_EINPUT,
					  "terminating (终止) needs a reason (--reason)");
		return GP_OK;
	}
	if (from == STAGE_PRODUCING)
		return gp_err_set(err, GP_EINPUT,
				  "the project is producing (投产), the last stage; only 终止 "
				  "terminated, or an admin override, moves it");
	if (to == from + 1)
		return GP_OK;
	return gp_err_set(err, GP_EINPUT,
			  "from %s %s the next stage is %s %s (or terminated with a reason); "
			  "moving to %s %s skips or goes back, which needs an admin override "
			  "with a reason",
			  stage_name_zh(from), stage_code(from), stage_name_zh(from + 1),
			  stage_code(from + 1), stage_name_zh(to), stage_code(to));
}

bool pipeline_move_screens(enum stage from, enum stage to)
{
	return (from < STAGE_SIGNED || from == STAGE_TERMINATED) && to >= STAGE_SIGNED &&
	       to < STAGE_TERMINATED;
}

/* ---- the gate ---- */

int screen_rule_validate(struct screen_rule *r, struct gp_err *err)
{
	enum pollutant p;
	char code[8];
	int rc;

	if (!r->code[0])
		return gp_err_set(err, GP_EINPUT,
				  "code is empty (expected a rule code such as E1)");
	if ((rc = name_check("name", r->name, err)) != GP_OK)
		return rc;
	switch (r->kind) {
	case RULE_ENERGY_INTENSITY_MAX:
		if (!r->param[0])
			str_copy(r->param, sizeof(r->param), "equivalent");
		if (strcmp(r->param, "equivalent") && strcmp(r->param, "calorific"))
			return gp_err_set(err, GP_EINPUT,
					  "param '%s' of energy_intensity_max is not equivalent "
					  "(等价值) or calorific (当量值)",
					  r->param);
		break;
	case RULE_POLLUTANT_MAX:
		if ((rc = pollutant_parse(r->param, &p, err)) != GP_OK)
			return rc;
		str_copy(r->param, sizeof(r->param), pollutant_code(p));
		break;
	case RULE_RESTRICTED_INDUSTRY:
		if ((rc = industry_code_parse(r->param, code, err)) != GP_OK)
			return rc;
		str_copy(r->param, sizeof(r->param), code);
		r->threshold = NAN;
		return GP_OK;
	case RULE_CO2_INTENSITY_MAX:
	case RULE_PARK_CORE_MAX:
	case RULE_PARK_CORE_INCREASE_MAX:
		if (r->param[0])
			return gp_err_set(err, GP_EINPUT, "param '%s': %s takes no param", r->param,
					  rule_kind_code(r->kind));
		break;
	case RULE_KIND_COUNT: return gp_err_set(err, GP_EINPUT, "unknown rule kind");
	}
	if (!isfinite(r->threshold) || r->threshold < 0)
		return gp_err_set(err, GP_EINPUT, "threshold of %s must be a number ≥ 0",
				  rule_kind_code(r->kind));
	return GP_OK;
}

/* value ≤ limit, with the verdict written for a person. */
static void compare(struct screen_result *res, const struct screen_rule *r, double value,
		    const char *unit, const char *why_missing)
{
	res->applicable = true;
	res->value = value;
	if (isnan(value)) {
		res->pass = false;
		str_copy(res->detail, sizeof(res->detail), why_missing);
		return;
	}
	res->pass = value <= r->threshold;
	str_fmt(res->detail, sizeof(res->detail), "%.4g %s %s %.4g %s", value, unit,
		res->pass ? "≤" : ">", r->threshold, unit);
}

void screen_evaluate(const struct screen_rule *rules, size_t n, const struct screen_inputs *in,
		     struct screen_outcome *out)
{
	memset(out, 0, sizeof(*out));
	if (n > SCREEN_RULES_MAX)
		n = SCREEN_RULES_MAX;
	for (size_t i = 0; i < n; i++) {
		const struct screen_rule *r = &rules[i];
		struct screen_result *res = &out->results[out->n++];
		enum pollutant p;
		double energy, v;

		res->rule = i;
		switch (r->kind) {
		case RULE_ENERGY_INTENSITY_MAX:
		case RULE_CO2_INTENSITY_MAX:
			if (!(in->output_wan_yuan > 0)) {
				res->applicable = false;
				res->pass = true;
				res->value = NAN;
				str_copy(
				    res->detail, sizeof(res->detail),
				    "不适用 not applicable: no expected output value (judged on "
				    "its totals by the other rules)");
				break;
			}
			energy = strcmp(r->param, "calorific") == 0 ? in->energy_tce
								    : in->energy_tce_equivalent;
			v = (r->kind == RULE_ENERGY_INTENSITY_MAX ? energy : in->co2_t) /
			    in->output_wan_yuan;
			compare(res, r, v,
				r->kind == RULE_ENERGY_INTENSITY_MAX ? "tce/万元" : "tCO2/万元",
				"");
			break;
		case RULE_POLLUTANT_MAX:
			v = NAN;
			if (pollutant_parse(r->param, &p, NULL) == GP_OK)
				v = in->pollutants_t[p];
			compare(res, r, v, "t/a", "unknown pollutant");
			break;
		case RULE_RESTRICTED_INDUSTRY: {
			size_t len = strlen(r->param);
			bool hit = len && strncmp(in->industry_code, r->param, len) == 0;
			res->value = NAN;
			res->applicable = true;
			res->pass = !hit;
			str_fmt(res->detail, sizeof(res->detail), "industry %s %s restricted %s",
				in->industry_code, hit ? "is in" : "is not in", r->param);
			break;
		}
		case RULE_PARK_CORE_MAX:
			compare(res, r, in->park_core_after, "tCO2/tce",
				"the park has no ledger data: its zcp2025 indicator cannot be "
				"computed (园区无台账数据)");
			break;
		case RULE_PARK_CORE_INCREASE_MAX:
			compare(res, r, in->park_core_after - in->park_core_before, "tCO2/tce",
				"the park has no ledger data: its zcp2025 indicator cannot be "
				"computed (园区无台账数据)");
			break;
		case RULE_KIND_COUNT:
			res->applicable = true;
			res->pass = false;
			str_copy(res->detail, sizeof(res->detail), "unknown rule kind");
			break;
		}
		if (!res->pass) {
			if (r->mandatory) {
				out->failed_mandatory++;
				out->vetoed = true;
			} else {
				out->failed_advisory++;
			}
		}
	}
}

/* ---- statistics ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void pipeline_stage_times(const struct stage_event *ev, size_t n, long today,
			  struct stage_time out[STAGE_COUNT])
{
	double *done[STAGE_COUNT] = {NULL};
	size_t cap[STAGE_COUNT] = {0};
	double cur_sum[STAGE_COUNT] = {0}, done_sum[STAGE_COUNT] = {0};

	memset(out, 0, sizeof(struct stage_time) * STAGE_COUNT);
	for (size_t i = 0; i < n; i++) {
		enum stage s = ev[i].to;
		bool last = i + 1 == n || ev[i + 1].project_id != ev[i].project_id;
		double days;

		if ((unsigned)s >= STAGE_COUNT)
			continue;
		if (last) {
			out[s].current++;
			cur_sum[s] += (double)(today - ev[i].day);
			continue;
		}
		days = (double)(ev[i + 1].day - ev[i].day);
		XGROW(done[s], out[s].completed + 1, cap[s]);
		done[s][out[s].completed++] = days;
		done_sum[s] += days;
	}
	for (int s = 0; s < STAGE_COUNT; s++) {
		size_t k = out[s].completed;
		out[s].mean_days = k ? done_sum[s] / (double)k : NAN;
		out[s].median_days = NAN;
		if (k && done[s]) {
			qsort(done[s], k, sizeof(double), cmp_double);
			out[s].median_days =
			    k % 2 ? done[s][k / 2] : (done[s][k / 2 - 1] + done[s][k / 2]) / 2;
		}
		out[s].current_mean_days =
		    out[s].current ? cur_sum[s] / (double)out[s].current : NAN;
		free(done[s]);
	}
}

void pipeline_conversion(const struct project *list, size_t n, size_t reached[STAGE_FLOW_COUNT],
			 double rate[STAGE_FLOW_COUNT - 1])
{
	memset(reached, 0, sizeof(size_t) * STAGE_FLOW_COUNT);
	for (size_t i = 0; i < n; i++)
		for (int s = 0; s < STAGE_FLOW_COUNT && s <= (int)list[i].reached; s++)
			reached[s]++;
	for (int s = 0; s + 1 < STAGE_FLOW_COUNT; s++)
		rate[s] = reached[s] ? (double)reached[s + 1] / (double)reached[s] : NAN;
}
