/* test_store.c — the SQLite backend (src/store/store_sqlite.c) through struct store_ops:
 * opening and migrating, the park and its registry, ledger batches and their yearly sums,
 * factor overrides. Every store lives in its own mkdtemp directory, removed afterwards.
 * Expected values are written in the test (the arithmetic in comments); where the file
 * itself is checked, it is read with sqlite3 directly, not through the store. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "near.h"
#include <jansson.h>
#include <sqlite3.h>

#include "core/factors.h"
#include "report/rankings.h"
#include "core/registry.h"
#include "store/store.h"
#include "util/str.h"

#include "store_helpers.h"

#define ACTOR "unit-test"

/* Valid GB 32100-2015 codes (tests/data/enterprises.csv). */
#define USCC_A "91370406MA3C00010M"
#define USCC_B "91370406MA3C00020N"
#define USCC_C "91370406MA3C00030P"

struct ledger_fx {
	int64_t a, b, c;  /* enterprises: A and B in sub-parks 1 and 2, C in none */
	int64_t sp1, sp2; /* sub-park ids */
	struct factor_lib lib;
	int elec, water; /* item indexes in lib */
	int64_t elec_id, water_id;
};
struct fx {
	char dir[256];
	char db[320];
	struct store_handle h;
	bool open;
	struct ledger_fx l; /* l.lib is released by teardown */
};

