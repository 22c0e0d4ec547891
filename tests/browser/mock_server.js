#!/usr/bin/env node
// mock_server.js — a stand-in for `greenpark serve` while the C server is being written.
// Serves web/ at /, ECharts at /vendor/echarts.min.js and canned JSON for /api/v1/ in the
// shapes of docs/api.md. Every figure here is MOCK data (模拟数据): made up, deterministic,
// and labelled so in names. Standard library only.
//
// usage: node tests/browser/mock_server.js [--listen 127.0.0.1:PORT]
// Users (name / password / role): admin/admin-pass admin, analyst/analyst-pass analyst,
// viewer/viewer-pass viewer, ent1/ent1-pass enterprise (first enterprise), bank/bank-pass bank.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const top = path.resolve(__dirname, '..', '..');
const webDir = path.join(top, 'web');
const echartsFile = path.join(top, 'node_modules', 'echarts', 'dist', 'echarts.min.js');

let listen = '127.0.0.1:8089';
for (let i = 2; i < process.argv.length; i++) {
	if (process.argv[i] === '--listen' && process.argv[i + 1]) listen = process.argv[++i];
}
const [host, portText] = listen.split(':');

// ---------------------------------------------------------------- mock data
// GB 32100-2015 check character, so the mock codes look like real ones to the UI.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function usccCheck(first17) {
	let s = 0;
	for (let i = 0; i < 17; i++) s += USCC_CHARS.indexOf(first17[i]) * USCC_W[i];
	const c = 31 - (s % 31);
	return USCC_CHARS[c === 31 ? 0 : c];
}
function makeUscc(n) {
	const body = '91370406MA9X' + String(n).padStart(5, '0');
	return body + usccCheck(body);
}
let seed = 20240601;
function rnd() { // deterministic LCG
	seed = (seed * 1103515245 + 12345) % 2147483648;
	return seed / 2147483648;
}

const SUBPARKS = ['模拟一园 Mock Park A', '模拟二园 Mock Park B', '模拟三园 Mock Park C', '模拟四园 Mock Park D'];
const INDUSTRIES = [
	['C3985', 'new_energy_materials'], ['C2929', 'new_energy_materials'], ['C3841', 'new_energy_materials'],
	['C3491', 'new_tech_equipment'], ['C3421', 'new_tech_equipment'], ['C3670', 'new_tech_equipment'],
	['C1469', 'health_food'], ['C2761', 'health_food'], ['C2231', 'other'],
];
const enterprises = [];
for (let i = 1; i <= 64; i++) {
	const [code, leading] = INDUSTRIES[(i * 7) % INDUSTRIES.length];
	enterprises.push({
		uscc: makeUscc(i),
		name: `模拟企业${String(i).padStart(2, '0')}有限公司（MOCK）`,
		subpark: SUBPARKS[i % SUBPARKS.length],
		industry_code: code,
		leading_industry: leading,
		high_tech: i <= 38,
		srdi: false, // set below
		employees: 40 + Math.floor(rnd() * 600),
		land_m2: 5000 + Math.floor(rnd() * 80000),
	});
}
// exactly 27 专精特新: enterprises 20..46
enterprises.forEach((e, k) => { e.srdi = k >= 19 && k < 46; });

const platforms = [];
for (let i = 0; i < 38; i++) {
	platforms.push({ name: `模拟研发平台${i + 1}（MOCK）`, level: i < 12 ? 'provincial' : 'municipal', kind: 'rd', uscc: enterprises[i % 64].uscc, year: 2015 + (i % 9) });
}
for (let i = 0; i < 10; i++) {
	platforms.push({ name: `模拟创新平台${i + 1}（MOCK）`, level: i < 5 ? 'provincial' : 'municipal', kind: 'innovation', uscc: '', year: 2016 + i });
}

