/* test_desk.c — the service desk: the status flow of core/desk.c (every allowed move and
 * the refusals at each boundary), routing by the longest industry prefix with the staff
 * fallback, overdue on the deadline day and the day after, dates, statistics against
 * hand-counted values, the demo generator's counts and determinism, and the SQLite store's
 * compare-and-set move with its audit rows. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "near.h"

#include "core/demo_desk.h"
#include "core/desk.h"
#include "store/store.h"
#include "store/store_desk.h"
#include "util/str.h"

#include "store_helpers.h"

/* ---- the status flow ---- */

struct move {
	enum desk_status from, to;
	enum desk_actor actor;
	const char *note;
	int want;         /* GP_OK or GP_EINPUT */
	const char *says; /* a part of the refusal's message, or NULL */
};

static void transitions(void **state)
{
	static const struct move moves[] = {
	    /* staff: accept, resolve with the resolution */
	    {DESK_OPEN, DESK_IN_PROGRESS, DESK_ACTOR_STAFF, NULL, GP_OK, NULL},
	    {DESK_REOPENED, DESK_IN_PROGRESS, DESK_ACTOR_STAFF, NULL, GP_OK, NULL},
	    {DESK_IN_PROGRESS, DESK_RESOLVED, DESK_ACTOR_STAFF, "已协调", GP_OK, NULL},
	    {DESK_IN_PROGRESS, DESK_RESOLVED, DESK_ACTOR_STAFF, NULL, GP_EINPUT, "resolution"},
	    {DESK_IN_PROGRESS, DESK_RESOLVED, DESK_ACTOR_STAFF, " \t", GP_EINPUT, "resolution"},
	    {DESK_OPEN, DESK_RESOLVED, DESK_ACTOR_STAFF, "x", GP_EINPUT, "to in_progress"},
	    {DESK_RESOLVED, DESK_CONFIRMED, DESK_ACTOR_STAFF, "x", GP_EINPUT, "the enterprise"},
	    {DESK_RESOLVED, DESK_REOPENED, DESK_ACTOR_STAFF, "x", GP_EINPUT, "the enterprise"},
	    {DESK_IN_PROGRESS, DESK_OPEN, DESK_ACTOR_STAFF, NULL, GP_EINPUT, "to resolved"},
	    /* the enterprise: confirm, or reopen with a reason; nothing else */
	    {DESK_RESOLVED, DESK_CONFIRMED, DESK_ACTOR_ENTERPRISE, NULL, GP_OK, NULL},
	    {DESK_RESOLVED, DESK_REOPENED, DESK_ACTOR_ENTERPRISE, "仍未解决", GP_OK, NULL},
	    {DESK_RESOLVED, DESK_REOPENED, DESK_ACTOR_ENTERPRISE, "", GP_EINPUT, "reason"},
	    {DESK_OPEN, DESK_IN_PROGRESS, DESK_ACTOR_ENTERPRISE, NULL, GP_EINPUT, "park staff"},
	    {DESK_IN_PROGRESS, DESK_RESOLVED, DESK_ACTOR_ENTERPRISE, "x", GP_EINPUT, "park staff"},
	    {DESK_REOPENED, DESK_IN_PROGRESS, DESK_ACTOR_ENTERPRISE, NULL, GP_EINPUT, "park staff"},
	    /* an admin confirms or reopens on the enterprise's behalf only with a note */
	    {DESK_RESOLVED, DESK_CONFIRMED, DESK_ACTOR_ADMIN, NULL, GP_EINPUT, "behalf"},
	    {DESK_RESOLVED, DESK_CONFIRMED, DESK_ACTOR_ADMIN, "电话确认", GP_OK, NULL},
	    {DESK_RESOLVED, DESK_REOPENED, DESK_ACTOR_ADMIN, NULL, GP_EINPUT, "reason"},
	    {DESK_OPEN, DESK_IN_PROGRESS, DESK_ACTOR_ADMIN, NULL, GP_OK, NULL},
	    /* confirmed is closed for everyone */
	    {DESK_CONFIRMED, DESK_REOPENED, DESK_ACTOR_ENTERPRISE, "x", GP_EINPUT, "closed"},
	    {DESK_CONFIRMED, DESK_IN_PROGRESS, DESK_ACTOR_ADMIN, "x", GP_EINPUT, "closed"},
	    /* a move to the same status is no move */
	    {DESK_OPEN, DESK_OPEN, DESK_ACTOR_STAFF, NULL, GP_EINPUT, "in_progress"},
	};
	char big[DESK_NOTE_MAX + 2];
	struct gp_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(moves) / sizeof(moves[0]); i++) {
		const struct move *m = &moves[i];
		int rc = desk_transition_check(m->from, m->to, m->actor, m->note, &err);
		if (rc != m->want)
			fail_msg("move %zu (%s → %s): %d, expected %d (%s)", i,
				 desk_status_name(m->from), desk_status_name(m->to), rc, m->want,
				 rc ? err.msg : "");
		if (m->says)
			assert_contains(err.msg, m->says);
	}
	/* the note's cap: DESK_NOTE_MAX bytes pass, one more is refused */
	memset(big, 'x', sizeof(big));
	big[DESK_NOTE_MAX] = '\0';
	assert_int_equal(
	    desk_transition_check(DESK_IN_PROGRESS, DESK_RESOLVED, DESK_ACTOR_STAFF, big, &err),
	    GP_OK);
	big[DESK_NOTE_MAX] = 'x';
	big[DESK_NOTE_MAX + 1] = '\0';
	assert_int_equal(
	    desk_transition_check(DESK_IN_PROGRESS, DESK_RESOLVED, DESK_ACTOR_STAFF, big, &err),
	    GP_EINPUT);
}

