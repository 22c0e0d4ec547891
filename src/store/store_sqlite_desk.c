/* store_sqlite_desk.c — the service desk in the SQLite backend (store_desk.h,
 * 0006_desk.sql): 包保 assignments, tickets and their events. Statements live in the
 * module's slots (SQ_DESK_BASE + n); every write runs in a savepoint with its audit row.
 * Never: decides a route or a status flow (core/desk.c does), or reads another module's
 * tables. */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "store/store_desk.h"
#include "util/str.h"

enum desk_stmt {
	D_DEPT_ENSURE,
	D_DEPT_ID,
	D_IND_JSON,
	D_IND_PUT,
	D_ENT_ID,
	D_STAFF_JSON,
	D_STAFF_PUT,
	D_ASSIGN_LIST,
	D_TICKET_BY_KEY,
	D_TICKET_ADD,
	D_EVENT_ADD,
	D_TICKET_JSON,
	D_TICKET_GET,
	D_TICKET_LIST,
	D_TICKET_MOVE,
	D_EVENTS,
	D_COUNT
};

#define TICKET_COLS                                                                                \
	"t.id, t.enterprise_id, e.uscc, e.name, t.category, t.title, t.description, "              \
	"t.resolution, t.priority, t.opened, t.deadline, t.status, t.department, t.staff, "        \
	"t.resolved, t.confirmed, t.created_by, coalesce(t.source_key, '')"

static const char *const desk_sql[D_COUNT] = {
    [D_DEPT_ENSURE] = "INSERT INTO desk_department (name) VALUES (?1) ON CONFLICT (name) DO "
		      "NOTHING",
    [D_DEPT_ID] = "SELECT id FROM desk_department WHERE name = ?1",
    [D_IND_JSON] = "SELECT json_object('kind', 'industry', 'prefix', i.prefix, 'department', "
		   "d.name) FROM desk_industry i JOIN desk_department d ON d.id = "
		   "i.department_id WHERE i.prefix = ?1",
    [D_IND_PUT] = "INSERT INTO desk_industry (prefix, department_id) VALUES (?1, ?2) ON "
		  "CONFLICT (prefix) DO UPDATE SET department_id = excluded.department_id",
    [D_ENT_ID] = "SELECT id FROM enterprise WHERE uscc = ?1",
    [D_STAFF_JSON] = "SELECT json_object('kind', 'enterprise', 'uscc', e.uscc, 'staff', "
		     "s.staff, 'department', d.name) FROM desk_staff s JOIN desk_department d "
		     "ON d.id = s.department_id JOIN enterprise e ON e.id = s.enterprise_id "
		     "WHERE s.enterprise_id = ?1",
    [D_STAFF_PUT] = "INSERT INTO desk_staff (enterprise_id, staff, department_id) VALUES (?1, "
		    "?2, ?3) ON CONFLICT (enterprise_id) DO UPDATE SET staff = excluded.staff, "
		    "department_id = excluded.department_id",
    [D_ASSIGN_LIST] = "SELECT 0, d.name, '', i.prefix, '', '' FROM desk_industry i JOIN "
		      "desk_department d ON d.id = i.department_id UNION ALL SELECT 1, d.name, "
		      "s.staff, '', e.uscc, e.name FROM desk_staff s JOIN desk_department d ON "
		      "d.id = s.department_id JOIN enterprise e ON e.id = s.enterprise_id ORDER "
		      "BY 1, 4, 5",
    [D_TICKET_BY_KEY] = "SELECT id FROM ticket WHERE source_key = ?1",
    [D_TICKET_ADD] = "INSERT INTO ticket (enterprise_id, category, title, description, "
		     "attachments, priority, opened, deadline, status, department, staff, "
		     "resolution, resolved, confirmed, created_by, created_at, source_key) VALUES "
		     "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
		     "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?16)",
    [D_EVENT_ADD] =
	"INSERT INTO ticket_event (ticket_id, from_status, to_status, on_date, "
	"actor, note, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%fZ', "
	"'now'))",
    [D_TICKET_JSON] = "SELECT json_object('id', t.id, 'uscc', e.uscc, 'category', t.category, "
		      "'title', t.title, 'description', t.description, 'attachments', "
		      "t.attachments, 'priority', t.priority, 'opened', t.opened, 'deadline', "
		      "t.deadline, 'status', t.status, 'department', t.department, 'staff', "
		      "t.staff, 'resolution', t.resolution, 'resolved', t.resolved, 'confirmed', "
		      "t.confirmed, 'created_by', t.created_by) FROM ticket t JOIN enterprise e ON "
		      "e.id = t.enterprise_id WHERE t.id = ?1",
    [D_TICKET_GET] = "SELECT " TICKET_COLS ", t.attachments FROM ticket t JOIN enterprise e ON "
		     "e.id = t.enterprise_id WHERE t.id = ?1",
    [D_TICKET_LIST] = "SELECT " TICKET_COLS ", NULL FROM ticket t JOIN enterprise e ON e.id = "
		      "t.enterprise_id WHERE (?1 = 0 OR t.enterprise_id = ?1) AND (?2 IS NULL OR "
		      "t.status = ?2) AND (?3 IS NULL OR t.category = ?3) AND (?4 = 0 OR "
		      "substr(t.opened, 1, 4) = printf('%04d', ?4)) AND (?5 IS NULL OR "
		      "(t.deadline < ?5 AND t.status NOT IN ('resolved', 'confirmed'))) ORDER BY "
		      "t.opened DESC, t.id DESC",
    [D_TICKET_MOVE] = "UPDATE ticket SET status = ?3, resolution = CASE WHEN ?3 = 'resolved' "
		      "THEN ?4 ELSE resolution END, resolved = CASE WHEN ?3 = 'resolved' THEN ?5 "
		      "WHEN ?3 IN ('reopened', 'in_progress', 'open') THEN NULL ELSE resolved END, "
		      "confirmed = CASE WHEN ?3 = 'confirmed' THEN ?5 ELSE confirmed END WHERE id "
		      "= ?1 AND status = ?2",
    [D_EVENTS] = "SELECT id, from_status, to_status, on_date, actor, note, at FROM ticket_event "
		 "WHERE ticket_id = ?1 ORDER BY id",
};

