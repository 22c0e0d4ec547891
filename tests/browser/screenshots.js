#!/usr/bin/env node
// screenshots.js — takes screenshots of the dashboard at 1366×768 and 3840×2160 into
// build/screenshots/ so a person (or a reviewer's image viewer) can check the layout:
// Chinese renders, nothing overlaps, the large-screen mode fills a 4K wall. The indicators
// page (指标评价) is taken for both indicator sets, with a scorecard's hover, the
// data-completeness list, in English, and as an enterprise user's own evaluation.
// env: GP_URL (required), GP_ADMIN_USER, GP_ADMIN_PASS, GP_ENT_USER, GP_ENT_PASS, GP_SHOTS (dir)
'use strict';
const fs = require('fs');
const path = require('path');
const { launch, check, counts, login, waitCharts, top } = require('./lib.js');

const base = (process.env.GP_URL || '').replace(/\/$/, '');
const admin = [process.env.GP_ADMIN_USER || 'admin', process.env.GP_ADMIN_PASS || 'admin-pass'];
let ent = process.env.GP_ENT_USER ? [process.env.GP_ENT_USER, process.env.GP_ENT_PASS] : null;
let entCreated = false;

// As the signed-in admin: create (or delete) a user through the API, with the CSRF token.
function adminCall(page, method, path, body) {
	return page.evaluate(async ([m, p, b]) => {
		const me = await (await fetch('api/v1/me')).json();
		const init = { method: m, headers: { 'X-CSRF-Token': me.csrf_token } };
		if (b) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(b); }
		return (await fetch(p, init)).status;
	}, [method, path, body || null]);
}
const outDir = process.env.GP_SHOTS || path.join(top, 'build', 'screenshots');

async function shoot(page, name, opts = {}) {
	await page.waitForTimeout(opts.settle ?? 900); // chart animations
	const file = path.join(outDir, name + '.png');
	await page.screenshot({ path: file, fullPage: !!opts.full });
	return file;
}

