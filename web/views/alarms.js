// views/alarms.js — 计量告警: the meters' alarms (docs/alarms.md). The open alarms with their
// state (告警 active, 已确认 acknowledged, 已恢复 returned to normal) in colour, severity, meter,
// value and times, each with 确认 Acknowledge and (staff) 清除 Clear buttons that ask for a note
// (GET /api/v1/alarms, POST /api/v1/alarms/{id}/ack|clear); the alarm log
// (GET /api/v1/alarms/log); and the rules (GET /api/v1/alarm-rules) with an add form and a
// remove button for staff (POST /api/v1/alarm-rules, DELETE /api/v1/alarm-rules/{id}). The
// counts at the top come from GET /api/v1/alarms/summary, polled every 15 s while the page is
// open; when they change, the list and the log are fetched again. An enterprise user gets its
// own meters' alarms and rules (the server scopes every answer) and may acknowledge them.
//
// Route: #/alarms[?state=active|acked|returned|cleared|all] (admin, analyst, enterprise). The
// polling timer stops on the next render of any page and on hashchange.
import { api } from '../api.js';
import { t, addStrings } from '../i18n.js';
import { state } from '../state.js';
import { esc, num, errorPanel, toast } from '../ui.js';

const ROLES = ['admin', 'analyst', 'enterprise'];
const STATES = ['active', 'acked', 'returned', 'cleared'];
const KINDS = ['threshold', 'rate', 'stale', 'imbalance'];
const POLL_S = 15;
const LOG_LINES = 50;

