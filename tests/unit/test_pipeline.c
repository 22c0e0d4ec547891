/* test_pipeline.c — core/pipeline.c: the stage rules, the screening gate at the edges
 * of its limits, time in stage and conversion against hand-counted values; the dates
 * of core/period.c against known day numbers. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "near.h"

#include "core/period.h"
#include "core/pipeline.h"
#include "util/str.h"

static void stages_parse(void **state)
{
	enum stage s;
	struct gp_err err;
	(void)state;

	assert_int_equal(stage_parse("signed", &s, NULL), GP_OK);
	assert_int_equal(s, STAGE_SIGNED);
	assert_int_equal(stage_parse("投产", &s, NULL), GP_OK);
	assert_int_equal(s, STAGE_PRODUCING);
	assert_int_equal(stage_parse("done", &s, &err), GP_EINPUT);
	assert_contains(err.msg, "reserve | negotiating | signed");
	assert_string_equal(stage_code(STAGE_TERMINATED), "terminated");
	assert_string_equal(stage_name_zh(STAGE_NEGOTIATING), "在谈");
}

static void moves(void **state)
{
	struct gp_err err;
	(void)state;

	/* one stage forward, by anyone */
	for (int s = STAGE_RESERVE; s < STAGE_PRODUCING; s++)
		assert_int_equal(pipeline_move_check((enum stage)s, (enum stage)(s + 1), false,
						     false, NULL, &err),
				 GP_OK);
	/* skipping and going back need an admin override with a reason */
	assert_int_equal(pipeline_move_check(STAGE_SIGNED, STAGE_STARTED, false, true, "x", &err),
			 GP_EINPUT);
	assert_contains(err.msg, "the next stage is 落地 landed");
	assert_int_equal(pipeline_move_check(STAGE_LANDED, STAGE_SIGNED, false, false, NULL, &err),
			 GP_EINPUT);
	assert_int_equal(pipeline_move_check(STAGE_SIGNED, STAGE_STARTED, true, false, "x", &err),
			 GP_EINPUT);
	assert_contains(err.msg, "only an admin");
	assert_int_equal(pipeline_move_check(STAGE_SIGNED, STAGE_STARTED, true, true, "", &err),
			 GP_EINPUT);
	assert_contains(err.msg, "needs a reason");
	assert_int_equal(
	    pipeline_move_check(STAGE_SIGNED, STAGE_STARTED, true, true, "已先行开工", &err),
	    GP_OK);
	assert_int_equal(pipeline_move_check(STAGE_LANDED, STAGE_SIGNED, true, true, "退回", &err),
			 GP_OK);
	/* 终止 from any stage of the flow, with a reason */
	assert_int_equal(
	    pipeline_move_check(STAGE_BUILDING, STAGE_TERMINATED, false, false, NULL, &err),
	    GP_EINPUT);
	assert_int_equal(
	    pipeline_move_check(STAGE_BUILDING, STAGE_TERMINATED, false, false, "停建", &err),
	    GP_OK);
	assert_int_equal(
	    pipeline_move_check(STAGE_PRODUCING, STAGE_TERMINATED, false, false, "停产", &err),
	    GP_OK);
	/* nothing after 投产 but 终止; nothing out of 终止 but an override; not to itself */
	assert_int_equal(
	    pipeline_move_check(STAGE_PRODUCING, STAGE_RESERVE, false, false, NULL, &err),
	    GP_EINPUT);
	assert_int_equal(
	    pipeline_move_check(STAGE_TERMINATED, STAGE_NEGOTIATING, false, false, NULL, &err),
	    GP_EINPUT);
	assert_contains(err.msg, "terminated");
	assert_int_equal(
	    pipeline_move_check(STAGE_TERMINATED, STAGE_NEGOTIATING, true, true, "重启", &err),
	    GP_OK);
	assert_int_equal(pipeline_move_check(STAGE_SIGNED, STAGE_SIGNED, true, true, "x", &err),
			 GP_EINPUT);
}

static void screening_needed(void **state)
{
	(void)state;
	assert_true(pipeline_move_screens(STAGE_NEGOTIATING, STAGE_SIGNED));
	assert_true(pipeline_move_screens(STAGE_RESERVE, STAGE_LANDED)); /* an override past 签约 */
	assert_true(pipeline_move_screens(STAGE_TERMINATED, STAGE_SIGNED)); /* reopened */
	assert_false(pipeline_move_screens(STAGE_SIGNED, STAGE_LANDED));
	assert_false(pipeline_move_screens(STAGE_NEGOTIATING, STAGE_TERMINATED));
	assert_false(pipeline_move_screens(STAGE_RESERVE, STAGE_NEGOTIATING));
}

