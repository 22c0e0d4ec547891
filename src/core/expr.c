/* expr.c — recursive descent over the text; no tree is built (the expressions are a
 * few dozen characters and evaluated a few times). */
#include "core/expr.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

#define EXPR_MAX_REPORTED 32

struct parser {
	const char *s;
	char reported[EXPR_MAX_REPORTED][64]; /* "name@year" already passed to missing */
	int nreported;
	size_t pos;
	int year;
	int depth;
	const struct expr_env *env;
	struct gp_err *err;
	bool failed;
};

static double expr_or(struct parser *p);

/* Tells the environment once per name and year that it has no data. */
static void report_missing(struct parser *p, const char *what)
{
	char key[64];

	if (!p->env->missing)
		return;
	str_fmt(key, sizeof(key), "%s@%d", what, p->year);
	for (int i = 0; i < p->nreported; i++)
		if (strcmp(p->reported[i], key) == 0)
			return;
	if (p->nreported < EXPR_MAX_REPORTED)
		str_copy(p->reported[p->nreported++], sizeof(p->reported[0]), key);
	p->env->missing(p->env->arg, what, p->year);
}

static void skip(struct parser *p)
{
	while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t')
		p->pos++;
}

static double fail(struct parser *p, const char *what)
{
	if (!p->failed)
		gp_err_set(p->err, GP_EINPUT, "expression '%s': %s at character %zu", p->s, what,
			   p->pos + 1);
	p->failed = true;
	return NAN;
}

static bool accept(struct parser *p, const char *tok)
{
	size_t n = strlen(tok);
	skip(p);
	if (strncmp(p->s + p->pos, tok, n) == 0) {
		p->pos += n;
		return true;
	}
	return false;
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.';
}

static double primary(struct parser *p)
{
	char name[96];
	size_t start, n;
	double v;

	if (++p->depth > EXPR_MAX_DEPTH)
		return fail(p, "nested too deeply");
	skip(p);
	if (accept(p, "(")) {
		v = expr_or(p);
		if (!accept(p, ")"))
			v = fail(p, "expected ')'");
		p->depth--;
		return v;
	}
	if (accept(p, "-")) {
		v = -primary(p);
		p->depth--;
		return v;
	}
	start = p->pos;
	if (isdigit((unsigned char)p->s[p->pos])) {
		char *end;
		v = strtod(p->s + p->pos, &end);
		p->pos = (size_t)(end - p->s);
		p->depth--;
		return v;
	}
	while (is_name_char(p->s[p->pos]))
		p->pos++;
	n = p->pos - start;
	if (n == 0 || n >= sizeof(name))
		return fail(p, "expected a number, a name or '('");
	memcpy(name, p->s + start, n);
	name[n] = '\0';
	if (strcmp(name, "prev") == 0) {
		if (!accept(p, "("))
			return fail(p, "expected '(' after prev");
		p->year--;
		v = expr_or(p);
		p->year++;
		if (!accept(p, ")"))
			v = fail(p, "expected ')'");
	} else if (strcmp(name, "attr") == 0) {
		char code[32];
		size_t cs, ce;
		if (!accept(p, "("))
			return fail(p, "expected '(' after attr");
		skip(p);
		cs = p->pos;
		while (is_name_char(p->s[p->pos]))
			p->pos++;
		ce = p->pos;
		if (ce == cs || ce - cs >= sizeof(code) || !accept(p, ")"))
			return fail(p, "expected attr(CODE)");
		memcpy(code, p->s + cs, ce - cs);
		code[ce - cs] = '\0';
		if (p->env->attr(p->env->arg, code, p->year, &v) != GP_OK) {
			char what[48];
			str_fmt(what, sizeof(what), "attr(%s)", code);
			report_missing(p, what);
			v = NAN;
		}
	} else if (p->env->name(p->env->arg, name, p->year, &v) != GP_OK) {
		report_missing(p, name);
		v = NAN;
	}
	p->depth--;
	return v;
}

static double term(struct parser *p)
{
	double v = primary(p);

	for (;;) {
		if (accept(p, "*")) {
			v *= primary(p);
		} else if (accept(p, "/")) {
			double d = primary(p);
			v = d == 0 ? NAN : v / d;
		} else {
			return v;
		}
	}
}

static double sum(struct parser *p)
{
	double v = term(p);

	for (;;) {
		if (accept(p, "+"))
			v += term(p);
		else if (accept(p, "-"))
			v -= term(p);
		else
			return v;
	}
}

/* A comparison with NAN (missing data) is false, whatever the operator. */
static double compare(struct parser *p)
{
	static const char *const ops[] = {"<=", ">=", "==", "!=", "<", ">"};
	double a = sum(p), b;

	for (int k = 0; k < 6; k++) {
		if (!accept(p, ops[k]))
			continue;
		b = sum(p);
		if (isnan(a) || isnan(b))
			return 0;
		switch (k) {
		case 0: return a <= b;
		case 1: return a >= b;
		case 2: return a == b;
		case 3: return a != b;
		case 4: return a < b;
		default: return a > b;
		}
	}
	return a;
}

static double expr_or(struct parser *p)
{
	double v = compare(p);

	while (accept(p, "&&")) {
		double w = compare(p);
		v = (v != 0 && !isnan(v)) && (w != 0 && !isnan(w));
	}
	return v;
}

int expr_eval(const char *text, int year, const struct expr_env *env, double *v, struct gp_err *err)
{
	struct parser p;

	memset(&p, 0, sizeof(p));
	p.s = text;
	p.year = year;
	p.env = env;
	p.err = err;

	if (strlen(text) > EXPR_MAX_LEN)
		return gp_err_set(err, GP_EINPUT, "expression longer than %d characters",
				  EXPR_MAX_LEN);
	*v = expr_or(&p);
	skip(&p);
	if (!p.failed && p.s[p.pos] != '\0')
		fail(&p, "unexpected text");
	return p.failed ? GP_EINPUT : GP_OK;
}
