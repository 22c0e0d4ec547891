/* write_queue.h — group commit of meter readings within one process. Writers (the HTTP
 * workers' POST /write, the MQTT subscriber, the Modbus poller) hand their points to
 * readings_commit, which returns when they are committed. Writers that arrive while a
 * transaction is running queue up; the first of them then writes the whole queue in one
 * transaction (readings_write_jobs: one audit row per writer), so concurrent requests
 * share one commit and its fsync, and SQLite's single writer is never contended for
 * within the process. A group that fails is retried writer by writer, so one writer's
 * bad batch fails that writer only. docs/metering.md, "Group commit". */
#ifndef GP_WRITE_QUEUE_H
#define GP_WRITE_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

#include "ingest/readings.h"

/* The most points one group takes (the queue's later writers wait for the next). */
#define WRITE_GROUP_MAX_POINTS 1000000u

/* As readings_write (pts reordered in place; stats are this writer's points and the
 * group's days and months), through the process's queue. h is the caller's connection:
 * the writer that leads a group writes with its own. */
int readings_commit(struct store_handle *h, struct reading *pts, size_t n, int utc_offset_s,
		    const char *actor, const char *source, struct readings_stats *stats,
		    struct gp_err *err);

/* Counters since the process started: groups committed, writers in them, and the largest
 * group (writers). For GET /api/v1/ingest/status and the tests. */
struct write_queue_stats {
	long long groups, writers, max_group;
};
void write_queue_stats(struct write_queue_stats *out);

/* Tests: while held, writers queue but none leads; write_queue_waiting tells how many are
 * queued. Releasing lets the head lead a group of them all. */
void write_queue_hold(bool on);
size_t write_queue_waiting(void);

#endif
