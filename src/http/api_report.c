/* api_report.c — GET /api/v1/report.xlsx: the park's yearly report workbook as a
 * download. report/xlsx.c gathers and writes it; download.c sends it. */
#include "http/http.h"
#include "report/xlsx.h"
#include "util/str.h"

struct report_args {
	const struct report *rep;
};

static int write_report(const char *path, void *arg, struct gp_err *err)
{
	const struct report_args *a = arg;
	return report_write_xlsx(a->rep, path, err);
}

int api_report(struct http_req *r, struct http_resp *resp)
{
	const struct factor_lib *lib;
	enum account_method method;
	struct report rep;
	struct report_args a = {&rep};
	struct gp_err err;
	char name[96];
	int year = 0, rc;

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
	str_fmt(name, sizeof(name), "greenpark-report-%d-%s.xlsx", year,
		account_method_name(method));
	rc = resp_workbook(resp, name, write_report, &a);
	report_release(&rep);
	return rc;
}
