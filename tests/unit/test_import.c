/* test_import.c — src/ingest/import.c driven directly against a SQLite store in a
 * mkdtemp directory: the factor library's data files (data/, found through the
 * GREENPARK_DATADIR the Makefile defines), enterprises, platforms and monthly activity
 * fed as CSV text. Covers the import contract of DESIGN.md: every bad row is reported as
 * "FILE:LINE: message", one bad row rejects the file and nothing is stored; good rows are
 * converted to the item's canonical unit; a re-import replaces and is audited.
 * Expected numbers are written here with their arithmetic, never taken from a run. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "near.h"
#include <jansson.h>
#include <sqlite3.h>

#include "core/factors.h"
#include "core/registry.h"
#include "ingest/csv.h"
#include "ingest/import.h"
#include "store/store.h"
#include "util/str.h"

#include "store_helpers.h"

#ifndef GREENPARK_DATADIR
#define GREENPARK_DATADIR "data"
#endif

#define ACTOR "unit-test"

/* Registered by the enterprises import of setup (valid GB 32100-2015 codes). */
#define A "91370406MA3C00010M"
#define B "91370406MA3C00020N"
#define C "91370406MA3C00030P"
/* Valid codes that setup does not register. */
#define UNREG1 "91350100M000100Y43"
#define UNREG2 "91110108551385082Q"

#define HEADER   "uscc,period,item,quantity,unit\n"
#define MAX_MSGS 64

static const char enterprises_csv[] =
    "uscc,name,subpark,industry_code,leading_industry,high_tech,srdi,employees,land_m2\n" A
    ",山亭新材料科技有限公司,空港产业园,C2929,new_energy_materials,1,1,320,45000\n" B
    ",\"枣庄智能装备制造有限公司, 二厂\",高端智能制造产业园,C3441,new_tech_equipment,是,否,"
    "210,38000\n" C ",豆谷食品有限公司,豆谷融合创新示范园,C1391,health_food,true,false,150,"
    "22000\n";

/* Base ledger of setup: A 2023-01 and 2023-02 electricity 1000 and 2000 kWh, B 2023-01
 * water 50 m3. Park 2023 electricity = 1000 + 2000 = 3000 kWh. */
static const char base_activity_csv[] =
    HEADER A ",2023-01,electricity_grid,1000,kWh\n" A ",2023-02,electricity_grid,2000,kWh\n" B
	     ",2023-01,water_withdrawal,50,m3\n";

/* What "nothing stored" compares: every ledger row, the park's 2023 yearly sums of
 * every item, the activity audit rows, the batches and the enterprises. */
struct snap {
	size_t rows;
	double sum;
	double *q2023;
	size_t audits;
	long long batches;
	long long enterprises;
};

struct fx {
	char dir[256];
	char db[320];
	struct store_handle h;
	bool open;
	struct factor_lib lib;
	struct import_report rep;
	char *msgs[MAX_MSGS];
	size_t nmsgs;
	char *notes[MAX_MSGS];
	size_t nnotes;
	int64_t ent_a, ent_b, ent_c;
	/* extra files to remove at teardown (relative to dir), and sub-directories */
	char extra_db[320];
	struct store_handle h2;
	bool open2;
	char subdir[320];
	long counts0[3];           /* rows of each data file loaded by setup */
	struct snap before, after; /* freed by teardown */
};

/* ---- report callbacks ---- */

static void on_error(void *arg, const char *msg)
{
	struct fx *f = arg;
	if (f->nmsgs < MAX_MSGS)
		f->msgs[f->nmsgs++] = xstrdup(msg);
}

static void on_note(void *arg, const char *msg)
{
	struct fx *f = arg;
	if (f->nnotes < MAX_MSGS)
		f->notes[f->nnotes++] = xstrdup(msg);
}

static void clear_msgs(struct fx *f)
{
	for (size_t i = 0; i < f->nmsgs; i++)
		free(f->msgs[i]);
	for (size_t i = 0; i < f->nnotes; i++)
		free(f->notes[i]);
	f->nmsgs = f->nnotes = 0;
	f->rep.errors = 0;
}

static void dump_msgs(const struct fx *f)
{
	for (size_t i = 0; i < f->nmsgs; i++)
		print_message("  error: %s\n", f->msgs[i]);
}

/* ---- imports from text ---- */

static int run_activity(struct fx *f, const char *csv, const char *name, struct import_result *res)
{
	struct csv_reader *r;
	struct gp_err err;
	int rc;

	clear_msgs(f);
	memset(&err, 0, sizeof(err));
	assert_int_equal(csv_open_mem(&r, csv, strlen(csv), name), GP_OK);
	rc = import_activity(&f->h, &f->lib, r, ACTOR, &f->rep, res, &err);
	csv_close(r);
	if (rc != GP_OK && rc != GP_EINPUT)
		print_error("import_activity: %s\n", err.msg);
	return rc;
}

static int run_enterprises(struct fx *f, const char *csv, struct import_result *res)
{
	struct csv_reader *r;
	struct gp_err err;
	int rc;

	clear_msgs(f);
	memset(&err, 0, sizeof(err));
	assert_int_equal(csv_open_mem(&r, csv, strlen(csv), "ent.csv"), GP_OK);
	rc = import_enterprises(&f->h, NULL, r, ACTOR, &f->rep, res, &err);
	csv_close(r);
	if (rc != GP_OK && rc != GP_EINPUT)
		print_error("import_enterprises: %s\n", err.msg);
	return rc;
}

