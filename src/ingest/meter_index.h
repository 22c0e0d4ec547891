/* meter_index.h — the store's meters as a shared, immutable snapshot, indexed by id and by
 * code, for the paths that look up many meters per request (POST /write's validation, the
 * settle's merge). Listing 2,000 meters took as long as parsing a 5,000-line request; a
 * snapshot is rebuilt only when the set of meters changes (store_meters.h's
 * meter_version: meters are only ever added). Thread-safe: snapshots are reference
 * counted, and a reader keeps its own until it puts it back. */
#ifndef GP_METER_INDEX_H
#define GP_METER_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "core/meters.h"
#include "store/store.h"
#include "util/err.h"
#include "util/map.h"

struct meter_index {
	struct meter *by_id; /* sorted by id */
	size_t n;
	struct strmap code; /* code → position in by_id */
	char key[1100];     /* the version it was built for */
	int refs;           /* holders, the cache's own included */
};

/* The current snapshot (after one cheap query; rebuilt if the meters changed). Give it
 * back with meter_index_put. */
int meter_index_get(struct store_handle *h, struct meter_index **out, struct gp_err *err);
void meter_index_put(struct meter_index *ix);

const struct meter *meter_index_by_code(const struct meter_index *ix, const char *code);
const struct meter *meter_index_by_id(const struct meter_index *ix, int64_t id);

/* Drops the cached snapshot (at exit, so leak checkers see every block freed). */
void meter_index_clear(void);

#endif
