/* test_mqtt.c — the MQTT payload parser (ingest/mqtt_payload.c): line protocol (one and
 * many lines), JSON objects and arrays, topic-mapped JSON, every rejection with its
 * reason and the good points kept, the caps (1 MiB payload, 10,000 points a message);
 * the broker URL parser and the client id (ingest/mqtt.c); and the per-source counters
 * (ingest/ingest_stats.c). Times: 2024-01-01T00:00:00+08:00 = 1704038400. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "ingest/ingest_stats.h"
#include "ingest/mqtt.h"
#include "ingest/mqtt_payload.h"
#include "util/str.h"

#define T0 1704038400LL

static int parse(const char *payload, const char *topic_meter, struct mqtt_batch *b)
{
	mqtt_batch_init(b);
	return mqtt_payload_parse(payload, strlen(payload), topic_meter, b);
}

static void assert_point(const struct mqtt_batch *b, size_t i, const char *meter, int64_t ts,
			 double v)
{
	assert_true(i < b->n);
	assert_string_equal(b->points[i].p.meter, meter);
	assert_int_equal(b->points[i].p.ts, ts);
	assert_true(b->points[i].p.value == v);
}

static bool has_reason(const struct mqtt_batch *b, const char *text)
{
	for (size_t i = 0; i < b->nreasons; i++)
		if (strstr(b->reasons[i], text))
			return true;
	return false;
}

static void line_protocol_one_line(void **state)
{
	struct mqtt_batch b;

	(void)state;
	assert_int_equal(parse("energy,meter=M1,site=a value=12.5 1704038400999999999", NULL, &b),
			 GP_OK);
	assert_int_equal(b.n, 1);
	assert_false(b.json);
	assert_point(&b, 0, "M1", T0, 12.5); /* nanoseconds floored to the second */
	assert_int_equal(b.rejected, 0);
	mqtt_batch_release(&b);
}

static void line_protocol_many_lines(void **state)
{
	struct mqtt_batch b;

	(void)state;
	assert_int_equal(parse("# a comment\r\n"
			       "energy,meter=M1 value=1 1704038400000000000\r\n"
			       "\n"
			       "energy,meter=M2 value=2i,other=3 1704039300000000000\n"
			       "energy,meter=M1 value=3 1704040200000000000",
			       "IGNORED", &b),
			 GP_OK);
	assert_int_equal(b.n, 3);
	assert_point(&b, 0, "M1", T0, 1);
	assert_point(&b, 1, "M2", T0 + 900, 2);
	assert_point(&b, 2, "M1", T0 + 1800, 3);
	assert_int_equal(b.points[1].at, 4); /* its line */
	assert_int_equal(b.rejected, 0);
	mqtt_batch_release(&b);
}

static void json_object_and_array(void **state)
{
	struct mqtt_batch b;

	(void)state;
	assert_int_equal(
	    parse(" {\"meter\": \"M1\", \"ts\": 1704038400, \"value\": 1.25}", NULL, &b), GP_OK);
	assert_true(b.json);
	assert_int_equal(b.n, 1);
	assert_point(&b, 0, "M1", T0, 1.25);
	mqtt_batch_release(&b);

	assert_int_equal(
	    parse("[{\"meter\": \"M1\", \"ts\": \"2024-01-01T00:15:00+08:00\", "
		  "\"value\": 2}, {\"meter\": \"M2\", \"ts\": \"2023-12-31T16:30:00Z\", "
		  "\"value\": -3e2, \"unit\": \"kWh\"}, {\"meter\": \"M1\", \"ts\": "
		  "1704040200.9, \"value\": 4}]",
		  NULL, &b),
	    GP_OK);
	assert_int_equal(b.n, 3);
	assert_point(&b, 0, "M1", T0 + 900, 2);
	assert_point(&b, 1, "M2", T0 + 1800, -300);
	assert_point(&b, 2, "M1", T0 + 1800, 4); /* fractions of a second floored */
	assert_int_equal(b.points[2].at, 3);
	assert_int_equal(b.rejected, 0);
	mqtt_batch_release(&b);

	assert_int_equal(parse("[]", NULL, &b), GP_OK);
	assert_int_equal(b.n, 0);
	assert_int_equal(b.rejected, 0);
	mqtt_batch_release(&b);
}

