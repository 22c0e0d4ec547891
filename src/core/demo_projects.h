/* demo_projects.h — the demo park's investment pipeline (DESIGN.md "Demo park"): the
 * screening rules, projects in every stage of 储备 … 投产 and 终止, with the 3
 * infrastructure projects of the 2022 provincial key list, and their stage history, as
 * CSV texts in exactly the format 'greenpark import screen-rules|projects|
 * project-stages' reads; plus the projects that try 签约 and are vetoed by the gate
 * (环保一票否决), which the demo moves by hand so the gate records its decisions. Every
 * name ends with （示例）: the projects are sample data, modelled on the kinds of
 * project such a park pursues. Pure: the same seed gives the same bytes. */
#ifndef GP_DEMO_PROJECTS_H
#define GP_DEMO_PROJECTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/pipeline.h"
#include "core/registry.h"
#include "util/err.h"
#include "util/str.h"

#define DEMO_KEY_LIST          "2022年山东省重点项目（基础设施）"
#define DEMO_KEY_LIST_PROJECTS 3
#define DEMO_VETOED_MAX        4

/* A project the demo moves toward 签约 after the files are imported; the gate vetoes it.
 * terminate_date "" leaves it at 在谈 (being reworked), else it is terminated then. */
struct demo_veto {
	char code[PROJECT_CODE_MAX + 1];
	char date[11];
	char terminate_date[11];
	char reason[PROJECT_TEXT_MAX + 1];
};

/* A project whose investor is an enterprise of the park. */
struct demo_invested {
	char code[PROJECT_CODE_MAX + 1];
	char uscc[USCC_LEN + 1];
};
#define DEMO_INVESTED_MAX 8

struct demo_projects {
	struct buf rules_csv;    /* code,kind,param,threshold,mandatory,name,source */
	struct buf projects_csv; /* the 28 columns of import_projects */
	struct buf stages_csv;   /* project,stage,date,reason,override */
	size_t rules, projects, moves;
	struct demo_veto vetoes[DEMO_VETOED_MAX];
	size_t nvetoes;
	struct demo_invested invested[DEMO_INVESTED_MAX];
	size_t ninvested;
};

/* Generates the pipeline for seed. ents (the registry as stored; may be empty) lends
 * the sub-park names and the investors that are park enterprises. GP_ETOOBIG if a text
 * passes its cap. On success release with demo_projects_release. */
int demo_projects_generate(uint64_t seed, const struct enterprise *ents, size_t nents,
			   struct demo_projects *out, struct gp_err *err);
void demo_projects_release(struct demo_projects *d);

#endif
