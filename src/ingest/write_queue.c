/* write_queue.c — group commit into the readings log and the settler (write_queue.h).
 * One mutex guards the queue and the turn: a writer queues a job and waits; the job at the
 * head, when no one holds the turn, takes it and the queue's jobs (up to
 * WRITE_GROUP_MAX_POINTS), commits them as log rows on its own connection outside the
 * lock, then marks them done and wakes everyone. The settler and readers take the same
 * turn to merge the log, so within the process only one connection writes at a time. */
#include "ingest/write_queue.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <time.h>

#include "core/registry.h"
#include "store/store_meters.h"
#include "util/str.h"

/* The settler checkpoints once the WAL holds this many pages (64 MiB of 4 KiB pages): a page
 * rewritten by many settles meanwhile is copied into the database once. */
#define CHECKPOINT_PAGES 16384
/* The settler returns free pages to the file system once this many (16 MiB) are free and the
 * log is settled. */
#define RECLAIM_PAGES 4096

struct wq_job {
	struct reading *pts;
	size_t n;
	const char *actor, *source;
	int rc; /* set by the leader before done */
	struct gp_err err;
	bool done;
	struct wq_job *next;
};

static pthread_mutex_t wq_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t settle_lock = PTHREAD_MUTEX_INITIALIZER; /* one settle at a time */
static pthread_cond_t wq_cond = PTHREAD_COND_INITIALIZER;       /* turn released, jobs done */
static pthread_cond_t settle_cond = PTHREAD_COND_INITIALIZER;   /* points logged, stop */
static struct wq_job *wq_head, *wq_tail;
static bool wq_turn;                   /* someone is writing */
static bool wq_held;                   /* write_queue_hold */
static unsigned long long wq_logged;   /* points this process has logged, ever */
static struct timespec wq_last_logged; /* when points were last logged (CLOCK_REALTIME) */
static struct write_queue_stats wq_stats;
static void (*wq_on_settle)(struct store_handle *h, const struct reading *pts, size_t n);

static struct {
	pthread_t thread;
	struct store_handle h;
	bool running, stop;
} settler;

void write_queue_stats(struct write_queue_stats *out)
{
	pthread_mutex_lock(&wq_lock);
	*out = wq_stats;
	pthread_mutex_unlock(&wq_lock);
}

void write_queue_on_settle(void (*fn)(struct store_handle *h, const struct reading *pts, size_t n))
{
	pthread_mutex_lock(&wq_lock);
	wq_on_settle = fn;
	pthread_mutex_unlock(&wq_lock);
}

void write_queue_hold(bool on)
{
	pthread_mutex_lock(&wq_lock);
	wq_held = on;
	if (!on)
		pthread_cond_broadcast(&wq_cond);
	pthread_mutex_unlock(&wq_lock);
}

size_t write_queue_waiting(void)
{
	size_t n = 0;

	pthread_mutex_lock(&wq_lock);
	for (const struct wq_job *j = wq_head; j; j = j->next)
		n++;
	pthread_mutex_unlock(&wq_lock);
	return n;
}

/* Takes the turn for a settle (wq_lock held). Queued writers keep their places. */
static void turn_take(void)
{
	while (wq_turn || wq_held)
		pthread_cond_wait(&wq_cond, &wq_lock);
	wq_turn = true;
}

static void turn_release(void)
{
	wq_turn = false;
	pthread_cond_broadcast(&wq_cond);
}

/* Commits the group first..(k jobs); on failure, each job alone. */
static void log_group(struct store_handle *h, struct wq_job *first, size_t k)
{
	struct write_job *jobs = xcalloc(k, sizeof(*jobs));
	struct reading *all;
	struct gp_err err;
	size_t n = 0, i;
	struct wq_job *j;
	int rc;

	for (j = first; j; j = j->next)
		n += j->n;
	all = k == 1 ? first->pts : xcalloc(n ? n : 1, sizeof(*all));
	n = 0;
	for (j = first, i = 0; j; j = j->next, i++) {
		if (k > 1)
			memcpy(all + n, j->pts, j->n * sizeof(*all));
		n += j->n;
		jobs[i] = (struct write_job){n, j->actor, j->source, 0};
	}
	rc = readings_log_jobs(h, all, jobs, k, &err);
	for (j = first; j; j = j->next) {
		if (rc == GP_OK || k == 1) {
			j->rc = rc;
			j->err = err;
		} else { /* the group failed: so that only a bad job fails */
			struct write_job one = {j->n, j->actor, j->source, 0};
			j->rc = readings_log_jobs(h, j->pts, &one, 1, &j->err);
		}
	}
	if (k > 1)
		free(all);
	free(jobs);
}

