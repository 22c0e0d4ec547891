/* test_meters.c — core/meters.c: a day's rollup by hand (counter increments, rollover,
 * reset, gaps, spikes; interval sums; instantaneous means), periods closed at their end
 * in the park's zone, and the time parser of core/period.c. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "near.h"

#include "core/meters.h"
#include "core/period.h"
#include "core/registry.h"
#include "util/str.h"

#define CST 28800 /* China Standard Time, UTC+8 */

static struct meter make(enum meter_kind kind)
{
	struct meter m;
	memset(&m, 0, sizeof(m));
	str_copy(m.code, sizeof(m.code), "M1");
	m.kind = kind;
	m.multiplier = 1;
	m.to_canonical = 1;
	m.rollover = NAN;
	m.interval_s = 900;
	return m;
}

/* 2024-01-01 00:00 CST = 1704038400 UTC seconds; the day number of 2024-01-01 is 19723. */
static void periods(void **state)
{
	(void)state;
	assert_int_equal(date_days(2024, 1, 1), 19723);
	assert_int_equal(meter_day_start(19723, CST), 1704038400);
	/* a reading at 00:00 settles the day before; one second later the new day */
	assert_int_equal(meter_day_of(1704038400, CST), 19722);
	assert_int_equal(meter_day_of(1704038401, CST), 19723);
	assert_int_equal(meter_day_of(1704038400 + 86400, CST), 19723);
	/* before 1970 too (floor, not truncation) */
	assert_int_equal(meter_day_of(-86400 * 3 + 1, 0), -3);
}

/* Fixed offsets of zones (IANA tz: Asia/Kolkata is UTC+5:30; Etc/GMT-N is UTC+N, POSIX
 * sign); zones with daylight saving and malformed ones are refused. */
static void zones(void **state)
{
	int off = 1;
	struct park p;

	(void)state;
	assert_true(timezone_fixed_offset("Asia/Shanghai", &off) && off == 28800);
	assert_true(timezone_fixed_offset("Asia/Kolkata", &off) && off == 19800);
	assert_true(timezone_fixed_offset("UTC", &off) && off == 0);
	assert_true(timezone_fixed_offset("Etc/GMT-8", &off) && off == 28800);
	assert_true(timezone_fixed_offset("Etc/GMT+5", &off) && off == -18000);
	assert_true(timezone_fixed_offset("Etc/GMT-14", &off) && off == 14 * 3600);
	assert_true(timezone_fixed_offset("Etc/GMT+12", &off) && off == -12 * 3600);
	assert_false(timezone_fixed_offset("Etc/GMT+13", &off));
	assert_false(timezone_fixed_offset("Etc/GMT-15", &off));
	assert_false(timezone_fixed_offset("Etc/GMT-", &off));
	assert_false(timezone_fixed_offset("Etc/GMT-1x", &off));
	assert_false(timezone_fixed_offset("Etc/GMT-0", &off));
	assert_false(timezone_fixed_offset("Europe/Berlin", &off));
	assert_false(timezone_fixed_offset("America/New_York", &off));
	memset(&p, 0, sizeof(p));
	assert_int_equal(park_utc_offset(&p), 28800); /* none set: Asia/Shanghai */
	str_copy(p.timezone, sizeof(p.timezone), "Etc/GMT-9");
	assert_int_equal(park_utc_offset(&p), 32400);
}

/* A counter read every 15 min from 00:00: 100.0, 101.5, 103.0, … (+1.5 a reading) with
 * multiplier 2: each increment is 3.0. The readings at 00:15 … 01:00 settle hour 0: 4
 * increments = 12.0; the 00:00 reading has no earlier one, so it only starts the count. */
static void counter_hours(void **state)
{
	struct meter m = make(METER_CUMULATIVE);
	struct tsz_point p[97];
	struct tsz_point prev = {1704038400, 100.0};
	struct meter_day d;
	(void)state;

	m.multiplier = 2;
	for (int i = 0; i < 96; i++)
		p[i] = (struct tsz_point){1704038400 + 900 * (i + 1), 100.0 + 1.5 * (i + 1)};
	meter_rollup_day(&m, 19723, CST, p, 96, &prev, &d);
	assert_near(d.hour[0], 12.0, 1e-9);
	assert_near(d.hour[23], 12.0, 1e-9);
	assert_near(d.value, 96 * 3.0, 1e-9);
	assert_int_equal(d.flags, 0);
	/* without the reading before, the first increment (00:00 → 00:15) is unknown */
	meter_rollup_day(&m, 19723, CST, p, 96, NULL, &d);
	assert_near(d.hour[0], 9.0, 1e-9);
	assert_near(d.value, 95 * 3.0, 1e-9);
}

/* Rollover at 10000: 9990 → 5 is +15 (not −9985); a drop without rollover is a reset:
 * 500 → 20 counts 20 (the counter restarted at 0). */