static void json_topic_mapped(void **state)
{
	struct mqtt_batch b;

	(void)state;
	assert_int_equal(parse("{\"ts\": 1704038400, \"value\": 7}", "W2", &b), GP_OK);
	assert_int_equal(b.n, 1);
	assert_point(&b, 0, "W2", T0, 7);
	mqtt_batch_release(&b);

	/* a point's own meter wins over the topic's */
	assert_int_equal(parse("[{\"ts\": 1704038400, \"value\": 7}, {\"meter\": \"M9\", \"ts\": "
			       "1704038400, \"value\": 8}]",
			       "W2", &b),
			 GP_OK);
	assert_int_equal(b.n, 2);
	assert_point(&b, 1, "M9", T0, 8);
	mqtt_batch_release(&b);

	/* no topic mapping: rejected, saying how to map */
	assert_int_equal(parse("{\"ts\": 1704038400, \"value\": 7}", NULL, &b), GP_OK);
	assert_int_equal(b.n, 0);
	assert_int_equal(b.rejected, 1);
	assert_true(has_reason(&b, "point 1: no \"meter\", and the topic is mapped to no meter"));
	assert_true(has_reason(&b, "greenpark meter topic add"));
	mqtt_batch_release(&b);
}

static void bad_points_keep_the_good(void **state)
{
	struct mqtt_batch b;

	(void)state;
	assert_int_equal(parse("energy,meter=M1 value=abc 1704038400000000000\n"
			       "energy value=1 1704038400000000000\n"
			       "energy,meter=M1 value=1\n"
			       "energy,meter=M1 other=1 1704038400000000000\n"
			       "nospace\n"
			       "energy,meter=M1 value=5 1704038400000000000\n",
			       NULL, &b),
			 GP_OK);
	assert_int_equal(b.n, 1);
	assert_point(&b, 0, "M1", T0, 5);
	assert_int_equal(b.rejected, 5);
	assert_int_equal(b.nreasons, 5);
	assert_string_equal(b.reasons[0], "line 1: value 'abc' is not a number");
	assert_true(has_reason(&b, "line 2: no meter tag"));
	assert_true(has_reason(&b, "line 3: no timestamp"));
	assert_true(has_reason(&b, "line 4: no value field"));
	assert_true(has_reason(&b, "line 5: not line protocol"));
	mqtt_batch_release(&b);

	assert_int_equal(
	    parse("[1, {\"meter\": 5, \"ts\": 1, \"value\": 1}, {\"meter\": \"\", "
		  "\"ts\": 1, \"value\": 1}, {\"meter\": \"M1\", \"value\": 1}, "
		  "{\"meter\": \"M1\", \"ts\": \"yesterday\", \"value\": 1}, {\"meter\": "
		  "\"M1\", \"ts\": 1704038400000, \"value\": 1}, {\"meter\": \"M1\", "
		  "\"ts\": -5, \"value\": 1}, {\"meter\": \"M1\", \"ts\": 1, \"value\": "
		  "\"1\"}, {\"meter\": \"M1\", \"ts\": 1704038400, \"value\": 9}]",
		  NULL, &b),
	    GP_OK);
	assert_int_equal(b.n, 1);
	assert_point(&b, 0, "M1", T0, 9);
	assert_int_equal(b.points[0].at, 9);
	assert_int_equal(b.rejected, 8);
	assert_int_equal(b.nreasons, 8);
	assert_true(has_reason(&b, "point 1: not an object"));
	assert_true(has_reason(&b, "point 2: meter is not a string"));
	assert_true(has_reason(&b, "point 3: meter '' is empty"));
	assert_true(has_reason(&b, "point 4: ts is missing"));
	assert_true(has_reason(&b, "point 5: ts 'yesterday' is not a time"));
	assert_true(has_reason(&b, "point 6: ts 1704038400000 is not Unix seconds"));
	assert_true(has_reason(&b, "point 7: ts -5 is not Unix seconds"));
	assert_true(has_reason(&b, "point 8: value is missing or not a number"));
	mqtt_batch_release(&b);
}

