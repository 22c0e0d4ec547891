/* report/finance.h — the green-finance ledger's JSON and Excel renderings, shared by
 * 'greenpark finance' and /api/v1/finance/…, so both print the same keys. Only formats:
 * the totals are core/finance.c's, the rows the store's. */
#ifndef GP_REPORT_FINANCE_H
#define GP_REPORT_FINANCE_H

#include <jansson.h>
#include <stddef.h>

#include "core/finance.h"
#include "report/xlsx_list.h"
#include "store/store_finance.h"

/* The summary object (new reference): credit_wan_yuan, loans_wan_yuan, credit_yi_yuan,
 * loans_yi_yuan, credits, loans, enterprises_with_credit, enterprises_with_loans,
 * enterprises, green_credit_wan_yuan, green_loans_wan_yuan, green_credit_share,
 * green_loans_share, by_bank, by_enterprise, by_subpark, by_purpose, by_year, and scope
 * {bank, enterprise, year} (null where not narrowed). */
json_t *fin_summary_json(const struct fin_summary *s, const struct fin_filter *f, const char *uscc);

/* One record as an object (new reference): bank, ref, uscc, enterprise, subpark,
 * amount_wan_yuan, granted/expires or disbursed/maturity (and rate_pct, term_months for
 * loans), purpose, purpose_zh, green, project, note. */
json_t *fin_record_json(const struct fin_record *r);

/* The records of one kind as an array (new reference). */
json_t *fin_records_json(const struct fin_record *recs, size_t n);

/* The workbook columns of a list of kind k (*n receives their number). */
const struct xlsx_col *fin_xlsx_cols(enum fin_kind k, size_t *n);

/* The sheet name and title line of a list of kind k ("授信 Credit lines"). */
const char *fin_xlsx_sheet(enum fin_kind k);
void fin_xlsx_title(enum fin_kind k, const struct fin_filter *f, char *out, size_t outsz);

#endif