const YEARS = [2023, 2024, 2025];
const ITEM_UNITS = {
	electricity_grid: ['kWh', { MWh: 1e3, '万kWh': 1e4 }],
	electricity_onsite_renewable: ['kWh', { MWh: 1e3, '万kWh': 1e4 }],
	electricity_green_traded: ['kWh', { MWh: 1e3, '万kWh': 1e4 }],
	natural_gas: ['m3', { '万m3': 1e4, Nm3: 1, '万Nm3': 1e4 }],
	diesel: ['t', { kg: 1e-3 }],
	heat_purchased: ['GJ', { MJ: 1e-3 }],
	value_added: ['万元', { '元': 1e-4, '亿元': 1e4 }],
	output_value: ['万元', { '元': 1e-4, '亿元': 1e4 }],
	water_withdrawal: ['m3', { '万m3': 1e4, t: 1 }],
	solid_waste_generated: ['t', { kg: 1e-3 }],
};
// ledger: key `${uscc}|${period}|${item}` → quantity in canonical unit
const ledger = new Map();
for (const e of enterprises) {
	const scale = 0.3 + rnd() * 2.5;
	const pv = rnd() < 0.4 ? 0.05 + rnd() * 0.15 : 0;
	const gas = rnd() < 0.6 ? 1 : 0;
	YEARS.forEach((y, yi) => {
		for (let m = 1; m <= 12; m++) {
			const season = 1 + 0.18 * Math.cos(((m - 1) / 12) * 2 * Math.PI) + 0.05 * Math.sin(m * 1.7);
			const growth = 1 + 0.06 * yi;
			const p = `${y}-${String(m).padStart(2, '0')}`;
			const elec = Math.round(380000 * scale * season * growth);
			ledger.set(`${e.uscc}|${p}|electricity_grid`, elec);
			if (pv) ledger.set(`${e.uscc}|${p}|electricity_onsite_renewable`, Math.round(elec * pv * (1 + 0.3 * Math.sin(((m - 3) / 12) * 2 * Math.PI)) * (1 + 0.2 * yi)));
			if (gas) ledger.set(`${e.uscc}|${p}|natural_gas`, Math.round(42000 * scale * season * (m <= 3 || m >= 11 ? 1.4 : 1)));
			if (e.leading_industry === 'health_food') ledger.set(`${e.uscc}|${p}|heat_purchased`, Math.round(900 * scale * season));
			ledger.set(`${e.uscc}|${p}|value_added`, Math.round(260 * scale * growth * (0.9 + 0.2 * rnd())));
			ledger.set(`${e.uscc}|${p}|water_withdrawal`, Math.round(3100 * scale * season));
		}
	});
}

const ITEM_FACTORS = {
	electricity_grid: [['item.electricity_grid.tce_per_unit', 0.0001229, 'tce/kWh', 'confirmed', 'GB/T 2589-2020 当量值 0.1229 kgce/kWh']],
	electricity_onsite_renewable: [['item.electricity_onsite_renewable.tce_per_unit', 0.0001229, 'tce/kWh', 'confirmed', 'non-fossil; not purchased']],
	natural_gas: [
		['item.natural_gas.ncv', 0.038931, 'GJ/m3', 'secondary', 'NCV 389.31 GJ/10^4 Nm3'],
		['item.natural_gas.cc', 15.3, 'tC/TJ', 'secondary', 'NCV 389.31 GJ/10^4 Nm3'],
		['item.natural_gas.oxidation', 0.99, '1', 'secondary', 'NCV 389.31 GJ/10^4 Nm3'],
	],
	heat_purchased: [['item.heat_purchased.tce_per_unit', 0.03412, 'tce/GJ', 'confirmed', 'tce 0.03412 kgce/MJ (GB/T 2589)']],
};
const GRID = { // kgCO2/kWh, mock year used 2023
	zcp2025: ['method.zcp2025.electricity', 0.8325, 'confirmed', '零碳园区碳排放核算方法（试行）发改环资〔2025〕910号 附件4', null],
	'cn-enterprise': ['grid.north.average', 0.6361, 'secondary', 'MEE/NBS 2023年电力二氧化碳排放因子 (华北)', 2023],
	'cn-market': ['grid.national.excl_market_nonfossil', 0.6096, 'secondary', 'MEE/NBS 2023年电力二氧化碳排放因子', 2023],
};
const METHODS = Object.keys(GRID);

