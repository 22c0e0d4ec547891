// api.js — the one place that talks to /api/v1/. Adds the CSRF header to writes (the session
// cookie travels by itself), turns error bodies into ApiError, and reports a 401 to the app
// (which shows the login page) through onUnauthorized().
const BASE = 'api/v1';
let csrfToken = null;
let unauthorizedHandler = null;

export class ApiError extends Error {
	constructor(status, body) {
		const e = (body && body.error) || {};
		super(e.message || `HTTP ${status}`);
		this.status = status;
		this.code = e.code || (status ? `http_${status}` : 'network');
		this.details = Array.isArray(e.details) ? e.details : [];
		this.retryAfter = null;
	}
}

export function setCsrf(token) {
	csrfToken = token || null;
}
export function onUnauthorized(fn) {
	unauthorizedHandler = fn;
}

// api(path, {method, json, csv, query, quiet401}) → parsed JSON (null for 204).
// path is relative to /api/v1, e.g. '/park/summary'; query is an object of parameters
// (null/undefined/'' values are left out).
export async function api(path, opts = {}) {
	const method = opts.method || 'GET';
	let url = BASE + path;
	if (opts.query) {
		const qs = new URLSearchParams();
		for (const [k, v] of Object.entries(opts.query)) {
			if (v !== null && v !== undefined && v !== '') qs.set(k, String(v));
		}
		const s = qs.toString();
		if (s) url += (url.includes('?') ? '&' : '?') + s;
	}
	const headers = { Accept: 'application/json' };
	let body;
	if (opts.json !== undefined) {
		headers['Content-Type'] = 'application/json';
		body = JSON.stringify(opts.json);
	} else if (opts.csv !== undefined) {
		headers['Content-Type'] = 'text/csv';
		body = opts.csv;
	}
	if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
	let res;
	try {
		res = await fetch(url, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
	} catch (err) {
		const e = new ApiError(0, { error: { code: 'network', message: String(err.message || err) } });
		throw e;
	}
	if (res.status === 204) return null;
	let data = null;
	const text = await res.text();
	if (text) {
		try {
			data = JSON.parse(text);
		} catch {
			data = { error: { code: 'bad_response', message: text.slice(0, 200) } };
		}
	}
	if (!res.ok) {
		const e = new ApiError(res.status, data);
		e.retryAfter = res.headers.get('Retry-After');
		if (res.status === 401 && !opts.quiet401 && unauthorizedHandler) unauthorizedHandler(e);
		throw e;
	}
	return data;
}

// Runs several requests at once; each result is {ok, value} or {ok:false, error}. A 401 in
// any of them has already been reported by api().
export async function settle(promises) {
	const out = await Promise.allSettled(promises);
	return out.map((r) => (r.status === 'fulfilled' ? { ok: true, value: r.value } : { ok: false, error: r.reason }));
}
