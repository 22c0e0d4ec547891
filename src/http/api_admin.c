/* api_admin.c — users and the audit log (admins only; the router decides). */
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "util/secret.h"
#include "util/str.h"

int api_users(struct http_req *r, struct http_resp *resp)
{
	struct user *list;
	struct gp_err err;
	size_t n;
	json_t *items;

	if (r->h->ops->user_list(r->h->st, &list, &n, &err) != GP_OK)
		return resp_from_err(resp, &err);
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *u = json_object();
		json_object_set_new(u, "name", json_string(list[i].name));
		json_object_set_new(u, "role", json_string(role_name(list[i].role)));
		json_object_set_new(u, "enterprise",
				    list[i].uscc[0] ? json_string(list[i].uscc) : json_null());
		json_object_set_new(u, "bank",
				    list[i].bank[0] ? json_string(list[i].bank) : json_null());
		json_object_set_new(u, "created_at", json_string(list[i].created_at));
		json_array_append_new(items, u);
	}
	free(list);
	return resp_page(r, resp, items);
}

int api_user_create(struct http_req *r, struct http_resp *resp)
{
	json_t *body = req_json_body(r, resp), *o;
	const char *name = NULL, *role = NULL, *password = NULL, *uscc = NULL, *bank = NULL;
	char hash[SECRET_HASH_MAX];
	struct user u;
	struct gp_err err;
	int rc;

	if (!body)
		return 0;
	memset(&u, 0, sizeof(u));
	if (json_unpack(body, "{s:s, s:s, s:s, s?s, s?s}", "name", &name, "role", &role, "password",
			&password, "enterprise", &uscc, "bank", &bank) != 0) {
		json_decref(body);
		return resp_error(
		    resp, 400, NULL,
		    "expected {\"name\", \"role\", \"password\", \"enterprise\"?, \"bank\"?}");
	}
	if (user_name_check(name, &err) != GP_OK || role_parse(role, &u.role, &err) != GP_OK)
		goto bad;
	str_copy(u.name, sizeof(u.name), name);
	if ((u.role == ROLE_ENTERPRISE) != (uscc != NULL)) {
		gp_err_set(&err, GP_EINPUT,
			   "enterprise is required for role enterprise, and only for it");
		goto bad;
	}
	if ((u.role == ROLE_BANK) != (bank != NULL) ||
	    (bank && (!bank[0] || strlen(bank) > BANK_NAME_MAX))) {
		gp_err_set(&err, GP_EINPUT,
			   "bank (1-%d bytes) is required for role bank, and only for it",
			   BANK_NAME_MAX);
		goto bad;
	}
	if (uscc) {
		struct enterprise e;
		if (uscc_normalize(uscc, u.uscc, &err) != GP_OK)
			goto bad;
		if ((rc = r->h->ops->enterprise_find(r->h->st, u.uscc, &e, &err)) != GP_OK) {
			json_decref(body);
			return resp_from_err(resp, &err);
		}
	}
	if (bank)
		str_copy(u.bank, sizeof(u.bank), bank);
	if (secret_password_hash(password, hash, &err) != GP_OK)
		goto bad;
	json_decref(body);
	if (r->h->ops->user_create(r->h->st, &u, hash, r->actor, &err) != GP_OK)
		return resp_from_err(resp, &err);
	o = json_object();
	json_object_set_new(o, "name", json_string(u.name));
	json_object_set_new(o, "role", json_string(role_name(u.role)));
	return resp_json(resp, 201, o);
bad:
	json_decref(body);
	return resp_error(resp, 400, NULL, "%s", err.msg);
}

int api_user_delete(struct http_req *r, struct http_resp *resp)
{
	struct gp_err err;

	if (strcmp(r->params[0], r->user->name) == 0)
		return resp_error(resp, 409, NULL, "you cannot remove yourself");
	if (r->h->ops->user_delete(r->h->st, r->params[0], r->actor, &err) != GP_OK)
		return resp_from_err(resp, &err);
	resp->status = 204;
	return 0;
}

int api_audit(struct http_req *r, struct http_resp *resp)
{
	struct audit_entry *list;
	struct gp_err err;
	long limit = 100;
	size_t n;
	json_t *items;

	if (!req_long(r, resp, "limit", 1, 10000, &limit))
		return 0;
	if (r->h->ops->audit_list(r->h->st, (int)limit, req_query(r, "entity"), &list, &n, &err) !=
	    GP_OK)
		return resp_from_err(resp, &err);
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_object();
		json_t *b = list[i].before ? json_loads(list[i].before, 0, NULL) : NULL;
		json_t *a = list[i].after ? json_loads(list[i].after, 0, NULL) : NULL;
		json_object_set_new(e, "id", json_integer(list[i].id));
		json_object_set_new(e, "at", json_string(list[i].at));
		json_object_set_new(e, "actor", json_string(list[i].actor));
		json_object_set_new(e, "action", json_string(list[i].action));
		json_object_set_new(e, "entity", json_string(list[i].entity));
		json_object_set_new(e, "key", json_string(list[i].key));
		json_object_set_new(e, "before", b ? b : json_null());
		json_object_set_new(e, "after", a ? a : json_null());
		json_array_append_new(items, e);
	}
	audit_entries_free(list, n);
	return resp_json(resp, 200, items);
}
