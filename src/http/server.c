/* server.c — the HTTP server: libmicrohttpd with a thread pool over epoll, request
 * bodies collected under a cap, the route table, authentication and the access
 * decision for every route in one place, the dashboard's static files, and a
 * graceful stop on SIGINT/SIGTERM (requests in flight finish; a write is answered
 * only after it has committed, so nothing acknowledged is lost). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/period.h"
#include "http/http.h"
#include "ingest/meter_index.h"
#include "util/secret.h"
#include "util/str.h"

/* ---- the route table: every endpoint, who may call it, where its enterprise is ---- */

enum uscc_from { USCC_NONE, USCC_PATH, USCC_QUERY, USCC_BODY };

struct route {
	const char *method;
	const char *pattern; /* "/api/v1/enterprises/{}/activity" */
	enum access access;
	enum uscc_from uscc_from; /* where the enterprise the request is about is named */
	bool json_body;           /* POST with a JSON body (else CSV) */
	http_handler handler;
	bool cacheable; /* a GET whose answer depends only on stored data */
};

static const struct route routes[] = {
    {"GET", "/api/v1/health", ACCESS_PUBLIC, USCC_NONE, false, api_health, false},
    {"POST", "/api/v1/login", ACCESS_PUBLIC, USCC_NONE, true, api_login, false},
    {"POST", "/api/v1/logout", ACCESS_SIGNED_IN, USCC_NONE, true, api_logout, false},
    {"GET", "/api/v1/me", ACCESS_SIGNED_IN, USCC_NONE, false, api_me, false},
    {"GET", "/api/v1/park", ACCESS_SIGNED_IN, USCC_NONE, false, api_park, true},
    {"GET", "/api/v1/park/summary", ACCESS_AGGREGATE, USCC_NONE, false, api_park_summary, true},
    {"GET", "/api/v1/subparks", ACCESS_AGGREGATE, USCC_NONE, false, api_subparks, true},
    {"GET", "/api/v1/platforms", ACCESS_AGGREGATE, USCC_NONE, false, api_platforms, true},
    {"GET", "/api/v1/enterprises", ACCESS_NAMES, USCC_NONE, false, api_enterprises, true},
    {"GET", "/api/v1/enterprises/{}", ACCESS_ENTERPRISE, USCC_PATH, false, api_enterprise, true},
    {"GET", "/api/v1/enterprises/{}/activity", ACCESS_ENTERPRISE, USCC_PATH, false,
     api_enterprise_activity, true},
    {"POST", "/api/v1/activity", ACCESS_LEDGER_WRITE, USCC_BODY, true, api_activity_write, false},
    {"POST", "/api/v1/activity/upload", ACCESS_LEDGER_WRITE, USCC_NONE, false, api_activity_upload,
     false},
    {"GET", "/api/v1/accounting", ACCESS_ENTERPRISE, USCC_QUERY, false, api_accounting, true},
    {"GET", "/api/v1/factors", ACCESS_FACTORS, USCC_NONE, false, api_factors, true},
    {"GET", "/api/v1/rankings", ACCESS_PEERS, USCC_NONE, false, api_rankings, true},
    {"GET", "/api/v1/timeseries", ACCESS_ENTERPRISE, USCC_QUERY, false, api_timeseries, true},
    {"GET", "/api/v1/energyflow", ACCESS_AGGREGATE, USCC_NONE, false, api_energyflow, true},
    {"GET", "/api/v1/evaluation", ACCESS_ENTERPRISE, USCC_QUERY, false, api_evaluation, true},
    {"POST", "/api/v1/park/attributes", ACCESS_PARK_WRITE, USCC_NONE, true, api_attribute_set,
     false},
    {"GET", "/api/v1/targets", ACCESS_STAFF_READ, USCC_NONE, false, api_targets, true},
    {"POST", "/api/v1/targets", ACCESS_PARK_WRITE, USCC_NONE, true, api_target_add, false},
    {"DELETE", "/api/v1/targets/{}", ACCESS_PARK_WRITE, USCC_NONE, false, api_target_remove, false},
    {"GET", "/api/v1/users", ACCESS_ADMIN, USCC_NONE, false, api_users, false},
    {"POST", "/api/v1/users", ACCESS_ADMIN, USCC_NONE, true, api_user_create, false},
    {"DELETE", "/api/v1/users/{}", ACCESS_ADMIN, USCC_NONE, false, api_user_delete, false},
    {"GET", "/api/v1/audit", ACCESS_ADMIN, USCC_NONE, false, api_audit, false},
    {"GET", "/api/v1/report.xlsx", ACCESS_STAFF_READ, USCC_NONE, false, api_report, false},

    /* ---- meters and readings (api_meters.c) ---- */
    {"GET", "/api/v1/meters", ACCESS_METERS, USCC_NONE, false, api_meters, true},
    {"GET", "/api/v1/meters/reconciliation", ACCESS_METERS, USCC_NONE, false,
     api_meters_reconciliation, true},
    {"GET", "/api/v1/meters/balance", ACCESS_METERS, USCC_NONE, false, api_meters_balance, true},
    {"GET", "/api/v1/meters/quality", ACCESS_METERS, USCC_NONE, false, api_meters_quality, true},
    {"GET", "/api/v1/meters/months", ACCESS_METERS, USCC_NONE, false, api_meters_months, true},
    {"GET", "/api/v1/meters/totals", ACCESS_METERS, USCC_NONE, false, api_meters_totals, true},
    {"GET", "/api/v1/meters/{}/series", ACCESS_METERS, USCC_NONE, false, api_meter_series, true},
    {"POST", "/api/v1/write", ACCESS_METERS, USCC_NONE, false, api_write, false},
    {"GET", "/api/v1/ingest/status", ACCESS_STAFF_READ, USCC_NONE, false, api_ingest_status, false},

    /* ---- meter alarms (api_alarms.c): an enterprise user sees and acknowledges its own
     * meters' alarms (the handlers scope every query); clearing and rules are staff only.
     * Not cached: the dashboard polls the summary, and the sweeper changes alarms. ---- */
    {"GET", "/api/v1/alarms", ACCESS_METERS, USCC_NONE, false, api_alarms, false},
    {"GET", "/api/v1/alarms/summary", ACCESS_METERS, USCC_NONE, false, api_alarms_summary, false},
    {"GET", "/api/v1/alarms/log", ACCESS_METERS, USCC_NONE, false, api_alarms_log, false},
    {"POST", "/api/v1/alarms/{}/ack", ACCESS_METERS, USCC_NONE, true, api_alarm_ack, false},
    {"POST", "/api/v1/alarms/{}/clear", ACCESS_PARK_WRITE, USCC_NONE, true, api_alarm_clear, false},
    {"GET", "/api/v1/alarm-rules", ACCESS_METERS, USCC_NONE, false, api_alarm_rules, false},
    {"POST", "/api/v1/alarm-rules", ACCESS_PARK_WRITE, USCC_NONE, true, api_alarm_rule_add, false},
    {"DELETE", "/api/v1/alarm-rules/{}", ACCESS_PARK_WRITE, USCC_NONE, false, api_alarm_rule_remove,
     false},

    /* ---- investment pipeline and screening (api_projects.c) ---- */
    {"GET", "/api/v1/projects", ACCESS_STAFF_READ, USCC_NONE, false, api_projects, true},
    {"GET", "/api/v1/projects.xlsx", ACCESS_STAFF_READ, USCC_NONE, false, api_projects_xlsx, false},
    {"GET", "/api/v1/projects/summary", ACCESS_AGGREGATE, USCC_NONE, false, api_projects_summary,
     true},
    {"GET", "/api/v1/projects/rules", ACCESS_STAFF_READ, USCC_NONE, false, api_project_rules, true},
    {"GET", "/api/v1/projects/vetoes", ACCESS_STAFF_READ, USCC_NONE, false, api_project_vetoes,
     true},
    {"GET", "/api/v1/projects/vetoes.xlsx", ACCESS_STAFF_READ, USCC_NONE, false,
     api_project_vetoes_xlsx, false},
    {"GET", "/api/v1/projects/{}", ACCESS_STAFF_READ, USCC_NONE, false, api_project, true},
    {"GET", "/api/v1/projects/{}/screening", ACCESS_STAFF_READ, USCC_NONE, false,
     api_project_screening, true},
    {"POST", "/api/v1/projects/{}/move", ACCESS_PARK_WRITE, USCC_NONE, true, api_project_move,
     false},

    /* ---- service desk (api_desk.c) ---- */
    /* cacheable: the cache key holds today's date (overdue flags change at midnight) and
     * the user's enterprise; an enterprise user naming another enterprise (?enterprise=,
     * "uscc") is refused here, and the handlers scope everything else to the user's own */
    {"GET", "/api/v1/tickets", ACCESS_DESK, USCC_QUERY, false, api_tickets, true},
    {"POST", "/api/v1/tickets", ACCESS_DESK, USCC_BODY, true, api_ticket_add, false},
    {"GET", "/api/v1/tickets/summary", ACCESS_DESK, USCC_QUERY, false, api_tickets_summary, true},
    {"GET", "/api/v1/tickets.xlsx", ACCESS_DESK, USCC_QUERY, false, api_tickets_xlsx, false},
    {"GET", "/api/v1/tickets/{}", ACCESS_DESK, USCC_NONE, false, api_ticket, true},
    {"POST", "/api/v1/tickets/{}/status", ACCESS_DESK, USCC_NONE, true, api_ticket_status, false},
    {"GET", "/api/v1/assignments", ACCESS_STAFF_READ, USCC_NONE, false, api_assignments, true},

    /* ---- green-finance ledger (api_finance.c) ---- */
    {"GET", "/api/v1/finance/summary", ACCESS_FINANCE, USCC_QUERY, false, api_finance_summary,
     true},
    {"GET", "/api/v1/finance/credits", ACCESS_FINANCE, USCC_QUERY, false, api_finance_credits,
     true},
    {"GET", "/api/v1/finance/loans", ACCESS_FINANCE, USCC_QUERY, false, api_finance_loans, true},
    {"GET", "/api/v1/finance/banks", ACCESS_FINANCE, USCC_QUERY, false, api_finance_banks, true},
    {"GET", "/api/v1/finance/credits.xlsx", ACCESS_FINANCE, USCC_QUERY, false,
     api_finance_credits_xlsx, false},
    {"GET", "/api/v1/finance/loans.xlsx", ACCESS_FINANCE, USCC_QUERY, false, api_finance_loans_xlsx,
     false},

};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