static void bad_payloads(void **state)
{
	struct mqtt_batch b;
	const char nul[] = "energy,meter=M1 value=1 1\0x";
	char code[80];

	(void)state;
	assert_int_equal(parse("", NULL, &b), GP_EINPUT);
	assert_int_equal(b.rejected, 1);
	assert_true(has_reason(&b, "empty message"));
	mqtt_batch_release(&b);
	assert_int_equal(parse(" \r\n\t", NULL, &b), GP_EINPUT);
	mqtt_batch_release(&b);

	assert_int_equal(parse("{\"meter\": \"M1\", ", NULL, &b), GP_EINPUT);
	assert_int_equal(b.rejected, 1);
	assert_true(has_reason(&b, "not JSON: "));
	mqtt_batch_release(&b);
	assert_int_equal(
	    parse("{\"meter\": \"M1\", \"meter\": \"M2\", \"ts\": 1, \"value\": 1}", NULL, &b),
	    GP_EINPUT); /* duplicate keys: which one was meant? */
	mqtt_batch_release(&b);
	assert_int_equal(parse("[[[[1]]]]", NULL, &b), GP_OK);
	assert_int_equal(b.rejected, 1);
	mqtt_batch_release(&b);

	mqtt_batch_init(&b);
	assert_int_equal(mqtt_payload_parse(nul, sizeof(nul) - 1, NULL, &b), GP_EINPUT);
	assert_true(has_reason(&b, "NUL byte"));
	mqtt_batch_release(&b);

	memset(code, 'x', 65);
	code[65] = '\0';
	{
		char payload[200];
		str_fmt(payload, sizeof(payload), "{\"meter\": \"%s\", \"ts\": 1, \"value\": 1}",
			code);
		assert_int_equal(parse(payload, NULL, &b), GP_OK);
		assert_int_equal(b.n, 0);
		assert_true(has_reason(&b, "is empty or longer than 64"));
		mqtt_batch_release(&b);
	}
}

static void caps(void **state)
{
	struct mqtt_batch b;
	size_t big = MQTT_PAYLOAD_MAX + 1, len = 0;
	char *p = malloc(big + 1);
	const char *line = "e,meter=M1 value=1 1704038400000000000\n";
	size_t ll = strlen(line);

	(void)state;
	memset(p, ' ', big);
	p[big] = '\0';
	mqtt_batch_init(&b);
	assert_int_equal(mqtt_payload_parse(p, big, NULL, &b), GP_ETOOBIG);
	assert_int_equal(b.rejected, 1);
	assert_true(has_reason(&b, "message of 1048577 bytes (at most 1048576)"));
	mqtt_batch_release(&b);

	/* exactly the cap: parsed */
	mqtt_batch_init(&b);
	assert_int_equal(mqtt_payload_parse(p, MQTT_PAYLOAD_MAX, NULL, &b), GP_EINPUT); /* blank */
	mqtt_batch_release(&b);

	/* 10,005 points: 10,000 kept, 5 rejected with one reason */
	for (int i = 0; i < MQTT_POINTS_MAX + 5; i++) {
		memcpy(p + len, line, ll);
		len += ll;
	}
	mqtt_batch_init(&b);
	assert_int_equal(mqtt_payload_parse(p, len, NULL, &b), GP_OK);
	assert_int_equal(b.n, MQTT_POINTS_MAX);
	assert_int_equal(b.rejected, 5);
	assert_int_equal(b.nreasons, 1);
	assert_string_equal(b.reasons[0], "line 10001: more than 10000 points in one message");
	mqtt_batch_release(&b);

	/* reasons kept: the first 8, every rejection counted */
	len = 0;
	for (int i = 0; i < 20; i++) {
		memcpy(p + len, "bad\n", 4);
		len += 4;
	}
	mqtt_batch_init(&b);
	assert_int_equal(mqtt_payload_parse(p, len, NULL, &b), GP_OK);
	assert_int_equal(b.rejected, 20);
	assert_int_equal(b.nreasons, MQTT_REASONS_KEPT);
	mqtt_batch_release(&b);
	free(p);
}

