/* import_projects.c — the investment pipeline's files: projects, their stage history
 * and the screening rules. All or nothing like every import: the whole file is
 * validated (every bad row reported as FILE:LINE: message) before one transaction
 * writes it; stage moves go through the same checks and gate as a move by hand. */
#include "ingest/import_projects.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "core/pipeline.h"
#include "core/registry.h"
#include "ingest/import_int.h"
#include "report/projects.h"
#include "store/store_projects.h"
#include "util/map.h"
#include "util/num.h"
#include "util/str.h"

#define IMPORT_MAX_PROJECT_ROWS 100000L

/* ---- projects.csv ---- */

enum {
	C_CODE,
	C_NAME,
	C_INVESTOR,
	C_USCC,
	C_INDUSTRY,
	C_LEADING,
	C_SUBPARK,
	C_INVESTMENT,
	C_OUTPUT,
	C_TAX,
	C_LAND_MU,
	C_LAND_M2,
	C_HIGH_TECH,
	C_TALENT,
	C_LEAD,
	C_MEMBERS,
	C_DEPARTMENT,
	C_ENERGY,
	C_SO2, /* then the other pollutants in enum pollutant order */
	C_KEY_LIST = C_SO2 + POLL_COUNT,
	C_STAGE,
	C_STAGE_DATE,
	C_NOTE,
	C_PROJECT_COLS
};

static const char *const project_cols[C_PROJECT_COLS] = {"code",
							 "name",
							 "investor",
							 "uscc",
							 "industry_code",
							 "leading_industry",
							 "subpark",
							 "investment_wan_yuan",
							 "output_wan_yuan",
							 "tax_wan_yuan",
							 "land_mu",
							 "land_m2",
							 "high_tech",
							 "talent",
							 "lead",
							 "members",
							 "department",
							 "energy",
							 "so2_t",
							 "nox_t",
							 "voc_t",
							 "pm_t",
							 "cod_t",
							 "nh3n_t",
							 "key_list",
							 "stage",
							 "stage_date",
							 "note"};

/* A text field into out, capped. */
static bool text_field(struct import_report *rep, const struct csv_reader *r, long line,
		       const char *field, const char *v, char *out, size_t outsz)
{
	if (strlen(v) >= outsz) {
		import_line_error(rep, r, line, "%s is %zu bytes (at most %zu)", field, strlen(v),
				  outsz - 1);
		return false;
	}
	str_copy(out, outsz, v);
	return true;
}

/* An amount ≥ 0; empty is 0 when optional. */
static bool amount_field(struct import_report *rep, const struct csv_reader *r, long line,
			 const char *field, const char *v, bool optional, double *out)
{
	if (!v[0] && optional) {
		*out = 0;
		return true;
	}
	if (!num_parse_double(v, out) || !isfinite(*out) || *out < 0) {
		import_line_error(rep, r, line, "%s '%s' is not a number ≥ 0%s", field, v,
				  optional ? " (or empty)" : "");
		return false;
	}
	return true;
}

/* "item:quantity [unit]; item:quantity [unit]…" ('；' also separates) into the project's
 * energy in canonical units. */
