/* store_sqlite_alarms.c — alarm rules, alarms and the alarm log in the SQLite store
 * (0012_alarms.sql). Stores and looks up; never judges a reading or decides a transition
 * (core/alarms.c does). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "store/store_alarms.h"
#include "util/str.h"

enum {
	A_METER_ID = SQ_ALARMS_BASE,
	A_RULE_INSERT,
	A_RULE_JSON,
	A_RULE_GET,
	A_RULE_LIST,
	A_RULE_SAME,
	A_RULE_ENABLE,
	A_RULE_REMOVE,
	A_RULE_OPEN,
	A_SEEN_OPEN,
	A_SEEN_MAX,
	A_RAISE,
	A_UPDATE,
	A_RETURN,
	A_ACK,
	A_CLEAR,
	A_EVENT,
	A_ALARM_JSON,
	A_GET,
	A_LIST,
	A_COUNTS,
	A_EVENTS,
	A_END
};
_Static_assert((int)A_END <= (int)SQ_MODULE_STMTS, "the alarms' statements overflow their slots");

#define NOW_TEXT "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

#define RULE_COLS                                                                                  \
	"SELECT r.id, r.kind, coalesce(r.meter_id, 0), coalesce(m.code, ''), coalesce(e.uscc, "    \
	"''), "                                                                                    \
	"r.severity, r.enabled, r.note, r.high, r.low, r.limit_per_h, coalesce(r.stale_s, -1), "   \
	"r.pct, coalesce(r.period, ''), r.min_value, r.created_at, r.created_by FROM alarm_rule "  \
	"r "                                                                                       \
	"LEFT JOIN meter m ON m.id = r.meter_id LEFT JOIN enterprise e ON e.id = m.enterprise_id "

/* the state shown (enum alarm_state): cleared, returned, acknowledged, active */
#define STATE                                                                                      \
	"(CASE WHEN a.cleared_at IS NOT NULL THEN 3 WHEN a.active = 0 THEN 2 WHEN a.acked = 1 "    \
	"THEN "                                                                                    \
	"1 ELSE 0 END)"

#define ALARM_COLS                                                                                 \
	"SELECT a.id, a.rule_id, a.meter_id, r.kind, r.severity, m.code, e.uscc, "                 \
	"m.enterprise_id, "                                                                        \
	"a.raised_at, a.last_at, a.value, a.detail, a.count, a.active, a.acked, "                  \
	"coalesce(a.ack_by, ''), coalesce(a.ack_at, 0), coalesce(a.ack_note, ''), "                \
	"coalesce(a.returned_at, 0), a.cleared_at IS NOT NULL, coalesce(a.cleared_by, ''), "       \
	"coalesce(a.cleared_at, 0), coalesce(a.clear_note, ''), coalesce(a.period, '') FROM "      \
	"alarm "                                                                                   \
	"a JOIN alarm_rule r ON r.id = a.rule_id JOIN meter m ON m.id = a.meter_id JOIN "          \
	"enterprise e ON e.id = m.enterprise_id "

