/* store_sqlite_meters.c — meters and reading rows in the SQLite store (0008_meters.sql).
 * Stores and looks up; never encodes, merges or computes a rollup. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "store/store_meters.h"
#include "util/str.h"

enum {
	M_INSERT = SQ_METERS_BASE,
	M_JSON,
	M_FIND,
	M_LIST,
	M_DAY_GET,
	M_DAY_BEFORE,
	M_DAY_AFTER,
	M_DAY_PUT,
	M_DAYS,
	M_MONTH_PUT,
	M_MONTHS,
	M_BYTES,
	M_BYTES_PLAIN,
	M_TOPIC_PUT,
	M_TOPIC_DEL,
	M_TOPIC_FIND,
	M_TOPIC_LIST,
	M_TOPIC_JSON,
	M_LOG_ADD,
	M_LOG_SCAN,
	M_LOG_DEL,
	M_LOG_PENDING,
	M_VERSION,
	M_TOTAL_ADD,
	M_MONTHS_ALL,
	M_TOTALS_PARK,
	M_TOTALS_ENT,
	M_LOG_FIRST,
	M_END
};
_Static_assert((int)M_END <= (int)SQ_MODBUS_BASE, "the meters' statements overflow their slots");

#define METER_COLS                                                                                 \
	"SELECT m.id, m.code, m.enterprise_id, e.uscc, i.code, m.unit, m.to_canonical, m.kind, "   \
	"m.multiplier, m.rollover, m.interval_s, coalesce(m.parent_id, 0), coalesce(p.code, ''), " \
	"coalesce(m.formula, '') "                                                                 \
	"FROM meter m JOIN enterprise e ON e.id = m.enterprise_id JOIN item i ON i.id = "          \
	"m.item_id LEFT JOIN meter p ON p.id = m.parent_id "
#define DAY_COLS "SELECT meter_id, day, n, points, hours, value, flags FROM reading_day "

static const char *const sql[M_END - SQ_METERS_BASE] = {
    [M_INSERT - SQ_METERS_BASE] =
	"INSERT INTO meter (code, enterprise_id, item_id, unit, to_canonical, kind, multiplier, "
	"rollover, interval_s, parent_id, formula, created_at) SELECT ?1, e.id, i.id, ?4, ?5, ?6, "
	"?7, ?8, ?9, (SELECT id FROM meter WHERE code = ?10), ?11, strftime('%Y-%m-%dT%H:%M:%SZ', "
	"'now') FROM enterprise e, item i WHERE e.uscc = ?2 AND i.code = ?3",
    [M_JSON - SQ_METERS_BASE] =
	"SELECT json_object('code', m.code, 'uscc', e.uscc, 'item', i.code, 'unit', m.unit, "
	"'kind', m.kind, 'multiplier', m.multiplier, 'rollover', m.rollover, 'interval_s', "
	"m.interval_s, 'parent_id', m.parent_id, 'formula', m.formula) FROM meter m JOIN "
	"enterprise e ON e.id = "
	"m.enterprise_id JOIN item i ON "
	"i.id = m.item_id WHERE m.id = ?1",
    [M_FIND - SQ_METERS_BASE] = METER_COLS "WHERE m.code = ?1",
    [M_LIST - SQ_METERS_BASE] = METER_COLS "WHERE ?1 = 0 OR m.enterprise_id = ?1 ORDER BY m.code",
    [M_DAY_GET - SQ_METERS_BASE] = DAY_COLS "WHERE meter_id = ?1 AND day = ?2",
    [M_DAY_BEFORE - SQ_METERS_BASE] =
	DAY_COLS "WHERE meter_id = ?1 AND day < ?2 ORDER BY day DESC LIMIT 1",
    [M_DAY_AFTER - SQ_METERS_BASE] =
	DAY_COLS "WHERE meter_id = ?1 AND day > ?2 ORDER BY day LIMIT 1",
    [M_DAY_PUT - SQ_METERS_BASE] =
	"INSERT OR REPLACE INTO reading_day (meter_id, day, n, points, hours, value, flags) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [M_DAYS - SQ_METERS_BASE] =
	DAY_COLS "WHERE meter_id = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day",
    [M_MONTH_PUT - SQ_METERS_BASE] =
	"INSERT OR REPLACE INTO reading_month (meter_id, month, value, days, flags) VALUES (?1, "
	"?2, ?3, ?4, ?5)",
    [M_MONTHS - SQ_METERS_BASE] =
	"SELECT meter_id, month, value, days, flags FROM reading_month WHERE meter_id = ?1 AND "
	"month BETWEEN ?2 AND ?3 ORDER BY month",
    [M_BYTES - SQ_METERS_BASE] =
	"SELECT (SELECT sum(pgsize) FROM dbstat WHERE name IN ('reading_day', "
	"'reading_month', 'reading_total_day', 'reading_total_day_by_day')), (SELECT "
	"coalesce(sum(n), 0) FROM reading_day)",
    [M_BYTES_PLAIN - SQ_METERS_BASE] =
	"SELECT (SELECT coalesce(sum(length(points) + length(hours) + 24), 0) FROM "
	"reading_day) + (SELECT count(*) * 24 FROM reading_month) + (SELECT count(*) * 40 FROM "
	"reading_total_day), (SELECT coalesce(sum(n), 0) FROM reading_day)",
    [M_TOPIC_PUT - SQ_METERS_BASE] =
	"INSERT OR REPLACE INTO mqtt_topic (topic, meter_id, created_at) SELECT ?1, id, "
	"strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM meter WHERE code = ?2",
    [M_TOPIC_DEL - SQ_METERS_BASE] = "DELETE FROM mqtt_topic WHERE topic = ?1",
    [M_TOPIC_FIND - SQ_METERS_BASE] =
	"SELECT m.code FROM mqtt_topic t JOIN meter m ON m.id = t.meter_id WHERE t.topic = ?1",
    [M_TOPIC_LIST - SQ_METERS_BASE] =
	"SELECT t.topic, m.code FROM mqtt_topic t JOIN meter m ON m.id = t.meter_id ORDER BY "
	"t.topic",
    [M_TOPIC_JSON - SQ_METERS_BASE] =
	"SELECT json_object('topic', t.topic, 'meter', m.code) FROM mqtt_topic t JOIN meter m ON "
	"m.id = t.meter_id WHERE t.topic = ?1",
    [M_LOG_ADD - SQ_METERS_BASE] = "INSERT INTO reading_log (n, points) VALUES (?1, ?2)",
    [M_LOG_SCAN - SQ_METERS_BASE] = "SELECT id, n, points FROM reading_log ORDER BY id",
    [M_LOG_DEL - SQ_METERS_BASE] = "DELETE FROM reading_log WHERE id <= ?1",
    [M_LOG_PENDING - SQ_METERS_BASE] = "SELECT coalesce(sum(n), 0) FROM reading_log",
    [M_LOG_FIRST - SQ_METERS_BASE] = "SELECT coalesce(min(id), 0) FROM reading_log",
    [M_VERSION - SQ_METERS_BASE] = "SELECT count(*), coalesce(max(id), 0) FROM meter",
    [M_TOTAL_ADD - SQ_METERS_BASE] =
	"INSERT INTO reading_total_day (enterprise_id, parent_enterprise_id, item_id, day, value, "
	"n) SELECT ?1, ?2, id, ?4, ?5, ?6 FROM item WHERE code = ?3 ON CONFLICT (enterprise_id, "
	"parent_enterprise_id, item_id, day) DO UPDATE SET value = value + excluded.value, n = n "
	"+ excluded.n",
    [M_MONTHS_ALL - SQ_METERS_BASE] =
	"SELECT r.meter_id, r.month, r.value, r.days, r.flags FROM reading_month r WHERE r.month "
	"BETWEEN ?2 AND ?3 AND (?1 = 0 OR r.meter_id IN (SELECT id FROM meter WHERE enterprise_id "
	"= ?1)) ORDER BY r.meter_id, r.month",
    /* the park: main meters only (a sub-meter's master counts it already) */
    [M_TOTALS_PARK - SQ_METERS_BASE] =
	"SELECT i.code, t.day, sum(t.value), sum(t.n) FROM reading_total_day t JOIN item i ON i.id "
	"= t.item_id WHERE t.day BETWEEN ?1 AND ?2 AND t.parent_enterprise_id = 0 GROUP BY "
	"t.item_id, t.day HAVING sum(t.n) > 0 ORDER BY i.code, t.day",
    /* an enterprise: its meters but those under a master of its own */
    [M_TOTALS_ENT - SQ_METERS_BASE] =
	"SELECT i.code, t.day, sum(t.value), sum(t.n) FROM reading_total_day t JOIN item i ON i.id "
	"= t.item_id WHERE t.enterprise_id = ?3 AND t.day BETWEEN ?1 AND ?2 AND "
	"t.parent_enterprise_id <> ?3 GROUP BY t.item_id, t.day HAVING sum(t.n) > 0 ORDER BY "
	"i.code, t.day",
};