/* Matches path against a pattern; {} segments are captured into params. */
static bool route_match(const char *pattern, const char *path, struct http_req *r, char *scratch,
			size_t scratchsz)
{
	const char *p = pattern, *u = path;
	size_t used = 0;

	r->nparams = 0;
	while (*p && *u) {
		if (p[0] == '{' && p[1] == '}') {
			const char *end = strchr(u, '/');
			size_t n = end ? (size_t)(end - u) : strlen(u);
			if (n == 0 || r->nparams >= HTTP_MAX_PARAMS || used + n + 1 > scratchsz)
				return false;
			memcpy(scratch + used, u, n);
			scratch[used + n] = '\0';
			r->params[r->nparams++] = scratch + used;
			used += n + 1;
			p += 2;
			u += n;
			continue;
		}
		if (*p != *u)
			return false;
		p++;
		u++;
	}
	return *p == '\0' && *u == '\0';
}

/* ---- request state across libmicrohttpd's calls ---- */

struct request {
	struct buf body;
	bool too_big;
	bool answered;
};

/* ---- each worker thread's store connection and factor cache ---- */

#define CACHE_ENTRIES  64
#define CACHE_KEY_MAX  1024
#define CACHE_BODY_MAX (1u << 20)

/* A response kept for repeats of the same GET by a user who sees the same data. It is
 * valid while the store is unchanged: data_version (commits by other connections) and
 * write_generation (writes answered by this process) are both as they were. */
