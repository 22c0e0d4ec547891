/* alarms.c — evaluating alarm rules against the stored readings and rollups, acting on
 * alarms, and their JSON (alarms.h). */
#include "report/alarms.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/registry.h"
#include "ingest/write_queue.h"
#include "report/json.h"
#include "store/store_meters.h"
#include "util/str.h"

#define LATEST_POINTS 3 /* a cumulative meter's rate needs three readings */

static int cmp_meter_id(const void *a, const void *b)
{
	int64_t x = ((const struct meter *)a)->id, y = ((const struct meter *)b)->id;
	return (x > y) - (x < y);
}

static const struct meter *meter_by_id(const struct meter *list, size_t n, int64_t id)
{
	struct meter key;

	memset(&key, 0, sizeof(key));
	key.id = id;
	return bsearch(&key, list, n, sizeof(*list), cmp_meter_id);
}

/* Every meter, ordered by id. The caller frees *out. */
static int meters_by_id(struct store_handle *h, struct meter **out, size_t *n, struct gp_err *err)
{
	int rc = h->ops->meters->meter_list(h->st, 0, out, n, err);
	if (rc == GP_OK && *n)
		qsort(*out, *n, sizeof(**out), cmp_meter_id);
	return rc;
}

/* The meter's last (up to) LATEST_POINTS readings as stored, oldest first: from its last day
 * row and, when that holds fewer, the rows before it. */
static int latest_points(struct store_handle *h, int64_t meter_id, struct tsz_point *out, size_t *n,
			 struct gp_err *err)
{
	long day = LONG_MAX;
	int rc = GP_OK;

	*n = 0;
	for (int rows = 0; rows < LATEST_POINTS && *n < LATEST_POINTS; rows++) {
		struct meter_day_row r;
		struct tsz_point *p = NULL;
		size_t np = 0, take;

		rc = h->ops->meters->day_near(h->st, meter_id, day, -1, &r, err);
		if (rc == GP_ENOTFOUND)
			return GP_OK;
		if (rc != GP_OK)
			return rc;
		day = r.day;
		if (r.points_len)
			rc = tsz_decode(r.points, r.points_len, &p, &np, err);
		meter_day_row_release(&r);
		if (rc != GP_OK) {
			free(p);
			return rc;
		}
		take = np < LATEST_POINTS - *n ? np : LATEST_POINTS - *n;
		if (p && take) {
			/* the older points go before the ones already taken */
			memmove(out + take, out, *n * sizeof(*out));
			memcpy(out, p + (np - take), take * sizeof(*out));
			*n += take;
		}
		free(p);
	}
	return rc;
}

/* Applies the transition a verdict calls for; with returns_only, only a return to normal. */
static int apply(struct store_handle *h, const struct alarm_rule *r, int64_t meter_id,
		 const struct alarm_verdict *v, int64_t now, bool returns_only,
		 struct alarm_run_stats *stats, struct gp_err *err)
{
	const struct alarms_store_ops *a = h->ops->alarms;
	struct alarm_seen seen;
	int64_t open_id, id;
	enum alarm_action act;
	int rc;

	if (!v->judged)
		return GP_OK;
	stats->judged++;
	if ((rc = a->seen(h->st, r->id, meter_id, &seen, &open_id, err)) != GP_OK)
		return rc;
	act = alarm_transition(r->kind, &seen, v);
	if (returns_only && act != ALARM_RETURN)
		return GP_OK;
	switch (act) {
	case ALARM_NONE: return GP_OK;
	case ALARM_RAISE:
		stats->raised++;
		return a->raise(h->st, r->id, meter_id, v, now, &id, err);
	case ALARM_UPDATE: stats->updated++; return a->update(h->st, open_id, v, now, err);
	case ALARM_RETURN: stats->returned++; return a->back_to_normal(h->st, open_id, v, now, err);
	}
	return GP_OK;
}

static bool applies(const struct alarm_rule *r, int64_t meter_id)
{
	switch (r->kind) {
	case ALARM_THRESHOLD:
	case ALARM_RATE: return r->meter_id == meter_id;
	case ALARM_STALE: return r->meter_id == 0 || r->meter_id == meter_id;
	case ALARM_IMBALANCE:
	case ALARM_KIND_COUNT: break;
	}
	return false;
}

