/* demo_projects.c — the demo pipeline. The project list (kinds, industries, stages) is
 * fixed; investment, output, energy, pollutants and dates vary with the seed within the
 * ranges written next to each template. Assumptions, all sample data:
 *  - output value 1.2-2.0 × investment a year once producing; tax 4-8 % of output;
 *    land at 250-450 万元 of investment per 亩 (Shandong's 2022 guidance for
 *    provincial parks asks ≥ 300 万元/亩 of investment intensity);
 *  - grid electricity 0.01-0.045 万kWh and natural gas 0.0002-0.001 万m³ per 万元 of
 *    output, so clean projects pass the demo gate's 0.5 tce/万元 (等价值);
 *  - the vetoed projects are coal-based (coking, a captive coal plant, a foundry) and
 *    fail the rules they would fail in such a park;
 *  - stages are entered 25-150 days apart, the last move by 2024-11-30 (the demo
 *    ledger ends in 2024). */
#include "core/demo_projects.h"

#include <string.h>

#include "core/period.h"
#include "util/rng.h"

#define DEMO_TEXT_MAX (1u << 20)
#define SUFFIX        "（示例）"

struct tmpl {
	const char *name;
	const char *industry; /* GB/T 4754-2017 */
	enum leading_industry leading;
	enum stage target;           /* where it stands at the end of 2024 */
	double invest_lo, invest_hi; /* 万元 */
	bool infra;                  /* a key-list infrastructure project: no output */
	bool high_tech;
	const char *talent;
	const char *department;
	const char *why_terminated; /* STAGE_TERMINATED without a veto */
};

static const struct tmpl clean[] = {
    /* the 2022 provincial key list: infrastructure */
    {"园区污水处理厂扩容提标工程", "D4620", LEADING_OTHER, STAGE_PRODUCING, 18000, 26000, true,
     false, "", "园区建设管理局", NULL},
    {"园区集中供热管网及换热站工程", "D4430", LEADING_OTHER, STAGE_BUILDING, 22000, 32000, true,
     false, "", "园区建设管理局", NULL},
    {"园区道路及综合管廊工程", "E4813", LEADING_OTHER, STAGE_BUILDING, 35000, 52000, true, false,
     "", "园区建设管理局", NULL},
    /* industry */
    {"锂离子电池隔膜项目", "C2922", LEADING_NEW_ENERGY_MATERIALS, STAGE_PRODUCING, 40000, 70000,
     false, true, "新材料博士团队", "招商服务局", NULL},
    {"动力电池模组项目", "C3841", LEADING_NEW_ENERGY_MATERIALS, STAGE_BUILDING, 60000, 90000, false,
     true, "泰山产业领军人才", "招商服务局", NULL},
    {"光伏组件项目", "C3825", LEADING_NEW_ENERGY_MATERIALS, STAGE_STARTED, 30000, 50000, false,
     true, "", "招商服务局", NULL},
    {"绿色包装材料项目", "C2231", LEADING_NEW_ENERGY_MATERIALS, STAGE_PRODUCING, 12000, 20000,
     false, false, "", "经济发展局", NULL},
    {"高性能复合材料项目", "C3062", LEADING_NEW_ENERGY_MATERIALS, STAGE_LANDED, 15000, 25000, false,
     true, "省级技术创新中心团队", "科技创新局", NULL},
    {"新能源汽车零部件项目", "C3670", LEADING_NEW_TECH_EQUIPMENT, STAGE_PRODUCING, 25000, 40000,
     false, true, "", "招商服务局", NULL},
    {"工业机器人项目", "C3491", LEADING_NEW_TECH_EQUIPMENT, STAGE_SIGNED, 20000, 35000, false, true,
     "海外高层次人才", "科技创新局", NULL},
    {"数控机床项目", "C3421", LEADING_NEW_TECH_EQUIPMENT, STAGE_STARTED, 15000, 28000, false, true,
     "", "招商服务局", NULL},
    {"储能变流器项目", "C3824", LEADING_NEW_TECH_EQUIPMENT, STAGE_NEGOTIATING, 18000, 30000, false,
     true, "", "招商服务局", NULL},
    {"液压元件项目", "C3444", LEADING_NEW_TECH_EQUIPMENT, STAGE_LANDED, 8000, 15000, false, false,
     "", "经济发展局", NULL},
    {"中药饮片项目", "C2730", LEADING_HEALTH_FOOD, STAGE_SIGNED, 8000, 14000, false, false, "",
     "招商服务局", NULL},
    {"功能食品项目", "C1491", LEADING_HEALTH_FOOD, STAGE_NEGOTIATING, 6000, 12000, false, false, "",
     "招商服务局", NULL},
    {"果蔬深加工项目", "C1371", LEADING_HEALTH_FOOD, STAGE_RESERVE, 5000, 9000, false, false, "",
     "经济发展局", NULL},
    {"茶饮料项目", "C1529", LEADING_HEALTH_FOOD, STAGE_RESERVE, 4000, 8000, false, false, "",
     "经济发展局", NULL},
    {"医疗器械项目", "C3589", LEADING_HEALTH_FOOD, STAGE_RESERVE, 10000, 18000, false, true, "",
     "科技创新局", NULL},
    {"氢燃料电池项目", "C3849", LEADING_NEW_ENERGY_MATERIALS, STAGE_NEGOTIATING, 30000, 60000,
     false, true, "", "招商服务局", NULL},
    {"智能仓储物流装备项目", "C3439", LEADING_NEW_TECH_EQUIPMENT, STAGE_TERMINATED, 12000, 20000,
     false, false, "", "招商服务局", "投资方资金链调整，项目暂缓落地"},
};
#define NCLEAN (sizeof(clean) / sizeof(clean[0]))

