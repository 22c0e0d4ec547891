/* sqlite_int.h — what the SQLite backend's files share (store_sqlite.c and one
 * store_sqlite_<module>.c per module with its own tables: projects, desk, finance, meters,
 * modbus, alarms, plan).
 * Private to src/store: nothing outside the backend includes it. The connection's
 * layout stays in store_sqlite.c; module files reach it only through these calls. */
#ifndef GP_SQLITE_INT_H
#define GP_SQLITE_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* Statement slots of the module files: each module owns a range, so every statement
 * is prepared once per connection (SQLITE_PREPARE_PERSISTENT) like the core's. */
enum sq_module_base {
	SQ_PROJECTS_BASE = 0, /* store_sqlite_projects.c */
	SQ_DESK_BASE = 48,    /* store_sqlite_desk.c */
	SQ_FINANCE_BASE = 96, /* store_sqlite_finance.c */
	SQ_METERS_BASE = 144, /* store_sqlite_meters.c */
	SQ_MODBUS_BASE = 192, /* store_sqlite_modbus.c */
	SQ_ALARMS_BASE = 208, /* store_sqlite_alarms.c */
	SQ_PLAN_BASE = 240,   /* store_sqlite_plan.c */
	SQ_MODULE_STMTS = 256
};

/* The cached statement of slot (prepared from sql on first use; the same slot must
 * always be given the same sql), reset and with bindings cleared. NULL with err set
 * when it does not prepare. */
sqlite3_stmt *sq_stmt(struct store *st, int slot, const char *sql, struct gp_err *err);

/* The store file's path, as opened. */
const char *sq_path(const struct store *st);

/* Sets err from the connection's last error: GP_ECONFLICT for a constraint, else
 * GP_ESTORE; the message names the store file and what. Returns the status. */
int sq_db_err(struct store *st, struct gp_err *err, const char *what);

/* Steps s (prepared and bound) to its end, one zeroed elem-byte row per result filled
 * by row(), and hands the rows to *out and *n (the caller frees *out). Resets s;
 * on a database error frees the rows and names what in the message. s NULL:
 * GP_ESTORE (err was set by sq_stmt). */
int sq_collect_rows(struct store *st, sqlite3_stmt *s, size_t elem,
		    void (*row)(sqlite3_stmt *, void *), const char *what, void **out, size_t *n,
		    struct gp_err *err);

void sq_bind_text(sqlite3_stmt *s, int i, const char *v);          /* NULL binds NULL */
void sq_bind_double_or_null(sqlite3_stmt *s, int i, double v);     /* NAN binds NULL */
void sq_col_text(sqlite3_stmt *s, int i, char *out, size_t outsz); /* NULL reads "" */
double sq_col_double_or_nan(sqlite3_stmt *s, int i);

/* Runs a statement that returns no rows (or ignores them). */
int sq_step_done(struct store *st, sqlite3_stmt *s, struct gp_err *err, const char *what);
int sq_exec(struct store *st, const char *sql, struct gp_err *err);

/* A single write runs between sq_sp_begin and sq_sp_end(st, rc): a savepoint, so it is
 * atomic whether or not the caller has a transaction open. sq_sp_end releases on
 * GP_OK and rolls back otherwise; it returns rc (or GP_ESTORE when release fails). */
int sq_sp_begin(struct store *st, struct gp_err *err);
int sq_sp_end(struct store *st, int rc);

int sq_audit_add(struct store *st, const char *actor, const char *action, const char *entity,
		 const char *key, const char *before_json, const char *after_json,
		 struct gp_err *err);

/* Runs s (a cached one-integer lookup; may be NULL, then GP_ESTORE) bound to the text
 * key: GP_OK with *id, GP_ENOTFOUND with *id = 0 (err not set), or a store error naming
 * what. s is reset. */
int sq_lookup_id(struct store *st, sqlite3_stmt *s, const char *key, int64_t *id, const char *what,
		 struct gp_err *err);

/* The rowid of the last insert, and the rows the last statement changed. */
int64_t sq_last_rowid(struct store *st);
int sq_changes(struct store *st);

/* The JSON text of the first column of s's first row (a json_object(...) statement,
 * bound by the caller), or NULL; s is reset. The caller frees the text. */
char *sq_json_row(sqlite3_stmt *s);

#endif
