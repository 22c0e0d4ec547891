/* demo_desk.h — the demo park's service desk (docs/desk.md "Demo"): 包保 assignments of
 * five departments and eight staff members, and 100 tickets of 2022–2024 of which 84 are
 * resolved or confirmed (land 21, funding 25, labour 19: the published "60+ enterprise
 * problems (land, funds, labour) resolved"), written as the CSV texts of 'greenpark import
 * assignments' and 'greenpark import tickets' so the demo passes the same checks as any
 * file. Pure: no I/O, no clock; the same enterprises and seed give the same bytes. Sample
 * data (示例数据): departments, staff and tickets are invented. */
#ifndef GP_DEMO_DESK_H
#define GP_DEMO_DESK_H

#include <stddef.h>
#include <stdint.h>

#include "core/desk.h"
#include "core/registry.h"
#include "util/err.h"
#include "util/str.h"

/* The counts every seed gives (the enterprises, dates and texts depend on the seed). */
#define DEMO_DESK_TICKETS       100
#define DEMO_DESK_DONE          84 /* resolved or confirmed */
#define DEMO_DESK_DONE_LAND     21
#define DEMO_DESK_DONE_FUNDING  25
#define DEMO_DESK_DONE_LABOUR   19
#define DEMO_DESK_OPEN          6 /* 待受理: no deadline yet */
#define DEMO_DESK_IN_PROGRESS   7 /* deadlines in 2024: overdue after 2024 */
#define DEMO_DESK_REOPENED      3 /* deadlines in 2024: overdue after 2024 */
#define DEMO_DESK_CONFIRMED     59
#define DEMO_DESK_RESOLVED_ONLY 25 /* resolved, not yet confirmed */

struct demo_desk {
	struct buf assignments_csv; /* kind,department,staff,target */
	struct buf tickets_csv;     /* uscc,category,title,description,priority,opened,... */
	size_t assignments;         /* data rows of each text */
	size_t tickets;
	size_t by_status[DESK_STATUS_COUNT];
	size_t done_by_category[DESK_CATEGORY_COUNT];
};

/* Generates the texts for the n enterprises ents (any order; at least one) and seed into
 * out (overwritten). GP_EINPUT when there is no enterprise. On success the caller frees
 * out with demo_desk_release. */
int demo_desk_generate(const struct enterprise *ents, size_t n, uint64_t seed,
		       struct demo_desk *out, struct gp_err *err);
void demo_desk_release(struct demo_desk *d);

#endif
