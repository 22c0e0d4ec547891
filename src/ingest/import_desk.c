/* import_desk.c — the service desk's imports (import_desk.h): every row is validated
 * before the store is touched; then one transaction writes them all (each write audited by
 * the store). Reporting, the header check and the record loop are import_int.h's. */
#include "ingest/import_desk.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/desk.h"
#include "core/period.h"
#include "core/registry.h"
#include "core/uscc.h"
#include "ingest/import_int.h"
#include "store/store_desk.h"
#include "util/map.h"
#include "util/str.h"

/* The registry: USCC → index into *ents (the caller frees *ents and releases m). */
static int load_registry(struct store_handle *h, struct enterprise **ents, size_t *n,
			 struct strmap *m, struct gp_err *err)
{
	struct enterprise_filter all = {NULL, NULL, -1, -1, -1};
	int rc = h->ops->enterprise_list(h->st, &all, ents, n, err);

	if (rc != GP_OK)
		return rc;
	for (size_t i = 0; i < *n; i++)
		strmap_put(m, (*ents)[i].uscc, (int64_t)i);
	return GP_OK;
}

/* ---- assignments ---- */

static int put_assignment(struct store_handle *h, const void *row, const char *actor,
			  enum put_result *pr, void *arg, struct gp_err *err)
{
	(void)arg;
	return h->ops->desk->assignment_put(h->st, row, actor, pr, err);
}

static const char *const assignment_cols[] = {"kind", "department", "staff", "target"};

int import_desk_assignments(struct store_handle *h, const struct factor_lib *lib,
			    struct csv_reader *r, const char *actor, struct import_report *rep,
			    struct import_result *res, struct gp_err *err)
{
	struct desk_assignment *rows = NULL;
	struct enterprise *ents = NULL;
	size_t nrows = 0, cap = 0, nents = 0;
	struct strmap seen, reg;
	struct csv_record rec;
	enum csv_result cr;
	int rc;

	(void)lib;
	memset(res, 0, sizeof(*res));
	rep->errors = 0;
	strmap_init(&seen);
	strmap_init(&reg);
	if ((rc = load_registry(h, &ents, &nents, &reg, err)) != GP_OK)
		goto out;
	if (!import_read_header(r, rep, assignment_cols, 4)) {
		rc = GP_EINPUT;
		goto out;
	}
	while ((cr = import_next_row(r, &rec, 4, rep, err)) == CSV_ROW) {
		struct desk_assignment a;
		struct gp_err fe;
		char key[64] = "";
		int64_t first, idx;
		bool bad = false;

		memset(&a, 0, sizeof(a));
		if ((long)nrows >= IMPORT_MAX_REGISTRY_ROWS) {
			import_line_error(rep, r, rec.line, "more than %ld assignments in one file",
					  IMPORT_MAX_REGISTRY_ROWS);
			break;
		}
		if (strcmp(rec.fields[0], "industry") == 0 || strcmp(rec.fields[0], "产业") == 0) {
			a.kind = DESK_ASSIGN_INDUSTRY;
		} else if (strcmp(rec.fields[0], "enterprise") == 0 ||
			   strcmp(rec.fields[0], "企业") == 0) {
			a.kind = DESK_ASSIGN_ENTERPRISE;
		} else {
			import_line_error(
			    rep, r, rec.line,
			    "kind '%s' is not industry (部门包产业) or enterprise (员工包企业)",
			    rec.fields[0]);
			continue;
		}
		if (desk_text_check("department", rec.fields[1], DESK_NAME_MAX, false, true, &fe) !=
		    GP_OK) {
			import_line_error(rep, r, rec.line,
					  "%s (expected the department's name, at most %d bytes)",
					  fe.msg, DESK_NAME_MAX);
			bad = true;
		} else {
			str_copy(a.department, sizeof(a.department), rec.fields[1]);
		}
		if (a.kind == DESK_ASSIGN_INDUSTRY) {
			if (rec.fields[2][0]) {
				import_line_error(
				    rep, r, rec.line,
				    "staff '%s' must be empty for kind industry (a department owns "
				    "an industry; staff own enterprises)",
				    rec.fields[2]);
				bad = true;
			}
			if (desk_prefix_parse(rec.fields[3], a.prefix, &fe) != GP_OK) {
				import_line_error(rep, r, rec.line, "target: %s", fe.msg);
				bad = true;
			} else {
				str_fmt(key, sizeof(key), "industry:%s", a.prefix);
			}
		} else {
			if (desk_text_check("staff", rec.fields[2], DESK_NAME_MAX, false, true,
					    &fe) != GP_OK) {
				import_line_error(
				    rep, r, rec.line,
				    "%s (kind enterprise needs the staff member who owns it)",
				    fe.msg);
				bad = true;
			} else {
				str_copy(a.staff, sizeof(a.staff), rec.fields[2]);
			}
			if (uscc_normalize(rec.fields[3], a.uscc, &fe) != GP_OK) {
				import_line_error(rep, r, rec.line, "target: %s", fe.msg);
				bad = true;
			} else if (!strmap_get(&reg, a.uscc, &idx)) {
				import_line_error(
				    rep, r, rec.line,
				    "target uscc '%s' is not a registered enterprise (import it "
				    "with 'greenpark import enterprises' first)",
				    a.uscc);
				bad = true;
			} else {
				str_fmt(key, sizeof(key), "enterprise:%s", a.uscc);
			}
		}
		if (key[0]) {
			if (strmap_get(&seen, key, &first)) {
				import_line_error(
				    rep, r, rec.line, "%s '%s' is already assigned on line %lld",
				    a.kind == DESK_ASSIGN_INDUSTRY ? "industry prefix"
								   : "enterprise",
				    a.kind == DESK_ASSIGN_INDUSTRY ? a.prefix : a.uscc,
				    (long long)first);
				bad = true;
			} else {
				strmap_put(&seen, key, rec.line);
			}
		}
		if (bad)
			continue;
		XGROW(rows, nrows + 1, cap);
		rows[nrows++] = a;
	}
	rc = import_finish(h, cr, rep, rows, nrows, sizeof(*rows), put_assignment, NULL, actor, res,
			   err);
out:
	strmap_release(&seen);
	strmap_release(&reg);
	free(ents);
	free(rows);
	return rc;
}