static int run_platforms(struct fx *f, const char *csv, struct import_result *res)
{
	struct csv_reader *r;
	struct gp_err err;
	int rc;

	clear_msgs(f);
	memset(&err, 0, sizeof(err));
	assert_int_equal(csv_open_mem(&r, csv, strlen(csv), "plat.csv"), GP_OK);
	rc = import_platforms(&f->h, NULL, r, ACTOR, &f->rep, res, &err);
	csv_close(r);
	if (rc != GP_OK && rc != GP_EINPUT)
		print_error("import_platforms: %s\n", err.msg);
	return rc;
}

/* ---- the store seen from outside ---- */

struct row_acc {
	size_t n;
	double sum;
	/* one row looked for */
	int64_t ent, item;
	int period;
	bool found;
	double q;
};

static void acc_row(void *arg, const struct activity_row *r)
{
	struct row_acc *a = arg;
	a->n++;
	a->sum += r->quantity;
	if (r->enterprise_id == a->ent && r->item_id == a->item && r->period == a->period) {
		a->found = true;
		a->q = r->quantity;
	}
}

static int64_t item_id(const struct fx *f, const char *code)
{
	int i = factors_item_index(&f->lib, code);
	assert_true(i >= 0);
	return f->lib.items[i].id;
}

/* The stored canonical quantity of one ledger row; false when there is none. */
static bool ledger_q(struct fx *f, int64_t ent, int period, const char *code, double *q)
{
	struct activity_filter flt = {0, 0, 0};
	struct row_acc a;
	struct gp_err err;

	memset(&a, 0, sizeof(a));
	a.ent = ent;
	a.item = item_id(f, code);
	a.period = period;
	assert_int_equal(f->h.ops->activity_list(f->h.st, &flt, acc_row, &a, &err), GP_OK);
	*q = a.q;
	return a.found;
}

static size_t audit_count(struct fx *f, const char *entity)
{
	return audit_count_of(&f->h, entity);
}

static void take_snap(struct fx *f, struct snap *s)
{
	struct activity_filter flt = {0, 0, 0};
	struct row_acc a;
	struct scope sc;
	struct gp_err err;

	memset(&a, 0, sizeof(a));
	assert_int_equal(f->h.ops->activity_list(f->h.st, &flt, acc_row, &a, &err), GP_OK);
	s->rows = a.n;
	s->sum = a.sum;
	s->q2023 = calloc(f->lib.nitems, sizeof(double));
	assert_non_null(s->q2023);
	memset(&sc, 0, sizeof(sc));
	sc.kind = SCOPE_PARK;
	assert_int_equal(store_year_quantities(&f->h, &f->lib, 2023, &sc, s->q2023, &err), GP_OK);
	s->audits = audit_count(f, "activity");
	s->batches = sql_int(f->db, "SELECT count(*) FROM ledger_batch");
	s->enterprises = sql_int(f->db, "SELECT count(*) FROM enterprise");
}

static void same_snap(struct fx *f, const struct snap *before, const struct snap *after)
{
	assert_int_equal(after->rows, before->rows);
	assert_near(after->sum, before->sum, 0);
	for (size_t i = 0; i < f->lib.nitems; i++)
		assert_near(after->q2023[i], before->q2023[i], 0);
	assert_int_equal(after->audits, before->audits);
	assert_int_equal(after->batches, before->batches);
	assert_int_equal(after->enterprises, before->enterprises);
}

static void free_snap(struct snap *s)
{
	free(s->q2023);
	s->q2023 = NULL;
}

static double park_2023(struct fx *f, const char *code)
{
	double *q = calloc(f->lib.nitems, sizeof(double)), v;
	struct scope sc;
	struct gp_err err;

	assert_non_null(q);
	memset(&sc, 0, sizeof(sc));
	sc.kind = SCOPE_PARK;
	assert_int_equal(store_year_quantities(&f->h, &f->lib, 2023, &sc, q, &err), GP_OK);
	v = q[factors_item_index(&f->lib, code)];
	free(q);
	return v;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- fixture ---- */

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");
	struct gp_err err;
	struct import_result res;
	struct enterprise e;
	int from, to;

	if (!f)
		return -1;
	*state = f;
	f->rep.error = on_error;
	f->rep.note = on_note;
	f->rep.arg = f;
	if (!str_fmt(f->dir, sizeof(f->dir), "%s/gp-import.XXXXXX", tmp && *tmp ? tmp : "/tmp") ||
	    !mkdtemp(f->dir)) {
		f->dir[0] = '\0';
		return -1;
	}
	str_fmt(f->db, sizeof(f->db), "%s/park.db", f->dir);
	if (store_open(f->db, STORE_OPEN_CREATE, &f->h, &err) != GP_OK) {
		print_error("store_open: %s\n", err.msg);
		return -1;
	}
	f->open = true;
	if (f->h.ops->migrate(f->h.st, &from, &to, &err) != GP_OK) {
		print_error("migrate: %s\n", err.msg);
		return -1;
	}
	if (import_datafiles(&f->h, GREENPARK_DATADIR, ACTOR, &f->rep, f->counts0, &err) != GP_OK) {
		print_error("import_datafiles %s: %s\n", GREENPARK_DATADIR, err.msg);
		return -1;
	}
	if (f->h.ops->factors_load(f->h.st, &f->lib, &err) != GP_OK) {
		print_error("factors_load: %s\n", err.msg);
		return -1;
	}
	if (run_enterprises(f, enterprises_csv, &res) != GP_OK || res.stats.inserted != 3) {
		dump_msgs(f);
		return -1;
	}
	if (f->h.ops->enterprise_find(f->h.st, A, &e, &err) != GP_OK)
		return -1;
	f->ent_a = e.id;
	if (f->h.ops->enterprise_find(f->h.st, B, &e, &err) != GP_OK)
		return -1;
	f->ent_b = e.id;
	if (f->h.ops->enterprise_find(f->h.st, C, &e, &err) != GP_OK)
		return -1;
	f->ent_c = e.id;
	if (run_activity(f, base_activity_csv, "base.csv", &res) != GP_OK ||
	    res.stats.inserted != 3) {
		dump_msgs(f);
		return -1;
	}
	clear_msgs(f);
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char p[400];

	if (!f)
		return 0;
	clear_msgs(f);
	free(f->before.q2023);
	free(f->after.q2023);
	if (f->open)
		store_close(&f->h);
	if (f->open2)
		store_close(&f->h2);
	factors_release(&f->lib);
	if (f->dir[0]) {
		remove_db_files(f->db);
		if (f->extra_db[0])
			remove_db_files(f->extra_db);
		if (f->subdir[0]) {
			static const char *const files[] = {"items.csv", "grid_factors.csv",
							    "electricity_equivalent.csv"};
			for (size_t i = 0; i < 3; i++)
				if (str_fmt(p, sizeof(p), "%s/%s", f->subdir, files[i]))
					unlink(p);
			rmdir(f->subdir);
		}
		rmdir(f->dir);
	}
	free(f);
	return 0;
}

