/* store_sqlite_projects.c — the investment pipeline's tables in the SQLite store
 * (0005_projects.sql). Stores, looks up and audits; never decides whether a move or a
 * project is allowed (core/pipeline.c does). */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "store/store_projects.h"
#include "util/str.h"

enum {
	P_FIND = SQ_PROJECTS_BASE,
	P_JSON,
	P_INSERT,
	P_UPDATE,
	P_ENERGY_DEL,
	P_ENERGY_INS,
	P_EVENT_INS,
	P_SUBPARK,
	P_ENTERPRISE,
	P_SELECT,
	P_SELECT_ONE,
	P_ENERGY_ALL,
	P_ENERGY_ONE,
	P_STATE,
	P_MOVE,
	P_EVENTS,
	P_RULES_JSON,
	P_RULES_DEL,
	P_RULE_INS,
	P_RULES_LIST,
	P_DEC_INS,
	P_DEC_LIST,
	P_DEC_COUNTS,
	P_END
};
_Static_assert((int)P_END <= (int)SQ_DESK_BASE,
	       "the projects module's statements overflow their slots");

#define PROJECT_FIELDS                                                                             \
	"name, investor, enterprise_id, industry_code, leading_industry, subpark_id, "             \
	"investment_wan_yuan, output_wan_yuan, tax_wan_yuan, land_mu, land_m2, high_tech, "        \
	"talent, lead, members, department, so2_t, nox_t, voc_t, pm_t, cod_t, nh3n_t, "            \
	"key_list, note"

#define PROJECT_SELECT                                                                             \
	"SELECT p.id, p.code, p.name, p.investor, coalesce(e.uscc, ''), p.industry_code, "         \
	"p.leading_industry, coalesce(s.name, ''), p.investment_wan_yuan, p.output_wan_yuan, "     \
	"p.tax_wan_yuan, p.land_mu, p.land_m2, p.high_tech, p.talent, p.lead, p.members, "         \
	"p.department, p.so2_t, p.nox_t, p.voc_t, p.pm_t, p.cod_t, p.nh3n_t, p.key_list, p.note, " \
	"p.stage, p.stage_since, p.reached, p.terminated_reason FROM project p LEFT JOIN "         \
	"enterprise e ON e.id = p.enterprise_id LEFT JOIN subpark s ON s.id = p.subpark_id "

