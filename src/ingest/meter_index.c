/* meter_index.c — the shared meter snapshot (meter_index.h). */
#include "ingest/meter_index.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_meters.h"
#include "util/str.h"

static pthread_mutex_t ix_lock = PTHREAD_MUTEX_INITIALIZER;
static struct meter_index *ix_current;

static int cmp_id(const void *a, const void *b)
{
	int64_t x = ((const struct meter *)a)->id, y = ((const struct meter *)b)->id;
	return (x > y) - (x < y);
}

static void release(struct meter_index *ix)
{
	strmap_release(&ix->code);
	free(ix->by_id);
	free(ix);
}

/* refs-- (ix_lock held); frees at zero */
static void unref(struct meter_index *ix)
{
	if (--ix->refs == 0)
		release(ix);
}

int meter_index_get(struct store_handle *h, struct meter_index **out, struct gp_err *err)
{
	char key[sizeof(ix_current->key)];
	struct meter_index *ix;
	int rc;

	*out = NULL;
	if ((rc = h->ops->meters->meter_version(h->st, key, sizeof(key), err)) != GP_OK)
		return rc;
	pthread_mutex_lock(&ix_lock);
	if (ix_current && strcmp(ix_current->key, key) == 0) {
		ix_current->refs++;
		*out = ix_current;
		pthread_mutex_unlock(&ix_lock);
		return GP_OK;
	}
	pthread_mutex_unlock(&ix_lock);
	/* build outside the lock; two threads may both build, the later one is kept */
	ix = xcalloc(1, sizeof(*ix));
	strmap_init(&ix->code);
	str_copy(ix->key, sizeof(ix->key), key);
	if ((rc = h->ops->meters->meter_list(h->st, 0, &ix->by_id, &ix->n, err)) != GP_OK) {
		release(ix);
		return rc;
	}
	qsort(ix->by_id, ix->n, sizeof(*ix->by_id), cmp_id);
	for (size_t i = 0; i < ix->n; i++)
		strmap_put(&ix->code, ix->by_id[i].code, (int64_t)i);
	ix->refs = 2; /* the cache and the caller */
	pthread_mutex_lock(&ix_lock);
	if (ix_current)
		unref(ix_current);
	ix_current = ix;
	pthread_mutex_unlock(&ix_lock);
	*out = ix;
	return GP_OK;
}

void meter_index_put(struct meter_index *ix)
{
	if (!ix)
		return;
	pthread_mutex_lock(&ix_lock);
	unref(ix);
	pthread_mutex_unlock(&ix_lock);
}

const struct meter *meter_index_by_code(const struct meter_index *ix, const char *code)
{
	int64_t at;
	return strmap_get(&ix->code, code, &at) ? &ix->by_id[at] : NULL;
}

const struct meter *meter_index_by_id(const struct meter_index *ix, int64_t id)
{
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->by_id[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->n && ix->by_id[lo].id == id ? &ix->by_id[lo] : NULL;
}

void meter_index_clear(void)
{
	pthread_mutex_lock(&ix_lock);
	if (ix_current)
		unref(ix_current);
	ix_current = NULL;
	pthread_mutex_unlock(&ix_lock);
}
