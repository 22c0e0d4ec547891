/* mqtt_payload.c — an MQTT message's payload to points (mqtt_payload.h). Pure: no store,
 * no network, no globals; the fuzz harness fuzz/fuzz_mqtt_payload.c drives it. Every size
 * it grows is capped: the payload at MQTT_PAYLOAD_MAX, points at MQTT_POINTS_MAX, lines at
 * lp_parse's 4 KiB, reasons at MQTT_REASONS_KEPT × MQTT_REASON_MAX. */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "ingest/mqtt_payload.h"
#include "util/str.h"

void mqtt_batch_init(struct mqtt_batch *b)
{
	memset(b, 0, sizeof(*b));
}

void mqtt_batch_release(struct mqtt_batch *b)
{
	free(b->points);
	mqtt_batch_init(b);
}

void mqtt_batch_reject(struct mqtt_batch *b, long long count, const char *fmt, ...)
{
	va_list ap;

	b->rejected += count;
	if (b->nreasons == MQTT_REASONS_KEPT)
		return;
	va_start(ap, fmt);
	vsnprintf(b->reasons[b->nreasons++], MQTT_REASON_MAX, fmt, ap);
	va_end(ap);
}

/* Adds a point, or rejects it past MQTT_POINTS_MAX (the first such one gives the reason). */
static void add_point(struct mqtt_batch *b, const char *what, long k, const struct lp_point *p)
{
	if (b->n >= MQTT_POINTS_MAX) {
		if (!b->overflowed)
			mqtt_batch_reject(b, 1, "%s %ld: more than %d points in one message", what,
					  k, MQTT_POINTS_MAX);
		else
			b->rejected++;
		b->overflowed = true;
		return;
	}
	XGROW(b->points, b->n + 1, b->cap);
	b->points[b->n++] = (struct mqtt_point){*p, k};
}

/* ---- line protocol ---- */

static void parse_line(void *arg, long line, char *text)
{
	struct mqtt_batch *b = arg;
	struct lp_point pt;
	struct gp_err err;

	if (lp_parse(text, &pt, &err) != GP_OK)
		mqtt_batch_reject(b, 1, "line %ld: %s", line, err.msg);
	else
		add_point(b, "line", line, &pt);
}

static void parse_lines(char *text, struct mqtt_batch *b)
{
	str_each_line(text, parse_line, b);
}

/* ---- JSON ---- */

static bool json_ts(json_t *v, int64_t *ts, char *why, size_t whysz)
{
	struct gp_err err;

	if (json_is_string(v)) {
		if (time_parse("ts", json_string_value(v), ts, &err) != GP_OK) {
			str_copy(why, whysz, err.msg);
			return false;
		}
		return true;
	}
	if (json_is_number(v)) {
		double s = json_number_value(v);
		if (!(s >= 0 && s < MQTT_TS_SECONDS_MAX)) {
			str_fmt(why, whysz,
				"ts %.17g is not Unix seconds (from 0 to 1e11; milliseconds?)", s);
			return false;
		}
		*ts = (int64_t)floor(s); /* readings are kept to the second */
		return true;
	}
	str_copy(why, whysz, "ts is missing or not a number or an RFC 3339 string");
	return false;
}

/* One JSON point object (k: its 1-based place in the payload). */
static void json_point(json_t *o, long k, const char *topic_meter, struct mqtt_batch *b)
{
	json_t *meter = json_object_get(o, "meter"), *value = json_object_get(o, "value");
	struct lp_point p;
	char why[MQTT_REASON_MAX - 32];

	if (!json_is_object(o)) {
		mqtt_batch_reject(b, 1, "point %ld: not an object {\"meter\", \"ts\", \"value\"}",
				  k);
		return;
	}
	if (meter && !json_is_string(meter)) {
		mqtt_batch_reject(b, 1, "point %ld: meter is not a string", k);
		return;
	}
	if (meter) {
		const char *code = json_string_value(meter);
		if (!code[0] || !str_copy(p.meter, sizeof(p.meter), code)) {
			mqtt_batch_reject(b, 1,
					  "point %ld: meter '%.80s' is empty or longer than %d", k,
					  code, METER_CODE_MAX);
			return;
		}
	} else if (topic_meter && topic_meter[0]) {
		str_copy(p.meter, sizeof(p.meter), topic_meter);
	} else {
		mqtt_batch_reject(b, 1,
				  "point %ld: no \"meter\", and the topic is mapped to no meter "
				  "(greenpark meter topic add)",
				  k);
		return;
	}
	if (!json_ts(json_object_get(o, "ts"), &p.ts, why, sizeof(why))) {
		mqtt_batch_reject(b, 1, "point %ld: %s", k, why);
		return;
	}
	if (!json_is_number(value)) {
		mqtt_batch_reject(b, 1, "point %ld: value is missing or not a number", k);
		return;
	}
	p.value = json_number_value(value);
	add_point(b, "point", k, &p);
}

static int parse_json(const char *payload, size_t len, const char *topic_meter,
		      struct mqtt_batch *b)
{
	json_error_t jerr;
	json_t *doc = json_loadb(payload, len, JSON_REJECT_DUPLICATES, &jerr);
	size_t i;

	if (!doc) {
		mqtt_batch_reject(b, 1, "not JSON: %s at byte %d", jerr.text, jerr.position);
		return GP_EINPUT;
	}
	if (json_is_object(doc)) {
		json_point(doc, 1, topic_meter, b);
	} else {
		for (i = 0; i < json_array_size(doc); i++)
			json_point(json_array_get(doc, i), (long)i + 1, topic_meter, b);
	}
	json_decref(doc);
	return GP_OK;
}

int mqtt_payload_parse(const char *payload, size_t len, const char *topic_meter,
		       struct mqtt_batch *b)
{
	size_t i = 0;
	char *text;

	if (len > MQTT_PAYLOAD_MAX) {
		mqtt_batch_reject(b, 1, "message of %zu bytes (at most %u)", len, MQTT_PAYLOAD_MAX);
		return GP_ETOOBIG;
	}
	while (i < len && (payload[i] == ' ' || payload[i] == '\t' || payload[i] == '\r' ||
			   payload[i] == '\n'))
		i++;
	if (i == len) {
		mqtt_batch_reject(b, 1, "empty message");
		return GP_EINPUT;
	}
	b->json = payload[i] == '{' || payload[i] == '[';
	if (b->json)
		return parse_json(payload, len, topic_meter, b);
	if (memchr(payload, '\0', len)) {
		mqtt_batch_reject(b, 1, "line protocol with a NUL byte");
		return GP_EINPUT;
	}
	text = xmalloc(len + 1);
	memcpy(text, payload, len);
	text[len] = '\0';
	parse_lines(text, b);
	free(text);
	return GP_OK;
}