static sqlite3_stmt *dstmt(struct store *st, enum desk_stmt id, struct gp_err *err)
{
	return sq_stmt(st, SQ_DESK_BASE + (int)id, desk_sql[id], err);
}

static void bind_date(sqlite3_stmt *s, int i, int ymd)
{
	char d[11];
	if (ymd <= 0) {
		sqlite3_bind_null(s, i);
		return;
	}
	desk_date_format(ymd, d);
	sqlite3_bind_text(s, i, d, -1, SQLITE_TRANSIENT);
}

static int col_date(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	int ymd = 0;
	if (t && desk_date_parse("date", (const char *)t, &ymd, NULL) != GP_OK)
		ymd = 0;
	return ymd;
}

static char *col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return xstrdup(t ? (const char *)t : "");
}

static char *json_of(struct store *st, enum desk_stmt id, int64_t key, const char *text_key)
{
	sqlite3_stmt *s = dstmt(st, id, NULL);
	if (!s)
		return NULL;
	if (text_key)
		sq_bind_text(s, 1, text_key);
	else
		sqlite3_bind_int64(s, 1, key);
	return sq_json_row(s);
}

/* ---- assignments ---- */

static int department_id(struct store *st, const char *name, int64_t *id, struct gp_err *err)
{
	sqlite3_stmt *s = dstmt(st, D_DEPT_ENSURE, err);
	int rc;

	if (!s)
		return GP_ESTORE;
	sq_bind_text(s, 1, name);
	if ((rc = sq_step_done(st, s, err, "department")) != GP_OK)
		return rc;
	if (!(s = dstmt(st, D_DEPT_ID, err)))
		return GP_ESTORE;
	sq_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return sq_db_err(st, err, "department");
	}
	*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return GP_OK;
}

