/* targets.h — checking targets against the ledger: the path each target requires, the
 * actual path, whether the year is on track, and for park targets the enterprises
 * ranked by their contribution to the gap, with a warning for those whose own trend
 * puts the park target at risk. Shared by 'greenpark target check' and the API. */
#ifndef GP_REPORT_TARGETS_H
#define GP_REPORT_TARGETS_H

#include <jansson.h>

#include "core/account.h"
#include "store/store.h"

/* {"year", "method", "targets": [...]}: see docs/api.md. Errors: a factor missing
 * for a year (GP_EFACTOR), store errors. */
int targets_check(struct store_handle *h, const struct factor_lib *lib, int year,
		  enum account_method method, json_t **out, struct gp_err *err);

#endif
