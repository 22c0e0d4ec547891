/* cmd_import.c — greenpark import enterprises|platforms|activity FILE. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ingest/import.h"
/* the modules' importers */
#include "ingest/import_alarms.h"
#include "ingest/import_desk.h"
#include "ingest/import_finance.h"
#include "ingest/import_meters.h"
#include "ingest/import_modbus.h"
#include "ingest/import_projects.h"
#include "ingest/import_readings.h"
#include "ingest/import_roofs.h"

#include "util/str.h"

struct import_ui {
	bool progress;
	bool shown;
};

static void print_error(void *arg, const char *msg)
{
	struct import_ui *ui = arg;
	if (ui->shown) {
		fputs("\r\033[K", stderr);
		ui->shown = false;
	}
	fprintf(stderr, "%s\n", msg);
}

static void print_note(void *arg, const char *msg)
{
	(void)arg;
	printf("%s\n", msg);
}

static void print_progress(void *arg, long long rows, size_t bytes, size_t total)
{
	struct import_ui *ui = arg;
	if (!ui->progress)
		return;
	if (total)
		fprintf(stderr, "\r导入中 importing… %3.0f%%  %lld rows",
			100.0 * (double)bytes / (double)total, rows);
	else
		fprintf(stderr, "\r导入中 importing… %lld rows", rows);
	ui->shown = true;
}

/* What can be imported: one row per file kind. */
struct import_kind {
	const char *name;
	import_fn run;
	bool needs_factors;
	bool batch; /* a ledger batch: report new/replaced/unchanged rows and the batch */
};

static const struct import_kind kinds[] = {
    {"enterprises", import_enterprises, false, false},
    {"platforms", import_platforms, false, false},
    {"activity", import_activity, true, true},

    /* meters and their readings (ingest/import_meters.c, import_readings.c) */
    {"meters", import_meters, true, false},
    {"readings", import_readings, false, false},
    {"modbus-map", import_modbus_map, false, false},
    {"alarm-rules", import_alarm_rules, false, false},

    /* the energy planner's rooftop census (ingest/import_roofs.c) */
    {"roofs", import_roofs, false, false},

    /* investment pipeline (ingest/import_projects.c) */
    {"projects", import_projects, true, false},
    {"project-stages", import_project_stages, true, false},
    {"screen-rules", import_screen_rules, false, false},

    /* service desk (ingest/import_desk.c) */
    {"assignments", import_desk_assignments, false, false},
    {"tickets", import_desk_tickets, false, false},

    /* green-finance ledger (ingest/import_finance.c) */
    {"credits", import_credits, false, false},
    {"loans", import_loans, false, false},

};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static int run(struct cli *c, int argc, char **argv)
{
	struct store_handle h;
	struct import_ui ui = {isatty(2) != 0, false};
	struct import_report rep = {print_error, print_note, print_progress, &ui, 0, NULL};
	struct import_result res;
	struct csv_reader *r;
	struct factor_lib lib;
	const struct import_kind *k = NULL;
	struct gp_err err;
	const char *file;
	char names[256] = "";
	int rc;

	if (argc < 3)
		return cli_usage(&cmd_import, "expected WHAT and FILE");
	if (argc > 3)
		return cli_usage(&cmd_import, "unexpected argument '%s'", argv[3]);
	file = argv[2];
	for (size_t i = 0; i < NKINDS; i++) {
		if (strcmp(argv[1], kinds[i].name) == 0)
			k = &kinds[i];
		str_fmt(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			i ? (i + 1 == NKINDS ? " or " : ", ") : "", kinds[i].name);
	}
	if (!k)
		return cli_usage(&cmd_import, "cannot import '%s' (expected %s)", argv[1], names);
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	if (csv_open_file(&r, file, &err) != GP_OK) {
		store_close(&h);
		return cli_fail(&err);
	}
	if (!k->needs_factors) {
		rc = k->run(&h, NULL, r, c->actor, &rep, &res, &err);
	} else if ((rc = h.ops->factors_load(h.st, &lib, &err)) == GP_OK) {
		rc = k->run(&h, &lib, r, c->actor, &rep, &res, &err);
		factors_release(&lib);
	}
	if (ui.shown)
		fputs("\r\033[K", stderr);
	csv_close(r);
	store_close(&h);
	if (rc == GP_EINPUT && rep.errors) {
		fprintf(stderr,
			"greenpark: %s rejected: %ld error%s; nothing was stored "
			"(导入被拒绝，未写入任何数据)\n",
			file, rep.errors, rep.errors == 1 ? "" : "s");
		return EXIT_FAIL;
	}
	if (rc != GP_OK)
		return cli_fail(&err);
	if (k->batch)
		printf("已导入 imported %s: %lld rows (%lld new, %lld replaced, %lld unchanged), "
		       "batch %lld\n",
		       file, res.rows, res.stats.inserted, res.stats.replaced, res.stats.unchanged,
		       (long long)res.batch_id);
	else
		printf("已导入 imported %s: %lld %s (%lld new, %lld updated, %lld unchanged)\n",
		       file, res.rows, k->name, res.stats.inserted, res.stats.replaced,
		       res.stats.unchanged);
	return 0;
}

