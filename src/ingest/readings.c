/* readings.c — merging points into day rows, rollups, series. The day rows hold the raw
 * readings; every derived figure (hours, the day, the month) is recomputed from them when
 * a row changes, so a late point can never leave a stale total behind. */
#include "ingest/readings.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "core/registry.h"
#include "ingest/meter_index.h"
#include "ingest/write_queue.h"
#include "store/store_meters.h"
#include "util/str.h"

#define DAY_TEXT_MAX (4u << 20) /* the cap of one encoded day (100,000 points fit) */

static int cmp_reading(const void *a, const void *b)
{
	const struct reading *x = a, *y = b;
	if (x->meter_id != y->meter_id)
		return x->meter_id < y->meter_id ? -1 : 1;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Meter ids up to this many times the points (and this absolute cap) are sorted by counting;
 * sparser ones by comparison. */
#define SORT_COUNT_IDS_PER_POINT 4
#define SORT_COUNT_IDS_MAX       (1 << 24)

void readings_sort(struct reading *pts, size_t n)
{
	struct reading *tmp;
	size_t *start, nids;
	int32_t lo = INT32_MAX, hi = INT32_MIN;

	if (n < 64) {
		qsort(pts, n, sizeof(*pts), cmp_reading);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (pts[i].meter_id < lo)
			lo = pts[i].meter_id;
		if (pts[i].meter_id > hi)
			hi = pts[i].meter_id;
	}
	nids = (size_t)((int64_t)hi - lo) + 1;
	if (nids > SORT_COUNT_IDS_MAX || nids > SORT_COUNT_IDS_PER_POINT * n) {
		qsort(pts, n, sizeof(*pts), cmp_reading);
		return;
	}
	/* a stable counting sort by meter keeps each meter's points in seq order (the order
	 * they arrived in), which for live data and sorted files is time order already */
	start = xcalloc(nids + 1, sizeof(*start));
	tmp = xcalloc(n, sizeof(*tmp));
	for (size_t i = 0; i < n; i++)
		start[(size_t)(pts[i].meter_id - lo) + 1]++;
	for (size_t k = 0; k < nids; k++)
		start[k + 1] += start[k];
	for (size_t i = 0; i < n; i++)
		tmp[start[(size_t)(pts[i].meter_id - lo)]++] = pts[i];
	memcpy(pts, tmp, n * sizeof(*pts));
	free(tmp);
	free(start);
	/* then each meter's run by time, where it is not in order */
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		bool sorted = true;
		for (; j < n && pts[j].meter_id == pts[i].meter_id; j++)
			if (sorted && cmp_reading(&pts[j - 1], &pts[j]) > 0)
				sorted = false;
		if (!sorted)
			qsort(pts + i, j - i, sizeof(*pts), cmp_reading);
		i = j;
	}
}

/* What one day row was and became: the month rollups are updated from these deltas. */
struct day_change {
	bool existed;
	double old_value, new_value; /* NAN: no value */
	int old_flags, new_flags;
};

static int month_of(long day)
{
	int y, m, d;
	date_civil(day, &y, &m, &d);
	return y * 100 + m;
}

/* A month's rollup is the sum of its days' values (days without one left out; NAN when no
 * day has one), the count of its day rows and the union of their flags. A write changes a
 * few days of a month: the month row is updated by their deltas (one row read, not the
 * month's days), unless a day lost a flag or its value, which needs the days again. */
struct month_delta {
	uint64_t key; /* meter << 20 | YYYYMM */
	double dvalue;
	int ddays, flags;
	bool any, full;
};

static int cmp_month_delta(const void *a, const void *b)
{
	uint64_t x = ((const struct month_delta *)a)->key, y = ((const struct month_delta *)b)->key;
	return (x > y) - (x < y);
}

static struct month_delta delta_of(int64_t meter_id, long day, const struct day_change *ch)
{
	struct month_delta d = {
	    ((uint64_t)meter_id << 20) | (uint64_t)month_of(day), 0, 0, 0, false, false};
	d.ddays = !ch->existed;
	d.flags = ch->new_flags;
	d.full =
	    (ch->old_flags & ~ch->new_flags) || (!isnan(ch->old_value) && isnan(ch->new_value));
	if (!isnan(ch->new_value)) {
		d.dvalue = ch->new_value - (isnan(ch->old_value) ? 0 : ch->old_value);
		d.any = true;
	}
	return d;
}

/* The park totals (0013_reading_totals.sql): the change of one meter's day value, keyed as
 * the totals' rows are. item points into the meter snapshot held while planning. */
struct total_delta {
	int64_t enterprise_id, parent_enterprise_id;
	const char *item;
	long day;
	double dvalue;
	int dn;
};

static int cmp_total_delta(const void *a, const void *b)
{
	const struct total_delta *x = a, *y = b;
	int c;
	if (x->enterprise_id != y->enterprise_id)
		return x->enterprise_id < y->enterprise_id ? -1 : 1;
	if (x->parent_enterprise_id != y->parent_enterprise_id)
		return x->parent_enterprise_id < y->parent_enterprise_id ? -1 : 1;
	if ((c = strcmp(x->item, y->item)) != 0)
		return c;
	return (x->day > y->day) - (x->day < y->day);
}

/* ---- the plan: every row a batch writes, computed before any is written ----
 * Merging points reads day rows (the day itself, the last point before it, the next
 * stored day) and computes new ones. The new rows, the months' deltas and the totals'
 * deltas are collected here and written afterwards (plan_write), so that a server's settle
 * can compute them in a read snapshot while writers go on committing to the log, and
 * take the write lock only to store the result (readings_settle_prepare/_finish). Reads
 * look at the plan before the store: a row the batch has computed is newer. Each (meter,
 * day) is in the plan once, in its last version; the current meter's rows are
 * rows[meter_from, n), and only they are searched (points are merged meter by meter). */
