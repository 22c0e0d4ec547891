/* report/finance.c — JSON and workbook layout of the green-finance ledger (finance.h).
 * Amounts leave as 万元 doubles (fin_wan_yuan of an exact integer sum) and as 亿元. */
#include "report/finance.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/json.h"
#include "util/str.h"

static json_t *wan(int64_t fen)
{
	return json_real(fin_wan_yuan(fen));
}

/* 亿元 = 万元 / 10^4, from the integer: fen / 10^10. */
static json_t *yi(int64_t fen)
{
	return json_real((double)fen / 1e10);
}

static json_t *total_json(const struct fin_total *t, const char *key_name, bool enterprises)
{
	json_t *o = json_object();

	if (strcmp(key_name, "year") == 0) {
		json_object_set_new(o, "year", json_integer(strtol(t->key, NULL, 10)));
	} else if (strcmp(key_name, "subpark") == 0) {
		json_object_set_new(o, "subpark", t->key[0] ? json_string(t->key) : json_null());
	} else if (strcmp(key_name, "purpose") == 0) {
		enum fin_purpose p = PURPOSE_GENERAL;
		fin_purpose_parse(t->key, &p, NULL);
		json_object_set_new(o, "purpose", json_string(t->key));
		json_object_set_new(o, "name_zh", json_string(fin_purpose_name_zh(p)));
		json_object_set_new(o, "green", json_boolean(fin_purpose_green(p)));
	} else {
		json_object_set_new(o, key_name, json_string(t->key));
	}
	if (strcmp(key_name, "uscc") == 0)
		json_object_set_new(o, "name", json_string(t->name));
	json_object_set_new(o, "credit_wan_yuan", wan(t->credit_fen));
	json_object_set_new(o, "loans_wan_yuan", wan(t->loan_fen));
	json_object_set_new(o, "credits", json_integer((json_int_t)t->credits));
	json_object_set_new(o, "loans", json_integer((json_int_t)t->loans));
	if (enterprises)
		json_object_set_new(o, "enterprises", json_integer((json_int_t)t->enterprises));
	return o;
}

static json_t *totals_json(const struct fin_total *list, size_t n, const char *key_name,
			   bool enterprises)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, total_json(&list[i], key_name, enterprises));
	return a;
}

json_t *fin_summary_json(const struct fin_summary *s, const struct fin_filter *f, const char *uscc)
{
	json_t *o = json_object(), *scope = json_object();

	json_object_set_new(o, "credit_wan_yuan", wan(s->credit_fen));
	json_object_set_new(o, "loans_wan_yuan", wan(s->loan_fen));
	json_object_set_new(o, "credit_yi_yuan", yi(s->credit_fen));
	json_object_set_new(o, "loans_yi_yuan", yi(s->loan_fen));
	json_object_set_new(o, "credits", json_integer((json_int_t)s->credits));
	json_object_set_new(o, "loans", json_integer((json_int_t)s->loans));
	json_object_set_new(o, "enterprises_with_credit",
			    json_integer((json_int_t)s->enterprises_with_credit));
	json_object_set_new(o, "enterprises_with_loans",
			    json_integer((json_int_t)s->enterprises_with_loans));
	json_object_set_new(o, "enterprises", json_integer((json_int_t)s->enterprises));
	json_object_set_new(o, "green_credit_wan_yuan", wan(s->green_credit_fen));
	json_object_set_new(o, "green_loans_wan_yuan", wan(s->green_loan_fen));
	json_object_set_new(
	    o, "green_credit_share",
	    json_number_or_null(fin_green_share(s->green_credit_fen, s->credit_fen)));
	json_object_set_new(o, "green_loans_share",
			    json_number_or_null(fin_green_share(s->green_loan_fen, s->loan_fen)));
	json_object_set_new(o, "by_bank", totals_json(s->by_bank, s->nbank, "bank", true));
	json_object_set_new(o, "by_enterprise",
			    totals_json(s->by_enterprise, s->nenterprise, "uscc", false));
	json_object_set_new(o, "by_subpark",
			    totals_json(s->by_subpark, s->nsubpark, "subpark", true));
	json_object_set_new(o, "by_purpose",
			    totals_json(s->by_purpose, PURPOSE_COUNT, "purpose", true));
	json_object_set_new(o, "by_year", totals_json(s->by_year, s->nyear, "year", true));
	json_object_set_new(scope, "bank", f && f->bank ? json_string(f->bank) : json_null());
	json_object_set_new(scope, "enterprise", uscc && uscc[0] ? json_string(uscc) : json_null());
	json_object_set_new(scope, "year", f && f->year ? json_integer(f->year) : json_null());
	json_object_set_new(o, "scope", scope);
	return o;
}

