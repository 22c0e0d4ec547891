/* alarms.c — alarm rules, levels, verdicts and transitions (alarms.h). Pure: no store, no
 * clock; the caller passes every time it needs. */
#include "core/alarms.h"

#include <math.h>
#include <string.h>

#include "core/period.h"
#include "core/registry.h"
#include "util/str.h"
#include "util/utf8.h"

static const char *const kind_names[ALARM_KIND_COUNT] = {"threshold", "rate", "stale", "imbalance"};
static const char *const kind_zh[ALARM_KIND_COUNT] = {"越限", "变化率", "数据中断", "总分表不平衡"};
static const char *const period_names[ALARM_PERIOD_COUNT] = {"day", "month"};
static const char *const period_zh[ALARM_PERIOD_COUNT] = {"日", "月"};
static const char *const severity_names[3] = {"critical", "major", "minor"};
static const char *const severity_zh[3] = {"紧急", "重要", "一般"};
static const char *const state_names[ALARM_STATE_COUNT] = {"active", "acked", "returned",
							   "cleared"};
static const char *const state_zh[ALARM_STATE_COUNT] = {"告警", "已确认", "已恢复", "已清除"};
static const char *const event_names[ALARM_EV_COUNT] = {"raise", "update", "return", "ack",
							"clear"};

int alarm_kind_parse(const char *s, enum alarm_kind *out, struct gp_err *err)
{
	int v, rc = code_table_parse("kind", s, kind_names, kind_zh, ALARM_KIND_COUNT, &v, err);
	if (rc == GP_OK)
		*out = (enum alarm_kind)v;
	return rc;
}

const char *alarm_kind_name(enum alarm_kind k)
{
	return (unsigned)k < ALARM_KIND_COUNT ? kind_names[k] : "?";
}

const char *alarm_kind_zh(enum alarm_kind k)
{
	return (unsigned)k < ALARM_KIND_COUNT ? kind_zh[k] : "?";
}

int alarm_period_parse(const char *s, enum alarm_period *out, struct gp_err *err)
{
	int v, rc = code_table_parse("period", s, period_names, period_zh, ALARM_PERIOD_COUNT, &v,
				     err);
	if (rc == GP_OK)
		*out = (enum alarm_period)v;
	return rc;
}

const char *alarm_period_name(enum alarm_period p)
{
	return (unsigned)p < ALARM_PERIOD_COUNT ? period_names[p] : "";
}

int alarm_severity_parse(const char *s, int *out, struct gp_err *err)
{
	static const char *const digits[3] = {"1", "2", "3"};
	int v;

	for (int i = 0; i < 3; i++)
		if (strcmp(s, digits[i]) == 0 || strcmp(s, severity_zh[i]) == 0) {
			*out = i + 1;
			return GP_OK;
		}
	if (code_table_parse("severity", s, severity_names, NULL, 3, &v, NULL) == GP_OK) {
		*out = v + 1;
		return GP_OK;
	}
	return gp_err_set(
	    err, GP_EINPUT,
	    "severity '%s' is not 1 (紧急 critical), 2 (重要 major) or 3 (一般 minor)", s);
}

const char *alarm_severity_name(int severity)
{
	return severity >= 1 && severity <= 3 ? severity_names[severity - 1] : "?";
}

const char *alarm_severity_zh(int severity)
{
	return severity >= 1 && severity <= 3 ? severity_zh[severity - 1] : "?";
}

int alarm_state_parse(const char *s, enum alarm_state *out, struct gp_err *err)
{
	int v, rc = code_table_parse("state", s, state_names, state_zh, ALARM_STATE_COUNT, &v, err);
	if (rc == GP_OK)
		*out = (enum alarm_state)v;
	return rc;
}

const char *alarm_state_name(enum alarm_state s)
{
	return (unsigned)s < ALARM_STATE_COUNT ? state_names[s] : "?";
}

const char *alarm_state_zh(enum alarm_state s)
{
	return (unsigned)s < ALARM_STATE_COUNT ? state_zh[s] : "?";
}

enum alarm_state alarm_state_of(bool active, bool acked, bool cleared)
{
	if (cleared)
		return ALARM_CLEARED;
	if (!active)
		return ALARM_RETURNED;
	return acked ? ALARM_ACKED : ALARM_ACTIVE;
}

