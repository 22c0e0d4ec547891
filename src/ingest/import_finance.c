/* import_finance.c — credit and loan files into the store (import_finance.h). The file is
 * validated whole (rows are few: a park's contracts) before the store is touched, then
 * written in one transaction; a store error rolls everything back. Never prints: bad
 * rows and notes go through struct import_report. */
#include "ingest/import_finance.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/finance.h"
#include "core/uscc.h"
#include "ingest/import_int.h"
#include "store/store_finance.h"
#include "util/map.h"
#include "util/num.h"
#include "util/str.h"

static const char *const credit_cols[] = {
    "bank", "ref", "uscc", "amount_wan_yuan", "granted", "expires", "purpose", "project", "note"};
static const char *const loan_cols[] = {"bank",      "ref",      "uscc",     "amount_wan_yuan",
					"disbursed", "maturity", "rate_pct", "term_months",
					"purpose",   "project",  "note"};

/* A text field into dst (fin_text_check's rules, reported with the row's line). */
static bool text_field(struct import_report *rep, struct csv_reader *r, long line,
		       const char *field, const char *v, bool required, char *dst, size_t dstsz)
{
	struct gp_err fe;

	if (!v[0] && required) {
		import_line_error(rep, r, line, "%s is empty (expected %s)", field,
				  strcmp(field, "bank") == 0
				      ? "the bank's name, e.g. 枣庄示例银行山亭支行"
				      : "the contract number, e.g. SX-2023-001");
		return false;
	}
	if (fin_text_check(field, v, dstsz - 1, required, &fe) != GP_OK) {
		import_line_error(rep, r, line, "%s", fe.msg);
		return false;
	}
	str_copy(dst, dstsz, v);
	return true;
}

/* One credit line or loan, creating its bank first when it is new. */
struct record_put {
	struct import_report *rep;
	struct strmap *banks; /* banks already noted */
};

static int put_record(struct store_handle *h, const void *row, const char *actor,
		      enum put_result *pr, void *arg, struct gp_err *err)
{
	const struct fin_record *x = row;
	struct record_put *c = arg;
	int64_t bank_id;
	bool created;
	int rc;

	if ((rc = h->ops->finance->bank_ensure(h->st, x->bank, actor, &bank_id, &created, err)) !=
	    GP_OK)
		return rc;
	if (created && strmap_put(c->banks, x->bank, bank_id))
		import_note(c->rep, "created bank '%s' (新建银行)", x->bank);
	return h->ops->finance->record_put(h->st, x, actor, pr, err);
}

static int import_kind(struct store_handle *h, enum fin_kind kind, struct csv_reader *r,
		       const char *actor, struct import_report *rep, struct import_result *res,
		       struct gp_err *err)
{
	const bool loan = kind == FIN_LOAN;
	const char *const *cols = loan ? loan_cols : credit_cols;
	const size_t ncols = loan ? 11 : 9;
	const char *start_name = loan ? "disbursed" : "granted";
	const char *end_name = loan ? "maturity" : "expires";
	const size_t ipurpose = loan ? 8 : 6;
	struct fin_record *rows = NULL;
	size_t nrows = 0, cap = 0;
	struct strmap seen, ids, projects, banks;
	struct csv_record rec;
	enum csv_result cr;
	int rc = GP_OK;

