/* write_queue.c — group commit (write_queue.h). A writer queues a job and waits. The job at
 * the head of the queue, when no group is being written, leads: it takes the queue's jobs
 * (up to WRITE_GROUP_MAX_POINTS, same time zone), copies their points into one array,
 * writes them in one transaction on its own connection, and then marks every job of the
 * group done and wakes the waiters. Only the leader touches the store, outside the lock. */
#include "ingest/write_queue.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

struct wq_job {
	struct reading *pts;
	size_t n;
	int utc_offset_s;
	const char *actor, *source;
	/* results, set by the leader before done */
	int rc;
	struct gp_err err;
	struct readings_stats stats;
	bool done;
	struct wq_job *next;
};

static pthread_mutex_t wq_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wq_cond = PTHREAD_COND_INITIALIZER;
static struct wq_job *wq_head, *wq_tail;
static bool wq_leading; /* a group is being written */
static bool wq_held;    /* write_queue_hold */
static struct write_queue_stats wq_stats;

void write_queue_stats(struct write_queue_stats *out)
{
	pthread_mutex_lock(&wq_lock);
	*out = wq_stats;
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

/* Writes one job alone (its own points, in place). */
static void write_one(struct store_handle *h, struct wq_job *j)
{
	j->rc = readings_write(h, j->pts, j->n, j->utc_offset_s, j->actor, j->source, &j->stats,
			       &j->err);
}

/* Writes the group first..(k jobs) in one transaction; on failure, each job alone. */
static void write_group(struct store_handle *h, struct wq_job *first, size_t k)
{
	struct write_job *jobs;
	struct reading *all;
	struct readings_stats st;
	struct gp_err err;
	size_t n = 0, i = 0;
	struct wq_job *j;
	int rc;

	if (k == 1) {
		write_one(h, first);
		return;
	}
	for (j = first, i = 0; i < k; j = j->next, i++)
		n += j->n;
	jobs = xcalloc(k, sizeof(*jobs));
	all = xcalloc(n ? n : 1, sizeof(*all));
	n = 0;
	for (j = first, i = 0; i < k; j = j->next, i++) {
		memcpy(all + n, j->pts, j->n * sizeof(*all));
		n += j->n;
		jobs[i] = (struct write_job){n, j->actor, j->source, 0};
	}
	rc = readings_write_jobs(h, all, jobs, k, first->utc_offset_s, &st, &err);
	for (j = first, i = 0; i < k; j = j->next, i++) {
		if (rc == GP_OK) {
			j->rc = GP_OK;
			j->stats = st;
			j->stats.points = jobs[i].points;
		} else {
			write_one(h, j); /* the group failed: so that only a bad job fails */
		}
	}
	free(all);
	free(jobs);
}

int readings_commit(struct store_handle *h, struct reading *pts, size_t n, int utc_offset_s,
		    const char *actor, const char *source, struct readings_stats *stats,
		    struct gp_err *err)
{
	struct wq_job me = {pts,   n,        utc_offset_s, actor, source,
			    GP_OK, {0, {0}}, {0, 0, 0},    false, NULL};
	struct wq_job *first, *last, *j;
	size_t k = 1, total;

	pthread_mutex_lock(&wq_lock);
	if (wq_tail)
		wq_tail->next = &me;
	else
		wq_head = &me;
	wq_tail = &me;
	while (!me.done && (wq_leading || wq_held || wq_head != &me))
		pthread_cond_wait(&wq_cond, &wq_lock);
	if (!me.done) {
		/* lead: take the queue from here, within the caps */
		wq_leading = true;
		first = last = &me;
		total = me.n;
		while (last->next && last->next->utc_offset_s == utc_offset_s &&
		       total + last->next->n <= WRITE_GROUP_MAX_POINTS) {
			last = last->next;
			total += last->n;
			k++;
		}
		wq_head = last->next;
		if (!wq_head)
			wq_tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&wq_lock);

		write_group(h, first, k);

		pthread_mutex_lock(&wq_lock);
		for (j = first; j; j = j->next)
			j->done = true;
		wq_leading = false;
		wq_stats.groups++;
		wq_stats.writers += (long long)k;
		if ((long long)k > wq_stats.max_group)
			wq_stats.max_group = (long long)k;
		pthread_cond_broadcast(&wq_cond);
	}
	pthread_mutex_unlock(&wq_lock);
	*stats = me.stats;
	if (me.rc != GP_OK)
		*err = me.err;
	return me.rc;
}