struct day_plan {
	struct meter_day_row *rows;
	size_t n, cap, meter_from;
	int64_t meter_id;
	struct month_delta *months;
	size_t nmonths, mcap;
	struct total_delta *totals;
	size_t ntotals, tcap;
	const struct meter_index *meters; /* for the totals' keys */
};

static void plan_release(struct day_plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		meter_day_row_release(&p->rows[i]);
	free(p->rows);
	free(p->months);
	free(p->totals);
	memset(p, 0, sizeof(*p));
}

static void plan_meter(struct day_plan *p, int64_t meter_id)
{
	if (p->meter_id != meter_id) {
		p->meter_id = meter_id;
		p->meter_from = p->n;
	}
}

/* The plan's row of (current meter, day): its index, or SIZE_MAX. */
static size_t plan_find(const struct day_plan *p, long day)
{
	for (size_t i = p->n; i-- > p->meter_from;)
		if (p->rows[i].day == day)
			return i;
	return SIZE_MAX;
}

/* The plan's nearest row of the current meter before day (dir < 0) or after it. */
static size_t plan_near(const struct day_plan *p, long day, int dir)
{
	size_t best = SIZE_MAX;
	for (size_t i = p->meter_from; i < p->n; i++) {
		long d = p->rows[i].day;
		if ((dir < 0 ? d < day : d > day) &&
		    (best == SIZE_MAX || (dir < 0 ? d > p->rows[best].day : d < p->rows[best].day)))
			best = i;
	}
	return best;
}

/* A day row as the batch sees it: the plan's (borrowed) or the store's (owned). */
struct day_view {
	bool found, owned;
	struct meter_day_row row;
};

static void view_release(struct day_view *v)
{
	if (v->owned)
		meter_day_row_release(&v->row);
	v->found = v->owned = false;
}

static int view_get(struct store_handle *h, const struct day_plan *p, int64_t meter_id, long day,
		    struct day_view *v, struct gp_err *err)
{
	size_t i = plan_find(p, day);
	int rc;

	memset(v, 0, sizeof(*v));
	if (i != SIZE_MAX) {
		v->row = p->rows[i];
		v->found = true;
		return GP_OK;
	}
	rc = h->ops->meters->day_get(h->st, meter_id, day, &v->row, err);
	if (rc == GP_ENOTFOUND)
		return GP_OK;
	v->found = v->owned = rc == GP_OK;
	return rc;
}

/* The nearest row before day (dir < 0) or after it, of the plan and the store: the nearer,
 * and of the same day the plan's. */
static int view_near(struct store_handle *h, const struct day_plan *p, int64_t meter_id, long day,
		     int dir, struct day_view *v, struct gp_err *err)
{
	size_t i = plan_near(p, day, dir);
	int rc;

	memset(v, 0, sizeof(*v));
	rc = h->ops->meters->day_near(h->st, meter_id, day, dir, &v->row, err);
	if (rc == GP_ENOTFOUND)
		rc = GP_OK;
	else if (rc == GP_OK)
		v->found = v->owned = true;
	if (rc != GP_OK)
		return rc;
	if (i != SIZE_MAX && (!v->found || (dir < 0 ? p->rows[i].day >= v->row.day
						    : p->rows[i].day <= v->row.day))) {
		view_release(v);
		v->row = p->rows[i];
		v->found = true;
	}
	return GP_OK;
}

/* Decodes a day's points (none when the row is absent or has none). */
static int decode_row(const struct meter_day_row *r, struct tsz_point **p, size_t *n,
		      struct gp_err *err)
{
	*p = NULL;
	*n = 0;
	if (!r->points_len)
		return GP_OK;
	return tsz_decode(r->points, r->points_len, p, n, err);
}

static void change_from(struct day_change *ch, const struct day_view *old)
{
	ch->existed = old->found;
	ch->old_value = old->found ? old->row.value : NAN;
	ch->old_flags = old->found ? old->row.flags : 0;
}

/* Appends the change of (m, day) to the totals' deltas: cumulative and interval meters only
 * (an instant meter's day value is a mean, not a quantity). */
static void total_delta_add(struct day_plan *p, const struct meter *m, long day,
			    const struct day_change *ch)
{
	const struct meter *parent;
	double dv =
	    (isnan(ch->new_value) ? 0 : ch->new_value) - (isnan(ch->old_value) ? 0 : ch->old_value);
	int dn = !isnan(ch->new_value) - !isnan(ch->old_value);

	if ((m->kind != METER_CUMULATIVE && m->kind != METER_INTERVAL) || (dv == 0 && dn == 0))
		return;
	parent = m->parent_id ? meter_index_by_id(p->meters, m->parent_id) : NULL;
	XGROW(p->totals, p->ntotals + 1, p->tcap);
	p->totals[p->ntotals++] = (struct total_delta){
	    m->enterprise_id, parent ? parent->enterprise_id : 0, m->item, day, dv, dn};
}

/* Computes the row of (m, day) from its points, prev being the last point of the day
 * before (or NULL), and puts it in the plan with the months' and totals' deltas of the
 * change from old (ch's old side, set by the caller). */
static int put_day(struct day_plan *pl, const struct meter *m, long day, int utc_offset_s,
		   const struct tsz_point *p, size_t n, const struct tsz_point *prev,
		   struct day_change *ch, struct gp_err *err)
{
	struct meter_day d;
	struct tsz_point hours[24];
	size_t nh = 0, at;
	struct buf pts, hrs;
	int64_t start = meter_day_start(day, utc_offset_s);
	int rc;