async function main() {
	if (!base) throw new Error('GP_URL is not set');
	fs.mkdirSync(outDir, { recursive: true });
	for (const [w, h] of [[1366, 768], [3840, 2160]]) {
		const tag = `${w}x${h}`;
		const b = await launch({ width: w, height: h });
		try {
			const page = await b.ctx.newPage();
			await check(`screenshots ${tag}`, async () => {
				await page.goto(base + '/#/login');
				await page.waitForSelector('form[data-test=login]');
				await shoot(page, `login-${tag}`, { settle: 200 });
				await login(page, base, admin[0], admin[1]);
				await page.goto(base + '/#/overview');
				await waitCharts(page, 6);
				await shoot(page, `overview-${tag}`, { full: w < 2000 });
				await page.hover('[data-kpi=co2]');
				await shoot(page, `overview-hover-${tag}`, { settle: 300 });
				await page.mouse.move(1, 1);
				await page.goto(base + '/#/screen');
				await waitCharts(page, 6);
				await shoot(page, `screen-${tag}`);
				await page.goto(base + '/#/flow');
				await waitCharts(page, 1);
				await shoot(page, `flow-${tag}`, { full: w < 2000 });
				await page.goto(base + '/#/enterprises');
				await page.waitForSelector('[data-test=enterprises] tbody tr');
				await shoot(page, `enterprises-${tag}`, { settle: 200 });
				const uscc = await page.getAttribute('[data-test=enterprises] tbody tr[data-uscc]', 'data-uscc');
				if (!ent && w < 2000) {
					const name = 'shot_' + Date.now().toString(36).slice(-5);
					const pass = 'Shot-pass-' + name;
					const st = await adminCall(page, 'POST', 'api/v1/users', { name, role: 'enterprise', password: pass, enterprise: uscc });
					if (st === 201 || st === 200) { ent = [name, pass]; entCreated = true; }
				}
				await page.goto(base + '/#/enterprise/' + uscc);
				await waitCharts(page, 3);
				await page.waitForSelector('[data-rank]');
				await shoot(page, `enterprise-${tag}`, { full: w < 2000 });
				await page.goto(base + '/#/data');
				await page.fill('textarea[name=csv]', 'uscc,period,item,quantity,unit\n91370406MA0000101U,2024-13,electricity_grid,100,kWh\nNOT-A-USCC,2024-01,natural_gaz,1,m3\n');
				await page.click('[data-test=upload]');
				await page.waitForSelector('[data-test=upload-errors], .upload-result .msg-error');
				await shoot(page, `upload-errors-${tag}`, { settle: 200 });
				await page.goto(base + '/#/users');
				await page.waitForSelector('[data-test=users]');
				await shoot(page, `users-${tag}`, { settle: 200 });
				// 指标评价: both indicator sets, a scorecard's hover, the data-completeness list
				await page.goto(base + '/#/indicators?standard=zcp2025');
				await page.waitForSelector('[data-test=indicators][data-standard=zcp2025] .sc[data-code=ZC1]');
				await waitCharts(page, 2);
				await page.mouse.move(1, 1);
				await shoot(page, `indicators-zcp2025-${tag}`, { full: w < 2000 });
				await page.hover('.sc[data-code=ZC1]');
				await page.waitForSelector('#tip:not([hidden])');
				await shoot(page, `indicators-hover-${tag}`, { settle: 300 });
				await page.mouse.move(1, 1);
				await page.goto(base + '/#/indicators?standard=miit2016');
				await page.waitForSelector('[data-test=indicators][data-standard=miit2016] .sc[data-code=EG1]');
				await waitCharts(page, 2);
				await page.mouse.move(1, 1);
				await shoot(page, `indicators-miit2016-${tag}`, { full: true });
				await page.$eval('[data-test=completeness]', (el) => el.scrollIntoView({ block: 'start' }));
				await shoot(page, `indicators-completeness-${tag}`, { settle: 300 });
				if (w < 2000) {
					await page.click('#lang');
					await page.waitForSelector('[data-test=indicators] .sc[data-code=EG1]');
					await waitCharts(page, 2);
					await page.mouse.move(1, 1);
					await shoot(page, `indicators-en-${tag}`);
					await page.click('#lang');
					await page.waitForSelector('[data-test=indicators] .sc[data-code=EG1]');
				}
				if (w < 2000) {
					await page.goto(base + '/#/overview');
					await page.click('#lang');
					await waitCharts(page, 6);
					await shoot(page, `overview-en-${tag}`);
					await page.click('#lang');
				}
			});
			if (ent && w < 2000) {
				await check(`screenshots enterprise user ${tag}`, async () => {
					await page.click('#logout');
					await login(page, base, ent[0], ent[1]);
					await waitCharts(page, 3);
					await shoot(page, `enterprise-user-${tag}`, { full: true });
					await page.click('[data-test=ent-eval-link][data-standard=zcp2025]');
					await page.waitForSelector('[data-test=indicators] .sc[data-code=ZC1]');
					await waitCharts(page, 1);
					await page.mouse.move(1, 1);
					await shoot(page, `indicators-enterprise-user-${tag}`, { full: true });
					await page.evaluate(() => { location.hash = '#/overview'; });
					await page.waitForSelector('[data-test=forbidden]');
					await shoot(page, `forbidden-${tag}`, { settle: 200 });
					if (entCreated) {
						await page.click('#logout');
						await login(page, base, admin[0], admin[1]);
						await adminCall(page, 'DELETE', 'api/v1/users/' + encodeURIComponent(ent[0]));
					}
				});
			}
		} finally {
			await b.close();
		}
	}
	console.log(`screenshots in ${outDir}`);
}

main().then(() => process.exit(counts().failed ? 1 : 0), (err) => {
	console.log(`FAIL screenshots: ${String(err.message || err).split('\n')[0]}`);
	process.exit(1);
});
