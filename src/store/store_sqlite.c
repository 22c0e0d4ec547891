/* store_sqlite.c — the embedded store: one SQLite file in WAL mode with foreign
 * keys on, every statement prepared once per connection, migrations from
 * store/schema/sqlite. Never computes indicators; never prints. */
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/schema.h"
#include "store/sqlite_int.h"
#include "store/store.h"
#include "store/store_alarms.h"
#include "store/store_meters.h"
#include "store/store_modbus.h"
#include "store/store_plan.h"
#include "store/store_projects.h"
#include "util/secret.h"
#include "util/map.h"
#include "util/str.h"

/* Packed ledger key: see the activity table in 0001_init.sql. */
#define AKEY(e, p, i) (((sqlite3_int64)(e) << 32) | ((sqlite3_int64)(p) << 12) | (sqlite3_int64)(i))

enum stmt_id {
	S_AUDIT_ADD,
	S_PARK_GET,
	S_PARK_JSON,
	S_PARK_UPDATE,
	S_SUBPARK_FIND,
	S_SUBPARK_INSERT,
	S_SUBPARK_LIST,
	S_ENT_FIND,
	S_ENT_JSON,
	S_ENT_INSERT,
	S_ENT_UPDATE,
	S_ENT_IDS,
	S_PLATFORM_FIND,
	S_PLATFORM_JSON,
	S_PLATFORM_INSERT,
	S_PLATFORM_UPDATE,
	S_PLATFORM_LIST,
	S_ITEM_PUT,
	S_GRID_PUT,
	S_EQUIV_PUT,
	S_OVR_JSON,
	S_OVR_PUT,
	S_OVR_DEL,
	S_ITEMS_LOAD,
	S_GRID_LOAD,
	S_EQUIV_LOAD,
	S_OVR_LOAD,
	S_BATCH_INSERT,
	S_BATCH_UPDATE,
	S_BATCH_REPLACED,
	S_BATCH_AUDIT,
	S_ACT_INSERT,
	S_ACT_GET,
	S_ACT_UPDATE,
	S_ACT_RANGE,
	S_YEAR_DELETE,
	S_YEAR_INSERT,
	S_YEAR_PARK,
	S_YEAR_SUBPARK,
	S_YEAR_ENT,
	S_ACT_LIST,
	S_ENT_LIST,
	S_AUDIT_LIST,
	S_SUBPARK_JSON,
	S_MONTH_ROWS,
	S_TARGET_ADD,
	S_TARGET_JSON,
	S_TARGET_LIST,
	S_TARGET_DEL,
	S_IND_PUT,
	S_IND_LOAD,
	S_ATTR_JSON,
	S_ATTR_SET,
	S_ATTR_GET,
	S_DATA_VERSION,
	S_YEARS,
	S_USER_INSERT,
	S_USER_JSON,
	S_USER_PASSWORD,
	S_USER_DELETE,
	S_USER_FIND,
	S_USER_LIST,
	S_SESSION_INSERT,
	S_SESSION_GET,
	S_SESSION_TOUCH,
	S_SESSION_DELETE,
	S_SESSION_PURGE,
	S_TOKEN_INSERT,
	S_TOKEN_GET,
	S_FAIL_INSERT,
	S_FAIL_COUNT,
	S_FAIL_CLEAR,
	S_FAIL_PURGE,
	S_COUNT
};

#define USER_COLS                                                                                  \
	"u.id, u.name, u.role, coalesce(u.enterprise_id, 0), coalesce(e.uscc, ''), "               \
	"coalesce(u.bank, ''), u.created_at"
#define USER_FROM " FROM app_user u LEFT JOIN enterprise e ON e.id = u.enterprise_id "

