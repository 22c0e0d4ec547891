// state.js — what the whole dashboard shares: the signed-in user, the park, and the year and
// accounting method chosen in the top bar. Views read it; app.js writes it.
export const METHODS = ['zcp2025', 'cn-enterprise', 'cn-market'];

export const state = {
	user: null, // {name, role, enterprise, bank}
	park: null, // GET /api/v1/park
	year: null,
	years: [],
	method: (() => {
		try {
			const m = localStorage.getItem('gp.method');
			return METHODS.includes(m) ? m : 'zcp2025';
		} catch {
			return 'zcp2025';
		}
	})(),
};

// What each role may see (docs/api.md, Roles). The server enforces it; the dashboard only
// uses it to choose the navigation and to say "forbidden" before asking.
export const can = {
	aggregates: (u) => !!u && ['admin', 'analyst', 'viewer'].includes(u.role),
	enterpriseList: (u) => !!u && ['admin', 'analyst', 'bank'].includes(u.role),
	enterprise: (u, uscc) => !!u && (['admin', 'analyst'].includes(u.role) || (u.role === 'enterprise' && u.enterprise === uscc)),
	perEnterprise: (u) => !!u && ['admin', 'analyst'].includes(u.role),
	upload: (u) => !!u && ['admin', 'analyst', 'enterprise'].includes(u.role),
	users: (u) => !!u && u.role === 'admin',
};