json_t *fin_record_json(const struct fin_record *r)
{
	const bool loan = r->kind == FIN_LOAN;
	json_t *o = json_object();
	char d[16];

	json_object_set_new(o, "bank", json_string(r->bank));
	json_object_set_new(o, "ref", json_string(r->ref));
	json_object_set_new(o, "uscc", json_string(r->uscc));
	json_object_set_new(o, "enterprise", json_string(r->enterprise));
	json_object_set_new(o, "subpark", r->subpark[0] ? json_string(r->subpark) : json_null());
	json_object_set_new(o, "amount_wan_yuan", wan(r->amount_fen));
	fin_date_format(r->start, d, sizeof(d));
	json_object_set_new(o, loan ? "disbursed" : "granted", json_string(d));
	fin_date_format(r->end, d, sizeof(d));
	json_object_set_new(o, loan ? "maturity" : "expires", json_string(d));
	if (loan) {
		json_object_set_new(o, "rate_pct", json_real(r->rate_pct));
		json_object_set_new(o, "term_months", json_integer(r->term_months));
	}
	json_object_set_new(o, "purpose", json_string(fin_purpose_name(r->purpose)));
	json_object_set_new(o, "purpose_zh", json_string(fin_purpose_name_zh(r->purpose)));
	json_object_set_new(o, "green", json_boolean(fin_purpose_green(r->purpose)));
	json_object_set_new(o, "project", r->project[0] ? json_string(r->project) : json_null());
	json_object_set_new(o, "note", json_string(r->note));
	return o;
}

json_t *fin_records_json(const struct fin_record *recs, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, fin_record_json(&recs[i]));
	return a;
}

static const struct xlsx_col credit_cols[] = {
    {"bank", "银行 Bank", XCOL_TEXT},
    {"ref", "合同编号 Contract", XCOL_TEXT},
    {"uscc", "统一社会信用代码 USCC", XCOL_TEXT},
    {"enterprise", "企业 Enterprise", XCOL_TEXT},
    {"subpark", "子园区 Sub-park", XCOL_TEXT},
    {"amount_wan_yuan", "授信金额(万元) Credit (10k yuan)", XCOL_NUMBER},
    {"granted", "授信日 Granted", XCOL_TEXT},
    {"expires", "到期日 Expires", XCOL_TEXT},
    {"purpose_zh", "用途 Purpose", XCOL_TEXT},
    {"purpose", "用途代码 Purpose code", XCOL_TEXT},
    {"green", "绿色 Green", XCOL_BOOL},
    {"project", "项目 Project", XCOL_TEXT},
    {"note", "备注 Note", XCOL_TEXT},
};

static const struct xlsx_col loan_cols[] = {
    {"bank", "银行 Bank", XCOL_TEXT},
    {"ref", "合同编号 Contract", XCOL_TEXT},
    {"uscc", "统一社会信用代码 USCC", XCOL_TEXT},
    {"enterprise", "企业 Enterprise", XCOL_TEXT},
    {"subpark", "子园区 Sub-park", XCOL_TEXT},
    {"amount_wan_yuan", "贷款金额(万元) Loan (10k yuan)", XCOL_NUMBER},
    {"disbursed", "放款日 Disbursed", XCOL_TEXT},
    {"maturity", "到期日 Maturity", XCOL_TEXT},
    {"rate_pct", "年利率(%) Rate (%)", XCOL_NUMBER},
    {"term_months", "期限(月) Term (months)", XCOL_INT},
    {"purpose_zh", "用途 Purpose", XCOL_TEXT},
    {"purpose", "用途代码 Purpose code", XCOL_TEXT},
    {"green", "绿色 Green", XCOL_BOOL},
    {"project", "项目 Project", XCOL_TEXT},
    {"note", "备注 Note", XCOL_TEXT},
};

const struct xlsx_col *fin_xlsx_cols(enum fin_kind k, size_t *n)
{
	if (k == FIN_LOAN) {
		*n = sizeof(loan_cols) / sizeof(loan_cols[0]);
		return loan_cols;
	}
	*n = sizeof(credit_cols) / sizeof(credit_cols[0]);
	return credit_cols;
}

const char *fin_xlsx_sheet(enum fin_kind k)
{
	return k == FIN_LOAN ? "贷款 Loans" : "授信 Credit lines";
}

void fin_xlsx_title(enum fin_kind k, const struct fin_filter *f, char *out, size_t outsz)
{
	char year[16] = "";

	if (f && f->year)
		str_fmt(year, sizeof(year), " · %d", f->year);
	str_fmt(out, outsz, "绿色金融台账 · %s %s%s%s%s", k == FIN_LOAN ? "贷款" : "授信",
		k == FIN_LOAN ? "Loans" : "Credit lines", f && f->bank ? " · " : "",
		f && f->bank ? f->bank : "", year);
}
