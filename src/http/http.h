/* http.h — what the HTTP server gives a handler: the parsed request (method, path
 * parameters, query, body, the signed-in user, the thread's store connection) and a
 * response to fill. Handlers are thin: parse → call store/core → build JSON. They
 * never check permissions: the router does, once, from the route table (router.c). */
#ifndef GP_HTTP_H
#define GP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/account.h"
#include "core/auth.h"
#include "report/xlsx_list.h"
#include "store/store.h"
#include "util/err.h"

/* Caps on what a client controls (413 past them). */
#define HTTP_MAX_BODY_CSV   (8u << 20)
#define HTTP_MAX_BODY_JSON  (64u << 10)
#define HTTP_MAX_URL        4096 /* path and query */
#define HTTP_MAX_HEADERS    (16u << 10)
#define HTTP_MAX_JSON_DEPTH 16
#define HTTP_MAX_PARAMS     4

#define SESSION_COOKIE     "gp_session"
#define SESSION_LIFETIME_S (12 * 3600)
#define SESSION_IDLE_S     (2 * 3600)
#define LOGIN_WINDOW_S     300
#define LOGIN_MAX_FAILURES 5

struct server_cfg {
	const char *db;         /* the store's URI */
	const char *web_dir;    /* the dashboard's static files */
	const char *vendor_dir; /* node_modules (ECharts) */
	bool no_cache;          /* GREENPARK_NO_CACHE: answer every GET afresh (for measuring) */
	unsigned int threads;   /* worker threads; 0: one per processor */
	/* Called once the port is bound, before the server waits for its stop signal: the
	 * sources that must not start on a server that cannot listen (MQTT, whose broker
	 * session they would open; Modbus). Its error stops the server. NULL: none. */
	int (*started)(void *arg, struct gp_err *err);
	void *started_arg;
};

struct http_req {
	const char *method;
	const char *path;
	const char *params[HTTP_MAX_PARAMS]; /* {name} parts of the route's pattern, in order */
	size_t nparams;
	void *conn;       /* struct MHD_Connection: use req_query / req_header */
	const char *body; /* NUL-terminated; may be empty */
	size_t body_len;
	const char *content_type; /* without parameters, lower-case; "" when none */
	const struct user *user;  /* NULL: not signed in */
	bool via_cookie;
	char client[64];        /* the peer's address */
	char actor[96];         /* who writes: "web:NAME" */
	struct store_handle *h; /* this thread's connection */
	const struct server_cfg *cfg;
	const unsigned char *session_hash; /* the cookie's hash, when via_cookie */
	const char *csrf;                  /* the session's CSRF token, when via_cookie */
	/* storage behind params, user, session_hash and csrf */
	char params_buf[HTTP_MAX_URL];
	struct user user_buf;
	unsigned char hash_buf[32];
	char csrf_buf[64];
};

struct http_resp {
	int status;
	json_t *json; /* owned; sent as application/json */
	char *text;   /* owned; sent with content_type when json is NULL */
	size_t text_len;
	const char *content_type;
	char content_disposition[128]; /* "attachment; filename=..." for a download; "" none */
	char set_cookie[256];
	int retry_after_s;
};

/* A query argument (NULL when absent) and a request header (NULL when absent). */
const char *req_query(const struct http_req *r, const char *key);
const char *req_header(const struct http_req *r, const char *key);

/* Sets an error response: {"error": {"code", "message", "details"}}; details may be
 * NULL (an empty array is sent) and is consumed. Returns 0 so handlers can
 * `return resp_error(...)`. */