static struct screen_rule rule(const char *code, enum rule_kind kind, const char *param,
			       double threshold, bool mandatory)
{
	struct screen_rule r;
	memset(&r, 0, sizeof(r));
	str_copy(r.code, sizeof(r.code), code);
	r.kind = kind;
	str_copy(r.param, sizeof(r.param), param);
	r.threshold = threshold;
	r.mandatory = mandatory;
	str_copy(r.name, sizeof(r.name), code);
	assert_int_equal(screen_rule_validate(&r, NULL), GP_OK);
	return r;
}

static struct screen_inputs inputs(void)
{
	struct screen_inputs in;
	memset(&in, 0, sizeof(in));
	in.output_wan_yuan = 10000;
	in.energy_tce = 3000;
	in.energy_tce_equivalent = 5000; /* 0.5 tce/万元 on the 等价值 basis */
	in.co2_t = 12000;                /* 1.2 t/万元 */
	in.pollutants_t[POLL_SO2] = 10;
	in.park_year = 2024;
	in.park_core_before = 2.40;
	in.park_core_after = 2.42;
	str_copy(in.industry_code, sizeof(in.industry_code), "C2521");
	return in;
}

/* A limit holds when the value is not above it: at the limit passes, the next double
 * above fails. */
static void gate_boundaries(void **state)
{
	struct screen_rule rules[3];
	struct screen_inputs in = inputs();
	struct screen_outcome oc;
	(void)state;

	rules[0] = rule("E1", RULE_ENERGY_INTENSITY_MAX, "", 0.5, true); /* param → equivalent */
	rules[1] = rule("C1", RULE_CO2_INTENSITY_MAX, "", 1.2, true);
	rules[2] = rule("S1", RULE_POLLUTANT_MAX, "二氧化硫", 10, true);
	assert_string_equal(rules[0].param, "equivalent");
	assert_string_equal(rules[2].param, "so2");
	screen_evaluate(rules, 3, &in, &oc);
	assert_false(oc.vetoed);
	assert_int_equal(oc.n, 3);
	assert_near(oc.results[0].value, 0.5, 1e-15);
	assert_true(oc.results[0].pass && oc.results[1].pass && oc.results[2].pass);

	in.energy_tce_equivalent = nextafter(5000, 1e9);
	in.pollutants_t[POLL_SO2] = nextafter(10, 100);
	screen_evaluate(rules, 3, &in, &oc);
	assert_true(oc.vetoed);
	assert_int_equal(oc.failed_mandatory, 2);
	assert_false(oc.results[0].pass);
	assert_true(oc.results[1].pass);
	assert_false(oc.results[2].pass);
	assert_contains(oc.results[0].detail, "> 0.5 tce/万元");

	/* the calorific basis reads 当量值: 0.3 tce/万元 */
	rules[0] = rule("E2", RULE_ENERGY_INTENSITY_MAX, "calorific", 0.3, true);
	screen_evaluate(rules, 1, &in, &oc);
	assert_true(oc.results[0].pass);
	assert_near(oc.results[0].value, 0.3, 1e-15);
}

static void gate_advisory_and_applicability(void **state)
{
	struct screen_rule rules[4];
	struct screen_inputs in = inputs();
	struct screen_outcome oc;
	(void)state;

	rules[0] = rule("Z1", RULE_PARK_CORE_INCREASE_MAX, "", 0.01, false); /* +0.02: fails */
	rules[1] = rule("Z2", RULE_PARK_CORE_MAX, "", 2.42, true);           /* 2.42: holds */
	rules[2] = rule("E1", RULE_ENERGY_INTENSITY_MAX, "", 0.1, true);
	rules[3] = rule("C1", RULE_CO2_INTENSITY_MAX, "", 0.1, true);
	screen_evaluate(rules, 2, &in, &oc);
	assert_false(oc.vetoed); /* an advisory failure warns, it does not veto */
	assert_int_equal(oc.failed_advisory, 1);
	assert_near(oc.results[0].value, 0.02, 1e-12);
	assert_true(oc.results[1].pass);

	/* no expected output (infrastructure): intensities do not apply */
	in.output_wan_yuan = 0;
	screen_evaluate(rules + 2, 2, &in, &oc);
	assert_false(oc.vetoed);
	assert_false(oc.results[0].applicable);
	assert_true(oc.results[0].pass);
	assert_contains(oc.results[1].detail, "not applicable");

	/* no park figures: the park rules cannot see, so they fail */
	in.park_core_before = in.park_core_after = NAN;
	screen_evaluate(rules, 2, &in, &oc);
	assert_true(oc.vetoed);
	assert_false(oc.results[1].pass);
	assert_contains(oc.results[1].detail, "no ledger data");
}

