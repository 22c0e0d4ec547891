/* test_finance.c — the green-finance ledger: field rules at their boundaries
 * (core/finance.c), totals against a hand-worked example, sums exact to the fen, the demo's
 * published totals (DESIGN.md "Demo park": 23.22 亿元 credit, 11.88 亿元 loans, 20+
 * enterprises — 山亭经济开发区 2023) and the SQLite store: audited upsert by (bank, ref)
 * and lists that a bank filter narrows in the query. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "near.h"

#include "core/demo_finance.h"
#include "core/finance.h"
#include "store/store.h"
#include "store/store_finance.h"
#include "util/map.h"
#include "util/str.h"

#include "store_helpers.h"

#define W(x) ((int64_t)(x)*FIN_FEN_PER_WAN_YUAN) /* whole 万元 in fen */

/* ---- field rules ---- */

static void amounts(void **state)
{
	int64_t fen = -1;
	struct gp_err err;
	(void)state;
	assert_int_equal(fin_amount_parse("a", "1200", &fen, &err), GP_OK);
	assert_int_equal(fen, 1200000000LL);
	assert_int_equal(fin_amount_parse("a", "85.5", &fen, &err), GP_OK);
	assert_int_equal(fen, 85500000LL);
	assert_int_equal(fin_amount_parse("a", "0.000001", &fen, &err), GP_OK); /* one fen */
	assert_int_equal(fen, 1);
	assert_int_equal(fin_amount_parse("a", ".5", &fen, &err), GP_OK);
	assert_int_equal(fen, 500000);
	assert_int_equal(fin_amount_parse("a", "10000000", &fen, &err), GP_OK); /* the cap */
	assert_int_equal(fen, FIN_AMOUNT_MAX_FEN);
	assert_int_equal(fin_amount_parse("a", "10000000.000001", &fen, &err), GP_EINPUT);
	assert_contains(err.msg, "cap");
	assert_int_equal(fin_amount_parse("a", "99999999999999999999", &fen, &err), GP_EINPUT);
	assert_int_equal(fin_amount_parse("amount_wan_yuan", "-5", &fen, &err), GP_EINPUT);
	assert_contains(err.msg, "amount_wan_yuan '-5' is negative");
	assert_int_equal(fin_amount_parse("a", "0", &fen, &err), GP_EINPUT);
	assert_int_equal(fin_amount_parse("a", "0.0000001", &fen, &err), GP_EINPUT);
	assert_contains(err.msg, "6 decimals");
	assert_int_equal(fin_amount_parse("a", "1e3", &fen, &err), GP_EINPUT);
	assert_int_equal(fin_amount_parse("a", "", &fen, &err), GP_EINPUT);
	assert_int_equal(fin_amount_parse("a", ".", &fen, &err), GP_EINPUT);
	assert_int_equal(fin_amount_parse("a", "1,200", &fen, &err), GP_EINPUT);
	assert_int_equal(fin_amount_parse("a", "nan", &fen, &err), GP_EINPUT);
}

static void dates(void **state)
{
	int d = 0;
	struct gp_err err;
	(void)state;
	assert_int_equal(fin_date_parse("granted", "2024-02-29", &d, &err), GP_OK); /* leap */
	assert_int_equal(d, 20240229);
	assert_int_equal(fin_date_parse("granted", "2023-02-29", &d, &err), GP_EINPUT);
	assert_contains(err.msg, "day 29");
	assert_int_equal(fin_date_parse("granted", "2000-02-29", &d, &err), GP_OK);     /* 400 */
	assert_int_equal(fin_date_parse("granted", "2100-02-29", &d, &err), GP_EINPUT); /* 100 */
	assert_int_equal(fin_date_parse("granted", "2100-12-31", &d, &err), GP_OK);
	assert_int_equal(fin_date_parse("granted", "1990-01-01", &d, &err), GP_OK);
	assert_int_equal(fin_date_parse("granted", "1989-12-31", &d, &err), GP_EINPUT);
	assert_int_equal(fin_date_parse("granted", "2024-13-01", &d, &err), GP_EINPUT);
	assert_int_equal(fin_date_parse("granted", "2024-04-31", &d, &err), GP_EINPUT);
	assert_int_equal(fin_date_parse("granted", "2024-1-01", &d, &err), GP_EINPUT);
	assert_contains(err.msg, "YYYY-MM-DD");
	assert_int_equal(fin_date_parse("granted", "2024/01/01", &d, &err), GP_EINPUT);
}

