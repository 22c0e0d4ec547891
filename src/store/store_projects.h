/* store_projects.h — the investment pipeline's storage operations (0005_projects.sql):
 * projects with their expected energy, stage events, screening rules and decisions.
 * Reached as h->ops->projects. Every write is audited in its own transaction or the
 * caller's; the store checks no pipeline rule (core/pipeline.c does). */
#ifndef GP_STORE_PROJECTS_H
#define GP_STORE_PROJECTS_H

#include "core/pipeline.h"
#include "store/store.h"

struct project_filter {
	int stage;           /* enum stage, or -1 for any */
	const char *subpark; /* exact name, or NULL */
};

/* One stage a project entered (project_event). */
struct project_event_row {
	int64_t id;
	int64_t project_id;
	char code[PROJECT_CODE_MAX + 1];
	int from; /* enum stage, or -1: entered the pipeline */
	enum stage to;
	char on_date[11]; /* YYYY-MM-DD */
	char actor[96];
	char reason[PROJECT_TEXT_MAX + 1];
	bool override;
	int64_t decision_id; /* the screening that let it through; 0 none */
	char at[32];         /* when recorded, UTC */
};

/* One screening (screen_decision). inputs_json and results_json are owned by the list
 * (screen_decisions_free). */
struct screen_decision_row {
	int64_t id;
	int64_t project_id;
	char code[PROJECT_CODE_MAX + 1];
	char name[PROJECT_TEXT_MAX + 1];
	char at[32];
	char actor[96];
	enum stage to;
	bool vetoed;
	char *inputs_json;
	char *results_json;
};

struct projects_store_ops {
	/* Inserts a project (entering the pipeline at p->stage on p->stage_since, which is
	 * recorded as its first event) or updates the project of the same code (every field
	 * but the stage, which only project_move changes); replaces its energy rows. The
	 * sub-park (by name) and the investor enterprise (by USCC) must exist when given.
	 * Audited with before and after. GP_EINPUT for an energy item the library does not
	 * know; GP_ENOTFOUND for a missing sub-park or enterprise. */
	int (*project_upsert)(struct store *st, const struct project *p, const char *actor,
			      int64_t *id, enum put_result *res, struct gp_err *err);
	/* The project of code with its energy; GP_ENOTFOUND naming the code. */
	int (*project_find)(struct store *st, const char *code, struct project *out,
			    struct gp_err *err);
	/* Projects matching f in code order, each with its energy. The caller frees *out. */
	int (*project_list)(struct store *st, const struct project_filter *f, struct project **out,
			    size_t *n, struct gp_err *err);
	/* Moves a project: sets its stage (entered on on_date), the furthest stage reached
	 * and, for 终止, the reason; records the event (decision_id 0: none) and audits. */
	int (*project_move)(struct store *st, int64_t project_id, enum stage to,
			    const char *on_date, const char *reason, bool override,
			    int64_t decision_id, const char *actor, struct gp_err *err);
	/* The events of one project (project_id) or of all (0), by project then order. The
	 * caller frees *out. */
	int (*events)(struct store *st, int64_t project_id, struct project_event_row **out,
		      size_t *n, struct gp_err *err);

	/* Replaces the whole rule set (audited: before and after). */
	int (*rules_replace)(struct store *st, const struct screen_rule *rules, size_t n,
			     const char *actor, struct gp_err *err);
	/* The rule set in its order. The caller frees *out. */
	int (*rules_list)(struct store *st, struct screen_rule **out, size_t *n,
			  struct gp_err *err);

	/* Keeps one screening with its inputs and results (JSON texts). Audited. */
	int (*decision_add)(struct store *st, int64_t project_id, enum stage to, bool vetoed,
			    const char *inputs_json, const char *results_json, const char *actor,
			    int64_t *id, struct gp_err *err);
	/* Counts of the screenings: all, vetoed, and the projects whose latest screening
	 * vetoed. */
	int (*decision_counts)(struct store *st, size_t *screenings, size_t *vetoed_decisions,
			       size_t *vetoed_projects, struct gp_err *err);
	/* Screenings of one project (project_id) or all (0), newest first; vetoed_only keeps
	 * the vetoes. Free with screen_decisions_free. */
	int (*decisions)(struct store *st, int64_t project_id, bool vetoed_only,
			 struct screen_decision_row **out, size_t *n, struct gp_err *err);
};

void screen_decisions_free(struct screen_decision_row *list, size_t n);

extern const struct projects_store_ops store_sqlite_projects_ops;

#endif