const char *alarm_event_name(enum alarm_event_kind e)
{
	return (unsigned)e < ALARM_EV_COUNT ? event_names[e] : "?";
}

int alarm_event_parse(const char *s, enum alarm_event_kind *out)
{
	for (int i = 0; i < ALARM_EV_COUNT; i++)
		if (strcmp(s, event_names[i]) == 0) {
			*out = (enum alarm_event_kind)i;
			return GP_OK;
		}
	return GP_EINPUT;
}

void alarm_rule_init(struct alarm_rule *r, enum alarm_kind kind)
{
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->severity = ALARM_SEVERITY_DEFAULT;
	r->enabled = true;
	r->high = r->low = r->limit = r->pct = r->min_value = NAN;
	r->stale_s = -1;
	r->period = ALARM_PERIOD_COUNT;
}

/* A parameter that is set on a rule of another kind. */
static int foreign(const char *field, const char *kinds, enum alarm_kind k, struct gp_err *err)
{
	return gp_err_set(err, GP_EINPUT, "%s applies to %s rules only (this rule is %s)", field,
			  kinds, alarm_kind_name(k));
}

static int finite_or(const char *field, double v, struct gp_err *err)
{
	if (!isnan(v) && !isfinite(v))
		return gp_err_set(err, GP_EINPUT, "%s must be a finite number", field);
	return GP_OK;
}

int alarm_rule_validate(struct alarm_rule *r, struct gp_err *err)
{
	enum alarm_kind k = r->kind;
	int rc;

	if ((unsigned)k >= ALARM_KIND_COUNT)
		return gp_err_set(err, GP_EINPUT,
				  "kind must be one of threshold | rate | stale | imbalance");
	if (r->severity < 1 || r->severity > 3)
		return gp_err_set(err, GP_EINPUT,
				  "severity %d is not 1 (紧急 critical), 2 (重要 major) or 3 (一般 "
				  "minor)",
				  r->severity);
	if ((rc = alarm_note_check("note", r->note, err)) != GP_OK)
		return rc;
	if ((rc = finite_or("high", r->high, err)) != GP_OK ||
	    (rc = finite_or("low", r->low, err)) != GP_OK ||
	    (rc = finite_or("limit", r->limit, err)) != GP_OK ||
	    (rc = finite_or("pct", r->pct, err)) != GP_OK ||
	    (rc = finite_or("min_value", r->min_value, err)) != GP_OK)
		return rc;
	if (!r->meter[0] && (k == ALARM_THRESHOLD || k == ALARM_RATE))
		return gp_err_set(err, GP_EINPUT,
				  "a %s rule needs a meter (only stale and imbalance rules may "
				  "apply to every meter)",
				  alarm_kind_name(k));
	if (r->meter[0] && (rc = meter_code_check(r->meter, err)) != GP_OK)
		return rc;
	/* the kind's own parameters, and none of another kind's */
	if (k != ALARM_THRESHOLD && !isnan(r->high))
		return foreign("high", "threshold", k, err);
	if (k != ALARM_THRESHOLD && !isnan(r->low))
		return foreign("low", "threshold", k, err);
	if (k != ALARM_RATE && !isnan(r->limit))
		return foreign("limit", "rate", k, err);
	if (k != ALARM_STALE && r->stale_s >= 0)
		return foreign("stale_s", "stale", k, err);
	if (k != ALARM_IMBALANCE && !isnan(r->pct))
		return foreign("pct", "imbalance", k, err);
	if (k != ALARM_IMBALANCE && r->period != ALARM_PERIOD_COUNT)
		return foreign("period", "imbalance", k, err);
	if (k != ALARM_IMBALANCE && !isnan(r->min_value))
		return foreign("min_value", "imbalance", k, err);
	switch (k) {
	case ALARM_THRESHOLD:
		if (isnan(r->high) && isnan(r->low))
			return gp_err_set(err, GP_EINPUT,
					  "a threshold rule needs high and/or low (the limits of "
					  "the meter's level)");
		if (!isnan(r->high) && !isnan(r->low) && !(r->low < r->high))
			return gp_err_set(err, GP_EINPUT, "low %g must be below high %g", r->low,
					  r->high);
		break;
	case ALARM_RATE:
		if (isnan(r->limit) || !(r->limit > 0))
			return gp_err_set(
			    err, GP_EINPUT,
			    "a rate rule needs limit > 0 (the largest change of level "
			    "per hour)");
		break;
	case ALARM_STALE:
		if (r->stale_s < 0)
			r->stale_s = 0;
		if (r->stale_s > ALARM_STALE_MAX_S)
			return gp_err_set(err, GP_EINPUT,
					  "stale_s %ld is not 0-%ld seconds (0: 3 × the meter's "
					  "interval)",
					  r->stale_s, ALARM_STALE_MAX_S);
		break;
	case ALARM_IMBALANCE:
		if (isnan(r->pct) || !(r->pct > 0) || r->pct > 1000)
			return gp_err_set(
			    err, GP_EINPUT,
			    "an imbalance rule needs pct above 0 and at most 1000 (the "
			    "largest |master − subs| / master in %%)");
		if (r->period == ALARM_PERIOD_COUNT)
			r->period = ALARM_PERIOD_DAY;
		if (isnan(r->min_value))
			r->min_value = 0;
		if (r->min_value < 0)
			return gp_err_set(err, GP_EINPUT,
					  "min_value %g must be ≥ 0 (the master's smallest value "
					  "judged)",
					  r->min_value);
		break;
	case ALARM_KIND_COUNT: break;
	}
	return GP_OK;
}

