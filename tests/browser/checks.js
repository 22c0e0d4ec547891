#!/usr/bin/env node
// checks.js — the dashboard in a real browser (Debian's chromium via playwright-core) against
// a running server: sign-in, the overview's figures and charts, provenance on hover, the
// sample label, language switch, energy flow, the enterprise list and detail, CSV upload with
// per-line errors, the indicators page (指标评价: scorecards of both sets, the data-completeness
// list, entering a park attribute), user management, and what enterprise and viewer users may
// not see.
// Prints "PASS name" / "FAIL name: why" per check and exits non-zero when any failed.
//
// env: GP_URL (required); GP_ADMIN_USER, GP_ADMIN_PASS (an admin of that server);
//      GP_EXPECT_ENTERPRISES (the count the overview must show, e.g. 64 for the demo park;
//      unset: the count the API reports); GP_EXPECT_SAMPLE=1 (the 示例数据 label must show).
'use strict';
const { launch, check, counts, assert, login, logout, waitCharts } = require('./lib.js');

const base = (process.env.GP_URL || '').replace(/\/$/, '');
const ADMIN = [process.env.GP_ADMIN_USER || 'admin', process.env.GP_ADMIN_PASS || 'admin-pass'];
const stamp = Date.now().toString(36).slice(-5);
const ENT = ['ent_' + stamp, 'Ent-pass-' + stamp + '!'];
const VIEWER = ['viewer_' + stamp, 'View-pass-' + stamp + '!'];
const BANK = ['bank_' + stamp, 'Bank-pass-' + stamp + '!'];
const ANALYST = ['analyst_' + stamp, 'Anal-pass-' + stamp + '!'];

// fetch from inside the page: same cookies as the app; returns {status, body}.
function pageFetch(page, path, init) {
	return page.evaluate(async ([p, i]) => {
		const r = await fetch(p, Object.assign({ credentials: 'same-origin' }, i || {}));
		let body = null;
		try { body = await r.json(); } catch { /* empty */ }
		return { status: r.status, body };
	}, [path, init || null]);
}
const text = (page, sel) => page.textContent(sel).then((s) => (s || '').trim());
const visible = (page, sel) => page.isVisible(sel);
async function go(page, hash) {
	await page.evaluate((h) => { location.hash = h; }, hash);
}
// GET /api/v1/evaluation from inside the page (the signed-in user's view of it)
function evaluation(page, year, standard, extra) {
	const q = new URLSearchParams(Object.assign({ year: String(year), standard }, extra || {}));
	return pageFetch(page, 'api/v1/evaluation?' + q.toString());
}
// The indicators page for a standard, drawn: every scorecard in place and its charts drawn.
async function indicatorsReady(page, standard) {
	await page.waitForSelector(`[data-test=indicators][data-standard=${standard}] [data-test=scorecard]`);
	const charts = await page.$$eval('#view [data-chart]', (els) => els.length);
	if (charts) await waitCharts(page, charts);
}
const card = (code, sel = '') => `[data-test=scorecard][data-code="${code}"] ${sel}`.trim();

