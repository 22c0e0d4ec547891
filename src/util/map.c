/* map.c — FNV-1a for strings, a 64-bit mixer for integers, linear probing. */
#include "util/map.h"

#include <stdlib.h>
#include <string.h>

#include "util/str.h"

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static uint64_t hash_u64(uint64_t x)
{
	/* splitmix64 finalizer */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void strmap_release(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static void strmap_grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	char **keys = xcalloc(cap, sizeof(*keys));
	int64_t *vals = xcalloc(cap, sizeof(*vals));

	for (size_t i = 0; i < m->cap; i++) {
		size_t j;
		if (!m->keys[i])
			continue;
		j = hash_str(m->keys[i]) & (cap - 1);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = cap;
}

bool strmap_put(struct strmap *m, const char *key, int64_t val)
{
	size_t j;

	if ((m->len + 1) * 2 > m->cap)
		strmap_grow(m);
	j = hash_str(key) & (m->cap - 1);
	while (m->keys[j]) {
		if (strcmp(m->keys[j], key) == 0) {
			m->vals[j] = val;
			return false;
		}
		j = (j + 1) & (m->cap - 1);
	}
	m->keys[j] = xstrdup(key);
	m->vals[j] = val;
	m->len++;
	return true;
}

bool strmap_get(const struct strmap *m, const char *key, int64_t *val)
{
	size_t j;

	if (!m->cap)
		return false;
	j = hash_str(key) & (m->cap - 1);
	while (m->keys[j]) {
		if (strcmp(m->keys[j], key) == 0) {
			*val = m->vals[j];
			return true;
		}
		j = (j + 1) & (m->cap - 1);
	}
	return false;
}

void u64map_init(struct u64map *m)
{
	memset(m, 0, sizeof(*m));
}

void u64map_release(struct u64map *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

static void u64map_resize(struct u64map *m, size_t cap)
{
	struct u64map_slot *slots = xcalloc(cap, sizeof(*slots));

	for (size_t i = 0; i < m->cap; i++) {
		size_t j;
		if (!m->slots[i].key)
			continue;
		j = hash_u64(m->slots[i].key) & (cap - 1);
		while (slots[j].key)
			j = (j + 1) & (cap - 1);
		slots[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
}

static void u64map_grow(struct u64map *m)
{
	u64map_resize(m, m->cap ? m->cap * 2 : 1024);
}

void u64map_reserve(struct u64map *m, size_t n)
{
	size_t cap = m->cap ? m->cap : 1024;

	while (cap < n * 2 && cap < ((size_t)1 << 40))
		cap *= 2;
	if (cap > m->cap)
		u64map_resize(m, cap);
}

bool u64map_put_new(struct u64map *m, uint64_t key, int64_t val, int64_t *old)
{
	uint64_t k = key + 1;
	size_t j;

	if ((m->len + 1) * 2 > m->cap)
		u64map_grow(m);
	j = hash_u64(k) & (m->cap - 1);
	while (m->slots[j].key) {
		if (m->slots[j].key == k) {
			if (old)
				*old = m->slots[j].val;
			return false;
		}
		j = (j + 1) & (m->cap - 1);
	}
	m->slots[j].key = k;
	m->slots[j].val = val;
	m->len++;
	return true;
}

bool u64map_get(const struct u64map *m, uint64_t key, int64_t *val)
{
	uint64_t k = key + 1;
	size_t j;

	if (!m->cap)
		return false;
	j = hash_u64(k) & (m->cap - 1);
	while (m->slots[j].key) {
		if (m->slots[j].key == k) {
			*val = m->slots[j].val;
			return true;
		}
		j = (j + 1) & (m->cap - 1);
	}
	return false;
}