static void url_and_client_id(void **state)
{
	struct gp_err err;
	char host[64], id[32], id2[32];
	int port;

	(void)state;
	assert_int_equal(mqtt_url_parse("mqtt://127.0.0.1:18830", host, sizeof(host), &port, &err),
			 GP_OK);
	assert_string_equal(host, "127.0.0.1");
	assert_int_equal(port, 18830);
	assert_int_equal(mqtt_url_parse("mqtt://broker.local", host, sizeof(host), &port, &err),
			 GP_OK);
	assert_int_equal(port, 1883);
	assert_int_equal(mqtt_url_parse("tcp://h:1", host, sizeof(host), &port, &err), GP_EUSAGE);
	assert_int_equal(mqtt_url_parse("mqtt://h:0", host, sizeof(host), &port, &err), GP_EUSAGE);
	assert_int_equal(mqtt_url_parse("mqtt://h:1x", host, sizeof(host), &port, &err), GP_EUSAGE);
	assert_int_equal(mqtt_url_parse("mqtt://", host, sizeof(host), &port, &err), GP_EUSAGE);
	assert_int_equal(mqtt_url_parse("mqtt://u:p@h", host, sizeof(host), &port, &err),
			 GP_EUSAGE);

	mqtt_client_id("/nonexistent/a.db", id, sizeof(id));
	mqtt_client_id("/nonexistent/a.db", id2, sizeof(id2));
	assert_string_equal(id, id2);     /* stable per store */
	assert_int_equal(strlen(id), 22); /* MQTT 3.1.1 servers must take 23 */
	assert_memory_equal(id, "greenpark-", 10);
	mqtt_client_id("/nonexistent/b.db", id2, sizeof(id2));
	assert_string_not_equal(id, id2);
}

static void counters(void **state)
{
	json_t *o, *src;

	(void)state;
	ingest_stats_reset();
	ingest_stats_count("mqtt", 2, 10, 3);
	ingest_stats_count("mqtt", 1, 5, 0);
	ingest_stats_state("mqtt", "subscribed");
	for (int i = 0; i < INGEST_REASONS_KEPT + 2; i++) {
		char r[32];
		str_fmt(r, sizeof(r), "reason %d", i);
		ingest_stats_reason("mqtt", r);
	}
	ingest_stats_reason("http", "bad \xff byte\n"); /* kept as valid UTF-8 */
	o = ingest_stats_json();
	assert_non_null(o);
	src = json_array_get(json_object_get(o, "sources"), 0);
	assert_string_equal(json_string_value(json_object_get(src, "source")), "mqtt");
	assert_int_equal(json_integer_value(json_object_get(src, "messages")), 3);
	assert_int_equal(json_integer_value(json_object_get(src, "points_written")), 15);
	assert_int_equal(json_integer_value(json_object_get(src, "points_rejected")), 3);
	assert_string_equal(json_string_value(json_object_get(src, "state")), "subscribed");
	assert_int_equal(json_array_size(json_object_get(src, "last_rejects")),
			 INGEST_REASONS_KEPT);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(json_object_get(src, "last_rejects"), 0), "reason")),
			    "reason 9");
	src = json_array_get(json_object_get(o, "sources"), 1);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(json_object_get(src, "last_rejects"), 0), "reason")),
			    "bad ? byte ");
	json_decref(o);
	ingest_stats_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(line_protocol_one_line),
	    cmocka_unit_test(line_protocol_many_lines),
	    cmocka_unit_test(json_object_and_array),
	    cmocka_unit_test(json_topic_mapped),
	    cmocka_unit_test(bad_points_keep_the_good),
	    cmocka_unit_test(bad_payloads),
	    cmocka_unit_test(caps),
	    cmocka_unit_test(url_and_client_id),
	    cmocka_unit_test(counters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
