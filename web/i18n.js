// i18n.js — the dashboard's words in Chinese (default) and English. The choice is kept in
// localStorage ('gp.lang'). t(key, vars) looks a key up; {name} in a text is replaced by vars.name.
import { ITEMS } from './items.js';

const zh = {
	'app.title': '绿色低碳园区平台',
	'app.subtitle': '数字化能碳管理中心',
	'lang.switch': 'EN',
	'lang.switch.title': 'Switch to English',
	'sample': '示例数据',
	'sample.title': '本页数字来自示例园区（演示数据），不是真实企业数据',
	'year': '年份',
	'method': '核算方法',
	'method.zcp2025': '零碳园区法 (2025)',
	'method.cn-enterprise': '企业核算法 (区域电网)',
	'method.cn-market': '市场化法 (全国电网)',
	'logout': '退出',
	'nav.overview': '园区总览',
	'nav.screen': '大屏模式',
	'nav.flow': '能源流向',
	'nav.enterprises': '企业名录',
	'nav.mine': '我的企业',
	'nav.data': '数据填报',
	'nav.users': '用户管理',
	'role.admin': '管理员',
	'role.analyst': '分析员',
	'role.enterprise': '企业用户',
	'role.bank': '银行用户',
	'role.viewer': '访客 (仅汇总)',

	'login.title': '登录',
	'login.user': '用户名',
	'login.password': '密码',
	'login.submit': '登录',
	'login.bad': '用户名或密码错误',
	'login.limited': '登录失败次数过多，请 {s} 秒后再试',
	'login.expired': '登录已过期或尚未登录，请重新登录',
	'login.hint': '园区管委会、企业、银行与访客共用一个入口；您能看到的内容取决于您的角色。',

	'err.forbidden': '无权访问',
	'err.forbidden.text': '您的角色（{role}）不能查看此内容。如需访问，请联系园区管理员。',
	'err.notfound': '未找到',
	'err.generic': '出错了',
	'err.network': '无法连接服务器',
	'err.noecharts': '图表库未加载 (/vendor/echarts.min.js)',
	'loading': '加载中…',
	'nodata': '暂无数据',

	'kpi.enterprises': '入园企业',
	'kpi.enterprises.unit': '家',
	'kpi.high_tech': '高新技术企业',
	'kpi.srdi': '专精特新企业',
	'kpi.share': '占比 {p}',
	'kpi.rd': '省市级研发平台',
	'kpi.innovation': '创新平台',
	'kpi.platforms.unit': '个',
	'kpi.levels': '国家级 {n} · 省级 {p} · 市级 {m}',
	'kpi.energy': '综合能耗 (当量值)',
	'kpi.energy.eq': '等价值 {v} tce',
	'kpi.co2': '二氧化碳排放',
	'kpi.co2_per_tce': '能源碳强度',
	'kpi.co2_per_wan_yuan': '单位增加值碳排放',
	'kpi.tce_per_wan_yuan': '单位增加值能耗',
	'kpi.clean': '清洁能源占比',
	'kpi.renewable': '可再生能源 {p}',
	'kpi.va': '工业增加值',

	'chart.energy': '月度综合能耗',
	'chart.co2': '月度二氧化碳排放',
	'chart.source': '碳排放来源构成',
	'chart.flow': '能源流向 (载体 → 子园区)',
	'chart.subparks': '子园区企业分布',
	'chart.platforms': '研发与创新平台',
	'chart.platforms.level': '按级别',
	'chart.items': '分品种能耗',
	'series.value': '当月值',
	'series.yoy': '同比',
	'series.mom': '环比',
	'src.fuel': '燃料燃烧',
	'src.process': '工业过程',
	'src.electricity': '外购电力',
	'src.heat': '外购热力',
	'level.national': '国家级',
	'level.provincial': '省级',
	'level.municipal': '市级',
	'kind.rd': '研发平台',
	'kind.innovation': '创新平台',
	'enterprises.count': '企业数',

	'prov.method': '核算方法',
	'prov.factors': '所用因子',
	'prov.warnings': '提示',
	'prov.year_used': '采用 {y} 年',
	'prov.more': '另有 {n} 项',
	'prov.none': '此数字不依赖排放因子',
	'prov.source': '来源',
	'conf.confirmed': '已核实',
	'conf.secondary': '二手来源',
	'conf.unconfirmed': '未核实',
	'conf.measured': '实测',
	'prov.legend': '悬停数字可查看核算方法、因子与可信度',
	'factors.table': '所用因子与来源',
	'factors.key': '因子',
	'factors.value': '数值',
	'factors.conf': '可信度',
	'factors.year': '年份',

	'screen.enter': '大屏模式',
	'screen.exit': '退出大屏',
	'screen.updated': '数据年份 {y} · {m}',

	'flow.title': '能源流向 (tce)',
	'flow.hint': '载体 → 子园区 → 企业；线宽为能耗 (tce，当量值)。',
	'flow.viewer': '访客角色仅显示到子园区一级。',
	'kind.carrier': '能源载体',
	'kind.subpark': '子园区',
	'kind.enterprise': '企业',

	'ent.title': '企业名录',
	'ent.q': '企业名称',
	'ent.subpark': '子园区',
	'ent.industry': '行业代码',
	'ent.leading': '主导产业',
	'ent.high_tech': '高新技术',
	'ent.srdi': '专精特新',
	'ent.employees': '从业人员',
	'ent.land': '用地 (m²)',
	'ent.uscc': '统一社会信用代码',
	'ent.name': '企业名称',
	'ent.sort': '排序',
	'ent.any': '全部',
	'ent.yes': '是',
	'ent.no': '否',
	'ent.search': '查询',
	'ent.reset': '重置',
	'ent.total': '共 {n} 家',
	'ent.page': '第 {p} / {n} 页',
	'ent.prev': '上一页',
	'ent.next': '下一页',
	'ent.sort.name': '名称',
	'ent.sort.uscc': '信用代码',
	'ent.sort.employees': '从业人员 ↓',
	'lead.new_energy_materials': '新能源新材料',
	'lead.new_tech_equipment': '新技术新装备',
	'lead.health_food': '大健康食品',
	'lead.other': '其他',

	'detail.back': '← 企业名录',
	'detail.ledger': '月度台账 {y}',
	'detail.item': '项目',
	'detail.unit': '单位',
	'detail.total': '全年',
	'detail.rank': '同行业排名',
	'detail.rank.scope': '对比范围',
	'detail.rank.of': '第 {r} 名 / 共 {n} 家',
	'detail.rank.none': '无排名',
	'rank.co2': '碳排放总量',
	'rank.co2_per_wan_yuan': '单位增加值碳排放',
	'rank.energy': '综合能耗',
	'rank.growth': '增加值增长',
	'rank.peers': '同行业单位增加值碳排放 (tCO2/万元)',
	'rank.prefix.1': '门类 {c}',
	'rank.prefix.3': '大类 {c}',
	'rank.prefix.4': '中类 {c}',
	'rank.prefix.5': '小类 {c}',

	'data.title': '数据填报：上传月度台账 CSV',
	'data.help': '表头为 uscc,period,item,quantity,unit；期间格式 YYYY-MM；项目与单位见因子库。整份文件要么全部入库，要么一行不存。',
	'data.file': '选择 CSV 文件',
	'data.paste': '或粘贴 CSV 内容',
	'data.upload': '上传',
	'data.template': '下载模板',
	'data.ok': '已入库：{rows} 行（新增 {inserted}，替换 {replaced}，未变 {unchanged}），批次 {batch}',
	'data.bad': '文件被拒绝，未存储任何数据：{n} 行有误',
	'data.line': '行号',
	'data.message': '问题',
	'data.empty': '请先选择文件或粘贴 CSV 内容',
	'data.type': '服务器只接受 CSV (text/csv)',
	'data.big': '文件过大 (上限 8 MiB)',

	'users.title': '用户管理',
	'users.name': '用户名',
	'users.role': '角色',
	'users.enterprise': '绑定企业 (USCC)',
	'users.bank': '银行',
	'users.created': '创建时间',
	'users.password': '初始密码',
	'users.add': '新增用户',
	'users.delete': '删除',
	'users.confirm': '确定删除用户 {n}？',
	'users.created.ok': '已创建用户 {n}',
	'users.deleted.ok': '已删除用户 {n}',
	'users.exists': '用户已存在',
};

