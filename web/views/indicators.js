// views/indicators.js — 指标评价: the park (or a sub-park, or one enterprise) measured against an
// indicator set (GET /api/v1/evaluation): the 零碳园区 set of 2025 (zcp2025) or the 绿色园区 set
// of 2016 (miit2016), for the top bar's year. A summary (required / optional indicators met),
// one scorecard per indicator (value, target, badge, distance, a gauge, the last three years),
// and the data-completeness list: every indicator without a value and what it lacks; park
// attributes (attr(CODE)) can be entered there by admins and analysts
// (POST /api/v1/park/attributes), after which the evaluation is asked again.
//
// Route: #/indicators[?standard=zcp2025|miit2016][&enterprise=USCC | &subpark=NAME].
import { api, settle } from '../api.js';
import { t, itemName, lang } from '../i18n.js';
import { state, can } from '../state.js';
import { esc, num, sig, unitLabel, chart, disposeCharts, hideTip, baseOption, attachProv, errorPanel, toast } from '../ui.js';

export const STANDARDS = ['zcp2025', 'miit2016'];
const GROUPS = {
	zcp2025: ['core', 'guiding'],
	miit2016: ['energy', 'resource', 'infrastructure', 'industry', 'ecology', 'management'],
};
const COLOR = { pass: '#3ddc97', fail: '#ff6b6b', na: '#5d7896', target: '#ffc857' };

// The scope a route asks for: an enterprise user without ?enterprise= gets its own enterprise.
export function scopeOf(u, query) {
	const q = query || new URLSearchParams();
	const enterprise = q.get('enterprise') || (u && u.role === 'enterprise' ? u.enterprise : null) || null;
	return { enterprise, subpark: enterprise ? null : q.get('subpark') || null };
}
// Who may open the page (the server decides again): the park and sub-parks as for aggregates
// (admin, analyst, viewer), an enterprise as for its detail page (admin, analyst, itself).
export function allowed(u, query) {
	const s = scopeOf(u, query);
	return s.enterprise ? can.enterprise(u, s.enterprise) : can.aggregates(u);
}
// The navigation entry to mark: an enterprise's evaluation belongs with the enterprise pages.
export function navFor(u, query) {
	if (!scopeOf(u, query).enterprise) return 'indicators';
	return u && u.role === 'enterprise' ? 'enterprise' : 'enterprises';
}
export function canEdit(u) {
	return !!u && (u.role === 'admin' || u.role === 'analyst');
}
function chosenStandard(query) {
	const q = query.get('standard');
	if (STANDARDS.includes(q)) return q;
	try {
		const s = localStorage.getItem('gp.standard');
		if (STANDARDS.includes(s)) return s;
	} catch {
		/* ignore */
	}
	return STANDARDS[0];
}
function hashFor(standard, scope) {
	const p = new URLSearchParams();
	p.set('standard', standard);
	if (scope.enterprise) p.set('enterprise', scope.enterprise);
	else if (scope.subpark) p.set('subpark', scope.subpark);
	return '#/indicators?' + p.toString();
}