struct cached {
	char key[CACHE_KEY_MAX];
	char *body;
	size_t len;
	long long version;
	unsigned long generation;
};

struct worker {
	struct store_handle h;
	struct factor_lib lib;
	bool lib_ok;
	long long lib_version;
	struct cached cache[CACHE_ENTRIES];
	size_t next; /* the entry to replace next */
};

static _Atomic unsigned long write_generation;

static pthread_mutex_t workers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct worker *workers[64];
static size_t nworkers;
static __thread struct worker *this_worker;

static struct worker *worker_for_thread(const struct server_cfg *cfg, struct gp_err *err)
{
	struct worker *w;

	if (this_worker)
		return this_worker;
	w = xcalloc(1, sizeof(*w));
	if (store_open_tuned(cfg->db, STORE_TUNE_SERVER, &w->h, err) != GP_OK) {
		free(w);
		return NULL;
	}
	pthread_mutex_lock(&workers_lock);
	if (nworkers < sizeof(workers) / sizeof(workers[0]))
		workers[nworkers++] = w; /* released at shutdown */
	pthread_mutex_unlock(&workers_lock);
	this_worker = w;
	return w;
}

const struct factor_lib *req_factors(struct http_req *r, struct gp_err *err)
{
	struct worker *w = this_worker;
	long long v;

	if (r->h->ops->data_version(r->h->st, &v, err) != GP_OK)
		return NULL;
	if (w->lib_ok && v == w->lib_version)
		return &w->lib;
	if (w->lib_ok)
		factors_release(&w->lib);
	w->lib_ok = false;
	if (r->h->ops->factors_load(r->h->st, &w->lib, err) != GP_OK)
		return NULL;
	w->lib_ok = true;
	w->lib_version = v;
	return &w->lib;
}

static void close_workers(void)
{
	pthread_mutex_lock(&workers_lock);
	for (size_t i = 0; i < nworkers; i++) {
		store_close(&workers[i]->h);
		if (workers[i]->lib_ok)
			factors_release(&workers[i]->lib);
		for (size_t k = 0; k < CACHE_ENTRIES; k++)
			free(workers[i]->cache[k].body);
		free(workers[i]);
	}
	nworkers = 0;
	pthread_mutex_unlock(&workers_lock);
}

/* ---- helpers for handlers ---- */

const char *req_query(const struct http_req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *req_header(const struct http_req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, key);
}

static const char *status_code(int status)
{
	switch (status) {
	case 400: return "bad_request";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 409: return "conflict";
	case 413: return "payload_too_large";
	case 415: return "unsupported_media_type";
	case 429: return "too_many_requests";
	case 503: return "unavailable";
	default: return status >= 500 ? "internal" : "error";
	}
}

