/* test_alarms.c — meter alarms. core/alarms.c by hand: the level of each meter kind (the
 * multiplier, the unit factor, a counter's rollover and reset), the rate of change, the
 * verdicts of threshold, rate, stale and imbalance rules, the last complete period, the
 * transition table and the rule checks. Then report/alarms.c on a real store: a threshold
 * alarm raised by a write, updated (not duplicated) by the next violation, not counted twice
 * for a late point, acknowledged, returned to normal, re-activated (losing its
 * acknowledgement), cleared (a note needed while active) and raised anew; a stale alarm by the
 * sweep and its return after a write; an imbalance alarm raised once per day even after a
 * clear. Every number is worked out in the comment beside it. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "near.h"
#include "store_helpers.h"

#include "core/alarms.h"
#include "core/period.h"
#include "ingest/readings.h"
#include "report/alarms.h"
#include "store/store_alarms.h"
#include "store/store_meters.h"

#define CST 28800        /* China Standard Time, UTC+8: the park's default zone */
#define T0  1704038400LL /* 2024-01-01T00:00:00+08:00 */

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

/* ---- levels ---- */

/* instant: 12.5 (a CT secondary) × multiplier 40 = 500 (kW); the reading before is not used */
static void level_instant(void **state)
{
	struct meter m = make(METER_INSTANT);
	struct tsz_point p = {T0, 12.5};
	(void)state;

	m.multiplier = 40;
	assert_near(alarm_level(&m, &p, NULL), 500.0, 1e-12);
	p.v = NAN;
	assert_true(isnan(alarm_level(&m, &p, NULL)));
}

/* interval: 25 kWh × multiplier 2 = 50 kWh in the meter's 900 s interval = 50 / 900 × 3600 =
 * 200 kWh per hour; in 万kWh (to_canonical 10⁴) 0.0025 × 10⁴ = 25 kWh the same way = 100 */
static void level_interval(void **state)
{
	struct meter m = make(METER_INTERVAL);
	struct tsz_point p = {T0, 25};
	(void)state;

	m.multiplier = 2;
	assert_near(alarm_level(&m, &p, NULL), 200.0, 1e-9);
	m.multiplier = 1;
	m.to_canonical = 10000;
	p.v = 0.0025;
	assert_near(alarm_level(&m, &p, NULL), 100.0, 1e-9);
}

/* cumulative: 1000 → 1012.5 in 900 s: 12.5 / 900 × 3600 = 50 per hour; rollover 10000:
 * 9990 → 5 in 600 s is 5 + 10000 − 9990 = 15 → 15 / 600 × 3600 = 90; a drop without a
 * rollover (500 → 20) is a reset: no level; a first reading has none either */
static void level_cumulative(void **state)
{
	struct meter m = make(METER_CUMULATIVE);
	struct tsz_point prev = {T0, 1000}, cur = {T0 + 900, 1012.5};
	(void)state;

	assert_near(alarm_level(&m, &cur, &prev), 50.0, 1e-9);
	assert_true(isnan(alarm_level(&m, &cur, NULL)));
	m.rollover = 10000;
	prev = (struct tsz_point){T0, 9990};
	cur = (struct tsz_point){T0 + 600, 5};
	assert_near(alarm_level(&m, &cur, &prev), 90.0, 1e-9);
	m.rollover = NAN;
	prev = (struct tsz_point){T0, 500};
	cur = (struct tsz_point){T0 + 900, 20};
	assert_true(isnan(alarm_level(&m, &cur, &prev)));
	/* a virtual meter has no readings, so no level */
	m = make(METER_VIRTUAL);
	assert_true(isnan(alarm_level(&m, &cur, &prev)));
}

/* rate: a counter 1000 @0, 1010 @900 (level 10 / 900 × 3600 = 40), 1040 @1800 (level
 * 30 / 900 × 3600 = 120): the level changed by 80 in 900 s = 80 / 900 × 3600 = 320 per hour */
static void rate_of_change(void **state)
{
	struct meter m = make(METER_CUMULATIVE);
	struct tsz_point p[3] = {{T0, 1000}, {T0 + 900, 1010}, {T0 + 1800, 1040}};
	double l1, l2;
	(void)state;

	l1 = alarm_level(&m, &p[1], &p[0]);
	l2 = alarm_level(&m, &p[2], &p[1]);
	assert_near(l1, 40.0, 1e-9);
	assert_near(l2, 120.0, 1e-9);
	assert_near(alarm_rate(l2, l1, p[2].ts, p[1].ts), 320.0, 1e-9);
	/* a fall counts as much as a rise: |40 − 120| */
	assert_near(alarm_rate(l1, l2, p[2].ts, p[1].ts), 320.0, 1e-9);
	assert_true(isnan(alarm_rate(l2, NAN, p[2].ts, p[1].ts)));
	assert_true(isnan(alarm_rate(l2, l1, p[1].ts, p[1].ts)));
}

