/* mqtt.c — the MQTT subscriber thread of 'greenpark serve' (mqtt.h).
 *
 * When a point is acknowledged. The thread runs libmosquitto's loop itself (no
 * mosquitto_loop_start), so every callback runs on it, one message after the other, and
 * on_message returns only after readings_commit has committed the message's points
 * (synchronous=FULL: on disk). libmosquitto 2.0.11 (Debian 12) sends the PUBACK of a QoS 1
 * message just before it calls on_message (handle__publish; checked against a broker's
 * log: the PUBACK arrives while the callback still runs); later libmosquitto releases call
 * on_message first. So the broker may drop a message up to one callback (parse and one
 * transaction, milliseconds) before it is committed: a crash or kill -9 in that window
 * loses that one message. A graceful stop (SIGTERM) never does: the message in hand is
 * finished before the client disconnects. Nothing is batched across messages, so no
 * acknowledged message ever waits in memory for a later commit.
 *
 * It must never exit the process, write through the HTTP workers' store connections, or
 * let one message's bad points stop its good ones. */
#include <limits.h>
#include <mosquitto.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest/ingest_stats.h"
#include "ingest/mqtt.h"
#include "ingest/mqtt_payload.h"
#include "ingest/readings.h"
#include "ingest/write_queue.h"
#include "store/store_meters.h"
#include "util/map.h"
#include "util/str.h"

#define KEEPALIVE_S     30
#define RECONNECT_MAX_S 10 /* the longest wait between two connection attempts */
#define WRITE_ATTEMPTS  3  /* a write failing on the store (busy) is tried again */
#define SOURCE          "mqtt"

struct mqtt_sub {
	char host[256];
	int port;
	char url[300];
	char topic[MQTT_TOPIC_MAX + 1];
	char client_id[MQTT_CLIENT_ID_MAX + 1];
	char actor[96];
	struct store_handle h;
	struct mosquitto *mosq;
	pthread_t thread;
	atomic_bool stop;
	struct strmap meter_ids; /* meter code → id, of meters seen (meters are never removed) */
};

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "greenpark serve: mqtt: %s\n", line);
}

void mqtt_client_id(const char *db, char *out, size_t outsz)
{
	char path[PATH_MAX];
	const char *p = realpath(db, path) ? path : db;
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a, 64 bits */

	for (; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 0x100000001b3ULL;
	}
	snprintf(out, outsz, "greenpark-%012llx", (unsigned long long)(h & 0xffffffffffffULL));
}

int mqtt_url_parse(const char *url, char *host, size_t hostsz, int *port, struct gp_err *err)
{
	const char *p, *colon;
	size_t n;

	if (strncmp(url, "mqtt://", 7) != 0)
		return gp_err_set(err, GP_EUSAGE,
				  "--mqtt '%s' is not mqtt://HOST[:PORT] (mqtts is not supported)",
				  url);
	p = url + 7;
	if (strpbrk(p, "/@?#[]"))
		return gp_err_set(err, GP_EUSAGE,
				  "--mqtt '%s': only mqtt://HOST[:PORT] (no user, path or IPv6)",
				  url);
	colon = strchr(p, ':');
	n = colon ? (size_t)(colon - p) : strlen(p);
	if (n == 0 || n >= hostsz)
		return gp_err_set(err, GP_EUSAGE, "--mqtt '%s': no host, or a host too long", url);
	memcpy(host, p, n);
	host[n] = '\0';
	*port = 1883;
	if (colon) {
		char *end;
		long v = strtol(colon + 1, &end, 10);
		if (end == colon + 1 || *end || v < 1 || v > 65535)
			return gp_err_set(err, GP_EUSAGE, "--mqtt '%s': port must be 1-65535", url);
		*port = (int)v;
	}
	return GP_OK;
}

/* ---- one message ---- */

/* The id of meter code, or 0 when there is none (rejected by the caller); -1 on a store
 * error (err set). */
static int64_t meter_id_of(struct mqtt_sub *s, const char *code, struct gp_err *err)
{
	struct meter m;
	int64_t id;
	int rc;

	if (strmap_get(&s->meter_ids, code, &id))
		return id;
	if ((rc = s->h.ops->meters->meter_find(s->h.st, code, &m, err)) == GP_ENOTFOUND)
		return 0;
	if (rc != GP_OK)
		return -1;
	strmap_put(&s->meter_ids, code, m.id);
	return m.id;
}

/* Writes the batch's points (meters resolved; unknown meters rejected into b). Returns the
 * points written. */