static const char *const sql[P_END - SQ_PROJECTS_BASE] = {
    [P_FIND - SQ_PROJECTS_BASE] = "SELECT id FROM project WHERE code = ?1",
    [P_JSON - SQ_PROJECTS_BASE] =
	"SELECT json_object('code', p.code, 'name', p.name, 'investor', p.investor, 'uscc', "
	"e.uscc, 'industry_code', p.industry_code, 'leading_industry', p.leading_industry, "
	"'subpark', s.name, 'investment_wan_yuan', p.investment_wan_yuan, 'output_wan_yuan', "
	"p.output_wan_yuan, 'tax_wan_yuan', p.tax_wan_yuan, 'land_mu', p.land_mu, 'land_m2', "
	"p.land_m2, 'high_tech', p.high_tech, 'talent', p.talent, 'lead', p.lead, 'members', "
	"p.members, 'department', p.department, 'so2_t', p.so2_t, 'nox_t', p.nox_t, 'voc_t', "
	"p.voc_t, 'pm_t', p.pm_t, 'cod_t', p.cod_t, 'nh3n_t', p.nh3n_t, 'key_list', p.key_list, "
	"'note', p.note, 'stage', p.stage, 'stage_since', p.stage_since, 'energy', (SELECT "
	"json_group_object(i.code, pe.quantity) FROM project_energy pe JOIN item i ON i.id = "
	"pe.item_id WHERE pe.project_id = p.id)) FROM project p LEFT JOIN enterprise e ON e.id = "
	"p.enterprise_id LEFT JOIN subpark s ON s.id = p.subpark_id WHERE p.id = ?1",
    [P_INSERT - SQ_PROJECTS_BASE] =
	"INSERT INTO project (code, " PROJECT_FIELDS ", stage, stage_since, reached) VALUES "
	"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
	"?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?26)",
    [P_UPDATE - SQ_PROJECTS_BASE] =
	"UPDATE project SET name = ?2, investor = ?3, enterprise_id = ?4, industry_code = ?5, "
	"leading_industry = ?6, subpark_id = ?7, investment_wan_yuan = ?8, output_wan_yuan = ?9, "
	"tax_wan_yuan = ?10, land_mu = ?11, land_m2 = ?12, high_tech = ?13, talent = ?14, "
	"lead = ?15, members = ?16, department = ?17, so2_t = ?18, nox_t = ?19, voc_t = ?20, "
	"pm_t = ?21, cod_t = ?22, nh3n_t = ?23, key_list = ?24, note = ?25 WHERE id = ?1",
    [P_ENERGY_DEL - SQ_PROJECTS_BASE] = "DELETE FROM project_energy WHERE project_id = ?1",
    [P_ENERGY_INS - SQ_PROJECTS_BASE] =
	"INSERT INTO project_energy (project_id, item_id, quantity) SELECT ?1, id, ?3 FROM item "
	"WHERE code = ?2",
    [P_EVENT_INS - SQ_PROJECTS_BASE] =
	"INSERT INTO project_event (project_id, from_stage, to_stage, on_date, actor, reason, "
	"override, decision_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	"strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    [P_SUBPARK - SQ_PROJECTS_BASE] = "SELECT id FROM subpark WHERE park_id = 1 AND name = ?1",
    [P_ENTERPRISE - SQ_PROJECTS_BASE] = "SELECT id FROM enterprise WHERE uscc = ?1",
    [P_SELECT - SQ_PROJECTS_BASE] = PROJECT_SELECT
    "WHERE (?2 IS NULL OR p.stage = ?2) AND (?3 IS NULL OR s.name = ?3) ORDER BY p.code",
    /* one project by its code: the unique index, not a scan */
    [P_SELECT_ONE - SQ_PROJECTS_BASE] = PROJECT_SELECT "WHERE p.code = ?1",
    [P_ENERGY_ALL - SQ_PROJECTS_BASE] =
	"SELECT pe.project_id, i.code, pe.quantity FROM project_energy pe JOIN item i ON i.id = "
	"pe.item_id ORDER BY pe.project_id, i.id",
    [P_ENERGY_ONE - SQ_PROJECTS_BASE] =
	"SELECT pe.project_id, i.code, pe.quantity FROM project_energy pe JOIN item i ON i.id = "
	"pe.item_id WHERE pe.project_id = ?1 ORDER BY i.id",
    [P_STATE - SQ_PROJECTS_BASE] = "SELECT stage, reached, code FROM project WHERE id = ?1",
    [P_MOVE - SQ_PROJECTS_BASE] =
	"UPDATE project SET stage = ?2, stage_since = ?3, reached = ?4, terminated_reason = ?5 "
	"WHERE id = ?1",
    [P_EVENTS - SQ_PROJECTS_BASE] =
	"SELECT ev.id, ev.project_id, p.code, coalesce(ev.from_stage, ''), ev.to_stage, "
	"ev.on_date, ev.actor, ev.reason, ev.override, coalesce(ev.decision_id, 0), ev.at FROM "
	"project_event ev JOIN project p ON p.id = ev.project_id WHERE ?1 = 0 OR ev.project_id "
	"= ?1 ORDER BY ev.project_id, ev.id",
    [P_RULES_JSON - SQ_PROJECTS_BASE] =
	"SELECT json_group_array(json_object('code', code, 'kind', kind, 'param', param, "
	"'threshold', threshold, 'mandatory', mandatory, 'name', name, 'source', source)) FROM "
	"(SELECT * FROM screen_rule ORDER BY seq)",
    [P_RULES_DEL - SQ_PROJECTS_BASE] = "DELETE FROM screen_rule",
    [P_RULE_INS - SQ_PROJECTS_BASE] =
	"INSERT INTO screen_rule (code, seq, kind, param, threshold, mandatory, name, source) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [P_RULES_LIST - SQ_PROJECTS_BASE] =
	"SELECT code, kind, param, threshold, mandatory, name, source FROM screen_rule ORDER BY "
	"seq",
    [P_DEC_INS - SQ_PROJECTS_BASE] =
	"INSERT INTO screen_decision (project_id, at, actor, to_stage, vetoed, inputs_json, "
	"results_json) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?2, ?3, ?4, ?5, ?6)",
    [P_DEC_LIST - SQ_PROJECTS_BASE] =
	"SELECT d.id, d.project_id, p.code, p.name, d.at, d.actor, d.to_stage, d.vetoed, "
	"d.inputs_json, d.results_json FROM screen_decision d JOIN project p ON p.id = "
	"d.project_id WHERE (?1 = 0 OR d.project_id = ?1) AND (?2 = 0 OR d.vetoed = 1) ORDER BY "
	"d.id DESC",
};