static const char *const sql[A_END - SQ_ALARMS_BASE] = {
    [A_METER_ID - SQ_ALARMS_BASE] = "SELECT id FROM meter WHERE code = ?1",
    [A_RULE_INSERT - SQ_ALARMS_BASE] =
	"INSERT INTO alarm_rule (kind, meter_id, severity, note, high, low, limit_per_h, stale_s, "
	"pct, period, min_value, enabled, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	"?7, ?8, ?9, ?10, ?11, ?12, " NOW_TEXT ", ?13)",
    [A_RULE_JSON - SQ_ALARMS_BASE] =
	"SELECT json_object('id', r.id, 'kind', r.kind, 'meter', m.code, 'severity', r.severity, "
	"'enabled', r.enabled, 'note', r.note, 'high', r.high, 'low', r.low, 'limit', "
	"r.limit_per_h, 'stale_s', r.stale_s, 'pct', r.pct, 'period', r.period, 'min_value', "
	"r.min_value) FROM alarm_rule r LEFT JOIN meter m ON m.id = r.meter_id WHERE r.id = ?1",
    [A_RULE_GET - SQ_ALARMS_BASE] = RULE_COLS "WHERE r.id = ?1 AND r.removed_at IS NULL",
    [A_RULE_LIST - SQ_ALARMS_BASE] =
	RULE_COLS "WHERE r.removed_at IS NULL AND (?1 = 0 OR m.enterprise_id = ?1) AND (?2 = 0 OR "
		  "r.enabled = 1) ORDER BY r.id",
    [A_RULE_SAME - SQ_ALARMS_BASE] =
	"SELECT id FROM alarm_rule WHERE removed_at IS NULL AND kind = ?1 AND meter_id IS ?2 AND "
	"severity = ?3 AND note = ?4 AND high IS ?5 AND low IS ?6 AND limit_per_h IS ?7 AND "
	"stale_s IS ?8 AND pct IS ?9 AND period IS ?10 AND min_value IS ?11 ORDER BY id LIMIT 1",
    [A_RULE_ENABLE - SQ_ALARMS_BASE] =
	"UPDATE alarm_rule SET enabled = ?2 WHERE id = ?1 AND removed_at IS NULL",
    [A_RULE_REMOVE - SQ_ALARMS_BASE] =
	"UPDATE alarm_rule SET removed_at = " NOW_TEXT ", enabled = 0 WHERE id = ?1 AND "
	"removed_at IS NULL",
    [A_RULE_OPEN - SQ_ALARMS_BASE] =
	"SELECT id FROM alarm WHERE rule_id = ?1 AND cleared_at IS NULL ORDER BY id",
    [A_SEEN_OPEN - SQ_ALARMS_BASE] = "SELECT id, active, obs_key FROM alarm WHERE rule_id = ?1 "
				     "AND meter_id = ?2 AND cleared_at IS NULL",
    [A_SEEN_MAX - SQ_ALARMS_BASE] =
	"SELECT max(obs_key) FROM alarm WHERE rule_id = ?1 AND meter_id = ?2",
    [A_RAISE - SQ_ALARMS_BASE] =
	"INSERT INTO alarm (rule_id, meter_id, raised_at, last_at, obs_key, value, detail, count, "
	"active, period) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, 1, 1, ?7)",
    /* SET expressions read the row as it was, so the acknowledgement is kept only when the
     * alarm was active */
    [A_UPDATE - SQ_ALARMS_BASE] =
	"UPDATE alarm SET count = count + 1, last_at = ?2, obs_key = ?3, value = ?4, detail = "
	"?5, period = ?6, acked = CASE WHEN active = 1 THEN acked ELSE 0 END, ack_by = CASE WHEN "
	"active = 1 THEN ack_by END, ack_at = CASE WHEN active = 1 THEN ack_at END, ack_note = "
	"CASE WHEN active = 1 THEN ack_note END, active = 1, returned_at = NULL WHERE id = ?1 AND "
	"cleared_at IS NULL",
    [A_RETURN - SQ_ALARMS_BASE] = "UPDATE alarm SET active = 0, returned_at = ?2 WHERE id = ?1 "
				  "AND cleared_at IS NULL AND active = 1",
    [A_ACK - SQ_ALARMS_BASE] = "UPDATE alarm SET acked = 1, ack_by = ?2, ack_at = ?3, ack_note = "
			       "?4 WHERE id = ?1 AND cleared_at IS NULL AND acked = 0",
    [A_CLEAR - SQ_ALARMS_BASE] = "UPDATE alarm SET cleared_by = ?2, cleared_at = ?3, clear_note = "
				 "?4 WHERE id = ?1 AND cleared_at IS NULL",
    [A_EVENT - SQ_ALARMS_BASE] = "INSERT INTO alarm_event (alarm_id, at, event, actor, value, "
				 "note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [A_ALARM_JSON - SQ_ALARMS_BASE] =
	"SELECT json_object('id', a.id, 'rule', a.rule_id, 'meter', m.code, 'active', a.active, "
	"'acked', a.acked, 'ack_by', a.ack_by, 'ack_note', a.ack_note, 'cleared_by', "
	"a.cleared_by, 'clear_note', a.clear_note, 'count', a.count, 'value', a.value) FROM "
	"alarm a JOIN meter m ON m.id = a.meter_id WHERE a.id = ?1",
    [A_GET - SQ_ALARMS_BASE] = ALARM_COLS "WHERE a.id = ?1",
    [A_LIST - SQ_ALARMS_BASE] =
	ALARM_COLS "WHERE (?1 = 0 OR m.enterprise_id = ?1) AND (?2 = 0 OR a.meter_id = ?2) AND (?3 "
		   "= 0 OR a.rule_id = ?3) AND (CASE WHEN ?4 >= 0 THEN " STATE
		   " = ?4 WHEN ?5 = 1 THEN 1 ELSE a.cleared_at IS NULL END) ORDER BY " STATE
		   ", r.severity, a.last_at DESC, a.id DESC LIMIT ?6",
    [A_COUNTS - SQ_ALARMS_BASE] =
	"SELECT " STATE ", r.severity, count(*) FROM alarm a JOIN alarm_rule r ON r.id = "
	"a.rule_id JOIN meter m ON m.id = a.meter_id WHERE a.cleared_at IS NULL AND (?1 = 0 OR "
	"m.enterprise_id = ?1) GROUP BY 1, 2",
    [A_EVENTS - SQ_ALARMS_BASE] =
	"SELECT ev.id, ev.alarm_id, ev.at, ev.event, ev.actor, ev.value, ev.note, m.code, r.kind "
	"FROM alarm_event ev JOIN alarm a ON a.id = ev.alarm_id JOIN alarm_rule r ON r.id = "
	"a.rule_id JOIN meter m ON m.id = a.meter_id WHERE (?1 = 0 OR m.enterprise_id = ?1) AND "
	"(?2 = 0 OR ev.alarm_id = ?2) ORDER BY ev.id DESC LIMIT ?3",
};