/* ---- verdicts ---- */

static void threshold_verdicts(void **state)
{
	struct alarm_rule r;
	struct alarm_verdict v;
	(void)state;

	alarm_rule_init(&r, ALARM_THRESHOLD);
	r.high = 100;
	r.low = 10;
	alarm_judge_threshold(&r, 120, T0, &v);
	assert_true(v.judged && v.violated);
	assert_near(v.value, 120, 0);
	assert_int_equal(v.key, T0); /* the reading's time identifies the observation */
	assert_string_equal(v.detail, "level 120 > high 100");
	alarm_judge_threshold(&r, 5, T0, &v);
	assert_true(v.violated);
	assert_string_equal(v.detail, "level 5 < low 10");
	/* the limits themselves are normal: raise only when strictly beyond */
	alarm_judge_threshold(&r, 100, T0, &v);
	assert_true(v.judged && !v.violated);
	alarm_judge_threshold(&r, 10, T0, &v);
	assert_true(v.judged && !v.violated);
	alarm_judge_threshold(&r, NAN, T0, &v);
	assert_false(v.judged);
	/* a high limit alone */
	r.low = NAN;
	alarm_judge_threshold(&r, -1e9, T0, &v);
	assert_true(v.judged && !v.violated);
}

static void rate_and_stale_verdicts(void **state)
{
	struct alarm_rule r;
	struct alarm_verdict v;
	struct meter m = make(METER_INSTANT);
	(void)state;

	alarm_rule_init(&r, ALARM_RATE);
	r.limit = 300;
	alarm_judge_rate(&r, 320, T0, &v);
	assert_true(v.judged && v.violated);
	alarm_judge_rate(&r, 300, T0, &v);
	assert_true(v.judged && !v.violated);

	/* stale_s 0: 3 × the interval of 900 s = 2700 s. Latest at T0: at T0 + 2700 it is
	 * 2700 s old (not older than the limit), at T0 + 2701 it is stale; the observation is
	 * the latest reading (T0), not the evaluation */
	alarm_rule_init(&r, ALARM_STALE);
	r.stale_s = 0;
	assert_int_equal(alarm_stale_limit(&r, &m), 2700);
	alarm_judge_stale(&r, &m, true, T0, T0 + 2700, &v);
	assert_true(v.judged && !v.violated);
	alarm_judge_stale(&r, &m, true, T0, T0 + 2701, &v);
	assert_true(v.judged && v.violated);
	assert_near(v.value, 2701, 0);
	assert_int_equal(v.key, T0);
	assert_int_equal(v.at, T0 + 2701);
	r.stale_s = 60;
	assert_int_equal(alarm_stale_limit(&r, &m), 60);
	alarm_judge_stale(&r, &m, true, T0, T0 + 61, &v);
	assert_true(v.violated);
	/* a meter that never reported is not judged */
	alarm_judge_stale(&r, &m, false, 0, T0, &v);
	assert_false(v.judged);
}

/* 总分表平衡 as 80-meters.sh's March: master 280, subs 120 + 75 + 1 = 196: |280 − 196| / 280 =
 * 84 / 280 = 30 %, above 20 % */
static void imbalance_verdicts(void **state)
{
	struct alarm_rule r;
	struct alarm_verdict v;
	struct meter_balance b;
	double subs[3] = {120, 75, 1};
	(void)state;

	alarm_rule_init(&r, ALARM_IMBALANCE);
	r.pct = 20;
	assert_int_equal(alarm_rule_validate(&r, NULL), GP_OK); /* min_value 0, period day */
	meter_balance_of(280, subs, 3, &b);
	alarm_judge_imbalance(&r, &b, 19723, "2024-01-01", T0 + 86400, &v);
	assert_true(v.judged && v.violated);
	assert_near(v.value, 30.0, 1e-9);
	assert_int_equal(v.key, 19723);
	assert_string_equal(v.period, "2024-01-01");
	/* subs above the master count the same: |100 − 130| / 100 = 30 % */
	subs[0] = 130;
	meter_balance_of(100, subs, 1, &b);
	alarm_judge_imbalance(&r, &b, 19723, "2024-01-01", T0, &v);
	assert_near(v.value, 30.0, 1e-9);
	/* 100 against 85: 15 %, within */
	subs[0] = 85;
	meter_balance_of(100, subs, 1, &b);
	alarm_judge_imbalance(&r, &b, 19723, "2024-01-01", T0, &v);
	assert_true(v.judged && !v.violated);
	/* a master of 0 is skipped (no share); so is one below min_value */
	meter_balance_of(0, subs, 1, &b);
	alarm_judge_imbalance(&r, &b, 19723, "2024-01-01", T0, &v);
	assert_false(v.judged);
	r.min_value = 150;
	meter_balance_of(100, subs, 1, &b);
	alarm_judge_imbalance(&r, &b, 19723, "2024-01-01", T0, &v);
	assert_false(v.judged);
	/* no sub-meter value: nothing to compare */
	r.min_value = 0;
	subs[0] = NAN;
	meter_balance_of(100, subs, 1, &b);
	alarm_judge_imbalance(&r, &b, 19723, "2024-01-01", T0, &v);
	assert_false(v.judged);
}

