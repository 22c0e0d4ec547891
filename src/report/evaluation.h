/* evaluation.h — evaluating an indicator set for a scope and year against the store:
 * gathers the ledger sums of the year and the year before, the accounts the set's
 * methods need, the registry and the park attributes, and runs the pure engine of
 * core/indicators.c. Shared by 'greenpark evaluate' and the API. */
#ifndef GP_EVALUATION_H
#define GP_EVALUATION_H

#include <jansson.h>

#include "core/indicators.h"
#include "store/store.h"

struct evaluation {
	char standard[16];
	int year;
	char scope[300];
	struct ind_set set;
	struct ind_result *results;
	size_t n;
	size_t required_met, required_total, optional_met, optional_total;
};

/* Evaluates standard ("zcp2025", "miit2016") for year over scope. GP_ENOTFOUND when the
 * store has no such indicator set (run 'greenpark init'); GP_EFACTOR when an account
 * the set needs cannot be computed. On success release with evaluation_release. */
int evaluation_run(struct store_handle *h, const struct factor_lib *lib, const char *standard,
		   int year, const struct scope *scope, const char *scope_name,
		   struct evaluation *ev, struct gp_err *err);
void evaluation_release(struct evaluation *ev);

/* {"year", "standard", "scope", "summary": {...}, "indicators": [...]} */
json_t *evaluation_to_json(const struct evaluation *ev);

#endif