/* ---- tickets ---- */

/* Routes a ticket by the assignments (部门包产业, 员工包企业) and files it. */
struct ticket_put {
	const struct desk_assignment *as;
	size_t nas;
	struct desk_ticket *rows;
	const char **codes; /* the enterprise's industry code per row */
	size_t routed, with_staff;
};

static int put_ticket(struct store_handle *h, const void *row, const char *actor,
		      enum put_result *pr, void *arg, struct gp_err *err)
{
	struct ticket_put *c = arg;
	struct desk_ticket *t = &c->rows[(const struct desk_ticket *)row - c->rows];
	struct desk_routing route;
	int64_t id;
	int rc;

	desk_route(c->as, c->nas, t->uscc, c->codes[t - c->rows], &route);
	str_copy(t->department, sizeof(t->department), route.department);
	str_copy(t->staff, sizeof(t->staff), route.staff);
	if ((rc = h->ops->desk->ticket_add(h->st, t, "导入 imported", actor, &id, pr, err)) !=
	    GP_OK)
		return rc;
	if (*pr == PUT_INSERTED) {
		c->routed += route.department[0] != '\0';
		c->with_staff += route.staff[0] != '\0';
	} else {
		*pr = PUT_UNCHANGED;
	}
	return GP_OK;
}

static const char *const ticket_cols[] = {"uscc",     "category",   "title",      "description",
					  "priority", "opened",     "deadline",   "status",
					  "resolved", "resolution", "attachments"};
enum {
	T_USCC,
	T_CATEGORY,
	T_TITLE,
	T_DESCRIPTION,
	T_PRIORITY,
	T_OPENED,
	T_DEADLINE,
	T_STATUS,
	T_RESOLVED,
	T_RESOLUTION,
	T_ATTACHMENTS,
	T_NCOLS
};

