/* store_sqlite_finance.c — the green-finance ledger in the SQLite backend
 * (0007_finance.sql): banks, credit lines and loans. Every statement is prepared once per
 * connection in the module's slots (SQ_FINANCE_BASE + n); every write runs in a
 * savepoint with its audit row. Never computes totals (core/finance.c does); never
 * prints. The list filters go into the WHERE clause, so a bank's or an enterprise's
 * query never reads another's rows. */
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "store/store_finance.h"
#include "util/str.h"

enum fin_stmt {
	F_BANK_FIND,
	F_BANK_INSERT,
	F_BANK_JSON,
	F_BANK_LIST,
	F_PROJECT_FIND,
	F_ENT_ID,
	F_CREDIT_FIND,
	F_CREDIT_JSON,
	F_CREDIT_INSERT,
	F_CREDIT_UPDATE,
	F_CREDIT_LIST,
	F_LOAN_FIND,
	F_LOAN_JSON,
	F_LOAN_INSERT,
	F_LOAN_UPDATE,
	F_LOAN_LIST,
	F_COUNT
};

/* Year filter on a YYYY-MM-DD column: ?3 = 0 or the column within the year. */
#define YEAR_IS(col) "(?3 = 0 OR substr(" col ", 1, 4) = printf('%04d', ?3))"

static const char *const fin_sql[F_COUNT] = {
    [F_BANK_FIND] = "SELECT id FROM bank WHERE name = ?1",
    [F_BANK_INSERT] = "INSERT INTO bank (name) VALUES (?1)",
    [F_BANK_JSON] = "SELECT json_object('name', name) FROM bank WHERE id = ?1",
    [F_BANK_LIST] =
	"SELECT b.id, b.name, "
	"(SELECT count(*) FROM credit c WHERE c.bank_id = b.id AND (?2 = 0 OR c.enterprise_id = "
	"?2) AND " YEAR_IS(
	    "c.granted") "), "
			 "(SELECT coalesce(sum(c.amount_fen), 0) FROM credit c WHERE c.bank_id = "
			 "b.id AND (?2 = 0 "
			 "OR c.enterprise_id = ?2) AND " YEAR_IS(
			     "c.granted") "), "
					  "(SELECT count(*) FROM loan l WHERE l.bank_id = b.id AND "
					  "(?2 = 0 OR l.enterprise_id = "
					  "?2) AND " YEAR_IS(
					      "l.disbursed") "), "
							     "(SELECT coalesce(sum(l.amount_fen), "
							     "0) FROM loan l WHERE l.bank_id = "
							     "b.id AND (?2 = 0 "
							     "OR l.enterprise_id = ?2) "
							     "AND " YEAR_IS(
								 "l.disbursed") ") "
										"FROM bank b WHERE "
										"(?1 IS NULL OR "
										"b.name = ?1) "
										"ORDER BY b.name",
    [F_PROJECT_FIND] = "SELECT id FROM project WHERE code = ?1",
    [F_ENT_ID] = "SELECT id FROM enterprise WHERE uscc = ?1",
    [F_CREDIT_FIND] = "SELECT id FROM credit WHERE bank_id = ?1 AND ref = ?2",
    [F_CREDIT_JSON] =
	"SELECT json_object('bank', b.name, 'ref', c.ref, 'uscc', e.uscc, 'amount_wan_yuan', "
	"c.amount_fen / 1000000.0, 'granted', c.granted, 'expires', c.expires, 'purpose', "
	"c.purpose, 'project', p.code, 'note', c.note) FROM credit c JOIN bank b ON b.id = "
	"c.bank_id JOIN enterprise e ON e.id = c.enterprise_id LEFT JOIN project p ON p.id = "
	"c.project_id WHERE c.id = ?1",
    [F_CREDIT_INSERT] = "INSERT INTO credit (bank_id, ref, enterprise_id, amount_fen, granted, "
			"expires, purpose, project_id, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
			"?8, ?9)",
    [F_CREDIT_UPDATE] = "UPDATE credit SET enterprise_id = ?3, amount_fen = ?4, granted = ?5, "
			"expires = ?6, purpose = ?7, project_id = ?8, note = ?9 WHERE id = ?10 "
			"AND bank_id = ?1 AND ref = ?2",
    [F_CREDIT_LIST] =
	"SELECT c.id, b.name, c.ref, e.uscc, e.name, coalesce(s.name, ''), c.amount_fen, "
	"c.granted, c.expires, c.purpose, coalesce(p.code, ''), c.note FROM credit c JOIN bank b "
	"ON b.id = c.bank_id JOIN enterprise e ON e.id = c.enterprise_id LEFT JOIN subpark s ON "
	"s.id = e.subpark_id LEFT JOIN project p ON p.id = c.project_id WHERE (?1 IS NULL OR "
	"b.name = ?1) AND (?2 = 0 OR c.enterprise_id = ?2) AND " YEAR_IS(
	    "c.granted") " ORDER "
			 "BY c.granted, b.name, c.ref",
    [F_LOAN_FIND] = "SELECT id FROM loan WHERE bank_id = ?1 AND ref = ?2",
    [F_LOAN_JSON] =
	"SELECT json_object('bank', b.name, 'ref', l.ref, 'uscc', e.uscc, 'amount_wan_yuan', "
	"l.amount_fen / 1000000.0, 'disbursed', l.disbursed, 'maturity', l.maturity, "
	"'rate_pct', l.rate_pct, 'term_months', l.term_months, 'purpose', l.purpose, 'project', "
	"p.code, 'note', l.note) FROM loan l JOIN bank b ON b.id = l.bank_id JOIN enterprise e "
	"ON e.id = l.enterprise_id LEFT JOIN project p ON p.id = l.project_id WHERE l.id = ?1",
    [F_LOAN_INSERT] = "INSERT INTO loan (bank_id, ref, enterprise_id, amount_fen, disbursed, "
		      "maturity, purpose, project_id, note, rate_pct, term_months) VALUES (?1, ?2, "
		      "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?11, ?12)",
    [F_LOAN_UPDATE] = "UPDATE loan SET enterprise_id = ?3, amount_fen = ?4, disbursed = ?5, "
		      "maturity = ?6, purpose = ?7, project_id = ?8, note = ?9, rate_pct = ?11, "
		      "term_months = ?12 WHERE id = ?10 AND bank_id = ?1 AND ref = ?2",
    [F_LOAN_LIST] =
	"SELECT l.id, b.name, l.ref, e.uscc, e.name, coalesce(s.name, ''), l.amount_fen, "
	"l.disbursed, l.maturity, l.purpose, coalesce(p.code, ''), l.note, l.rate_pct, "
	"l.term_months FROM loan l JOIN bank b ON b.id = l.bank_id JOIN enterprise e ON e.id = "
	"l.enterprise_id LEFT JOIN subpark s ON s.id = e.subpark_id LEFT JOIN project p ON p.id = "
	"l.project_id WHERE (?1 IS NULL OR b.name = ?1) AND (?2 = 0 OR l.enterprise_id = ?2) AND "
	"" YEAR_IS("l.disbursed") " ORDER BY l.disbursed, b.name, l.ref",
};

