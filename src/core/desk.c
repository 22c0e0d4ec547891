/* desk.c — the service desk's rules (desk.h): names, dates, the status flow, routing by
 * 包保 assignments, overdue flags and statistics. Pure: no I/O, no clock. */
#include "core/desk.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "util/str.h"
#include "util/utf8.h"

/* ---- names ---- */

static const char *const category_names[DESK_CATEGORY_COUNT][2] = {
    {"land", "用地"},      {"funding", "资金"},       {"labour", "用工"}, {"technology", "技术"},
    {"approvals", "审批"}, {"utilities", "水电气暖"}, {"other", "其他"},
};
static const char *const priority_names[DESK_PRIORITY_COUNT][2] = {
    {"low", "低"},
    {"normal", "普通"},
    {"high", "高"},
    {"urgent", "紧急"},
};
static const char *const status_names[DESK_STATUS_COUNT][2] = {
    {"open", "待受理"},      {"in_progress", "办理中"}, {"resolved", "已办结"},
    {"confirmed", "已确认"}, {"reopened", "已重开"},
};

/* Finds s among the n names (English, case-insensitive, or Chinese); -1 when absent. */
static int find_name(const char *s, const char *const (*names)[2], int n)
{
	for (int i = 0; s && i < n; i++)
		if (str_eq_nocase(s, names[i][0]) || strcmp(s, names[i][1]) == 0)
			return i;
	return -1;
}

static int name_error(const char *field, const char *s, const char *const (*names)[2], int n,
		      struct gp_err *err)
{
	char list[256] = "";
	size_t used = 0;

	for (int i = 0; i < n; i++) {
		str_fmt(list + used, sizeof(list) - used, "%s%s", i ? " | " : "", names[i][0]);
		used = strlen(list);
	}
	return gp_err_set(err, GP_EINPUT, "%s '%s' is not one of %s", field, s ? s : "", list);
}

int desk_category_parse(const char *s, enum desk_category *out, struct gp_err *err)
{
	int i = find_name(s, category_names, DESK_CATEGORY_COUNT);
	if (i < 0)
		return name_error("category", s, category_names, DESK_CATEGORY_COUNT, err);
	*out = (enum desk_category)i;
	return GP_OK;
}

const char *desk_category_name(enum desk_category c)
{
	return (unsigned)c < DESK_CATEGORY_COUNT ? category_names[c][0] : "?";
}

const char *desk_category_name_zh(enum desk_category c)
{
	return (unsigned)c < DESK_CATEGORY_COUNT ? category_names[c][1] : "?";
}

int desk_priority_parse(const char *s, enum desk_priority *out, struct gp_err *err)
{
	int i = find_name(s, priority_names, DESK_PRIORITY_COUNT);
	if (i < 0)
		return name_error("priority", s, priority_names, DESK_PRIORITY_COUNT, err);
	*out = (enum desk_priority)i;
	return GP_OK;
}

const char *desk_priority_name(enum desk_priority p)
{
	return (unsigned)p < DESK_PRIORITY_COUNT ? priority_names[p][0] : "?";
}

const char *desk_priority_name_zh(enum desk_priority p)
{
	return (unsigned)p < DESK_PRIORITY_COUNT ? priority_names[p][1] : "?";
}

int desk_status_parse(const char *s, enum desk_status *out, struct gp_err *err)
{
	int i = find_name(s, status_names, DESK_STATUS_COUNT);
	if (i < 0)
		return name_error("status", s, status_names, DESK_STATUS_COUNT, err);
	*out = (enum desk_status)i;
	return GP_OK;
}

const char *desk_status_name(enum desk_status s)
{
	return (unsigned)s < DESK_STATUS_COUNT ? status_names[s][0] : "?";
}

const char *desk_status_name_zh(enum desk_status s)
{
	return (unsigned)s < DESK_STATUS_COUNT ? status_names[s][1] : "?";
}

bool desk_status_done(enum desk_status s)
{
	return s == DESK_RESOLVED || s == DESK_CONFIRMED;
}

int desk_text_check(const char *field, const char *s, size_t max, bool multiline, bool required,
		    struct gp_err *err)
{
	size_t n = s ? strlen(s) : 0;
	bool blank = true;