static void names(void **state)
{
	enum desk_category c;
	enum desk_priority p;
	enum desk_status s;
	struct gp_err err;

	(void)state;
	assert_int_equal(desk_category_parse("labour", &c, &err), GP_OK);
	assert_int_equal(c, DESK_LABOUR);
	assert_int_equal(desk_category_parse("水电气暖", &c, &err), GP_OK);
	assert_int_equal(c, DESK_UTILITIES);
	assert_int_equal(desk_category_parse("labor", &c, &err), GP_EINPUT);
	assert_contains(err.msg, "land | funding | labour");
	assert_int_equal(desk_priority_parse("URGENT", &p, &err), GP_OK);
	assert_int_equal(p, DESK_URGENT);
	assert_int_equal(desk_status_parse("in_progress", &s, &err), GP_OK);
	assert_string_equal(desk_status_name_zh(s), "办理中");
	assert_string_equal(desk_category_name_zh(DESK_FUNDING), "资金");
	assert_int_equal(desk_text_check("title", "a\nb", 10, false, true, &err), GP_EINPUT);
	assert_int_equal(desk_text_check("description", "a\nb", 10, true, false, &err), GP_OK);
	assert_int_equal(desk_text_check("title", "  ", 10, false, true, &err), GP_EINPUT);
	assert_int_equal(desk_text_check("title", "12345678901", 10, false, true, &err), GP_EINPUT);
	assert_int_equal(desk_text_check("title", "\xff", 10, false, true, &err), GP_EINPUT);
}

/* ---- dates ---- */

static void dates(void **state)
{
	struct gp_err err;
	int d;

	(void)state;
	assert_int_equal(desk_date_parse("opened", "2024-02-29", &d, &err), GP_OK);
	assert_int_equal(d, 20240229);
	assert_int_equal(desk_date_parse("opened", "2023-02-29", &d, &err), GP_EINPUT);
	assert_int_equal(desk_date_parse("opened", "2024-2-01", &d, &err), GP_EINPUT);
	assert_contains(err.msg, "YYYY-MM-DD");
	/* 1970-01-01 is day 0; 2000-03-01 is day 11017 (30 years, 7 leap days + 59) */
	assert_int_equal(desk_date_days(19700101), 0);
	assert_int_equal(desk_date_days(20000301), 11017);
	assert_int_equal(desk_date_from_days(11017), 20000301);
	assert_int_equal(desk_date_days(20240110) - desk_date_days(20231210), 31);
	/* 2023-12-31T16:00:00Z is midnight of 2024-01-01 in Shanghai (UTC+8) */
	assert_int_equal(desk_date_shanghai(1704038400LL), 20240101);
	assert_int_equal(desk_date_shanghai(1704038399LL), 20231231);
	/* urgent: 3 days, across the year's end; low: 30 days, across February 2024 */
	assert_int_equal(desk_default_deadline(20241230, DESK_URGENT), 20250102);
	assert_int_equal(desk_default_deadline(20240201, DESK_LOW), 20240302);
}