/* The rules of one meter judged on its latest readings p[0..np) (oldest first). */
static int judge_meter(struct store_handle *h, const struct alarm_rule *rules, size_t nrules,
		       const struct meter *m, const struct tsz_point *p, size_t np, int64_t now,
		       struct alarm_run_stats *stats, struct gp_err *err)
{
	const struct tsz_point *last = np ? &p[np - 1] : NULL;
	double level = NAN, level_prev = NAN, rate = NAN;
	int rc = GP_OK;

	if (np >= 1)
		level = alarm_level(m, last, np >= 2 ? &p[np - 2] : NULL);
	if (np >= 2) {
		level_prev = alarm_level(m, &p[np - 2], np >= 3 ? &p[np - 3] : NULL);
		rate = alarm_rate(level, level_prev, last->ts, p[np - 2].ts);
	}
	for (size_t i = 0; i < nrules && rc == GP_OK; i++) {
		const struct alarm_rule *r = &rules[i];
		struct alarm_verdict v;

		if (!applies(r, m->id))
			continue;
		stats->rules++;
		if (r->kind == ALARM_THRESHOLD && last) {
			alarm_judge_threshold(r, level, last->ts, &v);
			rc = apply(h, r, m->id, &v, now, false, stats, err);
		} else if (r->kind == ALARM_RATE && last) {
			alarm_judge_rate(r, rate, last->ts, &v);
			rc = apply(h, r, m->id, &v, now, false, stats, err);
		} else if (r->kind == ALARM_STALE) {
			/* a write makes a meter fresh: only returns here; raising is the sweep's */
			alarm_judge_stale(r, m, last != NULL, last ? last->ts : 0, now, &v);
			rc = apply(h, r, m->id, &v, now, true, stats, err);
		}
	}
	return rc;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* The distinct meter ids of pts (readings_write leaves them sorted, so the first pass keeps
 * the array small). The caller frees *out. */
static void distinct_meters(const struct reading *pts, size_t n, int32_t **out, size_t *nout)
{
	int32_t *ids = NULL;
	size_t k = 0, cap = 0;

	for (size_t i = 0; i < n; i++) {
		if (k && ids[k - 1] == pts[i].meter_id)
			continue;
		XGROW(ids, k + 1, cap);
		ids[k++] = pts[i].meter_id;
	}
	if (k > 1) {
		size_t j = 0;
		qsort(ids, k, sizeof(*ids), cmp_i32);
		for (size_t i = 0; i < k; i++)
			if (!j || ids[j - 1] != ids[i])
				ids[j++] = ids[i];
		k = j;
	}
	*out = ids;
	*nout = k;
}

/* The enabled rules judged on a write: threshold, rate and stale. The caller frees *out. */
static int write_rules(struct store_handle *h, struct alarm_rule **out, size_t *n,
		       struct gp_err *err)
{
	size_t k = 0;
	int rc = h->ops->alarms->rule_list(h->st, 0, true, out, n, err);

	if (rc != GP_OK)
		return rc;
	for (size_t i = 0; i < *n; i++)
		if ((*out)[i].kind != ALARM_IMBALANCE)
			(*out)[k++] = (*out)[i];
	*n = k;
	return GP_OK;
}

/* Judges the write rules of the meters ids[0..nids) (or, ids NULL, of every meter a rule
 * watches) on their latest readings, in one transaction; none watched: no transaction. */
static int check_meters(struct store_handle *h, int32_t *ids, size_t nids, int64_t now, bool settle,
			struct gp_err *err)
{
	struct alarm_run_stats stats;
	struct alarm_rule *rules = NULL;
	struct meter *meters = NULL;
	size_t nrules = 0, nmeters = 0;
	bool all = ids == NULL;
	int rc;

