/* alarms.h — meter alarms: the rules (threshold, rate of change, stale meter, master/sub
 * imbalance), what a meter's level is, how a rule judges what it observes, and how an alarm
 * moves between its states (raised, acknowledged, returned to normal, cleared). Pure: the
 * store keeps rules, alarms and their log (store/store_alarms.h); report/alarms.c reads the
 * readings, asks this file and writes what it decides (docs/alarms.md).
 *
 * Level (what threshold and rate rules watch), in the item's canonical unit:
 *  - instant meter: the reading × multiplier × the unit's factor (e.g. kW);
 *  - interval meter: the reading's quantity per hour over the interval it closes:
 *    value × multiplier × factor / interval_s × 3600;
 *  - cumulative meter: the increment from the previous reading per hour:
 *    (v − v_prev) × multiplier × factor / (t − t_prev) × 3600, a wrap past the rollover
 *    counted as core/meters.c counts it (v + rollover − v_prev); a drop that is not a
 *    rollover (a reset) and a first reading give no level.
 * Rate: |level_t − level_prev| / (t − t_prev) × 3600, the level's change per hour. */
#ifndef GP_ALARMS_H
#define GP_ALARMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/meters.h"
#include "core/tsz.h"
#include "util/err.h"

#define ALARM_NOTE_MAX     500            /* bytes of a rule's note and of an ack or clear note */
#define ALARM_ACTOR_MAX    95             /* bytes of who acted (the CLI or web actor) */
#define ALARM_DETAIL_MAX   160            /* bytes of a violation in words */
#define ALARM_STALE_MAX_S  (366L * 86400) /* a stale rule's limit: at most a year */
#define ALARM_STALE_FACTOR 3              /* stale_s 0: the limit is 3 × the meter's interval */
#define ALARM_ACTOR_SYSTEM "system"       /* the evaluator, in the alarm log */

enum alarm_kind { ALARM_THRESHOLD, ALARM_RATE, ALARM_STALE, ALARM_IMBALANCE, ALARM_KIND_COUNT };
int alarm_kind_parse(const char *s, enum alarm_kind *out, struct gp_err *err);
const char *alarm_kind_name(enum alarm_kind k);
const char *alarm_kind_zh(enum alarm_kind k);

enum alarm_period { ALARM_PERIOD_DAY, ALARM_PERIOD_MONTH, ALARM_PERIOD_COUNT };
int alarm_period_parse(const char *s, enum alarm_period *out, struct gp_err *err);
const char *alarm_period_name(enum alarm_period p);

/* Severity: 1 紧急 critical, 2 重要 major, 3 一般 minor. Parses the number, the English or
 * the Chinese name. */
#define ALARM_SEVERITY_DEFAULT 2
int alarm_severity_parse(const char *s, int *out, struct gp_err *err);
const char *alarm_severity_name(int severity); /* "critical", "major", "minor" */
const char *alarm_severity_zh(int severity);   /* "紧急", "重要", "一般" */

/* The states an alarm is shown in: 告警 active and unacknowledged, 已确认 active and
 * acknowledged, 已恢复 returned to normal (acknowledged or not) and not cleared; cleared
 * alarms are history. */
enum alarm_state { ALARM_ACTIVE, ALARM_ACKED, ALARM_RETURNED, ALARM_CLEARED, ALARM_STATE_COUNT };
int alarm_state_parse(const char *s, enum alarm_state *out, struct gp_err *err);
const char *alarm_state_name(enum alarm_state s);
const char *alarm_state_zh(enum alarm_state s);
enum alarm_state alarm_state_of(bool active, bool acked, bool cleared);

struct alarm_rule {
	int64_t id;
	enum alarm_kind kind;
	int64_t meter_id;               /* 0: every meter the kind applies to */
	char meter[METER_CODE_MAX + 1]; /* its code; "" for every meter */
	char uscc[USCC_LEN + 1];        /* the meter's enterprise; "" for every meter */
	int severity;                   /* 1-3 */
	bool enabled;
	char note[ALARM_NOTE_MAX + 1];
	double high, low;         /* threshold: NAN when not set */
	double limit;             /* rate: per hour; NAN when not set */
	long stale_s;             /* stale: 0 = ALARM_STALE_FACTOR × interval */
	double pct;               /* imbalance: percent; NAN when not set */
	enum alarm_period period; /* imbalance */
	double min_value;         /* imbalance: NAN when not set (then 0) */
	char created_at[32];
	char created_by[ALARM_ACTOR_MAX + 1];
};

/* A rule with nothing set: severity 2, enabled, every parameter NAN or 0, period day. */
void alarm_rule_init(struct alarm_rule *r, enum alarm_kind kind);

/* Checks a rule's fields: a meter where the kind needs one (threshold and rate), high
 * and/or low (low < high when both), a limit > 0, 0 ≤ stale_s ≤ a year, 0 < pct ≤ 1000,
 * min_value ≥ 0, severity 1-3, a note of valid UTF-8 within ALARM_NOTE_MAX, and no
 * parameter of another kind. Sets the imbalance min_value default (0). GP_EINPUT naming
 * the field and the expected form. */
int alarm_rule_validate(struct alarm_rule *r, struct gp_err *err);

/* The level of meter m at reading cur (prev: the reading before it, or NULL), as the
 * header defines it; NAN when there is none (a first or reset counter reading, a virtual
 * meter, a value that is not finite). */
double alarm_level(const struct meter *m, const struct tsz_point *cur,
		   const struct tsz_point *prev);

/* The change of level per hour between readings at t_prev and t (t > t_prev); NAN when
 * either level is NAN. */
