/* alarms.h — meter alarms evaluated and acted on: the threshold and rate rules of the meters
 * a write touched (alarm_check_points, after every readings_write), the stale and imbalance
 * rules of the whole park (alarm_sweep: 'greenpark alarm check' and the sweeper thread of
 * 'greenpark serve'), acknowledging and clearing alarms, adding rules after checking them
 * against the meters, and the JSON the CLI and the API share (docs/alarms.md). The judging
 * is core/alarms.c's; this file reads readings and rollups, asks it, and writes what it
 * decides through h->ops->alarms. It never fails or undoes a readings write. */
#ifndef GP_REPORT_ALARMS_H
#define GP_REPORT_ALARMS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/alarms.h"
#include "ingest/readings.h"
#include "store/store.h"
#include "store/store_alarms.h"
#include "util/err.h"

/* What one evaluation did. */
struct alarm_run_stats {
	long rules;    /* enabled rules evaluated */
	long judged;   /* (rule, meter) pairs judged */
	long raised;   /* new alarms */
	long updated;  /* open alarms that counted another violation */
	long returned; /* open alarms whose condition is gone */
};

/* Evaluates the threshold and rate rules of the meters of pts[0..n) (points just committed,
 * in any order) on each meter's latest readings as stored, so late and out-of-order points
 * are judged on what is now latest; and returns to normal the stale alarms of those meters
 * whose latest reading is now recent enough (raising stale alarms is alarm_sweep's). now is
 * the evaluation's time (Unix seconds). When a rule watches one of the meters, the readings
 * log is settled first (readings_settle_pending: the day rows then hold every acknowledged
 * point), then one transaction of its own; nothing is written when it fails. */
int alarm_check_points(struct store_handle *h, const struct reading *pts, size_t n, int64_t now,
		       struct gp_err *err);

/* alarm_check_points for every meter a threshold, rate or stale rule watches (after a
 * write whose points are no longer at hand: 'import readings' merges its file in chunks). */
int alarm_check_all(struct store_handle *h, int64_t now, struct gp_err *err);

/* alarm_check_all at the current time after a direct write has committed ('import
 * readings'): a failure is logged to stderr as "greenpark: alarms after SOURCE: message" and
 * never returned, so an alarm can never fail or undo the write. */
void alarm_check_all_logged(struct store_handle *h, const char *source);

/* The readings log's settle hook (write_queue_on_settle; registered by main for every
 * command): the points a settle has just merged are judged as alarm_check_points does,
 * at the current time, without settling again (the settle holds the store's turn). A
 * server's writes (POST /write, MQTT, Modbus) are judged here, shortly after they are
 * acknowledged. Failures are logged to stderr, never returned. */
void alarm_check_settled(struct store_handle *h, const struct reading *pts, size_t n);

/* Evaluates every enabled stale and imbalance rule at now: stale meters raise (or update)
 * alarms and recent ones return to normal; each master's last complete park-local day or
 * month (alarm_last_period) is judged, at most one alarm per period. One transaction.
 * stats may be NULL. */
int alarm_sweep(struct store_handle *h, int64_t now, struct alarm_run_stats *stats,
		struct gp_err *err);

/* Validates r (alarm_rule_validate) and checks it against the stored meters: its meter
 * exists and takes readings (not virtual), and an imbalance rule's meter has sub-meters;
 * then stores it, audited by actor. *id the new rule. GP_EINPUT / GP_ENOTFOUND naming the
 * field. */
int alarm_rule_add(struct store_handle *h, struct alarm_rule *r, const char *actor, int64_t *id,
		   struct gp_err *err);
/* The checks of alarm_rule_add without storing (for imports, which store in one
 * transaction at the end). */
int alarm_rule_check(struct store_handle *h, struct alarm_rule *r, struct gp_err *err);

/* Acknowledges alarm id (note may be ""), or clears it (note needed while it is active), as
 * actor at now. enterprise_id > 0: only an alarm of that enterprise's meters (another's is
 * GP_ENOTFOUND, as a missing one). GP_ECONFLICT when the state does not allow it. */
int alarm_ack(struct store_handle *h, int64_t id, int64_t enterprise_id, const char *actor,
	      const char *note, int64_t now, struct gp_err *err);
int alarm_clear(struct store_handle *h, int64_t id, int64_t enterprise_id, const char *actor,
		const char *note, int64_t now, struct gp_err *err);

/* JSON renderings shared by the CLI and the API (new references). Times are Unix seconds. */
/* {"id", "kind", "meter", "uscc" (null: every meter), "severity", "severity_name",
 * "enabled", "note", "high", "low", "limit", "stale_s", "pct", "period", "min_value" (null
 * when not the kind's), "created_at", "created_by"} */
json_t *alarm_rule_json(const struct alarm_rule *r);
/* {"id", "rule", "kind", "severity", "severity_name", "meter", "uscc", "state",
 * "state_zh", "active", "acked", "raised_at", "last_at", "value", "count", "detail",
 * "period", "returned_at", "ack": {"by", "at", "note"} | null, "cleared": {…} | null} */
json_t *alarm_json(const struct alarm *a);
/* {"id", "alarm", "at", "event", "actor", "value", "note", "meter", "kind"} */
json_t *alarm_event_json(const struct alarm_event *e);
/* {"open", "active", "acked", "returned", "worst" (the most severe unacknowledged active
 * alarm's severity, or null), "by_severity": [{"severity", "name", "active", "acked",
 * "returned"} × 3]} */
json_t *alarm_counts_json(const struct alarm_counts *c);

#endif