/* ---- rejected activity files ----
 * Each bad file has good rows around the bad ones: line 2 replaces A's 2023-01
 * electricity (1000 → 9999 kWh) and the last line adds a new row, so a partial write
 * would show in the ledger, the yearly sums, the audit log or the batch table. */

#define GOOD_REPLACE A ",2023-01,electricity_grid,9999,kWh\n"
#define GOOD_NEW     C ",2023-03,electricity_grid,1,kWh\n"

/* Imports csv as act.csv and checks: GP_EINPUT; exactly n errors counted and reported;
 * error i begins with "act.csv:LINE: " for lines[i] and contains texts[i] (and
 * texts2[i] when not NULL); the store is as it was. */
static void expect_rejected(struct fx *f, const char *csv, size_t n, const long *lines,
			    const char *const *texts, const char *const *texts2)
{
	struct import_result res;
	struct snap *before = &f->before, *after = &f->after;
	double q = -1;
	int rc;

	free_snap(before);
	free_snap(after);
	take_snap(f, before);
	rc = run_activity(f, csv, "act.csv", &res);
	dump_msgs(f);
	assert_int_equal(rc, GP_EINPUT);
	assert_int_equal(f->rep.errors, (long)n);
	assert_int_equal(f->nmsgs, n);
	for (size_t i = 0; i < n; i++) {
		char prefix[64];
		str_fmt(prefix, sizeof(prefix), "act.csv:%ld: ", lines[i]);
		if (!starts_with(f->msgs[i], prefix))
			fail_msg("message %zu '%s' does not begin with '%s'", i, f->msgs[i],
				 prefix);
		if (!strstr(f->msgs[i], texts[i]))
			fail_msg("message %zu '%s' does not say '%s'", i, f->msgs[i], texts[i]);
		if (texts2 && texts2[i] && !strstr(f->msgs[i], texts2[i]))
			fail_msg("message %zu '%s' does not say '%s'", i, f->msgs[i], texts2[i]);
	}
	assert_int_equal(res.stats.inserted, 0);
	assert_int_equal(res.stats.replaced, 0);
	take_snap(f, after);
	same_snap(f, before, after);
	free_snap(before);
	free_snap(after);
	/* the good replacement on line 2 did not happen: still 1000 kWh */
	assert_true(ledger_q(f, f->ent_a, 202301, "electricity_grid", &q));
	assert_near(q, 1000.0, 0);
	assert_false(ledger_q(f, f->ent_c, 202303, "electricity_grid", &q));
}

static void reject_unknown_uscc(void **state)
{
	static const char csv[] = HEADER GOOD_REPLACE UNREG1
	    ",2023-03,electricity_grid,1,kWh\n" A ",2023-04,electricity_grid,1,kWh\n" UNREG2
	    ",2023-03,water_withdrawal,1,m3\n" GOOD_NEW;
	static const long lines[] = {3, 5};
	static const char *const texts[] = {"'" UNREG1 "' is not a registered enterprise",
					    "'" UNREG2 "' is not a registered enterprise"};

	expect_rejected(*state, csv, 2, lines, texts, NULL);
}

/* A's code ends in M (GB 32100-2015 check of 91370406MA3C00010); N is wrong. */
static void reject_bad_check_character(void **state)
{
	static const char csv[] =
	    HEADER GOOD_REPLACE "91370406MA3C00010N,2023-03,electricity_grid,1,kWh\n" GOOD_NEW;
	static const long lines[] = {3};
	static const char *const texts[] = {"check character"};
	static const char *const texts2[] = {"'M'"};

	expect_rejected(*state, csv, 1, lines, texts, texts2);
}

static void reject_unknown_item(void **state)
{
	static const char csv[] = HEADER GOOD_REPLACE A
	    ",2023-03,electricity_grd,1,kWh\n" A ",2023-03,no_such_thing_at_all,1,t\n" GOOD_NEW;
	static const long lines[] = {3, 4};
	static const char *const texts[] = {"unknown item 'electricity_grd'",
					    "unknown item 'no_such_thing_at_all'"};
	/* one letter from electricity_grid: the hint names it */
	static const char *const texts2[] = {"electricity_grid", NULL};

	expect_rejected(*state, csv, 2, lines, texts, texts2);
}

static void reject_unit_not_accepted(void **state)
{
	/* electricity takes kWh, MWh, 万kWh; water takes m3, 万m3, t; not kWh */
	static const char csv[] = HEADER GOOD_REPLACE A
	    ",2023-03,electricity_grid,1,t\n" B ",2023-03,water_withdrawal,1,kWh\n" GOOD_NEW;
	static const long lines[] = {3, 4};
	static const char *const texts[] = {"unit 't' not accepted for electricity_grid",
					    "unit 'kWh' not accepted for water_withdrawal"};

	expect_rejected(*state, csv, 2, lines, texts, NULL);
}