double alarm_rate(double level, double level_prev, int64_t t, int64_t t_prev);

/* A stale rule's limit for meter m, in seconds: stale_s, or 3 × the meter's interval. */
long alarm_stale_limit(const struct alarm_rule *r, const struct meter *m);

/* What one evaluation of a rule found for one meter. */
struct alarm_verdict {
	bool judged;     /* false: nothing to judge (no level, no reading, a period skipped) */
	bool violated;   /* the condition is present */
	double value;    /* the level, the rate, the age in seconds or the imbalance in % */
	int64_t at;      /* when it was seen: the reading's time, or the evaluation's */
	int64_t key;     /* what was observed: the reading's time (threshold, rate), the latest
			  * reading's time (stale), the day or YYYYMM (imbalance) */
	char period[11]; /* imbalance: "YYYY-MM-DD" or "YYYY-MM"; else "" */
	char detail[ALARM_DETAIL_MAX + 1]; /* the finding in words */
};

/* Threshold: level > high or level < low. */
void alarm_judge_threshold(const struct alarm_rule *r, double level, int64_t at,
			   struct alarm_verdict *out);
/* Rate: rate > limit. */
void alarm_judge_rate(const struct alarm_rule *r, double rate, int64_t at,
		      struct alarm_verdict *out);
/* Stale: now − latest_ts > the limit (has false: the meter has no reading, not judged). */
void alarm_judge_stale(const struct alarm_rule *r, const struct meter *m, bool has,
		       int64_t latest_ts, int64_t now, struct alarm_verdict *out);
/* Imbalance of one period (key and period text as in struct alarm_verdict): master and
 * subs as meter_balance_of gives them. Not judged when the master is NAN, 0, or below
 * min_value, or no sub-meter has a value. */
void alarm_judge_imbalance(const struct alarm_rule *r, const struct meter_balance *b, int64_t key,
			   const char *period, int64_t now, struct alarm_verdict *out);

/* The last complete period of the park (UTC offset) at now: the day before now's local
 * day (key: days since 1970-01-01, text YYYY-MM-DD) or the month before now's local month
 * (key: YYYYMM, text YYYY-MM). */
void alarm_last_period(enum alarm_period p, int64_t now, int utc_offset_s, int64_t *key,
		       char text[11]);

/* What the store holds of a rule's alarms for one meter. */
struct alarm_seen {
	bool open;       /* an alarm that is not cleared */
	bool active;     /* …whose condition is present */
	int64_t key;     /* …and the last violation it counted */
	bool any;        /* any alarm, cleared ones too */
	int64_t max_key; /* the greatest key any of them counted */
};

enum alarm_action {
	ALARM_NONE,   /* nothing changes */
	ALARM_RAISE,  /* a new alarm */
	ALARM_UPDATE, /* the open alarm counts another violation (and is active again) */
	ALARM_RETURN  /* the open alarm's condition is gone: it has returned to normal */
};

/* The transition for a verdict: a violation raises an alarm when none is open, else
 * updates the open one, unless that one is active and counted this very observation
 * already (the same reading evaluated again); an imbalance period that raised or updated
 * an alarm before (even one cleared since) never does again. A normal verdict returns an
 * active open alarm to normal. */
enum alarm_action alarm_transition(enum alarm_kind kind, const struct alarm_seen *seen,
				   const struct alarm_verdict *v);

/* An alarm as stored. */
struct alarm {
	int64_t id, rule_id, meter_id;
	enum alarm_kind kind;
	int severity;
	char meter[METER_CODE_MAX + 1];
	char uscc[USCC_LEN + 1];
	int64_t enterprise_id;
	int64_t raised_at, last_at;
	double value;
	char detail[ALARM_DETAIL_MAX + 1];
	long count;
	bool active, acked, cleared;
	char ack_by[ALARM_ACTOR_MAX + 1];
	int64_t ack_at;
	char ack_note[ALARM_NOTE_MAX + 1];
	int64_t returned_at; /* 0: none */
	char cleared_by[ALARM_ACTOR_MAX + 1];
	int64_t cleared_at;
	char clear_note[ALARM_NOTE_MAX + 1];
	char period[11];
};

/* A note given with an acknowledgement or a clear: valid UTF-8 within ALARM_NOTE_MAX. */
int alarm_note_check(const char *field, const char *note, struct gp_err *err);
/* May a be acknowledged? GP_ECONFLICT when it is cleared or acknowledged already. */
int alarm_ack_check(const struct alarm *a, struct gp_err *err);
/* May a be cleared with note? GP_ECONFLICT when it is cleared already; GP_EINPUT when it is
 * still active and note is empty (say why it is cleared while the condition lasts). */
int alarm_clear_check(const struct alarm *a, const char *note, struct gp_err *err);

enum alarm_event_kind {
	ALARM_EV_RAISE,
	ALARM_EV_UPDATE,
	ALARM_EV_RETURN,
	ALARM_EV_ACK,
	ALARM_EV_CLEAR,
	ALARM_EV_COUNT
};
const char *alarm_event_name(enum alarm_event_kind e);
int alarm_event_parse(const char *s, enum alarm_event_kind *out);

/* One line of the alarm log. */
struct alarm_event {
	int64_t id, alarm_id;
	int64_t at;
	enum alarm_event_kind event;
	char actor[ALARM_ACTOR_MAX + 1];
	double value; /* NAN: none */
	char note[ALARM_NOTE_MAX + 1];
	char meter[METER_CODE_MAX + 1];
	enum alarm_kind kind;
};

#endif
