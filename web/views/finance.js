// views/finance.js — 绿色金融台账（政银企对接）: the green-finance ledger. Summary cards (授信 and
// 贷款 in 亿元, enterprises with credit, green share), charts by bank, by green purpose and by
// year, and the credit-line and loan tables with their filters and Excel downloads
// (GET /api/v1/finance/summary, /credits, /loans, /banks, /credits.xlsx, /loans.xlsx).
// Every figure is the server's, computed from the records (never typed). A bank user sees
// only its own bank's records, an enterprise user its own (the server scopes every answer;
// this page only hides the filters that do not apply).
//
// Route: #/finance[?bank=NAME&year=Y&enterprise=USCC] (admin, analyst, bank, enterprise).
import { api, settle } from '../api.js';
import { t, addStrings } from '../i18n.js';
import { state } from '../state.js';
import { esc, num, pct, chart, baseOption, tooltipBase, axisStyle, errorPanel, PALETTE } from '../ui.js';

const ROLES = ['admin', 'analyst', 'bank', 'enterprise'];
const PURPOSES = ['energy_saving', 'clean_production', 'clean_energy', 'ecology', 'green_infrastructure', 'green_services', 'general'];
const LIST_MAX = 500; // rows shown per table (the API's per_page cap); the workbook has all

addStrings(
	{
		'fin.nav': '绿色金融',
		'fin.title': '绿色金融台账（政银企对接）',
		'fin.meta': '银行授信与贷款 · 由台账记录计算，非手工填报',
		'fin.credit': '授信总额',
		'fin.loans': '贷款总额',
		'fin.ent': '获授信企业',
		'fin.ent.unit': '家',
		'fin.green': '绿色授信占比',
		'fin.green.sub': '绿色贷款占比 {p}',
		'fin.lines': '{n} 笔授信',
		'fin.loans.n': '{n} 笔贷款 · {e} 家企业',
		'fin.yi': '亿元',
		'fin.wan': '万元',
		'fin.chart.bank': '按银行',
		'fin.chart.purpose': '按用途（绿色产业指导目录2019）',
		'fin.chart.year': '按年份（授信日 / 放款日）',
		'fin.s.credit': '授信',
		'fin.s.loans': '贷款',
		'fin.f.bank': '银行',
		'fin.f.year': '年份',
		'fin.f.enterprise': '企业（统一社会信用代码）',
		'fin.f.all': '全部',
		'fin.f.apply': '筛选',
		'fin.f.reset': '重置',
		'fin.own.bank': '本行：{b}',
		'fin.t.credits': '授信明细',
		'fin.t.loans': '贷款明细',
		'fin.t.count': '共 {n} 笔',
		'fin.t.more': '仅显示前 {m} 笔，完整清单请下载 Excel',
		'fin.xlsx': '下载 Excel',
		'fin.c.bank': '银行',
		'fin.c.ref': '合同编号',
		'fin.c.enterprise': '企业',
		'fin.c.amount': '金额（万元）',
		'fin.c.granted': '授信日',
		'fin.c.expires': '到期日',
		'fin.c.disbursed': '放款日',
		'fin.c.maturity': '到期日',
		'fin.c.rate': '年利率',
		'fin.c.term': '期限（月）',
		'fin.c.purpose': '用途',
		'fin.c.project': '项目',
		'fin.none': '暂无记录',
		'fin.p.energy_saving': '节能环保产业',
		'fin.p.clean_production': '清洁生产产业',
		'fin.p.clean_energy': '清洁能源产业',
		'fin.p.ecology': '生态环境产业',
		'fin.p.green_infrastructure': '基础设施绿色升级',
		'fin.p.green_services': '绿色服务',
		'fin.p.general': '一般用途',
	},
	{
		'fin.nav': 'Green finance',
		'fin.title': 'Green-finance ledger (government–bank–enterprise)',
		'fin.meta': 'Credit lines and loans of banks · computed from the records, not typed',
		'fin.credit': 'Credit granted',
		'fin.loans': 'Loans disbursed',
		'fin.ent': 'Enterprises with credit',
		'fin.ent.unit': '',
		'fin.green': 'Green share of credit',
		'fin.green.sub': 'green share of loans {p}',
		'fin.lines': '{n} credit lines',
		'fin.loans.n': '{n} loans · {e} enterprises',
		'fin.yi': '10⁸ yuan',
		'fin.wan': '10k yuan',
		'fin.chart.bank': 'By bank',
		'fin.chart.purpose': 'By purpose (Green Industry Guidance Catalogue 2019)',
		'fin.chart.year': 'By year (of grant / disbursement)',
		'fin.s.credit': 'Credit',
		'fin.s.loans': 'Loans',
		'fin.f.bank': 'Bank',
		'fin.f.year': 'Year',
		'fin.f.enterprise': 'Enterprise (USCC)',
		'fin.f.all': 'All',
		'fin.f.apply': 'Filter',
		'fin.f.reset': 'Reset',
		'fin.own.bank': 'Your bank: {b}',
		'fin.t.credits': 'Credit lines',
		'fin.t.loans': 'Loans',
		'fin.t.count': '{n} records',
		'fin.t.more': 'Showing the first {m}; download Excel for the full list',
		'fin.xlsx': 'Download Excel',
		'fin.c.bank': 'Bank',
		'fin.c.ref': 'Contract',
		'fin.c.enterprise': 'Enterprise',
		'fin.c.amount': 'Amount (10k yuan)',
		'fin.c.granted': 'Granted',
		'fin.c.expires': 'Expires',
		'fin.c.disbursed': 'Disbursed',
		'fin.c.maturity': 'Maturity',
		'fin.c.rate': 'Rate',
		'fin.c.term': 'Term (months)',
		'fin.c.purpose': 'Purpose',
		'fin.c.project': 'Project',
		'fin.none': 'No records',
		'fin.p.energy_saving': 'Energy saving & environmental protection',
		'fin.p.clean_production': 'Clean production',
		'fin.p.clean_energy': 'Clean energy',
		'fin.p.ecology': 'Ecological environment',
		'fin.p.green_infrastructure': 'Green infrastructure upgrade',
		'fin.p.green_services': 'Green services',
		'fin.p.general': 'General purpose (not green)',
	},
);

