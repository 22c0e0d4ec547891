/* store_finance.h — the green-finance ledger's store operations (0007_finance.sql),
 * reached as h->ops->finance. Banks, credit lines (授信) and loans (贷款). The store keeps
 * the rules of store.h: every write is audited in the same transaction, a single write
 * is atomic on its own (a savepoint), and it never computes: totals are core/finance.c's
 * (fin_summarize over the rows a filter lets through).
 *
 * Scope: every list takes a struct fin_filter, and a scoped user's filter (its bank, or
 * its enterprise) is applied in the query, so another bank's rows are never read. */
#ifndef GP_STORE_FINANCE_H
#define GP_STORE_FINANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/finance.h"
#include "store/store.h"
#include "util/err.h"

/* Which records a list returns; every member set narrows it (AND). */
struct fin_filter {
	const char *bank;      /* exact bank name, or NULL: every bank */
	int64_t enterprise_id; /* 0: every enterprise */
	int year;              /* year of the grant or disbursement; 0: every year */
};

/* A bank with the number and sums of its records (under the filter's enterprise and
 * year; exact integer sums in fen). */
struct fin_bank {
	int64_t id;
	char name[FIN_BANK_MAX + 1];
	size_t credits, loans;
	int64_t credit_fen, loan_fen;
};

struct finance_store_ops {
	/* The bank of that name, created (audited, *created = true) when missing. */
	int (*bank_ensure)(struct store *st, const char *name, const char *actor, int64_t *id,
			   bool *created, struct gp_err *err);
	/* Banks by name, filtered by f->bank; with f->enterprise_id or f->year set, only
	 * banks that have a record under the filter. The caller frees *out. */
	int (*bank_list)(struct store *st, const struct fin_filter *f, struct fin_bank **out,
			 size_t *n, struct gp_err *err);
	/* The id of the pipeline project with that code; GP_ENOTFOUND when none. */
	int (*project_find)(struct store *st, const char *code, int64_t *id, struct gp_err *err);
	/* Writes a credit line or loan (r->kind), keyed by (bank, ref): inserted, or the
	 * stored one updated (audited with before and after; unchanged values write
	 * nothing). The bank must exist (bank_ensure), the enterprise (r->uscc) be
	 * registered and r->project, when set, name a project. */
	int (*record_put)(struct store *st, const struct fin_record *r, const char *actor,
			  enum put_result *res, struct gp_err *err);
	/* The records of a kind under the filter, by start date, bank and ref, with the
	 * enterprise's name and sub-park filled in. The caller frees *out. */
	int (*record_list)(struct store *st, enum fin_kind kind, const struct fin_filter *f,
			   struct fin_record **out, size_t *n, struct gp_err *err);
};

extern const struct finance_store_ops store_sqlite_finance_ops;

/* Both kinds under the filter in one array (credits first); the caller frees *out. */
int fin_records_load(struct store_handle *h, const struct fin_filter *f, struct fin_record **out,
		     size_t *n, struct gp_err *err);

#endif
