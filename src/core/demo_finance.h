/* demo_finance.h — the demo park's green-finance ledger (DESIGN.md "Demo park": "20+
 * enterprises granted 23.22亿元 of credit with 11.88亿元 of loans disbursed", 山亭经济开发区
 * 2023). Generates the credits and loans CSV texts in exactly the format of 'greenpark
 * import credits|loans', from the enterprises as stored and the seed, so the demo passes
 * every check a bank's file would. Banks, contract numbers, dates, rates and the split of
 * the totals are fictional sample data (示例数据); the three published figures are exact.
 * Pure: no I/O, no store, no global state; the same enterprises and seed give the same
 * bytes. A loan to an enterprise that invests in a project of the pipeline names that
 * project (the first loan of the enterprise, when it has loans). */
#ifndef GP_DEMO_FINANCE_H
#define GP_DEMO_FINANCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/registry.h"
#include "util/err.h"
#include "util/str.h"

/* The published figures the demo reproduces exactly. */
#define DEMO_FIN_CREDIT_WAN_YUAN 232200 /* 授信 23.22 亿元 */
#define DEMO_FIN_LOAN_WAN_YUAN   118800 /* 贷款 11.88 亿元 */
#define DEMO_FIN_ENTERPRISES     23     /* "20+ enterprises" granted credit */
#define DEMO_FIN_BANKS           5
/* The bank of the demo's bank account (cmd_demo.c create_users). */
#define DEMO_FIN_USER_BANK "枣庄示例银行"

struct demo_finance {
	struct buf
	    credits_csv; /* bank,ref,uscc,amount_wan_yuan,granted,expires,purpose,project,note */
	struct buf loans_csv;  /* bank,ref,uscc,amount_wan_yuan,disbursed,maturity,rate_pct,... */
	size_t credits, loans; /* data rows */
};

/* A project of the pipeline and the enterprise that invests in it. */
struct demo_fin_link {
	char uscc[USCC_LEN + 1];
	char project[33];
};

/* Generates the texts for the n enterprises (any order: they are taken by USCC) and the
 * seed into out (overwritten); links (may be NULL) name the projects loans finance.
 * GP_EINPUT when there are fewer than DEMO_FIN_ENTERPRISES enterprises. The caller
 * frees out with demo_finance_release. */
int demo_finance_generate(const struct enterprise *ents, size_t n, uint64_t seed,
			  const struct demo_fin_link *links, size_t nlinks,
			  struct demo_finance *out, struct gp_err *err);
void demo_finance_release(struct demo_finance *d);

#endif