	meter_rollup_day(m, day, utc_offset_s, p, n, prev, &d);
	for (int k = 0; k < 24; k++)
		if (!isnan(d.hour[k]))
			hours[nh++] = (struct tsz_point){start + 3600 * k, d.hour[k]};
	buf_init(&pts, DAY_TEXT_MAX);
	buf_init(&hrs, DAY_TEXT_MAX);
	if ((rc = tsz_encode(p, n, &pts, err)) != GP_OK ||
	    (rc = tsz_encode(hours, nh, &hrs, err)) != GP_OK) {
		buf_release(&pts);
		buf_release(&hrs);
		return rc;
	}
	ch->new_value = d.value;
	ch->new_flags = d.flags;
	if ((at = plan_find(pl, day)) != SIZE_MAX) {
		meter_day_row_release(&pl->rows[at]);
	} else {
		XGROW(pl->rows, pl->n + 1, pl->cap);
		at = pl->n++;
	}
	pl->rows[at] =
	    (struct meter_day_row){m->id, day, n, NULL, pts.len, NULL, hrs.len, d.value, d.flags};
	pl->rows[at].points = (unsigned char *)buf_detach(&pts);
	pl->rows[at].hours = (unsigned char *)buf_detach(&hrs);
	XGROW(pl->months, pl->nmonths + 1, pl->mcap);
	pl->months[pl->nmonths++] = delta_of(m->id, day, ch);
	total_delta_add(pl, m, day, ch);
	return GP_OK;
}

/* Recomputes row v (the nearest day after one the batch wrote), whose first increment
 * reads that day's last point. */
static int refresh_next(struct day_plan *pl, const struct meter *m, const struct day_view *v,
			int utc_offset_s, const struct tsz_point *last, struct gp_err *err)
{
	struct day_change ch = {false, NAN, NAN, 0, 0};
	struct tsz_point *p;
	size_t n;
	long day = v->row.day;
	int rc;

	change_from(&ch, v);
	if ((rc = decode_row(&v->row, &p, &n, err)) == GP_OK)
		rc = put_day(pl, m, day, utc_offset_s, p, n, last, &ch, err);
	free(p);
	return rc;
}

struct month_sum {
	double value;
	int days, flags;
	bool any;
	bool found; /* months_range: the row */
	struct meter_month_row row;
};

static void add_day(void *arg, const struct meter_day_row *r)
{
	struct month_sum *s = arg;
	if (!isnan(r->value)) {
		s->value += r->value;
		s->any = true;
	}
	s->days++;
	s->flags |= r->flags;
}

static void got_month(void *arg, const struct meter_month_row *r)
{
	struct month_sum *s = arg;
	s->found = true;
	s->row = *r;
}

/* Puts the month of d (merged deltas of one key): from its days when d->full or the month
 * has no row yet, else the stored row plus the deltas. The days must be written already. */
static int put_month(struct store_handle *h, const struct month_delta *d, struct gp_err *err)
{
	int64_t meter_id = (int64_t)(d->key >> 20);
	int month = (int)(d->key & 0xFFFFF), y = month / 100, mo = month % 100;
	long from = date_days(y, mo, 1),
	     to = date_days(mo == 12 ? y + 1 : y, mo == 12 ? 1 : mo + 1, 1) - 1;
	struct month_sum s;
	struct meter_month_row row;
	int rc;

	memset(&s, 0, sizeof(s));
	if (!d->full && (rc = h->ops->meters->months_range(h->st, meter_id, month, month, got_month,
							   &s, err)) != GP_OK)
		return rc;
	if (s.found) {
		row = s.row;
		if (d->any)
			row.value = (isnan(row.value) ? 0 : row.value) + d->dvalue;
		row.days += d->ddays;
		row.flags |= d->flags;
	} else {
		if ((rc = h->ops->meters->days_range(h->st, meter_id, from, to, add_day, &s,
						     err)) != GP_OK)
			return rc;
		row = (struct meter_month_row){meter_id, month, s.any ? s.value : NAN, s.days,
					       s.flags};
	}
	return h->ops->meters->month_put(h->st, &row, err);
}

/* Writes the plan, inside the caller's write transaction: the day rows, then the months
 * (which may read the days just written), then the park totals. */
static int plan_write(struct store_handle *h, struct day_plan *p, struct readings_stats *stats,
		      struct gp_err *err)
{
	int rc = GP_OK;

	for (size_t i = 0; rc == GP_OK && i < p->n; i++)
		rc = h->ops->meters->day_put(h->st, &p->rows[i], err);
	stats->days += (long long)p->n;
	if (rc == GP_OK && p->nmonths) {
		/* the deltas of each month, merged */
		qsort(p->months, p->nmonths, sizeof(*p->months), cmp_month_delta);
		for (size_t i = 0; rc == GP_OK && i < p->nmonths;) {
			struct month_delta d = p->months[i++];
			for (; i < p->nmonths && p->months[i].key == d.key; i++) {
				d.dvalue += p->months[i].dvalue;
				d.ddays += p->months[i].ddays;
				d.flags |= p->months[i].flags;
				d.any |= p->months[i].any;
				d.full |= p->months[i].full;
			}
			rc = put_month(h, &d, err);
			stats->months++;
		}
	}
	if (rc == GP_OK && p->ntotals) {
		qsort(p->totals, p->ntotals, sizeof(*p->totals), cmp_total_delta);
		for (size_t i = 0; rc == GP_OK && i < p->ntotals;) {
			struct total_delta t = p->totals[i++];
			for (; i < p->ntotals && cmp_total_delta(&p->totals[i], &t) == 0; i++) {
				t.dvalue += p->totals[i].dvalue;
				t.dn += p->totals[i].dn;
			}
			rc = h->ops->meters->total_add(h->st, t.enterprise_id,
						       t.parent_enterprise_id, t.item, t.day,
						       t.dvalue, t.dn, err);
		}
	}
	return rc;
}

/* Merges the batch's points of one (meter, day), already sorted and without duplicates,
 * into the day as the plan and the store have it. */
