/* store_desk.h — the service desk's storage operations (0006_desk.sql), reached as
 * h->ops->desk. Implemented by store_sqlite_desk.c. Every write records an audit row in the
 * same transaction (a savepoint, so a write is atomic inside or outside the caller's
 * transaction). The store routes nothing and checks no status flow: core/desk.c decides,
 * the store keeps. */
#ifndef GP_STORE_DESK_H
#define GP_STORE_DESK_H

#include <stddef.h>
#include <stdint.h>

#include "core/desk.h"
#include "store/store.h"
#include "util/err.h"

/* Which tickets a list returns. */
struct desk_filter {
	int64_t enterprise_id; /* 0: all enterprises */
	int status;            /* enum desk_status, or -1 for any */
	int category;          /* enum desk_category, or -1 for any */
	int year;              /* opened in this year; 0: any */
	int overdue_today;     /* YYYYMMDD: only tickets overdue on that day; 0: no filter */
};

/* One status change of a ticket. */
struct desk_event {
	int64_t id;
	int from; /* enum desk_status, -1: the filing */
	enum desk_status to;
	int date; /* YYYYMMDD */
	char actor[96];
	char note[DESK_NOTE_MAX + 1];
	char at[32];
};

struct desk_store_ops {
	/* Sets an assignment: an industry prefix's department, or an enterprise's staff owner
	 * (a->uscc names a registered enterprise, else GP_ENOTFOUND) and the owner's
	 * department. The department is created when new. An existing prefix or enterprise is
	 * replaced; *res says whether it was inserted, replaced or unchanged. */
	int (*assignment_put)(struct store *st, const struct desk_assignment *a, const char *actor,
			      enum put_result *res, struct gp_err *err);
	/* Every assignment: industries by prefix, then enterprises by USCC (the caller frees
	 * *out). */
	int (*assignment_list)(struct store *st, struct desk_assignment **out, size_t *n,
			       struct gp_err *err);

	/* Files a ticket as given (routing, status and dates decided by the caller; the
	 * enterprise by t->enterprise_id). Records the filing as the first event, on t->opened,
	 * with note (may be NULL). With t->source_key set and already stored, nothing is written
	 * and *res is PUT_UNCHANGED (*id the stored ticket); else PUT_INSERTED. */
	int (*ticket_add)(struct store *st, const struct desk_ticket *t, const char *note,
			  const char *actor, int64_t *id, enum put_result *res, struct gp_err *err);
	/* One ticket with its attachments (the caller releases it with desk_ticket_release);
	 * GP_ENOTFOUND when there is no such id. */
	int (*ticket_get)(struct store *st, int64_t id, struct desk_ticket *out,
			  struct gp_err *err);
	/* The tickets that pass f, newest first (opened, then id), without attachments (the
	 * caller frees them with desk_tickets_free). */
	int (*ticket_list)(struct store *st, const struct desk_filter *f, struct desk_ticket **out,
			   size_t *n, struct gp_err *err);
	/* Moves ticket id from status from to to on date (YYYYMMDD) with note: only if it is
	 * still in from (else GP_ECONFLICT, nothing written). resolved sets the resolution (the
	 * note) and the resolved date; reopened clears the resolved date; confirmed sets the
	 * confirmed date. Records the event. */
	int (*ticket_move)(struct store *st, int64_t id, enum desk_status from, enum desk_status to,
			   int date, const char *note, const char *actor, struct gp_err *err);
	/* The ticket's events in order (the caller frees *out). */
	int (*ticket_events)(struct store *st, int64_t id, struct desk_event **out, size_t *n,
			     struct gp_err *err);
};

extern const struct desk_store_ops store_sqlite_desk_ops;

#endif
