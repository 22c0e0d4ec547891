#!/usr/bin/env node
// checks_meters.js — the metering page (智慧园区计量, web/views/meters.js) in a real browser
// against the real server. Always: the admin's navigation entry, the heading, the language
// switch, what viewer, bank and enterprise users get, and no script errors. When the park has
// no meters (the demo park: GET /api/v1/meters is empty) the page must say so explicitly, and
// the data checks print a PASS line saying they were skipped. When meters exist: the list
// against GET /api/v1/meters (codes, kinds, latest readings, stale marks), the chart of the
// first meter against GET /api/v1/meters/{code}/series (the same number of points for the same
// window), the step and range selectors (redrawing the chart only), live polling (requests
// while on the page, none after leaving it), the quality table against
// GET /api/v1/meters/quality?year and the reconciliation against
// GET /api/v1/meters/reconciliation?year&tolerance (rows, highlighted rows, the tolerance input).
// GP_METERS_WRITE=1 also writes two points to the first meter through POST /api/v1/write and
// checks the live chart appends them (off by default: it changes the store's data).
// Prints "PASS name" / "FAIL name: why" per check and exits non-zero when any failed.
//
// env: GP_URL, GP_ADMIN_USER, GP_ADMIN_PASS (an admin of that server), GP_MODE=real|mock
//      (the mock server has no meters: the checks skip themselves).
'use strict';
const { launch, check, counts, assert, login, logout } = require('./lib.js');

const base = (process.env.GP_URL || '').replace(/\/$/, '');
const ADMIN = [process.env.GP_ADMIN_USER || 'admin', process.env.GP_ADMIN_PASS || 'admin-pass'];
const stamp = Date.now().toString(36).slice(-5);
const VIEWER = ['mtviewer_' + stamp, 'View-pass-' + stamp + '!'];
const ENT = ['mtent_' + stamp, 'Ent-pass-' + stamp + '!'];
const BANK = ['mtbank_' + stamp, 'Bank-pass-' + stamp + '!'];
const KIND_ZH = { cumulative: '累计', interval: '区间', instant: '瞬时' };
const FLAG_ZH = { gap: '缺数', spike: '尖峰', reset: '清零', rollover: '翻转' };

// fetch from inside the page: same cookies as the app; returns {status, body}.
function pageFetch(page, path) {
	return page.evaluate(async (p) => {
		const r = await fetch(p, { credentials: 'same-origin' });
		let body = null;
		try { body = await r.json(); } catch { /* empty */ }
		return { status: r.status, body };
	}, path);
}
// every page of a paginated list
async function pageAll(page, path) {
	const items = [];
	for (let p = 1; p <= 50; p++) {
		const r = await pageFetch(page, path + (path.includes('?') ? '&' : '?') + `page=${p}&per_page=500`);
		assert(r.status === 200, `${path} answered ${r.status}`);
		items.push(...r.body.items);
		if (items.length >= r.body.total || !r.body.items.length) break;
	}
	return items;
}
// a write from inside the page with the session's CSRF token (as the app sends it)
function pageWrite(page, method, path, body, type = 'application/json') {
	return page.evaluate(async ([m, p, b, ty]) => {
		const me = await (await fetch('api/v1/me', { credentials: 'same-origin' })).json();
		const r = await fetch(p, { method: m, credentials: 'same-origin', headers: { 'Content-Type': ty, 'X-CSRF-Token': me.csrf_token }, body: b === null ? undefined : ty === 'application/json' ? JSON.stringify(b) : b });
		return r.status;
	}, [method, path, body === undefined ? null : body, type]);
}
const text = (page, sel) => page.textContent(sel).then((s) => (s || '').trim());
async function go(page, hash) {
	await page.evaluate((h) => { location.hash = h; }, hash);
}
// the drawn series: the chart element's attributes and the ECharts instance's data
function drawn(page) {
	return page.evaluate(() => {
		const el = document.querySelector('[data-chart=meter-series]');
		if (!el || el.dataset.loading || !el.dataset.points) return null;
		const c = window.echarts && window.echarts.getInstanceByDom(el);
		const data = c ? c.getOption().series[0].data : null;
		return { meter: el.dataset.meter, step: el.dataset.step, range: el.dataset.range, from: Number(el.dataset.from), to: Number(el.dataset.to), points: Number(el.dataset.points), n: data ? data.length : -1, first: data && data.length ? data[0][0] / 1000 : null, last: data && data.length ? data[data.length - 1][0] / 1000 : null };
	});
}
async function waitDrawn(page, want) {
	await page.waitForFunction((w) => {
		const el = document.querySelector('[data-chart=meter-series]');
		if (!el || el.dataset.loading || !el.dataset.points) return false;
		return Object.entries(w).every(([k, v]) => el.dataset[k] === v);
	}, want, { timeout: 15000 });
	return drawn(page);
}
// the chart's series against the API's for the same window
async function sameAsApi(page, d) {
	const api = await pageFetch(page, `api/v1/meters/${encodeURIComponent(d.meter)}/series?from=${d.from}&to=${d.to}&step=${d.step}`);
	assert(api.status === 200, `series answered ${api.status}`);
	const pts = api.body.points;
	assert(d.n === pts.length && d.points === pts.length, `${d.meter} ${d.step} ${d.from}–${d.to}: the chart has ${d.n} points (marked ${d.points}), the API ${pts.length}`);
	if (pts.length) assert(d.first === pts[0][0] && d.last === pts[pts.length - 1][0], `first/last ${d.first}/${d.last}, API ${pts[0][0]}/${pts[pts.length - 1][0]}`);
	return pts.length;
}