static int merge_day(struct store_handle *h, struct day_plan *pl, const struct meter *m, long day,
		     int utc_offset_s, const struct reading *in, size_t k,
		     const struct tsz_point *prev_known, struct tsz_point *last_out,
		     struct gp_err *err)
{
	struct day_change ch = {false, NAN, NAN, 0, 0};
	struct day_view v;
	struct tsz_point *old = NULL, *merged, prev;
	size_t nold = 0, n = 0, i = 0, j = 0;
	bool has_prev = false;
	int rc = view_get(h, pl, m->id, day, &v, err);

	if (rc == GP_OK) {
		change_from(&ch, &v);
		if (v.found)
			rc = decode_row(&v.row, &old, &nold, err);
		view_release(&v);
	}
	if (rc != GP_OK)
		return rc;
	merged = xcalloc(nold + k, sizeof(*merged));
	while (i < nold || j < k) {
		if (j == k || (i < nold && old[i].ts < in[j].ts)) {
			merged[n++] = old[i++];
		} else {
			if (i < nold && old[i].ts == in[j].ts)
				i++; /* replaced */
			merged[n++] = (struct tsz_point){in[j].ts, in[j].v};
			j++;
		}
	}
	free(old);
	if (n > TSZ_MAX_POINTS) {
		free(merged);
		return gp_err_set(err, GP_ETOOBIG, "meter %s: more than %d readings in one day",
				  m->code, TSZ_MAX_POINTS);
	}
	/* the reading before the day: the batch's previous day when it was the day before
	 * (a bulk import of sorted history), else the nearest earlier row */
	if (prev_known) {
		prev = *prev_known;
		has_prev = true;
	} else if ((rc = view_near(h, pl, m->id, day, -1, &v, err)) == GP_OK) {
		struct tsz_point *p = NULL;
		size_t np = 0;
		if (v.found && (rc = decode_row(&v.row, &p, &np, err)) == GP_OK && np) {
			prev = p[np - 1];
			has_prev = true;
		}
		free(p);
		view_release(&v);
	}
	if (rc == GP_OK && (rc = put_day(pl, m, day, utc_offset_s, merged, n,
					 has_prev ? &prev : NULL, &ch, err)) == GP_OK)
		*last_out = merged[n - 1];
	free(merged);
	return rc;
}

