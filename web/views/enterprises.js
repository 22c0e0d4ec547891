// views/enterprises.js — the enterprise list: filters (name, sub-park, industry code prefix,
// leading industry, high-tech, 专精特新), sorting and pages. The filters live in the hash
// (#/enterprises?q=…&page=2) so Back and a shared link keep them.
import { api, settle } from '../api.js';
import { t } from '../i18n.js';
import { state, can } from '../state.js';
import { esc, num, errorPanel } from '../ui.js';

const PER_PAGE = 20;
const LEADING = ['new_energy_materials', 'new_tech_equipment', 'health_food', 'other'];

export async function render(view, ctx) {
	const q = ctx.query;
	const user = state.user;
	const full = can.perEnterprise(user); // bank users get uscc and name only
	const pageNo = Math.max(1, parseInt(q.get('page') || '1', 10) || 1);
	const filters = {
		q: q.get('q') || '',
		subpark: q.get('subpark') || '',
		industry: q.get('industry') || '',
		leading: q.get('leading') || '',
		high_tech: q.get('high_tech') || '',
		srdi: q.get('srdi') || '',
		sort: q.get('sort') || 'name',
	};
	view.innerHTML = `<div class="loading">${esc(t('loading'))}</div>`;
	const [list, subs] = await settle([
		api('/enterprises', { query: Object.assign({}, filters, { page: pageNo, per_page: PER_PAGE }) }),
		full ? api('/subparks') : Promise.resolve({ items: [] }),
	]);
	if (!ctx.alive()) return;
	if (!list.ok) {
		view.innerHTML = errorPanel(list.error);
		return;
	}
	const L = list.value;
	const items = L.items || [];
	const pages = Math.max(1, Math.ceil((L.total || 0) / (L.per_page || PER_PAGE)));
	const subparks = subs.ok ? subs.value.items || [] : [];
	const opt = (v, label, cur) => `<option value="${esc(v)}"${v === cur ? ' selected' : ''}>${esc(label)}</option>`;
	const yn = (name) => `<select name="${name}">${opt('', t('ent.any'), filters[name])}${opt('true', t('ent.yes'), filters[name])}${opt('false', t('ent.no'), filters[name])}</select>`;
	const bool = (v) => (v === true || v === 1 || v === 'true' ? `<span class="yes">${esc(t('ent.yes'))}</span>` : v === undefined || v === null ? '' : `<span class="no">${esc(t('ent.no'))}</span>`);

	view.innerHTML = `<section class="page enterprises" data-test="enterprises">
		<h1>${esc(t('ent.title'))}</h1>
		<form class="filters" data-test="filters">
			<label>${esc(t('ent.q'))}<input name="q" value="${esc(filters.q)}" autocomplete="off"></label>
			${full ? `
			<label>${esc(t('ent.subpark'))}<select name="subpark">${opt('', t('ent.any'), filters.subpark)}${subparks.map((s) => opt(s.name, s.name, filters.subpark)).join('')}</select></label>
			<label>${esc(t('ent.industry'))}<input name="industry" value="${esc(filters.industry)}" placeholder="C39" size="6" autocomplete="off"></label>
			<label>${esc(t('ent.leading'))}<select name="leading">${opt('', t('ent.any'), filters.leading)}${LEADING.map((l) => opt(l, t('lead.' + l), filters.leading)).join('')}</select></label>
			<label>${esc(t('ent.high_tech'))}${yn('high_tech')}</label>
			<label>${esc(t('ent.srdi'))}${yn('srdi')}</label>
			<label>${esc(t('ent.sort'))}<select name="sort">${opt('name', t('ent.sort.name'), filters.sort)}${opt('uscc', t('ent.sort.uscc'), filters.sort)}${opt('-employees', t('ent.sort.employees'), filters.sort)}</select></label>` : ''}
			<div class="filter-actions"><button type="submit" class="btn primary">${esc(t('ent.search'))}</button><button type="button" class="btn" data-act="reset">${esc(t('ent.reset'))}</button></div>
		</form>
		<div class="list-meta"><span data-test="total">${esc(t('ent.total', { n: num(L.total, 0) }))}</span></div>
		<div class="table-wrap"><table class="grid list">
			<thead><tr><th>${esc(t('ent.name'))}</th><th>${esc(t('ent.uscc'))}</th>${full ? `<th>${esc(t('ent.subpark'))}</th><th>${esc(t('ent.industry'))}</th><th>${esc(t('ent.leading'))}</th><th>${esc(t('ent.high_tech'))}</th><th>${esc(t('ent.srdi'))}</th><th class="num">${esc(t('ent.employees'))}</th>` : ''}</tr></thead>
			<tbody>${items.map((e) => `<tr${full ? ` class="link" data-uscc="${esc(e.uscc)}"` : ''}>
				<td>${full ? `<a href="#/enterprise/${encodeURIComponent(e.uscc)}">${esc(e.name)}</a>` : esc(e.name)}</td><td><code>${esc(e.uscc)}</code></td>
				${full ? `<td>${esc(e.subpark)}</td><td>${esc(e.industry_code)}</td><td>${esc(e.leading_industry ? t('lead.' + e.leading_industry) : '')}</td><td>${bool(e.high_tech)}</td><td>${bool(e.srdi)}</td><td class="num">${esc(num(e.employees, 0))}</td>` : ''}
			</tr>`).join('') || `<tr><td colspan="8" class="muted">${esc(t('nodata'))}</td></tr>`}</tbody>
		</table></div>
		<div class="pager" data-test="pager">
			<button class="btn" data-page="${pageNo - 1}"${pageNo <= 1 ? ' disabled' : ''}>${esc(t('ent.prev'))}</button>
			<span>${esc(t('ent.page', { p: pageNo, n: pages }))}</span>
			<button class="btn" data-page="${pageNo + 1}"${pageNo >= pages ? ' disabled' : ''}>${esc(t('ent.next'))}</button>
		</div>
	</section>`;

	const go = (over) => {
		const p = new URLSearchParams();
		const merged = Object.assign({}, filters, over);
		for (const [k, v] of Object.entries(merged)) if (v && !(k === 'sort' && v === 'name') && !(k === 'page' && String(v) === '1')) p.set(k, v);
		const s = p.toString();
		location.hash = '#/enterprises' + (s ? '?' + s : '');
	};
	const form = view.querySelector('form.filters');
	form.addEventListener('submit', (e) => {
		e.preventDefault();
		const fd = new FormData(form);
		const over = { page: 1 };
		for (const k of Object.keys(filters)) over[k] = (fd.get(k) || '').toString().trim();
		go(over);
	});
	form.querySelector('[data-act="reset"]').addEventListener('click', () => {
		location.hash = '#/enterprises';
	});
	view.querySelectorAll('[data-page]').forEach((b) => b.addEventListener('click', () => go({ page: b.dataset.page })));
	view.querySelectorAll('tr.link').forEach((tr) => tr.addEventListener('click', (e) => {
		if (e.target.closest('a')) return;
		location.hash = '#/enterprise/' + encodeURIComponent(tr.dataset.uscc);
	}));
}