static void gate_restricted(void **state)
{
	struct screen_rule rules[3];
	struct screen_inputs in = inputs();
	struct screen_outcome oc;
	(void)state;

	rules[0] = rule("R1", RULE_RESTRICTED_INDUSTRY, "C25", NAN, true);   /* prefix: hit */
	rules[1] = rule("R2", RULE_RESTRICTED_INDUSTRY, "c2531", NAN, true); /* upper-cased; miss */
	rules[2] = rule("R3", RULE_RESTRICTED_INDUSTRY, "C2521", NAN, false);
	assert_string_equal(rules[1].param, "C2531");
	screen_evaluate(rules, 3, &in, &oc);
	assert_true(oc.vetoed);
	assert_false(oc.results[0].pass);
	assert_true(oc.results[1].pass);
	assert_false(oc.results[2].pass);
	assert_int_equal(oc.failed_mandatory, 1);
	assert_int_equal(oc.failed_advisory, 1);
}

static void rule_validation(void **state)
{
	struct screen_rule r;
	struct gp_err err;
	(void)state;

	memset(&r, 0, sizeof(r));
	str_copy(r.code, sizeof(r.code), "X");
	str_copy(r.name, sizeof(r.name), "x");
	r.kind = RULE_POLLUTANT_MAX;
	str_copy(r.param, sizeof(r.param), "mercury");
	r.threshold = 1;
	assert_int_equal(screen_rule_validate(&r, &err), GP_EINPUT);
	assert_contains(err.msg, "so2 | nox | voc | pm | cod | nh3n");
	r.kind = RULE_CO2_INTENSITY_MAX;
	r.param[0] = '\0';
	r.threshold = -1;
	assert_int_equal(screen_rule_validate(&r, &err), GP_EINPUT);
	r.threshold = NAN;
	assert_int_equal(screen_rule_validate(&r, &err), GP_EINPUT);
	r.kind = RULE_ENERGY_INTENSITY_MAX;
	r.threshold = 1;
	str_copy(r.param, sizeof(r.param), "gross");
	assert_int_equal(screen_rule_validate(&r, &err), GP_EINPUT);
	assert_contains(err.msg, "calorific");
}

/* Two projects, days counted by hand (today = 100):
 *  A: reserve day 0, negotiating day 10, signed day 40 (now)
 *  B: reserve day 5, negotiating day 25 (now)
 * reserve stays 10 and 20 (mean 15, median 15); negotiating: A's 30 done, B there for
 * 75 so far; signed: A there for 60. */
static void stage_times(void **state)
{
	static const struct stage_event ev[] = {
	    {1, STAGE_RESERVE, 0}, {1, STAGE_NEGOTIATING, 10}, {1, STAGE_SIGNED, 40},
	    {2, STAGE_RESERVE, 5}, {2, STAGE_NEGOTIATING, 25},
	};
	struct stage_time t[STAGE_COUNT];
	(void)state;

	pipeline_stage_times(ev, 5, 100, t);
	assert_int_equal(t[STAGE_RESERVE].completed, 2);
	assert_near(t[STAGE_RESERVE].mean_days, 15, 0);
	assert_near(t[STAGE_RESERVE].median_days, 15, 0);
	assert_int_equal(t[STAGE_RESERVE].current, 0);
	assert_true(isnan(t[STAGE_RESERVE].current_mean_days));
	assert_int_equal(t[STAGE_NEGOTIATING].completed, 1);
	assert_near(t[STAGE_NEGOTIATING].median_days, 30, 0);
	assert_int_equal(t[STAGE_NEGOTIATING].current, 1);
	assert_near(t[STAGE_NEGOTIATING].current_mean_days, 75, 0);
	assert_int_equal(t[STAGE_SIGNED].current, 1);
	assert_near(t[STAGE_SIGNED].current_mean_days, 60, 0);
	assert_true(isnan(t[STAGE_SIGNED].mean_days));
}

