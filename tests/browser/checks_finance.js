#!/usr/bin/env node
// checks_finance.js — the green-finance ledger page (web/views/finance.js) in a real browser
// against the real server with the demo park: the summary cards show the published totals
// (DESIGN.md "Demo park": 授信 23.22 亿元, 贷款 11.88 亿元, 20+ enterprises — 山亭经济开发区
// 2023), the three charts are drawn, the tables hold what the API lists, the Excel downloads
// are workbooks (zip), English is switchable, a bank user lands on the page and sees only its
// own bank's rows (another bank asked for: 403), and an enterprise user sees only its own.
// Run by tests/browser/run.sh after checks.js. With GP_MODE=mock (the mock server has no
// finance data) it prints one SKIP line and exits 0.
'use strict';
const { launch, check, counts, assert, login, logout, waitCharts } = require('./lib.js');

const base = (process.env.GP_URL || '').replace(/\/$/, '');
const ADMIN = [process.env.GP_ADMIN_USER || 'admin', process.env.GP_ADMIN_PASS || 'admin-pass'];
const demo = process.env.GP_EXPECT_SAMPLE === '1';
const stamp = Date.now().toString(36).slice(-5);
const BANK_USER = ['finbank_' + stamp, 'Fin-bank-' + stamp + '!'];
const ENT_USER = ['finent_' + stamp, 'Fin-ent-' + stamp + '!'];
const OWN_BANK = '枣庄示例银行'; // the demo's bank (core/demo_finance.h DEMO_FIN_USER_BANK)

function pageFetch(page, path, init) {
	return page.evaluate(async ([p, i]) => {
		const r = await fetch(p, Object.assign({ credentials: 'same-origin' }, i || {}));
		const buf = new Uint8Array(await r.arrayBuffer());
		let body = null;
		try { body = JSON.parse(new TextDecoder().decode(buf)); } catch { /* not JSON */ }
		return { status: r.status, body, magic: String.fromCharCode(buf[0] || 0, buf[1] || 0), type: r.headers.get('content-type') };
	}, [path, init || null]);
}
// a write from inside the page, with the session's CSRF token
async function pageWrite(page, method, path, json) {
	return page.evaluate(async ([m, p, j]) => {
		const me = await (await fetch('api/v1/me')).json();
		const r = await fetch(p, { method: m, credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: j ? JSON.stringify(j) : undefined });
		return r.status;
	}, [method, path, json || null]);
}
const text = (page, sel) => page.textContent(sel).then((s) => (s || '').trim());
const kpi = (page, id) => text(page, `[data-kpi="${id}"] .kpi-num`);
const digits = (s) => s.replace(/[^0-9.]/g, '');
// a card's number equals v 万元 shown in 亿元 (two decimals at most)
const sameYi = (card, wan) => Math.abs(parseFloat(digits(card)) - Math.round(wan / 100) / 100) < 1e-9;
async function go(page, hash) {
	await page.evaluate((h) => { location.hash = h; }, hash);
}
async function financeReady(page) {
	await page.waitForSelector('[data-test=finance] [data-test=fin-credits]');
	await waitCharts(page, 3);
}