/* The last complete local day and month. 2025-01-01T00:00:00+08:00 = 1735660800: the day
 * before is 2024-12-31 (day 20088: 2024-01-01 is 19723, + 365), the month before 2024-12.
 * 2025-03-15T12:00+08:00 = 1742011200: 2025-03-14 and 2025-02. */
static void last_period(void **state)
{
	int64_t key;
	char text[11];
	(void)state;

	alarm_last_period(ALARM_PERIOD_DAY, 1735660800, CST, &key, text);
	assert_int_equal(key, 20088);
	assert_int_equal(key, date_days(2024, 12, 31));
	assert_string_equal(text, "2024-12-31");
	/* one second before midnight it is still 2024-12-31: the day before is the 30th */
	alarm_last_period(ALARM_PERIOD_DAY, 1735660799, CST, &key, text);
	assert_string_equal(text, "2024-12-30");
	alarm_last_period(ALARM_PERIOD_MONTH, 1735660800, CST, &key, text);
	assert_int_equal(key, 202412);
	assert_string_equal(text, "2024-12");
	alarm_last_period(ALARM_PERIOD_DAY, 1742011200, CST, &key, text);
	assert_string_equal(text, "2025-03-14");
	alarm_last_period(ALARM_PERIOD_MONTH, 1742011200, CST, &key, text);
	assert_int_equal(key, 202502);
	/* in UTC the same instant 1735660800 is 2024-12-31T16:00Z: the day before is the 30th */
	alarm_last_period(ALARM_PERIOD_DAY, 1735660800, 0, &key, text);
	assert_string_equal(text, "2024-12-30");
}

static void transitions(void **state)
{
	struct alarm_seen none = {false, false, 0, false, 0};
	struct alarm_seen open_active = {true, true, 100, true, 100};
	struct alarm_seen open_returned = {true, false, 100, true, 100};
	struct alarm_seen cleared = {false, false, 0, true, 100};
	struct alarm_verdict bad, good, unjudged;
	(void)state;

	memset(&bad, 0, sizeof(bad));
	bad.judged = bad.violated = true;
	bad.key = 200;
	good = bad;
	good.violated = false;
	unjudged = bad;
	unjudged.judged = false;

	assert_int_equal(alarm_transition(ALARM_THRESHOLD, &none, &unjudged), ALARM_NONE);
	assert_int_equal(alarm_transition(ALARM_THRESHOLD, &open_active, &unjudged), ALARM_NONE);
	assert_int_equal(alarm_transition(ALARM_THRESHOLD, &none, &bad), ALARM_RAISE);
	assert_int_equal(alarm_transition(ALARM_THRESHOLD, &open_active, &bad), ALARM_UPDATE);
	assert_int_equal(alarm_transition(ALARM_THRESHOLD, &open_returned, &bad), ALARM_UPDATE);
	assert_int_equal(alarm_transition(ALARM_THRESHOLD, &cleared, &bad), ALARM_RAISE);
	assert_int_equal(alarm_transition(ALARM_THRESHOLD, &open_active, &good), ALARM_RETURN);
	assert_int_equal(alarm_transition(ALARM_THRESHOLD, &open_returned, &good), ALARM_NONE);
	assert_int_equal(alarm_transition(ALARM_THRESHOLD, &none, &good), ALARM_NONE);
	/* the same observation again (a late point left the latest reading as it was) */
	bad.key = 100;
	assert_int_equal(alarm_transition(ALARM_THRESHOLD, &open_active, &bad), ALARM_NONE);
	assert_int_equal(alarm_transition(ALARM_STALE, &open_active, &bad), ALARM_NONE);
	/* …but a returned alarm whose condition is back counts it */
	assert_int_equal(alarm_transition(ALARM_THRESHOLD, &open_returned, &bad), ALARM_UPDATE);
	/* a stale condition that lasts after a clear raises anew */
	assert_int_equal(alarm_transition(ALARM_STALE, &cleared, &bad), ALARM_RAISE);
	/* an imbalance period raises once, clear or no clear; a later period raises again */
	assert_int_equal(alarm_transition(ALARM_IMBALANCE, &cleared, &bad), ALARM_NONE);
	bad.key = 99;
	assert_int_equal(alarm_transition(ALARM_IMBALANCE, &open_active, &bad), ALARM_NONE);
	bad.key = 101;
	assert_int_equal(alarm_transition(ALARM_IMBALANCE, &cleared, &bad), ALARM_RAISE);
	assert_int_equal(alarm_transition(ALARM_IMBALANCE, &open_active, &bad), ALARM_UPDATE);
}

