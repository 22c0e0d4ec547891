/* demo_desk.c — the demo park's service desk (demo_desk.h). A fixed table says how many
 * tickets of each category end in each status; a seeded splitmix64 stream picks the
 * enterprise, priority, dates and texts of each. Dates: resolved tickets opened from
 * 2022-01-03 and resolved by 2024-12-31; the unresolved ones opened in the last months of
 * 2024. Pure: no I/O, no clock. */
#include "core/demo_desk.h"

#include <stdlib.h>
#include <string.h>

#include "util/rng.h"

/* ---- the departments and their assignments (sample data) ---- */

static const struct {
	const char *department, *prefix;
} industries[] = {
    {"经济发展局", "C33"},    {"经济发展局", "C34"}, {"经济发展局", "C35"}, {"经济发展局", "C36"},
    {"经济发展局", "C38"},    {"经济发展局", "C39"}, {"经济发展局", "C40"}, {"招商服务局", "C13"},
    {"招商服务局", "C14"},    {"招商服务局", "C15"}, {"招商服务局", "C18"}, {"招商服务局", "C3841"},
    {"行政审批服务局", "C2"},
};

static const struct {
	const char *staff, *department;
} staff[] = {
    {"张伟", "自然资源和规划分局"},   {"李娜", "自然资源和规划分局"},
    {"王强", "人力资源和社会保障局"}, {"刘洋", "人力资源和社会保障局"},
    {"陈静", "行政审批服务局"},       {"杨帆", "经济发展局"},
    {"赵磊", "招商服务局"},           {"孙丽", "经济发展局"},
};
#define NSTAFF (sizeof(staff) / sizeof(staff[0]))

/* ---- the tickets: how many of each category end in each status ---- */

static const struct {
	enum desk_category category;
	int n[DESK_STATUS_COUNT]; /* open, in_progress, resolved, confirmed, reopened */
} plan[] = {
    {DESK_LAND, {1, 1, 6, 15, 1}},     {DESK_FUNDING, {1, 2, 7, 18, 0}},
    {DESK_LABOUR, {1, 1, 6, 13, 1}},   {DESK_TECHNOLOGY, {1, 1, 2, 4, 0}},
    {DESK_APPROVALS, {0, 2, 2, 4, 0}}, {DESK_UTILITIES, {1, 0, 1, 3, 1}},
    {DESK_OTHER, {1, 0, 1, 2, 0}},
};

/* The first three titles, descriptions and resolutions of a category belong together. */
struct texts {
	const char *title[5];
	const char *description[3];
	const char *resolution[4];
	const char *attachment[2];
};

