/* store_sqlite_plan.c — the energy planner's rows in the SQLite store (0014_roofs.sql).
 * Stores and looks up; never computes PV. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "store/store_plan.h"
#include "util/str.h"

enum { P_JSON = SQ_PLAN_BASE, P_PUT, P_LIST, P_END };
_Static_assert((int)P_END <= (int)SQ_MODULE_STMTS, "the planner's statements overflow their slots");

#define ROOF_COLS                                                                                  \
	"SELECT r.id, r.enterprise_id, e.uscc, r.name, r.area_m2, r.tilt_deg, r.azimuth_deg, "     \
	"r.usable_share, r.kwp_per_m2, r.installed_kwp FROM roof r JOIN enterprise e ON e.id = "   \
	"r.enterprise_id "

static const char *const sql[P_END - SQ_PLAN_BASE] = {
    [P_JSON - SQ_PLAN_BASE] =
	"SELECT json_object('uscc', e.uscc, 'roof', r.name, 'area_m2', r.area_m2, 'tilt_deg', "
	"r.tilt_deg, 'azimuth_deg', r.azimuth_deg, 'usable_share', r.usable_share, "
	"'kwp_per_m2', r.kwp_per_m2, 'installed_kwp', r.installed_kwp) FROM roof r JOIN "
	"enterprise e ON e.id = r.enterprise_id WHERE e.uscc = ?1 AND r.name = ?2",
    [P_PUT - SQ_PLAN_BASE] =
	"INSERT INTO roof (enterprise_id, name, area_m2, tilt_deg, azimuth_deg, usable_share, "
	"kwp_per_m2, installed_kwp) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8 FROM enterprise WHERE "
	"uscc = ?1 ON CONFLICT (enterprise_id, name) DO UPDATE SET area_m2 = excluded.area_m2, "
	"tilt_deg = excluded.tilt_deg, azimuth_deg = excluded.azimuth_deg, usable_share = "
	"excluded.usable_share, kwp_per_m2 = excluded.kwp_per_m2, installed_kwp = "
	"excluded.installed_kwp",
    [P_LIST - SQ_PLAN_BASE] =
	ROOF_COLS "WHERE ?1 = 0 OR r.enterprise_id = ?1 ORDER BY e.uscc, r.name",
};

static sqlite3_stmt *pstmt_of(struct store *st, int slot, struct gp_err *err)
{
	return sq_stmt(st, slot, sql[slot - SQ_PLAN_BASE], err);
}

static char *roof_json(struct store *st, const char *uscc, const char *name)
{
	sqlite3_stmt *s = pstmt_of(st, P_JSON, NULL);

	if (!s)
		return NULL;
	sq_bind_text(s, 1, uscc);
	sq_bind_text(s, 2, name);
	return sq_json_row(s);
}

static int sq_roof_put(struct store *st, const struct roof *r, const char *actor,
		       enum put_result *pr, struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before = NULL, *after = NULL, key[USCC_LEN + ROOF_NAME_MAX + 2];
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	before = roof_json(st, r->uscc, r->name);
	if (!(s = pstmt_of(st, P_PUT, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sq_bind_text(s, 1, r->uscc);
	sq_bind_text(s, 2, r->name);
	sqlite3_bind_double(s, 3, r->area_m2);
	sqlite3_bind_double(s, 4, r->tilt_deg);
	sqlite3_bind_double(s, 5, r->azimuth_deg);
	sqlite3_bind_double(s, 6, r->usable_share);
	sq_bind_double_or_null(s, 7, r->kwp_per_m2);
	sqlite3_bind_double(s, 8, r->installed_kwp);
	if ((rc = sq_step_done(st, s, err, "roof")) != GP_OK)
		goto done;
	if (sq_changes(st) < 1) {
		rc = gp_err_set(err, GP_ENOTFOUND, "no enterprise '%s' (import it first)", r->uscc);
		goto done;
	}
	after = roof_json(st, r->uscc, r->name);
	if (before && after && strcmp(before, after) == 0) {
		*pr = PUT_UNCHANGED;
		goto done;
	}
	*pr = before ? PUT_REPLACED : PUT_INSERTED;
	str_fmt(key, sizeof(key), "%s/%s", r->uscc, r->name);
	rc = sq_audit_add(st, actor, before ? "update" : "insert", "roof", key, before, after, err);
done:
	free(before);
	free(after);
	return sq_sp_end(st, rc);
}

static void read_roof(sqlite3_stmt *s, void *row)
{
	struct roof *r = row;

	r->id = sqlite3_column_int64(s, 0);
	r->enterprise_id = sqlite3_column_int64(s, 1);
	sq_col_text(s, 2, r->uscc, sizeof(r->uscc));
	sq_col_text(s, 3, r->name, sizeof(r->name));
	r->area_m2 = sqlite3_column_double(s, 4);
	r->tilt_deg = sqlite3_column_double(s, 5);
	r->azimuth_deg = sqlite3_column_double(s, 6);
	r->usable_share = sqlite3_column_double(s, 7);
	r->kwp_per_m2 = sq_col_double_or_nan(s, 8);
	r->installed_kwp = sqlite3_column_double(s, 9);
}

static int sq_roof_list(struct store *st, int64_t enterprise_id, struct roof **out, size_t *n,
			struct gp_err *err)
{
	sqlite3_stmt *s = pstmt_of(st, P_LIST, err);

	if (s)
		sqlite3_bind_int64(s, 1, enterprise_id);
	return sq_collect_rows(st, s, sizeof(**out), read_roof, "roofs", (void **)out, n, err);
}

const struct plan_store_ops store_sqlite_plan_ops = {
    .roof_put = sq_roof_put,
    .roof_list = sq_roof_list,
};