/* ---- helpers ---- */

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");

	if (!f)
		return -1;
	if (!str_fmt(f->dir, sizeof(f->dir), "%s/gp-store.XXXXXX", tmp && *tmp ? tmp : "/tmp") ||
	    !mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	if (!str_fmt(f->db, sizeof(f->db), "%s/park.db", f->dir)) {
		rmdir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	if (f->open)
		store_close(&f->h);
	factors_release(&f->l.lib);
	remove_db_files(f->db);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Opens f->db for creation and migrates it to the current schema. */
static void open_new(struct fx *f)
{
	struct gp_err err;
	int from = -1, to = -1;

	assert_int_equal(store_open(f->db, STORE_OPEN_CREATE, &f->h, &err), GP_OK);
	f->open = true;
	assert_int_equal(f->h.ops->migrate(f->h.st, &from, &to, &err), GP_OK);
	assert_int_equal(from, 0);
	assert_int_equal(to, store_current_version());
}

static void close_store(struct fx *f)
{
	if (f->open)
		store_close(&f->h);
	f->open = false;
}

static void sql_exec(const char *db, const char *sql)
{
	sqlite3 *c = NULL;
	char *msg = NULL;
	int rc;

	assert_int_equal(sqlite3_open_v2(db, &c, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
			 SQLITE_OK);
	rc = sqlite3_exec(c, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		print_error("sql '%s': %s\n", sql, msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(c);
	assert_int_equal(rc, SQLITE_OK);
}

static size_t audit_count(struct fx *f, const char *entity)
{
	return audit_count_of(&f->h, entity);
}

/* A number or string member of a JSON object text. */
static double json_num(const char *text, const char *key)
{
	json_error_t je;
	json_t *o, *v;
	double d;

	assert_non_null(text);
	o = json_loads(text, 0, &je);
	assert_non_null(o);
	v = json_object_get(o, key);
	assert_true(json_is_number(v));
	d = json_number_value(v);
	json_decref(o);
	return d;
}

static bool json_str_is(const char *text, const char *key, const char *want)
{
	json_error_t je;
	json_t *o, *v;
	bool eq;

	if (!text)
		return false;
	o = json_loads(text, 0, &je);
	if (!o)
		return false;
	v = json_object_get(o, key);
	eq = json_is_string(v) && strcmp(json_string_value(v), want) == 0;
	json_decref(o);
	return eq;
}

static void put_item(struct fx *f, const char *code, const char *category, const char *unit,
		     const char *alt, enum item_kind kind)
{
	struct item it;
	struct gp_err err;

	memset(&it, 0, sizeof(it));
	str_copy(it.code, sizeof(it.code), code);
	str_copy(it.category, sizeof(it.category), category);
	str_copy(it.unit, sizeof(it.unit), unit);
	str_copy(it.name_zh, sizeof(it.name_zh), code);
	str_copy(it.name_en, sizeof(it.name_en), code);
	it.tce_per_unit = NAN;
	it.ncv_gj_per_unit = NAN;
	it.cc_tc_per_tj = NAN;
	it.oxidation = NAN;
	it.kind = kind;
	it.confidence = CONF_CONFIRMED;
	str_copy(it.source, sizeof(it.source), "test");
	assert_int_equal(item_prepare(&it, alt, &err), GP_OK);
	assert_int_equal(f->h.ops->item_put(f->h.st, &it, alt, &err), GP_OK);
}

static void make_ent(struct enterprise *e, const char *uscc, const char *name, const char *subpark)
{
	memset(e, 0, sizeof(*e));
	str_copy(e->uscc, sizeof(e->uscc), uscc);
	str_copy(e->name, sizeof(e->name), name);
	str_copy(e->subpark, sizeof(e->subpark), subpark);
	str_copy(e->industry_code, sizeof(e->industry_code), "C2929");
	e->leading = LEADING_NEW_ENERGY_MATERIALS;
	e->high_tech = true;
	e->srdi = false;
	e->employees = 100;
	e->land_m2 = 1000;
}

struct row_acc {
	size_t n;
	double sum;
};

static void acc_row(void *arg, const struct activity_row *r)
{
	struct row_acc *a = arg;
	a->n++;
	a->sum += r->quantity;
}

static struct row_acc all_rows(struct fx *f)
{
	struct activity_filter flt = {0, 0, 0};
	struct row_acc a = {0, 0};
	struct gp_err err;

	assert_int_equal(f->h.ops->activity_list(f->h.st, &flt, acc_row, &a, &err), GP_OK);
	return a;
}

/* ---- opening and schema ---- */

static void open_missing_existing(void **state)
{
	struct fx *f = *state;
	struct store_handle h;
	struct gp_err err;

	assert_int_equal(store_open(f->db, STORE_OPEN_EXISTING, &h, &err), GP_ESCHEMA);
	assert_int_equal(err.status, GP_ESCHEMA);
	assert_non_null(strstr(err.msg, "greenpark init"));
	/* refusing is not creating */
	assert_int_not_equal(access(f->db, F_OK), 0);
}

/* A file that exists but has no schema (version 0) is also refused, with the same advice. */
static void open_unmigrated_existing(void **state)
{
	struct fx *f = *state;
	struct store_handle h;
	struct gp_err err;

	assert_int_equal(store_open(f->db, STORE_OPEN_CREATE, &f->h, &err), GP_OK);
	f->open = true;
	close_store(f);
	assert_int_equal(store_open(f->db, STORE_OPEN_EXISTING, &h, &err), GP_ESCHEMA);
	assert_non_null(strstr(err.msg, "greenpark init"));
}

static void migrate_new_and_again(void **state)
{
	struct fx *f = *state;
	struct gp_err err;
	int from = -1, to = -1, v = -1;

	assert_true(store_current_version() >= 1); /* 0001_init.sql at least */
	assert_int_equal(store_open(f->db, STORE_OPEN_CREATE, &f->h, &err), GP_OK);
	f->open = true;
	assert_int_equal(f->h.ops->schema_version(f->h.st, &v, &err), GP_OK);
	assert_int_equal(v, 0);
	assert_int_equal(f->h.ops->migrate(f->h.st, &from, &to, &err), GP_OK);
	assert_int_equal(from, 0);
	assert_int_equal(to, store_current_version());
	assert_int_equal(f->h.ops->schema_version(f->h.st, &v, &err), GP_OK);
	assert_int_equal(v, store_current_version());
	/* the second time there is nothing to do */
	from = to = -1;
	assert_int_equal(f->h.ops->migrate(f->h.st, &from, &to, &err), GP_OK);
	assert_int_equal(from, store_current_version());
	assert_int_equal(to, store_current_version());
	close_store(f);
	/* one schema_version row per migration, none applied twice */
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM schema_version"),
			 store_current_version());
	/* the park row of 0001_init.sql exists once */
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM park"), 1);
	/* and the store now opens as an existing one */
	assert_int_equal(store_open(f->db, STORE_OPEN_EXISTING, &f->h, &err), GP_OK);
	f->open = true;
}

static void newer_schema_refused(void **state)
{
	struct fx *f = *state;
	struct store_handle h;
	struct gp_err err;
	char sql[256];
	int from = -1, to = -1;
	int newer = store_current_version() + 1;

	assert_true(str_fmt(sql, sizeof(sql),
			    "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT "
			    "NOT NULL, applied_at TEXT NOT NULL); INSERT INTO schema_version "
			    "VALUES (%d, 'from the future', '2099-01-01T00:00:00Z')",
			    newer));
	sql_exec(f->db, sql);
	assert_int_equal(store_open(f->db, STORE_OPEN_EXISTING, &h, &err), GP_ESCHEMA);
	assert_non_null(strstr(err.msg, "newer"));
	/* init (open for creation, then migrate) refuses it as well and changes nothing */
	assert_int_equal(store_open(f->db, STORE_OPEN_CREATE, &f->h, &err), GP_OK);
	f->open = true;
	assert_int_equal(f->h.ops->migrate(f->h.st, &from, &to, &err), GP_ESCHEMA);
	assert_int_equal(from, newer);
	close_store(f);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM schema_version"), 1);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM sqlite_master WHERE name = 'park'"),
			 0);
}

/* WAL mode is a property of the file: it persists after the store is closed. */
static void wal_journal_mode(void **state)
{
	struct fx *f = *state;
	sqlite3 *c;
	sqlite3_stmt *s;

	open_new(f);
	close_store(f);
	assert_int_equal(sqlite3_open_v2(f->db, &c, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(c, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	sqlite3_close(c);
}

static long long pragma_int(const char *db, const char *sql)
{
	sqlite3 *c;
	sqlite3_stmt *s;
	long long v;

	assert_int_equal(sqlite3_open_v2(db, &c, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(c);
	return v;
}

/* A new store has auto_vacuum = INCREMENTAL (2), and reclaim gives back the pages that a
 * burst of log rows left free: below its threshold it leaves them, at it the file shrinks. */
static void reclaim_returns_free_pages(void **state)
{
	struct fx *f = *state;
	struct gp_err err;
	long long before, freed;

	open_new(f);
	close_store(f);
	assert_int_equal(pragma_int(f->db, "PRAGMA auto_vacuum"), 2);
	before = pragma_int(f->db, "PRAGMA page_count");
	sql_exec(f->db,
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
		 "INSERT INTO reading_log (n, points) SELECT 1, zeroblob(4000) FROM n; "
		 "DELETE FROM reading_log");
	freed = pragma_int(f->db, "PRAGMA freelist_count");
	assert_true(freed >= 200);
	assert_int_equal(store_open(f->db, STORE_OPEN_EXISTING, &f->h, &err), GP_OK);
	f->open = true;
	assert_int_equal(f->h.ops->reclaim(f->h.st, freed + 1, &err), GP_OK);
	close_store(f);
	assert_int_equal(pragma_int(f->db, "PRAGMA freelist_count"), freed);
	assert_int_equal(store_open(f->db, STORE_OPEN_EXISTING, &f->h, &err), GP_OK);
	f->open = true;
	assert_int_equal(f->h.ops->reclaim(f->h.st, freed, &err), GP_OK);
	close_store(f);
	assert_int_equal(pragma_int(f->db, "PRAGMA freelist_count"), 0);
	assert_true(pragma_int(f->db, "PRAGMA page_count") <= before);
}

/* ---- park and registry ---- */

static void park_default_and_update(void **state)
{
	struct fx *f = *state;
	struct park p, q;
	struct audit_entry *list;
	size_t n;
	struct gp_err err;

	open_new(f);
	assert_int_equal(f->h.ops->park_get(f->h.st, &p, &err), GP_OK);
	assert_int_equal(p.id, 1);
	assert_string_equal(p.grid, "national");
	assert_string_equal(p.timezone, "Asia/Shanghai");
	assert_string_equal(p.name, "未命名园区");
	assert_near(p.land_km2, 0, 0);
	assert_int_equal(audit_count(f, "park"), 0);

	q = p;
	str_copy(q.name, sizeof(q.name), "山亭经济开发区");
	str_copy(q.grid, sizeof(q.grid), "north");
	q.land_km2 = 12.5;
	assert_int_equal(f->h.ops->park_update(f->h.st, &q, ACTOR, &err), GP_OK);
	assert_int_equal(f->h.ops->audit_list(f->h.st, 10, "park", &list, &n, &err), GP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].action, "update");
	assert_string_equal(list[0].actor, ACTOR);
	assert_true(json_str_is(list[0].before, "name", "未命名园区"));
	assert_true(json_str_is(list[0].before, "grid", "national"));
	assert_true(json_str_is(list[0].after, "name", "山亭经济开发区"));
	assert_true(json_str_is(list[0].after, "grid", "north"));
	assert_near(json_num(list[0].before, "land_km2"), 0, 0);
	assert_near(json_num(list[0].after, "land_km2"), 12.5, 0);
	audit_entries_free(list, n);

	assert_int_equal(f->h.ops->park_get(f->h.st, &p, &err), GP_OK);
	assert_string_equal(p.name, "山亭经济开发区");
	assert_string_equal(p.grid, "north");
	assert_near(p.land_km2, 12.5, 0);
	assert_string_equal(p.timezone, "Asia/Shanghai");

	/* the same values again: nothing changed, nothing audited */
	assert_int_equal(f->h.ops->park_update(f->h.st, &q, ACTOR, &err), GP_OK);
	assert_int_equal(audit_count(f, "park"), 1);
}

static void subpark_ensure_creates_once(void **state)
{
	struct fx *f = *state;
	struct subpark *list;
	size_t n;
	int64_t id1 = 0, id2 = 0, id3 = 0, found = 0;
	bool created = false;
	struct gp_err err;

	open_new(f);
	assert_int_equal(
	    f->h.ops->subpark_ensure(f->h.st, "空港产业园", ACTOR, &id1, &created, &err), GP_OK);
	assert_true(created);
	assert_true(id1 > 0);
	assert_int_equal(
	    f->h.ops->subpark_ensure(f->h.st, "空港产业园", ACTOR, &id2, &created, &err), GP_OK);
	assert_false(created);
	assert_int_equal(id2, id1);
	assert_int_equal(
	    f->h.ops->subpark_ensure(f->h.st, "翼云科创园", ACTOR, &id3, &created, &err), GP_OK);
	assert_true(created);
	assert_int_not_equal(id3, id1);
	assert_int_equal(f->h.ops->subpark_find(f->h.st, "空港产业园", &found, &err), GP_OK);
	assert_int_equal(found, id1);
	assert_int_equal(f->h.ops->subpark_find(f->h.st, "no such park", &found, &err),
			 GP_ENOTFOUND);
	assert_int_equal(f->h.ops->subpark_list(f->h.st, &list, &n, &err), GP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "空港产业园");
	assert_string_equal(list[1].name, "翼云科创园");
	free(list);
	/* one insert audited per sub-park created: 2 */
	assert_int_equal(audit_count(f, "subpark"), 2);
}

static void enterprise_upsert_results(void **state)
{
	struct fx *f = *state;
	struct enterprise e, got;
	struct audit_entry *list;
	size_t n;
	int64_t sp = 0, id = 0, id2 = 0;
	bool created;
	enum put_result res = PUT_UNCHANGED;
	struct gp_err err;

	open_new(f);
	assert_int_equal(
	    f->h.ops->subpark_ensure(f->h.st, "空港产业园", ACTOR, &sp, &created, &err), GP_OK);
	make_ent(&e, USCC_A, "山亭新材料科技有限公司", "空港产业园");
	assert_int_equal(f->h.ops->enterprise_upsert(f->h.st, &e, ACTOR, &id, &res, &err), GP_OK);
	assert_int_equal(res, PUT_INSERTED);
	assert_true(id > 0);

	/* the same record: unchanged, same id, no audit row */
	res = PUT_INSERTED;
	assert_int_equal(f->h.ops->enterprise_upsert(f->h.st, &e, ACTOR, &id2, &res, &err), GP_OK);
	assert_int_equal(res, PUT_UNCHANGED);
	assert_int_equal(id2, id);
	assert_int_equal(audit_count(f, "enterprise"), 1);

	/* a changed field: replaced, same id, audited with before and after */
	e.employees = 250;
	assert_int_equal(f->h.ops->enterprise_upsert(f->h.st, &e, ACTOR, &id2, &res, &err), GP_OK);
	assert_int_equal(res, PUT_REPLACED);
	assert_int_equal(id2, id);
	assert_int_equal(f->h.ops->audit_list(f->h.st, 10, "enterprise", &list, &n, &err), GP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].action, "update");
	assert_string_equal(list[0].key, USCC_A);
	assert_near(json_num(list[0].before, "employees"), 100, 0);
	assert_near(json_num(list[0].after, "employees"), 250, 0);
	assert_string_equal(list[1].action, "insert");
	assert_null(list[1].before);
	audit_entries_free(list, n);

	assert_int_equal(f->h.ops->enterprise_find(f->h.st, USCC_A, &got, &err), GP_OK);
	assert_int_equal(got.id, id);
	assert_int_equal(got.employees, 250);
	assert_string_equal(got.subpark, "空港产业园");
	assert_string_equal(got.industry_code, "C2929");
	assert_true(got.high_tech);
	assert_false(got.srdi);
	assert_int_equal(f->h.ops->enterprise_find(f->h.st, USCC_B, &got, &err), GP_ENOTFOUND);

	/* a sub-park that does not exist is not created by the upsert */
	make_ent(&e, USCC_B, "枣庄智能装备制造有限公司", "不存在的园区");
	assert_int_equal(f->h.ops->enterprise_upsert(f->h.st, &e, ACTOR, &id2, &res, &err),
			 GP_ENOTFOUND);
	assert_int_equal(f->h.ops->enterprise_find(f->h.st, USCC_B, &got, &err), GP_ENOTFOUND);
}

/* ---- ledger ---- */

static void ledger_setup(struct fx *f, struct ledger_fx *l)
{
	struct enterprise e;
	enum put_result res;
	bool created;
	struct gp_err err;

	open_new(f);
	put_item(f, "electricity_grid", "energy", "kWh", "MWh|万kWh", ITEM_ELECTRICITY);
	put_item(f, "water_withdrawal", "water", "m3", "万m3|t", ITEM_WATER);
	assert_int_equal(f->h.ops->factors_load(f->h.st, &l->lib, &err), GP_OK);
	assert_int_equal(l->lib.nitems, 2);
	l->elec = factors_item_index(&l->lib, "electricity_grid");
	l->water = factors_item_index(&l->lib, "water_withdrawal");
	assert_true(l->elec >= 0 && l->water >= 0);
	l->elec_id = l->lib.items[l->elec].id;
	l->water_id = l->lib.items[l->water].id;
	assert_true(l->elec_id > 0 && l->water_id > 0 && l->elec_id != l->water_id);

	assert_int_equal(
	    f->h.ops->subpark_ensure(f->h.st, "空港产业园", ACTOR, &l->sp1, &created, &err), GP_OK);
	assert_int_equal(
	    f->h.ops->subpark_ensure(f->h.st, "翼云科创园", ACTOR, &l->sp2, &created, &err), GP_OK);
	make_ent(&e, USCC_A, "A", "空港产业园");
	assert_int_equal(f->h.ops->enterprise_upsert(f->h.st, &e, ACTOR, &l->a, &res, &err), GP_OK);
	make_ent(&e, USCC_B, "B", "翼云科创园");
	assert_int_equal(f->h.ops->enterprise_upsert(f->h.st, &e, ACTOR, &l->b, &res, &err), GP_OK);
	make_ent(&e, USCC_C, "C", "");
	assert_int_equal(f->h.ops->enterprise_upsert(f->h.st, &e, ACTOR, &l->c, &res, &err), GP_OK);
}

static void year_q(struct fx *f, struct ledger_fx *l, int year, int kind, int64_t id, double *q)
{
	struct scope sc;
	struct gp_err err;

	memset(&sc, 0, sizeof(sc));
	sc.kind = kind;
	sc.id = id;
	assert_int_equal(store_year_quantities(&f->h, &l->lib, year, &sc, q, &err), GP_OK);
}

static void batch_abort_leaves_nothing(void **state)
{
	struct fx *f = *state;
	struct ledger_fx *l = &f->l;
	struct row_acc a;
	int64_t batch = 0;
	double q[2];
	struct gp_err err;

	ledger_setup(f, l);
	assert_int_equal(f->h.ops->batch_begin(f->h.st, ACTOR, "import", "abort.csv", &batch, &err),
			 GP_OK);
	assert_true(batch > 0);
	for (int m = 1; m <= 12; m++)
		assert_int_equal(f->h.ops->activity_put(f->h.st, batch, l->a, 202300 + m,
							l->elec_id, 100.0 * m, &err),
				 GP_OK);
	/* the open batch's rows are not visible to another connection */
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM activity"), 0);
	f->h.ops->batch_abort(f->h.st, batch);

	a = all_rows(f);
	assert_int_equal(a.n, 0);
	year_q(f, l, 2023, SCOPE_PARK, 0, q);
	assert_near(q[l->elec], 0, 0);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM ledger_batch"), 0);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM activity_year"), 0);
	assert_int_equal(audit_count(f, "activity"), 0);

	/* the store is usable afterwards: a new batch commits */
	assert_int_equal(f->h.ops->batch_begin(f->h.st, ACTOR, "import", "after.csv", &batch, &err),
			 GP_OK);
	assert_int_equal(
	    f->h.ops->activity_put(f->h.st, batch, l->a, 202301, l->elec_id, 42.0, &err), GP_OK);
	{
		struct batch_stats bs;
		assert_int_equal(f->h.ops->batch_commit(f->h.st, batch, &bs, &err), GP_OK);
		assert_int_equal(bs.inserted, 1);
	}
	close_store(f);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM ledger_batch"), 1);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM activity"), 1);
}

/* A's monthly electricity in 2023 is 1000 × m kWh (m = 1..12): Σ = 1000 × 78 = 78000.
 * B's is 10 × m: Σ = 780. C's is 1 kWh a month: Σ = 12. A also has 2022-12 (5000) and
 * 2024-01 (7777), which belong to other years. A's water: 3 m3 in 2023-05 only.
 * Park 2023 electricity: 78000 + 780 + 12 = 78792. */
static void batch_commit_year_sums(void **state)
{
	struct fx *f = *state;
	struct ledger_fx *l = &f->l;
	struct batch_stats bs;
	struct audit_entry *list;
	size_t n;
	int64_t batch = 0, batch2 = 0;
	double q[2];
	struct gp_err err;

	ledger_setup(f, l);
	assert_int_equal(f->h.ops->batch_begin(f->h.st, ACTOR, "import", "year.csv", &batch, &err),
			 GP_OK);
	for (int m = 1; m <= 12; m++) {
		assert_int_equal(f->h.ops->activity_put(f->h.st, batch, l->a, 202300 + m,
							l->elec_id, 1000.0 * m, &err),
				 GP_OK);
		assert_int_equal(f->h.ops->activity_put(f->h.st, batch, l->b, 202300 + m,
							l->elec_id, 10.0 * m, &err),
				 GP_OK);
		assert_int_equal(
		    f->h.ops->activity_put(f->h.st, batch, l->c, 202300 + m, l->elec_id, 1.0, &err),
		    GP_OK);
	}
	assert_int_equal(
	    f->h.ops->activity_put(f->h.st, batch, l->a, 202212, l->elec_id, 5000.0, &err), GP_OK);
	assert_int_equal(
	    f->h.ops->activity_put(f->h.st, batch, l->a, 202401, l->elec_id, 7777.0, &err), GP_OK);
	assert_int_equal(
	    f->h.ops->activity_put(f->h.st, batch, l->a, 202305, l->water_id, 3.0, &err), GP_OK);
	assert_int_equal(f->h.ops->batch_commit(f->h.st, batch, &bs, &err), GP_OK);
	/* 3 × 12 + 2 + 1 = 39 new rows */
	assert_int_equal(bs.inserted, 39);
	assert_int_equal(bs.replaced, 0);
	assert_int_equal(bs.unchanged, 0);
	assert_int_equal(all_rows(f).n, 39);

	year_q(f, l, 2023, SCOPE_PARK, 0, q);
	assert_near(q[l->elec], 78792.0, 1e-9);
	assert_near(q[l->water], 3.0, 1e-12);
	year_q(f, l, 2023, SCOPE_SUBPARK, l->sp1, q);
	assert_near(q[l->elec], 78000.0, 1e-9);
	assert_near(q[l->water], 3.0, 1e-12);
	year_q(f, l, 2023, SCOPE_SUBPARK, l->sp2, q);
	assert_near(q[l->elec], 780.0, 1e-9);
	assert_near(q[l->water], 0.0, 0);
	year_q(f, l, 2023, SCOPE_ENTERPRISE, l->a, q);
	assert_near(q[l->elec], 78000.0, 1e-9);
	year_q(f, l, 2023, SCOPE_ENTERPRISE, l->b, q);
	assert_near(q[l->elec], 780.0, 1e-9);
	year_q(f, l, 2023, SCOPE_ENTERPRISE, l->c, q);
	assert_near(q[l->elec], 12.0, 1e-12);
	year_q(f, l, 2022, SCOPE_PARK, 0, q);
	assert_near(q[l->elec], 5000.0, 0);
	year_q(f, l, 2024, SCOPE_ENTERPRISE, l->a, q);
	assert_near(q[l->elec], 7777.0, 0);
	year_q(f, l, 2021, SCOPE_PARK, 0, q);
	assert_near(q[l->elec], 0.0, 0);

	/* Second batch: A's 2023-06 6000 → 6500 (+500), A's 2023-07 7000 again (unchanged),
	 * B's 2023-02 20 → 5 (−15). Park 78792 + 500 − 15 = 79277; A 78500; B 765. */
	assert_int_equal(
	    f->h.ops->batch_begin(f->h.st, ACTOR, "import", "again.csv", &batch2, &err), GP_OK);
	assert_true(batch2 > batch);
	assert_int_equal(
	    f->h.ops->activity_put(f->h.st, batch2, l->a, 202306, l->elec_id, 6500.0, &err), GP_OK);
	assert_int_equal(
	    f->h.ops->activity_put(f->h.st, batch2, l->a, 202307, l->elec_id, 7000.0, &err), GP_OK);
	assert_int_equal(
	    f->h.ops->activity_put(f->h.st, batch2, l->b, 202302, l->elec_id, 5.0, &err), GP_OK);
	assert_int_equal(f->h.ops->batch_commit(f->h.st, batch2, &bs, &err), GP_OK);
	assert_int_equal(bs.inserted, 0);
	assert_int_equal(bs.replaced, 2);
	assert_int_equal(bs.unchanged, 1);
	assert_int_equal(all_rows(f).n, 39);

	year_q(f, l, 2023, SCOPE_PARK, 0, q);
	assert_near(q[l->elec], 79277.0, 1e-9);
	year_q(f, l, 2023, SCOPE_SUBPARK, l->sp1, q);
	assert_near(q[l->elec], 78500.0, 1e-9);
	year_q(f, l, 2023, SCOPE_ENTERPRISE, l->a, q);
	assert_near(q[l->elec], 78500.0, 1e-9);
	year_q(f, l, 2023, SCOPE_ENTERPRISE, l->b, q);
	assert_near(q[l->elec], 765.0, 1e-9);
	/* other years untouched */
	year_q(f, l, 2022, SCOPE_PARK, 0, q);
	assert_near(q[l->elec], 5000.0, 0);

	/* the two replacements are audited with the old and new quantity */
	assert_int_equal(f->h.ops->audit_list(f->h.st, 10, "activity", &list, &n, &err), GP_OK);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(list[i].action, "replace");
		if (strcmp(list[i].key, USCC_A "/2023-06/electricity_grid") == 0) {
			assert_near(json_num(list[i].before, "quantity"), 6000.0, 0);
			assert_near(json_num(list[i].after, "quantity"), 6500.0, 0);
		} else {
			assert_string_equal(list[i].key, USCC_B "/2023-02/electricity_grid");
			assert_near(json_num(list[i].before, "quantity"), 20.0, 0);
			assert_near(json_num(list[i].after, "quantity"), 5.0, 0);
		}
		assert_near(json_num(list[i].after, "batch"), (double)batch2, 0);
		assert_near(json_num(list[i].before, "batch"), (double)batch, 0);
	}
	audit_entries_free(list, n);
}

