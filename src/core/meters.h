/* meters.h — meters and what their readings mean: the meter record, and one day's
 * rollups from its readings (hourly values, the day's value, data-quality flags) with a
 * cumulative counter's increments, rollover and reset. Pure: the store keeps the chunks;
 * this file only computes (docs/metering.md).
 *
 * Periods are closed at their end: a reading at t settles the interval (t_prev, t], which
 * belongs to the hour, day and month that contain t − 1 s; so a reading at 01:00:00 closes
 * the hour 00:00–01:00, and one at 00:00:00 closes the previous day. */
#ifndef GP_METERS_H
#define GP_METERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/factors.h"
#include "core/tsz.h"
#include "core/uscc.h"
#include "util/err.h"

#define METER_CODE_MAX 64

enum meter_kind {
	METER_CUMULATIVE, /* a counter: consumption is its increase */
	METER_INTERVAL,   /* each reading is the quantity of the interval it closes */
	METER_INSTANT,    /* instantaneous (power): periods take the mean */
	METER_VIRTUAL,    /* no readings: a sum of other meters' values (formula) */
	METER_KIND_COUNT
};
int meter_kind_parse(const char *s, enum meter_kind *out, struct gp_err *err);
const char *meter_kind_name(enum meter_kind k);

struct meter {
	int64_t id;
	char code[METER_CODE_MAX + 1];
	int64_t enterprise_id;
	char uscc[USCC_LEN + 1];
	char item[ITEM_CODE_MAX];
	char unit[24];       /* the unit readings come in */
	double to_canonical; /* that unit → the item's canonical unit */
	enum meter_kind kind;
	double multiplier; /* CT × PT ratio: reading × multiplier is in unit */
	double rollover;   /* a counter's wrap value (it counts 0 … rollover); NAN: none */
	int interval_s;    /* the expected spacing of readings */
	int64_t parent_id; /* the master meter (总表) this is a sub-meter (分表) of; 0: none */
	char formula[256]; /* METER_VIRTUAL: "M1 + M2 - M3" */
	char parent[METER_CODE_MAX + 1];
};

/* Code: letters, digits and - _ . : / (1-64 bytes), so it is safe in URLs and topics. */
int meter_code_check(const char *code, struct gp_err *err);
/* Checks a meter's fields (code, multiplier > 0, rollover > 0 when set and only on
 * cumulative meters, interval 1 s – 1 day). */
int meter_validate(const struct meter *m, struct gp_err *err);

/* Data-quality flags of a day (bits). */
#define METER_FLAG_GAP      1 /* readings further apart than twice the interval */
#define METER_FLAG_SPIKE    2 /* an increment far above the day's usual rate */
#define METER_FLAG_RESET    4 /* a counter went down without a rollover: taken as reset to 0 */
#define METER_FLAG_ROLLOVER 8 /* a counter wrapped past its rollover value */

/* The period that a reading at ts settles, in a zone utc_offset_s east of UTC: days since
 * 1970-01-01 and hours since then (local). */
long meter_day_of(int64_t ts, int utc_offset_s);
int64_t meter_day_start(long day, int utc_offset_s); /* UTC seconds of that day's 00:00 */

struct meter_day {
	long day;
	double hour[24]; /* canonical unit; NAN: no reading settles that hour */
	double value;    /* the day's value; NAN when the day has no reading */
	int flags;
};

/* The rollup of one day from its readings p[0..n) (sorted, strictly increasing, all settling
 * that day) and, for a cumulative meter, the last reading before them (prev, or NULL: the
 * first reading then only starts the count). Values are canonical: reading × multiplier ×
 * to_canonical. Interval meters sum, instantaneous ones average. */
void meter_rollup_day(const struct meter *m, long day, int utc_offset_s, const struct tsz_point *p,
		      size_t n, const struct tsz_point *prev, struct meter_day *out);

/* A virtual meter's formula: meter codes joined by + and - (a leading sign is allowed),
 * e.g. "MAIN - T1 - T2" for a tenant that has no meter of its own. */
#define METER_FORMULA_TERMS 32
struct meter_term {
	char code[METER_CODE_MAX + 1];
	int sign; /* +1 or -1 */
};
int meter_formula_parse(const char *s, struct meter_term *terms, size_t *n, struct gp_err *err);

/* Checks the meters m names: every term of a virtual meter's formula a meter of the same
 * item that takes readings, and a sub-meter's master one of the same item. find resolves a
 * code (GP_ENOTFOUND, with err set, when there is none): the store for 'meter add', the
 * file's earlier lines and then the store for 'import meters'. GP_EINPUT saying which. */
int meter_check_refs(const struct meter *m,
		     int (*find)(void *arg, const char *code, struct meter *out,
				 struct gp_err *err),
		     void *arg, struct gp_err *err);

/* 总分表平衡: a master meter's value for a period against the sum of its sub-meters'. */
struct meter_balance {
	double master, subs; /* canonical unit; NAN: no value */
	double difference;   /* master − subs */
	double share;        /* difference / master; NAN when master is 0 or unknown */
};
void meter_balance_of(double master, const double *subs, size_t n, struct meter_balance *out);

#endif