static void reject_negative_quantity(void **state)
{
	static const char csv[] = HEADER GOOD_REPLACE A
	    ",2023-03,electricity_grid,-5,kWh\n" A ",2023-04,electricity_grid,-0,kWh\n" GOOD_NEW;
	static const long lines[] = {3, 4};
	static const char *const texts[] = {"negative", "negative"};

	expect_rejected(*state, csv, 2, lines, texts, NULL);
}

static void reject_non_numeric_quantity(void **state)
{
	static const char csv[] = HEADER GOOD_REPLACE A
	    ",2023-03,electricity_grid,12abc,kWh\n" A ",2023-04,electricity_grid,\"1,000\",kWh\n" A
	    ",2023-05,electricity_grid,,kWh\n" A ",2023-06,electricity_grid,nan,kWh\n" GOOD_NEW;
	static const long lines[] = {3, 4, 5, 6};
	static const char *const texts[] = {"quantity '12abc' is not a number",
					    "quantity '1,000' is not a number", "quantity is empty",
					    "quantity 'nan' is not a number"};

	expect_rejected(*state, csv, 4, lines, texts, NULL);
}

static void reject_bad_period(void **state)
{
	static const char csv[] = HEADER GOOD_REPLACE A
	    ",2023-13,electricity_grid,1,kWh\n" A ",2023/03,electricity_grid,1,kWh\n" A
	    ",1989-12,electricity_grid,1,kWh\n" A ",2023-3,electricity_grid,1,kWh\n" GOOD_NEW;
	static const long lines[] = {3, 4, 5, 6};
	static const char *const texts[] = {"period '2023-13'", "period '2023/03'",
					    "period '1989-12'", "period '2023-3'"};

	expect_rejected(*state, csv, 4, lines, texts, NULL);
}

/* Lines 2 and 4 name the same (B, 2023-05, water); also lines 5 and 7 for A, where the
 * USCC is written in lower case the second time (it is the same enterprise). */
static void reject_duplicate_row(void **state)
{
	static const char csv[] = HEADER B
	    ",2023-05,water_withdrawal,10,m3\n" GOOD_REPLACE B ",2023-05,water_withdrawal,11,m3\n" A
	    ",2023-06,electricity_grid,1,kWh\n" C ",2023-06,electricity_grid,1,kWh\n"
	    "91370406ma3c00010m,2023-06,electricity_grid,2,MWh\n" GOOD_NEW;
	static const long lines[] = {4, 7};
	static const char *const texts[] = {"duplicate of line 2", "duplicate of line 5"};

	expect_rejected(*state, csv, 2, lines, texts, NULL);
}

static void reject_wrong_header(void **state)
{
	static const char csv[] = "uscc,period,item,qty,unit\n" GOOD_REPLACE GOOD_NEW;
	static const char csv2[] = "uscc,period,item,quantity\n" GOOD_REPLACE GOOD_NEW;
	static const char csv3[] = "";
	static const long lines[] = {1};
	static const char *const texts[] = {"header"};
	static const char *const texts2[] = {"uscc,period,item,quantity,unit"};
	struct fx *f = *state;
	struct import_result res;

	expect_rejected(f, csv, 1, lines, texts, texts2);
	expect_rejected(f, csv2, 1, lines, texts, texts2);
	/* an empty file has no line to name: "act.csv: ..." */
	take_snap(f, &f->before);
	assert_int_equal(run_activity(f, csv3, "act.csv", &res), GP_EINPUT);
	assert_int_equal(f->rep.errors, 1);
	assert_int_equal(f->nmsgs, 1);
	assert_true(starts_with(f->msgs[0], "act.csv: "));
	take_snap(f, &f->after);
	same_snap(f, &f->before, &f->after);
}

/* A wrong number of fields is a bad row like any other. */
static void reject_wrong_field_count(void **state)
{
	static const char csv[] = HEADER GOOD_REPLACE A
	    ",2023-03,electricity_grid,1\n" A ",2023-04,electricity_grid,1,kWh,extra\n" GOOD_NEW;
	static const long lines[] = {3, 4};
	static const char *const texts[] = {"4 fields (expected 5)", "6 fields (expected 5)"};

	expect_rejected(*state, csv, 2, lines, texts, NULL);
}

/* Every kind of bad row at once: each is reported, in file order, with its own line. */
static void reject_many_kinds_at_once(void **state)
{
	static const char csv[] = HEADER GOOD_REPLACE UNREG1
	    ",2023-03,electricity_grid,1,kWh\n"
	    "91370406MA3C00010N,2023-03,electricity_grid,1,kWh\n" A
	    ",2023-03,electricity_grd,1,kWh\n" A ",2023-03,electricity_grid,1,t\n" A
	    ",2023-04,electricity_grid,-1,kWh\n" A ",2023-05,electricity_grid,x,kWh\n" A
	    ",2023-13,electricity_grid,1,kWh\n" GOOD_NEW A ",2023-01,electricity_grid,5,kWh\n";
	static const long lines[] = {3, 4, 5, 6, 7, 8, 9, 11};
	static const char *const texts[] = {"not a registered enterprise",
					    "check character",
					    "unknown item",
					    "not accepted",
					    "negative",
					    "not a number",
					    "period",
					    "duplicate of line 2"};

	expect_rejected(*state, csv, 8, lines, texts, NULL);
}

/* ---- good activity files ---- */