static void purposes(void **state)
{
	static const char *const names[] = {
	    "energy_saving",        "clean_production", "clean_energy", "ecology",
	    "green_infrastructure", "green_services",   "general"};
	enum fin_purpose p;
	struct gp_err err;
	(void)state;
	for (int i = 0; i < PURPOSE_COUNT; i++) {
		assert_int_equal(fin_purpose_parse(names[i], &p, &err), GP_OK);
		assert_int_equal(p, i);
		assert_string_equal(fin_purpose_name(p), names[i]);
		assert_true(fin_purpose_green(p) == (i != PURPOSE_GENERAL));
	}
	assert_string_equal(fin_purpose_name_zh(PURPOSE_GREEN_INFRASTRUCTURE), "基础设施绿色升级");
	assert_int_equal(fin_purpose_parse("Clean_Energy", &p, &err), GP_EINPUT);
	assert_int_equal(fin_purpose_parse("solar", &p, &err), GP_EINPUT);
	for (int i = 0; i < PURPOSE_COUNT; i++) /* the message lists every valid one */
		assert_contains(err.msg, names[i]);
}

static struct fin_record loan_of(double rate, int term, int start, int end)
{
	struct fin_record r;
	memset(&r, 0, sizeof(r));
	r.kind = FIN_LOAN;
	str_copy(r.bank, sizeof(r.bank), "A 银行");
	str_copy(r.ref, sizeof(r.ref), "DK-1");
	r.amount_fen = W(100);
	r.start = start;
	r.end = end;
	r.rate_pct = rate;
	r.term_months = term;
	r.purpose = PURPOSE_CLEAN_ENERGY;
	return r;
}

static void record_rules(void **state)
{
	struct gp_err err;
	struct fin_record r;
	(void)state;
	r = loan_of(0, 1, 20230101, 20230102);
	assert_int_equal(fin_record_check(&r, &err), GP_OK); /* rate 0 (贴息) and 1 month */
	r = loan_of(36, 600, 20230101, 20230102);
	assert_int_equal(fin_record_check(&r, &err), GP_OK);
	r = loan_of(36.01, 12, 20230101, 20240101);
	assert_int_equal(fin_record_check(&r, &err), GP_EINPUT);
	assert_contains(err.msg, "rate_pct");
	r = loan_of(-0.01, 12, 20230101, 20240101);
	assert_int_equal(fin_record_check(&r, &err), GP_EINPUT);
	r = loan_of(NAN, 12, 20230101, 20240101);
	assert_int_equal(fin_record_check(&r, &err), GP_EINPUT);
	r = loan_of(3.45, 0, 20230101, 20240101);
	assert_int_equal(fin_record_check(&r, &err), GP_EINPUT);
	assert_contains(err.msg, "term_months");
	r = loan_of(3.45, 601, 20230101, 20240101);
	assert_int_equal(fin_record_check(&r, &err), GP_EINPUT);
	r = loan_of(3.45, 12, 20230101, 20230101); /* maturity on the disbursement day */
	assert_int_equal(fin_record_check(&r, &err), GP_EINPUT);
	assert_contains(err.msg, "maturity 2023-01-01 is not after disbursed 2023-01-01");
	r = loan_of(3.45, 12, 20230601, 20230101);
	assert_int_equal(fin_record_check(&r, &err), GP_EINPUT);
	r = loan_of(3.45, 12, 20230101, 20240101);
	r.amount_fen = 0;
	assert_int_equal(fin_record_check(&r, &err), GP_EINPUT);
	r.amount_fen = FIN_AMOUNT_MAX_FEN + 1;
	assert_int_equal(fin_record_check(&r, &err), GP_EINPUT);
	r = loan_of(3.45, 12, 20230101, 20240101);
	memset(r.ref, 'x', FIN_REF_MAX); /* 64 bytes: the cap */
	r.ref[FIN_REF_MAX] = '\0';
	assert_int_equal(fin_record_check(&r, &err), GP_OK);
	r.bank[0] = '\0';
	assert_int_equal(fin_record_check(&r, &err), GP_EINPUT);
	assert_int_equal(fin_text_check("note", "a\tb", 10, false, &err), GP_EINPUT);
	assert_int_equal(fin_text_check("note", "\xff", 10, false, &err), GP_EINPUT);
	assert_int_equal(fin_text_check("note", "12345678901", 10, false, &err), GP_EINPUT);
	assert_int_equal(fin_text_check("note", "", 10, false, &err), GP_OK);
}