/* Validates one ticket row into t (texts duplicated); false when it was bad (reported). */
static bool ticket_row(struct csv_reader *r, const struct csv_record *rec,
		       struct import_report *rep, const struct strmap *reg,
		       const struct enterprise *ents, int today, struct desk_ticket *t,
		       const char **industry)
{
	char **f = rec->fields;
	struct gp_err fe;
	int64_t idx;
	bool status_ok = false;
	long before = rep->errors;

	memset(t, 0, sizeof(*t));
	*industry = "";
	if (uscc_normalize(f[T_USCC], t->uscc, &fe) != GP_OK) {
		import_line_error(rep, r, rec->line, "%s", fe.msg);
	} else if (!strmap_get(reg, t->uscc, &idx)) {
		import_line_error(
		    rep, r, rec->line,
		    "uscc '%s' is not a registered enterprise (import it with 'greenpark import "
		    "enterprises' first)",
		    t->uscc);
	} else {
		t->enterprise_id = ents[idx].id;
		*industry = ents[idx].industry_code;
	}
	if (desk_category_parse(f[T_CATEGORY], &t->category, &fe) != GP_OK)
		import_line_error(rep, r, rec->line, "%s", fe.msg);
	if (desk_text_check("title", f[T_TITLE], DESK_TITLE_MAX, false, true, &fe) != GP_OK)
		import_line_error(rep, r, rec->line, "%s (expected one line of at most %d bytes)",
				  fe.msg, DESK_TITLE_MAX);
	else
		str_copy(t->title, sizeof(t->title), f[T_TITLE]);
	if (desk_text_check("description", f[T_DESCRIPTION], DESK_DESCRIPTION_MAX, true, false,
			    &fe) != GP_OK)
		import_line_error(rep, r, rec->line, "%s", fe.msg);
	if (!f[T_PRIORITY][0])
		t->priority = DESK_NORMAL;
	else if (desk_priority_parse(f[T_PRIORITY], &t->priority, &fe) != GP_OK)
		import_line_error(rep, r, rec->line, "%s (or empty for normal)", fe.msg);
	if (desk_date_parse("opened", f[T_OPENED], &t->opened, &fe) != GP_OK)
		import_line_error(rep, r, rec->line, "%s", fe.msg);
	else if (t->opened > today)
		import_line_error(rep, r, rec->line,
				  "opened %s is after today (a history holds past tickets)",
				  f[T_OPENED]);
	if (f[T_DEADLINE][0]) {
		if (desk_date_parse("deadline", f[T_DEADLINE], &t->deadline, &fe) != GP_OK)
			import_line_error(rep, r, rec->line, "%s (or empty for none)", fe.msg);
		else if (t->opened && t->deadline < t->opened)
			import_line_error(rep, r, rec->line, "deadline %s is before opened %s",
					  f[T_DEADLINE], f[T_OPENED]);
	}
	if (desk_status_parse(f[T_STATUS], &t->status, &fe) != GP_OK)
		import_line_error(rep, r, rec->line, "%s", fe.msg);
	else
		status_ok = true;
	if (f[T_RESOLVED][0]) {
		if (desk_date_parse("resolved", f[T_RESOLVED], &t->resolved, &fe) != GP_OK)
			import_line_error(rep, r, rec->line, "%s", fe.msg);
		else if (t->opened && t->resolved < t->opened)
			import_line_error(rep, r, rec->line, "resolved %s is before opened %s",
					  f[T_RESOLVED], f[T_OPENED]);
		else if (t->resolved > today)
			import_line_error(rep, r, rec->line, "resolved %s is after today",
					  f[T_RESOLVED]);
	}
	if (desk_text_check("resolution", f[T_RESOLUTION], DESK_NOTE_MAX, true, false, &fe) !=
	    GP_OK)
		import_line_error(rep, r, rec->line, "%s", fe.msg);
	if (desk_text_check("attachments", f[T_ATTACHMENTS], DESK_ATTACHMENTS_MAX, true, false,
			    &fe) != GP_OK)
		import_line_error(rep, r, rec->line, "%s", fe.msg);
	if (status_ok) {
		bool done = desk_status_done(t->status);
		if (done && !f[T_RESOLVED][0])
			import_line_error(
			    rep, r, rec->line,
			    "status %s needs the resolved date (YYYY-MM-DD in column resolved)",
			    f[T_STATUS]);
		if (done && !f[T_RESOLUTION][0])
			import_line_error(
			    rep, r, rec->line,
			    "status %s needs the resolution (办结说明, in column resolution)",
			    f[T_STATUS]);
		if (!done && f[T_RESOLVED][0])
			import_line_error(
			    rep, r, rec->line,
			    "status %s has a resolved date (only resolved or confirmed tickets "
			    "have one; leave it empty)",
			    f[T_STATUS]);
		if ((t->status == DESK_OPEN || t->status == DESK_IN_PROGRESS) && f[T_RESOLUTION][0])
			import_line_error(
			    rep, r, rec->line,
			    "status %s has a resolution (only resolved, confirmed or reopened "
			    "tickets have one; leave it empty)",
			    f[T_STATUS]);
	}
	if (rep->errors != before)
		return false;
	t->description = xstrdup(f[T_DESCRIPTION]);
	t->resolution = xstrdup(f[T_RESOLUTION]);
	t->attachments = xstrdup(f[T_ATTACHMENTS]);
	str_fmt(t->source_key, sizeof(t->source_key), "import:%s|%s|%s|%s", t->uscc, f[T_OPENED],
		desk_category_name(t->category), t->title);
	return true;
}

