/* finance.c — the green-finance ledger's rules and totals (finance.h). Pure. Sums are
 * integers in fen; a double appears only when a total leaves as 万元. */
#include "core/finance.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "util/map.h"
#include "util/str.h"
#include "util/utf8.h"

static const char *const kind_names[FIN_KIND_COUNT] = {"credit", "loan"};
static const char *const kind_zh[FIN_KIND_COUNT] = {"授信", "贷款"};

/* 绿色产业指导目录（2019年版）, 发改环资〔2019〕293号: its six first-level categories (一级). */
static const char *const purpose_names[PURPOSE_COUNT] = {
    "energy_saving",        "clean_production", "clean_energy", "ecology",
    "green_infrastructure", "green_services",   "general",
};
static const char *const purpose_zh[PURPOSE_COUNT] = {
    "节能环保产业",     "清洁生产产业", "清洁能源产业", "生态环境产业",
    "基础设施绿色升级", "绿色服务",     "一般用途",
};

const char *fin_kind_name(enum fin_kind k)
{
	return (unsigned)k < FIN_KIND_COUNT ? kind_names[k] : "?";
}

const char *fin_kind_name_zh(enum fin_kind k)
{
	return (unsigned)k < FIN_KIND_COUNT ? kind_zh[k] : "?";
}

int fin_purpose_parse(const char *s, enum fin_purpose *out, struct gp_err *err)
{
	for (int i = 0; i < PURPOSE_COUNT; i++)
		if (strcmp(s, purpose_names[i]) == 0) {
			*out = (enum fin_purpose)i;
			return GP_OK;
		}
	return gp_err_set(err, GP_EINPUT,
			  "purpose '%.64s' is not a category (expected energy_saving 节能环保, "
			  "clean_production 清洁生产, clean_energy 清洁能源, ecology 生态环境, "
			  "green_infrastructure 基础设施绿色升级, green_services 绿色服务 or "
			  "general 一般用途)",
			  s);
}

const char *fin_purpose_name(enum fin_purpose p)
{
	return (unsigned)p < PURPOSE_COUNT ? purpose_names[p] : "?";
}

const char *fin_purpose_name_zh(enum fin_purpose p)
{
	return (unsigned)p < PURPOSE_COUNT ? purpose_zh[p] : "?";
}

bool fin_purpose_green(enum fin_purpose p)
{
	return (unsigned)p < PURPOSE_GENERAL;
}

int fin_amount_parse(const char *field, const char *s, int64_t *fen, struct gp_err *err)
{
	const char *p = s;
	int64_t whole = 0, frac = 0;
	int nfrac = 0, nwhole = 0;

	if (*p == '-' && p[1])
		return gp_err_set(err, GP_EINPUT,
				  "%s '%.40s' is negative (expected an amount in 万元 "
				  "above 0, e.g. 1200 or 85.5)",
				  field, s);
	if (*p == '+')
		p++;
	for (; *p >= '0' && *p <= '9'; p++, nwhole++) {
		whole = whole * 10 + (*p - '0');
		if (whole > FIN_AMOUNT_MAX_FEN / FIN_FEN_PER_WAN_YUAN)
			return gp_err_set(
			    err, GP_EINPUT,
			    "%s '%.40s' is above the cap of 10000000 万元 (1000 亿元)", field, s);
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (++nfrac > 6)
				return gp_err_set(err, GP_EINPUT,
						  "%s '%.40s' has more than 6 decimals (the ledger "
						  "keeps 万元 to the fen, 0.000001 万元)",
						  field, s);
			frac = frac * 10 + (*p - '0');
		}
	}
	if (*p || (nwhole == 0 && nfrac == 0))
		return gp_err_set(err, GP_EINPUT,
				  "%s '%.40s' is not an amount in 万元 (expected a plain decimal "
				  "number above 0, e.g. 1200 or 85.5)",
				  field, s);
	for (int i = nfrac; i < 6; i++)
		frac *= 10;
	*fen = whole * FIN_FEN_PER_WAN_YUAN + frac;
	if (*fen <= 0)
		return gp_err_set(err, GP_EINPUT, "%s '%.40s' is zero (expected an amount above 0)",
				  field, s);
	if (*fen > FIN_AMOUNT_MAX_FEN)
		return gp_err_set(err, GP_EINPUT,
				  "%s '%.40s' is above the cap of 10000000 万元 (1000 亿元)", field,
				  s);
	return GP_OK;
}

int fin_date_parse(const char *field, const char *s, int *yyyymmdd, struct gp_err *err)
{
	return date_parse_ymd(field, s, yyyymmdd, err); /* 1990-2100 = FIN_YEAR_MIN..MAX */
}