addStrings(
	{
		'nav.alarms': '计量告警',
		'al.title': '计量告警',
		'al.meta': '越限、变化率、数据中断与总分表不平衡告警 · 每 {n} 秒刷新',
		'al.kpi.active': '告警',
		'al.kpi.acked': '已确认',
		'al.kpi.returned': '已恢复',
		'al.kpi.worst': '最高级别',
		'al.kpi.none': '无',
		'al.unit': '条',
		'al.list': '当前告警',
		'al.list.all': '全部告警（含已清除）',
		'al.filter.state': '状态',
		'al.filter.open': '未清除',
		'al.filter.all': '全部',
		'al.none': '没有告警',
		'al.c.state': '状态',
		'al.c.severity': '级别',
		'al.c.kind': '类型',
		'al.c.meter': '表号',
		'al.c.enterprise': '企业',
		'al.c.value': '值',
		'al.c.count': '次数',
		'al.c.raised': '首次',
		'al.c.last': '最近',
		'al.c.detail': '说明',
		'al.c.ack': '确认人',
		'al.c.time': '时间',
		'al.c.event': '事件',
		'al.c.actor': '操作人',
		'al.c.note': '备注',
		'al.c.alarm': '告警',
		'al.c.id': '编号',
		'al.c.params': '参数',
		'al.c.enabled': '启用',
		'al.st.active': '告警',
		'al.st.acked': '已确认',
		'al.st.returned': '已恢复',
		'al.st.cleared': '已清除',
		'al.sev.1': '紧急',
		'al.sev.2': '重要',
		'al.sev.3': '一般',
		'al.kind.threshold': '越限',
		'al.kind.rate': '变化率',
		'al.kind.stale': '数据中断',
		'al.kind.imbalance': '总分表不平衡',
		'al.ev.raise': '产生',
		'al.ev.update': '再次越限',
		'al.ev.return': '恢复正常',
		'al.ev.ack': '确认',
		'al.ev.clear': '清除',
		'al.ack': '确认',
		'al.clear': '清除',
		'al.prompt.ack': '确认告警 {id}：备注（可不填）',
		'al.prompt.clear': '清除告警 {id}：备注（告警仍在时必填）',
		'al.acked': '告警 {id} 已确认',
		'al.cleared': '告警 {id} 已清除',
		'al.log': '告警日志（最近 {n} 条）',
		'al.log.none': '日志为空',
		'al.rules': '告警规则',
		'al.rules.none': '没有告警规则',
		'al.rules.every': '全部计量表',
		'al.rules.remove': '删除',
		'al.rules.confirm': '删除告警规则 {id}？它的未清除告警会一并清除。',
		'al.rules.removed': '告警规则 {id} 已删除',
		'al.rules.own': '只列出本企业计量表的规则；适用于全部计量表的规则由园区管理。',
		'al.form': '添加规则',
		'al.form.kind': '类型',
		'al.form.meter': '表号（数据中断与不平衡可留空：全部）',
		'al.form.high': '上限',
		'al.form.low': '下限',
		'al.form.limit': '每小时变化上限',
		'al.form.stale_s': '中断秒数（0：3 个采集间隔）',
		'al.form.pct': '不平衡率上限（%）',
		'al.form.period': '周期',
		'al.form.period.day': '日',
		'al.form.period.month': '月',
		'al.form.min_value': '主表最小值',
		'al.form.severity': '级别',
		'al.form.note': '备注',
		'al.form.submit': '添加',
		'al.form.added': '告警规则 {id} 已添加',
		'al.yes': '是',
		'al.no': '否',
		'al.poll_error': '刷新失败：{m}',
		'al.updated': '更新于 {at}',
	},
	{
		'nav.alarms': 'Alarms',
		'al.title': 'Meter alarms',
		'al.meta': 'Threshold, rate of change, stale meter and master/sub imbalance · refreshed every {n} s',
		'al.kpi.active': 'Active',
		'al.kpi.acked': 'Acknowledged',
		'al.kpi.returned': 'Returned',
		'al.kpi.worst': 'Highest severity',
		'al.kpi.none': 'none',
		'al.unit': '',
		'al.list': 'Open alarms',
		'al.list.all': 'All alarms (cleared too)',
		'al.filter.state': 'State',
		'al.filter.open': 'Open',
		'al.filter.all': 'All',
		'al.none': 'No alarms',
		'al.c.state': 'State',
		'al.c.severity': 'Severity',
		'al.c.kind': 'Kind',
		'al.c.meter': 'Meter',
		'al.c.enterprise': 'Enterprise',
		'al.c.value': 'Value',
		'al.c.count': 'Count',
		'al.c.raised': 'Raised',
		'al.c.last': 'Last',
		'al.c.detail': 'Detail',
		'al.c.ack': 'Acknowledged by',
		'al.c.time': 'Time',
		'al.c.event': 'Event',
		'al.c.actor': 'Actor',
		'al.c.note': 'Note',
		'al.c.alarm': 'Alarm',
		'al.c.id': 'Id',
		'al.c.params': 'Parameters',
		'al.c.enabled': 'Enabled',
		'al.st.active': 'Active',
		'al.st.acked': 'Acknowledged',
		'al.st.returned': 'Returned',
		'al.st.cleared': 'Cleared',
		'al.sev.1': 'Critical',
		'al.sev.2': 'Major',
		'al.sev.3': 'Minor',
		'al.kind.threshold': 'Threshold',
		'al.kind.rate': 'Rate of change',
		'al.kind.stale': 'Stale meter',
		'al.kind.imbalance': 'Master/sub imbalance',
		'al.ev.raise': 'raised',
		'al.ev.update': 'violated again',
		'al.ev.return': 'returned to normal',
		'al.ev.ack': 'acknowledged',
		'al.ev.clear': 'cleared',
		'al.ack': 'Acknowledge',
		'al.clear': 'Clear',
		'al.prompt.ack': 'Acknowledge alarm {id}: note (optional)',
		'al.prompt.clear': 'Clear alarm {id}: note (required while it is active)',
		'al.acked': 'Alarm {id} acknowledged',
		'al.cleared': 'Alarm {id} cleared',
		'al.log': 'Alarm log (last {n})',
		'al.log.none': 'The log is empty',
		'al.rules': 'Alarm rules',
		'al.rules.none': 'No alarm rules',
		'al.rules.every': 'every meter',
		'al.rules.remove': 'Remove',
		'al.rules.confirm': 'Remove alarm rule {id}? Its open alarms are cleared with it.',
		'al.rules.removed': 'Alarm rule {id} removed',
		'al.rules.own': 'Only the rules of your enterprise\'s meters are listed; rules for every meter are the park\'s.',
		'al.form': 'Add a rule',
		'al.form.kind': 'Kind',
		'al.form.meter': 'Meter (stale and imbalance may leave it empty: every meter)',
		'al.form.high': 'High',
		'al.form.low': 'Low',
		'al.form.limit': 'Limit per hour',
		'al.form.stale_s': 'Stale after (s; 0: 3 intervals)',
		'al.form.pct': 'Imbalance limit (%)',
		'al.form.period': 'Period',
		'al.form.period.day': 'Day',
		'al.form.period.month': 'Month',
		'al.form.min_value': 'Smallest master value',
		'al.form.severity': 'Severity',
		'al.form.note': 'Note',
		'al.form.submit': 'Add',
		'al.form.added': 'Alarm rule {id} added',
		'al.yes': 'yes',
		'al.no': 'no',
		'al.poll_error': 'Refresh failed: {m}',
		'al.updated': 'updated {at}',
	}
);

