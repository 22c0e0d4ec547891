/* mqtt_payload.h — one MQTT message's payload to meter points, with no store and no
 * network (so it can be fuzzed): InfluxDB line protocol (one or more lines, the meter in
 * the `meter` tag, parsed by lp_parse), or JSON: {"meter", "ts", "value"}, an array of
 * such objects, or {"ts", "value"} whose meter is the one the message's topic is mapped
 * to. A bad point is rejected with a reason and the others kept; a payload that is too
 * big or not parsable at all is rejected whole. Never reads past len; never crashes. */
#ifndef GP_MQTT_PAYLOAD_H
#define GP_MQTT_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "ingest/import_readings.h"

#define MQTT_PAYLOAD_MAX    (1u << 20) /* bytes of one message (1 MiB) */
#define MQTT_POINTS_MAX     10000      /* points of one message; further ones rejected */
#define MQTT_REASONS_KEPT   8          /* reasons kept per message (all are counted) */
#define MQTT_REASON_MAX     200        /* bytes of one reason */
#define MQTT_TS_SECONDS_MAX 1e11       /* a larger JSON ts is not Unix seconds (ms?) */

struct mqtt_point {
	struct lp_point p; /* meter code, Unix seconds, value */
	long at;           /* its line (line protocol) or place (JSON), 1-based */
};

struct mqtt_batch {
	struct mqtt_point *points; /* owned: mqtt_batch_release */
	bool json;                 /* the payload was JSON (at counts points), else lines */
	size_t n, cap;
	long long rejected;                               /* points (or whole payloads) rejected */
	char reasons[MQTT_REASONS_KEPT][MQTT_REASON_MAX]; /* the first ones, in order */
	size_t nreasons;
	bool overflowed; /* points past MQTT_POINTS_MAX were rejected */
};

void mqtt_batch_init(struct mqtt_batch *b);
void mqtt_batch_release(struct mqtt_batch *b);

/* Adds one rejection with its reason (printf format) to b. */
void mqtt_batch_reject(struct mqtt_batch *b, long long count, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parses payload[0..len) (any bytes; not NUL-terminated) into b's points. topic_meter is
 * the meter code the message's topic is mapped to, or NULL: it is the meter of JSON points
 * that name none. Rejections go into b (reasons say "line N:" or "point N:", 1-based).
 * Returns GP_OK when the payload was parsed (some points may still be rejected),
 * GP_ETOOBIG (over MQTT_PAYLOAD_MAX) or GP_EINPUT (empty, not JSON, JSON of another shape)
 * when it was rejected whole, which counts as one rejected point. */
int mqtt_payload_parse(const char *payload, size_t len, const char *topic_meter,
		       struct mqtt_batch *b);

#endif
