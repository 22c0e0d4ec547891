/* expr.c — recursive descent over the text; no tree is built (the expressions are a
 * few dozen characters and evaluated a few times). */
#include "core/expr.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

struct parser {
	const char *s;
	size_t pos;
	int year;
	int depth;
	const struct expr_env *env;
	struct gp_err *err;
	bool failed;
};

static double expr_or(struct parser *p);

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
		size_t cs;
		if (!accept(p, "("))
			return fail(p, "expected '(' after attr");
		skip(p);
		cs = p->pos;
		while (is_name_char(p->s[p->pos]))
			p->pos++;
		if (p->pos == cs || p->pos - cs >= sizeof(code) || !accept(p, ")"))
			return fail(p, "expected attr(CODE)");
		memcpy(code, p->s + cs, p->pos - 1 - cs);
		code[p->pos - 1 - cs] = '\0';
		/* trailing spaces before ')' were skipped by accept */
		str_trim(code);
		if (p->env->attr(p->env->arg, code, p->year, &v) != GP_OK) {
			char what[48];
			str_fmt(what, sizeof(what), "attr(%s)", code);
			if (p->env->missing)
				p->env->missing(p->env->arg, what, p->year);
			v = NAN;
		}
	} else if (p->env->name(p->env->arg, name, p->year, &v) != GP_OK) {
		if (p->env->missing)
			p->env->missing(p->env->arg, name, p->year);
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

static double compare(struct parser *p)
{
	double a = sum(p), b;

	if (accept(p, "<="))
		return b = sum(p), a <= b;
	if (accept(p, ">="))
		return b = sum(p), a >= b;
	if (accept(p, "=="))
		return b = sum(p), a == b;
	if (accept(p, "!="))
		return b = sum(p), a != b;
	if (accept(p, "<"))
		return b = sum(p), a < b;
	if (accept(p, ">"))
		return b = sum(p), a > b;
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
	struct parser p = {text, 0, year, 0, env, err, false};

	if (strlen(text) > EXPR_MAX_LEN)
		return gp_err_set(err, GP_EINPUT, "expression longer than %d characters",
				  EXPR_MAX_LEN);
	*v = expr_or(&p);
	skip(&p);
	if (!p.failed && p.s[p.pos] != '\0')
		fail(&p, "unexpected text");
	return p.failed ? GP_EINPUT : GP_OK;
}