	if (n > max)
		return gp_err_set(err, GP_EINPUT, "%s is %zu bytes (at most %zu)", field, n, max);
	if (n && !utf8_valid(s, n))
		return gp_err_set(err, GP_EINPUT, "%s is not valid UTF-8", field);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) ||
		    c == 0x7f)
			return gp_err_set(err, GP_EINPUT,
					  "%s has a control character at byte %zu%s", field, i + 1,
					  multiline ? "" : " (expected one line of text)");
		if (!isspace(c))
			blank = false;
	}
	if (required && blank)
		return gp_err_set(err, GP_EINPUT, "%s is empty", field);
	return GP_OK;
}

/* ---- dates ---- */

int desk_date_parse(const char *field, const char *s, int *ymd, struct gp_err *err)
{
	return date_parse_ymd(field, s, ymd, err);
}

void desk_date_format(int ymd, char out[11])
{
	if (ymd <= 0)
		out[0] = '\0';
	else
		date_format_ymd(ymd, out);
}

long desk_date_days(int ymd)
{
	return date_ymd_days(ymd);
}

int desk_date_from_days(long days)
{
	return date_ymd(days);
}

int desk_date_shanghai(long long now_s)
{
	long long local = now_s + 8 * 3600;
	long days = (long)(local >= 0 ? local / 86400 : -((-local + 86399) / 86400));
	return desk_date_from_days(days);
}

int desk_default_deadline(int opened, enum desk_priority p)
{
	static const int days[DESK_PRIORITY_COUNT] = {30, 15, 7, 3};
	return desk_date_from_days(desk_date_days(opened) +
				   days[(unsigned)p < DESK_PRIORITY_COUNT ? p : DESK_NORMAL]);
}

/* ---- the status flow ---- */

static bool has_note(const char *note)
{
	if (!note)
		return false;
	for (const char *p = note; *p; p++)
		if (!isspace((unsigned char)*p))
			return true;
	return false;
}

/* What actor may do from a status, in words; NULL when nothing. */
static const char *allowed_from(enum desk_status from, enum desk_actor actor)
{
	bool staff = actor == DESK_ACTOR_STAFF || actor == DESK_ACTOR_ADMIN;

	switch (from) {
	case DESK_OPEN:
	case DESK_REOPENED: return staff ? "in_progress (办理中)" : NULL;
	case DESK_IN_PROGRESS:
		return staff ? "resolved (已办结, with the resolution as note)" : NULL;
	case DESK_RESOLVED:
		if (actor == DESK_ACTOR_ENTERPRISE)
			return "confirmed (已确认) or reopened (已重开, with the reason as note)";
		if (actor == DESK_ACTOR_ADMIN)
			return "confirmed or reopened on the enterprise's behalf (with a note)";
		return NULL;
	case DESK_CONFIRMED:
	case DESK_STATUS_COUNT: break;
	}
	return NULL;
}

int desk_transition_check(enum desk_status from, enum desk_status to, enum desk_actor actor,
			  const char *note, struct gp_err *err)
{
	bool staff = actor == DESK_ACTOR_STAFF || actor == DESK_ACTOR_ADMIN;
	bool ent = actor == DESK_ACTOR_ENTERPRISE, admin = actor == DESK_ACTOR_ADMIN;
	const char *allowed;

	if ((unsigned)from >= DESK_STATUS_COUNT || (unsigned)to >= DESK_STATUS_COUNT)
		return gp_err_set(err, GP_EINPUT, "unknown status");
	if (note && strlen(note) > DESK_NOTE_MAX)
		return gp_err_set(err, GP_EINPUT, "note is %zu bytes (at most %d)", strlen(note),
				  DESK_NOTE_MAX);
	if (staff && (from == DESK_OPEN || from == DESK_REOPENED) && to == DESK_IN_PROGRESS)
		return GP_OK;
	if (staff && from == DESK_IN_PROGRESS && to == DESK_RESOLVED)
		return has_note(note)
			   ? GP_OK
			   : gp_err_set(err, GP_EINPUT,
					"resolving a ticket needs a note: the resolution "
					"(办结说明)");
	if ((ent || admin) && from == DESK_RESOLVED && to == DESK_CONFIRMED)
		return !admin || has_note(note)
			   ? GP_OK
			   : gp_err_set(err, GP_EINPUT,
					"confirming on the enterprise's behalf needs a note: who "
					"confirmed it and how (代企业确认须说明)");
	if ((ent || admin) && from == DESK_RESOLVED && to == DESK_REOPENED)
		return has_note(note) ? GP_OK
				      : gp_err_set(err, GP_EINPUT,
						   "reopening a ticket needs a note: the reason "
						   "(重开原因)");
	if (from == DESK_CONFIRMED)
		return gp_err_set(err, GP_EINPUT,
				  "cannot move a ticket from confirmed to %s: a confirmed ticket "
				  "(已确认) is closed",
				  desk_status_name(to));
	allowed = allowed_from(from, actor);
	if (allowed)
		return gp_err_set(err, GP_EINPUT,
				  "cannot move a ticket from %s to %s (from %s the %s may move it "
				  "to %s)",
				  desk_status_name(from), desk_status_name(to),
				  desk_status_name(from),
				  ent     ? "enterprise"
				  : admin ? "admin"
					  : "staff",
				  allowed);
	return gp_err_set(
	    err, GP_EINPUT, "cannot move a ticket from %s to %s: from %s only %s may move it",
	    desk_status_name(from), desk_status_name(to), desk_status_name(from),
	    from == DESK_RESOLVED ? "the enterprise (or an admin on its behalf)" : "park staff");
}

