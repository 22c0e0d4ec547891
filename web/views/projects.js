// views/projects.js — 招商项目库 ("六位一体") and its screening gate (环保一票否决), docs/projects.md.
//
// #/projects?tab=board|table|summary|vetoes (admin, analyst; a viewer gets the summary only,
// the one part of the pipeline GET /projects/summary lets a viewer see):
//   board   — one column per stage 储备 … 投产 with its count and investment, 终止 collapsed at
//             the end; cards with investor, investment, days in stage, lead and department, the
//             重点项目 badge (key_list) and a veto mark when the project's latest screening vetoed;
//   table   — filters (stage, sub-park), pages through the API (?page&per_page), sortable columns
//             (the API has no sort for projects: the page shown is sorted), the Excel download;
//   summary — conversion between stages (funnel), time in each stage, the effect if every project
//             from 签约 on is built (a projection), totals per stage;
//   vetoes  — the vetoed screenings with their failed rules, and the Excel download.
// #/projects/CODE (admin, analyst): every field, the stage history as a timeline, every screening
// decision rule by rule, and the move form (POST /projects/{code}/move; 409 = veto, 400 inline).
import { api, settle } from '../api.js';
import { t, addStrings, itemName, itemUnit } from '../i18n.js';
import { state } from '../state.js';
import { esc, num, sig, pct, unitLabel, chart, baseOption, tooltipBase, axisStyle, errorPanel, toast, PALETTE } from '../ui.js';

export const STAGES = ['reserve', 'negotiating', 'signed', 'landed', 'started', 'building', 'producing'];
const ALL_STAGES = [...STAGES, 'terminated'];
const POLLUTANTS = ['so2', 'nox', 'voc', 'pm', 'cod', 'nh3n'];
const TABS = ['board', 'table', 'summary', 'vetoes'];
const PER_PAGES = [20, 50, 100];
const REASON_MAX = 85; // the API keeps 255 bytes: 85 Chinese characters

const staff = (u) => !!u && (u.role === 'admin' || u.role === 'analyst');
// admin, analyst and viewer (summary only); enterprise and bank users never see the pipeline
export function allowed(u) {
	return !!u && ['admin', 'analyst', 'viewer'].includes(u.role);
}

export const routes = [
	{ re: /^projects$/, allow: (u) => allowed(u), view: { render }, nav: 'projects' },
	{ re: /^projects\/([^/?]+)$/, allow: (u) => staff(u), view: { render: renderDetail }, nav: 'projects' },
];
export function nav(u) {
	return allowed(u) ? [{ id: 'projects', href: '#/projects', label: t('nav.projects') }] : [];
}

