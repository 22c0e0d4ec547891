/* meters.c — meter records and one day's rollups. Pure. */
#include "core/meters.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/registry.h"
#include "util/str.h"

#define SPIKE_FACTOR 20.0 /* an increment's rate this many times the day's median: a spike */

static const char *const kind_names[METER_KIND_COUNT] = {"cumulative", "interval", "instant",
							 "virtual"};
static const char *const kind_zh[METER_KIND_COUNT] = {"累计", "区间", "瞬时", "虚拟"};

int meter_kind_parse(const char *s, enum meter_kind *out, struct gp_err *err)
{
	int v, rc = code_table_parse("kind", s, kind_names, kind_zh, METER_KIND_COUNT, &v, err);
	if (rc == GP_OK)
		*out = (enum meter_kind)v;
	return rc;
}

const char *meter_kind_name(enum meter_kind k)
{
	return (unsigned)k < METER_KIND_COUNT ? kind_names[k] : "?";
}

int meter_code_check(const char *code, struct gp_err *err)
{
	size_t len = strlen(code);

	if (len < 1 || len > METER_CODE_MAX)
		return gp_err_set(err, GP_EINPUT,
				  "meter code '%.80s' has %zu bytes (expected 1-%d)", code, len,
				  METER_CODE_MAX);
	for (const char *c = code; *c; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= 'a' && *c <= 'z') || strchr("-_.:/", *c)))
			return gp_err_set(err, GP_EINPUT,
					  "meter code '%s' has '%c' (expected letters, digits and "
					  "- _ . : /)",
					  code, *c);
	return GP_OK;
}

int meter_validate(const struct meter *m, struct gp_err *err)
{
	int rc;

	if ((rc = meter_code_check(m->code, err)) != GP_OK)
		return rc;
	if (!(m->multiplier > 0) || !isfinite(m->multiplier))
		return gp_err_set(err, GP_EINPUT, "multiplier %g must be a number > 0 (CT × PT)",
				  m->multiplier);
	if (!isnan(m->rollover) && (!(m->rollover > 0) || !isfinite(m->rollover)))
		return gp_err_set(err, GP_EINPUT, "rollover %g must be a number > 0", m->rollover);
	if (!isnan(m->rollover) && m->kind != METER_CUMULATIVE)
		return gp_err_set(err, GP_EINPUT, "rollover applies to cumulative meters only");
	if (m->interval_s < 1 || m->interval_s > 86400)
		return gp_err_set(err, GP_EINPUT, "interval %d s is not 1-86400", m->interval_s);
	if (m->kind == METER_VIRTUAL) {
		struct meter_term t[METER_FORMULA_TERMS];
		size_t n;
		if ((rc = meter_formula_parse(m->formula, t, &n, err)) != GP_OK)
			return rc;
	} else if (m->formula[0]) {
		return gp_err_set(err, GP_EINPUT, "only a virtual meter has a formula");
	}
	if (!(m->to_canonical > 0))
		return gp_err_set(err, GP_EINPUT, "unit %s does not convert to the item's unit",
				  m->unit);
	return GP_OK;
}

/* floor division for possibly negative times */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

long meter_day_of(int64_t ts, int utc_offset_s)
{
	return (long)floor_div(ts - 1 + utc_offset_s, 86400);
}

int64_t meter_day_start(long day, int utc_offset_s)
{
	return (int64_t)day * 86400 - utc_offset_s;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The k-th smallest of a[0..n) (reordered), by Hoare's selection with a median-of-three
 * pivot: the day's median rate without sorting the day. After 64 rounds (an input built
 * against the pivot) the rest is sorted, so no day costs more than O(n log n). The values
 * are finite. */
static double select_kth_double(double *a, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, want = (ptrdiff_t)k;

	for (int round = 0; lo < hi; round++) {
		double x = a[lo], y = a[lo + (hi - lo) / 2], z = a[hi], pivot;
		ptrdiff_t i = lo, j = hi;
		if (round == 64) {
			qsort(a + lo, (size_t)(hi - lo + 1), sizeof(*a), cmp_double);
			break;
		}
		pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				double t = a[i];
				a[i++] = a[j];
				a[j--] = t;
			}
		}
		/* now a[lo..j] <= pivot <= a[i..hi], and a[j+1..i-1] == pivot */
		if (want <= j)
			hi = j;
		else if (want >= i)
			lo = i;
		else
			break;
	}
	return a[want];
}