/* Foreign keys are on: a row for an enterprise id that does not exist cannot get a
 * yearly sum (activity_year.enterprise_id references enterprise), so the batch fails
 * at commit and leaves nothing. With foreign keys off the commit would succeed. */
static void foreign_keys_enforced(void **state)
{
	struct fx *f = *state;
	struct ledger_fx *l = &f->l;
	struct batch_stats bs;
	int64_t batch = 0;
	int rc;
	struct gp_err err;

	ledger_setup(f, l);
	assert_int_equal(f->h.ops->batch_begin(f->h.st, ACTOR, "import", "fk.csv", &batch, &err),
			 GP_OK);
	assert_int_equal(
	    f->h.ops->activity_put(f->h.st, batch, l->a, 202301, l->elec_id, 1.0, &err), GP_OK);
	/* ids 1..3 exist; 999 does not */
	rc = f->h.ops->activity_put(f->h.st, batch, 999, 202301, l->elec_id, 1.0, &err);
	if (rc == GP_OK)
		rc = f->h.ops->batch_commit(f->h.st, batch, &bs, &err);
	else
		f->h.ops->batch_abort(f->h.st, batch);
	assert_int_not_equal(rc, GP_OK);
	assert_int_equal(all_rows(f).n, 0);
	close_store(f);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM activity"), 0);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM activity_year"), 0);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM ledger_batch"), 0);
}