int resp_json(struct http_resp *resp, int status, json_t *j)
{
	if (resp->json)
		json_decref(resp->json);
	resp->status = status;
	resp->json = j;
	return 0;
}

int resp_error(struct http_resp *resp, int status, json_t *details, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	json_t *o = json_object(), *e = json_object();

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_object_set_new(e, "code", json_string(status_code(status)));
	json_object_set_new(e, "message", json_string(msg));
	json_object_set_new(e, "details", details ? details : json_array());
	json_object_set_new(o, "error", e);
	return resp_json(resp, status, o);
}

int resp_from_err(struct http_resp *resp, const struct gp_err *err)
{
	int status;

	switch (err->status) {
	case GP_EINPUT:
	case GP_EUSAGE:
	case GP_EFACTOR: status = 400; break;
	case GP_ENOTFOUND: status = 404; break;
	case GP_ECONFLICT: status = 409; break;
	case GP_ETOOBIG: status = 413; break;
	case GP_ESCHEMA: status = 503; break;
	default: status = 500; break;
	}
	if (status == 500)
		fprintf(stderr, "greenpark serve: %s\n", err->msg);
	return resp_error(resp, status, NULL, "%s",
			  status == 500 ? "internal error (logged)" : err->msg);
}

/* Depth of JSON nesting, counted on the raw bytes (outside strings). */
static int json_depth(const char *s, size_t n)
{
	int depth = 0, max = 0;
	bool in_str = false;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			if (++depth > max)
				max = depth;
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return max;
}

json_t *req_json_body(const struct http_req *r, struct http_resp *resp)
{
	json_error_t je;
	json_t *j;

	if (json_depth(r->body, r->body_len) > HTTP_MAX_JSON_DEPTH) {
		resp_error(resp, 413, NULL, "JSON nested deeper than %d levels",
			   HTTP_MAX_JSON_DEPTH);
		return NULL;
	}
	j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		resp_error(resp, 400, NULL, "body is not valid JSON: %s (line %d, column %d)",
			   je.text, je.line, je.column);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		resp_error(resp, 400, NULL, "body must be a JSON object");
		return NULL;
	}
	return j;
}

bool req_long(const struct http_req *r, struct http_resp *resp, const char *key, long min, long max,
	      long *out)
{
	const char *v = req_query(r, key);
	char *end;
	long n;

	if (!v)
		return true;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || end == v || n < min || n > max) {
		resp_error(resp, 400, NULL, "%s '%s' is not a number from %ld to %ld", key, v, min,
			   max);
		return false;
	}
	*out = n;
	return true;
}

int resp_page(const struct http_req *r, struct http_resp *resp, json_t *all)
{
	long page = 1, per_page = 50;
	size_t total = json_array_size(all);
	json_t *items, *o;

	if (!req_long(r, resp, "page", 1, 1000000, &page) ||
	    !req_long(r, resp, "per_page", 1, 500, &per_page)) {
		json_decref(all);
		return 0;
	}
	items = json_array();
	for (size_t i = (size_t)(page - 1) * (size_t)per_page;
	     i < total && i < (size_t)page * (size_t)per_page; i++)
		json_array_append(items, json_array_get(all, i));
	json_decref(all);
	o = json_object();
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "total", json_integer((json_int_t)total));
	json_object_set_new(o, "page", json_integer(page));
	json_object_set_new(o, "per_page", json_integer(per_page));
	return resp_json(resp, 200, o);
}

bool req_year(const struct http_req *r, struct http_resp *resp, int *year)
{
	const char *y = req_query(r, "year");
	char *end;
	long v;

	if (!y)
		return true; /* the caller's default */
	errno = 0;
	v = strtol(y, &end, 10);
	if (errno || *end || end == y || v < 1990 || v > 2100) {
		resp_error(resp, 400, NULL, "year '%s' is not a year from 1990 to 2100", y);
		return false;
	}
	*year = (int)v;
	return true;
}

bool req_method(const struct http_req *r, struct http_resp *resp, enum account_method *m)
{
	const char *s = req_query(r, "method");

	*m = METHOD_ZCP2025;
	if (!s)
		return true;
	if (account_method_parse(s, m) != GP_OK) {
		resp_error(resp, 400, NULL,
			   "method '%s' is not zcp2025, cn-enterprise or cn-market", s);
		return false;
	}
	return true;
}

/* ---- authentication ---- */

/* The value of cookie name in a Cookie header, copied into out. */
static bool cookie_value(const char *header, const char *name, char *out, size_t outsz)
{
	size_t n = strlen(name);
	const char *p = header;

	while (p && *p) {
		while (*p == ' ' || *p == ';')
			p++;
		if (strncmp(p, name, n) == 0 && p[n] == '=') {
			const char *v = p + n + 1, *end = strchr(v, ';');
			size_t len = end ? (size_t)(end - v) : strlen(v);
			if (len == 0 || len >= outsz)
				return false;
			memcpy(out, v, len);
			out[len] = '\0';
			return true;
		}
		p = strchr(p, ';');
	}
	return false;
}

