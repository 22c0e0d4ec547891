/* test_demo.c — src/core/demo.c: the demo park's generated CSV texts, read back with
 * the project's CSV reader. Checks the published facts of DESIGN.md "Demo park"
 * (山亭经济开发区, 2023: 64 enterprises, 38 high-tech, 27 专精特新, 38 provincial and
 * municipal R&D platforms, 5 provincial and 5 municipal innovation platforms, the named
 * sub-parks), every USCC against GB 32100-2015, a complete 2022-01..2024-12 ledger for
 * every enterprise, determinism per seed, the plausibility bounds docs/demo.md states,
 * and that the three texts pass the real imports into a store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/demo.h"
#include "core/period.h"
#include "core/registry.h"
#include "core/uscc.h"
#include "ingest/csv.h"
#include "ingest/import.h"
#include "store/store.h"
#include "util/map.h"
#include "util/num.h"
#include "util/str.h"

#include "store_helpers.h"

#ifndef GREENPARK_DATADIR
#define GREENPARK_DATADIR "data"
#endif

#define NMONTHS ((DEMO_LAST_YEAR - DEMO_FIRST_YEAR + 1) * 12)

/* The sub-parks DESIGN.md names: 一区三园 and the specialised parks. */
static const char *const design_subparks[] = {
    "空港产业园",           "豆谷融合创新示范园", "高端智能制造产业园", "翼云科创园",
    "新能源汽车装备制造园", "万汇智造园",         "新型包装材料产业园", "农业机械装备制造产业园",
};
#define NSUBPARKS (sizeof(design_subparks) / sizeof(design_subparks[0]))

/* Energy coefficients of GB/T 2589-2020 as data/items.csv states them (当量值), written
 * out here so that the plausibility check does not depend on the generator's own:
 * electricity 0.1229 kgce/kWh; natural gas NCV 0.038931 GJ/m3 and bituminous coal
 * 19.570 GJ/t over 29.3076 GJ/tce; diesel 1.4571, LPG 1.7143 tce/t; heat 0.03412
 * tce/GJ. */
static double tce_per_unit(const char *item)
{
	static const struct {
		const char *item;
		double tce;
	} k[] = {
	    {"electricity_grid", 0.0001229},
	    {"electricity_green_traded", 0.0001229},
	    {"electricity_onsite_renewable", 0.0001229},
	    {"natural_gas", 0.038931 / 29.3076},
	    {"bituminous", 19.570 / 29.3076},
	    {"diesel", 1.4571},
	    {"lpg", 1.7143},
	    {"heat_purchased", 0.03412},
	};
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (strcmp(item, k[i].item) == 0)
			return k[i].tce;
	return 0;
}

/* Calls fn for every data record of a CSV text, after checking its header. */
static void each_row(const struct buf *text, const char *header, size_t nfields,
		     void (*fn)(void *arg, char **fields), void *arg)
{
	struct csv_reader *r;
	struct csv_record rec;
	struct gp_err err;
	enum csv_result cr;
	size_t n = strlen(header);

	assert_true(text->len > n);
	assert_memory_equal(text->data, header, n);
	assert_int_equal(text->data[n], '\n');
	assert_int_equal(csv_open_mem(&r, text->data, text->len, "demo"), GP_OK);
	assert_int_equal(csv_next(r, &rec, &err), CSV_ROW); /* the header */
	while ((cr = csv_next(r, &rec, &err)) == CSV_ROW) {
		if (rec.nfields != nfields)
			fail_msg("line %ld: %zu fields, expected %zu", rec.line, rec.nfields,
				 nfields);
		fn(arg, rec.fields);
	}
	if (cr != CSV_EOF)
		fail_msg("%s", err.msg);
	csv_close(r);
}

/* ---- enterprises ---- */

struct ent_stats {
	size_t n, high_tech, srdi, by_leading[LEADING_COUNT], by_subpark[NSUBPARKS];
	enum leading_industry leading[DEMO_ENTERPRISES]; /* by line */
	struct strmap uscc, names;
};