static void states_and_actions(void **state)
{
	struct alarm a;
	struct gp_err err;
	enum alarm_state s;
	(void)state;

	assert_int_equal(alarm_state_of(true, false, false), ALARM_ACTIVE);
	assert_int_equal(alarm_state_of(true, true, false), ALARM_ACKED);
	assert_int_equal(alarm_state_of(false, false, false), ALARM_RETURNED);
	assert_int_equal(alarm_state_of(false, true, false), ALARM_RETURNED);
	assert_int_equal(alarm_state_of(true, true, true), ALARM_CLEARED);
	assert_string_equal(alarm_state_zh(ALARM_ACTIVE), "告警");
	assert_string_equal(alarm_state_zh(ALARM_ACKED), "已确认");
	assert_string_equal(alarm_state_zh(ALARM_RETURNED), "已恢复");
	assert_int_equal(alarm_state_parse("已恢复", &s, &err), GP_OK);
	assert_int_equal(s, ALARM_RETURNED);
	assert_int_equal(alarm_state_parse("open", &s, &err), GP_EINPUT);

	memset(&a, 0, sizeof(a));
	a.id = 7;
	a.active = true;
	assert_int_equal(alarm_ack_check(&a, &err), GP_OK);
	assert_int_equal(alarm_clear_check(&a, "", &err), GP_EINPUT);
	assert_non_null(strstr(err.msg, "alarm 7 is still active"));
	assert_int_equal(alarm_clear_check(&a, "换表", &err), GP_OK);
	a.acked = true;
	str_copy(a.ack_by, sizeof(a.ack_by), "cli:ops");
	assert_int_equal(alarm_ack_check(&a, &err), GP_ECONFLICT);
	a.active = false; /* returned: clearing needs no note */
	assert_int_equal(alarm_clear_check(&a, "", &err), GP_OK);
	a.cleared = true;
	assert_int_equal(alarm_clear_check(&a, "x", &err), GP_ECONFLICT);
	assert_int_equal(alarm_ack_check(&a, &err), GP_ECONFLICT);
}