/* Finds the user from a Bearer token or the session cookie. A token or cookie that
 * is present but unknown is an error (401), not an anonymous request. */
static int authenticate(struct http_req *r, struct http_resp *resp)
{
	struct user *u = &r->user_buf;
	unsigned char *hash = r->hash_buf;
	char *csrf = r->csrf_buf;
	const char *auth = req_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *cookie = req_header(r, MHD_HTTP_HEADER_COOKIE);
	char value[SECRET_TOKEN_MAX];
	struct gp_err err;
	int rc;

	if (auth) {
		if (strncmp(auth, "Bearer ", 7) != 0 || strlen(auth + 7) >= sizeof(value))
			return resp_error(resp, 401, NULL, "Authorization must be 'Bearer TOKEN'"),
			       -1;
		secret_token_hash(auth + 7, hash);
		rc = r->h->ops->token_get(r->h->st, hash, u, &err);
		if (rc == GP_ENOTFOUND)
			return resp_error(resp, 401, NULL, "unknown API token"), -1;
		if (rc != GP_OK)
			return resp_from_err(resp, &err), -1;
		r->user = u;
		return 0;
	}
	if (cookie && cookie_value(cookie, SESSION_COOKIE, value, sizeof(value))) {
		secret_token_hash(value, hash);
		rc = r->h->ops->session_get(r->h->st, hash, (long long)time(NULL), SESSION_IDLE_S,
					    u, csrf, &err);
		if (rc == GP_ENOTFOUND)
			return 0; /* expired or logged out: treat as signed out */
		if (rc != GP_OK)
			return resp_from_err(resp, &err), -1;
		r->user = u;
		r->via_cookie = true;
		r->session_hash = hash;
		r->csrf = csrf;
	}
	return 0;
}

/* The enterprise a request is about, for the access decision. */
static const char *request_uscc(const struct route *rt, struct http_req *r, char *buf, size_t bufsz)
{
	const char *v = NULL;

	switch (rt->uscc_from) {
	case USCC_NONE: return NULL;
	case USCC_PATH: v = r->nparams ? r->params[0] : NULL; break;
	case USCC_QUERY: v = req_query(r, "enterprise"); break;
	case USCC_BODY: {
		json_t *j = json_loadb(r->body, r->body_len, 0, NULL);
		json_t *f = j ? json_object_get(j, "uscc") : NULL;
		if (json_is_string(f))
			str_copy(buf, bufsz, json_string_value(f));
		json_decref(j);
		v = buf[0] ? buf : NULL;
		break;
	}
	}
	if (v) {
		char norm[USCC_LEN + 1];
		if (uscc_normalize(v, norm, NULL) == GP_OK)
			str_copy(buf, bufsz, norm);
		else
			str_copy(buf, bufsz, v);
		return buf;
	}
	return NULL;
}

struct key_ctx {
	struct buf *b;
};

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *value)
{
	struct key_ctx *k = cls;
	(void)kind;
	buf_addf(k->b, "&%s=%s", key, value ? value : "");
	return MHD_YES;
}

/* The cache key: the route, the query as received, and what the user may see. */
static bool cache_key(struct http_req *r, const struct route *rt, char *out)
{
	struct buf b;
	struct key_ctx k = {&b};
	bool ok;

	buf_init(&b, CACHE_KEY_MAX - 1);
	/* today's date too: answers that count days (in stage, overdue) change at midnight */
	buf_addf(&b, "%s %s|%s|%s|%s|%ld", rt->method, r->path, role_name(r->user->role),
		 r->user->uscc, r->user->bank, date_today());
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, add_arg, &k);
	ok = b.data && b.len < CACHE_KEY_MAX - 1;
	if (ok)
		str_copy(out, CACHE_KEY_MAX, b.data);
	buf_release(&b);
	return ok;
}