static const struct texts texts[DESK_CATEGORY_COUNT] = {
    [DESK_LAND] = {{"扩建厂房新增用地指标申请", "二期项目用地规划许可办理", "不动产权证书办理",
		    "厂区道路与相邻地块边界协调", "标准化厂房租赁"},
		   {"企业产能扩大，需新增工业用地约20亩，请协调用地指标。",
		    "二期项目已完成备案，用地规划许可进度较慢，请协助推进。",
		    "厂房竣工验收已完成，不动产权证书尚未办理。"},
		   {"已纳入年度供地计划，完成挂牌出让。",
		    "自然资源部门并联审批，已核发规划许可证。",
		    "已协调不动产登记中心上门服务，证书已发放。",
		    "已组织现场踏勘并重新确界，双方签字确认。"},
		   {"用地红线图.pdf", "项目备案证明.pdf"}},
    [DESK_FUNDING] = {{"技术改造专项资金申报", "流动资金贷款对接", "研发费用加计扣除辅导",
		       "首台套保险补偿申请", "设备更新贴息申请"},
		      {"计划申报省级技术改造专项资金，需政策解读与材料指导。",
		       "原材料价格上涨，流动资金紧张，希望对接银行授信。",
		       "对研发费用归集口径不清楚，请安排辅导。"},
		      {"已指导完成申报材料，项目获批立项。",
		       "已组织政银企对接会，银行完成授信审批。",
		       "税务部门上门辅导，已完成加计扣除申报。", "已兑现贴息资金。"},
		      {"资金申请表.xlsx", "财务报表2023.pdf"}},
    [DESK_LABOUR] = {{"技术工人招聘", "员工宿舍与通勤班车", "稳岗补贴申领", "校企合作订单班",
		      "高层次人才引进"},
		     {"新生产线投产，需招聘技术工人约50人。",
		      "员工住宿紧张，希望协调人才公寓和通勤班车。",
		      "符合稳岗补贴条件，申领流程不清楚。"},
		     {"已举办专场招聘会，到岗48人。", "已协调人才公寓30套并开通通勤线路。",
		      "人社部门指导完成申领，补贴已到账。", "已与职业院校签订订单培养协议。"},
		     {"岗位需求表.xlsx", "用工计划.docx"}},
    [DESK_TECHNOLOGY] = {{"产学研合作对接", "高新技术企业认定辅导", "检验检测平台使用",
			  "专利申请与保护", "数字化车间改造咨询"},
			 {"希望对接高校开展关键工艺联合攻关。", "计划申报高新技术企业，请辅导。",
			  "需使用园区公共检测平台进行产品检测。"},
			 {"已对接省内高校并签订合作协议。", "已组织专家辅导，材料已提交。",
			  "已开通平台使用权限。", "已对接知识产权服务机构。"},
			 {"技术需求说明.pdf", "合作意向书.pdf"}},
    [DESK_APPROVALS] = {{"环评批复办理", "施工许可证办理", "安全评价备案", "能评审查", "消防验收"},
			{"新建项目环评报告已编制，请协调加快审批。",
			 "项目施工图审查已通过，申请施工许可。", "新增生产线需办理安全评价备案。"},
			{"已并联审批，批复已下达。", "已实行容缺受理，许可证已核发。",
			 "已完成备案。", "已组织联合验收并通过。"},
			{"环评报告.pdf", "施工图审查合格书.pdf"}},
    [DESK_UTILITIES] = {{"增容用电申请", "天然气管道接入", "蒸汽供应稳定性", "工业用水水压不足",
			 "冬季供暖接入"},
			{"新增设备需增容用电约2000kVA。", "生产工艺改用天然气，需接入管网。",
			 "蒸汽压力波动影响生产，请协调热源单位。"},
			{"供电公司已完成增容工程。", "燃气公司已完成管道接入并通气。",
			 "已协调热源单位稳定供汽。", "已完成管网改造，水压恢复正常。"},
			{"用电负荷计算书.pdf", "用能申请表.pdf"}},
    [DESK_OTHER] = {{"厂区周边道路照明", "物流车辆通行证", "企业宣传推介", "周边环境整治",
		     "政策咨询"},
		    {"厂区外道路夜间照明不足，存在安全隐患。", "物流车辆进城通行受限，请协调。",
		     "希望参加园区组织的产品推介活动。"},
		    {"已增设路灯并投入使用。", "已办理货车通行证。", "已纳入园区推介活动。",
		     "已协调相关部门完成整治。"},
		    {"现场照片.jpg", "情况说明.docx"}},
};

static const int priority_weights[DESK_PRIORITY_COUNT] = {15, 50, 25, 10}; /* % */

static enum desk_priority pick_priority(struct rng *r)
{
	int x = (int)rng_below(r, 100), acc = 0;
	for (int p = 0; p < DESK_PRIORITY_COUNT; p++) {
		acc += priority_weights[p];
		if (x < acc)
			return (enum desk_priority)p;
	}
	return DESK_NORMAL;
}

static int cmp_uscc(const void *a, const void *b)
{
	return strcmp(((const struct enterprise *)a)->uscc, ((const struct enterprise *)b)->uscc);
}

static void add_date(struct buf *b, int ymd)
{
	char d[11];
	desk_date_format(ymd, d);
	buf_adds(b, d);
}