async function main() {
	if (!base) throw new Error('GP_URL is not set');
	if (process.env.GP_MODE === 'mock') {
		console.log('PASS meters: skipped against the mock server');
		return;
	}
	const b = await launch({ width: 1366, height: 768 });
	const page = await b.ctx.newPage();
	const pageErrors = [];
	page.on('pageerror', (e) => pageErrors.push(String(e.message || e)));
	const seriesRequests = [];
	page.on('request', (r) => { if (/\/api\/v1\/meters\/[^/]+\/series/.test(r.url())) seriesRequests.push(Date.now()); });
	let usersMade = [];
	let meters = [];

	try {
		await login(page, base, ADMIN[0], ADMIN[1]);
		await page.waitForSelector('#nav a');
		const probe = await pageFetch(page, 'api/v1/meters?per_page=500');
		if (probe.status === 404) {
			console.log('PASS meters: skipped, this server has no /api/v1/meters');
			return;
		}

		await check('meters: nav entry and heading', async () => {
			assert(probe.status === 200, `GET /meters answered ${probe.status}`);
			meters = await pageAll(page, 'api/v1/meters');
			assert((await text(page, '#nav')).includes('智慧计量'), 'the admin has no 智慧计量 nav entry');
			await page.click('#nav [data-nav=meters]');
			await page.waitForSelector('[data-test=meters] [data-test=meters-title]');
			assert((await text(page, '[data-test=meters-title]')).startsWith('智慧园区计量'), 'heading is not 智慧园区计量');
			assert(await page.$('#nav [data-nav=meters].active'), 'the nav entry is not marked active');
			// the page settles: the list (or the empty state) is shown
			await page.waitForSelector('[data-test=meters-empty], [data-test=meters-list]');
		});

		if (!meters.length) {
			await check('meters: explicit empty state (no meters yet)', async () => {
				const msg = await text(page, '[data-test=meters-empty]');
				assert(msg.includes('尚未登记计量表'), `empty state says '${msg.slice(0, 80)}'`);
				assert(msg.includes('greenpark meter add'), 'the empty state does not say how to add meters');
				assert(!(await page.$('[data-test=meters-list]')) && !(await page.$('[data-chart=meter-series]')), 'a list or a chart without meters');
				assert(!(await page.$('#view .msg-error')), 'an error panel on the empty page');
			});
			console.log('PASS meters: data checks skipped — GET /api/v1/meters is empty (the demo park has no meters); list, chart, quality and reconciliation are checked when meters exist');
		} else {
			await check('meters: list matches GET /api/v1/meters', async () => {
				await page.waitForSelector('[data-test=meters-list] tbody tr[data-code]');
				const rows = await page.$$eval('[data-test=meters-list] tbody tr[data-code]', (trs) => trs.map((tr) => ({
					code: tr.dataset.code, uscc: tr.dataset.uscc, kind: tr.dataset.kind, stale: tr.dataset.stale === '1',
					ts: tr.dataset.latestTs, value: tr.dataset.latestValue,
					kindText: (tr.querySelector('[data-test=kind]') || {}).textContent,
					staleMark: !!tr.querySelector('[data-test=stale]'), noReading: !!tr.querySelector('[data-test=no-reading]'),
				})));
				assert(rows.map((r) => r.code).join() === meters.map((m) => m.code).join(), `rows ${rows.map((r) => r.code).join()}, API ${meters.map((m) => m.code).join()}`);
				const now = Date.now() / 1000;
				for (const [i, m] of meters.entries()) {
					const r = rows[i];
					assert(r.uscc === m.uscc && r.kind === m.kind, `${m.code}: uscc/kind ${r.uscc}/${r.kind}`);
					assert(r.kindText.trim() === (KIND_ZH[m.kind] || m.kind), `${m.code}: kind shown '${r.kindText}'`);
					if (!m.latest) {
						assert(r.noReading && r.ts === '' && !r.staleMark, `${m.code}: no reading in the API, the row shows one`);
						continue;
					}
					assert(Number(r.ts) === m.latest.ts && Number(r.value) === m.latest.value, `${m.code}: latest ${r.ts}=${r.value}, API ${m.latest.ts}=${m.latest.value}`);
					const age = now - m.latest.ts, limit = 3 * m.interval_s;
					if (Math.abs(age - limit) > 60) assert(r.stale === age > limit && r.staleMark === r.stale, `${m.code}: stale mark ${r.staleMark} for a reading ${Math.round(age)} s old (3 × interval = ${limit} s)`);
				}
				assert((await text(page, '[data-kpi=meters] .kpi-num')) === String(meters.length), 'the meter count card');
			});

			await check('meters: the chart draws the first meter\'s series as the API returns it', async () => {
				const first = meters[0].code;
				await page.waitForSelector('[data-chart=meter-series][data-points]');
				if ((await page.getAttribute('[data-chart=meter-series]', 'data-meter')) !== first) await page.selectOption('select[name=meter]', first);
				const d = await waitDrawn(page, { meter: first, step: 'raw', range: '24h' });
				assert(d.to - d.from === 86400 + 1, `the 24 h window is ${d.to - d.from} s`);
				const n = await sameAsApi(page, d);
				const empty = await page.isVisible('[data-test=meters-chart-empty]');
				assert(empty === (n === 0), `the "no readings" note is ${empty ? 'shown' : 'hidden'} with ${n} points`);
			});

			await check('meters: a meter whose latest reading is older than the range is charted up to that reading, and says so', async () => {
				const now = Date.now() / 1000;
				const old = meters.find((m) => m.latest && now - m.latest.ts > 86400 && m.kind !== 'virtual');
				if (!old) return; // every meter read within the day: nothing to anchor
				await page.selectOption('select[name=meter]', old.code);
				const d = await waitDrawn(page, { meter: old.code, step: 'raw', range: '24h' });
				assert(d.to === old.latest.ts + 1 && d.from === old.latest.ts + 1 - 86401, `${old.code}: window ${d.from}–${d.to}, latest reading ${old.latest.ts}`);
				const n = await sameAsApi(page, d);
				assert(n > 0, `${old.code}: no points in the 24 h up to its latest reading`);
				assert(d.last === old.latest.ts, `${old.code}: the last point drawn is at ${d.last}, the latest reading at ${old.latest.ts}`);
				const msg = await text(page, '[data-test=meters-chart-anchored]');
				assert(msg.includes('最新读数'), `the note says '${msg.slice(0, 80)}'`);
				if (old.code !== meters[0].code) await page.selectOption('select[name=meter]', meters[0].code);
			});

			await check('meters: step and range selectors redraw the chart only', async () => {
				await page.evaluate(() => { document.querySelector('[data-test=meters]').__keep = 1; });
				await page.click('[data-test=mt-step] [data-step="day"]');
				await waitDrawn(page, { step: 'day', range: '24h' });
				await page.click('[data-test=mt-range] [data-range="30d"]');
				let d = await waitDrawn(page, { step: 'day', range: '30d' });
				await sameAsApi(page, d);
				await page.click('[data-test=mt-step] [data-step="hour"]');
				await page.click('[data-test=mt-range] [data-range="7d"]');
				d = await waitDrawn(page, { step: 'hour', range: '7d' });
				await sameAsApi(page, d);
				await page.click('[data-test=mt-step] [data-step="month"]');
				await page.click('[data-test=mt-range] [data-range="year"]');
				d = await waitDrawn(page, { step: 'month', range: 'year' });
				await sameAsApi(page, d);
				const jan1 = Date.UTC(new Date().getUTCFullYear(), 0, 1) / 1000 - 8 * 3600;
				assert(Math.abs(d.from - jan1) <= 366 * 86400 && new Date((d.from + 8 * 3600) * 1000).getUTCMonth() === 0 && new Date((d.from + 8 * 3600) * 1000).getUTCDate() === 1, `'this year' starts at ${d.from}`);
				assert(await page.evaluate(() => document.querySelector('[data-test=meters]').__keep === 1), 'the whole page was drawn again');
				assert(/step=month/.test(await page.evaluate(() => location.hash)), 'the choice is not kept in the address');
			});

			await check('meters: live polling while on the page, none after leaving it', async () => {
				const code = meters[0].code;
				await go(page, `#/meters?meter=${encodeURIComponent(code)}&poll=2`);
				let d = await waitDrawn(page, { meter: code, step: 'raw', range: '24h' });
				assert(await page.isChecked('input[name=live]'), 'live is not on by default');
				const before = seriesRequests.length;
				if (process.env.GP_METERS_WRITE === '1') {
					const m = meters[0];
					const now = Math.floor(Date.now() / 1000);
					const v = m.latest ? m.latest.value / (m.multiplier || 1) : 0;
					const st = await pageWrite(page, 'POST', 'api/v1/write', `energy,meter=${code} value=${v + 1} ${now - 2}000000000\nenergy,meter=${code} value=${v + 2} ${now - 1}000000000`, 'text/plain');
					assert(st === 200, `POST /write answered ${st}`);
					await page.waitForFunction((n) => Number(document.querySelector('[data-chart=meter-series]').dataset.points) === n, d.points + 2, { timeout: 8000 });
					d = await drawn(page);
					await sameAsApi(page, d);
					assert((await text(page, '[data-test=meters-chart-status]')).includes('实时新增 2 点'), 'the status does not count the new points');
				} else {
					await page.waitForTimeout(4500);
				}
				const polls = seriesRequests.length - before;
				assert(polls >= 2, `${polls} series requests in 4.5 s with a 2 s poll`);
				assert(await page.evaluate(() => window.__gpMetersLive === true), 'no poll scheduled');
				// live off: no more requests
				await page.uncheck('input[name=live]');
				await page.waitForTimeout(300);
				const off = seriesRequests.length;
				await page.waitForTimeout(2500);
				assert(seriesRequests.length === off, `${seriesRequests.length - off} requests with live off`);
				await page.check('input[name=live]');
				await page.waitForTimeout(2500);
				assert(seriesRequests.length > off, 'live on again does not poll');
				// leave the page
				await page.click('#nav [data-nav=overview]');
				await page.waitForSelector('[data-test=meters]', { state: 'detached' });
				await page.waitForTimeout(300);
				const left = seriesRequests.length;
				await page.waitForTimeout(4500);
				assert(seriesRequests.length === left, `${seriesRequests.length - left} series requests after leaving the page`);
				assert(await page.evaluate(() => window.__gpMetersLive === false), 'a poll is still scheduled after leaving');
				await go(page, '#/meters');
				await page.waitForSelector('[data-test=meters-list]');
			});

			await check('meters: quality table matches GET /api/v1/meters/quality', async () => {
				const year = await page.$eval('#year', (s) => s.value);
				const rows = await pageAll(page, `api/v1/meters/quality?year=${year}`);
				await page.waitForSelector('[data-test=meters-quality], [data-test=meters-quality-none]');
				const shown = await page.$$eval('[data-test=meters-quality] tbody tr', (trs) => trs.map((tr) => ({
					key: `${tr.dataset.meter}|${tr.dataset.month}|${tr.dataset.points}|${tr.dataset.flags}`,
					badges: [...tr.querySelectorAll('[data-flag]')].map((x) => x.dataset.flag + ':' + x.textContent.trim()).join(','),
				})));
				const want = rows.map((r) => `${r.meter}|${r.month}|${r.points}|${(r.flags || []).join(',')}`);
				assert(shown.map((s) => s.key).join(';') === want.join(';'), `table ${shown.map((s) => s.key).slice(0, 4).join(';')}…, API ${want.slice(0, 4).join(';')}…`);
				for (const [i, r] of rows.entries()) {
					const badges = (r.flags || []).map((f) => f + ':' + FLAG_ZH[f]).join(',');
					assert(shown[i].badges === badges, `${r.meter} ${r.month}: badges ${shown[i].badges}, want ${badges}`);
				}
				if (!rows.length) assert(await page.$('[data-test=meters-quality-none]'), 'no "no readings" note for an empty year');
			});

			await check('meters: reconciliation matches the API; the tolerance input asks again', async () => {
				const year = await page.$eval('#year', (s) => s.value);
				const cmp = async (tol) => {
					const api = await pageFetch(page, `api/v1/meters/reconciliation?year=${year}&tolerance=${tol}`);
					assert(api.status === 200, `reconciliation answered ${api.status}`);
					const rows = await page.$$eval('[data-test=meters-recon] tbody tr', (trs) => trs.map((tr) => ({ key: `${tr.dataset.uscc}|${tr.dataset.period}|${tr.dataset.item}|${tr.dataset.meterTotal}|${tr.dataset.flagged}`, bad: tr.classList.contains('mt-row-bad'), badge: !!tr.querySelector('[data-test=recon-flag]') })));
					const want = api.body.rows.map((r) => `${r.uscc}|${r.period}|${r.item}|${r.meter}|${r.flagged ? 1 : 0}`);
					assert(rows.map((r) => r.key).join(';') === want.join(';'), `tolerance ${tol}: table ${rows.map((r) => r.key).slice(0, 3).join(';')}…, API ${want.slice(0, 3).join(';')}…`);
					const hi = rows.filter((r) => r.bad && r.badge).length;
					assert(hi === api.body.flagged && rows.filter((r) => r.bad).length === hi, `tolerance ${tol}: ${hi} highlighted rows, API flagged ${api.body.flagged}`);
					if (!want.length) assert(await page.$('[data-test=meters-recon-none]'), 'no note for an empty reconciliation');
					return api.body;
				};
				await page.waitForSelector('[data-test=meters-recon], [data-test=meters-recon-none]');
				await cmp(0.05);
				await page.fill('[data-test=meters-recon-form] input[name=tolerance]', '50');
				await page.click('[data-test=meters-recon-form] button[type=submit]');
				await page.waitForFunction(() => {
					const b = document.querySelector('[data-test=meters-recon-body]');
					if (!b || b.getAttribute('aria-busy')) return false;
					const s = document.querySelector('[data-test=meters-recon-sum]');
					return !s || s.dataset.tolerance === '0.5';
				});
				const r = await cmp(0.5);
				assert((await page.getAttribute('[data-kpi=flagged]', 'data-value')) === String(r.flagged), 'the 对账差异 card was not updated');
				await page.fill('[data-test=meters-recon-form] input[name=tolerance]', '-3');
				await page.click('[data-test=meters-recon-form] button[type=submit]');
				await page.waitForSelector('[data-test=meters-recon-error]');
			});
		}

		await check('meters: the language switch changes the heading', async () => {
			await go(page, '#/meters');
			await page.waitForSelector('[data-test=meters-title]');
			await page.click('#lang');
			await page.waitForFunction(() => ((document.querySelector('[data-test=meters-title]') || {}).textContent || '').startsWith('Metering'));
			assert((await text(page, '#nav [data-nav=meters]')) === 'Metering', 'nav not in English');
			if (!meters.length) assert((await text(page, '[data-test=meters-empty]')).includes('No meters yet'), 'the empty state is not in English');
			else assert((await text(page, '[data-test=meters-list] thead')).includes('Latest reading'), 'the list is not in English');
			await page.click('#lang');
			await page.waitForFunction(() => ((document.querySelector('[data-test=meters-title]') || {}).textContent || '').startsWith('智慧园区计量'));
		});

		await check('meters: viewers and banks get no entry; an enterprise user its own meters', async () => {
			let uscc = meters.length ? meters[0].uscc : null;
			if (!uscc) {
				const ents = await pageFetch(page, 'api/v1/enterprises?per_page=1');
				uscc = ents.body.items[0].uscc;
			}
			for (const [u, body] of [[VIEWER, { role: 'viewer' }], [BANK, { role: 'bank', bank: '计量检查银行' }], [ENT, { role: 'enterprise', enterprise: uscc }]]) {
				const st = await pageWrite(page, 'POST', 'api/v1/users', Object.assign({ name: u[0], password: u[1] }, body));
				assert(st === 201, `POST /users (${body.role}) answered ${st}`);
				usersMade.push(u[0]);
			}
			for (const u of [VIEWER, BANK]) {
				await logout(page);
				await login(page, base, u[0], u[1]);
				await page.waitForSelector('#nav a');
				assert(!(await page.$('#nav [data-nav=meters]')), `${u[0]} has the 智慧计量 entry`);
				await go(page, '#/meters');
				await page.waitForSelector('[data-test=forbidden]');
				assert(!(await page.$('[data-test=meters]')), `the page rendered for ${u[0]}`);
			}
			await logout(page);
			await login(page, base, ENT[0], ENT[1]);
			await page.waitForSelector('#nav a');
			assert(await page.$('#nav [data-nav=meters]'), 'the enterprise user has no 智慧计量 entry');
			await page.click('#nav [data-nav=meters]');
			await page.waitForSelector('[data-test=meters-empty], [data-test=meters-list]');
			const own = await pageAll(page, 'api/v1/meters');
			assert(own.every((m) => m.uscc === uscc), 'the API gives an enterprise user another enterprise\'s meters');
			assert(own.length === meters.filter((m) => m.uscc === uscc).length, `the enterprise user gets ${own.length} meters from the API`);
			const codes = await page.$$eval('[data-test=meters-list] tbody tr[data-code]', (trs) => trs.map((tr) => tr.dataset.code));
			assert(codes.join() === own.map((m) => m.code).join(), `the enterprise user's list ${codes.join()}, API ${own.map((m) => m.code).join()}`);
			if (!own.length) assert((await text(page, '[data-test=meters-empty]')).includes('本企业还没有计量表'), 'no own empty state');
		});

		await check('meters: no script errors', async () => {
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
	console.log(`FAIL meters browser checks: ${String(err.message || err).split('\n')[0]}`);
	process.exit(1);
});