static sqlite3_stmt *mstmt_of(struct store *st, int slot, struct gp_err *err)
{
	return sq_stmt(st, slot, sql[slot - SQ_METERS_BASE], err);
}

static int sq_meter_add(struct store *st, const struct meter *m, const char *actor, int64_t *id,
			struct gp_err *err)
{
	sqlite3_stmt *s;
	char *after = NULL;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (!(s = mstmt_of(st, M_INSERT, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sq_bind_text(s, 1, m->code);
	sq_bind_text(s, 2, m->uscc);
	sq_bind_text(s, 3, m->item);
	sq_bind_text(s, 4, m->unit);
	sqlite3_bind_double(s, 5, m->to_canonical);
	sq_bind_text(s, 6, meter_kind_name(m->kind));
	sqlite3_bind_double(s, 7, m->multiplier);
	sq_bind_double_or_null(s, 8, m->rollover);
	sqlite3_bind_int(s, 9, m->interval_s);
	sq_bind_text(s, 10, m->parent[0] ? m->parent : NULL);
	sq_bind_text(s, 11, m->formula[0] ? m->formula : NULL);
	if ((rc = sq_step_done(st, s, err, "meter")) != GP_OK) {
		if (rc == GP_ECONFLICT)
			gp_err_set(err, GP_ECONFLICT, "meter %s exists already", m->code);
		goto done;
	}
	if (sq_changes(st) != 1) {
		rc = gp_err_set(err, GP_ENOTFOUND,
				"enterprise %s or item '%s' does not exist (see 'greenpark "
				"enterprises' and data/items.csv)",
				m->uscc, m->item);
		goto done;
	}
	*id = sq_last_rowid(st);
	if ((s = mstmt_of(st, M_JSON, NULL))) {
		sqlite3_bind_int64(s, 1, *id);
		after = sq_json_row(s);
	}
	rc = sq_audit_add(st, actor, "insert", "meter", m->code, NULL, after, err);
done:
	free(after);
	return sq_sp_end(st, rc);
}

static void read_meter(sqlite3_stmt *s, void *row)
{
	struct meter *m = row;
	char kind[16];

	m->id = sqlite3_column_int64(s, 0);
	sq_col_text(s, 1, m->code, sizeof(m->code));
	m->enterprise_id = sqlite3_column_int64(s, 2);
	sq_col_text(s, 3, m->uscc, sizeof(m->uscc));
	sq_col_text(s, 4, m->item, sizeof(m->item));
	sq_col_text(s, 5, m->unit, sizeof(m->unit));
	m->to_canonical = sqlite3_column_double(s, 6);
	sq_col_text(s, 7, kind, sizeof(kind));
	if (meter_kind_parse(kind, &m->kind, NULL) != GP_OK)
		m->kind = METER_INTERVAL;
	m->multiplier = sqlite3_column_double(s, 8);
	m->rollover = sq_col_double_or_nan(s, 9);
	m->interval_s = sqlite3_column_int(s, 10);
	m->parent_id = sqlite3_column_int64(s, 11);
	sq_col_text(s, 12, m->parent, sizeof(m->parent));
	sq_col_text(s, 13, m->formula, sizeof(m->formula));
}

static int sq_meter_find(struct store *st, const char *code, struct meter *out, struct gp_err *err)
{
	struct meter *list;
	size_t n;
	sqlite3_stmt *s = mstmt_of(st, M_FIND, err);
	int rc;

	if (s)
		sq_bind_text(s, 1, code);
	if ((rc = sq_collect_rows(st, s, sizeof(*list), read_meter, "meter", (void **)&list, &n,
				  err)) != GP_OK)
		return rc;
	if (n)
		*out = list[0];
	else
		rc = gp_err_set(err, GP_ENOTFOUND, "no meter '%s' (see 'greenpark meter list')",
				code);
	free(list);
	return rc;
}

static int sq_meter_list(struct store *st, int64_t enterprise_id, struct meter **out, size_t *n,
			 struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, M_LIST, err);

	if (s)
		sqlite3_bind_int64(s, 1, enterprise_id);
	return sq_collect_rows(st, s, sizeof(**out), read_meter, "meters", (void **)out, n, err);
}

void meter_day_row_release(struct meter_day_row *r)
{
	free(r->points);
	free(r->hours);
	r->points = r->hours = NULL;
	r->points_len = r->hours_len = 0;
}

static unsigned char *col_blob(sqlite3_stmt *s, int i, size_t *len)
{
	const void *b = sqlite3_column_blob(s, i);
	int n = sqlite3_column_bytes(s, i);
	unsigned char *out = xmalloc(n > 0 ? (size_t)n : 1);

	if (b && n > 0)
		memcpy(out, b, (size_t)n);
	*len = n > 0 ? (size_t)n : 0;
	return out;
}

/* Fills r from the current row of a DAY_COLS statement; with copy the blobs are copied
 * (owned by r), else they point into the statement's row. */
static void read_day(sqlite3_stmt *s, struct meter_day_row *r, bool copy)
{
	r->meter_id = sqlite3_column_int64(s, 0);
	r->day = (long)sqlite3_column_int64(s, 1);
	r->n = (size_t)sqlite3_column_int64(s, 2);
	if (copy) {
		r->points = col_blob(s, 3, &r->points_len);
		r->hours = col_blob(s, 4, &r->hours_len);
	} else {
		r->points = (unsigned char *)sqlite3_column_blob(s, 3);
		r->points_len = (size_t)sqlite3_column_bytes(s, 3);
		r->hours = (unsigned char *)sqlite3_column_blob(s, 4);
		r->hours_len = (size_t)sqlite3_column_bytes(s, 4);
	}
	r->value = sq_col_double_or_nan(s, 5);
	r->flags = sqlite3_column_int(s, 6);
}

static int one_day(struct store *st, int slot, int64_t meter_id, long day,
		   struct meter_day_row *out, struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, slot, err);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, meter_id);
	sqlite3_bind_int64(s, 2, day);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_day(s, out, true);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return GP_OK;
	return rc == SQLITE_DONE ? GP_ENOTFOUND : sq_db_err(st, err, "reading day");
}

