/* modbus_poll.c — the Modbus TCP poller: libmodbus contexts per device, the poll schedule,
 * and readings_commit of each round's points. Reads only (function codes 3 and 4); never
 * writes a device's register. A device that fails is closed and retried after a backoff
 * (1 s doubling to 60 s); its registers are skipped meanwhile. */
#include "ingest/modbus_poll.h"

#include <errno.h>
#include <modbus.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/modbus_map.h"
#include "core/registry.h"
#include "ingest/readings.h"
#include "ingest/write_queue.h"
#include "store/store_modbus.h"
#include "util/str.h"

#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 60000
#define TIMEOUT_MS     1000 /* connect and response, each */

struct device {
	char host[MODBUS_HOST_MAX + 1];
	int port;
	modbus_t *ctx;    /* NULL: not connected */
	int64_t retry_ms; /* monotonic ms before which no connect is tried */
	int backoff_ms;
	long long errors;
};

struct poll_reg {
	struct modbus_entry e;
	size_t dev;
	int64_t due_ms; /* monotonic */
};

struct poll_set {
	struct device *devs;
	size_t ndevs;
	struct poll_reg *regs;
	size_t nregs;
	struct reading *pts; /* one round's points (nregs at most) */
	int utc_offset_s;
	struct modbus_poll_stats stats;
};

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Loads the map and the park's zone into *ps (released by set_release). */
static int set_load(struct store_handle *h, struct poll_set *ps, struct gp_err *err)
{
	struct modbus_entry *list = NULL;
	struct park park;
	size_t n = 0, cap = 0;
	int rc;

	memset(ps, 0, sizeof(*ps));
	if (!h->ops->modbus)
		return gp_err_set(err, GP_ESTORE, "this store backend has no Modbus register map");
	if ((rc = h->ops->park_get(h->st, &park, err)) != GP_OK ||
	    (rc = h->ops->modbus->register_list(h->st, &list, &n, err)) != GP_OK)
		return rc;
	ps->utc_offset_s = park_utc_offset(&park);
	ps->regs = xcalloc(n ? n : 1, sizeof(*ps->regs));
	ps->pts = xcalloc(n ? n : 1, sizeof(*ps->pts));
	for (size_t i = 0; i < n; i++) {
		size_t d;
		for (d = 0; d < ps->ndevs; d++)
			if (ps->devs[d].port == list[i].port &&
			    !strcmp(ps->devs[d].host, list[i].host))
				break;
		if (d == ps->ndevs) {
			XGROW(ps->devs, ps->ndevs + 1, cap);
			memset(&ps->devs[d], 0, sizeof(ps->devs[d]));
			str_fmt(ps->devs[d].host, sizeof(ps->devs[d].host), "%s", list[i].host);
			ps->devs[d].port = list[i].port;
			ps->devs[d].backoff_ms = BACKOFF_MIN_MS;
			ps->ndevs++;
		}
		ps->regs[i].e = list[i];
		ps->regs[i].dev = d;
	}
	ps->nregs = n;
	free(list);
	return GP_OK;
}

static void set_release(struct poll_set *ps)
{
	for (size_t d = 0; d < ps->ndevs; d++)
		if (ps->devs[d].ctx) {
			modbus_close(ps->devs[d].ctx);
			modbus_free(ps->devs[d].ctx);
		}
	free(ps->devs);
	free(ps->regs);
	free(ps->pts);
	memset(ps, 0, sizeof(*ps));
}

/* Counts and logs a device's failure, drops its connection and schedules the retry. */
static void device_fail(struct poll_set *ps, struct device *d, const char *what, int errnum)
{
	d->errors++;
	ps->stats.errors++;
	fprintf(stderr,
		"greenpark modbus: %s:%d: %s: %s (error %lld of this device; retry in %d s)\n",
		d->host, d->port, what, modbus_strerror(errnum), d->errors, d->backoff_ms / 1000);
	if (d->ctx) {
		modbus_close(d->ctx);
		modbus_free(d->ctx);
		d->ctx = NULL;
	}
	d->retry_ms = mono_ms() + d->backoff_ms;
	d->backoff_ms = d->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : d->backoff_ms * 2;
}

