// views/meters.js — 智慧园区计量: the park's meters and their readings (docs/metering.md).
// The meter list with each meter's latest reading and a 滞后 (stale) mark when that reading is
// older than 3 × the meter's interval (GET /api/v1/meters); a live chart of one meter's series
// (GET /api/v1/meters/{code}/series) with a step (raw / hour / day / month) and a range (24 h,
// 7 days, 30 days, this year), polling the latest points every 15 s while 实时 is on; the data
// quality per meter and month (GET /api/v1/meters/quality?year) with the gap / spike / reset /
// rollover flags; and the monthly meter totals against the ledger
// (GET /api/v1/meters/reconciliation?year&tolerance) with the differences above the tolerance
// highlighted. An enterprise user gets its own meters only (the server scopes every answer).
//
// Route: #/meters[?meter=CODE&step=raw|hour|day|month&range=24h|7d|30d|year&live=0&poll=S&tol=PCT]
// (admin, analyst, enterprise). The year of the quality and reconciliation tables is the top
// bar's; the chart's ranges end now, or at the meter's latest reading when that is older
// than the range (anchored: a note says so, and a new reading brings the chart back to now). Changing the chart or the tolerance redraws only that
// panel (and notes the choice in the address with history.replaceState, which does not
// re-render); the polling timer stops on the next render of any page and on hashchange.
import { api, settle } from '../api.js';
import { t, addStrings, itemName, itemUnit } from '../i18n.js';
import { state } from '../state.js';
import { esc, num, pct, sig, unitLabel, rem, chart, baseOption, tooltipBase, axisStyle, compact, errorPanel, PALETTE } from '../ui.js';

const ROLES = ['admin', 'analyst', 'enterprise'];
const KINDS = ['cumulative', 'interval', 'instant'];
const STEPS = ['raw', 'hour', 'day', 'month'];
const RANGES = ['24h', '7d', '30d', 'year'];
const POLLS = [5, 15, 30, 60];
const FLAGS = ['gap', 'spike', 'reset', 'rollover'];
const DEFAULT_POLL = 15; // seconds
const STALE_FACTOR = 3; // a latest reading older than 3 × the interval is stale