/* ---- totals ---- */

static struct fin_record rec(enum fin_kind k, const char *bank, const char *uscc, const char *sub,
			     int64_t fen, int start, enum fin_purpose p)
{
	struct fin_record r;
	memset(&r, 0, sizeof(r));
	r.kind = k;
	str_copy(r.bank, sizeof(r.bank), bank);
	str_copy(r.ref, sizeof(r.ref), "x");
	str_copy(r.uscc, sizeof(r.uscc), uscc);
	str_copy(r.enterprise, sizeof(r.enterprise), uscc);
	str_copy(r.subpark, sizeof(r.subpark), sub);
	r.amount_fen = fen;
	r.start = start;
	r.end = start + 10000;
	r.purpose = p;
	return r;
}

static const struct fin_total *find(const struct fin_total *list, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].key, key) == 0)
			return &list[i];
	fail_msg("no group '%s'", key);
	return NULL;
}

/* Three credits and three loans, worked by hand:
 *   C1 A E1 S1 1000.50 2023 clean_energy   L1 A E1 S1 300.25 2023 clean_energy
 *   C2 B E1 S1  500    2024 general        L2 A E3 —  200    2024 general
 *   C3 A E2 S2    0.000001 2023 ecology    L3 B E1 S1 100    2022 energy_saving
 * credit 1500.500001 万元, loans 600.25; with credit E1 E2, with loans E1 E3, in all 3;
 * green credit 1000.500001, green loans 400.25. */
