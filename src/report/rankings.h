/* rankings.h — enterprises of the park ordered by a yearly figure: emissions,
 * intensity, energy, or the growth of value added against the year before.
 * The computation behind GET /api/v1/rankings; the handler only shapes JSON. */
#ifndef GP_REPORT_RANKINGS_H
#define GP_REPORT_RANKINGS_H

#include <stddef.h>

#include "core/account.h"
#include "core/registry.h"
#include "store/store.h"

enum rank_by { RANK_CO2, RANK_CO2_PER_WAN_YUAN, RANK_ENERGY, RANK_GROWTH };

/* "co2", "co2_per_wan_yuan", "energy", "growth"; GP_EINPUT for anything else. */
int rank_by_parse(const char *s, enum rank_by *by);
const char *rank_by_unit(enum rank_by by);

struct rank_row {
	const struct enterprise *ent; /* into ranking.ents */
	double value;                 /* NAN when undefined (no output, no prior year) */
};

struct ranking {
	struct enterprise *ents; /* the registry */
	size_t nents;
	struct rank_row *rows; /* descending, undefined values last */
	size_t n;
};

/* Ranks every enterprise with data in year whose industry code starts with industry
 * (NULL: all). Errors: a factor missing for the year (GP_EFACTOR), store errors. */
int ranking_compute(struct store_handle *h, const struct factor_lib *lib, int year,
		    enum account_method method, const char *grid, enum rank_by by,
		    const char *industry, struct ranking *out, struct gp_err *err);
void ranking_release(struct ranking *rk);

#endif
