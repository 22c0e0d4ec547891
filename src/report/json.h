/* json.h — JSON renderings of core results (jansson), shared by the CLI and the HTTP
 * API. Each returns a new reference the caller owns. */
#ifndef GP_REPORT_JSON_H
#define GP_REPORT_JSON_H

#include <jansson.h>

#include "core/account.h"

/* json_real that maps NAN and infinities to null. */
json_t *json_number_or_null(double v);

/* One factor as used: key, year_requested, year_used, value, unit, confidence,
 * override, source. */
json_t *factor_use_to_json(const struct factor_use *u);

/* The account object of standards/methods.md ("Output of greenpark account"), plus
 * scope_kind, grid, clean_share, renewable_share, items (per-item lines), factors. */
json_t *account_to_json(const struct factor_lib *lib, const struct account_result *r,
			const char *scope, const char *scope_kind, const char *grid);

/* The factor library: {"items", "grid", "equivalent", "overrides"}, or only the
 * section kind names ("item", "grid", "equivalent", "override"); year (0: all)
 * filters the yearly sections. */
json_t *factor_lib_to_json(const struct factor_lib *lib, const char *kind, int year);

#endif