int demo_desk_generate(const struct enterprise *ents, size_t n, uint64_t seed,
		       struct demo_desk *out, struct gp_err *err)
{
	struct enterprise *sorted;
	struct rng r = {seed ^ 0x5EB1CE5EED0DE5C0ULL};
	const long first_day = desk_date_days(20220103), last_day = desk_date_days(20241231);
	const long late_from = desk_date_days(20240901);

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return gp_err_set(err, GP_EINPUT, "the service desk demo needs enterprises");
	sorted = xmalloc(n * sizeof(*sorted));
	memcpy(sorted, ents, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_uscc);
	(void)rng_next(&r);

	buf_init(&out->assignments_csv, 0);
	buf_adds(&out->assignments_csv, "kind,department,staff,target\n");
	for (size_t i = 0; i < sizeof(industries) / sizeof(industries[0]); i++) {
		buf_addf(&out->assignments_csv, "industry,%s,,%s\n", industries[i].department,
			 industries[i].prefix);
		out->assignments++;
	}
	/* three enterprises in four have a staff owner (员工包企业) */
	for (size_t i = 0; i < n; i++) {
		size_t s = rng_below(&r, NSTAFF);
		if (i % 4 == 3)
			continue;
		buf_addf(&out->assignments_csv, "enterprise,%s,%s,%s\n", staff[s].department,
			 staff[s].staff, sorted[i].uscc);
		out->assignments++;
	}

	buf_init(&out->tickets_csv, 0);
	buf_adds(&out->tickets_csv, "uscc,category,title,description,priority,opened,deadline,"
				    "status,resolved,resolution,attachments\n");
	for (size_t p = 0; p < sizeof(plan) / sizeof(plan[0]); p++) {
		const struct texts *tx = &texts[plan[p].category];
		for (int st = 0; st < DESK_STATUS_COUNT; st++) {
			for (int k = 0; k < plan[p].n[st]; k++) {
				const struct enterprise *e = &sorted[rng_below(&r, n)];
				enum desk_status status = (enum desk_status)st;
				enum desk_priority pri = pick_priority(&r);
				bool done = desk_status_done(status);
				size_t x = rng_below(&r, 3); /* title, description, resolution */
				long opened, resolved = 0;
				int deadline;
				struct buf *b = &out->tickets_csv;

				if (done) {
					long span = 2 + (long)rng_below(&r, 40);
					opened = first_day +
						 (long)rng_below(
						     &r, (size_t)(last_day - first_day - span));
					resolved = opened + span;
				} else {
					opened = late_from +
						 (long)rng_below(
						     &r, (size_t)(last_day - 20 - late_from));
				}
				deadline = desk_default_deadline(desk_date_from_days(opened), pri);
				buf_addf(b, "%s,%s,%s,%s,%s,", e->uscc,
					 desk_category_name(plan[p].category), tx->title[x],
					 tx->description[x], desk_priority_name(pri));
				add_date(b, desk_date_from_days(opened));
				buf_addc(b, ',');
				if (status !=
				    DESK_OPEN) /* 待受理: the deadline is set on acceptance */
					add_date(b, deadline);
				buf_addf(b, ",%s,", desk_status_name(status));
				if (done)
					add_date(b, desk_date_from_days(resolved));
				buf_addc(b, ',');
				if (done || status == DESK_REOPENED)
					buf_adds(b, tx->resolution[x]);
				buf_addc(b, ',');
				if (rng_below(&r, 10) < 3)
					buf_adds(b, tx->attachment[rng_below(&r, 2)]);
				buf_addc(b, '\n');
				out->tickets++;
				out->by_status[status]++;
				if (done)
					out->done_by_category[plan[p].category]++;
			}
		}
	}
	free(sorted);
	if (!out->assignments_csv.data || !out->tickets_csv.data) {
		demo_desk_release(out);
		return gp_err_set(err, GP_ENOMEM, "the service desk demo: out of memory");
	}
	return GP_OK;
}

void demo_desk_release(struct demo_desk *d)
{
	buf_release(&d->assignments_csv);
	buf_release(&d->tickets_csv);
	memset(d, 0, sizeof(*d));
}
