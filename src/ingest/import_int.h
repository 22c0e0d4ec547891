/* import_int.h — what the importers share (import.c and one import_<module>.c per
 * module): FILE:LINE error reporting, the header check, the record loop and the
 * enterprise id map. Private to src/ingest. */
#ifndef GP_IMPORT_INT_H
#define GP_IMPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "ingest/import.h"
#include "util/map.h"

#define IMPORT_PROGRESS_EVERY 65536

/* Counts an error and reports "FILE:LINE: message" (line 0: "FILE: message"). */
void import_line_error(struct import_report *rep, const struct csv_reader *r, long line,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The same with e's message (which has no file prefix). */
void import_line_err(struct import_report *rep, const struct csv_reader *r, long line,
		     const struct gp_err *e);
/* A note for the person importing (e.g. a sub-park created). */
void import_note(struct import_report *rep, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reads the header record and checks it against the expected column names (trimmed,
 * case-insensitive), reporting the difference. True when it matches. */
bool import_read_header(struct csv_reader *r, struct import_report *rep, const char *const *cols,
			size_t ncols);

/* The next data record with its fields trimmed; reports malformed records and a wrong
 * field count and keeps going. CSV_ROW, CSV_EOF or CSV_FATAL (err set). */
enum csv_result import_next_row(struct csv_reader *r, struct csv_record *rec, size_t ncols,
				struct import_report *rep, struct gp_err *err);

/* USCC → enterprise id of every registered enterprise into m (initialised by the caller). */
int import_enterprise_ids(struct store_handle *h, struct strmap *m, struct gp_err *err);

/* Writes rows (nrows validated records of elem bytes each) in one transaction: put
 * stores one row and says what it did; the counts go to res->stats and res->rows.
 * On any failure everything is rolled back, res's counts are zeroed and put's status
 * is returned (err set). */
typedef int (*import_put_fn)(struct store_handle *h, const void *row, const char *actor,
			     enum put_result *pr, void *arg, struct gp_err *err);
int import_store_rows(struct store_handle *h, const void *rows, size_t nrows, size_t elem,
		      import_put_fn put, void *arg, const char *actor, struct import_result *res,
		      struct gp_err *err);

/* The end of an import validated whole: the reader's fatal error (cr CSV_FATAL; err holds
 * it), GP_EINPUT when rep counted bad rows, else the rows written by import_store_rows. */
int import_finish(struct store_handle *h, enum csv_result cr, const struct import_report *rep,
		  const void *rows, size_t nrows, size_t elem, import_put_fn put, void *arg,
		  const char *actor, struct import_result *res, struct gp_err *err);

#endif
