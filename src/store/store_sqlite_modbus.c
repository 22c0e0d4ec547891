/* store_sqlite_modbus.c — the Modbus register map in the SQLite store (0010_modbus.sql).
 * Stores and looks up; never parses, decodes or polls. */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "store/store_modbus.h"

enum { B_JSON = SQ_MODBUS_BASE, B_PUT, B_LIST, B_END };
_Static_assert((int)B_END <= (int)SQ_MODULE_STMTS, "the Modbus statements overflow their slots");

static const char *const sql[B_END - SQ_MODBUS_BASE] = {
    [B_JSON - SQ_MODBUS_BASE] =
	"SELECT json_object('meter', m.code, 'host', r.host, 'port', r.port, 'unit', r.unit_id, "
	"'kind', r.kind, 'address', r.address, 'type', r.type, 'word_order', r.word_order, "
	"'scale', r.scale, 'interval_s', r.interval_s) FROM modbus_register r JOIN meter m ON "
	"m.id = r.meter_id WHERE m.code = ?1",
    [B_PUT - SQ_MODBUS_BASE] =
	"INSERT OR REPLACE INTO modbus_register (meter_id, host, port, unit_id, kind, address, "
	"type, word_order, scale, interval_s) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 "
	"FROM meter WHERE code = ?1",
    [B_LIST - SQ_MODBUS_BASE] =
	"SELECT m.code, m.id, r.host, r.port, r.unit_id, r.kind, r.address, r.type, "
	"r.word_order, r.scale, r.interval_s FROM modbus_register r JOIN meter m ON m.id = "
	"r.meter_id ORDER BY r.host, r.port, r.unit_id, m.code",
};

static sqlite3_stmt *bstmt_of(struct store *st, int slot, struct gp_err *err)
{
	return sq_stmt(st, slot, sql[slot - SQ_MODBUS_BASE], err);
}

static char *entry_json(struct store *st, const char *code)
{
	sqlite3_stmt *s = bstmt_of(st, B_JSON, NULL);

	if (!s)
		return NULL;
	sq_bind_text(s, 1, code);
	return sq_json_row(s);
}

static int sq_register_put(struct store *st, const struct modbus_entry *e, const char *actor,
			   enum put_result *pr, struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before = NULL, *after = NULL;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	before = entry_json(st, e->meter);
	if (!(s = bstmt_of(st, B_PUT, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sq_bind_text(s, 1, e->meter);
	sq_bind_text(s, 2, e->host);
	sqlite3_bind_int(s, 3, e->port);
	sqlite3_bind_int(s, 4, e->unit_id);
	sq_bind_text(s, 5, modbus_reg_kind_name(e->kind));
	sqlite3_bind_int(s, 6, e->address);
	sq_bind_text(s, 7, modbus_type_name(e->type));
	sq_bind_text(s, 8, modbus_word_order_name(e->order));
	sqlite3_bind_double(s, 9, e->scale);
	sqlite3_bind_int(s, 10, e->interval_s);
	if ((rc = sq_step_done(st, s, err, "modbus register")) != GP_OK)
		goto done;
	if (sq_changes(st) < 1) {
		rc = gp_err_set(err, GP_ENOTFOUND, "no meter '%s' (see 'greenpark meter list')",
				e->meter);
		goto done;
	}
	after = entry_json(st, e->meter);
	if (before && after && strcmp(before, after) == 0) {
		*pr = PUT_UNCHANGED;
		goto done;
	}
	*pr = before ? PUT_REPLACED : PUT_INSERTED;
	rc = sq_audit_add(st, actor, before ? "update" : "insert", "modbus_register", e->meter,
			  before, after, err);
done:
	free(before);
	free(after);
	return sq_sp_end(st, rc);
}

static void read_entry(sqlite3_stmt *s, void *row)
{
	struct modbus_entry *e = row;
	char name[16];

	sq_col_text(s, 0, e->meter, sizeof(e->meter));
	e->meter_id = sqlite3_column_int64(s, 1);
	sq_col_text(s, 2, e->host, sizeof(e->host));
	e->port = sqlite3_column_int(s, 3);
	e->unit_id = sqlite3_column_int(s, 4);
	sq_col_text(s, 5, name, sizeof(name));
	if (modbus_reg_kind_parse(name, &e->kind, NULL) != GP_OK)
		e->kind = MODBUS_HOLDING;
	e->address = sqlite3_column_int(s, 6);
	sq_col_text(s, 7, name, sizeof(name));
	if (modbus_type_parse(name, &e->type, NULL) != GP_OK)
		e->type = MODBUS_UINT16;
	sq_col_text(s, 8, name, sizeof(name));
	if (modbus_word_order_parse(name, &e->order, NULL) != GP_OK)
		e->order = MODBUS_WORDS_BIG;
	e->scale = sqlite3_column_double(s, 9);
	e->interval_s = sqlite3_column_int(s, 10);
}

static int sq_register_list(struct store *st, struct modbus_entry **out, size_t *n,
			    struct gp_err *err)
{
	sqlite3_stmt *s = bstmt_of(st, B_LIST, err);

	return sq_collect_rows(st, s, sizeof(**out), read_entry, "modbus registers", (void **)out,
			       n, err);
}

const struct modbus_store_ops store_sqlite_modbus_ops = {
    .register_put = sq_register_put,
    .register_list = sq_register_list,
};