/* The job a point came from: the first whose end is past its seq. */
static size_t job_of(const struct write_job *jobs, size_t njobs, uint32_t seq)
{
	size_t lo = 0, hi = njobs - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (jobs[mid].end > seq)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Plans the merge of pts[0..n) into the day rows (reads only): sorts them (arrival order in
 * seq: the later of equal times wins) and counts each job's distinct points (jobs may be
 * NULL). Points of the first nlog (the log's) whose meter no longer exists are left out
 * with a message, so that one can never block the log; any other unknown meter is an
 * error. meters must stay held while the plan is. */
static int plan_points(struct store_handle *h, struct day_plan *pl,
		       const struct meter_index *meters, struct reading *pts, size_t n, size_t nlog,
		       struct write_job *jobs, size_t njobs, int utc_offset_s,
		       struct readings_stats *stats, struct gp_err *err)
{
	int64_t prev_meter = 0; /* the group merged last, and its last point */
	long prev_day = 0;
	struct tsz_point prev_last = {0, 0};
	int rc = GP_OK;

	pl->meters = meters;
	for (size_t i = 0; i < njobs; i++)
		jobs[i].points = 0;
	for (size_t i = 0; i < n; i++)
		pts[i].seq = (uint32_t)i;
	readings_sort(pts, n);
	for (size_t i = 0; i < n && rc == GP_OK;) {
		const struct meter *m = meter_index_by_id(meters, pts[i].meter_id);
		long day = meter_day_of(pts[i].ts, utc_offset_s);
		bool follows = i && prev_meter == pts[i].meter_id && prev_day == day - 1;
		struct tsz_point last;
		size_t j = i, k = 0, run_job = SIZE_MAX;

		if (!m) {
			size_t skip = 0;
			for (j = i; j < n && pts[j].meter_id == pts[i].meter_id; j++)
				skip += pts[j].seq < nlog;
			if (skip < j - i) {
				rc = gp_err_set(err, GP_ENOTFOUND, "no meter with id %lld",
						(long long)pts[i].meter_id);
				break;
			}
			fprintf(stderr,
				"greenpark: readings log: %zu points of meter id %lld left out: "
				"the meter does not exist\n",
				skip, (long long)pts[i].meter_id);
			i = j;
			continue;
		}
		plan_meter(pl, m->id);
		/* the run of this meter and day; of equal times the last to arrive wins, and
		 * each job whose point it was counts it once */
		while (j < n && pts[j].meter_id == m->id &&
		       meter_day_of(pts[j].ts, utc_offset_s) == day) {
			size_t job = jobs ? job_of(jobs, njobs, pts[j].seq) : 0;
			if (jobs && job != run_job)
				jobs[job].points++;
			if (j + 1 < n && pts[j + 1].meter_id == m->id &&
			    pts[j + 1].ts == pts[j].ts) {
				run_job = job;
				j++;
				continue;
			}
			run_job = SIZE_MAX;
			pts[i + k++] = pts[j++];
		}
		rc = merge_day(h, pl, m, day, utc_offset_s, pts + i, k, follows ? &prev_last : NULL,
			       &last, err);
		prev_meter = m->id;
		prev_day = day;
		prev_last = last;
		stats->points += (long long)k;
		/* the next day reads this one's last point, unless the batch merges it next */
		if (rc == GP_OK && !(j < n && pts[j].meter_id == m->id &&
				     meter_day_of(pts[j].ts, utc_offset_s) == day + 1)) {
			struct day_view v;
			if ((rc = view_near(h, pl, m->id, day, +1, &v, err)) == GP_OK && v.found)
				rc = refresh_next(pl, m, &v, utc_offset_s, &last, err);
			view_release(&v);
		}
		i = j;
	}
	return rc;
}

/* Merges pts[0..n) into the day and month rows, inside the caller's write transaction. */
static int apply_points(struct store_handle *h, struct reading *pts, size_t n, size_t nlog,
			struct write_job *jobs, size_t njobs, int utc_offset_s,
			struct readings_stats *stats, struct gp_err *err)
{
	struct day_plan plan;
	struct meter_index *meters = NULL;
	int rc;

	memset(&plan, 0, sizeof(plan));
	if ((rc = meter_index_get(h, &meters, err)) != GP_OK)
		return rc;
	if ((rc = plan_points(h, &plan, meters, pts, n, nlog, jobs, njobs, utc_offset_s, stats,
			      err)) == GP_OK)
		rc = plan_write(h, &plan, stats, err);
	plan_release(&plan);
	meter_index_put(meters);
	return rc;
}

/* ---- the log (0011_reading_log.sql) ----
 * A row's points: n × 20 bytes, meter id (u32), time (i64) and value (IEEE 754 binary64
 * bits), each little-endian, so a copied database reads the same on any machine. */
#define LOG_POINT_BYTES 20

static void put_le(unsigned char *p, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	for (int i = 0; i < bytes; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void log_encode(const struct reading *p, size_t n, unsigned char *out)
{
	for (size_t i = 0; i < n; i++, out += LOG_POINT_BYTES) {
		uint64_t bits;
		memcpy(&bits, &p[i].v, sizeof(bits));
		put_le(out, (uint32_t)p[i].meter_id, 4);
		put_le(out + 4, (uint64_t)p[i].ts, 8);
		put_le(out + 12, bits, 8);
	}
}

struct log_acc {
	struct reading *pts;
	size_t n, cap;
	struct gp_err *err;
};

static int log_take(void *arg, const unsigned char *blob, size_t len, size_t n)
{
	struct log_acc *a = arg;

	if (!blob || len != n * LOG_POINT_BYTES)
		return gp_err_set(a->err, GP_ESTORE,
				  "readings log: a row of %zu points has %zu bytes, not %zu", n,
				  len, n * LOG_POINT_BYTES);
	XGROW(a->pts, a->n + n, a->cap);
	for (size_t i = 0; i < n; i++, blob += LOG_POINT_BYTES) {
		uint64_t bits = get_le(blob + 12, 8);
		struct reading *r = &a->pts[a->n++];
		r->meter_id = (int32_t)(uint32_t)get_le(blob, 4);
		r->ts = (int64_t)get_le(blob + 4, 8);
		memcpy(&r->v, &bits, sizeof(r->v));
		r->seq = 0;
	}
	return GP_OK;
}

/* Merges the log's oldest rows (within max_points, the first always) and deletes them,
 * inside the caller's transaction. */
static int settle_in_txn(struct store_handle *h, size_t max_points, int utc_offset_s,
			 struct readings_stats *stats, struct reading **taken, struct gp_err *err)
{
	struct log_acc log = {NULL, 0, 0, err};
	int64_t last_id = 0;
	int rc = h->ops->meters->log_scan(h->st, max_points, log_take, &log, &last_id, err);

	if (rc == GP_OK && log.n)
		rc = apply_points(h, log.pts, log.n, log.n, NULL, 0, utc_offset_s, stats, err);
	stats->logged = (long long)log.n;
	if (taken && rc == GP_OK)
		*taken = log.pts;
	else
		free(log.pts);
	if (rc == GP_OK && last_id)
		rc = h->ops->meters->log_delete(h->st, last_id, err);
	return rc;
}

int readings_batch_begin(struct readings_batch *b, struct store_handle *h, int utc_offset_s,
			 struct gp_err *err)
{
	struct readings_stats log;
	int rc;

	memset(b, 0, sizeof(*b));
	b->h = h;
	b->utc_offset_s = utc_offset_s;
	if ((rc = h->ops->begin(h->st, err)) != GP_OK)
		return rc;
	/* the log's points first: they were acknowledged before these arrived, so these win */
	memset(&log, 0, sizeof(log));
	if ((rc = settle_in_txn(h, SIZE_MAX, utc_offset_s, &log, NULL, err)) != GP_OK) {
		h->ops->rollback(h->st);
		return rc;
	}
	b->open = true;
	return GP_OK;
}

int readings_batch_add(struct readings_batch *b, struct reading *pts, size_t n, struct gp_err *err)
{
	struct readings_stats st;
	int rc;

	memset(&st, 0, sizeof(st));
	if (!b->open)
		return gp_err_set(err, GP_EINPUT, "the readings batch is not open");
	if ((rc = apply_points(b->h, pts, n, 0, NULL, 0, b->utc_offset_s, &st, err)) != GP_OK) {
		readings_batch_abort(b);
		return rc;
	}
	b->stats.points += st.points;
	b->stats.days += st.days;
	b->stats.months += st.months;
	return GP_OK;
}

void readings_batch_abort(struct readings_batch *b)
{
	if (b->open)
		b->h->ops->rollback(b->h->st);
	b->open = false;
}

int readings_batch_commit(struct readings_batch *b, const char *actor, const char *source,
			  struct gp_err *err)
{
	char after[160];
	int rc;

	if (!b->open)
		return gp_err_set(err, GP_EINPUT, "the readings batch is not open");
	str_fmt(after, sizeof(after), "{\"points\":%lld,\"days\":%lld,\"months\":%lld}",
		b->stats.points, b->stats.days, b->stats.months);
	if ((rc = b->h->ops->audit_add(b->h->st, actor, "write", "readings", source, NULL, after,
				       err)) == GP_OK &&
	    (rc = b->h->ops->commit(b->h->st, err)) == GP_OK) {
		b->open = false;
		return GP_OK;
	}
	readings_batch_abort(b);
	return rc;
}

int readings_write_jobs(struct store_handle *h, struct reading *pts, struct write_job *jobs,
			size_t njobs, int utc_offset_s, struct readings_stats *stats,
			struct gp_err *err)
{
	size_t n = njobs ? jobs[njobs - 1].end : 0;
	struct readings_batch b;
	int rc;

	memset(stats, 0, sizeof(*stats));
	if ((rc = readings_batch_begin(&b, h, utc_offset_s, err)) != GP_OK)
		return rc;
	rc = apply_points(h, pts, n, 0, jobs, njobs, utc_offset_s, stats, err);
	for (size_t i = 0; rc == GP_OK && i < njobs; i++) {
		char after[160];
		str_fmt(after, sizeof(after),
			"{\"points\":%lld,\"days\":%lld,\"months\":%lld,\"requests\":%zu}",
			jobs[i].points, stats->days, stats->months, njobs);
		rc = h->ops->audit_add(h->st, jobs[i].actor, "write", "readings", jobs[i].source,
				       NULL, after, err);
	}
	if (rc == GP_OK)
		rc = h->ops->commit(h->st, err);
	if (rc != GP_OK) {
		h->ops->rollback(h->st);
		memset(stats, 0, sizeof(*stats));
		for (size_t i = 0; i < njobs; i++)
			jobs[i].points = 0;
	}
	return rc;
}

int readings_write(struct store_handle *h, struct reading *pts, size_t n, int utc_offset_s,
		   const char *actor, const char *source, struct readings_stats *stats,
		   struct gp_err *err)
{
	struct write_job job = {n, actor, source, 0};
	int rc = readings_write_jobs(h, pts, &job, 1, utc_offset_s, stats, err);
	stats->points = job.points;
	return rc;
}

size_t readings_distinct(struct reading *pts, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		pts[i].seq = (uint32_t)i;
	readings_sort(pts, n);
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && pts[i + 1].meter_id == pts[i].meter_id &&
		    pts[i + 1].ts == pts[i].ts)
			continue; /* a later one of the same time follows */
		pts[k++] = pts[i];
	}
	return k;
}

int readings_log_jobs(struct store_handle *h, const struct reading *pts,
		      const struct write_job *jobs, size_t njobs, struct gp_err *err)
{
	size_t from = 0;
	int rc;

	if ((rc = h->ops->begin(h->st, err)) != GP_OK)
		return rc;
	for (size_t i = 0; rc == GP_OK && i < njobs; from = jobs[i++].end) {
		size_t n = jobs[i].end - from;
		char after[128];
		if (n) {
			unsigned char *blob = xcalloc(n, LOG_POINT_BYTES);
			log_encode(pts + from, n, blob);
			rc = h->ops->meters->log_append(h->st, blob, n * LOG_POINT_BYTES, n, err);
			free(blob);
		}
		str_fmt(after, sizeof(after), "{\"points\":%zu,\"requests\":%zu,\"logged\":true}",
			n, njobs);
		if (rc == GP_OK)
			rc = h->ops->audit_add(h->st, jobs[i].actor, "write", "readings",
					       jobs[i].source, NULL, after, err);
	}
	if (rc == GP_OK)
		rc = h->ops->commit(h->st, err);
	if (rc != GP_OK)
		h->ops->rollback(h->st);
	return rc;
}

/* Ends a settle's write transaction: commits it when rc is GP_OK, else (or when the commit
 * fails) rolls it back and clears what it reported. Returns the outcome. */
static int settle_end(struct store_handle *h, int rc, struct readings_stats *stats,
		      struct reading **taken, struct gp_err *err)
{
	if (rc == GP_OK)
		rc = h->ops->commit(h->st, err);
	if (rc != GP_OK) {
		h->ops->rollback(h->st);
		memset(stats, 0, sizeof(*stats));
		if (taken) {
			free(*taken);
			*taken = NULL;
		}
	}
	return rc;
}

int readings_settle(struct store_handle *h, size_t max_points, int utc_offset_s,
		    struct readings_stats *stats, struct reading **taken, struct gp_err *err)
{
	long long pending = 0;
	int rc;

	memset(stats, 0, sizeof(*stats));
	if (taken)
		*taken = NULL;
	/* a read, not a write transaction, when there is nothing to do */
	if ((rc = h->ops->meters->log_pending(h->st, &pending, err)) != GP_OK || !pending)
		return rc;
	if ((rc = h->ops->begin(h->st, err)) != GP_OK)
		return rc;
	rc = settle_in_txn(h, max_points, utc_offset_s, stats, taken, err);
	return settle_end(h, rc, stats, taken, err);
}

struct settle_plan {
	struct day_plan plan;
	struct meter_index *meters; /* held while the plan points into it */
	struct log_acc log;
	int64_t first_id, last_id;
	size_t max_points;
	int utc_offset_s;
	struct readings_stats stats;
};

void readings_settle_plan_free(struct settle_plan *sp)
{
	if (!sp)
		return;
	plan_release(&sp->plan);
	if (sp->meters)
		meter_index_put(sp->meters);
	free(sp->log.pts);
	free(sp);
}

int readings_settle_prepare(struct store_handle *h, size_t max_points, int utc_offset_s,
			    struct settle_plan **out, struct gp_err *err)
{
	struct settle_plan *sp = xcalloc(1, sizeof(*sp));
	int rc;

	*out = NULL;
	sp->max_points = max_points;
	sp->utc_offset_s = utc_offset_s;
	sp->log.err = err;
	if ((rc = h->ops->begin_read(h->st, err)) != GP_OK) {
		free(sp);
		return rc;
	}
	if ((rc = h->ops->meters->log_first(h->st, &sp->first_id, err)) == GP_OK && sp->first_id)
		rc = h->ops->meters->log_scan(h->st, max_points, log_take, &sp->log, &sp->last_id,
					      err);
	if (rc == GP_OK && sp->log.n && (rc = meter_index_get(h, &sp->meters, err)) == GP_OK)
		rc = plan_points(h, &sp->plan, sp->meters, sp->log.pts, sp->log.n, sp->log.n, NULL,
				 0, utc_offset_s, &sp->stats, err);
	if (rc == GP_OK)
		rc = h->ops->commit(h->st, err); /* ends the read snapshot */
	else
		h->ops->rollback(h->st);
	if (rc != GP_OK || !sp->first_id) {
		readings_settle_plan_free(sp);
		return rc;
	}
	sp->stats.logged = (long long)sp->log.n;
	*out = sp;
	return GP_OK;
}

int readings_settle_finish(struct store_handle *h, struct settle_plan *sp,
			   struct readings_stats *stats, struct reading **taken, struct gp_err *err)
{
	int64_t first = 0;
	int rc;

	memset(stats, 0, sizeof(*stats));
	if (taken)
		*taken = NULL;
	if ((rc = h->ops->begin(h->st, err)) != GP_OK)
		return rc;
	if ((rc = h->ops->meters->log_first(h->st, &first, err)) == GP_OK) {
		if (first == sp->first_id) {
			/* the log is as planned on: nothing has settled or written directly */
			*stats = sp->stats;
			if ((rc = plan_write(h, &sp->plan, stats, err)) == GP_OK && sp->last_id)
				rc = h->ops->meters->log_delete(h->st, sp->last_id, err);
			if (rc == GP_OK && taken) {
				*taken = sp->log.pts;
				sp->log.pts = NULL;
			}
		} else {
			/* another process settled or wrote in between: afresh, in this
			 * transaction */
			rc = settle_in_txn(h, sp->max_points, sp->utc_offset_s, stats, taken, err);
		}
	}
	return settle_end(h, rc, stats, taken, err);
}

int series_step_parse(const char *s, enum series_step *out, struct gp_err *err)
{
	static const char *const names[] = {"raw", "hour", "day", "month"};
	int v, rc = code_table_parse("step", s, names, NULL, 4, &v, err);
	if (rc == GP_OK)
		*out = (enum series_step)v;
	return rc;
}

struct series_ctx {
	const struct meter *m;
	enum series_step step;
	int64_t from, to;
	int utc_offset_s;
	size_t max;
	json_t *points;
	int rc;
	struct gp_err *err;
};

static void add_point(struct series_ctx *c, int64_t ts, double v)
{
	if (c->rc != GP_OK || ts < c->from || ts >= c->to || isnan(v))
		return;
	if (json_array_size(c->points) >= c->max) {
		c->rc = gp_err_set(c->err, GP_ETOOBIG,
				   "more than %zu points: narrow from/to or take a coarser step",
				   c->max);
		return;
	}
	json_array_append_new(c->points, json_pack("[I, f]", (json_int_t)ts, v));
}

static void series_day(void *arg, const struct meter_day_row *r)
{
	struct series_ctx *c = arg;
	struct tsz_point *p = NULL;
	size_t n = 0;
	double scale = c->m->multiplier * c->m->to_canonical;

	if (c->rc != GP_OK)
		return;
	if (c->step == STEP_DAY) {
		add_point(c, meter_day_start(r->day, c->utc_offset_s), r->value);
		return;
	}
	if (c->step == STEP_RAW)
		c->rc = tsz_decode(r->points, r->points_len, &p, &n, c->err);
	else
		c->rc = tsz_decode(r->hours, r->hours_len, &p, &n, c->err);
	for (size_t i = 0; c->rc == GP_OK && i < n; i++)
		add_point(c, p[i].ts, c->step == STEP_RAW ? p[i].v * scale : p[i].v);
	free(p);
}

static void series_month(void *arg, const struct meter_month_row *r)
{
	struct series_ctx *c = arg;
	long first = date_days(r->month / 100, r->month % 100, 1);
	add_point(c, meter_day_start(first, c->utc_offset_s), r->value);
}

/* A virtual meter's series: its terms' series at the same step added with their signs, at
 * the periods every term has a value for (a period some term lacks would be wrong, not
 * smaller). Each term's points are in time order, so one cursor per term suffices. */
static int virtual_series(struct store_handle *h, const struct meter *m, const char *unit,
			  int64_t from, int64_t to, enum series_step step, int utc_offset_s,
			  size_t max_points, json_t **out, struct gp_err *err)
{
	struct meter_term terms[METER_FORMULA_TERMS];
	json_t *parts[METER_FORMULA_TERMS] = {NULL}, *points;
	size_t nt = 0, cursor[METER_FORMULA_TERMS] = {0};
	int rc;

	*out = NULL;
	if (step == STEP_RAW)
		return gp_err_set(
		    err, GP_EINPUT,
		    "virtual meter %s has no raw readings: take step hour, day or month", m->code);
	if ((rc = meter_formula_parse(m->formula, terms, &nt, err)) != GP_OK)
		return rc;
	for (size_t i = 0; i < nt && rc == GP_OK; i++) {
		struct meter part;
		json_t *o = NULL;
		if ((rc = h->ops->meters->meter_find(h->st, terms[i].code, &part, err)) != GP_OK)
			break;
		if (part.kind == METER_VIRTUAL) {
			rc = gp_err_set(err, GP_EINPUT, "virtual meter %s names virtual meter %s",
					m->code, part.code);
			break;
		}
		if ((rc = readings_series(h, &part, unit, from, to, step, utc_offset_s, max_points,
					  &o, err)) == GP_OK) {
			parts[i] = json_incref(json_object_get(o, "points"));
			json_decref(o);
		}
	}
	points = json_array();
	for (size_t k = 0; rc == GP_OK && k < json_array_size(parts[0]); k++) {
		json_t *p = json_array_get(parts[0], k);
		json_int_t ts = json_integer_value(json_array_get(p, 0));
		double v = terms[0].sign * json_number_value(json_array_get(p, 1));
		bool all = true;
		for (size_t i = 1; i < nt && all; i++) {
			json_t *q;
			while ((q = json_array_get(parts[i], cursor[i])) &&
			       json_integer_value(json_array_get(q, 0)) < ts)
				cursor[i]++;
			all = q && json_integer_value(json_array_get(q, 0)) == ts;
			if (all)
				v += terms[i].sign * json_number_value(json_array_get(q, 1));
		}
		if (all)
			json_array_append_new(points, json_pack("[I, f]", ts, v));
	}
	for (size_t i = 0; i < nt; i++)
		json_decref(parts[i]);
	if (rc != GP_OK) {
		json_decref(points);
		return rc;
	}
	*out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "meter", m->code, "item", m->item,
			 "unit", unit, "formula", m->formula, "step",
			 step == STEP_HOUR  ? "hour"
			 : step == STEP_DAY ? "day"
					    : "month",
			 "points", points);
	return GP_OK;
}

