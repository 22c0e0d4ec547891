/* ingest_stats.h — what each ingest source of a running server has taken in since it
 * started: messages (MQTT messages, POST /write requests), points written, points
 * rejected, the last few reasons for a rejection, and the source's state (the MQTT
 * connection). Process-wide and thread-safe; kept in memory only (the store's audit
 * rows are the durable record of what was written). Never blocks for long: one mutex
 * held for a copy. */
#ifndef GP_INGEST_STATS_H
#define GP_INGEST_STATS_H

#include <jansson.h>
#include <stdint.h>

#define INGEST_REASONS_KEPT 8   /* last rejection reasons kept per source */
#define INGEST_REASON_MAX   240 /* bytes of one reason (longer ones are cut) */

/* Adds to the counters of source ("mqtt", "http"; at most 4 sources, 15 bytes each,
 * further ones are ignored). */
void ingest_stats_count(const char *source, long long messages, long long points_written,
			long long points_rejected);

/* Keeps reason (copied, cut to INGEST_REASON_MAX - 1 bytes) as the newest of the source's
 * last INGEST_REASONS_KEPT reasons, stamped with the current time. */
void ingest_stats_reason(const char *source, const char *reason);

/* Sets the source's state line (copied): e.g. "subscribed to 'greenpark/#' at …". */
void ingest_stats_state(const char *source, const char *state);

/* {"sources": [{"source", "state", "messages", "points_written", "points_rejected",
 * "last_rejects": [{"at": Unix s, "reason"}, … newest first]}, …]} (new reference). */
json_t *ingest_stats_json(void);

/* Forgets everything (tests). */
void ingest_stats_reset(void);

#endif
