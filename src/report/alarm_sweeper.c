/* alarm_sweeper.c — the sweeper thread of 'greenpark serve' (alarm_sweeper.h). */
#include "report/alarm_sweeper.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "report/alarms.h"
#include "store/store.h"
#include "util/str.h"

struct alarm_sweeper {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake; /* on CLOCK_MONOTONIC */
	bool stop;
	int every_s;
	struct store_handle h;
	long sweeps, errors;
	struct alarm_run_stats total;
};

static void *sweeper_main(void *arg)
{
	struct alarm_sweeper *s = arg;

	pthread_mutex_lock(&s->lock);
	while (!s->stop) {
		struct alarm_run_stats st;
		struct gp_err err;
		struct timespec until;

		pthread_mutex_unlock(&s->lock);
		if (alarm_sweep(&s->h, (int64_t)time(NULL), &st, &err) != GP_OK) {
			s->errors++;
			fprintf(stderr, "greenpark alarms: sweep failed: %s\n", err.msg);
		} else {
			s->sweeps++;
			s->total.raised += st.raised;
			s->total.updated += st.updated;
			s->total.returned += st.returned;
			if (st.raised || st.updated || st.returned)
				fprintf(
				    stderr,
				    "greenpark alarms: %ld raised, %ld updated, %ld returned to "
				    "normal\n",
				    st.raised, st.updated, st.returned);
		}
		pthread_mutex_lock(&s->lock);
		if (s->stop)
			break;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += s->every_s;
		while (!s->stop && pthread_cond_timedwait(&s->wake, &s->lock, &until) == 0)
			; /* woken early without stop: wait on to the tick */
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

int alarm_sweeper_start(const char *db, int every_s, struct alarm_sweeper **out, struct gp_err *err)
{
	struct alarm_sweeper *s;
	pthread_condattr_t ca;
	int rc;

	*out = NULL;
	if (every_s < 1 || every_s > ALARM_EVERY_MAX_S)
		return gp_err_set(err, GP_EUSAGE, "--alarm-every %d is not 0-%d seconds", every_s,
				  ALARM_EVERY_MAX_S);
	s = xcalloc(1, sizeof(*s));
	s->every_s = every_s;
	if ((rc = store_open_tuned(db, STORE_TUNE_SERVER, &s->h, err)) != GP_OK) {
		free(s);
		return rc;
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&s->thread, NULL, sweeper_main, s) != 0) {
		pthread_cond_destroy(&s->wake);
		pthread_mutex_destroy(&s->lock);
		store_close(&s->h);
		free(s);
		return gp_err_set(err, GP_ENOMEM, "cannot start the alarm sweeper thread");
	}
	fprintf(stderr, "greenpark alarms: checking stale and imbalance rules every %d s\n",
		every_s);
	*out = s;
	return GP_OK;
}

void alarm_sweeper_stop(struct alarm_sweeper *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	fprintf(stderr,
		"greenpark alarms: stopped (%ld sweeps, %ld raised, %ld updated, %ld returned, "
		"%ld errors)\n",
		s->sweeps, s->total.raised, s->total.updated, s->total.returned, s->errors);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	store_close(&s->h);
	free(s);
}
