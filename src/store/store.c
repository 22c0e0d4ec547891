/* store.c — backend selection by URI. */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "util/str.h"

int store_open(const char *uri, enum store_open_mode mode, struct store_handle *h,
	       struct gp_err *err)
{
	h->ops = NULL;
	h->st = NULL;
	if (strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0)
		return gp_err_set(
		    err, GP_EINPUT,
		    "--db %s: the PostgreSQL backend is not built yet; use a SQLite file path",
		    uri);
	h->ops = &store_sqlite_ops;
	return h->ops->open(uri, mode, &h->st, err);
}

int store_open_tuned(const char *uri, enum store_tune t, struct store_handle *h, struct gp_err *err)
{
	int rc = store_open(uri, STORE_OPEN_EXISTING, h, err);

	if (rc == GP_OK && h->ops && (rc = h->ops->tune(h->st, t, err)) != GP_OK)
		store_close(h);
	return rc;
}

void store_close(struct store_handle *h)
{
	if (h->ops && h->st)
		h->ops->close(h->st);
	h->st = NULL;
}

void audit_entries_free(struct audit_entry *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].before);
		free(list[i].after);
	}
	free(list);
}

#include "store/schema.h"

int store_current_version(void)
{
	return schema_sqlite_count;
}

struct sum_ctx {
	const int *index_of_id; /* item id → index in lib, -1 when unknown */
	double *q;
};

static void add_sum(void *arg, int64_t enterprise_id, int64_t item_id, double quantity)
{
	struct sum_ctx *c = arg;
	(void)enterprise_id;
	if (item_id > 0 && item_id <= ITEM_ID_MAX && c->index_of_id[item_id] >= 0)
		c->q[c->index_of_id[item_id]] += quantity;
}

void store_item_index(const struct factor_lib *lib, int *index_of_id)
{
	for (int i = 0; i <= ITEM_ID_MAX; i++)
		index_of_id[i] = -1;
	for (size_t i = 0; i < lib->nitems; i++)
		if (lib->items[i].id > 0 && lib->items[i].id <= ITEM_ID_MAX)
			index_of_id[lib->items[i].id] = (int)i;
}

int store_year_quantities(struct store_handle *h, const struct factor_lib *lib, int year,
			  const struct scope *scope, double *q, struct gp_err *err)
{
	int *index_of_id = xmalloc(sizeof(int) * (ITEM_ID_MAX + 1));
	struct sum_ctx c = {index_of_id, q};
	int rc;

	store_item_index(lib, index_of_id);
	memset(q, 0, sizeof(double) * lib->nitems);
	rc = h->ops->activity_year_sums(h->st, year, scope, add_sum, &c, err);
	free(index_of_id);
	return rc;
}

struct by_ent_ctx {
	const int *index_of_id;
	size_t nitems;
	int64_t *ids;
	double *q;
	size_t n, cap;
};

static void add_by_ent(void *arg, int64_t enterprise_id, int64_t item_id, double quantity)
{
	struct by_ent_ctx *c = arg;
	size_t i;

	if (item_id <= 0 || item_id > ITEM_ID_MAX || c->index_of_id[item_id] < 0)
		return;
	/* rows come grouped by enterprise in most plans; search from the end */
	for (i = c->n; i > 0 && c->ids[i - 1] != enterprise_id; i--)
		;
	if (i == 0) {
		size_t cap = c->cap;
		XGROW(c->ids, c->n + 1, c->cap);
		if (c->cap != cap)
			c->q = xrealloc(c->q, c->cap * c->nitems * sizeof(double));
		memset(&c->q[c->n * c->nitems], 0, c->nitems * sizeof(double));
		c->ids[c->n++] = enterprise_id;
		i = c->n;
	}
	c->q[(i - 1) * c->nitems + (size_t)c->index_of_id[item_id]] += quantity;
}

int store_year_quantities_by_enterprise(struct store_handle *h, const struct factor_lib *lib,
					int year, const struct scope *scope, int64_t **ids,
					double **q, size_t *n, struct gp_err *err)
{
	int *index_of_id = xmalloc(sizeof(int) * (ITEM_ID_MAX + 1));
	struct by_ent_ctx c = {index_of_id, lib->nitems ? lib->nitems : 1, NULL, NULL, 0, 0};
	int rc;

	store_item_index(lib, index_of_id);
	rc = h->ops->activity_year_sums(h->st, year, scope, add_by_ent, &c, err);
	free(index_of_id);
	if (rc != GP_OK) {
		free(c.ids);
		free(c.q);
		return rc;
	}
	*ids = c.ids;
	*q = c.q;
	*n = c.n;
	return GP_OK;
}

struct month_ctx {
	const int *index_of_id;
	size_t nitems;
	int first; /* YYYYMM of slot 0 */
	int nmonths;
	double *q;
	bool *seen;
};

static void add_month(void *arg, int64_t ent, int period, int64_t item_id, double quantity)
{
	struct month_ctx *m = arg;
	int slot = (period / 100 - m->first / 100) * 12 + (period % 100 - m->first % 100);
	(void)ent;
	if (slot < 0 || slot >= m->nmonths || item_id <= 0 || item_id > ITEM_ID_MAX ||
	    m->index_of_id[item_id] < 0)
		return;
	m->q[(size_t)slot * m->nitems + (size_t)m->index_of_id[item_id]] += quantity;
	if (m->seen)
		m->seen[slot] = true;
}

int store_month_quantities(struct store_handle *h, const struct factor_lib *lib, int first,
			   int nmonths, const struct scope *scope, double *q, bool *seen,
			   struct gp_err *err)
{
	int *index_of_id = xmalloc(sizeof(int) * (ITEM_ID_MAX + 1));
	struct month_ctx m = {index_of_id, lib->nitems, first, nmonths, q, seen};
	int last_index = first / 100 * 12 + first % 100 - 1 + nmonths - 1;
	int last = last_index / 12 * 100 + last_index % 12 + 1;
	int rc;

	store_item_index(lib, index_of_id);
	memset(q, 0, sizeof(double) * lib->nitems * (size_t)nmonths);
	if (seen)
		memset(seen, 0, sizeof(bool) * (size_t)nmonths);
	rc = h->ops->activity_month_rows(h->st, first, last, scope, add_month, &m, err);
	free(index_of_id);
	return rc;
}
