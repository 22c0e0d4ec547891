/* store.h — the one storage interface. A backend implements struct store_ops; the
 * rest of greenpark calls the store_* wrappers below and never sees SQL.
 * Backends: store_sqlite.c (embedded default, one file). A PostgreSQL backend is a
 * second implementation of the same ops (selected by a postgresql:// URI).
 *
 * Rules every backend keeps:
 *  - every write records an audit row (who, when, what, before/after as JSON) in
 *    the same transaction as the write;
 *  - single writes are atomic on their own (a savepoint inside any open
 *    transaction); ledger batches are one transaction from begin to commit;
 *  - the store never computes indicators: it stores, looks up and sums. */
#ifndef GP_STORE_H
#define GP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/auth.h"
#include "core/factors.h"
#include "core/indicators.h"
#include "core/registry.h"
#include "core/targets.h"
#include "util/err.h"

struct store; /* opaque: a backend's connection */

/* Modules with their own tables keep their operations in their own ops struct
 * (store/store_<module>.h), reached through struct store_ops. */
extern const struct desk_store_ops store_sqlite_desk_ops; /* service desk */
struct projects_store_ops; /* investment pipeline and screening: store/store_projects.h */
struct desk_store_ops;     /* service desk: store/store_desk.h */
struct finance_store_ops;  /* green-finance ledger: store/store_finance.h */
struct meters_store_ops;   /* meters and readings: store/store_meters.h */
struct modbus_store_ops;   /* the Modbus register map: store/store_modbus.h */
struct plan_store_ops;     /* the energy planner's roofs: store/store_plan.h */
struct alarms_store_ops;   /* meter alarms: store/store_alarms.h */
extern const struct finance_store_ops store_sqlite_finance_ops; /* store_sqlite_finance.c */

enum store_open_mode {
	STORE_OPEN_EXISTING, /* the store must exist and have the current schema */
	STORE_OPEN_CREATE    /* create the file if needed (init); schema may be old */
};

enum put_result { PUT_INSERTED, PUT_REPLACED, PUT_UNCHANGED };

/* What a ledger batch did, counted by the backend at commit. */
struct batch_stats {
	long long inserted;
	long long replaced;
	long long unchanged;
};

/* Which enterprises an aggregate covers. */
struct scope {
	enum { SCOPE_PARK, SCOPE_SUBPARK, SCOPE_ENTERPRISE } kind;
	int64_t id; /* sub-park id or enterprise id */
};

struct enterprise_filter {
	const char *subpark;  /* exact name, or NULL */
	const char *industry; /* prefix of industry_code, or NULL */
	int leading;          /* enum leading_industry, or -1 */
	int high_tech;        /* 1, 0, or -1 for any */
	int srdi;             /* 1, 0, or -1 for any */
};

struct activity_row {
	int64_t enterprise_id;
	char uscc[USCC_LEN + 1];
	int period; /* YYYYMM */
	int64_t item_id;
	double quantity; /* canonical unit */
	int64_t batch_id;
};

struct activity_filter {
	int64_t enterprise_id; /* 0: all */
	int year;              /* 0: all */
	int64_t item_id;       /* 0: all */
};

struct audit_entry {
	int64_t id;
	char at[32];
	char actor[64];
	char action[32];
	char entity[32];
	char key[160];
	char *before; /* JSON text or NULL; owned by the entry list */
	char *after;
};

enum store_tune { STORE_TUNE_SERVER, STORE_TUNE_SETTLER };

struct store_ops {
	const char *name;
	int (*open)(const char *uri, enum store_open_mode mode, struct store **out,
		    struct gp_err *err);
	void (*close)(struct store *st);
	int (*schema_version)(struct store *st, int *version, struct gp_err *err);
	int (*migrate)(struct store *st, int *from, int *to, struct gp_err *err);

	/* A number that changes whenever another connection has committed since the last
	 * call (SQLite's data_version): for caches of stored data. */
	int (*data_version)(struct store *st, long long *version, struct gp_err *err);

