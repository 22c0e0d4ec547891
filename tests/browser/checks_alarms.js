#!/usr/bin/env node
// checks_alarms.js — the alarms page (计量告警, web/views/alarms.js) in a real browser against
// the real server with the demo park, whose sample rules leave an active threshold alarm on
// D01-ELEC-MAIN (its last reading is below the rule's low limit) and an imbalance alarm on
// D02-ELEC-MAIN (docs/demo.md). Checks: the admin's navigation entry and heading; the list
// against GET /api/v1/alarms (ids and states) and the counts against /alarms/summary; the
// acknowledgement of the threshold alarm from the page (the note prompt answered), after which
// the row, the API and the log say 已确认 acknowledged by this user with that note; the rules
// table against GET /api/v1/alarm-rules; the summary polled while on the page and not after
// leaving it; an enterprise user sees only its own meters' alarms and no clear button, and a
// viewer gets no entry; no script errors.
// Prints "PASS name" / "FAIL name: why" per check and exits non-zero when any failed.
//
// env: GP_URL, GP_ADMIN_USER, GP_ADMIN_PASS (an admin of that server), GP_MODE=real|mock
//      (the mock server has no alarms: the checks skip themselves).
'use strict';
const { launch, check, counts, assert, login, logout } = require('./lib.js');

const base = (process.env.GP_URL || '').replace(/\/$/, '');
const ADMIN = [process.env.GP_ADMIN_USER || 'admin', process.env.GP_ADMIN_PASS || 'admin-pass'];
const stamp = Date.now().toString(36).slice(-5);
const VIEWER = ['alviewer_' + stamp, 'View-pass-' + stamp + '!'];
const ENT = ['alent_' + stamp, 'Ent-pass-' + stamp + '!'];
const NOTE = '浏览器检查确认 ' + stamp;

function pageFetch(page, path) {
	return page.evaluate(async (p) => {
		const r = await fetch(p, { credentials: 'same-origin' });
		let body = null;
		try { body = await r.json(); } catch { /* empty */ }
		return { status: r.status, body };
	}, path);
}
function pageWrite(page, method, path, body) {
	return page.evaluate(async ([m, p, b]) => {
		const me = await (await fetch('api/v1/me', { credentials: 'same-origin' })).json();
		const r = await fetch(p, { method: m, credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: b === null ? undefined : JSON.stringify(b) });
		return r.status;
	}, [method, path, body === undefined ? null : body]);
}
const text = (page, sel) => page.textContent(sel).then((s) => (s || '').trim());
const rowsOf = (page) => page.$$eval('[data-test=alarms-list] tbody tr[data-id]', (trs) => trs.map((tr) => ({ id: Number(tr.dataset.id), state: tr.dataset.state, meter: tr.dataset.meter, kind: tr.dataset.kind })));