static const char *const dec_counts_sql =
    /* SQLite's bare column with max(): vetoed is taken from each project's latest row */
    "SELECT (SELECT count(*) FROM screen_decision), (SELECT count(*) FROM screen_decision "
    "WHERE vetoed = 1), (SELECT count(*) FROM (SELECT vetoed, max(id) FROM screen_decision "
    "GROUP BY project_id) WHERE vetoed = 1)";

static sqlite3_stmt *pstmt(struct store *st, int slot, struct gp_err *err)
{
	return sq_stmt(st, slot, sql[slot - SQ_PROJECTS_BASE], err);
}

/* The id of the row a one-column lookup finds for key (0 when none). */
static int lookup(struct store *st, int slot, const char *key, int64_t *id, struct gp_err *err)
{
	int rc = sq_lookup_id(st, pstmt(st, slot, err), key, id, "lookup", err);
	return rc == GP_ENOTFOUND ? GP_OK : rc;
}

static char *project_json(struct store *st, int64_t id)
{
	sqlite3_stmt *s = pstmt(st, P_JSON, NULL);

	if (!s)
		return NULL;
	sqlite3_bind_int64(s, 1, id);
	return sq_json_row(s);
}

static int add_event(struct store *st, int64_t project_id, int from, enum stage to,
		     const char *on_date, const char *actor, const char *reason, bool override,
		     int64_t decision_id, struct gp_err *err)
{
	sqlite3_stmt *s = pstmt(st, P_EVENT_INS, err);

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, project_id);
	sq_bind_text(s, 2, from < 0 ? NULL : stage_code((enum stage)from));
	sq_bind_text(s, 3, stage_code(to));
	sq_bind_text(s, 4, on_date);
	sq_bind_text(s, 5, actor);
	sq_bind_text(s, 6, reason ? reason : "");
	sqlite3_bind_int(s, 7, override);
	if (decision_id)
		sqlite3_bind_int64(s, 8, decision_id);
	return sq_step_done(st, s, err, "project event");
}

static int put_energy(struct store *st, int64_t id, const struct project *p, struct gp_err *err)
{
	sqlite3_stmt *s = pstmt(st, P_ENERGY_DEL, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sq_step_done(st, s, err, "project energy")) != GP_OK)
		return rc;
	for (size_t i = 0; i < p->nenergy; i++) {
		if (!(s = pstmt(st, P_ENERGY_INS, err)))
			return GP_ESTORE;
		sqlite3_bind_int64(s, 1, id);
		sq_bind_text(s, 2, p->energy[i].item);
		sqlite3_bind_double(s, 3, p->energy[i].quantity);
		if ((rc = sq_step_done(st, s, err, "project energy")) != GP_OK)
			return rc;
		if (sq_changes(st) != 1)
			return gp_err_set(err, GP_EINPUT,
					  "energy item '%s' is not in the factor "
					  "library (see data/items.csv)",
					  p->energy[i].item);
	}
	return GP_OK;
}

