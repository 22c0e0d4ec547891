/* demo_finance.c — the demo's credit lines and loans (demo_finance.h). Amounts are whole
 * units split by the largest-remainder method, so the totals are the published ones
 * exactly: credit lines in units of 100 万元, loans in units of 10 万元, each loan drawn
 * under one credit line of the same bank and enterprise and never above it. */
#include "core/demo_finance.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/finance.h"
#include "util/rng.h"

#define CREDIT_UNIT_WAN 100 /* 万元 */
#define LOAN_UNIT_WAN   10
#define MAX_LINES       64

/* lo..hi inclusive */
static int rng_int(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (size_t)hi - (size_t)lo + 1);
}

/* ---- banks (fictional branches; sample data) ---- */

static const struct {
	const char *name, *code;
} banks[DEMO_FIN_BANKS] = {
    {DEMO_FIN_USER_BANK, "ZZSL"},
    {"齐鲁示例银行枣庄分行", "QLSL"},
    {"鲁南示例农村商业银行山亭支行", "LNNS"},
    {"示例绿色发展银行枣庄分行", "LFSL"},
    {"山亭示例村镇银行", "STCZ"},
};

/* The one-year LPR (全国银行间同业拆借中心) at the start of each year, in %: 2022 3.80,
 * 2023 3.65, 2024 3.45. Demo rates are LPR plus a spread. */
static double lpr_pct(int year)
{
	return year <= 2022 ? 3.80 : year == 2023 ? 3.65 : 3.45;
}

/* Two purposes that fit each leading industry (green first). */
static enum fin_purpose purpose_for(enum leading_industry l, struct rng *r)
{
	static const enum fin_purpose by[LEADING_COUNT][2] = {
	    [LEADING_NEW_ENERGY_MATERIALS] = {PURPOSE_CLEAN_ENERGY, PURPOSE_ENERGY_SAVING},
	    [LEADING_NEW_TECH_EQUIPMENT] = {PURPOSE_ENERGY_SAVING, PURPOSE_CLEAN_PRODUCTION},
	    [LEADING_HEALTH_FOOD] = {PURPOSE_CLEAN_PRODUCTION, PURPOSE_ECOLOGY},
	    [LEADING_OTHER] = {PURPOSE_GREEN_INFRASTRUCTURE, PURPOSE_GREEN_SERVICES},
	};
	double u = rng_unit(r);

	if (u < 0.12)
		return PURPOSE_GENERAL;
	if ((unsigned)l >= LEADING_COUNT)
		l = LEADING_OTHER;
	return by[l][u < 0.6 ? 0 : 1];
}

/* Splits total units over n shares by weight, each at least min (total >= n * min): the
 * largest-remainder method, so the parts sum to total exactly. */
static void split_units(long total, const double *w, size_t n, long min, long *out)
{
	double sum = 0, rest[MAX_LINES];
	long left = total - (long)n * min, given = 0;

	for (size_t i = 0; i < n; i++)
		sum += w[i];
	for (size_t i = 0; i < n; i++) {
		double exact = (double)left * w[i] / sum;
		out[i] = (long)exact;
		rest[i] = exact - (double)out[i];
		given += out[i];
	}
	while (given < left) { /* the largest remainders get one more unit */
		size_t best = 0;
		for (size_t i = 1; i < n; i++)
			if (rest[i] > rest[best])
				best = i;
		out[best]++;
		rest[best] = -1;
		given++;
	}
	for (size_t i = 0; i < n; i++)
		out[i] += min;
}

/* What the generator takes of an enterprise. */
struct borrower {
	char uscc[USCC_LEN + 1];
	enum leading_industry leading;
};

static int by_uscc(const void *a, const void *b)
{
	return strcmp(((const struct borrower *)a)->uscc, ((const struct borrower *)b)->uscc);
}

static void date_text(int y, int m, int d, char *out, size_t outsz)
{
	while (m > 12) {
		m -= 12;
		y++;
	}
	str_fmt(out, outsz, "%04d-%02d-%02d", y, m, d);
}

struct line {
	const struct borrower *e;
	int bank;
	long credit_units; /* of CREDIT_UNIT_WAN */
	long loan_units;   /* of LOAN_UNIT_WAN, drawn under this line */
	int gy, gm, gd;    /* granted */
	int years;         /* the line runs this many years */
	enum fin_purpose purpose;
};