async function main() {
	if (!base) throw new Error('GP_URL is not set');
	const b = await launch({ width: 1366, height: 768 });
	const page = await b.ctx.newPage();
	const pageErrors = [];
	page.on('pageerror', (e) => pageErrors.push(String(e.message || e)));
	let expectCount = process.env.GP_EXPECT_ENTERPRISES ? parseInt(process.env.GP_EXPECT_ENTERPRISES, 10) : null;
	let firstUscc = null, otherUscc = null, summary = null;
	let evalServed = true; // false: the server has no /api/v1/evaluation (the mock server)

	try {
		await check('login rejects a wrong password', async () => {
			await page.goto(base + '/');
			await page.waitForSelector('form[data-test=login]');
			assert(/#\/login/.test(page.url()), `not sent to the login page: ${page.url()}`);
			await page.fill('input[name=username]', ADMIN[0]);
			await page.fill('input[name=password]', 'wrong-' + stamp);
			await page.click('form[data-test=login] button[type=submit]');
			await page.waitForFunction(() => { const e = document.querySelector('[data-test=login-error]'); return !!e && e.textContent.trim() !== ''; });
			const msg = await text(page, '[data-test=login-error]');
			assert(/错误|wrong/i.test(msg), `unexpected message '${msg}'`);
		});

		await check('login', async () => {
			await login(page, base, ADMIN[0], ADMIN[1]);
			await page.waitForSelector('[data-test=overview]');
			assert(page.url().endsWith('#/overview'), `landed on ${page.url()}`);
			const nav = await text(page, '#nav');
			for (const w of ['园区总览', '能源流向', '企业名录', '数据填报', '用户管理']) assert(nav.includes(w), `nav lacks ${w}: ${nav}`);
			assert((await text(page, '#who')).startsWith(ADMIN[0]), 'the user is not shown in the top bar');
		});

		await check('overview renders its figures and charts', async () => {
			await page.waitForSelector('[data-test=overview]');
			await waitCharts(page, 6);
			const year = await page.$eval('#year', (s) => s.value);
			const method = await page.$eval('#method', (s) => s.value);
			const api = await pageFetch(page, `api/v1/park/summary?year=${year}&method=${method}`);
			assert(api.status === 200, `summary answered ${api.status}`);
			summary = api.body;
			if (expectCount === null) expectCount = summary.enterprises;
			const shown = await text(page, '[data-kpi=enterprises] .kpi-num');
			assert(shown === String(expectCount), `enterprise count shows '${shown}', expected ${expectCount} (API says ${summary.enterprises})`);
			const co2 = await text(page, '[data-kpi=co2] .kpi-num');
			assert(/^[\d,]+$/.test(co2) && co2 !== '0', `CO2 shows '${co2}'`);
			const ht = await text(page, '[data-kpi=high_tech] .kpi-sub');
			assert(/%/.test(ht), `high-tech share missing: '${ht}'`);
			for (const c of ['energy', 'co2', 'source', 'flow', 'subparks', 'platforms']) {
				const ok = await page.$eval(`[data-chart=${c}]`, (el) => !!(window.echarts.getInstanceByDom(el) && el.querySelector('canvas') && el.clientHeight > 100));
				assert(ok, `chart ${c} not drawn`);
			}
			// the energy chart holds the twelve months of the timeseries
			const bars = await page.$eval('[data-chart=energy]', (el) => window.echarts.getInstanceByDom(el).getOption().series[0].data.length);
			assert(bars === 12, `energy trend has ${bars} months`);
		});

		await check('sample data label', async () => {
			const park = await pageFetch(page, 'api/v1/park');
			const must = process.env.GP_EXPECT_SAMPLE === '1';
			if (must) assert(park.body.sample === true, 'GET /api/v1/park does not say sample: true');
			if (park.body.sample) {
				assert(await visible(page, '[data-test=sample]'), 'the 示例数据 label is not visible on the overview');
				assert((await text(page, '[data-test=sample]')) === '示例数据', 'label text is not 示例数据');
				assert(await visible(page, '#sample-badge'), 'the top bar has no sample label');
			} else {
				assert(!(await visible(page, '#sample-badge')), 'sample label shown for a store that is not sample data');
			}
		});

		await check('provenance on hover', async () => {
			await page.hover('[data-kpi=co2]');
			await page.waitForSelector('#tip:not([hidden])');
			const tip = await text(page, '#tip');
			assert(tip.includes('核算方法'), `no method in the tooltip: ${tip.slice(0, 200)}`);
			assert(summary && tip.includes(summary.method), `method code ${summary && summary.method} missing`);
			assert(tip.includes('所用因子'), 'no factor list');
			assert(/已核实|二手来源|未核实|实测/.test(tip), 'no confidence label');
			const keys = (summary.factors || []).map((f) => f.key);
			assert(keys.some((k) => tip.includes(k)), 'none of the summary factor keys is listed');
			await page.mouse.move(2, 2);
			// the monthly chart's tooltip says the same
			const box = await page.$eval('[data-chart=energy]', (el) => { const r = el.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; });
			await page.mouse.move(box[0], box[1]);
			await page.waitForFunction(() => /核算方法/.test((document.querySelector('[data-chart=energy]') || {}).innerText || ''), null, { timeout: 5000 });
			await page.mouse.move(2, 2);
		});

		await check('method selector', async () => {
			await page.selectOption('#method', 'cn-market');
			await page.waitForFunction(() => /市场化法/.test((document.querySelector('.ov-meta') || {}).textContent || ''));
			await waitCharts(page, 6);
			await page.selectOption('#method', 'zcp2025');
			await page.waitForFunction(() => /零碳园区法/.test((document.querySelector('.ov-meta') || {}).textContent || ''));
		});

		await check('switch language', async () => {
			await page.click('#lang');
			await page.waitForFunction(() => ((document.querySelector('#nav') || {}).textContent || '').includes('Overview'));
			assert((await text(page, '[data-kpi=enterprises] .kpi-label')) === 'Enterprises', 'KPI label not in English');
			assert((await page.getAttribute('html', 'lang')) === 'en-US', 'html lang not en-US');
			await page.reload();
			await page.waitForSelector('[data-test=overview]');
			assert((await text(page, '#nav')).includes('Overview'), 'English not remembered after reload');
			await page.click('#lang');
			await page.waitForFunction(() => ((document.querySelector('#nav') || {}).textContent || '').includes('园区总览'));
			assert((await page.evaluate(() => localStorage.getItem('gp.lang'))) === 'zh', 'choice not stored');
		});

		await check('large-screen mode', async () => {
			await go(page, '#/screen');
			await page.waitForSelector('.overview.big');
			await waitCharts(page, 6);
			assert(!(await visible(page, '#topbar')), 'top bar still visible in large-screen mode');
			const fits = await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 2);
			assert(fits, 'large-screen overview does not fit the viewport');
			await page.keyboard.press('Escape');
			await page.waitForFunction(() => location.hash === '#/overview');
		});

		await check('energy flow', async () => {
			await go(page, '#/flow');
			await page.waitForSelector('[data-test=flow]');
			await waitCharts(page, 1);
			const kinds = await page.$eval('[data-chart=sankey]', (el) => window.echarts.getInstanceByDom(el).getOption().series[0].data.map((n) => n.kind));
			for (const k of ['carrier', 'subpark', 'enterprise']) assert(kinds.includes(k), `no ${k} node in the Sankey`);
		});

		await check('enterprise list', async () => {
			await go(page, '#/enterprises');
			await page.waitForSelector('[data-test=enterprises] tbody tr[data-uscc]');
			const total = await text(page, '[data-test=total]');
			assert(total.includes(String(expectCount)), `total shows '${total}', expected ${expectCount}`);
			const rows = await page.$$eval('[data-test=enterprises] tbody tr[data-uscc]', (trs) => trs.map((tr) => tr.dataset.uscc));
			assert(rows.length === Math.min(20, expectCount), `${rows.length} rows on page 1`);
			firstUscc = rows[0];
			otherUscc = rows[1];
			if (expectCount > 20) {
				await page.click('[data-test=pager] [data-page="2"]');
				await page.waitForFunction(() => /第 2 \//.test((document.querySelector('[data-test=pager] span') || {}).textContent || ''));
				await page.waitForSelector('[data-test=enterprises] tbody tr[data-uscc]');
				const r2 = await page.$$eval('[data-test=enterprises] tbody tr[data-uscc]', (trs) => trs.map((tr) => tr.dataset.uscc));
				assert(r2[0] !== firstUscc, 'page 2 shows the same rows');
			}
			await go(page, '#/enterprises');
			await page.waitForSelector('[data-test=filters] select[name=high_tech]');
			await page.selectOption('[data-test=filters] select[name=high_tech]', 'true');
			await page.click('[data-test=filters] button[type=submit]');
			await page.waitForFunction(() => /high_tech=true/.test(location.hash));
			const shown = await page.waitForFunction((n) => {
				const el = document.querySelector('[data-test=total]');
				return el && el.textContent.includes(String(n)) ? el.textContent : false;
			}, summary.high_tech, { timeout: 10000 }).then((h) => h.jsonValue(), () => null);
			assert(shown, `high-tech filter does not show ${summary.high_tech} (the summary's high_tech): '${await text(page, '[data-test=total]').catch(() => '')}'`);
		});

		await check('enterprise detail', async () => {
			await go(page, '#/enterprise/' + firstUscc);
			await page.waitForSelector(`[data-test=enterprise][data-uscc="${firstUscc}"]`);
			await waitCharts(page, 3);
			const rows = await page.$$eval('[data-test=ledger] tbody tr', (trs) => trs.length);
			assert(rows > 0, 'the monthly ledger is empty');
			await page.waitForSelector('[data-rank=co2] .rank-pos');
			const pos = await text(page, '[data-rank=co2] .rank-pos');
			assert(/第 \d+ 名 \/ 共 \d+ 家/.test(pos), `rank shows '${pos}'`);
			await page.hover('[data-kpi=co2]');
			await page.waitForSelector('#tip:not([hidden])');
			assert((await text(page, '#tip')).includes('所用因子'), 'enterprise CO2 has no provenance');
			await page.mouse.move(2, 2);
		});

		await check('upload a bad CSV shows the line errors', async () => {
			await go(page, '#/data');
			await page.waitForSelector('[data-test=upload-form]');
			const csv = `uscc,period,item,quantity,unit\n${firstUscc},2024-13,electricity_grid,100,kWh\n${firstUscc},2024-01,natural_gaz,1,m3\n${firstUscc},2024-02,electricity_grid,-5,kWh\n`;
			await page.fill('textarea[name=csv]', csv);
			await page.click('[data-test=upload]');
			await page.waitForSelector('[data-test=upload-errors]');
			const lines = await page.$$eval('[data-test=upload-errors] tbody tr td:first-child', (tds) => tds.map((td) => td.textContent.trim()));
			for (const l of ['2', '3', '4']) assert(lines.includes(l), `line ${l} not reported (got ${lines.join(',')})`);
			const msg = await text(page, '[data-test=upload-errors]');
			assert(msg.includes('natural_gaz'), 'the unknown item is not named');
		});

		await check('upload a good CSV', async () => {
			const year = await page.$eval('#year', (s) => s.value);
			await page.fill('textarea[name=csv]', `uscc,period,item,quantity,unit\n${firstUscc},${year}-06,water_withdrawal,1234.5,m3\n`);
			await page.click('[data-test=upload]');
			await page.waitForSelector('[data-test=upload-ok], [data-test=upload-result] .msg-error');
			assert(await page.$('[data-test=upload-ok]'), `upload failed: ${await text(page, '[data-test=upload-result]')}`);
		});

		// ------------------------------------------------ 指标评价 (indicators), as the admin
		const evalProbe = await pageFetch(page, 'api/v1/evaluation?year=2024&standard=zcp2025');
		evalServed = evalProbe.status !== 404;
		if (!evalServed) console.log('SKIP indicators: this server has no /api/v1/evaluation');

		if (evalServed) await check('indicators: zcp2025 scorecards', async () => {
			await go(page, '#/overview');
			await page.waitForSelector('[data-test=overview]');
			await page.evaluate(() => localStorage.removeItem('gp.standard'));
			await page.click('#nav [data-nav=indicators]');
			await page.waitForFunction(() => location.hash.startsWith('#/indicators'));
			await indicatorsReady(page, 'zcp2025'); // the default set
			assert(await page.isHidden('#method-wrap'), 'the method selector is shown on the indicators page');
			const year = await page.$eval('#year', (sel) => sel.value);
			const api = await evaluation(page, year, 'zcp2025');
			assert(api.status === 200, `evaluation answered ${api.status}`);
			const inds = api.body.indicators;
			const codes = await page.$$eval('[data-test=scorecard]', (els) => els.map((e) => e.dataset.code));
			assert(codes.length === inds.length && inds.every((i) => codes.includes(i.code)), `scorecards ${codes.join(',')} ≠ API ${inds.map((i) => i.code).join(',')}`);
			const s = api.body.summary;
			const req = await text(page, '[data-sum=required] .kpi-num');
			const opt = await text(page, '[data-sum=optional] .kpi-num');
			assert(req === `${s.required_met}/${s.required_total}`, `必选 shows '${req}', API ${s.required_met}/${s.required_total}`);
			assert(opt === `${s.optional_met}/${s.optional_total}`, `可选 shows '${opt}', API ${s.optional_met}/${s.optional_total}`);
			assert((await text(page, '[data-sum=required] .kpi-label')) === '必选指标达标', 'no 必选指标达标 label');
			// ZC1 for the demo park: a value, the target 0.2, not met
			const zc1 = inds.find((i) => i.code === 'ZC1');
			assert(zc1 && zc1.value !== null && zc1.target === 0.2 && zc1.pass === false, `API ZC1 is not the demo park's (value ${zc1 && zc1.value}, target ${zc1 && zc1.target}, pass ${zc1 && zc1.pass})`);
			const value = await text(page, card('ZC1', '[data-test=value]'));
			assert(/^\d[\d.,]*\s*tCO₂\/tce$/.test(value) && parseFloat(value) === Number(zc1.value.toFixed(2)), `ZC1 value shows '${value}' (API ${zc1.value})`);
			const target = await text(page, card('ZC1', '[data-test=target]'));
			assert(/≤\s*0\.2\b/.test(target), `ZC1 target shows '${target}'`);
			assert((await text(page, card('ZC1', '[data-test=badge]'))) === '未达标', 'ZC1 badge is not 未达标');
			assert(/超出目标/.test(await text(page, card('ZC1', '[data-test=distance]'))), 'ZC1 distance to target missing');
			// every badge follows the API's pass
			for (const i of inds) {
				const b = await text(page, card(i.code, '[data-test=badge]'));
				const want = i.pass === true ? ['达标'] : i.pass === false ? ['未达标'] : ['无目标', '无数据'];
				assert(want.includes(b), `${i.code} badge '${b}' for pass ${i.pass}`);
			}
			// the gauge and the three-year trend
			const gauge = await page.$eval(card('ZC1', '[data-chart="gauge-ZC1"]'), (el) => { const c = window.echarts.getInstanceByDom(el); return c ? c.getOption().series[0].type : null; });
			assert(gauge === 'gauge', 'ZC1 has no gauge');
			const bars = await page.$eval(card('ZC1', '[data-chart="trend-ZC1"]'), (el) => window.echarts.getInstanceByDom(el).getOption().series[0].data.map((d) => d.value));
			assert(bars.length === 3 && Math.abs(bars[2] - zc1.value) < 1e-9, `ZC1 trend ${JSON.stringify(bars)}`);
			const years = await page.$eval(card('ZC1', '[data-chart="trend-ZC1"]'), (el) => window.echarts.getInstanceByDom(el).getOption().xAxis[0].data);
			assert(years.join() === [year - 2, year - 1, year].join(), `trend years ${years}`);
			const prev = await evaluation(page, year - 1, 'zcp2025');
			const p1 = prev.status === 200 ? prev.body.indicators.find((i) => i.code === 'ZC1').value : null;
			assert(bars[1] === p1, `ZC1 trend ${year - 1} shows ${bars[1]}, API ${p1}`);
			// hover: formula, source, confidence, method
			await page.hover(card('ZC1'));
			await page.waitForSelector('#tip:not([hidden])');
			const tip = await text(page, '#tip');
			for (const w of ['计算公式', zc1.formula, '依据', zc1.source, '可信度', '核算方法', 'zcp2025']) assert(tip.includes(w), `ZC1 tooltip lacks '${w}': ${tip.slice(0, 200)}`);
			await page.mouse.move(2, 2);
		});

		if (evalServed) await check('indicators: a note where no target applies', async () => {
			// a year in which the park is below 200,000 tce: ZC1 has no target and says why
			const years = await page.$$eval('#year option', (os) => os.map((o) => o.value));
			const cur = await page.$eval('#year', (sel) => sel.value);
			let noteYear = null, note = null;
			for (const y of years) {
				const r = await evaluation(page, y, 'zcp2025');
				const z = r.status === 200 ? r.body.indicators.find((i) => i.code === 'ZC1') : null;
				if (z && z.target === null && z.note) { noteYear = y; note = z.note; break; }
			}
			assert(noteYear, 'no year of the demo park has ZC1 without a target');
			await page.selectOption('#year', noteYear);
			await page.waitForSelector(`[data-test=indicators][data-year="${noteYear}"] ${card('ZC1')}`);
			assert((await text(page, card('ZC1', '[data-test=badge]'))) === '无目标', 'ZC1 without a target is not marked 无目标');
			await page.hover(card('ZC1'));
			await page.waitForSelector('#tip:not([hidden])');
			const tip = await text(page, '#tip');
			const inner = /targets hold for: (.*)\)$/.exec(note);
			assert(inner && tip.includes(inner[1]), `the note is not in the tooltip: ${tip.slice(0, 300)}`);
			await page.mouse.move(2, 2);
			await page.selectOption('#year', cur);
			await page.waitForSelector(`[data-test=indicators][data-year="${cur}"] ${card('ZC1')}`);
		});

		if (evalServed) await check('indicators: miit2016 shows 32 indicators and the data-completeness list', async () => {
			await page.click('[data-test=standard] [data-standard=miit2016]');
			await indicatorsReady(page, 'miit2016');
			assert(/standard=miit2016/.test(await page.evaluate(() => location.hash)), 'the standard is not in the address');
			const n = await page.$$eval('[data-test=scorecard]', (els) => els.length);
			assert(n === 32, `${n} scorecards for miit2016`);
			const year = await page.$eval('#year', (sel) => sel.value);
			const api = await evaluation(page, year, 'miit2016');
			const s = api.body.summary;
			assert((await text(page, '[data-sum=required] .kpi-num')) === `${s.required_met}/${s.required_total}`, 'miit2016 必选 count differs from the API');
			// one row per indicator without a value, with its missing text
			const nulls = api.body.indicators.filter((i) => i.value === null);
			const rows = await page.$$eval('[data-test=completeness] tbody tr[data-code]', (trs) => trs.map((tr) => [tr.dataset.code, tr.dataset.missing]));
			assert(rows.length === nulls.length, `${rows.length} completeness rows, API has ${nulls.length} null values`);
			for (const i of nulls) assert(rows.some(([c, m]) => c === i.code && m === (i.missing || '')), `${i.code} missing text differs`);
			const rg5 = api.body.indicators.find((i) => i.code === 'RG5');
			if (rg5 && rg5.value === null) {
				const cell = await text(page, '[data-test=completeness] tr[data-code=RG5] [data-test=missing]');
				assert(cell.includes(rg5.missing), `RG5 row lacks '${rg5.missing}'`);
				assert(cell.includes('中水回用量') && cell.includes('污水处理量'), `RG5 items not named: ${cell}`);
			}
			// attr(CODE) rows carry the form (admin), ledger rows do not
			const gg5 = await page.$('[data-test=completeness] tr[data-code=GG5] form[data-test=attr-form][data-attr=GG5]');
			assert(gg5, 'no form for the park attribute GG5');
			assert(!(await page.$('[data-test=completeness] tr[data-code=RG5] form')), 'a form for ledger data');
			// ledger coverage, where the answer has it: one row per item the set reads
			if (Array.isArray(api.body.completeness)) {
				const items = await page.$$eval('[data-test=coverage] tbody tr[data-item]', (trs) => trs.map((tr) => tr.dataset.item));
				assert(items.join() === api.body.completeness.map((c) => c.item).join(), `coverage rows ${items.join()} ≠ API`);
			}
		});

		if (evalServed) await check('indicators: entering GG5 = 86.3 makes it pass', async () => {
			const year = await page.$eval('#year', (sel) => sel.value);
			const before = (await evaluation(page, year, 'miit2016')).body;
			const g0 = before.indicators.find((i) => i.code === 'GG5');
			assert(g0.value === null && (g0.missing || '').includes('attr(GG5)'), `GG5 is not missing before (value ${g0.value})`);
			assert((await text(page, card('GG5', '[data-test=badge]'))) === '无数据', 'GG5 is not shown as 无数据');
			const form = '[data-test=completeness] form[data-attr=GG5]';
			// a percentage above 100 is refused in the page, before asking the server
			await page.fill(`${form} input[name=value]`, '186.3');
			await page.click(`${form} button[type=submit]`);
			await page.waitForFunction((f) => (document.querySelector(f + ' [data-test=attr-error]') || {}).textContent, form);
			await page.fill(`${form} input[name=value]`, '86.3');
			await page.fill(`${form} input[name=source]`, 'browser check ' + stamp);
			const [resp] = await Promise.all([
				page.waitForResponse((r) => r.url().includes('/api/v1/park/attributes') && r.request().method() === 'POST'),
				page.click(`${form} button[type=submit]`),
			]);
			assert(resp.status() === 200, `POST /park/attributes answered ${resp.status()}`);
			const sent = resp.request();
			assert(!!(await sent.headerValue('x-csrf-token')), 'no X-CSRF-Token header on the POST');
			const body = JSON.parse(sent.postData() || '{}');
			assert(body.code === 'GG5' && body.value === 86.3 && String(body.year) === String(year), `posted ${sent.postData()}`);
			// the page asks for the evaluation again: GG5 now passes
			await page.waitForSelector(`${card('GG5')}[data-pass=true]`);
			assert((await text(page, card('GG5', '[data-test=badge]'))) === '达标', 'GG5 badge is not 达标');
			assert((await text(page, card('GG5', '[data-test=value]'))) === '86.3%', `GG5 shows '${await text(page, card('GG5', '[data-test=value]'))}'`);
			assert(!(await page.$('[data-test=completeness] tr[data-code=GG5]')), 'GG5 is still in the completeness list');
			const after = (await evaluation(page, year, 'miit2016')).body.summary;
			assert(after.required_met === before.summary.required_met + 1, `required met ${before.summary.required_met} → ${after.required_met}`);
			assert((await text(page, '[data-sum=required] .kpi-num')) === `${after.required_met}/${after.required_total}`, 'the summary was not refreshed');
		});

		if (evalServed) await check('indicators in English', async () => {
			await page.click('#lang');
			await page.waitForFunction(() => ((document.querySelector('#nav') || {}).textContent || '').includes('Indicators'));
			await page.waitForSelector(`[data-test=indicators] ${card('GG5')}`);
			assert((await text(page, card('GG5', '[data-test=badge]'))) === 'met', 'GG5 badge not in English');
			assert((await text(page, card('GG5', '[data-test=name]'))) === 'share of good air quality days', 'GG5 name not in English');
			assert((await text(page, '[data-sum=required] .kpi-label')) === 'Required indicators met', 'summary not in English');
			await page.click('#lang');
			await page.waitForFunction(() => ((document.querySelector('#nav') || {}).textContent || '').includes('指标评价'));
			await page.waitForSelector(`[data-test=indicators] ${card('GG5')}`);
		});

		await check('user management', async () => {
			await go(page, '#/users');
			await page.waitForSelector('[data-test=user-form]');
			for (const [u, role, extra] of [[ENT, 'enterprise', firstUscc], [VIEWER, 'viewer', null], [BANK, 'bank', '示例银行枣庄分行'], [ANALYST, 'analyst', null]]) {
				await page.fill('[data-test=user-form] input[name=name]', u[0]);
				await page.selectOption('[data-test=user-form] select[name=role]', role);
				await page.fill('[data-test=user-form] input[name=password]', u[1]);
				if (role === 'enterprise') await page.fill('[data-test=user-form] input[name=enterprise]', extra);
				if (role === 'bank') await page.fill('[data-test=user-form] input[name=bank]', extra);
				await page.click('[data-test=user-form] button[type=submit]');
				await page.waitForSelector(`[data-test=users] tr[data-user="${u[0]}"]`);
			}
			const row = await text(page, `[data-test=users] tr[data-user="${ENT[0]}"]`);
			assert(row.includes(firstUscc), 'the enterprise user is not bound to its USCC');
		});

		// 目标与路径 (GET/POST/DELETE /api/v1/targets) and the Excel report, as an analyst
		const targetsServed = (await pageFetch(page, 'api/v1/targets?year=2024')).status !== 404;
		if (targetsServed) await check('analyst adds, sees and deletes a target', async () => {
			await logout(page);
			await login(page, base, ANALYST[0], ANALYST[1]);
			await page.waitForSelector('[data-test=overview]');
			assert((await text(page, '#nav')).includes('目标与路径'), 'the analyst has no targets nav entry');
			await page.selectOption('#year', '2024');
			await page.waitForSelector('[data-test=overview]');
			await page.click('#nav [data-nav=targets]');
			await page.waitForSelector('form[data-test=target-form]');
			const before = await page.$$eval('[data-test=target]', (els) => els.map((e) => e.dataset.id));
			// an error from the API is shown inline: a reach path whose target year is before its base year
			await page.selectOption('form[data-test=target-form] select[name=metric]', 'co2_per_wan_yuan');
			await page.selectOption('form[data-test=target-form] select[name=path]', 'reach');
			await page.fill('form[data-test=target-form] input[name=base_year]', '2022');
			await page.fill('form[data-test=target-form] input[name=target_year]', '2020');
			await page.fill('form[data-test=target-form] input[name=amount]', '1');
			await page.click('form[data-test=target-form] button[type=submit]');
			await page.waitForFunction(() => { const e = document.querySelector('[data-test=target-error]'); return !!e && /target year/.test(e.textContent); });
			assert((await page.$$('[data-test=target]')).length === before.length, 'a target was added despite the error');
			await page.selectOption('form[data-test=target-form] select[name=path]', 'rate');
			assert(!(await visible(page, 'form[data-test=target-form] input[name=target_year]')), 'the target year is shown for a rate path');
			await page.fill('form[data-test=target-form] input[name=amount]', '-4');
			await page.fill('form[data-test=target-form] input[name=note]', 'browser ' + stamp);
			await page.click('form[data-test=target-form] button[type=submit]');
			await page.waitForFunction((n) => document.querySelectorAll('[data-test=target]').length === n + 1, before.length);
			const id = await page.$$eval('[data-test=target]', (els, b) => els.map((e) => e.dataset.id).find((x) => !b.includes(x)), before);
			const sel = `[data-test=target][data-id="${id}"]`;
			assert((await page.getAttribute(sel, 'data-metric')) === 'co2_per_wan_yuan', 'the new card is not co2_per_wan_yuan');
			assert(/达标|落后/.test(await text(page, sel + ' [data-test=badge]')), 'the card has no 达标/落后 badge');
			assert((await text(page, sel)).includes('每年 -4%'), 'the card does not say its path');
			await page.waitForFunction((s) => { const el = document.querySelector(s + ' [data-chart]'); return !!el && window.echarts && window.echarts.getInstanceByDom(el) && !!el.querySelector('canvas'); }, sel);
			const series = await page.evaluate((s) => {
				const o = window.echarts.getInstanceByDom(document.querySelector(s + ' [data-chart]')).getOption();
				return o.series.map((x) => ({ type: (x.lineStyle || {}).type || 'solid', n: x.data.length }));
			}, sel);
			assert(series.length === 2 && series[0].type === 'dashed' && series[1].type === 'solid' && series[0].n >= 3, `trajectory series: ${JSON.stringify(series)}`);
			const rows = await page.$$eval(sel + ' [data-test=contributions] tr', (trs) => trs.map((tr) => tr.textContent));
			assert(rows.length === 10, `${rows.length} contribution rows, expected 10`);
			assert(/tCO₂/.test(rows[0]), `the contribution has no unit: ${rows[0]}`);
			page.once('dialog', (d) => d.accept());
			await page.click(sel + ' [data-test=target-delete]');
			await page.waitForSelector(sel, { state: 'detached' });
			const left = await pageFetch(page, 'api/v1/targets?year=2024');
			assert(left.status === 200 && !left.body.targets.some((x) => String(x.id) === id), 'the target is still there');
		});

		await check('analyst downloads the Excel report', async () => {
			await go(page, '#/overview');
			await page.waitForSelector('[data-test=report-download]');
			const href = await page.getAttribute('[data-test=report-download]', 'href');
			assert(/report\.xlsx\?year=2024&method=zcp2025/.test(href), `report link: ${href}`);
			const r = await page.evaluate(async (h) => {
				const res = await fetch(h, { credentials: 'same-origin' });
				const buf = new Uint8Array(await res.arrayBuffer());
				return { status: res.status, type: res.headers.get('Content-Type'), head: String.fromCharCode(buf[0], buf[1]), n: buf.length };
			}, href);
			assert(r.status === 200 && r.head === 'PK', `report answered ${r.status}, ${r.n} bytes starting '${r.head}'`);
			assert(/spreadsheetml/.test(r.type || ''), `report type ${r.type}`);
		});

		await check('enterprise user cannot reach another enterprise', async () => {
			await logout(page);
			await login(page, base, ENT[0], ENT[1]);
			await page.waitForSelector(`[data-test=enterprise][data-uscc="${firstUscc}"]`);
			const nav = await text(page, '#nav');
			assert(!/园区总览|用户管理|企业名录/.test(nav), `nav shows more than the role allows: ${nav}`);
			assert(nav.includes('我的企业') && nav.includes('数据填报'), `nav lacks own pages: ${nav}`);
			await go(page, '#/enterprise/' + otherUscc);
			await page.waitForSelector('[data-test=forbidden]');
			assert(!(await page.$('[data-test=enterprise]')), 'the other enterprise page rendered');
			const api = await pageFetch(page, 'api/v1/enterprises/' + otherUscc);
			assert(api.status === 403, `the API answered ${api.status} for another enterprise`);
			const acc = await pageFetch(page, `api/v1/accounting?year=2024&method=zcp2025&enterprise=${otherUscc}`);
			assert(acc.status === 403, `accounting of another enterprise answered ${acc.status}`);
			await go(page, '#/overview');
			await page.waitForSelector('[data-test=forbidden]');
			const sum = await pageFetch(page, 'api/v1/park/summary?year=2024');
			assert(sum.status === 403, `park summary answered ${sum.status} to an enterprise user`);
		});

		if (evalServed) await check('enterprise user sees its own evaluation only', async () => {
			assert(!(await text(page, '#nav')).includes('指标评价'), 'the enterprise user has the park indicators in the nav');
			await go(page, '#/enterprise/' + firstUscc);
			await page.waitForSelector('[data-test=ent-eval-link][data-standard=zcp2025]');
			await page.click('[data-test=ent-eval-link][data-standard=zcp2025]');
			await page.waitForSelector(`[data-test=indicators][data-scope="${firstUscc}"] [data-test=scorecard]`);
			assert(decodeURIComponent(await page.evaluate(() => location.hash)).includes('enterprise=' + firstUscc), 'the link does not name the enterprise');
			assert(!(await page.$('form[data-test=attr-form]')), 'an enterprise user is offered the park-attribute form');
			const own = await evaluation(page, 2024, 'zcp2025', { enterprise: firstUscc });
			assert(own.status === 200, `own evaluation answered ${own.status}`);
			await go(page, '#/indicators?enterprise=' + otherUscc);
			await page.waitForSelector('[data-test=forbidden]');
			const other = await evaluation(page, 2024, 'zcp2025', { enterprise: otherUscc });
			assert(other.status === 403, `another enterprise's evaluation answered ${other.status}`);
			const park = await evaluation(page, 2024, 'zcp2025');
			assert(park.status === 403, `the park evaluation answered ${park.status} to an enterprise user`);
		});

		await check('viewer sees aggregates only', async () => {
			await logout(page);
			await login(page, base, VIEWER[0], VIEWER[1]);
			await page.waitForSelector('[data-test=overview]');
			await waitCharts(page, 6);
			assert((await text(page, '[data-kpi=enterprises] .kpi-num')) === String(expectCount), 'viewer overview count differs');
			const nav = await text(page, '#nav');
			assert(!/企业名录|数据填报|用户管理/.test(nav), `viewer nav: ${nav}`);
			await go(page, '#/users');
			await page.waitForSelector('[data-test=forbidden]');
			const api = await pageFetch(page, 'api/v1/enterprises');
			assert(api.status === 403, `enterprise list answered ${api.status} to a viewer`);
			const users = await pageFetch(page, 'api/v1/users');
			assert(users.status === 403, `users answered ${users.status} to a viewer`);
		});

		if (targetsServed) await check('viewer has no targets', async () => {
			assert(!(await text(page, '#nav')).includes('目标与路径'), 'the viewer has the targets nav entry');
			assert(!(await page.$('[data-test=report-download]')), 'the viewer is offered the report download');
			const r = await pageFetch(page, 'api/v1/targets?year=2024');
			assert(r.status === 403, `GET /api/v1/targets answered ${r.status} to a viewer`);
			await go(page, '#/targets');
			await page.waitForSelector('[data-test=forbidden]');
			await go(page, '#/overview');
			await page.waitForSelector('[data-test=overview]');
		});

		if (evalServed) await check('viewer sees indicators without the form', async () => {
			await page.evaluate(() => localStorage.removeItem('gp.standard'));
			await page.click('#nav [data-nav=indicators]');
			await indicatorsReady(page, 'zcp2025');
			assert((await text(page, card('ZC1', '[data-test=badge]'))) === '未达标', 'viewer: ZC1 badge is not 未达标');
			await page.click('[data-test=standard] [data-standard=miit2016]');
			await indicatorsReady(page, 'miit2016');
			assert((await page.$$eval('[data-test=scorecard]', (els) => els.length)) === 32, 'viewer: not 32 miit2016 scorecards');
			assert((await page.$$eval('[data-test=completeness] tbody tr[data-code]', (trs) => trs.length)) > 0, 'viewer: the completeness list is empty');
			assert(!(await page.$('form[data-test=attr-form]')), 'viewer is offered the park-attribute form');
			assert(!(await page.$('[data-test=coverage] a[href^="#/enterprise/"]')), 'viewer is shown enterprise links in the ledger coverage');
			const r = await page.evaluate(async () => {
				const me = await (await fetch('api/v1/me')).json();
				const res = await fetch('api/v1/park/attributes', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: JSON.stringify({ year: 2024, code: 'GG6', value: 40 }) });
				return res.status;
			});
			assert(r === 403, `a viewer's POST /park/attributes answered ${r}`);
			const ent = await evaluation(page, 2024, 'zcp2025', { enterprise: firstUscc });
			assert(ent.status === 403, `an enterprise's evaluation answered ${ent.status} to a viewer`);
		});

		await check('bank sees enterprise names only', async () => {
			await logout(page);
			await login(page, base, BANK[0], BANK[1]);
			// a bank's home is its green-finance ledger (views/finance.js); the names are a link away
			await page.waitForSelector('[data-test=finance]');
			await go(page, '#/enterprises');
			await page.waitForSelector('[data-test=enterprises] tbody tr');
			const nav = await page.$$eval('#nav a', (as) => as.map((a) => a.textContent.trim()).join('|'));
			assert(nav === '企业名录|绿色金融', `bank nav: ${nav}`);
			const cols = await page.$$eval('[data-test=enterprises] thead th', (ths) => ths.length);
			assert(cols === 2, `bank list shows ${cols} columns, expected name and USCC`);
			assert(!(await page.$('[data-test=enterprises] tbody a')), 'bank list links to enterprise pages');
			assert(!(await visible(page, '#year-wrap')), 'year selector shown to a bank user');
		});

		await check('expired session goes to login', async () => {
			// signed in as the bank user: the session ends on the server side, the page asks again
			await page.waitForSelector('[data-test=enterprises] tbody tr');
			await b.ctx.clearCookies();
			await go(page, '#/enterprises?q=' + encodeURIComponent('有限'));
			await page.waitForSelector('form[data-test=login]');
			assert(await visible(page, '[data-test=login-note]'), 'no "session expired" note');
			await login(page, base, ADMIN[0], ADMIN[1]);
			await page.waitForFunction(() => decodeURIComponent(location.hash) === '#/enterprises?q=有限');
			await page.waitForSelector('[data-test=enterprises] tbody tr');
		});

		await check('admin deletes users', async () => {
			await go(page, '#/users');
			for (const u of [ENT[0], VIEWER[0], BANK[0], ANALYST[0]]) {
				await page.waitForSelector(`[data-test=users] tr[data-user="${u}"] [data-del]`);
				page.once('dialog', (d) => d.accept());
				await page.click(`[data-test=users] tr[data-user="${u}"] [data-del]`);
				await page.waitForSelector(`[data-test=users] tr[data-user="${u}"]`, { state: 'detached' });
			}
		});

		await check('no script errors', async () => {
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
	console.log(`FAIL browser checks: ${String(err.message || err).split('\n')[0]}`);
	process.exit(1);
});
