// app.js — the dashboard's shell: session start (GET /api/v1/me), the top bar (year, method,
// language, user), role-aware navigation and the hash router (#/overview, #/enterprise/USCC…).
// Views live in views/; each exports render(view, ctx).
import { api, setCsrf, onUnauthorized, settle } from './api.js';
import { t, setLang, lang, applyStatic } from './i18n.js';
import { state, can, METHODS } from './state.js';
import { esc, disposeCharts, hideTip, forbiddenPanel, errorPanel } from './ui.js';
import * as loginView from './views/login.js';
import * as overviewView from './views/overview.js';
import * as flowView from './views/flow.js';
import * as enterprisesView from './views/enterprises.js';
import * as enterpriseView from './views/enterprise.js';
import * as dataView from './views/data.js';
import * as usersView from './views/users.js';
import * as indicatorsView from './views/indicators.js';
import * as targetsView from './views/targets.js';

// The modules' views. Each exports routes ([{re, allow, view, nav, noMethod}]), nav(u) →
// [{id, href, label}] and registers its own words with addStrings.
// investment pipeline
import * as projectsView from './views/projects.js';

// service desk
import * as deskView from './views/desk.js';

// green-finance ledger
import * as financeView from './views/finance.js';

// meters and readings (智慧园区计量)
import * as metersView from './views/meters.js'; // meters

// meter alarms (计量告警)
import * as alarmsView from './views/alarms.js';

const MODULES = [
	// investment pipeline
	projectsView,

	// service desk
	deskView,

	// green-finance ledger
	financeView,

	// meters
	metersView,

	// meter alarms
	alarmsView,
];

const ROUTES = [
	{ re: /^overview$/, allow: can.aggregates, view: overviewView, nav: 'overview' },
	{ re: /^screen$/, allow: can.aggregates, view: overviewView, nav: 'overview', big: true },
	{ re: /^flow$/, allow: can.aggregates, view: flowView, nav: 'flow' },
	// the park's evaluation (admin, analyst, viewer); ?enterprise=USCC as the enterprise page
	{ re: /^indicators$/, allow: (u, p, q) => indicatorsView.allowed(u, q), view: indicatorsView, nav: indicatorsView.navFor, noMethod: true },
	// the park's targets and their paths (admin, analyst)
	{ re: /^targets$/, allow: targetsView.allowed, view: targetsView, nav: 'targets' },
	{ re: /^enterprises$/, allow: can.enterpriseList, view: enterprisesView, nav: 'enterprises' },
	{ re: /^enterprise\/([^/?]+)$/, allow: (u, p) => can.enterprise(u, p[0]), view: enterpriseView, nav: 'enterprise' },
	{ re: /^data$/, allow: can.upload, view: dataView, nav: 'data' },
	{ re: /^users$/, allow: can.users, view: usersView, nav: 'users' },
	...MODULES.flatMap((m) => m.routes),
];

const $ = (id) => document.getElementById(id);
let renderSeq = 0;
let returnTo = null;

