/* import_desk.h — the service desk's CSV imports (import_fn, listed in cmd_import.c):
 *   assignments  kind,department,staff,target   包保 assignments: kind industry (target an
 *                industry-code prefix, staff empty) or enterprise (target a USCC, staff
 *                required); an existing prefix or enterprise is reassigned.
 *   tickets      uscc,category,title,description,priority,opened,deadline,status,resolved,
 *                resolution,attachments   ticket history, routed on insert by the stored
 *                assignments; a row already imported (same uscc, opened, category and
 *                title) is left as it is.
 * All or nothing: every bad row is reported as FILE:LINE: message naming the field and the
 * expected form, and nothing is stored when there is any. */
#ifndef GP_IMPORT_DESK_H
#define GP_IMPORT_DESK_H

#include "ingest/import.h"

#define IMPORT_MAX_TICKET_ROWS  100000L
#define IMPORT_MAX_TICKET_BYTES (64L << 20) /* the texts of one tickets file, held in memory */

int import_desk_assignments(struct store_handle *h, const struct factor_lib *lib,
			    struct csv_reader *r, const char *actor, struct import_report *rep,
			    struct import_result *res, struct gp_err *err);
int import_desk_tickets(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
			const char *actor, struct import_report *rep, struct import_result *res,
			struct gp_err *err);

#endif
