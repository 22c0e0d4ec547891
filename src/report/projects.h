/* projects.h — the investment pipeline's workflows over the store: what a project would
 * consume and emit (the park's accounting method on its expected energy), screening it
 * at the gate, moving it between stages (the gate first when the move reaches 签约), and
 * the pipeline's summary (stages, conversion, time in stage, vetoes, and the effect on
 * the park if every project from 签约 on is built). Shared by the CLI, the imports and
 * the API, so a move is the same wherever it is made. */
#ifndef GP_REPORT_PROJECTS_H
#define GP_REPORT_PROJECTS_H

#include <jansson.h>
#include <stdbool.h>

#include "core/account.h"
#include "core/pipeline.h"
#include "report/xlsx_list.h"
#include "store/store.h"
#include "store/store_projects.h"

/* A project as JSON: every field, energy as {item: quantity}, stage with its Chinese
 * name, days in the current stage to today. */
json_t *project_to_json(const struct project *p, long today);

/* The project's expected yearly account under method for year (factors fall back to
 * earlier years as accounts do): fills energy_tce, energy_tce_equivalent and co2_t of
 * in. Errors: GP_EINPUT for an energy item the library does not know, GP_EFACTOR. */
int project_account(const struct factor_lib *lib, const struct project *p, int year,
		    enum account_method method, const char *grid, struct screen_inputs *in,
		    struct gp_err *err);

/* Everything the gate looks at for p: its own account (method for its CO2) and the
 * park's zcp2025 t CO2/tce in the latest ledger year before and with p added. */
int project_screen_inputs(struct store_handle *h, const struct factor_lib *lib,
			  const struct project *p, enum account_method method,
			  struct screen_inputs *in, struct gp_err *err);

/* Screens p against the stored rules without recording anything: *out receives
 * {"project", "vetoed", "failed_mandatory", "failed_advisory", "inputs", "results"}.
 * vetoed (may be NULL) receives the verdict. */
int project_screen(struct store_handle *h, const struct factor_lib *lib, const struct project *p,
		   enum account_method method, json_t **out, bool *vetoed, struct gp_err *err);

struct move_request {
	const char *code;
	enum stage to;
	const char *on_date; /* YYYY-MM-DD; NULL: today */
	const char *reason;
	bool override;
	bool admin; /* the actor may override */
	enum account_method method;
	const char *actor;
};

/* Moves a project. Checks the move (core/pipeline.c), and when it reaches 签约 from
 * before, screens it and keeps the decision whatever it is; a veto refuses the move
 * with GP_ECONFLICT naming every failed mandatory rule (the decision is still kept).
 * The date may not be before the project's current stage began. *decision (may be
 * NULL) receives the screening as project_screen's object, or NULL when none ran. */
int project_move(struct store_handle *h, const struct factor_lib *lib, const struct move_request *m,
		 json_t **decision, struct gp_err *err);

/* Sorts list by key (code, name, investment_wan_yuan, output_wan_yuan, stage,
 * days_in_stage; a leading '-' for descending; ties by code). GP_EINPUT naming the keys. */
int projects_sort(struct project *list, size_t n, const char *key, struct gp_err *err);

/* The project of code with its history: project_to_json plus "events" (every stage it
 * entered: from, to, date, actor, reason, override, decision) and "decisions" (its
 * screenings, newest first). GP_ENOTFOUND naming the code. */
int project_detail(struct store_handle *h, const char *code, json_t **out, struct gp_err *err);

/* A screening decision as JSON: {id, project, name, at, actor, to, vetoed, failed (the
 * failed mandatory rules as one line), inputs, results}. */
json_t *decision_to_json(const struct screen_decision_row *d);

/* The columns of the project list and of the veto report as workbooks (rows are
 * project_to_json and decision_to_json objects). */
extern const struct xlsx_col project_xlsx_cols[];
extern const size_t project_xlsx_ncols;
extern const struct xlsx_col veto_xlsx_cols[];
extern const size_t veto_xlsx_ncols;

/* The pipeline's summary: {"by_stage": {code: count}, "vetoed", "projects", "totals"
 * by stage (investment, output, tax, land), "conversion", "stage_days", "effect"}; see
 * docs/projects.md. */
int projects_summary(struct store_handle *h, const struct factor_lib *lib,
		     enum account_method method, json_t **out, struct gp_err *err);

#endif
