/* test_registry.c — the field rules of the registry (registry.h): enum names in
 * English and Chinese, yes/no values, GB/T 4754-2017 industry codes, names, grid
 * regions, time-zone names, and the enterprise summary's counts and shares. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/registry.h"
#include "util/str.h"

#define assert_contains(hay, needle)                                                               \
	do {                                                                                       \
		if (!strstr((hay), (needle)))                                                      \
			fail_msg("\"%s\" does not contain \"%s\"", (hay), (needle));               \
	} while (0)

static void leading_industry(void **state)
{
	enum leading_industry l = LEADING_COUNT;
	struct gp_err err;

	(void)state;
	assert_int_equal(leading_industry_parse("new_energy_materials", &l, &err), GP_OK);
	assert_int_equal(l, LEADING_NEW_ENERGY_MATERIALS);
	assert_int_equal(leading_industry_parse("new_tech_equipment", &l, &err), GP_OK);
	assert_int_equal(l, LEADING_NEW_TECH_EQUIPMENT);
	assert_int_equal(leading_industry_parse("health_food", &l, &err), GP_OK);
	assert_int_equal(l, LEADING_HEALTH_FOOD);
	assert_int_equal(leading_industry_parse("other", &l, &err), GP_OK);
	assert_int_equal(l, LEADING_OTHER);
	/* The three leading industries of the park, as the park writes them. */
	assert_int_equal(leading_industry_parse("新能源新材料", &l, &err), GP_OK);
	assert_int_equal(l, LEADING_NEW_ENERGY_MATERIALS);
	assert_int_equal(leading_industry_parse("新技术新装备", &l, &err), GP_OK);
	assert_int_equal(l, LEADING_NEW_TECH_EQUIPMENT);
	assert_int_equal(leading_industry_parse("大健康食品", &l, &err), GP_OK);
	assert_int_equal(l, LEADING_HEALTH_FOOD);
	assert_int_equal(leading_industry_parse("其他", &l, &err), GP_OK);
	assert_int_equal(l, LEADING_OTHER);

	l = LEADING_COUNT;
	gp_err_clear(&err);
	assert_int_equal(leading_industry_parse("新能源", &l, &err), GP_EINPUT);
	assert_int_equal(l, LEADING_COUNT);
	assert_string_equal(err.msg,
			    "leading_industry '新能源' is not one of new_energy_materials | "
			    "new_tech_equipment | health_food | other");
	assert_int_equal(leading_industry_parse("", &l, &err), GP_EINPUT);
	assert_int_equal(leading_industry_parse("health_food ", &l, &err), GP_EINPUT);

	assert_string_equal(leading_industry_name(LEADING_HEALTH_FOOD), "health_food");
	assert_string_equal(leading_industry_name_zh(LEADING_NEW_TECH_EQUIPMENT), "新技术新装备");
	assert_string_equal(leading_industry_name(LEADING_COUNT), "?");
}

static void platform_enums(void **state)
{
	enum platform_level lv = LEVEL_COUNT;
	enum platform_kind k = PLATFORM_KIND_COUNT;
	struct gp_err err;

	(void)state;
	assert_int_equal(platform_level_parse("省级", &lv, &err), GP_OK);
	assert_int_equal(lv, LEVEL_PROVINCIAL);
	assert_int_equal(platform_level_parse("national", &lv, &err), GP_OK);
	assert_int_equal(lv, LEVEL_NATIONAL);
	assert_int_equal(platform_level_parse("市级", &lv, &err), GP_OK);
	assert_int_equal(lv, LEVEL_MUNICIPAL);
	assert_int_equal(platform_level_parse("county", &lv, &err), GP_EINPUT);
	assert_string_equal(err.msg,
			    "level 'county' is not one of national | provincial | municipal");
	assert_int_equal(platform_kind_parse("研发平台", &k, &err), GP_OK);
	assert_int_equal(k, PLATFORM_RD);
	assert_int_equal(platform_kind_parse("innovation", &k, &err), GP_OK);
	assert_int_equal(k, PLATFORM_INNOVATION);
	assert_int_equal(platform_kind_parse("lab", &k, &err), GP_EINPUT);
	assert_string_equal(err.msg, "kind 'lab' is not one of rd | innovation");
}

