/* xlsx.h — the park's yearly report as an Excel workbook (libxlsxwriter). Two steps:
 * report_gather reads everything the report shows from the store and computes it with
 * core (accounts, evaluations); report_write_xlsx formats what was gathered into the
 * workbook and never touches the store. Shared by 'greenpark report' and the API. */
#ifndef GP_XLSX_H
#define GP_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "core/account.h"
#include "core/registry.h"
#include "report/evaluation.h"
#include "store/store.h"

/* One row of the report: an enterprise, a sub-park, the park, or a month. */
struct report_row {
	char label[NAME_MAX_BYTES + 1]; /* USCC, sub-park name, "park" or "YYYY-MM" */
	bool has_data;                  /* the ledger has rows for it in the period */
	long enterprises;               /* sub-parks: the enterprises registered in it */
	const double *q; /* quantity per item index of lib, canonical units (zeros when
			    !has_data); points into report.q */
	bool computed;   /* acct holds a result: rows with data, and always the park */
	struct account_result acct;
};

/* A factor some account of the report used, with the method and year of that account. */
struct report_factor {
	enum account_method method;
	struct factor_use use;
};

struct report {
	int year;
	enum account_method method;
	const struct factor_lib *lib; /* not owned: must outlive the report */
	struct park park;
	struct enterprise_summary summary;
	size_t rd_platforms, innovation_platforms;
	size_t platforms_by_level[LEVEL_COUNT];
	struct report_row total;  /* the park */
	struct enterprise *ents;  /* the registry, in the store's order */
	struct report_row *erows; /* parallel to ents */
	size_t nents;
	struct report_row *srows; /* each sub-park, then "未分园区" when such enterprises report */
	size_t nsubs;
	struct report_row months[12]; /* the park, month by month */
	struct evaluation zcp, miit;  /* the park against zcp2025 and miit2016 */
	struct report_factor *factors;
	size_t nfactors, factors_cap;
	double *q; /* storage behind every row's q */
};

/* Gathers the report of the park for year under method: the registry counts, the
 * park's account, every enterprise's and sub-park's, the twelve months, both indicator
 * sets, and every factor those used. lib must outlive r. Errors: those of the store,
 * GP_EFACTOR when an account cannot be computed for the year, GP_ENOTFOUND when the
 * store has no indicator sets (run 'greenpark init'). On success release with
 * report_release; on error r holds nothing to release. */
int report_gather(struct store_handle *h, const struct factor_lib *lib, int year,
		  enum account_method method, struct report *r, struct gp_err *err);
void report_release(struct report *r);

/* Writes r as an .xlsx workbook at path (created or replaced): 汇总 Summary, the two
 * indicator sets, enterprises, sub-parks, months (with a chart of monthly CO2), CO2 by
 * source (a pie chart) and the factors used. Cells hold full-precision numbers; only the
 * number format rounds. GP_EIO with libxlsxwriter's reason when the file cannot be
 * written. */
int report_write_xlsx(const struct report *r, const char *path, struct gp_err *err);

/* The MIME type of the workbook. */
#define XLSX_CONTENT_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#endif