addStrings(
	{
		'nav.meters': '智慧计量',
		'mt.title': '智慧园区计量',
		'mt.meta': '计量表、实时读数、数据质量与台账对账 · {y} 年',
		'mt.kpi.meters': '计量表',
		'mt.kpi.reading': '有读数',
		'mt.kpi.stale': '读数滞后',
		'mt.kpi.flagged': '对账差异',
		'mt.kpi.unit': '块',
		'mt.kpi.rows': '项',
		'mt.empty.title': '尚未登记计量表',
		'mt.empty.text': '园区还没有计量表。用命令行登记计量表并导入读数后，这里显示读数、实时曲线、数据质量和与台账的对账：',
		'mt.empty.own': '本企业还没有计量表。',
		'mt.list': '计量表清单',
		'mt.list.count': '共 {n} 块',
		'mt.c.code': '表号',
		'mt.c.enterprise': '企业',
		'mt.c.item': '品种',
		'mt.c.unit': '单位',
		'mt.c.kind': '类型',
		'mt.c.interval': '采集间隔',
		'mt.c.latest': '最新读数',
		'mt.c.latest_at': '读数时间',
		'mt.c.month': '月份',
		'mt.c.days': '天数',
		'mt.c.points': '点数',
		'mt.c.expected': '应采点数',
		'mt.c.coverage': '完整率',
		'mt.c.flags': '标记',
		'mt.c.meter_total': '计量合计',
		'mt.c.reported': '台账填报',
		'mt.c.diff': '差额',
		'mt.c.diff_pct': '差异率',
		'mt.kind.cumulative': '累计',
		'mt.kind.interval': '区间',
		'mt.kind.instant': '瞬时',
		'mt.stale': '滞后',
		'mt.stale.title': '最新读数早于 3 个采集间隔',
		'mt.noreading': '无读数',
		'mt.select': '查看曲线',
		'mt.selected': '当前',
		'mt.sec': '{n} 秒',
		'mt.min': '{n} 分钟',
		'mt.hour': '{n} 小时',
		'mt.day': '{n} 天',
		'mt.chart': '读数曲线',
		'mt.chart.meter': '计量表',
		'mt.chart.step': '粒度',
		'mt.chart.range': '时段',
		'mt.step.raw': '原始',
		'mt.step.hour': '小时',
		'mt.step.day': '日',
		'mt.step.month': '月',
		'mt.range.24h': '近24小时',
		'mt.range.7d': '近7天',
		'mt.range.30d': '近30天',
		'mt.range.year': '今年',
		'mt.live': '实时',
		'mt.poll': '刷新间隔',
		'mt.poll.s': '{n} 秒',
		'mt.chart.none': '所选时段没有读数',
		'mt.chart.anchored': '该表最新读数在 {t}，图中为截至该读数的时段；有新读数时回到当前时间。',
		'mt.chart.status': '{n} 个点 · 更新于 {at}',
		'mt.chart.live': '实时刷新中（每 {n} 秒）',
		'mt.chart.paused': '实时已暂停',
		'mt.chart.added': '实时新增 {n} 点',
		'mt.quality.other': '最新读数在 {ys} 年；顶栏的年份只列出有台账数据的年份。',
		'mt.chart.reading': '读数（累计值）',
		'mt.chart.value': '读数',
		'mt.chart.consumption': '用量',
		'mt.chart.mean': '平均值',
		'mt.chart.note.raw_cum': '原始粒度显示累计表的表底读数；小时、日、月显示各时段用量。',
		'mt.chart.poll_error': '刷新失败：{m}',
		'mt.quality': '数据质量 · {y} 年（按计量表和月份）',
		'mt.quality.none': '{y} 年没有读数',
		'mt.flag.gap': '缺数',
		'mt.flag.spike': '尖峰',
		'mt.flag.reset': '清零',
		'mt.flag.rollover': '翻转',
		'mt.flag.gap.title': '相邻读数间隔超过采集间隔的 2 倍',
		'mt.flag.spike.title': '某一增量的速率达到当日中位速率的 20 倍以上',
		'mt.flag.reset.title': '累计值回落，按清零处理（从 0 计）',
		'mt.flag.rollover.title': '累计值越过满量程后翻转',
		'mt.flag.none': '正常',
		'mt.recon': '计量与台账对账 · {y} 年',
		'mt.recon.tol': '容差（%）',
		'mt.recon.apply': '重新对账',
		'mt.recon.sum': '{n} 项 · 超出容差 {f} 项 · 台账未填报 {m} 项',
		'mt.recon.none': '{y} 年没有可对账的计量合计（只计累计表和区间表）',
		'mt.recon.flagged': '超差',
		'mt.recon.missing': '未填报',
		'mt.recon.note': '差额 = 计量合计 − 台账填报；差异率以台账填报值为基数。超出容差的行高亮显示。',
		'mt.tol.bad': '容差应为 0 到 1000 之间的百分数',
	},
	{
		'nav.meters': 'Metering',
		'mt.title': 'Metering',
		'mt.meta': 'Meters, live readings, data quality and the ledger check · {y}',
		'mt.kpi.meters': 'Meters',
		'mt.kpi.reading': 'With readings',
		'mt.kpi.stale': 'Stale',
		'mt.kpi.flagged': 'Ledger differences',
		'mt.kpi.unit': '',
		'mt.kpi.rows': '',
		'mt.empty.title': 'No meters yet',
		'mt.empty.text': 'The park has no meters. Register meters and import readings with the command line; this page then shows the readings, a live chart, the data quality and the check against the ledger:',
		'mt.empty.own': 'Your enterprise has no meters yet.',
		'mt.list': 'Meters',
		'mt.list.count': '{n} meters',
		'mt.c.code': 'Meter',
		'mt.c.enterprise': 'Enterprise',
		'mt.c.item': 'Item',
		'mt.c.unit': 'Unit',
		'mt.c.kind': 'Kind',
		'mt.c.interval': 'Interval',
		'mt.c.latest': 'Latest reading',
		'mt.c.latest_at': 'Read at',
		'mt.c.month': 'Month',
		'mt.c.days': 'Days',
		'mt.c.points': 'Points',
		'mt.c.expected': 'Expected',
		'mt.c.coverage': 'Coverage',
		'mt.c.flags': 'Flags',
		'mt.c.meter_total': 'Meter total',
		'mt.c.reported': 'Reported',
		'mt.c.diff': 'Difference',
		'mt.c.diff_pct': 'Difference %',
		'mt.kind.cumulative': 'Cumulative',
		'mt.kind.interval': 'Interval',
		'mt.kind.instant': 'Instant',
		'mt.stale': 'stale',
		'mt.stale.title': 'The latest reading is older than 3 intervals',
		'mt.noreading': 'no reading',
		'mt.select': 'Chart',
		'mt.selected': 'shown',
		'mt.sec': '{n} s',
		'mt.min': '{n} min',
		'mt.hour': '{n} h',
		'mt.day': '{n} d',
		'mt.chart': 'Readings',
		'mt.chart.meter': 'Meter',
		'mt.chart.step': 'Step',
		'mt.chart.range': 'Range',
		'mt.step.raw': 'Raw',
		'mt.step.hour': 'Hour',
		'mt.step.day': 'Day',
		'mt.step.month': 'Month',
		'mt.range.24h': 'Last 24 h',
		'mt.range.7d': 'Last 7 days',
		'mt.range.30d': 'Last 30 days',
		'mt.range.year': 'This year',
		'mt.live': 'Live',
		'mt.poll': 'Refresh every',
		'mt.poll.s': '{n} s',
		'mt.chart.none': 'No readings in this range',
		'mt.chart.anchored': 'This meter\'s latest reading is at {t}: the chart shows the range up to it, and returns to now when new readings arrive.',
		'mt.chart.status': '{n} points · updated {at}',
		'mt.chart.live': 'live (every {n} s)',
		'mt.chart.paused': 'live paused',
		'mt.chart.added': '{n} points added live',
		'mt.quality.other': 'The latest readings are in {ys}; the year selector at the top lists only the years with ledger data.',
		'mt.chart.reading': 'Reading (counter)',
		'mt.chart.value': 'Reading',
		'mt.chart.consumption': 'Consumption',
		'mt.chart.mean': 'Mean',
		'mt.chart.note.raw_cum': 'Raw shows a cumulative meter\'s counter readings; hour, day and month show the consumption of each period.',
		'mt.chart.poll_error': 'Refresh failed: {m}',
		'mt.quality': 'Data quality · {y} (per meter and month)',
		'mt.quality.none': 'No readings in {y}',
		'mt.flag.gap': 'gap',
		'mt.flag.spike': 'spike',
		'mt.flag.reset': 'reset',
		'mt.flag.rollover': 'rollover',
		'mt.flag.gap.title': 'Readings further apart than twice the interval',
		'mt.flag.spike.title': 'An increment at 20 × the day\'s median rate or more',
		'mt.flag.reset.title': 'The counter dropped and was counted from 0',
		'mt.flag.rollover.title': 'The counter wrapped past its rollover value',
		'mt.flag.none': 'ok',
		'mt.recon': 'Meters against the ledger · {y}',
		'mt.recon.tol': 'Tolerance (%)',
		'mt.recon.apply': 'Check again',
		'mt.recon.sum': '{n} rows · {f} above the tolerance · {m} not reported in the ledger',
		'mt.recon.none': 'No meter totals to check for {y} (cumulative and interval meters only)',
		'mt.recon.flagged': 'differs',
		'mt.recon.missing': 'not reported',
		'mt.recon.note': 'Difference = meter total − reported; the percentage is of the reported value. Rows above the tolerance are highlighted.',
		'mt.tol.bad': 'The tolerance is a percentage from 0 to 1000',
	}
);

