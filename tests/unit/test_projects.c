/* test_projects.c — the pipeline against a real SQLite store in a mkdtemp directory:
 * a project's expected account (published factors), the park indicator the gate reads,
 * the imports' line errors with nothing stored, moves through the gate (a veto keeps its
 * decision and refuses the move), and the summary's counts. Expected numbers are worked
 * here by hand or come from the published factors named next to them. */
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

#include "ingest/csv.h"
#include "ingest/import.h"
#include "ingest/import_projects.h"
#include "report/projects.h"
#include "store/store.h"
#include "store/store_projects.h"
#include "util/str.h"

#include "store_helpers.h"

#ifndef GREENPARK_DATADIR
#define GREENPARK_DATADIR "data"
#endif

#define ACTOR "unit-test"
#define A     "91370406MA3C00010M" /* a valid GB 32100-2015 code */

#define PROJECT_HEADER                                                                             \
	"code,name,investor,uscc,industry_code,leading_industry,subpark,investment_wan_yuan,"      \
	"output_wan_yuan,tax_wan_yuan,land_mu,land_m2,high_tech,talent,lead,members,department,"   \
	"energy,so2_t,nox_t,voc_t,pm_t,cod_t,nh3n_t,key_list,stage,stage_date,note\n"

/* Two projects at 在谈: a clean one (10,000 万元 output; 100 万kWh and 100 万m³ of gas) and
 * a dirty one (40 t SO2). */
static const char projects_csv[] = PROJECT_HEADER
    "P1,清洁项目,投资方甲," A ",C3841,new_energy_materials,空港产业园,5000,10000,500,30,,是,,"
    "王,李；赵,招商服务局,electricity_grid:100 万kWh;natural_gas:100 万m3,1,2,0,0,0,0,,"
    "negotiating,2024-01-10,\n"
    "P2,燃煤项目,投资方乙,,C4411,other,,3000,10000,100,20,,否,,刘,,招商服务局,"
    "electricity_grid:100 万kWh,40,10,0,0,0,0,,negotiating,2024-02-01,\n";

static const char rules_csv[] = "code,kind,param,threshold,mandatory,name,source\n"
				"S1,pollutant_max,so2,10,yes,SO2 ≤ 10 t/a,test\n"
				"C1,co2_intensity_max,,1.2,no,CO2 ≤ 1.2 t/万元,test\n";

struct fx {
	char dir[256];
	char db[320];
	struct store_handle h;
	struct factor_lib lib;
	struct import_report rep;
	char msgs[16][1200];
	size_t nmsgs;
};

static void on_error(void *arg, const char *msg)
{
	struct fx *f = arg;
	if (f->nmsgs < 16)
		str_copy(f->msgs[f->nmsgs++], sizeof(f->msgs[0]), msg);
}

static int run(struct fx *f, import_fn fn, const char *csv, const char *name)
{
	struct import_result res;
	struct csv_reader *r;
	struct gp_err err;
	int rc;

	f->nmsgs = 0;
	f->rep.errors = 0;
	memset(&err, 0, sizeof(err));
	assert_int_equal(csv_open_mem(&r, csv, strlen(csv), name), GP_OK);
	rc = fn(&f->h, &f->lib, r, ACTOR, &f->rep, &res, &err);
	csv_close(r);
	if (rc != GP_OK && !f->rep.errors)
		print_message("  %s: %s\n", name, err.msg);
	return rc;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");
	long counts[3];
	struct gp_err err;
	int from, to;

	if (!f)
		return -1;
	*state = f;
	f->rep.error = on_error;
	f->rep.arg = f;
	if (!str_fmt(f->dir, sizeof(f->dir), "%s/gp-projects.XXXXXX", tmp && *tmp ? tmp : "/tmp") ||
	    !mkdtemp(f->dir))
		return -1;
	str_fmt(f->db, sizeof(f->db), "%s/park.db", f->dir);
	if (store_open(f->db, STORE_OPEN_CREATE, &f->h, &err) != GP_OK ||
	    f->h.ops->migrate(f->h.st, &from, &to, &err) != GP_OK ||
	    import_datafiles(&f->h, GREENPARK_DATADIR, ACTOR, &f->rep, counts, &err) != GP_OK ||
	    f->h.ops->factors_load(f->h.st, &f->lib, &err) != GP_OK) {
		print_error("setup: %s\n", err.msg);
		return -1;
	}
	if (run(f, import_enterprises,
		"uscc,name,subpark,industry_code,leading_industry,high_tech,srdi,employees,land_"
		"m2\n" A ",甲公司,空港产业园,C3841,new_energy_materials,1,0,100,1000\n",
		"e.csv") != GP_OK ||
	    /* the park's 2023 ledger: electricity only */
	    run(f, import_activity,
		"uscc,period,item,quantity,unit\n" A ",2023-01,electricity_grid,3000000,kWh\n",
		"a.csv") != GP_OK)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	if (!f)
		return 0;
	factors_release(&f->lib);
	store_close(&f->h);
	if (f->dir[0]) {
		remove_db_files(f->db);
		rmdir(f->dir);
	}
	free(f);
	return 0;
}

