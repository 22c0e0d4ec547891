/* auth.c — the role table. Every permission of the platform is decided here. */
#include "core/auth.h"

#include <string.h>

static const char *const names[ROLE_COUNT] = {"admin", "analyst", "enterprise", "bank", "viewer"};
static const char *const names_zh[ROLE_COUNT] = {"管理员", "园区分析员", "企业用户", "银行用户",
						 "访客"};

int role_parse(const char *s, enum role *out, struct gp_err *err)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum role)i;
			return GP_OK;
		}
	return gp_err_set(err, GP_EINPUT,
			  "role '%s' is not one of admin | analyst | enterprise | bank | viewer",
			  s);
}

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? names[r] : "?";
}

const char *role_name_zh(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? names_zh[r] : "?";
}

int user_name_check(const char *s, struct gp_err *err)
{
	size_t n = strlen(s);

	if (n == 0 || n > USER_NAME_MAX)
		return gp_err_set(err, GP_EINPUT, "user name must have 1 to %d characters",
				  USER_NAME_MAX);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return gp_err_set(
			    err, GP_EINPUT,
			    "user name '%s' may hold only letters, digits, '.', '_' and '-'", s);
	}
	return GP_OK;
}

static bool own(const struct user *u, const char *uscc)
{
	return u->role == ROLE_ENTERPRISE && uscc && strcmp(u->uscc, uscc) == 0;
}

enum decision access_decide(const struct user *u, enum access a, const char *uscc)
{
	bool staff;

	if (a == ACCESS_PUBLIC)
		return ALLOW;
	if (!u)
		return DENY_UNAUTHENTICATED;
	staff = u->role == ROLE_ADMIN || u->role == ROLE_ANALYST;
	switch (a) {
	case ACCESS_PUBLIC:
	case ACCESS_SIGNED_IN: return ALLOW;
	case ACCESS_AGGREGATE: return staff || u->role == ROLE_VIEWER ? ALLOW : DENY_FORBIDDEN;
	case ACCESS_ENTERPRISE:
		if (staff)
			return ALLOW;
		if (uscc)
			return own(u, uscc) ? ALLOW : DENY_FORBIDDEN;
		return u->role == ROLE_VIEWER ? ALLOW : DENY_FORBIDDEN;
	case ACCESS_LEDGER_WRITE:
		if (staff)
			return ALLOW;
		return u->role == ROLE_ENTERPRISE && (!uscc || own(u, uscc)) ? ALLOW
									     : DENY_FORBIDDEN;
	case ACCESS_NAMES:
		if (staff || u->role == ROLE_BANK)
			return ALLOW;
		if (u->role == ROLE_ENTERPRISE)
			return !uscc || own(u, uscc) ? ALLOW : DENY_FORBIDDEN;
		return DENY_FORBIDDEN;
	case ACCESS_PARK_WRITE: return staff ? ALLOW : DENY_FORBIDDEN;
	case ACCESS_PEERS: return staff || u->role == ROLE_ENTERPRISE ? ALLOW : DENY_FORBIDDEN;
	case ACCESS_FACTORS: return u->role != ROLE_BANK ? ALLOW : DENY_FORBIDDEN;
	case ACCESS_STAFF_READ: return staff ? ALLOW : DENY_FORBIDDEN;
	case ACCESS_ADMIN: return u->role == ROLE_ADMIN ? ALLOW : DENY_FORBIDDEN;
	case ACCESS_DESK:
		if (staff)
			return ALLOW;
		return u->role == ROLE_ENTERPRISE && (!uscc || own(u, uscc)) ? ALLOW
									     : DENY_FORBIDDEN;
	case ACCESS_METERS:
		if (staff)
			return ALLOW;
		return u->role == ROLE_ENTERPRISE && (!uscc || own(u, uscc)) ? ALLOW
									     : DENY_FORBIDDEN;
	case ACCESS_FINANCE:
		if (staff || u->role == ROLE_BANK)
			return ALLOW;
		return u->role == ROLE_ENTERPRISE && (!uscc || own(u, uscc)) ? ALLOW
									     : DENY_FORBIDDEN;
	}
	return DENY_FORBIDDEN;
}
