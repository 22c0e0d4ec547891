/* expr.h — the small expression language of indicator sets (data/indicators/):
 * numbers, names (item codes, acct.FIELD, employees, land_km2), + - * / with the usual
 * precedence, parentheses, comparisons (< <= > >= == !=) and &&, and two functions:
 * prev(e) — e for the year before — and attr(CODE) — a park attribute. Pure: names are
 * resolved by the caller. A name with no data makes the result NAN and is reported. */
#ifndef GP_EXPR_H
#define GP_EXPR_H

#include <stddef.h>

#include "util/err.h"

#define EXPR_MAX_LEN   1024
#define EXPR_MAX_DEPTH 32

struct expr_env {
	/* Sets *v to the value of name for year; returns GP_OK, or GP_ENOTFOUND when there
	 * is no data (the evaluation then yields NAN and reports the name). */
	int (*name)(void *arg, const char *name, int year, double *v);
	/* The same for attr(CODE). */
	int (*attr)(void *arg, const char *code, int year, double *v);
	void *arg;
	/* called once per name or attribute without data ("water_reused", "attr(IG1)" ...)
	 * with the year it was needed for */
	void (*missing)(void *arg, const char *what, int year);
};

/* Evaluates text for year. *v is NAN when data is missing or a division by zero
 * happens (a comparison with NAN is false). Errors: GP_EINPUT for a syntax error,
 * with the position. */
int expr_eval(const char *text, int year, const struct expr_env *env, double *v,
	      struct gp_err *err);

#endif
