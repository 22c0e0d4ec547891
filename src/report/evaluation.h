/* evaluation.h — evaluating an indicator set for a scope and year against the store:
 * gathers the ledger sums of the year and the year before, the accounts the set's
 * methods need, the registry and the park attributes, and runs the pure engine of
 * core/indicators.c. Shared by 'greenpark evaluate' and the API. */
#ifndef GP_EVALUATION_H
#define GP_EVALUATION_H

#include <jansson.h>

#include "core/indicators.h"
#include "store/store.h"

/* One enterprise that reported an item in some months of the year but not all. */
struct completeness_gap {
	size_t item; /* index in the factor library */
	int64_t enterprise_id;
	char uscc[19];
	char name[256];
	unsigned months; /* bit m-1 set: month m has a row */
};

struct evaluation {
	char standard[16];
	int year;
	char scope[300];
	struct ind_set set;
	struct ind_result *results;
	size_t n;
	size_t required_met, required_total, optional_met, optional_total;
	/* data completeness of the items the set reads, for the year: per item, how many
	 * enterprises in scope reported it, and the partial reporters with their gaps */
	const struct factor_lib *lib;
	size_t *reporting; /* per item index: enterprises with at least one month */
	bool *referenced;  /* per item index: some indicator reads it */
	size_t in_scope;   /* enterprises in scope */
	struct completeness_gap *gaps;
	size_t ngaps, gaps_cap;
};

/* Evaluates standard ("zcp2025", "miit2016") for year over scope. lib must outlive ev. GP_ENOTFOUND
 * when the store has no such indicator set (run 'greenpark init'); GP_EFACTOR when an account the
 * set needs cannot be computed. On success release with evaluation_release. */
int evaluation_run(struct store_handle *h, const struct factor_lib *lib, const char *standard,
		   int year, const struct scope *scope, const char *scope_name,
		   struct evaluation *ev, struct gp_err *err);
void evaluation_release(struct evaluation *ev);

/* Checks a park attribute before it is stored: code must be read as attr(CODE) by an
 * indicator of a loaded set, and value must fit that indicator: 0 or 1 for a yes/no
 * (bool) indicator, 0-100 for a percentage, not negative otherwise. GP_EINPUT with a
 * message saying what is expected. */
int attribute_check(struct store_handle *h, const char *code, double value, struct gp_err *err);

/* The same set for several years, side by side: [{"year", "summary", "values": {code:
 * value}, "pass": {code: true|false|null}}], or {"year", "error"} for a year that cannot
 * be evaluated (a factor missing, say). For the zero-carbon notice's comparison of the
 * last three years and the base year (2025 by the notice). */
json_t *evaluation_years_json(struct store_handle *h, const struct factor_lib *lib,
			      const char *standard, const int *years, size_t n,
			      const struct scope *scope, const char *scope_name);

/* {"year", "standard", "scope", "summary": {...}, "indicators": [...]} */
json_t *evaluation_to_json(const struct evaluation *ev);

#endif
