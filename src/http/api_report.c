/* api_report.c — GET /api/v1/report.xlsx: the park's yearly report workbook as a
 * download. report/xlsx.c gathers and writes it; libxlsxwriter writes only to a file,
 * so the workbook goes through a private temporary file that is read back and removed
 * before the answer is sent. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/http.h"
#include "report/xlsx.h"
#include "util/str.h"

#define REPORT_MAX_BYTES (64u << 20) /* a workbook past this is refused, not sent */

/* Reads the whole file open at fd into a new buffer (the caller frees *out). */
static int read_all(int fd, char **out, size_t *len, struct gp_err *err)
{
	struct stat sb;
	char *data;
	size_t got = 0;

	if (fstat(fd, &sb) != 0)
		return gp_err_set(err, GP_EIO, "cannot read the report: %s", strerror(errno));
	if (sb.st_size <= 0 || (unsigned long long)sb.st_size > REPORT_MAX_BYTES)
		return gp_err_set(err, GP_EIO, "report workbook of %lld bytes (at most %u)",
				  (long long)sb.st_size, REPORT_MAX_BYTES);
	data = xmalloc((size_t)sb.st_size);
	while (got < (size_t)sb.st_size) {
		ssize_t n = pread(fd, data + got, (size_t)sb.st_size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(data);
			return gp_err_set(err, GP_EIO, "cannot read the report: %s",
					  n < 0 ? strerror(errno) : "file shrank");
		}
		got += (size_t)n;
	}
	*out = data;
	*len = got;
	return GP_OK;
}

int api_report(struct http_req *r, struct http_resp *resp)
{
	const struct factor_lib *lib;
	enum account_method method;
	struct report rep;
	struct gp_err err;
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	char *data = NULL;
	size_t len = 0;
	int year = 0, fd, rc;

	if (!req_query(r, "year")) {
		/* no year asked for: the latest with data, as the other analysis endpoints */
		int years[64];
		size_t ny = 0;
		if (r->h->ops->activity_years(r->h->st, years, 64, &ny, &err) != GP_OK)
			return resp_from_err(resp, &err);
		year = ny ? years[ny - 1] : 2024;
	}
	if (!req_year(r, resp, &year) || !req_method(r, resp, &method))
		return 0;
	if (!(lib = req_factors(r, &err)))
		return resp_from_err(resp, &err);
	if (report_gather(r->h, lib, year, method, &rep, &err) != GP_OK)
		return resp_from_err(resp, &err);
	if (!str_fmt(path, sizeof(path), "%s/greenpark-report-XXXXXX",
		     tmp && *tmp ? tmp : "/tmp") ||
	    (fd = mkstemp(path)) < 0) {
		report_release(&rep);
		gp_err_set(&err, GP_EIO, "cannot create a temporary file for the report: %s",
			   strerror(errno));
		return resp_from_err(resp, &err);
	}
	/* libxlsxwriter replaces the file's contents by name; fd still reads them */
	rc = report_write_xlsx(&rep, path, &err);
	report_release(&rep);
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
		"attachment; filename=\"greenpark-report-%d-%s.xlsx\"", year,
		account_method_name(method));
	return 0;
}