addStrings({
	'nav.projects': '招商项目',
	'pj.title': '招商项目库',
	'pj.subtitle': '“六位一体”项目全周期管理 · 环保一票否决',
	'pj.tab.board': '看板',
	'pj.tab.table': '列表',
	'pj.tab.summary': '统计分析',
	'pj.tab.vetoes': '否决报告',
	'pj.viewer.note': '访客角色仅显示项目库的汇总统计，不显示单个项目。',
	'pj.stage.reserve': '储备',
	'pj.stage.negotiating': '在谈',
	'pj.stage.signed': '签约',
	'pj.stage.landed': '落地',
	'pj.stage.started': '开工',
	'pj.stage.building': '建设',
	'pj.stage.producing': '投产',
	'pj.stage.terminated': '终止',
	'pj.kpi.projects': '项目总数',
	'pj.kpi.active': '在库项目投资',
	'pj.kpi.active.sub': '不含终止 · {n} 个项目',
	'pj.kpi.signed': '签约及以后',
	'pj.kpi.signed.sub': '投资 {v} 万元',
	'pj.kpi.signrate': '在谈→签约转化率',
	'pj.kpi.vetoed': '被否决项目',
	'pj.kpi.vetoed.sub': '否决 {v} 次 / 筛查 {s} 次',
	'pj.kpi.unit': '个',
	'pj.col.sum': '投资 {v} 万元',
	'pj.col.empty': '暂无项目',
	'pj.term.hint': '点击展开',
	'pj.key': '重点项目',
	'pj.veto': '否决',
	'pj.veto.title': '最近一次筛查被环保一票否决',
	'pj.days': '本阶段 {n} 天',
	'pj.wan': '万元',
	'pj.code': '项目编号',
	'pj.name': '项目名称',
	'pj.investor': '投资方',
	'pj.uscc': '投资方信用代码',
	'pj.industry': '行业代码',
	'pj.leading': '主导产业',
	'pj.subpark': '子园区',
	'pj.subpark.none': '未定',
	'pj.investment': '总投资 (万元)',
	'pj.output': '预计年产值 (万元)',
	'pj.tax': '预计年税收 (万元)',
	'pj.land': '用地',
	'pj.land.mu': '{mu} 亩 / {m2} m²',
	'pj.landmu': '用地 (亩)',
	'pj.high_tech': '高新技术项目',
	'pj.talent': '人才 (人才+项目)',
	'pj.lead': '项目负责人',
	'pj.members': '专班成员',
	'pj.department': '责任部门',
	'pj.team': '一个项目、一套班子',
	'pj.key_list': '重点项目清单',
	'pj.note': '备注',
	'pj.stage': '阶段',
	'pj.stage_since': '进入本阶段',
	'pj.days_in_stage': '在本阶段 (天)',
	'pj.reached': '最远到达',
	'pj.terminated_reason': '终止原因',
	'pj.yes': '是',
	'pj.no': '否',
	'pj.none': '—',
	'pj.any': '全部',
	'pj.filter': '查询',
	'pj.reset': '重置',
	'pj.perpage': '每页',
	'pj.total': '共 {n} 个项目',
	'pj.page': '第 {p} / {n} 页',
	'pj.prev': '上一页',
	'pj.next': '下一页',
	'pj.sort.note': '点击列标题排序（接口不提供排序，仅对本页排序）',
	'pj.xlsx': '导出 Excel',
	'pj.xlsx.title': '按当前筛选条件下载项目清单 (xlsx)',
	'pj.back': '← 招商项目库',
	'pj.facts': '基本信息',
	'pj.energy': '预计年能源消费（分品种）',
	'pj.energy.item': '能源品种',
	'pj.energy.qty': '数量',
	'pj.energy.unit': '单位',
	'pj.energy.none': '未填报能源消费',
	'pj.pollutants': '预计年污染物排放 (t/a)',
	'pj.pol.so2': '二氧化硫 SO₂',
	'pj.pol.nox': '氮氧化物 NOx',
	'pj.pol.voc': '挥发性有机物 VOCs',
	'pj.pol.pm': '颗粒物',
	'pj.pol.cod': '化学需氧量 COD',
	'pj.pol.nh3n': '氨氮 NH₃-N',
	'pj.history': '阶段历程',
	'pj.ev.enter': '进入项目库',
	'pj.ev.override': '管理员覆盖',
	'pj.ev.decision': '筛查 #{id}',
	'pj.ev.by': '操作人 {a}',
	'pj.decisions': '准入筛查记录（环保一票否决）',
	'pj.decisions.none': '尚无筛查记录（进入签约前才会筛查）',
	'pj.dec.head': '筛查 #{id} · 拟进入 {to}',
	'pj.dec.vetoed': '否决',
	'pj.dec.passed': '通过',
	'pj.dec.inputs': '预计年综合能耗 {e} tce（等价值 {eq} tce）· CO₂ {c} t · 年产值 {o} 万元 · 园区单位能耗碳排放 {y} 年 {b} → {a} tCO₂/tce',
	'pj.rule.code': '规则',
	'pj.rule.name': '内容',
	'pj.rule.value': '项目值',
	'pj.rule.threshold': '限值',
	'pj.rule.result': '结果',
	'pj.rule.kind': '性质',
	'pj.rule.detail': '说明',
	'pj.rule.mandatory': '强制',
	'pj.rule.advisory': '提示性',
	'pj.rule.pass': '通过',
	'pj.rule.fail': '未通过',
	'pj.rule.veto': '否决',
	'pj.rule.warn': '提示',
	'pj.rule.na': '不适用',
	'pj.rule.industry': '行业 {c}',
	'pj.rule.prefix': '限制类 {p}…',
	'pj.move': '阶段变更',
	'pj.move.to': '变更为',
	'pj.move.date': '日期',
	'pj.move.reason': '原因',
	'pj.move.reason.ph': '终止或覆盖时必填',
	'pj.move.override': '管理员覆盖（跳过或退回阶段）',
	'pj.move.submit': '提交',
	'pj.move.gate': '进入签约及以后阶段前，将先经过环保一票否决筛查；筛查结果无论通过与否都会保存。',
	'pj.move.none': '无可变更的阶段',
	'pj.move.terminated': '项目已终止；重新启用需管理员覆盖。',
	'pj.move.producing': '项目已投产；只能终止，或由管理员覆盖。',
	'pj.move.need.reason': '终止或管理员覆盖必须填写原因',
	'pj.move.need.date': '请选择日期',
	'pj.move.ok': '{code} 已变更为 {to}',
	'pj.move.ok.gate': '{code} 已变更为 {to}（筛查通过 #{id}）',
	'pj.veto.box': '环保一票否决：项目不能进入 {to}',
	'pj.veto.text': '以下强制性规则未通过（项目值超过限值），本次变更被拒绝。筛查结果已保存{id}。',
	'pj.veto.kept': '（#{id}）',
	'pj.veto.advisory': '另有提示性规则未通过（不否决）：',
	'pj.sum.funnel': '阶段转化（到达各阶段的项目数）',
	'pj.sum.funnel.rate': '较上一阶段 {r}',
	'pj.sum.days': '各阶段停留时间（已完成的停留，天）',
	'pj.sum.median': '中位数',
	'pj.sum.dayunit': '天',
	'pj.sum.mean': '平均数',
	'pj.sum.completed': '已完成停留',
	'pj.sum.current': '当前在此阶段',
	'pj.sum.current_mean': '当前已停留 (平均天)',
	'pj.sum.effect': '预测：若签约及以后的项目全部建成',
	'pj.sum.projection': '预测值',
	'pj.sum.effect.meta': '以 {y} 年园区台账为基数 · {m} · {n} 个项目（{stages}）· 总投资 {v} 万元',
	'pj.sum.effect.noledger': '园区台账中没有 {y} 年的数据，预测的基数不完整。',
	'pj.sum.effect.note': '投产项目也计入：台账无法区分已投产项目的能耗是否已在园区数据中；如已投产项目通过企业填报，请据此理解“新增”一列。',
	'pj.sum.metric': '指标',
	'pj.sum.before': '现状',
	'pj.sum.added': '新增',
	'pj.sum.after': '建成后',
	'pj.sum.eq': '综合能耗（等价值）tce',
	'pj.sum.cal': '综合能耗（当量值）tce',
	'pj.sum.co2': '二氧化碳排放 tCO₂',
	'pj.sum.core': '园区单位能耗碳排放 tCO₂/tce（零碳园区核心指标）',
	'pj.sum.output': '年产值 万元',
	'pj.sum.pollutants': '新增污染物排放 (t/a)',
	'pj.sum.totals': '各阶段项目规模',
	'pj.sum.projects': '项目数',
	'pj.vt.all': '包括通过的筛查',
	'pj.vt.count': '共 {n} 条筛查记录',
	'pj.vt.none': '没有被否决的筛查',
	'pj.vt.xlsx.title': '下载否决报告 (xlsx)',
	'pj.vt.at': '筛查时间',
	'pj.vt.actor': '操作人',
	'pj.vt.to': '拟进入',
	'pj.vt.failed': '未通过的规则',
}, {
	'nav.projects': 'Projects',
	'pj.title': 'Investment pipeline',
	'pj.subtitle': '"Six in one" project life cycle · environmental one-vote veto',
	'pj.tab.board': 'Board',
	'pj.tab.table': 'Table',
	'pj.tab.summary': 'Statistics',
	'pj.tab.vetoes': 'Veto report',
	'pj.viewer.note': 'A viewer sees the pipeline\'s summary statistics only, no single project.',
	'pj.stage.reserve': 'Reserve',
	'pj.stage.negotiating': 'Negotiating',
	'pj.stage.signed': 'Signed',
	'pj.stage.landed': 'Landed',
	'pj.stage.started': 'Started',
	'pj.stage.building': 'Building',
	'pj.stage.producing': 'Producing',
	'pj.stage.terminated': 'Terminated',
	'pj.kpi.projects': 'Projects',
	'pj.kpi.active': 'Investment in the pipeline',
	'pj.kpi.active.sub': 'not terminated · {n} projects',
	'pj.kpi.signed': 'Signed or later',
	'pj.kpi.signed.sub': 'investment {v} 10k yuan',
	'pj.kpi.signrate': 'Negotiating → signed',
	'pj.kpi.vetoed': 'Vetoed projects',
	'pj.kpi.vetoed.sub': '{v} vetoes / {s} screenings',
	'pj.kpi.unit': '',
	'pj.col.sum': 'investment {v} 10k yuan',
	'pj.col.empty': 'no project',
	'pj.term.hint': 'click to open',
	'pj.key': 'Key project',
	'pj.veto': 'Vetoed',
	'pj.veto.title': 'The latest screening vetoed this project',
	'pj.days': '{n} days in stage',
	'pj.wan': '10k yuan',
	'pj.code': 'Code',
	'pj.name': 'Project',
	'pj.investor': 'Investor',
	'pj.uscc': 'Investor USCC',
	'pj.industry': 'Industry code',
	'pj.leading': 'Leading industry',
	'pj.subpark': 'Sub-park',
	'pj.subpark.none': 'not decided',
	'pj.investment': 'Investment (10k yuan)',
	'pj.output': 'Expected output / year (10k yuan)',
	'pj.tax': 'Expected tax / year (10k yuan)',
	'pj.land': 'Land',
	'pj.land.mu': '{mu} mu / {m2} m²',
	'pj.landmu': 'Land (mu)',
	'pj.high_tech': 'High-tech project',
	'pj.talent': 'Talent attached',
	'pj.lead': 'Lead',
	'pj.members': 'Team members',
	'pj.department': 'Department',
	'pj.team': 'One project, one team',
	'pj.key_list': 'Key list',
	'pj.note': 'Note',
	'pj.stage': 'Stage',
	'pj.stage_since': 'In stage since',
	'pj.days_in_stage': 'Days in stage',
	'pj.reached': 'Furthest stage',
	'pj.terminated_reason': 'Reason for termination',
	'pj.yes': 'yes',
	'pj.no': 'no',
	'pj.none': '—',
	'pj.any': 'any',
	'pj.filter': 'Search',
	'pj.reset': 'Reset',
	'pj.perpage': 'Per page',
	'pj.total': '{n} projects',
	'pj.page': 'page {p} of {n}',
	'pj.prev': 'Previous',
	'pj.next': 'Next',
	'pj.sort.note': 'Click a column heading to sort (the API has no sort: the page shown is sorted)',
	'pj.xlsx': 'Excel',
	'pj.xlsx.title': 'Download the list with the current filters (xlsx)',
	'pj.back': '← Investment pipeline',
	'pj.facts': 'Project',
	'pj.energy': 'Expected energy use per year, by carrier',
	'pj.energy.item': 'Carrier',
	'pj.energy.qty': 'Quantity',
	'pj.energy.unit': 'Unit',
	'pj.energy.none': 'no energy use given',
	'pj.pollutants': 'Expected emissions per year (t/a)',
	'pj.pol.so2': 'SO₂',
	'pj.pol.nox': 'NOx',
	'pj.pol.voc': 'VOCs',
	'pj.pol.pm': 'Particulates',
	'pj.pol.cod': 'COD',
	'pj.pol.nh3n': 'NH₃-N',
	'pj.history': 'Stage history',
	'pj.ev.enter': 'entered the pipeline',
	'pj.ev.override': 'admin override',
	'pj.ev.decision': 'screening #{id}',
	'pj.ev.by': 'by {a}',
	'pj.decisions': 'Screening decisions (environmental one-vote veto)',
	'pj.decisions.none': 'No screening yet (a project is screened before 签约 signed)',
	'pj.dec.head': 'Screening #{id} · to {to}',
	'pj.dec.vetoed': 'vetoed',
	'pj.dec.passed': 'passed',
	'pj.dec.inputs': 'Expected energy {e} tce (equivalent {eq} tce) · CO₂ {c} t · output {o} 10k yuan · park CO₂ per tce in {y}: {b} → {a} tCO₂/tce',
	'pj.rule.code': 'Rule',
	'pj.rule.name': 'Condition',
	'pj.rule.value': 'Value',
	'pj.rule.threshold': 'Limit',
	'pj.rule.result': 'Result',
	'pj.rule.kind': 'Kind',
	'pj.rule.detail': 'Detail',
	'pj.rule.mandatory': 'mandatory',
	'pj.rule.advisory': 'advisory',
	'pj.rule.pass': 'pass',
	'pj.rule.fail': 'fail',
	'pj.rule.veto': 'veto',
	'pj.rule.warn': 'warning',
	'pj.rule.na': 'not applicable',
	'pj.rule.industry': 'industry {c}',
	'pj.rule.prefix': 'restricted {p}…',
	'pj.move': 'Move',
	'pj.move.to': 'To',
	'pj.move.date': 'Date',
	'pj.move.reason': 'Reason',
	'pj.move.reason.ph': 'required to terminate or override',
	'pj.move.override': 'Admin override (skip or go back)',
	'pj.move.submit': 'Move',
	'pj.move.gate': 'A move into 签约 signed or later passes the screening gate first; its decision is kept whether it passes or vetoes.',
	'pj.move.none': 'No stage to move to',
	'pj.move.terminated': 'The project is terminated; reopening it needs an admin override.',
	'pj.move.producing': 'The project is producing; it can only be terminated, or moved by an admin override.',
	'pj.move.need.reason': 'Terminating or an admin override needs a reason',
	'pj.move.need.date': 'Choose a date',
	'pj.move.ok': '{code} moved to {to}',
	'pj.move.ok.gate': '{code} moved to {to} (screening #{id} passed)',
	'pj.veto.box': 'Environmental one-vote veto (环保一票否决): the project may not move to {to}',
	'pj.veto.text': 'These mandatory rules failed (the value is above the limit); the move was refused. The decision is kept{id}.',
	'pj.veto.kept': ' (#{id})',
	'pj.veto.advisory': 'Advisory rules that failed too (no veto):',
	'pj.sum.funnel': 'Conversion (projects that reached each stage)',
	'pj.sum.funnel.rate': '{r} of the stage before',
	'pj.sum.days': 'Time in each stage (completed stays, days)',
	'pj.sum.median': 'median',
	'pj.sum.dayunit': 'days',
	'pj.sum.mean': 'mean',
	'pj.sum.completed': 'completed stays',
	'pj.sum.current': 'in it now',
	'pj.sum.current_mean': 'so far (mean days)',
	'pj.sum.effect': 'Projection: if every project from 签约 signed on is built',
	'pj.sum.projection': 'projection',
	'pj.sum.effect.meta': 'on the park ledger of {y} · {m} · {n} projects ({stages}) · investment {v} 10k yuan',
	'pj.sum.effect.noledger': 'The park ledger has no data for {y}; the projection\'s base is incomplete.',
	'pj.sum.effect.note': 'Producing projects are counted too: the ledger does not say whether a producing project\'s consumption is already in it; where producing projects report through their enterprise, read the "added" column with that in mind.',
	'pj.sum.metric': 'Figure',
	'pj.sum.before': 'now',
	'pj.sum.added': 'added',
	'pj.sum.after': 'when built',
	'pj.sum.eq': 'Energy (equivalent) tce',
	'pj.sum.cal': 'Energy (calorific) tce',
	'pj.sum.co2': 'CO₂ tCO₂',
	'pj.sum.core': 'Park CO₂ per unit of energy tCO₂/tce (zero-carbon park core indicator)',
	'pj.sum.output': 'Output value 10k yuan',
	'pj.sum.pollutants': 'Emissions added (t/a)',
	'pj.sum.totals': 'Size of each stage',
	'pj.sum.projects': 'Projects',
	'pj.vt.all': 'include passed screenings',
	'pj.vt.count': '{n} screenings',
	'pj.vt.none': 'No vetoed screening',
	'pj.vt.xlsx.title': 'Download the veto report (xlsx)',
	'pj.vt.at': 'Screened at',
	'pj.vt.actor': 'By',
	'pj.vt.to': 'To',
	'pj.vt.failed': 'Failed rules',
});