/* ---- routing ---- */

int desk_prefix_parse(const char *s, char out[DESK_PREFIX_MAX + 1], struct gp_err *err)
{
	size_t n = s ? strlen(s) : 0, i = 0;
	char buf[DESK_PREFIX_MAX + 1];

	if (n == 0 || n > DESK_PREFIX_MAX)
		goto bad;
	if (isalpha((unsigned char)s[0])) {
		buf[0] = (char)toupper((unsigned char)s[0]);
		if (buf[0] > 'T')
			goto bad;
		i = 1;
	}
	if (n - i > 4)
		goto bad;
	for (size_t k = i; k < n; k++) {
		if (!isdigit((unsigned char)s[k]))
			goto bad;
		buf[k] = s[k];
	}
	buf[n] = '\0';
	str_copy(out, DESK_PREFIX_MAX + 1, buf);
	return GP_OK;
bad:
	return gp_err_set(err, GP_EINPUT,
			  "industry prefix '%s' is not a GB/T 4754 code prefix (expected a section "
			  "letter A-T and/or 1-4 digits, e.g. C38 or C3841)",
			  s ? s : "");
}

/* Splits an industry code or prefix into its section letter (0: none) and its digits. */
static const char *split_code(const char *code, char *letter)
{
	*letter = 0;
	if (code && isalpha((unsigned char)code[0])) {
		*letter = (char)toupper((unsigned char)code[0]);
		return code + 1;
	}
	return code ? code : "";
}

bool desk_prefix_covers(const char *prefix, const char *code)
{
	char pl, cl;
	const char *pd = split_code(prefix, &pl), *cd = split_code(code, &cl);
	size_t n = strlen(pd);

	if (!prefix || !prefix[0] || !code)
		return false;
	if (pl && cl && pl != cl)
		return false;
	if (pl && !cl && n == 0)
		return false; /* a bare section letter cannot be judged without the code's */
	return strncmp(pd, cd, n) == 0 && strlen(cd) >= n;
}

void desk_route(const struct desk_assignment *a, size_t n, const char *uscc,
		const char *industry_code, struct desk_routing *out)
{
	const struct desk_assignment *best = NULL, *owner = NULL;
	int best_len = -1;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		if (a[i].kind == DESK_ASSIGN_ENTERPRISE) {
			if (uscc && strcmp(a[i].uscc, uscc) == 0)
				owner = &a[i];
			continue;
		}
		if (!desk_prefix_covers(a[i].prefix, industry_code))
			continue;
		{
			char l;
			const char *digits = split_code(a[i].prefix, &l);
			int len = (int)strlen(digits) * 2 + (l ? 1 : 0);
			if (len > best_len) {
				best_len = len;
				best = &a[i];
			}
		}
	}
	if (owner)
		str_copy(out->staff, sizeof(out->staff), owner->staff);
	if (best) {
		str_copy(out->department, sizeof(out->department), best->department);
		str_copy(out->prefix, sizeof(out->prefix), best->prefix);
	} else if (owner) {
		str_copy(out->department, sizeof(out->department), owner->department);
		out->by_staff = true;
	}
}