static size_t write_batch(struct mqtt_sub *s, const char *topic, struct mqtt_batch *b)
{
	struct reading *pts = b->n ? xcalloc(b->n, sizeof(*pts)) : NULL;
	struct readings_stats st;
	struct park park;
	struct gp_err err;
	char source[MQTT_TOPIC_MAX + 8];
	size_t n = 0;
	int rc = GP_OK;

	for (size_t i = 0; i < b->n; i++) {
		const struct lp_point *p = &b->points[i].p;
		const char *what = b->json ? "point" : "line";
		int64_t id = meter_id_of(s, p->meter, &err);
		if (id == 0)
			mqtt_batch_reject(
			    b, 1, "%s %ld: meter '%.80s' does not exist (greenpark meter add)",
			    what, b->points[i].at, p->meter);
		else if (id < 0)
			mqtt_batch_reject(b, 1, "%s %ld: meter '%.80s': %.120s", what,
					  b->points[i].at, p->meter, err.msg);
		else
			pts[n++] = (struct reading){p->ts, p->value, (int32_t)id, 0};
	}
	if (!n)
		goto out;
	str_fmt(source, sizeof(source), "mqtt %s", topic);
	for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
		if ((rc = s->h.ops->park_get(s->h.st, &park, &err)) == GP_OK &&
		    (rc = readings_commit(&s->h, pts, n, s->actor, source, &st, &err)) == GP_OK)
			break;
		if (rc != GP_ESTORE || attempt == WRITE_ATTEMPTS)
			break;
		logf_("writing %zu points of '%.200s' failed (%s); trying again", n, topic,
		      err.msg);
		nanosleep(&(struct timespec){0, 500 * 1000 * 1000}, NULL);
	}
	if (rc != GP_OK) {
		mqtt_batch_reject(b, (long long)n, "%zu points not written: %.150s", n, err.msg);
		n = 0;
	}
out:
	free(pts);
	return n;
}

static void on_message(struct mosquitto *mosq, void *obj, const struct mosquitto_message *msg)
{
	struct mqtt_sub *s = obj;
	char meter[METER_CODE_MAX + 1];
	struct mqtt_batch b;
	struct gp_err err;
	size_t written;
	int rc;

	(void)mosq;
	mqtt_batch_init(&b);
	rc = s->h.ops->meters->topic_find(s->h.st, msg->topic, meter, &err);
	if (rc != GP_OK && rc != GP_ENOTFOUND)
		logf_("topic mapping of '%.200s': %s", msg->topic, err.msg);
	mqtt_payload_parse(msg->payload ? (const char *)msg->payload : "",
			   msg->payloadlen > 0 ? (size_t)msg->payloadlen : 0,
			   rc == GP_OK ? meter : NULL, &b);
	written = write_batch(s, msg->topic, &b);
	ingest_stats_count(SOURCE, 1, (long long)written, b.rejected);
	for (size_t i = 0; i < b.nreasons; i++) {
		char reason[MQTT_TOPIC_MAX + MQTT_REASON_MAX + 8];
		str_fmt(reason, sizeof(reason), "%.200s: %s", msg->topic, b.reasons[i]);
		ingest_stats_reason(SOURCE, reason);
		logf_("rejected on %s", reason);
	}
	if (b.rejected > (long long)b.nreasons)
		logf_("'%.200s': %lld points rejected in all, %zu written", msg->topic, b.rejected,
		      written);
	mqtt_batch_release(&b);
}

/* ---- the connection ---- */

static void on_connect(struct mosquitto *mosq, void *obj, int rc, int flags)
{
	struct mqtt_sub *s = obj;
	char state[512];

	if (rc != 0) {
		str_fmt(state, sizeof(state), "refused by %s: %s", s->url,
			mosquitto_connack_string(rc));
		logf_("%s", state);
		ingest_stats_state(SOURCE, state);
		return;
	}
	logf_("connected to %s as %s (session present: %s)", s->url, s->client_id,
	      flags & 1 ? "yes" : "no");
	/* subscribing again on a present session is harmless, and needed when the broker
	 * lost it (restarted without persistence) */
	if ((rc = mosquitto_subscribe(mosq, NULL, s->topic, 1)) != MOSQ_ERR_SUCCESS)
		logf_("cannot subscribe to '%s': %s", s->topic, mosquitto_strerror(rc));
}

static void on_subscribe(struct mosquitto *mosq, void *obj, int mid, int qos_count,
			 const int *granted_qos)
{
	struct mqtt_sub *s = obj;
	char state[600];

	(void)mosq;
	(void)mid;
	if (qos_count < 1 || granted_qos[0] > 2)
		str_fmt(state, sizeof(state), "subscription to '%s' at %s refused", s->topic,
			s->url);
	else
		str_fmt(state, sizeof(state), "subscribed to '%s' at %s as %s (QoS %d)", s->topic,
			s->url, s->client_id, granted_qos[0]);
	logf_("%s", state);
	ingest_stats_state(SOURCE, state);
}

static void on_disconnect(struct mosquitto *mosq, void *obj, int rc)
{
	struct mqtt_sub *s = obj;
	char state[400];

	(void)mosq;
	if (rc == 0)
		return; /* ours */
	str_fmt(state, sizeof(state), "connection to %s lost (%s); reconnecting", s->url,
		mosquitto_strerror(rc));
	logf_("%s", state);
	ingest_stats_state(SOURCE, state);
}