// ---------------------------------------------------------------- helpers
const stageName = (s) => (s ? t('pj.stage.' + s) : t('pj.none'));
const wan = (v) => num(v, 0);
function sampleBadge() {
	return state.park && state.park.sample ? `<span class="sample-badge" title="${esc(t('sample.title'))}">${esc(t('sample'))}</span>` : '';
}
// today in China Standard Time, YYYY-MM-DD (the API measures days there too)
function todayCST() {
	try {
		return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
	} catch {
		return new Date().toISOString().slice(0, 10);
	}
}
// Every item of a paginated list (per_page 500 is the API's maximum).
async function fetchAll(path, query = {}) {
	const out = [];
	for (let page = 1; page < 1000; page++) {
		const r = await api(path, { query: Object.assign({}, query, { page, per_page: 500 }) });
		const items = (r && r.items) || [];
		out.push(...items);
		if (!items.length || out.length >= (r.total || 0)) break;
	}
	return out;
}
function hashFor(over) {
	const p = new URLSearchParams();
	for (const [k, v] of Object.entries(over)) if (v !== '' && v !== null && v !== undefined) p.set(k, v);
	const s = p.toString();
	return '#/projects' + (s ? '?' + s : '');
}
function stageBadge(s) {
	return `<span class="pj-stage pj-stage-${esc(s)}" data-test="pj-stage" data-stage="${esc(s)}">${esc(stageName(s))}</span>`;
}
function keyBadge(p) {
	return p.key_list ? `<span class="pj-key" data-test="key-badge" title="${esc(p.key_list)}">★ ${esc(t('pj.key'))}</span>` : '';
}
function vetoMark() {
	return `<span class="pj-veto" data-test="veto-mark" title="${esc(t('pj.veto.title'))}">✗ ${esc(t('pj.veto'))}</span>`;
}
function pollutantName(k) {
	return t('pj.pol.' + k);
}

// The unit of a rule's value and limit; restricted-industry rules compare codes, not numbers.
function ruleUnit(kind) {
	switch (kind) {
	case 'energy_intensity_max': return 'tce/' + unitLabel('万元');
	case 'co2_intensity_max': return 'tCO₂/' + unitLabel('万元');
	case 'pollutant_max': return 't/a';
	case 'park_core_max':
	case 'park_core_increase_max': return 'tCO₂/tce';
	default: return '';
	}
}
function ruleFigure(v, kind) {
	if (v === null || v === undefined) return t('pj.none');
	const u = ruleUnit(kind);
	return `${sig(v, 4)}${u ? ' ' + u : ''}`;
}
// status of one rule result: na | pass | veto (mandatory failed) | warn (advisory failed)
function ruleStatus(r) {
	if (r.applicable === false) return 'na';
	if (r.pass) return 'pass';
	return r.mandatory ? 'veto' : 'warn';
}
function ruleValueCell(r, inputs) {
	if (r.kind === 'restricted_industry') return esc(t('pj.rule.industry', { c: (inputs && inputs.industry_code) || '?' }));
	return esc(ruleFigure(r.value, r.kind));
}
function ruleLimitCell(r) {
	if (r.kind === 'restricted_industry') return esc(t('pj.rule.prefix', { p: r.param }));
	return esc(ruleFigure(r.threshold, r.kind));
}
function ruleOp(r) {
	const st = ruleStatus(r);
	if (st === 'na') return '';
	if (r.kind === 'restricted_industry') return r.pass ? '∉' : '∈';
	return r.pass ? '≤' : '>';
}
function resultsTable(results, inputs, { onlyFailed = false } = {}) {
	const rows = (results || []).filter((r) => !onlyFailed || ruleStatus(r) === 'veto');
	const badge = (r) => {
		const st = ruleStatus(r);
		const cls = st === 'pass' ? 'badge-pass' : st === 'na' ? 'badge-na' : st === 'veto' ? 'badge-fail' : 'pj-badge-warn';
		return `<span class="badge ${cls}" data-test="rule-result">${esc(t('pj.rule.' + st))}</span>`;
	};
	return `<div class="table-wrap"><table class="grid pj-rules">
		<thead><tr><th>${esc(t('pj.rule.code'))}</th><th>${esc(t('pj.rule.name'))}</th><th class="num">${esc(t('pj.rule.value'))}</th><th></th><th class="num">${esc(t('pj.rule.threshold'))}</th><th>${esc(t('pj.rule.result'))}</th><th>${esc(t('pj.rule.kind'))}</th><th>${esc(t('pj.rule.detail'))}</th></tr></thead>
		<tbody>${rows.map((r) => `<tr class="pj-rule pj-rule-${ruleStatus(r)}" data-test="rule" data-code="${esc(r.code)}" data-status="${ruleStatus(r)}">
			<td><code>${esc(r.code)}</code></td>
			<td>${esc(r.name)}${r.source ? `<div class="muted small">${esc(r.source)}</div>` : ''}</td>
			<td class="num" data-test="rule-value">${ruleValueCell(r, inputs)}</td>
			<td class="pj-op">${esc(ruleOp(r))}</td>
			<td class="num" data-test="rule-threshold">${ruleLimitCell(r)}</td>
			<td>${badge(r)}</td>
			<td><span class="sc-req${r.mandatory ? ' req' : ''}">${esc(t(r.mandatory ? 'pj.rule.mandatory' : 'pj.rule.advisory'))}</span></td>
			<td class="src">${esc(r.detail || '')}</td>
		</tr>`).join('')}</tbody></table></div>`;
}

