/* cmd_registry.c — greenpark enterprises | subparks | platforms | park. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "report/evaluation.h"
#include "util/num.h"
#include "util/str.h"

/* ---- enterprises ---- */

static const struct table_col ent_cols[] = {
    {"uscc", "统一社会信用代码 USCC", 0, false},
    {"name", "企业名称 Name", 0, false},
    {"subpark", "子园区 Sub-park", 0, false},
    {"industry_code", "行业 Industry", 0, false},
    {"leading_industry", "主导产业 Leading", 0, false},
    {"high_tech", "高新 High-tech", 0, false},
    {"srdi", "专精特新 SRDI", 0, false},
    {"employees", "员工 Staff", -2, true},
    {"land_m2", "用地 Land m²", 0, true},
};

static int enterprises_run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"subpark", required_argument, NULL, 's'}, {"industry", required_argument, NULL, 'i'},
	    {"leading", required_argument, NULL, 'l'}, {"high-tech", required_argument, NULL, 'h'},
	    {"srdi", required_argument, NULL, 'r'},    {NULL, 0, NULL, 0},
	};
	struct enterprise_filter f = {NULL, NULL, -1, -1, -1};
	struct store_handle h;
	struct enterprise *list;
	struct enterprise_summary sum;
	struct gp_err err;
	struct table t;
	size_t n;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		enum leading_industry l;
		switch (opt) {
		case 's': f.subpark = optarg; break;
		case 'i': f.industry = optarg; break;
		case 'l':
			if (leading_industry_parse(optarg, &l, &err) != GP_OK)
				return cli_usage(&cmd_enterprises, "--leading: %s", err.msg);
			f.leading = (int)l;
			break;
		case 'h':
			if (!cli_parse_yesno(optarg, &f.high_tech))
				return cli_usage(&cmd_enterprises,
						 "--high-tech '%s' is not yes or no", optarg);
			break;
		case 'r':
			if (!cli_parse_yesno(optarg, &f.srdi))
				return cli_usage(&cmd_enterprises, "--srdi '%s' is not yes or no",
						 optarg);
			break;
		case ':': return cli_usage(&cmd_enterprises, "%s needs a value", argv[optind - 1]);
		default:
			return cli_usage(&cmd_enterprises, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_enterprises, "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	rc = h.ops->enterprise_list(h.st, &f, &list, &n, &err);
	store_close(&h);
	if (rc != GP_OK)
		return cli_fail(&err);
	enterprise_summarize(list, n, &sum);
	table_init(&t, ent_cols, 9);
	for (size_t i = 0; i < n; i++) {
		table_row(&t);
		table_str(&t, 0, list[i].uscc);
		table_str(&t, 1, list[i].name);
		table_str(&t, 2, list[i].subpark[0] ? list[i].subpark : NULL);
		table_str(&t, 3, list[i].industry_code);
		table_str(&t, 4,
			  c->format == FMT_TABLE ? leading_industry_name_zh(list[i].leading)
						 : leading_industry_name(list[i].leading));
		table_bool(&t, 5, list[i].high_tech);
		table_bool(&t, 6, list[i].srdi);
		table_num(&t, 7, (double)list[i].employees);
		table_num(&t, 8, list[i].land_m2);
	}
	if (c->format == FMT_JSON) {
		json_t *o = json_object(), *by = json_object();
		json_object_set_new(o, "count", json_integer((json_int_t)sum.count));
		json_object_set_new(o, "high_tech", json_integer((json_int_t)sum.high_tech));
		json_object_set_new(o, "high_tech_share", json_number_or_null(sum.high_tech_share));
		json_object_set_new(o, "srdi", json_integer((json_int_t)sum.srdi));
		json_object_set_new(o, "srdi_share", json_number_or_null(sum.srdi_share));
		for (int l = 0; l < LEADING_COUNT; l++)
			json_object_set_new(by, leading_industry_name((enum leading_industry)l),
					    json_integer((json_int_t)sum.by_leading[l]));
		json_object_set_new(o, "by_leading_industry", by);
		json_object_set_new(o, "employees", json_integer(sum.employees));
		json_object_set_new(o, "land_m2", json_real(sum.land_m2));
		json_object_set_new(o, "enterprises", table_json(&t));
		json_print(o, stdout);
		json_decref(o);
	} else {
		table_print(&t, c->format, NULL, stdout);
		if (c->format == FMT_TABLE) {
			printf("\n共 %zu 家企业 enterprises", sum.count);
			if (sum.count)
				printf(" · 高新技术企业 high-tech %zu (%.1f%%) · 专精特新 SRDI %zu "
				       "(%.1f%%)",
				       sum.high_tech, 100 * sum.high_tech_share, sum.srdi,
				       100 * sum.srdi_share);
			printf("\n");
			for (int l = 0; l < LEADING_COUNT && sum.count; l++)
				printf("  %s %s: %zu\n",
				       leading_industry_name_zh((enum leading_industry)l),
				       leading_industry_name((enum leading_industry)l),
				       sum.by_leading[l]);
		}
	}
	table_release(&t);
	free(list);
	return 0;
}

const struct command cmd_enterprises = {
    "enterprises", enterprises_run, "企业名录与统计 list enterprises with counts and shares",
    "usage: greenpark enterprises [--subpark NAME] [--industry CODE-PREFIX]\n"
    "                             [--leading "
    "new_energy_materials|new_tech_equipment|health_food|other]\n"
    "                             [--high-tech yes|no] [--srdi yes|no] [--format table|json|csv]\n"
    "\n"
    "Lists the enterprises that match every filter given, then their count, the number and\n"
    "share of high-tech (高新技术) and 专精特新 (SRDI) enterprises and the count by leading\n"
    "industry. --industry matches the start of the GB/T 4754 code (C38 matches C3841).\n"};

/* ---- sub-parks ---- */

static int subparks_run(struct cli *c, int argc, char **argv)
{
	static const struct table_col cols[] = {
	    {"name", "子园区 Sub-park", 0, false},
	    {"enterprises", "企业数 Enterprises", -2, true},
	};
	struct store_handle h;
	struct subpark *list;
	struct gp_err err;
	struct table t;
	size_t n;
	int rc;

	if (argc > 1)
		return cli_usage(&cmd_subparks, "unexpected argument '%s'", argv[1]);
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	rc = h.ops->subpark_list(h.st, &list, &n, &err);
	store_close(&h);
	if (rc != GP_OK)
		return cli_fail(&err);
	table_init(&t, cols, 2);
	for (size_t i = 0; i < n; i++) {
		table_row(&t);
		table_str(&t, 0, list[i].name);
		table_num(&t, 1, (double)list[i].enterprises);
	}
	table_print(&t, c->format, NULL, stdout);
	table_release(&t);
	free(list);
	return 0;
}

const struct command cmd_subparks = {
    "subparks", subparks_run, "子园区列表 list sub-parks",
    "usage: greenpark subparks [--format table|json|csv]\n"
    "\n"
    "Lists the park's sub-parks with their number of enterprises. Sub-parks are created by\n"
    "'greenpark import enterprises' when a file names one that does not exist yet.\n"};

/* ---- platforms ---- */

static int platforms_run(struct cli *c, int argc, char **argv)
{
	static const struct table_col cols[] = {
	    {"name", "平台名称 Platform", 0, false}, {"level", "级别 Level", 0, false},
	    {"kind", "类型 Kind", 0, false},         {"uscc", "依托企业 Enterprise", 0, false},
	    {"year", "认定年份 Year", -1, true},
	};
	struct store_handle h;
	struct platform *list;
	struct gp_err err;
	struct table t;
	size_t n, counts[LEVEL_COUNT][PLATFORM_KIND_COUNT] = {{0}};
	int rc;

	if (argc > 1)
		return cli_usage(&cmd_platforms, "unexpected argument '%s'", argv[1]);
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	rc = h.ops->platform_list(h.st, &list, &n, &err);
	store_close(&h);
	if (rc != GP_OK)
		return cli_fail(&err);
	table_init(&t, cols, 5);
	for (size_t i = 0; i < n; i++) {
		bool zh = c->format == FMT_TABLE;
		table_row(&t);
		table_str(&t, 0, list[i].name);
		table_str(&t, 1,
			  zh ? platform_level_name_zh(list[i].level)
			     : platform_level_name(list[i].level));
		table_str(&t, 2,
			  zh ? platform_kind_name_zh(list[i].kind)
			     : platform_kind_name(list[i].kind));
		table_str(&t, 3, list[i].uscc[0] ? list[i].uscc : NULL);
		table_num(&t, 4, list[i].year);
		counts[list[i].level][list[i].kind]++;
	}
	table_print(&t, c->format, NULL, stdout);
	if (c->format == FMT_TABLE) {
		printf("\n共 %zu 个平台 platforms", n);
		for (int l = 0; l < LEVEL_COUNT; l++)
			for (int k = 0; k < PLATFORM_KIND_COUNT; k++)
				if (counts[l][k])
					printf(" · %s%s %zu",
					       platform_level_name_zh((enum platform_level)l),
					       platform_kind_name_zh((enum platform_kind)k),
					       counts[l][k]);
		printf("\n");
	}
	table_release(&t);
	free(list);
	return 0;
}

const struct command cmd_platforms = {
    "platforms", platforms_run, "研发与创新平台 list R&D and innovation platforms",
    "usage: greenpark platforms [--format table|json|csv]\n"
    "\n"
    "Lists R&D (研发平台) and innovation (创新平台) platforms with level (national, provincial,\n"
    "municipal), the enterprise they belong to and the year recognised, then counts by\n"
    "level and kind. Import them with 'greenpark import platforms FILE'.\n"};

/* ---- park ---- */

static void print_park(const struct cli *c, const struct park *p)
{
	if (c->format == FMT_JSON) {
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(p->name));
		json_object_set_new(o, "region", json_string(p->region));
		json_object_set_new(o, "grid", json_string(p->grid));
		json_object_set_new(o, "land_km2", json_real(p->land_km2));
		json_object_set_new(o, "timezone", json_string(p->timezone));
		json_print(o, stdout);
		json_decref(o);
		return;
	}
	if (c->format == FMT_CSV) {
		printf("name,region,grid,land_km2,timezone\n\"%s\",\"%s\",%s,%.15g,%s\n", p->name,
		       p->region, p->grid, p->land_km2, p->timezone);
		return;
	}
	printf("园区名称 name:        %s\n", p->name);
	printf("所在地区 region:      %s\n", p->region[0] ? p->region : "—");
	printf("电网区域 grid:        %s %s\n", grid_region_name_zh(p->grid), p->grid);
	printf("工业用地 land:        %g km²\n", p->land_km2);
	printf("时区 time zone:       %s\n", p->timezone);
}