double alarm_level(const struct meter *m, const struct tsz_point *cur, const struct tsz_point *prev)
{
	double scale = m->multiplier * m->to_canonical, d;

	if (!isfinite(cur->v))
		return NAN;
	switch (m->kind) {
	case METER_INSTANT: return cur->v * scale;
	case METER_INTERVAL:
		return m->interval_s > 0 ? cur->v * scale / (double)m->interval_s * 3600.0 : NAN;
	case METER_CUMULATIVE:
		if (!prev || !isfinite(prev->v) || cur->ts <= prev->ts)
			return NAN;
		d = cur->v - prev->v;
		/* the wrap as core/meters.c counts it; any other drop is a reset: no level */
		if (d < 0 && !isnan(m->rollover) && prev->v > m->rollover / 2 &&
		    cur->v < m->rollover / 2)
			d = cur->v + m->rollover - prev->v;
		else if (d < 0)
			return NAN;
		return d * scale / (double)(cur->ts - prev->ts) * 3600.0;
	case METER_VIRTUAL:
	case METER_KIND_COUNT: break;
	}
	return NAN;
}

double alarm_rate(double level, double level_prev, int64_t t, int64_t t_prev)
{
	if (isnan(level) || isnan(level_prev) || t <= t_prev)
		return NAN;
	return fabs(level - level_prev) / (double)(t - t_prev) * 3600.0;
}

long alarm_stale_limit(const struct alarm_rule *r, const struct meter *m)
{
	return r->stale_s > 0 ? r->stale_s : (long)ALARM_STALE_FACTOR * m->interval_s;
}

static void verdict_init(struct alarm_verdict *v, int64_t at)
{
	memset(v, 0, sizeof(*v));
	v->value = NAN;
	v->at = at;
	v->key = at;
}

void alarm_judge_threshold(const struct alarm_rule *r, double level, int64_t at,
			   struct alarm_verdict *out)
{
	verdict_init(out, at);
	if (isnan(level))
		return;
	out->judged = true;
	out->value = level;
	if (!isnan(r->high) && level > r->high) {
		out->violated = true;
		str_fmt(out->detail, sizeof(out->detail), "level %.6g > high %.6g", level, r->high);
	} else if (!isnan(r->low) && level < r->low) {
		out->violated = true;
		str_fmt(out->detail, sizeof(out->detail), "level %.6g < low %.6g", level, r->low);
	} else {
		str_fmt(out->detail, sizeof(out->detail), "level %.6g within limits", level);
	}
}

void alarm_judge_rate(const struct alarm_rule *r, double rate, int64_t at,
		      struct alarm_verdict *out)
{
	verdict_init(out, at);
	if (isnan(rate))
		return;
	out->judged = true;
	out->value = rate;
	out->violated = rate > r->limit;
	str_fmt(out->detail, sizeof(out->detail), "level changes %.6g per hour %s limit %.6g", rate,
		out->violated ? ">" : "≤", r->limit);
}