static size_t project_count(struct fx *f)
{
	struct project_filter all = {-1, NULL};
	struct project *list;
	struct gp_err err;
	size_t n;

	assert_int_equal(f->h.ops->projects->project_list(f->h.st, &all, &list, &n, &err), GP_OK);
	free(list);
	return n;
}

/* 100 万kWh = 1,000,000 kWh × 0.8325 kg/kWh (零碳园区碳排放核算方法, 发改环资〔2025〕910号
 * 附件4) = 832.5 t; 100 万m³ of natural gas = 2162.188809 t (the same value test_account
 * checks against the published 2162.2). */
static void expected_account(void **state)
{
	struct fx *f = *state;
	struct project p;
	struct screen_inputs in;
	struct gp_err err;

	assert_int_equal(run(f, import_projects, projects_csv, "projects.csv"), GP_OK);
	assert_int_equal(f->h.ops->projects->project_find(f->h.st, "P1", &p, &err), GP_OK);
	assert_int_equal(p.nenergy, 2);
	assert_near(p.land_m2, 30 * 10000.0 / 15, 1e-9); /* 1 亩 = 666.67 m² */
	memset(&in, 0, sizeof(in));
	assert_int_equal(project_account(&f->lib, &p, 2024, METHOD_ZCP2025, "north", &in, &err),
			 GP_OK);
	assert_near(in.co2_t, 832.5 + 2162.188809, 1e-3);

	/* the park has only electricity; adding a project of only electricity keeps its
	 * t CO2/tce unchanged, whatever the factors */
	assert_int_equal(f->h.ops->projects->project_find(f->h.st, "P2", &p, &err), GP_OK);
	assert_int_equal(project_screen_inputs(&f->h, &f->lib, &p, METHOD_ZCP2025, &in, &err),
			 GP_OK);
	assert_int_equal(in.park_year, 2023);
	assert_true(in.park_core_before > 0);
	assert_near(in.park_core_after, in.park_core_before, 1e-12);
}

static void import_errors(void **state)
{
	struct fx *f = *state;
	static const char bad[] = PROJECT_HEADER
	    "P1,好项目,甲,,C3841,other,,1,1,,,,0,,,,,,,,,,,,,reserve,2024-01-01,\n"
	    "P2,坏用地,甲,,C3841,other,,1,1,,10,9000,0,,,,,,,,,,,,,reserve,2024-01-01,\n"
	    "P3,坏能源,甲,,C3841,other,,1,1,,,,0,,,,,electricity:5 "
	    "万kWh,,,,,,,,reserve,2024-01-01,\n"
	    "P4,坏单位,甲,,C3841,other,,1,1,,,,0,,,,,natural_gas:5 吨,,,,,,,,reserve,2024-01-01,\n"
	    "P5,坏阶段,甲,,C3841,other,无此园区,-1,1,,,,0,,,,,,,,,,,,,done,2024-13-01,\n"
	    "P1,重复,甲,,C3841,other,,1,1,,,,0,,,,,,,,,,,,,reserve,2024-01-01,\n";
	size_t audits = audit_count_of(&f->h, "project");

	assert_int_equal(run(f, import_projects, bad, "bad.csv"), GP_EINPUT);
	assert_true(f->nmsgs >= 8);
	assert_contains(f->msgs[0], "bad.csv:3: land_mu 10 (= 6667 m²) and land_m2 9000 disagree");
	assert_contains(f->msgs[1], "bad.csv:4: energy item 'electricity' is not in the factor");
	assert_contains(f->msgs[2], "bad.csv:5: energy natural_gas: ");
	assert_contains(f->msgs[3], "bad.csv:6: subpark '无此园区' does not exist");
	assert_contains(f->msgs[4], "bad.csv:6: investment_wan_yuan '-1' is not a number ≥ 0");
	assert_contains(f->msgs[5], "bad.csv:6: stage 'done' is not one of reserve");
	assert_contains(f->msgs[6], "bad.csv:6: stage_date '2024-13-01' has month 13");
	assert_contains(f->msgs[7], "bad.csv:7: project P1 already appears on line 2");
	assert_int_equal(project_count(f), 0);
	assert_int_equal(audit_count_of(&f->h, "project"), audits);

	assert_int_equal(run(f, import_screen_rules,
			     "code,kind,param,threshold,mandatory,name,source\n"
			     "X1,pollutant_max,mercury,1,yes,x,\n"
			     "X2,speed_max,,1,yes,x,\n",
			     "rules.csv"),
			 GP_EINPUT);
	assert_contains(f->msgs[0], "rules.csv:2: rule X1: pollutant 'mercury'");
	assert_contains(f->msgs[1], "rules.csv:3: kind 'speed_max' is not one of");
}