function parseHash() {
	const h = decodeURI(location.hash.replace(/^#\/?/, ''));
	const i = h.indexOf('?');
	const path = (i < 0 ? h : h.slice(0, i)).replace(/\/+$/, '');
	return { path, query: new URLSearchParams(i < 0 ? '' : h.slice(i + 1)) };
}

function home(u) {
	if (!u) return '#/login';
	if (u.role === 'enterprise') return u.enterprise ? '#/enterprise/' + encodeURIComponent(u.enterprise) : '#/data';
	if (u.role === 'bank') return '#/finance'; // a bank's job here is its green-finance ledger
	return '#/overview';
}

function navItems(u) {
	const items = [];
	if (can.aggregates(u)) {
		items.push({ id: 'overview', href: '#/overview', label: t('nav.overview') });
		items.push({ id: 'screen', href: '#/screen', label: t('nav.screen') });
		items.push({ id: 'flow', href: '#/flow', label: t('nav.flow') });
		items.push({ id: 'indicators', href: '#/indicators', label: t('nav.indicators') });
	}
	if (targetsView.allowed(u)) items.push({ id: 'targets', href: '#/targets', label: t('nav.targets') });
	if (can.enterpriseList(u)) items.push({ id: 'enterprises', href: '#/enterprises', label: t('nav.enterprises') });
	if (u.role === 'enterprise' && u.enterprise) items.push({ id: 'enterprise', href: '#/enterprise/' + encodeURIComponent(u.enterprise), label: t('nav.mine') });
	for (const m of MODULES) items.push(...m.nav(u));
	if (can.upload(u)) items.push({ id: 'data', href: '#/data', label: t('nav.data') });
	if (can.users(u)) items.push({ id: 'users', href: '#/users', label: t('nav.users') });
	return items;
}

// The top bar and the navigation for the signed-in user (or the bare bar on the login page).
// (noMethod: the page does not depend on the accounting method, so its selector is hidden)
function renderChrome(active, noMethod = false) {
	const u = state.user;
	applyStatic();
	const nav = $('nav');
	const controls = $('controls');
	$('sample-badge').hidden = !(state.park && state.park.sample);
	$('park-name').textContent = (u && state.park && state.park.name) || '';
	if (!u) {
		nav.hidden = true;
		controls.hidden = true;
		return;
	}
	controls.hidden = false;
	const yearSel = $('year');
	yearSel.innerHTML = state.years.map((y) => `<option value="${y}"${y === state.year ? ' selected' : ''}>${y}</option>`).join('');
	const methodSel = $('method');
	methodSel.innerHTML = METHODS.map((m) => `<option value="${m}"${m === state.method ? ' selected' : ''}>${esc(t('method.' + m))}</option>`).join('');
	const needsYear = u.role !== 'bank';
	$('year-wrap').hidden = !needsYear;
	$('method-wrap').hidden = !needsYear || noMethod;
	$('who').textContent = `${u.name} · ${t('role.' + u.role)}`;
	nav.hidden = false;
	nav.innerHTML = navItems(u).map((i) => `<a href="${i.href}" data-nav="${i.id}"${i.id === active ? ' class="active" aria-current="page"' : ''}>${esc(i.label)}</a>`).join('');
}

async function render() {
	const seq = ++renderSeq;
	const alive = () => seq === renderSeq && !!state.user;
	disposeCharts();
	hideTip();
	const view = $('view');
	const { path, query } = parseHash();
	document.body.classList.remove('screen');
	if (!state.user) {
		if (path !== 'login') {
			returnTo = location.hash && location.hash !== '#/' ? location.hash : null;
			location.replace('#/login');
			return;
		}
		renderChrome(null);
		document.body.classList.add('signed-out');
		loginView.render(view, { query, signedIn });
		return;
	}
	document.body.classList.remove('signed-out');
	if (path === 'login' || path === '') {
		location.replace(home(state.user));
		return;
	}
	let route = null, params = [];
	for (const r of ROUTES) {
		const m = path.match(r.re);
		if (m) {
			route = r;
			params = m.slice(1).map(decodeURIComponent);
			break;
		}
	}
	if (!route) {
		location.replace(home(state.user));
		return;
	}
	document.body.classList.toggle('screen', !!route.big);
	const nav = typeof route.nav === 'function' ? route.nav(state.user, query) : route.nav;
	renderChrome(nav === 'enterprise' && state.user.role !== 'enterprise' ? 'enterprises' : nav, !!route.noMethod);
	if (!route.allow(state.user, params, query)) {
		view.innerHTML = forbiddenPanel();
		return;
	}
	const ctx = { params, query, alive, big: !!route.big, rerender: render };
	try {
		await route.view.render(view, ctx);
	} catch (err) {
		if (alive()) view.innerHTML = errorPanel(err);
		if (!err || err.status === undefined) console.error(err);
	}
}

// After a login or a valid /me: remember the user and CSRF token, load the park and the years.
async function signedIn(r) {
	setCsrf(r.csrf_token);
	state.user = r.user;
	await loadContext();
	const target = returnTo;
	returnTo = null;
	const dest = target && !target.startsWith('#/login') ? target : home(state.user);
	if (location.hash === dest) render();
	else location.hash = dest;
}

async function loadContext() {
	const u = state.user;
	const now = new Date().getFullYear();
	const candidates = [];
	for (let y = now; y >= now - 6; y--) candidates.push(y);
	const [park] = await settle([api('/park')]);
	state.park = park.ok ? park.value : null;
	// The years that hold ledger data: GET /park lists them ("years"); without that list,
	// ask the monthly energy of the last few years and keep those with any.
	let withData = [];
	const listed = state.park && Array.isArray(state.park.years) ? state.park.years.map(Number).filter(Number.isFinite) : null;
	if (listed) {
		withData = listed.sort((a, b) => b - a);
	} else if (can.aggregates(u) || (u.role === 'enterprise' && u.enterprise)) {
		const probeQuery = u.role === 'enterprise' ? { enterprise: u.enterprise } : {};
		const years = await settle(candidates.map((y) => api('/timeseries', { query: Object.assign({ year: y, metric: 'energy', method: state.method }, probeQuery) })));
		withData = candidates.filter((y, i) => years[i].ok && (years[i].value.months || []).some((m) => Number(m.value) > 0));
	}
	state.years = withData.length ? withData : candidates;
	let saved = null;
	try {
		saved = parseInt(localStorage.getItem('gp.year') || '', 10);
	} catch {
		/* ignore */
	}
	state.year = state.years.includes(saved) ? saved : withData.length ? withData[0] : now - 1;
	if (!state.years.includes(state.year)) state.years.unshift(state.year);
}

function unauthorized() {
	if (!state.user) return;
	state.user = null;
	setCsrf(null);
	const h = location.hash;
	returnTo = h && !h.startsWith('#/login') ? h : null;
	location.hash = '#/login?expired=1';
}

async function start() {
	setLang(lang());
	onUnauthorized(unauthorized);
	$('lang').addEventListener('click', () => {
		setLang(lang() === 'zh' ? 'en' : 'zh');
		render();
	});
	$('year').addEventListener('change', (e) => {
		state.year = parseInt(e.target.value, 10);
		try {
			localStorage.setItem('gp.year', String(state.year));
		} catch {
			/* ignore */
		}
		render();
	});
	$('method').addEventListener('change', (e) => {
		state.method = e.target.value;
		try {
			localStorage.setItem('gp.method', state.method);
		} catch {
			/* ignore */
		}
		render();
	});
	$('logout').addEventListener('click', async () => {
		// POST routes take a JSON body; an empty object says "no parameters". If the
		// server could not end the session, the CSRF token is kept: a later login under
		// that still-valid cookie must carry it.
		try {
			await api('/logout', { method: 'POST', json: {}, quiet401: true });
			setCsrf(null);
		} catch (err) {
			if (err.status === 401) setCsrf(null);
		}
		state.user = null;
		returnTo = null;
		location.hash = '#/login';
	});
	document.addEventListener('keydown', (e) => {
		if (e.key === 'Escape' && document.body.classList.contains('screen')) location.hash = '#/overview';
	});
	window.addEventListener('hashchange', render);
	try {
		const me = await api('/me', { quiet401: true });
		setCsrf(me.csrf_token);
		state.user = me.user;
		await loadContext();
	} catch (err) {
		state.user = null;
		if (err.status && err.status !== 401) console.warn('GET /api/v1/me:', err.message);
	}
	document.body.classList.add('ready');
	render();
}

start();