	/* How a connection of a server writes (docs/metering.md, "The log and group commit"):
	 * STORE_TUNE_SERVER leaves checkpoints to the settler, so that no request pays for one;
	 * STORE_TUNE_SETTLER also commits without waiting for the disk, which is safe because
	 * the settler only moves acknowledged points from log rows (committed durably) into
	 * day rows in one transaction: if its commit is lost, so is its deletion of those log
	 * rows, and a later durable commit makes it durable too. checkpoint copies the WAL into
	 * the database (SQLite's passive checkpoint) once the WAL holds at least min_pages
	 * pages, as a STORE_TUNE_SETTLER connection last saw it (its own commits' count, which
	 * includes every connection's pages before). No-ops where a backend has nothing to
	 * tune. */
	int (*tune)(struct store *st, enum store_tune t, struct gp_err *err);
	int (*checkpoint)(struct store *st, long min_pages, struct gp_err *err);
	/* Gives the file's free pages back to the file system once there are at least
	 * min_pages of them (SQLite's incremental vacuum: stores created by this version have
	 * auto_vacuum = INCREMENTAL; in older ones, a no-op). The readings log's pages are
	 * freed after each settle; a burst of writes would otherwise leave the file the size
	 * of its largest log. Outside a transaction; it writes, so it runs in the turn. */
	int (*reclaim)(struct store *st, long min_pages, struct gp_err *err);
	int (*begin)(struct store *st, struct gp_err *err);
	/* A read transaction: what it reads is one snapshot, and it takes no write lock, so
	 * writers on other connections go on meanwhile. Ended by commit or rollback. */
	int (*begin_read)(struct store *st, struct gp_err *err);
	int (*commit)(struct store *st, struct gp_err *err);
	void (*rollback)(struct store *st);

	int (*audit_add)(struct store *st, const char *actor, const char *action,
			 const char *entity, const char *key, const char *before_json,
			 const char *after_json, struct gp_err *err);
	int (*audit_list)(struct store *st, int limit, const char *entity, struct audit_entry **out,
			  size_t *n, struct gp_err *err);

	int (*park_get)(struct store *st, struct park *out, struct gp_err *err);
	int (*park_update)(struct store *st, const struct park *p, const char *actor,
			   struct gp_err *err);

	int (*subpark_ensure)(struct store *st, const char *name, const char *actor, int64_t *id,
			      bool *created, struct gp_err *err);
	int (*subpark_find)(struct store *st, const char *name, int64_t *id, struct gp_err *err);
	int (*subpark_list)(struct store *st, struct subpark **out, size_t *n, struct gp_err *err);

	int (*enterprise_upsert)(struct store *st, const struct enterprise *e, const char *actor,
				 int64_t *id, enum put_result *res, struct gp_err *err);
	int (*enterprise_find)(struct store *st, const char *uscc, struct enterprise *out,
			       struct gp_err *err);
	int (*enterprise_list)(struct store *st, const struct enterprise_filter *f,
			       struct enterprise **out, size_t *n, struct gp_err *err);

	int (*platform_upsert)(struct store *st, const struct platform *p, const char *actor,
			       enum put_result *res, struct gp_err *err);
	int (*platform_list)(struct store *st, struct platform **out, size_t *n,
			     struct gp_err *err);

	/* Factor library: tables loaded by init replace rows of the same key. */
	int (*item_put)(struct store *st, const struct item *it, const char *alt_units,
			struct gp_err *err);
	int (*grid_factor_put)(struct store *st, const struct grid_factor *g, struct gp_err *err);
	int (*equivalent_put)(struct store *st, const struct equivalent_factor *e,
			      struct gp_err *err);
	int (*override_set)(struct store *st, const struct factor_override *o, const char *actor,
			    struct gp_err *err);
	int (*override_unset)(struct store *st, int year, const char *key, const char *actor,
			      bool *found, struct gp_err *err);
	/* Loads items (indexed), grid factors, equivalents and overrides. */
	int (*factors_load)(struct store *st, struct factor_lib *lib, struct gp_err *err);

