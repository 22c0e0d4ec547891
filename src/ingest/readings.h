/* readings.h — meter readings into the store and back out: a batch of points (any order,
 * late and out-of-order ones included; a point at the same meter and time replaces the
 * stored one) is merged into the day rows it touches, re-encoded, and those days', the
 * next stored day's (whose first increment reads this day's last point) and their months'
 * rollups recomputed, all in one transaction; and a meter's series at raw, hour, day or
 * month step (docs/metering.md). Shared by 'import readings', POST /write and the series
 * API. */
#ifndef GP_READINGS_H
#define GP_READINGS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/meters.h"
#include "store/store.h"
#include "util/err.h"

/* 24 bytes: a bulk import holds every point of its file at once. */
struct reading {
	int64_t ts;       /* Unix seconds */
	double v;         /* as read, in the meter's unit before its multiplier */
	int32_t meter_id; /* the store's meter id (meters are far fewer than 2^31) */
	uint32_t seq;     /* order of arrival (set by readings_write): the later of equals wins */
};

struct readings_stats {
	long long points; /* points written (after merging duplicates within the batch) */
	long long days;   /* day rows written */
	long long months; /* month rows written */
	long long logged; /* readings_settle: points taken from the log (before merging) */
};

/* Writes n points (reordered in place; n < 2^32) in one transaction, with one audit row (actor,
 * source: the file or the request, and the counts). Every meter_id must exist.
 * utc_offset_s places days in the park's zone. On error nothing is written. */
int readings_write(struct store_handle *h, struct reading *pts, size_t n, int utc_offset_s,
		   const char *actor, const char *source, struct readings_stats *stats,
		   struct gp_err *err);

/* One writer's share of a group written in one transaction (ingest/write_queue.c): its
 * points are pts[previous job's end, end). points is set to how many distinct (meter, time)
 * points of its own were written; each job gets its own audit row. */
struct write_job {
	size_t end;
	const char *actor;
	const char *source;
	long long points;
};

/* readings_write of several writers' points at once (pts holds them all, in arrival order:
 * where two give the same meter and time, the later job wins). stats are the group's. */
int readings_write_jobs(struct store_handle *h, struct reading *pts, struct write_job *jobs,
			size_t njobs, int utc_offset_s, struct readings_stats *stats,
			struct gp_err *err);

/* A direct write in chunks, for files too large to hold at once (import readings): one
 * transaction from begin (which merges the readings log first) to commit (one audit row
 * with the totals) or abort; each add merges a chunk (reordered in place). A chunk's error
 * aborts the batch. stats: the sums over the chunks. */
struct readings_batch {
	struct store_handle *h;
	int utc_offset_s;
	bool open;
	struct readings_stats stats;
};
int readings_batch_begin(struct readings_batch *b, struct store_handle *h, int utc_offset_s,
			 struct gp_err *err);
int readings_batch_add(struct readings_batch *b, struct reading *pts, size_t n, struct gp_err *err);
int readings_batch_commit(struct readings_batch *b, const char *actor, const char *source,
			  struct gp_err *err);
void readings_batch_abort(struct readings_batch *b);

/* Sorts pts by meter, time and seq, in time linear in n when the meter ids are dense (a
 * counting sort by meter, then each meter's run only where it is out of order). */
void readings_sort(struct reading *pts, size_t n);

/* Sorts pts by meter and time and keeps the last to arrive of each (meter, time): returns
 * how many are left (in pts). */
size_t readings_distinct(struct reading *pts, size_t n);

/* The server's write (docs/metering.md, "The log"): each job's points (distinct, as
 * readings_distinct leaves them) appended to the readings log as one row, with the job's
 * audit row, in one transaction. Committed = acknowledged; readings_settle merges them. */
int readings_log_jobs(struct store_handle *h, const struct reading *pts,
		      const struct write_job *jobs, size_t njobs, struct gp_err *err);

/* Merges the log's oldest rows (the first always, then while within max_points points) into
 * the day and month rows and deletes them, in one transaction; stats->logged the log
 * points taken, 0 when the log was empty (then no write transaction is opened). taken
 * (may be NULL) receives those points on success (stats->logged of them; the caller
 * frees). Direct writes (readings_write) merge the whole log first in their own
 * transaction. */
int readings_settle(struct store_handle *h, size_t max_points, int utc_offset_s,
		    struct readings_stats *stats, struct reading **taken, struct gp_err *err);

/* readings_settle in two steps, so that writers to the log need not wait while a server's
 * settle computes (ingest/write_queue.c):
 * - readings_settle_prepare reads the log's oldest rows (as readings_settle takes them)
 *   and computes the day rows, months and totals they change, in one read snapshot: no
 *   write lock is taken. *out is NULL when the log is empty.
 * - readings_settle_finish writes that plan and deletes its log rows, in one write
 *   transaction. If the log changed under the plan (its oldest row is gone: another
 *   process settled, or a direct write merged the log), the plan is dropped and the log
 *   settled afresh inside that transaction, so the result is always readings_settle's.
 *   stats and taken as readings_settle's.
 * Only one settle of a process may be between prepare and finish at a time (the caller
 * serialises them); the plan is freed by readings_settle_plan_free in every case. */
struct settle_plan;
int readings_settle_prepare(struct store_handle *h, size_t max_points, int utc_offset_s,
			    struct settle_plan **out, struct gp_err *err);
int readings_settle_finish(struct store_handle *h, struct settle_plan *sp,
			   struct readings_stats *stats, struct reading **taken,
			   struct gp_err *err);
void readings_settle_plan_free(struct settle_plan *sp);

enum series_step { STEP_RAW, STEP_HOUR, STEP_DAY, STEP_MONTH };
int series_step_parse(const char *s, enum series_step *out, struct gp_err *err);

/* {"meter", "item", "unit", "step", "points": [[ts, value], …]} for ts in [from, to): raw
 * readings × multiplier in the item's canonical unit (unit), or the rollups (ts the
 * period's start, Unix seconds). At most max_points points (GP_ETOOBIG beyond: narrow the
 * range or take a coarser step). */
int readings_series(struct store_handle *h, const struct meter *m, const char *unit, int64_t from,
		    int64_t to, enum series_step step, int utc_offset_s, size_t max_points,
		    json_t **out, struct gp_err *err);

/* The meter's latest reading (raw, as stored); *has false when it has none. */
int readings_latest(struct store_handle *h, const struct meter *m, struct tsz_point *out, bool *has,
		    struct gp_err *err);

/* Data quality per month of year: [{"meter", "month" (YYYY-MM), "days", "points",
 * "expected" (the month's days × 86400 / interval), "coverage" (points / expected),
 * "flags": ["gap", "spike", "reset", "rollover"]}], months with readings only. */
int readings_quality(struct store_handle *h, const struct meter *m, int year, int utc_offset_s,
		     json_t *out, struct gp_err *err);

#endif
