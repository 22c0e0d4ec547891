// views/enterprise.js — one enterprise: its registry entry, its carbon account for the year
// and method, monthly trends, its rank among peers of the same industry, and its monthly
// ledger. Reachable by admins, analysts and the enterprise itself (the server says 403 to
// anyone else; the router says so before asking).
import { api, settle } from '../api.js';
import { t, itemName, itemUnit, locale } from '../i18n.js';
import { state, can } from '../state.js';
import { esc, unitLabel, num, sig, pct, chart, trendOption, provHtml, attachProv, errorPanel, baseOption, tooltipBase, axisStyle, PALETTE } from '../ui.js';
import { factorsTable, sourceOption } from './overview.js';
import { STANDARDS } from './indicators.js';

const RANKS = ['co2', 'co2_per_wan_yuan', 'energy', 'growth'];

export async function render(view, ctx) {
	const uscc = ctx.params[0];
	const user = state.user;
	const year = state.year, method = state.method;
	view.innerHTML = `<div class="loading">${esc(t('loading'))}</div>`;
	const [ent, acc, act, tsE, tsC] = await settle([
		api('/enterprises/' + encodeURIComponent(uscc)),
		api('/accounting', { query: { year, method, enterprise: uscc } }),
		api(`/enterprises/${encodeURIComponent(uscc)}/activity`, { query: { year } }),
		api('/timeseries', { query: { year, metric: 'energy', method, enterprise: uscc } }),
		api('/timeseries', { query: { year, metric: 'co2', method, enterprise: uscc } }),
	]);
	if (!ctx.alive()) return;
	if (!ent.ok) {
		view.innerHTML = errorPanel(ent.error);
		return;
	}
	const e = ent.value;
	const a = acc.ok ? acc.value : null;
	const prov = a ? { method: a.method || method, year: a.year || year, factors: a.factors || [], warnings: a.warnings || [] } : { method, year, factors: [], warnings: [] };
	const prefixLen = parseInt(ctx.query.get('peers') || '3', 10);
	const code = String(e.industry_code || '');
	const prefixes = [1, 3, 4, 5].filter((n) => n <= code.length);
	const plen = prefixes.includes(prefixLen) ? prefixLen : prefixes.includes(3) ? 3 : prefixes[prefixes.length - 1] || 0;
	const prefix = code.slice(0, plen);
	const bool = (v) => (v === true || v === 1 || v === 'true' ? t('ent.yes') : t('ent.no'));

	const kpis = a ? [
		{ id: 'energy', label: t('kpi.energy'), value: num(a.energy_tce, 1), unit: 'tce', sub: t('kpi.energy.eq', { v: num(a.energy_tce_equivalent, 1) }), prov: 'energy', accent: 'a' },
		{ id: 'co2', label: t('kpi.co2'), value: num(a.co2_t, 1), unit: 'tCO₂', prov: 'co2', accent: 'b' },
		{ id: 'co2_per_tce', label: t('kpi.co2_per_tce'), value: sig(a.co2_per_tce), unit: 'tCO₂/tce', prov: 'all' },
		{ id: 'co2_per_wan_yuan', label: t('kpi.co2_per_wan_yuan'), value: sig(a.co2_per_wan_yuan), unit: 'tCO₂/' + unitLabel('万元'), prov: 'co2' },
		{ id: 'tce_per_wan_yuan', label: t('kpi.tce_per_wan_yuan'), value: sig(a.tce_per_wan_yuan), unit: 'tce/' + unitLabel('万元'), prov: 'energy' },
		{ id: 'clean', label: t('kpi.clean'), value: pct(a.clean_share), unit: '', sub: t('kpi.renewable', { p: pct(a.renewable_share) }), prov: 'energy', accent: 'c' },
		{ id: 'va', label: t('kpi.va'), value: num(a.value_added_wan_yuan, 0), unit: unitLabel('万元'), prov: 'process' },
	] : [];

	view.innerHTML = `<section class="page enterprise" data-test="enterprise" data-uscc="${esc(e.uscc)}">
		${can.enterpriseList(user) ? `<a class="back" href="#/enterprises">${esc(t('detail.back'))}</a>` : ''}
		<h1>${esc(e.name)} ${state.park && state.park.sample ? `<span class="sample-badge" title="${esc(t('sample.title'))}">${esc(t('sample'))}</span>` : ''}</h1>
		<dl class="facts">
			<div><dt>${esc(t('ent.uscc'))}</dt><dd><code>${esc(e.uscc)}</code></dd></div>
			<div><dt>${esc(t('ent.subpark'))}</dt><dd>${esc(e.subpark)}</dd></div>
			<div><dt>${esc(t('ent.industry'))}</dt><dd>${esc(e.industry_code)}</dd></div>
			<div><dt>${esc(t('ent.leading'))}</dt><dd>${esc(e.leading_industry ? t('lead.' + e.leading_industry) : '')}</dd></div>
			<div><dt>${esc(t('ent.high_tech'))}</dt><dd>${esc(bool(e.high_tech))}</dd></div>
			<div><dt>${esc(t('ent.srdi'))}</dt><dd>${esc(bool(e.srdi))}</dd></div>
			<div><dt>${esc(t('ent.employees'))}</dt><dd>${esc(num(e.employees, 0))}</dd></div>
			<div><dt>${esc(t('ent.land'))}</dt><dd>${esc(num(e.land_m2, 0))}</dd></div>
		</dl>
		${a ? '' : errorPanel(acc.error)}
		<div class="kpis kpis-7">${kpis.map((k) => `<div class="kpi${k.accent ? ' kpi-' + k.accent : ''}" data-kpi="${k.id}">
			<div class="kpi-label">${esc(k.label)}</div>
			<div class="kpi-value"><span class="kpi-num">${esc(k.value)}</span>${k.unit ? `<span class="kpi-unit">${esc(k.unit)}</span>` : ''}</div>
			${k.sub ? `<div class="kpi-sub">${esc(k.sub)}</div>` : ''}</div>`).join('')}</div>
		<div class="charts charts-3">
			<div class="panel"><h3>${esc(t('chart.energy'))}</h3><div class="chart" data-chart="energy"></div></div>
			<div class="panel"><h3>${esc(t('chart.co2'))}</h3><div class="chart" data-chart="co2"></div></div>
			<div class="panel"><h3>${esc(t('chart.source'))}</h3><div class="chart" data-chart="source"></div></div>
		</div>
		<div class="panel ent-eval" data-test="ent-eval"><h3>${esc(t('ind.title'))} · ${esc(year)}</h3><div class="ent-eval-body"><div class="loading">${esc(t('loading'))}</div></div></div>
		<div class="panel rank" data-test="rank">
			<div class="panel-head"><h3>${esc(t('detail.rank'))} · ${esc(year)}</h3>
				<label class="inline">${esc(t('detail.rank.scope'))}
				<select data-act="peers">${prefixes.map((n) => `<option value="${n}"${n === plen ? ' selected' : ''}>${esc(t('rank.prefix.' + n, { c: code.slice(0, n) }))}</option>`).join('')}</select></label>
			</div>
			<div class="rank-body"><div class="loading">${esc(t('loading'))}</div></div>
		</div>
		<div class="panel ledger" data-test="ledger"><h3>${esc(t('detail.ledger', { y: year }))}</h3>${ledgerTable(act)}</div>
		${a ? factorsTable(prov) : ''}
	</section>`;

	for (const k of kpis) {
		attachProv(view.querySelector(`[data-kpi="${k.id}"]`), () => `<div class="tt"><b>${esc(k.label)}</b>: ${esc(k.value)} ${esc(k.unit || '')}</div>${provHtml(prov, k.prov)}`);
	}
	const q = (n) => view.querySelector(`[data-chart="${n}"]`);
	if (tsE.ok) chart(q('energy'), trendOption(tsE.value, prov, 'energy', PALETTE[0]));
	else q('energy').innerHTML = errorPanel(tsE.error);
	if (tsC.ok) chart(q('co2'), trendOption(tsC.value, prov, 'co2', PALETTE[5]));
	else q('co2').innerHTML = errorPanel(tsC.error);
	if (a) chart(q('source'), sourceOption(a.co2_t_by_source || {}, prov));

	view.querySelector('[data-act="peers"]').addEventListener('change', (ev) => {
		location.hash = `#/enterprise/${encodeURIComponent(uscc)}?peers=${ev.target.value}`;
	});
	renderRanks(view.querySelector('.rank-body'), ctx, e, prefix, year, method);
	renderEvaluation(view.querySelector('.ent-eval-body'), ctx, e.uscc, year);
}