/* The project an enterprise's first loan finances, or "" (each link used once). */
static const char *linked_project(const struct demo_fin_link *links, size_t nlinks, bool *used,
				  const char *uscc)
{
	for (size_t i = 0; i < nlinks; i++)
		if (!used[i] && strcmp(links[i].uscc, uscc) == 0) {
			used[i] = true;
			return links[i].project;
		}
	return "";
}

int demo_finance_generate(const struct enterprise *ents, size_t n, uint64_t seed,
			  const struct demo_fin_link *links, size_t nlinks,
			  struct demo_finance *out, struct gp_err *err)
{
	if (nlinks > 16)
		nlinks = 16;
	struct borrower sorted[1024];
	struct line lines[MAX_LINES];
	double w[MAX_LINES];
	long parts[MAX_LINES];
	int seq[DEMO_FIN_BANKS][2][3] = {{{0}}};     /* per bank, kind and year 2022-2024 */
	bool used[16] = {false};                     /* links taken */
	struct rng r = {seed ^ 0x46494E414E4345ull}; /* "FINANCE": its own stream */
	size_t nlines = 0;
	long loan_total, drawn = 0;

	memset(out, 0, sizeof(*out));
	if (n < DEMO_FIN_ENTERPRISES || n > sizeof(sorted) / sizeof(sorted[0]))
		return gp_err_set(
		    err, GP_EINPUT,
		    "the demo's finance ledger needs %d to %zu enterprises (the store "
		    "has %zu)",
		    DEMO_FIN_ENTERPRISES, sizeof(sorted) / sizeof(sorted[0]), n);
	for (size_t i = 0; i < n; i++) {
		str_copy(sorted[i].uscc, sizeof(sorted[i].uscc), ents[i].uscc);
		sorted[i].leading = ents[i].leading;
	}
	qsort(sorted, n, sizeof(sorted[0]), by_uscc);
	/* a seeded shuffle; the first DEMO_FIN_ENTERPRISES are the borrowers */
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = (size_t)(rng_next(&r) % (uint64_t)(i + 1));
		struct borrower t = sorted[i];
		sorted[i] = sorted[j];
		sorted[j] = t;
	}
	/* one credit line each, a second one (another bank) for every third; every bank
	 * gets at least one line: the first five lines go to the five banks in turn */
	for (size_t i = 0; i < DEMO_FIN_ENTERPRISES; i++) {
		int nl = rng_unit(&r) < 0.35 ? 2 : 1, first = -1;
		for (int k = 0; k < nl && nlines < MAX_LINES; k++) {
			struct line *l = &lines[nlines];
			l->e = &sorted[i];
			l->bank = nlines < DEMO_FIN_BANKS ? (int)nlines
							  : rng_int(&r, 0, DEMO_FIN_BANKS - 1);
			if (l->bank == first)
				l->bank = (l->bank + 1) % DEMO_FIN_BANKS;
			first = l->bank;
			l->gy = rng_int(&r, 2022, 2024);
			l->gm = l->gy == 2024 ? rng_int(&r, 1, 9) : rng_int(&r, 1, 12);
			l->gd = rng_int(&r, 1, 28);
			l->years = rng_int(&r, 1, 3);
			l->purpose = purpose_for(sorted[i].leading, &r);
			w[nlines] = 0.3 + rng_unit(&r) * rng_unit(&r) * 4; /* a few large lines */
			nlines++;
		}
	}
	split_units(DEMO_FIN_CREDIT_WAN_YUAN / CREDIT_UNIT_WAN, w, nlines, 5, parts);
	for (size_t i = 0; i < nlines; i++)
		lines[i].credit_units = parts[i];
	/* loans: about half of each line drawn, scaled to the published total exactly, never
	 * more than the line (10 万元 units: a line of k×100 万元 holds 10k of them) */
	for (size_t i = 0; i < nlines; i++)
		w[i] = (double)lines[i].credit_units * (0.25 + 0.55 * rng_unit(&r));
	loan_total = DEMO_FIN_LOAN_WAN_YUAN / LOAN_UNIT_WAN;
	split_units(loan_total, w, nlines, 0, parts);
	for (size_t i = 0; i < nlines; i++) {
		long room = lines[i].credit_units * (CREDIT_UNIT_WAN / LOAN_UNIT_WAN);
		lines[i].loan_units = parts[i] < room ? parts[i] : room;
		drawn += lines[i].loan_units;
	}
	for (size_t i = 0; drawn < loan_total; i = (i + 1) % nlines) { /* move any capped rest */
		long room = lines[i].credit_units * (CREDIT_UNIT_WAN / LOAN_UNIT_WAN);
		if (lines[i].loan_units < room) {
			lines[i].loan_units++;
			drawn++;
		}
	}

	buf_init(&out->credits_csv, 1u << 20);
	buf_init(&out->loans_csv, 1u << 20);
	buf_adds(&out->credits_csv,
		 "bank,ref,uscc,amount_wan_yuan,granted,expires,purpose,project,note\n");
	buf_adds(&out->loans_csv, "bank,ref,uscc,amount_wan_yuan,disbursed,maturity,rate_pct,"
				  "term_months,purpose,project,note\n");
	for (size_t i = 0; i < nlines; i++) {
		const struct line *l = &lines[i];
		char granted[16], expires[16];
		long left = l->loan_units;
		int nloans, gmonths = l->gy * 12 + l->gm - 1;

		date_text(l->gy, l->gm, l->gd, granted, sizeof(granted));
		date_text(l->gy + l->years, l->gm, l->gd, expires, sizeof(expires));
		buf_addf(&out->credits_csv, "%s,%s-SX-%d-%03d,%s,%ld,%s,%s,%s,,示例数据\n",
			 banks[l->bank].name, banks[l->bank].code, l->gy,
			 ++seq[l->bank][0][l->gy - 2022], l->e->uscc,
			 l->credit_units * CREDIT_UNIT_WAN, granted, expires,
			 fin_purpose_name(l->purpose));
		out->credits++;
		if (!left)
			continue;
		nloans = left >= 30 ? rng_int(&r, 1, 3) : 1;
		for (int k = 0; k < nloans; k++) {
			/* the last loan takes what is left; each earlier one a random share */
			long units =
			    k == nloans - 1
				? left
				: 1 + (long)(rng_unit(&r) * (double)(left - 1) / (nloans - k));
			/* drawn 1 to 10 months after the grant (before the line expires), by
			 * 2024-12 */
			int dm = gmonths + rng_int(&r, 1, 6) + 2 * k, dy, mo, term;
			char disbursed[16], maturity[16];
			double rate;
			if (dm > 2024 * 12 + 11)
				dm = 2024 * 12 + 11;
			dy = dm / 12;
			mo = dm % 12 + 1;
			term = 12 * rng_int(&r, 1, 3);
			if (rng_unit(&r) < 0.15)
				term = 60;
			/* green loans below LPR (绿色信贷 discount), general ones above */
			rate = lpr_pct(dy) + (fin_purpose_green(l->purpose)
						  ? -0.05 - 0.35 * rng_unit(&r)
						  : 0.10 + 0.60 * rng_unit(&r));
			date_text(dy, mo, rng_int(&r, 1, 28), disbursed, sizeof(disbursed));
			date_text(dy, mo + term, 28, maturity, sizeof(maturity));
			buf_addf(&out->loans_csv,
				 "%s,%s-DK-%d-%03d,%s,%ld,%s,%s,%.2f,%d,%s,%s,示例数据\n",
				 banks[l->bank].name, banks[l->bank].code, dy,
				 ++seq[l->bank][1][dy - 2022], l->e->uscc, units * LOAN_UNIT_WAN,
				 disbursed, maturity, rate, term, fin_purpose_name(l->purpose),
				 k == 0 ? linked_project(links, nlinks, used, l->e->uscc) : "");
			out->loans++;
			left -= units;
		}
	}
	if (!out->credits_csv.data || !out->loans_csv.data) {
		demo_finance_release(out);
		return gp_err_set(err, GP_ETOOBIG, "the demo's finance texts passed their cap");
	}
	return GP_OK;
}

void demo_finance_release(struct demo_finance *d)
{
	buf_release(&d->credits_csv);
	buf_release(&d->loans_csv);
	memset(d, 0, sizeof(*d));
}