void meter_rollup_day(const struct meter *m, long day, int utc_offset_s, const struct tsz_point *p,
		      size_t n, const struct tsz_point *prev, struct meter_day *out)
{
	double scale = m->multiplier * m->to_canonical, count[24] = {0};
	int64_t start = meter_day_start(day, utc_offset_s);
	double *rate = NULL;
	size_t nrate = 0;

	out->day = day;
	out->flags = 0;
	out->value = NAN;
	for (int h = 0; h < 24; h++)
		out->hour[h] = NAN;
	if (!n)
		return;
	rate = xcalloc(n, sizeof(double));
	for (size_t i = 0; i < n; i++) {
		const struct tsz_point *before = i ? &p[i - 1] : prev;
		int64_t off = p[i].ts - 1 - start;
		int h = off < 0 ? 0 : off >= 86400 ? 23 : (int)(off / 3600);
		double add;

		if (before && p[i].ts - before->ts > 2 * (int64_t)m->interval_s)
			out->flags |= METER_FLAG_GAP;
		if (m->kind == METER_CUMULATIVE) {
			double d;
			if (!before || !isfinite(p[i].v) || !isfinite(before->v))
				continue; /* the first reading only starts the count */
			d = p[i].v - before->v;
			if (d < 0 && !isnan(m->rollover) && before->v > m->rollover / 2 &&
			    p[i].v < m->rollover / 2) {
				d = p[i].v + m->rollover - before->v; /* wrapped */
				out->flags |= METER_FLAG_ROLLOVER;
			} else if (d < 0) {
				d = p[i].v; /* restarted at 0 */
				out->flags |= METER_FLAG_RESET;
			}
			add = d * scale;
			rate[nrate++] = add / (double)(p[i].ts - before->ts);
		} else {
			if (!isfinite(p[i].v))
				continue;
			add = p[i].v * scale;
		}
		out->hour[h] = isnan(out->hour[h]) ? add : out->hour[h] + add;
		count[h]++;
	}
	/* a spike: an increment whose rate is far above the day's median rate */
	if (nrate > 2) {
		double *sorted = xcalloc(nrate, sizeof(double)), med;
		memcpy(sorted, rate, nrate * sizeof(double));
		med = select_kth_double(sorted, nrate, nrate / 2);
		for (size_t i = 0; med > 0 && i < nrate; i++)
			if (rate[i] > SPIKE_FACTOR * med)
				out->flags |= METER_FLAG_SPIKE;
		free(sorted);
	}
	{
		double total = 0, points = 0;
		bool any = false;
		for (int h = 0; h < 24; h++) {
			if (isnan(out->hour[h]))
				continue;
			any = true;
			total += out->hour[h];
			points += count[h];
			if (m->kind == METER_INSTANT)
				out->hour[h] /= count[h];
		}
		if (any)
			out->value = m->kind == METER_INSTANT ? total / points : total;
	}
	free(rate);
}

void meter_balance_of(double master, const double *subs, size_t n, struct meter_balance *out)
{
	double sum = 0;
	bool any = false;

	for (size_t i = 0; i < n; i++)
		if (!isnan(subs[i])) {
			sum += subs[i];
			any = true;
		}
	out->master = master;
	out->subs = any ? sum : NAN;
	out->difference = !isnan(master) && any ? master - sum : NAN;
	out->share = !isnan(out->difference) && master != 0 ? out->difference / master : NAN;
}

int meter_formula_parse(const char *s, struct meter_term *terms, size_t *n, struct gp_err *err)
{
	const char *p = s;
	int sign = 1;
	bool want_term = true;

	*n = 0;
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (*p == '+' || *p == '-') {
			if (!want_term && *n == 0)
				return gp_err_set(err, GP_EINPUT, "formula '%s': unexpected '%c'",
						  s, *p);
			sign = *p == '-' ? -sign : sign;
			want_term = true;
			p++;
			continue;
		}
		if (!want_term)
			return gp_err_set(err, GP_EINPUT,
					  "formula '%s': expected + or - between meters", s);
		{
			const char *start = p;
			size_t len;
			while (*p && *p != ' ' && *p != '+' && *p != '-')
				p++;
			/* codes may hold '-': a '-' directly after code characters continues it */
			while (*p == '-' && p[1] && p[1] != ' ' && p[-1] != ' ') {
				p++;
				while (*p && *p != ' ' && *p != '+' && *p != '-')
					p++;
			}
			len = (size_t)(p - start);
			if (*n == METER_FORMULA_TERMS)
				return gp_err_set(err, GP_ETOOBIG,
						  "formula '%s' has more than %d meters", s,
						  METER_FORMULA_TERMS);
			if (len > METER_CODE_MAX)
				return gp_err_set(err, GP_EINPUT,
						  "formula '%s': a code is too long", s);
			memcpy(terms[*n].code, start, len);
			terms[*n].code[len] = '\0';
			if (meter_code_check(terms[*n].code, err) != GP_OK)
				return GP_EINPUT;
			terms[*n].sign = sign;
			(*n)++;
			sign = 1;
			want_term = false;
		}
	}
	if (!*n || want_term)
		return gp_err_set(
		    err, GP_EINPUT,
		    "formula '%s' is not meters joined by + and - (e.g. MAIN - T1 - T2)", s);
	return GP_OK;
}

int meter_check_refs(const struct meter *m,
		     int (*find)(void *arg, const char *code, struct meter *out,
				 struct gp_err *err),
		     void *arg, struct gp_err *err)
{
	struct meter other;
	int rc;

	if (m->kind == METER_VIRTUAL) {
		/* every term a meter of the same item that takes readings */
		struct meter_term t[METER_FORMULA_TERMS];
		size_t nt = 0;
		if ((rc = meter_formula_parse(m->formula, t, &nt, err)) != GP_OK)
			return rc;
		for (size_t i = 0; i < nt; i++) {
			if ((rc = find(arg, t[i].code, &other, err)) != GP_OK)
				return rc;
			if (other.kind == METER_VIRTUAL || strcmp(other.item, m->item) != 0)
				return gp_err_set(
				    err, GP_EINPUT,
				    "formula term %s must be a meter of %s that takes "
				    "readings",
				    other.code, m->item);
		}
	}
	if (m->parent[0]) {
		if ((rc = find(arg, m->parent, &other, err)) != GP_OK)
			return rc;
		if (strcmp(other.item, m->item) != 0)
			return gp_err_set(err, GP_EINPUT,
					  "parent %s measures %s, not %s (a sub-meter measures the "
					  "same item as its master)",
					  other.code, other.item, m->item);
	}
	return GP_OK;
}