export function allowed(u) {
	return !!u && ROLES.includes(u.role);
}
const staff = (u) => !!u && (u.role === 'admin' || u.role === 'analyst');

export const routes = [{ re: /^alarms$/, allow: (u) => allowed(u), view: { render }, nav: 'alarms', noMethod: true }];

export function nav(u) {
	return allowed(u) ? [{ id: 'alarms', href: '#/alarms', label: t('nav.alarms') }] : [];
}

// ---------------------------------------------------------------- the polling timer
let pollTimer = null;
let pollSeq = 0; // bumped on every stop: an answer for an older page is dropped
function stopPoll() {
	if (pollTimer) clearTimeout(pollTimer);
	pollTimer = null;
	pollSeq++;
}
window.addEventListener('hashchange', stopPoll);
// exposed for the browser checks: whether a poll is scheduled
Object.defineProperty(window, '__gpAlarmsPoll', { configurable: true, get: () => pollTimer !== null });

// ---------------------------------------------------------------- helpers
// The park's offset from UTC in seconds (as views/meters.js: the zones of China and any
// unknown zone are UTC+8, UTC is 0).
function parkOffset() {
	const tz = (state.park && state.park.timezone) || 'Asia/Shanghai';
	return tz === 'UTC' || tz === 'Etc/UTC' ? 0 : 8 * 3600;
}
function fmtTime(ts) {
	if (ts === null || ts === undefined || !Number.isFinite(Number(ts)) || Number(ts) === 0) return '—';
	const d = new Date((Number(ts) + parkOffset()) * 1000);
	const p = (n) => String(n).padStart(2, '0');
	return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}
const stateBadge = (s) => `<span class="al-state al-state-${esc(s)}" data-test="alarm-state">${esc(STATES.includes(s) ? t('al.st.' + s) : s)}</span>`;
const sevBadge = (n) => `<span class="al-sev al-sev-${esc(n)}">${esc(n)} ${esc(t('al.sev.' + n))}</span>`;
const kindLabel = (k) => (KINDS.includes(k) ? t('al.kind.' + k) : String(k || '—'));

function summaryKey(s) {
	return [s.open, s.active, s.acked, s.returned].join('/');
}

