/* output.c — text, CSV and JSON rendering of tables. */
#include "cli/output.h"

#include "report/json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/str.h"
#include "util/utf8.h"

int out_format_parse(const char *s, enum out_format *out)
{
	if (strcmp(s, "table") == 0)
		*out = FMT_TABLE;
	else if (strcmp(s, "json") == 0)
		*out = FMT_JSON;
	else if (strcmp(s, "csv") == 0)
		*out = FMT_CSV;
	else
		return -1;
	return 0;
}

void table_init(struct table *t, const struct table_col *cols, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->ncols = ncols;
}

void table_row(struct table *t)
{
	size_t need = (t->nrows + 1) * t->ncols;
	XGROW(t->cells, need, t->cap);
	memset(&t->cells[t->nrows * t->ncols], 0, t->ncols * sizeof(*t->cells));
	t->nrows++;
}

static struct table_cell *cell(struct table *t, size_t col)
{
	struct table_cell *c = &t->cells[(t->nrows - 1) * t->ncols + col];
	free(c->s);
	c->s = NULL;
	return c;
}

void table_str(struct table *t, size_t col, const char *s)
{
	struct table_cell *c = cell(t, col);
	c->type = s ? CELL_STR : CELL_NULL;
	c->s = s ? xstrdup(s) : NULL;
}

void table_num(struct table *t, size_t col, double v)
{
	struct table_cell *c = cell(t, col);
	c->type = isnan(v) ? CELL_NULL : CELL_NUM;
	c->num = v;
}

void table_bool(struct table *t, size_t col, bool v)
{
	struct table_cell *c = cell(t, col);
	c->type = CELL_BOOL;
	c->num = v;
}

void table_release(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].s);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

static void cell_text(const struct table_cell *c, const struct table_col *col, char *out,
		      size_t outsz)
{
	switch (c->type) {
	case CELL_NULL: str_copy(out, outsz, "—"); break;
	case CELL_STR: str_copy(out, outsz, c->s); break;
	case CELL_BOOL: str_copy(out, outsz, c->num != 0 ? "是" : "否"); break;
	case CELL_NUM:
		if (col->decimals == -1)
			str_fmt(out, outsz, "%.0f", c->num);
		else if (col->decimals == -3)
			str_fmt(out, outsz, "%.6g", c->num);
		else
			num_format_grouped(out, outsz, c->num,
					   col->decimals < 0 ? 0 : col->decimals);
		break;
	}
}

static void cell_raw(const struct table_cell *c, char *out, size_t outsz)
{
	switch (c->type) {
	case CELL_NULL: out[0] = '\0'; break;
	case CELL_STR: str_copy(out, outsz, c->s); break;
	case CELL_BOOL: str_copy(out, outsz, c->num != 0 ? "true" : "false"); break;
	case CELL_NUM: str_fmt(out, outsz, "%.15g", c->num); break;
	}
}

static void csv_field(const char *s, FILE *out)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

json_t *table_json(const struct table *t)
{
	json_t *arr = json_array();

	for (size_t r = 0; r < t->nrows; r++) {
		json_t *obj = json_object();
		for (size_t c = 0; c < t->ncols; c++) {
			const struct table_cell *cl = &t->cells[r * t->ncols + c];
			json_t *v;
			switch (cl->type) {
			case CELL_STR: v = json_string(cl->s); break;
			case CELL_BOOL: v = json_boolean(cl->num != 0); break;
			case CELL_NUM:
				v = (t->cols[c].decimals == -1 || t->cols[c].decimals == -2)
					? json_integer((json_int_t)cl->num)
					: json_number_or_null(cl->num);
				break;
			default: v = json_null(); break;
			}
			json_object_set_new(obj, t->cols[c].key, v);
		}
		json_array_append_new(arr, obj);
	}
	return arr;
}

void json_print(json_t *v, FILE *out)
{
	json_dumpf(v, out, JSON_INDENT(2) | JSON_REAL_PRECISION(17) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
}

void table_print(const struct table *t, enum out_format fmt, const char *title, FILE *out)
{
	char buf[1024];

	if (fmt == FMT_JSON) {
		json_t *arr = table_json(t);
		json_print(arr, out);
		json_decref(arr);
		return;
	}
	if (fmt == FMT_CSV) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				fputc(',', out);
			csv_field(t->cols[c].key, out);
		}
		fputc('\n', out);
		for (size_t r = 0; r < t->nrows; r++) {
			for (size_t c = 0; c < t->ncols; c++) {
				if (c)
					fputc(',', out);
				cell_raw(&t->cells[r * t->ncols + c], buf, sizeof(buf));
				csv_field(buf, out);
			}
			fputc('\n', out);
		}
		return;
	}
	{
		int *w = xcalloc(t->ncols, sizeof(int));
		int total = 0;
		for (size_t c = 0; c < t->ncols; c++)
			w[c] = utf8_width(t->cols[c].title);
		for (size_t r = 0; r < t->nrows; r++)
			for (size_t c = 0; c < t->ncols; c++) {
				int cw;
				cell_text(&t->cells[r * t->ncols + c], &t->cols[c], buf,
					  sizeof(buf));
				cw = utf8_width(buf);
				if (cw > w[c])
					w[c] = cw;
			}
		for (size_t c = 0; c < t->ncols; c++)
			total += w[c] + (c ? 2 : 0);
		if (title)
			fprintf(out, "%s\n", title);
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				fputs("  ", out);
			utf8_fput_padded(out, t->cols[c].title,
					 c + 1 < t->ncols || t->cols[c].right ? w[c] : 0,
					 t->cols[c].right);
		}
		fputc('\n', out);
		for (int i = 0; i < total; i++)
			fputc('-', out);
		fputc('\n', out);
		for (size_t r = 0; r < t->nrows; r++) {
			for (size_t c = 0; c < t->ncols; c++) {
				if (c)
					fputs("  ", out);
				cell_text(&t->cells[r * t->ncols + c], &t->cols[c], buf,
					  sizeof(buf));
				utf8_fput_padded(out, buf,
						 c + 1 < t->ncols || t->cols[c].right ? w[c] : 0,
						 t->cols[c].right);
			}
			fputc('\n', out);
		}
		free(w);
	}
}
