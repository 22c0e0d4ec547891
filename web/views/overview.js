// views/overview.js — the park overview, also the large-screen view (大屏) of the park's
// 产业会客厅: headline counts, energy and carbon with intensities and shares, monthly trends
// with 同比/环比, CO2 by source, the carrier → sub-park energy flow, sub-parks and platforms.
import { api, settle } from '../api.js';
import { t, itemName } from '../i18n.js';
import { state } from '../state.js';
import { esc, unitLabel, num, sig, pct, chart, baseOption, tooltipBase, axisStyle, trendOption, provHtml, attachProv, errorPanel, confBadge, PALETTE } from '../ui.js';

export async function render(view, ctx) {
	const big = !!ctx.big;
	view.innerHTML = `<div class="loading">${esc(t('loading'))}</div>`;
	const year = state.year, method = state.method;
	const [sum, tsE, tsC, subs, flow] = await settle([
		api('/park/summary', { query: { year, method } }),
		api('/timeseries', { query: { year, metric: 'energy', method } }),
		api('/timeseries', { query: { year, metric: 'co2', method } }),
		api('/subparks'),
		api('/energyflow', { query: { year } }),
	]);
	if (!ctx.alive()) return;
	if (!sum.ok) {
		view.innerHTML = errorPanel(sum.error);
		return;
	}
	const s = sum.value;
	const prov = { method: s.method || method, year: s.year || year, factors: s.factors || [], warnings: s.warnings || [] };
	const park = state.park || {};
	const lv = s.platforms_by_level || {};

	const kpis = [
		{ id: 'enterprises', label: t('kpi.enterprises'), value: num(s.enterprises, 0), unit: t('kpi.enterprises.unit'), prov: 'none' },
		{ id: 'high_tech', label: t('kpi.high_tech'), value: num(s.high_tech, 0), unit: t('kpi.enterprises.unit'), sub: t('kpi.share', { p: pct(s.high_tech_share) }), prov: 'none' },
		{ id: 'srdi', label: t('kpi.srdi'), value: num(s.srdi, 0), unit: t('kpi.enterprises.unit'), sub: t('kpi.share', { p: pct(s.srdi_share) }), prov: 'none' },
		{ id: 'rd', label: t('kpi.rd'), value: num(s.rd_platforms, 0), unit: t('kpi.platforms.unit'), prov: 'none' },
		{ id: 'innovation', label: t('kpi.innovation'), value: num(s.innovation_platforms, 0), unit: t('kpi.platforms.unit'), sub: t('kpi.levels', { n: lv.national ?? 0, p: lv.provincial ?? 0, m: lv.municipal ?? 0 }), prov: 'none' },
		{ id: 'va', label: t('kpi.va'), value: num(s.value_added_wan_yuan, 0), unit: unitLabel('万元'), prov: 'none' },
		{ id: 'energy', label: t('kpi.energy'), value: num(s.energy_tce, 0), unit: 'tce', sub: t('kpi.energy.eq', { v: num(s.energy_tce_equivalent, 0) }), prov: 'energy', accent: 'a' },
		{ id: 'co2', label: t('kpi.co2'), value: num(s.co2_t, 0), unit: 'tCO₂', prov: 'co2', accent: 'b' },
		{ id: 'co2_per_tce', label: t('kpi.co2_per_tce'), value: sig(s.co2_per_tce), unit: 'tCO₂/tce', prov: 'all' },
		{ id: 'co2_per_wan_yuan', label: t('kpi.co2_per_wan_yuan'), value: sig(s.co2_per_wan_yuan), unit: 'tCO₂/' + unitLabel('万元'), prov: 'co2' },
		{ id: 'tce_per_wan_yuan', label: t('kpi.tce_per_wan_yuan'), value: sig(s.tce_per_wan_yuan), unit: 'tce/' + unitLabel('万元'), prov: 'energy' },
		{ id: 'clean', label: t('kpi.clean'), value: pct(s.clean_share), unit: '', sub: t('kpi.renewable', { p: pct(s.renewable_share) }), prov: 'energy', accent: 'c' },
	];

	const sampleBadge = park.sample ? `<span class="sample-badge" data-test="sample" title="${esc(t('sample.title'))}">${esc(t('sample'))}</span>` : '';
	view.innerHTML = `
	<section class="overview${big ? ' big' : ''}" data-test="overview">
		<div class="ov-head">
			<div class="ov-titles">
				<h1 class="ov-title">${esc(park.name || t('app.title'))}${sampleBadge}</h1>
				<div class="ov-meta">${esc([park.region, t('method.' + prov.method), prov.year].filter(Boolean).join(' · '))}</div>
			</div>
			<div class="ov-actions">
				${big ? '<span class="clock" data-clock></span>' : ''}
				${!big && state.user && ['admin', 'analyst'].includes(state.user.role) ? `<a class="btn" data-test="report-download" download href="api/v1/report.xlsx?year=${encodeURIComponent(prov.year || state.year)}&amp;method=${encodeURIComponent(prov.method || state.method)}" title="${esc(t('report.download.title', { y: prov.year || state.year, m: t('method.' + (prov.method || state.method)) }))}">⬇ ${esc(t('report.download'))}</a>` : ''}
				<a class="btn" href="${big ? '#/overview' : '#/screen'}" data-test="screen-toggle">${esc(big ? t('screen.exit') : t('screen.enter'))}</a>
			</div>
		</div>
		<div class="kpis">
			${kpis.map((k) => `<div class="kpi${k.accent ? ' kpi-' + k.accent : ''}" data-kpi="${k.id}">
				<div class="kpi-label">${esc(k.label)}</div>
				<div class="kpi-value"><span class="kpi-num">${esc(k.value)}</span>${k.unit ? `<span class="kpi-unit">${esc(k.unit)}</span>` : ''}</div>
				${k.sub ? `<div class="kpi-sub">${esc(k.sub)}</div>` : ''}
			</div>`).join('')}
		</div>
		<div class="charts">
			<div class="panel"><h3>${esc(t('chart.energy'))}</h3><div class="chart" data-chart="energy"></div></div>
			<div class="panel"><h3>${esc(t('chart.co2'))}</h3><div class="chart" data-chart="co2"></div></div>
			<div class="panel"><h3>${esc(t('chart.source'))}</h3><div class="chart" data-chart="source"></div></div>
			<div class="panel"><h3>${esc(t('chart.flow'))}</h3><div class="chart" data-chart="flow"></div></div>
			<div class="panel"><h3>${esc(t('chart.subparks'))}</h3><div class="chart" data-chart="subparks"></div></div>
			<div class="panel"><h3>${esc(t('chart.platforms'))}</h3><div class="chart" data-chart="platforms"></div></div>
		</div>
		${big ? '' : factorsTable(prov)}
		<p class="legend-note">${esc(t('prov.legend'))}</p>
	</section>`;

	for (const k of kpis) {
		const el = view.querySelector(`[data-kpi="${k.id}"]`);
		attachProv(el, () => `<div class="tt"><b>${esc(k.label)}</b>: ${esc(k.value)} ${esc(k.unit || '')}</div>${provHtml(prov, k.prov === 'none' ? 'process' : k.prov)}`);
	}

	const q = (name) => view.querySelector(`[data-chart="${name}"]`);
	chartOrMessage(q('energy'), tsE, (v) => trendOption(v, prov, 'energy', PALETTE[0]));
	chartOrMessage(q('co2'), tsC, (v) => trendOption(v, prov, 'co2', PALETTE[5]));
	chart(q('source'), sourceOption(s.co2_t_by_source || {}, prov));
	chartOrMessage(q('flow'), flow, (v) => sankeyOption(v, { enterprises: false, prov }));
	chartOrMessage(q('subparks'), subs, (v) => subparkOption(v.items || []));
	chart(q('platforms'), platformOption(s));

	if (big) startClock(view, ctx);
}

