/* store_modbus.h — the Modbus register map in the store (0010_modbus.sql), reached as
 * h->ops->modbus: one row per meter. Stores and looks up; core/modbus_map.c parses and
 * decodes, ingest/modbus_poll.c polls. Writes are audited. */
#ifndef GP_STORE_MODBUS_H
#define GP_STORE_MODBUS_H

#include "core/modbus_map.h"
#include "store/store.h"

struct modbus_store_ops {
	/* Stores e (its meter by code; e->meter_id is ignored), replacing the meter's
	 * register if it has one; *pr says which. GP_ENOTFOUND for an unknown meter. */
	int (*register_put)(struct store *st, const struct modbus_entry *e, const char *actor,
			    enum put_result *pr, struct gp_err *err);
	/* Every mapped register with its meter's code and id, by host, port, unit and
	 * meter code (so one device's registers are adjacent). The caller frees *out. */
	int (*register_list)(struct store *st, struct modbus_entry **out, size_t *n,
			     struct gp_err *err);
};

extern const struct modbus_store_ops store_sqlite_modbus_ops;

#endif
