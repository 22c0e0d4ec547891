/* store_plan.h — the energy planner's data in the store (0014_roofs.sql), reached as
 * h->ops->plan: the rooftop census. Stores and looks up; energy/ computes. Writes are
 * audited. */
#ifndef GP_STORE_PLAN_H
#define GP_STORE_PLAN_H

#include "energy/roof.h"
#include "store/store.h"

struct plan_store_ops {
	/* Stores r (its enterprise by USCC; r->id and enterprise_id are ignored), replacing
	 * the enterprise's roof of the same name; *pr says which. GP_ENOTFOUND for an
	 * unknown enterprise. Audited. */
	int (*roof_put)(struct store *st, const struct roof *r, const char *actor,
			enum put_result *pr, struct gp_err *err);
	/* The roofs of one enterprise (enterprise_id) or all (0), by USCC and name; the
	 * caller frees *out. */
	int (*roof_list)(struct store *st, int64_t enterprise_id, struct roof **out, size_t *n,
			 struct gp_err *err);
};

extern const struct plan_store_ops store_sqlite_plan_ops;

#endif