static const char *const stmt_sql[S_COUNT] = {
    [S_AUDIT_ADD] = "INSERT INTO audit (at, actor, action, entity, key, before_json, after_json) "
		    "VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?1, ?2, ?3, ?4, ?5, ?6)",
    [S_PARK_GET] =
	"SELECT id, name, region, grid, land_km2, timezone, sample FROM park WHERE id = 1",
    [S_PARK_JSON] =
	"SELECT json_object('name', name, 'region', region, 'grid', grid, "
	"'land_km2', land_km2, 'timezone', timezone, 'sample', sample) FROM park WHERE id = 1",
    [S_PARK_UPDATE] = "UPDATE park SET name = ?1, region = ?2, grid = ?3, land_km2 = ?4, "
		      "timezone = ?5, sample = ?6 WHERE id = 1",
    [S_SUBPARK_FIND] = "SELECT id FROM subpark WHERE park_id = 1 AND name = ?1",
    [S_SUBPARK_INSERT] = "INSERT INTO subpark (park_id, name) VALUES (1, ?1)",
    [S_SUBPARK_LIST] = "SELECT s.id, s.name, (SELECT count(*) FROM enterprise e WHERE "
		       "e.subpark_id = s.id) FROM subpark s WHERE s.park_id = 1 ORDER BY s.id",
    [S_ENT_FIND] = "SELECT e.id, e.uscc, e.name, coalesce(s.name, ''), e.industry_code, "
		   "e.leading_industry, e.high_tech, e.srdi, e.employees, e.land_m2 "
		   "FROM enterprise e LEFT JOIN subpark s ON s.id = e.subpark_id WHERE e.uscc = ?1",
    [S_ENT_JSON] = "SELECT json_object('uscc', e.uscc, 'name', e.name, 'subpark', s.name, "
		   "'industry_code', e.industry_code, 'leading_industry', e.leading_industry, "
		   "'high_tech', e.high_tech, 'srdi', e.srdi, 'employees', e.employees, "
		   "'land_m2', e.land_m2) FROM enterprise e LEFT JOIN subpark s ON "
		   "s.id = e.subpark_id WHERE e.id = ?1",
    [S_ENT_INSERT] = "INSERT INTO enterprise (park_id, uscc, name, subpark_id, industry_code, "
		     "leading_industry, high_tech, srdi, employees, land_m2) "
		     "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [S_ENT_UPDATE] = "UPDATE enterprise SET name = ?2, subpark_id = ?3, industry_code = ?4, "
		     "leading_industry = ?5, high_tech = ?6, srdi = ?7, employees = ?8, "
		     "land_m2 = ?9 WHERE id = ?1",
    [S_ENT_IDS] = "SELECT uscc, id FROM enterprise",
    [S_PLATFORM_FIND] = "SELECT id FROM platform WHERE park_id = 1 AND name = ?1",
    [S_PLATFORM_JSON] = "SELECT json_object('name', p.name, 'level', p.level, 'kind', p.kind, "
			"'uscc', e.uscc, 'year', p.year) FROM platform p LEFT JOIN enterprise e "
			"ON e.id = p.enterprise_id WHERE p.id = ?1",
    [S_PLATFORM_INSERT] = "INSERT INTO platform (park_id, name, level, kind, enterprise_id, year) "
			  "VALUES (1, ?1, ?2, ?3, (SELECT id FROM enterprise WHERE uscc = ?4), ?5)",
    [S_PLATFORM_UPDATE] = "UPDATE platform SET level = ?2, kind = ?3, enterprise_id = "
			  "(SELECT id FROM enterprise WHERE uscc = ?4), year = ?5 WHERE id = ?1",
    [S_PLATFORM_LIST] = "SELECT p.id, p.name, p.level, p.kind, coalesce(e.uscc, ''), p.year "
			"FROM platform p LEFT JOIN enterprise e ON e.id = p.enterprise_id "
			"WHERE p.park_id = 1 ORDER BY p.id",
    [S_ITEM_PUT] = "INSERT INTO item (code, category, unit, alt_units, name_zh, name_en, "
		   "tce_per_unit, ncv_gj_per_unit, cc_tc_per_tj, oxidation, kind, confidence, "
		   "source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
		   "ON CONFLICT (code) DO UPDATE SET category = excluded.category, unit = "
		   "excluded.unit, alt_units = excluded.alt_units, name_zh = excluded.name_zh, "
		   "name_en = excluded.name_en, tce_per_unit = excluded.tce_per_unit, "
		   "ncv_gj_per_unit = excluded.ncv_gj_per_unit, cc_tc_per_tj = "
		   "excluded.cc_tc_per_tj, oxidation = excluded.oxidation, kind = excluded.kind, "
		   "confidence = excluded.confidence, source = excluded.source RETURNING id",
    [S_GRID_PUT] = "INSERT INTO grid_factor (year, grid, kind, kg_co2_per_kwh, confidence, "
		   "source) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (year, grid, kind) DO "
		   "UPDATE SET kg_co2_per_kwh = excluded.kg_co2_per_kwh, confidence = "
		   "excluded.confidence, source = excluded.source",
    [S_EQUIV_PUT] = "INSERT INTO electricity_equivalent (year, kgce_per_kwh, confidence, source) "
		    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (year) DO UPDATE SET kgce_per_kwh = "
		    "excluded.kgce_per_kwh, confidence = excluded.confidence, source = "
		    "excluded.source",
    [S_OVR_JSON] = "SELECT json_object('year', year, 'key', key, 'value', value, 'source', "
		   "source) FROM factor_override WHERE year = ?1 AND key = ?2",
    [S_OVR_PUT] = "INSERT INTO factor_override (year, key, value, source, set_by, set_at) VALUES "
		  "(?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) ON CONFLICT (year, "
		  "key) DO UPDATE SET value = excluded.value, source = excluded.source, set_by = "
		  "excluded.set_by, set_at = excluded.set_at",
    [S_OVR_DEL] = "DELETE FROM factor_override WHERE year = ?1 AND key = ?2",
    [S_ITEMS_LOAD] = "SELECT id, code, category, unit, alt_units, name_zh, name_en, "
		     "tce_per_unit, ncv_gj_per_unit, cc_tc_per_tj, oxidation, kind, confidence, "
		     "source FROM item ORDER BY id",
    [S_GRID_LOAD] = "SELECT year, grid, kind, kg_co2_per_kwh, confidence, source FROM "
		    "grid_factor ORDER BY year, grid, kind",
    [S_EQUIV_LOAD] = "SELECT year, kgce_per_kwh, confidence, source FROM electricity_equivalent "
		     "ORDER BY year",
    [S_OVR_LOAD] = "SELECT year, key, value, source, set_by, set_at FROM factor_override ORDER "
		   "BY year, key",
    [S_BATCH_INSERT] = "INSERT INTO ledger_batch (at, actor, kind, source) VALUES "
		       "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?1, ?2, ?3)",
    [S_BATCH_UPDATE] = "UPDATE ledger_batch SET inserted = ?2, replaced = ?3, unchanged = ?4 "
		       "WHERE id = ?1",
    [S_BATCH_REPLACED] = "SELECT count(*) FROM audit WHERE batch_id = ?1 AND entity = 'activity'",
    /* A plain insert first (the common case, and measurably faster than an upsert);
     * when the key exists, the update, which writes only a changed value. */
    [S_BATCH_AUDIT] = "INSERT INTO audit (at, actor, action, entity, key, after_json, batch_id) "
		      "SELECT at, actor, 'import', 'ledger_batch', id, json_object('kind', kind, "
		      "'source', source, 'inserted', inserted, 'replaced', replaced, 'unchanged', "
		      "unchanged), id FROM ledger_batch WHERE id = ?1",
    [S_ACT_INSERT] = "INSERT INTO activity (key, quantity, batch_id) VALUES (?1, ?2, ?3)",
    [S_ACT_GET] = "SELECT quantity, batch_id FROM activity WHERE key = ?1",
    [S_ACT_UPDATE] = "UPDATE activity SET quantity = ?2, batch_id = ?3 WHERE key = ?1",
    [S_ACT_RANGE] = "SELECT key, quantity FROM activity WHERE key BETWEEN ?1 AND ?2",
    [S_YEAR_DELETE] = "DELETE FROM activity_year WHERE year = ?1 AND enterprise_id = ?2",
    [S_YEAR_INSERT] = "INSERT INTO activity_year (year, enterprise_id, item_id, quantity, months) "
		      "VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_YEAR_PARK] = "SELECT enterprise_id, item_id, quantity FROM activity_year WHERE year = ?1",
    [S_YEAR_SUBPARK] = "SELECT y.enterprise_id, y.item_id, y.quantity FROM activity_year y "
		       "JOIN enterprise e ON e.id = y.enterprise_id WHERE y.year = ?1 AND "
		       "e.subpark_id = ?2",
    [S_YEAR_ENT] = "SELECT enterprise_id, item_id, quantity FROM activity_year WHERE year = ?1 "
		   "AND enterprise_id = ?2",
    [S_ACT_LIST] = "SELECT a.enterprise_id, e.uscc, a.period, a.item_id, a.quantity, a.batch_id "
		   "FROM activity a JOIN enterprise e ON e.id = a.enterprise_id WHERE a.key "
		   "BETWEEN ?1 AND ?2 AND (?3 = 0 OR a.period / 100 = ?3) AND (?4 = 0 OR "
		   "a.item_id = ?4) ORDER BY a.key",
    [S_SUBPARK_JSON] = "SELECT json_object('name', ?1)",
    [S_YEARS] = "SELECT DISTINCT year FROM activity_year ORDER BY year",
    [S_DATA_VERSION] = "PRAGMA data_version",
    [S_IND_PUT] =
	"INSERT OR REPLACE INTO indicator_def (standard, seq, code, grp, name_zh, "
	"name_en, unit, target, direction, required, variant_of, applies, applies_text, "
	"expr, method, formula, source, confidence, gap_expr, gap_unit) VALUES (?1, ?2, "
	"?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
    [S_IND_LOAD] =
	"SELECT standard, code, grp, name_zh, name_en, unit, target, direction, "
	"required, variant_of, applies, applies_text, expr, method, formula, source, "
	"confidence, gap_expr, gap_unit FROM indicator_def WHERE standard = ?1 ORDER BY seq",
    [S_ATTR_JSON] = "SELECT json_object('year', year, 'code', code, 'value', value, 'source', "
		    "source) FROM park_attribute WHERE year = ?1 AND code = ?2",
    [S_ATTR_SET] = "INSERT INTO park_attribute (year, code, value, source, set_by, set_at) "
		   "VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) ON "
		   "CONFLICT (year, code) DO UPDATE SET value = excluded.value, source = "
		   "excluded.source, set_by = excluded.set_by, set_at = excluded.set_at",
    [S_ATTR_GET] = "SELECT value FROM park_attribute WHERE year = ?1 AND code = ?2",
    [S_TARGET_ADD] = "INSERT INTO target (enterprise_id, metric, path, base_year, target_year, "
		     "amount, note, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
		     "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    [S_TARGET_JSON] = "SELECT json_object('id', t.id, 'enterprise', e.uscc, 'metric', t.metric, "
		      "'path', t.path, 'base_year', t.base_year, 'target_year', t.target_year, "
		      "'amount', t.amount, 'note', t.note) FROM target t LEFT JOIN enterprise e ON "
		      "e.id = t.enterprise_id WHERE t.id = ?1",
    [S_TARGET_LIST] =
	"SELECT t.id, coalesce(t.enterprise_id, 0), coalesce(e.uscc, ''), t.metric, "
	"t.path, t.base_year, coalesce(t.target_year, 0), t.amount, t.note, t.set_by, "
	"t.set_at FROM target t LEFT JOIN enterprise e ON e.id = t.enterprise_id "
	"ORDER BY t.id",
    [S_TARGET_DEL] = "DELETE FROM target WHERE id = ?1",
    [S_MONTH_ROWS] =
	"SELECT a.enterprise_id, a.period, a.item_id, a.quantity FROM activity a "
	"JOIN enterprise e ON e.id = a.enterprise_id WHERE a.key BETWEEN ?1 AND ?2 "
	"AND a.period BETWEEN ?3 AND ?4 AND (?5 = 0 OR e.subpark_id = ?5) ORDER BY a.key",
    [S_USER_INSERT] =
	"INSERT INTO app_user (name, role, enterprise_id, bank, password_hash, "
	"created_at) VALUES (?1, ?2, (SELECT id FROM enterprise WHERE uscc = ?3), ?4, "
	"?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    [S_USER_JSON] = "SELECT json_object('name', u.name, 'role', u.role, 'enterprise', e.uscc, "
		    "'bank', u.bank)" USER_FROM "WHERE u.name = ?1",
    [S_USER_PASSWORD] = "UPDATE app_user SET password_hash = ?2 WHERE name = ?1",
    [S_USER_DELETE] = "DELETE FROM app_user WHERE name = ?1",
    [S_USER_FIND] = "SELECT " USER_COLS ", u.password_hash" USER_FROM "WHERE u.name = ?1",
    [S_USER_LIST] = "SELECT " USER_COLS USER_FROM "ORDER BY u.id",
    [S_SESSION_INSERT] = "INSERT INTO session (token_hash, user_id, csrf, created_at, last_seen, "
			 "expires_at) VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
    [S_SESSION_GET] = "SELECT " USER_COLS ", s.csrf, s.last_seen FROM session s JOIN app_user u "
		      "ON u.id = s.user_id LEFT JOIN enterprise e ON e.id = u.enterprise_id "
		      "WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.last_seen > ?2 - ?3",
    [S_SESSION_TOUCH] = "UPDATE session SET last_seen = ?2 WHERE token_hash = ?1",
    [S_SESSION_DELETE] = "DELETE FROM session WHERE token_hash = ?1",
    [S_SESSION_PURGE] = "DELETE FROM session WHERE expires_at <= ?1",
    [S_TOKEN_INSERT] = "INSERT INTO api_token (token_hash, user_id, created_at) VALUES (?1, ?2, "
		       "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    [S_TOKEN_GET] = "SELECT " USER_COLS " FROM api_token t JOIN app_user u ON u.id = t.user_id "
		    "LEFT JOIN enterprise e ON e.id = u.enterprise_id WHERE t.token_hash = ?1",
    [S_FAIL_INSERT] = "INSERT INTO login_failure (key, at) VALUES (?1, ?2)",
    [S_FAIL_COUNT] = "SELECT count(*) FROM login_failure WHERE key = ?1 AND at > ?2",
    [S_FAIL_CLEAR] = "DELETE FROM login_failure WHERE key = ?1",
    [S_FAIL_PURGE] = "DELETE FROM login_failure WHERE at < ?1",
    [S_ENT_LIST] =
	"SELECT e.id, e.uscc, e.name, coalesce(s.name, ''), e.industry_code, "
	"e.leading_industry, e.high_tech, e.srdi, e.employees, e.land_m2 FROM enterprise e "
	"LEFT JOIN subpark s ON s.id = e.subpark_id WHERE (?1 IS NULL OR s.name = ?1) "
	"AND (?2 IS NULL OR substr(e.industry_code, 1, length(?2)) = ?2) AND (?3 IS NULL "
	"OR e.leading_industry = ?3) AND (?4 < 0 OR e.high_tech = ?4) AND (?5 < 0 OR "
	"e.srdi = ?5) ORDER BY e.id",
    [S_AUDIT_LIST] = "SELECT id, at, actor, action, entity, key, before_json, after_json FROM "
		     "audit WHERE (?2 IS NULL OR entity = ?2) ORDER BY id DESC LIMIT ?1",
};

struct store {
	sqlite3 *db;
	char path[1024];
	sqlite3_stmt *stmt[S_COUNT];
	sqlite3_stmt *mstmt[SQ_MODULE_STMTS]; /* the module files' statements */
	int savepoint_depth;
	/* the open batch */
	int64_t batch;
	struct u64map touched; /* (enterprise << 16 | year) → 1 */
	uint64_t last_touched; /* rows come grouped: skip the map for a repeat */
	struct u64map kept;    /* keys this batch wrote with an unchanged value */
	long long changed, unchanged;
	int wal_pages; /* frames in the WAL after this connection's last commit (wal hook) */
};

const char *sq_path(const struct store *st)
{
	return st->path;
}

int sq_db_err(struct store *st, struct gp_err *err, const char *what)
{
	int code = sqlite3_extended_errcode(st->db);
	enum gp_status status = GP_ESTORE;

	if ((code & 0xff) == SQLITE_CONSTRAINT)
		status = GP_ECONFLICT;
	return gp_err_set(err, status, "store %s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

/* Steps s (prepared and bound) to its end, one zeroed elem-byte row per result filled
 * by row(), and hands the rows to *out and *n (the caller frees *out). Resets s;
 * on a database error frees the rows and names what in the message. */
int sq_collect_rows(struct store *st, sqlite3_stmt *s, size_t elem,
		    void (*row)(sqlite3_stmt *, void *), const char *what, void **out, size_t *n,
		    struct gp_err *err)
{
	char *list = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return GP_ESTORE;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		xgrow((void **)&list, elem, len + 1, &cap);
		memset(list + len * elem, 0, elem);
		row(s, list + len++ * elem);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(list);
		return sq_db_err(st, err, what);
	}
	*out = list;
	*n = len;
	return GP_OK;
}

/* The statement cached in *slot (prepared from sql on first use), reset and with
 * bindings cleared; NULL with err set when it does not prepare. */
static sqlite3_stmt *cached(struct store *st, sqlite3_stmt **slot, const char *sql,
			    struct gp_err *err)
{
	if (!*slot) {
		if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) !=
		    SQLITE_OK) {
			*slot = NULL;
			sq_db_err(st, err, "prepare");
			return NULL;
		}
	} else {
		sqlite3_reset(*slot);
		sqlite3_clear_bindings(*slot);
	}
	return *slot;
}

/* Returns the core's cached statement id. */
static sqlite3_stmt *stmt(struct store *st, enum stmt_id id, struct gp_err *err)
{
	return cached(st, &st->stmt[id], stmt_sql[id], err);
}

sqlite3_stmt *sq_stmt(struct store *st, int slot, const char *sql, struct gp_err *err)
{
	if (slot < 0 || slot >= SQ_MODULE_STMTS) {
		gp_err_set(err, GP_ESTORE, "store: statement slot %d out of range", slot);
		return NULL;
	}
	return cached(st, &st->mstmt[slot], sql, err);
}

int sq_lookup_id(struct store *st, sqlite3_stmt *s, const char *key, int64_t *id, const char *what,
		 struct gp_err *err)
{
	int rc;

	*id = 0;
	if (!s)
		return GP_ESTORE;
	sq_bind_text(s, 1, key);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return GP_OK;
	return rc == SQLITE_DONE ? GP_ENOTFOUND : sq_db_err(st, err, what);
}

int64_t sq_last_rowid(struct store *st)
{
	return sqlite3_last_insert_rowid(st->db);
}

int sq_changes(struct store *st)
{
	return sqlite3_changes(st->db);
}

char *sq_json_row(sqlite3_stmt *s)
{
	char *out = NULL;

	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		out = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return out;
}

void sq_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

void sq_bind_double_or_null(sqlite3_stmt *s, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_double(s, i, v);
}

void sq_col_text(sqlite3_stmt *s, int i, char *out, size_t outsz)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	str_copy(out, outsz, t ? (const char *)t : "");
}