int resp_error(struct http_resp *resp, int status, json_t *details, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The error response for a store/core status: 400 input, 404 not found, 409
 * conflict, 413 too big, 422 → 400 factor, 500 otherwise. */
int resp_from_err(struct http_resp *resp, const struct gp_err *err);
/* Sets a JSON response (consumes j). */
int resp_json(struct http_resp *resp, int status, json_t *j);

/* Parses the request body as a JSON object within the depth cap; on failure fills
 * resp with 400 and returns NULL. */
json_t *req_json_body(const struct http_req *r, struct http_resp *resp);

/* The factor library, loaded once per worker thread and reloaded when another
 * connection has committed since (store data_version). Owned by the server; valid
 * for the request. NULL with err set on failure. */
const struct factor_lib *req_factors(struct http_req *r, struct gp_err *err);

/* Query helpers: a year (default when absent; false and a 400 when malformed), an
 * accounting method, a page. */
bool req_year(const struct http_req *r, struct http_resp *resp, int *year);
bool req_method(const struct http_req *r, struct http_resp *resp, enum account_method *m);

/* An integer query argument in [min, max]; absent leaves *out as it is. On a bad
 * value fills resp with 400 and returns false. */
bool req_long(const struct http_req *r, struct http_resp *resp, const char *key, long min, long max,
	      long *out);

/* Wraps a full list into the paginated answer {"items", "total", "page", "per_page"}
 * using ?page (1..) and ?per_page (1-500, default 50); consumes all. Returns 0 with a
 * 400 in resp when the numbers are malformed. */
int resp_page(const struct http_req *r, struct http_resp *resp, json_t *all);

/* A workbook download (download.c): write(path, arg, err) fills a private temporary
 * file that is read back into resp (an attachment named filename) and removed. */
int resp_workbook(struct http_resp *resp, const char *filename,
		  int (*write)(const char *path, void *arg, struct gp_err *err), void *arg);
/* A list as a one-sheet workbook download (report/xlsx_list.h); consumes rows. */
int resp_xlsx_list(struct http_resp *resp, const char *filename, const char *sheet,
		   const char *title, const struct xlsx_col *cols, size_t ncols, json_t *rows);

typedef int (*http_handler)(struct http_req *r, struct http_resp *resp);

/* Handlers (api_*.c). */
int api_health(struct http_req *r, struct http_resp *resp);
int api_login(struct http_req *r, struct http_resp *resp);
int api_logout(struct http_req *r, struct http_resp *resp);
int api_me(struct http_req *r, struct http_resp *resp);
int api_park(struct http_req *r, struct http_resp *resp);
int api_park_summary(struct http_req *r, struct http_resp *resp);
int api_subparks(struct http_req *r, struct http_resp *resp);
int api_platforms(struct http_req *r, struct http_resp *resp);
int api_enterprises(struct http_req *r, struct http_resp *resp);
int api_enterprise(struct http_req *r, struct http_resp *resp);
int api_enterprise_activity(struct http_req *r, struct http_resp *resp);
int api_activity_write(struct http_req *r, struct http_resp *resp);
int api_activity_upload(struct http_req *r, struct http_resp *resp);
int api_accounting(struct http_req *r, struct http_resp *resp);
int api_factors(struct http_req *r, struct http_resp *resp);
int api_rankings(struct http_req *r, struct http_resp *resp);
int api_timeseries(struct http_req *r, struct http_resp *resp);
int api_energyflow(struct http_req *r, struct http_resp *resp);
int api_evaluation(struct http_req *r, struct http_resp *resp);
int api_attribute_set(struct http_req *r, struct http_resp *resp);
int api_targets(struct http_req *r, struct http_resp *resp);
int api_target_add(struct http_req *r, struct http_resp *resp);
int api_target_remove(struct http_req *r, struct http_resp *resp);
int api_users(struct http_req *r, struct http_resp *resp);
int api_user_create(struct http_req *r, struct http_resp *resp);
int api_user_delete(struct http_req *r, struct http_resp *resp);
int api_audit(struct http_req *r, struct http_resp *resp);
int api_report(struct http_req *r, struct http_resp *resp);

/* meters and readings (api_meters.c) */
int api_meters(struct http_req *r, struct http_resp *resp);
int api_meter_series(struct http_req *r, struct http_resp *resp);
int api_meters_reconciliation(struct http_req *r, struct http_resp *resp);
int api_meters_quality(struct http_req *r, struct http_resp *resp);
int api_meters_balance(struct http_req *r, struct http_resp *resp);
int api_meters_months(struct http_req *r, struct http_resp *resp);
int api_meters_totals(struct http_req *r, struct http_resp *resp);
int api_write(struct http_req *r, struct http_resp *resp);
int api_ingest_status(struct http_req *r, struct http_resp *resp);

/* meter alarms (api_alarms.c) */
int api_alarms(struct http_req *r, struct http_resp *resp);
int api_alarms_summary(struct http_req *r, struct http_resp *resp);
int api_alarms_log(struct http_req *r, struct http_resp *resp);
int api_alarm_ack(struct http_req *r, struct http_resp *resp);
int api_alarm_clear(struct http_req *r, struct http_resp *resp);
int api_alarm_rules(struct http_req *r, struct http_resp *resp);
int api_alarm_rule_add(struct http_req *r, struct http_resp *resp);
int api_alarm_rule_remove(struct http_req *r, struct http_resp *resp);

/* investment pipeline and screening (api_projects.c) */
int api_projects(struct http_req *r, struct http_resp *resp);
int api_projects_xlsx(struct http_req *r, struct http_resp *resp);
int api_projects_summary(struct http_req *r, struct http_resp *resp);
int api_project(struct http_req *r, struct http_resp *resp);
int api_project_screening(struct http_req *r, struct http_resp *resp);
int api_project_move(struct http_req *r, struct http_resp *resp);
int api_project_rules(struct http_req *r, struct http_resp *resp);
int api_project_vetoes(struct http_req *r, struct http_resp *resp);
int api_project_vetoes_xlsx(struct http_req *r, struct http_resp *resp);

/* service desk (api_desk.c) */
int api_tickets(struct http_req *r, struct http_resp *resp);
int api_tickets_summary(struct http_req *r, struct http_resp *resp);
int api_tickets_xlsx(struct http_req *r, struct http_resp *resp);
int api_ticket(struct http_req *r, struct http_resp *resp);
int api_ticket_add(struct http_req *r, struct http_resp *resp);
int api_ticket_status(struct http_req *r, struct http_resp *resp);
int api_assignments(struct http_req *r, struct http_resp *resp);

/* green-finance ledger (api_finance.c) */
int api_finance_summary(struct http_req *r, struct http_resp *resp);
int api_finance_credits(struct http_req *r, struct http_resp *resp);
int api_finance_loans(struct http_req *r, struct http_resp *resp);
int api_finance_banks(struct http_req *r, struct http_resp *resp);
int api_finance_credits_xlsx(struct http_req *r, struct http_resp *resp);
int api_finance_loans_xlsx(struct http_req *r, struct http_resp *resp);

/* Runs the server until SIGINT or SIGTERM; in-flight requests finish first. */
int http_serve(const struct server_cfg *cfg, const char *listen, struct gp_err *err);

#endif