static void summary_by_hand(void **state)
{
	struct fin_record r[6];
	struct fin_summary s;
	const struct fin_total *t;
	(void)state;
	r[0] = rec(FIN_CREDIT, "A", "E1", "S1", 1000500000, 20230301, PURPOSE_CLEAN_ENERGY);
	r[1] = rec(FIN_CREDIT, "B", "E1", "S1", W(500), 20240110, PURPOSE_GENERAL);
	r[2] = rec(FIN_CREDIT, "A", "E2", "S2", 1, 20230601, PURPOSE_ECOLOGY);
	r[3] = rec(FIN_LOAN, "A", "E1", "S1", 300250000, 20230401, PURPOSE_CLEAN_ENERGY);
	r[4] = rec(FIN_LOAN, "A", "E3", "", W(200), 20240201, PURPOSE_GENERAL);
	r[5] = rec(FIN_LOAN, "B", "E1", "S1", W(100), 20221231, PURPOSE_ENERGY_SAVING);
	fin_summarize(r, 6, &s);
	assert_int_equal(s.credit_fen, 1500500001LL);
	assert_int_equal(s.loan_fen, 600250000LL);
	assert_true(fin_wan_yuan(s.credit_fen) == 1500.500001);
	assert_true(fin_wan_yuan(s.loan_fen) == 600.25);
	assert_int_equal(s.credits, 3);
	assert_int_equal(s.loans, 3);
	assert_int_equal(s.enterprises_with_credit, 2);
	assert_int_equal(s.enterprises_with_loans, 2);
	assert_int_equal(s.enterprises, 3);
	assert_int_equal(s.green_credit_fen, 1000500001LL);
	assert_int_equal(s.green_loan_fen, 400250000LL);
	assert_near(fin_green_share(s.green_loan_fen, s.loan_fen), 400.25 / 600.25, 1e-15);
	assert_true(isnan(fin_green_share(0, 0)));

	/* by bank, largest credit first: A 1000.500001 (2 lines, 2 loans 500.25, E1 E2 E3),
	 * B 500 (1 line, 1 loan 100, E1) */
	assert_int_equal(s.nbank, 2);
	assert_string_equal(s.by_bank[0].key, "A");
	assert_int_equal(s.by_bank[0].credit_fen, 1000500001LL);
	assert_int_equal(s.by_bank[0].loan_fen, 500250000LL);
	assert_int_equal(s.by_bank[0].credits, 2);
	assert_int_equal(s.by_bank[0].loans, 2);
	assert_int_equal(s.by_bank[0].enterprises, 3);
	assert_string_equal(s.by_bank[1].key, "B");
	assert_int_equal(s.by_bank[1].enterprises, 1);

	/* by sub-park: S1 1500.5 / 400.25 (E1), S2 0.000001 / 0 (E2), none 0 / 200 (E3) */
	assert_int_equal(s.nsubpark, 3);
	assert_string_equal(s.by_subpark[0].key, "S1");
	assert_int_equal(s.by_subpark[0].credit_fen, 1500500000LL);
	assert_int_equal(s.by_subpark[0].loan_fen, 400250000LL);
	assert_int_equal(s.by_subpark[0].enterprises, 1);
	assert_string_equal(s.by_subpark[1].key, "S2");
	assert_string_equal(s.by_subpark[2].key, "");
	assert_int_equal(s.by_subpark[2].loan_fen, W(200));

	/* by enterprise: E1 1500.5 / 400.25 first */
	assert_int_equal(s.nenterprise, 3);
	assert_string_equal(s.by_enterprise[0].key, "E1");
	assert_string_equal(s.by_enterprise[0].name, "E1");
	assert_int_equal(s.by_enterprise[0].credits, 2);
	assert_int_equal(s.by_enterprise[0].loans, 2);

	/* by purpose, in enum order: general 500 / 200 over E1 and E3 */
	t = &s.by_purpose[PURPOSE_GENERAL];
	assert_string_equal(t->key, "general");
	assert_int_equal(t->credit_fen, W(500));
	assert_int_equal(t->loan_fen, W(200));
	assert_int_equal(t->enterprises, 2);
	assert_int_equal(s.by_purpose[PURPOSE_ECOLOGY].credit_fen, 1);
	assert_int_equal(s.by_purpose[PURPOSE_ENERGY_SAVING].loan_fen, W(100));
	assert_int_equal(s.by_purpose[PURPOSE_GREEN_SERVICES].credits, 0);

	/* by year, ascending: 2022 loans 100; 2023 credit 1000.500001, loans 300.25 (E1, E2);
	 * 2024 credit 500, loans 200 (E1, E3) */
	assert_int_equal(s.nyear, 3);
	assert_string_equal(s.by_year[0].key, "2022");
	assert_int_equal(s.by_year[0].loan_fen, W(100));
	t = find(s.by_year, s.nyear, "2023");
	assert_int_equal(t->credit_fen, 1000500001LL);
	assert_int_equal(t->loan_fen, 300250000LL);
	assert_int_equal(t->enterprises, 2);
	assert_string_equal(s.by_year[2].key, "2024");
	assert_int_equal(s.by_year[2].enterprises, 2);
	fin_summary_release(&s);

	fin_summarize(NULL, 0, &s); /* nothing: zeros, no groups */
	assert_int_equal(s.credit_fen, 0);
	assert_int_equal(s.nbank, 0);
	fin_summary_release(&s);
}

/* Ten loans of 0.1 万元 sum to exactly 1 万元; ten doubles 0.1 do not (0.9999999999999999). */
static void exact_to_the_fen(void **state)
{
	struct fin_record r[10];
	struct fin_summary s;
	double naive = 0;
	int64_t fen;
	(void)state;
	for (int i = 0; i < 10; i++) {
		assert_int_equal(fin_amount_parse("a", "0.1", &fen, NULL), GP_OK);
		r[i] = rec(FIN_LOAN, "A", "E1", "", fen, 20230101, PURPOSE_GENERAL);
		naive += 0.1;
	}
	fin_summarize(r, 10, &s);
	assert_true(naive != 1.0); /* why the ledger sums integers */
	assert_int_equal(s.loan_fen, W(1));
	assert_true(fin_wan_yuan(s.loan_fen) == 1.0);
	fin_summary_release(&s);
}

/* ---- the demo: published totals, exact; same seed, same bytes ---- */

/* Sums field 3 (amount_wan_yuan) of every data line of a CSV text and counts the distinct
 * USCCs of field 2. */
