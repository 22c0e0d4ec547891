// views/data.js — upload a monthly activity CSV (POST /api/v1/activity/upload, text/csv).
// The server stores a file whole or not at all; on a 400 it lists every bad line in
// error.details, which this page shows as a table (line, problem).
import { api } from '../api.js';
import { t } from '../i18n.js';
import { state } from '../state.js';
import { esc, errorPanel } from '../ui.js';

const HEADER = 'uscc,period,item,quantity,unit';

export function render(view) {
	const user = state.user;
	const uscc = user.role === 'enterprise' && user.enterprise ? user.enterprise : '91370406MA0000101U';
	const y = state.year || new Date().getFullYear();
	const template = `${HEADER}\n${uscc},${y}-01,electricity_grid,120000,kWh\n${uscc},${y}-01,natural_gas,1.5,万m3\n${uscc},${y}-01,value_added,850,万元\n`;
	view.innerHTML = `<section class="page data" data-test="data">
		<h1>${esc(t('data.title'))}</h1>
		<p class="muted">${esc(t('data.help'))}</p>
		<form class="upload panel" data-test="upload-form">
			<div class="upload-row">
				<label class="file">${esc(t('data.file'))}<input type="file" name="file" accept=".csv,text/csv"></label>
				<a class="btn" data-act="template" download="activity-template.csv" href="data:text/csv;charset=utf-8,${encodeURIComponent(template)}">${esc(t('data.template'))}</a>
			</div>
			<label class="paste">${esc(t('data.paste'))}<textarea name="csv" rows="8" spellcheck="false" placeholder="${esc(HEADER)}"></textarea></label>
			<div><button type="submit" class="btn primary" data-test="upload">${esc(t('data.upload'))}</button></div>
		</form>
		<div class="upload-result" data-test="upload-result" aria-live="polite"></div>
	</section>`;

	const form = view.querySelector('form');
	const out = view.querySelector('.upload-result');
	const file = form.querySelector('input[type=file]');
	const area = form.querySelector('textarea');
	file.addEventListener('change', async () => {
		if (file.files && file.files[0]) area.value = await file.files[0].text();
	});
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const text = area.value;
		if (!text.trim()) {
			out.innerHTML = `<div class="msg msg-error">${esc(t('data.empty'))}</div>`;
			return;
		}
		const btn = form.querySelector('button[type=submit]');
		btn.disabled = true;
		out.innerHTML = `<div class="loading">${esc(t('loading'))}</div>`;
		try {
			const r = await api('/activity/upload', { method: 'POST', csv: text });
			out.innerHTML = `<div class="msg msg-ok" data-test="upload-ok">${esc(t('data.ok', r || {}))}</div>`;
		} catch (err) {
			out.innerHTML = uploadError(err);
		} finally {
			btn.disabled = false;
		}
	});
}

function uploadError(err) {
	if (err.status === 400 && err.details.length) {
		const rows = err.details.map((d) => `<tr><td class="num">${esc(d.line ?? '')}</td><td>${esc(d.message ?? JSON.stringify(d))}</td></tr>`).join('');
		return `<div class="msg msg-error" data-test="upload-errors"><h2>${esc(t('data.bad', { n: err.details.length }))}</h2><p class="muted">${esc(err.message)}</p>
			<div class="table-wrap"><table class="grid errors"><thead><tr><th class="num">${esc(t('data.line'))}</th><th>${esc(t('data.message'))}</th></tr></thead><tbody>${rows}</tbody></table></div></div>`;
	}
	if (err.status === 415) return `<div class="msg msg-error">${esc(t('data.type'))}<p class="muted">${esc(err.message)}</p></div>`;
	if (err.status === 413) return `<div class="msg msg-error">${esc(t('data.big'))}</div>`;
	return errorPanel(err);
}