static bool energy_field(struct import_report *rep, const struct csv_reader *r, long line,
			 const struct factor_lib *lib, const char *v, struct project *p)
{
	char buf[1024], *part, *next;

	if (strlen(v) >= sizeof(buf)) {
		import_line_error(rep, r, line, "energy is %zu bytes (at most %zu)", strlen(v),
				  sizeof(buf) - 1);
		return false;
	}
	str_copy(buf, sizeof(buf), v);
	for (part = buf; part && *part; part = next) {
		char *sep = strchr(part, ';'), *wide = strstr(part, "；"), *colon, *unit;
		const struct item *it;
		struct gp_err e;
		double q, f = 1;
		int k;

		if (wide && (!sep || wide < sep)) {
			*wide = '\0';
			next = wide + strlen("；");
		} else if (sep) {
			*sep = '\0';
			next = sep + 1;
		} else {
			next = NULL;
		}
		str_trim(part);
		if (!*part)
			continue;
		if (!(colon = strchr(part, ':'))) {
			import_line_error(rep, r, line,
					  "energy '%s' is not item:quantity [unit] (e.g. "
					  "electricity_grid:1200 万kWh; natural_gas:80 万m3)",
					  part);
			return false;
		}
		*colon = '\0';
		str_trim(part);
		unit = str_trim(colon + 1);
		if ((k = factors_item_index(lib, part)) < 0) {
			import_line_error(rep, r, line,
					  "energy item '%s' is not in the factor library (see "
					  "'greenpark factors --kind item')",
					  part);
			return false;
		}
		it = &lib->items[k];
		/* the quantity, then an optional unit after a space */
		{
			char *sp = strchr(unit, ' ');
			if (sp) {
				*sp = '\0';
				sp = str_trim(sp + 1);
			}
			if (!num_parse_double(unit, &q) || !isfinite(q) || q < 0) {
				import_line_error(rep, r, line,
						  "energy %s quantity '%s' is not a number ≥ 0",
						  it->code, unit);
				return false;
			}
			if (sp && *sp && item_unit_factor(it, sp, &f, &e) != GP_OK) {
				import_line_error(rep, r, line, "energy %s: %s", it->code, e.msg);
				return false;
			}
		}
		if (p->nenergy == PROJECT_ENERGY_MAX) {
			import_line_error(rep, r, line, "energy lists more than %d carriers",
					  PROJECT_ENERGY_MAX);
			return false;
		}
		str_copy(p->energy[p->nenergy].item, sizeof(p->energy[0].item), it->code);
		p->energy[p->nenergy++].quantity = q * f;
	}
	return true;
}

struct known {
	struct strmap ids;      /* USCC → enterprise id */
	struct strmap subparks; /* name → id */
	struct strmap stored;   /* project code → index in stored */
	struct project *projects;
	size_t nprojects;
};

static int known_load(struct store_handle *h, struct known *k, struct gp_err *err)
{
	struct project_filter all = {-1, NULL};
	struct subpark *subs = NULL;
	size_t nsubs = 0;
	int rc;

	strmap_init(&k->ids);
	strmap_init(&k->subparks);
	strmap_init(&k->stored);
	k->projects = NULL;
	k->nprojects = 0;
	if ((rc = import_enterprise_ids(h, &k->ids, err)) != GP_OK ||
	    (rc = h->ops->subpark_list(h->st, &subs, &nsubs, err)) != GP_OK ||
	    (rc = h->ops->projects->project_list(h->st, &all, &k->projects, &k->nprojects, err)) !=
		GP_OK)
		return rc;
	for (size_t i = 0; i < nsubs; i++)
		strmap_put(&k->subparks, subs[i].name, subs[i].id);
	for (size_t i = 0; i < k->nprojects; i++)
		strmap_put(&k->stored, k->projects[i].code, (int64_t)i);
	free(subs);
	return GP_OK;
}

static void known_release(struct known *k)
{
	strmap_release(&k->ids);
	strmap_release(&k->subparks);
	strmap_release(&k->stored);
	free(k->projects);
}