static int sqd_assignment_put(struct store *st, const struct desk_assignment *a, const char *actor,
			      enum put_result *res, struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before = NULL, *after = NULL, key[64];
	int64_t dept = 0, ent = 0;
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (a->kind == DESK_ASSIGN_ENTERPRISE) {
		if (!(s = dstmt(st, D_ENT_ID, err))) {
			rc = GP_ESTORE;
			goto done;
		}
		sq_bind_text(s, 1, a->uscc);
		if (sqlite3_step(s) == SQLITE_ROW)
			ent = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		if (!ent) {
			rc = gp_err_set(err, GP_ENOTFOUND, "no enterprise with uscc '%s'", a->uscc);
			goto done;
		}
		str_fmt(key, sizeof(key), "enterprise:%s", a->uscc);
		before = json_of(st, D_STAFF_JSON, ent, NULL);
	} else {
		str_fmt(key, sizeof(key), "industry:%s", a->prefix);
		before = json_of(st, D_IND_JSON, 0, a->prefix);
	}
	if ((rc = department_id(st, a->department, &dept, err)) != GP_OK)
		goto done;
	if (a->kind == DESK_ASSIGN_ENTERPRISE) {
		if (!(s = dstmt(st, D_STAFF_PUT, err))) {
			rc = GP_ESTORE;
			goto done;
		}
		sqlite3_bind_int64(s, 1, ent);
		sq_bind_text(s, 2, a->staff);
		sqlite3_bind_int64(s, 3, dept);
	} else {
		if (!(s = dstmt(st, D_IND_PUT, err))) {
			rc = GP_ESTORE;
			goto done;
		}
		sq_bind_text(s, 1, a->prefix);
		sqlite3_bind_int64(s, 2, dept);
	}
	if ((rc = sq_step_done(st, s, err, "assignment")) != GP_OK)
		goto done;
	after = a->kind == DESK_ASSIGN_ENTERPRISE ? json_of(st, D_STAFF_JSON, ent, NULL)
						  : json_of(st, D_IND_JSON, 0, a->prefix);
	if (before && after && strcmp(before, after) == 0) {
		*res = PUT_UNCHANGED;
		goto done;
	}
	*res = before ? PUT_REPLACED : PUT_INSERTED;
	rc = sq_audit_add(st, actor, before ? "update" : "insert", "desk_assignment", key, before,
			  after, err);
done:
	free(before);
	free(after);
	return sq_sp_end(st, rc);
}

static void read_assignment(sqlite3_stmt *s, void *row)
{
	struct desk_assignment *a = row;

	a->kind = sqlite3_column_int(s, 0) ? DESK_ASSIGN_ENTERPRISE : DESK_ASSIGN_INDUSTRY;
	sq_col_text(s, 1, a->department, sizeof(a->department));
	sq_col_text(s, 2, a->staff, sizeof(a->staff));
	sq_col_text(s, 3, a->prefix, sizeof(a->prefix));
	sq_col_text(s, 4, a->uscc, sizeof(a->uscc));
	sq_col_text(s, 5, a->name, sizeof(a->name));
}

static int sqd_assignment_list(struct store *st, struct desk_assignment **out, size_t *n,
			       struct gp_err *err)
{
	return sq_collect_rows(st, dstmt(st, D_ASSIGN_LIST, err), sizeof(**out), read_assignment,
			       "assignments", (void **)out, n, err);
}

/* ---- tickets ---- */

static int add_event(struct store *st, int64_t ticket, int from, enum desk_status to, int date,
		     const char *actor, const char *note, struct gp_err *err)
{
	sqlite3_stmt *s = dstmt(st, D_EVENT_ADD, err);

	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, ticket);
	sq_bind_text(s, 2, from < 0 ? NULL : desk_status_name((enum desk_status)from));
	sq_bind_text(s, 3, desk_status_name(to));
	bind_date(s, 4, date);
	sq_bind_text(s, 5, actor);
	sq_bind_text(s, 6, note ? note : "");
	return sq_step_done(st, s, err, "ticket event");
}