/* A connected context for d, or NULL (failure counted, or still backing off). */
static modbus_t *device_ctx(struct poll_set *ps, struct device *d)
{
	char port[8];

	if (d->ctx)
		return d->ctx;
	if (mono_ms() < d->retry_ms)
		return NULL;
	str_fmt(port, sizeof(port), "%d", d->port);
	/* modbus_new_tcp_pi resolves names as well as IPv4 and IPv6 addresses */
	if (!(d->ctx = modbus_new_tcp_pi(d->host, port))) {
		device_fail(ps, d, "cannot create a Modbus TCP context", errno);
		return NULL;
	}
	/* the connect takes the response timeout too (libmodbus 3.1: _connect) */
	modbus_set_response_timeout(d->ctx, TIMEOUT_MS / 1000, (TIMEOUT_MS % 1000) * 1000);
	modbus_set_byte_timeout(d->ctx, TIMEOUT_MS / 1000, (TIMEOUT_MS % 1000) * 1000);
	if (modbus_connect(d->ctx) == -1) {
		device_fail(ps, d, "cannot connect", errno);
		return NULL;
	}
	d->backoff_ms = BACKOFF_MIN_MS;
	return d->ctx;
}

/* Reads register r once; true with *value on success (failures counted and logged). */
static bool read_reg(struct poll_set *ps, struct poll_reg *r, double *value)
{
	struct device *d = &ps->devs[r->dev];
	const struct modbus_entry *e = &r->e;
	int nregs = modbus_type_regs(e->type), got;
	uint16_t regs[2] = {0, 0};
	struct gp_err err;
	modbus_t *ctx = device_ctx(ps, d);
	char what[160];

	if (!ctx)
		return false;
	modbus_set_slave(ctx, e->unit_id);
	got = e->kind == MODBUS_HOLDING ? modbus_read_registers(ctx, e->address, nregs, regs)
					: modbus_read_input_registers(ctx, e->address, nregs, regs);
	if (got != nregs) {
		int errnum = errno;
		str_fmt(what, sizeof(what), "unit %d: reading %s register %d for meter %s",
			e->unit_id, modbus_reg_kind_name(e->kind), e->address, e->meter);
		/* an exception answer (illegal address…) leaves the connection usable, but a
		 * backoff still keeps a misconfigured map from hammering the device */
		device_fail(ps, d, what, got == -1 ? errnum : EMBBADDATA);
		return false;
	}
	if (modbus_decode(regs, e->type, e->order, e->scale, value, &err) != GP_OK) {
		d->errors++;
		ps->stats.errors++;
		fprintf(stderr, "greenpark modbus: %s:%d: unit %d: meter %s: %s\n", d->host,
			d->port, e->unit_id, e->meter, err.msg);
		return false;
	}
	return true;
}

/* Reads the registers that are due (all when all is true), writes their points in one call
 * and prints them to out. */
static int poll_round(struct store_handle *h, struct poll_set *ps, bool all, FILE *out,
		      struct gp_err *err)
{
	struct readings_stats rs;
	int64_t now = mono_ms();
	int64_t ts = (int64_t)time(NULL);
	size_t n = 0;
	int rc = GP_OK;

