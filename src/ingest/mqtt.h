/* mqtt.h — MQTT ingestion for 'greenpark serve --mqtt URL': a subscriber thread
 * (libmosquitto) with its own store connection, a persistent session (clean session off,
 * a client id stable per store) and a QoS 1 subscription, so points published while the
 * server was down arrive when it is back. Each message's payload (mqtt_payload.h) is
 * written with readings_write, committed before the next message is read; bad points are
 * rejected with a reason, logged and counted (ingest_stats "mqtt"), and never stop the
 * message's good points. It reconnects by itself. It never writes through another
 * thread's connection and never exits the process. */
#ifndef GP_MQTT_H
#define GP_MQTT_H

#include "util/err.h"

#define MQTT_CLIENT_ID_MAX 64 /* bytes of --mqtt-client-id */
#define MQTT_DEFAULT_TOPIC "greenpark/#"

struct mqtt_cfg {
	const char *db;        /* the store's URI (opened again by the thread) */
	const char *url;       /* mqtt://HOST[:PORT] (1883 by default) */
	const char *topic;     /* subscription filter; NULL: MQTT_DEFAULT_TOPIC */
	const char *client_id; /* NULL: greenpark-<12 hex digits of a hash of the store's path> */
};

struct mqtt_sub; /* opaque */

/* Checks cfg, opens the store and starts the thread, which connects (and keeps
 * reconnecting) in the background: a broker that is down is not an error here. The
 * caller must have blocked SIGINT and SIGTERM (the thread inherits its signal mask).
 * GP_EUSAGE for a bad URL, topic filter or client id; a store error. *out is owned by the
 * caller: mqtt_stop frees it. */
int mqtt_start(const struct mqtt_cfg *cfg, struct mqtt_sub **out, struct gp_err *err);

/* Stops the thread: the message in hand is written first, then the client disconnects
 * (the broker keeps the session and queues what is published meanwhile). Frees s
 * (NULL: nothing). */
void mqtt_stop(struct mqtt_sub *s);

/* The default client id of the store at db: "greenpark-" and 12 hex digits of the FNV-1a
 * hash of its absolute path (22 bytes, within MQTT 3.1.1's 23). out: at least 23 bytes. */
void mqtt_client_id(const char *db, char *out, size_t outsz);

/* Parses mqtt://HOST[:PORT]: host (at most hostsz - 1 bytes) and port. GP_EUSAGE saying
 * why not. */
int mqtt_url_parse(const char *url, char *host, size_t hostsz, int *port, struct gp_err *err);

#endif