function sumItems(year, filter, monthOnly) {
	const q = {};
	for (const [k, v] of ledger) {
		const [u, p, item] = k.split('|');
		if (!p.startsWith(year + '-')) continue;
		if (monthOnly && p !== monthOnly) continue;
		if (filter && !filter(u)) continue;
		q[item] = (q[item] || 0) + v;
	}
	return q;
}
// A simplified account in the shape of docs/methods.md (mock: not the real computation).
function account(year, method, filter, scope, scopeKind, monthOnly) {
	const q = sumItems(year, filter, monthOnly);
	const g = GRID[method];
	const elec = q.electricity_grid || 0, pv = q.electricity_onsite_renewable || 0;
	const gas = q.natural_gas || 0, heat = q.heat_purchased || 0;
	const gasGJ = gas * 0.038931;
	const tce = (elec + pv) * 0.0001229 + gasGJ / 29.3076 + heat * 0.03412;
	const tceEq = (elec + pv) * 0.0003007 + gasGJ / 29.3076 + heat * 0.03412;
	const co2Fuel = gasGJ * (15.3 / 1000) * 0.99 * 44 / 12;
	const co2Elec = elec * g[1] / 1000;
	const co2Heat = heat * 0.11;
	const co2 = co2Fuel + co2Elec + co2Heat;
	const va = q.value_added || 0;
	const basis = method === 'zcp2025' ? tceEq : tce;
	const renewable = method === 'zcp2025' ? pv * 0.0003007 : pv * 0.0001229;
	const clean = renewable + gasGJ / 29.3076;
	const factors = [];
	const used = new Set();
	for (const item of Object.keys(q)) {
		if (!q[item] || !ITEM_FACTORS[item]) continue;
		for (const [key, value, unit, confidence, source] of ITEM_FACTORS[item]) {
			if (used.has(key)) continue;
			used.add(key);
			factors.push({ key, year_requested: year, year_used: null, value, unit, confidence, override: false, source });
		}
	}
	if (elec) factors.push({ key: g[0], year_requested: year, year_used: g[4] || year, value: g[1], unit: 'kgCO2/kWh', confidence: g[2], override: false, source: g[3] });
	if (elec || pv) factors.push({ key: 'electricity_equivalent', year_requested: year, year_used: 2022, value: 0.3007, unit: 'kgce/kWh', confidence: 'unconfirmed', override: false, source: 'commonly quoted 供电标准煤耗 (MOCK)' });
	if (heat) factors.push({ key: 'method.heat', year_requested: year, year_used: null, value: 0.11, unit: 'tCO2/GJ', confidence: 'confirmed', override: false, source: '零碳园区碳排放核算方法（试行）E热' });
	const warnings = [];
	if (elec || pv) warnings.push(`electricity equivalent coefficient (等价值) for ${year} not published; used 2022`);
	if (method !== 'zcp2025' && year > 2023) warnings.push(`grid factor ${g[0].replace(/^grid\./, '').replace('.', '/')} for ${year} not published; used 2023`);
	if (!va) warnings.push(`no value_added recorded for ${year}: intensities per 万元 are undefined`);
	warnings.push('MOCK: figures from tests/browser/mock_server.js, not the real accounting');
	const items = Object.keys(q).filter((k) => q[k]).map((k) => ({ item: k, name_zh: k, quantity: q[k], unit: (ITEM_UNITS[k] || ['?'])[0], tce: 0, tce_equivalent: 0, co2_t: 0 }));
	return {
		year, method, scope, scope_kind: scopeKind, grid: 'north',
		energy_tce: tce, energy_tce_equivalent: tceEq, co2_t: co2,
		co2_t_by_source: { fuel: co2Fuel, process: 0, electricity: co2Elec, heat: co2Heat },
		co2_per_tce: tceEq ? co2 / tceEq : null,
		value_added_wan_yuan: va,
		co2_per_wan_yuan: va ? co2 / va : null,
		tce_per_wan_yuan: va ? tce / va : null,
		renewable_tce: renewable, clean_tce: clean,
		clean_share: basis ? clean / basis : null,
		renewable_share: basis ? renewable / basis : null,
		items, factors, warnings,
	};
}