function chartOrMessage(el, result, build) {
	if (result.ok) return chart(el, build(result.value));
	el.innerHTML = result.error && result.error.status === 403 ? `<div class="msg msg-forbidden small">${esc(t('err.forbidden'))}</div>` : `<div class="msg msg-error small">${esc(result.error ? result.error.message : t('nodata'))}</div>`;
	return null;
}

function startClock(view, ctx) {
	const el = view.querySelector('[data-clock]');
	const tick = () => {
		if (!ctx.alive() || !el.isConnected) return;
		el.textContent = new Date().toLocaleString(document.documentElement.lang || 'zh-CN', { hour12: false });
		setTimeout(tick, 1000);
	};
	tick();
}

export function factorsTable(prov) {
	const rows = (prov.factors || []).map((f) => `<tr><td><code>${esc(f.key)}</code></td><td class="num">${esc(sig(f.value, 6))} ${esc(f.unit || '')}</td><td>${confBadge(f.confidence)}</td><td>${esc(f.year_used ?? '—')}</td><td class="src">${esc(f.source || '')}</td></tr>`).join('');
	const warns = (prov.warnings || []).map((w) => `<li>${esc(w)}</li>`).join('');
	return `<details class="panel factors" data-test="factors"><summary>${esc(t('factors.table'))} · ${esc(t('method.' + prov.method))}</summary>
		<div class="table-wrap"><table class="grid"><thead><tr><th>${esc(t('factors.key'))}</th><th>${esc(t('factors.value'))}</th><th>${esc(t('factors.conf'))}</th><th>${esc(t('factors.year'))}</th><th>${esc(t('prov.source'))}</th></tr></thead><tbody>${rows}</tbody></table></div>
		${warns ? `<h4>${esc(t('prov.warnings'))}</h4><ul class="warn-list">${warns}</ul>` : ''}</details>`;
}