static sqlite3_stmt *fstmt(struct store *st, enum fin_stmt id, struct gp_err *err)
{
	return sq_stmt(st, SQ_FINANCE_BASE + (int)id, fin_sql[id], err);
}

/* A one-integer lookup bound to text key: GP_OK with *out, GP_ENOTFOUND (err not set), or
 * a store error. */
static int find_id(struct store *st, enum fin_stmt id, const char *key, int64_t *out,
		   struct gp_err *err)
{
	return sq_lookup_id(st, fstmt(st, id, err), key, out, "finance lookup", err);
}

static char *json_of(struct store *st, enum fin_stmt id, int64_t rowid)
{
	sqlite3_stmt *s = fstmt(st, id, NULL);

	if (!s)
		return NULL;
	sqlite3_bind_int64(s, 1, rowid);
	return sq_json_row(s);
}

static int sqf_bank_ensure(struct store *st, const char *name, const char *actor, int64_t *id,
			   bool *created, struct gp_err *err)
{
	sqlite3_stmt *s;
	char *after = NULL;
	int rc;

	*created = false;
	rc = find_id(st, F_BANK_FIND, name, id, err);
	if (rc != GP_ENOTFOUND)
		return rc;
	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	if (!(s = fstmt(st, F_BANK_INSERT, err))) {
		rc = GP_ESTORE;
		goto done;
	}
	sq_bind_text(s, 1, name);
	if ((rc = sq_step_done(st, s, err, "bank insert")) != GP_OK)
		goto done;
	*id = sq_last_rowid(st);
	*created = true;
	after = json_of(st, F_BANK_JSON, *id);
	rc = sq_audit_add(st, actor, "insert", "bank", name, NULL, after, err);
done:
	free(after);
	return sq_sp_end(st, rc);
}

