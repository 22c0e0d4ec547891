/* schema.h — versioned migrations compiled into the binary (build/gen/schema_*.c,
 * made from src/store/schema/<backend>/NNNN_name.sql). Versions start at 1 and
 * have no gaps; a store records each applied version in schema_version. */
#ifndef GP_SCHEMA_H
#define GP_SCHEMA_H

struct schema_migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct schema_migration schema_sqlite_migrations[];
extern const int schema_sqlite_count;

#endif