export function sourceOption(bySource, prov) {
	const keys = ['fuel', 'electricity', 'heat', 'process'];
	const colors = { fuel: '#ff7a59', electricity: '#37d1ff', heat: '#ffc857', process: '#a78bfa' };
	return (r) => {
		const data = keys.filter((k) => bySource[k]).map((k) => ({ name: t('src.' + k), value: bySource[k], key: k, itemStyle: { color: colors[k] } }));
		const total = data.reduce((a, d) => a + d.value, 0);
		return Object.assign(baseOption(r), {
			tooltip: Object.assign(tooltipBase(r), {
				trigger: 'item',
				formatter: (p) => `<div class="tt"><b>${esc(p.name)}</b>: ${esc(num(p.value, 0))} tCO₂ (${esc(num(p.percent, 1))}%)</div>${provHtml(prov, p.data.key, { max: 6, sources: true })}`,
			}),
			legend: { bottom: 0, textStyle: { color: '#cfe3ff', fontSize: Math.round(0.72 * r) }, itemWidth: 0.9 * r, itemHeight: 0.6 * r },
			title: { text: num(total, 0), subtext: 'tCO₂', left: 'center', top: '36%', textStyle: { color: '#e6f1ff', fontSize: Math.round(1.0 * r), fontWeight: 600 }, subtextStyle: { color: '#9fbfe0', fontSize: Math.round(0.7 * r) } },
			series: [{
				type: 'pie', radius: ['45%', '68%'], center: ['50%', '45%'], data,
				label: { color: '#cfe3ff', fontSize: Math.round(0.72 * r), formatter: '{d}%' },
				labelLine: { length: 0.4 * r, length2: 0.4 * r },
				itemStyle: { borderColor: '#0b1e33', borderWidth: 2 },
			}],
		});
	};
}

