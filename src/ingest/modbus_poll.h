/* modbus_poll.h — polls the Modbus register map (store/store_modbus.h) over Modbus TCP with
 * libmodbus and writes what it reads as meter readings (readings_write: one call, one
 * transaction, per poll round). One connection per device (host:port; the unit id is set
 * per request), 1 s timeouts, reconnect with backoff; a device's errors are counted and
 * logged, never fatal. Never writes a register. */
#ifndef GP_MODBUS_POLL_H
#define GP_MODBUS_POLL_H

#include <stdio.h>

#include "store/store.h"
#include "util/err.h"

struct modbus_poll_stats {
	long long rounds; /* poll rounds that read at least one register */
	long long points; /* readings written */
	long long errors; /* failed connects and reads, all devices */
};

/* Reads every mapped register once, prints "METER VALUE" per register read to out (may be
 * NULL) and writes the readings in one call (actor and source "modbus"). A device's
 * failure is counted in stats->errors and logged to stderr; GP_OK even then. A store
 * failure returns its status with err set (nothing written). */
int modbus_poll_once(struct store_handle *h, FILE *out, struct modbus_poll_stats *stats,
		     struct gp_err *err);

/* The background poller of 'greenpark serve --modbus': opens its own connection to the
 * store db (the caller's string must outlive the poller), loads the map and polls each
 * register at its interval until modbus_poller_stop. Start it with SIGINT and SIGTERM
 * blocked so they reach the thread that waits for them. GP_ENOTFOUND when the map is
 * empty (nothing started). */
struct modbus_poller;
int modbus_poller_start(const char *db, struct modbus_poller **out, struct gp_err *err);
/* Stops the poller (a round in progress finishes: at most a few 1 s timeouts), logs its
 * counts to stderr and frees it. NULL is a no-op. */
void modbus_poller_stop(struct modbus_poller *p);

#endif