// ---------------------------------------------------------------- the page
export async function render(view, ctx) {
	stopPoll();
	const u = state.user;
	const q = ctx.query;
	const filter = STATES.includes(q.get('state')) || q.get('state') === 'all' ? q.get('state') : '';
	view.innerHTML = `<div class="loading">${esc(t('loading'))}</div>`;
	let summary;
	try {
		summary = await api('/alarms/summary');
	} catch (err) {
		if (ctx.alive()) view.innerHTML = errorPanel(err);
		return;
	}
	if (!ctx.alive()) return;
	view.innerHTML = `<section class="page alarms" data-test="alarms">
		<div class="ind-head"><div><h1 data-test="alarms-title">${esc(t('al.title'))}</h1>
			<div class="ind-meta">${esc(t('al.meta', { n: POLL_S }))} · <span data-test="alarms-updated"></span> <span class="mt-err" data-test="alarms-poll-error"></span></div></div></div>
		<div class="kpis al-kpis" data-test="alarms-kpis"></div>
		<div class="panel" data-test="alarms-list-panel">
			<h3>${esc(filter === 'all' || filter === 'cleared' ? t('al.list.all') : t('al.list'))}</h3>
			<form class="filters" data-test="alarms-filter" novalidate>
				<label>${esc(t('al.filter.state'))}<select name="state">
					<option value=""${filter === '' ? ' selected' : ''}>${esc(t('al.filter.open'))}</option>
					${STATES.map((s) => `<option value="${s}"${filter === s ? ' selected' : ''}>${esc(t('al.st.' + s))}</option>`).join('')}
					<option value="all"${filter === 'all' ? ' selected' : ''}>${esc(t('al.filter.all'))}</option>
				</select></label>
			</form>
			<div data-test="alarms-list-body"></div>
		</div>
		<div class="panel" data-test="alarms-log-panel"><h3>${esc(t('al.log', { n: LOG_LINES }))}</h3><div data-test="alarms-log-body"></div></div>
		<div class="panel" data-test="alarms-rules-panel"><h3>${esc(t('al.rules'))}</h3><div data-test="alarms-rules-body"></div>${staff(u) ? ruleForm() : ''}</div>
	</section>`;
	view.querySelector('[data-test=alarms-filter] select').addEventListener('change', (e) => {
		location.hash = '#/alarms' + (e.target.value ? '?state=' + encodeURIComponent(e.target.value) : '');
	});
	if (staff(u)) wireForm(view, ctx);
	drawKpis(view, summary);
	let shownKey = summaryKey(summary);
	await Promise.all([loadList(view, ctx, filter), loadLog(view, ctx), loadRules(view, ctx)]);
	if (!ctx.alive()) return;
	stamp(view);

	// polling: the summary every POLL_S seconds; a change fetches the list and the log again
	const seq = pollSeq;
	const schedule = () => {
		if (!ctx.alive() || seq !== pollSeq) return;
		pollTimer = setTimeout(tick, POLL_S * 1000);
	};
	async function tick() {
		pollTimer = null;
		if (!ctx.alive() || seq !== pollSeq) return;
		if (!document.hidden) {
			try {
				const s = await api('/alarms/summary');
				if (!ctx.alive() || seq !== pollSeq) return;
				drawKpis(view, s);
				setPollError(view, '');
				if (summaryKey(s) !== shownKey) {
					shownKey = summaryKey(s);
					await Promise.all([loadList(view, ctx, filter), loadLog(view, ctx)]);
				}
				stamp(view);
			} catch (err) {
				if (!ctx.alive() || seq !== pollSeq) return;
				setPollError(view, err.message);
				if (err.status === 401) return; // the app shows the login page
			}
		}
		schedule();
	}
	schedule();
}

function stamp(view) {
	const el = view.querySelector('[data-test=alarms-updated]');
	if (el) el.textContent = t('al.updated', { at: fmtTime(Math.floor(Date.now() / 1000)) });
}
function setPollError(view, m) {
	const el = view.querySelector('[data-test=alarms-poll-error]');
	if (el) el.textContent = m ? t('al.poll_error', { m }) : '';
}

function drawKpis(view, s) {
	const el = view.querySelector('[data-test=alarms-kpis]');
	if (!el) return;
	const kpis = [
		{ id: 'active', label: t('al.kpi.active'), value: num(s.active, 0), data: s.active, accent: 'd' },
		{ id: 'acked', label: t('al.kpi.acked'), value: num(s.acked, 0), data: s.acked, accent: 'a' },
		{ id: 'returned', label: t('al.kpi.returned'), value: num(s.returned, 0), data: s.returned, accent: 'c' },
		{ id: 'worst', label: t('al.kpi.worst'), value: s.worst ? `${s.worst} ${t('al.sev.' + s.worst)}` : t('al.kpi.none'), data: s.worst || '', accent: 'b' },
	];
	el.innerHTML = kpis
		.map((k) => `<div class="kpi kpi-${k.accent}" data-kpi="${k.id}" data-value="${esc(k.data)}">
			<div class="kpi-label">${esc(k.label)}</div>
			<div class="kpi-value"><span class="kpi-num">${esc(k.value)}</span>${k.id !== 'worst' && t('al.unit') ? `<span class="kpi-unit">${esc(t('al.unit'))}</span>` : ''}</div></div>`)
		.join('');
}

