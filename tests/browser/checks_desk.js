#!/usr/bin/env node
// checks_desk.js — the service desk page (#/desk, web/views/desk.js) in a real browser against
// the real server with the demo park: the summary figures as the API gives them (60+ land,
// funding and labour problems resolved), both charts drawn, the overdue list highlighted,
// filters, a staff action, the Excel download, the English words; and an enterprise user who
// sees only its own tickets, files one through the form and confirms it once staff resolved
// it. Run by tests/browser/run.sh; against the mock server (GP_MODE=mock), which has no
// service desk, it prints one SKIP line.
'use strict';
const { launch, check, counts, assert, login, logout, waitCharts } = require('./lib.js');

const base = (process.env.GP_URL || '').replace(/\/$/, '');
const ADMIN = [process.env.GP_ADMIN_USER || 'admin', process.env.GP_ADMIN_PASS || 'admin-pass'];
const stamp = Date.now().toString(36).slice(-5);
const ENT = ['desk_ent_' + stamp, 'Desk-pass-' + stamp + '!'];

function pageFetch(page, path, init) {
	return page.evaluate(async ([p, i]) => {
		const r = await fetch(p, Object.assign({ credentials: 'same-origin' }, i || {}));
		let body = null;
		const type = r.headers.get('content-type') || '';
		if (type.includes('json')) {
			try { body = await r.json(); } catch { /* empty */ }
		} else {
			body = { bytes: (await r.arrayBuffer()).byteLength };
		}
		return { status: r.status, type, body };
	}, [path, init || null]);
}
// A write from inside the page with the session's CSRF token.
async function pageWrite(page, method, path, json) {
	const me = await pageFetch(page, 'api/v1/me');
	return pageFetch(page, path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.body.csrf_token }, body: JSON.stringify(json) });
}
async function go(page, hash) {
	await page.evaluate((h) => { location.hash = h; }, hash);
}
async function deskReady(page) {
	await page.waitForSelector('[data-test=desk] [data-test=desk-list]');
	await waitCharts(page, 2);
}

