// views/users.js — user management for admins: list, add (role, and the enterprise USCC or
// bank a user is bound to), delete.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { state } from '../state.js';
import { esc, errorPanel, toast } from '../ui.js';

const ROLES = ['admin', 'analyst', 'enterprise', 'bank', 'viewer'];

export async function render(view, ctx) {
	view.innerHTML = `<div class="loading">${esc(t('loading'))}</div>`;
	let list;
	try {
		list = await api('/users');
	} catch (err) {
		if (ctx.alive()) view.innerHTML = errorPanel(err);
		return;
	}
	if (!ctx.alive()) return;
	const items = list.items || [];
	view.innerHTML = `<section class="page users" data-test="users">
		<h1>${esc(t('users.title'))}</h1>
		<div class="table-wrap"><table class="grid">
			<thead><tr><th>${esc(t('users.name'))}</th><th>${esc(t('users.role'))}</th><th>${esc(t('users.enterprise'))}</th><th>${esc(t('users.bank'))}</th><th>${esc(t('users.created'))}</th><th></th></tr></thead>
			<tbody>${items.map((u) => `<tr data-user="${esc(u.name)}"><td>${esc(u.name)}</td><td>${esc(t('role.' + u.role))}</td><td><code>${esc(u.enterprise || '')}</code></td><td>${esc(u.bank || '')}</td><td>${esc(u.created_at || '')}</td>
				<td>${u.name === state.user.name ? '' : `<button class="btn danger small" data-del="${esc(u.name)}">${esc(t('users.delete'))}</button>`}</td></tr>`).join('')}</tbody>
		</table></div>
		<form class="panel user-form" data-test="user-form" autocomplete="off">
			<h3>${esc(t('users.add'))}</h3>
			<div class="form-grid">
				<label>${esc(t('users.name'))}<input name="name" required maxlength="64"></label>
				<label>${esc(t('users.role'))}<select name="role">${ROLES.map((r) => `<option value="${r}">${esc(t('role.' + r))}</option>`).join('')}</select></label>
				<label>${esc(t('users.password'))}<input name="password" type="password" required minlength="8" autocomplete="new-password"></label>
				<label data-for="enterprise" hidden>${esc(t('users.enterprise'))}<input name="enterprise" maxlength="18" pattern="[0-9A-Z]{18}"></label>
				<label data-for="bank" hidden>${esc(t('users.bank'))}<input name="bank" maxlength="100"></label>
			</div>
			<div class="form-errors"></div>
			<button class="btn primary" type="submit">${esc(t('users.add'))}</button>
		</form>
	</section>`;

	const form = view.querySelector('form');
	const role = form.querySelector('[name=role]');
	const sync = () => {
		form.querySelector('[data-for=enterprise]').hidden = role.value !== 'enterprise';
		form.querySelector('[data-for=bank]').hidden = role.value !== 'bank';
	};
	role.addEventListener('change', sync);
	sync();
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const fd = new FormData(form);
		const body = { name: fd.get('name').trim(), role: fd.get('role'), password: fd.get('password') };
		if (body.role === 'enterprise') body.enterprise = fd.get('enterprise').trim().toUpperCase();
		if (body.role === 'bank') body.bank = fd.get('bank').trim();
		const errs = form.querySelector('.form-errors');
		errs.innerHTML = '';
		try {
			await api('/users', { method: 'POST', json: body });
			toast(t('users.created.ok', { n: body.name }));
			ctx.rerender();
		} catch (err) {
			if (err.status === 409) errs.innerHTML = `<div class="msg msg-error">${esc(t('users.exists'))}</div>`;
			else if (err.status === 400) errs.innerHTML = `<div class="msg msg-error">${esc(err.message)}${err.details.length ? `<ul>${err.details.map((d) => `<li>${esc(d.message || JSON.stringify(d))}</li>`).join('')}</ul>` : ''}</div>`;
			else errs.innerHTML = errorPanel(err);
		}
	});
	view.querySelectorAll('[data-del]').forEach((b) => b.addEventListener('click', async () => {
		const name = b.dataset.del;
		if (!window.confirm(t('users.confirm', { n: name }))) return;
		try {
			await api('/users/' + encodeURIComponent(name), { method: 'DELETE' });
			toast(t('users.deleted.ok', { n: name }));
			ctx.rerender();
		} catch (err) {
			toast(err.message, 'error');
		}
	}));
}