static int sq_project_upsert(struct store *st, const struct project *p, const char *actor,
			     int64_t *id_out, enum put_result *res, struct gp_err *err)
{
	sqlite3_stmt *s;
	int64_t id, subpark = 0, ent = 0;
	char *before = NULL, *after = NULL;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if ((rc = lookup(st, P_FIND, p->code, &id, err)) != GP_OK)
		goto done;
	if (p->subpark[0] && (rc = lookup(st, P_SUBPARK, p->subpark, &subpark, err)) == GP_OK &&
	    !subpark)
		rc = gp_err_set(err, GP_ENOTFOUND,
				"sub-park '%s' does not exist (see 'greenpark "
				"subparks')",
				p->subpark);
	if (rc == GP_OK && p->uscc[0] &&
	    (rc = lookup(st, P_ENTERPRISE, p->uscc, &ent, err)) == GP_OK && !ent)
		rc = gp_err_set(err, GP_ENOTFOUND,
				"enterprise %s is not registered (see 'greenpark enterprises')",
				p->uscc);
	if (rc != GP_OK)
		goto done;
	if (id) {
		before = project_json(st, id);
		s = pstmt(st, P_UPDATE, err);
	} else {
		s = pstmt(st, P_INSERT, err);
	}
	if (!s) {
		rc = GP_ESTORE;
		goto done;
	}
	if (id)
		sqlite3_bind_int64(s, 1, id);
	else
		sq_bind_text(s, 1, p->code);
	sq_bind_text(s, 2, p->name);
	sq_bind_text(s, 3, p->investor);
	if (ent)
		sqlite3_bind_int64(s, 4, ent);
	sq_bind_text(s, 5, p->industry_code);
	sq_bind_text(s, 6, leading_industry_name(p->leading));
	if (subpark)
		sqlite3_bind_int64(s, 7, subpark);
	sqlite3_bind_double(s, 8, p->investment_wan_yuan);
	sqlite3_bind_double(s, 9, p->output_wan_yuan);
	sqlite3_bind_double(s, 10, p->tax_wan_yuan);
	sqlite3_bind_double(s, 11, p->land_mu);
	sqlite3_bind_double(s, 12, p->land_m2);
	sqlite3_bind_int(s, 13, p->high_tech);
	sq_bind_text(s, 14, p->talent);
	sq_bind_text(s, 15, p->lead);
	sq_bind_text(s, 16, p->members);
	sq_bind_text(s, 17, p->department);
	for (int k = 0; k < POLL_COUNT; k++)
		sqlite3_bind_double(s, 18 + k, p->pollutants_t[k]);
	sq_bind_text(s, 24, p->key_list);
	sq_bind_text(s, 25, p->note);
	if (!id) {
		sq_bind_text(s, 26, stage_code(p->stage));
		sq_bind_text(s, 27, p->stage_since);
	}
	if ((rc = sq_step_done(st, s, err, "project")) != GP_OK)
		goto done;
	if (!id) {
		id = sq_last_rowid(st);
		if ((rc = add_event(st, id, -1, p->stage, p->stage_since, actor,
				    "entered the pipeline (进入项目库)", false, 0, err)) != GP_OK)
			goto done;
	}
	if ((rc = put_energy(st, id, p, err)) != GP_OK)
		goto done;
	after = project_json(st, id);
	*id_out = id;
	if (before && after && strcmp(before, after) == 0) {
		*res = PUT_UNCHANGED;
		goto done;
	}
	*res = before ? PUT_REPLACED : PUT_INSERTED;
	rc = sq_audit_add(st, actor, before ? "update" : "insert", "project", p->code, before,
			  after, err);
done:
	free(before);
	free(after);
	return sq_sp_end(st, rc);
}