async function main() {
	if (!base) throw new Error('GP_URL is not set');
	if (process.env.GP_MODE === 'mock') {
		console.log('SKIP desk: the mock server has no service desk (run against the real server)');
		return;
	}
	const b = await launch({ width: 1366, height: 768 });
	const page = await b.ctx.newPage();
	const pageErrors = [];
	page.on('pageerror', (e) => pageErrors.push(String(e.message || e)));
	let summary = null, uscc = null, other = null, filed = null;

	try {
		await check('desk: staff page with the summary of the API', async () => {
			await login(page, base, ADMIN[0], ADMIN[1]);
			const nav = await page.textContent('#nav');
			assert(nav.includes('企业服务'), `nav lacks 企业服务: ${nav}`);
			await go(page, '#/desk');
			await deskReady(page);
			summary = (await pageFetch(page, 'api/v1/tickets/summary')).body;
			assert(summary && summary.total > 0, 'no tickets in the demo park');
			const total = await page.getAttribute('[data-kpi=total]', 'data-value');
			const resolved = await page.getAttribute('[data-kpi=resolved]', 'data-value');
			const overdue = await page.getAttribute('[data-kpi=overdue]', 'data-value');
			assert(Number(total) === summary.total, `total ${total} vs API ${summary.total}`);
			assert(Number(resolved) === summary.resolved, `resolved ${resolved} vs API ${summary.resolved}`);
			assert(Number(overdue) === summary.overdue, `overdue ${overdue} vs API ${summary.overdue}`);
			const c = summary.by_category;
			assert(c.land.resolved + c.funding.resolved + c.labour.resolved >= 60, 'fewer than 60 land, funding and labour problems resolved');
			const sub = await page.textContent('[data-kpi=resolved] .kpi-sub');
			assert(sub.includes(`用地 ${c.land.resolved}`) && sub.includes(`资金 ${c.funding.resolved}`) && sub.includes(`用工 ${c.labour.resolved}`), `split shows '${sub}'`);
		});

		await check('desk: the overdue list is highlighted and complete', async () => {
			const rows = await page.$$('[data-test=desk-overdue] tbody tr[data-id]');
			assert(rows.length === summary.overdue, `${rows.length} overdue rows, API says ${summary.overdue}`);
			const flagged = await page.$$eval('[data-test=desk-overdue] tbody tr[data-id]', (els) => els.every((e) => e.dataset.overdue === '1' && e.querySelector('[data-test=overdue-badge]')));
			assert(flagged, 'an overdue row without its flag');
		});

		await check('desk: the category filter', async () => {
			await page.selectOption('form[data-test=desk-filters] select[name=category]', 'land');
			await page.click('form[data-test=desk-filters] button[type=submit]');
			await page.waitForFunction(() => location.hash.includes('category=land'));
			await deskReady(page);
			const api = await pageFetch(page, 'api/v1/tickets?category=land&per_page=500');
			const n = await page.$$eval('[data-test=desk-list] tbody tr[data-id]', (els) => els.length);
			assert(n === api.body.total && n === summary.by_category.land.total, `${n} rows, API ${api.body.total}`);
		});

		await check('desk: staff accept an open ticket', async () => {
			await go(page, '#/desk?status=open');
			await page.waitForFunction(() => location.hash.includes('status=open'));
			await deskReady(page);
			const id = await page.getAttribute('[data-test=desk-list] tbody tr[data-status=open]', 'data-id');
			assert(id, 'no open ticket to accept');
			await page.click(`[data-test=desk-list] tr[data-id="${id}"] [data-move=in_progress]`);
			await page.waitForFunction((i) => !document.querySelector(`[data-test=desk-list] tr[data-id="${i}"]`), id);
			const t = await pageFetch(page, 'api/v1/tickets/' + id);
			assert(t.body.status === 'in_progress', `ticket ${id} is ${t.body.status}`);
		});

		await check('desk: Excel download of the list', async () => {
			const href = await page.getAttribute('[data-test=desk-xlsx]', 'href');
			assert(/tickets\.xlsx/.test(href), `href ${href}`);
			const r = await pageFetch(page, href);
			assert(r.status === 200 && r.type.includes('spreadsheetml') && r.body.bytes > 1000, `HTTP ${r.status} ${r.type}`);
		});

		await check('desk: English words', async () => {
			await page.click('#lang');
			await deskReady(page);
			const h = await page.textContent('[data-test=desk] h1');
			assert(h.includes('Service desk'), `heading '${h}'`);
			assert((await page.textContent('#nav')).includes('Service desk'), 'nav not in English');
			await page.click('#lang');
			await deskReady(page);
		});

		await check('desk: an enterprise user is created', async () => {
			const ents = await pageFetch(page, 'api/v1/enterprises?per_page=2&sort=uscc');
			uscc = ents.body.items[0].uscc;
			other = ents.body.items[1].uscc;
			const r = await pageWrite(page, 'POST', 'api/v1/users', { name: ENT[0], role: 'enterprise', password: ENT[1], enterprise: uscc });
			assert(r.status === 201, `HTTP ${r.status}`);
			await logout(page);
		});

		await check('desk: an enterprise sees only its own tickets', async () => {
			await login(page, base, ENT[0], ENT[1]);
			await go(page, '#/desk');
			await deskReady(page);
			const usccs = await page.$$eval('[data-test=desk-list] tbody tr[data-id]', (els) => [...new Set(els.map((e) => e.dataset.uscc))]);
			assert(usccs.every((u) => u === uscc), `rows of ${usccs.join(', ')}`);
			const mine = await pageFetch(page, 'api/v1/tickets/summary');
			assert(mine.body.total < summary.total, 'the enterprise sees the park total');
			const theirs = await pageFetch(page, 'api/v1/tickets?enterprise=' + other);
			assert(theirs.status === 403, `another's tickets: HTTP ${theirs.status}`);
		});

		await check('desk: the enterprise files a ticket through the form', async () => {
			const title = '招聘焊工 ' + stamp;
			await page.selectOption('form[data-test=desk-form] select[name=category]', 'labour');
			await page.fill('form[data-test=desk-form] input[name=title]', title);
			await page.fill('form[data-test=desk-form] textarea[name=description]', '新产线需焊工10人');
			await page.click('form[data-test=desk-form] button[type=submit]');
			await page.waitForFunction((tt) => [...document.querySelectorAll('[data-test=desk-list] tbody td')].some((td) => td.textContent === tt), title);
			const list = await pageFetch(page, 'api/v1/tickets?status=open&per_page=500');
			const t = list.body.items.find((x) => x.title === title);
			assert(t && t.uscc === uscc, 'the filed ticket is not in the list');
			filed = t.id;
			await logout(page);
		});

		await check('desk: the enterprise confirms once staff resolved it', async () => {
			assert(filed, 'no ticket filed');
			await login(page, base, ADMIN[0], ADMIN[1]);
			let r = await pageWrite(page, 'POST', `api/v1/tickets/${filed}/status`, { status: 'in_progress' });
			assert(r.status === 200, `accept: HTTP ${r.status}`);
			r = await pageWrite(page, 'POST', `api/v1/tickets/${filed}/status`, { status: 'resolved', note: '已推荐焊工' });
			assert(r.status === 200, `resolve: HTTP ${r.status}`);
			await logout(page);
			await login(page, base, ENT[0], ENT[1]);
			await go(page, '#/desk');
			await deskReady(page);
			await page.click(`[data-test=desk-list] tr[data-id="${filed}"] [data-move=confirmed]`);
			await page.waitForSelector(`[data-test=desk-list] tr[data-id="${filed}"][data-status=confirmed]`);
			await logout(page);
		});

		await check('desk: cleanup (the enterprise user deleted)', async () => {
			await login(page, base, ADMIN[0], ADMIN[1]);
			const r = await pageWrite(page, 'DELETE', 'api/v1/users/' + ENT[0], {});
			assert(r.status === 204, `HTTP ${r.status}`);
		});

		await check('desk: no script errors', async () => {
			assert(pageErrors.length === 0, pageErrors.slice(0, 3).join(' | '));
		});
	} finally {
		await b.close();
	}
}

main().then(() => {
	const c = counts();
	process.exit(c.failed ? 1 : 0);
}, (err) => {
	console.log(`FAIL desk browser checks: ${String(err.message || err).split('\n')[0]}`);
	process.exit(1);
});