/* The projects the gate vetoes, with what they would consume and emit. */
struct veto_tmpl {
	const char *name;
	const char *industry;
	double invest, output;
	const char *energy; /* the energy column as written */
	double so2, nox, pm;
	bool terminate; /* after the veto; else it stays 在谈 being reworked */
};

static const struct veto_tmpl vetoed[] = {
    {"焦化技改项目", "C2521", 45000, 60000, "raw_coal:300000 t;electricity_grid:1500 万kWh", 60, 90,
     25, true},
    {"燃煤自备电厂项目", "D4411", 30000, 0, "raw_coal:200000 t;electricity_grid:300 万kWh", 45, 80,
     10, true},
    {"铸造项目", "C3391", 16000, 30000, "coke:20000 t;electricity_grid:3000 万kWh", 12, 15, 8,
     false},
};
#define NVETOED (sizeof(vetoed) / sizeof(vetoed[0]))

static const char *const rules_csv =
    "code,kind,param,threshold,mandatory,name,source\n"
    "E1,energy_intensity_max,equivalent,0.5,是,单位产值综合能耗（等价值）≤ 0.5 tce/万元,"
    "园区项目准入条件（示例值）\n"
    "C1,co2_intensity_max,,1.2,是,单位产值二氧化碳排放 ≤ 1.2 tCO2/万元,园区项目准入条件（示例值）\n"
    "S1,pollutant_max,so2,10,是,二氧化硫排放量 ≤ 10 t/a,园区污染物总量控制（示例值）\n"
    "N1,pollutant_max,nox,20,是,氮氧化物排放量 ≤ 20 t/a,园区污染物总量控制（示例值）\n"
    "V1,pollutant_max,voc,5,是,挥发性有机物排放量 ≤ 5 t/a,园区污染物总量控制（示例值）\n"
    "M1,pollutant_max,pm,5,是,颗粒物排放量 ≤ 5 t/a,园区污染物总量控制（示例值）\n"
    "D1,pollutant_max,cod,20,否,化学需氧量排放量 ≤ 20 t/a（提示）,园区污水处理能力（示例值）\n"
    "A1,pollutant_max,nh3n,2,否,氨氮排放量 ≤ 2 t/a（提示）,园区污水处理能力（示例值）\n"
    "R1,restricted_industry,C2521,,是,不新建炼焦项目,"
    "参照《产业结构调整指导目录》与山东省“两高”行业（示例）\n"
    "R2,restricted_industry,C3011,,是,不新建水泥熟料项目,"
    "参照《产业结构调整指导目录》与山东省“两高”行业（示例）\n"
    "R3,restricted_industry,C311,,是,不新建炼铁项目,"
    "参照《产业结构调整指导目录》与山东省“两高”行业（示例）\n"
    "R4,restricted_industry,C312,,是,不新建炼钢项目,"
    "参照《产业结构调整指导目录》与山东省“两高”行业（示例）\n"
    "R5,restricted_industry,D4411,,是,不新建燃煤自备电厂,"
    "参照《产业结构调整指导目录》与山东省“两高”行业（示例）\n"
    "Z1,park_core_increase_max,,0.02,是,园区单位能耗碳排放增幅 ≤ 0.02 tCO2/tce,"
    "零碳园区建设核心指标（发改环资〔2025〕910号），增幅限值为示例\n";

