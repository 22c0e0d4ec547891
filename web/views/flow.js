// views/flow.js — the park's energy flow for the chosen year as a Sankey diagram:
// carriers (electricity, gas, heat…) → sub-parks → enterprises (viewers: to sub-parks only).
import { api, settle } from '../api.js';
import { t } from '../i18n.js';
import { state } from '../state.js';
import { esc, num, chart, errorPanel } from '../ui.js';
import { sankeyOption } from './overview.js';

export async function render(view, ctx) {
	view.innerHTML = `<div class="loading">${esc(t('loading'))}</div>`;
	const [flow, sum] = await settle([
		api('/energyflow', { query: { year: state.year } }),
		api('/park/summary', { query: { year: state.year, method: state.method } }),
	]);
	if (!ctx.alive()) return;
	if (!flow.ok) {
		view.innerHTML = errorPanel(flow.error);
		return;
	}
	const f = flow.value;
	const prov = sum.ok ? { method: sum.value.method || state.method, year: state.year, factors: sum.value.factors || [], warnings: sum.value.warnings || [] } : null;
	const nodes = f.nodes || [];
	const count = (k) => nodes.filter((n) => n.kind === k).length;
	const carriersTotal = (f.links || []).filter((l) => nodes.find((n) => n.name === l.source && n.kind === 'carrier')).reduce((a, l) => a + l.value, 0);
	const tallest = Math.max(count('carrier'), count('subpark'), count('enterprise'), 1);
	const heightRem = Math.max(26, Math.min(200, tallest * 1.5 + 4));
	view.innerHTML = `<section class="page flow" data-test="flow">
		<h1>${esc(t('flow.title'))} · ${esc(state.year)}</h1>
		<p class="muted">${esc(t('flow.hint'))}${state.user.role === 'viewer' ? ' ' + esc(t('flow.viewer')) : ''}</p>
		<div class="flow-stats">
			<span>${esc(t('kind.carrier'))}: <b>${count('carrier')}</b></span>
			<span>${esc(t('kind.subpark'))}: <b>${count('subpark')}</b></span>
			${count('enterprise') ? `<span>${esc(t('kind.enterprise'))}: <b>${count('enterprise')}</b></span>` : ''}
			<span>Σ <b>${esc(num(carriersTotal, 0))}</b> ${esc(f.unit || 'tce')}</span>
		</div>
		<div class="panel"><div class="chart chart-flow" data-chart="sankey" style="height:${heightRem}rem"></div></div>
	</section>`;
	if (!nodes.length) {
		view.querySelector('[data-chart]').innerHTML = `<div class="msg">${esc(t('nodata'))}</div>`;
		return;
	}
	chart(view.querySelector('[data-chart="sankey"]'), sankeyOption(f, { enterprises: true, prov }));
}