static void rollover_and_reset(void **state)
{
	struct meter m = make(METER_CUMULATIVE);
	struct tsz_point prev = {1704038400, 9980};
	struct tsz_point p[3] = {{1704039300, 9990}, {1704040200, 5}, {1704041100, 10}};
	struct meter_day d;
	(void)state;

	m.rollover = 10000;
	meter_rollup_day(&m, 19723, CST, p, 3, &prev, &d);
	assert_near(d.value, 10 + 15 + 5, 1e-9);
	assert_true(d.flags & METER_FLAG_ROLLOVER);
	assert_false(d.flags & METER_FLAG_RESET);

	m.rollover = NAN;
	p[1].v = 2; /* 9990 → 2 without a rollover: a reset, counts 2 */
	meter_rollup_day(&m, 19723, CST, p, 3, &prev, &d);
	assert_near(d.value, 10 + 2 + 8, 1e-9);
	assert_true(d.flags & METER_FLAG_RESET);
}

/* A gap: readings 45 min apart against a 15-min interval (over twice it). A spike: one
 * increment at 100 × the day's median rate. */
static void gaps_and_spikes(void **state)
{
	struct meter m = make(METER_CUMULATIVE);
	struct tsz_point p[6] = {{1704039300, 1}, {1704040200, 2}, {1704041100, 3},
				 {1704042000, 4}, {1704044700, 5}, {1704045600, 105}};
	struct meter_day d;
	(void)state;

	meter_rollup_day(&m, 19723, CST, p, 4, NULL, &d);
	assert_int_equal(d.flags, 0); /* 900 s apart: no gap; equal rates: no spike */
	meter_rollup_day(&m, 19723, CST, p, 5, NULL, &d);
	assert_true(d.flags & METER_FLAG_GAP); /* 2700 s > 2 × 900 */
	assert_false(d.flags & METER_FLAG_SPIKE);
	meter_rollup_day(&m, 19723, CST, p, 6, NULL, &d);
	assert_true(d.flags & METER_FLAG_SPIKE);
}

/* Interval readings sum; instantaneous ones average (per hour and over the day). */
static void interval_and_instant(void **state)
{
	struct meter m = make(METER_INTERVAL);
	struct tsz_point p[5] = {
	    {1704039300, 1}, {1704040200, 2}, {1704041100, 3}, {1704042000, 4}, {1704042900, 10}};
	struct meter_day d;
	(void)state;

	m.to_canonical = 10000; /* readings in 万kWh, canonical kWh */
	meter_rollup_day(&m, 19723, CST, p, 5, NULL, &d);
	assert_near(d.hour[0], 100000, 1e-6); /* 1 + 2 + 3 + 4 */
	assert_near(d.hour[1], 100000, 1e-6); /* 10 */
	assert_near(d.value, 200000, 1e-6);
	assert_true(isnan(d.hour[2]));

	m = make(METER_INSTANT);
	meter_rollup_day(&m, 19723, CST, p, 5, NULL, &d);
	assert_near(d.hour[0], 2.5, 1e-12);
	assert_near(d.hour[1], 10, 1e-12);
	assert_near(d.value, 4.0, 1e-12); /* (1+2+3+4+10)/5 */
}

static void times(void **state)
{
	struct gp_err err;
	int64_t ts;
	(void)state;

	assert_int_equal(time_parse("ts", "2024-01-01T00:00:00+08:00", &ts, &err), GP_OK);
	assert_int_equal(ts, 1704038400);
	assert_int_equal(time_parse("ts", "2023-12-31T16:00:00Z", &ts, &err), GP_OK);
	assert_int_equal(ts, 1704038400);
	assert_int_equal(time_parse("ts", "2023-12-31 16:00:00.999Z", &ts, &err), GP_OK);
	assert_int_equal(ts, 1704038400);
	assert_int_equal(time_parse("ts", "1704038400", &ts, &err), GP_OK);
	assert_int_equal(ts, 1704038400);
	assert_int_equal(time_parse("ts", "2024-01-01T00:00:00", &ts, &err), GP_EINPUT);
	assert_contains(err.msg, "RFC 3339 with an offset");
	assert_int_equal(time_parse("ts", "2024-02-30T00:00:00Z", &ts, &err), GP_EINPUT);
}

static void validation(void **state)
{
	struct meter m = make(METER_INTERVAL);
	struct gp_err err;
	(void)state;

	assert_int_equal(meter_validate(&m, &err), GP_OK);
	m.rollover = 1000;
	assert_int_equal(meter_validate(&m, &err), GP_EINPUT);
	assert_contains(err.msg, "cumulative meters only");
	m = make(METER_CUMULATIVE);
	m.multiplier = 0;
	assert_int_equal(meter_validate(&m, &err), GP_EINPUT);
	m.multiplier = 1;
	str_copy(m.code, sizeof(m.code), "表 1");
	assert_int_equal(meter_validate(&m, &err), GP_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(periods),         cmocka_unit_test(zones),
	    cmocka_unit_test(counter_hours),   cmocka_unit_test(rollover_and_reset),
	    cmocka_unit_test(gaps_and_spikes), cmocka_unit_test(interval_and_instant),
	    cmocka_unit_test(times),           cmocka_unit_test(validation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
