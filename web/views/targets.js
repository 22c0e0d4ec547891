// views/targets.js — 目标与路径: the park's targets (GET /api/v1/targets) for the top bar's year
// and method: per target its metric, path, base year and value, the value required for the
// year against the actual one (达标 / 落后), the trajectory (required path dashed, actual solid),
// the ten enterprises contributing most to the gap (⚠ where their own trend puts the target at
// risk) and the warnings. Admins and analysts add targets (POST /api/v1/targets) and delete
// them (DELETE /api/v1/targets/{id}); the API's errors are shown inline.
//
// Route: #/targets (admin, analyst).
import { api } from '../api.js';
import { t } from '../i18n.js';
import { state } from '../state.js';
import { esc, num, sig, unitLabel, chart, disposeCharts, hideTip, baseOption, tooltipBase, axisStyle, attachProv, errorPanel, toast } from '../ui.js';

export const METRICS = ['co2_per_wan_yuan', 'tce_per_wan_yuan', 'clean_share', 'output_value', 'value_added', 'co2_t', 'energy_tce'];
export const PATHS = ['rate', 'reach', 'multiple'];
const UNITS = {
	co2_per_wan_yuan: 'tCO₂/万元', tce_per_wan_yuan: 'tce/万元', clean_share: '', output_value: '万元',
	value_added: '万元', co2_t: 'tCO₂', energy_tce: 'tce',
};

export function allowed(u) {
	return !!u && (u.role === 'admin' || u.role === 'analyst');
}

function fmt(v, metric) {
	if (v === null || v === undefined || !Number.isFinite(Number(v))) return '—';
	if (metric === 'clean_share') return num(100 * Number(v), 1) + '%';
	const a = Math.abs(Number(v));
	const s = a >= 1000 ? num(v, 0) : a >= 100 ? num(v, 1) : a >= 1 ? num(v, 3) : sig(v, 3);
	const u = UNITS[metric] ? unitLabel(UNITS[metric]) : '';
	return u ? `${s} ${u}` : s;
}
function metricName(m) {
	const k = 'tg.metric.' + m;
	const s = t(k);
	return s === k ? m : s;
}
function pathText(tg) {
	if (tg.path === 'rate') return t('tg.path.rate.desc', { a: (tg.amount > 0 ? '+' : '') + num(tg.amount, 2) });
	if (tg.path === 'reach') return t('tg.path.reach.desc', { a: fmt(tg.amount, tg.metric), y: tg.target_year });
	if (tg.path === 'multiple') return t('tg.path.multiple.desc', { a: num(tg.amount, 2), y: tg.target_year });
	return tg.path;
}
function unitText(u) {
	return String(u || '').replace(/CO2/g, 'CO₂');
}

export async function render(view, ctx) {
	view.innerHTML = `<div class="loading">${esc(t('loading'))}</div>`;
	const page = { view, ctx, year: state.year, method: state.method };
	await load(page);
}

async function load(page) {
	const { view, ctx, year, method } = page;
	let data;
	try {
		data = await api('/targets', { query: { year, method } });
	} catch (err) {
		if (ctx.alive()) view.innerHTML = errorPanel(err);
		return;
	}
	if (!ctx.alive()) return;
	const y0 = window.scrollY;
	disposeCharts();
	hideTip();
	draw(page, data);
	window.scrollTo(0, y0);
}

function draw(page, data) {
	const { view } = page;
	const list = data.targets || [];
	const sampleBadge = state.park && state.park.sample ? `<span class="sample-badge" title="${esc(t('sample.title'))}">${esc(t('sample'))}</span>` : '';
	view.innerHTML = `<section class="page targets" data-test="targets" data-year="${esc(data.year)}" data-method="${esc(data.method)}">
		<div class="ind-head"><div>
			<h1>${esc(t('tg.title'))}${sampleBadge}</h1>
			<div class="ind-meta">${esc(t('method.' + data.method))} · ${esc(t('ind.year', { y: data.year }))} · ${esc(t('tg.count', { n: list.length }))}</div>
		</div></div>
		${form()}
		<div class="tg-list">${list.length ? list.map((x) => card(x)).join('') : `<p class="muted" data-test="tg-empty">${esc(t('tg.none'))}</p>`}</div>
	</section>`;
	for (const tg of list) {
		const el = view.querySelector(`[data-chart="tg-${tg.id}"]`);
		if (el) chart(el, trajOption(tg));
		const head = view.querySelector(`[data-test=target][data-id="${tg.id}"] .tg-figs`);
		if (head) attachProv(head, () => tip(tg));
	}
	for (const b of view.querySelectorAll('[data-act=delete]')) b.addEventListener('click', () => remove(page, b));
	wireForm(page, view.querySelector('form[data-test=target-form]'));
}