int readings_commit(struct store_handle *h, struct reading *pts, size_t n, const char *actor,
		    const char *source, struct readings_stats *stats, struct gp_err *err)
{
	struct wq_job me = {pts, 0, actor, source, GP_OK, {GP_OK, {0}}, false, NULL};
	struct wq_job *last, *j;
	size_t k = 1, total;
	long long logged = 0;

	memset(stats, 0, sizeof(*stats));
	if (n > WRITE_GROUP_MAX_POINTS)
		return gp_err_set(err, GP_ETOOBIG, "more than %u points in one write",
				  WRITE_GROUP_MAX_POINTS);
	me.n = readings_distinct(pts, n); /* in the writer's own thread */
	pthread_mutex_lock(&wq_lock);
	if (wq_tail)
		wq_tail->next = &me;
	else
		wq_head = &me;
	wq_tail = &me;
	while (!me.done && (wq_turn || wq_held || wq_head != &me))
		pthread_cond_wait(&wq_cond, &wq_lock);
	if (!me.done) {
		/* lead: the queue from here, within the cap */
		wq_turn = true;
		last = &me;
		total = me.n;
		while (last->next && total + last->next->n <= WRITE_GROUP_MAX_POINTS) {
			last = last->next;
			total += last->n;
			k++;
		}
		wq_head = last->next;
		if (!wq_head)
			wq_tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&wq_lock);

		log_group(h, &me, k);

		pthread_mutex_lock(&wq_lock);
		for (j = &me; j; j = j->next) {
			j->done = true;
			if (j->rc == GP_OK)
				logged += (long long)j->n;
		}
		wq_stats.groups++;
		wq_stats.writers += (long long)k;
		if ((long long)k > wq_stats.max_group)
			wq_stats.max_group = (long long)k;
		wq_stats.pending += logged;
		wq_logged += (unsigned long long)logged;
		if (logged)
			clock_gettime(CLOCK_REALTIME, &wq_last_logged);
		if (logged)
			pthread_cond_signal(&settle_cond);
		turn_release();
	}
	pthread_mutex_unlock(&wq_lock);
	if (me.rc != GP_OK) {
		*err = me.err;
		return me.rc;
	}
	stats->points = (long long)me.n;
	return GP_OK;
}