static int park_set(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"name", required_argument, NULL, 'n'},     {"region", required_argument, NULL, 'r'},
	    {"grid", required_argument, NULL, 'g'},     {"land-km2", required_argument, NULL, 'l'},
	    {"timezone", required_argument, NULL, 't'}, {NULL, 0, NULL, 0},
	};
	struct park p;
	struct gp_err err;
	int opt, changes = 0;

	if (h->ops->park_get(h->st, &p, &err) != GP_OK)
		return cli_fail(&err);
	optind = 1; /* argv[0] is "set" */
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		char path[256];
		struct stat sb;
		int off;
		changes++;
		switch (opt) {
		case 'n':
			if (name_check("--name", optarg, &err) != GP_OK)
				return cli_usage(&cmd_park, "%s", err.msg);
			str_copy(p.name, sizeof(p.name), optarg);
			break;
		case 'r':
			if (optarg[0] && name_check("--region", optarg, &err) != GP_OK)
				return cli_usage(&cmd_park, "%s", err.msg);
			str_copy(p.region, sizeof(p.region), optarg);
			break;
		case 'g':
			if (grid_region_check(optarg, &err) != GP_OK)
				return cli_usage(&cmd_park, "--%s", err.msg);
			str_copy(p.grid, sizeof(p.grid), optarg);
			break;
		case 'l':
			if (!num_parse_double(optarg, &p.land_km2) || p.land_km2 < 0 ||
			    p.land_km2 > 1e5)
				return cli_usage(
				    &cmd_park,
				    "--land-km2 '%s' is not an area in km² (0 to 100000)", optarg);
			break;
		case 't':
			if (timezone_check(optarg, &err) != GP_OK)
				return cli_usage(&cmd_park, "--timezone: %s", err.msg);
			if (!timezone_fixed_offset(optarg, &off))
				return cli_usage(
				    &cmd_park,
				    "--timezone '%s': meter readings' hours and days need a zone "
				    "without daylight saving: the zones of China (Asia/Shanghai), "
				    "UTC, or a fixed offset Etc/GMT-N (= UTC+N; docs/metering.md)",
				    optarg);
			/* where the system has a zone database, the zone must be in it */
			if (stat("/usr/share/zoneinfo", &sb) == 0 &&
			    str_fmt(path, sizeof(path), "/usr/share/zoneinfo/%s", optarg) &&
			    stat(path, &sb) != 0)
				return cli_usage(
				    &cmd_park,
				    "--timezone '%s' is not in the system's zone database", optarg);
			str_copy(p.timezone, sizeof(p.timezone), optarg);
			break;
		case ':': return cli_usage(&cmd_park, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_park, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_park, "unexpected argument '%s'", argv[optind]);
	if (!changes)
		return cli_usage(&cmd_park, "park set needs at least one of --name, --region, "
					    "--grid, --land-km2, --timezone");
	if (h->ops->park_update(h->st, &p, c->actor, &err) != GP_OK)
		return cli_fail(&err);
	print_park(c, &p);
	return 0;
}

