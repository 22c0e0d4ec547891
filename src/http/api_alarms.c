/* api_alarms.c — meter alarms over HTTP: the alarms, their counts for the dashboard's badge,
 * acknowledging and clearing, the alarm log, and the rules (docs/alarms.md, docs/api.md).
 * The router admits admins and analysts everywhere; enterprise users (ACCESS_METERS) only to
 * the reads and to acknowledging, and here they reach only their own enterprise's meters:
 * every list is scoped in the store query, and another enterprise's alarm or meter answers
 * 404 like a missing one. Clearing and rule writes are staff only (ACCESS_PARK_WRITE). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/http.h"
#include "ingest/write_queue.h"
#include "report/alarms.h"
#include "store/store_alarms.h"
#include "store/store_meters.h"
#include "util/num.h"
#include "util/str.h"

#define LOG_DEFAULT_LIMIT 100

/* The enterprise whose meters the user may see (0: every one); false with a 403 when an
 * enterprise user is bound to none. */
/* The user's scope (0: every enterprise), after settling the readings log: alarms are
 * judged as points are settled, so this makes a reply include every acknowledged point's. */
static bool scope_of(const struct http_req *r, struct http_resp *resp, int64_t *enterprise_id)
{
	struct gp_err err;

	*enterprise_id = 0;
	if (readings_settle_pending(r->h, &err) != GP_OK) {
		resp_from_err(resp, &err);
		return false;
	}
	if (r->user->role != ROLE_ENTERPRISE)
		return true;
	if (r->user->enterprise_id <= 0) {
		resp_error(resp, 403, NULL, "user %s is bound to no enterprise", r->user->name);
		return false;
	}
	*enterprise_id = r->user->enterprise_id;
	return true;
}

static bool path_id(const struct http_req *r, struct http_resp *resp, const char *what, int64_t *id)
{
	if (!num_parse_int64(r->params[0], 1, INT64_MAX, id)) {
		resp_error(resp, 400, NULL, "%s id '%.40s' is not a number", what, r->params[0]);
		return false;
	}
	return true;
}

int api_alarms(struct http_req *r, struct http_resp *resp)
{
	struct alarm_filter f = {0, 0, 0, -1, false, ALARM_LIST_MAX};
	const char *state = req_query(r, "state"), *meter = req_query(r, "meter"),
		   *all = req_query(r, "all");
	struct alarm *list;
	struct gp_err err;
	size_t n;
	json_t *a;

	if (!scope_of(r, resp, &f.enterprise_id))
		return 0;
	if (all && strcmp(all, "1") && strcmp(all, "0") && strcmp(all, "true") &&
	    strcmp(all, "false"))
		return resp_error(resp, 400, NULL, "all '%.40s' is not 1 or 0", all);
	f.all = all && (strcmp(all, "1") == 0 || strcmp(all, "true") == 0);
	if (state) {
		enum alarm_state s;
		if (alarm_state_parse(state, &s, &err) != GP_OK)
			return resp_error(resp, 400, NULL, "%s", err.msg);
		f.state = (int)s;
	}
	if (meter) {
		struct meter m;
		if (r->h->ops->meters->meter_find(r->h->st, meter, &m, &err) != GP_OK)
			return resp_from_err(resp, &err);
		if (f.enterprise_id && m.enterprise_id != f.enterprise_id)
			return resp_error(resp, 404, NULL, "no meter '%.80s'", meter);
		f.meter_id = m.id;
	}
	if (r->h->ops->alarms->list(r->h->st, &f, &list, &n, &err) != GP_OK)
		return resp_from_err(resp, &err);
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, alarm_json(&list[i]));
	free(list);
	return resp_page(r, resp, a);
}

int api_alarms_summary(struct http_req *r, struct http_resp *resp)
{
	struct alarm_counts c;
	struct gp_err err;
	int64_t only;

	if (!scope_of(r, resp, &only))
		return 0;
	if (r->h->ops->alarms->counts(r->h->st, only, &c, &err) != GP_OK)
		return resp_from_err(resp, &err);
	return resp_json(resp, 200, alarm_counts_json(&c));
}