void fin_date_format(int v, char *out, size_t outsz)
{
	char d[11];
	date_format_ymd(v, d);
	str_copy(out, outsz, d);
}

double fin_wan_yuan(int64_t fen)
{
	return (double)fen / (double)FIN_FEN_PER_WAN_YUAN;
}

int fin_text_check(const char *field, const char *s, size_t max, bool required, struct gp_err *err)
{
	size_t n = strlen(s);

	if (n == 0)
		return required ? gp_err_set(err, GP_EINPUT, "%s is empty", field) : GP_OK;
	if (n > max)
		return gp_err_set(err, GP_EINPUT, "%s is %zu bytes long (at most %zu)", field, n,
				  max);
	if (!utf8_valid(s, n))
		return gp_err_set(err, GP_EINPUT, "%s is not valid UTF-8", field);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			return gp_err_set(err, GP_EINPUT, "%s contains a control character", field);
	return GP_OK;
}

int fin_record_check(const struct fin_record *r, struct gp_err *err)
{
	const bool loan = r->kind == FIN_LOAN;
	const char *start = loan ? "disbursed" : "granted", *end = loan ? "maturity" : "expires";
	char a[16], b[16];
	int rc;

	if ((rc = fin_text_check("bank", r->bank, FIN_BANK_MAX, true, err)) != GP_OK ||
	    (rc = fin_text_check("ref", r->ref, FIN_REF_MAX, true, err)) != GP_OK ||
	    (rc = fin_text_check("project", r->project, FIN_PROJECT_MAX, false, err)) != GP_OK ||
	    (rc = fin_text_check("note", r->note, FIN_NOTE_MAX, false, err)) != GP_OK)
		return rc;
	if (r->amount_fen <= 0 || r->amount_fen > FIN_AMOUNT_MAX_FEN)
		return gp_err_set(err, GP_EINPUT,
				  "amount_wan_yuan %.6f is out of range (expected above 0 and at "
				  "most 10000000 万元)",
				  fin_wan_yuan(r->amount_fen));
	if ((unsigned)r->purpose >= PURPOSE_COUNT)
		return gp_err_set(err, GP_EINPUT, "purpose %d is not a category", (int)r->purpose);
	fin_date_format(r->start, a, sizeof(a));
	fin_date_format(r->end, b, sizeof(b));
	if ((rc = fin_date_parse(start, a, &(int){0}, err)) != GP_OK ||
	    (rc = fin_date_parse(end, b, &(int){0}, err)) != GP_OK)
		return rc;
	if (r->end <= r->start)
		return gp_err_set(err, GP_EINPUT,
				  "%s %s is not after %s %s (expected the %s date "
				  "after the %s date)",
				  end, b, start, a, end, start);
	if (!loan)
		return GP_OK;
	if (!(r->rate_pct >= 0 && r->rate_pct <= FIN_RATE_MAX_PCT))
		return gp_err_set(err, GP_EINPUT,
				  "rate_pct %g is out of range (expected an annual rate from 0 to "
				  "36, in %%)",
				  r->rate_pct);
	if (r->term_months < 1 || r->term_months > FIN_TERM_MAX_MONTHS)
		return gp_err_set(err, GP_EINPUT,
				  "term_months %d is out of range (expected a whole number of "
				  "months from 1 to 600)",
				  r->term_months);
	return GP_OK;
}

double fin_green_share(int64_t green_fen, int64_t total_fen)
{
	return total_fen > 0 ? (double)green_fen / (double)total_fen : NAN;
}

/* ---- totals ---- */

/* Groups keyed by text: the map gives each key its slot in a growing array; seen keeps
 * (group, enterprise) pairs already counted, so enterprises are distinct per group. */
struct groups {
	struct strmap index;
	struct strmap seen;
	struct fin_total *list;
	size_t n, cap;
};

static void groups_init(struct groups *g)
{
	memset(g, 0, sizeof(*g));
	strmap_init(&g->index);
	strmap_init(&g->seen);
}

static struct fin_total *group_of(struct groups *g, const char *key)
{
	int64_t i;

	if (strmap_get(&g->index, key, &i))
		return &g->list[i];
	XGROW(g->list, g->n + 1, g->cap);
	memset(&g->list[g->n], 0, sizeof(g->list[0]));
	str_copy(g->list[g->n].key, sizeof(g->list[0].key), key);
	strmap_put(&g->index, key, (int64_t)g->n);
	return &g->list[g->n++];
}