static void rule_checks(void **state)
{
	struct alarm_rule r;
	struct gp_err err;
	char big[ALARM_NOTE_MAX + 2];
	int sev;
	(void)state;

	alarm_rule_init(&r, ALARM_THRESHOLD);
	r.high = 100;
	assert_int_equal(alarm_rule_validate(&r, &err), GP_EINPUT);
	assert_non_null(strstr(err.msg, "needs a meter"));
	str_copy(r.meter, sizeof(r.meter), "P1");
	assert_int_equal(alarm_rule_validate(&r, &err), GP_OK);
	r.low = 100;
	assert_int_equal(alarm_rule_validate(&r, &err), GP_EINPUT);
	assert_non_null(strstr(err.msg, "low 100 must be below high 100"));
	r.low = r.high = NAN;
	assert_int_equal(alarm_rule_validate(&r, &err), GP_EINPUT);
	assert_non_null(strstr(err.msg, "high and/or low"));
	r.high = 1;
	r.limit = 5;
	assert_int_equal(alarm_rule_validate(&r, &err), GP_EINPUT);
	assert_string_equal(err.msg, "limit applies to rate rules only (this rule is threshold)");

	alarm_rule_init(&r, ALARM_RATE);
	str_copy(r.meter, sizeof(r.meter), "P1");
	r.limit = 0;
	assert_int_equal(alarm_rule_validate(&r, &err), GP_EINPUT);
	assert_non_null(strstr(err.msg, "limit > 0"));

	/* stale for every meter: fine, stale_s defaults to 0 (3 × interval) */
	alarm_rule_init(&r, ALARM_STALE);
	assert_int_equal(alarm_rule_validate(&r, &err), GP_OK);
	assert_int_equal(r.stale_s, 0);
	r.stale_s = ALARM_STALE_MAX_S + 1;
	assert_int_equal(alarm_rule_validate(&r, &err), GP_EINPUT);
	r.stale_s = 60;
	r.severity = 4;
	assert_int_equal(alarm_rule_validate(&r, &err), GP_EINPUT);
	assert_non_null(strstr(err.msg, "severity 4"));
	r.severity = 1;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(r.note, big, sizeof(r.note) - 1); /* 500 bytes: the cap itself is fine */
	assert_int_equal(alarm_rule_validate(&r, &err), GP_OK);
	assert_int_equal(alarm_note_check("note", big, &err), GP_EINPUT); /* 501 */
	assert_non_null(strstr(err.msg, "note has 501 bytes"));
	assert_int_equal(alarm_note_check("note", "\xff", &err), GP_EINPUT);

	alarm_rule_init(&r, ALARM_IMBALANCE);
	assert_int_equal(alarm_rule_validate(&r, &err), GP_EINPUT); /* pct missing */
	r.pct = 20;
	r.min_value = -1;
	assert_int_equal(alarm_rule_validate(&r, &err), GP_EINPUT);
	r.min_value = NAN;
	assert_int_equal(alarm_rule_validate(&r, &err), GP_OK);
	assert_int_equal(r.period, ALARM_PERIOD_DAY);
	assert_near(r.min_value, 0, 0);

	assert_int_equal(alarm_severity_parse("紧急", &sev, &err), GP_OK);
	assert_int_equal(sev, 1);
	assert_int_equal(alarm_severity_parse("minor", &sev, &err), GP_OK);
	assert_int_equal(sev, 3);
	assert_int_equal(alarm_severity_parse("0", &sev, &err), GP_EINPUT);
}

/* ---- on a real store ---- */

struct fx {
	char dir[256];
	char db[320];
	struct store_handle h;
	int64_t p1, m, s1, s2;
};