/* Sleeps up to seconds, in 100 ms steps, until stop is set. */
static void wait_or_stop(struct mqtt_sub *s, int seconds)
{
	for (int i = 0; i < seconds * 10 && !atomic_load(&s->stop); i++)
		nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
}

static void *run(void *arg)
{
	struct mqtt_sub *s = arg;
	int rc, delay_s = 1;
	char state[400];

	rc = mosquitto_connect(s->mosq, s->host, s->port, KEEPALIVE_S);
	while (!atomic_load(&s->stop)) {
		if (rc == MOSQ_ERR_SUCCESS) {
			rc = mosquitto_loop(s->mosq, 200, 1);
			if (rc == MOSQ_ERR_SUCCESS)
				delay_s = 1;
			continue;
		}
		str_fmt(state, sizeof(state), "cannot reach %s (%s); trying again in %d s", s->url,
			mosquitto_strerror(rc), delay_s);
		logf_("%s", state);
		ingest_stats_state(SOURCE, state);
		wait_or_stop(s, delay_s);
		if (atomic_load(&s->stop))
			break;
		delay_s = delay_s * 2 > RECONNECT_MAX_S ? RECONNECT_MAX_S : delay_s * 2;
		rc = mosquitto_reconnect(s->mosq);
	}
	/* the message in hand was finished by the loop call that read it: disconnect
	 * cleanly, keeping the session (clean session off) */
	if (rc == MOSQ_ERR_SUCCESS) {
		mosquitto_disconnect(s->mosq);
		logf_("disconnected from %s (the broker keeps the session)", s->url);
	}
	ingest_stats_state(SOURCE, "stopped");
	return NULL;
}

int mqtt_start(const struct mqtt_cfg *cfg, struct mqtt_sub **out, struct gp_err *err)
{
	struct mqtt_sub *s = xcalloc(1, sizeof(*s));
	const char *topic = cfg->topic ? cfg->topic : MQTT_DEFAULT_TOPIC;
	int rc;

	*out = NULL;
	strmap_init(&s->meter_ids);
	if ((rc = mqtt_url_parse(cfg->url, s->host, sizeof(s->host), &s->port, err)) != GP_OK)
		goto fail;
	str_copy(s->url, sizeof(s->url), cfg->url);
	if (!topic[0] || !str_copy(s->topic, sizeof(s->topic), topic) ||
	    mosquitto_sub_topic_check(topic) != MOSQ_ERR_SUCCESS) {
		rc = gp_err_set(err, GP_EUSAGE, "--mqtt-topic '%.100s' is not an MQTT topic filter",
				topic);
		goto fail;
	}
	if (cfg->client_id) {
		if (!cfg->client_id[0] ||
		    !str_copy(s->client_id, sizeof(s->client_id), cfg->client_id)) {
			rc = gp_err_set(err, GP_EUSAGE, "--mqtt-client-id must be 1-%d bytes",
					MQTT_CLIENT_ID_MAX);
			goto fail;
		}
	} else {
		mqtt_client_id(cfg->db, s->client_id, sizeof(s->client_id));
	}
	str_fmt(s->actor, sizeof(s->actor), "mqtt:%s", s->client_id);
	if ((rc = store_open_tuned(cfg->db, STORE_TUNE_SERVER, &s->h, err)) != GP_OK)
		goto fail;
	mosquitto_lib_init();
	/* clean session off: the broker keeps the subscription and queues QoS 1 messages
	 * while greenpark is away */
	if (!(s->mosq = mosquitto_new(s->client_id, false, s))) {
		rc = gp_err_set(err, GP_ENOMEM, "mqtt: cannot create the client");
		goto fail_store;
	}
	mosquitto_connect_with_flags_callback_set(s->mosq, on_connect);
	mosquitto_subscribe_callback_set(s->mosq, on_subscribe);
	mosquitto_disconnect_callback_set(s->mosq, on_disconnect);
	mosquitto_message_callback_set(s->mosq, on_message);
	ingest_stats_state(SOURCE, "connecting");
	atomic_init(&s->stop, false);
	if (pthread_create(&s->thread, NULL, run, s) != 0) {
		rc = gp_err_set(err, GP_ENOMEM, "mqtt: cannot start the thread");
		goto fail_client;
	}
	*out = s;
	return GP_OK;
fail_client:
	mosquitto_destroy(s->mosq);
fail_store:
	store_close(&s->h);
	mosquitto_lib_cleanup();
fail:
	strmap_release(&s->meter_ids);
	free(s);
	return rc;
}

void mqtt_stop(struct mqtt_sub *s)
{
	if (!s)
		return;
	atomic_store(&s->stop, true);
	pthread_join(s->thread, NULL);
	mosquitto_destroy(s->mosq);
	mosquitto_lib_cleanup();
	store_close(&s->h);
	strmap_release(&s->meter_ids);
	free(s);
}