// The enterprise's own evaluation against both indicator sets (GET /api/v1/evaluation with
// enterprise=USCC), each with a link to its scorecards on the indicators page.
async function renderEvaluation(box, ctx, uscc, year) {
	const res = await settle(STANDARDS.map((standard) => api('/evaluation', { query: { year, standard, enterprise: uscc } })));
	if (!ctx.alive() || !box.isConnected) return;
	box.innerHTML = `<div class="ent-eval-row">${STANDARDS.map((standard, i) => {
		const href = `#/indicators?standard=${standard}&enterprise=${encodeURIComponent(uscc)}`;
		const r = res[i];
		const link = `<a href="${esc(href)}" data-test="ent-eval-link" data-standard="${standard}">${esc(t('std.' + standard))} <code>${standard}</code> →</a>`;
		if (!r.ok) return `<span class="std">${link} <span class="muted">${esc(r.error.status === 403 ? t('err.forbidden') : r.error.message)}</span></span>`;
		const s = r.value.summary || {};
		return `<span class="std">${link} <span>${esc(t('ind.sum.required'))} <b>${esc(s.required_met ?? 0)}/${esc(s.required_total ?? 0)}</b></span> <span>${esc(t('ind.sum.optional'))} <b>${esc(s.optional_met ?? 0)}/${esc(s.optional_total ?? 0)}</b></span></span>`;
	}).join('')}</div>`;
}

async function renderRanks(box, ctx, e, prefix, year, method) {
	const res = await settle(RANKS.map((by) => api('/rankings', { query: { year, by, method, industry: prefix } })));
	if (!ctx.alive()) return;
	const rows = RANKS.map((by, i) => {
		const r = res[i];
		if (!r.ok) return `<div class="rank-row"><span class="rank-label">${esc(t('rank.' + by))}</span><span class="muted">${esc(r.error.status === 403 ? t('err.forbidden') : r.error.message)}</span></div>`;
		const mine = (r.value.items || []).find((x) => x.uscc === e.uscc);
		const val = mine ? (by === 'growth' ? pct(mine.value) : `${sig(mine.value, 4)} ${unitLabel(r.value.unit || '')}`) : '';
		return `<div class="rank-row" data-rank="${by}"><span class="rank-label">${esc(t('rank.' + by))}</span>
			<span class="rank-pos">${mine ? esc(t('detail.rank.of', { r: mine.rank, n: r.value.total })) : esc(t('detail.rank.none'))}</span>
			<span class="rank-val">${esc(val)}</span></div>`;
	});
	const peers = res[1].ok ? (res[1].value.items || []).filter((x) => x.value !== null && x.value !== undefined) : [];
	box.innerHTML = `<div class="rank-grid"><div class="rank-list">${rows.join('')}</div>${peers.length > 1 ? '<div class="chart chart-peers" data-chart="peers"></div>' : ''}</div>`;
	if (peers.length > 1) {
		chart(box.querySelector('[data-chart="peers"]'), (r) => {
			const ax = axisStyle(r);
			const list = peers.slice().sort((x, y) => y.rank - x.rank);
			return Object.assign(baseOption(r), {
				grid: { left: 0.5 * r, right: 3 * r, top: 0.5 * r, bottom: 0.5 * r, containLabel: true },
				tooltip: Object.assign(tooltipBase(r), { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (ps) => `<div class="tt"><b>${esc(list[ps[0].dataIndex].name)}</b><br>#${esc(list[ps[0].dataIndex].rank)} · ${esc(sig(ps[0].value, 4))} tCO₂/${esc(unitLabel('万元'))}</div>` }),
				xAxis: Object.assign({ type: 'value' }, ax),
				yAxis: Object.assign({ type: 'category', data: list.map((x) => '#' + x.rank) }, ax),
				series: [{ type: 'bar', barMaxWidth: 0.9 * r, data: list.map((x) => ({ value: x.value, itemStyle: { color: x.uscc === e.uscc ? '#ffc857' : 'rgba(55,209,255,0.55)' } })) }],
			});
		});
	}
}

