/* map.h — two small open-addressing hash maps: string → int64 (names to ids)
 * and uint64 → int64 (packed keys to line numbers). Keys are copied (strmap) or
 * values (u64map); growth doubles at 50 % load. */
#ifndef GP_MAP_H
#define GP_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap {
	char **keys;
	int64_t *vals;
	size_t cap, len;
};

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
/* Sets key → val (copies key). Returns true when the key was new. */
bool strmap_put(struct strmap *m, const char *key, int64_t val);
/* Looks key up; returns true and sets *val when found. */
bool strmap_get(const struct strmap *m, const char *key, int64_t *val);

struct u64map_slot {
	uint64_t key; /* key + 1; 0 marks an empty slot */
	int64_t val;
};

struct u64map {
	struct u64map_slot *slots; /* key and value side by side: one cache miss a probe */
	size_t cap, len;
};

void u64map_init(struct u64map *m);
void u64map_release(struct u64map *m);
/* Inserts key → val when key is absent and returns true; when present leaves
 * the map unchanged, sets *old to the stored value and returns false. key must
 * be < UINT64_MAX. */
bool u64map_put_new(struct u64map *m, uint64_t key, int64_t val, int64_t *old);
bool u64map_get(const struct u64map *m, uint64_t key, int64_t *val);
/* Sizes the table for n keys without further growth (a hint; may be 0). */
void u64map_reserve(struct u64map *m, size_t n);

#endif