const users = new Map([
	['admin', { name: 'admin', role: 'admin', password: 'admin-pass', enterprise: null, bank: null, created_at: '2025-01-02T08:00:00Z' }],
	['analyst', { name: 'analyst', role: 'analyst', password: 'analyst-pass', enterprise: null, bank: null, created_at: '2025-01-02T08:00:00Z' }],
	['viewer', { name: 'viewer', role: 'viewer', password: 'viewer-pass', enterprise: null, bank: null, created_at: '2025-01-02T08:00:00Z' }],
	['ent1', { name: 'ent1', role: 'enterprise', password: 'ent1-pass', enterprise: enterprises[0].uscc, bank: null, created_at: '2025-01-02T08:00:00Z' }],
	['bank', { name: 'bank', role: 'bank', password: 'bank-pass', enterprise: null, bank: '模拟银行 MOCK BANK', created_at: '2025-01-02T08:00:00Z' }],
]);
const sessions = new Map(); // id → {user, csrf}
let batch = 100;

// ---------------------------------------------------------------- HTTP helpers
function send(res, status, obj, headers = {}) {
	const body = obj === null ? '' : JSON.stringify(obj);
	res.writeHead(status, Object.assign({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }, headers));
	res.end(body);
}
function fail(res, status, code, message, details) {
	const e = { code, message };
	if (details) e.details = details;
	send(res, status, { error: e });
}
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json' };
function serveFile(res, file) {
	fs.readFile(file, (err, data) => {
		if (err) { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('not found'); return; }
		res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
		res.end(data);
	});
}
function readBody(req, cap) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let n = 0;
		req.on('data', (c) => { n += c.length; if (n > cap) { reject(new Error('too large')); req.destroy(); } else chunks.push(c); });
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}
function cookie(req, name) {
	const h = req.headers.cookie || '';
	for (const part of h.split(';')) {
		const [k, ...v] = part.trim().split('=');
		if (k === name) return v.join('=');
	}
	return null;
}
function page(list, qs) {
	const p = Math.max(1, parseInt(qs.get('page') || '1', 10) || 1);
	const per = Math.min(500, Math.max(1, parseInt(qs.get('per_page') || '50', 10) || 50));
	return { items: list.slice((p - 1) * per, p * per), total: list.length, page: p, per_page: per };
}
const truthy = (v) => v === 'true' || v === '1';

