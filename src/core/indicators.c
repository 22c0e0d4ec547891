/* indicators.c — evaluating an indicator set: pick the target that applies (the size
 * rule of the zero-carbon core indicator is two rows, ZC1 and its variant ZC1b),
 * compute the value, compare by direction, and say what is missing. */
#include "core/indicators.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

void ind_set_init(struct ind_set *s)
{
	memset(s, 0, sizeof(*s));
}

void ind_set_release(struct ind_set *s)
{
	free(s->defs);
	memset(s, 0, sizeof(*s));
}

void ind_set_add(struct ind_set *s, const struct ind_def *d)
{
	XGROW(s->defs, s->n + 1, s->cap);
	s->defs[s->n++] = *d;
}

int ind_direction_parse(const char *s, enum ind_direction *out)
{
	if (strcmp(s, "min") == 0)
		*out = DIR_MIN;
	else if (strcmp(s, "max") == 0)
		*out = DIR_MAX;
	else if (strcmp(s, "bool") == 0)
		*out = DIR_BOOL;
	else
		return GP_EINPUT;
	return GP_OK;
}

const char *ind_direction_name(enum ind_direction d)
{
	return d == DIR_MIN ? "min" : d == DIR_MAX ? "max" : "bool";
}

/* Wraps the caller's environment to collect what is missing for one indicator. */
struct collect {
	const struct expr_env *inner;
	const char *method; /* the row's accounting method, for acct.* names */
	double target;      /* the row's target, for the name target in gap_expr */
	char *missing;
	size_t size;
};

/* acct.FIELD reaches the caller as acct.METHOD.FIELD, the row's method. */
static int c_name(void *arg, const char *name, int year, double *v)
{
	struct collect *c = arg;
	char full[128];

	if (strcmp(name, "target") == 0) {
		*v = c->target;
		return isnan(c->target) ? GP_ENOTFOUND : GP_OK;
	}
	if (strncmp(name, "acct.", 5) == 0) {
		str_fmt(full, sizeof(full), "acct.%s.%s", c->method[0] ? c->method : "zcp2025",
			name + 5);
		return c->inner->name(c->inner->arg, full, year, v);
	}
	return c->inner->name(c->inner->arg, name, year, v);
}

static int c_attr(void *arg, const char *code, int year, double *v)
{
	struct collect *c = arg;
	return c->inner->attr(c->inner->arg, code, year, v);
}

/* True when item is one of the "; "-separated entries of list (whole entries only:
 * "value_added (2024)" is not in "green_industry_value_added (2024)"). */
static bool listed(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (const char *p = list; (p = strstr(p, item)) != NULL; p++)
		if ((p == list || (p >= list + 2 && p[-2] == ';' && p[-1] == ' ')) &&
		    (p[n] == '\0' || p[n] == ';'))
			return true;
	return false;
}

static void c_missing(void *arg, const char *what, int year)
{
	struct collect *c = arg;
	char item[96];
	size_t n = strlen(c->missing);

	str_fmt(item, sizeof(item), "%s (%d)", what, year);
	if (listed(c->missing, item))
		return;
	if (c->inner->missing)
		c->inner->missing(c->inner->arg, what, year);
	str_fmt(c->missing + n, c->size - n, "%s%s", n ? "; " : "", item);
}

int indicators_evaluate(const struct ind_set *set, int year, const struct expr_env *env,
			struct ind_result **out, size_t *n, struct gp_err *err)
{
	struct ind_result *res = xcalloc(set->n ? set->n : 1, sizeof(*res));
	size_t k = 0;
	int rc;

	for (size_t i = 0; i < set->n; i++) {
		const struct ind_def *base = &set->defs[i], *chosen = NULL;
		struct ind_result *r;
		struct collect c;
		struct expr_env e;
		bool conditional = base->applies[0] != '\0';

		if (base->variant_of[0])
			continue;
		r = &res[k++];
		memset(r, 0, sizeof(*r));
		c.inner = env;
		c.target = NAN;
		c.method = base->method;
		c.missing = r->missing;
		c.size = sizeof(r->missing);
		e.name = c_name;
		e.attr = c_attr;
		e.arg = &c;
		e.missing = c_missing;
		/* the base row, then its variants: the first whose condition holds */
		for (size_t j = i; j < set->n && !chosen; j++) {
			const struct ind_def *d = &set->defs[j];
			double ok = 1;
			if (j != i && strcmp(d->variant_of, base->code) != 0)
				continue;
			if (j != i)
				conditional = true;
			c.method = d->method;
			if (d->applies[0] &&
			    (rc = expr_eval(d->applies, year, &e, &ok, err)) != GP_OK)
				goto fail;
			if (ok != 0 && !isnan(ok))
				chosen = d;
		}
		r->def = chosen ? chosen : base;
		c.method = r->def->method;
		if ((rc = expr_eval(r->def->expr, year, &e, &r->value, err)) != GP_OK)
			goto fail;
		r->target = chosen ? r->def->target : NAN;
		r->pass = -1;
		r->gap = r->gap_pct = r->gap_abs = NAN;
		if (!chosen && conditional) {
			/* say for which sizes each target holds (ZC1: 200,000-1,000,000 tce ...) */
			size_t used;
			str_copy(r->note, sizeof(r->note),
				 "no threshold applies (targets hold for: ");
			used = strlen(r->note);
			for (size_t j = i; j < set->n; j++) {
				const struct ind_def *d = &set->defs[j];
				if (j != i && strcmp(d->variant_of, base->code) != 0)
					continue;
				str_fmt(r->note + used, sizeof(r->note) - used, "%s%s %g",
					j == i ? "" : "; ", d->applies_text, d->target);
				used = strlen(r->note);
			}
			str_fmt(r->note + used, sizeof(r->note) - used, ")");
		}
		if (isnan(r->value) || isnan(r->target))
			continue;
		if (r->def->gap_expr[0]) {
			c.target = r->target;
			if ((rc = expr_eval(r->def->gap_expr, year, &e, &r->gap_abs, err)) != GP_OK)
				goto fail;
		}
		switch (r->def->direction) {
		case DIR_MIN:
			r->pass = r->value >= r->target;
			r->gap = r->target - r->value;
			break;
		case DIR_MAX:
			r->pass = r->value <= r->target;
			r->gap = r->value - r->target;
			break;
		case DIR_BOOL:
			r->pass = r->value >= 1;
			r->gap = r->pass ? 0 : 1;
			break;
		}
		if (r->gap < 0)
			r->gap = 0; /* met: no distance left */
		r->gap_pct = r->target != 0 ? 100 * r->gap / fabs(r->target) : NAN;
	}
	*out = res;
	*n = k;
	return GP_OK;
fail:
	free(res);
	return rc;
}