/* Parses and checks one projects.csv record into p; false after reporting. */
static bool project_row(struct import_report *rep, const struct csv_reader *r,
			const struct csv_record *rec, const struct factor_lib *lib,
			const struct known *k, struct project *p)
{
	char *const *f = rec->fields;
	long line = rec->line;
	struct gp_err e;
	int64_t v;
	bool ok = true;

	memset(p, 0, sizeof(*p));
	ok &= text_field(rep, r, line, "code", f[C_CODE], p->code, sizeof(p->code));
	ok &= text_field(rep, r, line, "name", f[C_NAME], p->name, sizeof(p->name));
	ok &= text_field(rep, r, line, "investor", f[C_INVESTOR], p->investor, sizeof(p->investor));
	if (f[C_USCC][0]) {
		if (uscc_normalize(f[C_USCC], p->uscc, &e) != GP_OK) {
			import_line_err(rep, r, line, &e);
			ok = false;
		} else if (!strmap_get(&k->ids, p->uscc, &v)) {
			import_line_error(
			    rep, r, line,
			    "uscc '%s' is not a registered enterprise (leave it empty "
			    "for an investor from outside the park)",
			    p->uscc);
			ok = false;
		}
	}
	if (industry_code_parse(f[C_INDUSTRY], p->industry_code, &e) != GP_OK) {
		import_line_err(rep, r, line, &e);
		ok = false;
	}
	if (leading_industry_parse(f[C_LEADING], &p->leading, &e) != GP_OK) {
		import_line_err(rep, r, line, &e);
		ok = false;
	}
	if (f[C_SUBPARK][0]) {
		if (!strmap_get(&k->subparks, f[C_SUBPARK], &v)) {
			import_line_error(rep, r, line,
					  "subpark '%s' does not exist (see 'greenpark subparks')",
					  f[C_SUBPARK]);
			ok = false;
		} else {
			str_copy(p->subpark, sizeof(p->subpark), f[C_SUBPARK]);
		}
	}
	ok &= amount_field(rep, r, line, "investment_wan_yuan", f[C_INVESTMENT], false,
			   &p->investment_wan_yuan);
	ok &=
	    amount_field(rep, r, line, "output_wan_yuan", f[C_OUTPUT], false, &p->output_wan_yuan);
	ok &= amount_field(rep, r, line, "tax_wan_yuan", f[C_TAX], true, &p->tax_wan_yuan);
	ok &= amount_field(rep, r, line, "land_mu", f[C_LAND_MU], true, &p->land_mu);
	ok &= amount_field(rep, r, line, "land_m2", f[C_LAND_M2], true, &p->land_m2);
	if (ok && !f[C_LAND_MU][0])
		p->land_mu = p->land_m2 / M2_PER_MU;
	if (ok && !f[C_LAND_M2][0])
		p->land_m2 = p->land_mu * M2_PER_MU;
	if (bool_parse("high_tech", f[C_HIGH_TECH], &p->high_tech, &e) != GP_OK) {
		import_line_err(rep, r, line, &e);
		ok = false;
	}
	ok &= text_field(rep, r, line, "talent", f[C_TALENT], p->talent, sizeof(p->talent));
	ok &= text_field(rep, r, line, "lead", f[C_LEAD], p->lead, sizeof(p->lead));
	ok &= text_field(rep, r, line, "members", f[C_MEMBERS], p->members, sizeof(p->members));
	ok &= text_field(rep, r, line, "department", f[C_DEPARTMENT], p->department,
			 sizeof(p->department));
	ok &= energy_field(rep, r, line, lib, f[C_ENERGY], p);
	for (int i = 0; i < POLL_COUNT; i++)
		ok &= amount_field(rep, r, line, project_cols[C_SO2 + i], f[C_SO2 + i], true,
				   &p->pollutants_t[i]);
	ok &= text_field(rep, r, line, "key_list", f[C_KEY_LIST], p->key_list, sizeof(p->key_list));
	ok &= text_field(rep, r, line, "note", f[C_NOTE], p->note, sizeof(p->note));
	if (stage_parse(f[C_STAGE], &p->stage, &e) != GP_OK) {
		import_line_err(rep, r, line, &e);
		ok = false;
	} else {
		p->reached = p->stage == STAGE_TERMINATED ? STAGE_RESERVE : p->stage;
	}
	if (date_parse("stage_date", f[C_STAGE_DATE], NULL, &e) != GP_OK) {
		import_line_err(rep, r, line, &e);
		ok = false;
	} else {
		str_copy(p->stage_since, sizeof(p->stage_since), f[C_STAGE_DATE]);
	}
	if (ok && project_validate(p, &e) != GP_OK) {
		import_line_err(rep, r, line, &e);
		ok = false;
	}
	if (ok && p->stage == STAGE_TERMINATED) {
		import_line_error(
		    rep, r, line,
		    "a project enters the pipeline at a stage of the flow (储备 … 投产); "
		    "terminate it with 'greenpark project move CODE terminated --reason'");
		ok = false;
	}
	if (ok && strmap_get(&k->stored, p->code, &v) && k->projects[v].stage != p->stage) {
		import_line_error(rep, r, line,
				  "project %s is stored at %s %s, not %s %s: stages change only "
				  "through 'greenpark project move' (or import project-stages)",
				  p->code, stage_name_zh(k->projects[v].stage),
				  stage_code(k->projects[v].stage), stage_name_zh(p->stage),
				  stage_code(p->stage));
		ok = false;
	}
	return ok;
}

