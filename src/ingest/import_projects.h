/* import_projects.h — the investment pipeline's CSV files (docs/projects.md):
 *  projects        code,name,investor,uscc,industry_code,leading_industry,subpark,
 *                  investment_wan_yuan,output_wan_yuan,tax_wan_yuan,land_mu,land_m2,
 *                  high_tech,talent,lead,members,department,energy,so2_t,nox_t,voc_t,
 *                  pm_t,cod_t,nh3n_t,key_list,stage,stage_date,note
 *  project-stages  project,stage,date,reason,override   (moves, applied in order)
 *  screen-rules    code,kind,param,threshold,mandatory,name,source (replaces the set)
 * Each is an import_fn (ingest/import.h): all or nothing, FILE:LINE errors. */
#ifndef GP_IMPORT_PROJECTS_H
#define GP_IMPORT_PROJECTS_H

#include "ingest/import.h"

int import_projects(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		    const char *actor, struct import_report *rep, struct import_result *res,
		    struct gp_err *err);
int import_project_stages(struct store_handle *h, const struct factor_lib *lib,
			  struct csv_reader *r, const char *actor, struct import_report *rep,
			  struct import_result *res, struct gp_err *err);
int import_screen_rules(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
			const char *actor, struct import_report *rep, struct import_result *res,
			struct gp_err *err);

#endif