/* greenpark park set-attribute --year Y CODE VALUE [--source TEXT]: a value an
 * indicator reads as attr(CODE); yes/no and complete/incomplete are 1/0. */
static int park_set_attribute(struct cli *c, struct store_handle *h, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"year", required_argument, NULL, 'y'},
	    {"source", required_argument, NULL, 's'},
	    {NULL, 0, NULL, 0},
	};
	const char *source = "", *code, *text;
	struct gp_err err;
	double value;
	int year = 0, opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'y':
			if (!cli_parse_year(optarg, &year))
				return cli_usage(&cmd_park,
						 "--year '%s' is not a year from 1990 to 2100",
						 optarg);
			break;
		case 's': source = optarg; break;
		case ':': return cli_usage(&cmd_park, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_park, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!year || optind != argc - 2)
		return cli_usage(&cmd_park, "set-attribute needs --year Y, CODE and VALUE");
	code = argv[optind];
	text = argv[optind + 1];
	if (strlen(source) > 500)
		return cli_usage(&cmd_park, "--source is longer than 500 bytes");
	if (strcmp(text, "yes") == 0 || strcmp(text, "是") == 0 || strcmp(text, "complete") == 0 ||
	    strcmp(text, "完善") == 0)
		value = 1;
	else if (strcmp(text, "no") == 0 || strcmp(text, "否") == 0 ||
		 strcmp(text, "incomplete") == 0 || strcmp(text, "不完善") == 0)
		value = 0;
	else if (!num_parse_double(text, &value))
		return cli_usage(&cmd_park,
				 "VALUE '%s' is not a number, yes/no or complete/incomplete", text);
	if (attribute_check(h, code, value, &err) != GP_OK)
		return err.status == GP_EINPUT ? cli_usage(&cmd_park, "%s", err.msg)
					       : cli_fail(&err);
	if (h->ops->attribute_set(h->st, year, code, value, source, c->actor, &err) != GP_OK)
		return cli_fail(&err);
	printf("已设置园区属性 attribute set: %d %s = %g\n", year, code, value);
	return 0;
}

