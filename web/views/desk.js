// views/desk.js — 企业服务 (service desk, 包保): the tickets of the park's enterprises. Staff
// (admin, analyst) see every enterprise's tickets, an enterprise user only its own (the
// server scopes them; docs/desk.md). The page shows the summary (total, resolved with the
// land / funding / labour split, overdue, median days to resolve), charts by category and by
// month (ECharts), the overdue list highlighted, the list with filters and the status
// actions the user may take, a form to file a ticket, and the Excel download of the list.
//
// Route: #/desk?status=S&category=C&overdue=1 (admin, analyst, enterprise).
import { api, settle } from '../api.js';
import { t, addStrings } from '../i18n.js';
import { state } from '../state.js';
import { esc, num, chart, baseOption, tooltipBase, axisStyle, errorPanel, toast, PALETTE } from '../ui.js';

export const CATEGORIES = ['land', 'funding', 'labour', 'technology', 'approvals', 'utilities', 'other'];
export const STATUSES = ['open', 'in_progress', 'resolved', 'confirmed', 'reopened'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

addStrings({
	'nav.desk': '企业服务',
	'desk.title': '企业服务 · 包保工单',
	'desk.total': '诉求总数',
	'desk.resolved': '已办结',
	'desk.resolved.split': '其中 用地 {land} · 资金 {funding} · 用工 {labour}',
	'desk.overdue': '超期未办结',
	'desk.median': '办结用时中位数',
	'desk.days': '天',
	'desk.unit': '件',
	'desk.chart.category': '按类别',
	'desk.chart.month': '按月份 (受理 / 办结)',
	'desk.series.total': '受理',
	'desk.series.resolved': '办结',
	'desk.overdue.title': '超期工单',
	'desk.overdue.none': '没有超期工单',
	'desk.list': '工单列表',
	'desk.any': '全部',
	'desk.filter.status': '状态',
	'desk.filter.category': '类别',
	'desk.filter.overdue': '仅超期',
	'desk.search': '筛选',
	'desk.xlsx': '导出 Excel',
	'desk.col.id': '编号',
	'desk.col.enterprise': '企业',
	'desk.col.category': '类别',
	'desk.col.title': '标题',
	'desk.col.priority': '优先级',
	'desk.col.opened': '受理日期',
	'desk.col.deadline': '办结时限',
	'desk.col.status': '状态',
	'desk.col.routed': '包保部门 / 包保人',
	'desk.col.actions': '操作',
	'desk.count': '共 {n} 件',
	'desk.overdue.badge': '超期',
	'desk.act.in_progress': '受理',
	'desk.act.resolved': '办结',
	'desk.act.confirmed': '确认办结',
	'desk.act.reopened': '重开',
	'desk.prompt.resolved': '办结说明（必填）：',
	'desk.prompt.reopened': '重开原因（必填）：',
	'desk.prompt.confirmed': '代企业确认：请说明确认方式（必填）：',
	'desk.moved': '工单 {id} 已更新为「{s}」',
	'desk.form': '提交诉求',
	'desk.form.uscc': '企业统一社会信用代码',
	'desk.form.title': '标题',
	'desk.form.description': '问题描述',
	'desk.form.priority': '优先级',
	'desk.form.deadline': '期望办结日期（可选）',
	'desk.form.attachments': '附件（文件名或链接，每行一个）',
	'desk.form.submit': '提交',
	'desk.filed': '工单 {id} 已提交，分派至 {d}',
	'desk.unrouted': '（未分派）',
	'desk.cat.land': '用地', 'desk.cat.funding': '资金', 'desk.cat.labour': '用工', 'desk.cat.technology': '技术',
	'desk.cat.approvals': '审批', 'desk.cat.utilities': '水电气暖', 'desk.cat.other': '其他',
	'desk.st.open': '待受理', 'desk.st.in_progress': '办理中', 'desk.st.resolved': '已办结', 'desk.st.confirmed': '已确认', 'desk.st.reopened': '已重开',
	'desk.pr.low': '低', 'desk.pr.normal': '普通', 'desk.pr.high': '高', 'desk.pr.urgent': '紧急',
}, {
	'nav.desk': 'Service desk',
	'desk.title': 'Service desk · 包保 tickets',
	'desk.total': 'Tickets',
	'desk.resolved': 'Resolved',
	'desk.resolved.split': 'land {land} · funding {funding} · labour {labour}',
	'desk.overdue': 'Overdue',
	'desk.median': 'Median time to resolve',
	'desk.days': 'days',
	'desk.unit': '',
	'desk.chart.category': 'By category',
	'desk.chart.month': 'By month (opened / resolved)',
	'desk.series.total': 'Opened',
	'desk.series.resolved': 'Resolved',
	'desk.overdue.title': 'Overdue tickets',
	'desk.overdue.none': 'No overdue ticket',
	'desk.list': 'Tickets',
	'desk.any': 'Any',
	'desk.filter.status': 'Status',
	'desk.filter.category': 'Category',
	'desk.filter.overdue': 'Overdue only',
	'desk.search': 'Filter',
	'desk.xlsx': 'Excel',
	'desk.col.id': 'Id',
	'desk.col.enterprise': 'Enterprise',
	'desk.col.category': 'Category',
	'desk.col.title': 'Title',
	'desk.col.priority': 'Priority',
	'desk.col.opened': 'Opened',
	'desk.col.deadline': 'Deadline',
	'desk.col.status': 'Status',
	'desk.col.routed': 'Department / staff',
	'desk.col.actions': 'Actions',
	'desk.count': '{n} tickets',
	'desk.overdue.badge': 'overdue',
	'desk.act.in_progress': 'Accept',
	'desk.act.resolved': 'Resolve',
	'desk.act.confirmed': 'Confirm',
	'desk.act.reopened': 'Reopen',
	'desk.prompt.resolved': 'Resolution (required):',
	'desk.prompt.reopened': 'Why reopen (required):',
	'desk.prompt.confirmed': 'Confirming for the enterprise: how was it confirmed (required):',
	'desk.moved': 'Ticket {id} is now "{s}"',
	'desk.form': 'File a ticket',
	'desk.form.uscc': 'Enterprise USCC',
	'desk.form.title': 'Title',
	'desk.form.description': 'Description',
	'desk.form.priority': 'Priority',
	'desk.form.deadline': 'Wanted by (optional)',
	'desk.form.attachments': 'Attachments (file names or links, one a line)',
	'desk.form.submit': 'Submit',
	'desk.filed': 'Ticket {id} filed, routed to {d}',
	'desk.unrouted': '(not routed)',
	'desk.cat.land': 'Land', 'desk.cat.funding': 'Funding', 'desk.cat.labour': 'Labour', 'desk.cat.technology': 'Technology',
	'desk.cat.approvals': 'Approvals', 'desk.cat.utilities': 'Utilities', 'desk.cat.other': 'Other',
	'desk.st.open': 'Open', 'desk.st.in_progress': 'In progress', 'desk.st.resolved': 'Resolved', 'desk.st.confirmed': 'Confirmed', 'desk.st.reopened': 'Reopened',
	'desk.pr.low': 'Low', 'desk.pr.normal': 'Normal', 'desk.pr.high': 'High', 'desk.pr.urgent': 'Urgent',
});

export function allowed(u) {
	return !!u && ['admin', 'analyst', 'enterprise'].includes(u.role);
}

export const routes = [{ re: /^desk$/, allow: (u) => allowed(u), view: { render }, nav: 'desk', noMethod: true }];

export function nav(u) {
	return allowed(u) ? [{ id: 'desk', href: '#/desk', label: t('nav.desk') }] : [];
}

const staff = (u) => u && (u.role === 'admin' || u.role === 'analyst');

// The moves this user may offer from a status (the server decides; this only picks buttons).
function actions(u, tk) {
	if (staff(u) && (tk.status === 'open' || tk.status === 'reopened')) return ['in_progress'];
	if (staff(u) && tk.status === 'in_progress') return ['resolved'];
	if (tk.status === 'resolved' && (u.role === 'enterprise' || u.role === 'admin')) return ['confirmed', 'reopened'];
	return [];
}
function needsNote(u, to) {
	return to === 'resolved' || to === 'reopened' || (to === 'confirmed' && u.role !== 'enterprise');
}

export async function render(view, ctx) {
	const q = ctx.query;
	const filters = { status: q.get('status') || '', category: q.get('category') || '', overdue: q.get('overdue') === '1' ? 'true' : '' };
	view.innerHTML = `<div class="loading">${esc(t('loading'))}</div>`;
	const [sum, list, over] = await settle([
		api('/tickets/summary'),
		api('/tickets', { query: Object.assign({ per_page: 500 }, filters) }),
		api('/tickets', { query: { overdue: 'true', per_page: 500 } }),
	]);
	if (!ctx.alive()) return;
	const bad = [sum, list, over].find((r) => !r.ok);
	if (bad) {
		view.innerHTML = errorPanel(bad.error);
		return;
	}
	draw(view, ctx, filters, sum.value, list.value, over.value.items || []);
}

function draw(view, ctx, filters, s, list, overdue) {
	const u = state.user;
	const items = list.items || [];
	const bc = s.by_category || {};
	const res = (c) => (bc[c] ? bc[c].resolved : 0);
	const sampleBadge = state.park && state.park.sample ? `<span class="sample-badge" title="${esc(t('sample.title'))}">${esc(t('sample'))}</span>` : '';
	const opt = (v, label, cur) => `<option value="${esc(v)}"${v === cur ? ' selected' : ''}>${esc(label)}</option>`;
	const xq = new URLSearchParams();
	for (const [k, v] of Object.entries(filters)) if (v) xq.set(k, v);
	const kpis = [
		{ id: 'total', label: t('desk.total'), value: num(s.total, 0), unit: t('desk.unit') },
		{ id: 'resolved', label: t('desk.resolved'), value: num(s.resolved, 0), unit: t('desk.unit'), sub: t('desk.resolved.split', { land: res('land'), funding: res('funding'), labour: res('labour') }), accent: 'c' },
		{ id: 'overdue', label: t('desk.overdue'), value: num(s.overdue, 0), unit: t('desk.unit'), accent: 'a' },
		{ id: 'median', label: t('desk.median'), value: s.median_days_to_resolve === null ? '—' : num(s.median_days_to_resolve, 1), unit: t('desk.days') },
	];
	view.innerHTML = `<section class="page desk" data-test="desk">
		<div class="ind-head"><div><h1>${esc(t('desk.title'))}${sampleBadge}</h1></div>
			<div class="ov-actions"><a class="btn" data-test="desk-xlsx" download href="api/v1/tickets.xlsx${xq.toString() ? '?' + esc(xq.toString()) : ''}">⬇ ${esc(t('desk.xlsx'))}</a></div></div>
		<div class="kpis">${kpis.map((k) => `<div class="kpi${k.accent ? ' kpi-' + k.accent : ''}" data-kpi="${k.id}" data-value="${esc(k.id === 'median' ? s.median_days_to_resolve : s[k.id])}">
			<div class="kpi-label">${esc(k.label)}</div>
			<div class="kpi-value"><span class="kpi-num">${esc(k.value)}</span>${k.unit ? `<span class="kpi-unit">${esc(k.unit)}</span>` : ''}</div>
			${k.sub ? `<div class="kpi-sub">${esc(k.sub)}</div>` : ''}</div>`).join('')}</div>
		<div class="charts" style="grid-template-columns: repeat(2, minmax(0, 1fr))">
			<div class="panel"><h3>${esc(t('desk.chart.category'))}</h3><div class="chart" data-chart="desk-category"></div></div>
			<div class="panel"><h3>${esc(t('desk.chart.month'))}</h3><div class="chart" data-chart="desk-month"></div></div>
		</div>
		<div class="panel" data-test="desk-overdue" style="margin-top:0.8rem;border-color:#ff7a59">
			<h3>⚠ ${esc(t('desk.overdue.title'))} (${esc(overdue.length)})</h3>
			${overdue.length ? table(u, overdue, 'overdue') : `<p class="muted">${esc(t('desk.overdue.none'))}</p>`}
		</div>
		<div class="panel" style="margin-top:0.8rem">
			<h3>${esc(t('desk.list'))}</h3>
			<form class="filters" data-test="desk-filters">
				<label>${esc(t('desk.filter.status'))}<select name="status">${opt('', t('desk.any'), filters.status)}${STATUSES.map((x) => opt(x, t('desk.st.' + x), filters.status)).join('')}</select></label>
				<label>${esc(t('desk.filter.category'))}<select name="category">${opt('', t('desk.any'), filters.category)}${CATEGORIES.map((x) => opt(x, t('desk.cat.' + x), filters.category)).join('')}</select></label>
				<label class="inline"><input type="checkbox" name="overdue"${filters.overdue ? ' checked' : ''}> ${esc(t('desk.filter.overdue'))}</label>
				<div class="filter-actions"><button type="submit" class="btn primary">${esc(t('desk.search'))}</button></div>
			</form>
			<div class="list-meta"><span data-test="desk-count">${esc(t('desk.count', { n: list.total }))}</span></div>
			${table(u, items, 'list')}
		</div>
		${form(u)}
	</section>`;

	chart(view.querySelector('[data-chart="desk-category"]'), categoryOption(s));
	chart(view.querySelector('[data-chart="desk-month"]'), monthOption(s));
	view.querySelector('form[data-test=desk-filters]').addEventListener('submit', (e) => {
		e.preventDefault();
		const fd = new FormData(e.target);
		const p = new URLSearchParams();
		if (fd.get('status')) p.set('status', fd.get('status'));
		if (fd.get('category')) p.set('category', fd.get('category'));
		if (fd.get('overdue')) p.set('overdue', '1');
		const str = p.toString();
		location.hash = '#/desk' + (str ? '?' + str : '');
	});
	for (const b of view.querySelectorAll('[data-move]')) b.addEventListener('click', () => move(ctx, b));
	const f = view.querySelector('form[data-test=desk-form]');
	if (f) wireForm(ctx, f);
}

function table(u, items, kind) {
	return `<div class="table-wrap"><table class="grid" data-test="desk-${kind}">
		<thead><tr><th class="num">${esc(t('desk.col.id'))}</th>${u.role === 'enterprise' ? '' : `<th>${esc(t('desk.col.enterprise'))}</th>`}<th>${esc(t('desk.col.category'))}</th><th>${esc(t('desk.col.title'))}</th><th>${esc(t('desk.col.priority'))}</th><th>${esc(t('desk.col.opened'))}</th><th>${esc(t('desk.col.deadline'))}</th><th>${esc(t('desk.col.status'))}</th><th>${esc(t('desk.col.routed'))}</th><th>${esc(t('desk.col.actions'))}</th></tr></thead>
		<tbody>${items.map((x) => `<tr data-id="${esc(x.id)}" data-status="${esc(x.status)}" data-uscc="${esc(x.uscc)}"${x.overdue ? ' class="at-risk" data-overdue="1" style="background:rgba(255,122,89,0.12)"' : ''}>
			<td class="num">${esc(x.id)}</td>${u.role === 'enterprise' ? '' : `<td>${esc(x.enterprise)}</td>`}
			<td>${esc(t('desk.cat.' + x.category))}</td>
			<td title="${esc(x.description || '')}">${esc(x.title)}</td>
			<td>${esc(t('desk.pr.' + x.priority))}</td>
			<td>${esc(x.opened || '')}</td>
			<td>${esc(x.deadline || '—')}${x.overdue ? ` <span class="badge badge-fail" data-test="overdue-badge">${esc(t('desk.overdue.badge'))}</span>` : ''}</td>
			<td>${esc(t('desk.st.' + x.status))}</td>
			<td>${esc(x.department || t('desk.unrouted'))}${x.staff ? ' / ' + esc(x.staff) : ''}</td>
			<td>${actions(u, x).map((a) => `<button type="button" class="btn small${a === 'reopened' ? ' danger' : ''}" data-move="${a}" data-id="${esc(x.id)}">${esc(t('desk.act.' + a))}</button>`).join(' ')}</td>
		</tr>`).join('') || `<tr><td colspan="10" class="muted">${esc(t('nodata'))}</td></tr>`}</tbody>
	</table></div>`;
}

function categoryOption(s) {
	const bc = s.by_category || {};
	return (r) => {
		const ax = axisStyle(r);
		return Object.assign(baseOption(r), {
			tooltip: Object.assign(tooltipBase(r), { trigger: 'axis' }),
			legend: { top: 0, textStyle: { color: '#cfe3ff', fontSize: Math.round(0.72 * r) } },
			grid: { left: 2.6 * r, right: 0.8 * r, top: 2.2 * r, bottom: 1.8 * r },
			xAxis: Object.assign({ type: 'category', data: CATEGORIES.map((c) => t('desk.cat.' + c)) }, ax, { splitLine: { show: false } }),
			yAxis: Object.assign({ type: 'value', minInterval: 1 }, ax),
			series: [
				{ name: t('desk.series.total'), type: 'bar', data: CATEGORIES.map((c) => (bc[c] ? bc[c].total : 0)), itemStyle: { color: PALETTE[0] } },
				{ name: t('desk.series.resolved'), type: 'bar', data: CATEGORIES.map((c) => (bc[c] ? bc[c].resolved : 0)), itemStyle: { color: PALETTE[1] } },
			],
		});
	};
}

function monthOption(s) {
	const m = s.by_month || [];
	return (r) => {
		const ax = axisStyle(r);
		return Object.assign(baseOption(r), {
			tooltip: Object.assign(tooltipBase(r), { trigger: 'axis' }),
			legend: { top: 0, textStyle: { color: '#cfe3ff', fontSize: Math.round(0.72 * r) } },
			grid: { left: 2.6 * r, right: 0.8 * r, top: 2.2 * r, bottom: 1.8 * r },
			xAxis: Object.assign({ type: 'category', data: m.map((x) => x.month) }, ax, { splitLine: { show: false } }),
			yAxis: Object.assign({ type: 'value', minInterval: 1 }, ax),
			series: [
				{ name: t('desk.series.total'), type: 'bar', data: m.map((x) => x.opened), itemStyle: { color: PALETTE[0] } },
				{ name: t('desk.series.resolved'), type: 'line', smooth: true, data: m.map((x) => x.resolved), itemStyle: { color: PALETTE[1] } },
			],
		});
	};
}

async function move(ctx, b) {
	const u = state.user;
	const to = b.dataset.move;
	const body = { status: to };
	if (needsNote(u, to)) {
		const note = window.prompt(t('desk.prompt.' + to));
		if (note === null) return;
		body.note = note;
	}
	b.disabled = true;
	try {
		await api('/tickets/' + encodeURIComponent(b.dataset.id) + '/status', { method: 'POST', json: body });
		if (!ctx.alive()) return;
		toast(t('desk.moved', { id: b.dataset.id, s: t('desk.st.' + to) }));
		ctx.rerender();
	} catch (err) {
		b.disabled = false;
		toast(err.message, 'error');
	}
}

function form(u) {
	const opt = (v, label) => `<option value="${esc(v)}"${v === 'normal' ? ' selected' : ''}>${esc(label)}</option>`;
	return `<form class="panel user-form" data-test="desk-form" autocomplete="off" style="margin-top:0.8rem">
		<h3>${esc(t('desk.form'))}</h3>
		<div class="form-grid">
			${u.role === 'enterprise' ? '' : `<label>${esc(t('desk.form.uscc'))}<input name="uscc" required maxlength="18" pattern="[0-9A-Za-z]{18}"></label>`}
			<label>${esc(t('desk.filter.category'))}<select name="category">${CATEGORIES.map((c) => `<option value="${c}">${esc(t('desk.cat.' + c))}</option>`).join('')}</select></label>
			<label>${esc(t('desk.form.title'))}<input name="title" required maxlength="60"></label>
			<label>${esc(t('desk.form.priority'))}<select name="priority">${PRIORITIES.map((p) => opt(p, t('desk.pr.' + p))).join('')}</select></label>
			<label>${esc(t('desk.form.deadline'))}<input name="deadline" type="date"></label>
			<label>${esc(t('desk.form.description'))}<textarea name="description" rows="3" maxlength="1300"></textarea></label>
			<label>${esc(t('desk.form.attachments'))}<textarea name="attachments" rows="2" maxlength="5000"></textarea></label>
		</div>
		<div class="form-errors" data-test="desk-form-error" aria-live="polite"></div>
		<button class="btn primary" type="submit">${esc(t('desk.form.submit'))}</button>
	</form>`;
}

function wireForm(ctx, f) {
	f.addEventListener('submit', async (e) => {
		e.preventDefault();
		const fd = new FormData(f);
		const body = { category: fd.get('category'), title: String(fd.get('title') || '').trim(), priority: fd.get('priority') };
		if (fd.get('uscc')) body.uscc = String(fd.get('uscc')).trim().toUpperCase();
		for (const k of ['description', 'attachments', 'deadline']) {
			const v = String(fd.get(k) || '').trim();
			if (v) body[k] = v;
		}
		const out = f.querySelector('[data-test=desk-form-error]');
		out.innerHTML = '';
		const btn = f.querySelector('button[type=submit]');
		btn.disabled = true;
		try {
			const r = await api('/tickets', { method: 'POST', json: body });
			if (!ctx.alive()) return;
			toast(t('desk.filed', { id: r.id, d: (r.routing && r.routing.department) || t('desk.unrouted') }));
			ctx.rerender();
		} catch (err) {
			btn.disabled = false;
			out.innerHTML = `<div class="msg msg-error">${esc(err.message)}</div>`;
		}
	});
}
