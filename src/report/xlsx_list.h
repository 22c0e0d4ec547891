/* xlsx_list.h — any list of the platform (projects, tickets, loans…) as a one-sheet
 * Excel workbook: a title line, a bold frozen header of "中文 English" titles, one row
 * per JSON object, numbers as numbers. The lists' own modules decide the columns; this
 * file only formats. Shared by the CLI's --xlsx options and the API's .xlsx routes. */
#ifndef GP_XLSX_LIST_H
#define GP_XLSX_LIST_H

#include <jansson.h>
#include <stddef.h>

#include "util/err.h"

#define XLSX_LIST_MAX_ROWS 1000000L /* a sheet holds at most 1,048,576 rows */

enum xlsx_col_kind {
	XCOL_TEXT,   /* a string (numbers and booleans are written as text) */
	XCOL_NUMBER, /* a number with two decimals and thousands separators */
	XCOL_INT,    /* an integer with thousands separators */
	XCOL_BOOL    /* true/false written 是/否 */
};

struct xlsx_col {
	const char *key;   /* the member of each row object */
	const char *title; /* "中文 English" */
	enum xlsx_col_kind kind;
};

/* Writes rows (borrowed: a JSON array of objects) to a new workbook at path with one
 * sheet named sheet (at most 31 characters, no []:*?/\) whose first line is title.
 * A member that is missing or null leaves its cell empty. Errors: GP_ETOOBIG past
 * XLSX_LIST_MAX_ROWS rows, GP_EIO when the file cannot be written. */
int xlsx_list_write(const char *path, const char *sheet, const char *title,
		    const struct xlsx_col *cols, size_t ncols, const json_t *rows,
		    struct gp_err *err);

#endif