// ---------------------------------------------------------------- formats
const isBool = (ind) => ind.direction === 'bool';
const isPct = (ind) => ind.unit === '%';
function unitText(u) {
	if (!u || u === 'yes/no' || u === 'ratio') return '';
	if (u === 'level') return t('ind.unit.level');
	let s = String(u).replace(/CO2/g, 'CO₂').replace(/m3\b/g, 'm³').replace(/km2\b/g, 'km²');
	s = unitLabel(s);
	if (lang() === 'en') s = s.replace(/\/人$/, '/person');
	return s;
}
// value with its unit: "2.46 tCO₂/tce", "76.38%", "是"
function withUnit(v, ind) {
	const u = unitText(ind.unit);
	if (!u) return v;
	return isPct(ind) ? v + '%' : v + ' ' + u;
}
function fmt(v) {
	if (v === null || v === undefined || !Number.isFinite(Number(v))) return '—';
	const a = Math.abs(Number(v));
	if (a >= 1000) return num(v, 0);
	if (a >= 100) return num(v, 1);
	if (a >= 1) return num(v, 2);
	return sig(v, 3);
}
function boolWord(v, ind) {
	const lvl = ind.unit === 'level';
	if (Number(v) === 1) return t(lvl ? 'ind.complete' : 'ind.yes');
	if (Number(v) === 0) return t(lvl ? 'ind.incomplete' : 'ind.no');
	return fmt(v);
}
function valueText(ind, v = ind.value) {
	if (v === null || v === undefined) return '—';
	return isBool(ind) ? boolWord(v, ind) : withUnit(fmt(v), ind);
}
function targetText(ind) {
	if (ind.target === null || ind.target === undefined) return '—';
	if (isBool(ind)) return boolWord(ind.target, ind);
	const dir = ind.direction === 'max' ? '≤' : ind.direction === 'min' ? '≥' : '';
	return `${dir} ${withUnit(num(ind.target, 4), ind)}`.trim();
}
// a difference in the indicator's unit; percentages are percentage points
function diffText(g, ind) {
	if (isPct(ind)) return t('ind.pp', { v: fmt(g) });
	const u = unitText(ind.unit);
	return u ? `${fmt(g)} ${u}` : fmt(g);
}
function status(ind) {
	return ind.pass === true ? 'pass' : ind.pass === false ? 'fail' : 'na';
}
function badgeText(ind) {
	if (ind.pass === true) return t('ind.pass');
	if (ind.pass === false) return t('ind.fail');
	return ind.value === null || ind.value === undefined ? t('ind.na.data') : t('ind.na.target');
}
// how far the value is from its target (or how far beyond it when met)
function distanceText(ind) {
	if (ind.value === null || ind.value === undefined) return t('ind.dist.nodata');
	if (ind.target === null || ind.target === undefined) return t('ind.dist.notarget');
	if (isBool(ind)) return ind.pass ? t('ind.dist.met') : t('ind.dist.unmet');
	if (ind.pass === false) {
		const key = ind.direction === 'max' ? 'ind.dist.over' : 'ind.dist.under';
		return t(key, { g: diffText(ind.gap, ind), p: ind.gap_pct === null || ind.gap_pct === undefined ? '—' : num(ind.gap_pct, 1) + '%' });
	}
	if (ind.pass === true) {
		const m = ind.direction === 'max' ? ind.target - ind.value : ind.value - ind.target;
		return m > 0 ? t('ind.dist.better', { g: diffText(m, ind) }) : t('ind.dist.exact');
	}
	return '';
}
// the distance in a unit a person acts on (gap_abs, e.g. tCO2 above what ZC1's target allows),
// where the server gives one
function absText(ind) {
	if (ind.pass !== false || ind.gap_abs === null || ind.gap_abs === undefined || !Number.isFinite(Number(ind.gap_abs))) return '';
	const u = unitText(ind.gap_abs_unit || '');
	return t('ind.dist.abs', { g: `${num(Math.abs(ind.gap_abs), Math.abs(ind.gap_abs) >= 100 ? 0 : 2)}${u ? ' ' + u : ''}` });
}
function name(ind) {
	return lang() === 'en' ? ind.name_en || ind.name_zh : ind.name_zh || ind.name_en;
}
function otherName(ind) {
	return lang() === 'en' ? ind.name_zh : ind.name_en;
}
// "no threshold applies (targets hold for: …)" in the reader's language; other notes as they are
function noteText(note) {
	if (!note) return '';
	const m = /^no threshold applies \(targets hold for: (.*)\)$/.exec(note);
	return m ? t('ind.note.nothreshold', { x: m[1] }) : note;
}
function confText(c) {
	if (!c) return t('ind.conf.none');
	return c.split(/;\s*/).map((p) => {
		const k = 'ind.conf.' + p.trim().replace(/\s+/g, '_');
		const s = t(k);
		return s === k ? p : s;
	}).join('；');
}
function confClass(c) {
	if (!c) return 'conf-unknown';
	return /unconfirmed/.test(c) ? 'conf-unconfirmed' : 'conf-confirmed';
}