export function allowed(u) {
	return !!u && ROLES.includes(u.role);
}

export function nav(u) {
	return allowed(u) ? [{ id: 'finance', href: '#/finance', label: t('fin.nav') }] : [];
}

export const routes = [{ re: /^finance$/, allow: (u) => allowed(u), view: { render }, nav: 'finance', noMethod: true }];

const purposeName = (p) => t('fin.p.' + p);
const yi = (wan) => num(Number(wan) / 1e4, 2);

function filtersOf(q) {
	const f = { bank: q.get('bank') || '', year: q.get('year') || '', enterprise: q.get('enterprise') || '' };
	const u = state.user;
	if (u.role === 'bank') f.bank = ''; // the server narrows to its bank
	if (u.role === 'enterprise') f.enterprise = '';
	return f;
}

function query(f) {
	const o = {};
	for (const k of ['bank', 'year', 'enterprise']) if (f[k]) o[k] = f[k];
	return o;
}

export async function render(view, ctx) {
	const f = filtersOf(ctx.query);
	const q = query(f);
	view.innerHTML = `<div class="loading">${esc(t('loading'))}</div>`;
	const [sum, all, banks, credits, loans] = await settle([
		api('/finance/summary', { query: q }),
		api('/finance/summary'), // the years to choose from
		api('/finance/banks', { query: { per_page: 500 } }),
		api('/finance/credits', { query: Object.assign({ per_page: LIST_MAX }, q) }),
		api('/finance/loans', { query: Object.assign({ per_page: LIST_MAX }, q) }),
	]);
	if (!ctx.alive()) return;
	for (const r of [sum, credits, loans]) {
		if (!r.ok) {
			view.innerHTML = errorPanel(r.error);
			return;
		}
	}
	draw(view, f, sum.value, all.ok ? all.value : sum.value, banks.ok ? banks.value.items || [] : [], credits.value, loans.value);
}