static int addf_checked(struct buf *b, struct gp_err *err, const char *what)
{
	(void)b;
	return gp_err_set(err, GP_ETOOBIG, "the demo's %s passed %u bytes", what, DEMO_TEXT_MAX);
}

static void fmt_date(long day, char out[11])
{
	date_format(day, out);
}

static int year_of(long day)
{
	char d[11];
	date_format(day, d);
	return (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
}

/* Chooses the day of each stage entry: n gaps of 25-150 days, ending by 2024-11-30 and
 * starting no earlier than first. days[0] is the day it entered the pipeline. */
static void schedule(struct rng *r, int n, long first, long days[STAGE_COUNT + 1])
{
	long end = date_days(2024, 11, 30), total = 0, gaps[STAGE_COUNT + 1];
	long room;

	for (int i = 0; i < n; i++) {
		gaps[i] = (long)rng_range(r, 25, 150);
		total += gaps[i];
	}
	room = end - total - first;
	days[0] = first + (room > 0 ? (long)(rng_unit(r) * (double)room) : 0);
	for (int i = 0; i < n; i++)
		days[i + 1] = days[i] + gaps[i];
}

int demo_projects_generate(uint64_t seed, const struct enterprise *ents, size_t nents,
			   struct demo_projects *out, struct gp_err *err)
{
	static const char *const leads[] = {"王建国", "李红梅", "张志强", "刘洋",
					    "陈静",   "赵磊",   "孙涛",   "周敏"};
	struct rng r;
	int rc = GP_OK;

	memset(out, 0, sizeof(*out));
	buf_init(&out->rules_csv, DEMO_TEXT_MAX);
	buf_init(&out->projects_csv, DEMO_TEXT_MAX);
	buf_init(&out->stages_csv, DEMO_TEXT_MAX);
	rng_stream(&r, seed, 0x50524f4aULL); /* "PROJ" */
	if (buf_addf(&out->rules_csv, "%s", rules_csv) != GP_OK)
		return addf_checked(&out->rules_csv, err, "rules");
	out->rules = 14;
	if (buf_addf(&out->projects_csv,
		     "code,name,investor,uscc,industry_code,leading_industry,subpark,"
		     "investment_wan_yuan,output_wan_yuan,tax_wan_yuan,land_mu,land_m2,high_tech,"
		     "talent,lead,members,department,energy,so2_t,nox_t,voc_t,pm_t,cod_t,nh3n_t,"
		     "key_list,stage,stage_date,note\n") != GP_OK ||
	    buf_addf(&out->stages_csv, "project,stage,date,reason,override\n") != GP_OK)
		return addf_checked(&out->projects_csv, err, "projects");

	for (size_t i = 0; i < NCLEAN && rc == GP_OK; i++) {
		const struct tmpl *t = &clean[i];
		double invest = rng_range(&r, t->invest_lo, t->invest_hi);
		double output = t->infra ? 0 : invest * rng_range(&r, 1.2, 2.0);
		double tax = output * rng_range(&r, 0.04, 0.08);
		double land_mu = invest / rng_range(&r, 250, 450);
		double elec = t->infra ? invest * rng_range(&r, 0.01, 0.03)
				       : output * rng_range(&r, 0.01, 0.045);
		double gas = t->infra ? 0 : output * rng_range(&r, 0.0002, 0.001);
		const struct enterprise *investor =
		    nents && !t->infra && i % 4 == 1 ? &ents[(i * 7) % nents] : NULL;
		const char *subpark = nents ? ents[(i * 5) % nents].subpark : "";
		int moves = t->target == STAGE_TERMINATED ? 2 : (int)t->target;
		long days[STAGE_COUNT + 1];
		char code[PROJECT_CODE_MAX + 1], d[11];

		/* the key-list projects were listed in 2022: they enter in 2021 */
		schedule(&r, moves, t->infra ? date_days(2021, 3, 1) : date_days(2021, 6, 1), days);
		if (t->infra)
			str_fmt(code, sizeof(code), "P2022-%03zu", i + 1);
		else
			str_fmt(code, sizeof(code), "P%d-%03zu", year_of(days[0]), i + 1);
		fmt_date(days[0], d);
		if (buf_addf(&out->projects_csv,
			     "%s,%s%s,%s,%s,%s,%s,%s,%.0f,%.0f,%.0f,%.1f,,%d,%s,%s,%s；%s,%s,"
			     "electricity_grid:%.1f 万kWh%s",
			     code, t->name, SUFFIX,
			     investor ? investor->name
				      : (t->infra ? "山亭经济开发区管委会（示例）"
						  : "省外投资方（示例）"),
			     investor ? investor->uscc : "", t->industry,
			     leading_industry_name(t->leading), subpark, invest, output, tax,
			     land_mu, t->high_tech, t->talent, leads[i % 8], leads[(i + 3) % 8],
			     leads[(i + 5) % 8], t->department, elec,
			     gas > 0 ? ";natural_gas:" : "") != GP_OK ||
		    (gas > 0 && buf_addf(&out->projects_csv, "%.2f 万m3", gas) != GP_OK) ||
		    buf_addf(&out->projects_csv, ",%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%s,reserve,%s,\n",
			     t->infra ? 0 : rng_range(&r, 0, 2), t->infra ? 0 : rng_range(&r, 0, 5),
			     t->infra ? 0 : rng_range(&r, 0, 3), rng_range(&r, 0, 2),
			     t->infra ? rng_range(&r, 5, 15) : rng_range(&r, 0, 5),
			     t->infra ? rng_range(&r, 0.5, 1.5) : rng_range(&r, 0, 0.5),
			     t->infra ? DEMO_KEY_LIST : "", d) != GP_OK) {
			rc = addf_checked(&out->projects_csv, err, "projects");
			break;
		}
		out->projects++;
		if (investor && out->ninvested < DEMO_INVESTED_MAX) {
			struct demo_invested *iv = &out->invested[out->ninvested++];
			str_copy(iv->code, sizeof(iv->code), code);
			str_copy(iv->uscc, sizeof(iv->uscc), investor->uscc);
		}
		for (int m = 1; m <= moves; m++) {
			bool last_term = t->target == STAGE_TERMINATED && m == moves;
			fmt_date(days[m], d);
			if (buf_addf(&out->stages_csv, "%s,%s,%s,%s,\n", code,
				     last_term ? "terminated" : stage_code((enum stage)m), d,
				     last_term ? t->why_terminated : "") != GP_OK) {
				rc = addf_checked(&out->stages_csv, err, "stages");
				break;
			}
			out->moves++;
		}
	}
	for (size_t i = 0; i < NVETOED && rc == GP_OK; i++) {
		const struct veto_tmpl *v = &vetoed[i];
		struct demo_veto *dv = &out->vetoes[out->nvetoes++];
		long days[STAGE_COUNT + 1];
		char d[11];

		schedule(&r, 3, date_days(2022, 1, 1), days);
		str_fmt(dv->code, sizeof(dv->code), "P%d-V%02zu", year_of(days[0]), i + 1);
		fmt_date(days[0], d);
		if (buf_addf(&out->projects_csv,
			     "%s,%s%s,省外投资方（示例）,,%s,other,,%.0f,%.0f,%.0f,%.1f,,0,,%s,%s,"
			     "招商服务局,%s,%.1f,%.1f,0.5,%.1f,1,0.1,,reserve,%s,\n",
			     dv->code, v->name, SUFFIX, v->industry, v->invest, v->output,
			     v->output * 0.03, v->invest / 200, leads[i % 8], leads[(i + 2) % 8],
			     v->energy, v->so2, v->nox, v->pm, d) != GP_OK) {
			rc = addf_checked(&out->projects_csv, err, "projects");
			break;
		}
		out->projects++;
		fmt_date(days[1], d);
		if (buf_addf(&out->stages_csv, "%s,negotiating,%s,,\n", dv->code, d) != GP_OK) {
			rc = addf_checked(&out->stages_csv, err, "stages");
			break;
		}
		out->moves++;
		fmt_date(days[2], dv->date);
		if (v->terminate) {
			fmt_date(days[3], dv->terminate_date);
			str_copy(dv->reason, sizeof(dv->reason),
				 "环保一票否决：未通过园区能耗、排放准入筛查");
		}
	}
	if (rc != GP_OK)
		demo_projects_release(out);
	return rc;
}

void demo_projects_release(struct demo_projects *d)
{
	buf_release(&d->rules_csv);
	buf_release(&d->projects_csv);
	buf_release(&d->stages_csv);
}