// "water_reclaimed (2024); attr(GG5) (2024)" → [{raw, key, year, attr}]
export function parseMissing(text) {
	if (!text) return [];
	return String(text).split(/;\s*/).filter(Boolean).map((raw) => {
		const m = /^(.*?)\s*\((\d{4})\)$/.exec(raw.trim());
		const key = m ? m[1] : raw.trim();
		const year = m ? parseInt(m[2], 10) : null;
		const a = /^attr\(([^)]+)\)$/.exec(key);
		return { raw: raw.trim(), key, year, attr: a ? a[1] : null };
	});
}
function missingLabel(p) {
	if (p.attr) return t('ind.attr', { c: p.attr });
	const k = 'ind.src.' + p.key;
	const s = t(k);
	if (s !== k) return s;
	return itemName(p.key);
}
function missingHtml(p) {
	const label = missingLabel(p);
	const code = p.attr ? '' : label === p.key ? '' : ` <code>${esc(p.key)}</code>`;
	return `<span class="miss-item" title="${esc(p.raw)}">${esc(label)}${code}${p.year ? ` <span class="muted">(${esc(p.year)})</span>` : ''}</span>`;
}

// ---------------------------------------------------------------- page
export async function render(view, ctx) {
	const user = state.user;
	const scope = scopeOf(user, ctx.query);
	const standard = chosenStandard(ctx.query);
	try {
		localStorage.setItem('gp.standard', standard);
	} catch {
		/* ignore */
	}
	view.innerHTML = `<div class="loading">${esc(t('loading'))}</div>`;
	const page = { view, ctx, user, scope, standard, year: state.year };
	await load(page, false);
}

async function load(page, keepScroll) {
	const { ctx, scope, standard, year } = page;
	const years = [year - 2, year - 1, year];
	const q = { standard, enterprise: scope.enterprise, subpark: scope.subpark };
	const calls = years.map((y) => api('/evaluation', { query: Object.assign({ year: y }, q) }));
	calls.push(scope.enterprise ? api('/enterprises/' + encodeURIComponent(scope.enterprise)) : Promise.resolve(null));
	calls.push(!scope.enterprise && can.aggregates(page.user) ? api('/subparks', { query: { per_page: 500 } }) : Promise.resolve(null));
	const res = await settle(calls);
	if (!ctx.alive()) return;
	const main = res[2];
	if (!main.ok) {
		page.view.innerHTML = errorPanel(main.error);
		return;
	}
	const trend = new Map(); // code → [ind of year-2, year-1, year]
	years.forEach((y, i) => {
		const r = res[i];
		for (const ind of r.ok ? r.value.indicators || [] : []) {
			if (!trend.has(ind.code)) trend.set(ind.code, [null, null, null]);
			trend.get(ind.code)[i] = ind;
		}
	});
	const ent = res[3].ok ? res[3].value : null;
	const subparks = res[4].ok && res[4].value ? res[4].value.items || [] : [];
	const y0 = window.scrollY;
	disposeCharts();
	hideTip();
	draw(page, main.value, trend, years, ent, subparks);
	if (keepScroll) window.scrollTo(0, y0);
}

