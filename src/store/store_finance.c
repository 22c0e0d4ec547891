/* store_finance.c — what the green-finance ledger needs of any backend, built on its ops
 * (store_finance.h): both kinds of record under one filter. Never computes totals. */
#include "store/store_finance.h"

#include <stdlib.h>
#include <string.h>

#include "util/str.h"

int fin_records_load(struct store_handle *h, const struct fin_filter *f, struct fin_record **out,
		     size_t *n, struct gp_err *err)
{
	struct fin_record *credits = NULL, *loans = NULL;
	size_t nc = 0, nl = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = h->ops->finance->record_list(h->st, FIN_CREDIT, f, &credits, &nc, err)) != GP_OK)
		return rc;
	if ((rc = h->ops->finance->record_list(h->st, FIN_LOAN, f, &loans, &nl, err)) != GP_OK) {
		free(credits);
		return rc;
	}
	if (nl) {
		size_t cap = nc;
		XGROW(credits, nc + nl, cap);
		memcpy(credits + nc, loans, nl * sizeof(*loans));
	}
	free(loans);
	*out = credits;
	*n = nc + nl;
	return GP_OK;
}