static void read_project(sqlite3_stmt *s, void *row)
{
	struct project *p = row;
	char text[32];

	p->id = sqlite3_column_int64(s, 0);
	sq_col_text(s, 1, p->code, sizeof(p->code));
	sq_col_text(s, 2, p->name, sizeof(p->name));
	sq_col_text(s, 3, p->investor, sizeof(p->investor));
	sq_col_text(s, 4, p->uscc, sizeof(p->uscc));
	sq_col_text(s, 5, p->industry_code, sizeof(p->industry_code));
	sq_col_text(s, 6, text, sizeof(text));
	if (leading_industry_parse(text, &p->leading, NULL) != GP_OK)
		p->leading = LEADING_OTHER;
	sq_col_text(s, 7, p->subpark, sizeof(p->subpark));
	p->investment_wan_yuan = sqlite3_column_double(s, 8);
	p->output_wan_yuan = sqlite3_column_double(s, 9);
	p->tax_wan_yuan = sqlite3_column_double(s, 10);
	p->land_mu = sqlite3_column_double(s, 11);
	p->land_m2 = sqlite3_column_double(s, 12);
	p->high_tech = sqlite3_column_int(s, 13) != 0;
	sq_col_text(s, 14, p->talent, sizeof(p->talent));
	sq_col_text(s, 15, p->lead, sizeof(p->lead));
	sq_col_text(s, 16, p->members, sizeof(p->members));
	sq_col_text(s, 17, p->department, sizeof(p->department));
	for (int k = 0; k < POLL_COUNT; k++)
		p->pollutants_t[k] = sqlite3_column_double(s, 18 + k);
	sq_col_text(s, 24, p->key_list, sizeof(p->key_list));
	sq_col_text(s, 25, p->note, sizeof(p->note));
	sq_col_text(s, 26, text, sizeof(text));
	stage_parse(text, &p->stage, NULL);
	sq_col_text(s, 27, p->stage_since, sizeof(p->stage_since));
	sq_col_text(s, 28, text, sizeof(text));
	stage_parse(text, &p->reached, NULL);
	sq_col_text(s, 29, p->terminated_reason, sizeof(p->terminated_reason));
}

/* A project's id and its place in the list, to find it by id. */
struct id_at {
	int64_t id;
	size_t at;
};

static int cmp_id(const void *a, const void *b)
{
	int64_t x = ((const struct id_at *)a)->id, y = ((const struct id_at *)b)->id;
	return (x > y) - (x < y);
}

/* Reads every energy row of the listed projects (all when n > 1, else the one). */
static int attach_energy(struct store *st, struct project *list, size_t n, struct gp_err *err)
{
	struct id_at *by_id;
	sqlite3_stmt *s;
	int rc;

	if (!n)
		return GP_OK;
	if (!(s = pstmt(st, n == 1 ? P_ENERGY_ONE : P_ENERGY_ALL, err)))
		return GP_ESTORE;
	if (n == 1)
		sqlite3_bind_int64(s, 1, list[0].id);
	by_id = xcalloc(n, sizeof(struct id_at));
	for (size_t i = 0; i < n; i++)
		by_id[i] = (struct id_at){list[i].id, i};
	qsort(by_id, n, sizeof(struct id_at), cmp_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct id_at key = {sqlite3_column_int64(s, 0), 0};
		const struct id_at *hit = bsearch(&key, by_id, n, sizeof(struct id_at), cmp_id);
		struct project *p = hit ? &list[hit->at] : NULL;
		if (p && p->nenergy < PROJECT_ENERGY_MAX) {
			struct project_energy *e = &p->energy[p->nenergy++];
			sq_col_text(s, 1, e->item, sizeof(e->item));
			e->quantity = sqlite3_column_double(s, 2);
		}
	}
	sqlite3_reset(s);
	free(by_id);
	return rc == SQLITE_DONE ? GP_OK : sq_db_err(st, err, "project energy");
}