/* Furthest stages: building, signed, negotiating, negotiating (then terminated).
 * reached: reserve 4, negotiating 4, signed 2, landed 1, started 1, building 1,
 * producing 0 → rates 1, 0.5, 0.5, 1, 1, 0. */
static void conversion(void **state)
{
	struct project p[4];
	size_t reached[STAGE_FLOW_COUNT];
	double rate[STAGE_FLOW_COUNT - 1];
	(void)state;

	memset(p, 0, sizeof(p));
	p[0].reached = STAGE_BUILDING;
	p[1].reached = STAGE_SIGNED;
	p[2].reached = STAGE_NEGOTIATING;
	p[3].reached = STAGE_NEGOTIATING;
	p[3].stage = STAGE_TERMINATED;
	pipeline_conversion(p, 4, reached, rate);
	assert_int_equal(reached[STAGE_RESERVE], 4);
	assert_int_equal(reached[STAGE_NEGOTIATING], 4);
	assert_int_equal(reached[STAGE_SIGNED], 2);
	assert_int_equal(reached[STAGE_LANDED], 1);
	assert_int_equal(reached[STAGE_PRODUCING], 0);
	assert_near(rate[STAGE_RESERVE], 1, 0);
	assert_near(rate[STAGE_NEGOTIATING], 0.5, 0);
	assert_near(rate[STAGE_SIGNED], 0.5, 0);
	assert_near(rate[STAGE_BUILDING], 0, 0);
}

/* Day numbers: 1970-01-01 is 0; 2000-03-01 is 10957 (1970..1999) + 31 + 29 = 11017. */
static void dates(void **state)
{
	struct gp_err err;
	long d;
	char out[11];
	(void)state;

	assert_int_equal(date_days(1970, 1, 1), 0);
	assert_int_equal(date_days(2000, 3, 1), 11017);
	assert_int_equal(date_parse("d", "2024-02-29", &d, &err), GP_OK);
	date_format(d, out);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(date_parse("d", "2023-02-29", &d, &err), GP_EINPUT);
	assert_contains(err.msg, "2023-02 has 28 days");
	assert_int_equal(date_parse("deadline", "2024/03/01", &d, &err), GP_EINPUT);
	assert_contains(err.msg, "deadline '2024/03/01' is not a date (expected YYYY-MM-DD");
	for (long k = date_days(1990, 1, 1); k < date_days(2031, 1, 1); k += 37) {
		long back;
		date_format(k, out);
		assert_int_equal(date_parse("d", out, &back, NULL), GP_OK);
		assert_int_equal(back, k);
	}
}

static void validation(void **state)
{
	struct project p;
	struct gp_err err;
	(void)state;

	memset(&p, 0, sizeof(p));
	str_copy(p.code, sizeof(p.code), "P2024-001");
	str_copy(p.name, sizeof(p.name), "项目");
	str_copy(p.investor, sizeof(p.investor), "投资方");
	p.land_mu = 120;
	p.land_m2 = 120 * M2_PER_MU * 1.009; /* within 1 % */
	assert_int_equal(project_validate(&p, &err), GP_OK);
	p.land_m2 = 120 * M2_PER_MU * 1.02;
	assert_int_equal(project_validate(&p, &err), GP_EINPUT);
	assert_contains(err.msg, "disagree");
	p.land_m2 = 80000;
	p.nenergy = 2;
	str_copy(p.energy[0].item, sizeof(p.energy[0].item), "electricity_grid");
	str_copy(p.energy[1].item, sizeof(p.energy[1].item), "electricity_grid");
	assert_int_equal(project_validate(&p, &err), GP_EINPUT);
	assert_contains(err.msg, "twice");
	p.nenergy = 0;
	str_copy(p.code, sizeof(p.code), "P 1");
	assert_int_equal(project_validate(&p, &err), GP_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(stages_parse),
	    cmocka_unit_test(moves),
	    cmocka_unit_test(screening_needed),
	    cmocka_unit_test(gate_boundaries),
	    cmocka_unit_test(gate_advisory_and_applicability),
	    cmocka_unit_test(gate_restricted),
	    cmocka_unit_test(rule_validation),
	    cmocka_unit_test(stage_times),
	    cmocka_unit_test(conversion),
	    cmocka_unit_test(dates),
	    cmocka_unit_test(validation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
