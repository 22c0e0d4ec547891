/* api_session.c — health, login, logout, me. */
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "http/http.h"
#include "util/secret.h"
#include "util/str.h"

#ifndef GREENPARK_VERSION
#define GREENPARK_VERSION "0.1.0"
#endif

static json_t *user_json(const struct user *u)
{
	json_t *o = json_object();
	json_object_set_new(o, "name", json_string(u->name));
	json_object_set_new(o, "role", json_string(role_name(u->role)));
	json_object_set_new(o, "enterprise", u->uscc[0] ? json_string(u->uscc) : json_null());
	json_object_set_new(o, "bank", u->bank[0] ? json_string(u->bank) : json_null());
	return o;
}

int api_health(struct http_req *r, struct http_resp *resp)
{
	json_t *o = json_object();
	int version = 0;
	struct gp_err err;

	if (r->h->ops->schema_version(r->h->st, &version, &err) != GP_OK)
		return resp_from_err(resp, &err);
	json_object_set_new(o, "status", json_string("ok"));
	json_object_set_new(o, "version", json_string(GREENPARK_VERSION));
	json_object_set_new(o, "schema", json_integer(version));
	return resp_json(resp, 200, o);
}

/* Failed logins are counted per client address and per user name, in the store, so
 * that several server processes share one limit. */
static bool rate_limited(struct http_req *r, const char *name, struct http_resp *resp)
{
	char key[160];
	long n_ip = 0, n_user = 0;
	long long since = (long long)time(NULL) - LOGIN_WINDOW_S;
	struct gp_err err;

	str_fmt(key, sizeof(key), "ip:%s", r->client);
	if (r->h->ops->login_failures(r->h->st, key, since, &n_ip, &err) != GP_OK)
		return resp_from_err(resp, &err), true;
	str_fmt(key, sizeof(key), "user:%s", name);
	if (r->h->ops->login_failures(r->h->st, key, since, &n_user, &err) != GP_OK)
		return resp_from_err(resp, &err), true;
	if (n_ip >= LOGIN_MAX_FAILURES || n_user >= LOGIN_MAX_FAILURES) {
		resp_error(resp, 429, NULL, "too many failed logins; try again in %d minutes",
			   LOGIN_WINDOW_S / 60);
		resp->retry_after_s = LOGIN_WINDOW_S;
		return true;
	}
	return false;
}

static void record_failure(struct http_req *r, const char *name)
{
	char key[160];
	long long now = (long long)time(NULL);

	str_fmt(key, sizeof(key), "ip:%s", r->client);
	r->h->ops->login_failure_add(r->h->st, key, now, NULL);
	str_fmt(key, sizeof(key), "user:%s", name);
	r->h->ops->login_failure_add(r->h->st, key, now, NULL);
}

int api_login(struct http_req *r, struct http_resp *resp)
{
	json_t *body = req_json_body(r, resp), *o;
	const char *name = NULL, *password = NULL;
	char hash[SECRET_HASH_MAX], token[SECRET_TOKEN_MAX], csrf[SECRET_TOKEN_MAX];
	char name_buf[USER_NAME_MAX + 1];
	unsigned char token_hash[SECRET_TOKEN_HASH_BYTES];
	struct user u;
	struct gp_err err;
	long long now = (long long)time(NULL);
	bool ok;
	int rc;

	if (!body)
		return 0;
	if (json_unpack(body, "{s:s, s:s}", "username", &name, "password", &password) != 0 ||
	    user_name_check(name, NULL) != GP_OK) {
		json_decref(body);
		return resp_error(resp, 400, NULL,
				  "expected {\"username\": NAME, \"password\": PASSWORD}");
	}
	/* the body is freed before the name's last use */
	str_copy(name_buf, sizeof(name_buf), name);
	name = name_buf;
	if (rate_limited(r, name, resp)) {
		json_decref(body);
		return 0;
	}
	rc = r->h->ops->user_find(r->h->st, name, &u, hash, sizeof(hash), &err);
	if (rc != GP_OK && rc != GP_ENOTFOUND) {
		json_decref(body);
		return resp_from_err(resp, &err);
	}
	/* verify against some hash even for unknown users, so timing does not tell
	 * which names exist */
	ok = secret_password_verify(rc == GP_OK
					? hash
					: "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
					  "9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ",
				    password) &&
	     rc == GP_OK;
	json_decref(body);
	if (!ok) {
		record_failure(r, name);
		return resp_error(resp, 401, NULL, "wrong user name or password");
	}
	secret_token_new("", token);
	secret_token_new("", csrf);
	secret_token_hash(token, token_hash);
	if (r->h->ops->session_create(r->h->st, token_hash, u.id, csrf, now,
				      now + SESSION_LIFETIME_S, &err) != GP_OK)
		return resp_from_err(resp, &err);
	str_fmt(hash, sizeof(hash), "user:%s", name);
	r->h->ops->login_failures_clear(r->h->st, hash, NULL);
	/* a session is a write: who signed in, when, from where */
	str_fmt(hash, sizeof(hash), "{\"client\":\"%s\"}", r->client);
	str_fmt(r->actor, sizeof(r->actor), "web:%s", name);
	if (r->h->ops->audit_add(r->h->st, r->actor, "login", "session", name, NULL, hash, &err) !=
	    GP_OK)
		return resp_from_err(resp, &err);
	str_fmt(resp->set_cookie, sizeof(resp->set_cookie),
		"%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d", SESSION_COOKIE, token,
		SESSION_LIFETIME_S);
	sodium_memzero(token, sizeof(token));
	o = json_object();
	json_object_set_new(o, "user", user_json(&u));
	json_object_set_new(o, "csrf_token", json_string(csrf));
	return resp_json(resp, 200, o);
}

int api_logout(struct http_req *r, struct http_resp *resp)
{
	struct gp_err err;

	if (r->via_cookie && r->h->ops->session_delete(r->h->st, r->session_hash, &err) != GP_OK)
		return resp_from_err(resp, &err);
	if (r->via_cookie && r->h->ops->audit_add(r->h->st, r->actor, "logout", "session",
						  r->user->name, NULL, NULL, &err) != GP_OK)
		return resp_from_err(resp, &err);
	str_fmt(resp->set_cookie, sizeof(resp->set_cookie),
		"%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", SESSION_COOKIE);
	resp->status = 204;
	return 0;
}

int api_me(struct http_req *r, struct http_resp *resp)
{
	json_t *o = json_object();

	json_object_set_new(o, "user", user_json(r->user));
	json_object_set_new(o, "csrf_token", r->via_cookie ? json_string(r->csrf) : json_null());
	return resp_json(resp, 200, o);
}