static void moves_and_veto(void **state)
{
	struct fx *f = *state;
	struct move_request m = {"P2",  STAGE_SIGNED, "2024-03-01",   "",
				 false, false,        METHOD_ZCP2025, ACTOR};
	struct screen_decision_row *dec;
	struct project p;
	struct gp_err err;
	json_t *d = NULL, *s;
	size_t n;

	assert_int_equal(run(f, import_projects, projects_csv, "projects.csv"), GP_OK);
	assert_int_equal(run(f, import_screen_rules, rules_csv, "rules.csv"), GP_OK);

	/* P2 emits 40 t SO2 against a mandatory 10: vetoed, the decision kept */
	assert_int_equal(project_move(&f->h, &f->lib, &m, &d, &err), GP_ECONFLICT);
	assert_contains(err.msg, "vetoed at the screening gate");
	assert_contains(err.msg, "S1 SO2 ≤ 10 t/a (40 t/a > 10 t/a)");
	assert_non_null(d);
	assert_true(json_is_true(json_object_get(d, "vetoed")));
	json_decref(d);
	assert_int_equal(f->h.ops->projects->project_find(f->h.st, "P2", &p, &err), GP_OK);
	assert_int_equal(p.stage, STAGE_NEGOTIATING);
	assert_int_equal(f->h.ops->projects->decisions(f->h.st, p.id, true, &dec, &n, &err), GP_OK);
	assert_int_equal(n, 1);
	assert_contains(dec[0].inputs_json, "\"output_wan_yuan\":10000");
	screen_decisions_free(dec, n);

	/* P1 passes; then one stage at a time, and never back in time */
	m.code = "P1";
	assert_int_equal(project_move(&f->h, &f->lib, &m, NULL, &err), GP_OK);
	m.to = STAGE_STARTED;
	assert_int_equal(project_move(&f->h, &f->lib, &m, NULL, &err), GP_EINPUT);
	m.to = STAGE_LANDED;
	m.on_date = "2024-02-01";
	assert_int_equal(project_move(&f->h, &f->lib, &m, NULL, &err), GP_EINPUT);
	assert_contains(err.msg, "before project P1 entered 签约");
	m.on_date = "2024-04-11";
	assert_int_equal(project_move(&f->h, &f->lib, &m, NULL, &err), GP_OK);
	/* an analyst cannot override; an admin can, with a reason */
	m.to = STAGE_BUILDING;
	m.override = true;
	m.reason = "已同步开工建设";
	assert_int_equal(project_move(&f->h, &f->lib, &m, NULL, &err), GP_EINPUT);
	m.admin = true;
	assert_int_equal(project_move(&f->h, &f->lib, &m, NULL, &err), GP_OK);
	/* P2 terminated with the veto as its reason */
	m.code = "P2";
	m.to = STAGE_TERMINATED;
	m.override = false;
	m.reason = "环保一票否决";
	assert_int_equal(project_move(&f->h, &f->lib, &m, NULL, &err), GP_OK);

	/* by_stage: P1 building, P2 terminated; one project vetoed. In 在谈: P1 from
	 * 2024-01-10 to 2024-03-01 (51 days), P2 from 2024-02-01 until terminated on
	 * 2024-04-11 (70 days): median (51 + 70) / 2 = 60.5. P1 in 签约 until 2024-04-11
	 * (41 days). Reached: reserve 2, negotiating 2, signed 1 … building 1. */
	assert_int_equal(projects_summary(&f->h, &f->lib, METHOD_ZCP2025, &s, &err), GP_OK);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(s, "by_stage"), "building")), 1);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(s, "by_stage"), "terminated")), 1);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(s, "by_stage"), "negotiating")), 0);
	assert_int_equal(json_integer_value(json_object_get(s, "vetoed")), 1);
	assert_near(
	    json_number_value(json_object_get(
		json_object_get(json_object_get(s, "stage_days"), "negotiating"), "median_days")),
	    60.5, 0);
	assert_near(
	    json_number_value(json_object_get(
		json_object_get(json_object_get(s, "stage_days"), "signed"), "median_days")),
	    41, 0);
	assert_near(json_number_value(json_object_get(
			json_array_get(json_object_get(s, "conversion"), 1), "rate")),
		    0.5, 0);
	/* the effect counts P1 only (P2 is terminated): its 832.5 + 2162.188809 t */
	assert_near(json_number_value(json_object_get(
			json_object_get(json_object_get(s, "effect"), "co2_t"), "added")),
		    2994.688809, 1e-3);
	json_decref(s);
	assert_true(audit_count_of(&f->h, "project") >= 2 + 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(expected_account, setup, teardown),
	    cmocka_unit_test_setup_teardown(import_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(moves_and_veto, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