int readings_series(struct store_handle *h, const struct meter *m, const char *unit, int64_t from,
		    int64_t to, enum series_step step, int utc_offset_s, size_t max_points,
		    json_t **out, struct gp_err *err)
{
	int settled = readings_settle_pending(h, err);
	if (settled != GP_OK)
		return settled;
	if (m->kind == METER_VIRTUAL)
		return virtual_series(h, m, unit, from, to, step, utc_offset_s, max_points, out,
				      err);
	struct series_ctx c = {m,          step,         from,  to, utc_offset_s,
			       max_points, json_array(), GP_OK, err};
	int rc;

	*out = NULL;
	if (to <= from) {
		json_decref(c.points);
		return gp_err_set(err, GP_EINPUT, "to must be after from");
	}
	if (step == STEP_MONTH) {
		long d0 = meter_day_of(from + 1, utc_offset_s), d1 = meter_day_of(to, utc_offset_s);
		rc = h->ops->meters->months_range(h->st, m->id, month_of(d0), month_of(d1),
						  series_month, &c, err);
	} else {
		/* a row holds the readings settling its day: (day start, day end] */
		rc =
		    h->ops->meters->days_range(h->st, m->id, meter_day_of(from, utc_offset_s),
					       meter_day_of(to, utc_offset_s), series_day, &c, err);
	}
	if (rc == GP_OK)
		rc = c.rc;
	if (rc != GP_OK) {
		json_decref(c.points);
		return rc;
	}
	*out = json_pack("{s:s, s:s, s:s, s:s, s:o}", "meter", m->code, "item", m->item, "unit",
			 unit, "step",
			 step == STEP_RAW    ? "raw"
			 : step == STEP_HOUR ? "hour"
			 : step == STEP_DAY  ? "day"
					     : "month",
			 "points", c.points);
	return GP_OK;
}