static void bools(void **state)
{
	static const char *const yes[] = {"1", "true", "TRUE", "True", "yes", "YES", "Yes", "是"};
	static const char *const no[] = {"0", "false", "FALSE", "False", "no", "NO", "No", "否"};
	static const char *const bad[] = {"",   "2",  "y",       "n",  "t",  "f",  "yes ",
					  " 1", "01", "trueish", "对", "不", "on", "off"};
	struct gp_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		bool b = false;
		assert_int_equal(bool_parse("high_tech", yes[i], &b, &err), GP_OK);
		assert_true(b);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		bool b = true;
		assert_int_equal(bool_parse("high_tech", no[i], &b, &err), GP_OK);
		assert_false(b);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		bool b = true;
		char want[64];

		gp_err_clear(&err);
		if (bool_parse("srdi", bad[i], &b, &err) != GP_EINPUT)
			fail_msg("'%s' should not be a yes/no value", bad[i]);
		assert_true(b);
		str_fmt(want, sizeof(want), "srdi '%s' is not a yes/no value", bad[i]);
		assert_contains(err.msg, want);
	}
}

/* GB/T 4754-2017: sections A-T, divisions 2 digits, groups 3, classes 4. C3841 is
 * 锂离子电池制造 (manufacture of lithium-ion batteries). */
static void industry_codes(void **state)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
	    {"C3841", "C3841"}, {"3841", "3841"}, {"c38", "C38"}, {"C384", "C384"},
	    {"38", "38"},       {"A01", "A01"},   {"T97", "T97"}, {"t9700", "T9700"},
	};
	static const char *const bad[] = {
	    "Z12", "U12",  "C12345", "C1",   "1",   "12345", "",
	    "C",   "CC38", "C38A",   "C 38", "38C", "Ｃ38", /* fullwidth C */
	};
	struct gp_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		char out[8] = "";
		gp_err_clear(&err);
		if (industry_code_parse(ok[i].in, out, &err) != GP_OK)
			fail_msg("'%s' refused: %s", ok[i].in, err.msg);
		assert_string_equal(out, ok[i].out);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char out[8], want[64];
		gp_err_clear(&err);
		if (industry_code_parse(bad[i], out, &err) != GP_EINPUT)
			fail_msg("'%s' should be refused", bad[i]);
		str_fmt(want, sizeof(want), "industry_code '%s' is not a GB/T 4754-2017 code",
			bad[i]);
		assert_contains(err.msg, want);
	}
}