function tip(tg) {
	const row = (l, h) => `<div class="ind-tip-row"><b>${esc(l)}</b> ${h}</div>`;
	let h = `<div class="tt"><b>${esc(metricName(tg.metric))}</b> <code>${esc(tg.metric)}</code></div><div class="prov">`;
	h += row(t('tg.path'), esc(pathText(tg)));
	h += row(t('tg.base'), `${esc(tg.base_year)} · ${esc(fmt(tg.base_value, tg.metric))}`);
	h += row(t('tg.method'), `${esc(t('method.' + state.method))} <code>${esc(state.method)}</code>`);
	h += row(t('tg.gap'), esc(fmt(tg.gap, tg.metric)));
	if (tg.note) h += row(t('tg.note'), esc(tg.note));
	return h + '</div>';
}

function card(tg) {
	const st = tg.on_track === true ? 'pass' : tg.on_track === false ? 'fail' : 'na';
	const badge = tg.on_track === true ? t('tg.ontrack') : tg.on_track === false ? t('tg.behind') : t('ind.na.data');
	const contrib = (tg.contributions || []).slice(0, 10);
	const warns = tg.warnings || [];
	const scope = tg.scope && tg.scope !== 'park' ? ` · ${esc(tg.scope)}` : '';
	return `<article class="panel tg-card tg-${st}" data-test="target" data-id="${esc(tg.id)}" data-metric="${esc(tg.metric)}" data-on-track="${esc(String(tg.on_track))}">
		<header class="tg-head">
			<h3>${esc(metricName(tg.metric))} <code>${esc(tg.metric)}</code>${scope}</h3>
			<span class="badge badge-${st}" data-test="badge">${esc(badge)}</span>
			<button type="button" class="btn small danger" data-act="delete" data-id="${esc(tg.id)}" data-test="target-delete">${esc(t('tg.delete'))}</button>
		</header>
		<div class="tg-body">
			<div class="tg-figs">
				<div><span class="muted">${esc(t('tg.path'))}</span> ${esc(pathText(tg))}</div>
				<div><span class="muted">${esc(t('tg.base'))}</span> ${esc(tg.base_year)} · ${esc(fmt(tg.base_value, tg.metric))}</div>
				<div data-test="required"><span class="muted">${esc(t('tg.required', { y: state.year }))}</span> <b>${esc(fmt(tg.required, tg.metric))}</b></div>
				<div data-test="actual"><span class="muted">${esc(t('tg.actual'))}</span> <b class="dist-${st}">${esc(fmt(tg.actual, tg.metric))}</b></div>
				${tg.note ? `<div class="muted small">${esc(t('tg.note'))}: ${esc(tg.note)}</div>` : ''}
				${warns.length ? `<ul class="tg-warn" data-test="warnings">${warns.map((w) => `<li>⚠ ${esc(w)}</li>`).join('')}</ul>` : ''}
			</div>
			<div class="tg-chart" data-chart="tg-${esc(tg.id)}"></div>
			<div class="tg-contrib" data-test="contributions">
				<div class="muted small">${esc(t('tg.contrib'))}</div>
				${contrib.length ? `<table class="grid"><tbody>${contrib.map((c) => `<tr data-uscc="${esc(c.uscc)}"${c.at_risk ? ' class="at-risk"' : ''}>
					<td class="num">${esc(c.rank)}</td>
					<td><a href="#/enterprise/${encodeURIComponent(c.uscc)}">${esc(c.name || c.uscc)}</a>${c.at_risk ? ` <span class="risk" title="${esc(t('tg.atrisk'))}">⚠</span>` : ''}</td>
					<td class="num">${esc(num(c.contribution, Math.abs(c.contribution) >= 100 ? 0 : 2))} ${esc(unitText(c.unit))}</td></tr>`).join('')}</tbody></table>`
		: `<p class="muted small">${esc(t('nodata'))}</p>`}
			</div>
		</div>
	</article>`;
}