void alarm_judge_stale(const struct alarm_rule *r, const struct meter *m, bool has,
		       int64_t latest_ts, int64_t now, struct alarm_verdict *out)
{
	long limit = alarm_stale_limit(r, m);

	verdict_init(out, now);
	if (!has)
		return;
	out->judged = true;
	out->key = latest_ts;
	out->value = (double)(now - latest_ts);
	out->violated = now - latest_ts > (int64_t)limit;
	str_fmt(out->detail, sizeof(out->detail), "latest reading %lld s old %s limit %ld s",
		(long long)(now - latest_ts), out->violated ? ">" : "≤", limit);
}

void alarm_judge_imbalance(const struct alarm_rule *r, const struct meter_balance *b, int64_t key,
			   const char *period, int64_t now, struct alarm_verdict *out)
{
	double min = isnan(r->min_value) ? 0 : r->min_value, pct;

	verdict_init(out, now);
	out->key = key;
	str_copy(out->period, sizeof(out->period), period);
	/* a master of 0 (or below min_value) has no meaningful share; no sub-meter value: no
	 * sum to compare (as meter_balance_of leaves it) */
	if (isnan(b->master) || b->master == 0 || b->master < min || isnan(b->subs))
		return;
	pct = fabs(b->master - b->subs) / b->master * 100.0;
	out->judged = true;
	out->value = pct;
	out->violated = pct > r->pct;
	str_fmt(out->detail, sizeof(out->detail), "%s: master %.6g, subs %.6g: %.3g %% %s %.6g %%",
		period, b->master, b->subs, pct, out->violated ? ">" : "≤", r->pct);
}

void alarm_last_period(enum alarm_period p, int64_t now, int utc_offset_s, int64_t *key,
		       char text[11])
{
	int64_t local = now + utc_offset_s;
	long today = (long)(local >= 0 ? local / 86400 : -((-local + 86399) / 86400));
	int y, m, d;

	if (p == ALARM_PERIOD_MONTH) {
		date_civil(today, &y, &m, &d);
		if (--m == 0) {
			m = 12;
			y--;
		}
		*key = (int64_t)y * 100 + m;
		str_fmt(text, 11, "%04d-%02d", y, m);
		return;
	}
	*key = today - 1;
	date_format(today - 1, text);
}

enum alarm_action alarm_transition(enum alarm_kind kind, const struct alarm_seen *seen,
				   const struct alarm_verdict *v)
{
	if (!v->judged)
		return ALARM_NONE;
	if (!v->violated)
		return seen->open && seen->active ? ALARM_RETURN : ALARM_NONE;
	/* each imbalance period raises (or updates) at most once, clear or no clear */
	if (kind == ALARM_IMBALANCE && seen->any && v->key <= seen->max_key)
		return ALARM_NONE;
	if (!seen->open)
		return ALARM_RAISE;
	if (seen->active && v->key == seen->key)
		return ALARM_NONE; /* this observation is counted already */
	return ALARM_UPDATE;
}

int alarm_note_check(const char *field, const char *note, struct gp_err *err)
{
	size_t n = strlen(note);

	if (n > ALARM_NOTE_MAX)
		return gp_err_set(err, GP_EINPUT, "%s has %zu bytes (expected at most %d)", field,
				  n, ALARM_NOTE_MAX);
	if (!utf8_valid(note, n))
		return gp_err_set(err, GP_EINPUT, "%s is not valid UTF-8", field);
	return GP_OK;
}

int alarm_ack_check(const struct alarm *a, struct gp_err *err)
{
	if (a->cleared)
		return gp_err_set(err, GP_ECONFLICT, "alarm %lld is cleared already (by %s)",
				  (long long)a->id, a->cleared_by);
	if (a->acked)
		return gp_err_set(err, GP_ECONFLICT, "alarm %lld is acknowledged already (by %s)",
				  (long long)a->id, a->ack_by);
	return GP_OK;
}

int alarm_clear_check(const struct alarm *a, const char *note, struct gp_err *err)
{
	if (a->cleared)
		return gp_err_set(err, GP_ECONFLICT, "alarm %lld is cleared already (by %s)",
				  (long long)a->id, a->cleared_by);
	if (a->active && !note[0])
		return gp_err_set(err, GP_EINPUT,
				  "alarm %lld is still active: clearing it needs a note saying why "
				  "(the next evaluation raises a new alarm while the condition "
				  "lasts)",
				  (long long)a->id);
	return GP_OK;
}