/* The body of ack and clear: {} or {"note": "…"} (empty body: no note). */
static bool note_of(const struct http_req *r, struct http_resp *resp, char *note, size_t notesz)
{
	json_t *body, *v;
	const char *key;

	note[0] = '\0';
	if (!r->body_len)
		return true;
	if (!(body = req_json_body(r, resp)))
		return false;
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "note") != 0) {
			resp_error(resp, 400, NULL, "unknown field '%.40s' (expected {\"note\"})",
				   key);
			json_decref(body);
			return false;
		}
		if (!json_is_string(v) || !str_copy(note, notesz, json_string_value(v))) {
			resp_error(resp, 400, NULL, "note must be a text of at most %d bytes",
				   ALARM_NOTE_MAX);
			json_decref(body);
			return false;
		}
	}
	json_decref(body);
	return true;
}

static int act(struct http_req *r, struct http_resp *resp, bool clear)
{
	char note[ALARM_NOTE_MAX + 1];
	struct alarm a;
	struct gp_err err;
	int64_t id, only;
	int rc;

	if (!scope_of(r, resp, &only) || !path_id(r, resp, "alarm", &id) ||
	    !note_of(r, resp, note, sizeof(note)))
		return 0;
	rc = clear ? alarm_clear(r->h, id, only, r->actor, note, (int64_t)time(NULL), &err)
		   : alarm_ack(r->h, id, only, r->actor, note, (int64_t)time(NULL), &err);
	if (rc != GP_OK || r->h->ops->alarms->get(r->h->st, id, &a, &err) != GP_OK)
		return resp_from_err(resp, &err);
	return resp_json(resp, 200, alarm_json(&a));
}

int api_alarm_ack(struct http_req *r, struct http_resp *resp)
{
	return act(r, resp, false);
}

int api_alarm_clear(struct http_req *r, struct http_resp *resp)
{
	return act(r, resp, true);
}

int api_alarms_log(struct http_req *r, struct http_resp *resp)
{
	struct alarm_event *list;
	struct gp_err err;
	long alarm_id = 0, limit = LOG_DEFAULT_LIMIT;
	int64_t only;
	size_t n;
	json_t *a;

	if (!scope_of(r, resp, &only) || !req_long(r, resp, "alarm", 1, 0x7fffffffL, &alarm_id) ||
	    !req_long(r, resp, "limit", 1, ALARM_LIST_MAX, &limit))
		return 0;
	if (alarm_id && only) {
		struct alarm x;
		int rc = r->h->ops->alarms->get(r->h->st, alarm_id, &x, &err);
		if (rc != GP_OK && rc != GP_ENOTFOUND)
			return resp_from_err(resp, &err);
		if (rc == GP_ENOTFOUND || x.enterprise_id != only)
			return resp_error(resp, 404, NULL, "no alarm %ld", alarm_id);
	}
	if (r->h->ops->alarms->events(r->h->st, only, alarm_id, (size_t)limit, &list, &n, &err) !=
	    GP_OK)
		return resp_from_err(resp, &err);
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, alarm_event_json(&list[i]));
	free(list);
	return resp_json(resp, 200, json_pack("{s:o}", "events", a));
}

int api_alarm_rules(struct http_req *r, struct http_resp *resp)
{
	struct alarm_rule *list;
	struct gp_err err;
	int64_t only;
	size_t n;
	json_t *a;

	if (!scope_of(r, resp, &only))
		return 0;
	if (r->h->ops->alarms->rule_list(r->h->st, only, false, &list, &n, &err) != GP_OK)
		return resp_from_err(resp, &err);
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, alarm_rule_json(&list[i]));
	free(list);
	return resp_json(resp, 200, json_pack("{s:o}", "rules", a));
}

/* A number field: absent or null leaves *out; else a finite JSON number. */
static bool num_field(json_t *v, const char *key, double *out, struct http_resp *resp)
{
	if (!v || json_is_null(v))
		return true;
	if (!json_is_number(v) || !isfinite(json_number_value(v))) {
		resp_error(resp, 400, NULL, "%s must be a number", key);
		return false;
	}
	*out = json_number_value(v);
	return true;
}

/* A text field: absent or null leaves out; else a string that fits. */
static bool text_field(json_t *v, const char *key, char *out, size_t outsz, struct http_resp *resp)
{
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v) || !str_copy(out, outsz, json_string_value(v))) {
		resp_error(resp, 400, NULL, "%s must be a text of at most %zu bytes", key,
			   outsz - 1);
		return false;
	}
	return true;
}