double sq_col_double_or_nan(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

/* Runs a statement that returns no rows (or ignores them). */
int sq_step_done(struct store *st, sqlite3_stmt *s, struct gp_err *err, const char *what)
{
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		return sq_db_err(st, err, what);
	return GP_OK;
}

int sq_exec(struct store *st, const char *sql, struct gp_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		gp_err_set(err, GP_ESTORE, "store %s: %s", st->path, msg ? msg : "error");
		sqlite3_free(msg);
		return GP_ESTORE;
	}
	return GP_OK;
}

/* Single writes run inside a savepoint, so they are atomic whether or not the
 * caller has a transaction open. */
int sq_sp_begin(struct store *st, struct gp_err *err)
{
	return sq_exec(st, "SAVEPOINT w", err);
}

int sq_sp_end(struct store *st, int rc)
{
	if (rc == GP_OK) {
		if (sq_exec(st, "RELEASE w", NULL) == GP_OK)
			return GP_OK;
		rc = GP_ESTORE;
	}
	sq_exec(st, "ROLLBACK TO w", NULL);
	sq_exec(st, "RELEASE w", NULL);
	return rc;
}

/* Returns the JSON text of one row via a json_object statement, or NULL. */
static char *row_json(struct store *st, enum stmt_id id, int64_t rowid, int year, const char *key)
{
	sqlite3_stmt *s = stmt(st, id, NULL);

	if (!s)
		return NULL;
	if (key) {
		sqlite3_bind_int(s, 1, year);
		sq_bind_text(s, 2, key);
	} else if (id != S_PARK_JSON) {
		sqlite3_bind_int64(s, 1, rowid);
	}
	return sq_json_row(s);
}

int sq_audit_add(struct store *st, const char *actor, const char *action, const char *entity,
		 const char *key, const char *before_json, const char *after_json,
		 struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_AUDIT_ADD, err);
	if (!s)
		return GP_ESTORE;
	sq_bind_text(s, 1, actor);
	sq_bind_text(s, 2, action);
	sq_bind_text(s, 3, entity);
	sq_bind_text(s, 4, key);
	sq_bind_text(s, 5, before_json);
	sq_bind_text(s, 6, after_json);
	return sq_step_done(st, s, err, "audit");
}

static int sq_audit_list(struct store *st, int limit, const char *entity, struct audit_entry **out,
			 size_t *n, struct gp_err *err)
{
	sqlite3_stmt *s;
	struct audit_entry *list = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!(s = stmt(st, S_AUDIT_LIST, err)))
		return GP_ESTORE;
	sqlite3_bind_int(s, 1, limit);
	sq_bind_text(s, 2, entity);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct audit_entry *e;
		XGROW(list, len + 1, cap);
		e = &list[len++];
		e->id = sqlite3_column_int64(s, 0);
		sq_col_text(s, 1, e->at, sizeof(e->at));
		sq_col_text(s, 2, e->actor, sizeof(e->actor));
		sq_col_text(s, 3, e->action, sizeof(e->action));
		sq_col_text(s, 4, e->entity, sizeof(e->entity));
		sq_col_text(s, 5, e->key, sizeof(e->key));
		e->before = sqlite3_column_text(s, 6)
				? xstrdup((const char *)sqlite3_column_text(s, 6))
				: NULL;
		e->after = sqlite3_column_text(s, 7)
			       ? xstrdup((const char *)sqlite3_column_text(s, 7))
			       : NULL;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		audit_entries_free(list, len);
		return sq_db_err(st, err, "audit list");
	}
	*out = list;
	*n = len;
	return GP_OK;
}

/* ---- lifecycle and schema ---- */

static int sq_schema_version(struct store *st, int *version, struct gp_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*version = 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
			       "'schema_version'",
			       -1, &s, NULL) != SQLITE_OK)
		return sq_db_err(st, err, "schema version");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_int(s, 0) == 0) {
		sqlite3_finalize(s);
		return GP_OK;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return sq_db_err(st, err, "schema version");
	if (sqlite3_prepare_v2(st->db, "SELECT coalesce(max(version), 0) FROM schema_version", -1,
			       &s, NULL) != SQLITE_OK)
		return sq_db_err(st, err, "schema version");
	if (sqlite3_step(s) == SQLITE_ROW)
		*version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return GP_OK;
}

static int sq_migrate(struct store *st, int *from, int *to, struct gp_err *err)
{
	int v, rc;

	if ((rc = sq_exec(st, "BEGIN IMMEDIATE", err)) != GP_OK)
		return rc;
	if ((rc = sq_exec(st,
			  "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
			  "name TEXT NOT NULL, applied_at TEXT NOT NULL)",
			  err)) != GP_OK ||
	    (rc = sq_schema_version(st, &v, err)) != GP_OK)
		goto fail;
	*from = v;
	if (v > schema_sqlite_count) {
		rc = gp_err_set(err, GP_ESCHEMA,
				"store %s has schema version %d, newer than this greenpark (%d): "
				"use a newer greenpark",
				st->path, v, schema_sqlite_count);
		goto fail;
	}
	for (int i = v; i < schema_sqlite_count; i++) {
		const struct schema_migration *m = &schema_sqlite_migrations[i];
		sqlite3_stmt *s;
		if ((rc = sq_exec(st, m->sql, err)) != GP_OK)
			goto fail;
		if (sqlite3_prepare_v2(
			st->db,
			"INSERT INTO schema_version (version, name, applied_at) VALUES (?1, "
			"?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
			-1, &s, NULL) != SQLITE_OK) {
			rc = sq_db_err(st, err, "schema version");
			goto fail;
		}
		sqlite3_bind_int(s, 1, m->version);
		sq_bind_text(s, 2, m->name);
		rc = sq_step_done(st, s, err, "schema version");
		sqlite3_finalize(s);
		if (rc != GP_OK)
			goto fail;
	}
	*to = schema_sqlite_count;
	return sq_exec(st, "COMMIT", err);
fail:
	sq_exec(st, "ROLLBACK", NULL);
	return rc;
}

static void sq_close(struct store *st)
{
	if (!st)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	for (int i = 0; i < SQ_MODULE_STMTS; i++)
		sqlite3_finalize(st->mstmt[i]);
	if (st->db)
		sqlite3_close(st->db);
	u64map_release(&st->touched);
	u64map_release(&st->kept);
	free(st);
}

static int sq_open(const char *uri, enum store_open_mode mode, struct store **out,
		   struct gp_err *err)
{
	struct store *st;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc, version;