	for (size_t i = 0; i < ps->nregs; i++) {
		struct poll_reg *r = &ps->regs[i];
		double v;
		if (!all && r->due_ms > now)
			continue;
		/* the next poll is one interval after this one's schedule, not after its
		 * completion, so a slow device does not drift the series */
		r->due_ms = (r->due_ms && r->due_ms + r->e.interval_s * 1000LL > now)
				? r->due_ms + r->e.interval_s * 1000LL
				: now + r->e.interval_s * 1000LL;
		if (!read_reg(ps, r, &v))
			continue;
		ps->pts[n].ts = ts;
		ps->pts[n].v = v;
		ps->pts[n].meter_id = (int32_t)r->e.meter_id;
		n++;
		if (out)
			fprintf(out, "%s %.17g\n", r->e.meter, v);
	}
	if (n) {
		rc = readings_commit(h, ps->pts, n, "modbus", "modbus", &rs, err);
		if (rc == GP_OK) {
			ps->stats.rounds++;
			ps->stats.points += rs.points;
		}
	}
	return rc;
}

int modbus_poll_once(struct store_handle *h, FILE *out, struct modbus_poll_stats *stats,
		     struct gp_err *err)
{
	struct poll_set ps;
	int rc;

	if ((rc = set_load(h, &ps, err)) != GP_OK)
		return rc;
	rc = poll_round(h, &ps, true, out, err);
	if (stats)
		*stats = ps.stats;
	set_release(&ps);
	return rc;
}

struct modbus_poller {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake; /* on CLOCK_MONOTONIC */
	bool stop;
	struct store_handle h;
	struct poll_set ps;
};

static void *poller_main(void *arg)
{
	struct modbus_poller *p = arg;

	pthread_mutex_lock(&p->lock);
	while (!p->stop) {
		struct gp_err err;
		int64_t next = INT64_MAX;
		struct timespec until;

		pthread_mutex_unlock(&p->lock);
		if (poll_round(&p->h, &p->ps, false, NULL, &err) != GP_OK) {
			p->ps.stats.errors++;
			fprintf(stderr, "greenpark modbus: writing readings: %s\n", err.msg);
		}
		for (size_t i = 0; i < p->ps.nregs; i++)
			if (p->ps.regs[i].due_ms < next)
				next = p->ps.regs[i].due_ms;
		pthread_mutex_lock(&p->lock);
		if (p->stop)
			break;
		/* mono_ms() is on CLOCK_MONOTONIC, the condition's clock */
		until.tv_sec = (time_t)(next / 1000);
		until.tv_nsec = (long)(next % 1000) * 1000000L;
		if (next > mono_ms())
			pthread_cond_timedwait(&p->wake, &p->lock, &until);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int modbus_poller_start(const char *db, struct modbus_poller **out, struct gp_err *err)
{
	struct modbus_poller *p = xcalloc(1, sizeof(*p));
	pthread_condattr_t ca;
	int rc;

	*out = NULL;
	if ((rc = store_open_tuned(db, STORE_TUNE_SERVER, &p->h, err)) != GP_OK) {
		free(p);
		return rc;
	}
	if ((rc = set_load(&p->h, &p->ps, err)) != GP_OK)
		goto fail;
	if (p->ps.nregs == 0) {
		rc = gp_err_set(
		    err, GP_ENOTFOUND,
		    "no Modbus registers are mapped (see 'greenpark import modbus-map')");
		goto fail;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&p->thread, NULL, poller_main, p) != 0) {
		pthread_cond_destroy(&p->wake);
		pthread_mutex_destroy(&p->lock);
		rc = gp_err_set(err, GP_ENOMEM, "cannot start the Modbus poller thread");
		goto fail;
	}
	fprintf(stderr, "greenpark modbus: polling %zu registers on %zu devices\n", p->ps.nregs,
		p->ps.ndevs);
	*out = p;
	return GP_OK;
fail:
	set_release(&p->ps);
	store_close(&p->h);
	free(p);
	return rc;
}

void modbus_poller_stop(struct modbus_poller *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	fprintf(stderr, "greenpark modbus: stopped (%lld rounds, %lld readings, %lld errors)\n",
		p->ps.stats.rounds, p->ps.stats.points, p->ps.stats.errors);
	pthread_cond_destroy(&p->wake);
	pthread_mutex_destroy(&p->lock);
	set_release(&p->ps);
	store_close(&p->h);
	free(p);
}