/* ---- factor overrides ---- */

static void override_round_trip(void **state)
{
	struct fx *f = *state;
	struct factor_lib lib;
	struct factor_override o;
	struct audit_entry *list;
	size_t n;
	bool found = true;
	struct gp_err err;

	open_new(f);
	memset(&o, 0, sizeof(o));
	o.year = 2023;
	str_copy(o.key, sizeof(o.key), "grid.north.average");
	o.value = 0.6123;
	str_copy(o.source, sizeof(o.source), "实测 2023");
	assert_int_equal(f->h.ops->override_set(f->h.st, &o, ACTOR, &err), GP_OK);

	assert_int_equal(f->h.ops->factors_load(f->h.st, &lib, &err), GP_OK);
	assert_int_equal(lib.novr, 1);
	assert_int_equal(lib.ovr[0].year, 2023);
	assert_string_equal(lib.ovr[0].key, "grid.north.average");
	assert_near(lib.ovr[0].value, 0.6123, 0);
	assert_string_equal(lib.ovr[0].source, "实测 2023");
	assert_string_equal(lib.ovr[0].set_by, ACTOR);
	assert_true(strlen(lib.ovr[0].set_at) >= 10); /* YYYY-MM-DD... */
	factors_release(&lib);

	/* setting it again replaces the value (one row, not two) */
	o.value = 0.65;
	assert_int_equal(f->h.ops->override_set(f->h.st, &o, ACTOR, &err), GP_OK);
	assert_int_equal(f->h.ops->factors_load(f->h.st, &lib, &err), GP_OK);
	assert_int_equal(lib.novr, 1);
	assert_near(lib.ovr[0].value, 0.65, 0);
	factors_release(&lib);

	assert_int_equal(
	    f->h.ops->override_unset(f->h.st, 2023, "grid.north.average", ACTOR, &found, &err),
	    GP_OK);
	assert_true(found);
	assert_int_equal(f->h.ops->factors_load(f->h.st, &lib, &err), GP_OK);
	assert_int_equal(lib.novr, 0);
	factors_release(&lib);
	/* unsetting what is not there finds nothing and audits nothing */
	found = true;
	assert_int_equal(
	    f->h.ops->override_unset(f->h.st, 2023, "grid.north.average", ACTOR, &found, &err),
	    GP_OK);
	assert_false(found);

	/* audited: insert, update, delete (newest first) */
	assert_int_equal(f->h.ops->audit_list(f->h.st, 10, "factor_override", &list, &n, &err),
			 GP_OK);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].action, "delete");
	assert_near(json_num(list[0].before, "value"), 0.65, 0);
	assert_null(list[0].after);
	assert_string_equal(list[1].action, "update");
	assert_near(json_num(list[1].before, "value"), 0.6123, 0);
	assert_near(json_num(list[1].after, "value"), 0.65, 0);
	assert_string_equal(list[2].action, "insert");
	assert_null(list[2].before);
	assert_string_equal(list[2].key, "2023/grid.north.average");
	audit_entries_free(list, n);
}