static int park_run(struct cli *c, int argc, char **argv)
{
	struct store_handle h;
	struct park p;
	struct gp_err err;
	int rc;

	if (argc > 1 && strcmp(argv[1], "set") != 0 && strcmp(argv[1], "show") != 0 &&
	    strcmp(argv[1], "set-attribute") != 0)
		return cli_usage(&cmd_park,
				 "unknown action '%s' (expected show, set or set-attribute)",
				 argv[1]);
	if (argc > 2 && strcmp(argv[1], "show") == 0)
		return cli_usage(&cmd_park, "unexpected argument '%s'", argv[2]);
	if ((rc = cli_open(c, &h)) != 0)
		return rc;
	if (argc > 1 && strcmp(argv[1], "set-attribute") == 0) {
		rc = park_set_attribute(c, &h, argc - 1, argv + 1);
	} else if (argc > 1 && strcmp(argv[1], "set") == 0) {
		rc = park_set(c, &h, argc - 1, argv + 1);
	} else if ((rc = h.ops->park_get(h.st, &p, &err)) != GP_OK) {
		rc = cli_fail(&err);
	} else {
		print_park(c, &p);
	}
	store_close(&h);
	return rc;
}

const struct command cmd_park = {
    "park", park_run, "园区属性 show or set the park's attributes",
    "usage: greenpark park [show]\n"
    "       greenpark park set [--name NAME] [--region REGION] [--grid REGION]\n"
    "                          [--land-km2 AREA] [--timezone ZONE]\n"
    "\n"
    "A store has one park. --grid is the grid region whose average factor cn-enterprise\n"
    "uses: national, north (华北), northeast, east, central, northwest, south, southwest.\n"
    "--land-km2 is the industrial land area in km²; --timezone an IANA zone (Asia/Shanghai).\n"
    "\n"
    "       greenpark park set-attribute --year Y CODE VALUE [--source TEXT]\n"
    "sets a yearly park attribute that an indicator reads (attr(CODE) in data/indicators/),\n"
    "e.g. IG1 yes (central wastewater treatment), GG5 86.3 (% of good air-quality days);\n"
    "yes/no and complete/incomplete are stored as 1/0. Every change is audited.\n"};