/* ---- routing ---- */

static struct desk_assignment industry(const char *dept, const char *prefix)
{
	struct desk_assignment a;
	memset(&a, 0, sizeof(a));
	a.kind = DESK_ASSIGN_INDUSTRY;
	str_copy(a.department, sizeof(a.department), dept);
	str_copy(a.prefix, sizeof(a.prefix), prefix);
	return a;
}

static struct desk_assignment owner(const char *dept, const char *staff, const char *uscc)
{
	struct desk_assignment a;
	memset(&a, 0, sizeof(a));
	a.kind = DESK_ASSIGN_ENTERPRISE;
	str_copy(a.department, sizeof(a.department), dept);
	str_copy(a.staff, sizeof(a.staff), staff);
	str_copy(a.uscc, sizeof(a.uscc), uscc);
	return a;
}

static void routing(void **state)
{
	struct desk_assignment a[6];
	struct desk_routing r;
	char p[DESK_PREFIX_MAX + 1];
	struct gp_err err;

	(void)state;
	a[0] = industry("经济发展局", "C38");
	a[1] = industry("招商服务局", "C3841");
	a[2] = industry("工业大类", "C");
	a[3] = industry("数字前缀", "29");
	a[4] = owner("人社局", "王芳", "91370406MA3C00030P");
	a[5] = owner("自规分局", "张伟", "91370406MA3C00010M");

	/* C3841: both C38 and C3841 cover it; the longer wins */
	desk_route(a, 6, "91370406MA3C00020N", "C3841", &r);
	assert_string_equal(r.department, "招商服务局");
	assert_string_equal(r.prefix, "C3841");
	assert_string_equal(r.staff, "");
	/* C3825: only C38 (and C) */
	desk_route(a, 6, "91370406MA3C00020N", "C3825", &r);
	assert_string_equal(r.department, "经济发展局");
	/* C1391: only the section letter covers it */
	desk_route(a, 6, "91370406MA3C00020N", "C1391", &r);
	assert_string_equal(r.department, "工业大类");
	/* with the same digits, the prefix with the letter wins: 29 vs C29 */
	{
		struct desk_assignment b[2] = {industry("无字母", "29"), industry("有字母", "C29")};
		desk_route(b, 2, "X", "C2929", &r);
		assert_string_equal(r.department, "有字母");
		desk_route(b, 1, "X", "C2929", &r); /* digits alone cover any letter */
		assert_string_equal(r.department, "无字母");
		desk_route(b + 1, 1, "X", "D2929", &r); /* another section letter does not */
		assert_string_equal(r.department, "");
	}
	/* an owner and an industry: the industry's department, the owner as staff */
	desk_route(a, 6, "91370406MA3C00010M", "C3841", &r);
	assert_string_equal(r.department, "招商服务局");
	assert_string_equal(r.staff, "张伟");
	assert_false(r.by_staff);
	/* an owner and no industry: the owner's department */
	desk_route(a + 3, 3, "91370406MA3C00030P", "C1391", &r);
	assert_string_equal(r.department, "人社局");
	assert_string_equal(r.staff, "王芳");
	assert_true(r.by_staff);
	assert_string_equal(r.prefix, "");
	/* nothing applies */
	desk_route(a + 3, 3, "91370406MA3C00020N", "C1391", &r);
	assert_string_equal(r.department, "");
	assert_string_equal(r.staff, "");

	assert_int_equal(desk_prefix_parse("c38", p, &err), GP_OK);
	assert_string_equal(p, "C38");
	assert_int_equal(desk_prefix_parse("C38411", p, &err), GP_EINPUT);
	assert_int_equal(desk_prefix_parse("Z3", p, &err), GP_EINPUT);
	assert_int_equal(desk_prefix_parse("", p, &err), GP_EINPUT);
	assert_int_equal(desk_prefix_parse("C3a", p, &err), GP_EINPUT);
}