static void ent_row(void *arg, char **f)
{
	struct ent_stats *s = arg;
	char uscc[USCC_LEN + 1], code[8];
	struct gp_err err;
	enum leading_industry l;
	bool ht, srdi, found = false;
	int64_t v;
	double land;
	size_t n = strlen(f[1]), sfx = strlen("（示例）");

	if (uscc_normalize(f[0], uscc, &err) != GP_OK)
		fail_msg("%s", err.msg);
	assert_string_equal(uscc, f[0]);          /* already canonical */
	assert_memory_equal(uscc, "91370406", 8); /* enterprise, 山亭区 */
	assert_int_equal(uscc[16], 'Y');          /* never a GB 11714 check character */
	assert_true(strmap_put(&s->uscc, uscc, (int64_t)s->n));
	assert_int_equal(name_check("name", f[1], &err), GP_OK);
	assert_true(strmap_put(&s->names, f[1], 1)); /* names are unique */
	assert_true(n > sfx && strcmp(f[1] + n - sfx, "（示例）") == 0);
	for (size_t i = 0; i < NSUBPARKS; i++)
		if (strcmp(f[2], design_subparks[i]) == 0) {
			s->by_subpark[i]++;
			found = true;
		}
	if (!found)
		fail_msg("sub-park '%s' is not one DESIGN.md names", f[2]);
	assert_int_equal(industry_code_parse(f[3], code, &err), GP_OK);
	assert_int_equal(leading_industry_parse(f[4], &l, &err), GP_OK);
	s->by_leading[l]++;
	if (s->n < DEMO_ENTERPRISES)
		s->leading[s->n] = l;
	assert_int_equal(bool_parse("high_tech", f[5], &ht, &err), GP_OK);
	assert_int_equal(bool_parse("srdi", f[6], &srdi, &err), GP_OK);
	s->high_tech += ht;
	s->srdi += srdi;
	assert_true(num_parse_int64(f[7], 10, 5000, &v));
	assert_true(num_parse_double(f[8], &land) && land >= 1000 && land <= 200000);
	s->n++;
}

static void ent_stats_of(const struct demo_data *d, struct ent_stats *s)
{
	memset(s, 0, sizeof(*s));
	strmap_init(&s->uscc);
	strmap_init(&s->names);
	each_row(
	    &d->enterprises_csv,
	    "uscc,name,subpark,industry_code,leading_industry,high_tech,srdi,employees,land_m2", 9,
	    ent_row, s);
}

static void ent_stats_release(struct ent_stats *s)
{
	strmap_release(&s->uscc);
	strmap_release(&s->names);
}

static void enterprises_match_published_facts(void **state)
{
	struct demo_data d;
	struct ent_stats s;
	struct gp_err err;
	(void)state;

	assert_int_equal(demo_generate(DEMO_SEED_DEFAULT, &d, &err), GP_OK);
	ent_stats_of(&d, &s);
	/* DESIGN.md "Demo park": 64 enterprises, 38 high-tech (59.3 %), 27 专精特新 (42 %) */
	assert_int_equal(s.n, 64);
	assert_int_equal(d.enterprises, 64);
	assert_int_equal(s.high_tech, 38);
	assert_int_equal(s.srdi, 27);
	assert_true(100.0 * 38 / 64 >= 59.3 && 100.0 * 38 / 64 < 59.4);
	assert_true(100.0 * 27 / 64 >= 42.0 && 100.0 * 27 / 64 < 42.5);
	/* three leading industries plus other, as docs/demo.md lists them */
	assert_int_equal(s.by_leading[LEADING_NEW_ENERGY_MATERIALS], 22);
	assert_int_equal(s.by_leading[LEADING_NEW_TECH_EQUIPMENT], 22);
	assert_int_equal(s.by_leading[LEADING_HEALTH_FOOD], 12);
	assert_int_equal(s.by_leading[LEADING_OTHER], 8);
	/* every sub-park DESIGN.md names holds enterprises */
	for (size_t i = 0; i < NSUBPARKS; i++)
		if (s.by_subpark[i] == 0)
			fail_msg("no enterprise in %s", design_subparks[i]);
	ent_stats_release(&s);
	demo_data_release(&d);
}

/* ---- platforms ---- */

struct plat_stats {
	size_t n[LEVEL_COUNT][PLATFORM_KIND_COUNT];
	const struct strmap *uscc;
	struct strmap names;
};

static void plat_row(void *arg, char **f)
{
	struct plat_stats *s = arg;
	struct gp_err err;
	enum platform_level l;
	enum platform_kind k;
	int64_t v;

	assert_int_equal(name_check("name", f[0], &err), GP_OK);
	assert_true(strmap_put(&s->names, f[0], 1));
	assert_int_equal(platform_level_parse(f[1], &l, &err), GP_OK);
	assert_int_equal(platform_kind_parse(f[2], &k, &err), GP_OK);
	if (f[3][0] && !strmap_get(s->uscc, f[3], &v))
		fail_msg("platform %s: uscc %s is not a demo enterprise", f[0], f[3]);
	assert_true(num_parse_int64(f[4], 2000, 2024, &v));
	s->n[l][k]++;
}