/* Canonical units (data/items.csv): electricity kWh, economic 万元, coal t, water m3,
 * natural gas m3.
 *   12 万kWh    = 12 × 10^4        = 120000 kWh
 *   3.5 MWh     = 3.5 × 10^3       = 3500 kWh
 *   1.5 亿元    = 1.5 × 10^8 元 = 1.5 × 10^4 万元 = 15000 万元
 *   2500 kg     = 2500 × 10^-3 t   = 2.5 t
 *   300 t water = 300 m3 (1 t = 1 m3, items.csv lists t for water)
 *   6 万m3 gas  = 60000 m3
 *   2 万m3 water = 20000 m3
 *   1234 元     = 0.1234 万元 */
static void good_file_converts_units(void **state)
{
	static const char csv[] =
	    HEADER A ",2023-04,electricity_grid,12,万kWh\n" A ",2023-04,output_value,1.5,亿元\n" A
		     ",2023-04,raw_coal,2500,kg\n" B ",2023-04,water_withdrawal,300,t\n" B
		     ",2023-04,natural_gas,6,万m3\n"
		     " 91370406ma3c00030p , 2023-04 ,electricity_grid, 3.5 ,MWh\n" C
		     ",2023-05,water_withdrawal,2,万m3\n" C ",2023-05,revenue,1234,元\n";
	struct fx *f = *state;
	struct import_result res;
	double q;

	assert_int_equal(run_activity(f, csv, "good.csv", &res), GP_OK);
	dump_msgs(f);
	assert_int_equal(f->rep.errors, 0);
	assert_int_equal(res.rows, 8);
	assert_int_equal(res.stats.inserted, 8);
	assert_int_equal(res.stats.replaced, 0);
	assert_int_equal(res.stats.unchanged, 0);
	assert_true(res.batch_id > 0);

	assert_true(ledger_q(f, f->ent_a, 202304, "electricity_grid", &q));
	assert_near(q, 120000.0, 120000.0 * 1e-12);
	assert_true(ledger_q(f, f->ent_a, 202304, "output_value", &q));
	assert_near(q, 15000.0, 15000.0 * 1e-12);
	assert_true(ledger_q(f, f->ent_a, 202304, "raw_coal", &q));
	assert_near(q, 2.5, 2.5 * 1e-12);
	assert_true(ledger_q(f, f->ent_b, 202304, "water_withdrawal", &q));
	assert_near(q, 300.0, 300.0 * 1e-12);
	assert_true(ledger_q(f, f->ent_b, 202304, "natural_gas", &q));
	assert_near(q, 60000.0, 60000.0 * 1e-12);
	assert_true(ledger_q(f, f->ent_c, 202304, "electricity_grid", &q));
	assert_near(q, 3500.0, 3500.0 * 1e-12);
	assert_true(ledger_q(f, f->ent_c, 202305, "water_withdrawal", &q));
	assert_near(q, 20000.0, 20000.0 * 1e-12);
	assert_true(ledger_q(f, f->ent_c, 202305, "revenue", &q));
	assert_near(q, 0.1234, 0.1234 * 1e-12);

	/* yearly sums include the new rows: electricity 3000 (base) + 120000 + 3500 = 126500;
	 * water 50 (base) + 300 + 20000 = 20350 */
	assert_near(park_2023(f, "electricity_grid"), 126500.0, 1e-6);
	assert_near(park_2023(f, "water_withdrawal"), 20350.0, 1e-6);
	assert_near(park_2023(f, "output_value"), 15000.0, 1e-8);
}

/* A's 2023-01 electricity was 1000 kWh; 0.15 万kWh = 1500 kWh replaces it. */
static void reimport_replaces_and_audits(void **state)
{
	static const char csv[] = HEADER A ",2023-01,electricity_grid,0.15,万kWh\n";
	static const char same[] = HEADER A ",2023-01,electricity_grid,1500,kWh\n";
	struct fx *f = *state;
	struct import_result res;
	struct audit_entry *list;
	size_t n;
	struct gp_err err;
	json_t *before, *after;
	json_error_t je;
	double q;

	assert_int_equal(audit_count(f, "activity"), 0);
	assert_int_equal(run_activity(f, csv, "again.csv", &res), GP_OK);
	assert_int_equal(res.stats.replaced, 1);
	assert_int_equal(res.stats.inserted, 0);
	assert_int_equal(res.stats.unchanged, 0);
	assert_true(ledger_q(f, f->ent_a, 202301, "electricity_grid", &q));
	assert_near(q, 1500.0, 1e-9);
	/* 3000 − 1000 + 1500 = 3500 */
	assert_near(park_2023(f, "electricity_grid"), 3500.0, 1e-9);

	assert_int_equal(f->h.ops->audit_list(f->h.st, 10, "activity", &list, &n, &err), GP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].action, "replace");
	assert_string_equal(list[0].entity, "activity");
	assert_string_equal(list[0].key, A "/2023-01/electricity_grid");
	assert_string_equal(list[0].actor, ACTOR);
	before = json_loads(list[0].before ? list[0].before : "", 0, &je);
	after = json_loads(list[0].after ? list[0].after : "", 0, &je);
	assert_non_null(before);
	assert_non_null(after);
	assert_near(json_number_value(json_object_get(before, "quantity")), 1000.0, 0);
	assert_near(json_number_value(json_object_get(after, "quantity")), 1500.0, 1e-9);
	assert_near(json_number_value(json_object_get(after, "batch")), (double)res.batch_id, 0);
	assert_true(json_number_value(json_object_get(before, "batch")) < (double)res.batch_id);
	json_decref(before);
	json_decref(after);
	audit_entries_free(list, n);

	/* the same value again (1500 kWh, now written in kWh): unchanged, not audited */
	assert_int_equal(run_activity(f, same, "same.csv", &res), GP_OK);
	assert_int_equal(res.stats.unchanged, 1);
	assert_int_equal(res.stats.replaced, 0);
	assert_int_equal(res.stats.inserted, 0);
	assert_int_equal(audit_count(f, "activity"), 1);
	assert_near(park_2023(f, "electricity_grid"), 3500.0, 1e-9);
}