	memset(&stats, 0, sizeof(stats));
	if ((rc = write_rules(h, &rules, &nrules, err)) != GP_OK || !nrules)
		goto out;
	if (all) {
		if ((rc = meters_by_id(h, &meters, &nmeters, err)) != GP_OK)
			goto out;
		ids = xcalloc(nmeters ? nmeters : 1, sizeof(*ids));
		for (size_t i = 0; i < nmeters; i++)
			ids[nids++] = (int32_t)meters[i].id;
	}
	/* only the meters some rule applies to (a write of meters no rule watches reads no
	 * meter list and opens no transaction) */
	{
		size_t k = 0;
		for (size_t i = 0; i < nids; i++) {
			bool any = false;
			for (size_t j = 0; j < nrules && !any; j++)
				any = applies(&rules[j], ids[i]);
			if (any)
				ids[k++] = ids[i];
		}
		nids = k;
	}
	if (!nids || (!all && (rc = meters_by_id(h, &meters, &nmeters, err)) != GP_OK))
		goto out;
	/* the day rows must hold every acknowledged point: a server's writes wait in the
	 * readings log until they are settled (ingest/write_queue.h), unless this is the
	 * settle's own check */
	if ((settle && (rc = readings_settle_pending(h, err)) != GP_OK) ||
	    (rc = h->ops->begin(h->st, err)) != GP_OK)
		goto out;
	for (size_t i = 0; i < nids && rc == GP_OK; i++) {
		const struct meter *m = meter_by_id(meters, nmeters, ids[i]);
		struct tsz_point p[LATEST_POINTS];
		size_t np = 0;

		if (!m || m->kind == METER_VIRTUAL)
			continue;
		if ((rc = latest_points(h, m->id, p, &np, err)) == GP_OK)
			rc = judge_meter(h, rules, nrules, m, p, np, now, &stats, err);
	}
	if (rc == GP_OK)
		rc = h->ops->commit(h->st, err);
	if (rc != GP_OK)
		h->ops->rollback(h->st);
out:
	if (all)
		free(ids);
	free(meters);
	free(rules);
	return rc;
}

int alarm_check_points(struct store_handle *h, const struct reading *pts, size_t n, int64_t now,
		       struct gp_err *err)
{
	int32_t *ids = NULL;
	size_t nids = 0;
	int rc;

	if (!n || !h->ops->alarms || !h->ops->meters)
		return GP_OK;
	distinct_meters(pts, n, &ids, &nids);
	rc = check_meters(h, ids, nids, now, true, err);
	free(ids);
	return rc;
}

void alarm_check_settled(struct store_handle *h, const struct reading *pts, size_t n)
{
	int32_t *ids = NULL;
	size_t nids = 0;
	struct gp_err err;

	if (!n || !h->ops->alarms || !h->ops->meters)
		return;
	distinct_meters(pts, n, &ids, &nids);
	if (check_meters(h, ids, nids, (int64_t)time(NULL), false, &err) != GP_OK)
		fprintf(stderr, "greenpark: alarms after settling the readings log: %s\n", err.msg);
	free(ids);
}

int alarm_check_all(struct store_handle *h, int64_t now, struct gp_err *err)
{
	if (!h->ops->alarms || !h->ops->meters)
		return GP_OK;
	return check_meters(h, NULL, 0, now, true, err);
}

void alarm_check_all_logged(struct store_handle *h, const char *source)
{
	struct gp_err err;

	if (alarm_check_all(h, (int64_t)time(NULL), &err) != GP_OK)
		fprintf(stderr, "greenpark: alarms after %s: %s\n", source, err.msg);
}

/* A meter's value of a period from its rollups: the day's (key: days since 1970-01-01) or
 * the month's (key: YYYYMM); NAN when it has none. */
struct month_pick {
	double v;
};

static void pick_month(void *arg, const struct meter_month_row *r)
{
	((struct month_pick *)arg)->v = r->value;
}

static int period_value(struct store_handle *h, int64_t meter_id, enum alarm_period p, int64_t key,
			double *v, struct gp_err *err)
{
	struct month_pick m = {NAN};
	struct meter_day_row r;
	int rc;

	*v = NAN;
	if (p == ALARM_PERIOD_MONTH) {
		rc = h->ops->meters->months_range(h->st, meter_id, (int)key, (int)key, pick_month,
						  &m, err);
		*v = m.v;
		return rc;
	}
	rc = h->ops->meters->day_get(h->st, meter_id, (long)key, &r, err);
	if (rc == GP_ENOTFOUND)
		return GP_OK;
	if (rc == GP_OK) {
		*v = r.value;
		meter_day_row_release(&r);
	}
	return rc;
}

static int sweep_stale(struct store_handle *h, const struct alarm_rule *r,
		       const struct meter *meters, size_t nmeters, int64_t now,
		       struct alarm_run_stats *stats, struct gp_err *err)
{
	int rc = GP_OK;