static int put_project(struct store_handle *h, const void *row, const char *actor,
		       enum put_result *pr, void *arg, struct gp_err *err)
{
	int64_t id;
	(void)arg;
	return h->ops->projects->project_upsert(h->st, row, actor, &id, pr, err);
}

int import_projects(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		    const char *actor, struct import_report *rep, struct import_result *res,
		    struct gp_err *err)
{
	struct project *rows = NULL;
	size_t nrows = 0, cap = 0;
	struct strmap seen;
	struct known k;
	struct csv_record rec;
	enum csv_result cr;
	int rc;

	memset(res, 0, sizeof(*res));
	rep->errors = 0;
	strmap_init(&seen);
	if ((rc = known_load(h, &k, err)) != GP_OK)
		goto out;
	if (!import_read_header(r, rep, project_cols, C_PROJECT_COLS)) {
		rc = GP_EINPUT;
		goto out;
	}
	while ((cr = import_next_row(r, &rec, C_PROJECT_COLS, rep, err)) == CSV_ROW) {
		struct project p;
		int64_t first;

		if ((long)nrows >= IMPORT_MAX_PROJECT_ROWS) {
			import_line_error(rep, r, rec.line, "more than %ld projects in one file",
					  IMPORT_MAX_PROJECT_ROWS);
			break;
		}
		if (!project_row(rep, r, &rec, lib, &k, &p))
			continue;
		if (strmap_get(&seen, p.code, &first)) {
			import_line_error(rep, r, rec.line,
					  "project %s already appears on line %lld", p.code,
					  (long long)first);
			continue;
		}
		strmap_put(&seen, p.code, rec.line);
		XGROW(rows, nrows + 1, cap);
		rows[nrows++] = p;
	}
	rc = import_finish(h, cr, rep, rows, nrows, sizeof(*rows), put_project, NULL, actor, res,
			   err);
out:
	strmap_release(&seen);
	known_release(&k);
	free(rows);
	return rc;
}

/* ---- project-stages.csv: the moves, in order ---- */

static const char *const stage_cols[] = {"project", "stage", "date", "reason", "override"};

int import_project_stages(struct store_handle *h, const struct factor_lib *lib,
			  struct csv_reader *r, const char *actor, struct import_report *rep,
			  struct import_result *res, struct gp_err *err)
{
	struct csv_record rec;
	enum csv_result cr;
	bool open = false;
	int rc = GP_OK;

	memset(res, 0, sizeof(*res));
	rep->errors = 0;
	if (!import_read_header(r, rep, stage_cols, 5))
		return GP_EINPUT;
	/* each move reads what the earlier rows wrote, so the rows run in one transaction
	 * as they come, and a bad row rolls everything back at the end */
	if ((rc = h->ops->begin(h->st, err)) != GP_OK)
		return rc;
	open = true;
	while ((cr = import_next_row(r, &rec, 5, rep, err)) == CSV_ROW) {
		struct move_request m;
		struct gp_err e;
		bool override = false;
		int mrc;

		memset(&m, 0, sizeof(m));
		if (res->rows >= IMPORT_MAX_PROJECT_ROWS) {
			import_line_error(rep, r, rec.line, "more than %ld moves in one file",
					  IMPORT_MAX_PROJECT_ROWS);
			break;
		}
		if (stage_parse(rec.fields[1], &m.to, &e) != GP_OK ||
		    date_parse("date", rec.fields[2], NULL, &e) != GP_OK ||
		    (rec.fields[4][0] &&
		     bool_parse("override", rec.fields[4], &override, &e) != GP_OK)) {
			import_line_err(rep, r, rec.line, &e);
			continue;
		}
		if (strlen(rec.fields[3]) > PROJECT_TEXT_MAX) {
			import_line_error(rep, r, rec.line, "reason is %zu bytes (at most %d)",
					  strlen(rec.fields[3]), PROJECT_TEXT_MAX);
			continue;
		}
		if (rep->errors)
			continue; /* nothing will be kept: only check the fields of the rest */
		m.code = rec.fields[0];
		m.on_date = rec.fields[2];
		m.reason = rec.fields[3];
		m.override = override;
		m.admin = true; /* the CLI runs with the store's own rights */
		m.method = METHOD_ZCP2025;
		m.actor = actor;
		if ((mrc = project_move(h, lib, &m, NULL, &e)) != GP_OK) {
			if (mrc != GP_EINPUT && mrc != GP_ENOTFOUND && mrc != GP_ECONFLICT) {
				*err = e;
				rc = mrc;
				break;
			}
			import_line_err(rep, r, rec.line, &e);
			continue;
		}
		res->rows++;
		res->stats.inserted++;
	}
	if (rc == GP_OK && cr == CSV_FATAL)
		rc = err->status;
	if (rc == GP_OK && rep->errors)
		rc = GP_EINPUT;
	if (rc == GP_OK && (rc = h->ops->commit(h->st, err)) == GP_OK)
		open = false;
	if (open) {
		h->ops->rollback(h->st);
		memset(&res->stats, 0, sizeof(res->stats));
		res->rows = 0;
	}
	return rc;
}