const en = {
	'app.title': 'Green Low-carbon Park Platform',
	'app.subtitle': 'Energy & Carbon Management Centre',
	'lang.switch': '中文',
	'lang.switch.title': '切换到中文',
	'sample': 'Sample data',
	'sample.title': 'These figures come from the sample (demo) park, not real enterprise data',
	'year': 'Year',
	'method': 'Method',
	'method.zcp2025': 'Zero-carbon park (2025)',
	'method.cn-enterprise': 'Enterprise (regional grid)',
	'method.cn-market': 'Market-based (national grid)',
	'logout': 'Sign out',
	'nav.overview': 'Overview',
	'nav.screen': 'Large screen',
	'nav.flow': 'Energy flow',
	'nav.enterprises': 'Enterprises',
	'nav.mine': 'My enterprise',
	'nav.data': 'Data upload',
	'nav.users': 'Users',
	'role.admin': 'admin',
	'role.analyst': 'analyst',
	'role.enterprise': 'enterprise',
	'role.bank': 'bank',
	'role.viewer': 'viewer (aggregates only)',

	'login.title': 'Sign in',
	'login.user': 'User name',
	'login.password': 'Password',
	'login.submit': 'Sign in',
	'login.bad': 'Wrong user name or password',
	'login.limited': 'Too many failed sign-ins; try again in {s} s',
	'login.expired': 'Your session has expired or you are not signed in',
	'login.hint': 'One entrance for the park committee, enterprises, banks and visitors; what you see depends on your role.',

	'err.forbidden': 'Forbidden',
	'err.forbidden.text': 'Your role ({role}) cannot see this. Ask the park administrator for access.',
	'err.notfound': 'Not found',
	'err.generic': 'Something went wrong',
	'err.network': 'Cannot reach the server',
	'err.noecharts': 'Chart library not loaded (/vendor/echarts.min.js)',
	'loading': 'Loading…',
	'nodata': 'No data',

	'kpi.enterprises': 'Enterprises',
	'kpi.enterprises.unit': '',
	'kpi.high_tech': 'High-tech enterprises',
	'kpi.srdi': 'SRDI (专精特新) firms',
	'kpi.share': 'share {p}',
	'kpi.rd': 'R&D platforms',
	'kpi.innovation': 'Innovation platforms',
	'kpi.platforms.unit': '',
	'kpi.levels': 'national {n} · provincial {p} · municipal {m}',
	'kpi.energy': 'Energy use (calorific)',
	'kpi.energy.eq': 'equivalent {v} tce',
	'kpi.co2': 'CO₂ emissions',
	'kpi.co2_per_tce': 'Carbon intensity of energy',
	'kpi.co2_per_wan_yuan': 'CO₂ per value added',
	'kpi.tce_per_wan_yuan': 'Energy per value added',
	'kpi.clean': 'Clean-energy share',
	'kpi.renewable': 'renewable {p}',
	'kpi.va': 'Industrial value added',

	'chart.energy': 'Monthly energy use',
	'chart.co2': 'Monthly CO₂ emissions',
	'chart.source': 'CO₂ by source',
	'chart.flow': 'Energy flow (carrier → sub-park)',
	'chart.subparks': 'Enterprises by sub-park',
	'chart.platforms': 'R&D and innovation platforms',
	'chart.platforms.level': 'by level',
	'chart.items': 'Energy by carrier',
	'series.value': 'month',
	'series.yoy': 'YoY',
	'series.mom': 'MoM',
	'src.fuel': 'Fuel combustion',
	'src.process': 'Industrial process',
	'src.electricity': 'Purchased electricity',
	'src.heat': 'Purchased heat',
	'level.national': 'national',
	'level.provincial': 'provincial',
	'level.municipal': 'municipal',
	'kind.rd': 'R&D',
	'kind.innovation': 'innovation',
	'enterprises.count': 'enterprises',

	'prov.method': 'Method',
	'prov.factors': 'Factors used',
	'prov.warnings': 'Notes',
	'prov.year_used': 'used {y}',
	'prov.more': '{n} more',
	'prov.none': 'This figure uses no emission factor',
	'prov.source': 'Source',
	'conf.confirmed': 'confirmed',
	'conf.secondary': 'secondary',
	'conf.unconfirmed': 'unconfirmed',
	'conf.measured': 'measured',
	'prov.legend': 'Hover a figure for its method, factors and confidence',
	'factors.table': 'Factors used and their sources',
	'factors.key': 'Factor',
	'factors.value': 'Value',
	'factors.conf': 'Confidence',
	'factors.year': 'Year',

	'screen.enter': 'Large screen',
	'screen.exit': 'Exit large screen',
	'screen.updated': 'year {y} · {m}',

	'flow.title': 'Energy flow (tce)',
	'flow.hint': 'Carrier → sub-park → enterprise; width is energy use (tce, calorific).',
	'flow.viewer': 'Viewers see the flow down to sub-parks only.',
	'kind.carrier': 'carrier',
	'kind.subpark': 'sub-park',
	'kind.enterprise': 'enterprise',

	'ent.title': 'Enterprises',
	'ent.q': 'Name',
	'ent.subpark': 'Sub-park',
	'ent.industry': 'Industry code',
	'ent.leading': 'Leading industry',
	'ent.high_tech': 'High-tech',
	'ent.srdi': 'SRDI',
	'ent.employees': 'Employees',
	'ent.land': 'Land (m²)',
	'ent.uscc': 'USCC',
	'ent.name': 'Name',
	'ent.sort': 'Sort',
	'ent.any': 'any',
	'ent.yes': 'yes',
	'ent.no': 'no',
	'ent.search': 'Search',
	'ent.reset': 'Reset',
	'ent.total': '{n} enterprises',
	'ent.page': 'page {p} of {n}',
	'ent.prev': 'Previous',
	'ent.next': 'Next',
	'ent.sort.name': 'name',
	'ent.sort.uscc': 'USCC',
	'ent.sort.employees': 'employees ↓',
	'lead.new_energy_materials': 'New energy & materials',
	'lead.new_tech_equipment': 'New technology & equipment',
	'lead.health_food': 'Health & food',
	'lead.other': 'Other',

	'detail.back': '← Enterprises',
	'detail.ledger': 'Monthly ledger {y}',
	'detail.item': 'Item',
	'detail.unit': 'Unit',
	'detail.total': 'Year',
	'detail.rank': 'Rank among industry peers',
	'detail.rank.scope': 'Peers',
	'detail.rank.of': 'No. {r} of {n}',
	'detail.rank.none': 'not ranked',
	'rank.co2': 'CO₂ total',
	'rank.co2_per_wan_yuan': 'CO₂ per value added',
	'rank.energy': 'Energy use',
	'rank.growth': 'Value-added growth',
	'rank.peers': 'Peers: CO₂ per value added (tCO2/10k yuan)',
	'rank.prefix.1': 'section {c}',
	'rank.prefix.3': 'division {c}',
	'rank.prefix.4': 'group {c}',
	'rank.prefix.5': 'class {c}',

	'data.title': 'Data: upload a monthly activity CSV',
	'data.help': 'Header uscc,period,item,quantity,unit; period YYYY-MM; items and units as in the factor library. A file is stored whole or not at all.',
	'data.file': 'Choose a CSV file',
	'data.paste': 'or paste the CSV',
	'data.upload': 'Upload',
	'data.template': 'Download template',
	'data.ok': 'Stored: {rows} rows ({inserted} new, {replaced} replaced, {unchanged} unchanged), batch {batch}',
	'data.bad': 'File rejected, nothing stored: {n} bad line(s)',
	'data.line': 'Line',
	'data.message': 'Problem',
	'data.empty': 'Choose a file or paste CSV text first',
	'data.type': 'The server accepts CSV (text/csv) only',
	'data.big': 'File too large (8 MiB at most)',

	'users.title': 'User management',
	'users.name': 'User name',
	'users.role': 'Role',
	'users.enterprise': 'Enterprise (USCC)',
	'users.bank': 'Bank',
	'users.created': 'Created',
	'users.password': 'Initial password',
	'users.add': 'Add user',
	'users.delete': 'Delete',
	'users.confirm': 'Delete user {n}?',
	'users.created.ok': 'User {n} created',
	'users.deleted.ok': 'User {n} deleted',
	'users.exists': 'That user exists already',
};

