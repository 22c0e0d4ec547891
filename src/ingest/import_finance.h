/* import_finance.h — CSV imports of the green-finance ledger (政银企对接): credit lines
 * (授信) and loans (贷款). All or nothing, as every import (import.h): each bad row is
 * reported as "FILE:LINE: message" naming the field and the form expected, and when
 * there is any, nothing is stored. Banks a file names that do not exist yet are created
 * (and the report's note says so). A (bank, ref) already stored is updated, audited with
 * before and after.
 *
 * credits: bank,ref,uscc,amount_wan_yuan,granted,expires,purpose,project,note
 * loans:   bank,ref,uscc,amount_wan_yuan,disbursed,maturity,rate_pct,term_months,purpose,
 *          project,note
 * uscc a registered enterprise; amount in 万元 (> 0, at most 6 decimals); dates YYYY-MM-DD
 * with the second after the first; rate_pct 0-36; term_months 1-600; purpose a category
 * of core/finance.h; project empty or the code of a pipeline project. */
#ifndef GP_IMPORT_FINANCE_H
#define GP_IMPORT_FINANCE_H

#include "ingest/import.h"

int import_credits(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		   const char *actor, struct import_report *rep, struct import_result *res,
		   struct gp_err *err);
int import_loans(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		 const char *actor, struct import_report *rep, struct import_result *res,
		 struct gp_err *err);

#endif