static sqlite3_stmt *astmt(struct store *st, int slot, struct gp_err *err)
{
	return sq_stmt(st, slot, sql[slot - SQ_ALARMS_BASE], err);
}

static char *json_of(struct store *st, int slot, int64_t id)
{
	sqlite3_stmt *s = astmt(st, slot, NULL);

	if (!s)
		return NULL;
	sqlite3_bind_int64(s, 1, id);
	return sq_json_row(s);
}

static int event_add(struct store *st, int64_t alarm_id, int64_t at, enum alarm_event_kind ev,
		     const char *actor, double value, const char *note, struct gp_err *err)
{
	sqlite3_stmt *s = astmt(st, A_EVENT, err);

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, alarm_id);
	sqlite3_bind_int64(s, 2, at);
	sq_bind_text(s, 3, alarm_event_name(ev));
	sq_bind_text(s, 4, actor);
	sq_bind_double_or_null(s, 5, value);
	sq_bind_text(s, 6, note ? note : "");
	return sq_step_done(st, s, err, "alarm log");
}

/* The meter's id by code (0 for ""); GP_ENOTFOUND naming it. */
static int meter_id_of(struct store *st, const char *code, int64_t *id, struct gp_err *err)
{
	int rc;

	*id = 0;
	if (!code[0])
		return GP_OK;
	rc = sq_lookup_id(st, astmt(st, A_METER_ID, err), code, id, "meter", err);
	if (rc == GP_ENOTFOUND)
		return gp_err_set(err, GP_ENOTFOUND, "no meter '%s' (see 'greenpark meter list')",
				  code);
	return rc;
}

/* Binds a rule's stored fields from position first on (A_RULE_INSERT and A_RULE_SAME take
 * them in the same order): meter id, severity, note, high, low, limit, stale_s, pct, period,
 * min_value (NULL when not set). */