static int sq_day_get(struct store *st, int64_t meter_id, long day, struct meter_day_row *out,
		      struct gp_err *err)
{
	return one_day(st, M_DAY_GET, meter_id, day, out, err);
}

static int sq_day_near(struct store *st, int64_t meter_id, long day, int dir,
		       struct meter_day_row *out, struct gp_err *err)
{
	return one_day(st, dir < 0 ? M_DAY_BEFORE : M_DAY_AFTER, meter_id, day, out, err);
}

static int sq_day_put(struct store *st, const struct meter_day_row *r, struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, M_DAY_PUT, err);

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, r->meter_id);
	sqlite3_bind_int64(s, 2, r->day);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)r->n);
	sqlite3_bind_blob(s, 4, r->points, (int)r->points_len, SQLITE_STATIC);
	sqlite3_bind_blob(s, 5, r->hours, (int)r->hours_len, SQLITE_STATIC);
	sq_bind_double_or_null(s, 6, r->value);
	sqlite3_bind_int(s, 7, r->flags);
	return sq_step_done(st, s, err, "reading day");
}

static int sq_days_range(struct store *st, int64_t meter_id, long from, long to,
			 void (*fn)(void *arg, const struct meter_day_row *r), void *arg,
			 struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, M_DAYS, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, meter_id);
	sqlite3_bind_int64(s, 2, from);
	sqlite3_bind_int64(s, 3, to);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct meter_day_row r;
		read_day(s, &r, false);
		fn(arg, &r);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? GP_OK : sq_db_err(st, err, "reading days");
}