/* ---- tickets and statistics ---- */

void desk_ticket_release(struct desk_ticket *t)
{
	free(t->description);
	free(t->attachments);
	free(t->resolution);
	t->description = t->attachments = t->resolution = NULL;
}

void desk_tickets_free(struct desk_ticket *list, size_t n)
{
	for (size_t i = 0; list && i < n; i++)
		desk_ticket_release(&list[i]);
	free(list);
}

bool desk_overdue(const struct desk_ticket *t, int today)
{
	return t->deadline > 0 && t->deadline < today && !desk_status_done(t->status);
}

static void count_add(struct desk_count *c, const struct desk_ticket *t, int today)
{
	c->total++;
	if (desk_status_done(t->status))
		c->resolved++;
	if (desk_overdue(t, today))
		c->overdue++;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

static int cmp_dept(const void *a, const void *b)
{
	const struct desk_dept_stats *x = a, *y = b;
	if (x->c.total != y->c.total)
		return x->c.total > y->c.total ? -1 : 1;
	return strcmp(x->department, y->department);
}

static int cmp_month(const void *a, const void *b)
{
	const struct desk_month_stats *x = a, *y = b;
	return (x->month > y->month) - (x->month < y->month);
}

static struct desk_month_stats *month_slot(struct desk_stats *s, size_t *cap, int month)
{
	for (size_t i = 0; i < s->nmonths; i++)
		if (s->by_month[i].month == month)
			return &s->by_month[i];
	xgrow((void **)&s->by_month, sizeof(*s->by_month), s->nmonths + 1, cap);
	memset(&s->by_month[s->nmonths], 0, sizeof(*s->by_month));
	s->by_month[s->nmonths].month = month;
	return &s->by_month[s->nmonths++];
}

void desk_stats_compute(const struct desk_ticket *t, size_t n, int today, struct desk_stats *out)
{
	size_t dcap = 0, mcap = 0, nd = 0;
	long *days = n ? xcalloc(n, sizeof(long)) : NULL;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		struct desk_dept_stats *d = NULL;
		count_add(&out->all, &t[i], today);
		if ((unsigned)t[i].category < DESK_CATEGORY_COUNT)
			count_add(&out->by_category[t[i].category], &t[i], today);
		if ((unsigned)t[i].status < DESK_STATUS_COUNT)
			out->by_status[t[i].status]++;
		for (size_t k = 0; k < out->ndepartments && !d; k++)
			if (strcmp(out->by_department[k].department, t[i].department) == 0)
				d = &out->by_department[k];
		if (!d) {
			xgrow((void **)&out->by_department, sizeof(*out->by_department),
			      out->ndepartments + 1, &dcap);
			d = &out->by_department[out->ndepartments++];
			memset(d, 0, sizeof(*d));
			str_copy(d->department, sizeof(d->department), t[i].department);
		}
		count_add(&d->c, &t[i], today);
		if (t[i].opened > 0)
			month_slot(out, &mcap, t[i].opened / 100)->opened++;
		if (desk_status_done(t[i].status) && t[i].resolved > 0) {
			month_slot(out, &mcap, t[i].resolved / 100)->resolved++;
			if (t[i].opened > 0)
				days[nd++] =
				    desk_date_days(t[i].resolved) - desk_date_days(t[i].opened);
		}
	}
	if (out->ndepartments > 1)
		qsort(out->by_department, out->ndepartments, sizeof(*out->by_department), cmp_dept);
	if (out->nmonths > 1)
		qsort(out->by_month, out->nmonths, sizeof(*out->by_month), cmp_month);
	if (nd == 0) {
		out->median_days_to_resolve = NAN;
	} else {
		qsort(days, nd, sizeof(long), cmp_long);
		size_t mid = nd / 2;
		double hi = (double)days[mid], lo = (double)days[nd % 2 ? mid : mid - 1];
		out->median_days_to_resolve = (lo + hi) / 2.0;
	}
	free(days);
}

void desk_stats_release(struct desk_stats *s)
{
	free(s->by_department);
	free(s->by_month);
	s->by_department = NULL;
	s->by_month = NULL;
	s->ndepartments = s->nmonths = 0;
}
