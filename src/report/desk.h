/* report/desk.h — the service desk's operations shared by the CLI ('greenpark ticket') and
 * the API (api_desk.c): filing a ticket (validated, routed by the stored 包保 assignments,
 * stored), moving one along the status flow (checked by core/desk.c), and the JSON
 * renderings of tickets, assignments and the summary, plus the Excel columns of the list.
 * Thin over core/desk.c and the store; never decides a rule itself. */
#ifndef GP_REPORT_DESK_H
#define GP_REPORT_DESK_H

#include <jansson.h>

#include "core/desk.h"
#include "report/xlsx_list.h"
#include "store/store.h"
#include "store/store_desk.h"

/* Today in the park's time zone (Asia/Shanghai), YYYYMMDD, from the system clock. */
int desk_today(void);

/* Files t: t->enterprise_id is found from t->uscc (GP_ENOTFOUND when not registered),
 * the text fields are checked (GP_EINPUT), t->opened defaults to today and t->deadline
 * (when 0) to the default deadline of the priority; the status is open. Routes it by the
 * stored assignments into t->department and t->staff (and *route, may be NULL) and stores
 * it; *id is the new ticket. */
int desk_file(struct store_handle *h, struct desk_ticket *t, const char *actor,
	      struct desk_routing *route, int64_t *id, struct gp_err *err);

/* Moves ticket id to status to as actor_kind with note (may be NULL) on date (0: today).
 * only_enterprise (0: any) is the enterprise the actor acts for: another's ticket is
 * GP_ENOTFOUND, exactly as a missing one (ids do not leak). Errors: GP_EINPUT from the
 * status flow or a date before the ticket was opened; GP_ECONFLICT when the ticket moved
 * meanwhile. *out (may be NULL) receives the ticket after the move (release it). */
int desk_move(struct store_handle *h, int64_t id, enum desk_status to, enum desk_actor actor_kind,
	      const char *note, int date, int64_t only_enterprise, const char *actor,
	      struct desk_ticket *out, struct gp_err *err);

/* A ticket as JSON: id, uscc, enterprise, category, category_zh, title, description,
 * priority, priority_zh, opened, deadline, status, status_zh, overdue, department, staff,
 * resolution, resolved, confirmed, created_by; attachments when the ticket carries them. */
json_t *desk_ticket_json(const struct desk_ticket *t, int today);
json_t *desk_tickets_json(const struct desk_ticket *list, size_t n, int today);
json_t *desk_events_json(const struct desk_event *ev, size_t n);
json_t *desk_assignments_json(const struct desk_assignment *a, size_t n);
json_t *desk_routing_json(const struct desk_routing *r);

/* The summary: total, resolved, overdue, by_category {name: {name_zh, total, resolved,
 * overdue}} (every category), by_status {name: n}, by_department [{department, total,
 * resolved, overdue}], by_month [{month, opened, resolved}], median_days_to_resolve,
 * year (null: all), today. */
json_t *desk_summary_json(const struct desk_stats *s, int year, int today);

/* The columns of the ticket list workbook (keys of desk_ticket_json). */
extern const struct xlsx_col desk_xlsx_cols[];
extern const size_t desk_xlsx_ncols;

#endif
