/* auth.h — users, roles and what each role may do. Pure: the decision of whether a
 * user may make a request is made here, once, from the route's declared access and
 * the enterprise the request is about; the HTTP layer calls it for every request. */
#ifndef GP_AUTH_H
#define GP_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/uscc.h"
#include "util/err.h"

#define USER_NAME_MAX 64
#define BANK_NAME_MAX 128

enum role { ROLE_ADMIN, ROLE_ANALYST, ROLE_ENTERPRISE, ROLE_BANK, ROLE_VIEWER, ROLE_COUNT };

struct user {
	int64_t id;
	char name[USER_NAME_MAX + 1];
	enum role role;
	int64_t enterprise_id;        /* ROLE_ENTERPRISE: the enterprise it is bound to */
	char uscc[USCC_LEN + 1];      /* ROLE_ENTERPRISE: its USCC */
	char bank[BANK_NAME_MAX + 1]; /* ROLE_BANK: the bank */
	char created_at[32];
};

int role_parse(const char *s, enum role *out, struct gp_err *err);
const char *role_name(enum role r);
const char *role_name_zh(enum role r);

/* A user name: 1-64 characters of letters, digits, '.', '_', '-' (ASCII), so it is
 * safe in logs, URLs and cookies. */
int user_name_check(const char *s, struct gp_err *err);

/* What a route needs. */
enum access {
	ACCESS_PUBLIC,       /* anyone, signed in or not */
	ACCESS_SIGNED_IN,    /* any role */
	ACCESS_AGGREGATE,    /* park or sub-park figures: admin, analyst, viewer */
	ACCESS_ENTERPRISE,   /* one enterprise's figures: admin, analyst, or that enterprise;
				with no enterprise named, the park's: admin, analyst, viewer */
	ACCESS_LEDGER_WRITE, /* write the ledger: admin, analyst, or that enterprise */
	ACCESS_NAMES,        /* the enterprise list: admin, analyst, bank (names only),
				enterprise (itself only) */
	ACCESS_PARK_WRITE,   /* park-level data (attributes, targets): admin, analyst */
	ACCESS_PEERS,        /* rankings among enterprises: admin, analyst, enterprise (which
				sees only its own place) */
	ACCESS_FACTORS,      /* the factor library: every role but bank */
	ACCESS_STAFF_READ,   /* every enterprise's figures at once (the report workbook): admin,
				analyst */
	ACCESS_ADMIN,        /* users, audit log */
	ACCESS_DESK,         /* the service desk: admin, analyst; an enterprise for its own
				tickets only (the handler scopes lists to it) */
	ACCESS_FINANCE,      /* the green-finance ledger: admin, analyst; a bank for its own
				bank's records, an enterprise for its own (the handler scopes) */
	ACCESS_METERS        /* meters, readings, writes: admin, analyst; an enterprise for its
				own meters only (the handler checks each meter) */
};

enum decision { ALLOW, DENY_UNAUTHENTICATED, DENY_FORBIDDEN };

/* Decides a request. u is NULL when no one is signed in; uscc is the enterprise the
 * request is about (NULL: none). */
enum decision access_decide(const struct user *u, enum access a, const char *uscc);

#endif