export function allowed(u) {
	return !!u && ROLES.includes(u.role);
}

export const routes = [{ re: /^meters$/, allow: (u) => allowed(u), view: { render }, nav: 'meters', noMethod: true }];

export function nav(u) {
	return allowed(u) ? [{ id: 'meters', href: '#/meters', label: t('nav.meters') }] : [];
}

// ---------------------------------------------------------------- the polling timer
// One live chart at a time: its timer is cleared on the next render (of this or any page,
// see stopLive in render and the hashchange listener) and whenever the chart is rebuilt.
let liveTimer = null;
let liveSeq = 0; // bumped on every stop: an answer arriving for an older chart is dropped
function stopLive() {
	if (liveTimer) clearTimeout(liveTimer);
	liveTimer = null;
	liveSeq++;
}
window.addEventListener('hashchange', stopLive);
// exposed for the browser checks: whether a poll is scheduled
Object.defineProperty(window, '__gpMetersLive', { configurable: true, get: () => liveTimer !== null });

// ---------------------------------------------------------------- helpers
const nowS = () => Math.floor(Date.now() / 1000);

// The park's offset from UTC in seconds: the server takes the zones of China, Hong Kong,
// Macau and Taipei (and any zone it does not know) as UTC+8, and UTC as 0 (docs/metering.md).
function parkOffset() {
	const tz = (state.park && state.park.timezone) || 'Asia/Shanghai';
	return tz === 'UTC' || tz === 'Etc/UTC' ? 0 : 8 * 3600;
}
// Unix seconds → "2026-11-26 14:05" in the park's time (seconds when withSec).
function fmtTime(ts, withSec = false) {
	if (ts === null || ts === undefined || !Number.isFinite(Number(ts))) return '—';
	const d = new Date((Number(ts) + parkOffset()) * 1000);
	const p = (n) => String(n).padStart(2, '0');
	let s = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
	if (withSec) s += ':' + p(d.getUTCSeconds());
	return s;
}
function fmtInterval(s) {
	s = Number(s);
	if (!Number.isFinite(s) || s <= 0) return '—';
	if (s % 86400 === 0) return t('mt.day', { n: s / 86400 });
	if (s % 3600 === 0) return t('mt.hour', { n: s / 3600 });
	if (s % 60 === 0) return t('mt.min', { n: s / 60 });
	return t('mt.sec', { n: s });
}
function isStale(m, now = nowS()) {
	return !!m.latest && now - Number(m.latest.ts) > STALE_FACTOR * Number(m.interval_s || 900);
}
// The start of the local period (hour, day, month, year) containing ts, in Unix seconds.
function periodStart(ts, step) {
	const off = parkOffset();
	if (step === 'hour') return Math.floor(ts / 3600) * 3600;
	const local = new Date((ts + off) * 1000);
	if (step === 'day') return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) / 1000 - off;
	if (step === 'month') return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) / 1000 - off;
	if (step === 'year') return Date.UTC(local.getUTCFullYear(), 0, 1) / 1000 - off;
	return ts;
}
// The window [from, to) of a range ending now; periods are taken whole (from at their start).
function windowOf(range, step, now = nowS()) {
	const back = { '24h': 86400, '7d': 7 * 86400, '30d': 30 * 86400 }[range];
	let from = back ? now - back : periodStart(now, 'year');
	if (step !== 'raw') from = periodStart(from, step);
	return { from, to: now + 1 };
}
// The time a meter's chart ends at: now, or its latest reading when that is before the range
// ending now (a meter that stopped, or history imported for an earlier year), so that the
// chart shows the meter's last readings instead of an empty range.
function anchorOf(m, range, step, now = nowS()) {
	if (!m || !m.latest) return { now, anchored: false };
	const ts = Number(m.latest.ts);
	if (!Number.isFinite(ts) || ts >= windowOf(range, step, now).from) return { now, anchored: false };
	return { now: ts, anchored: true };
}
// Every page of a paginated list (docs/api.md: per_page at most 500).
async function allPages(path, query = {}) {
	const items = [];
	for (let page = 1; page <= 200; page++) {
		const r = await api(path, { query: Object.assign({}, query, { page, per_page: 500 }) });
		items.push(...(r.items || []));
		if (items.length >= (r.total || 0) || !(r.items || []).length) break;
	}
	return items;
}
function kindLabel(k) {
	return KINDS.includes(k) ? t('mt.kind.' + k) : String(k || '—');
}
function flagBadges(flags) {
	const fs = (flags || []).filter((f) => f);
	if (!fs.length) return `<span class="mt-flag mt-flag-none">${esc(t('mt.flag.none'))}</span>`;
	return fs.map((f) => `<span class="mt-flag mt-flag-${esc(f)}" data-flag="${esc(f)}" title="${esc(FLAGS.includes(f) ? t('mt.flag.' + f + '.title') : f)}">${esc(FLAGS.includes(f) ? t('mt.flag.' + f) : f)}</span>`).join(' ');
}
// Replaces the page's query in the address without a hashchange (so without a re-render).
function noteQuery(changes) {
	const h = location.hash.replace(/^#\/?/, '');
	const i = h.indexOf('?');
	const path = i < 0 ? h : h.slice(0, i);
	const q = new URLSearchParams(i < 0 ? '' : h.slice(i + 1));
	for (const [k, v] of Object.entries(changes)) {
		if (v === null || v === undefined || v === '') q.delete(k);
		else q.set(k, String(v));
	}
	const s = q.toString();
	try {
		history.replaceState(history.state, '', '#/' + path + (s ? '?' + s : ''));
	} catch {
		/* the address is only a convenience */
	}
}

// ---------------------------------------------------------------- the page
export async function render(view, ctx) {
	stopLive();
	const q = ctx.query;
	const year = state.year;
	const u = state.user;
	view.innerHTML = `<div class="loading">${esc(t('loading'))}</div>`;
	let meters;
	try {
		meters = await allPages('/meters');
	} catch (err) {
		if (ctx.alive()) view.innerHTML = errorPanel(err);
		return;
	}
	if (!ctx.alive()) return;
	const names = await enterpriseNames(u, meters);
	if (!ctx.alive()) return;
	const sampleBadge = state.park && state.park.sample ? `<span class="sample-badge" title="${esc(t('sample.title'))}">${esc(t('sample'))}</span>` : '';
	const head = `<div class="ind-head"><div><h1 data-test="meters-title">${esc(t('mt.title'))}${sampleBadge}</h1>
		<div class="ind-meta">${esc(t('mt.meta', { y: year }))}</div></div></div>`;

	if (!meters.length) {
		const cli = 'greenpark meter add CODE --enterprise USCC --item ITEM --unit UNIT --kind cumulative|interval|instant\ngreenpark import readings FILE   # meter,ts,value';
		view.innerHTML = `<section class="page meters" data-test="meters">${head}
			<div class="msg mt-empty" data-test="meters-empty" data-count="0">
				<h2>${esc(t('mt.empty.title'))}</h2>
				${u.role === 'enterprise' ? `<p>${esc(t('mt.empty.own'))}</p>` : `<p>${esc(t('mt.empty.text'))}</p><pre class="mt-cli">${esc(cli)}</pre>`}
			</div></section>`;
		return;
	}

	const tolPct = (() => {
		const v = parseFloat(q.get('tol') || '');
		return Number.isFinite(v) && v >= 0 && v <= 1000 ? v : 5;
	})();
	const [qual, rec] = await settle([allPages('/meters/quality', { year }), api('/meters/reconciliation', { query: { year, tolerance: tolPct / 100 } })]);
	if (!ctx.alive()) return;

	const now = nowS();
	const withReading = meters.filter((m) => m.latest).length;
	const stale = meters.filter((m) => isStale(m, now)).length;
	const kpis = [
		{ id: 'meters', label: t('mt.kpi.meters'), value: num(meters.length, 0), unit: t('mt.kpi.unit') },
		{ id: 'reading', label: t('mt.kpi.reading'), value: num(withReading, 0), unit: t('mt.kpi.unit'), accent: 'c' },
		{ id: 'stale', label: t('mt.kpi.stale'), value: num(stale, 0), unit: t('mt.kpi.unit'), accent: 'a' },
		{ id: 'flagged', label: t('mt.kpi.flagged'), value: rec.ok ? num(rec.value.flagged, 0) : '—', unit: t('mt.kpi.rows'), accent: 'b', data: rec.ok ? rec.value.flagged : '' },
	];
	const sel0 = meters.find((m) => m.code === q.get('meter')) || meters.find((m) => m.latest) || meters[0];
	const opts = {
		meter: sel0.code,
		step: STEPS.includes(q.get('step')) ? q.get('step') : 'raw',
		range: RANGES.includes(q.get('range')) ? q.get('range') : '24h',
		live: q.get('live') !== '0',
		poll: (() => {
			const p = parseInt(q.get('poll') || '', 10);
			return Number.isFinite(p) && p >= 2 && p <= 3600 ? p : DEFAULT_POLL;
		})(),
	};

	view.innerHTML = `<section class="page meters" data-test="meters">${head}
		<div class="kpis mt-kpis">${kpis.map((k) => `<div class="kpi${k.accent ? ' kpi-' + k.accent : ''}" data-kpi="${k.id}" data-value="${esc(k.data ?? k.value)}">
			<div class="kpi-label">${esc(k.label)}</div>
			<div class="kpi-value"><span class="kpi-num">${esc(k.value)}</span>${k.unit ? `<span class="kpi-unit">${esc(k.unit)}</span>` : ''}</div></div>`).join('')}</div>
		<div class="panel" data-test="meters-list-panel">
			<h3>${esc(t('mt.list'))}</h3>
			<div class="list-meta" data-test="meters-count">${esc(t('mt.list.count', { n: meters.length }))}</div>
			${listTable(u, meters, names, now, opts.meter)}
		</div>
		<div class="panel mt-chart-panel" data-test="meters-chart-panel"></div>
		<div class="panel" data-test="meters-quality-panel">
			<h3>${esc(t('mt.quality', { y: year }))}</h3>
			${qual.ok ? qualityTable(qual.value, meters, year) : errorPanel(qual.error)}
		</div>
		<div class="panel" data-test="meters-recon-panel">
			<h3>${esc(t('mt.recon', { y: year }))}</h3>
			<form class="filters" data-test="meters-recon-form" novalidate>
				<label>${esc(t('mt.recon.tol'))}<input name="tolerance" type="number" min="0" max="1000" step="0.5" value="${esc(tolPct)}"></label>
				<div class="filter-actions"><button type="submit" class="btn primary">${esc(t('mt.recon.apply'))}</button></div>
			</form>
			<div data-test="meters-recon-body">${rec.ok ? reconBody(u, rec.value, names, year) : errorPanel(rec.error)}</div>
		</div>
	</section>`;

	const chartPanel = view.querySelector('[data-test=meters-chart-panel]');
	const liveChart = makeLiveChart(chartPanel, ctx, meters, opts);
	for (const b of view.querySelectorAll('[data-test=meters-list] [data-select]')) {
		b.addEventListener('click', () => {
			liveChart.set({ meter: b.dataset.select });
			for (const tr of view.querySelectorAll('[data-test=meters-list] tr[data-code]')) tr.classList.toggle('mt-selected', tr.dataset.code === b.dataset.select);
			chartPanel.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
		});
	}
	const form = view.querySelector('[data-test=meters-recon-form]');
	form.addEventListener('submit', (e) => {
		e.preventDefault();
		recheck(view, ctx, form, names, year);
	});
}

// Enterprise names for the USCCs of the meters: the enterprise list for staff, the user's own
// record for an enterprise user. Missing names show the USCC.
async function enterpriseNames(u, meters) {
	const names = new Map();
	try {
		if (u.role === 'enterprise') {
			if (u.enterprise) {
				const e = await api('/enterprises/' + encodeURIComponent(u.enterprise));
				names.set(e.uscc, e.name);
			}
		} else if (meters.length) {
			for (const e of await allPages('/enterprises')) names.set(e.uscc, e.name);
		}
	} catch {
		/* names are a convenience: the USCC stands in */
	}
	return names;
}
function entCell(names, uscc) {
	const n = names.get(uscc);
	return n ? `<span title="${esc(uscc)}">${esc(n)}</span>` : `<code>${esc(uscc)}</code>`;
}

function listTable(u, meters, names, now, selected) {
	const rows = meters.map((m) => {
		const st = isStale(m, now);
		const unit = itemUnit(m.item) || m.unit;
		const latest = m.latest
			? `<td class="num" data-test="latest-value">${esc(num(m.latest.value, 3))} <span class="muted">${esc(unitLabel(unit))}</span></td>
				<td class="mt-when" data-test="latest-at">${esc(fmtTime(m.latest.ts))}${st ? ` <span class="mt-flag mt-flag-stale" data-test="stale" title="${esc(t('mt.stale.title'))}">${esc(t('mt.stale'))}</span>` : ''}</td>`
			: `<td class="num muted">—</td><td><span class="mt-flag mt-flag-none" data-test="no-reading">${esc(t('mt.noreading'))}</span></td>`;
		return `<tr data-code="${esc(m.code)}" data-uscc="${esc(m.uscc)}" data-kind="${esc(m.kind)}" data-stale="${st ? 1 : 0}" data-latest-ts="${esc(m.latest ? m.latest.ts : '')}" data-latest-value="${esc(m.latest ? m.latest.value : '')}"${m.code === selected ? ' class="mt-selected"' : ''}>
			<td><b>${esc(m.code)}</b></td>
			<td>${entCell(names, m.uscc)}</td>
			<td title="${esc(m.item)}">${esc(itemName(m.item))}</td>
			<td>${esc(unitLabel(m.unit))}${Number(m.multiplier) !== 1 ? ` <span class="muted">×${esc(num(m.multiplier, 3))}</span>` : ''}</td>
			<td data-test="kind">${esc(kindLabel(m.kind))}</td>
			<td class="num">${esc(fmtInterval(m.interval_s))}</td>
			${latest}
			<td><button type="button" class="btn small" data-select="${esc(m.code)}">${esc(t('mt.select'))}</button></td>
		</tr>`;
	});
	return `<div class="table-wrap"><table class="grid" data-test="meters-list">
		<thead><tr><th>${esc(t('mt.c.code'))}</th><th>${esc(t('mt.c.enterprise'))}</th><th>${esc(t('mt.c.item'))}</th><th>${esc(t('mt.c.unit'))}</th><th>${esc(t('mt.c.kind'))}</th><th class="num">${esc(t('mt.c.interval'))}</th><th class="num">${esc(t('mt.c.latest'))}</th><th>${esc(t('mt.c.latest_at'))}</th><th></th></tr></thead>
		<tbody>${rows.join('')}</tbody></table></div>`;
}

function qualityTable(rows, meters, year) {
	if (!rows.length) {
		// readings of other years (the top bar lists the ledger's years only): say where they are
		const ys = [...new Set(meters.filter((m) => m.latest).map((m) => new Date((Number(m.latest.ts) + parkOffset()) * 1000).getUTCFullYear()))].filter((y) => y !== year).sort();
		return `<p class="muted" data-test="meters-quality-none">${esc(t('mt.quality.none', { y: year }))}${ys.length ? ' · ' + esc(t('mt.quality.other', { ys: ys.join(', ') })) : ''}</p>`;
	}
	return `<div class="table-wrap mt-scroll"><table class="grid" data-test="meters-quality">
		<thead><tr><th>${esc(t('mt.c.code'))}</th><th>${esc(t('mt.c.month'))}</th><th class="num">${esc(t('mt.c.days'))}</th><th class="num">${esc(t('mt.c.points'))}</th><th class="num">${esc(t('mt.c.expected'))}</th><th class="num">${esc(t('mt.c.coverage'))}</th><th>${esc(t('mt.c.flags'))}</th></tr></thead>
		<tbody>${rows.map((r) => {
			const cov = Number(r.coverage);
			const low = Number.isFinite(cov) && cov < 0.9;
			return `<tr data-meter="${esc(r.meter)}" data-month="${esc(r.month)}" data-points="${esc(r.points)}" data-flags="${esc((r.flags || []).join(','))}"${(r.flags || []).length ? ' class="mt-row-flag"' : ''}>
				<td><b>${esc(r.meter)}</b></td><td>${esc(r.month)}</td>
				<td class="num">${esc(num(r.days, 0))}</td><td class="num">${esc(num(r.points, 0))}</td><td class="num">${esc(num(r.expected, 0))}</td>
				<td class="num${low ? ' mt-low' : ''}"><span class="mt-cov"><span style="width:${Math.max(0, Math.min(100, cov * 100)).toFixed(1)}%"></span></span>${esc(pct(cov, 1))}</td>
				<td>${flagBadges(r.flags)}</td></tr>`;
		}).join('')}</tbody></table></div>`;
}

function reconBody(u, r, names, year) {
	const rows = r.rows || [];
	if (!rows.length) return `<p class="muted" data-test="meters-recon-none">${esc(t('mt.recon.none', { y: year }))}</p>`;
	return `<div class="list-meta" data-test="meters-recon-sum" data-flagged="${esc(r.flagged)}" data-tolerance="${esc(r.tolerance)}">${esc(t('mt.recon.sum', { n: rows.length, f: r.flagged, m: r.months_without_report }))}</div>
		<div class="table-wrap mt-scroll"><table class="grid" data-test="meters-recon">
		<thead><tr><th>${esc(t('mt.c.enterprise'))}</th><th>${esc(t('mt.c.month'))}</th><th>${esc(t('mt.c.item'))}</th><th class="num">${esc(t('mt.c.meter_total'))}</th><th class="num">${esc(t('mt.c.reported'))}</th><th class="num">${esc(t('mt.c.diff'))}</th><th class="num">${esc(t('mt.c.diff_pct'))}</th><th></th></tr></thead>
		<tbody>${rows.map((x) => {
			const unit = unitLabel(x.unit);
			const missing = x.reported === null || x.reported === undefined;
			const mark = x.flagged ? `<span class="badge badge-fail" data-test="recon-flag">${esc(t('mt.recon.flagged'))}</span>` : missing ? `<span class="badge badge-na">${esc(t('mt.recon.missing'))}</span>` : '';
			const share = x.difference_share === null || x.difference_share === undefined ? '—' : (x.difference_share > 0 ? '+' : '') + pct(x.difference_share, 1);
			return `<tr data-uscc="${esc(x.uscc)}" data-period="${esc(x.period)}" data-item="${esc(x.item)}" data-meter-total="${esc(x.meter)}" data-flagged="${x.flagged ? 1 : 0}"${x.flagged ? ' class="mt-row-bad"' : ''}>
				<td>${entCell(names, x.uscc)}</td><td>${esc(x.period)}</td><td title="${esc(x.item)}">${esc(itemName(x.item))}</td>
				<td class="num">${esc(num(x.meter, 1))} <span class="muted">${esc(unit)}</span></td>
				<td class="num">${missing ? '—' : `${esc(num(x.reported, 1))} <span class="muted">${esc(unit)}</span>`}</td>
				<td class="num">${x.difference === null || x.difference === undefined ? '—' : esc((x.difference > 0 ? '+' : '') + num(x.difference, 1))}</td>
				<td class="num">${esc(share)}</td><td class="mt-mark">${mark}</td></tr>`;
		}).join('')}</tbody></table></div>
		<p class="legend-note">${esc(t('mt.recon.note'))}</p>`;
}

// The tolerance changed: ask again and redraw the reconciliation panel only.
async function recheck(view, ctx, form, names, year) {
	const body = view.querySelector('[data-test=meters-recon-body]');
	const v = parseFloat(form.elements.tolerance.value);
	if (!Number.isFinite(v) || v < 0 || v > 1000) {
		body.innerHTML = `<div class="msg msg-error" data-test="meters-recon-error">${esc(t('mt.tol.bad'))}</div>`;
		return;
	}
	const btn = form.querySelector('button[type=submit]');
	btn.disabled = true;
	body.setAttribute('aria-busy', 'true');
	try {
		const r = await api('/meters/reconciliation', { query: { year, tolerance: v / 100 } });
		if (!ctx.alive()) return;
		body.innerHTML = reconBody(state.user, r, names, year);
		const k = view.querySelector('[data-kpi=flagged]');
		if (k) {
			k.dataset.value = r.flagged;
			k.querySelector('.kpi-num').textContent = num(r.flagged, 0);
		}
		noteQuery({ tol: v === 5 ? null : v });
	} catch (err) {
		if (ctx.alive()) body.innerHTML = errorPanel(err);
	} finally {
		btn.disabled = false;
		body.removeAttribute('aria-busy');
	}
}

// ---------------------------------------------------------------- the live chart
// The chart panel: its controls, the ECharts instance and the polling. set(changes) redraws
// the panel for a new meter, step or range; live points are appended to the drawn series.
function makeLiveChart(panel, ctx, meters, opts) {
	const S = { points: [], from: 0, to: 0, anchored: false, unit: '', loading: false, updated: null, added: 0, error: null };
	let inst = null;
	const meter = () => meters.find((m) => m.code === opts.meter) || meters[0];

	function controls() {
		const seg = (name, values, cur, label) => `<div class="seg" role="group" aria-label="${esc(label)}" data-test="mt-${name}">${values.map((v) => `<button type="button" class="btn small${v === cur ? ' active' : ''}" data-${name}="${v}" aria-pressed="${v === cur}">${esc(t('mt.' + name + '.' + v))}</button>`).join('')}</div>`;
		return `<h3>${esc(t('mt.chart'))}</h3>
			<div class="mt-controls">
				<label class="inline">${esc(t('mt.chart.meter'))}<select name="meter" data-test="mt-meter">${meters.map((m) => `<option value="${esc(m.code)}"${m.code === opts.meter ? ' selected' : ''}>${esc(m.code)} · ${esc(itemName(m.item))}</option>`).join('')}</select></label>
				${seg('step', STEPS, opts.step, t('mt.chart.step'))}
				${seg('range', RANGES, opts.range, t('mt.chart.range'))}
				<label class="inline"><input type="checkbox" name="live" data-test="mt-live"${opts.live ? ' checked' : ''}> ${esc(t('mt.live'))}</label>
				<label class="inline">${esc(t('mt.poll'))}<select name="poll" data-test="mt-poll">${[...new Set([...POLLS, opts.poll])].sort((a, b) => a - b).map((p) => `<option value="${p}"${p === opts.poll ? ' selected' : ''}>${esc(t('mt.poll.s', { n: p }))}</option>`).join('')}</select></label>
			</div>`;
	}
	function note() {
		const parts = [];
		if (meter().kind === 'cumulative' && opts.step === 'raw') parts.push(esc(t('mt.chart.note.raw_cum')));
		if (S.anchored) parts.push(`<span data-test="meters-chart-anchored">${esc(t('mt.chart.anchored', { t: fmtTime(meter().latest.ts) }))}</span>`);
		return parts.join(' ');
	}
	// the panel's frame, drawn once: the chart element (and its ECharts instance) stays
	panel.innerHTML = `<div class="panel-head mt-head"></div>
		<div class="mt-status" data-test="meters-chart-status" aria-live="polite"></div>
		<div class="mt-chart-err" data-test="meters-chart-error"></div>
		<div class="mt-chart-wrap"><div class="chart mt-chart" data-chart="meter-series"></div><div class="mt-chart-msg" data-test="meters-chart-empty" hidden>${esc(t('mt.chart.none'))}</div></div>
		<p class="legend-note mt-note"></p>`;
	const chartEl = panel.querySelector('[data-chart=meter-series]');

	function seriesName(m) {
		if (opts.step === 'raw') return m.kind === 'cumulative' ? t('mt.chart.reading') : t('mt.chart.value');
		return m.kind === 'instant' ? t('mt.chart.mean') : t('mt.chart.consumption');
	}

	function build(r) {
		const m = meter();
		const ax = axisStyle(r);
		const bars = opts.step !== 'raw';
		const data = S.points.map((p) => [p[0] * 1000, p[1]]);
		return Object.assign(baseOption(r), {
			animation: false,
			grid: { left: 4 * r, right: 1.2 * r, top: 2.2 * r, bottom: 3.4 * r },
			tooltip: Object.assign(tooltipBase(r), {
				trigger: 'axis',
				formatter: (ps) => {
					const p = ps && ps[0];
					if (!p) return '';
					const ts = Math.round(p.value[0] / 1000);
					return `<div class="tt"><b>${esc(fmtTime(ts, opts.step === 'raw'))}</b><br>${esc(seriesName(m))}: <b>${esc(sig(p.value[1], 6))}</b> ${esc(unitLabel(S.unit))}</div>`;
				},
			}),
			dataZoom: [{ type: 'inside' }, { type: 'slider', height: 1.2 * r, bottom: 0.6 * r, borderColor: '#2b5f8f', textStyle: { color: '#9fbfe0', fontSize: Math.round(0.65 * r) } }],
			xAxis: Object.assign({ type: 'time', min: bars ? undefined : S.from * 1000, max: bars ? undefined : S.to * 1000 }, ax, { splitLine: { show: false } }),
			yAxis: Object.assign({ type: 'value', name: unitLabel(S.unit), nameGap: 0.6 * r, scale: !bars }, ax, { axisLabel: Object.assign({}, ax.axisLabel, { formatter: (v) => compact(v) }) }),
			series: [
				bars
					? { id: 'meter', name: seriesName(m), type: 'bar', data, barMaxWidth: 1.6 * r, itemStyle: { color: PALETTE[0] } }
					: { id: 'meter', name: seriesName(m), type: 'line', data, showSymbol: data.length < 60, symbolSize: 0.35 * r, sampling: 'lttb', lineStyle: { width: 0.12 * r, color: PALETTE[0] }, itemStyle: { color: PALETTE[0] }, areaStyle: { color: 'rgba(55,209,255,0.10)' } },
			],
		});
	}

	function status() {
		const el = panel.querySelector('[data-test=meters-chart-status]');
		if (!el) return;
		const parts = [t('mt.chart.status', { n: num(S.points.length, 0), at: S.updated ? fmtTime(S.updated, true) : '—' })];
		parts.push(opts.live ? t('mt.chart.live', { n: opts.poll }) : t('mt.chart.paused'));
		if (S.added) parts.push(t('mt.chart.added', { n: S.added }));
		el.innerHTML = `${opts.live ? '<span class="mt-dot" aria-hidden="true"></span>' : ''}${esc(parts.join(' · '))}${S.error ? ` <span class="mt-err" data-test="meters-poll-error">${esc(t('mt.chart.poll_error', { m: S.error }))}</span>` : ''}`;
	}

	// the drawn series as attributes, for people reading the DOM and for the browser checks
	function mark() {
		const el = chartEl;
		Object.assign(el.dataset, { meter: opts.meter, step: opts.step, range: opts.range, from: String(S.from), to: String(S.to), points: String(S.points.length) });
		const empty = panel.querySelector('[data-test=meters-chart-empty]');
		if (empty) empty.hidden = S.points.length > 0;
	}

	function redraw() {
		if (inst && !inst.isDisposed()) inst.setOption({ series: [{ id: 'meter', data: S.points.map((p) => [p[0] * 1000, p[1]]) }], xAxis: opts.step === 'raw' ? { min: S.from * 1000, max: S.to * 1000 } : {} });
		mark();
		status();
	}

	// Draws the controls anew and loads the whole window into the chart.
	async function load() {
		stopLive();
		const seq = liveSeq;
		const a = anchorOf(meter(), opts.range, opts.step);
		const w = windowOf(opts.range, opts.step, a.now);
		Object.assign(S, { points: [], from: w.from, to: w.to, anchored: a.anchored, unit: itemUnit(meter().item) || meter().unit, updated: null, added: 0, error: null });
		panel.querySelector('.mt-head').innerHTML = controls();
		panel.querySelector('.mt-note').innerHTML = note();
		panel.querySelector('.mt-chart-err').innerHTML = '';
		wire();
		chartEl.dataset.loading = '1';
		status();
		let r;
		try {
			r = await api('/meters/' + encodeURIComponent(opts.meter) + '/series', { query: { from: w.from, to: w.to, step: opts.step } });
		} catch (err) {
			if (!ctx.alive() || seq !== liveSeq) return;
			panel.querySelector('.mt-chart-err').innerHTML = errorPanel(err);
			if (inst && !inst.isDisposed()) inst.setOption(build(rem()), true);
			delete chartEl.dataset.loading;
			mark();
			return;
		}
		if (!ctx.alive() || seq !== liveSeq) return;
		S.points = (r.points || []).slice();
		S.unit = r.unit || S.unit;
		S.updated = nowS();
		if (inst && !inst.isDisposed()) inst.setOption(build(rem()), true);
		else inst = chart(chartEl, build);
		delete chartEl.dataset.loading;
		mark();
		status();
		schedule();
	}

	function schedule() {
		if (liveTimer) clearTimeout(liveTimer);
		liveTimer = null;
		if (!opts.live || !ctx.alive()) return;
		const seq = liveSeq;
		liveTimer = setTimeout(() => {
			liveTimer = null;
			tick(seq);
		}, opts.poll * 1000);
	}

	// One poll: raw steps fetch the points after the last one drawn and append them (the
	// window slides: points older than the range fall off); period steps fetch the window
	// again, as the last period grows.
	async function tick(seq) {
		if (!ctx.alive() || seq !== liveSeq || !inst || inst.isDisposed()) return;
		if (document.hidden) {
			schedule(); // a hidden tab asks nothing; it catches up on the next visible tick
			return;
		}
		const now = nowS();
		if (S.anchored) {
			// a chart ending at an old reading: anything newer brings it back to now
			try {
				const r = await api('/meters/' + encodeURIComponent(opts.meter) + '/series', { query: { from: S.to, to: now + 1, step: 'raw' } });
				if (!ctx.alive() || seq !== liveSeq) return;
				if ((r.points || []).length) {
					const m = meter();
					const p = r.points[r.points.length - 1];
					m.latest = { ts: p[0], value: p[1] };
					load();
					return;
				}
				S.updated = now;
				S.error = null;
				status();
			} catch (err) {
				if (!ctx.alive() || seq !== liveSeq) return;
				S.error = err.message;
				status();
				if (err.status === 401) return;
			}
			if (seq === liveSeq) schedule();
			return;
		}
		const w = windowOf(opts.range, opts.step, now);
		const raw = opts.step === 'raw';
		const last = S.points.length ? S.points[S.points.length - 1][0] : S.from - 1;
		const from = raw ? Math.max(last + 1, w.from) : w.from;
		try {
			const r = await api('/meters/' + encodeURIComponent(opts.meter) + '/series', { query: { from, to: w.to, step: opts.step } });
			if (!ctx.alive() || seq !== liveSeq || !inst || inst.isDisposed()) return;
			const pts = r.points || [];
			if (raw) {
				S.points = S.points.filter((p) => p[0] >= w.from).concat(pts.filter((p) => p[0] > last));
				S.added += pts.length;
			} else {
				S.added += Math.max(0, pts.length - S.points.length);
				S.points = pts.slice();
			}
			S.from = w.from;
			S.to = w.to;
			S.updated = now;
			S.error = null;
			redraw();
		} catch (err) {
			if (!ctx.alive() || seq !== liveSeq) return;
			S.error = err.message;
			status();
			if (err.status === 401) return; // the app shows the login page
		}
		if (seq === liveSeq) schedule();
	}

	function set(changes) {
		Object.assign(opts, changes);
		noteQuery({ meter: opts.meter, step: opts.step === 'raw' ? null : opts.step, range: opts.range === '24h' ? null : opts.range, live: opts.live ? null : 0, poll: opts.poll === DEFAULT_POLL ? null : opts.poll });
		load();
	}

	function wire() {
		panel.querySelector('select[name=meter]').addEventListener('change', (e) => {
			set({ meter: e.target.value });
			const view = panel.closest('[data-test=meters]');
			if (view) for (const tr of view.querySelectorAll('[data-test=meters-list] tr[data-code]')) tr.classList.toggle('mt-selected', tr.dataset.code === e.target.value);
		});
		for (const b of panel.querySelectorAll('[data-step]')) b.addEventListener('click', () => set({ step: b.dataset.step }));
		for (const b of panel.querySelectorAll('[data-range]')) b.addEventListener('click', () => set({ range: b.dataset.range }));
		panel.querySelector('input[name=live]').addEventListener('change', (e) => {
			opts.live = e.target.checked;
			noteQuery({ live: opts.live ? null : 0 });
			if (opts.live) {
				stopLive(); // a fresh sequence for the new timer
				schedule();
				tick(liveSeq); // catch up at once
			} else {
				stopLive();
			}
			status();
		});
		panel.querySelector('select[name=poll]').addEventListener('change', (e) => {
			opts.poll = parseInt(e.target.value, 10) || DEFAULT_POLL;
			noteQuery({ poll: opts.poll === DEFAULT_POLL ? null : opts.poll });
			if (opts.live) {
				stopLive();
				schedule();
			}
			status();
		});
	}

	load();
	return { set };
}