	*out = NULL;
	if (mode == STORE_OPEN_EXISTING && access(uri, F_OK) != 0)
		return gp_err_set(
		    err, GP_ESCHEMA,
		    "store %s does not exist: run 'greenpark init' (or pass --db PATH)", uri);
	if (mode == STORE_OPEN_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	/* No memory statistics: they take a global mutex on every allocation. Only
	 * possible before SQLite initializes; later calls fail harmlessly. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	st = xcalloc(1, sizeof(*st));
	str_copy(st->path, sizeof(st->path), uri);
	u64map_init(&st->touched);
	u64map_init(&st->kept);
	if (sqlite3_open_v2(uri, &st->db, flags, NULL) != SQLITE_OK) {
		rc = gp_err_set(err, GP_ESTORE, "store %s: cannot open: %s", uri,
				st->db ? sqlite3_errmsg(st->db) : "out of memory");
		sq_close(st);
		return rc;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 10000);
	/* auto_vacuum: takes effect only in a file without tables (a new store), where it lets
	 * sq_reclaim return free pages; an older store keeps its mode (a no-op there).
	 * WAL: readers never block the writer. synchronous=FULL: a commit that returned
	 * is on disk, so acknowledged writes survive kill -9 and power loss.
	 * foreign_keys: SQLite's default is off. */
	if ((rc = sq_exec(
		 st,
		 "PRAGMA auto_vacuum = INCREMENTAL; "
		 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = "
		 "ON; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY",
		 err)) != GP_OK) {
		sq_close(st);
		return rc;
	}
	if (mode == STORE_OPEN_EXISTING) {
		if ((rc = sq_schema_version(st, &version, err)) != GP_OK) {
			sq_close(st);
			return rc;
		}
		if (version != schema_sqlite_count) {
			rc = gp_err_set(err, GP_ESCHEMA,
					version < schema_sqlite_count
					    ? "store %s has schema version %d; this greenpark "
					      "needs %d: run 'greenpark init' to migrate it"
					    : "store %s has schema version %d, newer than this "
					      "greenpark's %d: use a newer greenpark",
					uri, version, schema_sqlite_count);
			sq_close(st);
			return rc;
		}
	}
	*out = st;
	return GP_OK;
}

static int sq_data_version(struct store *st, long long *version, struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_DATA_VERSION, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	rc = sqlite3_step(s);
	*version = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? GP_OK : sq_db_err(st, err, "data version");
}

static int sq_begin(struct store *st, struct gp_err *err)
{
	return sq_exec(st, "BEGIN IMMEDIATE", err);
}

static int wal_seen(void *arg, sqlite3 *db, const char *name, int pages)
{
	(void)db;
	(void)name;
	((struct store *)arg)->wal_pages = pages;
	return SQLITE_OK;
}

static int sq_tune(struct store *st, enum store_tune t, struct gp_err *err)
{
	int rc = sq_exec(st,
			 t == STORE_TUNE_SETTLER
			     ? "PRAGMA wal_autocheckpoint = 0; PRAGMA synchronous = NORMAL"
			     : "PRAGMA wal_autocheckpoint = 0",
			 err);
	/* after the pragma, which sets a WAL hook of its own (sqlite3_wal_autocheckpoint) */
	if (rc == GP_OK && t == STORE_TUNE_SETTLER)
		sqlite3_wal_hook(st->db, wal_seen, st);
	return rc;
}

static int sq_checkpoint(struct store *st, long min_pages, struct gp_err *err)
{
	int rc;

	if (st->wal_pages < min_pages)
		return GP_OK;
	rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	st->wal_pages = 0;
	return rc == SQLITE_OK || rc == SQLITE_BUSY ? GP_OK : sq_db_err(st, err, "checkpoint");
}

static int sq_reclaim(struct store *st, long min_pages, struct gp_err *err)
{
	sqlite3_stmt *s = NULL;
	long long free_pages = 0;
	int rc;

	if (sqlite3_prepare_v2(st->db, "PRAGMA freelist_count", -1, &s, NULL) != SQLITE_OK)
		return sq_db_err(st, err, "freelist count");
	if (sqlite3_step(s) == SQLITE_ROW)
		free_pages = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (free_pages < min_pages || free_pages == 0)
		return GP_OK;
	/* in a store without auto_vacuum the pragma does nothing */
	rc = sq_exec(st, "PRAGMA incremental_vacuum", err);
	return rc;
}

static int sq_begin_read(struct store *st, struct gp_err *err)
{
	return sq_exec(st, "BEGIN DEFERRED", err);
}

static int sq_commit(struct store *st, struct gp_err *err)
{
	return sq_exec(st, "COMMIT", err);
}

static void sq_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sq_exec(st, "ROLLBACK", NULL);
}

/* ---- park and sub-parks ---- */

static int sq_park_get(struct store *st, struct park *p, struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_PARK_GET, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE
			   ? gp_err_set(err, GP_ENOTFOUND, "store %s has no park", st->path)
			   : sq_db_err(st, err, "park");
	}
	p->id = sqlite3_column_int64(s, 0);
	sq_col_text(s, 1, p->name, sizeof(p->name));
	sq_col_text(s, 2, p->region, sizeof(p->region));
	sq_col_text(s, 3, p->grid, sizeof(p->grid));
	p->land_km2 = sqlite3_column_double(s, 4);
	sq_col_text(s, 5, p->timezone, sizeof(p->timezone));
	p->sample = sqlite3_column_int(s, 6) != 0;
	sqlite3_reset(s);
	return GP_OK;
}

