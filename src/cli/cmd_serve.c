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

#ifndef GREENPARK_WEBDIR
#define GREENPARK_WEBDIR "web"
#endif
#ifndef GREENPARK_VENDORDIR
#define GREENPARK_VENDORDIR "node_modules"
#endif

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"listen", required_argument, NULL, 'l'},
	    {"web-dir", required_argument, NULL, 'w'},
	    {"threads", required_argument, NULL, 't'},
	    {"modbus", no_argument, NULL, 'm'},
	    {NULL, 0, NULL, 0},
	};
	const char *listen = "127.0.0.1:8080", *env = getenv("GREENPARK_WEB");
	struct server_cfg cfg = {c->db, env && *env ? env : GREENPARK_WEBDIR, GREENPARK_VENDORDIR,
				 getenv("GREENPARK_NO_CACHE") != NULL, 0};
	struct store_handle h;
	struct modbus_poller *poller = NULL;
	bool modbus = false;
	struct gp_err err;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'l': listen = optarg; break;
		case 'w': cfg.web_dir = optarg; break;
		case 'm': modbus = true; break;
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
	if (modbus) {
		/* the poller thread inherits these blocked, so http_serve's sigwait gets them */
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGINT);
		sigaddset(&set, SIGTERM);
		pthread_sigmask(SIG_BLOCK, &set, NULL);
		if (modbus_poller_start(c->db, &poller, &err) != GP_OK)
			return cli_fail(&err);
	}
	rc = http_serve(&cfg, listen, &err);
	modbus_poller_stop(poller);
	if (rc != GP_OK)
		return cli_fail(&err);
	return 0;
}

const struct command cmd_serve = {
    "serve", run, "网页与接口服务 serve the HTTP API and the dashboard",
    "usage: greenpark serve [--listen 127.0.0.1:8080] [--threads N] [--web-dir DIR] [--modbus]\n"
    "                      [--db PATH]\n"
    "\n"
    "Serves the JSON API under /api/v1/ (docs/api.md) and the dashboard at /.\n"
    "Stop with Ctrl-C or SIGTERM: requests in flight finish, and every write that was\n"
    "answered has been committed. Listen on loopback unless a proxy is in front.\n"
    "--modbus also polls the Modbus register map ('greenpark import modbus-map') in a\n"
    "thread of its own, each register at its interval (docs/metering.md).\n"};