static struct timespec ts_plus_ms(struct timespec t, long ms)
{
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

static bool ts_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void deadline_in(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	*ts = ts_plus_ms(*ts, ms);
}

/* Whether a burst is still coming in (wq_lock held): fewer than SETTLE_EAGER_POINTS are
 * pending and a point was logged within SETTLE_QUIET_MS. The running settler then goes back
 * to gathering rather than settling the little there is: each settle rewrites every day row
 * it touches, so a batch of a million points costs a fraction per point of one of 200,000,
 * and the turn it holds is the writers' wait. */
static bool still_coming(void)
{
	struct timespec now, quiet;

	if (!settler.running || settler.stop || wq_stats.pending >= SETTLE_EAGER_POINTS)
		return false;
	clock_gettime(CLOCK_REALTIME, &now);
	quiet = ts_plus_ms(wq_last_logged, SETTLE_QUIET_MS);
	return ts_before(&now, &quiet);
}

/* Settles the log in transactions of at most SETTLE_MAX_POINTS (wq_lock held on entry and
 * exit). Each settle computes its rows in a read snapshot without the turn
 * (readings_settle_prepare), so writers keep committing to the log meanwhile, and takes
 * the turn only to write them (readings_settle_finish). settle_lock keeps the process's
 * settles (the settler's and readers') one at a time; it is taken before wq_lock. */
static int settle_all(struct store_handle *h, struct gp_err *err)
{
	struct park park;
	int rc = GP_OK, off = 0;

	pthread_mutex_unlock(&wq_lock);
	pthread_mutex_lock(&settle_lock);
	if ((rc = h->ops->park_get(h->st, &park, err)) == GP_OK)
		off = park_utc_offset(&park);
	for (;;) {
		struct readings_stats st = {0, 0, 0, 0};
		void (*hook)(struct store_handle *, const struct reading *, size_t);
		struct reading *taken = NULL;
		struct settle_plan *plan = NULL;
		unsigned long long logged_before;

		pthread_mutex_lock(&wq_lock);
		logged_before = wq_logged;
		pthread_mutex_unlock(&wq_lock);
		if (rc == GP_OK)
			rc = readings_settle_prepare(h, SETTLE_MAX_POINTS, off, &plan, err);
		pthread_mutex_lock(&wq_lock);
		if (rc != GP_OK || !plan) {
			/* the log was empty in the snapshot: nothing is pending unless a writer
			 * logged since (its points may be after the snapshot) */
			if (rc == GP_OK && wq_logged == logged_before)
				wq_stats.pending = 0;
			break;
		}
		turn_take();
		hook = wq_on_settle;
		pthread_mutex_unlock(&wq_lock);
		rc = readings_settle_finish(h, plan, &st, hook ? &taken : NULL, err);
		readings_settle_plan_free(plan);
		/* the settled points judged (alarms) while the turn is still held: the hook
		 * writes on this connection, and must not wait for the settle it follows */
		if (rc == GP_OK && taken && st.logged)
			hook(h, taken, (size_t)st.logged);
		free(taken);
		pthread_mutex_lock(&wq_lock);
		if (rc == GP_OK && st.logged) {
			wq_stats.settles++;
			wq_stats.settled += st.logged;
			wq_stats.pending -= st.logged;
			if (wq_stats.pending < 0)
				wq_stats.pending = 0; /* another process's points */
		}
		pthread_mutex_unlock(&wq_lock);
		/* the settler's checkpoint: the server's connections leave checkpoints to it
		 * (STORE_TUNE_SERVER). It runs in the turn, while no writer of this process
		 * appends, so that it completes and the next writer starts the WAL afresh
		 * (with writers appending it would never catch up and the WAL would grow
		 * without end) */
		if (rc == GP_OK && h == &settler.h &&
		    h->ops->checkpoint(h->st, CHECKPOINT_PAGES, err) != GP_OK)
			fprintf(stderr, "greenpark: checkpoint: %s\n", err->msg);
		pthread_mutex_lock(&wq_lock);
		turn_release();
		if (rc != GP_OK || (h == &settler.h && still_coming()))
			break; /* the settler gathers the next batch while the writers go on */
		pthread_mutex_unlock(&wq_lock);
	}
	/* wq_lock is held here */
	pthread_mutex_unlock(&settle_lock);
	return rc;
}

int readings_settle_pending(struct store_handle *h, struct gp_err *err)
{
	int rc;

	pthread_mutex_lock(&wq_lock);
	if (settler.running && wq_stats.pending == 0) {
		pthread_mutex_unlock(&wq_lock);
		return GP_OK;
	}
	rc = settle_all(h, err);
	pthread_mutex_unlock(&wq_lock);
	return rc;
}

/* Gives the settler's store file its free pages back once at least min_pages are free (wq_lock
 * held on entry and exit; runs in the turn, as it writes): after a burst the log's pages
 * would otherwise stay in the file (docs/metering.md, "The log and group commit"). */
static void settler_reclaim(long min_pages)
{
	struct gp_err err;

	turn_take();
	pthread_mutex_unlock(&wq_lock);
	if (settler.h.ops->reclaim(settler.h.st, min_pages, &err) != GP_OK)
		fprintf(stderr, "greenpark: reclaiming free pages: %s\n", err.msg);
	pthread_mutex_lock(&wq_lock);
	turn_release();
}

/* A passive checkpoint by the settler when something was committed since the last one
 * (wq_lock held on entry and exit; run without it): settles checkpoint as they go, and this
 * catches the log's own commits when the log is settled by readers. */
static void settler_checkpoint(unsigned long long *seen)
{
	unsigned long long now = wq_logged + (unsigned long long)wq_stats.settles;
	struct gp_err err;

	if (now == *seen)
		return;
	*seen = now;
	pthread_mutex_unlock(&wq_lock);
	if (settler.h.ops->checkpoint(settler.h.st, 0, &err) != GP_OK)
		fprintf(stderr, "greenpark: checkpoint: %s\n", err.msg);
	pthread_mutex_lock(&wq_lock);
}

static void *settler_main(void *arg)
{
	struct gp_err err;
	struct timespec until;
	unsigned long long seen = 0;

	(void)arg;
	prctl(PR_SET_NAME, "gp-settler", 0, 0, 0); /* top -H, ps -L */
	/* the writers' path (their acknowledgement waits for it) before the merge, which can
	 * lag: readers merge what is pending themselves. Linux applies a thread's nice value to
	 * that thread alone */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), SETTLER_NICE);
	pthread_mutex_lock(&wq_lock);
	while (!settler.stop) {
		settler_checkpoint(&seen);
		if (!wq_stats.pending) {
			deadline_in(&until, 1000);
			pthread_cond_timedwait(&settle_cond, &wq_lock, &until);
			continue;
		}
		/* gather: a larger batch rewrites each day row once for more points. A live park's
		 * few points are merged once it goes quiet; a burst in batches of about
		 * SETTLE_EAGER_POINTS (readers meanwhile merge what is pending themselves) */
		{
			struct timespec latest, now, quiet;
			deadline_in(&latest, SETTLE_MAX_DELAY_MS);
			while (!settler.stop && wq_stats.pending < SETTLE_EAGER_POINTS) {
				clock_gettime(CLOCK_REALTIME, &now);
				quiet = ts_plus_ms(wq_last_logged, SETTLE_QUIET_MS);
				if (!ts_before(&now, &quiet) || !ts_before(&now, &latest))
					break; /* quiet, or waited long enough */
				until = ts_before(&quiet, &latest) ? quiet : latest;
				pthread_cond_timedwait(&settle_cond, &wq_lock, &until);
			}
		}
		if (settle_all(&settler.h, &err) == GP_OK) {
			if (!wq_stats.pending)
				settler_reclaim(RECLAIM_PAGES);
		} else {
			str_copy(wq_stats.last_error, sizeof(wq_stats.last_error), err.msg);
			fprintf(stderr, "greenpark: settling the readings log: %s\n", err.msg);
			/* the log keeps the points; try again after a pause */
			deadline_in(&until, 1000);
			pthread_cond_timedwait(&settle_cond, &wq_lock, &until);
		}
	}
	pthread_mutex_unlock(&wq_lock);
	return NULL;
}