const struct command cmd_import = {
    "import", run, "导入 CSV 数据 import enterprises, platforms, activity and the modules' files",
    "usage: greenpark import enterprises|platforms|activity FILE\n"
    "\n"
    "Imports a UTF-8 CSV file (with or without BOM, LF or CRLF; FILE '-' reads stdin).\n"
    "All or nothing: one bad row rejects the file, nothing is stored, and every bad row is\n"
    "reported on stderr as FILE:LINE: message; the exit status is then 1.\n"
    "导入全有或全无：任一行有误则整文件拒绝，不写入任何数据，并逐行报告错误。\n"
    "\n"
    "enterprises  header "
    "uscc,name,subpark,industry_code,leading_industry,high_tech,srdi,employees,land_m2\n"
    "             uscc: 18-character 统一社会信用代码 (GB 32100-2015 check character);\n"
    "             leading_industry: new_energy_materials | new_tech_equipment | health_food | "
    "other;\n"
    "             high_tech, srdi (专精特新): 1/0, true/false, 是/否. Sub-parks named are "
    "created;\n"
    "             an existing uscc is updated (audited).\n"
    "platforms    header name,level,kind,uscc,year\n"
    "             level: national | provincial | municipal; kind: rd (研发平台) | innovation "
    "(创新平台);\n"
    "             uscc: the enterprise, or empty for a park-level platform.\n"
    "activity     header uscc,period,item,quantity,unit\n"
    "             period YYYY-MM; item a code of data/items.csv; unit its canonical or an\n"
    "             alternative unit (万 = 10^4, 亿 = 10^8), converted on import. Re-importing the\n"
    "             same (uscc, period, item) replaces the value; the replacement is audited.\n"
    /* meters */
    "meters       header code,uscc,item,unit,kind,interval_s,multiplier,rollover,parent,\n"
    "             formula: the meter registry, as 'greenpark meter add' takes it (empty:\n"
    "             the default; a master or a formula's terms on an earlier line or stored\n"
    "             already). A stored meter is never changed: an identical line is left\n"
    "             as it is, a different one refused (docs/metering.md).\n"
    "readings     CSV with header meter,ts,value (ts RFC 3339 with an offset, or Unix\n"
    "             seconds) or InfluxDB line protocol: <measurement>,meter=<CODE> value=<float>\n"
    "             <unix-ns> (other tags and fields ignored). A point of the same meter and\n"
    "             time replaces the stored one; rollups are recomputed (docs/metering.md).\n"
    "modbus-map   header meter,host,port,unit,kind,address,type,word_order,scale,interval_s\n"
    "             the Modbus TCP register of each meter (docs/metering.md, Modbus).\n"
    "alarm-rules  header kind,meter,severity,high,low,limit,stale_s,pct,period,min_value,note\n"
    "             meter alarm rules, as 'greenpark alarm rule add' takes them (empty: not\n"
    "             set; meter empty: every meter, for stale and imbalance). A row identical\n"
    "             to a stored rule is left unchanged (docs/alarms.md).\n"
    /* the energy planner */
    "roofs        header uscc,roof,area_m2,tilt_deg,azimuth_deg,usable_share,kwp_per_m2,\n"
    "             installed_kwp: each enterprise's roofs for the rooftop census (屋顶普查;\n"
    "             azimuth eastward from north, 180 faces south; kwp_per_m2 empty: 0.2;\n"
    "             installed_kwp empty: 0). A roof of the same enterprise and name is\n"
    "             replaced (docs/planning.md).\n"
    /* investment pipeline */
    "projects     header code,name,investor,uscc,industry_code,leading_industry,subpark,\n"
    "             investment_wan_yuan,output_wan_yuan,tax_wan_yuan,land_mu,land_m2,high_tech,\n"
    "             talent,lead,members,department,energy,so2_t,nox_t,voc_t,pm_t,cod_t,nh3n_t,\n"
    "             key_list,stage,stage_date,note (招商项目; docs/projects.md). energy lists\n"
    "             item:quantity [unit] separated by ';', e.g. electricity_grid:1200 万kWh;\n"
    "             natural_gas:80 万m3. A new code enters the pipeline at stage on stage_date;\n"
    "             an existing code is updated (its stage changes only by moves).\n"
    "project-stages header project,stage,date,reason,override: moves applied in order, each\n"
    "             checked like 'greenpark project move' (a move into 签约 is screened; a veto\n"
    "             rejects the file).\n"
    "screen-rules header code,kind,param,threshold,mandatory,name,source: replaces the\n"
    "             screening gate's rules (环保一票否决; docs/projects.md lists the kinds).\n"
    /* service desk */
    "assignments  header kind,department,staff,target   包保 assignments (service desk)\n"
    "             kind industry (部门包产业): target an industry-code prefix (C38 owns C3841),\n"
    "             staff empty; kind enterprise (员工包企业): target a registered USCC, staff\n"
    "             required, department the staff member's. An existing prefix or enterprise\n"
    "             is reassigned (audited).\n"
    "tickets      header uscc,category,title,description,priority,opened,deadline,status,\n"
    "             resolved,resolution,attachments   ticket history (企业诉求)\n"
    "             category land | funding | labour | technology | approvals | utilities |\n"
    "             other; priority low | normal | high | urgent (empty: normal); dates\n"
    "             YYYY-MM-DD (deadline may be empty); status open | in_progress | resolved |\n"
    "             confirmed | reopened; resolved and confirmed need the resolved date and\n"
    "             the resolution. Routed on insert by the stored assignments; a row already\n"
    "             imported (same uscc, opened, category, title) is left unchanged.\n"
    /* green-finance ledger */
    "credits      header bank,ref,uscc,amount_wan_yuan,granted,expires,purpose,project,note\n"
    "             授信: bank the bank's name (created when new); ref the contract number, one\n"
    "             per bank (re-importing a bank's ref updates it, audited); uscc a registered\n"
    "             enterprise; amount_wan_yuan in 万元 (> 0, at most 6 decimals); dates\n"
    "             YYYY-MM-DD, expires after granted; purpose energy_saving | clean_production |\n"
    "             clean_energy | ecology | green_infrastructure | green_services (绿色产业指导\n"
    "             目录 2019) | general (一般用途); project empty or a pipeline project code.\n"
    "loans        header bank,ref,uscc,amount_wan_yuan,disbursed,maturity,rate_pct,term_months,\n"
    "             purpose,project,note\n"
    "             贷款: as credits, maturity after disbursed; rate_pct the annual rate in % from\n"
    "             0 to 36; term_months 1-600.\n"};