function draw(view, f, s, all, banks, credits, loans) {
	const u = state.user;
	const park = state.park || {};
	const sampleBadge = park.sample ? `<span class="sample-badge" title="${esc(t('sample.title'))}">${esc(t('sample'))}</span>` : '';
	const years = (all.by_year || []).map((y) => y.year);
	const opt = (v, label, cur) => `<option value="${esc(v)}"${String(v) === String(cur) ? ' selected' : ''}>${esc(label)}</option>`;
	const kpis = [
		{ id: 'credit', label: t('fin.credit'), value: yi(s.credit_wan_yuan), unit: t('fin.yi'), sub: `${num(s.credit_wan_yuan, 2)} ${t('fin.wan')} · ${t('fin.lines', { n: s.credits })}`, accent: 'a' },
		{ id: 'loans', label: t('fin.loans'), value: yi(s.loans_wan_yuan), unit: t('fin.yi'), sub: `${num(s.loans_wan_yuan, 2)} ${t('fin.wan')} · ${t('fin.loans.n', { n: s.loans, e: s.enterprises_with_loans })}`, accent: 'b' },
		{ id: 'enterprises', label: t('fin.ent'), value: num(s.enterprises_with_credit, 0), unit: t('fin.ent.unit') },
		{ id: 'green', label: t('fin.green'), value: pct(s.green_credit_share), unit: '', sub: t('fin.green.sub', { p: pct(s.green_loans_share) }), accent: 'c' },
	];
	const xq = new URLSearchParams(query(f)).toString();
	const xlsx = (kind) => `api/v1/finance/${kind}.xlsx${xq ? '?' + xq : ''}`;
	view.innerHTML = `<section class="page finance" data-test="finance" data-role="${esc(u.role)}">
		<div class="ind-head"><div>
			<h1>${esc(t('fin.title'))}${sampleBadge}</h1>
			<div class="ind-meta">${esc(t('fin.meta'))}${u.role === 'bank' ? ` · <span data-test="own-bank">${esc(t('fin.own.bank', { b: u.bank }))}</span>` : ''}</div>
		</div></div>
		<form class="filters" data-test="fin-filters">
			${u.role === 'admin' || u.role === 'analyst' ? `<label>${esc(t('fin.f.bank'))}<select name="bank">${opt('', t('fin.f.all'), f.bank)}${banks.map((b) => opt(b.bank, b.bank, f.bank)).join('')}</select></label>` : ''}
			<label>${esc(t('fin.f.year'))}<select name="year">${opt('', t('fin.f.all'), f.year)}${years.map((y) => opt(y, y, f.year)).join('')}</select></label>
			${u.role !== 'enterprise' ? `<label>${esc(t('fin.f.enterprise'))}<input name="enterprise" value="${esc(f.enterprise)}" size="20" maxlength="18" autocomplete="off"></label>` : ''}
			<div class="filter-actions"><button type="submit" class="btn primary">${esc(t('fin.f.apply'))}</button><button type="button" class="btn" data-act="reset">${esc(t('fin.f.reset'))}</button></div>
		</form>
		<div class="kpis" style="grid-template-columns: repeat(4, minmax(0, 1fr))">
			${kpis.map((k) => `<div class="kpi${k.accent ? ' kpi-' + k.accent : ''}" data-kpi="${k.id}">
				<div class="kpi-label">${esc(k.label)}</div>
				<div class="kpi-value"><span class="kpi-num">${esc(k.value)}</span>${k.unit ? `<span class="kpi-unit">${esc(k.unit)}</span>` : ''}</div>
				${k.sub ? `<div class="kpi-sub">${esc(k.sub)}</div>` : ''}
			</div>`).join('')}
		</div>
		<div class="charts charts-3">
			<div class="panel"><h3>${esc(t('fin.chart.bank'))}</h3><div class="chart" data-chart="fin-bank"></div></div>
			<div class="panel"><h3>${esc(t('fin.chart.purpose'))}</h3><div class="chart" data-chart="fin-purpose"></div></div>
			<div class="panel"><h3>${esc(t('fin.chart.year'))}</h3><div class="chart" data-chart="fin-year"></div></div>
		</div>
		${table('credits', credits, xlsx('credits'))}
		${table('loans', loans, xlsx('loans'))}
	</section>`;

	chart(view.querySelector('[data-chart="fin-bank"]'), barOption((s.by_bank || []).map((b) => b.bank), s.by_bank || [], true));
	chart(view.querySelector('[data-chart="fin-purpose"]'), purposeOption(s.by_purpose || []));
	chart(view.querySelector('[data-chart="fin-year"]'), barOption((s.by_year || []).map((y) => String(y.year)), s.by_year || [], false));

	const form = view.querySelector('form[data-test=fin-filters]');
	form.addEventListener('submit', (e) => {
		e.preventDefault();
		const next = {};
		for (const k of ['bank', 'year', 'enterprise']) {
			const el = form.elements[k];
			if (el && el.value.trim()) next[k] = el.value.trim();
		}
		const qs = new URLSearchParams(next).toString();
		location.hash = '#/finance' + (qs ? '?' + qs : '');
	});
	form.querySelector('[data-act=reset]').addEventListener('click', () => {
		location.hash = '#/finance';
	});
}