	for (size_t i = 0; i < nmeters && rc == GP_OK; i++) {
		const struct meter *m = &meters[i];
		struct tsz_point p[1];
		struct alarm_verdict v;
		size_t np = 0;
		struct meter_day_row row;

		if (m->kind == METER_VIRTUAL || (r->meter_id && r->meter_id != m->id))
			continue;
		/* the latest reading: the last point of the last day row */
		rc = h->ops->meters->day_near(h->st, m->id, LONG_MAX, -1, &row, err);
		if (rc == GP_ENOTFOUND) {
			rc = GP_OK;
		} else if (rc == GP_OK) {
			struct tsz_point *pts = NULL;
			size_t n = 0;
			if (row.points_len &&
			    (rc = tsz_decode(row.points, row.points_len, &pts, &n, err)) == GP_OK &&
			    n) {
				p[0] = pts[n - 1];
				np = 1;
			}
			free(pts);
			meter_day_row_release(&row);
		}
		if (rc != GP_OK)
			break;
		alarm_judge_stale(r, m, np == 1, np ? p[0].ts : 0, now, &v);
		rc = apply(h, r, m->id, &v, now, false, stats, err);
	}
	return rc;
}

static int sweep_imbalance(struct store_handle *h, const struct alarm_rule *r,
			   const struct meter *meters, size_t nmeters, int64_t now,
			   int utc_offset_s, struct alarm_run_stats *stats, struct gp_err *err)
{
	double *subs = NULL;
	size_t cap = 0;
	int64_t key;
	char text[11];
	int rc = GP_OK;

	alarm_last_period(r->period, now, utc_offset_s, &key, text);
	for (size_t i = 0; i < nmeters && rc == GP_OK; i++) {
		const struct meter *m = &meters[i];
		struct meter_balance b;
		struct alarm_verdict v;
		double master;
		size_t nsubs = 0;

		if (r->meter_id && r->meter_id != m->id)
			continue;
		for (size_t j = 0; j < nmeters && rc == GP_OK; j++) {
			if (meters[j].parent_id != m->id)
				continue;
			XGROW(subs, nsubs + 1, cap);
			rc = period_value(h, meters[j].id, r->period, key, &subs[nsubs++], err);
		}
		if (rc != GP_OK || !nsubs)
			continue;
		if ((rc = period_value(h, m->id, r->period, key, &master, err)) != GP_OK)
			break;
		meter_balance_of(master, subs, nsubs, &b);
		alarm_judge_imbalance(r, &b, key, text, now, &v);
		rc = apply(h, r, m->id, &v, now, false, stats, err);
	}
	free(subs);
	return rc;
}

int alarm_sweep(struct store_handle *h, int64_t now, struct alarm_run_stats *stats,
		struct gp_err *err)
{
	struct alarm_run_stats local;
	struct alarm_rule *rules = NULL;
	struct meter *meters = NULL;
	struct park park;
	size_t nrules = 0, nmeters = 0, k = 0;
	int rc;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	if (!h->ops->alarms || !h->ops->meters)
		return GP_OK;
	if ((rc = h->ops->alarms->rule_list(h->st, 0, true, &rules, &nrules, err)) != GP_OK)
		return rc;
	for (size_t i = 0; i < nrules; i++)
		if (rules[i].kind == ALARM_STALE || rules[i].kind == ALARM_IMBALANCE)
			rules[k++] = rules[i];
	nrules = k;
	if (!nrules)
		goto out;
	if ((rc = h->ops->park_get(h->st, &park, err)) != GP_OK ||
	    (rc = meters_by_id(h, &meters, &nmeters, err)) != GP_OK ||
	    (rc = readings_settle_pending(h, err)) != GP_OK ||
	    (rc = h->ops->begin(h->st, err)) != GP_OK)
		goto out;
	for (size_t i = 0; i < nrules && rc == GP_OK; i++) {
		stats->rules++;
		if (rules[i].kind == ALARM_STALE)
			rc = sweep_stale(h, &rules[i], meters, nmeters, now, stats, err);
		else
			rc = sweep_imbalance(h, &rules[i], meters, nmeters, now,
					     park_utc_offset(&park), stats, err);
	}
	if (rc == GP_OK)
		rc = h->ops->commit(h->st, err);
	if (rc != GP_OK) {
		h->ops->rollback(h->st);
		memset(stats, 0, sizeof(*stats));
	}
out:
	free(meters);
	free(rules);
	return rc;
}

int alarm_rule_check(struct store_handle *h, struct alarm_rule *r, struct gp_err *err)
{
	struct meter m, *list = NULL;
	size_t n = 0;
	bool subs = false;
	int rc;

	if ((rc = alarm_rule_validate(r, err)) != GP_OK)
		return rc;
	r->meter_id = 0;
	r->uscc[0] = '\0';
	if (!r->meter[0])
		return GP_OK;
	if ((rc = h->ops->meters->meter_find(h->st, r->meter, &m, err)) != GP_OK)
		return rc;
	if (m.kind == METER_VIRTUAL)
		return gp_err_set(err, GP_EINPUT,
				  "meter %s is virtual (%s): it has no readings to judge", m.code,
				  m.formula);
	r->meter_id = m.id;
	str_copy(r->uscc, sizeof(r->uscc), m.uscc);
	if (r->kind != ALARM_IMBALANCE)
		return GP_OK;
	if ((rc = h->ops->meters->meter_list(h->st, 0, &list, &n, err)) != GP_OK)
		return rc;
	for (size_t i = 0; i < n && !subs; i++)
		subs = list[i].parent_id == m.id;
	free(list);
	if (!subs)
		return gp_err_set(err, GP_EINPUT,
				  "meter %s has no sub-meters (an imbalance rule compares a master "
				  "with its sub-meters: 'greenpark meter add … --parent %s')",
				  m.code, m.code);
	return GP_OK;
}

int alarm_rule_add(struct store_handle *h, struct alarm_rule *r, const char *actor, int64_t *id,
		   struct gp_err *err)
{
	int rc = alarm_rule_check(h, r, err);
	if (rc != GP_OK)
		return rc;
	return h->ops->alarms->rule_add(h->st, r, actor, id, err);
}

/* Runs act on alarm id in one transaction after the scope and state checks. */
static int act_on(struct store_handle *h, int64_t id, int64_t enterprise_id, const char *actor,
		  const char *note, int64_t now, bool clear, struct gp_err *err)
{
	struct alarm a;
	int rc;

	if ((rc = alarm_note_check("note", note, err)) != GP_OK)
		return rc;
	if ((rc = h->ops->begin(h->st, err)) != GP_OK)
		return rc;
	if ((rc = h->ops->alarms->get(h->st, id, &a, err)) != GP_OK)
		goto done;
	if (enterprise_id > 0 && a.enterprise_id != enterprise_id) {
		rc = gp_err_set(err, GP_ENOTFOUND, "no alarm %lld", (long long)id);
		goto done;
	}
	if (clear)
		rc = alarm_clear_check(&a, note, err);
	else
		rc = alarm_ack_check(&a, err);
	if (rc != GP_OK)
		goto done;
	rc = clear ? h->ops->alarms->clear(h->st, id, actor, note, now, err)
		   : h->ops->alarms->ack(h->st, id, actor, note, now, err);
done:
	if (rc == GP_OK)
		rc = h->ops->commit(h->st, err);
	if (rc != GP_OK)
		h->ops->rollback(h->st);
	return rc;
}

int alarm_ack(struct store_handle *h, int64_t id, int64_t enterprise_id, const char *actor,
	      const char *note, int64_t now, struct gp_err *err)
{
	return act_on(h, id, enterprise_id, actor, note, now, false, err);
}

int alarm_clear(struct store_handle *h, int64_t id, int64_t enterprise_id, const char *actor,
		const char *note, int64_t now, struct gp_err *err)
{
	return act_on(h, id, enterprise_id, actor, note, now, true, err);
}

static json_t *str_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

json_t *alarm_rule_json(const struct alarm_rule *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer((json_int_t)r->id));
	json_object_set_new(o, "kind", json_string(alarm_kind_name(r->kind)));
	json_object_set_new(o, "meter", str_or_null(r->meter));
	json_object_set_new(o, "uscc", str_or_null(r->uscc));
	json_object_set_new(o, "severity", json_integer(r->severity));
	json_object_set_new(o, "severity_name", json_string(alarm_severity_name(r->severity)));
	json_object_set_new(o, "enabled", json_boolean(r->enabled));
	json_object_set_new(o, "note", json_string(r->note));
	json_object_set_new(o, "high", json_number_or_null(r->high));
	json_object_set_new(o, "low", json_number_or_null(r->low));
	json_object_set_new(o, "limit", json_number_or_null(r->limit));
	json_object_set_new(o, "stale_s",
			    r->kind == ALARM_STALE && r->stale_s >= 0
				? json_integer((json_int_t)r->stale_s)
				: json_null());
	json_object_set_new(o, "pct", json_number_or_null(r->pct));
	json_object_set_new(o, "period", str_or_null(alarm_period_name(r->period)));
	json_object_set_new(o, "min_value", json_number_or_null(r->min_value));
	json_object_set_new(o, "created_at", json_string(r->created_at));
	json_object_set_new(o, "created_by", json_string(r->created_by));
	return o;
}