/* The last point stored before day (in the nearest earlier row); *has false if none. */
static int last_before(struct store_handle *h, int64_t meter_id, long day, struct tsz_point *last,
		       bool *has, struct gp_err *err)
{
	struct day_plan none;
	struct day_view v;
	struct tsz_point *p = NULL;
	size_t n = 0;
	int rc;

	memset(&none, 0, sizeof(none));
	*has = false;
	if ((rc = view_near(h, &none, meter_id, day, -1, &v, err)) != GP_OK)
		return rc;
	if (v.found && (rc = decode_row(&v.row, &p, &n, err)) == GP_OK && n) {
		*last = p[n - 1];
		*has = true;
	}
	free(p);
	view_release(&v);
	return rc;
}

int readings_latest(struct store_handle *h, const struct meter *m, struct tsz_point *out, bool *has,
		    struct gp_err *err)
{
	int rc = readings_settle_pending(h, err);
	*has = false;
	return rc != GP_OK ? rc : last_before(h, m->id, LONG_MAX, out, has, err);
}

struct quality_ctx {
	int months[12][3]; /* days, points, flags */
};

static void quality_day(void *arg, const struct meter_day_row *r)
{
	struct quality_ctx *q = arg;
	int y, m, d;

	date_civil(r->day, &y, &m, &d);
	q->months[m - 1][0]++;
	q->months[m - 1][1] += (int)r->n;
	q->months[m - 1][2] |= r->flags;
}

