/* store_helpers.h — helpers shared by the unit tests that open a real store
 * (test_import.c, test_store.c). Include after <cmocka.h>. */
#ifndef GP_TEST_STORE_HELPERS_H
#define GP_TEST_STORE_HELPERS_H

#include <sqlite3.h>
#include <unistd.h>

#include "store/store.h"
#include "util/str.h"

/* Removes a SQLite file and its WAL, shared-memory and journal files. */
static inline void remove_db_files(const char *db)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[400];

	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++)
		if (str_fmt(p, sizeof(p), "%s%s", db, suffix[i]))
			unlink(p);
}

/* One integer from a query run on the file with a connection of our own (-1 when
 * the query gives no row). */
static inline long long sql_int(const char *db, const char *sql)
{
	sqlite3 *c = NULL;
	sqlite3_stmt *s = NULL;
	long long v = -1;

	assert_int_equal(sqlite3_open_v2(db, &c, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(c);
	return v;
}

/* How many audit entries of an entity the store holds. */
static inline size_t audit_count_of(struct store_handle *h, const char *entity)
{
	struct audit_entry *list;
	size_t n;
	struct gp_err err;

	assert_int_equal(h->ops->audit_list(h->st, 100000, entity, &list, &n, &err), GP_OK);
	audit_entries_free(list, n);
	return n;
}

#endif