function draw(page, ev, trend, years, ent, subparks) {
	const { view, user, scope, standard } = page;
	const inds = ev.indicators || [];
	const s = ev.summary || {};
	const park = state.park || {};
	const missing = inds.filter((i) => i.value === null || i.value === undefined);
	const noVerdict = inds.filter((i) => i.pass === null || i.pass === undefined).length;
	const scopeName = scope.enterprise ? (ent ? ent.name : scope.enterprise) : scope.subpark || park.name || t('ind.scope.park');
	const sampleBadge = park.sample ? `<span class="sample-badge" title="${esc(t('sample.title'))}">${esc(t('sample'))}</span>` : '';
	const frac = (a, b) => `${num(a ?? 0, 0)}/${num(b ?? 0, 0)}`;
	const bar = (a, b) => `<div class="ind-bar"><span style="width:${b ? Math.round((100 * (a || 0)) / b) : 0}%"></span></div>`;

	const groups = GROUPS[standard] || [];
	const extra = [...new Set(inds.map((i) => i.group))].filter((g) => !groups.includes(g));
	const sections = groups.concat(extra).map((g) => {
		const list = inds.filter((i) => i.group === g);
		if (!list.length) return '';
		return `<section class="ind-group" data-group="${esc(g)}"><h2>${esc(groupName(standard, g))} <span class="muted small">${esc(t('ind.group.count', { n: list.length }))}</span></h2>
			<div class="scorecards">${list.map((i) => card(i, trend.get(i.code), years)).join('')}</div></section>`;
	}).join('');

	const scopeSel = scope.enterprise ? '' : `<label class="inline">${esc(t('ind.scope'))}
		<select data-act="scope"><option value="">${esc(t('ind.scope.park'))}</option>${subparks.map((sp) => `<option value="${esc(sp.name)}"${sp.name === scope.subpark ? ' selected' : ''}>${esc(sp.name)}</option>`).join('')}</select></label>`;

	view.innerHTML = `<section class="page indicators" data-test="indicators" data-standard="${esc(ev.standard || standard)}" data-year="${esc(ev.year)}" data-scope="${esc(ev.scope || '')}">
		${scope.enterprise ? `<a class="back" href="#/enterprise/${encodeURIComponent(scope.enterprise)}">${esc(t('ind.back'))}</a>` : ''}
		<div class="ind-head">
			<div>
				<h1>${esc(t('ind.title'))} · ${esc(scopeName)}${sampleBadge}</h1>
				<div class="ind-meta">${esc(t('std.' + standard + '.long'))} · ${esc(t('ind.year', { y: ev.year }))}</div>
			</div>
			<div class="ind-controls">
				<div class="seg" role="group" aria-label="${esc(t('ind.standard'))}" data-test="standard">${STANDARDS.map((sd) => `<a class="btn${sd === standard ? ' active' : ''}" data-standard="${sd}" href="${esc(hashFor(sd, scope))}"${sd === standard ? ' aria-current="true"' : ''}>${esc(t('std.' + sd))} <code>${sd}</code></a>`).join('')}</div>
				${scopeSel}
			</div>
		</div>
		<div class="ind-summary" data-test="ind-summary">
			<div class="kpi kpi-c" data-sum="required"><div class="kpi-label">${esc(t('ind.sum.required'))}</div><div class="kpi-value"><span class="kpi-num">${esc(frac(s.required_met, s.required_total))}</span></div>${bar(s.required_met, s.required_total)}</div>
			<div class="kpi" data-sum="optional"><div class="kpi-label">${esc(t('ind.sum.optional'))}</div><div class="kpi-value"><span class="kpi-num">${esc(frac(s.optional_met, s.optional_total))}</span></div>${bar(s.optional_met, s.optional_total)}</div>
			<div class="kpi kpi-b" data-sum="noverdict"><div class="kpi-label">${esc(t('ind.sum.noverdict'))}</div><div class="kpi-value"><span class="kpi-num">${esc(num(noVerdict, 0))}</span><span class="kpi-unit">${esc(t('ind.items'))}</span></div><div class="kpi-sub">${esc(t('ind.sum.of', { n: inds.length }))}</div></div>
			<div class="kpi kpi-a" data-sum="missing"><div class="kpi-label">${esc(t('ind.sum.missing'))}</div><div class="kpi-value"><span class="kpi-num">${esc(num(missing.length, 0))}</span><span class="kpi-unit">${esc(t('ind.items'))}</span></div>
				<div class="kpi-sub">${missing.length ? `<a href="#" data-act="to-missing">${esc(t('ind.sum.tolist'))}</a>` : esc(t('ind.complete.all'))}</div></div>
		</div>
		<p class="legend-note ind-legend">${esc(t('ind.legend', { a: years[0], b: years[2] }))}</p>
		${sections || `<p class="muted">${esc(t('nodata'))}</p>`}
		${completeness(missing, user, scope)}
		${coverage(ev.completeness, user)}
	</section>`;

	// hover: formula, source, confidence, method, note (and what is missing)
	for (const ind of inds) {
		const el = view.querySelector(`.sc[data-code="${cssId(ind.code)}"]`);
		if (el) attachProv(el, () => cardTip(ind));
	}
	// gauges and three-year trends
	for (const ind of inds) {
		const g = view.querySelector(`[data-chart="gauge-${cssId(ind.code)}"]`);
		if (g) chart(g, gaugeOption(ind));
		const tr = view.querySelector(`[data-chart="trend-${cssId(ind.code)}"]`);
		if (tr) chart(tr, trendOption(ind, trend.get(ind.code) || [], years));
	}

	const sel = view.querySelector('[data-act="scope"]');
	if (sel) sel.addEventListener('change', () => {
		location.hash = hashFor(standard, { subpark: sel.value || null });
	});
	const toList = view.querySelector('[data-act="to-missing"]');
	if (toList) toList.addEventListener('click', (e) => {
		e.preventDefault();
		const box = view.querySelector('[data-test=completeness]');
		if (box) box.scrollIntoView({ behavior: 'smooth', block: 'start' });
	});
	for (const a of view.querySelectorAll('.seg [data-standard]')) {
		a.addEventListener('click', () => {
			try {
				localStorage.setItem('gp.standard', a.dataset.standard);
			} catch {
				/* ignore */
			}
		});
	}
	for (const form of view.querySelectorAll('form[data-test=attr-form]')) wireForm(page, form, inds);
}