const DICTS = { zh, en };
let current = (() => {
	try {
		const v = localStorage.getItem('gp.lang');
		return v === 'en' ? 'en' : 'zh';
	} catch {
		return 'zh';
	}
})();

export function lang() {
	return current;
}
export function locale() {
	return current === 'en' ? 'en-US' : 'zh-CN';
}
export function setLang(l) {
	current = l === 'en' ? 'en' : 'zh';
	try {
		localStorage.setItem('gp.lang', current);
	} catch {
		/* private mode: the choice lasts this page only */
	}
	document.documentElement.lang = locale();
}
export function t(key, vars) {
	let s = DICTS[current][key];
	if (s === undefined) s = zh[key];
	if (s === undefined) return key;
	if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] === undefined ? m : String(vars[k])));
	return s;
}
// The label of a ledger item code (电网电力 / grid electricity); unknown codes show as they are.
let byZh = null;
export function itemName(code) {
	let it = ITEMS[code];
	if (!it) {
		// the server may name an item by its Chinese name (energy-flow carriers)
		if (!byZh) byZh = new Map(Object.values(ITEMS).map((v) => [v[1], v]));
		it = byZh.get(code);
	}
	if (!it) return code;
	return current === 'en' ? it[2] : it[1];
}
export function itemUnit(code) {
	const it = ITEMS[code];
	return it ? it[0] : '';
}
// Fills every element with data-i18n="key" (text) or data-i18n-title="key" (title attribute).
export function applyStatic(root = document) {
	root.querySelectorAll('[data-i18n]').forEach((el) => {
		el.textContent = t(el.dataset.i18n);
	});
	root.querySelectorAll('[data-i18n-title]').forEach((el) => {
		el.title = t(el.dataset.i18nTitle);
	});
	document.title = `${t('app.title')} · ${t('app.subtitle')}`;
}