static void platforms_match_published_facts(void **state)
{
	struct demo_data d;
	struct ent_stats es;
	struct plat_stats s;
	struct gp_err err;
	(void)state;

	assert_int_equal(demo_generate(DEMO_SEED_DEFAULT, &d, &err), GP_OK);
	ent_stats_of(&d, &es);
	memset(&s, 0, sizeof(s));
	s.uscc = &es.uscc;
	strmap_init(&s.names);
	each_row(&d.platforms_csv, "name,level,kind,uscc,year", 5, plat_row, &s);
	/* DESIGN.md: 38 provincial/municipal R&D platforms (the demo's split 14 + 24);
	 * 5 provincial and 5 municipal innovation platforms; no national ones */
	assert_int_equal(s.n[LEVEL_PROVINCIAL][PLATFORM_RD] + s.n[LEVEL_MUNICIPAL][PLATFORM_RD],
			 38);
	assert_int_equal(s.n[LEVEL_PROVINCIAL][PLATFORM_RD], DEMO_RD_PROVINCIAL);
	assert_int_equal(s.n[LEVEL_MUNICIPAL][PLATFORM_RD], DEMO_RD_MUNICIPAL);
	assert_int_equal(s.n[LEVEL_PROVINCIAL][PLATFORM_INNOVATION], 5);
	assert_int_equal(s.n[LEVEL_MUNICIPAL][PLATFORM_INNOVATION], 5);
	assert_int_equal(
	    s.n[LEVEL_NATIONAL][PLATFORM_RD] + s.n[LEVEL_NATIONAL][PLATFORM_INNOVATION], 0);
	assert_int_equal(d.platforms, 48);
	strmap_release(&s.names);
	ent_stats_release(&es);
	demo_data_release(&d);
}

/* ---- the ledger ---- */

struct ledger_stats {
	const struct strmap *uscc;
	struct u64map seen;                            /* (enterprise, period, item) */
	unsigned char grid[DEMO_ENTERPRISES][NMONTHS]; /* electricity_grid rows */
	size_t rows;
	double tce[3];    /* park energy (当量值) by year */
	double pv_kwh[3]; /* on-site renewable by year */
	bool pv[DEMO_ENTERPRISES], green[DEMO_ENTERPRISES], process[DEMO_ENTERPRISES];
	struct strmap items;
};

static void ledger_row(void *arg, char **f)
{
	struct ledger_stats *s = arg;
	struct gp_err err;
	int64_t e, item;
	int period, t, k;
	double q;

	if (!strmap_get(s->uscc, f[0], &e))
		fail_msg("ledger row for unknown uscc %s", f[0]);
	if (period_parse(f[1], &period, &err) != GP_OK)
		fail_msg("%s", err.msg);
	k = period / 100 - DEMO_FIRST_YEAR;
	t = k * 12 + period % 100 - 1;
	if (k < 0 || t >= NMONTHS)
		fail_msg("period %s outside %d-01..%d-12", f[1], DEMO_FIRST_YEAR, DEMO_LAST_YEAR);
	assert_true(num_parse_double(f[3], &q) && q >= 0);
	if (!strmap_get(&s->items, f[2], &item)) {
		item = (int64_t)s->items.len + 1;
		strmap_put(&s->items, f[2], item);
	}
	if (!u64map_put_new(&s->seen, (uint64_t)e << 32 | (uint64_t)t << 12 | (uint64_t)item, 1,
			    NULL))
		fail_msg("%s %s %s appears twice", f[0], f[1], f[2]);
	if (strcmp(f[2], "electricity_grid") == 0) {
		assert_string_equal(f[4], "kWh");
		s->grid[e][t] = 1;
	}
	if (strcmp(f[2], "electricity_onsite_renewable") == 0) {
		s->pv[e] = true;
		s->pv_kwh[k] += q;
	}
	s->green[e] |= strcmp(f[2], "electricity_green_traded") == 0;
	s->process[e] |= strcmp(f[2], "process_co2") == 0;
	s->tce[k] += q * tce_per_unit(f[2]);
	s->rows++;
}

static void ledger_stats_of(const struct demo_data *d, const struct ent_stats *es,
			    struct ledger_stats *s)
{
	memset(s, 0, sizeof(*s));
	s->uscc = &es->uscc;
	u64map_init(&s->seen);
	strmap_init(&s->items);
	each_row(&d->activity_csv, "uscc,period,item,quantity,unit", 5, ledger_row, s);
}

static void ledger_stats_release(struct ledger_stats *s)
{
	u64map_release(&s->seen);
	strmap_release(&s->items);
}