function cssId(code) {
	return String(code).replace(/["\\]/g, '');
}

function groupName(standard, g) {
	const k = `ind.group.${standard}.${g}`;
	const s = t(k);
	return s === k ? g : s;
}

function card(ind, hist, years) {
	const st = status(ind);
	const hasGauge = !isBool(ind) && ind.target !== null && ind.target !== undefined && ind.value !== null && ind.value !== undefined;
	const numeric = !isBool(ind);
	const miss = parseMissing(ind.missing);
	const note = ind.note ? `<div class="sc-note">${esc(t('ind.note.short'))}</div>` : '';
	const missLine = miss.length ? `<div class="sc-miss">${esc(t('ind.missing.short'))}: ${miss.map((p) => esc(missingLabel(p))).join(lang() === 'en' ? ', ' : '、')}</div>` : '';
	// bars for numbers with at least one value in the three years; chips otherwise
	const bars = numeric && (hist || []).some((h) => h && h.value !== null && h.value !== undefined);
	const chips = !bars ? `<div class="sc-years">${years.map((y, i) => {
		const h = hist && hist[i];
		const hs = h ? status(h) : 'na';
		return `<span class="yr yr-${hs}"><b>${esc(y)}</b> ${esc(h ? valueText(h) : '—')}</span>`;
	}).join('')}</div>` : '';
	return `<article class="sc sc-${st}" data-test="scorecard" data-code="${esc(ind.code)}" data-pass="${esc(String(ind.pass))}">
		<header class="sc-head">
			<code class="sc-code">${esc(ind.code)}</code>
			<span class="sc-req ${ind.required ? 'req' : 'opt'}">${esc(t(ind.required ? 'ind.required' : 'ind.optional'))}</span>
			<span class="badge badge-${st}" data-test="badge" title="${esc(t('ind.badge.title'))}">${esc(badgeText(ind))}</span>
		</header>
		<div class="sc-name" data-test="name">${esc(name(ind))}</div>
		<div class="sc-name2">${esc(otherName(ind) || '')}</div>
		<div class="sc-body${hasGauge ? '' : ' no-gauge'}">
			<div class="sc-figs">
				<div class="sc-value" data-test="value">${esc(valueText(ind))}</div>
				<div class="sc-target" data-test="target"><span class="muted">${esc(t('ind.target'))}</span> ${esc(targetText(ind))}</div>
				<div class="sc-dist dist-${st}" data-test="distance">${esc(distanceText(ind))}${absText(ind) ? `<br><span class="sc-abs">${esc(absText(ind))}</span>` : ''}</div>
			</div>
			${hasGauge ? `<div class="sc-gauge" data-chart="gauge-${esc(ind.code)}"></div>` : ''}
		</div>
		${note}${missLine}
		${bars ? `<div class="sc-trend" data-chart="trend-${esc(ind.code)}"></div>` : chips}
	</article>`;
}

function cardTip(ind) {
	const row = (label, html) => `<div class="ind-tip-row"><b>${esc(label)}</b> ${html}</div>`;
	const method = ind.method ? `${esc(t('method.' + ind.method))} <code>${esc(ind.method)}</code>` : `<span class="muted">${esc(t('ind.method.none'))}</span>`;
	const miss = parseMissing(ind.missing);
	let h = `<div class="tt"><b><code>${esc(ind.code)}</code> ${esc(name(ind))}</b><br><span class="muted">${esc(otherName(ind) || '')}</span></div><div class="prov">`;
	h += row(t('ind.formula'), `<code>${esc(ind.formula || '—')}</code>`);
	h += row(t('ind.source'), esc(ind.source || '—'));
	h += row(t('ind.confidence'), `<span class="conf ${confClass(ind.confidence)}">${esc(confText(ind.confidence))}</span>`);
	h += row(t('ind.method'), method);
	h += row(t('ind.value'), `${esc(valueText(ind))} · ${esc(t('ind.target'))} ${esc(targetText(ind))}`);
	h += row(t('ind.distance'), esc([distanceText(ind), absText(ind)].filter(Boolean).join(' · ')));
	if (ind.note) h += `<div class="prov-head">${esc(t('ind.note'))}</div><div class="ind-tip-note">${esc(noteText(ind.note))}</div>`;
	if (miss.length) h += `<div class="prov-head">${esc(t('ind.missing'))}</div><ul class="prov-warn">${miss.map((p) => `<li>${esc(missingLabel(p))}${p.attr ? '' : ` <code>${esc(p.key)}</code>`}${p.year ? ` (${esc(p.year)})` : ''}</li>`).join('')}</ul>`;
	return h + '</div>';
}

// ---------------------------------------------------------------- charts
function niceCeil(x) {
	if (!(x > 0)) return 1;
	const p = Math.pow(10, Math.floor(Math.log10(x)));
	for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= x - 1e-12) return m * p;
	return 10 * p;
}
function gaugeRange(ind) {
	const v = Number(ind.value), tg = Number(ind.target);
	if (isPct(ind) && v >= 0 && v <= 100 && tg >= 0 && tg <= 100) return [0, 100];
	const hi = niceCeil(Math.max(v, tg, 0) * 1.2);
	const lo = Math.min(v, tg, 0) < 0 ? -niceCeil(Math.abs(Math.min(v, tg)) * 1.2) : 0;
	return [lo, hi];
}
function gaugeOption(ind) {
	const [lo, hi] = gaugeRange(ind);
	const at = Math.min(1, Math.max(0, (Number(ind.target) - lo) / (hi - lo)));
	const good = COLOR.pass, bad = COLOR.fail;
	const bands = ind.direction === 'max' ? [[at, good], [1, bad]] : [[at, bad], [1, good]];
	const v = Math.min(hi, Math.max(lo, Number(ind.value)));
	return (r) => Object.assign(baseOption(r), {
		animationDuration: 500,
		series: [{
			type: 'gauge', min: lo, max: hi, startAngle: 205, endAngle: -25, splitNumber: 1,
			radius: '92%', center: ['50%', '60%'],
			axisLine: { lineStyle: { width: Math.max(4, 0.42 * r), color: bands } },
			pointer: { length: '70%', width: Math.max(2, 0.16 * r), itemStyle: { color: '#e6f1ff' } },
			anchor: { show: true, size: Math.max(4, 0.45 * r), itemStyle: { color: '#e6f1ff', borderColor: '#0b1e33', borderWidth: 1 } },
			axisTick: { show: false },
			splitLine: { show: false },
			axisLabel: { show: false },
			title: { show: false },
			detail: { show: false },
			data: [{ value: v }],
		}],
	});
}
function trendOption(ind, hist, years) {
	const target = ind.target;
	return (r) => {
		const data = years.map((y, i) => {
			const h = hist[i];
			const val = h && h.value !== null && h.value !== undefined ? Number(h.value) : null;
			return { value: val, itemStyle: { color: COLOR[h ? status(h) : 'na'], borderRadius: [0.15 * r, 0.15 * r, 0, 0] } };
		});
		const vals = data.map((d) => d.value).filter((v) => v !== null);
		const top = Math.max(0, ...vals, target ?? 0);
		const bottom = Math.min(0, ...vals);
		return Object.assign(baseOption(r), {
			animationDuration: 400,
			grid: { left: 0.3 * r, right: 0.3 * r, top: 1.25 * r, bottom: 1.35 * r },
			xAxis: {
				type: 'category', data: years.map(String),
				axisLine: { lineStyle: { color: '#3a6a96' } }, axisTick: { show: false },
				axisLabel: { color: '#9fbfe0', fontSize: Math.round(0.62 * r), margin: 0.3 * r },
			},
			yAxis: { type: 'value', show: false, min: bottom < 0 ? bottom * 1.15 : 0, max: top > 0 ? top * 1.25 : 1 },
			series: [{
				type: 'bar', data, barWidth: '38%',
				// the target line; z 1 keeps it under the bars' labels (a markLine's own default is 5)
				markLine: target === null || target === undefined ? undefined : {
					silent: true, symbol: 'none', z: 1,
					lineStyle: { color: COLOR.target, type: 'dashed', width: 1 },
					label: { show: false },
					data: [{ yAxis: target }],
				},
				label: { show: true, position: 'top', color: '#cfe3ff', fontSize: Math.round(0.62 * r), distance: 0.15 * r, backgroundColor: 'rgba(14, 38, 64, 0.9)', padding: [0.05 * r, 0.2 * r], borderRadius: 0.15 * r, formatter: (p) => (p.value === null || p.value === undefined ? '—' : fmt(p.value)) },
			}],
		});
	};
}

// ---------------------------------------------------------------- data completeness
function completeness(missing, user, scope) {
	const edit = canEdit(user);
	const head = `<h3>${esc(t('ind.complete.title'))} <span class="muted small">${esc(t('ind.complete.count', { n: missing.length }))}</span></h3>`;
	if (!missing.length) return `<section class="panel completeness" data-test="completeness">${head}<p class="muted">${esc(t('ind.complete.all'))}</p></section>`;
	const rows = missing.map((ind) => {
		const parts = parseMissing(ind.missing);
		const attrs = parts.filter((p) => p.attr);
		const ledger = parts.filter((p) => !p.attr);
		let action = '';
		if (attrs.length && edit) action = attrs.map((p) => attrForm(ind, p)).join('');
		else if (attrs.length) action = `<span class="muted">${esc(t('ind.attr.readonly'))}</span>`;
		if (ledger.length && can.upload(user)) action += `<a class="btn small" href="#/data">${esc(t('ind.toupload'))}</a>`;
		else if (ledger.length && !attrs.length) action += `<span class="muted">${esc(t('ind.ledger.hint'))}</span>`;
		return `<tr data-code="${esc(ind.code)}" data-missing="${esc(ind.missing || '')}">
			<td><code>${esc(ind.code)}</code></td>
			<td>${esc(name(ind))}${ind.required ? ` <span class="sc-req req">${esc(t('ind.required'))}</span>` : ''}</td>
			<td class="miss-cell" data-test="missing">${parts.length ? parts.map(missingHtml).join('<span class="sep">；</span>') : `<span class="muted">${esc(ind.note ? noteText(ind.note) : '—')}</span>`}
				${ind.missing ? `<div class="miss-raw"><code>${esc(ind.missing)}</code></div>` : ''}</td>
			<td class="miss-act">${action}</td></tr>`;
	}).join('');
	const help = edit ? t('ind.complete.help.edit') : t('ind.complete.help');
	return `<section class="panel completeness" data-test="completeness">${head}
		<p class="muted small">${esc(help)}${scope.enterprise || scope.subpark ? ' ' + esc(t('ind.attr.parkwide')) : ''}</p>
		<div class="table-wrap"><table class="grid miss-table"><thead><tr><th>${esc(t('ind.code'))}</th><th>${esc(t('ind.name'))}</th><th>${esc(t('ind.missing'))}</th><th>${esc(edit ? t('ind.enter') : t('ind.action'))}</th></tr></thead>
		<tbody>${rows}</tbody></table></div></section>`;
}

// Ledger coverage (the answer's "completeness", where the server gives it): for every item the
// set reads, how many enterprises in scope reported it in the year, and the enterprises that
// reported only some months. Names of those enterprises are shown to the roles that see
// enterprises (admin, analyst); others see the counts.
function coverage(list, user) {
	if (!Array.isArray(list) || !list.length) return '';
	const names = can.enterpriseList(user) && can.perEnterprise(user);
	const short = list.filter((c) => c.enterprises_reporting < c.enterprises_in_scope || (c.partial || []).length).length;
	const month = (m) => String(m).slice(5);
	const rows = list.map((c) => {
		const part = c.partial || [];
		const share = c.enterprises_in_scope ? c.enterprises_reporting / c.enterprises_in_scope : 0;
		const cls = c.enterprises_reporting === 0 ? 'cov-none' : share < 1 ? 'cov-some' : 'cov-all';
		let partial = '<span class="muted">—</span>';
		if (part.length && names) {
			partial = part.map((g) => `<div class="cov-partial"><a href="#/enterprise/${encodeURIComponent(g.uscc)}">${esc(g.name || g.uscc)}</a> <span class="muted">${esc(t('ind.cov.months', { m: (g.missing_months || []).map(month).join(lang() === 'en' ? ', ' : '、') }))}</span></div>`).join('');
		} else if (part.length) {
			partial = esc(t('ind.cov.partial', { n: part.length }));
		}
		return `<tr data-item="${esc(c.item)}" class="${cls}"><td>${esc(itemName(c.item))} <code>${esc(c.item)}</code></td><td class="num">${esc(c.year)}</td>
			<td class="num cov-count">${esc(t('ind.cov.of', { a: num(c.enterprises_reporting, 0), b: num(c.enterprises_in_scope, 0) }))}<div class="ind-bar cov-bar"><span style="width:${Math.round(100 * share)}%"></span></div></td>
			<td>${partial}</td></tr>`;
	}).join('');
	return `<details class="panel coverage" data-test="coverage" open><summary>${esc(t('ind.cov.title'))} <span class="muted small">${esc(t('ind.cov.count', { n: list.length, k: short }))}</span></summary>
		<p class="muted small">${esc(t('ind.cov.help'))}</p>
		<div class="table-wrap"><table class="grid cov-table"><thead><tr><th>${esc(t('detail.item'))}</th><th class="num">${esc(t('year'))}</th><th class="num">${esc(t('ind.cov.reporting'))}</th><th>${esc(t('ind.cov.partial.head'))}</th></tr></thead>
		<tbody>${rows}</tbody></table></div></details>`;
}

function attrForm(ind, p) {
	const year = p.year || state.year;
	let input;
	if (isBool(ind)) {
		const lvl = ind.unit === 'level';
		input = `<select name="value" required><option value="">${esc(t('ind.choose'))}</option><option value="yes">${esc(t(lvl ? 'ind.complete' : 'ind.yes'))}</option><option value="no">${esc(t(lvl ? 'ind.incomplete' : 'ind.no'))}</option></select>`;
	} else {
		const u = unitText(ind.unit);
		input = `<input name="value" type="number" step="any" required inputmode="decimal"${isPct(ind) ? ' min="0" max="100"' : ''} placeholder="${esc(t('ind.value'))}" aria-label="${esc(t('ind.value'))} ${esc(p.attr)}">${u ? `<span class="unit">${esc(u)}</span>` : ''}`;
	}
	return `<form class="attr-form" data-test="attr-form" data-attr="${esc(p.attr)}" data-year="${esc(year)}" data-indicator="${esc(ind.code)}" novalidate>
		<span class="attr-label"><code>${esc(p.attr)}</code> · ${esc(year)}</span>
		${input}
		<input name="source" type="text" maxlength="200" placeholder="${esc(t('ind.attr.source'))}" title="${esc(t('ind.attr.source.title'))}" aria-label="${esc(t('ind.attr.source'))}">
		<button type="submit" class="btn primary small">${esc(t('ind.save'))}</button>
		<div class="attr-error" data-test="attr-error" aria-live="polite"></div>
	</form>`;
}

function wireForm(page, form, inds) {
	const ind = inds.find((i) => i.code === form.dataset.indicator) || {};
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const out = form.querySelector('.attr-error');
		out.textContent = '';
		const raw = form.elements.value.value.trim();
		let value;
		if (isBool(ind)) {
			if (raw !== 'yes' && raw !== 'no') {
				out.textContent = t('ind.attr.choose');
				return;
			}
			value = raw;
		} else {
			value = Number(raw.replace(/,/g, ''));
			if (raw === '' || !Number.isFinite(value)) {
				out.textContent = t('ind.attr.number');
				return;
			}
			if (isPct(ind) && (value < 0 || value > 100)) {
				out.textContent = t('ind.attr.pct');
				return;
			}
		}
		const body = { year: parseInt(form.dataset.year, 10), code: form.dataset.attr, value };
		const src = form.elements.source.value.trim();
		if (src) body.source = src;
		const btn = form.querySelector('button[type=submit]');
		btn.disabled = true;
		try {
			await api('/park/attributes', { method: 'POST', json: body });
			if (!page.ctx.alive()) return;
			toast(t('ind.attr.saved', { c: body.code, y: body.year }));
			await load(page, true);
		} catch (err) {
			btn.disabled = false;
			if (!form.isConnected) return;
			out.textContent = err.status === 403 ? t('err.forbidden') + ': ' + err.message : err.message;
		}
	});
}