/* A quantity that is finite as written but not after conversion to the canonical unit
 * (1e305 万kWh = 1e309 kWh > DBL_MAX) must not reach the ledger as infinity. */
static void reject_quantity_overflowing_conversion(void **state)
{
	static const char csv[] =
	    HEADER GOOD_REPLACE A ",2023-03,electricity_grid,1e305,万kWh\n" GOOD_NEW;
	static const long lines[] = {3};
	static const char *const texts[] = {"1e305"};

	expect_rejected(*state, csv, 1, lines, texts, NULL);
}

/* ---- enterprises and platforms ---- */

static void enterprises_setup_created_subparks(void **state)
{
	struct fx *f = *state;
	struct subpark *list;
	size_t n;
	struct gp_err err;

	/* setup imported 3 enterprises in 3 sub-parks */
	assert_int_equal(f->h.ops->subpark_list(f->h.st, &list, &n, &err), GP_OK);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(list[i].enterprises, 1);
	free(list);
	assert_int_equal(audit_count(f, "enterprise"), 3);
	assert_int_equal(audit_count(f, "subpark"), 3);
}

static void enterprises_create_subpark_and_update(void **state)
{
	/* A changes employees 320 → 999; B is as in setup; UNREG1 is new in a new sub-park */
	static const char csv[] =
	    "uscc,name,subpark,industry_code,leading_industry,high_tech,srdi,employees,land_m2\n" A
	    ",山亭新材料科技有限公司,空港产业园,C2929,new_energy_materials,1,1,999,45000\n" B
	    ",\"枣庄智能装备制造有限公司, 二厂\",高端智能制造产业园,C3441,new_tech_equipment,是,否,"
	    "210,38000\n" UNREG1 ",新企业有限公司,新建示范园,C3985,other,0,0,12,800\n";
	struct fx *f = *state;
	struct import_result res;
	struct enterprise e;
	struct audit_entry *list;
	size_t n;
	int64_t sp;
	struct gp_err err;

	assert_int_equal(run_enterprises(f, csv, &res), GP_OK);
	dump_msgs(f);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.stats.inserted, 1);
	assert_int_equal(res.stats.replaced, 1);
	assert_int_equal(res.stats.unchanged, 1);
	assert_int_equal(res.subparks_created, 1);
	assert_int_equal(f->nnotes, 1);
	assert_non_null(strstr(f->notes[0], "新建示范园"));
	assert_int_equal(f->h.ops->subpark_find(f->h.st, "新建示范园", &sp, &err), GP_OK);

	assert_int_equal(f->h.ops->enterprise_find(f->h.st, A, &e, &err), GP_OK);
	assert_int_equal(e.id, f->ent_a);
	assert_int_equal(e.employees, 999);
	assert_int_equal(f->h.ops->enterprise_find(f->h.st, UNREG1, &e, &err), GP_OK);
	assert_string_equal(e.subpark, "新建示范园");
	assert_int_equal(e.leading, LEADING_OTHER);
	assert_false(e.high_tech);
	assert_int_equal(e.employees, 12);

	/* audit: setup's 3 inserts + 1 update + 1 insert */
	assert_int_equal(f->h.ops->audit_list(f->h.st, 10, "enterprise", &list, &n, &err), GP_OK);
	assert_int_equal(n, 5);
	assert_string_equal(list[0].action, "insert");
	assert_string_equal(list[0].key, UNREG1);
	assert_string_equal(list[1].action, "update");
	assert_string_equal(list[1].key, A);
	assert_non_null(strstr(list[1].before, "320"));
	assert_non_null(strstr(list[1].after, "999"));
	audit_entries_free(list, n);
}

/* A bad enterprises file stores nothing: not the good rows, not their new sub-parks. */
static void enterprises_bad_file_stores_nothing(void **state)
{
	static const char csv[] =
	    "uscc,name,subpark,industry_code,leading_industry,high_tech,srdi,employees,land_"
	    "m2\n" UNREG2 ",好企业,另一个新园区,C3985,other,0,0,12,800\n" A
	    ",山亭新材料科技有限公司,空港产业园,C2929,steel,1,1,320,45000\n" UNREG2
	    ",重复企业,,C3985,other,0,0,1,1\n";
	struct fx *f = *state;
	struct import_result res;
	struct enterprise e;
	int64_t sp;
	struct gp_err err;

	assert_int_equal(run_enterprises(f, csv, &res), GP_EINPUT);
	assert_int_equal(f->rep.errors, 2);
	assert_int_equal(f->nmsgs, 2);
	assert_true(starts_with(f->msgs[0], "ent.csv:3: "));
	assert_non_null(strstr(f->msgs[0], "steel"));
	assert_true(starts_with(f->msgs[1], "ent.csv:4: "));
	assert_non_null(strstr(f->msgs[1], "line 2"));
	assert_int_equal(f->nnotes, 0);
	assert_int_equal(res.subparks_created, 0);
	assert_int_equal(f->h.ops->enterprise_find(f->h.st, UNREG2, &e, &err), GP_ENOTFOUND);
	assert_int_equal(f->h.ops->subpark_find(f->h.st, "另一个新园区", &sp, &err), GP_ENOTFOUND);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM enterprise"), 3);
}

