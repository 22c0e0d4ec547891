/* cmd_report.c — greenpark report: the park's yearly report as an Excel workbook
 * (report/xlsx.c gathers and writes it; this file only parses options). */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/xlsx.h"

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"year", required_argument, NULL, 'y'},
	    {"xlsx", required_argument, NULL, 'x'},
	    {"method", required_argument, NULL, 'm'},
	    {NULL, 0, NULL, 0},
	};
	enum account_method method = METHOD_ZCP2025;
	const char *xlsx = NULL;
	struct store_handle h;
	struct factor_lib lib;
	struct report rep;
	struct gp_err err;
	int year = 0, opt, rc;

	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'y':
			if (!cli_parse_year(optarg, &year))
				return cli_usage(&cmd_report,
						 "--year '%s' is not a year from 1990 to 2100",
						 optarg);
			break;
		case 'x': xlsx = optarg; break;
		case 'm':
			if (account_method_parse(optarg, &method) != GP_OK)
				return cli_usage(
				    &cmd_report,
				    "--method '%s' is not zcp2025, cn-enterprise or cn-market",
				    optarg);
			break;
		case ':': return cli_usage(&cmd_report, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_report, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_report, "unexpected argument '%s'", argv[optind]);
	if (!year || !xlsx || !*xlsx)
		return cli_usage(&cmd_report, "--year and --xlsx are required");
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	if (h.ops->factors_load(h.st, &lib, &err) != GP_OK) {
		store_close(&h);
		return cli_fail(&err);
	}
	rc = report_gather(&h, &lib, year, method, &rep, &err);
	store_close(&h);
	if (rc == GP_OK) {
		rc = report_write_xlsx(&rep, xlsx, &err);
		if (rc != GP_OK)
			unlink(xlsx); /* no half-written workbook left behind */
		else
			printf("%s: %d, %s, %zu enterprises, %zu sub-parks, %zu factors\n", xlsx,
			       year, account_method_name(method), rep.nents, rep.nsubs,
			       rep.nfactors);
		report_release(&rep);
	}
	factors_release(&lib);
	return rc == GP_OK ? 0 : cli_fail(&err);
}

const struct command cmd_report = {
    "report", run, "园区报告 the park's yearly report as an Excel workbook",
    "usage: greenpark report --year Y --xlsx FILE [--method zcp2025|cn-enterprise|cn-market]\n"
    "\n"
    "Writes the park's report for the year as an .xlsx workbook (FILE is created or\n"
    "replaced). Sheets:\n"
    "  汇总 Summary            the park, counts and shares, energy, CO2 by source,\n"
    "                          intensities, clean and renewable shares, indicator totals\n"
    "  零碳园区指标 zcp2025    every indicator: value, target, pass, gap, missing data\n"
    "  绿色园区指标 miit2016   the same for the green-park set\n"
    "  企业 Enterprises        per enterprise: energy by carrier, CO2 by source,\n"
    "                          intensities, water, solid waste\n"
    "  子园区 Sub-parks        the same totals per sub-park\n"
    "  月度 Monthly            the park's energy and CO2 month by month, with a chart\n"
    "  排放构成 CO2 by source  shares of the park's CO2, with a pie chart\n"
    "  因子 Factors            every factor used, with its year, source and confidence\n"
    "Accounts use --method (default zcp2025); each indicator uses its set's own method.\n"
    "Cells hold full-precision numbers; the number formats round for display.\n"
    "按年度生成园区报告（Excel "
    "工作簿）：汇总、指标评价、企业、子园区、月度、排放构成与所用因子。\n"};