static int sq_park_update(struct store *st, const struct park *p, const char *actor,
			  struct gp_err *err)
{
	char *before = NULL, *after = NULL;
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	before = row_json(st, S_PARK_JSON, 0, 0, NULL);
	if (!(s = stmt(st, S_PARK_UPDATE, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sq_bind_text(s, 1, p->name);
	sq_bind_text(s, 2, p->region);
	sq_bind_text(s, 3, p->grid);
	sqlite3_bind_double(s, 4, p->land_km2);
	sq_bind_text(s, 5, p->timezone);
	sqlite3_bind_int(s, 6, p->sample);
	if ((rc = sq_step_done(st, s, err, "park update")) != GP_OK)
		goto done;
	after = row_json(st, S_PARK_JSON, 0, 0, NULL);
	if (before && after && strcmp(before, after) == 0)
		goto done;
	rc = sq_audit_add(st, actor, "update", "park", "1", before, after, err);
done:
	free(before);
	free(after);
	return sq_sp_end(st, rc);
}

static int sq_subpark_find(struct store *st, const char *name, int64_t *id, struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_SUBPARK_FIND, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	sq_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return GP_OK;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sq_db_err(st, err, "sub-park");
	return gp_err_set(err, GP_ENOTFOUND, "no sub-park named '%s' (see 'greenpark subparks')",
			  name);
}

static int sq_subpark_ensure(struct store *st, const char *name, const char *actor, int64_t *id,
			     bool *created, struct gp_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*created = false;
	rc = sq_subpark_find(st, name, id, err);
	if (rc != GP_ENOTFOUND)
		return rc;
	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (!(s = stmt(st, S_SUBPARK_INSERT, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sq_bind_text(s, 1, name);
	if ((rc = sq_step_done(st, s, err, "sub-park insert")) != GP_OK)
		goto done;
	*id = sqlite3_last_insert_rowid(st->db);
	*created = true;
	{
		/* the database builds the JSON so that the name is escaped correctly */
		sqlite3_stmt *j = stmt(st, S_SUBPARK_JSON, err);
		char *json = NULL;
		if (j) {
			sq_bind_text(j, 1, name);
			if (sqlite3_step(j) == SQLITE_ROW)
				json = xstrdup((const char *)sqlite3_column_text(j, 0));
			sqlite3_reset(j);
		}
		rc = sq_audit_add(st, actor, "insert", "subpark", name, NULL, json, err);
		free(json);
	}
done:
	return sq_sp_end(st, rc);
}

static void read_subpark(sqlite3_stmt *s, void *row)
{
	struct subpark *sp = row;
	sp->id = sqlite3_column_int64(s, 0);
	sq_col_text(s, 1, sp->name, sizeof(sp->name));
	sp->enterprises = sqlite3_column_int(s, 2);
}

static int sq_subpark_list(struct store *st, struct subpark **out, size_t *n, struct gp_err *err)
{
	return sq_collect_rows(st, stmt(st, S_SUBPARK_LIST, err), sizeof(**out), read_subpark,
			       "sub-park list", (void **)out, n, err);
}

/* ---- enterprises ---- */

static void read_enterprise(sqlite3_stmt *s, struct enterprise *e)
{
	char leading[32];

	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(s, 0);
	sq_col_text(s, 1, e->uscc, sizeof(e->uscc));
	sq_col_text(s, 2, e->name, sizeof(e->name));
	sq_col_text(s, 3, e->subpark, sizeof(e->subpark));
	sq_col_text(s, 4, e->industry_code, sizeof(e->industry_code));
	sq_col_text(s, 5, leading, sizeof(leading));
	if (leading_industry_parse(leading, &e->leading, NULL) != GP_OK)
		e->leading = LEADING_OTHER;
	e->high_tech = sqlite3_column_int(s, 6) != 0;
	e->srdi = sqlite3_column_int(s, 7) != 0;
	e->employees = sqlite3_column_int64(s, 8);
	e->land_m2 = sqlite3_column_double(s, 9);
}

static int sq_enterprise_find(struct store *st, const char *uscc, struct enterprise *out,
			      struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_ENT_FIND, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	sq_bind_text(s, 1, uscc);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_enterprise(s, out);
		sqlite3_reset(s);
		return GP_OK;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sq_db_err(st, err, "enterprise");
	return gp_err_set(
	    err, GP_ENOTFOUND,
	    "no enterprise with uscc '%s' (import it with 'greenpark import enterprises')", uscc);
}

static void bind_enterprise(sqlite3_stmt *s, int first, const struct enterprise *e,
			    int64_t subpark_id)
{
	sq_bind_text(s, first, e->name);
	if (subpark_id > 0)
		sqlite3_bind_int64(s, first + 1, subpark_id);
	else
		sqlite3_bind_null(s, first + 1);
	sq_bind_text(s, first + 2, e->industry_code);
	sq_bind_text(s, first + 3, leading_industry_name(e->leading));
	sqlite3_bind_int(s, first + 4, e->high_tech);
	sqlite3_bind_int(s, first + 5, e->srdi);
	sqlite3_bind_int64(s, first + 6, e->employees);
	sqlite3_bind_double(s, first + 7, e->land_m2);
}

static int sq_enterprise_upsert(struct store *st, const struct enterprise *e, const char *actor,
				int64_t *id, enum put_result *res, struct gp_err *err)
{
	struct enterprise old = {0};
	struct gp_err ferr;
	int64_t subpark_id = 0;
	char *before = NULL, *after = NULL;
	sqlite3_stmt *s;
	int rc;

	if (e->subpark[0] && (rc = sq_subpark_find(st, e->subpark, &subpark_id, err)) != GP_OK)
		return rc;
	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	rc = sq_enterprise_find(st, e->uscc, &old, &ferr);
	if (rc == GP_OK) {
		*id = old.id;
		before = row_json(st, S_ENT_JSON, old.id, 0, NULL);
		if (!(s = stmt(st, S_ENT_UPDATE, err))) {
			rc = GP_ESTORE;
			goto done;
		}
		sqlite3_bind_int64(s, 1, old.id);
		bind_enterprise(s, 2, e, subpark_id);
		if ((rc = sq_step_done(st, s, err, "enterprise update")) != GP_OK)
			goto done;
		after = row_json(st, S_ENT_JSON, old.id, 0, NULL);
		if (before && after && strcmp(before, after) == 0) {
			*res = PUT_UNCHANGED;
			goto done;
		}
		*res = PUT_REPLACED;
		rc = sq_audit_add(st, actor, "update", "enterprise", e->uscc, before, after, err);
	} else if (rc == GP_ENOTFOUND) {
		if (!(s = stmt(st, S_ENT_INSERT, err))) {
			rc = GP_ESTORE;
			goto done;
		}
		sq_bind_text(s, 1, e->uscc);
		bind_enterprise(s, 2, e, subpark_id);
		if ((rc = sq_step_done(st, s, err, "enterprise insert")) != GP_OK)
			goto done;
		*id = sqlite3_last_insert_rowid(st->db);
		*res = PUT_INSERTED;
		after = row_json(st, S_ENT_JSON, *id, 0, NULL);
		rc = sq_audit_add(st, actor, "insert", "enterprise", e->uscc, NULL, after, err);
	} else {
		if (err)
			*err = ferr;
	}
done:
	free(before);
	free(after);
	return sq_sp_end(st, rc);
}

static void enterprise_row(sqlite3_stmt *s, void *row)
{
	read_enterprise(s, row);
}

static int sq_enterprise_list(struct store *st, const struct enterprise_filter *f,
			      struct enterprise **out, size_t *n, struct gp_err *err)
{
	sqlite3_stmt *s;

	*out = NULL;
	*n = 0;
	if (!(s = stmt(st, S_ENT_LIST, err)))
		return GP_ESTORE;
	sq_bind_text(s, 1, f ? f->subpark : NULL);
	sq_bind_text(s, 2, f ? f->industry : NULL);
	sq_bind_text(s, 3,
		     f && f->leading >= 0 ? leading_industry_name((enum leading_industry)f->leading)
					  : NULL);
	sqlite3_bind_int(s, 4, f ? f->high_tech : -1);
	sqlite3_bind_int(s, 5, f ? f->srdi : -1);
	return sq_collect_rows(st, s, sizeof(**out), enterprise_row, "enterprise list",
			       (void **)out, n, err);
}

static int sq_enterprise_ids(struct store *st, void (*fn)(void *, const char *, int64_t), void *arg,
			     struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_ENT_IDS, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(arg, (const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? GP_OK : sq_db_err(st, err, "enterprise ids");
}

/* ---- platforms ---- */

static int sq_platform_upsert(struct store *st, const struct platform *p, const char *actor,
			      enum put_result *res, struct gp_err *err)
{
	sqlite3_stmt *s;
	int64_t id = 0;
	char *before = NULL, *after = NULL;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (!(s = stmt(st, S_PLATFORM_FIND, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sq_bind_text(s, 1, p->name);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (id) {
		before = row_json(st, S_PLATFORM_JSON, id, 0, NULL);
		s = stmt(st, S_PLATFORM_UPDATE, err);
		sqlite3_bind_int64(s, 1, id);
	} else {
		s = stmt(st, S_PLATFORM_INSERT, err);
		sq_bind_text(s, 1, p->name);
	}
	sq_bind_text(s, 2, platform_level_name(p->level));
	sq_bind_text(s, 3, platform_kind_name(p->kind));
	sq_bind_text(s, 4, p->uscc[0] ? p->uscc : NULL);
	sqlite3_bind_int(s, 5, p->year);
	if ((rc = sq_step_done(st, s, err, "platform")) != GP_OK)
		goto done;
	if (!id)
		id = sqlite3_last_insert_rowid(st->db);
	after = row_json(st, S_PLATFORM_JSON, id, 0, NULL);
	if (before && after && strcmp(before, after) == 0) {
		*res = PUT_UNCHANGED;
		goto done;
	}
	*res = before ? PUT_REPLACED : PUT_INSERTED;
	rc = sq_audit_add(st, actor, before ? "update" : "insert", "platform", p->name, before,
			  after, err);
done:
	free(before);
	free(after);
	return sq_sp_end(st, rc);
}

static void read_platform(sqlite3_stmt *s, void *row)
{
	struct platform *p = row;
	char v[32];

	p->id = sqlite3_column_int64(s, 0);
	sq_col_text(s, 1, p->name, sizeof(p->name));
	sq_col_text(s, 2, v, sizeof(v));
	platform_level_parse(v, &p->level, NULL);
	sq_col_text(s, 3, v, sizeof(v));
	platform_kind_parse(v, &p->kind, NULL);
	sq_col_text(s, 4, p->uscc, sizeof(p->uscc));
	p->year = sqlite3_column_int(s, 5);
}

static int sq_platform_list(struct store *st, struct platform **out, size_t *n, struct gp_err *err)
{
	return sq_collect_rows(st, stmt(st, S_PLATFORM_LIST, err), sizeof(**out), read_platform,
			       "platform list", (void **)out, n, err);
}

/* ---- factor library ---- */

static int sq_item_put(struct store *st, const struct item *it, const char *alt_units,
		       struct gp_err *err)
{
	sqlite3_int64 id;
	sqlite3_stmt *s = stmt(st, S_ITEM_PUT, err);
	char tce[64];
	int rc;

	if (!s)
		return GP_ESTORE;
	if (it->tce_from_ncv)
		str_copy(tce, sizeof(tce), "ncv");
	else if (isnan(it->tce_per_unit))
		tce[0] = '\0';
	else
		str_fmt(tce, sizeof(tce), "%.17g", it->tce_per_unit);
	sq_bind_text(s, 1, it->code);
	sq_bind_text(s, 2, it->category);
	sq_bind_text(s, 3, it->unit);
	sq_bind_text(s, 4, alt_units);
	sq_bind_text(s, 5, it->name_zh);
	sq_bind_text(s, 6, it->name_en);
	sq_bind_text(s, 7, tce);
	sq_bind_double_or_null(s, 8, it->ncv_gj_per_unit);
	sq_bind_double_or_null(s, 9, it->cc_tc_per_tj);
	sq_bind_double_or_null(s, 10, it->oxidation);
	sq_bind_text(s, 11, item_kind_name(it->kind));
	sq_bind_text(s, 12, confidence_name(it->confidence));
	sq_bind_text(s, 13, it->source);
	/* RETURNING gives the row's id whether it was inserted or updated */
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return sq_db_err(st, err, "item");
	}
	id = sqlite3_column_int64(s, 0);
	if ((rc = sq_step_done(st, s, err, "item")) != GP_OK)
		return rc;
	if (id > ITEM_ID_MAX)
		return gp_err_set(err, GP_ETOOBIG, "more than %d items in the library",
				  ITEM_ID_MAX);
	return GP_OK;
}

static int sq_grid_factor_put(struct store *st, const struct grid_factor *g, struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_GRID_PUT, err);
	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int(s, 1, g->year);
	sq_bind_text(s, 2, g->grid);
	sq_bind_text(s, 3, g->kind);
	sqlite3_bind_double(s, 4, g->kg_co2_per_kwh);
	sq_bind_text(s, 5, confidence_name(g->confidence));
	sq_bind_text(s, 6, g->source);
	return sq_step_done(st, s, err, "grid factor");
}

static int sq_equivalent_put(struct store *st, const struct equivalent_factor *e,
			     struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_EQUIV_PUT, err);
	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int(s, 1, e->year);
	sqlite3_bind_double(s, 2, e->kgce_per_kwh);
	sq_bind_text(s, 3, confidence_name(e->confidence));
	sq_bind_text(s, 4, e->source);
	return sq_step_done(st, s, err, "electricity equivalent");
}

static int sq_override_set(struct store *st, const struct factor_override *o, const char *actor,
			   struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before, *after = NULL, key[160];
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	before = row_json(st, S_OVR_JSON, 0, o->year, o->key);
	if (!(s = stmt(st, S_OVR_PUT, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int(s, 1, o->year);
	sq_bind_text(s, 2, o->key);
	sqlite3_bind_double(s, 3, o->value);
	sq_bind_text(s, 4, o->source);
	sq_bind_text(s, 5, actor);
	if ((rc = sq_step_done(st, s, err, "factor override")) != GP_OK)
		goto done;
	after = row_json(st, S_OVR_JSON, 0, o->year, o->key);
	str_fmt(key, sizeof(key), "%d/%s", o->year, o->key);
	rc = sq_audit_add(st, actor, before ? "update" : "insert", "factor_override", key, before,
			  after, err);
done:
	free(before);
	free(after);
	return sq_sp_end(st, rc);
}

static int sq_override_unset(struct store *st, int year, const char *key, const char *actor,
			     bool *found, struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before, akey[160];
	int rc;

	*found = false;
	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	before = row_json(st, S_OVR_JSON, 0, year, key);
	if (!before)
		goto done;
	if (!(s = stmt(st, S_OVR_DEL, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int(s, 1, year);
	sq_bind_text(s, 2, key);
	if ((rc = sq_step_done(st, s, err, "factor override delete")) != GP_OK)
		goto done;
	*found = true;
	str_fmt(akey, sizeof(akey), "%d/%s", year, key);
	rc = sq_audit_add(st, actor, "delete", "factor_override", akey, before, NULL, err);
done:
	free(before);
	return sq_sp_end(st, rc);
}

static int sq_factors_load(struct store *st, struct factor_lib *lib, struct gp_err *err)
{
	sqlite3_stmt *s;
	int rc;

	factors_init(lib);
	if (!(s = stmt(st, S_ITEMS_LOAD, err)))
		return GP_ESTORE;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct item it;
		char tce[64], alt[256], kind[32], conf[32];
		memset(&it, 0, sizeof(it));
		it.id = sqlite3_column_int64(s, 0);
		sq_col_text(s, 1, it.code, sizeof(it.code));
		sq_col_text(s, 2, it.category, sizeof(it.category));
		sq_col_text(s, 3, it.unit, sizeof(it.unit));
		sq_col_text(s, 4, alt, sizeof(alt));
		sq_col_text(s, 5, it.name_zh, sizeof(it.name_zh));
		sq_col_text(s, 6, it.name_en, sizeof(it.name_en));
		sq_col_text(s, 7, tce, sizeof(tce));
		it.tce_from_ncv = strcmp(tce, "ncv") == 0;
		it.tce_per_unit = (!tce[0] || it.tce_from_ncv) ? NAN : strtod(tce, NULL);
		it.ncv_gj_per_unit = sq_col_double_or_nan(s, 8);
		it.cc_tc_per_tj = sq_col_double_or_nan(s, 9);
		it.oxidation = sq_col_double_or_nan(s, 10);
		sq_col_text(s, 11, kind, sizeof(kind));
		sq_col_text(s, 12, conf, sizeof(conf));
		sq_col_text(s, 13, it.source, sizeof(it.source));
		if (item_kind_parse(kind, &it.kind) != GP_OK ||
		    confidence_parse(conf, &it.confidence) != GP_OK ||
		    item_prepare(&it, alt, err) != GP_OK) {
			sqlite3_reset(s);
			factors_release(lib);
			return gp_err_set(err, GP_ESTORE, "store %s: item %s is malformed",
					  st->path, it.code);
		}
		factors_add_item(lib, &it);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		goto fail;
	factors_index(lib);
	if (!(s = stmt(st, S_GRID_LOAD, err)))
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct grid_factor g;
		char conf[32];
		memset(&g, 0, sizeof(g));
		g.year = sqlite3_column_int(s, 0);
		sq_col_text(s, 1, g.grid, sizeof(g.grid));
		sq_col_text(s, 2, g.kind, sizeof(g.kind));
		g.kg_co2_per_kwh = sqlite3_column_double(s, 3);
		sq_col_text(s, 4, conf, sizeof(conf));
		confidence_parse(conf, &g.confidence);
		sq_col_text(s, 5, g.source, sizeof(g.source));
		factors_add_grid(lib, &g);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		goto fail;
	if (!(s = stmt(st, S_EQUIV_LOAD, err)))
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct equivalent_factor e;
		char conf[32];
		memset(&e, 0, sizeof(e));
		e.year = sqlite3_column_int(s, 0);
		e.kgce_per_kwh = sqlite3_column_double(s, 1);
		sq_col_text(s, 2, conf, sizeof(conf));
		confidence_parse(conf, &e.confidence);
		sq_col_text(s, 3, e.source, sizeof(e.source));
		factors_add_equivalent(lib, &e);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		goto fail;
	if (!(s = stmt(st, S_OVR_LOAD, err)))
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct factor_override o;
		memset(&o, 0, sizeof(o));
		o.year = sqlite3_column_int(s, 0);
		sq_col_text(s, 1, o.key, sizeof(o.key));
		o.value = sqlite3_column_double(s, 2);
		sq_col_text(s, 3, o.source, sizeof(o.source));
		sq_col_text(s, 4, o.set_by, sizeof(o.set_by));
		sq_col_text(s, 5, o.set_at, sizeof(o.set_at));
		factors_add_override(lib, &o);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		goto fail;
	return GP_OK;
fail:
	factors_release(lib);
	return sq_db_err(st, err, "factor library");
}

/* ---- ledger ---- */

static int sq_batch_begin(struct store *st, const char *actor, const char *kind, const char *source,
			  int64_t *batch, struct gp_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_exec(st, "BEGIN IMMEDIATE", err)) != GP_OK)
		return rc;
	if (!(s = stmt(st, S_BATCH_INSERT, err))) {
		sq_rollback(st);
		return GP_ESTORE;
	}
	sq_bind_text(s, 1, actor);
	sq_bind_text(s, 2, kind);
	sq_bind_text(s, 3, source);
	if ((rc = sq_step_done(st, s, err, "batch")) != GP_OK) {
		sq_rollback(st);
		return rc;
	}
	*batch = st->batch = sqlite3_last_insert_rowid(st->db);
	u64map_release(&st->touched);
	u64map_init(&st->touched);
	st->last_touched = 0;
	u64map_release(&st->kept);
	u64map_init(&st->kept);
	st->changed = st->unchanged = 0;
	return GP_OK;
}

static void mark_touched(struct store *st, int64_t enterprise_id, int period)
{
	uint64_t t = ((uint64_t)enterprise_id << 16) | (uint64_t)(period / 100);

	st->changed++;
	if (t != st->last_touched) {
		u64map_put_new(&st->touched, t, 1, NULL);
		st->last_touched = t;
	}
}

/* A plain insert first: the common case, and measurably faster than an upsert.
 * When the key exists: written by this batch already → GP_ECONFLICT (a duplicate);
 * the same value → unchanged (remembered, so a later repeat is caught too);
 * else the update, which the activity_replace trigger audits. */
static int sq_activity_put(struct store *st, int64_t batch, int64_t enterprise_id, int period,
			   int64_t item_id, double quantity, struct gp_err *err)
{
	sqlite3_stmt *s = st->stmt[S_ACT_INSERT];
	sqlite3_int64 key = AKEY(enterprise_id, period, item_id);
	double old_q;
	int rc;

	if (batch != st->batch || enterprise_id <= 0 || enterprise_id > INT32_MAX || item_id <= 0 ||
	    item_id > ITEM_ID_MAX || period < 100001 || period > 999912)
		return gp_err_set(err, GP_EINPUT,
				  "activity_put: bad batch, enterprise, item or period");
	if (!s && !(s = stmt(st, S_ACT_INSERT, err)))
		return GP_ESTORE;
	/* every parameter is bound on each call, so bindings need no clearing */
	sqlite3_bind_int64(s, 1, key);
	sqlite3_bind_double(s, 2, quantity);
	sqlite3_bind_int64(s, 3, batch);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE) {
		mark_touched(st, enterprise_id, period);
		return GP_OK;
	}
	if (rc != SQLITE_CONSTRAINT_PRIMARYKEY) /* extended result codes are on */
		return sq_db_err(st, err, "activity");
	if (!(s = stmt(st, S_ACT_GET, err)))
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, key);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return sq_db_err(st, err, "activity");
	}
	old_q = sqlite3_column_double(s, 0);
	rc = sqlite3_column_int64(s, 1) == batch;
	sqlite3_reset(s);
	if (rc)
		return gp_err_set(err, GP_ECONFLICT, "this batch already wrote that key");
	if (old_q == quantity) {
		if (!u64map_put_new(&st->kept, (uint64_t)key, 1, NULL))
			return gp_err_set(err, GP_ECONFLICT, "this batch already wrote that key");
		st->unchanged++;
		return GP_OK;
	}
	if (!(s = stmt(st, S_ACT_UPDATE, err)))
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, key);
	sqlite3_bind_double(s, 2, quantity);
	sqlite3_bind_int64(s, 3, batch);
	if ((rc = sq_step_done(st, s, err, "activity")) != GP_OK)
		return rc;
	mark_touched(st, enterprise_id, period);
	return GP_OK;
}

/* Recomputes the yearly sums of one enterprise and year from its monthly rows. */
static int refresh_year(struct store *st, int64_t ent, int year, double *sums, int *months,
			struct gp_err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(sums, 0, sizeof(double) * (ITEM_ID_MAX + 1));
	memset(months, 0, sizeof(int) * (ITEM_ID_MAX + 1));
	if (!(s = stmt(st, S_ACT_RANGE, err)))
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, AKEY(ent, year * 100 + 1, 0));
	sqlite3_bind_int64(s, 2, AKEY(ent, year * 100 + 12, ITEM_ID_MAX));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int item = (int)(sqlite3_column_int64(s, 0) & ITEM_ID_MAX);
		sums[item] += sqlite3_column_double(s, 1);
		months[item]++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sq_db_err(st, err, "yearly sums");
	if (!(s = stmt(st, S_YEAR_DELETE, err)))
		return GP_ESTORE;
	sqlite3_bind_int(s, 1, year);
	sqlite3_bind_int64(s, 2, ent);
	if ((rc = sq_step_done(st, s, err, "yearly sums")) != GP_OK)
		return rc;
	for (int item = 1; item <= ITEM_ID_MAX; item++) {
		if (!months[item])
			continue;
		if (!(s = stmt(st, S_YEAR_INSERT, err)))
			return GP_ESTORE;
		sqlite3_bind_int(s, 1, year);
		sqlite3_bind_int64(s, 2, ent);
		sqlite3_bind_int(s, 3, item);
		sqlite3_bind_double(s, 4, sums[item]);
		sqlite3_bind_int(s, 5, months[item]);
		if ((rc = sq_step_done(st, s, err, "yearly sums")) != GP_OK)
			return rc;
	}
	return GP_OK;
}

static int sq_batch_commit(struct store *st, int64_t batch, struct batch_stats *stats,
			   struct gp_err *err)
{
	double *sums = xmalloc(sizeof(double) * (ITEM_ID_MAX + 1));
	int *months = xmalloc(sizeof(int) * (ITEM_ID_MAX + 1));
	sqlite3_stmt *s;
	long long replaced = 0;
	int rc = GP_OK;

	if (batch != st->batch) {
		rc = gp_err_set(err, GP_EINPUT, "batch %lld is not open", (long long)batch);
		goto fail;
	}
	for (size_t i = 0; i < st->touched.cap; i++) {
		uint64_t k;
		if (!st->touched.slots[i].key)
			continue;
		k = st->touched.slots[i].key - 1;
		if ((rc = refresh_year(st, (int64_t)(k >> 16), (int)(k & 0xffff), sums, months,
				       err)) != GP_OK)
			goto fail;
	}
	if (!(s = stmt(st, S_BATCH_REPLACED, err))) {
		rc = GP_ESTORE;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, batch);
	if (sqlite3_step(s) == SQLITE_ROW)
		replaced = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	stats->replaced = replaced;
	stats->inserted = st->changed - replaced;
	stats->unchanged = st->unchanged;
	if (!(s = stmt(st, S_BATCH_UPDATE, err))) {
		rc = GP_ESTORE;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, batch);
	sqlite3_bind_int64(s, 2, stats->inserted);
	sqlite3_bind_int64(s, 3, stats->replaced);
	sqlite3_bind_int64(s, 4, stats->unchanged);
	if ((rc = sq_step_done(st, s, err, "batch")) != GP_OK)
		goto fail;
	/* the import itself is a write: one audit row says who, when, which file and
	 * what it did (replacements have their own rows, from the trigger) */
	if (!(s = stmt(st, S_BATCH_AUDIT, err))) {
		rc = GP_ESTORE;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, batch);
	if ((rc = sq_step_done(st, s, err, "batch audit")) != GP_OK)
		goto fail;
	if ((rc = sq_exec(st, "COMMIT", err)) != GP_OK)
		goto fail;
	st->batch = 0;
	free(sums);
	free(months);
	return GP_OK;
fail:
	free(sums);
	free(months);
	sq_rollback(st);
	st->batch = 0;
	return rc;
}

static void sq_batch_abort(struct store *st, int64_t batch)
{
	(void)batch;
	sq_rollback(st);
	st->batch = 0;
}

static int sq_activity_year_sums(struct store *st, int year, const struct scope *scope,
				 void (*fn)(void *, int64_t, int64_t, double), void *arg,
				 struct gp_err *err)
{
	enum stmt_id id = scope->kind == SCOPE_PARK      ? S_YEAR_PARK
			  : scope->kind == SCOPE_SUBPARK ? S_YEAR_SUBPARK
							 : S_YEAR_ENT;
	sqlite3_stmt *s = stmt(st, id, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int(s, 1, year);
	if (scope->kind != SCOPE_PARK)
		sqlite3_bind_int64(s, 2, scope->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(arg, sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
		   sqlite3_column_double(s, 2));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? GP_OK : sq_db_err(st, err, "yearly sums");
}

static int sq_activity_years(struct store *st, int *years, size_t max, size_t *n,
			     struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_YEARS, err);
	int rc;

	*n = 0;
	if (!s)
		return GP_ESTORE;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (*n < max)
			years[(*n)++] = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? GP_OK : sq_db_err(st, err, "years");
}

static int sq_activity_month_rows(struct store *st, int from, int to, const struct scope *scope,
				  void (*fn)(void *, int64_t, int, int64_t, double), void *arg,
				  struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_MONTH_ROWS, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	if (scope->kind == SCOPE_ENTERPRISE) {
		sqlite3_bind_int64(s, 1, AKEY(scope->id, from, 0));
		sqlite3_bind_int64(s, 2, AKEY(scope->id, to, ITEM_ID_MAX));
	} else {
		sqlite3_bind_int64(s, 1, 0);
		sqlite3_bind_int64(s, 2, INT64_MAX);
	}
	sqlite3_bind_int(s, 3, from);
	sqlite3_bind_int(s, 4, to);
	sqlite3_bind_int64(s, 5, scope->kind == SCOPE_SUBPARK ? scope->id : 0);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(arg, sqlite3_column_int64(s, 0), sqlite3_column_int(s, 1),
		   sqlite3_column_int64(s, 2), sqlite3_column_double(s, 3));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? GP_OK : sq_db_err(st, err, "monthly rows");
}

static int sq_activity_list(struct store *st, const struct activity_filter *f,
			    void (*fn)(void *, const struct activity_row *), void *arg,
			    struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_ACT_LIST, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	if (f->enterprise_id > 0) {
		sqlite3_bind_int64(s, 1, AKEY(f->enterprise_id, 0, 0));
		sqlite3_bind_int64(s, 2, AKEY(f->enterprise_id + 1, 0, 0) - 1);
	} else {
		sqlite3_bind_int64(s, 1, 0);
		sqlite3_bind_int64(s, 2, INT64_MAX);
	}
	sqlite3_bind_int(s, 3, f->year);
	sqlite3_bind_int64(s, 4, f->item_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct activity_row r;
		r.enterprise_id = sqlite3_column_int64(s, 0);
		sq_col_text(s, 1, r.uscc, sizeof(r.uscc));
		r.period = sqlite3_column_int(s, 2);
		r.item_id = sqlite3_column_int64(s, 3);
		r.quantity = sqlite3_column_double(s, 4);
		r.batch_id = sqlite3_column_int64(s, 5);
		fn(arg, &r);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? GP_OK : sq_db_err(st, err, "activity list");
}

/* ---- users, sessions, tokens ---- */

static void read_user(sqlite3_stmt *s, struct user *u)
{
	char role[32];

	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(s, 0);
	sq_col_text(s, 1, u->name, sizeof(u->name));
	sq_col_text(s, 2, role, sizeof(role));
	if (role_parse(role, &u->role, NULL) != GP_OK)
		u->role = ROLE_VIEWER;
	u->enterprise_id = sqlite3_column_int64(s, 3);
	sq_col_text(s, 4, u->uscc, sizeof(u->uscc));
	sq_col_text(s, 5, u->bank, sizeof(u->bank));
	sq_col_text(s, 6, u->created_at, sizeof(u->created_at));
}

static char *user_json(struct store *st, const char *name)
{
	sqlite3_stmt *s = stmt(st, S_USER_JSON, NULL);

	if (!s)
		return NULL;
	sq_bind_text(s, 1, name);
	return sq_json_row(s);
}

static int sq_user_create(struct store *st, const struct user *u, const char *password_hash,
			  const char *actor, struct gp_err *err)
{
	sqlite3_stmt *s;
	char *after = NULL;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (!(s = stmt(st, S_USER_INSERT, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sq_bind_text(s, 1, u->name);
	sq_bind_text(s, 2, role_name(u->role));
	sq_bind_text(s, 3, u->role == ROLE_ENTERPRISE ? u->uscc : NULL);
	sq_bind_text(s, 4, u->role == ROLE_BANK ? u->bank : NULL);
	sq_bind_text(s, 5, password_hash);
	if ((rc = sq_step_done(st, s, err, "user")) != GP_OK) {
		if (rc == GP_ECONFLICT)
			gp_err_set(err, GP_ECONFLICT, "a user named '%s' exists already", u->name);
		goto done;
	}
	after = user_json(st, u->name);
	rc = sq_audit_add(st, actor, "insert", "user", u->name, NULL, after, err);
done:
	free(after);
	return sq_sp_end(st, rc);
}

static int sq_user_set_password(struct store *st, const char *name, const char *password_hash,
				const char *actor, struct gp_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (!(s = stmt(st, S_USER_PASSWORD, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sq_bind_text(s, 1, name);
	sq_bind_text(s, 2, password_hash);
	if ((rc = sq_step_done(st, s, err, "user password")) != GP_OK)
		goto done;
	if (sqlite3_changes(st->db) == 0) {
		rc = gp_err_set(err, GP_ENOTFOUND, "no user named '%s'", name);
		goto done;
	}
	rc = sq_audit_add(st, actor, "password", "user", name, NULL, NULL, err);
done:
	return sq_sp_end(st, rc);
}

static int sq_user_delete(struct store *st, const char *name, const char *actor, struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	before = user_json(st, name);
	if (!before) {
		rc = gp_err_set(err, GP_ENOTFOUND, "no user named '%s'", name);
		goto done;
	}
	if (!(s = stmt(st, S_USER_DELETE, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sq_bind_text(s, 1, name);
	if ((rc = sq_step_done(st, s, err, "user delete")) != GP_OK)
		goto done;
	rc = sq_audit_add(st, actor, "delete", "user", name, before, NULL, err);
done:
	free(before);
	return sq_sp_end(st, rc);
}

static int sq_user_find(struct store *st, const char *name, struct user *out, char *hash,
			size_t hashsz, struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_USER_FIND, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	sq_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_user(s, out);
		if (hash)
			sq_col_text(s, 7, hash, hashsz);
		sqlite3_reset(s);
		return GP_OK;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sq_db_err(st, err, "user");
	return gp_err_set(err, GP_ENOTFOUND, "no user named '%s'", name);
}

static void user_row(sqlite3_stmt *s, void *row)
{
	read_user(s, row);
}

static int sq_user_list(struct store *st, struct user **out, size_t *n, struct gp_err *err)
{
	return sq_collect_rows(st, stmt(st, S_USER_LIST, err), sizeof(**out), user_row, "user list",
			       (void **)out, n, err);
}

static int sq_session_create(struct store *st, const unsigned char *token_hash, int64_t user_id,
			     const char *csrf, long long now, long long expires_at,
			     struct gp_err *err)
{
	sqlite3_stmt *s;
	int rc;

	/* expired sessions and old failures go when new sessions come */
	if ((s = stmt(st, S_SESSION_PURGE, err)) == NULL)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, now);
	if ((rc = sq_step_done(st, s, err, "session")) != GP_OK)
		return rc;
	if (!(s = stmt(st, S_SESSION_INSERT, err)))
		return GP_ESTORE;
	sqlite3_bind_blob(s, 1, token_hash, SECRET_TOKEN_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, user_id);
	sq_bind_text(s, 3, csrf);
	sqlite3_bind_int64(s, 4, now);
	sqlite3_bind_int64(s, 5, expires_at);
	return sq_step_done(st, s, err, "session");
}

static int sq_session_get(struct store *st, const unsigned char *token_hash, long long now,
			  long long idle_s, struct user *out, char *csrf, struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_SESSION_GET, err);
	long long last_seen;
	int rc;

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_blob(s, 1, token_hash, SECRET_TOKEN_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(s, 3, idle_s);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return sq_db_err(st, err, "session");
		return gp_err_set(err, GP_ENOTFOUND, "no such session");
	}
	read_user(s, out);
	sq_col_text(s, 7, csrf, 64);
	last_seen = sqlite3_column_int64(s, 8);
	sqlite3_reset(s);
	if (now - last_seen >= 60) {
		/* sliding idle time: a write at most once a minute per session */
		if (!(s = stmt(st, S_SESSION_TOUCH, err)))
			return GP_ESTORE;
		sqlite3_bind_blob(s, 1, token_hash, SECRET_TOKEN_HASH_BYTES, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, now);
		return sq_step_done(st, s, err, "session");
	}
	return GP_OK;
}

static int sq_session_delete(struct store *st, const unsigned char *token_hash, struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_SESSION_DELETE, err);

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_blob(s, 1, token_hash, SECRET_TOKEN_HASH_BYTES, SQLITE_TRANSIENT);
	return sq_step_done(st, s, err, "session");
}

static int sq_token_create(struct store *st, const unsigned char *token_hash, int64_t user_id,
			   const char *actor, struct gp_err *err)
{
	sqlite3_stmt *s;
	char key[32];
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (!(s = stmt(st, S_TOKEN_INSERT, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_blob(s, 1, token_hash, SECRET_TOKEN_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, user_id);
	if ((rc = sq_step_done(st, s, err, "token")) != GP_OK)
		goto done;
	str_fmt(key, sizeof(key), "%lld", (long long)user_id);
	rc = sq_audit_add(st, actor, "insert", "api_token", key, NULL, NULL, err);
done:
	return sq_sp_end(st, rc);
}

static int sq_token_get(struct store *st, const unsigned char *token_hash, struct user *out,
			struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_TOKEN_GET, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_blob(s, 1, token_hash, SECRET_TOKEN_HASH_BYTES, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_user(s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return GP_OK;
	if (rc != SQLITE_DONE)
		return sq_db_err(st, err, "token");
	return gp_err_set(err, GP_ENOTFOUND, "no such token");
}

static int sq_login_failure_add(struct store *st, const char *key, long long now,
				struct gp_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (!(s = stmt(st, S_FAIL_PURGE, err)))
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, now - 86400);
	if ((rc = sq_step_done(st, s, err, "login failure")) != GP_OK)
		return rc;
	if (!(s = stmt(st, S_FAIL_INSERT, err)))
		return GP_ESTORE;
	sq_bind_text(s, 1, key);
	sqlite3_bind_int64(s, 2, now);
	return sq_step_done(st, s, err, "login failure");
}

static int sq_login_failures(struct store *st, const char *key, long long since, long *count,
			     struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_FAIL_COUNT, err);
	int rc;

	*count = 0;
	if (!s)
		return GP_ESTORE;
	sq_bind_text(s, 1, key);
	sqlite3_bind_int64(s, 2, since);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*count = (long)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? GP_OK : sq_db_err(st, err, "login failures");
}

static int sq_login_failures_clear(struct store *st, const char *key, struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_FAIL_CLEAR, err);

	if (!s)
		return GP_ESTORE;
	sq_bind_text(s, 1, key);
	return sq_step_done(st, s, err, "login failures");
}

/* ---- indicator sets and park attributes ---- */

static int sq_indicator_put(struct store *st, const struct ind_def *d, int seq, struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_IND_PUT, err);

	if (!s)
		return GP_ESTORE;
	sq_bind_text(s, 1, d->standard);
	sqlite3_bind_int(s, 2, seq);
	sq_bind_text(s, 3, d->code);
	sq_bind_text(s, 4, d->group);
	sq_bind_text(s, 5, d->name_zh);
	sq_bind_text(s, 6, d->name_en);
	sq_bind_text(s, 7, d->unit);
	sq_bind_double_or_null(s, 8, d->target);
	sq_bind_text(s, 9, ind_direction_name(d->direction));
	sqlite3_bind_int(s, 10, d->required);
	sq_bind_text(s, 11, d->variant_of);
	sq_bind_text(s, 12, d->applies);
	sq_bind_text(s, 13, d->applies_text);
	sq_bind_text(s, 14, d->expr);
	sq_bind_text(s, 15, d->method);
	sq_bind_text(s, 16, d->formula);
	sq_bind_text(s, 17, d->source);
	sq_bind_text(s, 18, d->confidence);
	sq_bind_text(s, 19, d->gap_expr);
	sq_bind_text(s, 20, d->gap_unit);
	return sq_step_done(st, s, err, "indicator");
}

static int sq_indicators_load(struct store *st, const char *standard, struct ind_set *out,
			      struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_IND_LOAD, err);
	int rc;

	ind_set_init(out);
	if (!s)
		return GP_ESTORE;
	sq_bind_text(s, 1, standard);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ind_def d;
		char dir[16];
		memset(&d, 0, sizeof(d));
		sq_col_text(s, 0, d.standard, sizeof(d.standard));
		sq_col_text(s, 1, d.code, sizeof(d.code));
		sq_col_text(s, 2, d.group, sizeof(d.group));
		sq_col_text(s, 3, d.name_zh, sizeof(d.name_zh));
		sq_col_text(s, 4, d.name_en, sizeof(d.name_en));
		sq_col_text(s, 5, d.unit, sizeof(d.unit));
		d.target = sq_col_double_or_nan(s, 6);
		sq_col_text(s, 7, dir, sizeof(dir));
		ind_direction_parse(dir, &d.direction);
		d.required = sqlite3_column_int(s, 8) != 0;
		sq_col_text(s, 9, d.variant_of, sizeof(d.variant_of));
		sq_col_text(s, 10, d.applies, sizeof(d.applies));
		sq_col_text(s, 11, d.applies_text, sizeof(d.applies_text));
		sq_col_text(s, 12, d.expr, sizeof(d.expr));
		sq_col_text(s, 13, d.method, sizeof(d.method));
		sq_col_text(s, 14, d.formula, sizeof(d.formula));
		sq_col_text(s, 15, d.source, sizeof(d.source));
		sq_col_text(s, 16, d.confidence, sizeof(d.confidence));
		sq_col_text(s, 17, d.gap_expr, sizeof(d.gap_expr));
		sq_col_text(s, 18, d.gap_unit, sizeof(d.gap_unit));
		ind_set_add(out, &d);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		ind_set_release(out);
		return sq_db_err(st, err, "indicators");
	}
	return GP_OK;
}

static int sq_attribute_set(struct store *st, int year, const char *code, double value,
			    const char *source, const char *actor, struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before, *after = NULL, key[64];
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	before = row_json(st, S_ATTR_JSON, 0, year, code);
	if (!(s = stmt(st, S_ATTR_SET, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int(s, 1, year);
	sq_bind_text(s, 2, code);
	sqlite3_bind_double(s, 3, value);
	sq_bind_text(s, 4, source);
	sq_bind_text(s, 5, actor);
	if ((rc = sq_step_done(st, s, err, "park attribute")) != GP_OK)
		goto done;
	after = row_json(st, S_ATTR_JSON, 0, year, code);
	str_fmt(key, sizeof(key), "%d/%s", year, code);
	rc = sq_audit_add(st, actor, before ? "update" : "insert", "park_attribute", key, before,
			  after, err);
done:
	free(before);
	free(after);
	return sq_sp_end(st, rc);
}

static int sq_attribute_get(struct store *st, int year, const char *code, double *value,
			    struct gp_err *err)
{
	sqlite3_stmt *s = stmt(st, S_ATTR_GET, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int(s, 1, year);
	sq_bind_text(s, 2, code);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_double(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return GP_OK;
	if (rc != SQLITE_DONE)
		return sq_db_err(st, err, "park attribute");
	return gp_err_set(err, GP_ENOTFOUND, "attribute %s for %d not entered", code, year);
}

/* ---- targets ---- */

static int sq_target_add(struct store *st, const struct target *t, const char *actor, int64_t *id,
			 struct gp_err *err)
{
	sqlite3_stmt *s;
	char *after = NULL, key[32];
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (!(s = stmt(st, S_TARGET_ADD, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	if (t->enterprise_id > 0)
		sqlite3_bind_int64(s, 1, t->enterprise_id);
	else
		sqlite3_bind_null(s, 1);
	sq_bind_text(s, 2, t->metric);
	sq_bind_text(s, 3, target_path_name(t->path));
	sqlite3_bind_int(s, 4, t->base_year);
	if (t->target_year)
		sqlite3_bind_int(s, 5, t->target_year);
	else
		sqlite3_bind_null(s, 5);
	sqlite3_bind_double(s, 6, t->amount);
	sq_bind_text(s, 7, t->note);
	sq_bind_text(s, 8, actor);
	if ((rc = sq_step_done(st, s, err, "target")) != GP_OK)
		goto done;
	*id = sqlite3_last_insert_rowid(st->db);
	after = row_json(st, S_TARGET_JSON, *id, 0, NULL);
	str_fmt(key, sizeof(key), "%lld", (long long)*id);
	rc = sq_audit_add(st, actor, "insert", "target", key, NULL, after, err);
done:
	free(after);
	return sq_sp_end(st, rc);
}

static void read_target(sqlite3_stmt *s, void *row)
{
	struct target *t = row;
	char path[16];

	t->id = sqlite3_column_int64(s, 0);
	t->enterprise_id = sqlite3_column_int64(s, 1);
	sq_col_text(s, 2, t->uscc, sizeof(t->uscc));
	sq_col_text(s, 3, t->metric, sizeof(t->metric));
	sq_col_text(s, 4, path, sizeof(path));
	target_path_parse(path, &t->path);
	t->base_year = sqlite3_column_int(s, 5);
	t->target_year = sqlite3_column_int(s, 6);
	t->amount = sqlite3_column_double(s, 7);
	sq_col_text(s, 8, t->note, sizeof(t->note));
	sq_col_text(s, 9, t->set_by, sizeof(t->set_by));
	sq_col_text(s, 10, t->set_at, sizeof(t->set_at));
}

static int sq_target_list(struct store *st, struct target **out, size_t *n, struct gp_err *err)
{
	return sq_collect_rows(st, stmt(st, S_TARGET_LIST, err), sizeof(**out), read_target,
			       "targets", (void **)out, n, err);
}

static int sq_target_remove(struct store *st, int64_t id, const char *actor, struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before, key[32];
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	before = row_json(st, S_TARGET_JSON, id, 0, NULL);
	if (!before) {
		rc = gp_err_set(err, GP_ENOTFOUND, "no target %lld (see 'greenpark target list')",
				(long long)id);
		goto done;
	}
	if (!(s = stmt(st, S_TARGET_DEL, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sq_step_done(st, s, err, "target")) != GP_OK)
		goto done;
	str_fmt(key, sizeof(key), "%lld", (long long)id);
	rc = sq_audit_add(st, actor, "delete", "target", key, before, NULL, err);
done:
	free(before);
	return sq_sp_end(st, rc);
}

const struct store_ops store_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .schema_version = sq_schema_version,
    .migrate = sq_migrate,
    .data_version = sq_data_version,
    .tune = sq_tune,
    .checkpoint = sq_checkpoint,
    .reclaim = sq_reclaim,
    .begin = sq_begin,
    .begin_read = sq_begin_read,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .audit_add = sq_audit_add,
    .audit_list = sq_audit_list,
    .park_get = sq_park_get,
    .park_update = sq_park_update,
    .subpark_ensure = sq_subpark_ensure,
    .subpark_find = sq_subpark_find,
    .subpark_list = sq_subpark_list,
    .enterprise_upsert = sq_enterprise_upsert,
    .enterprise_find = sq_enterprise_find,
    .enterprise_list = sq_enterprise_list,
    .platform_upsert = sq_platform_upsert,
    .platform_list = sq_platform_list,
    .item_put = sq_item_put,
    .grid_factor_put = sq_grid_factor_put,
    .equivalent_put = sq_equivalent_put,
    .override_set = sq_override_set,
    .override_unset = sq_override_unset,
    .factors_load = sq_factors_load,
    .batch_begin = sq_batch_begin,
    .activity_put = sq_activity_put,
    .batch_commit = sq_batch_commit,
    .batch_abort = sq_batch_abort,
    .activity_year_sums = sq_activity_year_sums,
    .activity_list = sq_activity_list,
    .enterprise_ids = sq_enterprise_ids,
    .activity_month_rows = sq_activity_month_rows,
    .target_add = sq_target_add,
    .target_list = sq_target_list,
    .target_remove = sq_target_remove,
    /* the investment pipeline: store_sqlite_projects.c */
    .projects = &store_sqlite_projects_ops,

    /* the service desk: store_sqlite_desk.c */
    .desk = &store_sqlite_desk_ops,

    /* the green-finance ledger: store_sqlite_finance.c */
    .finance = &store_sqlite_finance_ops,

    /* meters and readings: store_sqlite_meters.c */
    .meters = &store_sqlite_meters_ops,

    /* the Modbus register map: store_sqlite_modbus.c */
    .modbus = &store_sqlite_modbus_ops,
    /* the energy planner's roofs: store_sqlite_plan.c */
    .plan = &store_sqlite_plan_ops,
    /* meter alarms: store_sqlite_alarms.c */
    .alarms = &store_sqlite_alarms_ops,
    .indicator_put = sq_indicator_put,
    .indicators_load = sq_indicators_load,
    .attribute_set = sq_attribute_set,
    .attribute_get = sq_attribute_get,
    .activity_years = sq_activity_years,
    .user_create = sq_user_create,
    .user_set_password = sq_user_set_password,
    .user_delete = sq_user_delete,
    .user_find = sq_user_find,
    .user_list = sq_user_list,
    .session_create = sq_session_create,
    .session_get = sq_session_get,
    .session_delete = sq_session_delete,
    .token_create = sq_token_create,
    .token_get = sq_token_get,
    .login_failure_add = sq_login_failure_add,
    .login_failures = sq_login_failures,
    .login_failures_clear = sq_login_failures_clear,
};