async function loadList(view, ctx, filter) {
	const body = view.querySelector('[data-test=alarms-list-body]');
	const query = { per_page: 500 };
	if (filter === 'all') query.all = 1;
	else if (filter) query.state = filter;
	try {
		const r = await api('/alarms', { query });
		if (!ctx.alive()) return;
		body.innerHTML = listTable(r.items || []);
		for (const b of body.querySelectorAll('[data-ack]')) b.addEventListener('click', () => act(view, ctx, b, 'ack'));
		for (const b of body.querySelectorAll('[data-clear]')) b.addEventListener('click', () => act(view, ctx, b, 'clear'));
	} catch (err) {
		if (ctx.alive()) body.innerHTML = errorPanel(err);
	}
}

function listTable(items) {
	const u = state.user;
	if (!items.length) return `<p class="muted" data-test="alarms-none">${esc(t('al.none'))}</p>`;
	return `<div class="table-wrap"><table class="grid" data-test="alarms-list">
		<thead><tr><th>${esc(t('al.c.id'))}</th><th>${esc(t('al.c.state'))}</th><th>${esc(t('al.c.severity'))}</th><th>${esc(t('al.c.kind'))}</th><th>${esc(t('al.c.meter'))}</th><th>${esc(t('al.c.enterprise'))}</th><th class="num">${esc(t('al.c.value'))}</th><th class="num">${esc(t('al.c.count'))}</th><th>${esc(t('al.c.raised'))}</th><th>${esc(t('al.c.last'))}</th><th>${esc(t('al.c.detail'))}</th><th>${esc(t('al.c.ack'))}</th><th></th></tr></thead>
		<tbody>${items
			.map((a) => {
				const ackBtn = !a.acked && a.state !== 'cleared' ? `<button type="button" class="btn small" data-ack="${esc(a.id)}" data-active="${a.active ? 1 : 0}">${esc(t('al.ack'))}</button>` : '';
				const clearBtn = staff(u) && a.state !== 'cleared' ? `<button type="button" class="btn small" data-clear="${esc(a.id)}" data-active="${a.active ? 1 : 0}">${esc(t('al.clear'))}</button>` : '';
				const ack = a.ack ? `${esc(a.ack.by)}<br><span class="muted">${esc(fmtTime(a.ack.at))}${a.ack.note ? ' · ' + esc(a.ack.note) : ''}</span>` : '—';
				return `<tr data-id="${esc(a.id)}" data-state="${esc(a.state)}" data-meter="${esc(a.meter)}" data-kind="${esc(a.kind)}" data-severity="${esc(a.severity)}" class="al-row al-row-${esc(a.state)}">
				<td>${esc(a.id)}</td><td>${stateBadge(a.state)}</td><td>${sevBadge(a.severity)}</td><td>${esc(kindLabel(a.kind))}</td>
				<td><b>${esc(a.meter)}</b></td><td><code>${esc(a.uscc)}</code></td>
				<td class="num">${a.value === null || a.value === undefined ? '—' : esc(num(a.value, 2))}</td><td class="num">${esc(num(a.count, 0))}</td>
				<td>${esc(fmtTime(a.raised_at))}</td><td>${esc(fmtTime(a.last_at))}</td>
				<td class="al-detail">${esc(a.detail)}${a.period ? ` <span class="muted">(${esc(a.period)})</span>` : ''}</td>
				<td class="al-ack">${ack}</td><td class="al-actions">${ackBtn} ${clearBtn}</td></tr>`;
			})
			.join('')}</tbody></table></div>`;
}

async function act(view, ctx, b, what) {
	const id = what === 'ack' ? b.dataset.ack : b.dataset.clear;
	const note = window.prompt(t('al.prompt.' + what, { id }));
	if (note === null) return;
	b.disabled = true;
	try {
		await api('/alarms/' + encodeURIComponent(id) + '/' + what, { method: 'POST', json: note.trim() ? { note: note.trim() } : {} });
		if (!ctx.alive()) return;
		toast(t(what === 'ack' ? 'al.acked' : 'al.cleared', { id }));
		ctx.rerender();
	} catch (err) {
		b.disabled = false;
		toast(err.message, 'error');
	}
}