// ---------------------------------------------------------------- the page
export async function render(view, ctx) {
	const u = state.user;
	const full = staff(u);
	const q = ctx.query;
	let tab = q.get('tab') || 'board';
	if (!TABS.includes(tab)) tab = 'board';
	if (!full) tab = 'summary';
	view.innerHTML = `<div class="loading">${esc(t('loading'))}</div>`;
	const method = state.method;
	const jobs = [api('/projects/summary', { query: { method } })];
	if (full && tab === 'board') jobs.push(fetchAll('/projects'), fetchAll('/projects/vetoes', { all: 'true' }));
	if (full && tab === 'table') {
		const f = tableFilters(q);
		jobs.push(api('/projects', { query: { stage: f.stage, subpark: f.subpark, page: f.page, per_page: f.per_page } }), api('/subparks', { query: { per_page: 500 } }));
	}
	if (full && tab === 'vetoes') {
		const f = vetoFilters(q);
		jobs.push(api('/projects/vetoes', { query: { all: f.all ? 'true' : '', page: f.page, per_page: 20 } }));
	}
	const res = await settle(jobs);
	if (!ctx.alive()) return;
	if (!res[0].ok) {
		view.innerHTML = errorPanel(res[0].error);
		return;
	}
	const sum = res[0].value;
	for (const r of res.slice(1)) {
		if (!r.ok) {
			view.innerHTML = errorPanel(r.error);
			return;
		}
	}
	let body = '';
	let after = () => {};
	if (tab === 'board') body = boardHtml(sum, res[1].value, res[2].value);
	else if (tab === 'table') body = tableHtml(q, res[1].value, res[2].value);
	else if (tab === 'summary') {
		body = summaryHtml(sum);
		after = () => drawSummaryCharts(view, sum);
	} else body = vetoesHtml(q, res[1].value);

	view.innerHTML = `<section class="page projects" data-test="projects" data-tab="${esc(tab)}" data-method="${esc(method)}">
		<div class="ind-head"><div>
			<h1 data-test="pj-title">${esc(t('pj.title'))}${sampleBadge()}</h1>
			<div class="ind-meta">${esc(t('pj.subtitle'))}</div>
		</div>
		${full ? `<div class="ind-controls"><div class="seg" role="tablist" data-test="pj-tabs">${TABS.map((x) => `<a class="btn${x === tab ? ' active' : ''}" role="tab" data-tab="${x}" href="${esc(hashFor({ tab: x === 'board' ? '' : x }))}"${x === tab ? ' aria-selected="true"' : ''}>${esc(t('pj.tab.' + x))}</a>`).join('')}</div></div>` : ''}
		</div>
		${full ? '' : `<p class="msg msg-warn" data-test="pj-viewer-note">${esc(t('pj.viewer.note'))}</p>`}
		${kpisHtml(sum)}
		${body}
	</section>`;
	after();
	wire(view, q, tab);
}

function kpisHtml(s) {
	const totals = s.totals || {};
	let active = 0, activeN = 0;
	for (const st of STAGES) {
		active += Number((totals[st] || {}).investment_wan_yuan || 0);
		activeN += Number((totals[st] || {}).projects || 0);
	}
	const eff = s.effect || {};
	const conv = (s.conversion || []).find((c) => c.from === 'negotiating' && c.to === 'signed');
	const k = [
		{ id: 'projects', label: t('pj.kpi.projects'), value: num(s.projects, 0), unit: t('pj.kpi.unit') },
		{ id: 'active', label: t('pj.kpi.active'), value: wan(active), unit: unitLabel('万元'), sub: t('pj.kpi.active.sub', { n: activeN }), accent: 'a' },
		{ id: 'signed', label: t('pj.kpi.signed'), value: num(eff.projects, 0), unit: t('pj.kpi.unit'), sub: t('pj.kpi.signed.sub', { v: wan(eff.investment_wan_yuan) }), accent: 'c' },
		{ id: 'signrate', label: t('pj.kpi.signrate'), value: conv ? pct(conv.rate) : '—', unit: '', sub: conv ? `${conv.reached_to} / ${conv.reached_from}` : '' },
		{ id: 'vetoed', label: t('pj.kpi.vetoed'), value: num(s.vetoed, 0), unit: t('pj.kpi.unit'), sub: t('pj.kpi.vetoed.sub', { v: num(s.vetoed_decisions, 0), s: num(s.screenings, 0) }), accent: 'b' },
	];
	return `<div class="kpis pj-kpis" data-test="pj-kpis">${k.map((x) => `<div class="kpi${x.accent ? ' kpi-' + x.accent : ''} pj-kpi" data-kpi="${x.id}">
		<div class="kpi-label">${esc(x.label)}</div>
		<div class="kpi-value"><span class="kpi-num">${esc(x.value)}</span>${x.unit ? `<span class="kpi-unit">${esc(x.unit)}</span>` : ''}</div>
		${x.sub ? `<div class="kpi-sub">${esc(x.sub)}</div>` : ''}</div>`).join('')}</div>`;
}

// ---------------------------------------------------------------- board
// The projects whose latest screening vetoed, from every screening (newest first).
function latestVetoed(decisions) {
	const latest = new Map();
	for (const d of decisions || []) {
		const cur = latest.get(d.project);
		if (!cur || Number(d.id) > Number(cur.id)) latest.set(d.project, d);
	}
	const out = new Set();
	for (const [code, d] of latest) if (d.vetoed) out.add(code);
	return out;
}

function cardHtml(p, vetoed) {
	const team = [p.lead, p.department].filter(Boolean).join(' · ');
	return `<a class="pj-card${vetoed ? ' pj-card-vetoed' : ''}${p.key_list ? ' pj-card-key' : ''}" href="#/projects/${encodeURIComponent(p.code)}" data-test="pj-card" data-code="${esc(p.code)}">
		<div class="pj-card-top"><code>${esc(p.code)}</code>${keyBadge(p)}${vetoed ? vetoMark() : ''}</div>
		<div class="pj-card-name">${esc(p.name)}</div>
		<div class="pj-card-investor muted">${esc(p.investor || '')}</div>
		<div class="pj-card-figs"><span><b>${esc(wan(p.investment_wan_yuan))}</b> ${esc(t('pj.wan'))}</span><span class="muted">${esc(t('pj.days', { n: num(p.days_in_stage, 0) }))}</span></div>
		${team ? `<div class="pj-card-team">${esc(team)}</div>` : ''}
	</a>`;
}

function boardHtml(sum, projects, decisions) {
	const vetoed = latestVetoed(decisions);
	const by = new Map(ALL_STAGES.map((s) => [s, []]));
	for (const p of projects) (by.get(p.stage) || by.set(p.stage, []).get(p.stage)).push(p);
	// key projects first, then the larger investments
	for (const list of by.values()) list.sort((a, b) => (b.key_list ? 1 : 0) - (a.key_list ? 1 : 0) || Number(b.investment_wan_yuan || 0) - Number(a.investment_wan_yuan || 0) || String(a.code).localeCompare(String(b.code)));
	const invest = (list) => list.reduce((a, p) => a + Number(p.investment_wan_yuan || 0), 0);
	const col = (s) => {
		const list = by.get(s);
		return `<section class="pj-col pj-col-${s}" data-test="pj-col" data-stage="${s}" data-count="${list.length}">
			<header class="pj-col-head"><span class="pj-col-name">${esc(stageName(s))}</span><span class="pj-col-count" data-test="pj-col-count">${list.length}</span>
			<div class="pj-col-sum muted">${esc(t('pj.col.sum', { v: wan(invest(list)) }))}</div></header>
			<div class="pj-cards">${list.map((p) => cardHtml(p, vetoed.has(p.code))).join('') || `<div class="muted small pj-empty">${esc(t('pj.col.empty'))}</div>`}</div>
		</section>`;
	};
	const term = by.get('terminated');
	return `<div class="pj-board" data-test="pj-board">${STAGES.map(col).join('')}</div>
		<details class="panel pj-term" data-test="pj-col" data-stage="terminated" data-count="${term.length}">
			<summary class="pj-col-head"><span class="pj-col-name">${esc(stageName('terminated'))}</span><span class="pj-col-count" data-test="pj-col-count">${term.length}</span>
			<span class="pj-col-sum muted">${esc(t('pj.col.sum', { v: wan(invest(term)) }))} · ${esc(t('pj.term.hint'))}</span></summary>
			<div class="pj-cards pj-cards-row">${term.map((p) => cardHtml(p, vetoed.has(p.code))).join('') || `<div class="muted small">${esc(t('pj.col.empty'))}</div>`}</div>
		</details>`;
}