static int select_projects(struct store *st, const char *code, const struct project_filter *f,
			   struct project **out, size_t *n, struct gp_err *err)
{
	sqlite3_stmt *s = pstmt(st, code ? P_SELECT_ONE : P_SELECT, err);
	int rc;

	if (s && code) {
		sq_bind_text(s, 1, code);
	} else if (s) {
		if (f && f->stage >= 0)
			sq_bind_text(s, 2, stage_code((enum stage)f->stage));
		if (f)
			sq_bind_text(s, 3, f->subpark);
	}
	rc = sq_collect_rows(st, s, sizeof(**out), read_project, "projects", (void **)out, n, err);
	if (rc == GP_OK && (rc = attach_energy(st, *out, *n, err)) != GP_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

static int sq_project_find(struct store *st, const char *code, struct project *out,
			   struct gp_err *err)
{
	struct project *list;
	size_t n;
	int rc = select_projects(st, code, NULL, &list, &n, err);

	if (rc != GP_OK)
		return rc;
	if (!n)
		rc = gp_err_set(err, GP_ENOTFOUND, "no project '%s' (see 'greenpark project list')",
				code);
	else
		*out = list[0];
	free(list);
	return rc;
}

static int sq_project_list(struct store *st, const struct project_filter *f, struct project **out,
			   size_t *n, struct gp_err *err)
{
	return select_projects(st, NULL, f, out, n, err);
}

static int sq_project_move(struct store *st, int64_t project_id, enum stage to, const char *on_date,
			   const char *reason, bool override, int64_t decision_id,
			   const char *actor, struct gp_err *err)
{
	sqlite3_stmt *s;
	enum stage from = STAGE_RESERVE, reached = STAGE_RESERVE;
	char text[32], code[PROJECT_CODE_MAX + 1] = "", before[96], after[PROJECT_TEXT_MAX + 160];
	json_t *a;
	char *after_json;
	int rc, step;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (!(s = pstmt(st, P_STATE, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(s, 1, project_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		sq_col_text(s, 0, text, sizeof(text));
		stage_parse(text, &from, NULL);
		sq_col_text(s, 1, text, sizeof(text));
		stage_parse(text, &reached, NULL);
		sq_col_text(s, 2, code, sizeof(code));
	}
	sqlite3_reset(s);
	if (step != SQLITE_ROW) {
		rc = step == SQLITE_DONE ? gp_err_set(err, GP_ENOTFOUND, "no project with id %lld",
						      (long long)project_id)
					 : sq_db_err(st, err, "project");
		goto done;
	}
	if (to != STAGE_TERMINATED && to > reached)
		reached = to;
	if (!(s = pstmt(st, P_MOVE, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(s, 1, project_id);
	sq_bind_text(s, 2, stage_code(to));
	sq_bind_text(s, 3, on_date);
	sq_bind_text(s, 4, stage_code(reached));
	sq_bind_text(s, 5, to == STAGE_TERMINATED && reason ? reason : "");
	if ((rc = sq_step_done(st, s, err, "project move")) != GP_OK ||
	    (rc = add_event(st, project_id, (int)from, to, on_date, actor, reason, override,
			    decision_id, err)) != GP_OK)
		goto done;
	str_fmt(before, sizeof(before), "{\"stage\":\"%s\"}", stage_code(from));
	a = json_pack("{s:s, s:s, s:s, s:b, s:I}", "stage", stage_code(to), "on_date", on_date,
		      "reason", reason ? reason : "", "override", override, "decision",
		      (json_int_t)decision_id);
	after_json = a ? json_dumps(a, JSON_COMPACT) : NULL;
	json_decref(a);
	str_copy(after, sizeof(after), after_json ? after_json : "{}");
	free(after_json);
	rc = sq_audit_add(st, actor, "move", "project", code, before, after, err);
done:
	return sq_sp_end(st, rc);
}

static void read_event(sqlite3_stmt *s, void *row)
{
	struct project_event_row *e = row;
	char text[32];
	enum stage st;

	e->id = sqlite3_column_int64(s, 0);
	e->project_id = sqlite3_column_int64(s, 1);
	sq_col_text(s, 2, e->code, sizeof(e->code));
	sq_col_text(s, 3, text, sizeof(text));
	e->from = text[0] && stage_parse(text, &st, NULL) == GP_OK ? (int)st : -1;
	sq_col_text(s, 4, text, sizeof(text));
	stage_parse(text, &e->to, NULL);
	sq_col_text(s, 5, e->on_date, sizeof(e->on_date));
	sq_col_text(s, 6, e->actor, sizeof(e->actor));
	sq_col_text(s, 7, e->reason, sizeof(e->reason));
	e->override = sqlite3_column_int(s, 8) != 0;
	e->decision_id = sqlite3_column_int64(s, 9);
	sq_col_text(s, 10, e->at, sizeof(e->at));
}

static int sq_events(struct store *st, int64_t project_id, struct project_event_row **out,
		     size_t *n, struct gp_err *err)
{
	sqlite3_stmt *s = pstmt(st, P_EVENTS, err);

	if (s)
		sqlite3_bind_int64(s, 1, project_id);
	return sq_collect_rows(st, s, sizeof(**out), read_event, "project events", (void **)out, n,
			       err);
}

static char *rules_json(struct store *st)
{
	sqlite3_stmt *s = pstmt(st, P_RULES_JSON, NULL);
	return s ? sq_json_row(s) : NULL;
}

static int sq_rules_replace(struct store *st, const struct screen_rule *rules, size_t n,
			    const char *actor, struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before = NULL, *after = NULL;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	before = rules_json(st);
	if (!(s = pstmt(st, P_RULES_DEL, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	if ((rc = sq_step_done(st, s, err, "screening rules")) != GP_OK)
		goto done;
	for (size_t i = 0; i < n; i++) {
		const struct screen_rule *r = &rules[i];
		if (!(s = pstmt(st, P_RULE_INS, err))) {
			rc = GP_ESTORE;
			goto done;
		}
		sq_bind_text(s, 1, r->code);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
		sq_bind_text(s, 3, rule_kind_code(r->kind));
		sq_bind_text(s, 4, r->param);
		sq_bind_double_or_null(s, 5, r->threshold);
		sqlite3_bind_int(s, 6, r->mandatory);
		sq_bind_text(s, 7, r->name);
		sq_bind_text(s, 8, r->source);
		if ((rc = sq_step_done(st, s, err, "screening rule")) != GP_OK)
			goto done;
	}
	after = rules_json(st);
	rc = sq_audit_add(st, actor, "replace", "screen_rule", "all", before, after, err);
done:
	free(before);
	free(after);
	return sq_sp_end(st, rc);
}

static void read_rule(sqlite3_stmt *s, void *row)
{
	struct screen_rule *r = row;
	char text[32];

	sq_col_text(s, 0, r->code, sizeof(r->code));
	sq_col_text(s, 1, text, sizeof(text));
	rule_kind_parse(text, &r->kind, NULL);
	sq_col_text(s, 2, r->param, sizeof(r->param));
	r->threshold = sq_col_double_or_nan(s, 3);
	r->mandatory = sqlite3_column_int(s, 4) != 0;
	sq_col_text(s, 5, r->name, sizeof(r->name));
	sq_col_text(s, 6, r->source, sizeof(r->source));
}

static int sq_rules_list(struct store *st, struct screen_rule **out, size_t *n, struct gp_err *err)
{
	return sq_collect_rows(st, pstmt(st, P_RULES_LIST, err), sizeof(**out), read_rule,
			       "screening rules", (void **)out, n, err);
}

static int sq_decision_add(struct store *st, int64_t project_id, enum stage to, bool vetoed,
			   const char *inputs_json, const char *results_json, const char *actor,
			   int64_t *id, struct gp_err *err)
{
	sqlite3_stmt *s;
	char key[32], after[96];
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (!(s = pstmt(st, P_DEC_INS, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(s, 1, project_id);
	sq_bind_text(s, 2, actor);
	sq_bind_text(s, 3, stage_code(to));
	sqlite3_bind_int(s, 4, vetoed);
	sq_bind_text(s, 5, inputs_json);
	sq_bind_text(s, 6, results_json);
	if ((rc = sq_step_done(st, s, err, "screening decision")) != GP_OK)
		goto done;
	*id = sq_last_rowid(st);
	str_fmt(key, sizeof(key), "%lld", (long long)*id);
	str_fmt(after, sizeof(after), "{\"project_id\":%lld,\"to\":\"%s\",\"vetoed\":%s}",
		(long long)project_id, stage_code(to), vetoed ? "true" : "false");
	rc = sq_audit_add(st, actor, "insert", "screen_decision", key, NULL, after, err);
done:
	return sq_sp_end(st, rc);
}

static void read_decision(sqlite3_stmt *s, void *row)
{
	struct screen_decision_row *d = row;
	const unsigned char *t;
	char text[32];

	d->id = sqlite3_column_int64(s, 0);
	d->project_id = sqlite3_column_int64(s, 1);
	sq_col_text(s, 2, d->code, sizeof(d->code));
	sq_col_text(s, 3, d->name, sizeof(d->name));
	sq_col_text(s, 4, d->at, sizeof(d->at));
	sq_col_text(s, 5, d->actor, sizeof(d->actor));
	sq_col_text(s, 6, text, sizeof(text));
	stage_parse(text, &d->to, NULL);
	d->vetoed = sqlite3_column_int(s, 7) != 0;
	t = sqlite3_column_text(s, 8);
	d->inputs_json = xstrdup(t ? (const char *)t : "{}");
	t = sqlite3_column_text(s, 9);
	d->results_json = xstrdup(t ? (const char *)t : "[]");
}

static int sq_decisions(struct store *st, int64_t project_id, bool vetoed_only,
			struct screen_decision_row **out, size_t *n, struct gp_err *err)
{
	sqlite3_stmt *s = pstmt(st, P_DEC_LIST, err);
	int rc;

	if (s) {
		sqlite3_bind_int64(s, 1, project_id);
		sqlite3_bind_int(s, 2, vetoed_only);
	}
	rc = sq_collect_rows(st, s, sizeof(**out), read_decision, "screening decisions",
			     (void **)out, n, err);
	return rc;
}

static int sq_decision_counts(struct store *st, size_t *screenings, size_t *vetoed_decisions,
			      size_t *vetoed_projects, struct gp_err *err)
{
	sqlite3_stmt *s = sq_stmt(st, P_DEC_COUNTS, dec_counts_sql, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*screenings = (size_t)sqlite3_column_int64(s, 0);
		*vetoed_decisions = (size_t)sqlite3_column_int64(s, 1);
		*vetoed_projects = (size_t)sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? GP_OK : sq_db_err(st, err, "screening counts");
}

void screen_decisions_free(struct screen_decision_row *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].inputs_json);
		free(list[i].results_json);
	}
	free(list);
}

const struct projects_store_ops store_sqlite_projects_ops = {
    .project_upsert = sq_project_upsert,
    .project_find = sq_project_find,
    .project_list = sq_project_list,
    .project_move = sq_project_move,
    .events = sq_events,
    .rules_replace = sq_rules_replace,
    .rules_list = sq_rules_list,
    .decision_add = sq_decision_add,
    .decisions = sq_decisions,
    .decision_counts = sq_decision_counts,
};