/* ---- overdue and statistics ---- */

static struct desk_ticket ticket(enum desk_category c, enum desk_status s, int opened, int deadline,
				 int resolved, const char *dept)
{
	struct desk_ticket t;
	memset(&t, 0, sizeof(t));
	t.category = c;
	t.status = s;
	t.opened = opened;
	t.deadline = deadline;
	t.resolved = resolved;
	str_copy(t.department, sizeof(t.department), dept);
	return t;
}

static void overdue(void **state)
{
	struct desk_ticket t = ticket(DESK_LAND, DESK_IN_PROGRESS, 20240301, 20240320, 0, "");

	(void)state;
	assert_false(desk_overdue(&t, 20240319));
	assert_false(desk_overdue(&t, 20240320)); /* the deadline day itself: not yet */
	assert_true(desk_overdue(&t, 20240321));  /* the day after */
	t.status = DESK_REOPENED;
	assert_true(desk_overdue(&t, 20240321));
	t.status = DESK_OPEN;
	assert_true(desk_overdue(&t, 20240321));
	t.status = DESK_RESOLVED;
	assert_false(desk_overdue(&t, 20240321));
	t.status = DESK_CONFIRMED;
	assert_false(desk_overdue(&t, 20240321));
	t.status = DESK_IN_PROGRESS;
	t.deadline = 0; /* no deadline: never overdue */
	assert_false(desk_overdue(&t, 20991231));
}

/* Six tickets counted by hand, today 2024-03-01:
 *  T1 land     confirmed   2024-01-05 → resolved 2024-01-15 (10 days)  A
 *  T2 land     open        2024-02-10, deadline 2024-02-20 → overdue    A
 *  T3 funding  resolved    2024-01-20 → 2024-02-03 (14 days)            B
 *  T4 labour   in_progress 2024-02-15, deadline 2024-03-10 → not yet    (not routed)
 *  T5 labour   reopened    2023-12-01, deadline 2023-12-15 → overdue    B
 *  T6 funding  confirmed   2023-12-10 → 2024-01-10 (31 days)            B
 * total 6, resolved 3 (T1 T3 T6), overdue 2 (T2 T5); median of 10, 14, 31 = 14 days;
 * B 3 (2 resolved, 1 overdue), A 2 (1, 1), not routed 1; opened by month 2023-12: 2,
 * 2024-01: 2, 2024-02: 2; resolved 2024-01: 2 (T1, T6), 2024-02: 1 (T3). */