static void platforms_park_and_enterprise(void **state)
{
	static const char csv[] = "name,level,kind,uscc,year\n"
				  "山亭经济开发区科技企业孵化器,provincial,innovation,,2020\n"
				  "山亭新材料市级企业技术中心,municipal,rd," A ",2021\n";
	static const char bad[] = "name,level,kind,uscc,year\n"
				  "新平台,national,rd," UNREG1 ",2022\n"
				  "园区众创空间,municipal,innovation,,2022\n";
	struct fx *f = *state;
	struct import_result res;
	struct platform *list;
	size_t n;
	struct gp_err err;

	assert_int_equal(run_platforms(f, csv, &res), GP_OK);
	dump_msgs(f);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.stats.inserted, 2);
	assert_int_equal(f->h.ops->platform_list(f->h.st, &list, &n, &err), GP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "山亭经济开发区科技企业孵化器");
	assert_int_equal(list[0].level, LEVEL_PROVINCIAL);
	assert_int_equal(list[0].kind, PLATFORM_INNOVATION);
	assert_string_equal(list[0].uscc, "");
	assert_int_equal(list[0].year, 2020);
	assert_string_equal(list[1].name, "山亭新材料市级企业技术中心");
	assert_int_equal(list[1].level, LEVEL_MUNICIPAL);
	assert_int_equal(list[1].kind, PLATFORM_RD);
	assert_string_equal(list[1].uscc, A);
	assert_int_equal(list[1].year, 2021);
	free(list);
	assert_int_equal(audit_count(f, "platform"), 2);

	/* again: both unchanged */
	assert_int_equal(run_platforms(f, csv, &res), GP_OK);
	assert_int_equal(res.stats.unchanged, 2);
	assert_int_equal(res.stats.inserted, 0);
	assert_int_equal(audit_count(f, "platform"), 2);

	/* a platform of an unregistered enterprise rejects the file */
	assert_int_equal(run_platforms(f, bad, &res), GP_EINPUT);
	assert_int_equal(f->rep.errors, 1);
	assert_int_equal(f->nmsgs, 1);
	assert_true(starts_with(f->msgs[0], "plat.csv:2: "));
	assert_non_null(strstr(f->msgs[0], "not a registered enterprise"));
	assert_int_equal(f->h.ops->platform_list(f->h.st, &list, &n, &err), GP_OK);
	assert_int_equal(n, 2);
	free(list);
}

/* ---- the factor library's data files ---- */

/* Data rows of a CSV file (non-empty lines after the header), counted here. */
static long data_rows(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char line[4096];
	long n = -1;

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp))
		if (line[0] != '\n' && !(line[0] == '\r' && line[1] == '\n'))
			n++;
	fclose(fp);
	return n;
}

static void data_file_rows(long want[3])
{
	static const char *const files[3] = {"items.csv", "grid_factors.csv",
					     "electricity_equivalent.csv"};
	char p[1024];

	for (int i = 0; i < 3; i++) {
		assert_true(str_fmt(p, sizeof(p), "%s/%s", GREENPARK_DATADIR, files[i]));
		want[i] = data_rows(p);
		assert_true(want[i] > 0);
	}
}

/* Setup's load of data/ stored every row of the three files and audited each file. */
static void datafiles_counts(void **state)
{
	struct fx *f = *state;
	long want[3];

	data_file_rows(want);
	assert_int_equal(f->counts0[0], want[0]);
	assert_int_equal(f->counts0[1], want[1]);
	assert_int_equal(f->counts0[2], want[2]);
	assert_int_equal(f->lib.nitems, (size_t)want[0]);
	assert_int_equal(f->lib.ngrid, (size_t)want[1]);
	assert_int_equal(f->lib.nequiv, (size_t)want[2]);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM item"), want[0]);
	assert_int_equal(audit_count(f, "factor_library"), 3);
}

/* Loading data/ again on a store that already holds ledger rows (what 'greenpark init'
 * run twice does, and what a long-running server reloading its tables does) replaces
 * the rows of the same key: same counts, same item ids (the ledger keys contain them). */