// Ledger quantities: two decimals, but small values (0.0042 t) keep three significant digits.
function qty(v) {
	return Math.abs(v) >= 1 || v === 0 ? num(v, 2) : sig(v, 3);
}

function ledgerTable(act) {
	if (!act.ok) return errorPanel(act.error);
	const items = act.value.items || [];
	if (!items.length) return `<p class="muted">${esc(t('nodata'))}</p>`;
	const byItem = new Map();
	for (const r of items) {
		const m = parseInt(String(r.period).slice(5, 7), 10);
		if (!byItem.has(r.item)) byItem.set(r.item, { unit: r.unit || itemUnit(r.item), months: new Array(13).fill(null) });
		const row = byItem.get(r.item);
		row.months[m] = (row.months[m] || 0) + Number(r.quantity);
	}
	const head = `<tr><th>${esc(t('detail.item'))}</th><th>${esc(t('detail.unit'))}</th>${Array.from({ length: 12 }, (_, i) => `<th class="num">${esc(new Date(2000, i, 1).toLocaleString(locale(), { month: 'short' }))}</th>`).join('')}<th class="num">${esc(t('detail.total'))}</th></tr>`;
	const body = [...byItem.entries()].map(([item, row]) => {
		const total = row.months.reduce((s, v) => s + (v || 0), 0);
		return `<tr><td title="${esc(item)}">${esc(itemName(item))}</td><td>${esc(unitLabel(row.unit))}</td>${row.months.slice(1).map((v) => `<td class="num">${v === null ? '—' : esc(qty(v))}</td>`).join('')}<td class="num total">${esc(qty(total))}</td></tr>`;
	}).join('');
	return `<div class="table-wrap"><table class="grid ledger-table"><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}