async function main() {
	if (!base) throw new Error('GP_URL is not set');
	if (process.env.GP_MODE === 'mock') {
		console.log('PASS alarms: skipped against the mock server');
		return;
	}
	const b = await launch({ width: 1366, height: 768 });
	const page = await b.ctx.newPage();
	const pageErrors = [];
	page.on('pageerror', (e) => pageErrors.push(String(e.message || e)));
	let summaryRequests = 0;
	page.on('request', (r) => { if (/\/api\/v1\/alarms\/summary/.test(r.url())) summaryRequests++; });
	const usersMade = [];
	let target = null;

	try {
		await login(page, base, ADMIN[0], ADMIN[1]);
		await page.waitForSelector('#nav a');
		const probe = await pageFetch(page, 'api/v1/alarms?per_page=500');
		if (probe.status === 404) {
			console.log('PASS alarms: skipped, this server has no /api/v1/alarms');
			return;
		}

		await check('alarms: the demo has an active threshold alarm on D01-ELEC-MAIN', async () => {
			assert(probe.status === 200, `GET /alarms answered ${probe.status}`);
			target = probe.body.items.find((a) => a.kind === 'threshold' && a.meter === 'D01-ELEC-MAIN' && a.state === 'active');
			assert(target, `no active threshold alarm on D01-ELEC-MAIN among ${probe.body.items.map((a) => a.kind + ':' + a.meter + ':' + a.state).join(', ')}`);
		});

		await check('alarms: nav entry, heading, list and counts as the API gives them', async () => {
			assert((await text(page, '#nav')).includes('计量告警'), 'the admin has no 计量告警 nav entry');
			await page.click('#nav [data-nav=alarms]');
			await page.waitForSelector('[data-test=alarms] [data-test=alarms-title]');
			assert((await text(page, '[data-test=alarms-title]')) === '计量告警', 'heading is not 计量告警');
			await page.waitForSelector('[data-test=alarms-list] tbody tr[data-id]');
			const api = await pageFetch(page, 'api/v1/alarms?per_page=500');
			const rows = await rowsOf(page);
			assert(rows.map((r) => r.id + r.state).join() === api.body.items.map((a) => a.id + a.state).join(), `rows ${rows.map((r) => r.id + ':' + r.state).join()}, API ${api.body.items.map((a) => a.id + ':' + a.state).join()}`);
			const s = await pageFetch(page, 'api/v1/alarms/summary');
			for (const k of ['active', 'acked', 'returned']) {
				const v = await page.getAttribute(`[data-kpi=${k}]`, 'data-value');
				assert(Number(v) === s.body[k], `${k} card ${v}, summary ${s.body[k]}`);
			}
			assert(s.body.active === api.body.items.filter((a) => a.state === 'active').length, 'the summary does not count the active rows');
			const badge = await text(page, `tr[data-id="${target.id}"] [data-test=alarm-state]`);
			assert(badge === '告警', `the threshold alarm's state reads '${badge}'`);
		});

		await check('alarms: acknowledging in the page (note prompt) → 已确认, in the API and the log', async () => {
			page.once('dialog', (d) => d.accept(NOTE));
			await page.click(`[data-ack="${target.id}"]`);
			await page.waitForSelector(`[data-test=alarms-list] tr[data-id="${target.id}"][data-state="acked"]`);
			assert((await text(page, `tr[data-id="${target.id}"] [data-test=alarm-state]`)) === '已确认', 'the row does not read 已确认');
			assert(!(await page.$(`[data-ack="${target.id}"]`)), 'the acknowledge button is still there');
			const a = (await pageFetch(page, 'api/v1/alarms?per_page=500')).body.items.find((x) => x.id === target.id);
			assert(a && a.state === 'acked' && a.acked && a.active, `API state ${a && a.state}`);
			assert(a.ack.by === 'web:' + ADMIN[0] && a.ack.note === NOTE, `acknowledged by ${a.ack.by} with '${a.ack.note}'`);
			const log = await pageFetch(page, `api/v1/alarms/log?alarm=${target.id}`);
			assert(log.body.events[0].event === 'ack' && log.body.events[0].note === NOTE, `the log's newest line for the alarm is ${log.body.events[0].event}`);
			await page.waitForSelector(`[data-test=alarms-log] tr[data-alarm="${target.id}"][data-event="ack"]`);
			const card = await page.getAttribute('[data-kpi=acked]', 'data-value');
			assert(Number(card) >= 1, `the 已确认 card shows ${card}`);
		});

		await check('alarms: the rules table lists GET /api/v1/alarm-rules', async () => {
			const api = await pageFetch(page, 'api/v1/alarm-rules');
			const ids = await page.$$eval('[data-test=alarms-rules] tbody tr[data-rule]', (trs) => trs.map((tr) => Number(tr.dataset.rule)));
			assert(ids.join() === api.body.rules.map((r) => r.id).join(), `rows ${ids.join()}, API ${api.body.rules.map((r) => r.id).join()}`);
			assert(api.body.rules.some((r) => r.kind === 'stale' && r.meter === null), 'the demo\'s stale rule for every meter is missing');
			assert(await page.$('[data-test=alarms-rule-form]'), 'no add form for the admin');
		});

		await check('alarms: the summary is polled while on the page, not after leaving it', async () => {
			assert(await page.evaluate(() => window.__gpAlarmsPoll === true), 'no poll scheduled on the page');
			await page.evaluate(() => { location.hash = '#/overview'; });
			await page.waitForFunction(() => window.__gpAlarmsPoll === false);
			const n = summaryRequests;
			await page.waitForTimeout(1500);
			assert(summaryRequests === n, 'the summary was asked for after leaving the page');
		});

		await check('alarms: an enterprise user sees its own meters\' alarms, without clear; a viewer none', async () => {
			const uscc = target.uscc;
			for (const [u, body] of [[VIEWER, { role: 'viewer' }], [ENT, { role: 'enterprise', enterprise: uscc }]]) {
				const st = await pageWrite(page, 'POST', 'api/v1/users', Object.assign({ name: u[0], password: u[1] }, body));
				assert(st === 201, `POST /users (${body.role}) answered ${st}`);
				usersMade.push(u[0]);
			}
			await logout(page);
			await login(page, base, VIEWER[0], VIEWER[1]);
			await page.waitForSelector('#nav a');
			assert(!(await page.$('#nav [data-nav=alarms]')), 'the viewer has the 计量告警 entry');
			await page.evaluate(() => { location.hash = '#/alarms'; });
			await page.waitForSelector('[data-test=forbidden]');
			await logout(page);
			await login(page, base, ENT[0], ENT[1]);
			await page.waitForSelector('#nav a');
			await page.click('#nav [data-nav=alarms]');
			await page.waitForSelector('[data-test=alarms-list] tbody tr[data-id]');
			const own = (await pageFetch(page, 'api/v1/alarms?per_page=500&all=1')).body.items;
			assert(own.length && own.every((a) => a.uscc === uscc), `the enterprise user gets ${own.length} alarms, of ${[...new Set(own.map((a) => a.uscc))].join()}`);
			const rows = await rowsOf(page);
			assert(rows.some((r) => r.id === target.id), 'its own threshold alarm is not listed');
			assert(!(await page.$('[data-clear]')), 'an enterprise user has a clear button');
			assert(!(await page.$('[data-test=alarms-rule-form]')), 'an enterprise user has the add form');
		});

		await check('alarms: no script errors', async () => {
			assert(pageErrors.length === 0, pageErrors.slice(0, 3).join(' | '));
		});
	} finally {
		if (usersMade.length) {
			try {
				await b.ctx.clearCookies();
				await login(page, base, ADMIN[0], ADMIN[1]);
				for (const u of usersMade) await pageWrite(page, 'DELETE', 'api/v1/users/' + u);
			} catch { /* the run's store is thrown away */ }
		}
		await b.close();
	}
}

main().then(() => {
	const c = counts();
	process.exit(c.failed ? 1 : 0);
}, (err) => {
	console.log(`FAIL alarms browser checks: ${String(err.message || err).split('\n')[0]}`);
	process.exit(1);
});