static void names(void **state)
{
	char s[NAME_MAX_BYTES + 8];
	struct gp_err err;

	(void)state;
	assert_int_equal(name_check("name", "山亭经济开发区", &err), GP_OK);
	assert_int_equal(name_check("name", "Shanting EDZ (空港产业园)", &err), GP_OK);
	gp_err_clear(&err);
	assert_int_equal(name_check("name", "", &err), GP_EINPUT);
	assert_string_equal(err.msg, "name is empty");

	/* 255 bytes accepted, 256 refused. */
	memset(s, 'a', NAME_MAX_BYTES);
	s[NAME_MAX_BYTES] = '\0';
	assert_int_equal(name_check("name", s, &err), GP_OK);
	s[NAME_MAX_BYTES] = 'a';
	s[NAME_MAX_BYTES + 1] = '\0';
	assert_int_equal(name_check("name", s, &err), GP_EINPUT);
	assert_string_equal(err.msg, "name is 256 bytes long (at most 255)");
	/* The cap is in bytes: 85 three-byte characters (园) = 255 bytes, 86 = 258. */
	{
		struct buf b;
		buf_init(&b, 0);
		for (int i = 0; i < 85; i++)
			buf_adds(&b, "园");
		assert_int_equal(b.len, 255);
		assert_int_equal(name_check("name", b.data, &err), GP_OK);
		buf_adds(&b, "园");
		assert_int_equal(name_check("name", b.data, &err), GP_EINPUT);
		assert_string_equal(err.msg, "name is 258 bytes long (at most 255)");
		buf_release(&b);
	}

	/* Control characters: C0 (tab, newline, ESC) and DEL. */
	assert_int_equal(name_check("name", "a\tb", &err), GP_EINPUT);
	assert_string_equal(err.msg, "name contains a control character");
	assert_int_equal(name_check("name", "a\nb", &err), GP_EINPUT);
	assert_int_equal(name_check("name", "\x1b[31mred", &err), GP_EINPUT);
	assert_int_equal(name_check("name", "a\x7f", &err), GP_EINPUT);
	/* C1 controls are control characters too (Unicode general category Cc,
	 * U+0080-U+009F); U+0085 NEXT LINE is a line break to some readers. */
	assert_int_equal(name_check("name",
				    "a\xc2\x85"
				    "b",
				    &err),
			 GP_EINPUT);
	assert_string_equal(err.msg, "name contains a control character");
	assert_int_equal(name_check("name",
				    "\xc2\x9b"
				    "31m",
				    &err),
			 GP_EINPUT);
	/* U+00A0 (C2 A0) is the first character after the C1 block: allowed. */
	assert_int_equal(name_check("name",
				    "a\xc2\xa0"
				    "b",
				    &err),
			 GP_OK);

	/* Invalid UTF-8: GBK bytes of 国 (B9 FA), an overlong '/', a lone lead byte. */
	assert_int_equal(name_check("name", "\xb9\xfa", &err), GP_EINPUT);
	assert_string_equal(err.msg, "name is not valid UTF-8");
	assert_int_equal(name_check("name", "a\xc0\xaf", &err), GP_EINPUT);
	assert_int_equal(name_check("name", "abc\xe5", &err), GP_EINPUT);
}

static void grid_regions(void **state)
{
	static const struct {
		const char *name, *zh;
	} regions[] = {
	    {"national", "全国"}, {"north", "华北"},     {"northeast", "东北"},
	    {"east", "华东"},     {"central", "华中"},   {"northwest", "西北"},
	    {"south", "南方"},    {"southwest", "西南"},
	};
	struct gp_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
		gp_err_clear(&err);
		if (grid_region_check(regions[i].name, &err) != GP_OK)
			fail_msg("grid '%s' refused: %s", regions[i].name, err.msg);
		assert_string_equal(grid_region_name_zh(regions[i].name), regions[i].zh);
	}
	assert_int_equal(grid_region_check("North", &err), GP_EINPUT);
	assert_int_equal(grid_region_check("", &err), GP_EINPUT);
	assert_int_equal(grid_region_check("华北", &err), GP_EINPUT);
	assert_int_equal(grid_region_check("shandong", &err), GP_EINPUT);
	assert_string_equal(err.msg, "grid 'shandong' is not one of national | north | northeast | "
				     "east | central | northwest | south | southwest");
	/* Unknown names are returned as given. */
	assert_string_equal(grid_region_name_zh("shandong"), "shandong");
}

static void timezones(void **state)
{
	static const char *const ok[] = {
	    "Asia/Shanghai", "UTC",        "America/Argentina/Buenos_Aires",
	    "Etc/GMT+8",     "Etc/GMT-14", "America/Port-au-Prince",
	};
	static const char *const bad[] = {
	    "",
	    "/etc/localtime",
	    "Asia/",
	    "../../etc/passwd",
	    "Asia/../../etc",
	    "Asia/Shang hai",
	    "Asia\\Shanghai",
	    "Asia/Shanghai\n",
	    "亚洲/上海",
	    "UTC;rm",
	};
	char longest[80];
	struct gp_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (timezone_check(ok[i], &err) != GP_OK)
			fail_msg("'%s' refused: %s", ok[i], err.msg);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		gp_err_clear(&err);
		if (timezone_check(bad[i], &err) != GP_EINPUT)
			fail_msg("'%s' should be refused", bad[i]);
		assert_contains(err.msg, "is not an IANA zone name");
	}
	/* Fits park.timezone[64]: 63 characters accepted, 64 refused. */
	memset(longest, 'A', 63);
	longest[63] = '\0';
	assert_int_equal(timezone_check(longest, &err), GP_OK);
	longest[63] = 'A';
	longest[64] = '\0';
	assert_int_equal(timezone_check(longest, &err), GP_EINPUT);
}

