/* alarm_sweeper.h — the background thread of 'greenpark serve' that runs alarm_sweep (stale
 * and imbalance rules; report/alarms.h) every --alarm-every seconds with its own store
 * connection. A failed sweep is logged to stderr and tried again at the next tick; it never
 * stops the server. */
#ifndef GP_ALARM_SWEEPER_H
#define GP_ALARM_SWEEPER_H

#include "util/err.h"

#define ALARM_EVERY_DEFAULT_S 60    /* seconds between sweeps */
#define ALARM_EVERY_MAX_S     86400 /* --alarm-every at most a day */

struct alarm_sweeper; /* opaque */

/* Opens the store db (the caller's string must outlive the sweeper) and starts the thread,
 * which sweeps at once and then every every_s seconds (1..ALARM_EVERY_MAX_S) until
 * alarm_sweeper_stop. Start it with SIGINT and SIGTERM blocked, so they reach the thread
 * that waits for them. A store error leaves nothing started. */
int alarm_sweeper_start(const char *db, int every_s, struct alarm_sweeper **out,
			struct gp_err *err);

/* Stops the thread (a sweep in progress finishes first), logs its counts to stderr and
 * frees s. NULL is a no-op. */
void alarm_sweeper_stop(struct alarm_sweeper *s);

#endif
