/* api_finance.c — the green-finance ledger over HTTP: /api/v1/finance/summary, credits,
 * loans, banks and the credits.xlsx / loans.xlsx downloads. The router lets admin,
 * analyst, bank and enterprise users reach these routes (ACCESS_FINANCE); each handler
 * then narrows the store's query to what the user may see: a bank user to its own bank
 * (asking for another bank is 403), an enterprise user to itself. Thin: filter → store →
 * core/finance.c → report/finance.c. */
#include <stdlib.h>
#include <string.h>

#include "core/finance.h"
#include "http/http.h"
#include "report/finance.h"
#include "store/store_finance.h"
#include "util/str.h"

struct fin_scope {
	struct fin_filter f;
	char bank[FIN_BANK_MAX + 1];
	char uscc[USCC_LEN + 1]; /* the enterprise the answer is narrowed to, "" none */
};

/* Builds the filter from ?bank, ?enterprise, ?year and the user's role. false with the
 * error in resp (400 malformed, 403 another bank's or enterprise's records, 404 an
 * unknown enterprise). */
static bool scope_of(struct http_req *r, struct http_resp *resp, struct fin_scope *s)
{
	const struct user *u = r->user;
	const char *bank = req_query(r, "bank"), *ent = req_query(r, "enterprise");
	struct gp_err err;

	memset(s, 0, sizeof(*s));
	if (!req_year(r, resp, &s->f.year))
		return false;
	if (bank && fin_text_check("bank", bank, FIN_BANK_MAX, true, &err) != GP_OK) {
		resp_error(resp, 400, NULL, "%s", err.msg);
		return false;
	}
	if (u->role == ROLE_BANK) {
		if (!u->bank[0]) {
			resp_error(resp, 403, NULL, "user %s has the role bank but no bank",
				   u->name);
			return false;
		}
		if (bank && strcmp(bank, u->bank) != 0) {
			resp_error(resp, 403, NULL,
				   "a bank user sees only its own bank's records (%s), not '%s'",
				   u->bank, bank);
			return false;
		}
		bank = u->bank;
	} else if (u->role != ROLE_ADMIN && u->role != ROLE_ANALYST) {
		/* the enterprise role (the router admits no other): its own records only */
		if (u->role != ROLE_ENTERPRISE || !u->enterprise_id) {
			resp_error(resp, 403, NULL, "role %s may not read the finance ledger",
				   role_name(u->role));
			return false;
		}
		s->f.enterprise_id = u->enterprise_id;
		str_copy(s->uscc, sizeof(s->uscc), u->uscc);
	}
	if (bank) {
		str_copy(s->bank, sizeof(s->bank), bank);
		s->f.bank = s->bank;
	}
	if (ent) {
		struct enterprise e;
		char norm[USCC_LEN + 1];
		if (uscc_normalize(ent, norm, &err) != GP_OK) {
			resp_error(resp, 400, NULL, "enterprise: %s", err.msg);
			return false;
		}
		if (s->f.enterprise_id && strcmp(norm, s->uscc) != 0) {
			resp_error(resp, 403, NULL, "an enterprise user sees only its own records");
			return false;
		}
		if (r->h->ops->enterprise_find(r->h->st, norm, &e, &err) != GP_OK) {
			resp_from_err(resp, &err);
			return false;
		}
		s->f.enterprise_id = e.id;
		str_copy(s->uscc, sizeof(s->uscc), norm);
	}
	return true;
}

static bool have_ledger(struct http_req *r, struct http_resp *resp)
{
	if (r->h->ops->finance)
		return true;
	resp_error(resp, 503, NULL, "this store backend has no green-finance ledger");
	return false;
}

int api_finance_summary(struct http_req *r, struct http_resp *resp)
{
	struct fin_scope s;
	struct fin_record *recs;
	struct fin_summary sum;
	struct gp_err err;
	size_t n;
	json_t *o;

	if (!have_ledger(r, resp) || !scope_of(r, resp, &s))
		return 0;
	if (fin_records_load(r->h, &s.f, &recs, &n, &err) != GP_OK)
		return resp_from_err(resp, &err);
	fin_summarize(recs, n, &sum);
	free(recs);
	o = fin_summary_json(&sum, &s.f, s.uscc);
	fin_summary_release(&sum);
	return resp_json(resp, 200, o);
}

static int list(struct http_req *r, struct http_resp *resp, enum fin_kind k, bool xlsx)
{
	struct fin_scope s;
	struct fin_record *recs;
	struct gp_err err;
	size_t n;
	json_t *rows;

	if (!have_ledger(r, resp) || !scope_of(r, resp, &s))
		return 0;
	if (r->h->ops->finance->record_list(r->h->st, k, &s.f, &recs, &n, &err) != GP_OK)
		return resp_from_err(resp, &err);
	rows = fin_records_json(recs, n);
	free(recs);
	if (xlsx) {
		const struct xlsx_col *cols;
		size_t ncols;
		char title[512], filename[64];
		cols = fin_xlsx_cols(k, &ncols);
		fin_xlsx_title(k, &s.f, title, sizeof(title));
		if (s.f.year)
			str_fmt(filename, sizeof(filename), "greenpark-%s-%d.xlsx",
				k == FIN_LOAN ? "loans" : "credits", s.f.year);
		else
			str_fmt(filename, sizeof(filename), "greenpark-%s.xlsx",
				k == FIN_LOAN ? "loans" : "credits");
		return resp_xlsx_list(resp, filename, fin_xlsx_sheet(k), title, cols, ncols, rows);
	}
	return resp_page(r, resp, rows);
}

int api_finance_credits(struct http_req *r, struct http_resp *resp)
{
	return list(r, resp, FIN_CREDIT, false);
}

int api_finance_loans(struct http_req *r, struct http_resp *resp)
{
	return list(r, resp, FIN_LOAN, false);
}

int api_finance_credits_xlsx(struct http_req *r, struct http_resp *resp)
{
	return list(r, resp, FIN_CREDIT, true);
}

int api_finance_loans_xlsx(struct http_req *r, struct http_resp *resp)
{
	return list(r, resp, FIN_LOAN, true);
}

int api_finance_banks(struct http_req *r, struct http_resp *resp)
{
	struct fin_scope s;
	struct fin_bank *banks;
	struct gp_err err;
	size_t n;
	json_t *items;

	if (!have_ledger(r, resp) || !scope_of(r, resp, &s))
		return 0;
	if (r->h->ops->finance->bank_list(r->h->st, &s.f, &banks, &n, &err) != GP_OK)
		return resp_from_err(resp, &err);
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "bank", json_string(banks[i].name));
		json_object_set_new(o, "credits", json_integer((json_int_t)banks[i].credits));
		json_object_set_new(o, "credit_wan_yuan",
				    json_real(fin_wan_yuan(banks[i].credit_fen)));
		json_object_set_new(o, "loans", json_integer((json_int_t)banks[i].loans));
		json_object_set_new(o, "loans_wan_yuan",
				    json_real(fin_wan_yuan(banks[i].loan_fen)));
		json_array_append_new(items, o);
	}
	free(banks);
	return resp_page(r, resp, items);
}
