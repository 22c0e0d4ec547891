// ui.js — small helpers shared by the views: escaping and number formats, the provenance
// tooltip (method, factors, confidence, warnings behind every figure), ECharts set-up that
// follows the page's rem size, and message panels.
import { t, locale } from './i18n.js';
import { state } from './state.js';

export function esc(v) {
	return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

// ---------------------------------------------------------------- numbers
export function num(v, digits = 1) {
	if (v === null || v === undefined || !Number.isFinite(Number(v))) return '—';
	return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(Number(v));
}
// A number with about `sig` significant digits, for intensities (1.84, 0.0352).
export function sig(v, s = 3) {
	if (v === null || v === undefined || !Number.isFinite(Number(v))) return '—';
	const x = Number(v);
	if (x === 0) return '0';
	const d = Math.max(0, Math.min(6, s - 1 - Math.floor(Math.log10(Math.abs(x)))));
	return num(x, d);
}
export function pct(v, digits = 1) {
	if (v === null || v === undefined || !Number.isFinite(Number(v))) return '—';
	return num(Number(v) * 100, digits) + '%';
}
export function signedPct(v, digits = 1) {
	if (v === null || v === undefined || !Number.isFinite(Number(v))) return '—';
	return (v > 0 ? '+' : '') + pct(v, digits);
}
// Units as the API writes them (tCO2/万元, 万m3); in English the Chinese multipliers are spelt out.
export function unitLabel(u) {
	const s = String(u ?? '');
	if (locale() === 'zh-CN') return s;
	return s.replace(/亿元/g, '10⁸ yuan').replace(/万元/g, '10k yuan').replace(/万(?=[A-Za-z])/g, '10k ').replace(/元/g, 'yuan');
}
export function rem() {
	return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

// ---------------------------------------------------------------- provenance
// Which factor keys stand behind a kind of figure, so a tooltip lists only those.
const FACTOR_FILTERS = {
	energy: (k) => /\.tce_per_unit$|\.ncv$/.test(k) || k === 'electricity_equivalent',
	co2: (k) => !/\.tce_per_unit$/.test(k) && k !== 'electricity_equivalent',
	fuel: (k) => /^item\..*\.(ncv|cc|oxidation)$/.test(k),
	electricity: (k) => /^grid\.|^method\.zcp2025\.electricity$/.test(k),
	heat: (k) => k === 'method.heat',
	process: () => false,
	all: () => true,
};

// prov = {method, year, factors, warnings}; kind picks the factors shown (see FACTOR_FILTERS).
export function provHtml(prov, kind = 'all', { max = 10, sources = true } = {}) {
	if (!prov) return '';
	const filter = FACTOR_FILTERS[kind] || FACTOR_FILTERS.all;
	const factors = (prov.factors || []).filter((f) => filter(f.key));
	let h = `<div class="prov"><div class="prov-method"><b>${esc(t('prov.method'))}</b> ${esc(t('method.' + prov.method))} <code>${esc(prov.method)}</code>${prov.year ? ` · ${esc(prov.year)}` : ''}</div>`;
	if (factors.length) {
		h += `<div class="prov-head">${esc(t('prov.factors'))}</div><ul class="prov-factors">`;
		for (const f of factors.slice(0, max)) {
			// a yearly factor taken from an earlier year (the year fallback) says so
			const fallback = f.year_used !== null && f.year_used !== undefined && String(f.year_used) !== String(f.year_requested ?? prov.year);
			const yr = fallback ? ` <span class="prov-year">${esc(t('prov.year_used', { y: f.year_used }))}</span>` : '';
			h += `<li><code>${esc(f.key)}</code> = ${esc(sig(f.value, 6))} ${esc(f.unit || '')} ${confBadge(f.confidence)}${yr}`;
			if (sources && f.source) h += `<div class="prov-src">${esc(t('prov.source'))}: ${esc(f.source)}</div>`;
			h += '</li>';
		}
		h += '</ul>';
		if (factors.length > max) h += `<div class="prov-more">${esc(t('prov.more', { n: factors.length - max }))}</div>`;
	} else {
		h += `<div class="prov-none">${esc(t('prov.none'))}</div>`;
	}
	const warnings = prov.warnings || [];
	if (warnings.length) {
		h += `<div class="prov-head">${esc(t('prov.warnings'))}</div><ul class="prov-warn">${warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`;
	}
	return h + '</div>';
}
export function confBadge(c) {
	return `<span class="conf conf-${esc(c || 'unknown')}">${esc(t('conf.' + c) === 'conf.' + c ? c || '?' : t('conf.' + c))}</span>`;
}

const tip = () => document.getElementById('tip');
// Shows the provenance of a figure while the pointer (or keyboard focus) is on `el`.
export function attachProv(el, getHtml) {
	el.tabIndex = el.tabIndex >= 0 ? el.tabIndex : 0;
	el.classList.add('has-prov');
	const show = (x, y) => {
		const box = tip();
		if (!box) return;
		box.innerHTML = getHtml();
		box.hidden = false;
		place(box, x, y);
	};
	el.addEventListener('mouseenter', (e) => show(e.clientX, e.clientY));
	el.addEventListener('mousemove', (e) => {
		const box = tip();
		if (box && !box.hidden) place(box, e.clientX, e.clientY);
	});
	el.addEventListener('focus', () => {
		const r = el.getBoundingClientRect();
		show(r.left + r.width / 2, r.bottom);
	});
	const hide = () => {
		const box = tip();
		if (box) box.hidden = true;
	};
	el.addEventListener('mouseleave', hide);
	el.addEventListener('blur', hide);
}
function place(box, x, y) {
	const pad = 14;
	const w = box.offsetWidth, h = box.offsetHeight;
	let left = x + pad, top = y + pad;
	if (left + w > window.innerWidth - 4) left = Math.max(4, x - w - pad);
	if (top + h > window.innerHeight - 4) top = Math.max(4, y - h - pad);
	box.style.left = left + 'px';
	box.style.top = top + 'px';
}
export function hideTip() {
	const box = tip();
	if (box) box.hidden = true;
}

// ---------------------------------------------------------------- charts
export const PALETTE = ['#37d1ff', '#3ddc97', '#ffc857', '#ff7a59', '#a78bfa', '#5b8def', '#f472b6', '#94a3b8', '#22d3ee', '#facc15'];
const live = new Set();

// chart(el, build) draws build(r) with r = the page's rem in px, and draws it again with the
// new r when the window changes size (so a 4K screen gets larger text). Returns the instance.
export function chart(el, build) {
	if (!window.echarts) {
		el.innerHTML = `<div class="msg msg-error">${esc(t('err.noecharts'))}</div>`;
		return null;
	}
	const c = window.echarts.init(el, null, { renderer: 'canvas' });
	const entry = { c, build, el, ro: null };
	c.setOption(build(rem()));
	if (window.ResizeObserver) {
		entry.ro = new ResizeObserver(() => c.resize());
		entry.ro.observe(el);
	}
	live.add(entry);
	return c;
}
export function disposeCharts() {
	for (const e of live) {
		if (e.ro) e.ro.disconnect();
		e.c.dispose();
	}
	live.clear();
}
let resizeTimer = null;
window.addEventListener('resize', () => {
	clearTimeout(resizeTimer);
	resizeTimer = setTimeout(() => {
		const r = rem();
		for (const e of live) {
			e.c.setOption(e.build(r), true);
			e.c.resize();
		}
	}, 120);
});

// Common option parts: dark background, readable text sized in rem.
// Canvas text needs a real family list (a CSS keyword like 'inherit' voids the whole font).
const FONT = '"PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif';
export function baseOption(r) {
	return {
		color: PALETTE,
		backgroundColor: 'transparent',
		textStyle: { color: '#cfe3ff', fontSize: Math.round(0.8 * r), fontFamily: FONT },
		animationDuration: 600,
	};
}
export function tooltipBase(r) {
	return {
		confine: true,
		backgroundColor: 'rgba(8,22,40,0.96)',
		borderColor: '#2b5f8f',
		textStyle: { color: '#e6f1ff', fontSize: Math.round(0.78 * r) },
		extraCssText: `max-width:${Math.round(30 * r)}px;white-space:normal;box-shadow:0 0.3rem 1.2rem rgba(0,0,0,.5);`,
	};
}
export function axisStyle(r) {
	return {
		axisLine: { lineStyle: { color: '#3a6a96' } },
		axisLabel: { color: '#9fbfe0', fontSize: Math.round(0.72 * r) },
		splitLine: { lineStyle: { color: 'rgba(80,130,180,0.18)' } },
		nameTextStyle: { color: '#9fbfe0', fontSize: Math.round(0.72 * r) },
	};
}

// Monthly bars (value) with 同比 / 环比 lines on a % axis; ts = /api/v1/timeseries answer.
export function trendOption(ts, prov, provKind, color) {
	return (r) => {
		const months = (ts && ts.months) || [];
		const ax = axisStyle(r);
		return Object.assign(baseOption(r), {
			grid: { left: 3.6 * r, right: 3.2 * r, top: 2.6 * r, bottom: 1.8 * r },
			legend: { top: 0, right: 0, textStyle: { color: '#cfe3ff', fontSize: Math.round(0.72 * r) }, itemWidth: r, itemHeight: 0.6 * r },
			tooltip: Object.assign(tooltipBase(r), {
				trigger: 'axis',
				formatter: (ps) => {
					const i = ps[0].dataIndex;
					const m = months[i] || {};
					return `<div class="tt"><b>${esc(m.period)}</b><br>${esc(t('series.value'))}: <b>${esc(num(m.value, 1))}</b> ${esc(unitLabel(ts.unit))}<br>${esc(t('series.yoy'))}: ${esc(signedPct(m.yoy))} · ${esc(t('series.mom'))}: ${esc(signedPct(m.mom))}</div>${provHtml(prov, provKind, { max: 6, sources: false })}`;
				},
			}),
			xAxis: Object.assign({ type: 'category', data: months.map((m) => m.period.slice(5)) }, ax, { splitLine: { show: false } }),
			yAxis: [
				Object.assign({ type: 'value', name: ts ? unitLabel(ts.unit) : '', nameGap: 0.6 * r }, ax, { axisLabel: Object.assign({}, ax.axisLabel, { formatter: (v) => compact(v) }) }),
				Object.assign({ type: 'value', name: '%', nameGap: 0.6 * r }, ax, { splitLine: { show: false }, axisLabel: Object.assign({}, ax.axisLabel, { formatter: (v) => Math.round(v) + '%' }) }),
			],
			series: [
				{ name: t('series.value'), type: 'bar', data: months.map((m) => m.value), barMaxWidth: 2 * r, itemStyle: { color: color || PALETTE[0], borderRadius: [0.2 * r, 0.2 * r, 0, 0] } },
				{ name: t('series.yoy'), type: 'line', yAxisIndex: 1, smooth: true, symbolSize: 0.35 * r, data: months.map((m) => (m.yoy === null || m.yoy === undefined ? null : +(m.yoy * 100).toFixed(2))), itemStyle: { color: '#ffc857' } },
				{ name: t('series.mom'), type: 'line', yAxisIndex: 1, smooth: true, symbolSize: 0.35 * r, data: months.map((m) => (m.mom === null || m.mom === undefined ? null : +(m.mom * 100).toFixed(2))), itemStyle: { color: '#ff7a59' }, lineStyle: { type: 'dashed' } },
			],
		});
	};
}
// 12345 → 1.2万 (zh) or 12.3k (en), for axis labels.
export function compact(v) {
	const a = Math.abs(v);
	if (locale() === 'zh-CN') {
		if (a >= 1e8) return num(v / 1e8, 1) + '亿';
		if (a >= 1e4) return num(v / 1e4, 1) + '万';
		return num(v, 1);
	}
	if (a >= 1e6) return num(v / 1e6, 1) + 'M';
	if (a >= 1e3) return num(v / 1e3, 1) + 'k';
	return num(v, 1);
}

// ---------------------------------------------------------------- messages
export function errorPanel(err, role = state.user ? state.user.role : '') {
	if (err && err.status === 403) {
		return `<div class="msg msg-forbidden" data-test="forbidden"><h2>${esc(t('err.forbidden'))} (403)</h2><p>${esc(t('err.forbidden.text', { role: t('role.' + role) }))}</p>${err.message ? `<p class="muted">${esc(err.message)}</p>` : ''}</div>`;
	}
	if (err && err.status === 404) {
		return `<div class="msg msg-error"><h2>${esc(t('err.notfound'))} (404)</h2><p>${esc(err.message)}</p></div>`;
	}
	const title = err && err.status === 0 ? t('err.network') : t('err.generic');
	return `<div class="msg msg-error"><h2>${esc(title)}${err && err.status ? ` (${err.status})` : ''}</h2><p>${esc(err ? err.message : '')}</p></div>`;
}
export function forbiddenPanel(role = state.user ? state.user.role : '', message = '') {
	return errorPanel({ status: 403, message: message || '' }, role);
}
let toastTimer = null;
export function toast(text, kind = 'ok') {
	let el = document.getElementById('toast');
	if (!el) return;
	el.textContent = text;
	el.className = `toast toast-${kind}`;
	el.hidden = false;
	clearTimeout(toastTimer);
	toastTimer = setTimeout(() => {
		el.hidden = true;
	}, 4000);
}