static int sqd_ticket_add(struct store *st, const struct desk_ticket *t, const char *note,
			  const char *actor, int64_t *id, enum put_result *res, struct gp_err *err)
{
	sqlite3_stmt *s;
	char *after = NULL, key[32];
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (t->source_key[0]) {
		if (!(s = dstmt(st, D_TICKET_BY_KEY, err))) {
			rc = GP_ESTORE;
			goto done;
		}
		sq_bind_text(s, 1, t->source_key);
		if (sqlite3_step(s) == SQLITE_ROW) {
			*id = sqlite3_column_int64(s, 0);
			*res = PUT_UNCHANGED;
			sqlite3_reset(s);
			goto done;
		}
		sqlite3_reset(s);
	}
	if (!(s = dstmt(st, D_TICKET_ADD, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(s, 1, t->enterprise_id);
	sq_bind_text(s, 2, desk_category_name(t->category));
	sq_bind_text(s, 3, t->title);
	sq_bind_text(s, 4, t->description ? t->description : "");
	sq_bind_text(s, 5, t->attachments ? t->attachments : "");
	sq_bind_text(s, 6, desk_priority_name(t->priority));
	bind_date(s, 7, t->opened);
	bind_date(s, 8, t->deadline);
	sq_bind_text(s, 9, desk_status_name(t->status));
	sq_bind_text(s, 10, t->department);
	sq_bind_text(s, 11, t->staff);
	sq_bind_text(s, 12, t->resolution ? t->resolution : "");
	bind_date(s, 13, t->resolved);
	bind_date(s, 14, t->confirmed);
	sq_bind_text(s, 15, actor);
	sq_bind_text(s, 16, t->source_key[0] ? t->source_key : NULL);
	if ((rc = sq_step_done(st, s, err, "ticket")) != GP_OK)
		goto done;
	*id = sq_last_rowid(st);
	*res = PUT_INSERTED;
	if ((rc = add_event(st, *id, -1, t->status,
			    t->status == DESK_OPEN || !t->resolved ? t->opened : t->resolved, actor,
			    note, err)) != GP_OK)
		goto done;
	after = json_of(st, D_TICKET_JSON, *id, NULL);
	str_fmt(key, sizeof(key), "%lld", (long long)*id);
	rc = sq_audit_add(st, actor, "insert", "ticket", key, NULL, after, err);
done:
	free(after);
	return sq_sp_end(st, rc);
}

static void read_ticket(sqlite3_stmt *s, struct desk_ticket *t)
{
	char v[32];

	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(s, 0);
	t->enterprise_id = sqlite3_column_int64(s, 1);
	sq_col_text(s, 2, t->uscc, sizeof(t->uscc));
	sq_col_text(s, 3, t->enterprise, sizeof(t->enterprise));
	sq_col_text(s, 4, v, sizeof(v));
	desk_category_parse(v, &t->category, NULL);
	sq_col_text(s, 5, t->title, sizeof(t->title));
	t->description = col_dup(s, 6);
	t->resolution = col_dup(s, 7);
	sq_col_text(s, 8, v, sizeof(v));
	desk_priority_parse(v, &t->priority, NULL);
	t->opened = col_date(s, 9);
	t->deadline = col_date(s, 10);
	sq_col_text(s, 11, v, sizeof(v));
	desk_status_parse(v, &t->status, NULL);
	sq_col_text(s, 12, t->department, sizeof(t->department));
	sq_col_text(s, 13, t->staff, sizeof(t->staff));
	t->resolved = col_date(s, 14);
	t->confirmed = col_date(s, 15);
	sq_col_text(s, 16, t->created_by, sizeof(t->created_by));
	sq_col_text(s, 17, t->source_key, sizeof(t->source_key));
	if (sqlite3_column_type(s, 18) != SQLITE_NULL)
		t->attachments = col_dup(s, 18);
}

static int sqd_ticket_get(struct store *st, int64_t id, struct desk_ticket *out, struct gp_err *err)
{
	sqlite3_stmt *s = dstmt(st, D_TICKET_GET, err);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_ticket(s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return GP_OK;
	if (rc == SQLITE_DONE)
		return gp_err_set(err, GP_ENOTFOUND, "no ticket %lld", (long long)id);
	return sq_db_err(st, err, "ticket");
}

static int sqd_ticket_list(struct store *st, const struct desk_filter *f, struct desk_ticket **out,
			   size_t *n, struct gp_err *err)
{
	sqlite3_stmt *s = dstmt(st, D_TICKET_LIST, err);
	struct desk_ticket *list = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return GP_ESTORE;
	sqlite3_bind_int64(s, 1, f->enterprise_id);
	sq_bind_text(s, 2, f->status >= 0 ? desk_status_name((enum desk_status)f->status) : NULL);
	sq_bind_text(s, 3,
		     f->category >= 0 ? desk_category_name((enum desk_category)f->category) : NULL);
	sqlite3_bind_int(s, 4, f->year);
	bind_date(s, 5, f->overdue_today);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(list, len + 1, cap);
		read_ticket(s, &list[len++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		desk_tickets_free(list, len);
		return sq_db_err(st, err, "tickets");
	}
	*out = list;
	*n = len;
	return GP_OK;
}

static int sqd_ticket_move(struct store *st, int64_t id, enum desk_status from, enum desk_status to,
			   int date, const char *note, const char *actor, struct gp_err *err)
{
	sqlite3_stmt *s;
	char *before = NULL, *after = NULL, key[32];
	int rc;

	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	before = json_of(st, D_TICKET_JSON, id, NULL);
	if (!before) {
		rc = gp_err_set(err, GP_ENOTFOUND, "no ticket %lld", (long long)id);
		goto done;
	}
	if (!(s = dstmt(st, D_TICKET_MOVE, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(s, 1, id);
	sq_bind_text(s, 2, desk_status_name(from));
	sq_bind_text(s, 3, desk_status_name(to));
	sq_bind_text(s, 4, note ? note : "");
	bind_date(s, 5, date);
	if ((rc = sq_step_done(st, s, err, "ticket")) != GP_OK)
		goto done;
	if (sq_changes(st) != 1) {
		rc = gp_err_set(
		    err, GP_ECONFLICT,
		    "ticket %lld is no longer %s (changed meanwhile); nothing was written",
		    (long long)id, desk_status_name(from));
		goto done;
	}
	if ((rc = add_event(st, id, (int)from, to, date, actor, note, err)) != GP_OK)
		goto done;
	after = json_of(st, D_TICKET_JSON, id, NULL);
	str_fmt(key, sizeof(key), "%lld", (long long)id);
	rc = sq_audit_add(st, actor, "update", "ticket", key, before, after, err);
done:
	free(before);
	free(after);
	return sq_sp_end(st, rc);
}

static void read_event(sqlite3_stmt *s, void *row)
{
	struct desk_event *e = row;
	char v[32];
	enum desk_status st;

	e->id = sqlite3_column_int64(s, 0);
	e->from = -1;
	if (sqlite3_column_type(s, 1) != SQLITE_NULL) {
		sq_col_text(s, 1, v, sizeof(v));
		if (desk_status_parse(v, &st, NULL) == GP_OK)
			e->from = (int)st;
	}
	sq_col_text(s, 2, v, sizeof(v));
	desk_status_parse(v, &e->to, NULL);
	e->date = col_date(s, 3);
	sq_col_text(s, 4, e->actor, sizeof(e->actor));
	sq_col_text(s, 5, e->note, sizeof(e->note));
	sq_col_text(s, 6, e->at, sizeof(e->at));
}

static int sqd_ticket_events(struct store *st, int64_t id, struct desk_event **out, size_t *n,
			     struct gp_err *err)
{
	sqlite3_stmt *s = dstmt(st, D_EVENTS, err);
	if (s)
		sqlite3_bind_int64(s, 1, id);
	return sq_collect_rows(st, s, sizeof(**out), read_event, "ticket events", (void **)out, n,
			       err);
}

const struct desk_store_ops store_sqlite_desk_ops = {
    .assignment_put = sqd_assignment_put,
    .assignment_list = sqd_assignment_list,
    .ticket_add = sqd_ticket_add,
    .ticket_get = sqd_ticket_get,
    .ticket_list = sqd_ticket_list,
    .ticket_move = sqd_ticket_move,
    .ticket_events = sqd_ticket_events,
};
