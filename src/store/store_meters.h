/* store_meters.h — meters and their readings in the store (0008_meters.sql), reached as
 * h->ops->meters. The store keeps one row per meter and park-local day: the day's readings
 * as a compressed chunk, its hourly rollup as another, and the day's value and flags; and
 * one row per meter and month. It stores and looks up; ingest/readings.c merges, encodes
 * and computes. Meter writes are audited; reading rows are not (they are data, counted per
 * batch by the caller's audit row). */
#ifndef GP_STORE_METERS_H
#define GP_STORE_METERS_H

#include "core/meters.h"
#include "store/store.h"

/* One day row; the blobs are owned by the row (meter_day_row_release). */
struct meter_day_row {
	int64_t meter_id;
	long day;
	size_t n;
	unsigned char *points;
	size_t points_len;
	unsigned char *hours;
	size_t hours_len;
	double value; /* NAN: no value */
	int flags;
};
void meter_day_row_release(struct meter_day_row *r);

struct meter_month_row {
	int64_t meter_id;
	int month; /* YYYYMM */
	double value;
	int days;
	int flags;
};

/* One item's total of a day (0013_reading_totals.sql); item is valid during the callback. */
struct meter_total_row {
	const char *item; /* item code */
	long day;         /* days since 1970-01-01, park-local */
	double value;     /* canonical unit */
	long long meters; /* meters with a value that day */
};

#define MQTT_TOPIC_MAX 512 /* bytes of a mapped topic */

struct mqtt_topic_row {
	char topic[MQTT_TOPIC_MAX + 1];
	char meter[METER_CODE_MAX + 1];
};

struct meters_store_ops {
	/* Adds a meter (its enterprise by USCC, its item by code). GP_ECONFLICT when the code
	 * exists; GP_ENOTFOUND for an unknown enterprise or item. Audited. */
	int (*meter_add)(struct store *st, const struct meter *m, const char *actor, int64_t *id,
			 struct gp_err *err);
	int (*meter_find)(struct store *st, const char *code, struct meter *out,
			  struct gp_err *err);
	/* Meters of one enterprise (enterprise_id) or all (0), in code order. */
	int (*meter_list)(struct store *st, int64_t enterprise_id, struct meter **out, size_t *n,
			  struct gp_err *err);

	/* The row of (meter, day): GP_ENOTFOUND when there is none. */
	int (*day_get)(struct store *st, int64_t meter_id, long day, struct meter_day_row *out,
		       struct gp_err *err);
	/* The nearest row before day (dir < 0) or after it (dir > 0): GP_ENOTFOUND if none. */
	int (*day_near)(struct store *st, int64_t meter_id, long day, int dir,
			struct meter_day_row *out, struct gp_err *err);
	int (*day_put)(struct store *st, const struct meter_day_row *r, struct gp_err *err);
	/* Calls fn for every row of the meter with day in [from, to], in day order; fn's row
	 * is valid during the call only. */
	int (*days_range)(struct store *st, int64_t meter_id, long from, long to,
			  void (*fn)(void *arg, const struct meter_day_row *r), void *arg,
			  struct gp_err *err);
	int (*month_put)(struct store *st, const struct meter_month_row *r, struct gp_err *err);
	int (*months_range)(struct store *st, int64_t meter_id, int from, int to,
			    void (*fn)(void *arg, const struct meter_month_row *r), void *arg,
			    struct gp_err *err);
	/* Bytes of the reading rows (both tables; SQLite's dbstat when available, else the
	 * sum of blob lengths and a fixed row overhead) and their points. */
	int (*reading_bytes)(struct store *st, long long *bytes, long long *points,
			     struct gp_err *err);

	/* MQTT topics mapped to meters (0009_mqtt.sql). topic_put maps topic (an exact topic
	 * name, 1-512 bytes) to the meter with code meter_code, replacing an earlier mapping
	 * of the topic; GP_ENOTFOUND for an unknown meter. topic_remove: GP_ENOTFOUND when
	 * the topic is not mapped. Both audited. */
	int (*topic_put)(struct store *st, const char *topic, const char *meter_code,
			 const char *actor, struct gp_err *err);
	int (*topic_remove)(struct store *st, const char *topic, const char *actor,
			    struct gp_err *err);
	/* The meter code a topic maps to: GP_ENOTFOUND (err not set) when it is not mapped. */
	int (*topic_find)(struct store *st, const char *topic, char meter_code[METER_CODE_MAX + 1],
			  struct gp_err *err);
	/* Every mapping in topic order; the caller frees *out. */
	int (*topic_list)(struct store *st, struct mqtt_topic_row **out, size_t *n,
			  struct gp_err *err);
	/* The readings' log (0011_reading_log.sql): points acknowledged by a server and not yet
	 * merged into the day rows. log_append adds a row of n points (blob: the caller's
	 * encoding). log_scan calls fn for rows in id order, the first always and then while
	 * the points so far stay within max_points, stopping at fn's first error; *last_id is
	 * the last row passed (0: none). log_delete removes the rows up to upto_id.
	 * log_pending: the points the log holds. Not audited: the writer's audit row is. */
	int (*log_append)(struct store *st, const unsigned char *blob, size_t len, size_t n,
			  struct gp_err *err);
	int (*log_scan)(struct store *st, size_t max_points,
			int (*fn)(void *arg, const unsigned char *blob, size_t len, size_t n),
			void *arg, int64_t *last_id, struct gp_err *err);
	int (*log_delete)(struct store *st, int64_t upto_id, struct gp_err *err);
	int (*log_pending)(struct store *st, long long *points, struct gp_err *err);
	/* The id of the log's oldest row (0: the log is empty). Rows go only in prefixes (a
	 * settle takes the oldest; a direct write all of them), so a settle planned outside
	 * the write lock knows the log is as it planned on while this id is unchanged. */
	int (*log_first)(struct store *st, int64_t *id, struct gp_err *err);
	/* A key that changes whenever the set of meters does: meters are only ever added
	 * (no op here changes or removes one; one that does must change this key), so the
	 * count and the largest id, with the store's path, identify it. For caches
	 * (ingest/meter_index.c). */
	int (*meter_version)(struct store *st, char *key, size_t keysz, struct gp_err *err);
	/* Adds dvalue and dn to the park totals' row (0013_reading_totals.sql) of (enterprise,
	 * the enterprise of the meter's master or 0, item code, day), creating it. Called by
	 * ingest/readings.c with the change of every day row it writes; not audited. */
	int (*total_add)(struct store *st, int64_t enterprise_id, int64_t parent_enterprise_id,
			 const char *item, long day, double dvalue, int dn, struct gp_err *err);
	/* Every month row with month (YYYYMM) in [from, to] of the meters of one enterprise
	 * (enterprise_id) or all (0), ordered by meter id and month. */
	int (*months_all)(struct store *st, int64_t enterprise_id, int from, int to,
			  void (*fn)(void *arg, const struct meter_month_row *r), void *arg,
			  struct gp_err *err);
	/* The daily totals by item of days in [from, to], ordered by item code and day: the
	 * park's (enterprise_id 0: main meters, no one's sub-meter) or one enterprise's (its
	 * meters but those whose master is its own). Days whose meters all lost their value
	 * are left out. */
	int (*totals_range)(struct store *st, int64_t enterprise_id, long from, long to,
			    void (*fn)(void *arg, const struct meter_total_row *r), void *arg,
			    struct gp_err *err);
};

extern const struct meters_store_ops store_sqlite_meters_ops;

#endif
