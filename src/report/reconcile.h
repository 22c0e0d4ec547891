/* reconcile.h — meters feed the ledger: each enterprise's monthly meter totals (cumulative
 * and interval meters that are no one's sub-meter; instantaneous ones measure power, not
 * quantity, and virtual ones add up meters counted already) summed by item,
 * set against the monthly statistics the ledger holds, with the differences above a
 * tolerance flagged; and, on request, written into the ledger as a batch of kind "meter"
 * (docs/metering.md, "Meters and the ledger"). */
#ifndef GP_RECONCILE_H
#define GP_RECONCILE_H

#include <jansson.h>
#include <stdbool.h>

#include "core/factors.h"
#include "store/store.h"

struct reconcile_opts {
	int year;
	double tolerance;      /* a fraction: 0.05 flags differences above 5 % */
	int64_t enterprise_id; /* 0: every enterprise */
};

/* {"year", "tolerance", "rows": [{"uscc", "item", "period", "meter", "reported",
 * "difference", "difference_share", "flagged"}], "flagged", "months_without_report"}:
 * one row per (enterprise, month, item) that a meter measures; reported is null when the
 * ledger has no value for it. */
int meter_reconcile(struct store_handle *h, const struct factor_lib *lib,
		    const struct reconcile_opts *o, json_t **out, struct gp_err *err);

struct reconcile_apply {
	long long written;  /* months written where the ledger had none */
	long long replaced; /* reported values replaced (only with replace) */
	long long batch;
};

/* Writes the year's meter totals into the ledger in one batch of kind "meter": the months
 * the ledger has no value for, and with replace also those whose reported value differs
 * (each replacement audited by the ledger with its old value). */
int meter_apply(struct store_handle *h, const struct factor_lib *lib,
		const struct reconcile_opts *o, bool replace, const char *actor,
		struct reconcile_apply *out, struct gp_err *err);

/* 总分表平衡 for year: for every master meter (one with sub-meters) and month,
 * {"master", "uscc", "month", "master_value", "subs_value", "subs", "difference", "share"}
 * with share = (master − subs) / master; an enterprise's own meters only when
 * enterprise_id is set. */
int meter_balance_report(struct store_handle *h, int year, int64_t enterprise_id, json_t **out,
			 struct gp_err *err);

#endif