function trajOption(tg) {
	const tr = tg.trajectory || [];
	const scale = tg.metric === 'clean_share' ? 100 : 1;
	const val = (v) => (v === null || v === undefined ? null : Number(v) * scale);
	return (r) => {
		const ax = axisStyle(r);
		return Object.assign(baseOption(r), {
			animationDuration: 400,
			tooltip: Object.assign(tooltipBase(r), { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : fmt(v / scale, tg.metric)) }),
			legend: { top: 0, textStyle: { color: '#9fbfe0', fontSize: Math.round(0.7 * r) }, itemHeight: 0.5 * r },
			grid: { left: 3.2 * r, right: 0.8 * r, top: 1.8 * r, bottom: 1.6 * r },
			xAxis: Object.assign({ type: 'category', data: tr.map((p) => String(p.year)) }, ax, { splitLine: { show: false } }),
			yAxis: Object.assign({ type: 'value', scale: true }, ax),
			series: [
				{ name: t('tg.series.required'), type: 'line', data: tr.map((p) => val(p.required)), lineStyle: { type: 'dashed', color: '#ffc857', width: 2 }, itemStyle: { color: '#ffc857' }, symbolSize: 0.35 * r },
				{ name: t('tg.series.actual'), type: 'line', data: tr.map((p) => val(p.actual)), lineStyle: { color: '#37d1ff', width: 2.5 }, itemStyle: { color: '#37d1ff' }, symbolSize: 0.45 * r, connectNulls: false },
			],
		});
	};
}

function form() {
	const years = [...state.years].sort((a, b) => a - b);
	const by = years.includes(state.year - 2) ? state.year - 2 : years[0];
	return `<details class="panel tg-add" data-test="target-add" open><summary>${esc(t('tg.add'))}</summary>
		<form class="tg-form" data-test="target-form" novalidate>
			<label>${esc(t('tg.metric'))}<select name="metric">${METRICS.map((m) => `<option value="${m}">${esc(metricName(m))}</option>`).join('')}</select></label>
			<label>${esc(t('tg.path'))}<select name="path">${PATHS.map((p) => `<option value="${p}">${esc(t('tg.path.' + p))}</option>`).join('')}</select></label>
			<label>${esc(t('tg.baseyear'))}<input name="base_year" type="number" step="1" value="${esc(by)}" required></label>
			<label data-field="target_year" hidden>${esc(t('tg.targetyear'))}<input name="target_year" type="number" step="1" value="${esc(state.year + 6)}"></label>
			<label><span data-amount-label>${esc(t('tg.amount.rate'))}</span><input name="amount" type="number" step="any" required inputmode="decimal"></label>
			<label class="tg-note">${esc(t('tg.note'))}<input name="note" type="text" maxlength="200"></label>
			<button type="submit" class="btn primary">${esc(t('tg.submit'))}</button>
			<div class="attr-error" data-test="target-error" aria-live="polite"></div>
		</form></details>`;
}

function wireForm(page, f) {
	if (!f) return;
	const sync = () => {
		const p = f.elements.path.value;
		f.querySelector('[data-field=target_year]').hidden = p === 'rate';
		f.querySelector('[data-amount-label]').textContent = t('tg.amount.' + p);
	};
	f.elements.path.addEventListener('change', sync);
	sync();
	f.addEventListener('submit', async (e) => {
		e.preventDefault();
		const out = f.querySelector('[data-test=target-error]');
		out.textContent = '';
		const path = f.elements.path.value;
		const body = { metric: f.elements.metric.value, path, base_year: parseInt(f.elements.base_year.value, 10) };
		const amount = Number(String(f.elements.amount.value).trim());
		if (f.elements.amount.value.trim() === '' || !Number.isFinite(amount)) {
			out.textContent = t('ind.attr.number');
			return;
		}
		body.amount = amount;
		if (path !== 'rate') body.target_year = parseInt(f.elements.target_year.value, 10);
		const note = f.elements.note.value.trim();
		if (note) body.note = note;
		const btn = f.querySelector('button[type=submit]');
		btn.disabled = true;
		try {
			const r = await api('/targets', { method: 'POST', json: body });
			if (!page.ctx.alive()) return;
			toast(t('tg.added', { id: r && r.id }));
			await load(page);
		} catch (err) {
			btn.disabled = false;
			if (f.isConnected) out.textContent = err.message;
		}
	});
}

async function remove(page, b) {
	const id = b.dataset.id;
	if (!window.confirm(t('tg.delete.confirm', { id }))) return;
	b.disabled = true;
	try {
		await api('/targets/' + encodeURIComponent(id), { method: 'DELETE' });
		if (!page.ctx.alive()) return;
		toast(t('tg.deleted', { id }));
		await load(page);
	} catch (err) {
		b.disabled = false;
		const art = b.closest('[data-test=target]');
		if (art) {
			let e = art.querySelector('.attr-error');
			if (!e) {
				e = document.createElement('div');
				e.className = 'attr-error';
				art.querySelector('.tg-head').after(e);
			}
			e.textContent = err.message;
		}
	}
}