// ---------------------------------------------------------------- API
async function handleApi(req, res, url) {
	const p = url.pathname.slice('/api/v1'.length);
	const qs = url.searchParams;
	const m = req.method;
	if (p === '/health') return send(res, 200, { status: 'ok', version: 'mock', schema: 0 });
	// like the real server: POST bodies are JSON except the CSV upload; a request carrying a
	// live session cookie must prove it comes from the page (X-CSRF-Token), login included.
	if (m === 'POST') {
		const ct = (req.headers['content-type'] || '').split(';')[0].trim();
		const want = p === '/activity/upload' ? 'text/csv' : 'application/json';
		if (ct !== want) return fail(res, 415, 'unsupported_media_type', `send Content-Type: ${want}`);
	}
	const live = sessions.get(cookie(req, 'gp_session') || '');
	if (live && (m === 'POST' || m === 'DELETE') && req.headers['x-csrf-token'] !== live.csrf) return fail(res, 403, 'forbidden', 'missing or wrong X-CSRF-Token header');
	if (p === '/login' && m === 'POST') {
		let body;
		try { body = JSON.parse(await readBody(req, 65536)); } catch { return fail(res, 400, 'bad_request', 'body is not JSON'); }
		const u = users.get(body.username);
		if (!u || u.password !== body.password) return fail(res, 401, 'unauthorized', 'wrong user name or password');
		const id = crypto.randomBytes(16).toString('hex');
		const csrf = crypto.randomBytes(16).toString('hex');
		sessions.set(id, { user: u.name, csrf });
		return send(res, 200, { user: pub(u), csrf_token: csrf }, { 'Set-Cookie': `gp_session=${id}; HttpOnly; SameSite=Strict; Path=/` });
	}
	const sid = cookie(req, 'gp_session');
	const s = sid && sessions.get(sid);
	const u = s && users.get(s.user);
	if (!u) return fail(res, 401, 'unauthorized', 'sign in first');
	if (m !== 'GET' && req.headers['x-csrf-token'] !== s.csrf) return fail(res, 403, 'forbidden', 'missing or wrong X-CSRF-Token');
	const role = u.role;
	const forbid = () => fail(res, 403, 'forbidden', `role ${role} may not ${m} ${url.pathname}`);
	const year = parseInt(qs.get('year') || '2024', 10);
	const method = qs.get('method') || 'zcp2025';
	if (qs.has('method') && !METHODS.includes(method)) return fail(res, 400, 'bad_request', `unknown method '${method}'`);

	if (p === '/logout' && m === 'POST') { sessions.delete(sid); return send(res, 204, null); }
	if (p === '/me') return send(res, 200, { user: pub(u), csrf_token: s.csrf });
	if (p === '/park') return send(res, 200, { name: '模拟园区 MOCK PARK（浏览器测试用）', region: '山东省枣庄市（模拟）', grid: 'north', land_km2: 12.6, timezone: 'Asia/Shanghai', sample: true, years: YEARS });
	if (p === '/park/summary') {
		if (!['admin', 'analyst', 'viewer'].includes(role)) return forbid();
		const a = account(year, method, null, 'park', 'park');
		const ht = enterprises.filter((e) => e.high_tech).length, sr = enterprises.filter((e) => e.srdi).length;
		const rd = platforms.filter((x) => x.kind === 'rd').length;
		const byLevel = { national: 0, provincial: 0, municipal: 0 };
		platforms.forEach((x) => { byLevel[x.level]++; });
		return send(res, 200, {
			enterprises: enterprises.length, high_tech: ht, high_tech_share: ht / enterprises.length, srdi: sr, srdi_share: sr / enterprises.length,
			rd_platforms: rd, innovation_platforms: platforms.length - rd, platforms_by_level: byLevel,
			energy_tce: a.energy_tce, energy_tce_equivalent: a.energy_tce_equivalent, co2_t: a.co2_t, co2_t_by_source: a.co2_t_by_source,
			co2_per_tce: a.co2_per_tce, value_added_wan_yuan: a.value_added_wan_yuan, co2_per_wan_yuan: a.co2_per_wan_yuan,
			tce_per_wan_yuan: a.tce_per_wan_yuan, clean_share: a.clean_share, renewable_share: a.renewable_share,
			method, year, warnings: a.warnings, factors: a.factors,
		});
	}
	if (p === '/subparks') {
		if (!['admin', 'analyst', 'viewer'].includes(role)) return forbid();
		const items = SUBPARKS.map((n) => ({ name: n, enterprises: enterprises.filter((e) => e.subpark === n).length }));
		return send(res, 200, { items, total: items.length });
	}
	if (p === '/platforms') {
		if (!['admin', 'analyst', 'viewer'].includes(role)) return forbid();
		return send(res, 200, { items: platforms, total: platforms.length });
	}
	if (p === '/enterprises' && m === 'GET') {
		if (!['admin', 'analyst', 'bank', 'enterprise'].includes(role)) return forbid();
		let list = enterprises.slice();
		if (role === 'enterprise') list = list.filter((e) => e.uscc === u.enterprise);
		if (qs.get('subpark')) list = list.filter((e) => e.subpark === qs.get('subpark'));
		if (qs.get('industry')) list = list.filter((e) => e.industry_code.startsWith(qs.get('industry')));
		if (qs.get('leading')) list = list.filter((e) => e.leading_industry === qs.get('leading'));
		if (qs.get('high_tech')) list = list.filter((e) => e.high_tech === truthy(qs.get('high_tech')));
		if (qs.get('srdi')) list = list.filter((e) => e.srdi === truthy(qs.get('srdi')));
		if (qs.get('q')) list = list.filter((e) => e.name.includes(qs.get('q')));
		const sort = qs.get('sort') || 'name';
		const key = sort.replace(/^-/, '');
		if (!['name', 'uscc', 'employees'].includes(key)) return fail(res, 400, 'bad_request', `cannot sort by '${key}'`);
		list.sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0) * (sort[0] === '-' ? -1 : 1));
		if (role === 'bank') list = list.map((e) => ({ uscc: e.uscc, name: e.name }));
		return send(res, 200, page(list, qs));
	}
	let mm = p.match(/^\/enterprises\/([0-9A-Z]{18})(\/activity)?$/);
	if (mm) {
		const e = enterprises.find((x) => x.uscc === mm[1]);
		if (!['admin', 'analyst', 'enterprise'].includes(role) || (role === 'enterprise' && u.enterprise !== mm[1])) return forbid();
		if (!e) return fail(res, 404, 'not_found', `no enterprise ${mm[1]}`);
		if (!mm[2]) return send(res, 200, e);
		const items = [];
		for (const [k, v] of ledger) {
			const [uu, per, item] = k.split('|');
			if (uu === e.uscc && per.startsWith(year + '-')) items.push({ period: per, item, quantity: v, unit: (ITEM_UNITS[item] || ['?'])[0] });
		}
		items.sort((a, b) => (a.period + a.item < b.period + b.item ? -1 : 1));
		return send(res, 200, { uscc: e.uscc, year, items });
	}
	if (p === '/accounting' || p === '/timeseries') {
		const ent = qs.get('enterprise'), sub = qs.get('subpark');
		if (role === 'bank') return forbid();
		if (role === 'viewer' && ent) return forbid();
		if (role === 'enterprise' && ent !== u.enterprise) return forbid();
		if (ent && !enterprises.find((e) => e.uscc === ent)) return fail(res, 404, 'not_found', `no enterprise ${ent}`);
		const filter = ent ? (x) => x === ent : sub ? (x) => (enterprises.find((e) => e.uscc === x) || {}).subpark === sub : null;
		if (p === '/accounting') return send(res, 200, account(year, method, filter, ent || sub || 'park', ent ? 'enterprise' : sub ? 'subpark' : 'park'));
		const metric = qs.get('metric') || 'co2';
		const val = (y, mo) => {
			const per = `${y}-${String(mo).padStart(2, '0')}`;
			if (metric === 'co2') return account(y, method, filter, '', '', per).co2_t;
			if (metric === 'energy') return account(y, method, filter, '', '', per).energy_tce;
			return sumItems(y, filter, per)[metric] || 0;
		};
		const unit = metric === 'co2' ? 'tCO2' : metric === 'energy' ? 'tce' : (ITEM_UNITS[metric] || [''])[0];
		const months = [];
		for (let mo = 1; mo <= 12; mo++) {
			const v = val(year, mo);
			const prevY = val(year - 1, mo);
			const prevM = mo === 1 ? val(year - 1, 12) : val(year, mo - 1);
			months.push({ period: `${year}-${String(mo).padStart(2, '0')}`, value: v, yoy: prevY ? v / prevY - 1 : null, mom: prevM ? v / prevM - 1 : null });
		}
		return send(res, 200, { metric, unit, year, months });
	}
	if (p === '/factors') {
		if (role === 'bank') return forbid();
		return send(res, 200, { items: account(year, method, null, 'park', 'park').factors });
	}
	if (p === '/rankings') {
		if (!['admin', 'analyst', 'enterprise'].includes(role)) return forbid();
		const by = qs.get('by') || 'co2';
		const units = { co2: 'tCO2', co2_per_wan_yuan: 'tCO2/万元', energy: 'tce', growth: '1' };
		if (!units[by]) return fail(res, 400, 'bad_request', `unknown ranking '${by}'`);
		const ind = qs.get('industry') || '';
		let rows = enterprises.filter((e) => e.industry_code.startsWith(ind)).map((e) => {
			const a = account(year, method, (x) => x === e.uscc, e.uscc, 'enterprise');
			let value = by === 'co2' ? a.co2_t : by === 'energy' ? a.energy_tce : by === 'co2_per_wan_yuan' ? a.co2_per_wan_yuan : null;
			if (by === 'growth') {
				const prev = sumItems(year - 1, (x) => x === e.uscc).value_added || 0;
				value = prev ? (a.value_added_wan_yuan / prev - 1) : null;
			}
			return { uscc: e.uscc, name: e.name, industry_code: e.industry_code, value };
		});
		rows.sort((a, b) => (by === 'growth' ? (b.value ?? -1e9) - (a.value ?? -1e9) : (a.value ?? 1e18) - (b.value ?? 1e18)));
		rows.forEach((r, i) => { r.rank = i + 1; });
		const total = rows.length;
		if (role === 'enterprise') rows = rows.filter((r) => r.uscc === u.enterprise);
		else if (qs.get('limit')) rows = rows.slice(0, parseInt(qs.get('limit'), 10));
		return send(res, 200, { by, unit: units[by], year, total, items: rows.map(({ rank, uscc, name, industry_code, value }) => ({ rank, uscc, name, industry_code, value })) });
	}
	if (p === '/energyflow') {
		if (!['admin', 'analyst', 'viewer'].includes(role)) return forbid();
		const carriers = { electricity_grid: 0.0001229, electricity_onsite_renewable: 0.0001229, natural_gas: 0.038931 / 29.3076, heat_purchased: 0.03412 };
		const nodes = Object.keys(carriers).map((n) => ({ name: n, kind: 'carrier' }));
		SUBPARKS.forEach((n) => nodes.push({ name: n, kind: 'subpark' }));
		const links = [];
		const agg = new Map();
		for (const e of enterprises) {
			const q = sumItems(year, (x) => x === e.uscc);
			let total = 0;
			for (const c of Object.keys(carriers)) {
				const v = (q[c] || 0) * carriers[c];
				if (!v) continue;
				total += v;
				const k = c + '|' + e.subpark;
				agg.set(k, (agg.get(k) || 0) + v);
			}
			if (role !== 'viewer' && total) {
				nodes.push({ name: e.name, kind: 'enterprise' });
				links.push({ source: e.subpark, target: e.name, value: total });
			}
		}
		for (const [k, v] of agg) { const [c, sp] = k.split('|'); links.unshift({ source: c, target: sp, value: v }); }
		return send(res, 200, { unit: 'tce', year, nodes, links });
	}
	if (p === '/activity/upload' && m === 'POST') {
		if (!['admin', 'analyst', 'enterprise'].includes(role)) return forbid();
		const ct = (req.headers['content-type'] || '').split(';')[0].trim();
		if (ct !== 'text/csv') return fail(res, 415, 'unsupported_media_type', `expected text/csv, got '${ct}'`);
		let text;
		try { text = await readBody(req, 8 << 20); } catch { return fail(res, 413, 'payload_too_large', 'the CSV is over 8 MiB'); }
		return upload(res, u, text);
	}
	if (p === '/users') {
		if (role !== 'admin') return forbid();
		if (m === 'GET') return send(res, 200, { items: [...users.values()].map((x) => ({ name: x.name, role: x.role, enterprise: x.enterprise, bank: x.bank, created_at: x.created_at })) });
		if (m === 'POST') {
			let b;
			try { b = JSON.parse(await readBody(req, 65536)); } catch { return fail(res, 400, 'bad_request', 'body is not JSON'); }
			const details = [];
			if (!b.name || !/^[A-Za-z0-9_.-]{1,64}$/.test(b.name)) details.push({ field: 'name', message: 'name: 1-64 letters, digits, _ . -' });
			if (!['admin', 'analyst', 'enterprise', 'bank', 'viewer'].includes(b.role)) details.push({ field: 'role', message: `unknown role '${b.role}'` });
			if (!b.password || b.password.length < 8) details.push({ field: 'password', message: 'password: at least 8 characters' });
			if (b.role === 'enterprise' && !enterprises.find((e) => e.uscc === b.enterprise)) details.push({ field: 'enterprise', message: `unknown enterprise '${b.enterprise || ''}'` });
			if (b.role === 'bank' && !b.bank) details.push({ field: 'bank', message: 'bank: required for role bank' });
			if (details.length) return fail(res, 400, 'bad_request', 'invalid user', details);
			if (users.has(b.name)) return fail(res, 409, 'conflict', `user '${b.name}' exists`);
			const nu = { name: b.name, role: b.role, password: b.password, enterprise: b.role === 'enterprise' ? b.enterprise : null, bank: b.role === 'bank' ? b.bank : null, created_at: new Date().toISOString() };
			users.set(b.name, nu);
			return send(res, 201, pub(nu));
		}
		return fail(res, 405, 'method_not_allowed', 'GET or POST');
	}
	mm = p.match(/^\/users\/([^/]+)$/);
	if (mm && m === 'DELETE') {
		if (role !== 'admin') return forbid();
		const name = decodeURIComponent(mm[1]);
		if (!users.has(name)) return fail(res, 404, 'not_found', `no user '${name}'`);
		if (name === u.name) return fail(res, 409, 'conflict', 'you cannot delete yourself');
		users.delete(name);
		for (const [k, v] of sessions) if (v.user === name) sessions.delete(k);
		return send(res, 204, null);
	}
	if (p === '/audit') {
		if (role !== 'admin') return forbid();
		return send(res, 200, { items: [] });
	}
	return fail(res, 404, 'not_found', `no endpoint ${m} ${url.pathname}`);
}
function pub(u) { return { name: u.name, role: u.role, enterprise: u.enterprise, bank: u.bank }; }

