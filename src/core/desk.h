/* desk.h — the service desk (企业服务 / 包保): the rules of enterprise tickets. Categories,
 * priorities and statuses with their Chinese names; the status flow and who may move a
 * ticket along it; routing by 包保 assignments (部门包产业: a department owns an industry-code
 * prefix; 员工包企业: a staff member owns an enterprise); overdue flags; statistics by
 * category, department and month. Pure: no I/O, no store, no clock ("today" is always a
 * parameter, so tests can fix it). Dates are held as integers YYYYMMDD. */
#ifndef GP_DESK_H
#define GP_DESK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/uscc.h"
#include "util/err.h"

/* Caps on what people type (bytes of UTF-8). */
#define DESK_TITLE_MAX       200
#define DESK_DESCRIPTION_MAX 4000
#define DESK_ATTACHMENTS_MAX 16384 /* attachments as text: file names or links, one a line */
#define DESK_NOTE_MAX        2000  /* a resolution, a reopening reason, a status note */
#define DESK_NAME_MAX        128   /* a department or a staff member */
#define DESK_PREFIX_MAX      5     /* an industry-code prefix: letter + up to 4 digits */

enum desk_category {
	DESK_LAND,       /* 用地 */
	DESK_FUNDING,    /* 资金 */
	DESK_LABOUR,     /* 用工 */
	DESK_TECHNOLOGY, /* 技术 */
	DESK_APPROVALS,  /* 审批 */
	DESK_UTILITIES,  /* 水电气暖 */
	DESK_OTHER,      /* 其他 */
	DESK_CATEGORY_COUNT
};

enum desk_priority { DESK_LOW, DESK_NORMAL, DESK_HIGH, DESK_URGENT, DESK_PRIORITY_COUNT };

enum desk_status {
	DESK_OPEN,        /* 待受理 */
	DESK_IN_PROGRESS, /* 办理中 */
	DESK_RESOLVED,    /* 已办结: staff resolved it, the enterprise has not yet confirmed */
	DESK_CONFIRMED,   /* 已确认: the enterprise confirmed the resolution */
	DESK_REOPENED,    /* 已重开: the enterprise was not satisfied */
	DESK_STATUS_COUNT
};

/* Who moves a ticket. Staff: analysts (the service teams). Admin: staff, and may confirm
 * or reopen on an enterprise's behalf with a note (a phone call, a meeting). Enterprise:
 * the enterprise that filed the ticket (the caller checks ownership). */
enum desk_actor { DESK_ACTOR_STAFF, DESK_ACTOR_ADMIN, DESK_ACTOR_ENTERPRISE };

/* Parsers accept the English name or the Chinese name; errors name the field, quote the
 * value and list what is expected. */
int desk_category_parse(const char *s, enum desk_category *out, struct gp_err *err);
const char *desk_category_name(enum desk_category c);
const char *desk_category_name_zh(enum desk_category c);
int desk_priority_parse(const char *s, enum desk_priority *out, struct gp_err *err);
const char *desk_priority_name(enum desk_priority p);
const char *desk_priority_name_zh(enum desk_priority p);
int desk_status_parse(const char *s, enum desk_status *out, struct gp_err *err);
const char *desk_status_name(enum desk_status s);
const char *desk_status_name_zh(enum desk_status s);

/* A text field a person typed: valid UTF-8, at most max bytes, no control characters
 * (line breaks and tabs allowed when multiline). required: must not be empty or blank.
 * GP_EINPUT with a message naming field. */
int desk_text_check(const char *field, const char *s, size_t max, bool multiline, bool required,
		    struct gp_err *err);

/* Resolved or confirmed: the problem is solved (counted as resolved in statistics). */
bool desk_status_done(enum desk_status s);

/* ---- dates (proleptic Gregorian, YYYYMMDD) ---- */

/* Parses "YYYY-MM-DD" (a real calendar date, year 1990-2100) into *ymd; field names the
 * field in the message. */
int desk_date_parse(const char *field, const char *s, int *ymd, struct gp_err *err);
/* Writes "YYYY-MM-DD" into out[11]; 0 writes "". */
void desk_date_format(int ymd, char out[11]);
/* Days since 1970-01-01 of a valid ymd, and back. */
long desk_date_days(int ymd);
int desk_date_from_days(long days);
/* The date in China Standard Time (UTC+8, no daylight saving since 1991: the park's
 * Asia/Shanghai) at unix time now_s. */
int desk_date_shanghai(long long now_s);
/* The default deadline of a new ticket filed on opened: urgent 3, high 7, normal 15, low 30
 * calendar days (限时办结). */
int desk_default_deadline(int opened, enum desk_priority p);

/* ---- the status flow ---- */

/* Checks whether actor may move a ticket from → to with note (may be NULL or ""):
 *   staff, admin:  open|reopened → in_progress; in_progress → resolved (note required:
 *                  the resolution);
 *   enterprise:    resolved → confirmed; resolved → reopened (note required: the reason);
 *   admin:         resolved → confirmed or reopened on the enterprise's behalf, note
 *                  required (who confirmed, how).
 * GP_OK, or GP_EINPUT with a message that says what is allowed from the current status
 * for that actor. A note longer than DESK_NOTE_MAX is refused. */
