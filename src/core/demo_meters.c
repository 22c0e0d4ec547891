/* demo_meters.c — the demo's meters and December 2024 readings (demo_meters.h). The profile
 * (sample, not measured): on working days 08:00-20:00 weight 1, other hours 0.35; weekends
 * 0.5 all day; each quarter hour ±10 % noise. The weights are scaled so that the counter's
 * increase over the month is the target, and the counter is written with 2 decimals (the
 * month is exact to the cent of a kWh). */
#include "core/demo_meters.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "util/rng.h"

#define SLOTS (31 * 96) /* quarter hours of December */
#define CST   28800     /* the demo park is in Asia/Shanghai */

static struct meter make(const char *code, const char *uscc, enum meter_kind kind)
{
	struct meter m;
	memset(&m, 0, sizeof(m));
	str_copy(m.code, sizeof(m.code), code);
	str_copy(m.uscc, sizeof(m.uscc), uscc);
	str_copy(m.item, sizeof(m.item), "electricity_grid");
	str_copy(m.unit, sizeof(m.unit), "kWh");
	m.to_canonical = 1;
	m.kind = kind;
	m.multiplier = 1;
	m.rollover = NAN;
	m.interval_s = 900;
	return m;
}

int demo_meters_generate(uint64_t seed, const struct demo_meter_input *in, size_t nin,
			 struct demo_meters *out, struct gp_err *err)
{
	double *w = xcalloc(SLOTS, sizeof(double));
	const int64_t t0 = meter_day_start(date_days(2024, 12, 1), CST); /* 12-01 00:00 CST */
	struct rng r;
	size_t used = 0;
	double first_target = NAN;

	memset(out, 0, sizeof(*out));
	buf_init(&out->readings_csv, 16u << 20);
	buf_adds(&out->readings_csv, "meter,ts,value\n");
	buf_init(&out->rules_csv, 1u << 16);
	rng_stream(&r, seed, 0x4d455445ULL); /* "METE" */
	for (size_t e = 0; e < nin && used < DEMO_METER_ENTERPRISES; e++) {
		const struct demo_meter_input *x = &in[e];
		double target, sum = 0, v, start;
		char main[METER_CODE_MAX + 1], w1[METER_CODE_MAX + 1], w2[METER_CODE_MAX + 1];
		bool subs = used % 2 == 1;

		if (!(x->dec_kwh > 0))
			continue;
		target =
		    x->dec_kwh * (used == DEMO_METER_FLAGGED ? 1.08 : rng_range(&r, 0.98, 1.02));
		if (used == 0)
			first_target = target;
		str_fmt(main, sizeof(main), "D%02zu-ELEC-MAIN", used + 1);
		str_fmt(w1, sizeof(w1), "D%02zu-ELEC-W1", used + 1);
		str_fmt(w2, sizeof(w2), "D%02zu-ELEC-W2", used + 1);
		out->meters[out->n++] = make(main, x->uscc, METER_CUMULATIVE);
		if (subs) {
			struct meter rest = make("", x->uscc, METER_VIRTUAL);
			out->meters[out->n] = make(w1, x->uscc, METER_INTERVAL);
			str_copy(out->meters[out->n++].parent, sizeof(rest.parent), main);
			out->meters[out->n] = make(w2, x->uscc, METER_INTERVAL);
			str_copy(out->meters[out->n++].parent, sizeof(rest.parent), main);
			str_fmt(rest.code, sizeof(rest.code), "D%02zu-ELEC-REST", used + 1);
			str_fmt(rest.formula, sizeof(rest.formula), "%s - %s - %s", main, w1, w2);
			out->meters[out->n++] = rest;
		}
		for (int k = 0; k < SLOTS; k++) {
			long day = date_days(2024, 12, 1) + k / 96;
			int dow = (int)((day + 4) % 7); /* 1970-01-01 was a Thursday: 0 = Sunday */
			int hour = (k % 96) / 4;
			double base = (dow == 0 || dow == 6)     ? 0.5
				      : (hour >= 8 && hour < 20) ? 1.0
								 : 0.35;
			w[k] = base * rng_noise(&r, 0.10);
			sum += w[k];
		}
		/* the counter: starts at a round number, rises by the weights scaled to the target
		 */
		start = 10000.0 * (double)(used + 1);
		v = start;
		buf_addf(&out->readings_csv, "%s,%lld,%.2f\n", main, (long long)t0, start);
		out->points++;
		for (int k = 0; k < SLOTS; k++) {
			double before = round(v * 100) / 100, after, q;
			v += target * w[k] / sum;
			after = round(v * 100) / 100;
			q = after - before; /* the quarter hour as the counter shows it */
			buf_addf(&out->readings_csv, "%s,%lld,%.2f\n", main,
				 (long long)t0 + 900LL * (k + 1), after);
			out->points++;
			if (subs) {
				long long ts = (long long)t0 + 900LL * (k + 1);
				buf_addf(&out->readings_csv, "%s,%lld,%.2f\n%s,%lld,%.2f\n", w1, ts,
					 round(q * 40) / 100, w2, ts, round(q * 35) / 100);
				out->points += 2;
			}
		}
		used++;
	}
	free(w);
	/* the alarm rules: the mean load of December is the counter's increase over its 744
	 * hours (kWh/h = kW); the last reading closes 23:45-24:00 of a working day (weight
	 * 0.35 ± 10 % against a mean weight of about 0.62), so it is below 70 % of the mean */
	buf_adds(&out->rules_csv,
		 "kind,meter,severity,high,low,limit,stale_s,pct,period,min_value,note\n");
	if (used >= 1)
		buf_addf(&out->rules_csv,
			 "threshold,D01-ELEC-MAIN,1,%.0f,%.0f,,,,,,主表负荷越限（示例：上限为 12 "
			 "月平均负荷的 2 倍，下限为 70%%）\n",
			 2.0 * first_target / (31 * 24), 0.7 * first_target / (31 * 24));
	buf_adds(&out->rules_csv,
		 "stale,,2,,,,0,,,,数据中断：3 个采集间隔没有新读数（全部计量表）\n");
	if (used >= 2)
		buf_adds(&out->rules_csv, "imbalance,D02-ELEC-MAIN,2,,,,,20,day,0,总分表不平衡超过 "
					  "20%（示例：两块车间分表约占主表的 75%）\n");
	if (!out->readings_csv.data || !out->rules_csv.data) {
		demo_meters_release(out);
		return gp_err_set(err, GP_ETOOBIG, "the demo's readings passed their cap");
	}
	return GP_OK;
}

void demo_meters_release(struct demo_meters *d)
{
	buf_release(&d->readings_csv);
	buf_release(&d->rules_csv);
	memset(d, 0, sizeof(*d));
}