static json_t *action_json(const char *by, int64_t at, const char *note)
{
	return json_pack("{s:s, s:I, s:s}", "by", by, "at", (json_int_t)at, "note", note);
}

json_t *alarm_json(const struct alarm *a)
{
	enum alarm_state s = alarm_state_of(a->active, a->acked, a->cleared);
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer((json_int_t)a->id));
	json_object_set_new(o, "rule", json_integer((json_int_t)a->rule_id));
	json_object_set_new(o, "kind", json_string(alarm_kind_name(a->kind)));
	json_object_set_new(o, "severity", json_integer(a->severity));
	json_object_set_new(o, "severity_name", json_string(alarm_severity_name(a->severity)));
	json_object_set_new(o, "meter", json_string(a->meter));
	json_object_set_new(o, "uscc", json_string(a->uscc));
	json_object_set_new(o, "state", json_string(alarm_state_name(s)));
	json_object_set_new(o, "state_zh", json_string(alarm_state_zh(s)));
	json_object_set_new(o, "active", json_boolean(a->active));
	json_object_set_new(o, "acked", json_boolean(a->acked));
	json_object_set_new(o, "raised_at", json_integer((json_int_t)a->raised_at));
	json_object_set_new(o, "last_at", json_integer((json_int_t)a->last_at));
	json_object_set_new(o, "value", json_number_or_null(a->value));
	json_object_set_new(o, "count", json_integer(a->count));
	json_object_set_new(o, "detail", json_string(a->detail));
	json_object_set_new(o, "period", str_or_null(a->period));
	json_object_set_new(o, "returned_at",
			    a->returned_at ? json_integer((json_int_t)a->returned_at)
					   : json_null());
	json_object_set_new(
	    o, "ack", a->acked ? action_json(a->ack_by, a->ack_at, a->ack_note) : json_null());
	json_object_set_new(o, "cleared",
			    a->cleared ? action_json(a->cleared_by, a->cleared_at, a->clear_note)
				       : json_null());
	return o;
}