int desk_transition_check(enum desk_status from, enum desk_status to, enum desk_actor actor,
			  const char *note, struct gp_err *err);

/* ---- routing by 包保 assignments ---- */

enum desk_assign_kind { DESK_ASSIGN_INDUSTRY, DESK_ASSIGN_ENTERPRISE };

struct desk_assignment {
	enum desk_assign_kind kind;
	char department[DESK_NAME_MAX + 1];
	char staff[DESK_NAME_MAX + 1];    /* enterprise: the staff member; industry: "" */
	char prefix[DESK_PREFIX_MAX + 1]; /* industry: the industry-code prefix */
	char uscc[USCC_LEN + 1];          /* enterprise: its USCC */
	char name[256];                   /* enterprise: its name (for display; may be "") */
};

/* An industry-code prefix (GB/T 4754-2017): a section letter A-T, or an optional
 * section letter followed by 1 to 4 digits ("C", "C38", "38", "C3841"); written
 * upper-case into out[DESK_PREFIX_MAX + 1]. */
int desk_prefix_parse(const char *s, char out[DESK_PREFIX_MAX + 1], struct gp_err *err);

/* Whether prefix covers industry code code. Digits compare as a prefix of the code's
 * digits; a section letter, when both have one, must be equal (a prefix of digits alone
 * covers the code with any letter, since the division fixes the section). */
bool desk_prefix_covers(const char *prefix, const char *code);

struct desk_routing {
	char department[DESK_NAME_MAX + 1]; /* "" when no assignment applies */
	char staff[DESK_NAME_MAX + 1];      /* "" when the enterprise has no staff owner */
	char prefix[DESK_PREFIX_MAX + 1];   /* the industry prefix that decided the department,
					       or "" */
	bool by_staff; /* the department is the staff member's (no industry prefix matched) */
};

/* Routes a ticket of the enterprise uscc with industry code industry_code: the department
 * is the one owning the longest industry-code prefix that covers the code (more digits is
 * longer; with equal digits, a prefix with the section letter wins); the staff member is the
 * enterprise's owner; when no prefix matches but the enterprise has an owner, the owner's
 * department. Never fails: out is zeroed when nothing applies. */
void desk_route(const struct desk_assignment *a, size_t n, const char *uscc,
		const char *industry_code, struct desk_routing *out);

/* ---- tickets and statistics ---- */

struct desk_ticket {
	int64_t id;
	int64_t enterprise_id;
	char uscc[USCC_LEN + 1];
	char enterprise[256]; /* the enterprise's name */
	enum desk_category category;
	char title[DESK_TITLE_MAX + 1];
	char *description; /* owned; "" or NULL when none */
	char *attachments; /* owned; NULL in lists (only a single ticket carries them) */
	char *resolution;  /* owned; the last resolution, "" or NULL */
	enum desk_priority priority;
	int opened;   /* YYYYMMDD */
	int deadline; /* 0: none */
	enum desk_status status;
	char department[DESK_NAME_MAX + 1]; /* routed to; "" none */
	char staff[DESK_NAME_MAX + 1];
	int resolved;  /* YYYYMMDD of the last resolution; 0 none (or reopened) */
	int confirmed; /* YYYYMMDD the enterprise confirmed; 0 none */
	char created_by[96];
	char source_key[512]; /* imports: what identifies the row for a re-import; "" */
};

/* Frees the owned texts of each ticket and the array. */
void desk_ticket_release(struct desk_ticket *t);
void desk_tickets_free(struct desk_ticket *list, size_t n);

/* Overdue: has a deadline, the deadline is before today, and the ticket is not resolved or
 * confirmed. On the deadline day itself a ticket is not yet overdue. */
bool desk_overdue(const struct desk_ticket *t, int today);

struct desk_count {
	long total;
	long resolved; /* resolved or confirmed */
	long overdue;
};

struct desk_dept_stats {
	char department[DESK_NAME_MAX + 1]; /* "" : not routed */
	struct desk_count c;
};

struct desk_month_stats {
	int month; /* YYYYMM */
	long opened;
	long resolved; /* tickets whose (last) resolution date falls in the month */
};

struct desk_stats {
	struct desk_count all;
	struct desk_count by_category[DESK_CATEGORY_COUNT];
	long by_status[DESK_STATUS_COUNT];
	struct desk_dept_stats *by_department; /* owned; by total descending, then name */
	size_t ndepartments;
	struct desk_month_stats *by_month; /* owned; ascending, months with any ticket */
	size_t nmonths;
	double median_days_to_resolve; /* over resolved/confirmed tickets with a resolved date;
					  NAN when none */
};

/* Counts tickets (as given: the caller filters by enterprise or year) against today.
 * out is overwritten; release it with desk_stats_release. */
void desk_stats_compute(const struct desk_ticket *t, size_t n, int today, struct desk_stats *out);
void desk_stats_release(struct desk_stats *s);

#endif