async function main() {
	if (process.env.GP_MODE === 'mock') {
		console.log('SKIP finance: the mock server has no green-finance ledger (run against the real server)');
		return;
	}
	if (!base) throw new Error('GP_URL is not set');
	const b = await launch({ width: 1366, height: 768 });
	const page = await b.ctx.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(String(e.message || e)));
	let api = null; // the admin's GET /finance/summary
	try {
		await check('finance: admin sees the ledger page with its charts', async () => {
			await login(page, base, ADMIN[0], ADMIN[1]);
			const nav = await text(page, '#nav');
			assert(nav.includes('绿色金融'), `nav lacks 绿色金融: ${nav}`);
			await go(page, '#/finance');
			await financeReady(page);
			api = (await pageFetch(page, 'api/v1/finance/summary')).body;
			assert(api && typeof api.credit_wan_yuan === 'number', 'no summary from the API');
		});

		await check('finance: cards show the totals the API computes', async () => {
			assert(sameYi(await kpi(page, 'credit'), api.credit_wan_yuan), `credit card ${await kpi(page, 'credit')} vs ${api.credit_wan_yuan} 万元`);
			assert(sameYi(await kpi(page, 'loans'), api.loans_wan_yuan), `loans card ${await kpi(page, 'loans')} vs ${api.loans_wan_yuan} 万元`);
			assert(digits(await kpi(page, 'enterprises')) === String(api.enterprises_with_credit), 'enterprise card');
		});

		if (demo) {
			await check('finance: the demo park shows the published 23.22 亿元 / 11.88 亿元 / 20+ enterprises', async () => {
				assert(digits(await kpi(page, 'credit')) === '23.22', `credit ${await kpi(page, 'credit')}`);
				assert(digits(await kpi(page, 'loans')) === '11.88', `loans ${await kpi(page, 'loans')}`);
				assert(parseInt(digits(await kpi(page, 'enterprises')), 10) >= 20, `enterprises ${await kpi(page, 'enterprises')}`);
			});
		}

		await check('finance: tables list every record the API counts', async () => {
			const c = (await pageFetch(page, 'api/v1/finance/credits')).body;
			const l = (await pageFetch(page, 'api/v1/finance/loans')).body;
			assert(await page.getAttribute('[data-test=fin-credits]', 'data-total') === String(c.total), 'credit total');
			assert(await page.getAttribute('[data-test=fin-loans]', 'data-total') === String(l.total), 'loan total');
			const rows = await page.$$eval('[data-test=fin-credits] tbody tr[data-ref]', (t) => t.length);
			assert(rows === Math.min(c.total, 500), `credit rows ${rows} vs ${c.total}`);
			assert(c.total > 0 && l.total > 0, 'no records');
		});

		await check('finance: Excel downloads are workbooks', async () => {
			for (const kind of ['credits', 'loans']) {
				const href = await page.getAttribute(`[data-test=fin-${kind}-xlsx]`, 'href');
				const r = await pageFetch(page, href);
				assert(r.status === 200 && r.magic === 'PK' && /spreadsheetml/.test(r.type || ''), `${kind}: ${r.status} ${r.type} ${r.magic}`);
			}
		});

		await check('finance: a year filter narrows the tables and the link', async () => {
			const year = api.by_year.length ? api.by_year[api.by_year.length - 1].year : 2024;
			await page.selectOption('[data-test=fin-filters] select[name=year]', String(year));
			await Promise.all([page.waitForFunction((y) => location.hash.includes('year=' + y), year), page.click('[data-test=fin-filters] button[type=submit]')]);
			await financeReady(page);
			await page.waitForFunction((y) => { const a = document.querySelector('[data-test=fin-credits-xlsx]'); return a && a.getAttribute('href').includes('year=' + y); }, year);
			const dates = await page.$$eval('[data-test=fin-loans] tbody tr[data-ref] td:nth-child(5)', (t) => t.map((x) => x.textContent));
			assert(dates.every((d) => d.startsWith(String(year))), `loan dates outside ${year}: ${dates.slice(0, 3)}`);
		});

		await check('finance: English labels', async () => {
			await page.click('#lang');
			await page.waitForFunction(() => (document.querySelector('[data-kpi=credit] .kpi-label') || {}).textContent === 'Credit granted');
			await page.click('#lang');
			await page.waitForFunction(() => (document.querySelector('[data-kpi=credit] .kpi-label') || {}).textContent === '授信总额');
		});

		const other = (api.by_bank || []).map((x) => x.bank).find((n) => n !== OWN_BANK);
		const ent = (api.by_enterprise || [])[0];
		await check('finance: admin creates a bank user and an enterprise user', async () => {
			assert(await pageWrite(page, 'POST', 'api/v1/users', { name: BANK_USER[0], role: 'bank', password: BANK_USER[1], bank: OWN_BANK }) === 201, 'bank user');
			assert(ent, 'no enterprise with credit');
			assert(await pageWrite(page, 'POST', 'api/v1/users', { name: ENT_USER[0], role: 'enterprise', password: ENT_USER[1], enterprise: ent.uscc }) === 201, 'enterprise user');
		});

		await check('finance: a bank user lands on its own bank\'s ledger only', async () => {
			await logout(page);
			await login(page, base, BANK_USER[0], BANK_USER[1]);
			await page.waitForFunction(() => location.hash.startsWith('#/finance'));
			await financeReady(page);
			const banks = await page.$$eval('[data-test=finance] tbody tr[data-bank]', (t) => [...new Set(t.map((x) => x.dataset.bank))]);
			const own = (api.by_bank || []).find((x) => x.bank === OWN_BANK);
			if (own) assert(banks.length === 1 && banks[0] === OWN_BANK, `rows of banks ${banks}`);
			else assert(banks.length === 0, `rows of banks ${banks}`);
			const mine = (await pageFetch(page, 'api/v1/finance/summary')).body;
			assert(sameYi(await kpi(page, 'credit'), mine.credit_wan_yuan), 'credit card');
			assert(!own || mine.credit_wan_yuan === own.credit_wan_yuan, `own bank total ${mine.credit_wan_yuan} vs ${own && own.credit_wan_yuan}`);
			assert(!(await page.$('[data-test=fin-filters] select[name=bank]')), 'a bank user is offered other banks');
			if (other) {
				const r = await pageFetch(page, 'api/v1/finance/loans?bank=' + encodeURIComponent(other));
				assert(r.status === 403, `another bank's loans answered ${r.status}`);
				const x = await pageFetch(page, 'api/v1/finance/loans.xlsx?bank=' + encodeURIComponent(other));
				assert(x.status === 403, `another bank's workbook answered ${x.status}`);
			}
		});

		await check('finance: an enterprise user sees only its own records', async () => {
			await logout(page);
			await login(page, base, ENT_USER[0], ENT_USER[1]);
			await go(page, '#/finance');
			await financeReady(page);
			const titles = await page.$$eval('[data-test=finance] tbody tr[data-ref] td:nth-child(3)', (t) => [...new Set(t.map((x) => x.title))]);
			assert(titles.length === 1 && titles[0] === ent.uscc, `rows of ${titles}`);
			assert(sameYi(await kpi(page, 'credit'), ent.credit_wan_yuan), 'credit card');
		});

		await check('finance: admin deletes the users', async () => {
			await logout(page);
			await login(page, base, ADMIN[0], ADMIN[1]);
			for (const u of [BANK_USER[0], ENT_USER[0]]) assert(await pageWrite(page, 'DELETE', 'api/v1/users/' + u) === 204, u);
		});

		await check('finance: no script errors', async () => {
			assert(errors.length === 0, errors.slice(0, 3).join(' | '));
		});
	} finally {
		await b.close();
	}
}

main().then(() => {
	process.exit(counts().failed ? 1 : 0);
}, (err) => {
	console.log(`FAIL finance browser checks: ${String(err.message || err).split('\n')[0]}`);
	process.exit(1);
});