static void bind_params(sqlite3_stmt *s, int first, const struct alarm_rule *r, int64_t meter_id)
{
	if (meter_id)
		sqlite3_bind_int64(s, first, meter_id);
	else
		sqlite3_bind_null(s, first);
	sqlite3_bind_int(s, first + 1, r->severity);
	sq_bind_text(s, first + 2, r->note);
	sq_bind_double_or_null(s, first + 3, r->high);
	sq_bind_double_or_null(s, first + 4, r->low);
	sq_bind_double_or_null(s, first + 5, r->limit);
	if (r->stale_s >= 0)
		sqlite3_bind_int64(s, first + 6, r->stale_s);
	else
		sqlite3_bind_null(s, first + 6);
	sq_bind_double_or_null(s, first + 7, r->pct);
	sq_bind_text(s, first + 8,
		     r->period < ALARM_PERIOD_COUNT ? alarm_period_name(r->period) : NULL);
	sq_bind_double_or_null(s, first + 9, r->min_value);
}

static int sq_rule_add(struct store *st, const struct alarm_rule *r, const char *actor, int64_t *id,
		       struct gp_err *err)
{
	sqlite3_stmt *s;
	char *after = NULL, key[24];
	int64_t meter_id;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if ((rc = meter_id_of(st, r->meter, &meter_id, err)) != GP_OK)
		goto done;
	if (!(s = astmt(st, A_RULE_INSERT, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sq_bind_text(s, 1, alarm_kind_name(r->kind));
	bind_params(s, 2, r, meter_id);
	sqlite3_bind_int(s, 12, r->enabled ? 1 : 0);
	sq_bind_text(s, 13, actor);
	if ((rc = sq_step_done(st, s, err, "alarm rule")) != GP_OK)
		goto done;
	*id = sq_last_rowid(st);
	after = json_of(st, A_RULE_JSON, *id);
	str_fmt(key, sizeof(key), "%lld", (long long)*id);
	rc = sq_audit_add(st, actor, "insert", "alarm_rule", key, NULL, after, err);
done:
	free(after);
	return sq_sp_end(st, rc);
}

static int sq_rule_same(struct store *st, const struct alarm_rule *r, int64_t *id,
			struct gp_err *err)
{
	sqlite3_stmt *s;
	int64_t meter_id;
	int rc;

	*id = 0;
	if ((rc = meter_id_of(st, r->meter, &meter_id, err)) != GP_OK)
		return rc;
	if (!(s = astmt(st, A_RULE_SAME, err)))
		return GP_ESTORE;
	sq_bind_text(s, 1, alarm_kind_name(r->kind));
	bind_params(s, 2, r, meter_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return GP_OK;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? GP_ENOTFOUND : sq_db_err(st, err, "alarm rules");
}

static int no_rule(int64_t id, struct gp_err *err)
{
	return gp_err_set(err, GP_ENOTFOUND, "no alarm rule %lld (see 'greenpark alarm rule list')",
			  (long long)id);
}

static int sq_rule_set_enabled(struct store *st, int64_t id, bool enabled, const char *actor,
			       struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before = NULL, *after = NULL, key[24];
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	before = json_of(st, A_RULE_JSON, id);
	if (!(s = astmt(st, A_RULE_ENABLE, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, enabled ? 1 : 0);
	if ((rc = sq_step_done(st, s, err, "alarm rule")) != GP_OK)
		goto done;
	if (sq_changes(st) != 1) {
		rc = no_rule(id, err);
		goto done;
	}
	after = json_of(st, A_RULE_JSON, id);
	if (before && after && strcmp(before, after) == 0)
		goto done; /* it was so already */
	str_fmt(key, sizeof(key), "%lld", (long long)id);
	rc = sq_audit_add(st, actor, "update", "alarm_rule", key, before, after, err);
done:
	free(before);
	free(after);
	return sq_sp_end(st, rc);
}

static int clear_one(struct store *st, int64_t id, const char *actor, const char *note, int64_t now,
		     struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before = json_of(st, A_ALARM_JSON, id), *after = NULL, key[24];
	int rc;

	if (!(s = astmt(st, A_CLEAR, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(s, 1, id);
	sq_bind_text(s, 2, actor);
	sqlite3_bind_int64(s, 3, now);
	sq_bind_text(s, 4, note);
	if ((rc = sq_step_done(st, s, err, "alarm")) != GP_OK)
		goto done;
	if (sq_changes(st) != 1) {
		rc = gp_err_set(err, GP_ECONFLICT, "alarm %lld is cleared already", (long long)id);
		goto done;
	}
	if ((rc = event_add(st, id, now, ALARM_EV_CLEAR, actor, NAN, note, err)) != GP_OK)
		goto done;
	after = json_of(st, A_ALARM_JSON, id);
	str_fmt(key, sizeof(key), "%lld", (long long)id);
	rc = sq_audit_add(st, actor, "clear", "alarm", key, before, after, err);
done:
	free(before);
	free(after);
	return rc;
}

static int sq_rule_remove(struct store *st, int64_t id, const char *actor, int64_t now,
			  struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before = NULL, key[24];
	int64_t *open = NULL;
	size_t nopen = 0, cap = 0;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	before = json_of(st, A_RULE_JSON, id);
	if (!(s = astmt(st, A_RULE_REMOVE, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sq_step_done(st, s, err, "alarm rule")) != GP_OK)
		goto done;
	if (sq_changes(st) != 1) {
		rc = no_rule(id, err);
		goto done;
	}
	if (!(s = astmt(st, A_RULE_OPEN, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(open, nopen + 1, cap);
		open[nopen++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		rc = sq_db_err(st, err, "alarms of the rule");
		goto done;
	}
	rc = GP_OK;
	for (size_t i = 0; i < nopen && rc == GP_OK; i++)
		rc = clear_one(st, open[i], actor, "rule removed", now, err);
	if (rc != GP_OK)
		goto done;
	str_fmt(key, sizeof(key), "%lld", (long long)id);
	rc = sq_audit_add(st, actor, "delete", "alarm_rule", key, before, NULL, err);
done:
	free(open);
	free(before);
	return sq_sp_end(st, rc);
}

static void read_rule(sqlite3_stmt *s, void *row)
{
	struct alarm_rule *r = row;
	char text[16];

	sq_col_text(s, 1, text, sizeof(text));
	alarm_rule_init(r, ALARM_THRESHOLD);
	if (alarm_kind_parse(text, &r->kind, NULL) != GP_OK)
		r->kind = ALARM_THRESHOLD;
	r->id = sqlite3_column_int64(s, 0);
	r->meter_id = sqlite3_column_int64(s, 2);
	sq_col_text(s, 3, r->meter, sizeof(r->meter));
	sq_col_text(s, 4, r->uscc, sizeof(r->uscc));
	r->severity = sqlite3_column_int(s, 5);
	r->enabled = sqlite3_column_int(s, 6) != 0;
	sq_col_text(s, 7, r->note, sizeof(r->note));
	r->high = sq_col_double_or_nan(s, 8);
	r->low = sq_col_double_or_nan(s, 9);
	r->limit = sq_col_double_or_nan(s, 10);
	r->stale_s = (long)sqlite3_column_int64(s, 11);
	r->pct = sq_col_double_or_nan(s, 12);
	sq_col_text(s, 13, text, sizeof(text));
	if (!text[0] || alarm_period_parse(text, &r->period, NULL) != GP_OK)
		r->period = ALARM_PERIOD_COUNT;
	r->min_value = sq_col_double_or_nan(s, 14);
	sq_col_text(s, 15, r->created_at, sizeof(r->created_at));
	sq_col_text(s, 16, r->created_by, sizeof(r->created_by));
}

static int sq_rule_get(struct store *st, int64_t id, struct alarm_rule *out, struct gp_err *err)
{
	sqlite3_stmt *s = astmt(st, A_RULE_GET, err);
	struct alarm_rule *list = NULL;
	size_t n = 0;
	int rc;

	if (s)
		sqlite3_bind_int64(s, 1, id);
	rc =
	    sq_collect_rows(st, s, sizeof(*list), read_rule, "alarm rule", (void **)&list, &n, err);
	if (rc == GP_OK && n == 1)
		*out = list[0];
	else if (rc == GP_OK)
		rc = no_rule(id, err);
	free(list);
	return rc;
}

static int sq_rule_list(struct store *st, int64_t enterprise_id, bool enabled_only,
			struct alarm_rule **out, size_t *n, struct gp_err *err)
{
	sqlite3_stmt *s = astmt(st, A_RULE_LIST, err);

	if (s) {
		sqlite3_bind_int64(s, 1, enterprise_id);
		sqlite3_bind_int(s, 2, enabled_only ? 1 : 0);
	}
	return sq_collect_rows(st, s, sizeof(**out), read_rule, "alarm rules", (void **)out, n,
			       err);
}

static int sq_seen(struct store *st, int64_t rule_id, int64_t meter_id, struct alarm_seen *out,
		   int64_t *open_id, struct gp_err *err)
{
	sqlite3_stmt *s = astmt(st, A_SEEN_OPEN, err);
	int rc;

	memset(out, 0, sizeof(*out));
	*open_id = 0;
	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, rule_id);
	sqlite3_bind_int64(s, 2, meter_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->open = true;
		*open_id = sqlite3_column_int64(s, 0);
		out->active = sqlite3_column_int(s, 1) != 0;
		out->key = sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_db_err(st, err, "alarms");
	if (!(s = astmt(st, A_SEEN_MAX, err)))
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, rule_id);
	sqlite3_bind_int64(s, 2, meter_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		out->any = true;
		out->max_key = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_db_err(st, err, "alarms");
	return GP_OK;
}

static int sq_raise(struct store *st, int64_t rule_id, int64_t meter_id,
		    const struct alarm_verdict *v, int64_t now, int64_t *id, struct gp_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (!(s = astmt(st, A_RAISE, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(s, 1, rule_id);
	sqlite3_bind_int64(s, 2, meter_id);
	sqlite3_bind_int64(s, 3, v->at);
	sqlite3_bind_int64(s, 4, v->key);
	sq_bind_double_or_null(s, 5, v->value);
	sq_bind_text(s, 6, v->detail);
	sq_bind_text(s, 7, v->period[0] ? v->period : NULL);
	if ((rc = sq_step_done(st, s, err, "alarm")) != GP_OK)
		goto done;
	*id = sq_last_rowid(st);
	rc = event_add(st, *id, now, ALARM_EV_RAISE, ALARM_ACTOR_SYSTEM, v->value, v->detail, err);
done:
	return sq_sp_end(st, rc);
}

static int sq_update(struct store *st, int64_t id, const struct alarm_verdict *v, int64_t now,
		     struct gp_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (!(s = astmt(st, A_UPDATE, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, v->at);
	sqlite3_bind_int64(s, 3, v->key);
	sq_bind_double_or_null(s, 4, v->value);
	sq_bind_text(s, 5, v->detail);
	sq_bind_text(s, 6, v->period[0] ? v->period : NULL);
	if ((rc = sq_step_done(st, s, err, "alarm")) != GP_OK)
		goto done;
	if (sq_changes(st) != 1) {
		rc = gp_err_set(err, GP_ECONFLICT, "alarm %lld is not open", (long long)id);
		goto done;
	}
	rc = event_add(st, id, now, ALARM_EV_UPDATE, ALARM_ACTOR_SYSTEM, v->value, v->detail, err);
done:
	return sq_sp_end(st, rc);
}

static int sq_back_to_normal(struct store *st, int64_t id, const struct alarm_verdict *v,
			     int64_t now, struct gp_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (!(s = astmt(st, A_RETURN, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	if ((rc = sq_step_done(st, s, err, "alarm")) != GP_OK)
		goto done;
	if (sq_changes(st) != 1) {
		rc = gp_err_set(err, GP_ECONFLICT, "alarm %lld is not active", (long long)id);
		goto done;
	}
	rc = event_add(st, id, now, ALARM_EV_RETURN, ALARM_ACTOR_SYSTEM, v->value, v->detail, err);
done:
	return sq_sp_end(st, rc);
}

static int sq_ack(struct store *st, int64_t id, const char *actor, const char *note, int64_t now,
		  struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before = NULL, *after = NULL, key[24];
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	before = json_of(st, A_ALARM_JSON, id);
	if (!(s = astmt(st, A_ACK, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(s, 1, id);
	sq_bind_text(s, 2, actor);
	sqlite3_bind_int64(s, 3, now);
	sq_bind_text(s, 4, note);
	if ((rc = sq_step_done(st, s, err, "alarm")) != GP_OK)
		goto done;
	if (sq_changes(st) != 1) {
		rc = gp_err_set(err, GP_ECONFLICT, "alarm %lld is cleared or acknowledged already",
				(long long)id);
		goto done;
	}
	if ((rc = event_add(st, id, now, ALARM_EV_ACK, actor, NAN, note, err)) != GP_OK)
		goto done;
	after = json_of(st, A_ALARM_JSON, id);
	str_fmt(key, sizeof(key), "%lld", (long long)id);
	rc = sq_audit_add(st, actor, "ack", "alarm", key, before, after, err);
done:
	free(before);
	free(after);
	return sq_sp_end(st, rc);
}

static int sq_clear(struct store *st, int64_t id, const char *actor, const char *note, int64_t now,
		    struct gp_err *err)
{
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	rc = clear_one(st, id, actor, note, now, err);
	return sq_sp_end(st, rc);
}

static void read_alarm(sqlite3_stmt *s, void *row)
{
	struct alarm *a = row;
	char kind[16];

	a->id = sqlite3_column_int64(s, 0);
	a->rule_id = sqlite3_column_int64(s, 1);
	a->meter_id = sqlite3_column_int64(s, 2);
	sq_col_text(s, 3, kind, sizeof(kind));
	if (alarm_kind_parse(kind, &a->kind, NULL) != GP_OK)
		a->kind = ALARM_THRESHOLD;
	a->severity = sqlite3_column_int(s, 4);
	sq_col_text(s, 5, a->meter, sizeof(a->meter));
	sq_col_text(s, 6, a->uscc, sizeof(a->uscc));
	a->enterprise_id = sqlite3_column_int64(s, 7);
	a->raised_at = sqlite3_column_int64(s, 8);
	a->last_at = sqlite3_column_int64(s, 9);
	a->value = sq_col_double_or_nan(s, 10);
	sq_col_text(s, 11, a->detail, sizeof(a->detail));
	a->count = (long)sqlite3_column_int64(s, 12);
	a->active = sqlite3_column_int(s, 13) != 0;
	a->acked = sqlite3_column_int(s, 14) != 0;
	sq_col_text(s, 15, a->ack_by, sizeof(a->ack_by));
	a->ack_at = sqlite3_column_int64(s, 16);
	sq_col_text(s, 17, a->ack_note, sizeof(a->ack_note));
	a->returned_at = sqlite3_column_int64(s, 18);
	a->cleared = sqlite3_column_int(s, 19) != 0;
	sq_col_text(s, 20, a->cleared_by, sizeof(a->cleared_by));
	a->cleared_at = sqlite3_column_int64(s, 21);
	sq_col_text(s, 22, a->clear_note, sizeof(a->clear_note));
	sq_col_text(s, 23, a->period, sizeof(a->period));
}

static int sq_get(struct store *st, int64_t id, struct alarm *out, struct gp_err *err)
{
	sqlite3_stmt *s = astmt(st, A_GET, err);
	struct alarm *list = NULL;
	size_t n = 0;
	int rc;

	if (s)
		sqlite3_bind_int64(s, 1, id);
	rc = sq_collect_rows(st, s, sizeof(*list), read_alarm, "alarm", (void **)&list, &n, err);
	if (rc == GP_OK && n == 1)
		*out = list[0];
	else if (rc == GP_OK)
		rc = gp_err_set(err, GP_ENOTFOUND, "no alarm %lld (see 'greenpark alarm list')",
				(long long)id);
	free(list);
	return rc;
}

static int sq_list(struct store *st, const struct alarm_filter *f, struct alarm **out, size_t *n,
		   struct gp_err *err)
{
	sqlite3_stmt *s = astmt(st, A_LIST, err);
	size_t limit = f->limit < 1 || f->limit > ALARM_LIST_MAX ? ALARM_LIST_MAX : f->limit;

	if (s) {
		sqlite3_bind_int64(s, 1, f->enterprise_id);
		sqlite3_bind_int64(s, 2, f->meter_id);
		sqlite3_bind_int64(s, 3, f->rule_id);
		sqlite3_bind_int(s, 4, f->state);
		sqlite3_bind_int(s, 5, f->all ? 1 : 0);
		sqlite3_bind_int64(s, 6, (sqlite3_int64)limit);
	}
	return sq_collect_rows(st, s, sizeof(**out), read_alarm, "alarms", (void **)out, n, err);
}

static int sq_counts(struct store *st, int64_t enterprise_id, struct alarm_counts *out,
		     struct gp_err *err)
{
	sqlite3_stmt *s = astmt(st, A_COUNTS, err);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, enterprise_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int state = sqlite3_column_int(s, 0), sev = sqlite3_column_int(s, 1);
		if (state >= 0 && state < 3 && sev >= 1 && sev <= 3)
			out->n[state][sev - 1] = (long)sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? GP_OK : sq_db_err(st, err, "alarm counts");
}

static void read_event(sqlite3_stmt *s, void *row)
{
	struct alarm_event *e = row;
	char text[16];

	e->id = sqlite3_column_int64(s, 0);
	e->alarm_id = sqlite3_column_int64(s, 1);
	e->at = sqlite3_column_int64(s, 2);
	sq_col_text(s, 3, text, sizeof(text));
	if (alarm_event_parse(text, &e->event) != GP_OK)
		e->event = ALARM_EV_RAISE;
	sq_col_text(s, 4, e->actor, sizeof(e->actor));
	e->value = sq_col_double_or_nan(s, 5);
	sq_col_text(s, 6, e->note, sizeof(e->note));
	sq_col_text(s, 7, e->meter, sizeof(e->meter));
	sq_col_text(s, 8, text, sizeof(text));
	if (alarm_kind_parse(text, &e->kind, NULL) != GP_OK)
		e->kind = ALARM_THRESHOLD;
}

static int sq_events(struct store *st, int64_t enterprise_id, int64_t alarm_id, size_t limit,
		     struct alarm_event **out, size_t *n, struct gp_err *err)
{
	sqlite3_stmt *s = astmt(st, A_EVENTS, err);

	if (limit < 1 || limit > ALARM_LIST_MAX)
		limit = ALARM_LIST_MAX;
	if (s) {
		sqlite3_bind_int64(s, 1, enterprise_id);
		sqlite3_bind_int64(s, 2, alarm_id);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)limit);
	}
	return sq_collect_rows(st, s, sizeof(**out), read_event, "alarm log", (void **)out, n, err);
}

const struct alarms_store_ops store_sqlite_alarms_ops = {
    .rule_add = sq_rule_add,
    .rule_same = sq_rule_same,
    .rule_set_enabled = sq_rule_set_enabled,
    .rule_remove = sq_rule_remove,
    .rule_get = sq_rule_get,
    .rule_list = sq_rule_list,
    .seen = sq_seen,
    .raise = sq_raise,
    .update = sq_update,
    .back_to_normal = sq_back_to_normal,
    .ack = sq_ack,
    .clear = sq_clear,
    .get = sq_get,
    .list = sq_list,
    .counts = sq_counts,
    .events = sq_events,
};
