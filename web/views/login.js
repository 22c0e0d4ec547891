// views/login.js — the sign-in form. POST /api/v1/login sets the session cookie and returns
// the CSRF token; 401 is a wrong name or password, 429 says how long to wait.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { esc } from '../ui.js';

export function render(view, ctx) {
	const note = ctx.query.get('expired') ? `<div class="msg msg-warn" data-test="login-note">${esc(t('login.expired'))}</div>` : '';
	view.innerHTML = `<section class="login-wrap">
		<form class="login panel" data-test="login" autocomplete="on">
			<div class="login-brand"><span class="logo" aria-hidden="true"></span><div><div class="brand-title">${esc(t('app.title'))}</div><div class="brand-sub">${esc(t('app.subtitle'))}</div></div></div>
			<h1>${esc(t('login.title'))}</h1>
			${note}
			<label>${esc(t('login.user'))}<input name="username" autocomplete="username" required autofocus></label>
			<label>${esc(t('login.password'))}<input name="password" type="password" autocomplete="current-password" required></label>
			<div class="login-error" data-test="login-error" aria-live="assertive"></div>
			<button type="submit" class="btn primary wide">${esc(t('login.submit'))}</button>
			<p class="muted small">${esc(t('login.hint'))}</p>
		</form>
	</section>`;
	const form = view.querySelector('form');
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const fd = new FormData(form);
		const errBox = form.querySelector('.login-error');
		errBox.textContent = '';
		const btn = form.querySelector('button');
		btn.disabled = true;
		try {
			const r = await api('/login', { method: 'POST', json: { username: fd.get('username'), password: fd.get('password') }, quiet401: true });
			await ctx.signedIn(r);
		} catch (err) {
			if (err.status === 401) errBox.textContent = t('login.bad');
			else if (err.status === 429) errBox.textContent = t('login.limited', { s: err.retryAfter || '60' });
			else errBox.textContent = `${err.message} (${err.status || t('err.network')})`;
		} finally {
			btn.disabled = false;
		}
	});
}