// ---------------------------------------------------------------- table
function tableFilters(q) {
	const per = parseInt(q.get('per_page') || '20', 10);
	return {
		stage: ALL_STAGES.includes(q.get('stage')) ? q.get('stage') : '',
		subpark: q.get('subpark') || '',
		page: Math.max(1, parseInt(q.get('page') || '1', 10) || 1),
		per_page: PER_PAGES.includes(per) ? per : 20,
		sort: q.get('sort') || '',
	};
}
const COLUMNS = [
	{ key: 'code', label: 'pj.code' },
	{ key: 'name', label: 'pj.name' },
	{ key: 'investor', label: 'pj.investor' },
	{ key: 'stage', label: 'pj.stage', order: (p) => ALL_STAGES.indexOf(p.stage) },
	{ key: 'subpark', label: 'pj.subpark' },
	{ key: 'investment_wan_yuan', label: 'pj.investment', num: true },
	{ key: 'output_wan_yuan', label: 'pj.output', num: true },
	{ key: 'land_mu', label: 'pj.landmu', num: true },
	{ key: 'days_in_stage', label: 'pj.days_in_stage', num: true },
	{ key: 'lead', label: 'pj.lead' },
	{ key: 'department', label: 'pj.department' },
];
function sortRows(items, sort) {
	if (!sort) return items;
	const desc = sort.startsWith('-');
	const col = COLUMNS.find((c) => c.key === sort.replace(/^-/, ''));
	if (!col) return items;
	const get = col.order || ((p) => p[col.key]);
	const cmp = (a, b) => {
		const x = get(a), y = get(b);
		if (x === null || x === undefined || x === '') return 1;
		if (y === null || y === undefined || y === '') return -1;
		const r = col.num || col.order ? Number(x) - Number(y) : String(x).localeCompare(String(y), 'zh-CN');
		return desc ? -r : r;
	};
	return items.slice().sort(cmp);
}

function tableHtml(q, L, subs) {
	const f = tableFilters(q);
	const items = sortRows(L.items || [], f.sort);
	const pages = Math.max(1, Math.ceil((L.total || 0) / (L.per_page || f.per_page)));
	const subparks = (subs && subs.items) || [];
	const opt = (v, label, cur) => `<option value="${esc(v)}"${String(v) === String(cur) ? ' selected' : ''}>${esc(label)}</option>`;
	const xq = new URLSearchParams();
	if (f.stage) xq.set('stage', f.stage);
	if (f.subpark) xq.set('subpark', f.subpark);
	const xlsx = 'api/v1/projects.xlsx' + (xq.toString() ? '?' + xq.toString() : '');
	const th = (c) => {
		const cur = f.sort.replace(/^-/, '') === c.key ? (f.sort.startsWith('-') ? 'desc' : 'asc') : '';
		const arrow = cur === 'asc' ? ' ▲' : cur === 'desc' ? ' ▼' : '';
		return `<th${c.num ? ' class="num"' : ''}${cur ? ` aria-sort="${cur === 'asc' ? 'ascending' : 'descending'}"` : ''}><button type="button" class="pj-sort" data-sort="${c.key}" data-test="pj-sort">${esc(t(c.label))}${arrow}</button></th>`;
	};
	const cell = (p, c) => {
		if (c.key === 'code') return `<td><code>${esc(p.code)}</code></td>`;
		if (c.key === 'name') return `<td><a href="#/projects/${encodeURIComponent(p.code)}">${esc(p.name)}</a>${keyBadge(p)}</td>`;
		if (c.key === 'stage') return `<td>${stageBadge(p.stage)}</td>`;
		if (c.key === 'subpark') return `<td>${p.subpark ? esc(p.subpark) : `<span class="muted">${esc(t('pj.subpark.none'))}</span>`}</td>`;
		if (c.num) return `<td class="num">${esc(num(p[c.key], c.key === 'land_mu' ? 1 : 0))}</td>`;
		return `<td>${esc(p[c.key] || '')}</td>`;
	};
	return `<form class="filters" data-test="pj-filters">
			<label>${esc(t('pj.stage'))}<select name="stage">${opt('', t('pj.any'), f.stage)}${ALL_STAGES.map((s) => opt(s, stageName(s), f.stage)).join('')}</select></label>
			<label>${esc(t('pj.subpark'))}<select name="subpark">${opt('', t('pj.any'), f.subpark)}${subparks.map((s) => opt(s.name, s.name, f.subpark)).join('')}</select></label>
			<label>${esc(t('pj.perpage'))}<select name="per_page">${PER_PAGES.map((n) => opt(n, String(n), f.per_page)).join('')}</select></label>
			<div class="filter-actions"><button type="submit" class="btn primary">${esc(t('pj.filter'))}</button><button type="button" class="btn" data-act="reset">${esc(t('pj.reset'))}</button>
			<a class="btn" data-test="pj-xlsx" download href="${esc(xlsx)}" title="${esc(t('pj.xlsx.title'))}">⬇ ${esc(t('pj.xlsx'))}</a></div>
		</form>
		<div class="list-meta"><span data-test="pj-total">${esc(t('pj.total', { n: num(L.total, 0) }))}</span> · <span class="small">${esc(t('pj.sort.note'))}</span></div>
		<div class="table-wrap"><table class="grid list pj-table" data-test="pj-table">
			<thead><tr>${COLUMNS.map(th).join('')}</tr></thead>
			<tbody>${items.map((p) => `<tr class="link" data-code="${esc(p.code)}">${COLUMNS.map((c) => cell(p, c)).join('')}</tr>`).join('') || `<tr><td colspan="${COLUMNS.length}" class="muted">${esc(t('nodata'))}</td></tr>`}</tbody>
		</table></div>
		<div class="pager" data-test="pj-pager">
			<button type="button" class="btn" data-page="${f.page - 1}"${f.page <= 1 ? ' disabled' : ''}>${esc(t('pj.prev'))}</button>
			<span>${esc(t('pj.page', { p: f.page, n: pages }))}</span>
			<button type="button" class="btn" data-page="${f.page + 1}"${f.page >= pages ? ' disabled' : ''}>${esc(t('pj.next'))}</button>
		</div>`;
}

// ---------------------------------------------------------------- summary
function summaryHtml(s) {
	const days = s.stage_days || {};
	const totals = s.totals || {};
	const eff = s.effect || null;
	const dayRow = (st) => {
		const d = days[st] || {};
		return `<tr data-stage="${st}"><td>${esc(stageName(st))}</td><td class="num">${esc(num(d.completed, 0))}</td><td class="num">${esc(num(d.median_days, 1))}</td><td class="num">${esc(num(d.mean_days, 1))}</td><td class="num">${esc(num(d.current, 0))}</td><td class="num">${esc(num(d.current_mean_days, 0))}</td></tr>`;
	};
	return `<div class="charts pj-charts">
			<div class="panel"><h3>${esc(t('pj.sum.funnel'))}</h3><div class="chart" data-chart="pj-funnel"></div></div>
			<div class="panel"><h3>${esc(t('pj.sum.days'))}</h3><div class="chart" data-chart="pj-days"></div></div>
		</div>
		${eff ? effectHtml(eff) : ''}
		<div class="pj-two">
			<div class="panel" data-test="pj-days-table"><h3>${esc(t('pj.sum.days'))}</h3>
				<div class="table-wrap"><table class="grid"><thead><tr><th>${esc(t('pj.stage'))}</th><th class="num">${esc(t('pj.sum.completed'))}</th><th class="num">${esc(t('pj.sum.median'))}</th><th class="num">${esc(t('pj.sum.mean'))}</th><th class="num">${esc(t('pj.sum.current'))}</th><th class="num">${esc(t('pj.sum.current_mean'))}</th></tr></thead>
				<tbody>${ALL_STAGES.map(dayRow).join('')}</tbody></table></div></div>
			<div class="panel" data-test="pj-totals"><h3>${esc(t('pj.sum.totals'))}</h3>
				<div class="table-wrap"><table class="grid"><thead><tr><th>${esc(t('pj.stage'))}</th><th class="num">${esc(t('pj.sum.projects'))}</th><th class="num">${esc(t('pj.investment'))}</th><th class="num">${esc(t('pj.output'))}</th><th class="num">${esc(t('pj.tax'))}</th><th class="num">${esc(t('pj.landmu'))}</th></tr></thead>
				<tbody>${ALL_STAGES.map((st) => {
		const x = totals[st] || {};
		return `<tr data-stage="${st}" data-count="${esc((s.by_stage || {})[st] ?? x.projects ?? 0)}"><td>${esc(stageName(st))}</td><td class="num">${esc(num(x.projects, 0))}</td><td class="num">${esc(wan(x.investment_wan_yuan))}</td><td class="num">${esc(wan(x.output_wan_yuan))}</td><td class="num">${esc(wan(x.tax_wan_yuan))}</td><td class="num">${esc(num(x.land_mu, 1))}</td></tr>`;
	}).join('')}</tbody></table></div></div>
		</div>`;
}