async function loadLog(view, ctx) {
	const body = view.querySelector('[data-test=alarms-log-body]');
	try {
		const r = await api('/alarms/log', { query: { limit: LOG_LINES } });
		if (!ctx.alive()) return;
		const ev = r.events || [];
		body.innerHTML = ev.length
			? `<div class="table-wrap al-scroll"><table class="grid" data-test="alarms-log">
			<thead><tr><th>${esc(t('al.c.time'))}</th><th>${esc(t('al.c.alarm'))}</th><th>${esc(t('al.c.event'))}</th><th>${esc(t('al.c.meter'))}</th><th>${esc(t('al.c.kind'))}</th><th>${esc(t('al.c.actor'))}</th><th class="num">${esc(t('al.c.value'))}</th><th>${esc(t('al.c.note'))}</th></tr></thead>
			<tbody>${ev
				.map((e) => `<tr data-alarm="${esc(e.alarm)}" data-event="${esc(e.event)}"><td>${esc(fmtTime(e.at))}</td><td>${esc(e.alarm)}</td><td>${esc(t('al.ev.' + e.event))}</td><td>${esc(e.meter)}</td><td>${esc(kindLabel(e.kind))}</td><td>${esc(e.actor)}</td>
				<td class="num">${e.value === null || e.value === undefined ? '—' : esc(num(e.value, 2))}</td><td>${esc(e.note)}</td></tr>`)
				.join('')}</tbody></table></div>`
			: `<p class="muted" data-test="alarms-log-none">${esc(t('al.log.none'))}</p>`;
	} catch (err) {
		if (ctx.alive()) body.innerHTML = errorPanel(err);
	}
}

function params(r) {
	const p = [];
	if (r.kind === 'threshold') {
		if (r.low !== null) p.push(`${t('al.form.low')} ${num(r.low, 2)}`);
		if (r.high !== null) p.push(`${t('al.form.high')} ${num(r.high, 2)}`);
	} else if (r.kind === 'rate') {
		p.push(`${t('al.form.limit')} ${num(r.limit, 2)}`);
	} else if (r.kind === 'stale') {
		p.push(`${t('al.form.stale_s')}: ${r.stale_s ? num(r.stale_s, 0) : 0}`);
	} else if (r.kind === 'imbalance') {
		p.push(`${t('al.form.pct')} ${num(r.pct, 1)}`, `${t('al.form.period')}: ${t('al.form.period.' + r.period)}`, `${t('al.form.min_value')} ${num(r.min_value, 2)}`);
	}
	return p.join(' · ');
}

async function loadRules(view, ctx) {
	const u = state.user;
	const body = view.querySelector('[data-test=alarms-rules-body]');
	try {
		const r = await api('/alarm-rules');
		if (!ctx.alive()) return;
		const rules = r.rules || [];
		const own = u.role === 'enterprise' ? `<p class="legend-note">${esc(t('al.rules.own'))}</p>` : '';
		if (!rules.length) {
			body.innerHTML = `<p class="muted" data-test="alarms-rules-none">${esc(t('al.rules.none'))}</p>${own}`;
			return;
		}
		body.innerHTML = `<div class="table-wrap"><table class="grid" data-test="alarms-rules">
			<thead><tr><th>${esc(t('al.c.id'))}</th><th>${esc(t('al.c.kind'))}</th><th>${esc(t('al.c.meter'))}</th><th>${esc(t('al.c.severity'))}</th><th>${esc(t('al.c.enabled'))}</th><th>${esc(t('al.c.params'))}</th><th>${esc(t('al.c.note'))}</th><th></th></tr></thead>
			<tbody>${rules
				.map((x) => `<tr data-rule="${esc(x.id)}" data-kind="${esc(x.kind)}"><td>${esc(x.id)}</td><td>${esc(kindLabel(x.kind))}</td><td>${x.meter ? `<b>${esc(x.meter)}</b>` : `<span class="muted">${esc(t('al.rules.every'))}</span>`}</td>
				<td>${sevBadge(x.severity)}</td><td>${esc(x.enabled ? t('al.yes') : t('al.no'))}</td><td>${esc(params(x))}</td><td>${esc(x.note)}</td>
				<td>${staff(u) ? `<button type="button" class="btn small" data-remove="${esc(x.id)}">${esc(t('al.rules.remove'))}</button>` : ''}</td></tr>`)
				.join('')}</tbody></table></div>${own}`;
		for (const b of body.querySelectorAll('[data-remove]'))
			b.addEventListener('click', async () => {
				if (!window.confirm(t('al.rules.confirm', { id: b.dataset.remove }))) return;
				b.disabled = true;
				try {
					await api('/alarm-rules/' + encodeURIComponent(b.dataset.remove), { method: 'DELETE' });
					if (!ctx.alive()) return;
					toast(t('al.rules.removed', { id: b.dataset.remove }));
					ctx.rerender();
				} catch (err) {
					b.disabled = false;
					toast(err.message, 'error');
				}
			});
	} catch (err) {
		if (ctx.alive()) body.innerHTML = errorPanel(err);
	}
}