int write_queue_settler_start(const char *db, struct gp_err *err)
{
	int rc;

	if (settler.running)
		return gp_err_set(err, GP_EINPUT, "the settler is already running");
	if ((rc = store_open_tuned(db, STORE_TUNE_SETTLER, &settler.h, err)) != GP_OK)
		return rc;
	pthread_mutex_lock(&wq_lock);
	rc = settle_all(&settler.h, err); /* what an earlier run left */
	pthread_mutex_unlock(&wq_lock);
	if (rc != GP_OK) {
		store_close(&settler.h);
		return rc;
	}
	settler.stop = false;
	if (pthread_create(&settler.thread, NULL, settler_main, NULL) != 0) {
		store_close(&settler.h);
		return gp_err_set(err, GP_ESTORE, "cannot start the settler thread");
	}
	pthread_mutex_lock(&wq_lock);
	settler.running = true;
	pthread_mutex_unlock(&wq_lock);
	return GP_OK;
}

void write_queue_settler_stop(void)
{
	struct gp_err err;

	if (!settler.running)
		return;
	pthread_mutex_lock(&wq_lock);
	settler.stop = true;
	pthread_cond_broadcast(&settle_cond);
	pthread_mutex_unlock(&wq_lock);
	pthread_join(settler.thread, NULL);
	pthread_mutex_lock(&wq_lock);
	settler.running = false;
	if (settle_all(&settler.h, &err) != GP_OK)
		fprintf(stderr, "greenpark: settling the readings log at stop: %s\n", err.msg);
	else
		settler_reclaim(1); /* at rest, the file holds no free pages */
	pthread_mutex_unlock(&wq_lock);
	store_close(&settler.h);
}