// The energyflow answer as a Sankey; with enterprises false only carriers and sub-parks.
export function sankeyOption(flow, { enterprises = true, prov = null } = {}) {
	const kinds = new Map((flow.nodes || []).map((n) => [n.name, n.kind]));
	const keep = (name) => enterprises || kinds.get(name) !== 'enterprise';
	const links = (flow.links || []).filter((l) => keep(l.source) && keep(l.target) && l.value > 0);
	const used = new Set();
	links.forEach((l) => { used.add(l.source); used.add(l.target); });
	const color = { carrier: '#ffc857', subpark: '#37d1ff', enterprise: '#3ddc97' };
	const nodes = (flow.nodes || []).filter((n) => used.has(n.name)).map((n, i) => ({ name: n.name, kind: n.kind, itemStyle: { color: n.kind === 'carrier' ? PALETTE[(i + 2) % PALETTE.length] : color[n.kind] || '#94a3b8' } }));
	const label = (name) => (kinds.get(name) === 'carrier' ? itemName(name) : name);
	return (r) => Object.assign(baseOption(r), {
		tooltip: Object.assign(tooltipBase(r), {
			trigger: 'item',
			formatter: (p) => {
				if (p.dataType === 'edge') return `<div class="tt">${esc(label(p.data.source))} → ${esc(label(p.data.target))}<br><b>${esc(num(p.data.value, 1))}</b> ${esc(flow.unit || 'tce')}</div>${prov ? provHtml(prov, 'energy', { max: 5, sources: false }) : ''}`;
				return `<div class="tt"><b>${esc(label(p.name))}</b> · ${esc(t('kind.' + p.data.kind))}<br>${esc(num(p.value, 1))} ${esc(flow.unit || 'tce')}</div>`;
			},
		}),
		series: [{
			type: 'sankey', left: 0.5 * r, right: (enterprises ? 14 : 8) * r, top: 0.5 * r, bottom: 0.5 * r,
			nodeWidth: 0.8 * r, nodeGap: (enterprises ? 0.85 : 0.95) * r, draggable: false,
			emphasis: { focus: 'adjacency' },
			data: nodes, links,
			lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
			label: { color: '#e6f1ff', fontSize: Math.round((enterprises ? 0.68 : 0.72) * r), formatter: (p) => label(p.name), overflow: 'truncate', width: (enterprises ? 13 : 7.5) * r },
		}],
	});
}

function subparkOption(items) {
	return (r) => {
		const ax = axisStyle(r);
		const sorted = items.slice().sort((a, b) => a.enterprises - b.enterprises);
		return Object.assign(baseOption(r), {
			grid: { left: 0.5 * r, right: 2 * r, top: 0.5 * r, bottom: 0.5 * r, containLabel: true },
			tooltip: Object.assign(tooltipBase(r), { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (ps) => `<div class="tt"><b>${esc(ps[0].name)}</b><br>${esc(t('enterprises.count'))}: ${esc(ps[0].value)}</div>` }),
			xAxis: Object.assign({ type: 'value', minInterval: 1 }, ax),
			yAxis: Object.assign({ type: 'category', data: sorted.map((s) => s.name) }, ax, { axisLabel: Object.assign({}, ax.axisLabel, { width: 9 * r, overflow: 'truncate' }) }),
			series: [{ type: 'bar', data: sorted.map((s) => s.enterprises), barMaxWidth: 1.1 * r, itemStyle: { color: PALETTE[1], borderRadius: [0, 0.2 * r, 0.2 * r, 0] }, label: { show: true, position: 'right', color: '#cfe3ff', fontSize: Math.round(0.7 * r) } }],
		});
	};
}

function platformOption(s) {
	const lv = s.platforms_by_level || {};
	return (r) => {
		const ax = axisStyle(r);
		const levels = ['national', 'provincial', 'municipal'];
		return Object.assign(baseOption(r), {
			grid: { left: 0.5 * r, right: '42%', top: 2.4 * r, bottom: 0.5 * r, containLabel: true },
			tooltip: Object.assign(tooltipBase(r), { trigger: 'item' }),
			legend: { top: 0, textStyle: { color: '#cfe3ff', fontSize: Math.round(0.72 * r) }, itemWidth: 0.9 * r, itemHeight: 0.6 * r },
			xAxis: Object.assign({ type: 'category', data: levels.map((l) => t('level.' + l)) }, ax, { splitLine: { show: false } }),
			yAxis: Object.assign({ type: 'value', minInterval: 1 }, ax),
			series: [
				{ name: t('chart.platforms.level'), type: 'bar', data: levels.map((l) => lv[l] || 0), barMaxWidth: 2.2 * r, itemStyle: { color: PALETTE[4], borderRadius: [0.2 * r, 0.2 * r, 0, 0] }, label: { show: true, position: 'top', color: '#cfe3ff', fontSize: Math.round(0.75 * r) } },
				{
					type: 'pie', radius: ['0%', '24%'], center: ['78%', '58%'],
					data: [{ name: t('kind.rd'), value: s.rd_platforms || 0, itemStyle: { color: PALETTE[0] } }, { name: t('kind.innovation'), value: s.innovation_platforms || 0, itemStyle: { color: PALETTE[2] } }],
					label: { color: '#cfe3ff', fontSize: Math.round(0.68 * r), formatter: '{b}\n{c}' },
					labelLine: { length: 0.3 * r, length2: 0.3 * r },
				},
			],
		});
	};
}