function effectHtml(e) {
	const row = (label, o, d = 0) => {
		o = o || {};
		return `<tr><td>${esc(label)}</td><td class="num">${esc(num(o.before, d))}</td><td class="num pj-added">+${esc(num(o.added, d))}</td><td class="num"><b>${esc(num(o.after, d))}</b></td></tr>`;
	};
	const core = e.core_t_co2_per_tce || {};
	const dCore = Number.isFinite(core.after) && Number.isFinite(core.before) ? core.after - core.before : null;
	const pol = e.pollutants_t_added || {};
	return `<div class="panel pj-effect" data-test="pj-effect">
		<h3>${esc(t('pj.sum.effect'))} <span class="pj-projection" data-test="pj-projection">${esc(t('pj.sum.projection'))}</span></h3>
		<div class="ind-meta">${esc(t('pj.sum.effect.meta', { y: e.year, m: t('method.' + e.method), n: num(e.projects, 0), stages: (e.stages || []).map(stageName).join('、'), v: wan(e.investment_wan_yuan) }))}</div>
		${e.ledger_has_year === false ? `<p class="msg msg-warn">${esc(t('pj.sum.effect.noledger', { y: e.year }))}</p>` : ''}
		<div class="pj-two">
			<div class="table-wrap"><table class="grid pj-effect-table">
				<thead><tr><th>${esc(t('pj.sum.metric'))}</th><th class="num">${esc(t('pj.sum.before'))}</th><th class="num">${esc(t('pj.sum.added'))}</th><th class="num">${esc(t('pj.sum.after'))} (${esc(t('pj.sum.projection'))})</th></tr></thead>
				<tbody>
					${row(t('pj.sum.eq'), e.energy_tce_equivalent)}
					${row(t('pj.sum.cal'), e.energy_tce)}
					${row(t('pj.sum.co2'), e.co2_t)}
					<tr data-test="pj-core"><td>${esc(t('pj.sum.core'))}</td><td class="num">${esc(sig(core.before, 4))}</td><td class="num pj-added">${dCore === null ? '—' : esc((dCore >= 0 ? '+' : '') + sig(dCore, 3))}</td><td class="num"><b>${esc(sig(core.after, 4))}</b></td></tr>
					<tr><td>${esc(t('pj.sum.output'))}</td><td class="num">—</td><td class="num pj-added">+${esc(wan(e.output_wan_yuan_added))}</td><td class="num">—</td></tr>
				</tbody></table></div>
			<div><div class="muted small">${esc(t('pj.sum.pollutants'))}</div>
				<table class="grid"><tbody>${POLLUTANTS.map((k) => `<tr><td>${esc(pollutantName(k))}</td><td class="num pj-added">+${esc(num(pol[k], 2))}</td></tr>`).join('')}</tbody></table></div>
		</div>
		<p class="muted small">${esc(t('pj.sum.effect.note'))}</p>
	</div>`;
}

function drawSummaryCharts(view, s) {
	const conv = s.conversion || [];
	const steps = conv.length ? [{ stage: conv[0].from, n: conv[0].reached_from, rate: null }, ...conv.map((c) => ({ stage: c.to, n: c.reached_to, rate: c.rate }))] : [];
	const fEl = view.querySelector('[data-chart="pj-funnel"]');
	if (fEl) chart(fEl, (r) => Object.assign(baseOption(r), {
		tooltip: Object.assign(tooltipBase(r), {
			trigger: 'item',
			formatter: (p) => `<div class="tt"><b>${esc(p.name)}</b>: ${esc(p.value)}${p.data.rate !== null ? `<br>${esc(t('pj.sum.funnel.rate', { r: pct(p.data.rate) }))}` : ''}</div>`,
		}),
		series: [{
			type: 'funnel', sort: 'none', left: '8%', right: '8%', top: 0.6 * r, bottom: 0.6 * r, minSize: '18%', gap: 2,
			data: steps.map((x, i) => ({ name: stageName(x.stage), value: x.n, rate: x.rate, stage: x.stage, itemStyle: { color: PALETTE[i % PALETTE.length] } })),
			label: { position: 'inside', color: '#071426', fontWeight: 600, fontSize: Math.round(0.75 * r), formatter: (p) => `${p.name} ${p.value}${p.data.rate !== null ? ` · ${pct(p.data.rate, 0)}` : ''}` },
			itemStyle: { borderColor: '#0b1e33', borderWidth: 1 },
		}],
	}));
	const dEl = view.querySelector('[data-chart="pj-days"]');
	const days = s.stage_days || {};
	if (dEl) chart(dEl, (r) => {
		const ax = axisStyle(r);
		const val = (st, k) => {
			const v = (days[st] || {})[k];
			return v === null || v === undefined ? null : +Number(v).toFixed(1);
		};
		return Object.assign(baseOption(r), {
			grid: { left: 0.5 * r, right: 0.8 * r, top: 2.2 * r, bottom: 0.5 * r, containLabel: true },
			legend: { top: 0, textStyle: { color: '#cfe3ff', fontSize: Math.round(0.72 * r) }, itemWidth: 0.9 * r, itemHeight: 0.6 * r },
			tooltip: Object.assign(tooltipBase(r), { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (v === null || v === undefined ? '—' : num(v, 1)) }),
			xAxis: Object.assign({ type: 'category', data: STAGES.map(stageName) }, ax, { splitLine: { show: false } }),
			yAxis: Object.assign({ type: 'value', name: t('pj.sum.dayunit') }, ax),
			series: [
				{ name: t('pj.sum.median'), type: 'bar', data: STAGES.map((st) => val(st, 'median_days')), barMaxWidth: 1.4 * r, itemStyle: { color: PALETTE[0] } },
				{ name: t('pj.sum.mean'), type: 'bar', data: STAGES.map((st) => val(st, 'mean_days')), barMaxWidth: 1.4 * r, itemStyle: { color: PALETTE[2] } },
			],
		});
	});
}

// ---------------------------------------------------------------- veto report
function vetoFilters(q) {
	return { all: q.get('all') === 'true', page: Math.max(1, parseInt(q.get('page') || '1', 10) || 1) };
}
function failedRules(d) {
	return (d.results || []).filter((r) => ruleStatus(r) === 'veto' || ruleStatus(r) === 'warn');
}
function vetoesHtml(q, L) {
	const f = vetoFilters(q);
	const items = L.items || [];
	const pages = Math.max(1, Math.ceil((L.total || 0) / (L.per_page || 20)));
	const xlsx = 'api/v1/projects/vetoes.xlsx' + (f.all ? '?all=true' : '');
	const entry = (d) => {
		const failed = failedRules(d);
		return `<article class="panel pj-vt" data-test="pj-veto-row" data-project="${esc(d.project)}" data-vetoed="${d.vetoed ? 'true' : 'false'}">
			<header class="tg-head"><h3><a href="#/projects/${encodeURIComponent(d.project)}">${esc(d.name || d.project)}</a> <code>${esc(d.project)}</code></h3>
			<span class="badge ${d.vetoed ? 'badge-fail' : 'badge-pass'}">${esc(t(d.vetoed ? 'pj.dec.vetoed' : 'pj.dec.passed'))}</span></header>
			<div class="ind-meta">#${esc(d.id)} · ${esc(t('pj.vt.at'))} ${esc(d.at || '')} · ${esc(t('pj.vt.actor'))} ${esc(d.actor || '')} · ${esc(t('pj.vt.to'))} ${esc(stageName(d.to))}</div>
			${failed.length ? `<div class="muted small pj-vt-label">${esc(t('pj.vt.failed'))}</div>${resultsTable(failed, d.inputs)}` : d.failed ? `<p class="small" data-test="pj-failed-text">${esc(d.failed)}</p>` : ''}
		</article>`;
	};
	return `<div class="filters pj-vt-bar">
			<label class="inline"><input type="checkbox" data-act="vt-all"${f.all ? ' checked' : ''}> ${esc(t('pj.vt.all'))}</label>
			<a class="btn" data-test="pj-vetoes-xlsx" download href="${esc(xlsx)}" title="${esc(t('pj.vt.xlsx.title'))}">⬇ ${esc(t('pj.xlsx'))}</a>
			<span class="list-meta" data-test="pj-vt-total">${esc(t('pj.vt.count', { n: num(L.total, 0) }))}</span>
		</div>
		<div class="pj-vt-list" data-test="pj-vetoes">${items.map(entry).join('') || `<p class="muted">${esc(t('pj.vt.none'))}</p>`}</div>
		${pages > 1 ? `<div class="pager" data-test="pj-pager">
			<button type="button" class="btn" data-page="${f.page - 1}"${f.page <= 1 ? ' disabled' : ''}>${esc(t('pj.prev'))}</button>
			<span>${esc(t('pj.page', { p: f.page, n: pages }))}</span>
			<button type="button" class="btn" data-page="${f.page + 1}"${f.page >= pages ? ' disabled' : ''}>${esc(t('pj.next'))}</button></div>` : ''}`;
}

