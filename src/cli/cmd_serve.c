/* cmd_serve.c — greenpark serve: the HTTP API and the dashboard. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "http/http.h"
#include "ingest/modbus_poll.h"
#include "ingest/mqtt.h"
#include "ingest/write_queue.h"
#include "report/alarm_sweeper.h"

#ifndef GREENPARK_WEBDIR
#define GREENPARK_WEBDIR "web"
#endif
#ifndef GREENPARK_VENDORDIR
#define GREENPARK_VENDORDIR "node_modules"
#endif

/* The ingest sources a server runs besides HTTP, started once its port is bound. */
struct sources {
	struct mqtt_cfg mqtt;
	struct mqtt_sub *sub;
	bool modbus;
	const char *db;
	struct modbus_poller *poller;
	int alarm_every; /* seconds between alarm sweeps; 0: none */
	struct alarm_sweeper *sweeper;
};

static int start_sources(void *arg, struct gp_err *err)
{
	struct sources *s = arg;
	int rc;

	if (s->mqtt.url && (rc = mqtt_start(&s->mqtt, &s->sub, err)) != GP_OK)
		return rc;
	if (s->modbus && (rc = modbus_poller_start(s->db, &s->poller, err)) != GP_OK)
		return rc;
	if (s->alarm_every &&
	    (rc = alarm_sweeper_start(s->db, s->alarm_every, &s->sweeper, err)) != GP_OK)
		return rc;
	return GP_OK;
}

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"listen", required_argument, NULL, 'l'},
	    {"web-dir", required_argument, NULL, 'w'},
	    {"threads", required_argument, NULL, 't'},
	    {"mqtt", required_argument, NULL, 'm'},
	    {"mqtt-topic", required_argument, NULL, 'T'},
	    {"mqtt-client-id", required_argument, NULL, 'C'},
	    {"modbus", no_argument, NULL, 'B'},
	    {"alarm-every", required_argument, NULL, 'A'},
	    {NULL, 0, NULL, 0},
	};
	const char *listen = "127.0.0.1:8080", *env = getenv("GREENPARK_WEB");
	struct sources src = {{c->db, NULL, NULL, NULL}, NULL, false, c->db, NULL,
			      ALARM_EVERY_DEFAULT_S,     NULL};
	struct server_cfg cfg = {c->db,
				 env && *env ? env : GREENPARK_WEBDIR,
				 GREENPARK_VENDORDIR,
				 getenv("GREENPARK_NO_CACHE") != NULL,
				 0,
				 start_sources,
				 &src};
	struct store_handle h;
	struct gp_err err;
	sigset_t set;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'l': listen = optarg; break;
		case 'w': cfg.web_dir = optarg; break;
		case 'm': src.mqtt.url = optarg; break;
		case 'T': src.mqtt.topic = optarg; break;
		case 'C': src.mqtt.client_id = optarg; break;
		case 'B': src.modbus = true; break;
		case 'A': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || end == optarg || n < 0 || n > ALARM_EVERY_MAX_S)
				return cli_usage(&cmd_serve,
						 "--alarm-every '%s' is not 0-%d seconds (0: no "
						 "sweeps)",
						 optarg, ALARM_EVERY_MAX_S);
			src.alarm_every = (int)n;
			break;
		}
		case 't': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 64)
				return cli_usage(&cmd_serve,
						 "--threads '%s' is not a number from 1 to 64",
						 optarg);
			cfg.threads = (unsigned int)n;
			break;
		}
		case ':': return cli_usage(&cmd_serve, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_serve, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_serve, "unexpected argument '%s'", argv[optind]);
	/* refuse a missing or old store now, not on the first request */
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	store_close(&h);
	if ((src.mqtt.topic || src.mqtt.client_id) && !src.mqtt.url)
		return cli_usage(&cmd_serve, "--mqtt-topic and --mqtt-client-id need --mqtt URL");
	/* SIGINT and SIGTERM are for http_serve's sigwait: blocked before the subscriber and
	 * poller threads start, so they inherit the mask and a signal never lands on them */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	/* the settler first: it merges what an earlier run left in the readings log before
	 * anything reads or writes readings */
	if (write_queue_settler_start(c->db, &err) != GP_OK)
		return cli_fail(&err);
	rc = http_serve(&cfg, listen, &err);
	/* after the HTTP server: the alarm sweeper and the poller stop, and the subscriber
	 * finishes its message in hand and disconnects, keeping its session */
	alarm_sweeper_stop(src.sweeper);
	modbus_poller_stop(src.poller);
	mqtt_stop(src.sub);
	write_queue_settler_stop(); /* the last writes settled */
	if (rc != GP_OK && err.status == GP_EUSAGE)
		return cli_usage(&cmd_serve, "%s", err.msg);
	return rc != GP_OK ? cli_fail(&err) : 0;
}

const struct command cmd_serve = {
    "serve", run, "网页与接口服务 serve the HTTP API and the dashboard",
    "usage: greenpark serve [--listen 127.0.0.1:8080] [--threads N] [--web-dir DIR] [--db PATH]\n"
    "                       [--mqtt mqtt://HOST[:PORT] [--mqtt-topic greenpark/#]\n"
    "                        [--mqtt-client-id ID]] [--modbus] [--alarm-every SECONDS]\n"
    "\n"
    "Serves the JSON API under /api/v1/ (docs/api.md) and the dashboard at /.\n"
    "Stop with Ctrl-C or SIGTERM: requests in flight finish, and every write that was\n"
    "answered has been committed. Listen on loopback unless a proxy is in front.\n"
    "\n"
    "--mqtt subscribes to the topic filter (greenpark/# by default) with QoS 1 and a\n"
    "persistent session (client id greenpark-<hash of the store path> unless given), so\n"
    "points published while the server is down arrive when it is back. Payloads: line\n"
    "protocol with a meter tag, or JSON {\"meter\", \"ts\", \"value\"} (or an array of them;\n"
    "without \"meter\", the topic's meter: 'greenpark meter topic add'). Counters:\n"
    "GET /api/v1/ingest/status (docs/metering.md, MQTT).\n"
    "--modbus also polls the Modbus register map ('greenpark import modbus-map') in a\n"
    "thread of its own, each register at its interval (docs/metering.md).\n"
    "--alarm-every evaluates the stale and imbalance alarm rules every SECONDS (default 60;\n"
    "0: never) in a thread of its own; threshold and rate rules are evaluated on every write\n"
    "(docs/alarms.md).\n"};