static void csv_totals(const struct buf *b, int64_t *fen, size_t *rows, size_t *enterprises)
{
	struct strmap seen;
	char *text = xstrndup(b->data, b->len), *line, *next;
	bool header = true;

	strmap_init(&seen);
	*fen = 0;
	*rows = *enterprises = 0;
	for (line = text; *line; line = next) {
		char *f[12], *p = line;
		size_t nf = 0;
		int64_t v;
		next = strchr(line, '\n');
		next = next ? (*next = '\0', next + 1) : line + strlen(line);
		if (header) {
			header = false;
			continue;
		}
		while (nf < 12) {
			f[nf++] = p;
			p = strchr(p, ',');
			if (!p)
				break;
			*p++ = '\0';
		}
		assert_true(nf >= 9);
		assert_int_equal(fin_amount_parse("amount", f[3], &v, NULL), GP_OK);
		*fen += v;
		(*rows)++;
		if (strmap_put(&seen, f[2], 1))
			(*enterprises)++;
	}
	strmap_release(&seen);
	free(text);
}

static void demo_totals(void **state)
{
	struct enterprise ents[64];
	struct demo_finance a, b, c;
	int64_t fen;
	size_t rows, nent;
	(void)state;
	memset(ents, 0, sizeof(ents));
	for (int i = 0; i < 64; i++) {
		str_fmt(ents[i].uscc, sizeof(ents[i].uscc), "91370406MADM%04dY0", i + 1);
		ents[i].leading = (enum leading_industry)(i % LEADING_COUNT);
	}
	assert_int_equal(demo_finance_generate(ents, 64, 370406, NULL, 0, &a, NULL), GP_OK);
	csv_totals(&a.credits_csv, &fen, &rows, &nent);
	assert_int_equal(fen, W(232200)); /* 授信 23.22 亿元 */
	assert_int_equal(rows, a.credits);
	assert_int_equal(nent, DEMO_FIN_ENTERPRISES);
	assert_true(nent >= 20); /* "20+ enterprises" */
	csv_totals(&a.loans_csv, &fen, &rows, &nent);
	assert_int_equal(fen, W(118800)); /* 贷款 11.88 亿元 */
	assert_int_equal(rows, a.loans);
	assert_true(strstr(a.credits_csv.data, DEMO_FIN_USER_BANK) != NULL);

	assert_int_equal(demo_finance_generate(ents, 64, 370406, NULL, 0, &b, NULL), GP_OK);
	assert_int_equal(a.credits_csv.len, b.credits_csv.len);
	assert_memory_equal(a.credits_csv.data, b.credits_csv.data, a.credits_csv.len);
	assert_int_equal(a.loans_csv.len, b.loans_csv.len);
	assert_memory_equal(a.loans_csv.data, b.loans_csv.data, a.loans_csv.len);

	assert_int_equal(demo_finance_generate(ents, 64, 7, NULL, 0, &c, NULL),
			 GP_OK); /* another seed */
	assert_true(c.loans_csv.len != a.loans_csv.len ||
		    memcmp(c.loans_csv.data, a.loans_csv.data, a.loans_csv.len) != 0);
	csv_totals(&c.loans_csv, &fen, &rows, &nent);
	assert_int_equal(fen, W(118800));
	demo_finance_release(&a);
	demo_finance_release(&b);
	demo_finance_release(&c);
	assert_int_equal(demo_finance_generate(ents, 22, 1, NULL, 0, &a, NULL),
			 GP_EINPUT); /* too few */
}

/* ---- the SQLite store ---- */

#define USCC_A "91370406MA3C00010M" /* tests/data/enterprises.csv */
#define USCC_B "91370406MA3C00020N"