static void read_bank(sqlite3_stmt *s, void *row)
{
	struct fin_bank *b = row;

	b->id = sqlite3_column_int64(s, 0);
	sq_col_text(s, 1, b->name, sizeof(b->name));
	b->credits = (size_t)sqlite3_column_int64(s, 2);
	b->credit_fen = sqlite3_column_int64(s, 3);
	b->loans = (size_t)sqlite3_column_int64(s, 4);
	b->loan_fen = sqlite3_column_int64(s, 5);
}

static void bind_filter(sqlite3_stmt *s, const struct fin_filter *f)
{
	sq_bind_text(s, 1, f ? f->bank : NULL);
	sqlite3_bind_int64(s, 2, f ? f->enterprise_id : 0);
	sqlite3_bind_int(s, 3, f ? f->year : 0);
}

static int sqf_bank_list(struct store *st, const struct fin_filter *f, struct fin_bank **out,
			 size_t *n, struct gp_err *err)
{
	sqlite3_stmt *s = fstmt(st, F_BANK_LIST, err);
	size_t kept = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return GP_ESTORE;
	bind_filter(s, f);
	rc = sq_collect_rows(st, s, sizeof(**out), read_bank, "bank list", (void **)out, n, err);
	if (rc != GP_OK || !f || (!f->enterprise_id && !f->year))
		return rc;
	for (size_t i = 0; i < *n; i++)
		if ((*out)[i].credits || (*out)[i].loans)
			(*out)[kept++] = (*out)[i];
	*n = kept;
	return GP_OK;
}

static int sqf_project_find(struct store *st, const char *code, int64_t *id, struct gp_err *err)
{
	int rc = find_id(st, F_PROJECT_FIND, code, id, err);

	if (rc == GP_ENOTFOUND)
		return gp_err_set(err, GP_ENOTFOUND,
				  "no project with code '%s' in the pipeline (see 'greenpark "
				  "projects')",
				  code);
	return rc;
}

static int sqf_record_put(struct store *st, const struct fin_record *r, const char *actor,
			  enum put_result *res, struct gp_err *err)
{
	const bool loan = r->kind == FIN_LOAN;
	int64_t bank_id = 0, ent_id = 0, project_id = 0, id = 0;
	char *before = NULL, *after = NULL, key[FIN_BANK_MAX + FIN_REF_MAX + 4];
	char start[16], end[16];
	sqlite3_stmt *s;
	int rc;

	rc = find_id(st, F_BANK_FIND, r->bank, &bank_id, err);
	if (rc == GP_ENOTFOUND)
		return gp_err_set(err, GP_ENOTFOUND, "no bank named '%s'", r->bank);
	if (rc != GP_OK)
		return rc;
	rc = find_id(st, F_ENT_ID, r->uscc, &ent_id, err);
	if (rc == GP_ENOTFOUND)
		return gp_err_set(err, GP_ENOTFOUND,
				  "no enterprise with uscc '%s' (import it with 'greenpark import "
				  "enterprises')",
				  r->uscc);
	if (rc != GP_OK)
		return rc;
	if (r->project[0] && (rc = sqf_project_find(st, r->project, &project_id, err)) != GP_OK)
		return rc;
	if ((rc = sq_sp_begin(st, err)) != GP_OK)
		return rc;
	s = fstmt(st, loan ? F_LOAN_FIND : F_CREDIT_FIND, err);
	if (!s) {
		rc = GP_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(s, 1, bank_id);
	sq_bind_text(s, 2, r->ref);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = sq_db_err(st, err, "finance record");
		goto done;
	}
	if (id)
		before = json_of(st, loan ? F_LOAN_JSON : F_CREDIT_JSON, id);
	s = fstmt(st,
		  id ? (loan ? F_LOAN_UPDATE : F_CREDIT_UPDATE)
		     : (loan ? F_LOAN_INSERT : F_CREDIT_INSERT),
		  err);
	if (!s) {
		rc = GP_ESTORE;
		goto done;
	}
	fin_date_format(r->start, start, sizeof(start));
	fin_date_format(r->end, end, sizeof(end));
	sqlite3_bind_int64(s, 1, bank_id);
	sq_bind_text(s, 2, r->ref);
	sqlite3_bind_int64(s, 3, ent_id);
	sqlite3_bind_int64(s, 4, r->amount_fen);
	sq_bind_text(s, 5, start);
	sq_bind_text(s, 6, end);
	sq_bind_text(s, 7, fin_purpose_name(r->purpose));
	if (project_id)
		sqlite3_bind_int64(s, 8, project_id);
	else
		sqlite3_bind_null(s, 8);
	sq_bind_text(s, 9, r->note);
	if (id)
		sqlite3_bind_int64(s, 10, id);
	if (loan) {
		sqlite3_bind_double(s, 11, r->rate_pct);
		sqlite3_bind_int(s, 12, r->term_months);
	}
	if ((rc = sq_step_done(st, s, err, loan ? "loan write" : "credit write")) != GP_OK)
		goto done;
	if (!id)
		id = sq_last_rowid(st);
	after = json_of(st, loan ? F_LOAN_JSON : F_CREDIT_JSON, id);
	if (before && after && strcmp(before, after) == 0) {
		*res = PUT_UNCHANGED;
		goto done;
	}
	*res = before ? PUT_REPLACED : PUT_INSERTED;
	str_fmt(key, sizeof(key), "%s/%s", r->bank, r->ref);
	rc = sq_audit_add(st, actor, before ? "update" : "insert", fin_kind_name(r->kind), key,
			  before, after, err);
done:
	free(before);
	free(after);
	return sq_sp_end(st, rc);
}