static void dispatch(struct http_req *r, struct http_resp *resp)
{
	const struct route *rt = NULL;
	char uscc[128] = "";
	struct gp_err err;
	bool path_known = false;
	enum decision d;

	for (size_t i = 0; i < NROUTES; i++) {
		if (!route_match(routes[i].pattern, r->path, r, r->params_buf,
				 sizeof(r->params_buf)))
			continue;
		path_known = true;
		if (strcmp(routes[i].method, r->method) == 0) {
			rt = &routes[i];
			break;
		}
	}
	if (!rt) {
		if (path_known)
			resp_error(resp, 405, NULL, "%s is not allowed on %s", r->method, r->path);
		else
			resp_error(resp, 404, NULL, "no endpoint %s", r->path);
		return;
	}
	{
		struct worker *w = worker_for_thread(r->cfg, &err);
		if (!w) {
			resp_from_err(resp, &err);
			return;
		}
		r->h = &w->h;
	}
	if (authenticate(r, resp) != 0)
		return;
	if (strcmp(r->method, "POST") == 0 || strcmp(r->method, "DELETE") == 0) {
		const char *ct = r->content_type;
		if (strcmp(r->method, "POST") == 0 && rt->json_body && r->body_len &&
		    strcmp(ct, "application/json") != 0) {
			resp_error(resp, 415, NULL, "send Content-Type: application/json");
			return;
		}
		if (strcmp(r->method, "POST") == 0 && !rt->json_body &&
		    strcmp(ct, "text/csv") != 0 && strcmp(ct, "text/plain") != 0) {
			resp_error(resp, 415, NULL,
				   "send the file with Content-Type: text/csv (or text/plain for "
				   "line protocol)");
			return;
		}
		/* a write authenticated by the browser's cookie must prove it comes from our
		 * page: the session's CSRF token in a header no other site can set */
		if (r->via_cookie && rt->access != ACCESS_PUBLIC) {
			const char *tok = req_header(r, "X-CSRF-Token");
			if (!tok || strlen(tok) != strlen(r->csrf) ||
			    sodium_memcmp(tok, r->csrf, strlen(r->csrf)) != 0) {
				resp_error(resp, 403, NULL, "missing or wrong X-CSRF-Token header");
				return;
			}
		}
	}
	d = access_decide(r->user, rt->access, request_uscc(rt, r, uscc, sizeof(uscc)));
	if (d == DENY_UNAUTHENTICATED) {
		resp_error(resp, 401, NULL,
			   "sign in first (POST /api/v1/login) or send a Bearer token");
		return;
	}
	if (d == DENY_FORBIDDEN) {
		resp_error(resp, 403, NULL, "role %s may not %s %s", role_name(r->user->role),
			   r->method, r->path);
		return;
	}
	if (r->user)
		str_fmt(r->actor, sizeof(r->actor), "web:%s", r->user->name);
	else
		str_fmt(r->actor, sizeof(r->actor), "web:anonymous@%s", r->client);
	if (!rt->cacheable || !r->user || r->cfg->no_cache) {
		rt->handler(r, resp);
		/* any write may have committed, even one answered with an error (a vetoed
		 * move keeps its decision and answers 409): every cache entry is then old */
		if (strcmp(r->method, "GET") != 0)
			write_generation++;
		return;
	}
	{
		struct worker *w = this_worker;
		char key[CACHE_KEY_MAX];
		long long version;
		unsigned long gen = write_generation;
		struct cached *c;
		if (!cache_key(r, rt, key) ||
		    w->h.ops->data_version(w->h.st, &version, &err) != GP_OK) {
			rt->handler(r, resp);
			return;
		}
		for (size_t i = 0; i < CACHE_ENTRIES; i++) {
			c = &w->cache[i];
			if (c->body && c->version == version && c->generation == gen &&
			    strcmp(c->key, key) == 0) {
				resp->status = 200;
				resp->text = xstrndup(c->body, c->len);
				resp->text_len = c->len;
				resp->content_type = "application/json";
				return;
			}
		}
		rt->handler(r, resp);
		if (resp->status != 200 || !resp->json)
			return;
		/* keep the text of a good answer, and send that same text */
		resp->text = json_dumps(resp->json, JSON_COMPACT | JSON_REAL_PRECISION(17) |
							JSON_PRESERVE_ORDER);
		if (!resp->text)
			return;
		resp->text_len = strlen(resp->text);
		resp->content_type = "application/json";
		json_decref(resp->json);
		resp->json = NULL;
		if (resp->text_len > CACHE_BODY_MAX)
			return;
		c = &w->cache[w->next];
		w->next = (w->next + 1) % CACHE_ENTRIES;
		free(c->body);
		str_copy(c->key, sizeof(c->key), key);
		c->body = xstrndup(resp->text, resp->text_len);
		c->len = resp->text_len;
		c->version = version;
		c->generation = gen;
	}
}

/* ---- static files ---- */

static const char *mime_type(const char *path)
{
	const char *dot = strrchr(path, '.');
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".html", "text/html; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".mjs", "text/javascript; charset=utf-8"},
	    {".css", "text/css; charset=utf-8"},
	    {".json", "application/json"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".ico", "image/x-icon"},
	    {".woff2", "font/woff2"},
	    {".csv", "text/csv; charset=utf-8"},
	};
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* Maps a URL path to a file under the web or vendor directory; false when the path
 * is not one we serve (anything with '..', or characters outside a plain set). */