static void statistics(void **state)
{
	struct desk_ticket t[6] = {
	    ticket(DESK_LAND, DESK_CONFIRMED, 20240105, 20240120, 20240115, "A"),
	    ticket(DESK_LAND, DESK_OPEN, 20240210, 20240220, 0, "A"),
	    ticket(DESK_FUNDING, DESK_RESOLVED, 20240120, 0, 20240203, "B"),
	    ticket(DESK_LABOUR, DESK_IN_PROGRESS, 20240215, 20240310, 0, ""),
	    ticket(DESK_LABOUR, DESK_REOPENED, 20231201, 20231215, 0, "B"),
	    ticket(DESK_FUNDING, DESK_CONFIRMED, 20231210, 0, 20240110, "B"),
	};
	struct desk_stats s;

	(void)state;
	desk_stats_compute(t, 6, 20240301, &s);
	assert_int_equal(s.all.total, 6);
	assert_int_equal(s.all.resolved, 3);
	assert_int_equal(s.all.overdue, 2);
	assert_int_equal(s.by_category[DESK_LAND].total, 2);
	assert_int_equal(s.by_category[DESK_LAND].resolved, 1);
	assert_int_equal(s.by_category[DESK_LAND].overdue, 1);
	assert_int_equal(s.by_category[DESK_FUNDING].resolved, 2);
	assert_int_equal(s.by_category[DESK_LABOUR].resolved, 0);
	assert_int_equal(s.by_category[DESK_LABOUR].overdue, 1);
	assert_int_equal(s.by_category[DESK_OTHER].total, 0);
	assert_int_equal(s.by_status[DESK_CONFIRMED], 2);
	assert_int_equal(s.by_status[DESK_REOPENED], 1);
	assert_near(s.median_days_to_resolve, 14.0, 0);
	assert_int_equal(s.ndepartments, 3);
	assert_string_equal(s.by_department[0].department, "B");
	assert_int_equal(s.by_department[0].c.total, 3);
	assert_int_equal(s.by_department[0].c.resolved, 2);
	assert_int_equal(s.by_department[0].c.overdue, 1);
	assert_string_equal(s.by_department[1].department, "A");
	assert_int_equal(s.by_department[1].c.overdue, 1);
	assert_string_equal(s.by_department[2].department, "");
	assert_int_equal(s.nmonths, 3);
	assert_int_equal(s.by_month[0].month, 202312);
	assert_int_equal(s.by_month[0].opened, 2);
	assert_int_equal(s.by_month[0].resolved, 0);
	assert_int_equal(s.by_month[1].month, 202401);
	assert_int_equal(s.by_month[1].opened, 2);
	assert_int_equal(s.by_month[1].resolved, 2);
	assert_int_equal(s.by_month[2].month, 202402);
	assert_int_equal(s.by_month[2].resolved, 1);
	desk_stats_release(&s);

	/* an even count: the median is the mean of the middle two (10 and 14 → 12) */
	desk_stats_compute(t, 3, 20240301, &s);
	assert_near(s.median_days_to_resolve, 12.0, 0);
	desk_stats_release(&s);
	desk_stats_compute(t, 0, 20240301, &s);
	assert_true(isnan(s.median_days_to_resolve));
	assert_int_equal(s.all.total, 0);
	desk_stats_release(&s);
}

/* ---- the demo generator ---- */

static void demo(void **state)
{
	struct enterprise e[5];
	struct demo_desk a, b, c;
	struct gp_err err;
	size_t lines = 0;

	(void)state;
	memset(e, 0, sizeof(e));
	for (int i = 0; i < 5; i++) {
		str_fmt(e[i].uscc, sizeof(e[i].uscc), "91370406MA3C000%d0X", i);
		str_copy(e[i].industry_code, sizeof(e[i].industry_code), "C3841");
	}
	assert_int_equal(demo_desk_generate(e, 5, 7, &a, &err), GP_OK);
	assert_int_equal(a.tickets, DEMO_DESK_TICKETS);
	assert_int_equal(a.done_by_category[DESK_LAND], DEMO_DESK_DONE_LAND);
	assert_int_equal(a.done_by_category[DESK_FUNDING], DEMO_DESK_DONE_FUNDING);
	assert_int_equal(a.done_by_category[DESK_LABOUR], DEMO_DESK_DONE_LABOUR);
	assert_true(DEMO_DESK_DONE_LAND + DEMO_DESK_DONE_FUNDING + DEMO_DESK_DONE_LABOUR >= 60);
	assert_int_equal(a.by_status[DESK_RESOLVED] + a.by_status[DESK_CONFIRMED], DEMO_DESK_DONE);
	assert_int_equal(a.by_status[DESK_OPEN], DEMO_DESK_OPEN);
	assert_int_equal(a.by_status[DESK_IN_PROGRESS], DEMO_DESK_IN_PROGRESS);
	assert_int_equal(a.by_status[DESK_REOPENED], DEMO_DESK_REOPENED);
	for (const char *p = a.tickets_csv.data; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, DEMO_DESK_TICKETS + 1); /* the header and one line a ticket */
	assert_true(strncmp(a.tickets_csv.data, "uscc,category,title,description,priority,", 41) ==
		    0);
	/* the same seed, in another order of the enterprises: the same bytes */
	{
		struct enterprise rev[5];
		for (int i = 0; i < 5; i++)
			rev[i] = e[4 - i];
		assert_int_equal(demo_desk_generate(rev, 5, 7, &b, &err), GP_OK);
	}
	assert_int_equal(a.tickets_csv.len, b.tickets_csv.len);
	assert_memory_equal(a.tickets_csv.data, b.tickets_csv.data, a.tickets_csv.len);
	assert_string_equal(a.assignments_csv.data, b.assignments_csv.data);
	/* another seed: other tickets, the same counts */
	assert_int_equal(demo_desk_generate(e, 5, 8, &c, &err), GP_OK);
	assert_true(strcmp(a.tickets_csv.data, c.tickets_csv.data) != 0);
	assert_int_equal(c.done_by_category[DESK_LAND], DEMO_DESK_DONE_LAND);
	demo_desk_release(&a);
	demo_desk_release(&b);
	demo_desk_release(&c);
	assert_int_equal(demo_desk_generate(e, 0, 7, &a, &err), GP_EINPUT);
}