	memset(res, 0, sizeof(*res));
	rep->errors = 0;
	strmap_init(&seen);
	strmap_init(&ids);
	strmap_init(&projects);
	strmap_init(&banks);
	if (!h->ops->finance) {
		rc = gp_err_set(err, GP_ESTORE, "this store backend has no green-finance ledger");
		goto out;
	}
	if ((rc = import_enterprise_ids(h, &ids, err)) != GP_OK)
		goto out;
	if (!import_read_header(r, rep, cols, ncols)) {
		rc = GP_EINPUT;
		goto out;
	}
	while ((cr = import_next_row(r, &rec, ncols, rep, err)) == CSV_ROW) {
		char **f = rec.fields;
		struct fin_record x;
		struct gp_err fe;
		int64_t v, first;
		bool bad = false, dates = true;

		memset(&x, 0, sizeof(x));
		x.kind = kind;
		x.rate_pct = NAN;
		if ((long)nrows >= FIN_MAX_RECORDS) {
			import_line_error(rep, r, rec.line, "more than %ld %s in one file",
					  FIN_MAX_RECORDS, loan ? "loans" : "credit lines");
			break;
		}
		bad |= !text_field(rep, r, rec.line, "bank", f[0], true, x.bank, sizeof(x.bank));
		bad |= !text_field(rep, r, rec.line, "ref", f[1], true, x.ref, sizeof(x.ref));
		if (x.bank[0] && x.ref[0]) {
			char key[FIN_BANK_MAX + FIN_REF_MAX + 2];
			str_fmt(key, sizeof(key), "%s\x1f%s", x.bank, x.ref);
			if (strmap_get(&seen, key, &first)) {
				import_line_error(
				    rep, r, rec.line,
				    "ref '%s' of bank '%s' already appears on line %lld (a "
				    "contract "
				    "number names one %s per bank)",
				    x.ref, x.bank, (long long)first, loan ? "loan" : "credit line");
				bad = true;
			} else {
				strmap_put(&seen, key, rec.line);
			}
		}
		if (uscc_normalize(f[2], x.uscc, &fe) != GP_OK) {
			import_line_error(rep, r, rec.line, "%s", fe.msg);
			bad = true;
		} else if (!strmap_get(&ids, x.uscc, &v)) {
			import_line_error(
			    rep, r, rec.line,
			    "uscc '%s' is not a registered enterprise (import it with 'greenpark "
			    "import enterprises' first)",
			    x.uscc);
			bad = true;
		}
		if (fin_amount_parse("amount_wan_yuan", f[3], &x.amount_fen, &fe) != GP_OK) {
			import_line_error(rep, r, rec.line, "%s", fe.msg);
			bad = true;
		}
		if (fin_date_parse(start_name, f[4], &x.start, &fe) != GP_OK) {
			import_line_error(rep, r, rec.line, "%s", fe.msg);
			bad = true;
			dates = false;
		}
		if (fin_date_parse(end_name, f[5], &x.end, &fe) != GP_OK) {
			import_line_error(rep, r, rec.line, "%s", fe.msg);
			bad = true;
			dates = false;
		}
		if (dates && x.end <= x.start) {
			import_line_error(
			    rep, r, rec.line,
			    "%s %s is not after %s %s (expected the %s date after the %s date)",
			    end_name, f[5], start_name, f[4], end_name, start_name);
			bad = true;
		}
		if (loan) {
			double d;
			if (!num_parse_double(f[6], &d) || d < 0 || d > FIN_RATE_MAX_PCT) {
				import_line_error(
				    rep, r, rec.line,
				    "rate_pct '%.40s' is not an annual interest rate in %% from 0 "
				    "to 36 (e.g. 3.45)",
				    f[6]);
				bad = true;
			} else {
				x.rate_pct = d;
			}
			if (!num_parse_int64(f[7], 1, FIN_TERM_MAX_MONTHS, &v)) {
				import_line_error(
				    rep, r, rec.line,
				    "term_months '%.40s' is not a whole number of months from 1 to "
				    "600",
				    f[7]);
				bad = true;
			} else {
				x.term_months = (int)v;
			}
		}
		if (fin_purpose_parse(f[ipurpose], &x.purpose, &fe) != GP_OK) {
			import_line_error(rep, r, rec.line, "%s", fe.msg);
			bad = true;
		}
		if (f[ipurpose + 1][0] && text_field(rep, r, rec.line, "project", f[ipurpose + 1],
						     false, x.project, sizeof(x.project))) {
			if (!strmap_get(&projects, x.project, &v)) {
				int frc = h->ops->finance->project_find(h->st, x.project, &v, &fe);
				if (frc == GP_OK) {
					strmap_put(&projects, x.project, v);
				} else if (frc == GP_ENOTFOUND) {
					import_line_error(
					    rep, r, rec.line,
					    "project '%s' is not a project code of the pipeline "
					    "(expected empty or a code 'greenpark projects' lists)",
					    x.project);
					bad = true;
				} else {
					if (err)
						*err = fe;
					rc = frc;
					goto out;
				}
			}
		} else if (f[ipurpose + 1][0]) {
			bad = true;
		}
		bad |= !text_field(rep, r, rec.line, "note", f[ipurpose + 2], false, x.note,
				   sizeof(x.note));
		if (!bad && fin_record_check(&x, &fe) != GP_OK) {
			import_line_error(rep, r, rec.line, "%s", fe.msg);
			bad = true;
		}
		if (bad)
			continue;
		XGROW(rows, nrows + 1, cap);
		rows[nrows++] = x;
	}
	res->rows = (long long)nrows + rep->errors;
	{
		struct record_put rp = {rep, &banks};
		rc = import_finish(h, cr, rep, rows, nrows, sizeof(*rows), put_record, &rp, actor,
				   res, err);
	}
out:
	strmap_release(&seen);
	strmap_release(&ids);
	strmap_release(&projects);
	strmap_release(&banks);
	free(rows);
	return rc;
}

int import_credits(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		   const char *actor, struct import_report *rep, struct import_result *res,
		   struct gp_err *err)
{
	(void)lib; /* no units to convert */
	return import_kind(h, FIN_CREDIT, r, actor, rep, res, err);
}

int import_loans(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		 const char *actor, struct import_report *rep, struct import_result *res,
		 struct gp_err *err)
{
	(void)lib;
	return import_kind(h, FIN_LOAN, r, actor, rep, res, err);
}