function table(kind, list, href) {
	const loan = kind === 'loans';
	const items = list.items || [];
	const head = [
		['bank', ''], ['ref', ''], ['enterprise', ''], ['amount', 'num'],
		...(loan ? [['disbursed', ''], ['maturity', ''], ['rate', 'num'], ['term', 'num']] : [['granted', ''], ['expires', '']]),
		['purpose', ''], ['project', ''],
	];
	const rows = items.map((r) => `<tr data-bank="${esc(r.bank)}" data-ref="${esc(r.ref)}">
		<td>${esc(r.bank)}</td><td>${esc(r.ref)}</td>
		<td title="${esc(r.uscc)}">${esc(r.enterprise)}</td>
		<td class="num">${esc(num(r.amount_wan_yuan, 2))}</td>
		${loan ? `<td>${esc(r.disbursed)}</td><td>${esc(r.maturity)}</td><td class="num">${esc(num(r.rate_pct, 2))}%</td><td class="num">${esc(r.term_months)}</td>` : `<td>${esc(r.granted)}</td><td>${esc(r.expires)}</td>`}
		<td>${r.green ? '<span style="color:#3ddc97" title="green">●</span> ' : ''}${esc(purposeName(r.purpose))}</td><td>${esc(r.project || '—')}</td></tr>`).join('');
	return `<div class="panel" data-test="fin-${kind}" data-total="${esc(list.total)}">
		<div class="panel-head"><h3>${esc(t(loan ? 'fin.t.loans' : 'fin.t.credits'))} <span class="muted small" data-test="fin-${kind}-count">${esc(t('fin.t.count', { n: num(list.total, 0) }))}</span></h3>
		<a class="btn" data-test="fin-${kind}-xlsx" download href="${esc(href)}">⬇ ${esc(t('fin.xlsx'))}</a></div>
		${list.total > items.length ? `<p class="muted small">${esc(t('fin.t.more', { m: items.length }))}</p>` : ''}
		<div class="table-wrap"><table class="grid list"><thead><tr>${head.map(([k, c]) => `<th${c ? ` class="${c}"` : ''}>${esc(t('fin.c.' + k))}</th>`).join('')}</tr></thead>
		<tbody>${rows || `<tr><td colspan="${head.length}" class="muted">${esc(t('fin.none'))}</td></tr>`}</tbody></table></div>
	</div>`;
}

// Credit and loans side by side per category (banks or years), in 亿元.
function barOption(cats, rows, horizontal) {
	return (r) => {
		const ax = axisStyle(r);
		const val = Object.assign({ type: 'value', name: t('fin.yi'), nameGap: 0.6 * r }, ax);
		const cat = Object.assign({ type: 'category', data: cats }, ax, { splitLine: { show: false } });
		if (horizontal) cat.axisLabel = Object.assign({}, ax.axisLabel, { width: 9 * r, overflow: 'truncate' });
		return Object.assign(baseOption(r), {
			grid: horizontal ? { left: 10 * r, right: 1.2 * r, top: 2 * r, bottom: 1.6 * r } : { left: 3.2 * r, right: 1.2 * r, top: 2.4 * r, bottom: 1.8 * r },
			legend: { top: 0, textStyle: { color: '#cfe3ff', fontSize: Math.round(0.72 * r) }, itemWidth: r, itemHeight: 0.6 * r },
			tooltip: Object.assign(tooltipBase(r), { trigger: 'axis', valueFormatter: (v) => `${num(v, 2)} ${t('fin.yi')}` }),
			xAxis: horizontal ? val : cat,
			yAxis: horizontal ? Object.assign(cat, { inverse: true }) : val,
			series: [
				{ name: t('fin.s.credit'), type: 'bar', data: rows.map((x) => Number(x.credit_wan_yuan) / 1e4), itemStyle: { color: PALETTE[0] }, barMaxWidth: 1.6 * r },
				{ name: t('fin.s.loans'), type: 'bar', data: rows.map((x) => Number(x.loans_wan_yuan) / 1e4), itemStyle: { color: PALETTE[1] }, barMaxWidth: 1.6 * r },
			],
		});
	};
}

// Credit by purpose: a ring; the general (not green) slice in grey.
function purposeOption(rows) {
	const data = PURPOSES.map((p) => rows.find((x) => x.purpose === p) || { purpose: p, credit_wan_yuan: 0 })
		.filter((x) => Number(x.credit_wan_yuan) > 0)
		.map((x, i) => ({ name: purposeName(x.purpose), value: Number(x.credit_wan_yuan) / 1e4, itemStyle: x.purpose === 'general' ? { color: '#94a3b8' } : { color: PALETTE[i % PALETTE.length] } }));
	return (r) => Object.assign(baseOption(r), {
		tooltip: Object.assign(tooltipBase(r), { trigger: 'item', formatter: (p) => `${esc(p.name)}<br>${esc(num(p.value, 2))} ${esc(t('fin.yi'))} (${esc(num(p.percent, 1))}%)` }),
		legend: { type: 'scroll', bottom: 0, textStyle: { color: '#cfe3ff', fontSize: Math.round(0.68 * r) }, itemWidth: 0.8 * r, itemHeight: 0.6 * r },
		series: [{ type: 'pie', radius: ['38%', '64%'], center: ['50%', '44%'], data, label: { color: '#cfe3ff', fontSize: Math.round(0.68 * r), formatter: (p) => `${num(p.percent, 0)}%` } }],
	});
}