struct fx {
	char dir[256], db[320];
	struct store_handle h;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	if (!f || temp_store_open(f->dir, f->db, "fin", &f->h) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	temp_store_close(f->dir, f->db, &f->h);
	free(f);
	return 0;
}

static int64_t add_enterprise(struct store_handle *h, const char *uscc, const char *name)
{
	struct enterprise e;
	struct gp_err err;
	enum put_result res;
	int64_t id;

	memset(&e, 0, sizeof(e));
	str_copy(e.uscc, sizeof(e.uscc), uscc);
	str_copy(e.name, sizeof(e.name), name);
	str_copy(e.industry_code, sizeof(e.industry_code), "C3841");
	assert_int_equal(h->ops->enterprise_upsert(h->st, &e, "t", &id, &res, &err), GP_OK);
	return id;
}

static void store_upsert_and_scope(void **state)
{
	struct fx *f = *state;
	const struct finance_store_ops *fo = f->h.ops->finance;
	struct fin_record r, *list;
	struct fin_filter only_b = {"B 银行", 0, 0}, year = {NULL, 0, 2024};
	struct fin_bank *banks;
	struct gp_err err;
	enum put_result res;
	size_t n;
	int64_t bank, ea;
	bool created;

	assert_non_null(fo);
	ea = add_enterprise(&f->h, USCC_A, "甲公司");
	add_enterprise(&f->h, USCC_B, "乙公司");
	assert_int_equal(fo->bank_ensure(f->h.st, "A 银行", "t", &bank, &created, &err), GP_OK);
	assert_true(created);
	assert_int_equal(fo->bank_ensure(f->h.st, "A 银行", "t", &bank, &created, &err), GP_OK);
	assert_false(created);
	assert_int_equal(fo->bank_ensure(f->h.st, "B 银行", "t", &bank, &created, &err), GP_OK);
	assert_int_equal(audit_count_of(&f->h, "bank"), 2);

	r = loan_of(3.45, 12, 20230101, 20240101);
	str_copy(r.bank, sizeof(r.bank), "A 银行");
	str_copy(r.uscc, sizeof(r.uscc), USCC_A);
	assert_int_equal(fo->record_put(f->h.st, &r, "t", &res, &err), GP_OK);
	assert_int_equal(res, PUT_INSERTED);
	assert_int_equal(fo->record_put(f->h.st, &r, "t", &res, &err), GP_OK);
	assert_int_equal(res, PUT_UNCHANGED);
	r.amount_fen = W(150);
	assert_int_equal(fo->record_put(f->h.st, &r, "t", &res, &err), GP_OK);
	assert_int_equal(res, PUT_REPLACED);
	assert_int_equal(audit_count_of(&f->h, "loan"), 2); /* insert + update, not unchanged */
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM loan"), 1);
	assert_int_equal(sql_int(f->db, "SELECT amount_fen FROM loan"), W(150));

	/* the same ref at another bank is another loan; B's loan is in another year */
	str_copy(r.bank, sizeof(r.bank), "B 银行");
	str_copy(r.uscc, sizeof(r.uscc), USCC_B);
	r.start = 20240301;
	r.end = 20250301;
	assert_int_equal(fo->record_put(f->h.st, &r, "t", &res, &err), GP_OK);
	assert_int_equal(res, PUT_INSERTED);

	assert_int_equal(fo->record_list(f->h.st, FIN_LOAN, &only_b, &list, &n, &err), GP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].bank, "B 银行");
	assert_string_equal(list[0].enterprise, "乙公司");
	assert_int_equal(list[0].start, 20240301);
	assert_near(list[0].rate_pct, 3.45, 0);
	free(list);
	assert_int_equal(fo->record_list(f->h.st, FIN_LOAN, &year, &list, &n, &err), GP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].bank, "B 银行");
	free(list);
	{
		struct fin_filter ent = {NULL, ea, 0};
		assert_int_equal(fo->record_list(f->h.st, FIN_LOAN, &ent, &list, &n, &err), GP_OK);
		assert_int_equal(n, 1);
		assert_string_equal(list[0].uscc, USCC_A);
		free(list);
	}
	assert_int_equal(fo->bank_list(f->h.st, &only_b, &banks, &n, &err), GP_OK);
	assert_int_equal(n, 1);
	assert_int_equal(banks[0].loans, 1);
	assert_int_equal(banks[0].loan_fen, W(150));
	free(banks);

	/* an unknown enterprise, bank or project writes nothing */
	str_copy(r.uscc, sizeof(r.uscc), "91370406MA3C00030P");
	assert_int_equal(fo->record_put(f->h.st, &r, "t", &res, &err), GP_ENOTFOUND);
	str_copy(r.uscc, sizeof(r.uscc), USCC_A);
	str_copy(r.bank, sizeof(r.bank), "C 银行");
	assert_int_equal(fo->record_put(f->h.st, &r, "t", &res, &err), GP_ENOTFOUND);
	str_copy(r.bank, sizeof(r.bank), "A 银行");
	str_copy(r.project, sizeof(r.project), "P-404");
	assert_int_equal(fo->record_put(f->h.st, &r, "t", &res, &err), GP_ENOTFOUND);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM loan"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(amounts),
	    cmocka_unit_test(dates),
	    cmocka_unit_test(purposes),
	    cmocka_unit_test(record_rules),
	    cmocka_unit_test(summary_by_hand),
	    cmocka_unit_test(exact_to_the_fen),
	    cmocka_unit_test(demo_totals),
	    cmocka_unit_test_setup_teardown(store_upsert_and_scope, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
