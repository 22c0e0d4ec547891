/* indicators.h — indicator sets (the files of data/indicators/, loaded by init) and their
 * evaluation for one year and one scope: value, target, direction, pass, distance to
 * target, and what data is missing. Pure: values come through an expr_env. */
#ifndef GP_INDICATORS_H
#define GP_INDICATORS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/expr.h"
#include "util/err.h"

enum ind_direction { DIR_MIN, DIR_MAX, DIR_BOOL };

struct ind_def {
	char standard[16];
	char code[16];
	char group[24]; /* core/guiding, or energy/resource/... */
	char name_zh[128];
	char name_en[128];
	char unit[24];
	double target; /* NAN when the file gives none; DIR_BOOL: 1 (yes/complete) */
	enum ind_direction direction;
	bool required;
	char variant_of[16];    /* another target of the indicator named here */
	char applies[256];      /* when this row's target applies; empty: always */
	char applies_text[160]; /* the same for people */
	char expr[512];
	char method[24];    /* accounting method behind acct.*; empty: none */
	char gap_expr[256]; /* distance to target in gap_unit (may use the name target) */
	char gap_unit[24];
	char formula[256]; /* for people */
	char source[256];
	char confidence[96];
};

struct ind_set {
	struct ind_def *defs;
	size_t n, cap;
};

struct ind_result {
	const struct ind_def *def; /* the row whose target applies (or the base row) */
	double value;              /* NAN: cannot be computed */
	double target;             /* NAN: no target applies */
	int pass;                  /* 1, 0, or -1 (null: no target, or no value) */
	double gap;                /* target − value in the unit, signed so > 0 means short */
	double gap_pct;            /* gap / target × 100 */
	double gap_abs;            /* the row's gap_expr (e.g. tCO2 over the target); NAN: none */
	char note[256];
	char missing[1024]; /* "water_reused (2024); attr(IG1) (2024)"; empty: none */
};

void ind_set_init(struct ind_set *s);
void ind_set_release(struct ind_set *s);
void ind_set_add(struct ind_set *s, const struct ind_def *d);

int ind_direction_parse(const char *s, enum ind_direction *out);
const char *ind_direction_name(enum ind_direction d);

/* Names reach env->name as written, except acct.FIELD, which arrives as
 * acct.METHOD.FIELD with the row's method (zcp2025 when the row names none). */
/* Evaluates every indicator of the set (one result per base row; variants choose the
 * target) for year. out is allocated (free it); GP_EINPUT on a bad expression. */
int indicators_evaluate(const struct ind_set *set, int year, const struct expr_env *env,
			struct ind_result **out, size_t *n, struct gp_err *err);

#endif
