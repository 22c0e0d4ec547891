/* output.h — one table model rendered three ways: an aligned text table for
 * people (display width, so Chinese lines up), CSV and JSON for tools. Commands
 * fill a table and call table_print; numbers keep full precision in CSV/JSON and
 * are rounded only in the text form. */
#ifndef GP_OUTPUT_H
#define GP_OUTPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "report/json.h"

enum out_format { FMT_TABLE, FMT_JSON, FMT_CSV };

/* Parses table|json|csv. */
int out_format_parse(const char *s, enum out_format *out);

struct table_col {
	const char *key;   /* CSV header and JSON key */
	const char *title; /* text header: "名称 Name" */
	int decimals;      /* digits after the point in the text form; -1: a plain integer
			    * (years, ids), -2: an integer with thousands separators,
			    * -3: six significant digits (factors) */
	bool right;        /* right-align in the text form */
};

enum cell_type { CELL_NULL, CELL_STR, CELL_NUM, CELL_BOOL };

struct table_cell {
	enum cell_type type;
	char *s;
	double num;
};

struct table {
	const struct table_col *cols;
	size_t ncols;
	struct table_cell *cells; /* nrows × ncols */
	size_t nrows, cap;
};

void table_init(struct table *t, const struct table_col *cols, size_t ncols);
/* Starts a new row (all cells null); later table_set_* calls fill it. */
void table_row(struct table *t);
void table_str(struct table *t, size_t col, const char *s);
void table_num(struct table *t, size_t col, double v); /* NAN → null */
void table_bool(struct table *t, size_t col, bool v);
void table_release(struct table *t);

/* Prints the table: text (with an optional title line), CSV with a header row,
 * or a JSON array of objects. */
void table_print(const struct table *t, enum out_format fmt, const char *title, FILE *out);

/* The rows as a JSON array (new reference). */
json_t *table_json(const struct table *t);

/* Prints a JSON value with two-space indentation and a newline; 17 significant
 * digits for reals, so every double reads back exactly. */
void json_print(json_t *v, FILE *out);

#endif