static void add_meter(struct fx *f, const char *code, enum meter_kind kind, int interval_s,
		      const char *parent, int64_t *id)
{
	struct meter m = make(kind);
	struct gp_err err;

	str_copy(m.code, sizeof(m.code), code);
	str_copy(m.uscc, sizeof(m.uscc), "91370406MA0000101U");
	str_copy(m.item, sizeof(m.item), "electricity_grid");
	str_copy(m.unit, sizeof(m.unit), "kWh");
	m.interval_s = interval_s;
	if (parent)
		str_copy(m.parent, sizeof(m.parent), parent);
	assert_int_equal(f->h.ops->meters->meter_add(f->h.st, &m, "t", id, &err), GP_OK);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");
	struct enterprise e;
	struct item it;
	struct gp_err err;
	enum put_result res;
	int64_t id;
	int from, to;

	if (!f)
		return -1;
	if (!str_fmt(f->dir, sizeof(f->dir), "%s/gp-alarms.XXXXXX", tmp && *tmp ? tmp : "/tmp") ||
	    !mkdtemp(f->dir) || !str_fmt(f->db, sizeof(f->db), "%s/park.db", f->dir))
		return -1;
	*state = f;
	assert_int_equal(store_open(f->db, STORE_OPEN_CREATE, &f->h, &err), GP_OK);
	assert_int_equal(f->h.ops->migrate(f->h.st, &from, &to, &err), GP_OK);
	memset(&it, 0, sizeof(it));
	str_copy(it.code, sizeof(it.code), "electricity_grid");
	str_copy(it.category, sizeof(it.category), "energy");
	str_copy(it.unit, sizeof(it.unit), "kWh");
	str_copy(it.source, sizeof(it.source), "test");
	it.tce_per_unit = it.ncv_gj_per_unit = it.cc_tc_per_tj = it.oxidation = NAN;
	assert_int_equal(item_prepare(&it, "", &err), GP_OK);
	assert_int_equal(f->h.ops->item_put(f->h.st, &it, "", &err), GP_OK);
	memset(&e, 0, sizeof(e));
	str_copy(e.uscc, sizeof(e.uscc), "91370406MA0000101U");
	str_copy(e.name, sizeof(e.name), "测试企业");
	str_copy(e.industry_code, sizeof(e.industry_code), "C2929");
	assert_int_equal(f->h.ops->enterprise_upsert(f->h.st, &e, "t", &id, &res, &err), GP_OK);
	add_meter(f, "P1", METER_INSTANT, 900, NULL, &f->p1);
	add_meter(f, "M", METER_INTERVAL, 86400, NULL, &f->m);
	add_meter(f, "S1", METER_INTERVAL, 86400, "M", &f->s1);
	add_meter(f, "S2", METER_INTERVAL, 86400, "M", &f->s2);
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	store_close(&f->h);
	remove_db_files(f->db);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Writes one reading and evaluates it as a write does (at the reading's time + 10 s). */
static void write_at(struct fx *f, int64_t meter_id, int64_t ts, double v)
{
	struct reading p = {ts, v, (int32_t)meter_id, 0};
	struct readings_stats st;
	struct gp_err err;

	assert_int_equal(readings_write(&f->h, &p, 1, CST, "t", "test", &st, &err), GP_OK);
	assert_int_equal(alarm_check_points(&f->h, &p, 1, ts + 10, &err), GP_OK);
}

static size_t alarms_of(struct fx *f, int64_t meter_id, bool all, struct alarm **out)
{
	struct alarm_filter flt = {0, meter_id, 0, -1, all, 100};
	struct gp_err err;
	size_t n;

	assert_int_equal(f->h.ops->alarms->list(f->h.st, &flt, out, &n, &err), GP_OK);
	return n;
}

static void threshold_lifecycle(void **state)
{
	struct fx *f = *state;
	struct alarm_rule r;
	struct alarm *a;
	struct alarm one;
	struct alarm_event *ev;
	struct gp_err err;
	int64_t rule_id;
	size_t n;

	alarm_rule_init(&r, ALARM_THRESHOLD);
	str_copy(r.meter, sizeof(r.meter), "P1");
	r.high = 100;
	assert_int_equal(alarm_rule_add(&f->h, &r, "cli:ops", &rule_id, &err), GP_OK);
	assert_int_equal(audit_count_of(&f->h, "alarm_rule"), 1);

	/* 50 kW: normal, nothing raised */
	write_at(f, f->p1, T0 + 900, 50);
	assert_int_equal(alarms_of(f, f->p1, true, &a), 0);
	free(a);
	/* 120 kW > 100: raised, count 1, value 120, at the reading's time */
	write_at(f, f->p1, T0 + 1800, 120);
	assert_int_equal(alarms_of(f, f->p1, false, &a), 1);
	assert_true(a[0].active && !a[0].acked);
	assert_int_equal(a[0].count, 1);
	assert_near(a[0].value, 120, 0);
	assert_int_equal(a[0].raised_at, T0 + 1800);
	one = a[0];
	free(a);
	/* 130 kW: the open alarm counts it (count 2, value 130), no second alarm */
	write_at(f, f->p1, T0 + 2700, 130);
	assert_int_equal(alarms_of(f, f->p1, true, &a), 1);
	assert_int_equal(a[0].id, one.id);
	assert_int_equal(a[0].count, 2);
	assert_near(a[0].value, 130, 0);
	assert_int_equal(a[0].raised_at, T0 + 1800);
	assert_int_equal(a[0].last_at, T0 + 2700);
	free(a);
	/* a late point (500 kW at T0, before the others) leaves the latest reading at T0 +
	 * 2700 (130 kW), which is counted already: nothing changes */
	write_at(f, f->p1, T0, 500);
	assert_int_equal(alarms_of(f, f->p1, true, &a), 1);
	assert_int_equal(a[0].count, 2);
	assert_near(a[0].value, 130, 0);
	free(a);

	/* acknowledged: 已确认, audited */
	assert_int_equal(alarm_ack(&f->h, one.id, 0, "cli:ops", "看过", T0 + 3000, &err), GP_OK);
	assert_int_equal(alarm_ack(&f->h, one.id, 0, "cli:ops", "", T0 + 3001, &err), GP_ECONFLICT);
	assert_int_equal(audit_count_of(&f->h, "alarm"), 1);
	/* another enterprise's user does not find it */
	assert_int_equal(alarm_ack(&f->h, one.id, 999, "web:x", "", T0 + 3002, &err), GP_ENOTFOUND);
	/* 80 kW: returned to normal (inactive), still open, still acknowledged */
	write_at(f, f->p1, T0 + 3600, 80);
	assert_int_equal(f->h.ops->alarms->get(f->h.st, one.id, &one, &err), GP_OK);
	assert_int_equal(alarm_state_of(one.active, one.acked, one.cleared), ALARM_RETURNED);
	assert_true(one.acked);
	assert_int_equal(one.returned_at, T0 + 3610);
	/* 150 kW: the same alarm again (count 3), active, and its acknowledgement gone */
	write_at(f, f->p1, T0 + 4500, 150);
	assert_int_equal(alarms_of(f, f->p1, true, &a), 1);
	assert_int_equal(a[0].count, 3);
	assert_int_equal(alarm_state_of(a[0].active, a[0].acked, a[0].cleared), ALARM_ACTIVE);
	assert_int_equal(a[0].returned_at, 0);
	free(a);
	/* clearing it while active needs a note; then it is history, and the next violating
	 * reading raises a new alarm */
	assert_int_equal(alarm_clear(&f->h, one.id, 0, "cli:ops", "", T0 + 4600, &err), GP_EINPUT);
	assert_int_equal(alarm_clear(&f->h, one.id, 0, "cli:ops", "检修中", T0 + 4600, &err),
			 GP_OK);
	assert_int_equal(alarms_of(f, f->p1, false, &a), 0);
	free(a);
	write_at(f, f->p1, T0 + 5400, 160);
	assert_int_equal(alarms_of(f, f->p1, false, &a), 1);
	assert_true(a[0].id != one.id);
	assert_int_equal(a[0].count, 1);
	free(a);
	assert_int_equal(alarms_of(f, f->p1, true, &a), 2);
	free(a);
	assert_int_equal(audit_count_of(&f->h, "alarm"), 2); /* the ack and the clear */

	/* the log of the first alarm, oldest first: raise, update, ack, return, update, clear */
	assert_int_equal(f->h.ops->alarms->events(f->h.st, 0, one.id, 100, &ev, &n, &err), GP_OK);
	assert_int_equal(n, 6);
	assert_int_equal(ev[5].event, ALARM_EV_RAISE);
	assert_int_equal(ev[4].event, ALARM_EV_UPDATE);
	assert_int_equal(ev[3].event, ALARM_EV_ACK);
	assert_string_equal(ev[3].actor, "cli:ops");
	assert_string_equal(ev[3].note, "看过");
	assert_int_equal(ev[2].event, ALARM_EV_RETURN);
	assert_int_equal(ev[1].event, ALARM_EV_UPDATE);
	assert_int_equal(ev[0].event, ALARM_EV_CLEAR);
	assert_string_equal(ev[0].note, "检修中");
	free(ev);

	/* removing the rule clears its open alarm and stops it being evaluated */
	assert_int_equal(
	    f->h.ops->alarms->rule_remove(f->h.st, rule_id, "cli:ops", T0 + 6000, &err), GP_OK);
	assert_int_equal(alarms_of(f, f->p1, false, &a), 0);
	free(a);
	write_at(f, f->p1, T0 + 6300, 170);
	assert_int_equal(alarms_of(f, f->p1, true, &a), 2);
	free(a);
	assert_int_equal(f->h.ops->alarms->rule_remove(f->h.st, rule_id, "cli:ops", T0, &err),
			 GP_ENOTFOUND);
}

static void stale_sweep(void **state)
{
	struct fx *f = *state;
	struct alarm_rule r;
	struct alarm_run_stats st;
	struct alarm *a;
	struct gp_err err;
	int64_t id;

	alarm_rule_init(&r, ALARM_STALE); /* every meter, 3 × its interval */
	assert_int_equal(alarm_rule_add(&f->h, &r, "t", &id, &err), GP_OK);
	write_at(f, f->p1, T0 + 900, 50);
	/* P1's latest reading at T0 + 900, interval 900: stale after T0 + 900 + 2700. M, S1
	 * and S2 have no reading: not judged */
	assert_int_equal(alarm_sweep(&f->h, T0 + 3600, &st, &err), GP_OK);
	assert_int_equal(st.judged, 1);
	assert_int_equal(st.raised, 0);
	assert_int_equal(alarm_sweep(&f->h, T0 + 3601, &st, &err), GP_OK);
	assert_int_equal(st.raised, 1);
	assert_int_equal(alarms_of(f, f->p1, false, &a), 1);
	assert_near(a[0].value, 2701, 0);
	free(a);
	/* a later sweep finds the same stale reading: no update */
	assert_int_equal(alarm_sweep(&f->h, T0 + 7200, &st, &err), GP_OK);
	assert_int_equal(st.raised + st.updated, 0);
	/* a new reading: the write returns it to normal */
	write_at(f, f->p1, T0 + 7200, 55);
	assert_int_equal(alarms_of(f, f->p1, false, &a), 1);
	assert_int_equal(alarm_state_of(a[0].active, a[0].acked, a[0].cleared), ALARM_RETURNED);
	free(a);
}

/* Day d's value of an interval meter read once a day: the reading at the next midnight. */
static void day_value(struct fx *f, int64_t meter_id, long day, double v)
{
	struct reading p = {meter_day_start(day + 1, CST), v, (int32_t)meter_id, 0};
	struct readings_stats st;
	struct gp_err err;

	assert_int_equal(readings_write(&f->h, &p, 1, CST, "t", "test", &st, &err), GP_OK);
}

static void imbalance_once_per_day(void **state)
{
	struct fx *f = *state;
	struct alarm_rule r;
	struct alarm_run_stats st;
	struct alarm *a;
	struct gp_err err;
	const long d = date_days(2024, 1, 1);
	int64_t id;

	alarm_rule_init(&r, ALARM_IMBALANCE);
	str_copy(r.meter, sizeof(r.meter), "M");
	r.pct = 20;
	assert_int_equal(alarm_rule_add(&f->h, &r, "t", &id, &err), GP_OK);
	/* P1 has no sub-meters: refused */
	str_copy(r.meter, sizeof(r.meter), "P1");
	assert_int_equal(alarm_rule_add(&f->h, &r, "t", &id, &err), GP_EINPUT);
	assert_non_null(strstr(err.msg, "no sub-meters"));

	/* 2024-01-01: master 100, subs 50 + 20 = 70: 30 % */
	day_value(f, f->m, d, 100);
	day_value(f, f->s1, d, 50);
	day_value(f, f->s2, d, 20);
	/* swept on 2024-01-02 at 01:00: the last complete day is 2024-01-01 */
	assert_int_equal(alarm_sweep(&f->h, T0 + 86400 + 3600, &st, &err), GP_OK);
	assert_int_equal(st.raised, 1);
	assert_int_equal(alarms_of(f, f->m, false, &a), 1);
	assert_near(a[0].value, 30.0, 1e-9);
	assert_string_equal(a[0].period, "2024-01-01");
	id = a[0].id;
	free(a);
	/* the same day again: nothing; cleared, and the same day again: still nothing */
	assert_int_equal(alarm_sweep(&f->h, T0 + 86400 + 7200, &st, &err), GP_OK);
	assert_int_equal(st.raised + st.updated, 0);
	assert_int_equal(alarm_clear(&f->h, id, 0, "t", "分表补抄中", T0 + 86400 + 7300, &err),
			 GP_OK);
	assert_int_equal(alarm_sweep(&f->h, T0 + 86400 + 10800, &st, &err), GP_OK);
	assert_int_equal(st.raised + st.updated, 0);
	assert_int_equal(alarms_of(f, f->m, true, &a), 1);
	free(a);
	/* 2024-01-02: 100 against 60 + 35 = 95: 5 %, normal (no open alarm to return) */
	day_value(f, f->m, d + 1, 100);
	day_value(f, f->s1, d + 1, 60);
	day_value(f, f->s2, d + 1, 35);
	assert_int_equal(alarm_sweep(&f->h, T0 + 2 * 86400 + 3600, &st, &err), GP_OK);
	assert_int_equal(st.judged, 1);
	assert_int_equal(st.raised + st.updated + st.returned, 0);
	/* 2024-01-03: 200 against 100 + 50: 25 %: a new alarm for the new day */
	day_value(f, f->m, d + 2, 200);
	day_value(f, f->s1, d + 2, 100);
	day_value(f, f->s2, d + 2, 50);
	assert_int_equal(alarm_sweep(&f->h, T0 + 3 * 86400 + 3600, &st, &err), GP_OK);
	assert_int_equal(st.raised, 1);
	assert_int_equal(alarms_of(f, f->m, false, &a), 1);
	assert_near(a[0].value, 25.0, 1e-9);
	assert_string_equal(a[0].period, "2024-01-03");
	free(a);
	/* 2024-01-04: 100 against 90 + 5: normal: the open alarm returns */
	day_value(f, f->m, d + 3, 100);
	day_value(f, f->s1, d + 3, 90);
	day_value(f, f->s2, d + 3, 5);
	assert_int_equal(alarm_sweep(&f->h, T0 + 4 * 86400 + 3600, &st, &err), GP_OK);
	assert_int_equal(st.returned, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(level_instant),
	    cmocka_unit_test(level_interval),
	    cmocka_unit_test(level_cumulative),
	    cmocka_unit_test(rate_of_change),
	    cmocka_unit_test(threshold_verdicts),
	    cmocka_unit_test(rate_and_stale_verdicts),
	    cmocka_unit_test(imbalance_verdicts),
	    cmocka_unit_test(last_period),
	    cmocka_unit_test(transitions),
	    cmocka_unit_test(states_and_actions),
	    cmocka_unit_test(rule_checks),
	    cmocka_unit_test_setup_teardown(threshold_lifecycle, setup, teardown),
	    cmocka_unit_test_setup_teardown(stale_sweep, setup, teardown),
	    cmocka_unit_test_setup_teardown(imbalance_once_per_day, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
