#!/usr/bin/env node
// checks_projects.js — the investment pipeline page (招商项目库, web/views/projects.js) in a real
// browser against the real server with the demo park: the board's stage columns against
// GET /api/v1/projects/summary, the key-list badges, the table with its filters, pages and Excel
// download, a project's detail with its history and screenings, the statistics (conversion,
// stage times, the projection), the veto report, the move form (a 409 veto and a 400 inline),
// the language switch, and what viewer and enterprise users get.
// Prints "PASS name" / "FAIL name: why" per check and exits non-zero when any failed.
//
// env: GP_URL, GP_ADMIN_USER, GP_ADMIN_PASS (an admin of that server), GP_MODE=real|mock
//      (the mock server has no pipeline: the checks skip themselves).
'use strict';
const { launch, check, counts, assert, login, logout, waitCharts } = require('./lib.js');

const base = (process.env.GP_URL || '').replace(/\/$/, '');
const ADMIN = [process.env.GP_ADMIN_USER || 'admin', process.env.GP_ADMIN_PASS || 'admin-pass'];
const stamp = Date.now().toString(36).slice(-5);
const VIEWER = ['pjviewer_' + stamp, 'View-pass-' + stamp + '!'];
const ENT = ['pjent_' + stamp, 'Ent-pass-' + stamp + '!'];
const STAGES = ['reserve', 'negotiating', 'signed', 'landed', 'started', 'building', 'producing'];

// fetch from inside the page: same cookies as the app; returns {status, body, type}.
function pageFetch(page, path, init) {
	return page.evaluate(async ([p, i]) => {
		const r = await fetch(p, Object.assign({ credentials: 'same-origin' }, i || {}));
		let body = null;
		try { body = await r.json(); } catch { /* empty */ }
		return { status: r.status, body, type: r.headers.get('Content-Type') };
	}, [path, init || null]);
}
// a write from inside the page with the session's CSRF token (as the app sends it)
function pageWrite(page, method, path, json) {
	return page.evaluate(async ([m, p, j]) => {
		const me = await (await fetch('api/v1/me', { credentials: 'same-origin' })).json();
		const r = await fetch(p, { method: m, credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: j === null ? undefined : JSON.stringify(j) });
		return r.status;
	}, [method, path, json === undefined ? null : json]);
}
// a download from inside the page: status, type and the first two bytes
function pageDownload(page, href) {
	return page.evaluate(async (h) => {
		const res = await fetch(h, { credentials: 'same-origin' });
		const buf = new Uint8Array(await res.arrayBuffer());
		return { status: res.status, type: res.headers.get('Content-Type') || '', head: String.fromCharCode(buf[0] || 0, buf[1] || 0), n: buf.length };
	}, href);
}
const text = (page, sel) => page.textContent(sel).then((s) => (s || '').trim());
async function go(page, hash) {
	await page.evaluate((h) => { location.hash = h; }, hash);
}