static int sq_month_put(struct store *st, const struct meter_month_row *r, struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, M_MONTH_PUT, err);

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, r->meter_id);
	sqlite3_bind_int(s, 2, r->month);
	sq_bind_double_or_null(s, 3, r->value);
	sqlite3_bind_int(s, 4, r->days);
	sqlite3_bind_int(s, 5, r->flags);
	return sq_step_done(st, s, err, "reading month");
}

/* Steps s, whose columns are a month row's, calling fn for each row; resets s. */
static int month_rows(struct store *st, sqlite3_stmt *s,
		      void (*fn)(void *arg, const struct meter_month_row *r), void *arg,
		      struct gp_err *err)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct meter_month_row r = {sqlite3_column_int64(s, 0), sqlite3_column_int(s, 1),
					    sq_col_double_or_nan(s, 2), sqlite3_column_int(s, 3),
					    sqlite3_column_int(s, 4)};
		fn(arg, &r);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? GP_OK : sq_db_err(st, err, "reading months");
}

static int sq_months_range(struct store *st, int64_t meter_id, int from, int to,
			   void (*fn)(void *arg, const struct meter_month_row *r), void *arg,
			   struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, M_MONTHS, err);

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, meter_id);
	sqlite3_bind_int(s, 2, from);
	sqlite3_bind_int(s, 3, to);
	return month_rows(st, s, fn, arg, err);
}