// ---------------------------------------------------------------- events of the list page
function wire(view, q, tab) {
	const keep = (over) => {
		const cur = Object.fromEntries(q.entries());
		location.hash = hashFor(Object.assign(cur, { tab: tab === 'board' ? '' : tab }, over));
	};
	if (tab === 'table') {
		const form = view.querySelector('form[data-test=pj-filters]');
		form.addEventListener('submit', (e) => {
			e.preventDefault();
			const fd = new FormData(form);
			keep({ stage: fd.get('stage') || '', subpark: fd.get('subpark') || '', per_page: fd.get('per_page') === '20' ? '' : fd.get('per_page'), page: '' });
		});
		form.querySelector('[data-act=reset]').addEventListener('click', () => {
			location.hash = hashFor({ tab: 'table' });
		});
		view.querySelectorAll('[data-sort]').forEach((b) => b.addEventListener('click', () => {
			const k = b.dataset.sort;
			const cur = q.get('sort') || '';
			keep({ sort: cur === k ? '-' + k : cur === '-' + k ? '' : k });
		}));
		view.querySelectorAll('tr.link[data-code]').forEach((tr) => tr.addEventListener('click', (e) => {
			if (e.target.closest('a')) return;
			location.hash = '#/projects/' + encodeURIComponent(tr.dataset.code);
		}));
	}
	if (tab === 'table' || tab === 'vetoes') {
		view.querySelectorAll('[data-test=pj-pager] [data-page]').forEach((b) => b.addEventListener('click', () => keep({ page: b.dataset.page === '1' ? '' : b.dataset.page })));
	}
	if (tab === 'vetoes') {
		const box = view.querySelector('[data-act=vt-all]');
		if (box) box.addEventListener('change', () => keep({ all: box.checked ? 'true' : '', page: '' }));
	}
}

// ---------------------------------------------------------------- detail
export async function renderDetail(view, ctx) {
	const code = ctx.params[0];
	view.innerHTML = `<div class="loading">${esc(t('loading'))}</div>`;
	const page = { view, ctx, code };
	await loadDetail(page);
}

// fresh: ask past the server's answer cache. A 409 veto commits its decision, but the server
// counts only answers below 400 as writes, so the worker thread that answered the 409 may serve
// its cached (stale) project again on the same connection.
async function loadDetail(page, then, fresh = false) {
	const { view, ctx, code } = page;
	let p;
	try {
		p = await api('/projects/' + encodeURIComponent(code), fresh ? { query: { _: Date.now() } } : {});
	} catch (err) {
		if (ctx.alive()) view.innerHTML = `<a class="back" href="#/projects">${esc(t('pj.back'))}</a>${errorPanel(err)}`;
		return;
	}
	if (!ctx.alive()) return;
	const y0 = window.scrollY;
	drawDetail(page, p);
	if (then) then();
	else window.scrollTo(0, y0);
}

function drawDetail(page, p) {
	const { view } = page;
	const decisions = (p.decisions || []).slice().sort((a, b) => Number(b.id) - Number(a.id));
	const latestVeto = decisions.length && decisions[0].vetoed;
	const yn = (v) => (v ? `<span class="yes">${esc(t('pj.yes'))}</span>` : `<span class="no">${esc(t('pj.no'))}</span>`);
	const fact = (label, html, test) => `<div${test ? ` data-test="${test}"` : ''}><dt>${esc(label)}</dt><dd>${html}</dd></div>`;
	const txt = (v) => (v === null || v === undefined || v === '' ? `<span class="muted">${esc(t('pj.none'))}</span>` : esc(v));
	const energy = Object.entries(p.energy || {});
	const pol = p.pollutants_t || {};
	view.innerHTML = `<section class="page project" data-test="project" data-code="${esc(p.code)}" data-stage="${esc(p.stage)}">
		<a class="back" href="#/projects">${esc(t('pj.back'))}</a>
		<div class="ind-head"><div>
			<h1>${esc(p.name)}${sampleBadge()}</h1>
			<div class="ind-meta pj-meta"><code>${esc(p.code)}</code> ${stageBadge(p.stage)} <span>${esc(t('pj.stage_since'))} ${esc(p.stage_since || '')} · ${esc(t('pj.days', { n: num(p.days_in_stage, 0) }))}</span> ${keyBadge(p)} ${latestVeto ? vetoMark() : ''}</div>
		</div></div>
		<div class="pj-detail">
			<div class="pj-main">
				<div class="panel" data-test="pj-facts"><h3>${esc(t('pj.facts'))}</h3>
					<dl class="pj-facts">
						${fact(t('pj.code'), `<code>${esc(p.code)}</code>`)}
						${fact(t('pj.investor'), txt(p.investor))}
						${fact(t('pj.uscc'), p.uscc ? `<a href="#/enterprise/${encodeURIComponent(p.uscc)}"><code>${esc(p.uscc)}</code></a>` : txt(null))}
						${fact(t('pj.industry'), txt(p.industry_code))}
						${fact(t('pj.leading'), p.leading_industry ? esc(t('lead.' + p.leading_industry)) : txt(null))}
						${fact(t('pj.subpark'), p.subpark ? esc(p.subpark) : `<span class="muted">${esc(t('pj.subpark.none'))}</span>`)}
						${fact(t('pj.investment'), esc(wan(p.investment_wan_yuan)))}
						${fact(t('pj.output'), esc(wan(p.output_wan_yuan)))}
						${fact(t('pj.tax'), esc(wan(p.tax_wan_yuan)))}
						${fact(t('pj.land'), esc(t('pj.land.mu', { mu: num(p.land_mu, 1), m2: num(p.land_m2, 0) })))}
						${fact(t('pj.high_tech'), yn(p.high_tech))}
						${fact(t('pj.talent'), txt(p.talent), 'pj-talent')}
						${fact(t('pj.key_list'), p.key_list ? `${keyBadge(p)} ${esc(p.key_list)}` : txt(null))}
						${fact(t('pj.stage'), stageBadge(p.stage))}
						${fact(t('pj.stage_since'), txt(p.stage_since))}
						${fact(t('pj.days_in_stage'), esc(num(p.days_in_stage, 0)))}
						${fact(t('pj.reached'), esc(stageName(p.reached)))}
						${p.stage === 'terminated' || p.terminated_reason ? fact(t('pj.terminated_reason'), txt(p.terminated_reason)) : ''}
						${p.note ? fact(t('pj.note'), esc(p.note)) : ''}
					</dl>
					<h4 class="pj-sub">${esc(t('pj.team'))}</h4>
					<dl class="pj-facts" data-test="pj-team">
						${fact(t('pj.lead'), txt(p.lead))}
						${fact(t('pj.members'), txt(p.members))}
						${fact(t('pj.department'), txt(p.department))}
					</dl>
				</div>
				<div class="pj-two">
					<div class="panel" data-test="pj-energy"><h3>${esc(t('pj.energy'))}</h3>
						${energy.length ? `<table class="grid"><thead><tr><th>${esc(t('pj.energy.item'))}</th><th class="num">${esc(t('pj.energy.qty'))}</th><th>${esc(t('pj.energy.unit'))}</th></tr></thead>
						<tbody>${energy.map(([k, v]) => `<tr data-item="${esc(k)}"><td>${esc(itemName(k))} <code class="muted">${esc(k)}</code></td><td class="num">${esc(num(v, 2))}</td><td>${esc(unitLabel(itemUnit(k)))}</td></tr>`).join('')}</tbody></table>` : `<p class="muted small">${esc(t('pj.energy.none'))}</p>`}
					</div>
					<div class="panel" data-test="pj-pollutants"><h3>${esc(t('pj.pollutants'))}</h3>
						<table class="grid"><tbody>${POLLUTANTS.map((k) => `<tr data-pollutant="${k}"><td>${esc(pollutantName(k))}</td><td class="num">${esc(num(pol[k], 2))}</td></tr>`).join('')}</tbody></table>
					</div>
				</div>
			</div>
			<div class="pj-side">
				${moveFormHtml(p)}
				<div class="panel" data-test="pj-history"><h3>${esc(t('pj.history'))}</h3>${timelineHtml(p.events || [])}</div>
			</div>
		</div>
		<div class="panel pj-decisions" data-test="pj-decisions"><h3>${esc(t('pj.decisions'))}</h3>
			${decisions.length ? decisions.map((d, i) => decisionHtml(d, i === 0)).join('') : `<p class="muted small">${esc(t('pj.decisions.none'))}</p>`}
		</div>
	</section>`;
	view.querySelectorAll('[data-dec-link]').forEach((b) => b.addEventListener('click', () => {
		const el = view.querySelector(`[data-test=pj-decision][data-id="${b.dataset.decLink}"]`);
		if (el) {
			el.open = true;
			el.scrollIntoView({ behavior: 'smooth', block: 'start' });
		}
	}));
	wireMove(page, p);
}