int readings_quality(struct store_handle *h, const struct meter *m, int year, int utc_offset_s,
		     json_t *out, struct gp_err *err)
{
	static const char *const names[] = {"gap", "spike", "reset", "rollover"};
	struct quality_ctx q;
	int rc;

	(void)utc_offset_s;
	memset(&q, 0, sizeof(q));
	if ((rc = readings_settle_pending(h, err)) != GP_OK)
		return rc;
	if ((rc = h->ops->meters->days_range(h->st, m->id, date_days(year, 1, 1),
					     date_days(year + 1, 1, 1) - 1, quality_day, &q,
					     err)) != GP_OK)
		return rc;
	for (int k = 0; k < 12; k++) {
		long mdays = date_days(k == 11 ? year + 1 : year, k == 11 ? 1 : k + 2, 1) -
			     date_days(year, k + 1, 1);
		double expected = (double)mdays * 86400.0 / m->interval_s;
		json_t *flags = json_array();
		char month[8];

		if (!q.months[k][0]) {
			json_decref(flags);
			continue;
		}
		for (int b = 0; b < 4; b++)
			if (q.months[k][2] & (1 << b))
				json_array_append_new(flags, json_string(names[b]));
		period_format(year * 100 + k + 1, month);
		json_array_append_new(out, json_pack("{s:s, s:s, s:i, s:i, s:f, s:f, s:o}", "meter",
						     m->code, "month", month, "days",
						     q.months[k][0], "points", q.months[k][1],
						     "expected", expected, "coverage",
						     q.months[k][1] / expected, "flags", flags));
	}
	return GP_OK;
}