json_t *alarm_event_json(const struct alarm_event *e)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:o, s:s, s:s, s:s}", "id", (json_int_t)e->id,
			 "alarm", (json_int_t)e->alarm_id, "at", (json_int_t)e->at, "event",
			 alarm_event_name(e->event), "actor", e->actor, "value",
			 json_number_or_null(e->value), "note", e->note, "meter", e->meter, "kind",
			 alarm_kind_name(e->kind));
}

json_t *alarm_counts_json(const struct alarm_counts *c)
{
	json_t *sev = json_array();
	long total[3] = {0, 0, 0}, open;
	int worst = 0;

	for (int k = 0; k < 3; k++) {
		for (int s = 0; s < 3; s++)
			total[s] += c->n[s][k];
		if (!worst && c->n[ALARM_ACTIVE][k])
			worst = k + 1;
		json_array_append_new(sev, json_pack("{s:i, s:s, s:I, s:I, s:I}", "severity", k + 1,
						     "name", alarm_severity_name(k + 1), "active",
						     (json_int_t)c->n[ALARM_ACTIVE][k], "acked",
						     (json_int_t)c->n[ALARM_ACKED][k], "returned",
						     (json_int_t)c->n[ALARM_RETURNED][k]));
	}
	open = total[0] + total[1] + total[2];
	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:o}", "open", (json_int_t)open, "active",
			 (json_int_t)total[ALARM_ACTIVE], "acked", (json_int_t)total[ALARM_ACKED],
			 "returned", (json_int_t)total[ALARM_RETURNED], "worst",
			 worst ? json_integer(worst) : json_null(), "by_severity", sev);
}