	/* Ledger. batch_begin opens the batch's transaction; activity_put writes one
	 * row (replacing an earlier value of the same enterprise, period and item,
	 * audited with old and new value; GP_ECONFLICT, writing nothing, when this
	 * batch already wrote that enterprise, period and item); batch_commit refreshes the yearly
	 * sums the batch touched, counts what it did and commits; batch_abort rolls it all back. */
	int (*batch_begin)(struct store *st, const char *actor, const char *kind,
			   const char *source, int64_t *batch, struct gp_err *err);
	int (*activity_put)(struct store *st, int64_t batch, int64_t enterprise_id, int period,
			    int64_t item_id, double quantity, struct gp_err *err);
	int (*batch_commit)(struct store *st, int64_t batch, struct batch_stats *stats,
			    struct gp_err *err);
	void (*batch_abort)(struct store *st, int64_t batch);
	/* Calls fn for every (enterprise, item) with the item's sum over the year's
	 * months, for the enterprises in scope. */
	int (*activity_year_sums)(struct store *st, int year, const struct scope *scope,
				  void (*fn)(void *arg, int64_t enterprise_id, int64_t item_id,
					     double quantity),
				  void *arg, struct gp_err *err);
	/* The years that have ledger data, ascending (at most max). */
	int (*activity_years)(struct store *st, int *years, size_t max, size_t *n,
			      struct gp_err *err);
	/* Calls fn for every monthly row with period in [from, to] (YYYYMM) of the
	 * enterprises in scope. */
	int (*activity_month_rows)(struct store *st, int from, int to, const struct scope *scope,
				   void (*fn)(void *arg, int64_t enterprise_id, int period,
					      int64_t item_id, double quantity),
				   void *arg, struct gp_err *err);
	int (*activity_list)(struct store *st, const struct activity_filter *f,
			     void (*fn)(void *arg, const struct activity_row *row), void *arg,
			     struct gp_err *err);
	/* Users, sessions, API tokens, failed logins (0002_users.sql). Secrets arrive
	 * hashed; user writes are audited without the hash. */
	int (*user_create)(struct store *st, const struct user *u, const char *password_hash,
			   const char *actor, struct gp_err *err);
	int (*user_set_password)(struct store *st, const char *name, const char *password_hash,
				 const char *actor, struct gp_err *err);
	int (*user_delete)(struct store *st, const char *name, const char *actor,
			   struct gp_err *err);
	/* Finds a user by name; hash (may be NULL) receives the password hash. */
	int (*user_find)(struct store *st, const char *name, struct user *out, char *hash,
			 size_t hashsz, struct gp_err *err);
	int (*user_list)(struct store *st, struct user **out, size_t *n, struct gp_err *err);
	int (*session_create)(struct store *st, const unsigned char *token_hash, int64_t user_id,
			      const char *csrf, long long now, long long expires_at,
			      struct gp_err *err);
	/* The session's user and CSRF token (csrf: 64 bytes); GP_ENOTFOUND when
	 * missing, expired, or idle longer than idle_s. Refreshes last_seen at most
	 * once a minute. */
	int (*session_get)(struct store *st, const unsigned char *token_hash, long long now,
			   long long idle_s, struct user *out, char *csrf, struct gp_err *err);
	int (*session_delete)(struct store *st, const unsigned char *token_hash,
			      struct gp_err *err);
	int (*token_create)(struct store *st, const unsigned char *token_hash, int64_t user_id,
			    const char *actor, struct gp_err *err);
	int (*token_get)(struct store *st, const unsigned char *token_hash, struct user *out,
			 struct gp_err *err);
	/* Records a failed login under key, and counts the key's failures since. */
	int (*login_failure_add)(struct store *st, const char *key, long long now,
				 struct gp_err *err);
	int (*login_failures)(struct store *st, const char *key, long long since, long *count,
			      struct gp_err *err);
	int (*login_failures_clear)(struct store *st, const char *key, struct gp_err *err);