static bool static_path(const struct server_cfg *cfg, const char *url, char *out, size_t outsz)
{
	if (strcmp(url, "/") == 0)
		return str_fmt(out, outsz, "%s/index.html", cfg->web_dir);
	if (strstr(url, "..") || strstr(url, "//"))
		return false;
	for (const char *p = url; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '/' || *p == '.' || *p == '_' || *p == '-'))
			return false;
	if (strcmp(url, "/vendor/echarts.min.js") == 0)
		return str_fmt(out, outsz, "%s/echarts/dist/echarts.min.js", cfg->vendor_dir);
	return str_fmt(out, outsz, "%s%s", cfg->web_dir, url);
}

static void add_security_headers(struct MHD_Response *mr)
{
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(mr, "X-Frame-Options", "DENY");
	MHD_add_response_header(mr, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(mr, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; style-src 'self' "
				"'unsafe-inline'; script-src 'self'; connect-src 'self'; "
				"frame-ancestors 'none'");
}

static enum MHD_Result serve_static(struct MHD_Connection *conn, const struct server_cfg *cfg,
				    const char *url)
{
	char path[2048];
	struct stat sb;
	struct MHD_Response *mr;
	enum MHD_Result ret;
	int fd;

	if (!static_path(cfg, url, path, sizeof(path)) || (fd = open(path, O_RDONLY)) < 0)
		return MHD_NO;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return MHD_NO;
	}
	mr = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
	if (!mr) {
		close(fd);
		return MHD_NO;
	}
	MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, mime_type(path));
	MHD_add_response_header(mr, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	add_security_headers(mr);
	ret = MHD_queue_response(conn, MHD_HTTP_OK, mr);
	MHD_destroy_response(mr);
	return ret;
}

/* ---- libmicrohttpd glue ---- */

static enum MHD_Result send_resp(struct MHD_Connection *conn, struct http_resp *resp)
{
	struct MHD_Response *mr;
	enum MHD_Result ret;
	char *body = NULL;
	size_t len = 0;
	const char *type = "application/json";

	if (resp->json) {
		body = json_dumps(resp->json,
				  JSON_COMPACT | JSON_REAL_PRECISION(17) | JSON_PRESERVE_ORDER);
		len = body ? strlen(body) : 0;
	} else if (resp->text) {
		body = resp->text;
		resp->text = NULL;
		len = resp->text_len;
		type = resp->content_type ? resp->content_type : "text/plain; charset=utf-8";
	}
	mr = MHD_create_response_from_buffer(len, body ? body : (void *)"",
					     body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!mr) {
		free(body);
		return MHD_NO;
	}
	if (len)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(mr, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (resp->set_cookie[0])
		MHD_add_response_header(mr, MHD_HTTP_HEADER_SET_COOKIE, resp->set_cookie);
	if (resp->content_disposition[0])
		MHD_add_response_header(mr, "Content-Disposition", resp->content_disposition);
	if (resp->retry_after_s > 0) {
		char v[16];
		str_fmt(v, sizeof(v), "%d", resp->retry_after_s);
		MHD_add_response_header(mr, MHD_HTTP_HEADER_RETRY_AFTER, v);
	}
	add_security_headers(mr);
	ret = MHD_queue_response(conn, (unsigned int)resp->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

static void resp_release(struct http_resp *resp)
{
	if (resp->json)
		json_decref(resp->json);
	free(resp->text);
}

static enum MHD_Result answer_error(struct MHD_Connection *conn, int status, const char *msg)
{
	struct http_resp resp;
	enum MHD_Result ret;

	memset(&resp, 0, sizeof(resp));
	resp_error(&resp, status, NULL, "%s", msg);
	ret = send_resp(conn, &resp);
	resp_release(&resp);
	return ret;
}

static void client_address(struct MHD_Connection *conn, char *out, size_t outsz)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	str_copy(out, outsz, "unknown");
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, out,
			  (socklen_t)outsz);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, out,
			  (socklen_t)outsz);
}

static _Atomic long requests_in_flight;