/* "YYYY-MM-DD" → YYYYMMDD (0 when the text is not of that shape). */
static int col_date(sqlite3_stmt *s, int i)
{
	char t[16];
	int v = 0;

	sq_col_text(s, i, t, sizeof(t));
	if (fin_date_parse("date", t, &v, NULL) != GP_OK)
		return 0;
	return v;
}

static void read_common(sqlite3_stmt *s, struct fin_record *r)
{
	char purpose[32];

	r->id = sqlite3_column_int64(s, 0);
	sq_col_text(s, 1, r->bank, sizeof(r->bank));
	sq_col_text(s, 2, r->ref, sizeof(r->ref));
	sq_col_text(s, 3, r->uscc, sizeof(r->uscc));
	sq_col_text(s, 4, r->enterprise, sizeof(r->enterprise));
	sq_col_text(s, 5, r->subpark, sizeof(r->subpark));
	r->amount_fen = sqlite3_column_int64(s, 6);
	r->start = col_date(s, 7);
	r->end = col_date(s, 8);
	sq_col_text(s, 9, purpose, sizeof(purpose));
	if (fin_purpose_parse(purpose, &r->purpose, NULL) != GP_OK)
		r->purpose = PURPOSE_GENERAL;
	sq_col_text(s, 10, r->project, sizeof(r->project));
	sq_col_text(s, 11, r->note, sizeof(r->note));
}

static void read_credit(sqlite3_stmt *s, void *row)
{
	struct fin_record *r = row;

	read_common(s, r);
	r->kind = FIN_CREDIT;
	r->rate_pct = NAN;
}

static void read_loan(sqlite3_stmt *s, void *row)
{
	struct fin_record *r = row;

	read_common(s, r);
	r->kind = FIN_LOAN;
	r->rate_pct = sqlite3_column_double(s, 12);
	r->term_months = sqlite3_column_int(s, 13);
}

static int sqf_record_list(struct store *st, enum fin_kind kind, const struct fin_filter *f,
			   struct fin_record **out, size_t *n, struct gp_err *err)
{
	sqlite3_stmt *s = fstmt(st, kind == FIN_LOAN ? F_LOAN_LIST : F_CREDIT_LIST, err);

	*out = NULL;
	*n = 0;
	if (!s)
		return GP_ESTORE;
	bind_filter(s, f);
	return sq_collect_rows(st, s, sizeof(**out), kind == FIN_LOAN ? read_loan : read_credit,
			       kind == FIN_LOAN ? "loan list" : "credit list", (void **)out, n,
			       err);
}

const struct finance_store_ops store_sqlite_finance_ops = {
    .bank_ensure = sqf_bank_ensure,
    .bank_list = sqf_bank_list,
    .project_find = sqf_project_find,
    .record_put = sqf_record_put,
    .record_list = sqf_record_list,
};