	/* Indicator sets: init replaces a standard's rows; load returns them in file order. */
	int (*indicator_put)(struct store *st, const struct ind_def *d, int seq,
			     struct gp_err *err);
	int (*indicators_load)(struct store *st, const char *standard, struct ind_set *out,
			       struct gp_err *err);
	/* Park attributes per year (audited); get: GP_ENOTFOUND when not entered. */
	int (*attribute_set)(struct store *st, int year, const char *code, double value,
			     const char *source, const char *actor, struct gp_err *err);
	int (*attribute_get)(struct store *st, int year, const char *code, double *value,
			     struct gp_err *err);

	/* Targets (audited). */
	int (*target_add)(struct store *st, const struct target *t, const char *actor, int64_t *id,
			  struct gp_err *err);
	int (*target_list)(struct store *st, struct target **out, size_t *n, struct gp_err *err);
	int (*target_remove)(struct store *st, int64_t id, const char *actor, struct gp_err *err);

	/* Every enterprise's id by USCC (for imports). */
	int (*enterprise_ids)(struct store *st, void (*fn)(void *arg, const char *uscc, int64_t id),
			      void *arg, struct gp_err *err);

	/* The modules' operations (never NULL in a complete backend). */
	const struct projects_store_ops *projects;

	/* the service desk */
	const struct desk_store_ops *desk;

	/* the green-finance ledger */
	const struct finance_store_ops *finance;

	/* meters and their readings */
	const struct meters_store_ops *meters;

	/* the Modbus register map */
	const struct modbus_store_ops *modbus;

	/* meter alarms: rules, alarms and their log */
	const struct alarms_store_ops *alarms;

	/* the energy planner: the rooftop census */
	const struct plan_store_ops *plan;
};

/* A handle: the backend's ops and its connection. */
struct store_handle {
	const struct store_ops *ops;
	struct store *st;
};

/* Opens a store by URI: "postgresql://…" or "postgres://…" would select
 * PostgreSQL (not built yet: GP_EINPUT says so), anything else is a SQLite file
 * path. STORE_OPEN_EXISTING refuses a missing file or an out-of-date schema with
 * a message that says to run 'greenpark init'. */
int store_open(const char *uri, enum store_open_mode mode, struct store_handle *h,
	       struct gp_err *err);
/* store_open of an existing store for one of a server's threads, tuned as t says (the
 * ops' tune): HTTP workers, the MQTT subscriber, the Modbus poller and the alarm sweeper
 * take STORE_TUNE_SERVER, the settler STORE_TUNE_SETTLER. */
int store_open_tuned(const char *uri, enum store_tune t, struct store_handle *h,
		     struct gp_err *err);
void store_close(struct store_handle *h);

/* The schema version this binary writes. */
int store_current_version(void);

void audit_entries_free(struct audit_entry *list, size_t n);

extern const struct store_ops store_sqlite_ops;

/* Sums the year's quantities of every item over the enterprises in scope into
 * q[item index of lib] (lib->nitems doubles, zeroed first). Uses the backend's
 * activity_year_sums; items the library does not know are ignored. */
int store_year_quantities(struct store_handle *h, const struct factor_lib *lib, int year,
			  const struct scope *scope, double *q, struct gp_err *err);

/* Per-enterprise yearly quantities: the enterprises in scope that have any row for
 * the year, in id order (ids[i]), and q[i * lib->nitems + item index]. The caller
 * frees *ids and *q. */
int store_year_quantities_by_enterprise(struct store_handle *h, const struct factor_lib *lib,
					int year, const struct scope *scope, int64_t **ids,
					double **q, size_t *n, struct gp_err *err);

/* Monthly quantities: for the nmonths months from first (YYYYMM) on, the sum of every
 * item over the enterprises in scope into q[month slot × lib->nitems + item index]
 * (zeroed first); seen[slot] (may be NULL) is set for a month that has any row. */
int store_month_quantities(struct store_handle *h, const struct factor_lib *lib, int first,
			   int nmonths, const struct scope *scope, double *q, bool *seen,
			   struct gp_err *err);

/* The map from item id to index in lib (-1: unknown), ITEM_ID_MAX + 1 entries. */
void store_item_index(const struct factor_lib *lib, int *index_of_id);

#endif
