/* write_queue.h — how a server writes meter readings: group commit into the readings log,
 * and the settler that merges the log into the day and month rows (docs/metering.md,
 * "The log and group commit").
 *
 * Writers (the HTTP workers' POST /write, the MQTT subscriber, the Modbus poller) hand their
 * points to readings_commit, which returns once they are committed to the log: then they
 * are acknowledged, and survive kill -9. Writers that arrive while a commit is running
 * queue up; the first of them then commits the whole queue in one transaction (a log row
 * and an audit row each), so concurrent requests share one commit and its fsync. A group
 * that fails is retried writer by writer, so one writer's failure is its own.
 *
 * The settler (a thread of the server) merges the log into the day rows in large batches
 * — every meter's day row rewritten once for many points, not once a request — shortly
 * after points arrive. Every reader of readings calls readings_settle_pending first, so
 * no read ever misses an acknowledged point. Within the process the log commits, the
 * settles and the readers' settles take turns (one store writer at a time). */
#ifndef GP_WRITE_QUEUE_H
#define GP_WRITE_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

#include "ingest/readings.h"

#define WRITE_GROUP_MAX_POINTS 1000000u /* the most points one group commit takes */
#define SETTLE_MAX_POINTS      2000000u /* the most log points one settle transaction takes */
#define SETTLE_EAGER_POINTS    1000000  /* the settler starts at once from this many */
#define SETTLE_QUIET_MS        200      /* else once no point has come for this long */
#define SETTLE_MAX_DELAY_MS    2000     /* or at the latest this long after it began to wait */
#define SETTLER_NICE           10       /* the settler thread's nice value */

/* Commits n points (1 ≤ n ≤ WRITE_GROUP_MAX_POINTS; reordered in place) to the readings log
 * through the process's queue, with one audit row (actor, source). stats->points: the
 * distinct (meter, time) points of the batch (of equal ones the last counts); days and
 * months are those of the settle, 0 here. Every meter_id must exist (the caller checked).
 * h is the caller's connection: the writer that leads a group writes with its own. */
int readings_commit(struct store_handle *h, struct reading *pts, size_t n, const char *actor,
		    const char *source, struct readings_stats *stats, struct gp_err *err);

/* Settles the whole log (readings_settle until it is empty), taking its turn in the queue:
 * every reader of day or month rows calls this first. Cheap when nothing is pending: in a
 * server whose settler runs, no query at all; elsewhere one read. */
int readings_settle_pending(struct store_handle *h, struct gp_err *err);

/* A function called with the points each settle of this process has just merged, while it
 * still holds the store's turn (so it must not call readings_settle_pending): main
 * registers the alarm check (report/alarms.h: alarm_check_settled). NULL: none. */
void write_queue_on_settle(void (*fn)(struct store_handle *h, const struct reading *pts, size_t n));

/* The settler: opens its own connection to db, settles what an earlier run left in the log
 * (before returning: a server answers no read before that), then runs until stopped.
 * write_queue_settler_stop settles what is left and closes. One per process. */
int write_queue_settler_start(const char *db, struct gp_err *err);
void write_queue_settler_stop(void);

/* Counters since the process started (GET /api/v1/ingest/status, tests). */
struct write_queue_stats {
	long long groups, writers, max_group; /* group commits, writers in them, largest */
	long long settles, settled;           /* settle transactions and log points merged */
	long long pending;                    /* log points committed and not yet merged */
	char last_error[GP_ERR_MSG_MAX];      /* the settler's last failure ("" if none) */
};
void write_queue_stats(struct write_queue_stats *out);

/* Tests: while held, writers queue but none leads; write_queue_waiting tells how many are
 * queued. Releasing lets the head lead a group of them all. */
void write_queue_hold(bool on);
size_t write_queue_waiting(void);

#endif