function ruleForm() {
	return `<form class="user-form al-form" data-test="alarms-rule-form" autocomplete="off" novalidate>
		<h3>${esc(t('al.form'))}</h3>
		<div class="form-grid">
			<label>${esc(t('al.form.kind'))}<select name="kind">${KINDS.map((k) => `<option value="${k}">${esc(t('al.kind.' + k))}</option>`).join('')}</select></label>
			<label>${esc(t('al.form.meter'))}<input name="meter" maxlength="64"></label>
			<label data-for="threshold">${esc(t('al.form.high'))}<input name="high" type="number" step="any"></label>
			<label data-for="threshold">${esc(t('al.form.low'))}<input name="low" type="number" step="any"></label>
			<label data-for="rate" hidden>${esc(t('al.form.limit'))}<input name="limit" type="number" step="any" min="0"></label>
			<label data-for="stale" hidden>${esc(t('al.form.stale_s'))}<input name="stale_s" type="number" step="1" min="0" value="0"></label>
			<label data-for="imbalance" hidden>${esc(t('al.form.pct'))}<input name="pct" type="number" step="any" min="0" max="1000"></label>
			<label data-for="imbalance" hidden>${esc(t('al.form.period'))}<select name="period"><option value="day">${esc(t('al.form.period.day'))}</option><option value="month">${esc(t('al.form.period.month'))}</option></select></label>
			<label data-for="imbalance" hidden>${esc(t('al.form.min_value'))}<input name="min_value" type="number" step="any" min="0" value="0"></label>
			<label>${esc(t('al.form.severity'))}<select name="severity">${[1, 2, 3].map((n) => `<option value="${n}"${n === 2 ? ' selected' : ''}>${n} ${esc(t('al.sev.' + n))}</option>`).join('')}</select></label>
			<label>${esc(t('al.form.note'))}<input name="note" maxlength="500"></label>
		</div>
		<div class="form-errors" data-test="alarms-form-error" aria-live="polite"></div>
		<button class="btn primary" type="submit">${esc(t('al.form.submit'))}</button>
	</form>`;
}

function wireForm(view, ctx) {
	const f = view.querySelector('[data-test=alarms-rule-form]');
	const show = () => {
		const k = f.elements.kind.value;
		for (const l of f.querySelectorAll('[data-for]')) l.hidden = l.dataset.for !== k;
	};
	f.elements.kind.addEventListener('change', show);
	show();
	f.addEventListener('submit', async (e) => {
		e.preventDefault();
		const k = f.elements.kind.value;
		const body = { kind: k, severity: parseInt(f.elements.severity.value, 10) };
		const meter = f.elements.meter.value.trim();
		if (meter) body.meter = meter;
		const note = f.elements.note.value.trim();
		if (note) body.note = note;
		const numOf = (name) => {
			const v = f.elements[name].value.trim();
			return v === '' ? null : Number(v);
		};
		const fields = { threshold: ['high', 'low'], rate: ['limit'], stale: ['stale_s'], imbalance: ['pct', 'min_value'] }[k];
		for (const name of fields) {
			const v = numOf(name);
			if (v !== null) body[name] = v;
		}
		if (k === 'imbalance') body.period = f.elements.period.value;
		const out = f.querySelector('[data-test=alarms-form-error]');
		out.innerHTML = '';
		const btn = f.querySelector('button[type=submit]');
		btn.disabled = true;
		try {
			const r = await api('/alarm-rules', { method: 'POST', json: body });
			if (!ctx.alive()) return;
			toast(t('al.form.added', { id: r.id }));
			ctx.rerender();
		} catch (err) {
			btn.disabled = false;
			out.innerHTML = `<div class="msg msg-error">${esc(err.message)}</div>`;
		}
	});
}