static void summary(void **state)
{
	struct enterprise list[64];
	struct enterprise_summary s;

	(void)state;
	/* 64 enterprises (the park's count): the first 38 high-tech, every fourth
	 * 专精特新 (16), leading industries cycling 0,1,2,3 (16 each), 10 + i
	 * employees each (Σ = 640 + 63·64/2 = 2656), 1000.5 m2 of land each. */
	memset(list, 0, sizeof(list));
	for (int i = 0; i < 64; i++) {
		list[i].high_tech = i < 38;
		list[i].srdi = i % 4 == 0;
		list[i].leading = (enum leading_industry)(i % 4);
		list[i].employees = 10 + i;
		list[i].land_m2 = 1000.5;
	}
	enterprise_summarize(list, 64, &s);
	assert_int_equal(s.count, 64);
	assert_int_equal(s.high_tech, 38);
	assert_int_equal(s.srdi, 16);
	/* 38 / 64 = 0.59375 and 16 / 64 = 0.25, both exact in binary. */
	assert_true(s.high_tech_share == 0.59375);
	assert_true(s.srdi_share == 0.25);
	for (int l = 0; l < LEADING_COUNT; l++)
		assert_int_equal(s.by_leading[l], 16);
	assert_int_equal(s.employees, 2656);
	/* 64 × 1000.5 = 64032, exact (1000.5 and every partial sum are dyadic). */
	assert_true(s.land_m2 == 64032.0);

	/* One enterprise. */
	enterprise_summarize(list, 1, &s);
	assert_int_equal(s.count, 1);
	assert_true(s.high_tech_share == 1.0);
	assert_true(s.srdi_share == 1.0);
	assert_int_equal(s.by_leading[LEADING_NEW_ENERGY_MATERIALS], 1);
	assert_int_equal(s.by_leading[LEADING_OTHER], 0);

	/* None: counts 0, shares undefined (NaN), not 0 %. */
	enterprise_summarize(list, 0, &s);
	assert_int_equal(s.count, 0);
	assert_int_equal(s.high_tech, 0);
	assert_int_equal(s.employees, 0);
	assert_true(isnan(s.high_tech_share));
	assert_true(isnan(s.srdi_share));
}

/* enterprise_by_id after enterprises_sort_by_id: every id found, absent ids (below,
 * between, above) not, and an empty list answers NULL. */
static void lookup_by_id(void **state)
{
	struct enterprise list[5];
	static const int64_t ids[] = {40, 7, 19, 3, 25};

	(void)state;
	memset(list, 0, sizeof(list));
	for (size_t i = 0; i < 5; i++)
		list[i].id = ids[i];
	enterprises_sort_by_id(list, 5);
	for (size_t i = 1; i < 5; i++)
		assert_true(list[i - 1].id < list[i].id);
	for (size_t i = 0; i < 5; i++) {
		const struct enterprise *e = enterprise_by_id(list, 5, ids[i]);
		assert_non_null(e);
		assert_int_equal(e->id, ids[i]);
	}
	assert_null(enterprise_by_id(list, 5, 1));
	assert_null(enterprise_by_id(list, 5, 20));
	assert_null(enterprise_by_id(list, 5, 41));
	assert_null(enterprise_by_id(list, 0, 7));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(leading_industry),
	    cmocka_unit_test(platform_enums),
	    cmocka_unit_test(bools),
	    cmocka_unit_test(industry_codes),
	    cmocka_unit_test(names),
	    cmocka_unit_test(grid_regions),
	    cmocka_unit_test(timezones),
	    cmocka_unit_test(summary),
	    cmocka_unit_test(lookup_by_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