function timelineHtml(events) {
	if (!events.length) return `<p class="muted small">${esc(t('nodata'))}</p>`;
	return `<ol class="pj-timeline" data-test="pj-timeline">${events.map((e) => `<li class="pj-ev pj-ev-${esc(e.to)}${e.override ? ' pj-ev-override' : ''}" data-test="pj-event" data-to="${esc(e.to)}">
		<div class="pj-ev-date">${esc(e.date)}</div>
		<div class="pj-ev-body">
			<div>${e.from ? `${esc(stageName(e.from))} → ` : `<span class="muted">${esc(t('pj.ev.enter'))}</span> → `}${stageBadge(e.to)}
				${e.override ? `<span class="pj-override">${esc(t('pj.ev.override'))}</span>` : ''}
				${e.decision !== null && e.decision !== undefined ? `<button type="button" class="btn small" data-dec-link="${esc(e.decision)}">${esc(t('pj.ev.decision', { id: e.decision }))}</button>` : ''}</div>
			${e.reason ? `<div class="small">${esc(e.reason)}</div>` : ''}
			<div class="muted small">${esc(t('pj.ev.by', { a: e.actor || '' }))}</div>
		</div></li>`).join('')}</ol>`;
}

function decisionHtml(d, open) {
	const i = d.inputs || {};
	const inputs = t('pj.dec.inputs', {
		e: num(i.energy_tce, 1), eq: num(i.energy_tce_equivalent, 1), c: num(i.co2_t, 1), o: num(i.output_wan_yuan, 0),
		y: i.park_year ?? '—', b: sig(i.park_core_before, 4), a: sig(i.park_core_after, 4),
	});
	return `<details class="pj-dec${d.vetoed ? ' pj-dec-vetoed' : ''}" data-test="pj-decision" data-id="${esc(d.id)}" data-vetoed="${d.vetoed ? 'true' : 'false'}"${open ? ' open' : ''}>
		<summary class="tg-head"><h4>${esc(t('pj.dec.head', { id: d.id, to: stageName(d.to) }))}</h4>
			<span class="muted small">${esc(d.at || '')} · ${esc(d.actor || '')}${i.method ? ` · ${esc(t('method.' + i.method))}` : ''}</span>
			<span class="badge ${d.vetoed ? 'badge-fail' : 'badge-pass'}">${esc(t(d.vetoed ? 'pj.dec.vetoed' : 'pj.dec.passed'))}</span></summary>
		<div class="muted small pj-dec-inputs">${esc(inputs)}</div>
		${resultsTable(d.results, d.inputs)}
	</details>`;
}

// ---------------------------------------------------------------- move
function moveFormHtml(p) {
	const u = state.user;
	if (!staff(u)) return '';
	const admin = u.role === 'admin';
	const i = STAGES.indexOf(p.stage);
	const next = i >= 0 && i < STAGES.length - 1 ? STAGES[i + 1] : null;
	const note = p.stage === 'terminated' ? t('pj.move.terminated') : p.stage === 'producing' ? t('pj.move.producing') : '';
	return `<form class="panel pj-move" data-test="pj-move" novalidate data-next="${esc(next || '')}">
		<h3>${esc(t('pj.move'))}</h3>
		${note ? `<p class="muted small" data-test="pj-move-note">${esc(note)}</p>` : ''}
		<div class="pj-move-grid">
			<label>${esc(t('pj.move.to'))}<select name="stage" data-test="pj-move-stage"></select></label>
			<label>${esc(t('pj.move.date'))}<input type="date" name="date" value="${esc(todayCST())}" required></label>
			<label class="pj-move-reason">${esc(t('pj.move.reason'))}<input name="reason" type="text" maxlength="${REASON_MAX}" placeholder="${esc(t('pj.move.reason.ph'))}"></label>
			${admin ? `<label class="inline pj-move-override"><input type="checkbox" name="override" data-test="pj-move-override"> ${esc(t('pj.move.override'))}</label>` : ''}
		</div>
		<p class="muted small" data-test="pj-move-gate" hidden>${esc(t('pj.move.gate'))}</p>
		<button type="submit" class="btn primary" data-test="pj-move-submit">${esc(t('pj.move.submit'))}</button>
		<div class="attr-error" data-test="pj-move-error" aria-live="polite"></div>
		<div data-test="pj-move-result" aria-live="polite"></div>
	</form>`;
}

function moveTargets(p, override) {
	if (override) return ALL_STAGES.filter((s) => s !== p.stage);
	const i = STAGES.indexOf(p.stage);
	const out = [];
	if (i >= 0 && i < STAGES.length - 1) out.push(STAGES[i + 1]);
	if (p.stage !== 'terminated') out.push('terminated');
	return out;
}
// a move that passes the screening gate: into 签约 or later from before 签约
function gated(p, to) {
	const from = STAGES.indexOf(p.stage);
	const into = STAGES.indexOf(to);
	const signed = STAGES.indexOf('signed');
	return into >= signed && (p.stage === 'terminated' ? STAGES.indexOf(p.reached) < signed : from < signed);
}

function wireMove(page, p) {
	const f = page.view.querySelector('form[data-test=pj-move]');
	if (!f) return;
	const sel = f.elements.stage;
	const ov = f.elements.override;
	const gate = f.querySelector('[data-test=pj-move-gate]');
	const btn = f.querySelector('button[type=submit]');
	const fill = () => {
		const cur = sel.value;
		const list = moveTargets(p, !!(ov && ov.checked));
		sel.innerHTML = list.map((s) => `<option value="${s}"${s === cur ? ' selected' : ''}>${esc(stageName(s))}</option>`).join('') || `<option value="">${esc(t('pj.move.none'))}</option>`;
		sel.disabled = !list.length;
		btn.disabled = !list.length;
		sync();
	};
	const sync = () => {
		gate.hidden = !sel.value || !gated(p, sel.value);
	};
	sel.addEventListener('change', sync);
	if (ov) ov.addEventListener('change', fill);
	fill();
	f.addEventListener('submit', async (e) => {
		e.preventDefault();
		const out = f.querySelector('[data-test=pj-move-error]');
		const result = f.querySelector('[data-test=pj-move-result]');
		out.textContent = '';
		result.innerHTML = '';
		const to = sel.value;
		if (!to) return;
		const override = !!(ov && ov.checked);
		const reason = f.elements.reason.value.trim();
		const date = f.elements.date.value;
		if (!date) {
			out.textContent = t('pj.move.need.date');
			return;
		}
		if ((to === 'terminated' || override) && !reason) {
			out.textContent = t('pj.move.need.reason');
			f.elements.reason.focus();
			return;
		}
		const body = { stage: to, date, method: state.method };
		if (reason) body.reason = reason;
		if (override) body.override = true;
		btn.disabled = true;
		try {
			const r = await api('/projects/' + encodeURIComponent(p.code) + '/move', { method: 'POST', json: body });
			if (!page.ctx.alive()) return;
			const sc = r && r.screening;
			toast(sc && sc.id !== undefined ? t('pj.move.ok.gate', { code: p.code, to: stageName(to), id: sc.id }) : t('pj.move.ok', { code: p.code, to: stageName(to) }));
			await loadDetail(page);
		} catch (err) {
			if (!page.ctx.alive()) return;
			btn.disabled = false;
			if (err.status === 409 && err.details && err.details.length) {
				const decision = err.details[0];
				// the decision is kept: draw the page again (its screenings now include it), then the veto
				await loadDetail(page, () => {
					const box = page.view.querySelector('[data-test=pj-move-result]');
					if (box) {
						box.innerHTML = vetoHtml(decision, to, err.message);
						box.scrollIntoView({ block: 'nearest' });
					}
				}, true);
			} else if (err.status === 400 || err.status === 409) {
				out.textContent = err.message;
			} else {
				result.innerHTML = errorPanel(err);
			}
		}
	});
}

function vetoHtml(d, to, message) {
	const m = /#(\d+)\s*$/.exec(message || '');
	const id = d.id ?? (m ? m[1] : null);
	const results = d.results || [];
	const mandatory = results.filter((r) => ruleStatus(r) === 'veto');
	const advisory = results.filter((r) => ruleStatus(r) === 'warn');
	return `<div class="msg msg-error pj-veto-box" data-test="pj-veto" role="alert">
		<h3 class="pj-veto-title">✗ ${esc(t('pj.veto.box', { to: stageName(to) }))}</h3>
		<p>${esc(t('pj.veto.text', { id: id !== null && id !== undefined ? t('pj.veto.kept', { id }) : '' }))}</p>
		${mandatory.length ? `<table class="grid pj-veto-rules"><tbody>${mandatory.map((r) => `<tr data-test="pj-veto-rule" data-code="${esc(r.code)}">
			<td><code>${esc(r.code)}</code></td><td>${esc(r.name)}</td>
			<td class="num"><b>${ruleValueCell(r, d.inputs)}</b></td><td class="pj-op">${esc(ruleOp(r))}</td><td class="num">${ruleLimitCell(r)}</td></tr>`).join('')}</tbody></table>`
		: `<p class="small">${esc(message || '')}</p>`}
		${advisory.length ? `<p class="small">${esc(t('pj.veto.advisory'))} ${advisory.map((r) => `<code>${esc(r.code)}</code> ${esc(r.detail || '')}`).join('；')}</p>` : ''}
	</div>`;
}