/* ---- screen-rules.csv: the whole rule set ---- */

static const char *const rule_cols[] = {"code",      "kind", "param", "threshold",
					"mandatory", "name", "source"};

int import_screen_rules(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
			const char *actor, struct import_report *rep, struct import_result *res,
			struct gp_err *err)
{
	struct screen_rule rules[SCREEN_RULES_MAX];
	struct strmap seen;
	struct csv_record rec;
	enum csv_result cr;
	size_t n = 0;
	int rc;

	(void)lib; /* rules name no items */
	memset(res, 0, sizeof(*res));
	rep->errors = 0;
	strmap_init(&seen);
	if (!import_read_header(r, rep, rule_cols, 7)) {
		strmap_release(&seen);
		return GP_EINPUT;
	}
	while ((cr = import_next_row(r, &rec, 7, rep, err)) == CSV_ROW) {
		struct screen_rule ru;
		struct gp_err e;
		int64_t first;

		memset(&ru, 0, sizeof(ru));
		if (n == SCREEN_RULES_MAX) {
			import_line_error(rep, r, rec.line, "more than %d rules", SCREEN_RULES_MAX);
			break;
		}
		if (!text_field(rep, r, rec.line, "code", rec.fields[0], ru.code,
				sizeof(ru.code)) ||
		    !text_field(rep, r, rec.line, "param", rec.fields[2], ru.param,
				sizeof(ru.param)) ||
		    !text_field(rep, r, rec.line, "name", rec.fields[5], ru.name,
				sizeof(ru.name)) ||
		    !text_field(rep, r, rec.line, "source", rec.fields[6], ru.source,
				sizeof(ru.source)))
			continue;
		if (rule_kind_parse(rec.fields[1], &ru.kind, &e) != GP_OK ||
		    bool_parse("mandatory", rec.fields[4], &ru.mandatory, &e) != GP_OK) {
			import_line_err(rep, r, rec.line, &e);
			continue;
		}
		ru.threshold = NAN;
		if (rec.fields[3][0] && !num_parse_double(rec.fields[3], &ru.threshold)) {
			import_line_error(rep, r, rec.line, "threshold '%s' is not a number",
					  rec.fields[3]);
			continue;
		}
		if (screen_rule_validate(&ru, &e) != GP_OK) {
			import_line_error(rep, r, rec.line, "rule %s: %s", ru.code, e.msg);
			continue;
		}
		if (strmap_get(&seen, ru.code, &first)) {
			import_line_error(rep, r, rec.line, "rule %s already appears on line %lld",
					  ru.code, (long long)first);
			continue;
		}
		strmap_put(&seen, ru.code, rec.line);
		rules[n++] = ru;
	}
	strmap_release(&seen);
	if (cr == CSV_FATAL)
		return err->status;
	if (rep->errors)
		return GP_EINPUT;
	if ((rc = h->ops->projects->rules_replace(h->st, rules, n, actor, err)) != GP_OK)
		return rc;
	res->rows = (long long)n;
	res->stats.inserted = (long long)n;
	return GP_OK;
}
