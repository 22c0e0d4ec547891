// lib.js — shared by the browser checks: launches Debian's chromium through playwright-core
// (never a downloaded browser) with a fresh profile, signs in through the login form, and
// prints one "PASS name" / "FAIL name: why" line per check (tests/run.sh counts them).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const top = path.resolve(__dirname, '..', '..');
const { chromium } = require(path.join(top, 'node_modules', 'playwright-core'));

const CHROMIUM = process.env.GP_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// A browser context on a new user-data-dir; close() removes the directory.
async function launch(viewport = { width: 1366, height: 768 }) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-chromium-'));
	const ctx = await chromium.launchPersistentContext(dir, {
		executablePath: CHROMIUM,
		headless: true,
		args: ARGS,
		viewport,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
	});
	ctx.setDefaultTimeout(15000);
	const close = async () => {
		await ctx.close().catch(() => {});
		fs.rmSync(dir, { recursive: true, force: true });
	};
	return { ctx, close, dir };
}

let passed = 0, failed = 0;
// check(name, fn): runs fn; a thrown error is the reason of the FAIL line.
async function check(name, fn) {
	try {
		await fn();
		passed++;
		console.log(`PASS ${name}`);
		return true;
	} catch (err) {
		failed++;
		const why = String((err && err.message) || err).split('\n')[0].slice(0, 300);
		console.log(`FAIL ${name}: ${why}`);
		return false;
	}
}
function counts() {
	return { passed, failed };
}
function assert(cond, msg) {
	if (!cond) throw new Error(msg);
}

// Signs in through the form and waits until the app has left the login page.
async function login(page, base, user, password) {
	await page.goto(base + '/#/login');
	await page.waitForSelector('form[data-test=login]');
	await page.fill('input[name=username]', user);
	await page.fill('input[name=password]', password);
	await Promise.all([
		page.waitForFunction(() => !location.hash.startsWith('#/login'), null, { timeout: 15000 }),
		page.click('form[data-test=login] button[type=submit]'),
	]);
}
async function logout(page) {
	await page.click('#logout');
	await page.waitForSelector('form[data-test=login]');
}

// Waits until every chart container in the view has an ECharts instance with a canvas.
async function waitCharts(page, min) {
	await page.waitForFunction((n) => {
		const els = [...document.querySelectorAll('#view [data-chart]')];
		const drawn = els.filter((el) => window.echarts && window.echarts.getInstanceByDom(el) && el.querySelector('canvas'));
		return drawn.length >= n;
	}, min, { timeout: 20000 });
}

module.exports = { launch, check, counts, assert, login, logout, waitCharts, top };