/* Counts the enterprise once in the group t (of groups g, or tag for fixed groups). */
static void count_enterprise(struct strmap *seen, const char *tag, struct fin_total *t,
			     const char *uscc)
{
	char k[NAME_MAX_BYTES + USCC_LEN + 8];
	int64_t v;

	str_fmt(k, sizeof(k), "%s\x1f%s\x1f%s", tag, t->key, uscc);
	if (strmap_get(seen, k, &v))
		return;
	strmap_put(seen, k, 1);
	t->enterprises++;
}

static void add(struct fin_total *t, const struct fin_record *r)
{
	if (r->kind == FIN_CREDIT) {
		t->credit_fen += r->amount_fen;
		t->credits++;
	} else {
		t->loan_fen += r->amount_fen;
		t->loans++;
	}
}

static int by_credit_desc(const void *a, const void *b)
{
	const struct fin_total *x = a, *y = b;
	if (x->credit_fen != y->credit_fen)
		return x->credit_fen > y->credit_fen ? -1 : 1;
	if (x->loan_fen != y->loan_fen)
		return x->loan_fen > y->loan_fen ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct fin_total *)a)->key, ((const struct fin_total *)b)->key);
}

static struct fin_total *groups_take(struct groups *g, size_t *n,
				     int (*cmp)(const void *, const void *))
{
	struct fin_total *list = g->list;

	*n = g->n;
	if (list && g->n > 1)
		qsort(list, g->n, sizeof(*list), cmp);
	strmap_release(&g->index);
	strmap_release(&g->seen);
	return list;
}

void fin_summarize(const struct fin_record *recs, size_t n, struct fin_summary *out)
{
	struct groups bank, ent, sub, year;
	struct strmap seen; /* distinct enterprises with credit (c), loans (l), any (a) */

	memset(out, 0, sizeof(*out));
	groups_init(&bank);
	groups_init(&ent);
	groups_init(&sub);
	groups_init(&year);
	strmap_init(&seen);
	for (int p = 0; p < PURPOSE_COUNT; p++)
		str_copy(out->by_purpose[p].key, sizeof(out->by_purpose[p].key),
			 fin_purpose_name((enum fin_purpose)p));
	for (size_t i = 0; i < n; i++) {
		const struct fin_record *r = &recs[i];
		char k[USCC_LEN + 4], y[8];
		struct fin_total *t;
		int64_t v;

		if (r->kind == FIN_CREDIT) {
			out->credit_fen += r->amount_fen;
			out->credits++;
			if (fin_purpose_green(r->purpose))
				out->green_credit_fen += r->amount_fen;
		} else {
			out->loan_fen += r->amount_fen;
			out->loans++;
			if (fin_purpose_green(r->purpose))
				out->green_loan_fen += r->amount_fen;
		}
		str_fmt(k, sizeof(k), "%c%s", r->kind == FIN_CREDIT ? 'c' : 'l', r->uscc);
		if (!strmap_get(&seen, k, &v)) {
			strmap_put(&seen, k, 1);
			if (r->kind == FIN_CREDIT)
				out->enterprises_with_credit++;
			else
				out->enterprises_with_loans++;
		}
		str_fmt(k, sizeof(k), "a%s", r->uscc);
		if (!strmap_get(&seen, k, &v)) {
			strmap_put(&seen, k, 1);
			out->enterprises++;
		}

		t = group_of(&bank, r->bank);
		add(t, r);
		count_enterprise(&bank.seen, "", t, r->uscc);

		t = group_of(&ent, r->uscc);
		if (!t->name[0])
			str_copy(t->name, sizeof(t->name), r->enterprise);
		add(t, r);
		t->enterprises = 1;

		t = group_of(&sub, r->subpark);
		add(t, r);
		count_enterprise(&sub.seen, "", t, r->uscc);

		if ((unsigned)r->purpose < PURPOSE_COUNT) {
			t = &out->by_purpose[r->purpose];
			add(t, r);
			count_enterprise(&seen, "p", t, r->uscc);
		}

		str_fmt(y, sizeof(y), "%04d", r->start / 10000);
		t = group_of(&year, y);
		add(t, r);
		count_enterprise(&year.seen, "", t, r->uscc);
	}
	out->by_bank = groups_take(&bank, &out->nbank, by_credit_desc);
	out->by_enterprise = groups_take(&ent, &out->nenterprise, by_credit_desc);
	out->by_subpark = groups_take(&sub, &out->nsubpark, by_credit_desc);
	out->by_year = groups_take(&year, &out->nyear, by_key);
	strmap_release(&seen);
}

void fin_summary_release(struct fin_summary *s)
{
	free(s->by_bank);
	free(s->by_enterprise);
	free(s->by_subpark);
	free(s->by_year);
	memset(s, 0, sizeof(*s));
}
