/* test_targets.c — the three target paths of core/targets.c, by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "near.h"

#include "core/targets.h"
#include "util/str.h"

static struct target make(const char *metric, enum target_path path, int base, int target,
			  double amount)
{
	struct target t;
	memset(&t, 0, sizeof(t));
	str_copy(t.metric, sizeof(t.metric), metric);
	t.path = path;
	t.base_year = base;
	t.target_year = target;
	t.amount = amount;
	return t;
}

/* −4 % a year from 2.0 in 2022: 2023 → 1.92, 2024 → 2.0 × 0.96² = 1.8432. */
static void rate(void **state)
{
	struct target t = make("co2_per_wan_yuan", PATH_RATE, 2022, 0, -4);
	(void)state;
	assert_near(target_required(&t, 2.0, 2022), 2.0, 1e-12);
	assert_near(target_required(&t, 2.0, 2023), 1.92, 1e-12);
	assert_near(target_required(&t, 2.0, 2024), 1.8432, 1e-12);
	assert_true(isnan(target_required(&t, 2.0, 2021)));
	assert_true(isnan(target_required(&t, NAN, 2024)));
}

/* 0.2 in 2022 to 0.5 by 2030, linearly: 2026 → 0.2 + 0.3 × 4/8 = 0.35; held after. */
static void reach(void **state)
{
	struct target t = make("clean_share", PATH_REACH, 2022, 2030, 0.5);
	(void)state;
	assert_near(target_required(&t, 0.2, 2026), 0.35, 1e-12);
	assert_near(target_required(&t, 0.2, 2030), 0.5, 1e-12);
	assert_near(target_required(&t, 0.2, 2033), 0.5, 1e-12);
}

/* 工业倍增: × 2 from 2022 to 2027, geometric: 2024 → 2^(2/5) = 1.3195079107728942;
 * 2027 → 2; held after. */
static void multiple(void **state)
{
	struct target t = make("output_value", PATH_MULTIPLE, 2022, 2027, 2);
	(void)state;
	assert_near(target_required(&t, 100, 2024), 131.95079107728942, 1e-9);
	assert_near(target_required(&t, 100, 2027), 200, 1e-9);
	assert_near(target_required(&t, 100, 2029), 200, 1e-9);
}

static void names(void **state)
{
	enum target_path p;
	(void)state;
	assert_true(target_metric_lower_is_better("co2_per_wan_yuan"));
	assert_true(target_metric_lower_is_better("energy_tce"));
	assert_false(target_metric_lower_is_better("clean_share"));
	assert_false(target_metric_lower_is_better("output_value"));
	assert_int_equal(target_metric_check("co2_t", NULL), GP_OK);
	assert_int_equal(target_metric_check("gdp", NULL), GP_EINPUT);
	assert_int_equal(target_path_parse("multiple", &p), GP_OK);
	assert_int_equal(p, PATH_MULTIPLE);
	assert_int_equal(target_path_parse("linear", &p), GP_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rate),
	    cmocka_unit_test(reach),
	    cmocka_unit_test(multiple),
	    cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
