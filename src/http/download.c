/* download.c — workbooks as downloads. libxlsxwriter writes only to a named file, so
 * a workbook goes through a private temporary file (mkstemp under $TMPDIR) that is
 * read back and removed before the answer is sent. Used by the report and every
 * list's .xlsx route. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/http.h"
#include "report/xlsx.h"
#include "util/str.h"

#define WORKBOOK_MAX_BYTES (64u << 20) /* a workbook past this is refused, not sent */

/* Reads the whole file open at fd into a new buffer (the caller frees *out). */
static int read_all(int fd, char **out, size_t *len, struct gp_err *err)
{
	struct stat sb;
	char *data;
	size_t got = 0;

	if (fstat(fd, &sb) != 0)
		return gp_err_set(err, GP_EIO, "cannot read the workbook: %s", strerror(errno));
	if (sb.st_size <= 0 || (unsigned long long)sb.st_size > WORKBOOK_MAX_BYTES)
		return gp_err_set(err, GP_EIO, "workbook of %lld bytes (at most %u)",
				  (long long)sb.st_size, WORKBOOK_MAX_BYTES);
	data = xmalloc((size_t)sb.st_size);
	while (got < (size_t)sb.st_size) {
		ssize_t n = pread(fd, data + got, (size_t)sb.st_size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(data);
			return gp_err_set(err, GP_EIO, "cannot read the workbook: %s",
					  n < 0 ? strerror(errno) : "file shrank");
		}
		got += (size_t)n;
	}
	*out = data;
	*len = got;
	return GP_OK;
}

int resp_workbook(struct http_resp *resp, const char *filename,
		  int (*write)(const char *path, void *arg, struct gp_err *err), void *arg)
{
	const char *tmp = getenv("TMPDIR");
	struct gp_err err;
	char path[4096];
	char *data = NULL;
	size_t len = 0;
	int fd, rc;

	if (!str_fmt(path, sizeof(path), "%s/greenpark-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp") ||
	    (fd = mkstemp(path)) < 0) {
		gp_err_set(&err, GP_EIO, "cannot create a temporary file for the workbook: %s",
			   strerror(errno));
		return resp_from_err(resp, &err);
	}
	/* libxlsxwriter replaces the file's contents by name; fd still reads them */
	rc = write(path, arg, &err);
	if (rc == GP_OK)
		rc = read_all(fd, &data, &len, &err);
	close(fd);
	unlink(path);
	if (rc != GP_OK)
		return resp_from_err(resp, &err);
	resp->status = 200;
	resp->text = data;
	resp->text_len = len;
	resp->content_type = XLSX_CONTENT_TYPE;
	str_fmt(resp->content_disposition, sizeof(resp->content_disposition),
		"attachment; filename=\"%s\"", filename);
	return 0;
}

struct list_args {
	const char *sheet, *title;
	const struct xlsx_col *cols;
	size_t ncols;
	const json_t *rows;
};

static int write_list(const char *path, void *arg, struct gp_err *err)
{
	const struct list_args *a = arg;
	return xlsx_list_write(path, a->sheet, a->title, a->cols, a->ncols, a->rows, err);
}

int resp_xlsx_list(struct http_resp *resp, const char *filename, const char *sheet,
		   const char *title, const struct xlsx_col *cols, size_t ncols, json_t *rows)
{
	struct list_args a = {sheet, title, cols, ncols, rows};
	int rc = resp_workbook(resp, filename, write_list, &a);
	json_decref(rows);
	return rc;
}