static void datafiles_reload_replaces(void **state)
{
	struct fx *f = *state;
	struct factor_lib lib;
	long counts[3] = {-1, -1, -1}, want[3];
	struct gp_err err;
	double q;

	data_file_rows(want);
	clear_msgs(f);
	memset(&err, 0, sizeof(err));
	if (import_datafiles(&f->h, GREENPARK_DATADIR, ACTOR, &f->rep, counts, &err) != GP_OK)
		fail_msg("reload of %s failed: %s", GREENPARK_DATADIR, err.msg);
	assert_int_equal(f->rep.errors, 0);
	assert_int_equal(counts[0], want[0]);
	assert_int_equal(counts[1], want[1]);
	assert_int_equal(counts[2], want[2]);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM item"), want[0]);
	/* one audit row per file per load: 2 loads × 3 files */
	assert_int_equal(audit_count(f, "factor_library"), 6);
	assert_int_equal(f->h.ops->factors_load(f->h.st, &lib, &err), GP_OK);
	assert_int_equal(lib.nitems, f->lib.nitems);
	for (size_t i = 0; i < lib.nitems; i++) {
		assert_string_equal(lib.items[i].code, f->lib.items[i].code);
		assert_int_equal(lib.items[i].id, f->lib.items[i].id);
	}
	factors_release(&lib);
	/* the ledger is untouched: A's 2023-01 electricity is still 1000 kWh */
	assert_true(ledger_q(f, f->ent_a, 202301, "electricity_grid", &q));
	assert_near(q, 1000.0, 0);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char p[512];
	FILE *fp;

	assert_true(str_fmt(p, sizeof(p), "%s/%s", dir, name));
	fp = fopen(p, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
}

static void datafiles_malformed_items(void **state)
{
	static const char items[] =
	    "code,category,unit,alt_units,name_zh,name_en,tce_per_unit,ncv_gj_per_unit,"
	    "cc_tc_per_tj,oxidation,kind,confidence,source\n"
	    "test_good,energy,kWh,MWh,测试电力,test electricity,0.0001229,0.0036,,,electricity,"
	    "confirmed,test\n"
	    "test_kind,energy,kWh,,测试,test,0.0001229,0.0036,,,no_such_kind,confirmed,test\n"
	    "test_num,waste,t,kg,测试,test,abc,,,,waste,confirmed,test\n"
	    "test_good2,waste,t,kg,测试,test,,,,,waste,confirmed,test\n";
	static const char grid[] = "year,grid,kind,kg_co2_per_kwh,confidence,source\n"
				   "2023,national,average,0.5306,secondary,test\n";
	static const char equiv[] = "year,kgce_per_kwh,confidence,source\n"
				    "2022,0.3007,unconfirmed,test\n";
	struct fx *f = *state;
	struct factor_lib lib;
	long counts[3];
	char prefix[512];
	struct gp_err err;
	int from, to;

	assert_true(str_fmt(f->subdir, sizeof(f->subdir), "%s/baddata", f->dir));
	assert_int_equal(mkdir(f->subdir, 0700), 0);
	write_file(f->subdir, "items.csv", items);
	write_file(f->subdir, "grid_factors.csv", grid);
	write_file(f->subdir, "electricity_equivalent.csv", equiv);

	/* a fresh store: "nothing loaded" means no item, no grid factor, no equivalent */
	assert_true(str_fmt(f->extra_db, sizeof(f->extra_db), "%s/empty.db", f->dir));
	assert_int_equal(store_open(f->extra_db, STORE_OPEN_CREATE, &f->h2, &err), GP_OK);
	f->open2 = true;
	assert_int_equal(f->h2.ops->migrate(f->h2.st, &from, &to, &err), GP_OK);

	clear_msgs(f);
	assert_int_equal(import_datafiles(&f->h2, f->subdir, ACTOR, &f->rep, counts, &err),
			 GP_EINPUT);
	dump_msgs(f);
	assert_int_equal(f->rep.errors, 2);
	assert_int_equal(f->nmsgs, 2);
	str_fmt(prefix, sizeof(prefix), "%s/items.csv:3: ", f->subdir);
	assert_true(starts_with(f->msgs[0], prefix));
	assert_non_null(strstr(f->msgs[0], "kind 'no_such_kind'"));
	str_fmt(prefix, sizeof(prefix), "%s/items.csv:4: ", f->subdir);
	assert_true(starts_with(f->msgs[1], prefix));
	assert_non_null(strstr(f->msgs[1], "tce_per_unit 'abc'"));
	assert_non_null(strstr(err.msg, "nothing loaded"));

	assert_int_equal(f->h2.ops->factors_load(f->h2.st, &lib, &err), GP_OK);
	assert_int_equal(lib.nitems, 0);
	assert_int_equal(lib.ngrid, 0);
	assert_int_equal(lib.nequiv, 0);
	factors_release(&lib);
	{
		struct audit_entry *list;
		size_t n;
		assert_int_equal(f->h2.ops->audit_list(f->h2.st, 10, NULL, &list, &n, &err), GP_OK);
		assert_int_equal(n, 0);
		audit_entries_free(list, n);
	}

	/* the loaded store of setup is not changed by the bad files either */
	clear_msgs(f);
	assert_int_equal(import_datafiles(&f->h, f->subdir, ACTOR, &f->rep, counts, &err),
			 GP_EINPUT);
	assert_int_equal(f->rep.errors, 2);
	assert_int_equal(f->h.ops->factors_load(f->h.st, &lib, &err), GP_OK);
	assert_int_equal(lib.nitems, f->lib.nitems);
	assert_int_equal(factors_item_index(&lib, "test_good"), -1);
	assert_int_equal(factors_item_index(&lib, "test_good2"), -1);
	factors_release(&lib);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(reject_unknown_uscc, setup, teardown),
	    cmocka_unit_test_setup_teardown(reject_bad_check_character, setup, teardown),
	    cmocka_unit_test_setup_teardown(reject_unknown_item, setup, teardown),
	    cmocka_unit_test_setup_teardown(reject_unit_not_accepted, setup, teardown),
	    cmocka_unit_test_setup_teardown(reject_negative_quantity, setup, teardown),
	    cmocka_unit_test_setup_teardown(reject_non_numeric_quantity, setup, teardown),
	    cmocka_unit_test_setup_teardown(reject_bad_period, setup, teardown),
	    cmocka_unit_test_setup_teardown(reject_duplicate_row, setup, teardown),
	    cmocka_unit_test_setup_teardown(reject_wrong_header, setup, teardown),
	    cmocka_unit_test_setup_teardown(reject_wrong_field_count, setup, teardown),
	    cmocka_unit_test_setup_teardown(reject_many_kinds_at_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(reject_quantity_overflowing_conversion, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(good_file_converts_units, setup, teardown),
	    cmocka_unit_test_setup_teardown(reimport_replaces_and_audits, setup, teardown),
	    cmocka_unit_test_setup_teardown(enterprises_setup_created_subparks, setup, teardown),
	    cmocka_unit_test_setup_teardown(enterprises_create_subpark_and_update, setup, teardown),
	    cmocka_unit_test_setup_teardown(enterprises_bad_file_stores_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(platforms_park_and_enterprise, setup, teardown),
	    cmocka_unit_test_setup_teardown(datafiles_counts, setup, teardown),
	    cmocka_unit_test_setup_teardown(datafiles_reload_replaces, setup, teardown),
	    cmocka_unit_test_setup_teardown(datafiles_malformed_items, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