async function main() {
	if (!base) throw new Error('GP_URL is not set');
	if (process.env.GP_MODE === 'mock') {
		console.log('PASS projects: skipped against the mock server');
		return;
	}
	const b = await launch({ width: 1366, height: 768 });
	const page = await b.ctx.newPage();
	const pageErrors = [];
	page.on('pageerror', (e) => pageErrors.push(String(e.message || e)));
	let summary = null, all = [], usersMade = false, firstUscc = null;

	try {
		await login(page, base, ADMIN[0], ADMIN[1]);
		await page.waitForSelector('#nav a');
		const probe = await pageFetch(page, 'api/v1/projects/summary');
		if (probe.status === 404) {
			console.log('PASS projects: skipped, this server has no /api/v1/projects');
			return;
		}

		await check('projects: board columns match the summary', async () => {
			assert((await text(page, '#nav')).includes('招商项目'), 'the admin has no 招商项目 nav entry');
			await page.click('#nav [data-nav=projects]');
			await page.waitForSelector('[data-test=pj-board] [data-test=pj-card]');
			const api = await pageFetch(page, 'api/v1/projects/summary');
			assert(api.status === 200, `summary answered ${api.status}`);
			summary = api.body;
			const cols = await page.$$eval('[data-test=pj-col]', (els) => els.map((e) => ({
				stage: e.dataset.stage, count: Number(e.dataset.count),
				shown: (e.querySelector('[data-test=pj-col-count]') || {}).textContent,
				cards: e.querySelectorAll('[data-test=pj-card]').length,
				name: (e.querySelector('.pj-col-name') || {}).textContent,
			})));
			const flow = cols.filter((c) => c.stage !== 'terminated');
			assert(flow.map((c) => c.stage).join() === STAGES.join(), `stage columns ${flow.map((c) => c.stage).join()}`);
			assert(flow.map((c) => c.name).join() === '储备,在谈,签约,落地,开工,建设,投产', `column names ${flow.map((c) => c.name).join()}`);
			assert(cols.length === 8 && cols[7].stage === 'terminated', 'no 终止 column at the end');
			for (const c of cols) {
				const want = summary.by_stage[c.stage];
				assert(c.count === want && String(c.shown).trim() === String(want) && c.cards === want, `${c.stage}: shows ${c.shown}, ${c.cards} cards, summary ${want}`);
			}
			const onBoard = await page.$$eval('[data-test=pj-card]', (els) => els.length);
			assert(onBoard === summary.projects, `${onBoard} cards, summary says ${summary.projects} projects`);
			// the terminated column starts collapsed
			assert(!(await page.$eval('details[data-stage=terminated]', (d) => d.open)), 'the 终止 column is not collapsed');
		});

		await check('projects: key-list badges and veto marks on the board', async () => {
			const keys = await page.$$eval('[data-test=pj-board] [data-test=pj-card] [data-test=key-badge]', (els) => els.length);
			const allKeys = await page.$$eval('[data-test=pj-card] [data-test=key-badge]', (els) => els.length);
			assert(keys === 3 && allKeys === 3, `${allKeys} 重点项目 badges (${keys} in the flow columns), expected 3`);
			assert((await text(page, '[data-test=key-badge]')).includes('重点项目'), 'the badge does not say 重点项目');
			// veto marks: the projects whose latest screening vetoed
			const r = await pageFetch(page, 'api/v1/projects/vetoes?all=true&per_page=500');
			const latest = new Map();
			for (const d of r.body.items) if (!latest.has(d.project) || d.id > latest.get(d.project).id) latest.set(d.project, d);
			const want = [...latest.values()].filter((d) => d.vetoed).map((d) => d.project).sort();
			const marked = await page.$$eval('[data-test=pj-card]', (els) => els.filter((e) => e.querySelector('[data-test=veto-mark]')).map((e) => e.dataset.code).sort());
			assert(want.length >= 1 && marked.join() === want.join(), `veto marks on ${marked.join()}, latest vetoed ${want.join()}`);
		});

		await check('projects: table view, filters, pages and the Excel download', async () => {
			await page.click('[data-test=pj-tabs] [data-tab=table]');
			await page.waitForSelector('[data-test=pj-table] tbody tr[data-code]');
			const total = await text(page, '[data-test=pj-total]');
			assert(total.includes(String(summary.projects)), `total shows '${total}', summary ${summary.projects}`);
			const rows = await page.$$eval('[data-test=pj-table] tbody tr[data-code]', (trs) => trs.map((tr) => tr.dataset.code));
			assert(rows.length === Math.min(20, summary.projects), `${rows.length} rows on page 1`);
			all = (await pageFetch(page, 'api/v1/projects?per_page=500')).body.items;
			if (summary.projects > 20) {
				await page.click('[data-test=pj-pager] [data-page="2"]');
				await page.waitForFunction(() => /page=2/.test(location.hash));
				// the hash changes before the table is redrawn: wait for page 1's first row to go
				await page.waitForFunction((first) => {
					const tr = document.querySelector('[data-test=pj-table] tbody tr[data-code]');
					return tr && tr.dataset.code !== first;
				}, rows[0]);
				const r2 = await page.$$eval('[data-test=pj-table] tbody tr[data-code]', (trs) => trs.map((tr) => tr.dataset.code));
				assert(r2.length === summary.projects - 20 && !r2.includes(rows[0]), `page 2 shows ${r2.join(',')}`);
			}
			// sort by investment (descending on the second click)
			await page.click('[data-test=pj-sort][data-sort=investment_wan_yuan]');
			await page.waitForFunction(() => /sort=investment_wan_yuan/.test(location.hash));
			await page.click('[data-test=pj-sort][data-sort=investment_wan_yuan]');
			await page.waitForFunction(() => /sort=-investment_wan_yuan/.test(location.hash));
			// the hash changes before the table is redrawn, and the sort orders the page shown:
			// wait for the page's rows to stand in descending order (ascending after the first click)
			const byCode = new Map(all.map((p) => [p.code, p.investment_wan_yuan]));
			const sorted = (inv) => {
				const v = [...document.querySelectorAll('[data-test=pj-table] tbody tr[data-code]')].map((tr) => inv[tr.dataset.code]);
				return v.length > 1 && v.every((x, i) => i === 0 || v[i - 1] >= x) && v[0] > v[v.length - 1];
			};
			await page.waitForFunction(sorted, Object.fromEntries(byCode)).catch(() => {});
			const inv = await page.$$eval('[data-test=pj-table] tbody tr[data-code]', (trs) => trs.map((tr) => tr.dataset.code));
			for (let i = 1; i < inv.length; i++) assert(byCode.get(inv[i - 1]) >= byCode.get(inv[i]), `not sorted by investment: ${inv.join(',')}`);
			// the stage filter
			await page.selectOption('[data-test=pj-filters] select[name=stage]', 'building');
			await page.click('[data-test=pj-filters] button[type=submit]');
			await page.waitForFunction(() => /stage=building/.test(location.hash));
			await page.waitForFunction((n) => document.querySelectorAll('[data-test=pj-table] tbody tr[data-code]').length === n && /stage=building/.test(location.hash), summary.by_stage.building);
			const stages = await page.$$eval('[data-test=pj-table] tbody [data-test=pj-stage]', (els) => els.map((e) => e.dataset.stage));
			assert(stages.length === summary.by_stage.building && stages.every((s) => s === 'building'), `building filter shows ${stages.join(',')}`);
			// the sub-park filter: the rows of one sub-park
			const sp = all.find((p) => p.subpark).subpark;
			await page.selectOption('[data-test=pj-filters] select[name=stage]', '');
			await page.selectOption('[data-test=pj-filters] select[name=subpark]', sp);
			await page.click('[data-test=pj-filters] button[type=submit]');
			const wantSp = all.filter((p) => p.subpark === sp).length;
			await page.waitForFunction((n) => !/stage=/.test(location.hash) && /subpark=/.test(location.hash) && document.querySelectorAll('[data-test=pj-table] tbody tr[data-code]').length === n, wantSp);
			const href = await page.getAttribute('[data-test=pj-xlsx]', 'href');
			assert(/projects\.xlsx\?subpark=/.test(href), `Excel link ${href} does not carry the filter`);
			const x = await pageDownload(page, href);
			assert(x.status === 200 && x.head === 'PK', `projects.xlsx answered ${x.status}, ${x.n} bytes starting '${x.head}'`);
			assert(/spreadsheetml/.test(x.type), `projects.xlsx type ${x.type}`);
		});

		await check('projects: detail with history and screenings', async () => {
			// a key project from the board
			await go(page, '#/projects');
			await page.waitForSelector('[data-test=pj-board] [data-test=pj-card]');
			const code = await page.$eval('[data-test=pj-board] [data-test=pj-card]:has([data-test=key-badge])', (e) => e.dataset.code);
			await page.click(`[data-test=pj-card][data-code="${code}"]`);
			await page.waitForSelector(`[data-test=project][data-code="${code}"]`);
			const api = (await pageFetch(page, 'api/v1/projects/' + encodeURIComponent(code))).body;
			const events = await page.$$eval('[data-test=pj-history] [data-test=pj-event]', (els) => els.map((e) => e.dataset.to));
			assert(events.length === api.events.length && events.join() === api.events.map((e) => e.to).join(), `history ${events.join()} ≠ API ${api.events.map((e) => e.to).join()}`);
			const facts = await text(page, '[data-test=pj-facts]');
			for (const w of [api.investor, api.lead, api.department, api.key_list]) assert(facts.includes(w), `the facts lack '${w}'`);
			for (const m of String(api.members).split('；')) assert(facts.includes(m), `team member ${m} missing`);
			const items = await page.$$eval('[data-test=pj-energy] tr[data-item]', (trs) => trs.map((tr) => tr.dataset.item));
			assert(items.join() === Object.keys(api.energy).join(), `energy carriers ${items.join()} ≠ ${Object.keys(api.energy).join()}`);
			assert((await page.$$('[data-test=pj-pollutants] tr[data-pollutant]')).length === 6, 'not six pollutants');
			// every screening decision, rule by rule; an infrastructure project's intensities do not apply
			const decs = await page.$$eval('[data-test=pj-decision]', (els) => els.map((e) => e.dataset.id));
			assert(decs.length === api.decisions.length && decs.length >= 1, `${decs.length} decisions shown, API ${api.decisions.length}`);
			const d0 = api.decisions[0];
			const rules = await page.$$eval(`[data-test=pj-decision][data-id="${d0.id}"] [data-test=rule]`, (trs) => trs.map((tr) => [tr.dataset.code, tr.dataset.status]));
			assert(rules.length === d0.results.length, `${rules.length} rules shown, API ${d0.results.length}`);
			for (const r of d0.results) {
				const st = r.applicable === false ? 'na' : r.pass ? 'pass' : r.mandatory ? 'veto' : 'warn';
				assert(rules.some(([c, s]) => c === r.code && s === st), `rule ${r.code} is not shown as ${st}`);
			}
			if (d0.results.some((r) => r.applicable === false)) assert((await text(page, `[data-test=pj-decision][data-id="${d0.id}"]`)).includes('不适用'), 'no 不适用 shown');
			const txt = await text(page, `[data-test=pj-decision][data-id="${d0.id}"]`);
			assert(txt.includes('强制') && /≤/.test(txt), 'the rules do not show mandatory and value ≤ limit');
		});

		await check('projects: statistics with conversion, stage times and the projection', async () => {
			await go(page, '#/projects?tab=summary');
			await page.waitForSelector('[data-test=pj-effect]');
			await waitCharts(page, 2);
			const funnel = await page.$eval('[data-chart="pj-funnel"]', (el) => window.echarts.getInstanceByDom(el).getOption().series[0].data.map((d) => d.value));
			const conv = summary.conversion;
			const want = [conv[0].reached_from, ...conv.map((c) => c.reached_to)];
			assert(funnel.join() === want.join(), `funnel ${funnel.join()} ≠ conversion ${want.join()}`);
			const days = await page.$eval('[data-chart="pj-days"]', (el) => window.echarts.getInstanceByDom(el).getOption().series[0].data);
			assert(days.length === 7 && Math.abs(days[1] - summary.stage_days.negotiating.median_days) < 0.06, `stage-days median ${JSON.stringify(days)}`);
			const eff = await text(page, '[data-test=pj-effect]');
			assert(eff.includes('预测') && (await text(page, '[data-test=pj-projection]')) === '预测值', 'the effect is not labelled as a projection');
			const core = await text(page, '[data-test=pj-core]');
			const e = summary.effect.core_t_co2_per_tce;
			assert(core.includes(e.before.toFixed(3)) && core.includes(e.after.toFixed(3)), `core indicator row '${core}' lacks ${e.before} → ${e.after}`);
		});

		await check('projects: veto report with failed rules and its Excel download', async () => {
			await page.click('[data-test=pj-tabs] [data-tab=vetoes]');
			await page.waitForSelector('[data-test=pj-vetoes] [data-test=pj-veto-row]');
			const rows = await page.$$eval('[data-test=pj-veto-row]', (els) => els.map((e) => ({ p: e.dataset.project, v: e.dataset.vetoed, failed: e.querySelectorAll('[data-test=rule][data-status=veto]').length })));
			assert(rows.length >= 1 && rows.every((r) => r.v === 'true' && r.failed >= 1), `veto rows ${JSON.stringify(rows)}`);
			const api = await pageFetch(page, 'api/v1/projects/vetoes?per_page=20');
			assert(rows.length === Math.min(20, api.body.total), `${rows.length} rows, API total ${api.body.total}`);
			const href = await page.getAttribute('[data-test=pj-vetoes-xlsx]', 'href');
			const x = await pageDownload(page, href);
			assert(x.status === 200 && x.head === 'PK' && /spreadsheetml/.test(x.type), `vetoes.xlsx: ${x.status} ${x.type} '${x.head}'`);
		});

		await check('projects: moving a vetoed project to 签约 shows the 409 veto', async () => {
			const v = all.find((p) => p.code.includes('-V') && p.stage === 'negotiating');
			assert(v, 'the demo park has no -V project at 在谈');
			await go(page, '#/projects/' + v.code);
			await page.waitForSelector(`[data-test=project][data-code="${v.code}"] form[data-test=pj-move]`);
			const before = (await pageFetch(page, 'api/v1/projects/' + v.code)).body.decisions.length;
			await page.selectOption('[data-test=pj-move-stage]', 'signed');
			assert(await page.isVisible('[data-test=pj-move-gate]'), 'no note that the move passes the screening gate');
			const [resp] = await Promise.all([
				page.waitForResponse((r) => r.url().includes(`/api/v1/projects/${v.code}/move`) && r.request().method() === 'POST'),
				page.click('[data-test=pj-move-submit]'),
			]);
			assert(resp.status() === 409, `the move answered ${resp.status()}`);
			assert(!!(await resp.request().headerValue('x-csrf-token')), 'no X-CSRF-Token on the POST');
			const sent = JSON.parse(resp.request().postData() || '{}');
			assert(sent.stage === 'signed' && /^\d{4}-\d{2}-\d{2}$/.test(sent.date || ''), `posted ${resp.request().postData()}`);
			await page.waitForSelector('[data-test=pj-veto]');
			const box = await text(page, '[data-test=pj-veto]');
			assert(box.includes('环保一票否决'), `the veto message does not say 环保一票否决: ${box.slice(0, 120)}`);
			const failed = (await resp.json()).error.details[0].results.filter((r) => r.mandatory && !r.pass && r.applicable !== false);
			const shown = await page.$$eval('[data-test=pj-veto-rule]', (trs) => trs.map((tr) => tr.dataset.code));
			assert(failed.length >= 1 && shown.join() === failed.map((r) => r.code).join(), `failed rules shown ${shown.join()}, API ${failed.map((r) => r.code).join()}`);
			const row = await text(page, `[data-test=pj-veto-rule][data-code="${failed[0].code}"]`);
			assert(row.includes('>'), `the failed rule does not read value > limit: ${row}`);
			// (past the server's answer cache: a 409 is not counted as a write, see the report)
			const after = (await pageFetch(page, `api/v1/projects/${v.code}?_=${Date.now()}`)).body;
			assert(after.stage === 'negotiating' && after.decisions.length === before + 1, `stage ${after.stage}, decisions ${before} → ${after.decisions.length}`);
			assert((await page.$$('[data-test=pj-decision]')).length === before + 1, 'the kept decision is not listed on the page');
		});

		await check('projects: a refused move shows its message inline', async () => {
			const s = all.find((p) => p.stage === 'signed' && !p.code.includes('-V'));
			await go(page, '#/projects/' + s.code);
			await page.waitForSelector(`[data-test=project][data-code="${s.code}"] form[data-test=pj-move]`);
			// terminating needs a reason: said before asking the server
			await page.selectOption('[data-test=pj-move-stage]', 'terminated');
			await page.click('[data-test=pj-move-submit]');
			await page.waitForFunction(() => /原因/.test((document.querySelector('[data-test=pj-move-error]') || {}).textContent || ''));
			// a date before the stage began: 400 from the API, its message inline
			await page.selectOption('[data-test=pj-move-stage]', 'landed');
			await page.fill('form[data-test=pj-move] input[name=date]', '2000-01-01');
			const [resp] = await Promise.all([
				page.waitForResponse((r) => r.url().includes(`/api/v1/projects/${s.code}/move`)),
				page.click('[data-test=pj-move-submit]'),
			]);
			assert(resp.status() === 400, `the move answered ${resp.status()}`);
			const msg = (await resp.json()).error.message;
			await page.waitForFunction((m) => ((document.querySelector('[data-test=pj-move-error]') || {}).textContent || '') === m, msg);
			assert((await pageFetch(page, 'api/v1/projects/' + s.code)).body.stage === 'signed', 'the project moved');
			// the admin's override offers every other stage
			await page.check('[data-test=pj-move-override]');
			const opts = await page.$$eval('[data-test=pj-move-stage] option', (os) => os.map((o) => o.value));
			assert(opts.length === 7 && !opts.includes('signed') && opts.includes('reserve'), `override stages ${opts.join()}`);
		});

		await check('projects: language switch', async () => {
			await go(page, '#/projects');
			await page.waitForSelector('[data-test=pj-board]');
			assert((await text(page, '[data-test=pj-title]')).startsWith('招商项目库'), 'the heading is not 招商项目库');
			await page.click('#lang');
			await page.waitForFunction(() => ((document.querySelector('[data-test=pj-title]') || {}).textContent || '').startsWith('Investment pipeline'));
			const col = await text(page, '[data-test=pj-col][data-stage=negotiating] .pj-col-name');
			assert(col === 'Negotiating', `column name in English: ${col}`);
			assert((await text(page, '#nav')).includes('Projects'), 'nav not in English');
			await page.click('#lang');
			await page.waitForFunction(() => ((document.querySelector('[data-test=pj-title]') || {}).textContent || '').startsWith('招商项目库'));
		});

		await check('projects: a viewer gets the summary only, an enterprise user nothing', async () => {
			const ents = await pageFetch(page, 'api/v1/enterprises?per_page=1');
			firstUscc = ents.body.items[0].uscc;
			const s1 = await pageWrite(page, 'POST', 'api/v1/users', { name: VIEWER[0], role: 'viewer', password: VIEWER[1] });
			const s2 = await pageWrite(page, 'POST', 'api/v1/users', { name: ENT[0], role: 'enterprise', password: ENT[1], enterprise: firstUscc });
			assert(s1 === 201 && s2 === 201, `POST /users answered ${s1}, ${s2}`);
			usersMade = true;
			await logout(page);
			await login(page, base, VIEWER[0], VIEWER[1]);
			await page.waitForSelector('#nav a');
			assert((await text(page, '#nav')).includes('招商项目'), 'the viewer has no 招商项目 entry (the summary)');
			await go(page, '#/projects?tab=board');
			await page.waitForSelector('[data-test=projects] [data-test=pj-effect]');
			assert(await page.$('[data-test=pj-viewer-note]'), 'no note that the viewer sees the summary only');
			assert(!(await page.$('[data-test=pj-board]')) && !(await page.$('[data-test=pj-tabs]')) && !(await page.$('[data-test=pj-card]')), 'the viewer gets the board or the tabs');
			await go(page, '#/projects/' + all[0].code);
			await page.waitForSelector('[data-test=forbidden]');
			assert((await pageFetch(page, 'api/v1/projects')).status === 403, 'GET /projects is not 403 to a viewer');
			await logout(page);
			await login(page, base, ENT[0], ENT[1]);
			await page.waitForSelector('#nav a');
			assert(!(await text(page, '#nav')).includes('招商项目'), 'the enterprise user has the 招商项目 entry');
			await go(page, '#/projects');
			await page.waitForSelector('[data-test=forbidden]');
			assert(!(await page.$('[data-test=projects]')), 'the page rendered for an enterprise user');
			assert((await pageFetch(page, 'api/v1/projects/summary')).status === 403, 'GET /projects/summary is not 403 to an enterprise user');
		});

		await check('projects: no script errors', async () => {
			assert(pageErrors.length === 0, pageErrors.slice(0, 3).join(' | '));
		});
	} finally {
		if (usersMade) {
			try {
				await b.ctx.clearCookies();
				await login(page, base, ADMIN[0], ADMIN[1]);
				for (const u of [VIEWER[0], ENT[0]]) await pageWrite(page, 'DELETE', 'api/v1/users/' + u);
			} catch { /* the run's store is thrown away */ }
		}
		await b.close();
	}
}

main().then(() => {
	const c = counts();
	process.exit(c.failed ? 1 : 0);
}, (err) => {
	console.log(`FAIL projects browser checks: ${String(err.message || err).split('\n')[0]}`);
	process.exit(1);
});
