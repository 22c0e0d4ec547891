/* store_helpers.h — helpers shared by the unit tests that open a real store
 * (test_import.c, test_store.c). Include after <cmocka.h>. */
#ifndef GP_TEST_STORE_HELPERS_H
#define GP_TEST_STORE_HELPERS_H

#include <sqlite3.h>
#include <stdlib.h>
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

/* A new, migrated store park.db in a new directory under $TMPDIR (or /tmp) named
 * gp-TAG.XXXXXX; dir and db receive the paths. 0, or -1 when any step fails. */
static inline int temp_store_open(char dir[256], char db[320], const char *tag,
				  struct store_handle *h)
{
	const char *tmp = getenv("TMPDIR");
	struct gp_err err;
	int from, to;

	if (!str_fmt(dir, 256, "%s/gp-%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", tag) ||
	    !mkdtemp(dir) || !str_fmt(db, 320, "%s/park.db", dir))
		return -1;
	if (store_open(db, STORE_OPEN_CREATE, h, &err) != GP_OK ||
	    h->ops->migrate(h->st, &from, &to, &err) != GP_OK)
		return -1;
	return 0;
}

/* Closes a temp_store_open store and removes its files and directory. */
static inline void temp_store_close(const char *dir, const char *db, struct store_handle *h)
{
	store_close(h);
	remove_db_files(db);
	rmdir(dir);
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