/* The rule of a POST /alarm-rules body; false with a 400 naming the field. */
static bool rule_of(json_t *body, struct alarm_rule *rl, struct http_resp *resp)
{
	static const char *const keys[] = {"kind",      "meter",    "high", "low",
					   "limit",     "stale_s",  "pct",  "period",
					   "min_value", "severity", "note", "enabled"};
	char text[64];
	struct gp_err err;
	const char *key;
	json_t *v;

	json_object_foreach(body, key, v)
	{
		bool known = false;
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]) && !known; i++)
			known = strcmp(key, keys[i]) == 0;
		if (!known) {
			resp_error(resp, 400, NULL,
				   "unknown field '%.40s' (expected kind, meter, high, low, limit, "
				   "stale_s, pct, period, min_value, severity, note, enabled)",
				   key);
			return false;
		}
	}
	v = json_object_get(body, "kind");
	if (!json_is_string(v) ||
	    alarm_kind_parse(json_string_value(v), &rl->kind, &err) != GP_OK) {
		resp_error(resp, 400, NULL,
			   "kind must be one of threshold | rate | stale | imbalance");
		return false;
	}
	if (!text_field(json_object_get(body, "meter"), "meter", rl->meter, sizeof(rl->meter),
			resp) ||
	    !num_field(json_object_get(body, "high"), "high", &rl->high, resp) ||
	    !num_field(json_object_get(body, "low"), "low", &rl->low, resp) ||
	    !num_field(json_object_get(body, "limit"), "limit", &rl->limit, resp) ||
	    !num_field(json_object_get(body, "pct"), "pct", &rl->pct, resp) ||
	    !num_field(json_object_get(body, "min_value"), "min_value", &rl->min_value, resp) ||
	    !text_field(json_object_get(body, "note"), "note", rl->note, sizeof(rl->note), resp))
		return false;
	if ((v = json_object_get(body, "stale_s")) && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > ALARM_STALE_MAX_S) {
			resp_error(resp, 400, NULL,
				   "stale_s must be a whole number of seconds, 0-%ld (0: 3 × the "
				   "meter's interval)",
				   ALARM_STALE_MAX_S);
			return false;
		}
		rl->stale_s = (long)json_integer_value(v);
	}
	if ((v = json_object_get(body, "period")) && !json_is_null(v)) {
		if (!json_is_string(v) ||
		    alarm_period_parse(json_string_value(v), &rl->period, &err) != GP_OK) {
			resp_error(resp, 400, NULL, "period must be day or month");
			return false;
		}
	}
	if ((v = json_object_get(body, "severity")) && !json_is_null(v)) {
		if (json_is_integer(v))
			str_fmt(text, sizeof(text), "%lld", (long long)json_integer_value(v));
		else if (!json_is_string(v) || !str_copy(text, sizeof(text), json_string_value(v)))
			text[0] = '\0';
		if (alarm_severity_parse(text, &rl->severity, &err) != GP_OK) {
			resp_error(resp, 400, NULL,
				   "severity must be 1 (紧急 critical), 2 (重要 major) or 3 (一般 "
				   "minor)");
			return false;
		}
	}
	if ((v = json_object_get(body, "enabled")) && !json_is_null(v)) {
		if (!json_is_boolean(v)) {
			resp_error(resp, 400, NULL, "enabled must be true or false");
			return false;
		}
		rl->enabled = json_is_true(v);
	}
	return true;
}

int api_alarm_rule_add(struct http_req *r, struct http_resp *resp)
{
	json_t *body = req_json_body(r, resp);
	struct alarm_rule rl;
	struct gp_err err;
	int64_t id;
	bool ok;

	if (!body)
		return 0;
	alarm_rule_init(&rl, ALARM_THRESHOLD);
	ok = rule_of(body, &rl, resp);
	json_decref(body); /* every value was copied */
	if (!ok)
		return 0;
	if (alarm_rule_add(r->h, &rl, r->actor, &id, &err) != GP_OK) {
		/* a meter the body names that does not exist is a bad field, not a missing URL */
		if (err.status == GP_ENOTFOUND)
			err.status = GP_EINPUT;
		return resp_from_err(resp, &err);
	}
	if (r->h->ops->alarms->rule_get(r->h->st, id, &rl, &err) != GP_OK)
		return resp_from_err(resp, &err);
	return resp_json(resp, 201, alarm_rule_json(&rl));
}

int api_alarm_rule_remove(struct http_req *r, struct http_resp *resp)
{
	struct gp_err err;
	int64_t id;

	if (!path_id(r, resp, "alarm rule", &id))
		return 0;
	if (r->h->ops->alarms->rule_remove(r->h->st, id, r->actor, (int64_t)time(NULL), &err) !=
	    GP_OK)
		return resp_from_err(resp, &err);
	resp->status = 204;
	return 0;
}