int import_desk_tickets(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
			const char *actor, struct import_report *rep, struct import_result *res,
			struct gp_err *err)
{
	struct desk_ticket *rows = NULL;
	const char **codes = NULL;
	struct desk_assignment *as = NULL;
	struct enterprise *ents = NULL;
	size_t nrows = 0, cap = 0, ccap = 0, nents = 0, nas = 0, bytes = 0;
	size_t routed = 0, with_staff = 0;
	struct strmap seen, reg;
	struct csv_record rec;
	enum csv_result cr;
	int today = desk_date_from_days(date_today()), rc;

	(void)lib;
	memset(res, 0, sizeof(*res));
	rep->errors = 0;
	strmap_init(&seen);
	strmap_init(&reg);
	if ((rc = load_registry(h, &ents, &nents, &reg, err)) != GP_OK ||
	    (rc = h->ops->desk->assignment_list(h->st, &as, &nas, err)) != GP_OK)
		goto out;
	if (!import_read_header(r, rep, ticket_cols, T_NCOLS)) {
		rc = GP_EINPUT;
		goto out;
	}
	while ((cr = import_next_row(r, &rec, T_NCOLS, rep, err)) == CSV_ROW) {
		struct desk_ticket t;
		const char *industry;
		int64_t first;

		if ((long)nrows >= IMPORT_MAX_TICKET_ROWS) {
			import_line_error(rep, r, rec.line, "more than %ld tickets in one file",
					  IMPORT_MAX_TICKET_ROWS);
			break;
		}
		if (!ticket_row(r, &rec, rep, &reg, ents, today, &t, &industry))
			continue;
		if (strmap_get(&seen, t.source_key, &first)) {
			import_line_error(
			    rep, r, rec.line,
			    "the same ticket (uscc, opened, category and title) is on line %lld",
			    (long long)first);
			desk_ticket_release(&t);
			continue;
		}
		strmap_put(&seen, t.source_key, rec.line);
		bytes += strlen(t.description) + strlen(t.resolution) + strlen(t.attachments);
		if ((long)bytes > IMPORT_MAX_TICKET_BYTES) {
			import_line_error(rep, r, rec.line,
					  "the tickets' texts pass %ld MiB in one file",
					  IMPORT_MAX_TICKET_BYTES >> 20);
			desk_ticket_release(&t);
			break;
		}
		XGROW(rows, nrows + 1, cap);
		XGROW(codes, nrows + 1, ccap);
		codes[nrows] = industry;
		rows[nrows++] = t;
	}
	if (cr == CSV_FATAL) {
		rc = err ? err->status : GP_EIO;
		goto out;
	}
	if (rep->errors) {
		rc = GP_EINPUT;
		goto out;
	}
	{
		struct ticket_put tp = {as, nas, rows, codes, 0, 0};
		rc = import_store_rows(h, rows, nrows, sizeof(*rows), put_ticket, &tp, actor, res,
				       err);
		if (rc != GP_OK)
			goto out;
		routed = tp.routed;
		with_staff = tp.with_staff;
	}
	if (res->stats.inserted)
		import_note(
		    rep,
		    "已分派 routed %lld new ticket%s: %zu to a department, %zu to a staff owner, "
		    "%zu "
		    "without an assignment",
		    res->stats.inserted, res->stats.inserted == 1 ? "" : "s", routed, with_staff,
		    (size_t)res->stats.inserted - routed);
out:
	desk_tickets_free(rows, nrows);
	free(codes);
	free(as);
	free(ents);
	strmap_release(&seen);
	strmap_release(&reg);
	return rc;
}