static void ledger_covers_every_month(void **state)
{
	struct demo_data d;
	struct ent_stats es;
	struct ledger_stats s;
	struct gp_err err;
	size_t pv = 0, green = 0;
	(void)state;

	assert_int_equal(demo_generate(DEMO_SEED_DEFAULT, &d, &err), GP_OK);
	ent_stats_of(&d, &es);
	ledger_stats_of(&d, &es, &s);
	assert_int_equal(s.rows, d.activity_rows);
	/* 2022-01 .. 2024-12, every enterprise, every month */
	for (size_t e = 0; e < DEMO_ENTERPRISES; e++)
		for (int t = 0; t < NMONTHS; t++)
			if (!s.grid[e][t])
				fail_msg("enterprise %zu has no electricity_grid for %d-%02d", e,
					 DEMO_FIRST_YEAR + t / 12, t % 12 + 1);
	for (size_t e = 0; e < DEMO_ENTERPRISES; e++) {
		pv += s.pv[e];
		green += s.green[e];
	}
	/* rooftop PV for roughly a third, growing 2022 → 2024; green power for a few */
	assert_true(pv >= 16 && pv <= 26);
	assert_true(s.pv_kwh[0] < s.pv_kwh[1] && s.pv_kwh[1] < s.pv_kwh[2]);
	assert_true(green >= 3 && green <= 8);
	ledger_stats_release(&s);
	ent_stats_release(&es);
	demo_data_release(&d);
}

/* Process CO2 only at materials makers (glass fibre, chemicals: carbonates). */
static void process_co2_only_at_materials_makers(void **state)
{
	struct demo_data d;
	struct ent_stats es;
	struct ledger_stats s;
	struct gp_err err;
	size_t n = 0;
	(void)state;

	assert_int_equal(demo_generate(DEMO_SEED_DEFAULT, &d, &err), GP_OK);
	ent_stats_of(&d, &es);
	ledger_stats_of(&d, &es, &s);
	for (size_t e = 0; e < DEMO_ENTERPRISES; e++) {
		if (!s.process[e])
			continue;
		n++;
		if (es.leading[e] != LEADING_NEW_ENERGY_MATERIALS)
			fail_msg("process CO2 at enterprise %zu, not a materials maker", e);
	}
	assert_true(n >= 1 && n <= 6);
	ledger_stats_release(&s);
	ent_stats_release(&es);
	demo_data_release(&d);
}

/* docs/demo.md: the park's energy (当量值) is 0.8-1.5 × 10^5 tce a year for any seed. */
static void energy_is_plausible(void **state)
{
	static const uint64_t seeds[] = {DEMO_SEED_DEFAULT, 0, 1, 42,
					 UINT64_C(9223372036854775807)};
	(void)state;

	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		struct demo_data d;
		struct ent_stats es;
		struct ledger_stats s;
		struct gp_err err;
		assert_int_equal(demo_generate(seeds[i], &d, &err), GP_OK);
		ent_stats_of(&d, &es);
		ledger_stats_of(&d, &es, &s);
		for (int k = 0; k < 3; k++)
			if (s.tce[k] < 8e4 || s.tce[k] > 1.5e5)
				fail_msg("seed %llu, %d: %.0f tce outside 8e4..1.5e5",
					 (unsigned long long)seeds[i], DEMO_FIRST_YEAR + k,
					 s.tce[k]);
		ledger_stats_release(&s);
		ent_stats_release(&es);
		demo_data_release(&d);
	}
}

/* ---- determinism ---- */