/* ---- the store: compare-and-set moves, events, audit ---- */

static void store_moves(void **state)
{
	char dir[256], db[320];
	const char *tmp = getenv("TMPDIR");
	struct store_handle h;
	struct enterprise e;
	struct desk_assignment as = owner("人社局", "王芳", "91370406MA3C00010M");
	struct desk_ticket t, got;
	struct desk_event *ev;
	struct desk_ticket *list;
	struct desk_filter f = {0, -1, -1, 0, 0};
	enum put_result res;
	struct gp_err err;
	int64_t id, id2;
	int from, to;
	size_t n;

	(void)state;
	assert_true(str_fmt(dir, sizeof(dir), "%s/gp-desk.XXXXXX", tmp && *tmp ? tmp : "/tmp"));
	assert_non_null(mkdtemp(dir));
	assert_true(str_fmt(db, sizeof(db), "%s/park.db", dir));
	assert_int_equal(store_open(db, STORE_OPEN_CREATE, &h, &err), GP_OK);
	assert_int_equal(h.ops->migrate(h.st, &from, &to, &err), GP_OK);
	memset(&e, 0, sizeof(e));
	str_copy(e.uscc, sizeof(e.uscc), "91370406MA3C00010M");
	str_copy(e.name, sizeof(e.name), "山亭新材料科技有限公司");
	str_copy(e.industry_code, sizeof(e.industry_code), "C2929");
	assert_int_equal(h.ops->enterprise_upsert(h.st, &e, "t", &id, &res, &err), GP_OK);

	/* assignments: insert, then the same again is unchanged (no audit row) */
	assert_int_equal(h.ops->desk->assignment_put(h.st, &as, "t", &res, &err), GP_OK);
	assert_int_equal(res, PUT_INSERTED);
	assert_int_equal(h.ops->desk->assignment_put(h.st, &as, "t", &res, &err), GP_OK);
	assert_int_equal(res, PUT_UNCHANGED);
	assert_int_equal(audit_count_of(&h, "desk_assignment"), 1);
	str_copy(as.uscc, sizeof(as.uscc), "91370406MA3C00020N"); /* not registered */
	assert_int_equal(h.ops->desk->assignment_put(h.st, &as, "t", &res, &err), GP_ENOTFOUND);

	memset(&t, 0, sizeof(t));
	t.enterprise_id = id;
	t.category = DESK_LAND;
	str_copy(t.title, sizeof(t.title), "扩建用地");
	t.priority = DESK_HIGH;
	t.opened = 20240301;
	t.deadline = 20240320;
	t.status = DESK_OPEN;
	str_copy(t.department, sizeof(t.department), "人社局");
	str_copy(t.source_key, sizeof(t.source_key), "import:k1");
	assert_int_equal(h.ops->desk->ticket_add(h.st, &t, NULL, "t", &id, &res, &err), GP_OK);
	assert_int_equal(res, PUT_INSERTED);
	/* the same source key again: nothing written */
	assert_int_equal(h.ops->desk->ticket_add(h.st, &t, NULL, "t", &id2, &res, &err), GP_OK);
	assert_int_equal(res, PUT_UNCHANGED);
	assert_int_equal(id2, id);

	/* a move from a status the ticket is not in: conflict, nothing written */
	assert_int_equal(h.ops->desk->ticket_move(h.st, id, DESK_IN_PROGRESS, DESK_RESOLVED,
						  20240310, "x", "t", &err),
			 GP_ECONFLICT);
	assert_int_equal(h.ops->desk->ticket_move(h.st, id, DESK_OPEN, DESK_IN_PROGRESS, 20240302,
						  NULL, "t", &err),
			 GP_OK);
	assert_int_equal(h.ops->desk->ticket_move(h.st, id, DESK_IN_PROGRESS, DESK_RESOLVED,
						  20240315, "已协调", "t", &err),
			 GP_OK);
	assert_int_equal(h.ops->desk->ticket_get(h.st, id, &got, &err), GP_OK);
	assert_int_equal(got.status, DESK_RESOLVED);
	assert_int_equal(got.resolved, 20240315);
	assert_string_equal(got.resolution, "已协调");
	assert_string_equal(got.attachments, "");
	desk_ticket_release(&got);
	/* reopening clears the resolved date and keeps the resolution */
	assert_int_equal(h.ops->desk->ticket_move(h.st, id, DESK_RESOLVED, DESK_REOPENED, 20240316,
						  "未解决", "t", &err),
			 GP_OK);
	assert_int_equal(h.ops->desk->ticket_get(h.st, id, &got, &err), GP_OK);
	assert_int_equal(got.resolved, 0);
	assert_string_equal(got.resolution, "已协调");
	desk_ticket_release(&got);
	assert_int_equal(h.ops->desk->ticket_events(h.st, id, &ev, &n, &err), GP_OK);
	assert_int_equal(n, 4); /* filed, accepted, resolved, reopened */
	assert_int_equal(ev[0].from, -1);
	assert_int_equal(ev[3].from, DESK_RESOLVED);
	assert_int_equal(ev[3].to, DESK_REOPENED);
	assert_int_equal(ev[3].date, 20240316);
	assert_string_equal(ev[3].note, "未解决");
	free(ev);
	/* one insert and three updates audited, the refused move not */
	assert_int_equal(audit_count_of(&h, "ticket"), 4);

	/* list filters: overdue on 2024-03-21 (deadline 03-20, reopened) */
	f.overdue_today = 20240320;
	assert_int_equal(h.ops->desk->ticket_list(h.st, &f, &list, &n, &err), GP_OK);
	assert_int_equal(n, 0);
	desk_tickets_free(list, n);
	f.overdue_today = 20240321;
	assert_int_equal(h.ops->desk->ticket_list(h.st, &f, &list, &n, &err), GP_OK);
	assert_int_equal(n, 1);
	assert_null(list[0].attachments); /* lists carry no attachments */
	desk_tickets_free(list, n);
	f.overdue_today = 0;
	f.enterprise_id = id + 100;
	assert_int_equal(h.ops->desk->ticket_list(h.st, &f, &list, &n, &err), GP_OK);
	assert_int_equal(n, 0);
	desk_tickets_free(list, n);
	assert_int_equal(h.ops->desk->ticket_get(h.st, 999, &got, &err), GP_ENOTFOUND);

	store_close(&h);
	remove_db_files(db);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(transitions), cmocka_unit_test(names),
	    cmocka_unit_test(dates),       cmocka_unit_test(routing),
	    cmocka_unit_test(overdue),     cmocka_unit_test(statistics),
	    cmocka_unit_test(demo),        cmocka_unit_test(store_moves),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