static int sq_reading_bytes(struct store *st, long long *bytes, long long *points,
			    struct gp_err *err)
{
	/* dbstat counts the pages the rows take, overhead included; a SQLite built without
	 * it falls back to the blobs and a fixed row overhead */
	sqlite3_stmt *s = mstmt_of(st, M_BYTES, NULL);
	int rc;

	if (!s)
		s = mstmt_of(st, M_BYTES_PLAIN, err);
	if (!s)
		return GP_ESTORE;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*bytes = sqlite3_column_int64(s, 0);
		*points = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? GP_OK : sq_db_err(st, err, "reading bytes");
}

/* The mapping of topic as JSON (for the audit row), or NULL. */
static char *topic_json(struct store *st, const char *topic)
{
	sqlite3_stmt *s = mstmt_of(st, M_TOPIC_JSON, NULL);

	if (!s)
		return NULL;
	sq_bind_text(s, 1, topic);
	return sq_json_row(s);
}

static int sq_topic_put(struct store *st, const char *topic, const char *meter_code,
			const char *actor, struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before = NULL, *after = NULL;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	before = topic_json(st, topic);
	if (!(s = mstmt_of(st, M_TOPIC_PUT, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sq_bind_text(s, 1, topic);
	sq_bind_text(s, 2, meter_code);
	if ((rc = sq_step_done(st, s, err, "mqtt topic")) != GP_OK)
		goto done;
	if (sq_changes(st) < 1) {
		rc = gp_err_set(err, GP_ENOTFOUND, "no meter '%s' (see 'greenpark meter list')",
				meter_code);
		goto done;
	}
	after = topic_json(st, topic);
	rc = sq_audit_add(st, actor, before ? "update" : "insert", "mqtt_topic", topic, before,
			  after, err);
done:
	free(before);
	free(after);
	return sq_sp_end(st, rc);
}

static int sq_topic_remove(struct store *st, const char *topic, const char *actor,
			   struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before = NULL;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (!(before = topic_json(st, topic))) {
		rc = gp_err_set(err, GP_ENOTFOUND,
				"topic '%s' is not mapped (see 'greenpark meter topic list')",
				topic);
		goto done;
	}
	if (!(s = mstmt_of(st, M_TOPIC_DEL, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sq_bind_text(s, 1, topic);
	if ((rc = sq_step_done(st, s, err, "mqtt topic")) != GP_OK)
		goto done;
	rc = sq_audit_add(st, actor, "delete", "mqtt_topic", topic, before, NULL, err);
done:
	free(before);
	return sq_sp_end(st, rc);
}

static int sq_topic_find(struct store *st, const char *topic, char meter_code[METER_CODE_MAX + 1],
			 struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, M_TOPIC_FIND, err);
	int rc;

	meter_code[0] = '\0';
	if (!s)
		return GP_ESTORE;
	sq_bind_text(s, 1, topic);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		sq_col_text(s, 0, meter_code, METER_CODE_MAX + 1);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return GP_OK;
	return rc == SQLITE_DONE ? GP_ENOTFOUND : sq_db_err(st, err, "mqtt topic");
}

static void read_topic(sqlite3_stmt *s, void *row)
{
	struct mqtt_topic_row *r = row;

	sq_col_text(s, 0, r->topic, sizeof(r->topic));
	sq_col_text(s, 1, r->meter, sizeof(r->meter));
}

static int sq_topic_list(struct store *st, struct mqtt_topic_row **out, size_t *n,
			 struct gp_err *err)
{
	return sq_collect_rows(st, mstmt_of(st, M_TOPIC_LIST, err), sizeof(**out), read_topic,
			       "mqtt topics", (void **)out, n, err);
}

static int sq_meter_version(struct store *st, char *key, size_t keysz, struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, M_VERSION, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW &&
	    !str_fmt(key, keysz, "%lld %lld %s", (long long)sqlite3_column_int64(s, 0),
		     (long long)sqlite3_column_int64(s, 1), sq_path(st)))
		rc = SQLITE_TOOBIG;
	sqlite3_reset(s);
	if (rc == SQLITE_TOOBIG)
		return gp_err_set(err, GP_ETOOBIG, "store %s: path too long", sq_path(st));
	return rc == SQLITE_ROW ? GP_OK : sq_db_err(st, err, "meters");
}

static int sq_total_add(struct store *st, int64_t enterprise_id, int64_t parent_enterprise_id,
			const char *item, long day, double dvalue, int dn, struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, M_TOTAL_ADD, err);

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, enterprise_id);
	sqlite3_bind_int64(s, 2, parent_enterprise_id);
	sq_bind_text(s, 3, item);
	sqlite3_bind_int64(s, 4, day);
	sqlite3_bind_double(s, 5, dvalue);
	sqlite3_bind_int(s, 6, dn);
	return sq_step_done(st, s, err, "park totals");
}

static int sq_months_all(struct store *st, int64_t enterprise_id, int from, int to,
			 void (*fn)(void *arg, const struct meter_month_row *r), void *arg,
			 struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, M_MONTHS_ALL, err);

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, enterprise_id);
	sqlite3_bind_int(s, 2, from);
	sqlite3_bind_int(s, 3, to);
	return month_rows(st, s, fn, arg, err);
}

