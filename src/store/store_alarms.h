/* store_alarms.h — alarm rules, alarms and the alarm log in the store (0012_alarms.sql),
 * reached as h->ops->alarms. Stores and looks up; core/alarms.c decides what an evaluation
 * or an action changes and report/alarms.c asks for it. Rule writes, acknowledgements and
 * clears are audited; every write to an alarm also adds its line to the alarm log in the
 * same savepoint. */
#ifndef GP_STORE_ALARMS_H
#define GP_STORE_ALARMS_H

#include "core/alarms.h"
#include "store/store.h"

#define ALARM_LIST_MAX 10000 /* rows of one alarm list or log answer */

/* Which alarms a list holds. */
struct alarm_filter {
	int64_t enterprise_id; /* 0: every enterprise's meters */
	int64_t meter_id;      /* 0: every meter */
	int64_t rule_id;       /* 0: every rule */
	int state;             /* an enum alarm_state, or -1: the open ones (all: every one) */
	bool all;              /* with state -1: cleared alarms too */
	size_t limit;          /* at most this many (1..ALARM_LIST_MAX) */
};

/* Open alarms counted by state (active, acked, returned) and severity (1-3). */
struct alarm_counts {
	long n[3][3]; /* [state][severity - 1] */
};

struct alarms_store_ops {
	/* Stores a rule (its meter by code, "" for every meter; r->id and the meter's id and
	 * enterprise are ignored), audited; *id the new rule. GP_ENOTFOUND for an unknown
	 * meter. */
	int (*rule_add)(struct store *st, const struct alarm_rule *r, const char *actor,
			int64_t *id, struct gp_err *err);
	/* The id of a stored rule (not removed) with the same kind, meter and parameters as r
	 * (for imports: a row imported again is unchanged); GP_ENOTFOUND (err not set) when
	 * there is none. */
	int (*rule_same)(struct store *st, const struct alarm_rule *r, int64_t *id,
			 struct gp_err *err);
	/* Enables or disables a rule (audited when it changes). GP_ENOTFOUND for a rule that
	 * does not exist or was removed. */
	int (*rule_set_enabled)(struct store *st, int64_t id, bool enabled, const char *actor,
				struct gp_err *err);
	/* Removes a rule: it is no longer listed or evaluated, its open alarms are cleared
	 * (logged with the note "rule removed") and the rule row stays for their history.
	 * Audited. GP_ENOTFOUND as above. */
	int (*rule_remove)(struct store *st, int64_t id, const char *actor, int64_t now,
			   struct gp_err *err);
	int (*rule_get)(struct store *st, int64_t id, struct alarm_rule *out, struct gp_err *err);
	/* The rules not removed, by id; enterprise_id > 0: only rules of that enterprise's
	 * meters (rules for every meter left out); enabled_only: only the enabled ones. The
	 * caller frees *out. */
	int (*rule_list)(struct store *st, int64_t enterprise_id, bool enabled_only,
			 struct alarm_rule **out, size_t *n, struct gp_err *err);

	/* What is stored of rule's alarms for meter; *open_id the open alarm (0: none). */
	int (*seen)(struct store *st, int64_t rule_id, int64_t meter_id, struct alarm_seen *out,
		    int64_t *open_id, struct gp_err *err);
	/* A new open alarm from verdict v (active, count 1), with its 'raise' line in the log
	 * at now by the system. */
	int (*raise)(struct store *st, int64_t rule_id, int64_t meter_id,
		     const struct alarm_verdict *v, int64_t now, int64_t *id, struct gp_err *err);
	/* The open alarm counts another violation: count + 1, last time, value and detail;
	 * active again (an alarm that had returned to normal loses its acknowledgement: the
	 * condition came back and needs a new one). Logged as 'update'. */
	int (*update)(struct store *st, int64_t id, const struct alarm_verdict *v, int64_t now,
		      struct gp_err *err);
	/* The open alarm's condition is gone: inactive, returned_at now. Logged as 'return'. */
	int (*back_to_normal)(struct store *st, int64_t id, const struct alarm_verdict *v,
			      int64_t now, struct gp_err *err);
	/* Acknowledges or clears an alarm (the caller has checked that it may), logged and
	 * audited with the alarm before and after. */
	int (*ack)(struct store *st, int64_t id, const char *actor, const char *note, int64_t now,
		   struct gp_err *err);
	int (*clear)(struct store *st, int64_t id, const char *actor, const char *note, int64_t now,
		     struct gp_err *err);

	int (*get)(struct store *st, int64_t id, struct alarm *out, struct gp_err *err);
	/* Alarms by state (active, acked, returned, cleared), severity, and latest first. The
	 * caller frees *out. */
	int (*list)(struct store *st, const struct alarm_filter *f, struct alarm **out, size_t *n,
		    struct gp_err *err);
	/* The open alarms counted (enterprise_id > 0: of that enterprise's meters). */
	int (*counts)(struct store *st, int64_t enterprise_id, struct alarm_counts *out,
		      struct gp_err *err);
	/* The log, newest first: of one alarm (alarm_id > 0) or every one, of one enterprise's
	 * meters (enterprise_id > 0) or all; at most limit lines. The caller frees *out. */
	int (*events)(struct store *st, int64_t enterprise_id, int64_t alarm_id, size_t limit,
		      struct alarm_event **out, size_t *n, struct gp_err *err);
};

extern const struct alarms_store_ops store_sqlite_alarms_ops;

#endif