/* Rankings by growth of value added: VA(year) / VA(year - 1) - 1, worked by hand
 * (A 150/100 - 1 = 0.5, C 180/200 - 1 = -0.1); B has no prior year, so no growth,
 * and ranks last. An industry prefix keeps only the enterprises it names. */
static void ranking_by_growth(void **state)
{
	struct fx *f = *state;
	struct ledger_fx *l = &f->l;
	struct batch_stats bs;
	struct enterprise e;
	enum put_result res;
	struct ranking rk;
	enum rank_by by;
	int64_t batch = 0, va_id, id;
	struct gp_err err;
	const struct {
		int64_t *ent;
		int period;
		double q;
	} rows[] = {{&f->l.a, 202301, 50}, {&f->l.a, 202302, 50},  {&f->l.a, 202405, 150},
		    {&f->l.b, 202407, 80}, {&f->l.c, 202303, 200}, {&f->l.c, 202411, 100},
		    {&f->l.c, 202412, 80}};

	ledger_setup(f, l);
	put_item(f, "value_added", "economic", "万元", "元|亿元", ITEM_ECONOMIC);
	factors_release(&l->lib);
	assert_int_equal(f->h.ops->factors_load(f->h.st, &l->lib, &err), GP_OK);
	va_id = l->lib.items[factors_item_index(&l->lib, "value_added")].id;
	make_ent(&e, USCC_C, "C", "");
	str_copy(e.industry_code, sizeof(e.industry_code), "C3911");
	assert_int_equal(f->h.ops->enterprise_upsert(f->h.st, &e, ACTOR, &id, &res, &err), GP_OK);
	assert_int_equal(f->h.ops->batch_begin(f->h.st, ACTOR, "import", "va.csv", &batch, &err),
			 GP_OK);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(f->h.ops->activity_put(f->h.st, batch, *rows[i].ent,
							rows[i].period, va_id, rows[i].q, &err),
				 GP_OK);
	assert_int_equal(f->h.ops->batch_commit(f->h.st, batch, &bs, &err), GP_OK);

	assert_int_equal(rank_by_parse("growth", &by), GP_OK);
	assert_int_equal(by, RANK_GROWTH);
	assert_string_equal(rank_by_unit(by), "1");
	assert_int_equal(rank_by_parse("co3", &by), GP_EINPUT);

	assert_int_equal(ranking_compute(&f->h, &l->lib, 2024, METHOD_CN_ENTERPRISE, "national",
					 RANK_GROWTH, NULL, &rk, &err),
			 GP_OK);
	assert_int_equal(rk.n, 3);
	assert_string_equal(rk.rows[0].ent->uscc, USCC_A);
	assert_near(rk.rows[0].value, 0.5, 1e-12);
	assert_string_equal(rk.rows[1].ent->uscc, USCC_C);
	assert_near(rk.rows[1].value, -0.1, 1e-12);
	assert_string_equal(rk.rows[2].ent->uscc, USCC_B);
	assert_true(isnan(rk.rows[2].value));
	ranking_release(&rk);

	assert_int_equal(ranking_compute(&f->h, &l->lib, 2024, METHOD_CN_ENTERPRISE, "national",
					 RANK_GROWTH, "C39", &rk, &err),
			 GP_OK);
	assert_int_equal(rk.n, 1);
	assert_string_equal(rk.rows[0].ent->uscc, USCC_C);
	ranking_release(&rk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(open_missing_existing, setup, teardown),
	    cmocka_unit_test_setup_teardown(open_unmigrated_existing, setup, teardown),
	    cmocka_unit_test_setup_teardown(migrate_new_and_again, setup, teardown),
	    cmocka_unit_test_setup_teardown(newer_schema_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(wal_journal_mode, setup, teardown),
	    cmocka_unit_test_setup_teardown(reclaim_returns_free_pages, setup, teardown),
	    cmocka_unit_test_setup_teardown(park_default_and_update, setup, teardown),
	    cmocka_unit_test_setup_teardown(subpark_ensure_creates_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(enterprise_upsert_results, setup, teardown),
	    cmocka_unit_test_setup_teardown(batch_abort_leaves_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(batch_commit_year_sums, setup, teardown),
	    cmocka_unit_test_setup_teardown(foreign_keys_enforced, setup, teardown),
	    cmocka_unit_test_setup_teardown(override_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(ranking_by_growth, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