static enum MHD_Result add_len(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *value)
{
	size_t *n = cls;
	(void)kind;
	*n += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

/* Bytes of the request's query arguments and of its headers, as received. */
static size_t values_len(struct MHD_Connection *conn, enum MHD_ValueKind kind)
{
	size_t n = 0;
	MHD_get_connection_values(conn, kind, add_len, &n);
	return n;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	const struct server_cfg *cfg = cls;
	struct request *rq = *con_cls;
	struct http_req r;
	struct http_resp resp;
	char ctype[64] = "";
	const char *ct;
	enum MHD_Result ret;
	bool api = strncmp(url, "/api/", 5) == 0;
	size_t cap = HTTP_MAX_BODY_JSON;
	(void)version;

	if (strlen(url) > HTTP_MAX_URL)
		return answer_error(conn, 413, "URL too long");
	if (!api && !rq) {
		if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
			return answer_error(conn, 405, "only GET on static files");
		ret = serve_static(conn, cfg, url);
		if (ret == MHD_YES)
			return ret;
		return answer_error(conn, 404, "not found");
	}
	ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (ct) {
		size_t n = strcspn(ct, ";");
		if (n >= sizeof(ctype))
			n = sizeof(ctype) - 1;
		for (size_t i = 0; i < n; i++)
			ctype[i] =
			    (char)((ct[i] >= 'A' && ct[i] <= 'Z') ? ct[i] - 'A' + 'a' : ct[i]);
		ctype[n] = '\0';
		while (n > 0 && ctype[n - 1] == ' ')
			ctype[--n] = '\0';
	}
	if (strcmp(ctype, "text/csv") == 0 || strcmp(ctype, "text/plain") == 0)
		cap = HTTP_MAX_BODY_CSV;
	if (!rq) {
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		rq = xcalloc(1, sizeof(*rq));
		buf_init(&rq->body, cap);
		*con_cls = rq;
		requests_in_flight++;
		if (strlen(url) + values_len(conn, MHD_GET_ARGUMENT_KIND) > HTTP_MAX_URL) {
			rq->answered = true;
			return answer_error(conn, 413, "URL longer than 4 KiB");
		}
		if (values_len(conn, MHD_HEADER_KIND) > HTTP_MAX_HEADERS) {
			rq->answered = true;
			return answer_error(conn, 413, "request headers larger than 16 KiB");
		}
		if (cl && strtoull(cl, NULL, 10) > cap) {
			rq->answered = true;
			return answer_error(conn, 413, "request body too large");
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!rq->too_big && buf_add(&rq->body, upload_data, *upload_data_size) != GP_OK)
			rq->too_big = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (rq->answered)
		return MHD_YES;
	rq->answered = true;
	if (rq->too_big)
		return answer_error(conn, 413, "request body too large");
	memset(&r, 0, sizeof(r));
	memset(&resp, 0, sizeof(resp));
	r.method = method;
	r.path = url;
	r.conn = conn;
	r.body = rq->body.data ? rq->body.data : "";
	r.body_len = rq->body.len;
	r.content_type = ctype;
	r.cfg = cfg;
	client_address(conn, r.client, sizeof(r.client));
	resp.status = 500;
	dispatch(&r, &resp);
	ret = send_resp(conn, &resp);
	resp_release(&resp);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *con_cls;
	(void)cls;
	(void)conn;
	(void)toe;
	if (!rq)
		return;
	requests_in_flight--;
	buf_release(&rq->body);
	free(rq);
	*con_cls = NULL;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, struct gp_err *err)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	char *end;
	long port;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return gp_err_set(err, GP_EUSAGE,
				  "--listen '%s' is not HOST:PORT (e.g. 127.0.0.1:8080)", listen);
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end || port < 1 || port > 65535)
		return gp_err_set(err, GP_EUSAGE, "--listen '%s': port must be 1-65535", listen);
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return gp_err_set(err, GP_EUSAGE, "--listen '%s': '%s' is not an IPv4 address",
				  listen, host);
	sa->sin_port = htons((uint16_t)port);
	return GP_OK;
}

int http_serve(const struct server_cfg *cfg, const char *listen, struct gp_err *err)
{
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	sigset_t set;
	int sig, rc;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int threads = cfg->threads ? cfg->threads : ncpu > 1 ? (unsigned int)ncpu : 2;

	if ((rc = parse_listen(listen, &sa, err)) != GP_OK || (rc = secret_init(err)) != GP_OK)
		return rc;
	/* the signals are waited for here, not delivered to worker threads */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_ITC, 0, NULL,
	    NULL, on_request, (void *)cfg, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned int)1000,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)256, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned int)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
	if (!d)
		return gp_err_set(err, GP_EIO,
				  "cannot listen on %s (in use, or not an address here?)", listen);
	fprintf(
	    stderr,
	    "greenpark serve: listening on http://%s/ (store %s, %u threads); stop with Ctrl-C\n",
	    listen, cfg->db, threads);
	if (cfg->started && (rc = cfg->started(cfg->started_arg, err)) != GP_OK) {
		MHD_stop_daemon(d);
		close_workers();
		meter_index_clear();
		return rc;
	}
	while (sigwait(&set, &sig) != 0)
		;
	fprintf(stderr, "greenpark serve: %s received, finishing requests in flight\n",
		sig == SIGINT ? "SIGINT" : "SIGTERM");
	/* stop accepting, then let the requests in flight finish and be answered (up to
	 * 10 s) before the workers stop */
	MHD_quiesce_daemon(d);
	/* a connection accepted just before may not have started its request yet: wait
	 * until nothing has been in flight for 300 ms (10 s at most) */
	for (int i = 0, quiet = 0; i < 1000 && quiet < 30; i++) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
		quiet = requests_in_flight > 0 ? 0 : quiet + 1;
	}
	MHD_stop_daemon(d);
	close_workers();
	meter_index_clear();
	fprintf(stderr, "greenpark serve: stopped\n");
	return GP_OK;
}
