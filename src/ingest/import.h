/* import.h — CSV imports into the store: enterprises, platforms, monthly activity
 * and the factor library's data files. Each import is all-or-nothing: every bad
 * row is reported as "FILE:LINE: message" through the report callbacks, and when
 * there is any, nothing is stored. The CLI and the HTTP API share these. */
#ifndef GP_IMPORT_H
#define GP_IMPORT_H

#include <stddef.h>

#include "core/factors.h"
#include "ingest/csv.h"
#include "store/store.h"
#include "util/err.h"

/* Caps on what one file may hold. */
#define IMPORT_MAX_ACTIVITY_ROWS 20000000L
#define IMPORT_MAX_REGISTRY_ROWS 100000L

struct import_report {
	void (*error)(void *arg, const char *msg); /* one bad row or field */
	void (*note)(void *arg, const char *msg);  /* e.g. a sub-park created */
	/* called every few tens of thousands of rows; total_bytes is 0 for pipes */
	void (*progress)(void *arg, long long rows, size_t bytes, size_t total_bytes);
	void *arg;
	long errors; /* counted by the import */
	/* activity imports: when set, a row of any other enterprise is an error (an
	 * enterprise user uploading its own ledger) */
	const char *only_uscc;
};

struct import_result {
	long long rows;
	struct batch_stats stats; /* inserted / replaced (updated) / unchanged */
	int subparks_created;
	int64_t batch_id; /* activity imports */
};

/* Every importer has this shape, so the CLI and the demo keep tables of them. Each
 * returns GP_OK when the file was stored whole; GP_EINPUT when it had bad rows
 * (rep->errors of them were reported; nothing stored); another status with err set
 * when the store failed (nothing stored). lib is the factor library for importers
 * that convert units or name items, and is not read (may be NULL) by the others. */
typedef int (*import_fn)(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
			 const char *actor, struct import_report *rep, struct import_result *res,
			 struct gp_err *err);

int import_enterprises(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		       const char *actor, struct import_report *rep, struct import_result *res,
		       struct gp_err *err);
int import_platforms(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		     const char *actor, struct import_report *rep, struct import_result *res,
		     struct gp_err *err);
int import_activity(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		    const char *actor, struct import_report *rep, struct import_result *res,
		    struct gp_err *err);

/* Loads DIR/items.csv, DIR/grid_factors.csv and DIR/electricity_equivalent.csv
 * into the store in one transaction (rows of the same key are replaced), with one
 * audit row per file. counts[3] receives the rows of each file. */
int import_datafiles(struct store_handle *h, const char *dir, const char *actor,
		     struct import_report *rep, long counts[3], struct gp_err *err);

#endif