static int sq_totals_range(struct store *st, int64_t enterprise_id, long from, long to,
			   void (*fn)(void *arg, const struct meter_total_row *r), void *arg,
			   struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, enterprise_id ? M_TOTALS_ENT : M_TOTALS_PARK, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	if (enterprise_id)
		sqlite3_bind_int64(s, 3, enterprise_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct meter_total_row r = {(const char *)sqlite3_column_text(s, 0),
					    sqlite3_column_int64(s, 1), sqlite3_column_double(s, 2),
					    sqlite3_column_int64(s, 3)};
		fn(arg, &r);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? GP_OK : sq_db_err(st, err, "park totals");
}

/* ---- the readings' log (0011_reading_log.sql) ---- */

static int sq_log_append(struct store *st, const unsigned char *blob, size_t len, size_t n,
			 struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, M_LOG_ADD, err);

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)n);
	sqlite3_bind_blob(s, 2, blob, (int)len, SQLITE_STATIC);
	return sq_step_done(st, s, err, "readings log");
}

static int sq_log_scan(struct store *st, size_t max_points,
		       int (*fn)(void *arg, const unsigned char *blob, size_t len, size_t n),
		       void *arg, int64_t *last_id, struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, M_LOG_SCAN, err);
	size_t total = 0;
	int rc = GP_OK, step;

	*last_id = 0;
	if (!s)
		return GP_ESTORE;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_int64(s, 1);
		const unsigned char *b = sqlite3_column_blob(s, 2);
		size_t len = (size_t)sqlite3_column_bytes(s, 2);
		if (*last_id && total + n > max_points)
			break; /* the first row always, then rows while they fit */
		if ((rc = fn(arg, b, len, n)) != GP_OK)
			break;
		*last_id = sqlite3_column_int64(s, 0);
		total += n;
	}
	if (rc == GP_OK && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = sq_db_err(st, err, "readings log");
	sqlite3_reset(s);
	return rc;
}