function upload(res, u, text) {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	if (lines.length && lines[lines.length - 1] === '') lines.pop();
	const details = [];
	if (lines[0] !== 'uscc,period,item,quantity,unit') details.push({ line: 1, message: `header must be 'uscc,period,item,quantity,unit', got '${(lines[0] || '').slice(0, 80)}'` });
	const rows = [];
	for (let i = 1; i < lines.length; i++) {
		const ln = i + 1;
		const c = lines[i].split(',');
		if (c.length !== 5) { details.push({ line: ln, message: `expected 5 fields, got ${c.length}` }); continue; }
		const [uscc, period, item, qty, unit] = c.map((x) => x.trim());
		if (!/^[0-9A-HJ-NP-RTUW-Y]{18}$/.test(uscc) || usccCheck(uscc.slice(0, 17)) !== uscc[17]) { details.push({ line: ln, message: `invalid uscc '${uscc}' (GB 32100-2015 check character)` }); continue; }
		if (!enterprises.find((e) => e.uscc === uscc)) { details.push({ line: ln, message: `unknown enterprise '${uscc}'` }); continue; }
		if (u.role === 'enterprise' && uscc !== u.enterprise) { details.push({ line: ln, message: `enterprise users may only submit rows of ${u.enterprise}` }); continue; }
		if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) { details.push({ line: ln, message: `bad period '${period}' (expected YYYY-MM)` }); continue; }
		const iu = ITEM_UNITS[item];
		if (!iu) { details.push({ line: ln, message: `unknown item '${item}'` }); continue; }
		if (!/^(0|[1-9]\d*)(\.\d+)?$/.test(qty)) { details.push({ line: ln, message: `bad quantity '${qty}' (a plain decimal ≥ 0)` }); continue; }
		const f = unit === iu[0] ? 1 : iu[1][unit];
		if (!f) { details.push({ line: ln, message: `unit '${unit}' not accepted for ${item} (expected ${[iu[0], ...Object.keys(iu[1])].join(', ')})` }); continue; }
		rows.push([`${uscc}|${period}|${item}`, Number(qty) * f]);
	}
	if (lines.length < 2 && !details.length) details.push({ line: 1, message: 'no data rows' });
	if (details.length) return fail(res, 400, 'bad_request', `${details.length} bad row(s); nothing stored`, details);
	let inserted = 0, replaced = 0, unchanged = 0;
	for (const [k, v] of rows) {
		if (!ledger.has(k)) inserted++;
		else if (ledger.get(k) === v) unchanged++;
		else replaced++;
		ledger.set(k, v);
	}
	return send(res, 200, { rows: rows.length, inserted, replaced, unchanged, batch: ++batch });
}

// ---------------------------------------------------------------- server
const server = http.createServer(async (req, res) => {
	try {
		const url = new URL(req.url, 'http://mock');
		if (url.pathname.startsWith('/api/v1/')) return await handleApi(req, res, url);
		if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405); res.end(); return; }
		if (url.pathname === '/vendor/echarts.min.js') return serveFile(res, echartsFile);
		const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
		const file = path.resolve(webDir, rel);
		if (!file.startsWith(webDir + path.sep)) { res.writeHead(404); res.end(); return; }
		return serveFile(res, file);
	} catch (err) {
		console.error(err);
		fail(res, 500, 'internal', 'mock server error');
	}
});
server.listen(parseInt(portText, 10), host, () => {
	console.log(`mock greenpark (MOCK DATA) on http://${host}:${server.address().port}/`);
});
