/* xlsx_list.c — a list as a one-sheet workbook (libxlsxwriter). Formats only: never
 * reads the store. Column widths follow the widest cell by display width (a CJK
 * character counts two), capped so a long description wraps instead of running on. */
#include "report/xlsx_list.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "util/str.h"
#include "util/utf8.h"

#define COL_MAX_WIDTH 60.0

int xlsx_list_write(const char *path, const char *sheet, const char *title,
		    const struct xlsx_col *cols, size_t ncols, const json_t *rows,
		    struct gp_err *err)
{
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *num, *integer, *bold;
	double *width;
	size_t i, c, nrows = json_array_size(rows);
	lxw_error werr;

	if ((long)nrows > XLSX_LIST_MAX_ROWS)
		return gp_err_set(err, GP_ETOOBIG, "%zu rows do not fit one sheet (at most %ld)",
				  nrows, XLSX_LIST_MAX_ROWS);
	if (!(wb = workbook_new(path)))
		return gp_err_set(err, GP_EIO, "cannot create the workbook %s", path);
	ws = workbook_add_worksheet(wb, sheet);
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xE2EFDA);
	format_set_text_wrap(head);
	format_set_border(head, LXW_BORDER_THIN);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_font_size(bold, 13);
	num = workbook_add_format(wb);
	format_set_num_format(num, "#,##0.00");
	integer = workbook_add_format(wb);
	format_set_num_format(integer, "#,##0");
	width = xcalloc(ncols ? ncols : 1, sizeof(*width));

	worksheet_write_string(ws, 0, 0, title, bold);
	for (c = 0; c < ncols; c++) {
		worksheet_write_string(ws, 1, (lxw_col_t)c, cols[c].title, head);
		width[c] = fmin(utf8_width(cols[c].title), 24);
	}
	for (i = 0; i < nrows; i++) {
		const json_t *row = json_array_get(rows, i);
		lxw_row_t r = (lxw_row_t)(i + 2);
		for (c = 0; c < ncols; c++) {
			const json_t *v = json_object_get(row, cols[c].key);
			char text[64];
			double w = 0;

			if (!v || json_is_null(v))
				continue;
			if (cols[c].kind == XCOL_BOOL) {
				const char *yn = json_is_true(v) ? "是" : "否";
				worksheet_write_string(ws, r, (lxw_col_t)c, yn, NULL);
				w = 2;
			} else if ((cols[c].kind == XCOL_NUMBER || cols[c].kind == XCOL_INT) &&
				   json_is_number(v)) {
				double x = json_number_value(v);
				worksheet_write_number(ws, r, (lxw_col_t)c, x,
						       cols[c].kind == XCOL_INT ? integer : num);
				w = str_fmt(text, sizeof(text), "%.2f", x)
					? (double)strlen(text) + 3
					: 12;
			} else if (json_is_string(v)) {
				worksheet_write_string(ws, r, (lxw_col_t)c, json_string_value(v),
						       NULL);
				w = utf8_width(json_string_value(v));
			} else if (json_is_number(v) || json_is_boolean(v)) {
				if (json_is_boolean(v))
					str_copy(text, sizeof(text), json_is_true(v) ? "是" : "否");
				else
					str_fmt(text, sizeof(text), "%.15g", json_number_value(v));
				worksheet_write_string(ws, r, (lxw_col_t)c, text, NULL);
				w = utf8_width(text);
			}
			if (w > width[c])
				width[c] = w;
		}
	}
	for (c = 0; c < ncols; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
				     fmax(6, fmin(width[c], COL_MAX_WIDTH)) + 2, NULL);
	worksheet_freeze_panes(ws, 2, 0);
	if (ncols)
		worksheet_autofilter(ws, 1, 0, (lxw_row_t)(nrows + 1), (lxw_col_t)(ncols - 1));
	free(width);
	if ((werr = workbook_close(wb)) != LXW_NO_ERROR)
		return gp_err_set(err, GP_EIO, "cannot write the workbook %s: %s", path,
				  lxw_strerror(werr));
	return GP_OK;
}