static int sq_log_first(struct store *st, int64_t *id, struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, M_LOG_FIRST, err);
	int rc;

	*id = 0;
	if (!s)
		return GP_ESTORE;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? GP_OK : sq_db_err(st, err, "readings log");
}

static int sq_log_delete(struct store *st, int64_t upto_id, struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, M_LOG_DEL, err);

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, upto_id);
	return sq_step_done(st, s, err, "readings log");
}

static int sq_log_pending(struct store *st, long long *points, struct gp_err *err)
{
	sqlite3_stmt *s = mstmt_of(st, M_LOG_PENDING, err);
	int rc;

	*points = 0;
	if (!s)
		return GP_ESTORE;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*points = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? GP_OK : sq_db_err(st, err, "readings log");
}

const struct meters_store_ops store_sqlite_meters_ops = {
    .meter_add = sq_meter_add,
    .meter_find = sq_meter_find,
    .meter_list = sq_meter_list,
    .day_get = sq_day_get,
    .day_near = sq_day_near,
    .day_put = sq_day_put,
    .days_range = sq_days_range,
    .month_put = sq_month_put,
    .months_range = sq_months_range,
    .reading_bytes = sq_reading_bytes,
    .topic_put = sq_topic_put,
    .topic_remove = sq_topic_remove,
    .topic_find = sq_topic_find,
    .topic_list = sq_topic_list,
    .log_append = sq_log_append,
    .log_scan = sq_log_scan,
    .log_delete = sq_log_delete,
    .log_pending = sq_log_pending,
    .log_first = sq_log_first,
    .meter_version = sq_meter_version,
    .total_add = sq_total_add,
    .months_all = sq_months_all,
    .totals_range = sq_totals_range,
};