static bool same_buf(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* The names and codes of an enterprises text (its first two columns). */
static char *registry_keys(const struct buf *text)
{
	struct buf out;
	const char *p = text->data;

	buf_init(&out, 0);
	while (*p) {
		const char *nl = strchr(p, '\n');
		const char *c1 = strchr(p, ',');
		const char *c2 = strchr(c1 + 1, ',');
		buf_add(&out, p, (size_t)(c2 - p));
		buf_addc(&out, '\n');
		p = nl + 1;
	}
	return buf_detach(&out);
}

static void same_seed_same_bytes(void **state)
{
	struct demo_data a, b, c;
	struct gp_err err;
	char *ka, *kc;
	(void)state;

	assert_int_equal(demo_generate(DEMO_SEED_DEFAULT, &a, &err), GP_OK);
	assert_int_equal(demo_generate(DEMO_SEED_DEFAULT, &b, &err), GP_OK);
	assert_int_equal(demo_generate(7, &c, &err), GP_OK);
	assert_true(same_buf(&a.enterprises_csv, &b.enterprises_csv));
	assert_true(same_buf(&a.platforms_csv, &b.platforms_csv));
	assert_true(same_buf(&a.activity_csv, &b.activity_csv));
	/* another seed: other numbers, the same registry (names, codes, platforms) */
	assert_false(same_buf(&a.activity_csv, &c.activity_csv));
	assert_false(same_buf(&a.enterprises_csv, &c.enterprises_csv));
	assert_true(same_buf(&a.platforms_csv, &c.platforms_csv));
	ka = registry_keys(&a.enterprises_csv);
	kc = registry_keys(&c.enterprises_csv);
	assert_string_equal(ka, kc);
	free(ka);
	free(kc);
	demo_data_release(&a);
	demo_data_release(&b);
	demo_data_release(&c);
}

static void park_attributes(void **state)
{
	struct park p;
	struct gp_err err;
	(void)state;

	memset(&p, 0, sizeof(p));
	p.id = 7;
	demo_park(&p);
	assert_int_equal(p.id, 7); /* left as it was */
	assert_string_equal(p.name, "山亭经济开发区");
	assert_string_equal(p.region, "山东省枣庄市山亭区");
	assert_string_equal(p.grid, "north");
	assert_int_equal(grid_region_check(p.grid, &err), GP_OK);
	assert_string_equal(p.timezone, "Asia/Shanghai");
	assert_int_equal(timezone_check(p.timezone, &err), GP_OK);
	assert_true(p.land_km2 > 1 && p.land_km2 < 100);
	assert_true(p.sample); /* the web layer marks the park's pages 示例数据 */
}

/* ---- through the real imports ---- */

static void count_error(void *arg, const char *msg)
{
	(void)arg;
	print_error("import: %s\n", msg);
}

static void imports_accept_the_texts(void **state)
{
	char dir[256], db[320];
	const char *tmp = getenv("TMPDIR");
	struct store_handle h;
	struct import_report rep;
	struct import_result res;
	struct factor_lib lib;
	struct csv_reader *r;
	struct demo_data d;
	struct gp_err err;
	long counts[3];
	int from, to;
	(void)state;

	assert_true(str_fmt(dir, sizeof(dir), "%s/gp-demo.XXXXXX", tmp && *tmp ? tmp : "/tmp"));
	assert_non_null(mkdtemp(dir));
	str_fmt(db, sizeof(db), "%s/park.db", dir);
	memset(&rep, 0, sizeof(rep));
	rep.error = count_error;
	assert_int_equal(demo_generate(DEMO_SEED_DEFAULT, &d, &err), GP_OK);
	assert_int_equal(store_open(db, STORE_OPEN_CREATE, &h, &err), GP_OK);
	assert_int_equal(h.ops->migrate(h.st, &from, &to, &err), GP_OK);
	assert_int_equal(import_datafiles(&h, GREENPARK_DATADIR, "unit-test", &rep, counts, &err),
			 GP_OK);

	assert_int_equal(csv_open_mem(&r, d.enterprises_csv.data, d.enterprises_csv.len, "e"),
			 GP_OK);
	assert_int_equal(import_enterprises(&h, NULL, r, "unit-test", &rep, &res, &err), GP_OK);
	csv_close(r);
	assert_int_equal(res.stats.inserted, 64);
	assert_int_equal(res.subparks_created, 8);

	assert_int_equal(csv_open_mem(&r, d.platforms_csv.data, d.platforms_csv.len, "p"), GP_OK);
	assert_int_equal(import_platforms(&h, NULL, r, "unit-test", &rep, &res, &err), GP_OK);
	csv_close(r);
	assert_int_equal(res.stats.inserted, 48);

	assert_int_equal(h.ops->factors_load(h.st, &lib, &err), GP_OK);
	assert_int_equal(csv_open_mem(&r, d.activity_csv.data, d.activity_csv.len, "a"), GP_OK);
	assert_int_equal(import_activity(&h, &lib, r, "unit-test", &rep, &res, &err), GP_OK);
	csv_close(r);
	assert_int_equal(rep.errors, 0);
	assert_int_equal(res.stats.inserted, (long long)d.activity_rows);

	factors_release(&lib);
	store_close(&h);
	demo_data_release(&d);
	remove_db_files(db);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(enterprises_match_published_facts),
	    cmocka_unit_test(platforms_match_published_facts),
	    cmocka_unit_test(ledger_covers_every_month),
	    cmocka_unit_test(process_co2_only_at_materials_makers),
	    cmocka_unit_test(energy_is_plausible),
	    cmocka_unit_test(same_seed_same_bytes),
	    cmocka_unit_test(park_attributes),
	    cmocka_unit_test(imports_accept_the_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
